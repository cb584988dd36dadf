//! Driving synchronous calls on the calling thread.
//!
//! The core's process-wide runtime runs every request and hyper's connection tasks on its worker
//! threads, so a blocking call from Python costs several cross-thread wake-ups (the caller parks,
//! a worker wakes, writes, waits, reads, wakes the caller): about four context switches and a
//! quarter of the CPU of a send. A thread that keeps calling is therefore "promoted": it gets its
//! own current-thread Tokio runtime and its own core `Client` per Python client (same settings,
//! its own connection pool), and requests run entirely on that thread while the GIL is released.
//!
//! Promotion is per (thread, Python client) pair, after a few calls: building a client loads the
//! TLS roots and opens new connections, which only pays off for clients that a thread keeps using
//! (a thread per request, or a client per request, stays on the shared runtime). Everything is per process: after `fork()` the state is discarded (leaked, like the
//! core's runtime, because its threads do not exist in the child) and rebuilt on demand. A
//! thread's state is dropped when the thread exits; per-thread clients of Python clients that
//! were garbage-collected are purged on the thread's next call.

use std::cell::RefCell;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};

use govuk_notify::Error;

/// Calls a thread makes with one Python client on the shared runtime before it gets its own.
const PROMOTE_AFTER: u32 = 8;

/// Builds a core client with a Python client's settings.
pub(crate) type Factory = dyn Fn() -> Result<govuk_notify::Client, Error> + Send + Sync;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Owned by a Python client: how to build its per-thread core clients.
pub(crate) struct PerThread {
    id: u64,
    factory: Box<Factory>,
    /// Dropped with the Python client; per-thread copies hold a `Weak` to notice.
    alive: Arc<()>,
}

impl PerThread {
    pub(crate) fn new(factory: Box<Factory>) -> Self {
        Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            factory,
            alive: Arc::new(()),
        }
    }
}

/// A current-thread runtime that never blocks when dropped (at thread exit or process exit a
/// DNS lookup still running on its blocking pool is abandoned instead of waited for).
struct LocalRuntime(Option<tokio::runtime::Runtime>);

impl Drop for LocalRuntime {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

/// One Python client as seen by one thread.
struct Entry {
    id: u64,
    alive: Weak<()>,
    calls: u32,
    client: Option<govuk_notify::Client>,
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

/// Runs the future built by `make` on this thread if the thread is promoted, returning `None`
/// when the caller should use the shared runtime instead (not promoted yet, inside a Tokio
/// context, or the per-thread client or runtime could not be built).
pub(crate) fn try_run<T, Fut>(
    per_thread: &PerThread,
    make: impl FnOnce(govuk_notify::Client) -> Fut,
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
                    let c = (per_thread.factory)().ok()?;
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
