//! The asyncio bridge: a core future runs on the core's process-wide Tokio runtime (fork-safe,
//! see `govuk_notify::runtime`), and completes an `asyncio.Future` created on the caller's event
//! loop. No thread per call, and the event loop thread never blocks.
//!
//! Each event loop gets a [`Bridge`]: a queue of finished results and a socket pair whose read end
//! is watched with `loop.add_reader`. A runtime thread that finishes a request pushes the result
//! onto the queue and, only if the loop has not been woken since its last drain, writes one byte.
//! It never takes the GIL, so it never contends with the event loop for it, and a burst of
//! completions costs one wake-up. The loop then drains the queue on its own thread, building the
//! Python objects (the response dict or the exception) and resolving the futures in one go.
//!
//! The socket pair is a Unix one (`std::os::unix`): this binding builds for Unix only (the wheel is
//! Linux's manylinux2014). A loop whose `add_reader` raises `NotImplementedError` (some
//! third-party loops) gets the fallback: the runtime thread attaches to the interpreter just long
//! enough to call `loop.call_soon_threadsafe`. If the
//! interpreter is shutting down the result is dropped instead (`Python::try_attach`), so nothing
//! hangs or crashes at exit. Cancelling the awaiting task aborts the Tokio task.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::io::{Read as _, Write as _};
use std::os::fd::AsRawFd as _;
use std::os::unix::net::UnixStream;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::FutureExt as _;
use govuk_notify::blocking::ProcessLocal;
use govuk_notify::{Error, RawResponse};
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyCFunction;

use crate::{convert, errors, log};

/// What a finished task hands back to the event loop thread.
pub(crate) enum Done {
    /// A JSON response: becomes a dict.
    Json(RawResponse),
    /// A PDF: becomes `io.BytesIO`.
    Pdf(Bytes),
    /// One item of an async iterator, or `None` at the end (`StopAsyncIteration`).
    Item(Option<serde_json::Value>),
}

/// Request details for the log line; `None` when the task made no request (an iterator item
/// served from an already fetched page).
pub(crate) struct LogLine {
    pub method: &'static str,
    pub path: String,
    pub status: u16,
    pub elapsed: Duration,
}

pub(crate) struct Finished {
    pub result: Result<Done, Error>,
    pub log: Option<LogLine>,
}

/// The result, parked until `_complete` runs on the event loop thread.
#[pyclass(module = "govuk_notify._native", frozen)]
pub(crate) struct Pending {
    slot: Mutex<Option<Finished>>,
}

/// Aborts the Tokio task when the asyncio future is cancelled (a `add_done_callback` callback).
#[pyclass(module = "govuk_notify._native", frozen)]
pub(crate) struct AbortOnCancel {
    handle: tokio::task::AbortHandle,
}

#[pymethods]
impl AbortOnCancel {
    fn __call__(&self, future: &Bound<'_, PyAny>) -> PyResult<()> {
        if future
            .call_method0(intern!(future.py(), "cancelled"))?
            .is_truthy()?
        {
            self.handle.abort();
        }
        Ok(())
    }
}

static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Set by an `atexit` hook: from then on runtime threads never try to attach to the interpreter,
/// which is about to finalize (a thread blocked on the GIL during finalization is killed or hangs).
static SHUTTING_DOWN: AtomicBool = AtomicBool::new(false);

/// Runtime threads currently between "not shutting down" and having released the interpreter in
/// [`deliver`]. The `atexit` hook waits for it to reach zero: a thread that still holds (or is
/// about to re-take) the GIL when finalization starts is killed mid-call by CPython, which aborts
/// the process ("PyGILState_Release: thread state ... must be current").
static DELIVERING: AtomicUsize = AtomicUsize::new(0);

/// How long the `atexit` hook waits for deliveries in progress (each takes microseconds).
const SHUTDOWN_WAIT: Duration = Duration::from_secs(2);

/// Registered with `atexit` by the module; see [`SHUTTING_DOWN`] and [`DELIVERING`].
#[pyfunction]
pub(crate) fn _shutdown(py: Python<'_>) {
    SHUTTING_DOWN.store(true, Ordering::SeqCst);
    // Let a delivering thread take the GIL to finish, then stop it from ever trying again.
    py.detach(|| {
        let deadline = Instant::now() + SHUTDOWN_WAIT;
        while DELIVERING.load(Ordering::SeqCst) != 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
    });
}

/// Decrements [`DELIVERING`] when a delivery ends, however it ends.
struct DeliveryGuard;

impl Drop for DeliveryGuard {
    fn drop(&mut self) {
        DELIVERING.fetch_sub(1, Ordering::SeqCst);
    }
}
static BYTES_IO: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static COMPLETE: PyOnceLock<Py<PyCFunction>> = PyOnceLock::new();

/// `io.BytesIO(data)`, what the official `get_pdf_for_letter` returns.
pub(crate) fn bytes_io<'py>(py: Python<'py>, data: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    let cls = BYTES_IO.get_or_try_init(py, || {
        py.import("io")?.getattr("BytesIO").map(Bound::unbind)
    })?;
    cls.bind(py).call1((pyo3::types::PyBytes::new(py, data),))
}

/// Runs `work` on the core runtime and returns an `asyncio.Future` (of the running loop) that
/// resolves to its converted result.
pub(crate) fn spawn<'py, F>(py: Python<'py>, work: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = Finished> + Send + 'static,
{
    let get_loop = GET_RUNNING_LOOP.get_or_try_init(py, || {
        py.import("asyncio")?
            .getattr("get_running_loop")
            .map(Bound::unbind)
    })?;
    let event_loop = get_loop.bind(py).call0()?;
    let future = event_loop.call_method0(intern!(py, "create_future"))?;
    let rt = govuk_notify::runtime::runtime().map_err(|e| errors::to_pyerr(py, &e))?;
    let work = async move {
        AssertUnwindSafe(work)
            .catch_unwind()
            .await
            .unwrap_or_else(|_| Finished {
                result: Err(Error::internal("a govuk-notify task panicked")),
                log: None,
            })
    };
    let handle = if let Some(bridge) = Bridge::for_loop(&event_loop)? {
        let queue = Arc::clone(&bridge.get().queue);
        let id = bridge.get().register(future.clone().unbind());
        rt.spawn(async move {
            let finished = work.await;
            queue.push(id, finished);
        })
    } else {
        let complete = COMPLETE
            .get_or_try_init(py, || wrap_pyfunction!(_complete, py).map(Bound::unbind))?
            .clone_ref(py);
        let loop_ref = event_loop.clone().unbind();
        let future_ref = future.clone().unbind();
        rt.spawn(async move {
            let finished = work.await;
            deliver(loop_ref, future_ref, complete, finished);
        })
    };
    let abort = Bound::new(
        py,
        AbortOnCancel {
            handle: handle.abort_handle(),
        },
    )?;
    future.call_method1(intern!(py, "add_done_callback"), (abort,))?;
    Ok(future)
}

/// Results finished by runtime threads, waiting for their event loop. Holds no Python object, so
/// runtime threads can use it without the GIL.
struct Queue {
    items: Mutex<Vec<(u64, Finished)>>,
    /// Whether a wake-up byte has been written since the loop's last drain.
    notified: AtomicBool,
    /// The write end of the socket pair.
    wake: UnixStream,
}

impl Queue {
    /// Queues a result; wakes the loop if it has not been woken since its last drain.
    fn push(&self, id: u64, finished: Finished) {
        self.items
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((id, finished));
        if !self.notified.swap(true, Ordering::AcqRel) {
            // WouldBlock means the socket already holds unread bytes: the loop will wake anyway.
            let _ = (&self.wake).write(&[1]);
        }
    }
}

/// One event loop's side of the bridge (see the module docs).
#[pyclass(module = "govuk_notify._native", frozen)]
pub(crate) struct Bridge {
    queue: Arc<Queue>,
    /// The read end of the socket pair, watched by `loop.add_reader`.
    read: UnixStream,
    /// The futures waiting for a result, by task id. Touched only on the loop's thread.
    futures: Mutex<HashMap<u64, Py<PyAny>>>,
    next_id: AtomicU64,
}

/// The bridges of the event loops this thread has run (of this process: after `fork()` a child
/// must not share its parent's sockets).
struct ThreadBridges {
    bridges: Vec<(Py<PyAny>, Py<Bridge>)>,
    /// Set when the running loop cannot watch a file descriptor: use the fallback from then on.
    unsupported: Vec<Py<PyAny>>,
}

thread_local! {
    static BRIDGES: RefCell<ProcessLocal<ThreadBridges>> =
        const { RefCell::new(ProcessLocal::unowned(ThreadBridges::new())) };
}

impl ThreadBridges {
    const fn new() -> Self {
        Self {
            bridges: Vec::new(),
            unsupported: Vec::new(),
        }
    }
}

impl Bridge {
    /// The bridge of `event_loop`, made on first use; `None` when the loop cannot watch a file
    /// descriptor (the caller then uses the `call_soon_threadsafe` fallback).
    fn for_loop<'py>(event_loop: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, Bridge>>> {
        let py = event_loop.py();
        let found = BRIDGES.with(|cell| {
            let mut cell = cell.borrow_mut();
            // A forked child (or the first call) starts afresh: see `ProcessLocal`.
            let tb = cell.get_or_reset(ThreadBridges::new);
            if tb.unsupported.iter().any(|l| l.bind(py).is(event_loop)) {
                return Some(None);
            }
            tb.bridges
                .iter()
                .find(|(l, _)| l.bind(py).is(event_loop))
                .map(|(_, b)| Some(b.bind(py).clone()))
        });
        if let Some(found) = found {
            return Ok(found);
        }
        let (read, wake) = UnixStream::pair()
            .and_then(|(r, w)| {
                r.set_nonblocking(true)?;
                w.set_nonblocking(true)?;
                Ok((r, w))
            })
            .map_err(|e| pyo3::exceptions::PyOSError::new_err(e.to_string()))?;
        let fd = read.as_raw_fd();
        let bridge = Bound::new(
            py,
            Bridge {
                queue: Arc::new(Queue {
                    items: Mutex::new(Vec::new()),
                    notified: AtomicBool::new(false),
                    wake,
                }),
                read,
                futures: Mutex::new(HashMap::new()),
                next_id: AtomicU64::new(0),
            },
        )?;
        let drain = bridge.getattr(intern!(py, "_drain"))?;
        let supported = match event_loop.call_method1(intern!(py, "add_reader"), (fd, drain)) {
            Ok(_) => true,
            Err(e) if e.is_instance_of::<pyo3::exceptions::PyNotImplementedError>(py) => false,
            Err(e) => return Err(e),
        };
        BRIDGES.with(|cell| {
            let mut cell = cell.borrow_mut();
            let tb = cell.get_or_reset(ThreadBridges::new);
            // Forget the bridges of loops that have been closed (their readers went with them).
            tb.bridges.retain(|(l, _)| {
                !l.bind(py)
                    .call_method0(intern!(py, "is_closed"))
                    .and_then(|c| c.is_truthy())
                    .unwrap_or(true)
            });
            if supported {
                tb.bridges
                    .push((event_loop.clone().unbind(), bridge.clone().unbind()));
            } else {
                tb.unsupported.push(event_loop.clone().unbind());
            }
        });
        Ok(supported.then_some(bridge))
    }

    /// Remembers a future until its task's result arrives; returns the task id.
    fn register(&self, future: Py<PyAny>) -> u64 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.futures
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, future);
        id
    }
}

#[pymethods]
impl Bridge {
    /// Resolves every queued result's future. Called by the event loop when the socket is readable.
    fn _drain(&self, py: Python<'_>) -> PyResult<()> {
        let mut sink = [0u8; 256];
        while matches!((&self.read).read(&mut sink), Ok(n) if n > 0) {}
        // Clear the flag before taking the queue: a result pushed after this point writes a byte.
        self.queue.notified.store(false, Ordering::Release);
        let batch = std::mem::take(
            &mut *self
                .queue
                .items
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        );
        let mut first_error = None;
        for (id, finished) in batch {
            let future = self
                .futures
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&id);
            if let Some(future) = future {
                if let Err(e) = resolve(future.bind(py), finished) {
                    first_error.get_or_insert(e);
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

/// Hands the result to the event loop thread. Runs on a Tokio thread, without the GIL until here.
fn deliver(
    event_loop: Py<PyAny>,
    future: Py<PyAny>,
    complete: Py<PyCFunction>,
    finished: Finished,
) {
    // After `atexit` (and, as a second line, once `try_attach` sees finalization) the result is
    // dropped: the captured objects go to pyo3's deferred reference pool (or are never released,
    // as the process is ending) instead of a runtime thread blocking on a dying interpreter.
    // Count first, then check the flag: the `atexit` hook sets the flag, then waits for the count,
    // so either it waits for this delivery or this delivery sees the flag and never attaches.
    DELIVERING.fetch_add(1, Ordering::SeqCst);
    let _guard = DeliveryGuard;
    if SHUTTING_DOWN.load(Ordering::SeqCst) {
        return;
    }
    let _ = Python::try_attach(move |py| {
        let pending = match Bound::new(
            py,
            Pending {
                slot: Mutex::new(Some(finished)),
            },
        ) {
            Ok(p) => p,
            Err(_) => return,
        };
        // Raises if the loop is already closed; nobody is waiting then.
        let _ = event_loop.bind(py).call_method1(
            intern!(py, "call_soon_threadsafe"),
            (complete, future, pending),
        );
    });
}

/// Sets the asyncio future's result on the event loop thread (scheduled by [`deliver`]).
#[pyfunction]
fn _complete(future: &Bound<'_, PyAny>, pending: &Bound<'_, Pending>) -> PyResult<()> {
    let taken = pending
        .get()
        .slot
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    match taken {
        Some(finished) => resolve(future, finished),
        None => Ok(()),
    }
}

/// Logs a finished request and resolves its future (on the event loop thread).
fn resolve(future: &Bound<'_, PyAny>, finished: Finished) -> PyResult<()> {
    let py = future.py();
    if let Some(line) = &finished.log {
        let result = match &finished.result {
            Ok(_) => Ok(line.status),
            Err(e) => Err(e),
        };
        log::request(
            py,
            &log::Outcome {
                method: line.method,
                path: log::Path::Str(&line.path),
                elapsed: line.elapsed,
                result,
            },
        );
    }
    // Cancelled (or otherwise finished) while the request was in flight: nobody wants the result.
    if future.call_method0(intern!(py, "done"))?.is_truthy()? {
        return Ok(());
    }
    let outcome: PyResult<Bound<'_, PyAny>> = match finished.result {
        Ok(Done::Json(raw)) => convert::response_to_py(py, &raw),
        Ok(Done::Pdf(body)) => bytes_io(py, &body),
        Ok(Done::Item(Some(v))) => convert::to_py(py, &v),
        Ok(Done::Item(None)) => Err(PyStopAsyncIteration::new_err(())),
        Err(e) => Err(errors::to_pyerr(py, &e)),
    };
    match outcome {
        Ok(value) => future.call_method1(intern!(py, "set_result"), (value,))?,
        Err(err) => future.call_method1(intern!(py, "set_exception"), (err.into_value(py),))?,
    };
    Ok(())
}

/// Runs one request on the core client, timing it for the log.
pub(crate) async fn execute(
    client: govuk_notify::Client,
    req: govuk_notify::HttpRequest,
) -> Finished {
    let started = Instant::now();
    let res = client.execute_raw(&req).await;
    let elapsed = started.elapsed();
    let status = res.as_ref().map_or(0, |r| r.status);
    let pdf = req.expects_pdf;
    Finished {
        result: res.map(|raw| {
            if pdf {
                Done::Pdf(raw.body)
            } else {
                Done::Json(raw)
            }
        }),
        log: Some(LogLine {
            method: req.method.as_str(),
            path: req.path(),
            status,
            elapsed,
        }),
    }
}

/// An already resolved `asyncio.Future` (of the running loop).
pub(crate) fn ready<'py>(
    py: Python<'py>,
    value: PyResult<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let get_loop = GET_RUNNING_LOOP.get_or_try_init(py, || {
        py.import("asyncio")?
            .getattr("get_running_loop")
            .map(Bound::unbind)
    })?;
    let future = get_loop
        .bind(py)
        .call0()?
        .call_method0(intern!(py, "create_future"))?;
    match value {
        Ok(v) => future.call_method1(intern!(py, "set_result"), (v,))?,
        Err(e) => future.call_method1(intern!(py, "set_exception"), (e.into_value(py),))?,
    };
    Ok(future)
}
