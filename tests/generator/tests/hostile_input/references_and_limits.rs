//! References, aliases, nesting and size: every bound the generator relies on holds.

use super::*;

#[test]
fn dangling_external_and_cyclic_references_generate_with_warnings() {
    let file = "refs.yaml";
    let output = expect_crate(file, fixture(file));
    let schemas = "#/components/schemas";
    assert_warned(&output, file, &format!("{schemas}/Dangling/$ref"), "does not resolve");
    assert_warned(&output, file, &format!("{schemas}/DanglingProperty/properties/b/$ref"), "does not resolve");
    for property in ["c", "d", "f"] {
        let at = format!("{schemas}/DanglingProperty/properties/{property}/$ref");
        assert_warned(&output, file, &at, "external references are not fetched");
    }
    assert_warned(&output, file, &format!("{schemas}/AliasA"), "recursive");
    assert_warned(&output, file, &format!("{schemas}/ArrayOfSelf"), "recursive");
    assert_warned(&output, file, &format!("{schemas}/MapOfSelf"), "recursive");
    assert_warned(&output, file, "#/paths/~1things~1{id}/parameters/0", "reference cycle");
    assert_warned(&output, file, "#/paths/~1things~1{id}/parameters/2", "does not resolve");
    assert_warned(&output, file, "#/paths/~1things~1{id}/get/requestBody", "reference cycle");
    assert_warned(&output, file, "#/paths/~1things~1{id}/get/responses/200", "reference cycle");
    assert_warned(&output, file, "#/paths/~1loop", "reference cycle");
    let models = file_text(&output, "src/models.rs");
    assert!(models.contains("pub type AliasA = ::serde_json::Value;"), "{models}");
}

#[test]
fn references_outside_the_document_are_never_fetched() {
    // The generator does no IO at all: it is given text and returns text. A reference to a listening
    // socket must not reach it, and references to files that exist must not read them.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener.set_nonblocking(true).expect("non-blocking listener");
    let url = format!("http://{}/schemas.yaml", listener.local_addr().expect("local address"));
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile/names-and-strings.yaml");
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\ncomponents:\n  schemas:\n    \
         Remote: {{$ref: '{url}#/Pet'}}\n    \
         File: {{$ref: 'file://{here}#/components/schemas/type'}}\n    \
         Relative: {{$ref: 'names-and-strings.yaml#/components/schemas/type'}}\n    \
         Holder:\n      type: object\n      properties:\n        \
         remote: {{$ref: '{url}'}}\n        relative: {{$ref: '../hostile/refs.yaml'}}\n",
        here = here.display()
    );
    let output = expect_crate("external.yaml", text);
    for name in ["Remote", "File", "Relative"] {
        assert_warned(&output, "external.yaml", &format!("#/components/schemas/{name}/$ref"), "not fetched");
    }
    assert_warned(&output, "external.yaml", "#/components/schemas/Holder/properties/remote/$ref", "not fetched");
    match listener.accept() {
        Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {}
        Ok((_, peer)) => panic!("the generator connected to {url} from {peer}"),
        Err(error) => panic!("accept failed: {error}"),
    }
}

#[test]
fn long_reference_chains_are_bounded() {
    // Local references outside the components, 1,000 hops long: lowered recursively up to
    // MAX_LOWER_DEPTH, then typed as any JSON value.
    let hops = 1_000;
    let mut chain: Vec<serde_json::Value> = (0..hops)
        .map(|i| match i % 3 {
            0 => serde_json::json!({"$ref": format!("#/x-chain/{}", i + 1)}),
            1 => serde_json::json!({"type": "array", "items": {"$ref": format!("#/x-chain/{}", i + 1)}}),
            _ => {
                serde_json::json!({"type": "object", "properties": {"next": {"$ref": format!("#/x-chain/{}", i + 1)}}})
            }
        })
        .collect();
    chain.push(serde_json::json!({"type": "string"}));
    let mut schemas = serde_json::Map::new();
    schemas.insert("Start".into(), serde_json::json!({"$ref": "#/x-chain/0"}));
    // Component aliases, 300 hops long, then a struct that refers back to the start.
    for i in 0..300 {
        schemas.insert(format!("A{i}"), serde_json::json!({"$ref": format!("#/components/schemas/A{}", i + 1)}));
    }
    schemas.insert(
        "A300".into(),
        serde_json::json!({"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A0"}}}),
    );
    let mut parameters = serde_json::Map::new();
    for i in 0..100 {
        parameters.insert(format!("P{i}"), serde_json::json!({"$ref": format!("#/components/parameters/P{}", i + 1)}));
    }
    parameters.insert("P100".into(), serde_json::json!({"name": "p", "in": "query"}));
    let document = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "chains", "version": "1"},
        "x-chain": chain,
        "paths": {"/a": {"get": {"parameters": [{"$ref": "#/components/parameters/P0"}], "responses": {"200": {"description": "ok"}}}}},
        "components": {"schemas": schemas, "parameters": parameters}
    });
    let output = expect_crate("chains.json", document.to_string());
    assert_warned(&output, "chains.json", "#/x-chain/", "levels deep through references");
    assert_warned(&output, "chains.json", "#/paths/~1a/get/parameters/0", "reference cycle");
    let models = file_text(&output, "src/models.rs");
    assert!(models.contains("pub struct A300"), "the struct at the end of the alias chain is kept");
}

// Bombs and limits.

#[test]
fn yaml_alias_bomb_is_refused_quickly() {
    // Nine levels of nine aliases: 9^9 (387 million) strings if expanded.
    let mut text = String::from("openapi: 3.0.3\ninfo: {title: lol, version: '1'}\nx-lol:\n");
    text.push_str("  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..=9 {
        let aliases = vec![format!("*a{}", level - 1); 9].join(", ");
        text.push_str(&format!("  a{level}: &a{level} [{aliases}]\n"));
    }
    text.push_str("components:\n  schemas:\n    Bomb:\n      type: string\n      enum: *a9\n");
    let started = Instant::now();
    expect_file_error("bomb.yaml", text, &["repetition limit exceeded"]);
    assert!(started.elapsed() < Duration::from_secs(10), "refusing the bomb took {:?}", started.elapsed());
}

#[test]
fn a_few_aliases_are_fine() {
    let text = "openapi: 3.0.3\ninfo: {title: aliases, version: '1'}\ncomponents:\n  schemas:\n    \
                A: &shape {type: object, properties: {x: {type: string}}}\n    B: *shape\n    \
                C: {type: object, properties: {a: *shape, b: *shape}}\n";
    let output = expect_crate("aliases.yaml", text.to_owned());
    assert!(file_text(&output, "src/models.rs").contains("pub struct C"));
}

fn nested_json(depth: usize) -> String {
    let mut text =
        String::from(r#"{"openapi":"3.0.3","info":{"title":"deep","version":"1"},"components":{"schemas":{"Deep":"#);
    for _ in 0..depth {
        text.push_str(r#"{"type":"array","items":"#);
    }
    text.push_str(r#"{"type":"string"}"#);
    text.push_str(&"}".repeat(depth));
    text.push_str("}}}");
    text
}

fn nested_yaml_flow(depth: usize) -> String {
    let mut text =
        String::from("openapi: 3.0.3\ninfo: {title: deep, version: '1'}\ncomponents:\n  schemas:\n    Deep: ");
    for _ in 0..depth {
        text.push_str("{type: object, properties: {p: ");
    }
    text.push_str("{type: string}");
    text.push_str(&"}}".repeat(depth));
    text.push('\n');
    text
}

/// Block-style nesting, one level per line, 1-space indent per level.
fn nested_yaml_block(depth: usize) -> String {
    let mut text = String::from("openapi: 3.0.3\ninfo: {title: deep, version: '1'}\ncomponents:\n schemas:\n  Deep:\n");
    for level in 0..depth {
        text.push_str(&" ".repeat(3 + level));
        text.push_str("items:\n");
    }
    text.push_str(&" ".repeat(3 + depth));
    text.push_str("type: string\n");
    text
}

#[test]
fn ten_thousand_levels_of_json_are_refused() {
    expect_error("deep.json", nested_json(10_000), &["deep.json:1:", "recursion limit exceeded"]);
    let arrays = format!(r#"{{"openapi":"3.0.3","x":{}{}}}"#, "[".repeat(10_000), "]".repeat(10_000));
    expect_error("arrays.json", arrays, &["arrays.json:1:", "recursion limit exceeded"]);
}

#[test]
fn ten_thousand_levels_of_yaml_are_refused() {
    expect_error("deep-flow.yaml", nested_yaml_flow(10_000), &["deep-flow.yaml:5:", "recursion limit exceeded"]);
    // Block style needs one more column per level: 1,000 levels (half a megabyte) already pass the limit.
    expect_error("deep-block.yaml", nested_yaml_block(1_000), &["recursion limit exceeded"]);
    let sequences = format!("openapi: 3.0.3\nx:\n{}x\n", "- ".repeat(10_000));
    expect_error("sequences.yaml", sequences, &["recursion limit exceeded"]);
}

#[test]
fn nesting_just_under_the_parser_limit_generates() {
    // 120 levels: accepted by the parsers, cut to any JSON value at MAX_SCHEMA_DEPTH.
    let at_limit = "#/components/schemas/Deep";
    let output = expect_crate("deep.json", nested_json(120));
    assert_warned(&output, "deep.json", at_limit, "nested more than 64 levels deep");
    let output = expect_crate("deep-block.yaml", nested_yaml_block(120));
    assert_warned(&output, "deep-block.yaml", at_limit, "nested more than 64 levels deep");
    // Objects in objects: one named struct per level, with names kept short enough for rustdoc.
    let output = expect_crate("deep-flow.yaml", nested_yaml_flow(60));
    let models = file_text(&output, "src/models.rs");
    let longest = models
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("pub struct "))
        .map(|rest| rest.split([' ', '{']).next().unwrap_or_default().len())
        .max()
        .unwrap_or_default();
    assert!(longest > 50, "expected long nested names, the longest is {longest}");
    assert!(longest <= generator::limits::MAX_TYPE_NAME + 4, "a type name is {longest} characters long");
}

#[test]
fn documents_over_the_size_limit_are_refused_before_parsing() {
    let limit = generator::limits::MAX_INPUT_BYTES;
    assert_eq!(limit, 64 * 1024 * 1024);
    let mut text = String::with_capacity(limit + 1);
    text.push_str(r#"{"openapi":"3.0.3","info":{"title":"huge","version":"1","description":""#);
    text.push_str(&"a".repeat(limit + 1 - text.len() - 4));
    text.push_str(r#""}}"#);
    text.push(' ');
    assert_eq!(text.len(), limit + 1);
    let started = Instant::now();
    expect_file_error("huge.json", text, &["67108865 bytes", "more than the limit of 67108864"]);
    assert!(started.elapsed() < Duration::from_secs(2), "refusing took {:?}", started.elapsed());
}

#[test]
fn fifty_megabytes_under_the_limit_generate_in_bounded_time() {
    // 50 MB carried by an extension the generator does not read and an example. A description this large
    // takes time linear in its size too, about 14 s in a debug build, too slow for this suite: the next
    // case generates from a megabyte of hostile prose.
    let padding = "0123456789abcdef".repeat(25_000_000 / 16);
    let text = format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"large","version":"1","x-padding":"{padding}"}},
        "components":{{"schemas":{{"Pet":{{"type":"object","properties":{{"name":{{"type":"string"}}}},"example":{{"name":"{padding}"}}}}}}}}}}"#
    );
    assert!(text.len() > 50_000_000 && text.len() < generator::limits::MAX_INPUT_BYTES);
    let started = Instant::now();
    let output = expect_crate("large.json", text);
    assert!(file_text(&output, "src/models.rs").contains("pub struct Pet"));
    assert!(started.elapsed() < Duration::from_secs(30), "generation took {:?}", started.elapsed());
}

#[test]
fn a_megabyte_of_hostile_prose_generates() {
    let unit =
        "*/ \"] #[doc = x] ```rust\n    indented();\n<script>&amp; [link] https://example.invalid/x \u{202e}\0\r\n";
    let description = unit.repeat(400_000 / unit.len());
    let document = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "prose", "version": "1", "description": description},
        "components": {"schemas": {"Prose": {"type": "object", "description": description,
            "properties": {"p": {"type": "string", "description": description}}}}}
    });
    let output = expect_crate("prose.json", document.to_string());
    assert!(file_text(&output, "src/models.rs").len() > 800_000);
}
