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
