//! Test support: a scripted loopback HTTP server and a Prism mock-server harness.

pub mod prism;
pub mod server;
