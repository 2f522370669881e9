//! Width: how the generated crate's `cargo check` grows with one wide thing in the document (a struct of many
//! members, an enum of many values, many operations), next to a hand-written `derive(Serialize, Deserialize)`
//! crate of the same shape, and how generation time compares with the bare parse of each document.
//!
//! The synthetic documents and the hand-written crates are written by this module as text. Every crate is a
//! member of one workspace (`target/bench-width/`) with its own target directory, its dependencies built once
//! (untimed); each timed run touches the crate's `lib.rs` and runs `cargo check -p NAME` with
//! `CARGO_INCREMENTAL=0`. A `RUSTC_WRAPPER` script runs that crate's rustc under `/usr/bin/time`, so the peak
//! memory is rustc's own, not cargo's.

use super::{Sample, Table, median, median_wall, one_line, run_ours, thousands, timed};
use anyhow::Context;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The width section's workspace, its target directory and the synthetic documents, relative to the root.
const WIDTH_DIR: &str = "target/bench-width";
const WIDTH_TARGET_DIR: &str = "target/bench-width-target";

/// Growth exponents are computed between these struct sizes for the target (≤ 1.15).
const TARGET_SPAN: (usize, usize) = (300, 3_000);

/// The rustc peak memory a 3,000-member struct may take, in KiB (1 GB).
const TARGET_PEAK_KIB: f64 = 1_000_000_000.0 / 1024.0;

/// What a synthetic document is wide in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    Struct,
    Enum,
    Operations,
}

impl Family {
    fn label(self) -> &'static str {
        match self {
            Family::Struct => "struct",
            Family::Enum => "enum",
            Family::Operations => "operations",
        }
    }

    fn unit(self) -> &'static str {
        match self {
            Family::Struct => "members",
            Family::Enum => "values",
            Family::Operations => "operations",
        }
    }
}

/// The sizes measured: every one in a full run, the smallest of each family in a smoke run.
const SIZES: &[(Family, &[usize])] = &[
    (Family::Struct, &[100, 300, 1_000, 3_000]),
    (Family::Enum, &[1_000, 10_000]),
    (Family::Operations, &[100, 1_000, 3_000]),
];

/// One synthetic document and its two crates.
#[derive(Debug, Clone, Copy)]
struct Case {
    family: Family,
    size: usize,
}

impl Case {
    fn stem(self) -> String {
        format!("{}_{}", self.family.label(), self.size)
    }

    fn crate_name(self, which: Which) -> String {
        format!("width_{}_{}", which.label(), self.stem())
    }
}

/// The generated crate or the hand-written one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Which {
    Ours,
    Derive,
}

impl Which {
    fn label(self) -> &'static str {
        match self {
            Which::Ours => "ours",
            Which::Derive => "derive",
        }
    }
}

/// `cargo check` of one crate: wall times in ms and rustc's peak resident memory in KiB, per run.
#[derive(Debug, Default)]
struct Check {
    wall_ms: Vec<f64>,
    peak_kib: Vec<f64>,
}

/// What the width section measured for one case.
#[derive(Debug)]
struct Figures {
    case: Case,
    bytes: usize,
    parse: Result<Vec<Sample>, String>,
    generate: Result<Vec<Sample>, String>,
    lines: usize,
    ours: Result<Check, String>,
    derive: Result<Check, String>,
}

/// The width section's results, for the report and its targets.
#[derive(Debug)]
pub struct Width {
    figures: Vec<Figures>,
    /// The generated crate of a document with nothing in it: the runtime every crate carries.
    baseline: Result<Check, String>,
    runs: usize,
}

/// Runs the width section: the smallest size of each family when `smoke`.
pub fn measure(root: &Path, xtask: &Path, smoke: bool, runs: usize) -> anyhow::Result<Width> {
    let dir = root.join(WIDTH_DIR);
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).with_context(|| format!("cannot create {}", docs.display()))?;
    let scratch = dir.join("scratch");
    std::fs::create_dir_all(&scratch).with_context(|| format!("cannot create {}", scratch.display()))?;
    let cases: Vec<Case> = SIZES
        .iter()
        .flat_map(|(family, sizes)| {
            let sizes = if smoke { &sizes[..1] } else { sizes };
            sizes.iter().map(|size| Case { family: *family, size: *size })
        })
        .collect();
    let mut figures = Vec::new();
    let empty = dir.join("docs/empty.json");
    write(&empty, &document(json!({}), json!({})))?;
    let baseline_dir = dir.join("width_baseline");
    let generated = generate(xtask, &empty, &baseline_dir, "width_baseline", &scratch);
    let mut members = vec!["width_baseline".to_owned()];
    let baseline = generated.map(|_| Check::default());
    for case in &cases {
        let spec = docs.join(format!("{}.json", case.stem()));
        let text = synthetic_document(*case);
        write(&spec, &text)?;
        let mut parse = Ok(Vec::new());
        let mut generate_runs = Ok(Vec::new());
        let ours_dir = dir.join(case.crate_name(Which::Ours));
        for round in 0..runs {
            eprintln!("width: generate {} run {}/{runs}", case.stem(), round + 1);
            if let Ok(samples) = &mut parse {
                match run_ours(xtask, &["parse".as_ref(), "--spec".as_ref(), spec.as_os_str()], &scratch) {
                    Ok(sample) => samples.push(sample),
                    Err(reason) => parse = Err(reason),
                }
            }
            if let Ok(samples) = &mut generate_runs {
                match generate(xtask, &spec, &ours_dir, &case.crate_name(Which::Ours), &scratch) {
                    Ok(sample) => samples.push(sample),
                    Err(reason) => generate_runs = Err(reason),
                }
            }
        }
        let derive_dir = dir.join(case.crate_name(Which::Derive));
        write(&derive_dir.join("Cargo.toml"), &derive_manifest(&case.crate_name(Which::Derive), case.family))?;
        write(&derive_dir.join("src/lib.rs"), &derive_crate(*case))?;
        let ours = match &generate_runs {
            Ok(_) => {
                members.push(case.crate_name(Which::Ours));
                Ok(Check::default())
            }
            Err(reason) => Err(format!("did not generate: {reason}")),
        };
        members.push(case.crate_name(Which::Derive));
        figures.push(Figures {
            case: *case,
            bytes: text.len(),
            parse,
            generate: generate_runs,
            lines: super::count_lines(&ours_dir),
            ours,
            derive: Ok(Check::default()),
        });
    }
    super::write_workspace(root, &dir, &members)?;
    for member in &members {
        super::prepare_member(&dir.join(member))?;
    }
    let wrapper = write_wrapper(&dir)?;
    let target = root.join(WIDTH_TARGET_DIR);
    // One untimed check per crate, not one of the workspace: `-p` resolves each crate's dependency features on
    // their own, and those builds (not the workspace's unified ones) are the ones the timed runs reuse.
    eprintln!("width: building the dependencies of {} crates (untimed)", members.len());
    for member in &members {
        let status = cargo_check(&dir, &target, &wrapper)
            .args(["check", "--quiet", "-p", member])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .context("cannot run cargo check")?;
        if !status.success() {
            eprintln!("width: {member} does not check; its row says why");
        }
    }
    let mut baseline = baseline;
    for round in 0..runs {
        if let Ok(check) = &mut baseline {
            eprintln!("width: cargo check width_baseline run {}/{runs}", round + 1);
            if let Err(reason) = check_once(&dir, &target, &wrapper, "width_baseline", check) {
                baseline = Err(reason);
            }
        }
        for figures in &mut figures {
            for which in [Which::Ours, Which::Derive] {
                let name = figures.case.crate_name(which);
                let entry = if which == Which::Ours { &mut figures.ours } else { &mut figures.derive };
                let Ok(check) = entry else { continue };
                eprintln!("width: cargo check {name} run {}/{runs}", round + 1);
                if let Err(reason) = check_once(&dir, &target, &wrapper, &name, check) {
                    *entry = Err(reason);
                }
            }
        }
    }
    Ok(Width { figures, baseline, runs })
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Generates one crate with `xtask bench-one generate` (no example test), measured.
fn generate(xtask: &Path, spec: &Path, out: &Path, name: &str, scratch: &Path) -> Result<Sample, String> {
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|error| format!("cannot empty {}: {error}", out.display()))?;
    }
    let args = [
        "generate".as_ref(),
        "--spec".as_ref(),
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--no-example-tests".as_ref(),
        "--crate-name".as_ref(),
        name.as_ref(),
    ];
    run_ours(xtask, &args, scratch)
}

/// The `RUSTC_WRAPPER` of every cargo run in the width workspace (the same for all, so no run rebuilds what
/// another built): rustc itself, under `/usr/bin/time` when it compiles `WIDTH_CRATE`.
fn write_wrapper(dir: &Path) -> anyhow::Result<PathBuf> {
    let path = dir.join("rustc-wrapper.sh");
    let script = "#!/bin/sh\n\
        # Written by `cargo xtask bench`: runs rustc, under /usr/bin/time when it compiles $WIDTH_CRATE.\n\
        if [ -n \"$WIDTH_CRATE\" ] && [ -x /usr/bin/time ]; then\n\
        \x20 previous=\n\
        \x20 for arg in \"$@\"; do\n\
        \x20   if [ \"$previous\" = --crate-name ] && [ \"$arg\" = \"$WIDTH_CRATE\" ]; then\n\
        \x20     exec /usr/bin/time -f '%e %M' -o \"$WIDTH_USAGE\" \"$@\"\n\
        \x20   fi\n\
        \x20   previous=$arg\n\
        \x20 done\n\
        fi\n\
        exec \"$@\"\n";
    write(&path, script)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .with_context(|| format!("cannot make {} executable", path.display()))?;
    }
    Ok(path)
}

fn cargo_check(dir: &Path, target: &Path, wrapper: &Path) -> Command {
    let mut command = super::check_command(dir, target);
    command.env("RUSTC_WRAPPER", wrapper).env_remove("WIDTH_CRATE");
    command
}

/// One timed `cargo check -p NAME` after touching its `lib.rs`; adds the wall time and rustc's peak.
fn check_once(dir: &Path, target: &Path, wrapper: &Path, name: &str, check: &mut Check) -> Result<(), String> {
    let lib = dir.join(name).join("src/lib.rs");
    let file =
        std::fs::File::options().append(true).open(&lib).map_err(|e| format!("cannot open {}: {e}", lib.display()))?;
    file.set_modified(std::time::SystemTime::now()).map_err(|e| format!("cannot touch {}: {e}", lib.display()))?;
    let usage = dir.join("scratch/rustc-usage.txt");
    let _ = std::fs::remove_file(&usage);
    let mut command = cargo_check(dir, target, wrapper);
    command.env("WIDTH_CRATE", name).env("WIDTH_USAGE", &usage).args(["check", "-p", name]);
    let (ms, _) = timed(&mut command).map_err(|reason| format!("cargo check fails: {reason}"))?;
    check.wall_ms.push(ms);
    let peak = std::fs::read_to_string(&usage)
        .ok()
        .and_then(|text| text.lines().last()?.split_whitespace().nth(1)?.parse::<f64>().ok());
    if let Some(peak) = peak {
        check.peak_kib.push(peak);
    }
    Ok(())
}

/// A document with these paths and component schemas.
fn document(paths: Value, schemas: Value) -> String {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "width", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas}
    })
    .to_string()
}

/// The kinds a wide struct's members cycle through: a schema and the Rust type a hand-written crate gives it.
const MEMBER_KINDS: [(&str, &str); 7] = [
    (r#"{"type": "string", "maxLength": 64}"#, "String"),
    (r#"{"type": "integer", "format": "int64", "minimum": 0}"#, "i64"),
    (r#"{"type": "number"}"#, "f64"),
    (r#"{"type": "boolean"}"#, "bool"),
    (r#"{"type": "array", "items": {"type": "string"}}"#, "Vec<String>"),
    (r#"{"type": "string", "nullable": true}"#, "Option<String>"),
    (r#"{"type": "string", "format": "date-time"}"#, "chrono::DateTime<chrono::Utc>"),
];

/// Every third member is required.
fn member_required(index: usize) -> bool {
    index % 3 == 0
}

/// The synthetic document of a case.
fn synthetic_document(case: Case) -> String {
    match case.family {
        Family::Struct => {
            let properties: serde_json::Map<String, Value> = (0..case.size)
                .map(|i| {
                    let schema = serde_json::from_str(MEMBER_KINDS[i % MEMBER_KINDS.len()].0).unwrap_or(Value::Null);
                    (format!("member_{i}"), schema)
                })
                .collect();
            let required: Vec<String> =
                (0..case.size).filter(|i| member_required(*i)).map(|i| format!("member_{i}")).collect();
            document(json!({}), json!({"Wide": {"type": "object", "required": required, "properties": properties}}))
        }
        Family::Enum => {
            let values: Vec<String> = (0..case.size).map(|i| format!("value-{i}")).collect();
            document(json!({}), json!({"Many": {"type": "string", "enum": values}}))
        }
        Family::Operations => {
            let paths: serde_json::Map<String, Value> = (0..case.size)
                .map(|i| {
                    let operation = json!({
                        "operationId": format!("get_item_{i}"),
                        "parameters": [
                            {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                            {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}
                        ],
                        "responses": {"200": {"description": "ok", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Item"}
                        }}}}
                    });
                    (format!("/items{i}/{{id}}"), json!({"get": operation}))
                })
                .collect();
            let item = json!({"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"}, "name": {"type": "string"}
            }});
            document(Value::Object(paths), json!({"Item": item}))
        }
    }
}

fn derive_manifest(name: &str, family: Family) -> String {
    let mut manifest = format!(
        "# Written by `cargo xtask bench`: a hand-written crate of the same shape as {name:?}'s generated twin.\n\
         [package]\nname = {name:?}\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n"
    );
    match family {
        Family::Struct => {
            manifest.push_str("chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\", \"clock\"] }\n");
        }
        Family::Enum => {}
        Family::Operations => manifest.push_str(
            "reqwest = { version = \"0.12\", default-features = false, features = [\"rustls-tls\", \"multipart\"] }\n",
        ),
    }
    manifest
}

/// The hand-written crate of a case: what someone would write with serde's derives, with the same types,
/// the same optional members, the same derived traits as the generated items.
fn derive_crate(case: Case) -> String {
    let mut out = String::from(
        "//! Hand-written by `cargo xtask bench` (as text): the derive-based twin of a generated crate.\n\n",
    );
    match case.family {
        Family::Struct => {
            out.push_str(
                "#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]\npub struct Wide {\n",
            );
            for i in 0..case.size {
                let rust = MEMBER_KINDS[i % MEMBER_KINDS.len()].1;
                if member_required(i) {
                    let _ = writeln!(out, "    pub member_{i}: {rust},");
                } else {
                    let _ = writeln!(
                        out,
                        "    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n    pub member_{i}: Option<{rust}>,"
                    );
                }
            }
            out.push_str("}\n");
        }
        Family::Enum => {
            out.push_str(
                "#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]\npub enum Many {\n",
            );
            for i in 0..case.size {
                let _ = writeln!(out, "    #[serde(rename = \"value-{i}\")]\n    Value{i},");
            }
            out.push_str("    #[serde(other)]\n    Unknown,\n}\n");
        }
        Family::Operations => {
            out.push_str(
                "#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]\npub struct Item {\n    pub id: String,\n    \
                 #[serde(default, skip_serializing_if = \"Option::is_none\")]\n    pub name: Option<String>,\n}\n\n\
                 #[derive(Debug)]\npub enum Error {\n    Http(reqwest::Error),\n    Json(serde_json::Error),\n}\n\n\
                 impl From<reqwest::Error> for Error {\n    fn from(error: reqwest::Error) -> Self {\n        Error::Http(error)\n    }\n}\n\n\
                 impl From<serde_json::Error> for Error {\n    fn from(error: serde_json::Error) -> Self {\n        Error::Json(error)\n    }\n}\n\n\
                 #[derive(Debug, Clone)]\npub struct Client {\n    pub http: reqwest::Client,\n    pub base: String,\n}\n\nimpl Client {\n",
            );
            for i in 0..case.size {
                let _ = write!(
                    out,
                    "    pub async fn get_item_{i}(&self, id: &str, limit: Option<i64>) -> Result<Item, Error> {{\n        \
                     let mut request = self.http.get(format!(\"{{}}/items{i}/{{}}\", self.base, id));\n        \
                     if let Some(limit) = limit {{\n            request = request.query(&[(\"limit\", limit)]);\n        }}\n        \
                     let response = request.send().await?.error_for_status()?;\n        \
                     Ok(serde_json::from_slice(&response.bytes().await?)?)\n    }}\n\n"
                );
            }
            out.push_str("}\n");
        }
    }
    out
}

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
            "- command: `{command}`; every figure is the median of {} run{}",
            self.runs,
            if self.runs == 1 { "" } else { "s" }
        );
        let _ = writeln!(
            out,
            "- date: {}; commit {}\n",
            super::shell("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_else(|| "unknown date".to_owned()),
            super::shell("git", &["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".to_owned())
        );
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
            (`xtask bench-one`), as in the codegen table.\n\n",
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
                super::ms(parse),
                super::ms(generate),
                super::ratio(generate, parse),
                thousands(figures.lines),
                seconds(ours_ms),
                memory(ours_kib),
                seconds(derive_ms),
                memory(derive_kib),
                super::ratio(ours_ms, derive_ms),
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
            super::ratio(ours_ms, derive_ms),
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

    #[test]
    fn synthetic_documents_are_what_they_say() {
        let wide: Value = serde_json::from_str(&synthetic_document(Case { family: Family::Struct, size: 10 })).unwrap();
        assert_eq!(wide["components"]["schemas"]["Wide"]["properties"].as_object().map(|p| p.len()), Some(10));
        assert_eq!(wide["components"]["schemas"]["Wide"]["required"].as_array().map(Vec::len), Some(4));
        let operations: Value =
            serde_json::from_str(&synthetic_document(Case { family: Family::Operations, size: 3 })).unwrap();
        assert_eq!(operations["paths"].as_object().map(|p| p.len()), Some(3));
        let derive = derive_crate(Case { family: Family::Struct, size: 10 });
        assert_eq!(derive.matches("pub member_").count(), 10);
        assert_eq!(derive.matches("Option<").count(), 6 + 1);
    }
}
