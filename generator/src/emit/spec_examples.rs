//! Example tests: the example cases in (see [`crate::cases`]), a test target of the generated crate out that
//! decodes each one strictly into its type (into the expected variant, for a union), encodes it again and
//! compares. The target is `tests/spec_examples/`: `main.rs` (its root), `cases.rs` (the checks, skipped by
//! rustfmt), `support.rs` (what a check does, the same for every crate) and `examples.json` (the values, keyed
//! by their pointer in the document or `sample:Union::Variant`, each with the members its schema does not
//! declare, which the encoding leaves out, and the union values no branch declares a member of, which strict
//! decoding reports).

use super::types::{Scope, TypePrinter, ident};
use super::{Chunk, GeneratedFile, rust_file};
use crate::cases::{Case, CaseSource};
use crate::error::Error;
use crate::ir::*;
use crate::names::Names;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};

/// The checks, copied verbatim into every generated crate.
const SUPPORT: &str = include_str!("../../templates/spec_examples_support.rs");

/// Cases per test function: keeps each function small for the compiler and failures grouped.
const CASES_PER_TEST: usize = 64;

/// A case as the test spells it.
struct Check {
    key: String,
    ty: TokenStream,
    pattern: Option<TokenStream>,
}

/// The test target's files, or none when there are no cases.
pub fn files(
    ir: &Ir,
    names: &Names,
    cases: &[Case],
    crate_name: &str,
    stamp: &str,
) -> Result<Vec<GeneratedFile>, Error> {
    if cases.is_empty() {
        return Ok(Vec::new());
    }
    let krate = ident(&crate_name.replace('-', "_"));
    let krate_name = krate.to_string();
    let printer = TypePrinter::new(ir, names, Scope::Tests { krate: &krate_name });
    let checks: Vec<Check> = cases.iter().map(|case| check(&printer, case)).collect();
    let mut values = Map::new();
    for (case, check) in cases.iter().zip(&checks) {
        let mut entry = Map::new();
        entry.insert("value".to_owned(), case.value.clone());
        if !case.undeclared.is_empty() {
            entry.insert("undeclared".to_owned(), case.undeclared.iter().cloned().map(Value::String).collect());
        }
        if !case.shapeless.is_empty() {
            entry.insert("shapeless".to_owned(), case.shapeless.iter().cloned().map(Value::String).collect());
        }
        values.insert(check.key.clone(), Value::Object(entry));
    }
    let mut data = serde_json::to_string_pretty(&Value::Object(values)).unwrap_or_default();
    data.push('\n');
    let cases_file = rust_file(
        "tests/spec_examples/cases.rs",
        "The cases: one check per example or sample, in groups of a few dozen per test.",
        stamp,
        case_chunks(&checks),
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

/// The key, type and variant pattern of a case.
fn check(printer: &TypePrinter<'_>, case: &Case) -> Check {
    let key = match &case.source {
        CaseSource::Example(pointer) => pointer.clone(),
        CaseSource::Sample { union, variant } => {
            let variant = printer.names.variant(*union, *variant);
            format!("sample:{}::{variant}", printer.names.ty(*union))
        }
    };
    let base = printer.tokens(case.ty);
    let ty = if case.optional { quote!(::std::option::Option<#base>) } else { base };
    let pattern = case.variant.map(|(union, index)| {
        let union_path = printer.tokens(union);
        let variant = ident(printer.names.variant(union, index));
        let pattern = quote!(#union_path::#variant(..));
        let through_option = case.optional || printer.ir.is_option(case.ty);
        if through_option { quote!(::std::option::Option::Some(#pattern)) } else { pattern }
    });
    Check { key, ty, pattern }
}

/// The static holding `examples.json`, then one test per group of checks.
fn case_chunks(checks: &[Check]) -> Vec<Chunk> {
    let mut chunks = vec![Chunk::Tokens(quote! {
        use super::support;

        static EXAMPLES: support::Examples = support::Examples::new(include_str!("examples.json"));
    })];
    for (index, group) in checks.chunks(CASES_PER_TEST).enumerate() {
        let test = ident(&format!("examples_{:03}", index + 1));
        let calls = group.iter().map(|check| {
            let pointer = &check.key;
            let ty = &check.ty;
            match &check.pattern {
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
                #(#calls)*
                run.finish();
            }
        }));
    }
    chunks
}
