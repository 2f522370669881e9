//! The live driver: the generated Prefect client against a real Prefect server (`cargo xtask live` starts one
//! and passes its API URL in `PREFECT_LIVE_API_URL`). Requests go through a recording proxy ([`wire`]), so the
//! checks can read the exact bytes the client sent as well as what the server kept.
//!
//! Each check is a named step; a failing one prints one line (`FAIL step: expected ...; got ...`). The last line
//! is `live prefect: N operations, M failed`: N distinct server operations the traffic exercised, M failed checks.
//! The exit status is non-zero when a check failed.

mod automations;
mod blocks;
mod credentials;
mod flows;
mod store;
mod suite;
mod wire;
mod work;

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use prefect_client::{Client, RetryPolicy};

use crate::suite::{Catalogue, Suite};
use crate::wire::Wire;

#[tokio::main]
async fn main() -> ExitCode {
    let api_url = match std::env::var("PREFECT_LIVE_API_URL") {
        Ok(url) => url.trim_end_matches('/').to_owned(),
        Err(_) => {
            eprintln!("PREFECT_LIVE_API_URL is not set: run `cargo xtask live`, which starts the server");
            return ExitCode::from(2);
        }
    };
    let credentials = std::env::var("PREFECT_LIVE_CREDENTIALS").unwrap_or_default();
    let Some((user, password)) = credentials::split(&credentials) else {
        eprintln!("PREFECT_LIVE_CREDENTIALS must be the server's `user:password`: run `cargo xtask live`");
        return ExitCode::from(2);
    };
    let Some((upstream, prefix)) = split_api_url(&api_url) else {
        eprintln!("PREFECT_LIVE_API_URL must look like http://127.0.0.1:PORT/api, not {api_url:?}");
        return ExitCode::from(2);
    };
    let wire = Wire::default();
    let proxy = match wire::start_proxy(upstream, wire.clone()).await {
        Ok(address) => address,
        Err(error) => {
            eprintln!("cannot start the recording proxy: {error}");
            return ExitCode::FAILURE;
        }
    };
    // The whole base URL: Prefect's document declares no `servers` (which means `/`), but the server mounts the
    // API under `/api`, so `origin(...)` alone would miss the prefix.
    //
    // SQLite refuses a write that races another one (the server's own event persister writes in the
    // background), and the server answers 503, which it documents as retryable; Prefect's own client retries
    // it for every method, and so does this one. The checks read past those attempts (see `Suite::final_exchanges`).
    let retry = RetryPolicy {
        max_retries: 4,
        initial_backoff: Duration::from_millis(100),
        retry_non_idempotent: true,
        ..RetryPolicy::default()
    };
    let base_url = format!("http://{proxy}{prefix}");
    let client = Client::builder()
        .base_url(&base_url)
        .basic_auth(user, password)
        .retry(retry)
        .timeout(Duration::from_secs(60))
        .build();
    let client = match client {
        Ok(client) => client,
        Err(error) => {
            eprintln!("cannot build the client: {error}");
            return ExitCode::FAILURE;
        }
    };
    let run = format!(
        "{:x}",
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_millis() % 0xff_ffff
    );
    let mut suite = Suite::new(client, wire.clone(), run);

    credentials::credentials(&mut suite, &base_url, user).await;
    flows::root(&mut suite).await;
    flows::flows(&mut suite).await;
    flows::deployments(&mut suite).await;
    flows::runs(&mut suite).await;
    store::variables(&mut suite).await;
    store::concurrency_limits(&mut suite).await;
    store::artifacts(&mut suite).await;
    store::saved_searches(&mut suite).await;
    work::pools_and_queues(&mut suite).await;
    work::legacy_work_queues(&mut suite).await;
    blocks::blocks(&mut suite).await;
    automations::automations(&mut suite).await;
    automations::events(&mut suite).await;
    flows::refusals(&mut suite).await;

    let catalogue = Catalogue::load(&prefix);
    let operations = catalogue.exercised(&wire);
    if let Ok(path) = std::env::var("PREFECT_LIVE_OPERATIONS_OUT") {
        let text: String = operations.iter().map(|operation| format!("{operation}\n")).collect();
        if let Err(error) = std::fs::write(&path, text) {
            eprintln!("cannot write {path}: {error}");
        }
    }
    if let Ok(path) = std::env::var("PREFECT_LIVE_WIRE_OUT") {
        if let Err(error) = std::fs::write(&path, wire.dump()) {
            eprintln!("cannot write {path}: {error}");
        }
    }
    let all = wire.all();
    let versioned: Vec<String> =
        all.iter().filter(|e| e.header("x-prefect-api-version").is_some()).map(|e| format!("{e:?}")).collect();
    suite.check(
        "an unset optional header (x-prefect-api-version) is never sent",
        versioned.is_empty(),
        "no request with it",
        versioned.join(", "),
    );
    let untyped: Vec<String> = all
        .iter()
        .filter(|e| !e.body.is_empty() && e.header("content-type") != Some("application/json"))
        .map(|e| format!("{e:?} ({:?})", e.header("content-type")))
        .collect();
    suite.check("every JSON body is sent as application/json", untyped.is_empty(), "all", untyped.join(", "));
    let unknown: Vec<String> = wire
        .all()
        .iter()
        .filter(|exchange| catalogue.operation_of(exchange).is_none())
        .map(|exchange| format!("{exchange:?}"))
        .collect();
    suite.check("every request names a declared operation", unknown.is_empty(), "none unmatched", unknown.join(", "));
    let right = credentials::expected_header(user, password);
    let without: Vec<String> = all
        .iter()
        .filter(|e| e.header("authorization").is_some_and(|value| value != right) && e.status() != Some(401))
        .map(|e| format!("{e:?}"))
        .collect();
    let with = all.iter().filter(|e| e.header("authorization") == Some(right.as_str())).count();
    suite.check(
        "every request but the wrong-credentials one carries the server's credentials",
        without.is_empty() && with + 1 == all.len(),
        format_args!("{} requests with them", all.len() - 1),
        format_args!("{with}, others: {}", without.join(", ")),
    );
    let retried = all.iter().filter(|e| e.status() == Some(503)).count();
    eprintln!("{} checks, {} requests ({retried} answered 503 and were retried)", suite.checks(), wire.len());
    if suite.finish(&operations) { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// `http://127.0.0.1:PORT/api` into the server's address and the path prefix `/api`.
fn split_api_url(url: &str) -> Option<(SocketAddr, String)> {
    let rest = url.strip_prefix("http://")?;
    let (authority, path) = match rest.find('/') {
        Some(at) => (&rest[..at], rest[at..].to_owned()),
        None => (rest, String::new()),
    };
    let authority = authority.replace("localhost", "127.0.0.1");
    Some((authority.parse().ok()?, path))
}
