//! Client options: one set of rules for every language.
//!
//! Every binding gathers its language's options (C's options JSON, Python's constructor keyword
//! arguments, Node's options object) into one [`ClientOptions`] and calls
//! [`ClientOptions::into_builder`]; the checks happen in [`ClientBuilder::build`](crate::ClientBuilder::build).
//! So the same bad option gives the same [`ErrorKind::Argument`](crate::ErrorKind::Argument)
//! error, with the same message, in every language. The error's field is the option's name *as
//! the caller's language spells it* ([`Dialect`]): the table in [`OptionName::name`] is the one
//! place those spellings live.
//!
//! The rules ([`OptionName`] lists every checked option):
//!
//! | option | refused when |
//! |---|---|
//! | `timeout`, `connect_timeout` | not a finite number, zero or less, or too large for a duration |
//! | `retry.initial_backoff`, `retry.max_backoff` | not a finite number, negative, or too large |
//! | `retry.backoff_multiplier` | not a finite number, or below 1 |
//! | `retry.max_retries` | not a whole number from 0 to 4294967295 |
//! | `max_response_bytes` | not a whole number, or below 1 (above the address space means no cap) |
//! | `base_url` | not an http(s) URL with a host, has a query, fragment or credentials, or plain http to a non-loopback host without `allow_insecure_http` |
//! | `proxy` | an unsupported scheme or not a URL |
//! | `ca_bundle` | not a PEM bundle, or no certificate in it |
//! | `user_agent_suffix` | characters not allowed in an HTTP header |
//! | `pace` | a limit of 0 sends, or a window under 1 ms |

use std::time::Duration;

use serde::{Deserialize, Deserializer};

use crate::client::{Client, ClientBuilder};
use crate::error::Error;
use crate::pacing::Pacing;
use crate::retry::RetryPolicy;

/// Whose spelling of option names (and unit of time) an error uses: the language that gathered
/// the options. Times are milliseconds everywhere except Python, whose options are seconds as in
/// `requests` and the official client.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Dialect {
    /// This crate's [`ClientBuilder`] method names (`timeout`, `retry.backoff_multiplier`).
    #[default]
    Rust,
    /// The C ABI's options JSON (`timeout_ms`, `retry.initial_backoff_ms`); also Ruby and .NET,
    /// which pass it on.
    C,
    /// The Python client's keyword arguments (`timeout`, `connect_timeout`, and the
    /// `RetryPolicy` arguments such as `backoff_multiplier`), in seconds.
    Python,
    /// The Node client's options object (`timeout`, `connectTimeout`, `retry.backoffMultiplier`).
    Node,
}

impl Dialect {
    /// The unit of the time options in this dialect: `"milliseconds"` or `"seconds"`.
    pub fn time_unit(self) -> &'static str {
        match self {
            Self::Python => "seconds",
            _ => "milliseconds",
        }
    }

    fn duration(self, value: f64) -> Result<Duration, std::time::TryFromFloatSecsError> {
        match self {
            Self::Python => Duration::try_from_secs_f64(value),
            _ => Duration::try_from_secs_f64(value / 1000.0),
        }
    }
}

/// Every client option a rule refers to. [`OptionName::name`] spells it per [`Dialect`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OptionName {
    /// The API's base URL.
    BaseUrl,
    /// The whole call's deadline.
    Timeout,
    /// The time to connect.
    ConnectTimeout,
    /// The proxy URL.
    Proxy,
    /// Extra trusted certificates (PEM).
    CaBundle,
    /// Text appended to the User-Agent.
    UserAgentSuffix,
    /// The largest response body accepted.
    MaxResponseBytes,
    /// Retries after the first attempt.
    MaxRetries,
    /// The wait before the first retry.
    InitialBackoff,
    /// The longest wait.
    MaxBackoff,
    /// The growth of the wait.
    BackoffMultiplier,
}

impl OptionName {
    /// Every option, in the order of the table in [`OptionName::name`].
    pub const ALL: [Self; 11] = [
        Self::BaseUrl,
        Self::Timeout,
        Self::ConnectTimeout,
        Self::Proxy,
        Self::CaBundle,
        Self::UserAgentSuffix,
        Self::MaxResponseBytes,
        Self::MaxRetries,
        Self::InitialBackoff,
        Self::MaxBackoff,
        Self::BackoffMultiplier,
    ];

    /// The option's name in `dialect`: what an error about it puts in its `field`.
    pub fn name(self, dialect: Dialect) -> &'static str {
        use Dialect::{Node, Python, Rust, C};
        match (self, dialect) {
            (Self::BaseUrl, Node) => "baseUrl",
            (Self::BaseUrl, _) => "base_url",
            (Self::Timeout, C) => "timeout_ms",
            (Self::Timeout, _) => "timeout",
            (Self::ConnectTimeout, C) => "connect_timeout_ms",
            (Self::ConnectTimeout, Node) => "connectTimeout",
            (Self::ConnectTimeout, _) => "connect_timeout",
            (Self::Proxy, _) => "proxy",
            (Self::CaBundle, C | Python) => "ca_bundle_pem",
            (Self::CaBundle, Node) => "caCertificates",
            (Self::CaBundle, _) => "ca_bundle",
            (Self::UserAgentSuffix, Node) => "userAgentSuffix",
            (Self::UserAgentSuffix, _) => "user_agent_suffix",
            (Self::MaxResponseBytes, Node) => "maxResponseBytes",
            (Self::MaxResponseBytes, _) => "max_response_bytes",
            (Self::MaxRetries, Python) => "max_retries",
            (Self::MaxRetries, Node) => "retry.maxRetries",
            (Self::MaxRetries, Rust | C) => "retry.max_retries",
            (Self::InitialBackoff, Python) => "initial_backoff",
            (Self::InitialBackoff, Node) => "retry.initialBackoff",
            (Self::InitialBackoff, C) => "retry.initial_backoff_ms",
            (Self::InitialBackoff, Rust) => "retry.initial_backoff",
            (Self::MaxBackoff, Python) => "max_backoff",
            (Self::MaxBackoff, Node) => "retry.maxBackoff",
            (Self::MaxBackoff, C) => "retry.max_backoff_ms",
            (Self::MaxBackoff, Rust) => "retry.max_backoff",
            (Self::BackoffMultiplier, Python) => "backoff_multiplier",
            (Self::BackoffMultiplier, Node) => "retry.backoffMultiplier",
            (Self::BackoffMultiplier, Rust | C) => "retry.backoff_multiplier",
        }
    }

    /// An argument error about this option, named in `dialect`.
    pub(crate) fn error(self, dialect: Dialect, message: impl std::fmt::Display) -> Error {
        Error::argument(self.name(dialect), message)
    }
}

/// A length of time as given (in the dialect's unit), checked: finite, not negative, not too
/// large for a [`Duration`], and above zero when `positive`.
///
/// # Errors
/// An argument error naming `option` in `dialect`.
pub fn duration_option(
    option: OptionName,
    dialect: Dialect,
    value: f64,
    positive: bool,
) -> Result<Duration, Error> {
    time_value(option.name(dialect), dialect, value, positive)
}

/// [`duration_option`] for a setting that is not a client option (the wait and pacing
/// settings), named `field` as the caller wrote it.
///
/// # Errors
/// An argument error naming `field`.
pub fn time_value(
    field: &'static str,
    dialect: Dialect,
    value: f64,
    positive: bool,
) -> Result<Duration, Error> {
    let unit = dialect.time_unit();
    if !value.is_finite() || value < 0.0 || (positive && value <= 0.0) {
        let what = if positive {
            format!("must be a number of {unit} greater than 0")
        } else {
            format!("must be a non-negative number of {unit}")
        };
        return Err(Error::argument(field, what));
    }
    dialect
        .duration(value)
        .map_err(|_| Error::argument(field, format!("is too large a number of {unit}")))
}

/// The retry settings of [`ClientOptions`]; an unset field keeps [`RetryPolicy::default`]'s value.
/// Numbers are as the caller's language gave them (times in the [`Dialect`]'s unit); the checks
/// are [`RetryOptions::to_policy`]'s.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetryOptions {
    /// Retries after the first attempt: a whole number.
    pub max_retries: Option<f64>,
    /// The wait before the first retry (`initial_backoff_ms` in JSON).
    #[serde(rename = "initial_backoff_ms")]
    pub initial_backoff: Option<f64>,
    /// The longest single wait (`max_backoff_ms` in JSON).
    #[serde(rename = "max_backoff_ms")]
    pub max_backoff: Option<f64>,
    /// The growth of the wait after each retry: at least 1.
    pub backoff_multiplier: Option<f64>,
    /// Randomise each wait.
    pub jitter: Option<bool>,
    /// Also retry sends that may have reached Notify.
    pub retry_sends: Option<bool>,
}

impl RetryOptions {
    /// The policy these options describe, checked.
    ///
    /// # Errors
    /// An argument error naming the first bad option in `dialect`.
    pub fn to_policy(&self, dialect: Dialect) -> Result<RetryPolicy, Error> {
        let mut p = RetryPolicy::default();
        if let Some(n) = self.max_retries {
            if !(n.is_finite() && n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n)) {
                return Err(OptionName::MaxRetries
                    .error(dialect, "must be a whole number from 0 to 4294967295"));
            }
            // Checked above: a whole number within u32's range.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let n = n as u32;
            p.max_retries = n;
        }
        if let Some(v) = self.initial_backoff {
            p.initial_backoff = duration_option(OptionName::InitialBackoff, dialect, v, false)?;
        }
        if let Some(v) = self.max_backoff {
            p.max_backoff = duration_option(OptionName::MaxBackoff, dialect, v, false)?;
        }
        if let Some(m) = self.backoff_multiplier {
            p.backoff_multiplier = m;
        }
        if let Some(j) = self.jitter {
            p.jitter = j;
        }
        if let Some(s) = self.retry_sends {
            p.retry_sends = s;
        }
        p.validate(dialect)?;
        Ok(p)
    }
}

/// Every client option, as a binding gathers it from its caller; unset fields keep the core's
/// defaults. Deserialises from the C ABI's options JSON (unknown keys refused), whose names are
/// given below; other bindings fill the fields directly. Numbers are kept as given (times in the
/// [`Dialect`]'s unit) so that the checks, and their messages, are this module's for every
/// language.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientOptions {
    /// The API's base URL.
    pub base_url: Option<String>,
    /// The whole call's deadline (`timeout_ms` in JSON).
    #[serde(rename = "timeout_ms")]
    pub timeout: Option<f64>,
    /// The time to connect (`connect_timeout_ms` in JSON).
    #[serde(rename = "connect_timeout_ms")]
    pub connect_timeout: Option<f64>,
    /// A proxy URL for every request.
    pub proxy: Option<String>,
    /// Whether to honour `HTTPS_PROXY` and friends (not in the JSON).
    #[serde(skip)]
    pub use_env_proxy: Option<bool>,
    /// PEM bundles to trust in addition to the system store (`ca_bundle_pem` in JSON: a string,
    /// or a list of strings).
    #[serde(rename = "ca_bundle_pem", default, deserialize_with = "pem_bundles")]
    pub ca_bundles: Vec<Vec<u8>>,
    /// Allow plain http to a non-loopback host (test rigs only).
    pub allow_insecure_http: Option<bool>,
    /// Text appended to the User-Agent.
    pub user_agent_suffix: Option<String>,
    /// The largest response body accepted, in bytes: a whole number.
    pub max_response_bytes: Option<f64>,
    /// Retry settings.
    pub retry: Option<RetryOptions>,
    /// Names the binding in the User-Agent, e.g. `python/3.12.1` (set by bindings, not in the
    /// JSON).
    #[serde(skip)]
    pub binding: Option<String>,
    /// Queue sends to stay under Notify's rate limit (see [`ClientBuilder::pace`]). In JSON:
    /// `true` for Notify's 3,000 a minute, a number of sends a minute, or
    /// `{"limit": N, "window_ms": M}`; `false` or absent for no pacing.
    #[serde(default, deserialize_with = "pace_option")]
    pub pace: Option<Pacing>,
}

/// The JSON shapes of the `pace` option.
#[derive(Deserialize)]
#[serde(untagged)]
enum PaceJson {
    On(bool),
    PerMinute(u32),
    Custom(PaceWindowJson),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PaceWindowJson {
    limit: u32,
    window_ms: Option<u64>,
}

fn pace_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Pacing>, D::Error> {
    Ok(match Option::<PaceJson>::deserialize(d)? {
        None | Some(PaceJson::On(false)) => None,
        Some(PaceJson::On(true)) => Some(Pacing::default()),
        Some(PaceJson::PerMinute(n)) => Some(Pacing::per_minute(n)),
        Some(PaceJson::Custom(w)) => Some(Pacing::new(
            w.limit,
            w.window_ms
                .map_or(crate::pacing::NOTIFY_RATE_WINDOW, Duration::from_millis),
        )),
    })
}

fn pem_bundles<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<u8>>, D::Error> {
    Ok(crate::requests::one_or_many(d)?
        .into_iter()
        .map(String::into_bytes)
        .collect())
}

impl ClientOptions {
    /// A builder for `api_key` with these options. The numbers are converted here (a time that
    /// is not a usable number is refused at once); everything else is checked by
    /// [`ClientBuilder::build`], with errors naming options in `dialect`.
    ///
    /// # Errors
    /// An argument error naming the option in `dialect`.
    pub fn into_builder(self, api_key: &str, dialect: Dialect) -> Result<ClientBuilder, Error> {
        let mut b = Client::builder(api_key).dialect(dialect);
        if let Some(url) = self.base_url {
            b = b.base_url(url);
        }
        if let Some(v) = self.timeout {
            b = b.timeout(duration_option(OptionName::Timeout, dialect, v, true)?);
        }
        if let Some(v) = self.connect_timeout {
            b = b.connect_timeout(duration_option(
                OptionName::ConnectTimeout,
                dialect,
                v,
                true,
            )?);
        }
        if let Some(p) = self.proxy {
            b = b.proxy(p);
        }
        if let Some(yes) = self.use_env_proxy {
            b = b.use_env_proxy(yes);
        }
        for pem in self.ca_bundles {
            b = b.add_root_certificates_pem(pem);
        }
        if let Some(yes) = self.allow_insecure_http {
            b = b.allow_insecure_http(yes);
        }
        if let Some(s) = self.user_agent_suffix {
            b = b.user_agent_suffix(s);
        }
        if let Some(n) = self.max_response_bytes {
            if !(n.is_finite() && n.fract() == 0.0 && n >= 1.0) {
                return Err(OptionName::MaxResponseBytes
                    .error(dialect, "must be a whole number of bytes, at least 1"));
            }
            // Saturating: a cap beyond the address space means no cap in practice.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let n = n as usize;
            b = b.max_response_bytes(n);
        }
        if let Some(r) = self.retry {
            b = b.retry_policy(r.to_policy(dialect)?);
        }
        if let Some(binding) = self.binding {
            b = b.binding(binding);
        }
        if let Some(p) = self.pace {
            b = b.pace(p);
        }
        Ok(b)
    }

    /// Builds a client: [`ClientOptions::into_builder`] then [`ClientBuilder::build`].
    ///
    /// # Errors
    /// An argument error naming the option in `dialect`.
    pub fn build(self, api_key: &str, dialect: Dialect) -> Result<Client, Error> {
        self.into_builder(api_key, dialect)?.build()
    }
}

impl RetryPolicy {
    /// Checks the policy: the backoff multiplier must be a finite number of at least 1.
    ///
    /// # Errors
    /// An argument error naming the option in `dialect`.
    pub fn validate(&self, dialect: Dialect) -> Result<(), Error> {
        let m = self.backoff_multiplier;
        if !(m.is_finite() && m >= 1.0) {
            return Err(
                OptionName::BackoffMultiplier.error(dialect, "must be a number of at least 1")
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";

    /// The cross-language table, checked here through the C dialect's JSON (the bindings run the
    /// same table in their own languages).
    #[test]
    fn the_shared_table_holds_for_the_json_options() {
        let doc: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/options/cases.json")).unwrap();
        let cases = doc["cases"].as_array().unwrap();
        assert!(cases.len() >= 10);
        for case in cases {
            let c = &case["c"];
            let name = &case["name"];
            let opts: Result<ClientOptions, _> = serde_json::from_value(c.clone());
            let err = match opts {
                Ok(o) => o.build(KEY, Dialect::C).unwrap_err(),
                Err(e) => panic!("{name}: {e}"),
            };
            assert_eq!(err.kind().as_str(), case["kind"], "{name}");
            assert_eq!(err.field(), case["field"]["c"].as_str(), "{name}");
        }
    }

    #[test]
    fn every_option_has_a_name_in_every_dialect() {
        for o in OptionName::ALL {
            for d in [Dialect::Rust, Dialect::C, Dialect::Python, Dialect::Node] {
                assert!(!o.name(d).is_empty());
            }
        }
    }

    #[test]
    fn the_rust_builder_follows_the_same_rules() {
        let e = Client::builder(KEY)
            .timeout(Duration::ZERO)
            .build()
            .unwrap_err();
        assert_eq!(e.field(), Some("timeout"));
        let e = Client::builder(KEY)
            .retry_policy(RetryPolicy {
                backoff_multiplier: 0.5,
                ..RetryPolicy::default()
            })
            .build()
            .unwrap_err();
        assert_eq!(e.field(), Some("retry.backoff_multiplier"));
        assert!(ClientOptions {
            timeout: Some(1.5),
            max_response_bytes: Some(1e30),
            ..ClientOptions::default()
        }
        .build(KEY, Dialect::Node)
        .is_ok());
    }
}
