//! The tags a `discriminator` gives the branches of a union: the `mapping` entries that name a branch, else the
//! values the branch's own schema lists for the property, else the name of the schema its `$ref` ends with.
//!
//! The schema name is what OpenAPI calls the implicit mapping, but a branch whose property lists other values
//! (`type: {enum: [active]}` in a schema named `ActiveStatus`, as OpenAI's and many Stainless-made documents
//! write it) could never hold its own name there: the values it lists are the only tags it can be sent with.
//! A value that two branches without a mapping both list (OpenAI's three `type: message` items, told apart by
//! their `role`) tells neither apart: then the property is no tag at all, and the union is read by shape.

use crate::pointer;
use serde_json::{Map, Value};

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// How deep `allOf` parts and `$ref`s are followed to find what a branch lists for the property.
const MAX_DEPTH: usize = 16;

/// The tags of each branch (`$ref` targets, in order), or `None` when a branch is not a `$ref`, the
/// discriminator names no property, or two branches list a value in common.
pub fn branch_tags(root: &Value, discriminator: &Map<String, Value>, branches: &[Value]) -> Option<Vec<Vec<String>>> {
    let property = discriminator.get("propertyName")?.as_str()?;
    let mapping = discriminator.get("mapping").and_then(Value::as_object);
    let targets: Vec<&str> = branches.iter().map(|b| b.get("$ref").and_then(Value::as_str)).collect::<Option<_>>()?;
    let mapped: Vec<Vec<String>> = targets.iter().map(|target| mapped_tags(mapping, target)).collect();
    let listed: Vec<Vec<String>> = targets
        .iter()
        .zip(&mapped)
        .map(|(target, mapped)| {
            if !mapped.is_empty() {
                return Vec::new();
            }
            let mut values = Vec::new();
            if let Some(schema) = pointer::resolve(root, target) {
                listed_values(root, schema, property, 0, &mut values);
            }
            values
        })
        .collect();
    // A branch listed twice (the same `$ref`) does not share its values with itself.
    let shared = targets.iter().zip(&listed).enumerate().any(|(index, (target, values))| {
        targets
            .iter()
            .zip(&listed)
            .skip(index + 1)
            .any(|(other, others)| other != target && values.iter().any(|value| others.contains(value)))
    });
    if shared {
        return None;
    }
    Some(
        targets
            .iter()
            .zip(mapped)
            .zip(listed)
            .map(|((target, mapped), listed)| {
                if !mapped.is_empty() {
                    mapped
                } else if listed.is_empty() {
                    vec![pointer::unescape(pointer::last_token(target))]
                } else {
                    listed
                }
            })
            .collect(),
    )
}

/// The `mapping` keys whose value names `target`.
fn mapped_tags(mapping: Option<&Map<String, Value>>, target: &str) -> Vec<String> {
    let Some(mapping) = mapping else { return Vec::new() };
    mapping
        .iter()
        .filter(|(_, value)| {
            value.as_str().is_some_and(|value| {
                // A mapping value is a reference or, without `#`, the name of a component schema.
                let key = value.strip_prefix(SCHEMA_PREFIX).or_else(|| (!value.starts_with('#')).then_some(value));
                value == target || key.is_some_and(|key| target.ends_with(&format!("/{key}")))
            })
        })
        .map(|(key, _)| key.clone())
        .collect()
}

/// Adds the string values `schema` (through `$ref`s and `allOf` parts) lists for `property` (its `enum`, which
/// is also where normalization puts `const`).
fn listed_values(root: &Value, schema: &Value, property: &str, depth: usize, values: &mut Vec<String>) {
    if depth > MAX_DEPTH {
        return;
    }
    let Some(schema) = pointer::follow_refs(root, schema) else { return };
    if let Some(member) = schema.get("properties").and_then(|p| p.get(property)) {
        let listed = pointer::follow_refs(root, member).and_then(|m| m.get("enum")).and_then(Value::as_array);
        for value in listed.into_iter().flatten().filter_map(Value::as_str) {
            if !values.iter().any(|v| v == value) {
                values.push(value.to_owned());
            }
        }
    }
    if let Some(Value::Array(parts)) = schema.get("allOf") {
        for part in parts {
            listed_values(root, part, property, depth + 1, values);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tags(document: &Value, union: &str) -> Vec<Vec<String>> {
        let union = &document["components"]["schemas"][union];
        let branches = union["oneOf"].as_array().unwrap();
        branch_tags(document, union["discriminator"].as_object().unwrap(), branches).unwrap()
    }

    #[test]
    fn a_branch_listing_its_value_is_tagged_by_it_not_by_its_name() {
        let document = json!({"components": {"schemas": {
            "Status": {"oneOf": [{"$ref": "#/components/schemas/Active"}, {"$ref": "#/components/schemas/Locked"}],
                       "discriminator": {"propertyName": "type"}},
            "Active": {"type": "object", "properties": {"type": {"enum": ["active"]}}},
            "Locked": {"allOf": [{"$ref": "#/components/schemas/Base"},
                                 {"properties": {"type": {"$ref": "#/components/schemas/LockedType"}}}]},
            "LockedType": {"type": "string", "enum": ["locked", "frozen"]},
            "Base": {"type": "object", "properties": {"id": {"type": "string"}}}
        }}});
        assert_eq!(
            tags(&document, "Status"),
            vec![vec!["active".to_owned()], vec!["locked".to_owned(), "frozen".to_owned()]]
        );
    }

    #[test]
    fn mapping_wins_and_a_branch_listing_nothing_is_tagged_by_its_name() {
        let document = json!({"components": {"schemas": {
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Bird"},
                              {"$ref": "#/components/schemas/Cat"}],
                    "discriminator": {"propertyName": "kind", "mapping": {"feline": "Cat"}}},
            "Cat": {"properties": {"kind": {"enum": ["cat"]}}},
            "Bird": {"properties": {"kind": {"type": "string"}}}
        }}});
        let expected: Vec<Vec<String>> = [["feline"], ["Bird"], ["feline"]]
            .iter()
            .map(|tags| tags.iter().map(|t| (*t).to_owned()).collect())
            .collect();
        assert_eq!(tags(&document, "Pet"), expected);
    }

    #[test]
    fn a_value_two_branches_list_is_no_tag() {
        let document = json!({"components": {"schemas": {
            "Item": {"oneOf": [{"$ref": "#/components/schemas/User"}, {"$ref": "#/components/schemas/System"}],
                     "discriminator": {"propertyName": "type"}},
            "User": {"properties": {"type": {"enum": ["message"]}, "role": {"enum": ["user"]}}},
            "System": {"properties": {"type": {"enum": ["message"]}, "role": {"enum": ["system"]}}}
        }}});
        let union = &document["components"]["schemas"]["Item"];
        let branches = union["oneOf"].as_array().unwrap();
        assert_eq!(branch_tags(&document, union["discriminator"].as_object().unwrap(), branches), None);
    }
}
