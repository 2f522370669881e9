//! Analysis: the IR in, every fact the emitter needs about it out, so that the emitter only prints. Which
//! types validate (a fixed point over recursive types), which structs are variants of an untagged union and
//! which of their members tell the variants apart, which struct member holds each inline type, which members are
//! tags, which `pattern`s the regex engine cannot compile, and per operation its path template and how its
//! successes are read. The warnings these facts give (a pattern left unchecked, a stream read as bytes) are
//! raised here, in the order the emitter lays out their sites: models in IR order, then operations.

mod operations;
#[cfg(test)]
mod tests;

use crate::error::{Diagnostics, WarningKind};
use crate::ir::*;
pub use operations::{OperationFacts, successes};
use std::collections::{BTreeMap, BTreeSet};

/// What the emitter reads besides the IR and the names.
#[derive(Debug)]
pub struct Analysis {
    /// Types whose values have something to validate: the named types [`checked`] finds, and the unnamed
    /// types (aliases, arrays, maps, options) that hold one without another named type in between.
    validating: BTreeSet<TypeId>,
    /// Structs that are variants of an untagged union, and so need `Fit`.
    union_members: BTreeSet<TypeId>,
    /// Members (struct, member index) of those structs that tell variants apart by their listed values: an
    /// enum-typed member whose name another variant of the same union also declares.
    discriminating: BTreeSet<(TypeId, usize)>,
    /// The first struct member (struct, member index) that holds each inline type, directly or in an `Option`,
    /// a `Vec` or a map: the type's doc says which member it is the type of.
    holders: BTreeMap<TypeId, (TypeId, usize)>,
    /// The tag members (struct, member index) and the one-value string enum each holds (see [`Analysis::tag`]).
    tags: BTreeMap<(TypeId, usize), TypeId>,
    /// The `pattern`s the regex engine cannot compile, with its message: they are neither checked nor documented.
    unsupported_patterns: BTreeMap<String, String>,
    /// Per operation, in IR order.
    operations: Vec<OperationFacts>,
    /// The operation the crate's quick start calls (see [`Analysis::example_operation`]).
    example_operation: Option<usize>,
    /// The types requests reach (bodies and parameters), and those responses reach.
    in_requests: BTreeSet<TypeId>,
    in_responses: BTreeSet<TypeId>,
}

/// Computes the facts, warning about a pattern the regex engine cannot compile at each member or parameter that
/// has it, and about a stream read as bytes at its operation.
pub fn analyse(ir: &Ir, diagnostics: &mut Diagnostics) -> Analysis {
    let checked = checked(ir);
    let validating = ir.ids().filter(|&id| reaches_checked(ir, &checked, id, 0)).collect();
    let union_members = union_members(ir);
    let discriminating = discriminating(ir);
    let unsupported_patterns = unsupported_patterns(ir);
    let (in_requests, in_responses) = reached(ir);
    // The sites of the pattern warnings, in the order the emitter lays them out: members of named structs first.
    for id in ir.ids().filter(|&id| ir.get(id).is_named()) {
        if let TypeKind::Struct(s) = &ir.get(id).kind {
            for field in &s.fields {
                warn_pattern(ir, &unsupported_patterns, &field.rules, field.ty, &field.pointer, diagnostics);
            }
        }
    }
    let mut operations = Vec::new();
    for operation in &ir.operations {
        let facts = OperationFacts::new(ir, operation, diagnostics);
        let checked_parameters = facts.path_parameters.iter().copied().chain(
            (0..operation.parameters.len()).filter(|&i| operation.parameters[i].location != ParamLocation::Path),
        );
        for index in checked_parameters {
            let parameter = &operation.parameters[index];
            let at = format!("{}/schema", parameter.pointer);
            warn_pattern(ir, &unsupported_patterns, &parameter.rules, parameter.ty, &at, diagnostics);
        }
        operations.push(facts);
    }
    Analysis {
        validating,
        union_members,
        discriminating,
        holders: holders(ir),
        tags: tags(ir),
        unsupported_patterns,
        operations,
        example_operation: example_operation(ir),
        in_requests,
        in_responses,
    }
}

impl Analysis {
    /// Whether a value of type `id` has something to validate: it is, or holds without a named type in
    /// between, a named type with something to check.
    pub fn validates(&self, id: TypeId) -> bool {
        self.validating.contains(&id)
    }

    /// Whether struct `id` is a variant of an untagged union (it implements `Fit`).
    pub fn is_union_member(&self, id: TypeId) -> bool {
        self.union_members.contains(&id)
    }

    /// Whether member `index` of struct `id` tells the variants of a union apart (see [`Analysis::discriminating`]).
    pub fn discriminates(&self, id: TypeId, index: usize) -> bool {
        self.discriminating.contains(&(id, index))
    }

    /// The struct member (struct, member index) whose type the inline type `id` is, if any.
    pub fn holder(&self, id: TypeId) -> Option<(TypeId, usize)> {
        self.holders.get(&id).copied()
    }

    /// The one-value string enum that member `index` of struct `id` holds when the member is a tag: optional,
    /// not nullable, and defaulting to the enum's only value, the way a union's variant states its tag
    /// (`type: {const: slack, default: slack}`). A value built to be sent starts with it set.
    pub fn tag(&self, id: TypeId, index: usize) -> Option<TypeId> {
        self.tags.get(&(id, index)).copied()
    }

    /// Whether the regex engine compiles `pattern`: a pattern it cannot is neither checked nor documented.
    pub fn is_supported_pattern(&self, pattern: &str) -> bool {
        !self.unsupported_patterns.contains_key(pattern)
    }

    /// The operation the crate's quick start calls (its index in `Ir::operations`): the first whose required
    /// arguments a doctest can write as string literals, a `GET` before any other method.
    pub fn example_operation(&self) -> Option<usize> {
        self.example_operation
    }

    /// Whether a request reaches type `id`: a body or a parameter holds it, directly or inside another type.
    pub fn in_request(&self, id: TypeId) -> bool {
        self.in_requests.contains(&id)
    }

    /// Whether a response body reaches type `id`.
    pub fn in_response(&self, id: TypeId) -> bool {
        self.in_responses.contains(&id)
    }

    /// The facts of operation `index` (in `Ir::operations`).
    #[track_caller]
    pub fn operation(&self, index: usize) -> &OperationFacts {
        match self.operations.get(index) {
            Some(facts) => facts,
            None => panic!("internal error: the analysis has no facts for operation {index}"),
        }
    }
}

/// Named types with something to validate: enums and unions always (their catch-alls), structs when a field has
/// constraints or holds such a type. Computed to a fixed point for recursive types.
fn checked(ir: &Ir) -> BTreeSet<TypeId> {
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
            return checked;
        }
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

/// The structs behind the variants of every untagged union.
fn union_members(ir: &Ir) -> BTreeSet<TypeId> {
    let variants = ir.types.iter().filter_map(|ty| match &ty.kind {
        TypeKind::Union(u) => Some(u.variants.iter().map(|v| ir.resolve(v.ty))),
        _ => None,
    });
    variants.flatten().collect()
}

/// See [`Analysis::discriminating`].
fn discriminating(ir: &Ir) -> BTreeSet<(TypeId, usize)> {
    let mut found = BTreeSet::new();
    for ty in &ir.types {
        let TypeKind::Union(u) = &ty.kind else { continue };
        let structs: Vec<(TypeId, &Struct)> = u
            .variants
            .iter()
            .map(|v| ir.resolve(v.ty))
            .filter_map(|id| match &ir.get(id).kind {
                TypeKind::Struct(s) => Some((id, s)),
                _ => None,
            })
            .collect();
        for (id, s) in &structs {
            for (index, field) in s.fields.iter().enumerate() {
                let is_enum = matches!(ir.get(ir.resolve(field.ty)).kind, TypeKind::Enum(_));
                let shared = structs.iter().any(|(other, other_struct)| {
                    other != id && other_struct.fields.iter().any(|f| f.wire_name == field.wire_name)
                });
                if is_enum && shared {
                    found.insert((*id, index));
                }
            }
        }
    }
    found
}

/// See [`Analysis::holders`]: inline types (named by a suggestion, not a component key) and the first struct
/// member holding each, in IR order.
fn holders(ir: &Ir) -> BTreeMap<TypeId, (TypeId, usize)> {
    let mut found = BTreeMap::new();
    for id in ir.ids() {
        let TypeKind::Struct(s) = &ir.get(id).kind else { continue };
        for (index, field) in s.fields.iter().enumerate() {
            let mut held = field.ty;
            while let TypeKind::Nullable(inner) | TypeKind::Array(inner) | TypeKind::Map(inner) = ir.get(held).kind {
                held = inner;
            }
            if matches!(ir.get(held).name, Some(NameHint::Suggested(_))) && held != id {
                found.entry(held).or_insert((id, index));
            }
        }
    }
    found
}

/// See [`Analysis::tag`].
fn tags(ir: &Ir) -> BTreeMap<(TypeId, usize), TypeId> {
    let mut found = BTreeMap::new();
    for id in ir.ids() {
        let TypeKind::Struct(s) = &ir.get(id).kind else { continue };
        for (index, field) in s.fields.iter().enumerate() {
            if field.required || field.nullable || matches!(ir.get(field.ty).kind, TypeKind::Nullable(_)) {
                continue;
            }
            let resolved = ir.resolve(field.ty);
            let TypeKind::Enum(e) = &ir.get(resolved).kind else { continue };
            let [only] = e.values.as_slice() else { continue };
            if field.default.as_ref().and_then(serde_json::Value::as_str) == Some(only.wire.as_str()) {
                found.insert((id, index), resolved);
            }
        }
    }
    found
}

/// Every `pattern` of a struct member or a parameter that the regex engine cannot compile, with the engine's
/// message; each is compiled once.
fn unsupported_patterns(ir: &Ir) -> BTreeMap<String, String> {
    let members = ir.types.iter().flat_map(|ty| match &ty.kind {
        TypeKind::Struct(s) => s.fields.iter().map(|field| &field.rules).collect(),
        _ => Vec::new(),
    });
    let parameters = ir.operations.iter().flat_map(|operation| operation.parameters.iter().map(|p| &p.rules));
    let patterns: BTreeSet<&str> = members.chain(parameters).filter_map(|rules| rules.pattern.as_deref()).collect();
    let compiled = patterns.into_iter().map(|pattern| (pattern, regex_lite::Regex::new(pattern)));
    compiled.filter_map(|(pattern, regex)| Some((pattern.to_owned(), regex.err()?.to_string()))).collect()
}

/// Warns at `pointer` when the value's `pattern` applies to its type (a plain string) and the regex engine cannot
/// compile it.
fn warn_pattern(
    ir: &Ir,
    unsupported: &BTreeMap<String, String>,
    rules: &Rules,
    ty: TypeId,
    pointer: &str,
    diagnostics: &mut Diagnostics,
) {
    let Some(error) = rules.pattern.as_ref().and_then(|pattern| unsupported.get(pattern)) else { return };
    if !matches!(ir.get(ir.resolve(ty)).kind, TypeKind::String(StringKind::Plain | StringKind::Uuid)) {
        return;
    }
    diagnostics.warn(
        WarningKind::ConstraintDropped,
        &format!("{pointer}/pattern"),
        format!("pattern is not supported by the regex engine and is not checked: {error}"),
    );
}

/// The first operation whose required arguments a doctest can write as string literals (`&str` parameters, no
/// required body), a `GET` before any other method.
fn example_operation(ir: &Ir) -> Option<usize> {
    let simple = |operation: &Operation| {
        operation.body.as_ref().is_none_or(|body| !body.required)
            && operation.parameters.iter().filter(|p| p.required).all(|p| is_text(ir, p))
    };
    let candidates = || ir.operations.iter().enumerate().filter(|(_, operation)| simple(operation));
    candidates()
        .find(|(_, operation)| operation.method.eq_ignore_ascii_case("get"))
        .or_else(|| candidates().next())
        .map(|(index, _)| index)
}

/// Whether a required parameter is a `&str` argument.
fn is_text(ir: &Ir, parameter: &Parameter) -> bool {
    let ty = ir.get(parameter.ty);
    match &ty.kind {
        TypeKind::String(StringKind::Plain | StringKind::Uuid) => !ty.is_named(),
        TypeKind::Any => parameter.location == ParamLocation::Path,
        _ => false,
    }
}

/// The types requests reach (bodies and parameters) and the types responses reach, through members, items,
/// map values, aliases and variants.
fn reached(ir: &Ir) -> (BTreeSet<TypeId>, BTreeSet<TypeId>) {
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    for operation in &ir.operations {
        request_roots.extend(operation.parameters.iter().map(|parameter| parameter.ty));
        request_roots.extend(operation.body.iter().flat_map(|body| body.options.iter().map(|option| option.ty)));
        for response in &operation.responses {
            response_roots.extend(response.ty);
            response_roots.extend(response.alternatives.iter().filter_map(|alternative| alternative.ty));
        }
    }
    (closure(ir, request_roots), closure(ir, response_roots))
}

fn closure(ir: &Ir, mut pending: Vec<TypeId>) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    while let Some(id) = pending.pop() {
        if !seen.insert(id) {
            continue;
        }
        match &ir.get(id).kind {
            TypeKind::Array(inner) | TypeKind::Map(inner) | TypeKind::Nullable(inner) | TypeKind::Alias(inner) => {
                pending.push(*inner)
            }
            TypeKind::Struct(s) => {
                pending.extend(s.fields.iter().map(|field| field.ty));
                pending.extend(s.additional);
            }
            TypeKind::Union(u) => pending.extend(u.variants.iter().map(|variant| variant.ty)),
            TypeKind::Tagged(t) => pending.extend(t.variants.iter().map(|variant| variant.ty)),
            _ => {}
        }
    }
    seen
}
