//! Core [`Error`] → Python exception. The class is chosen by `govuk_notify.errors._from_native`
//! (Python), from the core's stable fields; nothing here looks at status codes or messages.

use govuk_notify::Error;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::convert;

static FACTORY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The Python exception for a core error.
pub(crate) fn to_pyerr(py: Python<'_>, e: &Error) -> PyErr {
    match to_exception(py, e) {
        Ok(exc) => PyErr::from_value(exc),
        Err(err) => err,
    }
}

/// The exception *instance* for a core error (for `Future.set_exception`).
pub(crate) fn to_exception<'py>(py: Python<'py>, e: &Error) -> PyResult<Bound<'py, PyAny>> {
    match build(py, e) {
        Ok(exc) => Ok(exc),
        // The facade could not be imported (a broken install): still raise something readable.
        Err(import_err) => {
            let err = PyRuntimeError::new_err(format!("govuk_notify: {}", e.message()));
            err.set_cause(py, Some(import_err));
            Ok(err.into_value(py).into_bound(py).into_any())
        }
    }
}

fn build<'py>(py: Python<'py>, e: &Error) -> PyResult<Bound<'py, PyAny>> {
    let factory = FACTORY.get_or_try_init(py, || {
        py.import("govuk_notify.errors")?
            .getattr("_from_native")
            .map(Bound::unbind)
    })?;
    let kw = PyDict::new(py);
    kw.set_item("kind", e.kind().as_str())?;
    kw.set_item("status", e.status())?;
    kw.set_item("detail", e.message())?;
    let errors = match e.errors_json() {
        Some(v) => convert::to_py(py, v)?,
        None => py.None().into_bound(py),
    };
    kw.set_item("errors", errors)?;
    kw.set_item("body", e.body())?;
    let headers = PyList::empty(py);
    for (k, v) in e.headers() {
        headers.append(PyTuple::new(py, [k.as_str(), v.as_str()])?)?;
    }
    kw.set_item("headers", headers)?;
    kw.set_item("retryable", e.is_retryable())?;
    kw.set_item("field", e.field())?;
    kw.set_item("clock_skew", e.clock_skew())?;
    kw.set_item("retry_after", e.retry_after().map(|d| d.as_secs_f64()))?;
    kw.set_item("may_have_reached_server", e.may_have_reached_server())?;
    kw.set_item("would_be_status", e.would_be_status())?;
    kw.set_item("would_be_body", e.would_be_body())?;
    kw.set_item("body_is_json", e.body_is_json())?;
    factory.bind(py).call((), Some(&kw))
}
