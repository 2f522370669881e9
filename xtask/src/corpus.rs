//! Corpus: every document of the shared corpus (`../shared/corpus`, never copied into the repository) in,
//! one generated crate per document under `target/corpus/<name>/`, one `cargo build` over all of them (each
//! library and its example test), each example test run once, and a report out (a table on stdout and
//! `docs/corpus.md`, the first rustc error of each failing crate and the example failures on stderr).

use crate::example_runs::{self, ExampleRun};
use crate::table::Table;
use anyhow::{Context, bail};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Instant, SystemTime};
use xtask::codegen::{Mode, ensure_files, project_root};

/// Documents the generator is expected to reject: corpus name and the reason. A rejection listed here
/// does not fail the run; any other one does.
const EXPECTED_REJECTIONS: &[(&str, &str)] = &[];

/// Where the corpus lives, relative to the project root.
const CORPUS_DIR: &str = "../shared/corpus";

/// The virtual workspace of generated crates, relative to the project root.
const OUT_DIR: &str = "target/corpus";

/// The target directory shared by every corpus crate, so dependencies are checked once.
const TARGET_DIR: &str = "target/corpus-target";

/// The report written by a full run, relative to the project root.
const DOC_PATH: &str = "docs/corpus.md";

/// Generation runs on threads with a large stack, so a deeply nested document cannot overflow it.
const STACK_SIZE: usize = 256 * 1024 * 1024;

/// Example failures printed per crate.
const MAX_FAILURES_SHOWN: usize = 20;

const USAGE: &str = "usage: cargo xtask corpus [--only NAME] [--no-check] [--write-report]";

/// One corpus document.
#[derive(Debug, Clone)]
struct Document {
    /// The unique name: the file stem, prefixed with `edge-<dir>-` for edge fixtures.
    name: String,
    /// The path relative to the corpus root, as the manifests spell it.
    relative: String,
    path: PathBuf,
    /// The `openapi` field as recorded in the corpus manifest.
    openapi: String,
    /// Generation settings to generate it with, if any.
    settings: Option<PathBuf>,
}

impl Document {
    /// The generated crate's package name.
    fn crate_name(&self) -> String {
        let sanitized: String =
            self.name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
        format!("corpus_{sanitized}")
    }
}

/// What generating one document produced.
#[derive(Debug)]
struct Generated {
    stats: generator::Stats,
    warnings: usize,
    /// Warning counts by `WarningKind::as_str`.
    warning_kinds: BTreeMap<&'static str, usize>,
    /// Lines of the generated `.rs` files.
    lines: usize,
}

/// One document's generation result and how long the generator took.
#[derive(Debug)]
struct Outcome {
    millis: f64,
    result: Result<Generated, String>,
}

/// What `cargo build` said about one crate.
#[derive(Debug, Default)]
struct CrateCheck {
    /// Whether cargo reported the crate's library as checked.
    finished: bool,
    /// Whether cargo found it up to date and only replayed its diagnostics.
    fresh: bool,
    errors: usize,
    warnings: usize,
    first_error: Option<String>,
    first_warning: Option<String>,
    /// The `spec_examples` test binary cargo built, if the crate has one.
    example_binary: Option<PathBuf>,
    /// What that binary said when run.
    examples: Option<ExampleRun>,
}

impl CrateCheck {
    fn ok(&self) -> bool {
        self.finished && self.errors == 0
    }

    /// (passed, total) for the examples and for the samples, when the example test ran and reported.
    fn example_counts(&self) -> Option<[(usize, usize); 2]> {
        let run = self.examples.as_ref().filter(|run| run.broken.is_none())?;
        let failed_samples = run.failures.iter().filter(|line| line.starts_with("sample:")).count();
        let failed_examples = run.failed.saturating_sub(failed_samples);
        Some([
            (run.examples.saturating_sub(failed_examples), run.examples),
            (run.samples.saturating_sub(failed_samples), run.samples),
        ])
    }

    /// `passed/total` for the examples and for the samples, or `-` when there is no example test.
    fn example_cells(&self) -> [String; 2] {
        match (&self.examples, self.example_counts()) {
            (_, Some(counts)) => counts.map(|(passed, total)| format!("{passed}/{total}")),
            (Some(_), None) => ["broken".to_owned(), "broken".to_owned()],
            (None, None) => ["-".to_owned(), "-".to_owned()],
        }
    }
}

/// What the one `cargo build` run said, per corpus name and per diagnostic code.
#[derive(Debug, Default)]
struct CheckReport {
    crates: BTreeMap<String, CrateCheck>,
    /// (level, code) → number of diagnostics and the corpus names that had one.
    codes: BTreeMap<(String, String), (usize, BTreeSet<String>)>,
    millis: f64,
    offline: bool,
    /// Whether cargo's `build-finished` message said success.
    success: bool,
    /// Cargo's own stderr lines that are errors (a manifest it could not load, say).
    cargo_errors: Vec<String>,
}

/// Parsed command-line options.
#[derive(Debug)]
struct Options {
    only: Option<String>,
    check: bool,
    /// Whether to write `docs/corpus.md`: a report that changes with every run is written only when asked
    /// for, so the test command leaves the working tree as it found it.
    write_report: bool,
}

pub fn corpus(args: &[String]) -> anyhow::Result<ExitCode> {
    let options = parse_args(args)?;
    let started = Instant::now();
    let root = project_root();
    let corpus_root = root.join(CORPUS_DIR);
    let mut documents = if corpus_root.is_dir() {
        list_documents(&corpus_root)?
    } else if std::env::var_os("CI").is_some() {
        bail!(
            "the shared corpus is missing: {} must hold ../shared beside the project (CI always has it)",
            corpus_root.display()
        );
    } else {
        eprintln!(
            "SKIPPING THE SHARED CORPUS: {} is absent, so only the fixtures are checked (clone the shared \
             material beside the project to check the real-world documents)",
            corpus_root.display()
        );
        Vec::new()
    };
    documents.extend(fixture_documents(&root)?);
    if let Some(only) = &options.only {
        documents.retain(|d| &d.name == only);
        if documents.is_empty() {
            bail!("no corpus document is named {only:?} (names are file stems; edge fixtures are edge-<dir>-<stem>)");
        }
    }
    let out_dir = root.join(OUT_DIR);
    std::fs::create_dir_all(&out_dir).with_context(|| format!("cannot create {}", out_dir.display()))?;

    let generation_started = Instant::now();
    let outcomes = generate_all(&documents, &out_dir);
    let generation_millis = millis_since(generation_started);
    eprintln!("generated {} documents in {:.1} s", documents.len(), generation_millis / 1000.0);

    let members: Vec<&Document> =
        documents.iter().zip(&outcomes).filter(|(_, o)| o.result.is_ok()).map(|(d, _)| d).collect();
    write_workspace(&root, &out_dir, &members)?;
    let check = if options.check && !members.is_empty() {
        let mut check = check_all(&out_dir, &root.join(TARGET_DIR), &members)?;
        run_examples(&mut check, &out_dir);
        Some(check)
    } else {
        None
    };
    let total_millis = millis_since(started);

    let report = Report { documents: &documents, outcomes: &outcomes, check: check.as_ref() };
    print_first_diagnostics(&report);
    let timings = Timings {
        generation: generation_millis,
        check: check.as_ref().map(|c| c.millis),
        rechecked: check.as_ref().map_or(0, |c| c.crates.values().filter(|r| !r.fresh).count()),
        crates: members.len(),
        offline: check.as_ref().is_some_and(|c| c.offline),
        total: total_millis,
    };
    println!("{}", report.text(&timings));
    if options.write_report && options.only.is_some() {
        eprintln!("--write-report: docs/corpus.md is written only by a run over the whole corpus");
    } else if options.write_report {
        let command =
            std::iter::once("cargo xtask corpus".to_owned()).chain(args.iter().cloned()).collect::<Vec<_>>().join(" ");
        let doc = report.markdown(&command, &timings);
        let path = root.join(DOC_PATH);
        std::fs::write(&path, doc).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("{} written", path.display());
    }
    eprintln!(
        "corpus run took {:.1} s (generation {:.1} s, check {})",
        total_millis / 1000.0,
        generation_millis / 1000.0,
        check.as_ref().map_or_else(|| "skipped".to_owned(), |c| format!("{:.1} s", c.millis / 1000.0))
    );
    let problems = report.problems();
    if problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &problems {
        eprintln!("problem: {problem}");
    }
    Ok(ExitCode::FAILURE)
}

fn parse_args(args: &[String]) -> anyhow::Result<Options> {
    let mut options = Options { only: None, check: true, write_report: false };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--only" => options.only = Some(iter.next().cloned().context("--only needs a value")?),
            "--no-check" => options.check = false,
            "--write-report" => options.write_report = true,
            other => bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    Ok(options)
}

fn millis_since(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

/// Every document under `specs/` and `edge/*/`, sorted by path, with its OpenAPI version from the
/// manifests.
fn list_documents(corpus_root: &Path) -> anyhow::Result<Vec<Document>> {
    let mut versions = BTreeMap::new();
    for manifest in ["MANIFEST.tsv", "edge/MANIFEST.tsv"] {
        let path = corpus_root.join(manifest);
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        versions.extend(manifest_versions(&text));
    }
    let mut relatives = Vec::new();
    for file in sorted_files(&corpus_root.join("specs"))? {
        relatives.push(format!("specs/{file}"));
    }
    for dir in sorted_dirs(&corpus_root.join("edge"))? {
        for file in sorted_files(&corpus_root.join("edge").join(&dir))? {
            relatives.push(format!("edge/{dir}/{file}"));
        }
    }
    let mut documents = Vec::new();
    let mut names = BTreeSet::new();
    for relative in relatives {
        let path = corpus_root.join(&relative);
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let name = match relative.split('/').collect::<Vec<_>>().as_slice() {
            ["edge", dir, _] => format!("edge-{dir}-{stem}"),
            _ => stem,
        };
        let openapi = versions.get(&relative).cloned().unwrap_or_else(|| "?".to_owned());
        let document = Document { name, relative, path, openapi, settings: None };
        if !names.insert(document.crate_name()) {
            bail!("two corpus documents map to the crate name {}", document.crate_name());
        }
        documents.push(document);
    }
    if documents.is_empty() {
        bail!("no documents found in {}", corpus_root.display());
    }
    Ok(documents)
}

/// The snapshot fixtures (`tests/fixtures/*.yaml`) and the hostile fixtures that must build (names, huge
/// numbers, merge keys, `Client` method names): compiling them here is
/// what proves the snapshotted Rust builds.
fn fixture_documents(root: &Path) -> anyhow::Result<Vec<Document>> {
    let mut documents = Vec::new();
    let dir = root.join("tests/fixtures");
    let mut relatives: Vec<String> = sorted_files(&dir)?
        .into_iter()
        .filter(|f| f.ends_with(".yaml"))
        .map(|f| format!("tests/fixtures/{f}"))
        .collect();
    for hostile in ["names-and-strings", "huge-numbers", "merge-keys", "client-method-names"] {
        relatives.push(format!("tests/fixtures/hostile/{hostile}.yaml"));
    }
    for relative in relatives {
        let path = root.join(&relative);
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let openapi = text
            .lines()
            .find_map(|line| line.strip_prefix("openapi:"))
            .map(|v| v.trim().trim_matches(['"', '\'']).to_owned())
            .unwrap_or_else(|| "?".to_owned());
        documents.push(Document { name: format!("fixture-{stem}"), relative, path, openapi, settings: None });
    }
    // The settings fixture: a document generated with generation settings (a subset, a type of the user's,
    // derives), which must build like any other.
    let relative = "tests/fixtures/settings/spec.yaml".to_owned();
    documents.push(Document {
        name: "fixture-settings".to_owned(),
        path: root.join(&relative),
        relative,
        openapi: "3.1.0".to_owned(),
        settings: Some(root.join("tests/fixtures/settings/settings.yaml")),
    });
    Ok(documents)
}

/// `local_file` → `openapi` from a tab-separated manifest with a header line.
fn manifest_versions(text: &str) -> BTreeMap<String, String> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name);
    let (Some(file_column), Some(version_column)) = (column("local_file"), column("openapi")) else {
        return BTreeMap::new();
    };
    lines
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let file = cells.get(file_column)?.trim();
            let version = cells.get(version_column)?.trim();
            (!file.is_empty())
                .then(|| (file.to_owned(), if version.is_empty() { "?".to_owned() } else { version.to_owned() }))
        })
        .collect()
}

/// Names of the regular files in `dir` whose extension is a spec's, sorted.
fn sorted_files(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| [".json", ".yaml", ".yml"].iter().any(|ext| n.ends_with(ext)))
        .collect();
    names.sort();
    Ok(names)
}

fn sorted_dirs(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names)
}

thread_local! {
    /// Where the last panic on this thread happened, recorded by the hook `generate_all` installs.
    static PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Generates every document, on as many threads as there are cores, in document order.
fn generate_all(documents: &[Document], out_dir: &Path) -> Vec<Outcome> {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| l.to_string());
        PANIC_LOCATION.with(|cell| *cell.borrow_mut() = location);
    }));
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Outcome>>> = documents.iter().map(|_| Mutex::new(None)).collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, documents.len().max(1));
    std::thread::scope(|scope| {
        for worker in 0..workers {
            let work = || {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(document) = documents.get(index) else { break };
                    let outcome = generate_one(document, out_dir);
                    let summary = match &outcome.result {
                        Ok(generated) => format!("{} warnings", generated.warnings),
                        Err(message) => format!("failed: {message}"),
                    };
                    eprintln!("  {:<55} {:>8.0} ms  {summary}", document.name, outcome.millis);
                    if let Ok(mut slot) = slots[index].lock() {
                        *slot = Some(outcome);
                    }
                }
            };
            let spawned = std::thread::Builder::new()
                .name(format!("corpus-{worker}"))
                .stack_size(STACK_SIZE)
                .spawn_scoped(scope, work);
            if let Err(error) = spawned {
                eprintln!("cannot start a generation thread: {error}");
            }
        }
    });
    std::panic::set_hook(previous_hook);
    let mut outcomes = Vec::new();
    for (slot, document) in slots.into_iter().zip(documents) {
        let outcome = slot.into_inner().ok().flatten();
        outcomes.push(outcome.unwrap_or_else(|| Outcome {
            millis: 0.0,
            result: Err(format!("no result for {} (its worker thread died)", document.name)),
        }));
    }
    outcomes
}

/// Generates one document into `out_dir/<name>/`; errors and panics become the outcome's message.
fn generate_one(document: &Document, out_dir: &Path) -> Outcome {
    let text = match std::fs::read_to_string(&document.path) {
        Ok(text) => text,
        Err(error) => {
            return Outcome { millis: 0.0, result: Err(format!("cannot read {}: {error}", document.path.display())) };
        }
    };
    let mut config = generator::Config::new(&document.crate_name());
    config.command = "cargo xtask corpus".to_owned();
    config.source_label = format!("{CORPUS_DIR}/{}", document.relative);
    if let Some(path) = &document.settings {
        let file = path.display().to_string();
        let parsed =
            std::fs::read_to_string(path).map_err(|error| format!("cannot read {file}: {error}")).and_then(|text| {
                generator::Settings::parse(&generator::Source { file: &file, text: &text }).map_err(|e| e.to_string())
            });
        match parsed {
            Ok(settings) => config.settings = settings,
            Err(message) => return Outcome { millis: 0.0, result: Err(message) },
        }
    }
    let source = generator::Source { file: &document.relative, text: &text };
    let started = Instant::now();
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| generator::generate(&source, &[], &config)));
    let millis = millis_since(started);
    let output = match result {
        Ok(Ok(output)) => output,
        Ok(Err(errors)) => {
            let first = errors.to_string().lines().next().unwrap_or("error without a message").to_owned();
            let more = errors.0.len().saturating_sub(1);
            let message = if more > 0 { format!("{first} (and {more} more)") } else { first };
            return Outcome { millis, result: Err(message) };
        }
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_owned());
            let first = message.lines().next().unwrap_or_default().to_owned();
            let location = PANIC_LOCATION.with(|cell| cell.borrow_mut().take());
            let at = location.map(|l| format!(" at {l}")).unwrap_or_default();
            return Outcome { millis, result: Err(format!("PANIC: {first}{at}")) };
        }
    };
    if let Err(error) = ensure_files(&out_dir.join(&document.name), &output.files, Mode::Write) {
        return Outcome { millis, result: Err(format!("cannot write the crate: {error:#}")) };
    }
    let lines = output.files.iter().filter(|f| f.path.ends_with(".rs")).map(|f| f.contents.lines().count()).sum();
    let mut warning_kinds = BTreeMap::new();
    for warning in &output.warnings {
        *warning_kinds.entry(warning.kind.as_str()).or_insert(0) += 1;
    }
    let generated = Generated { stats: output.stats, warnings: output.warnings.len(), warning_kinds, lines };
    Outcome { millis, result: Ok(generated) }
}

/// Writes the virtual workspace manifest listing `members` and copies the project's `Cargo.lock`
/// next to it, so dependency versions match the main workspace and nothing needs resolving online.
fn write_workspace(root: &Path, out_dir: &Path, members: &[&Document]) -> anyhow::Result<()> {
    let mut manifest = String::from(
        "# Written by `cargo xtask corpus`: one member per corpus document that generated. Do not edit by hand.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\n",
    );
    for member in members {
        manifest.push_str(&format!("    {:?},\n", member.name));
    }
    // Measured on stripe (200k lines, 2 cores): optimising the proc macros (`build-override`) cost 110 s
    // of dependency builds and saved nothing in the check; incremental state costs about a fifth more CPU
    // on a cold check but turns a re-check after a small generator change from 210 s into 70 s.
    manifest.push_str("]\n\n[profile.dev]\ndebug = 0\nincremental = true\n");
    let path = out_dir.join("Cargo.toml");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(manifest.as_str()) {
        std::fs::write(&path, manifest).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let lock = out_dir.join("Cargo.lock");
    std::fs::copy(root.join("Cargo.lock"), &lock).with_context(|| format!("cannot write {}", lock.display()))?;
    Ok(())
}

/// Runs one `cargo build` over the corpus workspace, offline first and online if offline failed
/// before checking anything.
fn check_all(out_dir: &Path, target_dir: &Path, members: &[&Document]) -> anyhow::Result<CheckReport> {
    let crate_to_name: BTreeMap<String, String> = members.iter().map(|d| (d.crate_name(), d.name.clone())).collect();
    let started = Instant::now();
    let mut report = run_check(out_dir, target_dir, &crate_to_name, true)?;
    if !report.success && report.crates.values().all(|c| !c.finished && c.errors == 0) {
        eprintln!("offline check failed before checking any corpus crate; retrying online");
        std::fs::copy(project_root().join("Cargo.lock"), out_dir.join("Cargo.lock"))
            .context("cannot copy Cargo.lock")?;
        report = run_check(out_dir, target_dir, &crate_to_name, false)?;
    }
    report.millis = millis_since(started);
    Ok(report)
}

fn run_check(
    out_dir: &Path,
    target_dir: &Path,
    crate_to_name: &BTreeMap<String, String>,
    offline: bool,
) -> anyhow::Result<CheckReport> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    // `--keep-going` so one failing crate does not stop the others from being checked; `--timings` leaves
    // the per-crate schedule in `target/corpus-target/cargo-timings/` for whoever wants to make this faster.
    command
        .current_dir(out_dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .args(["build", "--workspace", "--lib", "--keep-going", "--timings", "--message-format=json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Cargo refuses `--test NAME` when no member has that target.
    if crate_to_name.values().any(|name| out_dir.join(name).join("tests/spec_examples/main.rs").is_file()) {
        command.args(["--test", "spec_examples"]);
    }
    if offline {
        command.arg("--offline");
    }
    eprintln!("running cargo build{} in {}", if offline { " --offline" } else { "" }, out_dir.display());
    let mut child = command.spawn().context("cannot run cargo")?;
    let stderr = child.stderr.take().context("cargo has no stderr")?;
    let stdout = child.stdout.take().context("cargo has no stdout")?;
    // Cargo's own stderr is echoed as it comes (progress) and its error lines are kept.
    let stderr_thread = std::thread::spawn(move || {
        let mut errors = Vec::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            eprintln!("{line}");
            if line.starts_with("error") {
                errors.push(line);
            }
        }
        errors
    });
    let mut report = CheckReport { offline, ..CheckReport::default() };
    for name in crate_to_name.values() {
        report.crates.insert(name.clone(), CrateCheck::default());
    }
    for line in BufReader::new(stdout).lines() {
        let line = line.context("cannot read cargo's output")?;
        let Ok(message) = serde_json::from_str::<Value>(&line) else { continue };
        record_message(&mut report, crate_to_name, &message);
    }
    child.wait().context("cannot wait for cargo")?;
    report.cargo_errors = stderr_thread.join().unwrap_or_default();
    Ok(report)
}

/// Runs the example test of every crate that built one, one after the other (each takes milliseconds).
fn run_examples(report: &mut CheckReport, out_dir: &Path) {
    let started = Instant::now();
    for (name, result) in &mut report.crates {
        if let Some(binary) = &result.example_binary {
            result.examples = Some(example_runs::run(binary, &out_dir.join(name)));
        }
    }
    eprintln!("ran the example tests in {:.1} s", millis_since(started) / 1000.0);
}

/// Folds one cargo JSON message into the report.
fn record_message(report: &mut CheckReport, crate_to_name: &BTreeMap<String, String>, message: &Value) {
    let reason = message["reason"].as_str().unwrap_or_default();
    if reason == "build-finished" {
        report.success = message["success"].as_bool().unwrap_or(false);
        return;
    }
    let Some(name) = package_crate_name(message).and_then(|c| crate_to_name.get(&c)) else { return };
    let name = name.clone();
    let Some(entry) = report.crates.get_mut(&name) else { return };
    match reason {
        "compiler-artifact" if message["target"]["name"] == "spec_examples" => {
            entry.example_binary = message["executable"].as_str().map(PathBuf::from);
        }
        "compiler-artifact" => {
            entry.finished = true;
            entry.fresh = message["fresh"].as_bool().unwrap_or(false);
        }
        "compiler-message" => {
            let diagnostic = &message["message"];
            let level = diagnostic["level"].as_str().unwrap_or_default();
            let text = diagnostic["message"].as_str().unwrap_or_default();
            if is_summary(text) {
                return;
            }
            let rendered = diagnostic["rendered"].as_str().unwrap_or(text).to_owned();
            let level = if level.starts_with("error") {
                entry.errors += 1;
                entry.first_error.get_or_insert(rendered);
                "error"
            } else if level == "warning" {
                entry.warnings += 1;
                entry.first_warning.get_or_insert(rendered);
                "warning"
            } else {
                return;
            };
            let code = diagnostic["code"]["code"].as_str().unwrap_or("(no code)").to_owned();
            let slot = report.codes.entry((level.to_owned(), code)).or_default();
            slot.0 += 1;
            slot.1.insert(name);
        }
        _ => {}
    }
}

/// The package name in a cargo message: from `package_id` (`path+file:///…#name@version`, or the older
/// `name version (source)`), else the target's name.
fn package_crate_name(message: &Value) -> Option<String> {
    if let Some(id) = message["package_id"].as_str() {
        if let Some((_, fragment)) = id.rsplit_once('#') {
            let name = fragment.split('@').next().unwrap_or_default();
            // A fragment without `@` is only a version: the name is then the last path segment.
            if fragment.contains('@') && !name.is_empty() {
                return Some(name.to_owned());
            }
        } else if let Some(name) = id.split(' ').next().filter(|n| !n.is_empty()) {
            return Some(name.to_owned());
        }
    }
    message["target"]["name"].as_str().map(str::to_owned)
}

/// Whether a rustc diagnostic is only a tally of the others ("aborting due to 2 previous errors").
fn is_summary(text: &str) -> bool {
    text.starts_with("aborting due to")
        || text.ends_with("warning emitted")
        || text.ends_with("warnings emitted")
        || text.starts_with("Some errors have detailed explanations")
        || text.starts_with("For more information about")
}

/// Prints the first rustc error (or, for crates that only warn, the first warning) of each crate.
fn print_first_diagnostics(report: &Report<'_>) {
    let Some(check) = report.check else { return };
    for (name, result) in &check.crates {
        let (what, rendered) = match (&result.first_error, &result.first_warning) {
            (Some(error), _) => (format!("{} errors", result.errors), error),
            (None, Some(warning)) => (format!("{} warnings", result.warnings), warning),
            (None, None) => continue,
        };
        eprintln!("==== {name}: {what}; the first one:\n{}", rendered.trim_end());
    }
    for line in &check.cargo_errors {
        eprintln!("cargo: {line}");
    }
    for (name, result) in &check.crates {
        let Some(run) = &result.examples else { continue };
        if let Some(reason) = &run.broken {
            eprintln!("==== {name}: the example test is broken: {reason}");
        }
        if run.failed > 0 {
            eprintln!("==== {name}: {} example(s) or sample(s) failed:", run.failed);
            for line in run.failures.iter().take(MAX_FAILURES_SHOWN) {
                eprintln!("  {line}");
            }
            if run.failures.len() > MAX_FAILURES_SHOWN {
                eprintln!("  and {} more", run.failures.len() - MAX_FAILURES_SHOWN);
            }
        }
    }
}

/// The wall times of a run, in milliseconds.
#[derive(Debug)]
struct Timings {
    generation: f64,
    check: Option<f64>,
    /// Whether the check ran with `--offline`.
    offline: bool,
    /// How many crates cargo had to check (the others were fresh), out of how many.
    rechecked: usize,
    crates: usize,
    total: f64,
}

/// Everything the tables are made from.
#[derive(Debug)]
struct Report<'a> {
    documents: &'a [Document],
    outcomes: &'a [Outcome],
    check: Option<&'a CheckReport>,
}

impl Report<'_> {
    fn expected_rejection(name: &str) -> Option<&'static str> {
        EXPECTED_REJECTIONS.iter().find(|(n, _)| *n == name).map(|(_, reason)| *reason)
    }

    /// The main table: one row per document and a totals row.
    fn summary(&self) -> Table {
        let mut table = Table::new(&[
            "name",
            "openapi",
            "operations",
            "schemas",
            "generated",
            "gen warnings",
            "compiled",
            "rustc errors",
            "rustc warnings",
            "examples ok",
            "samples ok",
            "gen ms",
            "lines",
        ]);
        let mut totals = Totals::default();
        for (document, outcome) in self.documents.iter().zip(self.outcomes) {
            let crate_check = self.check.and_then(|c| c.crates.get(&document.name));
            let mut row = vec![document.name.clone(), document.openapi.clone()];
            totals.documents += 1;
            totals.millis += outcome.millis;
            match &outcome.result {
                Ok(generated) => {
                    totals.generated += 1;
                    totals.operations += generated.stats.operations;
                    totals.schemas += generated.stats.schemas;
                    totals.warnings += generated.warnings;
                    totals.lines += generated.lines;
                    row.extend([
                        generated.stats.operations.to_string(),
                        generated.stats.schemas.to_string(),
                        "ok".to_owned(),
                        generated.warnings.to_string(),
                    ]);
                }
                Err(_) => {
                    let verdict = if Self::expected_rejection(&document.name).is_some() {
                        "rejected (expected)"
                    } else {
                        "FAILED"
                    };
                    row.extend(["-".to_owned(), "-".to_owned(), verdict.to_owned(), "-".to_owned()]);
                }
            }
            match crate_check {
                Some(result) => {
                    totals.checked += 1;
                    totals.compiled += usize::from(result.ok());
                    totals.rustc_errors += result.errors;
                    totals.rustc_warnings += result.warnings;
                    let verdict = if result.ok() {
                        "ok"
                    } else if result.errors > 0 {
                        "FAILED"
                    } else {
                        "not built"
                    };
                    row.extend([verdict.to_owned(), result.errors.to_string(), result.warnings.to_string()]);
                    if let Some([examples, samples]) = result.example_counts() {
                        totals.examples.0 += examples.0;
                        totals.examples.1 += examples.1;
                        totals.samples.0 += samples.0;
                        totals.samples.1 += samples.1;
                    }
                    row.extend(result.example_cells());
                }
                None => row.extend(["-".to_owned(), "-".to_owned(), "-".to_owned(), "-".to_owned(), "-".to_owned()]),
            }
            let lines = outcome.result.as_ref().map_or_else(|_| "-".to_owned(), |g| g.lines.to_string());
            row.extend([format!("{:.0}", outcome.millis), lines]);
            table.rows.push(row);
        }
        let compiled =
            if self.check.is_some() { format!("{}/{}", totals.compiled, totals.checked) } else { "-".to_owned() };
        let rustc = |n: usize| if self.check.is_some() { n.to_string() } else { "-".to_owned() };
        table.rows.push(vec![
            format!("total ({} documents)", totals.documents),
            String::new(),
            totals.operations.to_string(),
            totals.schemas.to_string(),
            format!("{}/{}", totals.generated, totals.documents),
            totals.warnings.to_string(),
            compiled,
            rustc(totals.rustc_errors),
            rustc(totals.rustc_warnings),
            if self.check.is_some() { format!("{}/{}", totals.examples.0, totals.examples.1) } else { "-".to_owned() },
            if self.check.is_some() { format!("{}/{}", totals.samples.0, totals.samples.1) } else { "-".to_owned() },
            format!("{:.0}", totals.millis),
            totals.lines.to_string(),
        ]);
        table
    }

    /// Generator warnings by kind: one row per document that has any, one column per kind seen.
    fn warning_kinds(&self) -> Option<Table> {
        let kinds: BTreeSet<&str> = self
            .outcomes
            .iter()
            .filter_map(|o| o.result.as_ref().ok())
            .flat_map(|g| g.warning_kinds.keys().copied())
            .collect();
        if kinds.is_empty() {
            return None;
        }
        let mut header = vec!["name"];
        header.extend(kinds.iter().copied());
        header.push("total");
        let mut table = Table::new(&header);
        let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
        for (document, outcome) in self.documents.iter().zip(self.outcomes) {
            let Ok(generated) = &outcome.result else { continue };
            if generated.warnings == 0 {
                continue;
            }
            let mut row = vec![document.name.clone()];
            for kind in &kinds {
                let count = generated.warning_kinds.get(kind).copied().unwrap_or(0);
                *totals.entry(kind).or_insert(0) += count;
                row.push(count.to_string());
            }
            row.push(generated.warnings.to_string());
            table.rows.push(row);
        }
        let mut row = vec!["total".to_owned()];
        row.extend(kinds.iter().map(|k| totals.get(k).copied().unwrap_or(0).to_string()));
        row.push(totals.values().sum::<usize>().to_string());
        table.rows.push(row);
        Some(table)
    }

    /// Rustc diagnostics by level and code (a lint name for warnings, an `E` number for errors).
    fn rustc_codes(&self) -> Option<Table> {
        let check = self.check?;
        if check.codes.is_empty() {
            return None;
        }
        let mut table = Table::new(&["level", "code", "count", "crates", "in"]);
        for ((level, code), (count, names)) in &check.codes {
            let shown: Vec<&str> = names.iter().take(4).map(String::as_str).collect();
            let more = names.len().saturating_sub(shown.len());
            let mut list = shown.join(", ");
            if more > 0 {
                list.push_str(&format!(" and {more} more"));
            }
            table.rows.push(vec![level.clone(), code.clone(), count.to_string(), names.len().to_string(), list]);
        }
        Some(table)
    }

    /// Documents that failed to generate, with the first line of the reason.
    fn failures(&self) -> Vec<(String, String, Option<&'static str>)> {
        self.documents
            .iter()
            .zip(self.outcomes)
            .filter_map(|(d, o)| {
                o.result.as_ref().err().map(|m| (d.name.clone(), m.clone(), Self::expected_rejection(&d.name)))
            })
            .collect()
    }

    /// What makes the run fail: unexpected generation failures and crates with rustc errors or warnings.
    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (name, message, expected) in self.failures() {
            if expected.is_none() {
                problems.push(format!("{name} did not generate: {message}"));
            }
        }
        for (name, _) in EXPECTED_REJECTIONS {
            let generated = self.documents.iter().zip(self.outcomes).any(|(d, o)| d.name == *name && o.result.is_ok());
            if generated {
                eprintln!(
                    "note: {name} is listed as an expected rejection but generated; remove it from EXPECTED_REJECTIONS"
                );
            }
        }
        if let Some(check) = self.check {
            for (name, result) in &check.crates {
                if result.errors > 0 || result.warnings > 0 {
                    problems
                        .push(format!("{name}: {} rustc errors, {} rustc warnings", result.errors, result.warnings));
                } else if !result.finished {
                    problems.push(format!("{name}: cargo did not build it"));
                }
                match &result.examples {
                    Some(ExampleRun { broken: Some(reason), .. }) => {
                        problems.push(format!("{name}: the example test is broken: {reason}"))
                    }
                    Some(run) if run.failed > 0 => {
                        problems.push(format!("{name}: {} example(s) or sample(s) failed", run.failed))
                    }
                    _ => {}
                }
            }
            if !check.success && problems.is_empty() {
                problems.push("cargo build failed".to_owned());
            }
        }
        problems
    }

    fn text(&self, timings: &Timings) -> String {
        let mut out = self.summary().text();
        if let Some(table) = self.warning_kinds() {
            out.push_str("\n\ngenerator warnings by kind\n");
            out.push_str(&table.text());
        }
        if let Some(table) = self.rustc_codes() {
            out.push_str("\n\nrustc diagnostics by code\n");
            out.push_str(&table.text());
        }
        let failures = self.failures();
        if !failures.is_empty() {
            out.push_str("\n\ngeneration failures\n");
            for (name, message, expected) in failures {
                let note = expected.map(|r| format!(" (expected: {r})")).unwrap_or_default();
                out.push_str(&format!("  {name}: {message}{note}\n"));
            }
        }
        out.push_str(&format!("\n\n{}", timings.sentence()));
        out
    }

    fn markdown(&self, command: &str, timings: &Timings) -> String {
        let mut out = String::from("# Corpus report\n\n");
        out.push_str(
            "This report runs the generator on every document of the shared corpus (real API descriptions and \
             edge-case fixtures, read from `../shared/corpus` and never copied here), builds every generated \
             crate with one `cargo build` (the library and its example test), and runs each example test once.\n\n",
        );
        out.push_str(&format!("Produced by `{command}` on {}.\n\n", today()));
        out.push_str(&format!("{}\n\n", timings.sentence()));
        out.push_str("## Results\n\n");
        out.push_str(
            "`generated` is whether the generator produced a crate; `compiled` is whether `cargo build` accepted it \
             (rustc warnings count the example test too); `examples ok` counts the document's examples that its own \
             schemas accept (component schemas, members and JSON bodies) and that decode strictly into the generated \
             type, into the variant the document names for a union, and encode back to the same JSON (members the \
             schema does not declare may be dropped; examples the schemas reject are generator warnings, not tested); \
             `samples ok` counts made-up instances of each branch of the first 40 unions that decode into that \
             branch's variant and round-trip; `lines` counts the lines of the generated `.rs` files; `gen ms` is the \
             generator's own time.\n\n",
        );
        out.push_str(&self.summary().markdown());
        out.push_str("\n## Generator warnings by kind\n\n");
        match self.warning_kinds() {
            Some(table) => out.push_str(&table.markdown()),
            None => out.push_str("No generator warnings.\n"),
        }
        out.push_str("\n## Rustc diagnostics by code\n\n");
        match (self.check, self.rustc_codes()) {
            (None, _) => out.push_str("The crates were not built (`--no-check`).\n"),
            (Some(_), None) => out.push_str("No rustc errors or warnings.\n"),
            (Some(_), Some(table)) => out.push_str(&table.markdown()),
        }
        out.push_str("\n## Example test failures\n\n");
        match self.check {
            None => out.push_str("The example tests were not run (`--no-check`).\n"),
            Some(check) => {
                let mut any = false;
                for (name, result) in &check.crates {
                    let Some(run) = &result.examples else { continue };
                    if let Some(reason) = &run.broken {
                        any = true;
                        out.push_str(&format!("- `{name}`: the test is broken: {}\n", reason.replace('`', "'")));
                    }
                    for line in &run.failures {
                        any = true;
                        out.push_str(&format!("- `{name}`: {}\n", line.replace('`', "'")));
                    }
                }
                if !any {
                    out.push_str("None: every example and sample in a test passed.\n");
                }
            }
        }
        out.push_str("\n## Generation failures\n\n");
        let failures = self.failures();
        if failures.is_empty() {
            out.push_str("Every document generated.\n");
        }
        for (name, message, expected) in failures {
            let note = expected.map(|r| format!(" Expected: {r}.")).unwrap_or_default();
            out.push_str(&format!("- `{name}`: {}.{note}\n", message.replace('`', "'")));
        }
        out.push_str("\n## Expected rejections\n\n");
        if EXPECTED_REJECTIONS.is_empty() {
            out.push_str("None: every corpus document is expected to generate (`EXPECTED_REJECTIONS` in `xtask/src/corpus.rs`).\n");
        }
        for (name, reason) in EXPECTED_REJECTIONS {
            out.push_str(&format!("- `{name}`: {reason}\n"));
        }
        out
    }
}

/// Running sums for the totals row.
#[derive(Debug, Default)]
struct Totals {
    documents: usize,
    generated: usize,
    operations: usize,
    schemas: usize,
    warnings: usize,
    checked: usize,
    compiled: usize,
    rustc_errors: usize,
    rustc_warnings: usize,
    /// (passed, total).
    examples: (usize, usize),
    samples: (usize, usize),
    millis: f64,
    lines: usize,
}

impl Timings {
    fn sentence(&self) -> String {
        let check = match self.check {
            Some(millis) => {
                let network = if self.offline { "offline" } else { "online" };
                format!(
                    "`cargo build` {:.1} s, {network}, {} of {} crates built and the rest fresh",
                    millis / 1000.0,
                    self.rechecked,
                    self.crates
                )
            }
            None => "no `cargo build`".to_owned(),
        };
        format!(
            "Wall time: {:.1} s in all (generation {:.1} s on {} threads, {check}).",
            self.total / 1000.0,
            self.generation / 1000.0,
            std::thread::available_parallelism().map_or(1, |n| n.get())
        )
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`, from the system clock.
fn today() -> String {
    let seconds = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian date of a day count since 1970-01-01, by whole 400-year eras.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }

    #[test]
    fn package_names() {
        let id =
            serde_json::json!({"package_id": "path+file:///x/target/corpus/petstore-3.0#corpus_petstore_3_0@0.1.0"});
        assert_eq!(package_crate_name(&id).as_deref(), Some("corpus_petstore_3_0"));
        let old = serde_json::json!({"package_id": "corpus_a 0.1.0 (path+file:///x)"});
        assert_eq!(package_crate_name(&old).as_deref(), Some("corpus_a"));
    }

    #[test]
    fn manifest_columns() {
        let text = "name\topenapi\tlocal_file\npetstore\t3.0.0\tspecs/petstore.json\nbare\t\tspecs/bare.json\n";
        let versions = manifest_versions(text);
        assert_eq!(versions.get("specs/petstore.json").map(String::as_str), Some("3.0.0"));
        assert_eq!(versions.get("specs/bare.json").map(String::as_str), Some("?"));
    }
}
