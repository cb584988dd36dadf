//! The Node-API addon behind the `govuk-notify` npm package.
//!
//! This crate only converts: JS option objects into a core [`Client`], JS parameter objects into
//! the core's request structs, and core responses and errors into plain JS objects. Every protocol
//! rule (key parsing, validation, bodies, retries, pagination, the upload limit) stays in
//! `govuk_notify`; the official client's method names and argument orders live in the JS facade
//! (`index.js`), which is the only caller of this module.
//!
//! Nothing here throws for a failed request: every call resolves to an [`Outcome`] holding either
//! a response or a [`NativeError`], and the facade turns the latter into a rejected promise with a
//! typed `NotifyError`. All network work runs in `async fn`s on napi's Tokio runtime, never on the
//! JS thread, and every call made through one [`NativeClient`] shares its connection pool.

use std::sync::Arc;

use govuk_notify::requests::{
    FilterOrder, HttpRequest, ListNotifications, Op, SendPrecompiledLetter,
};
use govuk_notify::{
    ApiKey, Client, Dialect, Error as CoreError, ErrorKind, Pager, RawResponse, UploadOptions,
};
use napi::bindgen_prelude::{Buffer, Either};
use napi_derive::napi;

pub mod callbacks;
mod text;
mod wait;

pub use text::BodyText;

/// The core library's version (the `govuk-notify/x.y.z` part of the User-Agent).
#[napi]
pub const CORE_VERSION: &str = govuk_notify::VERSION;

/// The cargo profile this addon was built with (`release` in published packages).
#[napi]
pub const BUILD_PROFILE: &str = env!("GOVUK_NOTIFY_BUILD_PROFILE");

/// Retry settings; unset fields keep the core's defaults (`RetryPolicy::default()`).
#[napi(object)]
#[derive(Clone, Debug, Default)]
pub struct RetryOptions {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: Option<f64>,
    /// Backoff before the first retry, in milliseconds.
    pub initial_backoff_ms: Option<f64>,
    /// Upper bound of any single wait, in milliseconds.
    pub max_backoff_ms: Option<f64>,
    /// Multiplier applied to the backoff after each retry.
    pub backoff_multiplier: Option<f64>,
    /// Randomise each wait ("full jitter").
    pub jitter: Option<bool>,
    /// Also retry sends after errors that may have reached Notify (can send twice).
    pub retry_sends: Option<bool>,
}

/// Client settings, as the facade passes them. Unset fields keep the core's defaults.
#[napi(object)]
#[derive(Clone, Debug, Default)]
pub struct ClientOptions {
    /// The API's base URL.
    pub base_url: Option<String>,
    /// One deadline for the whole call, retries and their waits included, in milliseconds.
    pub timeout_ms: Option<f64>,
    /// Time to connect, in milliseconds.
    pub connect_timeout_ms: Option<f64>,
    /// Proxy URL for every request.
    pub proxy: Option<String>,
    /// Whether to honour `HTTPS_PROXY` and friends.
    pub use_env_proxy: Option<bool>,
    /// Retry settings.
    pub retry: Option<RetryOptions>,
    /// Names the binding in the User-Agent, e.g. `node/v20.11.0`.
    pub binding: Option<String>,
    /// Text appended to the User-Agent.
    pub user_agent_suffix: Option<String>,
    /// Extra PEM bundles to trust, in addition to the system store (`caBundlePem` and
    /// `caCertificates` of the facade).
    pub ca_certificates: Option<Vec<String>>,
    /// Allow plain http to a non-loopback host (test rigs only).
    pub allow_insecure_http: Option<bool>,
    /// Largest response body accepted, in bytes.
    pub max_response_bytes: Option<f64>,
    /// Queue sends to stay under Notify's rate limit (unset: no pacing).
    pub pace: Option<wait::PaceOptions>,
}

/// One response header (names are lower-case).
#[napi(object)]
#[derive(Clone, Debug)]
pub struct Header {
    /// Lower-case header name.
    pub name: String,
    /// Header value (lossily decoded as UTF-8).
    pub value: String,
}

/// A core error as plain data; the facade builds a `NotifyError` from it.
#[napi(object)]
#[derive(Clone, Debug)]
pub struct NativeError {
    /// The stable kind (`ErrorKind::as_str`): `argument`, `auth`, `validation`, ...
    pub code: String,
    /// One-line description; never contains the key's secret.
    pub message: String,
    /// The HTTP status, when a response was received; for input refused before sending that
    /// Notify itself rejects, the 400 Notify would have answered.
    pub status_code: Option<u32>,
    /// Notify's `errors` value exactly as sent, if any.
    pub errors: Option<serde_json::Value>,
    /// The raw response body, when a response was received (for a refusal with a status, the
    /// body Notify would have sent).
    pub body: Option<String>,
    /// The response headers, when a response was received.
    pub headers: Vec<Header>,
    /// Whether the same request may succeed later.
    pub retryable: bool,
    /// For argument errors: the offending field (core naming, e.g. `template_id`).
    pub field: Option<String>,
    /// Local clock minus the server's, for clock-skew auth failures.
    pub clock_skew_seconds: Option<i64>,
    /// The server's `Retry-After`, in milliseconds.
    pub retry_after_ms: Option<f64>,
    /// False when the request certainly did not reach Notify.
    pub may_have_reached_server: bool,
    /// A one-line description safe to log (core `Error::log_summary`: error class names, never
    /// Notify's message text).
    pub log_summary: String,
    /// Whether `body` is JSON by the core's rules (nesting at most 127 deep): the facade parses
    /// it only then.
    pub body_is_json: bool,
}

/// A successful response, passed through untouched.
// Only ever made for JS (`object_from_js = false`): `BodyText` cannot be read back.
#[napi(object, object_from_js = false)]
pub struct NativeResponse {
    /// The HTTP status.
    pub status: u32,
    /// Response headers.
    pub headers: Vec<Header>,
    /// The body of a JSON response, as text (no Buffer for V8 to track; a large ASCII body is
    /// not copied).
    #[napi(ts_type = "string")]
    pub text: Option<BodyText>,
    /// The body of a PDF response (or of any body that is not UTF-8), as bytes.
    pub body: Option<Buffer>,
}

impl NativeResponse {
    /// `pdf`: whether the operation's response is a PDF (the core's `HttpRequest::expects_pdf`).
    fn new(raw: RawResponse, pdf: bool) -> Self {
        let (text, body) = match body_to_js(raw.body, pdf) {
            Either::A(text) => (Some(text), None),
            Either::B(bytes) => (None, Some(bytes)),
        };
        Self {
            status: u32::from(raw.status),
            headers: headers_to_js(&raw.headers),
            text,
            body,
        }
    }
}

/// A response body as it is handed to JS: text (which the facade `JSON.parse`s) unless it is a
/// PDF or not UTF-8.
fn body_to_js(body: bytes::Bytes, pdf: bool) -> Either<BodyText, Buffer> {
    if pdf {
        return Either::B(Buffer::from(body.to_vec()));
    }
    match BodyText::new(body) {
        Ok(text) => Either::A(text),
        Err(body) => Either::B(Buffer::from(body.to_vec())),
    }
}

/// A response body converted as every JSON response's is (text unless it is not UTF-8).
/// Private: the page-decoding benchmark (`benches/node/bench.js`) times it with `JSON.parse`.
#[napi(js_name = "_responseBody", ts_return_type = "string | Buffer")]
pub fn response_body(body: Buffer) -> Either<BodyText, Buffer> {
    body_to_js(bytes::Bytes::copy_from_slice(&body), false)
}

/// A body held in Rust memory, as the core holds a received response's. Private: the
/// page-decoding benchmark (`benches/node/bench.js`) times `text()` with
/// `JSON.parse`, the work done on the JS thread for every response, without the copy that
/// passing the bytes in from JS each time (`_responseBody`) adds.
#[napi(js_name = "_ReceivedBody")]
pub struct ReceivedBody(bytes::Bytes);

/// The length only, like [`NativeResponse`]'s.
impl std::fmt::Debug for ReceivedBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ReceivedBody(<{} bytes>)", self.0.len())
    }
}

#[napi]
impl ReceivedBody {
    /// Holds a copy of `body`.
    #[napi(constructor)]
    #[must_use]
    pub fn new(body: Buffer) -> Self {
        Self(bytes::Bytes::copy_from_slice(&body))
    }

    /// The body converted as every JSON response's is (text unless it is not UTF-8).
    #[napi(ts_return_type = "string | Buffer")]
    #[must_use]
    pub fn text(&self) -> Either<BodyText, Buffer> {
        body_to_js(self.0.clone(), false)
    }
}

impl std::fmt::Debug for NativeResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field(
                "text",
                &format_args!("<{} bytes>", self.text.as_ref().map_or(0, BodyText::len)),
            )
            .field(
                "body",
                &format_args!("<{} bytes>", self.body.as_ref().map_or(0, |b| b.len())),
            )
            .finish()
    }
}

/// Exactly one of `response` and `error` is set, except at the end of a pager walk (neither).
// Only ever made for JS, like `NativeResponse`.
#[napi(object, object_from_js = false)]
#[derive(Debug, Default)]
pub struct Outcome {
    /// The response, on success.
    pub response: Option<NativeResponse>,
    /// The error, on failure.
    pub error: Option<NativeError>,
    /// The request's method and path (never the query), for the debug log; unset when no
    /// request was made (an argument refused before sending, the end of a pager walk).
    pub method: Option<String>,
    /// See `method`.
    pub path: Option<String>,
}

/// The result of [`prepare_upload`]: the personalisation file object, or an error.
#[napi(object)]
#[derive(Debug)]
pub struct UploadOutcome {
    /// `{file, filename, confirm_email_before_download, retention_period}`.
    pub upload: Option<serde_json::Value>,
    /// The error (e.g. the file is over 2 MB).
    pub error: Option<NativeError>,
}

fn headers_to_js(headers: &[(String, String)]) -> Vec<Header> {
    headers
        .iter()
        .map(|(name, value)| Header {
            name: name.clone(),
            value: value.clone(),
        })
        .collect()
}

fn error_to_js(e: &CoreError) -> NativeError {
    // A refusal of input Notify itself rejects carries the 400 Notify would have sent, so code
    // written for the official client (err.response.status, err.response.data.errors) works.
    let would_be_body = e.would_be_body();
    let headers = if would_be_body.is_some() {
        vec![Header {
            name: "content-type".to_owned(),
            value: "application/json".to_owned(),
        }]
    } else {
        headers_to_js(e.headers())
    };
    NativeError {
        code: e.kind().as_str().to_owned(),
        message: e.message().to_owned(),
        status_code: e.status().or(e.would_be_status()).map(u32::from),
        errors: e.errors_json().cloned(),
        body: e.body().map(str::to_owned).or(would_be_body),
        headers,
        retryable: e.is_retryable(),
        field: e.field().map(str::to_owned),
        clock_skew_seconds: e.clock_skew(),
        retry_after_ms: e.retry_after().map(|d| d.as_secs_f64() * 1000.0),
        may_have_reached_server: e.may_have_reached_server(),
        log_summary: e.log_summary(),
        body_is_json: e.body_is_json(),
    }
}

impl Outcome {
    fn from_result(result: Result<RawResponse, CoreError>, pdf: bool) -> Self {
        match result {
            Ok(raw) => Self {
                response: Some(NativeResponse::new(raw, pdf)),
                ..Self::default()
            },
            Err(e) => Self::failed(&e),
        }
    }

    fn failed(e: &CoreError) -> Self {
        Self {
            error: Some(error_to_js(e)),
            ..Self::default()
        }
    }

    /// Records which request produced this outcome (for the debug log).
    fn sent(mut self, method: govuk_notify::Method, path: String) -> Self {
        self.method = Some(method.as_str().to_owned());
        self.path = Some(path);
        self
    }
}

/// The facade's settings as the core's options; every rule about the values is the core's, with
/// errors naming the facade's option names (`Dialect::Node`).
fn build_client(api_key: &str, opts: &ClientOptions) -> Result<Client, CoreError> {
    let retry = opts.retry.as_ref().map(|r| govuk_notify::RetryOptions {
        max_retries: r.max_retries,
        initial_backoff: r.initial_backoff_ms,
        max_backoff: r.max_backoff_ms,
        backoff_multiplier: r.backoff_multiplier,
        jitter: r.jitter,
        retry_sends: r.retry_sends,
    });
    govuk_notify::ClientOptions {
        base_url: opts.base_url.clone(),
        timeout: opts.timeout_ms,
        connect_timeout: opts.connect_timeout_ms,
        proxy: opts.proxy.clone(),
        use_env_proxy: opts.use_env_proxy,
        ca_bundles: opts
            .ca_certificates
            .iter()
            .flatten()
            .map(|pem| pem.as_bytes().to_vec())
            .collect(),
        allow_insecure_http: opts.allow_insecure_http,
        user_agent_suffix: opts.user_agent_suffix.clone(),
        max_response_bytes: opts.max_response_bytes,
        retry,
        binding: opts.binding.clone(),
        pace: opts.pace.as_ref().map(wait::pacing).transpose()?,
    }
    .build(api_key, Dialect::Node)
}

/// Parses the facade's parameters (JSON text, made by `JSON.stringify` so values serialise
/// exactly as the official client's axios would send them) into the core's operation, and builds
/// its request with the list filters in the official Node client's order (Notify echoes it in
/// `links.current`). Unknown fields are refused by the core's `deny_unknown_fields`.
fn request_for(operation: &str, params: &str) -> Result<HttpRequest, CoreError> {
    Op::parse(operation, params)?.to_http_in(FilterOrder::TemplateTypeFirst)
}

/// Parses a list filter (a `ListNotifications` as JSON) for a pager.
fn parse_filter(params: &str) -> Result<ListNotifications, CoreError> {
    match Op::parse("list_notifications", params)? {
        Op::ListNotifications(f) => Ok(f),
        _ => Err(CoreError::internal(
            "list_notifications parsed as another operation",
        )),
    }
}

/// One GOV.UK Notify client: one core `Client`, so one connection pool for every call.
#[napi]
#[derive(Debug)]
pub struct NativeClient {
    inner: Client,
}

/// Builds a client, or returns why it cannot be built (bad key, base URL, proxy, option).
#[napi]
pub fn create_client(api_key: String, options: ClientOptions) -> Either<NativeClient, NativeError> {
    match build_client(&api_key, &options) {
        Ok(inner) => Either::A(NativeClient { inner }),
        Err(e) => Either::B(error_to_js(&e)),
    }
}

#[napi]
impl NativeClient {
    /// The User-Agent sent with every request.
    #[napi(getter)]
    pub fn user_agent(&self) -> String {
        self.inner.user_agent().to_owned()
    }

    /// The normalised base URL.
    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.inner.base_url()
    }

    /// The service id from the API key.
    #[napi(getter)]
    pub fn service_id(&self) -> String {
        self.inner.service_id().to_owned()
    }

    /// The timeout (one deadline for the whole call, retries included), in milliseconds.
    #[napi(getter)]
    pub fn timeout_ms(&self) -> f64 {
        self.inner.timeout().as_secs_f64() * 1000.0
    }

    /// Runs one operation. `operation` names the core request struct in snake_case
    /// (`send_sms`, `get_template_version`, ...); `params_json` is that struct as JSON text.
    #[napi]
    pub async fn execute(&self, operation: String, params_json: String) -> Outcome {
        match request_for(&operation, &params_json) {
            Ok(req) => Outcome::from_result(self.inner.execute(&req).await, req.expects_pdf)
                .sent(req.method, req.path()),
            Err(e) => Outcome::failed(&e),
        }
    }

    /// Sends a precompiled PDF letter; the bytes are copied once, never base64-encoded in JS.
    #[napi]
    pub async fn send_precompiled_letter(
        &self,
        reference: String,
        pdf: Buffer,
        postage: Option<String>,
    ) -> Outcome {
        let op = Op::from(SendPrecompiledLetter {
            reference,
            pdf: pdf.to_vec(),
            postage,
        });
        match op.to_http() {
            Ok(http) => Outcome::from_result(self.inner.execute(&http).await, http.expects_pdf)
                .sent(http.method, http.path()),
            Err(e) => Outcome::failed(&e),
        }
    }

    /// A pager over every notification matching `filter_json` (a `ListNotifications` as JSON).
    #[napi]
    pub fn notifications(&self, filter_json: String) -> NativePager {
        NativePager::new(parse_filter(&filter_json).map(|f| self.inner.notifications(f)))
    }

    /// A pager over every received text message, optionally older than one id.
    #[napi]
    pub fn received_texts(&self, older_than: Option<String>) -> NativePager {
        NativePager::new(Ok(self.inner.received_texts(older_than)))
    }
}

#[derive(Debug)]
enum PagerState {
    Walking(Pager),
    /// The filter could not be parsed; reported by the first `nextPage()`.
    Invalid(NativeError),
}

/// Walks the pages of a list (see `govuk_notify::Pager`).
#[napi]
#[derive(Debug)]
pub struct NativePager {
    state: Arc<tokio::sync::Mutex<PagerState>>,
    items_key: &'static str,
}

impl NativePager {
    fn new(pager: Result<Pager, CoreError>) -> Self {
        // A refused filter has no pages: its first `nextPage()` is the error, so no key is read.
        let (state, items_key) = match pager {
            Ok(p) => {
                let key = p.items_key();
                (PagerState::Walking(p), key)
            }
            Err(e) => (PagerState::Invalid(error_to_js(&e)), ""),
        };
        Self {
            state: Arc::new(tokio::sync::Mutex::new(state)),
            items_key,
        }
    }
}

#[napi]
impl NativePager {
    /// The key of the item list in each page (the core's `Pager::items_key`):
    /// `notifications` or `received_text_messages`.
    #[napi(getter)]
    pub fn items_key(&self) -> String {
        self.items_key.to_owned()
    }

    /// The next non-empty page as received, or an outcome with neither field set at the end.
    #[napi]
    pub async fn next_page(&self) -> Outcome {
        let state = Arc::clone(&self.state);
        let mut guard = state.lock().await;
        match &mut *guard {
            PagerState::Invalid(e) => Outcome {
                error: Some(e.clone()),
                ..Outcome::default()
            },
            PagerState::Walking(pager) if pager.is_done() => Outcome::default(),
            PagerState::Walking(pager) => {
                let path = pager.path().to_owned();
                match pager.next_page().await {
                    Ok(Some(page)) => Outcome::from_result(Ok(page), false),
                    Ok(None) => Outcome::default(),
                    Err(e) => Outcome::failed(&e),
                }
                .sent(govuk_notify::Method::Get, path)
            }
        }
    }
}

/// Runs the local GOV.UK Notify simulator with these command-line arguments (the flags of
/// `govuk-notify-simulator --help`) until the process ends (Node's own SIGINT/SIGTERM handling
/// ends it), and returns the exit status of a run that ends early (`--help`, a bad flag). Blocks
/// the calling thread: it is the `govuk-notify-simulator` command's whole program.
#[napi]
pub fn run_simulator(args: Vec<String>) -> u32 {
    u32::from(govuk_notify_simulator::cli::main_embedded(args))
}

/// Every error kind's name (the core's `ErrorKind::ALL`): the facade's `ERROR_CODES`.
#[napi]
pub fn error_kinds() -> Vec<String> {
    ErrorKind::ALL
        .iter()
        .map(|k| k.as_str().to_owned())
        .collect()
}

/// The combined API key for the older `(serviceId, apiKey)` form (the core's `ApiKey::combine`:
/// the service id and the secret taken from `apiKey` by the core's key rule).
#[napi]
pub fn combine_key(service_id: String, api_key: String) -> String {
    ApiKey::combine(&service_id, &api_key)
}

/// Builds the personalisation object that sends a file by email (core `prepare_upload`).
#[napi]
pub fn prepare_upload(
    data: Buffer,
    filename: Option<String>,
    confirm_email_before_download: Option<bool>,
    retention_period: Option<String>,
) -> UploadOutcome {
    let options = UploadOptions {
        filename,
        confirm_email_before_download,
        retention_period,
    };
    match govuk_notify::prepare_upload(&data, options) {
        Ok(file) => UploadOutcome {
            upload: Some(file.to_value()),
            error: None,
        },
        Err(e) => UploadOutcome {
            upload: None,
            error: Some(error_to_js(&e)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const KEY: &str =
        "key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";

    #[test]
    fn options_reach_the_core_builder() {
        let client = build_client(
            KEY,
            &ClientOptions {
                base_url: Some("http://127.0.0.1:9".into()),
                timeout_ms: Some(1500.0),
                binding: Some("node/v20.0.0".into()),
                retry: Some(RetryOptions {
                    max_retries: Some(0.0),
                    ..RetryOptions::default()
                }),
                ..ClientOptions::default()
            },
        )
        .unwrap();
        assert_eq!(client.timeout(), Duration::from_millis(1500));
        assert!(client.user_agent().ends_with("(node/v20.0.0)"));
        assert_eq!(client.retry_policy().max_retries, 0);
    }

    #[test]
    fn bad_numbers_are_argument_errors_naming_the_option() {
        for (opts, field) in [
            (
                ClientOptions {
                    timeout_ms: Some(f64::NAN),
                    ..ClientOptions::default()
                },
                "timeout",
            ),
            (
                ClientOptions {
                    retry: Some(RetryOptions {
                        backoff_multiplier: Some(0.5),
                        ..RetryOptions::default()
                    }),
                    ..ClientOptions::default()
                },
                "retry.backoffMultiplier",
            ),
        ] {
            let e = build_client(KEY, &opts).unwrap_err();
            assert_eq!(error_to_js(&e).code, "argument");
            assert_eq!(e.field(), Some(field));
        }
    }

    #[test]
    fn key_errors_never_echo_the_secret() {
        let e = build_client(
            "nope-3d844edf-8d35-48ac-975b-e847b4f122b0",
            &ClientOptions::default(),
        )
        .unwrap_err();
        let js = error_to_js(&e);
        assert_eq!(js.code, "argument");
        assert_eq!(js.field.as_deref(), Some("api_key"));
        assert!(!format!("{js:?}").contains("3d844edf"));
    }

    #[test]
    fn operations_map_to_core_requests() {
        let req = request_for(
            "get_template_version",
            r#"{"template_id": "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "version": 2}"#,
        )
        .unwrap();
        assert_eq!(
            req.path(),
            "/v2/template/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/version/2"
        );
        let bad = request_for("send_sms", r#"{"phone_number": 7}"#).unwrap_err();
        assert_eq!(bad.field(), Some("arguments"));
        assert_eq!(
            request_for("nope", "{}").unwrap_err().kind(),
            govuk_notify::ErrorKind::Internal
        );
    }
}
