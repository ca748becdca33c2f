//! Baseline for the benchmark: html5ever parsing alone (through scraper), one thread, over
//! every `.html` file of a directory read into memory first.
//!
//! `cargo run --release --example parse_only -- bench/out/pages`

use std::time::Instant;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "bench/out/pages".into());
    let mut pages = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {dir}: {e}"))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    entries.sort();
    for p in entries {
        let bytes = std::fs::read(&p).expect("readable page");
        // Valid UTF-8 (every benchmark page) is taken as is, without a copy.
        pages.push(
            String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        );
    }
    let bytes: usize = pages.iter().map(String::len).sum();
    let start = Instant::now();
    let mut nodes = 0usize;
    for p in &pages {
        let dom = scraper::Html::parse_document(p);
        nodes += dom.tree.nodes().count();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "parsed {} files, {} bytes in {:.3} seconds ({} nodes; {:.0} pages/s)",
        pages.len(),
        bytes,
        secs,
        nodes,
        pages.len() as f64 / secs
    );
}
