//! The callback helpers (the JSON Notify POSTs to your service): thin wrappers over the core's
//! `callbacks` module, which owns the payload types and the constant-time token comparison. The
//! facade (`callbacks.js`) turns an outcome's error into an `InvalidCallbackError`.

use napi::bindgen_prelude::Buffer;
use napi_derive::napi;

use crate::{error_to_js, NativeError};

/// The result of parsing a callback body: the payload as plain data, or an error.
#[napi(object)]
#[derive(Debug)]
pub struct CallbackOutcome {
    /// The payload with exactly the documented fields (snake_case, as Notify sends them).
    pub payload: Option<serde_json::Value>,
    /// The error (`code` `argument`, `field` `body`) when the body is not that payload.
    pub error: Option<NativeError>,
}

fn outcome<T: serde::Serialize>(parsed: Result<T, govuk_notify::Error>) -> CallbackOutcome {
    let encoded = parsed.and_then(|p| {
        serde_json::to_value(p)
            .map_err(|e| govuk_notify::Error::internal(format!("cannot encode payload: {e}")))
    });
    match encoded {
        Ok(payload) => CallbackOutcome {
            payload: Some(payload),
            error: None,
        },
        Err(e) => CallbackOutcome {
            payload: None,
            error: Some(error_to_js(&e)),
        },
    }
}

/// Parses a delivery-receipt callback body (core `callbacks::parse_delivery_receipt`).
#[napi]
pub fn callback_parse_delivery_receipt(body: Buffer) -> CallbackOutcome {
    outcome(govuk_notify::callbacks::parse_delivery_receipt(&body))
}

/// Parses a received-text callback body (core `callbacks::parse_received_text`).
#[napi]
pub fn callback_parse_received_text(body: Buffer) -> CallbackOutcome {
    outcome(govuk_notify::callbacks::parse_received_text(&body))
}

/// Whether an `Authorization` header value carries the expected bearer token, compared in
/// constant time (core `callbacks::verify_bearer_token`); a missing argument gives false.
#[napi]
pub fn callback_verify_bearer_token(
    authorization_header: Option<String>,
    expected_token: Option<String>,
) -> bool {
    match (authorization_header, expected_token) {
        (Some(h), Some(t)) => govuk_notify::callbacks::verify_bearer_token(&h, &t),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_and_token_check() {
        let ok = outcome(govuk_notify::callbacks::parse_received_text(
            br#"{"id":"b51f638b-4295-46e0-a06e-cd41eee7c33b","source_number":"447700912345","destination_number":"07700987654","message":"Hi","date_received":"2017-05-14T12:15:30.000000Z"}"#,
        ));
        assert_eq!(
            ok.payload.as_ref().map(|p| p["message"].clone()),
            Some("Hi".into())
        );
        assert!(ok.error.is_none());
        let bad = outcome(govuk_notify::callbacks::parse_delivery_receipt(b"{}"));
        let error = bad
            .error
            .as_ref()
            .map(|e| (e.code.as_str(), e.field.as_deref()));
        assert_eq!(error, Some(("argument", Some("body"))));
        assert!(bad.payload.is_none());
        assert!(callback_verify_bearer_token(
            Some("Bearer t".into()),
            Some("t".into())
        ));
        assert!(!callback_verify_bearer_token(None, Some("t".into())));
        assert!(!callback_verify_bearer_token(Some("Bearer t".into()), None));
    }
}
