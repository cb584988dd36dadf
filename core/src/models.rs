//! Typed responses, as the server sends them (spec §6), for Rust callers.
//!
//! Fields the server may omit or null are `Option`s; unknown fields are ignored, so a field Notify
//! adds tomorrow does not break parsing. Bindings do not use these types: they pass the server's
//! JSON through untouched (see [`RawResponse`](crate::RawResponse)), so new fields reach every
//! language without a release.

use serde::{Deserialize, Serialize};

/// A template reference inside a notification or send response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TemplateRef {
    /// Template id.
    pub id: String,
    /// Template version used.
    pub version: u32,
    /// URL of the template (version).
    pub uri: String,
}

/// `content` of a text message send response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SmsContent {
    /// The rendered message.
    pub body: String,
    /// The sender shown to the recipient.
    pub from_number: String,
}

/// Response to [`SendSms`](crate::SendSms).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SmsResponse {
    /// The new notification's id.
    pub id: String,
    /// Your reference.
    pub reference: Option<String>,
    /// What was sent.
    pub content: SmsContent,
    /// URL of the notification.
    pub uri: String,
    /// Template used.
    pub template: TemplateRef,
    /// Always null.
    #[serde(default)]
    pub scheduled_for: Option<String>,
}

/// `content` of an email send response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EmailContent {
    /// The rendered body (Markdown).
    pub body: String,
    /// The rendered subject.
    pub subject: String,
    /// The sending address.
    pub from_email: String,
    /// The unsubscribe URL, if one was given.
    #[serde(default)]
    pub one_click_unsubscribe_url: Option<String>,
}

/// One sanitised personalisation value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SanitisedValue {
    /// What you sent.
    pub unsanitised: String,
    /// What Notify used.
    pub sanitised: String,
}

/// Response to [`SendEmail`](crate::SendEmail).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EmailResponse {
    /// The new notification's id.
    pub id: String,
    /// Your reference.
    pub reference: Option<String>,
    /// What was sent.
    pub content: EmailContent,
    /// URL of the notification.
    pub uri: String,
    /// Template used.
    pub template: TemplateRef,
    /// Always null.
    #[serde(default)]
    pub scheduled_for: Option<String>,
    /// Values changed by `sanitise_content_for`, by personalisation key.
    #[serde(default)]
    pub sanitised_content: std::collections::BTreeMap<String, SanitisedValue>,
}

/// `content` of a letter send response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LetterContent {
    /// The rendered body.
    pub body: String,
    /// The rendered subject (heading).
    pub subject: String,
}

/// Response to [`SendLetter`](crate::SendLetter).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LetterResponse {
    /// The new notification's id.
    pub id: String,
    /// Your reference.
    pub reference: Option<String>,
    /// What was sent.
    pub content: LetterContent,
    /// URL of the notification.
    pub uri: String,
    /// Template used.
    pub template: TemplateRef,
    /// Always null.
    #[serde(default)]
    pub scheduled_for: Option<String>,
}

/// Response to [`SendPrecompiledLetter`](crate::SendPrecompiledLetter).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PrecompiledLetterResponse {
    /// The new notification's id.
    pub id: String,
    /// Your reference.
    pub reference: String,
    /// The postage used.
    pub postage: String,
}

/// A notification's status and details (`GET /v2/notifications/{id}`, list items).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Notification {
    /// The id.
    pub id: String,
    /// Your reference, if you gave one.
    pub reference: Option<String>,
    /// The recipient (email).
    #[serde(default)]
    pub email_address: Option<String>,
    /// The recipient (text message).
    #[serde(default)]
    pub phone_number: Option<String>,
    /// Address line 1 (letters).
    #[serde(default)]
    pub line_1: Option<String>,
    /// Address line 2.
    #[serde(default)]
    pub line_2: Option<String>,
    /// Address line 3.
    #[serde(default)]
    pub line_3: Option<String>,
    /// Address line 4.
    #[serde(default)]
    pub line_4: Option<String>,
    /// Address line 5.
    #[serde(default)]
    pub line_5: Option<String>,
    /// Address line 6.
    #[serde(default)]
    pub line_6: Option<String>,
    /// The last address line of a letter (Notify sends `postcode`, not `line_7`).
    #[serde(default)]
    pub postcode: Option<String>,
    /// Postage class (letters).
    #[serde(default)]
    pub postage: Option<String>,
    /// `sms`, `email` or `letter`.
    #[serde(rename = "type")]
    pub notification_type: String,
    /// e.g. `created`, `sending`, `delivered`, `permanent-failure`; letters: `accepted`, `received`.
    pub status: String,
    /// The template used.
    pub template: TemplateRef,
    /// The rendered body.
    pub body: String,
    /// The rendered subject (email and letter).
    #[serde(default)]
    pub subject: Option<String>,
    /// When it was created.
    pub created_at: String,
    /// Who sent it, when sent from the web interface.
    #[serde(default)]
    pub created_by_name: Option<String>,
    /// When it was sent.
    #[serde(default)]
    pub sent_at: Option<String>,
    /// When it reached a final status.
    #[serde(default)]
    pub completed_at: Option<String>,
    /// Always null.
    #[serde(default)]
    pub scheduled_for: Option<String>,
    /// The one-click unsubscribe URL (email).
    #[serde(default)]
    pub one_click_unsubscribe_url: Option<String>,
    /// Letters only.
    #[serde(default)]
    pub estimated_delivery: Option<String>,
    /// Whether the cost fields are final.
    #[serde(default)]
    pub is_cost_data_ready: Option<bool>,
    /// The cost, when ready.
    #[serde(default)]
    pub cost_in_pounds: Option<f64>,
    /// How the cost was worked out.
    #[serde(default)]
    pub cost_details: Option<serde_json::Map<String, serde_json::Value>>,
}

/// `links` of a paged list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Links {
    /// This page's URL.
    pub current: String,
    /// The next page's URL; absent on an empty page.
    #[serde(default)]
    pub next: Option<String>,
}

/// One page of notifications.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NotificationList {
    /// Up to 250 notifications, newest first.
    pub notifications: Vec<Notification>,
    /// Paging links.
    pub links: Links,
}

/// A template (`GET /v2/template/{id}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Template {
    /// The id.
    pub id: String,
    /// `sms`, `email` or `letter`.
    #[serde(rename = "type")]
    pub template_type: String,
    /// When it was created.
    pub created_at: String,
    /// When it was last changed.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Email address of whoever created it.
    pub created_by: String,
    /// The version.
    pub version: u32,
    /// The raw template, with `((placeholders))`.
    pub body: String,
    /// The rendered subject (email and letter).
    #[serde(default)]
    pub subject: Option<String>,
    /// The template name.
    pub name: String,
    /// Placeholder name → `{"required": true}`.
    #[serde(default)]
    pub personalisation: Option<serde_json::Map<String, serde_json::Value>>,
    /// Postage class (letters).
    #[serde(default)]
    pub postage: Option<String>,
    /// The letter contact block.
    #[serde(default)]
    pub letter_contact_block: Option<String>,
}

/// All templates (`GET /v2/templates`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TemplateList {
    /// The templates.
    pub templates: Vec<Template>,
}

/// A rendered template preview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TemplatePreview {
    /// The id.
    pub id: String,
    /// `sms`, `email` or `letter`.
    #[serde(rename = "type")]
    pub template_type: String,
    /// The version.
    pub version: u32,
    /// The rendered body.
    pub body: String,
    /// Email only.
    #[serde(default)]
    pub html: Option<String>,
    /// The rendered subject (email and letter).
    #[serde(default)]
    pub subject: Option<String>,
    /// Postage class (letters).
    #[serde(default)]
    pub postage: Option<String>,
}

/// A text message sent to the service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReceivedText {
    /// The id.
    pub id: String,
    /// The sender's number.
    pub user_number: String,
    /// The service's number.
    pub notify_number: String,
    /// When it was created.
    pub created_at: String,
    /// The service id.
    pub service_id: String,
    /// The message text.
    pub content: String,
}

/// One page of received text messages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReceivedTextList {
    /// Up to 250 messages, newest first.
    pub received_text_messages: Vec<ReceivedText>,
    /// Paging links.
    pub links: Links,
}
