//! Every authentication row of the wire specification (§3.2), over HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{expect_errors, now_secs, start_with, Req};
use govuk_notify_simulator::auth::{create_token, sign_token, MSG_CLOCK, MSG_GENERAL};
use govuk_notify_simulator::config::{
    DEFAULT_SERVICE_ID, DEFAULT_TEAM_KEY_SECRET, DEFAULT_TEST_KEY_SECRET,
};
use govuk_notify_simulator::{ApiKeyConfig, KeyKind, ServiceConfig, Simulator};
use serde_json::{json, Value};

const NO_KEYS_SERVICE: &str = "11111111-1111-4111-8111-111111111111";
const ARCHIVED_SERVICE: &str = "22222222-2222-4222-8222-222222222222";
const REVOKED_SERVICE: &str = "33333333-3333-4333-8333-333333333333";
const REVOKED_SECRET: &str = "44444444-4444-4444-8444-444444444444";

async fn sim() -> Simulator {
    start_with(|c| {
        c.services.push(ServiceConfig {
            id: NO_KEYS_SERVICE.into(),
            api_keys: vec![],
            ..ServiceConfig::default()
        });
        c.services.push(ServiceConfig {
            id: ARCHIVED_SERVICE.into(),
            archived: true,
            ..ServiceConfig::default()
        });
        c.services.push(ServiceConfig {
            id: REVOKED_SERVICE.into(),
            api_keys: vec![ApiKeyConfig {
                revoked: true,
                ..ApiKeyConfig::new(KeyKind::Live, REVOKED_SECRET)
            }],
            ..ServiceConfig::default()
        });
    })
    .await
}

async fn with_header(sim: &Simulator, value: Option<&str>) -> common::Resp {
    let mut req = Req::get("/v2/templates");
    if let Some(v) = value {
        req = req.header("Authorization", v);
    }
    req.send(sim).await
}

fn hs256() -> Value {
    json!({"alg": "HS256", "typ": "JWT"})
}

async fn assert_forbidden(sim: &Simulator, token: &str, message: &str) {
    let r = with_header(sim, Some(&format!("Bearer {token}"))).await;
    assert_eq!(
        r.errors(),
        expect_errors(403, &[("AuthError", message)]),
        "token {token}"
    );
}

#[tokio::test]
async fn missing_header_and_wrong_scheme_are_401() {
    let sim = sim().await;
    let token = create_token(DEFAULT_SERVICE_ID, DEFAULT_TEST_KEY_SECRET, now_secs());
    for header in [None, Some("")] {
        let r = with_header(&sim, header).await;
        assert_eq!(
            r.errors(),
            expect_errors(
                401,
                &[(
                    "AuthError",
                    "Unauthorized: authentication token must be provided"
                )]
            )
        );
    }
    for header in [
        format!("Basic {token}"),
        format!("Bearer{token}"),
        "Bearer".to_owned(),
        format!("Token {token}"),
    ] {
        let r = with_header(&sim, Some(&header)).await;
        assert_eq!(
            r.errors(),
            expect_errors(
                401,
                &[(
                    "AuthError",
                    "Unauthorized: authentication bearer scheme must be used"
                )]
            ),
            "{header}"
        );
    }
    // The scheme is case-insensitive.
    for scheme in ["bearer", "BEARER", "bEaReR"] {
        let r = with_header(&sim, Some(&format!("{scheme} {token}"))).await;
        assert_eq!(r.status, 200, "{scheme}");
    }
}

#[tokio::test]
async fn undecodable_tokens() {
    let sim = sim().await;
    for token in ["garbage", "a.b.c", "e30.e30", "e30.W10.c2ln", "x.y.z.w"] {
        assert_forbidden(&sim, token, MSG_GENERAL).await;
    }
}

#[tokio::test]
async fn issuer_problems() {
    let sim = sim().await;
    let now = now_secs();
    let no_iss = sign_token(&hs256(), &json!({"iat": now}), DEFAULT_TEST_KEY_SECRET);
    assert_forbidden(&sim, &no_iss, "Invalid token: iss field not provided").await;
    for iss in [json!("not-a-uuid"), json!(12345), json!(null)] {
        let t = sign_token(
            &hs256(),
            &json!({"iss": iss, "iat": now}),
            DEFAULT_TEST_KEY_SECRET,
        );
        assert_forbidden(
            &sim,
            &t,
            "Invalid token: service id is not the right data type",
        )
        .await;
    }
    let unknown = create_token(
        "99999999-9999-4999-8999-999999999999",
        DEFAULT_TEST_KEY_SECRET,
        now,
    );
    assert_forbidden(&sim, &unknown, "Invalid token: service not found").await;
    let no_keys = create_token(NO_KEYS_SERVICE, DEFAULT_TEST_KEY_SECRET, now);
    assert_forbidden(&sim, &no_keys, "Invalid token: service has no API keys").await;
    let archived = create_token(ARCHIVED_SERVICE, DEFAULT_TEST_KEY_SECRET, now);
    assert_forbidden(&sim, &archived, "Invalid token: service is archived").await;
    // The issuer is parsed leniently, like Python's uuid.UUID.
    for iss in [
        DEFAULT_SERVICE_ID.to_uppercase(),
        format!("{{{DEFAULT_SERVICE_ID}}}"),
        DEFAULT_SERVICE_ID.replace('-', ""),
    ] {
        let t = create_token(&iss, DEFAULT_TEST_KEY_SECRET, now);
        let r = with_header(&sim, Some(&format!("Bearer {t}"))).await;
        assert_eq!(r.status, 200, "{iss}");
    }
}

#[tokio::test]
async fn keys_signatures_and_revocation() {
    let sim = sim().await;
    let now = now_secs();
    let wrong = create_token(
        DEFAULT_SERVICE_ID,
        "00000000-0000-4000-8000-000000000000",
        now,
    );
    assert_forbidden(&sim, &wrong, "Invalid token: API key not found").await;
    // A missing iat is a decode error: every key fails, so "not found".
    let no_iat = sign_token(
        &hs256(),
        &json!({"iss": DEFAULT_SERVICE_ID}),
        DEFAULT_TEST_KEY_SECRET,
    );
    assert_forbidden(&sim, &no_iat, "Invalid token: API key not found").await;
    // Tampered payload: signature no longer matches.
    let good = create_token(DEFAULT_SERVICE_ID, DEFAULT_TEST_KEY_SECRET, now);
    let parts: Vec<&str> = good.split('.').collect();
    let other = create_token(DEFAULT_SERVICE_ID, DEFAULT_TEST_KEY_SECRET, now + 1);
    let other_payload = other.split('.').nth(1).unwrap();
    let tampered = format!("{}.{}.{}", parts[0], other_payload, parts[2]);
    assert_forbidden(&sim, &tampered, "Invalid token: API key not found").await;
    // The second and third keys are tried too.
    let team = create_token(DEFAULT_SERVICE_ID, DEFAULT_TEAM_KEY_SECRET, now);
    let r = with_header(&sim, Some(&format!("Bearer {team}"))).await;
    assert_eq!(r.status, 200);
    let revoked = create_token(REVOKED_SERVICE, REVOKED_SECRET, now);
    assert_forbidden(&sim, &revoked, "Invalid token: API key revoked").await;
}

#[tokio::test]
async fn algorithm_must_be_hs256() {
    let sim = sim().await;
    let now = now_secs();
    for header in [
        json!({"alg": "HS512", "typ": "JWT"}),
        json!({"alg": "none"}),
        json!({"typ": "JWT"}),
    ] {
        let t = sign_token(
            &header,
            &json!({"iss": DEFAULT_SERVICE_ID, "iat": now}),
            DEFAULT_TEST_KEY_SECRET,
        );
        assert_forbidden(&sim, &t, "Invalid token: algorithm used is not HS256").await;
    }
    // No typ (as the Ruby client sends) is fine.
    let t = sign_token(
        &json!({"alg": "HS256"}),
        &json!({"iss": DEFAULT_SERVICE_ID, "iat": now}),
        DEFAULT_TEST_KEY_SECRET,
    );
    assert_eq!(
        with_header(&sim, Some(&format!("Bearer {t}"))).await.status,
        200
    );
}

#[tokio::test]
async fn issued_at_window_is_thirty_seconds_inclusive() {
    let sim = sim().await;
    // Pin "now" by shifting the server clock far from the real clock, so the
    // boundaries are exact even if a second ticks during the test.
    let offset = 10_000;
    sim.set_clock_offset(offset);
    let server_now = now_secs() + offset;
    let ok = |iat: Value| {
        sign_token(
            &hs256(),
            &json!({"iss": DEFAULT_SERVICE_ID, "iat": iat}),
            DEFAULT_TEST_KEY_SECRET,
        )
    };
    for iat in [
        json!(server_now - 29),
        json!(server_now),
        json!(server_now + 29),
        json!(server_now as f64 + 0.9),
        json!(server_now.to_string()),
    ] {
        let r = with_header(&sim, Some(&format!("Bearer {}", ok(iat.clone())))).await;
        assert_eq!(r.status, 200, "iat {iat}");
    }
    for iat in [
        json!(server_now - 40),
        json!(server_now + 40),
        json!("soon"),
        json!(null),
        json!([1]),
    ] {
        let r = with_header(&sim, Some(&format!("Bearer {}", ok(iat.clone())))).await;
        assert_eq!(
            r.errors(),
            expect_errors(403, &[("AuthError", MSG_CLOCK)]),
            "iat {iat}"
        );
    }
    // The real clock is now 10,000 s behind the server: a client token is rejected.
    let real = create_token(DEFAULT_SERVICE_ID, DEFAULT_TEST_KEY_SECRET, now_secs());
    assert_forbidden(&sim, &real, MSG_CLOCK).await;
}

#[tokio::test]
async fn other_claim_errors_use_the_general_message() {
    let sim = sim().await;
    let now = now_secs();
    for claims in [
        json!({"iss": DEFAULT_SERVICE_ID, "iat": now, "exp": now - 100}),
        json!({"iss": DEFAULT_SERVICE_ID, "iat": now, "aud": "someone"}),
        json!({"iss": DEFAULT_SERVICE_ID, "iat": now, "sub": 5}),
    ] {
        let t = sign_token(&hs256(), &claims, DEFAULT_TEST_KEY_SECRET);
        assert_forbidden(&sim, &t, MSG_GENERAL).await;
    }
    let t = sign_token(
        &hs256(),
        &json!({"iss": DEFAULT_SERVICE_ID, "iat": now, "nbf": now + 100}),
        DEFAULT_TEST_KEY_SECRET,
    );
    assert_forbidden(&sim, &t, MSG_CLOCK).await;
    let t = sign_token(
        &hs256(),
        &json!({"iss": DEFAULT_SERVICE_ID, "iat": now, "exp": now + 100}),
        DEFAULT_TEST_KEY_SECRET,
    );
    assert_eq!(
        with_header(&sim, Some(&format!("Bearer {t}"))).await.status,
        200
    );
}

#[tokio::test]
async fn rejected_requests_are_recorded() {
    let sim = sim().await;
    with_header(&sim, None).await;
    let recorded = sim.requests();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].path, "/v2/templates");
    assert_eq!(recorded[0].status, Some(401));
    assert!(!recorded[0].headers.contains_key("authorization"));
}
