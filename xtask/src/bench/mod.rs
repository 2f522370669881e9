//! Bench: `cargo xtask bench [--anchors] [--smoke] [--runs N]` measures the generator side by side with its
//! floor (parsing the same document) and, with `--anchors`, with cargo-progenitor and openapi-to-rust,
//! and prints a report (written to `BENCHMARKS.md` unless `--smoke`).
//!
//! Every codegen figure comes from a fresh child process of a release build, so its peak memory is one
//! document's alone; `/usr/bin/time` gives each child's CPU time and maximum resident size (without it, our
//! children report their own `VmHWM`):
//! - codegen: `xtask bench-one generate` (read, generate, write the crate) next to `xtask bench-one parse`
//!   (read, parse into a `serde_json::Value`) and the anchors, median of N interleaved runs;
//! - the generated crates (`target/bench/<tool>-<doc>/`, one workspace with the target dir
//!   `target/bench-target` and a copy of the project's `Cargo.lock`): lines of `.rs` files and `cargo check`
//!   time of the crate alone, its dependencies prebuilt, `CARGO_INCREMENTAL=0`, `cargo clean -p` before each run;
//! - decode: `decode-bench` (benches/decode) decodes 10,000 `WebhookOutput` values with the generated
//!   models and with hand-written serde structs.
//!
//! - width (`width/`): synthetic documents with one wide struct, enum or set of operations, the generated
//!   crate's `cargo check` time and rustc memory next to a hand-written derive crate of the same shape.
//!
//! `--smoke` is the CI variant: one run, two small documents and the smallest width documents, dev builds, no
//! anchors, no `BENCHMARKS.md`. `--width` runs only the width section and rewrites only its part of the report.

mod checks;
mod codegen;
mod one;
mod process;
mod report;
mod width;

use checks::*;
use codegen::*;
pub use one::bench_one;
use process::*;
use report::*;

use crate::table::Table;
use anyhow::{Context, bail};
use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;
use xtask::codegen::{Mode, ensure_files, project_root};

const USAGE: &str = "usage: cargo xtask bench [--anchors] [--smoke] [--width] [--runs N]";

/// Where the documents live, relative to the project root.
const SPECS_DIR: &str = "../shared/corpus/specs";

/// The workspace of generated crates that are `cargo check`ed, relative to the project root.
const BENCH_DIR: &str = "target/bench";

/// Its target directory, so dependencies are built once for all of them.
const BENCH_TARGET_DIR: &str = "target/bench-target";

/// Where codegen runs write crates that are not checked.
const SCRATCH_DIR: &str = "target/bench-scratch";

/// How long installing one anchor (downloading and compiling it) may take.
const INSTALL_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30 * 60);

/// Measures a child's CPU time and peak memory (GNU time).
const TIME: &str = "/usr/bin/time";

/// Where `--anchors` installs the other generators (`cargo install --root`).
const ANCHORS_DIR: &str = "target/anchors";

const DOC_PATH: &str = "BENCHMARKS.md";

/// Everything in `BENCHMARKS.md` from this line on is written by hand (profiles, fixes) and kept when the
/// command rewrites the measured part above it.
const NOTES_MARKER: &str = "<!-- Hand-written notes below: `cargo xtask bench` keeps everything from this line on. -->";

/// The width section of `BENCHMARKS.md` runs from this line to the notes: `cargo xtask bench --width` rewrites
/// only that part, and the rest of the command everything above it.
const WIDTH_MARKER: &str = "<!-- Width section: `cargo xtask bench --width` rewrites from this line to the notes. -->";

/// Runs of the width section when `--runs` does not say (its larger crates take a minute to check).
const WIDTH_RUNS: usize = 3;

/// Generation runs on a thread with a large stack, as in `cargo xtask corpus`.
const STACK_SIZE: usize = 256 * 1024 * 1024;

/// The number of values in the decoded list.
const DECODE_VALUES: usize = 10_000;

/// One measured document: its short name, its file under `SPECS_DIR`, and whether the generated crates are
/// `cargo check`ed.
#[derive(Debug, Clone, Copy)]
struct Doc {
    name: &'static str,
    file: &'static str,
    check: bool,
}

const FULL_DOCS: &[Doc] = &[
    Doc { name: "mixpeek-0.81", file: "mixpeek-0.81.json", check: true },
    Doc { name: "stripe", file: "stripe.yaml", check: false },
    Doc { name: "github", file: "github-api.json", check: false },
    Doc { name: "nexus", file: "progenitor-nexus.json", check: true },
];

const SMOKE_DOCS: &[Doc] = &[
    Doc { name: "petstore", file: "petstore-3.0.json", check: true },
    Doc { name: "petstore-expanded", file: "petstore-expanded-3.0.yaml", check: false },
];

/// A code generator under measurement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tool {
    Ours,
    Progenitor,
    OpenapiToRust,
}

impl Tool {
    fn label(self) -> &'static str {
        match self {
            Tool::Ours => "ours",
            Tool::Progenitor => "progenitor",
            Tool::OpenapiToRust => "openapi-to-rust",
        }
    }

    /// The generated crate's folder name under `BENCH_DIR` for one document.
    fn crate_dir(self, doc: &Doc) -> String {
        format!("{}-{}", self.label(), doc.name)
    }

    /// The generated crate's package name for one document.
    fn crate_name(self, doc: &Doc) -> String {
        let slug = match self {
            Tool::Ours => "ours",
            Tool::Progenitor => "progenitor",
            Tool::OpenapiToRust => "otr",
        };
        let doc: String = doc.name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        format!("bench_{slug}_{doc}")
    }
}

/// An anchor: another generator installed from the crates registry.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    tool: Tool,
    package: &'static str,
    version: &'static str,
    binary: &'static str,
}

const ANCHORS: &[Anchor] = &[
    Anchor { tool: Tool::Progenitor, package: "cargo-progenitor", version: "0.15.1", binary: "cargo-progenitor" },
    Anchor { tool: Tool::OpenapiToRust, package: "openapi-to-rust", version: "0.23.0", binary: "openapi-to-rust" },
];

#[derive(Debug)]
struct Options {
    anchors: bool,
    smoke: bool,
    /// Only the width section.
    width: bool,
    runs: usize,
    width_runs: usize,
}

/// One child process: its wall time, CPU time (user + system) and peak resident memory.
#[derive(Debug, Clone, Copy)]
struct Sample {
    wall_ms: f64,
    cpu_ms: Option<f64>,
    peak_kib: Option<u64>,
}

/// One tool's runs on one document, or why there are none.
type Runs = Result<Vec<Sample>, String>;

/// The binaries the measurements run.
#[derive(Debug)]
struct Binaries {
    xtask: PathBuf,
    decode: PathBuf,
    /// The profile they were built with, for the report.
    profile: &'static str,
}

/// What one generated crate measured.
#[derive(Debug)]
struct CrateFigures {
    lines: usize,
    /// `cargo check` wall times in ms, or why the crate could not be checked.
    check: Result<Vec<f64>, String>,
}

/// The decode benchmark's figures.
#[derive(Debug)]
struct Decode {
    bytes: usize,
    webhooks: u64,
    channels: u64,
    generated_us: Vec<f64>,
    handwritten_us: Vec<f64>,
}

/// Everything one invocation measured.
#[derive(Debug, Default)]
struct Results {
    /// Document sizes in bytes.
    sizes: BTreeMap<&'static str, usize>,
    parse: BTreeMap<&'static str, Runs>,
    codegen: BTreeMap<(&'static str, Tool), Runs>,
    crates: BTreeMap<(&'static str, Tool), CrateFigures>,
    decode: Option<Result<Decode, String>>,
    /// Anchors that could not be installed, with the reason.
    missing_anchors: BTreeMap<Tool, String>,
    /// `/proc/loadavg` when measuring started and when it ended: the machine may be shared.
    load: [Option<String>; 2],
}

pub fn bench(args: &[String]) -> anyhow::Result<ExitCode> {
    let options = parse_args(args)?;
    let started = Instant::now();
    let root = project_root();
    let binaries = build_binaries(&root, &options)?;
    let command = std::iter::once("cargo xtask bench".to_owned()).chain(args.iter().cloned()).collect::<Vec<_>>();
    let command = command.join(" ");
    let mut problems = Vec::new();
    let main = if options.width {
        None
    } else {
        let (report, main_problems) = main_sections(&root, &binaries, &options, &command)?;
        problems.extend(main_problems);
        Some(report)
    };
    let width = width::measure(&root, &binaries.xtask, options.smoke, options.width_runs)?;
    problems.extend(width.problems());
    let width = width.report(&command);
    if let Some(main) = &main {
        println!("{main}");
    }
    println!("{width}");
    if options.smoke {
        eprintln!("smoke run: {DOC_PATH} not written");
    } else {
        let path = root.join(DOC_PATH);
        let existing = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, report_text(&existing, main.as_deref(), &width))
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("{} written", path.display());
    }
    eprintln!("bench took {:.0} s", started.elapsed().as_secs_f64());
    for problem in &problems {
        eprintln!("problem: {problem}");
    }
    Ok(if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn parse_args(args: &[String]) -> anyhow::Result<Options> {
    let mut options = Options { anchors: false, smoke: false, width: false, runs: 5, width_runs: WIDTH_RUNS };
    let mut runs = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--anchors" => options.anchors = true,
            "--smoke" => options.smoke = true,
            "--width" => options.width = true,
            "--runs" => {
                let value = iter.next().context("--runs needs a value")?;
                let n: usize = value.parse().with_context(|| format!("--runs: {value:?} is not a number"))?;
                if n == 0 {
                    bail!("--runs must be at least 1");
                }
                runs = Some(n);
            }
            other => bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    if options.smoke && options.anchors {
        bail!("--smoke runs no anchors\n{USAGE}");
    }
    if options.width && options.anchors {
        bail!("--width runs no anchors (the width section has none)\n{USAGE}");
    }
    if options.smoke {
        options.runs = 1;
        options.width_runs = 1;
    } else if let Some(runs) = runs {
        options.runs = runs;
        options.width_runs = runs;
    }
    Ok(options)
}
