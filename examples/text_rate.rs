//! Text-mode throughput on one core, in process: every `*.txt` of a folder is read into memory,
//! then cleaned once with `Cleaner::clean_text` (the timed part), one thread. The rate is per
//! CPU second of this thread (on a shared machine the wall clock measures the neighbours); the
//! wall time is printed too.
//!
//!     cargo run --release --example text_rate -- bench/out/textdump/html-text

use std::time::Instant;

/// CPU time of the calling thread, in seconds.
fn thread_cpu() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "bench/out/textdump/html-text".into());
    let mut texts = Vec::new();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {dir}: {e}"));
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "txt") {
            if let Ok(t) = std::fs::read_to_string(&p) {
                texts.push(t);
            }
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let cleaner = dechrome::Cleaner::builder()
        .site_rules(false)
        .build()
        .expect("built-in rules compile");
    let started = Instant::now();
    let cpu0 = thread_cpu();
    let mut kept = 0usize;
    for t in &texts {
        kept += cleaner.clean_text(t).text.len();
    }
    let cpu = thread_cpu() - cpu0;
    let wall = started.elapsed().as_secs_f64();
    println!(
        "{} files, {:.1} MB: {:.1} MB/s per CPU second ({cpu:.2} s CPU, {wall:.2} s wall; {:.1} MB kept)",
        texts.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / cpu,
        kept as f64 / 1e6
    );
}
