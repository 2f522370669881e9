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
//!   are never fetched (a case in `hostile_input/references_and_limits.rs` proves it with a listening socket
//!   that must see no connection).

mod common;
#[path = "hostile_input/names_and_numbers.rs"]
mod names_and_numbers;
#[path = "hostile_input/overlays.rs"]
mod overlays;
#[path = "hostile_input/references_and_limits.rs"]
mod references_and_limits;

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
