//! The panic boundary: no Rust panic may unwind into C (that aborts the process since Rust 1.81,
//! and was undefined behaviour before).
//!
//! Every exported function runs its body inside [`ffi_panic_boundary!`] (functions that return a
//! value but no result code) or [`result_boundary`] (fallible functions). A caught panic becomes
//! `GOVUK_NOTIFY_RESULT_PANIC` plus an error report, or a harmless default (`NULL`, `false`,
//! nothing) where there is no result code to return. This is rustls-ffi's `panic.rs` pattern.

use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::{govuk_notify_result, FfiError};
use crate::ffi::Out;

/// What an exported function returns when its body panicked.
pub(crate) trait PanicOrDefault {
    /// The value to return after a panic.
    fn value() -> Self;
}

impl PanicOrDefault for govuk_notify_result {
    fn value() -> Self {
        govuk_notify_result::Panic
    }
}

impl PanicOrDefault for bool {
    fn value() -> Self {
        false
    }
}

impl PanicOrDefault for () {
    fn value() -> Self {}
}

impl<T> PanicOrDefault for *const T {
    fn value() -> Self {
        std::ptr::null()
    }
}

/// Runs the body, returning [`PanicOrDefault::value`] if it panics.
///
/// The body is a closure body: `return` inside it returns from the closure with the function's
/// return type. Unwind safety is asserted because after a panic the only state that survives is
/// the caller's handle, whose shared parts (the core client's mutexes) recover from poisoning.
macro_rules! ffi_panic_boundary {
    ( $($tt:tt)* ) => {
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| { $($tt)* })) {
            Ok(ret) => ret,
            Err(_) => $crate::panic::PanicOrDefault::value(),
        }
    };
}

pub(crate) use ffi_panic_boundary;

/// The boundary of every fallible exported function.
///
/// Clears `*out_error_json` (when the pointer is not NULL), runs `body`, and turns its outcome
/// into a result code. On failure — an `Err`, or a panic, which becomes
/// `GOVUK_NOTIFY_RESULT_PANIC` — the error report is written to `*out_error_json`. The body is
/// responsible for clearing and filling its own out-parameters (see [`crate::ffi::Out`]), so that
/// on failure they are NULL.
pub(crate) fn result_boundary(
    out_error_json: *mut *mut c_char,
    body: impl FnOnce() -> Result<(), FfiError>,
) -> govuk_notify_result {
    ffi_panic_boundary! {
        // SAFETY: the caller passes NULL or a valid, writable `char *` slot (the documented
        // contract of every `out_error_json` parameter).
        let error_out = unsafe { Out::new(out_error_json, std::ptr::null_mut()) };
        let outcome = match catch_unwind(AssertUnwindSafe(body)) {
            Ok(outcome) => outcome,
            Err(payload) => Err(FfiError::panic(payload.as_ref())),
        };
        match outcome {
            Ok(()) => govuk_notify_result::Ok,
            Err(e) => {
                if let (Some(out), Some(json)) = (error_out, e.to_c_string()) {
                    out.set(json.into_raw());
                }
                e.code()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn a_panic_becomes_a_result_code_and_a_report() {
        let mut err: *mut c_char = std::ptr::null_mut();
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let r = result_boundary(&mut err, || panic!("boom"));
        std::panic::set_hook(prev);
        assert_eq!(r, govuk_notify_result::Panic);
        assert!(!err.is_null());
        // SAFETY: `err` was just set to a string from `CString::into_raw`.
        let text = unsafe { CStr::from_ptr(err) }.to_str().unwrap().to_owned();
        crate::memory::govuk_notify_string_free(err);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["kind"], "internal");
        assert_eq!(v["result"], "panic");
        assert_eq!(v["code"], 9002);
        assert!(v["message"].as_str().unwrap().contains("boom"));
    }

    #[test]
    fn success_clears_the_error_slot_and_null_slot_is_allowed() {
        let mut err: *mut c_char = std::ptr::dangling_mut();
        assert_eq!(
            result_boundary(&mut err, || Ok(())),
            govuk_notify_result::Ok
        );
        assert!(err.is_null());
        let r = result_boundary(std::ptr::null_mut(), || Err(FfiError::null_parameter("x")));
        assert_eq!(r, govuk_notify_result::NullParameter);
    }

    #[test]
    fn panic_or_default_values() {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let b: bool = ffi_panic_boundary! { panic!("x") };
        let p: *const u8 = ffi_panic_boundary! { panic!("x") };
        std::panic::set_hook(prev);
        assert!(!b);
        assert!(p.is_null());
    }
}
