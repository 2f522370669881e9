//! Servers: the ones the API description declares (the generated `crate::SERVERS`), and how the client's base
//! URL is made from the chosen one, its variables and the origin the caller gives.
//!
//! A server URL is a template whose `{name}` groups are its variables. Once they are filled in, the URL is either
//! absolute (`https://api.example.com/v1`), whose origin [`ClientBuilder::origin`](super::ClientBuilder::origin)
//! may replace, or a path (`/api`, which OpenAPI reads relative to where the document is served), which needs an
//! origin to be joined to. An API description without servers means the path `/`.

use super::error::BuildError;

/// A server the API description declares: its URL template and the variables the template names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Server {
    /// The URL template, like `{scheme}://{host}/v1` or `/api`.
    pub url: &'static str,
    /// What the description says about the server (empty when it says nothing).
    pub description: &'static str,
    /// The variables of the template.
    pub variables: &'static [ServerVariable],
}

/// A variable of a server URL template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerVariable {
    /// The name the template writes as `{name}`.
    pub name: &'static str,
    /// The value used unless another is set.
    pub default: &'static str,
    /// The values the variable may take (its `enum`); any value when empty.
    pub values: &'static [&'static str],
}

impl Server {
    /// The URL with every variable at its default.
    pub fn default_url(&self) -> String {
        self.url_with(&[]).unwrap_or_else(|_| self.url.to_owned())
    }

    /// The base URL this server makes: its URL with the variables `values` names set ([`Server::url_with`]),
    /// either absolute, with its scheme, host and port replaced by `origin` when one is given, or a path (`/api`;
    /// `v1` is read as `/v1`), joined to `origin`, which it then needs.
    pub fn base_url(&self, values: &[(String, String)], origin: Option<&str>) -> Result<String, BuildError> {
        // Messages name the template, not the URL: a variable's value may be something private.
        let template = self.url;
        let url = self.url_with(values)?;
        let path = match reqwest::Url::parse(&url) {
            Ok(absolute) if matches!(absolute.scheme(), "http" | "https") && absolute.host().is_some() => {
                match origin {
                    Some(_) => absolute.path().to_owned(),
                    None => return Ok(url),
                }
            }
            Ok(_) => {
                return Err(BuildError::new(format!(
                    "the server URL {template:?} does not make an absolute http or https URL"
                )));
            }
            Err(_) if url.starts_with("//") => {
                return Err(BuildError::new(format!("the server URL {template:?} makes a host without a scheme")));
            }
            Err(_) if url.starts_with('/') => url,
            Err(_) => format!("/{url}"),
        };
        let Some(origin) = origin else {
            return Err(BuildError::new(format!(
                "no base URL: the API description names the server by its path only ({template:?}), so call \
                 ClientBuilder::origin(...) with the scheme and host to send it to, like \
                 \"https://api.example.com\", or ClientBuilder::base_url(...)"
            )));
        };
        Ok(format!("{}{path}", parse_origin(origin)?))
    }

    /// The URL with the variables `values` names (name, value) set and the others at their defaults; refuses a
    /// name the server does not declare and a value its `enum` does not list.
    pub fn url_with(&self, values: &[(String, String)]) -> Result<String, BuildError> {
        for (name, value) in values {
            let Some(variable) = self.variables.iter().find(|variable| variable.name == name) else {
                let known: Vec<&str> = self.variables.iter().map(|variable| variable.name).collect();
                return Err(BuildError::new(format!(
                    "the server {:?} has no variable {name:?} (its variables: {known:?})",
                    self.url
                )));
            };
            // The value itself is left out of the message: it may be something private.
            if !variable.values.is_empty() && !variable.values.contains(&value.as_str()) {
                return Err(BuildError::new(format!(
                    "the value of the server variable {name:?} is not one it allows: {:?}",
                    variable.values
                )));
            }
        }
        let mut url = String::new();
        let mut rest = self.url;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|close| open + close) else { break };
            let name = &rest[open + 1..close];
            let value = match values.iter().rev().find(|(set, _)| set == name) {
                Some((_, value)) => value.as_str(),
                None => match self.variables.iter().find(|variable| variable.name == name) {
                    Some(variable) => variable.default,
                    None => {
                        return Err(BuildError::new(format!(
                            "the server {:?} names the variable {name:?} without declaring it",
                            self.url
                        )));
                    }
                },
            };
            url.push_str(&rest[..open]);
            url.push_str(value);
            rest = &rest[close + 1..];
        }
        url.push_str(rest);
        Ok(url)
    }
}

/// What the builder was told about the server: which declared one, the values of its variables, and the origin.
#[derive(Debug, Clone, Default)]
pub(crate) struct ServerChoice {
    pub(crate) index: usize,
    pub(crate) variables: Vec<(String, String)>,
    pub(crate) origin: Option<String>,
}

impl ServerChoice {
    /// The base URL: the chosen server's [`Server::base_url`], or the path `/` joined to the origin when the API
    /// description declares no server.
    pub(crate) fn base_url(&self, servers: &[Server]) -> Result<String, BuildError> {
        let origin = self.origin.as_deref();
        match servers.get(self.index) {
            Some(server) => server.base_url(&self.variables, origin),
            None if servers.is_empty() && self.index == 0 && self.variables.is_empty() => match origin {
                Some(origin) => parse_origin(origin),
                None => Err(BuildError::new(
                    "no base URL: the API description names no server, so call ClientBuilder::base_url(...) with \
                     the server's address, like \"https://api.example.com\", or ClientBuilder::origin(...)",
                )),
            },
            None if servers.is_empty() => Err(BuildError::new(
                "the API description declares no server, so there is no server or server variable to choose",
            )),
            None => Err(BuildError::new(format!(
                "there is no server {}: the API description declares {} (crate::SERVERS)",
                self.index,
                servers.len()
            ))),
        }
    }
}

/// Checks an origin (`scheme://host[:port]`) and returns it without a trailing `/`.
fn parse_origin(text: &str) -> Result<String, BuildError> {
    // The origin itself is left out of these messages: it may carry a password.
    let text = text.trim();
    let url = reqwest::Url::parse(text)
        .map_err(|error| BuildError::new(format!("the origin is not an absolute http or https URL: {error}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(BuildError::new("the origin is not an absolute http or https URL"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(BuildError::new(
            "the origin must be only a scheme, a host and a port, like \"https://api.example.com:8443\"; \
             set a whole base URL with ClientBuilder::base_url(...)",
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}
