//! Twins: component schemas that are structurally identical (after following `$ref`s) are found by
//! partition refinement, so each group becomes one Rust type.
//!
//! Two schemas are twins when their JSON is equal once top-level annotations (title, description,
//! examples) are ignored and every `$ref` to a component schema is replaced by the class of its target.
//! Classes start from the shape without refs and are refined until stable.

use crate::normalize::is_annotation;
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::BTreeMap;

const SCHEMA_PREFIX: &str = "#/components/schemas/";
/// Refinement rounds before giving up; each round tells apart schemas one more `$ref` away.
const MAX_ROUNDS: usize = 64;

/// For each component key, the key of its group's representative (the first in document order).
pub fn find_twins(schemas: &IndexMap<String, Value>) -> BTreeMap<String, String> {
    let keys: Vec<&String> = schemas.keys().collect();
    let index_of: BTreeMap<&str, usize> = keys.iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
    let mut class: Vec<usize> = vec![0; keys.len()];
    let mut class_count = 1;
    let mut converged = false;
    for _ in 0..MAX_ROUNDS {
        let mut signatures: BTreeMap<String, usize> = BTreeMap::new();
        let mut next = vec![0; keys.len()];
        for (i, key) in keys.iter().enumerate() {
            let mut shape = schemas[*key].clone();
            if let Value::Object(object) = &mut shape {
                object.retain(|k, _| !is_annotation(k) || k == "nullable" || k == "default");
            }
            replace_refs(&mut shape, &index_of, &class);
            let signature = shape.to_string();
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

fn replace_refs(value: &mut Value, index_of: &BTreeMap<&str, usize>, class: &[usize]) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(target)) = object.get("$ref") {
                if let Some(key) = target.strip_prefix(SCHEMA_PREFIX) {
                    if let Some(&index) = index_of.get(key) {
                        object.insert("$ref".into(), Value::String(format!("class:{}", class[index])));
                    }
                }
            }
            for (key, child) in object.iter_mut() {
                if key != "examples" && key != "default" && key != "enum" {
                    replace_refs(child, index_of, class);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| replace_refs(item, index_of, class)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn twins(schemas: Value) -> BTreeMap<String, String> {
        let map: IndexMap<String, Value> = serde_json::from_value(schemas).unwrap();
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
