//! # govuk-notify
//!
//! A client for the [GOV.UK Notify](https://www.notifications.service.gov.uk) API v2: text
//! messages, emails, letters and files. This crate is the single implementation of API-key
//! parsing, JWT authentication, request building, error classification, retries and pagination;
//! the C ABI, the Python wheel and the Node addon are thin layers over it.
//!
//! ```no_run
//! # async fn run() -> Result<(), govuk_notify::Error> {
//! use govuk_notify::{Client, SendEmail, Personalisation};
//! let client = Client::new(&std::env::var("NOTIFY_API_KEY").unwrap_or_default())?;
//! let mut p = Personalisation::new();
//! p.insert("name".into(), "Amala".into());
//! let sent = client
//!     .send_email(&SendEmail::new("amala@example.com", "5e2d4c6b-7a8f-4b9c-a1d2-e3f4a5b6c7d8").personalisation(p))
//!     .await?;
//! let status = client.get_notification(&sent.id).await?.status;
//! # Ok(()) }
//! ```
//!
//! Modules: [`requests`] (what each operation sends and refuses), [`models`] (typed responses),
//! [`Error`]/[`ErrorKind`] (one taxonomy), [`options`] (client options and their rules),
//! [`RetryPolicy`], [`Pager`] (every page of a list), [`blocking`] (no async runtime needed),
//! [`callbacks`] (receiving Notify's callbacks), [`Pacing`] (staying under the rate limit),
//! [`wait`] (waiting for a status).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod blocking;
pub mod callbacks;
mod client;
mod error;
mod jwt;
mod key;
pub mod models;
pub mod options;
mod pacing;
mod pager;
pub mod requests;
mod retry;
mod typed;
mod upload;
pub mod wait;

/// The shared runtime, also at its old path (the bindings' async APIs spawn on it).
pub use blocking::runtime;
pub use client::{
    Client, ClientBuilder, RawResponse, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, MAX_JSON_DEPTH, MAX_URL_BYTES, VERSION,
};
pub use error::{ApiErrorItem, Error, ErrorKind};
pub use jwt::create_token;
pub use key::ApiKey;
pub use models::{
    EmailResponse, LetterResponse, Notification, NotificationList, PrecompiledLetterResponse,
    ReceivedText, ReceivedTextList, SmsResponse, Template, TemplateList, TemplatePreview,
};
pub use options::{ClientOptions, Dialect, OptionName, RetryOptions};
pub use pacing::{Pacing, NOTIFY_RATE_LIMIT, NOTIFY_RATE_WINDOW};
pub use pager::Pager;
pub use requests::{
    GetNotification, GetPdfForLetter, GetTemplate, GetTemplateVersion, HttpRequest,
    ListNotifications, ListReceivedTexts, ListTemplates, Method, Op, Operation, Personalisation,
    PreviewTemplate, ResponseKind, SendEmail, SendLetter, SendPrecompiledLetter, SendSms,
};
pub use retry::RetryPolicy;
pub use upload::{prepare_upload, FileUpload, UploadOptions, MAX_UPLOAD_BYTES};
pub use wait::{CancelToken, WaitOptions, FINAL_STATUSES};

/// The README's Rust examples, compiled as doctests so they cannot rot.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
