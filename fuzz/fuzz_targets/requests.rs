//! Request JSON → every core request struct → `to_http()`.
//!
//! This is the path every binding's entry point takes with caller-supplied JSON (the C ABI
//! deserialises `request_json` straight into these structs). Arbitrary bytes, including invalid
//! UTF-8 and deeply nested JSON, must give a value or an error, never a panic, and whatever
//! `to_http()` accepts must be a well-formed request:
//!
//! * the path starts with `/v2/` and no segment contains `/`, `?` or `#`;
//! * a POST body is a JSON object; only sends count as `creates_notification()`;
//! * an error from `to_http()` is an argument error naming a field;
//! * the struct's own `Serialize` output deserialises back to an equal value that builds the same
//!   request (bindings may re-encode a request).
#![no_main]

use govuk_notify::requests::{
    GetNotification, GetPdfForLetter, GetTemplate, GetTemplateVersion, HttpRequest,
    ListNotifications, ListReceivedTexts, ListTemplates, Method, Operation, PreviewTemplate,
    SendEmail, SendLetter, SendPrecompiledLetter, SendSms,
};
use govuk_notify::{prepare_upload, Error, ErrorKind, UploadOptions};
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;

fn check_request(req: &HttpRequest, is_send: bool) {
    let path = req.path();
    assert!(path.starts_with("/v2/"), "{path}");
    for s in &req.segments {
        assert!(!s.is_empty(), "empty segment in {path}");
        assert!(
            !s.contains(['/', '?', '#']),
            "segment {s:?} could change the path"
        );
    }
    match req.method {
        Method::Post => {
            let body = req.body.as_deref().expect("a POST has a body");
            let v: serde_json::Value = serde_json::from_slice(body).expect("body is JSON");
            assert!(v.is_object(), "body is not an object: {v}");
        }
        Method::Get => assert!(req.body.is_none()),
    }
    assert_eq!(req.creates_notification(), is_send, "{path}");
}

fn check_error(e: &Error) {
    assert_eq!(e.kind(), ErrorKind::Argument, "{e:?}");
    assert!(e.field().is_some(), "{e:?}");
    assert!(e.status().is_none());
    let _ = e.to_json().to_string();
}

/// Deserialises `data` as `T`, builds the request, and checks the invariants above.
fn exercise<T>(data: &[u8], is_send: bool, to_http: fn(&T) -> Result<HttpRequest, Error>)
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let Ok(op) = serde_json::from_slice::<T>(data) else {
        return;
    };
    let _ = format!("{op:?}");
    let first = to_http(&op);
    match &first {
        Ok(req) => check_request(req, is_send),
        Err(e) => check_error(e),
    }
    let encoded = serde_json::to_vec(&op).expect("a request struct always serialises");
    let again: T = serde_json::from_slice(&encoded).unwrap_or_else(|e| {
        panic!(
            "own Serialize output is refused by Deserialize: {e}\n{}",
            String::from_utf8_lossy(&encoded)
        )
    });
    assert_eq!(op, again, "round trip changed the value");
    match (first, to_http(&again)) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("round trip changed to_http: {a:?} vs {b:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    exercise::<SendSms>(data, true, Operation::to_http);
    exercise::<SendEmail>(data, true, Operation::to_http);
    exercise::<SendLetter>(data, true, Operation::to_http);
    exercise::<SendPrecompiledLetter>(data, true, Operation::to_http);
    exercise::<GetNotification>(data, false, Operation::to_http);
    exercise::<ListNotifications>(data, false, Operation::to_http);
    exercise::<GetPdfForLetter>(data, false, GetPdfForLetter::to_http);
    exercise::<GetTemplate>(data, false, Operation::to_http);
    exercise::<GetTemplateVersion>(data, false, Operation::to_http);
    exercise::<ListTemplates>(data, false, Operation::to_http);
    exercise::<PreviewTemplate>(data, false, Operation::to_http);
    exercise::<ListReceivedTexts>(data, false, Operation::to_http);

    // prepare_upload: the options from the JSON, the file bytes from the whole input.
    if let Ok(options) = serde_json::from_slice::<UploadOptions>(data) {
        let upload = prepare_upload(data, options.clone()).expect("small input is accepted");
        let v = upload.to_value();
        assert_eq!(v["filename"], serde_json::json!(options.filename));
        assert_eq!(v.as_object().map(|o| o.len()), Some(4));
        let _ = format!("{upload:?}");
    }
});
