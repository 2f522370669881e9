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
}

impl OperationFacts {
    /// The operation's facts; a stream next to a success of another kind gives a warning.
    pub fn new(ir: &Ir, operation: &Operation, diagnostics: &mut Diagnostics) -> Self {
        let streamed = streams(ir, operation, diagnostics);
        let (template, path_parameters) = path_template(operation);
        OperationFacts { template, path_parameters, streamed }
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
    let same_items = |response: &Response| match (response.ty, first.ty) {
        (Some(item), Some(first)) => same_rust_type(ir, item, first),
        (item, first) => item.is_none() && first.is_none(),
    };
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

/// Whether two types are spelled as one Rust type: the same named type (names are unique), or unnamed types of
/// the same shape, behind unnamed aliases; the schemas' leftovers that become `serde_json::Value` are one type.
fn same_rust_type(ir: &Ir, a: TypeId, b: TypeId) -> bool {
    let (a, b) = (behind_unnamed_aliases(ir, a), behind_unnamed_aliases(ir, b));
    if a == b {
        return true;
    }
    let (ta, tb) = (ir.get(a), ir.get(b));
    if ta.is_named() || tb.is_named() {
        return false;
    }
    let is_value = |kind: &TypeKind| {
        matches!(
            kind,
            TypeKind::Any
                | TypeKind::Pending
                | TypeKind::Struct(_)
                | TypeKind::Enum(_)
                | TypeKind::Union(_)
                | TypeKind::Tagged(_)
        )
    };
    let is_plain_string = |kind: &TypeKind| matches!(kind, TypeKind::String(s) if !matches!(s, StringKind::DateTime | StringKind::Date | StringKind::Empty));
    match (&ta.kind, &tb.kind) {
        (TypeKind::Array(x), TypeKind::Array(y))
        | (TypeKind::Map(x), TypeKind::Map(y))
        | (TypeKind::Nullable(x), TypeKind::Nullable(y)) => same_rust_type(ir, *x, *y),
        (TypeKind::External(x), TypeKind::External(y)) => x == y,
        (x, y) if is_value(x) && is_value(y) => true,
        (x, y) if is_plain_string(x) && is_plain_string(y) => true,
        (TypeKind::Null, TypeKind::Null) | (TypeKind::Bool, TypeKind::Bool) => true,
        (TypeKind::Integer(x), TypeKind::Integer(y)) => x == y,
        (TypeKind::Number(x), TypeKind::Number(y)) => x == y,
        (TypeKind::String(x), TypeKind::String(y)) => x == y,
        _ => false,
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
