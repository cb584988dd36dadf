//! The client handle and its options.
//!
//! A `govuk_notify_client *` is a generation-checked token for a [`govuk_notify::blocking::Client`]
//! held in the process-wide handle registry (`handle.rs`), never its address: every call blocks
//! the calling thread while the request runs on the core's process-wide runtime, and one handle
//! may be used from many threads at once (the core client is an `Arc` around a connection pool).
//! The options JSON is the core's `ClientOptions` as it deserialises; defaults and every rule
//! about the values are the core's (`govuk_notify::options`), with errors naming the JSON keys.

use std::ffi::c_char;

use govuk_notify::blocking;
use govuk_notify::{ClientOptions, Dialect};

use crate::error::govuk_notify_result;
use crate::ffi::{try_opt_json, try_out, try_str};
use crate::handle::{free_handle, new_handle, Handle, Registry};
use crate::panic::{ffi_panic_boundary, result_boundary};

/// A GOV.UK Notify client: an API key, a base URL, timeouts, a retry policy and a connection pool.
///
/// Create one with `govuk_notify_client_new()` and free it with `govuk_notify_client_free()`.
/// One client may be used by many threads at the same time; share one per process. Requests
/// block the calling thread; they run on a process-wide I/O runtime that the library starts on
/// first use (and starts again in a child after `fork()`).
///
/// A `govuk_notify_client *` is an opaque handle, not an address: never dereference it. Once
/// freed it is invalid for good (every call given it returns
/// `GOVUK_NOTIFY_RESULT_INVALID_HANDLE`, and freeing it again does nothing), even if a later
/// `govuk_notify_client_new()` reuses the library's internal slot.
#[derive(Debug)]
pub struct govuk_notify_client {
    _private: [u8; 0],
}

/// Every live client handle. Tag 0xC1: "client".
static CLIENTS: Registry<govuk_notify_client, blocking::Client> = Registry::new(0xC1);

impl Handle for govuk_notify_client {
    type Object = blocking::Client;
    fn registry() -> &'static Registry<Self, Self::Object> {
        &CLIENTS
    }
}

/// Creates a client.
///
/// * `api_key`: the API key from GOV.UK Notify (`name-<service id>-<secret>`, or the older
///   two-UUID form). Required. Its secret never appears in any error report.
/// * `options_json`: NULL for the defaults, or a JSON object with any of:
///   `base_url` (string, default `"https://api.notifications.service.gov.uk"`; `http://` only for
///   loopback hosts unless `allow_insecure_http`), `timeout_ms` (one deadline for the whole
///   call: connecting, reading the body, and every retry with its wait; default 30000),
///   `connect_timeout_ms` (default 10000), `proxy` (`http`, `https`, `socks5` or `socks5h` URL;
///   otherwise `HTTPS_PROXY` and friends are honoured; another scheme is
///   `GOVUK_NOTIFY_RESULT_INVALID_VALUE`), `ca_bundle_pem` (extra trusted certificates, PEM text,
///   in addition to the system store; prefer it to `SSL_CERT_FILE`, which replaces that store),
///   `allow_insecure_http` (bool, default false), `user_agent_suffix` (string),
///   `max_response_bytes` (the largest response body accepted, default 33554432 = 32 MiB; a larger
///   body is `GOVUK_NOTIFY_RESULT_INVALID_RESPONSE`, whether or not the server announced its
///   length), and `retry`:
///   `{max_retries (default 2), initial_backoff_ms (250), max_backoff_ms (5000),
///   backoff_multiplier (2.0), jitter (true), retry_sends (false)}`, and `pace` (queue sends to
///   stay under Notify's rate limit, across every thread using the client: `true` for Notify's
///   3,000 a minute, a number of sends a minute, or `{"limit": N, "window_ms": M}`; default off;
///   queueing time is not part of `timeout_ms`). Unknown keys are refused with
///   `GOVUK_NOTIFY_RESULT_UNKNOWN_FIELD`; a value of the wrong type, or one the rules shared
///   by every language refuse (a timeout of 0 or less, a negative backoff, a `backoff_multiplier`
///   below 1, a `max_retries` or `max_response_bytes` that is not a whole number in range, a
///   `pace` limit of 0), with `GOVUK_NOTIFY_RESULT_INVALID_VALUE` and the key (e.g.
///   `"retry.backoff_multiplier"`) in the report's `field`.
/// * `out_client`: required; receives the new client on success, NULL on failure.
/// * `out_error_json`: NULL, or receives an error report on failure (NULL on success).
///
/// Nothing is sent over the network. Errors: 1xxx codes for a NULL, non-UTF-8 or invalid
/// argument (an unparseable key or base URL is `GOVUK_NOTIFY_RESULT_INVALID_VALUE`).
///
/// Ownership: the caller owns `*out_client` (an opaque handle, never NULL on success) and frees
/// it with `govuk_notify_client_free()`. The library does not keep `api_key` or `options_json`
/// after the call returns.
#[no_mangle]
pub extern "C" fn govuk_notify_client_new(
    api_key: *const c_char,
    options_json: *const c_char,
    out_client: *mut *mut govuk_notify_client,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    result_boundary(out_error_json, || {
        let out_client = try_out!(out_client);
        let api_key = try_str!(api_key);
        let mut options: ClientOptions = try_opt_json!(options_json);
        options.binding = Some("c".to_owned());
        let client = blocking::Client::from(options.build(api_key, Dialect::C)?);
        out_client.set(new_handle(client)?);
        Ok(())
    })
}

/// Frees a client made by `govuk_notify_client_new()`. NULL, an already freed handle and any
/// value that is not a live client handle are no-ops (nothing is freed twice).
///
/// Ownership: afterwards the handle is invalid: calls given it return
/// `GOVUK_NOTIFY_RESULT_INVALID_HANDLE`. Calls already running on other threads with this client
/// finish normally (each holds its own reference); the client's resources are released when the
/// last of them returns. Pagers made from it keep their own reference to the connection pool and
/// stay valid until they are freed.
#[no_mangle]
pub extern "C" fn govuk_notify_client_free(client: *mut govuk_notify_client) {
    ffi_panic_boundary! {
        free_handle(client.cast_const());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::{CStr, CString};

    const KEY: &str = "simulator_test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";

    fn new_client(
        key: &str,
        options: Option<&str>,
    ) -> (govuk_notify_result, Option<serde_json::Value>) {
        let key = CString::new(key).unwrap();
        let options = options.map(|o| CString::new(o).unwrap());
        let mut client = std::ptr::null_mut();
        let mut err = std::ptr::null_mut();
        let r = govuk_notify_client_new(
            key.as_ptr(),
            options.as_ref().map_or(std::ptr::null(), |o| o.as_ptr()),
            &mut client,
            &mut err,
        );
        let report = (!err.is_null()).then(|| {
            // SAFETY: set by the library to a NUL-terminated string.
            let v = serde_json::from_slice(unsafe { CStr::from_ptr(err) }.to_bytes()).unwrap();
            crate::memory::govuk_notify_string_free(err);
            v
        });
        assert_eq!(r == govuk_notify_result::Ok, !client.is_null());
        govuk_notify_client_free(client);
        (r, report)
    }

    #[test]
    fn options_are_checked() {
        assert_eq!(new_client(KEY, None).0, govuk_notify_result::Ok);
        let full = r#"{"base_url":"http://127.0.0.1:1","timeout_ms":500,"connect_timeout_ms":100,
            "allow_insecure_http":false,"user_agent_suffix":"svc/1",
            "retry":{"max_retries":0,"initial_backoff_ms":1,"max_backoff_ms":2,"backoff_multiplier":1.5,"jitter":false,"retry_sends":false}}"#;
        assert_eq!(new_client(KEY, Some(full)).0, govuk_notify_result::Ok);
        let (r, e) = new_client(KEY, Some(r#"{"timeout":5}"#));
        assert_eq!(r, govuk_notify_result::UnknownField);
        assert!(e.unwrap()["message"]
            .as_str()
            .unwrap()
            .contains("`timeout`"));
        let (r, _) = new_client(KEY, Some(r#"{"retry":{"retries":1}}"#));
        assert_eq!(r, govuk_notify_result::UnknownField);
        let (r, e) = new_client(KEY, Some(r#"{"timeout_ms":0}"#));
        assert_eq!(r, govuk_notify_result::InvalidValue);
        assert_eq!(e.unwrap()["field"], "timeout_ms");
        let (r, _) = new_client(KEY, Some(r#"{"timeout_ms":"5"}"#));
        assert_eq!(r, govuk_notify_result::InvalidValue);
        let (r, e) = new_client(KEY, Some(r#"{"max_response_bytes":0}"#));
        assert_eq!(r, govuk_notify_result::InvalidValue);
        assert_eq!(e.unwrap()["field"], "max_response_bytes");
        let (r, _) = new_client(KEY, Some(r#"{"max_response_bytes":-1}"#));
        assert_eq!(r, govuk_notify_result::InvalidValue);
        let huge = format!(r#"{{"max_response_bytes":{}}}"#, u64::MAX);
        assert_eq!(new_client(KEY, Some(&huge)).0, govuk_notify_result::Ok);
        let (r, e) = new_client(KEY, Some(r#"{"base_url":"ftp://x"}"#));
        assert_eq!(r, govuk_notify_result::InvalidValue);
        assert_eq!(e.unwrap()["field"], "base_url");
    }

    /// The cross-language options table (tests/options/cases.json), through the options JSON.
    #[test]
    fn the_shared_options_table_holds_for_c() {
        let doc: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/options/cases.json")).unwrap();
        for case in doc["cases"].as_array().unwrap() {
            let (r, e) = new_client(KEY, Some(&case["c"].to_string()));
            let e = e.unwrap();
            assert_eq!(r, govuk_notify_result::InvalidValue, "{}", case["name"]);
            assert_eq!(e["kind"], case["kind"], "{}", case["name"]);
            assert_eq!(e["field"], case["field"]["c"], "{}", case["name"]);
        }
    }

    fn error_of(err: *mut c_char) -> serde_json::Value {
        assert!(!err.is_null());
        // SAFETY: set by the library to a NUL-terminated string.
        let v = serde_json::from_slice(unsafe { CStr::from_ptr(err) }.to_bytes()).unwrap();
        crate::memory::govuk_notify_string_free(err);
        v
    }

    #[test]
    fn freed_and_made_up_handles_are_refused_and_frees_are_idempotent() {
        let key = CString::new(KEY).unwrap();
        let options = CString::new(r#"{"base_url":"http://127.0.0.1:9"}"#).unwrap();
        let mut client = std::ptr::null_mut();
        let r = govuk_notify_client_new(
            key.as_ptr(),
            options.as_ptr(),
            &mut client,
            std::ptr::null_mut(),
        );
        assert_eq!(r, govuk_notify_result::Ok);
        govuk_notify_client_free(client);
        govuk_notify_client_free(client);
        let made_up: *mut govuk_notify_client = std::ptr::without_provenance_mut(0x1000);
        govuk_notify_client_free(made_up);
        for handle in [client, made_up] {
            let mut out = std::ptr::dangling_mut();
            let mut err = std::ptr::null_mut();
            let r = crate::operations::govuk_notify_list_templates(
                handle,
                std::ptr::null(),
                &mut out,
                &mut err,
            );
            assert_eq!(r, govuk_notify_result::InvalidHandle);
            assert!(out.is_null());
            let e = error_of(err);
            assert_eq!(e["field"], "client");
            assert_eq!(e["result"], "invalid_handle");
            assert_eq!(e["code"], 1007);
            assert_eq!(e["kind"], "argument");
        }
    }

    #[test]
    fn one_slot_for_both_outputs_holds_exactly_one_string() {
        // No `&mut` is made from out-parameters, so aliasing them is sound; the last write wins.
        let mut slot: *mut c_char = std::ptr::dangling_mut();
        // One raw pointer passed twice, as C would (two `&mut slot` would alias in the test).
        let p = std::ptr::addr_of_mut!(slot);
        let bad = CString::new("{").unwrap();
        let r =
            crate::operations::govuk_notify_prepare_upload(b"x".as_ptr(), 1, bad.as_ptr(), p, p);
        assert_eq!(r, govuk_notify_result::InvalidJson);
        assert_eq!(error_of(slot)["field"], "options_json");
        let mut slot: *mut c_char = std::ptr::dangling_mut();
        let p = std::ptr::addr_of_mut!(slot);
        let r = crate::operations::govuk_notify_prepare_upload(
            b"x".as_ptr(),
            1,
            std::ptr::null(),
            p,
            p,
        );
        assert_eq!(r, govuk_notify_result::Ok);
        assert_eq!(error_of(slot)["file"], "eA==");
    }

    #[test]
    fn bad_keys_never_echo_the_secret() {
        let (r, e) = new_client("not-a-key-3d844edf", None);
        assert_eq!(r, govuk_notify_result::InvalidValue);
        let e = e.unwrap();
        assert_eq!(e["kind"], "argument");
        assert!(!e.to_string().contains("3d844edf"), "{e}");
    }
}
