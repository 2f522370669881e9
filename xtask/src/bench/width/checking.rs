//! The width section's measured processes: one generation (`xtask bench-one generate`) and one timed `cargo
//! check` of a crate, with rustc's peak memory read through a `RUSTC_WRAPPER` script.

use super::{Check, write};
use crate::bench::{Sample, run_generate, timed};
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Generates one crate with `xtask bench-one generate` (no example test), measured.
pub(super) fn generate(xtask: &Path, spec: &Path, out: &Path, name: &str, scratch: &Path) -> Result<Sample, String> {
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|error| format!("cannot empty {}: {error}", out.display()))?;
    }
    run_generate(xtask, spec, out, name, scratch)
}

/// The `RUSTC_WRAPPER` of every cargo run in the width workspace (the same for all, so no run rebuilds what
/// another built): rustc itself, under `/usr/bin/time` when it compiles `WIDTH_CRATE`.
pub(super) fn write_wrapper(dir: &Path) -> anyhow::Result<PathBuf> {
    let path = dir.join("rustc-wrapper.sh");
    let script = "#!/bin/sh\n\
        # Written by `cargo xtask bench`: runs rustc, under /usr/bin/time when it compiles $WIDTH_CRATE.\n\
        if [ -n \"$WIDTH_CRATE\" ] && [ -x /usr/bin/time ]; then\n\
        \x20 previous=\n\
        \x20 for arg in \"$@\"; do\n\
        \x20   if [ \"$previous\" = --crate-name ] && [ \"$arg\" = \"$WIDTH_CRATE\" ]; then\n\
        \x20     exec /usr/bin/time -f '%e %M' -o \"$WIDTH_USAGE\" \"$@\"\n\
        \x20   fi\n\
        \x20   previous=$arg\n\
        \x20 done\n\
        fi\n\
        exec \"$@\"\n";
    write(&path, script)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .with_context(|| format!("cannot make {} executable", path.display()))?;
    }
    Ok(path)
}

pub(super) fn cargo_check(dir: &Path, target: &Path, wrapper: &Path) -> Command {
    let mut command = crate::bench::check_command(dir, target);
    command.env("RUSTC_WRAPPER", wrapper).env_remove("WIDTH_CRATE");
    command
}

/// One timed `cargo check -p NAME` after touching its `lib.rs`; adds the wall time and rustc's peak.
pub(super) fn check_once(
    dir: &Path,
    target: &Path,
    wrapper: &Path,
    name: &str,
    check: &mut Check,
) -> Result<(), String> {
    let lib = dir.join(name).join("src/lib.rs");
    let file =
        std::fs::File::options().append(true).open(&lib).map_err(|e| format!("cannot open {}: {e}", lib.display()))?;
    file.set_modified(std::time::SystemTime::now()).map_err(|e| format!("cannot touch {}: {e}", lib.display()))?;
    let usage = dir.join("scratch/rustc-usage.txt");
    let _ = std::fs::remove_file(&usage);
    let mut command = cargo_check(dir, target, wrapper);
    command.env("WIDTH_CRATE", name).env("WIDTH_USAGE", &usage).args(["check", "-p", name]);
    let (ms, _) = timed(&mut command).map_err(|reason| format!("cargo check fails: {reason}"))?;
    check.wall_ms.push(ms);
    let peak = std::fs::read_to_string(&usage)
        .ok()
        .and_then(|text| text.lines().last()?.split_whitespace().nth(1)?.parse::<f64>().ok());
    if let Some(peak) = peak {
        check.peak_kib.push(peak);
    }
    Ok(())
}
