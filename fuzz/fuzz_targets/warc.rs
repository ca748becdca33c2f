#![no_main]
//! The WARC reader over arbitrary bytes (plain, or gzip when they start with the gzip
//! magic): iterate every record and parse the HTTP response in each block. Small caps.

use dechrome::warc;
use libfuzzer_sys::fuzz_target;

const MAX_BLOCK: u64 = 64 * 1024;
const MAX_BODY: u64 = 256 * 1024;
/// Records looked at per input (the reader stops at the first error anyway).
const MAX_RECORDS: usize = 10_000;

fuzz_target!(|data: &[u8]| {
    let input = std::io::Cursor::new(data.to_vec());
    let Ok(reader) = warc::reader(input, MAX_BLOCK) else {
        return;
    };
    for rec in reader.take(MAX_RECORDS) {
        let Ok(rec) = rec else {
            break;
        };
        assert!(rec.too_large || rec.block.len() as u64 == rec.length);
        assert!(rec.block.len() as u64 <= MAX_BLOCK);
        if let Ok(resp) = warc::parse_http(&rec.block, MAX_BODY) {
            let _ = resp.is_html();
            assert!(resp.body.len() as u64 <= (rec.block.len() as u64).max(MAX_BODY));
        }
    }
});
