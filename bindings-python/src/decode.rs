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
//! And objects with the same keys in the same order (every item of a page) are made by copying a
//! template dict holding those keys, then setting the values: the copy is made at its final size,
//! where a dict filled key by key grows 8 -> 16 -> 32 entries (the limited API has no presized
//! dict). Measured with callgrind on a 250-item page, these and the key cache's single
//! thread-local access per decode save 6% of the instructions (benches/README.md).
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
/// Objects with fewer keys are built key by key (a small dict does not grow).
const TEMPLATE_MIN_KEYS: usize = 8;
/// Templates kept per decode, at most (a page has one or two shapes).
const TEMPLATES_MAX: usize = 16;
/// The key-value pairs an object's buffer holds before growing (a notification has 27 fields).
const PAIRS_CAPACITY: usize = 32;

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
    // The key cache is taken out of its thread-local for the whole decode (one access instead of
    // one per key) and put back at the end. No Python code runs while decoding, so no other
    // decode on this thread can find it missing.
    let keys = KEYS
        .try_with(|cell| {
            cell.try_borrow_mut()
                .map(|mut k| std::mem::take(&mut *k))
                .ok()
        })
        .ok()
        .flatten()
        .unwrap_or_default();
    let mut state = State {
        py,
        shared: FxMap::with_capacity_and_hasher(64, BuildHasherDefault::default()),
        keys,
        templates: Vec::new(),
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
    let keys = std::mem::take(&mut state.keys);
    let _ = KEYS.try_with(|cell| {
        if let Ok(mut k) = cell.try_borrow_mut() {
            *k = keys;
        }
    });
    match result {
        Ok(v) => Ok(v),
        Err(_) => Err(state.error.take()),
    }
}

struct State<'de, 'py> {
    py: Python<'py>,
    /// Short string values seen in this response.
    shared: FxMap<&'de str, Bound<'py, PyString>>,
    /// The thread's key cache, taken for this decode.
    keys: FxMap<Box<str>, Py<PyString>>,
    /// Dicts holding the keys (values `None`) of objects seen in this response, with the
    /// addresses of those key objects in order. A template keeps its keys alive, so an address
    /// cannot be reused by another string while the template exists.
    templates: Vec<(Vec<usize>, Bound<'py, PyDict>)>,
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
        if let Some(k) = self.keys.get(s) {
            return k.bind(py).clone().into_any();
        }
        let k = PyString::new(py, s);
        if self.keys.len() < KEY_CACHE_MAX {
            self.keys.insert(s.into(), k.clone().unbind());
        }
        k.into_any()
    }

    /// An empty-valued copy of the template for these keys (made on first sight), or a new
    /// dict for a small object or when there are too many shapes.
    fn dict_for(
        &mut self,
        pairs: &[(Bound<'py, PyAny>, Bound<'py, PyAny>)],
    ) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        if pairs.len() < TEMPLATE_MIN_KEYS {
            return Ok(PyDict::new(py));
        }
        let same = |addrs: &[usize]| {
            addrs.len() == pairs.len()
                && addrs
                    .iter()
                    .zip(pairs)
                    .all(|(&a, (k, _))| a == k.as_ptr() as usize)
        };
        if let Some((_, t)) = self.templates.iter().find(|(addrs, _)| same(addrs)) {
            return t.copy();
        }
        if self.templates.len() >= TEMPLATES_MAX {
            return Ok(PyDict::new(py));
        }
        let t = PyDict::new(py);
        for (k, _) in pairs {
            t.set_item(k, py.None())?;
        }
        let d = t.copy()?;
        let addrs = pairs.iter().map(|(k, _)| k.as_ptr() as usize).collect();
        self.templates.push((addrs, t));
        Ok(d)
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
        let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0).max(PAIRS_CAPACITY));
        while let Some(key) = map.next_key_seed(KeySeed { st: &mut *self.st })? {
            let value = map.next_value_seed(Seed { st: &mut *self.st })?;
            pairs.push((key, value));
        }
        let dict = match self.st.dict_for(&pairs) {
            Ok(d) => d,
            Err(e) => return Err(self.st.fail(e)),
        };
        // Set in the body's order: a repeated key keeps its first position and its last value,
        // as with json.loads.
        for (key, value) in pairs {
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
