//! Response bodies decoded straight into Python objects: what `json.loads(body)` returns (the
//! official client returns `response.json()`), without an intermediate `serde_json::Value`.
//!
//! simd-json parses the body into a tape (a flat list of its strings, numbers and the sizes of
//! its arrays and objects; stage 1 finds the structure with AVX2 or SSE4.2, chosen at run time),
//! then the tape is walked into dicts, lists, strings and numbers. For a 250-item page the walk
//! as first written took 8% fewer instructions than the serde_json visitor it replaced (7.25 M ->
//! 6.65 M, 1.20x `orjson.loads`); with the changes since (strings shared per template key below,
//! dict items set through `PyDict_SetItem` directly, `None`/`True`/`False` and shared strings set
//! without reference count calls) 6.22 M, 1.12x `orjson.loads` (callgrind, benches/README.md;
//! about 1.2x on a page whose timestamps and bodies all differ, where less is shared).
//! Caches keep object creation down, which is most of the cost:
//! - dict keys come from a per-thread cache of Python strings (Notify's responses use a few dozen
//!   keys), so each key is a reference-count increment, like `json.loads`' key memo;
//! - string values repeated within one response (a template's id, `"sms"`, `"delivered"`,
//!   the same timestamp) share one Python string, as `str` is immutable: a value at a key of a
//!   template (below) is compared with that key's previous value and with the last such string
//!   made, and only then looked up by hash among the short strings (64 bytes at most) seen
//!   before, a lookup that a key stops making after 8 misses in a row (ids, timestamps: values
//!   that never repeat, where hashing and inserting them only cost);
//! - each object's keys are compared with those of the first object seen with the same number
//!   of keys and the same first key (a template); when all match, the key objects are the
//!   template's (no hash lookup), and an object of 8 keys or more is made by copying the
//!   template's dict, then setting the values: the copy is made at its final size, where a dict
//!   filled key by key grows 8 -> 16 -> 32 entries (the limited API has no presized dict).
//!
//! The rules, the same as the core's serde_json check and as the serde_json decoder before this
//! one (tests/python/test_errors.py): nesting deeper than 127 levels is rejected
//! (`govuk_notify::MAX_JSON_DEPTH`, given to simd-json as its depth limit; json.loads's is the
//! interpreter's recursion limit); `NaN`/`Infinity` and numbers beyond f64 (`1e400`) are rejected
//! (json.loads accepts them); integers beyond 64 bits become floats (simd-json's
//! `big-int-as-float`); lone surrogates in `\u` escapes, control characters in strings, bytes
//! that are not UTF-8 and anything after the value are rejected; a repeated key keeps its first
//! position and its last value; any JSON value is accepted at the top level. Two differences from
//! the serde_json decoder, both towards `json.loads`: floats are correctly rounded (serde_json
//! without its `float_roundtrip` feature is sometimes one unit in the last place off), and `-0`
//! is the integer 0 (serde_json made it the float -0.0).

use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyNone, PyString};
use rustc_hash::FxHasher;
use simd_json::{Buffers, Node, StaticNode, Tape};

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Strings at most this long are shared within a response (longer ones are rarely repeated).
const SHARE_MAX_LEN: usize = 64;
/// A template's key whose string values miss in the shared strings this many times in a row
/// stops being looked up there (its values are unique: ids, timestamps).
const SLOT_MISSES: u8 = 8;
/// Keys cached per thread, at most (Notify uses ~60; anything beyond is created per use).
const KEY_CACHE_MAX: usize = 512;
/// Keys longer than this are not cached.
const KEY_MAX_LEN: usize = 64;
/// Objects with fewer keys are built key by key (a small dict does not grow).
const TEMPLATE_MIN_KEYS: usize = 8;
/// Templates kept per decode, at most (a page has a handful of shapes).
const TEMPLATES_MAX: usize = 16;

/// Bodies up to this size leave simd-json's buffers (about three times the body) with the thread
/// for its next decode; larger ones free them.
const KEEP_MAX: usize = 1 << 20;

/// simd-json's working memory and the padded, mutable copy of the body it parses (strings are
/// unescaped in place), kept per thread between decodes.
struct Scratch {
    buffers: Buffers,
    input: Vec<u8>,
}

impl Default for Scratch {
    fn default() -> Self {
        Self {
            buffers: Buffers::with_max_depth(0, govuk_notify::MAX_JSON_DEPTH),
            input: Vec::new(),
        }
    }
}

/// What a thread keeps between decodes: the key cache and simd-json's buffers.
#[derive(Default)]
struct PerThread {
    keys: FxMap<Box<str>, Py<PyString>>,
    scratch: Scratch,
}

thread_local! {
    /// `None` while a decode on this thread has it (or before the first decode).
    static PER_THREAD: RefCell<Option<PerThread>> = const { RefCell::new(None) };
}

/// Decodes `body` (one JSON value) into Python objects.
///
/// # Errors
/// `Err(None)` when the body is not valid JSON; `Err(Some(e))` when Python failed to allocate.
pub(crate) fn decode<'py>(
    py: Python<'py>,
    body: &[u8],
) -> Result<Bound<'py, PyAny>, Option<PyErr>> {
    // The key cache and the buffers are taken out of the thread-local for the whole decode (one
    // access, leaving `None` behind) and put back at the end. No Python code runs while
    // decoding, so no other decode on this thread can find them missing.
    let mut mine = PER_THREAD
        .try_with(|cell| cell.try_borrow_mut().ok().and_then(|mut t| t.take()))
        .ok()
        .flatten()
        .unwrap_or_default();
    let result = parse(py, &mut mine.keys, &mut mine.scratch, body);
    if body.len() > KEEP_MAX {
        mine.scratch = Scratch::default();
    }
    let _ = PER_THREAD.try_with(|cell| {
        if let Ok(mut t) = cell.try_borrow_mut() {
            *t = Some(mine);
        }
    });
    result
}

/// Parses `body` with simd-json into a tape in `scratch`, then walks the tape into Python
/// objects with the thread's key cache.
fn parse<'py>(
    py: Python<'py>,
    keys: &mut FxMap<Box<str>, Py<PyString>>,
    scratch: &mut Scratch,
    body: &[u8],
) -> Result<Bound<'py, PyAny>, Option<PyErr>> {
    let input = &mut scratch.input;
    input.clear();
    input.extend_from_slice(body);
    input.resize(body.len() + simd_json::INPUT_PADDING, 0);
    let mut tape = Tape::null();
    if simd_json::fill_tape_padded(input, body.len(), &mut scratch.buffers, &mut tape).is_err() {
        return Err(None);
    }
    let nodes = &tape.0;
    let mut w = Walk {
        py,
        shared: FxMap::with_capacity_and_hasher(
            (body.len() / 256).clamp(64, 1 << 16),
            BuildHasherDefault::default(),
        ),
        keys: std::mem::take(keys),
        templates: Vec::new(),
        last: None,
        kept: Vec::new(),
        items: Vec::with_capacity(256),
        pairs: Vec::with_capacity(64),
    };
    let mut i = 0;
    let v = w.value(nodes, &mut i);
    *keys = std::mem::take(&mut w.keys);
    match v {
        Ok(Some(v)) if i == nodes.len() => Ok(v),
        Ok(_) => Err(None),
        Err(e) => Err(Some(e)),
    }
}

struct Walk<'de, 'py> {
    py: Python<'py>,
    /// Short string values seen in this response.
    shared: FxMap<&'de str, Bound<'py, PyString>>,
    /// The thread's key cache, taken for this decode.
    keys: FxMap<Box<str>, Py<PyString>>,
    /// The key sequences seen in this response (see `object`).
    templates: Vec<Template<'de, 'py>>,
    /// The last string value made by `slot_string` (held by a template's slot or `kept`).
    last: Option<(&'de str, *mut ffi::PyObject)>,
    /// The strings `slot_string` replaced in a slot, kept alive until the walk ends (the values
    /// of the objects being built borrow them).
    kept: Vec<Bound<'py, PyAny>>,
    /// The items of the arrays being built (one stack for all the open arrays).
    items: Vec<Bound<'py, PyAny>>,
    /// The pairs of the objects being built: key text, key (`None`: the template's), value.
    pairs: Vec<Pair<'de, 'py>>,
}

impl<'de, 'py> Walk<'de, 'py> {
    fn string(&mut self, s: &'de str) -> Bound<'py, PyAny> {
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

    /// The string value `s` of key `j` of an object matching template `t`: the previous value
    /// of that key when equal, else shared through `shared` unless that key's values have
    /// missed there `SLOT_MISSES` times in a row (unique values: ids, timestamps).
    fn slot_string(&mut self, t: usize, j: usize, s: &'de str) -> Val<'py> {
        let py = self.py;
        let Some(slot) = self.templates.get_mut(t).and_then(|t| t.slots.get_mut(j)) else {
            return Val::Obj(self.string(s));
        };
        // The strings handed out here are borrowed (`Val::Static`): each is held by a slot's
        // `prev` until replaced there, then by `kept`, both until the walk ends; `last` is always
        // one of them.
        if let Some((p, o)) = &slot.prev {
            if *p == s {
                return Val::Static(o.as_ptr());
            }
        }
        let o = match self.last {
            Some((p, o)) if p == s => {
                // SAFETY: `o` is alive (above) and the GIL is held (`py`); this is a new
                // reference to it for the slot.
                unsafe { Bound::from_borrowed_ptr(py, o) }
            }
            _ if s.len() <= SHARE_MAX_LEN && slot.misses < SLOT_MISSES => {
                match self.shared.entry(s) {
                    Entry::Occupied(e) => {
                        slot.misses = 0;
                        e.get().clone().into_any()
                    }
                    Entry::Vacant(e) => {
                        slot.misses += 1;
                        e.insert(PyString::new(py, s)).clone().into_any()
                    }
                }
            }
            _ => PyString::new(py, s).into_any(),
        };
        let ptr = o.as_ptr();
        if let Some((_, old)) = slot.prev.replace((s, o)) {
            self.kept.push(old);
        }
        self.last = Some((s, ptr));
        Val::Static(ptr)
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

    /// `Ok(None)`: the tape is not what simd-json promises (never expected).
    fn value(&mut self, nodes: &[Node<'de>], i: &mut usize) -> PyResult<Option<Bound<'py, PyAny>>> {
        let py = self.py;
        let Some(&node) = nodes.get(*i) else {
            return Ok(None);
        };
        *i += 1;
        Ok(Some(match node {
            Node::String(s) => self.string(s),
            Node::Static(StaticNode::Null) => py.None().into_bound(py),
            Node::Static(StaticNode::Bool(b)) => PyBool::new(py, b).to_owned().into_any(),
            Node::Static(StaticNode::I64(v)) => {
                let Ok(o) = v.into_pyobject(py);
                o.into_any()
            }
            Node::Static(StaticNode::U64(v)) => {
                let Ok(o) = v.into_pyobject(py);
                o.into_any()
            }
            Node::Static(StaticNode::F64(v)) => PyFloat::new(py, v).into_any(),
            Node::Array { len, .. } => {
                let base = self.items.len();
                for _ in 0..len {
                    let Some(v) = self.value(nodes, i)? else {
                        return Ok(None);
                    };
                    self.items.push(v);
                }
                list(py, self.items.drain(base..))?
            }
            Node::Object { len, .. } => return self.object(nodes, i, len),
        }))
    }

    /// An object of `len` pairs starting at `nodes[*i]`. Its keys are first compared with those
    /// of the template of the same length and first key, if any (a string comparison each,
    /// instead of a hash lookup in the key cache); at the first difference the rest go through
    /// the cache.
    fn object(
        &mut self,
        nodes: &[Node<'de>],
        i: &mut usize,
        len: usize,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let py = self.py;
        let base = self.pairs.len();
        let t0 = match nodes.get(*i) {
            Some(&Node::String(k0)) => self
                .templates
                .iter()
                .position(|t| t.keys.len() == len && t.keys.first().is_some_and(|(s, _)| *s == k0)),
            _ => None,
        };
        let mut t = t0;
        for j in 0..len {
            let Some(&Node::String(k)) = nodes.get(*i) else {
                return Ok(None);
            };
            *i += 1;
            let key = match t.and_then(|t| self.templates.get(t)?.keys.get(j)) {
                Some((s, _)) if *s == k => None,
                _ => {
                    t = None;
                    Some(self.key(k))
                }
            };
            let v = match (&key, t, nodes.get(*i)) {
                (_, _, Some(&Node::Static(StaticNode::Null))) => {
                    *i += 1;
                    Val::Static(PyNone::get(py).as_ptr())
                }
                (_, _, Some(&Node::Static(StaticNode::Bool(b)))) => {
                    *i += 1;
                    Val::Static(PyBool::new(py, b).as_ptr())
                }
                (None, Some(t), Some(&Node::String(s))) => {
                    *i += 1;
                    self.slot_string(t, j, s)
                }
                _ => {
                    let Some(v) = self.value(nodes, i)? else {
                        return Ok(None);
                    };
                    Val::Obj(v)
                }
            };
            self.pairs.push((k, key, v));
        }
        let dict = match t.and_then(|t| self.templates.get(t)) {
            Some(t) => match &t.dict {
                Some(d) => d.copy()?,
                None => PyDict::new(py),
            },
            None => self.new_template(base)?,
        };
        let tkeys = t0
            .and_then(|t| self.templates.get(t))
            .map_or(&[][..], |t| &t.keys[..]);
        for (j, (_, k, v)) in self.pairs.drain(base..).enumerate() {
            match (k, tkeys.get(j)) {
                (Some(k), _) => set_item(&dict, &k, &v)?,
                (None, Some((_, k))) => set_item(&dict, k, &v)?,
                (None, None) => return Ok(None),
            }
        }
        Ok(Some(dict.into_any()))
    }

    /// A new dict for the object whose pairs start at `self.pairs[base]`, after recording its
    /// keys as a template (when there is room).
    fn new_template(&mut self, base: usize) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let pairs = &self.pairs[base..];
        if self.templates.len() >= TEMPLATES_MAX || pairs.is_empty() {
            return Ok(PyDict::new(py));
        }
        let mut keys = Vec::with_capacity(pairs.len());
        for (s, k, _) in pairs {
            match k {
                Some(k) => keys.push((*s, k.clone())),
                None => return Ok(PyDict::new(py)),
            }
        }
        let dict = if pairs.len() >= TEMPLATE_MIN_KEYS {
            let t = PyDict::new(py);
            let none = Val::Static(PyNone::get(py).as_ptr());
            for (_, k) in &keys {
                set_item(&t, k, &none)?;
            }
            Some(t)
        } else {
            None
        };
        let d = match &dict {
            Some(t) => t.copy()?,
            None => PyDict::new(py),
        };
        let slots = keys.iter().map(|_| Slot::default()).collect();
        self.templates.push(Template { keys, dict, slots });
        Ok(d)
    }
}

/// A value of an object being built. `Static`: an object used without a reference of ours (no
/// reference count changes, which the limited API makes function calls): `None`, `True` and
/// `False`, which live as long as the interpreter, or a string that `Walk::slot_string` keeps
/// alive until the walk ends.
enum Val<'py> {
    Obj(Bound<'py, PyAny>),
    Static(*mut ffi::PyObject),
}

impl Val<'_> {
    fn as_ptr(&self) -> *mut ffi::PyObject {
        match self {
            Val::Obj(o) => o.as_ptr(),
            Val::Static(o) => *o,
        }
    }
}

/// `dict[key] = value`, through `PyDict_SetItem` directly (no conversions; it takes its own
/// references to `key` and `value`).
fn set_item<'py>(
    dict: &Bound<'py, PyDict>,
    key: &Bound<'py, PyAny>,
    value: &Val<'py>,
) -> PyResult<()> {
    // SAFETY: the three pointers are live objects (each held by a `Bound` for the call, or a
    // `Val::Static`: `None`, `True`, `False`, or a string the walk keeps), the first a dict;
    // PyDict_SetItem borrows them (it increments what it stores) and needs the GIL, which
    // `Bound<'py, _>` proves is held.
    if unsafe { ffi::PyDict_SetItem(dict.as_ptr(), key.as_ptr(), value.as_ptr()) } < 0 {
        return Err(PyErr::fetch(dict.py()));
    }
    Ok(())
}

/// A list of `items` (their number known in advance), made with `PyList_New` and filled with
/// `PyList_SetItem`, which takes over each item's reference.
fn list<'py>(
    py: Python<'py>,
    items: impl ExactSizeIterator<Item = Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let Ok(len) = ffi::Py_ssize_t::try_from(items.len()) else {
        return Err(pyo3::exceptions::PyMemoryError::new_err("list too long"));
    };
    // SAFETY: PyList_New needs the GIL (held: `py`); it returns a new reference or NULL with an
    // exception set, which `from_owned_ptr_or_err` turns into the error.
    let list = unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyList_New(len))? };
    for (j, item) in (0..len).zip(items) {
        // SAFETY: `list` is a new list of `len` slots, all NULL, and `j < len`; PyList_SetItem
        // takes over the reference `into_ptr` gives up (it cannot fail for an index in range).
        unsafe { ffi::PyList_SetItem(list.as_ptr(), j, item.into_ptr()) };
    }
    Ok(list)
}

/// A pair of an object being built: key text, key (`None`: the template's), value.
type Pair<'de, 'py> = (&'de str, Option<Bound<'py, PyAny>>, Val<'py>);

/// The keys of an object seen in this response, with their text, and for 8 keys or more a dict
/// holding them (values `None`) to copy.
struct Template<'de, 'py> {
    keys: Vec<(&'de str, Bound<'py, PyAny>)>,
    dict: Option<Bound<'py, PyDict>>,
    /// Per key, what its string values have done so far (see `Walk::slot_string`).
    slots: Vec<Slot<'de, 'py>>,
}

/// The string values of one key of a template: the last one, and how many in a row have missed
/// in `Walk::shared`.
#[derive(Default)]
struct Slot<'de, 'py> {
    prev: Option<(&'de str, Bound<'py, PyAny>)>,
    misses: u8,
}
