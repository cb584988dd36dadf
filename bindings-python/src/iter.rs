//! `get_all_notifications_iterator` and `get_received_texts_iterator`: Python iterators (sync) and
//! async iterators over every item of every page, walked by the core's [`govuk_notify::Pager`].

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use govuk_notify::{Error, Method, Pager};
use pyo3::prelude::*;

use crate::aio::{self, Done, Finished, LogLine};
use crate::{convert, errors, log};

struct State {
    pager: Pager,
    buf: VecDeque<serde_json::Value>,
}

/// Fetches the next non-empty page into `buf` (left empty at the end of the walk), on the
/// library's runtime (the async iterator). Returns the outcome and, when a request was made, its
/// log line.
async fn fill(st: &mut State) -> (Result<(), Error>, Option<LogLine>) {
    if st.pager.is_done() {
        return (Ok(()), None);
    }
    let started = Instant::now();
    let res = st.pager.next_items().await;
    st.take(res, started)
}

/// As [`fill`], as a blocking call of `client` (the sync iterator: the page is fetched where the
/// sync client's other calls run, see `govuk_notify::blocking`).
fn fill_blocking(
    client: &govuk_notify::blocking::Client,
    st: &mut State,
) -> (Result<(), Error>, Option<LogLine>) {
    if st.pager.is_done() {
        return (Ok(()), None);
    }
    let started = Instant::now();
    let res = client.next_items(&mut st.pager);
    st.take(res, started)
}

impl State {
    /// Keeps a fetched page's items; the outcome and the request's log line.
    fn take(
        &mut self,
        res: Result<Option<Vec<serde_json::Value>>, Error>,
        started: Instant,
    ) -> (Result<(), Error>, Option<LogLine>) {
        let elapsed = started.elapsed();
        let path = self.pager.path().to_owned();
        let (result, status) = match res {
            Ok(Some(items)) => {
                self.buf.extend(items);
                (Ok(()), 200)
            }
            // The core ends a walk on a successful, empty page.
            Ok(None) => (Ok(()), 200),
            Err(e) => (Err(e), 0),
        };
        let line = LogLine {
            method: Method::Get.as_str(),
            path,
            status,
            elapsed,
        };
        (result, Some(line))
    }
}

fn log_line(py: Python<'_>, line: &LogLine, result: Result<(), &Error>) {
    log::request(
        py,
        &log::Outcome {
            method: line.method,
            path: log::Path::Str(&line.path),
            elapsed: line.elapsed,
            result: result.map(|()| line.status),
        },
    );
}

/// An iterator over every item of every page of a list, as returned by
/// `get_all_notifications_iterator()` and `get_received_texts_iterator()`: each item is a dict,
/// and the next page is fetched when the current one is used up. Errors of a page request are raised from `next()`. The GIL is
/// released while a page is fetched.
#[pyclass(module = "govuk_notify._native", frozen)]
pub(crate) struct PageIterator {
    client: govuk_notify::blocking::Client,
    state: Mutex<State>,
}

impl PageIterator {
    /// Walks `pager`, fetching its pages as calls of `client` (the client that made it).
    pub(crate) fn new(client: &govuk_notify::blocking::Client, pager: Pager) -> Self {
        Self {
            client: client.clone(),
            state: Mutex::new(State {
                pager,
                buf: VecDeque::new(),
            }),
        }
    }
}

#[pymethods]
impl PageIterator {
    fn __iter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        // The lock is taken and released without the GIL, so a thread waiting on it never holds
        // the GIL that the fetching thread needs afterwards.
        let (item, line) = py.detach(|| {
            let mut st = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(v) = st.buf.pop_front() {
                return (Ok(Some(v)), None);
            }
            let (r, line) = fill_blocking(&self.client, &mut st);
            (r.map(|()| st.buf.pop_front()), line)
        });
        if let Some(line) = &line {
            log_line(py, line, item.as_ref().map(|_| ()));
        }
        match item {
            Ok(Some(v)) => Ok(Some(convert::to_py(py, &v)?.unbind())),
            Ok(None) => Ok(None),
            Err(e) => Err(errors::to_pyerr(py, &e)),
        }
    }
}

/// An async iterator over every item of every page of a list, as returned by the asyncio client's
/// `*_iterator()` methods (`async for item in ...`): each item is a dict; pages are fetched on
/// the library's I/O threads when the current one is used up.
#[pyclass(module = "govuk_notify._native", frozen)]
pub(crate) struct AsyncPageIterator {
    state: Arc<tokio::sync::Mutex<State>>,
}

impl AsyncPageIterator {
    /// Walks `pager` on the library's runtime; `_client` is the sync iterator's (unused here).
    pub(crate) fn new(_client: &govuk_notify::blocking::Client, pager: Pager) -> Self {
        Self {
            state: Arc::new(tokio::sync::Mutex::new(State {
                pager,
                buf: VecDeque::new(),
            })),
        }
    }
}

#[pymethods]
impl AsyncPageIterator {
    fn __aiter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        // Items of a page already fetched are served without a round trip through the runtime.
        if let Ok(mut st) = self.state.try_lock() {
            if let Some(v) = st.buf.pop_front() {
                drop(st);
                return aio::ready(py, convert::to_py(py, &v));
            }
        }
        let state = Arc::clone(&self.state);
        aio::spawn(py, async move {
            let mut st = state.lock().await;
            if let Some(v) = st.buf.pop_front() {
                return Finished {
                    result: Ok(Done::Item(Some(v))),
                    log: None,
                };
            }
            let (r, line) = fill(&mut st).await;
            Finished {
                result: r.map(|()| Done::Item(st.buf.pop_front())),
                log: line,
            }
        })
    }
}
