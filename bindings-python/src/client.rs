//! The native clients. `Client` is the base class of `govuk_notify.NotificationsAPIClient`: its
//! methods are the official client's, with the same names, parameters and defaults, and are called
//! directly (no Python frame per call). `AsyncClient` has the same methods returning
//! `asyncio.Future`s; the facade's `AsyncNotificationsAPIClient` wraps them in coroutines.

use std::time::{Duration, Instant};

use govuk_notify::{Error, HttpRequest, RetryPolicy, UploadOptions};
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyInt, PyTuple};

use crate::{aio, convert, errors, iter, log, ops};

/// `timeout=None` means "no timeout" to `requests`; the core needs a bound, so it is a day.
const NO_TIMEOUT: Duration = Duration::from_secs(24 * 60 * 60);

/// Retry settings, exposed unchanged from the core (`govuk_notify::RetryPolicy`). Unset arguments
/// take the core's defaults: 2 retries, 0.25 s backoff doubling up to 5 s with full jitter, and a
/// send is retried only when it certainly did not reach Notify. `RetryPolicy.none()` never
/// retries, like the official client.
#[pyclass(module = "govuk_notify._native", name = "RetryPolicy", frozen, eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyRetryPolicy {
    /// Retries after the first attempt; 0 disables retrying.
    #[pyo3(get)]
    max_retries: u32,
    /// Seconds to wait before the first retry.
    #[pyo3(get)]
    initial_backoff: f64,
    /// Upper bound of any single wait, in seconds (also caps a server's Retry-After).
    #[pyo3(get)]
    max_backoff: f64,
    /// Multiplier applied to the wait after each retry.
    #[pyo3(get)]
    backoff_multiplier: f64,
    /// Randomise each wait in [0, backoff] so many clients do not retry in lockstep.
    #[pyo3(get)]
    jitter: bool,
    /// Also retry sends after errors that may have reached Notify (may send a message twice).
    #[pyo3(get)]
    retry_sends: bool,
}

fn seconds(field: &'static str, secs: f64) -> Result<Duration, Error> {
    Duration::try_from_secs_f64(secs)
        .map_err(|_| Error::argument(field, "must be a non-negative number of seconds"))
}

impl PyRetryPolicy {
    fn from_core(p: &RetryPolicy) -> Self {
        Self {
            max_retries: p.max_retries,
            initial_backoff: p.initial_backoff.as_secs_f64(),
            max_backoff: p.max_backoff.as_secs_f64(),
            backoff_multiplier: p.backoff_multiplier,
            jitter: p.jitter,
            retry_sends: p.retry_sends,
        }
    }

    fn to_core(&self) -> Result<RetryPolicy, Error> {
        Ok(RetryPolicy {
            max_retries: self.max_retries,
            initial_backoff: seconds("initial_backoff", self.initial_backoff)?,
            max_backoff: seconds("max_backoff", self.max_backoff)?,
            backoff_multiplier: self.backoff_multiplier,
            jitter: self.jitter,
            retry_sends: self.retry_sends,
        })
    }
}

#[pymethods]
impl PyRetryPolicy {
    #[new]
    #[pyo3(signature = (*, max_retries=None, initial_backoff=None, max_backoff=None, backoff_multiplier=None, jitter=None, retry_sends=None))]
    fn new(
        py: Python<'_>,
        max_retries: Option<u32>,
        initial_backoff: Option<f64>,
        max_backoff: Option<f64>,
        backoff_multiplier: Option<f64>,
        jitter: Option<bool>,
        retry_sends: Option<bool>,
    ) -> PyResult<Self> {
        let d = Self::from_core(&RetryPolicy::default());
        let p = Self {
            max_retries: max_retries.unwrap_or(d.max_retries),
            initial_backoff: initial_backoff.unwrap_or(d.initial_backoff),
            max_backoff: max_backoff.unwrap_or(d.max_backoff),
            backoff_multiplier: backoff_multiplier.unwrap_or(d.backoff_multiplier),
            jitter: jitter.unwrap_or(d.jitter),
            retry_sends: retry_sends.unwrap_or(d.retry_sends),
        };
        p.to_core().map_err(|e| errors::to_pyerr(py, &e))?;
        Ok(p)
    }

    /// A policy that never retries (what the official client does).
    #[staticmethod]
    fn none() -> Self {
        Self::from_core(&RetryPolicy::none())
    }

    fn __repr__(&self) -> String {
        format!(
            "RetryPolicy(max_retries={}, initial_backoff={:?}, max_backoff={:?}, backoff_multiplier={:?}, jitter={}, retry_sends={})",
            self.max_retries,
            self.initial_backoff,
            self.max_backoff,
            self.backoff_multiplier,
            if self.jitter { "True" } else { "False" },
            if self.retry_sends { "True" } else { "False" },
        )
    }
}

/// The `timeout` argument: the official default is 30 seconds, and an explicit `None` means "no
/// limit" (as in `requests`), so "not given" must be told apart from `None`.
pub(crate) enum TimeoutArg {
    Default,
    Given(Py<PyAny>),
}

impl<'a, 'py> FromPyObject<'a, 'py> for TimeoutArg {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Self::Given(obj.to_owned().unbind()))
    }
}

/// Settings shared by both clients.
struct Settings {
    inner: govuk_notify::Client,
    /// The same client behind the core's blocking facade, for the synchronous client: a thread
    /// that keeps calling gets its own runtime and pool (see `govuk_notify::blocking`).
    blocking: govuk_notify::blocking::Client,
    base_url: String,
    timeout: Py<PyAny>,
}

/// Reads `timeout` the way `requests` does: seconds (int or float), a `(connect, read)` tuple, or
/// `None` for no limit. The core's timeout is one deadline for the whole call, retries included.
fn timeouts(timeout: &Bound<'_, PyAny>) -> Result<(Duration, Duration), Error> {
    let secs = |obj: &Bound<'_, PyAny>| -> Result<Option<Duration>, Error> {
        if obj.is_none() {
            return Ok(None);
        }
        if obj.cast::<PyInt>().is_ok() || obj.cast::<PyFloat>().is_ok() {
            let v: f64 = obj
                .extract()
                .map_err(|_| Error::argument("timeout", "must be a number of seconds"))?;
            if v > 0.0 {
                return seconds("timeout", v).map(Some);
            }
        }
        Err(Error::argument(
            "timeout",
            "must be a positive number of seconds, a (connect, read) tuple or None",
        ))
    };
    if let Ok(t) = timeout.cast::<PyTuple>() {
        if t.len() != 2 {
            return Err(Error::argument("timeout", "tuple must be (connect, read)"));
        }
        let connect = t
            .get_item(0)
            .map_err(|_| Error::argument("timeout", "bad tuple"))?;
        let read = t
            .get_item(1)
            .map_err(|_| Error::argument("timeout", "bad tuple"))?;
        let connect = secs(&connect)?.unwrap_or(NO_TIMEOUT);
        let read = secs(&read)?.unwrap_or(NO_TIMEOUT);
        return Ok((connect.saturating_add(read).min(NO_TIMEOUT), connect));
    }
    let total = secs(timeout)?.unwrap_or(NO_TIMEOUT);
    Ok((total, total.min(govuk_notify::DEFAULT_CONNECT_TIMEOUT)))
}

#[allow(clippy::too_many_arguments)]
fn settings(
    py: Python<'_>,
    api_key: &str,
    base_url: String,
    timeout: &Bound<'_, PyAny>,
    connect_timeout: Option<f64>,
    retry_policy: Option<&PyRetryPolicy>,
    proxy: Option<String>,
    user_agent_suffix: Option<String>,
    max_response_bytes: Option<i64>,
    ca_bundle_pem: Option<&Bound<'_, PyAny>>,
) -> PyResult<Settings> {
    let v = py.version_info();
    let binding = format!("python/{}.{}.{}", v.major, v.minor, v.patch);
    let (total, connect) = timeouts(timeout).map_err(|e| errors::to_pyerr(py, &e))?;
    let connect = match connect_timeout {
        Some(c) => seconds("connect_timeout", c).map_err(|e| errors::to_pyerr(py, &e))?,
        None => connect,
    };
    let retry = match retry_policy {
        Some(p) => Some(p.to_core().map_err(|e| errors::to_pyerr(py, &e))?),
        None => None,
    };
    let mut b = govuk_notify::Client::builder(api_key)
        .base_url(base_url.clone())
        .timeout(total)
        .connect_timeout(connect)
        .binding(binding);
    if let Some(p) = retry {
        b = b.retry_policy(p);
    }
    if let Some(p) = proxy {
        b = b.proxy(p);
    }
    if let Some(s) = user_agent_suffix {
        b = b.user_agent_suffix(s);
    }
    if let Some(pem) = ca_bundle_pem {
        // PEM text as `str` or `bytes` (what `open(path).read()` or `open(path, "rb").read()`
        // gives); the core parses and validates it.
        let pem = if let Ok(text) = pem.extract::<String>() {
            text.into_bytes()
        } else if let Ok(bytes) = pem.extract::<Vec<u8>>() {
            bytes
        } else {
            return Err(errors::to_pyerr(
                py,
                &Error::argument("ca_bundle_pem", "must be PEM text (str or bytes)"),
            ));
        };
        b = b.add_root_certificates_pem(pem);
    }
    if let Some(n) = max_response_bytes {
        // Beyond the address space means "no cap"; a negative number cannot be a size (the core
        // refuses zero).
        let n = u64::try_from(n).ok().ok_or_else(|| {
            errors::to_pyerr(
                py,
                &Error::argument("max_response_bytes", "must be a positive number of bytes"),
            )
        })?;
        b = b.max_response_bytes(usize::try_from(n).unwrap_or(usize::MAX));
    }
    let inner = b.build().map_err(|e| errors::to_pyerr(py, &e))?;
    Ok(Settings {
        blocking: inner.clone().into(),
        inner,
        base_url,
        timeout: timeout.clone().unbind(),
    })
}

fn repr(slf: &Bound<'_, PyAny>, s: &Settings) -> PyResult<String> {
    Ok(format!(
        "<{} service_id={:?} base_url={:?}>",
        slf.get_type().qualname()?,
        s.inner.service_id(),
        s.base_url
    ))
}

/// The synchronous native client (base class of `govuk_notify.NotificationsAPIClient`).
/// Thread-safe: share one per process. The GIL is released while waiting on the network.
#[pyclass(module = "govuk_notify._native", subclass, frozen)]
pub(crate) struct Client {
    s: Settings,
}

impl Client {
    fn run<'py>(&self, py: Python<'py>, req: HttpRequest) -> PyResult<Bound<'py, PyAny>> {
        let started = Instant::now();
        let blocking = &self.s.blocking;
        let res = py.detach(|| blocking.execute_raw(&req));
        log::request(
            py,
            &log::Outcome {
                method: req.method.as_str(),
                path: log::Path::Request(&req),
                elapsed: started.elapsed(),
                result: res.as_ref().map(|r| r.status),
            },
        );
        match res {
            Ok(raw) if req.expects_pdf => aio::bytes_io(py, &raw.body),
            Ok(raw) => convert::response_to_py(py, &raw),
            Err(e) => Err(errors::to_pyerr(py, &e)),
        }
    }
}

/// The asynchronous native client (used by `govuk_notify.AsyncNotificationsAPIClient`).
#[pyclass(module = "govuk_notify._native", subclass, frozen)]
pub(crate) struct AsyncClient {
    s: Settings,
}

impl AsyncClient {
    fn run<'py>(&self, py: Python<'py>, req: HttpRequest) -> PyResult<Bound<'py, PyAny>> {
        aio::spawn(py, aio::execute(self.s.inner.clone(), req))
    }
}

/// The methods both clients share, in the official client's order. `Self::run` turns a request into
/// the method's return value: a dict (sync) or an asyncio future (async).
macro_rules! notify_methods {
    ($ty:ident, $iter:path) => {
        #[pymethods]
        impl $ty {
            #[new]
            #[pyo3(
                signature = (api_key, base_url=String::from(govuk_notify::DEFAULT_BASE_URL), timeout=TimeoutArg::Default, *, connect_timeout=None, retry_policy=None, proxy=None, user_agent_suffix=None, max_response_bytes=None, ca_bundle_pem=None),
                text_signature = "(api_key, base_url='https://api.notifications.service.gov.uk', timeout=30, *, connect_timeout=None, retry_policy=None, proxy=None, user_agent_suffix=None, max_response_bytes=None, ca_bundle_pem=None)"
            )]
            #[allow(clippy::too_many_arguments)]
            fn new(
                py: Python<'_>,
                api_key: &str,
                base_url: String,
                timeout: TimeoutArg,
                connect_timeout: Option<f64>,
                retry_policy: Option<PyRef<'_, PyRetryPolicy>>,
                proxy: Option<String>,
                user_agent_suffix: Option<String>,
                max_response_bytes: Option<i64>,
                ca_bundle_pem: Option<Bound<'_, PyAny>>,
            ) -> PyResult<Self> {
                let timeout = match timeout {
                    TimeoutArg::Given(t) => t.into_bound(py),
                    TimeoutArg::Default => 30_i64.into_pyobject(py)?.into_any(),
                };
                Ok(Self {
                    s: settings(
                        py,
                        api_key,
                        base_url,
                        &timeout,
                        connect_timeout,
                        retry_policy.as_deref(),
                        proxy,
                        user_agent_suffix,
                        max_response_bytes,
                        ca_bundle_pem.as_ref(),
                    )?,
                })
            }

            /// The service id (from the API key).
            #[getter]
            fn service_id(&self) -> &str {
                self.s.inner.service_id()
            }

            /// The base URL as given.
            #[getter]
            fn base_url(&self) -> &str {
                &self.s.base_url
            }

            /// The timeout as given.
            #[getter]
            fn timeout(&self, py: Python<'_>) -> Py<PyAny> {
                self.s.timeout.clone_ref(py)
            }

            /// The retry policy in force.
            #[getter]
            fn retry_policy(&self) -> PyRetryPolicy {
                PyRetryPolicy::from_core(self.s.inner.retry_policy())
            }

            /// The User-Agent sent with every request.
            #[getter]
            fn user_agent(&self) -> &str {
                self.s.inner.user_agent()
            }

            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                repr(slf.as_any(), &slf.get().s)
            }

            #[pyo3(signature = (phone_number, template_id, personalisation=None, reference=None, sms_sender_id=None))]
            fn send_sms_notification<'py>(
                &self,
                py: Python<'py>,
                phone_number: Option<String>,
                template_id: Option<String>,
                personalisation: Option<&Bound<'py, PyAny>>,
                reference: Option<String>,
                sms_sender_id: Option<String>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let req = ops::send_sms(py, phone_number, template_id, personalisation, reference, sms_sender_id)?;
                self.run(py, req)
            }

            #[pyo3(signature = (email_address, template_id, personalisation=None, reference=None, email_reply_to_id=None, one_click_unsubscribe_url=None, sanitise_content_for=None))]
            #[allow(clippy::too_many_arguments)]
            fn send_email_notification<'py>(
                &self,
                py: Python<'py>,
                email_address: Option<String>,
                template_id: Option<String>,
                personalisation: Option<&Bound<'py, PyAny>>,
                reference: Option<String>,
                email_reply_to_id: Option<String>,
                one_click_unsubscribe_url: Option<String>,
                sanitise_content_for: Option<&Bound<'py, PyAny>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let req = ops::send_email(
                    py,
                    email_address,
                    template_id,
                    personalisation,
                    reference,
                    email_reply_to_id,
                    one_click_unsubscribe_url,
                    sanitise_content_for,
                )?;
                self.run(py, req)
            }

            #[pyo3(signature = (template_id, personalisation, reference=None))]
            fn send_letter_notification<'py>(
                &self,
                py: Python<'py>,
                template_id: Option<String>,
                personalisation: Option<&Bound<'py, PyAny>>,
                reference: Option<String>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let req = ops::send_letter(py, template_id, personalisation, reference)?;
                self.run(py, req)
            }

            #[pyo3(signature = (reference, pdf_file, postage=None))]
            fn send_precompiled_letter_notification<'py>(
                &self,
                py: Python<'py>,
                reference: Option<String>,
                pdf_file: &Bound<'py, PyAny>,
                postage: Option<String>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let req = ops::send_precompiled_letter(py, reference, pdf_file, postage)?;
                self.run(py, req)
            }

            #[pyo3(signature = (older_than=None))]
            fn get_received_texts<'py>(
                &self,
                py: Python<'py>,
                older_than: Option<&Bound<'py, PyAny>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let req = ops::list_received_texts(py, convert::opt_path_arg(older_than)?)?;
                self.run(py, req)
            }

            #[pyo3(signature = (older_than=None))]
            fn get_received_texts_iterator(
                &self,
                older_than: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<$iter> {
                let older_than = convert::opt_path_arg(older_than)?;
                Ok(<$iter>::new(self.s.inner.received_texts(older_than)))
            }

            #[pyo3(signature = (id))]
            fn get_notification_by_id<'py>(
                &self,
                py: Python<'py>,
                id: &Bound<'py, PyAny>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let req = ops::get_notification(py, id)?;
                self.run(py, req)
            }

            #[pyo3(signature = (id))]
            fn get_pdf_for_letter<'py>(
                &self,
                py: Python<'py>,
                id: &Bound<'py, PyAny>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let req = ops::get_pdf(py, id)?;
                self.run(py, req)
            }

            #[pyo3(signature = (status=None, template_type=None, reference=None, older_than=None, include_jobs=None))]
            fn get_all_notifications<'py>(
                &self,
                py: Python<'py>,
                status: Option<&Bound<'py, PyAny>>,
                template_type: Option<&Bound<'py, PyAny>>,
                reference: Option<&Bound<'py, PyAny>>,
                older_than: Option<&Bound<'py, PyAny>>,
                include_jobs: Option<&Bound<'py, PyAny>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let filter = ops::list_filter(status, template_type, reference, older_than, include_jobs)?;
                let req = ops::list_notifications(py, &filter)?;
                self.run(py, req)
            }

            #[pyo3(signature = (status=None, template_type=None, reference=None, older_than=None))]
            fn get_all_notifications_iterator(
                &self,
                status: Option<&Bound<'_, PyAny>>,
                template_type: Option<&Bound<'_, PyAny>>,
                reference: Option<&Bound<'_, PyAny>>,
                older_than: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<$iter> {
                let filter = ops::list_filter(status, template_type, reference, older_than, None)?;
                Ok(<$iter>::new(self.s.inner.notifications(filter)))
            }

            #[pyo3(signature = (template_id, personalisation))]
            fn post_template_preview<'py>(
                &self,
                py: Python<'py>,
                template_id: &Bound<'py, PyAny>,
                personalisation: Option<&Bound<'py, PyAny>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let req = ops::preview_template(py, template_id, personalisation)?;
                self.run(py, req)
            }

            #[pyo3(signature = (template_id))]
            fn get_template<'py>(
                &self,
                py: Python<'py>,
                template_id: &Bound<'py, PyAny>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let req = ops::get_template(py, template_id)?;
                self.run(py, req)
            }

            #[pyo3(signature = (template_id, version))]
            fn get_template_version<'py>(
                &self,
                py: Python<'py>,
                template_id: &Bound<'py, PyAny>,
                version: &Bound<'py, PyAny>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let req = ops::get_template_version(py, template_id, version)?;
                self.run(py, req)
            }

            #[pyo3(signature = (template_type=None))]
            fn get_all_templates<'py>(
                &self,
                py: Python<'py>,
                template_type: Option<&Bound<'py, PyAny>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let req = ops::list_templates(py, template_type)?;
                self.run(py, req)
            }
        }
    };
}

notify_methods!(Client, iter::PageIterator);
notify_methods!(AsyncClient, iter::AsyncPageIterator);

/// `prepare_upload(f, filename=None, confirm_email_before_download=None, retention_period=None)`:
/// the personalisation value that sends a file by email. `f` is a binary file object (or bytes).
///
/// Raises `ValueError("File is larger than 2MB")` (an `ArgumentError`) for files over 2 MiB.
#[pyfunction]
#[pyo3(signature = (f, filename=None, confirm_email_before_download=None, retention_period=None))]
pub(crate) fn prepare_upload<'py>(
    py: Python<'py>,
    f: &Bound<'py, PyAny>,
    filename: Option<String>,
    confirm_email_before_download: Option<bool>,
    retention_period: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let data = convert::read_bytes(f)?;
    let upload = govuk_notify::prepare_upload(
        &data,
        UploadOptions {
            filename,
            confirm_email_before_download,
            retention_period,
        },
    )
    .map_err(|e| errors::to_pyerr(py, &e))?;
    convert::to_py(py, &upload.to_value())
}
