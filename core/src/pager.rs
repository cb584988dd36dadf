//! Walking every page of a list: notifications and received text messages.
//!
//! The algorithm is the official Python client's (spec §7): fetch a page with the caller's
//! filters; while it is non-empty, yield it, take the id in `links.next` and fetch again with the
//! original filters plus `older_than=<that id>`. A page with no items ends the walk (so a full walk
//! ends with one request that returns an empty page), as does a `next` link without an id.

use std::collections::VecDeque;

use futures_util::stream::{self, Stream};
use serde::de::DeserializeOwned;

use crate::client::{Client, RawResponse};
use crate::error::Error;
use crate::requests::{HttpRequest, ListNotifications, ListReceivedTexts, Operation};

#[derive(Clone, Debug)]
pub(crate) enum PagerKind {
    Notifications(ListNotifications),
    ReceivedTexts(ListReceivedTexts),
}

/// Walks the pages of a list. Made by [`Client::notifications`] and [`Client::received_texts`].
#[derive(Debug)]
pub struct Pager {
    client: Client,
    kind: PagerKind,
    done: bool,
}

impl Pager {
    pub(crate) fn new(client: Client, kind: PagerKind) -> Self {
        Self {
            client,
            kind,
            done: false,
        }
    }

    /// The key of the item list in each page: `notifications` or `received_text_messages`.
    pub fn items_key(&self) -> &'static str {
        match self.kind {
            PagerKind::Notifications(_) => "notifications",
            PagerKind::ReceivedTexts(_) => "received_text_messages",
        }
    }

    /// The endpoint's path below the base URL: `/v2/notifications` or
    /// `/v2/received-text-messages` (for logs; the query is never part of it).
    pub fn path(&self) -> &'static str {
        match self.kind {
            PagerKind::Notifications(_) => "/v2/notifications",
            PagerKind::ReceivedTexts(_) => "/v2/received-text-messages",
        }
    }

    /// Whether the walk has ended.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Fetches the next non-empty page, exactly as the server sent it, or `None` at the end.
    ///
    /// # Errors
    /// Any request error; the walk can be resumed by calling again.
    pub async fn next_page(&mut self) -> Result<Option<RawResponse>, Error> {
        Ok(self.fetch().await?.map(|(page, _)| page))
    }

    /// The next non-empty page and its parsed body.
    async fn fetch(&mut self) -> Result<Option<(RawResponse, serde_json::Value)>, Error> {
        match self.next_request()? {
            Some(req) => {
                let page = self.client.execute_raw(&req).await?;
                self.accept(page)
            }
            None => Ok(None),
        }
    }

    /// The request for the next page, or `None` at the end of the walk. Its response goes to
    /// [`Pager::accept`]; after a request error the walk stays where it was. The blocking client
    /// sends it the way it sends every call (see [`crate::blocking`]).
    pub(crate) fn next_request(&self) -> Result<Option<HttpRequest>, Error> {
        if self.done {
            return Ok(None);
        }
        Ok(Some(match &self.kind {
            PagerKind::Notifications(f) => f.to_http()?,
            PagerKind::ReceivedTexts(f) => f.to_http()?,
        }))
    }

    /// Takes the response to [`Pager::next_request`]: the page and its parsed body, or `None`
    /// (and the walk ends) for an empty page.
    pub(crate) fn accept(
        &mut self,
        page: RawResponse,
    ) -> Result<Option<(RawResponse, serde_json::Value)>, Error> {
        let json = page.json()?;
        let key = self.items_key();
        let count = match json.get(key).and_then(|v| v.as_array()) {
            Some(items) => items.len(),
            None => {
                self.done = true;
                return Err(Error::invalid_response(
                    page.status,
                    format!("HTTP {}: the page has no `{key}` list", page.status),
                    Some(&page.body),
                ));
            }
        };
        if count == 0 {
            self.done = true;
            return Ok(None);
        }
        match next_older_than(&json) {
            Some(id) => match &mut self.kind {
                PagerKind::Notifications(f) => f.older_than = Some(id),
                PagerKind::ReceivedTexts(f) => f.older_than = Some(id),
            },
            None => self.done = true,
        }
        Ok(Some((page, json)))
    }

    /// Fetches the next non-empty page's items, or `None` at the end.
    ///
    /// # Errors
    /// As [`Pager::next_page`].
    pub async fn next_items(&mut self) -> Result<Option<Vec<serde_json::Value>>, Error> {
        let key = self.items_key();
        Ok(self.fetch().await?.map(|(_, json)| take_items(key, json)))
    }

    /// Every item of every page, as the server sent it.
    pub fn into_stream(self) -> impl Stream<Item = Result<serde_json::Value, Error>> + Send {
        stream::try_unfold(
            (self, VecDeque::new()),
            |(mut pager, mut buf): (Pager, VecDeque<serde_json::Value>)| async move {
                loop {
                    if let Some(item) = buf.pop_front() {
                        return Ok(Some((item, (pager, buf))));
                    }
                    match pager.next_items().await? {
                        Some(items) => buf.extend(items),
                        None => return Ok(None),
                    }
                }
            },
        )
    }

    /// Every item of every page, parsed as `T` (e.g. [`Notification`](crate::Notification)).
    pub fn into_typed_stream<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> impl Stream<Item = Result<T, Error>> + Send {
        use futures_util::StreamExt as _;
        self.into_stream().map(|r| {
            r.and_then(|v| {
                serde_json::from_value(v).map_err(|e| {
                    Error::invalid_response(200, format!("unexpected item shape: {e}"), None)
                })
            })
        })
    }
}

/// The item list under `key` of an accepted page.
pub(crate) fn take_items(key: &str, mut json: serde_json::Value) -> Vec<serde_json::Value> {
    match json.get_mut(key).map(serde_json::Value::take) {
        Some(serde_json::Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

/// The `older_than` id of the next page: the `older_than` query parameter of `links.next`, or else
/// the first UUID in it (the official Python client's rule).
pub(crate) fn next_older_than(page: &serde_json::Value) -> Option<String> {
    let next = page.get("links")?.get("next")?.as_str()?;
    if let Ok(url) = url::Url::parse(next) {
        if let Some((_, v)) = url.query_pairs().find(|(k, _)| k == "older_than") {
            if uuid::Uuid::try_parse(&v).is_ok() {
                return Some(v.into_owned());
            }
        }
    }
    first_uuid(next)
}

fn first_uuid(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    (0..bytes.len().saturating_sub(35)).find_map(|i| {
        let cand = s.get(i..i + 36)?;
        let shaped = cand.bytes().enumerate().all(|(j, b)| match j {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        });
        shaped.then(|| cand.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn next_id_from_query_or_first_uuid() {
        let id = "8fef167e-9229-481d-97bb-59e41a2dbc60";
        let page = json!({"links": {"next": format!("https://x/v2/notifications?reference=a&older_than={id}")}});
        assert_eq!(next_older_than(&page).as_deref(), Some(id));
        let upper = json!({"links": {"next": format!("https://x/v2/other/{}", id.to_uppercase())}});
        assert_eq!(next_older_than(&upper), Some(id.to_uppercase()));
        assert_eq!(
            next_older_than(&json!({"links": {"next": "https://x/v2/notifications"}})),
            None
        );
        assert_eq!(next_older_than(&json!({"links": {}})), None);
        // A UUID-looking reference must not be mistaken for the cursor.
        let tricky = json!({"links": {"next": format!("https://x/v2/notifications?reference=11111111-2222-3333-4444-555555555555&older_than={id}")}});
        assert_eq!(next_older_than(&tricky).as_deref(), Some(id));
    }
}
