//! One exported function per Notify operation.
//!
//! Each takes the request as JSON, deserialised straight into the core's request struct (which
//! refuses unknown fields), lets the core validate it and build the HTTP request (nothing is sent
//! when that fails), runs it on the blocking client, and hands back the response body exactly as
//! the server sent it. No protocol rule lives here.

use std::ffi::c_char;

use govuk_notify::blocking;
use govuk_notify::requests::{
    GetNotification, GetPdfForLetter, GetTemplate, GetTemplateVersion, ListNotifications,
    ListReceivedTexts, ListTemplates, Op, PreviewTemplate, SendEmail, SendLetter,
    SendPrecompiledLetter, SendSms,
};
use govuk_notify::{prepare_upload, Error, UploadOptions};
use serde::de::DeserializeOwned;

use crate::client::govuk_notify_client;
use crate::error::{govuk_notify_result, FfiError};
use crate::ffi::{json_arg, try_json, try_opt_json, try_opt_str, try_out, try_slice, try_str};
use crate::handle::try_handle;
use crate::memory::{into_c_bytes, into_c_string};
use crate::panic::result_boundary;

/// Runs `op` and returns the response body as a C string owned by the caller.
fn run_json(client: &blocking::Client, op: &Op) -> Result<*mut c_char, FfiError> {
    let response = client.execute(&op.to_http()?)?;
    body_to_c_string(&response.body)
}

/// The body of every export that takes `request_json` (the request struct `R` as JSON) and gives
/// the JSON response in `out_json`. `when_null` is the request a NULL `request_json` stands for
/// (no filter), or `None` when it is required.
fn call<R: DeserializeOwned + Into<Op>>(
    client: *const govuk_notify_client,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
    when_null: Option<R>,
) -> govuk_notify_result {
    result_boundary(out_error_json, || {
        let out_json = try_out!(out_json);
        let client = try_handle!(client);
        // SAFETY: every `request_json` parameter is documented as NULL or a NUL-terminated string
        // valid for the duration of the call.
        let request = match unsafe { json_arg::<R>(request_json, "request_json") }? {
            Some(r) => r,
            None => when_null.ok_or_else(|| FfiError::null_parameter("request_json"))?,
        };
        out_json.set(run_json(&client, &request.into())?);
        Ok(())
    })
}

/// A response body (JSON, checked by the core to be an object) as a C string.
pub(crate) fn body_to_c_string(body: &[u8]) -> Result<*mut c_char, FfiError> {
    into_c_string(body).ok_or_else(|| {
        FfiError::from(Error::internal(
            "the response body contains a NUL byte and cannot be returned as a C string",
        ))
    })
}

/// Sends a text message: `POST /v2/notifications/sms`.
///
/// * `client`: required.
/// * `request_json`: required; `{"phone_number", "template_id", "personalisation"?,
///   "reference"?, "sms_sender_id"?}`. Empty strings and an empty `personalisation` count as unset.
/// * `out_json`: required; on success the response body exactly as Notify sent it
///   (`{"id", "reference", "content": {"body", "from_number"}, "uri", "template": {...}}`).
/// * `out_error_json`: NULL, or receives an error report on failure.
///
/// The client's retry policy retries a send only when Notify certainly did not act on it (the
/// connection was refused, or a 429 rate limit), unless its `retry.retry_sends` option is true.
///
/// Ownership: free `*out_json` with `govuk_notify_string_free()`. Inputs are not kept.
#[no_mangle]
pub extern "C" fn govuk_notify_send_sms(
    client: *const govuk_notify_client,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    call::<SendSms>(client, request_json, out_json, out_error_json, None)
}

/// Sends an email: `POST /v2/notifications/email`.
///
/// * `request_json`: required; `{"email_address", "template_id", "personalisation"?,
///   "reference"?, "email_reply_to_id"?, "one_click_unsubscribe_url"?, "sanitise_content_for"?}`.
///   To attach a file, put the object from `govuk_notify_prepare_upload()` in `personalisation`.
/// * Other parameters, errors and ownership: as `govuk_notify_send_sms()`.
#[no_mangle]
pub extern "C" fn govuk_notify_send_email(
    client: *const govuk_notify_client,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    call::<SendEmail>(client, request_json, out_json, out_error_json, None)
}

/// Sends a letter from a template: `POST /v2/notifications/letter`.
///
/// * `request_json`: required; `{"template_id", "personalisation", "reference"?}` where
///   `personalisation` holds `address_line_1`... (at least three address lines, the last a
///   postcode or country) and the template's placeholders.
/// * Other parameters, errors and ownership: as `govuk_notify_send_sms()`.
#[no_mangle]
pub extern "C" fn govuk_notify_send_letter(
    client: *const govuk_notify_client,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    call::<SendLetter>(client, request_json, out_json, out_error_json, None)
}

/// Sends a precompiled PDF letter: `POST /v2/notifications/letter` with `content`.
///
/// * `request_json`: required; `{"reference", "content", "postage"?}` with `content` the PDF
///   file base64-encoded and `postage` one of `"first"`, `"second"`, `"economy"`.
/// * `out_json`: required; on success `{"id", "reference", "postage"}` as Notify sent it.
/// * Other parameters, errors and ownership: as `govuk_notify_send_sms()`. See
///   `govuk_notify_send_precompiled_letter_bytes()` to pass the PDF bytes directly.
#[no_mangle]
pub extern "C" fn govuk_notify_send_precompiled_letter(
    client: *const govuk_notify_client,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    call::<SendPrecompiledLetter>(client, request_json, out_json, out_error_json, None)
}

/// Sends a precompiled PDF letter from raw bytes (the library base64-encodes them).
///
/// * `reference`: required, non-empty.
/// * `pdf`, `pdf_len`: the PDF file; required and non-empty, at most
///   `GOVUK_NOTIFY_MAX_INPUT_BYTES`.
/// * `postage`: NULL for the service's default, or `"first"`, `"second"`, `"economy"`.
/// * Other parameters, errors and ownership: as `govuk_notify_send_precompiled_letter()`. The
///   library does not keep `pdf` after the call returns.
#[no_mangle]
pub extern "C" fn govuk_notify_send_precompiled_letter_bytes(
    client: *const govuk_notify_client,
    reference: *const c_char,
    pdf: *const u8,
    pdf_len: usize,
    postage: *const c_char,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    result_boundary(out_error_json, || {
        let out_json = try_out!(out_json);
        let client = try_handle!(client);
        let reference = try_str!(reference);
        let pdf = try_slice!(pdf, pdf_len);
        let postage = try_opt_str!(postage);
        let mut request = SendPrecompiledLetter::new(reference, pdf);
        if let Some(p) = postage {
            request = request.postage(p);
        }
        out_json.set(run_json(&client, &request.into())?);
        Ok(())
    })
}

/// Gets one notification's status and details: `GET /v2/notifications/{id}`.
///
/// * `request_json`: required; `{"notification_id"}`.
/// * `out_json`: required; on success the notification as Notify sent it.
/// * Other parameters, errors and ownership: as `govuk_notify_send_sms()`. An unknown id is
///   `GOVUK_NOTIFY_RESULT_NOT_FOUND`; a malformed one `GOVUK_NOTIFY_RESULT_INVALID_VALUE`.
#[no_mangle]
pub extern "C" fn govuk_notify_get_notification(
    client: *const govuk_notify_client,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    call::<GetNotification>(client, request_json, out_json, out_error_json, None)
}

/// Gets one page of notifications, newest first: `GET /v2/notifications`.
///
/// * `request_json`: NULL for no filter, or `{"template_type"?, "status"? (string or list),
///   "reference"?, "older_than"?, "include_jobs"?}`.
/// * `out_json`: required; on success the page `{"notifications": [...], "links": {...}}` as
///   Notify sent it. To walk every page use `govuk_notify_notifications_iter_new()`.
/// * Other parameters, errors and ownership: as `govuk_notify_send_sms()`.
#[no_mangle]
pub extern "C" fn govuk_notify_list_notifications(
    client: *const govuk_notify_client,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    call(
        client,
        request_json,
        out_json,
        out_error_json,
        Some(ListNotifications::default()),
    )
}

/// Gets the PDF of a letter: `GET /v2/notifications/{id}/pdf`.
///
/// * `request_json`: required; `{"notification_id"}`.
/// * `out_data`, `out_len`: required; on success the PDF bytes and their number. `*out_data` is
///   not NUL-terminated; on failure it is NULL and `*out_len` is 0.
/// * `out_error_json`: NULL, or receives an error report on failure. Until Notify has made the
///   PDF the result is `GOVUK_NOTIFY_RESULT_VALIDATION` with `PDFNotReadyError` in `errors`;
///   try again later.
///
/// Ownership: free `*out_data` with `govuk_notify_bytes_free(*out_data, *out_len)`, never with
/// `free()`.
#[no_mangle]
pub extern "C" fn govuk_notify_get_pdf_for_letter(
    client: *const govuk_notify_client,
    request_json: *const c_char,
    out_data: *mut *mut u8,
    out_len: *mut usize,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    result_boundary(out_error_json, || {
        let out_data = try_out!(out_data);
        let out_len = try_out!(out_len, 0);
        let client = try_handle!(client);
        let request: GetPdfForLetter = try_json!(request_json);
        let response = client.execute(&Op::from(request).to_http()?)?;
        let (data, len) = into_c_bytes(&response.body);
        out_data.set(data);
        out_len.set(len);
        Ok(())
    })
}

/// Gets the latest version of a template: `GET /v2/template/{id}`.
///
/// * `request_json`: required; `{"template_id"}`.
/// * `out_json`: required; on success the template as Notify sent it.
/// * Other parameters, errors and ownership: as `govuk_notify_send_sms()`.
#[no_mangle]
pub extern "C" fn govuk_notify_get_template(
    client: *const govuk_notify_client,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    call::<GetTemplate>(client, request_json, out_json, out_error_json, None)
}

/// Gets one version of a template: `GET /v2/template/{id}/version/{version}`.
///
/// * `request_json`: required; `{"template_id", "version"}` with `version` a number from 1.
/// * `out_json`: required; on success the template version as Notify sent it.
/// * Other parameters, errors and ownership: as `govuk_notify_send_sms()`.
#[no_mangle]
pub extern "C" fn govuk_notify_get_template_version(
    client: *const govuk_notify_client,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    call::<GetTemplateVersion>(client, request_json, out_json, out_error_json, None)
}

/// Lists the service's templates: `GET /v2/templates`.
///
/// * `request_json`: NULL for every template, or `{"template_type"?}` (`"sms"`, `"email"`,
///   `"letter"`).
/// * `out_json`: required; on success `{"templates": [...]}` as Notify sent it.
/// * Other parameters, errors and ownership: as `govuk_notify_send_sms()`.
#[no_mangle]
pub extern "C" fn govuk_notify_list_templates(
    client: *const govuk_notify_client,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    call(
        client,
        request_json,
        out_json,
        out_error_json,
        Some(ListTemplates::default()),
    )
}

/// Renders a template with personalisation without sending it: `POST /v2/template/{id}/preview`.
///
/// * `request_json`: required; `{"template_id", "personalisation"?}`.
/// * `out_json`: required; on success `{"id", "type", "version", "body", "subject", "html"}` as
///   Notify sent it.
/// * Other parameters, errors and ownership: as `govuk_notify_send_sms()`. A missing placeholder
///   is `GOVUK_NOTIFY_RESULT_VALIDATION`.
#[no_mangle]
pub extern "C" fn govuk_notify_preview_template(
    client: *const govuk_notify_client,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    call::<PreviewTemplate>(client, request_json, out_json, out_error_json, None)
}

/// Gets one page of text messages received by the service, newest first:
/// `GET /v2/received-text-messages`.
///
/// * `request_json`: NULL for the newest page, or `{"older_than"?}`.
/// * `out_json`: required; on success `{"received_text_messages": [...], "links": {...}}` as
///   Notify sent it. To walk every page use `govuk_notify_received_texts_iter_new()`.
/// * Other parameters, errors and ownership: as `govuk_notify_send_sms()`.
#[no_mangle]
pub extern "C" fn govuk_notify_list_received_texts(
    client: *const govuk_notify_client,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    call(
        client,
        request_json,
        out_json,
        out_error_json,
        Some(ListReceivedTexts::default()),
    )
}

/// Prepares a file to be sent by email. No client and no network are involved.
///
/// * `data`, `len`: the file's bytes, at most 2 MiB (`GOVUK_NOTIFY_RESULT_TOO_LARGE` otherwise,
///   with the message "File is larger than 2MB"). `data` may be NULL only when `len` is 0.
/// * `options_json`: NULL for Notify's defaults, or `{"filename"?, "confirm_email_before_download"?,
///   "retention_period"?}` (e.g. `"4 weeks"`); Notify validates the values when you send.
/// * `out_json`: required; on success `{"file": <base64>, "filename", "confirm_email_before_download",
///   "retention_period"}` (unset options are `null`), to be placed as a value in a
///   `personalisation` object for `govuk_notify_send_email()`.
/// * `out_error_json`: NULL, or receives an error report on failure.
///
/// Ownership: free `*out_json` with `govuk_notify_string_free()`. The library does not keep
/// `data` after the call returns.
#[no_mangle]
pub extern "C" fn govuk_notify_prepare_upload(
    data: *const u8,
    len: usize,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    result_boundary(out_error_json, || {
        let out_json = try_out!(out_json);
        let data = try_slice!(data, len);
        let options: UploadOptions = try_opt_json!(options_json);
        let upload = prepare_upload(data, options).map_err(|e| {
            // The core refuses the size and says so; here it only gets the specific code.
            let too_large = e.is_too_large();
            let e = FfiError::from(e);
            if too_large {
                e.with_code(govuk_notify_result::TooLarge)
            } else {
                e
            }
        })?;
        let text = serde_json::to_string(&upload.to_value())
            .map_err(|e| FfiError::from(Error::internal(format!("cannot encode upload: {e}"))))?;
        out_json.set(body_to_c_string(text.as_bytes())?);
        Ok(())
    })
}
