//! Codegen: runs the generator on `specs/` and writes `generated/` (and on the security fixture, writing
//! `tests/security-client/`, the crate the credential tests call; and the effective Mixpeek document that the
//! Prism tests serve), or with `--check` compares the files both ways (stale, missing and extra files are all
//! reported) and writes nothing.

use anyhow::{Context, bail};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Whether files are written or only compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// The repository root (the parent of this crate's directory).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Folders of the generated crate that the generator owns entirely; anything else in `generated/`
/// (examples, for instance) is hand-written.
const OWNED_DIRS: &[&str] = &["src", "tests/spec_examples"];
const OWNED_FILES: &[&str] = &["Cargo.toml"];

pub fn codegen(args: &[String]) -> anyhow::Result<ExitCode> {
    let (mode, report) = match args {
        [] => (Mode::Write, None),
        [flag] if flag == "--check" => (Mode::Check, None),
        [flag, path] if flag == "--report" => (Mode::Write, Some(PathBuf::from(path))),
        _ => bail!("usage: cargo xtask codegen [--check | --report PATH]"),
    };
    let root = project_root();
    let started = Instant::now();
    let files = generate_mixpeek(&root)?;
    let elapsed = started.elapsed();
    // When the output changes, the change report between the committed documents and the current ones says what
    // a reviewer wants to know of the diff (README, "Reviewing a change").
    let changes_output = mode == Mode::Write && !ensure_files(&root.join("generated"), &files, Mode::Check)?.is_empty();
    if changes_output || report.is_some() {
        print_report(&root, report.as_deref())?;
    }
    let mut problems = ensure_files(&root.join("generated"), &files, mode)?;
    problems.extend(ensure_files(&root.join(SECURITY_CLIENT_DIR), &generate_security_client(&root)?, mode)?);
    problems.extend(ensure_files(&root.join(EFFECTIVE_SPEC_DIR), &effective_mixpeek_spec(&root)?, mode)?);
    if problems.is_empty() {
        if mode == Mode::Write {
            eprintln!("generated/ written ({} files) in {:.0} ms", files.len(), elapsed.as_secs_f64() * 1000.0);
        } else {
            eprintln!("generated/ is up to date");
        }
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &problems {
        eprintln!("{problem}");
    }
    eprintln!("generated/, {SECURITY_CLIENT_DIR}/ or {EFFECTIVE_SPEC_DIR}/ is stale: run `cargo xtask codegen`");
    Ok(ExitCode::FAILURE)
}

/// Prints the change report of the Mixpeek documents against their committed versions (and writes it to `path`).
fn print_report(root: &Path, path: Option<&Path>) -> anyhow::Result<()> {
    let documents = [MIXPEEK_SPEC, MIXPEEK_OVERLAY];
    let Some(set) = crate::changes::against_committed(root, &documents, MIXPEEK_SETTINGS)? else {
        eprintln!("no change report: git has no committed version of {}", documents.join(" or "));
        return Ok(());
    };
    let text = crate::changes::render("HEAD", "working tree", &set);
    eprintln!("{text}");
    if let Some(path) = path {
        std::fs::write(path, &text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// Compares `generated/`, the security client and the effective Mixpeek document with what the generator makes
/// now; the problems found (empty when fresh).
pub fn check_generated() -> anyhow::Result<Vec<String>> {
    let root = project_root();
    let files = generate_mixpeek(&root)?;
    let mut problems = ensure_files(&root.join("generated"), &files, Mode::Check)?;
    problems.extend(ensure_files(&root.join(SECURITY_CLIENT_DIR), &generate_security_client(&root)?, Mode::Check)?);
    problems.extend(ensure_files(&root.join(EFFECTIVE_SPEC_DIR), &effective_mixpeek_spec(&root)?, Mode::Check)?);
    Ok(problems)
}

/// Where the crate generated from the security fixture lives.
pub const SECURITY_CLIENT_DIR: &str = "tests/security-client";

/// Generates the `security_client` crate from `tests/generator/fixtures/security.yaml` (every kind of security
/// scheme), which `tests/client/tests/client_auth.rs` calls over loopback HTTP. Its warnings are the fixture's
/// snapshot.
pub fn generate_security_client(root: &Path) -> anyhow::Result<Vec<generator::GeneratedFile>> {
    let spec_path = "tests/generator/fixtures/security.yaml";
    let text = read(&root.join(spec_path))?;
    let mut config = generator::Config::new("security_client");
    config.command = "cargo xtask codegen".to_owned();
    config.source_label = spec_path.to_owned();
    config.example_tests = false;
    let output = generator::generate(&generator::Source { file: spec_path, text: &text }, &[], &config)
        .map_err(|errors| anyhow::anyhow!("{errors}"))?;
    Ok(output.files)
}

/// Where the effective Mixpeek document (`mixpeek-effective.json`) is written: the file the Prism tests of
/// `client-tests` serve, which depend on the generator only through the files codegen checks in.
pub const EFFECTIVE_SPEC_DIR: &str = "tests/client/prism";

/// The Mixpeek spec with its overlay applied, as one JSON document: what the crate is generated from.
pub fn effective_mixpeek_spec(root: &Path) -> anyhow::Result<Vec<generator::GeneratedFile>> {
    let spec_text = read(&root.join(MIXPEEK_SPEC))?;
    let overlay_text = read(&root.join(MIXPEEK_OVERLAY))?;
    let (document, _) = generator::effective_document(
        &generator::Source { file: MIXPEEK_SPEC, text: &spec_text },
        &[generator::Source { file: MIXPEEK_OVERLAY, text: &overlay_text }],
    )
    .map_err(|errors| anyhow::anyhow!("{errors}"))?;
    let mut contents = serde_json::to_string_pretty(&document)?;
    contents.push('\n');
    Ok(vec![generator::GeneratedFile { path: "mixpeek-effective.json".to_owned(), contents }])
}

const MIXPEEK_SPEC: &str = "specs/mixpeek.yaml";
const MIXPEEK_OVERLAY: &str = "specs/mixpeek.overlay.yaml";
/// The generation settings of the Mixpeek crate (README, "Generation settings"), read when the file exists.
const MIXPEEK_SETTINGS: &str = "specs/mixpeek.settings.yaml";

/// Generates the Mixpeek crate from `specs/mixpeek.yaml` and its overlay, printing warnings.
pub fn generate_mixpeek(root: &Path) -> anyhow::Result<Vec<generator::GeneratedFile>> {
    let spec_path = MIXPEEK_SPEC;
    let overlay_path = MIXPEEK_OVERLAY;
    let spec_text = read(&root.join(spec_path))?;
    // The overlay is part of the input: without it the crate would silently change.
    let overlay_text = read(&root.join(overlay_path))?;
    let overlays = [generator::Source { file: overlay_path, text: &overlay_text }];
    let mut config = generator::Config::new("mixpeek");
    config.command = "cargo xtask codegen".to_owned();
    config.source_label = format!("{spec_path} with {overlay_path}");
    if let Some(text) = crate::changes::read_if_present(&root.join(MIXPEEK_SETTINGS))? {
        config.settings = generator::Settings::parse(&generator::Source { file: MIXPEEK_SETTINGS, text: &text })
            .map_err(|errors| anyhow::anyhow!("{errors}"))?;
        config.source_label.push_str(&format!(" and {MIXPEEK_SETTINGS}"));
    }
    let output = generator::generate(&generator::Source { file: spec_path, text: &spec_text }, &overlays, &config)
        .map_err(|errors| anyhow::anyhow!("{errors}"))?;
    for warning in &output.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(output.files)
}

/// `generate --spec PATH --out DIR [--crate-name NAME] [--overlay PATH]... [--settings PATH] [--no-example-tests]`
pub fn generate_command(args: &[String]) -> anyhow::Result<ExitCode> {
    let mut spec = None;
    let mut out = None;
    let mut crate_name = None;
    let mut overlay_paths = Vec::new();
    let mut settings_path = None;
    let mut example_tests = true;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = || iter.next().cloned().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--spec" => spec = Some(value()?),
            "--out" => out = Some(value()?),
            "--crate-name" => crate_name = Some(value()?),
            "--overlay" => overlay_paths.push(value()?),
            "--settings" => settings_path = Some(value()?),
            "--no-example-tests" => example_tests = false,
            other => bail!("unknown argument {other:?}"),
        }
    }
    let spec = spec.context("--spec is required")?;
    let out = PathBuf::from(out.context("--out is required")?);
    let crate_name = crate_name.unwrap_or_else(|| "api_client".to_owned());
    let text = read(Path::new(&spec))?;
    let overlay_texts: Vec<(String, String)> =
        overlay_paths.iter().map(|p| read(Path::new(p)).map(|t| (p.clone(), t))).collect::<anyhow::Result<_>>()?;
    let overlays: Vec<generator::Source<'_>> =
        overlay_texts.iter().map(|(file, text)| generator::Source { file, text }).collect();
    let mut config = generator::Config::new(&crate_name);
    config.source_label = spec.clone();
    config.example_tests = example_tests;
    if let Some(path) = &settings_path {
        let text = read(Path::new(path))?;
        config.settings = generator::Settings::parse(&generator::Source { file: path, text: &text })
            .map_err(|errors| anyhow::anyhow!("{errors}"))?;
    }
    let output = generator::generate(&generator::Source { file: &spec, text: &text }, &overlays, &config)
        .map_err(|errors| anyhow::anyhow!("{errors}"))?;
    for warning in &output.warnings {
        eprintln!("warning: {warning}");
    }
    ensure_files(&out, &output.files, Mode::Write)?;
    eprintln!("{} written: {} operations, {} warnings", out.display(), output.stats.operations, output.warnings.len());
    Ok(ExitCode::SUCCESS)
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Writes the files (Mode::Write) or compares them (Mode::Check), removing or reporting files in the
/// owned folders that the generator no longer produces. Returns the problems found in check mode.
/// Whether the file at `path` holds exactly `contents`, `None` when there is no such file. Sizes are compared
/// first, so a file of another size is not read, and bytes are compared without decoding them.
fn holds(path: &Path, contents: &str) -> Option<bool> {
    let size = std::fs::metadata(path).ok().filter(|metadata| metadata.is_file())?.len();
    if size != contents.len() as u64 {
        return Some(false);
    }
    Some(std::fs::read(path).is_ok_and(|bytes| bytes == contents.as_bytes()))
}

pub fn ensure_files(dir: &Path, files: &[generator::GeneratedFile], mode: Mode) -> anyhow::Result<Vec<String>> {
    let mut problems = Vec::new();
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for file in files {
        let path = dir.join(&file.path);
        let current = holds(&path, &file.contents);
        if current == Some(true) {
            continue;
        }
        match mode {
            Mode::Check => problems.push(match current {
                Some(_) => format!("stale: {}", path.display()),
                None => format!("missing: {}", path.display()),
            }),
            Mode::Write => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
                }
                std::fs::write(&path, &file.contents).with_context(|| format!("cannot write {}", path.display()))?;
            }
        }
    }
    let mut existing = Vec::new();
    for owned in OWNED_DIRS {
        list_files(&dir.join(owned), dir, &mut existing);
    }
    for owned in OWNED_FILES {
        if dir.join(owned).is_file() {
            existing.push((*owned).to_owned());
        }
    }
    for relative in existing {
        if !wanted.contains(relative.as_str()) {
            let path = dir.join(&relative);
            match mode {
                Mode::Check => problems.push(format!("extra: {}", path.display())),
                Mode::Write => {
                    std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?
                }
            }
        }
    }
    problems.sort();
    Ok(problems)
}

fn list_files(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            list_files(&path, root, out);
        } else if let Ok(relative) = path.strip_prefix(root) {
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}
