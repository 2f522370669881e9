//! The width section of the report: the table, the growth exponents and the targets of issue 13.

use super::{Check, Family, Figures, GENERATION_RUNS_PER_RUN, SIZES, TARGET_PEAK_KIB, TARGET_SPAN, Width};
use crate::bench::{Table, median, median_wall, one_line, thousands};
use std::fmt::Write as _;

fn seconds(ms: Option<f64>) -> String {
    ms.map_or_else(|| "–".to_owned(), |ms| format!("{:.2} s", ms / 1000.0))
}

fn memory(kib: Option<f64>) -> String {
    kib.map_or_else(|| "n/a".to_owned(), |kib| format!("{:.0} MiB", kib / 1024.0))
}

fn checked(check: &Result<Check, String>) -> (Option<f64>, Option<f64>) {
    match check {
        Ok(check) => (median(&check.wall_ms), median(&check.peak_kib)),
        Err(_) => (None, None),
    }
}

/// The growth exponent between two sizes: how many times the time grows per time the size grows, on a log scale
/// (1 is linear, 2 quadratic).
fn exponent(small: (usize, f64), large: (usize, f64)) -> Option<f64> {
    let ((n1, t1), (n2, t2)) = (small, large);
    (t1 > 0.0 && t2 > 0.0 && n2 > n1).then(|| (t2 / t1).ln() / (n2 as f64 / n1 as f64).ln())
}

fn shown_exponent(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |e| format!("{e:.2}"))
}

impl Width {
    /// What failed that is ours: a document that did not generate or a crate that did not check.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if let Err(reason) = &self.baseline {
            problems.push(format!("width: the baseline crate: {reason}"));
        }
        for figures in &self.figures {
            let stem = figures.case.stem();
            for (what, result) in
                [("parsing", figures.parse.as_ref().err()), ("generating", figures.generate.as_ref().err())]
            {
                if let Some(reason) = result {
                    problems.push(format!("width: {what} {stem}: {reason}"));
                }
            }
            for (which, result) in [("generated", &figures.ours), ("hand-written", &figures.derive)] {
                if let Err(reason) = result {
                    problems.push(format!("width: the {which} crate of {stem}: {reason}"));
                }
            }
        }
        problems
    }

    /// The section of the report, in markdown, from its `##` heading on.
    pub fn report(&self, command: &str) -> String {
        let mut out = String::from("## Width\n\n");
        let _ = writeln!(
            out,
            "- command: `{command}`; every figure is the median of {} run{} ({} for generation and parse, \
            interleaved: they are short, and load on the machine moves them most)",
            self.runs,
            if self.runs == 1 { "" } else { "s" },
            self.runs * GENERATION_RUNS_PER_RUN
        );
        let _ = writeln!(
            out,
            "- date: {}; commit {}",
            crate::bench::shell("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_else(|| "unknown date".to_owned()),
            crate::bench::shell("git", &["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".to_owned())
        );
        if let [Some(start), Some(end)] = &self.load {
            let _ = writeln!(
                out,
                "- load average (1, 5, 15 min) on {} at the start: {start}; at the end: {end}. The generation \
                figures are wall times, which load stretches",
                crate::bench::machine()
            );
        }
        out.push('\n');
        out.push_str(
            "Synthetic documents, one wide thing each: a struct whose members cycle through seven kinds (a string with \
            `maxLength`, an int64 with `minimum`, a number, a boolean, an array of strings, a nullable string, a \
            date-time; every third required), a string enum, and operations `GET /items{i}/{id}` with a path and a \
            query parameter (`maximum`) returning one shared struct. Next to each generated crate (`--no-example-tests`) \
            is a hand-written crate of the same shape, written by the bench as text: the struct and enum with \
            `#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]` (the enum also `Eq, Hash, PartialOrd, Ord`, \
            `#[serde(rename)]` per value and a `#[serde(other)]` catch-all; optional members `Option` with \
            `skip_serializing_if`), and for operations one `async fn` per operation on reqwest (send, \
            `error_for_status`, `serde_json::from_slice`). `cargo check -p <crate>` wall time with the dependencies \
            built, after touching its `lib.rs`, `CARGO_INCREMENTAL=0`; rustc's own peak resident memory from \
            `/usr/bin/time` around that crate's rustc (a `RUSTC_WRAPPER`). Generation and parse are one process each \
            (`xtask bench-one`, the work on one worker thread in both), as in the codegen table, wall time.\n\n",
        );
        let (base_ms, base_kib) = checked(&self.baseline);
        let _ = writeln!(
            out,
            "Baseline: the generated crate of a document with nothing in it (the runtime every crate carries) checks in \
            {} with {} of rustc memory.\n",
            seconds(base_ms),
            memory(base_kib)
        );
        let mut table = Table::new(&[
            "document",
            "size",
            "parse",
            "generate",
            "generate ÷ parse",
            ".rs lines (ours)",
            "check ours",
            "rustc peak ours",
            "check derive",
            "rustc peak derive",
            "check ours ÷ derive",
        ]);
        for figures in &self.figures {
            let parse = figures.parse.as_ref().ok().and_then(|s| median_wall(s));
            let generate = figures.generate.as_ref().ok().and_then(|s| median_wall(s));
            let (ours_ms, ours_kib) = checked(&figures.ours);
            let (derive_ms, derive_kib) = checked(&figures.derive);
            table.rows.push(vec![
                format!(
                    "{} of {} {}",
                    figures.case.family.label(),
                    thousands(figures.case.size),
                    figures.case.family.unit()
                ),
                format!("{:.0} kB", figures.bytes as f64 / 1e3),
                crate::bench::ms(parse),
                crate::bench::ms(generate),
                crate::bench::ratio(generate, parse),
                thousands(figures.lines),
                seconds(ours_ms),
                memory(ours_kib),
                seconds(derive_ms),
                memory(derive_kib),
                crate::bench::ratio(ours_ms, derive_ms),
            ]);
        }
        out.push_str(&table.markdown());
        let failures: Vec<String> = self.problems();
        if !failures.is_empty() {
            out.push_str("\nRuns that failed:\n\n");
            for failure in &failures {
                let _ = writeln!(out, "- {}", one_line(failure));
            }
        }
        out.push_str(
            "\nGrowth exponents of `cargo check` time between sizes (log of the time ratio over log of the size ratio: 1 is \
            linear, 2 quadratic); \"ours net\" subtracts the baseline first, since the runtime's fixed cost flattens the \
            raw curve.\n\n",
        );
        let mut table = Table::new(&["family", "sizes", "ours", "ours net", "derive"]);
        for (family, from, to) in self.spans() {
            let (Some(small), Some(large)) = (self.figures_of(family, from), self.figures_of(family, to)) else {
                continue;
            };
            let (ours_small, ours_large) = (checked(&small.ours).0, checked(&large.ours).0);
            let (derive_small, derive_large) = (checked(&small.derive).0, checked(&large.derive).0);
            let pair = |a: Option<f64>, b: Option<f64>| exponent((from, a?), (to, b?));
            let net = |t: Option<f64>| Some(t? - base_ms?);
            table.rows.push(vec![
                family.label().to_owned(),
                format!("{} → {}", thousands(from), thousands(to)),
                shown_exponent(pair(ours_small, ours_large)),
                shown_exponent(pair(net(ours_small), net(ours_large))),
                shown_exponent(pair(derive_small, derive_large)),
            ]);
        }
        out.push_str(&table.markdown());
        out.push_str("\nTargets (issue 13):\n\n");
        out.push_str(&self.targets());
        out
    }

    /// Consecutive sizes of each family, then the struct target's span when it is not one of them.
    fn spans(&self) -> Vec<(Family, usize, usize)> {
        let mut spans = Vec::new();
        for (family, _) in SIZES {
            let sizes: Vec<usize> =
                self.figures.iter().filter(|f| f.case.family == *family).map(|f| f.case.size).collect();
            for pair in sizes.windows(2) {
                spans.push((*family, pair[0], pair[1]));
            }
        }
        let target = (Family::Struct, TARGET_SPAN.0, TARGET_SPAN.1);
        if self.figures_of(Family::Struct, TARGET_SPAN.0).is_some()
            && self.figures_of(Family::Struct, TARGET_SPAN.1).is_some()
        {
            spans.push(target);
        }
        spans
    }

    fn figures_of(&self, family: Family, size: usize) -> Option<&Figures> {
        self.figures.iter().find(|f| f.case.family == family && f.case.size == size)
    }

    fn targets(&self) -> String {
        let mut out = String::new();
        let mut line = |what: &str, shown: String, met: Option<bool>| {
            let verdict = match met {
                Some(true) => "met",
                Some(false) => "NOT met",
                None => "not measured",
            };
            let _ = writeln!(out, "- {what}: {shown} — {verdict}");
        };
        let (from, to) =
            (self.figures_of(Family::Struct, TARGET_SPAN.0), self.figures_of(Family::Struct, TARGET_SPAN.1));
        let growth = from.zip(to).and_then(|(from, to)| {
            exponent((TARGET_SPAN.0, checked(&from.ours).0?), (TARGET_SPAN.1, checked(&to.ours).0?))
        });
        line(
            "struct growth exponent from 300 to 3,000 members ≤ 1.15",
            shown_exponent(growth),
            growth.map(|e| e <= 1.15),
        );
        let (ours_ms, ours_kib) = to.map_or((None, None), |f| checked(&f.ours));
        let derive_ms = to.and_then(|f| checked(&f.derive).0);
        line("3,000-member struct: rustc memory ≤ 1 GB", memory(ours_kib), ours_kib.map(|kib| kib <= TARGET_PEAK_KIB));
        let both = ours_ms.zip(derive_ms);
        line(
            "3,000-member struct: check time ≤ 2× the derive crate's",
            crate::bench::ratio(ours_ms, derive_ms),
            both.map(|(ours, derive)| ours <= 2.0 * derive),
        );
        let ratios: Vec<(String, f64)> = self
            .figures
            .iter()
            .filter_map(|f| {
                let parse = median_wall(f.parse.as_ref().ok()?)?;
                let generate = median_wall(f.generate.as_ref().ok()?)?;
                Some((f.case.stem(), generate / parse))
            })
            .collect();
        let worst = ratios.iter().max_by(|a, b| a.1.total_cmp(&b.1));
        line(
            "generation within 3× of the bare parse on every width document (wall)",
            worst.map_or_else(|| "–".to_owned(), |(stem, r)| format!("worst {r:.2}× ({stem})")),
            (ratios.len() == self.figures.len() && !ratios.is_empty()).then(|| ratios.iter().all(|(_, r)| *r <= 3.0)),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponents() {
        assert_eq!(exponent((100, 1.0), (1_000, 10.0)).map(|e| (e * 100.0).round()), Some(100.0));
        assert_eq!(exponent((100, 1.0), (1_000, 100.0)).map(|e| (e * 100.0).round()), Some(200.0));
        assert_eq!(exponent((100, 0.0), (1_000, 1.0)), None);
    }
}
