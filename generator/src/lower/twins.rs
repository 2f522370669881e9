//! Twins: component schemas that are structurally identical (after following `$ref`s) are found by
//! partition refinement, so each group becomes one Rust type.
//!
//! Two schemas are twins when their JSON is equal once top-level annotations (title, description,
//! examples) are ignored and every `$ref` to a component schema is replaced by the class of its target.
//! Classes start from the shape without refs and are refined until stable.

use crate::normalize::is_annotation;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

const SCHEMA_PREFIX: &str = "#/components/schemas/";
/// Refinement rounds before giving up; each round tells apart schemas one more `$ref` away.
const MAX_ROUNDS: usize = 64;

/// For each component key, the key of its group's representative (the first in document order).
pub fn find_twins(schemas: &Map<String, Value>) -> BTreeMap<String, String> {
    let keys: Vec<&String> = schemas.keys().collect();
    let index_of: BTreeMap<&str, usize> = keys.iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
    let mut class: Vec<usize> = vec![0; keys.len()];
    let mut class_count = 1;
    let mut converged = false;
    for _ in 0..MAX_ROUNDS {
        let mut signatures: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
        let mut next = vec![0; keys.len()];
        for (i, key) in keys.iter().enumerate() {
            let mut signature = Vec::new();
            write_shape(&schemas[*key], true, &index_of, &class, &mut signature);
            let fresh = signatures.len();
            next[i] = *signatures.entry(signature).or_insert(fresh);
        }
        let count = signatures.len();
        class = next;
        if count == class_count {
            converged = true;
            break;
        }
        class_count = count;
    }
    if !converged {
        // The classes may still be coarser than the twin groups (a chain of more `$ref`s than rounds,
        // say), and merging schemas that differ would be wrong: claim no twins at all.
        return keys.iter().map(|key| ((*key).clone(), (*key).clone())).collect();
    }
    let mut first_of_class: BTreeMap<usize, &String> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        let representative = first_of_class.entry(class[i]).or_insert(key);
        out.insert((*key).clone(), (*representative).clone());
    }
    out
}

/// Writes a schema's shape as compact JSON: at the top level only the members that are not annotations
/// (`nullable` and `default` count), and each `$ref` to a component schema written as `"class:N"`, the
/// class of its target (`examples`, `default` and `enum` values are data and written as they are). It
/// reads the schema in place, so no round copies the document.
fn write_shape(value: &Value, top: bool, index_of: &BTreeMap<&str, usize>, class: &[usize], out: &mut Vec<u8>) {
    match value {
        Value::Object(object) => {
            out.push(b'{');
            let mut first = true;
            for (key, child) in object {
                if top && is_annotation(key) && key != "nullable" && key != "default" {
                    continue;
                }
                if !first {
                    out.push(b',');
                }
                first = false;
                write_json(key, out);
                out.push(b':');
                let ref_class = match child {
                    Value::String(target) if key == "$ref" => {
                        target.strip_prefix(SCHEMA_PREFIX).and_then(|k| index_of.get(k)).map(|&index| class[index])
                    }
                    _ => None,
                };
                if let Some(ref_class) = ref_class {
                    write_json(&format!("class:{ref_class}"), out);
                } else if key == "examples" || key == "default" || key == "enum" {
                    write_json(child, out);
                } else {
                    write_shape(child, false, index_of, class, out);
                }
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_shape(item, false, index_of, class, out);
            }
            out.push(b']');
        }
        leaf => write_json(leaf, out),
    }
}

/// A value as compact JSON, exactly as `Value::to_string` writes it.
fn write_json<T: serde::Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) {
    // Writing JSON into a `Vec` cannot fail.
    let _ = serde_json::to_writer(out, value);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn twins(schemas: Value) -> BTreeMap<String, String> {
        let map: Map<String, Value> = serde_json::from_value(schemas).unwrap();
        find_twins(&map)
    }

    #[test]
    fn identical_through_refs_are_twins() {
        let out = twins(json!({
            "A-In": {"type": "object", "properties": {"c": {"$ref": "#/components/schemas/C1"}}, "title": "A"},
            "A-Out": {"type": "object", "properties": {"c": {"$ref": "#/components/schemas/C2"}}, "title": "A"},
            "C1": {"type": "object", "properties": {"x": {"type": "string"}}},
            "C2": {"type": "object", "properties": {"x": {"type": "string"}}, "description": "other words"},
            "D": {"type": "object", "properties": {"x": {"type": "integer"}}}
        }));
        assert_eq!(out["A-Out"], "A-In");
        assert_eq!(out["C2"], "C1");
        assert_eq!(out["D"], "D");
    }

    #[test]
    fn long_ref_chains_are_not_merged() {
        let mut schemas = serde_json::Map::new();
        for i in 0..100 {
            schemas.insert(format!("A{i}"), json!({"$ref": format!("#/components/schemas/A{}", i + 1)}));
        }
        schemas.insert("A100".into(), json!({"type": "string"}));
        let out = twins(Value::Object(schemas));
        assert!(out.iter().all(|(key, representative)| key == representative));
    }

    #[test]
    fn different_refs_are_not_twins() {
        let out = twins(json!({
            "A": {"properties": {"c": {"$ref": "#/components/schemas/C"}}},
            "B": {"properties": {"c": {"$ref": "#/components/schemas/D"}}},
            "C": {"type": "string"},
            "D": {"type": "integer"}
        }));
        assert_eq!(out["B"], "B");
    }
}
