//! The documents a corpus run reads: the shared corpus (by its manifests) and the snapshot fixtures.

use super::*;

/// One corpus document.
#[derive(Debug, Clone)]
pub(super) struct Document {
    /// The unique name: the file stem, prefixed with `edge-<dir>-` for edge fixtures.
    pub(super) name: String,
    /// The path relative to the corpus root, as the manifests spell it.
    pub(super) relative: String,
    pub(super) path: PathBuf,
    /// The `openapi` field as recorded in the corpus manifest.
    pub(super) openapi: String,
    /// Generation settings to generate it with, if any.
    pub(super) settings: Option<PathBuf>,
}

impl Document {
    /// The generated crate's package name.
    pub(super) fn crate_name(&self) -> String {
        let sanitized: String =
            self.name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
        format!("corpus_{sanitized}")
    }
}

/// Every document under `specs/` and `edge/*/`, sorted by path, with its OpenAPI version from the
/// manifests.
pub(super) fn list_documents(corpus_root: &Path) -> anyhow::Result<Vec<Document>> {
    let mut versions = BTreeMap::new();
    for manifest in ["MANIFEST.tsv", "edge/MANIFEST.tsv"] {
        let path = corpus_root.join(manifest);
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        versions.extend(manifest_versions(&text));
    }
    let mut relatives = Vec::new();
    for file in sorted_files(&corpus_root.join("specs"))? {
        relatives.push(format!("specs/{file}"));
    }
    for dir in sorted_dirs(&corpus_root.join("edge"))? {
        for file in sorted_files(&corpus_root.join("edge").join(&dir))? {
            relatives.push(format!("edge/{dir}/{file}"));
        }
    }
    let mut documents = Vec::new();
    let mut names = BTreeSet::new();
    for relative in relatives {
        let path = corpus_root.join(&relative);
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let name = match relative.split('/').collect::<Vec<_>>().as_slice() {
            ["edge", dir, _] => format!("edge-{dir}-{stem}"),
            _ => stem,
        };
        let openapi = versions.get(&relative).cloned().unwrap_or_else(|| "?".to_owned());
        let document = Document { name, relative, path, openapi, settings: None };
        if !names.insert(document.crate_name()) {
            bail!("two corpus documents map to the crate name {}", document.crate_name());
        }
        documents.push(document);
    }
    if documents.is_empty() {
        bail!("no documents found in {}", corpus_root.display());
    }
    Ok(documents)
}

/// The snapshot fixtures (`tests/generator/fixtures/*.yaml`) and the hostile fixtures that must build (names,
/// huge numbers, merge keys, `Client` method names): compiling them here is what proves the snapshotted Rust
/// builds; and the real documents kept in `specs/` for the corpus.
pub(super) fn fixture_documents(root: &Path) -> anyhow::Result<Vec<Document>> {
    let mut documents = Vec::new();
    let dir = root.join("tests/generator/fixtures");
    let mut relatives: Vec<String> = sorted_files(&dir)?
        .into_iter()
        .filter(|f| f.ends_with(".yaml"))
        .map(|f| format!("tests/generator/fixtures/{f}"))
        .collect();
    for hostile in ["names-and-strings", "huge-numbers", "merge-keys", "client-method-names"] {
        relatives.push(format!("tests/generator/fixtures/hostile/{hostile}.yaml"));
    }
    for relative in relatives {
        let path = root.join(&relative);
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let openapi = text
            .lines()
            .find_map(|line| line.strip_prefix("openapi:"))
            .map(|v| v.trim().trim_matches(['"', '\'']).to_owned())
            .unwrap_or_else(|| "?".to_owned());
        documents.push(Document { name: format!("fixture-{stem}"), relative, path, openapi, settings: None });
    }
    // Real documents this repository keeps because the shared corpus does not have them: OpenAI's (2.97 MB,
    // OpenAPI 3.1, from openai/openai-openapi at f85dbe2, MIT), whose `seed` bounds lie beyond `i64` and whose
    // discriminators share tag values (issue 13).
    let relative = "specs/openai-2.3.0.yaml";
    documents.push(Document {
        name: "openai-2.3.0".to_owned(),
        path: root.join(relative),
        relative: relative.to_owned(),
        openapi: "3.1.0".to_owned(),
        settings: None,
    });
    // The settings fixture: a document generated with generation settings (a subset, a type of the user's,
    // derives), which must build like any other.
    let relative = "tests/generator/fixtures/settings/spec.yaml".to_owned();
    documents.push(Document {
        name: "fixture-settings".to_owned(),
        path: root.join(&relative),
        relative,
        openapi: "3.1.0".to_owned(),
        settings: Some(root.join("tests/generator/fixtures/settings/settings.yaml")),
    });
    Ok(documents)
}

/// `local_file` → `openapi` from a tab-separated manifest with a header line.
pub(super) fn manifest_versions(text: &str) -> BTreeMap<String, String> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name);
    let (Some(file_column), Some(version_column)) = (column("local_file"), column("openapi")) else {
        return BTreeMap::new();
    };
    lines
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let file = cells.get(file_column)?.trim();
            let version = cells.get(version_column)?.trim();
            (!file.is_empty())
                .then(|| (file.to_owned(), if version.is_empty() { "?".to_owned() } else { version.to_owned() }))
        })
        .collect()
}

/// Names of the regular files in `dir` whose extension is a spec's, sorted.
pub(super) fn sorted_files(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| [".json", ".yaml", ".yml"].iter().any(|ext| n.ends_with(ext)))
        .collect();
    names.sort();
    Ok(names)
}

pub(super) fn sorted_dirs(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names)
}
