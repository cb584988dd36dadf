//! Python ⇄ JSON conversions: what `json.dumps` would send for personalisation (with the official
//! client's `_extended_json_encoder`, so sets become lists), and what `json.loads` would return
//! for a response. Done here in one pass, without going through JSON text.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyFrozenSet, PyInt, PyList, PySet, PyString,
    PyTuple,
};
use serde_json::{Map, Number, Value};

/// Deeper than any real personalisation; stops a self-referencing list from exhausting the stack
/// (`json.dumps` raises `ValueError: Circular reference detected` for the same input).
const MAX_DEPTH: usize = 100;

/// Converts a Python value the way `json.dumps(obj, default=_extended_json_encoder)` does.
///
/// # Errors
/// `TypeError` for values JSON cannot express (like `json.dumps`), `ValueError` for NaN/infinity,
/// integers beyond 64 bits and nesting deeper than [`MAX_DEPTH`].
pub(crate) fn to_json(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    to_json_at(obj, 0)
}

fn to_json_at(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err(
            "personalisation is nested too deeply (or contains a circular reference)",
        ));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // bool before int: `True` is an int in Python.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        return int_to_json(i);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| {
                PyValueError::new_err("Out of range float values are not JSON compliant")
            });
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        return dict_to_json(d, depth).map(Value::Object);
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return l
            .iter()
            .map(|x| to_json_at(&x, depth + 1))
            .collect::<PyResult<Vec<_>>>()
            .map(Value::Array);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return t
            .iter()
            .map(|x| to_json_at(&x, depth + 1))
            .collect::<PyResult<Vec<_>>>()
            .map(Value::Array);
    }
    // The official client's `_extended_json_encoder` turns a set into a list.
    if obj.cast::<PySet>().is_ok() || obj.cast::<PyFrozenSet>().is_ok() {
        return obj
            .try_iter()?
            .map(|x| to_json_at(&x?, depth + 1))
            .collect::<PyResult<Vec<_>>>()
            .map(Value::Array);
    }
    Err(PyTypeError::new_err(format!(
        "Object of type {} is not JSON serializable",
        obj.get_type().name()?
    )))
}

fn int_to_json(i: &Bound<'_, PyInt>) -> PyResult<Value> {
    if let Ok(v) = i.extract::<i64>() {
        return Ok(Value::from(v));
    }
    if let Ok(v) = i.extract::<u64>() {
        return Ok(Value::from(v));
    }
    Err(PyValueError::new_err(
        "integers in personalisation must fit in 64 bits; send large numbers as strings",
    ))
}

/// A dict as a JSON object; keys are converted like `json.dumps` does (str, int, float, bool, None).
pub(crate) fn dict_to_json(d: &Bound<'_, PyDict>, depth: usize) -> PyResult<Map<String, Value>> {
    let mut map = Map::with_capacity(d.len());
    for (k, v) in d.iter() {
        map.insert(key_to_string(&k)?, to_json_at(&v, depth + 1)?);
    }
    Ok(map)
}

fn key_to_string(k: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = k.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if k.is_none() {
        return Ok("null".to_owned());
    }
    if let Ok(b) = k.cast::<PyBool>() {
        return Ok(if b.is_true() { "true" } else { "false" }.to_owned());
    }
    if k.cast::<PyInt>().is_ok() || k.cast::<PyFloat>().is_ok() {
        // Same spelling as json.dumps: int.__repr__ / float.__repr__.
        return Ok(k.repr()?.to_cow()?.into_owned());
    }
    Err(PyTypeError::new_err(format!(
        "keys must be str, int, float, bool or None, not {}",
        k.get_type().name()?
    )))
}

/// Converts parsed JSON to the objects `json.loads` returns (dict, list, str, int, float, bool,
/// None). Key order is kept.
pub(crate) fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, item) in map {
                dict.set_item(PyString::new(py, k), to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// A Python string argument, or `str(obj)` for anything else: the official client puts ids into
/// URLs with f-strings, so a `uuid.UUID` works there.
pub(crate) fn path_arg(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    Ok(obj.str()?.to_cow()?.into_owned())
}

/// `None` and empty strings are "unset" (the official client tests truthiness); other values are
/// converted with [`path_arg`].
pub(crate) fn opt_path_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => path_arg(o).map(Some),
    }
}

/// A list of strings from a str (one item), list, tuple or set — what `requests` accepts for a
/// repeated query parameter, and what the official client serialises for `sanitise_content_for`.
pub(crate) fn str_list(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(obj) = obj else {
        return Ok(Vec::new());
    };
    if obj.is_none() {
        return Ok(Vec::new());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(vec![s.to_cow()?.into_owned()]);
    }
    obj.try_iter()?
        .map(|item| path_arg(&item?))
        .collect::<PyResult<Vec<_>>>()
}

/// The bytes of a file-like object (anything with `.read()`), or of bytes / bytearray / str given
/// directly. Text is encoded as UTF-8.
pub(crate) fn read_bytes(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    let data = if obj.hasattr(pyo3::intern!(obj.py(), "read"))? {
        obj.call_method0(pyo3::intern!(obj.py(), "read"))?
    } else {
        obj.clone()
    };
    if let Ok(b) = data.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(b) = data.cast::<PyByteArray>() {
        return Ok(b.to_vec());
    }
    if let Ok(s) = data.cast::<PyString>() {
        return Ok(s.to_cow()?.as_bytes().to_vec());
    }
    // memoryview and other buffer objects; `bytes()` raises TypeError for anything else.
    let as_bytes = obj.py().get_type::<PyBytes>().call1((data,))?;
    Ok(as_bytes.cast::<PyBytes>()?.as_bytes().to_vec())
}

/// A JSON response body as `json.loads` would return it (what the official client's
/// `response.json()` gives), decoded straight from the bytes (see [`crate::decode`]). A body that
/// is not a JSON object is the core's `InvalidResponse` error.
pub(crate) fn response_to_py<'py>(
    py: Python<'py>,
    raw: &govuk_notify::RawResponse,
) -> PyResult<Bound<'py, PyAny>> {
    match crate::decode::decode(py, &raw.body) {
        Ok(obj) if obj.cast::<PyDict>().is_ok() => Ok(obj),
        Ok(_) | Err(None) => Err(crate::errors::to_pyerr(py, &raw.invalid_json_error())),
        Err(Some(e)) => Err(e),
    }
}
