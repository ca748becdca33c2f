//! `dechrome clean`: files, directories, WARC and JSONL files, stdin.

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::cell::RefCell;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::walk::{self, Entry};
use super::{CleanArgs, FormatArg, InputArg, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};
use dechrome::output::{render, render_into, Format};
use dechrome::stream::{article_value, gunzip_capped, read_capped, read_capped_with};
use dechrome::{warc, Cleaner, Error, Hints, InputKind};

fn format_of(f: FormatArg) -> Format {
    match f {
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Text => Format::Text,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Html => Format::Html,
    }
}

/// What kind of container a path is, by its name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    Document,
    Warc,
    Jsonl,
}

fn container_of(path: &Path) -> Container {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if name.ends_with(".warc") || name.ends_with(".arc") {
        Container::Warc
    } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        Container::Jsonl
    } else {
        Container::Document
    }
}

fn is_gz(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

struct Ctx<'a> {
    cleaner: &'a Cleaner,
    format: Format,
    hints: Hints,
    limit: u64,
    pool: &'a rayon::ThreadPool,
}

/// Reads a document file (decompressing `.gz`) under the byte cap.
fn read_document(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_file() && meta.len() > limit && !is_gz(path) {
        return Err(Error::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    // A regular file's size sizes the buffer: one read instead of a doubling series.
    let hint = if meta.is_file() {
        meta.len().min(limit)
    } else {
        0
    };
    let raw = read_capped_with(file, limit, hint as usize).map_err(|e| Error::io(path, e))??;
    if is_gz(path) {
        gunzip_capped(&raw, limit)
    } else {
        Ok(raw)
    }
}

thread_local! {
    /// The output of the last document the thread cleaned: its buffer serves the next one
    /// (a page's JSON is bigger than the allocator keeps at hand, and is asked for anew).
    static RENDERED: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Outputs above this size do not keep their buffer for the next document.
const KEPT_BUFFER: usize = 8 << 20;

/// Cleans a document and hands its rendering to `emit`; returns the blocks removed.
fn clean_document(
    ctx: &Ctx,
    bytes: &[u8],
    emit: impl FnOnce(&[u8]) -> Result<(), Error>,
) -> Result<usize, Error> {
    let article = ctx.cleaner.clean_bytes(bytes, &ctx.hints)?;
    RENDERED.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            buf.clear();
            render_into(&article, ctx.format, &mut buf);
            let done = emit(buf.as_bytes());
            if buf.capacity() > KEPT_BUFFER {
                *buf = String::new();
            }
            done
        }
        Err(_) => emit(render(&article, ctx.format).as_bytes()),
    })?;
    Ok(article.removed_count)
}

/// WARC file → JSON lines (one per HTML response, in file order).
fn clean_warc(ctx: &Ctx, input: Box<dyn Read>, out: &mut dyn Write) -> Result<(u64, u64), Error> {
    let reader = warc::reader(input, ctx.limit)?;
    let mut kept = 0u64;
    let mut failed = 0u64;
    // Records are processed in windows so that all threads work while order is kept.
    let mut batch: Vec<warc::Record> = Vec::new();
    let mut flush = |batch: &mut Vec<warc::Record>, out: &mut dyn Write| -> Result<(), Error> {
        let lines: Vec<(String, bool)> = ctx.pool.install(|| {
            batch
                .par_iter()
                .filter_map(|rec| warc_line(ctx, rec))
                .collect()
        });
        for (l, ok) in lines {
            kept += 1;
            if !ok {
                failed += 1;
            }
            out.write_all(l.as_bytes()).map_err(|e| Error::io("-", e))?;
            out.write_all(b"\n").map_err(|e| Error::io("-", e))?;
        }
        batch.clear();
        Ok(())
    };
    for rec in reader {
        match rec {
            Ok(r) => {
                if r.warc_type == "response" {
                    batch.push(r);
                }
                if batch.len() >= 64 {
                    flush(&mut batch, out)?;
                }
            }
            Err(e) => {
                flush(&mut batch, out)?;
                return Err(e);
            }
        }
    }
    flush(&mut batch, out)?;
    Ok((kept, failed))
}

/// One JSON line for a response record, or None when it is not HTML.
fn warc_line(ctx: &Ctx, rec: &warc::Record) -> Option<(String, bool)> {
    let url = rec.target_uri.clone();
    let base = |status: &str, err: String| {
        serde_json::json!({"id": url, "url": url, "status": status, "error": err}).to_string()
    };
    if rec.too_large {
        return Some((
            base(
                "too_large",
                format!("record of {} bytes exceeds the limit", rec.length),
            ),
            false,
        ));
    }
    let resp = match warc::parse_http(&rec.block, ctx.limit) {
        Ok(r) => r,
        Err(e) => return Some((base(e.status(), e.to_string()), false)),
    };
    if !resp.is_html() {
        return None;
    }
    let hints = Hints {
        url: url.clone(),
        content_type: resp.content_type.clone(),
        charset: None,
        input: InputKind::Html,
        fetched: rec.date.clone().or_else(|| ctx.hints.fetched.clone()),
    };
    match ctx.cleaner.clean_bytes(&resp.body, &hints) {
        Ok(article) => {
            let mut m = serde_json::Map::new();
            m.insert("id".into(), url.clone().into());
            m.insert(
                "status".into(),
                if article.is_empty() { "empty" } else { "ok" }.into(),
            );
            let mut v = article_value(&article);
            if v.get("url").is_none_or(|u| u.is_null()) {
                v.insert("url".into(), url.clone().into());
            }
            m.extend(v);
            Some((serde_json::Value::Object(m).to_string(), true))
        }
        Err(e) => Some((base(e.status(), e.to_string()), false)),
    }
}

fn open_input(path: &Path) -> Result<Box<dyn Read>, Error> {
    if path == Path::new("-") {
        return Ok(Box::new(std::io::stdin()));
    }
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    Ok(Box::new(std::io::BufReader::new(f)))
}

/// JSONL file (maybe gzipped) → JSON lines.
fn clean_jsonl_file(ctx: &Ctx, path: &Path, out: &mut dyn Write) -> Result<(u64, u64), Error> {
    let input = open_input(path)?;
    let input: Box<dyn Read> = if is_gz(path) {
        Box::new(flate2::read::MultiGzDecoder::new(input))
    } else {
        input
    };
    let mut w = std::io::BufWriter::new(out);
    let n = super::jsonl::stream(
        ctx.cleaner,
        ctx.pool,
        std::io::BufReader::new(input),
        &mut w,
        super::jsonl::Window::new(ctx.limit),
    )
    .map_err(|e| Error::io(path, e))?;
    Ok((n, 0))
}

/// Processes one input into bytes to write (or an error naming the input).
/// Cleans the file at `path` and hands its output to `emit`; returns the blocks removed (of
/// a document; 0 for a container).
fn process(
    ctx: &Ctx,
    path: &Path,
    emit: impl FnOnce(&[u8]) -> Result<(), Error>,
) -> Result<usize, Error> {
    match container_of(path) {
        Container::Document => {
            let bytes = if path == Path::new("-") {
                read_capped(std::io::stdin(), ctx.limit).map_err(|e| Error::io("-", e))??
            } else {
                read_document(path, ctx.limit)?
            };
            clean_document(ctx, &bytes, emit)
        }
        Container::Warc => {
            let mut out = Vec::new();
            clean_warc(ctx, open_input(path)?, &mut out)?;
            emit(&out).map(|()| 0)
        }
        Container::Jsonl => {
            let mut out = Vec::new();
            clean_jsonl_file(ctx, path, &mut out)?;
            emit(&out).map(|()| 0)
        }
    }
}

fn write_out(dest: Option<&Path>, bytes: &[u8]) -> Result<(), Error> {
    match dest {
        Some(p) => walk::write_atomic(p, bytes).map_err(|e| Error::io(p, e)),
        None => {
            let mut so = std::io::stdout().lock();
            match so.write_all(bytes).and_then(|_| so.flush()) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(Error::io("stdout", e)),
            }
        }
    }
}

pub fn run(args: CleanArgs) -> i32 {
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
    let format = format_of(args.format);
    let ctx = Ctx {
        cleaner: &cleaner,
        format,
        hints: Hints {
            url: args.url.clone(),
            charset: args.charset.clone(),
            fetched: args.fetched.clone(),
            content_type: None,
            input: match args.input {
                InputArg::Auto => InputKind::Auto,
                InputArg::Html => InputKind::Html,
                InputArg::Text => InputKind::Text,
            },
        },
        limit: args.cleaner.max_bytes,
        pool: &pool,
    };
    let dirs: Vec<&PathBuf> = args.paths.iter().filter(|p| p.is_dir()).collect();
    if dirs.is_empty() {
        return run_files(&ctx, &args);
    }
    let Some(out_dir) = args.output.as_deref() else {
        eprintln!("error: a directory input needs -o OUT (a folder for the cleaned files)");
        return EXIT_USAGE;
    };
    if out_dir.exists() && !out_dir.is_dir() {
        eprintln!("error: {} exists and is not a directory", out_dir.display());
        return EXIT_USAGE;
    }
    if let Err(e) = std::fs::create_dir_all(out_dir) {
        eprintln!("error: cannot create {}: {e}", out_dir.display());
        return EXIT_USAGE;
    }
    walk::remove_stale_temps(out_dir);
    run_dirs(&ctx, &args, out_dir)
}

fn run_files(ctx: &Ctx, args: &CleanArgs) -> i32 {
    let mut failed = 0;
    let many = args.paths.len() > 1;
    if many && args.output.is_some() {
        eprintln!(
            "error: several files with -o: give a directory input, or no -o to print to stdout"
        );
        return EXIT_USAGE;
    }
    for p in &args.paths {
        if p != Path::new("-") && !p.exists() {
            eprintln!("error: {}: no such file", p.display());
            failed += 1;
            continue;
        }
        let container = container_of(p);
        let result = if container == Container::Document || args.output.is_some() {
            process(ctx, p, |bytes| write_out(args.output.as_deref(), bytes)).map(|_| ())
        } else {
            // Streams go straight to stdout.
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            let r = match container {
                Container::Warc => open_input(p).and_then(|i| clean_warc(ctx, i, &mut lock)),
                _ => clean_jsonl_file(ctx, p, &mut lock),
            };
            r.map(|_| ())
        };
        if let Err(e) = result {
            match &e {
                Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe => {}
                _ => {
                    eprintln!("error: {}: {e}", p.display());
                    failed += 1;
                }
            }
        }
    }
    if failed > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }
}

fn run_dirs(ctx: &Ctx, args: &CleanArgs, out_dir: &Path) -> i32 {
    let mut inputs: Vec<Entry> = Vec::new();
    let mut problems: Vec<(PathBuf, String)> = Vec::new();
    for p in &args.paths {
        if p.is_dir() {
            let (e, pr) = walk::walk(p, Some(out_dir));
            inputs.extend(e);
            problems.extend(pr);
        } else if p.is_file() {
            let rel = PathBuf::from(p.file_name().unwrap_or(p.as_os_str()));
            inputs.push(Entry {
                path: p.clone(),
                rel,
            });
        } else {
            problems.push((p.clone(), "no such file or not a regular file".into()));
        }
    }
    for (p, m) in &problems {
        eprintln!("error: {}: {m}", p.display());
    }
    let bar = if !args.quiet && std::io::stderr().is_terminal() {
        let b = ProgressBar::new(inputs.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} files {per_sec} eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Some(b)
    } else {
        None
    };
    // Inputs that would map to the same output (`page.txt`, `page.html` → `page.json`) keep
    // their whole name instead (`page.txt.json`, `page.html.json`).
    let ext_of = |e: &Entry| match container_of(&e.path) {
        Container::Document => ctx.format.extension(),
        _ => "jsonl",
    };
    let mut seen: std::collections::HashMap<PathBuf, usize> = std::collections::HashMap::new();
    for e in &inputs {
        *seen
            .entry(walk::output_path(out_dir, &e.rel, ext_of(e)))
            .or_default() += 1;
    }
    let dest_of = |e: &Entry| {
        let ext = ext_of(e);
        let plain = walk::output_path(out_dir, &e.rel, ext);
        if seen.get(&plain).copied().unwrap_or(0) > 1 {
            let mut name = e
                .rel
                .file_name()
                .map(std::ffi::OsString::from)
                .unwrap_or_default();
            name.push(".");
            name.push(ext);
            out_dir.join(e.rel.with_file_name(name))
        } else {
            plain
        }
    };
    let cleaned = AtomicU64::new(0);
    let skipped = AtomicU64::new(0);
    let failed = AtomicU64::new(problems.len() as u64);
    let removed = AtomicU64::new(0);
    ctx.pool.install(|| {
        inputs.par_iter().for_each(|e| {
            let dest = dest_of(e);
            if args.resume && dest.is_file() {
                skipped.fetch_add(1, Ordering::Relaxed);
            } else {
                match process(ctx, &e.path, |bytes| write_out(Some(&dest), bytes)) {
                    Ok(n) => {
                        cleaned.fetch_add(1, Ordering::Relaxed);
                        removed.fetch_add(n as u64, Ordering::Relaxed);
                    }
                    Err(err) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        let msg = format!("error: {}: {err}", e.path.display());
                        match &bar {
                            Some(b) => b.println(msg),
                            None => eprintln!("{msg}"),
                        }
                    }
                }
            }
            if let Some(b) = &bar {
                b.inc(1);
            }
        });
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let failed = failed.into_inner();
    let files = inputs.len() as u64 + problems.len() as u64;
    eprintln!(
        "dechrome: {files} files, {} cleaned, {failed} failed, {} skipped (already done), {} blocks removed",
        cleaned.into_inner(),
        skipped.into_inner(),
        removed.into_inner()
    );
    if failed > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }
}
