//! Example runs: each corpus crate's `spec_examples` test binary run once, its failures counted and kept.
//!
//! The binary's tests each end by panicking with `N example(s) failed:` and one line per failure
//! (`#/pointer: what went wrong`); that is what is read back here.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What one crate's example test said.
#[derive(Debug, Default)]
pub struct ExampleRun {
    /// Examples of the document in the test (`examples.json` keys that are pointers).
    pub examples: usize,
    /// Made-up union samples in the test (`sample:` keys).
    pub samples: usize,
    /// Examples and samples that failed.
    pub failed: usize,
    /// One line per failure, as the test printed it.
    pub failures: Vec<String>,
    /// Why the binary could not be run or did not report, if it could not.
    pub broken: Option<String>,
}

/// The number of examples and samples in a generated crate's `tests/spec_examples/examples.json` (zero and
/// zero when it has none).
pub fn count_cases(crate_dir: &Path) -> (usize, usize) {
    let path = crate_dir.join("tests/spec_examples/examples.json");
    let Ok(text) = std::fs::read_to_string(path) else { return (0, 0) };
    let Ok(Value::Object(entries)) = serde_json::from_str::<Value>(&text) else { return (0, 0) };
    let samples = entries.keys().filter(|key| key.starts_with("sample:")).count();
    (entries.len() - samples, samples)
}

/// Runs one test binary and reads its failures.
pub fn run(executable: &PathBuf, crate_dir: &Path) -> ExampleRun {
    let (examples, samples) = count_cases(crate_dir);
    let mut run = ExampleRun { examples, samples, ..ExampleRun::default() };
    let output = match Command::new(executable).args(["--test-threads", "2"]).current_dir(crate_dir).output() {
        Ok(output) => output,
        Err(error) => {
            run.broken = Some(format!("cannot run {}: {error}", executable.display()));
            return run;
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    read_failures(&stdout, &mut run);
    if !output.status.success() && run.failed == 0 {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stdout.lines().chain(stderr.lines()).last().unwrap_or_default();
        run.broken = Some(format!("the test failed without naming an example ({}): {last}", output.status));
    }
    run
}

/// Folds the test's panic messages into the run: the counts and the lines after them.
fn read_failures(stdout: &str, run: &mut ExampleRun) {
    let mut lines = stdout.lines();
    while let Some(line) = lines.next() {
        let Some(count) = line.strip_suffix(" example(s) failed:").and_then(|n| n.trim().parse::<usize>().ok()) else {
            continue;
        };
        run.failed += count;
        run.failures.extend(lines.by_ref().take(count).map(str::to_owned));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_read_from_the_panic_messages() {
        let stdout = "running 2 tests\n\
            ---- examples_001 stdout ----\n\n\
            thread 'examples_001' panicked at tests/spec_examples/support.rs:84:9:\n\
            2 example(s) failed:\n\
            #/components/schemas/A/examples/0: does not decode: missing field `id`\n\
            sample:U::B: decoded into the wrong variant (expected U::B): A(..)\n\
            note: run with `RUST_BACKTRACE=1`\n\
            ---- examples_002 stdout ----\n\
            1 example(s) failed:\n\
            #/paths/~1x/get/responses/200/content/application~1json/example: encodes differently: /a is missing\n";
        let mut run = ExampleRun::default();
        read_failures(stdout, &mut run);
        assert_eq!(run.failed, 3);
        assert_eq!(run.failures.len(), 3);
        assert!(run.failures[1].starts_with("sample:U::B"));
        assert!(run.failures[2].ends_with("/a is missing"));
    }
}
