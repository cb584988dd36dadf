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

/// Checks a UUID the way the server does (lenient: any case, braces, no hyphens). The value is sent
/// as given.
fn uuid<'a>(field: &'static str, value: &'a str) -> Result<&'a str, Error> {
    if value.is_empty() {
        return Err(Error::argument(field, "is required and must not be empty"));
    }
    uuid::Uuid::parse_str(value)
        .map(|_| value)
        .map_err(|_| Error::argument(field, "is not a valid UUID"))
}

fn opt_uuid<'a>(field: &'static str, value: &'a Option<String>) -> Result<Option<&'a str>, Error> {
    set(value).map(|v| uuid(field, v)).transpose()
}

fn reference<'a>(field: &'static str, value: &'a Option<String>) -> Result<Option<&'a str>, Error> {
    match set(value) {
        Some(r) if r.chars().count() > MAX_REFERENCE_CHARS => Err(Error::argument(
            field,
            format!(
                "is too long ({} characters; Notify accepts at most {MAX_REFERENCE_CHARS})",
                r.chars().count()
            ),
        )),
        other => Ok(other),
    }
}

const TEMPLATE_TYPES: [&str; 3] = ["sms", "email", "letter"];

fn template_type(field: &'static str, value: &Option<String>) -> Result<Option<String>, Error> {
    match set(value) {
        Some(t) if !TEMPLATE_TYPES.contains(&t) => {
            Err(Error::argument(field, "must be one of sms, email, letter"))
        }
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

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
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
        _ => Err(Error::argument(field, "is not a valid https URL")),
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
                return Err(Error::argument(
                    "postage",
                    "must be either first, second or economy",
                ))
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
        let id = uuid("notification_id", &self.notification_id)?;
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
        let mut req = HttpRequest::get(&["v2", "notifications"]);
        if let Some(t) = template_type("template_type", &self.template_type)? {
            req.query.push(("template_type", t));
        }
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
            if !NOTIFICATION_STATUSES.contains(&s.as_str()) {
                return Err(Error::argument(
                    "status",
                    format!(
                        "{s:?} is not a notification status (expected one of {})",
                        NOTIFICATION_STATUSES.join(", ")
                    ),
                ));
            }
            req.query.push(("status", s.clone()));
        }
        // The same limit as a send's reference: no notification can match a longer one, and an
        // unbounded filter could make a URL too long to send.
        if let Some(r) = reference("reference", &self.reference)? {
            req.query.push(("reference", r.to_owned()));
        }
        if let Some(o) = opt_uuid("older_than", &self.older_than)? {
            req.query.push(("older_than", o.to_owned()));
        }
        if self.include_jobs == Some(true) {
            // Spelled as the official Python client sends it; the server accepts `true` and `True`.
            req.query.push(("include_jobs", "True".to_owned()));
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
        let id = uuid("notification_id", &self.notification_id)?;
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
        let id = uuid("template_id", &self.template_id)?;
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
        let id = uuid("template_id", &self.template_id)?;
        if self.version == 0 {
            return Err(Error::argument("version", "must be 1 or more"));
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
        if let Some(t) = template_type("template_type", &self.template_type)? {
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
        let id = uuid("template_id", &self.template_id)?;
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
