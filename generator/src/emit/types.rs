//! Type expressions: an IR type id in, the Rust type that spells it out (absolute paths only).

use crate::ir::*;
use crate::names::Names;
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
            TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Tagged(_) => {
                quote!(::serde_json::Value)
            }
        }
    }

    /// The type, boxed when `boxed`; `Option<T>` is boxed inside (`Option<Box<T>>`).
    pub fn member(&self, id: TypeId, boxed: bool) -> TokenStream {
        if !boxed {
            return self.ty(id);
        }
        if let TypeKind::Nullable(inner) = &self.ir.get(id).kind {
            if !self.ir.get(id).is_named() {
                let inner = self.ty(*inner);
                return quote!(::std::option::Option<::std::boxed::Box<#inner>>);
            }
        }
        let ty = self.ty(id);
        quote!(::std::boxed::Box<#ty>)
    }

    /// The type behind aliases and `Option`s.
    pub fn resolve(&self, id: TypeId) -> TypeId {
        self.ir.resolve(id)
    }
}
