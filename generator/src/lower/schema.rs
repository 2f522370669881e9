//! Lower schemas: normalized JSON Schema in, IR types out. Component schemas get pre-assigned ids so
//! forward and circular references are plain ids.

use super::Lowerer;
use super::composition::{heck_upper, is_structural, narrows};
use super::constraints::rules;
use super::hint::Hint;
use super::keywords::{Keywords, is_true};
use crate::error::WarningKind;
use crate::ir::*;
use crate::pointer;
use serde_json::{Map, Value};
use std::borrow::Cow;

const SCHEMA_PREFIX: &str = "#/components/schemas/";
/// Schemas nested deeper than this while lowering are typed as any JSON value. Normalization bounds
/// the nesting inside one schema; this bounds chains of local `$ref`s outside `#/components/schemas`
/// (`#/x-a/0` → `#/x-a/1` → …), which are lowered recursively and would otherwise overflow the stack.
pub const MAX_LOWER_DEPTH: usize = 128;

/// The vendor extension that names a Rust type of the user's for a schema (the `types.<name>.rust_type`
/// generation setting writes it): the schema becomes that type, and nothing is generated for it.
pub const RUST_TYPE: &str = "x-rust-type";

impl Lowerer<'_> {
    /// Lowers a schema that may allow `null`, wrapping it in `Nullable` when it does.
    pub fn schema(&mut self, schema: &Value, at: &str, hint: &Hint<'_>) -> TypeId {
        let Some(object) = schema.as_object() else { return self.any() };
        let keywords = Keywords::of(object);
        let base = self.schema_base_of(&keywords, at, hint);
        if keywords.is_nullable() { self.nullable(base) } else { base }
    }

    /// Lowers a schema ignoring its `nullable` flag.
    pub fn schema_base(&mut self, schema: &Value, at: &str, hint: &Hint<'_>) -> TypeId {
        let Some(object) = schema.as_object() else { return self.any() };
        self.schema_base_of(&Keywords::of(object), at, hint)
    }

    /// [`Self::schema_base`] of a schema object read into its keywords.
    pub fn schema_base_of(&mut self, keywords: &Keywords<'_>, at: &str, hint: &Hint<'_>) -> TypeId {
        if self.depth >= MAX_LOWER_DEPTH {
            self.diagnostics.warn(
                WarningKind::Untyped,
                at,
                format!(
                    "schema nested more than {MAX_LOWER_DEPTH} levels deep through references; typed as any JSON value"
                ),
            );
            return self.any();
        }
        self.depth += 1;
        let id = match keywords.reference {
            Some(reference) => self.reference(reference, at),
            None => self.object_schema(keywords, at, hint, None),
        };
        self.depth -= 1;
        id
    }

    /// Lowers a component schema into its pre-assigned slot.
    pub fn component(&mut self, key: &str, schema: &Value, slot: TypeId) {
        let at = pointer::push("#/components/schemas", key);
        let hint = Hint::new(key);
        let Some(object) = schema.as_object() else {
            self.fill(slot, TypeKind::Any, None, &at);
            return;
        };
        let keywords = Keywords::of(object);
        let docs = keywords.description();
        if let Some(reference) = keywords.reference {
            let target = self.reference(reference, &at);
            let target = if keywords.is_nullable() { self.nullable(target) } else { target };
            self.fill(slot, TypeKind::Alias(target), docs, &at);
            return;
        }
        let lowered = self.object_schema(&keywords, &at, &hint, Some(slot));
        if lowered != slot {
            let target = if keywords.is_nullable() { self.nullable(lowered) } else { lowered };
            self.fill(slot, TypeKind::Alias(target), docs, &at);
        } else if keywords.is_nullable() {
            // A nullable named struct/enum: the nullability is applied where it is used.
            self.nullable_components.insert(slot);
        }
        let examples = keywords.examples.and_then(Value::as_array).cloned().unwrap_or_default();
        self.ir.get_mut(slot).examples = examples;
    }

    fn fill(&mut self, slot: TypeId, kind: TypeKind, docs: Option<String>, at: &str) {
        let ty = self.ir.get_mut(slot);
        ty.kind = kind;
        ty.docs = docs;
        at.clone_into(&mut ty.pointer);
    }

    /// Registers a named type: into the component's slot, or as a new inline type with a suggested name.
    pub(super) fn named(
        &mut self,
        slot: Option<TypeId>,
        hint: &Hint<'_>,
        kind: TypeKind,
        docs: Option<String>,
        at: &str,
    ) -> TypeId {
        match slot {
            Some(slot) => {
                self.fill(slot, kind, docs, at);
                slot
            }
            None => self.ir.add(Type {
                kind,
                name: Some(NameHint::Suggested(hint.parts())),
                docs,
                pointer: at.to_owned(),
                examples: Vec::new(),
            }),
        }
    }

    /// Resolves a `$ref` to a type id: component schemas by slot, other local pointers by lowering the target.
    /// `at` is where the schema holding the `$ref` is.
    pub fn reference(&mut self, reference: &Value, at: &str) -> TypeId {
        let reference_at = || format!("{at}/$ref");
        let Some(target) = reference.as_str() else {
            self.diagnostics.warn(
                WarningKind::Untyped,
                &reference_at(),
                "`$ref` is not a string; typed as any JSON value",
            );
            return self.any();
        };
        if let Some(slot) = self.component_slot(target) {
            return slot;
        }
        if !target.starts_with('#') {
            self.diagnostics.warn(
                WarningKind::Untyped,
                &reference_at(),
                format!("reference {target:?} points outside this document; external references are not fetched; typed as any JSON value"),
            );
            return self.any();
        }
        if let Some(&id) = self.ref_cache.get(target) {
            return id;
        }
        let document = self.document;
        let Some(resolved) = pointer::resolve(document, target) else {
            self.diagnostics.warn(
                WarningKind::Untyped,
                &reference_at(),
                format!("reference {target:?} does not resolve; typed as any JSON value"),
            );
            return self.any();
        };
        // Guard against alias cycles (`A: {$ref: B}`, `B: {$ref: A}`) outside components.
        let placeholder = self.any();
        self.ref_cache.insert(target.to_owned(), placeholder);
        let name = pointer::unescape(pointer::last_token(target));
        let id = self.schema(resolved, target, &Hint::new(&name));
        self.ref_cache.insert(target.to_owned(), id);
        id
    }

    /// The slot of the component schema a `$ref` names, if it names one.
    fn component_slot(&self, target: &str) -> Option<TypeId> {
        let token = target.strip_prefix(SCHEMA_PREFIX)?;
        let key = if token.contains('~') { Cow::Owned(pointer::unescape(token)) } else { Cow::Borrowed(token) };
        self.slots.get(key.as_ref()).copied()
    }

    /// A user's Rust type named by `x-rust-type`: `None` (with a warning) when it is not a Rust type path.
    fn external(&mut self, rust_type: &Value, at: &str) -> Option<TypeId> {
        let path = rust_type.as_str().map(str::trim).unwrap_or_default();
        if path.is_empty() || syn::parse_str::<syn::Type>(path).is_err() {
            self.diagnostics.warn(
                WarningKind::Untyped,
                at,
                format!("{RUST_TYPE} {rust_type} is not a Rust type; the schema is lowered as if it were absent"),
            );
            return None;
        }
        Some(self.primitive(TypeKind::External(path.to_owned())))
    }

    pub(super) fn object_schema(
        &mut self,
        keywords: &Keywords<'_>,
        at: &str,
        hint: &Hint<'_>,
        slot: Option<TypeId>,
    ) -> TypeId {
        if let Some(rust_type) = keywords.rust_type {
            if let Some(external) = self.external(rust_type, &format!("{at}/{RUST_TYPE}")) {
                return external;
            }
        }
        let types = keywords.type_names();
        if types.len() == 1 && types.first() == Some("null") {
            return self.primitive(TypeKind::Null);
        }
        if let Some(Value::Array(parts)) = keywords.all_of {
            return self.all_of(keywords, parts, at, hint, slot);
        }
        for (key, branches) in [("oneOf", keywords.one_of), ("anyOf", keywords.any_of)] {
            if let Some(Value::Array(branches)) = branches {
                if branches.iter().all(|branch| narrows(branch, keywords)) {
                    self.diagnostics.warn(
                        WarningKind::ConstraintDropped,
                        &format!("{at}/{key}"),
                        format!("the `{key}` branches only narrow members the object declares; typed as the object, the branches are not checked"),
                    );
                } else if branches.iter().any(is_structural) {
                    return self.union(keywords, key, branches, at, hint, slot);
                }
            }
        }
        if let Some(Value::Array(values)) = keywords.enum_values {
            if slot.is_none() && values.len() == 1 && values[0] == "" && types.iter().all(|t| t == "string") {
                return self.primitive(TypeKind::String(StringKind::Empty));
            }
            if !values.is_empty() && values.iter().all(Value::is_string) && types.iter().all(|t| t == "string") {
                let values =
                    values.iter().filter_map(Value::as_str).map(|wire| EnumValue { wire: wire.to_owned() }).collect();
                let docs = keywords.description();
                return self.named(slot, hint, TypeKind::Enum(StringEnum { values }), docs, at);
            }
        }
        if types.len() > 1 {
            let variants = types
                .iter()
                .map(|name| {
                    let mut single = keywords.object.clone();
                    single.insert("type".into(), Value::Array(vec![Value::String(name.to_owned())]));
                    single.remove("enum");
                    let ty = self.object_schema(&Keywords::of(&single), at, &hint.with(name), None);
                    Variant { ty, hint: heck_upper(name) }
                })
                .collect();
            let docs = keywords.description();
            return self.named(slot, hint, TypeKind::Union(Union { variants }), docs, at);
        }
        let single = types.first();
        let looks_like_object = keywords.properties.is_some()
            || keywords.additional_properties.is_some()
            || keywords.pattern_properties.is_some();
        match single {
            Some("object") => self.object(keywords, at, hint, slot),
            None if looks_like_object => self.object(keywords, at, hint, slot),
            Some("array") => {
                let item = match keywords.items {
                    Some(items) => self.schema(items, &format!("{at}/items"), &hint.with("item")),
                    None => {
                        if keywords.prefix_items.is_some() {
                            self.diagnostics.warn(
                                WarningKind::Untyped,
                                &format!("{at}/prefixItems"),
                                "tuple (`prefixItems`) items are typed as any JSON value",
                            );
                        }
                        self.any()
                    }
                };
                self.primitive(TypeKind::Array(item))
            }
            None if keywords.items.is_some() => {
                let item =
                    self.schema(keywords.items.unwrap_or(&Value::Null), &format!("{at}/items"), &hint.with("item"));
                self.primitive(TypeKind::Array(item))
            }
            Some("string") => self.primitive(TypeKind::String(string_kind(keywords))),
            Some("integer") => {
                let kind = TypeKind::Integer(self.integer_kind(keywords, at));
                self.enum_values_fit(keywords, at, &kind);
                self.primitive(kind)
            }
            Some("number") => {
                let kind = if keywords.format() == Some("float") { NumberKind::F32 } else { NumberKind::F64 };
                self.enum_values_fit(keywords, at, &TypeKind::Number(kind));
                self.primitive(TypeKind::Number(kind))
            }
            Some("boolean") => self.primitive(TypeKind::Bool),
            Some(other) if other != "null" => {
                self.diagnostics.warn(
                    WarningKind::Untyped,
                    &format!("{at}/type"),
                    format!("unknown type {other:?}; typed as any JSON value"),
                );
                self.any()
            }
            _ => {
                if keywords.not.is_some() {
                    self.diagnostics.warn(
                        WarningKind::Untyped,
                        &format!("{at}/not"),
                        "`not` is not modelled; typed as any JSON value",
                    );
                }
                self.any()
            }
        }
    }

    pub(super) fn object(
        &mut self,
        keywords: &Keywords<'_>,
        at: &str,
        hint: &Hint<'_>,
        slot: Option<TypeId>,
    ) -> TypeId {
        let docs = keywords.description();
        let properties = keywords.properties();
        let additional = self.additional(keywords, at, hint);
        match properties {
            Some(properties) if !properties.is_empty() => {
                let required = required_set(keywords);
                let mut fields = Vec::with_capacity(properties.len());
                let properties_at = format!("{at}/properties");
                for (wire, property) in properties {
                    let field_at = pointer::push(&properties_at, wire);
                    fields.push(self.field(wire, property, required.contains(wire.as_str()), field_at, hint));
                }
                self.named(slot, hint, TypeKind::Struct(Struct { fields, additional }), docs, at)
            }
            _ => {
                let value = additional.unwrap_or_else(|| self.any());
                let map = self.primitive(TypeKind::Map(value));
                match slot {
                    Some(slot) => {
                        self.fill(slot, TypeKind::Alias(map), docs, at);
                        slot
                    }
                    None => map,
                }
            }
        }
    }

    fn additional(&mut self, keywords: &Keywords<'_>, at: &str, hint: &Hint<'_>) -> Option<TypeId> {
        match keywords.additional_properties {
            Some(Value::Bool(false)) | None => {
                let patterns = keywords.pattern_properties.and_then(Value::as_object)?;
                if patterns.len() == 1 {
                    let (pattern, schema) = patterns.iter().next()?;
                    let pattern_at = pointer::push(&format!("{at}/patternProperties"), pattern);
                    Some(self.schema(schema, &pattern_at, &hint.with("value")))
                } else {
                    Some(self.any())
                }
            }
            Some(Value::Bool(true)) => Some(self.any()),
            Some(schema @ Value::Object(_)) => {
                Some(self.schema(schema, &format!("{at}/additionalProperties"), &hint.with("value")))
            }
            Some(_) => Some(self.any()),
        }
    }

    /// A member of an object schema: its wire name, its schema, whether the object requires it, where it is (its
    /// pointer, kept in the IR) and the hint of the object.
    pub fn field(&mut self, wire: &str, property: &Value, required: bool, at: String, parent: &Hint<'_>) -> Field {
        let empty;
        let object = match property.as_object() {
            Some(object) => object,
            None => {
                empty = Map::new();
                &empty
            }
        };
        let keywords = Keywords::of(object);
        let mut nullable = keywords.is_nullable();
        let ty = match property {
            Value::Object(_) => self.schema_base_of(&keywords, &at, &parent.with(wire)),
            _ => self.any(),
        };
        if let Some(Value::String(target)) = keywords.reference {
            if let Some(slot) = self.component_slot(target) {
                let twin_of = self.ir.twins.iter().find(|twin| twin.id == slot).map(|twin| twin.target);
                nullable |= self.nullable_components.contains(&twin_of.unwrap_or(slot));
            }
        }
        let numeric = self.numeric_kind(ty, &keywords);
        let mut default = keywords.default.filter(|d| !d.is_null()).cloned();
        if let (Some(kind), Some(value)) = (&numeric, &default) {
            if !crate::numbers::value_holds(kind, value) {
                self.diagnostics.warn(
                    WarningKind::ConstraintDropped,
                    &format!("{at}/default"),
                    format!("default {value} does not fit {}; not documented", crate::numbers::rust_name(kind)),
                );
                default = None;
            }
        }
        let default_is_null = keywords.default.is_some_and(Value::is_null);
        // One struct serves both directions: a `readOnly` member is absent from requests and a `writeOnly` one
        // from responses, so "required" holds only one way and the member is optional here.
        let one_way = is_true(keywords.read_only) || is_true(keywords.write_only);
        let required = required && !one_way;
        let docs = keywords.description();
        // An inline schema's description is the member's: it is documented on the member, and the type made
        // from it says what it is instead (see `emit::models`).
        if keywords.reference.is_none() && docs.is_some() {
            let inline = self.ir.get_mut(ty);
            if matches!(inline.name, Some(NameHint::Suggested(_))) && inline.docs == docs {
                inline.docs = None;
            }
        }
        Field {
            wire_name: wire.to_owned(),
            ty,
            required,
            nullable: nullable || (default_is_null && !required),
            default,
            docs,
            rules: rules(&keywords, &at, numeric.as_ref(), self.diagnostics),
            deprecated: is_true(keywords.deprecated),
            pointer: at,
        }
    }

    /// The numeric kind a schema's bounds are checked against: its type's, when it is a number of its own (not a
    /// `$ref`'s).
    pub fn numeric_kind(&self, ty: TypeId, keywords: &Keywords<'_>) -> Option<TypeKind> {
        match &self.ir.get(ty).kind {
            kind @ (TypeKind::Integer(_) | TypeKind::Number(_)) if keywords.reference.is_none() => Some(kind.clone()),
            _ => None,
        }
    }
}

/// The names `required` lists, as a set: a struct of thousands of members looks each one up.
fn required_set<'v>(keywords: &Keywords<'v>) -> std::collections::BTreeSet<&'v str> {
    keywords
        .required
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn string_kind(keywords: &Keywords<'_>) -> StringKind {
    match keywords.format() {
        Some("date-time") => StringKind::DateTime,
        Some("date") => StringKind::Date,
        Some("uuid") => StringKind::Uuid,
        _ => StringKind::Plain,
    }
}
