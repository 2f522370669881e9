//! The generated crate's promises as data: the IR and the names in, a [`Surface`] out (each named type's members,
//! values or variants, each operation's method signature, parameters and responses), which the change report
//! (`crate::changes`) compares. Every Rust type in it is the text the emitter writes, so a change the report
//! names is a change of the generated code, and the report says what the generated API really promises.

use super::models::ModelEmitter;
pub use super::operations::Signature;
use super::operations::signatures;
use super::types::Holding;
use crate::analysis::Analysis;
use crate::cycles::Boxed;
use crate::ir::*;
use crate::names::Names;
use serde_json::Value;

/// Everything the report compares, in document order.
#[derive(Debug, Clone)]
pub struct Surface {
    pub types: Vec<TypeSurface>,
    pub operations: Vec<OperationSurface>,
    /// The security schemes the client can send, by key, with their `ClientBuilder` methods.
    pub schemes: Vec<(String, Vec<String>)>,
}

/// One named type of `models.rs`.
#[derive(Debug, Clone)]
pub struct TypeSurface {
    pub name: String,
    pub pointer: String,
    pub shape: Shape,
    /// Reached from a request: a body or a parameter holds it, directly or inside another type.
    pub in_request: bool,
    /// Reached from a response body.
    pub in_response: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A struct: its members in order and, when it keeps undeclared members, the type of its map of them.
    Struct { members: Vec<Member>, additional: Option<String> },
    /// A string enum (with its catch-all variant).
    Enum { values: Vec<EnumValue> },
    /// A union: untagged (`property` is `None`) or tagged by a member.
    Union { property: Option<String>, variants: Vec<UnionVariant> },
    /// `pub type Name = Target;`.
    Alias { target: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The field name.
    pub name: String,
    pub wire: String,
    /// The field's Rust type, as `models.rs` writes it.
    pub ty: String,
    /// How `object!` reads and starts it: `required`, `nullable`, `optional`, `present` or `tag(Value)`.
    pub kind: String,
    pub required: bool,
    pub nullable: bool,
    pub rules: Rules,
    pub default: Option<Value>,
    pub deprecated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub variant: String,
    pub wire: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: String,
    /// The tag values of a tagged union's variant.
    pub tags: Vec<String>,
}

/// One operation: a `Client` method.
#[derive(Debug, Clone)]
pub struct OperationSurface {
    /// `METHOD /path`, as the document writes the path.
    pub key: String,
    /// The Rust method.
    pub method: String,
    pub pointer: String,
    pub deprecated: bool,
    pub signature: Signature,
    pub parameters: Vec<ParameterSurface>,
    pub body: Option<BodySurface>,
    /// The declared responses, in document order.
    pub responses: Vec<ResponseSurface>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParameterSurface {
    pub name: String,
    pub wire: String,
    pub location: ParamLocation,
    pub ty: String,
    pub required: bool,
    pub rules: Rules,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BodySurface {
    pub required: bool,
    /// Each media type and the Rust type it is sent from.
    pub options: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseSurface {
    /// `200`, `4XX` or `default`.
    pub status: String,
    pub success: bool,
    pub media_type: Option<String>,
    pub ty: Option<String>,
}

/// The surface of the crate the IR and the names generate.
pub fn surface(ir: &Ir, names: &Names, boxed: &Boxed, analysis: &Analysis) -> Surface {
    let settings = crate::settings::Settings::default();
    let models = ModelEmitter::new(ir, names, boxed, analysis, &settings);
    let mut types = Vec::new();
    for id in ir.ids().filter(|id| ir.get(*id).is_named()) {
        let ty = ir.get(id);
        let shape = match &ty.kind {
            TypeKind::Struct(s) => Shape::Struct {
                members: s
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(index, field)| {
                        let (rust_type, kind) = models.member(id, index, field);
                        Member {
                            name: names.field(id, index).to_owned(),
                            wire: field.wire_name.clone(),
                            ty: rust_type,
                            kind,
                            required: field.required,
                            nullable: field.nullable,
                            rules: field.rules.clone(),
                            default: field.default.clone(),
                            deprecated: field.deprecated,
                        }
                    })
                    .collect(),
                additional: s.additional.map(|additional| models.printer.text(additional)),
            },
            TypeKind::Enum(e) => Shape::Enum {
                values: e
                    .values
                    .iter()
                    .enumerate()
                    .map(|(index, value)| EnumValue {
                        variant: names.variant(id, index).to_owned(),
                        wire: value.wire.clone(),
                    })
                    .collect(),
            },
            TypeKind::Union(u) => Shape::Union {
                property: None,
                variants: u
                    .variants
                    .iter()
                    .enumerate()
                    .map(|(index, variant)| UnionVariant {
                        name: names.variant(id, index).to_owned(),
                        ty: models.printer.member_text(variant.ty, Holding::of(boxed, id, index)),
                        tags: Vec::new(),
                    })
                    .collect(),
            },
            TypeKind::Tagged(t) => Shape::Union {
                property: Some(t.property.clone()),
                variants: t
                    .variants
                    .iter()
                    .enumerate()
                    .map(|(index, variant)| UnionVariant {
                        name: names.variant(id, index).to_owned(),
                        ty: models.printer.member_text(variant.ty, Holding::of(boxed, id, index)),
                        tags: variant.tags.clone(),
                    })
                    .collect(),
            },
            TypeKind::Alias(target) => Shape::Alias { target: models.printer.text(*target) },
            _ => Shape::Alias { target: "::serde_json::Value".to_owned() },
        };
        types.push(TypeSurface {
            name: names.ty(id).to_owned(),
            pointer: ty.pointer.clone(),
            shape,
            in_request: analysis.in_request(id),
            in_response: analysis.in_response(id),
        });
    }
    // Twins are named aliases now (`Shape::Alias` above), so they are covered by the loop over named types.
    let operations = ir
        .operations
        .iter()
        .zip(&names.operations)
        .zip(signatures(ir, names, analysis))
        .map(|((operation, operation_names), signature)| OperationSurface {
            key: format!("{} {}", operation.method.to_ascii_uppercase(), operation.path),
            method: operation_names.method.clone(),
            pointer: operation.pointer.clone(),
            deprecated: operation.deprecated,
            signature,
            parameters: operation
                .parameters
                .iter()
                .zip(&operation_names.parameters)
                .map(|(parameter, name)| ParameterSurface {
                    name: name.clone(),
                    wire: parameter.wire_name.clone(),
                    location: parameter.location,
                    ty: models.printer.text(parameter.ty),
                    required: parameter.required,
                    rules: parameter.rules.clone(),
                })
                .collect(),
            body: operation.body.as_ref().map(|body| BodySurface {
                required: body.required,
                options: body
                    .options
                    .iter()
                    .map(|option| (option.media_type.clone(), models.printer.text(option.ty)))
                    .collect(),
            }),
            responses: operation
                .responses
                .iter()
                .map(|response| ResponseSurface {
                    status: status_label(response.status),
                    success: response.status.is_success(),
                    media_type: response.media_type.clone(),
                    ty: response.ty.map(|ty| models.printer.text(ty)),
                })
                .collect(),
        })
        .collect();
    let schemes = ir
        .security_schemes
        .iter()
        .zip(&names.schemes)
        .map(|(scheme, methods)| {
            let mut builder = vec![methods.method.clone()];
            builder.extend(methods.provider.iter().chain(&methods.client_credentials).cloned());
            (scheme.key.clone(), builder)
        })
        .collect();
    Surface { types, operations, schemes }
}

fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Exact(code) => code.to_string(),
        StatusMatch::Range(class) => format!("{class}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}
