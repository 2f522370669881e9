//! `cargo test` fails when `generated/` is stale, missing a file or has an extra one.

#[test]
fn generated_crate_is_fresh() {
    let problems = xtask::codegen::check_generated().expect("generation runs");
    assert!(problems.is_empty(), "generated/ is stale; run `cargo xtask codegen`:\n{}", problems.join("\n"));
}
