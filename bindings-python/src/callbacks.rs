//! The callback helpers (the JSON Notify POSTs to your service): thin wrappers over the core's
//! `callbacks` module, which owns the payload types and the constant-time token comparison.
//! `govuk_notify.callbacks` (Python) turns the dicts returned here into its dataclasses and the
//! errors into its exception classes.

use pyo3::prelude::*;

use crate::{convert, errors};

/// Adds the three functions to the native module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(callback_parse_delivery_receipt, m)?)?;
    m.add_function(wrap_pyfunction!(callback_parse_received_text, m)?)?;
    m.add_function(wrap_pyfunction!(callback_verify_bearer_token, m)?)?;
    Ok(())
}

fn parse<'py, T: serde::Serialize>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    parse: fn(&[u8]) -> Result<T, govuk_notify::Error>,
) -> PyResult<Bound<'py, PyAny>> {
    let data = convert::read_bytes(body)?;
    let payload = parse(&data).map_err(|e| errors::to_pyerr(py, &e))?;
    let value = serde_json::to_value(&payload).map_err(|e| {
        errors::to_pyerr(
            py,
            &govuk_notify::Error::internal(format!("cannot encode payload: {e}")),
        )
    })?;
    convert::to_py(py, &value)
}

/// Parses a delivery-receipt callback body.
///
/// Args:
///     body: the request body as received: `bytes`, `bytearray`, `memoryview` or `str`, or a
///         file-like object with `read()`.
///
/// Returns:
///     A dict with exactly the documented fields: `id`, `reference`, `to`, `status`,
///     `created_at`, `completed_at`, `sent_at`, `notification_type`, `template_id` (strings,
///     `reference`, `completed_at` and `sent_at` may be `None`) and `template_version` (an int).
///
/// Raises:
///     ArgumentError: the body is not JSON or not a delivery receipt (`field` is `"body"`).
#[pyfunction]
pub(crate) fn callback_parse_delivery_receipt<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    parse(py, body, govuk_notify::callbacks::parse_delivery_receipt)
}

/// Parses a received-text-message callback body.
///
/// Args:
///     body: the request body as received (as for `callback_parse_delivery_receipt`).
///
/// Returns:
///     A dict with exactly `id`, `source_number`, `destination_number`, `message` and
///     `date_received`, all strings.
///
/// Raises:
///     ArgumentError: the body is not JSON or not a received text message (`field` is `"body"`).
#[pyfunction]
pub(crate) fn callback_parse_received_text<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    parse(py, body, govuk_notify::callbacks::parse_received_text)
}

/// Whether an `Authorization` header value carries the bearer token configured in Notify.
///
/// The scheme must be `Bearer` (any case) and the token is compared in constant time. An empty
/// `expected_token` never matches; `None` for either argument gives `False`.
///
/// Args:
///     authorization_header: the header's value, e.g. `"Bearer my-token"`, or `None`.
///     expected_token: the token you configured for the callback in Notify.
///
/// Returns:
///     `True` when they match.
#[pyfunction]
#[pyo3(signature = (authorization_header, expected_token))]
pub(crate) fn callback_verify_bearer_token(
    authorization_header: Option<&str>,
    expected_token: Option<&str>,
) -> bool {
    match (authorization_header, expected_token) {
        (Some(h), Some(t)) => govuk_notify::callbacks::verify_bearer_token(h, t),
        _ => false,
    }
}
