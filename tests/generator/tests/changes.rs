//! The change report on crafted pairs: `tests/generator/fixtures/changes/base.yaml` against every document of that
//! folder, both ways. Each document's second line states the two verdicts (`# semver: minor (reversed: major)`), which
//! are asserted; the Markdown reports are snapshots (`changes_snapshots/`), so every line's class and wire mark is
//! reviewed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use xtask::changes::{Side, compare, render};

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/changes")
}

/// The verdicts a fixture states on its second line: forward and reversed.
#[track_caller]
fn stated(path: &Path) -> (String, String) {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let line = text.lines().find_map(|line| line.strip_prefix("# semver: ")).expect("a `# semver:` line");
    let (forward, reversed) = line.split_once(" (reversed: ").expect("`X (reversed: Y)`");
    (forward.to_owned(), reversed.trim_end_matches(')').to_owned())
}

#[track_caller]
fn report(old: &Path, new: &Path) -> String {
    let side = |spec: &Path| Side { spec: spec.to_path_buf(), overlays: Vec::new(), settings: None };
    let set = compare(&side(old), &side(new)).unwrap_or_else(|error| panic!("{error:#}"));
    let name = |path: &Path| path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
    let text = render(&name(old), &name(new), &set);
    // Deterministic: the same inputs give the same bytes.
    assert_eq!(text, render(&name(old), &name(new), &compare(&side(old), &side(new)).expect("compares")));
    text
}

#[test]
fn crafted_pairs_both_ways() {
    let base = folder().join("base.yaml");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("changes_snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::glob!("../fixtures/changes", "*.yaml", |path| {
            let (forward, reversed) = stated(path);
            let there = report(&base, path);
            let back = report(path, &base);
            assert!(there.ends_with(&format!("semver: {forward}\n")), "{}: stated {forward}\n{there}", path.display());
            assert!(back.ends_with(&format!("semver: {reversed}\n")), "{}: stated {reversed}\n{back}", path.display());
            insta::assert_snapshot!("report", format!("{there}\n{back}"));
        });
    });
}

/// At least 30 kinds of change, and no snapshot left behind by a fixture renamed or deleted.
#[test]
fn every_snapshot_has_its_pair() {
    let pairs: BTreeSet<String> = std::fs::read_dir(folder())
        .expect("fixtures/changes")
        .flatten()
        .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
        .filter(|name| name.ends_with(".yaml") && name != "base.yaml")
        .collect();
    assert!(pairs.len() >= 30, "{} kinds of change", pairs.len());
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/changes_snapshots");
    for entry in std::fs::read_dir(snapshots).expect("changes_snapshots").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let fixture = name.strip_prefix("report@").and_then(|rest| rest.strip_suffix(".snap"));
        assert!(
            fixture.is_some_and(|fixture| fixture == "base.yaml" || pairs.contains(fixture)),
            "a snapshot without its pair (delete it): {name}"
        );
    }
}

/// The report names what breaks: a renamed schema is one rename, not a removal and an addition.
#[test]
fn a_renamed_schema_is_recognised() {
    let text = report(&folder().join("base.yaml"), &folder().join("schema-renamed.yaml"));
    assert!(text.contains("- **breaking** `Error`: renamed from `Problem` (the same schema)\n"), "{text}");
    assert!(!text.contains("removed") && !text.contains("added"), "{text}");
}

/// The report compares the crates the settings generate: an operation the settings leave out on both sides is no
/// change, and one that the new side's settings leave out is gone from the crate (breaking for Rust callers) but
/// still served (no wire mark).
#[test]
fn settings_narrow_what_is_compared() {
    let scratch = std::env::temp_dir().join(format!("changes-settings-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch folder");
    let settings = scratch.join("settings.yaml");
    std::fs::write(&settings, "operations:\n  ids: [list_pets, create_pet, get_pet]\n").expect("settings written");
    let side = |spec: &str, settings: Option<&Path>| Side {
        spec: folder().join(spec),
        overlays: Vec::new(),
        settings: settings.map(Path::to_path_buf),
    };
    let both =
        compare(&side("base.yaml", Some(&settings)), &side("operation-added.yaml", Some(&settings))).expect("compares");
    assert!(both.changes.is_empty(), "{both:?}");
    let new_only =
        compare(&side("operation-added.yaml", None), &side("operation-added.yaml", Some(&settings))).expect("compares");
    let text = render("all", "narrowed", &new_only);
    assert!(
        text.contains("- **breaking** `DELETE /pets/{pet_id}` (`delete_pet`): left out by the generation settings\n"),
        "{text}"
    );
    assert_eq!(new_only.wire_breaking(), 0, "{text}");
    assert!(text.ends_with("semver: major\n"), "{text}");
    std::fs::remove_dir_all(&scratch).expect("scratch removed");
}
