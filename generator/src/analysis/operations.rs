//! The facts of one operation: the path template its request starts from (and which path parameters the template
//! names, in order), and whether its successes are one stream read as it arrives.

use crate::error::{Diagnostics, WarningKind};
use crate::ir::*;

/// What the emitter needs to know about one operation.
#[derive(Debug)]
pub struct OperationFacts {
    /// The path template the request starts from: the document's path with each colon-style segment that names a
    /// declared path parameter (`/profiles/:id`) written as a group (`/profiles/{id}`).
    pub template: String,
    /// The indexes of the path parameters the template names, in the order they first appear.
    pub path_parameters: Vec<usize>,
    /// When every success is one stream (JSON lines or server-sent events), its encoding: the method returns a
    /// `runtime::JsonLines` or `runtime::EventStream` read as it arrives.
    pub streamed: Option<ResponseEncoding>,
    /// Whether the successes decode into different Rust types, so that the method returns an enum of them (one
    /// variant per status).
    pub success_enum: bool,
}

impl OperationFacts {
    /// The operation's facts; a stream next to a success of another kind gives a warning.
    pub fn new(ir: &Ir, operation: &Operation, diagnostics: &mut Diagnostics) -> Self {
        let streamed = streams(ir, operation, diagnostics);
        let success_enum = successes_differ(ir, operation, streamed);
        let (template, path_parameters) = path_template(operation);
        OperationFacts { template, path_parameters, streamed, success_enum }
    }
}

/// The path template the request starts from, and the indices of the path parameters it names, in the order they
/// first appear.
///
/// Nothing but colon-style segments naming a declared path parameter changes, so literal text is sent as the spec
/// writes it. Groups are read by [`split_path_group`], the rule the runtime fills them by. A written group only
/// ever follows `/`, `}` or the start of the template and is followed by `/` or the end, so it neither joins nor
/// splits any other group.
fn path_template(operation: &Operation) -> (String, Vec<usize>) {
    let path_parameter =
        |name: &str| operation.parameters.iter().position(|p| p.location == ParamLocation::Path && p.wire_name == name);
    let mut template = String::new();
    let mut used = Vec::new();
    let mut rest = operation.path.as_str();
    loop {
        let (text, group) = match split_path_group(rest) {
            Some((text, name, after)) => {
                rest = after;
                (text, Some(name))
            }
            None => (std::mem::take(&mut rest), None),
        };
        // Colon-style templates (`/profiles/:id`) name declared path parameters too.
        for segment in text.split_inclusive('/') {
            let bare = segment.trim_end_matches('/');
            let colon = bare.strip_prefix(':').filter(|name| !name.contains(['{', '}']));
            match colon.and_then(|name| Some((name, path_parameter(name)?))) {
                Some((name, index)) => {
                    push_group(&mut template, &mut used, name, Some(index));
                    template.push_str(&segment[bare.len()..]);
                }
                None => template.push_str(segment),
            }
        }
        let Some(name) = group else { break };
        push_group(&mut template, &mut used, name, path_parameter(name));
    }
    (template, used)
}

/// Appends the group `{name}` to a path template, and the index of the path parameter it names (if one does)
/// to `used` unless it is there already.
fn push_group(template: &mut String, used: &mut Vec<usize>, name: &str, parameter: Option<usize>) {
    if let Some(index) = parameter.filter(|index| !used.contains(index)) {
        used.push(index);
    }
    template.push('{');
    template.push_str(name);
    template.push('}');
}

/// The responses that are the operation's successes: its 2xx ones, else its default one.
pub fn successes(operation: &Operation) -> Vec<&Response> {
    let declared: Vec<&Response> = operation.responses.iter().filter(|r| r.status.is_success()).collect();
    if declared.is_empty() {
        return operation.responses.iter().filter(|r| r.status == StatusMatch::Default).collect();
    }
    declared
}

/// When an operation's successes are all one kind of stream (JSON lines or server-sent events; bodiless ones
/// aside) of one item type, that kind: its method returns them as a stream read as it arrives. A stream next to
/// a success of another kind is read as bytes, with a warning.
fn streams(ir: &Ir, operation: &Operation, diagnostics: &mut Diagnostics) -> Option<ResponseEncoding> {
    let successes = successes(operation);
    let with_body: Vec<&&Response> = successes.iter().filter(|r| r.encoding != ResponseEncoding::Empty).collect();
    let is_stream = |encoding| matches!(encoding, ResponseEncoding::JsonLines | ResponseEncoding::EventStream);
    let first = with_body.iter().find(|response| is_stream(response.encoding))?;
    let same_items = |response: &Response| response.ty.map(|ty| spelled(ir, ty)) == first.ty.map(|ty| spelled(ir, ty));
    if with_body.iter().all(|response| response.encoding == first.encoding && same_items(response)) {
        return Some(first.encoding);
    }
    let kind = if first.encoding == ResponseEncoding::EventStream { "server-sent events" } else { "JSON lines" };
    diagnostics.warn(
        WarningKind::MediaType,
        &operation.pointer,
        format!(
            "a success streamed as {kind} is read as bytes: the operation's other successes are not streams of the \
             same items"
        ),
    );
    None
}

/// A Rust type as the emitter spells it, up to the spelling of paths: two types with one `Spelled` are printed
/// alike. A named type is its id (names are unique); an unnamed one its shape, behind unnamed aliases; every
/// schema left as free-form JSON is one `serde_json::Value`. (An `x-rust-type` path is compared as its text
/// only with another path.)
#[derive(Debug, Clone, PartialEq, Eq)]
enum Spelled {
    Named(TypeId),
    Value,
    Unit,
    Bool,
    Integer(IntegerKind),
    Number(NumberKind),
    String,
    DateTime,
    Date,
    EmptyString,
    External(String),
    Vec(Box<Spelled>),
    Map(Box<Spelled>),
    Option(Box<Spelled>),
    /// `Vec<u8>`: raw bytes.
    Bytes,
    /// A stream of JSON lines of the item type.
    Lines(Box<Spelled>),
    /// A stream of server-sent events whose data is of the type.
    Events(Box<Spelled>),
}

fn spelled(ir: &Ir, id: TypeId) -> Spelled {
    let id = behind_unnamed_aliases(ir, id);
    let ty = ir.get(id);
    if ty.is_named() {
        return Spelled::Named(id);
    }
    match &ty.kind {
        TypeKind::Null => Spelled::Unit,
        TypeKind::Bool => Spelled::Bool,
        TypeKind::Integer(kind) => Spelled::Integer(*kind),
        TypeKind::Number(kind) => Spelled::Number(*kind),
        TypeKind::String(StringKind::DateTime) => Spelled::DateTime,
        TypeKind::String(StringKind::Date) => Spelled::Date,
        TypeKind::String(StringKind::Empty) => Spelled::EmptyString,
        TypeKind::String(StringKind::Plain | StringKind::Uuid) => Spelled::String,
        TypeKind::Array(item) => Spelled::Vec(Box::new(spelled(ir, *item))),
        TypeKind::Map(value) => Spelled::Map(Box::new(spelled(ir, *value))),
        TypeKind::Nullable(inner) => Spelled::Option(Box::new(spelled(ir, *inner))),
        TypeKind::External(path) => Spelled::External(path.clone()),
        // Not reached: an unnamed alias was followed above.
        TypeKind::Alias(target) => spelled(ir, *target),
        TypeKind::Any
        | TypeKind::Pending
        | TypeKind::Struct(_)
        | TypeKind::Enum(_)
        | TypeKind::Union(_)
        | TypeKind::Tagged(_) => Spelled::Value,
    }
}

/// The Rust type a success decodes into, as the method's return type spells it; `streamed` is the kind of stream
/// the operation's successes are read as, if any (see [`OperationFacts::streamed`]).
fn decoded(ir: &Ir, response: &Response, streamed: Option<ResponseEncoding>) -> Spelled {
    let item = |ty: Option<TypeId>| ty.map_or(Spelled::Value, |ty| spelled(ir, ty));
    match response.encoding {
        ResponseEncoding::Json => item(response.ty),
        ResponseEncoding::JsonLines if streamed == Some(ResponseEncoding::JsonLines) => {
            Spelled::Lines(Box::new(item(response.ty)))
        }
        ResponseEncoding::EventStream if streamed == Some(ResponseEncoding::EventStream) => {
            Spelled::Events(Box::new(response.ty.map_or(Spelled::String, |ty| spelled(ir, ty))))
        }
        ResponseEncoding::JsonLines | ResponseEncoding::EventStream | ResponseEncoding::Bytes => Spelled::Bytes,
        ResponseEncoding::Text => Spelled::String,
        ResponseEncoding::Empty => Spelled::Unit,
    }
}

/// Whether the successes decode into different Rust types, so that the method returns an enum of them.
fn successes_differ(ir: &Ir, operation: &Operation, streamed: Option<ResponseEncoding>) -> bool {
    let mut types = successes(operation).into_iter().map(|response| decoded(ir, response, streamed));
    match types.next() {
        Some(first) => types.any(|ty| ty != first),
        None => false,
    }
}

/// The type an unnamed alias stands for (a named alias is a type of its own name).
fn behind_unnamed_aliases(ir: &Ir, mut id: TypeId) -> TypeId {
    for _ in 0..64 {
        match &ir.get(id).kind {
            TypeKind::Alias(target) if !ir.get(id).is_named() => id = *target,
            _ => break,
        }
    }
    id
}
