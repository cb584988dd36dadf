//! A blocking facade over [`crate::Client`], for the C ABI, synchronous Python and plain Rust
//! programs without an async runtime. Every call runs on the process-wide runtime
//! ([`crate::runtime`]), which survives `fork()`. Safe to share across threads.

use bytes::Bytes;

use crate::client::{self, RawResponse};
use crate::error::Error;
use crate::models;
use crate::requests::{self, HttpRequest, Operation};
use crate::runtime::block_on;

/// A blocking GOV.UK Notify client. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Client {
    inner: client::Client,
}

impl From<client::Client> for Client {
    fn from(inner: client::Client) -> Self {
        Self { inner }
    }
}

impl Client {
    /// A client for the production API with default settings.
    ///
    /// # Errors
    /// An argument error if the key does not parse.
    pub fn new(api_key: &str) -> Result<Self, Error> {
        Ok(client::Client::new(api_key)?.into())
    }

    /// The async client underneath.
    pub fn as_async(&self) -> &client::Client {
        &self.inner
    }

    /// See [`crate::Client::execute`].
    ///
    /// # Errors
    /// See [`crate::Client::execute`].
    pub fn execute(&self, req: &HttpRequest) -> Result<RawResponse, Error> {
        block_on(self.inner.execute(req))
    }

    /// See [`crate::Client::call`].
    ///
    /// # Errors
    /// See [`crate::Client::call`].
    pub fn call<O: Operation>(&self, op: &O) -> Result<O::Output, Error> {
        block_on(self.inner.call(op))
    }

    /// Sends a text message.
    ///
    /// # Errors
    /// See [`crate::Client::call`].
    pub fn send_sms(&self, req: &requests::SendSms) -> Result<models::SmsResponse, Error> {
        self.call(req)
    }

    /// Sends an email.
    ///
    /// # Errors
    /// See [`crate::Client::call`].
    pub fn send_email(&self, req: &requests::SendEmail) -> Result<models::EmailResponse, Error> {
        self.call(req)
    }

    /// Sends a letter.
    ///
    /// # Errors
    /// See [`crate::Client::call`].
    pub fn send_letter(&self, req: &requests::SendLetter) -> Result<models::LetterResponse, Error> {
        self.call(req)
    }

    /// Sends a precompiled letter.
    ///
    /// # Errors
    /// See [`crate::Client::call`].
    pub fn send_precompiled_letter(
        &self,
        req: &requests::SendPrecompiledLetter,
    ) -> Result<models::PrecompiledLetterResponse, Error> {
        self.call(req)
    }

    /// Gets one notification.
    ///
    /// # Errors
    /// See [`crate::Client::call`].
    pub fn get_notification(&self, notification_id: &str) -> Result<models::Notification, Error> {
        block_on(self.inner.get_notification(notification_id))
    }

    /// Gets a letter's PDF.
    ///
    /// # Errors
    /// See [`crate::Client::get_pdf_for_letter`].
    pub fn get_pdf_for_letter(&self, notification_id: &str) -> Result<Bytes, Error> {
        block_on(self.inner.get_pdf_for_letter(notification_id))
    }

    /// Gets one page of notifications.
    ///
    /// # Errors
    /// See [`crate::Client::call`].
    pub fn list_notifications(
        &self,
        req: &requests::ListNotifications,
    ) -> Result<models::NotificationList, Error> {
        self.call(req)
    }

    /// Gets the latest version of a template.
    ///
    /// # Errors
    /// See [`crate::Client::call`].
    pub fn get_template(&self, template_id: &str) -> Result<models::Template, Error> {
        block_on(self.inner.get_template(template_id))
    }

    /// Gets one version of a template.
    ///
    /// # Errors
    /// See [`crate::Client::call`].
    pub fn get_template_version(
        &self,
        template_id: &str,
        version: u32,
    ) -> Result<models::Template, Error> {
        block_on(self.inner.get_template_version(template_id, version))
    }

    /// Lists templates, optionally of one type.
    ///
    /// # Errors
    /// See [`crate::Client::call`].
    pub fn list_templates(
        &self,
        template_type: Option<&str>,
    ) -> Result<models::TemplateList, Error> {
        block_on(self.inner.list_templates(template_type))
    }

    /// Renders a template without sending it.
    ///
    /// # Errors
    /// See [`crate::Client::call`].
    pub fn preview_template(
        &self,
        req: &requests::PreviewTemplate,
    ) -> Result<models::TemplatePreview, Error> {
        self.call(req)
    }

    /// Gets one page of received text messages.
    ///
    /// # Errors
    /// See [`crate::Client::call`].
    pub fn list_received_texts(
        &self,
        older_than: Option<&str>,
    ) -> Result<models::ReceivedTextList, Error> {
        block_on(self.inner.list_received_texts(older_than))
    }

    /// Walks every page of notifications; see [`Pager`].
    pub fn notifications(&self, filter: requests::ListNotifications) -> Pager {
        Pager {
            inner: self.inner.notifications(filter),
            buffer: Vec::new().into_iter(),
            failed: false,
        }
    }

    /// Walks every page of received text messages; see [`Pager`].
    pub fn received_texts(&self, older_than: Option<String>) -> Pager {
        Pager {
            inner: self.inner.received_texts(older_than),
            buffer: Vec::new().into_iter(),
            failed: false,
        }
    }
}

/// Blocking page walker; also an [`Iterator`] over every item as JSON. The iterator ends after
/// yielding an error (like the async stream); [`Pager::next_page`] may be called again to resume.
#[derive(Debug)]
pub struct Pager {
    inner: crate::pager::Pager,
    buffer: std::vec::IntoIter<serde_json::Value>,
    failed: bool,
}

impl Pager {
    /// The next non-empty page as the server sent it, or `None` at the end.
    ///
    /// # Errors
    /// Any request error.
    pub fn next_page(&mut self) -> Result<Option<RawResponse>, Error> {
        block_on(self.inner.next_page())
    }
}

impl Iterator for Pager {
    type Item = Result<serde_json::Value, Error>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        loop {
            if let Some(item) = self.buffer.next() {
                return Some(Ok(item));
            }
            match block_on(self.inner.next_items()) {
                Ok(Some(items)) => self.buffer = items.into_iter(),
                Ok(None) => return None,
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            }
        }
    }
}
