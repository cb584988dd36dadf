//! The HTTP server: accept loop, per-connection control (needed to drop,
//! hang and reset connections), request recording and fault application.

use std::collections::{BTreeMap, HashSet};
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, DATE};
use http::request::Parts;
use http::{Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Body as HttpBody, Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::JoinSet;
use uuid::Uuid;

use crate::callbacks::{CallbackLog, CallbackSettings};
use crate::clock::{http_date, Clock};
use crate::config::{Config, EmailReplyToConfig, ServiceConfig, SmsSenderConfig};
use crate::faults::{decode_base64, Fault, FaultAction, FaultList};
use crate::store::{Limits, RecordedRequest, Recorder, Store};
use crate::templates::TemplateSet;
use crate::validation::{parse_uuid, validate_email_address, validate_phone_number};

/// Boxed error type of response bodies.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;
/// Response body type.
pub(crate) type Body = http_body_util::combinators::BoxBody<Bytes, BoxError>;

/// Locks a mutex, ignoring poisoning (state stays usable after a panic elsewhere).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Per-service data derived from the configuration.
#[derive(Debug)]
pub(crate) struct ServiceExtras {
    pub team_phones: HashSet<String>,
    pub team_emails: HashSet<String>,
    pub sms_senders: Vec<(Uuid, SmsSenderConfig)>,
    pub reply_tos: Vec<(Uuid, EmailReplyToConfig)>,
}

impl ServiceExtras {
    fn new(cfg: &ServiceConfig) -> Self {
        ServiceExtras {
            team_phones: cfg
                .team_phone_numbers
                .iter()
                .filter_map(|p| validate_phone_number(p).ok().map(|p| p.digits))
                .collect(),
            team_emails: cfg
                .team_email_addresses
                .iter()
                .filter_map(|e| validate_email_address(e).map(|e| e.to_lowercase()))
                .collect(),
            sms_senders: cfg
                .sms_senders
                .iter()
                .filter_map(|s| parse_uuid(&s.id).map(|id| (id, s.clone())))
                .collect(),
            reply_tos: cfg
                .email_reply_to
                .iter()
                .filter_map(|r| parse_uuid(&r.id).map(|id| (id, r.clone())))
                .collect(),
        }
    }
}

/// Shared server state.
#[derive(Debug)]
pub(crate) struct State {
    pub config: Config,
    pub services: Vec<(Uuid, ServiceConfig)>,
    pub extras: Vec<ServiceExtras>,
    pub templates: TemplateSet,
    pub clock: Clock,
    pub store: Mutex<Store>,
    pub recorder: Mutex<Recorder>,
    pub faults: Mutex<FaultList>,
    pub limits: Mutex<Limits>,
    pub callback_settings: Mutex<CallbackSettings>,
    pub callback_log: Mutex<CallbackLog>,
    pub tasks: Mutex<JoinSet<()>>,
    pub addr: SocketAddr,
    pub sms_rate: f64,
}

impl State {
    pub(crate) fn new(config: Config, addr: SocketAddr) -> Result<State, String> {
        config.validate()?;
        let templates = TemplateSet::from_configs(&config.templates)?;
        let mut services = Vec::new();
        let mut extras = Vec::new();
        for s in &config.services {
            let id =
                parse_uuid(&s.id).ok_or_else(|| format!("service id {:?} is not a UUID", s.id))?;
            services.push((id, s.clone()));
            extras.push(ServiceExtras::new(s));
        }
        let callback_settings = CallbackSettings {
            url: config.callback_url.clone(),
            token: config.callback_token.clone(),
            inbound_url: config.inbound_callback_url.clone(),
            inbound_token: config.inbound_callback_token.clone(),
        };
        Ok(State {
            services,
            extras,
            templates,
            clock: Clock::new(),
            store: Mutex::new(Store::default()),
            recorder: Mutex::new(Recorder::default()),
            faults: Mutex::new(FaultList::default()),
            limits: Mutex::new(Limits::default()),
            callback_settings: Mutex::new(callback_settings),
            callback_log: Mutex::new(CallbackLog::default()),
            tasks: Mutex::new(JoinSet::new()),
            addr,
            sms_rate: 0.0227,
            config,
        })
    }

    /// Spawns a background task tied to the server's lifetime.
    pub(crate) fn spawn<F>(&self, fut: F)
    where
        F: std::future::Future<Output = ()> + Send + 'static,
    {
        let mut tasks = lock(&self.tasks);
        while tasks.try_join_next().is_some() {}
        tasks.spawn(fut);
    }

    /// Clears all runtime state (not the configuration or callback settings).
    pub(crate) fn reset(&self) {
        lock(&self.store).clear();
        lock(&self.recorder).clear();
        lock(&self.faults).clear();
        lock(&self.limits).clear();
        lock(&self.callback_log).clear();
        self.clock.set_offset_secs(0.0);
    }
}

// ---------------------------------------------------------------------------
// Responses

/// A complete response body.
pub(crate) fn full_body(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into())
        .map_err(|never: Infallible| match never {})
        .boxed()
}

/// A response with a body and content type.
pub(crate) fn response(status: u16, content_type: &str, body: impl Into<Bytes>) -> Response<Body> {
    let mut resp = Response::new(full_body(body));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(v) = HeaderValue::from_str(content_type) {
        resp.headers_mut().insert(CONTENT_TYPE, v);
    }
    resp
}

/// A JSON response.
pub(crate) fn json_response(status: u16, value: &Value) -> Response<Body> {
    response(status, "application/json", value.to_string())
}

/// The v2 error envelope with one or more errors of the same class.
pub(crate) fn v2_error(status: u16, error: &str, messages: &[String]) -> Response<Body> {
    let errors: Vec<Value> = messages
        .iter()
        .map(|m| json!({"error": error, "message": m}))
        .collect();
    json_response(status, &json!({"status_code": status, "errors": errors}))
}

/// The legacy error shape `{"result": "error", "message": …}`.
pub(crate) fn legacy_error(status: u16, message: Value) -> Response<Body> {
    json_response(status, &json!({"result": "error", "message": message}))
}

// ---------------------------------------------------------------------------
// Special bodies for faults

/// Sends `first`, waits a moment so it is flushed, then fails (hyper then
/// closes the connection mid-body).
struct ResetBody {
    first: Option<Bytes>,
    sleep: Pin<Box<tokio::time::Sleep>>,
    kill: Arc<Notify>,
}

impl HttpBody for ResetBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(first))));
        }
        match self.sleep.as_mut().poll(cx) {
            Poll::Ready(()) => {
                self.kill.notify_one();
                Poll::Ready(Some(Err("simulated connection reset".into())))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

/// A body of `remaining` bytes streamed in 64 KiB chunks. With `announce`
/// its exact size is known up front (hyper sends `Content-Length`); without,
/// the size is unknown, so hyper sends it chunked with no length.
struct HugeBody {
    remaining: u64,
    chunk: Bytes,
    announce: bool,
}

impl HttpBody for HugeBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        if self.remaining == 0 {
            return Poll::Ready(None);
        }
        let n = self.remaining.min(self.chunk.len() as u64);
        self.remaining -= n;
        let data = self.chunk.slice(..n as usize);
        Poll::Ready(Some(Ok(Frame::data(data))))
    }

    fn is_end_stream(&self) -> bool {
        self.announce && self.remaining == 0
    }

    fn size_hint(&self) -> SizeHint {
        if self.announce {
            SizeHint::with_exact(self.remaining)
        } else {
            SizeHint::default()
        }
    }
}

fn default_fault_body() -> String {
    json!({"status_code": 500, "errors": [{"error": "Exception", "message": "Internal server error"}]}).to_string()
}

fn apply_headers(resp: &mut Response<Body>, fault: &Fault) {
    for (name, value) in &fault.headers {
        if let (Ok(n), Ok(v)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            resp.headers_mut().insert(n, v);
        }
    }
}

// ---------------------------------------------------------------------------
// Request handling

async fn read_body(body: Incoming, max: usize) -> Result<Bytes, Response<Body>> {
    match Limited::new(body, max).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e)
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some() =>
        {
            Err(legacy_error(413, json!("Request Entity Too Large")))
        }
        Err(_) => Err(legacy_error(400, json!("Bad request"))),
    }
}

fn record(parts: &Parts, body: &Bytes) -> RecordedRequest {
    let mut headers: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in &parts.headers {
        let text: String = value.as_bytes().iter().map(|b| char::from(*b)).collect();
        headers
            .entry(name.as_str().to_owned())
            .and_modify(|v| {
                v.push_str(", ");
                v.push_str(&text);
            })
            .or_insert(text);
    }
    RecordedRequest {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or("").to_owned(),
        headers,
        body: String::from_utf8_lossy(body).into_owned(),
        status: None,
    }
}

/// The absolute base URL for links, from the Host header.
pub(crate) fn api_base(state: &State, parts: &Parts) -> String {
    match parts
        .headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
    {
        Some(host) if !host.is_empty() && !host.contains(['/', ' ']) => format!("http://{host}"),
        _ => format!("http://{}", state.addr),
    }
}

async fn handle(
    state: Arc<State>,
    kill: Arc<Notify>,
    req: http::Request<Incoming>,
) -> Response<Body> {
    let started = Instant::now();
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_owned();
    let is_control = path == "/_simulator" || path.starts_with("/_simulator/");
    let body = match read_body(body, state.config.max_body_bytes).await {
        Ok(b) => b,
        Err(resp) => {
            // Still recorded (without the body) so recordings show every request.
            let record_id = (!is_control).then(|| {
                lock(&state.recorder).push(
                    record(&parts, &Bytes::new()),
                    state.config.max_recorded_requests,
                )
            });
            return finish(&state, &parts, resp, record_id, started);
        }
    };
    if is_control {
        let resp = crate::control::handle(&state, &parts, &body).await;
        return finish(&state, &parts, resp, None, started);
    }
    let record_id =
        lock(&state.recorder).push(record(&parts, &body), state.config.max_recorded_requests);
    let fault = {
        let mut faults = lock(&state.faults);
        if faults.is_empty() {
            None
        } else {
            faults.take(parts.method.as_str(), &path)
        }
    };
    if let Some(fault) = fault {
        match fault.action {
            FaultAction::Respond => {
                let body: Bytes = match fault.body_base64.as_deref().and_then(decode_base64) {
                    Some(bytes) => bytes.into(),
                    None => fault.body.clone().unwrap_or_else(default_fault_body).into(),
                };
                let mut resp = response(
                    fault.status.unwrap_or(500),
                    fault.content_type.as_deref().unwrap_or("application/json"),
                    body,
                );
                apply_headers(&mut resp, &fault);
                return finish(&state, &parts, resp, Some(record_id), started);
            }
            FaultAction::Delay => {
                tokio::time::sleep(Duration::from_millis(fault.delay_ms.unwrap_or(0))).await;
            }
            FaultAction::Hang => {
                log(&state, &parts, "hang", started);
                tokio::time::sleep(Duration::from_millis(fault.delay_ms.unwrap_or(600_000))).await;
                kill.notify_one();
                return std::future::pending().await;
            }
            FaultAction::Drop => {
                log(&state, &parts, "drop", started);
                kill.notify_one();
                return std::future::pending().await;
            }
            FaultAction::ResetMidBody => {
                let full = fault
                    .body
                    .clone()
                    .unwrap_or_else(default_fault_body)
                    .into_bytes();
                let full = if full.len() < 2 {
                    b"{\"status_code\": 500}".to_vec()
                } else {
                    full
                };
                let half = Bytes::from(full.get(..full.len() / 2).unwrap_or_default().to_vec());
                let body = ResetBody {
                    first: Some(half),
                    sleep: Box::pin(tokio::time::sleep(Duration::from_millis(50))),
                    kill: kill.clone(),
                };
                let mut resp = Response::new(body.boxed());
                *resp.status_mut() =
                    StatusCode::from_u16(fault.status.unwrap_or(200)).unwrap_or(StatusCode::OK);
                let ct = fault.content_type.as_deref().unwrap_or("application/json");
                if let Ok(v) = HeaderValue::from_str(ct) {
                    resp.headers_mut().insert(CONTENT_TYPE, v);
                }
                resp.headers_mut()
                    .insert(CONTENT_LENGTH, HeaderValue::from(full.len()));
                apply_headers(&mut resp, &fault);
                return finish(&state, &parts, resp, Some(record_id), started);
            }
            FaultAction::HugeBody => {
                let size = fault.body_bytes.unwrap_or(64 * 1024 * 1024);
                let body = HugeBody {
                    remaining: size,
                    chunk: Bytes::from(vec![b' '; 64 * 1024]),
                    announce: !fault.chunked,
                };
                let mut resp = Response::new(body.boxed());
                *resp.status_mut() =
                    StatusCode::from_u16(fault.status.unwrap_or(200)).unwrap_or(StatusCode::OK);
                let ct = fault.content_type.as_deref().unwrap_or("application/json");
                if let Ok(v) = HeaderValue::from_str(ct) {
                    resp.headers_mut().insert(CONTENT_TYPE, v);
                }
                apply_headers(&mut resp, &fault);
                return finish(&state, &parts, resp, Some(record_id), started);
            }
        }
    }
    let resp = crate::routes::dispatch(&state, &parts, body).await;
    finish(&state, &parts, resp, Some(record_id), started)
}

fn log(state: &State, parts: &Parts, outcome: &str, started: Instant) {
    if state.config.verbose {
        eprintln!(
            "{} {} {} {:.1}ms",
            parts.method,
            parts.uri,
            outcome,
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
}

fn finish(
    state: &State,
    parts: &Parts,
    mut resp: Response<Body>,
    record_id: Option<u64>,
    started: Instant,
) -> Response<Body> {
    if let Some(id) = record_id {
        lock(&state.recorder).set_status(id, resp.status().as_u16());
    }
    if let Ok(v) = HeaderValue::from_str(&http_date(state.clock.now_secs())) {
        resp.headers_mut().insert(DATE, v);
    }
    log(state, parts, resp.status().as_str(), started);
    resp
}

async fn serve_connection(stream: TcpStream, state: Arc<State>) {
    let kill = Arc::new(Notify::new());
    let svc_kill = kill.clone();
    let service = service_fn(move |req| {
        let state = state.clone();
        let kill = svc_kill.clone();
        async move { Ok::<_, Infallible>(handle(state, kill, req).await) }
    });
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = conn => {}
        _ = kill.notified() => {}
    }
}

/// Accepts connections until the task is aborted; aborting drops every
/// connection task with it.
pub(crate) async fn accept_loop(listener: TcpListener, state: Arc<State>) {
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        match listener.accept().await {
            Ok((stream, _peer)) => {
                let _ = stream.set_nodelay(true);
                connections.spawn(serve_connection(stream, state.clone()));
            }
            Err(_) => {
                // Out of file descriptors or similar: back off briefly.
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
}
