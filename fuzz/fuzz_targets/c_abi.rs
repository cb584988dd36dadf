//! Every exported `govuk_notify_*` function of the C ABI with arbitrary input, through the real
//! library as a C program links it: `libgovuk_notify.a` from `cargo build -p govuk-notify-ffi`
//! (or the shared library with `--features ffi-dylib`; or, with `GOVUK_NOTIFY_LIB_DIR`, a copy
//! built with coverage instrumentation so libFuzzer sees inside it: see run.sh).
//!
//! Each input is passed, as a NUL-terminated string cut at its first NUL byte (as C would see it),
//! to every function that takes a string or JSON: each operation's `request_json`, the pager
//! filters, `prepare_upload`'s options (with the raw input as the file), the precompiled-letter
//! reference/postage (with the raw input as the PDF), the callback parsers (the raw input as the
//! body) and the bearer-token check, and `client_new`'s key and options. The
//! operations run on one client whose base URL is a closed loopback port with no retries, so a
//! request that passes validation fails fast with a transport error and nothing leaves the machine.
//!
//! Checked for every call: no crash (the fuzzer runs under AddressSanitizer, which also sees the
//! library's mallocs and frees, and LeakSanitizer); never `GOVUK_NOTIFY_RESULT_PANIC`; outputs only
//! on success and an error report only on failure; every error report is JSON whose `kind` is
//! `govuk_notify_result_kind(result)`; the API key's secret never appears in any report; and every
//! output is freed with the library's own free functions.
#![no_main]

use std::ffi::{c_char, c_uint, CStr, CString};
use std::net::TcpListener;
use std::ptr::{null, null_mut};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[repr(C)]
struct Client {
    _private: [u8; 0],
}
#[repr(C)]
struct Pager {
    _private: [u8; 0],
}

type Op =
    unsafe extern "C" fn(*const Client, *const c_char, *mut *mut c_char, *mut *mut c_char) -> u32;

#[cfg_attr(
    not(feature = "ffi-dylib"),
    link(name = "govuk_notify", kind = "static")
)]
#[cfg_attr(feature = "ffi-dylib", link(name = "govuk_notify", kind = "dylib"))]
extern "C" {
    fn govuk_notify_result_name(result: c_uint) -> *const c_char;
    fn govuk_notify_result_kind(result: c_uint) -> *const c_char;
    fn govuk_notify_result_is_retryable(result: c_uint) -> bool;
    fn govuk_notify_string_free(s: *mut c_char);
    fn govuk_notify_bytes_free(data: *mut u8, len: usize);
    fn govuk_notify_client_new(
        api_key: *const c_char,
        options_json: *const c_char,
        out_client: *mut *mut Client,
        out_error_json: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_client_free(client: *mut Client);
    fn govuk_notify_send_sms(
        c: *const Client,
        j: *const c_char,
        o: *mut *mut c_char,
        e: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_send_email(
        c: *const Client,
        j: *const c_char,
        o: *mut *mut c_char,
        e: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_send_letter(
        c: *const Client,
        j: *const c_char,
        o: *mut *mut c_char,
        e: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_send_precompiled_letter(
        c: *const Client,
        j: *const c_char,
        o: *mut *mut c_char,
        e: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_send_precompiled_letter_bytes(
        client: *const Client,
        reference: *const c_char,
        pdf: *const u8,
        pdf_len: usize,
        postage: *const c_char,
        out_json: *mut *mut c_char,
        out_error_json: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_get_notification(
        c: *const Client,
        j: *const c_char,
        o: *mut *mut c_char,
        e: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_list_notifications(
        c: *const Client,
        j: *const c_char,
        o: *mut *mut c_char,
        e: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_get_pdf_for_letter(
        client: *const Client,
        request_json: *const c_char,
        out_data: *mut *mut u8,
        out_len: *mut usize,
        out_error_json: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_get_template(
        c: *const Client,
        j: *const c_char,
        o: *mut *mut c_char,
        e: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_get_template_version(
        c: *const Client,
        j: *const c_char,
        o: *mut *mut c_char,
        e: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_list_templates(
        c: *const Client,
        j: *const c_char,
        o: *mut *mut c_char,
        e: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_preview_template(
        c: *const Client,
        j: *const c_char,
        o: *mut *mut c_char,
        e: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_list_received_texts(
        c: *const Client,
        j: *const c_char,
        o: *mut *mut c_char,
        e: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_prepare_upload(
        data: *const u8,
        len: usize,
        options_json: *const c_char,
        out_json: *mut *mut c_char,
        out_error_json: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_notifications_iter_new(
        client: *const Client,
        filter_json: *const c_char,
        out_pager: *mut *mut Pager,
        out_error_json: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_received_texts_iter_new(
        client: *const Client,
        filter_json: *const c_char,
        out_pager: *mut *mut Pager,
        out_error_json: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_pager_next_page(
        pager: *mut Pager,
        out_page_json: *mut *mut c_char,
        out_error_json: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_pager_free(pager: *mut Pager);
    fn govuk_notify_callback_parse_delivery_receipt(
        body: *const u8,
        len: usize,
        out_json: *mut *mut c_char,
        out_error_json: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_callback_parse_received_text(
        body: *const u8,
        len: usize,
        out_json: *mut *mut c_char,
        out_error_json: *mut *mut c_char,
    ) -> u32;
    fn govuk_notify_callback_verify_bearer_token(
        authorization_header: *const c_char,
        expected_token: *const c_char,
    ) -> bool;
}

const KEY: &str =
    "fuzz_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";
const SECRET: &str = "3d844edf-8d35-48ac-975b-e847b4f122b0";
const OK: u32 = 0;
const PANIC: u32 = 9002;

/// The shared client, stored as an address so it can live in a static.
fn client() -> *const Client {
    static CLIENT: OnceLock<usize> = OnceLock::new();
    *CLIENT.get_or_init(|| {
        // A port that was free a moment ago and is now closed: connections are refused at once.
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free loopback port");
        for var in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"] {
            std::env::remove_var(var);
        }
        let key = CString::new(KEY).expect("no NUL");
        let options = CString::new(format!(
            r#"{{"base_url":"http://127.0.0.1:{port}","timeout_ms":2000,"connect_timeout_ms":500,"retry":{{"max_retries":0}}}}"#
        ))
        .expect("no NUL");
        let mut c = null_mut();
        let mut err = null_mut();
        // SAFETY: valid NUL-terminated strings and writable out-parameters.
        let r = unsafe { govuk_notify_client_new(key.as_ptr(), options.as_ptr(), &mut c, &mut err) };
        assert_eq!(r, OK, "the fuzzing client could not be made");
        c as usize
    }) as *const Client
}

/// Checks the outcome of one call and frees what it returned. `out` is the call's main output.
fn settle(what: &str, r: u32, out: *mut c_char, err: *mut c_char) {
    assert_ne!(r, PANIC, "{what} panicked: {}", text(err));
    // SAFETY: the result functions accept any number and return static strings.
    unsafe {
        assert!(!govuk_notify_result_name(r).is_null());
        let _ = govuk_notify_result_is_retryable(r);
    }
    if r == OK {
        assert!(err.is_null(), "{what}: error report on success");
    } else {
        assert!(out.is_null(), "{what}: output on failure");
        assert!(!err.is_null(), "{what}: no error report for {r}");
        let report = text(err);
        let v: serde_json::Value = serde_json::from_str(&report)
            .unwrap_or_else(|e| panic!("{what}: report is not JSON ({e}): {report}"));
        // SAFETY: static string for any number.
        let kind = unsafe { CStr::from_ptr(govuk_notify_result_kind(r)) }.to_string_lossy();
        assert_eq!(v["kind"], *kind, "{what}: {report}");
        assert!(v["message"].is_string(), "{what}: {report}");
        assert!(
            !report.contains(SECRET),
            "{what}: the secret leaked: {report}"
        );
    }
    if !out.is_null() {
        let _ = text(out);
    }
    // SAFETY: both are NULL or strings this library returned, each freed once.
    unsafe {
        govuk_notify_string_free(out);
        govuk_notify_string_free(err);
    }
}

/// A refused key's report contains no 16-character whitespace-free run of the key (see the
/// `api_key` target for why that bound has no false positives).
fn assert_no_window_of(input: &str, shown: &str) {
    let chars: Vec<char> = input.chars().collect();
    for w in chars.windows(16) {
        if w.iter().any(|c| c.is_whitespace() || *c == '{') {
            continue;
        }
        let needle: String = w.iter().collect();
        assert!(
            !shown.contains(&needle),
            "refused key echoed {needle:?} in {shown:?}"
        );
    }
}

fn text(p: *const c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: a NUL-terminated string returned by the library and not yet freed.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

fuzz_target!(|data: &[u8]| {
    let client = client();
    let cut = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let input = CString::new(&data[..cut]).expect("cut at the first NUL");
    let s = input.as_ptr();

    let ops: [(&str, Op); 11] = [
        ("send_sms", govuk_notify_send_sms),
        ("send_email", govuk_notify_send_email),
        ("send_letter", govuk_notify_send_letter),
        (
            "send_precompiled_letter",
            govuk_notify_send_precompiled_letter,
        ),
        ("get_notification", govuk_notify_get_notification),
        ("list_notifications", govuk_notify_list_notifications),
        ("get_template", govuk_notify_get_template),
        ("get_template_version", govuk_notify_get_template_version),
        ("list_templates", govuk_notify_list_templates),
        ("preview_template", govuk_notify_preview_template),
        ("list_received_texts", govuk_notify_list_received_texts),
    ];
    // SAFETY (all calls below): arguments are NULL, the live client, NUL-terminated strings or
    // buffers that outlive the call, and writable out-parameters, as the header requires.
    for (name, op) in ops {
        let (mut out, mut err) = (null_mut(), null_mut());
        let r = unsafe { op(client, s, &mut out, &mut err) };
        settle(name, r, out, err);
    }

    let (mut pdf, mut len, mut err) = (null_mut(), usize::MAX, null_mut());
    let r = unsafe { govuk_notify_get_pdf_for_letter(client, s, &mut pdf, &mut len, &mut err) };
    if r != OK {
        assert!(
            pdf.is_null() && len == 0,
            "get_pdf_for_letter: output on failure"
        );
    }
    settle("get_pdf_for_letter", r, null_mut(), err);
    unsafe { govuk_notify_bytes_free(pdf, len) };

    let (mut out, mut err) = (null_mut(), null_mut());
    let r =
        unsafe { govuk_notify_prepare_upload(data.as_ptr(), data.len(), s, &mut out, &mut err) };
    settle("prepare_upload", r, out, err);

    for (name, parse) in [
        (
            "callback_parse_delivery_receipt",
            govuk_notify_callback_parse_delivery_receipt as unsafe extern "C" fn(_, _, _, _) -> _,
        ),
        (
            "callback_parse_received_text",
            govuk_notify_callback_parse_received_text,
        ),
    ] {
        let (mut out, mut err) = (null_mut(), null_mut());
        let r = unsafe { parse(data.as_ptr(), data.len(), &mut out, &mut err) };
        settle(name, r, out, err);
    }
    let token = CString::new("Bearer fuzz-token").expect("no NUL");
    let _ = unsafe { govuk_notify_callback_verify_bearer_token(s, token.as_ptr()) };
    let _ = unsafe { govuk_notify_callback_verify_bearer_token(token.as_ptr(), s) };

    let (mut out, mut err) = (null_mut(), null_mut());
    let r = unsafe {
        govuk_notify_send_precompiled_letter_bytes(
            client,
            s,
            data.as_ptr(),
            data.len(),
            s,
            &mut out,
            &mut err,
        )
    };
    settle("send_precompiled_letter_bytes", r, out, err);

    for (name, new) in [
        (
            "notifications_iter_new",
            govuk_notify_notifications_iter_new as unsafe extern "C" fn(_, _, _, _) -> _,
        ),
        (
            "received_texts_iter_new",
            govuk_notify_received_texts_iter_new,
        ),
    ] {
        let (mut pager, mut err) = (null_mut(), null_mut());
        let r = unsafe { new(client, s, &mut pager, &mut err) };
        assert_eq!(
            r == OK,
            !pager.is_null(),
            "{name}: pager on failure or none on success"
        );
        settle(name, r, null_mut(), err);
        if !pager.is_null() {
            let (mut page, mut err) = (null_mut(), null_mut());
            let r = unsafe { govuk_notify_pager_next_page(pager, &mut page, &mut err) };
            settle("pager_next_page", r, page, err);
            unsafe { govuk_notify_pager_free(pager) };
        }
    }

    // The input as an API key (default options), and as the options of the valid key. The client
    // is only made and freed: nothing is sent with options the fuzzer chose.
    let key = CString::new(KEY).expect("no NUL");
    for (k, o) in [(s, null()), (key.as_ptr(), s)] {
        let (mut c, mut err) = (null_mut(), null_mut());
        let r = unsafe { govuk_notify_client_new(k, o, &mut c, &mut err) };
        assert_eq!(
            r == OK,
            !c.is_null(),
            "client_new: client on failure or none on success"
        );
        if r != OK && k == s && !err.is_null() {
            assert_no_window_of(&String::from_utf8_lossy(&data[..cut]), &text(err));
        }
        settle("client_new", r, null_mut(), err);
        unsafe { govuk_notify_client_free(c) };
    }
});
