//! The blocking facade against the in-process simulator: calls before and after a thread is
//! promoted to its own runtime and pool behave the same (typed results, typed errors, every
//! request recorded once), from several threads and clients at once, and a blocking call inside
//! an async runtime is refused rather than deadlocking.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govuk_notify::requests::{Personalisation, SendSms};
use govuk_notify::{blocking, Client, ErrorKind, RetryPolicy};
use govuk_notify_simulator::{templates, Config, KeyKind, Simulator};

/// Well past the number of calls after which a thread gets its own runtime.
const CALLS: usize = 40;

fn blocking_client(sim: &Simulator) -> blocking::Client {
    Client::builder(&sim.api_key(KeyKind::Test))
        .base_url(sim.base_url())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
        .into()
}

fn sms() -> SendSms {
    let mut p = Personalisation::new();
    p.insert("name".into(), "Amala".into());
    SendSms::new("07700900123", templates::SMS_TEMPLATE_ID).personalisation(p)
}

/// One thread's work: sends, reads and a not-found, interleaved with a second client.
fn work(a: &blocking::Client, b: &blocking::Client, thread: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..CALLS {
        let client = if i % 5 == 4 { b } else { a };
        let sent = client
            .send_sms(&sms().reference(format!("t{thread}-{i}")))
            .unwrap_or_else(|e| panic!("thread {thread} call {i}: {e}"));
        assert_eq!(
            sent.reference.as_deref(),
            Some(format!("t{thread}-{i}").as_str())
        );
        if i % 7 == 0 {
            let got = client.get_notification(&sent.id).unwrap();
            assert_eq!(got.id, sent.id);
        }
        if i % 11 == 0 {
            let e = client
                .get_notification("8f9c6a4b-0e1d-4c2b-9a3f-5d6e7f8a9b0c")
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
        }
        ids.push(sent.id);
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_before_and_after_promotion_behave_the_same() {
    let sim = Simulator::start(Config::default()).await.unwrap();
    let a = blocking_client(&sim);
    let b = blocking_client(&sim);

    let threads: Vec<_> = (0..4)
        .map(|t| {
            let (a, b) = (a.clone(), b.clone());
            std::thread::spawn(move || work(&a, &b, t))
        })
        .collect();
    let mut ids: Vec<String> = threads
        .into_iter()
        .flat_map(|h| h.join().expect("worker thread"))
        .collect();
    assert_eq!(ids.len(), 4 * CALLS);
    ids.sort();
    ids.dedup();
    assert_eq!(
        ids.len(),
        4 * CALLS,
        "every send made exactly one notification"
    );

    let sends = sim
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/v2/notifications/sms")
        .count();
    assert_eq!(sends, 4 * CALLS, "no send was made twice");

    // A client dropped on a promoted thread, and a new one made there: the thread's state for
    // the old client is purged and the new client works from its first call.
    let base = sim.base_url();
    let key = sim.api_key(KeyKind::Test);
    std::thread::spawn(move || {
        for round in 0..3 {
            let c: blocking::Client = Client::builder(&key)
                .base_url(base.clone())
                .build()
                .unwrap()
                .into();
            for i in 0..12 {
                c.send_sms(&sms())
                    .unwrap_or_else(|e| panic!("round {round} call {i}: {e}"));
            }
        }
    })
    .join()
    .expect("thread");

    // Inside a runtime the blocking facade refuses instead of blocking a worker.
    let e = a.send_sms(&sms()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Internal);
    assert!(e.message().contains("inside an async runtime"), "{e}");
    sim.shutdown().await;
}

/// A keep-alive HTTP/1.1 server that answers every request with `{}` and closes a connection
/// after `idle` without a request (as servers and load balancers do). Returns its base URL.
fn closing_server(idle: std::time::Duration) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            std::thread::spawn(move || {
                stream.set_read_timeout(Some(idle)).unwrap();
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    // One request: headers only (GETs have no body).
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut chunk) {
                            Ok(0) | Err(_) => return, // closed, or idle too long: close
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    buf.clear();
                    let body = "{}";
                    let head = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                        body.len()
                    );
                    if stream.write_all(head.as_bytes()).is_err()
                        || stream.write_all(body.as_bytes()).is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    base
}

#[test]
fn a_promoted_thread_does_not_reuse_a_connection_the_server_closed_while_it_was_idle() {
    use govuk_notify::requests::{GetTemplate, Operation};
    let idle = std::time::Duration::from_millis(150);
    let client: blocking::Client = Client::builder(
        "k-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0",
    )
    .base_url(closing_server(idle))
    .retry_policy(RetryPolicy::none())
    .build()
    .unwrap()
    .into();
    let req = GetTemplate {
        template_id: templates::SMS_TEMPLATE_ID.to_owned(),
    }
    .to_http()
    .unwrap();
    // Past promotion, then idle for longer than the server keeps a connection, a few times.
    for round in 0..3 {
        for i in 0..12 {
            client
                .execute_raw(&req)
                .unwrap_or_else(|e| panic!("round {round} call {i}: {e}"));
        }
        std::thread::sleep(idle * 3);
    }
    client.execute_raw(&req).unwrap();
}
