//! Waiting for a notification to reach a status: polls `GET /v2/notifications/{id}` with a
//! growing interval until the status is one of those wanted (by default any final status), the
//! timeout passes, or the caller cancels.
//!
//! Statuses (Notify's list): text messages and emails go `created` → `sending` → a final status;
//! letters show `accepted` until printed and `received` once delivered; precompiled letters can
//! first be `pending-virus-check`. Final means Notify will not change it again:
//! [`FINAL_STATUSES`].
//!
//! Errors: a poll that fails with a transient error (5xx, network, timeout, 429, after the
//! client's own retries) does not end the wait; polling goes on and the last such error is
//! named if the wait times out. Any other error (404, a refused key) ends the wait at once. A
//! wait that times out, or is cancelled through a [`CancelToken`], fails with
//! [`ErrorKind::Timeout`](crate::ErrorKind::Timeout) and a message saying which statuses were
//! wanted and the last one seen. (Dropping the future of the async method cancels it too, with
//! no error: the caller stopped waiting.)

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use tokio::time::Instant;

use crate::client::RawResponse;
use crate::error::Error;
use crate::models::Notification;
use crate::requests::{GetNotification, Operation, NOTIFICATION_STATUSES as STATUSES};

/// Statuses after which Notify does not change a notification again: delivered (`received` for
/// letters), sent to an international number without receipts (`sent`), the failures, and a
/// cancelled or returned letter, or a precompiled letter that failed its checks.
pub const FINAL_STATUSES: &[&str] = &[
    "delivered",
    "sent",
    "received",
    "permanent-failure",
    "temporary-failure",
    "technical-failure",
    "failed",
    "cancelled",
    "returned-letter",
    "validation-failed",
    "virus-scan-failed",
];

/// What [`Client::wait_for_status`](crate::Client::wait_for_status) waits for, and how it polls.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitOptions {
    /// The statuses to wait for; empty (the default) means [`FINAL_STATUSES`].
    pub until: Vec<String>,
    /// How long to wait in all. Default 5 minutes. No poll starts after it.
    pub timeout: Duration,
    /// The wait before the second poll (the first is immediate). Default 1 s.
    pub poll_interval: Duration,
    /// The longest wait between polls. Default 30 s.
    pub max_poll_interval: Duration,
    /// Each wait is the previous one times this (at least 1). Default 1.5.
    pub backoff_multiplier: f64,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            until: Vec::new(),
            timeout: Duration::from_secs(300),
            poll_interval: Duration::from_secs(1),
            max_poll_interval: Duration::from_secs(30),
            backoff_multiplier: 1.5,
        }
    }
}

impl WaitOptions {
    /// Checks the statuses and intervals; returns the wanted statuses.
    ///
    /// # Errors
    /// An argument error naming `until` (an unknown status) or `poll_interval`.
    pub fn wanted(&self) -> Result<Vec<String>, Error> {
        if self.poll_interval.is_zero() {
            return Err(Error::argument("poll_interval", "must be more than 0"));
        }
        if !self.backoff_multiplier.is_finite() {
            return Err(Error::argument("backoff_multiplier", "must be a number"));
        }
        if self.until.is_empty() {
            return Ok(FINAL_STATUSES.iter().map(|s| (*s).to_owned()).collect());
        }
        for s in &self.until {
            if !STATUSES.contains(&s.as_str()) {
                return Err(Error::argument(
                    "until",
                    format!(
                        "{s:?} is not a notification status (one of {})",
                        STATUSES.join(", ")
                    ),
                ));
            }
        }
        Ok(self.until.clone())
    }
}

/// Cancels a blocking wait from another thread (async waits are cancelled by dropping them).
/// Clones share one flag; cancelling is permanent.
#[derive(Clone, Debug, Default)]
pub struct CancelToken(Arc<CancelInner>);

#[derive(Debug, Default)]
struct CancelInner {
    cancelled: AtomicBool,
    notify: tokio::sync::Notify,
}

impl CancelToken {
    /// A token not yet cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels every wait using this token (now and later).
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::SeqCst);
        self.0.notify.notify_waiters();
    }

    /// Whether [`cancel`](Self::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::SeqCst)
    }

    /// Completes when the token is cancelled.
    pub async fn cancelled(&self) {
        loop {
            let notified = self.0.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

#[derive(Deserialize)]
struct StatusOnly {
    status: String,
}

fn describe(wanted: &[String]) -> String {
    if wanted.len() == FINAL_STATUSES.len()
        && FINAL_STATUSES.iter().all(|s| wanted.iter().any(|w| w == s))
    {
        "a final status".to_owned()
    } else {
        wanted.join(" or ")
    }
}

fn ended(
    id: &str,
    wanted: &[String],
    how: &str,
    last: Option<&str>,
    last_error: Option<&Error>,
) -> Error {
    let mut message = format!("notification {id} did not reach {} {how}", describe(wanted));
    match last {
        Some(s) => message.push_str(&format!(" (last status: {s})")),
        None => message.push_str(" (no status read)"),
    }
    if let Some(e) = last_error {
        message.push_str(&format!("; last error: {}", e.message()));
    }
    Error::wait_ended(message)
}

impl crate::Client {
    /// Polls a notification until its status is one of `options.until` (by default any final
    /// status) and returns it. See [`WaitOptions`] for the defaults and the module docs of
    /// [`wait`](crate::wait) for errors. Dropping the future stops the wait.
    ///
    /// # Errors
    /// An argument error (bad id, unknown status) before any request; `Timeout` when the wait
    /// times out; the poll's error when it is not transient.
    pub async fn wait_for_status(
        &self,
        notification_id: &str,
        options: &WaitOptions,
    ) -> Result<Notification, Error> {
        self.wait_for_status_raw(notification_id, options)
            .await?
            .parse()
    }

    /// As [`wait_for_status`](Self::wait_for_status), returning the last response untouched
    /// (for bindings that decode the body themselves).
    ///
    /// # Errors
    /// As [`wait_for_status`](Self::wait_for_status).
    pub async fn wait_for_status_raw(
        &self,
        notification_id: &str,
        options: &WaitOptions,
    ) -> Result<RawResponse, Error> {
        let wanted = options.wanted()?;
        let req = GetNotification {
            notification_id: notification_id.to_owned(),
        }
        .to_http()?;
        let deadline = Instant::now().checked_add(options.timeout);
        let mut interval = options.poll_interval;
        let max_interval = options.max_poll_interval.max(options.poll_interval);
        let mut last: Option<String> = None;
        let mut last_error: Option<Error> = None;
        let timed_out = |last: Option<&str>, err: Option<&Error>| {
            ended(
                notification_id,
                &wanted,
                &format!("within {} ms", options.timeout.as_millis()),
                last,
                err,
            )
        };
        let mut final_poll = false;
        loop {
            let poll = self.execute(&req);
            // The last poll (started at the deadline) is bounded by the client's own timeout.
            let outcome = match deadline.filter(|_| !final_poll) {
                Some(d) => match tokio::time::timeout_at(d, poll).await {
                    Ok(o) => o,
                    Err(_) => return Err(timed_out(last.as_deref(), last_error.as_ref())),
                },
                None => poll.await,
            };
            match outcome {
                Ok(raw) => {
                    let status = raw.parse::<StatusOnly>()?.status;
                    if wanted.contains(&status) {
                        return Ok(raw);
                    }
                    tracing::debug!(
                        target: "govuk_notify",
                        status = status.as_str(),
                        "waiting for status"
                    );
                    last = Some(status);
                    last_error = None;
                }
                Err(e) if e.kind().is_transient() => last_error = Some(e),
                Err(e) => return Err(e),
            }
            if final_poll {
                return Err(timed_out(last.as_deref(), last_error.as_ref()));
            }
            let now = Instant::now();
            let wake = now.checked_add(interval);
            match (deadline, wake) {
                (Some(d), Some(w)) if w < d => tokio::time::sleep_until(w).await,
                (Some(d), _) => {
                    tokio::time::sleep_until(d).await;
                    final_poll = true;
                }
                (None, _) => tokio::time::sleep(interval).await,
            }
            interval = Duration::try_from_secs_f64(
                interval.as_secs_f64() * options.backoff_multiplier.max(1.0),
            )
            .unwrap_or(max_interval)
            .min(max_interval);
        }
    }

    /// As [`wait_for_status_raw`](Self::wait_for_status_raw), ending with a `Timeout` error
    /// saying so when `cancel` is cancelled.
    ///
    /// # Errors
    /// As [`wait_for_status`](Self::wait_for_status).
    pub async fn wait_for_status_cancellable(
        &self,
        notification_id: &str,
        options: &WaitOptions,
        cancel: &CancelToken,
    ) -> Result<RawResponse, Error> {
        let wanted = options.wanted()?;
        tokio::select! {
            r = self.wait_for_status_raw(notification_id, options) => r,
            () = cancel.cancelled() => Err(ended(notification_id, &wanted, "before the wait was cancelled", None, None)),
        }
    }
}

impl crate::blocking::Client {
    /// Blocking [`crate::Client::wait_for_status`].
    ///
    /// # Errors
    /// As [`crate::Client::wait_for_status`]; an internal error inside an async runtime.
    pub fn wait_for_status(
        &self,
        notification_id: &str,
        options: &WaitOptions,
    ) -> Result<Notification, Error> {
        self.wait_for_status_raw(notification_id, options, None)?
            .parse()
    }

    /// Blocking [`crate::Client::wait_for_status_raw`], cancellable from another thread with
    /// `cancel` (the wait then fails with a `Timeout` error saying it was cancelled).
    ///
    /// # Errors
    /// As [`crate::Client::wait_for_status`].
    pub fn wait_for_status_raw(
        &self,
        notification_id: &str,
        options: &WaitOptions,
        cancel: Option<&CancelToken>,
    ) -> Result<RawResponse, Error> {
        let client = self.as_async().clone();
        let id = notification_id.to_owned();
        let options = options.clone();
        let cancel = cancel.cloned().unwrap_or_default();
        crate::runtime::block_on_spawned(async move {
            client
                .wait_for_status_cancellable(&id, &options, &cancel)
                .await
        })?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_statuses() {
        let o = WaitOptions::default();
        assert_eq!(o.wanted().unwrap().len(), FINAL_STATUSES.len());
        let o = WaitOptions {
            until: vec!["deliverd".into()],
            ..WaitOptions::default()
        };
        assert_eq!(o.wanted().unwrap_err().field(), Some("until"));
        let o = WaitOptions {
            poll_interval: Duration::ZERO,
            ..WaitOptions::default()
        };
        assert_eq!(o.wanted().unwrap_err().field(), Some("poll_interval"));
    }

    #[test]
    fn final_statuses_are_statuses() {
        for s in FINAL_STATUSES {
            assert!(STATUSES.contains(s), "{s}");
        }
    }

    #[tokio::test]
    async fn cancel_token_wakes_waiters() {
        let t = CancelToken::new();
        let t2 = t.clone();
        let h = tokio::spawn(async move { t2.cancelled().await });
        tokio::task::yield_now().await;
        t.cancel();
        h.await.unwrap();
        assert!(t.is_cancelled());
        t.cancelled().await;
    }
}
