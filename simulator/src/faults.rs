//! Fault injection: make matching requests fail in controlled ways.
//!
//! Faults are checked in the order they were added; the first one whose
//! method and path prefix match is applied and its `times` counter counts
//! down (a fault with `times: null` stays until cleared). Faults apply to
//! every request outside `/_simulator/`, before authentication.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What a fault does to a matching request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultAction {
    /// Answer with `status`, `body`, `content_type` and `headers`.
    #[default]
    Respond,
    /// Wait `delay_ms`, then handle the request normally.
    Delay,
    /// Accept the request and never answer (the connection is closed after
    /// `delay_ms`, default 10 minutes, or when the server stops).
    Hang,
    /// Close the connection without a response.
    Drop,
    /// Send the status line, headers (with the full `Content-Length`) and
    /// part of the body, then close the connection.
    ResetMidBody,
    /// Stream a very large body (`body_bytes`, default 64 MiB) with `status`
    /// (default 200), announced with `Content-Length`, or with
    /// `Transfer-Encoding: chunked` and no length when `chunked` is true.
    HugeBody,
}

/// One fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// HTTP method to match (`GET`, `POST`, …); `null` matches any.
    #[serde(default)]
    pub method: Option<String>,
    /// Path prefix to match (default `/`).
    #[serde(default = "default_prefix")]
    pub path_prefix: String,
    /// What to do.
    #[serde(default)]
    pub action: FaultAction,
    /// Status for `respond` (default 500), `reset_mid_body` and `huge_body` (default 200).
    #[serde(default)]
    pub status: Option<u16>,
    /// Body for `respond`/`reset_mid_body` (default: the v2 500 error JSON).
    #[serde(default)]
    pub body: Option<String>,
    /// `respond` only: the body as base64, for bytes a JSON string cannot carry (invalid UTF-8);
    /// replaces `body`.
    #[serde(default)]
    pub body_base64: Option<String>,
    /// Content type (default `application/json`).
    #[serde(default)]
    pub content_type: Option<String>,
    /// Extra response headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Delay for `delay`; maximum hang time for `hang`.
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// How many requests the fault applies to; `null` = until cleared.
    #[serde(default)]
    pub times: Option<u32>,
    /// Body size for `huge_body`.
    #[serde(default)]
    pub body_bytes: Option<u64>,
    /// `huge_body` only: stream the body with `Transfer-Encoding: chunked`
    /// and no `Content-Length` (default false), so a client cannot refuse it
    /// from its announced size and must count what arrives.
    #[serde(default)]
    pub chunked: bool,
}

/// Standard base64 (with padding) to bytes.
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

fn default_prefix() -> String {
    "/".to_owned()
}

impl Fault {
    /// A fault with the given action matching every request once.
    pub fn new(action: FaultAction) -> Self {
        Fault {
            method: None,
            path_prefix: default_prefix(),
            action,
            status: None,
            body: None,
            body_base64: None,
            content_type: None,
            headers: BTreeMap::new(),
            delay_ms: None,
            times: Some(1),
            body_bytes: None,
            chunked: false,
        }
    }

    /// Restricts the fault to a method.
    pub fn method(mut self, method: &str) -> Self {
        self.method = Some(method.to_owned());
        self
    }

    /// Restricts the fault to a path prefix.
    pub fn path_prefix(mut self, prefix: &str) -> Self {
        self.path_prefix = prefix.to_owned();
        self
    }

    /// Sets the status.
    pub fn status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Sets the body and content type.
    pub fn body(mut self, body: &str, content_type: &str) -> Self {
        self.body = Some(body.to_owned());
        self.content_type = Some(content_type.to_owned());
        self
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.insert(name.to_owned(), value.to_owned());
        self
    }

    /// Sets `delay_ms`.
    pub fn delay_ms(mut self, ms: u64) -> Self {
        self.delay_ms = Some(ms);
        self
    }

    /// Sets `times` (`None` = until cleared).
    pub fn times(mut self, times: Option<u32>) -> Self {
        self.times = times;
        self
    }

    /// Sets the `huge_body` size.
    pub fn body_bytes(mut self, n: u64) -> Self {
        self.body_bytes = Some(n);
        self
    }

    /// Sets `chunked` (`huge_body` only).
    pub fn chunked(mut self, yes: bool) -> Self {
        self.chunked = yes;
        self
    }

    /// Checks the fault is usable.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(status) = self.status {
            if !(100..=999).contains(&status) {
                return Err(format!("status {status} is not a valid HTTP status"));
            }
        }
        if self.times == Some(0) {
            return Err("times must be at least 1 (or null)".into());
        }
        if self.action == FaultAction::Delay && self.delay_ms.is_none() {
            return Err("delay needs delay_ms".into());
        }
        if self.chunked && self.action != FaultAction::HugeBody {
            return Err("chunked applies only to huge_body".into());
        }
        if let Some(b64) = &self.body_base64 {
            if self.action != FaultAction::Respond {
                return Err("body_base64 applies only to respond".into());
            }
            if decode_base64(b64).is_none() {
                return Err("body_base64 is not valid base64".into());
            }
        }
        for (name, value) in &self.headers {
            if http::HeaderName::from_bytes(name.as_bytes()).is_err()
                || http::HeaderValue::from_str(value).is_err()
            {
                return Err(format!("invalid header {name:?}"));
            }
        }
        Ok(())
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && path.starts_with(&self.path_prefix)
    }
}

/// The active faults.
#[derive(Debug, Default)]
pub struct FaultList {
    faults: Vec<Fault>,
}

impl FaultList {
    /// Adds a fault at the end.
    pub fn add(&mut self, fault: Fault) {
        self.faults.push(fault);
    }

    /// Removes all faults.
    pub fn clear(&mut self) {
        self.faults.clear();
    }

    /// The active faults.
    pub fn list(&self) -> Vec<Fault> {
        self.faults.clone()
    }

    /// True when there are no faults (fast path).
    pub fn is_empty(&self) -> bool {
        self.faults.is_empty()
    }

    /// Finds the first matching fault, counts it down and returns a copy.
    pub fn take(&mut self, method: &str, path: &str) -> Option<Fault> {
        let index = self.faults.iter().position(|f| f.matches(method, path))?;
        let fault = self.faults.get_mut(index)?;
        let taken = fault.clone();
        match fault.times {
            Some(1) => {
                self.faults.remove(index);
            }
            Some(n) => fault.times = Some(n - 1),
            None => {}
        }
        Some(taken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_in_order_and_counts_down() {
        let mut list = FaultList::default();
        list.add(
            Fault::new(FaultAction::Respond)
                .method("POST")
                .times(Some(2))
                .status(503),
        );
        list.add(
            Fault::new(FaultAction::Drop)
                .path_prefix("/v2/templates")
                .times(None),
        );
        assert!(list.take("GET", "/v2/notifications").is_none());
        assert_eq!(
            list.take("post", "/v2/notifications/sms").unwrap().status,
            Some(503)
        );
        assert_eq!(
            list.take("POST", "/v2/notifications/sms").unwrap().status,
            Some(503)
        );
        assert!(list.take("POST", "/v2/notifications/sms").is_none());
        for _ in 0..3 {
            assert_eq!(
                list.take("GET", "/v2/templates").unwrap().action,
                FaultAction::Drop
            );
        }
        let parsed: Fault = serde_json::from_str(r#"{"action": "hang", "times": null}"#).unwrap();
        assert_eq!(parsed.path_prefix, "/");
        assert_eq!(parsed.times, None);
        assert!(!parsed.chunked);
    }

    #[test]
    fn chunked_is_only_for_huge_body() {
        let parsed: Fault =
            serde_json::from_str(r#"{"action": "huge_body", "chunked": true}"#).unwrap();
        assert!(parsed.chunked);
        assert_eq!(parsed.validate(), Ok(()));
        let wrong: Fault =
            serde_json::from_str(r#"{"action": "respond", "chunked": true}"#).unwrap();
        assert!(wrong.validate().unwrap_err().contains("huge_body"));
    }

    #[test]
    fn body_base64_carries_bytes_that_are_not_utf8() {
        let f: Fault =
            serde_json::from_str(r#"{"status": 200, "body_base64": "eyJpZCI6ICL/In0="}"#).unwrap();
        assert_eq!(f.validate(), Ok(()));
        assert_eq!(
            decode_base64(f.body_base64.as_deref().unwrap()).unwrap(),
            b"{\"id\": \"\xff\"}"
        );
        let bad: Fault = serde_json::from_str(r#"{"body_base64": "%%%"}"#).unwrap();
        assert!(bad.validate().is_err());
        let wrong: Fault =
            serde_json::from_str(r#"{"action": "drop", "body_base64": "e30="}"#).unwrap();
        assert!(wrong.validate().unwrap_err().contains("respond"));
    }
}
