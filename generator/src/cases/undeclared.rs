//! Undeclared members: the members of an example that its schema lets through without declaring them
//! (`additionalProperties` absent), which the generated structs do not keep. The example tests expect them
//! to be missing from the encoding, and only them.
//!
//! The same walk finds shapeless union values: an object an `anyOf`/`oneOf` without a discriminator accepts
//! only because its branches declare none of its members. No branch is the right one, so the generated union
//! keeps it as raw JSON (its catch-all variant), which strict decoding reports.

use crate::examples::accepts;
use crate::pointer;
use serde_json::{Map, Value};

/// Nesting (schemas and values together) past which the search stops.
const MAX_DEPTH: usize = 64;

/// What the walk found in one example.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Findings {
    /// JSON pointers (relative to the example) of the members no schema declares, in document order.
    pub undeclared: Vec<String>,
    /// Paths, spelt as the runtime's `Validator` spells them (`a.b[0]`), of shapeless union values.
    pub shapeless: Vec<String>,
}

/// The JSON pointers (relative to the example) of the members no schema declares, in document order.
#[cfg(test)]
pub fn undeclared_members(document: &Value, schema: &Value, example: &Value) -> Vec<String> {
    findings(document, schema, example).undeclared
}

/// The undeclared members and shapeless union values of an example.
pub fn findings(document: &Value, schema: &Value, example: &Value) -> Findings {
    let mut found = Findings::default();
    search(document, &[schema], example, &Place::default(), 0, &mut found);
    found
}

/// Where the walk is: as a JSON pointer and as a validator path.
#[derive(Debug, Default)]
struct Place {
    pointer: String,
    path: String,
}

impl Place {
    fn member(&self, name: &str) -> Place {
        let path = if self.path.is_empty() { name.to_owned() } else { format!("{}.{name}", self.path) };
        Place { pointer: pointer::push(&self.pointer, name), path }
    }

    fn item(&self, index: usize) -> Place {
        Place { pointer: format!("{}/{index}", self.pointer), path: format!("{}[{index}]", self.path) }
    }
}

/// Walks `value` against every schema in `schemas` at once (the parts of an `allOf`, the branches that accept it).
fn search<'d>(
    document: &'d Value,
    schemas: &[&'d Value],
    value: &Value,
    at: &Place,
    depth: usize,
    found: &mut Findings,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let mut parts = Vec::new();
    let mut shapeless = false;
    for schema in schemas {
        shapeless |= gather(document, schema, value, depth, &mut parts);
    }
    if shapeless {
        found.shapeless.push(at.path.clone());
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
                let member_at = at.member(name);
                let declared: Vec<&Value> = parts
                    .iter()
                    .filter_map(|part| part.get("properties").and_then(|p| p.get(name)))
                    .chain(parts.iter().filter_map(|part| part.get("additionalProperties").filter(|a| a.is_object())))
                    .collect();
                if declared.is_empty() {
                    if !open {
                        found.undeclared.push(member_at.pointer);
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
                search(document, &item_schemas, item, &at.item(index), depth + 1, found);
            }
        }
        _ => {}
    }
}

/// The object schemas that apply to `value`: `schema` behind its `$ref`s, its `allOf` parts, and the `anyOf`
/// or `oneOf` branches that accept the value. Returns whether a union without a discriminator accepted the
/// value only shapelessly (an object none of whose members the accepting branches declare).
fn gather<'d>(
    document: &'d Value,
    schema: &'d Value,
    value: &Value,
    depth: usize,
    parts: &mut Vec<&'d Map<String, Value>>,
) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let Some(object) = pointer::follow_refs(document, schema).and_then(Value::as_object) else { return false };
    let composed = ["allOf", "anyOf", "oneOf"].iter().any(|key| object.contains_key(*key));
    if object.contains_key("properties") || object.contains_key("additionalProperties") || !composed {
        parts.push(object);
    }
    let mut shapeless = false;
    if let Some(Value::Array(all)) = object.get("allOf") {
        for part in all {
            shapeless |= gather(document, part, value, depth + 1, parts);
        }
    }
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(branches)) = object.get(key) else { continue };
        let mut branch_parts = Vec::new();
        for branch in branches {
            if accepts(document, branch, value) == Some(true) {
                shapeless |= gather(document, branch, value, depth + 1, &mut branch_parts);
            }
        }
        shapeless |= !object.contains_key("discriminator") && matches_shapelessly(&branch_parts, value);
        parts.extend(branch_parts);
    }
    shapeless
}

/// Whether accepting union branches (their object parts) declare none of an object value's members, and none
/// of them is an open map that would hold it.
fn matches_shapelessly(branch_parts: &[&Map<String, Value>], value: &Value) -> bool {
    let Value::Object(members) = value else { return false };
    if members.is_empty() || branch_parts.is_empty() {
        return false;
    }
    branch_parts.iter().all(|part| {
        let declared = part.get("properties").and_then(Value::as_object);
        let open_map = matches!(part.get("additionalProperties"), Some(Value::Object(_)))
            || part.contains_key("patternProperties");
        declared.is_some_and(|declared| !members.keys().any(|name| declared.contains_key(name))) && !open_map
    })
}

#[cfg(test)]
mod tests {
    use super::{findings, undeclared_members};
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

    #[test]
    fn a_value_that_no_branch_declares_is_shapeless() {
        let document = json!({"components": {"schemas": {
            "Params": {"anyOf": [
                {"type": ["object"], "properties": {"chunk_size": {"type": ["integer"]}}},
                {"type": ["object"], "properties": {"model_name": {"type": ["string"]}}},
                {"type": ["null"]}
            ]},
            "Holder": {"type": ["object"], "properties": {"params": {"$ref": "#/components/schemas/Params"}, "list": {"type": ["array"], "items": {"$ref": "#/components/schemas/Params"}}}}
        }}});
        let schema = json!({"$ref": "#/components/schemas/Holder"});
        let found =
            findings(&document, &schema, &json!({"params": {"model": "m"}, "list": [{"chunk_size": 1}, {"other": 2}]}));
        assert_eq!(found.shapeless, ["params", "list[1]"]);
        let declared = findings(&document, &schema, &json!({"params": {"chunk_size": 5, "model": "m"}}));
        assert!(declared.shapeless.is_empty());
    }
}
