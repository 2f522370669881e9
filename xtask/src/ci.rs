//! `cargo xtask ci`: the whole test command, step by step, exactly as CI runs it (`.ci/run` calls it).
//! Every step runs even when an earlier one failed, and the last line counts them.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;
use xtask::codegen::project_root;

/// One step of the test command: a name and what to run.
struct Step {
    name: &'static str,
    run: fn(&Path) -> anyhow::Result<bool>,
}

const STEPS: &[Step] = &[
    Step { name: "format", run: format },
    Step { name: "codegen --check", run: codegen_check },
    Step { name: "clippy", run: clippy },
    Step { name: "doc", run: doc },
    Step { name: "prism install", run: prism_install },
    Step { name: "test", run: test },
    Step { name: "live prefect", run: live_prefect },
    Step { name: "corpus", run: corpus },
    Step { name: "bench smoke", run: bench_smoke },
];

pub fn ci(args: &[String]) -> anyhow::Result<ExitCode> {
    if !args.is_empty() {
        anyhow::bail!("usage: cargo xtask ci");
    }
    let root = project_root();
    let mut failed = Vec::new();
    let started = Instant::now();
    for step in STEPS {
        eprintln!("\n==> {}", step.name);
        let step_started = Instant::now();
        let ok = match (step.run)(&root) {
            Ok(ok) => ok,
            Err(error) => {
                eprintln!("{:#}", error);
                false
            }
        };
        eprintln!(
            "<== {} {} in {:.0} s",
            step.name,
            if ok { "passed" } else { "FAILED" },
            step_started.elapsed().as_secs_f64()
        );
        if !ok {
            failed.push(step.name);
        }
    }
    eprintln!("\nci took {:.0} s", started.elapsed().as_secs_f64());
    if !failed.is_empty() {
        eprintln!("failed steps: {}", failed.join(", "));
    }
    println!("ci: {} passed, {} failed", STEPS.len() - failed.len(), failed.len());
    Ok(if failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn cargo(root: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command.current_dir(root).args(args);
    command
}

fn status(mut command: Command) -> anyhow::Result<bool> {
    Ok(command.status()?.success())
}

fn format(root: &Path) -> anyhow::Result<bool> {
    let workspace = status(cargo(root, &["fmt", "--all", "--check"]))?;
    // The live driver is a workspace of its own (excluded from this one), so `cargo fmt` does not see it.
    let mut others = Command::new("rustfmt");
    others.current_dir(root).args(["--check", "tests/live/prefect/src/main.rs"]);
    Ok(workspace && status(others)?)
}

fn codegen_check(_: &Path) -> anyhow::Result<bool> {
    let problems = xtask::codegen::check_generated()?;
    for problem in &problems {
        eprintln!("{problem}");
    }
    if !problems.is_empty() {
        eprintln!("generated/ is stale: run `cargo xtask codegen`");
    }
    Ok(problems.is_empty())
}

fn clippy(root: &Path) -> anyhow::Result<bool> {
    status(cargo(root, &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))
}

fn doc(root: &Path) -> anyhow::Result<bool> {
    // The runtime crate too: its links must resolve on their own, as they must inside every generated crate.
    let mut command = cargo(root, &["doc", "-p", "mixpeek", "-p", "runtime", "--no-deps"]);
    command.env("RUSTDOCFLAGS", "-D warnings");
    status(command)
}

fn prism_install(root: &Path) -> anyhow::Result<bool> {
    let dir = root.join("tests/client/prism");
    let npm = Command::new("npm").arg("--version").output();
    if npm.map(|o| !o.status.success()).unwrap_or(true) {
        anyhow::bail!(
            "node and npm are required for the Prism tests: install them (apt-get install nodejs npm), then rerun"
        );
    }
    let mut command = Command::new("npm");
    command.current_dir(dir).args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
    status(command)
}

/// The workspace's tests in the default mode, then `exact-numbers-tests` alone: built with the others, its
/// `exact-numbers` feature (serde_json's `arbitrary_precision`) would apply to every package.
fn test(root: &Path) -> anyhow::Result<bool> {
    let mut command = cargo(root, &["test", "--workspace", "--exclude", EXACT_NUMBERS_TESTS]);
    command.env("INSTA_UPDATE", "no").env("MIXPEEK_REQUIRE_PRISM", "1");
    if !status(command)? {
        return Ok(false);
    }
    status(cargo(root, &["test", "-p", EXACT_NUMBERS_TESTS]))
}

const EXACT_NUMBERS_TESTS: &str = "exact-numbers-tests";

/// `cargo xtask live`: the generated Prefect client against a real Prefect server; fails (never skips) when
/// python3, venv or the install is missing.
fn live_prefect(root: &Path) -> anyhow::Result<bool> {
    status(cargo(root, &["xtask", "live"]))
}

fn corpus(root: &Path) -> anyhow::Result<bool> {
    let mut command = cargo(root, &["xtask", "corpus"]);
    command.env_remove("CARGO_TARGET_DIR");
    status(command)
}

/// `cargo xtask bench --smoke`: one run of every benchmark on small inputs, so the benchmark code keeps
/// compiling and working; it times nothing that CI judges.
fn bench_smoke(root: &Path) -> anyhow::Result<bool> {
    status(cargo(root, &["xtask", "bench", "--smoke"]))
}
