//! `cargo xtask`: the repository's tasks (codegen, generate, corpus, bench, live). The only place that reads and writes files.

mod bench;
mod ci;
mod corpus;
mod example_runs;
mod live;
mod table;
mod verify;

use xtask::{changes, codegen};

use std::process::ExitCode;

/// mimalloc instead of the system allocator: generation makes millions of short-lived allocations (token
/// trees, syn nodes, strings), and glibc's malloc was about a third of its instructions. Only this binary
/// uses it; the generator library and the generated crate keep their callers' allocator. Built without
/// transparent huge pages (the workspace's `no_thp` feature): see `Cargo.toml`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  cargo xtask ci                     the whole test command (what .ci/run runs)
  cargo xtask codegen [--check | --report PATH]
                                     regenerate generated/ from specs/ (or verify it is fresh); when
                                     the output changes, print the change report against the committed
                                     specs (--report: also write it to PATH)
  cargo xtask generate --spec PATH --out DIR [--crate-name NAME] [--overlay PATH]... [--settings PATH] [--no-example-tests]
                                     generate a standalone crate from any OpenAPI document (with
                                     tests/spec_examples/, the document's examples as a test, unless
                                     --no-example-tests)
  cargo xtask changes --old PATH --new PATH [--overlay PATH]... [--old-overlay PATH]... [--new-overlay PATH]...
                      [--settings PATH | --old-settings PATH --new-settings PATH]
                                     the change report between the crates two documents generate
                                     (Markdown; the last line is `semver: major|minor|patch`)
  cargo xtask changes --verify [--only NAME]
                                     the report's semver line against cargo-semver-checks on the
                                     crafted pairs of tests/generator/fixtures/changes and the real pairs
  cargo xtask corpus [--only NAME] [--no-check] [--write-report]
                                     generate and `cargo check` every document of ../shared/corpus,
                                     --write-report writes the report to docs/corpus.md
  cargo xtask bench [--anchors] [--smoke] [--width] [--runs N]
                                     codegen time and memory, generated lines, cargo check time and
                                     decode speed (--anchors: next to progenitor and openapi-to-rust),
                                     and the width section (--width: only it): wide structs, enums and
                                     operations next to derive crates; report in BENCHMARKS.md (not
                                     with --smoke)
  cargo xtask live [--pin]           the generated client against a real Prefect server (pinned in
                                     tests/live/requirements.txt, installed into target/live/venv):
                                     tests/live/prefect drives it and checks what went over the wire";

/// `cargo xtask changes`: prints the report, or with `--verify` compares its verdicts with cargo-semver-checks.
fn changes_command(args: &[String]) -> anyhow::Result<ExitCode> {
    if args.first().map(String::as_str) == Some("--verify") {
        return verify::verify(&args[1..]);
    }
    let (old, new) = changes::parse_sides(args)?;
    let set = changes::compare(&old, &new)?;
    print!("{}", changes::render(&changes::label(&old.spec), &changes::label(&new.spec), &set));
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("changes") => changes_command(&args[1..]),
        Some("codegen") => codegen::codegen(&args[1..]),
        Some("generate") => codegen::generate_command(&args[1..]),
        Some("corpus") => corpus::corpus(&args[1..]),
        Some("ci") => ci::ci(&args[1..]),
        Some("bench") => bench::bench(&args[1..]),
        Some("bench-one") => bench::bench_one(&args[1..]),
        Some("live") => live::live(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
