//! The one `cargo build` over every generated crate, its JSON messages read per crate, and each crate's
//! example test run.

use super::*;

/// What `cargo build` said about one crate.
#[derive(Debug, Default)]
pub(super) struct CrateCheck {
    /// Whether cargo reported the crate's library as checked.
    pub(super) finished: bool,
    /// Whether cargo found it up to date and only replayed its diagnostics.
    pub(super) fresh: bool,
    pub(super) errors: usize,
    pub(super) warnings: usize,
    pub(super) first_error: Option<String>,
    pub(super) first_warning: Option<String>,
    /// The `spec_examples` test binary cargo built, if the crate has one.
    pub(super) example_binary: Option<PathBuf>,
    /// What that binary said when run.
    pub(super) examples: Option<ExampleRun>,
}

impl CrateCheck {
    pub(super) fn ok(&self) -> bool {
        self.finished && self.errors == 0
    }

    /// (passed, total) for the examples and for the samples, when the example test ran and reported.
    pub(super) fn example_counts(&self) -> Option<[(usize, usize); 2]> {
        let run = self.examples.as_ref().filter(|run| run.broken.is_none())?;
        let failed_samples = run.failures.iter().filter(|line| line.starts_with("sample:")).count();
        let failed_examples = run.failed.saturating_sub(failed_samples);
        Some([
            (run.examples.saturating_sub(failed_examples), run.examples),
            (run.samples.saturating_sub(failed_samples), run.samples),
        ])
    }

    /// `passed/total` for the examples and for the samples, or `-` when there is no example test.
    pub(super) fn example_cells(&self) -> [String; 2] {
        match (&self.examples, self.example_counts()) {
            (_, Some(counts)) => counts.map(|(passed, total)| format!("{passed}/{total}")),
            (Some(_), None) => ["broken".to_owned(), "broken".to_owned()],
            (None, None) => ["-".to_owned(), "-".to_owned()],
        }
    }
}

/// What the one `cargo build` run said, per corpus name and per diagnostic code.
#[derive(Debug, Default)]
pub(super) struct CheckReport {
    pub(super) crates: BTreeMap<String, CrateCheck>,
    /// (level, code) → number of diagnostics and the corpus names that had one.
    pub(super) codes: BTreeMap<(String, String), (usize, BTreeSet<String>)>,
    pub(super) millis: f64,
    pub(super) offline: bool,
    /// Whether cargo's `build-finished` message said success.
    pub(super) success: bool,
    /// Cargo's own stderr lines that are errors (a manifest it could not load, say).
    pub(super) cargo_errors: Vec<String>,
}

/// Writes the virtual workspace manifest listing `members` and copies the project's `Cargo.lock`
/// next to it, so dependency versions match the main workspace and nothing needs resolving online.
pub(super) fn write_workspace(root: &Path, out_dir: &Path, members: &[&Document]) -> anyhow::Result<()> {
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
pub(super) fn check_all(out_dir: &Path, target_dir: &Path, members: &[&Document]) -> anyhow::Result<CheckReport> {
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

pub(super) fn run_check(
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
pub(super) fn run_examples(report: &mut CheckReport, out_dir: &Path) {
    let started = Instant::now();
    for (name, result) in &mut report.crates {
        if let Some(binary) = &result.example_binary {
            result.examples = Some(example_runs::run(binary, &out_dir.join(name)));
        }
    }
    eprintln!("ran the example tests in {:.1} s", millis_since(started) / 1000.0);
}

/// Folds one cargo JSON message into the report.
pub(super) fn record_message(report: &mut CheckReport, crate_to_name: &BTreeMap<String, String>, message: &Value) {
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
pub(super) fn package_crate_name(message: &Value) -> Option<String> {
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
pub(super) fn is_summary(text: &str) -> bool {
    text.starts_with("aborting due to")
        || text.ends_with("warning emitted")
        || text.ends_with("warnings emitted")
        || text.starts_with("Some errors have detailed explanations")
        || text.starts_with("For more information about")
}
