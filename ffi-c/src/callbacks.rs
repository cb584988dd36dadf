//! Helpers for a service that *receives* Notify's callbacks: parsing the two payloads and checking
//! the bearer token. Thin exports over the core's `callbacks` module, which owns the payload
//! types and the constant-time comparison; nothing here talks to the network.

use std::ffi::c_char;

use govuk_notify::callbacks::{parse_delivery_receipt, parse_received_text, verify_bearer_token};
use govuk_notify::Error;

use crate::error::{govuk_notify_result, FfiError};
use crate::ffi::{str_arg, try_out, try_slice};
use crate::operations::body_to_c_string;
use crate::panic::result_boundary;

/// A parsed payload as a C string owned by the caller.
fn to_c_json(value: &impl serde::Serialize) -> Result<*mut c_char, FfiError> {
    let text = serde_json::to_string(value)
        .map_err(|e| FfiError::from(Error::internal(format!("cannot encode payload: {e}"))))?;
    body_to_c_string(text.as_bytes())
}

/// The body of both parse functions: `parse` is the core's parser for one payload type.
fn parse_payload<T: serde::Serialize>(
    body: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
    parse: fn(&[u8]) -> Result<T, Error>,
) -> govuk_notify_result {
    result_boundary(out_error_json, || {
        let out_json = try_out!(out_json);
        let body = try_slice!(body, len);
        let payload = parse(body)
            .map_err(|e| FfiError::from(e).with_code(govuk_notify_result::InvalidValue))?;
        out_json.set(to_c_json(&payload)?);
        Ok(())
    })
}

/// Parses the body of a delivery-receipt callback (the JSON Notify POSTs to your callback URL
/// when an email or text message is delivered or fails). Check the request's `Authorization`
/// header with `govuk_notify_callback_verify_bearer_token()` first.
///
/// * `body`, `len`: the request body as received. `body` may be NULL only when `len` is 0.
/// * `out_json`: required; on success the receipt as a JSON object with exactly the documented
///   fields: `{"id", "reference", "to", "status", "created_at", "completed_at", "sent_at",
///   "notification_type", "template_id", "template_version"}` (`template_version` a number;
///   `reference`, `completed_at` and `sent_at` may be `null`).
/// * `out_error_json`: NULL, or receives an error report on failure: a body that is not JSON or
///   not a delivery receipt is `GOVUK_NOTIFY_RESULT_INVALID_VALUE` with `field` `"body"`.
///
/// Ownership: free `*out_json` with `govuk_notify_string_free()`. The library does not keep
/// `body` after the call returns.
#[no_mangle]
pub extern "C" fn govuk_notify_callback_parse_delivery_receipt(
    body: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    parse_payload(body, len, out_json, out_error_json, parse_delivery_receipt)
}

/// Parses the body of a received-text-message callback.
///
/// * `body`, `len`: the request body as received. `body` may be NULL only when `len` is 0.
/// * `out_json`: required; on success `{"id", "source_number", "destination_number", "message",
///   "date_received"}`, all strings.
/// * `out_error_json`: as `govuk_notify_callback_parse_delivery_receipt()`.
///
/// Ownership: free `*out_json` with `govuk_notify_string_free()`. The library does not keep
/// `body` after the call returns.
#[no_mangle]
pub extern "C" fn govuk_notify_callback_parse_received_text(
    body: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    parse_payload(body, len, out_json, out_error_json, parse_received_text)
}

/// Whether a callback request's `Authorization` header carries the bearer token you configured
/// in Notify. The scheme must be `Bearer` (any case); the token is compared in constant time.
///
/// * `authorization_header`: the header's value, e.g. `"Bearer my-token"`.
/// * `expected_token`: the token configured in Notify. An empty token never matches.
///
/// Returns false when either argument is NULL or not valid UTF-8. Neither string is kept.
#[no_mangle]
pub extern "C" fn govuk_notify_callback_verify_bearer_token(
    authorization_header: *const c_char,
    expected_token: *const c_char,
) -> bool {
    crate::panic::ffi_panic_boundary! {
        // SAFETY: both parameters are documented as NULL or NUL-terminated strings valid for the
        // duration of the call.
        let header = unsafe { str_arg(authorization_header, "authorization_header") };
        // SAFETY: as above.
        let expected = unsafe { str_arg(expected_token, "expected_token") };
        match (header, expected) {
            (Ok(Some(h)), Ok(Some(t))) => verify_bearer_token(h, t),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::{CStr, CString};

    fn parse(
        f: extern "C" fn(
            *const u8,
            usize,
            *mut *mut c_char,
            *mut *mut c_char,
        ) -> govuk_notify_result,
        body: &[u8],
    ) -> (govuk_notify_result, serde_json::Value) {
        let mut out: *mut c_char = std::ptr::null_mut();
        let mut err: *mut c_char = std::ptr::null_mut();
        let r = f(body.as_ptr(), body.len(), &mut out, &mut err);
        let slot = if r == govuk_notify_result::Ok {
            out
        } else {
            err
        };
        assert!(!slot.is_null());
        // SAFETY: the library returned a NUL-terminated string.
        let v = serde_json::from_slice(unsafe { CStr::from_ptr(slot) }.to_bytes()).unwrap();
        crate::memory::govuk_notify_string_free(slot);
        (r, v)
    }

    #[test]
    fn parses_payloads_and_refuses_others() {
        let (r, v) = parse(
            govuk_notify_callback_parse_received_text,
            br#"{"id":"b51f638b-4295-46e0-a06e-cd41eee7c33b","source_number":"447700912345","destination_number":"447700900111","message":"Hello","date_received":"2017-05-14T12:15:30.000000Z"}"#,
        );
        assert_eq!(r, govuk_notify_result::Ok);
        assert_eq!(v["message"], "Hello");
        let (r, v) = parse(govuk_notify_callback_parse_delivery_receipt, b"{}");
        assert_eq!(r, govuk_notify_result::InvalidValue);
        assert_eq!(v["field"], "body");
    }

    #[test]
    fn bearer_token_null_and_match() {
        let h = CString::new("Bearer t0ken").unwrap();
        let t = CString::new("t0ken").unwrap();
        assert!(govuk_notify_callback_verify_bearer_token(
            h.as_ptr(),
            t.as_ptr()
        ));
        assert!(!govuk_notify_callback_verify_bearer_token(
            std::ptr::null(),
            t.as_ptr()
        ));
        assert!(!govuk_notify_callback_verify_bearer_token(
            h.as_ptr(),
            std::ptr::null()
        ));
    }
}
