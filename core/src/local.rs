//! Driving blocking calls on the calling thread.
//!
//! The process-wide runtime ([`crate::runtime`]) runs requests and hyper's connection tasks on
//! its worker threads, so a blocking call made from a plain thread costs cross-thread wake-ups
//! for every step of the exchange (the caller parks, a worker wakes, writes, waits, reads, wakes
//! the caller). A thread that keeps calling is therefore "promoted": it gets its own
//! current-thread Tokio runtime and, per blocking [`Client`](crate::blocking::Client), its own
//! core client (same settings, its own connection pool), and its requests run entirely on that
//! thread. In a loop of sends this saves about a quarter of the CPU per call.
//!
//! Promotion is per (thread, client) pair, after a few calls: building a client loads the TLS
//! roots and opens new connections, which only pays off for clients that a thread keeps using (a
//! thread per request, or a client per request, stays on the shared runtime). Everything is per
//! process: after `fork()` the state is discarded (leaked, like the shared runtime, because its
//! threads and connections do not exist in the child) and rebuilt on demand. A thread's state is
//! dropped when the thread exits; the per-thread clients of dropped blocking clients are purged
//! on the thread's next call.

use std::cell::RefCell;
use std::future::Future;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Weak};

use crate::client::Client;

/// Calls a thread makes with one blocking client on the shared runtime before it gets its own.
const PROMOTE_AFTER: u32 = 8;

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
    pid: u32,
    runtime: Option<LocalRuntime>,
    entries: Vec<Entry>,
}

impl ThreadState {
    const fn new() -> Self {
        Self {
            pid: 0,
            runtime: None,
            entries: Vec::new(),
        }
    }
}

thread_local! {
    static STATE: RefCell<ThreadState> = const { RefCell::new(ThreadState::new()) };
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
            let mut st = cell.try_borrow_mut().ok()?;
            let pid = std::process::id();
            if st.pid != pid {
                // A forked child (or the first call): the parent's runtime threads and
                // connections do not exist here. Leak rather than drop them, as the core does.
                std::mem::forget(std::mem::replace(&mut *st, ThreadState::new()));
                st.pid = pid;
            }
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
            Some(rt.block_on(make(client)))
        })
        .ok()
        .flatten()
}
