//! Regression tests for core bugs found while testing reliability (issue #8). Each test names the
//! bug; a failing test here is a bug report for core/, not a problem in this crate.

// A test: failing loudly on the unexpected is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use govuk_notify::{Client, Error, RetryPolicy};
use govuk_notify_simulator::{Config, Fault, KeyKind, Simulator};

/// Runs `client.list_templates(None)` on its own task so a panic inside the library is reported
/// as a test failure with its message rather than unwinding through the test.
async fn list_templates(client: Client) -> Result<Result<usize, Error>, String> {
    tokio::spawn(async move { client.list_templates(None).await.map(|l| l.templates.len()) })
        .await
        .map_err(|e| match e.try_into_panic() {
            Ok(p) => p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "a panic".to_owned()),
            Err(e) => e.to_string(),
        })
}

/// `ClientBuilder::timeout(Duration::MAX)` (a natural way to say "no timeout") must not make
/// every request panic. Today `Client::execute` computes `Instant::now() + timeout`, which
/// overflows and panics ("overflow when adding duration to instant").
#[tokio::test]
async fn a_huge_timeout_does_not_panic() {
    let sim = Simulator::start(Config::default()).await.unwrap();
    let client = Client::builder(&sim.api_key(KeyKind::Test))
        .base_url(sim.base_url())
        .timeout(Duration::MAX)
        .build()
        .unwrap();
    let outcome = list_templates(client).await;
    assert!(
        outcome.is_ok(),
        "list_templates with timeout(Duration::MAX) panicked: {}",
        outcome.err().unwrap_or_default()
    );
}

/// A server's `Retry-After` larger than the time left must end the retries, not panic. With a
/// retry policy whose `max_backoff` is very large, `Client::execute` computes
/// `Instant::now() + wait` for the server's wait, which overflows and panics.
#[tokio::test]
async fn a_huge_retry_after_with_a_large_max_backoff_does_not_panic() {
    let sim = Simulator::start(Config::default()).await.unwrap();
    let fault: Fault = serde_json::from_value(serde_json::json!({
        "method": "GET", "path_prefix": "/v2/templates", "status": 429, "times": 1,
        "headers": {"retry-after": "18446744073709551615"},
        "body": "{\"status_code\":429,\"errors\":[{\"error\":\"RateLimitError\",\"message\":\"slow down\"}]}"
    }))
    .unwrap();
    sim.add_fault(fault);
    let client = Client::builder(&sim.api_key(KeyKind::Test))
        .base_url(sim.base_url())
        .retry_policy(RetryPolicy {
            max_retries: 1,
            max_backoff: Duration::MAX,
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    let outcome = list_templates(client).await;
    match outcome {
        Ok(Err(e)) => assert_eq!(e.kind().as_str(), "rate_limited", "{e:?}"),
        Ok(Ok(n)) => panic!("expected the 429 to be returned, got {n} templates"),
        Err(panic) => panic!("a huge Retry-After panicked: {panic}"),
    }
}
