//! Every input a fuzzer crashed on, replayed through the entry point of its fuzz target
//! (`tests/regressions/<target>-<name>`; the targets are in `fuzz/fuzz_targets/`).

use std::path::Path;

use dechrome::{stream, warc, Cleaner, Hints, InputKind};

fn replay(target: &str, data: &[u8], cleaner: &Cleaner) {
    match target {
        "text" => {
            let _ = cleaner.clean_text(&String::from_utf8_lossy(data));
        }
        "html_bytes" => {
            for input in [InputKind::Auto, InputKind::Html] {
                let hints = Hints {
                    input,
                    ..Hints::default()
                };
                let _ = cleaner.clean_bytes(data, &hints);
            }
        }
        "rules" => {
            let _ = Cleaner::builder()
                .no_builtin()
                .rules_text("fuzz.toml", String::from_utf8_lossy(data))
                .build();
        }
        "warc" => {
            if let Ok(reader) = warc::reader(std::io::Cursor::new(data.to_vec()), 64 * 1024) {
                for rec in reader.take(10_000) {
                    let Ok(rec) = rec else { break };
                    let _ = warc::parse_http(&rec.block, 256 * 1024);
                }
            }
        }
        "jsonl_record" => {
            let v = stream::process_line(cleaner, &String::from_utf8_lossy(data));
            assert!(v.get("status").is_some());
        }
        other => panic!("tests/regressions: unknown target prefix {other:?}"),
    }
}

#[test]
fn fuzz_regressions_replay_without_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let cleaner = Cleaner::new().unwrap();
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let target = ["jsonl_record", "html_bytes", "rules", "warc", "text"]
            .into_iter()
            .find(|t| name.starts_with(&format!("{t}-")))
            .unwrap_or_else(|| panic!("{name}: name must start with a fuzz target"));
        replay(target, &std::fs::read(e.path()).unwrap(), &cleaner);
        n += 1;
    }
    assert!(n > 0, "no regression inputs found in {}", dir.display());
}

#[test]
fn non_ascii_top_level_domain_gives_no_charset_hint() {
    // Found by the jsonl_record fuzz target: chardetng asserts on a non-ASCII TLD.
    let cleaner = Cleaner::new().unwrap();
    for url in [
        "http://example.مصر/a",
        "http://\u{fffd}",
        "https://x.ÉCOLE/",
    ] {
        let hints = Hints {
            url: Some(url.to_string()),
            input: InputKind::Html,
            ..Hints::default()
        };
        let page = [0xC7u8, 0xE1, 0xCE, 0xC8, 0xD1, b' ', b'<', b'p', b'>'];
        assert!(cleaner.clean_bytes(&page, &hints).is_ok());
    }
}
