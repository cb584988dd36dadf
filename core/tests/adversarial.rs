//! Regressions for the defects adversarial testing found (issue #14), each named after its case,
//! against scripted servers on 127.0.0.1 written here: long filters, deep JSON, invalid UTF-8,
//! SOCKS proxies, 429s that are not Notify's rate limit, a TLS handshake that never completes,
//! and a 5xx announcing a 10 GB body. The same cases run through C, Python and Node in the fault
//! matrix (tests/faults/cells.json) and the TLS/proxy tests of each binding.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use govuk_notify::requests::*;
use govuk_notify::{Client, ErrorKind, RetryPolicy, MAX_JSON_DEPTH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const KEY: &str = "k-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";
const TID: &str = "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const TEMPLATE: &str = r#"{"id":"8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","name":"t","type":"sms","created_at":"2024-01-01T00:00:00.000000Z","updated_at":null,"created_by":"a@b.c","version":1,"body":"hi","subject":null,"letter_contact_block":null,"postage":null}"#;

/// A server answering every request with `reply` (raw bytes, head and body), counting requests.
struct Server {
    url: String,
    requests: Arc<AtomicUsize>,
}

async fn read_head(sock: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            buf.truncate(i + 4);
            return Some(buf);
        }
        match sock.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

async fn server(reply: Vec<u8>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let (reply, counter) = (reply.clone(), counter.clone());
            tokio::spawn(async move {
                // GETs only: no request body to read.
                while read_head(&mut sock).await.is_some() {
                    counter.fetch_add(1, Ordering::SeqCst);
                    if sock.write_all(&reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    Server { url, requests }
}

fn reply(status: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn client(url: &str) -> Client {
    Client::builder(KEY)
        .base_url(url)
        .retry_policy(RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap()
}

/// `{"a": [[[…]]]}` with `depth` levels of nesting in all.
fn nested(depth: usize) -> String {
    format!(
        r#"{{"a":{}{}}}"#,
        "[".repeat(depth - 1),
        "]".repeat(depth - 1)
    )
}

#[tokio::test]
async fn long_reference_filter_65536_chars_is_an_argument_error_and_nothing_is_sent() {
    let s = server(reply("200 OK", br#"{"notifications":[],"links":{}}"#)).await;
    let filter = ListNotifications {
        reference: Some("r".repeat(65_536)),
        ..ListNotifications::default()
    };
    let e = client(&s.url)
        .list_notifications(&filter)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Argument, "{e:?}");
    assert_eq!(e.field(), Some("reference"));
    assert!(!e.is_retryable() && !e.may_have_reached_server());
    // The pager refuses it the same way.
    let mut pager = client(&s.url).notifications(filter);
    let e = pager.next_page().await.unwrap_err();
    assert_eq!(e.field(), Some("reference"));
    let many = ListNotifications {
        status: vec!["delivered".into(); 20_000],
        ..ListNotifications::default()
    };
    let e = client(&s.url).list_notifications(&many).await.unwrap_err();
    assert_eq!(e.field(), Some("status"), "{e:?}");
    assert_eq!(s.requests.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_url_that_cannot_be_sent_is_an_argument_error_never_a_retried_transport_error() {
    let s = server(reply("200 OK", b"{}")).await;
    let c = client(&s.url);
    // A hand-built request (as a binding could make) with a query no field rule bounds.
    let mut req = GetTemplate {
        template_id: TID.into(),
    }
    .to_http()
    .unwrap();
    req.query.push(("x", "y".repeat(70_000)));
    let e = c.execute(&req).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Argument, "{e:?}");
    assert_eq!(e.field(), Some("url"));
    assert!(!e.is_retryable() && !e.may_have_reached_server());
    assert_eq!(s.requests.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn json_nested_1000_deep_is_invalid_response_on_200_and_text_on_errors() {
    let deep = nested(1000);
    let s = server(reply("200 OK", deep.as_bytes())).await;
    for raw in [false, true] {
        let req = GetTemplate {
            template_id: TID.into(),
        }
        .to_http()
        .unwrap();
        let c = client(&s.url);
        let r = if raw {
            // execute_raw leaves parsing to the binding, whose decoder has the same limit.
            c.execute_raw(&req)
                .await
                .unwrap()
                .parse::<serde_json::Value>()
        } else {
            c.execute(&req).await.map(|_| serde_json::Value::Null)
        };
        let e = r.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidResponse, "raw={raw}: {e:?}");
        assert!(!e.body_is_json());
    }
    // At the limit it is accepted.
    let at_limit = server(reply("200 OK", nested(MAX_JSON_DEPTH).as_bytes())).await;
    let req = GetTemplate {
        template_id: TID.into(),
    }
    .to_http()
    .unwrap();
    assert!(client(&at_limit.url).execute(&req).await.is_ok());

    for (status, kind) in [
        ("400 Bad Request", ErrorKind::Validation),
        ("500 Internal Server Error", ErrorKind::Server),
    ] {
        let s = server(reply(status, deep.as_bytes())).await;
        let e = client(&s.url).get_template(TID).await.unwrap_err();
        assert_eq!(e.kind(), kind, "{e:?}");
        assert!(!e.body_is_json(), "the bindings must not parse it");
        assert!(e.message().contains("non-JSON"), "{}", e.message());
    }
    let ok_error = server(reply(
        "400 Bad Request",
        br#"{"errors":[{"error":"ValidationError","message":"m"}]}"#,
    ))
    .await;
    assert!(client(&ok_error.url)
        .get_template(TID)
        .await
        .unwrap_err()
        .body_is_json());
}

#[tokio::test]
async fn a_200_body_with_invalid_utf8_is_invalid_response_for_every_binding() {
    let mut body = TEMPLATE.as_bytes().to_vec();
    // Inside the "name" string: "t" becomes the byte 0xff.
    let at = TEMPLATE.find(r#""name":"t""#).unwrap() + 8;
    body[at] = 0xff;
    let s = server(reply("200 OK", &body)).await;
    let req = GetTemplate {
        template_id: TID.into(),
    }
    .to_http()
    .unwrap();
    let c = client(&s.url);
    // execute (the C ABI and Node) and execute_raw (Python) apply the same rule.
    let e = c.execute(&req).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidResponse, "{e:?}");
    let e = c.execute_raw(&req).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidResponse, "{e:?}");
    // e.body() is decoded lossily and would parse; the body as received is not JSON.
    assert!(!e.body_is_json());
    assert_eq!(s.requests.load(Ordering::SeqCst), 2, "never retried");
}

#[tokio::test]
async fn a_429_that_is_not_notifys_rate_limit_is_an_http_error_and_not_retried() {
    for body in [
        &b"<html><body>Too Many Requests</body></html>"[..],
        &br#"{"errors":[{"error":"SlowDown","message":"m"}]}"#[..],
    ] {
        let s = server(reply("429 Too Many Requests", body)).await;
        let e = client(&s.url).get_template(TID).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Http, "{e:?}");
        assert_eq!(e.status(), Some(429));
        assert!(!e.is_retryable());
        assert_eq!(s.requests.load(Ordering::SeqCst), 1);
    }
}

#[tokio::test]
async fn a_500_announcing_10_gb_is_a_retryable_server_error() {
    let head = b"HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ncontent-length: 10737418240\r\n\r\n{\"errors\":".to_vec();
    let s = server(head).await;
    let e = client(&s.url).get_template(TID).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server, "{e:?}");
    assert_eq!(e.status(), Some(500));
    assert!(e.is_retryable());
    assert_eq!(s.requests.load(Ordering::SeqCst), 3, "retried like any 5xx");
    // A 200 announcing the same is still refused by its size.
    let ok = server(b"HTTP/1.1 200 OK\r\ncontent-length: 10737418240\r\n\r\n{".to_vec()).await;
    let e = client(&ok.url).get_template(TID).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidResponse);
}

#[tokio::test]
async fn a_tls_handshake_that_never_completes_was_never_sent() {
    // Accepts TCP connections and never says a word: the ClientHello gets no answer.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let held = Arc::new(std::sync::Mutex::new(Vec::new()));
    let keep = held.clone();
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            keep.lock().unwrap().push(sock);
        }
    });
    let c = Client::builder(KEY)
        .base_url(&url)
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    for send in [true, false] {
        let e = if send {
            c.send_sms(&SendSms::new("07700900123", TID)).await
        } else {
            c.get_template(TID).await.map(|_| unreachable!())
        }
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Timeout, "{e:?}");
        assert!(!e.may_have_reached_server(), "send={send}: {e:?}");
        assert!(e.is_retryable(), "nothing was sent, so repeating is safe");
    }
}

/// A SOCKS5 proxy (no authentication, CONNECT only) that connects every request to `target`
/// whatever address it names, counting the connections it made.
async fn socks5_proxy(target: String) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let used = Arc::new(AtomicUsize::new(0));
    let count = used.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let (target, count) = (target.clone(), count.clone());
            tokio::spawn(async move {
                let mut greeting = [0u8; 2];
                client.read_exact(&mut greeting).await.ok()?;
                let mut methods = vec![0u8; usize::from(greeting[1])];
                client.read_exact(&mut methods).await.ok()?;
                client.write_all(&[5, 0]).await.ok()?;
                let mut head = [0u8; 4];
                client.read_exact(&mut head).await.ok()?;
                let skip = match head[3] {
                    1 => 4,
                    4 => 16,
                    _ => {
                        let mut n = [0u8; 1];
                        client.read_exact(&mut n).await.ok()?;
                        usize::from(n[0])
                    }
                };
                let mut rest = vec![0u8; skip + 2];
                client.read_exact(&mut rest).await.ok()?;
                let mut upstream = TcpStream::connect(&target).await.ok()?;
                count.fetch_add(1, Ordering::SeqCst);
                client
                    .write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 0])
                    .await
                    .ok()?;
                tokio::io::copy_bidirectional(&mut client, &mut upstream)
                    .await
                    .ok()
            });
        }
    });
    (addr, used)
}

#[tokio::test]
async fn socks5_and_socks5h_proxies_carry_requests() {
    let s = server(reply("200 OK", TEMPLATE.as_bytes())).await;
    let target = s.url.trim_start_matches("http://").to_owned();
    let (proxy, used) = socks5_proxy(target).await;
    for scheme in ["socks5", "socks5h"] {
        let c = Client::builder(KEY)
            .base_url(&s.url)
            .proxy(format!("{scheme}://{proxy}"))
            .build()
            .unwrap();
        let t = c.get_template(TID).await.unwrap();
        assert_eq!(t.id, TID);
    }
    assert_eq!(used.load(Ordering::SeqCst), 2);
    assert_eq!(s.requests.load(Ordering::SeqCst), 2);
}

#[test]
fn a_proxy_scheme_the_client_cannot_use_is_refused_at_construction() {
    let e = Client::builder(KEY)
        .proxy("gopher://127.0.0.1:1080")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Argument);
    assert_eq!(e.field(), Some("proxy"));
    assert!(e.message().contains("gopher"), "{}", e.message());
}

#[tokio::test]
async fn a_call_whose_last_attempt_never_got_through_still_reports_an_earlier_one_that_did() {
    // Answers one request with a 500 and closes: the retry meets a refused connection.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        drop(listener);
        let _ = read_head(&mut sock).await;
        let _ = sock
            .write_all(b"HTTP/1.1 500 Internal Server Error\r\nconnection: close\r\ncontent-length: 0\r\n\r\n")
            .await;
    });
    let c = Client::builder(KEY)
        .base_url(&url)
        .retry_policy(RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
            retry_sends: true,
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    let e = c
        .send_sms(&SendSms::new("07700900123", TID))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e:?}");
    assert!(
        e.may_have_reached_server(),
        "the first attempt reached Notify: repeating the send could duplicate it"
    );
    assert!(!e.is_retryable());
}
