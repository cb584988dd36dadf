//! The retry policy: when a failed request is tried again, and how long to wait.
//!
//! Reads (GETs and template previews) are retried on transport errors, timeouts, 5xx and
//! per-minute rate limits. A send is retried only when it certainly did not reach Notify (the
//! connection was refused, or Notify answered 429 `RateLimitError`, which it does before reading
//! the body), unless [`RetryPolicy::retry_sends`] opts in to the risk of a duplicate message.

use std::time::Duration;

use crate::error::{Error, ErrorKind};
use crate::requests::HttpRequest;

/// When and how often to retry. A documented, plain value: every binding exposes the same fields.
///
/// Defaults: 2 retries (3 attempts), backoff 250 ms doubling up to 5 s with full jitter, a
/// server's `Retry-After` honoured up to `max_backoff`, sends not retried once they may have
/// reached the server.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt. `0` disables retrying. Default 2.
    pub max_retries: u32,
    /// Backoff before the first retry. Default 250 ms.
    pub initial_backoff: Duration,
    /// Upper bound of any single wait. Default 5 s.
    pub max_backoff: Duration,
    /// Multiplier applied to the backoff after each retry. Default 2.0.
    pub backoff_multiplier: f64,
    /// Randomise each wait uniformly in `[0, backoff]` ("full jitter") so many clients do not retry
    /// in lockstep. Default true.
    pub jitter: bool,
    /// Also retry sends after errors that may have reached the server (5xx, timeouts, resets).
    /// This can send a message twice. Default false.
    pub retry_sends: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(5),
            backoff_multiplier: 2.0,
            jitter: true,
            retry_sends: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries (the official clients' behaviour).
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Whether the error is one this policy retries for this request, ignoring the attempt count.
    pub fn applies_to(&self, req: &HttpRequest, err: &Error) -> bool {
        if !err.kind().is_transient() {
            return false;
        }
        if !req.creates_notification() || self.retry_sends {
            return true;
        }
        // A send: only when Notify certainly did not act on it.
        !err.may_have_reached_server() || err.kind() == ErrorKind::RateLimited
    }

    /// How long to wait before retry number `attempt` (0-based), or `None` to give up.
    pub fn delay_for(&self, req: &HttpRequest, err: &Error, attempt: u32) -> Option<Duration> {
        if attempt >= self.max_retries || !self.applies_to(req, err) {
            return None;
        }
        // The multiplier is at least 1: `ClientBuilder::build` refuses a policy that says otherwise.
        let exp = self
            .backoff_multiplier
            .powi(i32::try_from(attempt).unwrap_or(i32::MAX));
        let base = self.initial_backoff.as_secs_f64() * exp;
        let capped = base.min(self.max_backoff.as_secs_f64()).max(0.0);
        let mut wait = if self.jitter {
            capped * fastrand::f64()
        } else {
            capped
        };
        if let Some(ra) = err.retry_after() {
            wait = wait.max(ra.as_secs_f64().min(self.max_backoff.as_secs_f64()));
        }
        Some(Duration::try_from_secs_f64(wait).unwrap_or(self.max_backoff))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::{GetTemplate, Operation, SendSms};

    fn get() -> HttpRequest {
        GetTemplate {
            template_id: "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d".into(),
        }
        .to_http()
        .unwrap()
    }
    fn send() -> HttpRequest {
        SendSms::new("07700900123", "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
            .to_http()
            .unwrap()
    }
    fn status(code: u16, class: &str) -> Error {
        Error::from_response(
            code,
            vec![],
            format!(r#"{{"errors":[{{"error":"{class}","message":"m"}}]}}"#).as_bytes(),
        )
    }

    #[test]
    fn reads_retry_transient_errors_only() {
        let p = RetryPolicy::default();
        assert!(p.applies_to(&get(), &status(500, "Exception")));
        assert!(p.applies_to(&get(), &status(429, "RateLimitError")));
        assert!(p.applies_to(&get(), &Error::timeout(Duration::from_secs(1), true)));
        assert!(!p.applies_to(&get(), &status(429, "TooManyRequestsError")));
        assert!(!p.applies_to(&get(), &status(400, "ValidationError")));
        assert!(!p.applies_to(&get(), &status(403, "AuthError")));
    }

    #[test]
    fn sends_retry_only_when_notify_cannot_have_acted() {
        let p = RetryPolicy::default();
        assert!(!p.applies_to(&send(), &status(500, "Exception")));
        assert!(!p.applies_to(&send(), &Error::timeout(Duration::from_secs(1), true)));
        assert!(!p.applies_to(&send(), &Error::transport("reset", true, None)));
        assert!(p.applies_to(&send(), &Error::transport("refused", false, None)));
        assert!(p.applies_to(&send(), &status(429, "RateLimitError")));
        let opted = RetryPolicy {
            retry_sends: true,
            ..RetryPolicy::default()
        };
        assert!(opted.applies_to(&send(), &status(500, "Exception")));
    }

    #[test]
    fn backoff_grows_is_capped_and_stops() {
        let p = RetryPolicy {
            max_retries: 10,
            jitter: false,
            ..RetryPolicy::default()
        };
        let e = status(503, "X");
        let waits: Vec<_> = (0..6)
            .map(|a| p.delay_for(&get(), &e, a).unwrap())
            .collect();
        assert_eq!(waits[0], Duration::from_millis(250));
        assert_eq!(waits[1], Duration::from_millis(500));
        assert_eq!(waits[5], Duration::from_secs(5));
        assert!(p.delay_for(&get(), &e, 10).is_none());
        assert!(RetryPolicy::none().delay_for(&get(), &e, 0).is_none());
        let jittered = RetryPolicy::default();
        for _ in 0..100 {
            assert!(jittered.delay_for(&get(), &e, 1).unwrap() <= Duration::from_millis(500));
        }
    }

    #[test]
    fn extreme_settings_do_not_panic() {
        let p = RetryPolicy {
            max_retries: 100,
            initial_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
            backoff_multiplier: f64::MAX,
            jitter: false,
            retry_sends: false,
        };
        let e = Error::from_response(
            429,
            vec![("retry-after".into(), "18446744073709551615".into())],
            br#"{"errors":[{"error":"RateLimitError","message":"m"}]}"#,
        );
        for attempt in [0, 1, 50, 99] {
            assert!(p.delay_for(&get(), &e, attempt).is_some());
        }
    }

    #[test]
    fn hand_built_posts_count_as_sends() {
        let mut req = get();
        req.method = crate::requests::Method::Post;
        assert!(req.creates_notification());
        let preview = crate::requests::PreviewTemplate {
            template_id: "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d".into(),
            personalisation: None,
        }
        .to_http()
        .unwrap();
        assert!(!preview.creates_notification());
        assert!(!RetryPolicy::default().applies_to(&req, &status(500, "Exception")));
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let p = RetryPolicy::default();
        let e = Error::from_response(
            429,
            vec![("retry-after".into(), "3".into())],
            br#"{"errors":[{"error":"RateLimitError","message":"m"}]}"#,
        );
        assert!(p.delay_for(&get(), &e, 0).unwrap() >= Duration::from_secs(3));
        let long = Error::from_response(
            429,
            vec![("retry-after".into(), "3600".into())],
            br#"{"errors":[{"error":"RateLimitError","message":"m"}]}"#,
        );
        assert_eq!(
            p.delay_for(&get(), &long, 0).unwrap(),
            Duration::from_secs(5)
        );
    }
}
