//! Security scheme names: the `ClientBuilder` methods each scheme gets, clear of the builder's own methods.

use super::*;

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

/// The builder methods of the security schemes: named after the scheme's key without a trailing `auth`
/// (`bearerAuth` → `bearer_token`), with a suffix saying what it takes: `_key` for an API key (unless the name
/// ends in `key`, `token` or `secret`), `_auth` for HTTP basic, `_token` for a bearer, OAuth 2 or OpenID Connect
/// token (unless it ends in `token`), then `_provider`, `_client_credentials` and `_password` for the other ways to supply it.
pub(super) fn scheme_names(ir: &Ir, diagnostics: &mut Diagnostics) -> Vec<SchemeNames> {
    let mut taken = Taken::reserving(BUILDER_METHODS);
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
