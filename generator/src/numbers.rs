//! Numbers the document gives (bounds, lengths, defaults, `enum` values, examples) against the Rust types that
//! hold them. Parsing reads a number of any size (beyond `i64` and `u64` as the nearest `f64`, beyond `f64` as the
//! string of its digits, see [`crate::parse`]); this module says whether a Rust type can hold it, so the stage that
//! uses it can drop or widen it with a warning naming its JSON pointer instead of emitting code that breaks.

use crate::ir::{IntegerKind, Ir, NumberKind, TypeId, TypeKind};
use serde_json::{Number, Value};

/// `2^63` and `2^64`, the first `f64`s past `i64::MAX` and `u64::MAX`.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;

/// Nesting past which [`misfit`] stops looking.
const MAX_DEPTH: usize = 64;

/// The Rust name of a numeric kind, for messages.
pub fn rust_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Integer(IntegerKind::I32) => "i32",
        TypeKind::Integer(IntegerKind::I64) => "i64",
        TypeKind::Integer(IntegerKind::U32) => "u32",
        TypeKind::Integer(IntegerKind::U64) => "u64",
        TypeKind::Number(NumberKind::F32) => "f32",
        TypeKind::Number(NumberKind::F64) => "f64",
        _ => "its type",
    }
}

/// Whether a number lies within the range of an integer kind (a bound may be fractional: `minimum: 0.5`).
pub fn integer_range_holds(kind: IntegerKind, number: &Number) -> bool {
    let (low, high): (i128, i128) = match kind {
        IntegerKind::I32 => (i32::MIN.into(), i32::MAX.into()),
        IntegerKind::I64 => (i64::MIN.into(), i64::MAX.into()),
        IntegerKind::U32 => (0, u32::MAX.into()),
        IntegerKind::U64 => (0, u64::MAX.into()),
    };
    if let Some(n) = number.as_i64() {
        return (low..=high).contains(&i128::from(n));
    }
    if let Some(n) = number.as_u64() {
        return (low..=high).contains(&i128::from(n));
    }
    let Some(f) = number.as_f64() else { return false };
    // The ends as `f64`, exact for these ranges except `i64::MAX` and `u64::MAX`, whose images are 2^63 and 2^64.
    let above = match kind {
        IntegerKind::I64 => f >= TWO_POW_63,
        IntegerKind::U64 => f >= TWO_POW_64,
        _ => f > high as f64,
    };
    f.is_finite() && f >= low as f64 && !above
}

/// Whether a numeric kind's range holds a bound (`minimum`, `maximum`, the exclusive ones, `multipleOf`). A bound
/// outside it is one every value passes or none does; either way it is not a check to write.
pub fn range_holds(kind: &TypeKind, number: &Number) -> bool {
    match kind {
        TypeKind::Integer(kind) => integer_range_holds(*kind, number),
        TypeKind::Number(NumberKind::F32) => number.as_f64().is_some_and(|f| f.abs() <= f64::from(f32::MAX)),
        _ => true,
    }
}

/// Whether a value the document gives for a numeric type (a `default`, an `enum` value) is one of its values:
/// a whole number in range for an integer type (`5.0` is one), a number in range for a float type.
pub fn value_holds(kind: &TypeKind, value: &Value) -> bool {
    let Value::Number(number) = value else { return !matches!(kind, TypeKind::Integer(_) | TypeKind::Number(_)) };
    match kind {
        TypeKind::Integer(_) => {
            let whole = number.is_i64() || number.is_u64() || number.as_f64().is_some_and(|f| f.fract() == 0.0);
            whole && range_holds(kind, number)
        }
        _ => range_holds(kind, number),
    }
}

/// Whether serde decodes this JSON value into the Rust number type: integer types take only JSON integers (not
/// `5.0`) in their range.
fn decodes(kind: &TypeKind, value: &Value) -> bool {
    match (kind, value) {
        (TypeKind::Integer(_), Value::Number(number)) => {
            (number.is_i64() || number.is_u64()) && range_holds(kind, number)
        }
        (TypeKind::Number(_), Value::Number(number)) => range_holds(kind, number),
        _ => true,
    }
}

/// A keyword that takes a number (`minimum`, `multipleOf`…): its value as an `f64`, or why it has none (a number
/// beyond `f64` is read as a string of its digits).
pub fn keyword_number(value: &Value) -> Result<f64, String> {
    match value {
        Value::Number(number) => number.as_f64().ok_or_else(|| format!("{number} is not a number")),
        Value::String(text) if text.trim().parse::<f64>().is_ok_and(f64::is_infinite) => {
            Err(format!("{} is beyond the range of f64", text.trim()))
        }
        other => Err(format!("{} is not a number", shown(other))),
    }
}

/// A keyword that takes a count (`minLength`, `maxItems`…): its value, or why it is not a whole number from 0
/// to `u64::MAX` (`5.0` is one).
pub fn keyword_count(value: &Value) -> Result<u64, String> {
    if let Some(count) = value.as_u64() {
        return Ok(count);
    }
    match keyword_number(value) {
        Ok(f) if f >= 0.0 && f.fract() == 0.0 && f < TWO_POW_64 => Ok(f as u64),
        Ok(f) if f >= TWO_POW_64 => Err(format!("{} is beyond the range of u64", shown(value))),
        Err(why) if why.contains("beyond") => Err(why),
        _ => Err(format!("{} is not a whole number of at least 0", shown(value))),
    }
}

/// The first number inside `value` that does not decode into the Rust type generated for it (`ty`), as the
/// pointer relative to `value` and what is wrong; `None` when every number fits. Follows structs (by wire name),
/// arrays, maps, aliases and nullable types; a union fits when one of its variants does.
pub fn misfit(ir: &Ir, ty: TypeId, value: &Value) -> Option<(String, String)> {
    misfit_at(ir, ty, value, 0)
}

fn misfit_at(ir: &Ir, ty: TypeId, value: &Value, depth: usize) -> Option<(String, String)> {
    if depth > MAX_DEPTH {
        return None;
    }
    let kind = &ir.get(ty).kind;
    match (kind, value) {
        (TypeKind::Integer(_) | TypeKind::Number(_), _) => (!decodes(kind, value))
            .then(|| (String::new(), format!("{} does not fit {}", shown(value), rust_name(kind)))),
        (TypeKind::Alias(inner) | TypeKind::Nullable(inner), _) => misfit_at(ir, *inner, value, depth + 1),
        (TypeKind::Array(inner), Value::Array(items)) => items.iter().enumerate().find_map(|(index, item)| {
            misfit_at(ir, *inner, item, depth + 1).map(|(at, why)| (format!("/{index}{at}"), why))
        }),
        (TypeKind::Map(inner), Value::Object(members)) => members.iter().find_map(|(key, member)| {
            misfit_at(ir, *inner, member, depth + 1)
                .map(|(at, why)| (format!("{}{at}", crate::pointer::push("", key)), why))
        }),
        (TypeKind::Struct(s), Value::Object(members)) => members.iter().find_map(|(key, member)| {
            let ty = s.fields.iter().find(|f| f.wire_name == *key).map(|f| f.ty).or(s.additional)?;
            misfit_at(ir, ty, member, depth + 1)
                .map(|(at, why)| (format!("{}{at}", crate::pointer::push("", key)), why))
        }),
        (TypeKind::Union(union), _) => {
            let mut first = None;
            for variant in &union.variants {
                match misfit_at(ir, variant.ty, value, depth + 1) {
                    None => return None,
                    Some(found) => {
                        first.get_or_insert(found);
                    }
                }
            }
            first
        }
        (TypeKind::Tagged(tagged), _) => {
            let mut first = None;
            for variant in &tagged.variants {
                match misfit_at(ir, variant.ty, value, depth + 1) {
                    None => return None,
                    Some(found) => {
                        first.get_or_insert(found);
                    }
                }
            }
            first
        }
        _ => None,
    }
}

/// A value as a message shows it.
fn shown(value: &Value) -> String {
    let text = match value {
        Value::String(text) => format!("{text:?}"),
        other => other.to_string(),
    };
    if text.chars().count() > 40 { format!("{}…", text.chars().take(40).collect::<String>()) } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn number(value: Value) -> Number {
        match value {
            Value::Number(number) => number,
            _ => unreachable!(),
        }
    }

    #[test]
    fn integer_ranges_are_exact_at_their_ends() {
        let i64_kind = TypeKind::Integer(IntegerKind::I64);
        assert!(range_holds(&i64_kind, &number(json!(i64::MAX))));
        assert!(range_holds(&i64_kind, &number(json!(-9_223_372_036_854_775_808.0))));
        assert!(!range_holds(&i64_kind, &number(json!(9_223_372_036_854_775_808_u64))));
        assert!(!range_holds(&i64_kind, &number(json!(9_223_372_036_854_775_808.0))));
        let u64_kind = TypeKind::Integer(IntegerKind::U64);
        assert!(range_holds(&u64_kind, &number(json!(u64::MAX))));
        assert!(!range_holds(&u64_kind, &number(json!(18_446_744_073_709_551_616.0))));
        assert!(!range_holds(&u64_kind, &number(json!(-1))));
        let i32_kind = TypeKind::Integer(IntegerKind::I32);
        assert!(range_holds(&i32_kind, &number(json!(0.5))));
        assert!(!range_holds(&i32_kind, &number(json!(2_147_483_648_i64))));
        assert!(!range_holds(&TypeKind::Number(NumberKind::F32), &number(json!(1e39))));
    }

    #[test]
    fn values_and_keywords() {
        let i64_kind = TypeKind::Integer(IntegerKind::I64);
        assert!(value_holds(&i64_kind, &json!(5.0)));
        assert!(!value_holds(&i64_kind, &json!(5.5)));
        assert!(!value_holds(&i64_kind, &json!("5")));
        assert!(value_holds(&TypeKind::Bool, &json!("x")));
        assert!(!decodes(&i64_kind, &json!(5.0)));
        assert_eq!(keyword_number(&json!(2)), Ok(2.0));
        assert!(keyword_number(&json!("1e400")).unwrap_err().contains("beyond the range of f64"));
        assert!(keyword_number(&json!("x")).unwrap_err().contains("not a number"));
        assert_eq!(keyword_count(&json!(3.0)), Ok(3));
        assert!(keyword_count(&json!(18_446_744_073_709_551_616.0)).unwrap_err().contains("beyond the range of u64"));
        assert!(keyword_count(&json!(-1)).is_err());
    }
}
