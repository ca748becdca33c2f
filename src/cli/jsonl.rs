//! `dechrome jsonl`: JSON lines in, exactly one JSON line out per input line, in order.

use rayon::prelude::*;
use std::io::{BufRead, Write};

use super::{JsonlArgs, EXIT_OK, EXIT_USAGE};
use dechrome::stream::process_line;
use dechrome::Cleaner;

/// How much of a stream is held in memory at once.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// Records in flight.
    pub records: usize,
    /// Bytes of input lines in flight (a batch always takes at least one line).
    pub bytes: usize,
    /// Longest line read; a longer one is skipped and answered `too_large`.
    pub max_line: u64,
}

impl Window {
    /// The defaults of `dechrome jsonl` (256 records, 32 MiB) for a cleaner accepting documents
    /// of `max_bytes`: a line may hold twice that (JSON escaping, base64).
    pub fn new(max_bytes: u64) -> Self {
        Window {
            records: 256,
            bytes: 32 << 20,
            max_line: max_bytes.saturating_mul(2),
        }
    }
}

/// A line read from the stream, or the length of one too long to hold.
enum Pending {
    Line(Vec<u8>),
    TooLong(u64),
}

/// Reads one line of at most `cap` bytes (newline excluded). `None` at end of input.
fn read_line(input: &mut impl BufRead, cap: u64) -> std::io::Result<Option<Pending>> {
    let mut line = Vec::new();
    let n = std::io::Read::take(input.by_ref(), cap + 1).read_until(b'\n', &mut line)?;
    if n == 0 {
        return Ok(None);
    }
    if line.last() != Some(&b'\n') && line.len() as u64 > cap {
        // Skip the rest of the line without holding it.
        let mut skipped = line.len() as u64;
        loop {
            let buf = input.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            match buf.iter().position(|&b| b == b'\n') {
                Some(pos) => {
                    input.consume(pos + 1);
                    skipped += pos as u64;
                    break;
                }
                None => {
                    let len = buf.len();
                    input.consume(len);
                    skipped += len as u64;
                }
            }
        }
        return Ok(Some(Pending::TooLong(skipped)));
    }
    while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        line.pop();
    }
    Ok(Some(Pending::Line(line)))
}

/// Streams records from `input` to `out`, at most `window` records and bytes in flight.
/// Returns the number of records written.
pub fn stream(
    cleaner: &Cleaner,
    pool: &rayon::ThreadPool,
    mut input: impl BufRead,
    out: &mut impl Write,
    window: Window,
) -> std::io::Result<u64> {
    let records = window.records.max(1);
    let mut written = 0u64;
    let mut batch: Vec<Pending> = Vec::with_capacity(records);
    let mut eof = false;
    while !eof {
        batch.clear();
        let mut bytes = 0usize;
        while batch.len() < records && (batch.is_empty() || bytes < window.bytes) {
            match read_line(&mut input, window.max_line)? {
                None => {
                    eof = true;
                    break;
                }
                Some(p) => {
                    if let Pending::Line(l) = &p {
                        bytes += l.len();
                    }
                    batch.push(p);
                }
            }
        }
        let results: Vec<String> = pool.install(|| {
            batch
                .par_iter()
                .map(|p| {
                    let v = match p {
                        Pending::TooLong(n) => serde_json::json!({
                            "id": null, "status": "too_large",
                            "error": format!(
                                "line of {n} bytes exceeds the limit of {} bytes (raise it with --max-bytes)",
                                window.max_line
                            )
                        }),
                        Pending::Line(raw) => match std::str::from_utf8(raw) {
                            Ok(s) => process_line(cleaner, s),
                            Err(e) => serde_json::json!({
                                "id": null, "status": "error",
                                "error": format!("line is not valid UTF-8: {e}")
                            }),
                        },
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
    let window = Window {
        records: args.window,
        bytes: args.window_mb.saturating_mul(1 << 20),
        ..Window::new(args.cleaner.max_bytes)
    };
    match stream(&cleaner, &pool, stdin, &mut out, window) {
        Ok(_) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("error: jsonl: {e}");
            super::EXIT_SOME_FAILED
        }
    }
}
