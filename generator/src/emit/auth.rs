//! Auth: the IR's security schemes and requirements plus their names in, `auth.rs` out: the table of schemes the
//! runtime applies credentials by (`SCHEMES`, a scheme's id is its index), the document's default requirement
//! (`SECURITY`), and one `ClientBuilder` method per way to supply each scheme's credential. Operations whose
//! requirement differs from the default state theirs with one `request.security(...)` line ([`requirement`]).

use super::Chunk;
use super::docs::{doc_comment, sanitize, trusted_comment};
use super::literal::string_literal;
use crate::ir::*;
use crate::names::Names;

pub fn items(ir: &Ir, names: &Names) -> Vec<Chunk> {
    let mut table = String::new();
    trusted_comment(
        &mut table,
        "",
        "The security schemes of the API description that the client can send, in document order: a scheme's id\n\
         is its index.",
    );
    table.push_str("pub(crate) static SCHEMES: &[crate::runtime::Scheme] = &[\n");
    for (scheme, scheme_names) in ir.security_schemes.iter().zip(&names.schemes) {
        let name = string_literal(&scheme.key);
        let method = string_literal(scheme_names.method.trim_start_matches("r#"));
        let entry = match &scheme.kind {
            SchemeKind::ApiKey { location, name: key } => {
                let constructor = match location {
                    ApiKeyLocation::Header => "api_key_header",
                    ApiKeyLocation::Query => "api_key_query",
                    ApiKeyLocation::Cookie => "api_key_cookie",
                };
                format!("{constructor}({name}, {method}, {})", string_literal(key))
            }
            SchemeKind::Basic => format!("basic({name}, {method})"),
            SchemeKind::OAuth2 { token_url, password_url, scopes } if token_url.is_some() || password_url.is_some() => {
                let scopes: Vec<String> = scopes.iter().map(|scope| string_literal(scope)).collect();
                let url = |url: &Option<String>| match url {
                    Some(url) => format!("Some({})", string_literal(url)),
                    None => "None".to_owned(),
                };
                format!("oauth2({name}, {method}, {}, {}, &[{}])", url(token_url), url(password_url), scopes.join(", "))
            }
            SchemeKind::Bearer | SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect => {
                format!("bearer({name}, {method})")
            }
        };
        table.push_str(&format!("    crate::runtime::Scheme::{entry},\n"));
    }
    table.push_str("];\n");

    let mut default = String::new();
    trusted_comment(
        &mut default,
        "",
        "What operations that state no requirement of their own need (the API description's `security`): the\n\
         first of these alternatives of scheme ids whose credentials are all configured.",
    );
    default
        .push_str(&format!("pub(crate) static SECURITY: crate::runtime::Security = {};\n", requirement(&ir.security)));

    let mut chunks = vec![Chunk::Text(table), Chunk::Text(default)];
    let mut methods = String::new();
    for (id, (scheme, scheme_names)) in ir.security_schemes.iter().zip(&names.schemes).enumerate() {
        builder_methods(&mut methods, id, scheme, scheme_names);
    }
    if !methods.is_empty() {
        chunks.push(Chunk::Text(format!("impl crate::runtime::ClientBuilder {{\n{methods}}}\n")));
    }
    chunks
}

/// The methods of one scheme, each preceded by a blank line unless it is the first.
fn builder_methods(out: &mut String, id: usize, scheme: &SecurityScheme, names: &crate::names::SchemeNames) {
    let about = sanitize(&format!("Security scheme {:?} of the API description.", scheme.key));
    let sends = match &scheme.kind {
        SchemeKind::ApiKey { location, name } => {
            let place = match location {
                ApiKeyLocation::Header => "header",
                ApiKeyLocation::Query => "query parameter",
                ApiKeyLocation::Cookie => "cookie",
            };
            let mut text = sanitize(&format!("Sends the API key in the {place} {name:?}"));
            text.push_str(match location {
                ApiKeyLocation::Query => ", so it is part of the URL (which errors leave out).",
                _ => ".",
            });
            text
        }
        SchemeKind::Basic => "Sends the user and password as `Authorization: Basic …`.".to_owned(),
        SchemeKind::Bearer => "Sends the token as `Authorization: Bearer <token>`.".to_owned(),
        SchemeKind::OAuth2 { .. } => "Sends the OAuth 2 access token as `Authorization: Bearer <token>`.".to_owned(),
        SchemeKind::OpenIdConnect => {
            "Sends the OpenID Connect access token as `Authorization: Bearer <token>`.".to_owned()
        }
    };
    if !out.is_empty() {
        out.push('\n');
    }
    doc_comment(out, "    ", scheme.docs.as_deref());
    if scheme.docs.as_deref().is_some_and(|docs| !docs.trim().is_empty()) {
        out.push_str("    ///\n");
    }
    // The other methods of the scheme point to the first, which carries the description.
    let first = format!("[`{0}`](Self::{0})", names.method.trim_start_matches("r#"));
    let docs = |out: &mut String, how: &str| {
        out.push('\n');
        trusted_comment(out, "    ", &format!("{about} {sends} See also {first}.\n\n{how}"));
    };
    let (arguments, credential) = match scheme.kind {
        SchemeKind::Basic => ("user: impl Into<String>, password: impl Into<String>", "basic(user, password)"),
        SchemeKind::ApiKey { .. } => ("key: impl Into<String>", "secret(key)"),
        _ => ("token: impl Into<String>", "secret(token)"),
    };
    let never = if matches!(scheme.kind, SchemeKind::Basic) { "they never appear" } else { "it never appears" };
    trusted_comment(
        out,
        "    ",
        &format!(
            "{about} {sends}\n\nSent with every request whose operation requires the scheme; {never} in `Debug` \
             output or errors."
        ),
    );
    out.push_str(&format!(
        "    pub fn {}(self, {arguments}) -> Self {{\n        self.credential({id}, crate::runtime::Credential::{credential})\n    }}\n",
        names.method
    ));
    if let Some(provider) = &names.provider {
        docs(
            out,
            "Asks `provider` for the secret before every request whose operation requires the scheme, for \
             credentials that rotate or come from a flow you run.",
        );
        out.push_str(&format!(
            "    pub fn {provider}(self, provider: impl crate::runtime::TokenProvider + 'static) -> Self {{\n        self.credential({id}, crate::runtime::Credential::provider(provider))\n    }}\n"
        ));
    }
    let SchemeKind::OAuth2 { token_url, password_url, scopes } = &scheme.kind else { return };
    let scopes = if scopes.is_empty() {
        "no scope".to_owned()
    } else {
        format!("the scopes {}", scopes.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", "))
    };
    if let (Some(method), Some(url)) = (&names.client_credentials, token_url) {
        docs(
            out,
            &sanitize(&format!(
                "Fetches the access token itself with the OAuth 2 client credentials flow: a POST to the token URL \
                 {url:?} (resolved against the base URL) with this client id and secret, asking for {scopes}. The \
                 token is kept until it expires, and fetched again once when the API answers 401."
            )),
        );
        out.push_str(&format!(
            "    pub fn {method}(self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {{\n        self.credential({id}, crate::runtime::Credential::client_credentials(client_id, client_secret))\n    }}\n"
        ));
    }
    if let (Some(method), Some(url)) = (&names.password, password_url) {
        docs(
            out,
            &sanitize(&format!(
                "Fetches the access token itself with the OAuth 2 resource owner password flow: a POST to the token \
                 URL {url:?} (resolved against the base URL) with this user name and password, asking for {scopes}. \
                 The token is kept until it expires, and fetched again once when the API answers 401."
            )),
        );
        out.push_str(&format!(
            "    pub fn {method}(self, username: impl Into<String>, password: impl Into<String>) -> Self {{\n        self.credential({id}, crate::runtime::Credential::password(username, password))\n    }}\n"
        ));
    }
}

/// A requirement as the Rust expression of a `runtime::Security`: `&[&[0], &[1, 2]]`.
pub fn requirement(requirement: &Requirement) -> String {
    let alternatives: Vec<String> = requirement
        .iter()
        .map(|ids| format!("&[{}]", ids.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")))
        .collect();
    format!("&[{}]", alternatives.join(", "))
}
