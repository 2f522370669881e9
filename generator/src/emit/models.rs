//! Models: the IR's named types in, `models.rs` items out (structs, string enums, unions, aliases and
//! their serde, validation and union-fitting impls).

use super::Chunk;
use super::checks::{describe_rules, rules_chain};
use super::docs::{doc_comment, has_text_flow_controls, show_text_flow_controls, trusted_comment};
use super::literal::string_literal;
use super::types::{Holding, Scope, Std, TypePrinter};
use crate::analysis::Analysis;
use crate::cycles::Boxed;
use crate::ir::*;
use crate::names::Names;
use crate::runtime::member_kinds as kinds;
use crate::settings::Settings;

#[derive(Debug)]
pub struct ModelEmitter<'a> {
    pub ir: &'a Ir,
    pub names: &'a Names,
    pub boxed: &'a Boxed,
    pub printer: TypePrinter<'a>,
    /// Which types validate, which structs are union variants and which of their members discriminate, which
    /// member holds each inline type, which patterns are checked.
    pub analysis: &'a Analysis,
    /// The generation settings: derives added to types.
    pub settings: &'a Settings,
}

impl<'a> ModelEmitter<'a> {
    pub fn new(ir: &'a Ir, names: &'a Names, boxed: &'a Boxed, analysis: &'a Analysis, settings: &'a Settings) -> Self {
        let printer = TypePrinter::new(ir, names, Scope::Models);
        ModelEmitter { ir, names, boxed, printer, analysis, settings }
    }

    /// Items of `models.rs`, one token stream per item, in IR order.
    pub fn items(&self) -> Vec<Chunk> {
        let mut items = Vec::new();
        for id in self.ir.ids() {
            let ty = self.ir.get(id);
            if !ty.is_named() {
                continue;
            }
            match &ty.kind {
                TypeKind::Struct(s) => items.extend(self.structure(id, ty, s)),
                TypeKind::Enum(e) => items.extend(self.string_enum(id, ty, e)),
                TypeKind::Union(u) => items.extend(self.union(id, ty, u)),
                TypeKind::Tagged(t) => items.extend(self.tagged(id, ty, t)),
                _ => items.push(self.alias(id, ty)),
            }
        }
        items
    }

    fn alias(&self, id: TypeId, ty: &Type) -> Chunk {
        let target = match &ty.kind {
            TypeKind::Alias(target) => self.printer.text(*target),
            _ => "::serde_json::Value".to_owned(),
        };
        let mut out = String::new();
        doc_comment(&mut out, "", ty.docs.as_deref());
        if let Some(twin) = self.ir.twins.iter().find(|twin| twin.id == id) {
            if ty.docs.as_deref().is_some_and(|docs| !docs.trim().is_empty()) {
                out.push_str("///\n");
            }
            // Pointers hold no backtick; `sanitize` would escape one.
            let note = format!(
                "The same schema as [`{}`]: the API description declares it again under this name (`{}`), so the \
                 two names are one Rust type, and a value of either is a value of the other.",
                self.names.ty(twin.target),
                ty.pointer.replace('`', "'")
            );
            trusted_comment(&mut out, "", &note);
        }
        out.push_str(&format!("pub type {} = {target};\n", self.names.ty(id)));
        Chunk::Text(out)
    }

    fn structure(&self, id: TypeId, ty: &Type, s: &Struct) -> Vec<Chunk> {
        let name = self.names.ty(id);
        let mut members = String::new();
        let mut arguments = Vec::new();
        // Whether some member is a tag, which starts set (so `Default` cannot be derived).
        let mut tagged = false;
        for (index, field) in s.fields.iter().enumerate() {
            let field_name = self.names.field(id, index);
            let wire = string_literal(&field.wire_name);
            let (rust_type, kind) = self.member(id, index, field);
            tagged |= kind.starts_with(&format!("{}(", kinds::TAG));
            if kind == kinds::REQUIRED || kind == kinds::NULLABLE {
                arguments.push(format!("{field_name}: {rust_type}"));
            }
            doc_comment(&mut members, "        ", field.docs.as_deref());
            let mut facts: Vec<String> = Vec::new();
            facts.extend(describe_rules(&self.printer, self.analysis, &field.rules, field.ty));
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
            let rules = rules_chain(&self.printer, self.analysis, &field.rules, field.ty);
            let check = check_suffix(self.analysis.validates(field.ty), rules);
            members.push_str(&format!("        pub {field_name}: {rust_type} => {wire} {kind}{check},\n"));
        }
        // The map of undeclared members is declared after the struct's braces (see `runtime/object.rs`).
        let mut extra = String::new();
        if let Some(additional) = s.additional {
            let field_name = self.names.field(id, s.fields.len());
            let map =
                format!("::std::collections::BTreeMap<{}, {}>", self.string_path(), self.printer.text(additional));
            // A type cannot be followed by `check` in a macro pattern, so the map's check follows `=>`.
            let check = if self.analysis.validates(additional) { " => check(valid)" } else { "" };
            extra = format!("    ..{field_name}: {map}{check};\n");
        }
        let starts_absent = arguments.is_empty() && !tagged;
        let mut out = String::from("crate::runtime::object! {\n");
        self.type_doc(&mut out, id, ty);
        let derive_default = if starts_absent { ", Default" } else { "" };
        let added: String = self.added_derives(ty, &[]).iter().map(|derive| format!(", {derive}")).collect();
        // `object!` implements `PartialEq` itself.
        out.push_str(&format!("    #[derive(Debug, Clone{derive_default}{added})]\n    pub struct {name} {{\n"));
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
        if self.analysis.is_union_member(id) {
            // An enum member another variant also declares must hold a listed value for this variant to be
            // recognised: a `status` or `type` enum is often what tells `oneOf` branches apart.
            let recognised: Vec<&str> = s
                .fields
                .iter()
                .enumerate()
                .filter(|&(index, _)| self.analysis.discriminates(id, index))
                .map(|(index, _)| self.names.field(id, index))
                .collect();
            // Inside the macro, so the member names are not listed a second time.
            let position = out.rfind("}\n").unwrap_or(out.len());
            out.insert_str(position, &format!("    fit({});\n", recognised.join(", ")));
        }
        vec![Chunk::Text(out)]
    }

    /// The derives the settings add to `ty`, less those its macro derives already (`built_in`, besides the
    /// ones every type has, which the settings refuse).
    fn added_derives(&self, ty: &Type, built_in: &[&str]) -> Vec<&'a str> {
        let last = |derive: &str| derive.rsplit("::").next().unwrap_or(derive).trim().to_owned();
        self.settings
            .derives_for(&ty.pointer)
            .into_iter()
            .filter(|derive| !built_in.contains(&last(derive).as_str()))
            .collect()
    }

    /// `#[derive(…)]` for the derives the settings add to `ty`, as a line of a macro's input; empty when none.
    fn derive_attribute(&self, ty: &Type, built_in: &[&str]) -> String {
        let added = self.added_derives(ty, built_in);
        if added.is_empty() { String::new() } else { format!("    #[derive({})]\n", added.join(", ")) }
    }

    /// Member `index` of struct `id`: its Rust type and its `object!` kind (`required`, `nullable`, `optional`,
    /// `present` or `tag(Value)`), which tells the macro how to read, write and start it (see `runtime/object.rs`).
    pub fn member(&self, id: TypeId, index: usize, field: &Field) -> (String, String) {
        let option = self.option_path();
        let holding = Holding::of(self.boxed, id, index);
        let boxed = holding == Holding::Boxed;
        let base = self.printer.member_text(field.ty, holding);
        // A schema default says what the server assumes when the member is absent: it is documented, never
        // written on the caller's behalf, so an optional member with a default is as optional as any other.
        let (rust_type, kind) = match (field.required, field.nullable) {
            // The type is itself an `Option` (a nullable component behind an alias): absent reads as `None`.
            (true, false) if !boxed && self.ir.is_option(field.ty) => (base, kinds::NULLABLE),
            (true, false) => (base, kinds::REQUIRED),
            (true, true) => (format!("{option}<{base}>"), kinds::NULLABLE),
            // The type holds `null` (an `Option` behind an alias, or any JSON value): an explicit `null`
            // is `Some`, not `None`.
            (false, false) if !boxed && (self.ir.is_option(field.ty) || self.ir.is_any(field.ty)) => {
                (format!("{option}<{base}>"), kinds::PRESENT)
            }
            (false, false) => (format!("{option}<{base}>"), kinds::OPTIONAL),
            (false, true) => (format!("{option}<{option}<{base}>>"), kinds::PRESENT),
        };
        let tag = if kind == kinds::OPTIONAL && !boxed { self.tag_value(id, index) } else { None };
        match tag {
            Some(value) => (rust_type, format!("{}({value})", kinds::TAG)),
            None => (rust_type, kind.to_owned()),
        }
    }

    fn string_enum(&self, id: TypeId, ty: &Type, e: &StringEnum) -> Vec<Chunk> {
        let name = self.names.ty(id);
        let unknown = self.names.catch_all(id);
        let mut out = String::from("crate::runtime::enums::string_enum! {\n");
        self.type_doc(&mut out, id, ty);
        // The macro derives these already.
        out.push_str(&self.derive_attribute(ty, &["Eq", "Hash", "PartialOrd", "Ord"]));
        // Exhaustive matching is left to the catch-all's callers: a value the API adds later is a new variant,
        // a minor change.
        out.push_str(&format!("    #[non_exhaustive]\n    pub enum {name} {{\n"));
        for (index, value) in e.values.iter().enumerate() {
            let variant = self.names.variant(id, index);
            let wire = &value.wire;
            // The macro documents a value as itself in a code span; text that would end the span or the
            // paragraph gets a doc of its own.
            let doc = if wire.contains('`') || has_text_flow_controls(wire) {
                let text = show_text_flow_controls(&wire.replace('`', "'").replace(['\n', '\r'], " "));
                format!(" as {}", string_literal(&format!("`{text}`")))
            } else {
                String::new()
            };
            out.push_str(&format!("        {variant} => {}{doc},\n", string_literal(wire)));
        }
        out.push_str(&format!("        ..{unknown}\n    }}\n}}\n"));
        vec![Chunk::Text(out)]
    }

    fn union(&self, id: TypeId, ty: &Type, u: &Union) -> Vec<Chunk> {
        let name = self.names.ty(id);
        let other = self.names.catch_all(id);
        let mut out = String::from("crate::runtime::union::untagged_union! {\n");
        self.type_doc(&mut out, id, ty);
        out.push_str(&self.derive_attribute(ty, &[]));
        out.push_str(&format!("    #[non_exhaustive]\n    pub enum {name} {{\n"));
        for (index, variant) in u.variants.iter().enumerate() {
            let variant_name = self.names.variant(id, index);
            let member = self.printer.member_text(variant.ty, Holding::of(self.boxed, id, index));
            out.push_str(&format!("        {variant_name}({member}),\n"));
        }
        out.push_str(&format!("        ..{other}\n    }}\n}}\n"));
        vec![Chunk::Text(out)]
    }

    fn tagged(&self, id: TypeId, ty: &Type, t: &Tagged) -> Vec<Chunk> {
        let name = self.names.ty(id);
        let other = self.names.catch_all(id);
        let property = &t.property;
        let mut out = String::from("crate::runtime::union::tagged_union! {\n");
        self.type_doc(&mut out, id, ty);
        out.push_str(&self.derive_attribute(ty, &[]));
        out.push_str(&format!("    #[non_exhaustive]\n    pub enum {name} by {} {{\n", string_literal(property)));
        for (index, variant) in t.variants.iter().enumerate() {
            let variant_name = self.names.variant(id, index);
            let member = self.printer.member_text(variant.ty, Holding::of(self.boxed, id, index));
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
            let tags: Vec<String> = variant.tags.iter().map(|t| string_literal(t)).collect();
            out.push_str(&format!("        {variant_name}({member}) => [{}],\n", tags.join(", ")));
        }
        out.push_str(&format!("        ..{other}\n    }}\n}}\n"));
        vec![Chunk::Text(out)]
    }

    /// The doc of a struct, enum or union: the schema's description; without one, what the type is (a union's
    /// variants) and, for an inline type, which member it is the type of (whose doc the description went to).
    fn type_doc(&self, out: &mut String, id: TypeId, ty: &Type) {
        if ty.docs.as_deref().is_some_and(|docs| !docs.trim().is_empty()) {
            doc_comment(out, "    ", ty.docs.as_deref());
            return;
        }
        let mut paragraphs = Vec::new();
        match &ty.kind {
            TypeKind::Union(u) => {
                let catch_all = self.names.catch_all(id);
                let variants: Vec<String> = u.variants.iter().map(|v| self.variant_reference(v.ty)).collect();
                paragraphs.push(format!("One of: {}. Any other value is kept as `{catch_all}`.", variants.join(", ")));
            }
            TypeKind::Tagged(t) => {
                let catch_all = self.names.catch_all(id);
                let variants: Vec<String> = t.variants.iter().map(|v| self.variant_reference(v.ty)).collect();
                paragraphs.push(format!(
                    "One of: {}, told apart by their `{}` member. Any other value is kept as `{catch_all}`.",
                    variants.join(", "),
                    t.property.replace('`', "'").replace(['\n', '\r'], " ")
                ));
            }
            _ => {}
        }
        if let Some((holder, index)) = self.analysis.holder(id) {
            let field = self.names.field(holder, index);
            paragraphs.push(format!(
                "The type of the `{}` member of [`{}`].",
                field.trim_start_matches("r#"),
                self.names.ty(holder)
            ));
        }
        trusted_comment(out, "    ", &paragraphs.join("\n\n"));
    }

    /// A union variant's type in a doc: a link to a named type, a code span for any other.
    fn variant_reference(&self, id: TypeId) -> String {
        let text = self.printer.text(id);
        if self.ir.get(id).is_named() {
            format!("[`{text}`]")
        } else {
            // Read as written in a `use`: `chrono::DateTime<chrono::Utc>`, not `::chrono::DateTime<::chrono::Utc>`.
            format!("`{}`", text.trim_start_matches("::").replace("<::", "<").replace(", ::", ", "))
        }
    }

    /// The value of member `index` of struct `id` when it is a tag (see [`Analysis::tag`]), as Rust
    /// (`SlackType::Slack`).
    fn tag_value(&self, id: TypeId, index: usize) -> Option<String> {
        let tag = self.analysis.tag(id, index)?;
        Some(format!("{}::{}", self.names.ty(tag), self.names.variant(tag, 0)))
    }

    /// How the text this emitter lays out names `String`, `Option`.
    fn string_path(&self) -> &'static str {
        self.printer.std(Std::String)
    }

    fn option_path(&self) -> &'static str {
        self.printer.std(Std::Option)
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
