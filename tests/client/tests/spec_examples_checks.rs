//! The checks behind every generated crate's example test (`generator/templates/spec_examples_support.rs`)
//! fail on what they are meant to catch: a dropped member, a member added (even at its default), a changed
//! value, the wrong variant, a broken constraint, an encoding that does not decode back, and pass on spelling
//! differences that mean the same.

mod api {
    pub use mixpeek::*;
}

#[path = "../../../generator/templates/spec_examples_support.rs"]
mod support;

use api::runtime::{Validate, Validator};
use serde::{Deserialize, Serialize};

/// Keeps `name` and `size`, drops anything else.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Item {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    size: Option<f64>,
}

/// Writes `size` at its default when it was absent: what a request must never do.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Defaulted {
    name: String,
    #[serde(default)]
    size: f64,
}

impl Validate for Defaulted {}

impl Validate for Item {
    fn validate_into(&self, v: &mut Validator) {
        v.rules("name", &self.name, &api::runtime::Rules::NONE.max_length(5));
    }
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum Shape {
    Text(String),
    Item(Item),
}

impl Validate for Shape {}

/// Encodes `count` as a string: an encoding that differs from the example.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Lossy {
    #[serde(serialize_with = "to_text")]
    count: u8,
}

fn to_text<S: serde::Serializer>(count: &u8, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&count.to_string())
}

impl Validate for Lossy {}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Stamp {
    at: chrono::DateTime<chrono::Utc>,
}

impl Validate for Stamp {}

/// A `format: float` member.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Single {
    x: f32,
}

impl Validate for Single {}

const EXAMPLES: &str = r##"{
    "#/item": {"value": {"name": "a", "size": 2}},
    "#/item-float": {"value": {"name": "a", "size": 2.0}},
    "#/item-extra": {"value": {"name": "a", "colour": "red"}},
    "#/item-extra-undeclared": {"value": {"name": "a", "colour": "red"}, "undeclared": ["/colour"]},
    "#/item-long": {"value": {"name": "abcdefgh"}},
    "#/item-long-shapeless": {"value": {"name": "abcdefgh"}, "shapeless": ["name"]},
    "#/item-long-shapeless-elsewhere": {"value": {"name": "abcdefgh"}, "shapeless": ["size"]},
    "#/item-wrong-type": {"value": {"name": 5}},
    "#/shape-item": {"value": {"name": "a"}},
    "#/lossy": {"value": {"count": 3}},
    "#/stamp-offset": {"value": {"at": "2025-01-15T10:30:00+02:00"}},
    "#/single": {"value": {"x": 0.897599995136261}}
}"##;

static DATA: support::Examples = support::Examples::new(EXAMPLES);

/// The failure message of a run with one check, or `None` when it passed.
fn failure(check: impl FnOnce(&mut support::Run<'_>)) -> Option<String> {
    let mut run = DATA.run();
    check(&mut run);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run.finish()));
    outcome
        .err()
        .map(|panic| panic.downcast_ref::<String>().cloned().unwrap_or_else(|| "a panic without a message".to_owned()))
}

#[test]
fn faithful_round_trips_pass() {
    assert_eq!(failure(|run| run.check::<Item>("#/item")), None);
    assert_eq!(failure(|run| run.check::<Item>("#/item-float")), None);
    assert_eq!(failure(|run| run.check::<Item>("#/item-extra-undeclared")), None);
    assert_eq!(failure(|run| run.check::<Stamp>("#/stamp-offset")), None, "the same instant, spelt in UTC");
    assert_eq!(failure(|run| run.check::<Single>("#/single")), None, "equal to f32 precision");
}

#[test]
fn a_dropped_member_fails() {
    let message = failure(|run| run.check::<Item>("#/item-extra")).expect("fails");
    assert!(message.contains("#/item-extra: encodes differently: /colour is missing"), "{message}");
}

#[test]
fn a_member_added_at_its_default_fails() {
    let message = failure(|run| run.check::<Defaulted>("#/shape-item")).expect("fails");
    assert!(message.contains("#/shape-item: encodes differently: /size is added"), "{message}");
}

#[test]
fn a_broken_constraint_fails() {
    let message = failure(|run| run.check::<Item>("#/item-long")).expect("fails");
    assert!(message.contains("strict decoding refuses it"), "{message}");
}

#[test]
fn only_a_shapeless_union_value_may_break_strict_decoding() {
    assert_eq!(failure(|run| run.check::<Item>("#/item-long-shapeless")), None);
    let message = failure(|run| run.check::<Item>("#/item-long-shapeless-elsewhere")).expect("fails");
    assert!(message.contains("strict decoding refuses it: name:"), "{message}");
}

#[test]
fn a_value_that_does_not_decode_fails() {
    let message = failure(|run| run.check::<Item>("#/item-wrong-type")).expect("fails");
    assert!(message.contains("does not decode"), "{message}");
}

#[test]
fn the_wrong_variant_fails() {
    let message =
        failure(|run| run.check_variant::<Shape>("#/shape-item", "Shape::Text", |v| matches!(v, Shape::Text(..))))
            .expect("fails");
    assert!(message.contains("decoded into the wrong variant (expected Shape::Text)"), "{message}");
    assert_eq!(
        failure(|run| run.check_variant::<Shape>("#/shape-item", "Shape::Item", |v| matches!(v, Shape::Item(..)))),
        None
    );
}

#[test]
fn a_changed_value_fails() {
    let message = failure(|run| run.check::<Lossy>("#/lossy")).expect("fails");
    assert!(message.contains(r#"/count is String("3"), not Number(3)"#), "{message}");
}

#[test]
fn an_unknown_pointer_fails() {
    let message = failure(|run| run.check::<Item>("#/nowhere")).expect("fails");
    assert!(message.contains("#/nowhere: not in examples.json"), "{message}");
    let two = failure(|run| {
        run.check::<Item>("#/item-long");
        run.check::<Item>("#/item-extra");
    })
    .expect("fails");
    assert!(two.starts_with("2 example(s) failed"), "{two}");
}
