//! Pagers: walking every page of notifications or received text messages.
//!
//! A `govuk_notify_pager *` is a generation-checked token (see `handle.rs`) for a core
//! [`blocking::Pager`] behind a mutex. The walking rule
//! (follow `links.next`'s `older_than`, stop at an empty page) is the core's; this module only
//! hands each page's body to C.

use std::ffi::c_char;
use std::sync::{Mutex, PoisonError};

use govuk_notify::blocking;
use govuk_notify::requests::{ListNotifications, ListReceivedTexts, Operation};
use serde::de::DeserializeOwned;

use crate::client::govuk_notify_client;
use crate::error::govuk_notify_result;
use crate::ffi::{try_opt_json, try_out};
use crate::handle::{free_handle, new_handle, try_handle, Handle, Registry};
use crate::operations::body_to_c_string;
use crate::panic::{ffi_panic_boundary, result_boundary};

/// Walks the pages of a list (notifications or received text messages), newest first.
///
/// Create one with `govuk_notify_notifications_iter_new()` or
/// `govuk_notify_received_texts_iter_new()`, call `govuk_notify_pager_next_page()` until it gives
/// NULL, and free it with `govuk_notify_pager_free()`. A pager is meant for one thread at a time;
/// calls from several threads are serialised, not undefined. Like a client handle, a
/// `govuk_notify_pager *` is an opaque handle, invalid for good once freed.
#[derive(Debug)]
pub struct govuk_notify_pager {
    _private: [u8; 0],
}

/// Every live pager handle. Tag 0xA9: "pager".
static PAGERS: Registry<govuk_notify_pager, Mutex<blocking::Pager>> = Registry::new(0xA9);

impl Handle for govuk_notify_pager {
    type Object = Mutex<blocking::Pager>;
    fn registry() -> &'static Registry<Self, Self::Object> {
        &PAGERS
    }
}

/// The body of both pager constructors: parses the filter `F` (NULL: no filter), has the core
/// check it now rather than at the first page, and hands out the pager `walk` makes.
fn start<F: DeserializeOwned + Default + Operation>(
    client: *const govuk_notify_client,
    filter_json: *const c_char,
    out_pager: *mut *mut govuk_notify_pager,
    out_error_json: *mut *mut c_char,
    walk: impl FnOnce(&blocking::Client, F) -> blocking::Pager,
) -> govuk_notify_result {
    result_boundary(out_error_json, || {
        let out_pager = try_out!(out_pager);
        let client = try_handle!(client);
        let filter: F = try_opt_json!(filter_json);
        filter.to_http()?;
        out_pager.set(new_handle(Mutex::new(walk(&client, filter)))?);
        Ok(())
    })
}

/// Starts walking every page of notifications matching a filter. Nothing is sent until the first
/// `govuk_notify_pager_next_page()`.
///
/// * `client`: required. The pager keeps its own reference to the client's connection pool, so
///   the client may be freed before the pager.
/// * `filter_json`: NULL for every notification, or `{"template_type"?, "status"? (string or
///   list), "reference"?, "older_than"?, "include_jobs"?}` as for
///   `govuk_notify_list_notifications()`. Checked now: an invalid filter is an argument error.
/// * `out_pager`: required; receives the pager on success, NULL on failure.
/// * `out_error_json`: NULL, or receives an error report on failure.
///
/// Ownership: the caller owns `*out_pager` and frees it with `govuk_notify_pager_free()`.
#[no_mangle]
pub extern "C" fn govuk_notify_notifications_iter_new(
    client: *const govuk_notify_client,
    filter_json: *const c_char,
    out_pager: *mut *mut govuk_notify_pager,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    start(
        client,
        filter_json,
        out_pager,
        out_error_json,
        |c, f: ListNotifications| c.notifications(f),
    )
}

/// Starts walking every page of received text messages. Nothing is sent until the first
/// `govuk_notify_pager_next_page()`.
///
/// * `filter_json`: NULL to start from the newest message, or `{"older_than"?}`.
/// * Other parameters and ownership: as `govuk_notify_notifications_iter_new()`.
#[no_mangle]
pub extern "C" fn govuk_notify_received_texts_iter_new(
    client: *const govuk_notify_client,
    filter_json: *const c_char,
    out_pager: *mut *mut govuk_notify_pager,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    start(
        client,
        filter_json,
        out_pager,
        out_error_json,
        |c, f: ListReceivedTexts| c.received_texts(f.older_than),
    )
}

/// Fetches the next non-empty page.
///
/// * `pager`: required.
/// * `out_page_json`: required; on success the page exactly as Notify sent it
///   (`{"notifications": [...], "links": {...}}` or `{"received_text_messages": [...],
///   "links": {...}}`), or NULL when there are no more pages (the result is then
///   `GOVUK_NOTIFY_RESULT_OK`, and later calls keep returning NULL without sending anything).
/// * `out_error_json`: NULL, or receives an error report on failure. After a failure the same
///   page can be requested again by calling again.
///
/// Ownership: free `*out_page_json` with `govuk_notify_string_free()`.
#[no_mangle]
pub extern "C" fn govuk_notify_pager_next_page(
    pager: *mut govuk_notify_pager,
    out_page_json: *mut *mut c_char,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    result_boundary(out_error_json, || {
        let out_page_json = try_out!(out_page_json);
        let pager = try_handle!(pager);
        let mut pager = pager.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(page) = pager.next_page()? {
            out_page_json.set(body_to_c_string(&page.body)?);
        }
        Ok(())
    })
}

/// Frees a pager. NULL, an already freed handle and any value that is not a live pager handle
/// are no-ops.
///
/// Ownership: afterwards the handle is invalid: calls given it return
/// `GOVUK_NOTIFY_RESULT_INVALID_HANDLE`. A `govuk_notify_pager_next_page()` already running on
/// another thread finishes normally, and the pager is released when it returns.
#[no_mangle]
pub extern "C" fn govuk_notify_pager_free(pager: *mut govuk_notify_pager) {
    ffi_panic_boundary! {
        free_handle(pager.cast_const());
    }
}
