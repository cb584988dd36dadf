//! Delivery-receipt and received-text callbacks to a tiny local receiver,
//! including retries after failures.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{post, start_with, Req};
use govuk_notify_simulator::templates::{EMAIL_TEMPLATE_ID, SMS_TEMPLATE_ID};
use govuk_notify_simulator::{CallbackSettings, Simulator};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    request_line: String,
    headers: Vec<(String, String)>,
    body: Value,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A receiver answering with the given statuses in turn (then 200).
async fn receiver(statuses: Vec<u16>) -> (SocketAddr, mpsc::UnboundedReceiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = mpsc::unbounded_channel();
    let statuses = Arc::new(Mutex::new(statuses.into_iter()));
    tokio::spawn(async move {
        loop {
            let (mut stream, _) = listener.accept().await.unwrap();
            let tx = tx.clone();
            let status = statuses.lock().unwrap().next().unwrap_or(200);
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    let n = stream.read(&mut chunk).await.unwrap();
                    assert!(n > 0, "request ended early");
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break pos;
                    }
                };
                let head = String::from_utf8(buf[..head_end].to_vec()).unwrap();
                let mut lines = head.split("\r\n");
                let request_line = lines.next().unwrap().to_owned();
                let headers: Vec<(String, String)> = lines
                    .filter_map(|l| l.split_once(':'))
                    .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                    .collect();
                let len: usize = headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                    .map(|(_, v)| v.parse().unwrap())
                    .unwrap_or(0);
                while buf.len() < head_end + 4 + len {
                    let n = stream.read(&mut chunk).await.unwrap();
                    assert!(n > 0, "body ended early");
                    buf.extend_from_slice(&chunk[..n]);
                }
                let body = serde_json::from_slice(&buf[head_end + 4..head_end + 4 + len]).unwrap();
                let response = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                stream.write_all(response.as_bytes()).await.unwrap();
                let _ = tx.send(Received {
                    request_line,
                    headers,
                    body,
                });
            });
        }
    });
    (addr, rx)
}

async fn next(rx: &mut mpsc::UnboundedReceiver<Received>) -> Received {
    tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("callback within 10 s")
        .expect("receiver running")
}

async fn sim_with_callbacks(addr: SocketAddr, delay_ms: u64) -> Simulator {
    start_with(|c| {
        c.status_delay_ms = delay_ms;
        c.callback_url = Some(format!("http://{addr}/receipts?source=notify"));
        c.callback_token = Some("secret-token".into());
        c.callback_retry_backoff_ms = 50;
        c.callback_retries = 3;
    })
    .await
}

#[tokio::test]
async fn delivery_receipt_is_posted_when_the_status_is_final() {
    let (addr, mut rx) = receiver(vec![]).await;
    let sim = sim_with_callbacks(addr, 150).await;
    let sent = post(
        &sim,
        "/v2/notifications/sms",
        &json!({"phone_number": "07700900003", "template_id": SMS_TEMPLATE_ID,
                 "personalisation": {"name": "x"}, "reference": "cb-ref"}),
    )
    .await
    .json();
    let got = next(&mut rx).await;
    assert_eq!(got.request_line, "POST /receipts?source=notify HTTP/1.1");
    assert_eq!(got.header("authorization"), Some("Bearer secret-token"));
    assert_eq!(got.header("content-type"), Some("application/json"));
    let body = got.body;
    assert_eq!(body["id"], sent["id"]);
    assert_eq!(body["reference"], "cb-ref");
    assert_eq!(body["to"], "07700900003");
    assert_eq!(body["status"], "temporary-failure");
    assert_eq!(body["notification_type"], "sms");
    assert_eq!(body["template_id"], SMS_TEMPLATE_ID);
    assert_eq!(body["template_version"], 1);
    assert!(
        body["template_version"].is_u64(),
        "template_version is a number"
    );
    for key in ["created_at", "completed_at", "sent_at"] {
        let ts = body[key].as_str().unwrap();
        assert!(ts.ends_with('Z') && ts.len() == 27, "{key}: {ts}");
    }
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 10, "{keys:?}");
    // Smoke-test recipients never get a receipt; letters do not either.
    post(
        &sim,
        "/v2/notifications/sms",
        &json!({"phone_number": "07700900000", "template_id": SMS_TEMPLATE_ID, "personalisation": {"name": "x"}}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(rx.try_recv().is_err(), "no receipt for smoke tests");
    let log = sim.callbacks();
    assert_eq!(log.len(), 1);
    assert!(log[0].delivered && log[0].finished);
    assert_eq!(log[0].attempts, 1);
}

#[tokio::test]
async fn failed_callbacks_are_retried() {
    let (addr, mut rx) = receiver(vec![500, 429, 200]).await;
    let sim = sim_with_callbacks(addr, 0).await;
    post(
        &sim,
        "/v2/notifications/email",
        &json!({"email_address": "a@example.com", "template_id": EMAIL_TEMPLATE_ID, "personalisation": {"name": "x"}}),
    )
    .await;
    let first = next(&mut rx).await;
    let second = next(&mut rx).await;
    let third = next(&mut rx).await;
    assert_eq!(first.body, second.body);
    assert_eq!(second.body, third.body);
    assert_eq!(third.body["status"], "delivered");
    assert_eq!(third.body["notification_type"], "email");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(rx.try_recv().is_err(), "no attempts after a 200");
    let log = sim.callbacks();
    assert_eq!(
        (log[0].attempts, log[0].delivered, log[0].last_status),
        (3, true, Some(200))
    );
}

#[tokio::test]
async fn client_errors_are_not_retried_and_retries_are_bounded() {
    let (addr, mut rx) = receiver(vec![400]).await;
    let sim = sim_with_callbacks(addr, 0).await;
    let body = json!({"phone_number": "07700900123", "template_id": SMS_TEMPLATE_ID, "personalisation": {"name": "x"}});
    post(&sim, "/v2/notifications/sms", &body).await;
    next(&mut rx).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(rx.try_recv().is_err(), "a 400 is final");
    let log = sim.callbacks();
    assert_eq!(
        (log[0].attempts, log[0].delivered, log[0].finished),
        (1, false, true)
    );

    // Nobody listening: 1 attempt + 3 retries, then give up.
    let dead = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead_addr = dead.local_addr().unwrap();
    drop(dead);
    sim.set_callbacks(CallbackSettings {
        url: Some(format!("http://{dead_addr}/")),
        token: None,
        ..CallbackSettings::default()
    });
    post(&sim, "/v2/notifications/sms", &body).await;
    let mut finished = None;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let log = sim.callbacks();
        if log.len() == 2 && log[1].finished {
            finished = Some(log[1].clone());
            break;
        }
    }
    let rec = finished.expect("delivery gave up");
    assert_eq!(rec.attempts, 4);
    assert!(!rec.delivered);
    assert!(rec.last_error.is_some());
}

#[tokio::test]
async fn received_texts_trigger_the_inbound_callback() {
    let (addr, mut rx) = receiver(vec![]).await;
    let sim = start_with(|c| {
        c.inbound_callback_url = Some(format!("http://{addr}/inbound"));
        c.inbound_callback_token = Some("inbound-token".into());
    })
    .await;
    let r = Req::post(
        "/_simulator/received-texts",
        &json!([{"user_number": "447700900123", "content": "Hello Notify!"}]),
    )
    .send(&sim)
    .await;
    assert_eq!(r.status, 201);
    let id = r.json()["received_text_messages"][0]["id"].clone();
    let got = next(&mut rx).await;
    assert_eq!(got.request_line, "POST /inbound HTTP/1.1");
    assert_eq!(got.header("authorization"), Some("Bearer inbound-token"));
    assert_eq!(got.body["id"], id);
    assert_eq!(got.body["source_number"], "447700900123");
    assert_eq!(got.body["destination_number"], "07700900456");
    assert_eq!(got.body["message"], "Hello Notify!");
    assert!(got.body["date_received"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn callbacks_can_be_configured_through_the_control_api() {
    let (addr, mut rx) = receiver(vec![]).await;
    let sim = start_with(|c| c.status_delay_ms = 0).await;
    let r = Req::post(
        "/_simulator/callbacks",
        &json!({"url": format!("http://{addr}/cb"), "token": "t0k"}),
    )
    .send(&sim)
    .await;
    assert_eq!(r.status, 200);
    let r = Req::post(
        "/_simulator/callbacks",
        &json!({"url": "https://example.com/cb"}),
    )
    .send(&sim)
    .await;
    assert_eq!(r.status, 400, "only http:// is supported");
    post(
        &sim,
        "/v2/notifications/sms",
        &json!({"phone_number": "07700900123", "template_id": SMS_TEMPLATE_ID, "personalisation": {"name": "x"}}),
    )
    .await;
    let got = next(&mut rx).await;
    assert_eq!(got.header("authorization"), Some("Bearer t0k"));
    let log = Req::get("/_simulator/callbacks/log")
        .send(&sim)
        .await
        .json();
    assert_eq!(log[0]["kind"], "delivery_receipt");
}
