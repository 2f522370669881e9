//! Named types compared: renamed, added, removed, and per kind their members, values or variants.

use super::{Change, Level, Mapping, Renames, Subject, code, renamed, rules};
use crate::emit::surface::{EnumValue, Member, Shape, TypeSurface, UnionVariant};

/// Types removed from `old` and added to `new` with the same shape once the names are mapped: renamed.
pub fn renames(old: &[TypeSurface], new: &[TypeSurface]) -> Renames {
    let removed: Vec<&TypeSurface> = old.iter().filter(|o| !new.iter().any(|n| n.name == o.name)).collect();
    let mut added: Vec<&TypeSurface> = new.iter().filter(|n| !old.iter().any(|o| o.name == n.name)).collect();
    let mut renames = Renames::new();
    for gone in removed {
        let mut trial = renames.clone();
        let found = added.iter().position(|candidate| {
            trial.insert(gone.name.clone(), candidate.name.clone());
            shape_renamed(&gone.shape, &trial) == candidate.shape
        });
        if let Some(index) = found {
            renames.insert(gone.name.clone(), added.remove(index).name.clone());
        }
    }
    renames
}

/// The new crate's names that are aliases of another named type (twins, `$ref` aliases), mapped to it.
pub fn aliases(new: &[TypeSurface]) -> Renames {
    new.iter()
        .filter_map(|ty| match &ty.shape {
            Shape::Alias { target } if new.iter().any(|other| &other.name == target) => {
                Some((ty.name.clone(), target.clone()))
            }
            _ => None,
        })
        .collect()
}

/// A shape with every Rust name a renamed type had replaced.
fn shape_renamed(shape: &Shape, renames: &Renames) -> Shape {
    let map = |text: &str| renamed(text, renames);
    match shape {
        Shape::Struct { members, additional } => Shape::Struct {
            members: members
                .iter()
                .map(|member| Member { ty: map(&member.ty), kind: map(&member.kind), ..member.clone() })
                .collect(),
            additional: additional.as_deref().map(map),
        },
        Shape::Enum { values } => Shape::Enum { values: values.clone() },
        Shape::Union { property, variants } => Shape::Union {
            property: property.clone(),
            variants: variants
                .iter()
                .map(|variant| UnionVariant {
                    name: map(&variant.name),
                    ty: map(&variant.ty),
                    tags: variant.tags.clone(),
                })
                .collect(),
        },
        Shape::Alias { target } => Shape::Alias { target: map(target) },
    }
}

/// The changes of the named types: the new document's types in order, then the types removed.
pub fn compare(old: &[TypeSurface], new: &[TypeSurface], mapping: &Mapping) -> Vec<Change> {
    let renames = &mapping.renames;
    let mut changes = Vec::new();
    let mut matched = Vec::new();
    for type_new in new {
        let subject = Subject::Type { name: type_new.name.clone() };
        let mut push = |what: String, level: Level, wire: Option<String>| {
            changes.push(Change { subject: subject.clone(), what, level, wire })
        };
        let by_name = old.iter().find(|o| o.name == type_new.name);
        let by_rename = || old.iter().find(|o| renames.get(&o.name) == Some(&type_new.name));
        let Some(type_old) = by_name.or_else(by_rename) else {
            push(format!("added ({})", kind(&type_new.shape)), Level::Minor, None);
            continue;
        };
        matched.push(type_old.name.clone());
        if type_old.name != type_new.name {
            push(format!("renamed from {} (the same schema)", code(&type_old.name)), Level::Major, None);
        }
        let mut facts = Facts {
            changes: Vec::new(),
            request: type_new.in_request,
            response: type_new.in_response,
            mapping,
            old,
            new,
        };
        facts.shape(&shape_renamed(&type_old.shape, renames), &type_new.shape);
        for (what, level, wire) in facts.changes {
            push(what, level, wire);
        }
    }
    for type_old in old.iter().filter(|o| !matched.contains(&o.name)) {
        changes.push(Change {
            subject: Subject::Type { name: type_old.name.clone() },
            what: format!("removed ({})", kind(&type_old.shape)),
            level: Level::Major,
            wire: None,
        });
    }
    changes
}

fn kind(shape: &Shape) -> &'static str {
    match shape {
        Shape::Struct { .. } => "struct",
        Shape::Enum { .. } => "enum",
        Shape::Union { property: None, .. } => "union",
        Shape::Union { property: Some(_), .. } => "tagged union",
        Shape::Alias { .. } => "type alias",
    }
}

/// The changes found in one type, and where it travels.
struct Facts<'a> {
    changes: Vec<(String, Level, Option<String>)>,
    request: bool,
    response: bool,
    mapping: &'a Mapping,
    /// The old crate's types and the new crate's.
    old: &'a [TypeSurface],
    new: &'a [TypeSurface],
}

impl Facts<'_> {
    fn push(&mut self, what: String, level: Level, wire: Option<String>) {
        self.changes.push((what, level, wire));
    }

    /// `reason` when the type is sent in requests.
    fn in_request(&self, reason: &str) -> Option<String> {
        self.request.then(|| reason.to_owned())
    }

    fn in_response(&self, reason: &str) -> Option<String> {
        self.response.then(|| reason.to_owned())
    }

    fn shape(&mut self, old: &Shape, new: &Shape) {
        match (old, new) {
            (
                Shape::Struct { members: old, additional: old_map },
                Shape::Struct { members: new, additional: new_map },
            ) => {
                self.members(old, new);
                match (old_map, new_map) {
                    (None, Some(_)) => self.push("now keeps undeclared members".to_owned(), Level::Minor, None),
                    (Some(_), None) => self.push("no longer keeps undeclared members".to_owned(), Level::Major, None),
                    (Some(old), Some(new)) if !self.mapping.same_new(old, new) => self.push(
                        format!("undeclared members: {} → {}", code(old), code(new)),
                        Level::Major,
                        Some("undeclared members have another type".to_owned()),
                    ),
                    _ => {}
                }
            }
            (Shape::Enum { values: old }, Shape::Enum { values: new }) => self.values(old, new),
            (
                Shape::Union { property: old_property, variants: old },
                Shape::Union { property: new_property, variants: new },
            ) => {
                if old_property != new_property {
                    let describe = |property: &Option<String>| match property {
                        Some(property) => format!("tagged by {}", code(property)),
                        None => "untagged".to_owned(),
                    };
                    let what = format!("{} → {}", describe(old_property), describe(new_property));
                    self.push(what, Level::Patch, Some("values are told apart another way".to_owned()));
                }
                self.variants(old, new);
            }
            (Shape::Alias { target: old }, Shape::Alias { target: new }) => {
                if !self.mapping.same_new(old, new) {
                    let wire = Some("the value has another type".to_owned());
                    self.push(format!("now {} (was {})", code(new), code(old)), Level::Major, wire);
                }
            }
            // A type that became an alias of another of its old shape (a twin now named after the other schema):
            // every use of the name still compiles.
            (old, Shape::Alias { target })
                if self.new.iter().any(|other| {
                    &other.name == target
                        && shape_renamed(&other.shape, &self.mapping.aliases)
                            == shape_renamed(old, &self.mapping.aliases)
                }) =>
            {
                let what = format!("now an alias of {} (was a {} of the same shape)", code(target), kind(old));
                self.push(what, Level::Patch, None);
            }
            // An alias that became a type of its own, of the shape its target had: the wire is the same, but the two
            // names are two types now.
            (Shape::Alias { target }, new)
                if self.old.iter().any(|other| {
                    &other.name == target && shape_renamed(&other.shape, &self.mapping.renames) == *new
                }) =>
            {
                let what = format!("now a {} of its own, no longer the same type as {}", kind(new), code(target));
                self.push(what, Level::Major, None);
            }
            (old, new) => {
                let what = format!("now a {} (was a {})", kind(new), kind(old));
                self.push(what, Level::Major, Some("the value has another shape".to_owned()));
            }
        }
    }

    fn members(&mut self, old: &[Member], new: &[Member]) {
        for member in new {
            let Some(before) = old.iter().find(|o| o.wire == member.wire) else {
                let name = code(&member.name);
                if takes_argument(member) {
                    let wire = self.in_request("requests without it are refused");
                    self.push(format!("required member {name} added (`new` takes it)"), Level::Major, wire);
                } else {
                    self.push(format!("member {name}: {} added", code(&member.ty)), Level::Minor, None);
                }
                continue;
            };
            self.member(before, member);
        }
        for gone in old.iter().filter(|o| !new.iter().any(|n| n.wire == o.wire)) {
            let wire = if gone.required {
                self.in_response("responses no longer carry a member old clients require")
            } else {
                None
            };
            self.push(format!("member {} removed", code(&gone.name)), Level::Major, wire);
        }
    }

    fn member(&mut self, old: &Member, new: &Member) {
        let name = code(&new.name);
        if old.name != new.name {
            self.push(format!("member {} renamed {name} (same wire name)", code(&old.name)), Level::Major, None);
        }
        if old.required != new.required {
            if new.required {
                let wire = self.in_request("requests without it are refused");
                self.push(
                    format!("member {name} now required: {} → {}", code(&old.ty), code(&new.ty)),
                    Level::Major,
                    wire,
                );
            } else {
                let wire = self.in_response("responses may leave out a member old clients require");
                self.push(
                    format!("member {name} now optional: {} → {}", code(&old.ty), code(&new.ty)),
                    Level::Major,
                    wire,
                );
            }
        } else if old.nullable != new.nullable {
            if new.nullable {
                let wire = self.in_response("responses may hold `null` where old clients expect a value");
                self.push(
                    format!("member {name} now nullable: {} → {}", code(&old.ty), code(&new.ty)),
                    Level::Major,
                    wire,
                );
            } else {
                let wire = self.in_request("requests sending `null` are refused");
                self.push(
                    format!("member {name} no longer nullable: {} → {}", code(&old.ty), code(&new.ty)),
                    Level::Major,
                    wire,
                );
            }
        } else if !self.mapping.same_new(&old.ty, &new.ty) {
            let wire = Some("the member's value has another type".to_owned());
            self.push(format!("member {name}: {} → {}", code(&old.ty), code(&new.ty)), Level::Major, wire);
        } else if takes_argument(old) != takes_argument(new) {
            self.push(
                format!(
                    "member {name}: `new` {} it",
                    if takes_argument(new) { "now takes" } else { "no longer takes" }
                ),
                Level::Major,
                None,
            );
        }
        let (narrowed, widened) = rules::compare(&old.rules, &new.rules);
        if !narrowed.is_empty() {
            let wire = self.in_request("requests within the old constraints may be refused");
            self.push(format!("member {name} narrowed: {}", narrowed.join(", ")), Level::Patch, wire);
        }
        if !widened.is_empty() {
            self.push(format!("member {name} widened: {}", widened.join(", ")), Level::Patch, None);
        }
        if !same_value(old.default.as_ref(), new.default.as_ref()) {
            let show =
                |value: &Option<serde_json::Value>| value.as_ref().map_or("none".to_owned(), |v| code(&v.to_string()));
            // A default stated for the first time, or no longer stated, documents what was unspecified.
            let changed = old.default.is_some() && new.default.is_some();
            let wire = changed.then(|| "the server assumes another value when the member is absent".to_owned());
            self.push(
                format!("member {name}: default {} → {}", show(&old.default), show(&new.default)),
                Level::Patch,
                wire,
            );
        }
        if !old.deprecated && new.deprecated {
            // Rust's `#[deprecated]`: a warning where it is used, classed minor by Cargo's semver reference.
            self.push(format!("member {name} deprecated"), Level::Minor, None);
        }
    }

    fn values(&mut self, old: &[EnumValue], new: &[EnumValue]) {
        for value in new {
            match old.iter().find(|o| o.wire == value.wire) {
                None => self.push(
                    format!("value {} added ({})", code(&format!("{:?}", value.wire)), code(&value.variant)),
                    Level::Minor,
                    None,
                ),
                Some(before) if before.variant != value.variant => self.push(
                    format!(
                        "value {}: variant {} renamed {}",
                        code(&format!("{:?}", value.wire)),
                        code(&before.variant),
                        code(&value.variant)
                    ),
                    Level::Major,
                    None,
                ),
                Some(_) => {}
            }
        }
        for gone in old.iter().filter(|o| !new.iter().any(|n| n.wire == o.wire)) {
            let wire = self.in_request("requests sending it are refused");
            self.push(
                format!("value {} removed ({})", code(&format!("{:?}", gone.wire)), code(&gone.variant)),
                Level::Major,
                wire,
            );
        }
    }

    fn variants(&mut self, old: &[UnionVariant], new: &[UnionVariant]) {
        // A variant whose name changed but whose type did not (its name follows a type renamed or aliased): renamed.
        let unmatched_old: Vec<&UnionVariant> = old.iter().filter(|o| !new.iter().any(|n| n.name == o.name)).collect();
        let mut renamed_from: Vec<&str> = Vec::new();
        for variant in new {
            let name = code(&variant.name);
            let Some(before) = old.iter().find(|o| o.name == variant.name) else {
                let twin = unmatched_old
                    .iter()
                    .find(|o| self.mapping.same_new(&o.ty, &variant.ty) && !renamed_from.contains(&o.name.as_str()));
                match twin {
                    Some(before) => {
                        renamed_from.push(&before.name);
                        let what =
                            format!("variant {} renamed {name} (it holds {})", code(&before.name), code(&variant.ty));
                        self.push(what, Level::Major, None);
                    }
                    None => {
                        let what = format!("variant {} added", code(&format!("{}({})", variant.name, variant.ty)));
                        self.push(what, Level::Minor, None);
                    }
                }
                continue;
            };
            if !self.mapping.same_new(&before.ty, &variant.ty) {
                let wire = Some("the variant holds another type".to_owned());
                self.push(format!("variant {name}: {} → {}", code(&before.ty), code(&variant.ty)), Level::Major, wire);
            }
            let added: Vec<&String> = variant.tags.iter().filter(|tag| !before.tags.contains(tag)).collect();
            let removed: Vec<&String> = before.tags.iter().filter(|tag| !variant.tags.contains(tag)).collect();
            if !added.is_empty() {
                self.push(format!("variant {name}: tag {} added", tags(&added)), Level::Patch, None);
            }
            if !removed.is_empty() {
                let wire = self.in_request("requests with that tag are refused");
                self.push(format!("variant {name}: tag {} removed", tags(&removed)), Level::Patch, wire);
            }
        }
        for gone in unmatched_old.iter().filter(|o| !renamed_from.contains(&o.name.as_str())) {
            let wire = self.in_request("requests of that shape are refused");
            self.push(format!("variant {} removed", code(&gone.name)), Level::Major, wire);
        }
    }
}

/// Whether `new` (or the struct literal's required part) takes the member as an argument.
fn takes_argument(member: &Member) -> bool {
    member.kind == "required" || member.kind == "nullable"
}

fn tags(tags: &[&String]) -> String {
    tags.iter().map(|tag| code(&format!("{tag:?}"))).collect::<Vec<_>>().join(", ")
}

/// Whether two defaults are the same value (`10` and `10.0` are).
fn same_value(old: Option<&serde_json::Value>, new: Option<&serde_json::Value>) -> bool {
    match (old, new) {
        (Some(serde_json::Value::Number(old)), Some(serde_json::Value::Number(new))) => old.as_f64() == new.as_f64(),
        _ => old == new,
    }
}
