//! Transport behaviour over real HTTP on 127.0.0.1, against a scripted server written here (so
//! these tests control every byte): timeouts, refused connections, odd bodies, size limits,
//! retries and their request counts, clock skew, headers, and that no secret leaks.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use govuk_notify::requests::*;
use govuk_notify::{Client, ErrorKind, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const KEY: &str = "k-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";
const SECRET: &str = "3d844edf-8d35-48ac-975b-e847b4f122b0";
const TID: &str = "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

#[derive(Clone)]
enum Reply {
    Raw(String),
    Delayed(u64, String),
    Hang,
    Close,
}

fn http(status: &str, content_type: &str, extra: &str, body: &str) -> Reply {
    Reply::Raw(format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n{extra}connection: keep-alive\r\n\r\n{body}",
        body.len()
    ))
}

#[derive(Debug, Clone)]
struct Seen {
    head: String,
    body: String,
}

struct Server {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// Answers requests with `replies` in order (the last one repeats).
async fn server(replies: Vec<Reply>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen2 = seen.clone();
    tokio::spawn(async move {
        let replies = Arc::new(replies);
        let counter = Arc::new(Mutex::new(0usize));
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let (replies, counter, seen) = (replies.clone(), counter.clone(), seen2.clone());
            tokio::spawn(async move {
                loop {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    let head_end = loop {
                        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i + 4;
                        }
                        match sock.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
                    let len = head
                        .lines()
                        .find_map(|l| {
                            let (k, v) = l.split_once(':')?;
                            k.eq_ignore_ascii_case("content-length")
                                .then(|| v.trim().parse::<usize>().ok())?
                        })
                        .unwrap_or(0);
                    while buf.len() < head_end + len {
                        match sock.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let body = String::from_utf8_lossy(&buf[head_end..head_end + len]).into_owned();
                    seen.lock().unwrap().push(Seen { head, body });
                    let reply = {
                        let mut c = counter.lock().unwrap();
                        let r = replies[(*c).min(replies.len() - 1)].clone();
                        *c += 1;
                        r
                    };
                    match reply {
                        Reply::Raw(r) => {
                            if sock.write_all(r.as_bytes()).await.is_err() {
                                return;
                            }
                        }
                        Reply::Delayed(ms, r) => {
                            tokio::time::sleep(Duration::from_millis(ms)).await;
                            if sock.write_all(r.as_bytes()).await.is_err() {
                                return;
                            }
                        }
                        Reply::Hang => {
                            tokio::time::sleep(Duration::from_secs(3600)).await;
                            return;
                        }
                        Reply::Close => return,
                    }
                }
            });
        }
    });
    Server { url, seen }
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

fn no_secret(e: &govuk_notify::Error) {
    for shown in [format!("{e}"), format!("{e:?}"), e.to_json().to_string()] {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(!shown.contains("eyJhbGciOi"), "token leaked: {shown}");
    }
}

const OK_SMS: &str = r#"{"id":"740e5834-3a29-46b4-9a6f-16142fde533a","reference":null,"content":{"body":"hi","from_number":"GOVUK"},"uri":"http://x/v2/notifications/740e5834-3a29-46b4-9a6f-16142fde533a","template":{"id":"8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","version":1,"uri":"http://x"},"scheduled_for":null}"#;

#[tokio::test]
async fn sends_the_expected_headers_and_a_token_issued_this_second() {
    let s = server(vec![http("201 Created", "application/json", "", OK_SMS)]).await;
    let c = client(&s.url);
    let sms = SendSms::new("07700900123", TID);
    let r = c.send_sms(&sms).await.unwrap();
    assert_eq!(r.content.body, "hi");
    c.send_sms(&sms).await.unwrap();
    let seen = s.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    let head = seen[0].head.to_ascii_lowercase();
    assert!(
        head.starts_with("post /v2/notifications/sms http/1.1"),
        "{head}"
    );
    assert!(head.contains("authorization: bearer eyj"), "{head}");
    assert!(head.contains("content-type: application/json"));
    assert!(head.contains(&format!(
        "user-agent: govuk-notify/{} (rust)",
        govuk_notify::VERSION
    )));
    assert_eq!(
        seen[0].body,
        r#"{"phone_number":"07700900123","template_id":"8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}"#
    );
    // The token is the one PyJWT would make now: a token only depends on its `iat` second, so
    // one signed earlier in the same second is reused, and a later second gets a new one.
    let token = |i: usize| {
        let head = &s.seen.lock().unwrap()[i].head;
        let line = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("authorization:"))
            .unwrap()
            .to_owned();
        line["authorization: bearer ".len()..].trim().to_owned()
    };
    let iat = |t: &str| -> i64 {
        let claims = base64::Engine::decode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            t.split('.').nth(1).unwrap(),
        )
        .unwrap();
        serde_json::from_slice::<serde_json::Value>(&claims).unwrap()["iat"]
            .as_i64()
            .unwrap()
    };
    let key = KEY;
    for i in 0..2 {
        let t = token(i);
        assert_eq!(t, govuk_notify::create_token(key, iat(&t)).unwrap());
    }
    if iat(&token(0)) == iat(&token(1)) {
        assert_eq!(token(0), token(1));
    }
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    c.send_sms(&sms).await.unwrap();
    assert!(iat(&token(2)) > iat(&token(0)));
    assert_ne!(token(2), token(0));
}

#[tokio::test]
async fn execute_validates_json_and_execute_raw_leaves_it_to_the_caller() {
    let body = r#"{"id": }"#;
    let s = server(vec![http("200 OK", "application/json", "", body)]).await;
    let c = client(&s.url);
    let req = GetTemplate {
        template_id: TID.to_owned(),
    }
    .to_http()
    .unwrap();
    let e = c.execute(&req).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidResponse);
    assert_eq!(e.body(), Some(body));
    // The raw variant only checks the braces; decoding reports the same error.
    let raw = c.execute_raw(&req).await.unwrap();
    let e2 = raw.json().unwrap_err();
    assert_eq!(e2.kind(), ErrorKind::InvalidResponse);
    assert_eq!(e2.message(), e.message());
    assert_eq!(raw.invalid_json_error().message(), e.message());
    // Typed calls parse straight from the body.
    assert_eq!(
        c.get_template(TID).await.unwrap_err().kind(),
        ErrorKind::InvalidResponse
    );
    // Not even shaped like an object: both variants refuse it.
    let s = server(vec![http("200 OK", "application/json", "", "[1, 2]")]).await;
    let c = client(&s.url);
    assert_eq!(
        c.execute_raw(&req).await.unwrap_err().kind(),
        ErrorKind::InvalidResponse
    );
    assert_eq!(
        c.execute(&req).await.unwrap_err().kind(),
        ErrorKind::InvalidResponse
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_on_time() {
    let s = server(vec![Reply::Hang]).await;
    let c = Client::builder(KEY)
        .base_url(&s.url)
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let e = c.get_template(TID).await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e:?}");
    assert!(e.is_retryable());
    assert_eq!(e.status(), None);
    // Fails at the configured timeout, not at some later default (generous bound for slow CI).
    assert!(
        took >= Duration::from_millis(300) && took < Duration::from_secs(3),
        "{took:?}"
    );
    no_secret(&e);
}

#[tokio::test]
async fn a_hanging_send_is_made_once_and_not_retried() {
    let s = server(vec![Reply::Hang]).await;
    let c = Client::builder(KEY)
        .base_url(&s.url)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let e = c
        .send_sms(&SendSms::new("07700900123", TID))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert!(e.may_have_reached_server());
    assert_eq!(s.seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn connection_refused_is_a_transport_error_without_status() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = client(&format!("http://127.0.0.1:{port}"));
    let e = c
        .send_sms(&SendSms::new("07700900123", TID))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e:?}");
    assert_eq!(e.status(), None);
    assert!(!e.may_have_reached_server());
    assert!(e.is_retryable());
    assert!(e.message().contains("could not connect"), "{}", e.message());
    no_secret(&e);
}

#[tokio::test]
async fn gets_are_retried_on_5xx_then_succeed() {
    let tmpl = r#"{"id":"8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","type":"sms","created_at":"2024-01-01T00:00:00.000000Z","updated_at":null,"created_by":"a@b.c","version":1,"body":"b","subject":null,"name":"n","personalisation":{},"postage":null,"letter_contact_block":null}"#;
    let s = server(vec![
        http(
            "502 Bad Gateway",
            "text/html",
            "",
            "<html>bad gateway</html>",
        ),
        http("503 Service Unavailable", "text/plain", "", ""),
        http("200 OK", "application/json", "", tmpl),
    ])
    .await;
    let t = client(&s.url).get_template(TID).await.unwrap();
    assert_eq!(t.name, "n");
    assert_eq!(s.seen.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn retries_stop_at_the_policy_limit_and_keep_the_last_error() {
    let s = server(vec![http(
        "502 Bad Gateway",
        "text/html",
        "",
        "<html>bad gateway</html>",
    )])
    .await;
    let e = client(&s.url).get_template(TID).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server);
    assert_eq!(e.status(), Some(502));
    assert_eq!(e.body(), Some("<html>bad gateway</html>"));
    assert_eq!(s.seen.lock().unwrap().len(), 3, "1 attempt + 2 retries");
}

#[tokio::test]
async fn a_send_that_got_a_5xx_is_never_repeated_by_default() {
    let body =
        r#"{"status_code":500,"errors":[{"error":"Exception","message":"Internal server error"}]}"#;
    let s = server(vec![http(
        "500 Internal Server Error",
        "application/json",
        "",
        body,
    )])
    .await;
    let e = client(&s.url)
        .send_sms(&SendSms::new("07700900123", TID))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server);
    assert_eq!(e.errors()[0].message, "Internal server error");
    assert_eq!(s.seen.lock().unwrap().len(), 1);

    // Opting in repeats it.
    let s2 = server(vec![http(
        "500 Internal Server Error",
        "application/json",
        "",
        body,
    )])
    .await;
    let c = Client::builder(KEY)
        .base_url(&s2.url)
        .retry_policy(RetryPolicy {
            retry_sends: true,
            initial_backoff: Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    c.send_sms(&SendSms::new("07700900123", TID))
        .await
        .unwrap_err();
    assert_eq!(s2.seen.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn per_minute_429_is_retried_even_for_sends_but_daily_limit_is_not() {
    let rate = r#"{"status_code":429,"errors":[{"error":"RateLimitError","message":"Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"}]}"#;
    let s = server(vec![
        http("429 Too Many Requests", "application/json", "", rate),
        http("201 Created", "application/json", "", OK_SMS),
    ])
    .await;
    client(&s.url)
        .send_sms(&SendSms::new("07700900123", TID))
        .await
        .unwrap();
    assert_eq!(s.seen.lock().unwrap().len(), 2);

    let daily = r#"{"status_code":429,"errors":[{"error":"TooManyRequestsError","message":"Exceeded send limits (sms: 1000) for today"}]}"#;
    let s = server(vec![http(
        "429 Too Many Requests",
        "application/json",
        "",
        daily,
    )])
    .await;
    let e = client(&s.url)
        .send_sms(&SendSms::new("07700900123", TID))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DailyLimit);
    assert!(!e.is_retryable());
    assert_eq!(s.seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn clock_skew_is_reported_from_the_date_header() {
    let server_time = std::time::SystemTime::now() - Duration::from_secs(45);
    let date = format!("date: {}\r\n", httpdate_fmt(server_time));
    let body = r#"{"status_code":403,"errors":[{"error":"AuthError","message":"Error: Your system clock must be accurate to within 30 seconds"}]}"#;
    let s = server(vec![http("403 Forbidden", "application/json", &date, body)]).await;
    let e = client(&s.url).get_template(TID).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Auth);
    let skew = e.clock_skew().unwrap();
    assert!((44..=47).contains(&skew), "{skew}");
    assert!(
        e.message().contains("ahead of the server"),
        "{}",
        e.message()
    );
    no_secret(&e);
}

fn httpdate_fmt(t: std::time::SystemTime) -> String {
    // RFC 7231 IMF-fixdate, enough for the test.
    let secs = t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let days = secs / 86400;
    let (h, m, s) = ((secs % 86400) / 3600, (secs % 3600) / 60, secs % 60);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    // Civil from days (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(mo - 1) as usize];
    format!("{weekday}, {d:02} {month} {y} {h:02}:{m:02}:{s:02} GMT")
}

#[tokio::test]
async fn non_json_success_and_oversized_bodies_are_invalid_responses() {
    let s = server(vec![http(
        "200 OK",
        "text/html",
        "",
        "<html>captive portal</html>",
    )])
    .await;
    let e = client(&s.url).get_template(TID).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidResponse);
    assert_eq!(e.body(), Some("<html>captive portal</html>"));

    let big = "x".repeat(4096);
    let s = server(vec![http("200 OK", "application/json", "", &big)]).await;
    let c = Client::builder(KEY)
        .base_url(&s.url)
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let e = c.get_template(TID).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidResponse);
    assert!(e.message().contains("limit"), "{}", e.message());
    // A zero cap would refuse every response: the builder says so, naming the field.
    let e = Client::builder(KEY)
        .base_url(&s.url)
        .max_response_bytes(0)
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Argument);
    assert_eq!(e.field(), Some("max_response_bytes"));
}

#[tokio::test]
async fn a_connection_closed_without_response_is_transport_and_reached_server() {
    let s = server(vec![Reply::Close]).await;
    let c = Client::builder(KEY)
        .base_url(&s.url)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let e = c
        .send_sms(&SendSms::new("07700900123", TID))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e:?}");
    assert!(e.may_have_reached_server());
    assert_eq!(s.seen.lock().unwrap().len(), 1);
    no_secret(&e);
}

#[test]
fn the_blocking_client_works_without_a_runtime_and_refuses_inside_one() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let s = rt.block_on(server(vec![http(
        "201 Created",
        "application/json",
        "",
        OK_SMS,
    )]));
    let c = govuk_notify::blocking::Client::from(client(&s.url));
    let r = c.send_sms(&SendSms::new("07700900123", TID)).unwrap();
    assert_eq!(r.id, "740e5834-3a29-46b4-9a6f-16142fde533a");
    let inside = rt.block_on(async { c.send_sms(&SendSms::new("07700900123", TID)) });
    assert_eq!(inside.unwrap_err().kind(), ErrorKind::Internal);
}

#[tokio::test]
async fn the_timeout_bounds_the_whole_call_including_retries() {
    let slow_503 = Reply::Delayed(
        150,
        "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n".to_owned(),
    );
    let s = server(vec![slow_503]).await;
    let c = Client::builder(KEY)
        .base_url(&s.url)
        .timeout(Duration::from_millis(400))
        .retry_policy(RetryPolicy {
            max_retries: 10,
            initial_backoff: Duration::from_millis(10),
            jitter: false,
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    let started = Instant::now();
    let e = c.get_template(TID).await.unwrap_err();
    let took = started.elapsed();
    assert!(
        matches!(e.kind(), ErrorKind::Server | ErrorKind::Timeout),
        "{e:?}"
    );
    assert!(
        took < Duration::from_millis(1500),
        "{took:?}: retries ran past the deadline"
    );
    let attempts = s.seen.lock().unwrap().len();
    assert!(
        (2..=3).contains(&attempts),
        "{attempts} attempts in a 400 ms budget of 150 ms replies"
    );
}

#[tokio::test]
async fn a_send_that_may_have_been_delivered_is_not_reported_retryable() {
    let s = server(vec![Reply::Hang]).await;
    let c = Client::builder(KEY)
        .base_url(&s.url)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let e = c
        .send_sms(&SendSms::new("07700900123", TID))
        .await
        .unwrap_err();
    assert!(e.is_send());
    assert!(
        !e.is_retryable(),
        "a timed-out send may have been delivered"
    );
    assert_eq!(e.to_json()["retryable"], false);
    assert_eq!(e.to_json()["may_have_reached_server"], true);
    // The same failure on a read is retryable.
    let e = c.get_template(TID).await.unwrap_err();
    assert!(e.is_retryable());
}

#[tokio::test]
async fn a_pdf_endpoint_answering_html_is_an_invalid_response() {
    let s = server(vec![http("200 OK", "text/html", "", "<html>login</html>")]).await;
    let e = client(&s.url)
        .get_pdf_for_letter("740e5834-3a29-46b4-9a6f-16142fde533a")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidResponse);
}

#[test]
fn builder_debug_hides_proxy_credentials() {
    let b = Client::builder(KEY).proxy("http://user:hunter2@proxy.internal:3128");
    let shown = format!("{b:?}");
    assert!(
        !shown.contains("hunter2") && !shown.contains("user:"),
        "{shown}"
    );
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("proxy.internal"), "{shown}");
}

#[test]
fn the_blocking_pager_ends_after_an_error() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let body = r#"{"status_code":403,"errors":[{"error":"AuthError","message":"Invalid token: API key not found"}]}"#;
    let s = rt.block_on(server(vec![http(
        "403 Forbidden",
        "application/json",
        "",
        body,
    )]));
    let c = govuk_notify::blocking::Client::from(client(&s.url));
    let items: Vec<_> = c
        .notifications(ListNotifications::default())
        .take(5)
        .collect();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].as_ref().unwrap_err().kind(), ErrorKind::Auth);
}

#[test]
fn clients_and_errors_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Client>();
    assert_send_sync::<govuk_notify::blocking::Client>();
    assert_send_sync::<govuk_notify::Error>();
    fn assert_send<T: Send>(_: &T) {}
    let c = client("http://127.0.0.1:9");
    let sms = SendSms::new("07700900123", TID);
    assert_send(&c.send_sms(&sms));
    assert_send(&c.notifications(ListNotifications::default()));
}
