//! JSON response bodies handed to JS as strings, which the facade `JSON.parse`s.
//!
//! A body is copied into a V8 string (`napi_create_string_utf8`) unless it is large and ASCII.
//! V8 allocates a string longer than its largest regular heap object (128 KiB) in its
//! large-object space, on pages mapped for that string alone, so the copy of a 216 KB
//! notifications page faulted in 54 fresh pages per response: 150-250 µs, mostly kernel time, on
//! top of the `JSON.parse` that follows; without the copy it is about 15 µs (benches/README.md,
//! "Page decoding"). Such a body is
//! instead handed to V8 without a copy as an external one-byte string (ASCII is Latin-1) that
//! keeps the response's bytes alive until V8 collects it; their size is added to V8's count of
//! external memory meanwhile, so that they hasten the next collection as a copy would.
//!
//! `node_api_create_external_string_latin1` is Node-API 10 (stable from Node 22.14; present but
//! experimental from Node 18.18 and 20.4), beyond the Node-API 9 this addon is built for, so it is
//! looked up in the running process once, and a Node without it gets the copy.

use std::ffi::c_void;
use std::sync::OnceLock;

use bytes::Bytes;
use napi::bindgen_prelude::{ToNapiValue, TypeName};
use napi::{check_status, sys, ValueType};

/// Bodies at least this long (and ASCII) become external strings: V8's large-object threshold.
/// A shorter string is allocated in V8's young generation, where the copy is cheap.
const EXTERNAL_MIN_LEN: usize = 128 * 1024;

/// A response body that is valid UTF-8, on its way to JS as a string.
pub struct BodyText {
    body: Bytes,
    /// All ASCII (so also Latin-1): one pass over the body answers both questions.
    ascii: bool,
}

impl BodyText {
    /// The body as text, or the body back when it is not UTF-8.
    ///
    /// # Errors
    /// The body itself, when it is not UTF-8.
    pub fn new(body: Bytes) -> Result<Self, Bytes> {
        // ASCII is UTF-8: the full check is only needed for a body that is not.
        let ascii = body.is_ascii();
        if ascii || std::str::from_utf8(&body).is_ok() {
            Ok(Self { body, ascii })
        } else {
            Err(body)
        }
    }

    /// The body's length in bytes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.body.len()
    }

    /// Whether the body is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.body.is_empty()
    }
}

/// The length only: a body may hold personal data.
impl std::fmt::Debug for BodyText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BodyText(<{} bytes>)", self.body.len())
    }
}

impl TypeName for BodyText {
    fn type_name() -> &'static str {
        "String"
    }

    fn value_type() -> ValueType {
        ValueType::String
    }
}

impl ToNapiValue for BodyText {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        if val.ascii && val.body.len() >= EXTERNAL_MIN_LEN {
            if let Some(create) = create_external_latin1() {
                // SAFETY: `env` is the caller's valid env (this trait's contract); the bytes are
                // ASCII, so valid Latin-1.
                return unsafe { external(env, create, val.body) };
            }
        }
        let len = isize::try_from(val.body.len())
            .map_err(|_| napi::Error::from_reason("response body too long for a string"))?;
        let mut out = std::ptr::null_mut();
        // SAFETY: `env` is valid (this trait's contract); the pointer and length describe `val`'s
        // bytes, valid UTF-8 (checked in `new`), which V8 copies before this returns.
        check_status!(
            unsafe { sys::napi_create_string_utf8(env, val.body.as_ptr().cast(), len, &mut out) },
            "Failed to create a string for the response body"
        )?;
        Ok(out)
    }
}

type CreateExternalLatin1 = unsafe extern "C" fn(
    env: sys::napi_env,
    str_: *const std::ffi::c_char,
    length: isize,
    finalize_callback: sys::napi_finalize,
    finalize_hint: *mut c_void,
    result: *mut sys::napi_value,
    copied: *mut bool,
) -> sys::napi_status;

/// `node_api_create_external_string_latin1` of the running Node, if it has one.
fn create_external_latin1() -> Option<CreateExternalLatin1> {
    static FOUND: OnceLock<Option<CreateExternalLatin1>> = OnceLock::new();
    *FOUND.get_or_init(|| {
        #[cfg(unix)]
        {
            // SAFETY: dlsym with RTLD_DEFAULT searches the process's global symbols (Node's
            // executable exports its Node-API); the name is a NUL-terminated literal.
            let sym = unsafe {
                libc::dlsym(
                    libc::RTLD_DEFAULT,
                    c"node_api_create_external_string_latin1".as_ptr(),
                )
            };
            if sym.is_null() {
                None
            } else {
                // SAFETY: the symbol is Node's function of that name, whose C signature (Node's
                // js_native_api.h, the same in every Node that exports it) is the type above.
                Some(unsafe { std::mem::transmute::<*mut c_void, CreateExternalLatin1>(sym) })
            }
        }
        #[cfg(not(unix))]
        {
            None
        }
    })
}

/// Frees a body handed to V8 by [`external`]: called by Node when V8 collects the string (or at
/// once, if Node copied the bytes instead), and takes the body's size back out of V8's count of
/// external memory.
unsafe extern "C" fn release(env: sys::napi_env, _data: *mut c_void, hint: *mut c_void) {
    // SAFETY: `hint` is the `Box<Bytes>` leaked by `external` for this string, and Node calls
    // this finalizer exactly once per successfully created string.
    let body = unsafe { Box::from_raw(hint.cast::<Bytes>()) };
    // A null env: the environment is being torn down, and its count with it.
    if !env.is_null() {
        // SAFETY: a live env, as Node passes it to the finalizer. Adjusting the count is allowed
        // in a finalizer run during garbage collection (it takes Node-API's basic env).
        unsafe { adjust_external_memory(env, -byte_count(&body)) };
    }
}

fn byte_count(body: &Bytes) -> i64 {
    i64::try_from(body.len()).unwrap_or(i64::MAX)
}

/// Tells V8 about memory it keeps alive but did not allocate, so that it collects garbage as it
/// would for the same bytes on its heap. V8 does not count an external string's bytes towards
/// its collection triggers: a loop creating only such strings grew to 900 MB without one.
///
/// # Safety
/// `env` must be a valid env.
unsafe fn adjust_external_memory(env: sys::napi_env, change: i64) {
    let mut total = 0_i64;
    // SAFETY: per this function's contract. The result (V8's new total) is not needed, and a
    // failure only leaves V8's count as it was.
    let _ = unsafe { sys::napi_adjust_external_memory(env, change, &mut total) };
}

/// # Safety
/// `env` must be a valid env and `body` ASCII.
unsafe fn external(
    env: sys::napi_env,
    create: CreateExternalLatin1,
    body: Bytes,
) -> napi::Result<sys::napi_value> {
    let len = isize::try_from(body.len())
        .map_err(|_| napi::Error::from_reason("response body too long for a string"))?;
    let data = body.as_ptr();
    let size = byte_count(&body);
    // The bytes stay where they are while the box moves (Bytes points at shared storage).
    let hint = Box::into_raw(Box::new(body));
    // Counted before the string exists: `release` takes it back out, even when Node copies.
    // SAFETY: `env` is valid (this function's contract).
    unsafe { adjust_external_memory(env, size) };
    let mut out = std::ptr::null_mut();
    let mut copied = false;
    // SAFETY: `data`/`len` are the boxed body's bytes, alive until `release` frees the box; on
    // success Node owns the box (it calls `release` once: on collection, or at once if it copied).
    let status = unsafe {
        create(
            env,
            data.cast(),
            len,
            Some(release),
            hint.cast(),
            &mut out,
            &mut copied,
        )
    };
    if status != sys::Status::napi_ok {
        // On failure Node never calls the finalizer: the box and the count are still ours.
        // SAFETY: `hint` came from Box::into_raw above and was not handed over; `env` is valid.
        unsafe {
            drop(Box::from_raw(hint));
            adjust_external_memory(env, -size);
        }
    }
    check_status!(status, "Failed to create a string for the response body")?;
    Ok(out)
}
