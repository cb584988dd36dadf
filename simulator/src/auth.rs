//! JWT bearer-token authentication, as `requires_auth` in notifications-api
//! (with PyJWT and notifications-python-client's decode rules).
//!
//! Order of checks: header present → `Bearer ` scheme (case-insensitive) →
//! token decodable → `iss` present → `iss` a UUID → service exists → service
//! has keys → service not archived → for each key: algorithm, signature
//! (failure = try next key), claims (`iat` window ±30 s inclusive, `nbf`,
//! `exp`, `aud`, `sub`, `jti`), `iat` present → key not revoked.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;
use uuid::Uuid;

use crate::config::{KeyKind, ServiceConfig};

type HmacSha256 = Hmac<Sha256>;

/// Allowed clock skew in seconds (both directions, inclusive).
pub const CLOCK_LEEWAY_SECS: i64 = 30;

/// `Unauthorized: authentication token must be provided`
pub const MSG_NO_TOKEN: &str = "Unauthorized: authentication token must be provided";
/// `Unauthorized: authentication bearer scheme must be used`
pub const MSG_BAD_SCHEME: &str = "Unauthorized: authentication bearer scheme must be used";
/// Message for undecodable tokens and other JWT validation errors.
pub const MSG_GENERAL: &str = "Invalid token: make sure your API token matches the example at https://docs.notifications.service.gov.uk/rest-api.html#authorisation-header";
/// `Invalid token: iss field not provided`
pub const MSG_NO_ISS: &str = "Invalid token: iss field not provided";
/// `Invalid token: service id is not the right data type`
pub const MSG_BAD_ISS: &str = "Invalid token: service id is not the right data type";
/// `Invalid token: service not found`
pub const MSG_NO_SERVICE: &str = "Invalid token: service not found";
/// `Invalid token: service has no API keys`
pub const MSG_NO_KEYS: &str = "Invalid token: service has no API keys";
/// `Invalid token: service is archived`
pub const MSG_ARCHIVED: &str = "Invalid token: service is archived";
/// `Invalid token: API key not found`
pub const MSG_KEY_NOT_FOUND: &str = "Invalid token: API key not found";
/// `Error: Your system clock must be accurate to within 30 seconds`
pub const MSG_CLOCK: &str = "Error: Your system clock must be accurate to within 30 seconds";
/// `Invalid token: algorithm used is not HS256`
pub const MSG_ALGORITHM: &str = "Invalid token: algorithm used is not HS256";
/// `Invalid token: API key revoked`
pub const MSG_REVOKED: &str = "Invalid token: API key revoked";

/// A failed authentication: HTTP status (401 or 403) and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthFailure {
    /// 401 or 403.
    pub status: u16,
    /// The exact Notify message.
    pub message: &'static str,
}

impl AuthFailure {
    fn forbidden(message: &'static str) -> Self {
        Self {
            status: 403,
            message,
        }
    }
}

/// A successful authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authenticated {
    /// Index of the service in the configuration.
    pub service_index: usize,
    /// The service id.
    pub service_id: Uuid,
    /// Kind of the key that signed the token.
    pub key_kind: KeyKind,
}

struct Decoded {
    header: Map<String, Value>,
    payload: Map<String, Value>,
    signing_input_len: usize,
    signature: Vec<u8>,
}

fn b64url(segment: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(segment.trim_end_matches('=')).ok()
}

fn decode_unverified(token: &str) -> Option<Decoded> {
    let mut parts = token.split('.');
    let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let header: Map<String, Value> = serde_json::from_slice(&b64url(h)?).ok()?;
    let payload: Map<String, Value> = serde_json::from_slice(&b64url(p)?).ok()?;
    let signature = b64url(s)?;
    Some(Decoded {
        header,
        payload,
        signing_input_len: h.len() + 1 + p.len(),
        signature,
    })
}

/// Python's `int(x)` for a JSON claim: ints, floats (truncated) and numeric
/// strings. `None` where Python raises.
fn py_int(v: &Value) -> Option<i64> {
    match v {
        Value::Bool(b) => Some(i64::from(*b)),
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite())
                .map(|f| f.trunc().clamp(i64::MIN as f64, i64::MAX as f64) as i64)
        }),
        Value::String(s) => {
            let t = s.trim();
            let (neg, digits) = match t.strip_prefix('-') {
                Some(d) => (true, d),
                None => (false, t.strip_prefix('+').unwrap_or(t)),
            };
            if digits.is_empty()
                || digits.starts_with('_')
                || digits.ends_with('_')
                || digits.contains("__")
                || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'_')
            {
                return None;
            }
            let n: i64 = digits.replace('_', "").parse().ok()?;
            Some(if neg { -n } else { n })
        }
        _ => None,
    }
}

enum KeyCheck {
    /// Signature did not verify (or a decode-class error): try the next key.
    NotThisKey,
    Fail(&'static str),
    Ok,
}

fn check_with_key(token: &str, decoded: &Decoded, secret: &str, now: i64) -> KeyCheck {
    // Algorithm first (PyJWT rejects a disallowed alg before the signature).
    if decoded.header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return KeyCheck::Fail(MSG_ALGORITHM);
    }
    let Ok(mut mac) = HmacSha256::new_from_slice(secret.as_bytes()) else {
        return KeyCheck::NotThisKey;
    };
    let signing_input = token
        .as_bytes()
        .get(..decoded.signing_input_len)
        .unwrap_or_default();
    mac.update(signing_input);
    if mac.verify_slice(&decoded.signature).is_err() {
        return KeyCheck::NotThisKey;
    }
    let p = &decoded.payload;
    if let Some(iat) = p.get("iat") {
        match py_int(iat) {
            None => return KeyCheck::Fail(MSG_CLOCK),
            Some(iat) if iat > now + CLOCK_LEEWAY_SECS => return KeyCheck::Fail(MSG_CLOCK),
            Some(_) => {}
        }
    }
    if let Some(nbf) = p.get("nbf") {
        match py_int(nbf) {
            None => return KeyCheck::NotThisKey,
            Some(nbf) if nbf > now + CLOCK_LEEWAY_SECS => return KeyCheck::Fail(MSG_CLOCK),
            Some(_) => {}
        }
    }
    if let Some(exp) = p.get("exp") {
        match py_int(exp) {
            None => return KeyCheck::NotThisKey,
            Some(exp) if exp <= now - CLOCK_LEEWAY_SECS => return KeyCheck::Fail(MSG_GENERAL),
            Some(_) => {}
        }
    }
    if let Some(aud) = p.get("aud") {
        let empty = match aud {
            Value::Null => true,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            Value::Bool(b) => !b,
            Value::Number(n) => n.as_f64() == Some(0.0),
        };
        if !empty {
            return KeyCheck::Fail(MSG_GENERAL);
        }
    }
    if p.get("sub").is_some_and(|s| !s.is_string()) || p.get("jti").is_some_and(|s| !s.is_string())
    {
        return KeyCheck::Fail(MSG_GENERAL);
    }
    // validate_jwt_token: iat must be present (TokenIssuedAtError is a
    // decode error, so the next key is tried) and within the window.
    let Some(iat) = p.get("iat").and_then(py_int) else {
        return KeyCheck::NotThisKey;
    };
    if now > iat + CLOCK_LEEWAY_SECS || iat > now + CLOCK_LEEWAY_SECS {
        return KeyCheck::Fail(MSG_CLOCK);
    }
    KeyCheck::Ok
}

/// Authenticates a request from its `Authorization` header bytes.
///
/// `services` are the configured services with their parsed ids; `now` is
/// the server clock in whole seconds.
pub fn authenticate(
    services: &[(Uuid, ServiceConfig)],
    header: Option<&[u8]>,
    now: i64,
) -> Result<Authenticated, AuthFailure> {
    // Headers are latin-1 text to Flask.
    let header: String = header
        .unwrap_or_default()
        .iter()
        .map(|b| char::from(*b))
        .collect();
    if header.is_empty() {
        return Err(AuthFailure {
            status: 401,
            message: MSG_NO_TOKEN,
        });
    }
    let scheme: String = header.chars().take(7).collect();
    if scheme.to_lowercase() != "bearer " {
        return Err(AuthFailure {
            status: 401,
            message: MSG_BAD_SCHEME,
        });
    }
    let token: String = header.chars().skip(7).collect();
    let decoded = decode_unverified(&token).ok_or(AuthFailure::forbidden(MSG_GENERAL))?;
    let iss = decoded
        .payload
        .get("iss")
        .ok_or(AuthFailure::forbidden(MSG_NO_ISS))?;
    let service_id = iss
        .as_str()
        .and_then(crate::validation::parse_uuid)
        .ok_or(AuthFailure::forbidden(MSG_BAD_ISS))?;
    let (service_index, service) = services
        .iter()
        .enumerate()
        .find(|(_, (id, _))| *id == service_id)
        .map(|(i, (_, s))| (i, s))
        .ok_or(AuthFailure::forbidden(MSG_NO_SERVICE))?;
    if service.api_keys.is_empty() {
        return Err(AuthFailure::forbidden(MSG_NO_KEYS));
    }
    if service.archived {
        return Err(AuthFailure::forbidden(MSG_ARCHIVED));
    }
    for key in &service.api_keys {
        match check_with_key(&token, &decoded, &key.secret, now) {
            KeyCheck::NotThisKey => continue,
            KeyCheck::Fail(message) => return Err(AuthFailure::forbidden(message)),
            KeyCheck::Ok => {
                if key.revoked {
                    return Err(AuthFailure::forbidden(MSG_REVOKED));
                }
                return Ok(Authenticated {
                    service_index,
                    service_id,
                    key_kind: key.kind,
                });
            }
        }
    }
    Err(AuthFailure::forbidden(MSG_KEY_NOT_FOUND))
}

/// Signs an HS256 JWT with arbitrary header and claims (for tests and tools).
pub fn sign_token(header: &Value, claims: &Value, secret: &str) -> String {
    let h = URL_SAFE_NO_PAD.encode(header.to_string());
    let p = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signing_input = format!("{h}.{p}");
    let signature = match HmacSha256::new_from_slice(secret.as_bytes()) {
        Ok(mut mac) => {
            mac.update(signing_input.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    };
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// A token exactly as the official clients make it:
/// `{"alg":"HS256","typ":"JWT"}` with `iss` and integer `iat`.
pub fn create_token(service_id: &str, secret: &str, iat: i64) -> String {
    sign_token(
        &serde_json::json!({"alg": "HS256", "typ": "JWT"}),
        &serde_json::json!({"iss": service_id, "iat": iat}),
        secret,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ApiKeyConfig, DEFAULT_SERVICE_ID, DEFAULT_TEST_KEY_SECRET};
    use serde_json::json;

    fn services() -> Vec<(Uuid, ServiceConfig)> {
        let cfg = ServiceConfig::default();
        vec![(Uuid::parse_str(&cfg.id).unwrap(), cfg)]
    }

    fn auth(header: &str, now: i64) -> Result<Authenticated, AuthFailure> {
        authenticate(&services(), Some(header.as_bytes()), now)
    }

    #[test]
    fn accepts_valid_tokens_within_the_window() {
        let now = 1_700_000_000;
        for iat in [now - 30, now, now + 30] {
            let t = create_token(DEFAULT_SERVICE_ID, DEFAULT_TEST_KEY_SECRET, iat);
            assert_eq!(
                auth(&format!("Bearer {t}"), now).unwrap().key_kind,
                KeyKind::Test
            );
            assert!(auth(&format!("bEARER {t}"), now).is_ok());
        }
        for iat in [now - 31, now + 31] {
            let t = create_token(DEFAULT_SERVICE_ID, DEFAULT_TEST_KEY_SECRET, iat);
            assert_eq!(
                auth(&format!("Bearer {t}"), now).unwrap_err().message,
                MSG_CLOCK
            );
        }
    }

    #[test]
    fn iat_may_be_float_or_numeric_string() {
        let now = 1_700_000_000;
        let h = json!({"alg": "HS256"});
        for iat in [json!(1_700_000_000.0), json!("1700000000")] {
            let t = sign_token(
                &h,
                &json!({"iss": DEFAULT_SERVICE_ID, "iat": iat}),
                DEFAULT_TEST_KEY_SECRET,
            );
            assert!(auth(&format!("Bearer {t}"), now).is_ok());
        }
        let t = sign_token(
            &h,
            &json!({"iss": DEFAULT_SERVICE_ID, "iat": "soon"}),
            DEFAULT_TEST_KEY_SECRET,
        );
        assert_eq!(
            auth(&format!("Bearer {t}"), now).unwrap_err().message,
            MSG_CLOCK
        );
        let t = sign_token(
            &h,
            &json!({"iss": DEFAULT_SERVICE_ID}),
            DEFAULT_TEST_KEY_SECRET,
        );
        assert_eq!(
            auth(&format!("Bearer {t}"), now).unwrap_err().message,
            MSG_KEY_NOT_FOUND
        );
    }

    #[test]
    fn revoked_key() {
        let cfg = ServiceConfig {
            api_keys: vec![ApiKeyConfig {
                revoked: true,
                ..ApiKeyConfig::new(KeyKind::Live, "secret")
            }],
            ..ServiceConfig::default()
        };
        let services = vec![(Uuid::parse_str(&cfg.id).unwrap(), cfg)];
        let t = create_token(DEFAULT_SERVICE_ID, "secret", 100);
        let err = authenticate(&services, Some(format!("Bearer {t}").as_bytes()), 100).unwrap_err();
        assert_eq!(err.message, MSG_REVOKED);
    }
}
