//! The native clients. `Client` is the base class of `govuk_notify.NotificationsAPIClient`: its
//! methods are the official client's, with the same names, parameters and defaults, and are called
//! directly (no Python frame per call). `AsyncClient` has the same methods returning
//! `asyncio.Future`s; the facade's `AsyncNotificationsAPIClient` wraps them in coroutines.

use std::time::{Duration, Instant};

use govuk_notify::options::duration_option;
use govuk_notify::{
    ClientOptions, Dialect, Error, HttpRequest, OptionName, RetryOptions, RetryPolicy,
    UploadOptions,
};
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyInt, PyTuple};

use crate::{aio, convert, errors, iter, log, ops};

/// `timeout=None` means "no timeout" to `requests`; the core needs a bound, so it is a day.
const NO_TIMEOUT: Duration = Duration::from_secs(24 * 60 * 60);

/// When and how a client retries a failed request (the core's `RetryPolicy`, unchanged).
///
/// `RetryPolicy(*, max_retries=2, initial_backoff=0.25, max_backoff=5.0, backoff_multiplier=2.0,
/// jitter=True, retry_sends=False)`: every argument is keyword-only, and one left out (or `None`)
/// takes that default. Reads (GETs and template previews) are retried on transport errors,
/// timeouts, 5xx and 429 `RateLimitError`; waits grow from `initial_backoff` seconds by
/// `backoff_multiplier` up to `max_backoff` seconds, randomised with full jitter, and a server's
/// `Retry-After` is honoured (capped at `max_backoff`). A send is retried only when it certainly
/// did not reach Notify (for example the connection was refused, or Notify answered 429
/// `RateLimitError`) unless `retry_sends=True`. `RetryPolicy.none()` never retries, like the
/// official client. Pass one to a client as `retry_policy=`. Instances are immutable and compare
/// equal by value.
///
/// Raises `govuk_notify.errors.ArgumentError` (a `ValueError`, naming the argument) for a
/// negative or non-finite number of seconds, a `backoff_multiplier` below 1, or a `max_retries`
/// that is not a whole number from 0: the rules every language's client follows.
#[pyclass(module = "govuk_notify._native", name = "RetryPolicy", frozen, eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyRetryPolicy {
    /// Retries after the first attempt (an int; 0 disables retrying).
    #[pyo3(get)]
    max_retries: u32,
    /// Seconds to wait before the first retry (a float).
    #[pyo3(get)]
    initial_backoff: f64,
    /// Upper bound of any single wait, in seconds (a float; it also caps a server's Retry-After).
    #[pyo3(get)]
    max_backoff: f64,
    /// Multiplier applied to the wait after each retry (a float).
    #[pyo3(get)]
    backoff_multiplier: f64,
    /// Whether each wait is randomised in [0, backoff], so many clients do not retry in lockstep.
    #[pyo3(get)]
    jitter: bool,
    /// Whether sends are also retried after errors that may have reached Notify (a message may then
    /// be sent twice).
    #[pyo3(get)]
    retry_sends: bool,
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

    /// The core's retry options (seconds, Python's names): the core checks them.
    fn options(&self) -> RetryOptions {
        RetryOptions {
            max_retries: Some(f64::from(self.max_retries)),
            initial_backoff: Some(self.initial_backoff),
            max_backoff: Some(self.max_backoff),
            backoff_multiplier: Some(self.backoff_multiplier),
            jitter: Some(self.jitter),
            retry_sends: Some(self.retry_sends),
        }
    }
}

#[pymethods]
impl PyRetryPolicy {
    #[new]
    #[pyo3(
        signature = (*, max_retries=None, initial_backoff=None, max_backoff=None, backoff_multiplier=None, jitter=None, retry_sends=None),
        text_signature = "(*, max_retries=None, initial_backoff=None, max_backoff=None, backoff_multiplier=None, jitter=None, retry_sends=None)"
    )]
    fn new(
        py: Python<'_>,
        max_retries: Option<f64>,
        initial_backoff: Option<f64>,
        max_backoff: Option<f64>,
        backoff_multiplier: Option<f64>,
        jitter: Option<bool>,
        retry_sends: Option<bool>,
    ) -> PyResult<Self> {
        let options = RetryOptions {
            max_retries,
            initial_backoff,
            max_backoff,
            backoff_multiplier,
            jitter,
            retry_sends,
        };
        let policy = options
            .to_policy(Dialect::Python)
            .map_err(|e| errors::to_pyerr(py, &e))?;
        // The seconds as given (not read back from the policy's durations), unset ones the
        // defaults.
        let d = Self::from_core(&RetryPolicy::default());
        Ok(Self {
            max_retries: policy.max_retries,
            initial_backoff: initial_backoff.unwrap_or(d.initial_backoff),
            max_backoff: max_backoff.unwrap_or(d.max_backoff),
            backoff_multiplier: policy.backoff_multiplier,
            jitter: policy.jitter,
            retry_sends: policy.retry_sends,
        })
    }

    /// A policy that never retries: every failure is raised at once, as the official client does.
    ///
    /// Returns a `RetryPolicy` with `max_retries=0`.
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
            // The core's rule for a timeout (above 0, finite, in range).
            return duration_option(OptionName::Timeout, Dialect::Python, v, true).map(Some);
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
    max_response_bytes: Option<f64>,
    ca_bundle_pem: Option<&Bound<'_, PyAny>>,
    pace: Option<&Bound<'_, PyAny>>,
) -> PyResult<Settings> {
    let v = py.version_info();
    let binding = format!("python/{}.{}.{}", v.major, v.minor, v.patch);
    let (total, connect) = timeouts(timeout).map_err(|e| errors::to_pyerr(py, &e))?;
    let ca_bundles = match ca_bundle_pem {
        None => Vec::new(),
        // PEM text as `str` or `bytes` (what `open(path).read()` or `open(path, "rb").read()`
        // gives); the core parses and validates it.
        Some(pem) => vec![if let Ok(text) = pem.extract::<String>() {
            text.into_bytes()
        } else if let Ok(bytes) = pem.extract::<Vec<u8>>() {
            bytes
        } else {
            return Err(errors::to_pyerr(
                py,
                &Error::argument("ca_bundle_pem", "must be PEM text (str or bytes)"),
            ));
        }],
    };
    // Every rule about the values is the core's (`govuk_notify::options`), its errors naming
    // these keyword arguments.
    let options = ClientOptions {
        base_url: Some(base_url.clone()),
        timeout: Some(total.as_secs_f64()),
        connect_timeout: Some(connect_timeout.unwrap_or(connect.as_secs_f64())),
        proxy,
        use_env_proxy: None,
        ca_bundles,
        allow_insecure_http: None,
        user_agent_suffix,
        max_response_bytes,
        retry: retry_policy.map(PyRetryPolicy::options),
        binding: Some(binding),
        pace: crate::wait::pacing(py, pace)?,
    };
    let inner = options
        .build(api_key, Dialect::Python)
        .map_err(|e| errors::to_pyerr(py, &e))?;
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

/// A GOV.UK Notify client whose methods block until Notify answers (the native base class of
/// `govuk_notify.NotificationsAPIClient`, which is the name to use).
///
/// `Client(api_key, base_url="https://api.notifications.service.gov.uk", timeout=30, *,
/// connect_timeout=None, retry_policy=None, proxy=None, user_agent_suffix=None,
/// max_response_bytes=None, ca_bundle_pem=None, pace=None)`:
///
/// - `api_key`: the key from Notify's API integration page, `{key name}-{service id}-{secret}`;
///   the service id and the secret must be UUIDs.
/// - `base_url`: the Notify API's address; a path prefix is kept, and plain `http://` is refused
///   unless the host is loopback.
/// - `timeout`: seconds (int or float): one deadline for the whole call, retries included; a
///   `(connect, read)` tuple, or `None` for no limit (as in `requests`).
/// - `connect_timeout`: seconds to establish a connection (default: the connect part of a tuple
///   `timeout`, else 10 or the timeout if shorter).
/// - `retry_policy`: a `RetryPolicy`; `None` uses `RetryPolicy()`'s defaults. Pass
///   `RetryPolicy.none()` for the official client's no-retry behaviour.
/// - `proxy`: a proxy URL (`http`, `https`, `socks5` or `socks5h`); `None` honours
///   `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY`.
/// - `user_agent_suffix`: text appended to the User-Agent header.
/// - `max_response_bytes`: the largest response body accepted (default 32 MiB); a larger one
///   raises `InvalidResponse` instead of being buffered.
/// - `ca_bundle_pem`: PEM text (`str` or `bytes`) of CA certificates to trust in addition to the
///   system store, e.g. a TLS-inspecting proxy's CA (prefer it to `SSL_CERT_FILE`, which
///   replaces the system store).
/// - `pace`: keep sends under Notify's rate limit by queueing them (off by default). `True` paces
///   at Notify's 3,000 a minute; an int is sends a minute; a `(limit, window_seconds)` tuple sets
///   both. Sends are spaced evenly and queued first come, first served across every thread and
///   task using the client; only sends are paced (only they count toward the limit). Queueing
///   time is not part of `timeout`. A 429 `RateLimitError` that still arrives (other clients or
///   processes using the same key) is handled as without pacing.
///
/// Raises `govuk_notify.errors.ArgumentError` (a `ValueError`, which never shows the secret) for
/// a malformed key, base URL, timeout or proxy; its `field` names the argument. The option rules
/// are the same in every language (a timeout must be above 0, `max_response_bytes` a whole number
/// of at least 1, ...). Thread-safe: share one client per process. The
/// GIL is released while waiting on the network.
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

/// The asyncio counterpart of `Client` (used by `govuk_notify.AsyncNotificationsAPIClient`, which
/// is the name to use): the same constructor arguments and methods, but each method returns an
/// `asyncio.Future` that resolves to what `Client`'s returns, and the two `*_iterator` methods
/// return async iterators. Requests run on the library's I/O threads, never blocking the loop.
#[pyclass(module = "govuk_notify._native", subclass, frozen)]
pub(crate) struct AsyncClient {
    s: Settings,
}

impl AsyncClient {
    fn run<'py>(&self, py: Python<'py>, req: HttpRequest) -> PyResult<Bound<'py, PyAny>> {
        aio::spawn(py, aio::execute(self.s.inner.clone(), req))
    }

    fn wait<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
        options: govuk_notify::WaitOptions,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::wait::wait_async(py, &self.s.inner, id, options)
    }
}

impl Client {
    fn wait<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
        options: govuk_notify::WaitOptions,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::wait::wait_blocking(py, &self.s.inner, id, options)
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
                signature = (api_key, base_url=String::from(govuk_notify::DEFAULT_BASE_URL), timeout=TimeoutArg::Default, *, connect_timeout=None, retry_policy=None, proxy=None, user_agent_suffix=None, max_response_bytes=None, ca_bundle_pem=None, pace=None),
                text_signature = "(api_key, base_url='https://api.notifications.service.gov.uk', timeout=30, *, connect_timeout=None, retry_policy=None, proxy=None, user_agent_suffix=None, max_response_bytes=None, ca_bundle_pem=None, pace=None)"
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
                max_response_bytes: Option<f64>,
                ca_bundle_pem: Option<Bound<'_, PyAny>>,
                pace: Option<Bound<'_, PyAny>>,
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
                        pace.as_ref(),
                    )?,
                })
            }

            /// The service id (a UUID string), read from the API key.
            #[getter]
            fn service_id(&self) -> &str {
                self.s.inner.service_id()
            }

            /// The base URL as given to the constructor (a string).
            #[getter]
            fn base_url(&self) -> &str {
                &self.s.base_url
            }

            /// The `timeout` as given to the constructor: seconds, a `(connect, read)` tuple or
            /// `None`.
            #[getter]
            fn timeout(&self, py: Python<'_>) -> Py<PyAny> {
                self.s.timeout.clone_ref(py)
            }

            /// The `RetryPolicy` this client follows (the defaults unless one was given).
            #[getter]
            fn retry_policy(&self) -> PyRetryPolicy {
                PyRetryPolicy::from_core(self.s.inner.retry_policy())
            }

            /// The User-Agent header sent with every request, e.g. `govuk-notify/0.1.0
            /// (python/3.11.7)`.
            #[getter]
            fn user_agent(&self) -> &str {
                self.s.inner.user_agent()
            }

            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                repr(slf.as_any(), &slf.get().s)
            }

            /// Sends a text message using a template: `POST /v2/notifications/sms`.
            ///
            /// Args:
            ///     phone_number: the recipient's phone number (a UK mobile, or international if
            ///         the service may send to international numbers).
            ///     template_id: the id (a UUID) of a text message template of the service.
            ///     personalisation: a dict of the template's placeholders, e.g.
            ///         `{"name": "Amala"}`; `None` or `{}` sends none.
            ///     reference: your own reference for the message (at most 1000 characters);
            ///         `None` or `""` sends none.
            ///     sms_sender_id: the UUID of one of the service's text message senders; `None`
            ///         uses the default sender.
            ///
            /// Returns:
            ///     The response as a dict: `id` (the notification id), `reference`, `content`
            ///     (`{"body", "from_number"}`), `uri`, `template` (`{"id", "version", "uri"}`) and
            ///     `scheduled_for` (always `None`).
            ///
            /// Raises:
            ///     ArgumentError: a missing phone number, a template or sender id that is not a
            ///         UUID, a reference over 1000 characters (checked before anything is sent; a
            ///         `ValueError`).
            ///     HTTPError: when Notify answers with an error, as the subclass for the case in
            ///         `govuk_notify.errors` (e.g. `ValidationError` for a bad number or missing
            ///         personalisation, `AuthError`, `RateLimitError`, `DailyLimitError`);
            ///         `TransportError` / `RequestTimeoutError` (`HTTP503Error`s) when no response
            ///         arrived.
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

            /// Sends an email using a template: `POST /v2/notifications/email`.
            ///
            /// Args:
            ///     email_address: the recipient's email address.
            ///     template_id: the id (a UUID) of an email template of the service.
            ///     personalisation: a dict of the template's placeholders; a value made by
            ///         `prepare_upload()` sends a file. `None` or `{}` sends none.
            ///     reference: your own reference for the email (at most 1000 characters);
            ///         `None` or `""` sends none.
            ///     email_reply_to_id: the UUID of one of the service's reply-to addresses; `None`
            ///         uses the default.
            ///     one_click_unsubscribe_url: an `https://` URL for the email's one-click
            ///         unsubscribe header; `None` sends none.
            ///     sanitise_content_for: names of personalisation fields whose values Notify
            ///         should make safe (links removed, Markdown escaped); `None` or empty sends
            ///         none.
            ///
            /// Returns:
            ///     The response as a dict: `id`, `reference`, `content` (`{"from_email", "body",
            ///     "subject", "one_click_unsubscribe_url"}`), `uri`, `template` (`{"id",
            ///     "version", "uri"}`), `scheduled_for` (always `None`) and `sanitised_content`
            ///     (`{}`, or `{field: {"unsanitised", "sanitised"}}` for each value changed).
            ///
            /// Raises:
            ///     ArgumentError: a missing address, a template or reply-to id that is not a UUID,
            ///         a reference over 1000 characters, an unsubscribe URL that is not https
            ///         (checked before anything is sent; a `ValueError`).
            ///     HTTPError: when Notify answers with an error, as the subclass for the case in
            ///         `govuk_notify.errors` (e.g. `ValidationError` for a bad address or missing
            ///         personalisation, `AuthError`, `RateLimitError`, `DailyLimitError`);
            ///         `TransportError` / `RequestTimeoutError` (`HTTP503Error`s) when no response
            ///         arrived.
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

            /// Sends a letter using a letter template: `POST /v2/notifications/letter`.
            ///
            /// Args:
            ///     template_id: the id (a UUID) of a letter template of the service.
            ///     personalisation: a dict with the address (`address_line_1` to
            ///         `address_line_7`, at least 3 lines, the last a UK postcode or a country;
            ///         `postcode` may stand for the last line) and the template's placeholders.
            ///     reference: your own reference for the letter (at most 1000 characters);
            ///         `None` or `""` sends none.
            ///
            /// Returns:
            ///     The response as a dict: `id`, `reference`, `content` (`{"body", "subject"}`),
            ///     `uri`, `template` (`{"id", "version", "uri"}`) and `scheduled_for` (always
            ///     `None`).
            ///
            /// Raises:
            ///     ArgumentError: a template id that is not a UUID, no `address_line_1` in the
            ///         personalisation, a reference over 1000 characters (checked before anything
            ///         is sent; a `ValueError`).
            ///     HTTPError: when Notify answers with an error, as the subclass for the case in
            ///         `govuk_notify.errors` (e.g. `ValidationError` for a bad address, `AuthError`
            ///         (403) for a team key or a service in trial mode); `TransportError` /
            ///         `RequestTimeoutError` (`HTTP503Error`s) when no response arrived.
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

            /// Sends a letter you made yourself, as a PDF: `POST /v2/notifications/letter` with
            /// the file base64-encoded in `content`.
            ///
            /// Args:
            ///     reference: your own reference for the letter (required).
            ///     pdf_file: the PDF, as a binary file object (anything with `.read()`) or bytes.
            ///     postage: `"first"`, `"second"` or `"economy"`; `None` uses second class.
            ///
            /// Returns:
            ///     The response as a dict: `id`, `reference` and `postage`.
            ///
            /// Raises:
            ///     ArgumentError: a missing reference, an empty file, a postage other than
            ///         first/second/economy (checked before anything is sent; a `ValueError`).
            ///     HTTPError: when Notify answers with an error, as the subclass for the case in
            ///         `govuk_notify.errors` (e.g. `ValidationError`, `AuthError` (403) for a team
            ///         key or a service in trial mode); `TransportError` / `RequestTimeoutError`
            ///         (`HTTP503Error`s) when no response arrived.
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

            /// Gets one page (up to 250, newest first) of the text messages your service received:
            /// `GET /v2/received-text-messages`.
            ///
            /// Args:
            ///     older_than: a received text's id (a UUID); only older messages are returned.
            ///         `None` starts from the newest.
            ///
            /// Returns:
            ///     A dict: `received_text_messages` (a list of `{"id", "user_number",
            ///     "notify_number", "created_at", "service_id", "content"}`) and `links`
            ///     (`{"current", "next"}`; `next` is absent on an empty page).
            ///
            /// Raises:
            ///     ArgumentError: `older_than` that is not a UUID (checked before anything is sent;
            ///         a `ValueError`).
            ///     HTTPError: when Notify answers with an error, as the subclass for the case in
            ///         `govuk_notify.errors` (e.g. `AuthError`); `TransportError` /
            ///         `RequestTimeoutError` (`HTTP503Error`s) when no response arrived.
            #[pyo3(signature = (older_than=None))]
            fn get_received_texts<'py>(
                &self,
                py: Python<'py>,
                older_than: Option<&Bound<'py, PyAny>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let req = ops::list_received_texts(py, convert::opt_path_arg(older_than)?)?;
                self.run(py, req)
            }

            /// Iterates over every text message your service received, newest first, fetching
            /// the pages of `get_received_texts()` as needed (following `links.next` like the
            /// official client, until a page comes back empty).
            ///
            /// Args:
            ///     older_than: a received text's id (a UUID) to start after; `None` starts from
            ///         the newest.
            ///
            /// Returns:
            ///     An iterator of dicts, each one received text (see `get_received_texts()`);
            ///     an async iterator on the asyncio client. Each page is fetched when the
            ///     iteration reaches it.
            ///
            /// Raises:
            ///     ArgumentError: `older_than` that is not a UUID (when iteration starts).
            ///     HTTPError: from the page request that failed, while iterating (see
            ///         `govuk_notify.errors`).
            #[pyo3(signature = (older_than=None))]
            fn get_received_texts_iterator(
                &self,
                older_than: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<$iter> {
                let older_than = convert::opt_path_arg(older_than)?;
                Ok(<$iter>::new(&self.s.blocking, self.s.inner.received_texts(older_than)))
            }

            /// Gets one notification (text message, email or letter) and its status:
            /// `GET /v2/notifications/{id}`.
            ///
            /// Args:
            ///     id: the notification's id (a UUID), as returned by a send.
            ///
            /// Returns:
            ///     The notification as a dict: `id`, `reference`, `type` (`"sms"`, `"email"` or
            ///     `"letter"`), `status` (e.g. `"created"`, `"sending"`, `"delivered"`,
            ///     `"permanent-failure"`; letters `"accepted"`, `"received"`), `email_address` /
            ///     `phone_number`, `line_1`..`line_6` and `postcode` (letters), `template`
            ///     (`{"id", "version", "uri"}`), `body`, `subject`, `created_at`, `sent_at`,
            ///     `completed_at`, `estimated_delivery` (letters), the cost fields
            ///     (`is_cost_data_ready`, `cost_in_pounds`, `cost_details`) and more.
            ///
            /// Raises:
            ///     ArgumentError: an id that is not a UUID (checked before anything is sent; a
            ///         `ValueError`).
            ///     HTTPError: when Notify answers with an error, as the subclass for the case in
            ///         `govuk_notify.errors` (`NotFoundError` for an unknown id); `TransportError`
            ///         / `RequestTimeoutError` (`HTTP503Error`s) when no response arrived.
            #[pyo3(signature = (id))]
            fn get_notification_by_id<'py>(
                &self,
                py: Python<'py>,
                id: &Bound<'py, PyAny>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let req = ops::get_notification(py, id)?;
                self.run(py, req)
            }

            /// Gets the PDF of a letter notification: `GET /v2/notifications/{id}/pdf`.
            ///
            /// Args:
            ///     id: the letter notification's id (a UUID).
            ///
            /// Returns:
            ///     An `io.BytesIO` holding the PDF's bytes.
            ///
            /// Raises:
            ///     ArgumentError: an id that is not a UUID (checked before anything is sent; a
            ///         `ValueError`).
            ///     HTTPError: when Notify answers with an error, as the subclass for the case in
            ///         `govuk_notify.errors` (`ValidationError` for `PDFNotReadyError` (try again
            ///         later) or a notification that is not a letter, `NotFoundError`);
            ///         `TransportError` / `RequestTimeoutError` (`HTTP503Error`s) when no response
            ///         arrived.
            #[pyo3(signature = (id))]
            fn get_pdf_for_letter<'py>(
                &self,
                py: Python<'py>,
                id: &Bound<'py, PyAny>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let req = ops::get_pdf(py, id)?;
                self.run(py, req)
            }

            /// Gets one page (up to 250, newest first) of the notifications sent with the same
            /// type of key (test, team or live): `GET /v2/notifications`.
            ///
            /// Args:
            ///     status: a status, or a list of statuses, to keep (e.g. `"delivered"`;
            ///         `"failed"` means every failure status); `None` keeps all.
            ///     template_type: `"sms"`, `"email"` or `"letter"`; `None` keeps all.
            ///     reference: keep only notifications with this reference.
            ///     older_than: a notification id (a UUID); only older notifications are returned.
            ///     include_jobs: when true, also notifications sent from spreadsheet uploads.
            ///
            /// Returns:
            ///     A dict: `notifications` (a list of notification dicts, as
            ///     `get_notification_by_id()` returns) and `links` (`{"current", "next"}`;
            ///     `next` is absent on an empty page).
            ///
            /// Raises:
            ///     ArgumentError: an unknown status or template type, `older_than` that is not a
            ///         UUID (checked before anything is sent; a `ValueError`).
            ///     HTTPError: when Notify answers with an error, as the subclass for the case in
            ///         `govuk_notify.errors` (e.g. `AuthError`); `TransportError` /
            ///         `RequestTimeoutError` (`HTTP503Error`s) when no response arrived.
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

            /// Iterates over every notification that matches the filters, newest first, fetching
            /// the pages of `get_all_notifications()` as needed (following `links.next` like the
            /// official client, until a page comes back empty).
            ///
            /// Args:
            ///     status: a status, or a list of statuses, to keep; `None` keeps all.
            ///     template_type: `"sms"`, `"email"` or `"letter"`; `None` keeps all.
            ///     reference: keep only notifications with this reference.
            ///     older_than: a notification id (a UUID) to start after; `None` starts from the
            ///         newest.
            ///
            /// Returns:
            ///     An iterator of notification dicts (see `get_notification_by_id()`); an async
            ///     iterator on the asyncio client. Each page is fetched when the iteration
            ///     reaches it.
            ///
            /// Raises:
            ///     ArgumentError: an unknown status or template type, `older_than` that is not a
            ///         UUID (when iteration starts).
            ///     HTTPError: from the page request that failed, while iterating (see
            ///         `govuk_notify.errors`).
            #[pyo3(signature = (status=None, template_type=None, reference=None, older_than=None))]
            fn get_all_notifications_iterator(
                &self,
                status: Option<&Bound<'_, PyAny>>,
                template_type: Option<&Bound<'_, PyAny>>,
                reference: Option<&Bound<'_, PyAny>>,
                older_than: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<$iter> {
                let filter = ops::list_filter(status, template_type, reference, older_than, None)?;
                Ok(<$iter>::new(&self.s.blocking, self.s.inner.notifications(filter)))
            }

            /// Renders a template with personalisation, without sending anything:
            /// `POST /v2/template/{template_id}/preview`.
            ///
            /// Args:
            ///     template_id: the template's id (a UUID).
            ///     personalisation: a dict of the template's placeholders, or `None`.
            ///
            /// Returns:
            ///     A dict: `id`, `type`, `version`, `body`, `subject` (`None` for text messages),
            ///     `html` (emails only, else `None`) and `postage` (letters only, else `None`).
            ///
            /// Raises:
            ///     ArgumentError: a template id that is not a UUID (checked before anything is
            ///         sent; a `ValueError`).
            ///     HTTPError: when Notify answers with an error, as the subclass for the case in
            ///         `govuk_notify.errors` (`ValidationError` for missing personalisation,
            ///         `NotFoundError` for an unknown template); `TransportError` /
            ///         `RequestTimeoutError` (`HTTP503Error`s) when no response arrived.
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

            /// Gets the latest version of a template: `GET /v2/template/{template_id}`.
            ///
            /// Args:
            ///     template_id: the template's id (a UUID).
            ///
            /// Returns:
            ///     The template as a dict: `id`, `name`, `type`, `version`, `body` (with its
            ///     `((placeholders))`), `subject`, `personalisation`
            ///     (`{placeholder: {"required": True}}`), `created_at`, `updated_at`,
            ///     `created_by`, `postage` and `letter_contact_block`.
            ///
            /// Raises:
            ///     ArgumentError: a template id that is not a UUID (checked before anything is
            ///         sent; a `ValueError`).
            ///     HTTPError: when Notify answers with an error, as the subclass for the case in
            ///         `govuk_notify.errors` (`NotFoundError` for an unknown template);
            ///         `TransportError` / `RequestTimeoutError` (`HTTP503Error`s) when no response
            ///         arrived.
            #[pyo3(signature = (template_id))]
            fn get_template<'py>(
                &self,
                py: Python<'py>,
                template_id: &Bound<'py, PyAny>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let req = ops::get_template(py, template_id)?;
                self.run(py, req)
            }

            /// Gets one version of a template:
            /// `GET /v2/template/{template_id}/version/{version}`.
            ///
            /// Args:
            ///     template_id: the template's id (a UUID).
            ///     version: the version number, from 1 (an int, or a string of digits).
            ///
            /// Returns:
            ///     The template as a dict, as `get_template()` returns it, for that version.
            ///
            /// Raises:
            ///     ArgumentError: a template id that is not a UUID, a version that is not a whole
            ///         number from 1 (checked before anything is sent; a `ValueError`).
            ///     HTTPError: when Notify answers with an error, as the subclass for the case in
            ///         `govuk_notify.errors` (`NotFoundError` for an unknown template or version);
            ///         `TransportError` / `RequestTimeoutError` (`HTTP503Error`s) when no response
            ///         arrived.
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

            /// Gets every template of the service (not paginated): `GET /v2/templates`.
            ///
            /// Args:
            ///     template_type: `"sms"`, `"email"` or `"letter"` to get only that type; `None`
            ///         gets all.
            ///
            /// Returns:
            ///     A dict: `templates`, a list of template dicts as `get_template()` returns them
            ///     (empty when there are none).
            ///
            /// Raises:
            ///     ArgumentError: a template type other than sms, email or letter (checked before
            ///         anything is sent; a `ValueError`).
            ///     HTTPError: when Notify answers with an error, as the subclass for the case in
            ///         `govuk_notify.errors` (e.g. `AuthError`); `TransportError` /
            ///         `RequestTimeoutError` (`HTTP503Error`s) when no response arrived.
            #[pyo3(signature = (template_type=None))]
            fn get_all_templates<'py>(
                &self,
                py: Python<'py>,
                template_type: Option<&Bound<'py, PyAny>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let req = ops::list_templates(py, template_type)?;
                self.run(py, req)
            }

            /// The official client's `get_all_template_versions`:
            /// `GET service/{service_id}/template/{template_id}/versions`.
            ///
            /// That route is part of Notify's admin API, not the public one: with a service's API
            /// key Notify answers 401, so this always raises `AuthError` (status_code 401, message
            /// `{"token": ["Unauthorized: not allowed to perform this action"]}`), exactly as the
            /// official client does. Kept so code that calls it behaves the same.
            ///
            /// Args:
            ///     template_id: the template's id (sent as given).
            ///
            /// Raises:
            ///     HTTPError: `AuthError` for Notify's 401; `TransportError` /
            ///         `RequestTimeoutError` (`HTTP503Error`s) when no response arrived.
            #[pyo3(signature = (template_id))]
            fn get_all_template_versions<'py>(
                &self,
                py: Python<'py>,
                template_id: &Bound<'py, PyAny>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let req = ops::get_all_template_versions(py, self.s.inner.service_id(), template_id)?;
                self.run(py, req)
            }

            // -- beyond the official client: pacing and waiting for a status --------------

            /// The pacing in force: `None`, or `(limit, window_seconds)` (see `pace=`).
            #[getter]
            fn pace(&self) -> Option<(u32, f64)> {
                crate::wait::pacing_to_py(self.s.inner.pacing())
            }

            /// Polls a notification until its status is one of `until` and returns it (the
            /// same dict as `get_notification_by_id`). Not in the official client.
            ///
            /// Polls at once, then after `poll_interval` seconds, each wait 1.5 times the last,
            /// up to `max_poll_interval`. A poll that fails with a transient error (5xx,
            /// network, timeout, 429) does not end the wait.
            ///
            /// Args:
            ///     notification_id: the notification's id (a UUID).
            ///     until: a status or a collection of statuses; `None` (the default) means any
            ///         final status: delivered, sent, received (letters), permanent-failure,
            ///         temporary-failure, technical-failure, failed, cancelled, returned-letter,
            ///         validation-failed, virus-scan-failed.
            ///     timeout: seconds to wait in all (default 300); no poll starts after it.
            ///     poll_interval: seconds before the second poll (default 1).
            ///     max_poll_interval: the longest wait between polls in seconds (default 30).
            ///
            /// Returns:
            ///     The notification (a dict) once its status is wanted. The async client returns
            ///     an awaitable; cancelling the task (e.g. `asyncio.wait_for`) stops the polling.
            ///
            /// Raises:
            ///     ArgumentError: a malformed id, an unknown status or a negative interval, before
            ///         any request.
            ///     RequestTimeoutError: the timeout passed first (the message names the statuses
            ///         wanted and the last one seen).
            ///     HTTPError: a poll failed with an error that is not transient
            ///         (`NotFoundError` for an unknown id, `AuthError`...). The sync client's wait
            ///         ends with `KeyboardInterrupt` on Ctrl-C.
            #[pyo3(signature = (notification_id, *, until=None, timeout=300.0, poll_interval=1.0, max_poll_interval=30.0))]
            fn wait_for_status<'py>(
                &self,
                py: Python<'py>,
                notification_id: &Bound<'py, PyAny>,
                until: Option<&Bound<'py, PyAny>>,
                timeout: f64,
                poll_interval: f64,
                max_poll_interval: f64,
            ) -> PyResult<Bound<'py, PyAny>> {
                let options = crate::wait::options(py, until, timeout, poll_interval, max_poll_interval)?;
                self.wait(py, notification_id, options)
            }
        }
    };
}

notify_methods!(Client, iter::PageIterator);
notify_methods!(AsyncClient, iter::AsyncPageIterator);

/// Makes the personalisation value that sends a file by email, as the official client's
/// `prepare_upload` does: put the result in `personalisation` for the template's placeholder,
/// e.g. `{"link_to_file": prepare_upload(f)}`.
///
/// Args:
///     f: the file, as a binary file object (anything with `.read()`) or bytes; at most 2 MiB
///         (exactly 2 MiB is allowed).
///     filename: the name (with an extension, e.g. `"report.pdf"`) the recipient downloads;
///         `None` lets Notify choose one.
///     confirm_email_before_download: whether the recipient must enter their email address
///         before downloading; `None` means Notify's default (yes).
///     retention_period: how long the file is available, `"1 week"` to `"78 weeks"`; `None`
///         means Notify's default (26 weeks).
///
/// Returns:
///     A dict with exactly `file` (the base64 of the bytes), `filename`,
///     `confirm_email_before_download` and `retention_period` (`None` where not given).
///
/// Raises:
///     ArgumentError: `ValueError("File is larger than 2MB")` for a file over 2 MiB. The other
///         values are checked by Notify when the email is sent.
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
