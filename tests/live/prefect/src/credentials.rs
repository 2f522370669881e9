//! Credentials against the real server: it requires HTTP Basic credentials (`PREFECT_SERVER_API_AUTH_STRING`), and
//! the client sends them because the overlay (`tests/live/prefect.overlay.yaml`) declares the scheme. Without
//! them the client refuses before sending; with wrong ones the server's 401 comes back whole; the suite's own
//! client sends the right ones on every request (checked over the whole wire log at the end).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use prefect_client::{Client, Error, RetryPolicy};

use crate::suite::Suite;

/// `user:password`, split.
pub fn split(credentials: &str) -> Option<(&str, &str)> {
    credentials.split_once(':')
}

/// The `Authorization` value the right credentials make.
pub fn expected_header(user: &str, password: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{user}:{password}")))
}

/// A client for `base_url` that does not retry, configured by `configure`.
fn client(
    base_url: &str,
    configure: impl FnOnce(prefect_client::ClientBuilder) -> prefect_client::ClientBuilder,
) -> Option<Client> {
    configure(Client::builder().base_url(base_url).retry(RetryPolicy::none())).build().ok()
}

pub async fn credentials(s: &mut Suite, base_url: &str, user: &str) {
    let Some(anonymous) = client(base_url, |builder| builder) else {
        s.check("a client without credentials builds", false, "a client", "a build error");
        return;
    };
    let mark = s.wire.len();
    let refused = anonymous.read_version(&Default::default()).await;
    let named = match &refused {
        Err(Error::InvalidRequest(error)) => error.to_string().contains("basic_auth"),
        _ => false,
    };
    s.check(
        "without credentials the client refuses before sending, naming the builder method",
        named,
        "Error::InvalidRequest naming basic_auth",
        format_args!("{refused:?}"),
    );
    s.eq("without credentials nothing reaches the server", 0, s.wire.since(mark).len());

    let Some(wrong) = client(base_url, |builder| builder.basic_auth(user, "not-the-password")) else {
        s.check("a client with wrong credentials builds", false, "a client", "a build error");
        return;
    };
    let mark = s.wire.len();
    let answered = wrong.read_version(&Default::default()).await;
    let kept = match &answered {
        Err(error) => {
            let body = error.raw_body().map(String::from_utf8_lossy).unwrap_or_default();
            error.status().map(|status| status.as_u16()) == Some(401) && body.contains("Unauthorized")
        }
        Ok(_) => false,
    };
    s.check(
        "wrong credentials: the server's 401 comes back with its body",
        kept,
        "an error with status 401 and the body {\"exception_message\":\"Unauthorized\"}",
        format_args!("{answered:?}"),
    );
    let sent = s.wire.since(mark);
    let header = sent.first().and_then(|exchange| exchange.header("authorization")).unwrap_or_default().to_owned();
    s.eq("wrong credentials are sent once, as HTTP Basic", expected_header(user, "not-the-password"), header);
}
