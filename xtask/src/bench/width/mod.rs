//! Width: how the generated crate's `cargo check` grows with one wide thing in the document (a struct of many
//! members, an enum of many values, many operations), next to a hand-written `derive(Serialize, Deserialize)`
//! crate of the same shape, and how generation time compares with the bare parse of each document.
//!
//! The synthetic documents (`documents.rs`) and the hand-written crates (`derive.rs`) are written by this module
//! as text. Every crate is a member of one workspace (`target/bench-width/`) with its own target directory, its
//! dependencies built once (untimed); each timed run (`checking.rs`) touches the crate's `lib.rs` and runs `cargo
//! check -p NAME` with `CARGO_INCREMENTAL=0`. A `RUSTC_WRAPPER` script runs that crate's rustc under
//! `/usr/bin/time`, so the peak memory is rustc's own, not cargo's. `report.rs` renders the section and its
//! targets.

mod checking;
mod derive;
mod documents;
mod report;

use crate::bench::{Sample, run_parse};
use anyhow::Context;
use checking::{cargo_check, check_once, generate, write_wrapper};
use derive::{derive_crate, derive_manifest};
use documents::{document, synthetic_document};
use serde_json::json;
use std::path::Path;

/// The width section's workspace, its target directory and the synthetic documents, relative to the root.
const WIDTH_DIR: &str = "target/bench-width";
const WIDTH_TARGET_DIR: &str = "target/bench-width-target";

/// Growth exponents are computed between these struct sizes for the target (≤ 1.15).
const TARGET_SPAN: (usize, usize) = (300, 3_000);

/// Generation and parse runs per `cargo check` run: a few milliseconds each, so more of them steady the medians
/// at little cost.
const GENERATION_RUNS_PER_RUN: usize = 3;

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
    /// `/proc/loadavg` when measuring started and when it ended: the machine may be shared.
    load: [Option<String>; 2],
}

/// Runs the width section: the smallest size of each family when `smoke`.
pub fn measure(root: &Path, xtask: &Path, smoke: bool, runs: usize) -> anyhow::Result<Width> {
    let load_at_start = crate::bench::load_average();
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
        let generation_runs = runs * GENERATION_RUNS_PER_RUN;
        for round in 0..generation_runs {
            eprintln!("width: generate {} run {}/{generation_runs}", case.stem(), round + 1);
            if let Ok(samples) = &mut parse {
                match run_parse(xtask, &spec, &scratch) {
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
            lines: crate::bench::count_lines(&ours_dir),
            ours,
            derive: Ok(Check::default()),
        });
    }
    crate::bench::write_workspace(root, &dir, &members)?;
    for member in &members {
        crate::bench::prepare_member(&dir.join(member))?;
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
    Ok(Width { figures, baseline, runs, load: [load_at_start, crate::bench::load_average()] })
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}
