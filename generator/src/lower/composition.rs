//! Lower composed schemas: `allOf` merged into one struct, `oneOf`/`anyOf` into unions (tagged by a discriminator
//! when the branches have one), and the names of their branches.

use super::Lowerer;
use super::hint::Hint;
use super::keywords::{Keywords, TypeNames};
use crate::error::WarningKind;
use crate::ir::*;
use crate::pointer;
use serde_json::{Map, Value};

/// `$ref` chains longer than this are treated as cycles.
const MAX_REF_HOPS: usize = 64;

impl Lowerer<'_> {
    pub(super) fn all_of(
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

    pub(super) fn union(
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
pub(super) fn is_structural(branch: &Value) -> bool {
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
pub(super) fn narrows(branch: &Value, outer: &Keywords<'_>) -> bool {
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

pub(super) fn heck_upper(name: &str) -> String {
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
