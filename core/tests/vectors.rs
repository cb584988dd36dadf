//! Replays the requests recorded from the official Python client (the golden vectors in
//! `core/tests/data`; the endpoints are described in `docs/protocol.md` §6) through our request
//! builders: same method, path, query and JSON body for all 45 calls.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use govuk_notify::requests::*;
use govuk_notify::{prepare_upload, Client, UploadOptions};
use serde_json::{Map, Value};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

fn file_bytes(marker: &Value) -> Vec<u8> {
    if let Some(p) = marker.get("$file") {
        std::fs::read(format!("{DATA}/{}", p.as_str().unwrap())).unwrap()
    } else if let Some(t) = marker.get("$text") {
        t.as_str().unwrap().as_bytes().to_vec()
    } else {
        panic!("not a file marker: {marker}")
    }
}

/// Resolves `$set` and `$prepare_upload` markers the way the Python client would.
fn resolve(v: &Value) -> Value {
    match v {
        Value::Object(o) if o.contains_key("$set") => o["$set"].clone(),
        Value::Object(o) if o.contains_key("$prepare_upload") => {
            let args = &o["$prepare_upload"];
            let opts = UploadOptions {
                filename: args.get("filename").and_then(Value::as_str).map(Into::into),
                confirm_email_before_download: args
                    .get("confirm_email_before_download")
                    .and_then(Value::as_bool),
                retention_period: args
                    .get("retention_period")
                    .and_then(Value::as_str)
                    .map(Into::into),
            };
            prepare_upload(&file_bytes(&args["f"]), opts)
                .unwrap()
                .to_value()
        }
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), resolve(v))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(resolve).collect()),
        other => other.clone(),
    }
}

fn s(kw: &Map<String, Value>, k: &str) -> Option<String> {
    kw.get(k).and_then(Value::as_str).map(Into::into)
}

fn p(kw: &Map<String, Value>) -> Option<Personalisation> {
    kw.get("personalisation")
        .map(resolve)
        .and_then(|v| v.as_object().cloned())
}

fn build(call: &str, kw: &Map<String, Value>) -> HttpRequest {
    match call {
        "send_sms_notification" => SendSms {
            phone_number: s(kw, "phone_number").unwrap(),
            template_id: s(kw, "template_id").unwrap(),
            personalisation: p(kw),
            reference: s(kw, "reference"),
            sms_sender_id: s(kw, "sms_sender_id"),
        }
        .to_http(),
        "send_email_notification" => SendEmail {
            email_address: s(kw, "email_address").unwrap(),
            template_id: s(kw, "template_id").unwrap(),
            personalisation: p(kw),
            reference: s(kw, "reference"),
            email_reply_to_id: s(kw, "email_reply_to_id"),
            one_click_unsubscribe_url: s(kw, "one_click_unsubscribe_url"),
            sanitise_content_for: kw
                .get("sanitise_content_for")
                .map(|v| serde_json::from_value(v.clone()).unwrap()),
        }
        .to_http(),
        "send_letter_notification" => SendLetter {
            template_id: s(kw, "template_id").unwrap(),
            personalisation: p(kw).unwrap(),
            reference: s(kw, "reference"),
        }
        .to_http(),
        "send_precompiled_letter_notification" => SendPrecompiledLetter {
            reference: s(kw, "reference").unwrap(),
            pdf: file_bytes(&kw["pdf_file"]),
            postage: s(kw, "postage"),
        }
        .to_http(),
        "get_notification_by_id" => GetNotification {
            notification_id: s(kw, "id").unwrap(),
        }
        .to_http(),
        "get_all_notifications" => ListNotifications {
            template_type: s(kw, "template_type"),
            status: match kw.get("status") {
                Some(Value::String(one)) => vec![one.clone()],
                Some(many) => serde_json::from_value(many.clone()).unwrap(),
                None => vec![],
            },
            reference: s(kw, "reference"),
            older_than: s(kw, "older_than"),
            include_jobs: kw.get("include_jobs").and_then(Value::as_bool),
        }
        .to_http(),
        "get_pdf_for_letter" => GetPdfForLetter {
            notification_id: s(kw, "id").unwrap(),
        }
        .to_http(),
        "get_template" => GetTemplate {
            template_id: s(kw, "template_id").unwrap(),
        }
        .to_http(),
        "get_template_version" => GetTemplateVersion {
            template_id: s(kw, "template_id").unwrap(),
            version: u32::try_from(kw["version"].as_u64().unwrap()).unwrap(),
        }
        .to_http(),
        "get_all_templates" => ListTemplates {
            template_type: s(kw, "template_type"),
        }
        .to_http(),
        "post_template_preview" => PreviewTemplate {
            template_id: s(kw, "template_id").unwrap(),
            personalisation: p(kw),
        }
        .to_http(),
        "get_received_texts" => ListReceivedTexts {
            older_than: s(kw, "older_than"),
        }
        .to_http(),
        other => panic!("unmapped call {other}"),
    }
    .unwrap_or_else(|e| panic!("{call}: {e}"))
}

#[test]
fn every_official_python_request_is_reproduced() {
    let raw = std::fs::read_to_string(format!("{DATA}/official-python-requests.json")).unwrap();
    let doc: Value = serde_json::from_str(&raw).unwrap();
    let client = Client::builder(
        "k-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0",
    )
    .build()
    .unwrap();
    let vectors = doc["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 45);
    let mut checked = 0;
    for v in vectors {
        let name = v["name"].as_str().unwrap();
        let req = build(
            v["python_call"].as_str().unwrap(),
            v["python_kwargs"].as_object().unwrap(),
        );
        let want = &v["requests"][0];
        assert_eq!(req.method.as_str(), want["method"], "{name}: method");
        let url = client.url_for(&req);
        assert_eq!(url.path(), want["path"], "{name}: path");
        let mut query: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, val) in url.query_pairs() {
            query
                .entry(k.into_owned())
                .or_default()
                .push(val.into_owned());
        }
        let want_query: BTreeMap<String, Vec<String>> =
            serde_json::from_value(want["query"].clone()).unwrap();
        assert_eq!(query, want_query, "{name}: query");
        let body: Value = req
            .body
            .as_deref()
            .map_or(Value::Null, |b| serde_json::from_slice(b).unwrap());
        assert_eq!(body, want["json"], "{name}: body");
        // Key order too, as the official client writes it.
        if let (Value::Object(ours), Value::Object(theirs)) = (&body, &want["json"]) {
            let a: Vec<_> = ours.keys().collect();
            let b: Vec<_> = theirs.keys().collect();
            assert_eq!(a, b, "{name}: key order");
        }
        checked += 1;
    }
    assert_eq!(checked, 45);
}

#[test]
fn invalid_input_is_refused_naming_the_field() {
    let tid = "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    let cases: Vec<(&str, Result<HttpRequest, govuk_notify::Error>)> = vec![
        ("template_id", SendSms::new("07700900123", "nope").to_http()),
        ("phone_number", SendSms::new("  ", tid).to_http()),
        (
            "sms_sender_id",
            SendSms::new("07700900123", tid)
                .sms_sender_id("x")
                .to_http(),
        ),
        (
            "reference",
            SendSms::new("07700900123", tid)
                .reference("r".repeat(1001))
                .to_http(),
        ),
        ("email_address", SendEmail::new("", tid).to_http()),
        (
            "email_reply_to_id",
            SendEmail::new("a@b.c", tid)
                .email_reply_to_id("1")
                .to_http(),
        ),
        (
            "one_click_unsubscribe_url",
            SendEmail::new("a@b.c", tid)
                .one_click_unsubscribe_url("http://example.com/u")
                .to_http(),
        ),
        (
            "personalisation",
            SendLetter::new(tid, Personalisation::new()).to_http(),
        ),
        (
            "postage",
            SendPrecompiledLetter::new("r", b"%PDF-1.4".to_vec())
                .postage("europe")
                .to_http(),
        ),
        (
            "pdf_file",
            SendPrecompiledLetter::new("r", Vec::new()).to_http(),
        ),
        (
            "reference",
            SendPrecompiledLetter::new("", b"%PDF".to_vec()).to_http(),
        ),
        (
            "notification_id",
            GetNotification {
                notification_id: "../admin".into(),
            }
            .to_http(),
        ),
        (
            "version",
            GetTemplateVersion {
                template_id: tid.into(),
                version: 0,
            }
            .to_http(),
        ),
        (
            "template_type",
            ListTemplates {
                template_type: Some("fax".into()),
            }
            .to_http(),
        ),
        (
            "status",
            ListNotifications {
                status: vec!["lost".into()],
                ..Default::default()
            }
            .to_http(),
        ),
        (
            "older_than",
            ListReceivedTexts {
                older_than: Some("x".into()),
            }
            .to_http(),
        ),
    ];
    for (field, result) in cases {
        let err = result.expect_err(field);
        assert_eq!(err.kind(), govuk_notify::ErrorKind::Argument);
        assert_eq!(err.field(), Some(field), "{err}");
    }
    // 1000 characters (not bytes) is still fine.
    assert!(SendSms::new("07700900123", tid)
        .reference("é".repeat(1000))
        .to_http()
        .is_ok());
    // Lenient UUIDs, like the server.
    assert!(SendSms::new("07700900123", tid.to_uppercase())
        .to_http()
        .is_ok());
}

#[test]
fn requests_deserialise_from_json_and_refuse_unknown_fields() {
    let ok: SendSms = serde_json::from_str(
        r#"{"phone_number":"07700900123","template_id":"8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","personalisation":{"name":"A"}}"#,
    )
    .unwrap();
    assert_eq!(ok.personalisation.unwrap()["name"], "A");
    let err = serde_json::from_str::<SendSms>(
        r#"{"phone_number":"1","template_id":"x","sms_sender":"typo"}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("unknown field `sms_sender`"),
        "{err}"
    );
    let list: ListNotifications = serde_json::from_str(r#"{"status":"delivered"}"#).unwrap();
    assert_eq!(list.status, vec!["delivered"]);
    let pre: SendPrecompiledLetter =
        serde_json::from_str(r#"{"reference":"r","content":"JVBERi0="}"#).unwrap();
    assert_eq!(pre.pdf, b"%PDF-");
    assert!(
        serde_json::from_str::<SendPrecompiledLetter>(r#"{"reference":"r","content":"!!"}"#)
            .is_err()
    );
}
