//! A blocking facade over [`crate::Client`], for the C ABI, synchronous Python and plain Rust
//! programs without an async runtime. Safe to share across threads, and it survives `fork()`.
//!
//! A thread's first few calls with a client run as tasks on the process-wide runtime
//! ([`crate::runtime`]). A thread that keeps calling is then promoted: it gets its own
//! current-thread runtime and connection pool, and while no other thread is calling the same
//! client its calls run entirely on that thread, without waking any other (about a third less CPU
//! per call). Calls made while others are in progress go to the shared runtime, whose workers
//! serve many connections per wake-up. Page walkers ([`Pager`]) always use the shared runtime.

use std::sync::Arc;

use bytes::Bytes;

use crate::client::{self, RawResponse};
use crate::error::Error;
use crate::local;
use crate::models;
use crate::requests::{self, HttpRequest, Operation};
use crate::runtime::{block_on, block_on_spawned};

/// A blocking GOV.UK Notify client. Cheap to clone; clones share their per-thread state.
#[derive(Clone)]
pub struct Client {
    inner: client::Client,
    local: Arc<local::PerThread>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

impl From<client::Client> for Client {
    fn from(inner: client::Client) -> Self {
        Self {
            inner,
            local: Arc::new(local::PerThread::new()),
        }
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
    /// See [`crate::Client::execute`]; an internal error when called inside an async runtime.
    pub fn execute(&self, req: &HttpRequest) -> Result<RawResponse, Error> {
        self.send(req, false)
    }

    /// See [`crate::Client::execute_raw`].
    ///
    /// # Errors
    /// As [`Client::execute`].
    pub fn execute_raw(&self, req: &HttpRequest) -> Result<RawResponse, Error> {
        self.send(req, true)
    }

    /// Runs one request on this thread when it is promoted and no other call of this client is
    /// in progress, otherwise as a task on the process-wide runtime.
    fn send(&self, req: &HttpRequest, raw: bool) -> Result<RawResponse, Error> {
        let (_in_flight, concurrent) = self.local.enter();
        if !concurrent {
            let local = local::try_run(&self.local, &self.inner, |client| async move {
                run(&client, req, raw).await
            });
            if let Some(res) = local {
                return res;
            }
        }
        let client = self.inner.clone();
        let req = req.clone();
        block_on_spawned(async move { run(&client, &req, raw).await })?
    }

    /// See [`crate::Client::call`].
    ///
    /// # Errors
    /// See [`crate::Client::call`].
    pub fn call<O: Operation>(&self, op: &O) -> Result<O::Output, Error> {
        self.execute_raw(&op.to_http()?)?.parse()
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
        self.call(&requests::GetNotification {
            notification_id: notification_id.to_owned(),
        })
    }

    /// Gets a letter's PDF.
    ///
    /// # Errors
    /// See [`crate::Client::get_pdf_for_letter`].
    pub fn get_pdf_for_letter(&self, notification_id: &str) -> Result<Bytes, Error> {
        let req = requests::GetPdfForLetter {
            notification_id: notification_id.to_owned(),
        }
        .to_http()?;
        Ok(self.execute(&req)?.body)
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
        self.call(&requests::GetTemplate {
            template_id: template_id.to_owned(),
        })
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
        self.call(&requests::GetTemplateVersion {
            template_id: template_id.to_owned(),
            version,
        })
    }

    /// Lists templates, optionally of one type.
    ///
    /// # Errors
    /// See [`crate::Client::call`].
    pub fn list_templates(
        &self,
        template_type: Option<&str>,
    ) -> Result<models::TemplateList, Error> {
        self.call(&requests::ListTemplates {
            template_type: template_type.map(str::to_owned),
        })
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
        self.call(&requests::ListReceivedTexts {
            older_than: older_than.map(str::to_owned),
        })
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

/// One request on `client`: [`client::Client::execute_raw`] when `raw`, else `execute`.
async fn run(client: &client::Client, req: &HttpRequest, raw: bool) -> Result<RawResponse, Error> {
    if raw {
        client.execute_raw(req).await
    } else {
        client.execute(req).await
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
