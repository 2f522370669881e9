//! Claiming names: each name is taken once in its scope (the types, one struct's members, the methods…); a
//! name already taken gets the lowest numeric suffix that is free, and the callers that report ties say so.

use crate::error::{Diagnostics, WarningKind};
use indexmap::IndexSet;

/// The names taken in one scope, raw identifiers without their `r#`: those every scope of its kind starts with
/// (the methods a runtime type has, a method body's locals), then those claimed in it. Only ever asked whether
/// it holds a name, never iterated, so no order reaches the output.
#[derive(Default)]
pub(super) struct Taken {
    reserved: &'static [&'static str],
    claimed: IndexSet<String>,
}

impl Taken {
    /// A scope whose `reserved` names are taken from the start.
    pub(super) fn reserving(reserved: &'static [&'static str]) -> Self {
        Taken { reserved, claimed: IndexSet::new() }
    }

    /// An empty scope with room for `claims` names.
    pub(super) fn with_capacity(claims: usize) -> Self {
        Taken { reserved: &[], claimed: IndexSet::with_capacity(claims) }
    }

    fn contains(&self, name: &str) -> bool {
        self.reserved.contains(&name) || self.claimed.contains(name)
    }

    /// Takes `name` unless it is taken already; whether it was free.
    fn insert(&mut self, name: String) -> bool {
        !self.reserved.contains(&name.as_str()) && self.claimed.insert(name)
    }
}

/// What claiming a name gave: the name wanted, or another because it was taken.
pub(super) enum Claimed {
    Wanted(String),
    Renamed { wanted: String, name: String },
}

/// Claims a required name (a component's key, `original` in the document), reporting a tie.
pub(super) fn claim(
    taken: &mut Taken,
    wanted: String,
    diagnostics: &mut Diagnostics,
    pointer: &str,
    original: &str,
) -> String {
    match claim_or_rename(taken, wanted) {
        Claimed::Wanted(name) => name,
        Claimed::Renamed { wanted, name } => {
            diagnostics.warn(
                WarningKind::Renamed,
                pointer,
                format!("{original:?} would be named `{wanted}`, which is taken; named `{name}`"),
            );
            name
        }
    }
}

/// Claims a member's or method's name, reporting a tie.
pub(super) fn claim_member(taken: &mut Taken, wanted: String, diagnostics: &mut Diagnostics, pointer: &str) -> String {
    match claim_or_rename(taken, wanted) {
        Claimed::Wanted(name) => name,
        Claimed::Renamed { wanted, name } => {
            report_member_renamed(diagnostics, pointer, &wanted, &name);
            name
        }
    }
}

/// Reports that a member, method or variant was named `name` because `wanted` was taken.
pub(super) fn report_member_renamed(diagnostics: &mut Diagnostics, pointer: &str, wanted: &str, name: &str) {
    diagnostics.warn(WarningKind::Renamed, pointer, format!("`{wanted}` is taken; named `{name}`"));
}

/// Claims a name whose ties are expected (suggested names, union variants), without reporting them.
pub(super) fn claim_quiet(taken: &mut Taken, wanted: String) -> String {
    match claim_or_rename(taken, wanted) {
        Claimed::Wanted(name) | Claimed::Renamed { name, .. } => name,
    }
}

/// Claims `wanted`, or the first free name with a numeric suffix.
pub(super) fn claim_or_rename(taken: &mut Taken, wanted: String) -> Claimed {
    let plain = without_raw_prefix(&wanted);
    // Most names are free: claimed with the one copy the scope keeps, looked up once.
    if taken.insert(plain.to_owned()) {
        return Claimed::Wanted(wanted);
    }
    let name = suffixed(taken, plain);
    taken.claimed.insert(name.clone());
    Claimed::Renamed { wanted, name }
}

/// The variants of one enum or union, each of `wanted` claimed in order in a scope of their own, and its
/// catch-all (`catch_all`, else the first of `{catch_all}2`, `{catch_all}3`… that no variant took); `renamed`
/// hears of each tie, with the name wanted and the name given. A variant's name is `UpperCamel`, never a raw
/// identifier, so the scope keeps the names themselves, in the variants' order, and becomes their list: no copy.
pub(super) fn claim_variants(
    wanted: impl ExactSizeIterator<Item = String>,
    catch_all: &str,
    mut renamed: impl FnMut(&str, &str),
) -> (Vec<String>, String) {
    let mut taken = Taken::with_capacity(wanted.len());
    for wanted in wanted {
        debug_assert!(!wanted.starts_with("r#"), "a variant is never a raw identifier");
        let (index, free) = taken.claimed.insert_full(wanted);
        if !free {
            // The name already in the scope is spelled as the one wanted.
            let wanted = &taken.claimed[index];
            let name = suffixed(&taken, wanted);
            renamed(wanted, &name);
            taken.claimed.insert(name);
        }
    }
    let catch_all = catch_all_of(&taken, catch_all);
    (taken.claimed.into_iter().collect(), catch_all)
}

/// The first free name of `plain` with a numeric suffix.
fn suffixed(taken: &Taken, plain: &str) -> String {
    // `self_` becomes `self_2`, not `self__2`, which is not snake case.
    let separator = if plain.ends_with('_') {
        ""
    } else if plain.ends_with(|c: char| c.is_ascii_digit())
        || plain.contains('_')
        || plain.chars().all(|c| !c.is_ascii_uppercase())
    {
        "_"
    } else {
        ""
    };
    first_free(taken, |n| format!("{plain}{separator}{n}"))
}

/// `name` without the `r#` of a raw identifier (as `trim_start_matches("r#")`, without a searcher).
fn without_raw_prefix(mut name: &str) -> &str {
    while let Some(rest) = name.strip_prefix("r#") {
        name = rest;
    }
    name
}

/// The catch-all variant of an enum or union: `preferred`, else the first of `{preferred}2`, `{preferred}3`…
/// that no variant took.
fn catch_all_of(taken: &Taken, preferred: &str) -> String {
    if !taken.contains(preferred) {
        return preferred.to_owned();
    }
    first_free(taken, |n| format!("{preferred}{n}"))
}

/// The first of `suffixed(2)`, `suffixed(3)`… not taken.
fn first_free(taken: &Taken, suffixed: impl Fn(u32) -> String) -> String {
    let mut n = 2;
    loop {
        let candidate = suffixed(n);
        if !taken.contains(&candidate) {
            return candidate;
        }
        n += 1;
    }
}
