//! Empty: this package exists for its tests (`tests/exact.rs`), which build the Mixpeek client with its
//! `exact-numbers` feature. Run alone (`cargo test -p exact-numbers-tests`): in a build with the other
//! packages Cargo would turn the feature on for all of them.
