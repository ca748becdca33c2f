//! The speed ratio measured inside one process: html5ever parsing alone (through scraper, the
//! benchmark's baseline) against `Cleaner::clean_bytes` (decode, parse into dechrome's arena,
//! extract, engine) and JSON on the same pages, in the same binary and the same machine state
//! (passes alternate). Pages are read into memory first; each figure is the best of `RUNS` passes
//! (default 5).
//!
//! `cargo run --release --example parse_vs_clean -- bench/out/pages`
//!
//! The whole-process comparison (`bench/run.sh`: `dechrome clean` against `examples/parse_only`)
//! also counts start-up and file I/O, but compares two binaries run one after the other: build
//! layout and the machine's drift move it by several per cent.

use std::time::Instant;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "bench/out/pages".into());
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {dir}: {e}"))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    paths.sort();
    let pages: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| std::fs::read(p).expect("readable page"))
        .collect();
    let cleaner = dechrome::Cleaner::builder()
        .site_rules(false)
        .build()
        .expect("built-in rules compile");
    let hints = dechrome::Hints::default();

    let clean_pass = || {
        for p in &pages {
            let article = cleaner.clean_bytes(p, &hints).expect("page cleans");
            std::hint::black_box(serde_json::to_vec_pretty(&article).expect("serializable"));
        }
    };
    let parse_pass = || {
        for p in &pages {
            let text = String::from_utf8_lossy(p);
            std::hint::black_box(scraper::Html::parse_document(&text));
        }
    };
    let time = |f: &dyn Fn()| {
        let t = Instant::now();
        f();
        t.elapsed().as_secs_f64()
    };
    // Passes alternate, so that both see the same machine state; the best pass of each counts.
    let (mut clean, mut parse) = (f64::MAX, f64::MAX);
    for _ in 0..runs.max(1) {
        clean = clean.min(time(&clean_pass));
        parse = parse.min(time(&parse_pass));
    }
    println!(
        "same process, {} pages, best of {runs}: parse {parse:.3} s, clean {clean:.3} s, clean/parse {:.2}",
        pages.len(),
        clean / parse
    );
}
