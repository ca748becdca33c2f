//! Bench-only runner for the Rust peers (rs-trafilatura, dom_smoothie) on a folder of pages.
//!
//!     peers-rs --system rs-trafilatura|dom_smoothie IN_DIR OUT_DIR
//!
//! IN_DIR holds ID.html files (UTF-8; invalid bytes are replaced). All pages are read into memory
//! first; then, on one thread, each page is extracted and only the extraction call is timed.
//! OUT_DIR gets ID.txt (body text; empty when the library fails or panics), ID.json with
//! title/author/date when the library gives them (the shape wcxb_score.py reads, plus the
//! library's own page type where it has one), and _run.json with the timing.

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

struct Output {
    text: String,
    meta: Map<String, Value>,
}

fn put(meta: &mut Map<String, Value>, key: &str, value: Option<String>) {
    if let Some(v) = value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
    {
        meta.insert(key.to_string(), Value::String(v));
    }
}

fn run_rs_trafilatura(html: &str) -> Result<Output, String> {
    let r = rs_trafilatura::extract(html).map_err(|e| e.to_string())?;
    let mut meta = Map::new();
    put(&mut meta, "title", r.metadata.title.clone());
    put(&mut meta, "author", r.metadata.author.clone());
    put(&mut meta, "date", r.metadata.date.map(|d| d.to_rfc3339()));
    put(&mut meta, "page_type", r.metadata.page_type.clone());
    Ok(Output {
        text: r.content_text,
        meta,
    })
}

fn run_dom_smoothie(html: &str) -> Result<Output, String> {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut r = dom_smoothie::Readability::new(html, None, Some(cfg)).map_err(|e| e.to_string())?;
    let a = r.parse().map_err(|e| e.to_string())?;
    let mut meta = Map::new();
    put(&mut meta, "title", Some(a.title.clone()));
    put(&mut meta, "author", a.byline.clone());
    put(&mut meta, "date", a.published_time.clone());
    Ok(Output {
        text: a.text_content.to_string(),
        meta,
    })
}

/// The version of a dependency, read from this crate's Cargo.lock at build time.
fn locked_version(name: &str) -> String {
    let lock = include_str!("../Cargo.lock");
    let needle = format!("name = \"{name}\"\nversion = \"");
    lock.find(&needle)
        .and_then(|i| {
            let rest = &lock[i + needle.len()..];
            rest.find('"').map(|j| rest[..j].to_string())
        })
        .unwrap_or_else(|| "?".to_string())
}

/// CPU time of the calling thread (the extraction's own work, whatever else runs on the machine).
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own; it has no other effect.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn usage() -> ExitCode {
    eprintln!("usage: peers-rs --system rs-trafilatura|dom_smoothie IN_DIR OUT_DIR");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut system = None;
    let mut dirs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--system" => system = args.next(),
            s if s.starts_with("--system=") => system = Some(s["--system=".len()..].to_string()),
            "-h" | "--help" => return usage(),
            _ => dirs.push(PathBuf::from(a)),
        }
    }
    let (Some(system), [input, output]) = (system, dirs.as_slice()) else {
        return usage();
    };
    type Runner = fn(&str) -> Result<Output, String>;
    let (run, crate_name): (Runner, &str) = match system.as_str() {
        "rs-trafilatura" | "rs_trafilatura" => (run_rs_trafilatura, "rs-trafilatura"),
        "dom_smoothie" | "dom-smoothie" => (run_dom_smoothie, "dom_smoothie"),
        _ => return usage(),
    };
    match bench(run, crate_name, input, output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("peers-rs: {e}");
            ExitCode::FAILURE
        }
    }
}

fn bench(
    run: fn(&str) -> Result<Output, String>,
    crate_name: &str,
    input: &Path,
    output: &Path,
) -> Result<(), String> {
    let mut pages: Vec<(String, String)> = Vec::new();
    for entry in fs::read_dir(input).map_err(|e| format!("{}: {e}", input.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let Some(id) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".html"))
        else {
            continue;
        };
        let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        pages.push((id.to_string(), String::from_utf8_lossy(&bytes).into_owned()));
    }
    if pages.is_empty() {
        return Err(format!("no ID.html pages in {}", input.display()));
    }
    pages.sort();
    fs::create_dir_all(output).map_err(|e| format!("{}: {e}", output.display()))?;
    // Quiet the default panic message: a panic on one page is counted, not fatal.
    std::panic::set_hook(Box::new(|_| {}));
    let _ = catch_unwind(AssertUnwindSafe(|| run(&pages[0].1))); // untimed warm-up

    let mut total = Duration::ZERO;
    let mut cpu = Duration::ZERO;
    let mut errors = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    for (id, html) in &pages {
        let (t0, c0) = (Instant::now(), thread_cpu());
        let result = catch_unwind(AssertUnwindSafe(|| run(html)));
        let took = t0.elapsed();
        cpu += thread_cpu().saturating_sub(c0);
        total += took;
        if took > slowest.0 {
            slowest = (took, id.clone());
        }
        let out = match result {
            Ok(Ok(out)) => out,
            Ok(Err(e)) => {
                errors.push(json!({"id": id, "error": e}));
                Output {
                    text: String::new(),
                    meta: Map::new(),
                }
            }
            Err(_) => {
                errors.push(json!({"id": id, "error": "panic"}));
                Output {
                    text: String::new(),
                    meta: Map::new(),
                }
            }
        };
        let write = |name: String, body: &str| {
            fs::write(output.join(name), body).map_err(|e| format!("{}: {e}", output.display()))
        };
        write(format!("{id}.txt"), &out.text)?;
        if !out.meta.is_empty() {
            write(format!("{id}.json"), &Value::Object(out.meta).to_string())?;
        }
    }
    let secs = total.as_secs_f64();
    let cpu_s = cpu.as_secs_f64();
    let mb = pages.iter().map(|(_, h)| h.len()).sum::<usize>() as f64 / 1e6;
    let n = pages.len();
    let version = format!("{crate_name} {}", locked_version(crate_name));
    let info = json!({
        "name": crate_name,
        "version": version,
        "pages": n,
        "html_mb": mb,
        "extract_s": secs,
        "docs_per_s": n as f64 / secs.max(1e-9),
        "mb_per_s": mb / secs.max(1e-9),
        "cpu_s": cpu_s,
        "cpu_docs_per_s": n as f64 / cpu_s.max(1e-9),
        "slowest_page": {"id": slowest.1, "s": slowest.0.as_secs_f64()},
        "errors": errors.len(),
        "error_ids": errors,
        "threads": 1,
        "timing": "extraction call only, pages in memory",
    });
    fs::write(
        output.join("_run.json"),
        serde_json::to_string_pretty(&info).unwrap_or_default(),
    )
    .map_err(|e| e.to_string())?;
    eprintln!(
        "[{crate_name}] {version}: {n} pages, extract {secs:.2} s = {:.1} pages/s (CPU {cpu_s:.2} s); errors {}",
        n as f64 / secs.max(1e-9),
        info["errors"]
    );
    Ok(())
}
