//! Lower servers: the document's top-level `servers` in, the IR's servers out (URL templates and their
//! variables), each server the client could not use reported and left out.
//!
//! A usable URL, once its variables are at their defaults, is an absolute `http` or `https` URL, or a path
//! (`/api`, or `v1`, read from the root), which OpenAPI resolves against where the document is served and the
//! client joins to the origin its caller gives. Path-level and operation-level `servers` are reported as not
//! supported by `lower::operations`.

use super::Lowerer;
use crate::error::WarningKind;
use crate::ir::{Server, ServerVariable, split_server_group};
use serde_json::Value;

impl Lowerer<'_> {
    pub fn servers(&mut self) {
        let Some(servers) = self.document.get("servers") else { return };
        let Some(servers) = servers.as_array() else {
            self.warn("#/servers", "`servers` should be an array; ignored");
            return;
        };
        for (index, server) in servers.iter().enumerate() {
            let at = format!("#/servers/{index}");
            if let Some(server) = self.server(server, &at) {
                self.ir.servers.push(server);
            }
        }
    }

    fn server(&mut self, server: &Value, at: &str) -> Option<Server> {
        let Some(url) = server.get("url").and_then(Value::as_str) else {
            self.warn(at, "server has no `url` string; skipped");
            return None;
        };
        let url = url.trim().to_owned();
        let description = server
            .get("description")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_owned);
        let declared = server.get("variables").and_then(Value::as_object);
        let mut variables = Vec::new();
        let mut rest = url.as_str();
        while let Some((_, name, after)) = split_server_group(rest) {
            rest = after;
            if variables.iter().any(|variable: &ServerVariable| variable.name == name) {
                continue;
            }
            let variable_at = crate::pointer::push(&format!("{at}/variables"), name);
            let Some(variable) = declared.and_then(|declared| declared.get(name)) else {
                self.warn(&format!("{at}/url"), format!("server URL {url:?} names the variable {name:?}, which `variables` does not declare; server skipped"));
                return None;
            };
            variables.push(self.variable(name, variable, &variable_at)?);
        }
        if rest.contains(['{', '}']) || url.split('{').count() != url.split('}').count() {
            self.warn(&format!("{at}/url"), format!("server URL {url:?} has an unmatched brace; server skipped"));
            return None;
        }
        let server = Server { url, description, variables };
        let expanded = server.default_url();
        if let Some(problem) = unusable(&expanded) {
            let shown =
                if expanded == server.url { String::new() } else { format!(" (with its defaults: {expanded:?})") };
            self.warn(&format!("{at}/url"), format!("server URL {:?}{shown} {problem}; server skipped", server.url));
            return None;
        }
        Some(server)
    }

    fn variable(&mut self, name: &str, variable: &Value, at: &str) -> Option<ServerVariable> {
        let values: Vec<String> = variable
            .get("enum")
            .and_then(Value::as_array)
            .map(|values| values.iter().filter_map(scalar_text).collect())
            .unwrap_or_default();
        let default = match (variable.get("default").and_then(scalar_text), values.first()) {
            (Some(default), _) => default,
            (None, Some(first)) => {
                self.warn(
                    at,
                    format!("server variable {name:?} has no `default`; its first `enum` value {first:?} is used"),
                );
                first.clone()
            }
            (None, None) => {
                self.warn(at, format!("server variable {name:?} has no `default`; server skipped"));
                return None;
            }
        };
        if !values.is_empty() && !values.contains(&default) {
            self.warn(
                &format!("{at}/default"),
                format!("the default {default:?} of server variable {name:?} is not among its `enum` values; it is still the default"),
            );
        }
        Some(ServerVariable { name: name.to_owned(), default, values })
    }

    fn warn(&mut self, at: &str, message: impl Into<String>) {
        self.diagnostics.warn(WarningKind::ImperfectDocument, at, message);
    }
}

/// A variable's value as text: strings, and numbers and booleans as YAML documents often write them unquoted.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// Why the client could not use a server URL (variables filled in), if it could not.
fn unusable(url: &str) -> Option<&'static str> {
    let lower = url.to_ascii_lowercase();
    if let Some(after) = lower.strip_prefix("http://").or_else(|| lower.strip_prefix("https://")) {
        let host = after.split(['/', '?', '#']).next().unwrap_or_default();
        return match (host.rsplit('@').next().unwrap_or_default().is_empty(), after.contains(['?', '#'])) {
            (true, _) => Some("has no host"),
            (false, true) => Some("has a query or a fragment"),
            (false, false) => None,
        };
    }
    if url.starts_with("//") {
        return Some("names a host without a scheme");
    }
    if url.contains(['?', '#']) {
        return Some("has a query or a fragment");
    }
    if !url.starts_with('/') {
        let first = url.split('/').next().unwrap_or_default();
        if first.contains(':') {
            return Some("is neither an http(s) URL nor a path");
        }
        if first.contains('.') && first.chars().any(|c| c != '.') {
            return Some("looks like a host without a scheme");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::unusable;

    #[test]
    fn absolute_http_urls_and_paths_are_usable_and_nothing_else() {
        for url in ["https://api.example.com/v1", "HTTP://localhost:8080", "/api", "/", "", "v1", "./v1"] {
            assert_eq!(unusable(url), None, "{url}");
        }
        for url in [
            "ftp://files.example.com",
            "https://",
            "https://example.com/?a=b",
            "//cdn.example.com",
            "localhost:4200",
            "api.example.com/v1",
            "/v1#top",
        ] {
            assert!(unusable(url).is_some(), "{url}");
        }
    }
}
