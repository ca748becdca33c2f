//! Documents borrowed from Python objects (bytes as they are, str as UTF-8) with their hints.

use std::borrow::Cow;

use dechrome::{Hints, InputKind};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString, PyTuple};

/// One document ready for the Rust threads: it holds no Python object, only borrowed bytes.
pub struct Doc<'a> {
    pub bytes: Cow<'a, [u8]>,
    pub hints: Hints,
}

/// "auto", "html" or "text".
pub fn parse_input_kind(name: &str) -> PyResult<InputKind> {
    match name {
        "auto" => Ok(InputKind::Auto),
        "html" => Ok(InputKind::Html),
        "text" => Ok(InputKind::Text),
        other => Err(PyValueError::new_err(format!(
            "input must be \"auto\", \"html\" or \"text\", not {other:?}"
        ))),
    }
}

/// The bytes of a bytes, bytearray or str object, and whether it was a str.
fn bytes_of<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<(Cow<'a, [u8]>, bool)> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok((Cow::Borrowed(b.as_bytes()), false));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        // Lossy: a lone surrogate (possible in a Python str) becomes U+FFFD instead of an error.
        let bytes = match s.to_string_lossy() {
            Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        };
        return Ok((bytes, true));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok((Cow::Owned(b.to_vec()), false));
    }
    Err(PyTypeError::new_err(format!(
        "expected bytes or str, got {}",
        obj.get_type().name()?
    )))
}

/// The text of a str (or UTF-8 bytes, decoded lossily).
pub fn text_of(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let (bytes, _) = bytes_of(obj)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

impl<'a> Doc<'a> {
    /// A document from `clean`'s arguments. A str is UTF-8 (its charset is known), unless the
    /// caller names another.
    pub fn new(
        obj: &'a Bound<'_, PyAny>,
        url: Option<String>,
        charset: Option<String>,
        content_type: Option<String>,
        input: InputKind,
        fetched: Option<String>,
    ) -> PyResult<Doc<'a>> {
        if let Some(f) = &fetched {
            if dechrome::meta::relative::Reference::parse(f).is_none() {
                return Err(PyValueError::new_err(format!(
                    "fetched must be YYYY-MM-DD or an ISO 8601 date-time, not {f:?}"
                )));
            }
        }
        let (bytes, is_str) = bytes_of(obj)?;
        let charset = match charset {
            Some(c) => Some(c),
            None if is_str => Some("utf-8".to_string()),
            None => None,
        };
        Ok(Doc {
            bytes,
            hints: Hints {
                url,
                charset,
                content_type,
                input,
                fetched,
            },
        })
    }

    /// A document from one item of `clean_many`: bytes, str, or a (document, url) tuple.
    pub fn from_item(item: &'a Bound<'_, PyAny>, input: InputKind) -> PyResult<Doc<'a>> {
        if let Ok(t) = item.cast::<PyTuple>() {
            if t.len() != 2 {
                return Err(PyTypeError::new_err(
                    "clean_many items are bytes, str or (document, url) tuples",
                ));
            }
            let url: Option<String> = t.get_borrowed_item(1)?.extract()?;
            // The tuple owns its items, and `item` (borrowed for 'a) owns the tuple.
            let body = t.get_borrowed_item(0)?;
            let (bytes, is_str) = bytes_of(&body)?;
            let bytes = Cow::Owned(bytes.into_owned());
            return Ok(Doc {
                bytes,
                hints: Hints {
                    url,
                    charset: is_str.then(|| "utf-8".to_string()),
                    content_type: None,
                    input,
                    fetched: None,
                },
            });
        }
        Doc::new(item, None, None, None, input, None)
    }
}
