//! Type expressions: an IR type id in, the Rust type that spells it out: as tokens with absolute paths, or as
//! text for code the generator lays out itself, where `Option`, `String`, `Vec` and `Box` go by their prelude
//! names unless a generated type takes one of them.

use crate::ir::*;
use crate::names::{Names, OperationNames};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Reads the IR and the names to print types; `models` and `runtime` are the path prefixes of generated model
/// types and of runtime types.
#[derive(Debug)]
pub struct TypePrinter<'a> {
    pub ir: &'a Ir,
    pub names: &'a Names,
    pub models: TokenStream,
    pub runtime: TokenStream,
}

/// The prelude names a generated type could shadow.
const PRELUDE_TYPES: [&str; 4] = ["Box", "Option", "String", "Vec"];

pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

impl TypePrinter<'_> {
    pub fn ty(&self, id: TypeId) -> TokenStream {
        let ty = self.ir.get(id);
        if ty.is_named() {
            let name = ident(self.names.ty(id));
            let models = &self.models;
            return quote!(#models #name);
        }
        match &ty.kind {
            TypeKind::Any | TypeKind::Pending => quote!(::serde_json::Value),
            TypeKind::Null => quote!(()),
            TypeKind::Bool => quote!(bool),
            TypeKind::Integer(IntegerKind::I32) => quote!(i32),
            TypeKind::Integer(IntegerKind::I64) => quote!(i64),
            TypeKind::Integer(IntegerKind::U32) => quote!(u32),
            TypeKind::Integer(IntegerKind::U64) => quote!(u64),
            TypeKind::Number(NumberKind::F32) => quote!(f32),
            TypeKind::Number(NumberKind::F64) => quote!(f64),
            TypeKind::String(StringKind::DateTime) => quote!(::chrono::DateTime<::chrono::Utc>),
            TypeKind::String(StringKind::Date) => quote!(::chrono::NaiveDate),
            TypeKind::String(StringKind::Empty) => {
                let runtime = &self.runtime;
                quote!(#runtime EmptyString)
            }
            TypeKind::String(_) => quote!(::std::string::String),
            TypeKind::Array(item) => {
                let item = self.ty(*item);
                quote!(::std::vec::Vec<#item>)
            }
            TypeKind::Map(value) => {
                let value = self.ty(*value);
                quote!(::std::collections::BTreeMap<::std::string::String, #value>)
            }
            TypeKind::Nullable(inner) => {
                let inner = self.ty(*inner);
                quote!(::std::option::Option<#inner>)
            }
            TypeKind::Alias(target) => self.ty(*target),
            // Checked to be a type when it was lowered.
            TypeKind::External(path) => {
                syn::parse_str::<syn::Type>(path).map_or_else(|_| quote!(::serde_json::Value), |ty| quote!(#ty))
            }
            TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Tagged(_) => {
                quote!(::serde_json::Value)
            }
        }
    }

    /// The type as text for the `models` module, which must not hold a type named `Box`, `Option`, `String`
    /// or `Vec` unless `prelude` is false (see [`TypePrinter::prelude_is_free`]).
    pub fn text(&self, id: TypeId, prelude: bool) -> String {
        let mut out = String::new();
        self.write_text(id, prelude, &mut out);
        out
    }

    /// `text`, boxed when `boxed`; `Option<T>` is boxed inside (`Option<Box<T>>`).
    pub fn member_text(&self, id: TypeId, boxed: bool, prelude: bool) -> String {
        let (option, boxing) = if prelude { ("Option", "Box") } else { ("::std::option::Option", "::std::boxed::Box") };
        if !boxed {
            return self.text(id, prelude);
        }
        if let TypeKind::Nullable(inner) = &self.ir.get(id).kind {
            if !self.ir.get(id).is_named() {
                return format!("{option}<{boxing}<{}>>", self.text(*inner, prelude));
            }
        }
        format!("{boxing}<{}>", self.text(id, prelude))
    }

    /// Whether no generated type takes a prelude type name, so that text may use those names.
    pub fn prelude_is_free(&self) -> bool {
        !self.names.types.values().any(|name| PRELUDE_TYPES.contains(&name.as_str()))
    }

    /// Whether no type of the `operations` module takes a prelude type name, so that its text may use those
    /// names. Models are `crate::models::X` there, so only the operations' own types (see
    /// [`OperationNames::type_names`]) could shadow a prelude name.
    pub fn operations_prelude_is_free(&self) -> bool {
        !self.names.operations.iter().flat_map(OperationNames::type_names).any(|name| PRELUDE_TYPES.contains(&name))
    }

    fn write_text(&self, id: TypeId, prelude: bool, out: &mut String) {
        let ty = self.ir.get(id);
        if ty.is_named() {
            if !self.models.is_empty() {
                out.push_str(&self.models.to_string().replace(' ', ""));
            }
            out.push_str(self.names.ty(id));
            return;
        }
        let generic = |out: &mut String, short: &str, long: &str, inner: TypeId| {
            out.push_str(if prelude { short } else { long });
            out.push('<');
            self.write_text(inner, prelude, out);
            out.push('>');
        };
        match &ty.kind {
            TypeKind::Any | TypeKind::Pending => out.push_str("::serde_json::Value"),
            TypeKind::Null => out.push_str("()"),
            TypeKind::Bool => out.push_str("bool"),
            TypeKind::Integer(IntegerKind::I32) => out.push_str("i32"),
            TypeKind::Integer(IntegerKind::I64) => out.push_str("i64"),
            TypeKind::Integer(IntegerKind::U32) => out.push_str("u32"),
            TypeKind::Integer(IntegerKind::U64) => out.push_str("u64"),
            TypeKind::Number(NumberKind::F32) => out.push_str("f32"),
            TypeKind::Number(NumberKind::F64) => out.push_str("f64"),
            TypeKind::String(StringKind::DateTime) => out.push_str("::chrono::DateTime<::chrono::Utc>"),
            TypeKind::String(StringKind::Date) => out.push_str("::chrono::NaiveDate"),
            TypeKind::String(StringKind::Empty) => {
                out.push_str(&self.runtime.to_string().replace(' ', ""));
                out.push_str("EmptyString");
            }
            TypeKind::String(_) => out.push_str(if prelude { "String" } else { "::std::string::String" }),
            TypeKind::Array(item) => generic(out, "Vec", "::std::vec::Vec", *item),
            TypeKind::Map(value) => {
                out.push_str("::std::collections::BTreeMap<");
                out.push_str(if prelude { "String" } else { "::std::string::String" });
                out.push_str(", ");
                self.write_text(*value, prelude, out);
                out.push('>');
            }
            TypeKind::Nullable(inner) => generic(out, "Option", "::std::option::Option", *inner),
            TypeKind::Alias(target) => self.write_text(*target, prelude, out),
            TypeKind::External(path) => out.push_str(path),
            TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Tagged(_) => {
                out.push_str("::serde_json::Value")
            }
        }
    }

    /// The type behind aliases and `Option`s.
    pub fn resolve(&self, id: TypeId) -> TypeId {
        self.ir.resolve(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Diagnostics;

    /// The IR and names of a document.
    fn named(text: &str) -> (Ir, Names) {
        let mut document = crate::parse::parse_document("spec.yaml", text).unwrap();
        let mut diagnostics = Diagnostics::new("spec.yaml");
        crate::normalize::normalize(&mut document, &mut diagnostics).unwrap();
        let ir = crate::lower::lower(&document, &mut diagnostics);
        let names = crate::names::name(&ir, &mut diagnostics);
        (ir, names)
    }

    const PRELUDE_OPERATIONS: &str = r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a: {get: {operationId: String, parameters: [{name: q, in: query, schema: {type: string}}], responses: {"200": {description: a, content: {application/json: {schema: {type: string}}, text/plain: {schema: {type: string}}}}, "204": {description: b}}}}
  /b: {post: {operationId: Option, requestBody: {content: {application/json: {schema: {type: string}}, text/plain: {schema: {type: string}}}}, responses: {"404": {description: c}}}}
  /c: {put: {operationId: Vec, responses: {"200": {description: d}}}}
  /d: {delete: {operationId: Box, responses: {"200": {description: e}}}}
components:
  schemas:
    String: {type: object}
    Option: {type: object}
"#;

    #[test]
    fn operation_types_never_take_a_prelude_name() {
        let (ir, names) = named(PRELUDE_OPERATIONS);
        let printer = TypePrinter { ir: &ir, names: &names, models: quote!(crate::models::), runtime: quote!() };
        // Every operation type is its stem and a suffix, so an operation called `String` declares `StringParams`,
        // `StringResponse`, `StringError`; and models, which `operations.rs` calls `crate::models::String`, shadow
        // nothing there.
        assert_eq!(names.operations[0].type_names(), ["StringParams", "StringBody", "StringResponse", "StringError"]);
        assert!(!printer.prelude_is_free());
        assert!(printer.operations_prelude_is_free());
        let text = operations_text(&ir, &names);
        assert!(text.contains("    Text(String),"), "{text}");
        assert!(text.contains("pub q: Option<String>,"), "{text}");
    }

    #[test]
    fn an_operation_type_named_like_the_prelude_takes_its_name() {
        let (ir, mut names) = named(PRELUDE_OPERATIONS);
        names.operations[1].error_type = "Option".to_owned();
        let printer = TypePrinter { ir: &ir, names: &names, models: quote!(crate::models::), runtime: quote!() };
        assert!(!printer.operations_prelude_is_free());
        let text = operations_text(&ir, &names);
        assert!(text.contains("    Text(::std::string::String),"), "{text}");
        assert!(text.contains("pub q: ::std::option::Option<::std::string::String>,"), "{text}");
        assert!(text.contains("if let ::std::option::Option::Some(body) = body {"), "{text}");
        assert!(!text.contains("<String>") && !text.contains(" Some("), "{text}");
    }

    fn operations_text(ir: &Ir, names: &Names) -> String {
        let checked = super::super::checks::Checked::new(ir);
        let mut diagnostics = crate::error::Diagnostics::new("spec.yaml");
        super::super::operations::items(ir, names, &checked, &mut diagnostics)
            .into_iter()
            .map(|chunk| match chunk {
                super::super::Chunk::Text(text) => text,
                super::super::Chunk::Tokens(tokens) => tokens.to_string(),
            })
            .collect()
    }
}
