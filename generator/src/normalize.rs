//! Normalize: a parsed OpenAPI 3.0 or 3.1 document in, one dialect out, so lowering sees each idea spelled once.
//!
//! The normalized schema dialect:
//! - `type` is absent (any) or an array of type names without `"null"`;
//! - nullability is only `nullable: true` (from 3.0 `nullable`, a 3.1 type array with `"null"`, an
//!   `anyOf`/`oneOf` branch `{type: "null"}`, or `null` inside `enum`);
//! - `const: x` is `enum: [x]`;
//! - `exclusiveMinimum`/`exclusiveMaximum` are numbers (3.1), never booleans (3.0);
//! - `example` is folded into `examples` (an array);
//! - `allOf: [{$ref}]` with nothing else becomes `$ref` with the wrapper's siblings kept;
//! - `$recursiveRef` and `$dynamicRef` become `$ref` (with a warning).
//!
//! Imperfect documents are repaired with a warning when the intent is clear.

use crate::error::{Diagnostics, Error, WarningKind};
use crate::openapi;
use crate::pointer::Cursor;
use serde_json::{Map, Value};

/// Schemas nested deeper than this are replaced by `{}` (any) with a warning.
pub const MAX_SCHEMA_DEPTH: usize = 64;

/// The OpenAPI minor version family of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    V30,
    V31,
}

/// Normalizes `document` in place and returns its dialect.
pub fn normalize(document: &mut Value, diagnostics: &mut Diagnostics) -> Result<Dialect, Error> {
    let found = match document {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    let Some(root) = document.as_object_mut() else {
        return Err(diagnostics.error("#", format!("an OpenAPI document must be an object, found {found}")));
    };
    if root.contains_key("swagger") {
        return Err(
            diagnostics.error("#/swagger", "Swagger 2.0 documents are not supported: convert to OpenAPI 3 first")
        );
    }
    let dialect = match root.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.1") || version.starts_with("3.2") => Dialect::V31,
        Some(Value::String(version)) if version.starts_with("3.0") => Dialect::V30,
        Some(Value::String(version)) => {
            return Err(diagnostics.error("#/openapi", format!("unsupported OpenAPI version {version:?}")));
        }
        Some(other) => {
            diagnostics.warn(
                WarningKind::ImperfectDocument,
                "#/openapi",
                format!("`openapi` should be a string, found {other}; reading it as 3.0"),
            );
            Dialect::V30
        }
        None => {
            diagnostics.warn(WarningKind::ImperfectDocument, "#", "`openapi` is missing; reading the document as 3.0");
            Dialect::V30
        }
    };
    repair_info(root, diagnostics);
    for key in ["paths", "webhooks"] {
        match root.get(key) {
            None | Some(Value::Object(_)) => {}
            Some(_) => {
                diagnostics.warn(
                    WarningKind::ImperfectDocument,
                    &format!("#/{key}"),
                    format!("`{key}` should be an object; ignoring it"),
                );
                root.remove(key);
            }
        }
    }
    if !root.contains_key("paths") && !root.contains_key("webhooks") && !root.contains_key("components") {
        diagnostics.warn(WarningKind::ImperfectDocument, "#", "document has no `paths`, `webhooks` or `components`");
    }
    let mut walker = Walker { dialect, diagnostics };
    openapi::each_schema_site_mut(document, &mut |schema, at| walker.schema(schema, at, 0));
    Ok(dialect)
}

fn repair_info(root: &mut Map<String, Value>, diagnostics: &mut Diagnostics) {
    let info = root.entry("info").or_insert_with(|| {
        diagnostics.warn(WarningKind::ImperfectDocument, "#", "`info` is missing; using an empty title and version");
        Value::Object(Map::new())
    });
    if !info.is_object() {
        diagnostics.warn(WarningKind::ImperfectDocument, "#/info", "`info` should be an object; ignoring it");
        *info = Value::Object(Map::new());
    }
    let Some(info) = info.as_object_mut() else { return };
    match info.get("title") {
        Some(Value::String(_)) => {}
        _ => {
            diagnostics.warn(WarningKind::ImperfectDocument, "#/info/title", "`info.title` is missing or not a string");
            info.insert("title".into(), Value::String(String::new()));
        }
    }
    match info.get("version").cloned() {
        Some(Value::String(_)) => {}
        Some(Value::Number(n)) => {
            diagnostics.warn(
                WarningKind::ImperfectDocument,
                "#/info/version",
                "`info.version` should be a string; reading the number as one",
            );
            info.insert("version".into(), Value::String(n.to_string()));
        }
        _ => {
            diagnostics.warn(
                WarningKind::ImperfectDocument,
                "#/info/version",
                "`info.version` is missing or not a string",
            );
            info.insert("version".into(), Value::String(String::new()));
        }
    }
}

struct Walker<'a> {
    dialect: Dialect,
    diagnostics: &'a mut Diagnostics,
}

impl Walker<'_> {
    /// Normalizes one schema and, recursively, the schemas inside it.
    fn schema(&mut self, schema: &mut Value, at: &mut Cursor, depth: usize) {
        if depth > MAX_SCHEMA_DEPTH {
            self.diagnostics.warn(
                WarningKind::Untyped,
                at.as_str(),
                format!("schema nested more than {MAX_SCHEMA_DEPTH} levels deep; typed as any JSON value"),
            );
            *schema = Value::Object(Map::new());
            return;
        }
        match schema {
            Value::Bool(true) => {
                *schema = Value::Object(Map::new());
                return;
            }
            Value::Bool(false) => {
                let mut never = Map::new();
                never.insert("not".into(), Value::Object(Map::new()));
                *schema = Value::Object(never);
                return;
            }
            Value::Object(_) => {}
            _ => {
                self.diagnostics.warn(
                    WarningKind::ImperfectDocument,
                    at.as_str(),
                    "a schema should be an object; typed as any JSON value",
                );
                *schema = Value::Object(Map::new());
                return;
            }
        }
        let Value::Object(object) = schema else { return };
        openapi::each_subschema_mut(object, at, |child, child_at| self.schema(child, child_at, depth + 1));
        self.rewrite(object, at.as_str());
    }

    fn rewrite(&mut self, object: &mut Map<String, Value>, at: &str) {
        let present = Rewritten::present_in(object);
        if present.none() {
            return;
        }
        for key in ["$recursiveRef", "$dynamicRef"] {
            if !present.has(key) {
                continue;
            }
            if let Some(Value::String(target)) = object.remove(key) {
                self.diagnostics.warn(
                    WarningKind::ImperfectDocument,
                    &format!("{at}/{key}"),
                    format!("`{key}` is read as a plain `$ref`"),
                );
                object.entry("$ref").or_insert(Value::String(target));
            }
        }
        if present.has("items") && object.get("items").is_some_and(Value::is_array) {
            if let Some(items) = object.remove("items") {
                object.insert("prefixItems".into(), items);
            }
        }
        let mut nullable = present.has("nullable") && matches!(object.remove("nullable"), Some(Value::Bool(true)));
        let declared_type = if present.has("type") { object.remove("type") } else { None };
        match declared_type {
            Some(Value::String(name)) if name == "null" => {
                object.insert("type".into(), Value::Array(vec![Value::String("null".into())]));
            }
            Some(Value::String(name)) => {
                object.insert("type".into(), Value::Array(vec![Value::String(name)]));
            }
            Some(Value::Array(names)) => {
                let mut kept = Vec::new();
                for name in names {
                    match name {
                        Value::String(n) if n == "null" => nullable = true,
                        Value::String(n) if !kept.contains(&Value::String(n.clone())) => kept.push(Value::String(n)),
                        _ => {}
                    }
                }
                if kept.is_empty() && nullable {
                    kept.push(Value::String("null".into()));
                    nullable = false;
                }
                object.insert("type".into(), Value::Array(kept));
            }
            Some(other) => {
                self.diagnostics.warn(
                    WarningKind::ImperfectDocument,
                    &format!("{at}/type"),
                    format!("`type` should be a string or an array, found {other}; ignoring it"),
                );
            }
            None => {}
        }
        if let Some(value) = present.has("const").then(|| object.remove("const")).flatten() {
            object.insert("enum".into(), Value::Array(vec![value]));
        }
        let enum_values = if present.has("enum") || present.has("const") { object.get_mut("enum") } else { None };
        if let Some(Value::Array(values)) = enum_values {
            let before = values.len();
            values.retain(|v| !v.is_null());
            if values.len() != before {
                nullable = true;
                if values.is_empty() {
                    object.remove("enum");
                    object.insert("type".into(), Value::Array(vec![Value::String("null".into())]));
                    nullable = false;
                }
            }
        }
        let has_discriminator = object.contains_key("discriminator");
        for key in ["anyOf", "oneOf"] {
            if !present.has(key) {
                continue;
            }
            if let Some(Value::Array(branches)) = object.get_mut(key) {
                let before = branches.len();
                branches.retain(|branch| !is_null_schema(branch));
                if branches.len() != before {
                    nullable = true;
                }
                if !has_discriminator && branches.iter().any(is_plain_string) {
                    // A string-enum branch beside a plain string branch adds no value (Stripe's
                    // `anyOf: [{type: string}, {enum: [""]}]`): the union is the string.
                    branches.retain(|branch| !is_string_enum(branch));
                }
                if branches.is_empty() {
                    object.remove(key);
                    object.insert("type".into(), Value::Array(vec![Value::String("null".into())]));
                    nullable = false;
                } else if branches.len() == 1 && !has_discriminator {
                    let branch = branches.pop().unwrap_or(Value::Null);
                    object.remove(key);
                    absorb_single(object, branch);
                }
            }
        }
        let all_of = if present.has("allOf") { object.get("allOf") } else { None };
        if let Some(Value::Array(parts)) = all_of {
            if parts.len() == 1 {
                if let Some(Value::Object(part)) = parts.first() {
                    if part.contains_key("$ref") && part.len() == 1 && !object.contains_key("$ref") {
                        let reference = part.get("$ref").cloned().unwrap_or(Value::Null);
                        object.remove("allOf");
                        object.insert("$ref".into(), reference);
                    }
                }
            }
        }
        let has_exclusive = present.has("exclusiveMinimum") || present.has("exclusiveMaximum");
        if has_exclusive
            && (self.dialect == Dialect::V30 || object.get("exclusiveMinimum").is_some_and(Value::is_boolean))
        {
            exclusive_bound(object, "exclusiveMinimum", "minimum");
            exclusive_bound(object, "exclusiveMaximum", "maximum");
        }
        if let Some(example) = present.has("example").then(|| object.remove("example")).flatten() {
            match object.get_mut("examples") {
                Some(Value::Array(examples)) => examples.insert(0, example),
                _ => {
                    object.insert("examples".into(), Value::Array(vec![example]));
                }
            }
        }
        if present.has("examples") && object.get("examples").is_some_and(|examples| !examples.is_array()) {
            object.remove("examples");
        }
        if nullable {
            object.insert("nullable".into(), Value::Bool(true));
        }
    }
}

/// The keywords [`Walker::rewrite`] acts on. Most schemas hold few of them (a `type`, perhaps a `nullable`): one
/// pass over a schema's own keys tells which, so the rest are not looked up (a hash each) in every schema of a
/// document with thousands of operations.
const REWRITTEN: [&str; 14] = [
    "$recursiveRef",
    "$dynamicRef",
    "items",
    "nullable",
    "type",
    "const",
    "enum",
    "anyOf",
    "oneOf",
    "allOf",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "example",
    "examples",
];

/// Which of [`REWRITTEN`] a schema holds, one bit each.
#[derive(Debug, Clone, Copy)]
struct Rewritten(u16);

impl Rewritten {
    fn present_in(object: &Map<String, Value>) -> Self {
        let bits = object
            .keys()
            .filter_map(|key| REWRITTEN.iter().position(|keyword| keyword == key))
            .fold(0, |bits, index| bits | 1 << index);
        Rewritten(bits)
    }

    fn none(self) -> bool {
        self.0 == 0
    }

    fn has(self, keyword: &str) -> bool {
        let index = REWRITTEN.iter().position(|known| *known == keyword);
        index.is_some_and(|index| self.0 & 1 << index != 0)
    }
}

/// `{type: "null"}` (in any spelling) as a union branch.
fn is_null_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::Array(names)) => names.len() == 1 && names[0] == "null",
        Some(Value::String(name)) => name == "null",
        _ => schema.get("enum").is_some_and(|e| e == &Value::Array(vec![Value::Null])),
    }
}

/// A branch that accepts any string: `type: [string]` without `enum` or a `format` that changes the type.
fn is_plain_string(branch: &Value) -> bool {
    let Some(object) = branch.as_object() else { return false };
    object.get("type") == Some(&Value::Array(vec![Value::String("string".into())]))
        && !object.contains_key("enum")
        && !object.contains_key("$ref")
        && !matches!(object.get("format").and_then(Value::as_str), Some("date-time" | "date"))
}

/// A branch whose values are a list of strings.
fn is_string_enum(branch: &Value) -> bool {
    let Some(object) = branch.as_object() else { return false };
    let typed_string = match object.get("type") {
        None => true,
        Some(types) => types == &Value::Array(vec![Value::String("string".into())]),
    };
    typed_string
        && !object.contains_key("$ref")
        && object.get("enum").and_then(Value::as_array).is_some_and(|values| values.iter().all(Value::is_string))
}

/// Merges the only remaining union branch into its parent, keeping the parent's annotations.
fn absorb_single(object: &mut Map<String, Value>, branch: Value) {
    let Value::Object(branch) = branch else { return };
    if branch.contains_key("$ref") && object.keys().all(|k| is_annotation(k)) {
        for (key, value) in branch {
            object.entry(key).or_insert(value);
        }
        return;
    }
    let structural = branch.keys().any(|k| object.contains_key(k) && !is_annotation(k));
    if structural {
        object.insert("allOf".into(), Value::Array(vec![Value::Object(branch)]));
    } else {
        for (key, value) in branch {
            if key == "nullable" && value == Value::Bool(true) {
                object.insert(key, value);
            } else {
                object.entry(key).or_insert(value);
            }
        }
    }
}

/// Keys that describe a schema without constraining it.
pub fn is_annotation(key: &str) -> bool {
    matches!(
        key,
        "title"
            | "description"
            | "default"
            | "examples"
            | "example"
            | "deprecated"
            | "readOnly"
            | "writeOnly"
            | "nullable"
            | "externalDocs"
            | "xml"
            | "$comment"
    ) || key.starts_with("x-")
}

fn exclusive_bound(object: &mut Map<String, Value>, exclusive: &str, inclusive: &str) {
    match object.get(exclusive) {
        Some(Value::Bool(true)) => {
            object.remove(exclusive);
            if let Some(bound) = object.remove(inclusive) {
                object.insert(exclusive.into(), bound);
            }
        }
        Some(Value::Bool(false)) => {
            object.remove(exclusive);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn normalize_schema(schema: Value, dialect: &str) -> Value {
        let mut doc = json!({"openapi": dialect, "info": {"title": "t", "version": "1"},
            "components": {"schemas": {"S": schema}}});
        let mut diagnostics = Diagnostics::new("spec");
        normalize(&mut doc, &mut diagnostics).unwrap();
        doc["components"]["schemas"]["S"].clone()
    }

    #[test]
    fn three_nullability_spellings_become_one() {
        let expected = json!({"type": ["string"], "nullable": true});
        assert_eq!(normalize_schema(json!({"type": "string", "nullable": true}), "3.0.3"), expected);
        assert_eq!(normalize_schema(json!({"type": ["string", "null"]}), "3.1.0"), expected);
        assert_eq!(normalize_schema(json!({"anyOf": [{"type": "string"}, {"type": "null"}]}), "3.1.0"), expected);
    }

    #[test]
    fn ref_branch_with_null_keeps_siblings() {
        let schema = json!({"anyOf": [{"$ref": "#/components/schemas/X"}, {"type": "null"}], "description": "d"});
        assert_eq!(
            normalize_schema(schema, "3.1.0"),
            json!({"description": "d", "$ref": "#/components/schemas/X", "nullable": true})
        );
    }

    #[test]
    fn a_string_enum_beside_a_plain_string_is_dropped() {
        let schema = json!({"anyOf": [{"type": "string", "maxLength": 5000}, {"type": "string", "enum": [""]}]});
        assert_eq!(normalize_schema(schema, "3.0.0"), json!({"type": ["string"], "maxLength": 5000}));
        let kept = json!({"anyOf": [{"$ref": "#/components/schemas/X"}, {"type": "string", "enum": [""]}]});
        assert_eq!(normalize_schema(kept.clone(), "3.0.0")["anyOf"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn exclusive_bounds_become_numbers() {
        let schema = json!({"type": "integer", "minimum": 1, "exclusiveMinimum": true});
        assert_eq!(normalize_schema(schema, "3.0.0"), json!({"type": ["integer"], "exclusiveMinimum": 1}));
    }

    #[test]
    fn const_and_null_enum() {
        assert_eq!(normalize_schema(json!({"const": "a"}), "3.1.0"), json!({"enum": ["a"]}));
        assert_eq!(
            normalize_schema(json!({"type": "string", "enum": ["a", null]}), "3.1.0"),
            json!({"type": ["string"], "enum": ["a"], "nullable": true})
        );
    }

    #[test]
    fn all_of_single_ref_becomes_ref() {
        let schema = json!({"allOf": [{"$ref": "#/components/schemas/X"}], "default": {}});
        assert_eq!(normalize_schema(schema, "3.0.0"), json!({"default": {}, "$ref": "#/components/schemas/X"}));
    }

    #[test]
    fn integer_version_and_missing_title_warn() {
        let mut doc = json!({"openapi": "3.0.0", "info": {"version": 1}, "paths": {}});
        let mut diagnostics = Diagnostics::new("spec");
        normalize(&mut doc, &mut diagnostics).unwrap();
        assert_eq!(doc["info"]["version"], "1");
        assert_eq!(diagnostics.into_warnings().len(), 2);
    }

    #[test]
    fn swagger_two_is_rejected_with_pointer() {
        let mut doc = json!({"swagger": "2.0"});
        let error = normalize(&mut doc, &mut Diagnostics::new("spec")).unwrap_err();
        assert!(error.to_string().contains("#/swagger"), "{error}");
    }

    #[test]
    fn every_schema_site_is_normalized_but_siblings_of_a_ref() {
        let nullable = json!({"type": ["string", "null"]});
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "parameters": [{"name": "q", "in": "query", "schema": nullable},
                    {"$ref": "#/components/parameters/P", "schema": nullable}],
                "responses": {"200": {"headers": {"X-A": {"schema": nullable}},
                    "content": {"application/jsonl": {"itemSchema": nullable}}}},
            }}},
            "webhooks": {"w": {"post": {"requestBody": {"content": {"application/json": {"schema": nullable}}}}}},
            "components": {"pathItems": {"P": {"parameters": [{"content": {"text/plain": {"schema": nullable}}}]}}},
        });
        normalize(&mut doc, &mut Diagnostics::new("spec")).unwrap();
        let normalized = json!({"type": ["string"], "nullable": true});
        for at in [
            "/paths/~1a/get/parameters/0/schema",
            "/paths/~1a/get/responses/200/headers/X-A/schema",
            "/paths/~1a/get/responses/200/content/application~1jsonl/itemSchema",
            "/webhooks/w/post/requestBody/content/application~1json/schema",
            "/components/pathItems/P/parameters/0/content/text~1plain/schema",
        ] {
            assert_eq!(doc.pointer(at), Some(&normalized), "{at}");
        }
        assert_eq!(doc.pointer("/paths/~1a/get/parameters/1/schema"), Some(&nullable));
    }
}
