//! Generating every document into its own crate, on threads with a large stack, each outcome timed.

use super::*;

/// What generating one document produced.
#[derive(Debug)]
pub(super) struct Generated {
    pub(super) stats: generator::Stats,
    pub(super) warnings: usize,
    /// Warning counts by `WarningKind::as_str`.
    pub(super) warning_kinds: BTreeMap<&'static str, usize>,
    /// Lines of the generated `.rs` files.
    pub(super) lines: usize,
}

/// One document's generation result and how long the generator took.
#[derive(Debug)]
pub(super) struct Outcome {
    pub(super) millis: f64,
    pub(super) result: Result<Generated, String>,
}

thread_local! {
    /// Where the last panic on this thread happened, recorded by the hook `generate_all` installs.
    static PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Generates every document, on as many threads as there are cores, in document order.
pub(super) fn generate_all(documents: &[Document], out_dir: &Path) -> Vec<Outcome> {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| l.to_string());
        PANIC_LOCATION.with(|cell| *cell.borrow_mut() = location);
    }));
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Outcome>>> = documents.iter().map(|_| Mutex::new(None)).collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, documents.len().max(1));
    std::thread::scope(|scope| {
        for worker in 0..workers {
            let work = || {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(document) = documents.get(index) else { break };
                    let outcome = generate_one(document, out_dir);
                    let summary = match &outcome.result {
                        Ok(generated) => format!("{} warnings", generated.warnings),
                        Err(message) => format!("failed: {message}"),
                    };
                    eprintln!("  {:<55} {:>8.0} ms  {summary}", document.name, outcome.millis);
                    if let Ok(mut slot) = slots[index].lock() {
                        *slot = Some(outcome);
                    }
                }
            };
            let spawned = std::thread::Builder::new()
                .name(format!("corpus-{worker}"))
                .stack_size(STACK_SIZE)
                .spawn_scoped(scope, work);
            if let Err(error) = spawned {
                eprintln!("cannot start a generation thread: {error}");
            }
        }
    });
    std::panic::set_hook(previous_hook);
    let mut outcomes = Vec::new();
    for (slot, document) in slots.into_iter().zip(documents) {
        let outcome = slot.into_inner().ok().flatten();
        outcomes.push(outcome.unwrap_or_else(|| Outcome {
            millis: 0.0,
            result: Err(format!("no result for {} (its worker thread died)", document.name)),
        }));
    }
    outcomes
}

/// Generates one document into `out_dir/<name>/`; errors and panics become the outcome's message.
pub(super) fn generate_one(document: &Document, out_dir: &Path) -> Outcome {
    let text = match std::fs::read_to_string(&document.path) {
        Ok(text) => text,
        Err(error) => {
            return Outcome { millis: 0.0, result: Err(format!("cannot read {}: {error}", document.path.display())) };
        }
    };
    let mut config = generator::Config::new(&document.crate_name());
    config.command = "cargo xtask corpus".to_owned();
    config.source_label = format!("{CORPUS_DIR}/{}", document.relative);
    if let Some(path) = &document.settings {
        let file = path.display().to_string();
        let parsed =
            std::fs::read_to_string(path).map_err(|error| format!("cannot read {file}: {error}")).and_then(|text| {
                generator::Settings::parse(&generator::Source { file: &file, text: &text }).map_err(|e| e.to_string())
            });
        match parsed {
            Ok(settings) => config.settings = settings,
            Err(message) => return Outcome { millis: 0.0, result: Err(message) },
        }
    }
    let source = generator::Source { file: &document.relative, text: &text };
    let started = Instant::now();
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| generator::generate(&source, &[], &config)));
    let millis = millis_since(started);
    let output = match result {
        Ok(Ok(output)) => output,
        Ok(Err(errors)) => {
            let first = errors.to_string().lines().next().unwrap_or("error without a message").to_owned();
            let more = errors.0.len().saturating_sub(1);
            let message = if more > 0 { format!("{first} (and {more} more)") } else { first };
            return Outcome { millis, result: Err(message) };
        }
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_owned());
            let first = message.lines().next().unwrap_or_default().to_owned();
            let location = PANIC_LOCATION.with(|cell| cell.borrow_mut().take());
            let at = location.map(|l| format!(" at {l}")).unwrap_or_default();
            return Outcome { millis, result: Err(format!("PANIC: {first}{at}")) };
        }
    };
    if let Err(error) = ensure_files(&out_dir.join(&document.name), &output.files, Mode::Write) {
        return Outcome { millis, result: Err(format!("cannot write the crate: {error:#}")) };
    }
    let lines = output.files.iter().filter(|f| f.path.ends_with(".rs")).map(|f| f.contents.lines().count()).sum();
    let mut warning_kinds = BTreeMap::new();
    for warning in &output.warnings {
        *warning_kinds.entry(warning.kind.as_str()).or_insert(0) += 1;
    }
    let generated = Generated { stats: output.stats, warnings: output.warnings.len(), warning_kinds, lines };
    Outcome { millis, result: Ok(generated) }
}
