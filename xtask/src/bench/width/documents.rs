//! The synthetic documents: one wide struct, one enum of many values, or many operations.

use super::{Case, Family};
use serde_json::{Value, json};

/// A document with these paths and component schemas.
pub(super) fn document(paths: Value, schemas: Value) -> String {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "width", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas}
    })
    .to_string()
}

/// The kinds a wide struct's members cycle through: a schema and the Rust type a hand-written crate gives it.
pub(super) const MEMBER_KINDS: [(&str, &str); 7] = [
    (r#"{"type": "string", "maxLength": 64}"#, "String"),
    (r#"{"type": "integer", "format": "int64", "minimum": 0}"#, "i64"),
    (r#"{"type": "number"}"#, "f64"),
    (r#"{"type": "boolean"}"#, "bool"),
    (r#"{"type": "array", "items": {"type": "string"}}"#, "Vec<String>"),
    (r#"{"type": "string", "nullable": true}"#, "Option<String>"),
    (r#"{"type": "string", "format": "date-time"}"#, "chrono::DateTime<chrono::Utc>"),
];

/// Every third member is required.
pub(super) fn member_required(index: usize) -> bool {
    index % 3 == 0
}

/// The synthetic document of a case.
pub(super) fn synthetic_document(case: Case) -> String {
    match case.family {
        Family::Struct => {
            let properties: serde_json::Map<String, Value> = (0..case.size)
                .map(|i| {
                    let schema = serde_json::from_str(MEMBER_KINDS[i % MEMBER_KINDS.len()].0).unwrap_or(Value::Null);
                    (format!("member_{i}"), schema)
                })
                .collect();
            let required: Vec<String> =
                (0..case.size).filter(|i| member_required(*i)).map(|i| format!("member_{i}")).collect();
            document(json!({}), json!({"Wide": {"type": "object", "required": required, "properties": properties}}))
        }
        Family::Enum => {
            let values: Vec<String> = (0..case.size).map(|i| format!("value-{i}")).collect();
            document(json!({}), json!({"Many": {"type": "string", "enum": values}}))
        }
        Family::Operations => {
            let paths: serde_json::Map<String, Value> = (0..case.size)
                .map(|i| {
                    let operation = json!({
                        "operationId": format!("get_item_{i}"),
                        "parameters": [
                            {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                            {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}
                        ],
                        "responses": {"200": {"description": "ok", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Item"}
                        }}}}
                    });
                    (format!("/items{i}/{{id}}"), json!({"get": operation}))
                })
                .collect();
            let item = json!({"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"}, "name": {"type": "string"}
            }});
            document(Value::Object(paths), json!({"Item": item}))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_documents_are_what_they_say() {
        let wide: Value = serde_json::from_str(&synthetic_document(Case { family: Family::Struct, size: 10 })).unwrap();
        assert_eq!(wide["components"]["schemas"]["Wide"]["properties"].as_object().map(|p| p.len()), Some(10));
        assert_eq!(wide["components"]["schemas"]["Wide"]["required"].as_array().map(Vec::len), Some(4));
        let operations: Value =
            serde_json::from_str(&synthetic_document(Case { family: Family::Operations, size: 3 })).unwrap();
        assert_eq!(operations["paths"].as_object().map(|p| p.len()), Some(3));
    }
}
