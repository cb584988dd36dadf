//! Shared helpers: a tiny HTTP/1.1 client over a raw TcpStream, token
//! builders and simulator start-up.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use govuk_notify_simulator::auth::create_token;
use govuk_notify_simulator::{Config, KeyKind, Simulator};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A parsed HTTP response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `(status, [(error, message)])` of a v2 error envelope.
    pub fn errors(&self) -> (u16, Vec<(String, String)>) {
        let v = self.json();
        assert_eq!(
            v["status_code"], self.status,
            "status_code matches HTTP status: {v}"
        );
        let errors = v["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("no errors array: {v}"))
            .iter()
            .map(|e| {
                (
                    e["error"].as_str().unwrap().to_owned(),
                    e["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        (self.status, errors)
    }
}

/// Expected `(status, [(error, message)])`.
pub fn expect_errors(status: u16, errors: &[(&str, &str)]) -> (u16, Vec<(String, String)>) {
    (
        status,
        errors
            .iter()
            .map(|(e, m)| ((*e).to_owned(), (*m).to_owned()))
            .collect(),
    )
}

pub fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Bearer header value for a full API key string.
pub fn bearer_for_key(api_key: &str) -> String {
    let secret = &api_key[api_key.len() - 36..];
    let service = &api_key[api_key.len() - 73..api_key.len() - 37];
    format!("Bearer {}", create_token(service, secret, now_secs()))
}

/// Sends one request (with `Connection: close`) and reads the whole response.
pub async fn raw_request(addr: SocketAddr, request: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.write_all(request).await?;
    let mut out = Vec::new();
    stream.read_to_end(&mut out).await?;
    Ok(out)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Parses a full HTTP/1.1 response (content-length, chunked or until EOF).
pub fn parse_response(raw: &[u8]) -> Resp {
    let head_end = find(raw, b"\r\n\r\n").expect("complete response head");
    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_owned()))
        .collect();
    let rest = &raw[head_end + 4..];
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        let mut body = Vec::new();
        let mut pos = 0;
        loop {
            let line_end = pos + find(&rest[pos..], b"\r\n").expect("chunk size line");
            let size = usize::from_str_radix(
                String::from_utf8_lossy(&rest[pos..line_end])
                    .split(';')
                    .next()
                    .unwrap()
                    .trim(),
                16,
            )
            .unwrap();
            pos = line_end + 2;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&rest[pos..pos + size]);
            pos += size + 2;
        }
        body
    } else if let Some((_, len)) = headers.iter().find(|(k, _)| k == "content-length") {
        let len: usize = len.parse().unwrap();
        assert!(rest.len() >= len, "body shorter than content-length");
        rest[..len].to_vec()
    } else {
        rest.to_vec()
    };
    Resp {
        status,
        headers,
        body,
    }
}

/// A request builder for the raw client.
pub struct Req {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Req {
    pub fn new(method: &str, path: &str) -> Req {
        Req {
            method: method.to_owned(),
            path: path.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn get(path: &str) -> Req {
        Req::new("GET", path)
    }

    pub fn post(path: &str, body: &Value) -> Req {
        Req::new("POST", path).raw_body(body.to_string().into_bytes())
    }

    pub fn header(mut self, name: &str, value: &str) -> Req {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Authorization with a fresh token for the full API key string.
    pub fn key(self, api_key: &str) -> Req {
        let bearer = bearer_for_key(api_key);
        self.header("Authorization", &bearer)
    }

    pub fn raw_body(mut self, body: Vec<u8>) -> Req {
        self.body = body;
        self
    }

    pub fn bytes(&self, addr: SocketAddr) -> Vec<u8> {
        let mut out = format!(
            "{} {} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.method,
            self.path,
            self.body.len()
        );
        if !self.body.is_empty() {
            out.push_str("Content-Type: application/json\r\n");
        }
        for (k, v) in &self.headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str("\r\n");
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }

    pub async fn send(&self, sim: &Simulator) -> Resp {
        let raw = tokio::time::timeout(
            Duration::from_secs(20),
            raw_request(sim.addr(), &self.bytes(sim.addr())),
        )
        .await
        .expect("response within 20 s")
        .expect("request succeeded");
        parse_response(&raw)
    }
}

/// Starts a simulator with immediate statuses and PDFs unless overridden.
pub async fn start_with(f: impl FnOnce(&mut Config)) -> Simulator {
    let mut config = Config {
        status_delay_ms: 0,
        pdf_delay_ms: 0,
        ..Config::default()
    };
    f(&mut config);
    Simulator::start(config).await.unwrap()
}

pub async fn start() -> Simulator {
    start_with(|_| {}).await
}

pub fn test_key(sim: &Simulator) -> String {
    sim.api_key(KeyKind::Test)
}

/// POST with the test key.
pub async fn post(sim: &Simulator, path: &str, body: &Value) -> Resp {
    Req::post(path, body).key(&test_key(sim)).send(sim).await
}

/// GET with the test key.
pub async fn get(sim: &Simulator, path: &str) -> Resp {
    Req::get(path).key(&test_key(sim)).send(sim).await
}
