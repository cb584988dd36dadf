//! Rate limits (token bucket per service and key type, applied before the
//! body is parsed) and daily limits per notification type.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{expect_errors, get, post, start_with, Req};
use govuk_notify_simulator::templates::{EMAIL_TEMPLATE_ID, LETTER_TEMPLATE_ID, SMS_TEMPLATE_ID};
use govuk_notify_simulator::KeyKind;
use serde_json::json;

fn sms_body() -> serde_json::Value {
    json!({"phone_number": "07700900123", "template_id": SMS_TEMPLATE_ID, "personalisation": {"name": "x"}})
}

#[tokio::test]
async fn rate_limit_applies_per_key_type_before_body_parsing() {
    let sim = start_with(|c| c.rate_limit = 3).await;
    // An invalid body still uses up a token.
    let r = Req::new("POST", "/v2/notifications/sms")
        .raw_body(b"not json".to_vec())
        .key(&sim.api_key(KeyKind::Test))
        .send(&sim)
        .await;
    assert_eq!(r.status, 400);
    for _ in 0..2 {
        assert_eq!(
            post(&sim, "/v2/notifications/sms", &sms_body())
                .await
                .status,
            201
        );
    }
    let limited = "Exceeded rate limit for key type TEST of 3 requests per 60 seconds";
    let r = post(&sim, "/v2/notifications/sms", &sms_body()).await;
    assert_eq!(
        r.errors(),
        expect_errors(429, &[("RateLimitError", limited)])
    );
    // Checked before the body: even garbage gets the 429.
    let r = Req::new("POST", "/v2/notifications/email")
        .raw_body(b"not json".to_vec())
        .key(&sim.api_key(KeyKind::Test))
        .send(&sim)
        .await;
    assert_eq!(
        r.errors(),
        expect_errors(429, &[("RateLimitError", limited)])
    );
    // Reads are not limited.
    assert_eq!(get(&sim, "/v2/notifications").await.status, 200);
    // Other key types have their own bucket.
    let r = Req::post("/v2/notifications/sms", &sms_body())
        .key(&sim.api_key(KeyKind::Live))
        .send(&sim)
        .await;
    assert_eq!(r.status, 201);
    // Reset refills the buckets.
    sim.reset();
    assert_eq!(
        post(&sim, "/v2/notifications/sms", &sms_body())
            .await
            .status,
        201
    );
}

#[tokio::test]
async fn rate_limit_message_names_the_key_type() {
    let sim = start_with(|c| c.rate_limit = 1).await;
    for (kind, name) in [(KeyKind::Team, "TEAM"), (KeyKind::Live, "LIVE")] {
        let key = sim.api_key(kind);
        let first = Req::post("/v2/notifications/sms", &sms_body())
            .key(&key)
            .send(&sim)
            .await;
        assert_eq!(first.status, 201);
        let second = Req::post("/v2/notifications/sms", &sms_body())
            .key(&key)
            .send(&sim)
            .await;
        assert_eq!(
            second.errors(),
            expect_errors(
                429,
                &[(
                    "RateLimitError",
                    &format!(
                        "Exceeded rate limit for key type {name} of 1 requests per 60 seconds"
                    )
                )]
            )
        );
    }
}

#[tokio::test]
async fn daily_limits_per_notification_type() {
    let sim = start_with(|c| {
        c.daily_limit = 2;
        c.daily_letter_limit = 1;
    })
    .await;
    let live = sim.api_key(KeyKind::Live);
    let send = |path: &str, body: serde_json::Value| {
        let req = Req::post(path, &body).key(&live);
        let sim = &sim;
        async move { req.send(sim).await }
    };
    for _ in 0..2 {
        assert_eq!(send("/v2/notifications/sms", sms_body()).await.status, 201);
    }
    // The limit is reached: further sends of that type are refused.
    let r = send("/v2/notifications/sms", sms_body()).await;
    assert_eq!(
        r.errors(),
        expect_errors(
            429,
            &[(
                "TooManyRequestsError",
                "Exceeded send limits (sms: 2) for today"
            )]
        )
    );
    let email = json!({"email_address": "a@example.com", "template_id": EMAIL_TEMPLATE_ID, "personalisation": {"name": "x"}});
    assert_eq!(
        send("/v2/notifications/email", email.clone()).await.status,
        201
    );
    let letter = json!({"template_id": LETTER_TEMPLATE_ID, "personalisation": {
        "address_line_1": "A", "address_line_2": "B", "postcode": "SW1A 1AA", "name": "x"}});
    assert_eq!(
        send("/v2/notifications/letter", letter.clone())
            .await
            .status,
        201
    );
    let r = send("/v2/notifications/letter", letter).await;
    assert_eq!(
        r.errors(),
        expect_errors(
            429,
            &[(
                "TooManyRequestsError",
                "Exceeded send limits (letter: 1) for today"
            )]
        )
    );
    // Test keys are unlimited.
    for _ in 0..3 {
        assert_eq!(
            post(&sim, "/v2/notifications/sms", &sms_body())
                .await
                .status,
            201
        );
    }
}
