//! Empty: this package exists for its tests (`tests/`), which exercise the generator and xtask on fixtures
//! (`fixtures/`). They depend on neither generated crate, so a change to the runtime or to `generated/` does
//! not rebuild them; the generated clients are tested by `client-tests` (`tests/client/`).
