//! Models: the IR's named types in, `models.rs` items out (structs, string enums, unions, aliases and
//! their serde, validation and union-fitting impls).

use super::Chunk;
use super::checks::{Checked, describe_rules, rules_chain};
use super::docs::{doc_comment, show_text_flow_controls, trusted_comment};
use super::types::TypePrinter;
use crate::cycles::Boxed;
use crate::error::Diagnostics;
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
    pub checked: &'a Checked,
    /// Structs that are variants of an untagged union, and so need `Fit`.
    pub union_members: BTreeSet<TypeId>,
    /// Members of those structs that tell variants apart by their listed values: an enum-typed member whose
    /// name another variant of the same union also declares.
    pub discriminating: BTreeSet<(TypeId, String)>,
    /// Whether the text this emitter lays out may call `Option`, `String`, `Vec` and `Box` by their prelude names.
    pub prelude: bool,
}

impl<'a> ModelEmitter<'a> {
    pub fn new(ir: &'a Ir, names: &'a Names, boxed: &'a Boxed, checked: &'a Checked) -> Self {
        let printer = TypePrinter { ir, names, models: TokenStream::new(), runtime: quote!(crate::runtime::) };
        let mut emitter = ModelEmitter {
            ir,
            names,
            boxed,
            printer,
            checked,
            union_members: BTreeSet::new(),
            discriminating: BTreeSet::new(),
            prelude: false,
        };
        emitter.prelude = emitter.printer.prelude_is_free();
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
                _ => items.push(self.alias(id, ty)),
            }
        }
        for (twin, name) in self.ir.twins.iter().zip(&self.names.twins) {
            let mut out = String::new();
            doc_comment(&mut out, "", twin.docs.as_deref());
            if twin.docs.is_some() {
                out.push_str("///\n");
            }
            let note = format!(
                "The same schema as [`{}`] under another name in the API description.",
                self.names.ty(twin.target)
            );
            trusted_comment(&mut out, "", &note);
            out.push_str(&format!("pub type {name} = {};\n", self.printer.text(twin.target, self.prelude)));
            items.push(Chunk::Text(out));
        }
        items
    }

    fn alias(&self, id: TypeId, ty: &Type) -> Chunk {
        let target = match &ty.kind {
            TypeKind::Alias(target) => self.printer.text(*target, self.prelude),
            _ => "::serde_json::Value".to_owned(),
        };
        let mut out = String::new();
        doc_comment(&mut out, "", ty.docs.as_deref());
        out.push_str(&format!("pub type {} = {target};\n", self.names.ty(id)));
        Chunk::Text(out)
    }

    fn structure(&self, id: TypeId, ty: &Type, s: &Struct, diagnostics: &mut Diagnostics) -> Vec<Chunk> {
        let name = self.names.ty(id);
        let mut members = String::new();
        let mut arguments = Vec::new();
        // Whether some member is a tag, which starts set (so `Default` cannot be derived).
        let mut tagged = false;
        for (index, field) in s.fields.iter().enumerate() {
            let field_name = self.names.fields.get(&(id, index)).map(String::as_str).unwrap_or("field");
            let wire = Literal::string(&field.wire_name).to_string();
            let (rust_type, kind) = self.member(id, index, field);
            tagged |= kind.starts_with("tag(");
            if kind == "required" || kind == "nullable" {
                arguments.push(format!("{field_name}: {rust_type}"));
            }
            doc_comment(&mut members, "        ", field.docs.as_deref());
            let mut facts: Vec<String> = Vec::new();
            facts.extend(describe_rules(&self.printer, &field.rules, field.ty));
            if let Some(default) = &field.default {
                // JSON text escapes line breaks and control characters; a backtick would end the code span.
                let value = default.to_string().replace('`', "'");
                facts.push(format!("Default when absent: `{value}`"));
            }
            if !facts.is_empty() {
                if field.docs.as_deref().is_some_and(|docs| !docs.trim().is_empty()) {
                    members.push_str("        ///\n");
                }
                trusted_comment(&mut members, "        ", &facts.join("\n\n"));
            }
            if field.deprecated {
                members.push_str("        #[deprecated]\n");
            }
            let rules = rules_chain(&self.printer, &field.rules, field.ty, &field.pointer, diagnostics);
            let check = check_suffix(self.type_is_checked(field.ty), rules);
            members.push_str(&format!("        pub {field_name}: {rust_type} => {wire} {kind}{check},\n"));
        }
        // The map of undeclared members is declared after the struct's braces (see `runtime/object.rs`).
        let mut extra = String::new();
        if let Some(additional) = s.additional {
            let field_name =
                self.names.fields.get(&(id, s.fields.len())).map(String::as_str).unwrap_or("additional_properties");
            let map = format!(
                "::std::collections::BTreeMap<{}, {}>",
                self.string_path(),
                self.printer.text(additional, self.prelude)
            );
            // A type cannot be followed by `check` in a macro pattern, so the map's check follows `=>`.
            let check = if self.type_is_checked(additional) { " => check(valid)" } else { "" };
            extra = format!("    ..{field_name}: {map}{check};\n");
        }
        let starts_absent = arguments.is_empty() && !tagged;
        let mut out = String::from("crate::runtime::object! {\n");
        doc_comment(&mut out, "    ", ty.docs.as_deref());
        let derive_default = if starts_absent { ", Default" } else { "" };
        // `object!` implements `PartialEq` itself.
        out.push_str(&format!("    #[derive(Debug, Clone{derive_default})]\n    pub struct {name} {{\n"));
        out.push_str(&members);
        out.push_str("    }\n");
        out.push_str(&extra);
        if starts_absent {
            // Every field starts absent: `Default` is derived above.
        } else if arguments.is_empty() {
            out.push_str("    impl Default;\n");
        } else {
            // One line: a member added or removed changes this line and no other.
            out.push_str(&format!("    pub fn new({});\n", arguments.join(", ")));
        }
        out.push_str("}\n");
        if self.union_members.contains(&id) {
            // An enum member another variant also declares must hold a listed value for this variant to be
            // recognised: a `status` or `type` enum is often what tells `oneOf` branches apart.
            let recognised: Vec<&str> = s
                .fields
                .iter()
                .enumerate()
                .filter(|(_, field)| self.discriminating.contains(&(id, field.wire_name.clone())))
                .map(|(index, _)| self.names.fields.get(&(id, index)).map(String::as_str).unwrap_or("field"))
                .collect();
            // Inside the macro, so the member names are not listed a second time.
            let position = out.rfind("}\n").unwrap_or(out.len());
            out.insert_str(position, &format!("    fit({});\n", recognised.join(", ")));
        }
        vec![Chunk::Text(out)]
    }

    /// Member `index` of struct `id`: its Rust type and its `object!` kind (`required`, `nullable`, `optional`,
    /// `present` or `tag(Value)`), which tells the macro how to read, write and start it (see `runtime/object.rs`).
    pub fn member(&self, id: TypeId, index: usize, field: &Field) -> (String, String) {
        let option = self.option_path();
        let boxed = self.boxed.contains(&(id, index));
        let base = self.printer.member_text(field.ty, boxed, self.prelude);
        // A schema default says what the server assumes when the member is absent: it is documented, never
        // written on the caller's behalf, so an optional member with a default is as optional as any other.
        let (rust_type, kind) = match (field.required, field.nullable) {
            // The type is itself an `Option` (a nullable component behind an alias): absent reads as `None`.
            (true, false) if !boxed && self.ir.is_option(field.ty) => (base, "nullable"),
            (true, false) => (base, "required"),
            (true, true) => (format!("{option}<{base}>"), "nullable"),
            // The type holds `null` (an `Option` behind an alias, or any JSON value): an explicit `null`
            // is `Some`, not `None`.
            (false, false) if !boxed && (self.ir.is_option(field.ty) || self.ir.is_any(field.ty)) => {
                (format!("{option}<{base}>"), "present")
            }
            (false, false) => (format!("{option}<{base}>"), "optional"),
            (false, true) => (format!("{option}<{option}<{base}>>"), "present"),
        };
        let tag = if kind == "optional" && !boxed { self.tag_value(field) } else { None };
        match tag {
            Some(value) => (rust_type, format!("tag({value})")),
            None => (rust_type, kind.to_owned()),
        }
    }

    fn string_enum(&self, id: TypeId, ty: &Type, e: &StringEnum) -> Vec<Chunk> {
        let name = self.names.ty(id);
        let unknown = self.names.catch_all.get(&id).map(String::as_str).unwrap_or("Unknown");
        let mut out = String::from("crate::runtime::enums::string_enum! {\n");
        doc_comment(&mut out, "    ", ty.docs.as_deref());
        // Exhaustive matching is left to the catch-all's callers: a value the API adds later is a new variant,
        // a minor change.
        out.push_str(&format!("    #[non_exhaustive]\n    pub enum {name} {{\n"));
        for (index, value) in e.values.iter().enumerate() {
            let variant = self.names.variants.get(&(id, index)).map(String::as_str).unwrap_or("Value");
            let wire = &value.wire;
            // The macro documents a value as itself in a code span; text that would end the span or the
            // paragraph gets a doc of its own.
            let doc = if wire.contains('`') || show_text_flow_controls(wire) != *wire {
                let text = show_text_flow_controls(&wire.replace('`', "'").replace(['\n', '\r'], " "));
                format!(" as {}", Literal::string(&format!("`{text}`")))
            } else {
                String::new()
            };
            out.push_str(&format!("        {variant} => {}{doc},\n", Literal::string(wire)));
        }
        out.push_str(&format!("        ..{unknown}\n    }}\n}}\n"));
        vec![Chunk::Text(out)]
    }

    fn union(&self, id: TypeId, ty: &Type, u: &Union) -> Vec<Chunk> {
        let name = self.names.ty(id);
        let other = self.names.catch_all.get(&id).map(String::as_str).unwrap_or("Other");
        let mut out = String::from("crate::runtime::union::untagged_union! {\n");
        doc_comment(&mut out, "    ", ty.docs.as_deref());
        out.push_str(&format!("    #[non_exhaustive]\n    pub enum {name} {{\n"));
        for (index, variant) in u.variants.iter().enumerate() {
            let variant_name = self.names.variants.get(&(id, index)).map(String::as_str).unwrap_or("Variant");
            let member = self.printer.member_text(variant.ty, self.boxed.contains(&(id, index)), self.prelude);
            out.push_str(&format!("        {variant_name}({member}),\n"));
        }
        out.push_str(&format!("        ..{other}\n    }}\n}}\n"));
        vec![Chunk::Text(out)]
    }

    fn tagged(&self, id: TypeId, ty: &Type, t: &Tagged) -> Vec<Chunk> {
        let name = self.names.ty(id);
        let other = self.names.catch_all.get(&id).map(String::as_str).unwrap_or("Other");
        let property = &t.property;
        let mut out = String::from("crate::runtime::union::tagged_union! {\n");
        doc_comment(&mut out, "    ", ty.docs.as_deref());
        out.push_str(&format!("    #[non_exhaustive]\n    pub enum {name} by {} {{\n", Literal::string(property)));
        for (index, variant) in t.variants.iter().enumerate() {
            let variant_name = self.names.variants.get(&(id, index)).map(String::as_str).unwrap_or("Variant");
            let member = self.printer.member_text(variant.ty, self.boxed.contains(&(id, index)), self.prelude);
            let doc = format!(
                "`{}` is {}.",
                property.replace('`', "'"),
                variant
                    .tags
                    .iter()
                    .map(|t| format!("`{}`", t.replace('`', "'").replace(['\n', '\r'], " ")))
                    .collect::<Vec<_>>()
                    .join(" or ")
            );
            trusted_comment(&mut out, "        ", &doc);
            let tags: Vec<String> = variant.tags.iter().map(|t| Literal::string(t).to_string()).collect();
            out.push_str(&format!("        {variant_name}({member}) => [{}],\n", tags.join(", ")));
        }
        out.push_str(&format!("        ..{other}\n    }}\n}}\n"));
        vec![Chunk::Text(out)]
    }

    /// The value of a tag member, as Rust (`SlackType::Slack`): an optional member whose type is a string enum
    /// of one value that is also its default, the way a union's variant states its tag
    /// (`type: {const: slack, default: slack}`). A value built to be sent starts with it set.
    fn tag_value(&self, field: &Field) -> Option<String> {
        if field.required || field.nullable || matches!(self.ir.get(field.ty).kind, TypeKind::Nullable(_)) {
            return None;
        }
        let resolved = self.printer.resolve(field.ty);
        let TypeKind::Enum(e) = &self.ir.get(resolved).kind else { return None };
        let [only] = e.values.as_slice() else { return None };
        if field.default.as_ref().and_then(Value::as_str) != Some(only.wire.as_str()) {
            return None;
        }
        Some(format!("{}::{}", self.names.ty(resolved), self.names.variants.get(&(resolved, 0))?))
    }

    /// How the text this emitter lays out names `String`, `Option`.
    fn string_path(&self) -> &'static str {
        if self.prelude { "String" } else { "::std::string::String" }
    }

    fn option_path(&self) -> &'static str {
        if self.prelude { "Option" } else { "::std::option::Option" }
    }

    fn type_is_checked(&self, id: TypeId) -> bool {
        self.checked.reaches(self.ir, id)
    }
}

/// What follows a member's kind in `object!`: ` check(valid)` when its type has something to validate,
/// ` check(min_length(1))` when it has constraints, ` check(valid.min_items(1))` for both; nothing otherwise.
fn check_suffix(validates: bool, rules: Option<String>) -> String {
    match (validates, rules) {
        (false, None) => String::new(),
        (true, None) => " check(valid)".to_owned(),
        (false, Some(rules)) => format!(" check({rules})"),
        (true, Some(rules)) => format!(" check(valid.{rules})"),
    }
}
