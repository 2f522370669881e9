//! The keyword checks on one value (types, enums, numeric bounds, uniqueness) and how values are described
//! in messages.

use super::*;

/// `type` and `enum`; false when the type is wrong, so the other keywords would only add noise.
pub(super) fn type_and_enum(object: &Map<String, Value>, instance: &Value, path: &Path<'_>, sink: &mut Sink) -> bool {
    if let Some(Value::Array(types)) = object.get("type") {
        let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
        let known = !names.is_empty() && names.len() == types.len() && names.iter().all(|n| is_type_name(n));
        if known && !names.iter().any(|name| has_type(name, instance)) {
            sink.push(path, format!("{} is not of type {}", describe(instance), names.join(" or ")));
            return false;
        }
    }
    if let Some(Value::Array(values)) = object.get("enum") {
        if !values.is_empty() && !values.iter().any(|value| json_equal(value, instance)) {
            let mut listed: Vec<String> = values.iter().take(6).map(describe).collect();
            if values.len() > 6 {
                listed.push("…".to_owned());
            }
            sink.push(path, format!("{} is not one of {}", describe(instance), listed.join(", ")));
        }
    }
    true
}

pub(super) fn number_keywords(object: &Map<String, Value>, number: &Number, path: &Path<'_>, sink: &mut Sink) {
    let Some(value) = number.as_f64() else { return };
    let bound = |key: &str| match object.get(key) {
        Some(Value::Number(bound)) => bound.as_f64().map(|limit| (bound, limit)),
        _ => None,
    };
    if let Some((shown, minimum)) = bound("minimum") {
        if value < minimum {
            sink.push(path, format!("{number} is less than the minimum {shown}"));
        }
    }
    if let Some((shown, maximum)) = bound("maximum") {
        if value > maximum {
            sink.push(path, format!("{number} is greater than the maximum {shown}"));
        }
    }
    if let Some((shown, minimum)) = bound("exclusiveMinimum") {
        if value <= minimum {
            sink.push(path, format!("{number} is not greater than the exclusive minimum {shown}"));
        }
    }
    if let Some((shown, maximum)) = bound("exclusiveMaximum") {
        if value >= maximum {
            sink.push(path, format!("{number} is not less than the exclusive maximum {shown}"));
        }
    }
    if let Some(Value::Number(divisor)) = object.get("multipleOf") {
        if !is_multiple(number, divisor) {
            sink.push(path, format!("{number} is not a multiple of {divisor}"));
        }
    }
}

/// Whether `number` is a multiple of `divisor`, exactly for integers and within rounding error otherwise.
pub(super) fn is_multiple(number: &Number, divisor: &Number) -> bool {
    if let (Some(n), Some(d)) = (number.as_i64(), divisor.as_i64()) {
        return d <= 0 || n % d == 0;
    }
    if let (Some(n), Some(d)) = (number.as_u64(), divisor.as_u64()) {
        return d == 0 || n % d == 0;
    }
    let (Some(n), Some(d)) = (number.as_f64(), divisor.as_f64()) else { return true };
    if d <= 0.0 || !d.is_finite() {
        return true;
    }
    let quotient = n / d;
    if !quotient.is_finite() {
        return true;
    }
    (quotient - quotient.round()).abs() <= 1e-9 * quotient.abs().max(1.0)
}

pub(super) fn is_type_name(name: &str) -> bool {
    matches!(name, "string" | "number" | "integer" | "boolean" | "array" | "object" | "null")
}

pub(super) fn has_type(name: &str, instance: &Value) -> bool {
    match (name, instance) {
        ("string", Value::String(_))
        | ("number", Value::Number(_))
        | ("boolean", Value::Bool(_))
        | ("array", Value::Array(_))
        | ("object", Value::Object(_))
        | ("null", Value::Null) => true,
        ("integer", Value::Number(number)) => is_integer(number),
        _ => false,
    }
}

/// Integers in the JSON Schema sense: `1.0` is one.
pub(super) fn is_integer(number: &Number) -> bool {
    number.is_i64() || number.is_u64() || number.as_f64().is_some_and(|f| f.is_finite() && f.fract() == 0.0)
}

/// JSON equality, with numbers compared by value (`1` equals `1.0`) and objects regardless of key order.
pub(super) fn json_equal(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
            (Some(x), Some(y), _, _) => x == y,
            (_, _, Some(x), Some(y)) => x == y,
            _ => a.as_f64().zip(b.as_f64()).is_some_and(|(x, y)| x == y),
        },
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| json_equal(x, y)),
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(key, x)| b.get(key).is_some_and(|y| json_equal(x, y)))
        }
        _ => left == right,
    }
}

pub(super) fn first_duplicate(items: &[Value]) -> Option<(usize, usize)> {
    for (first, a) in items.iter().enumerate() {
        for (offset, b) in items.iter().skip(first + 1).enumerate() {
            if json_equal(a, b) {
                return Some((first, first + 1 + offset));
            }
        }
    }
    None
}

/// A non-negative integer keyword value such as `minLength`.
pub(super) fn as_count(value: &Value) -> Option<usize> {
    match value.as_u64() {
        Some(count) => usize::try_from(count).ok(),
        None => {
            let float = value.as_f64()?;
            (float.is_finite() && float >= 0.0 && float.fract() == 0.0 && float < 1e15).then_some(float as usize)
        }
    }
}

/// A value as a message shows it: scalars as JSON (shortened), containers by kind.
pub(super) fn describe(value: &Value) -> String {
    match value {
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        other => shorten(other.to_string()),
    }
}

pub(super) fn describe_str(text: &str) -> String {
    shorten(Value::String(text.to_owned()).to_string())
}

pub(super) fn shorten(text: String) -> String {
    if text.chars().count() <= MAX_VALUE_CHARS {
        return text;
    }
    let mut short: String = text.chars().take(MAX_VALUE_CHARS).collect();
    short.push('…');
    short
}
