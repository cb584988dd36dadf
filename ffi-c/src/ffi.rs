//! Pointer helpers for the C boundary (rustls-ffi's `ffi.rs` pattern).
//!
//! This module owns every conversion between C pointers and Rust values: C strings with a size
//! limit ([`str_arg`]), JSON arguments ([`json_arg`]), byte buffers ([`slice_arg`]) and
//! out-parameters ([`Out`]). Handles are not pointers at all: see `handle.rs`. The `try_*` macros wrap them so an
//! exported function reads top to bottom, returning an argument error (never crashing) for NULL,
//! invalid UTF-8, malformed JSON or oversized input. It does not know about Notify operations.

use std::ffi::{c_char, CStr};
use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use crate::error::{govuk_notify_result, FfiError};

/// The largest string or buffer any function accepts, in bytes (8 MiB): request JSON, API keys,
/// options, references, PDFs. Larger input is refused with `GOVUK_NOTIFY_RESULT_TOO_LARGE` before
/// it is parsed.
pub const GOVUK_NOTIFY_MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;

/// An out-parameter: cleared to an "empty" value as soon as it is taken (so it reads as empty on
/// every failure path) and written once on success.
///
/// It keeps the raw pointer and writes through it with `ptr::write`, never making a `&mut T`: a
/// caller may pass the same slot for two out-parameters (say `out_json` and `out_error_json`),
/// and two live `&mut` to one slot would be undefined behaviour in Rust even though each write is
/// fine for C. With raw writes the last write wins, which is what the C caller sees: the slot
/// holds the response on success and the error report on failure, exactly one string to free.
pub(crate) struct Out<'a, T> {
    slot: *mut T,
    _lifetime: PhantomData<&'a mut T>,
}

impl<T: Copy> Out<'_, T> {
    /// Takes the slot behind `ptr` and writes `empty` to it; `None` when `ptr` is NULL.
    ///
    /// # Safety
    /// `ptr` must be NULL or valid for writes of a `T` for `'a` (it need not be aligned for a
    /// Rust reference to be made, but must be for `T`). Other `Out`s may share the slot.
    pub(crate) unsafe fn new(ptr: *mut T, empty: T) -> Option<Self> {
        if ptr.is_null() {
            return None;
        }
        // SAFETY: per this function's contract, a non-NULL `ptr` is valid for writes of a `T`;
        // `T: Copy`, so overwriting without dropping the old value leaks nothing (and the old
        // value may be garbage, which must not be read or dropped).
        unsafe { ptr.write(empty) };
        Some(Self {
            slot: ptr,
            _lifetime: PhantomData,
        })
    }

    /// Writes the result.
    pub(crate) fn set(self, value: T) {
        // SAFETY: `new` checked the pointer is non-NULL and its contract makes it valid for
        // writes for `'a`, which `self` does not outlive.
        unsafe { self.slot.write(value) };
    }
}

/// Reads a NUL-terminated UTF-8 string argument; `Ok(None)` for NULL.
///
/// # Safety
/// `ptr` must be NULL or point to a NUL-terminated string that stays valid and unchanged for `'a`.
pub(crate) unsafe fn str_arg<'a>(
    ptr: *const c_char,
    field: &'static str,
) -> Result<Option<&'a str>, FfiError> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: per this function's contract, `ptr` is a valid NUL-terminated string.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    if bytes.len() > GOVUK_NOTIFY_MAX_INPUT_BYTES {
        return Err(FfiError::argument(
            govuk_notify_result::TooLarge,
            field,
            format!(
                "is {} bytes; the limit is {GOVUK_NOTIFY_MAX_INPUT_BYTES} bytes",
                bytes.len()
            ),
        ));
    }
    std::str::from_utf8(bytes).map(Some).map_err(|e| {
        FfiError::argument(
            govuk_notify_result::InvalidUtf8,
            field,
            format!(
                "is not valid UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
    })
}

/// Parses a JSON string argument into `T` (whose `Deserialize` refuses unknown fields); `Ok(None)`
/// for NULL.
///
/// # Safety
/// As [`str_arg`].
pub(crate) unsafe fn json_arg<T: DeserializeOwned>(
    ptr: *const c_char,
    field: &'static str,
) -> Result<Option<T>, FfiError> {
    // SAFETY: forwarded contract of this function.
    let Some(text) = (unsafe { str_arg(ptr, field) })? else {
        return Ok(None);
    };
    serde_json::from_str(text)
        .map(Some)
        .map_err(|e| FfiError::json(field, &e))
}

/// Borrows a byte buffer argument. NULL is accepted only with `len == 0`.
///
/// # Safety
/// When `len > 0`, `ptr` must point to `len` readable bytes that stay valid and unchanged for `'a`.
pub(crate) unsafe fn slice_arg<'a>(
    ptr: *const u8,
    len: usize,
    field: &'static str,
) -> Result<&'a [u8], FfiError> {
    if len > GOVUK_NOTIFY_MAX_INPUT_BYTES {
        return Err(FfiError::argument(
            govuk_notify_result::TooLarge,
            field,
            format!("is {len} bytes; the limit is {GOVUK_NOTIFY_MAX_INPUT_BYTES} bytes"),
        ));
    }
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(FfiError::null_parameter(field));
    }
    // SAFETY: non-NULL, and per this function's contract valid for `len` bytes; `len` is at most
    // 8 MiB so it cannot exceed `isize::MAX`.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Takes a required out-parameter and clears it (to NULL, or `$empty`); `NULL_PARAMETER` if the
/// pointer itself is NULL.
macro_rules! try_out {
    ( $var:ident ) => {
        $crate::ffi::try_out!($var, ::std::ptr::null_mut())
    };
    ( $var:ident, $empty:expr ) => {
        // SAFETY: every out-parameter is documented as NULL or writable for the duration of the
        // call.
        match unsafe { $crate::ffi::Out::new($var, $empty) } {
            Some(out) => out,
            None => return Err($crate::error::FfiError::null_parameter(stringify!($var))),
        }
    };
}

pub(crate) use try_out;

/// Reads a required string argument as `&str`.
macro_rules! try_str {
    ( $var:ident ) => {
        // SAFETY: every string parameter is documented as NULL or a NUL-terminated string valid
        // for the duration of the call.
        match unsafe { $crate::ffi::str_arg($var, stringify!($var)) }? {
            Some(s) => s,
            None => return Err($crate::error::FfiError::null_parameter(stringify!($var))),
        }
    };
}

pub(crate) use try_str;

/// Reads an optional (nullable) string argument as `Option<&str>`.
macro_rules! try_opt_str {
    ( $var:ident ) => {
        // SAFETY: as for `try_str!`.
        unsafe { $crate::ffi::str_arg($var, stringify!($var)) }?
    };
}

pub(crate) use try_opt_str;

/// Parses a required JSON string argument into the type the binding expects.
macro_rules! try_json {
    ( $var:ident ) => {
        // SAFETY: as for `try_str!`.
        match unsafe { $crate::ffi::json_arg($var, stringify!($var)) }? {
            Some(v) => v,
            None => return Err($crate::error::FfiError::null_parameter(stringify!($var))),
        }
    };
}

pub(crate) use try_json;

/// Parses an optional (nullable) JSON string argument; NULL gives the type's default.
macro_rules! try_opt_json {
    ( $var:ident ) => {
        // SAFETY: as for `try_str!`.
        unsafe { $crate::ffi::json_arg($var, stringify!($var)) }?.unwrap_or_default()
    };
}

pub(crate) use try_opt_json;

/// Borrows a `(pointer, length)` byte buffer argument.
macro_rules! try_slice {
    ( $ptr:ident, $len:ident ) => {
        // SAFETY: every buffer parameter is documented as `len` readable bytes (NULL allowed only
        // when `len` is 0) valid for the duration of the call.
        unsafe { $crate::ffi::slice_arg($ptr, $len, stringify!($ptr)) }?
    };
}

pub(crate) use try_slice;

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CString;

    #[test]
    fn strings_null_utf8_and_size() {
        // SAFETY: NULL is allowed.
        assert!(unsafe { str_arg(std::ptr::null(), "s") }.unwrap().is_none());
        let bad = CString::new(vec![b'a', 0xff, b'b']).unwrap();
        // SAFETY: a valid C string.
        let e = unsafe { str_arg(bad.as_ptr(), "s") }.err().unwrap();
        assert_eq!(e.code(), govuk_notify_result::InvalidUtf8);
        let big = CString::new(vec![b'a'; GOVUK_NOTIFY_MAX_INPUT_BYTES + 1]).unwrap();
        // SAFETY: a valid C string.
        let e = unsafe { str_arg(big.as_ptr(), "s") }.err().unwrap();
        assert_eq!(e.code(), govuk_notify_result::TooLarge);
        let ok = CString::new("héllo").unwrap();
        // SAFETY: a valid C string.
        assert_eq!(unsafe { str_arg(ok.as_ptr(), "s") }.unwrap(), Some("héllo"));
    }

    #[test]
    fn slices_null_with_zero_length_is_empty() {
        // SAFETY: NULL with length 0 is allowed.
        assert!(unsafe { slice_arg(std::ptr::null(), 0, "b") }
            .unwrap()
            .is_empty());
        // SAFETY: NULL is checked before any read.
        let e = unsafe { slice_arg(std::ptr::null(), 3, "b") }
            .err()
            .unwrap();
        assert_eq!(e.code(), govuk_notify_result::NullParameter);
        // SAFETY: the length is checked before any read.
        let e = unsafe { slice_arg(std::ptr::null(), usize::MAX, "b") }
            .err()
            .unwrap();
        assert_eq!(e.code(), govuk_notify_result::TooLarge);
    }
}
