//! Helpers for the reliability tests: capture everything the process logs or prints on panic, and
//! search collected text for secrets.
//!
//! [`capture`] installs, once per process, a global `tracing` subscriber at TRACE level that also
//! receives `log` records (reqwest, hyper-util, rustls and friends log through `log`), writing to an
//! in-memory buffer, plus a panic hook that appends every panic message to the same buffer. Tests
//! then collect every other string a user could see ([`Exhibits`]) and check that none contains a
//! secret ([`Exhibits::leaks`]).

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tracing_subscriber::fmt::MakeWriter;

/// The process-wide log and panic capture.
#[derive(Clone, Debug, Default)]
pub struct Capture {
    buf: Arc<Mutex<Vec<u8>>>,
}

impl Capture {
    /// Everything captured so far, as text.
    pub fn text(&self) -> String {
        let buf = self.buf.lock().unwrap_or_else(PoisonError::into_inner);
        String::from_utf8_lossy(&buf).into_owned()
    }

    fn append(&self, bytes: &[u8]) {
        self.buf
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
    }
}

/// A writer handed to the `fmt` layer: appends to the shared buffer.
#[derive(Debug)]
pub struct CaptureWriter(Capture);

impl Write for CaptureWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.append(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = CaptureWriter;

    fn make_writer(&'a self) -> Self::Writer {
        CaptureWriter(self.clone())
    }
}

/// Installs the capture on first use and returns it.
///
/// The subscriber is global (not thread-local) because the core's blocking facade and the HTTP
/// client run on runtime threads the test does not own.
pub fn capture() -> &'static Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture::default();
        let installed = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_target(true)
            .with_thread_names(true)
            .with_writer(capture.clone())
            .try_init();
        if let Err(e) = installed {
            capture.append(format!("capture: subscriber not installed: {e}\n").as_bytes());
        }
        let previous = std::panic::take_hook();
        let for_hook = capture.clone();
        std::panic::set_hook(Box::new(move |info| {
            for_hook.append(format!("PANIC: {info}\n").as_bytes());
            // A panic the test forces on purpose is only captured: printing it (with a backtrace
            // under RUST_BACKTRACE) would bury a real failure in the step's output.
            if !EXPECTING_PANIC.load(Ordering::SeqCst) {
                previous(info);
            }
        }));
        capture
    })
}

static EXPECTING_PANIC: AtomicBool = AtomicBool::new(false);

/// Runs `f`, which the caller expects to panic, with the panic captured (see [`capture`]) but not
/// printed, and returns the panic payload.
pub fn catch_expected_panic(
    f: impl FnOnce(),
) -> Result<(), Box<dyn std::any::Any + Send + 'static>> {
    capture();
    EXPECTING_PANIC.store(true, Ordering::SeqCst);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    EXPECTING_PANIC.store(false, Ordering::SeqCst);
    result
}

/// Every string a user of the library could see, each with a label saying where it came from.
#[derive(Debug, Default)]
pub struct Exhibits {
    items: Vec<(String, String)>,
}

impl Exhibits {
    /// Adds one exhibit.
    pub fn add(&mut self, label: impl Into<String>, text: impl Into<String>) {
        self.items.push((label.into(), text.into()));
    }

    /// Writes every exhibit to `path`, one labelled block each (for reading what was searched).
    ///
    /// # Errors
    /// Any I/O error.
    pub fn dump(&self, path: &std::path::Path) -> std::io::Result<()> {
        let mut out = Vec::new();
        for (label, text) in &self.items {
            writeln!(out, "==== {label}\n{text}")?;
        }
        std::fs::write(path, out)
    }

    /// Adds every exhibit of `other`.
    pub fn extend(&mut self, other: Exhibits) {
        self.items.extend(other.items);
    }

    /// How many exhibits there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether any exhibit contains `needle`.
    pub fn any_contains(&self, needle: &str) -> bool {
        self.items.iter().any(|(_, t)| t.contains(needle))
    }

    /// Every (exhibit, secret) pair where the exhibit contains the secret, described for a failure
    /// message (the secret itself is shown only by its name, and the exhibit is cut around the
    /// hit).
    pub fn leaks(&self, secrets: &[(String, String)]) -> Vec<String> {
        let mut found = Vec::new();
        for (label, text) in &self.items {
            for (name, secret) in secrets {
                if secret.is_empty() {
                    continue;
                }
                if let Some(at) = text.find(secret.as_str()) {
                    let start = floor_char_boundary(text, at.saturating_sub(80));
                    let end = floor_char_boundary(text, (at + secret.len() + 40).min(text.len()));
                    found.push(format!("{name} in {label}: …{}…", &text[start..end]));
                }
            }
        }
        found
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
