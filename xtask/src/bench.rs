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
//! - width (`width.rs`): synthetic documents with one wide struct, enum or set of operations, the generated
//!   crate's `cargo check` time and rustc memory next to a hand-written derive crate of the same shape.
//!
//! `--smoke` is the CI variant: one run, two small documents and the smallest width documents, dev builds, no
//! anchors, no `BENCHMARKS.md`. `--width` runs only the width section and rewrites only its part of the report.

mod width;

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

/// The new `BENCHMARKS.md`: the main sections (or the existing ones, when only the width section ran), the
/// width section, and the existing hand-written notes.
fn report_text(existing: &str, main: Option<&str>, width: &str) -> String {
    let notes = kept_notes(existing).unwrap_or_else(|| format!("{NOTES_MARKER}\n"));
    let old_main =
        existing.find(WIDTH_MARKER).or_else(|| existing.find(NOTES_MARKER)).map_or(existing, |at| &existing[..at]);
    let main = main.unwrap_or(old_main);
    format!("{}\n\n{WIDTH_MARKER}\n\n{}\n{notes}", main.trim_end(), width.trim_end())
}

/// The codegen, generated-crate and decode sections: the report and what failed that is ours.
fn main_sections(
    root: &Path,
    binaries: &Binaries,
    options: &Options,
    command: &str,
) -> anyhow::Result<(String, Vec<String>)> {
    let docs = if options.smoke { SMOKE_DOCS } else { FULL_DOCS };
    let mut results = Results::default();
    let mut anchors = BTreeMap::new();
    if options.anchors {
        for anchor in ANCHORS {
            match install_anchor(root, anchor) {
                Ok(path) => {
                    anchors.insert(anchor.tool, path);
                }
                Err(reason) => {
                    eprintln!("{} is not available: {reason}", anchor.package);
                    results.missing_anchors.insert(anchor.tool, reason);
                }
            }
        }
    }
    let tools: Vec<Tool> = std::iter::once(Tool::Ours).chain(anchors.keys().copied()).collect();
    results.load[0] = load_average();

    for doc in docs {
        let spec = root.join(SPECS_DIR).join(doc.file);
        let size = std::fs::metadata(&spec).with_context(|| format!("cannot read {}", spec.display()))?.len();
        results.sizes.insert(doc.name, size as usize);
        measure_codegen(root, binaries, &anchors, doc, &spec, options.runs, &mut results);
    }

    let checked: Vec<(&Doc, Tool)> = docs
        .iter()
        .filter(|doc| doc.check)
        .flat_map(|doc| tools.iter().map(move |tool| (doc, *tool)))
        .filter(|(doc, tool)| matches!(results.codegen.get(&(doc.name, *tool)), Some(Ok(_))))
        .collect();
    for (doc, tool) in &checked {
        let lines = count_lines(&root.join(BENCH_DIR).join(tool.crate_dir(doc)));
        results.crates.insert((doc.name, *tool), CrateFigures { lines, check: Err("not run".to_owned()) });
    }
    measure_checks(root, &checked, options.runs, &mut results)?;

    results.decode = Some(measure_decode(binaries, options.runs));
    results.load[1] = load_average();
    Ok((report(&results, docs, &tools, options, binaries, command), problems(&results)))
}

/// What makes the run fail: anything of ours that did not run (the anchors' failures are only reported).
fn problems(results: &Results) -> Vec<String> {
    let mut problems = Vec::new();
    for (doc, runs) in &results.parse {
        if let Err(reason) = runs {
            problems.push(format!("parsing {doc} failed: {reason}"));
        }
    }
    for ((doc, tool), runs) in &results.codegen {
        if let (Tool::Ours, Err(reason)) = (tool, runs) {
            problems.push(format!("generating {doc} failed: {reason}"));
        }
    }
    for ((doc, tool), figures) in &results.crates {
        if let (Tool::Ours, Err(reason)) = (tool, &figures.check) {
            problems.push(format!("checking the crate generated from {doc}: {reason}"));
        }
    }
    if let Some(Err(reason)) = &results.decode {
        problems.push(format!("decode benchmark: {reason}"));
    }
    problems
}

/// The hand-written part of an existing report: the marker line and what follows it.
fn kept_notes(text: &str) -> Option<String> {
    text.find(NOTES_MARKER).map(|at| text[at..].to_owned())
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

/// The target directory cargo builds into for the main workspace.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// `cargo`, without the variables `cargo run` set for this process: build scripts that watch one of them
/// (ring watches `CARGO_MANIFEST_DIR`) would otherwise rebuild on every call and again from a shell.
fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    for (name, _) in std::env::vars_os() {
        let Some(name) = name.to_str() else { continue };
        let set_by_cargo_run = name.starts_with("CARGO_PKG_")
            || matches!(
                name,
                "CARGO_MANIFEST_DIR"
                    | "CARGO_MANIFEST_PATH"
                    | "CARGO_CRATE_NAME"
                    | "CARGO_BIN_NAME"
                    | "CARGO_PRIMARY_PACKAGE"
            );
        if set_by_cargo_run {
            command.env_remove(name);
        }
    }
    command
}

/// Builds what the measurements run: a release `xtask` and `decode-bench`, or for `--smoke` the dev
/// `decode-bench` next to the running `xtask`.
fn build_binaries(root: &Path, options: &Options) -> anyhow::Result<Binaries> {
    let target = target_dir(root);
    if options.smoke {
        run_quiet(cargo().current_dir(root).args(["build", "-p", "decode-bench"]), "cargo build -p decode-bench")?;
        let xtask = std::env::current_exe().context("cannot locate the running xtask")?;
        return Ok(Binaries { xtask, decode: target.join("debug/decode-bench"), profile: "dev" });
    }
    if options.width {
        eprintln!("building xtask in release");
        run_quiet(
            cargo().current_dir(root).args(["build", "--release", "-p", "xtask"]),
            "cargo build --release -p xtask",
        )?;
        return Ok(Binaries { xtask: target.join("release/xtask"), decode: PathBuf::new(), profile: "release" });
    }
    eprintln!("building xtask and decode-bench in release");
    // Two builds, not one: built together, decode-bench would get the generator's serde_json features
    // (`preserve_order`), which the generated crate does not ask for.
    run_quiet(cargo().current_dir(root).args(["build", "--release", "-p", "xtask"]), "cargo build --release -p xtask")?;
    run_quiet(
        cargo().current_dir(root).args(["build", "--release", "-p", "decode-bench"]),
        "cargo build --release -p decode-bench",
    )?;
    Ok(Binaries {
        xtask: target.join("release/xtask"),
        decode: target.join("release/decode-bench"),
        profile: "release",
    })
}

/// Runs a command to completion, its output going to stderr; fails when it does.
fn run_quiet(command: &mut Command, what: &str) -> anyhow::Result<()> {
    let status = command.stdout(Stdio::inherit()).stderr(Stdio::inherit()).status();
    let status = status.with_context(|| format!("cannot run {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// Installs one anchor into `ANCHORS_DIR` (a no-op when that version is already there); the binary's path or
/// why it is unavailable.
fn install_anchor(root: &Path, anchor: &Anchor) -> Result<PathBuf, String> {
    let install_root = root.join(ANCHORS_DIR);
    let binary = install_root.join("bin").join(anchor.binary);
    if binary.is_file() && installed(&install_root, anchor) {
        return Ok(binary);
    }
    eprintln!("installing {} {} into {}", anchor.package, anchor.version, install_root.display());
    std::fs::create_dir_all(&install_root)
        .map_err(|error| format!("cannot create {}: {error}", install_root.display()))?;
    let log_path = install_root.join(format!("install-{}.log", anchor.package));
    let log =
        std::fs::File::create(&log_path).map_err(|error| format!("cannot write {}: {error}", log_path.display()))?;
    let mut command = cargo();
    command.current_dir(root).arg("install").arg("--root").arg(&install_root);
    command.args(["--version", anchor.version, anchor.package, "--locked"]);
    command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(log);
    let mut child = command.spawn().map_err(|error| format!("cannot run cargo install: {error}"))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > INSTALL_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "`cargo install {}@{}` did not finish in {} s (see {})",
                    anchor.package,
                    anchor.version,
                    INSTALL_TIMEOUT.as_secs(),
                    log_path.display()
                ));
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(200)),
            Err(error) => return Err(format!("cannot wait for cargo install: {error}")),
        }
    };
    if !status.success() {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        let reason = log.lines().filter(|l| l.trim_start().starts_with("error")).collect::<Vec<_>>().join("; ");
        return Err(format!("`cargo install {}@{}` failed: {}", anchor.package, anchor.version, one_line(&reason)));
    }
    if !binary.is_file() {
        return Err(format!("`cargo install` did not produce {}", binary.display()));
    }
    Ok(binary)
}

/// Whether `cargo install` recorded this anchor's version under the install root (`.crates2.json`), so
/// asking the registry again can be skipped.
fn installed(install_root: &Path, anchor: &Anchor) -> bool {
    let Ok(text) = std::fs::read_to_string(install_root.join(".crates2.json")) else { return false };
    let Ok(record) = serde_json::from_str::<Value>(&text) else { return false };
    let prefix = format!("{} {} ", anchor.package, anchor.version);
    record["installs"].as_object().is_some_and(|installs| installs.keys().any(|key| key.starts_with(&prefix)))
}

/// Measures one document: the parse floor, our generator and each anchor, `runs` rounds, interleaved so
/// drift affects every tool alike. A tool that fails once is not run again.
fn measure_codegen(
    root: &Path,
    binaries: &Binaries,
    anchors: &BTreeMap<Tool, PathBuf>,
    doc: &Doc,
    spec: &Path,
    runs: usize,
    results: &mut Results,
) {
    let scratch = root.join(SCRATCH_DIR);
    let _ = std::fs::create_dir_all(&scratch);
    let mut parse: Runs = Ok(Vec::new());
    let mut codegen: BTreeMap<Tool, Runs> = BTreeMap::new();
    codegen.insert(Tool::Ours, Ok(Vec::new()));
    for tool in anchors.keys() {
        codegen.insert(*tool, Ok(Vec::new()));
    }
    for round in 0..runs {
        eprintln!("codegen {} run {}/{runs}", doc.name, round + 1);
        if let Ok(samples) = &mut parse {
            match run_ours(&binaries.xtask, &["parse".as_ref(), "--spec".as_ref(), spec.as_os_str()], &scratch) {
                Ok(sample) => samples.push(sample),
                Err(reason) => parse = Err(reason),
            }
        }
        for (tool, runs) in codegen.iter_mut() {
            let Ok(samples) = runs else { continue };
            let out = output_dir(root, *tool, doc);
            if out.exists() {
                if let Err(error) = std::fs::remove_dir_all(&out) {
                    *runs = Err(format!("cannot empty {}: {error}", out.display()));
                    continue;
                }
            }
            let sample = match tool {
                Tool::Ours => {
                    let name = tool.crate_name(doc);
                    // Like for like: the anchors write no tests, so ours leaves out its example test too.
                    let args = [
                        "generate".as_ref(),
                        "--spec".as_ref(),
                        spec.as_os_str(),
                        "--out".as_ref(),
                        out.as_os_str(),
                        "--no-example-tests".as_ref(),
                    ];
                    run_ours(
                        &binaries.xtask,
                        &[&args[..], &["--crate-name".as_ref(), name.as_ref()]].concat(),
                        &scratch,
                    )
                }
                anchor => run_anchor(*anchor, &anchors[anchor], spec, &out, &tool.crate_name(doc), &scratch),
            };
            match sample {
                Ok(sample) => samples.push(sample),
                Err(reason) => {
                    eprintln!("{} on {}: {reason}", tool.label(), doc.name);
                    *runs = Err(reason);
                }
            }
        }
    }
    results.parse.insert(doc.name, parse);
    for (tool, runs) in codegen {
        results.codegen.insert((doc.name, tool), runs);
    }
}

/// Where a codegen run writes its crate: into the check workspace when the crate is checked.
fn output_dir(root: &Path, tool: Tool, doc: &Doc) -> PathBuf {
    let parent = if doc.check { BENCH_DIR } else { SCRATCH_DIR };
    root.join(parent).join(tool.crate_dir(doc))
}

/// Runs `xtask bench-one ARGS`; the peak memory is the one the child reports when `/usr/bin/time` is absent.
fn run_ours(xtask: &Path, args: &[&OsStr], scratch: &Path) -> Result<Sample, String> {
    let args: Vec<&OsStr> = std::iter::once(OsStr::new("bench-one")).chain(args.iter().copied()).collect();
    let (mut sample, stdout) = measured(xtask, &args, scratch)?;
    let report: Value = stdout
        .lines()
        .rev()
        .find_map(|line| serde_json::from_str(line).ok())
        .ok_or_else(|| format!("bench-one printed no report: {}", one_line(&stdout)))?;
    sample.peak_kib = sample.peak_kib.or(report["peak_kib"].as_u64());
    Ok(sample)
}

/// Runs one anchor on a document.
fn run_anchor(
    tool: Tool,
    binary: &Path,
    spec: &Path,
    out: &Path,
    crate_name: &str,
    scratch: &Path,
) -> Result<Sample, String> {
    let src = out.join("src");
    let args: Vec<&OsStr> = match tool {
        Tool::Progenitor => vec![
            "progenitor".as_ref(),
            "-i".as_ref(),
            spec.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "-n".as_ref(),
            crate_name.as_ref(),
            "-v".as_ref(),
            "0.1.0".as_ref(),
        ],
        // Direct mode writes a module tree (`mod.rs`, `types.rs`, `client.rs`) and a dependency fragment,
        // not a crate: `wrap_module_tree` makes it one for `cargo check`, after the timed runs.
        Tool::OpenapiToRust => vec![
            "generate".as_ref(),
            spec.as_os_str(),
            "--output-dir".as_ref(),
            src.as_os_str(),
            "--module-name".as_ref(),
            crate_name.as_ref(),
        ],
        Tool::Ours => return Err("not an anchor".to_owned()),
    };
    measured(binary, &args, scratch).map(|(sample, _)| sample)
}

/// Runs a program, under `/usr/bin/time` when that is present for its CPU time and peak resident memory
/// (the kernel's maximum RSS of that one child); the sample and the program's stdout.
fn measured(program: &Path, args: &[&OsStr], scratch: &Path) -> Result<(Sample, String), String> {
    let time = Path::new(TIME);
    let usage_file = scratch.join("usage.txt");
    let _ = std::fs::remove_file(&usage_file);
    let mut command = if time.is_file() {
        let mut command = Command::new(time);
        command.args(["-f", "%U %S %M", "-o"]).arg(&usage_file).arg(program);
        command
    } else {
        Command::new(program)
    };
    command.args(args);
    let (wall_ms, stdout) = timed(&mut command)?;
    let usage: Vec<f64> = std::fs::read_to_string(&usage_file)
        .ok()
        .and_then(|text| {
            text.lines().last().map(|line| line.split_whitespace().filter_map(|n| n.parse().ok()).collect())
        })
        .unwrap_or_default();
    let sample = match usage[..] {
        [user, system, peak] => Sample { wall_ms, cpu_ms: Some((user + system) * 1000.0), peak_kib: Some(peak as u64) },
        _ => Sample { wall_ms, cpu_ms: None, peak_kib: None },
    };
    Ok((sample, stdout))
}

/// Turns openapi-to-rust's module tree in `dir/src` into a crate: `mod.rs` becomes `lib.rs` and the
/// manifest takes the `[dependencies]` of the `REQUIRED_DEPS.toml` fragment it wrote.
fn wrap_module_tree(dir: &Path, crate_name: &str) -> anyhow::Result<()> {
    let src = dir.join("src");
    let fragment_path = src.join("REQUIRED_DEPS.toml");
    let fragment =
        std::fs::read_to_string(&fragment_path).with_context(|| format!("cannot read {}", fragment_path.display()))?;
    std::fs::remove_file(&fragment_path).with_context(|| format!("cannot remove {}", fragment_path.display()))?;
    std::fs::rename(src.join("mod.rs"), src.join("lib.rs")).context("cannot rename mod.rs to lib.rs")?;
    let dependencies: String =
        fragment.lines().filter(|line| !line.starts_with('#')).map(|line| format!("{line}\n")).collect();
    let manifest = format!(
        "[package]\nname = {crate_name:?}\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n{}\n",
        dependencies.trim()
    );
    let path = dir.join("Cargo.toml");
    std::fs::write(&path, manifest).with_context(|| format!("cannot write {}", path.display()))
}

/// Runs a command with its output captured; the wall time in ms and its stdout, or why it failed.
fn timed(command: &mut Command) -> Result<(f64, String), String> {
    command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let started = Instant::now();
    let output = command.output().map_err(|error| format!("cannot run {:?}: {error}", command.get_program()))?;
    let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
    if !output.status.success() {
        // Some tools say what failed on stdout and only "failed" on stderr: read both, stderr last.
        let text = format!("{}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        return Err(format!("exit {}: {}", output.status.code().unwrap_or(-1), first_error_line(&text)));
    }
    Ok((wall_ms, String::from_utf8_lossy(&output.stdout).into_owned()))
}

/// The telling part of a failing tool's output: its last two lines before any backtrace, leaving out
/// progenitor's numbered type-space dump.
fn first_error_line(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .take_while(|l| !l.eq_ignore_ascii_case("stack backtrace:"))
        .filter(|l| !l.is_empty() && !l.starts_with("---") && *l != "TYPE SPACE")
        .filter(|l| !l.split_whitespace().next().is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit())))
        .collect();
    let tail = &lines[lines.len().saturating_sub(2)..];
    if tail.is_empty() { "no output".to_owned() } else { one_line(&tail.join(" / ")) }
}

/// A message shortened to one line of at most 240 characters.
fn one_line(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > 240 { format!("{}…", text.chars().take(240).collect::<String>()) } else { text }
}

/// Lines of the `.rs` files under a crate folder.
fn count_lines(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut total = 0;
    for path in entries.flatten().map(|e| e.path()) {
        if path.is_dir() {
            if path.file_name().is_some_and(|name| name != "target") {
                total += count_lines(&path);
            }
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            total += std::fs::read_to_string(&path).map_or(0, |text| text.lines().count());
        }
    }
    total
}

/// Writes the check workspace and times `cargo check` of each crate alone, dependencies prebuilt by one
/// untimed `cargo check --workspace` first.
fn measure_checks(root: &Path, checked: &[(&Doc, Tool)], runs: usize, results: &mut Results) -> anyhow::Result<()> {
    if checked.is_empty() {
        return Ok(());
    }
    let bench_dir = root.join(BENCH_DIR);
    let target = root.join(BENCH_TARGET_DIR);
    let members: Vec<String> = checked.iter().map(|(doc, tool)| tool.crate_dir(doc)).collect();
    write_workspace(root, &bench_dir, &members)?;
    for (doc, tool) in checked {
        let dir = bench_dir.join(tool.crate_dir(doc));
        if *tool == Tool::OpenapiToRust {
            wrap_module_tree(&dir, &tool.crate_name(doc))?;
        }
        prepare_member(&dir)?;
    }
    eprintln!("building the dependencies of {} generated crates (untimed)", members.len());
    let status = check_command(&bench_dir, &target)
        .args(["check", "--workspace", "--keep-going", "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .context("cannot run cargo check")?;
    if !status.success() {
        eprintln!("some generated crates do not check; their rows say why");
    }
    let mut times: BTreeMap<(&str, Tool), Result<Vec<f64>, String>> = BTreeMap::new();
    for round in 0..runs {
        for (doc, tool) in checked {
            let entry = times.entry((doc.name, *tool)).or_insert_with(|| Ok(Vec::new()));
            let Ok(samples) = entry else { continue };
            let name = tool.crate_name(doc);
            eprintln!("cargo check {name} run {}/{runs}", round + 1);
            let clean = check_command(&bench_dir, &target).args(["clean", "--quiet", "-p", &name]).status();
            if !clean.is_ok_and(|s| s.success()) {
                *entry = Err(format!("cargo clean -p {name} failed"));
                continue;
            }
            match timed(check_command(&bench_dir, &target).args(["check", "-p", &name])) {
                Ok((ms, _)) => samples.push(ms),
                Err(reason) => *entry = Err(format!("cargo check fails: {reason}")),
            }
        }
    }
    for (key, check) in times {
        if let Some(figures) = results.crates.get_mut(&key) {
            figures.check = check;
        }
    }
    Ok(())
}

/// `cargo` in the check workspace, with its own target directory and no incremental state.
fn check_command(bench_dir: &Path, target: &Path) -> Command {
    let mut command = cargo();
    command.current_dir(bench_dir).env("CARGO_TARGET_DIR", target).env("CARGO_INCREMENTAL", "0");
    command.stdin(Stdio::null());
    command
}

/// The check workspace's manifest, next to a copy of the project's `Cargo.lock` so our crates resolve to
/// the versions the project uses (the anchors' extra dependencies are resolved on top).
fn write_workspace(root: &Path, bench_dir: &Path, members: &[String]) -> anyhow::Result<()> {
    std::fs::create_dir_all(bench_dir).with_context(|| format!("cannot create {}", bench_dir.display()))?;
    let mut manifest = String::from(
        "# Written by `cargo xtask bench`: the generated crates whose `cargo check` is timed. Do not edit by hand.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\n",
    );
    for member in members {
        let _ = writeln!(manifest, "    {member:?},");
    }
    manifest.push_str(
        "]\n\n[profile.dev]\ndebug = 0\nincremental = false\n\n[profile.dev.build-override]\nopt-level = 3\n",
    );
    let path = bench_dir.join("Cargo.toml");
    std::fs::write(&path, manifest).with_context(|| format!("cannot write {}", path.display()))?;
    let lock = bench_dir.join("Cargo.lock");
    std::fs::copy(root.join("Cargo.lock"), &lock).with_context(|| format!("cannot write {}", lock.display()))?;
    Ok(())
}

/// Makes a generated crate a plain workspace member: a `[workspace]` table of its own would make cargo
/// refuse it, so one is removed.
fn prepare_member(dir: &Path) -> anyhow::Result<()> {
    let path = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut kept = String::new();
    let mut in_workspace = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_workspace = trimmed == "[workspace]" || trimmed.starts_with("[workspace.");
        }
        if !in_workspace {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    if kept != text {
        std::fs::write(&path, kept).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// Runs the decode benchmark binary and reads its one-line report.
fn measure_decode(binaries: &Binaries, runs: usize) -> Result<Decode, String> {
    eprintln!("decode: {DECODE_VALUES} webhooks, {runs} runs");
    let mut command = Command::new(&binaries.decode);
    command.args(["--runs", &runs.to_string(), "--values", &DECODE_VALUES.to_string()]);
    let (_, stdout) = timed(&mut command)?;
    let report: Value = stdout
        .lines()
        .rev()
        .find_map(|line| serde_json::from_str(line).ok())
        .ok_or_else(|| format!("decode-bench printed no report: {}", one_line(&stdout)))?;
    let numbers = |key: &str| -> Vec<f64> {
        report[key].as_array().map(|a| a.iter().filter_map(Value::as_f64).collect()).unwrap_or_default()
    };
    Ok(Decode {
        bytes: report["bytes"].as_u64().unwrap_or(0) as usize,
        webhooks: report["webhooks"].as_u64().unwrap_or(0),
        channels: report["channels"].as_u64().unwrap_or(0),
        generated_us: numbers("generated_us"),
        handwritten_us: numbers("handwritten_us"),
    })
}

/// `xtask bench-one parse --spec PATH` or
/// `xtask bench-one generate --spec PATH --out DIR --crate-name NAME [--no-example-tests]`:
/// one measurement in a fresh process. Prints `{"millis": …, "peak_kib": …}`, the in-process time and the
/// process's peak resident memory (`VmHWM`).
pub fn bench_one(args: &[String]) -> anyhow::Result<ExitCode> {
    let (what, rest) = args.split_first().context("usage: xtask bench-one parse|generate --spec PATH ...")?;
    let mut spec = None;
    let mut out = None;
    let mut crate_name = "bench".to_owned();
    let mut example_tests = true;
    let mut iter = rest.iter();
    while let Some(arg) = iter.next() {
        let mut value = || iter.next().cloned().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--spec" => spec = Some(value()?),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--crate-name" => crate_name = value()?,
            "--no-example-tests" => example_tests = false,
            other => bail!("unknown argument {other:?}"),
        }
    }
    let spec = spec.context("--spec is required")?;
    let started = Instant::now();
    let text = std::fs::read_to_string(&spec).with_context(|| format!("cannot read {spec}"))?;
    match what.as_str() {
        "parse" => {
            let document = parse_floor(&spec, &text)?;
            std::hint::black_box(&document);
            // Freeing the document is part of the floor, as dropping the generator's state is part of codegen.
            drop(document);
        }
        "generate" => {
            let out = out.context("--out is required")?;
            let worker = std::thread::Builder::new()
                .stack_size(STACK_SIZE)
                .spawn(move || {
                    let mut config = generator::Config::new(&crate_name);
                    config.source_label = spec.clone();
                    config.example_tests = example_tests;
                    generator::generate(&generator::Source { file: &spec, text: &text }, &[], &config)
                        .map_err(|errors| anyhow::anyhow!("{errors}"))
                        .and_then(|output| ensure_files(&out, &output.files, Mode::Write))
                })
                .context("cannot start the generator thread")?;
            let problems = worker.join().map_err(|_| anyhow::anyhow!("the generator panicked"))??;
            if !problems.is_empty() {
                bail!("{}", problems.join("; "));
            }
        }
        other => bail!("unknown measurement {other:?}: parse or generate"),
    }
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    println!("{}", serde_json::json!({"millis": millis, "peak_kib": peak_kib()}));
    Ok(ExitCode::SUCCESS)
}

/// The floor: the document parsed into a `serde_json::Value` and nothing else (YAML through
/// `serde_yaml::Value`, converted, as the generator reads it).
fn parse_floor(file: &str, text: &str) -> anyhow::Result<Value> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).with_context(|| format!("{file}: invalid JSON"))
    } else {
        generator::parse_document(file, text).map_err(|error| anyhow::anyhow!("{error}"))
    }
}

/// This process's peak resident memory in KiB (`VmHWM` in `/proc/self/status`), where the system has it.
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    Some(if sorted.len() % 2 == 0 { (sorted[middle - 1] + sorted[middle]) / 2.0 } else { sorted[middle] })
}

/// The samples of a tool's runs, when it ran.
fn samples_of(runs: Option<&Runs>) -> Option<&[Sample]> {
    runs.and_then(|r| r.as_ref().ok()).map(Vec::as_slice)
}

fn median_wall(samples: &[Sample]) -> Option<f64> {
    median(&samples.iter().map(|s| s.wall_ms).collect::<Vec<_>>())
}

fn median_cpu(samples: &[Sample]) -> Option<f64> {
    median(&samples.iter().filter_map(|s| s.cpu_ms).collect::<Vec<_>>())
}

fn median_peak(samples: &[Sample]) -> Option<f64> {
    median(&samples.iter().filter_map(|s| s.peak_kib).map(|k| k as f64).collect::<Vec<_>>())
}

fn ms(value: Option<f64>) -> String {
    match value {
        None => "–".to_owned(),
        // GNU time counts CPU time in hundredths of a second.
        Some(0.0) => "<10 ms".to_owned(),
        Some(v) if v >= 100.0 => format!("{v:.0} ms"),
        Some(v) => format!("{v:.1} ms"),
    }
}

fn mib(kib: Option<f64>) -> String {
    kib.map_or_else(|| "n/a".to_owned(), |k| format!("{:.0} MiB", k / 1024.0))
}

fn ratio(ours: Option<f64>, theirs: Option<f64>) -> String {
    match (ours, theirs) {
        (Some(a), Some(b)) if a > 0.0 && b > 0.0 => format!("{:.2}×", a / b),
        _ => "–".to_owned(),
    }
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A shell command's trimmed output, if it ran.
fn shell(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).stderr(Stdio::null()).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The 1, 5 and 15 minute load averages.
fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    Some(text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
}

/// `nproc`, the CPU model and the memory, as the report's machine line.
fn machine() -> String {
    let cpus = shell("nproc", &[])
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.to_string()))
        .unwrap_or_else(|| "?".to_owned());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or("unknown CPU", str::trim)
        .to_owned();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<f64>().ok())
        .map_or_else(|| "unknown memory".to_owned(), |k| format!("{:.1} GiB RAM", k / 1024.0 / 1024.0));
    format!("nproc {cpus}, {model}, {memory}")
}

/// The whole report, in markdown.
fn report(
    results: &Results,
    docs: &[Doc],
    tools: &[Tool],
    options: &Options,
    binaries: &Binaries,
    command: &str,
) -> String {
    let anchors: Vec<Tool> = tools.iter().copied().filter(|t| *t != Tool::Ours).collect();
    let mut out = String::from("# Benchmarks\n\n");
    let date = shell("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_else(|| "unknown date".to_owned());
    let commit = shell("git", &["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".to_owned());
    let dirty = shell("git", &["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    let _ = writeln!(out, "- command: `{command}`");
    let _ = writeln!(out, "- date: {date}; commit {commit}{}", if dirty { " with local changes" } else { "" });
    let _ = writeln!(out, "- machine: {}", machine());
    if let [Some(start), Some(end)] = &results.load {
        let _ = writeln!(
            out,
            "- load average (1, 5, 15 min) at the start: {start}; at the end: {end}. The machine may be shared with \
            other work: under load, CPU time is steadier than wall time"
        );
    }
    let _ = writeln!(
        out,
        "- {} build of `xtask` and `decode-bench`; every figure is the median of {} run{}",
        binaries.profile,
        options.runs,
        if options.runs == 1 { "" } else { "s" }
    );
    for anchor in ANCHORS {
        if let Some(reason) = results.missing_anchors.get(&anchor.tool) {
            let _ = writeln!(out, "- {} {}: not available here: {reason}", anchor.package, anchor.version);
        } else if anchors.contains(&anchor.tool) {
            let _ = writeln!(out, "- anchor: {} {} (`cargo install --locked`)", anchor.package, anchor.version);
        }
    }
    if options.smoke {
        out.push_str("- smoke run: small documents, dev build, one run; the figures are not benchmarks\n");
    }

    out.push_str(
        "\n## Codegen\n\nOne process per run: read the document, generate, write the crate. Wall time, CPU time (user + \
        system) and peak resident memory, next to the floor: a process that only reads the document and parses it into \
        a `serde_json::Value` (YAML through `serde_yaml::Value`, as the generator reads it). Both run in the same \
        `xtask` binary (same allocator, mimalloc). Ours is run with `--no-example-tests`, like for like with the \
        anchors, which write no tests; the example test (`tests/spec_examples/`, on by default) costs about a \
        sixth more generation work on Mixpeek 0.81.\n\n",
    );
    let mut table = Table::new(&[
        "document",
        "size",
        "parse wall",
        "ours wall",
        "ours ÷ parse",
        "parse CPU",
        "ours CPU",
        "ours ÷ parse (CPU)",
        "parse peak",
        "ours peak",
    ]);
    let mut failures = Vec::new();
    for doc in docs {
        let size = results.sizes.get(doc.name).copied().unwrap_or(0);
        let parse = samples_of(results.parse.get(doc.name));
        let ours = samples_of(results.codegen.get(&(doc.name, Tool::Ours)));
        let (parse_wall, ours_wall) = (parse.and_then(median_wall), ours.and_then(median_wall));
        let (parse_cpu, ours_cpu) = (parse.and_then(median_cpu), ours.and_then(median_cpu));
        table.rows.push(vec![
            doc.name.to_owned(),
            if size >= 100_000 {
                format!("{:.1} MB", size as f64 / 1e6)
            } else {
                format!("{:.0} kB", size as f64 / 1e3)
            },
            ms(parse_wall),
            ms(ours_wall),
            ratio(ours_wall, parse_wall),
            ms(parse_cpu),
            ms(ours_cpu),
            ratio(ours_cpu, parse_cpu),
            mib(parse.and_then(median_peak)),
            mib(ours.and_then(median_peak)),
        ]);
        for (what, runs) in
            [("parse", results.parse.get(doc.name)), ("ours", results.codegen.get(&(doc.name, Tool::Ours)))]
        {
            if let Some(Err(reason)) = runs {
                failures.push(format!("{what} on {}: {reason}", doc.name));
            }
        }
    }
    out.push_str(&table.markdown());
    if !anchors.is_empty() {
        out.push_str(
            "\nThe anchors on the same documents, same measurement (peak memory from `/usr/bin/time`). Ratios are ours ÷ \
            theirs: below 1 we are faster or smaller.\n\n",
        );
        let mut table = Table::new(&[
            "document",
            "generator",
            "wall",
            "CPU",
            "peak",
            "ours ÷ theirs (wall)",
            "ours ÷ theirs (CPU)",
            "ours ÷ theirs (peak)",
        ]);
        for doc in docs {
            let ours = samples_of(results.codegen.get(&(doc.name, Tool::Ours)));
            for tool in &anchors {
                let row_start = vec![doc.name.to_owned(), tool.label().to_owned()];
                match results.codegen.get(&(doc.name, *tool)) {
                    Some(Ok(samples)) => {
                        let wall = median_wall(samples);
                        let cpu = median_cpu(samples);
                        let peak = median_peak(samples);
                        table.rows.push(
                            [
                                row_start,
                                vec![
                                    ms(wall),
                                    ms(cpu),
                                    mib(peak),
                                    ratio(ours.and_then(median_wall), wall),
                                    ratio(ours.and_then(median_cpu), cpu),
                                    ratio(ours.and_then(median_peak), peak),
                                ],
                            ]
                            .concat(),
                        );
                    }
                    Some(Err(reason)) => {
                        failures.push(format!("{} on {}: {reason}", tool.label(), doc.name));
                        let cells = ["cannot run (below)", "–", "–", "–", "–", "–"].map(str::to_owned);
                        table.rows.push([row_start, cells.to_vec()].concat());
                    }
                    None => {}
                }
            }
        }
        out.push_str(&table.markdown());
    }
    if !failures.is_empty() {
        out.push_str("\nRuns that failed:\n\n");
        for failure in &failures {
            let _ = writeln!(out, "- {failure}");
        }
    }

    out.push_str(
        "\n## Generated crates\n\nLines of the `.rs` files of each generated crate (ours include the \
        runtime module it carries), and the wall time of `cargo check -p <crate>` in `target/bench/` with its \
        dependencies already built, `CARGO_INCREMENTAL=0`, after `cargo clean -p <crate>`.\n\n",
    );
    let mut table = Table::new(&[
        "document",
        "generator",
        ".rs lines",
        "cargo check",
        "lines ours ÷ theirs",
        "check ours ÷ theirs",
    ]);
    let check_ms = |key: &(&str, Tool)| -> Option<f64> {
        results.crates.get(key).and_then(|c| c.check.as_ref().ok()).and_then(|t| median(t))
    };
    for doc in docs.iter().filter(|d| d.check) {
        let ours_key = (doc.name, Tool::Ours);
        let ours_lines = results.crates.get(&ours_key).map(|c| c.lines as f64);
        for tool in tools {
            let key = (doc.name, *tool);
            let Some(figures) = results.crates.get(&key) else {
                let reason = match results.codegen.get(&key) {
                    Some(Err(_)) => "did not generate (see above)",
                    _ => "not run",
                };
                table.rows.push(vec![
                    doc.name.to_owned(),
                    tool.label().to_owned(),
                    reason.to_owned(),
                    "–".to_owned(),
                    "–".to_owned(),
                    "–".to_owned(),
                ]);
                continue;
            };
            let check = match &figures.check {
                Ok(times) => median(times).map_or_else(|| "–".to_owned(), |t| format!("{:.1} s", t / 1000.0)),
                Err(reason) => reason.clone(),
            };
            let (lines_ratio, check_ratio) = if *tool == Tool::Ours {
                (String::new(), String::new())
            } else {
                (ratio(ours_lines, Some(figures.lines as f64)), ratio(check_ms(&ours_key), check_ms(&key)))
            };
            table.rows.push(vec![
                doc.name.to_owned(),
                tool.label().to_owned(),
                thousands(figures.lines),
                check,
                lines_ratio,
                check_ratio,
            ]);
        }
    }
    out.push_str(&table.markdown());

    let _ = write!(
        out,
        "\n## Decode\n\nOne JSON list of {} `WebhookOutput` values (one to four channels each, all three config kinds, \
        optional members present, absent or `null`) decoded with `serde_json::from_str` into the generated \
        `mixpeek::models::WebhookOutput` and into hand-written `derive(Deserialize)` structs of the same shape \
        (configs as a `#[serde(untagged)]` enum): the limit. Both in one `decode-bench` process, runs interleaved, \
        serde_json with its default features, as the generated crate asks for it.\n\n",
        thousands(DECODE_VALUES)
    );
    match &results.decode {
        Some(Ok(decode)) => {
            let _ = writeln!(
                out,
                "Input: {:.1} MB, {} webhooks, {} channels.\n",
                decode.bytes as f64 / 1e6,
                thousands(decode.webhooks as usize),
                thousands(decode.channels as usize)
            );
            let mut table = Table::new(&["decoder", "µs per list", "MB/s", "throughput ÷ hand-written"]);
            let hand = median(&decode.handwritten_us);
            for (label, times) in
                [("generated models", &decode.generated_us), ("hand-written structs", &decode.handwritten_us)]
            {
                let us = median(times);
                table.rows.push(vec![
                    label.to_owned(),
                    us.map_or_else(|| "–".to_owned(), |u| format!("{u:.0}")),
                    us.map_or_else(|| "–".to_owned(), |u| format!("{:.0}", decode.bytes as f64 / u)),
                    ratio(hand, us),
                ]);
            }
            out.push_str(&table.markdown());
        }
        Some(Err(reason)) => {
            let _ = writeln!(out, "The decode benchmark failed: {reason}");
        }
        None => out.push_str("Not run.\n"),
    }

    if let Some(targets) = targets(results) {
        out.push_str("\n## Targets\n\n");
        out.push_str(&targets);
    }
    out
}

/// The targets for Mixpeek 0.81, each met or not, when the full run measured them.
fn targets(results: &Results) -> Option<String> {
    let doc = "mixpeek-0.81";
    let parse = samples_of(results.parse.get(doc));
    let ours = samples_of(results.codegen.get(&(doc, Tool::Ours)));
    ours?;
    let theirs_key = (doc, Tool::OpenapiToRust);
    let theirs = samples_of(results.codegen.get(&theirs_key));
    let wall = |samples: Option<&[Sample]>| samples.and_then(median_wall);
    let cpu = |samples: Option<&[Sample]>| samples.and_then(median_cpu);
    let lines = |key: &(&str, Tool)| results.crates.get(key).map(|c| c.lines as f64);
    let check =
        |key: &(&str, Tool)| results.crates.get(key).and_then(|c| c.check.as_ref().ok()).and_then(|t| median(t));
    let decode = results.decode.as_ref().and_then(|d| d.as_ref().ok());
    let decode_ratio = decode.and_then(|d| Some(median(&d.handwritten_us)? / median(&d.generated_us)?));
    let mut out = String::new();
    let mut line = |what: &str, value: Option<f64>, met: fn(f64) -> bool, shown: String| {
        let verdict = match value {
            Some(v) if met(v) => "met",
            Some(_) => "NOT met",
            None => "not measured",
        };
        let _ = writeln!(out, "- {what}: {shown} — {verdict}");
    };
    let both = |a: Option<f64>, b: Option<f64>| Some(a? / b?);
    line(
        "codegen within 3× of the bare parse (wall)",
        both(wall(ours), wall(parse)),
        |r| r <= 3.0,
        format!("{} (CPU {})", ratio(wall(ours), wall(parse)), ratio(cpu(ours), cpu(parse))),
    );
    let faster = |r: Option<f64>| r.map_or_else(|| "–".to_owned(), |r| format!("{r:.1}× faster"));
    line(
        "codegen ≥ 5× faster than openapi-to-rust (wall)",
        both(wall(theirs), wall(ours)),
        |r| r >= 5.0,
        format!("{} (CPU {})", faster(both(wall(theirs), wall(ours))), faster(both(cpu(theirs), cpu(ours)))),
    );
    let ours_key = (doc, Tool::Ours);
    line(
        "generated lines ≤ 1/3 of openapi-to-rust's",
        both(lines(&ours_key), lines(&theirs_key)),
        |r| r <= 1.0 / 3.0,
        ratio(lines(&ours_key), lines(&theirs_key)),
    );
    line(
        "cargo check ≤ 1/3 of openapi-to-rust's",
        both(check(&ours_key), check(&theirs_key)),
        |r| r <= 1.0 / 3.0,
        ratio(check(&ours_key), check(&theirs_key)),
    );
    line(
        "decode ≥ 0.9× the hand-written structs",
        decode_ratio,
        |r| r >= 0.9,
        decode_ratio.map_or_else(|| "–".to_owned(), |r| format!("{r:.2}×")),
    );
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }

    #[test]
    fn numbers() {
        assert_eq!(thousands(142_260), "142,260");
        assert_eq!(thousands(999), "999");
        assert_eq!(ratio(Some(1.0), Some(4.0)), "0.25×");
    }

    #[test]
    fn failure_reasons() {
        let text = "-----\n TYPE SPACE\n  0  struct Account\ngen fail: unsupported style\n\
            \nError: generation experienced errors\n\nStack backtrace:\n   0: anyhow::msg\n";
        assert_eq!(first_error_line(text), "gen fail: unsupported style / Error: generation experienced errors");
        assert_eq!(first_error_line(""), "no output");
    }

    #[test]
    fn notes_are_kept() {
        let text = format!("# Benchmarks\nold table\n{NOTES_MARKER}\n## Profile\nfindings\n");
        assert_eq!(kept_notes(&text).unwrap(), format!("{NOTES_MARKER}\n## Profile\nfindings\n"));
        assert_eq!(kept_notes("# Benchmarks\n"), None);
    }

    #[test]
    fn the_width_section_is_replaced_alone() {
        let existing = format!("# Benchmarks\nmain\n\n{WIDTH_MARKER}\n\n## Width\nold\n{NOTES_MARKER}\nnotes\n");
        let text = report_text(&existing, None, "## Width\nnew\n");
        assert_eq!(text, format!("# Benchmarks\nmain\n\n{WIDTH_MARKER}\n\n## Width\nnew\n{NOTES_MARKER}\nnotes\n"));
        let first = report_text(&format!("# Benchmarks\nmain\n{NOTES_MARKER}\nnotes\n"), None, "## Width\nnew");
        assert_eq!(first, text);
        let full = report_text(&existing, Some("# Benchmarks\nfresh\n"), "## Width\nnew\n");
        assert!(full.starts_with("# Benchmarks\nfresh\n\n") && full.ends_with("notes\n"));
    }

    #[test]
    fn arguments() {
        let args = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let options = parse_args(&args(&["--smoke", "--runs", "9"])).unwrap();
        assert!(options.smoke && options.runs == 1);
        assert!(parse_args(&args(&["--smoke", "--anchors"])).is_err());
        assert_eq!(parse_args(&args(&["--runs", "3"])).unwrap().runs, 3);
        let width = parse_args(&args(&["--width"])).unwrap();
        assert!(width.width && width.width_runs == WIDTH_RUNS);
        assert!(parse_args(&args(&["--width", "--anchors"])).is_err());
        assert_eq!(parse_args(&args(&["--width", "--smoke"])).unwrap().width_runs, 1);
    }
}
