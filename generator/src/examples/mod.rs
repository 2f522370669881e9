//! Examples: a normalized document in, an `invalid-example` warning for each example its own schema rejects.
//!
//! The examples checked are schema `examples` arrays at any depth (component schemas, properties, inline schemas
//! of parameters, bodies and responses), media-type `example` and `examples` (request bodies and responses,
//! inline or under `components`) and parameter or header `example` and `examples`. Media types are checked only
//! when they are JSON, since other encodings give examples in their serialized form. A string example that fails
//! is read once more in its serialized form: as JSON text for a JSON media type, and as the style-encoded value
//! (`"1,2"` for an array of integers) for a parameter or header.
//!
//! The validator understands the normalized dialect only (see [`crate::normalize`]): `type` is an array,
//! nullability is `nullable: true`, exclusive bounds are numbers and tuples are `prefixItems`. It leans towards
//! accepting: a keyword it cannot evaluate (an unsupported regex, a `$ref` that does not resolve, an unknown
//! format) is skipped, a required property marked `readOnly` or `writeOnly` may be missing, a property declared by
//! one `allOf` part is not additional to another part (generators merge the parts), and a `oneOf` with a
//! `discriminator` picks its branch by the discriminator value instead of demanding that exactly one matches.
//!
//! Work is bounded on any input: subschema nesting stops at a fixed depth, a `$ref` applied again to the same
//! value is cut short, and each example has a step budget past which it is taken as valid.

use crate::error::{Diagnostics, WarningKind};
use crate::pointer;
use regex_lite::Regex;
use serde_json::{Map, Number, Value};
use std::collections::BTreeMap;

mod formats;
mod sites;
#[cfg(test)]
mod tests;
mod validator;
mod values;

use formats::*;
use sites::*;
use validator::*;
use values::*;

/// Subschema applications nested deeper than this are not followed; the instance is taken as valid there.
const MAX_DEPTH: usize = 256;

/// The validation steps one example may take before the check gives up and takes it as valid.
const STEP_BUDGET: usize = 200_000;

/// How many reasons one warning names.
const MAX_REASONS: usize = 3;

/// Schemas nested deeper than this are not searched for examples.
const MAX_WALK_DEPTH: usize = 128;

/// Arrays longer than this are not checked for `uniqueItems`, since the check compares every pair.
const MAX_UNIQUE_ITEMS: usize = 1_000;

/// Longest rendering of a value inside a message, in characters.
const MAX_VALUE_CHARS: usize = 60;

/// An example its schema accepts, in the reading that passed (a JSON-text string example is given decoded).
#[derive(Debug, Clone, PartialEq)]
pub struct AcceptedExample {
    /// Where the example is (`.../examples/0`, `.../example`, `.../examples/name/value`).
    pub pointer: String,
    /// Where the schema it was checked against is.
    pub schema_at: String,
    pub value: Value,
}

/// Finds every example in the normalized `document` and warns about each one its schema rejects.
pub fn check_examples(document: &Value, diagnostics: &mut Diagnostics) {
    let mut walker = Walker { validator: Validator::new(document), diagnostics, accepted: None };
    walker.document(document);
}

/// Does what [`check_examples`] does and returns the schema and JSON body examples it accepted for certain (not
/// parameter examples, and not those whose check ran out of budget): what the example tests decode.
pub fn accepted_examples(document: &Value, diagnostics: &mut Diagnostics) -> Vec<AcceptedExample> {
    let mut walker = Walker { validator: Validator::new(document), diagnostics, accepted: Some(Vec::new()) };
    walker.document(document);
    walker.accepted.unwrap_or_default()
}

/// Whether `instance` passes `schema` (a schema inside the normalized `document`); `None` when the check ran out
/// of budget.
pub fn accepts(document: &Value, schema: &Value, instance: &Value) -> Option<bool> {
    let mut validator = Validator::new(document);
    let passed = validator.reasons(schema, instance).is_empty();
    (!validator.exhausted).then_some(passed)
}
