//! Pacing under the simulator's rate limit, and waiting for a notification's status, over real
//! HTTP on 127.0.0.1.
//!
//! The pacing tests shorten the simulator's window to 1 s (100 sends a second) and configure the
//! client with the same limit and window, so sending "past the limit" takes seconds, not minutes.
//! They measure the achieved rate from the client's side as (sends - 1) / (time from the start of
//! the burst to the last completed send): the first send goes at once, the last one (sends - 1)
//! intervals later.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use govuk_notify::requests::SendSms;
use govuk_notify::{blocking, CancelToken, Client, ErrorKind, Pacing, RetryPolicy, WaitOptions};
use govuk_notify_simulator::{templates, Config, KeyKind, Simulator};

const LIMIT: u32 = 100;

async fn sim(rate_limit: u32, status_delay_ms: u64) -> Simulator {
    Simulator::start(Config {
        rate_limit,
        rate_limit_window_secs: 1,
        status_delay_ms,
        ..Config::default()
    })
    .await
    .unwrap()
}

fn builder(sim: &Simulator) -> govuk_notify::ClientBuilder {
    Client::builder(&sim.api_key(KeyKind::Test))
        .base_url(sim.base_url())
        // A 429 must surface, not be retried away.
        .retry_policy(RetryPolicy::none())
}

fn sms_to(number: &str) -> SendSms {
    let mut p = govuk_notify::Personalisation::new();
    p.insert("name".into(), "Amala".into());
    SendSms::new(number, templates::SMS_TEMPLATE_ID).personalisation(p)
}

fn sms() -> SendSms {
    sms_to("07700900123")
}

/// Sends per second from the start of the burst to the last completed send.
fn rate(started: Instant, done: &[Instant]) -> f64 {
    let last = done.iter().max().copied().unwrap_or(started);
    (done.len() - 1) as f64 / last.duration_since(started).as_secs_f64()
}

fn check_rate(what: &str, achieved: f64) {
    let limit = f64::from(LIMIT);
    println!("{what}: achieved {achieved:.1}/s, limit {limit}/s");
    assert!(
        (achieved - limit).abs() <= limit * 0.05,
        "{what}: achieved {achieved:.1}/s, not within 5% of {limit}/s"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_tasks_stay_under_the_limit() {
    let sim = sim(LIMIT, 1000).await;
    let paced = builder(&sim)
        .pace(Pacing::new(LIMIT, Duration::from_secs(1)))
        .build()
        .unwrap();
    assert_eq!(
        paced.pacing(),
        Some(Pacing::new(LIMIT, Duration::from_secs(1)))
    );
    // 500 sends: five windows' worth, all started at once.
    let started = Instant::now();
    let tasks: Vec<_> = (0..500)
        .map(|_| {
            let c = paced.clone();
            tokio::spawn(async move {
                let r = c.send_sms(&sms()).await;
                (r.map(|_| ()), Instant::now())
            })
        })
        .collect();
    let mut done = Vec::new();
    for t in tasks {
        let (r, at) = t.await.unwrap();
        if let Err(e) = r {
            panic!("a paced send failed: {e}");
        }
        done.push(at);
    }
    check_rate("500 tasks", rate(started, &done));

    // The same burst without pacing is refused: the test does go past the limit.
    let unpaced = builder(&sim).build().unwrap();
    let reset = reqwest::Client::new()
        .post(format!("{}/_simulator/reset", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert!(reset.status().is_success());
    let req = sms();
    let results = futures_util::future::join_all((0..300).map(|_| unpaced.send_sms(&req))).await;
    let limited = results
        .iter()
        .filter(|r| matches!(r, Err(e) if e.kind() == ErrorKind::RateLimited))
        .count();
    assert!(limited > 0, "an unpaced burst of 300 was not limited");
}

#[test]
fn sixteen_threads_stay_under_the_limit() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sim = rt.block_on(sim(LIMIT, 1000));
    let client: blocking::Client = builder(&sim)
        .pace(Pacing::new(LIMIT, Duration::from_secs(1)))
        .build()
        .unwrap()
        .into();
    let done = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let threads: Vec<_> = (0..16)
        .map(|_| {
            let c = client.clone();
            let done = done.clone();
            std::thread::spawn(move || {
                for _ in 0..25 {
                    c.send_sms(&sms()).unwrap();
                    done.lock().unwrap().push(Instant::now());
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let done = done.lock().unwrap().clone();
    assert_eq!(done.len(), 400);
    check_rate("16 threads", rate(started, &done));
    drop(sim);
}

#[tokio::test]
async fn pacing_is_validated_and_off_by_default() {
    let sim = sim(LIMIT, 0).await;
    assert_eq!(builder(&sim).build().unwrap().pacing(), None);
    let e = builder(&sim)
        .pace(Pacing::per_minute(0))
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Argument);
    assert_eq!(e.field(), Some("pace"));
    let c = builder(&sim).pace(Pacing::default()).build().unwrap();
    assert_eq!(c.pacing(), Some(Pacing::per_minute(3000)));
    // The paced client keeps its pacing through to_builder.
    assert_eq!(c.to_builder().build().unwrap().pacing(), c.pacing());
}

fn quick(until: &[&str], timeout_ms: u64) -> WaitOptions {
    WaitOptions {
        until: until.iter().map(|s| (*s).to_owned()).collect(),
        timeout: Duration::from_millis(timeout_ms),
        poll_interval: Duration::from_millis(20),
        max_poll_interval: Duration::from_millis(100),
        ..WaitOptions::default()
    }
}

#[tokio::test]
async fn waits_for_a_final_status() {
    // created, then sending after 100 ms, final after 200 ms.
    let sim = sim(3000, 100).await;
    let c = builder(&sim).build().unwrap();
    let sent = c.send_sms(&sms_to("07700900003")).await.unwrap();
    assert_eq!(
        c.get_notification(&sent.id).await.unwrap().status,
        "created"
    );
    let n = c
        .wait_for_status(&sent.id, &quick(&[], 10_000))
        .await
        .unwrap();
    assert_eq!(n.id, sent.id);
    assert_eq!(n.status, "temporary-failure");
    let n = c
        .wait_for_status(&sent.id, &quick(&["temporary-failure"], 10_000))
        .await
        .unwrap();
    assert_eq!(n.status, "temporary-failure");

    let sent = c.send_sms(&sms()).await.unwrap();
    let n = c
        .wait_for_status(&sent.id, &WaitOptions::default())
        .await
        .unwrap();
    assert_eq!(n.status, "delivered");
}

#[tokio::test]
async fn a_wait_that_times_out_is_a_timeout_error() {
    let sim = sim(3000, 100).await;
    let c = builder(&sim).build().unwrap();
    let sent = c.send_sms(&sms_to("07700900002")).await.unwrap();
    let started = Instant::now();
    let e = c
        .wait_for_status(&sent.id, &quick(&["delivered"], 600))
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert!(e.message().contains(&sent.id), "{}", e.message());
    assert!(
        e.message()
            .contains("did not reach delivered within 600 ms"),
        "{}",
        e.message()
    );
    assert!(
        e.message().contains("last status: permanent-failure"),
        "{}",
        e.message()
    );
}

#[tokio::test]
async fn a_wait_fails_at_once_on_a_bad_or_unknown_id() {
    let sim = sim(3000, 100).await;
    let c = builder(&sim).build().unwrap();
    let e = c
        .wait_for_status("not-a-uuid", &WaitOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Argument);
    let e = c
        .wait_for_status(
            "c9e2d8d8-6a53-4f7e-a2a6-0d3c5b5f3b1e",
            &WaitOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    let e = c
        .wait_for_status(
            "c9e2d8d8-6a53-4f7e-a2a6-0d3c5b5f3b1e",
            &quick(&["delivred"], 1000),
        )
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("until"));
}

#[test]
fn a_blocking_wait_can_be_cancelled_from_another_thread() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sim = rt.block_on(sim(3000, 100));
    let client: blocking::Client = builder(&sim).build().unwrap().into();
    let sent = client.send_sms(&sms_to("07700900002")).unwrap();
    let n = client
        .wait_for_status(&sent.id, &quick(&[], 10_000))
        .unwrap();
    assert_eq!(n.status, "permanent-failure");

    let cancel = CancelToken::new();
    let c2 = cancel.clone();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        c2.cancel();
    });
    let started = Instant::now();
    let e = client
        .wait_for_status_raw(&sent.id, &quick(&["delivered"], 60_000), Some(&cancel))
        .unwrap_err();
    canceller.join().unwrap();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert!(e.message().contains("cancelled"), "{}", e.message());
    drop(sim);
}
