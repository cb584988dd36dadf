//! Python `logging` integration, logger `govuk_notify`.
//!
//! DEBUG after every request: method, path, status, elapsed time. WARNING when a request fails, in
//! the official client's shape ("API %s request on %s failed with %s '%s'"). Only the path (never
//! the query string, which can hold a reference), the status and Notify's error *class names* are
//! logged — never the key, a token, a recipient, personalisation or Notify's message text (which
//! can echo submitted values). Both checks are one cached `isEnabledFor` call when disabled.

use std::time::Duration;

use govuk_notify::Error;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

const DEBUG: i32 = 10;
const WARNING: i32 = 30;

fn logger(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    LOGGER
        .get_or_try_init(py, || {
            py.import("logging")?
                .call_method1("getLogger", ("govuk_notify",))
                .map(Bound::unbind)
        })
        .map(|l| l.bind(py))
}

fn enabled(logger: &Bound<'_, PyAny>, level: i32) -> bool {
    logger
        .call_method1(intern!(logger.py(), "isEnabledFor"), (level,))
        .and_then(|r| r.is_truthy())
        .unwrap_or(false)
}

/// What one request did, for the log.
pub(crate) struct Outcome<'a> {
    pub method: &'a str,
    pub path: Path<'a>,
    pub elapsed: Duration,
    pub result: Result<u16, &'a Error>,
}

/// Logs a finished request. Logging failures are swallowed: a broken handler must not turn a
/// delivered message into an exception.
/// The request path, built only when a line is actually logged.
#[derive(Clone, Copy)]
pub(crate) enum Path<'a> {
    Str(&'a str),
    Request(&'a govuk_notify::HttpRequest),
}

impl Path<'_> {
    fn render(self) -> String {
        match self {
            Path::Str(s) => s.to_owned(),
            Path::Request(r) => r.path(),
        }
    }
}

pub(crate) fn request(py: Python<'_>, o: &Outcome<'_>) {
    let Ok(logger) = logger(py) else { return };
    let secs = o.elapsed.as_secs_f64();
    match o.result {
        Ok(status) => {
            if enabled(logger, DEBUG) {
                let _ = logger.call_method1(
                    intern!(py, "debug"),
                    (
                        "API %s request on %s finished with %s in %.3fs",
                        o.method,
                        o.path.render(),
                        status,
                        secs,
                    ),
                );
            }
        }
        Err(e) => {
            if enabled(logger, WARNING) {
                let status = e
                    .status()
                    .map_or_else(|| e.kind().as_str().to_owned(), |s| s.to_string());
                let _ = logger.call_method1(
                    intern!(py, "warning"),
                    (
                        "API %s request on %s failed with %s '%s' after %.3fs",
                        o.method,
                        o.path.render(),
                        status,
                        e.log_summary(),
                        secs,
                    ),
                );
            }
        }
    }
}
