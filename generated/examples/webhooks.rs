//! Lists the organization's webhooks and updates the first one (pauses or resumes it).
//!
//! ```text
//! MIXPEEK_API_KEY=sk_live_… [MIXPEEK_BASE_URL=https://api.mixpeek.com] cargo run -p mixpeek --example webhooks
//! ```

use mixpeek::models::{WebhookChannelInput, WebhookInput};
use mixpeek::{Client, Error};

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    // Errors are printed with `Display`, which says what happened in a sentence (and never shows the key).
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let api_key = std::env::var("MIXPEEK_API_KEY")
        .ok()
        .filter(|key| !key.trim().is_empty())
        .ok_or("set MIXPEEK_API_KEY to your API key (sk_…); it is missing or empty")?;
    let mut builder = Client::builder().bearer_token(api_key);
    if let Ok(base_url) = std::env::var("MIXPEEK_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;

    let webhooks = client.list_webhooks().await?.into_body();
    for webhook in &webhooks {
        let id = webhook.webhook_id.as_deref().unwrap_or("(no id)");
        let events: Vec<&str> = webhook.event_types.iter().map(|e| e.as_str()).collect();
        // `is_active` defaults to true: the server assumes it when the member is absent.
        let active = webhook.is_active.unwrap_or(true);
        println!("{id}  {}  active={active}  events={}", webhook.webhook_name, events.join(","));
    }

    let Some(first) = webhooks.first() else {
        println!("no webhooks to update");
        return Ok(());
    };
    let Some(id) = first.webhook_id.clone() else {
        println!("the first webhook has no id");
        return Ok(());
    };
    let channels: Vec<WebhookChannelInput> = first.channels.clone();
    let mut update = WebhookInput::new(first.webhook_name.clone(), first.event_types.clone(), channels);
    update.is_active = Some(!first.is_active.unwrap_or(true));
    match client.update_webhook(&id, &update).await {
        Ok(updated) => println!("{id} is now active={}", updated.body().is_active.unwrap_or(true)),
        Err(Error::Api(response)) => {
            println!("the API refused the update ({}): {:?}", response.status(), response.body())
        }
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
