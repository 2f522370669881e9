//! Example cases: the examples the document's own schemas accept, and made-up samples of union branches,
//! each tied to the IR type it must decode into (and the variant, for a union). The emitter turns them into
//! the generated crate's example test (`emit/spec_examples.rs`); this pass is the one that reads the schemas.
//!
//! An accepted example becomes a case when its schema is one the generator made a type for: a component
//! schema, a struct member, or a JSON request or response body. A union value must decode into the variant
//! its discriminator names, or the only branch whose schema accepts it. The first unions of the document
//! also get one made-up instance per branch (see [`samples`]) that only that branch accepts.

mod samples;
mod undeclared;

use crate::error::{Diagnostics, WarningKind};
use crate::examples::{AcceptedExample, accepts};
use crate::ir::*;
use crate::pointer;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Unions per document that get made-up samples, in IR order (component schemas first).
const MAX_UNIONS_SAMPLED: usize = 40;

/// Where a case comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseSource {
    /// An example of the document, at this JSON pointer.
    Example(String),
    /// A made-up instance of this variant of this union.
    Sample { union: TypeId, variant: usize },
}

/// One value the generated types must decode and encode faithfully.
#[derive(Debug, Clone)]
pub struct Case {
    pub source: CaseSource,
    pub value: Value,
    /// The type it decodes into, wrapped in `Option` when `optional`.
    pub ty: TypeId,
    pub optional: bool,
    /// The union (behind `ty`'s aliases) and the variant the value must decode into.
    pub variant: Option<(TypeId, usize)>,
    /// JSON pointers (relative to the value) of members no schema declares: the encoding leaves them out.
    pub undeclared: Vec<String>,
    /// Validator paths of union values no branch declares a member of: kept raw, so strict decoding reports them.
    pub shapeless: Vec<String>,
}

/// The cases of a document: its accepted examples that have a generated type, then the union samples.
///
/// An example holding a number its Rust type cannot hold (beyond `i64`, `5.0` for an integer) is left out with a
/// warning at that number, since it would not decode.
pub fn collect(ir: &Ir, document: &Value, accepted: &[AcceptedExample], diagnostics: &mut Diagnostics) -> Vec<Case> {
    let targets = schema_targets(ir);
    let mut cases = Vec::new();
    let mut seen = BTreeSet::new();
    for example in accepted {
        let Some(&ty) = targets.get(example.schema_at.as_str()) else { continue };
        if !seen.insert(example.pointer.as_str()) {
            continue;
        }
        if let Some((at, why)) = crate::numbers::misfit(ir, ty, &example.value) {
            diagnostics.warn(
                WarningKind::InvalidExample,
                &format!("{}{at}", example.pointer),
                format!("example holds a number its Rust type cannot hold ({why}); left out of the example test"),
            );
            continue;
        }
        let is_option = ir.is_option(ty);
        let optional = !is_option && schema_is_nullable(document, &example.schema_at);
        if example.value.is_null() && !optional && !is_option {
            continue;
        }
        let union = ir.resolve(ty);
        let variant = expected_index(ir, document, union, &example.value).map(|index| (union, index));
        let findings = pointer::resolve(document, &example.schema_at)
            .map(|schema| undeclared::findings(document, schema, &example.value))
            .unwrap_or_default();
        cases.push(Case {
            source: CaseSource::Example(example.pointer.clone()),
            value: example.value.clone(),
            ty,
            optional,
            variant,
            undeclared: findings.undeclared,
            shapeless: findings.shapeless,
        });
    }
    cases.extend(union_samples(ir, document));
    cases
}

/// The schema locations the generator made a type for, each with that type.
fn schema_targets(ir: &Ir) -> BTreeMap<&str, TypeId> {
    let mut targets = BTreeMap::new();
    for operation in &ir.operations {
        for option in operation.body.iter().flat_map(|body| &body.options) {
            if option.encoding == BodyEncoding::Json {
                targets.entry(option.schema_source.as_str()).or_insert(option.ty);
            }
        }
        for response in &operation.responses {
            if let (ResponseEncoding::Json, Some(ty)) = (response.encoding, response.ty) {
                targets.entry(response.schema_source.as_str()).or_insert(ty);
            }
        }
    }
    for id in ir.ids() {
        let ty = ir.get(id);
        if let TypeKind::Struct(s) = &ty.kind {
            for field in &s.fields {
                targets.entry(field.pointer.as_str()).or_insert(field.ty);
            }
        }
        if ty.is_named() && !ty.pointer.is_empty() {
            targets.entry(ty.pointer.as_str()).or_insert(id);
        }
    }
    targets
}

/// Whether the schema at `at`, or a schema it refers to, allows `null`.
fn schema_is_nullable(document: &Value, at: &str) -> bool {
    let Some(schema) = pointer::resolve(document, at) else { return false };
    pointer::ref_chain(document, schema).any(|schema| schema.get("nullable") == Some(&Value::Bool(true)))
}

/// Made-up cases for the first unions of the document: for each branch, an instance only its schema accepts
/// (or that carries its discriminator value) must decode into its variant.
fn union_samples(ir: &Ir, document: &Value) -> Vec<Case> {
    let mut cases = Vec::new();
    let unions = ir.ids().filter(|&id| {
        let ty = ir.get(id);
        ty.is_named() && matches!(ty.kind, TypeKind::Union(_) | TypeKind::Tagged(_))
    });
    for union_id in unions.take(MAX_UNIONS_SAMPLED) {
        let union = ir.get(union_id);
        let union_schema = pointer::resolve(document, &union.pointer);
        let branches: Vec<(TypeId, Option<&[String]>)> = match &union.kind {
            TypeKind::Union(u) => u.variants.iter().map(|v| (v.ty, None)).collect(),
            TypeKind::Tagged(t) => t.variants.iter().map(|v| (v.ty, Some(v.tags.as_slice()))).collect(),
            _ => continue,
        };
        for (index, (branch, tags)) in branches.into_iter().enumerate() {
            let Some(mut value) = branch_sample(ir, document, branch) else { continue };
            if let (Some(tags), TypeKind::Tagged(tagged), Value::Object(members)) = (tags, &union.kind, &mut value) {
                let Some(tag) = tags.first() else { continue };
                members.insert(tagged.property.clone(), Value::String(tag.clone()));
            }
            if variant_accepts(ir, document, branch, &value) != Some(true)
                || expected_index(ir, document, union_id, &value) != Some(index)
                || crate::numbers::misfit(ir, union_id, &value).is_some()
            {
                continue;
            }
            let findings =
                union_schema.map(|schema| undeclared::findings(document, schema, &value)).unwrap_or_default();
            cases.push(Case {
                source: CaseSource::Sample { union: union_id, variant: index },
                value,
                ty: union_id,
                optional: false,
                variant: Some((union_id, index)),
                undeclared: findings.undeclared,
                shapeless: findings.shapeless,
            });
        }
    }
    cases
}

/// A made-up instance of a union branch: from its schema, or from its kind for a primitive.
fn branch_sample(ir: &Ir, document: &Value, id: TypeId) -> Option<Value> {
    let ty = ir.get(id);
    if !ty.pointer.is_empty() {
        return samples::sample(document, pointer::resolve(document, &ty.pointer)?);
    }
    match &ty.kind {
        TypeKind::Bool => Some(Value::Bool(true)),
        TypeKind::Integer(_) => Some(Value::from(1)),
        TypeKind::Number(_) => Some(Value::from(1.5)),
        TypeKind::String(StringKind::Plain) => Some(Value::from("a")),
        TypeKind::String(StringKind::DateTime) => Some(Value::from("2024-01-02T03:04:05Z")),
        TypeKind::Alias(target) => branch_sample(ir, document, *target),
        _ => None,
    }
}

/// The index of the variant a union value must decode into, when the document says which one: the branch
/// its discriminator names, or the only branch whose schema accepts it.
fn expected_index(ir: &Ir, document: &Value, union_id: TypeId, value: &Value) -> Option<usize> {
    let union = ir.get(union_id);
    if !union.is_named() || value.is_null() {
        return None;
    }
    match &union.kind {
        TypeKind::Tagged(tagged) => {
            let tag = value.get(&tagged.property)?.as_str()?;
            tagged.variants.iter().position(|variant| variant.tags.iter().any(|t| t == tag))
        }
        TypeKind::Union(u) => {
            let mut verdicts = Vec::with_capacity(u.variants.len());
            for variant in &u.variants {
                verdicts.push(variant_accepts(ir, document, variant.ty, value)?);
            }
            let mut accepting = verdicts.iter().enumerate().filter(|(_, accepted)| **accepted);
            let (index, _) = accepting.next()?;
            accepting.next().is_none().then_some(index)
        }
        _ => None,
    }
}

/// Whether a union branch's schema accepts the value; `None` when that cannot be told.
fn variant_accepts(ir: &Ir, document: &Value, id: TypeId, value: &Value) -> Option<bool> {
    let ty = ir.get(id);
    if !ty.pointer.is_empty() {
        let schema = pointer::resolve(document, &ty.pointer)?;
        return accepts(document, schema, value);
    }
    match &ty.kind {
        TypeKind::Null => Some(value.is_null()),
        TypeKind::Bool => Some(value.is_boolean()),
        TypeKind::Integer(_) => Some(value.is_i64() || value.is_u64()),
        TypeKind::Number(_) => Some(value.is_number()),
        TypeKind::String(StringKind::Plain | StringKind::Uuid) => Some(value.is_string()),
        TypeKind::String(StringKind::Empty) => Some(value.as_str() == Some("")),
        TypeKind::Alias(target) | TypeKind::Nullable(target) if !value.is_null() => {
            variant_accepts(ir, document, *target, value)
        }
        TypeKind::Nullable(_) => Some(true),
        _ => None,
    }
}
