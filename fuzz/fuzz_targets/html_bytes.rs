#![no_main]
//! `Cleaner::clean_bytes` on raw bytes.
//!
//! The first byte picks the mode, the rest is the document:
//! - low 2 bits: 0 and 3 = automatic detection (sniff), 1 = HTML, 2 = text;
//! - next 3 bits: transport charset hint (none, or one of a few labels, one of them bogus);
//! - bit 5: a URL hint with an Arabic TLD (the TLD steers encoding detection).
//!
//! Every input is also run once with automatic detection and no hints at all, so the plain
//! `clean_bytes(bytes, &Hints::default())` path sees every document.

use dechrome::{Hints, InputKind};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const CHARSETS: [Option<&str>; 8] = [
    None,
    Some("utf-8"),
    Some("windows-1256"),
    Some("iso-8859-6"),
    Some("utf-16le"),
    Some("shift_jis"),
    Some("x-no-such-charset"),
    None,
];

fuzz_target!(|data: &[u8]| {
    let cleaner = common::cleaner();
    // Plain automatic detection over the whole input.
    if let Ok(article) = cleaner.clean_bytes(data, &Hints::default()) {
        let _ = serde_json::to_string(&article);
    }
    let Some((&mode, doc)) = data.split_first() else {
        return;
    };
    let input = match mode & 0b11 {
        1 => InputKind::Html,
        2 => InputKind::Text,
        _ => InputKind::Auto,
    };
    let charset = CHARSETS[((mode >> 2) & 0b111) as usize].map(str::to_string);
    let url = (mode & 0b10_0000 != 0).then(|| "https://news.example.sa/a/1.html".to_string());
    let hints = Hints {
        url,
        charset,
        content_type: None,
        input,
    };
    if let Ok(article) = cleaner.clean_bytes(doc, &hints) {
        let _ = serde_json::to_string(&article);
    }
});
