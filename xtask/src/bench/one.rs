//! `xtask bench-one`: the single measured process (generate or only parse one document).

use super::*;

/// `xtask bench-one parse --spec PATH` or
/// `xtask bench-one generate --spec PATH --out DIR --crate-name NAME [--no-example-tests]`:
/// one measurement in a fresh process. Prints `{"millis": …, "peak_kib": …}`, the in-process time and the
/// process's peak resident memory (`VmHWM`).
pub fn bench_one(args: &[String]) -> anyhow::Result<ExitCode> {
    let (what, rest) = args.split_first().context("usage: xtask bench-one parse|generate --spec PATH ...")?;
    let mut spec = None;
    let mut out = None;
    let mut crate_name = "bench".to_owned();
    let mut example_tests = true;
    let mut iter = rest.iter();
    while let Some(arg) = iter.next() {
        let mut value = || iter.next().cloned().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--spec" => spec = Some(value()?),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--crate-name" => crate_name = value()?,
            "--no-example-tests" => example_tests = false,
            other => bail!("unknown argument {other:?}"),
        }
    }
    let spec = spec.context("--spec is required")?;
    let started = Instant::now();
    let text = std::fs::read_to_string(&spec).with_context(|| format!("cannot read {spec}"))?;
    // Both measurements run on a worker thread with the generator's stack, so the floor pays for starting one
    // thread as generation does, and the ratio compares the work alone.
    let what = what.clone();
    let worker = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || -> anyhow::Result<Vec<String>> {
            match what.as_str() {
                "parse" => {
                    let document = parse_floor(&spec, &text)?;
                    std::hint::black_box(&document);
                    // Freeing the document is part of the floor, as dropping the generator's state is part of
                    // codegen.
                    drop(document);
                    Ok(Vec::new())
                }
                "generate" => {
                    let out = out.context("--out is required")?;
                    let mut config = generator::Config::new(&crate_name);
                    config.source_label = spec.clone();
                    config.example_tests = example_tests;
                    generator::generate(&generator::Source { file: &spec, text: &text }, &[], &config)
                        .map_err(|errors| anyhow::anyhow!("{errors}"))
                        .and_then(|output| ensure_files(&out, &output.files, Mode::Write))
                }
                other => bail!("unknown measurement {other:?}: parse or generate"),
            }
        })
        .context("cannot start the measured thread")?;
    let problems = worker.join().map_err(|_| anyhow::anyhow!("the measured thread panicked"))??;
    if !problems.is_empty() {
        bail!("{}", problems.join("; "));
    }
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    println!("{}", serde_json::json!({"millis": millis, "peak_kib": peak_kib()}));
    Ok(ExitCode::SUCCESS)
}

/// The floor: the document parsed into a `serde_json::Value` and nothing else (YAML through
/// `serde_yaml::Value`, converted, as the generator reads it).
pub(super) fn parse_floor(file: &str, text: &str) -> anyhow::Result<Value> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).with_context(|| format!("{file}: invalid JSON"))
    } else {
        generator::parse_document(file, text).map_err(|error| anyhow::anyhow!("{error}"))
    }
}
