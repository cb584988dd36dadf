//! `ApiKey::parse` and `create_token` with arbitrary text.
//!
//! Checked: no panic (multi-byte characters at the 36/37/73-from-the-end boundaries included); a
//! parsed key's service id is the 36 characters before the separator before the last 36, and
//! neither `Debug` nor `Display` of the key (apart from the public service id), nor the token,
//! contains the secret; a refused key's message, `Debug` and `to_json()` contain no run of the
//! input that could be (part of) a secret: no 16-character window without whitespace (real
//! secrets are 36 characters without whitespace; the messages' own whitespace-free runs are
//! shorter, except one that contains `{`, which such windows exclude).
#![no_main]

use govuk_notify::{create_token, ApiKey, ErrorKind};
use libfuzzer_sys::fuzz_target;

const WINDOW: usize = 16;

fn assert_no_window_of(input: &str, shown: &str) {
    let chars: Vec<char> = input.chars().collect();
    for w in chars.windows(WINDOW) {
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

fn check(input: &str) {
    match ApiKey::parse(input) {
        Ok(key) => {
            let trimmed = input.trim();
            assert!(trimmed.len() >= 73 && trimmed.is_char_boundary(trimmed.len() - 73));
            let secret = &trimmed[trimmed.len() - 36..];
            let service_id = &trimmed[trimmed.len() - 73..trimmed.len() - 37];
            assert_eq!(key.service_id(), service_id);
            // The service id is public and shown; a key whose secret equals its service id (found
            // by this fuzzer, regressions/api_key/) must not count as a leak.
            for shown in [format!("{key:?}"), format!("{key:#?}"), key.to_string()] {
                assert!(!shown.replace(service_id, "").contains(secret), "{shown}");
            }
            let from_str: ApiKey = input.parse().expect("FromStr agrees with parse");
            assert_eq!(from_str, key);
            let token = create_token(input, 1_700_000_000).expect("a parsed key signs");
            assert_eq!(token.split('.').count(), 3, "{token}");
            assert!(!token.contains(secret));
        }
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Argument);
            assert_eq!(e.field(), Some("api_key"));
            let shown = format!("{e} {e:?} {}", e.to_json());
            assert_no_window_of(input, &shown);
            assert!(create_token(input, 0).is_err());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // Keys arrive as text in every binding (the C ABI refuses invalid UTF-8 first); arbitrary
    // bytes are also tried after lossy decoding so U+FFFD lands on the boundaries too.
    match std::str::from_utf8(data) {
        Ok(s) => check(s),
        Err(_) => check(&String::from_utf8_lossy(data)),
    }
});
