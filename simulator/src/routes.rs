//! The `/v2` API: routing, authentication, limits and every endpoint of the
//! wire specification (§6.1–6.13).

#![allow(clippy::result_large_err)] // Err carries a finished HTTP response; its size is irrelevant next to network I/O.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::request::Parts;
use http::{Method, Response};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::auth::{authenticate, Authenticated};
use crate::callbacks::{post_json, CallbackKind, CallbackRecord};
use crate::config::KeyKind;
use crate::json::Json;
use crate::server::{api_base, json_response, legacy_error, lock, response, v2_error, Body, State};
use crate::store::{day_of, ListQuery, Notification, FAILURE_STATUSES};
use crate::templates::{
    email_html, insensitive_key, missing_placeholders, render, sms_character_count, sms_fragments,
    ListStyle, Template, TemplateType, TemplateVersion, Values, PRECOMPILED_TEMPLATE_ID,
};
use crate::validation::{
    address_value, lenient_b64decode, parse_query, parse_uuid, sanitise_value, validate_address,
    validate_email, validate_file_object, validate_letter, validate_list_query,
    validate_precompiled, validate_preview, validate_received_query, validate_sms,
    validate_templates_query, Entries, FileError, PhoneNumber,
};

type Reply = Response<Body>;

const SMS_CHAR_LIMIT: usize = 918;
const EMAIL_BYTE_LIMIT: usize = 2_000_000;
const SMOKE_TEST_NUMBERS: [&str; 3] = ["447700900000", "447700900111", "447700900222"];
const SMOKE_TEST_EMAILS: [&str; 3] = [
    "simulate-delivered@notifications.service.gov.uk",
    "simulate-delivered-2@notifications.service.gov.uk",
    "simulate-delivered-3@notifications.service.gov.uk",
];

fn bad_request(message: impl Into<String>) -> Reply {
    v2_error(400, "BadRequestError", &[message.into()])
}

fn validation_error(messages: Vec<String>) -> Reply {
    v2_error(400, "ValidationError", &messages)
}

fn no_result() -> Reply {
    v2_error(404, "NoResultFound", &["No result found".to_owned()])
}

fn legacy_404() -> Reply {
    legacy_error(
        404,
        json!("The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again."),
    )
}

fn legacy_405() -> Reply {
    legacy_error(
        405,
        json!("The method is not allowed for the requested URL."),
    )
}

fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `urllib.parse.quote_plus` with Werkzeug's URL-building safe characters.
pub(crate) fn quote_plus(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b' ' => out.push('+'),
            b if b.is_ascii_alphanumeric() || b"_.-~!$'()*,/:;?@".contains(&b) => {
                out.push(char::from(b))
            }
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn build_query(params: &[(String, Vec<String>)]) -> String {
    let mut parts = Vec::new();
    for (k, values) in params {
        for v in values {
            parts.push(format!("{}={}", quote_plus(k), quote_plus(v)));
        }
    }
    parts.join("&")
}

enum Route {
    List,
    Send(String),
    GetNotification(String),
    Pdf(String),
    Template(String),
    TemplateVersion(String, String),
    Preview(String),
    Templates,
    Received,
    AdminVersions,
}

/// Routes a non-control request.
pub(crate) async fn dispatch(state: &Arc<State>, parts: &Parts, body: Bytes) -> Reply {
    let raw_path = parts.uri.path();
    let segments: Vec<String> = raw_path
        .strip_prefix('/')
        .unwrap_or(raw_path)
        .split('/')
        .map(percent_decode)
        .collect();
    let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
    let is_get = parts.method == Method::GET || parts.method == Method::HEAD;
    let is_post = parts.method == Method::POST;
    let non_empty = |s: &str| !s.is_empty();
    let (route, allowed) = match segs.as_slice() {
        ["v2", "notifications"] => (Route::List, is_get),
        ["v2", "notifications", x] if non_empty(x) => {
            if is_post {
                (Route::Send((*x).to_owned()), true)
            } else {
                (Route::GetNotification((*x).to_owned()), is_get)
            }
        }
        ["v2", "notifications", x, "pdf"] if non_empty(x) => (Route::Pdf((*x).to_owned()), is_get),
        ["v2", "template", x] if non_empty(x) => (Route::Template((*x).to_owned()), is_get),
        ["v2", "template", x, "version", v] if non_empty(x) => {
            if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
                return legacy_404();
            }
            (
                Route::TemplateVersion((*x).to_owned(), (*v).to_owned()),
                is_get,
            )
        }
        ["v2", "template", x, "preview"] if non_empty(x) => {
            (Route::Preview((*x).to_owned()), is_post)
        }
        ["v2", "templates"] => (Route::Templates, is_get),
        ["v2", "received-text-messages"] => (Route::Received, is_get),
        ["service", s, "template", t, "versions"] if non_empty(s) && non_empty(t) => {
            (Route::AdminVersions, is_get)
        }
        _ => return legacy_404(),
    };
    if parts.method == Method::OPTIONS {
        let mut resp = response(200, "text/html; charset=utf-8", "");
        let allow = if matches!(route, Route::Send(_) | Route::Preview(_)) {
            "OPTIONS, POST"
        } else {
            "GET, HEAD, OPTIONS"
        };
        resp.headers_mut()
            .insert(http::header::ALLOW, http::HeaderValue::from_static(allow));
        return resp;
    }
    if !allowed {
        return legacy_405();
    }
    if matches!(route, Route::AdminVersions) {
        return legacy_error(
            401,
            json!({"token": ["Unauthorized: not allowed to perform this action"]}),
        );
    }
    let auth = match authenticate(
        &state.services,
        parts
            .headers
            .get(http::header::AUTHORIZATION)
            .map(|h| h.as_bytes()),
        state.clock.now_secs(),
    ) {
        Ok(a) => a,
        Err(f) => return v2_error(f.status, "AuthError", &[f.message.to_owned()]),
    };
    let base = api_base(state, parts);
    let ctx = Ctx { state, auth, base };
    let query = parse_query(parts.uri.query());
    match route {
        Route::List => ctx.list_notifications(&query),
        Route::Send(kind) => ctx.send(&kind, &body),
        Route::GetNotification(id) => ctx.get_notification(&id),
        Route::Pdf(id) => ctx.get_pdf(&id),
        Route::Template(id) => ctx.get_template(&id, None),
        Route::TemplateVersion(id, v) => ctx.get_template(&id, Some(&v)),
        Route::Preview(id) => ctx.preview(&id, &body),
        Route::Templates => ctx.list_templates(&query),
        Route::Received => ctx.list_received(&query),
        Route::AdminVersions => legacy_404(),
    }
}

struct Ctx<'a> {
    state: &'a Arc<State>,
    auth: Authenticated,
    base: String,
}

/// What a send handler produced.
struct Outcome {
    notification: Notification,
    simulated: bool,
}

fn parse_body(body: &[u8]) -> Result<Json, Reply> {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    Json::parse(body).map_err(|_| bad_request("Invalid JSON supplied in POST data"))
}

fn has_file(entries: &[(String, Json)]) -> bool {
    entries
        .iter()
        .any(|(_, v)| matches!(v, Json::Object(o) if o.iter().any(|(k, _)| k == "file")))
}

fn random_key() -> String {
    use base64::Engine as _;
    let mut bytes = Vec::with_capacity(32);
    bytes.extend_from_slice(Uuid::new_v4().as_bytes());
    bytes.extend_from_slice(Uuid::new_v4().as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

impl Ctx<'_> {
    fn service(&self) -> &crate::config::ServiceConfig {
        &self.state.services[self.auth.service_index].1
    }

    fn extras(&self) -> &crate::server::ServiceExtras {
        &self.state.extras[self.auth.service_index]
    }

    fn service_id(&self) -> String {
        self.auth.service_id.to_string()
    }

    // -- limits ----------------------------------------------------------

    fn check_limits(&self, ntype: TemplateType) -> Result<(), Reply> {
        let cfg = &self.state.config;
        let now = Instant::now();
        let allowed = lock(&self.state.limits).take_token(
            self.auth.service_id,
            self.auth.key_kind,
            cfg.rate_limit,
            Duration::from_secs(cfg.rate_limit_window_secs),
            now,
        );
        if !allowed {
            return Err(v2_error(
                429,
                "RateLimitError",
                &[format!(
                    "Exceeded rate limit for key type {} of {} requests per {} seconds",
                    self.auth.key_kind.upper_name(),
                    cfg.rate_limit,
                    cfg.rate_limit_window_secs
                )],
            ));
        }
        if self.auth.key_kind != KeyKind::Test {
            let limit = self.daily_limit(ntype);
            let day = day_of(self.state.clock.now_micros());
            let count = lock(&self.state.limits).daily_count(self.auth.service_id, ntype, day);
            if count >= limit {
                return Err(v2_error(
                    429,
                    "TooManyRequestsError",
                    &[format!(
                        "Exceeded send limits ({}: {limit}) for today",
                        ntype.as_str()
                    )],
                ));
            }
        }
        Ok(())
    }

    fn daily_limit(&self, ntype: TemplateType) -> u64 {
        match ntype {
            TemplateType::Letter => self.state.config.daily_letter_limit,
            _ => self.state.config.daily_limit,
        }
    }

    // -- sending ---------------------------------------------------------

    fn send(&self, kind: &str, body: &[u8]) -> Reply {
        let Some(ntype) = TemplateType::parse(kind) else {
            return legacy_404();
        };
        if let Err(reply) = self.check_limits(ntype) {
            return reply;
        }
        let json = match parse_body(body) {
            Ok(j) => j,
            Err(reply) => return reply,
        };
        let result = match ntype {
            TemplateType::Sms => self.send_sms(&json),
            TemplateType::Email => self.send_email(&json),
            TemplateType::Letter => {
                if json.get("content").is_some() {
                    self.send_precompiled(&json)
                } else {
                    self.send_letter(&json)
                }
            }
        };
        match result {
            Ok(reply) => reply,
            Err(reply) => reply,
        }
    }

    fn resolve_template(&self, id: &Uuid, ntype: TemplateType) -> Result<Arc<Template>, Reply> {
        let template = self
            .state
            .templates
            .get(id)
            .cloned()
            .ok_or_else(|| bad_request("Template not found"))?;
        if template.template_type != ntype {
            return Err(bad_request(format!(
                "{} template is not suitable for {} notification",
                template.template_type.as_str(),
                ntype.as_str()
            )));
        }
        if template.archived {
            return Err(bad_request("Template has been deleted"));
        }
        Ok(template)
    }

    fn latest(template: &Template) -> Result<&TemplateVersion, Reply> {
        template
            .latest()
            .ok_or_else(|| bad_request("Template not found"))
    }

    fn check_missing(
        version: &TemplateVersion,
        ntype: TemplateType,
        values: &Values,
    ) -> Result<(), Reply> {
        let missing = missing_placeholders(version, ntype, values);
        if missing.is_empty() {
            Ok(())
        } else {
            Err(bad_request(format!(
                "Missing personalisation: {}",
                missing.join(", ")
            )))
        }
    }

    /// Team-key and trial-mode recipient rules.
    fn check_recipient_allowed(&self, is_team_member: bool, simulated: bool) -> Result<(), Reply> {
        let restricted = match self.auth.key_kind {
            KeyKind::Test => false,
            KeyKind::Team => true,
            KeyKind::Live => self.service().restricted,
        };
        if restricted && !is_team_member && !simulated {
            return Err(bad_request(if self.auth.key_kind == KeyKind::Team {
                "Can\u{2019}t send to this recipient using a team-only API key".to_owned()
            } else {
                "Can\u{2019}t send to this recipient when service is in trial mode \u{2013} see https://www.notifications.service.gov.uk/trial-mode".to_owned()
            }));
        }
        Ok(())
    }

    fn timing(&self) -> (Duration, Duration, Duration) {
        let d = Duration::from_millis(self.state.config.status_delay_ms);
        (
            d,
            d * 2,
            Duration::from_millis(self.state.config.pdf_delay_ms),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn base_notification(
        &self,
        ntype: TemplateType,
        template: &Template,
        version: u32,
        to: Option<String>,
        reference: Option<String>,
        body: String,
        subject: Option<String>,
        final_status: &'static str,
    ) -> Notification {
        let (sending_after, final_after, pdf_ready_after) = self.timing();
        let seq = lock(&self.state.store).next_seq();
        Notification {
            id: Uuid::new_v4(),
            seq,
            service_id: self.auth.service_id,
            key_kind: self.auth.key_kind,
            notification_type: ntype,
            template_id: template.id,
            template_version: version,
            to,
            reference,
            body,
            subject,
            created_at: self.state.clock.now_micros(),
            created_instant: Instant::now(),
            initial_status: "created",
            final_status,
            sending_after,
            final_after,
            pdf_ready_after,
            postage: None,
            address: Default::default(),
            one_click_unsubscribe_url: None,
            sms_fragments: 0,
            international: false,
            pdf: None,
        }
    }

    /// Persists (unless simulated), counts towards the daily limit and
    /// schedules the delivery receipt.
    fn commit(&self, outcome: Outcome) -> Arc<Notification> {
        let n = Arc::new(outcome.notification);
        if outcome.simulated {
            return n;
        }
        if self.auth.key_kind != KeyKind::Test {
            let day = day_of(n.created_at);
            lock(&self.state.limits).daily_increment(
                self.auth.service_id,
                n.notification_type,
                day,
            );
        }
        lock(&self.state.store).insert((*n).clone(), self.state.config.max_notifications);
        if n.notification_type != TemplateType::Letter {
            schedule_delivery_receipt(self.state, n.clone());
        }
        n
    }

    fn template_ref(&self, template_id: &Uuid, version: u32) -> Value {
        json!({
            "id": template_id.to_string(),
            "version": version,
            "uri": format!("{}/services/{}/templates/{}", self.base, self.auth.service_id, template_id),
        })
    }

    fn send_sms(&self, json: &Json) -> Result<Reply, Reply> {
        let req = validate_sms(json, self.state.clock.now_micros()).map_err(validation_error)?;
        let template = self.resolve_template(&req.template_id, TemplateType::Sms)?;
        if has_file(&req.personalisation) {
            return Err(bad_request("Can only send a file by email"));
        }
        let version = Self::latest(&template)?;
        let values = Values::from_entries(&req.personalisation);
        Self::check_missing(version, TemplateType::Sms, &values)?;
        let body = render(&version.body, &values, ListStyle::Inline);
        if body.trim().is_empty() {
            return Err(bad_request("Your message is empty."));
        }
        let extras = self.extras();
        let sender = match &req.sms_sender_id {
            Some((raw, id)) => extras
                .sms_senders
                .iter()
                .find(|(sid, _)| sid == id)
                .map(|(_, s)| s.sms_sender.clone())
                .ok_or_else(|| {
                    bad_request(format!(
                        "sms_sender_id {raw} does not exist in database for service id {}",
                        self.service_id()
                    ))
                })?,
            None => extras
                .sms_senders
                .iter()
                .find(|(_, s)| s.is_default)
                .or_else(|| extras.sms_senders.first())
                .map(|(_, s)| s.sms_sender.clone())
                .unwrap_or_else(|| "GOVUK".to_owned()),
        };
        let phone: &PhoneNumber = &req.phone;
        let simulated = SMOKE_TEST_NUMBERS.contains(&phone.digits.as_str());
        self.check_recipient_allowed(extras.team_phones.contains(&phone.digits), simulated)?;
        if phone.international && !self.service().international_sms {
            return Err(bad_request("Cannot send to international mobile numbers"));
        }
        let (count, _) = sms_character_count(&body);
        if count > SMS_CHAR_LIMIT {
            return Err(bad_request(format!(
                "Your message is too long. Text messages cannot be longer than {SMS_CHAR_LIMIT} characters. Your message is {count} characters long."
            )));
        }
        let final_status =
            if self.auth.key_kind == KeyKind::Test && phone.digits.ends_with("7700900003") {
                "temporary-failure"
            } else if self.auth.key_kind == KeyKind::Test && phone.digits.ends_with("7700900002") {
                "permanent-failure"
            } else {
                "delivered"
            };
        let mut n = self.base_notification(
            TemplateType::Sms,
            &template,
            version.version,
            Some(req.phone_number.clone()),
            req.reference.clone(),
            body,
            None,
            final_status,
        );
        n.sms_fragments = sms_fragments(&n.body);
        n.international = phone.international;
        let n = self.commit(Outcome {
            notification: n,
            simulated,
        });
        Ok(json_response(
            201,
            &json!({
                "id": n.id.to_string(),
                "reference": n.reference,
                "content": {"body": n.body, "from_number": sender},
                "uri": format!("{}/v2/notifications/{}", self.base, n.id),
                "template": self.template_ref(&template.id, version.version),
                "scheduled_for": Value::Null,
            }),
        ))
    }

    fn process_files(&self, personalisation: &mut Entries) -> Result<(), Reply> {
        if !has_file(personalisation) {
            return Ok(());
        }
        if !self.service().send_files_by_email {
            return Err(bad_request(format!(
                "Send files by email has not been set up - add contact details for your service at https://www.notifications.service.gov.uk/services/{}/service-settings/send-files-by-email",
                self.service_id()
            )));
        }
        for (_, value) in personalisation.iter_mut() {
            let Json::Object(obj) = value else { continue };
            if !obj.iter().any(|(k, _)| k == "file") {
                continue;
            }
            match validate_file_object(obj) {
                Ok(_) => {
                    *value = Json::String(format!(
                        "https://documents.service.gov.uk/d/{}/{}?key={}",
                        self.auth.service_id,
                        Uuid::new_v4(),
                        random_key()
                    ));
                }
                Err(FileError::Schema(messages)) => return Err(validation_error(messages)),
                Err(FileError::BadRequest(message)) => return Err(bad_request(message)),
            }
        }
        Ok(())
    }

    fn send_email(&self, json: &Json) -> Result<Reply, Reply> {
        let req = validate_email(json, self.state.clock.now_micros()).map_err(validation_error)?;
        // Sanitise the listed personalisation values (strings only).
        let sanitise_keys: Vec<String> = req
            .sanitise_content_for
            .iter()
            .filter_map(Json::as_str)
            .map(insensitive_key)
            .collect();
        let mut personalisation = req.personalisation.clone();
        let mut sanitised = Map::new();
        if !sanitise_keys.is_empty() {
            for (key, value) in personalisation.iter_mut() {
                if !sanitise_keys.contains(&insensitive_key(key)) {
                    continue;
                }
                if let Json::String(original) = value {
                    let clean = sanitise_value(original);
                    if clean != *original {
                        sanitised.insert(
                            key.clone(),
                            json!({"unsanitised": original.clone(), "sanitised": clean.clone()}),
                        );
                        *original = clean;
                    }
                }
            }
        }
        let template = self.resolve_template(&req.template_id, TemplateType::Email)?;
        let version = Self::latest(&template)?;
        let values = Values::from_entries(&personalisation);
        Self::check_missing(version, TemplateType::Email, &values)?;
        let extras = self.extras();
        if let Some((raw, id)) = &req.email_reply_to_id {
            if !extras.reply_tos.iter().any(|(rid, _)| rid == id) {
                return Err(bad_request(format!(
                    "email_reply_to_id {raw} does not exist in database for service id {}",
                    self.service_id()
                )));
            }
        }
        let address = req.email_address.trim().to_lowercase();
        let simulated = SMOKE_TEST_EMAILS.contains(&address.as_str());
        self.check_recipient_allowed(extras.team_emails.contains(&address), simulated)?;
        self.process_files(&mut personalisation)?;
        let values = Values::from_entries(&personalisation);
        let body = render(&version.body, &values, ListStyle::Bullets);
        let subject = version.subject.as_deref().map(|s| {
            render(s, &values, ListStyle::Inline)
                .replace(['\r', '\n'], " ")
                .trim()
                .to_owned()
        });
        if body.trim().is_empty() {
            return Err(bad_request("Your message is empty."));
        }
        if body.len() > EMAIL_BYTE_LIMIT {
            return Err(bad_request(format!(
                "Emails cannot be longer than {EMAIL_BYTE_LIMIT} bytes. Your message is {} bytes.",
                body.len()
            )));
        }
        let final_status = if self.auth.key_kind == KeyKind::Test
            && address == "temp-fail@simulator.notify"
        {
            "temporary-failure"
        } else if self.auth.key_kind == KeyKind::Test && address == "perm-fail@simulator.notify" {
            "permanent-failure"
        } else {
            "delivered"
        };
        let mut n = self.base_notification(
            TemplateType::Email,
            &template,
            version.version,
            Some(req.email_address.clone()),
            req.reference.clone(),
            body,
            subject,
            final_status,
        );
        n.one_click_unsubscribe_url = req.one_click_unsubscribe_url.clone();
        let n = self.commit(Outcome {
            notification: n,
            simulated,
        });
        Ok(json_response(
            201,
            &json!({
                "id": n.id.to_string(),
                "reference": n.reference,
                "content": {
                    "from_email": self.service().email_from,
                    "body": n.body,
                    "subject": n.subject,
                    "one_click_unsubscribe_url": n.one_click_unsubscribe_url,
                },
                "uri": format!("{}/v2/notifications/{}", self.base, n.id),
                "template": self.template_ref(&template.id, version.version),
                "scheduled_for": Value::Null,
                "sanitised_content": sanitised,
            }),
        ))
    }

    fn check_letter_key(&self) -> Result<(), Reply> {
        match self.auth.key_kind {
            KeyKind::Team => Err(v2_error(
                403,
                "BadRequestError",
                &["Cannot send letters with a team api key".to_owned()],
            )),
            KeyKind::Live if self.service().restricted => Err(v2_error(
                403,
                "BadRequestError",
                &["Cannot send letters when service is in trial mode - see https://www.notifications.service.gov.uk/trial-mode".to_owned()],
            )),
            _ => Ok(()),
        }
    }

    fn send_letter(&self, json: &Json) -> Result<Reply, Reply> {
        let req = validate_letter(json).map_err(validation_error)?;
        let template = self.resolve_template(&req.template_id, TemplateType::Letter)?;
        if has_file(&req.personalisation) {
            return Err(bad_request("Can only send a file by email"));
        }
        let version = Self::latest(&template)?;
        let values = Values::from_entries(&req.personalisation);
        Self::check_missing(version, TemplateType::Letter, &values)?;
        self.check_letter_key()?;
        let address = validate_address(&req.personalisation, self.service().international_letters)
            .map_err(|m| validation_error(vec![m]))?;
        let body = render(&version.body, &values, ListStyle::Bullets);
        let subject = version
            .subject
            .as_deref()
            .map(|s| render(s, &values, ListStyle::Inline));
        let mut n = self.base_notification(
            TemplateType::Letter,
            &template,
            version.version,
            None,
            req.reference.clone(),
            body,
            subject,
            "delivered",
        );
        n.postage = Some(
            address
                .international_postage
                .map(str::to_owned)
                .or_else(|| template.postage.clone())
                .unwrap_or_else(|| "second".to_owned()),
        );
        let keys = [
            "address_line_1",
            "address_line_2",
            "address_line_3",
            "address_line_4",
            "address_line_5",
            "address_line_6",
        ];
        for (slot, key) in n.address.iter_mut().zip(keys) {
            *slot = address_value(&req.personalisation, key);
        }
        n.address[6] = address_value(&req.personalisation, "address_line_7")
            .or_else(|| address_value(&req.personalisation, "postcode"));
        let n = self.commit(Outcome {
            notification: n,
            simulated: false,
        });
        Ok(json_response(
            201,
            &json!({
                "id": n.id.to_string(),
                "reference": n.reference,
                "content": {"body": n.body, "subject": n.subject},
                "uri": format!("{}/v2/notifications/{}", self.base, n.id),
                "template": self.template_ref(&template.id, version.version),
                "scheduled_for": Value::Null,
            }),
        ))
    }

    fn send_precompiled(&self, json: &Json) -> Result<Reply, Reply> {
        let req = validate_precompiled(json).map_err(validation_error)?;
        self.check_letter_key()?;
        let pdf = lenient_b64decode(&req.content)
            .ok_or_else(|| bad_request("Cannot decode letter content (invalid base64 encoding)"))?;
        let postage = req.postage.clone().unwrap_or_else(|| "second".to_owned());
        let template = Template {
            id: parse_uuid(PRECOMPILED_TEMPLATE_ID).unwrap_or_default(),
            name: "Pre-compiled PDF".to_owned(),
            template_type: TemplateType::Letter,
            created_by: String::new(),
            postage: Some(postage.clone()),
            letter_contact_block: None,
            archived: false,
            versions: Vec::new(),
        };
        let mut n = self.base_notification(
            TemplateType::Letter,
            &template,
            1,
            None,
            Some(req.reference.clone()),
            String::new(),
            Some("Pre-compiled PDF".to_owned()),
            "delivered",
        );
        n.initial_status = "pending-virus-check";
        n.postage = Some(postage.clone());
        n.pdf = Some(Bytes::from(pdf));
        let n = self.commit(Outcome {
            notification: n,
            simulated: false,
        });
        Ok(json_response(
            201,
            &json!({"id": n.id.to_string(), "reference": n.reference, "postage": postage}),
        ))
    }

    // -- reading notifications ------------------------------------------

    fn find_notification(&self, raw_id: &str) -> Result<Arc<Notification>, Reply> {
        let id = parse_uuid(raw_id).ok_or_else(|| {
            validation_error(vec!["notification_id is not a valid UUID".to_owned()])
        })?;
        lock(&self.state.store)
            .get(&id)
            .filter(|n| n.service_id == self.auth.service_id)
            .ok_or_else(no_result)
    }

    fn get_notification(&self, raw_id: &str) -> Reply {
        match self.find_notification(raw_id) {
            Ok(n) => json_response(
                200,
                &n.to_json(&self.base, Instant::now(), self.state.sms_rate),
            ),
            Err(reply) => reply,
        }
    }

    fn get_pdf(&self, raw_id: &str) -> Reply {
        let n = match self.find_notification(raw_id) {
            Ok(n) => n,
            Err(reply) => return reply,
        };
        if n.notification_type != TemplateType::Letter {
            return bad_request("Notification is not a letter");
        }
        if !n.pdf_ready(Instant::now()) {
            return v2_error(
                400,
                "PDFNotReadyError",
                &["PDF not available yet, try again later".to_owned()],
            );
        }
        let bytes = match &n.pdf {
            Some(pdf) => pdf.clone(),
            None => {
                let mut lines: Vec<String> = n.address.iter().flatten().cloned().collect();
                lines.push(String::new());
                if let Some(subject) = &n.subject {
                    lines.push(subject.clone());
                    lines.push(String::new());
                }
                lines.extend(n.body.lines().map(str::to_owned));
                Bytes::from(crate::pdf::letter_pdf(&lines))
            }
        };
        response(200, "application/pdf", bytes)
    }

    fn list_notifications(&self, query: &[(String, String)]) -> Reply {
        let filters = match validate_list_query(&query.to_vec()) {
            Ok(f) => f,
            Err(messages) => return validation_error(messages),
        };
        let mut statuses = Vec::new();
        for s in &filters.statuses {
            if s == "failed" {
                statuses.extend(FAILURE_STATUSES.iter().map(|x| (*x).to_owned()));
            } else {
                statuses.push(s.clone());
            }
        }
        let list_query = ListQuery {
            types: filters
                .template_types
                .iter()
                .filter_map(|t| TemplateType::parse(t))
                .collect(),
            statuses,
            reference: filters.reference.clone(),
            older_than: filters.older_than,
        };
        let now = Instant::now();
        let page = lock(&self.state.store).list(
            self.auth.service_id,
            self.auth.key_kind,
            &list_query,
            self.state.config.page_size,
            now,
        );
        let url = format!("{}/v2/notifications", self.base);
        let with_query = |params: &[(String, Vec<String>)]| {
            let q = build_query(params);
            if q.is_empty() {
                url.clone()
            } else {
                format!("{url}?{q}")
            }
        };
        let mut links = Map::new();
        links.insert("current".into(), json!(with_query(&filters.link_params)));
        if let Some(last) = page.last() {
            let mut params = filters.link_params.clone();
            match params.iter_mut().find(|(k, _)| k == "older_than") {
                Some((_, v)) => *v = vec![last.id.to_string()],
                None => params.push(("older_than".into(), vec![last.id.to_string()])),
            }
            links.insert("next".into(), json!(with_query(&params)));
        }
        let notifications: Vec<Value> = page
            .iter()
            .map(|n| n.to_json(&self.base, now, self.state.sms_rate))
            .collect();
        json_response(
            200,
            &json!({"notifications": notifications, "links": links}),
        )
    }

    // -- templates -------------------------------------------------------

    fn get_template(&self, raw_id: &str, raw_version: Option<&str>) -> Reply {
        let mut errors = Vec::new();
        let id = parse_uuid(raw_id);
        if id.is_none() {
            errors.push("id is not a valid UUID".to_owned());
        }
        let version = match raw_version {
            Some(v) => {
                let n: u64 = v.trim_start_matches('0').parse().unwrap_or(0);
                if n < 1 {
                    errors.push(format!("version {n} is less than the minimum of 1"));
                }
                Some(n)
            }
            None => None,
        };
        if !errors.is_empty() {
            return validation_error(errors);
        }
        let Some(template) = id.and_then(|id| self.state.templates.get(&id).cloned()) else {
            return no_result();
        };
        let v = match version {
            Some(n) => template.version(n),
            None => template.latest(),
        };
        match v {
            Some(v) => json_response(200, &template.to_v2_json(v)),
            None => no_result(),
        }
    }

    fn list_templates(&self, query: &[(String, String)]) -> Reply {
        let filter = match validate_templates_query(&query.to_vec()) {
            Ok(f) => f,
            Err(messages) => return validation_error(messages),
        };
        let templates: Vec<Value> = self
            .state
            .templates
            .all()
            .iter()
            .filter(|t| !t.archived)
            .filter(|t| {
                filter
                    .as_deref()
                    .is_none_or(|f| t.template_type.as_str() == f)
            })
            .filter_map(|t| t.latest().map(|v| t.to_v2_json(v)))
            .collect();
        json_response(200, &json!({"templates": templates}))
    }

    fn preview(&self, raw_id: &str, body: &[u8]) -> Reply {
        let json = if body.is_empty() {
            Json::Object(Vec::new())
        } else {
            match parse_body(body) {
                Ok(j) => j,
                Err(reply) => return reply,
            }
        };
        let id = parse_uuid(raw_id);
        let personalisation = match validate_preview(&json) {
            Ok(p) if id.is_some() => p,
            Ok(_) => return validation_error(vec!["id is not a valid UUID".to_owned()]),
            Err(mut messages) => {
                if id.is_none() {
                    messages.insert(0, "id is not a valid UUID".to_owned());
                }
                return validation_error(messages);
            }
        };
        let Some(template) = id.and_then(|id| self.state.templates.get(&id).cloned()) else {
            return no_result();
        };
        let Some(version) = template.latest() else {
            return no_result();
        };
        let values = Values::from_entries(&personalisation);
        if let Err(reply) = Self::check_missing(version, template.template_type, &values) {
            return reply;
        }
        let style = ListStyle::for_type(template.template_type);
        let body = render(&version.body, &values, style);
        let subject = match template.template_type {
            TemplateType::Sms => None,
            _ => version
                .subject
                .as_deref()
                .map(|s| render(s, &values, ListStyle::Inline)),
        };
        let html = match template.template_type {
            TemplateType::Email => Some(email_html(&body)),
            _ => None,
        };
        json_response(
            200,
            &json!({
                "id": template.id.to_string(),
                "type": template.template_type.as_str(),
                "version": version.version,
                "body": body,
                "html": html,
                "subject": subject,
                "postage": template.postage,
            }),
        )
    }

    // -- received texts --------------------------------------------------

    fn list_received(&self, query: &[(String, String)]) -> Reply {
        let older_than = match validate_received_query(&query.to_vec()) {
            Ok(o) => o,
            Err(messages) => return validation_error(messages),
        };
        let page = lock(&self.state.store).list_received(
            self.auth.service_id,
            older_than,
            self.state.config.page_size,
        );
        let url = format!("{}/v2/received-text-messages", self.base);
        let mut links = Map::new();
        links.insert("current".into(), json!(url));
        if let Some(last) = page.last() {
            links.insert(
                "next".into(),
                json!(format!("{url}?older_than={}", last.id)),
            );
        }
        let texts: Vec<Value> = page.iter().map(|t| t.to_json()).collect();
        json_response(
            200,
            &json!({"received_text_messages": texts, "links": links}),
        )
    }
}

// ---------------------------------------------------------------------------
// Callbacks

fn schedule_delivery_receipt(state: &Arc<State>, n: Arc<Notification>) {
    let settings = lock(&state.callback_settings).clone();
    let Some(url) = settings.url else { return };
    let token = settings.token;
    let wait = n.final_after.saturating_sub(n.created_instant.elapsed());
    let st = state.clone();
    state.spawn(async move {
        tokio::time::sleep(wait).await;
        let payload = n.callback_payload(Instant::now());
        deliver_callback(st, CallbackKind::DeliveryReceipt, url, token, payload).await;
    });
}

/// Delivers one callback with retries, recording every attempt.
pub(crate) async fn deliver_callback(
    state: Arc<State>,
    kind: CallbackKind,
    url: String,
    token: Option<String>,
    payload: Value,
) {
    let cfg = &state.config;
    let body = payload.to_string();
    let record_id = lock(&state.callback_log).push(CallbackRecord {
        kind,
        url: url.clone(),
        payload,
        attempts: 0,
        last_status: None,
        last_error: None,
        delivered: false,
        finished: false,
    });
    let timeout = Duration::from_millis(cfg.callback_timeout_ms);
    let backoff = Duration::from_millis(cfg.callback_retry_backoff_ms);
    let mut attempt = 0;
    loop {
        attempt += 1;
        let outcome = post_json(&url, token.as_deref(), body.as_bytes(), timeout).await;
        let retry = outcome.should_retry() && attempt <= cfg.callback_retries;
        lock(&state.callback_log).update(record_id, |rec| {
            rec.attempts = attempt;
            match &outcome {
                crate::callbacks::Attempt::Status(s) => {
                    rec.last_status = Some(*s);
                    rec.last_error = None;
                    rec.delivered = (200..300).contains(s);
                }
                crate::callbacks::Attempt::NetworkError(e) => {
                    rec.last_status = None;
                    rec.last_error = Some(e.clone());
                }
            }
            rec.finished = !retry;
        });
        if !retry {
            return;
        }
        tokio::time::sleep(backoff).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_werkzeug() {
        assert_eq!(quote_plus("a b&c=d/é~*"), "a+b%26c%3Dd/%C3%A9~*");
        assert_eq!(percent_decode("a%20b%zz"), "a b%zz");
    }
}
