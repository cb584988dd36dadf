//! Pacing (`pace` client option) and `waitForStatus`: conversion only; the pacing queue and the
//! polling loop are the core's (`govuk_notify::Pacing`, `Client::wait_for_status_raw`).

use std::time::Duration;

use govuk_notify::{CancelToken, Client, Error as CoreError, Pacing, WaitOptions};
use napi_derive::napi;

use crate::{error_to_js, NativeClient, NativeError, Outcome};

/// Milliseconds from JS, checked by the core's rule for times.
fn millis(field: &'static str, ms: f64) -> Result<Duration, CoreError> {
    govuk_notify::options::time_value(field, govuk_notify::Dialect::Node, ms, false)
}

/// Pacing: at most `limit` sends per `windowMs` (default 60,000), spaced evenly.
#[napi(object)]
#[derive(Clone, Debug, Default)]
pub struct PaceOptions {
    /// Send requests per window (at least 1).
    pub limit: f64,
    /// The window in milliseconds (default one minute).
    pub window_ms: Option<f64>,
}

pub(crate) fn pacing(p: &PaceOptions) -> Result<Pacing, CoreError> {
    if !(p.limit.is_finite() && p.limit >= 1.0 && p.limit <= f64::from(u32::MAX)) {
        return Err(CoreError::argument(
            "pace",
            "limit must be a whole number of sends, at least 1",
        ));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let limit = p.limit as u32;
    let window = match p.window_ms {
        Some(ms) => millis("pace", ms)?,
        None => govuk_notify::NOTIFY_RATE_WINDOW,
    };
    Ok(Pacing::new(limit, window))
}

/// `waitForStatus` options (the facade converts `timeout` and the intervals to milliseconds).
#[napi(object)]
#[derive(Clone, Debug, Default)]
pub struct WaitForStatusOptions {
    /// Statuses to wait for; unset means any final status.
    pub until: Option<Vec<String>>,
    /// How long to wait in all, in milliseconds (default 300,000).
    pub timeout_ms: Option<f64>,
    /// The wait before the second poll, in milliseconds (default 1,000).
    pub poll_interval_ms: Option<f64>,
    /// The longest wait between polls, in milliseconds (default 30,000).
    pub max_poll_interval_ms: Option<f64>,
}

fn wait_options(o: &WaitForStatusOptions) -> Result<WaitOptions, CoreError> {
    let d = WaitOptions::default();
    let ms = |field, v: Option<f64>, default: Duration| v.map_or(Ok(default), |v| millis(field, v));
    let options = WaitOptions {
        until: o.until.clone().unwrap_or_default(),
        timeout: ms("timeout", o.timeout_ms, d.timeout)?,
        poll_interval: ms("pollInterval", o.poll_interval_ms, d.poll_interval)?,
        max_poll_interval: ms(
            "maxPollInterval",
            o.max_poll_interval_ms,
            d.max_poll_interval,
        )?,
        ..d
    };
    options.wanted()?;
    Ok(options)
}

/// One wait for a notification's status: `run()` polls until done; `cancel()` (from an
/// `AbortSignal`) ends it early.
#[napi]
#[derive(Debug)]
pub struct NativeWait {
    client: Client,
    id: String,
    options: WaitOptions,
    cancel: CancelToken,
}

#[napi]
impl NativeWait {
    /// Polls until the status is wanted, the timeout passes, or `cancel()` is called.
    #[napi]
    pub async fn run(&self) -> Outcome {
        Outcome::from_result(
            self.client
                .wait_for_status_cancellable(&self.id, &self.options, &self.cancel)
                .await,
            false,
        )
    }

    /// Ends the wait: `run()` then resolves with a timeout error saying it was cancelled.
    #[napi]
    pub fn cancel(&self) {
        self.cancel.cancel();
    }
}

#[napi]
impl NativeClient {
    /// The pacing in force, if any.
    #[napi(getter)]
    pub fn pace(&self) -> Option<PaceOptions> {
        self.inner.pacing().map(|p| PaceOptions {
            limit: f64::from(p.limit),
            window_ms: Some(p.window.as_secs_f64() * 1000.0),
        })
    }

    /// Prepares a wait for `notification_id`'s status, or says why the arguments are refused
    /// (nothing is sent until `run()`).
    #[napi]
    pub fn wait_for_status(
        &self,
        notification_id: String,
        options: WaitForStatusOptions,
    ) -> napi::Either<NativeWait, NativeError> {
        let checked = wait_options(&options).and_then(|o| {
            // The id is checked as get-notification checks it.
            govuk_notify::requests::Operation::to_http(&govuk_notify::GetNotification {
                notification_id: notification_id.clone(),
            })
            .map(|_| o)
        });
        match checked {
            Ok(options) => napi::Either::A(NativeWait {
                client: self.inner.clone(),
                id: notification_id,
                options,
                cancel: CancelToken::new(),
            }),
            Err(e) => napi::Either::B(error_to_js(&e)),
        }
    }
}
