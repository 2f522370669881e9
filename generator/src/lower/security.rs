//! Lower security: `components.securitySchemes` and the `security` requirements in, the IR's schemes (the
//! ones the client can send, in document order) and requirements (alternatives of scheme ids) out.
//!
//! What the client cannot send is reported with the scheme's pointer and left out: mutual TLS (configured on
//! the `reqwest` client), HTTP schemes other than `basic` and `bearer`, and requirements naming a scheme the
//! document does not declare. OAuth 2 flows other than client credentials, and OpenID Connect discovery, are
//! reported too, but the scheme stays: the caller supplies its access token.

use super::Lowerer;
use crate::error::WarningKind;
use crate::ir::*;
use crate::pointer;
use serde_json::Value;

const SCHEMES_AT: &str = "#/components/securitySchemes";

impl Lowerer<'_> {
    /// Lowers the document's security schemes, then its default requirement.
    pub fn security(&mut self) {
        let document = self.document;
        if let Some(schemes) = document.pointer("/components/securitySchemes").and_then(Value::as_object) {
            for (key, value) in schemes {
                let at = pointer::push(SCHEMES_AT, key);
                let Some(scheme) = pointer::follow_refs(document, value).filter(|scheme| scheme.is_object()) else {
                    self.diagnostics.warn(
                        WarningKind::ImperfectDocument,
                        &at,
                        "security scheme is not an object or its reference does not resolve; skipped",
                    );
                    continue;
                };
                if let Some(kind) = self.scheme_kind(scheme, &at) {
                    let docs = scheme.get("description").and_then(Value::as_str).map(str::to_owned);
                    self.ir.security_schemes.push(SecurityScheme { key: key.clone(), kind, docs, pointer: at });
                }
            }
        }
        if let Some(security) = document.get("security") {
            self.ir.security = self.requirement(security, "#/security");
        }
    }

    /// What the client sends for one scheme; `None` (with a warning) when it can send nothing.
    fn scheme_kind(&mut self, scheme: &Value, at: &str) -> Option<SchemeKind> {
        let text = |key: &str| scheme.get(key).and_then(Value::as_str);
        match text("type") {
            Some("apiKey") => {
                let location = match text("in") {
                    Some("header") => ApiKeyLocation::Header,
                    Some("query") => ApiKeyLocation::Query,
                    Some("cookie") => ApiKeyLocation::Cookie,
                    other => {
                        self.diagnostics.warn(
                            WarningKind::ImperfectDocument,
                            &format!("{at}/in"),
                            format!("API key location {other:?} is not header, query or cookie; scheme skipped"),
                        );
                        return None;
                    }
                };
                let Some(name) = text("name").filter(|name| !name.is_empty()) else {
                    self.diagnostics.warn(
                        WarningKind::ImperfectDocument,
                        &format!("{at}/name"),
                        "API key scheme has no `name`; scheme skipped",
                    );
                    return None;
                };
                Some(SchemeKind::ApiKey { location, name: name.to_owned() })
            }
            Some("http") => match text("scheme").map(str::to_ascii_lowercase).as_deref() {
                Some("basic") => Some(SchemeKind::Basic),
                Some("bearer") => Some(SchemeKind::Bearer),
                _ => {
                    let scheme = text("scheme").unwrap_or_default();
                    self.diagnostics.warn(
                        WarningKind::Security,
                        &format!("{at}/scheme"),
                        format!(
                            "HTTP authentication scheme {scheme:?} is not supported: the client sends nothing for it \
                             (set the header with ClientBuilder::default_header)"
                        ),
                    );
                    None
                }
            },
            Some("oauth2") => {
                let flows = scheme.get("flows").and_then(Value::as_object);
                let flow_url = |flow: &str| {
                    flows
                        .and_then(|flows| flows.get(flow))
                        .and_then(|flow| flow.get("tokenUrl"))
                        .and_then(Value::as_str)
                        .filter(|url| !url.trim().is_empty())
                        .map(str::to_owned)
                };
                let token_url = flow_url("clientCredentials");
                let password_url = flow_url("password");
                let others: Vec<&str> = flows
                    .into_iter()
                    .flat_map(|flows| flows.keys())
                    .map(String::as_str)
                    .filter(|flow| match *flow {
                        "clientCredentials" => token_url.is_none(),
                        "password" => password_url.is_none(),
                        _ => true,
                    })
                    .collect();
                if !others.is_empty() {
                    self.diagnostics.warn(
                        WarningKind::Security,
                        &format!("{at}/flows"),
                        format!(
                            "OAuth 2 flows {} are not run by the client: the caller supplies an access token \
                             (or a token provider)",
                            others.join(", ")
                        ),
                    );
                }
                Some(SchemeKind::OAuth2 { token_url, password_url, scopes: Vec::new() })
            }
            Some("openIdConnect") => {
                self.diagnostics.warn(
                    WarningKind::Security,
                    at,
                    "OpenID Connect discovery is not run by the client: the caller supplies an access token \
                     (or a token provider)",
                );
                Some(SchemeKind::OpenIdConnect)
            }
            Some("mutualTLS") => {
                self.diagnostics.warn(
                    WarningKind::Security,
                    at,
                    "mutual TLS is not configured by the generated code: pass a reqwest client with the identity \
                     to ClientBuilder::http_client",
                );
                None
            }
            other => {
                self.diagnostics.warn(
                    WarningKind::ImperfectDocument,
                    &format!("{at}/type"),
                    format!("security scheme type {other:?} is unknown; scheme skipped"),
                );
                None
            }
        }
    }

    /// A `security` array as alternatives of scheme ids. Names of schemes the client cannot send are left out
    /// (an alternative left empty then asks the client for nothing); names the document does not declare are
    /// reported. Scopes are added to their OAuth 2 scheme.
    pub fn requirement(&mut self, security: &Value, at: &str) -> Requirement {
        let Some(alternatives) = security.as_array() else {
            self.diagnostics.warn(WarningKind::ImperfectDocument, at, "`security` is not an array; ignored");
            return Vec::new();
        };
        let mut requirement: Requirement = Vec::new();
        for (index, alternative) in alternatives.iter().enumerate() {
            let alternative_at = format!("{at}/{index}");
            let Some(names) = alternative.as_object() else {
                self.diagnostics.warn(
                    WarningKind::ImperfectDocument,
                    &alternative_at,
                    "security requirement is not an object; skipped",
                );
                continue;
            };
            let mut ids = Vec::new();
            for (name, scopes) in names {
                match self.ir.security_schemes.iter().position(|scheme| &scheme.key == name) {
                    Some(id) => {
                        if !ids.contains(&id) {
                            ids.push(id);
                        }
                        if let SchemeKind::OAuth2 { scopes: known, .. } = &mut self.ir.security_schemes[id].kind {
                            for scope in scopes.as_array().into_iter().flatten().filter_map(Value::as_str) {
                                if !known.iter().any(|known| known == scope) {
                                    known.push(scope.to_owned());
                                }
                            }
                        }
                    }
                    // Declared but not sendable: reported where it is declared.
                    None if self
                        .document
                        .pointer(&format!("/components/securitySchemes/{}", escape(name)))
                        .is_some() => {}
                    None => self.diagnostics.warn(
                        WarningKind::Security,
                        &pointer::push(&alternative_at, name),
                        format!(
                            "the requirement names the security scheme {name:?}, which components.securitySchemes \
                             does not declare: the client sends nothing for it"
                        ),
                    ),
                }
            }
            if !requirement.contains(&ids) {
                requirement.push(ids);
            }
        }
        requirement
    }
}

/// A key as one JSON pointer token.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
