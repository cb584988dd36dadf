//! Calls that do not block: `govuk_notify_call_async()` starts an operation on the core's
//! process-wide runtime and reports its outcome to a C function pointer.
//!
//! For bindings whose language has its own event loop or task system (.NET `Task`s): waiting
//! costs no thread per call. The request is checked on the calling thread exactly as the blocking
//! functions check it, so an argument error is returned at once and nothing is sent; only the
//! network part runs later. The operation itself is the core's, as in `operations.rs`; this
//! module only moves the outcome across threads. No protocol rule lives here.

use std::ffi::{c_char, c_uint, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Mutex;
use std::time::Duration;

use govuk_notify::blocking::ProcessLocal;
use govuk_notify::requests::{HttpRequest, Op};
use govuk_notify::runtime::runtime;
use govuk_notify::{Error, RawResponse};

use crate::client::govuk_notify_client;
use crate::error::{govuk_notify_result, FfiError};
use crate::ffi::str_arg;
use crate::handle::try_handle;
use crate::memory::into_c_string;
use crate::panic::result_boundary;

/// The operations `govuk_notify_call_async()` can start. Each takes the same request JSON as the
/// blocking function named in its comment. Numbers are stable and never reused.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum govuk_notify_operation {
    /// As `govuk_notify_send_sms()`.
    SendSms = 1,
    /// As `govuk_notify_send_email()`.
    SendEmail = 2,
    /// As `govuk_notify_send_letter()`.
    SendLetter = 3,
    /// As `govuk_notify_send_precompiled_letter()` (`content` base64-encoded).
    SendPrecompiledLetter = 4,
    /// As `govuk_notify_get_notification()`.
    GetNotification = 5,
    /// As `govuk_notify_list_notifications()` (the request JSON may be NULL).
    ListNotifications = 6,
    /// As `govuk_notify_get_pdf_for_letter()`: the callback receives bytes, not JSON.
    GetPdfForLetter = 7,
    /// As `govuk_notify_get_template()`.
    GetTemplate = 8,
    /// As `govuk_notify_get_template_version()`.
    GetTemplateVersion = 9,
    /// As `govuk_notify_list_templates()` (the request JSON may be NULL).
    ListTemplates = 10,
    /// As `govuk_notify_preview_template()`.
    PreviewTemplate = 11,
    /// As `govuk_notify_list_received_texts()` (the request JSON may be NULL).
    ListReceivedTexts = 12,
}

/// Receives the outcome of `govuk_notify_call_async()`, exactly once, on the library's callback
/// thread: never the thread that started the call, nor an I/O thread. One thread delivers every
/// callback, one at a time; it is started when needed and ends after 100 ms without work (so a
/// managed runtime that adopts it, such as .NET's, can exit).
///
/// * `user_data`: the pointer given to `govuk_notify_call_async()`, unchanged.
/// * `result`: `GOVUK_NOTIFY_RESULT_OK`, or the failure's code (2xxx, 3xxx or 9xxx; argument
///   errors are returned by `govuk_notify_call_async()` itself and never reach the callback).
/// * `json`: on success the response body exactly as Notify sent it (NULL for
///   `GOVUK_NOTIFY_OPERATION_GET_PDF_FOR_LETTER`); on failure the error report (the same JSON as
///   `out_error_json` of the blocking functions). NUL-terminated UTF-8.
/// * `data`, `len`: on success of `GOVUK_NOTIFY_OPERATION_GET_PDF_FOR_LETTER` the PDF bytes;
///   otherwise NULL and 0.
///
/// Ownership: `json` and `data` are borrowed: they are valid only until the callback returns,
/// and the library frees them afterwards. Copy what you need; never free them.
///
/// The callback must return promptly, because the next callback waits for it: hand the result
/// to your own thread or task system rather than making further blocking calls there. It must
/// not unwind (throw a C++ exception) into the library.
pub type govuk_notify_callback = Option<
    extern "C" fn(
        user_data: *mut c_void,
        result: govuk_notify_result,
        json: *const c_char,
        data: *const u8,
        len: usize,
    ),
>;

/// Starts an operation without blocking: the request runs on the library's process-wide I/O
/// runtime, and `callback` receives the outcome.
///
/// * `client`: required.
/// * `operation`: one of `govuk_notify_operation`, passed as a plain number (any number is
///   safe: an unknown one is `GOVUK_NOTIFY_RESULT_INVALID_VALUE` with `field` `"operation"`).
/// * `request_json`: the operation's request, as for its blocking function; NULL only where that
///   function accepts NULL.
/// * `callback`: required; see `govuk_notify_callback`.
/// * `user_data`: passed to `callback` unchanged; may be NULL. The library never dereferences it.
/// * `out_error_json`: NULL, or receives an error report when the call is refused.
///
/// Returns `GOVUK_NOTIFY_RESULT_OK` when the operation was started: `callback` is then called
/// exactly once, later, from the library's callback thread, even if the client is freed
/// meanwhile (the operation holds its own reference to the client's connection pool). Any other
/// result means the call was refused before anything was sent (a NULL or invalid handle,
/// callback or request, an unknown operation, a field the core refuses) and `callback` is never
/// called. The retry policy is the client's, as for the blocking functions: a send is never
/// repeated once it may have reached Notify.
///
/// Ownership: the library does not keep `request_json` after the call returns. Keep whatever
/// `user_data` points to alive until the callback has run.
#[no_mangle]
pub extern "C" fn govuk_notify_call_async(
    client: *const govuk_notify_client,
    operation: c_uint,
    request_json: *const c_char,
    callback: govuk_notify_callback,
    user_data: *mut c_void,
    out_error_json: *mut *mut c_char,
) -> govuk_notify_result {
    result_boundary(out_error_json, || {
        let Some(callback) = callback else {
            return Err(FfiError::null_parameter("callback"));
        };
        let client = try_handle!(client);
        let operation = operation_from(operation)?;
        let http = to_http(operation, request_json)?;
        let inner = client.as_async().clone();
        let target = Target {
            callback,
            user_data,
            pdf: http.expects_pdf,
        };
        runtime()?.spawn(async move {
            let outcome = inner.execute(&http).await;
            dispatch(Box::new(move || target.complete(outcome)));
        });
        Ok(())
    })
}

/// The core operation (`requests::Op`) each number starts. The enum above stays written out
/// because cbindgen reads it; this match has no wildcard arm, so a new variant without its
/// operation does not compile.
macro_rules! operation_table {
    ($( $variant:ident => $name:literal; )*) => {
        /// Every operation, for lookups by number.
        const ALL_OPERATIONS: &[govuk_notify_operation] = &[$(govuk_notify_operation::$variant),*];

        impl govuk_notify_operation {
            /// The core operation's name (`Op::NAMES`).
            fn core_name(self) -> &'static str {
                match self { $( Self::$variant => $name, )* }
            }
        }
    };
}

operation_table! {
    SendSms => "send_sms";
    SendEmail => "send_email";
    SendLetter => "send_letter";
    SendPrecompiledLetter => "send_precompiled_letter";
    GetNotification => "get_notification";
    ListNotifications => "list_notifications";
    GetPdfForLetter => "get_pdf_for_letter";
    GetTemplate => "get_template";
    GetTemplateVersion => "get_template_version";
    ListTemplates => "list_templates";
    PreviewTemplate => "preview_template";
    ListReceivedTexts => "list_received_texts";
}

fn operation_from(n: c_uint) -> Result<govuk_notify_operation, FfiError> {
    ALL_OPERATIONS
        .iter()
        .copied()
        .find(|op| *op as c_uint == n)
        .ok_or_else(|| {
            FfiError::argument(
                govuk_notify_result::InvalidValue,
                "operation",
                format!("{n} is not a govuk_notify_operation"),
            )
        })
}

/// Parses the request for `operation` into the core's operation (the JSON errors classified as
/// for the blocking functions) and lets the core check it and build the HTTP request. A NULL
/// request is accepted where every parameter is optional (the lists).
fn to_http(
    operation: govuk_notify_operation,
    request_json: *const c_char,
) -> Result<HttpRequest, FfiError> {
    let name = operation.core_name();
    // SAFETY: `request_json` is documented as NULL or a NUL-terminated string valid for the
    // duration of the call, and it is read only during the call.
    let text = unsafe { str_arg(request_json, "request_json") }?;
    let op = match text {
        None => {
            Op::without_parameters(name).ok_or_else(|| FfiError::null_parameter("request_json"))?
        }
        Some(text) => {
            let mut d = serde_json::Deserializer::from_str(text);
            Op::deserialize_named(name, &mut d)
                .and_then(|op| d.end().map(|()| op))
                .map_err(|e| FfiError::json("request_json", &e))?
                .ok_or_else(|| {
                    FfiError::from(Error::internal(format!("no core operation {name}")))
                })?
        }
    };
    Ok(op.to_http()?)
}

/// Runs `work` on the process-wide runtime and reports its JSON outcome to `callback` exactly
/// as `govuk_notify_call_async()` does (for async exports of other modules).
pub(crate) fn spawn_with_callback(
    work: impl std::future::Future<Output = Result<RawResponse, Error>> + Send + 'static,
    callback: extern "C" fn(*mut c_void, govuk_notify_result, *const c_char, *const u8, usize),
    user_data: *mut c_void,
) -> Result<(), FfiError> {
    let target = Target {
        callback,
        user_data,
        pdf: false,
    };
    runtime()?.spawn(async move {
        let outcome = work.await;
        dispatch(Box::new(move || target.complete(outcome)));
    });
    Ok(())
}

/// A completion waiting for the callback thread.
type Job = Box<dyn FnOnce() + Send>;

/// How long the callback thread waits for more work before it exits.
const CALLBACK_THREAD_IDLE: Duration = Duration::from_millis(100);

/// The callback thread's queue, of the process that started it (a forked child starts its own:
/// the parent's thread does not exist there).
static CALLBACK_QUEUE: Mutex<ProcessLocal<Option<mpsc::Sender<Job>>>> =
    Mutex::new(ProcessLocal::unowned(None));

/// Runs `job` on the library's callback thread, never on a runtime worker.
///
/// Callbacks get a thread of their own, started on demand and ended after
/// [`CALLBACK_THREAD_IDLE`] without work, because a managed runtime adopts the thread that
/// calls into it (Mono and .NET register it as one of theirs) and waits at exit for the threads
/// it adopted: the runtime's workers never end, this thread soon does. One thread for all
/// callbacks also means a callback never runs concurrently with another.
fn dispatch(job: Job) {
    let mut guard = CALLBACK_QUEUE.lock().unwrap_or_else(|p| p.into_inner());
    let queue = guard.get_or_reset(|| None);
    let job = match queue.as_ref() {
        Some(tx) => match tx.send(job) {
            Ok(()) => return,
            Err(mpsc::SendError(job)) => job,
        },
        None => job,
    };
    let (tx, rx) = mpsc::channel::<Job>();
    let started = std::thread::Builder::new()
        .name("govuk-notify-callbacks".into())
        .spawn(move || callback_thread(&rx));
    if started.is_ok() {
        // The receiver lives in the new thread, which waits longer than this takes.
        let _ = tx.send(job);
        *queue = Some(tx);
    } else {
        // No thread could be started: call back from here rather than never.
        *queue = None;
        drop(guard);
        job();
    }
}

fn callback_thread(rx: &mpsc::Receiver<Job>) {
    loop {
        match rx.recv_timeout(CALLBACK_THREAD_IDLE) {
            Ok(job) => job(),
            Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {
                // Senders hold the lock while sending, so under it "empty" is final: retire
                // this thread, and the next completion starts a new one.
                let mut guard = CALLBACK_QUEUE.lock().unwrap_or_else(|p| p.into_inner());
                match rx.try_recv() {
                    Ok(job) => {
                        drop(guard);
                        job();
                    }
                    Err(_) => {
                        *guard.get_or_reset(|| None) = None;
                        return;
                    }
                }
            }
        }
    }
}

/// Where an outcome goes. `user_data` is the caller's opaque pointer; the library only hands it
/// back, so moving it to the runtime thread is sound.
struct Target {
    callback: extern "C" fn(*mut c_void, govuk_notify_result, *const c_char, *const u8, usize),
    user_data: *mut c_void,
    pdf: bool,
}

// SAFETY: `user_data` is never dereferenced by the library; the caller's contract (keep it valid
// until the callback) is what makes using it on another thread their concern, as with any C
// callback API.
unsafe impl Send for Target {}

impl Target {
    /// Calls the callback once with the outcome, then frees what it lent. A panic while
    /// preparing the outcome becomes a `GOVUK_NOTIFY_RESULT_PANIC` report, so the callback is
    /// still called exactly once.
    fn complete(self, outcome: Result<RawResponse, Error>) {
        let pdf = self.pdf;
        let prepared = catch_unwind(AssertUnwindSafe(move || prepare(outcome, pdf)))
            .unwrap_or_else(|payload| Err(FfiError::panic(payload.as_ref())));
        match prepared {
            Ok(Payload::Json(text)) => (self.callback)(
                self.user_data,
                govuk_notify_result::Ok,
                text.as_ptr(),
                std::ptr::null(),
                0,
            ),
            Ok(Payload::Bytes(response)) => (self.callback)(
                self.user_data,
                govuk_notify_result::Ok,
                std::ptr::null(),
                if response.body.is_empty() {
                    std::ptr::null()
                } else {
                    response.body.as_ptr()
                },
                response.body.len(),
            ),
            Err(e) => {
                // A report always encodes (serde_json escapes control characters); an empty one
                // is still better than not calling back.
                let report = e.to_c_string().unwrap_or_default();
                (self.callback)(
                    self.user_data,
                    e.code(),
                    report.as_ptr(),
                    std::ptr::null(),
                    0,
                );
            }
        }
    }
}

enum Payload {
    Json(std::ffi::CString),
    Bytes(RawResponse),
}

fn prepare(outcome: Result<RawResponse, Error>, pdf: bool) -> Result<Payload, FfiError> {
    let response = outcome?;
    if pdf {
        return Ok(Payload::Bytes(response));
    }
    let text = into_c_string(&response.body[..]).ok_or_else(|| {
        FfiError::from(Error::internal(
            "the response body contains a NUL byte and cannot be returned as a C string",
        ))
    })?;
    // SAFETY: `into_c_string` returns a fresh allocation from `CString::into_raw`; taking it
    // back here makes the library free it once the callback has returned.
    Ok(Payload::Json(unsafe { std::ffi::CString::from_raw(text) }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    extern "C" fn never(
        _: *mut c_void,
        _: govuk_notify_result,
        _: *const c_char,
        _: *const u8,
        _: usize,
    ) {
        panic!("the callback must not run for a refused call");
    }

    fn error_of(err: *mut c_char) -> serde_json::Value {
        assert!(!err.is_null());
        // SAFETY: set by the library to a NUL-terminated string.
        let v = serde_json::from_slice(unsafe { CStr::from_ptr(err) }.to_bytes()).unwrap();
        crate::memory::govuk_notify_string_free(err);
        v
    }

    #[test]
    fn refused_calls_return_at_once_and_never_call_back() {
        let mut err = std::ptr::null_mut();
        let r = govuk_notify_call_async(
            std::ptr::null(),
            1,
            std::ptr::null(),
            Some(never),
            std::ptr::null_mut(),
            &mut err,
        );
        assert_eq!(r, govuk_notify_result::NullParameter);
        assert_eq!(error_of(err)["field"], "client");
        let made_up: *const govuk_notify_client = std::ptr::without_provenance(0x1000);
        let r = govuk_notify_call_async(
            made_up,
            1,
            std::ptr::null(),
            Some(never),
            std::ptr::null_mut(),
            &mut err,
        );
        assert_eq!(r, govuk_notify_result::InvalidHandle);
        assert_eq!(error_of(err)["field"], "client");
        let r = govuk_notify_call_async(
            std::ptr::null(),
            1,
            std::ptr::null(),
            None,
            std::ptr::null_mut(),
            &mut err,
        );
        assert_eq!(r, govuk_notify_result::NullParameter);
        assert_eq!(error_of(err)["field"], "callback");
    }

    #[test]
    fn operations_round_trip_and_unknown_numbers_are_refused() {
        for n in 1..=12 {
            assert_eq!(operation_from(n).unwrap() as c_uint, n);
        }
        for n in [0, 13, c_uint::MAX] {
            assert_eq!(
                operation_from(n).err().unwrap().code(),
                govuk_notify_result::InvalidValue
            );
        }
    }
}
