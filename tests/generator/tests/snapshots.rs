//! Snapshot tests: every fixture under `tests/generator/fixtures/` (and the Mixpeek spec) through the whole
//! generator; the generated Rust and the warnings are snapshotted. The generated crates are compiled by
//! `cargo xtask corpus`, which includes these fixtures.

use std::collections::BTreeSet;
use std::path::Path;

/// Generates a fixture and returns the models, operations and lib files, and the warnings, as text.
#[track_caller]
fn generate(file: &str, text: &str) -> (String, String) {
    let config = generator::Config::new("fixture");
    let output = generator::generate(&generator::Source { file, text }, &[], &config)
        .unwrap_or_else(|errors| panic!("{file} does not generate: {errors}"));
    let mut code = String::new();
    // `auth.rs` only where there are schemes to see, so that the other snapshots stay as they were.
    let auth = if text.contains("securitySchemes") { &["src/auth.rs"][..] } else { &[] };
    for &name in ["src/models.rs", "src/operations.rs", "src/lib.rs"].iter().chain(auth) {
        let file = output.files.iter().find(|f| f.path == name).expect("file is generated");
        code.push_str(&format!("// ===== {name} =====\n{}\n", file.contents));
    }
    let warnings: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
    (code, warnings.join("\n"))
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures", "*.yaml", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("fixture");
        let (code, warnings) = generate(name, &text);
        insta::assert_snapshot!("code", code);
        insta::assert_snapshot!("warnings", warnings);
    });
}

#[test]
fn mixpeek_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let spec = std::fs::read_to_string(root.join("specs/mixpeek.yaml")).expect("spec is readable");
    let overlay = std::fs::read_to_string(root.join("specs/mixpeek.overlay.yaml")).expect("overlay is readable");
    let output = generator::generate(
        &generator::Source { file: "specs/mixpeek.yaml", text: &spec },
        &[generator::Source { file: "specs/mixpeek.overlay.yaml", text: &overlay }],
        &generator::Config::new("mixpeek"),
    )
    .expect("the Mixpeek spec generates");
    let warnings: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("mixpeek_warnings", warnings.join("\n"));
}

/// A snapshot whose fixture was deleted or renamed must not linger.
#[test]
fn no_unreferenced_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures: BTreeSet<String> = std::fs::read_dir(dir.join("fixtures"))
        .expect("fixtures folder")
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    let mut unreferenced = Vec::new();
    for entry in std::fs::read_dir(dir.join("tests/snapshots")).expect("snapshots folder").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        // Other test files' snapshots (`settings__…`) are checked by insta's own run.
        if name == "snapshots__mixpeek_warnings.snap" || !name.starts_with("snapshots__") {
            continue;
        }
        let referenced = fixtures.iter().any(|fixture| {
            name == format!("snapshots__code@{fixture}.snap") || name == format!("snapshots__warnings@{fixture}.snap")
        });
        if !referenced {
            unreferenced.push(name);
        }
    }
    assert!(unreferenced.is_empty(), "snapshots without a fixture (delete them): {unreferenced:?}");
}
