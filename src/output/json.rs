//! The JSON writer of an article: the same bytes as serde_json's (pretty or compact), with the
//! body's text (`text`, and again in `blocks`) escaped by a scan that copies runs of plain
//! bytes at once. The other fields are small: serde_json writes them.

use serde::Serialize;

use crate::article::Article;

/// The JSON of `a`, pretty (two spaces, like `serde_json::to_writer_pretty`) or compact.
pub(super) fn write(a: &Article, pretty: bool, out: &mut String) {
    let mut w = Writer {
        out,
        pretty,
        first: true,
        scratch: Vec::new(),
    };
    w.out.push('{');
    w.field("title", &a.title);
    w.field("authors", &a.authors);
    w.field("date", &a.date);
    w.field("site_name", &a.site_name);
    w.field("category", &a.category);
    w.field("language", &a.language);
    w.field("highlights", &a.highlights);
    w.field("paywalled", &a.paywalled);
    w.field("url", &a.url);
    w.field("encoding", &a.encoding);
    w.field("description", &a.description);
    w.field("page_type", &a.page_type);
    if let Some(why) = &a.page_type_why {
        w.field("page_type_why", why);
    }
    w.key("text");
    escape_str(w.out, &a.text);
    w.blocks(a);
    if let Some(r) = &a.removed {
        w.field("removed", r);
    }
    if let Some(r) = &a.regions {
        w.field("regions", r);
    }
    if let Some(s) = &a.sources {
        w.field("sources", s);
    }
    w.field("dechrome_version", &a.dechrome_version);
    w.field("rules_hash", &a.rules_hash);
    if w.pretty {
        w.out.push('\n');
    }
    w.out.push('}');
}

struct Writer<'o> {
    out: &'o mut String,
    pretty: bool,
    /// No field of the article written yet.
    first: bool,
    /// A field's value as serde_json writes it, before it is indented.
    scratch: Vec<u8>,
}

impl Writer<'_> {
    /// Starts a field of the article (one level deep).
    fn key(&mut self, name: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        if self.pretty {
            self.out.push_str("\n  ");
        }
        self.out.push('"');
        self.out.push_str(name);
        self.out.push_str(if self.pretty { "\": " } else { "\":" });
    }

    /// A field whose value serde_json writes; in pretty JSON each of its lines after the
    /// first is indented one level more (a JSON string holds no raw newline).
    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.key(name);
        self.scratch.clear();
        let done = if self.pretty {
            serde_json::to_writer_pretty(&mut self.scratch, value)
        } else {
            serde_json::to_writer(&mut self.scratch, value)
        };
        // serde_json writes UTF-8.
        let json = done
            .ok()
            .and_then(|()| std::str::from_utf8(&self.scratch).ok())
            .unwrap_or("null");
        if !self.pretty {
            self.out.push_str(json);
            return;
        }
        for (i, line) in json.split('\n').enumerate() {
            if i > 0 {
                self.out.push_str("\n  ");
            }
            self.out.push_str(line);
        }
    }

    /// The `blocks` field: each block's kind, text and index.
    fn blocks(&mut self, a: &Article) {
        self.key("blocks");
        if a.blocks.is_empty() {
            self.out.push_str("[]");
            return;
        }
        let (open, sep, close, end) = if self.pretty {
            (
                "\n    {\n      \"kind\": \"",
                "\",\n      \"text\": ",
                ",\n      \"index\": ",
                "\n    }",
            )
        } else {
            ("{\"kind\":\"", "\",\"text\":", ",\"index\":", "}")
        };
        self.out.push('[');
        for (i, b) in a.blocks.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.out.push_str(open);
            self.out.push_str(b.kind.as_str());
            self.out.push_str(sep);
            escape_str(self.out, &b.text);
            if let Some(index) = b.index {
                self.out.push_str(close);
                self.out.push_str(&index.to_string());
            }
            self.out.push_str(end);
        }
        if self.pretty {
            self.out.push_str("\n  ");
        }
        self.out.push(']');
    }
}

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each of the eight bytes of `x` that JSON escapes (a control byte, `"` or
/// `\\`): exact up to the first such byte (a wrong bit only follows a right one), none when
/// there is none.
#[inline(always)]
fn escape_bits(x: u64) -> u64 {
    let below = |n: u64| x.wrapping_sub(LOW * n) & !x & HIGH;
    let zero = |v: u64| v.wrapping_sub(LOW) & !v & HIGH;
    below(0x20) | zero(x ^ (LOW * u64::from(b'"'))) | zero(x ^ (LOW * u64::from(b'\\')))
}

/// `s` as a JSON string, quotes included, escaped as serde_json does: `\"`, `\\`, the short
/// escapes of backspace, tab, newline, form feed and carriage return, `\u00xx` for other
/// control bytes; everything else as it is.
pub(super) fn escape_str(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push('"');
    // `bytes[run..at]` is plain and not yet copied.
    let (mut run, mut at) = (0, 0);
    while at < bytes.len() {
        // Runs of plain bytes, many at a time.
        if let Some(chunk) = bytes.get(at..at + 32) {
            let any = chunk.iter().fold(false, |any, &b| {
                any | (b < 0x20) | (b == b'"') | (b == b'\\')
            });
            if !any {
                at += 32;
                continue;
            }
        }
        // Eight bytes at a time, up to the first that is escaped.
        let b = if let Some(chunk) = bytes.get(at..at + 8) {
            let bits = escape_bits(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
            if bits == 0 {
                at += 8;
                continue;
            }
            at += (bits.trailing_zeros() / 8) as usize;
            bytes[at]
        } else {
            // The last bytes, padded with spaces (plain).
            let rest = bytes.get(at..).unwrap_or_default();
            let mut pad = [b' '; 8];
            if let Some(head) = pad.get_mut(..rest.len()) {
                head.copy_from_slice(rest);
            }
            let bits = escape_bits(u64::from_le_bytes(pad));
            if bits == 0 {
                at = bytes.len();
                continue;
            }
            at += (bits.trailing_zeros() / 8) as usize;
            bytes[at]
        };
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            b'\t' => "\\t",
            b'\n' => "\\n",
            0x0c => "\\f",
            b'\r' => "\\r",
            _ => "",
        };
        // `run` and `at` are at ASCII bytes: on character boundaries.
        out.push_str(s.get(run..at).unwrap_or_default());
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(esc);
        }
        at += 1;
        run = at;
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out.push('"');
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::article::{ArticleBlock, PageTypeWhy, Region, Removed};
    use crate::block::BlockKind;

    #[test]
    fn strings_are_escaped_like_serde_json() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("caf\u{e9} \u{2014} \u{645}\u{631} \u{1f600}\u{7f}\u{85}\u{2028}");
        let mut texts = vec![all.clone(), all.chars().rev().collect(), String::new()];
        for i in 0..all.len() {
            if all.is_char_boundary(i) {
                texts.push(all[i..].to_string());
                texts.push(format!("{}{}", "abcdefg".repeat(i % 5), &all[..i]));
            }
        }
        for t in texts {
            let mut out = String::new();
            escape_str(&mut out, &t);
            let want = serde_json::to_string(&t).expect("a string");
            assert_eq!(out, want, "{t:?}");
        }
    }

    fn block(kind: BlockKind, text: &str, index: Option<usize>) -> ArticleBlock {
        ArticleBlock {
            kind,
            text: text.into(),
            links: Vec::new(),
            level: None,
            index,
        }
    }

    #[test]
    fn articles_are_written_like_serde_json() {
        let plain = Article {
            text: "One \"two\"\n\nthree\\ \u{1}".into(),
            blocks: vec![block(BlockKind::Paragraph, "One \"two\"", None)],
            dechrome_version: "0.1.0".into(),
            ..Article::default()
        };
        let kinds = [
            BlockKind::Heading,
            BlockKind::Paragraph,
            BlockKind::ListItem,
            BlockKind::Quote,
            BlockKind::Caption,
            BlockKind::Table,
            BlockKind::Code,
        ];
        let full = Article {
            title: Some("T\u{e9}\tx".into()),
            authors: vec!["A".into(), "B \"b\"".into()],
            date: Some("2024-01-02".into()),
            language: Some("en".into()),
            highlights: vec!["h".into()],
            paywalled: true,
            page_type_why: Some(PageTypeWhy {
                scores: BTreeMap::from([("article".into(), 1.5), ("forum".into(), -0.25)]),
                reasons: vec!["x +1×2".into()],
                features: BTreeMap::new(),
            }),
            blocks: kinds
                .iter()
                .enumerate()
                .map(|(i, &k)| block(k, &format!("b{i}\n"), Some(i * 7)))
                .collect(),
            removed: Some(vec![Removed::new("x/y", "gone\u{2028}".into(), Some(3))]),
            regions: Some(vec![Region {
                element: "<main>".into(),
                first: 0,
                end: 4,
            }]),
            sources: Some(BTreeMap::from([("title".into(), "json-ld".into())])),
            rules_hash: "abc".into(),
            ..plain.clone()
        };
        for a in [Article::default(), plain, full] {
            for pretty in [true, false] {
                let mut out = String::new();
                write(&a, pretty, &mut out);
                let want = if pretty {
                    serde_json::to_string_pretty(&a)
                } else {
                    serde_json::to_string(&a)
                };
                assert_eq!(out, want.expect("JSON"));
            }
        }
    }
}
