//! Cycles: the IR in, the members that need `Box` out. A struct field or enum variant is boxed when
//! the named type it holds directly (not behind `Vec` or a map) is in the same strongly connected
//! component as its owner; type aliases that would be recursive are broken to `serde_json::Value`.

use crate::error::{Diagnostics, WarningKind};
use crate::ir::*;
use std::collections::{BTreeMap, BTreeSet};

/// `(owner, member index)` pairs to box; for structs the index is the field's, for unions the variant's.
pub type Boxed = BTreeSet<(TypeId, usize)>;

/// Breaks recursive type aliases (`A = Vec<A>`), which Rust cannot express, by typing them as any.
pub fn break_alias_cycles(ir: &mut Ir, diagnostics: &mut Diagnostics) {
    for id in ir.ids().collect::<Vec<_>>() {
        if let TypeKind::Alias(target) = ir.get(id).kind {
            if alias_reaches(ir, target, id, 0) {
                diagnostics.warn(
                    WarningKind::Untyped,
                    &ir.get(id).pointer.clone(),
                    "schema is recursive only through arrays, maps or references; typed as any JSON value",
                );
                let any = ir.add(Type {
                    kind: TypeKind::Any,
                    name: None,
                    docs: None,
                    pointer: String::new(),
                    examples: Vec::new(),
                });
                ir.get_mut(id).kind = TypeKind::Alias(any);
            }
        }
    }
}

fn alias_reaches(ir: &Ir, from: TypeId, goal: TypeId, depth: usize) -> bool {
    if from == goal {
        return true;
    }
    if depth > 256 {
        return true;
    }
    match &ir.get(from).kind {
        TypeKind::Array(inner) | TypeKind::Map(inner) | TypeKind::Nullable(inner) | TypeKind::Alias(inner) => {
            alias_reaches(ir, *inner, goal, depth + 1)
        }
        _ => false,
    }
}

/// The named types a type holds directly (seeing through aliases and `Option`, not `Vec` or maps).
fn direct_named(ir: &Ir, id: TypeId, depth: usize) -> Option<TypeId> {
    if depth > 256 {
        return None;
    }
    match &ir.get(id).kind {
        TypeKind::Nullable(inner) => direct_named(ir, *inner, depth + 1),
        TypeKind::Alias(inner) => direct_named(ir, *inner, depth + 1),
        TypeKind::Struct(_) | TypeKind::Union(_) | TypeKind::Tagged(_) => Some(id),
        _ => None,
    }
}

fn members(ir: &Ir, id: TypeId) -> Vec<TypeId> {
    match &ir.get(id).kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| f.ty).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| v.ty).collect(),
        TypeKind::Tagged(t) => t.variants.iter().map(|v| v.ty).collect(),
        _ => Vec::new(),
    }
}

/// Finds the members that must be boxed.
pub fn boxed_members(ir: &Ir) -> Boxed {
    let nodes: Vec<TypeId> = ir.ids().filter(|id| direct_named(ir, *id, 0) == Some(*id)).collect();
    let edges: BTreeMap<TypeId, Vec<TypeId>> = nodes
        .iter()
        .map(|&n| (n, members(ir, n).into_iter().filter_map(|m| direct_named(ir, m, 0)).collect()))
        .collect();
    let component = strongly_connected(&nodes, &edges);
    let mut boxed = Boxed::new();
    for &owner in &nodes {
        for (index, member) in members(ir, owner).into_iter().enumerate() {
            if let Some(target) = direct_named(ir, member, 0) {
                if component.get(&target) == component.get(&owner) {
                    boxed.insert((owner, index));
                }
            }
        }
    }
    boxed
}

/// Tarjan's algorithm, iterative so deep graphs cannot overflow the stack.
fn strongly_connected(nodes: &[TypeId], edges: &BTreeMap<TypeId, Vec<TypeId>>) -> BTreeMap<TypeId, usize> {
    let mut index: BTreeMap<TypeId, usize> = BTreeMap::new();
    let mut low: BTreeMap<TypeId, usize> = BTreeMap::new();
    let mut on_stack: BTreeSet<TypeId> = BTreeSet::new();
    let mut stack: Vec<TypeId> = Vec::new();
    let mut component: BTreeMap<TypeId, usize> = BTreeMap::new();
    let mut next_index = 0;
    let mut next_component = 0;
    let empty = Vec::new();
    for &root in nodes {
        if index.contains_key(&root) {
            continue;
        }
        let mut work: Vec<(TypeId, usize)> = vec![(root, 0)];
        while let Some((node, child)) = work.pop() {
            if child == 0 {
                index.insert(node, next_index);
                low.insert(node, next_index);
                next_index += 1;
                stack.push(node);
                on_stack.insert(node);
            }
            let successors = edges.get(&node).unwrap_or(&empty);
            if let Some(&next) = successors.get(child) {
                work.push((node, child + 1));
                if !index.contains_key(&next) {
                    work.push((next, 0));
                } else if on_stack.contains(&next) {
                    let candidate = index[&next].min(low[&node]);
                    low.insert(node, candidate);
                }
                continue;
            }
            if low[&node] == index[&node] {
                while let Some(member) = stack.pop() {
                    on_stack.remove(&member);
                    component.insert(member, next_component);
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                let candidate = low[&parent].min(low[&node]);
                low.insert(parent, candidate);
            }
        }
    }
    component
}
