//! Streaming records: one JSON line in, one JSON line out (the `dechrome jsonl` contract),
//! and reading possibly-compressed inputs under a byte cap.

use base64::Engine as _;
use serde_json::{Map, Value};
use std::io::Read;

use crate::article::Article;
use crate::cleaner::{Cleaner, Hints, InputKind};
use crate::error::{Error, Result};

/// Reads all of `reader` but at most `limit` bytes; more is [`Error::TooLarge`].
pub fn read_capped(
    reader: impl Read,
    limit: u64,
) -> std::io::Result<std::result::Result<Vec<u8>, Error>> {
    read_capped_with(reader, limit, 0)
}

/// [`read_capped`] into a buffer made for `size_hint` bytes (a file's length).
pub fn read_capped_with(
    reader: impl Read,
    limit: u64,
    size_hint: usize,
) -> std::io::Result<std::result::Result<Vec<u8>, Error>> {
    // One byte more than the hint: read_to_end then sees the end without growing.
    let mut buf = Vec::with_capacity(size_hint.saturating_add(1));
    let mut r = reader.take(limit.saturating_add(1));
    r.read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Ok(Err(Error::TooLarge {
            size: buf.len() as u64,
            limit,
        }));
    }
    Ok(Ok(buf))
}

/// Gunzips `bytes` (all members) under a cap on the decompressed size.
pub fn gunzip_capped(bytes: &[u8], limit: u64) -> Result<Vec<u8>> {
    let dec = flate2::read::MultiGzDecoder::new(bytes);
    match read_capped(dec, limit) {
        Ok(r) => r,
        Err(e) => Err(Error::Input(format!("gzip: {e}"))),
    }
}

/// Serializes an article into a JSON object and adds the record fields.
pub fn article_value(article: &Article) -> Map<String, Value> {
    match serde_json::to_value(article) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

fn error_line(id: Value, status: &str, message: String) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), id);
    m.insert("status".into(), Value::String(status.into()));
    m.insert("error".into(), Value::String(message));
    Value::Object(m)
}

/// Processes one JSON line. Never fails: problems become `status`/`error` fields.
///
/// Input fields: `id` (passed through), `url`, one of `html`, `text`, `html_b64`, and
/// optional `charset` / `content_type` / `fetched` (when the page was fetched, ISO 8601: the
/// reference for relative dates).
pub fn process_line(cleaner: &Cleaner, line: &str) -> Value {
    let limit = cleaner.options().limits.max_bytes;
    if line.len() as u64 > limit.saturating_mul(2) {
        return error_line(
            Value::Null,
            "too_large",
            format!("record of {} bytes exceeds the limit", line.len()),
        );
    }
    let v: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return error_line(Value::Null, "error", format!("not JSON: {e}")),
    };
    let Value::Object(rec) = v else {
        return error_line(
            Value::Null,
            "error",
            "a record must be a JSON object".into(),
        );
    };
    let id = rec.get("id").cloned().unwrap_or(Value::Null);
    let s = |k: &str| rec.get(k).and_then(Value::as_str).map(str::to_string);
    let hints = |input| Hints {
        url: s("url"),
        charset: s("charset"),
        content_type: s("content_type"),
        input,
        fetched: s("fetched"),
    };
    let result = if let Some(html) = rec.get("html").and_then(Value::as_str) {
        cleaner.clean_bytes(
            html.as_bytes(),
            &Hints {
                charset: Some("utf-8".into()),
                ..hints(InputKind::Html)
            },
        )
    } else if let Some(b64) = rec.get("html_b64").and_then(Value::as_str) {
        match base64::engine::general_purpose::STANDARD.decode(b64.trim()) {
            Ok(bytes) => cleaner.clean_bytes(&bytes, &hints(InputKind::Html)),
            Err(e) => Err(Error::Input(format!("html_b64 is not base64: {e}"))),
        }
    } else if let Some(text) = rec.get("text").and_then(Value::as_str) {
        cleaner.clean_bytes(
            text.as_bytes(),
            &Hints {
                charset: Some("utf-8".into()),
                ..hints(InputKind::Text)
            },
        )
    } else {
        Err(Error::Input(
            "record has no `html`, `html_b64` or `text` field".into(),
        ))
    };
    match result {
        Ok(article) => {
            let status = if article.is_empty() { "empty" } else { "ok" };
            let mut m = Map::new();
            m.insert("id".into(), id);
            m.insert("status".into(), Value::String(status.into()));
            m.extend(article_value(&article));
            Value::Object(m)
        }
        Err(e) => error_line(id, e.status(), e.to_string()),
    }
}
