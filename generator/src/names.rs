//! Naming: the IR in, every Rust identifier out. The only place that knows Rust keywords and casing;
//! required names (component keys) are claimed before suggested ones, ties are broken with numeric
//! suffixes in IR order, and every tie broken is reported.

use crate::error::{Diagnostics, WarningKind};
use crate::ir::*;
use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::{BTreeMap, BTreeSet};

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
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "request",
    "send",
    "call",
    "call_lines",
    "transmit",
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
const BUILDER_METHODS: &[&str] = &[
    "default",
    "base_url",
    "http_client",
    "timeout",
    "user_agent",
    "retry",
    "max_response_bytes",
    "strict_decoding",
    "default_header",
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
}

#[derive(Debug, Default)]
pub struct OperationNames {
    pub method: String,
    /// The method that streams the pages of an operation that pages (`{method}_pages`).
    pub pages: Option<String>,
    /// `UpperCamel` stem for the operation's own types.
    pub type_stem: String,
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
    pub twins: Vec<String>,
    pub operations: Vec<OperationNames>,
    /// The builder methods of each of `Ir::security_schemes`, by scheme id.
    pub schemes: Vec<SchemeNames>,
}

impl Names {
    pub fn ty(&self, id: TypeId) -> &str {
        self.types.get(&id).map(String::as_str).unwrap_or("UnnamedType")
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
    for twin in &ir.twins {
        let pointer = crate::pointer::push("#/components/schemas", &twin.key);
        names.twins.push(claim(&mut taken, type_ident(&twin.key), diagnostics, &pointer, &twin.key));
    }
    for id in ir.ids() {
        if let Some(NameHint::Suggested(parts)) = &ir.get(id).name {
            let joined = shorten(parts.iter().map(|p| type_ident(p)).collect());
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
                    let name = claim_quiet(&mut variants, variant_ident(&variant.hint));
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
            type_stem,
            parameters,
            body: "body".to_owned(),
        });
    }
    names.schemes = scheme_names(ir, diagnostics);
    names
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
/// token (unless it ends in `token`), then `_provider` and `_client_credentials` for the other ways to supply it.
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
        all.push(SchemeNames { method, provider, client_credentials });
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

/// An `UpperCamel` type name.
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

/// An `UpperCamel` enum variant name.
pub fn variant_ident(raw: &str) -> String {
    if raw.is_empty() {
        return "Empty".to_owned();
    }
    let mut name = ascii_words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("V{name}");
    }
    if name == "Self" {
        name = "SelfValue".to_owned();
    }
    name
}

/// A `snake_case` field, parameter or method name, raw where it is a keyword.
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
    /// Every method the runtime gives `Client` (its `impl Client` blocks, public or private) is a name no
    /// operation may take: an operation method of the same name would not compile.
    #[test]
    fn every_method_of_the_runtime_client_is_reserved() {
        let source = include_str!("../runtime/client.rs");
        let mut inside = false;
        let mut found = Vec::new();
        for line in source.lines() {
            if line.starts_with("impl Client {") {
                inside = true;
            } else if line.starts_with('}') {
                inside = false;
            } else if inside {
                let trimmed = line.trim_start();
                let rest =
                    trimmed.strip_prefix("pub(crate) ").or_else(|| trimmed.strip_prefix("pub ")).unwrap_or(trimmed);
                let rest = rest.strip_prefix("async ").unwrap_or(rest);
                if let Some(name) = rest.strip_prefix("fn ") {
                    let name: String = name.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    found.push(name);
                }
            }
        }
        assert!(found.len() >= 8, "the scan found the methods: {found:?}");
        for name in &found {
            assert!(super::CLIENT_METHODS.contains(&name.as_str()), "`Client::{name}` is not reserved");
        }
    }

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
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("StartTime<"), "start_time");
        assert_eq!(field_ident("1-10"), "n1_10");
    }
}
