//! Helpers for the service that *receives* Notify's callbacks (spec §11): payload types and the
//! bearer-token check. Notify POSTs JSON with `Authorization: Bearer <the token you configured>`.

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// A delivery receipt for an email or text message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryReceipt {
    /// The notification id.
    pub id: String,
    /// Your reference, if you gave one.
    #[serde(default)]
    pub reference: Option<String>,
    /// The recipient's email address or phone number.
    pub to: String,
    /// `delivered`, `permanent-failure`, `temporary-failure` or `technical-failure`.
    pub status: String,
    /// When the notification was created.
    pub created_at: String,
    /// When it reached its final status.
    #[serde(default)]
    pub completed_at: Option<String>,
    /// When it was sent.
    #[serde(default)]
    pub sent_at: Option<String>,
    /// `email` or `sms`.
    pub notification_type: String,
    /// The template id.
    pub template_id: String,
    /// The template version (a number on the wire).
    pub template_version: u32,
}

/// A text message received by the service's inbound number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedTextCallback {
    /// The message id.
    pub id: String,
    /// The sender's number, e.g. `447700912345`.
    pub source_number: String,
    /// The service's number.
    pub destination_number: String,
    /// The message text.
    pub message: String,
    /// When it was received.
    pub date_received: String,
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8], what: &'static str) -> Result<T, Error> {
    serde_json::from_slice(body)
        .map_err(|e| Error::argument(what, format!("is not a valid callback payload: {e}")))
}

/// Parses a delivery-receipt callback body.
///
/// # Errors
/// An argument error naming `body` if it is not a delivery receipt.
pub fn parse_delivery_receipt(body: &[u8]) -> Result<DeliveryReceipt, Error> {
    parse(body, "body")
}

/// Parses a received-text-message callback body.
///
/// # Errors
/// An argument error naming `body` if it is not a received text message.
pub fn parse_received_text(body: &[u8]) -> Result<ReceivedTextCallback, Error> {
    parse(body, "body")
}

/// Checks a callback's `Authorization` header against the token you configured in Notify, in
/// constant time (the comparison does not stop at the first differing byte). The scheme must be
/// `Bearer` (any case). An empty expected token never matches.
pub fn verify_bearer_token(authorization_header: &str, expected_token: &str) -> bool {
    let header = authorization_header.trim();
    let Some(scheme) = header.get(..7) else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("bearer ") || expected_token.is_empty() {
        return false;
    }
    constant_time_eq(header[7..].trim().as_bytes(), expected_token.as_bytes())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    // Length is not secret (the token's length is fixed by configuration); the bytes are.
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_payloads() {
        let r = parse_delivery_receipt(br#"{"id":"740e5834-3a29-46b4-9a6f-16142fde533a","reference":null,"to":"07700900123","status":"delivered","created_at":"2017-05-14T12:15:30.000000Z","completed_at":"2017-05-14T12:15:30.000000Z","sent_at":"2017-05-14T12:15:30.000000Z","notification_type":"sms","template_id":"f33517ff-2a88-4f6e-b855-c550268ce08a","template_version":1}"#).unwrap();
        assert_eq!(r.status, "delivered");
        assert_eq!(r.template_version, 1);
        let t = parse_received_text(br#"{"id":"b51f638b-4295-46e0-a06e-cd41eee7c33b","source_number":"447700912345","destination_number":"447700900111","message":"Hello","date_received":"2017-05-14T12:15:30.000000Z"}"#).unwrap();
        assert_eq!(t.message, "Hello");
        let e = parse_delivery_receipt(b"{}").unwrap_err();
        assert_eq!(e.field(), Some("body"));
        assert!(parse_received_text(b"\xff").is_err());
    }

    #[test]
    fn bearer_check() {
        assert!(verify_bearer_token("Bearer s3cret-token", "s3cret-token"));
        assert!(verify_bearer_token("bearer s3cret-token", "s3cret-token"));
        assert!(!verify_bearer_token("Bearer s3cret-tokeN", "s3cret-token"));
        assert!(!verify_bearer_token("Basic s3cret-token", "s3cret-token"));
        assert!(!verify_bearer_token("Bearer ", ""));
        assert!(!verify_bearer_token("", "x"));
        assert!(!verify_bearer_token("Bearer s3cret", "s3cret-token"));
    }
}
