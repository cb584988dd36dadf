//! API key parsing.
//!
//! Owns the one rule for splitting a Notify API key (spec §2): counted from the end, the last 36
//! characters are the secret, the character before them is a separator, and the 36 before that are
//! the service id. Anything earlier is the key's name and is ignored. Both parts must be UUIDs.
//!
//! The secret never appears in `Debug`, `Display` or any error message.

use std::fmt;

use crate::error::Error;

const UUID_LEN: usize = 36;
/// The shortest key accepted: `service_id` + separator + secret.
const MIN_KEY_LEN: usize = 2 * UUID_LEN + 1;

/// A parsed GOV.UK Notify API key.
///
/// ```
/// let key = govuk_notify::ApiKey::parse(
///     "my_test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0",
/// )
/// .unwrap();
/// assert_eq!(key.service_id(), "26785a09-ab16-4eb0-8407-a37497a57506");
/// assert!(!format!("{key:?}").contains("3d844edf"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey {
    service_id: String,
    secret: String,
}

impl ApiKey {
    /// Parses a combined key `{key_name}-{service_id}-{secret}`.
    ///
    /// # Errors
    /// An [`ErrorKind::Argument`](crate::ErrorKind::Argument) error naming `api_key` when the key is
    /// too short, not ASCII, or either part is not a UUID. The message never contains the secret.
    pub fn parse(api_key: &str) -> Result<Self, Error> {
        let key = api_key.trim();
        // Only the last 73 characters matter; the key name before them may be any text.
        let tail_start = key.len().saturating_sub(MIN_KEY_LEN);
        if key.len() >= MIN_KEY_LEN
            && !(key.is_char_boundary(tail_start) && key[tail_start..].is_ascii())
        {
            return Err(Error::argument(
                "api_key",
                "must end with {service_id}-{secret}: two UUIDs and a separator",
            ));
        }
        if key.len() < MIN_KEY_LEN {
            return Err(Error::argument(
                "api_key",
                format!(
                    "is too short: a Notify API key ends with a 36-character service id and a \
                     36-character secret ({} characters given, at least {MIN_KEY_LEN} needed)",
                    key.len()
                ),
            ));
        }
        let secret = &key[key.len() - UUID_LEN..];
        let service_id = &key[key.len() - MIN_KEY_LEN..key.len() - UUID_LEN - 1];
        if uuid::Uuid::try_parse(service_id).is_err() || service_id.len() != UUID_LEN {
            return Err(Error::argument(
                "api_key",
                "the service id part (the 36 characters before the secret) is not a UUID",
            ));
        }
        if uuid::Uuid::try_parse(secret).is_err() {
            return Err(Error::argument(
                "api_key",
                "the secret part (the last 36 characters) is not a UUID",
            ));
        }
        Ok(Self {
            service_id: service_id.to_owned(),
            secret: secret.to_owned(),
        })
    }

    /// The combined key for the older two-part form, a service id and a key given separately
    /// (`new NotifyClient(serviceId, apiKey)` in the official Node client): the service id, a
    /// separator, and the secret taken from `api_key` by [`ApiKey::parse`]'s rule (its last 36
    /// characters). Parse the result with [`ApiKey::parse`], which checks both parts.
    pub fn combine(service_id: &str, api_key: &str) -> String {
        let key = api_key;
        let start = key
            .char_indices()
            .rev()
            .nth(UUID_LEN - 1)
            .map_or(0, |(i, _)| i);
        format!("{service_id}-{}", &key[start..])
    }

    /// The service id: the JWT `iss` claim.
    pub fn service_id(&self) -> &str {
        &self.service_id
    }

    /// The secret, for signing. Kept crate-private so it cannot leak through the public API.
    pub(crate) fn secret(&self) -> &str {
        &self.secret
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKey")
            .field("service_id", &self.service_id)
            .field("secret", &"[redacted]")
            .finish()
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-[redacted]", self.service_id)
    }
}

impl std::str::FromStr for ApiKey {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    const SID: &str = "26785a09-ab16-4eb0-8407-a37497a57506";
    const SECRET: &str = "3d844edf-8d35-48ac-975b-e847b4f122b0";

    #[test]
    fn the_two_part_form_combines_by_the_same_rule() {
        let combined = ApiKey::combine(SID, &format!("name-{SID}-{SECRET}"));
        assert_eq!(combined, format!("{SID}-{SECRET}"));
        let key = ApiKey::parse(&combined).unwrap();
        assert_eq!(key.service_id(), SID);
        assert_eq!(ApiKey::combine(SID, SECRET), format!("{SID}-{SECRET}"));
        assert_eq!(ApiKey::combine(SID, "short"), format!("{SID}-short"));
    }

    #[test]
    fn parses_from_the_end() {
        for name in [
            "my_test_key",
            "",
            "key-with-dashes-in-it",
            "a:b",
            "ключ_тест",
            "🔑",
        ] {
            let raw = if name.is_empty() {
                format!("{SID}-{SECRET}")
            } else {
                format!("{name}-{SID}-{SECRET}")
            };
            let k = ApiKey::parse(&raw).unwrap();
            assert_eq!(k.service_id(), SID);
            assert_eq!(k.secret(), SECRET);
        }
    }

    #[test]
    fn any_separator_is_accepted_and_whitespace_is_trimmed() {
        let k = ApiKey::parse(&format!("  name:{SID}:{SECRET}\n")).unwrap();
        assert_eq!(k.service_id(), SID);
    }

    #[test]
    fn rejects_short_and_non_uuid_keys_without_echoing_the_secret() {
        for bad in [
            String::new(),
            SECRET.to_string(),
            format!("name-{SID}-not-a-uuid-but-thirty-six-chars!!!!"),
            format!("name-{}-{SECRET}", "x".repeat(36)),
            format!("name-{SID}-{}", "é".repeat(18)),
            format!("name-{SID}é{SECRET}"),
            "é".repeat(80),
        ] {
            let err = ApiKey::parse(&bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Argument);
            assert_eq!(err.field(), Some("api_key"));
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains(SECRET), "{shown}");
            assert!(!shown.contains("not-a-uuid"), "{shown}");
        }
    }

    #[test]
    fn debug_and_display_redact_the_secret() {
        let k = ApiKey::parse(&format!("k-{SID}-{SECRET}")).unwrap();
        for s in [format!("{k:?}"), format!("{k}"), format!("{k:#?}")] {
            assert!(!s.contains(SECRET), "{s}");
            assert!(s.contains("redacted"));
        }
    }
}
