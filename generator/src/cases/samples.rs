//! Union samples: a made-up instance of a union branch's schema (every declared member, the smallest values
//! the constraints allow), for the example tests to check that it decodes into that branch's variant.
//!
//! A sample is only offered when the branch's schema accepts it (the caller checks), so a schema this module
//! cannot satisfy (a `pattern`, a `multipleOf` it does not meet, `not`) gives no sample rather than a wrong one.

use crate::pointer;
use serde_json::{Map, Number, Value, json};

/// Schema nesting past which optional members are left out and required ones give up.
const MAX_DEPTH: usize = 8;

/// A made-up instance of `schema` (inside `document`), or `None` when this module cannot make one.
pub fn sample(document: &Value, schema: &Value) -> Option<Value> {
    instance(document, schema, 0)
}

fn instance(document: &Value, schema: &Value, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH * 2 {
        return None;
    }
    let object = pointer::follow_refs(document, schema)?.as_object()?;
    if let Some(value) = object.get("const") {
        return Some(value.clone());
    }
    if let Some(Value::Array(values)) = object.get("enum") {
        return values.iter().find(|v| !v.is_null()).or(values.first()).cloned();
    }
    if let Some(Value::Array(parts)) = object.get("allOf") {
        return all_of(document, object, parts, depth);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(branches)) = object.get(key) {
            return branches.iter().find_map(|branch| instance(document, branch, depth + 1));
        }
    }
    let types: Vec<&str> = match object.get("type") {
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(name)) => vec![name.as_str()],
        _ if object.contains_key("properties") => vec!["object"],
        _ => return None,
    };
    let kind = types.iter().find(|t| **t != "null").or(types.first())?;
    match *kind {
        "object" => object_instance(document, object, depth),
        "array" => {
            let items = object.get("items")?;
            let count = object.get("minItems").and_then(Value::as_u64).unwrap_or(1).clamp(1, 3);
            let item = instance(document, items, depth + 1)?;
            Some(Value::Array(vec![item; count as usize]))
        }
        "string" => string_instance(object),
        "integer" => number_instance(object, true),
        "number" => number_instance(object, false),
        "boolean" => Some(Value::Bool(true)),
        "null" => Some(Value::Null),
        _ => None,
    }
}

/// The parts' instances merged (objects), or the first part's (anything else).
fn all_of(document: &Value, object: &Map<String, Value>, parts: &[Value], depth: usize) -> Option<Value> {
    let mut merged = Map::new();
    if object.contains_key("properties") {
        let mut own = object.clone();
        own.remove("allOf");
        if let Value::Object(members) = object_instance(document, &own, depth)? {
            merged.extend(members);
        }
    }
    for part in parts {
        match instance(document, part, depth + 1)? {
            Value::Object(members) => merged.extend(members),
            other if parts.len() == 1 && merged.is_empty() => return Some(other),
            _ => return None,
        }
    }
    Some(Value::Object(merged))
}

fn object_instance(document: &Value, object: &Map<String, Value>, depth: usize) -> Option<Value> {
    let required: Vec<&str> = match object.get("required") {
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut members = Map::new();
    if let Some(Value::Object(properties)) = object.get("properties") {
        for (name, schema) in properties {
            let is_required = required.contains(&name.as_str());
            if !is_required && depth >= MAX_DEPTH {
                continue;
            }
            match instance(document, schema, depth + 1) {
                Some(value) => {
                    members.insert(name.clone(), value);
                }
                None if is_required => return None,
                None => {}
            }
        }
    }
    if required.iter().any(|name| !members.contains_key(*name)) {
        return None;
    }
    Some(Value::Object(members))
}

fn string_instance(object: &Map<String, Value>) -> Option<Value> {
    if object.contains_key("pattern") {
        return None;
    }
    let text = match object.get("format").and_then(Value::as_str) {
        Some("date-time") => "2024-01-02T03:04:05Z".to_owned(),
        Some("date") => "2024-01-02".to_owned(),
        Some("uuid") => "123e4567-e89b-12d3-a456-426614174000".to_owned(),
        Some("email") => "someone@example.com".to_owned(),
        Some("uri" | "url") => "https://example.com/".to_owned(),
        _ => {
            let min = object.get("minLength").and_then(Value::as_u64).unwrap_or(1);
            let max = object.get("maxLength").and_then(Value::as_u64).unwrap_or(u64::MAX);
            let length = min.max(1).min(max).min(64);
            "a".repeat(length as usize)
        }
    };
    Some(Value::String(text))
}

fn number_instance(object: &Map<String, Value>, integer: bool) -> Option<Value> {
    let bound = |key: &str| object.get(key).and_then(Value::as_f64);
    // One and a half keeps an unconstrained number apart from an integer branch.
    let mut value = match (bound("minimum"), bound("exclusiveMinimum")) {
        (Some(min), _) => min,
        (None, Some(min)) => min + 1.0,
        (None, None) if integer => 1.0,
        (None, None) => 1.5,
    };
    if let Some(max) = bound("maximum").or(bound("exclusiveMaximum").map(|m| m - 1.0)) {
        value = value.min(max);
    }
    if integer {
        value = value.ceil();
        if value.abs() < 9.0e15 {
            return Some(json!(value as i64));
        }
        return None;
    }
    Number::from_f64(value).map(Value::Number)
}
