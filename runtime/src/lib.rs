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

#[cfg(test)]
mod tests;

/// The rules the generator and the runtime both apply, checked on the same inputs. (The contracts the generator
/// keeps by reading this crate's text, such as its reserved names, are checked in `generator/src/runtime.rs`.)
#[cfg(test)]
mod contracts {
    use crate::runtime::request::split_path_group;

    /// Every string of up to `length` characters over `alphabet`.
    fn strings(alphabet: &[char], length: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..length {
            last = last.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    /// Where a path template's `{name}` groups are: the generator reads them to name path parameters, the runtime
    /// to fill them, so a group one sees and the other does not would send a request to the wrong path.
    #[test]
    fn path_groups_are_split_as_the_generator_splits_them() {
        let mut templates = strings(&['{', '}', 'a', '/'], 7);
        templates.extend(
            ["/items/{id}", "/{a}{b}", "/{{id}}", "/{a{b}c}", "/é/{ü}/{}", "/x}/{y", "/{ id }"].map(String::from),
        );
        for template in &templates {
            let mut runtime = Vec::new();
            let mut rest = template.as_str();
            while let Some((before, name, after)) = split_path_group(rest) {
                runtime.push((before, name));
                rest = after;
            }
            let mut generator = Vec::new();
            let mut rest = template.as_str();
            while let Some((before, name, after)) = generator::split_path_group(rest) {
                generator.push((before, name));
                rest = after;
            }
            assert_eq!(runtime, generator, "{template:?}");
        }
        assert!(templates.len() > 20_000, "{}", templates.len());
    }
}
