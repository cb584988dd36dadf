//! A blocking facade over [`crate::Client`], for the C ABI, synchronous Python and plain Rust
//! programs without an async runtime. Safe to share across threads, and it survives `fork()`.
//!
//! # Where a request runs
//!
//! This is the one description of it; the bindings' docs summarise it.
//!
//! - **Blocking calls** (every [`Client`] method, and each page a [`Pager`] fetches) take one
//!   path, [`Client::execute_raw`]:
//!   1. A thread's first calls with a client (8 per thread and client) run as tasks on the
//!      **shared runtime** ([`runtime`]): one multi-threaded Tokio runtime per process, started on
//!      first use, with one connection pool per client. The calling thread blocks until the task
//!      ends.
//!   2. A thread that keeps calling the same client is then **promoted** (`per_thread.rs`): it
//!      gets its own current-thread runtime and, for that client, its own connection pool (a core
//!      client with the same settings), and its calls run entirely on the calling thread, without
//!      waking any other thread, which saves CPU on every call. Building that pool loads the TLS
//!      roots and opens new connections, so a thread per request or a client per request never
//!      gets promoted.
//!   3. Otherwise a call goes to the shared runtime, even from a promoted thread: while another
//!      call of the same client is in progress on any thread (the shared runtime's workers serve
//!      many connections per wake-up, where a runtime per thread would each wake for its own
//!      socket), when the thread is already driving a call (re-entry), or when the per-thread
//!      runtime or pool could not be built.
//!
//!   A blocking call made inside an async runtime's context is refused with an internal error:
//!   use the async client there.
//! - **Async calls** ([`crate::Client`]) run wherever the caller polls them. The bindings' async
//!   APIs (the C ABI's callback functions, Python's asyncio client) spawn them on the shared
//!   runtime; Node's addon uses napi-rs's own Tokio runtime.
//!
//! So a process has one shared runtime, one connection pool per client on it, and one more pool
//! per (promoted thread, client) pair. After `fork()` the child rebuilds all of them on first use
//! ([`ProcessLocal`]); the parent's are leaked, never dropped.

mod per_thread;
mod process;
pub mod runtime;

use std::sync::Arc;

use bytes::Bytes;

use crate::client::{self, RawResponse};
use crate::error::Error;
use crate::models;
use crate::requests::{self, HttpRequest, Operation};
pub use process::ProcessLocal;
use runtime::block_on_spawned;

/// A blocking GOV.UK Notify client. Cheap to clone; clones share their per-thread state.
#[derive(Clone)]
pub struct Client {
    inner: client::Client,
    local: Arc<per_thread::PerThread>,
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
            local: Arc::new(per_thread::PerThread::new()),
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

    /// Runs one request where the module docs say: on this thread when it is promoted and no
    /// other call of this client is in progress, otherwise as a task on the shared runtime.
    fn send(&self, req: &HttpRequest, raw: bool) -> Result<RawResponse, Error> {
        let (_in_flight, concurrent) = self.local.enter();
        if !concurrent {
            let local = per_thread::try_run(&self.local, &self.inner, |client| async move {
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

    crate::typed::typed_operations!(;);

    /// Walks every page of notifications; see [`Pager`].
    pub fn notifications(&self, filter: requests::ListNotifications) -> Pager {
        Pager::new(self.clone(), self.inner.notifications(filter))
    }

    /// Walks every page of received text messages; see [`Pager`].
    pub fn received_texts(&self, older_than: Option<String>) -> Pager {
        Pager::new(self.clone(), self.inner.received_texts(older_than))
    }

    /// Fetches the next non-empty page of a core [`crate::Pager`] made from this client, the way
    /// every blocking call runs (see the module docs), or `None` at the end of the walk.
    ///
    /// # Errors
    /// As [`crate::Pager::next_page`]; an internal error when called inside an async runtime.
    pub fn next_page(&self, pager: &mut crate::Pager) -> Result<Option<RawResponse>, Error> {
        Ok(self.fetch_page(pager)?.map(|(page, _)| page))
    }

    /// The items of the next non-empty page of a core [`crate::Pager`], as
    /// [`Client::next_page`] fetches it.
    ///
    /// # Errors
    /// As [`Client::next_page`].
    pub fn next_items(
        &self,
        pager: &mut crate::Pager,
    ) -> Result<Option<Vec<serde_json::Value>>, Error> {
        Ok(self
            .fetch_page(pager)?
            .map(|(_, json)| crate::pager::take_items(pager.items_key(), json)))
    }

    fn fetch_page(
        &self,
        pager: &mut crate::Pager,
    ) -> Result<Option<(RawResponse, serde_json::Value)>, Error> {
        match pager.next_request()? {
            Some(req) => pager.accept(self.execute_raw(&req)?),
            None => Ok(None),
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
/// Each page is fetched like any other call of the client that made the pager.
#[derive(Debug)]
pub struct Pager {
    client: Client,
    inner: crate::pager::Pager,
    buffer: std::vec::IntoIter<serde_json::Value>,
    failed: bool,
}

impl Pager {
    fn new(client: Client, inner: crate::pager::Pager) -> Self {
        Self {
            client,
            inner,
            buffer: Vec::new().into_iter(),
            failed: false,
        }
    }

    /// The next non-empty page as the server sent it, or `None` at the end.
    ///
    /// # Errors
    /// Any request error.
    pub fn next_page(&mut self) -> Result<Option<RawResponse>, Error> {
        self.client.next_page(&mut self.inner)
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
            match self.client.next_items(&mut self.inner) {
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const KEY: &str = "k-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";

    /// Page fetches count as calls of the client, and promote the thread like any other call.
    #[test]
    fn a_pager_fetches_its_pages_like_any_other_blocking_call() {
        // Nothing listens on the discard port: every fetch fails at once, which still counts.
        let client: Client = client::Client::builder(KEY)
            .base_url("http://127.0.0.1:9")
            .retry_policy(crate::RetryPolicy::none())
            .build()
            .unwrap()
            .into();
        let mut pager = client.notifications(requests::ListNotifications::default());
        for _ in 0..per_thread::PROMOTE_AFTER {
            assert!(pager.next_page().is_err());
            assert!(!per_thread::is_promoted(&client.local));
        }
        let e = pager.next().unwrap().unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Transport, "{e}");
        assert!(per_thread::is_promoted(&client.local));
        // The walk did not move: after an error the same page is asked for again.
        assert!(pager.next_page().is_err());
    }
}
