//! What validation checks: which named types have something to validate, and a value's constraints written
//! as a chain of `Rules` builder calls. Shared by struct members (`models.rs`) and parameters (`operations.rs`).

use super::types::TypePrinter;
use crate::error::{Diagnostics, WarningKind};
use crate::ir::*;
use crate::runtime::rules as builders;
use proc_macro2::Literal;
use std::collections::BTreeSet;

/// The named types whose `Validate` has something to check.
#[derive(Debug)]
pub struct Checked(BTreeSet<TypeId>);

impl Checked {
    /// Named types with something to validate: enums and unions always (their catch-alls), structs when
    /// a field has constraints or holds such a type. Computed to a fixed point for recursive types.
    pub fn new(ir: &Ir) -> Self {
        let mut checked: BTreeSet<TypeId> = ir
            .ids()
            .filter(|id| matches!(ir.get(*id).kind, TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Tagged(_)))
            .filter(|id| ir.get(*id).is_named())
            .collect();
        for id in ir.ids() {
            if let TypeKind::Struct(s) = &ir.get(id).kind {
                if s.fields.iter().any(|f| !f.rules.is_empty()) {
                    checked.insert(id);
                }
            }
        }
        loop {
            let before = checked.len();
            for id in ir.ids() {
                if let TypeKind::Struct(s) = &ir.get(id).kind {
                    let holds = s.fields.iter().any(|f| reaches_checked(ir, &checked, f.ty, 0))
                        || s.additional.is_some_and(|a| reaches_checked(ir, &checked, a, 0));
                    if holds {
                        checked.insert(id);
                    }
                }
            }
            if checked.len() == before {
                return Checked(checked);
            }
        }
    }

    /// Whether a value of type `id` has something to validate: it is, or holds without a named type in
    /// between, a named type with something to check.
    pub fn reaches(&self, ir: &Ir, id: TypeId) -> bool {
        reaches_checked(ir, &self.0, id, 0)
    }
}

fn reaches_checked(ir: &Ir, checked: &BTreeSet<TypeId>, id: TypeId, depth: usize) -> bool {
    if depth > 64 {
        return false;
    }
    let ty = ir.get(id);
    if ty.is_named() && !matches!(ty.kind, TypeKind::Alias(_)) {
        return checked.contains(&id);
    }
    match &ty.kind {
        TypeKind::Array(inner) | TypeKind::Map(inner) | TypeKind::Nullable(inner) | TypeKind::Alias(inner) => {
            reaches_checked(ir, checked, *inner, depth + 1)
        }
        _ => false,
    }
}

/// A value's constraints as a chain of `Rules` builder calls (`min_length(1).max_length(9)`), or `None`
/// when it has none that apply to its type. A pattern the regex engine cannot compile is reported at
/// `pointer` and left out.
pub fn rules_chain(
    printer: &TypePrinter<'_>,
    rules: &Rules,
    ty: TypeId,
    pointer: &str,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
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
        if let Some(pattern) = &rules.pattern {
            match regex_lite::Regex::new(pattern) {
                Ok(_) => parts.push_str(&format!(".{}({})", builders::PATTERN, Literal::string(pattern))),
                Err(error) => diagnostics.warn(
                    WarningKind::ConstraintDropped,
                    &format!("{pointer}/pattern"),
                    format!("pattern is not supported by the regex engine and is not checked: {error}"),
                ),
            }
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
pub fn describe_rules(printer: &TypePrinter<'_>, rules: &Rules, ty: TypeId) -> Option<String> {
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
            if let Some(pattern) = rules.pattern.as_ref().filter(|p| regex_lite::Regex::new(p).is_ok()) {
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
