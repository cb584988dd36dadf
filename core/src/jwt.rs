//! Bearer tokens: one HS256 JWT per request (`docs/protocol.md` §3.1).
//!
//! The header is exactly `{"alg":"HS256","typ":"JWT"}` and the claims exactly `{"iss":…,"iat":…}` in
//! that order, so our tokens are byte-identical to those of the official Python client (PyJWT) for
//! the same `iat` — see the golden vectors in `core/tests/data/jwt.json`, recorded from the
//! official Python client and checked by the tests below. Signing uses `jsonwebtoken`'s HMAC
//! primitive.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey};

use crate::error::Error;
use crate::key::ApiKey;

/// base64url(`{"alg":"HS256","typ":"JWT"}`), computed once.
const HEADER_B64: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/// Signs tokens for one API key. Cheap to clone; holds the HMAC key, never prints it.
#[derive(Clone)]
pub(crate) struct TokenSigner {
    issuer_json: String,
    key: EncodingKey,
}

impl std::fmt::Debug for TokenSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenSigner { .. }")
    }
}

impl TokenSigner {
    pub(crate) fn new(key: &ApiKey) -> Self {
        Self {
            // A UUID never needs JSON escaping.
            issuer_json: format!("{{\"iss\":\"{}\",\"iat\":", key.service_id()),
            key: EncodingKey::from_secret(key.secret().as_bytes()),
        }
    }

    /// A token issued at `iat` (seconds since the Unix epoch).
    pub(crate) fn token_at(&self, iat: i64) -> Result<String, Error> {
        let claims = format!("{}{iat}}}", self.issuer_json);
        let mut message = String::with_capacity(HEADER_B64.len() + 1 + claims.len() * 4 / 3 + 4);
        message.push_str(HEADER_B64);
        message.push('.');
        URL_SAFE_NO_PAD.encode_string(claims.as_bytes(), &mut message);
        let signature = jsonwebtoken::crypto::sign(message.as_bytes(), &self.key, Algorithm::HS256)
            .map_err(|_| Error::internal("could not sign the authentication token"))?;
        message.push('.');
        message.push_str(&signature);
        Ok(message)
    }
}

/// Seconds since the Unix epoch, floored (like PyJWT's `iat`).
pub(crate) fn unix_now() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// Creates a token for `api_key` issued at `iat`: for tests and for callers that must mint a token
/// themselves (for example to call an endpoint this library does not cover yet).
///
/// # Errors
/// An argument error if the key does not parse.
pub fn create_token(api_key: &str, iat: i64) -> Result<String, Error> {
    TokenSigner::new(&ApiKey::parse(api_key)?).token_at(iat)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{decode, DecodingKey, Validation};

    #[derive(serde::Deserialize)]
    struct Claims {
        iss: String,
        iat: i64,
    }

    #[test]
    fn header_constant_is_what_we_claim() {
        let decoded = URL_SAFE_NO_PAD.decode(HEADER_B64).unwrap();
        assert_eq!(decoded, br#"{"alg":"HS256","typ":"JWT"}"#);
    }

    #[test]
    fn matches_the_official_python_client_byte_for_byte() {
        let raw =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/jwt.json"))
                .unwrap();
        let v: serde_json::Value = serde_json::from_str(&raw).unwrap();
        let vectors = v["vectors"].as_array().unwrap();
        assert!(!vectors.is_empty());
        for vec in vectors {
            let token = create_token(
                vec["api_key"].as_str().unwrap(),
                vec["iat"].as_i64().unwrap(),
            )
            .unwrap();
            assert_eq!(token, vec["token"].as_str().unwrap());
        }
    }

    #[test]
    fn decodes_with_jsonwebtoken_and_has_exactly_iss_and_iat() {
        let key = ApiKey::parse(
            "k-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0",
        )
        .unwrap();
        let before = unix_now();
        let token = TokenSigner::new(&key).token_at(unix_now()).unwrap();
        let after = unix_now();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.required_spec_claims.clear();
        validation.validate_exp = false;
        let data = decode::<Claims>(
            &token,
            &DecodingKey::from_secret(key.secret().as_bytes()),
            &validation,
        )
        .unwrap();
        assert_eq!(data.claims.iss, key.service_id());
        assert!(before <= data.claims.iat && data.claims.iat <= after);
        assert_eq!(data.header.typ.as_deref(), Some("JWT"));
        let payload = token.split('.').nth(1).unwrap();
        let claims: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        assert_eq!(claims.len(), 2);
        assert!(claims["iat"].is_i64());

        // Another secret must not verify.
        let wrong = decode::<Claims>(
            &token,
            &DecodingKey::from_secret(b"00000000-0000-0000-0000-000000000000"),
            &validation,
        );
        assert!(wrong.is_err());
    }

    #[test]
    fn debug_does_not_show_the_key() {
        let key = ApiKey::parse(
            "k-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0",
        )
        .unwrap();
        assert_eq!(
            format!("{:?}", TokenSigner::new(&key)),
            "TokenSigner { .. }"
        );
    }
}
