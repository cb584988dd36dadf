//! Every Notify v2 operation as a request value.
//!
//! Each operation is a plain struct (deserialisable from JSON with unknown fields refused, so the C
//! ABI and other bindings can build it from caller JSON) that implements [`Operation`]: it checks
//! its own fields and turns itself into an [`HttpRequest`]. This module owns the client-side rules:
//! which fields are sent, under which names, in which order, what counts as "unset", and what is
//! refused before anything is sent. Phone numbers, email addresses and postal addresses are left to
//! the server, whose rules change (international numbers, service permissions).
//!
//! "Unset" means `None`, an empty string, or an empty personalisation map or list: such optional
//! fields are omitted from the body, never sent as `null` — the same as the official Python and
//! Node clients, and the server rejects `null` for most of them.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::models;

/// Template personalisation: placeholder name → value (string, number, list, or a file object from
/// [`prepare_upload`](crate::prepare_upload)).
pub type Personalisation = serde_json::Map<String, serde_json::Value>;

/// The longest client reference Notify accepts, in characters.
pub const MAX_REFERENCE_CHARS: usize = 1000;

/// The HTTP method of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
}

impl Method {
    /// `"GET"` or `"POST"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

/// What an operation puts on the wire, relative to the base URL. Built by [`Operation::to_http`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// GET or POST.
    pub method: Method,
    /// Path segments after the base URL, e.g. `["v2", "notifications", "sms"]`.
    pub segments: Vec<String>,
    /// Query parameters in order; a key may repeat.
    pub query: Vec<(&'static str, String)>,
    /// JSON body, for POST.
    pub body: Option<Vec<u8>>,
    /// Whether the success body is a PDF rather than JSON.
    pub expects_pdf: bool,
}

impl HttpRequest {
    fn get(segments: &[&str]) -> Self {
        Self {
            method: Method::Get,
            segments: segments.iter().map(|s| (*s).to_owned()).collect(),
            query: Vec::new(),
            body: None,
            expects_pdf: false,
        }
    }

    fn post<B: Serialize>(segments: &[&str], body: &B) -> Result<Self, Error> {
        let body = serde_json::to_vec(body)
            .map_err(|e| Error::argument("personalisation", format!("cannot be encoded: {e}")))?;
        Ok(Self {
            method: Method::Post,
            segments: segments.iter().map(|s| (*s).to_owned()).collect(),
            query: Vec::new(),
            body: Some(body),
            expects_pdf: false,
        })
    }

    /// Whether repeating the request could create a second notification: every POST except a
    /// template preview. Derived from the method and path, so a hand-built request cannot opt out
    /// of the no-duplicate-send rule by mistake.
    pub fn creates_notification(&self) -> bool {
        self.method == Method::Post && self.segments.last().map(String::as_str) != Some("preview")
    }

    /// The path as sent, e.g. `/v2/notifications/sms` (for logs; contains no secrets).
    pub fn path(&self) -> String {
        let mut p = String::new();
        for s in &self.segments {
            p.push('/');
            p.push_str(s);
        }
        p
    }
}

/// A Notify operation: validates itself and describes its HTTP request.
pub trait Operation {
    /// The typed response.
    type Output: serde::de::DeserializeOwned;
    /// Checks the fields and builds the request. Nothing is sent when this fails.
    ///
    /// # Errors
    /// An [`ErrorKind::Argument`](crate::ErrorKind::Argument) error naming the field.
    fn to_http(&self) -> Result<HttpRequest, Error>;
}

// ---- Notify's answers ----------------------------------------------------------------------------
//
// Input that Notify's own schema rejects is refused here before sending, with the 400 Notify would
// have answered: the same `ValidationError` items in the server's exact wording, so a binding can
// raise what the official clients raise after a round trip (`Error::refused`). The wording is the
// server's JSON-schema message with single quotes removed; values are shown as Python's `repr`.

/// The class of every schema refusal below.
const VALIDATION_ERROR: &str = "ValidationError";

fn notify_not_uuid(name: &str) -> String {
    format!("{name} is not a valid UUID")
}

fn notify_not_one_of(name: &str, value: &str, allowed: &[&str]) -> String {
    format!(
        "{name} {} is not one of [{}]",
        py_repr(value),
        allowed.join(", ")
    )
}

fn notify_too_long(name: &str, value: &str) -> String {
    format!("{name} {} is too long", py_repr(value))
}

fn notify_below_minimum(name: &str, value: u32) -> String {
    format!("{name} {value} is less than the minimum of 1")
}

const NOTIFY_NOT_HTTPS_URL: &str = "one_click_unsubscribe_url is not a valid https url";

const NOTIFY_BAD_POSTAGE: &str = "postage invalid. It must be either first, second or economy.";

/// A value as the server's messages show it: Python's `repr` of a string, then the single quotes
/// removed.
fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out.replace('\'', "")
}

fn refused(field: &'static str, notify_message: String) -> Error {
    Error::refused(field, VALIDATION_ERROR, vec![notify_message])
}

// ---- field rules -------------------------------------------------------------------------------

fn set(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

fn set_map(m: &Option<Personalisation>) -> Option<&Personalisation> {
    m.as_ref().filter(|m| !m.is_empty())
}

fn required<'a>(field: &'static str, value: &'a str) -> Result<&'a str, Error> {
    if value.trim().is_empty() {
        Err(Error::argument(field, "is required and must not be empty"))
    } else {
        Ok(value)
    }
}

fn is_uuid(value: &str) -> bool {
    uuid::Uuid::parse_str(value).is_ok()
}

/// Checks a UUID in a request body the way the server does (lenient: any case, braces, no
/// hyphens). The value is sent as given; Notify calls an empty one not a valid UUID too.
fn uuid<'a>(field: &'static str, value: &'a str) -> Result<&'a str, Error> {
    if is_uuid(value) {
        Ok(value)
    } else {
        Err(refused(field, notify_not_uuid(field)))
    }
}

/// Checks an id that goes in the URL path; `notify_name` is what Notify calls it (`id` for
/// templates). An empty id would change the path (to another endpoint), so it is a plain argument
/// error rather than Notify's 400.
fn path_uuid<'a>(field: &'static str, notify_name: &str, value: &'a str) -> Result<&'a str, Error> {
    if value.is_empty() {
        Err(Error::argument(field, "is required and must not be empty"))
    } else if is_uuid(value) {
        Ok(value)
    } else {
        Err(refused(field, notify_not_uuid(notify_name)))
    }
}

fn opt_uuid<'a>(field: &'static str, value: &'a Option<String>) -> Result<Option<&'a str>, Error> {
    set(value).map(|v| uuid(field, v)).transpose()
}

fn reference<'a>(field: &'static str, value: &'a Option<String>) -> Result<Option<&'a str>, Error> {
    match set(value) {
        Some(r) if r.chars().count() > MAX_REFERENCE_CHARS => {
            Err(refused(field, notify_too_long(field, r)))
        }
        other => Ok(other),
    }
}

const TEMPLATE_TYPES: [&str; 3] = ["sms", "email", "letter"];

/// A template type filter; `notify_name` is the query parameter Notify names in its message.
fn template_type(
    field: &'static str,
    notify_name: &str,
    value: &Option<String>,
) -> Result<Option<String>, Error> {
    match set(value) {
        Some(t) if !TEMPLATE_TYPES.contains(&t) => Err(refused(
            field,
            notify_not_one_of(notify_name, t, &TEMPLATE_TYPES),
        )),
        other => Ok(other.map(str::to_owned)),
    }
}

/// Notification statuses the list endpoint accepts as filters (spec §6.6, §6.7).
pub const NOTIFICATION_STATUSES: [&str; 16] = [
    "cancelled",
    "created",
    "sending",
    "sent",
    "delivered",
    "pending",
    "failed",
    "technical-failure",
    "temporary-failure",
    "permanent-failure",
    "pending-virus-check",
    "validation-failed",
    "virus-scan-failed",
    "returned-letter",
    "accepted",
    "received",
];

/// Postage classes a precompiled letter may ask for.
pub const PRECOMPILED_POSTAGE: [&str; 3] = ["first", "second", "economy"];

pub(crate) fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(s)) => vec![s],
        Some(OneOrMany::Many(v)) => v,
    })
}

mod base64_bytes {
    use super::BASE64;
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&BASE64.encode(v))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        BASE64
            .decode(s.trim())
            .map_err(|_| serde::de::Error::custom("content is not valid base64"))
    }
}

// ---- sends -------------------------------------------------------------------------------------

/// `POST /v2/notifications/sms`: send a text message.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendSms {
    /// The recipient's phone number (UK or international).
    pub phone_number: String,
    /// The text message template's id.
    pub template_id: String,
    /// Values for the template's placeholders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personalisation: Option<Personalisation>,
    /// Your reference for this message (≤ 1000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The id of a text message sender set up for the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_sender_id: Option<String>,
}

impl SendSms {
    /// A text message to `phone_number` from template `template_id`.
    pub fn new(phone_number: impl Into<String>, template_id: impl Into<String>) -> Self {
        Self {
            phone_number: phone_number.into(),
            template_id: template_id.into(),
            ..Self::default()
        }
    }
    /// Sets the personalisation.
    #[must_use]
    pub fn personalisation(mut self, p: Personalisation) -> Self {
        self.personalisation = Some(p);
        self
    }
    /// Sets the reference.
    #[must_use]
    pub fn reference(mut self, r: impl Into<String>) -> Self {
        self.reference = Some(r.into());
        self
    }
    /// Sets the sender id.
    #[must_use]
    pub fn sms_sender_id(mut self, id: impl Into<String>) -> Self {
        self.sms_sender_id = Some(id.into());
        self
    }
}

impl Operation for SendSms {
    type Output = models::SmsResponse;
    fn to_http(&self) -> Result<HttpRequest, Error> {
        #[derive(Serialize)]
        struct Body<'a> {
            phone_number: &'a str,
            template_id: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            personalisation: Option<&'a Personalisation>,
            #[serde(skip_serializing_if = "Option::is_none")]
            reference: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            sms_sender_id: Option<&'a str>,
        }
        let body = Body {
            phone_number: required("phone_number", &self.phone_number)?,
            template_id: uuid("template_id", &self.template_id)?,
            personalisation: set_map(&self.personalisation),
            reference: reference("reference", &self.reference)?,
            sms_sender_id: opt_uuid("sms_sender_id", &self.sms_sender_id)?,
        };
        HttpRequest::post(&["v2", "notifications", "sms"], &body)
    }
}

/// `POST /v2/notifications/email`: send an email.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendEmail {
    /// The recipient's email address.
    pub email_address: String,
    /// The email template's id.
    pub template_id: String,
    /// Values for the template's placeholders (may include file objects).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personalisation: Option<Personalisation>,
    /// Your reference for this message (≤ 1000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The id of a reply-to address set up for the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_reply_to_id: Option<String>,
    /// An `https://` URL for the one-click unsubscribe header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_click_unsubscribe_url: Option<String>,
    /// Personalisation keys whose values Notify should sanitise (strip links and Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sanitise_content_for: Option<Vec<String>>,
}

impl SendEmail {
    /// An email to `email_address` from template `template_id`.
    pub fn new(email_address: impl Into<String>, template_id: impl Into<String>) -> Self {
        Self {
            email_address: email_address.into(),
            template_id: template_id.into(),
            ..Self::default()
        }
    }
    /// Sets the personalisation.
    #[must_use]
    pub fn personalisation(mut self, p: Personalisation) -> Self {
        self.personalisation = Some(p);
        self
    }
    /// Sets the reference.
    #[must_use]
    pub fn reference(mut self, r: impl Into<String>) -> Self {
        self.reference = Some(r.into());
        self
    }
    /// Sets the reply-to id.
    #[must_use]
    pub fn email_reply_to_id(mut self, id: impl Into<String>) -> Self {
        self.email_reply_to_id = Some(id.into());
        self
    }
    /// Sets the one-click unsubscribe URL.
    #[must_use]
    pub fn one_click_unsubscribe_url(mut self, url: impl Into<String>) -> Self {
        self.one_click_unsubscribe_url = Some(url.into());
        self
    }
    /// Sets the personalisation keys to sanitise.
    #[must_use]
    pub fn sanitise_content_for(mut self, keys: Vec<String>) -> Self {
        self.sanitise_content_for = Some(keys);
        self
    }
}

fn https_url<'a>(field: &'static str, value: &'a Option<String>) -> Result<Option<&'a str>, Error> {
    let Some(v) = set(value) else { return Ok(None) };
    match url::Url::parse(v) {
        Ok(u) if u.scheme() == "https" && v.starts_with("https") && u.host().is_some() => {
            Ok(Some(v))
        }
        _ => Err(refused(field, NOTIFY_NOT_HTTPS_URL.to_owned())),
    }
}

impl Operation for SendEmail {
    type Output = models::EmailResponse;
    fn to_http(&self) -> Result<HttpRequest, Error> {
        #[derive(Serialize)]
        struct Body<'a> {
            email_address: &'a str,
            template_id: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            personalisation: Option<&'a Personalisation>,
            #[serde(skip_serializing_if = "Option::is_none")]
            reference: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            email_reply_to_id: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            one_click_unsubscribe_url: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            sanitise_content_for: Option<&'a [String]>,
        }
        let body = Body {
            email_address: required("email_address", &self.email_address)?,
            template_id: uuid("template_id", &self.template_id)?,
            personalisation: set_map(&self.personalisation),
            reference: reference("reference", &self.reference)?,
            email_reply_to_id: opt_uuid("email_reply_to_id", &self.email_reply_to_id)?,
            one_click_unsubscribe_url: https_url(
                "one_click_unsubscribe_url",
                &self.one_click_unsubscribe_url,
            )?,
            sanitise_content_for: self
                .sanitise_content_for
                .as_deref()
                .filter(|l| !l.is_empty()),
        };
        HttpRequest::post(&["v2", "notifications", "email"], &body)
    }
}

/// `POST /v2/notifications/letter`: send a letter from a template. The personalisation must hold
/// the address (`address_line_1`…`address_line_7`, or `postcode` as the last line).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendLetter {
    /// The letter template's id.
    pub template_id: String,
    /// The address lines and the template's placeholders. Required.
    pub personalisation: Personalisation,
    /// Your reference for this letter (≤ 1000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

impl SendLetter {
    /// A letter from `template_id` with `personalisation` (which must include the address).
    pub fn new(template_id: impl Into<String>, personalisation: Personalisation) -> Self {
        Self {
            template_id: template_id.into(),
            personalisation,
            reference: None,
        }
    }
    /// Sets the reference.
    #[must_use]
    pub fn reference(mut self, r: impl Into<String>) -> Self {
        self.reference = Some(r.into());
        self
    }
}

impl Operation for SendLetter {
    type Output = models::LetterResponse;
    fn to_http(&self) -> Result<HttpRequest, Error> {
        #[derive(Serialize)]
        struct Body<'a> {
            template_id: &'a str,
            personalisation: &'a Personalisation,
            #[serde(skip_serializing_if = "Option::is_none")]
            reference: Option<&'a str>,
        }
        if !self.personalisation.keys().any(|k| k == "address_line_1") {
            return Err(Error::argument(
                "personalisation",
                "must include the address: address_line_1, address_line_2 and more lines or postcode",
            ));
        }
        let body = Body {
            template_id: uuid("template_id", &self.template_id)?,
            personalisation: &self.personalisation,
            reference: reference("reference", &self.reference)?,
        };
        HttpRequest::post(&["v2", "notifications", "letter"], &body)
    }
}

/// `POST /v2/notifications/letter` with `content`: send a precompiled PDF letter.
///
/// In JSON (for the C ABI) the PDF is `content`, base64-encoded, as on the wire.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendPrecompiledLetter {
    /// Your reference for this letter. Required by Notify.
    pub reference: String,
    /// The PDF bytes.
    #[serde(rename = "content", with = "base64_bytes")]
    pub pdf: Vec<u8>,
    /// `first`, `second` or `economy`; the service's default when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postage: Option<String>,
}

impl std::fmt::Debug for SendPrecompiledLetter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SendPrecompiledLetter")
            .field("reference", &self.reference)
            .field("pdf", &format_args!("<{} bytes>", self.pdf.len()))
            .field("postage", &self.postage)
            .finish()
    }
}

impl SendPrecompiledLetter {
    /// A precompiled letter: `pdf` is the whole PDF file.
    pub fn new(reference: impl Into<String>, pdf: impl Into<Vec<u8>>) -> Self {
        Self {
            reference: reference.into(),
            pdf: pdf.into(),
            postage: None,
        }
    }
    /// Sets the postage (`first`, `second` or `economy`).
    #[must_use]
    pub fn postage(mut self, postage: impl Into<String>) -> Self {
        self.postage = Some(postage.into());
        self
    }
}

impl Operation for SendPrecompiledLetter {
    type Output = models::PrecompiledLetterResponse;
    fn to_http(&self) -> Result<HttpRequest, Error> {
        #[derive(Serialize)]
        struct Body<'a> {
            reference: &'a str,
            content: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            postage: Option<&'a str>,
        }
        let reference = required("reference", &self.reference)?;
        if self.pdf.is_empty() {
            return Err(Error::argument("pdf_file", "is empty"));
        }
        let postage = match set(&self.postage) {
            Some(p) if !PRECOMPILED_POSTAGE.contains(&p) => {
                return Err(refused("postage", NOTIFY_BAD_POSTAGE.to_owned()))
            }
            other => other,
        };
        let body = Body {
            reference,
            content: BASE64.encode(&self.pdf),
            postage,
        };
        HttpRequest::post(&["v2", "notifications", "letter"], &body)
    }
}

// ---- reads -------------------------------------------------------------------------------------

/// `GET /v2/notifications/{id}`: one notification's status and details.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetNotification {
    /// The notification id returned by a send.
    pub notification_id: String,
}

impl Operation for GetNotification {
    type Output = models::Notification;
    fn to_http(&self) -> Result<HttpRequest, Error> {
        let id = path_uuid("notification_id", "notification_id", &self.notification_id)?;
        Ok(HttpRequest::get(&["v2", "notifications", id]))
    }
}

/// `GET /v2/notifications`: one page (up to 250, newest first) of notifications sent with the same
/// key type. See [`Client::notifications`](crate::Client::notifications) to walk every page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListNotifications {
    /// `sms`, `email` or `letter`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_type: Option<String>,
    /// Status filters (a string or a list in JSON). `failed` means every failure status.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub status: Vec<String>,
    /// Your reference, matched exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Only notifications older than the one with this id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub older_than: Option<String>,
    /// Also include notifications sent by uploading a spreadsheet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_jobs: Option<bool>,
}

impl Operation for ListNotifications {
    type Output = models::NotificationList;
    fn to_http(&self) -> Result<HttpRequest, Error> {
        // The official Python client's order (a dict: status, template_type, reference,
        // older_than, include_jobs). Notify echoes the query in `links.current`.
        let mut req = HttpRequest::get(&["v2", "notifications"]);
        // Notify reports every bad filter at once, in this order; the field named is the first.
        let mut problems: Vec<(&'static str, String)> = Vec::new();
        if self.status.len() > NOTIFICATION_STATUSES.len() {
            return Err(Error::argument(
                "status",
                format!(
                    "has {} filters; there are only {} notification statuses",
                    self.status.len(),
                    NOTIFICATION_STATUSES.len()
                ),
            ));
        }
        for s in self.status.iter().filter(|s| !s.is_empty()) {
            if NOTIFICATION_STATUSES.contains(&s.as_str()) {
                req.query.push(("status", s.clone()));
            } else {
                problems.push((
                    "status",
                    notify_not_one_of("status", s, &NOTIFICATION_STATUSES),
                ));
            }
        }
        match template_type("template_type", "template_type", &self.template_type) {
            Ok(Some(t)) => req.query.push(("template_type", t)),
            Ok(None) => {}
            Err(e) => problems.push(("template_type", e.message().to_owned())),
        }
        // The same limit as a send's reference: no notification can match a longer one, and an
        // unbounded filter could make a URL too long to send.
        if let Some(r) = reference("reference", &self.reference)? {
            req.query.push(("reference", r.to_owned()));
        }
        match set(&self.older_than) {
            Some(o) if is_uuid(o) => req.query.push(("older_than", o.to_owned())),
            Some(_) => problems.push(("older_than", notify_not_uuid("older_than"))),
            None => {}
        }
        if let Some((field, _)) = problems.first() {
            let messages = problems.iter().map(|(_, m)| m.clone()).collect();
            return Err(Error::refused(field, VALIDATION_ERROR, messages));
        }
        if self.include_jobs == Some(true) {
            // Spelled as the official Python client sends it; the server accepts `true` and `True`.
            req.query.push(("include_jobs", "True".to_owned()));
        }
        Ok(req)
    }
}

/// The order of the list filters in the query string. Notify echoes the query in
/// `links.current`, so each binding sends them as its language's official client does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FilterOrder {
    /// `status`, `template_type`, `reference`, `older_than`, `include_jobs`: the official Python
    /// client's, and [`Operation::to_http`]'s.
    #[default]
    StatusFirst,
    /// `template_type` first, then the rest as above: the official Node client's.
    TemplateTypeFirst,
}

impl ListNotifications {
    /// [`Operation::to_http`] with the filters in `order`.
    ///
    /// # Errors
    /// As [`Operation::to_http`].
    pub fn to_http_in(&self, order: FilterOrder) -> Result<HttpRequest, Error> {
        let mut req = self.to_http()?;
        if order == FilterOrder::TemplateTypeFirst {
            // A stable sort: everything else keeps its order.
            req.query.sort_by_key(|(name, _)| *name != "template_type");
        }
        Ok(req)
    }
}

/// `GET /v2/notifications/{id}/pdf`: the PDF of a letter. The output is the raw PDF bytes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetPdfForLetter {
    /// The letter notification's id.
    pub notification_id: String,
}

impl GetPdfForLetter {
    /// Checks the id and builds the request. Not an [`Operation`]: the response is PDF bytes, not
    /// JSON; use [`Client::get_pdf_for_letter`](crate::Client::get_pdf_for_letter).
    ///
    /// # Errors
    /// An argument error naming `notification_id`.
    pub fn to_http(&self) -> Result<HttpRequest, Error> {
        let id = path_uuid("notification_id", "notification_id", &self.notification_id)?;
        let mut req = HttpRequest::get(&["v2", "notifications", id, "pdf"]);
        req.expects_pdf = true;
        Ok(req)
    }
}

/// `GET /v2/template/{id}`: the latest version of a template.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetTemplate {
    /// The template id.
    pub template_id: String,
}

impl Operation for GetTemplate {
    type Output = models::Template;
    fn to_http(&self) -> Result<HttpRequest, Error> {
        let id = path_uuid("template_id", "id", &self.template_id)?;
        Ok(HttpRequest::get(&["v2", "template", id]))
    }
}

/// `GET /v2/template/{id}/version/{version}`: one version of a template.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetTemplateVersion {
    /// The template id.
    pub template_id: String,
    /// The version, from 1.
    pub version: u32,
}

impl Operation for GetTemplateVersion {
    type Output = models::Template;
    fn to_http(&self) -> Result<HttpRequest, Error> {
        // Notify reports both problems at once.
        let mut problems = Vec::new();
        let mut field = "version";
        if self.template_id.is_empty() {
            return Err(Error::argument(
                "template_id",
                "is required and must not be empty",
            ));
        }
        let id = self.template_id.as_str();
        if !is_uuid(id) {
            field = "template_id";
            problems.push(notify_not_uuid("id"));
        }
        if self.version == 0 {
            problems.push(notify_below_minimum("version", self.version));
        }
        if !problems.is_empty() {
            return Err(Error::refused(field, VALIDATION_ERROR, problems));
        }
        let version = self.version.to_string();
        Ok(HttpRequest::get(&[
            "v2", "template", id, "version", &version,
        ]))
    }
}

/// `GET /v2/templates`: every template of the service, optionally of one type.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListTemplates {
    /// `sms`, `email` or `letter` (sent as the `type` query parameter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_type: Option<String>,
}

impl Operation for ListTemplates {
    type Output = models::TemplateList;
    fn to_http(&self) -> Result<HttpRequest, Error> {
        let mut req = HttpRequest::get(&["v2", "templates"]);
        if let Some(t) = template_type("template_type", "type", &self.template_type)? {
            req.query.push(("type", t));
        }
        Ok(req)
    }
}

/// `POST /v2/template/{id}/preview`: render a template with personalisation, without sending.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewTemplate {
    /// The template id.
    pub template_id: String,
    /// Values for the placeholders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personalisation: Option<Personalisation>,
}

impl Operation for PreviewTemplate {
    type Output = models::TemplatePreview;
    fn to_http(&self) -> Result<HttpRequest, Error> {
        #[derive(Serialize)]
        struct Body<'a> {
            personalisation: &'a Personalisation,
        }
        let id = path_uuid("template_id", "id", &self.template_id)?;
        let empty = Personalisation::new();
        let body = Body {
            // The server rejects `null`; an empty object is what "no personalisation" means.
            personalisation: self.personalisation.as_ref().unwrap_or(&empty),
        };
        HttpRequest::post(&["v2", "template", id, "preview"], &body)
    }
}

/// `GET /v2/received-text-messages`: one page of text messages sent to the service's number.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListReceivedTexts {
    /// Only messages older than the one with this id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub older_than: Option<String>,
}

impl Operation for ListReceivedTexts {
    type Output = models::ReceivedTextList;
    fn to_http(&self) -> Result<HttpRequest, Error> {
        let mut req = HttpRequest::get(&["v2", "received-text-messages"]);
        if let Some(o) = opt_uuid("older_than", &self.older_than)? {
            req.query.push(("older_than", o.to_owned()));
        }
        Ok(req)
    }
}

/// `GET /service/{service_id}/template/{template_id}/versions`: the official Python client's
/// `get_all_template_versions`, kept so code that calls it behaves the same. The route belongs to
/// Notify's admin API, so with a service's API key Notify answers 401 ("not allowed to perform
/// this action"). The ids are sent as given, unchecked, as the official client sends them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetAllTemplateVersions {
    /// The service id (the client's, from the API key).
    pub service_id: String,
    /// The template id.
    pub template_id: String,
}

impl Operation for GetAllTemplateVersions {
    type Output = serde_json::Value;
    fn to_http(&self) -> Result<HttpRequest, Error> {
        Ok(HttpRequest::get(&[
            "service",
            &self.service_id,
            "template",
            &self.template_id,
            "versions",
        ]))
    }
}

// ---- the dispatcher ----------------------------------------------------------------------------

/// What a successful response's body is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseKind {
    /// One JSON object.
    Json,
    /// The bytes of a PDF file.
    Pdf,
}

fn invalid_arguments(e: serde_json::Error) -> Error {
    Error::argument("arguments", format_args!("are invalid: {e}"))
}

macro_rules! operations {
    (@empty $variant:ident optional) => { Some(Self::$variant(Default::default())) };
    (@empty $variant:ident) => { None };
    ($( $(#[$doc:meta])* $variant:ident($ty:ty) = $name:literal, $kind:ident $(, $optional:ident)?; )*) => {
        /// Every operation, by name: what a binding that receives an operation's name and its
        /// parameters (Node's facade, the C exports, Python's methods) turns them into, and the one
        /// place that maps a name to a request struct.
        ///
        /// As JSON it is `{"operation": "<name>", "params": {...}}` with the request struct's
        /// fields in `params` (unknown fields refused); [`Op::parse`] takes the name and the
        /// parameters separately.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "operation", content = "params")]
        #[non_exhaustive]
        pub enum Op {
            $( $(#[$doc])* #[serde(rename = $name)] $variant($ty), )*
        }

        impl Op {
            /// Every operation's name, e.g. `send_sms`.
            pub const NAMES: &'static [&'static str] = &[$($name),*];

            /// This operation's name.
            pub fn name(&self) -> &'static str {
                match self { $( Self::$variant(_) => $name, )* }
            }

            /// What the body of a successful response is.
            pub fn response_kind(&self) -> ResponseKind {
                match self { $( Self::$variant(_) => ResponseKind::$kind, )* }
            }

            /// The operation called `name` with its parameters as JSON text (the request
            /// struct's fields; unknown fields refused).
            ///
            /// # Errors
            /// An argument error naming `arguments` when the parameters do not fit the
            /// operation; an internal error for an unknown name (a bug in the binding that
            /// passed it).
            pub fn parse(name: &str, params_json: &str) -> Result<Self, Error> {
                let mut d = serde_json::Deserializer::from_str(params_json);
                match Self::deserialize_named(name, &mut d) {
                    Ok(Some(op)) => d.end().map(|()| op).map_err(invalid_arguments),
                    Ok(None) => Err(Error::internal(format!(
                        "unknown operation {name:?} (a bug in the binding that asked for it)"
                    ))),
                    Err(e) => Err(invalid_arguments(e)),
                }
            }

            /// Reads the parameters of the operation called `name` from any serde deserializer
            /// (for a binding that classifies the deserializer's errors itself); `None` for an
            /// unknown name.
            ///
            /// # Errors
            /// The deserializer's error when the parameters do not fit the operation.
            pub fn deserialize_named<'de, D: serde::Deserializer<'de>>(
                name: &str,
                d: D,
            ) -> Result<Option<Self>, D::Error> {
                match name {
                    $( $name => <$ty>::deserialize(d).map(|op| Some(Self::$variant(op))), )*
                    _ => Ok(None),
                }
            }

            /// The operation with no parameters, for the operations whose every parameter is
            /// optional (the lists: "no filter"); `None` for the others and unknown names.
            pub fn without_parameters(name: &str) -> Option<Self> {
                match name {
                    $( $name => operations!(@empty $variant $($optional)?), )*
                    _ => None,
                }
            }

            /// Checks the fields and builds the request (see [`Operation::to_http`]).
            ///
            /// # Errors
            /// An [`ErrorKind::Argument`](crate::ErrorKind::Argument) error naming the field.
            pub fn to_http(&self) -> Result<HttpRequest, Error> {
                match self { $( Self::$variant(op) => op.to_http(), )* }
            }
        }

        $(
            impl From<$ty> for Op {
                fn from(op: $ty) -> Self {
                    Self::$variant(op)
                }
            }
        )*
    };
}

operations! {
    /// `POST /v2/notifications/sms`.
    SendSms(SendSms) = "send_sms", Json;
    /// `POST /v2/notifications/email`.
    SendEmail(SendEmail) = "send_email", Json;
    /// `POST /v2/notifications/letter`.
    SendLetter(SendLetter) = "send_letter", Json;
    /// `POST /v2/notifications/letter` with a PDF.
    SendPrecompiledLetter(SendPrecompiledLetter) = "send_precompiled_letter", Json;
    /// `GET /v2/notifications/{id}`.
    GetNotification(GetNotification) = "get_notification", Json;
    /// `GET /v2/notifications`.
    ListNotifications(ListNotifications) = "list_notifications", Json, optional;
    /// `GET /v2/notifications/{id}/pdf`.
    GetPdfForLetter(GetPdfForLetter) = "get_pdf_for_letter", Pdf;
    /// `GET /v2/template/{id}`.
    GetTemplate(GetTemplate) = "get_template", Json;
    /// `GET /v2/template/{id}/version/{version}`.
    GetTemplateVersion(GetTemplateVersion) = "get_template_version", Json;
    /// `GET /v2/templates`.
    ListTemplates(ListTemplates) = "list_templates", Json, optional;
    /// `POST /v2/template/{id}/preview`.
    PreviewTemplate(PreviewTemplate) = "preview_template", Json;
    /// `GET /v2/received-text-messages`.
    ListReceivedTexts(ListReceivedTexts) = "list_received_texts", Json, optional;
    /// `GET /service/{service_id}/template/{template_id}/versions`.
    GetAllTemplateVersions(GetAllTemplateVersions) = "get_all_template_versions", Json;
}

impl Op {
    /// [`Op::to_http`] with a list's filters in `order` (other operations ignore it).
    ///
    /// # Errors
    /// As [`Op::to_http`].
    pub fn to_http_in(&self, order: FilterOrder) -> Result<HttpRequest, Error> {
        match self {
            Self::ListNotifications(op) => op.to_http_in(order),
            other => other.to_http(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    /// What Notify answers for the same input (its exact wording), per refused field.
    fn refusal<O: Operation>(op: &O) -> (Option<&'static str>, Option<u16>, Vec<String>) {
        let e = op.to_http().expect_err("refused");
        assert_eq!(e.kind(), crate::ErrorKind::Argument);
        assert!(!e.may_have_reached_server());
        let messages = e.errors().iter().map(|i| i.message.clone()).collect();
        assert!(e.errors().iter().all(|i| i.error == "ValidationError"));
        (e.field(), e.would_be_status(), messages)
    }

    #[test]
    fn refusals_carry_notifys_400_in_its_wording() {
        let sms = SendSms::new("07700900123", "nope");
        assert_eq!(
            refusal(&sms),
            (
                Some("template_id"),
                Some(400),
                vec!["template_id is not a valid UUID".to_owned()]
            )
        );
        let email = SendEmail::new("a@b.c", ID).one_click_unsubscribe_url("http://x.gov.uk/u");
        assert_eq!(
            refusal(&email).2,
            ["one_click_unsubscribe_url is not a valid https url"]
        );
        let letter = SendPrecompiledLetter::new("r", b"%PDF".to_vec()).postage("europe");
        assert_eq!(
            refusal(&letter).2,
            ["postage invalid. It must be either first, second or economy."]
        );
        let get = GetNotification {
            notification_id: "nope".into(),
        };
        assert_eq!(refusal(&get).2, ["notification_id is not a valid UUID"]);
        let template = GetTemplate {
            template_id: "nope".into(),
        };
        assert_eq!(
            refusal(&template),
            (
                Some("template_id"),
                Some(400),
                vec!["id is not a valid UUID".to_owned()]
            )
        );
        let version = GetTemplateVersion {
            template_id: "nope".into(),
            version: 0,
        };
        assert_eq!(
            refusal(&version).2,
            [
                "id is not a valid UUID",
                "version 0 is less than the minimum of 1"
            ]
        );
        let templates = ListTemplates {
            template_type: Some("fax".into()),
        };
        assert_eq!(
            refusal(&templates).2,
            ["type fax is not one of [sms, email, letter]"]
        );
        let list = ListNotifications {
            template_type: Some("fax".into()),
            status: vec!["posted".into()],
            older_than: Some("nope".into()),
            ..ListNotifications::default()
        };
        let (field, status, messages) = refusal(&list);
        assert_eq!((field, status), (Some("status"), Some(400)));
        assert_eq!(
            messages[0],
            format!(
                "status posted is not one of [{}]",
                NOTIFICATION_STATUSES.join(", ")
            )
        );
        assert_eq!(
            messages[1..],
            [
                "template_type fax is not one of [sms, email, letter]",
                "older_than is not a valid UUID"
            ]
        );
        let long = SendSms::new("07700900123", ID).reference(format!("it's {}", "x".repeat(1000)));
        assert_eq!(
            refusal(&long).2,
            [format!(
                "reference \"its {}\" is too long",
                "x".repeat(1000)
            )]
        );
        let received = ListReceivedTexts {
            older_than: Some("nope".into()),
        };
        assert_eq!(refusal(&received).2, ["older_than is not a valid UUID"]);
    }

    #[test]
    fn refusals_that_notify_would_not_answer_with_a_400_stay_plain() {
        let empty = GetNotification::default().to_http().unwrap_err();
        assert_eq!(empty.would_be_status(), None);
        assert!(empty.errors().is_empty());
        let no_address = SendLetter::new(ID, Personalisation::new())
            .to_http()
            .unwrap_err();
        assert_eq!(no_address.would_be_status(), None);
    }

    #[test]
    fn the_dispatcher_parses_every_operation_by_name() {
        let mut names = Op::NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Op::NAMES.len(), "names are unique");
        let op = Op::parse(
            "get_template_version",
            &format!(r#"{{"template_id":"{ID}","version":2}}"#),
        )
        .unwrap();
        assert_eq!(op.name(), "get_template_version");
        assert_eq!(
            op.to_http().unwrap().path(),
            format!("/v2/template/{ID}/version/2")
        );
        let pdf = Op::parse(
            "get_pdf_for_letter",
            &format!(r#"{{"notification_id":"{ID}"}}"#),
        )
        .unwrap();
        assert_eq!(pdf.response_kind(), ResponseKind::Pdf);
        assert!(pdf.to_http().unwrap().expects_pdf);
        let e = Op::parse("send_sms", r#"{"phone_number": 7}"#).unwrap_err();
        assert_eq!(e.field(), Some("arguments"));
        let e = Op::parse(
            "send_sms",
            r#"{"phone_number":"1","template_id":"x","extra":1}"#,
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("arguments"));
        assert_eq!(
            Op::parse("nope", "{}").unwrap_err().kind(),
            crate::ErrorKind::Internal
        );
        // The JSON form: tag and parameters.
        let json = serde_json::to_value(&op).unwrap();
        assert_eq!(json["operation"], "get_template_version");
        assert_eq!(serde_json::from_value::<Op>(json).unwrap(), op);
        let list = Op::from(ListNotifications {
            template_type: Some("sms".into()),
            status: vec!["delivered".into()],
            ..ListNotifications::default()
        });
        let q = list
            .to_http_in(FilterOrder::TemplateTypeFirst)
            .unwrap()
            .query;
        assert_eq!(q[0].0, "template_type");
        assert!(Op::without_parameters("list_templates").is_some());
        assert!(Op::without_parameters("send_sms").is_none());
        assert!(Op::parse("get_template", r#"{"template_id":"x"} trailing"#).is_err());
    }

    #[test]
    fn list_filters_go_in_the_official_python_clients_order() {
        let list = ListNotifications {
            template_type: Some("sms".into()),
            status: vec!["delivered".into()],
            reference: Some("r".into()),
            older_than: Some(ID.into()),
            include_jobs: Some(true),
        };
        let names: Vec<&str> = list
            .to_http()
            .unwrap()
            .query
            .iter()
            .map(|(k, _)| *k)
            .collect();
        assert_eq!(
            names,
            [
                "status",
                "template_type",
                "reference",
                "older_than",
                "include_jobs"
            ]
        );
        let node = list.to_http_in(FilterOrder::TemplateTypeFirst).unwrap();
        let names: Vec<&str> = node.query.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            names,
            [
                "template_type",
                "status",
                "reference",
                "older_than",
                "include_jobs"
            ]
        );
    }
}
