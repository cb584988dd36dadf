//! Callbacks (Notify → your service): delivery receipts and received texts.
//!
//! Each callback is a JSON `POST` with `Authorization: Bearer <token>`, sent
//! over a minimal HTTP/1.1 client on a raw `TcpStream` (http:// only). A
//! network error, 5xx or 429 is retried up to `callback_retries` times,
//! `callback_retry_backoff_ms` apart; other statuses end the delivery.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Which callback a delivery is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallbackKind {
    /// Delivery receipt for an email or text message.
    DeliveryReceipt,
    /// A received text message.
    ReceivedText,
}

/// The record of one callback delivery (all its attempts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallbackRecord {
    /// Kind of callback.
    pub kind: CallbackKind,
    /// Target URL.
    pub url: String,
    /// JSON body sent.
    pub payload: Value,
    /// Attempts made so far.
    pub attempts: u32,
    /// Status of the last attempt (`null` for a network error).
    pub last_status: Option<u16>,
    /// Error of the last attempt, if it failed at the network level.
    pub last_error: Option<String>,
    /// True once an attempt got a 2xx.
    pub delivered: bool,
    /// True once no more attempts will be made.
    pub finished: bool,
}

/// Callback deliveries, oldest first, bounded to the most recent 10,000.
#[derive(Debug, Default)]
pub struct CallbackLog {
    entries: std::collections::VecDeque<(u64, CallbackRecord)>,
    next: u64,
}

impl CallbackLog {
    const MAX: usize = 10_000;

    /// Adds a record and returns its id.
    pub fn push(&mut self, record: CallbackRecord) -> u64 {
        self.next += 1;
        self.entries.push_back((self.next, record));
        while self.entries.len() > Self::MAX {
            self.entries.pop_front();
        }
        self.next
    }

    /// Updates a record if it is still kept.
    pub fn update(&mut self, id: u64, f: impl FnOnce(&mut CallbackRecord)) {
        if let Ok(i) = self.entries.binary_search_by_key(&id, |(k, _)| *k) {
            if let Some((_, rec)) = self.entries.get_mut(i) {
                f(rec);
            }
        }
    }

    /// All records.
    pub fn all(&self) -> Vec<CallbackRecord> {
        self.entries.iter().map(|(_, r)| r.clone()).collect()
    }

    /// Forgets all records.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// Where and how to send callbacks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackSettings {
    /// Delivery-receipt URL.
    pub url: Option<String>,
    /// Delivery-receipt bearer token.
    pub token: Option<String>,
    /// Received-text URL.
    pub inbound_url: Option<String>,
    /// Received-text bearer token (falls back to `token`).
    pub inbound_token: Option<String>,
}

/// Checks a callback URL is an absolute `http://` URL with a host.
pub fn check_callback_url(raw: &str) -> Result<(), String> {
    let url = url::Url::parse(raw).map_err(|e| format!("invalid callback URL {raw:?}: {e}"))?;
    if url.scheme() != "http" {
        return Err(format!("callback URL {raw:?} must use http://"));
    }
    if url.host_str().is_none() {
        return Err(format!("callback URL {raw:?} has no host"));
    }
    Ok(())
}

/// The outcome of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// The server answered with this status.
    Status(u16),
    /// Connection, write, read or timeout failure.
    NetworkError(String),
}

impl Attempt {
    /// Whether Notify would retry after this outcome.
    pub fn should_retry(&self) -> bool {
        match self {
            Attempt::Status(s) => *s >= 500 || *s == 429,
            Attempt::NetworkError(_) => true,
        }
    }
}

/// Sends one JSON POST and returns the response status.
pub async fn post_json(url: &str, token: Option<&str>, body: &[u8], timeout: Duration) -> Attempt {
    match tokio::time::timeout(timeout, post_json_inner(url, token, body)).await {
        Ok(Ok(status)) => Attempt::Status(status),
        Ok(Err(e)) => Attempt::NetworkError(e),
        Err(_) => Attempt::NetworkError("timed out".into()),
    }
}

async fn post_json_inner(raw_url: &str, token: Option<&str>, body: &[u8]) -> Result<u16, String> {
    let url = url::Url::parse(raw_url).map_err(|e| e.to_string())?;
    let host = url.host_str().ok_or("no host")?.to_owned();
    let port = url.port_or_known_default().unwrap_or(80);
    let mut path = url.path().to_owned();
    if let Some(q) = url.query() {
        path.push('?');
        path.push_str(q);
    }
    let host_header = match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.clone(),
    };
    let connect_host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let mut stream = TcpStream::connect((connect_host.as_str(), port))
        .await
        .map_err(|e| e.to_string())?;
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: {host_header}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nUser-Agent: NOTIFY-SIMULATOR\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(token) = token {
        request.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    request.push_str("\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    stream.write_all(body).await.map_err(|e| e.to_string())?;
    stream.flush().await.map_err(|e| e.to_string())?;
    // Read until the status line is complete.
    let mut buf = Vec::with_capacity(256);
    let mut chunk = [0u8; 1024];
    loop {
        if let Some(pos) = buf.windows(2).position(|w| w == b"\r\n") {
            let line = String::from_utf8_lossy(buf.get(..pos).unwrap_or_default()).into_owned();
            let mut parts = line.split_whitespace();
            let version = parts.next().unwrap_or("");
            if !version.starts_with("HTTP/") {
                return Err(format!("not an HTTP response: {line:?}"));
            }
            return parts
                .next()
                .and_then(|s| s.parse::<u16>().ok())
                .ok_or_else(|| format!("bad status line: {line:?}"));
        }
        let n = stream.read(&mut chunk).await.map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed before a response".into());
        }
        buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
        if buf.len() > 16 * 1024 {
            return Err("status line too long".into());
        }
    }
}
