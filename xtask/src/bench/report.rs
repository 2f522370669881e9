//! The report: medians and figures formatted, the Markdown of `BENCHMARKS.md`, the targets met or missed.

use super::*;

/// The new `BENCHMARKS.md`: the main sections (or the existing ones, when only the width section ran), the
/// width section, and the existing hand-written notes.
pub(super) fn report_text(existing: &str, main: Option<&str>, width: &str) -> String {
    let notes = kept_notes(existing).unwrap_or_else(|| format!("{NOTES_MARKER}\n"));
    let old_main =
        existing.find(WIDTH_MARKER).or_else(|| existing.find(NOTES_MARKER)).map_or(existing, |at| &existing[..at]);
    let main = main.unwrap_or(old_main);
    format!("{}\n\n{WIDTH_MARKER}\n\n{}\n{notes}", main.trim_end(), width.trim_end())
}

/// The codegen, generated-crate and decode sections: the report and what failed that is ours.
pub(super) fn main_sections(
    root: &Path,
    binaries: &Binaries,
    options: &Options,
    command: &str,
) -> anyhow::Result<(String, Vec<String>)> {
    let docs = if options.smoke { SMOKE_DOCS } else { FULL_DOCS };
    let mut results = Results::default();
    let mut anchors = BTreeMap::new();
    if options.anchors {
        for anchor in ANCHORS {
            match install_anchor(root, anchor) {
                Ok(path) => {
                    anchors.insert(anchor.tool, path);
                }
                Err(reason) => {
                    eprintln!("{} is not available: {reason}", anchor.package);
                    results.missing_anchors.insert(anchor.tool, reason);
                }
            }
        }
    }
    let tools: Vec<Tool> = std::iter::once(Tool::Ours).chain(anchors.keys().copied()).collect();
    results.load[0] = load_average();

    for doc in docs {
        let spec = root.join(SPECS_DIR).join(doc.file);
        let size = std::fs::metadata(&spec).with_context(|| format!("cannot read {}", spec.display()))?.len();
        results.sizes.insert(doc.name, size as usize);
        measure_codegen(root, binaries, &anchors, doc, &spec, options.runs, &mut results);
    }

    let checked: Vec<(&Doc, Tool)> = docs
        .iter()
        .filter(|doc| doc.check)
        .flat_map(|doc| tools.iter().map(move |tool| (doc, *tool)))
        .filter(|(doc, tool)| matches!(results.codegen.get(&(doc.name, *tool)), Some(Ok(_))))
        .collect();
    for (doc, tool) in &checked {
        let lines = count_lines(&root.join(BENCH_DIR).join(tool.crate_dir(doc)));
        results.crates.insert((doc.name, *tool), CrateFigures { lines, check: Err("not run".to_owned()) });
    }
    measure_checks(root, &checked, options.runs, &mut results)?;

    results.decode = Some(measure_decode(binaries, options.runs));
    results.load[1] = load_average();
    Ok((report(&results, docs, &tools, options, binaries, command), problems(&results)))
}

/// What makes the run fail: anything of ours that did not run (the anchors' failures are only reported).
pub(super) fn problems(results: &Results) -> Vec<String> {
    let mut problems = Vec::new();
    for (doc, runs) in &results.parse {
        if let Err(reason) = runs {
            problems.push(format!("parsing {doc} failed: {reason}"));
        }
    }
    for ((doc, tool), runs) in &results.codegen {
        if let (Tool::Ours, Err(reason)) = (tool, runs) {
            problems.push(format!("generating {doc} failed: {reason}"));
        }
    }
    for ((doc, tool), figures) in &results.crates {
        if let (Tool::Ours, Err(reason)) = (tool, &figures.check) {
            problems.push(format!("checking the crate generated from {doc}: {reason}"));
        }
    }
    if let Some(Err(reason)) = &results.decode {
        problems.push(format!("decode benchmark: {reason}"));
    }
    problems
}

/// The hand-written part of an existing report: the marker line and what follows it.
pub(super) fn kept_notes(text: &str) -> Option<String> {
    text.find(NOTES_MARKER).map(|at| text[at..].to_owned())
}

pub(super) fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    Some(if sorted.len() % 2 == 0 { (sorted[middle - 1] + sorted[middle]) / 2.0 } else { sorted[middle] })
}

/// The samples of a tool's runs, when it ran.
pub(super) fn samples_of(runs: Option<&Runs>) -> Option<&[Sample]> {
    runs.and_then(|r| r.as_ref().ok()).map(Vec::as_slice)
}

pub(super) fn median_wall(samples: &[Sample]) -> Option<f64> {
    median(&samples.iter().map(|s| s.wall_ms).collect::<Vec<_>>())
}

pub(super) fn median_cpu(samples: &[Sample]) -> Option<f64> {
    median(&samples.iter().filter_map(|s| s.cpu_ms).collect::<Vec<_>>())
}

pub(super) fn median_peak(samples: &[Sample]) -> Option<f64> {
    median(&samples.iter().filter_map(|s| s.peak_kib).map(|k| k as f64).collect::<Vec<_>>())
}

pub(super) fn ms(value: Option<f64>) -> String {
    match value {
        None => "–".to_owned(),
        // GNU time counts CPU time in hundredths of a second.
        Some(0.0) => "<10 ms".to_owned(),
        Some(v) if v >= 100.0 => format!("{v:.0} ms"),
        Some(v) => format!("{v:.1} ms"),
    }
}

pub(super) fn mib(kib: Option<f64>) -> String {
    kib.map_or_else(|| "n/a".to_owned(), |k| format!("{:.0} MiB", k / 1024.0))
}

pub(super) fn ratio(ours: Option<f64>, theirs: Option<f64>) -> String {
    match (ours, theirs) {
        (Some(a), Some(b)) if a > 0.0 && b > 0.0 => format!("{:.2}×", a / b),
        _ => "–".to_owned(),
    }
}

pub(super) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The whole report, in markdown.
pub(super) fn report(
    results: &Results,
    docs: &[Doc],
    tools: &[Tool],
    options: &Options,
    binaries: &Binaries,
    command: &str,
) -> String {
    let anchors: Vec<Tool> = tools.iter().copied().filter(|t| *t != Tool::Ours).collect();
    let mut out = String::from("# Benchmarks\n\n");
    let date = shell("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_else(|| "unknown date".to_owned());
    let commit = shell("git", &["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".to_owned());
    let dirty = shell("git", &["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    let _ = writeln!(out, "- command: `{command}`");
    let _ = writeln!(out, "- date: {date}; commit {commit}{}", if dirty { " with local changes" } else { "" });
    let _ = writeln!(out, "- machine: {}", machine());
    if let [Some(start), Some(end)] = &results.load {
        let _ = writeln!(
            out,
            "- load average (1, 5, 15 min) at the start: {start}; at the end: {end}. The machine may be shared with \
            other work: under load, CPU time is steadier than wall time"
        );
    }
    let _ = writeln!(
        out,
        "- {} build of `xtask` and `decode-bench`; every figure is the median of {} run{}",
        binaries.profile,
        options.runs,
        if options.runs == 1 { "" } else { "s" }
    );
    for anchor in ANCHORS {
        if let Some(reason) = results.missing_anchors.get(&anchor.tool) {
            let _ = writeln!(out, "- {} {}: not available here: {reason}", anchor.package, anchor.version);
        } else if anchors.contains(&anchor.tool) {
            let _ = writeln!(out, "- anchor: {} {} (`cargo install --locked`)", anchor.package, anchor.version);
        }
    }
    if options.smoke {
        out.push_str("- smoke run: small documents, dev build, one run; the figures are not benchmarks\n");
    }

    out.push_str(
        "\n## Codegen\n\nOne process per run: read the document, generate, write the crate. Wall time, CPU time (user + \
        system) and peak resident memory, next to the floor: a process that only reads the document and parses it into \
        a `serde_json::Value` (YAML through `serde_yaml::Value`, as the generator reads it). Both run in the same \
        `xtask` binary (same allocator, mimalloc), the work on one worker thread with the generator's stack. Ours is run with `--no-example-tests`, like for like with the \
        anchors, which write no tests; the example test (`tests/spec_examples/`, on by default) costs about a \
        sixth more generation work on Mixpeek 0.81.\n\n",
    );
    let mut table = Table::new(&[
        "document",
        "size",
        "parse wall",
        "ours wall",
        "ours ÷ parse",
        "parse CPU",
        "ours CPU",
        "ours ÷ parse (CPU)",
        "parse peak",
        "ours peak",
    ]);
    let mut failures = Vec::new();
    for doc in docs {
        let size = results.sizes.get(doc.name).copied().unwrap_or(0);
        let parse = samples_of(results.parse.get(doc.name));
        let ours = samples_of(results.codegen.get(&(doc.name, Tool::Ours)));
        let (parse_wall, ours_wall) = (parse.and_then(median_wall), ours.and_then(median_wall));
        let (parse_cpu, ours_cpu) = (parse.and_then(median_cpu), ours.and_then(median_cpu));
        table.rows.push(vec![
            doc.name.to_owned(),
            if size >= 100_000 {
                format!("{:.1} MB", size as f64 / 1e6)
            } else {
                format!("{:.0} kB", size as f64 / 1e3)
            },
            ms(parse_wall),
            ms(ours_wall),
            ratio(ours_wall, parse_wall),
            ms(parse_cpu),
            ms(ours_cpu),
            ratio(ours_cpu, parse_cpu),
            mib(parse.and_then(median_peak)),
            mib(ours.and_then(median_peak)),
        ]);
        for (what, runs) in
            [("parse", results.parse.get(doc.name)), ("ours", results.codegen.get(&(doc.name, Tool::Ours)))]
        {
            if let Some(Err(reason)) = runs {
                failures.push(format!("{what} on {}: {reason}", doc.name));
            }
        }
    }
    out.push_str(&table.markdown());
    if !anchors.is_empty() {
        out.push_str(
            "\nThe anchors on the same documents, same measurement (peak memory from `/usr/bin/time`). Ratios are ours ÷ \
            theirs: below 1 we are faster or smaller.\n\n",
        );
        let mut table = Table::new(&[
            "document",
            "generator",
            "wall",
            "CPU",
            "peak",
            "ours ÷ theirs (wall)",
            "ours ÷ theirs (CPU)",
            "ours ÷ theirs (peak)",
        ]);
        for doc in docs {
            let ours = samples_of(results.codegen.get(&(doc.name, Tool::Ours)));
            for tool in &anchors {
                let row_start = vec![doc.name.to_owned(), tool.label().to_owned()];
                match results.codegen.get(&(doc.name, *tool)) {
                    Some(Ok(samples)) => {
                        let wall = median_wall(samples);
                        let cpu = median_cpu(samples);
                        let peak = median_peak(samples);
                        table.rows.push(
                            [
                                row_start,
                                vec![
                                    ms(wall),
                                    ms(cpu),
                                    mib(peak),
                                    ratio(ours.and_then(median_wall), wall),
                                    ratio(ours.and_then(median_cpu), cpu),
                                    ratio(ours.and_then(median_peak), peak),
                                ],
                            ]
                            .concat(),
                        );
                    }
                    Some(Err(reason)) => {
                        failures.push(format!("{} on {}: {reason}", tool.label(), doc.name));
                        let cells = ["cannot run (below)", "–", "–", "–", "–", "–"].map(str::to_owned);
                        table.rows.push([row_start, cells.to_vec()].concat());
                    }
                    None => {}
                }
            }
        }
        out.push_str(&table.markdown());
    }
    if !failures.is_empty() {
        out.push_str("\nRuns that failed:\n\n");
        for failure in &failures {
            let _ = writeln!(out, "- {failure}");
        }
    }

    out.push_str(
        "\n## Generated crates\n\nLines of the `.rs` files of each generated crate (ours include the \
        runtime module it carries), and the wall time of `cargo check -p <crate>` in `target/bench/` with its \
        dependencies already built, `CARGO_INCREMENTAL=0`, after `cargo clean -p <crate>`.\n\n",
    );
    let mut table = Table::new(&[
        "document",
        "generator",
        ".rs lines",
        "cargo check",
        "lines ours ÷ theirs",
        "check ours ÷ theirs",
    ]);
    let check_ms = |key: &(&str, Tool)| -> Option<f64> {
        results.crates.get(key).and_then(|c| c.check.as_ref().ok()).and_then(|t| median(t))
    };
    for doc in docs.iter().filter(|d| d.check) {
        let ours_key = (doc.name, Tool::Ours);
        let ours_lines = results.crates.get(&ours_key).map(|c| c.lines as f64);
        for tool in tools {
            let key = (doc.name, *tool);
            let Some(figures) = results.crates.get(&key) else {
                let reason = match results.codegen.get(&key) {
                    Some(Err(_)) => "did not generate (see above)",
                    _ => "not run",
                };
                table.rows.push(vec![
                    doc.name.to_owned(),
                    tool.label().to_owned(),
                    reason.to_owned(),
                    "–".to_owned(),
                    "–".to_owned(),
                    "–".to_owned(),
                ]);
                continue;
            };
            let check = match &figures.check {
                Ok(times) => median(times).map_or_else(|| "–".to_owned(), |t| format!("{:.1} s", t / 1000.0)),
                Err(reason) => reason.clone(),
            };
            let (lines_ratio, check_ratio) = if *tool == Tool::Ours {
                (String::new(), String::new())
            } else {
                (ratio(ours_lines, Some(figures.lines as f64)), ratio(check_ms(&ours_key), check_ms(&key)))
            };
            table.rows.push(vec![
                doc.name.to_owned(),
                tool.label().to_owned(),
                thousands(figures.lines),
                check,
                lines_ratio,
                check_ratio,
            ]);
        }
    }
    out.push_str(&table.markdown());

    let _ = write!(
        out,
        "\n## Decode\n\nOne JSON list of {} `WebhookOutput` values (one to four channels each, all three config kinds, \
        optional members present, absent or `null`) decoded with `serde_json::from_str` into the generated \
        `mixpeek::models::WebhookOutput` and into hand-written `derive(Deserialize)` structs of the same shape \
        (configs as a `#[serde(untagged)]` enum): the limit. Both in one `decode-bench` process, runs interleaved, \
        serde_json with its default features, as the generated crate asks for it.\n\n",
        thousands(DECODE_VALUES)
    );
    match &results.decode {
        Some(Ok(decode)) => {
            let _ = writeln!(
                out,
                "Input: {:.1} MB, {} webhooks, {} channels.\n",
                decode.bytes as f64 / 1e6,
                thousands(decode.webhooks as usize),
                thousands(decode.channels as usize)
            );
            let mut table = Table::new(&["decoder", "µs per list", "MB/s", "throughput ÷ hand-written"]);
            let hand = median(&decode.handwritten_us);
            for (label, times) in
                [("generated models", &decode.generated_us), ("hand-written structs", &decode.handwritten_us)]
            {
                let us = median(times);
                table.rows.push(vec![
                    label.to_owned(),
                    us.map_or_else(|| "–".to_owned(), |u| format!("{u:.0}")),
                    us.map_or_else(|| "–".to_owned(), |u| format!("{:.0}", decode.bytes as f64 / u)),
                    ratio(hand, us),
                ]);
            }
            out.push_str(&table.markdown());
        }
        Some(Err(reason)) => {
            let _ = writeln!(out, "The decode benchmark failed: {reason}");
        }
        None => out.push_str("Not run.\n"),
    }

    if let Some(targets) = targets(results) {
        out.push_str("\n## Targets\n\n");
        out.push_str(&targets);
    }
    out
}

/// The targets for Mixpeek 0.81, each met or not, when the full run measured them.
pub(super) fn targets(results: &Results) -> Option<String> {
    let doc = "mixpeek-0.81";
    let parse = samples_of(results.parse.get(doc));
    let ours = samples_of(results.codegen.get(&(doc, Tool::Ours)));
    ours?;
    let theirs_key = (doc, Tool::OpenapiToRust);
    let theirs = samples_of(results.codegen.get(&theirs_key));
    let wall = |samples: Option<&[Sample]>| samples.and_then(median_wall);
    let cpu = |samples: Option<&[Sample]>| samples.and_then(median_cpu);
    let lines = |key: &(&str, Tool)| results.crates.get(key).map(|c| c.lines as f64);
    let check =
        |key: &(&str, Tool)| results.crates.get(key).and_then(|c| c.check.as_ref().ok()).and_then(|t| median(t));
    let decode = results.decode.as_ref().and_then(|d| d.as_ref().ok());
    let decode_ratio = decode.and_then(|d| Some(median(&d.handwritten_us)? / median(&d.generated_us)?));
    let mut out = String::new();
    let mut line = |what: &str, value: Option<f64>, met: fn(f64) -> bool, shown: String| {
        let verdict = match value {
            Some(v) if met(v) => "met",
            Some(_) => "NOT met",
            None => "not measured",
        };
        let _ = writeln!(out, "- {what}: {shown} — {verdict}");
    };
    let both = |a: Option<f64>, b: Option<f64>| Some(a? / b?);
    line(
        "codegen within 3× of the bare parse (wall)",
        both(wall(ours), wall(parse)),
        |r| r <= 3.0,
        format!("{} (CPU {})", ratio(wall(ours), wall(parse)), ratio(cpu(ours), cpu(parse))),
    );
    let faster = |r: Option<f64>| r.map_or_else(|| "–".to_owned(), |r| format!("{r:.1}× faster"));
    line(
        "codegen ≥ 5× faster than openapi-to-rust (wall)",
        both(wall(theirs), wall(ours)),
        |r| r >= 5.0,
        format!("{} (CPU {})", faster(both(wall(theirs), wall(ours))), faster(both(cpu(theirs), cpu(ours)))),
    );
    let ours_key = (doc, Tool::Ours);
    line(
        "generated lines ≤ 1/3 of openapi-to-rust's",
        both(lines(&ours_key), lines(&theirs_key)),
        |r| r <= 1.0 / 3.0,
        ratio(lines(&ours_key), lines(&theirs_key)),
    );
    line(
        "cargo check ≤ 1/3 of openapi-to-rust's",
        both(check(&ours_key), check(&theirs_key)),
        |r| r <= 1.0 / 3.0,
        ratio(check(&ours_key), check(&theirs_key)),
    );
    line(
        "decode ≥ 0.9× the hand-written structs",
        decode_ratio,
        |r| r >= 0.9,
        decode_ratio.map_or_else(|| "–".to_owned(), |r| format!("{r:.2}×")),
    );
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }

    #[test]
    pub(super) fn numbers() {
        assert_eq!(thousands(142_260), "142,260");
        assert_eq!(thousands(999), "999");
        assert_eq!(ratio(Some(1.0), Some(4.0)), "0.25×");
    }

    #[test]
    pub(super) fn failure_reasons() {
        let text = "-----\n TYPE SPACE\n  0  struct Account\ngen fail: unsupported style\n\
            \nError: generation experienced errors\n\nStack backtrace:\n   0: anyhow::msg\n";
        assert_eq!(first_error_line(text), "gen fail: unsupported style / Error: generation experienced errors");
        assert_eq!(first_error_line(""), "no output");
    }

    #[test]
    pub(super) fn notes_are_kept() {
        let text = format!("# Benchmarks\nold table\n{NOTES_MARKER}\n## Profile\nfindings\n");
        assert_eq!(kept_notes(&text).unwrap(), format!("{NOTES_MARKER}\n## Profile\nfindings\n"));
        assert_eq!(kept_notes("# Benchmarks\n"), None);
    }

    #[test]
    pub(super) fn the_width_section_is_replaced_alone() {
        let existing = format!("# Benchmarks\nmain\n\n{WIDTH_MARKER}\n\n## Width\nold\n{NOTES_MARKER}\nnotes\n");
        let text = report_text(&existing, None, "## Width\nnew\n");
        assert_eq!(text, format!("# Benchmarks\nmain\n\n{WIDTH_MARKER}\n\n## Width\nnew\n{NOTES_MARKER}\nnotes\n"));
        let first = report_text(&format!("# Benchmarks\nmain\n{NOTES_MARKER}\nnotes\n"), None, "## Width\nnew");
        assert_eq!(first, text);
        let full = report_text(&existing, Some("# Benchmarks\nfresh\n"), "## Width\nnew\n");
        assert!(full.starts_with("# Benchmarks\nfresh\n\n") && full.ends_with("notes\n"));
    }

    #[test]
    pub(super) fn arguments() {
        let args = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let options = parse_args(&args(&["--smoke", "--runs", "9"])).unwrap();
        assert!(options.smoke && options.runs == 1);
        assert!(parse_args(&args(&["--smoke", "--anchors"])).is_err());
        assert_eq!(parse_args(&args(&["--runs", "3"])).unwrap().runs, 3);
        let width = parse_args(&args(&["--width"])).unwrap();
        assert!(width.width && width.width_runs == WIDTH_RUNS);
        assert!(parse_args(&args(&["--width", "--anchors"])).is_err());
        assert_eq!(parse_args(&args(&["--width", "--smoke"])).unwrap().width_runs, 1);
    }
}
