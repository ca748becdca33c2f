//! `dechrome jsonl`: JSON lines in, exactly one JSON line out per input line, in order.

use rayon::prelude::*;
use std::io::{BufRead, Write};

use super::{JsonlArgs, EXIT_OK, EXIT_USAGE};
use dechrome::stream::process_line;
use dechrome::Cleaner;

/// Streams records from `input` to `out`, `window` records in flight at a time.
/// Returns the number of records written.
pub fn stream(
    cleaner: &Cleaner,
    pool: &rayon::ThreadPool,
    mut input: impl BufRead,
    out: &mut impl Write,
    window: usize,
) -> std::io::Result<u64> {
    let window = window.max(1);
    let mut written = 0u64;
    let mut batch: Vec<Vec<u8>> = Vec::with_capacity(window);
    let mut eof = false;
    while !eof {
        batch.clear();
        while batch.len() < window {
            let mut line = Vec::new();
            if input.read_until(b'\n', &mut line)? == 0 {
                eof = true;
                break;
            }
            while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                line.pop();
            }
            batch.push(line);
        }
        let results: Vec<String> = pool.install(|| {
            batch
                .par_iter()
                .map(|raw| {
                    let v = match std::str::from_utf8(raw) {
                        Ok(s) => process_line(cleaner, s),
                        Err(e) => serde_json::json!({
                            "id": null, "status": "error",
                            "error": format!("line is not valid UTF-8: {e}")
                        }),
                    };
                    serde_json::to_string(&v).unwrap_or_else(|e| {
                        format!("{{\"id\":null,\"status\":\"error\",\"error\":\"serialize: {e}\"}}")
                    })
                })
                .collect()
        });
        for r in results {
            out.write_all(r.as_bytes())?;
            out.write_all(b"\n")?;
            written += 1;
        }
        out.flush()?;
    }
    Ok(written)
}

pub fn run(args: JsonlArgs) -> i32 {
    let cleaner = match args.cleaner.build() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let pool = match args.cleaner.pool() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let stdin = std::io::stdin().lock();
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::new(stdout);
    match stream(&cleaner, &pool, stdin, &mut out, args.window) {
        Ok(_) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("error: jsonl: {e}");
            super::EXIT_SOME_FAILED
        }
    }
}
