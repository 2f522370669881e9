//! `cargo test` fails when `generated/` is stale, missing a file or has an extra one, and the check
//! names each such file.

use std::path::Path;
use xtask::codegen::{Mode, ensure_files, generate_mixpeek, project_root};

#[test]
fn generated_crate_is_fresh() {
    let problems = xtask::codegen::check_generated().expect("generation runs");
    assert!(problems.is_empty(), "generated/ is stale; run `cargo xtask codegen`:\n{}", problems.join("\n"));
}

#[test]
fn the_check_names_every_stale_missing_and_extra_file() {
    let files = generate_mixpeek(&project_root()).expect("generation runs");
    let dir = std::env::temp_dir().join(format!("freshness-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(ensure_files(&dir, &files, Mode::Write).expect("writes").is_empty());
    assert!(ensure_files(&dir, &files, Mode::Check).expect("checks").is_empty(), "fresh right after writing");

    // One changed byte, one deleted file, one extra file.
    let models = dir.join("src/models.rs");
    let mut bytes = std::fs::read(&models).expect("models.rs");
    let last = bytes.len() - 2;
    bytes[last] ^= 1;
    std::fs::write(&models, bytes).expect("rewrite");
    std::fs::remove_file(dir.join("src/runtime/union.rs")).expect("remove");
    std::fs::write(dir.join("src/leftover.rs"), "//! Not generated.\n").expect("extra");

    let problems = ensure_files(&dir, &files, Mode::Check).expect("checks");
    let shown: Vec<String> = problems
        .iter()
        .map(|p| p.replace(&dir.display().to_string(), "DIR").replace(std::path::MAIN_SEPARATOR, "/"))
        .collect();
    assert_eq!(shown, ["extra: DIR/src/leftover.rs", "missing: DIR/src/runtime/union.rs", "stale: DIR/src/models.rs"]);
    assert!(Path::new(&dir.join("src/leftover.rs")).exists(), "check mode writes nothing");

    // Write mode repairs all three.
    ensure_files(&dir, &files, Mode::Write).expect("writes");
    assert!(ensure_files(&dir, &files, Mode::Check).expect("checks").is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `cargo xtask codegen` generates with `specs/mixpeek.settings.yaml` when it exists, and the stamp says so.
#[test]
fn codegen_applies_the_settings_file_when_there_is_one() {
    let root = std::env::temp_dir().join(format!("codegen-settings-{}", std::process::id()));
    let specs = root.join("specs");
    std::fs::create_dir_all(&specs).expect("scratch specs folder");
    for name in ["mixpeek.yaml", "mixpeek.overlay.yaml"] {
        std::fs::copy(project_root().join("specs").join(name), specs.join(name)).expect("spec copied");
    }
    let operations = |root: &Path| {
        let files = generate_mixpeek(root).expect("generation runs");
        let text = &files.iter().find(|file| file.path == "src/operations.rs").expect("operations.rs").contents;
        (text.matches("\n    pub fn ").count(), text.contains("and specs/mixpeek.settings.yaml"))
    };
    let (all, _) = operations(&root);
    std::fs::write(
        specs.join("mixpeek.settings.yaml"),
        "operations:\n  paths: ['/v1/organizations/webhooks/{identifier}']\n",
    )
    .expect("settings written");
    let (narrowed, stamped) = operations(&root);
    assert_eq!((all, narrowed, stamped), (4, 1, true), "methods without and with the settings, and the stamp");
    std::fs::remove_dir_all(&root).expect("scratch removed");
}
