//! `cargo xtask changes`: the change report between two documents (`generator::changes`), rendered as Markdown;
//! `--verify` (in `changes/verify.rs`, binary only) checks its semver line against cargo-semver-checks.

use anyhow::{Context, bail};
use generator::changes::{Change, ChangeSet, Document, Level, Subject};
use generator::{Settings, Source};
use std::path::{Path, PathBuf};

/// One side of the comparison: a document, its overlays and the generation settings it is generated with, read
/// from disk.
#[derive(Debug, Clone)]
pub struct Side {
    pub spec: PathBuf,
    pub overlays: Vec<PathBuf>,
    pub settings: Option<PathBuf>,
}

/// One side as texts, each with its file name: the spec, its overlays in order, and the settings when there are
/// any.
#[derive(Debug, Clone, Default)]
pub struct Texts {
    pub documents: Vec<(String, String)>,
    pub settings: Option<(String, String)>,
}

/// Reads both sides and compares them.
pub fn compare(old: &Side, new: &Side) -> anyhow::Result<ChangeSet> {
    compare_texts(&read_side(old)?, &read_side(new)?)
}

/// Compares two sides given as texts.
pub fn compare_texts(old: &Texts, new: &Texts) -> anyhow::Result<ChangeSet> {
    let (old_settings, new_settings) = (settings(old)?, settings(new)?);
    let old_sources = sources(&old.documents);
    let new_sources = sources(&new.documents);
    let (Some((old_spec, old_overlays)), Some((new_spec, new_overlays))) =
        (old_sources.split_first(), new_sources.split_first())
    else {
        bail!("a side without a document");
    };
    let old_document = Document { spec: *old_spec, overlays: old_overlays, settings: &old_settings };
    let new_document = Document { spec: *new_spec, overlays: new_overlays, settings: &new_settings };
    generator::changes::compare(&old_document, &new_document).map_err(|errors| anyhow::anyhow!("{errors}"))
}

/// A side's settings, read; the defaults (everything generated) when it has none.
fn settings(texts: &Texts) -> anyhow::Result<Settings> {
    let Some((file, text)) = &texts.settings else { return Ok(Settings::default()) };
    Settings::parse(&Source { file, text }).map_err(|errors| anyhow::anyhow!("{errors}"))
}

/// The report between the committed version (`git show HEAD:path`) of the documents `generated/` is made from
/// and their current text, each side generated with its own version of the settings file `settings` (none on a
/// side where it does not exist); `None` when git cannot say (no repository, a document not committed yet).
pub fn against_committed(root: &Path, paths: &[&str], settings: &str) -> anyhow::Result<Option<ChangeSet>> {
    let mut old = Texts::default();
    let mut new = Texts::default();
    for path in paths {
        let Some(text) = committed(root, path)? else { return Ok(None) };
        old.documents.push(((*path).to_owned(), text));
        let text = std::fs::read_to_string(root.join(path)).with_context(|| format!("cannot read {path}"))?;
        new.documents.push(((*path).to_owned(), text));
    }
    old.settings = committed(root, settings)?.map(|text| (settings.to_owned(), text));
    new.settings = read_if_present(&root.join(settings))?.map(|text| (settings.to_owned(), text));
    compare_texts(&old, &new).map(Some)
}

/// The committed text of `path` (`git show HEAD:path`), `None` when git has none.
fn committed(root: &Path, path: &str) -> anyhow::Result<Option<String>> {
    let output = std::process::Command::new("git")
        .current_dir(root)
        .args(["show", &format!("HEAD:{path}")])
        .output()
        .context("cannot run git")?;
    Ok(output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned()))
}

/// The text of the file at `path`, `None` when there is none.
pub fn read_if_present(path: &Path) -> anyhow::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// A side's texts.
fn read_side(side: &Side) -> anyhow::Result<Texts> {
    let read = |path: &PathBuf| -> anyhow::Result<(String, String)> {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        Ok((path.display().to_string(), text))
    };
    let documents = std::iter::once(&side.spec).chain(&side.overlays).map(read).collect::<anyhow::Result<_>>()?;
    let settings = side.settings.as_ref().map(read).transpose()?;
    Ok(Texts { documents, settings })
}

fn sources(texts: &[(String, String)]) -> Vec<Source<'_>> {
    texts.iter().map(|(file, text)| Source { file, text }).collect()
}

/// The report as Markdown: a title naming both sides, a summary, the operations and the types (each group in
/// document order), and last the line `semver: major|minor|patch`.
pub fn render(old_label: &str, new_label: &str, set: &ChangeSet) -> String {
    let mut out = format!("# API changes: `{old_label}` → `{new_label}`\n\n");
    let breaking = set.changes.iter().filter(|change| change.level == Level::Major).count();
    if set.changes.is_empty() {
        out.push_str("No change to the generated API or the wire contract.\n\n");
    } else {
        out.push_str(&format!(
            "{} change{}: {breaking} breaking for Rust callers, {} breaking the wire contract.\n\n",
            set.changes.len(),
            if set.changes.len() == 1 { "" } else { "s" },
            set.wire_breaking()
        ));
    }
    let operations: Vec<&Change> =
        set.changes.iter().filter(|change| matches!(change.subject, Subject::Operation { .. })).collect();
    let types: Vec<&Change> =
        set.changes.iter().filter(|change| matches!(change.subject, Subject::Type { .. })).collect();
    let schemes: Vec<&Change> =
        set.changes.iter().filter(|change| matches!(change.subject, Subject::Scheme { .. })).collect();
    for (title, changes) in [("Operations", operations), ("Types", types), ("Security schemes", schemes)] {
        if changes.is_empty() {
            continue;
        }
        out.push_str(&format!("## {title}\n\n"));
        for change in changes {
            out.push_str(&line(change));
        }
        out.push('\n');
    }
    out.push_str(&format!("semver: {}\n", set.semver.as_str()));
    out
}

/// `- **breaking** `GET /pets` (`list_pets`): what · **wire**: why`.
fn line(change: &Change) -> String {
    let marker = if change.level == Level::Major { "**breaking** " } else { "" };
    let subject = match &change.subject {
        Subject::Operation { key, method } => format!("`{key}` (`{method}`)"),
        Subject::Type { name } => format!("`{name}`"),
        Subject::Scheme { key } => format!("`{key}`"),
    };
    let wire = change.wire.as_ref().map(|why| format!(" · **wire**: {why}")).unwrap_or_default();
    format!("- {marker}{subject}: {}{wire}\n", change.what)
}

/// `cargo xtask changes --old PATH --new PATH [--overlay PATH]... [--old-overlay PATH]... [--settings PATH]`:
/// prints the report. `--overlay` and `--settings` apply to both sides; `--old-overlay`, `--new-overlay`,
/// `--old-settings` and `--new-settings` to one.
pub fn parse_sides(args: &[String]) -> anyhow::Result<(Side, Side)> {
    let mut old: Option<PathBuf> = None;
    let mut new: Option<PathBuf> = None;
    let (mut both, mut old_only, mut new_only) = (Vec::new(), Vec::new(), Vec::new());
    let (mut old_settings, mut new_settings) = (None, None);
    for pair in args.chunks(2) {
        let [flag, value] = pair else { bail!("{} needs a value", pair[0]) };
        let path = PathBuf::from(value);
        match flag.as_str() {
            "--old" => old = Some(path),
            "--new" => new = Some(path),
            "--overlay" => both.push(path),
            "--old-overlay" => old_only.push(path),
            "--new-overlay" => new_only.push(path),
            "--settings" => (old_settings, new_settings) = (Some(path.clone()), Some(path)),
            "--old-settings" => old_settings = Some(path),
            "--new-settings" => new_settings = Some(path),
            _ => bail!("unknown argument {flag}"),
        }
    }
    let (Some(old), Some(new)) = (old, new) else { bail!("--old and --new are required") };
    let old = Side { spec: old, overlays: both.iter().chain(&old_only).cloned().collect(), settings: old_settings };
    let new = Side { spec: new, overlays: both.iter().chain(&new_only).cloned().collect(), settings: new_settings };
    Ok((old, new))
}

/// A label for a path: its file name and its parent folder (`corpus/mixpeek-0.81.json`).
pub fn label(path: &Path) -> String {
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    match path.parent().and_then(Path::file_name) {
        Some(parent) => format!("{}/{name}", parent.to_string_lossy()),
        None => name,
    }
}
