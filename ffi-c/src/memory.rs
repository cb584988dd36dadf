//! Freeing what the library hands out: strings and byte buffers. Every allocation returned to C
//! has exactly one matching function here (or a `_free` next to its handle type); C's `free()` must
//! never be used on them, because Rust's allocator is not necessarily C's.

use std::ffi::{c_char, CString};

use crate::panic::ffi_panic_boundary;

/// Frees a string returned by this library through a `char **out_json`, `char **out_page_json` or
/// `char **out_error_json` parameter. NULL is a no-op.
///
/// Ownership: `s` must be NULL or a string this library returned that has not been freed yet;
/// after the call it must not be used. Never pass a string to C's `free()`, and never pass a
/// string that did not come from this library (such as the static strings from
/// `govuk_notify_version()` or `govuk_notify_result_name()`).
#[no_mangle]
pub extern "C" fn govuk_notify_string_free(s: *mut c_char) {
    ffi_panic_boundary! {
        if s.is_null() {
            return;
        }
        // SAFETY: per the documented contract, `s` came from `CString::into_raw` in this library
        // and ownership returns exactly once.
        drop(unsafe { CString::from_raw(s) });
    }
}

/// Frees a byte buffer returned by this library (the PDF from
/// `govuk_notify_get_pdf_for_letter()`). `len` must be the length returned with it. A NULL `data`
/// is a no-op.
///
/// Ownership: `data` must be NULL or a buffer this library returned that has not been freed yet;
/// after the call it must not be used. Never pass it to C's `free()`.
#[no_mangle]
pub extern "C" fn govuk_notify_bytes_free(data: *mut u8, len: usize) {
    ffi_panic_boundary! {
        if data.is_null() {
            return;
        }
        // SAFETY: per the documented contract, `data`/`len` are exactly what `into_c_bytes`
        // returned: a `Box<[u8]>` of that length turned into a raw pointer, handed back once.
        drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(data, len)) });
    }
}

/// Turns bytes into a buffer owned by the C caller, freed with [`govuk_notify_bytes_free`]. The
/// pointer is never NULL, even for an empty buffer (it is then a dangling, never-dereferenced
/// pointer that `govuk_notify_bytes_free` accepts with length 0).
pub(crate) fn into_c_bytes(bytes: &[u8]) -> (*mut u8, usize) {
    let boxed: Box<[u8]> = bytes.into();
    let len = boxed.len();
    (Box::into_raw(boxed).cast::<u8>(), len)
}

/// Turns text into a string owned by the C caller, freed with [`govuk_notify_string_free`].
/// `None` if the text contains a NUL byte (never the case for JSON from the server or serde_json,
/// which escape control characters).
pub(crate) fn into_c_string(bytes: impl Into<Vec<u8>>) -> Option<*mut c_char> {
    CString::new(bytes).ok().map(CString::into_raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_including_empty() {
        for data in [&b""[..], b"%PDF-1.4 hello"] {
            let (p, n) = into_c_bytes(data);
            assert!(!p.is_null());
            assert_eq!(n, data.len());
            // SAFETY: `p` points to `n` bytes just allocated.
            assert_eq!(unsafe { std::slice::from_raw_parts(p, n) }, data);
            govuk_notify_bytes_free(p, n);
        }
        govuk_notify_bytes_free(std::ptr::null_mut(), 0);
        govuk_notify_string_free(std::ptr::null_mut());
    }

    #[test]
    fn strings_with_nul_are_refused() {
        assert!(into_c_string(&b"a\0b"[..]).is_none());
        let s = into_c_string("{}").unwrap();
        govuk_notify_string_free(s);
    }
}
