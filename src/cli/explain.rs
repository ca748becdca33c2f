//! `dechrome explain`: an HTML report of what was removed from a page and why; for a
//! directory, one report per page plus `index.html`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::walk;
use super::{ExplainArgs, InputArg, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};
use dechrome::report::{self, IndexEntry, Page};
use dechrome::stream::{gunzip_capped, read_capped};
use dechrome::{Article, Cleaner, Error, Hints, InputKind, Limits};

fn build(args: &ExplainArgs) -> Result<Cleaner, String> {
    let mut b = Cleaner::builder()
        .site_rules(!args.no_site_rules)
        .explain(true)
        .language((args.lang != "auto").then(|| args.lang.clone()));
    for d in &args.rules {
        b = b.rules_dir(d);
    }
    b.build().map_err(|e| format!("rule error: {e}"))
}

/// Reads a page (decompressing `.gz`) under the default byte cap.
fn read(path: &Path) -> Result<Vec<u8>, Error> {
    let limit = Limits::default().max_bytes;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let raw = read_capped(file, limit).map_err(|e| Error::io(path, e))??;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    {
        gunzip_capped(&raw, limit)
    } else {
        Ok(raw)
    }
}

/// Cleans one page with explain on; says whether it was read as text.
fn explain_page(
    cleaner: &Cleaner,
    args: &ExplainArgs,
    path: &Path,
    url: Option<&str>,
) -> Result<(Article, bool), Error> {
    let bytes = read(path)?;
    let html = match args.input {
        InputArg::Html => true,
        InputArg::Text => false,
        InputArg::Auto => dechrome::html::decode::looks_like_html(&bytes),
    };
    let hints = Hints {
        url: url.map(str::to_string),
        charset: args.charset.clone(),
        fetched: args.fetched.clone(),
        content_type: None,
        input: if html {
            InputKind::Html
        } else {
            InputKind::Text
        },
    };
    Ok((cleaner.clean_bytes(&bytes, &hints)?, !html))
}

fn write(path: &Path, html: &str) -> Result<(), String> {
    walk::write_atomic(path, html.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs `dechrome explain`; returns the exit code.
pub fn run(args: ExplainArgs) -> i32 {
    let cleaner = match build(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("dechrome: {e}");
            return EXIT_USAGE;
        }
    };
    if args.path.is_dir() {
        return run_dir(&cleaner, &args);
    }
    let result = explain_page(&cleaner, &args, &args.path, args.url.as_deref());
    let (article, text_input) = match result {
        Ok(x) => x,
        Err(e) => {
            eprintln!("dechrome: {}: {e}", args.path.display());
            return EXIT_SOME_FAILED;
        }
    };
    let name = args.path.display().to_string();
    let html = report::render(
        &Page {
            name: &name,
            article: &article,
            text_input,
        },
        cleaner.rules(),
    );
    match write(&args.output, &html) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("dechrome: {e}");
            EXIT_SOME_FAILED
        }
    }
}

/// A report file name for `rel` not yet used: safe characters only.
fn report_name(rel: &Path, used: &mut HashSet<String>) -> String {
    let base = report::safe_file_name(&rel.to_string_lossy().replace(['/', '\\'], "__"));
    let mut name = format!("{base}.html");
    let mut n = 2;
    while name == "index.html" || !used.insert(name.clone()) {
        name = format!("{base}-{n}.html");
        n += 1;
    }
    name
}

fn run_dir(cleaner: &Cleaner, args: &ExplainArgs) -> i32 {
    if args.url.is_some() {
        eprintln!("dechrome: --url names one page; it cannot go with a directory");
        return EXIT_USAGE;
    }
    let out: PathBuf = args.output.clone();
    let (entries, problems) = walk::walk(&args.path, Some(&out));
    let mut failed = !problems.is_empty();
    for (p, msg) in &problems {
        eprintln!("dechrome: {}: {msg}", p.display());
    }
    let mut used = HashSet::new();
    let mut index = Vec::new();
    for e in entries {
        let name = e.rel.display().to_string();
        let report = report_name(&e.rel, &mut used);
        let mut line = IndexEntry {
            name: name.clone(),
            report: report.clone(),
            title: None,
            page_type: "",
            kept: 0,
            removed: 0,
            error: None,
        };
        match explain_page(cleaner, args, &e.path, None) {
            Ok((article, text_input)) => {
                let html = report::render(
                    &Page {
                        name: &name,
                        article: &article,
                        text_input,
                    },
                    cleaner.rules(),
                );
                let s = report::summary(&article);
                line.title = article.title.clone();
                line.page_type = article.page_type.name();
                line.kept = s.kept;
                line.removed = s.removed;
                if let Err(err) = write(&out.join(&report), &html) {
                    line.error = Some(err);
                }
            }
            Err(err) => line.error = Some(err.to_string()),
        }
        if let Some(err) = &line.error {
            eprintln!("dechrome: {name}: {err}");
            failed = true;
        }
        index.push(line);
    }
    let html = report::render_index(&index, &cleaner.rules().hash);
    if let Err(e) = write(&out.join("index.html"), &html) {
        eprintln!("dechrome: {e}");
        return EXIT_SOME_FAILED;
    }
    if failed {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }
}
