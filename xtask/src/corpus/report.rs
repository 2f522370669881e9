//! The corpus report: the table on stdout, the first diagnostics on stderr, and `docs/corpus.md`.

use super::*;

/// Prints the first rustc error (or, for crates that only warn, the first warning) of each crate.
pub(super) fn print_first_diagnostics(report: &Report<'_>) {
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
pub(super) struct Timings {
    pub(super) generation: f64,
    pub(super) check: Option<f64>,
    /// Whether the check ran with `--offline`.
    pub(super) offline: bool,
    /// How many crates cargo had to check (the others were fresh), out of how many.
    pub(super) rechecked: usize,
    pub(super) crates: usize,
    pub(super) total: f64,
}

/// Everything the tables are made from.
#[derive(Debug)]
pub(super) struct Report<'a> {
    pub(super) documents: &'a [Document],
    pub(super) outcomes: &'a [Outcome],
    pub(super) check: Option<&'a CheckReport>,
}

impl Report<'_> {
    pub(super) fn expected_rejection(name: &str) -> Option<&'static str> {
        EXPECTED_REJECTIONS.iter().find(|(n, _)| *n == name).map(|(_, reason)| *reason)
    }

    /// The main table: one row per document and a totals row.
    pub(super) fn summary(&self) -> Table {
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
    pub(super) fn warning_kinds(&self) -> Option<Table> {
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
    pub(super) fn rustc_codes(&self) -> Option<Table> {
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
    pub(super) fn failures(&self) -> Vec<(String, String, Option<&'static str>)> {
        self.documents
            .iter()
            .zip(self.outcomes)
            .filter_map(|(d, o)| {
                o.result.as_ref().err().map(|m| (d.name.clone(), m.clone(), Self::expected_rejection(&d.name)))
            })
            .collect()
    }

    /// What makes the run fail: unexpected generation failures and crates with rustc errors or warnings.
    pub(super) fn problems(&self) -> Vec<String> {
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

    pub(super) fn text(&self, timings: &Timings) -> String {
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

    pub(super) fn markdown(&self, command: &str, timings: &Timings) -> String {
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
pub(super) struct Totals {
    pub(super) documents: usize,
    pub(super) generated: usize,
    pub(super) operations: usize,
    pub(super) schemas: usize,
    pub(super) warnings: usize,
    pub(super) checked: usize,
    pub(super) compiled: usize,
    pub(super) rustc_errors: usize,
    pub(super) rustc_warnings: usize,
    /// (passed, total).
    pub(super) examples: (usize, usize),
    pub(super) samples: (usize, usize),
    pub(super) millis: f64,
    pub(super) lines: usize,
}

impl Timings {
    pub(super) fn sentence(&self) -> String {
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
pub(super) fn today() -> String {
    let seconds = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian date of a day count since 1970-01-01, by whole 400-year eras.
pub(super) fn civil_from_days(days: i64) -> (i64, u32, u32) {
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
    pub(super) fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }

    #[test]
    pub(super) fn package_names() {
        let id =
            serde_json::json!({"package_id": "path+file:///x/target/corpus/petstore-3.0#corpus_petstore_3_0@0.1.0"});
        assert_eq!(package_crate_name(&id).as_deref(), Some("corpus_petstore_3_0"));
        let old = serde_json::json!({"package_id": "corpus_a 0.1.0 (path+file:///x)"});
        assert_eq!(package_crate_name(&old).as_deref(), Some("corpus_a"));
    }

    #[test]
    pub(super) fn manifest_columns() {
        let text = "name\topenapi\tlocal_file\npetstore\t3.0.0\tspecs/petstore.json\nbare\t\tspecs/bare.json\n";
        let versions = manifest_versions(text);
        assert_eq!(versions.get("specs/petstore.json").map(String::as_str), Some("3.0.0"));
        assert_eq!(versions.get("specs/bare.json").map(String::as_str), Some("?"));
    }
}
