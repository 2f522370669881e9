//! Lower schemas: normalized JSON Schema in, IR types out. Component schemas get pre-assigned ids so
//! forward and circular references are plain ids.

use super::Lowerer;
use super::hint::Hint;
use super::keywords::{Keywords, TypeNames, is_true};
use crate::error::{Diagnostics, WarningKind};
use crate::ir::*;
use crate::pointer;
use serde_json::{Map, Value};
use std::borrow::Cow;

const SCHEMA_PREFIX: &str = "#/components/schemas/";
/// `$ref` chains longer than this are treated as cycles.
const MAX_REF_HOPS: usize = 64;
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

    fn object_schema(&mut self, keywords: &Keywords<'_>, at: &str, hint: &Hint<'_>, slot: Option<TypeId>) -> TypeId {
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

    fn object(&mut self, keywords: &Keywords<'_>, at: &str, hint: &Hint<'_>, slot: Option<TypeId>) -> TypeId {
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

    fn all_of(
        &mut self,
        keywords: &Keywords<'_>,
        parts: &[Value],
        at: &str,
        hint: &Hint<'_>,
        slot: Option<TypeId>,
    ) -> TypeId {
        let mut merged = Map::new();
        let mut properties = Map::new();
        let mut required: Vec<Value> = Vec::new();
        let mut sources: Vec<(Map<String, Value>, String)> = Vec::new();
        for (index, part) in parts.iter().enumerate() {
            match self.resolve_schema(part) {
                Some(resolved) => self.flatten_all_of(resolved, format!("{at}/allOf/{index}"), &mut sources, 0),
                None => {
                    self.diagnostics.warn(
                        WarningKind::Untyped,
                        &format!("{at}/allOf/{index}"),
                        "`allOf` part does not resolve; typed as any JSON value",
                    );
                    return self.any();
                }
            }
        }
        let mut own = keywords.object.clone();
        own.remove("allOf");
        sources.push((own, at.to_owned()));
        let mut non_object = Vec::new();
        for (source, source_at) in &sources {
            let is_object = source.contains_key("properties")
                || TypeNames::of(source.get("type")).iter().any(|t| t == "object")
                || source.contains_key("additionalProperties");
            if let Some(Value::Object(props)) = source.get("properties") {
                for (name, schema) in props {
                    properties.insert(name.clone(), schema.clone());
                }
            }
            if let Some(Value::Array(names)) = source.get("required") {
                for name in names {
                    if !required.contains(name) {
                        required.push(name.clone());
                    }
                }
            }
            for (key, value) in source {
                if !matches!(key.as_str(), "properties" | "required" | "allOf") {
                    merged.entry(key.clone()).or_insert_with(|| value.clone());
                }
            }
            if !is_object
                && source.keys().any(|k| !crate::normalize::is_annotation(k) && k != "required" && k != "discriminator")
            {
                non_object.push(source_at.clone());
            }
        }
        if !non_object.is_empty() && !properties.is_empty() {
            self.diagnostics.warn(
                WarningKind::Untyped,
                at,
                "`allOf` mixes object and non-object parts; typed as any JSON value",
            );
            return self.any();
        }
        if properties.is_empty() {
            // Not an object merge: a constrained alias such as `allOf: [{$ref: Base}, {maxLength: 3}]`.
            merged.remove("discriminator");
            if let Some(first) = parts.iter().find(|p| p.get("$ref").is_some()) {
                if parts.len() == 1 || parts.iter().filter(|p| is_structural(p)).count() == 1 {
                    return self.reference(first.get("$ref").unwrap_or(&Value::Null), &format!("{at}/allOf/0"));
                }
            }
            return self.object_schema(&Keywords::of(&merged), at, hint, slot);
        }
        merged.insert("properties".into(), Value::Object(properties));
        merged.insert("required".into(), Value::Array(required));
        merged.insert("type".into(), Value::Array(vec![Value::String("object".into())]));
        merged.remove("discriminator");
        self.object(&Keywords::of(&merged), at, hint, slot)
    }

    /// Adds an `allOf` part to `sources`, expanding a part that is itself an `allOf` (Asana's
    /// `CustomFieldRequest` → `CustomFieldBase` → `CustomFieldCompact`) into its own parts.
    fn flatten_all_of(
        &self,
        mut part: Map<String, Value>,
        at: String,
        sources: &mut Vec<(Map<String, Value>, String)>,
        depth: usize,
    ) {
        if depth < MAX_REF_HOPS {
            if let Some(Value::Array(inner)) = part.remove("allOf") {
                for (index, inner_part) in inner.iter().enumerate() {
                    if let Some(resolved) = self.resolve_schema(inner_part) {
                        self.flatten_all_of(resolved, format!("{at}/allOf/{index}"), sources, depth + 1);
                    }
                }
            }
        }
        sources.push((part, at));
    }

    /// The schema object behind a schema, following `$ref`s (with the referring siblings kept).
    pub fn resolve_schema(&self, schema: &Value) -> Option<Map<String, Value>> {
        let mut current = schema.as_object()?.clone();
        for _ in 0..MAX_REF_HOPS {
            let Some(Value::String(target)) = current.get("$ref").cloned() else {
                return Some(current);
            };
            let resolved = pointer::resolve(self.document, &target)?.as_object()?.clone();
            current.remove("$ref");
            let mut next = resolved;
            for (key, value) in current {
                next.entry(key).or_insert(value);
            }
            current = next;
        }
        None
    }

    fn union(
        &mut self,
        keywords: &Keywords<'_>,
        key: &str,
        branches: &[Value],
        at: &str,
        hint: &Hint<'_>,
        slot: Option<TypeId>,
    ) -> TypeId {
        let docs = keywords.description();
        if let Some(tagged) = self.tagged(keywords.object, key, branches, at) {
            return self.named(slot, hint, TypeKind::Tagged(tagged), docs, at);
        }
        let mut variants: Vec<Variant> = Vec::new();
        for (index, branch) in branches.iter().enumerate() {
            let branch_at = format!("{at}/{key}/{index}");
            let branch_hint = branch_name(branch, index);
            let ty = self.schema(branch, &branch_at, &hint.with(&branch_hint));
            if variants.iter().any(|v| same_rust_type(&self.ir, v.ty, ty)) {
                // The same `$ref` listed twice, or two branches that are one Rust type (a `uuid` string and a
                // string), are one variant: the union could never tell them apart.
                continue;
            }
            variants.push(Variant { ty, hint: branch_hint });
        }
        if variants.len() == 1 {
            return variants[0].ty;
        }
        self.named(slot, hint, TypeKind::Union(Union { variants }), docs, at)
    }

    fn tagged(&mut self, object: &Map<String, Value>, key: &str, branches: &[Value], at: &str) -> Option<Tagged> {
        let discriminator = object.get("discriminator")?.as_object()?;
        let property = discriminator.get("propertyName")?.as_str()?.to_owned();
        let branch_tags = crate::discriminator::branch_tags(self.document, discriminator, branches)?;
        let mut variants: Vec<TaggedVariant> = Vec::new();
        for ((index, branch), tags) in branches.iter().enumerate().zip(branch_tags) {
            let target = branch.get("$ref").and_then(Value::as_str)?;
            let ty = self.reference(&Value::String(target.to_owned()), &format!("{at}/{key}/{index}"));
            if let Some(existing) = variants.iter_mut().find(|v| v.ty == ty) {
                for tag in tags {
                    if !existing.tags.contains(&tag) {
                        existing.tags.push(tag);
                    }
                }
                continue;
            }
            variants.push(TaggedVariant { tags, ty, hint: branch_name(branch, index) });
        }
        Some(Tagged { property, variants })
    }

    /// Registers a named type: into the component's slot, or as a new inline type with a suggested name.
    fn named(
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
}

/// Whether two types are written as the same Rust type: the same id, or unnamed types of the same shape (a
/// `format: uuid` string is a `String` like any other string).
fn same_rust_type(ir: &Ir, a: TypeId, b: TypeId) -> bool {
    // A twin is an alias of its representative: the same Rust type under another name.
    let twin_target = |id: TypeId| ir.twins.iter().find(|twin| twin.id == id).map_or(id, |twin| twin.target);
    if a == b || twin_target(a) == twin_target(b) {
        return true;
    }
    let (first, second) = (ir.get(a), ir.get(b));
    if first.is_named() || second.is_named() {
        return false;
    }
    let plain = |kind: &StringKind| if *kind == StringKind::Uuid { StringKind::Plain } else { *kind };
    match (&first.kind, &second.kind) {
        (TypeKind::String(x), TypeKind::String(y)) => plain(x) == plain(y),
        (TypeKind::Integer(x), TypeKind::Integer(y)) => x == y,
        (TypeKind::Number(x), TypeKind::Number(y)) => x == y,
        (TypeKind::Any, TypeKind::Any) | (TypeKind::Null, TypeKind::Null) | (TypeKind::Bool, TypeKind::Bool) => true,
        (TypeKind::Array(x), TypeKind::Array(y))
        | (TypeKind::Map(x), TypeKind::Map(y))
        | (TypeKind::Nullable(x), TypeKind::Nullable(y)) => same_rust_type(ir, *x, *y),
        _ => false,
    }
}

/// Whether a union branch says something about shape (not only `required` or annotations).
fn is_structural(branch: &Value) -> bool {
    branch.as_object().is_some_and(|b| {
        b.keys().any(|k| {
            matches!(
                k.as_str(),
                "$ref"
                    | "type"
                    | "properties"
                    | "items"
                    | "enum"
                    | "allOf"
                    | "anyOf"
                    | "oneOf"
                    | "additionalProperties"
                    | "format"
            )
        })
    })
}

/// Whether a union branch only narrows the object around it: it declares no member the object does not, allows
/// what the object allows, and says nothing else about shape (GitHub's `oneOf` of `required`/`enum` variants).
fn narrows(branch: &Value, outer: &Keywords<'_>) -> bool {
    let Some(declared) = outer.properties().filter(|p| !p.is_empty()) else {
        return false;
    };
    let Some(branch) = branch.as_object() else { return false };
    let shape_free = branch.keys().all(|key| {
        crate::normalize::is_annotation(key)
            || matches!(key.as_str(), "required" | "properties" | "additionalProperties" | "type")
    });
    let same_kind = match branch.get("type") {
        None => true,
        Some(Value::Array(types)) => types.iter().all(|t| t == "object"),
        Some(_) => false,
    };
    let open = matches!(branch.get("additionalProperties"), None | Some(Value::Bool(true)));
    let members_declared = match branch.get("properties") {
        None => true,
        Some(Value::Object(members)) => members.keys().all(|name| declared.contains_key(name)),
        Some(_) => false,
    };
    shape_free && same_kind && open && members_declared
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

impl Lowerer<'_> {
    /// The integer type of a schema: its `format`, else `i64`, widened to `u64` (with a warning) when a bound,
    /// the default or an `enum` value is beyond `i64` and none is negative.
    fn integer_kind(&mut self, keywords: &Keywords<'_>, at: &str) -> IntegerKind {
        match keywords.format() {
            Some("int32") => return IntegerKind::I32,
            Some("uint32") => return IntegerKind::U32,
            Some("uint64" | "uint") => return IntegerKind::U64,
            _ => {}
        }
        let enum_values = keywords.enum_values.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        let bounds = [
            ("minimum", keywords.minimum),
            ("maximum", keywords.maximum),
            ("exclusiveMinimum", keywords.exclusive_minimum),
            ("exclusiveMaximum", keywords.exclusive_maximum),
            ("default", keywords.default),
        ];
        let values = bounds
            .into_iter()
            .filter_map(|(key, value)| value.map(|value| (Place::Keyword(key), value)))
            .chain(enum_values.iter().enumerate().map(|(index, value)| (Place::EnumValue(index), value)));
        let mut beyond = None;
        let mut negative = false;
        for (place, value) in values {
            let Value::Number(number) = value else { continue };
            negative |= number.as_f64().is_some_and(|f| f < 0.0);
            if beyond.is_none() && !crate::numbers::integer_range_holds(IntegerKind::I64, number) {
                beyond = Some((place, number.clone()));
            }
        }
        match beyond {
            Some((place, number)) if !negative && crate::numbers::integer_range_holds(IntegerKind::U64, &number) => {
                self.diagnostics.warn(
                    WarningKind::ImperfectDocument,
                    &place.pointer(at),
                    format!("{number} is beyond i64 and no value is negative; the integer is widened to u64"),
                );
                IntegerKind::U64
            }
            _ => IntegerKind::I64,
        }
    }

    /// Warns about each `enum` value of a numeric schema that its Rust type cannot hold (numeric `enum`s are
    /// documented, not checked, so nothing else is dropped).
    fn enum_values_fit(&mut self, keywords: &Keywords<'_>, at: &str, kind: &TypeKind) {
        let Some(values) = keywords.enum_values.and_then(Value::as_array) else { return };
        for (index, value) in values.iter().enumerate() {
            if !value.is_null() && !crate::numbers::value_holds(kind, value) {
                self.diagnostics.warn(
                    WarningKind::ConstraintDropped,
                    &format!("{at}/enum/{index}"),
                    format!(
                        "enum value {value} does not fit {}; no value of the type can be it",
                        crate::numbers::rust_name(kind)
                    ),
                );
            }
        }
    }
}

/// Where in a schema a value is: a keyword's, or one of its `enum` values.
#[derive(Debug, Clone, Copy)]
enum Place {
    Keyword(&'static str),
    EnumValue(usize),
}

impl Place {
    /// The pointer of the value in the schema at `at`.
    fn pointer(self, at: &str) -> String {
        match self {
            Place::Keyword(key) => format!("{at}/{key}"),
            Place::EnumValue(index) => format!("{at}/enum/{index}"),
        }
    }
}

/// The validation keywords of a schema object at `at`. A keyword whose value is not a usable number (a count
/// that is negative, fractional or beyond `u64`, a bound beyond `f64`) is dropped with a warning, and so is a
/// bound outside the range of the value's numeric Rust type, `numeric`, when it is known.
pub fn rules(keywords: &Keywords<'_>, at: &str, numeric: Option<&TypeKind>, diagnostics: &mut Diagnostics) -> Rules {
    use crate::numbers::{keyword_count, keyword_number, range_holds, rust_name};
    let mut count = |key: &str, value: Option<&Value>| {
        keyword_count(value?)
            .map_err(|why| {
                diagnostics.warn(
                    WarningKind::ConstraintDropped,
                    &format!("{at}/{key}"),
                    format!("{key}: {why}; not checked"),
                )
            })
            .ok()
    };
    let min_length = count("minLength", keywords.min_length).filter(|n| *n > 0);
    let max_length = count("maxLength", keywords.max_length);
    let min_items = count("minItems", keywords.min_items).filter(|n| *n > 0);
    let max_items = count("maxItems", keywords.max_items);
    let mut float = |key: &str, value: Option<&Value>| {
        let value = value?;
        let bound = keyword_number(value)
            .map_err(|why| {
                diagnostics.warn(
                    WarningKind::ConstraintDropped,
                    &format!("{at}/{key}"),
                    format!("{key}: {why}; not checked"),
                )
            })
            .ok()?;
        if let (Some(kind), Value::Number(number)) = (numeric, value) {
            if !range_holds(kind, number) {
                let message = format!("{key} {number} is outside the range of {}; not checked", rust_name(kind));
                diagnostics.warn(WarningKind::ConstraintDropped, &format!("{at}/{key}"), message);
                return None;
            }
        }
        Some(bound)
    };
    Rules {
        min_length,
        max_length,
        pattern: keywords.pattern.and_then(Value::as_str).map(str::to_owned),
        min_items,
        max_items,
        unique_items: false,
        minimum: float("minimum", keywords.minimum),
        maximum: float("maximum", keywords.maximum),
        exclusive_minimum: float("exclusiveMinimum", keywords.exclusive_minimum),
        exclusive_maximum: float("exclusiveMaximum", keywords.exclusive_maximum),
        multiple_of: float("multipleOf", keywords.multiple_of).filter(|m| *m > 0.0),
    }
}

fn heck_upper(name: &str) -> String {
    use heck::ToUpperCamelCase;
    name.to_upper_camel_case()
}

/// A variant name for a union branch: its `$ref` key, its title, or its type.
fn branch_name(branch: &Value, index: usize) -> String {
    if let Some(target) = branch.get("$ref").and_then(Value::as_str) {
        return pointer::unescape(pointer::last_token(target));
    }
    if let Some(title) = branch.get("title").and_then(Value::as_str) {
        return title.to_owned();
    }
    if branch.get("enum") == Some(&Value::Array(vec![Value::String(String::new())])) {
        return "Empty".to_owned();
    }
    match branch.get("type").and_then(Value::as_array).and_then(|t| t.first()).and_then(Value::as_str) {
        Some("array") => "Array".to_owned(),
        Some("object") => "Object".to_owned(),
        Some(name) => name.to_owned(),
        None => format!("Variant{index}"),
    }
}
