//! Simulator configuration: services, API keys, senders, templates, limits,
//! timings and callbacks.
//!
//! Every field has a fixed default (see [`Config::default`]) so documentation
//! and tests can rely on the same service id, keys and template ids. A JSON
//! file with any subset of the fields can be loaded with [`Config::from_json`];
//! missing fields keep their defaults.

use std::net::{Ipv4Addr, SocketAddr};

use serde::{Deserialize, Serialize};

use crate::templates::{builtin_templates, TemplateConfig};

/// Default service id.
pub const DEFAULT_SERVICE_ID: &str = "26785a09-ab16-4eb0-8407-a37497a57506";
/// Default secret of the test key.
pub const DEFAULT_TEST_KEY_SECRET: &str = "3d844edf-8d35-48ac-975b-e847b4f122b0";
/// Default secret of the team key.
pub const DEFAULT_TEAM_KEY_SECRET: &str = "a1b2c3d4-1111-4222-8333-944455556666";
/// Default secret of the live key.
pub const DEFAULT_LIVE_KEY_SECRET: &str = "f0e1d2c3-7777-4888-9999-aaaabbbbcccc";
/// Id of the default (only) SMS sender of the default service.
pub const SMS_SENDER_ID: &str = "b0c6f7e2-3a4d-4e5f-8a9b-0c1d2e3f4a5b";
/// Id of the default (only) email reply-to address of the default service.
pub const EMAIL_REPLY_TO_ID: &str = "c1d7a8f3-4b5e-4f6a-9b0c-1d2e3f4a5b6c";

/// The three kinds of Notify API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyKind {
    /// Test key: realistic responses, nothing delivered.
    Test,
    /// Team and guest list key: only team members may be sent to.
    Team,
    /// Live key (`normal` in Notify's database).
    #[serde(alias = "normal")]
    Live,
}

impl KeyKind {
    /// The key type as written in Notify's rate-limit message (`TEST`, `TEAM`, `LIVE`).
    pub fn upper_name(self) -> &'static str {
        match self {
            KeyKind::Test => "TEST",
            KeyKind::Team => "TEAM",
            KeyKind::Live => "LIVE",
        }
    }

    /// The key type in lower case (`test`, `team`, `live`).
    pub fn lower_name(self) -> &'static str {
        match self {
            KeyKind::Test => "test",
            KeyKind::Team => "team",
            KeyKind::Live => "live",
        }
    }

    /// The name used in the default full API key strings.
    fn default_key_name(self) -> &'static str {
        match self {
            KeyKind::Test => "simulator_test_key",
            KeyKind::Team => "simulator_team_key",
            KeyKind::Live => "simulator_live_key",
        }
    }
}

/// One API key of a service.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApiKeyConfig {
    /// The key name shown as the first part of the full key string.
    pub name: String,
    /// Test, team or live.
    #[serde(rename = "type")]
    pub kind: KeyKind,
    /// The secret (the HMAC key, used as UTF-8 text).
    pub secret: String,
    /// A revoked key still matches signatures but is rejected with
    /// `Invalid token: API key revoked`.
    #[serde(default)]
    pub revoked: bool,
}

impl ApiKeyConfig {
    /// A key with the given kind and secret and the default name for its kind.
    pub fn new(kind: KeyKind, secret: &str) -> Self {
        Self {
            name: kind.default_key_name().to_owned(),
            kind,
            secret: secret.to_owned(),
            revoked: false,
        }
    }
}

/// A text message sender of a service.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SmsSenderConfig {
    /// The sender's id (`sms_sender_id` in requests).
    pub id: String,
    /// Sender name or number (`content.from_number` in responses).
    pub sms_sender: String,
    /// The default sender is used when a request has no `sms_sender_id`.
    #[serde(default)]
    pub is_default: bool,
}

/// An email reply-to address of a service.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmailReplyToConfig {
    /// The reply-to id (`email_reply_to_id` in requests).
    pub id: String,
    /// The reply-to address.
    pub email_address: String,
    /// Used when a request has no `email_reply_to_id`.
    #[serde(default)]
    pub is_default: bool,
}

/// One Notify service.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceConfig {
    /// Service id (the JWT `iss`).
    pub id: String,
    /// Service name.
    pub name: String,
    /// Archived services reject every token (`Invalid token: service is archived`).
    pub archived: bool,
    /// Trial mode: live keys behave like team keys (with the trial-mode messages)
    /// and letters are refused.
    pub restricted: bool,
    /// API keys. An empty list gives `Invalid token: service has no API keys`.
    pub api_keys: Vec<ApiKeyConfig>,
    /// Phone numbers a team key may send to.
    pub team_phone_numbers: Vec<String>,
    /// Email addresses a team key may send to.
    pub team_email_addresses: Vec<String>,
    /// Text message senders.
    pub sms_senders: Vec<SmsSenderConfig>,
    /// Email reply-to addresses.
    pub email_reply_to: Vec<EmailReplyToConfig>,
    /// `content.from_email` of email responses.
    pub email_from: String,
    /// The service's inbound number (`notify_number` of received texts).
    pub inbound_number: String,
    /// Permission to send to international phone numbers.
    pub international_sms: bool,
    /// Permission to send letters abroad (the last address line may be a country).
    pub international_letters: bool,
    /// "Send files by email" contact details are set up.
    pub send_files_by_email: bool,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        Self {
            id: DEFAULT_SERVICE_ID.to_owned(),
            name: "Notify Simulator".to_owned(),
            archived: false,
            restricted: false,
            api_keys: vec![
                ApiKeyConfig::new(KeyKind::Test, DEFAULT_TEST_KEY_SECRET),
                ApiKeyConfig::new(KeyKind::Team, DEFAULT_TEAM_KEY_SECRET),
                ApiKeyConfig::new(KeyKind::Live, DEFAULT_LIVE_KEY_SECRET),
            ],
            team_phone_numbers: vec!["07700900123".to_owned()],
            team_email_addresses: vec!["team@example.gov.uk".to_owned()],
            sms_senders: vec![SmsSenderConfig {
                id: SMS_SENDER_ID.to_owned(),
                sms_sender: "GOVUK".to_owned(),
                is_default: true,
            }],
            email_reply_to: vec![EmailReplyToConfig {
                id: EMAIL_REPLY_TO_ID.to_owned(),
                email_address: "reply-to@example.gov.uk".to_owned(),
                is_default: true,
            }],
            email_from: "notify.simulator@notifications.service.gov.uk".to_owned(),
            inbound_number: "07700900456".to_owned(),
            international_sms: true,
            international_letters: true,
            send_files_by_email: true,
        }
    }
}

impl ServiceConfig {
    /// The full API key string (`{name}-{service_id}-{secret}`) of the first
    /// key of `kind`, if the service has one.
    pub fn api_key(&self, kind: KeyKind) -> Option<String> {
        self.api_keys
            .iter()
            .find(|k| k.kind == kind)
            .map(|k| format!("{}-{}-{}", k.name, self.id, k.secret))
    }
}

/// Complete simulator configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Address to listen on. Port 0 picks a free port.
    pub bind: SocketAddr,
    /// Services; the first is the default one reported by [`crate::Simulator::service_id`]
    /// and used by the control API. Templates are shared by all services.
    pub services: Vec<ServiceConfig>,
    /// Templates (default: the built-in set from `templates.json`).
    pub templates: Vec<TemplateConfig>,
    /// Send requests allowed per service and key type per window (token bucket).
    pub rate_limit: u32,
    /// Rate-limit window in seconds.
    pub rate_limit_window_secs: u64,
    /// Daily limit for emails and text messages each (team and live keys).
    pub daily_limit: u64,
    /// Daily limit for letters (team and live keys).
    pub daily_letter_limit: u64,
    /// Page size of `GET /v2/notifications` and `GET /v2/received-text-messages`.
    pub page_size: usize,
    /// A new notification is `created`, becomes `sending` after this many
    /// milliseconds and reaches its final status after twice as many.
    /// 0 makes notifications final immediately.
    pub status_delay_ms: u64,
    /// A letter's PDF is `PDFNotReadyError` for this long after it is sent.
    pub pdf_delay_ms: u64,
    /// Delivery-receipt callback URL (http:// only).
    pub callback_url: Option<String>,
    /// Bearer token sent with delivery receipts.
    pub callback_token: Option<String>,
    /// Received-text callback URL (http:// only).
    pub inbound_callback_url: Option<String>,
    /// Bearer token for received-text callbacks (defaults to `callback_token`).
    pub inbound_callback_token: Option<String>,
    /// Retries after a failed callback attempt (5xx, 429 or network error).
    pub callback_retries: u32,
    /// Delay between callback attempts, in milliseconds.
    pub callback_retry_backoff_ms: u64,
    /// Timeout of one callback attempt, in milliseconds.
    pub callback_timeout_ms: u64,
    /// Largest accepted request body in bytes (larger bodies get 413).
    pub max_body_bytes: usize,
    /// Recorded requests kept for `GET /_simulator/requests` (oldest dropped first).
    pub max_recorded_requests: usize,
    /// Notifications kept in memory (oldest dropped first).
    pub max_notifications: usize,
    /// Log one line per request to stderr.
    pub verbose: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            services: vec![ServiceConfig::default()],
            templates: builtin_templates(),
            rate_limit: 3000,
            rate_limit_window_secs: 60,
            daily_limit: 250_000,
            daily_letter_limit: 20_000,
            page_size: 250,
            status_delay_ms: 1000,
            pdf_delay_ms: 2000,
            callback_url: None,
            callback_token: None,
            inbound_callback_url: None,
            inbound_callback_token: None,
            callback_retries: 5,
            callback_retry_backoff_ms: 500,
            callback_timeout_ms: 5000,
            max_body_bytes: 20 * 1024 * 1024,
            max_recorded_requests: 10_000,
            max_notifications: 500_000,
            verbose: false,
        }
    }
}

impl Config {
    /// Parses a JSON configuration; absent fields keep their defaults.
    pub fn from_json(text: &str) -> Result<Config, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The default (first) service.
    pub fn default_service(&self) -> Option<&ServiceConfig> {
        self.services.first()
    }

    /// Checks the configuration for mistakes that would make the server unusable.
    pub fn validate(&self) -> Result<(), String> {
        if self.services.is_empty() {
            return Err("at least one service must be configured".into());
        }
        for service in &self.services {
            if crate::validation::parse_uuid(&service.id).is_none() {
                return Err(format!("service id {:?} is not a UUID", service.id));
            }
            for sender in &service.sms_senders {
                if crate::validation::parse_uuid(&sender.id).is_none() {
                    return Err(format!("sms sender id {:?} is not a UUID", sender.id));
                }
            }
            for reply_to in &service.email_reply_to {
                if crate::validation::parse_uuid(&reply_to.id).is_none() {
                    return Err(format!("reply-to id {:?} is not a UUID", reply_to.id));
                }
            }
        }
        if self.page_size == 0 {
            return Err("page_size must be at least 1".into());
        }
        if self.rate_limit_window_secs == 0 {
            return Err("rate_limit_window_secs must be at least 1".into());
        }
        for url in [&self.callback_url, &self.inbound_callback_url]
            .into_iter()
            .flatten()
        {
            crate::callbacks::check_callback_url(url)?;
        }
        crate::templates::TemplateSet::from_configs(&self.templates).map(|_| ())
    }
}
