//! Hostile input never crashes the generator: every document here either fails with a located,
//! specific error, or generates a crate whose Rust files all parse (with `syn`), are plain text, hold no
//! panicking construct and define no name twice (`common::rust_problems`). Each case runs on its own
//! thread with a 2 MiB stack and a time limit, so a stack overflow, a panic or a hang fails the suite
//! instead of passing unnoticed.
//!
//! A located error names `file:line:col` (syntax errors) or `file#/json/pointer` (structure errors);
//! only limits on the document as a whole (size, alias expansion, several YAML documents, an empty file)
//! are located at the file.
//!
//! Whether the crates build is checked once, not per case (cargo per case would be too slow):
//! `fixtures/hostile/names-and-strings.yaml` holds every nasty name and string, and every case found to
//! break compilation, in one valid document, for the corpus compile check (`cargo clippy -D warnings`,
//! `cargo doc -D warnings`); so do `huge-numbers.yaml`, `merge-keys.yaml` and `client-method-names.yaml`.
//!
//! Limits the generator relies on, and where they live:
//! - input size: [`generator::limits::MAX_INPUT_BYTES`] = 64 MiB; larger text is refused before parsing;
//! - nesting: serde_json and serde_yaml both stop at 128 levels ("recursion limit exceeded"), so no later
//!   stage sees a deeper value;
//! - YAML aliases: serde_yaml stops when expanding aliases replays more than 100 times the document's own
//!   events ("repetition limit exceeded"), which defuses alias bombs, merge keys (`<<: *a`) included;
//! - numbers: read at any size; one the Rust type it constrains cannot hold is dropped (or the integer widened
//!   to `u64`) with a warning at its pointer, never a refusal ([`generator::generate`]);
//! - schema depth: [`generator::limits::MAX_SCHEMA_DEPTH`] = 64 levels inside one schema, and
//!   [`generator::limits::MAX_LOWER_DEPTH`] = 128 levels while lowering, counting local `$ref`s outside
//!   `#/components/schemas` (which are lowered recursively); deeper schemas become `serde_json::Value`
//!   with a warning;
//! - `$ref` hops: 32 for parameters, bodies, responses and path items, 64 for `allOf` parts; a longer
//!   chain is reported as a cycle; component aliases more than 256 hops long are typed as any JSON value;
//! - twin detection: 64 refinement rounds; past that no two schemas are merged;
//! - overlays: one overlay adds at most [`generator::limits::MAX_ADDED_VALUES`] = 100,000 JSON values
//!   and nests nothing deeper than [`generator::limits::MAX_OVERLAY_DEPTH`] = 128 levels (the parsers' limit),
//!   since an update applies to every node its target selects and can compound;
//! - type names: [`generator::limits::MAX_TYPE_NAME`] = 100 characters before a numeric suffix, so that
//!   rustdoc's `struct.Name.html` stays under the 255-byte file-name limit;
//! - no IO: the generator reads nothing but the text it is given; references to other files or URLs
//!   are never fetched (a case below proves it with a listening socket that must see no connection).

mod common;

use generator::{Config, Errors, Location, Output, Source, WarningKind};
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The stack each generation runs on: the default of a spawned thread, less than a main thread has.
const STACK_BYTES: usize = 2 * 1024 * 1024;
/// Far more than any case needs in a debug build; a case that takes longer is a hang.
const TIME_LIMIT: Duration = Duration::from_secs(60);

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Generates on a fresh thread with a bounded stack, failing the test on a panic or a hang.
#[track_caller]
fn run(file: &str, text: String) -> Result<Output, Errors> {
    run_with_overlay(file, text, None)
}

/// [`run`], with an overlay `(file, text)` applied first.
#[track_caller]
fn run_with_overlay(file: &str, text: String, overlay: Option<(&str, String)>) -> Result<Output, Errors> {
    let (sender, receiver) = mpsc::channel();
    let name = file.to_owned();
    let overlay = overlay.map(|(file, text)| (file.to_owned(), text));
    std::thread::Builder::new()
        .name(format!("generate {file}"))
        .stack_size(STACK_BYTES)
        .spawn(move || {
            let overlays: Vec<Source<'_>> =
                overlay.iter().map(|(file, text)| Source { file: file.as_str(), text: text.as_str() }).collect();
            let spec = Source { file: &name, text: &text };
            let result = generator::generate(&spec, &overlays, &Config::new("hostile"));
            let _ = sender.send(result);
        })
        .expect("spawn a generator thread");
    match receiver.recv_timeout(TIME_LIMIT) {
        Ok(result) => result,
        Err(RecvTimeoutError::Timeout) => panic!("{file}: generation did not finish within {TIME_LIMIT:?}"),
        Err(RecvTimeoutError::Disconnected) => panic!("{file}: the generator panicked (message above)"),
    }
}

/// Whether `display` names a place in `file`: `file:line:col` or `file#pointer`.
fn is_located(display: &str, file: &str) -> bool {
    let Some(rest) = display.find(file).map(|at| &display[at + file.len()..]) else { return false };
    if rest.starts_with('#') {
        return true;
    }
    let mut parts = rest.strip_prefix(':').unwrap_or("").splitn(3, ':');
    let mut number = || parts.next().is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    number() && number()
}

/// Asserts a located error whose message contains every one of `needles`; returns the message.
#[track_caller]
fn expect_error(file: &str, text: String, needles: &[&str]) -> String {
    let errors = match run(file, text) {
        Ok(output) => panic!("{file}: expected an error, generated {} files", output.files.len()),
        Err(errors) => errors,
    };
    let display = errors.to_string();
    assert!(!errors.0.is_empty(), "{file}: an empty error list");
    for error in &errors.0 {
        assert!(is_located(&error.to_string(), file), "{file}: error is not located at a line or a pointer: {error}");
    }
    for needle in needles {
        assert!(display.contains(needle), "{file}: error lacks {needle:?}:\n{display}");
    }
    display
}

/// Asserts an error about the document as a whole, located at the file.
#[track_caller]
fn expect_file_error(file: &str, text: String, needles: &[&str]) -> String {
    let errors = match run(file, text) {
        Ok(output) => panic!("{file}: expected an error, generated {} files", output.files.len()),
        Err(errors) => errors,
    };
    let display = errors.to_string();
    assert!(
        errors.0.iter().all(|e| matches!(&e.location, Location::File { file: f } if f == file)),
        "{file}: expected an error about the whole file:\n{display}"
    );
    for needle in needles {
        assert!(display.contains(needle), "{file}: error lacks {needle:?}:\n{display}");
    }
    display
}

/// Asserts that a crate was generated and that its Rust files are sound text; returns the output.
#[track_caller]
fn expect_crate(file: &str, text: String) -> Output {
    let output = match run(file, text) {
        Ok(output) => output,
        Err(errors) => panic!("{file}: expected a crate, got:\n{errors}"),
    };
    for generated in output.files.iter().filter(|f| f.path.ends_with(".rs")) {
        check_rust(file, &generated.path, &generated.contents);
    }
    // TOML forbids raw control characters (DEL included) even inside strings.
    let manifest = file_text(&output, "Cargo.toml");
    let control = manifest.chars().find(|c| c.is_control() && *c != '\n');
    assert!(control.is_none(), "{file}: Cargo.toml holds {control:?}:\n{manifest}");
    output
}

/// A generated Rust file parses, is plain text, calls nothing that panics (unless it is the example test) and
/// defines no name twice.
#[track_caller]
fn check_rust(file: &str, path: &str, contents: &str) {
    let problems =
        if path.starts_with("tests/") { common::test_code_problems(contents) } else { common::rust_problems(contents) };
    assert!(problems.is_empty(), "{file}: generated {path}: {}", problems.join("; "));
}

/// Asserts that some warning is located at a pointer starting with `pointer` and says `needle`.
#[track_caller]
fn assert_warned(output: &Output, file: &str, pointer: &str, needle: &str) {
    let at = format!("{file}{pointer}");
    let found = output.warnings.iter().any(|w| {
        let location = w.location.to_string();
        location.starts_with(&at) && w.message.contains(needle)
    });
    let all: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
    assert!(found, "{file}: no warning at {pointer} saying {needle:?}; warnings:\n{}", all.join("\n"));
}

fn file_text<'a>(output: &'a Output, path: &str) -> &'a str {
    output.files.iter().find(|f| f.path == path).map(|f| f.contents.as_str()).unwrap_or_default()
}

// Malformed JSON and YAML.

#[test]
fn truncated_json_is_located() {
    expect_error("truncated.json", fixture("truncated.json"), &["truncated.json:5:", "EOF while parsing"]);
}

#[test]
fn truncated_yaml_is_located() {
    expect_error("truncated.yaml", fixture("truncated.yaml"), &["invalid YAML", "end of stream"]);
}

#[test]
fn tab_indented_yaml_is_located() {
    expect_error("tab-indented.yaml", fixture("tab-indented.yaml"), &["tab-indented.yaml:3:1", "invalid YAML"]);
}

#[test]
fn duplicate_json_keys_are_refused() {
    expect_error(
        "duplicate-keys.json",
        fixture("duplicate-keys.json"),
        &["duplicate-keys.json:7:", "duplicate key \"Pet\""],
    );
}

#[test]
fn duplicate_yaml_keys_are_refused() {
    expect_error(
        "duplicate-keys.yaml",
        fixture("duplicate-keys.yaml"),
        &["duplicate-keys.yaml:7:", "duplicate entry with key \"Pet\""],
    );
}

#[test]
fn invalid_escapes_are_located() {
    expect_error("invalid-escape.json", fixture("invalid-escape.json"), &["invalid-escape.json:3:", "invalid escape"]);
    expect_error("invalid-escape.yaml", fixture("invalid-escape.yaml"), &["invalid-escape.yaml:3:", "unknown escape"]);
    expect_error("lone-surrogate.json", fixture("lone-surrogate.json"), &["lone-surrogate.json:1:", "invalid JSON"]);
}

#[test]
fn documents_that_are_not_objects_are_refused_at_the_root() {
    for (text, found) in [
        ("null", "found null"),
        ("~", "found null"),
        ("42", "found a number"),
        ("[]", "found an array"),
        ("- openapi: 3.0.3", "found an array"),
        ("just a sentence", "found a string"),
        ("# only a comment\n", "found null"),
        ("true", "found a boolean"),
    ] {
        expect_error("root.yaml", text.to_owned(), &["root.yaml#", "an OpenAPI document must be an object", found]);
    }
}

#[test]
fn empty_documents_are_refused() {
    for text in ["", " \n\t\n", "\u{feff}", "\u{feff}  \n"] {
        expect_file_error("empty.yaml", text.to_owned(), &["document is empty"]);
    }
}

#[test]
fn several_yaml_documents_are_refused() {
    expect_file_error("two-documents.yaml", fixture("two-documents.yaml"), &["more than one document"]);
}

#[test]
fn unsupported_versions_are_refused_with_a_pointer() {
    expect_error(
        "swagger.yaml",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\n".to_owned(),
        &["#/swagger", "Swagger 2.0"],
    );
    expect_error("future.yaml", "openapi: 4.0.0\n".to_owned(), &["#/openapi", "unsupported OpenAPI version \"4.0.0\""]);
}

// Wrong types at every level: read what can be read, warn with a pointer, type the rest as any.

#[test]
fn paths_as_a_list_is_ignored_with_a_warning() {
    let output = expect_crate("paths-is-a-list.yaml", fixture("paths-is-a-list.yaml"));
    assert_warned(&output, "paths-is-a-list.yaml", "#/paths", "should be an object");
}

#[test]
fn wrong_types_at_every_level_generate_with_warnings() {
    let file = "wrong-types.yaml";
    let output = expect_crate(file, fixture(file));
    let get = "#/paths/~1pets~1{id}/get";
    assert_warned(&output, file, "#/paths/~1string-item", "expected an object, found `\"not a path item\"`");
    assert_warned(&output, file, "#/paths/~1list-item", "expected an object, found `[1,2,3]`");
    assert_warned(&output, file, &format!("{get}/parameters/0/name"), "no `name`");
    assert_warned(&output, file, &format!("{get}/parameters/1/schema"), "a schema should be an object");
    assert_warned(&output, file, &format!("{get}/parameters/2/in"), "location Some(\"nowhere\") is unknown");
    assert_warned(&output, file, &format!("{get}/parameters/3"), "expected an object, found `42`");
    assert_warned(&output, file, &format!("{get}/parameters/4/name"), "no `name`");
    assert_warned(&output, file, &format!("{get}/requestBody"), "expected an object");
    assert_warned(&output, file, "#/paths/~1pets~1{id}/post", "operation should be an object");
    assert_warned(&output, file, "#/paths/~1pets~1{id}/put/responses/abc", "not a status code");
    assert_warned(&output, file, "#/components/schemas/StringSchema", "a schema should be an object");
    assert_warned(&output, file, "#/components/schemas/NumberSchema", "a schema should be an object");
    assert_warned(&output, file, "#/components/schemas/ListSchema", "a schema should be an object");
    assert_warned(&output, file, "#/components/schemas/TypeNumber/type", "should be a string or an array");
    assert_warned(&output, file, "#/components/schemas/TypeUnknown/type", "unknown type \"banana\"");
    assert_warned(&output, file, "#/components/schemas/RefNumber/$ref", "`$ref` is not a string");
    let models = file_text(&output, "src/models.rs");
    assert!(models.contains("pub struct RequiredString"), "{models}");
}

/// A discriminator without a mapping over branches whose property lists other values than their schema names
/// (OpenAI's `ActiveStatus` with `type: [active]`): the schema names could never be sent, the listed values are
/// the tags. Where two branches list the same value (three `type: message` items told apart by `role`), the
/// property is no tag and the union is read by shape.
#[test]
fn discriminator_tags_are_the_values_the_branches_list() {
    let branch = |value: &str, role: &str| {
        serde_json::json!({"type": "object", "required": ["type"], "properties": {
            "type": {"type": "string", "enum": [value]}, "role": {"type": "string", "enum": [role]}}})
    };
    let refs = |names: &[&str]| -> Vec<serde_json::Value> {
        names.iter().map(|n| serde_json::json!({"$ref": format!("#/components/schemas/{n}")})).collect()
    };
    let document = serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "tags", "version": "1"},
        "paths": {},
        "components": {"schemas": {
            "Status": {"oneOf": refs(&["ActiveStatus", "LockedStatus"]), "discriminator": {"propertyName": "type"}},
            "ActiveStatus": branch("active", "any"),
            "LockedStatus": branch("locked", "any"),
            "Item": {"oneOf": refs(&["UserMessage", "SystemMessage"]), "discriminator": {"propertyName": "type"}},
            "UserMessage": branch("message", "user"),
            "SystemMessage": branch("message", "system")
        }}
    });
    let output = expect_crate("tags.json", document.to_string());
    let models = file_text(&output, "src/models.rs");
    assert!(models.contains(r#"ActiveStatus(ActiveStatus) => ["active"],"#), "{models}");
    assert!(models.contains(r#"LockedStatus(LockedStatus) => ["locked"],"#), "{models}");
    // Two branches list `message`: the union is read by shape (untagged), not by tag.
    let before_item = &models[..models.find("pub enum Item {").expect("Item is generated")];
    let untagged = before_item.rfind("crate::runtime::union::untagged_union!");
    let tagged = before_item.rfind("crate::runtime::union::tagged_union!");
    assert!(untagged > tagged, "{models}");
}

// References.

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

// Overlays are input too: an overlay must not be able to do what the parsers forbid a document.

const OVERLAY_HEAD: &str = "overlay: 1.0.0\ninfo: {title: hostile, version: '1'}\nactions:\n";

fn small_spec() -> String {
    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    A: {type: object, properties: {x: {type: string}}}\n".to_owned()
}

#[test]
fn overlays_that_grow_the_document_exponentially_are_refused() {
    // Every object gains 40 objects per action, and `$..*` selects what the last action added: 41^24
    // objects after 24 actions, from an overlay of 50 lines.
    let members: Vec<String> = (0..40).map(|i| format!("x-{i}: {{}}")).collect();
    let actions = format!("  - target: $..*\n    update: {{{}}}\n", members.join(", ")).repeat(24);
    let started = Instant::now();
    let errors = run_with_overlay("spec.yaml", small_spec(), Some(("grow.yaml", format!("{OVERLAY_HEAD}{actions}"))))
        .expect_err("the overlay is refused");
    let display = errors.to_string();
    let limit = generator::limits::MAX_ADDED_VALUES.to_string();
    assert!(display.contains("grow.yaml#/actions/") && display.contains(&limit), "{display}");
    assert!(started.elapsed() < Duration::from_secs(30), "refusing took {:?}", started.elapsed());
}

#[test]
fn overlays_that_nest_deeper_than_the_parsers_allow_are_refused() {
    // Each update is 100 levels deep, which parses; the second lands 100 levels down.
    let nested = format!("{}{{}}{}", "{x-d: ".repeat(100), "}".repeat(100));
    let deep_target: String = std::iter::once("$".to_owned()).chain((0..100).map(|_| "['x-d']".to_owned())).collect();
    let overlay = format!(
        "{OVERLAY_HEAD}  - target: $\n    update: {nested}\n  - target: \"{deep_target}\"\n    update: {nested}\n"
    );
    let errors = run_with_overlay("spec.yaml", small_spec(), Some(("deep.yaml", overlay))).expect_err("refused");
    let display = errors.to_string();
    assert!(display.contains("deep.yaml#/actions/1/update") && display.contains("128 levels"), "{display}");
}

#[test]
fn malformed_overlays_are_located_in_the_overlay() {
    let cases = [
        ("truncated.yaml", format!("{OVERLAY_HEAD}  - target: \"$.info\n"), "truncated.yaml:"),
        ("list.yaml", "[]".to_owned(), "list.yaml#"),
        (
            "no-actions.yaml",
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: 5\n".to_owned(),
            "no-actions.yaml#/actions",
        ),
        (
            "bad-path.yaml",
            format!("{OVERLAY_HEAD}  - target: \"$[\"\n    remove: true\n"),
            "bad-path.yaml#/actions/0/target",
        ),
        ("remove-root.yaml", format!("{OVERLAY_HEAD}  - target: $\n    remove: true\n"), "remove-root.yaml#/actions/0"),
    ];
    for (file, overlay, location) in cases {
        let errors = run_with_overlay("spec.yaml", small_spec(), Some((file, overlay))).expect_err("refused");
        let display = errors.to_string();
        assert!(display.contains(location), "{file}: expected an error at {location}:\n{display}");
    }
}
