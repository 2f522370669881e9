//! Test support: a scripted loopback HTTP server and a Prism mock-server harness.

pub mod prism;
pub mod server;

/// The longest any one loopback test may take.
pub const LIMIT: std::time::Duration = std::time::Duration::from_secs(20);

/// Runs a loopback test, failing it if it takes longer than [`LIMIT`].
pub async fn bounded<T>(test: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(LIMIT, test).await.expect("the test took too long")
}

/// The README's Rust examples, compiled as doctests (`cargo test -p client-tests --doc`).
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
