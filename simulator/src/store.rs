//! In-memory state: notifications, received text messages, recorded
//! requests, rate-limit buckets and daily counters.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::clock::{format_timestamp, weekday, MICROS_PER_SEC};
use crate::config::KeyKind;
use crate::templates::TemplateType;

/// Statuses `failed` expands to in the list filter.
pub const FAILURE_STATUSES: &[&str] = &[
    "technical-failure",
    "temporary-failure",
    "permanent-failure",
    "validation-failed",
    "virus-scan-failed",
];

/// Where a notification is in its simulated life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Just created (or pending virus check for precompiled letters).
    Created,
    /// Handed to the (simulated) provider.
    Sending,
    /// Delivered or failed.
    Final,
}

/// One stored notification.
#[derive(Debug, Clone)]
pub struct Notification {
    /// Notification id.
    pub id: Uuid,
    /// Insertion sequence number (breaks created_at ties).
    pub seq: u64,
    /// Owning service.
    pub service_id: Uuid,
    /// Key type used to send it.
    pub key_kind: KeyKind,
    /// sms, email or letter.
    pub notification_type: TemplateType,
    /// Template id.
    pub template_id: Uuid,
    /// Template version.
    pub template_version: u32,
    /// Recipient as sent (email/sms), `None` for letters.
    pub to: Option<String>,
    /// Client reference.
    pub reference: Option<String>,
    /// Rendered body.
    pub body: String,
    /// Rendered subject (email/letter).
    pub subject: Option<String>,
    /// Creation time, microseconds since the epoch (server clock).
    pub created_at: i64,
    /// Monotonic creation time, drives the status progression.
    pub created_instant: Instant,
    /// Status during [`Phase::Created`].
    pub initial_status: &'static str,
    /// Final status.
    pub final_status: &'static str,
    /// Time until `sending`.
    pub sending_after: Duration,
    /// Time until the final status.
    pub final_after: Duration,
    /// Time until the letter PDF is available.
    pub pdf_ready_after: Duration,
    /// Letter postage.
    pub postage: Option<String>,
    /// Letter address lines 1–6 and postcode (as sent).
    pub address: [Option<String>; 7],
    /// Email unsubscribe URL.
    pub one_click_unsubscribe_url: Option<String>,
    /// SMS fragments.
    pub sms_fragments: u64,
    /// International SMS.
    pub international: bool,
    /// PDF bytes of a precompiled letter.
    pub pdf: Option<Bytes>,
}

impl Notification {
    /// Phase at `now`.
    pub fn phase(&self, now: Instant) -> Phase {
        let elapsed = now.saturating_duration_since(self.created_instant);
        if elapsed >= self.final_after {
            Phase::Final
        } else if elapsed >= self.sending_after {
            Phase::Sending
        } else {
            Phase::Created
        }
    }

    /// Internal status at `now`.
    pub fn status(&self, now: Instant) -> &'static str {
        match self.phase(now) {
            Phase::Created => self.initial_status,
            Phase::Sending => "sending",
            Phase::Final => self.final_status,
        }
    }

    /// Status as the API shows it (letters: created/sending → accepted,
    /// delivered → received).
    pub fn public_status(&self, now: Instant) -> &'static str {
        let status = self.status(now);
        if self.notification_type == TemplateType::Letter {
            match status {
                "created" | "sending" => "accepted",
                "delivered" | "returned-letter" => "received",
                other => other,
            }
        } else {
            status
        }
    }

    fn micros(d: Duration) -> i64 {
        i64::try_from(d.as_micros()).unwrap_or(i64::MAX / 4)
    }

    /// `sent_at` at `now`.
    pub fn sent_at(&self, now: Instant) -> Option<String> {
        match self.phase(now) {
            Phase::Created => None,
            _ => Some(format_timestamp(
                self.created_at + Self::micros(self.sending_after),
            )),
        }
    }

    /// `completed_at` at `now`.
    pub fn completed_at(&self, now: Instant) -> Option<String> {
        match self.phase(now) {
            Phase::Final => Some(format_timestamp(
                self.created_at + Self::micros(self.final_after),
            )),
            _ => None,
        }
    }

    /// Whether the letter PDF can be downloaded at `now`.
    pub fn pdf_ready(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.created_instant) >= self.pdf_ready_after
    }

    fn letter_sheets(&self) -> u64 {
        match &self.pdf {
            Some(pdf) => {
                let pages = count_pdf_pages(pdf).max(1);
                pages.div_ceil(2)
            }
            None => 1,
        }
    }

    fn estimated_delivery(&self) -> String {
        let days_since_epoch = self.created_at.div_euclid(86_400 * MICROS_PER_SEC);
        let working_days = match self.postage.as_deref() {
            Some("first") => 1,
            Some("economy") => 6,
            Some("europe") => 5,
            Some("rest-of-world") => 7,
            _ => 3,
        };
        let mut day = days_since_epoch;
        let mut added = 0;
        while added < working_days {
            day += 1;
            if weekday(day) < 5 {
                added += 1;
            }
        }
        format_timestamp((day * 86_400 + 16 * 3600) * MICROS_PER_SEC)
    }

    /// The v2 JSON (`GET /v2/notifications/{id}`).
    pub fn to_json(&self, api_base: &str, now: Instant, sms_rate: f64) -> Value {
        let phase = self.phase(now);
        let is_letter = self.notification_type == TemplateType::Letter;
        let (cost_ready, cost, details) = match self.notification_type {
            TemplateType::Email => (true, json!(0.0), json!({})),
            TemplateType::Sms if phase != Phase::Created => {
                let multiplier: u64 = if self.international { 2 } else { 1 };
                let cost = round4(self.sms_fragments as f64 * multiplier as f64 * sms_rate);
                (
                    true,
                    json!(cost),
                    json!({
                        "billable_sms_fragments": self.sms_fragments,
                        "international_rate_multiplier": multiplier,
                        "sms_rate": sms_rate,
                    }),
                )
            }
            TemplateType::Letter if phase == Phase::Final => {
                let sheets = self.letter_sheets();
                let postage = self.postage.clone().unwrap_or_else(|| "second".into());
                let base = match postage.as_str() {
                    "first" => 1.32,
                    "economy" => 0.59,
                    "europe" | "rest-of-world" => 1.56,
                    _ => 0.72,
                };
                let cost = round4(base + 0.08 * (sheets.saturating_sub(1)) as f64);
                (
                    true,
                    json!(cost),
                    json!({"billable_sheets_of_paper": sheets, "postage": postage}),
                )
            }
            _ => (false, Value::Null, json!({})),
        };
        let line = |i: usize| -> Value {
            if is_letter {
                json!(self.address.get(i).cloned().flatten())
            } else {
                Value::Null
            }
        };
        let mut v = json!({
            "id": self.id.to_string(),
            "reference": self.reference,
            "email_address": if self.notification_type == TemplateType::Email { json!(self.to) } else { Value::Null },
            "phone_number": if self.notification_type == TemplateType::Sms { json!(self.to) } else { Value::Null },
            "line_1": line(0),
            "line_2": line(1),
            "line_3": line(2),
            "line_4": line(3),
            "line_5": line(4),
            "line_6": line(5),
            "postcode": line(6),
            "postage": if is_letter { json!(self.postage) } else { Value::Null },
            "type": self.notification_type.as_str(),
            "status": self.public_status(now),
            "template": {
                "id": self.template_id.to_string(),
                "version": self.template_version,
                "uri": format!("{api_base}/v2/template/{}/version/{}", self.template_id, self.template_version),
            },
            "body": self.body,
            "subject": self.subject,
            "created_at": format_timestamp(self.created_at),
            "created_by_name": Value::Null,
            "sent_at": self.sent_at(now),
            "completed_at": self.completed_at(now),
            "scheduled_for": Value::Null,
            "one_click_unsubscribe_url": self.one_click_unsubscribe_url,
            "is_cost_data_ready": cost_ready,
            "cost_in_pounds": cost,
            "cost_details": details,
        });
        if is_letter {
            if let Some(obj) = v.as_object_mut() {
                obj.insert(
                    "estimated_delivery".into(),
                    json!(self.estimated_delivery()),
                );
            }
        }
        v
    }

    /// The delivery-receipt callback body (§11).
    pub fn callback_payload(&self, now: Instant) -> Value {
        json!({
            "id": self.id.to_string(),
            "reference": self.reference,
            "to": self.to,
            "status": self.public_status(now),
            "created_at": format_timestamp(self.created_at),
            "completed_at": self.completed_at(now),
            "sent_at": self.sent_at(now),
            "notification_type": self.notification_type.as_str(),
            "template_id": self.template_id.to_string(),
            "template_version": self.template_version,
        })
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Counts `/Type /Page` objects (not `/Pages`) in a PDF, roughly.
pub fn count_pdf_pages(pdf: &[u8]) -> u64 {
    let needle = b"/Type";
    let mut count = 0;
    let mut i = 0;
    while i + needle.len() < pdf.len() {
        if pdf.get(i..i + needle.len()) == Some(needle) {
            let mut j = i + needle.len();
            while pdf.get(j).is_some_and(|c| c.is_ascii_whitespace()) {
                j += 1;
            }
            if pdf.get(j..j + 5) == Some(b"/Page") && pdf.get(j + 5) != Some(&b's') {
                count += 1;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    count
}

/// A received text message.
#[derive(Debug, Clone)]
pub struct ReceivedText {
    /// Id.
    pub id: Uuid,
    /// Service it was received by.
    pub service_id: Uuid,
    /// The sender's number.
    pub user_number: String,
    /// The service's number.
    pub notify_number: String,
    /// Text.
    pub content: String,
    /// Receipt time, microseconds since the epoch.
    pub created_at: i64,
}

impl ReceivedText {
    /// The v2 JSON.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id.to_string(),
            "user_number": self.user_number,
            "notify_number": self.notify_number,
            "created_at": format_timestamp(self.created_at),
            "service_id": self.service_id.to_string(),
            "content": self.content,
        })
    }

    /// The received-text callback body.
    pub fn callback_payload(&self) -> Value {
        json!({
            "id": self.id.to_string(),
            "source_number": self.user_number,
            "destination_number": self.notify_number,
            "message": self.content,
            "date_received": format_timestamp(self.created_at),
        })
    }
}

/// List filters after validation.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Allowed types (empty = all).
    pub types: Vec<TemplateType>,
    /// Allowed statuses after expansion (empty = all).
    pub statuses: Vec<String>,
    /// Exact reference.
    pub reference: Option<String>,
    /// Only older than this notification.
    pub older_than: Option<Uuid>,
}

/// Notifications and received texts.
#[derive(Debug, Default)]
pub struct Store {
    notifications: HashMap<Uuid, Arc<Notification>>,
    order: BTreeMap<(i64, u64), Uuid>,
    received: BTreeMap<(i64, u64), ReceivedText>,
    received_index: HashMap<Uuid, (i64, u64)>,
    seq: u64,
}

impl Store {
    /// Next sequence number.
    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// Stores a notification, evicting the oldest beyond `max`.
    pub fn insert(&mut self, n: Notification, max: usize) {
        self.order.insert((n.created_at, n.seq), n.id);
        self.notifications.insert(n.id, Arc::new(n));
        while self.notifications.len() > max.max(1) {
            match self.order.pop_first() {
                Some((_, id)) => {
                    self.notifications.remove(&id);
                }
                None => break,
            }
        }
    }

    /// A notification by id.
    pub fn get(&self, id: &Uuid) -> Option<Arc<Notification>> {
        self.notifications.get(id).cloned()
    }

    /// Number of stored notifications.
    pub fn len(&self) -> usize {
        self.notifications.len()
    }

    /// True when no notifications are stored.
    pub fn is_empty(&self) -> bool {
        self.notifications.is_empty()
    }

    /// One page of notifications, newest first.
    pub fn list(
        &self,
        service_id: Uuid,
        key_kind: KeyKind,
        query: &ListQuery,
        page_size: usize,
        now: Instant,
    ) -> Vec<Arc<Notification>> {
        let upper = match query.older_than {
            Some(id) => match self.notifications.get(&id) {
                Some(n) if n.service_id == service_id => (n.created_at, n.seq),
                _ => return Vec::new(),
            },
            None => (i64::MAX, u64::MAX),
        };
        let mut out = Vec::new();
        let range = if query.older_than.is_some() {
            self.order.range(..upper)
        } else {
            self.order.range(..=upper)
        };
        for (_, id) in range.rev() {
            let Some(n) = self.notifications.get(id) else {
                continue;
            };
            if n.service_id != service_id || n.key_kind != key_kind {
                continue;
            }
            if !query.types.is_empty() && !query.types.contains(&n.notification_type) {
                continue;
            }
            if let Some(reference) = &query.reference {
                if n.reference.as_deref() != Some(reference.as_str()) {
                    continue;
                }
            }
            if !query.statuses.is_empty() {
                let internal = n.status(now);
                let public = n.public_status(now);
                if !query.statuses.iter().any(|s| s == internal || s == public) {
                    continue;
                }
            }
            out.push(n.clone());
            if out.len() >= page_size {
                break;
            }
        }
        out
    }

    /// Stores a received text.
    pub fn insert_received(&mut self, text: ReceivedText, seq: u64) {
        self.received_index.insert(text.id, (text.created_at, seq));
        self.received.insert((text.created_at, seq), text);
    }

    /// One page of received texts, newest first.
    pub fn list_received(
        &self,
        service_id: Uuid,
        older_than: Option<Uuid>,
        page_size: usize,
    ) -> Vec<ReceivedText> {
        let range = match older_than {
            Some(id) => match self.received_index.get(&id) {
                Some(key) => self.received.range(..*key),
                None => return Vec::new(),
            },
            None => self.received.range(..),
        };
        range
            .rev()
            .map(|(_, t)| t)
            .filter(|t| t.service_id == service_id)
            .take(page_size)
            .cloned()
            .collect()
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        *self = Store::default();
    }
}

/// One recorded `/v2` (or other non-control) request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedRequest {
    /// HTTP method.
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// Raw query string (empty when none).
    pub query: String,
    /// Headers with lower-case names; repeated headers joined with `, `.
    pub headers: BTreeMap<String, String>,
    /// Body as text (invalid UTF-8 replaced).
    pub body: String,
    /// Response status; `null` when no response was sent (hang, drop).
    pub status: Option<u16>,
}

/// Recorded requests, bounded.
#[derive(Debug, Default)]
pub struct Recorder {
    entries: VecDeque<(u64, RecordedRequest)>,
    next: u64,
}

impl Recorder {
    /// Records a request, returning its handle for [`Recorder::set_status`].
    pub fn push(&mut self, request: RecordedRequest, max: usize) -> u64 {
        self.next += 1;
        let id = self.next;
        if max == 0 {
            return id;
        }
        self.entries.push_back((id, request));
        while self.entries.len() > max {
            self.entries.pop_front();
        }
        id
    }

    /// Sets the response status of a recorded request.
    pub fn set_status(&mut self, id: u64, status: u16) {
        if let Ok(i) = self.entries.binary_search_by_key(&id, |(k, _)| *k) {
            if let Some((_, r)) = self.entries.get_mut(i) {
                r.status = Some(status);
            }
        }
    }

    /// All recorded requests in order.
    pub fn all(&self) -> Vec<RecordedRequest> {
        self.entries.iter().map(|(_, r)| r.clone()).collect()
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// Rate-limit buckets and daily counters.
#[derive(Debug, Default)]
pub struct Limits {
    buckets: HashMap<(Uuid, KeyKind), (f64, Instant)>,
    daily: HashMap<(Uuid, TemplateType), (i64, u64)>,
}

impl Limits {
    /// Takes one token from the bucket; false when empty.
    pub fn take_token(
        &mut self,
        service: Uuid,
        kind: KeyKind,
        capacity: u32,
        window: Duration,
        now: Instant,
    ) -> bool {
        let capacity = f64::from(capacity);
        let entry = self
            .buckets
            .entry((service, kind))
            .or_insert((capacity, now));
        let elapsed = now.saturating_duration_since(entry.1).as_secs_f64();
        let rate = capacity / window.as_secs_f64().max(0.001);
        entry.0 = (entry.0 + elapsed * rate).min(capacity);
        entry.1 = now;
        if entry.0 >= 1.0 {
            entry.0 -= 1.0;
            true
        } else {
            false
        }
    }

    /// Today's count for a service and type.
    pub fn daily_count(&self, service: Uuid, t: TemplateType, day: i64) -> u64 {
        match self.daily.get(&(service, t)) {
            Some((d, n)) if *d == day => *n,
            _ => 0,
        }
    }

    /// Adds one to today's count.
    pub fn daily_increment(&mut self, service: Uuid, t: TemplateType, day: i64) {
        let entry = self.daily.entry((service, t)).or_insert((day, 0));
        if entry.0 != day {
            *entry = (day, 0);
        }
        entry.1 += 1;
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.buckets.clear();
        self.daily.clear();
    }
}

/// UTC day number of a timestamp in microseconds.
pub fn day_of(micros: i64) -> i64 {
    micros.div_euclid(86_400 * MICROS_PER_SEC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_bucket_refills() {
        let mut limits = Limits::default();
        let service = Uuid::nil();
        let start = Instant::now();
        let window = Duration::from_secs(60);
        assert!(limits.take_token(service, KeyKind::Test, 2, window, start));
        assert!(limits.take_token(service, KeyKind::Test, 2, window, start));
        assert!(!limits.take_token(service, KeyKind::Test, 2, window, start));
        assert!(limits.take_token(service, KeyKind::Live, 2, window, start));
        assert!(limits.take_token(
            service,
            KeyKind::Test,
            2,
            window,
            start + Duration::from_secs(30)
        ));
    }

    #[test]
    fn counts_pages() {
        assert_eq!(
            count_pdf_pages(b"<< /Type /Pages /Kids [3 0 R] >> << /Type /Page >> << /Type/Page >>"),
            2
        );
    }
}
