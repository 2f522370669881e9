//! Hostile overlays: growth, depth and malformed actions. Overlays are input too: an overlay must not be able to
//! do what the parsers forbid a document.

use super::*;

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
