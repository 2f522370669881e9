//! What validation checks, printed: a value's constraints as a chain of `Rules` builder calls, and in words for
//! its docs. Shared by struct members (`models.rs`) and parameters (`operations.rs`); which types validate and
//! which patterns the regex engine takes are facts of the analysis (`crate::analysis`).

use super::literal::string_literal;
use super::types::TypePrinter;
use crate::analysis::Analysis;
use crate::ir::*;
use crate::runtime::rules as builders;
use proc_macro2::Literal;

/// A value's constraints as a chain of `Rules` builder calls (`min_length(1).max_length(9)`), or `None`
/// when it has none that apply to its type. A pattern the regex engine cannot compile is left out (the analysis
/// reported it).
pub fn rules_chain(printer: &TypePrinter<'_>, analysis: &Analysis, rules: &Rules, ty: TypeId) -> Option<String> {
    if rules.is_empty() {
        return None;
    }
    let resolved = printer.resolve(ty);
    let kind = &printer.ir.get(resolved).kind;
    let is_string = matches!(kind, TypeKind::String(StringKind::Plain | StringKind::Uuid));
    let is_number = matches!(kind, TypeKind::Integer(_) | TypeKind::Number(_));
    let is_array = matches!(kind, TypeKind::Array(_));
    let mut parts = String::new();
    let usize_lit = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    if is_string {
        if let Some(n) = rules.min_length {
            parts.push_str(&format!(".{}({})", builders::MIN_LENGTH, usize_lit(n)));
        }
        if let Some(n) = rules.max_length {
            parts.push_str(&format!(".{}({})", builders::MAX_LENGTH, usize_lit(n)));
        }
        if let Some(pattern) = rules.pattern.as_ref().filter(|pattern| analysis.is_supported_pattern(pattern)) {
            parts.push_str(&format!(".{}({})", builders::PATTERN, string_literal(pattern)));
        }
    }
    if is_array {
        if let Some(n) = rules.min_items {
            parts.push_str(&format!(".{}({})", builders::MIN_ITEMS, usize_lit(n)));
        }
        if let Some(n) = rules.max_items {
            parts.push_str(&format!(".{}({})", builders::MAX_ITEMS, usize_lit(n)));
        }
    }
    if is_number {
        let bounds = [
            (rules.minimum, builders::MINIMUM),
            (rules.maximum, builders::MAXIMUM),
            (rules.exclusive_minimum, builders::EXCLUSIVE_MINIMUM),
            (rules.exclusive_maximum, builders::EXCLUSIVE_MAXIMUM),
            (rules.multiple_of, builders::MULTIPLE_OF),
        ];
        for (value, method) in bounds {
            if let Some(value) = value.filter(|v| v.is_finite()) {
                parts.push_str(&format!(".{method}({})", Literal::f64_unsuffixed(value)));
            }
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.trim_start_matches('.').to_owned())
}

/// What a value's constraints ask, in words for its docs (`1 to 200 characters, matching `^wh_…$``), or `None`
/// when it has none that apply to its type: the same constraints [`rules_chain`] writes as code.
pub fn describe_rules(printer: &TypePrinter<'_>, analysis: &Analysis, rules: &Rules, ty: TypeId) -> Option<String> {
    if rules.is_empty() {
        return None;
    }
    let kind = &printer.ir.get(printer.resolve(ty)).kind;
    let mut parts: Vec<String> = Vec::new();
    // `unit` is singular and plural, like `(" item", " items")`: the last number says which.
    let range = |min: Option<String>, max: Option<String>, unit: (&str, &str)| {
        let unit = |n: &str| if n == "1" { unit.0 } else { unit.1 };
        match (min, max) {
            (Some(min), Some(max)) if min == max => Some(format!("exactly {min}{}", unit(&max))),
            (Some(min), Some(max)) => Some(format!("{min} to {max}{}", unit(&max))),
            (Some(min), None) => Some(format!("at least {min}{}", unit(&min))),
            (None, Some(max)) => Some(format!("at most {max}{}", unit(&max))),
            (None, None) => None,
        }
    };
    match kind {
        TypeKind::String(StringKind::Plain | StringKind::Uuid) => {
            let count = |n: Option<u64>| n.map(|n| n.to_string());
            parts.extend(range(count(rules.min_length), count(rules.max_length), (" character", " characters")));
            if let Some(pattern) = rules.pattern.as_ref().filter(|pattern| analysis.is_supported_pattern(pattern)) {
                parts.push(format!("matching `{}`", shown_in_code(pattern)));
            }
        }
        TypeKind::Array(_) => {
            let count = |n: Option<u64>| n.map(|n| n.to_string());
            parts.extend(range(count(rules.min_items), count(rules.max_items), (" item", " items")));
        }
        TypeKind::Integer(_) | TypeKind::Number(_) => {
            // Whole bounds read as integers (`200`, not `200.0`), whatever the member's type.
            #[allow(clippy::cast_possible_truncation)]
            let number = |n: Option<f64>| {
                n.filter(|n| n.is_finite()).map(|n| {
                    if n.fract() == 0.0 && n.abs() < 1e15 {
                        (n as i64).to_string()
                    } else {
                        Literal::f64_unsuffixed(n).to_string()
                    }
                })
            };
            parts.extend(range(number(rules.minimum), number(rules.maximum), ("", "")));
            if let Some(bound) = number(rules.exclusive_minimum) {
                parts.push(format!("greater than {bound}"));
            }
            if let Some(bound) = number(rules.exclusive_maximum) {
                parts.push(format!("less than {bound}"));
            }
            if let Some(step) = number(rules.multiple_of) {
                parts.push(format!("a multiple of {step}"));
            }
        }
        _ => {}
    }
    (!parts.is_empty()).then(|| format!("Checked before sending: {}.", parts.join(", ")))
}

/// Text for a code span in a doc comment: a backtick would end the span and a control character the line.
fn shown_in_code(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '`' => "'".to_owned(),
            c if c.is_control() => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect()
}
