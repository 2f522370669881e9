//! The generated-crates and decode sections: one workspace of the generated crates, `cargo check` of each
//! timed, and the decode bench.

use super::*;

/// Writes the check workspace and times `cargo check` of each crate alone, dependencies prebuilt by one
/// untimed `cargo check --workspace` first.
pub(super) fn measure_checks(
    root: &Path,
    checked: &[(&Doc, Tool)],
    runs: usize,
    results: &mut Results,
) -> anyhow::Result<()> {
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
pub(super) fn check_command(bench_dir: &Path, target: &Path) -> Command {
    let mut command = cargo();
    command.current_dir(bench_dir).env("CARGO_TARGET_DIR", target).env("CARGO_INCREMENTAL", "0");
    command.stdin(Stdio::null());
    command
}

/// The check workspace's manifest, next to a copy of the project's `Cargo.lock` so our crates resolve to
/// the versions the project uses (the anchors' extra dependencies are resolved on top).
pub(super) fn write_workspace(root: &Path, bench_dir: &Path, members: &[String]) -> anyhow::Result<()> {
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
pub(super) fn prepare_member(dir: &Path) -> anyhow::Result<()> {
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
pub(super) fn measure_decode(binaries: &Binaries, runs: usize) -> Result<Decode, String> {
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
