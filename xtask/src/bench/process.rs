//! Child processes: building the binaries, installing the anchors, running one measured process, and the
//! machine's description.

use super::*;

/// The target directory cargo builds into for the main workspace.
pub(super) fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// `cargo`, without the variables `cargo run` set for this process: build scripts that watch one of them
/// (ring watches `CARGO_MANIFEST_DIR`) would otherwise rebuild on every call and again from a shell.
pub(super) fn cargo() -> Command {
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
pub(super) fn build_binaries(root: &Path, options: &Options) -> anyhow::Result<Binaries> {
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
pub(super) fn run_quiet(command: &mut Command, what: &str) -> anyhow::Result<()> {
    let status = command.stdout(Stdio::inherit()).stderr(Stdio::inherit()).status();
    let status = status.with_context(|| format!("cannot run {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// Installs one anchor into `ANCHORS_DIR` (a no-op when that version is already there); the binary's path or
/// why it is unavailable.
pub(super) fn install_anchor(root: &Path, anchor: &Anchor) -> Result<PathBuf, String> {
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
pub(super) fn installed(install_root: &Path, anchor: &Anchor) -> bool {
    let Ok(text) = std::fs::read_to_string(install_root.join(".crates2.json")) else { return false };
    let Ok(record) = serde_json::from_str::<Value>(&text) else { return false };
    let prefix = format!("{} {} ", anchor.package, anchor.version);
    record["installs"].as_object().is_some_and(|installs| installs.keys().any(|key| key.starts_with(&prefix)))
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

/// `xtask bench-one parse`: the floor, reading and parsing `spec` alone, measured.
pub(super) fn run_parse(xtask: &Path, spec: &Path, scratch: &Path) -> Result<Sample, String> {
    run_ours(xtask, &["parse".as_ref(), "--spec".as_ref(), spec.as_os_str()], scratch)
}

/// `xtask bench-one generate` without the example test (like for like with the anchors, which write no tests):
/// `spec` generated into `out` as the crate `name`, measured.
pub(super) fn run_generate(
    xtask: &Path,
    spec: &Path,
    out: &Path,
    name: &str,
    scratch: &Path,
) -> Result<Sample, String> {
    let args = [
        "generate".as_ref(),
        "--spec".as_ref(),
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--no-example-tests".as_ref(),
        "--crate-name".as_ref(),
        name.as_ref(),
    ];
    run_ours(xtask, &args, scratch)
}

/// Runs one anchor on a document.
pub(super) fn run_anchor(
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
pub(super) fn measured(program: &Path, args: &[&OsStr], scratch: &Path) -> Result<(Sample, String), String> {
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

/// Runs a command with its output captured; the wall time in ms and its stdout, or why it failed.
pub(super) fn timed(command: &mut Command) -> Result<(f64, String), String> {
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
pub(super) fn first_error_line(text: &str) -> String {
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
pub(super) fn one_line(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > 240 { format!("{}…", text.chars().take(240).collect::<String>()) } else { text }
}

/// This process's peak resident memory in KiB (`VmHWM` in `/proc/self/status`), where the system has it.
pub(super) fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A shell command's trimmed output, if it ran.
pub(super) fn shell(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).stderr(Stdio::null()).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The 1, 5 and 15 minute load averages.
pub(super) fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    Some(text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
}

/// `nproc`, the CPU model and the memory, as the report's machine line.
pub(super) fn machine() -> String {
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
