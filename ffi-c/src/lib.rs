//! The C ABI of govuk-notify: `libgovuk_notify` and `include/govuk_notify.h`.
//!
//! A thin layer over the `govuk-notify` core crate: it converts C strings, JSON and buffers into
//! the core's request values, runs them on the core's blocking client (or, in `async_call.rs`, on
//! its runtime with a completion callback), and converts results and errors back. Every protocol rule (keys, tokens, URLs, validation, error mapping, retries,
//! pagination) lives in the core. The conventions are rustls-ffi's:
//!
//! * every fallible function returns a [`govuk_notify_result`] (0 is OK; numbered ranges), writes
//!   its outputs through out-parameters only on success (they are NULL on failure), and takes a
//!   nullable `char **out_error_json` as its last parameter for a JSON error report;
//! * every allocation handed to C has its own free function, and `_free(NULL)` is a no-op;
//! * client and pager handles are generation-checked tokens in a process-wide registry
//!   (`handle.rs`), never addresses: a freed, foreign or made-up handle is refused with
//!   `GOVUK_NOTIFY_RESULT_INVALID_HANDLE`, and freeing one twice does nothing;
//! * no panic crosses the boundary (`panic.rs`); NULL, invalid UTF-8, malformed JSON, unknown
//!   fields and oversized input are argument errors (`ffi.rs`).
//!
//! See `ffi-c/README.md` for the ownership rules and the header for each function's contract.

// C naming: the exported types are spelled as they appear in the header.
#![allow(non_camel_case_types)]
// The exported functions take raw pointers from C and are `extern "C" fn`, not `unsafe fn`: an
// `unsafe` marker means nothing to a C caller, whose obligations are written in each function's
// header documentation instead. Every dereference goes through the helpers in `ffi.rs`, each
// with a `// SAFETY:` comment (the same choice as rustls-ffi).
#![allow(clippy::not_unsafe_ptr_arg_deref)]

// Internal machinery: the result codes, pointer helpers and the panic boundary.
mod error;
mod ffi;
mod handle;
mod panic;

// The exported API, in the order the header presents it.
pub mod version;

pub mod memory;

pub mod client;

pub mod operations;

pub mod async_call;

pub mod pager;

pub mod callbacks;
/// Pacing options, waiting for a notification's status, cancel tokens.
pub mod wait;

pub use error::{
    govuk_notify_result, govuk_notify_result_is_retryable, govuk_notify_result_kind,
    govuk_notify_result_name,
};
pub use ffi::GOVUK_NOTIFY_MAX_INPUT_BYTES;
