//! Response bodies decoded straight into Python objects: what `json.loads(body)` returns (the
//! official client returns `response.json()`), without an intermediate `serde_json::Value`.
//!
//! serde_json drives the parse; the visitor below builds dicts, lists, strings and numbers as it
//! goes. Two caches keep object creation down, which is most of the cost for a 250-item page:
//! - dict keys come from a per-thread cache of Python strings (Notify's responses use a few dozen
//!   keys), so each key is a reference-count increment, like `json.loads`' key memo;
//! - short string values repeated within one response (a template's id and URI, `"sms"`,
//!   `"delivered"`, the same timestamp) share one Python string, as `str` is immutable.
//!
//! Differences from `json.loads`, none of which a Notify response exercises: `NaN`/`Infinity`
//! are rejected (json.loads accepts them), integers beyond 64 bits become floats, and nesting
//! deeper than 127 levels is rejected (`govuk_notify::MAX_JSON_DEPTH`, serde_json's limit, the
//! rule of every binding; json.loads's is the interpreter's recursion limit).

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasherDefault;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};
use rustc_hash::FxHasher;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Strings at most this long are shared within a response (longer ones are rarely repeated).
const SHARE_MAX_LEN: usize = 64;
/// Keys cached per thread, at most (Notify uses ~60; anything beyond is created per use).
const KEY_CACHE_MAX: usize = 512;
/// Keys longer than this are not cached.
const KEY_MAX_LEN: usize = 64;

thread_local! {
    static KEYS: RefCell<FxMap<Box<str>, Py<PyString>>> = RefCell::new(FxMap::default());
}

/// Decodes `body` (one JSON value) into Python objects.
///
/// # Errors
/// `Err(None)` when the body is not valid JSON; `Err(Some(e))` when Python failed to allocate.
pub(crate) fn decode<'py>(
    py: Python<'py>,
    body: &[u8],
) -> Result<Bound<'py, PyAny>, Option<PyErr>> {
    let mut state = State {
        py,
        shared: FxMap::with_capacity_and_hasher(64, BuildHasherDefault::default()),
        error: None,
    };
    // One UTF-8 check of the whole body instead of one per string (serde_json's `from_slice`
    // checks each string it borrows: a tenth of the decoding's instructions for a 250-item page);
    // a body that is not UTF-8 is not JSON.
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(None);
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let result = Seed { st: &mut state }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    match result {
        Ok(v) => Ok(v),
        Err(_) => Err(state.error.take()),
    }
}

struct State<'de, 'py> {
    py: Python<'py>,
    /// Short string values seen in this response.
    shared: FxMap<&'de str, Bound<'py, PyString>>,
    /// A Python error raised while building objects (the parse is then abandoned).
    error: Option<PyErr>,
}

impl<'de, 'py> State<'de, 'py> {
    fn fail<E: de::Error>(&mut self, e: PyErr) -> E {
        self.error = Some(e);
        E::custom("python error")
    }

    fn borrowed_str(&mut self, s: &'de str) -> Bound<'py, PyAny> {
        if s.len() > SHARE_MAX_LEN {
            return PyString::new(self.py, s).into_any();
        }
        let py = self.py;
        self.shared
            .entry(s)
            .or_insert_with(|| PyString::new(py, s))
            .clone()
            .into_any()
    }

    fn key(&mut self, s: &str) -> Bound<'py, PyAny> {
        let py = self.py;
        if s.len() > KEY_MAX_LEN {
            return PyString::new(py, s).into_any();
        }
        KEYS.try_with(|cell| {
            let mut keys = cell.try_borrow_mut().ok()?;
            if let Some(k) = keys.get(s) {
                return Some(k.bind(py).clone().into_any());
            }
            let k = PyString::new(py, s);
            if keys.len() < KEY_CACHE_MAX {
                keys.insert(s.into(), k.clone().unbind());
            }
            Some(k.into_any())
        })
        .ok()
        .flatten()
        .unwrap_or_else(|| PyString::new(py, s).into_any())
    }
}

struct Seed<'a, 'de, 'py> {
    st: &'a mut State<'de, 'py>,
}

impl<'de, 'py> DeserializeSeed<'de> for Seed<'_, 'de, 'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 'py> Visitor<'de> for Seed<'_, 'de, 'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.st.py.None().into_bound(self.st.py))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(PyBool::new(self.st.py, v).to_owned().into_any())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        let Ok(i) = v.into_pyobject(self.st.py);
        Ok(i.into_any())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        let Ok(i) = v.into_pyobject(self.st.py);
        Ok(i.into_any())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(PyFloat::new(self.st.py, v).into_any())
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(self.st.borrowed_str(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(PyString::new(self.st.py, v).into_any())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(Seed { st: &mut *self.st })? {
            items.push(item);
        }
        match PyList::new(self.st.py, items) {
            Ok(list) => Ok(list.into_any()),
            Err(e) => Err(self.st.fail(e)),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.st.py);
        while let Some(key) = map.next_key_seed(KeySeed { st: &mut *self.st })? {
            let value = map.next_value_seed(Seed { st: &mut *self.st })?;
            if let Err(e) = dict.set_item(key, value) {
                return Err(self.st.fail(e));
            }
        }
        Ok(dict.into_any())
    }
}

struct KeySeed<'a, 'de, 'py> {
    st: &'a mut State<'de, 'py>,
}

impl<'de, 'py> DeserializeSeed<'de> for KeySeed<'_, 'de, 'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, 'py> Visitor<'de> for KeySeed<'_, 'de, 'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.st.key(v))
    }
}
