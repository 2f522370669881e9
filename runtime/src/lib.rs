//! The runtime every generated crate carries in `src/runtime/`, as a crate of its own: compiled, linted and
//! tested here, once, and shipped by the generator as text (`generator/src/runtime.rs`).
//!
//! The files in `src/runtime/` are exactly what a generated crate gets. They read three items a generated crate
//! declares at its root (`SERVERS`, and `auth::{SCHEMES, SECURITY}`); this crate declares them as a document with
//! no servers and no security would, so the runtime builds alone.

#![forbid(unsafe_code)]

pub mod runtime;

/// The servers a document declares: none (a client needs a base URL).
pub const SERVERS: &[runtime::Server] = &[];

/// The security schemes and requirement a document declares: none.
mod auth {
    pub(crate) static SCHEMES: &[crate::runtime::Scheme] = &[];
    pub(crate) static SECURITY: crate::runtime::Security = &[];
}
