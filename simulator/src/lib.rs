//! A local GOV.UK Notify API v2 server for tests, demos and benchmarks.
//!
//! It implements every public `/v2` endpoint with the server's validation
//! rules and messages, JWT authentication, test/team/live key semantics,
//! statuses that advance with time, rate and daily limits, delivery-receipt
//! and received-text callbacks, plus a control API under `/_simulator/` for
//! fault injection, request recording and clock skew.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use govuk_notify_simulator::{Config, KeyKind, Simulator};
//! let sim = Simulator::start(Config::default()).await?;
//! let key = sim.api_key(KeyKind::Test);
//! println!("{} {}", sim.base_url(), key);
//! sim.shutdown().await;
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod auth;
pub mod callbacks;
pub mod cli;
pub mod clock;
pub mod config;
mod control;
pub mod faults;
pub mod json;
mod pdf;
mod routes;
mod server;
pub mod store;
pub mod templates;
pub mod validation;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use callbacks::{CallbackRecord, CallbackSettings};
pub use config::{
    ApiKeyConfig, Config, EmailReplyToConfig, KeyKind, ServiceConfig, SmsSenderConfig,
    EMAIL_REPLY_TO_ID, SMS_SENDER_ID,
};
pub use faults::{Fault, FaultAction};
pub use store::RecordedRequest;

use server::{lock, State};

/// A received text message to seed with [`Simulator::seed_received_texts`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedTextSeed {
    /// The sender's number (default `447700900111`).
    pub user_number: Option<String>,
    /// The message (default `Simulated message N`).
    pub content: Option<String>,
}

/// A running simulator. Dropping it stops the server.
#[derive(Debug)]
pub struct Simulator {
    state: Arc<State>,
    addr: SocketAddr,
    task: Option<JoinHandle<()>>,
}

impl Simulator {
    /// Starts a server on `config.bind` (default `127.0.0.1:0`, a free port)
    /// on the current Tokio runtime.
    pub async fn start(config: Config) -> io::Result<Simulator> {
        config
            .validate()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        let listener = TcpListener::bind(config.bind).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(
            State::new(config, addr).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?,
        );
        let task = tokio::spawn(server::accept_loop(listener, state.clone()));
        Ok(Simulator {
            state,
            addr,
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT` (the bound address).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The full API key string of the default service's key of `kind`
    /// (empty if the configuration has no such key).
    pub fn api_key(&self, kind: KeyKind) -> String {
        self.state
            .services
            .first()
            .and_then(|(_, s)| s.api_key(kind))
            .unwrap_or_default()
    }

    /// The default service's id.
    pub fn service_id(&self) -> String {
        self.state
            .services
            .first()
            .map(|(_, s)| s.id.clone())
            .unwrap_or_default()
    }

    /// The information printed by the binary's `--json` line.
    pub fn info(&self) -> serde_json::Value {
        control::info(&self.state, &self.base_url())
    }

    /// Adds a fault (after the existing ones).
    pub fn add_fault(&self, fault: Fault) {
        lock(&self.state.faults).add(fault);
    }

    /// Removes all faults.
    pub fn clear_faults(&self) {
        lock(&self.state.faults).clear();
    }

    /// The recorded non-control requests, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state.recorder).all()
    }

    /// Forgets recorded requests.
    pub fn clear_requests(&self) {
        lock(&self.state.recorder).clear();
    }

    /// Seeds received text messages for the default service (the last one
    /// is the newest) and returns their ids. Sends received-text callbacks
    /// when an inbound callback URL is set.
    pub fn seed_received_texts(&self, texts: Vec<ReceivedTextSeed>) -> Vec<String> {
        let seeds = texts
            .into_iter()
            .map(|t| control::SeedText {
                user_number: t.user_number,
                content: t.content,
                notify_number: None,
            })
            .collect();
        control::seed_received(&self.state, seeds)
            .into_iter()
            .map(|t| t.id.to_string())
            .collect()
    }

    /// Shifts the server clock by `secs` seconds (JWT `iat` checks, `Date`
    /// headers and new timestamps).
    pub fn set_clock_offset(&self, secs: i64) {
        self.state.clock.set_offset_secs(secs as f64);
    }

    /// Sets the delivery-receipt and received-text callback targets.
    pub fn set_callbacks(&self, settings: CallbackSettings) {
        *lock(&self.state.callback_settings) = settings;
    }

    /// Callback deliveries so far.
    pub fn callbacks(&self) -> Vec<CallbackRecord> {
        lock(&self.state.callback_log).all()
    }

    /// Number of stored notifications.
    pub fn notification_count(&self) -> usize {
        lock(&self.state.store).len()
    }

    /// Clears notifications, received texts, faults, recorded requests,
    /// rate/daily counters, the clock offset and the callback log.
    pub fn reset(&self) {
        self.state.reset();
    }

    /// Stops the server and every connection and background task.
    pub async fn shutdown(mut self) {
        self.stop();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    fn stop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
        lock(&self.state.tasks).abort_all();
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.stop();
    }
}
