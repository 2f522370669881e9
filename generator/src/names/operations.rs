//! Operation names: each operation's method (its operationId without a FastAPI slug, else method and path; ties
//! claimed shortest path first), its pages method, and the error enums operations with identical error statuses
//! share.

use super::*;
use indexmap::IndexMap;
use std::borrow::Cow;
use std::fmt::Write;

/// Methods the runtime's `Client` already has.
pub(crate) const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "request",
    "send",
    "call",
    "call_lines",
    "call_events",
    "call_event_text",
    "transmit",
    "transmit_streamed",
    "strict_decoding",
    "base_url",
    "retry_policy",
    "timeout",
    "max_response_bytes",
    "url_for",
    "headers_for",
    "clone",
    "fmt",
];

/// Groups operations that declare the same error statuses with the same bodies and descriptions (so their error
/// enums would be identical) and names each group's shared enum for what its operations have in common: no error
/// status at all (`UndeclaredError`), a tag they all carry (`WebhooksError`), else the statuses it decodes
/// ([`statuses_stem`]: `NotFoundError`). The stem is claimed among the operations' stems, so the name never meets
/// an operation's own type.
pub(super) fn shared_errors(ir: &Ir, stems: &mut Taken) -> Vec<SharedError> {
    // Each group's operations by its key, in the order of its first operation.
    let mut groups: IndexMap<String, Vec<usize>> = IndexMap::new();
    for (index, operation) in ir.operations.iter().enumerate() {
        groups.entry(error_statuses_key(operation)).or_default().push(index);
    }
    groups
        .into_iter()
        .filter(|(_, operations)| operations.len() > 1)
        .map(|(key, operations)| {
            if key.is_empty() {
                let stem = claim_quiet(stems, "Undeclared".to_owned());
                return SharedError { name: format!("{stem}Error"), operations, tag: None };
            }
            let first = &ir.operations[operations[0]];
            let tag = first
                .tags
                .iter()
                .find(|tag| operations.iter().all(|&index| ir.operations[index].tags.contains(tag)))
                .filter(|tag| !type_ident(tag).is_empty())
                .cloned();
            let wanted = tag.as_deref().map(type_ident).unwrap_or_else(|| statuses_stem(first));
            let stem = claim_quiet(stems, shorten(wanted));
            SharedError { name: format!("{stem}Error"), operations, tag }
        })
        .collect()
}

/// The stem of a shared error enum named by the error statuses it decodes, in the operation's order, by their
/// variants: one or two to three of them joined (`NotFound`, `BadRequestOrNotFound`), from four on the first and
/// how many more (`BadRequestAnd3More`). A last variant's own `Error` is left to the enum's suffix
/// (`InternalServerError`, not `InternalServerErrorError`).
fn statuses_stem(operation: &Operation) -> String {
    let has_success = operation.responses.iter().any(|r| r.status.is_success());
    // A `default` response of an operation without successes stands for them.
    let stands_for_successes = |response: &Response| response.status == StatusMatch::Default && !has_success;
    let variants: Vec<Cow<'static, str>> = operation
        .responses
        .iter()
        .filter(|r| !r.status.is_success() && !stands_for_successes(r))
        .map(|r| responses::status_variant(r.status))
        .collect();
    let stem = match variants.as_slice() {
        // Only a `default` that stands for the successes: nothing to name the errors by.
        [] => "Shared".to_owned(),
        [one] => one.to_string(),
        [first, rest @ ..] if rest.len() <= 2 => rest.iter().fold(first.to_string(), |stem, next| stem + "Or" + next),
        [first, rest @ ..] => format!("{first}And{}More", rest.len()),
    };
    match stem.strip_suffix("Error") {
        Some(shorter) if !shorter.is_empty() => shorter.to_owned(),
        _ => stem,
    }
}

/// What an operation's error enum is made of: each error status, how its body is read, its type and its
/// description (the variant's doc), and whether the default response is a success instead.
pub(super) fn error_statuses_key(operation: &Operation) -> String {
    let has_success = operation.responses.iter().any(|r| r.status.is_success());
    let mut key = String::new();
    for response in operation.responses.iter().filter(|r| !r.status.is_success()) {
        let default_success = response.status == StatusMatch::Default && !has_success;
        // Writing to a `String` cannot fail.
        let _ = writeln!(
            key,
            "{:?} {:?} {:?} {:?} {default_success}",
            response.status, response.encoding, response.ty, response.docs
        );
    }
    key
}

/// Every operation's method name, in document order. Operations that want the same name claim it shortest
/// path first (fewest segments, then fewest characters, then document order): `/work_queues/{id}` keeps
/// `read_work_queue` and `/work_pools/{name}/queues/{id}` is the one renamed, wherever each is in the document.
/// Renames are reported in document order. Then the pages methods of the operations that page, in document
/// order, after every operation's own name: `{method}_pages`.
pub(super) fn method_names(ir: &Ir, diagnostics: &mut Diagnostics) -> (Vec<String>, Vec<Option<String>>) {
    let mut wanted: Vec<String> = ir.operations.iter().map(method_ident).collect();
    let mut order: Vec<usize> = (0..ir.operations.len()).collect();
    order.sort_by_cached_key(|&index| {
        let path = &ir.operations[index].path;
        (path.split('/').filter(|segment| !segment.is_empty()).count(), path.len(), index)
    });
    let mut methods = Taken::reserving(CLIENT_METHODS);
    let mut claims: Vec<(usize, Claimed)> = order
        .into_iter()
        .map(|index| (index, claim_or_rename(&mut methods, std::mem::take(&mut wanted[index]))))
        .collect();
    claims.sort_unstable_by_key(|&(index, _)| index);
    let claimed: Vec<String> = ir
        .operations
        .iter()
        .zip(claims)
        .map(|(operation, (_, claim))| match claim {
            Claimed::Wanted(name) => name,
            Claimed::Renamed { wanted, name } => {
                report_member_renamed(diagnostics, &operation.pointer, &wanted, &name);
                name
            }
        })
        .collect();
    let pages = ir
        .operations
        .iter()
        .zip(&claimed)
        .map(|(operation, method)| {
            operation.pagination.as_ref()?;
            let wanted = format!("{}_pages", method.trim_start_matches("r#"));
            Some(claim_member(&mut methods, wanted, diagnostics, &operation.pointer))
        })
        .collect();
    (claimed, pages)
}

/// The method name of an operation: a FastAPI-style operationId without its path-and-method slug,
/// or method + path when there is no operationId.
pub(super) fn method_ident(operation: &Operation) -> String {
    let raw = match &operation.operation_id {
        Some(id) => Cow::Borrowed(strip_fastapi_slug(id, &operation.path, &operation.method).unwrap_or(id)),
        None => Cow::Owned(format!("{} {}", operation.method, operation.path.replace(['{', '}'], " by "))),
    };
    let mut name = field_ident(&raw);
    if name.starts_with("r#") {
        name.replace_range(..2, "");
        name.push('_');
    }
    name
}

/// FastAPI builds operationIds as `name + re.sub(r"\W", "_", path) + "_" + method`.
/// The suffix is matched from its end, a character at a time, without building it.
pub fn strip_fastapi_slug<'a>(operation_id: &'a str, path: &str, method: &str) -> Option<&'a str> {
    let mut stem = operation_id.strip_suffix(method)?.strip_suffix('_')?;
    for c in path.chars().rev() {
        stem = stem.strip_suffix(if c.is_alphanumeric() || c == '_' { c } else { '_' })?;
    }
    Some(stem).filter(|stem| !stem.is_empty() && !stem.ends_with('_'))
}
