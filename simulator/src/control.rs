//! The control API under `/_simulator/` (no authentication, JSON in and out).
//!
//! | Method | Path | Effect |
//! |---|---|---|
//! | GET | `/_simulator/health` | `{"status": "ok"}` |
//! | GET | `/_simulator/info` | keys, ids and URLs (same as the `--json` line) |
//! | GET/POST/DELETE | `/_simulator/faults` | list / add (one object or a list) / clear faults |
//! | GET/DELETE | `/_simulator/requests` | recorded requests / clear them |
//! | GET/POST | `/_simulator/clock` | read / set `{"offset_secs": N}` |
//! | POST | `/_simulator/reset` | clear notifications, texts, faults, requests, limits, clock, callback log |
//! | POST | `/_simulator/received-texts` | seed `[{user_number, content}]` or `{"count": N}` |
//! | GET/POST | `/_simulator/callbacks` | read / set callback URLs and tokens |
//! | GET/DELETE | `/_simulator/callbacks/log` | callback deliveries / clear |
//! | GET | `/_simulator/notifications/{id}` | stored notification with internal fields |

#![allow(clippy::result_large_err)] // Err carries a finished HTTP response; its size is irrelevant next to network I/O.

use std::sync::Arc;
use std::time::Instant;

use http::request::Parts;
use http::{Method, Response};
use serde::Deserialize;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::callbacks::{check_callback_url, CallbackKind, CallbackSettings};
use crate::clock::format_timestamp;
use crate::faults::Fault;
use crate::server::{api_base, json_response, lock, Body, State};
use crate::store::ReceivedText;
use crate::validation::parse_uuid;

type Reply = Response<Body>;

fn error(status: u16, message: impl Into<String>) -> Reply {
    json_response(status, &json!({"error": message.into()}))
}

fn parse<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, Reply> {
    serde_json::from_slice(body).map_err(|e| error(400, format!("invalid JSON body: {e}")))
}

/// Information about the running simulator (keys, ids, URLs).
pub(crate) fn info(state: &State, base_url: &str) -> Value {
    let service = state
        .services
        .first()
        .map(|(_, s)| s.clone())
        .unwrap_or_default();
    let key = |kind| service.api_key(kind);
    json!({
        "base_url": base_url,
        "service_id": service.id,
        "keys": {
            "test": key(crate::KeyKind::Test),
            "team": key(crate::KeyKind::Team),
            "live": key(crate::KeyKind::Live),
        },
        "templates": {
            "sms": crate::templates::SMS_TEMPLATE_ID,
            "email": crate::templates::EMAIL_TEMPLATE_ID,
            "email_file": crate::templates::EMAIL_FILE_TEMPLATE_ID,
            "letter": crate::templates::LETTER_TEMPLATE_ID,
            "sms_versioned": crate::templates::VERSIONED_SMS_TEMPLATE_ID,
        },
        "sms_sender_id": service.sms_senders.first().map(|s| s.id.clone()),
        "email_reply_to_id": service.email_reply_to.first().map(|r| r.id.clone()),
        "control_url": format!("{base_url}/_simulator"),
    })
}

/// One text to seed.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct SeedText {
    #[serde(default)]
    pub user_number: Option<String>,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub notify_number: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum SeedBody {
    List(Vec<SeedText>),
    Count {
        count: usize,
        #[serde(default)]
        user_number: Option<String>,
        #[serde(default)]
        content: Option<String>,
    },
}

/// Stores received texts for the default service (in order, so the last is
/// the newest) and sends received-text callbacks if configured.
pub(crate) fn seed_received(state: &Arc<State>, texts: Vec<SeedText>) -> Vec<ReceivedText> {
    let Some((service_id, service)) = state.services.first().cloned() else {
        return Vec::new();
    };
    let settings = lock(&state.callback_settings).clone();
    let mut created = Vec::with_capacity(texts.len());
    {
        let mut store = lock(&state.store);
        for (i, t) in texts.into_iter().enumerate() {
            let text = ReceivedText {
                id: Uuid::new_v4(),
                service_id,
                user_number: t.user_number.unwrap_or_else(|| "447700900111".to_owned()),
                notify_number: t
                    .notify_number
                    .unwrap_or_else(|| service.inbound_number.clone()),
                content: t
                    .content
                    .unwrap_or_else(|| format!("Simulated message {}", i + 1)),
                created_at: state.clock.now_micros(),
            };
            let seq = store.next_seq();
            store.insert_received(text.clone(), seq);
            created.push(text);
        }
    }
    if let Some(url) = settings.inbound_url {
        let token = settings.inbound_token.or(settings.token);
        for text in &created {
            let st = state.clone();
            let (url, token, payload) = (url.clone(), token.clone(), text.callback_payload());
            state.spawn(async move {
                crate::routes::deliver_callback(
                    st,
                    CallbackKind::ReceivedText,
                    url,
                    token,
                    payload,
                )
                .await;
            });
        }
    }
    created
}

#[derive(Deserialize)]
#[serde(untagged)]
enum FaultBody {
    One(Fault),
    Many(Vec<Fault>),
}

#[derive(Deserialize)]
struct ClockBody {
    offset_secs: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CallbackBody {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    inbound_url: Option<String>,
    #[serde(default)]
    inbound_token: Option<String>,
}

/// Handles a `/_simulator/...` request.
pub(crate) async fn handle(state: &Arc<State>, parts: &Parts, body: &[u8]) -> Reply {
    let path = parts.uri.path().trim_end_matches('/');
    let method = &parts.method;
    let base = api_base(state, parts);
    match (method.clone(), path) {
        (Method::GET, "/_simulator/health") => json_response(200, &json!({"status": "ok"})),
        (Method::GET, "/_simulator/info") => json_response(200, &info(state, &base)),
        (Method::GET, "/_simulator/faults") => {
            json_response(200, &json!({"faults": lock(&state.faults).list()}))
        }
        (Method::POST, "/_simulator/faults") => {
            let faults = match parse::<FaultBody>(body) {
                Ok(FaultBody::One(f)) => vec![f],
                Ok(FaultBody::Many(fs)) => fs,
                Err(reply) => return reply,
            };
            for f in &faults {
                if let Err(e) = f.validate() {
                    return error(400, e);
                }
            }
            let mut list = lock(&state.faults);
            for f in faults {
                list.add(f);
            }
            json_response(201, &json!({"faults": list.list()}))
        }
        (Method::DELETE, "/_simulator/faults") => {
            lock(&state.faults).clear();
            json_response(200, &json!({"faults": []}))
        }
        (Method::GET, "/_simulator/requests") => {
            json_response(200, &json!(lock(&state.recorder).all()))
        }
        (Method::DELETE, "/_simulator/requests") => {
            lock(&state.recorder).clear();
            json_response(200, &json!([]))
        }
        (Method::GET, "/_simulator/clock") => json_response(
            200,
            &json!({
                "offset_secs": state.clock.offset_secs(),
                "now": format_timestamp(state.clock.now_micros()),
            }),
        ),
        (Method::POST, "/_simulator/clock") => match parse::<ClockBody>(body) {
            Ok(c) if c.offset_secs.is_finite() => {
                state.clock.set_offset_secs(c.offset_secs);
                json_response(
                    200,
                    &json!({
                        "offset_secs": state.clock.offset_secs(),
                        "now": format_timestamp(state.clock.now_micros()),
                    }),
                )
            }
            Ok(_) => error(400, "offset_secs must be a finite number"),
            Err(reply) => reply,
        },
        (Method::POST, "/_simulator/reset") => {
            state.reset();
            json_response(200, &json!({"reset": true}))
        }
        (Method::POST, "/_simulator/received-texts") => {
            let texts = match parse::<SeedBody>(body) {
                Ok(SeedBody::List(list)) => list,
                Ok(SeedBody::Count {
                    count,
                    user_number,
                    content,
                }) => {
                    if count > 100_000 {
                        return error(400, "count must be at most 100000");
                    }
                    (0..count)
                        .map(|i| SeedText {
                            user_number: user_number.clone(),
                            content: content.clone().map(|c| format!("{c} {}", i + 1)),
                            notify_number: None,
                        })
                        .collect()
                }
                Err(reply) => return reply,
            };
            let created = seed_received(state, texts);
            let items: Vec<Value> = created.iter().map(ReceivedText::to_json).collect();
            json_response(201, &json!({"received_text_messages": items}))
        }
        (Method::GET, "/_simulator/callbacks") => {
            json_response(200, &json!(lock(&state.callback_settings).clone()))
        }
        (Method::POST, "/_simulator/callbacks") => {
            let body = match parse::<CallbackBody>(body) {
                Ok(b) => b,
                Err(reply) => return reply,
            };
            for url in [&body.url, &body.inbound_url].into_iter().flatten() {
                if let Err(e) = check_callback_url(url) {
                    return error(400, e);
                }
            }
            let settings = CallbackSettings {
                url: body.url,
                token: body.token,
                inbound_url: body.inbound_url,
                inbound_token: body.inbound_token,
            };
            *lock(&state.callback_settings) = settings.clone();
            json_response(200, &json!(settings))
        }
        (Method::GET, "/_simulator/callbacks/log") => {
            json_response(200, &json!(lock(&state.callback_log).all()))
        }
        (Method::DELETE, "/_simulator/callbacks/log") => {
            lock(&state.callback_log).clear();
            json_response(200, &json!([]))
        }
        (Method::GET, p) if p.starts_with("/_simulator/notifications/") => {
            let raw = p.trim_start_matches("/_simulator/notifications/");
            let Some(id) = parse_uuid(raw) else {
                return error(400, "not a UUID");
            };
            let Some(n) = lock(&state.store).get(&id) else {
                return error(404, "no such notification");
            };
            let now = Instant::now();
            let mut v = n.to_json(&base, now, state.sms_rate);
            if let Some(obj) = v.as_object_mut() {
                obj.insert("service_id".into(), json!(n.service_id.to_string()));
                obj.insert("key_type".into(), json!(n.key_kind.lower_name()));
                obj.insert("internal_status".into(), json!(n.status(now)));
                obj.insert("final_status".into(), json!(n.final_status));
            }
            json_response(200, &v)
        }
        _ => error(404, format!("no control endpoint {method} {path}")),
    }
}
