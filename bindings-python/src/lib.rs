//! `govuk_notify._native`: the thin native layer under the `govuk_notify` Python package.
//!
//! It converts Python arguments into core operations, runs them on the core client (the GIL
//! released while waiting; async calls on the core's fork-safe runtime), and converts responses
//! and errors back. It owns no protocol rule: key parsing, JWTs, URLs, bodies, validation, error
//! classification, retries, pagination and the upload size check are all `govuk_notify` (core).
//! The Python facade (`bindings-python/python/govuk_notify/`) names the public classes and builds
//! the exception hierarchy.

use pyo3::prelude::*;

mod aio;
mod callbacks;
mod client;
mod convert;
mod decode;
mod errors;
mod iter;
mod log;
mod ops;
mod wait;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<client::Client>()?;
    m.add_class::<client::AsyncClient>()?;
    m.add_class::<client::PyRetryPolicy>()?;
    m.add_class::<iter::PageIterator>()?;
    m.add_class::<iter::AsyncPageIterator>()?;
    m.add_function(wrap_pyfunction!(client::prepare_upload, m)?)?;
    m.add_function(wrap_pyfunction!(run_simulator, m)?)?;
    callbacks::register(m)?;
    m.add_function(wrap_pyfunction!(_decode_json, m)?)?;
    let shutdown = wrap_pyfunction!(aio::_shutdown, m)?;
    m.py()
        .import("atexit")?
        .call_method1("register", (shutdown,))?;
    m.add("__version__", govuk_notify::VERSION)?;
    m.add("DEFAULT_BASE_URL", govuk_notify::DEFAULT_BASE_URL)?;
    m.add("MAX_UPLOAD_BYTES", govuk_notify::MAX_UPLOAD_BYTES)?;
    Ok(())
}

/// Runs the local GOV.UK Notify simulator with these command-line arguments (the flags of
/// ``govuk-notify-simulator --help``) until SIGINT or SIGTERM, and returns the exit status. This is
/// what the ``govuk-notify-simulator`` command installed with the wheel runs; the GIL is released
/// while it serves.
#[pyfunction]
fn run_simulator(py: Python<'_>, args: Vec<String>) -> u8 {
    py.detach(|| govuk_notify_simulator::cli::main(args))
}

/// Decodes a JSON body (``bytes``) with the decoder every response goes through, as
/// ``json.loads`` would. Private: for the decoding benchmarks (``benches/python/decode.py``) and
/// tests. Raises ``ValueError`` when the body is not JSON or is nested deeper than 127 levels.
#[pyfunction]
fn _decode_json<'py>(py: Python<'py>, body: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    decode::decode(py, body).map_err(|e| {
        e.unwrap_or_else(|| pyo3::exceptions::PyValueError::new_err("not a JSON document"))
    })
}
