//! Opt-in pacing: keeps one client's sends under Notify's per-minute rate limit, queueing them
//! rather than letting Notify refuse them with 429 `RateLimitError`.
//!
//! What counts: Notify applies its rate limit to every send request (text message, email,
//! letter, precompiled letter) before reading the body, as a token bucket per service and API
//! key type (test, team, live) holding 3,000 requests that refills at 3,000 a minute. Reads
//! (getting or listing notifications and templates, previews) do not count, and neither are they
//! paced. Every attempt counts, so a retried send takes a second slot.
//!
//! How: sends are spaced evenly on a schedule of one every `window / limit` (20 ms for 3,000 a
//! minute), starting with no burst, so the client never relies on Notify's bucket being full
//! when it starts (an earlier process may just have emptied it). A send that starts late (the
//! process was descheduled, the machine is busy) does not move the schedule: the sends behind it
//! catch up, by at most a tenth of a window's worth, so stalls do not cost throughput. So the
//! count since the schedule started never exceeds its time at the limit's rate (plus one), which
//! Notify's token bucket (it holds a whole window's worth) always allows; a sliding window may
//! see up to a tenth more after a stall. The queue is first come, first served, shared by every
//! thread and task using the client (and its clones). A task waiting for its slot holds no
//! thread; a blocking caller's thread sleeps.
//!
//! One pacer per client: clients built separately, or other processes sending with the same
//! key, draw on the same Notify budget without seeing each other's sends, so give each its share
//! of the limit. A 429 `RateLimitError` that still arrives is handled as without pacing (retried
//! by the retry policy, then reported).

use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::error::Error;

/// Notify's default rate limit: 3,000 send requests a minute per service and key type.
pub const NOTIFY_RATE_LIMIT: u32 = 3000;

/// The length of Notify's rate-limit window: one minute.
pub const NOTIFY_RATE_WINDOW: Duration = Duration::from_secs(60);

/// How fast a client may send: at most `limit` send requests per `window`, spaced evenly.
///
/// ```
/// use govuk_notify::Pacing;
/// assert_eq!(Pacing::default(), Pacing::per_minute(3000));
/// assert_eq!(Pacing::per_minute(3000).interval(), std::time::Duration::from_millis(20));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pacing {
    /// Send requests allowed per window. Must be at least 1.
    pub limit: u32,
    /// The window. Must be at least 1 ms.
    pub window: Duration,
}

impl Default for Pacing {
    /// Notify's default limit: 3,000 a minute.
    fn default() -> Self {
        Self::per_minute(NOTIFY_RATE_LIMIT)
    }
}

impl Pacing {
    /// At most `limit` sends per `window`.
    pub fn new(limit: u32, window: Duration) -> Self {
        Self { limit, window }
    }

    /// At most `limit` sends a minute (Notify's window).
    pub fn per_minute(limit: u32) -> Self {
        Self::new(limit, NOTIFY_RATE_WINDOW)
    }

    /// The gap between two sends: `window / limit`.
    pub fn interval(&self) -> Duration {
        self.window / self.limit.max(1)
    }

    pub(crate) fn validate(&self) -> Result<(), Error> {
        if self.limit == 0 {
            return Err(Error::argument(
                "pace",
                "limit must be at least 1 send per window",
            ));
        }
        if self.window < Duration::from_millis(1) {
            return Err(Error::argument("pace", "window must be at least 1 ms"));
        }
        Ok(())
    }
}

/// The shared queue of one client (and its clones).
#[derive(Debug)]
pub(crate) struct Pacer {
    pacing: Pacing,
    interval: Duration,
    /// How far behind the schedule a send may start and still keep to it (the sends behind it
    /// catch up): a tenth of the window, at least one interval.
    catch_up: Duration,
    /// The earliest moment the next send may start, `None` before the first. Locked by a waiter
    /// for the whole of its wait: tokio's mutex queues waiters in arrival order, so the lock is
    /// the queue.
    next: Mutex<Option<Instant>>,
}

impl Pacer {
    pub(crate) fn new(pacing: Pacing) -> Self {
        Self {
            pacing,
            interval: pacing.interval(),
            catch_up: (pacing.window / 10).max(pacing.interval()),
            next: Mutex::new(None),
        }
    }

    pub(crate) fn pacing(&self) -> Pacing {
        self.pacing
    }

    /// Waits for this caller's slot and takes it; returns how long it waited.
    ///
    /// Cancellation-safe: a caller dropped while queued (waiting for the lock) or while sleeping
    /// until its slot has not moved the schedule, so it takes nothing and gives nothing back;
    /// the next caller in line gets the same slot.
    pub(crate) async fn acquire(&self) -> Duration {
        let started = Instant::now();
        let mut next = self.next.lock().await;
        let now = Instant::now();
        let at = match *next {
            Some(slot) if slot > now => {
                tokio::time::sleep_until(slot).await;
                slot
            }
            // The slot passed a moment ago (a late wake-up, a busy machine): keep to the
            // schedule, so the sends behind catch up and delays do not add up to a slower rate.
            Some(slot) if now.duration_since(slot) < self.catch_up => slot,
            _ => now,
        };
        *next = Some(at + self.interval);
        drop(next);
        started.elapsed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates() {
        assert!(Pacing::default().validate().is_ok());
        let e = Pacing::per_minute(0).validate().unwrap_err();
        assert_eq!(e.field(), Some("pace"));
        assert!(Pacing::new(1, Duration::ZERO).validate().is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn spaces_sends_evenly() {
        let pacer = Pacer::new(Pacing::new(10, Duration::from_secs(1)));
        let start = Instant::now();
        for _ in 0..21 {
            pacer.acquire().await;
        }
        // The first goes at once, then one every 100 ms.
        assert_eq!(start.elapsed(), Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn a_stall_is_caught_up_within_a_tenth_of_the_window() {
        // 100 a second: one every 10 ms; catch-up up to 100 ms.
        let pacer = Pacer::new(Pacing::new(100, Duration::from_secs(1)));
        pacer.acquire().await; // t = 0, next slot 10 ms
        tokio::time::sleep(Duration::from_millis(55)).await; // a stall
        let start = Instant::now();
        // Slots 10..50 ms have passed: five sends go at once, the sixth at 60 ms.
        for _ in 0..5 {
            assert_eq!(pacer.acquire().await, Duration::ZERO);
        }
        pacer.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_millis(5));
        // After an idle spell longer than the catch-up, the schedule restarts from now.
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(pacer.acquire().await, Duration::ZERO);
        let start = Instant::now();
        pacer.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_millis(10));
    }

    #[tokio::test(start_paused = true)]
    async fn a_cancelled_waiter_takes_no_slot() {
        let pacer = std::sync::Arc::new(Pacer::new(Pacing::new(10, Duration::from_secs(1))));
        pacer.acquire().await; // t = 0; next slot at 100 ms
        let p = pacer.clone();
        let waiter = tokio::spawn(async move { p.acquire().await });
        tokio::time::sleep(Duration::from_millis(50)).await;
        waiter.abort();
        assert!(waiter.await.unwrap_err().is_cancelled());
        let start = Instant::now();
        pacer.acquire().await;
        // The aborted waiter's slot (100 ms) goes to the next caller, not 200 ms.
        assert_eq!(start.elapsed(), Duration::from_millis(50));
    }
}
