//! Response and error parsing for every endpoint.
//!
//! Input layout (so seeds are easy to write by hand): two bytes of HTTP status (big-endian), one
//! byte whose low two bits are the number of header lines, that many `name:value\n` lines, then
//! the body. The body goes through `Error::from_response` (the one status/body → error mapping)
//! and is parsed as every response model in `govuk_notify::models`.
//!
//! Checked: no panic; the kind follows the documented status table; the status, body and
//! `Retry-After` seconds are reported as received; `to_json()` always has the stable fields; and
//! every model that parses re-serialises to JSON that parses back to an equal value.
#![no_main]

use govuk_notify::models::{
    EmailContent, EmailResponse, LetterContent, LetterResponse, Links, Notification,
    NotificationList, PrecompiledLetterResponse, ReceivedText, ReceivedTextList, SanitisedValue,
    SmsContent, SmsResponse, Template, TemplateList, TemplatePreview, TemplateRef,
};
use govuk_notify::{ApiErrorItem, Error, ErrorKind};
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;

type Headers = Vec<(String, String)>;

fn split(data: &[u8]) -> Option<(u16, Headers, &[u8])> {
    if data.len() < 3 {
        return None;
    }
    let status = u16::from_be_bytes([data[0], data[1]]);
    let n = data[2];
    let mut rest = &data[3..];
    let mut headers = Vec::new();
    for _ in 0..(n & 3) {
        let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let line = String::from_utf8_lossy(&rest[..end]).into_owned();
        rest = rest.get(end + 1..).unwrap_or(&[]);
        let (name, value) = line.split_once(':').unwrap_or((&line, ""));
        headers.push((name.to_owned(), value.to_owned()));
    }
    Some((status, headers, rest))
}

fn expected_kind(status: u16, first_error: Option<&str>) -> ErrorKind {
    match status {
        400 => ErrorKind::Validation,
        401 | 403 => ErrorKind::Auth,
        404 => ErrorKind::NotFound,
        429 if first_error == Some("RateLimitError") => ErrorKind::RateLimited,
        429 if first_error == Some("TooManyRequestsError") => ErrorKind::DailyLimit,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::Http,
    }
}

fn check_error(status: u16, headers: Headers, body: &[u8]) {
    let retry_after_secs = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("retry-after"))
        .and_then(|(_, v)| v.trim().parse::<u64>().ok());
    let e = Error::from_response(status, headers.clone(), body);
    let first = e.errors().first().map(|i| i.error.as_str());
    assert_eq!(e.kind(), expected_kind(status, first), "{e:?}");
    assert_eq!(e.status(), Some(status));
    assert!(e.may_have_reached_server());
    assert!(!e.is_send(), "from_response alone is never a send");
    assert_eq!(e.is_retryable(), e.kind().is_transient());
    assert_eq!(e.body(), Some(&*String::from_utf8_lossy(body)));
    assert_eq!(e.headers(), &headers[..]);
    assert!(
        e.message().starts_with(&format!("HTTP {status}: ")),
        "{}",
        e.message()
    );
    assert_eq!(e.to_string(), e.message());
    if let Some(secs) = retry_after_secs {
        assert_eq!(e.retry_after(), Some(std::time::Duration::from_secs(secs)));
    }
    // The v2 envelope: `errors` is kept exactly as sent.
    let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let sent_errors = json
        .as_ref()
        .and_then(|v| v.as_object())
        .and_then(|o| o.get("errors"));
    assert_eq!(e.errors_json(), sent_errors);
    if let Some(list) = sent_errors.and_then(|v| v.as_array()) {
        assert_eq!(e.errors().len(), list.len());
    } else {
        assert!(e.errors().is_empty());
    }
    let j = e.to_json();
    assert_eq!(j["kind"], e.kind().as_str());
    assert_eq!(j["status_code"], status);
    assert!(j["errors"].is_array() || sent_errors.is_some());
    assert!(j["retryable"].is_boolean());
    let text = j.to_string();
    let back: serde_json::Value = serde_json::from_str(&text).expect("to_json is valid JSON");
    assert_eq!(back, j);
    let _ = format!("{e:?}{e:#?}{}", e.is_pdf_not_ready());
}

/// Parses `body` as `T`; when it parses, its own serialisation must parse back to an equal value.
fn model<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(body: &[u8]) {
    let Ok(v) = serde_json::from_slice::<T>(body) else {
        return;
    };
    let _ = format!("{v:?}");
    let encoded = serde_json::to_vec(&v).expect("a model always serialises");
    let again: T = serde_json::from_slice(&encoded).unwrap_or_else(|e| {
        panic!(
            "own Serialize output is refused: {e}\n{}",
            String::from_utf8_lossy(&encoded)
        )
    });
    assert_eq!(v, again);
}

fuzz_target!(|data: &[u8]| {
    let Some((status, headers, body)) = split(data) else {
        return;
    };
    check_error(status, headers, body);

    model::<TemplateRef>(body);
    model::<SmsContent>(body);
    model::<SmsResponse>(body);
    model::<EmailContent>(body);
    model::<SanitisedValue>(body);
    model::<EmailResponse>(body);
    model::<LetterContent>(body);
    model::<LetterResponse>(body);
    model::<PrecompiledLetterResponse>(body);
    model::<Notification>(body);
    model::<Links>(body);
    model::<NotificationList>(body);
    model::<Template>(body);
    model::<TemplateList>(body);
    model::<TemplatePreview>(body);
    model::<ReceivedText>(body);
    model::<ReceivedTextList>(body);
    model::<ApiErrorItem>(body);
    model::<Vec<ApiErrorItem>>(body);
});
