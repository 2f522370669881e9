//! The repository's tasks as a library, so tests can run them too (`cargo xtask` is the thin binary).

pub mod changes;
pub mod codegen;
