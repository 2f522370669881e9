//! Wide documents, nasty names and strings, numbers of any size, merge keys and method names.

use super::*;

#[test]
fn wide_documents_generate() {
    let properties: serde_json::Map<String, serde_json::Value> =
        (0..3_000).map(|i| (format!("p{i}"), serde_json::json!({"type": "string", "default": "x"}))).collect();
    let values: Vec<String> = (0..3_000).map(|i| format!("value-{i}")).collect();
    let paths: serde_json::Map<String, serde_json::Value> = (0..500)
        .map(|i| {
            let operation =
                serde_json::json!({"operationId": format!("op{i}"), "responses": {"200": {"description": "ok"}}});
            (format!("/p{i}/{{id}}"), serde_json::json!({"get": operation}))
        })
        .collect();
    let document = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "wide", "version": "1"},
        "paths": paths,
        "components": {"schemas": {
            "Wide": {"type": "object", "properties": properties},
            "Many": {"type": "string", "enum": values}
        }}
    });
    let output = expect_crate("wide.json", document.to_string());
    assert_eq!(output.stats.operations, 500);
}

// Names and strings that try to break out of the generated code.

#[test]
fn nasty_names_and_strings_generate_sound_rust() {
    let file = "names-and-strings.yaml";
    let output = expect_crate(file, fixture(file));
    let models = file_text(&output, "src/models.rs");
    let operations = file_text(&output, "src/operations.rs");
    for expected in
        ["pub r#type:", "pub self_:", "pub struct SelfType", "pub struct Option", "pub type Vec", "pub enum Enum"]
    {
        assert!(models.contains(expected) || operations.contains(expected), "no {expected:?} in the output");
    }
    for absent in ["pub struct Self ", "pub struct self", "fn self(", "pub r#self", "r#crate", "r#super", "r#Self"] {
        assert!(!models.contains(absent) && !operations.contains(absent), "{absent:?} in the output");
    }
    // A declared path parameter the template does not name is left out, not left unused; a required
    // array parameter is a slice, not `&Vec` (rustc's `unused_variables`, clippy's `ptr_arg`).
    assert_warned(&output, file, "#/paths/~1declared~1{used}/get", "\"unused\" is not in the path template");
    assert!(!operations.contains("unused: &str"), "{operations}");
    // Models named `Option` and `Vec` are `crate::models::Option` in `operations.rs`, which keeps the prelude names.
    assert!(operations.contains("ids: &[String]"), "{operations}");
    // Bidirectional controls are written out, not carried into comments.
    assert!(models.contains("\\u{202e}"), "bidi control not written out");
    assert_warned(&output, file, "#/paths/~1{type}", "repeats statuses an earlier key covers");
}

#[test]
fn json_and_yaml_spellings_generate_the_same_crate() {
    // Both spellings are written from one YAML value, without the schema of non-finite numbers, which
    // JSON cannot spell.
    let mut value: serde_yaml::Value = serde_yaml::from_str(&fixture("names-and-strings.yaml")).expect("YAML");
    let schemas = value.get_mut("components").and_then(|c| c.get_mut("schemas")).and_then(|s| s.as_mapping_mut());
    schemas.expect("the fixture has schemas").remove("Numbers");
    let yaml = serde_yaml::to_string(&value).expect("YAML");
    let value: serde_json::Value = serde_yaml::from_str(&yaml).expect("the fixture is YAML");
    let from_yaml = expect_crate("names-and-strings.yaml", yaml);
    let from_json = expect_crate("names-and-strings.json", serde_json::to_string_pretty(&value).expect("JSON"));
    assert_eq!(from_yaml.files.len(), from_json.files.len());
    for (yaml, json) in from_yaml.files.iter().zip(&from_json.files) {
        let differ = yaml.contents.lines().zip(json.contents.lines()).find(|(a, b)| a != b);
        assert!(yaml == json, "{} differs: {differ:?}", yaml.path);
    }
}

#[test]
fn numbers_beyond_the_machine_types_generate() {
    let output = expect_crate("big-numbers.json", fixture("big-numbers.json"));
    assert!(file_text(&output, "src/models.rs").contains("pub struct Numbers"));
}

#[test]
fn numbers_no_parser_type_holds_generate_with_warnings() {
    // Beyond u64 in YAML (serde_yaml hands it over as a 128-bit integer), beyond f64 in JSON (serde_json refuses it).
    let output = expect_crate("big-integer.yaml", fixture("big-integer.yaml"));
    assert!(file_text(&output, "src/models.rs").contains("pub type Count = i64;"));
    let output = expect_crate("out-of-range-float.json", fixture("out-of-range-float.json"));
    assert_warned(
        &output,
        "out-of-range-float.json",
        "#/components/schemas/Ratio/properties/value/maximum",
        "beyond the range of f64",
    );
}

#[test]
fn huge_numbers_are_dropped_or_widened_where_they_are() {
    let file = "huge-numbers.yaml";
    let output = expect_crate(file, fixture(file));
    let request = "#/components/schemas/Request/properties";
    let cases = [
        // The OpenAI document's `seed`: its minimum reads as i64::MIN, its maximum is beyond i64.
        (format!("{request}/seed/maximum"), "outside the range of i64"),
        (format!("{request}/count/default"), "does not fit i32"),
        (format!("{request}/count/minimum"), "outside the range of i32"),
        (format!("{request}/count/enum/3"), "does not fit i32"),
        (format!("{request}/big/default"), "widened to u64"),
        (format!("{request}/ratio/minimum"), "-1e400 is beyond the range of f64"),
        (format!("{request}/ratio/maximum"), "outside the range of f32"),
        (format!("{request}/exact/enum/0"), "does not fit f64"),
        (format!("{request}/length/minLength"), "beyond the range of u64"),
        (format!("{request}/length/maxLength"), "not a whole number"),
        (format!("{request}/items/maxItems"), "1e400 is beyond the range of f64"),
        ("#/paths/~1chat/post/parameters/0/schema/maximum".to_owned(), "beyond the range of f64"),
        ("#/paths/~1chat/post/parameters/0/schema/minimum".to_owned(), "outside the range of i32"),
        ("#/paths/~1chat/post/parameters/1/schema/maximum".to_owned(), "widened to u64"),
        (
            "#/paths/~1chat/post/requestBody/content/application~1json/example/seed".to_owned(),
            "left out of the example test",
        ),
        ("#/components/schemas/Request/examples/0/seed".to_owned(), "left out of the example test"),
    ];
    for (pointer, needle) in &cases {
        assert_warned(&output, file, pointer, needle);
    }
    let models = file_text(&output, "src/models.rs");
    for expected in [
        "pub seed: Option<Option<i64>> => \"seed\" present check(minimum(-9223372036854776000.0)),",
        "pub count: Option<i32> => \"count\" optional,",
        "pub big: Option<u64> => \"big\" optional,",
        "pub ratio: Option<f32> => \"ratio\" optional,",
        "pub items: Option<Vec<String>> => \"items\" optional check(min_items(2)),",
    ] {
        assert!(models.contains(expected), "no {expected:?} in\n{models}");
    }
    // The examples that fit are in the example test; those that do not are not.
    let examples: String =
        output.files.iter().filter(|f| f.path.starts_with("tests/")).map(|f| f.contents.as_str()).collect();
    assert!(examples.contains("18446744073709551615"), "the u64 example is tested");
    assert!(!examples.contains("9223372036854776000") && !examples.contains("e18"), "a seed beyond i64 is tested");
}

#[test]
fn yaml_merge_keys_are_resolved() {
    let file = "merge-keys.yaml";
    let output = expect_crate(file, fixture(file));
    // Its list of pets pages by the `next` URL it answers with: a note, not a problem.
    let problems: Vec<_> = output.warnings.iter().filter(|w| w.kind != WarningKind::Pagination).collect();
    assert!(problems.is_empty(), "{problems:?}");
    let models = file_text(&output, "src/models.rs");
    // Pet merges [named, stamped]: `id` from the earlier mapping (an integer), `name` as written in Pet.
    let pet = [
        "pub id: Option<i64> => \"id\" optional,",
        "pub created: Option<::chrono::DateTime<::chrono::Utc>> => \"created\" optional,",
        "/// Checked before sending: at least 1 character.",
        "pub name: String => \"name\" required check(min_length(1)),",
        "pub kind: Option<String> => \"kind\" optional,",
    ]
    .map(|line| format!("        {line}\n"))
    .concat();
    assert!(models.contains(&pet), "Pet is not merged as expected:\n{models}");
    assert!(models.contains("pub id: Option<String> => \"id\" optional,"), "Person's id is the uuid string");
    assert!(models.contains("/// A page of pets") && models.contains("pub items: Vec<String> => \"items\" required,"));
    let operations = file_text(&output, "src/operations.rs");
    assert!(operations.contains("maximum(100.0)") && operations.contains("maximum(50.0)"), "{operations}");
    // A merge key takes mappings only; a key written twice is refused, the merge key too.
    let head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nx-a: &a {k: 1}\n";
    expect_error("scalar-merge.yaml", format!("{head}paths: {{<<: 5}}\n"), &["scalar-merge.yaml:4:", "merge key"]);
    expect_error("twice.yaml", format!("{head}paths: {{<<: *a, <<: *a}}\n"), &["twice.yaml:4:", "duplicate entry"]);
}

#[test]
fn merge_keys_do_not_defuse_the_alias_bomb_limit() {
    // Merging nine mappings that each merge nine more, nine levels deep: 9^9 members if expanded.
    let mut text = String::from("openapi: 3.0.3\ninfo: {title: lol, version: '1'}\nx-lol:\n");
    let members: Vec<String> = (0..9).map(|i| format!("m{i}: lol")).collect();
    text.push_str(&format!("  a0: &a0 {{{}}}\n", members.join(", ")));
    for level in 1..=9 {
        let members: Vec<String> = (0..9).map(|i| format!("k{i}: {{<<: *a{}}}", level - 1)).collect();
        text.push_str(&format!("  a{level}: &a{level} {{{}}}\n", members.join(", ")));
    }
    text.push_str("paths: {<<: *a9}\n");
    let started = Instant::now();
    expect_file_error("merge-bomb.yaml", text, &["repetition limit exceeded"]);
    assert!(started.elapsed() < Duration::from_secs(10), "refusing the bomb took {:?}", started.elapsed());
}

#[test]
fn operations_named_like_client_methods_take_other_names() {
    let file = "client-method-names.yaml";
    let output = expect_crate(file, fixture(file));
    // Each file is sound on its own (`expect_crate`); the runtime's `impl Client` and the generated one
    // together must not define a method twice either.
    let runtime = inherent_methods(file_text(&output, "src/runtime/client.rs"), "Client");
    let generated = inherent_methods(file_text(&output, "src/operations.rs"), "Client");
    assert!(runtime.contains("url_for") && runtime.contains("headers_for"), "{runtime:?}");
    assert_eq!(generated.len(), 11, "{generated:?}");
    let twice: Vec<&String> = generated.iter().filter(|name| runtime.contains(*name)).collect();
    assert!(twice.is_empty(), "operations take the runtime's method names {twice:?}");
    for taken in ["url_for", "headers_for", "request", "send", "call", "builder", "new", "base_url", "timeout"] {
        assert_warned(&output, file, "#/paths", &format!("`{taken}` is taken"));
    }
}

/// The methods of the inherent `impl`s of the type named `owner` (by its last path segment) in one file.
fn inherent_methods(contents: &str, owner: &str) -> std::collections::BTreeSet<String> {
    let Ok(file) = syn::parse_file(contents) else { return std::collections::BTreeSet::new() };
    let mut methods = std::collections::BTreeSet::new();
    for item in &file.items {
        let syn::Item::Impl(block) = item else { continue };
        let named = matches!(block.self_ty.as_ref(), syn::Type::Path(path) if path.path.segments.last().is_some_and(|s| s.ident == owner));
        if block.trait_.is_none() && named {
            for member in &block.items {
                if let syn::ImplItem::Fn(f) = member {
                    methods.insert(f.sig.ident.to_string().trim_start_matches("r#").to_owned());
                }
            }
        }
    }
    methods
}

/// A struct of `members` members of every kind and constraint, for the width cases.
fn wide_struct_document(members: usize) -> String {
    let kinds = [
        serde_json::json!({"type": "string", "maxLength": 64}),
        serde_json::json!({"type": "integer", "format": "int64", "minimum": 0}),
        serde_json::json!({"type": "number"}),
        serde_json::json!({"type": "boolean"}),
        serde_json::json!({"type": "array", "items": {"type": "string"}}),
        serde_json::json!({"type": "string", "nullable": true}),
        serde_json::json!({"type": "string", "format": "date-time"}),
    ];
    let properties: serde_json::Map<String, serde_json::Value> =
        (0..members).map(|i| (format!("member_{i}"), kinds[i % kinds.len()].clone())).collect();
    let required: Vec<String> = (0..members).step_by(3).map(|i| format!("member_{i}")).collect();
    serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "wide", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Wide": {"type": "object", "required": required, "properties": properties}}}
    })
    .to_string()
}

#[test]
fn a_struct_of_ten_thousand_members_generates_one_line_each() {
    let output = expect_crate("wide-struct.json", wide_struct_document(10_000));
    let models = file_text(&output, "src/models.rs");
    let members = models.lines().filter(|line| line.trim_start().starts_with("pub member_")).count();
    assert_eq!(members, 10_000);
    let new = models.lines().find(|line| line.trim_start().starts_with("pub fn new(")).unwrap_or_default();
    assert_eq!(new.matches(": ").count(), 3_334, "the required members are the constructor's arguments");
}

#[test]
fn the_checks_catch_what_rustc_would_refuse() {
    let source = "pub enum E { A, A }\npub struct S { a: u8, r#a: u8 }\npub type S = u8;\n\
                  impl S { fn f(x: u8, x: u8) {} }\nimpl S { fn f() {} }\n\
                  fn g() { let _ = Some(1).unwrap(); m!(panic!()); }\n// \u{0}\n/// \u{202e}\nfn h() {}\n";
    let problems = common::rust_problems(source).join("\n");
    for expected in [
        "variant of E `A`",
        "field of S `a`",
        "type `S`",
        "parameter of f `x`",
        "method `S::f`",
        "uses `unwrap`",
        "uses `panic`",
        "control character",
        "bidirectional control",
    ] {
        assert!(problems.contains(expected), "{expected:?} not reported:\n{problems}");
    }
    assert!(common::rust_problems("fn broken( {").iter().any(|p| p.starts_with("does not parse")));
}
