//! `decode-bench [--runs N] [--values N]`: decodes one JSON list of `WebhookOutput` values with the generated
//! Mixpeek models and with hand-written serde structs of the same shape, N times each (after one warm-up),
//! and prints one JSON line: the input size and every run's time in microseconds. `cargo xtask bench` builds
//! it in release and reads that line.

mod data;
mod hand;

use mixpeek::models::{WebhookChannelInputConfigs, WebhookOutput};
use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut runs = 5_usize;
    let mut values = 10_000_usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = || -> Result<usize, String> {
            let value = args.next().ok_or_else(|| format!("{arg} needs a value"))?;
            value.parse().map_err(|_| format!("{arg}: {value:?} is not a number"))
        };
        match arg.as_str() {
            "--runs" => runs = number()?.max(1),
            "--values" => values = number()?.max(1),
            other => return Err(format!("unknown argument {other:?}; usage: decode-bench [--runs N] [--values N]")),
        }
    }
    let text = data::webhook_list(values);
    let generated_counts = counts_generated(&decode_generated(&text)?);
    let hand_counts = counts_hand(&decode_hand(&text)?);
    if generated_counts != hand_counts {
        return Err(format!("the two decoders disagree: generated {generated_counts:?}, hand-written {hand_counts:?}"));
    }
    // Interleaved, so drift in the machine's speed affects both sides alike.
    let mut generated_us = Vec::with_capacity(runs);
    let mut hand_us = Vec::with_capacity(runs);
    for _ in 0..runs {
        generated_us.push(time_us(|| decode_generated(&text).map(|list| black_box(list).len()))?);
        hand_us.push(time_us(|| decode_hand(&text).map(|list| black_box(list).len()))?);
    }
    let [webhooks, channels, email, slack, http] = generated_counts;
    println!(
        "{}",
        serde_json::json!({
            "bytes": text.len(),
            "webhooks": webhooks,
            "channels": channels,
            "configs": {"email": email, "slack": slack, "webhook": http},
            "generated_us": generated_us,
            "handwritten_us": hand_us,
        })
    );
    Ok(())
}

/// The time one call takes, in microseconds.
fn time_us(mut work: impl FnMut() -> Result<usize, String>) -> Result<f64, String> {
    let started = Instant::now();
    black_box(work()?);
    Ok(started.elapsed().as_secs_f64() * 1e6)
}

fn decode_generated(text: &str) -> Result<Vec<WebhookOutput>, String> {
    serde_json::from_str(black_box(text)).map_err(|error| format!("generated models: {error}"))
}

fn decode_hand(text: &str) -> Result<Vec<hand::Webhook>, String> {
    serde_json::from_str(black_box(text)).map_err(|error| format!("hand-written structs: {error}"))
}

/// Webhooks, channels, and configs decoded as email, Slack and HTTP: both decoders must agree.
fn counts_generated(list: &[WebhookOutput]) -> [usize; 5] {
    let mut counts = [list.len(), 0, 0, 0, 0];
    for channel in list.iter().flat_map(|w| &w.channels) {
        counts[1] += 1;
        match channel.configs {
            WebhookChannelInputConfigs::EmailConfigInput(_) => counts[2] += 1,
            WebhookChannelInputConfigs::SlackConfig(_) => counts[3] += 1,
            WebhookChannelInputConfigs::WebhookConfig(_) => counts[4] += 1,
            // `Other`, and a branch a later version of the API adds (the union is `#[non_exhaustive]`).
            _ => {}
        }
    }
    counts
}

fn counts_hand(list: &[hand::Webhook]) -> [usize; 5] {
    let mut counts = [list.len(), 0, 0, 0, 0];
    for channel in list.iter().flat_map(|w| &w.channels) {
        counts[1] += 1;
        match channel.configs {
            hand::Configs::Email(_) => counts[2] += 1,
            hand::Configs::Slack(_) => counts[3] += 1,
            hand::Configs::Webhook(_) => counts[4] += 1,
            hand::Configs::Other(_) => {}
        }
    }
    counts
}
