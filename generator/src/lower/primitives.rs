//! The arena ids of primitive and container types, by shape: one id per `string`, per `Vec<T>` of one `T`, per
//! user's type, so that the arena does not grow per use.

use crate::ir::{TypeId, TypeKind};
use std::collections::BTreeMap;

/// What tells two primitive or container types apart: the kind's variant and what it holds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shape {
    /// A kind without a type inside (`Any`, `Null`, `Bool`, an integer, a number, a string): its variant and
    /// the variant of the kind it holds.
    Leaf(u8, u8),
    /// A kind around one type (`Array`, `Map`, `Nullable`, `Alias`): its variant and that type.
    Around(u8, TypeId),
    /// A user's type, by path.
    External(String),
    /// Any other kind, by its debug text (lowering asks for none: structs, enums and unions are named types of
    /// their own).
    Other(String),
}

impl Shape {
    pub fn of(kind: &TypeKind) -> Shape {
        match kind {
            TypeKind::Any => Shape::Leaf(0, 0),
            TypeKind::Null => Shape::Leaf(1, 0),
            TypeKind::Bool => Shape::Leaf(2, 0),
            TypeKind::Integer(integer) => Shape::Leaf(3, *integer as u8),
            TypeKind::Number(number) => Shape::Leaf(4, *number as u8),
            TypeKind::String(string) => Shape::Leaf(5, *string as u8),
            TypeKind::Array(item) => Shape::Around(0, *item),
            TypeKind::Map(value) => Shape::Around(1, *value),
            TypeKind::Nullable(inner) => Shape::Around(2, *inner),
            TypeKind::Alias(target) => Shape::Around(3, *target),
            TypeKind::External(path) => Shape::External(path.clone()),
            TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Tagged(_) | TypeKind::Pending => {
                Shape::Other(format!("{kind:?}"))
            }
        }
    }
}

/// The id of each shape lowered so far.
#[derive(Debug, Default)]
pub struct Primitives {
    ids: BTreeMap<Shape, TypeId>,
}

impl Primitives {
    pub fn get(&self, shape: &Shape) -> Option<TypeId> {
        self.ids.get(shape).copied()
    }

    pub fn insert(&mut self, shape: Shape, id: TypeId) {
        self.ids.insert(shape, id);
    }
}
