//! Property test: random structured OpenAPI documents never make the generator panic. Each document is
//! built as JSON (random schema trees whose names come from a pool of nasty names, random keywords,
//! `$ref`s to components that exist or not, every spelling of nullable, unions with and without
//! discriminators, operations with odd parameters and statuses), written as JSON or YAML, and generated.
//! `Ok` output must pass `common::rust_problems` (it parses with `syn`, is plain text, calls nothing that
//! panics, defines no name twice); `Err` must be located.
//!
//! 256 cases by default (a few seconds in a debug build). A longer run:
//! `PROPTEST_CASES=20000 cargo test -p generator-tests --test generator_fuzz --release`.
//! A failure found this way belongs in `fixtures/hostile/` as a regression case of `hostile_input.rs`.

mod common;

use generator::{Config, Source};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestRunner;
use serde_json::{Map, Value, json};

/// Names that have broken generators: keywords, std names, runtime names, digits, symbols, empties,
/// unicode, escapes, pointer syntax, and near-collisions after case conversion.
const NAMES: &[&str] = &[
    "type",
    "Type",
    "Self",
    "self",
    "crate",
    "super",
    "r#type",
    "",
    " ",
    "123",
    "1a",
    "😀",
    "!!!",
    "*",
    "Option",
    "Result",
    "Box",
    "String",
    "Vec",
    "std",
    "serde",
    "serde_json",
    "core",
    "a-b",
    "a_b",
    "aB",
    "AB",
    "a b",
    "_",
    "__",
    "additional_properties",
    "Unknown",
    "unknown",
    "Other",
    "new",
    "send",
    "request",
    "body",
    "params",
    "path",
    "response",
    "value",
    "r",
    "Client",
    "Error",
    "Fit",
    "Validate",
    "\"",
    "\\",
    "\n",
    "\0",
    "*/",
    "#[",
    "\u{202e}",
    "café",
    "ß",
    "null",
    "true",
    "default",
    "$ref",
    "~1",
    "a/b",
    "a~b",
    "%25",
    "{id}",
    "Pet",
    "pet",
    "Pet2",
    "Pet_2",
    "PetResponse",
    "GetPetResponse",
    "get_pet",
    "getPet",
    "kind",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        10 => select(NAMES).prop_map(str::to_owned),
        2 => "[a-zA-Z0-9_ .$-]{0,10}",
        1 => any::<String>().prop_map(|s| s.chars().take(10).collect()),
        1 => (1usize..6).prop_map(|n| "Long".repeat(n * 20)),
    ]
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(&[
            "*/ /* \"] #[doc = \"x\"] #![allow(warnings)]",
            "```rust\npanic!(\"x\");\n```",
            "```\nunclosed",
            "    indented();\n    assert!(false);",
            "<script>alert(1)</script> &amp; <b>",
            "[link](javascript:x) [`Option`] [a]: b",
            "https://example.invalid/a_(b) http:// https://",
            "\0 \r \u{202e} \u{2066} \u{2028} \u{85} \u{feff}",
            "# Heading\n#[cfg(any())]",
            "\\ \\\\ \\n",
            "",
            "ok",
        ][..])
        .prop_map(str::to_owned),
        1 => any::<String>(),
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(0)),
        Just(json!(-1)),
        Just(json!(u64::MAX)),
        Just(json!(i64::MIN)),
        Just(json!(1.5)),
        Just(json!(f64::MAX)),
        Just(json!(f64::MIN_POSITIVE)),
        Just(json!(1e300)),
        Just(json!(2_147_483_648_u64)),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
    ]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => name().prop_map(Value::String),
        1 => text().prop_map(Value::String),
        2 => number(),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => Just(Value::Null),
    ]
}

/// Any JSON, shallow: for keywords given the wrong type.
fn junk() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => scalar(),
        1 => prop::collection::vec(scalar(), 0..3).prop_map(Value::Array),
        1 => prop::collection::btree_map(name(), scalar(), 0..3).prop_map(|m| Value::Object(m.into_iter().collect())),
    ]
}

fn reference_target() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => name().prop_map(|n| format!("#/components/schemas/{}", escape(&n))),
        2 => (name(), name()).prop_map(|(a, b)| format!("#/components/schemas/{}/properties/{}", escape(&a), escape(&b))),
        1 => name().prop_map(|n| format!("#/components/schemas/{}/items", escape(&n))),
        1 => (0usize..3).prop_map(|i| format!("#/x-defs/{i}")),
        2 => select(&[
            "other.yaml#/X",
            "https://example.invalid/x.json#/Pet",
            "#",
            "",
            "#/",
            "#/paths",
            "#/components",
            "#/components/schemas",
            "#/components/schemas/%ZZ",
            "#/components/schemas/a%2Fb",
            "#/info",
            "#/x-defs",
        ][..])
        .prop_map(str::to_owned),
    ]
}

fn reference() -> impl Strategy<Value = Value> {
    prop_oneof![
        8 => reference_target().prop_map(|r| json!({"$ref": r})),
        1 => junk().prop_map(|r| json!({"$ref": r})),
        1 => (reference_target(), text()).prop_map(|(r, d)| json!({"$ref": r, "description": d, "nullable": true})),
    ]
}

fn type_name() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => select(&["string", "integer", "number", "boolean", "object", "array", "null"][..]).prop_map(|t| json!(t)),
        2 => prop::collection::vec(select(&["string", "integer", "number", "boolean", "object", "array", "null"][..]), 0..4)
            .prop_map(|t| json!(t)),
        1 => junk(),
    ]
}

/// One keyword with a value of the right type, usually, and of the wrong type sometimes.
fn keyword() -> impl Strategy<Value = (String, Value)> {
    let key_value = |key: &'static str, value: BoxedStrategy<Value>| value.prop_map(move |v| (key.to_owned(), v));
    prop_oneof![
        key_value("type", type_name().boxed()),
        key_value("nullable", prop_oneof![3 => any::<bool>().prop_map(Value::Bool), 1 => junk()].boxed()),
        key_value(
            "format",
            prop_oneof![
                select(
                    &[
                        "int32",
                        "int64",
                        "uint32",
                        "uint64",
                        "uint",
                        "float",
                        "double",
                        "date",
                        "date-time",
                        "uuid",
                        "binary",
                        "byte"
                    ][..]
                )
                .prop_map(|f| json!(f)),
                junk()
            ]
            .boxed()
        ),
        key_value(
            "enum",
            prop_oneof![3 => prop::collection::vec(scalar(), 0..6).prop_map(Value::Array), 1 => junk()].boxed()
        ),
        key_value("const", scalar().boxed()),
        key_value("default", junk().boxed()),
        key_value("example", junk().boxed()),
        key_value("examples", junk().boxed()),
        key_value(
            "pattern",
            prop_oneof![
                select(
                    &[
                        "^[a-z]+$",
                        "\\",
                        "[",
                        "(?<=a)b",
                        "a{1000000}",
                        "((((((((((a))))))))))",
                        "\\p{Greek}",
                        "\"\\n\0",
                        "(?i)x"
                    ][..]
                )
                .prop_map(|p| json!(p)),
                junk()
            ]
            .boxed()
        ),
        key_value("minimum", prop_oneof![number(), junk()].boxed()),
        key_value("maximum", number().boxed()),
        key_value("exclusiveMinimum", prop_oneof![number(), any::<bool>().prop_map(Value::Bool)].boxed()),
        key_value("exclusiveMaximum", prop_oneof![number(), any::<bool>().prop_map(Value::Bool)].boxed()),
        key_value("multipleOf", number().boxed()),
        key_value("minLength", number().boxed()),
        key_value("maxLength", prop_oneof![number(), junk()].boxed()),
        key_value("minItems", number().boxed()),
        key_value("maxItems", number().boxed()),
        key_value("uniqueItems", any::<bool>().prop_map(Value::Bool).boxed()),
        key_value("description", prop_oneof![4 => text().prop_map(Value::String), 1 => junk()].boxed()),
        key_value("title", name().prop_map(Value::String).boxed()),
        key_value("deprecated", any::<bool>().prop_map(Value::Bool).boxed()),
        key_value("readOnly", any::<bool>().prop_map(Value::Bool).boxed()),
        key_value("required", prop_oneof![prop::collection::vec(name(), 0..4).prop_map(|r| json!(r)), junk()].boxed()),
        key_value("properties", junk().boxed()),
        key_value("additionalProperties", prop_oneof![any::<bool>().prop_map(Value::Bool), junk()].boxed()),
        key_value("items", junk().boxed()),
        key_value("allOf", junk().boxed()),
        key_value("oneOf", junk().boxed()),
        key_value("discriminator", discriminator().boxed()),
        key_value("$recursiveRef", Just(json!("#")).boxed()),
        key_value("$dynamicRef", reference_target().prop_map(Value::String).boxed()),
        key_value("x-extension", junk().boxed()),
    ]
}

fn discriminator() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => (name(), prop::collection::btree_map(name(), reference_target(), 0..3))
            .prop_map(|(property, mapping)| json!({"propertyName": property, "mapping": mapping})),
        1 => name().prop_map(|property| json!({"propertyName": property})),
        1 => junk(),
    ]
}

fn with_keywords(base: Value, keywords: Vec<(String, Value)>) -> Value {
    let Value::Object(mut object) = base else { return base };
    for (key, value) in keywords {
        object.entry(key).or_insert(value);
    }
    Value::Object(object)
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (type_name(), prop::collection::vec(keyword(), 0..4))
            .prop_map(|(t, keywords)| with_keywords(json!({"type": t}), keywords)),
        4 => reference(),
        1 => Just(json!({})),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => junk(),
    ]
}

/// A schema tree: objects, arrays, maps, unions (tagged or not) and every nullable spelling.
fn schema() -> impl Strategy<Value = Value> {
    // proptest rebuilds the recursive levels for every tree, so the costly parts are built once here.
    let names = name().boxed();
    let keywords = prop::collection::vec(keyword(), 0..2).boxed();
    let discriminators = proptest::option::of(discriminator()).boxed();
    leaf().prop_recursive(4, 48, 5, move |inner| {
        let unions = select(&["oneOf", "anyOf", "allOf"][..]);
        prop_oneof![
            4 => (prop::collection::btree_map(names.clone(), inner.clone(), 0..5), prop::collection::vec(names.clone(), 0..3), keywords.clone())
                .prop_map(|(properties, required, keywords)| {
                    with_keywords(json!({"type": "object", "properties": properties, "required": required}), keywords)
                }),
            2 => (inner.clone(), keywords.clone())
                .prop_map(|(items, keywords)| with_keywords(json!({"type": "array", "items": items}), keywords)),
            1 => inner.clone().prop_map(|value| json!({"type": "object", "additionalProperties": value})),
            1 => inner.clone().prop_map(|items| json!({"prefixItems": [items], "items": false})),
            3 => (unions, prop::collection::vec(inner.clone(), 0..4), discriminators.clone())
                .prop_map(|(key, branches, discriminator)| {
                    let mut object = Map::new();
                    object.insert(key.to_owned(), Value::Array(branches));
                    if let Some(discriminator) = discriminator {
                        object.insert("discriminator".into(), discriminator);
                    }
                    Value::Object(object)
                }),
            2 => (inner.clone(), 0usize..5).prop_map(|(schema, spelling)| nullable(schema, spelling)),
            1 => prop::collection::vec(inner, 1..3).prop_map(|parts| json!({"allOf": parts, "type": "object", "properties": {"extra": {"type": "string"}}})),
        ]
    })
}

/// One of the ways to say "this schema, or null".
fn nullable(schema: Value, spelling: usize) -> Value {
    match spelling {
        0 => with_keywords(schema, vec![("nullable".into(), json!(true))]),
        1 => json!({"anyOf": [schema, {"type": "null"}]}),
        2 => json!({"oneOf": [{"type": "null"}, schema]}),
        3 => match schema {
            Value::Object(mut object) => {
                let types = match object.remove("type") {
                    Some(Value::String(t)) => json!([t, "null"]),
                    Some(Value::Array(mut t)) => {
                        t.push(json!("null"));
                        Value::Array(t)
                    }
                    _ => json!(["null"]),
                };
                object.insert("type".into(), types);
                Value::Object(object)
            }
            other => other,
        },
        _ => json!({"allOf": [schema], "nullable": true, "default": null}),
    }
}

fn parameter() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (
            proptest::option::weighted(0.9, name()),
            select(&["path", "query", "header", "cookie", "body", "querystring"][..]),
            any::<bool>(),
            schema(),
            select(&["form", "deepObject", "simple", "label"][..]),
        )
            .prop_map(|(name, location, required, schema, style)| {
                let mut parameter = json!({"in": location, "required": required, "schema": schema, "style": style});
                if let Some(name) = name {
                    parameter["name"] = json!(name);
                }
                parameter
            }),
        1 => (name(), schema()).prop_map(|(name, schema)| json!({"name": name, "in": "query", "content": {"application/json": {"schema": schema}}})),
        2 => name().prop_map(|n| json!({"$ref": format!("#/components/parameters/{}", escape(&n))})),
        1 => junk(),
    ]
}

fn media_type() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(&[
            "application/json",
            "application/problem+json",
            "application/json; charset=utf-8",
            "*/*",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "text/plain",
            "text/event-stream",
            "application/octet-stream",
            "image/png",
        ][..])
        .prop_map(str::to_owned),
        1 => name(),
    ]
}

fn content() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => prop::collection::btree_map(media_type(), proptest::option::weighted(0.9, schema()), 0..3).prop_map(|media| {
            let entries: Map<String, Value> = media
                .into_iter()
                .map(|(media, schema)| (media, schema.map_or_else(|| json!({}), |s| json!({"schema": s}))))
                .collect();
            Value::Object(entries)
        }),
        1 => junk(),
    ]
}

fn response() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (text(), content()).prop_map(|(description, content)| json!({"description": description, "content": content})),
        1 => text().prop_map(|description| json!({"description": description})),
        2 => name().prop_map(|n| json!({"$ref": format!("#/components/responses/{}", escape(&n))})),
        1 => junk(),
    ]
}

fn status() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(&[
            "200", "201", "202", "204", "2XX", "2xx", "3XX", "301", "400", "0400", "+400", "4XX", "4xx", "404", "422",
            "5XX", "500", "default", "1XX", "0XX", "9XX", "XXX", "abc", "99", "600", "", "200 ",
        ][..])
        .prop_map(str::to_owned),
        1 => name(),
    ]
}

fn operation() -> impl Strategy<Value = Value> {
    (
        proptest::option::weighted(0.8, name()),
        prop::collection::vec(parameter(), 0..4),
        proptest::option::of((any::<bool>(), content())),
        prop::collection::btree_map(status(), response(), 0..4),
        proptest::option::of(text()),
        any::<bool>(),
    )
        .prop_map(|(operation_id, parameters, body, responses, description, deprecated)| {
            let mut operation = json!({"parameters": parameters, "responses": responses, "deprecated": deprecated});
            if let Some(id) = operation_id {
                operation["operationId"] = json!(id);
            }
            if let Some((required, content)) = body {
                operation["requestBody"] = json!({"required": required, "content": content});
            }
            if let Some(description) = description {
                operation["description"] = json!(description);
            }
            operation
        })
}

fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(&["/", "/pets", "/pets/{id}", "/{type}/{self}", "/{}", "/{ }", "/x{", "/a}b{", "/:id", "/a/{id}/b/{id}", "/\"`'\\", "/😀/{😀}"][..])
            .prop_map(str::to_owned),
        2 => prop::collection::vec(name(), 1..4).prop_map(|parts| {
            parts.iter().enumerate().map(|(i, p)| if i % 2 == 1 { format!("/{{{p}}}") } else { format!("/{p}") }).collect()
        }),
    ]
}

fn path_item() -> impl Strategy<Value = Value> {
    prop_oneof![
        8 => (prop::collection::btree_map(select(&["get", "put", "post", "delete", "patch", "head", "options", "trace", "query"][..]), operation(), 0..3),
              prop::collection::vec(parameter(), 0..2))
            .prop_map(|(operations, parameters)| {
                let mut item: Map<String, Value> = operations.into_iter().map(|(m, o)| (m.to_owned(), o)).collect();
                item.insert("parameters".into(), Value::Array(parameters));
                Value::Object(item)
            }),
        1 => path().prop_map(|p| json!({"$ref": format!("#/paths/{}", escape(&p))})),
        1 => junk(),
    ]
}

fn document() -> impl Strategy<Value = Value> {
    (
        select(&["3.0.3", "3.1.0", "3.0", "3.1", "3.2.0"][..]),
        prop::collection::btree_map(name(), schema(), 0..8),
        prop::collection::btree_map(path(), path_item(), 0..4),
        prop::collection::btree_map(name(), parameter(), 0..3),
        prop::collection::btree_map(name(), response(), 0..3),
        prop::collection::vec(schema(), 0..3),
        text(),
    )
        .prop_map(|(version, schemas, paths, parameters, responses, defs, description)| {
            json!({
                "openapi": version,
                "info": {"title": "fuzz", "version": "1", "description": description},
                "servers": [{"url": "https://example.invalid/api/"}],
                "paths": paths,
                "x-defs": defs,
                "components": {"schemas": schemas, "parameters": parameters, "responses": responses}
            })
        })
}

/// Whether `display` names a place in `file`: `file:line:col`, `file#pointer` or the file itself.
fn is_located(display: &str, file: &str) -> bool {
    display.starts_with(&format!("{file}:")) || display.starts_with(&format!("{file}#"))
}

fn check(file: &str, text: String) -> Result<(), TestCaseError> {
    // The generator runs on a thread with the stack of an ordinary spawned thread (2 MiB), whatever the
    // stack the strategies needed.
    let name = file.to_owned();
    let outcome = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || generator::generate(&Source { file: &name, text: &text }, &[], &Config::new("fuzz")))
        .map_err(|e| TestCaseError::fail(format!("spawn: {e}")))?
        .join()
        .map_err(|_| TestCaseError::fail("the generator panicked"))?;
    match outcome {
        Ok(output) => {
            for generated in output.files.iter().filter(|f| f.path.ends_with(".rs")) {
                // The example test may panic (it is a test); the library may not.
                let problems = if generated.path.starts_with("tests/") {
                    common::test_code_problems(&generated.contents)
                } else {
                    common::rust_problems(&generated.contents)
                };
                prop_assert!(problems.is_empty(), "{}: {}", generated.path, problems.join("; "));
            }
            for warning in &output.warnings {
                prop_assert!(is_located(&warning.location.to_string(), file), "warning not located: {warning}");
            }
        }
        Err(errors) => {
            for error in &errors.0 {
                prop_assert!(is_located(&error.to_string(), file), "error not located: {error}");
            }
        }
    }
    Ok(())
}

#[test]
fn random_documents_never_crash_the_generator() {
    // Building values from deeply nested strategies takes more stack than a test thread has in a debug
    // build, so the runner gets a thread of its own.
    let runner = std::thread::Builder::new().stack_size(256 * 1024 * 1024).spawn(|| {
        // Failures are kept as fixtures of `hostile_input.rs`, not in a regressions file.
        let config = ProptestConfig { failure_persistence: None, ..ProptestConfig::default() };
        let mut runner = TestRunner::new(config);
        let result = runner.run(&(document(), any::<bool>()), |(document, as_yaml)| {
            if as_yaml {
                let text = serde_yaml::to_string(&document).map_err(|e| TestCaseError::fail(e.to_string()))?;
                check("fuzz.yaml", text)
            } else {
                let text = serde_json::to_string_pretty(&document).map_err(|e| TestCaseError::fail(e.to_string()))?;
                check("fuzz.json", text)
            }
        });
        if let Err(failure) = result {
            panic!("{failure}\n{runner}");
        }
    });
    runner.expect("spawn the runner").join().expect("every random document generates or fails with a location");
}
