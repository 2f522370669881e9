//! The checks of the example tests: decode strictly, check the variant, encode again, compare, decode again.
//!
//! Copied verbatim by the generator; the test's `main.rs` names the generated crate `api`. Not every crate's
//! cases use every check.
#![allow(dead_code)]

use crate::api::runtime::Validate;
use serde_json::Value;
use std::fmt::Debug;
use std::sync::OnceLock;

/// The example values, parsed on first use.
pub struct Examples {
    text: &'static str,
    values: OnceLock<serde_json::Map<String, Value>>,
}

impl Examples {
    pub const fn new(text: &'static str) -> Self {
        Examples { text, values: OnceLock::new() }
    }

    /// A run of checks that reports every failure at its end.
    pub fn run(&self) -> Run<'_> {
        let values = self.values.get_or_init(|| match serde_json::from_str(self.text) {
            Ok(Value::Object(values)) => values,
            _ => panic!("examples.json is not a JSON object"),
        });
        Run { values, failures: Vec::new() }
    }
}

/// Checks examples and collects what went wrong.
pub struct Run<'a> {
    values: &'a serde_json::Map<String, Value>,
    failures: Vec<String>,
}

/// The stack of the thread each check runs on: serde's derived decoders of large, deeply nested types take far
/// more than a test thread's 2 MiB in a debug build.
const CHECK_STACK: usize = 256 * 1024 * 1024;

impl Run<'_> {
    /// The example decodes strictly into `T`, encodes to the same JSON (no member added, not even one at its
    /// default; numbers and date-times compare by value) and decodes again to an equal value.
    pub fn check<T>(&mut self, pointer: &str)
    where
        T: serde::de::DeserializeOwned + serde::Serialize + Validate + PartialEq + Debug + 'static,
    {
        self.check_variant::<T>(pointer, "", |_| true);
    }

    /// [`Run::check`], and the decoded value is the `expected` variant.
    pub fn check_variant<T>(&mut self, pointer: &str, expected: &str, is_expected: fn(&T) -> bool)
    where
        T: serde::de::DeserializeOwned + serde::Serialize + Validate + PartialEq + Debug + 'static,
    {
        let Some(entry) = self.values.get(pointer).cloned() else {
            self.failures.push(format!("{pointer}: not in examples.json"));
            return;
        };
        let expected = expected.to_owned();
        let outcome = std::thread::Builder::new()
            .stack_size(CHECK_STACK)
            .spawn(move || round_trip::<T>(&entry, &expected, is_expected))
            .map_err(|e| format!("cannot start the check: {e}"))
            .and_then(|check| check.join().map_err(|_| "the check panicked".to_owned()));
        if let Err(failure) = outcome.and_then(|result| result) {
            self.failures.push(format!("{pointer}: {failure}"));
        }
    }

    /// Panics with every failure, if there were any.
    pub fn finish(self) {
        assert!(self.failures.is_empty(), "{} example(s) failed:\n{}", self.failures.len(), self.failures.join("\n"));
    }
}

/// Decodes, checks, encodes, compares and decodes again one `examples.json` entry.
fn round_trip<T>(entry: &Value, expected: &str, is_expected: fn(&T) -> bool) -> Result<(), String>
where
    T: serde::de::DeserializeOwned + serde::Serialize + Validate + PartialEq + Debug,
{
    let example = entry.get("value").ok_or("no value in examples.json")?;
    let undeclared = strings(entry, "undeclared");
    let decoded: T = serde_json::from_str(&example.to_string()).map_err(|e| format!("does not decode: {e}"))?;
    // A union value no branch declares a member of is kept raw (the catch-all variant), which strict
    // decoding reports: only there is a violation expected.
    let shapeless = strings(entry, "shapeless");
    if let Err(error) = decoded.validate() {
        let unexpected: Vec<String> = error
            .violations()
            .iter()
            .filter(|violation| !shapeless.contains(&violation.path.as_str()))
            .map(ToString::to_string)
            .collect();
        if !unexpected.is_empty() {
            return Err(format!("strict decoding refuses it: {}", unexpected.join("; ")));
        }
    }
    if !is_expected(&decoded) {
        return Err(format!("decoded into the wrong variant (expected {expected}): {}", shorten(&decoded)));
    }
    // The wire encoding, as the client sends it (`to_value` would widen an `f32` to its exact `f64`).
    let text = serde_json::to_string(&decoded).map_err(|e| format!("does not encode: {e}"))?;
    let encoded: Value = serde_json::from_str(&text).map_err(|e| format!("encodes to invalid JSON: {e}"))?;
    let mut differences = Vec::new();
    compare(example, &encoded, &undeclared, &mut String::new(), &mut differences);
    if !differences.is_empty() {
        return Err(format!("encodes differently: {}", differences.join("; ")));
    }
    let again: T = serde_json::from_str(&text).map_err(|e| format!("its encoding does not decode: {e}"))?;
    if again != decoded {
        return Err(format!("decoding its encoding gives another value: {}", shorten(&again)));
    }
    Ok(())
}

/// The strings of an array member of an `examples.json` entry.
fn strings<'v>(entry: &'v Value, key: &str) -> Vec<&'v str> {
    entry.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect()
}

/// Collects where `actual` (the encoding) differs from `expected` (the example). A member is missing from the
/// encoding only when its pointer is in `undeclared`, and the encoding adds none: a value sends what it holds.
fn compare(expected: &Value, actual: &Value, undeclared: &[&str], path: &mut String, differences: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            for (key, expected) in expected {
                let length = path.len();
                path.push('/');
                path.push_str(&key.replace('~', "~0").replace('/', "~1"));
                match actual.get(key) {
                    Some(actual) => compare(expected, actual, undeclared, path, differences),
                    None if undeclared.contains(&path.as_str()) => {}
                    None => differences.push(format!("{path} is missing")),
                }
                path.truncate(length);
            }
            for key in actual.keys().filter(|key| !expected.contains_key(*key)) {
                differences.push(format!("{}/{} is added", path, key.replace('~', "~0").replace('/', "~1")));
            }
        }
        (Value::Array(expected), Value::Array(actual)) if expected.len() == actual.len() => {
            for (index, (expected, actual)) in expected.iter().zip(actual).enumerate() {
                let length = path.len();
                path.push_str(&format!("/{index}"));
                compare(expected, actual, undeclared, path, differences);
                path.truncate(length);
            }
        }
        (Value::Number(expected), Value::Number(actual)) if same_number(expected, actual) => {}
        (Value::String(expected), Value::String(actual)) if expected == actual || same_instant(expected, actual) => {}
        _ if expected == actual => {}
        _ => differences.push(format!("{} is {}, not {}", display(path), shorten(actual), shorten(expected))),
    }
}

fn display(path: &str) -> &str {
    match path {
        "" => "the value",
        path => path,
    }
}

/// Integers exactly; fractions to `f32` precision, since `format: float` members are `f32`.
fn same_number(expected: &serde_json::Number, actual: &serde_json::Number) -> bool {
    match (expected.as_i64(), actual.as_i64(), expected.as_u64(), actual.as_u64()) {
        (Some(e), Some(a), _, _) => e == a,
        (_, _, Some(e), Some(a)) => e == a,
        _ => match (expected.as_f64(), actual.as_f64()) {
            (Some(e), Some(a)) => e == a || (e - a).abs() <= f64::from(f32::EPSILON) * e.abs().max(a.abs()),
            _ => false,
        },
    }
}

/// Two spellings of the same date-time (`+00:00` and `Z`, or a fraction of zeros).
fn same_instant(expected: &str, actual: &str) -> bool {
    match (chrono::DateTime::parse_from_rfc3339(expected), chrono::DateTime::parse_from_rfc3339(actual)) {
        (Ok(expected), Ok(actual)) => expected == actual,
        _ => false,
    }
}

/// A value cut short for a message.
fn shorten(value: &impl Debug) -> String {
    let text = format!("{value:?}");
    match text.char_indices().nth(120) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}
