//! The example checker's tests: documents in, the warnings they give.

use super::*;
use serde_json::json;

/// Normalizes a document and returns the pointer and message of every `invalid-example` warning.
fn reported(mut document: Value) -> Vec<(String, String)> {
    let mut diagnostics = Diagnostics::new("spec");
    crate::normalize::normalize(&mut document, &mut diagnostics).expect("test documents normalize");
    let mut diagnostics = Diagnostics::new("spec");
    check_examples(&document, &mut diagnostics);
    diagnostics
        .into_warnings()
        .into_iter()
        .filter(|w| w.kind == WarningKind::InvalidExample)
        .map(|w| match w.location {
            crate::Location::Pointer { pointer, .. } => (pointer, w.message),
            other => (other.to_string(), w.message),
        })
        .collect()
}

/// Checks one schema with its examples: `expect` lists, per example, the reasons or an empty string when valid.
#[track_caller]
fn check(schema: Value, examples: Vec<Value>, expect: &[&str]) {
    let mut schema = schema;
    schema["examples"] = Value::Array(examples);
    let document = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "components": {"schemas": {"S": schema}}});
    let warnings = reported(document);
    let mut actual = Vec::new();
    for index in 0..expect.len() {
        let at = format!("#/components/schemas/S/examples/{index}");
        let message = warnings.iter().find(|(p, _)| *p == at).map(|(_, m)| m.as_str()).unwrap_or("");
        actual.push(message.strip_prefix("example does not match its schema: ").unwrap_or(message).to_owned());
    }
    assert_eq!(actual, expect, "all warnings: {warnings:#?}");
}

#[test]
fn seed_spec_reports_exactly_the_broken_webhook_examples() {
    let text = include_str!("../../../specs/mixpeek.yaml");
    let document = crate::parse::parse_document("mixpeek.yaml", text).expect("seed spec parses");
    let warnings = reported(document);
    let pointers: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/components/schemas/Webhook-Input/examples/0",
            "#/components/schemas/Webhook-Input/examples/1",
            "#/components/schemas/Webhook-Input/examples/2",
            "#/components/schemas/Webhook-Output/examples/0",
            "#/components/schemas/Webhook-Output/examples/1",
            "#/components/schemas/Webhook-Output/examples/2",
            "#/components/schemas/WebhookChannel-Input/examples/0",
            "#/components/schemas/WebhookChannel-Input/examples/1",
            "#/components/schemas/WebhookChannel-Output/examples/0",
            "#/components/schemas/WebhookChannel-Output/examples/1",
        ],
        "{warnings:#?}"
    );
    let (_, first) = &warnings[0];
    assert_eq!(
        first,
        "example does not match its schema: /channels/0/configs: matches none of the anyOf branches; \
         /webhook_id: \"wh_abc123def4\" does not match pattern \"^wh_[a-fA-F0-9]{16}$\""
    );
    let (_, third) = &warnings[2];
    assert_eq!(
        third,
        "example does not match its schema: /webhook_id: \"wh_int123ext4\" does not match pattern \
         \"^wh_[a-fA-F0-9]{16}$\""
    );
}

#[test]
fn type_and_nullable() {
    check(
        json!({"type": "string"}),
        vec![json!("a"), json!(1), json!(null)],
        &["", "(root): 1 is not of type string", "(root): null is not of type string"],
    );
    check(
        json!({"type": ["integer", "null"]}),
        vec![json!(1.0), json!(null), json!(1.5), json!(true)],
        &["", "", "(root): 1.5 is not of type integer", "(root): true is not of type integer"],
    );
    check(
        json!({"type": "number"}),
        vec![json!(2), json!(2.5), json!("2")],
        &["", "", "(root): \"2\" is not of type number"],
    );
    check(json!({"type": "object"}), vec![json!({}), json!([])], &["", "(root): an array is not of type object"]);
}

#[test]
fn enum_and_const() {
    check(
        json!({"enum": ["a", 1]}),
        vec![json!("a"), json!(1.0), json!("b")],
        &["", "", "(root): \"b\" is not one of \"a\", 1"],
    );
    check(
        json!({"const": {"k": [1]}}),
        vec![json!({"k": [1]}), json!({"k": [2]})],
        &["", "(root): an object is not one of an object"],
    );
    check(json!({"type": "string", "enum": ["a", null]}), vec![json!(null), json!("a")], &["", ""]);
}

#[test]
fn object_keywords() {
    let schema = json!({
        "type": "object",
        "properties": {"id": {"type": "string", "readOnly": true}, "n": {"type": "integer"}},
        "required": ["id", "n"],
        "additionalProperties": false,
        "patternProperties": {"^x-": {"type": "string"}},
        "minProperties": 1,
        "maxProperties": 3
    });
    check(
        schema,
        vec![
            json!({"n": 1, "x-a": "s"}),
            json!({"n": "1", "x-a": 2, "other": 1}),
            json!({}),
            json!({
                "id": "a", "n": 1, "x-a": "b", "x-b": "c"
            }),
        ],
        &[
            "",
            "/n: \"1\" is not of type integer; /x-a: 2 is not of type string; (root): unexpected property \"other\"",
            "(root): has 0 properties, fewer than the minimum 1; (root): missing required property \"n\"",
            "(root): has 4 properties, more than the maximum 3",
        ],
    );
    check(
        json!({"additionalProperties": {"type": "boolean"}}),
        vec![json!({"a": true}), json!({"a": 1})],
        &["", "/a: 1 is not of type boolean"],
    );
    check(
        json!({"propertyNames": {"pattern": "^[a-z]+$"}}),
        vec![json!({"ab": 1}), json!({"A": 1})],
        &["", "(root): property name \"A\" is not allowed by `propertyNames`"],
    );
}

#[test]
fn array_keywords() {
    let schema =
        json!({"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 3, "uniqueItems": true});
    check(
        schema,
        vec![json!([1, 2]), json!([]), json!([1, 2, 3, 4]), json!([1, "a", 1.0])],
        &[
            "",
            "(root): has 0 items, fewer than the minimum 1",
            "(root): has 4 items, more than the maximum 3",
            "(root): items 0 and 2 are equal but the items must be unique; /1: \"a\" is not of type integer",
        ],
    );
    let tuple = json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false});
    check(
        tuple,
        vec![json!(["a", 1]), json!([1, 1]), json!(["a", 1, 2])],
        &["", "/0: 1 is not of type string", "/2: no value is allowed here"],
    );
    check(
        json!({"contains": {"type": "string"}}),
        vec![json!([1, "a"]), json!([1])],
        &["", "(root): no item matches the `contains` schema"],
    );
}

#[test]
fn three_zero_tuple_items_become_prefix_items() {
    let document = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "components": {"schemas": {
        "T": {"type": "array", "items": [{"type": "string"}], "example": [1]}
    }}});
    let warnings = reported(document);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].1.ends_with("/0: 1 is not of type string"), "{warnings:#?}");
}

#[test]
fn string_keywords() {
    check(
        json!({"type": "string", "minLength": 2, "maxLength": 3}),
        vec![json!("éé"), json!("é"), json!("abcd")],
        &["", "(root): \"é\" is shorter than 2 characters", "(root): \"abcd\" is longer than 3 characters"],
    );
    check(
        json!({"pattern": "[0-9]{2}"}),
        vec![json!("a12b"), json!("a1b")],
        &["", "(root): \"a1b\" does not match pattern \"[0-9]{2}\""],
    );
    check(json!({"pattern": "(?<=a)b"}), vec![json!("zzz")], &[""]);
    check(json!({"pattern": "^a$"}), vec![json!(5)], &[""]);
}

#[test]
fn formats() {
    let schema = json!({"type": "string", "format": "date-time"});
    check(
        schema,
        vec![
            json!("2025-01-01T00:00:00Z"),
            json!("2024-02-29t23:59:60.123+05:30"),
            json!("2025-01-01T00:00:00"),
            json!("2023-02-29T00:00:00Z"),
            json!("2025-01-01T24:00:00Z"),
        ],
        &[
            "",
            "",
            "(root): \"2025-01-01T00:00:00\" is not a valid RFC 3339 date-time",
            "(root): \"2023-02-29T00:00:00Z\" is not a valid RFC 3339 date-time",
            "(root): \"2025-01-01T24:00:00Z\" is not a valid RFC 3339 date-time",
        ],
    );
    check(
        json!({"format": "date"}),
        vec![json!("2025-12-31"), json!("2025-13-01"), json!("2025-1-01")],
        &[
            "",
            "(root): \"2025-13-01\" is not a valid RFC 3339 full-date",
            "(root): \"2025-1-01\" is not a valid RFC 3339 full-date",
        ],
    );
    check(json!({"format": "email"}), vec![json!("not an email")], &[""]);
}

#[test]
fn numeric_keywords() {
    check(
        json!({"minimum": 1, "maximum": 10}),
        vec![json!(1), json!(10), json!(0), json!(10.5)],
        &["", "", "(root): 0 is less than the minimum 1", "(root): 10.5 is greater than the maximum 10"],
    );
    check(
        json!({"exclusiveMinimum": 0, "exclusiveMaximum": 1}),
        vec![json!(0.5), json!(0), json!(1)],
        &[
            "",
            "(root): 0 is not greater than the exclusive minimum 0",
            "(root): 1 is not less than the exclusive maximum 1",
        ],
    );
    check(json!({"multipleOf": 0.1}), vec![json!(0.3), json!(0.35)], &["", "(root): 0.35 is not a multiple of 0.1"]);
    check(json!({"multipleOf": 3}), vec![json!(9), json!(10)], &["", "(root): 10 is not a multiple of 3"]);
}

#[test]
fn three_zero_boolean_exclusive_bounds() {
    let document = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "components": {"schemas": {
        "N": {"type": "integer", "minimum": 0, "exclusiveMinimum": true, "example": 0},
        "M": {"type": "integer", "minimum": 0, "exclusiveMinimum": true, "example": 1}
    }}});
    let pointers: Vec<String> = reported(document).into_iter().map(|(p, _)| p).collect();
    assert_eq!(pointers, ["#/components/schemas/N/examples/0"]);
}

#[test]
fn all_of_parts_do_not_call_each_other_s_properties_additional() {
    let document = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {
        "Base": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false},
        "Both": {
            "allOf": [
                {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Base"}]},
                {"type": "object", "properties": {"b": {"type": "integer"}}}
            ],
            "examples": [{"a": "x", "b": 1}, {"a": "x", "c": 1}, {"a": "x", "b": "1"}]
        }
    }}});
    let warnings = reported(document);
    let pointers: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(pointers, ["#/components/schemas/Both/examples/1", "#/components/schemas/Both/examples/2"]);
    assert!(warnings[0].1.contains("unexpected property \"c\""), "{warnings:#?}");
    assert!(warnings[1].1.contains("/b: \"1\" is not of type integer"), "{warnings:#?}");
}

#[test]
fn combinators() {
    let any = json!({"anyOf": [{"type": "string"}, {"type": "integer"}]});
    check(any, vec![json!(1), json!(true)], &["", "(root): matches none of the anyOf branches"]);
    let one = json!({"oneOf": [{"type": "integer"}, {"type": "number"}]});
    check(
        one,
        vec![json!(1.5), json!(1), json!("a")],
        &[
            "",
            "(root): matches oneOf branches 0 and 1 but must match exactly one",
            "(root): matches none of the oneOf branches",
        ],
    );
    let all = json!({"allOf": [{"required": ["a"]}, {"required": ["b"]}]});
    check(all, vec![json!({"a": 1, "b": 2}), json!({"a": 1})], &["", "(root): missing required property \"b\""]);
    check(
        json!({"not": {"type": "string"}}),
        vec![json!(1), json!("a")],
        &["", "(root): matches the schema under `not`"],
    );
}

#[test]
fn discriminator_selects_the_one_of_branch() {
    let document = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {
        "Cat": {"type": "object", "properties": {"kind": {"type": "string"}, "lives": {"type": "integer"}}},
        "Dog": {"type": "object", "properties": {"kind": {"type": "string"}, "bark": {"type": "string"}}},
        "Pet": {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}},
            "examples": [{"kind": "cat", "lives": 9}, {"kind": "Dog", "bark": "woof"}, {"kind": "cat", "lives": "9"}]
        }
    }}});
    let warnings = reported(document);
    let pointers: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(pointers, ["#/components/schemas/Pet/examples/2"], "{warnings:#?}");
    assert!(warnings[0].1.ends_with("/lives: \"9\" is not of type integer"), "{warnings:#?}");
}

#[test]
fn refs_resolve_and_unresolved_refs_are_skipped() {
    let document = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {
        "Id": {"type": "string", "pattern": "^id_"},
        "A": {"properties": {"id": {"$ref": "#/components/schemas/Id", "examples": ["id_1", "x"]}}},
        "B": {"$ref": "#/components/schemas/Missing", "examples": [1]},
        "C": {"$ref": "other.yaml#/X", "examples": [1]}
    }}});
    let pointers: Vec<String> = reported(document).into_iter().map(|(p, _)| p).collect();
    assert_eq!(pointers, ["#/components/schemas/A/properties/id/examples/1"]);
}

#[test]
fn ref_cycles_terminate() {
    let document = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {
        "Node": {
            "type": "object",
            "properties": {"value": {"type": "integer"}, "next": {"$ref": "#/components/schemas/Node"}},
            "examples": [
                {"value": 1, "next": {"value": 2, "next": {"value": 3}}},
                {"value": 1, "next": {"value": 2, "next": {"value": "three"}}}
            ]
        },
        "Loop": {"$ref": "#/components/schemas/Loop", "examples": [1]},
        "Fork": {
            "anyOf": [{"$ref": "#/components/schemas/Fork"}, {"allOf": [{"$ref": "#/components/schemas/Fork"}]}],
            "examples": [{"a": [1, 2, 3]}]
        }
    }}});
    let warnings = reported(document);
    let pointers: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(pointers, ["#/components/schemas/Node/examples/1"], "{warnings:#?}");
    assert!(warnings[0].1.ends_with("/next/next/value: \"three\" is not of type integer"), "{warnings:#?}");
}

#[test]
fn media_type_and_parameter_examples() {
    let document = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/pets/{id}": {"post": {
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"},
                "example": "seven", "examples": {"good": {"value": 7}, "bad": {"value": -1.5}}}],
            "requestBody": {"content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Pet"},
                    "example": {"name": 1},
                    "examples": {"ok": {"value": {"name": "rex"}}, "shared": {"$ref": "#/components/examples/Bad"}}},
                "text/plain": {"schema": {"type": "object"}, "example": "name=rex"}
            }},
            "responses": {"200": {"description": "ok", "content": {"application/problem+json": {
                "schema": {"type": "object", "required": ["title"]}, "example": {}}}}}
        }}},
        "components": {
            "schemas": {"Pet": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}},
            "examples": {"Bad": {"value": {}}},
            "responses": {"Gone": {"description": "gone", "content": {"application/json": {
                "schema": {"type": "string"}, "examples": {"x": {"value": "gone"}, "y": {"value": 410}}}}}}
        }
    });
    let warnings = reported(document);
    let pointers: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
    let body = "#/paths/~1pets~1{id}/post/requestBody/content/application~1json";
    assert_eq!(
        pointers,
        [
            "#/paths/~1pets~1{id}/post/parameters/0/example",
            "#/paths/~1pets~1{id}/post/parameters/0/examples/bad/value",
            &format!("{body}/example"),
            &format!("{body}/examples/shared"),
            "#/paths/~1pets~1{id}/post/responses/200/content/application~1problem+json/example",
            "#/components/responses/Gone/content/application~1json/examples/y/value",
        ],
        "{warnings:#?}"
    );
    assert!(warnings[3].1.ends_with("(value from #/components/examples/Bad)"), "{warnings:#?}");
}

#[test]
fn serialized_forms_are_read() {
    let document = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"post": {
            "parameters": [
                {"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "integer"}},
                    "example": "1,2", "examples": {"bad": {"value": "1,x"}}},
                {"name": "tags", "in": "query", "style": "pipeDelimited",
                    "schema": {"type": "array", "items": {"type": "string"}, "maxItems": 2}, "example": "a|b|c"},
                {"name": "n", "in": "header", "schema": {"$ref": "#/components/schemas/Count"}, "example": "10"},
                {"name": "s", "in": "query", "schema": {"type": "string"}, "example": 5}
            ],
            "requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Event"},
                "examples": {"text": {"value": "{\"event\": \"x\"}"}, "wrong": {"value": "{\"event\": 1}"}}
            }}},
            "responses": {}
        }}},
        "components": {"schemas": {
            "Count": {"type": "integer", "minimum": 0},
            "Event": {"type": "object", "required": ["event"], "properties": {"event": {"type": "string"}}}
        }}
    });
    let warnings = reported(document);
    let actual: Vec<(&str, &str)> = warnings.iter().map(|(p, m)| (p.as_str(), m.as_str())).collect();
    let serialized = " (reading the string as its serialized form)";
    assert_eq!(
        actual,
        [
            (
                "#/paths/~1a/post/parameters/0/examples/bad/value",
                &*format!("example does not match its schema: /1: \"x\" is not of type integer{serialized}"),
            ),
            (
                "#/paths/~1a/post/parameters/1/example",
                &*format!(
                    "example does not match its schema: (root): has 3 items, more than the maximum 2{serialized}"
                ),
            ),
            (
                "#/paths/~1a/post/parameters/3/example",
                "example does not match its schema: (root): 5 is not of type string"
            ),
            (
                "#/paths/~1a/post/requestBody/content/application~1json/examples/wrong/value",
                &*format!("example does not match its schema: /event: 1 is not of type string{serialized}"),
            ),
        ],
    );
}

#[test]
fn malformed_keywords_are_skipped() {
    let schema = json!({
        "type": [1], "enum": "a", "required": "x", "minLength": -1, "maxLength": 1.5, "pattern": 5,
        "properties": [], "prefixItems": {}, "items": 3, "multipleOf": 0, "minimum": "1",
        "anyOf": {}, "discriminator": "kind", "format": 7, "$ref": 9, "uniqueItems": "yes"
    });
    check(schema, vec![json!("abc"), json!([1, 1]), json!({"kind": 1}), json!(-3.5)], &["", "", "", ""]);
    let document = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {
        "parameters": "p",
        "get": {"parameters": [1, {"schema": 2, "example": 3}], "requestBody": [], "responses": {"200": {
            "content": {"application/json": {"schema": {"type": "integer"}, "examples": {"a": 1, "b": {"$ref": 2}}}}
        }}}
    }}});
    assert_eq!(reported(document), Vec::new());
}

#[test]
fn reasons_are_capped() {
    let schema = json!({"properties": {"a": {"type": "string"}, "b": {"type": "string"}, "c": {"type": "string"},
        "d": {"type": "string"}}});
    check(
        schema,
        vec![json!({"a": 1, "b": 2, "c": 3, "d": 4})],
        &["/a: 1 is not of type string; /b: 2 is not of type string; /c: 3 is not of type string; and more"],
    );
}

#[test]
fn deep_instances_stop_at_the_depth_limit() {
    let mut example = json!(1);
    for _ in 0..400 {
        example = json!({"next": example});
    }
    let document = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {
        "Deep": {"properties": {"next": {"$ref": "#/components/schemas/Deep"}}, "type": "object", "examples": [example]}
    }}});
    assert_eq!(reported(document), Vec::new());
}
