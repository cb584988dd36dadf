//! The process-wide Tokio runtime: where blocking calls run until their thread is promoted (see
//! [`crate::blocking`]), and where the async bindings (C callbacks, Python asyncio) run theirs.
//!
//! Created lazily; after `fork()` the child builds a new one, because the parent's worker threads
//! do not exist in the child (the pattern of lancedb's `runtime.rs`; see [`super::ProcessLocal`]).

use std::future::Future;
use std::sync::{Arc, RwLock};

use super::process::ProcessLocal;
use crate::error::Error;

/// The runtime of this process, once built. Read on every blocking call by every calling
/// thread, hence a read-write lock: concurrent callers never wait for each other.
static RUNTIME: RwLock<ProcessLocal<Option<Arc<tokio::runtime::Runtime>>>> =
    RwLock::new(ProcessLocal::unowned(None));

/// The runtime for this process, created on first use (and again in a forked child).
///
/// # Errors
/// An internal error if the operating system refuses to start threads.
pub fn runtime() -> Result<Arc<tokio::runtime::Runtime>, Error> {
    if let Some(Some(rt)) = RUNTIME.read().unwrap_or_else(|p| p.into_inner()).get() {
        return Ok(rt.clone());
    }
    let mut guard = RUNTIME.write().unwrap_or_else(|p| p.into_inner());
    let slot = guard.get_or_reset(|| None);
    if let Some(rt) = slot {
        return Ok(rt.clone());
    }
    let rt = Arc::new(
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("govuk-notify")
            .build()
            .map_err(|e| Error::internal(format!("could not start the I/O runtime: {e}")))?,
    );
    *slot = Some(rt.clone());
    Ok(rt)
}

/// Runs `fut` to completion on the process-wide runtime, blocking the calling thread.
///
/// # Errors
/// An internal error when called from inside an async runtime (use the async client there) or if
/// the runtime cannot start; otherwise the future's own error.
pub fn block_on<T, F>(fut: F) -> Result<T, Error>
where
    F: Future<Output = Result<T, Error>>,
{
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(inside_runtime_error());
    }
    runtime()?.block_on(fut)
}

/// Runs `fut` as a task on the process-wide runtime and blocks the calling thread until it ends.
///
/// Spawning, rather than polling the future on the calling thread as [`block_on`] does, keeps
/// the request and hyper's connection task on the same runtime thread: one hand-off each way
/// instead of a cross-thread wake-up for every step of the exchange, which roughly halves the CPU
/// of a call.
///
/// # Errors
/// As [`block_on`]; an internal error if the task panicked.
pub fn block_on_spawned<T, F>(fut: F) -> Result<T, Error>
where
    T: Send + 'static,
    F: Future<Output = T> + Send + 'static,
{
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(inside_runtime_error());
    }
    let rt = runtime()?;
    let handle = rt.spawn(fut);
    rt.block_on(handle).map_err(|e| {
        Error::internal(if e.is_panic() {
            "a govuk-notify task panicked"
        } else {
            "a govuk-notify task was cancelled"
        })
    })
}

fn inside_runtime_error() -> Error {
    Error::internal(
        "a blocking govuk-notify call was made inside an async runtime; use the async Client",
    )
}
