//! Example tests: the examples the document's own schemas accept in, a test target of the generated crate out
//! that decodes each one strictly into its generated type, encodes it again and compares.
//!
//! An accepted example is tested when its schema is one the generator made a type for: a component schema, a
//! struct member, or a JSON request or response body. An example of a union whose value exactly one branch's
//! schema accepts (or whose discriminator names one branch) must also decode into that branch's variant. The
//! first unions of the document also get one made-up sample per branch (see [`super::samples`]), keyed
//! `sample:Union::Variant`, that must decode into that branch's variant.
//! The test target is `tests/spec_examples/`: `main.rs` (its root), `cases.rs` (the cases), `support.rs` (the
//! checks, the same for every crate) and `examples.json` (the values, keyed by their pointer in the document, each with the members
//! its schema does not declare, which the encoding leaves out).

use super::samples::sample;
use super::types::{TypePrinter, ident};
use super::undeclared::undeclared_members;
use super::{Chunk, GeneratedFile, rust_file};
use crate::error::Error;
use crate::examples::{AcceptedExample, accepts};
use crate::ir::*;
use crate::names::Names;
use crate::pointer;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The checks, copied verbatim into every generated crate.
const SUPPORT: &str = include_str!("../../templates/spec_examples_support.rs");

/// Cases per test function: keeps each function small for the compiler and failures grouped.
const CASES_PER_TEST: usize = 64;

/// Unions per document that get made-up samples, in IR order (component schemas first).
const MAX_UNIONS_SAMPLED: usize = 40;

/// How many `$ref` hops the nullability lookup follows.
const MAX_REF_HOPS: usize = 32;

/// One example to test: where it is, the type it decodes into, and the variant it must decode into.
struct Case {
    pointer: String,
    value: Value,
    /// Members the schema does not declare: the encoding leaves them out.
    undeclared: Vec<String>,
    ty: TokenStream,
    variant: Option<TokenStream>,
}

/// The test target's files, or none when no accepted example has a generated type.
pub fn files(
    ir: &Ir,
    names: &Names,
    document: &Value,
    accepted: &[AcceptedExample],
    crate_name: &str,
    stamp: &str,
) -> Result<Vec<GeneratedFile>, Error> {
    let krate = ident(&crate_name.replace('-', "_"));
    let printer = TypePrinter { ir, names, models: quote!(::#krate::models::), runtime: quote!(::#krate::runtime::) };
    let targets = schema_targets(ir);
    let mut cases = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for example in accepted {
        let Some(&id) = targets.get(example.schema_at.as_str()) else { continue };
        if !seen.insert(example.pointer.as_str()) {
            continue;
        }
        let nullable = schema_is_nullable(document, &example.schema_at) && !is_nullable_type(&printer, id);
        if example.value.is_null() && !nullable && !is_nullable_type(&printer, id) {
            continue;
        }
        let base = printer.ty(id);
        let ty = if nullable { quote!(::std::option::Option<#base>) } else { base };
        let variant = expected_variant(&printer, document, id, &example.value).map(|pattern| {
            if nullable || is_nullable_type(&printer, id) {
                quote!(::std::option::Option::Some(#pattern))
            } else {
                pattern
            }
        });
        let undeclared = pointer::resolve(document, &example.schema_at)
            .map(|schema| undeclared_members(document, schema, &example.value))
            .unwrap_or_default();
        cases.push(Case { pointer: example.pointer.clone(), value: example.value.clone(), undeclared, ty, variant });
    }
    cases.extend(union_samples(&printer, document));
    if cases.is_empty() {
        return Ok(Vec::new());
    }
    let mut values = Map::new();
    for case in &cases {
        let mut entry = Map::new();
        entry.insert("value".to_owned(), case.value.clone());
        if !case.undeclared.is_empty() {
            entry.insert("undeclared".to_owned(), case.undeclared.iter().cloned().map(Value::String).collect());
        }
        values.insert(case.pointer.clone(), Value::Object(entry));
    }
    let mut data = serde_json::to_string_pretty(&Value::Object(values)).unwrap_or_default();
    data.push('\n');
    let cases_file = rust_file(
        "tests/spec_examples/cases.rs",
        "The cases: one check per example or sample, in groups of a few dozen per test.",
        stamp,
        case_chunks(&cases),
    )?;
    Ok(vec![
        GeneratedFile { path: "tests/spec_examples/main.rs".to_owned(), contents: main_text(&krate, stamp) },
        cases_file,
        GeneratedFile { path: "tests/spec_examples/support.rs".to_owned(), contents: SUPPORT.to_owned() },
        GeneratedFile { path: "tests/spec_examples/examples.json".to_owned(), contents: data },
    ])
}

/// The test target's root, laid out as rustfmt would (the cases file is not formatted by rustfmt).
fn main_text(krate: &proc_macro2::Ident, stamp: &str) -> String {
    format!(
        "//! The examples of the API description that its schemas accept, and a made-up sample of each branch of its\n\
         //! first unions: each decoded strictly into its generated type (into the variant the document names, for a\n\
         //! union), encoded again and compared with the example.\n\
         //!\n\
         //! {stamp}\n\
         \n\
         use ::{krate} as api;\n\
         \n\
         #[rustfmt::skip]\n\
         mod cases;\n\
         mod support;\n"
    )
}

fn case_chunks(cases: &[Case]) -> Vec<Chunk> {
    let mut chunks = vec![Chunk::Tokens(quote! {
        use super::support;

        static EXAMPLES: support::Examples = support::Examples::new(include_str!("examples.json"));
    })];
    for (index, group) in cases.chunks(CASES_PER_TEST).enumerate() {
        let test = ident(&format!("examples_{:03}", index + 1));
        let checks = group.iter().map(|case| {
            let pointer = &case.pointer;
            let ty = &case.ty;
            match &case.variant {
                Some(pattern) => {
                    let shown = pattern.to_string().replace(' ', "");
                    quote!(run.check_variant::<#ty>(#pointer, #shown, |value| matches!(value, #pattern));)
                }
                None => quote!(run.check::<#ty>(#pointer);),
            }
        });
        chunks.push(Chunk::Tokens(quote! {
            #[test]
            fn #test() {
                let mut run = EXAMPLES.run();
                #(#checks)*
                run.finish();
            }
        }));
    }
    chunks
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
    let mut current = pointer::resolve(document, at);
    for _ in 0..MAX_REF_HOPS {
        let Some(schema) = current else { return false };
        if schema.get("nullable") == Some(&Value::Bool(true)) {
            return true;
        }
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => current = pointer::resolve(document, reference),
            None => return false,
        }
    }
    false
}

/// Whether the Rust type is an `Option` (through aliases).
fn is_nullable_type(printer: &TypePrinter<'_>, mut id: TypeId) -> bool {
    for _ in 0..64 {
        match &printer.ir.get(id).kind {
            TypeKind::Nullable(_) => return true,
            TypeKind::Alias(target) => id = *target,
            _ => return false,
        }
    }
    false
}

/// Cases made up for the first unions of the document: for each branch, an instance only its schema accepts
/// (or that carries its discriminator value) must decode into its variant.
fn union_samples(printer: &TypePrinter<'_>, document: &Value) -> Vec<Case> {
    let mut cases = Vec::new();
    let unions = printer.ir.ids().filter(|&id| {
        let ty = printer.ir.get(id);
        ty.is_named() && matches!(ty.kind, TypeKind::Union(_) | TypeKind::Tagged(_))
    });
    for union_id in unions.take(MAX_UNIONS_SAMPLED) {
        let union = printer.ir.get(union_id);
        let union_schema = pointer::resolve(document, &union.pointer);
        let branches: Vec<(TypeId, Option<&[String]>)> = match &union.kind {
            TypeKind::Union(u) => u.variants.iter().map(|v| (v.ty, None)).collect(),
            TypeKind::Tagged(t) => t.variants.iter().map(|v| (v.ty, Some(v.tags.as_slice()))).collect(),
            _ => continue,
        };
        for (index, (branch, tags)) in branches.into_iter().enumerate() {
            let Some(mut value) = branch_sample(printer, document, branch) else { continue };
            if let (Some(tags), TypeKind::Tagged(tagged), Value::Object(members)) = (tags, &union.kind, &mut value) {
                let Some(tag) = tags.first() else { continue };
                members.insert(tagged.property.clone(), Value::String(tag.clone()));
            }
            if variant_accepts(printer, document, branch, &value) != Some(true)
                || expected_index(printer, document, union_id, &value) != Some(index)
            {
                continue;
            }
            let Some(pattern) = variant_pattern(printer, union_id, index) else { continue };
            let undeclared =
                union_schema.map(|schema| undeclared_members(document, schema, &value)).unwrap_or_default();
            let variant_name = printer.names.variants.get(&(union_id, index)).map_or("", String::as_str);
            cases.push(Case {
                pointer: format!("sample:{}::{variant_name}", printer.names.ty(union_id)),
                value,
                undeclared,
                ty: printer.ty(union_id),
                variant: Some(pattern),
            });
        }
    }
    cases
}

/// A made-up instance of a union branch: from its schema, or from its kind for a primitive.
fn branch_sample(printer: &TypePrinter<'_>, document: &Value, id: TypeId) -> Option<Value> {
    let ty = printer.ir.get(id);
    if !ty.pointer.is_empty() {
        return sample(document, pointer::resolve(document, &ty.pointer)?);
    }
    match &ty.kind {
        TypeKind::Bool => Some(Value::Bool(true)),
        TypeKind::Integer(_) => Some(Value::from(1)),
        TypeKind::Number(_) => Some(Value::from(1.5)),
        TypeKind::String(StringKind::Plain) => Some(Value::from("a")),
        TypeKind::String(StringKind::DateTime) => Some(Value::from("2024-01-02T03:04:05Z")),
        TypeKind::Alias(target) => branch_sample(printer, document, *target),
        _ => None,
    }
}

/// The pattern of the variant a union value must decode into, when the document says which one.
fn expected_variant(printer: &TypePrinter<'_>, document: &Value, id: TypeId, value: &Value) -> Option<TokenStream> {
    let union_id = printer.resolve(id);
    let index = expected_index(printer, document, union_id, value)?;
    variant_pattern(printer, union_id, index)
}

/// `Union::Variant(..)`.
fn variant_pattern(printer: &TypePrinter<'_>, union_id: TypeId, index: usize) -> Option<TokenStream> {
    let union_path = printer.ty(union_id);
    let variant = ident(printer.names.variants.get(&(union_id, index))?);
    Some(quote!(#union_path::#variant(..)))
}

/// The index of the variant a union value must decode into, when the document says which one: the branch
/// its discriminator names, or the only branch whose schema accepts it.
fn expected_index(printer: &TypePrinter<'_>, document: &Value, union_id: TypeId, value: &Value) -> Option<usize> {
    let union = printer.ir.get(union_id);
    if !union.is_named() || value.is_null() {
        return None;
    }
    let index = match &union.kind {
        TypeKind::Tagged(tagged) => {
            let tag = value.get(&tagged.property)?.as_str()?;
            tagged.variants.iter().position(|variant| variant.tags.iter().any(|t| t == tag))?
        }
        TypeKind::Union(u) => {
            let mut verdicts = Vec::with_capacity(u.variants.len());
            for variant in &u.variants {
                verdicts.push(variant_accepts(printer, document, variant.ty, value)?);
            }
            let mut accepting = verdicts.iter().enumerate().filter(|(_, accepted)| **accepted);
            let (index, _) = accepting.next()?;
            if accepting.next().is_some() {
                return None;
            }
            index
        }
        _ => return None,
    };
    Some(index)
}

/// Whether a union branch's schema accepts the value; `None` when that cannot be told.
fn variant_accepts(printer: &TypePrinter<'_>, document: &Value, id: TypeId, value: &Value) -> Option<bool> {
    let ty = printer.ir.get(id);
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
            variant_accepts(printer, document, *target, value)
        }
        TypeKind::Nullable(_) => Some(true),
        _ => None,
    }
}
