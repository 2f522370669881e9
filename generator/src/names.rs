//! Naming: the IR in, every Rust identifier out. The only place that knows Rust keywords and casing;
//! required names (component keys) are claimed before suggested ones, ties are broken with numeric
//! suffixes in IR order, and every tie broken is reported.

use crate::error::{Diagnostics, WarningKind};
use crate::ir::*;
use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::{BTreeMap, BTreeSet};

mod responses;

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait",
    "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override",
    "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];
/// Keywords that cannot be raw identifiers.
const HARD_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];
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

/// Methods the runtime's `ClientBuilder` already has, and `credential`, which the generated ones call.
pub(crate) const BUILDER_METHODS: &[&str] = &[
    "default",
    "base_url",
    "origin",
    "server",
    "server_variable",
    "http_client",
    "timeout",
    "user_agent",
    "retry",
    "max_response_bytes",
    "strict_decoding",
    "default_header",
    "hook",
    "build",
    "credential",
    "clone",
    "fmt",
];

/// The `ClientBuilder` methods of one security scheme.
#[derive(Debug, Default)]
pub struct SchemeNames {
    /// The method that takes the credential itself: a key, a token, or a user and a password.
    pub method: String,
    /// The method that takes a token provider (every kind but HTTP basic).
    pub provider: Option<String>,
    /// The method that takes a client id and secret (OAuth 2 with the client credentials flow).
    pub client_credentials: Option<String>,
    /// The method that takes a user name and password (OAuth 2 with the password flow).
    pub password: Option<String>,
}

#[derive(Debug, Default)]
pub struct OperationNames {
    pub method: String,
    /// The method that streams the pages of an operation that pages (`{method}_pages`).
    pub pages: Option<String>,
    pub parameters: Vec<String>,
    pub body: String,
    /// The operation's own types in `operations.rs`, each the stem and a suffix none of the others ends with
    /// (so that two operations' types never meet): its optional parameters (`{stem}Params`), a body in
    /// several media types (`{stem}Body`), successes of several types (`{stem}Response`) and its errors
    /// (`{stem}Error`).
    pub params_type: String,
    pub body_type: String,
    pub response_type: String,
    pub error_type: String,
    /// The index in [`Names::shared_errors`] of the error enum the operation shares with others (declaring the
    /// same error statuses with the same bodies): `error_type` is then an alias of it.
    pub shared_error: Option<usize>,
    /// The variant of each declared status in the success or error enum (see `names/responses.rs`).
    pub status_variants: BTreeMap<StatusMatch, String>,
    /// The variant of each body option (by index) in the body enum.
    pub body_variants: Vec<String>,
}

/// An error enum that several operations share, named for what they have in common.
#[derive(Debug, Default)]
pub struct SharedError {
    pub name: String,
    /// The operations that share it (indexes in `Ir::operations`), in document order.
    pub operations: Vec<usize>,
    /// The tag every one of them has, when the name comes from it.
    pub tag: Option<String>,
}

impl OperationNames {
    /// Every type name the operation may declare in `operations.rs`.
    pub fn type_names(&self) -> [&str; 4] {
        [&self.params_type, &self.body_type, &self.response_type, &self.error_type]
    }
}

#[derive(Debug, Default)]
pub struct Names {
    pub types: BTreeMap<TypeId, String>,
    pub fields: BTreeMap<(TypeId, usize), String>,
    pub variants: BTreeMap<(TypeId, usize), String>,
    /// The catch-all variant of each enum or union (`Unknown` / `Other` unless a value took it).
    pub catch_all: BTreeMap<TypeId, String>,
    pub operations: Vec<OperationNames>,
    /// Error enums shared by several operations, in the order of their first operation.
    pub shared_errors: Vec<SharedError>,
    /// The builder methods of each of `Ir::security_schemes`, by scheme id.
    pub schemes: Vec<SchemeNames>,
}

/// Lookups of what the naming pass decided. The emitter asks only for names the pass gives (every named type,
/// every member of a struct, every variant and catch-all of an enum or union): a missing one is a bug in the
/// generator, which these report loudly instead of printing an invented name.
impl Names {
    /// The name of a named type.
    pub fn ty(&self, id: TypeId) -> &str {
        decided(self.types.get(&id), "type", id, None)
    }

    /// The name of a struct's member `index` (`fields.len()` for its map of additional members).
    pub fn field(&self, id: TypeId, index: usize) -> &str {
        decided(self.fields.get(&(id, index)), "member", id, Some(index))
    }

    /// The name of an enum's or union's variant `index`.
    pub fn variant(&self, id: TypeId, index: usize) -> &str {
        decided(self.variants.get(&(id, index)), "variant", id, Some(index))
    }

    /// The builder methods of security scheme `id` (its index in `Ir::security_schemes`).
    #[track_caller]
    pub fn scheme(&self, id: usize) -> &SchemeNames {
        match self.schemes.get(id) {
            Some(names) => names,
            None => panic!("internal error: the naming pass gave no builder methods to security scheme {id}"),
        }
    }

    /// The name of an enum's or union's catch-all variant.
    pub fn catch_all(&self, id: TypeId) -> &str {
        decided(self.catch_all.get(&id), "catch-all variant", id, None)
    }
}

/// A name the naming pass decided; its absence is a generator bug.
#[track_caller]
fn decided<'a>(name: Option<&'a String>, what: &str, id: TypeId, index: Option<usize>) -> &'a str {
    match name {
        Some(name) => name,
        None => panic!("internal error: the naming pass gave no name to the {what} {index:?} of type {id:?}"),
    }
}

/// Assigns every identifier the emitter will print.
pub fn name(ir: &Ir, diagnostics: &mut Diagnostics) -> Names {
    let mut names = Names::default();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for id in ir.ids() {
        if let Some(NameHint::Required(key)) = &ir.get(id).name {
            let name = claim(&mut taken, type_ident(key), diagnostics, &ir.get(id).pointer, key);
            names.types.insert(id, name);
        }
    }
    for id in ir.ids() {
        if let Some(NameHint::Suggested(parts)) = &ir.get(id).name {
            let mut words: Vec<String> = parts.iter().map(|p| type_ident(p)).collect();
            // A union's constant branch (`{type: string, const: now}`, suggested as `…String`) is named by its value.
            if let (TypeKind::Enum(e), Some(last)) = (&ir.get(id).kind, words.last_mut()) {
                if e.values.len() == 1 && parts.last().is_some_and(|part| part == "string") {
                    *last = type_ident(&e.values[0].wire);
                }
            }
            let joined = shorten(words.concat());
            // Suggested names are expected to need suffixes sometimes; they are not reported.
            let name = claim_quiet(&mut taken, joined);
            names.types.insert(id, name);
        }
    }
    for id in ir.ids() {
        let ty = ir.get(id);
        match &ty.kind {
            TypeKind::Struct(s) => {
                let mut fields = BTreeSet::new();
                for (index, field) in s.fields.iter().enumerate() {
                    let name = claim_member(&mut fields, field_ident(&field.wire_name), diagnostics, &field.pointer);
                    names.fields.insert((id, index), name);
                }
                if s.additional.is_some() {
                    let name = claim_member(&mut fields, "additional_properties".to_owned(), diagnostics, &ty.pointer);
                    names.fields.insert((id, s.fields.len()), name);
                }
            }
            TypeKind::Enum(e) => {
                let mut variants = BTreeSet::new();
                for (index, value) in e.values.iter().enumerate() {
                    let name = claim_member(&mut variants, variant_ident(&value.wire), diagnostics, &ty.pointer);
                    names.variants.insert((id, index), name);
                }
                names.catch_all.insert(id, catch_all(&variants, "Unknown"));
            }
            TypeKind::Union(u) => {
                let mut variants = BTreeSet::new();
                for (index, variant) in u.variants.iter().enumerate() {
                    let name = claim_quiet(&mut variants, union_variant_ident(ir, variant));
                    names.variants.insert((id, index), name);
                }
                names.catch_all.insert(id, catch_all(&variants, "Other"));
            }
            TypeKind::Tagged(t) => {
                let mut variants = BTreeSet::new();
                for (index, variant) in t.variants.iter().enumerate() {
                    let name = claim_quiet(&mut variants, variant_ident(&variant.hint));
                    names.variants.insert((id, index), name);
                }
                names.catch_all.insert(id, catch_all(&variants, "Other"));
            }
            _ => {}
        }
    }
    let (method_names, pages_names) = method_names(ir, diagnostics);
    let mut stems: BTreeSet<String> = BTreeSet::new();
    for ((operation, method), pages) in ir.operations.iter().zip(method_names).zip(pages_names) {
        let type_stem = claim_quiet(&mut stems, shorten(method.trim_start_matches("r#").to_upper_camel_case()));
        // The generated method body's own locals are taken first.
        let mut parameter_names: BTreeSet<String> =
            ["body", "params", "path", "request", "response", "value", "r"].into_iter().map(str::to_owned).collect();
        let parameters = operation
            .parameters
            .iter()
            .map(|p| claim_member(&mut parameter_names, field_ident(&p.wire_name), diagnostics, &p.pointer))
            .collect();
        names.operations.push(OperationNames {
            params_type: format!("{type_stem}Params"),
            body_type: format!("{type_stem}Body"),
            response_type: format!("{type_stem}Response"),
            error_type: format!("{type_stem}Error"),
            method,
            pages,
            parameters,
            body: "body".to_owned(),
            shared_error: None,
            status_variants: responses::status_variants(operation),
            body_variants: responses::body_variants(operation),
        });
    }
    names.shared_errors = shared_errors(ir, &mut stems);
    for (index, shared) in names.shared_errors.iter().enumerate() {
        for &operation in &shared.operations {
            names.operations[operation].shared_error = Some(index);
        }
    }
    names.schemes = scheme_names(ir, diagnostics);
    names
}

/// Groups operations that declare the same error statuses with the same bodies and descriptions (so their error
/// enums would be identical) and names each group's shared enum for what its operations have in common: no error
/// status at all (`UndeclaredError`), a tag they all carry (`WebhooksError`), else `SharedError`. The stem is claimed among the operations' stems, so the
/// name never meets an operation's own type.
fn shared_errors(ir: &Ir, stems: &mut BTreeSet<String>) -> Vec<SharedError> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    for (index, operation) in ir.operations.iter().enumerate() {
        let key = error_statuses_key(operation);
        match by_key.get(&key) {
            Some(&group) => groups[group].1.push(index),
            None => {
                by_key.insert(key.clone(), groups.len());
                groups.push((key, vec![index]));
            }
        }
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
            let wanted = tag.as_deref().map(type_ident).unwrap_or_else(|| "Shared".to_owned());
            let stem = claim_quiet(stems, shorten(wanted));
            SharedError { name: format!("{stem}Error"), operations, tag }
        })
        .collect()
}

/// What an operation's error enum is made of: each error status, how its body is read, its type and its
/// description (the variant's doc), and whether the default response is a success instead.
fn error_statuses_key(operation: &Operation) -> String {
    let has_success = operation.responses.iter().any(|r| r.status.is_success());
    let mut key = String::new();
    for response in operation.responses.iter().filter(|r| !r.status.is_success()) {
        let default_success = response.status == StatusMatch::Default && !has_success;
        key.push_str(&format!(
            "{:?} {:?} {:?} {:?} {default_success}\n",
            response.status, response.encoding, response.ty, response.docs
        ));
    }
    key
}

/// Every operation's method name, in document order. Operations that want the same name claim it shortest
/// path first (fewest segments, then fewest characters, then document order): `/work_queues/{id}` keeps
/// `read_work_queue` and `/work_pools/{name}/queues/{id}` is the one renamed, wherever each is in the document.
/// Renames are reported in document order. Then the pages methods of the operations that page, in document
/// order, after every operation's own name: `{method}_pages`.
fn method_names(ir: &Ir, diagnostics: &mut Diagnostics) -> (Vec<String>, Vec<Option<String>>) {
    let wanted: Vec<String> = ir.operations.iter().map(method_ident).collect();
    let mut order: Vec<usize> = (0..ir.operations.len()).collect();
    order.sort_by_key(|&index| {
        let path = &ir.operations[index].path;
        (path.split('/').filter(|segment| !segment.is_empty()).count(), path.len(), index)
    });
    let mut methods: BTreeSet<String> = CLIENT_METHODS.iter().map(|m| (*m).to_owned()).collect();
    let mut claimed = vec![String::new(); wanted.len()];
    for index in order {
        claimed[index] = claim_quiet(&mut methods, wanted[index].clone());
    }
    for ((operation, wanted), name) in ir.operations.iter().zip(&wanted).zip(&claimed) {
        if name != wanted {
            diagnostics.warn(WarningKind::Renamed, &operation.pointer, format!("`{wanted}` is taken; named `{name}`"));
        }
    }
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

/// The builder methods of the security schemes: named after the scheme's key without a trailing `auth`
/// (`bearerAuth` → `bearer_token`), with a suffix saying what it takes: `_key` for an API key (unless the name
/// ends in `key`, `token` or `secret`), `_auth` for HTTP basic, `_token` for a bearer, OAuth 2 or OpenID Connect
/// token (unless it ends in `token`), then `_provider`, `_client_credentials` and `_password` for the other ways to supply it.
fn scheme_names(ir: &Ir, diagnostics: &mut Diagnostics) -> Vec<SchemeNames> {
    let mut taken: BTreeSet<String> = BUILDER_METHODS.iter().map(|m| (*m).to_owned()).collect();
    let mut all = Vec::new();
    for scheme in &ir.security_schemes {
        let snake = field_ident(&scheme.key).trim_start_matches("r#").to_owned();
        let stem = ["_authentication", "_authorization", "_auth", "_security", "_scheme"]
            .iter()
            .find_map(|suffix| snake.strip_suffix(suffix))
            .unwrap_or(&snake)
            .to_owned();
        let ends_with = |words: &[&str]| words.iter().any(|word| stem == *word || stem.ends_with(&format!("_{word}")));
        let wanted = match &scheme.kind {
            SchemeKind::ApiKey { .. } if ends_with(&["key", "token", "secret"]) => stem.clone(),
            SchemeKind::ApiKey { .. } => format!("{stem}_key"),
            SchemeKind::Basic => format!("{stem}_auth"),
            _ if ends_with(&["token"]) => stem.clone(),
            _ => format!("{stem}_token"),
        };
        let method = claim_member(&mut taken, field_ident(&wanted), diagnostics, &scheme.pointer);
        let provider = (scheme.kind != SchemeKind::Basic).then(|| {
            let wanted = format!("{}_provider", method.trim_start_matches("r#"));
            claim_member(&mut taken, wanted, diagnostics, &scheme.pointer)
        });
        let client_credentials = matches!(scheme.kind, SchemeKind::OAuth2 { token_url: Some(_), .. })
            .then(|| claim_member(&mut taken, format!("{stem}_client_credentials"), diagnostics, &scheme.pointer));
        let password = matches!(scheme.kind, SchemeKind::OAuth2 { password_url: Some(_), .. })
            .then(|| claim_member(&mut taken, format!("{stem}_password"), diagnostics, &scheme.pointer));
        all.push(SchemeNames { method, provider, client_credentials, password });
    }
    all
}

fn catch_all(taken: &BTreeSet<String>, preferred: &str) -> String {
    let mut candidate = preferred.to_owned();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{preferred}{n}");
        n += 1;
    }
    candidate
}

fn claim(
    taken: &mut BTreeSet<String>,
    wanted: String,
    diagnostics: &mut Diagnostics,
    pointer: &str,
    original: &str,
) -> String {
    let name = claim_quiet(taken, wanted.clone());
    if name != wanted {
        diagnostics.warn(
            WarningKind::Renamed,
            pointer,
            format!("{original:?} would be named `{wanted}`, which is taken; named `{name}`"),
        );
    }
    name
}

fn claim_member(taken: &mut BTreeSet<String>, wanted: String, diagnostics: &mut Diagnostics, pointer: &str) -> String {
    let name = claim_quiet(taken, wanted.clone());
    if name != wanted {
        diagnostics.warn(WarningKind::Renamed, pointer, format!("`{wanted}` is taken; named `{name}`"));
    }
    name
}

fn claim_quiet(taken: &mut BTreeSet<String>, wanted: String) -> String {
    let plain = wanted.trim_start_matches("r#").to_owned();
    let mut candidate = wanted.clone();
    let mut n = 2;
    while taken.contains(candidate.trim_start_matches("r#")) {
        // `self_` becomes `self_2`, not `self__2`, which is not snake case.
        let separator = if plain.ends_with('_') {
            ""
        } else if plain.ends_with(|c: char| c.is_ascii_digit())
            || plain.contains('_')
            || plain.chars().all(|c| !c.is_ascii_uppercase())
        {
            "_"
        } else {
            ""
        };
        candidate = format!("{plain}{separator}{n}");
        n += 1;
    }
    taken.insert(candidate.trim_start_matches("r#").to_owned());
    candidate
}

/// Words for values made only of punctuation (`*` → `Star`, `>=` → `GtEq`).
fn symbol_words(raw: &str) -> String {
    raw.chars()
        .map(|c| match c {
            '*' => "star ",
            '+' => "plus ",
            '-' => "minus ",
            '<' => "lt ",
            '>' => "gt ",
            '=' => "eq ",
            '!' => "not ",
            '.' => "dot ",
            '/' => "slash ",
            '@' => "at ",
            '#' => "hash ",
            '$' => "dollar ",
            '%' => "percent ",
            '&' => "and ",
            '|' => "or ",
            '~' => "tilde ",
            '?' => "question ",
            ':' => "colon ",
            ',' => "comma ",
            '_' => "underscore ",
            ' ' => "space ",
            _ => "symbol ",
        })
        .collect()
}

/// The words of a name: its ASCII letters and digits, any other character separating them, or, when it has no
/// ASCII letter or digit, the words of its symbols. Empty only when `raw` is.
fn ascii_words(raw: &str) -> String {
    let has_alnum = raw.chars().any(|c| c.is_ascii_alphanumeric());
    if !has_alnum && !raw.is_empty() {
        return symbol_words(raw);
    }
    // Keep ASCII letters and digits; every other character separates words.
    raw.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c
            } else if c.is_ascii() {
                ' '
            } else {
                '_'
            }
        })
        .collect::<String>()
        .replace('_', "")
}

/// An `UpperCamel` type name: the key's words (see [`variant_ident`]), `Type` for the empty key, `T` before a
/// leading digit, `SelfType` for `Self`, shortened to [`MAX_TYPE_NAME`].
pub fn type_ident(raw: &str) -> String {
    let mut name = ascii_words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Type".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("T{name}");
    }
    if name == "Self" {
        name = "SelfType".to_owned();
    }
    shorten(name)
}

/// The longest type name (or operation type stem) the naming pass hands out, before a numeric suffix.
/// rustdoc writes a file per type (`struct.Name.html`), and names from deeply nested inline schemas
/// would otherwise pass the 255-byte file-name limit of common file systems.
pub const MAX_TYPE_NAME: usize = 100;

fn shorten(mut name: String) -> String {
    let mut end = MAX_TYPE_NAME.min(name.len());
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name.truncate(end);
    name
}

/// An `UpperCamel` enum variant name: the value's words (`object.created` → `ObjectCreated`; a value without
/// ASCII letters or digits by the words of its symbols, `*` → `Star`, so no name is empty), `Empty` for the empty
/// value, `V` before a leading digit, and `SelfValue` for `Self`.
pub fn variant_ident(raw: &str) -> String {
    if raw.is_empty() {
        return "Empty".to_owned();
    }
    let mut name = ascii_words(raw).to_upper_camel_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("V{name}");
    }
    if name == "Self" {
        name = "SelfValue".to_owned();
    }
    name
}

/// The name of an untagged union's variant. A branch named only by its JSON type (`string`, `integer`) is named
/// by what sets it apart from the type's other values, when something does: its format (`DateTime`, `Date`,
/// `Uuid`) or, for a constant, the constant's value.
fn union_variant_ident(ir: &Ir, variant: &Variant) -> String {
    const JSON_TYPES: &[&str] = &["string", "integer", "number", "boolean", "Array", "Object"];
    if !JSON_TYPES.contains(&variant.hint.as_str()) {
        return variant_ident(&variant.hint);
    }
    match &ir.get(variant.ty).kind {
        TypeKind::String(StringKind::DateTime) => "DateTime".to_owned(),
        TypeKind::String(StringKind::Date) => "Date".to_owned(),
        TypeKind::String(StringKind::Uuid) => "Uuid".to_owned(),
        TypeKind::Enum(e) if e.values.len() == 1 => variant_ident(&e.values[0].wire),
        _ => variant_ident(&variant.hint),
    }
}

/// A `snake_case` field, parameter or method name: the name's words (see [`variant_ident`]), `value` for the
/// empty name, `n` before a leading digit, raw where it is a keyword (`r#type`) and with `_` after one that
/// cannot be (`self_`).
pub fn field_ident(raw: &str) -> String {
    let mut name = ascii_words(raw).to_snake_case();
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("n{name}");
    }
    if HARD_KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        name = format!("r#{name}");
    }
    name
}

/// The method name of an operation: a FastAPI-style operationId without its path-and-method slug,
/// or method + path when there is no operationId.
fn method_ident(operation: &Operation) -> String {
    let raw = match &operation.operation_id {
        Some(id) => strip_fastapi_slug(id, &operation.path, &operation.method).unwrap_or(id).to_owned(),
        None => format!("{} {}", operation.method, operation.path.replace(['{', '}'], " by ")),
    };
    let mut name = field_ident(&raw);
    if let Some(stripped) = name.strip_prefix("r#") {
        name = format!("{stripped}_");
    }
    name
}

/// FastAPI builds operationIds as `name + re.sub(r"\W", "_", path) + "_" + method`.
pub fn strip_fastapi_slug<'a>(operation_id: &'a str, path: &str, method: &str) -> Option<&'a str> {
    let slug: String = path.chars().map(|c| if c.is_alphanumeric() || c == '_' { c } else { '_' }).collect();
    let suffix = format!("{slug}_{method}");
    operation_id.strip_suffix(&suffix).filter(|stem| !stem.is_empty() && !stem.ends_with('_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fastapi_slug_is_stripped() {
        assert_eq!(
            strip_fastapi_slug(
                "update_webhook_v1_organizations_webhooks__identifier__put",
                "/v1/organizations/webhooks/{identifier}",
                "put"
            ),
            Some("update_webhook")
        );
        assert_eq!(
            strip_fastapi_slug("list_webhooks_v1_organizations_webhooks__get", "/v1/organizations/webhooks/", "get"),
            Some("list_webhooks")
        );
        assert_eq!(strip_fastapi_slug("getPet", "/pets/{id}", "get"), None);
    }

    fn named(text: &str) -> (Ir, Names) {
        let mut document = crate::parse::parse_document("spec.yaml", text).unwrap();
        let mut diagnostics = Diagnostics::new("spec.yaml");
        crate::normalize::normalize(&mut document, &mut diagnostics).unwrap();
        let ir = crate::lower::lower(&document, &mut diagnostics);
        let names = name(&ir, &mut diagnostics);
        (ir, names)
    }

    #[test]
    fn union_variants_are_named_by_format_or_constant() {
        let (ir, names) = named(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    When:\n      anyOf: [{type: string, format: date-time}, {type: string, const: now}, {type: integer}, {type: string, format: date}]\n",
        );
        let id = ir.ids().find(|&id| names.ty(id) == "When").unwrap();
        let variants: Vec<&str> = (0..4).map(|index| names.variants[&(id, index)].as_str()).collect();
        assert_eq!(variants, ["DateTime", "Now", "Integer", "Date"]);
        let constant = ir.get(id).kind.clone();
        let TypeKind::Union(u) = constant else { panic!("a union") };
        assert_eq!(names.ty(u.variants[1].ty), "WhenNow");
    }

    #[test]
    fn shared_error_enums_are_named_for_what_their_operations_share() {
        let error = "responses: {'200': {description: ok}, '404': {description: gone}}";
        let text = format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a: {{get: {{operationId: a, tags: [Pets], {error}}}, put: {{operationId: webhooks, tags: [Pets, Webhooks], {error}}}}}\n  /b: {{get: {{operationId: b, tags: [Webhooks], {error}}}, put: {{operationId: c, tags: [Webhooks], {error}}}}}\n"
        ) + "  /c: {get: {operationId: d, responses: {'200': {description: ok}}}, put: {operationId: e, responses: {'200': {description: ok}}}}\n";
        let (_, names) = named(&text);
        let shared: Vec<(&str, &[usize])> =
            names.shared_errors.iter().map(|s| (s.name.as_str(), s.operations.as_slice())).collect();
        // The four operations with the `404` share no tag; the two without error statuses share nothing else.
        assert_eq!(shared, [("SharedError", &[0, 1, 2, 3][..]), ("UndeclaredError", &[4, 5][..])]);
        assert_eq!(names.operations[1].shared_error, Some(0));
        assert_eq!(names.operations[1].error_type, "WebhooksError");
    }

    #[test]
    fn a_shared_error_enum_takes_a_common_tag_but_never_an_operations_name() {
        let error = "responses: {'200': {description: ok}, '404': {description: gone}}";
        let (_, names) = named(&format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a: {{get: {{operationId: webhooks, tags: [Webhooks], {error}}}, put: {{operationId: b, tags: [Webhooks], {error}}}}}\n"
        ));
        assert_eq!(names.shared_errors[0].name, "Webhooks2Error");
        assert_eq!(names.operations[0].error_type, "WebhooksError");
    }

    #[test]
    fn identifiers_are_valid() {
        assert_eq!(type_ident("Webhook-Input"), "WebhookInput");
        assert_eq!(type_ident("io.k8s.api.apps.v1.Deployment"), "IoK8sApiAppsV1Deployment");
        assert_eq!(type_ident("201"), "T201");
        assert_eq!(type_ident("Self"), "SelfType");
        assert_eq!(type_ident("Spæcial"), "Spcial");
        assert_eq!(variant_ident("object.created"), "ObjectCreated");
        assert_eq!(variant_ident("*"), "Star");
        assert_eq!(variant_ident(""), "Empty");
        assert_eq!(variant_ident("é"), "Symbol");
        assert_eq!(type_ident(""), "Type");
        assert_eq!(field_ident(""), "value");
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("StartTime<"), "start_time");
        assert_eq!(field_ident("1-10"), "n1_10");
    }
}
