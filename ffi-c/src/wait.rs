//! Pacing (the `pace` client option) and waiting for a notification's status
//! (`govuk_notify_wait_for_status()`, its async form, and cancel tokens). Conversion only: the
//! pacing queue and the polling loop are the core's (`govuk_notify::Pacing`,
//! `govuk_notify::Client::wait_for_status_cancellable`).

use std::ffi::{c_char, c_void};
use std::time::Duration;

use govuk_notify::requests::{GetNotification, Operation};
use govuk_notify::{CancelToken, WaitOptions};
use serde::Deserialize;

use crate::async_call::{govuk_notify_callback, spawn_with_callback};
use crate::client::govuk_notify_client;
use crate::error::{govuk_notify_result, FfiError};
use crate::ffi::{try_opt_json, try_out, try_str};
use crate::handle::{free_handle, lookup, new_handle, try_handle, Handle, Registry};
use crate::operations::body_to_c_string;
use crate::panic::{ffi_panic_boundary, result_boundary};

/// A cancel token: cancels the waits given it (`govuk_notify_wait_for_status()` and
/// `govuk_notify_wait_for_status_async()`), from any thread.
///
/// An opaque handle like `govuk_notify_client`: create one with `govuk_notify_cancel_token_new()`,
/// cancel with `govuk_notify_cancel_token_cancel()`, free with `govuk_notify_cancel_token_free()`.
#[derive(Debug)]
pub struct govuk_notify_cancel_token {
    _private: [u8; 0],
}

/// Every live cancel token. Tag 0xCA: "cancel".
static CANCELS: Registry<govuk_notify_cancel_token, CancelToken> = Registry::new(0xCA);

impl Handle for govuk_notify_cancel_token {
    type Object = CancelToken;
    fn registry() -> &'static Registry<Self, Self::Object> {
        &CANCELS
    }
}

/// `options_json` of the wait functions.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct WaitOptionsJson {
    until: Option<Vec<String>>,
    timeout_ms: Option<u64>,
    poll_interval_ms: Option<u64>,
    max_poll_interval_ms: Option<u64>,
}

impl WaitOptionsJson {
    fn to_core(&self) -> WaitOptions {
        let d = WaitOptions::default();
        WaitOptions {
            until: self.until.clone().unwrap_or_default(),
            timeout: self.timeout_ms.map_or(d.timeout, Duration::from_millis),
            poll_interval: self
                .poll_interval_ms
                .map_or(d.poll_interval, Duration::from_millis),
            max_poll_interval: self
                .max_poll_interval_ms
                .map_or(d.max_poll_interval, Duration::from_millis),
            ..d
        }
    }
}

/// The checked arguments of a wait.
fn prepare(
    notification_id: &str,
    options: &WaitOptionsJson,
    cancel: *const govuk_notify_cancel_token,
) -> Result<(String, WaitOptions, CancelToken), FfiError> {
    let options = options.to_core();
    options.wanted()?;
    GetNotification {
        notification_id: notification_id.to_owned(),
    }
    .to_http()?;
    let cancel = if cancel.is_null() {
        CancelToken::new()
    } else {
        CancelToken::clone(&*lookup(cancel).map_err(|e| e.into_error("cancel"))?)
    };
    Ok((notification_id.to_owned(), options, cancel))
}

/// Creates a cancel token, not yet cancelled.
///
/// * `out_cancel`: required; receives the token on success, NULL on failure.
/// * `out_error_json`: NULL, or receives an error report on failure.
///
/// Ownership: free the token with `govuk_notify_cancel_token_free()`.
#[no_mangle]
pub extern "C" fn govuk_notify_cancel_token_new(
    out_cancel: *mut *mut govuk_notify_cancel_token,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    result_boundary(out_error_json, || {
        let out_cancel = try_out!(out_cancel);
        out_cancel.set(new_handle(CancelToken::new())?);
        Ok(())
    })
}

/// Cancels every wait given this token, now and later (cancelling is permanent). Safe from any
/// thread, e.g. a signal-handling or UI thread while another blocks in
/// `govuk_notify_wait_for_status()`. NULL and invalid handles are no-ops.
#[no_mangle]
pub extern "C" fn govuk_notify_cancel_token_cancel(cancel: *const govuk_notify_cancel_token) {
    ffi_panic_boundary! {
        if let Ok(token) = lookup(cancel) {
            token.cancel();
        }
    }
}

/// Frees a cancel token. NULL and already freed handles are no-ops. Waits already using it keep
/// their own reference (and can no longer be cancelled through it).
#[no_mangle]
pub extern "C" fn govuk_notify_cancel_token_free(cancel: *mut govuk_notify_cancel_token) {
    ffi_panic_boundary! {
        free_handle(cancel.cast_const());
    }
}

/// Polls a notification (`GET /v2/notifications/{id}`) until its status is one of those wanted,
/// blocking the calling thread, and returns the notification. Not in the official clients.
///
/// * `notification_id`: required; the notification's id.
/// * `options_json`: NULL for the defaults, or `{"until"?: [statuses] (default: any final
///   status: delivered, sent, received, permanent-failure, temporary-failure,
///   technical-failure, failed, cancelled, returned-letter, validation-failed,
///   virus-scan-failed), "timeout_ms"? (default 300000), "poll_interval_ms"? (the wait before
///   the second poll, default 1000; each later wait is 1.5 times the last),
///   "max_poll_interval_ms"? (default 30000)}`. An unknown status is
///   `GOVUK_NOTIFY_RESULT_INVALID_VALUE` with `field` `"until"`.
/// * `cancel`: NULL, or a token from `govuk_notify_cancel_token_new()`;
///   `govuk_notify_cancel_token_cancel()` on another thread ends the wait.
/// * `out_json`: required; on success the notification as Notify sent it.
/// * `out_error_json`: NULL, or receives an error report on failure.
///
/// Errors: `GOVUK_NOTIFY_RESULT_TIMEOUT` when the timeout passes first or the wait is
/// cancelled (the message says which, the statuses wanted and the last one seen); a poll's
/// error when it is not transient (`GOVUK_NOTIFY_RESULT_NOT_FOUND` for an unknown id). Transient
/// poll errors (5xx, network) do not end the wait.
///
/// Ownership: free `*out_json` with `govuk_notify_string_free()`.
#[no_mangle]
pub extern "C" fn govuk_notify_wait_for_status(
    client: *const govuk_notify_client,
    notification_id: *const c_char,
    options_json: *const c_char,
    cancel: *const govuk_notify_cancel_token,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    result_boundary(out_error_json, || {
        let out_json = try_out!(out_json);
        let client = try_handle!(client);
        let notification_id = try_str!(notification_id);
        let options: WaitOptionsJson = try_opt_json!(options_json);
        let (id, options, cancel) = prepare(notification_id, &options, cancel)?;
        let response = client.wait_for_status_raw(&id, &options, Some(&cancel))?;
        out_json.set(body_to_c_string(&response.body)?);
        Ok(())
    })
}

/// `govuk_notify_wait_for_status()` without blocking: the wait runs on the library's I/O
/// runtime and `callback` receives the outcome exactly once, as for `govuk_notify_call_async()`
/// (on success the notification's JSON; on failure the error report, e.g.
/// `GOVUK_NOTIFY_RESULT_TIMEOUT` after `govuk_notify_cancel_token_cancel()`).
///
/// Returns `GOVUK_NOTIFY_RESULT_OK` when the wait started; any other result means the arguments
/// were refused (nothing was polled) and `callback` is never called.
#[no_mangle]
pub extern "C" fn govuk_notify_wait_for_status_async(
    client: *const govuk_notify_client,
    notification_id: *const c_char,
    options_json: *const c_char,
    cancel: *const govuk_notify_cancel_token,
    callback: govuk_notify_callback,
    user_data: *mut c_void,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    result_boundary(out_error_json, || {
        let Some(callback) = callback else {
            return Err(FfiError::null_parameter("callback"));
        };
        let client = try_handle!(client);
        let notification_id = try_str!(notification_id);
        let options: WaitOptionsJson = try_opt_json!(options_json);
        let (id, options, cancel) = prepare(notification_id, &options, cancel)?;
        let inner = client.as_async().clone();
        spawn_with_callback(
            async move {
                inner
                    .wait_for_status_cancellable(&id, &options, &cancel)
                    .await
            },
            callback,
            user_data,
        )
    })
}
