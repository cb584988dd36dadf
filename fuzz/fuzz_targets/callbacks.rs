//! Receiving Notify's callbacks: `parse_delivery_receipt`, `parse_received_text` and
//! `verify_bearer_token`.
//!
//! Input: the whole input is the callback body for both parsers; for the bearer check it is split
//! at the first NUL byte into the `Authorization` header and the expected token (lossy UTF-8).
//! Checked: no panic; parse errors are argument errors naming `body`; a parsed payload
//! re-serialises to an equal value; and `verify_bearer_token` agrees with a plain reference
//! implementation of its documented rule (scheme `Bearer`, any case, then the token, surrounding
//! whitespace ignored, an empty expected token never matches).
#![no_main]

use govuk_notify::callbacks::{
    parse_delivery_receipt, parse_received_text, verify_bearer_token, DeliveryReceipt,
    ReceivedTextCallback,
};
use govuk_notify::ErrorKind;
use libfuzzer_sys::fuzz_target;

fn reference_verify(header: &str, expected: &str) -> bool {
    let h = header.trim().as_bytes();
    !expected.is_empty()
        && h.len() >= 7
        && h[..7].eq_ignore_ascii_case(b"bearer ")
        && std::str::from_utf8(&h[7..]).is_ok_and(|rest| rest.trim() == expected)
}

fuzz_target!(|data: &[u8]| {
    match parse_delivery_receipt(data) {
        Ok(r) => {
            let again: DeliveryReceipt =
                serde_json::from_slice(&serde_json::to_vec(&r).expect("serialises"))
                    .expect("own output parses");
            assert_eq!(again, r);
        }
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Argument);
            assert_eq!(e.field(), Some("body"));
        }
    }
    match parse_received_text(data) {
        Ok(r) => {
            let again: ReceivedTextCallback =
                serde_json::from_slice(&serde_json::to_vec(&r).expect("serialises"))
                    .expect("own output parses");
            assert_eq!(again, r);
        }
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Argument);
            assert_eq!(e.field(), Some("body"));
        }
    }

    let (header, expected) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let header = String::from_utf8_lossy(header);
    let expected = String::from_utf8_lossy(expected);
    assert_eq!(
        verify_bearer_token(&header, &expected),
        reference_verify(&header, &expected),
        "header {header:?}, expected {expected:?}"
    );
    // The token the sender would send always verifies; any other token of the same length not.
    if !expected.is_empty() && expected.trim() == expected {
        assert!(verify_bearer_token(
            &format!("Bearer {expected}"),
            &expected
        ));
    }
});
