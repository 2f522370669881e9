//! `cargo xtask changes --verify [--only NAME]`: the change report's semver line against cargo-semver-checks.
//! Every document of `tests/generator/fixtures/changes/` (each against `base.yaml`, both ways) and the real pairs
//! (Mixpeek 0.81 → the 0.82 approximation in the shared corpus; the repository's seed fragment → that approximation) is
//! generated into `target/changes-verify/` as a crate named `api`, documented as rustdoc JSON the way
//! cargo-semver-checks documents crates (hidden and private items included), and each pair's two JSON files are
//! given to the checker with `--release-type patch`, so that every lint that asks for a minor or major release
//! fails. Where a pair has a probe (`tests/generator/fixtures/changes/probes/`: caller code for a break the checker
//! cannot see), the probe is checked as an example of both crates: it must compile against the old one only. Prints one
//! Markdown row per comparison and the agreement figures (`docs/changes.md` records them).
//!
//! The checker is installed by `cargo install cargo-semver-checks --locked --root target/tools` (minutes on two
//! cores); this command says so when it is missing.

use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use xtask::changes::{Side, compare};
use xtask::codegen::{Mode, ensure_files, project_root};

/// One document to generate and document: a slug for its folder and JSON file, and its side.
struct Doc {
    slug: String,
    side: Side,
}

/// A comparison: old and new by index into the documents, its label, and the probe that shows what it breaks.
struct Pair {
    label: String,
    old: usize,
    new: usize,
    /// `tests/generator/fixtures/changes/probes/{probe}.rs`, when it exists: caller code that must compile against
    /// the old crate and not against the new one.
    probe: Option<PathBuf>,
}

pub fn verify(args: &[String]) -> anyhow::Result<ExitCode> {
    let only = match args {
        [] => None,
        [flag, name] if flag == "--only" => Some(name.as_str()),
        _ => bail!("usage: cargo xtask changes --verify [--only NAME]"),
    };
    let root = project_root();
    let checker = root.join("target/tools/bin/cargo-semver-checks");
    if !checker.exists() {
        bail!("{} is missing: run `cargo install cargo-semver-checks --locked --root target/tools`", checker.display());
    }
    let (docs, pairs) = plan(&root, only)?;
    let work = root.join("target/changes-verify");
    let target = work.join("target");
    let json = work.join("json");
    std::fs::create_dir_all(&json)?;
    for doc in &docs {
        let dir = work.join("crates").join(&doc.slug);
        generate(&root, doc, &dir)?;
        rustdoc_json(&dir, &target, &json.join(format!("{}.json", doc.slug)))?;
    }
    println!("| pair | report | cargo-semver-checks | lints that failed | agree | probe |");
    println!("| --- | --- | --- | --- | --- | --- |");
    let (mut agreed, mut exact, mut probed) = (0, 0, 0);
    for pair in &pairs {
        let (old, new) = (&docs[pair.old], &docs[pair.new]);
        let report = compare(&old.side, &new.side)?.semver.as_str();
        let old_json = json.join(format!("{}.json", old.slug));
        let new_json = json.join(format!("{}.json", new.slug));
        let (verdict, lints) = check(&checker, &old_json, &new_json)?;
        // The checker's lints for additions (`inherent_method_added`, `non_exhaustive_struct_added`...) are
        // allowed at its default levels, so an addition it passes is "no update required": minor agrees with it.
        let agrees = report == verdict || (report == "minor" && verdict == "patch");
        agreed += usize::from(agrees);
        exact += usize::from(report == verdict);
        let mark = if agrees { "yes" } else { "**no**" };
        let probe = match &pair.probe {
            Some(probe) => {
                let crates = work.join("crates");
                let shown = probe_breaks(probe, &crates.join(&old.slug), &crates.join(&new.slug), &target)?;
                probed += usize::from(shown && !agrees);
                if shown { "compiles before, not after" } else { "**does not show a break**" }
            }
            None => "",
        };
        println!("| {} | {report} | {verdict} | {} | {mark} | {probe} |", pair.label, lints.join(", "));
    }
    println!(
        "\nagreement: {agreed}/{} comparisons ({exact} with the same word; the checker's addition lints are allowed \
         at its default levels, so its `patch` agrees with a report's `minor`)",
        pairs.len()
    );
    println!("disagreements shown to break callers by a probe: {probed}/{}", pairs.len() - agreed);
    Ok(ExitCode::SUCCESS)
}

/// The documents and the pairs: each crafted document against the base both ways, then the real pairs.
fn plan(root: &Path, only: Option<&str>) -> anyhow::Result<(Vec<Doc>, Vec<Pair>)> {
    let folder = root.join("tests/generator/fixtures/changes");
    let mut docs = vec![Doc { slug: "base".to_owned(), side: side(folder.join("base.yaml"), &[]) }];
    let mut pairs = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .with_context(|| format!("cannot read {}", folder.display()))?
        .flatten()
        .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
        .filter(|name| name.ends_with(".yaml") && name != "base.yaml")
        .collect();
    names.sort();
    for name in names {
        let stem = name.trim_end_matches(".yaml").to_owned();
        if only.is_some_and(|only| only != stem) {
            continue;
        }
        docs.push(Doc { slug: stem.clone(), side: side(folder.join(&name), &[]) });
        let index = docs.len() - 1;
        let probe = |name: String| Some(folder.join("probes").join(name)).filter(|path| path.exists());
        pairs.push(Pair { label: format!("`{stem}`"), old: 0, new: index, probe: probe(format!("{stem}.rs")) });
        let reversed = probe(format!("{stem}.reversed.rs"));
        pairs.push(Pair { label: format!("`{stem}` reversed"), old: index, new: 0, probe: reversed });
    }
    let corpus = root.join("../shared/corpus/specs");
    if only.is_none_or(|only| only == "mixpeek") && corpus.join("mixpeek-0.81.json").exists() {
        let first = docs.len();
        docs.push(Doc { slug: "mixpeek-0.81".to_owned(), side: side(corpus.join("mixpeek-0.81.json"), &[]) });
        docs.push(Doc {
            slug: "mixpeek-0.82-approx".to_owned(),
            side: side(corpus.join("mixpeek-0.82-approx.json"), &[]),
        });
        let overlay = root.join("specs/mixpeek.overlay.yaml");
        docs.push(Doc { slug: "mixpeek-seed".to_owned(), side: side(root.join("specs/mixpeek.yaml"), &[overlay]) });
        pairs.push(Pair { label: "Mixpeek 0.81 → 0.82-approx".to_owned(), old: first, new: first + 1, probe: None });
        let seed = "seed fragment → Mixpeek 0.82-approx".to_owned();
        pairs.push(Pair { label: seed, old: first + 2, new: first + 1, probe: None });
    }
    Ok((docs, pairs))
}

fn side(spec: PathBuf, overlays: &[PathBuf]) -> Side {
    Side { spec, overlays: overlays.to_vec(), settings: None }
}

/// Generates the document as the crate `api` into `dir`, its own workspace, locked to this repository's versions.
fn generate(root: &Path, doc: &Doc, dir: &Path) -> anyhow::Result<()> {
    let texts: Vec<(String, String)> = std::iter::once(&doc.side.spec)
        .chain(&doc.side.overlays)
        .map(|path| Ok((path.display().to_string(), std::fs::read_to_string(path)?)))
        .collect::<anyhow::Result<_>>()?;
    let sources: Vec<generator::Source<'_>> =
        texts.iter().map(|(file, text)| generator::Source { file, text }).collect();
    let mut config = generator::Config::new("api");
    config.example_tests = false;
    let output =
        generator::generate(&sources[0], &sources[1..], &config).map_err(|errors| anyhow::anyhow!("{errors}"))?;
    ensure_files(dir, &output.files, Mode::Write)?;
    // A package name of its own (cargo tells units apart by package, and every crate here is a workspace root, so
    // their relative paths agree), the library still named `api`, as the checker compares paths within the crate.
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)?.replacen(
        "name = \"api\"",
        &format!("name = \"api-{}\"", doc.slug.replace('.', "-")),
        1,
    );
    std::fs::write(&manifest, format!("{text}\n[lib]\nname = \"api\"\n\n[workspace]\n"))?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
    Ok(())
}

/// Documents the crate in `dir` as rustdoc JSON, as cargo-semver-checks would, and copies the JSON to `out`.
fn rustdoc_json(dir: &Path, target: &Path, out: &Path) -> anyhow::Result<()> {
    // Every crate's JSON is `doc/api.json`: remove the last one, and make cargo document this one even when it
    // thinks it fresh.
    let json = target.join("doc/api.json");
    if json.exists() {
        std::fs::remove_file(&json)?;
    }
    let lib = dir.join("src/lib.rs");
    std::fs::write(&lib, std::fs::read(&lib)?)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTC_BOOTSTRAP", "1")
        .args(["rustdoc", "--lib", "--quiet", "--", "-Zunstable-options"])
        .args(["--document-private-items", "--document-hidden-items", "--output-format", "json", "--cap-lints=allow"])
        .status()
        .context("cannot run cargo rustdoc")?;
    if !status.success() {
        bail!("cargo rustdoc failed in {}", dir.display());
    }
    std::fs::copy(&json, out).with_context(|| format!("cannot copy {} to {}", json.display(), out.display()))?;
    Ok(())
}

/// Whether the probe compiles as an example of the old crate and not of the new one.
fn probe_breaks(probe: &Path, old: &Path, new: &Path, target: &Path) -> anyhow::Result<bool> {
    let compiles = |dir: &Path| -> anyhow::Result<bool> {
        let examples = dir.join("examples");
        std::fs::create_dir_all(&examples)?;
        std::fs::copy(probe, examples.join("probe.rs"))?;
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let status = Command::new(cargo)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .args(["check", "--example", "probe", "--quiet"])
            .stderr(std::process::Stdio::null())
            .status()
            .context("cannot run cargo check")?;
        std::fs::remove_dir_all(&examples)?;
        Ok(status.success())
    };
    Ok(compiles(old)? && !compiles(new)?)
}

/// The checker's verdict on a pair (`major`, `minor` or `patch` for "no semver update required") and the lints
/// that failed.
fn check(checker: &Path, old: &Path, new: &Path) -> anyhow::Result<(&'static str, Vec<String>)> {
    let output = Command::new(checker)
        .args(["semver-checks", "--release-type", "patch", "--color", "never", "--baseline-rustdoc"])
        .arg(old)
        .arg("--current-rustdoc")
        .arg(new)
        .output()
        .context("cannot run cargo-semver-checks")?;
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let mut lints: Vec<String> = text
        .lines()
        .filter_map(|line| line.strip_prefix("--- failure "))
        .filter_map(|rest| rest.split(':').next())
        .map(|lint| format!("`{lint}`"))
        .collect();
    lints.dedup();
    let verdict = if text.contains("requires new major version") {
        "major"
    } else if text.contains("requires new minor version") {
        "minor"
    } else if text.contains("no semver update required") {
        "patch"
    } else {
        bail!("cargo-semver-checks gave no verdict:\n{text}");
    };
    Ok((verdict, lints))
}
