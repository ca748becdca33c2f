#![no_main]
//! `Cleaner::clean_text` on arbitrary bytes made UTF-8 lossily.

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let article = common::cleaner().clean_text(&text);
    // Serializing is part of every output path.
    let _ = serde_json::to_string(&article);
});
