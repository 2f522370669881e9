//! Generation settings (`tests/generator/fixtures/settings/`): a subset of the operations keeps only the types they
//! reach, a schema replaced by a type of the user's, derives added; and every mistake in a settings file refused
//! with its location. `cargo xtask corpus` builds the fixture's crate, which proves the output compiles.

use generator::{Config, Settings, Source, WarningKind};

const SPEC: &str = include_str!("../fixtures/settings/spec.yaml");
const SETTINGS: &str = include_str!("../fixtures/settings/settings.yaml");

fn settings(text: &str) -> Result<Settings, String> {
    Settings::parse(&Source { file: "settings.yaml", text }).map_err(|errors| errors.to_string())
}

fn generate(settings: Settings) -> Result<generator::Output, String> {
    let mut config = Config::new("settings_fixture");
    config.example_tests = false;
    config.settings = settings;
    generator::generate(&Source { file: "spec.yaml", text: SPEC }, &[], &config).map_err(|errors| errors.to_string())
}

fn file<'a>(output: &'a generator::Output, path: &str) -> &'a str {
    &output.files.iter().find(|file| file.path == path).expect("generated file").contents
}

#[test]
fn the_fixture_generates_the_selected_operations_and_only_the_types_they_reach() {
    let output = generate(settings(SETTINGS).expect("valid settings")).expect("generates");
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    let models = file(&output, "src/models.rs");
    let operations = file(&output, "src/operations.rs");
    insta::assert_snapshot!("settings-models", models);
    // Selected by tag (`pets`) and by path prefix (`/admin/`); `list_stores` is neither.
    for kept in ["pub fn list_pets(", "pub fn get_pet(", "pub fn audit_log("] {
        assert!(operations.contains(kept), "{kept} missing");
    }
    assert!(!operations.contains("list_stores"));
    // `Store` was only used by `list_stores`, `Orphan` by nothing; `Pet` is reached through a shared response.
    assert!(!models.contains("pub struct Store") && !models.contains("pub struct Orphan"));
    assert!(models.contains("pub struct Pet {"));
    assert!(models.contains("pub type Money = ::std::collections::BTreeMap<String, i64>;"));
    assert!(models.contains("#[derive(Debug, Clone, Default, Eq, Hash)]\n    pub struct AuditEntry"));
    // A string enum derives `Eq` already: nothing is added to it.
    assert!(!models.contains("#[derive(Eq)]\n    pub enum Kind"));
}

#[test]
fn without_settings_everything_is_generated() {
    let output = generate(Settings::default()).expect("generates");
    let models = file(&output, "src/models.rs");
    for name in ["pub struct Store", "pub struct Orphan", "pub struct Money"] {
        assert!(models.contains(name), "{name} missing");
    }
}

#[test]
fn mistakes_in_a_settings_file_are_refused_with_their_location() {
    let cases = [
        ("operations:\n  tag: [pets]\n", "settings.yaml:2:3: operations: unknown field `tag`"),
        ("derive: [Eq]\n", "settings.yaml:1:1: unknown field `derive`"),
        ("derives: Eq\n", "settings.yaml:1:10: derives: invalid type: string \"Eq\", expected a sequence"),
        ("derives: [Eq, Debug]\n", "settings.yaml#/derives/1: every generated type has `Debug` already"),
        ("derives: [\"not a path!\"]\n", "settings.yaml#/derives/0: \"not a path!\" is not a derive macro path"),
        (
            "types:\n  Money: {rust_type: \"Vec<\"}\n",
            "settings.yaml#/types/Money/rust_type: \"Vec<\" is not a Rust type",
        ),
        (
            "types:\n  Money: {rust_type: u64, derives: [Hash]}\n",
            "settings.yaml#/types/Money/derives: a type replaced by `rust_type` is not generated",
        ),
    ];
    for (text, expected) in cases {
        let error = settings(text).expect_err(text);
        assert!(error.starts_with(&format!("error: {expected}")), "{text:?} gave {error}");
    }
    let error = generate(settings("types:\n  Mony: {rust_type: u64}\n").expect("parses")).expect_err("no such schema");
    assert_eq!(error, "error: settings.yaml#/types/Mony: the document has no component schema \"Mony\"");
}

#[test]
fn a_selector_that_selects_nothing_is_a_warning_at_its_place() {
    let output =
        generate(settings("operations:\n  ids: [list_pets, list_pest]\n").expect("parses")).expect("generates");
    let warnings: Vec<String> = output
        .warnings
        .iter()
        .filter(|warning| warning.kind == WarningKind::Settings)
        .map(ToString::to_string)
        .collect();
    assert_eq!(warnings, ["settings.yaml#/operations/ids/1: [settings] \"list_pest\" selects no operation"]);
}
