//! Two independent passes run side by side on two threads, or one after the other on the calling thread when
//! the work is too small to pay for a thread: starting one and waiting for it costs far more than a small
//! document's whole generation when the machine is busy (the new thread waits for a core; its caller, blocked,
//! gives its own away).

/// Whether two passes share the calling thread or run on two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Threads {
    One,
    Two,
}

/// Input documents from this size on (bytes of text) are generated on two threads: below it, the larger of the
/// two passes that could run apart takes a few milliseconds, about what a busy machine makes a new thread wait.
pub(crate) const TWO_THREADS_FROM_BYTES: usize = 512 * 1024;

impl Threads {
    /// Two threads for a document of at least [`TWO_THREADS_FROM_BYTES`], else one.
    pub(crate) fn for_document(text: &str) -> Self {
        if text.len() >= TWO_THREADS_FROM_BYTES { Threads::Two } else { Threads::One }
    }
}

/// Runs `apart` and `here` and returns both results; with [`Threads::Two`], `apart` on a scoped thread of its
/// own while `here` runs on the calling thread, a panic in it resumed here. Neither may depend on the other's
/// side effects, so the results are the same either way.
pub(crate) fn join<A: Send, B>(threads: Threads, apart: impl FnOnce() -> A + Send, here: impl FnOnce() -> B) -> (A, B) {
    match threads {
        Threads::One => {
            let apart = apart();
            (apart, here())
        }
        Threads::Two => std::thread::scope(|scope| {
            let apart = scope.spawn(apart);
            let here = here();
            (apart.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), here)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways_give_both_results() {
        for threads in [Threads::One, Threads::Two] {
            assert_eq!(join(threads, || 1, || "two"), (1, "two"));
        }
    }

    #[test]
    fn only_large_documents_get_two_threads() {
        assert_eq!(Threads::for_document("{}"), Threads::One);
        assert_eq!(Threads::for_document(&" ".repeat(TWO_THREADS_FROM_BYTES)), Threads::Two);
    }
}
