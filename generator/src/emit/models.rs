//! Models: the IR's named types in, `models.rs` items out (structs, string enums, unions, aliases and
//! their serde, validation and union-fitting impls).

use super::Chunk;
use super::docs::{doc_attrs, doc_paragraphs, trusted_doc};
use super::types::{TypePrinter, ident};
use crate::cycles::Boxed;
use crate::error::{Diagnostics, WarningKind};
use crate::ir::*;
use crate::names::Names;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;
use std::collections::BTreeSet;

#[derive(Debug)]
pub struct ModelEmitter<'a> {
    pub ir: &'a Ir,
    pub names: &'a Names,
    pub boxed: &'a Boxed,
    pub printer: TypePrinter<'a>,
    /// Named types whose `validate` has something to check.
    pub checked: BTreeSet<TypeId>,
    /// Structs that are variants of an untagged union, and so need `Fit`.
    pub union_members: BTreeSet<TypeId>,
    /// Members of those structs that tell variants apart by their listed values: an enum-typed member whose
    /// name another variant of the same union also declares.
    pub discriminating: BTreeSet<(TypeId, String)>,
}

impl<'a> ModelEmitter<'a> {
    pub fn new(ir: &'a Ir, names: &'a Names, boxed: &'a Boxed) -> Self {
        let printer = TypePrinter { ir, names, models: TokenStream::new(), runtime: quote!(crate::runtime::) };
        let mut emitter = ModelEmitter {
            ir,
            names,
            boxed,
            printer,
            checked: BTreeSet::new(),
            union_members: BTreeSet::new(),
            discriminating: BTreeSet::new(),
        };
        emitter.checked = emitter.find_checked();
        emitter.union_members = ir
            .types
            .iter()
            .filter_map(|ty| match &ty.kind {
                TypeKind::Union(u) => Some(u.variants.iter().map(|v| emitter.printer.resolve(v.ty))),
                _ => None,
            })
            .flatten()
            .collect();
        emitter.discriminating = emitter.find_discriminating();
        emitter
    }

    /// See [`ModelEmitter::discriminating`].
    fn find_discriminating(&self) -> BTreeSet<(TypeId, String)> {
        let mut found = BTreeSet::new();
        for ty in &self.ir.types {
            let TypeKind::Union(u) = &ty.kind else { continue };
            let structs: Vec<(TypeId, &Struct)> = u
                .variants
                .iter()
                .map(|v| self.printer.resolve(v.ty))
                .filter_map(|id| match &self.ir.get(id).kind {
                    TypeKind::Struct(s) => Some((id, s)),
                    _ => None,
                })
                .collect();
            for (id, s) in &structs {
                for field in &s.fields {
                    let is_enum = matches!(self.ir.get(self.printer.resolve(field.ty)).kind, TypeKind::Enum(_));
                    let shared = structs.iter().any(|(other, other_struct)| {
                        other != id && other_struct.fields.iter().any(|f| f.wire_name == field.wire_name)
                    });
                    if is_enum && shared {
                        found.insert((*id, field.wire_name.clone()));
                    }
                }
            }
        }
        found
    }

    /// Items of `models.rs`, one token stream per item, in IR order.
    pub fn items(&self, diagnostics: &mut Diagnostics) -> Vec<Chunk> {
        let mut items = Vec::new();
        for id in self.ir.ids() {
            let ty = self.ir.get(id);
            if !ty.is_named() {
                continue;
            }
            match &ty.kind {
                TypeKind::Struct(s) => items.extend(self.structure(id, ty, s, diagnostics)),
                TypeKind::Enum(e) => items.extend(self.string_enum(id, ty, e)),
                TypeKind::Union(u) => items.extend(self.union(id, ty, u)),
                TypeKind::Tagged(t) => items.extend(self.tagged(id, ty, t)),
                _ => items.push(Chunk::Tokens(self.alias(id, ty))),
            }
        }
        for (twin, name) in self.ir.twins.iter().zip(&self.names.twins) {
            let name = ident(name);
            let target = self.printer.ty(twin.target);
            let note = format!(
                "The same schema as [`{}`] under another name in the API description.",
                self.names.ty(twin.target)
            );
            let docs = doc_attrs(twin.docs.as_deref());
            let note = trusted_doc(&note);
            let separator = if twin.docs.is_some() { quote!(#[doc = ""]) } else { TokenStream::new() };
            items.push(Chunk::Tokens(quote! {
                #docs
                #separator
                #note
                pub type #name = #target;
            }));
        }
        items
    }

    fn alias(&self, id: TypeId, ty: &Type) -> TokenStream {
        let name = ident(self.names.ty(id));
        let target = match &ty.kind {
            TypeKind::Alias(target) => self.printer.ty(*target),
            TypeKind::Pending => quote!(::serde_json::Value),
            _ => quote!(::serde_json::Value),
        };
        let docs = doc_attrs(ty.docs.as_deref());
        quote! {
            #docs
            pub type #name = #target;
        }
    }

    fn structure(&self, id: TypeId, ty: &Type, s: &Struct, diagnostics: &mut Diagnostics) -> Vec<Chunk> {
        let name = ident(self.names.ty(id));
        let docs = doc_attrs(ty.docs.as_deref());
        let mut fields = Vec::new();
        let mut default_fns = Vec::new();
        let mut checks = Vec::new();
        let mut wire_names = Vec::new();
        let mut arguments = Vec::new();
        let mut initializers = Vec::new();
        for (index, field) in s.fields.iter().enumerate() {
            let field_name = self.names.fields.get(&(id, index)).map(String::as_str).unwrap_or("field");
            let field_ident = ident(field_name);
            let boxed = self.boxed.contains(&(id, index));
            let base = self.printer.member(field.ty, boxed);
            let wire = &field.wire_name;
            wire_names.push(wire.clone());
            // One short `#[serde]` attribute per concern keeps each on one line.
            let rename = if field_name.trim_start_matches("r#") != wire {
                quote!(#[serde(rename = #wire)])
            } else {
                TokenStream::new()
            };
            let default_expr =
                field.default.as_ref().and_then(|d| if boxed { None } else { self.default_expr(field.ty, d) });
            // A default equal to the type's own `Default` (false, 0, "", [], {}) needs no function.
            let zero_default = !boxed && field.default.as_ref().is_some_and(|d| self.is_zero_default(field.ty, d));
            let default_expr = if zero_default { None } else { default_expr };
            let default_fn = default_expr.as_ref().zip(self.names.defaults.get(&(id, index)));
            let skip_absent = quote!(#[serde(skip_serializing_if = "::std::option::Option::is_none")]);
            let (rust_type, serde_attr) = match (field.required, field.nullable, default_fn) {
                (_, false, None) if zero_default => (base, quote!(#rename #[serde(default)])),
                (_, false, Some((expr, fn_name))) => {
                    let fn_ident = ident(fn_name);
                    default_fns.push(quote! {
                        fn #fn_ident() -> #base {
                            #expr
                        }
                    });
                    (base, quote!(#rename #[serde(default = #fn_name)]))
                }
                (true, false, _) => (base, rename),
                // A missing `Option` field decodes as `None` without `#[serde(default)]`.
                (true, true, _) => (quote!(::std::option::Option<#base>), rename),
                // The type is itself an `Option` (a nullable component behind an alias): `null` must stay `Some(None)`.
                (false, false, _) if !boxed && self.ir.is_option(field.ty) => (
                    quote!(::std::option::Option<#base>),
                    quote!(#rename #[serde(default, deserialize_with = "crate::runtime::nullable")] #skip_absent),
                ),
                // Any JSON value includes `null`: an explicit `null` is `Some(Value::Null)`, not `None`.
                (false, false, _) if !boxed && self.ir.is_any(field.ty) => (
                    quote!(::std::option::Option<#base>),
                    quote!(#rename #[serde(default, deserialize_with = "crate::runtime::present")] #skip_absent),
                ),
                (false, false, _) => (quote!(::std::option::Option<#base>), quote!(#rename #skip_absent)),
                (false, true, _) => (
                    quote!(::std::option::Option<::std::option::Option<#base>>),
                    quote!(#rename #[serde(default, deserialize_with = "crate::runtime::nullable")] #skip_absent),
                ),
            };
            let default_used = (default_fn.is_some() || zero_default) && !field.nullable;
            match (field.required, default_fn.filter(|_| !field.nullable)) {
                (_, None) if zero_default && !field.nullable => {
                    initializers.push(quote!(#field_ident: ::std::default::Default::default(),));
                }
                (_, Some((_, fn_name))) => {
                    let fn_ident = ident(fn_name);
                    initializers.push(quote!(#field_ident: #fn_ident(),));
                }
                (true, None) => {
                    arguments.push(quote!(#field_ident: #rust_type));
                    initializers.push(quote!(#field_ident,));
                }
                (false, None) => initializers.push(quote!(#field_ident: ::std::option::Option::None,)),
            }
            let mut notes: Vec<Option<String>> = vec![field.docs.clone()];
            if let Some(default) = &field.default {
                if !default_used {
                    notes.push(Some(format!("Default: `{}`", default.to_string().replace('`', "'"))));
                }
            }
            let field_docs = doc_paragraphs(&notes);
            let deprecated = if field.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
            fields.push(quote! {
                #field_docs
                #deprecated
                #serde_attr
                pub #field_ident: #rust_type,
            });
            if self.type_is_checked(field.ty) {
                checks.push(quote!(v.field(#wire, &self.#field_ident);));
            }
            let rules = self.rules(&field.rules, field.ty, &field.pointer, diagnostics);
            if let Some(rules) = rules {
                checks.push(quote!(v.rules(#wire, &self.#field_ident, &#rules);));
            }
        }
        let open = s.additional.is_some();
        if let Some(additional) = s.additional {
            let field_name =
                self.names.fields.get(&(id, s.fields.len())).map(String::as_str).unwrap_or("additional_properties");
            let field_ident = ident(field_name);
            let value = self.printer.ty(additional);
            initializers.push(quote!(#field_ident: ::std::collections::BTreeMap::new(),));
            fields.push(quote! {
                /// Members not declared above, kept as sent.
                #[serde(flatten)]
                pub #field_ident: ::std::collections::BTreeMap<::std::string::String, #value>,
            });
            if self.type_is_checked(additional) {
                checks.push(quote!(v.field("", &self.#field_ident);));
            }
        }
        let any_deprecated = s.fields.iter().any(|f| f.deprecated);
        let allow = if any_deprecated { quote!(#[allow(deprecated)]) } else { TokenStream::new() };
        let validate_body = if checks.is_empty() {
            TokenStream::new()
        } else {
            quote! {
                fn validate_into(&self, v: &mut crate::runtime::Validator) {
                    #(#checks)*
                }
            }
        };
        let uses_default_fns = !default_fns.is_empty();
        let derive_default =
            if arguments.is_empty() && !uses_default_fns { quote!(Default,) } else { TokenStream::new() };
        let mut chunks = vec![Chunk::Tokens(quote! {
            #docs
            #[derive(Debug, Clone, #derive_default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            pub struct #name {
                #(#fields)*
            }
        })];
        chunks.extend(default_fns.into_iter().map(Chunk::Tokens));
        if arguments.is_empty() && !uses_default_fns {
            // Every field starts absent: `Default` is derived above.
        } else if arguments.len() == initializers.len() {
            // Every field is required: a struct literal says as much as a constructor would.
        } else if arguments.is_empty() {
            chunks.push(Chunk::Tokens(quote! {
                #allow
                impl ::std::default::Default for #name {
                    fn default() -> Self {
                        Self { #(#initializers)* }
                    }
                }
            }));
        } else {
            chunks.push(Chunk::Tokens(quote! {
                #allow
                impl #name {
                    /// A value with the required fields given and every other field absent or at its default.
                    pub fn new(#(#arguments),*) -> Self {
                        Self { #(#initializers)* }
                    }
                }
            }));
        }
        chunks.push(Chunk::Tokens(quote! {
            #allow
            impl crate::runtime::Validate for #name {
                #validate_body
            }
        }));
        if self.union_members.contains(&id) {
            // An enum member another variant also declares must hold a listed value for this variant to be
            // recognised: a `status` or `type` enum is often what tells `oneOf` branches apart.
            let enum_members: Vec<TokenStream> = s
                .fields
                .iter()
                .enumerate()
                .filter(|(_, field)| self.discriminating.contains(&(id, field.wire_name.clone())))
                .map(|(index, _)| {
                    let field_ident = ident(self.names.fields.get(&(id, index)).map(String::as_str).unwrap_or("field"));
                    quote!(crate::runtime::Fit::is_recognised(&self.#field_ident))
                })
                .collect();
            let recognised = if enum_members.is_empty() {
                TokenStream::new()
            } else {
                quote! {
                    fn is_recognised(&self) -> bool {
                        #(#enum_members)&&*
                    }
                }
            };
            chunks.push(Chunk::Tokens(quote! {
                impl crate::runtime::Fit for #name {
                    fn fit(value: &crate::runtime::Buffered<'_>) -> ::std::option::Option<usize> {
                        crate::runtime::object_fit(value, &[#(#wire_names),*], #open)
                    }
                    #recognised
                }
            }));
        }
        chunks
    }

    fn string_enum(&self, id: TypeId, ty: &Type, e: &StringEnum) -> Vec<Chunk> {
        let name_text = self.names.ty(id);
        let name = ident(name_text);
        let docs = doc_attrs(ty.docs.as_deref());
        let unknown_text = self.names.catch_all.get(&id).map(String::as_str).unwrap_or("Unknown");
        let unknown = ident(unknown_text);
        let mut variants = Vec::new();
        let mut pairs = Vec::new();
        for (index, value) in e.values.iter().enumerate() {
            let variant_text = self.names.variants.get(&(id, index)).map(String::as_str).unwrap_or("Value");
            let variant = ident(variant_text);
            let wire = &value.wire;
            let doc = trusted_doc(&format!("`{}`", wire.replace('`', "'").replace(['\n', '\r'], " ")));
            variants.push(quote!(#doc #variant,));
            pairs.push(format!("{variant_text} => {}", Literal::string(wire)));
        }
        vec![
            Chunk::Tokens(quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                pub enum #name {
                    #(#variants)*
                    /// A value this version of the API description does not list, kept as received.
                    #unknown(::std::string::String),
                }
            }),
            Chunk::Text(macro_call(
                "crate::runtime::enums::string_enum",
                &format!("{name_text}, {unknown_text}"),
                "{",
                &pairs,
                "}",
            )),
        ]
    }

    fn union(&self, id: TypeId, ty: &Type, u: &Union) -> Vec<Chunk> {
        let name_text = self.names.ty(id);
        let name = ident(name_text);
        let docs = doc_attrs(ty.docs.as_deref());
        let other_text = self.names.catch_all.get(&id).map(String::as_str).unwrap_or("Other");
        let other = ident(other_text);
        let mut variants = Vec::new();
        let mut listed = Vec::new();
        for (index, variant) in u.variants.iter().enumerate() {
            let variant_text = self.names.variants.get(&(id, index)).map(String::as_str).unwrap_or("Variant");
            let variant_ident = ident(variant_text);
            let member = self.printer.member(variant.ty, self.boxed.contains(&(id, index)));
            variants.push(quote!(#variant_ident(#member),));
            listed.push(variant_text.to_owned());
        }
        vec![
            Chunk::Tokens(quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                    /// JSON that matched none of the listed shapes, kept as received.
                    #other(::serde_json::Value),
                }
            }),
            Chunk::Text(macro_call(
                "crate::runtime::union::untagged_union",
                &format!("{name_text}, {other_text}"),
                "[",
                &listed,
                "]",
            )),
        ]
    }

    fn tagged(&self, id: TypeId, ty: &Type, t: &Tagged) -> Vec<Chunk> {
        let name_text = self.names.ty(id);
        let name = ident(name_text);
        let docs = doc_attrs(ty.docs.as_deref());
        let other_text = self.names.catch_all.get(&id).map(String::as_str).unwrap_or("Other");
        let other = ident(other_text);
        let property = &t.property;
        let mut variants = Vec::new();
        let mut listed = Vec::new();
        for (index, variant) in t.variants.iter().enumerate() {
            let variant_text = self.names.variants.get(&(id, index)).map(String::as_str).unwrap_or("Variant");
            let variant_ident = ident(variant_text);
            let member = self.printer.member(variant.ty, self.boxed.contains(&(id, index)));
            let doc = trusted_doc(&format!(
                "`{}` is {}.",
                property.replace('`', "'"),
                variant
                    .tags
                    .iter()
                    .map(|t| format!("`{}`", t.replace('`', "'").replace(['\n', '\r'], " ")))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ));
            variants.push(quote!(#doc #variant_ident(#member),));
            let tags: Vec<String> = variant.tags.iter().map(|t| Literal::string(t).to_string()).collect();
            listed.push(format!("{variant_text} => [{}]", tags.join(", ")));
        }
        vec![
            Chunk::Tokens(quote! {
                #docs
                #[derive(Debug, Clone, PartialEq)]
                pub enum #name {
                    #(#variants)*
                    /// An object whose tag this version of the API description does not list, kept as received.
                    #other(::serde_json::Value),
                }
            }),
            Chunk::Text(macro_call(
                "crate::runtime::union::tagged_union",
                &format!("{name_text}, {other_text}, {}", Literal::string(property)),
                "[",
                &listed,
                "]",
            )),
        ]
    }

    fn is_zero_default(&self, id: TypeId, default: &Value) -> bool {
        if matches!(self.ir.get(id).kind, TypeKind::Nullable(_)) {
            return false;
        }
        match (&self.ir.get(self.printer.resolve(id)).kind, default) {
            (TypeKind::Bool, Value::Bool(b)) => !b,
            (TypeKind::Integer(_), Value::Number(n)) => n.as_i64() == Some(0) || n.as_u64() == Some(0),
            (TypeKind::Number(_), Value::Number(n)) => n.as_f64() == Some(0.0),
            (TypeKind::String(StringKind::Plain), Value::String(s)) => s.is_empty(),
            (TypeKind::Array(_), Value::Array(items)) => items.is_empty(),
            (TypeKind::Map(_), Value::Object(members)) => members.is_empty(),
            _ => false,
        }
    }

    /// The Rust expression for a JSON default of a type, when it can be written.
    fn default_expr(&self, id: TypeId, default: &Value) -> Option<TokenStream> {
        let resolved = self.printer.resolve(id);
        let ty = self.ir.get(resolved);
        match (&ty.kind, default) {
            (TypeKind::Bool, Value::Bool(b)) => Some(quote!(#b)),
            (TypeKind::Integer(kind), Value::Number(n)) => {
                let literal = match kind {
                    IntegerKind::I32 => Literal::i32_unsuffixed(i32::try_from(n.as_i64()?).ok()?),
                    IntegerKind::I64 => Literal::i64_unsuffixed(n.as_i64()?),
                    IntegerKind::U32 => Literal::u32_unsuffixed(u32::try_from(n.as_u64()?).ok()?),
                    IntegerKind::U64 => Literal::u64_unsuffixed(n.as_u64()?),
                };
                Some(quote!(#literal))
            }
            (TypeKind::Number(kind), Value::Number(n)) => {
                let value = n.as_f64()?;
                if !value.is_finite() {
                    return None;
                }
                let literal = match kind {
                    NumberKind::F32 => Literal::f32_unsuffixed(value as f32),
                    NumberKind::F64 => Literal::f64_unsuffixed(value),
                };
                Some(quote!(#literal))
            }
            (TypeKind::String(StringKind::Plain), Value::String(s)) => Some(quote!(::std::string::String::from(#s))),
            (TypeKind::Enum(e), Value::String(s)) => {
                let index = e.values.iter().position(|v| &v.wire == s)?;
                let name = ident(self.names.ty(resolved));
                let variant = ident(self.names.variants.get(&(resolved, index))?);
                let direct = self.printer.ty(id);
                let _ = direct;
                Some(quote!(#name::#variant))
            }
            (TypeKind::Array(_), Value::Array(items)) if items.is_empty() => Some(quote!(::std::vec::Vec::new())),
            (TypeKind::Map(_), Value::Object(members)) if members.is_empty() => {
                Some(quote!(::std::collections::BTreeMap::new()))
            }
            _ => None,
        }
        .filter(|_| !matches!(self.ir.get(id).kind, TypeKind::Nullable(_)))
    }

    /// The `Rules` constant for a field's constraints, or `None` when it has none that apply.
    fn rules(&self, rules: &Rules, ty: TypeId, pointer: &str, diagnostics: &mut Diagnostics) -> Option<TokenStream> {
        if rules.is_empty() {
            return None;
        }
        let resolved = self.printer.resolve(ty);
        let kind = &self.ir.get(resolved).kind;
        let is_string = matches!(kind, TypeKind::String(StringKind::Plain));
        let is_number = matches!(kind, TypeKind::Integer(_) | TypeKind::Number(_));
        let is_array = matches!(kind, TypeKind::Array(_));
        let mut parts: Vec<TokenStream> = Vec::new();
        let usize_lit = |n: u64| Literal::usize_unsuffixed(usize::try_from(n).unwrap_or(usize::MAX));
        if is_string {
            if let Some(n) = rules.min_length {
                let n = usize_lit(n);
                parts.push(quote!(.min_length(#n)));
            }
            if let Some(n) = rules.max_length {
                let n = usize_lit(n);
                parts.push(quote!(.max_length(#n)));
            }
            if let Some(pattern) = &rules.pattern {
                match regex_lite::Regex::new(pattern) {
                    Ok(_) => parts.push(quote!(.pattern(#pattern))),
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
                let n = usize_lit(n);
                parts.push(quote!(.min_items(#n)));
            }
            if let Some(n) = rules.max_items {
                let n = usize_lit(n);
                parts.push(quote!(.max_items(#n)));
            }
        }
        if is_number {
            let bounds = [
                (rules.minimum, quote!(minimum)),
                (rules.maximum, quote!(maximum)),
                (rules.exclusive_minimum, quote!(exclusive_minimum)),
                (rules.exclusive_maximum, quote!(exclusive_maximum)),
                (rules.multiple_of, quote!(multiple_of)),
            ];
            for (value, method) in bounds {
                if let Some(value) = value.filter(|v| v.is_finite()) {
                    let literal = Literal::f64_unsuffixed(value);
                    parts.push(quote!(.#method(#literal)));
                }
            }
        }
        if parts.is_empty() {
            return None;
        }
        Some(quote!(crate::runtime::Rules::NONE #(#parts)*))
    }

    fn type_is_checked(&self, id: TypeId) -> bool {
        reaches_checked(self.ir, &self.checked, id, 0)
    }

    /// Named types with something to validate: enums and unions always (their catch-alls), structs when
    /// a field has constraints or holds such a type. Computed to a fixed point for recursive types.
    fn find_checked(&self) -> BTreeSet<TypeId> {
        let mut checked: BTreeSet<TypeId> = self
            .ir
            .ids()
            .filter(|id| matches!(self.ir.get(*id).kind, TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Tagged(_)))
            .filter(|id| self.ir.get(*id).is_named())
            .collect();
        for id in self.ir.ids() {
            if let TypeKind::Struct(s) = &self.ir.get(id).kind {
                if s.fields.iter().any(|f| !f.rules.is_empty()) {
                    checked.insert(id);
                }
            }
        }
        loop {
            let before = checked.len();
            for id in self.ir.ids() {
                if let TypeKind::Struct(s) = &self.ir.get(id).kind {
                    let holds = s.fields.iter().any(|f| reaches_checked(self.ir, &checked, f.ty, 0))
                        || s.additional.is_some_and(|a| reaches_checked(self.ir, &checked, a, 0));
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
}

/// Whether a type is, or holds without a named type in between, a named type with something to check.
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

/// A macro invocation laid out one entry per line, so that adding an entry is a one-line diff.
fn macro_call(path: &str, head: &str, open: &str, entries: &[String], close: &str) -> String {
    let mut out = format!("{path}!({head}, {open}\n");
    for entry in entries {
        out.push_str("    ");
        out.push_str(entry);
        out.push_str(",\n");
    }
    out.push_str(close);
    out.push_str(");\n");
    out
}
