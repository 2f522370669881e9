//! The suite: named checks (one line printed per failure), the client and the wire log they share, and the
//! catalogue of the server's operations that tells which ones the traffic exercised.

use std::collections::BTreeSet;
use std::fmt::{Debug, Display};

use prefect_client::runtime::ApiResult;
use prefect_client::{Client, Error};
use serde_json::Value;

use crate::wire::{Exchange, Wire};

/// The pinned document, which names every operation the server has.
const SPEC: &str = include_str!("../../../../specs/prefect-3.9.1.json");

/// Everything a scenario needs.
#[derive(Debug)]
pub struct Suite {
    pub client: Client,
    pub wire: Wire,
    /// A suffix that makes this run's names unique on a server that may hold earlier runs' data.
    pub run: String,
    checks: usize,
    /// The names of the failed checks: a check that fails at several call sites counts, and prints, once.
    failures: BTreeSet<String>,
}

impl Suite {
    pub fn new(client: Client, wire: Wire, run: String) -> Self {
        Suite { client, wire, run, checks: 0, failures: BTreeSet::new() }
    }

    /// A check: passes when `ok`; otherwise prints one line with what was expected and what came back (the first
    /// time a check of that name fails).
    pub fn check(&mut self, step: &str, ok: bool, expected: impl Display, got: impl Display) -> bool {
        self.checks += 1;
        if !ok && self.failures.insert(step.to_owned()) {
            println!("FAIL {step}: expected {expected}; got {got}");
        }
        ok
    }

    /// A check that `got` equals `expected`.
    pub fn eq<T: PartialEq + Debug>(&mut self, step: &str, expected: T, got: T) -> bool {
        let ok = expected == got;
        self.check(step, ok, format_args!("{expected:?}"), format_args!("{got:?}"))
    }

    /// The body of a call that must succeed with `status`; a failure when it does not (the error is printed).
    ///
    /// The status is the one on the wire: Prefect answers its creates with `201 Created` where the document
    /// declares `200`, and the client takes any 2xx whose body decodes as a success with the real status on
    /// the response, so those calls expect 201 here.
    pub fn ok<T, E: Debug>(&mut self, step: &str, status: u16, result: ApiResult<T, E>) -> Option<T> {
        match result {
            Ok(response) => {
                let got = response.status().as_u16();
                self.check(step, got == status, format_args!("status {status}"), format_args!("status {got}"));
                Some(response.into_body())
            }
            Err(error) => {
                self.check(step, false, format_args!("status {status}"), describe(&error));
                None
            }
        }
    }

    /// A call that must fail with an HTTP `status`: returns the error, or records what came instead.
    pub fn err<T: Debug, E: Debug>(&mut self, step: &str, status: u16, result: ApiResult<T, E>) -> Option<Error<E>> {
        match result {
            Ok(response) => {
                let got = response.status().as_u16();
                self.check(step, false, format_args!("error status {status}"), format_args!("success {got}"));
                None
            }
            Err(error) => {
                let got = error.status().map(|s| s.as_u16());
                self.check(step, got == Some(status), format_args!("error status {status}"), describe(&error));
                Some(error)
            }
        }
    }

    /// Runs `call` and returns its result with every exchange it caused.
    pub async fn traced<F: std::future::Future>(&self, call: F) -> (F::Output, Vec<Exchange>) {
        let mark = self.wire.len();
        let output = call.await;
        (output, self.wire.since(mark))
    }

    /// A check that one request went out for a call (besides attempts the server answered 503 and the client
    /// retried, which must carry the same body) and that its JSON body is exactly `expected` (as JSON values:
    /// member order aside, numbers must match in kind and value, so `1` is not `1.0`).
    pub fn sent_exactly(&mut self, step: &str, exchanges: &[Exchange], expected: &Value) -> bool {
        let finals = final_exchanges(exchanges);
        match finals.as_slice() {
            [exchange] => {
                let wrong: Vec<&Exchange> =
                    exchanges.iter().filter(|e| e.body_json().as_ref() != Some(expected)).collect();
                self.check(
                    step,
                    wrong.is_empty(),
                    format_args!("body {expected}"),
                    format_args!(
                        "{} {} with body {}",
                        exchange.method,
                        exchange.target,
                        wrong.first().map(|e| e.body_text()).unwrap_or_default()
                    ),
                )
            }
            _ => self.check(step, false, "exactly one request", format_args!("{exchanges:?}")),
        }
    }

    /// A check that a call was refused by the client: `Error::InvalidRequest`, and nothing reached the server.
    pub fn refused<T: Debug, E: Debug>(
        &mut self,
        step: &str,
        result: &ApiResult<T, E>,
        exchanges: &[Exchange],
    ) -> bool {
        let invalid = matches!(result, Err(Error::InvalidRequest(_)));
        let got = match result {
            Ok(response) => format!("success {}", response.status()),
            Err(error) => describe(error),
        };
        let a = self.check(&format!("{step}: refused by the client"), invalid, "Error::InvalidRequest", got);
        let b = self.check(
            &format!("{step}: nothing reached the server"),
            exchanges.is_empty(),
            "no request on the wire",
            format_args!("{exchanges:?}"),
        );
        a && b
    }

    /// Prints the summary line; returns whether every check passed.
    pub fn finish(&self, operations: &BTreeSet<String>) -> bool {
        println!("live prefect: {} operations, {} failed", operations.len(), self.failures.len());
        self.failures.is_empty()
    }

    pub fn checks(&self) -> usize {
        self.checks
    }
}

/// The exchanges of one call without the attempts the server answered 503 to (the client retried those).
pub fn final_exchanges(exchanges: &[Exchange]) -> Vec<&Exchange> {
    exchanges.iter().filter(|e| e.status() != Some(503)).collect()
}

/// The paths (percent-encoded, without the query) of one call's final requests.
pub fn paths(exchanges: &[Exchange]) -> Vec<String> {
    final_exchanges(exchanges).iter().map(|e| e.path().to_owned()).collect()
}

/// An error, with its kind and raw body when it kept one.
pub fn describe<E: Debug>(error: &Error<E>) -> String {
    let kind = match error {
        Error::InvalidRequest(refusal) => return format!("Error::InvalidRequest({refusal})"),
        Error::Transport(error) => return format!("Error::Transport({error})"),
        Error::ResponseTooLarge { .. } => "Error::ResponseTooLarge",
        Error::Api(_) => "Error::Api",
        Error::UnexpectedStatus(_) => "Error::UnexpectedStatus",
        Error::Decode(decode) => return format!("Error::Decode({decode})"),
    };
    let status = error.status().map(|s| s.as_u16().to_string()).unwrap_or_default();
    match error.raw_body() {
        Some(body) => format!("{kind}({status}) with raw body {}", String::from_utf8_lossy(body)),
        None => format!("{kind}({status}) {:?}", error.api_error()),
    }
}

/// The server's operations, by method and path template, to name the ones a request exercised.
#[derive(Debug)]
pub struct Catalogue {
    /// Method, template segments and the operation id, most literal segments first.
    operations: Vec<(String, Vec<String>, String)>,
    /// The path prefix of the API on the wire (`/api`).
    prefix: String,
}

impl Catalogue {
    pub fn load(prefix: &str) -> Self {
        let document: Value = serde_json::from_str(SPEC).expect("the pinned document is JSON");
        let mut operations = Vec::new();
        for (path, item) in document["paths"].as_object().into_iter().flatten() {
            for (method, operation) in item.as_object().into_iter().flatten() {
                if let Some(id) = operation.get("operationId").and_then(Value::as_str) {
                    let segments: Vec<String> = path.trim_matches('/').split('/').map(str::to_owned).collect();
                    operations.push((method.to_ascii_uppercase(), segments, id.to_owned()));
                }
            }
        }
        // A literal segment wins over a `{parameter}` in the same place (`/flows/filter` over `/flows/{id}`).
        operations.sort_by_key(|(_, segments, _)| segments.iter().map(|s| s.starts_with('{')).collect::<Vec<bool>>());
        Catalogue { operations, prefix: prefix.trim_end_matches('/').to_owned() }
    }

    /// The operation id a request on the wire was for.
    pub fn operation_of(&self, exchange: &Exchange) -> Option<&str> {
        let path = exchange.path().strip_prefix(&self.prefix)?;
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        self.operations
            .iter()
            .find(|(method, template, _)| {
                *method == exchange.method
                    && template.len() == segments.len()
                    && template.iter().zip(&segments).all(|(t, s)| t.starts_with('{') || t == s)
            })
            .map(|(_, _, id)| id.as_str())
    }

    /// The operations that requests on the wire exercised.
    pub fn exercised(&self, wire: &Wire) -> BTreeSet<String> {
        wire.all().iter().filter_map(|exchange| self.operation_of(exchange)).map(str::to_owned).collect()
    }
}
