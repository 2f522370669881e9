//! Type expressions: an IR type id in, the Rust type that spells it out, as text for the code the generator
//! lays out (and as tokens, parsed from that text, where quote! needs them). Where the text stands decides the
//! prefixes of model and runtime types and whether `Option`, `String`, `Vec` and `Box` go by their prelude
//! names: [`TypePrinter::new`], the one place that decides it.

use crate::ir::*;
use crate::names::{Names, OperationNames};
use proc_macro2::{Ident, Span, TokenStream};

/// How a struct member or union variant holds its type: directly, or in a `Box` because the type is in a
/// containment cycle with the owner (`cycles.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holding {
    Direct,
    Boxed,
}

impl Holding {
    /// How member or variant `index` of `owner` holds its type.
    pub fn of(boxed: &crate::cycles::Boxed, owner: TypeId, index: usize) -> Holding {
        if boxed.contains(&(owner, index)) { Holding::Boxed } else { Holding::Direct }
    }
}
/// How text names the prelude's `Option`, `String`, `Vec` and `Box` (and `Some`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// By their prelude names: no generated type in scope takes one of them.
    Prelude,
    /// By absolute paths (`::std::option::Option`): a generated type in scope shadows a prelude name.
    Absolute,
}

/// Where printed types stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'k> {
    /// `src/models.rs`: models by their bare names.
    Models,
    /// `src/operations.rs`: models as `crate::models::X`, next to the operations' own types.
    Operations,
    /// A test of the crate named `krate`: everything by absolute path.
    Tests { krate: &'k str },
}

/// Reads the IR and the names to print types, for one [`Scope`].
#[derive(Debug)]
pub struct TypePrinter<'a> {
    pub ir: &'a Ir,
    pub names: &'a Names,
    /// The path prefix of generated model types (`crate::models::`, or empty inside `models`).
    models: String,
    /// The path prefix of runtime types (`crate::runtime::`).
    runtime: String,
    pub spelling: Spelling,
}

/// The prelude names a generated type could shadow.
const PRELUDE_TYPES: [&str; 4] = ["Box", "Option", "String", "Vec"];

/// A prelude item, spelled as a [`Spelling`] says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Std {
    Option,
    Some,
    None,
    String,
    Vec,
    Box,
}

pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

impl<'a> TypePrinter<'a> {
    /// The printer for `scope`: its prefixes, and its spelling. Inside `models` any generated type could shadow
    /// a prelude name; in `operations`, where models are `crate::models::X`, only the operations' own types
    /// ([`OperationNames::type_names`]) could; a test names everything by absolute path.
    pub fn new(ir: &'a Ir, names: &'a Names, scope: Scope<'_>) -> Self {
        let shadows = |mut names: Box<dyn Iterator<Item = &str> + '_>| names.any(|name| PRELUDE_TYPES.contains(&name));
        let (models, runtime, spelling) = match scope {
            Scope::Models => {
                let shadowed = shadows(Box::new(names.types.values().map(String::as_str)));
                (String::new(), "crate::runtime::".to_owned(), shadowed)
            }
            Scope::Operations => {
                let shadowed = shadows(Box::new(names.operations.iter().flat_map(OperationNames::type_names)));
                ("crate::models::".to_owned(), "crate::runtime::".to_owned(), shadowed)
            }
            Scope::Tests { krate } => (format!("::{krate}::models::"), format!("::{krate}::runtime::"), true),
        };
        let spelling = if spelling { Spelling::Absolute } else { Spelling::Prelude };
        TypePrinter { ir, names, models, runtime, spelling }
    }

    /// A prelude item as this printer's spelling names it.
    pub fn std(&self, item: Std) -> &'static str {
        match (self.spelling, item) {
            (Spelling::Prelude, Std::Option) => "Option",
            (Spelling::Prelude, Std::Some) => "Some",
            (Spelling::Prelude, Std::None) => "None",
            (Spelling::Prelude, Std::String) => "String",
            (Spelling::Prelude, Std::Vec) => "Vec",
            (Spelling::Prelude, Std::Box) => "Box",
            (Spelling::Absolute, Std::Option) => "::std::option::Option",
            (Spelling::Absolute, Std::Some) => "::std::option::Option::Some",
            (Spelling::Absolute, Std::None) => "::std::option::Option::None",
            (Spelling::Absolute, Std::String) => "::std::string::String",
            (Spelling::Absolute, Std::Vec) => "::std::vec::Vec",
            (Spelling::Absolute, Std::Box) => "::std::boxed::Box",
        }
    }

    /// The type as text.
    pub fn text(&self, id: TypeId) -> String {
        let mut out = String::new();
        self.write_text(id, &mut out);
        out
    }

    /// The type as tokens, for code built with quote!.
    pub fn tokens(&self, id: TypeId) -> TokenStream {
        self.text(id).parse().unwrap_or_else(|_| "::serde_json::Value".parse().unwrap_or_default())
    }

    /// `text`, boxed when the member holds it boxed; `Option<T>` is boxed inside (`Option<Box<T>>`).
    pub fn member_text(&self, id: TypeId, holding: Holding) -> String {
        let (option, boxing) = (self.std(Std::Option), self.std(Std::Box));
        if holding == Holding::Direct {
            return self.text(id);
        }
        if let TypeKind::Nullable(inner) = &self.ir.get(id).kind {
            if !self.ir.get(id).is_named() {
                return format!("{option}<{boxing}<{}>>", self.text(*inner));
            }
        }
        format!("{boxing}<{}>", self.text(id))
    }

    fn write_text(&self, id: TypeId, out: &mut String) {
        let ty = self.ir.get(id);
        if ty.is_named() {
            out.push_str(&self.models);
            out.push_str(self.names.ty(id));
            return;
        }
        let generic = |out: &mut String, outer: Std, inner: TypeId| {
            out.push_str(self.std(outer));
            out.push('<');
            self.write_text(inner, out);
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
                out.push_str(&self.runtime);
                out.push_str("EmptyString");
            }
            TypeKind::String(_) => out.push_str(self.std(Std::String)),
            TypeKind::Array(item) => generic(out, Std::Vec, *item),
            TypeKind::Map(value) => {
                out.push_str("::std::collections::BTreeMap<");
                out.push_str(self.std(Std::String));
                out.push_str(", ");
                self.write_text(*value, out);
                out.push('>');
            }
            TypeKind::Nullable(inner) => generic(out, Std::Option, *inner),
            TypeKind::Alias(target) => self.write_text(*target, out),
            // Checked to be a type when it was lowered.
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
        // Every operation type is its stem and a suffix, so an operation called `String` declares `StringParams`,
        // `StringResponse`, `StringError`; and models, which `operations.rs` calls `crate::models::String`, shadow
        // nothing there.
        assert_eq!(names.operations[0].type_names(), ["StringParams", "StringBody", "StringResponse", "StringError"]);
        assert_eq!(TypePrinter::new(&ir, &names, Scope::Models).spelling, Spelling::Absolute);
        assert_eq!(TypePrinter::new(&ir, &names, Scope::Operations).spelling, Spelling::Prelude);
        let text = operations_text(&ir, &names);
        assert!(text.contains("    Text(String),"), "{text}");
        assert!(text.contains("pub q: Option<String>,"), "{text}");
    }

    #[test]
    fn an_operation_type_named_like_the_prelude_takes_its_name() {
        let (ir, mut names) = named(PRELUDE_OPERATIONS);
        names.operations[1].error_type = "Option".to_owned();
        assert_eq!(TypePrinter::new(&ir, &names, Scope::Operations).spelling, Spelling::Absolute);
        let text = operations_text(&ir, &names);
        assert!(text.contains("    Text(::std::string::String),"), "{text}");
        assert!(text.contains("pub q: ::std::option::Option<::std::string::String>,"), "{text}");
        assert!(text.contains("if let ::std::option::Option::Some(body) = body {"), "{text}");
        assert!(!text.contains("<String>") && !text.contains(" Some("), "{text}");
    }

    fn operations_text(ir: &Ir, names: &Names) -> String {
        let mut diagnostics = crate::error::Diagnostics::new("spec.yaml");
        let analysis = crate::analysis::analyse(ir, &mut diagnostics);
        super::super::operations::items(ir, names, &analysis, crate::side_by_side::Threads::One)
            .into_iter()
            .map(|chunk| match chunk {
                super::super::Chunk::Text(text) => text,
                super::super::Chunk::Tokens(tokens) => tokens.to_string(),
            })
            .collect()
    }
}
