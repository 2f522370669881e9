//! The limit: hand-written `derive(Deserialize)` structs with the same fields as the generated
//! `WebhookOutput`, the channel configs as a plain `#[serde(untagged)]` enum.

// The fields are decoded to be measured, never read.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
pub struct Webhook {
    #[serde(default)]
    pub webhook_id: Option<String>,
    pub webhook_name: String,
    pub event_types: Vec<EventType>,
    pub channels: Vec<Channel>,
    #[serde(default = "yes")]
    pub is_active: bool,
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub updated_at: Option<DateTime<Utc>>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
pub enum EventType {
    #[serde(rename = "object.created")]
    ObjectCreated,
    #[serde(rename = "objects.created.batch")]
    ObjectsCreatedBatch,
    #[serde(rename = "object.updated")]
    ObjectUpdated,
    #[serde(rename = "object.deleted")]
    ObjectDeleted,
    #[serde(rename = "collection.created")]
    CollectionCreated,
    #[serde(rename = "collection.updated")]
    CollectionUpdated,
    #[serde(rename = "collection.deleted")]
    CollectionDeleted,
    #[serde(rename = "collection.documents.written")]
    CollectionDocumentsWritten,
    #[serde(rename = "cluster.created")]
    ClusterCreated,
    #[serde(rename = "cluster.updated")]
    ClusterUpdated,
    #[serde(rename = "cluster.deleted")]
    ClusterDeleted,
    #[serde(rename = "cluster.execution.started")]
    ClusterExecutionStarted,
    #[serde(rename = "cluster.execution.completed")]
    ClusterExecutionCompleted,
    #[serde(rename = "cluster.execution.failed")]
    ClusterExecutionFailed,
    #[serde(rename = "trigger.created")]
    TriggerCreated,
    #[serde(rename = "trigger.updated")]
    TriggerUpdated,
    #[serde(rename = "trigger.deleted")]
    TriggerDeleted,
    #[serde(rename = "trigger.paused")]
    TriggerPaused,
    #[serde(rename = "trigger.resumed")]
    TriggerResumed,
    #[serde(rename = "trigger.fired")]
    TriggerFired,
    #[serde(rename = "trigger.execution.completed")]
    TriggerExecutionCompleted,
    #[serde(rename = "trigger.execution.failed")]
    TriggerExecutionFailed,
    #[serde(rename = "taxonomy.created")]
    TaxonomyCreated,
    #[serde(rename = "taxonomy.updated")]
    TaxonomyUpdated,
    #[serde(rename = "taxonomy.deleted")]
    TaxonomyDeleted,
    #[serde(rename = "alert.created")]
    AlertCreated,
    #[serde(rename = "alert.updated")]
    AlertUpdated,
    #[serde(rename = "alert.deleted")]
    AlertDeleted,
    #[serde(rename = "alert.triggered")]
    AlertTriggered,
    #[serde(rename = "alert.execution.completed")]
    AlertExecutionCompleted,
    #[serde(rename = "alert.execution.failed")]
    AlertExecutionFailed,
    #[serde(rename = "annotation.created")]
    AnnotationCreated,
    #[serde(rename = "annotation.updated")]
    AnnotationUpdated,
    #[serde(rename = "annotation.deleted")]
    AnnotationDeleted,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Deserialize)]
pub struct Channel {
    pub channel: ChannelKind,
    pub configs: Configs,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    Email,
    Slack,
    Webhook,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Configs {
    Email(EmailConfig),
    Slack(SlackConfig),
    Webhook(WebhookConfig),
    Other(serde_json::Value),
}

#[derive(Debug, Deserialize)]
pub struct EmailConfig {
    pub to_addresses: Vec<String>,
    #[serde(default)]
    pub subject_template: Option<String>,
    #[serde(default)]
    pub body_template: Option<String>,
    #[serde(default = "html")]
    pub content_type: ContentType,
    #[serde(default)]
    pub cc_addresses: Option<Vec<String>>,
    #[serde(default)]
    pub bcc_addresses: Option<Vec<String>>,
}

fn html() -> ContentType {
    ContentType::Html
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentType {
    PlainText,
    Html,
    Markdown,
    Json,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Deserialize)]
pub struct SlackConfig {
    pub webhook_url: String,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub icon_emoji: Option<String>,
    #[serde(default)]
    pub icon_url: Option<String>,
    #[serde(default)]
    pub blocks_template: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct WebhookConfig {
    pub url: String,
    #[serde(default)]
    pub headers: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub payload_template: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(default = "ten")]
    pub timeout: f64,
}

fn ten() -> f64 {
    10.0
}
