//! Result codes and error reports for the C ABI.
//!
//! This module owns the numbered [`govuk_notify_result`] enum, the one table (`result_table!`)
//! that gives each code its name and core [`ErrorKind`] and from which the mappings both ways
//! ([`govuk_notify_result::from_kind`], [`govuk_notify_result::kind`]) are generated, and the JSON
//! error report written to `out_error_json`. It does
//! not classify HTTP responses: that is the core's [`govuk_notify::Error::from_response`].
//!
//! Numbers are grouped in ranges and never reused: a retired code stays reserved here as a comment.

use std::ffi::{c_char, c_uint, CStr, CString};
use std::sync::OnceLock;

use govuk_notify::{Error, ErrorKind};

/// The result of every fallible function. `GOVUK_NOTIFY_RESULT_OK` (0) is success; every other
/// value is a failure, and the function's `out_error_json` (when not NULL) then receives a JSON
/// report.
///
/// Codes are grouped in stable ranges, and a number is never reused for another meaning:
///
/// * 1xxx: the arguments were refused before anything was sent (core error kind `argument`).
/// * 2xxx: the request did not complete (kinds `transport`, `timeout`).
/// * 3xxx: Notify (or something in front of it) answered with an error (`auth`, `validation`,
///   `not_found`, `rate_limited`, `daily_limit`, `server`, `http`, `invalid_response`).
/// * 9xxx: a bug in this library (`internal`), including a Rust panic caught at the boundary.
///
/// Use `govuk_notify_result_name()` for a printable name, `govuk_notify_result_kind()` for the
/// error kind, and `govuk_notify_result_is_retryable()` to ask whether trying later may succeed.
/// Functions that take a result code take it as a plain `unsigned int`, so any number is safe to
/// pass.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum govuk_notify_result {
    /// Success. Out-parameters hold the results.
    Ok = 0,

    // ---- 1xxx: argument errors (nothing was sent) ----
    /// A required pointer argument was NULL. `field` in the error JSON names it.
    NullParameter = 1001,
    /// A string argument was not valid UTF-8.
    InvalidUtf8 = 1002,
    /// A JSON argument was not well-formed JSON (syntax error or truncated text).
    InvalidJson = 1003,
    /// A JSON argument had a key the operation does not know (keys are never ignored silently).
    UnknownField = 1004,
    /// An argument was larger than allowed: a string or buffer over
    /// `GOVUK_NOTIFY_MAX_INPUT_BYTES`, or a file over 2 MiB for `govuk_notify_prepare_upload`.
    TooLarge = 1005,
    /// An argument was well-formed but refused: a value of the wrong JSON type, a missing required
    /// field, an invalid API key, UUID, URL, postage, status filter, option value, and so on.
    InvalidValue = 1006,
    /// A client or pager handle was not a live handle: already freed, a handle of the other type,
    /// or a value this library never returned. `field` in the error JSON names the parameter.
    /// Nothing was sent and nothing was freed.
    InvalidHandle = 1007,

    // ---- 2xxx: the request did not complete ----
    /// DNS failure, connection refused or reset, TLS or proxy failure. Retryable.
    Transport = 2001,
    /// No complete response within `timeout_ms`. Retryable (a send may have been delivered).
    Timeout = 2002,

    // ---- 3xxx: Notify answered with an error ----
    /// HTTP 401 or 403: the key or token was refused, or the key may not do this.
    Auth = 3001,
    /// HTTP 400: Notify rejected the request (`ValidationError`, `BadRequestError`, PDF not ready).
    Validation = 3002,
    /// HTTP 404: no such notification or template.
    NotFound = 3003,
    /// HTTP 429 `RateLimitError`: too many requests this minute. Retryable after a pause.
    RateLimited = 3004,
    /// HTTP 429 `TooManyRequestsError`: the service's daily limit is used up. Not retryable today.
    DailyLimit = 3005,
    /// HTTP 5xx. Retryable (a send may have been delivered).
    Server = 3006,
    /// Any other unsuccessful HTTP status (3xx, 405, 413...).
    Http = 3007,
    /// A success status with a body that is not what the endpoint returns, or a body over the
    /// response size limit.
    InvalidResponse = 3008,

    // ---- 9xxx: bugs in this library ----
    /// An internal error, e.g. the I/O runtime could not start, or a blocking call was made from
    /// inside an async runtime.
    Internal = 9001,
    /// A Rust panic was caught at the C boundary. Please report it as a bug.
    Panic = 9002,
}

/// The one table of result codes: each code's stable name and core error kind, and which code a
/// core error of that kind gets (`primary`; the other 1xxx codes come from this crate's own
/// argument checks, `Panic` from the panic boundary). The enum above stays written out because
/// cbindgen reads it (it does not expand macros); the matches this macro generates have no
/// wildcard arm, so the compiler refuses an enum variant missing here, and every row names a
/// variant, so the enum and the table cannot drift apart.
macro_rules! result_table {
    ($( $variant:ident => $name:literal, $kind:ident, $primary:literal; )*) => {
        /// Every code, for lookups by number.
        pub(crate) const ALL_RESULTS: &[govuk_notify_result] = &[$(govuk_notify_result::$variant),*];

        impl govuk_notify_result {
            /// The stable snake_case name, NUL-terminated for C.
            fn name_c(self) -> &'static CStr {
                match self { $( Self::$variant => $name, )* }
            }

            /// The core error kind of this code (`None` for `Ok`).
            pub(crate) fn kind(self) -> Option<ErrorKind> {
                match self { $( Self::$variant => result_table!(@kind $kind), )* }
            }

            /// Whether a core error of this code's kind gets this code.
            fn is_primary(self) -> bool {
                match self { $( Self::$variant => $primary, )* }
            }
        }
    };
    (@kind Ok) => { None };
    (@kind $kind:ident) => { Some(ErrorKind::$kind) };
}

result_table! {
    Ok => c"ok", Ok, false;
    NullParameter => c"null_parameter", Argument, false;
    InvalidUtf8 => c"invalid_utf8", Argument, false;
    InvalidJson => c"invalid_json", Argument, false;
    UnknownField => c"unknown_field", Argument, false;
    TooLarge => c"too_large", Argument, false;
    InvalidValue => c"invalid_value", Argument, true;
    InvalidHandle => c"invalid_handle", Argument, false;
    Transport => c"transport", Transport, true;
    Timeout => c"timeout", Timeout, true;
    Auth => c"auth", Auth, true;
    Validation => c"validation", Validation, true;
    NotFound => c"not_found", NotFound, true;
    RateLimited => c"rate_limited", RateLimited, true;
    DailyLimit => c"daily_limit", DailyLimit, true;
    Server => c"server", Server, true;
    Http => c"http", Http, true;
    InvalidResponse => c"invalid_response", InvalidResponse, true;
    Internal => c"internal", Internal, true;
    Panic => c"panic", Internal, false;
}

impl govuk_notify_result {
    /// The code for an error of the core's `kind` (the table's primary code for it). A kind
    /// added to the core later, with no code yet, is reported as internal.
    pub(crate) fn from_kind(kind: ErrorKind) -> Self {
        ALL_RESULTS
            .iter()
            .copied()
            .find(|r| r.is_primary() && r.kind() == Some(kind))
            .unwrap_or(Self::Internal)
    }

    /// The stable snake_case name, e.g. `"not_found"`.
    pub(crate) fn name(self) -> &'static str {
        self.name_c().to_str().unwrap_or("unknown")
    }

    /// The code with this number, if there is one.
    pub(crate) fn from_code(code: c_uint) -> Option<Self> {
        ALL_RESULTS.iter().copied().find(|r| *r as c_uint == code)
    }
}

/// A failure on its way to C: the result code and the core error that explains it. (`Debug`
/// shows the core error, which never contains the API key.)
#[derive(Debug)]
pub(crate) struct FfiError {
    code: govuk_notify_result,
    error: Error,
}

impl From<Error> for FfiError {
    fn from(error: Error) -> Self {
        Self {
            code: govuk_notify_result::from_kind(error.kind()),
            error,
        }
    }
}

impl FfiError {
    /// An argument error with a specific 1xxx code, naming the parameter or field.
    pub(crate) fn argument(
        code: govuk_notify_result,
        field: &'static str,
        message: impl std::fmt::Display,
    ) -> Self {
        Self {
            code,
            error: Error::argument(field, message),
        }
    }

    /// A required pointer parameter was NULL.
    pub(crate) fn null_parameter(field: &'static str) -> Self {
        Self::argument(
            govuk_notify_result::NullParameter,
            field,
            "must not be NULL",
        )
    }

    /// A JSON argument failed to parse into the operation's request type.
    pub(crate) fn json(field: &'static str, e: &serde_json::Error) -> Self {
        let code = match e.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                govuk_notify_result::InvalidJson
            }
            // serde's derive words this message the same way in every version we support.
            serde_json::error::Category::Data if e.to_string().starts_with("unknown field") => {
                govuk_notify_result::UnknownField
            }
            _ => govuk_notify_result::InvalidValue,
        };
        let what = match code {
            govuk_notify_result::InvalidJson => "is not valid JSON",
            govuk_notify_result::UnknownField => "has a field this operation does not accept",
            _ => "has a value of the wrong type or is missing a required field",
        };
        Self::argument(code, field, format!("{what}: {e}"))
    }

    /// A panic was caught; `payload` is what `catch_unwind` returned.
    pub(crate) fn panic(payload: &(dyn std::any::Any + Send)) -> Self {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_owned());
        Self {
            code: govuk_notify_result::Panic,
            error: Error::internal(format!(
                "a panic was caught at the C boundary (this is a bug in govuk-notify): {detail}"
            )),
        }
    }

    /// Overrides the code (e.g. `TooLarge` for a core argument error about size).
    pub(crate) fn with_code(mut self, code: govuk_notify_result) -> Self {
        self.code = code;
        self
    }

    pub(crate) fn code(&self) -> govuk_notify_result {
        self.code
    }

    /// The report for `out_error_json`: the core's `Error::to_json()` fields (`kind`,
    /// `status_code`, `errors`, `message`, `retryable`, and `field`, `body`,
    /// `clock_skew_seconds` when known) plus `code` (the number) and `result` (its name).
    pub(crate) fn to_json(&self) -> serde_json::Value {
        let mut v = self.error.to_json();
        if let Some(obj) = v.as_object_mut() {
            obj.insert("code".into(), (self.code as u32).into());
            obj.insert("result".into(), self.code.name().into());
        }
        v
    }

    /// [`FfiError::to_json`] as a C string owned by the caller.
    pub(crate) fn to_c_string(&self) -> Option<CString> {
        // serde_json escapes control characters, so the text never contains a NUL byte.
        CString::new(self.to_json().to_string()).ok()
    }
}

/// A printable, stable name for a result code, e.g. `"not_found"` for
/// `GOVUK_NOTIFY_RESULT_NOT_FOUND`, `"ok"` for 0, and `"unknown"` for a number that is not a code.
///
/// Ownership: the returned string is static; do not free it. It is never NULL.
#[no_mangle]
pub extern "C" fn govuk_notify_result_name(result: c_uint) -> *const c_char {
    crate::panic::ffi_panic_boundary! {
        match govuk_notify_result::from_code(result) {
            Some(r) => r.name_c().as_ptr(),
            None => c"unknown".as_ptr(),
        }
    }
}

/// The error kind of a result code, as in the `kind` field of the error JSON: `"argument"` for
/// every 1xxx code, `"transport"`, `"timeout"`, `"auth"`, `"validation"`, `"not_found"`,
/// `"rate_limited"`, `"daily_limit"`, `"server"`, `"http"`, `"invalid_response"`, `"internal"`
/// (also for `GOVUK_NOTIFY_RESULT_PANIC`); `"ok"` for 0 and `"unknown"` for a number that is not a
/// code.
///
/// Ownership: the returned string is static; do not free it. It is never NULL.
#[no_mangle]
pub extern "C" fn govuk_notify_result_kind(result: c_uint) -> *const c_char {
    crate::panic::ffi_panic_boundary! {
        match govuk_notify_result::from_code(result) {
            None => c"unknown".as_ptr(),
            Some(r) => match r.kind() {
                None => c"ok".as_ptr(),
                Some(kind) => kind_c(kind).as_ptr(),
            },
        }
    }
}

/// The kind's name as a static C string: the core's `ErrorKind::as_str`, made NUL-terminated once.
fn kind_c(kind: ErrorKind) -> &'static CStr {
    static NAMES: OnceLock<Vec<(ErrorKind, CString)>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        ErrorKind::ALL
            .into_iter()
            .filter_map(|k| CString::new(k.as_str()).ok().map(|c| (k, c)))
            .collect()
    });
    names
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(c"internal", |(_, c)| c.as_c_str())
}

/// Whether an error with this result code is transient, so the same request may succeed later:
/// `RATE_LIMITED`, `SERVER`, `TRANSPORT` and `TIMEOUT` (the core's `ErrorKind::is_transient`).
/// False for OK, for every other code and for numbers that are not codes.
///
/// This does not say that repeating a *send* is safe: after `SERVER` or `TIMEOUT` the message may
/// already have been accepted. The error JSON's `retryable` field answers that for the failed call
/// itself (false for a send that may have reached Notify; see `may_have_reached_server`).
#[no_mangle]
pub extern "C" fn govuk_notify_result_is_retryable(result: c_uint) -> bool {
    crate::panic::ffi_panic_boundary! {
        govuk_notify_result::from_code(result)
            .and_then(govuk_notify_result::kind)
            .is_some_and(ErrorKind::is_transient)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_maps_to_a_code_of_the_same_kind() {
        for kind in ErrorKind::ALL {
            let code = govuk_notify_result::from_kind(kind);
            assert_eq!(code.kind(), Some(kind), "{kind:?}");
            assert_eq!(govuk_notify_result::from_code(code as c_uint), Some(code));
            assert_eq!(kind_c(kind).to_str().unwrap(), kind.as_str());
        }
    }

    #[test]
    fn codes_round_trip_and_sit_in_their_ranges() {
        for &r in ALL_RESULTS {
            let n = r as c_uint;
            assert_eq!(govuk_notify_result::from_code(n), Some(r));
            let range = match r.kind() {
                None => 0,
                Some(ErrorKind::Argument) => 1,
                Some(ErrorKind::Transport | ErrorKind::Timeout) => 2,
                Some(ErrorKind::Internal) => 9,
                Some(_) => 3,
            };
            assert_eq!(n / 1000, range, "{r:?}");
        }
        assert_eq!(govuk_notify_result::from_code(1), None);
        assert_eq!(govuk_notify_result::from_code(u32::MAX), None);
    }

    #[test]
    fn retryable_matches_the_core() {
        for kind in ErrorKind::ALL {
            let code = govuk_notify_result::from_kind(kind) as c_uint;
            assert_eq!(govuk_notify_result_is_retryable(code), kind.is_transient());
        }
        assert!(!govuk_notify_result_is_retryable(0));
        assert!(!govuk_notify_result_is_retryable(424_242));
        assert!(!govuk_notify_result_is_retryable(
            govuk_notify_result::Panic as c_uint
        ));
    }

    #[test]
    fn names_are_static_and_unknown_is_handled() {
        // SAFETY: the functions return pointers to static NUL-terminated strings.
        let name = |n| unsafe { CStr::from_ptr(govuk_notify_result_name(n)) };
        assert_eq!(name(0).to_str().unwrap(), "ok");
        assert_eq!(name(3003).to_str().unwrap(), "not_found");
        assert_eq!(name(7).to_str().unwrap(), "unknown");
        // SAFETY: as above.
        let kind = |n| unsafe { CStr::from_ptr(govuk_notify_result_kind(n)) };
        assert_eq!(kind(1004).to_str().unwrap(), "argument");
        assert_eq!(kind(9002).to_str().unwrap(), "internal");
        assert_eq!(kind(0).to_str().unwrap(), "ok");
        assert_eq!(kind(5).to_str().unwrap(), "unknown");
    }

    #[test]
    fn json_errors_are_classified() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            a: u32,
        }
        let code = |s: &str| FfiError::json("x", &serde_json::from_str::<T>(s).unwrap_err()).code;
        assert_eq!(code("{"), govuk_notify_result::InvalidJson);
        assert_eq!(code("nope"), govuk_notify_result::InvalidJson);
        assert_eq!(code(r#"{"a":1,"b":2}"#), govuk_notify_result::UnknownField);
        assert_eq!(code(r#"{"a":"1"}"#), govuk_notify_result::InvalidValue);
        assert_eq!(code("{}"), govuk_notify_result::InvalidValue);
        assert_eq!(code("[]"), govuk_notify_result::InvalidValue);
        let e = FfiError::json(
            "request_json",
            &serde_json::from_str::<T>(r#"{"zz":1}"#).unwrap_err(),
        );
        let j = e.to_json();
        assert_eq!(j["kind"], "argument");
        assert_eq!(j["field"], "request_json");
        assert_eq!(j["code"], 1004);
        assert_eq!(j["result"], "unknown_field");
        assert!(j["message"].as_str().unwrap().contains("`zz`"), "{j}");
    }
}
