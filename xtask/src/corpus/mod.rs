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

mod check;
mod documents;
mod generate;
mod report;

use check::*;
use documents::*;
use generate::*;
use report::*;

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
