//! Constraints compared: which keywords of a member's or parameter's schema now accept fewer values (narrowed:
//! a request that was accepted may be refused) and which accept more (widened).

use crate::ir::Rules;

/// The keywords that accept fewer values in `new` than in `old`, and those that accept more, as Markdown.
pub fn compare(old: &Rules, new: &Rules) -> (Vec<String>, Vec<String>) {
    let mut narrowed = Vec::new();
    let mut widened = Vec::new();
    let mut lower = |keyword: &str, old: Option<f64>, new: Option<f64>| match (old, new) {
        (None, Some(new)) => narrowed.push(format!("`{keyword}: {new}` added")),
        (Some(old), None) => widened.push(format!("`{keyword}: {old}` removed")),
        (Some(old), Some(new)) if new > old => narrowed.push(format!("`{keyword}` {old} → {new}")),
        (Some(old), Some(new)) if new < old => widened.push(format!("`{keyword}` {old} → {new}")),
        _ => {}
    };
    let count = |value: Option<u64>| value.map(|value| value as f64);
    lower("minLength", count(old.min_length), count(new.min_length));
    lower("minItems", count(old.min_items), count(new.min_items));
    lower("minimum", old.minimum, new.minimum);
    lower("exclusiveMinimum", old.exclusive_minimum, new.exclusive_minimum);
    let mut upper = |keyword: &str, old: Option<f64>, new: Option<f64>| match (old, new) {
        (None, Some(new)) => narrowed.push(format!("`{keyword}: {new}` added")),
        (Some(old), None) => widened.push(format!("`{keyword}: {old}` removed")),
        (Some(old), Some(new)) if new < old => narrowed.push(format!("`{keyword}` {old} → {new}")),
        (Some(old), Some(new)) if new > old => widened.push(format!("`{keyword}` {old} → {new}")),
        _ => {}
    };
    upper("maxLength", count(old.max_length), count(new.max_length));
    upper("maxItems", count(old.max_items), count(new.max_items));
    upper("maximum", old.maximum, new.maximum);
    upper("exclusiveMaximum", old.exclusive_maximum, new.exclusive_maximum);
    // A changed pattern or `multipleOf` may refuse values the old one accepted.
    match (&old.pattern, &new.pattern) {
        (None, Some(new)) => narrowed.push(format!("`pattern: {}` added", new.replace('`', "'"))),
        (Some(_), None) => widened.push("`pattern` removed".to_owned()),
        (Some(old), Some(new)) if old != new => {
            narrowed.push(format!("`pattern` changed to `{}`", new.replace('`', "'")))
        }
        _ => {}
    }
    match (old.multiple_of, new.multiple_of) {
        (None, Some(new)) => narrowed.push(format!("`multipleOf: {new}` added")),
        (Some(old), None) => widened.push(format!("`multipleOf: {old}` removed")),
        (Some(old), Some(new)) if old != new => narrowed.push(format!("`multipleOf` {old} → {new}")),
        _ => {}
    }
    match (old.unique_items, new.unique_items) {
        (false, true) => narrowed.push("`uniqueItems` added".to_owned()),
        (true, false) => widened.push("`uniqueItems` removed".to_owned()),
        _ => {}
    }
    (narrowed, widened)
}
