//! A small WARC 1.0/1.1 reader (plain or gzip, one member per record or one for all), and
//! the HTTP response parsing needed to feed `response` records to the cleaner.

use std::io::{BufRead, BufReader, Read};

use crate::error::{Error, Result};

/// Longest WARC or HTTP header section accepted.
const MAX_HEADER: usize = 256 * 1024;

/// One WARC record.
#[derive(Debug, Clone)]
pub struct Record {
    /// `WARC-Type` (lower-case), e.g. `response`.
    pub warc_type: String,
    /// `WARC-Target-URI`.
    pub target_uri: Option<String>,
    /// `WARC-Date`: when the record was captured.
    pub date: Option<String>,
    /// The record block (for a response: HTTP status line, headers and body). Empty when
    /// `too_large` is set.
    pub block: Vec<u8>,
    /// The block was larger than the cap and was skipped.
    pub too_large: bool,
    /// Declared length of the block.
    pub length: u64,
}

/// Reads records one after another from a (decompressed) stream.
pub struct Reader<R: BufRead> {
    inner: R,
    max_block: u64,
    done: bool,
}

/// Opens WARC bytes from any reader, transparently gunzipping (all members).
pub fn reader(mut input: impl Read + 'static, max_block: u64) -> Result<Reader<Box<dyn BufRead>>> {
    let mut magic = [0u8; 2];
    let mut got = 0;
    while got < 2 {
        match input.read(&mut magic[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::Input(format!("warc: {e}"))),
        }
    }
    let head = std::io::Cursor::new(magic[..got].to_vec());
    let chained = head.chain(input);
    let inner: Box<dyn BufRead> = if got == 2 && magic == [0x1f, 0x8b] {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(chained)))
    } else {
        Box::new(BufReader::new(chained))
    };
    Ok(Reader {
        inner,
        max_block,
        done: false,
    })
}

fn read_line(r: &mut impl BufRead, out: &mut Vec<u8>) -> std::io::Result<usize> {
    out.clear();
    let mut limited = r.take(MAX_HEADER as u64);
    limited.read_until(b'\n', out)
}

impl<R: BufRead> Reader<R> {
    fn next_record(&mut self) -> Result<Option<Record>> {
        let mut line = Vec::new();
        // Skip blank lines between records.
        loop {
            let n = read_line(&mut self.inner, &mut line)
                .map_err(|e| Error::Input(format!("warc: {e}")))?;
            if n == 0 {
                return Ok(None);
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        if !line.starts_with(b"WARC/") {
            return Err(Error::Input(format!(
                "warc: expected a record header, found {:?}",
                String::from_utf8_lossy(&line[..line.len().min(40)])
            )));
        }
        let mut warc_type = String::new();
        let mut target_uri = None;
        let mut date = None;
        let mut length: Option<u64> = None;
        let mut header_bytes = 0usize;
        loop {
            let n = read_line(&mut self.inner, &mut line)
                .map_err(|e| Error::Input(format!("warc: {e}")))?;
            header_bytes += n;
            if n == 0 || header_bytes > MAX_HEADER {
                return Err(Error::Input(
                    "warc: record header cut short or too long".into(),
                ));
            }
            let l = String::from_utf8_lossy(&line);
            let l = l.trim_end_matches(['\r', '\n']);
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                let v = v.trim();
                match k.trim().to_ascii_lowercase().as_str() {
                    "warc-type" => warc_type = v.to_ascii_lowercase(),
                    "warc-target-uri" => target_uri = Some(v.trim_matches(['<', '>']).to_string()),
                    "warc-date" => date = Some(v.to_string()),
                    "content-length" => length = v.parse().ok(),
                    _ => {}
                }
            }
        }
        let length =
            length.ok_or_else(|| Error::Input("warc: record without Content-Length".into()))?;
        let mut block = Vec::new();
        let too_large = length > self.max_block;
        if too_large {
            let copied = std::io::copy(&mut (&mut self.inner).take(length), &mut std::io::sink())
                .map_err(|e| Error::Input(format!("warc: {e}")))?;
            if copied < length {
                return Err(Error::Input("warc: record block cut short".into()));
            }
        } else {
            (&mut self.inner)
                .take(length)
                .read_to_end(&mut block)
                .map_err(|e| Error::Input(format!("warc: {e}")))?;
            if (block.len() as u64) < length {
                return Err(Error::Input("warc: record block cut short".into()));
            }
        }
        Ok(Some(Record {
            warc_type,
            target_uri,
            date,
            block,
            too_large,
            length,
        }))
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(Some(r)) => Some(Ok(r)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                // A broken stream cannot be resynchronized reliably: stop after reporting.
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// An HTTP response taken from a `response` record.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// `Content-Type` header, when present.
    pub content_type: Option<String>,
    /// The body, de-chunked and decompressed when the headers said so.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// Whether the response is HTML (or of unknown type).
    pub fn is_html(&self) -> bool {
        match &self.content_type {
            None => true,
            Some(ct) => {
                let ct = ct.to_ascii_lowercase();
                ct.contains("html") || ct.trim().is_empty()
            }
        }
    }
}

fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = body;
    loop {
        let nl = rest.iter().position(|&b| b == b'\n')?;
        let size_line = std::str::from_utf8(&rest[..nl]).ok()?.trim();
        let size_hex = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        rest = &rest[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        if rest.len() < size {
            out.extend_from_slice(rest);
            return Some(out);
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size..];
        while rest.first().is_some_and(|b| *b == b'\r' || *b == b'\n') {
            rest = &rest[1..];
        }
    }
}

/// Parses the HTTP response in a record block. `max_body` caps a decompressed body.
pub fn parse_http(block: &[u8], max_body: u64) -> Result<HttpResponse> {
    let end = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| {
            block
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|p| (p, p + 2))
        })
        .ok_or_else(|| Error::Input("http: no end of headers".into()))?;
    let head = String::from_utf8_lossy(&block[..end.0]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| Error::Input(format!("http: bad status line {status_line:?}")))?;
    let mut content_type = None;
    let mut chunked = false;
    let mut gzip = false;
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            let v = v.trim();
            match k.trim().to_ascii_lowercase().as_str() {
                "content-type" => content_type = Some(v.to_string()),
                "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                "content-encoding" => {
                    gzip = matches!(v.to_ascii_lowercase().as_str(), "gzip" | "x-gzip")
                }
                _ => {}
            }
        }
    }
    let mut body = block[end.1..].to_vec();
    if chunked {
        if let Some(b) = dechunk(&body) {
            body = b;
        }
    }
    if gzip && body.starts_with(&[0x1f, 0x8b]) {
        body = crate::stream::gunzip_capped(&body, max_body)?;
    }
    Ok(HttpResponse {
        status,
        content_type,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    #[test]
    fn reads_plain_and_gzip_members() {
        let http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>hi</p></body></html>";
        let mut plain = record("warcinfo", "", b"software: test");
        plain.extend(record("response", "https://a.example/x", http));
        let recs: Vec<_> = reader(std::io::Cursor::new(plain.clone()), 1 << 20)
            .unwrap()
            .collect();
        assert_eq!(recs.len(), 2);
        let r = recs[1].as_ref().unwrap();
        assert_eq!(r.warc_type, "response");
        assert_eq!(r.target_uri.as_deref(), Some("https://a.example/x"));
        let resp = parse_http(&r.block, 1 << 20).unwrap();
        assert!(resp.is_html());
        assert!(resp.body.ends_with(b"</html>"));

        // One gzip member per record, as Common Crawl writes them.
        let mut gz = Vec::new();
        for part in [
            record("warcinfo", "", b"x"),
            record("response", "https://b.example/", http),
        ] {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            std::io::Write::write_all(&mut e, &part).unwrap();
            gz.extend(e.finish().unwrap());
        }
        let recs: Vec<_> = reader(std::io::Cursor::new(gz), 1 << 20).unwrap().collect();
        assert_eq!(recs.len(), 2);
        assert_eq!(
            recs[1].as_ref().unwrap().target_uri.as_deref(),
            Some("https://b.example/")
        );
    }

    #[test]
    fn truncated_record_is_an_error_not_a_panic() {
        let mut r = record("response", "u", b"HTTP/1.1 200 OK\r\n\r\nbody");
        r.truncate(r.len() - 10);
        let recs: Vec<_> = reader(std::io::Cursor::new(r), 1 << 20).unwrap().collect();
        assert!(recs[0].is_err());
    }

    #[test]
    fn chunked_body() {
        let resp = parse_http(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n", 100).unwrap();
        assert_eq!(resp.body, b"Wikipedia");
    }
}
