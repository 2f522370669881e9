//! Twins: component schemas that are structurally identical (after following `$ref`s) are found by
//! partition refinement, so each group becomes one Rust type.
//!
//! Two schemas are twins when their JSON is equal once top-level annotations (title, description,
//! examples) are ignored and every `$ref` to a component schema is replaced by the class of its target.
//! Classes start from the shape without refs and are refined until stable. Each shape is written once, as a
//! template with a hole per `$ref`; a round of refinement reads only the classes the holes name.

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
    // Each schema's shape is written once; a round only reads the classes of the components its holes name.
    let mut template_ids: BTreeMap<Template, usize> = BTreeMap::new();
    let mut template_of = Vec::with_capacity(keys.len());
    let mut holes_of = Vec::with_capacity(keys.len());
    for key in &keys {
        let mut template = Template::default();
        let mut targets = Vec::new();
        write_shape(&schemas[*key], true, &index_of, &mut template, &mut targets);
        let fresh = template_ids.len();
        template_of.push(*template_ids.entry(template).or_insert(fresh));
        holes_of.push(targets);
    }
    let mut class: Vec<usize> = vec![0; keys.len()];
    let mut class_count = 1;
    let mut converged = false;
    for _ in 0..MAX_ROUNDS {
        let mut signatures: BTreeMap<(usize, Vec<usize>), usize> = BTreeMap::new();
        let mut next = vec![0; keys.len()];
        for i in 0..keys.len() {
            let signature = (template_of[i], holes_of[i].iter().map(|&target| class[target]).collect());
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

/// A schema's shape as compact JSON with a hole where each `$ref` to a component schema stands: two schemas
/// are twins when their templates are equal and the components their holes name are, in order, twins.
#[derive(Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Template {
    text: Vec<u8>,
    /// Where in `text` each hole is.
    holes: Vec<usize>,
}

/// Writes a schema's shape: at the top level only the members that are not annotations (`nullable` and
/// `default` count), and each `$ref` to a component schema as a hole whose target goes to `targets`
/// (`examples`, `default` and `enum` values are data and written as they are). It reads the schema in
/// place, so nothing copies the document.
fn write_shape(
    value: &Value,
    top: bool,
    index_of: &BTreeMap<&str, usize>,
    template: &mut Template,
    targets: &mut Vec<usize>,
) {
    match value {
        Value::Object(object) => {
            template.text.push(b'{');
            let mut first = true;
            for (key, child) in object {
                if top && is_annotation(key) && key != "nullable" && key != "default" {
                    continue;
                }
                if !first {
                    template.text.push(b',');
                }
                first = false;
                write_json(key, &mut template.text);
                template.text.push(b':');
                let target = match child {
                    Value::String(target) if key == "$ref" => {
                        target.strip_prefix(SCHEMA_PREFIX).and_then(|k| index_of.get(k)).copied()
                    }
                    _ => None,
                };
                if let Some(target) = target {
                    template.holes.push(template.text.len());
                    targets.push(target);
                } else if key == "examples" || key == "default" || key == "enum" {
                    write_json(child, &mut template.text);
                } else {
                    write_shape(child, false, index_of, template, targets);
                }
            }
            template.text.push(b'}');
        }
        Value::Array(items) => {
            template.text.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    template.text.push(b',');
                }
                write_shape(item, false, index_of, template, targets);
            }
            template.text.push(b']');
        }
        leaf => write_json(leaf, &mut template.text),
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
