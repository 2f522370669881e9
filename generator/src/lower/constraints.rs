//! Lower a schema's numbers and constraints: the integer type its `format` and bounds call for, whether its `enum`
//! values fit its type, and its validation keywords as `Rules`, each value that does not fit dropped with a warning.

use super::Lowerer;
use super::keywords::Keywords;
use crate::error::{Diagnostics, WarningKind};
use crate::ir::*;
use serde_json::Value;

impl Lowerer<'_> {
    /// The integer type of a schema: its `format`, else `i64`, widened to `u64` (with a warning) when a bound,
    /// the default or an `enum` value is beyond `i64` and none is negative.
    pub(super) fn integer_kind(&mut self, keywords: &Keywords<'_>, at: &str) -> IntegerKind {
        match keywords.format() {
            Some("int32") => return IntegerKind::I32,
            Some("uint32") => return IntegerKind::U32,
            Some("uint64" | "uint") => return IntegerKind::U64,
            _ => {}
        }
        let enum_values = keywords.enum_values.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        let bounds = [
            ("minimum", keywords.minimum),
            ("maximum", keywords.maximum),
            ("exclusiveMinimum", keywords.exclusive_minimum),
            ("exclusiveMaximum", keywords.exclusive_maximum),
            ("default", keywords.default),
        ];
        let values = bounds
            .into_iter()
            .filter_map(|(key, value)| value.map(|value| (Place::Keyword(key), value)))
            .chain(enum_values.iter().enumerate().map(|(index, value)| (Place::EnumValue(index), value)));
        let mut beyond = None;
        let mut negative = false;
        for (place, value) in values {
            let Value::Number(number) = value else { continue };
            negative |= number.as_f64().is_some_and(|f| f < 0.0);
            if beyond.is_none() && !crate::numbers::integer_range_holds(IntegerKind::I64, number) {
                beyond = Some((place, number.clone()));
            }
        }
        match beyond {
            Some((place, number)) if !negative && crate::numbers::integer_range_holds(IntegerKind::U64, &number) => {
                self.diagnostics.warn(
                    WarningKind::ImperfectDocument,
                    &place.pointer(at),
                    format!("{number} is beyond i64 and no value is negative; the integer is widened to u64"),
                );
                IntegerKind::U64
            }
            _ => IntegerKind::I64,
        }
    }

    /// Warns about each `enum` value of a numeric schema that its Rust type cannot hold (numeric `enum`s are
    /// documented, not checked, so nothing else is dropped).
    pub(super) fn enum_values_fit(&mut self, keywords: &Keywords<'_>, at: &str, kind: &TypeKind) {
        let Some(values) = keywords.enum_values.and_then(Value::as_array) else { return };
        for (index, value) in values.iter().enumerate() {
            if !value.is_null() && !crate::numbers::value_holds(kind, value) {
                self.diagnostics.warn(
                    WarningKind::ConstraintDropped,
                    &format!("{at}/enum/{index}"),
                    format!(
                        "enum value {value} does not fit {}; no value of the type can be it",
                        crate::numbers::rust_name(kind)
                    ),
                );
            }
        }
    }
}

/// Where in a schema a value is: a keyword's, or one of its `enum` values.
#[derive(Debug, Clone, Copy)]
enum Place {
    Keyword(&'static str),
    EnumValue(usize),
}

impl Place {
    /// The pointer of the value in the schema at `at`.
    fn pointer(self, at: &str) -> String {
        match self {
            Place::Keyword(key) => format!("{at}/{key}"),
            Place::EnumValue(index) => format!("{at}/enum/{index}"),
        }
    }
}

/// The validation keywords of a schema object at `at`. A keyword whose value is not a usable number (a count
/// that is negative, fractional or beyond `u64`, a bound beyond `f64`) is dropped with a warning, and so is a
/// bound outside the range of the value's numeric Rust type, `numeric`, when it is known.
pub fn rules(keywords: &Keywords<'_>, at: &str, numeric: Option<&TypeKind>, diagnostics: &mut Diagnostics) -> Rules {
    use crate::numbers::{keyword_count, keyword_number, range_holds, rust_name};
    let mut count = |key: &str, value: Option<&Value>| {
        keyword_count(value?)
            .map_err(|why| {
                diagnostics.warn(
                    WarningKind::ConstraintDropped,
                    &format!("{at}/{key}"),
                    format!("{key}: {why}; not checked"),
                )
            })
            .ok()
    };
    let min_length = count("minLength", keywords.min_length).filter(|n| *n > 0);
    let max_length = count("maxLength", keywords.max_length);
    let min_items = count("minItems", keywords.min_items).filter(|n| *n > 0);
    let max_items = count("maxItems", keywords.max_items);
    let mut float = |key: &str, value: Option<&Value>| {
        let value = value?;
        let bound = keyword_number(value)
            .map_err(|why| {
                diagnostics.warn(
                    WarningKind::ConstraintDropped,
                    &format!("{at}/{key}"),
                    format!("{key}: {why}; not checked"),
                )
            })
            .ok()?;
        if let (Some(kind), Value::Number(number)) = (numeric, value) {
            if !range_holds(kind, number) {
                let message = format!("{key} {number} is outside the range of {}; not checked", rust_name(kind));
                diagnostics.warn(WarningKind::ConstraintDropped, &format!("{at}/{key}"), message);
                return None;
            }
        }
        Some(bound)
    };
    Rules {
        min_length,
        max_length,
        pattern: keywords.pattern.and_then(Value::as_str).map(str::to_owned),
        min_items,
        max_items,
        unique_items: false,
        minimum: float("minimum", keywords.minimum),
        maximum: float("maximum", keywords.maximum),
        exclusive_minimum: float("exclusiveMinimum", keywords.exclusive_minimum),
        exclusive_maximum: float("exclusiveMaximum", keywords.exclusive_maximum),
        multiple_of: float("multipleOf", keywords.multiple_of).filter(|m| *m > 0.0),
    }
}
