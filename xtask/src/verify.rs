//! `cargo xtask changes --verify`: placeholder.

use std::process::ExitCode;

pub fn verify(_args: &[String]) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet")
}
