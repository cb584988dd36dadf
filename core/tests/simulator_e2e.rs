//! Every operation of the core against the in-process simulator over real HTTP on 127.0.0.1:
//! typed responses parse, pages are walked, and each error kind comes back typed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use futures_util::TryStreamExt as _;
use govuk_notify::requests::*;
use govuk_notify::{prepare_upload, Client, ErrorKind, Notification, RetryPolicy, UploadOptions};
use govuk_notify_simulator::{templates, Config, KeyKind, Simulator};
use serde_json::{json, Value};

fn p(v: Value) -> Personalisation {
    v.as_object().cloned().unwrap()
}

fn address(name: &str) -> Personalisation {
    p(
        json!({"address_line_1": name, "address_line_2": "1 Example Street",
             "address_line_3": "London", "postcode": "SW1A 1AA", "name": name}),
    )
}

async fn sim(page_size: usize) -> Simulator {
    Simulator::start(Config {
        page_size,
        pdf_delay_ms: 0,
        status_delay_ms: 0,
        ..Config::default()
    })
    .await
    .unwrap()
}

fn client(sim: &Simulator, kind: KeyKind) -> Client {
    Client::builder(&sim.api_key(kind))
        .base_url(sim.base_url())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

async fn control(sim: &Simulator, method: reqwest::Method, path: &str, body: Value) {
    let r = reqwest::Client::new()
        .request(method, format!("{}/_simulator/{path}", sim.base_url()))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "control {path}: {}", r.status());
}

#[tokio::test]
async fn every_send_and_read_operation() {
    let sim = sim(250).await;
    let c = client(&sim, KeyKind::Test);

    let sms = c
        .send_sms(
            &SendSms::new("07700900123", templates::SMS_TEMPLATE_ID)
                .personalisation(p(json!({"name": "Amala"})))
                .reference("ref-sms")
                .sms_sender_id(govuk_notify_simulator::SMS_SENDER_ID),
        )
        .await
        .unwrap();
    assert!(sms.content.body.contains("Amala"), "{}", sms.content.body);
    assert_eq!(sms.reference.as_deref(), Some("ref-sms"));

    let email = c
        .send_email(
            &SendEmail::new("amala@example.com", templates::EMAIL_TEMPLATE_ID)
                .personalisation(p(json!({"name": "Amala"})))
                .email_reply_to_id(govuk_notify_simulator::EMAIL_REPLY_TO_ID)
                .one_click_unsubscribe_url("https://example.gov.uk/unsubscribe")
                .sanitise_content_for(vec!["name".into()]),
        )
        .await
        .unwrap();
    assert_eq!(email.content.subject, "Hello Amala");
    assert_eq!(
        email.content.one_click_unsubscribe_url.as_deref(),
        Some("https://example.gov.uk/unsubscribe")
    );

    let file = prepare_upload(
        b"name,score\n",
        UploadOptions {
            filename: Some("report.csv".into()),
            confirm_email_before_download: Some(true),
            retention_period: Some("4 weeks".into()),
        },
    )
    .unwrap();
    let with_file = c
        .send_email(
            &SendEmail::new("amala@example.com", templates::EMAIL_FILE_TEMPLATE_ID)
                .personalisation(p(json!({"link_to_file": file.to_value()}))),
        )
        .await
        .unwrap();
    assert!(
        with_file.content.body.contains("https://"),
        "{}",
        with_file.content.body
    );

    let letter = c
        .send_letter(
            &SendLetter::new(templates::LETTER_TEMPLATE_ID, address("Amala"))
                .reference("ref-letter"),
        )
        .await
        .unwrap();
    assert_eq!(letter.content.subject, "Letter for Amala");

    let pdf = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/fixtures/letter.pdf"
    ))
    .unwrap();
    let pre = c
        .send_precompiled_letter(&SendPrecompiledLetter::new("ref-pre", pdf).postage("economy"))
        .await
        .unwrap();
    assert_eq!(pre.postage, "economy");
    assert_eq!(pre.reference, "ref-pre");

    for (id, kind) in [
        (&sms.id, "sms"),
        (&email.id, "email"),
        (&with_file.id, "email"),
        (&letter.id, "letter"),
        (&pre.id, "letter"),
    ] {
        let n = c.get_notification(id).await.unwrap();
        assert_eq!(&n.id, id);
        assert_eq!(n.notification_type, kind);
    }
    let n = c.get_notification(&letter.id).await.unwrap();
    assert_eq!(n.postcode.as_deref(), Some("SW1A 1AA"));
    assert!(n.estimated_delivery.is_some());

    let bytes = c.get_pdf_for_letter(&letter.id).await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");

    let page = c
        .list_notifications(&ListNotifications {
            template_type: Some("sms".into()),
            reference: Some("ref-sms".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.notifications.len(), 1);
    assert_eq!(page.notifications[0].id, sms.id);
    let everything = c
        .list_notifications(&ListNotifications::default())
        .await
        .unwrap();
    assert_eq!(everything.notifications.len(), 5);
    assert_eq!(everything.notifications[0].id, pre.id, "newest first");

    let t = c.get_template(templates::SMS_TEMPLATE_ID).await.unwrap();
    assert_eq!(t.template_type, "sms");
    let v1 = c
        .get_template_version(templates::VERSIONED_SMS_TEMPLATE_ID, 1)
        .await
        .unwrap();
    assert_eq!((v1.version, v1.body.as_str()), (1, "Version one"));
    let all = c.list_templates(None).await.unwrap();
    assert!(all.templates.len() >= 5);
    let letters = c.list_templates(Some("letter")).await.unwrap();
    assert!(letters
        .templates
        .iter()
        .all(|t| t.template_type == "letter"));
    let preview = c
        .preview_template(&PreviewTemplate {
            template_id: templates::EMAIL_TEMPLATE_ID.into(),
            personalisation: Some(p(json!({"name": "Zoë"}))),
        })
        .await
        .unwrap();
    assert_eq!(preview.subject.as_deref(), Some("Hello Zoë"));
    assert!(preview.html.is_some());
}

#[tokio::test]
async fn pagers_walk_every_page_with_the_original_filters() {
    let sim = sim(3).await;
    let c = client(&sim, KeyKind::Test);
    let mut ids = Vec::new();
    for i in 0..8 {
        let r = c
            .send_sms(
                &SendSms::new("07700900123", templates::SMS_TEMPLATE_ID)
                    .personalisation(p(json!({"name": format!("n{i}")})))
                    .reference("paged"),
            )
            .await
            .unwrap();
        ids.push(r.id);
    }
    // Noise that the filter must exclude on every page.
    c.send_email(
        &SendEmail::new("a@example.com", templates::EMAIL_TEMPLATE_ID)
            .personalisation(p(json!({"name": "x"}))),
    )
    .await
    .unwrap();
    let walked: Vec<Notification> = c
        .notifications(ListNotifications {
            template_type: Some("sms".into()),
            ..Default::default()
        })
        .into_typed_stream()
        .try_collect()
        .await
        .unwrap();
    ids.reverse();
    assert_eq!(walked.iter().map(|n| n.id.clone()).collect::<Vec<_>>(), ids);

    let mut pager = c.notifications(ListNotifications::default());
    let mut pages = 0;
    while let Some(page) = pager.next_page().await.unwrap() {
        assert!(
            page.json().unwrap()["notifications"]
                .as_array()
                .unwrap()
                .len()
                <= 3
        );
        pages += 1;
    }
    assert_eq!(pages, 3, "9 notifications in pages of 3");

    control(
        &sim,
        reqwest::Method::POST,
        "received-texts",
        json!({"count": 7}),
    )
    .await;
    let texts: Vec<Value> = c
        .received_texts(None)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(texts.len(), 7);
    let first_page = c.list_received_texts(None).await.unwrap();
    assert_eq!(first_page.received_text_messages.len(), 3);
    assert!(first_page.links.next.is_some());
}

#[tokio::test]
async fn server_errors_come_back_typed() {
    let sim = sim(250).await;
    let test = client(&sim, KeyKind::Test);

    let e = test
        .send_sms(&SendSms::new("07700900123", templates::SMS_TEMPLATE_ID))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(e.status(), Some(400));
    assert!(
        e.errors()[0].message.contains("Missing personalisation"),
        "{e}"
    );

    let e = test
        .get_notification("5e2d4c6b-7a8f-4b9c-a1d2-e3f4a5b6c7d8")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(e.errors()[0].message, "No result found");

    let team = client(&sim, KeyKind::Team);
    let e = team
        .send_letter(&SendLetter::new(
            templates::LETTER_TEMPLATE_ID,
            address("A"),
        ))
        .await
        .unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::Auth, Some(403)));

    let wrong_secret = Client::builder(&format!(
        "k-{}-00000000-0000-4000-8000-000000000000",
        sim.service_id()
    ))
    .base_url(sim.base_url())
    .build()
    .unwrap();
    let e = wrong_secret
        .get_template(templates::SMS_TEMPLATE_ID)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Auth);
    assert_eq!(e.errors()[0].message, "Invalid token: API key not found");
    assert!(!format!("{e:?}").contains("00000000-0000-4000-8000-000000000000"));

    control(
        &sim,
        reqwest::Method::POST,
        "clock",
        json!({"offset_secs": 45}),
    )
    .await;
    let e = test
        .get_template(templates::SMS_TEMPLATE_ID)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Auth);
    let skew = e.clock_skew().expect("skew reported");
    assert!((-47..=-43).contains(&skew), "{skew}");
    control(
        &sim,
        reqwest::Method::POST,
        "clock",
        json!({"offset_secs": 0}),
    )
    .await;

    control(
        &sim,
        reqwest::Method::POST,
        "faults",
        json!({"path_prefix": "/v2/template", "status": 502, "body": "<html>Bad gateway</html>",
               "content_type": "text/html", "action": "respond", "times": 1}),
    )
    .await;
    let e = test
        .get_template(templates::SMS_TEMPLATE_ID)
        .await
        .unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::Server, Some(502)));
    assert_eq!(e.body(), Some("<html>Bad gateway</html>"));
    // The fault was for one request only.
    test.get_template(templates::SMS_TEMPLATE_ID).await.unwrap();

    control(
        &sim,
        reqwest::Method::POST,
        "faults",
        json!({"path_prefix": "/v2/template", "action": "hang", "times": 1}),
    )
    .await;
    let quick = Client::builder(&sim.api_key(KeyKind::Test))
        .base_url(sim.base_url())
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let e = quick
        .get_template(templates::SMS_TEMPLATE_ID)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout);
}

#[tokio::test]
async fn gets_are_retried_through_injected_faults_and_sends_are_not() {
    let sim = sim(250).await;
    let c = Client::builder(&sim.api_key(KeyKind::Test))
        .base_url(sim.base_url())
        .retry_policy(RetryPolicy {
            initial_backoff: Duration::from_millis(5),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    control(&sim, reqwest::Method::DELETE, "requests", json!({})).await;
    control(
        &sim,
        reqwest::Method::POST,
        "faults",
        json!({"action": "respond", "status": 503, "body": "", "times": 2}),
    )
    .await;
    c.get_template(templates::SMS_TEMPLATE_ID).await.unwrap();
    control(
        &sim,
        reqwest::Method::POST,
        "faults",
        json!({"action": "respond", "status": 500, "body": "{}", "content_type": "application/json", "times": 1}),
    )
    .await;
    let e = c
        .send_sms(
            &SendSms::new("07700900123", templates::SMS_TEMPLATE_ID)
                .personalisation(p(json!({"name": "x"}))),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server);
    let recorded: Value = serde_json::from_slice(
        &reqwest::get(format!("{}/_simulator/requests", sim.base_url()))
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap();
    let list = recorded
        .as_array()
        .cloned()
        .unwrap_or_else(|| recorded["requests"].as_array().cloned().unwrap());
    let gets = list.iter().filter(|r| r["method"] == "GET").count();
    let posts = list.iter().filter(|r| r["method"] == "POST").count();
    assert_eq!(
        (gets, posts),
        (3, 1),
        "GET retried twice, the send made once"
    );
}
