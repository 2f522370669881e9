//! Test support: a scripted loopback HTTP server and a Prism mock-server harness.

pub mod prism;
pub mod server;

/// The README's Rust examples, compiled as doctests (`cargo test -p tests --doc`).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
