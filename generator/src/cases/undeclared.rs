//! Undeclared members: the members of an example that its schema lets through without declaring them
//! (`additionalProperties` absent), which the generated structs do not keep. The example tests expect them
//! to be missing from the encoding, and only them.

use crate::examples::accepts;
use crate::pointer;
use serde_json::{Map, Value};

/// Nesting (schemas and values together) past which the search stops.
const MAX_DEPTH: usize = 64;

/// `$ref` hops followed in a row.
const MAX_REF_HOPS: usize = 32;

/// The JSON pointers (relative to the example) of the members no schema declares, in document order.
pub fn undeclared_members(document: &Value, schema: &Value, example: &Value) -> Vec<String> {
    let mut found = Vec::new();
    search(document, &[schema], example, "", 0, &mut found);
    found
}

/// Walks `value` against every schema in `schemas` at once (the parts of an `allOf`, the branches that accept it).
fn search<'d>(
    document: &'d Value,
    schemas: &[&'d Value],
    value: &Value,
    at: &str,
    depth: usize,
    found: &mut Vec<String>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let mut parts = Vec::new();
    for schema in schemas {
        gather(document, schema, value, depth, &mut parts);
    }
    match value {
        Value::Object(members) => {
            // An open map (or an untyped part) keeps every member: nothing below it is dropped by a struct.
            let open = parts.is_empty()
                || parts.iter().any(|part| {
                    matches!(part.get("additionalProperties"), Some(Value::Object(_) | Value::Bool(true)))
                        || part.contains_key("patternProperties")
                        || !(part.contains_key("properties") || part.contains_key("required"))
                });
            for (name, member) in members {
                let member_at = pointer::push(at, name);
                let declared: Vec<&Value> = parts
                    .iter()
                    .filter_map(|part| part.get("properties").and_then(|p| p.get(name)))
                    .chain(parts.iter().filter_map(|part| part.get("additionalProperties").filter(|a| a.is_object())))
                    .collect();
                if declared.is_empty() {
                    if !open {
                        found.push(member_at);
                    }
                } else {
                    search(document, &declared, member, &member_at, depth + 1, found);
                }
            }
        }
        Value::Array(items) => {
            let item_schemas: Vec<&Value> = parts.iter().filter_map(|part| part.get("items")).collect();
            if item_schemas.is_empty() {
                return;
            }
            for (index, item) in items.iter().enumerate() {
                search(document, &item_schemas, item, &format!("{at}/{index}"), depth + 1, found);
            }
        }
        _ => {}
    }
}

/// The object schemas that apply to `value`: `schema` behind its `$ref`s, its `allOf` parts, and the `anyOf`
/// or `oneOf` branches that accept the value.
fn gather<'d>(
    document: &'d Value,
    schema: &'d Value,
    value: &Value,
    depth: usize,
    parts: &mut Vec<&'d Map<String, Value>>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let mut current = schema;
    for _ in 0..MAX_REF_HOPS {
        match current.get("$ref").and_then(Value::as_str).and_then(|r| pointer::resolve(document, r)) {
            Some(target) => current = target,
            None => break,
        }
    }
    let Some(object) = current.as_object() else { return };
    let composed = ["allOf", "anyOf", "oneOf"].iter().any(|key| object.contains_key(*key));
    if object.contains_key("properties") || object.contains_key("additionalProperties") || !composed {
        parts.push(object);
    }
    if let Some(Value::Array(all)) = object.get("allOf") {
        for part in all {
            gather(document, part, value, depth + 1, parts);
        }
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(branches)) = object.get(key) {
            for branch in branches {
                if accepts(document, branch, value) == Some(true) {
                    gather(document, branch, value, depth + 1, parts);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::undeclared_members;
    use serde_json::{Value, json};

    fn document() -> Value {
        json!({"components": {"schemas": {
            "Pet": {"type": ["object"], "properties": {"name": {"type": ["string"]}, "tags": {"type": ["array"], "items": {"$ref": "#/components/schemas/Tag"}}}},
            "Tag": {"type": ["object"], "properties": {"label": {"type": ["string"]}}},
            "Open": {"type": ["object"], "properties": {"a": {"type": ["string"]}}, "additionalProperties": true},
            "Dog": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"properties": {"bark": {"type": ["boolean"]}}}]},
            "Either": {"oneOf": [
                {"type": ["object"], "properties": {"x": {"type": ["integer"]}}, "required": ["x"]},
                {"type": ["object"], "properties": {"y": {"type": ["string"]}}, "required": ["y"]}
            ]}
        }}})
    }

    fn undeclared(schema: &str, example: Value) -> Vec<String> {
        let document = document();
        let schema = json!({ "$ref": format!("#/components/schemas/{schema}") });
        undeclared_members(&document, &schema, &example)
    }

    #[test]
    fn members_no_schema_declares_are_found_at_any_depth() {
        let example = json!({"name": "rex", "owner": "ann", "tags": [{"label": "a"}, {"label": "b", "colour": "red"}]});
        assert_eq!(undeclared("Pet", example), ["/owner", "/tags/1/colour"]);
    }

    #[test]
    fn every_all_of_part_declares_members() {
        assert_eq!(undeclared("Dog", json!({"name": "rex", "bark": true, "wag": 1})), ["/wag"]);
    }

    #[test]
    fn an_open_object_keeps_every_member() {
        assert!(undeclared("Open", json!({"a": "x", "b": 1})).is_empty());
    }

    #[test]
    fn only_branches_that_accept_the_value_declare_members() {
        assert_eq!(undeclared("Either", json!({"x": 1, "y": 2})), ["/y"]);
        assert!(undeclared("Either", json!({"y": "s"})).is_empty());
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(undeclared("Tag", json!({"label": "a", "a/b~c": 1})), ["/a~1b~0c"]);
    }
}
