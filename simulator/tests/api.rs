//! Every `/v2` endpoint over real HTTP: happy paths, response shapes and the
//! main validation errors (all violations reported together).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use base64::Engine as _;
use common::{expect_errors, get, post, start, start_with, test_key, Req};
use govuk_notify_simulator::templates::{
    EMAIL_FILE_TEMPLATE_ID, EMAIL_TEMPLATE_ID, LETTER_TEMPLATE_ID, SMS_TEMPLATE_ID,
    VERSIONED_SMS_TEMPLATE_ID,
};
use govuk_notify_simulator::{KeyKind, Simulator, EMAIL_REPLY_TO_ID, SMS_SENDER_ID};
use serde_json::{json, Value};

fn b64(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}

fn address() -> Value {
    json!({
        "address_line_1": "Amala Bird",
        "address_line_2": "123 High Street",
        "address_line_3": "Richmond upon Thames",
        "postcode": "SW14 6BF",
        "name": "Amala",
    })
}

async fn send_sms(sim: &Simulator, phone: &str) -> Value {
    let r = post(
        sim,
        "/v2/notifications/sms",
        &json!({"phone_number": phone, "template_id": SMS_TEMPLATE_ID, "personalisation": {"name": "x"}}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    r.json()
}

#[tokio::test]
async fn send_sms_response_and_stored_notification() {
    let sim = start().await;
    let r = post(
        &sim,
        "/v2/notifications/sms",
        &json!({
            "phone_number": "+44 7700 900123",
            "template_id": SMS_TEMPLATE_ID,
            "personalisation": {"NAME": "Amala"},
            "reference": "my-ref",
            "sms_sender_id": SMS_SENDER_ID,
        }),
    )
    .await;
    assert_eq!(r.status, 201);
    assert!(r.header("date").unwrap().ends_with(" GMT"));
    let v = r.json();
    let id = v["id"].as_str().unwrap().to_owned();
    let base = sim.base_url();
    assert_eq!(
        v,
        json!({
            "id": id,
            "reference": "my-ref",
            "content": {
                "body": "Hello Amala, this is a test text message from the Notify simulator.",
                "from_number": "GOVUK",
            },
            "uri": format!("{base}/v2/notifications/{id}"),
            "template": {
                "id": SMS_TEMPLATE_ID,
                "version": 1,
                "uri": format!("{base}/services/{}/templates/{SMS_TEMPLATE_ID}", sim.service_id()),
            },
            "scheduled_for": null,
        })
    );
    let n = get(&sim, &format!("/v2/notifications/{id}")).await.json();
    assert_eq!(n["phone_number"], "+44 7700 900123");
    assert_eq!(n["email_address"], Value::Null);
    assert_eq!(n["type"], "sms");
    assert_eq!(n["status"], "delivered");
    assert_eq!(n["reference"], "my-ref");
    assert_eq!(
        n["template"]["uri"],
        format!("{base}/v2/template/{SMS_TEMPLATE_ID}/version/1")
    );
    assert_eq!(n["is_cost_data_ready"], true);
    assert_eq!(n["cost_details"]["billable_sms_fragments"], 1);
    assert_eq!(n["scheduled_for"], Value::Null);
    assert!(n.get("estimated_delivery").is_none());
    for key in [
        "line_1",
        "line_2",
        "line_3",
        "line_4",
        "line_5",
        "line_6",
        "postcode",
        "postage",
        "subject",
        "created_by_name",
        "one_click_unsubscribe_url",
    ] {
        assert_eq!(n[key], Value::Null, "{key}");
    }
    let created = n["created_at"].as_str().unwrap();
    assert_eq!(created.len(), "2024-05-17T15:58:38.342838Z".len());
    assert!(created.ends_with('Z') && created.contains('T'));
}

#[tokio::test]
async fn sms_schema_errors_are_reported_together() {
    let sim = start().await;
    let r = post(
        &sim,
        "/v2/notifications/sms",
        &json!({"reference": null, "personalisation": "not_a_dict", "sms_sender_id": "nope", "template": 1, "colour": "red"}),
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[
                ("ValidationError", "reference None is not of type string"),
                (
                    "ValidationError",
                    "personalisation not_a_dict is not of type object"
                ),
                ("ValidationError", "sms_sender_id is not a valid UUID"),
                ("ValidationError", "phone_number is a required property"),
                ("ValidationError", "template_id is a required property"),
                (
                    "ValidationError",
                    "Additional properties are not allowed (template, colour were unexpected)"
                ),
            ]
        )
    );
    let long = "r".repeat(1001);
    let r = post(
        &sim,
        "/v2/notifications/sms",
        &json!({"phone_number": 7700900123u64, "template_id": SMS_TEMPLATE_ID, "reference": long}),
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[
                ("ValidationError", &format!("reference {long} is too long")),
                (
                    "ValidationError",
                    "phone_number 7700900123 is not of type string"
                ),
            ]
        )
    );
}

#[tokio::test]
async fn bodies_that_are_not_objects() {
    let sim = start().await;
    let r = Req::new("POST", "/v2/notifications/sms")
        .raw_body(b"{not json".to_vec())
        .key(&test_key(&sim))
        .send(&sim)
        .await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[("BadRequestError", "Invalid JSON supplied in POST data")]
        )
    );
    let r = Req::new("POST", "/v2/notifications/email")
        .key(&test_key(&sim))
        .send(&sim)
        .await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[("BadRequestError", "Invalid JSON supplied in POST data")]
        )
    );
    let r = post(&sim, "/v2/notifications/sms", &json!([1, "a"])).await;
    assert_eq!(
        r.errors(),
        expect_errors(400, &[("ValidationError", "[1, a] is not of type object")])
    );
    let r = post(&sim, "/v2/notifications/email", &Value::Null).await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[
                ("ValidationError", "email_address is a required property"),
                ("ValidationError", "template_id is a required property"),
            ]
        )
    );
}

#[tokio::test]
async fn phone_number_rules() {
    let sim = start().await;
    for (phone, message) in [
        ("07700 9001", "phone_number Not enough digits"),
        ("07700 90012345", "phone_number Too many digits"),
        ("01632 960000", "phone_number Not a UK mobile number"),
        (
            "0770090012a",
            "phone_number Must not contain letters or symbols",
        ),
        ("+2891234567", "phone_number Not a valid country prefix"),
    ] {
        let r = post(
            &sim,
            "/v2/notifications/sms",
            &json!({"phone_number": phone, "template_id": SMS_TEMPLATE_ID, "personalisation": {"name": "x"}}),
        )
        .await;
        assert_eq!(
            r.errors(),
            expect_errors(400, &[("ValidationError", message)]),
            "{phone}"
        );
    }
    for ok in [
        "07700900123",
        "447700900123",
        "+447700900123",
        "(0)7700-900-123",
        "+1 202 555 0123",
    ] {
        send_sms(&sim, ok).await;
    }
    let no_international = start_with(|c| c.services[0].international_sms = false).await;
    let r = post(
        &no_international,
        "/v2/notifications/sms",
        &json!({"phone_number": "+1 202 555 0123", "template_id": SMS_TEMPLATE_ID, "personalisation": {"name": "x"}}),
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[(
                "BadRequestError",
                "Cannot send to international mobile numbers"
            )]
        )
    );
}

#[tokio::test]
async fn template_and_content_errors() {
    let sim = start().await;
    let cases = [
        (
            json!({"phone_number": "07700900123", "template_id": "00000000-0000-4000-8000-000000000000"}),
            "Template not found",
        ),
        (
            json!({"phone_number": "07700900123", "template_id": EMAIL_TEMPLATE_ID, "personalisation": {"name": "x"}}),
            "email template is not suitable for sms notification",
        ),
        (
            json!({"phone_number": "07700900123", "template_id": SMS_TEMPLATE_ID}),
            "Missing personalisation: name",
        ),
        (
            json!({"phone_number": "07700900123", "template_id": SMS_TEMPLATE_ID, "personalisation": {"name": null}}),
            "Missing personalisation: name",
        ),
        (
            json!({"phone_number": "07700900123", "template_id": SMS_TEMPLATE_ID, "personalisation": {"name": {"file": "YQ=="}}}),
            "Can only send a file by email",
        ),
        (
            json!({"phone_number": "07700900123", "template_id": SMS_TEMPLATE_ID, "sms_sender_id": "00000000-0000-4000-8000-000000000000", "personalisation": {"name": "x"}}),
            "",
        ),
    ];
    for (body, message) in cases {
        let r = post(&sim, "/v2/notifications/sms", &body).await;
        let expected = if message.is_empty() {
            format!(
                "sms_sender_id 00000000-0000-4000-8000-000000000000 does not exist in database for service id {}",
                sim.service_id()
            )
        } else {
            message.to_owned()
        };
        assert_eq!(
            r.errors(),
            expect_errors(400, &[("BadRequestError", &expected)]),
            "{body}"
        );
    }
    let name = "n".repeat(900);
    let body = format!("Hello {name}, this is a test text message from the Notify simulator.");
    let r = post(
        &sim,
        "/v2/notifications/sms",
        &json!({"phone_number": "07700900123", "template_id": SMS_TEMPLATE_ID, "personalisation": {"name": name}}),
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[(
                "BadRequestError",
                &format!(
                    "Your message is too long. Text messages cannot be longer than 918 characters. Your message is {} characters long.",
                    body.len()
                )
            )]
        )
    );
    // A list value renders inline in a text message.
    let r = post(
        &sim,
        "/v2/notifications/sms",
        &json!({"phone_number": "07700900123", "template_id": SMS_TEMPLATE_ID, "personalisation": {"name": ["a", "b", "c"]}}),
    )
    .await;
    assert_eq!(
        r.json()["content"]["body"],
        "Hello a, b and c, this is a test text message from the Notify simulator."
    );
}

#[tokio::test]
async fn send_email_with_unsubscribe_and_sanitising() {
    let sim = start().await;
    let r = post(
        &sim,
        "/v2/notifications/email",
        &json!({
            "email_address": "Amala@Example.com",
            "template_id": EMAIL_TEMPLATE_ID,
            "personalisation": {"name": "Visit evil.example.com *now*"},
            "reference": "e-ref",
            "email_reply_to_id": EMAIL_REPLY_TO_ID,
            "one_click_unsubscribe_url": "https://example.gov.uk/unsubscribe",
            "sanitise_content_for": ["Name"],
        }),
    )
    .await;
    assert_eq!(r.status, 201);
    let v = r.json();
    let sanitised = "Visit evil\\. example\\. com \\*now\\*";
    assert_eq!(v["content"]["subject"], format!("Hello {sanitised}"));
    assert_eq!(
        v["content"]["from_email"],
        "notify.simulator@notifications.service.gov.uk"
    );
    assert_eq!(
        v["content"]["one_click_unsubscribe_url"],
        "https://example.gov.uk/unsubscribe"
    );
    assert_eq!(
        v["sanitised_content"],
        json!({"name": {"unsanitised": "Visit evil.example.com *now*", "sanitised": sanitised}})
    );
    let n = get(
        &sim,
        &format!("/v2/notifications/{}", v["id"].as_str().unwrap()),
    )
    .await
    .json();
    assert_eq!(n["email_address"], "Amala@Example.com");
    assert_eq!(
        n["one_click_unsubscribe_url"],
        "https://example.gov.uk/unsubscribe"
    );
    assert_eq!(n["cost_in_pounds"], 0.0);

    let plain = post(
        &sim,
        "/v2/notifications/email",
        &json!({"email_address": "a@example.com", "template_id": EMAIL_TEMPLATE_ID, "personalisation": {"name": "x"}}),
    )
    .await
    .json();
    assert_eq!(plain["sanitised_content"], json!({}));
    assert_eq!(plain["content"]["one_click_unsubscribe_url"], Value::Null);

    let r = post(
        &sim,
        "/v2/notifications/email",
        &json!({
            "email_address": "not@valid",
            "template_id": EMAIL_TEMPLATE_ID,
            "one_click_unsubscribe_url": "http://example.gov.uk",
            "sanitise_content_for": "name",
            "email_reply_to_id": 5,
        }),
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[
                ("ValidationError", "email_address Not a valid email address"),
                ("ValidationError", "email_reply_to_id is not a valid UUID"),
                (
                    "ValidationError",
                    "one_click_unsubscribe_url is not a valid https url"
                ),
                (
                    "ValidationError",
                    "sanitise_content_for name is not of type array, null"
                ),
            ]
        )
    );
    let r = post(
        &sim,
        "/v2/notifications/email",
        &json!({"email_address": "a@example.com", "template_id": EMAIL_TEMPLATE_ID, "personalisation": {"name": "x"},
                 "email_reply_to_id": "00000000-0000-4000-8000-000000000000"}),
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[(
                "BadRequestError",
                &format!("email_reply_to_id 00000000-0000-4000-8000-000000000000 does not exist in database for service id {}", sim.service_id())
            )]
        )
    );
}

#[tokio::test]
async fn send_a_file_by_email() {
    let sim = start().await;
    let send = |file: Value| {
        let sim = &sim;
        async move {
            post(
                sim,
                "/v2/notifications/email",
                &json!({"email_address": "a@example.com", "template_id": EMAIL_FILE_TEMPLATE_ID,
                         "personalisation": {"link_to_file": file}}),
            )
            .await
        }
    };
    let ok = send(json!({"file": b64(b"a,b\n1,2\n"), "filename": "report.csv",
                         "confirm_email_before_download": false, "retention_period": "52 weeks"}))
    .await;
    assert_eq!(ok.status, 201, "{}", String::from_utf8_lossy(&ok.body));
    let body = ok.json()["content"]["body"].as_str().unwrap().to_owned();
    let prefix = format!(
        "Download your document: https://documents.service.gov.uk/d/{}/",
        sim.service_id()
    );
    assert!(body.starts_with(&prefix), "{body}");
    assert!(body.contains("?key="), "{body}");
    // Without a filename the type is sniffed.
    let pdf = send(json!({"file": b64(b"%PDF-1.4 ..."), "filename": null, "confirm_email_before_download": null, "retention_period": null})).await;
    assert_eq!(pdf.status, 201);

    let cases: Vec<(Value, &str, String)> = vec![
        (
            json!({"file": b64(b"x"), "retention_period": "2 months"}),
            "BadRequestError",
            "Unsupported value for retention_period '2 months'. Supported periods are from 1 to 78 weeks.".into(),
        ),
        (
            json!({"file": b64(b"x"), "retention_period": "79 weeks"}),
            "BadRequestError",
            "Unsupported value for retention_period '79 weeks'. Supported periods are from 1 to 78 weeks.".into(),
        ),
        (
            json!({"file": b64(b"x"), "confirm_email_before_download": "yes"}),
            "BadRequestError",
            "Unsupported value for confirm_email_before_download: 'yes'. Use a boolean true or false value.".into(),
        ),
        (
            json!({"file": b64(b"x"), "filename": format!("{}.csv", "a".repeat(97))}),
            "BadRequestError",
            "`filename` cannot be longer than 100 characters".into(),
        ),
        (
            json!({"file": b64(b"x"), "filename": "noextension"}),
            "BadRequestError",
            "`filename` must end with a file extension. For example, filename.csv".into(),
        ),
        (
            json!({"file": "abc"}),
            "BadRequestError",
            "Document is not base64 encoded".into(),
        ),
        (
            json!({"file": b64(&vec![b'a'; 2 * 1024 * 1024 + 1025]), "filename": "big.txt"}),
            "BadRequestError",
            "Uploaded file exceeds file size limit".into(),
        ),
        (
            json!({"file": b64(b"x"), "colour": "red"}),
            "ValidationError",
            "Additional properties are not allowed (colour was unexpected)".into(),
        ),
    ];
    for (file, error, message) in cases {
        let r = send(file.clone()).await;
        assert_eq!(
            r.errors(),
            expect_errors(400, &[(error, &message)]),
            "{file}"
        );
    }
    // Exactly 2 MiB + 1 KiB is still accepted.
    let edge =
        send(json!({"file": b64(&vec![b'a'; 2 * 1024 * 1024 + 1024]), "filename": "edge.txt"}))
            .await;
    assert_eq!(edge.status, 201);
}

#[tokio::test]
async fn letters_and_precompiled_letters() {
    let sim = start().await;
    let r = post(
        &sim,
        "/v2/notifications/letter",
        &json!({"template_id": LETTER_TEMPLATE_ID, "personalisation": address(), "reference": "l-ref"}),
    )
    .await;
    assert_eq!(r.status, 201);
    let v = r.json();
    assert_eq!(
        v["content"],
        json!({"subject": "Letter for Amala", "body": "Dear Amala,\n\nThis is a test letter from the Notify simulator."})
    );
    let id = v["id"].as_str().unwrap();
    let n = get(&sim, &format!("/v2/notifications/{id}")).await.json();
    assert_eq!(n["type"], "letter");
    assert_eq!(n["status"], "received");
    assert_eq!(n["line_1"], "Amala Bird");
    assert_eq!(n["line_3"], "Richmond upon Thames");
    assert_eq!(n["line_4"], Value::Null);
    assert_eq!(n["postcode"], "SW14 6BF");
    assert_eq!(n["postage"], "second");
    assert!(n["estimated_delivery"].as_str().unwrap().ends_with('Z'));
    assert_eq!(n["cost_details"]["postage"], "second");

    let pdf = get(&sim, &format!("/v2/notifications/{id}/pdf")).await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.body.starts_with(b"%PDF-1.4"));
    assert!(String::from_utf8_lossy(&pdf.body).contains("(Letter for Amala) Tj"));

    let mut abroad = address();
    abroad["postcode"] = json!("France");
    let r = post(
        &sim,
        "/v2/notifications/letter",
        &json!({"template_id": LETTER_TEMPLATE_ID, "personalisation": abroad}),
    )
    .await;
    let n = get(
        &sim,
        &format!("/v2/notifications/{}", r.json()["id"].as_str().unwrap()),
    )
    .await
    .json();
    assert_eq!(n["postage"], "europe");

    let content = b"%PDF-1.4 precompiled";
    let r = post(
        &sim,
        "/v2/notifications/letter",
        &json!({"reference": "pre", "content": b64(content), "postage": "economy"}),
    )
    .await;
    assert_eq!(r.status, 201);
    let v = r.json();
    assert_eq!(v.as_object().unwrap().len(), 3);
    assert_eq!(
        (v["reference"].as_str(), v["postage"].as_str()),
        (Some("pre"), Some("economy"))
    );
    let pdf = get(
        &sim,
        &format!("/v2/notifications/{}/pdf", v["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(pdf.body, content);
    let r = post(
        &sim,
        "/v2/notifications/letter",
        &json!({"reference": "pre", "content": b64(content)}),
    )
    .await;
    assert_eq!(r.json()["postage"], "second");
}

#[tokio::test]
async fn letter_errors() {
    let sim = start().await;
    let letter = |personalisation: Value| json!({"template_id": LETTER_TEMPLATE_ID, "personalisation": personalisation});
    let cases = [
        (
            json!({"template_id": LETTER_TEMPLATE_ID}),
            "personalisation is a required property",
        ),
        (
            letter(json!({"address_line_1": "A", "name": "x"})),
            "personalisation address_line_2 is a required property",
        ),
        (
            letter(json!({"address_line_1": "A", "address_line_2": "B", "name": "x"})),
            "Address must be at least 3 lines",
        ),
        (
            letter(json!({"address_line_1": "A", "address_line_2": "B", "postcode": "Narnia", "name": "x"})),
            "Last line of address must be a real UK postcode or another country",
        ),
        (
            letter(json!({"address_line_1": "=A", "address_line_2": "B", "postcode": "SW1A 1AA", "name": "x"})),
            "Address lines must not start with any of the following characters: @ ( ) = [ ] \u{201d} \\ / , < > ~",
        ),
        (
            letter(json!({"address_line_1": "A\nB\nC\nD\nE\nF", "address_line_2": "G", "postcode": "SW1A 1AA", "name": "x"})),
            "Address must be no more than 7 lines",
        ),
    ];
    for (body, message) in cases {
        let r = post(&sim, "/v2/notifications/letter", &body).await;
        assert_eq!(
            r.errors(),
            expect_errors(400, &[("ValidationError", message)]),
            "{body}"
        );
    }
    let r = post(
        &sim,
        "/v2/notifications/letter",
        &letter(json!({"address_line_1": "A", "address_line_2": "B", "postcode": "SW1A 1AA"})),
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(400, &[("BadRequestError", "Missing personalisation: name")])
    );
    let uk_only = start_with(|c| c.services[0].international_letters = false).await;
    let r = post(
        &uk_only,
        "/v2/notifications/letter",
        &letter(json!({"address_line_1": "A", "address_line_2": "B", "postcode": "France", "name": "x"})),
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(400, &[("ValidationError", "Must be a real UK postcode")])
    );

    let pre_cases = [
        (
            json!({"content": b64(b"%PDF")}),
            "ValidationError",
            "reference is a required property",
        ),
        (
            json!({"reference": "r", "content": b64(b"%PDF"), "postage": "europe"}),
            "ValidationError",
            "postage invalid. It must be either first, second or economy.",
        ),
        (
            json!({"reference": "r", "content": "not base64!"}),
            "BadRequestError",
            "Cannot decode letter content (invalid base64 encoding)",
        ),
    ];
    for (body, error, message) in pre_cases {
        let r = post(&sim, "/v2/notifications/letter", &body).await;
        assert_eq!(
            r.errors(),
            expect_errors(400, &[(error, message)]),
            "{body}"
        );
    }
    let r = post(
        &sim,
        "/v2/notifications/letter",
        &json!({"reference": "r", "content": "", "postage": 1, "extra": true}),
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[
                ("ValidationError", "postage 1 is not of type string"),
                (
                    "ValidationError",
                    "Additional properties are not allowed (extra was unexpected)"
                ),
            ]
        )
    );
}

#[tokio::test]
async fn pdf_errors() {
    let sim = start_with(|c| c.pdf_delay_ms = 60_000).await;
    let sms = send_sms(&sim, "07700900123").await;
    let r = get(
        &sim,
        &format!("/v2/notifications/{}/pdf", sms["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(400, &[("BadRequestError", "Notification is not a letter")])
    );
    let letter = post(
        &sim,
        "/v2/notifications/letter",
        &json!({"template_id": LETTER_TEMPLATE_ID, "personalisation": address()}),
    )
    .await
    .json();
    let r = get(
        &sim,
        &format!("/v2/notifications/{}/pdf", letter["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[("PDFNotReadyError", "PDF not available yet, try again later")]
        )
    );
    let r = get(&sim, "/v2/notifications/nope/pdf").await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[("ValidationError", "notification_id is not a valid UUID")]
        )
    );
    let r = get(
        &sim,
        "/v2/notifications/00000000-0000-4000-8000-000000000000/pdf",
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(404, &[("NoResultFound", "No result found")])
    );
}

#[tokio::test]
async fn templates_versions_and_listing() {
    let sim = start().await;
    let t = get(&sim, &format!("/v2/template/{EMAIL_TEMPLATE_ID}")).await;
    assert_eq!(t.status, 200);
    assert_eq!(
        t.json(),
        json!({
            "id": EMAIL_TEMPLATE_ID,
            "type": "email",
            "created_at": "2024-01-01T09:00:00.000000Z",
            "updated_at": null,
            "created_by": "notify-simulator@example.gov.uk",
            "version": 1,
            "body": "Dear ((name)),\n\nThis is a test email from the Notify simulator.",
            "subject": "Hello ((name))",
            "name": "Simulator email",
            "personalisation": {"name": {"required": true}},
            "postage": null,
            "letter_contact_block": null,
        })
    );
    let latest = get(&sim, &format!("/v2/template/{VERSIONED_SMS_TEMPLATE_ID}"))
        .await
        .json();
    assert_eq!(latest["version"], 2);
    assert_eq!(latest["updated_at"], "2024-02-01T09:00:00.000000Z");
    let v1 = get(
        &sim,
        &format!("/v2/template/{VERSIONED_SMS_TEMPLATE_ID}/version/1"),
    )
    .await
    .json();
    assert_eq!(
        (v1["version"].clone(), v1["body"].clone()),
        (json!(1), json!("Version one"))
    );
    assert_eq!(v1["personalisation"], json!({}));
    let letter = get(&sim, &format!("/v2/template/{LETTER_TEMPLATE_ID}"))
        .await
        .json();
    assert_eq!(letter["postage"], "second");
    assert!(letter["letter_contact_block"].is_string());

    let r = get(
        &sim,
        &format!("/v2/template/{VERSIONED_SMS_TEMPLATE_ID}/version/0"),
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[("ValidationError", "version 0 is less than the minimum of 1")]
        )
    );
    let r = get(
        &sim,
        &format!("/v2/template/{VERSIONED_SMS_TEMPLATE_ID}/version/3"),
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(404, &[("NoResultFound", "No result found")])
    );
    for bad in ["abc", "-1", "1.5"] {
        let r = get(
            &sim,
            &format!("/v2/template/{VERSIONED_SMS_TEMPLATE_ID}/version/{bad}"),
        )
        .await;
        assert_eq!(r.status, 404, "{bad}");
        assert_eq!(r.json()["result"], "error");
    }
    let r = get(&sim, "/v2/template/not-a-uuid").await;
    assert_eq!(
        r.errors(),
        expect_errors(400, &[("ValidationError", "id is not a valid UUID")])
    );
    let r = get(&sim, "/v2/template/00000000-0000-4000-8000-000000000000").await;
    assert_eq!(
        r.errors(),
        expect_errors(404, &[("NoResultFound", "No result found")])
    );

    let all = get(&sim, "/v2/templates").await.json();
    assert_eq!(all["templates"].as_array().unwrap().len(), 5);
    let sms = get(&sim, "/v2/templates?type=sms").await.json();
    let types: Vec<&str> = sms["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["sms", "sms"]);
    let r = get(&sim, "/v2/templates?type=fax").await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[(
                "ValidationError",
                "type fax is not one of [sms, email, letter]"
            )]
        )
    );
    let r = get(&sim, "/v2/templates?template_type=sms").await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[(
                "ValidationError",
                "Additional properties are not allowed (template_type was unexpected)"
            )]
        )
    );
}

#[tokio::test]
async fn template_preview() {
    let sim = start().await;
    let r = post(
        &sim,
        &format!("/v2/template/{EMAIL_TEMPLATE_ID}/preview"),
        &json!({"personalisation": {"name": "<Amala>"}}),
    )
    .await;
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["id"], EMAIL_TEMPLATE_ID);
    assert_eq!(v["type"], "email");
    assert_eq!(v["version"], 1);
    assert_eq!(v["subject"], "Hello <Amala>");
    assert_eq!(
        v["body"],
        "Dear <Amala>,\n\nThis is a test email from the Notify simulator."
    );
    let html = v["html"].as_str().unwrap();
    assert!(html.starts_with("<p"), "{html}");
    assert!(html.contains("Dear &lt;Amala&gt;,"), "{html}");
    assert_eq!(v["postage"], Value::Null);

    let sms = post(
        &sim,
        &format!("/v2/template/{SMS_TEMPLATE_ID}/preview"),
        &json!({"personalisation": {"name": "A"}, "ignored": true}),
    )
    .await
    .json();
    assert_eq!(
        (sms["html"].clone(), sms["subject"].clone()),
        (Value::Null, Value::Null)
    );
    let letter = post(
        &sim,
        &format!("/v2/template/{LETTER_TEMPLATE_ID}/preview"),
        &json!({"personalisation": {"name": "A"}}),
    )
    .await
    .json();
    assert_eq!(letter["postage"], "second");
    assert_eq!(letter["subject"], "Letter for A");

    // An empty body counts as {}.
    let r = Req::new(
        "POST",
        &format!("/v2/template/{VERSIONED_SMS_TEMPLATE_ID}/preview"),
    )
    .key(&test_key(&sim))
    .send(&sim)
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(400, &[("BadRequestError", "Missing personalisation: name")])
    );
    let r = post(
        &sim,
        &format!("/v2/template/{SMS_TEMPLATE_ID}/preview"),
        &json!({"personalisation": null}),
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[(
                "ValidationError",
                "personalisation None is not of type object"
            )]
        )
    );
    let r = post(
        &sim,
        "/v2/template/00000000-0000-4000-8000-000000000000/preview",
        &json!({}),
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(404, &[("NoResultFound", "No result found")])
    );
}

#[tokio::test]
async fn list_notifications_pages_with_links() {
    let sim = start_with(|c| c.page_size = 2).await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(
            send_sms(&sim, "07700900123").await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    ids.reverse();
    let base = sim.base_url();
    let mut older_than: Option<String> = None;
    let mut walked = Vec::new();
    let mut pages = 0;
    loop {
        let path = match &older_than {
            Some(id) => format!("/v2/notifications?template_type=sms&older_than={id}"),
            None => "/v2/notifications?template_type=sms".to_owned(),
        };
        let page = get(&sim, &path).await.json();
        pages += 1;
        assert_eq!(page["links"]["current"], format!("{base}{path}"));
        let items = page["notifications"].as_array().unwrap();
        if items.is_empty() {
            assert!(page["links"].get("next").is_none());
            break;
        }
        assert!(items.len() <= 2);
        let last = items.last().unwrap()["id"].as_str().unwrap().to_owned();
        assert_eq!(
            page["links"]["next"],
            format!("{base}/v2/notifications?template_type=sms&older_than={last}")
        );
        walked.extend(items.iter().map(|n| n["id"].as_str().unwrap().to_owned()));
        older_than = Some(last);
    }
    assert_eq!(walked, ids);
    assert_eq!(pages, 4);

    let r = get(
        &sim,
        "/v2/notifications?status=delivered&status=failed&reference=a%20b&include_jobs=true",
    )
    .await
    .json();
    assert_eq!(
        r["links"]["current"],
        format!("{base}/v2/notifications?status=delivered&status=failed&reference=a+b&include_jobs=true")
    );
    let r = get(
        &sim,
        "/v2/notifications?older_than=00000000-0000-4000-8000-000000000000",
    )
    .await
    .json();
    assert_eq!(r["notifications"], json!([]));
    assert!(r["links"].get("next").is_none());

    let r = get(
        &sim,
        "/v2/notifications?include_jobs=false&older_than=x&template_type=fax&foo=1&bar=2",
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[
                (
                    "ValidationError",
                    "template_type fax is not one of [sms, email, letter]"
                ),
                (
                    "ValidationError",
                    "include_jobs false is not one of [true, True]"
                ),
                ("ValidationError", "older_than is not a valid UUID"),
                (
                    "ValidationError",
                    "Additional properties are not allowed (foo, bar were unexpected)"
                ),
            ]
        )
    );
}

#[tokio::test]
async fn statuses_advance_with_time() {
    let sim = start_with(|c| c.status_delay_ms = 1000).await;
    let id = send_sms(&sim, "07700900123").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let status = || {
        let sim = &sim;
        let id = id.clone();
        async move { get(sim, &format!("/v2/notifications/{id}")).await.json() }
    };
    let n = status().await;
    assert_eq!(n["status"], "created");
    assert_eq!(n["sent_at"], Value::Null);
    assert_eq!(n["completed_at"], Value::Null);
    assert_eq!(n["is_cost_data_ready"], false);
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let n = status().await;
    assert_eq!(n["status"], "sending");
    assert!(n["sent_at"].is_string());
    assert_eq!(n["completed_at"], Value::Null);
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let n = status().await;
    assert_eq!(n["status"], "delivered");
    assert!(n["completed_at"].is_string());
    let sending_list = get(&sim, "/v2/notifications?status=sending").await.json();
    assert_eq!(sending_list["notifications"], json!([]));
}

#[tokio::test]
async fn test_key_failures_and_smoke_tests() {
    let sim = start().await;
    let status_of = |v: Value| {
        let sim = &sim;
        async move {
            get(
                sim,
                &format!("/v2/notifications/{}", v["id"].as_str().unwrap()),
            )
            .await
            .json()["status"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    assert_eq!(
        status_of(send_sms(&sim, "07700900003").await).await,
        "temporary-failure"
    );
    assert_eq!(
        status_of(send_sms(&sim, "+447700900002").await).await,
        "permanent-failure"
    );
    assert_eq!(
        status_of(send_sms(&sim, "07700900004").await).await,
        "delivered"
    );
    for (address, expected) in [
        ("temp-fail@simulator.notify", "temporary-failure"),
        ("perm-fail@simulator.notify", "permanent-failure"),
        ("someone@example.com", "delivered"),
    ] {
        let v = post(
            &sim,
            "/v2/notifications/email",
            &json!({"email_address": address, "template_id": EMAIL_TEMPLATE_ID, "personalisation": {"name": "x"}}),
        )
        .await
        .json();
        assert_eq!(status_of(v).await, expected, "{address}");
    }
    let failed = get(&sim, "/v2/notifications?status=failed").await.json();
    assert_eq!(failed["notifications"].as_array().unwrap().len(), 4);

    let before = sim.notification_count();
    let smoke = send_sms(&sim, "07700900111").await;
    let email = post(
        &sim,
        "/v2/notifications/email",
        &json!({"email_address": "simulate-delivered-2@notifications.service.gov.uk", "template_id": EMAIL_TEMPLATE_ID, "personalisation": {"name": "x"}}),
    )
    .await;
    assert_eq!(email.status, 201);
    assert_eq!(sim.notification_count(), before);
    let r = get(
        &sim,
        &format!("/v2/notifications/{}", smoke["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(404, &[("NoResultFound", "No result found")])
    );
}

#[tokio::test]
async fn team_key_rules_and_key_type_separation() {
    let sim = start().await;
    let team = sim.api_key(KeyKind::Team);
    let team_post = |path: &str, body: Value| {
        let sim = &sim;
        let req = Req::post(path, &body).key(&team);
        async move { req.send(sim).await }
    };
    let ok = team_post(
        "/v2/notifications/sms",
        json!({"phone_number": "+447700900123", "template_id": SMS_TEMPLATE_ID, "personalisation": {"name": "x"}}),
    )
    .await;
    assert_eq!(ok.status, 201);
    let ok = team_post(
        "/v2/notifications/email",
        json!({"email_address": "TEAM@example.gov.uk", "template_id": EMAIL_TEMPLATE_ID, "personalisation": {"name": "x"}}),
    )
    .await;
    assert_eq!(ok.status, 201);
    let r = team_post(
        "/v2/notifications/email",
        json!({"email_address": "stranger@example.com", "template_id": EMAIL_TEMPLATE_ID, "personalisation": {"name": "x"}}),
    )
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[(
                "BadRequestError",
                "Can\u{2019}t send to this recipient using a team-only API key"
            )]
        )
    );
    for body in [
        json!({"template_id": LETTER_TEMPLATE_ID, "personalisation": address()}),
        json!({"reference": "r", "content": b64(b"%PDF")}),
    ] {
        let r = team_post("/v2/notifications/letter", body).await;
        assert_eq!(
            r.errors(),
            expect_errors(
                403,
                &[("BadRequestError", "Cannot send letters with a team api key")]
            )
        );
    }
    let team_list = Req::get("/v2/notifications")
        .key(&team)
        .send(&sim)
        .await
        .json();
    assert_eq!(team_list["notifications"].as_array().unwrap().len(), 2);
    let test_list = get(&sim, "/v2/notifications").await.json();
    assert_eq!(test_list["notifications"], json!([]));
    // Get-by-id works across key types.
    let id = team_list["notifications"][0]["id"].as_str().unwrap();
    assert_eq!(
        get(&sim, &format!("/v2/notifications/{id}")).await.status,
        200
    );

    let trial = start_with(|c| c.services[0].restricted = true).await;
    let live = trial.api_key(KeyKind::Live);
    let r = Req::post(
        "/v2/notifications/sms",
        &json!({"phone_number": "07700900999", "template_id": SMS_TEMPLATE_ID, "personalisation": {"name": "x"}}),
    )
    .key(&live)
    .send(&trial)
    .await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[(
                "BadRequestError",
                "Can\u{2019}t send to this recipient when service is in trial mode \u{2013} see https://www.notifications.service.gov.uk/trial-mode"
            )]
        )
    );
}

#[tokio::test]
async fn received_text_messages() {
    let sim = start_with(|c| c.page_size = 2).await;
    let ids = sim.seed_received_texts(
        (0..3)
            .map(|i| govuk_notify_simulator::ReceivedTextSeed {
                user_number: Some("447700900111".into()),
                content: Some(format!("text {i}")),
            })
            .collect(),
    );
    let base = sim.base_url();
    let page = get(&sim, "/v2/received-text-messages").await.json();
    let items = page["received_text_messages"].as_array().unwrap();
    assert_eq!(
        items
            .iter()
            .map(|t| t["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        [ids[2].as_str(), ids[1].as_str()]
    );
    assert_eq!(items[0]["content"], "text 2");
    assert_eq!(items[0]["notify_number"], "07700900456");
    assert_eq!(items[0]["user_number"], "447700900111");
    assert_eq!(items[0]["service_id"], sim.service_id());
    assert_eq!(
        page["links"]["current"],
        format!("{base}/v2/received-text-messages")
    );
    assert_eq!(
        page["links"]["next"],
        format!("{base}/v2/received-text-messages?older_than={}", ids[1])
    );
    let page2 = get(
        &sim,
        &format!("/v2/received-text-messages?older_than={}", ids[1]),
    )
    .await
    .json();
    assert_eq!(page2["received_text_messages"][0]["id"], ids[0].as_str());
    assert_eq!(
        page2["links"]["current"],
        format!("{base}/v2/received-text-messages")
    );
    let r = get(&sim, "/v2/received-text-messages?older_than=bad&x=1").await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[
                ("ValidationError", "older_than is not a valid UUID"),
                (
                    "ValidationError",
                    "Additional properties are not allowed (x was unexpected)"
                ),
            ]
        )
    );
}

#[tokio::test]
async fn routing_errors_use_the_legacy_shape() {
    let sim = start().await;
    let not_found = "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.";
    for path in [
        "/",
        "/v2",
        "/v2/notification",
        "/v2/notifications/",
        "/v3/notifications",
    ] {
        let r = Req::get(path).send(&sim).await;
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(
            r.json(),
            json!({"result": "error", "message": not_found}),
            "{path}"
        );
    }
    let r = post(&sim, "/v2/notifications/fax", &json!({})).await;
    assert_eq!(r.json(), json!({"result": "error", "message": not_found}));
    let r = Req::new("DELETE", &format!("/v2/template/{SMS_TEMPLATE_ID}"))
        .send(&sim)
        .await;
    assert_eq!(r.status, 405);
    assert_eq!(r.json()["result"], "error");
    let r = Req::get(&format!(
        "/service/{}/template/{SMS_TEMPLATE_ID}/versions",
        sim.service_id()
    ))
    .key(&test_key(&sim))
    .send(&sim)
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.json(),
        json!({"result": "error", "message": {"token": ["Unauthorized: not allowed to perform this action"]}})
    );
    let r = get(&sim, "/v2/notifications/not-a-uuid").await;
    assert_eq!(
        r.errors(),
        expect_errors(
            400,
            &[("ValidationError", "notification_id is not a valid UUID")]
        )
    );
}
