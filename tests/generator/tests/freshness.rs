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
