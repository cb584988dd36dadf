//! The one error taxonomy every binding maps from.
//!
//! [`Error`] is opaque (like `reqwest::Error`): inspect it with [`Error::kind`], [`Error::status`],
//! [`Error::errors`], [`Error::body`] and the predicates. Mapping from an HTTP response to a kind
//! happens in exactly one place, [`Error::from_response`]. Transport failures are never disguised as
//! an HTTP status. Nothing here ever contains the API key's secret or a token.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// What went wrong, as a stable, matchable category.
///
/// The string form ([`ErrorKind::as_str`]) is what the C ABI, Python and Node expose; it never changes
/// for an existing kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The caller's input was rejected before anything was sent (bad key, bad id, file too large…).
    Argument,
    /// 401 or 403: the token was refused (wrong key, revoked key, clock skew) or the key may not do
    /// this (team key sending a letter).
    Auth,
    /// 400: Notify rejected the request (`ValidationError`, `BadRequestError`, `PDFNotReadyError`…).
    Validation,
    /// 404: no such notification or template (or outside the retention period).
    NotFound,
    /// 429 whose first error is `RateLimitError`: too many requests per minute. Retryable after a
    /// pause. (Any other 429 is [`ErrorKind::Http`].)
    RateLimited,
    /// 429 `TooManyRequestsError`: the service's daily sending limit. Not retryable today.
    DailyLimit,
    /// 5xx from Notify or something in front of it.
    Server,
    /// Any other non-success HTTP status (3xx, 405, 413…, and a 429 that is not Notify's
    /// `RateLimitError` or `TooManyRequestsError`).
    Http,
    /// The request did not complete: DNS, connection refused or reset, TLS, proxy.
    Transport,
    /// The configured timeout passed before the response arrived.
    Timeout,
    /// A success status with a body that is not what the endpoint returns, or a body over the limit.
    InvalidResponse,
    /// A bug in this library (for example a panic caught at a language boundary).
    Internal,
}

impl ErrorKind {
    /// Every kind, in declaration order: what bindings list (Node's `ERROR_CODES`, the C ABI's
    /// `govuk_notify_error_kind_name`) instead of typing the names again.
    pub const ALL: [Self; 12] = [
        Self::Argument,
        Self::Auth,
        Self::Validation,
        Self::NotFound,
        Self::RateLimited,
        Self::DailyLimit,
        Self::Server,
        Self::Http,
        Self::Transport,
        Self::Timeout,
        Self::InvalidResponse,
        Self::Internal,
    ];

    /// The kind whose [`as_str`](Self::as_str) is `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The stable snake_case name, e.g. `"rate_limited"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Argument => "argument",
            Self::Auth => "auth",
            Self::Validation => "validation",
            Self::NotFound => "not_found",
            Self::RateLimited => "rate_limited",
            Self::DailyLimit => "daily_limit",
            Self::Server => "server",
            Self::Http => "http",
            Self::Transport => "transport",
            Self::Timeout => "timeout",
            Self::InvalidResponse => "invalid_response",
            Self::Internal => "internal",
        }
    }

    /// Whether an error of this kind is transient, so the same request may succeed later.
    ///
    /// This says nothing about whether repeating a *send* is safe: see [`Error::is_retryable`].
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            Self::RateLimited | Self::Server | Self::Transport | Self::Timeout
        )
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One item of Notify's `errors` list: `{"error": "ValidationError", "message": "…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorItem {
    /// The error class name, e.g. `ValidationError`, `AuthError`, `RateLimitError`.
    pub error: String,
    /// The human-readable message.
    pub message: String,
}

/// An error from the Notify client: a kind, the HTTP status and Notify's `errors` list when there was a response, and predicates. See [`ErrorKind`].
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: String,
    field: Option<&'static str>,
    status: Option<u16>,
    errors: Vec<ApiErrorItem>,
    errors_json: Option<serde_json::Value>,
    body: Option<String>,
    /// Whether the body, as received (before any lossy UTF-8 decoding), is JSON by this
    /// library's rules.
    body_is_json: bool,
    headers: Vec<(String, String)>,
    clock_skew: Option<i64>,
    retry_after: Option<Duration>,
    sent: bool,
    send: bool,
    would_be_status: Option<u16>,
    too_large: bool,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    fn new(kind: ErrorKind, message: String) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                message,
                field: None,
                status: None,
                errors: Vec::new(),
                errors_json: None,
                body: None,
                body_is_json: false,
                headers: Vec::new(),
                clock_skew: None,
                retry_after: None,
                sent: false,
                send: false,
                would_be_status: None,
                too_large: false,
                source: None,
            }),
        }
    }

    /// An argument error naming the offending `field`. The message must not contain secrets.
    pub fn argument(field: &'static str, message: impl fmt::Display) -> Self {
        let mut e = Self::new(ErrorKind::Argument, format!("{field} {message}"));
        e.inner.field = Some(field);
        e
    }

    /// An argument error for input that Notify itself refuses with a 400: nothing is sent, but the
    /// error carries the answer Notify would have given — [`Error::would_be_status`] 400 and the
    /// `errors` list `[{"error": class, "message": m}, ...]` in Notify's exact wording — so bindings
    /// can raise what the official clients raise after sending the same input. The message is
    /// Notify's messages joined with `", "`.
    pub fn refused(field: &'static str, class: &str, notify_messages: Vec<String>) -> Self {
        let mut e = Self::new(ErrorKind::Argument, notify_messages.join(", "));
        e.inner.field = Some(field);
        e.inner.would_be_status = Some(400);
        // The body a binding shows for a refusal is `would_be_body`, which is JSON.
        e.inner.body_is_json = true;
        e.inner.errors = notify_messages
            .into_iter()
            .map(|message| ApiErrorItem {
                error: class.to_owned(),
                message,
            })
            .collect();
        e.inner.errors_json = serde_json::to_value(&e.inner.errors).ok();
        e
    }

    /// Marks an argument error as a refusal of input for its size (see [`Error::is_too_large`]).
    pub(crate) fn too_large(mut self) -> Self {
        self.inner.too_large = true;
        self
    }

    /// Whether the input was refused because it is too large (a file over
    /// [`MAX_UPLOAD_BYTES`](crate::MAX_UPLOAD_BYTES) for [`prepare_upload`](crate::prepare_upload)):
    /// the C ABI's `GOVUK_NOTIFY_RESULT_TOO_LARGE`.
    pub fn is_too_large(&self) -> bool {
        self.inner.too_large
    }

    /// Replaces the message (for errors whose wording must match the official clients exactly).
    pub(crate) fn with_plain_message(mut self, message: &str) -> Self {
        message.clone_into(&mut self.inner.message);
        self
    }

    /// A wait (for a notification's status) that ended before it got what it waited for:
    /// kind [`ErrorKind::Timeout`], nothing sent.
    pub(crate) fn wait_ended(message: String) -> Self {
        Self::new(ErrorKind::Timeout, message)
    }

    /// An internal error (a bug in this library).
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message.into())
    }

    pub(crate) fn timeout(after: Duration, sent: bool) -> Self {
        let mut e = Self::new(
            ErrorKind::Timeout,
            format!("no response from Notify within {} ms", after.as_millis()),
        );
        e.inner.sent = sent;
        e
    }

    pub(crate) fn transport(
        message: impl Into<String>,
        sent: bool,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        let mut e = Self::new(ErrorKind::Transport, message.into());
        e.inner.sent = sent;
        e.inner.source = source;
        e
    }

    pub(crate) fn invalid_response(
        status: u16,
        message: impl Into<String>,
        body: Option<&[u8]>,
    ) -> Self {
        let mut e = Self::new(ErrorKind::InvalidResponse, message.into());
        e.inner.status = Some(status);
        if let Some(raw) = body {
            e.inner.body = Some(String::from_utf8_lossy(raw).into_owned());
            e.inner.body_is_json = serde_json::from_slice::<crate::client::JsonShape>(raw).is_ok()
                && std::str::from_utf8(raw).is_ok();
        }
        e.inner.sent = true;
        e
    }

    /// Builds the error for a non-success HTTP response. This is the one mapping table from
    /// status and body to [`ErrorKind`]; bindings never repeat it.
    ///
    /// Bodies are understood in three shapes: the v2 envelope
    /// `{"status_code": N, "errors": [{"error", "message"}]}`, the legacy `{"result": "error",
    /// "message": …}`, and anything else (HTML from a load balancer, empty, plain text).
    pub fn from_response(status: u16, headers: Vec<(String, String)>, body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body).into_owned();
        let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        let mut errors = Vec::new();
        let mut errors_json = None;
        let mut detail: Option<String> = None;
        if let Some(obj) = json.as_ref().and_then(|v| v.as_object()) {
            if let Some(list) = obj.get("errors") {
                errors_json = Some(list.clone());
                if let Some(items) = list.as_array() {
                    for item in items {
                        let error = item.get("error").and_then(|v| v.as_str()).unwrap_or("");
                        let message = match item.get("message") {
                            Some(serde_json::Value::String(s)) => s.clone(),
                            Some(other) => other.to_string(),
                            None => String::new(),
                        };
                        errors.push(ApiErrorItem {
                            error: error.to_owned(),
                            message,
                        });
                    }
                } else if let Some(s) = list.as_str() {
                    detail = Some(s.to_owned());
                }
            }
            if errors.is_empty() && detail.is_none() {
                detail = match obj.get("message") {
                    Some(serde_json::Value::String(s)) => Some(s.clone()),
                    Some(other) => Some(other.to_string()),
                    None => None,
                };
            }
        }
        let first_error = errors.first().map(|e| e.error.as_str()).unwrap_or("");
        let kind = match status {
            400 => ErrorKind::Validation,
            401 | 403 => ErrorKind::Auth,
            404 => ErrorKind::NotFound,
            // Only Notify's own classes: a 429 from something else (an HTML page from a proxy or
            // a WAF, another error class) says nothing about Notify's per-minute limit, so it is
            // neither reported as one nor retried as one.
            429 if first_error == "RateLimitError" => ErrorKind::RateLimited,
            429 if first_error == "TooManyRequestsError" => ErrorKind::DailyLimit,
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::Http,
        };
        let summary = if !errors.is_empty() {
            errors
                .iter()
                .map(|e| {
                    if e.error.is_empty() {
                        e.message.clone()
                    } else {
                        format!("{}: {}", e.error, e.message)
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        } else if let Some(d) = detail {
            d
        } else if text.trim().is_empty() {
            "empty response body".to_owned()
        } else {
            format!("non-JSON response body ({} bytes)", body.len())
        };
        let retry_after = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("retry-after"))
            .and_then(|(_, v)| {
                let v = v.trim();
                v.parse::<u64>().ok().map(Duration::from_secs).or_else(|| {
                    httpdate::parse_http_date(v)
                        .ok()
                        .and_then(|t| t.duration_since(std::time::SystemTime::now()).ok())
                })
            });
        let mut e = Self::new(kind, format!("HTTP {status}: {summary}"));
        e.inner.status = Some(status);
        e.inner.errors = errors;
        e.inner.errors_json = errors_json;
        e.inner.body = Some(text);
        // serde_json's Value checks UTF-8 and the nesting limit, the rule of every binding.
        e.inner.body_is_json = json.is_some();
        e.inner.headers = headers;
        e.inner.retry_after = retry_after;
        e.inner.sent = true;
        e
    }

    /// Records how far the local clock is from the server's, when the server refused the token for
    /// clock skew. Positive: the local clock is ahead.
    pub(crate) fn with_clock_skew(mut self, skew_secs: i64) -> Self {
        let direction = if skew_secs >= 0 { "ahead of" } else { "behind" };
        self.inner.message.push_str(&format!(
            " (this machine's clock is {} s {direction} the server's Date header; Notify accepts 30 s)",
            skew_secs.abs()
        ));
        self.inner.clock_skew = Some(skew_secs);
        self
    }

    /// The category. Match on this rather than on messages.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// A one-line description. Same as `Display`.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// For [`ErrorKind::Argument`]: the name of the offending field or parameter.
    pub fn field(&self) -> Option<&'static str> {
        self.inner.field
    }

    /// The HTTP status, when a response was received. `None` for transport errors and timeouts:
    /// those are never reported as a made-up status.
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }

    /// For an [`ErrorKind::Argument`] refusal of input that Notify itself rejects: the status Notify
    /// would have answered (400). [`Error::errors`] then holds Notify's `errors` list for it. Never
    /// set when a request was sent; [`Error::status`] stays `None`.
    pub fn would_be_status(&self) -> Option<u16> {
        self.inner.would_be_status
    }

    /// For a refusal with [`Error::would_be_status`]: the body Notify would have sent,
    /// `{"status_code": 400, "errors": [...]}`, for bindings that expose a response body.
    pub fn would_be_body(&self) -> Option<String> {
        let status = self.inner.would_be_status?;
        serde_json::to_string(&serde_json::json!({
            "status_code": status,
            "errors": self.errors_json().cloned().unwrap_or_default(),
        }))
        .ok()
    }

    /// Notify's `errors` list, parsed. Empty when the body was not the v2 envelope.
    pub fn errors(&self) -> &[ApiErrorItem] {
        &self.inner.errors
    }

    /// Notify's `errors` value exactly as the server sent it (items may carry extra keys), if any.
    pub fn errors_json(&self) -> Option<&serde_json::Value> {
        self.inner.errors_json.as_ref()
    }

    /// The raw response body, when a response was received (useful for HTML from a proxy).
    pub fn body(&self) -> Option<&str> {
        self.inner.body.as_deref()
    }

    /// Whether the body, as received, is JSON by this library's rules (UTF-8, nesting at most
    /// [`MAX_JSON_DEPTH`](crate::MAX_JSON_DEPTH) deep). [`Error::body`] is decoded lossily, so
    /// a body that is not UTF-8 may look like JSON there; this says it is not. Bindings that expose the body
    /// parsed (Python's `e.response.json()`, Node's `e.response.data`) parse it only when this is
    /// true, so a body nested too deep is text in every language instead of a parser's stack
    /// overflow in one. For a refusal with [`Error::would_be_status`] it is true: the body shown
    /// then is [`Error::would_be_body`], which is JSON.
    pub fn body_is_json(&self) -> bool {
        self.inner.body_is_json
    }

    /// The response headers (lower-case names), when a response was received.
    pub fn headers(&self) -> &[(String, String)] {
        &self.inner.headers
    }

    /// How far this machine's clock is from the server's (seconds; positive = ahead), when Notify
    /// refused the token with "Your system clock must be accurate to within 30 seconds".
    pub fn clock_skew(&self) -> Option<i64> {
        self.inner.clock_skew
    }

    /// The server's `Retry-After`, if it sent one.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// Whether the request may have reached the server. `false` means it certainly did not (for
    /// example the connection was refused), so repeating a send cannot duplicate it.
    pub fn may_have_reached_server(&self) -> bool {
        self.inner.sent
    }

    /// Whether repeating the same request is both likely to help and safe: the failure is transient
    /// (per-minute rate limit, 5xx, transport failure, timeout) and, for a *send*, Notify certainly
    /// did not act on it (the connection was refused, or it answered 429 `RateLimitError`, which it
    /// does before reading the body). A send that timed out or got a 5xx is **not** retryable: it
    /// may have been delivered, and repeating it could send the message twice.
    /// [`ErrorKind::is_transient`] gives the kind-only answer.
    pub fn is_retryable(&self) -> bool {
        let kind = self.inner.kind;
        kind.is_transient()
            && (!self.inner.send || !self.inner.sent || kind == ErrorKind::RateLimited)
    }

    /// Whether the failed request was a send (it creates a notification).
    pub fn is_send(&self) -> bool {
        self.inner.send
    }

    /// Marks the error as one that may have reached the server when `yes` (an earlier attempt
    /// of the same call may have); never clears the mark.
    pub(crate) fn reached_if(mut self, yes: bool) -> Self {
        self.inner.sent |= yes;
        self
    }

    /// Marks the error as the outcome of a send; set by the client.
    pub(crate) fn for_send(mut self, send: bool) -> Self {
        self.inner.send = send;
        self
    }

    /// A one-line description that is safe to log, the one every binding's request log uses:
    /// Notify's error class names (`ValidationError, BadRequestError`) but never their messages,
    /// which can echo submitted values (a phone number, personalisation); the kind when the
    /// response named no class; and for a failure without a response the message, which names no
    /// URL, key or recipient.
    pub fn log_summary(&self) -> String {
        if self.inner.status.is_none() {
            return self.inner.message.clone();
        }
        let classes: Vec<&str> = self
            .inner
            .errors
            .iter()
            .map(|i| i.error.as_str())
            .filter(|c| !c.is_empty())
            .collect();
        if classes.is_empty() {
            self.inner.kind.as_str().to_owned()
        } else {
            classes.join(", ")
        }
    }

    /// Whether this is a timeout.
    pub fn is_timeout(&self) -> bool {
        self.inner.kind == ErrorKind::Timeout
    }

    /// Whether Notify returned `PDFNotReadyError` (the letter PDF is not generated yet; try later).
    pub fn is_pdf_not_ready(&self) -> bool {
        self.inner
            .errors
            .iter()
            .any(|e| e.error == "PDFNotReadyError")
    }

    /// A JSON object with stable fields for bindings: `kind`, `status_code` (number or null),
    /// `errors` (as the server sent them, or `[]`), `message`, `retryable`, `refused_before_sending` and
    /// `field`/`body` when present. For a refusal Notify would have answered with a 400,
    /// `status_code` is that 400 and `errors` Notify's list, with `kind` `argument` and
    /// `refused_before_sending` true (nothing was sent).
    pub fn to_json(&self) -> serde_json::Value {
        let mut obj = serde_json::Map::new();
        obj.insert("kind".into(), self.kind().as_str().into());
        obj.insert(
            "status_code".into(),
            self.status()
                .or(self.would_be_status())
                .map_or(serde_json::Value::Null, Into::into),
        );
        obj.insert(
            "errors".into(),
            self.errors_json()
                .cloned()
                .unwrap_or_else(|| serde_json::Value::Array(Vec::new())),
        );
        obj.insert("message".into(), self.message().into());
        obj.insert("retryable".into(), self.is_retryable().into());
        obj.insert(
            "may_have_reached_server".into(),
            self.may_have_reached_server().into(),
        );
        obj.insert(
            "refused_before_sending".into(),
            (self.kind() == ErrorKind::Argument).into(),
        );
        if let Some(f) = self.field() {
            obj.insert("field".into(), f.into());
        }
        if let Some(b) = self.body() {
            obj.insert("body".into(), b.into());
        }
        if let Some(s) = self.clock_skew() {
            obj.insert("clock_skew_seconds".into(), s.into());
        }
        serde_json::Value::Object(obj)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.inner.kind)
            .field("message", &self.inner.message);
        if let Some(s) = self.inner.status {
            d.field("status", &s);
        }
        if !self.inner.errors.is_empty() {
            d.field("errors", &self.inner.errors);
        }
        if let Some(src) = &self.inner.source {
            d.field("source", &src.to_string());
        }
        d.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(status: u16, body: &str) -> Error {
        Error::from_response(status, vec![], body.as_bytes())
    }

    #[test]
    fn v2_envelope_maps_by_status() {
        let cases = [
            (400, "ValidationError", ErrorKind::Validation, false),
            (401, "AuthError", ErrorKind::Auth, false),
            (403, "AuthError", ErrorKind::Auth, false),
            (403, "BadRequestError", ErrorKind::Auth, false),
            (404, "NoResultFound", ErrorKind::NotFound, false),
            (429, "RateLimitError", ErrorKind::RateLimited, true),
            (429, "TooManyRequestsError", ErrorKind::DailyLimit, false),
            (500, "Exception", ErrorKind::Server, true),
            (504, "EventletTimeout", ErrorKind::Server, true),
            (405, "Whatever", ErrorKind::Http, false),
        ];
        for (status, class, kind, retryable) in cases {
            let body = format!(
                r#"{{"status_code": {status}, "errors": [{{"error": "{class}", "message": "m1"}}, {{"error": "{class}", "message": "m2"}}]}}"#
            );
            let e = err(status, &body);
            assert_eq!(e.kind(), kind, "{status} {class}");
            assert_eq!(e.status(), Some(status));
            assert_eq!(e.errors().len(), 2);
            assert_eq!(e.errors()[1].message, "m2");
            assert_eq!(e.is_retryable(), retryable);
            assert_eq!(
                e.message(),
                format!("HTTP {status}: {class}: m1, {class}: m2")
            );
            assert!(e.may_have_reached_server());
        }
    }

    #[test]
    fn legacy_html_empty_and_odd_bodies() {
        let legacy = err(
            404,
            r#"{"result": "error", "message": "The requested URL was not found"}"#,
        );
        assert_eq!(legacy.kind(), ErrorKind::NotFound);
        assert!(legacy.errors().is_empty());
        assert_eq!(
            legacy.message(),
            "HTTP 404: The requested URL was not found"
        );

        let obj = err(401, r#"{"result": "error", "message": {"token": ["bad"]}}"#);
        assert_eq!(obj.message(), r#"HTTP 401: {"token":["bad"]}"#);

        let html = err(502, "<html><body>Bad gateway</body></html>");
        assert_eq!(html.kind(), ErrorKind::Server);
        assert_eq!(html.body(), Some("<html><body>Bad gateway</body></html>"));
        assert!(html.message().contains("non-JSON"));

        let empty = err(503, "");
        assert_eq!(empty.message(), "HTTP 503: empty response body");
        assert!(empty.is_retryable());

        let string_errors = err(404, r#"{"errors": "Not found"}"#);
        assert_eq!(string_errors.message(), "HTTP 404: Not found");
        assert_eq!(
            string_errors.errors_json(),
            Some(&serde_json::json!("Not found"))
        );

        // Regression (issue #14, item 7): only Notify's RateLimitError is a rate limit.
        let rate_html = err(429, "<h1>slow down</h1>");
        assert_eq!(rate_html.kind(), ErrorKind::Http);
        assert!(!rate_html.is_retryable());
        let other_class = err(429, r#"{"errors":[{"error":"SlowDown","message":"m"}]}"#);
        assert_eq!(other_class.kind(), ErrorKind::Http);
    }

    #[test]
    fn extra_keys_in_items_are_kept_in_errors_json() {
        let e = err(
            400,
            r#"{"status_code":400,"errors":[{"error":"ValidationError","message":"qr","data":"x","num_bytes":600,"max_bytes":504}]}"#,
        );
        assert_eq!(e.errors_json().unwrap()[0]["max_bytes"], 504);
        let j = e.to_json();
        assert_eq!(j["kind"], "validation");
        assert_eq!(j["status_code"], 400);
        assert_eq!(j["retryable"], false);
        assert_eq!(j["errors"][0]["num_bytes"], 600);
    }

    #[test]
    fn retry_after_and_clock_skew() {
        let e = Error::from_response(
            429,
            vec![("retry-after".into(), "7".into())],
            br#"{"errors":[{"error":"RateLimitError","message":"x"}]}"#,
        );
        assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
        let in_a_minute =
            httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(60));
        let dated = Error::from_response(429, vec![("Retry-After".into(), in_a_minute)], b"");
        let wait = dated.retry_after().unwrap();
        assert!(
            wait > Duration::from_secs(55) && wait <= Duration::from_secs(60),
            "{wait:?}"
        );
        let skew = err(403, r#"{"errors":[{"error":"AuthError","message":"Error: Your system clock must be accurate to within 30 seconds"}]}"#)
            .with_clock_skew(-45);
        assert_eq!(skew.clock_skew(), Some(-45));
        assert!(skew.message().contains("45 s behind"), "{}", skew.message());
    }

    #[test]
    fn transport_errors_have_no_status() {
        let e = Error::transport("connection refused", false, None);
        assert_eq!(e.status(), None);
        assert!(e.is_retryable());
        assert!(!e.may_have_reached_server());
        assert_eq!(e.to_json()["status_code"], serde_json::Value::Null);
        let t = Error::timeout(Duration::from_millis(1500), true);
        assert!(t.is_timeout());
        assert!(t.message().contains("1500 ms"));
    }

    #[test]
    fn every_kind_is_listed_once_and_found_by_name() {
        let mut names: Vec<_> = ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ErrorKind::ALL.len());
        for k in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_name(k.as_str()), Some(k));
            // An exhaustive match: a new kind fails to compile here until it is listed in ALL.
            let listed = match k {
                ErrorKind::Argument
                | ErrorKind::Auth
                | ErrorKind::Validation
                | ErrorKind::NotFound
                | ErrorKind::RateLimited
                | ErrorKind::DailyLimit
                | ErrorKind::Server
                | ErrorKind::Http
                | ErrorKind::Transport
                | ErrorKind::Timeout
                | ErrorKind::InvalidResponse
                | ErrorKind::Internal => true,
            };
            assert!(listed);
        }
        assert_eq!(ErrorKind::from_name("nope"), None);
    }

    #[test]
    fn argument_errors_name_the_field() {
        let e = Error::argument("template_id", "is not a valid UUID");
        assert_eq!(e.field(), Some("template_id"));
        assert_eq!(e.to_string(), "template_id is not a valid UUID");
        assert_eq!(e.to_json()["field"], "template_id");
        assert_eq!(e.to_json()["status_code"], serde_json::Value::Null);
        assert_eq!(e.to_json()["refused_before_sending"], true);
    }

    #[test]
    fn refusals_carry_the_400_notify_would_answer() {
        let e = Error::refused(
            "template_id",
            "ValidationError",
            vec!["template_id is not a valid UUID".into()],
        );
        assert_eq!(e.kind(), ErrorKind::Argument);
        assert_eq!(e.status(), None);
        assert_eq!(e.would_be_status(), Some(400));
        assert!(!e.may_have_reached_server() && !e.is_retryable());
        assert_eq!(e.to_string(), "template_id is not a valid UUID");
        let body: serde_json::Value = serde_json::from_str(&e.would_be_body().unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"status_code": 400, "errors": [
                {"error": "ValidationError", "message": "template_id is not a valid UUID"}]})
        );
        let j = e.to_json();
        assert_eq!(j["kind"], "argument");
        assert_eq!(j["status_code"], 400);
        assert_eq!(j["errors"], body["errors"]);
        assert_eq!(j["refused_before_sending"], true);
        assert_eq!(j["field"], "template_id");
        assert_eq!(Error::argument("x", "y").would_be_body(), None);
    }
}
