//! The library's version, as a function (what the loaded library is) and as header macros (what
//! the program was compiled against). The constants are written out as literals because cbindgen
//! copies them into the header; a test checks they match `Cargo.toml`. The header's
//! `GOVUK_NOTIFY_VERSION` string macro is spelled from them (see `ffi-c/cbindgen.toml`).

use std::ffi::{c_char, CStr};

use crate::panic::ffi_panic_boundary;

/// The major version of the header this program was compiled against.
pub const GOVUK_NOTIFY_VERSION_MAJOR: u32 = 0;
/// The minor version of the header this program was compiled against.
pub const GOVUK_NOTIFY_VERSION_MINOR: u32 = 1;
/// The patch version of the header this program was compiled against.
pub const GOVUK_NOTIFY_VERSION_PATCH: u32 = 0;

const VERSION_C: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => c"unknown",
    };

/// The version of the loaded library, e.g. `"0.1.0"` (the same as the core crate's version).
///
/// Ownership: the returned string is static; do not free it. It is never NULL.
#[no_mangle]
pub extern "C" fn govuk_notify_version() -> *const c_char {
    ffi_panic_boundary! {
        VERSION_C.as_ptr()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_constants_match_cargo() {
        let spelled = format!(
            "{GOVUK_NOTIFY_VERSION_MAJOR}.{GOVUK_NOTIFY_VERSION_MINOR}.{GOVUK_NOTIFY_VERSION_PATCH}"
        );
        assert_eq!(spelled, env!("CARGO_PKG_VERSION"));
        assert_eq!(spelled, govuk_notify::VERSION);
        assert_eq!(
            GOVUK_NOTIFY_VERSION_MAJOR.to_string(),
            env!("CARGO_PKG_VERSION_MAJOR")
        );
        assert_eq!(
            GOVUK_NOTIFY_VERSION_MINOR.to_string(),
            env!("CARGO_PKG_VERSION_MINOR")
        );
        assert_eq!(
            GOVUK_NOTIFY_VERSION_PATCH.to_string(),
            env!("CARGO_PKG_VERSION_PATCH")
        );
        // SAFETY: a static NUL-terminated string.
        let v = unsafe { CStr::from_ptr(govuk_notify_version()) };
        assert_eq!(v.to_str().unwrap(), spelled);
    }
}
