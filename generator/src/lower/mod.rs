//! Lower: a normalized document in, the IR out (types in an arena, operations in document order).

mod composition;
mod constraints;
mod hint;
mod keywords;
mod operations;
mod pagination;
mod primitives;
pub(crate) mod schema;
mod security;
mod servers;
mod twins;

use crate::error::Diagnostics;
use crate::ir::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug)]
pub struct Lowerer<'a> {
    pub document: &'a Value,
    pub ir: Ir,
    pub diagnostics: &'a mut Diagnostics,
    /// Component schema key → its type (a twin's is an alias of its representative's, see [`Ir::twins`]).
    pub slots: BTreeMap<String, TypeId>,
    /// Types lowered from non-component `$ref` targets, by reference text.
    pub ref_cache: BTreeMap<String, TypeId>,
    /// Named component types whose schema itself allows `null`.
    pub nullable_components: BTreeSet<TypeId>,
    /// How many schemas deep lowering is, bounded by [`MAX_LOWER_DEPTH`].
    pub depth: usize,
    primitives: primitives::Primitives,
    /// Where media-type warnings were given, so that a shared response is reported once.
    media_warned: BTreeSet<String>,
}

/// Lowers a normalized document into the IR.
pub fn lower(document: &Value, diagnostics: &mut Diagnostics) -> Ir {
    let mut lowerer = Lowerer {
        document,
        ir: Ir::default(),
        diagnostics,
        slots: BTreeMap::new(),
        ref_cache: BTreeMap::new(),
        nullable_components: BTreeSet::new(),
        depth: 0,
        primitives: primitives::Primitives::default(),
        media_warned: BTreeSet::new(),
    };
    lowerer.info();
    lowerer.servers();
    lowerer.security();
    // Borrowed from the document: copying every component schema cost as much as lowering them.
    let no_schemas = serde_json::Map::new();
    let schemas = document.pointer("/components/schemas").and_then(Value::as_object).unwrap_or(&no_schemas);
    let representative = twins::find_twins(schemas);
    // Every component has a type; inline named types and primitives come on top.
    lowerer.ir.types.reserve(schemas.len());
    for key in schemas.keys() {
        let slot = lowerer.ir.add(Type {
            kind: TypeKind::Pending,
            name: Some(NameHint::Required(key.clone())),
            docs: None,
            pointer: crate::pointer::push("#/components/schemas", key),
            examples: Vec::new(),
        });
        lowerer.slots.insert(key.clone(), slot);
    }
    // A twin is an alias of its representative under its own name, so that a `$ref` to it reads as the document
    // writes it.
    for key in schemas.keys() {
        let Some(rep) = representative.get(key).filter(|rep| *rep != key) else { continue };
        let (Some(&id), Some(&target)) = (lowerer.slots.get(key), lowerer.slots.get(rep)) else { continue };
        let twin = lowerer.ir.get_mut(id);
        twin.kind = TypeKind::Alias(target);
        twin.docs = schemas[key].get("description").and_then(Value::as_str).map(str::to_owned);
        lowerer.ir.twins.push(Twin { id, target });
    }
    for (key, schema) in schemas {
        if representative.get(key) == Some(key) {
            if let Some(&slot) = lowerer.slots.get(key) {
                lowerer.component(key, schema, slot);
            }
        }
    }
    lowerer.operations();
    lowerer.webhook_payloads();
    lowerer.ir
}

impl Lowerer<'_> {
    fn info(&mut self) {
        let info = self.document.get("info");
        let text = |key: &str| info.and_then(|i| i.get(key)).and_then(Value::as_str).map(str::to_owned);
        self.ir.title = text("title").unwrap_or_default();
        self.ir.version = text("version").unwrap_or_default();
        self.ir.description = text("description");
    }

    /// One shared id per primitive or container shape, so the arena does not grow per use.
    pub fn primitive(&mut self, kind: TypeKind) -> TypeId {
        let shape = primitives::Shape::of(&kind);
        if let Some(id) = self.primitives.get(&shape) {
            return id;
        }
        let id = self.ir.add(Type { kind, name: None, docs: None, pointer: String::new(), examples: Vec::new() });
        self.primitives.insert(shape, id);
        id
    }

    pub fn any(&mut self) -> TypeId {
        self.primitive(TypeKind::Any)
    }

    pub fn nullable(&mut self, inner: TypeId) -> TypeId {
        if matches!(self.ir.get(inner).kind, TypeKind::Nullable(_) | TypeKind::Any | TypeKind::Null) {
            return inner;
        }
        self.primitive(TypeKind::Nullable(inner))
    }
}
