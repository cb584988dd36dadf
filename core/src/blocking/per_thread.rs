//! The per-thread fast path: what each thread keeps to run a promoted client's calls itself.
//!
//! When a thread is promoted for a client, and what runs where, is described once, in
//! [`crate::blocking`]. This module holds the bookkeeping: a count of calls per (thread, client)
//! pair, and per promoted pair a core client with the same settings (its own connection pool)
//! next to the thread's current-thread runtime. A thread's state is dropped when the thread
//! exits; the per-thread clients of dropped blocking clients are purged on the thread's next
//! call; after `fork()` the state is discarded ([`super::process::ProcessLocal`]).

use std::cell::RefCell;
use std::future::Future;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use super::process::ProcessLocal;
use crate::client::Client;

/// Calls a thread makes with one blocking client on the shared runtime before it gets its own.
pub(super) const PROMOTE_AFTER: u32 = 8;

/// How long a thread's runtime may sit unused before its next call first lets it [`catch_up`].
/// Back-to-back calls never wait this long, so they pay only for reading the clock.
const CATCH_UP_AFTER: Duration = Duration::from_millis(50);

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Owned by a blocking client (shared by its clones): identifies it to every thread's state.
#[derive(Debug)]
pub(crate) struct PerThread {
    id: u64,
    /// Per-thread copies hold a `Weak` to notice that every clone of the client was dropped.
    alive: Arc<()>,
    /// Calls of this client in progress on any thread.
    in_flight: AtomicUsize,
}

impl PerThread {
    pub(crate) fn new() -> Self {
        Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            alive: Arc::new(()),
            in_flight: AtomicUsize::new(0),
        }
    }

    /// Counts a call in progress until the guard is dropped, and says whether another call of
    /// this client was already in progress. Concurrent calls are better served by the shared
    /// runtime, whose workers handle many connections per wake-up, than by one runtime per
    /// thread each waking for its own socket (64 threads: about twice the CPU per call).
    pub(crate) fn enter(&self) -> (InFlight<'_>, bool) {
        let others = self.in_flight.fetch_add(1, Ordering::AcqRel);
        (InFlight(&self.in_flight), others > 0)
    }
}

/// A call in progress; see [`PerThread::enter`].
pub(crate) struct InFlight<'a>(&'a AtomicUsize);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A current-thread runtime that never blocks when dropped (at thread exit or process exit a DNS
/// lookup still running on its blocking pool is abandoned instead of waited for).
struct LocalRuntime(Option<tokio::runtime::Runtime>);

impl Drop for LocalRuntime {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

/// One blocking client as seen by one thread.
struct Entry {
    id: u64,
    alive: Weak<()>,
    calls: u32,
    client: Option<Client>,
}

struct ThreadState {
    runtime: Option<LocalRuntime>,
    /// When this thread's runtime last started a call (see [`catch_up`]).
    last_call: Option<Instant>,
    entries: Vec<Entry>,
}

impl ThreadState {
    const fn new() -> Self {
        Self {
            runtime: None,
            last_call: None,
            entries: Vec::new(),
        }
    }
}

thread_local! {
    static STATE: RefCell<ProcessLocal<ThreadState>> =
        const { RefCell::new(ProcessLocal::unowned(ThreadState::new())) };
}

/// Runs the future built by `make` on this thread if the thread is promoted for `per_thread`,
/// returning `None` when the caller should use the shared runtime instead: not promoted yet,
/// inside a Tokio context, re-entered (a call made while this thread is already driving one), or
/// the per-thread client or runtime could not be built. `shared` is the client whose settings a
/// per-thread client copies.
pub(crate) fn try_run<T, Fut>(
    per_thread: &PerThread,
    shared: &Client,
    make: impl FnOnce(Client) -> Fut,
) -> Option<T>
where
    Fut: Future<Output = T>,
{
    if tokio::runtime::Handle::try_current().is_ok() {
        return None;
    }
    STATE
        .try_with(|cell| {
            let mut cell = cell.try_borrow_mut().ok()?;
            // A forked child (or the first call) starts afresh: see `ProcessLocal`.
            let st = cell.get_or_reset(ThreadState::new);
            st.entries.retain(|e| e.alive.strong_count() > 0);
            let idx = match st.entries.iter().position(|e| e.id == per_thread.id) {
                Some(i) => i,
                None => {
                    st.entries.push(Entry {
                        id: per_thread.id,
                        alive: Arc::downgrade(&per_thread.alive),
                        calls: 0,
                        client: None,
                    });
                    st.entries.len() - 1
                }
            };
            let entry = st.entries.get_mut(idx)?;
            if entry.calls < PROMOTE_AFTER {
                entry.calls += 1;
                return None;
            }
            let client = match &entry.client {
                Some(c) => c.clone(),
                None => {
                    let c = shared.to_builder().build().ok()?;
                    entry.client = Some(c.clone());
                    c
                }
            };
            if st.runtime.is_none() {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                st.runtime = Some(LocalRuntime(Some(rt)));
            }
            let rt = st.runtime.as_ref()?.0.as_ref()?;
            let now = Instant::now();
            if st
                .last_call
                .is_some_and(|last| now.saturating_duration_since(last) >= CATCH_UP_AFTER)
            {
                catch_up(rt);
            }
            st.last_call = Some(now);
            Some(rt.block_on(make(client)))
        })
        .ok()
        .flatten()
}

/// Lets a per-thread runtime's connection tasks handle what happened while the thread was away.
///
/// A current-thread runtime runs only inside `block_on`, so a connection the server closed while
/// the thread was doing something else still looks open to the pool, and the next request would
/// be written to it and fail ("connection closed before message completed"; a send then counts
/// as possibly delivered, and is not retried). The first yield lets the runtime poll its I/O
/// driver, which wakes the tasks of the connections that changed; the second lets those run, so
/// the pool drops the closed ones before the request picks one.
fn catch_up(rt: &tokio::runtime::Runtime) {
    rt.block_on(async {
        tokio::task::yield_now().await;
        tokio::task::yield_now().await;
    });
}

/// Whether this thread has its own core client for `per_thread` (it was promoted, and its last
/// call ran here or tried to).
#[cfg(test)]
pub(super) fn is_promoted(per_thread: &PerThread) -> bool {
    STATE.with(|cell| {
        cell.borrow()
            .get()
            .and_then(|st| st.entries.iter().find(|e| e.id == per_thread.id))
            .is_some_and(|e| e.client.is_some())
    })
}
