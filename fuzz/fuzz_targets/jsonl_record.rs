#![no_main]
//! `stream::process_line` on one arbitrary line (never fails: problems become fields).

use dechrome::stream;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let line = String::from_utf8_lossy(data);
    let v = stream::process_line(common::cleaner(), &line);
    assert!(v.is_object(), "process_line must return a JSON object");
    assert!(v.get("status").is_some(), "every output line has a status");
    let _ = v.to_string();
});
