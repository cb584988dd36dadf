//! `pace=` (the core's [`Pacing`]) and `wait_for_status` (the core's
//! `Client::wait_for_status_raw`): argument conversion only; the pacing queue and the polling
//! loop are the core's.

use std::sync::mpsc;
use std::time::Duration;

use govuk_notify::{CancelToken, Error, Pacing, WaitOptions};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyString, PyTuple};

use crate::{aio, convert, errors};

fn seconds(field: &'static str, secs: f64) -> Result<Duration, Error> {
    govuk_notify::options::time_value(field, govuk_notify::Dialect::Python, secs, false)
}

/// `pace=`: `None`/`False` (off), `True` (Notify's 3,000 a minute), an int (sends a minute), or
/// a `(limit, window_seconds)` tuple.
pub(crate) fn pacing(py: Python<'_>, pace: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Pacing>> {
    let bad = || {
        errors::to_pyerr(
            py,
            &Error::argument(
                "pace",
                "must be True, a number of sends a minute, or a (limit, window_seconds) tuple",
            ),
        )
    };
    let Some(pace) = pace.filter(|p| !p.is_none()) else {
        return Ok(None);
    };
    if let Ok(b) = pace.cast::<PyBool>() {
        return Ok(b.is_true().then(Pacing::default));
    }
    if let Ok(t) = pace.cast::<PyTuple>() {
        let (limit, window): (u32, f64) = t.extract().map_err(|_| bad())?;
        let window = seconds("pace", window).map_err(|e| errors::to_pyerr(py, &e))?;
        return Ok(Some(Pacing::new(limit, window)));
    }
    let limit: u32 = pace.extract().map_err(|_| bad())?;
    Ok(Some(Pacing::per_minute(limit)))
}

/// The `pace` getter: `None`, or `(limit, window_seconds)`.
pub(crate) fn pacing_to_py(p: Option<Pacing>) -> Option<(u32, f64)> {
    p.map(|p| (p.limit, p.window.as_secs_f64()))
}

/// `wait_for_status`'s keyword arguments.
pub(crate) fn options(
    py: Python<'_>,
    until: Option<&Bound<'_, PyAny>>,
    timeout: f64,
    poll_interval: f64,
    max_poll_interval: f64,
) -> PyResult<WaitOptions> {
    let to_err = |e: Error| errors::to_pyerr(py, &e);
    let until =
        match until.filter(|u| !u.is_none()) {
            None => Vec::new(),
            // One status given as a plain string.
            Some(u) if u.is_instance_of::<PyString>() => vec![u.extract::<String>()?],
            Some(u) => {
                let mut v = Vec::new();
                for item in u.try_iter().map_err(|_| {
                    to_err(Error::argument(
                        "until",
                        "must be a status or a collection of statuses",
                    ))
                })? {
                    v.push(item?.extract::<String>().map_err(|_| {
                        to_err(Error::argument("until", "statuses must be strings"))
                    })?);
                }
                if v.is_empty() {
                    return Err(to_err(Error::argument(
                        "until",
                        "must name at least one status (or be None for any final status)",
                    )));
                }
                v
            }
        };
    Ok(WaitOptions {
        until,
        timeout: seconds("timeout", timeout).map_err(to_err)?,
        poll_interval: seconds("poll_interval", poll_interval).map_err(to_err)?,
        max_poll_interval: seconds("max_poll_interval", max_poll_interval).map_err(to_err)?,
        ..WaitOptions::default()
    })
}

/// The blocking wait: runs on the core runtime while this thread, without the GIL, checks for
/// signals every 100 ms, so Ctrl-C (KeyboardInterrupt) stops the wait.
pub(crate) fn wait_blocking<'py>(
    py: Python<'py>,
    client: &govuk_notify::Client,
    id: &Bound<'py, PyAny>,
    options: WaitOptions,
) -> PyResult<Bound<'py, PyAny>> {
    let id = convert::path_arg(id)?;
    // Argument errors are raised before anything runs.
    options.wanted().map_err(|e| errors::to_pyerr(py, &e))?;
    let rt = govuk_notify::runtime::runtime().map_err(|e| errors::to_pyerr(py, &e))?;
    let cancel = CancelToken::new();
    let (tx, mut rx) = mpsc::channel();
    {
        let client = client.clone();
        let cancel = cancel.clone();
        rt.spawn(async move {
            let r = client
                .wait_for_status_cancellable(&id, &options, &cancel)
                .await;
            let _ = tx.send(r);
        });
    }
    loop {
        // The receiver is not `Sync`: it is moved into the GIL-free closure and back.
        let (got, back) = py.detach(move || (rx.recv_timeout(Duration::from_millis(100)), rx));
        rx = back;
        match got {
            Ok(Ok(raw)) => return convert::response_to_py(py, &raw),
            Ok(Err(e)) => return Err(errors::to_pyerr(py, &e)),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Err(signal) = py.check_signals() {
                    cancel.cancel();
                    return Err(signal);
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(errors::to_pyerr(
                    py,
                    &Error::internal("the wait task ended without a result"),
                ))
            }
        }
    }
}

/// The asyncio wait: an `asyncio.Future`; cancelling it aborts the polling task.
pub(crate) fn wait_async<'py>(
    py: Python<'py>,
    client: &govuk_notify::Client,
    id: &Bound<'py, PyAny>,
    options: WaitOptions,
) -> PyResult<Bound<'py, PyAny>> {
    let id = convert::path_arg(id)?;
    options.wanted().map_err(|e| errors::to_pyerr(py, &e))?;
    let client = client.clone();
    aio::spawn(py, async move {
        let res = client.wait_for_status_raw(&id, &options).await;
        aio::Finished {
            result: res.map(aio::Done::Json),
            log: None,
        }
    })
}
