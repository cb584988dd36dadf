//! Fault injection (every action), request recording, the clock offset and
//! the rest of the control API, checked with a raw TcpStream.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use common::{bearer_for_key, get, parse_response, start, test_key, Req};
use govuk_notify_simulator::templates::SMS_TEMPLATE_ID;
use govuk_notify_simulator::{Fault, FaultAction, Simulator};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn control(sim: &Simulator, method: &str, path: &str, body: Option<Value>) -> common::Resp {
    let mut req = Req::new(method, path);
    if let Some(b) = body {
        req = req.raw_body(b.to_string().into_bytes());
    }
    req.send(sim).await
}

fn templates_request(sim: &Simulator) -> Vec<u8> {
    Req::get("/v2/templates")
        .header("Authorization", &bearer_for_key(&test_key(sim)))
        .bytes(sim.addr())
}

/// Sends a request and reads until EOF or `limit`, returning what arrived.
async fn read_raw(sim: &Simulator, request: &[u8], limit: Duration) -> (Vec<u8>, bool) {
    let mut stream = TcpStream::connect(sim.addr()).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut out = Vec::new();
    let result = tokio::time::timeout(limit, stream.read_to_end(&mut out)).await;
    let reached_eof = matches!(result, Ok(Ok(_)));
    (out, reached_eof)
}

#[tokio::test]
async fn respond_counts_down_and_is_recorded() {
    let sim = start().await;
    let r = control(
        &sim,
        "POST",
        "/_simulator/faults",
        Some(
            json!({"method": "GET", "path_prefix": "/v2/templates", "status": 503,
                    "body": "<html>down</html>", "content_type": "text/html",
                    "headers": {"Retry-After": "7"}, "action": "respond", "times": 2}),
        ),
    )
    .await;
    assert_eq!(r.status, 201);
    for _ in 0..2 {
        let r = Req::get("/v2/templates").send(&sim).await;
        assert_eq!(r.status, 503);
        assert_eq!(r.body, b"<html>down</html>");
        assert_eq!(r.header("content-type"), Some("text/html"));
        assert_eq!(r.header("retry-after"), Some("7"));
    }
    // Used up: the request reaches the API (and fails authentication).
    assert_eq!(Req::get("/v2/templates").send(&sim).await.status, 401);
    // Method and path must match.
    sim.add_fault(
        Fault::new(FaultAction::Respond)
            .method("POST")
            .path_prefix("/v2/notifications")
            .status(500),
    );
    assert_eq!(get(&sim, "/v2/notifications").await.status, 200);
    let r = Req::post("/v2/notifications/sms", &json!({}))
        .send(&sim)
        .await;
    assert_eq!(r.status, 500);
    assert_eq!(
        r.json(),
        json!({"status_code": 500, "errors": [{"error": "Exception", "message": "Internal server error"}]})
    );
    let statuses: Vec<Option<u16>> = sim.requests().iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [Some(503), Some(503), Some(401), Some(200), Some(500)]
    );
}

#[tokio::test]
async fn faults_without_times_stay_until_cleared() {
    let sim = start().await;
    let r = control(
        &sim,
        "POST",
        "/_simulator/faults",
        Some(json!([{"action": "respond", "status": 502, "times": null}])),
    )
    .await;
    assert_eq!(r.json()["faults"].as_array().unwrap().len(), 1);
    for _ in 0..3 {
        assert_eq!(Req::get("/v2/templates").send(&sim).await.status, 502);
    }
    let listed = control(&sim, "GET", "/_simulator/faults", None)
        .await
        .json();
    assert_eq!(listed["faults"][0]["status"], 502);
    assert_eq!(
        control(&sim, "DELETE", "/_simulator/faults", None)
            .await
            .status,
        200
    );
    assert_eq!(Req::get("/v2/templates").send(&sim).await.status, 401);
    // Control requests are never faulted or recorded.
    sim.add_fault(Fault::new(FaultAction::Drop).times(None));
    assert_eq!(
        control(&sim, "GET", "/_simulator/health", None)
            .await
            .json(),
        json!({"status": "ok"})
    );
    sim.clear_faults();
    assert!(sim
        .requests()
        .iter()
        .all(|r| !r.path.starts_with("/_simulator")));
    // Invalid faults are refused.
    for bad in [
        json!({"action": "explode"}),
        json!({"times": 0}),
        json!({"action": "delay"}),
    ] {
        let r = control(&sim, "POST", "/_simulator/faults", Some(bad.clone())).await;
        assert_eq!(r.status, 400, "{bad}");
    }
}

#[tokio::test]
async fn delay_then_answer_normally() {
    let sim = start().await;
    sim.add_fault(Fault::new(FaultAction::Delay).delay_ms(300));
    let started = Instant::now();
    let r = get(&sim, "/v2/templates").await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["templates"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn hang_never_answers_until_the_client_gives_up() {
    let sim = start().await;
    sim.add_fault(Fault::new(FaultAction::Hang));
    let started = Instant::now();
    let (bytes, eof) = read_raw(&sim, &templates_request(&sim), Duration::from_millis(400)).await;
    assert!(!eof, "connection must stay open");
    assert!(bytes.is_empty(), "no response bytes");
    assert!(started.elapsed() >= Duration::from_millis(400));
    // The next request is served normally.
    assert_eq!(get(&sim, "/v2/templates").await.status, 200);
    let recorded = sim.requests();
    assert_eq!(recorded[0].status, None);
    assert_eq!(recorded[1].status, Some(200));
}

#[tokio::test]
async fn hang_with_a_limit_closes_the_connection() {
    let sim = start().await;
    sim.add_fault(Fault::new(FaultAction::Hang).delay_ms(200));
    let (bytes, eof) = read_raw(&sim, &templates_request(&sim), Duration::from_secs(5)).await;
    assert!(eof && bytes.is_empty());
}

#[tokio::test]
async fn drop_closes_without_a_response() {
    let sim = start().await;
    sim.add_fault(Fault::new(FaultAction::Drop).path_prefix("/v2/templates"));
    let (bytes, eof) = read_raw(&sim, &templates_request(&sim), Duration::from_secs(5)).await;
    assert!(eof, "connection closed");
    assert!(
        bytes.is_empty(),
        "got {:?}",
        String::from_utf8_lossy(&bytes)
    );
    assert_eq!(sim.requests()[0].status, None);
    assert_eq!(get(&sim, "/v2/templates").await.status, 200);
}

#[tokio::test]
async fn reset_mid_body_sends_a_truncated_response() {
    let sim = start().await;
    let body = json!({"templates": [], "padding": "x".repeat(200)}).to_string();
    sim.add_fault(
        Fault::new(FaultAction::ResetMidBody)
            .status(200)
            .body(&body, "application/json"),
    );
    let (bytes, eof) = read_raw(&sim, &templates_request(&sim), Duration::from_secs(5)).await;
    assert!(eof, "connection closed");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, received) = text.split_once("\r\n\r\n").expect("headers were sent");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_lowercase()
            .contains(&format!("content-length: {}", body.len())),
        "{head}"
    );
    assert!(
        !received.is_empty() && received.len() < body.len(),
        "{} of {}",
        received.len(),
        body.len()
    );
    assert!(body.starts_with(received));
}

#[tokio::test]
async fn huge_body_streams_the_requested_size() {
    let sim = start().await;
    let size = 8 * 1024 * 1024;
    sim.add_fault(
        Fault::new(FaultAction::HugeBody)
            .status(500)
            .body_bytes(size),
    );
    let (bytes, eof) = read_raw(&sim, &templates_request(&sim), Duration::from_secs(30)).await;
    assert!(eof);
    let response = parse_response(&bytes);
    assert_eq!(response.status, 500);
    assert_eq!(response.body.len() as u64, size);

    // A client that gives up early does not disturb the server.
    sim.add_fault(Fault::new(FaultAction::HugeBody));
    let mut stream = TcpStream::connect(sim.addr()).await.unwrap();
    stream.write_all(&templates_request(&sim)).await.unwrap();
    let mut buf = vec![0u8; 64 * 1024];
    let n = stream.read(&mut buf).await.unwrap();
    assert!(n > 0);
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    drop(stream);
    assert_eq!(get(&sim, "/v2/templates").await.status, 200);
}

/// Splits a raw HTTP/1.1 response into its lower-cased head and its body with
/// the chunked transfer coding removed; panics on a malformed chunk.
fn dechunk(raw: &[u8]) -> (String, Vec<u8>) {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let mut rest = &raw[split + 4..];
    let mut body = Vec::new();
    loop {
        let eol = rest.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&rest[..eol]).unwrap().trim(), 16).unwrap();
        rest = &rest[eol + 2..];
        if size == 0 {
            assert!(
                rest.starts_with(b"\r\n"),
                "chunked body ends with an empty trailer"
            );
            return (head, body);
        }
        body.extend_from_slice(&rest[..size]);
        assert_eq!(&rest[size..size + 2], b"\r\n");
        rest = &rest[size + 2..];
    }
}

#[tokio::test]
async fn huge_body_chunked_has_no_content_length() {
    let sim = start().await;
    let size: u64 = 3 * 1024 * 1024 + 17; // not a multiple of the 64 KiB chunk
    sim.add_fault(
        Fault::new(FaultAction::HugeBody)
            .body_bytes(size)
            .chunked(true),
    );
    let (bytes, eof) = read_raw(&sim, &templates_request(&sim), Duration::from_secs(30)).await;
    assert!(eof);
    let (head, body) = dechunk(&bytes);
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("\r\ntransfer-encoding: chunked"), "{head}");
    assert!(!head.contains("content-length"), "{head}");
    assert_eq!(body.len() as u64, size);
    assert!(body.iter().all(|b| *b == b' '));

    // Through the control API, as the cross-language tests set it.
    let r = control(
        &sim,
        "POST",
        "/_simulator/faults",
        Some(json!({"action": "huge_body", "body_bytes": 1000, "chunked": true, "status": 502, "times": 1})),
    )
    .await;
    assert!(r.status < 300, "{}", r.status);
    let (bytes, _) = read_raw(&sim, &templates_request(&sim), Duration::from_secs(30)).await;
    let (head, body) = dechunk(&bytes);
    assert!(head.starts_with("http/1.1 502"), "{head}");
    assert_eq!(body.len(), 1000);

    // `chunked` is refused on other actions.
    let r = control(
        &sim,
        "POST",
        "/_simulator/faults",
        Some(json!({"action": "respond", "chunked": true})),
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(get(&sim, "/v2/templates").await.status, 200);
}

#[tokio::test]
async fn requests_are_recorded_verbatim() {
    let sim = start().await;
    let body = r#"{"phone_number": "07700900123", "template_id": "x"}"#;
    let r = Req::new("POST", "/v2/notifications/sms?a=1&b=%20")
        .header("X-Custom", "one")
        .header("X-Custom", "two")
        .header("User-Agent", "NOTIFY-API-TEST/1.0")
        .raw_body(body.as_bytes().to_vec())
        .send(&sim)
        .await;
    assert_eq!(r.status, 401);
    let recorded = control(&sim, "GET", "/_simulator/requests", None)
        .await
        .json();
    assert_eq!(recorded.as_array().unwrap().len(), 1);
    let rec = &recorded[0];
    assert_eq!(rec["method"], "POST");
    assert_eq!(rec["path"], "/v2/notifications/sms");
    assert_eq!(rec["query"], "a=1&b=%20");
    assert_eq!(rec["body"], body);
    assert_eq!(rec["status"], 401);
    assert_eq!(rec["headers"]["x-custom"], "one, two");
    assert_eq!(rec["headers"]["user-agent"], "NOTIFY-API-TEST/1.0");
    assert_eq!(rec["headers"]["content-type"], "application/json");
    assert_eq!(
        control(&sim, "DELETE", "/_simulator/requests", None)
            .await
            .status,
        200
    );
    assert!(sim.requests().is_empty());
}

#[tokio::test]
async fn clock_offset_moves_the_date_header_and_token_window() {
    let sim = start().await;
    let plain = get(&sim, "/v2/templates").await;
    assert_eq!(plain.status, 200);
    let r = control(
        &sim,
        "POST",
        "/_simulator/clock",
        Some(json!({"offset_secs": 45})),
    )
    .await;
    assert_eq!(r.json()["offset_secs"], 45.0);
    let skewed = get(&sim, "/v2/templates").await;
    assert_eq!(
        skewed.errors(),
        common::expect_errors(
            403,
            &[(
                "AuthError",
                "Error: Your system clock must be accurate to within 30 seconds"
            )]
        )
    );
    let parse_date = |d: &str| -> i64 {
        // "Tue, 24 Nov 2026 14:52:38 GMT": compare seconds within the day.
        let time = d.split_whitespace().nth(4).unwrap();
        let parts: Vec<i64> = time.split(':').map(|p| p.parse().unwrap()).collect();
        parts[0] * 3600 + parts[1] * 60 + parts[2]
    };
    let diff = (parse_date(skewed.header("date").unwrap())
        - parse_date(plain.header("date").unwrap()))
    .rem_euclid(86_400);
    assert!((44..=47).contains(&diff), "Date moved by {diff} s");
    let clock = control(&sim, "GET", "/_simulator/clock", None).await.json();
    assert_eq!(clock["offset_secs"], 45.0);
    sim.set_clock_offset(-25);
    assert_eq!(get(&sim, "/v2/templates").await.status, 200);
    let r = control(
        &sim,
        "POST",
        "/_simulator/clock",
        Some(json!({"offset": 1})),
    )
    .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn reset_clears_runtime_state() {
    let sim = start().await;
    let r = common::post(
        &sim,
        "/v2/notifications/sms",
        &json!({"phone_number": "07700900123", "template_id": SMS_TEMPLATE_ID, "personalisation": {"name": "x"}}),
    )
    .await;
    assert_eq!(r.status, 201);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let raw = control(
        &sim,
        "GET",
        &format!("/_simulator/notifications/{id}"),
        None,
    )
    .await
    .json();
    assert_eq!(raw["key_type"], "test");
    assert_eq!(raw["final_status"], "delivered");
    let seeded = control(
        &sim,
        "POST",
        "/_simulator/received-texts",
        Some(json!({"count": 3})),
    )
    .await;
    assert_eq!(seeded.status, 201);
    assert_eq!(
        seeded.json()["received_text_messages"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    sim.add_fault(
        Fault::new(FaultAction::Respond)
            .path_prefix("/nothing")
            .times(None),
    );
    sim.set_clock_offset(100);
    assert_eq!(
        control(&sim, "POST", "/_simulator/reset", Some(json!({})))
            .await
            .status,
        200
    );
    assert_eq!(sim.notification_count(), 0);
    assert!(sim.requests().is_empty());
    assert_eq!(
        control(&sim, "GET", "/_simulator/faults", None)
            .await
            .json()["faults"],
        json!([])
    );
    assert_eq!(
        get(&sim, "/v2/received-text-messages").await.json()["received_text_messages"],
        json!([])
    );
    assert_eq!(
        control(&sim, "GET", "/_simulator/clock", None).await.json()["offset_secs"],
        0.0
    );
    let info = control(&sim, "GET", "/_simulator/info", None).await.json();
    assert_eq!(info["service_id"], sim.service_id());
    assert_eq!(
        control(&sim, "GET", "/_simulator/nope", None).await.status,
        404
    );
}

#[tokio::test]
async fn dropping_the_simulator_stops_the_server() {
    let sim = start().await;
    let addr = sim.addr();
    sim.add_fault(Fault::new(FaultAction::Hang));
    let mut hung = TcpStream::connect(addr).await.unwrap();
    hung.write_all(&templates_request(&sim)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    drop(sim);
    tokio::time::sleep(Duration::from_millis(100)).await;
    // The hung connection is closed and nothing listens any more.
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), hung.read_to_end(&mut buf)).await;
    assert!(matches!(read, Ok(Ok(0)) | Ok(Err(_))), "{read:?}");
    assert!(TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn oversized_bodies_are_refused_and_recorded() {
    let sim = common::start_with(|c| c.max_body_bytes = 1024).await;
    let r = Req::new("POST", "/v2/notifications/sms")
        .raw_body(vec![b'x'; 4096])
        .send(&sim)
        .await;
    assert_eq!(r.status, 413);
    assert_eq!(r.json()["result"], "error");
    let recorded = sim.requests();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].status, Some(413));
    assert_eq!(recorded[0].body, "");
}
