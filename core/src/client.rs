//! The asynchronous client: configuration, URL building, headers, sending, retries and response
//! classification.
//!
//! [`Client`] is cheap to clone (an `Arc`) and safe to share across threads and tasks; all clones
//! share one connection pool. Every request gets a fresh token.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};

use crate::blocking::ProcessLocal;
use crate::error::{Error, ErrorKind};
use crate::jwt::{unix_now, TokenSigner};
use crate::key::ApiKey;
use crate::models;
use crate::options::{Dialect, OptionName};
use crate::pacing::{Pacer, Pacing};
use crate::pager::{Pager, PagerKind};
use crate::requests::{self, HttpRequest, Method, Operation};
use crate::retry::RetryPolicy;

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://api.notifications.service.gov.uk";
/// Default total time for a call, from sending to the last byte of the body, retries and their
/// waits included (like the official Python client's `timeout=30`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default time to establish a connection (TCP + TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default limit on a response body; a larger response is an `InvalidResponse` error, so a broken
/// proxy cannot make the client buffer gigabytes.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// The longest URL this library sends, in bytes. The HTTP stack cannot carry a longer one, so a
/// request whose URL would be longer is refused before sending as an argument error instead of
/// failing as a transport error. (Field rules, like the 1000-character `reference` filter, refuse
/// long values first, naming the field.)
pub const MAX_URL_BYTES: usize = 16 * 1024;

/// The deepest nesting of arrays and objects accepted in a JSON body: 127 levels, what
/// serde_json's recursion limit (128) allows; every decoder in this library, the bindings'
/// included, uses serde_json. A success response nested deeper is an `InvalidResponse` error; an
/// error response nested deeper is classified by its status, its body treated as text
/// ([`Error::body_is_json`] is false).
pub const MAX_JSON_DEPTH: usize = 127;

/// This library's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A successful response, passed through untouched: what bindings hand to their callers so a field
/// Notify adds tomorrow reaches every language without a release.
///
/// The body is kept as received; [`RawResponse::json`] and [`RawResponse::parse`] decode it on
/// demand, so a binding can decode straight into its own language's objects without an
/// intermediate tree.
#[derive(Clone, Debug)]
pub struct RawResponse {
    /// The HTTP status (201 for sends, 200 otherwise).
    pub status: u16,
    /// Response headers, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The body exactly as received (JSON text, or PDF bytes for a letter PDF).
    pub body: Bytes,
}

impl RawResponse {
    /// The body parsed as a JSON object (keys in the server's order).
    ///
    /// # Errors
    /// [`RawResponse::invalid_json_error`] if the body is not a JSON object (a PDF, say).
    pub fn json(&self) -> Result<serde_json::Value, Error> {
        match serde_json::from_slice::<serde_json::Value>(&self.body) {
            Ok(v @ serde_json::Value::Object(_)) => Ok(v),
            _ => Err(self.invalid_json_error()),
        }
    }

    /// The body parsed as `T` (one of the [`models`](crate::models)).
    ///
    /// # Errors
    /// `InvalidResponse` if the body does not have `T`'s shape.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|e| {
            Error::invalid_response(
                self.status,
                format!("HTTP {}: unexpected response shape: {e}", self.status),
                Some(&self.body),
            )
        })
    }

    /// The error for a body that is not a JSON object: what a binding that decodes the body with
    /// its own parser reports when that parser fails, so every language says the same thing.
    pub fn invalid_json_error(&self) -> Error {
        invalid_json(self.status, &self.body)
    }
}

/// How much of a JSON body [`Client::execute_checked`] verifies.
#[derive(Clone, Copy, Debug)]
enum Check {
    /// One valid JSON object.
    Full,
    /// `{` … `}` only; the caller parses it.
    Shape,
}

fn invalid_json(status: u16, body: &[u8]) -> Error {
    Error::invalid_response(
        status,
        format!("HTTP {status}: the response is not a JSON object"),
        Some(body),
    )
}

/// Whether a body looks like a JSON object: UTF-8 (JSON text always is, RFC 8259 §8.1; checking
/// it here makes the rule the same for every binding, whatever its own decoder checks) and `{` …
/// `}` around optional whitespace. The cheap check [`Client::execute_raw`] makes before handing
/// the body to a binding's own parser.
fn looks_like_object(body: &[u8]) -> bool {
    let trimmed = body.trim_ascii();
    trimmed.first() == Some(&b'{')
        && trimmed.last() == Some(&b'}')
        && std::str::from_utf8(body).is_ok()
}

/// Whether a body is one valid JSON object nested at most [`MAX_JSON_DEPTH`] deep, checked
/// without building it.
fn is_json_object(body: &[u8]) -> bool {
    looks_like_object(body) && serde_json::from_slice::<JsonShape>(body).is_ok()
}

/// Any JSON value, validated and dropped as it is read. Unlike `serde::de::IgnoredAny` (which
/// serde_json skips iteratively, at any depth) it descends through `deserialize_any`, so
/// serde_json's recursion limit ([`MAX_JSON_DEPTH`]) applies as it does to every decoder here.
pub(crate) struct JsonShape;

impl<'de> serde::Deserialize<'de> for JsonShape {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JsonShapeVisitor)
    }
}

struct JsonShapeVisitor;

impl<'de> serde::de::Visitor<'de> for JsonShapeVisitor {
    type Value = JsonShape;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<JsonShape, E> {
        Ok(JsonShape)
    }
    fn visit_i64<E>(self, _: i64) -> Result<JsonShape, E> {
        Ok(JsonShape)
    }
    fn visit_u64<E>(self, _: u64) -> Result<JsonShape, E> {
        Ok(JsonShape)
    }
    fn visit_f64<E>(self, _: f64) -> Result<JsonShape, E> {
        Ok(JsonShape)
    }
    fn visit_str<E>(self, _: &str) -> Result<JsonShape, E> {
        Ok(JsonShape)
    }
    fn visit_unit<E>(self) -> Result<JsonShape, E> {
        Ok(JsonShape)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<JsonShape, A::Error> {
        while seq.next_element::<JsonShape>()?.is_some() {}
        Ok(JsonShape)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<JsonShape, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, JsonShape>()?
            .is_some()
        {}
        Ok(JsonShape)
    }
}

/// Configures and builds a [`Client`].
///
/// ```
/// use std::time::Duration;
/// let client = govuk_notify::Client::builder(
///     "my_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0",
/// )
/// .base_url("http://127.0.0.1:6011")
/// .timeout(Duration::from_secs(10))
/// .build()
/// .unwrap();
/// assert_eq!(client.base_url(), "http://127.0.0.1:6011/");
/// ```
#[must_use]
pub struct ClientBuilder {
    api_key: Result<ApiKey, Error>,
    config: Config,
}

#[derive(Clone)]
struct Config {
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    proxy: Option<String>,
    use_env_proxy: bool,
    extra_ca_pem: Vec<Vec<u8>>,
    allow_insecure_http: bool,
    binding: Option<String>,
    user_agent_suffix: Option<String>,
    retry: RetryPolicy,
    max_response_bytes: usize,
    pace: Option<Pacing>,
    /// Whose option names the errors of [`ClientBuilder::build`] use.
    dialect: Dialect,
}

impl Config {
    /// The option rules that do not need parsing (see [`crate::options`]); the base URL, proxy,
    /// certificates and User-Agent are checked as they are parsed.
    fn validate(&self) -> Result<(), Error> {
        let d = self.dialect;
        for (option, value) in [
            (OptionName::Timeout, self.timeout),
            (OptionName::ConnectTimeout, self.connect_timeout),
        ] {
            if value.is_zero() {
                return Err(option.error(d, "must be greater than 0"));
            }
        }
        if self.max_response_bytes == 0 {
            return Err(OptionName::MaxResponseBytes.error(d, "must be at least 1 byte"));
        }
        if let Some(p) = &self.pace {
            p.validate()?;
        }
        self.retry.validate(d)
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Proxy URLs may carry credentials and are shown without them.
        let proxy = self.proxy.as_deref().map(|p| match url::Url::parse(p) {
            Ok(mut u) => {
                let _ = u.set_username("");
                let _ = u.set_password(None);
                u.to_string()
            }
            Err(_) => "[unparseable]".to_owned(),
        });
        f.debug_struct("Config")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("proxy", &proxy)
            .field("use_env_proxy", &self.use_env_proxy)
            .field("extra_ca_bundles", &self.extra_ca_pem.len())
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("binding", &self.binding)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("pace", &self.pace)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().ok())
            .field("config", &self.config)
            .finish()
    }
}

impl ClientBuilder {
    fn new(api_key: &str) -> Self {
        Self {
            api_key: ApiKey::parse(api_key),
            config: Config {
                base_url: DEFAULT_BASE_URL.to_owned(),
                timeout: DEFAULT_TIMEOUT,
                connect_timeout: DEFAULT_CONNECT_TIMEOUT,
                proxy: None,
                use_env_proxy: true,
                extra_ca_pem: Vec::new(),
                allow_insecure_http: false,
                binding: None,
                user_agent_suffix: None,
                retry: RetryPolicy::default(),
                max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
                pace: None,
                dialect: Dialect::Rust,
            },
        }
    }

    /// The API's base URL. Default [`DEFAULT_BASE_URL`].
    ///
    /// Join rule: endpoint paths are appended to the base URL's path, so a prefix is kept
    /// (`https://gw.example/notify` → `https://gw.example/notify/v2/notifications/sms`) and a
    /// trailing slash makes no difference. (The official Python and Ruby clients drop any prefix;
    /// with the default URL the rules agree.) A query or fragment is refused. `http://` is
    /// refused unless the host is loopback or [`allow_insecure_http`](Self::allow_insecure_http)
    /// is set, because the bearer token would cross the network in clear.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.config.base_url = url.into();
        self
    }

    /// Total time allowed for a call: one deadline for connecting, sending, reading the whole
    /// body, and any retries with their waits (not a per-attempt limit). A retry is not started
    /// when its wait would pass this deadline. Default 30 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// Time allowed to connect (TCP and TLS). Default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// Sends every request through this proxy (`http://`, `https://`, `socks5://` (names resolved
    /// locally) or `socks5h://` (names resolved by the proxy) URL; may carry credentials).
    /// `NO_PROXY` from the environment still applies. Without it, `HTTPS_PROXY`, `HTTP_PROXY`,
    /// `ALL_PROXY` and `NO_PROXY` are honoured (except for loopback base URLs), with the same
    /// schemes. Any other scheme is an argument error naming `proxy` when the client is built.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.config.proxy = Some(url.into());
        self
    }

    /// Whether to read proxy settings from the environment. Default true.
    pub fn use_env_proxy(mut self, yes: bool) -> Self {
        self.config.use_env_proxy = yes;
        self
    }

    /// Trusts the certificates in this PEM bundle in addition to the system store (for networks
    /// behind a TLS-inspecting proxy, or a test server with a private CA). May be called several
    /// times. A CA certificate trusts every certificate it signed; a self-signed server certificate
    /// can be trusted directly.
    ///
    /// The "system store" is what the platform provides (on Linux, the distribution's bundle),
    /// except that the `SSL_CERT_FILE` (and `SSL_CERT_DIR`) environment variables *replace* it
    /// when set: prefer this option to pointing `SSL_CERT_FILE` at a private CA, which would stop
    /// every public certificate from being trusted.
    pub fn add_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.config.extra_ca_pem.push(pem.into());
        self
    }

    /// Allows a plain `http://` base URL on a non-loopback host. Only for test rigs on a private
    /// network: the token is readable by anyone on the path.
    pub fn allow_insecure_http(mut self, yes: bool) -> Self {
        self.config.allow_insecure_http = yes;
        self
    }

    /// The retry policy. Default [`RetryPolicy::default`].
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.config.retry = policy;
        self
    }

    /// Names the language binding in the User-Agent, e.g. `"python/3.11.7"`. Set by bindings.
    pub fn binding(mut self, binding: impl Into<String>) -> Self {
        self.config.binding = Some(binding.into());
        self
    }

    /// Appends text to the User-Agent, e.g. your service's name.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.config.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Largest response body accepted. Default [`DEFAULT_MAX_RESPONSE_BYTES`].
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.config.max_response_bytes = bytes;
        self
    }

    /// Paces sends to stay under Notify's rate limit: at most `pacing.limit` send requests per
    /// `pacing.window`, spaced evenly and queued first come, first served across every thread and
    /// task sharing the client (see [`Pacing`]; [`Pacing::default`] is Notify's 3,000 a minute).
    /// `None` (the default) sends at once. Only sends are paced, as only they count toward
    /// Notify's limit; each attempt of a retried send takes its own slot.
    ///
    /// Time spent queueing is not part of [`timeout`](Self::timeout): the call's deadline starts
    /// when its slot comes (a bulk send queues for as long as the queue is long; bound the whole
    /// wait with your runtime's cancellation, which gives the slot back untaken).
    pub fn pace(mut self, pacing: impl Into<Option<Pacing>>) -> Self {
        self.config.pace = pacing.into();
        self
    }

    /// Which language's option names the errors of [`build`](Self::build) use (set by bindings,
    /// usually through [`ClientOptions`](crate::ClientOptions)). Default [`Dialect::Rust`]: this
    /// builder's method names.
    pub fn dialect(mut self, dialect: Dialect) -> Self {
        self.config.dialect = dialect;
        self
    }

    /// Builds the client, checking every option once (the rules of [`crate::options`]).
    ///
    /// # Errors
    /// An argument error naming `api_key` or the bad option (in the builder's [`Dialect`]): a zero
    /// timeout, connect timeout or response cap, a backoff multiplier below 1, an invalid base
    /// URL, proxy, CA bundle or User-Agent suffix.
    pub fn build(self) -> Result<Client, Error> {
        let key = self.api_key?;
        let config = self.config;
        config.validate()?;
        let d = config.dialect;
        let base = parse_base_url(&config.base_url, config.allow_insecure_http, d)?;
        let mut ua = format!("govuk-notify/{VERSION}");
        match &config.binding {
            Some(b) => ua.push_str(&format!(" ({b})")),
            None => ua.push_str(" (rust)"),
        }
        if let Some(s) = &config.user_agent_suffix {
            ua.push(' ');
            ua.push_str(s);
        }
        let user_agent = HeaderValue::from_str(&ua).map_err(|_| {
            OptionName::UserAgentSuffix.error(d, "contains characters not allowed in a header")
        })?;
        let http = build_http(&config, &base)?;
        Ok(Client {
            inner: Arc::new(Inner {
                signer: TokenSigner::new(&key),
                key,
                base,
                user_agent,
                http: RwLock::new(ProcessLocal::new(http)),
                auth: RwLock::new(None),
                pacer: config.pace.map(Pacer::new),
                config,
            }),
        })
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

fn parse_base_url(raw: &str, allow_insecure_http: bool, d: Dialect) -> Result<url::Url, Error> {
    let field = OptionName::BaseUrl.name(d);
    let mut url = url::Url::parse(raw.trim())
        .map_err(|e| Error::argument(field, format!("is not a valid URL ({e})")))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) || allow_insecure_http => {}
        "http" => {
            return Err(Error::argument(
                field,
                "uses plain http to a non-loopback host; the bearer token would cross the network \
                 in clear (use https, or allow_insecure_http for a private test rig)",
            ))
        }
        other => {
            return Err(Error::argument(
                field,
                format!("must be an http or https URL, not {other}:"),
            ))
        }
    }
    if url.host().is_none() {
        return Err(Error::argument(field, "has no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::argument(field, "must not have a query or fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::argument(field, "must not contain credentials"));
    }
    // Normalise the path to end without a slash so segments can be appended.
    let path = url.path().trim_end_matches('/').to_owned();
    url.set_path(&path);
    Ok(url)
}

fn build_http(config: &Config, base: &url::Url) -> Result<reqwest::Client, Error> {
    // No reqwest-wide timeout: `Client::attempt` enforces the call's deadline itself (see there).
    let mut b = reqwest::Client::builder()
        .connect_timeout(config.connect_timeout)
        .redirect(reqwest::redirect::Policy::none())
        .pool_idle_timeout(Duration::from_secs(60))
        .tcp_nodelay(true)
        .https_only(base.scheme() != "http");
    let d = config.dialect;
    if let Some(p) = &config.proxy {
        check_proxy_scheme(OptionName::Proxy.name(d), p)?;
        let mut proxy = reqwest::Proxy::all(p)
            .map_err(|_| OptionName::Proxy.error(d, "is not a valid proxy URL"))?;
        if config.use_env_proxy {
            proxy = proxy.no_proxy(reqwest::NoProxy::from_env());
        }
        b = b.proxy(proxy);
    } else if !config.use_env_proxy || is_loopback(base) {
        b = b.no_proxy();
    }
    for pem in &config.extra_ca_pem {
        let certs = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|_| OptionName::CaBundle.error(d, "is not a PEM certificate bundle"))?;
        if certs.is_empty() {
            return Err(OptionName::CaBundle.error(d, "contains no certificates"));
        }
        for c in certs {
            b = b.add_root_certificate(c);
        }
    }
    b.connector_layer(ConnectDeadlineLayer)
        .build()
        .map_err(|e| Error::argument("tls", format!("the HTTP client could not be set up: {e}")))
}

/// Proxy schemes the HTTP stack can use (reqwest is built with its `socks` feature).
const PROXY_SCHEMES: [&str; 6] = ["http", "https", "socks4", "socks4a", "socks5", "socks5h"];

fn check_proxy_scheme(field: &'static str, url: &str) -> Result<(), Error> {
    // reqwest reads a URL without a scheme as http://.
    let Some((scheme, _)) = url.trim().split_once("://") else {
        return Ok(());
    };
    if PROXY_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
        Ok(())
    } else {
        Err(Error::argument(
            field,
            format!(
                "has the unsupported scheme {scheme:?} (use one of {})",
                PROXY_SCHEMES.join(", ")
            ),
        ))
    }
}

tokio::task_local! {
    /// When the connection for the current attempt must be established by: set around each
    /// attempt's `send()`, read by [`ConnectDeadlineLayer`] when the pool opens a connection.
    static CONNECT_DEADLINE: tokio::time::Instant;
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Bounds connecting (TCP, proxy tunnel, TLS handshake) by the call's deadline, just before it.
///
/// Without it, a handshake that never completes is cut by the whole-request timeout, which
/// cannot say whether the request was written, so the error has to claim it may have reached
/// Notify (and a send is then not retried). Cut here, it is a connect error: provably unsent.
/// A request that reuses a pooled connection opens none and is unaffected.
#[derive(Clone, Copy, Debug)]
struct ConnectDeadlineLayer;

impl<S> tower_layer::Layer<S> for ConnectDeadlineLayer {
    type Service = ConnectDeadline<S>;
    fn layer(&self, inner: S) -> Self::Service {
        ConnectDeadline(inner)
    }
}

#[derive(Clone, Debug)]
struct ConnectDeadline<S>(S);

impl<S, R> tower_service::Service<R> for ConnectDeadline<S>
where
    S: tower_service::Service<R, Error = BoxError>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = BoxError;
    type Future =
        std::pin::Pin<Box<dyn std::future::Future<Output = Result<S::Response, BoxError>> + Send>>;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), BoxError>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, req: R) -> Self::Future {
        let deadline = CONNECT_DEADLINE.try_with(|d| *d).ok();
        let connect = self.0.call(req);
        Box::pin(async move {
            let Some(deadline) = deadline else {
                return connect.await;
            };
            match tokio::time::timeout_at(deadline, connect).await {
                Ok(result) => result,
                Err(_) => Err(Box::new(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "the connection (TCP, proxy and TLS handshake) was not established before \
                     the call's deadline",
                )) as BoxError),
            }
        })
    }
}

/// A GOV.UK Notify client. Cheap to clone; share one per process.
///
/// ```no_run
/// # async fn run() -> Result<(), govuk_notify::Error> {
/// use govuk_notify::{Client, SendSms};
/// let client = Client::new(&std::env::var("NOTIFY_API_KEY").unwrap_or_default())?;
/// let sent = client
///     .send_sms(&SendSms::new("07700900123", "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"))
///     .await?;
/// println!("sent {}", sent.id);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    key: ApiKey,
    signer: TokenSigner,
    base: url::Url,
    user_agent: HeaderValue,
    /// The HTTP client of this process: after `fork()` the child rebuilds it, because the parent's
    /// pooled connections and their tasks belong to a runtime that no longer exists.
    /// Read by every call, hence read-write locks: concurrent calls never wait for each other.
    http: RwLock<ProcessLocal<reqwest::Client>>,
    /// The last `Authorization` header and the second it was issued in (see `Client::authorization`).
    auth: RwLock<Option<(i64, HeaderValue)>>,
    /// The send queue when pacing is on; shared by every clone.
    pacer: Option<Pacer>,
    config: Config,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("key", &self.inner.key)
            .field("base_url", &self.inner.base.as_str())
            .field("timeout", &self.inner.config.timeout)
            .field("retry", &self.inner.config.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the production API with default settings.
    ///
    /// # Errors
    /// An argument error if the key does not parse.
    pub fn new(api_key: &str) -> Result<Self, Error> {
        Self::builder(api_key).build()
    }

    /// Starts configuring a client. Key errors are reported by [`ClientBuilder::build`].
    pub fn builder(api_key: &str) -> ClientBuilder {
        ClientBuilder::new(api_key)
    }

    /// A builder with this client's key and settings, to make a variant (for example with a
    /// different proxy) without handling the key again. The new client has its own pool.
    ///
    /// ```
    /// # let client = govuk_notify::Client::new(
    /// #     "k-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0").unwrap();
    /// let quick = client.to_builder().timeout(std::time::Duration::from_secs(5)).build().unwrap();
    /// assert_eq!(quick.service_id(), client.service_id());
    /// ```
    pub fn to_builder(&self) -> ClientBuilder {
        ClientBuilder {
            api_key: Ok(self.inner.key.clone()),
            config: self.inner.config.clone(),
        }
    }

    /// The service id from the API key.
    pub fn service_id(&self) -> &str {
        self.inner.key.service_id()
    }

    /// The normalised base URL, ending in `/`.
    pub fn base_url(&self) -> String {
        let mut s = self.inner.base.as_str().trim_end_matches('/').to_owned();
        s.push('/');
        s
    }

    /// The configured total timeout of a call.
    pub fn timeout(&self) -> Duration {
        self.inner.config.timeout
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.config.retry
    }

    /// The pacing in force, if any (see [`ClientBuilder::pace`]).
    pub fn pacing(&self) -> Option<Pacing> {
        self.inner.pacer.as_ref().map(Pacer::pacing)
    }

    /// The User-Agent sent with every request.
    pub fn user_agent(&self) -> &str {
        self.inner.user_agent.to_str().unwrap_or("govuk-notify")
    }

    fn http(&self) -> Result<reqwest::Client, Error> {
        if let Some(http) = self
            .inner
            .http
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get()
        {
            return Ok(http.clone());
        }
        // A forked child: the parent's pool holds handles into a runtime that does not exist in
        // this process (see `ProcessLocal`).
        let mut guard = self.inner.http.write().unwrap_or_else(|p| p.into_inner());
        guard
            .try_get_or_reset(|| build_http(&self.inner.config, &self.inner.base))
            .map(|http| http.clone())
    }

    /// The `Authorization` header: a token issued this second. Tokens only differ by their `iat`
    /// (whole seconds), so one made earlier in the same second is byte-identical to a new one
    /// and is reused rather than signed again.
    fn authorization(&self) -> Result<HeaderValue, Error> {
        let now = unix_now();
        if let Some((iat, value)) = &*self.inner.auth.read().unwrap_or_else(|p| p.into_inner()) {
            if *iat == now {
                return Ok(value.clone());
            }
        }
        let token = self.inner.signer.token_at(now)?;
        let mut value = HeaderValue::from_str(&format!("Bearer {token}"))
            .map_err(|_| Error::internal("token is not a valid header value"))?;
        value.set_sensitive(true);
        *self.inner.auth.write().unwrap_or_else(|p| p.into_inner()) = Some((now, value.clone()));
        Ok(value)
    }

    /// The full URL of a request.
    pub fn url_for(&self, req: &HttpRequest) -> url::Url {
        let mut url = self.inner.base.clone();
        if let Ok(mut segs) = url.path_segments_mut() {
            segs.pop_if_empty();
            segs.extend(req.segments.iter());
        }
        if !req.query.is_empty() {
            let mut q = url.query_pairs_mut();
            for (k, v) in &req.query {
                q.append_pair(k, v);
            }
        }
        url
    }

    /// Sends a request built by an [`Operation`], with retries, and returns the response
    /// untouched. A JSON response's body has been checked to be one valid JSON object; a PDF's to
    /// start with `%PDF-`.
    ///
    /// # Errors
    /// Any [`ErrorKind`](crate::ErrorKind): argument errors before sending, the server's errors, transport errors.
    pub async fn execute(&self, req: &HttpRequest) -> Result<RawResponse, Error> {
        self.execute_checked(req, Check::Full).await
    }

    /// As [`Client::execute`], but a JSON body is only checked to look like an object (`{` … `}`)
    /// rather than validated: for a binding that decodes the body straight into its own objects
    /// and reports a decoding failure with [`RawResponse::invalid_json_error`]. Saves a pass over
    /// the body (a tenth of a millisecond for a 250-item page).
    ///
    /// # Errors
    /// As [`Client::execute`].
    pub async fn execute_raw(&self, req: &HttpRequest) -> Result<RawResponse, Error> {
        self.execute_checked(req, Check::Shape).await
    }

    async fn execute_checked(&self, req: &HttpRequest, check: Check) -> Result<RawResponse, Error> {
        let url = self.url_for(req);
        if url.as_str().len() > MAX_URL_BYTES {
            return Err(Error::argument(
                "url",
                format!(
                    "would be {} bytes long (at most {MAX_URL_BYTES}); shorten the filters",
                    url.as_str().len()
                ),
            ));
        }
        let body = req.body.clone().map(Bytes::from);
        let send = req.creates_notification();
        let pacer = self.inner.pacer.as_ref().filter(|_| send);
        if let Some(p) = pacer {
            p.acquire().await;
        }
        // A timeout too large to add to the clock (e.g. Duration::MAX) means "no deadline".
        let mut deadline = Instant::now().checked_add(self.inner.config.timeout);
        let mut attempt = 0;
        // Whether an earlier attempt may have reached Notify (and it may have acted: a 429
        // RateLimitError says it did not). The final error reports it even if the last attempt
        // certainly did not get through, so a caller never repeats a send that went out earlier.
        let mut reached_before = false;
        loop {
            let remaining = deadline.map_or(self.inner.config.timeout, |d| {
                d.saturating_duration_since(Instant::now())
            });
            let result = if remaining.is_zero() {
                Err(Error::timeout(self.inner.config.timeout, false))
            } else {
                self.attempt(req, &url, body.clone(), remaining, check)
                    .await
            };
            let result = result.map_err(|e| {
                let e = e.for_send(send).reached_if(reached_before);
                reached_before |= e.may_have_reached_server() && e.kind() != ErrorKind::RateLimited;
                e
            });
            match result {
                Ok(r) => return Ok(r),
                Err(e) => match self
                    .inner
                    .config
                    .retry
                    .delay_for(req, &e, attempt)
                    // A retry must leave time to connect before the deadline.
                    .filter(|wait| {
                        match (
                            deadline,
                            Instant::now()
                                .checked_add(wait.saturating_add(CONNECT_DEADLINE_MARGIN)),
                        ) {
                            (None, _) => true,
                            (Some(d), Some(resume)) => resume < d,
                            (Some(_), None) => false,
                        }
                    }) {
                    Some(wait) => {
                        tracing::debug!(
                            target: "govuk_notify",
                            method = req.method.as_str(),
                            path = url.path(),
                            kind = e.kind().as_str(),
                            attempt,
                            wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                            "retrying"
                        );
                        tokio::time::sleep(wait).await;
                        // A retried send counts toward Notify's limit too; its queueing time
                        // is not charged to the deadline.
                        if let Some(p) = pacer {
                            let waited = p.acquire().await;
                            deadline = deadline.and_then(|d| d.checked_add(waited));
                        }
                        attempt += 1;
                    }
                    None => return Err(e),
                },
            }
        }
    }

    async fn attempt(
        &self,
        req: &HttpRequest,
        url: &url::Url,
        body: Option<Bytes>,
        remaining: Duration,
        check: Check,
    ) -> Result<RawResponse, Error> {
        let http = self.http()?;
        let mut headers = HeaderMap::with_capacity(5);
        headers.insert(AUTHORIZATION, self.authorization()?);
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        headers.insert(
            ACCEPT,
            HeaderValue::from_static(if req.expects_pdf {
                "application/pdf, application/json"
            } else {
                "application/json"
            }),
        );
        let method = match req.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
        };
        let mut builder = http.request(method, url.clone());
        if let Some(b) = body {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            builder = builder.body(b);
        }
        let started = Instant::now();
        let timeout = self.inner.config.timeout;
        let connect_timeout = self.inner.config.connect_timeout;
        let max_response_bytes = self.inner.config.max_response_bytes;
        let exchange = async {
            let resp = builder
                .headers(headers)
                .send()
                .await
                .map_err(|e| classify_send_error(&e, timeout, connect_timeout))?;
            let status = resp.status().as_u16();
            let headers: Vec<(String, String)> = resp
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let body = read_body(resp, max_response_bytes, timeout).await?;
            Ok::<_, Error>((status, headers, body))
        };
        // The attempt's deadline is enforced here, not by reqwest: tokio's timeout polls the
        // exchange before its own timer, so when connecting runs out of time (the connector
        // layer's deadline, a moment earlier) that connect failure (provably unsent) is what is
        // reported, even if the thread was descheduled past both deadlines; reqwest's own timeout
        // would win that race and report a request that may have been written. A deadline too
        // far away to represent (a Duration::MAX timeout) bounds nothing.
        let (status, headers, body) = match tokio::time::Instant::now().checked_add(remaining) {
            Some(deadline) => {
                let connect_by = deadline
                    .checked_sub(CONNECT_DEADLINE_MARGIN)
                    .unwrap_or(deadline);
                match CONNECT_DEADLINE
                    .scope(connect_by, tokio::time::timeout_at(deadline, exchange))
                    .await
                {
                    Ok(outcome) => outcome?,
                    Err(_) => return Err(Error::timeout(timeout, true)),
                }
            }
            None => exchange.await?,
        };
        tracing::debug!(
            target: "govuk_notify",
            method = req.method.as_str(),
            path = url.path(),
            status,
            elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            "response"
        );
        if !(200..300).contains(&status) {
            let mut err = Error::from_response(status, headers, &body);
            if status == 403
                && err
                    .errors()
                    .iter()
                    .any(|e| e.message.contains("system clock"))
            {
                if let Some(skew) = clock_skew(err.headers()) {
                    err = err.with_clock_skew(skew);
                }
            }
            tracing::warn!(
                target: "govuk_notify",
                method = req.method.as_str(),
                path = url.path(),
                status,
                kind = err.kind().as_str(),
                "request failed"
            );
            return Err(err);
        }
        if req.expects_pdf {
            if !body.starts_with(b"%PDF-") {
                return Err(Error::invalid_response(
                    status,
                    format!("HTTP {status}: the response is not a PDF"),
                    Some(&body),
                ));
            }
        } else {
            let ok = match check {
                Check::Full => is_json_object(&body),
                Check::Shape => looks_like_object(&body),
            };
            if !ok {
                return Err(invalid_json(status, &body));
            }
        }
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }

    /// Sends a typed operation and parses the typed response.
    ///
    /// # Errors
    /// As [`Client::execute`], plus `InvalidResponse` when the body does not have the documented
    /// shape.
    pub async fn call<O: Operation>(&self, op: &O) -> Result<O::Output, Error> {
        self.execute_raw(&op.to_http()?).await?.parse()
    }

    crate::typed::typed_operations!(async; .await);

    /// Walks every page of notifications matching `filter`, newest first. See [`Pager`].
    pub fn notifications(&self, filter: requests::ListNotifications) -> Pager {
        Pager::new(self.clone(), PagerKind::Notifications(filter))
    }

    /// Walks every page of received text messages, newest first. See [`Pager`].
    pub fn received_texts(&self, older_than: Option<String>) -> Pager {
        Pager::new(
            self.clone(),
            PagerKind::ReceivedTexts(requests::ListReceivedTexts { older_than }),
        )
    }
}

/// How long before a request's timeout its connection must be established (see
/// [`ConnectDeadlineLayer`]).
const CONNECT_DEADLINE_MARGIN: Duration = Duration::from_millis(5);

fn classify_send_error(e: &reqwest::Error, timeout: Duration, connect_timeout: Duration) -> Error {
    if e.is_builder() {
        // Nothing was sent and nothing would change on a retry: the request itself is wrong.
        return Error::argument(
            "url",
            format!("could not be made into an HTTP request: {}", error_chain(e)),
        );
    }
    let reached = !e.is_connect();
    if e.is_timeout() {
        return Error::timeout(
            if reached {
                timeout
            } else {
                connect_timeout.min(timeout)
            },
            reached,
        );
    }
    let what = if e.is_connect() {
        "could not connect to Notify"
    } else {
        "the connection to Notify failed"
    };
    Error::transport(format!("{what}: {}", error_chain(e)), reached, None)
}

/// The innermost causes of a reqwest error, without the URL (ids only, but kept out of messages
/// for brevity and because callers log messages).
fn error_chain(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut src: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(s) = src {
        let text = s.to_string();
        if !parts.contains(&text) {
            parts.push(text);
        }
        src = s.source();
    }
    if parts.is_empty() {
        e.without_url_string()
    } else {
        parts.join(": ")
    }
}

trait WithoutUrl {
    fn without_url_string(&self) -> String;
}

impl WithoutUrl for reqwest::Error {
    fn without_url_string(&self) -> String {
        let mut s = self.to_string();
        if let Some(u) = self.url() {
            s = s.replace(&format!(" ({u})"), "");
        }
        s
    }
}

/// Reads the body, up to `limit` bytes. A success response over the limit is an
/// `InvalidResponse` error; an error response (any other status) is never made one by its size:
/// only its first `limit` bytes are read (none when its announced length is over the limit) and it
/// is classified by its status, so a 5xx stays a retryable server error whatever its body.
async fn read_body(
    mut resp: reqwest::Response,
    limit: usize,
    timeout: Duration,
) -> Result<Bytes, Error> {
    let status = resp.status().as_u16();
    let success = (200..300).contains(&status);
    if let Some(len) = resp.content_length() {
        if usize::try_from(len).map_or(true, |l| l > limit) {
            if !success {
                return Ok(Bytes::new());
            }
            return Err(Error::invalid_response(
                status,
                format!("the response body ({len} bytes) exceeds the {limit}-byte limit"),
                None,
            ));
        }
    }
    let mut buf = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if buf.len() + chunk.len() > limit {
                    if !success {
                        let room = limit.saturating_sub(buf.len());
                        buf.extend_from_slice(chunk.get(..room).unwrap_or_default());
                        return Ok(Bytes::from(buf));
                    }
                    return Err(Error::invalid_response(
                        status,
                        format!("the response body exceeds the {limit}-byte limit"),
                        None,
                    ));
                }
                buf.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(Bytes::from(buf)),
            Err(e) if e.is_timeout() => return Err(Error::timeout(timeout, true)),
            Err(e) => {
                return Err(Error::transport(
                    format!(
                        "the connection to Notify failed while reading the response: {}",
                        error_chain(&e)
                    ),
                    true,
                    None,
                ))
            }
        }
    }
}

fn clock_skew(headers: &[(String, String)]) -> Option<i64> {
    let date = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("date"))
        .map(|(_, v)| v.as_str())?;
    let server = httpdate::parse_http_date(date).ok()?;
    let server_secs =
        i64::try_from(server.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs()).ok()?;
    Some(unix_now() - server_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::*;

    const KEY: &str =
        "key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";

    fn client(base: &str) -> Client {
        Client::builder(KEY).base_url(base).build().unwrap()
    }

    #[test]
    fn base_url_join_rule_keeps_prefix_and_ignores_trailing_slash() {
        let op = SendSms::new("07700900123", "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
            .to_http()
            .unwrap();
        for (base, want) in [
            (
                DEFAULT_BASE_URL,
                "https://api.notifications.service.gov.uk/v2/notifications/sms",
            ),
            (
                "https://api.notifications.service.gov.uk/",
                "https://api.notifications.service.gov.uk/v2/notifications/sms",
            ),
            (
                "https://gw.example/notify",
                "https://gw.example/notify/v2/notifications/sms",
            ),
            (
                "https://gw.example/notify/",
                "https://gw.example/notify/v2/notifications/sms",
            ),
            (
                "http://127.0.0.1:6011",
                "http://127.0.0.1:6011/v2/notifications/sms",
            ),
            (
                "http://localhost:6011/",
                "http://localhost:6011/v2/notifications/sms",
            ),
            (
                "http://[::1]:6011",
                "http://[::1]:6011/v2/notifications/sms",
            ),
        ] {
            assert_eq!(client(base).url_for(&op).as_str(), want, "{base}");
        }
    }

    #[test]
    fn plain_http_is_refused_off_loopback_unless_allowed() {
        let err = Client::builder(KEY)
            .base_url("http://notify.internal")
            .build()
            .unwrap_err();
        assert_eq!(err.field(), Some("base_url"));
        assert!(Client::builder(KEY)
            .base_url("http://notify.internal")
            .allow_insecure_http(true)
            .build()
            .is_ok());
        for bad in ["ftp://x", "not a url", "https://h/?a=1", "https://u:p@h/"] {
            let e = Client::builder(KEY).base_url(bad).build().unwrap_err();
            assert_eq!(e.field(), Some("base_url"), "{bad}");
        }
    }

    #[test]
    fn query_strings_match_the_official_python_client() {
        let c = client(DEFAULT_BASE_URL);
        let list = ListNotifications {
            template_type: Some("sms".into()),
            status: vec!["delivered".into(), "sending".into()],
            reference: Some("a b&c=d/é".into()),
            older_than: Some("8fef167e-9229-481d-97bb-59e41a2dbc60".into()),
            include_jobs: Some(true),
        };
        assert_eq!(
            c.url_for(&list.to_http().unwrap()).as_str(),
            "https://api.notifications.service.gov.uk/v2/notifications?status=delivered&status=sending&template_type=sms&reference=a+b%26c%3Dd%2F%C3%A9&older_than=8fef167e-9229-481d-97bb-59e41a2dbc60&include_jobs=True"
        );
        let t = ListTemplates {
            template_type: Some("letter".into()),
        };
        assert_eq!(
            c.url_for(&t.to_http().unwrap()).as_str(),
            "https://api.notifications.service.gov.uk/v2/templates?type=letter"
        );
    }

    #[test]
    fn user_agent_names_library_and_binding() {
        let c = Client::builder(KEY)
            .binding("python/3.11.7")
            .user_agent_suffix("my-service")
            .build()
            .unwrap();
        assert_eq!(
            c.user_agent(),
            format!("govuk-notify/{VERSION} (python/3.11.7) my-service")
        );
        assert_eq!(
            client(DEFAULT_BASE_URL).user_agent(),
            format!("govuk-notify/{VERSION} (rust)")
        );
    }

    #[test]
    fn debug_redacts_the_secret() {
        let c = client(DEFAULT_BASE_URL);
        let s = format!("{c:?}");
        assert!(!s.contains("3d844edf"), "{s}");
        assert!(s.contains("26785a09"));
    }

    #[test]
    fn bad_ca_bundle_and_proxy_are_argument_errors() {
        let e = Client::builder(KEY)
            .add_root_certificates_pem(b"nope".to_vec())
            .build()
            .unwrap_err();
        assert_eq!(e.field(), Some("ca_bundle"));
        let e = Client::builder(KEY).proxy("::::").build().unwrap_err();
        assert_eq!(e.field(), Some("proxy"));
    }
}
