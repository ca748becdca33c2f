//! The hostile folder: inputs built to crash, hang or exhaust a cleaner, run as one directory
//! with `--threads 2`. Every input must end with an output or an error naming it, nothing
//! may panic, no temporary file may be left, and the process must stay under 3 GB.

use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

mod common;
use common::*;

/// Writes `name` in `dir` from chunks produced by `fill` (keeps big inputs out of memory).
fn write_with(dir: &Path, name: &str, fill: impl FnOnce(&mut dyn Write)) -> PathBuf {
    let path = dir.join(name);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    fill(&mut f);
    f.flush().unwrap();
    path
}

fn repeat(w: &mut dyn Write, piece: &[u8], times: usize) {
    for _ in 0..times {
        w.write_all(piece).unwrap();
    }
}

/// xorshift: random bytes without a dependency, the same on every run.
fn random_bytes(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

const STORY: &str = "<p>The council approved the plan after a long debate that ran late into the night, and the mayor said work would start in the spring.</p>";

/// Builds the folder; returns the names of the regular files (which must each get an output
/// or an error) and of the special entries (which must each be reported).
fn build(dir: &Path) -> (Vec<String>, Vec<String>) {
    let mut files = Vec::new();
    let mut add = |p: PathBuf| files.push(p.file_name().unwrap().to_string_lossy().into_owned());

    add(write_with(dir, "deep.html", |w| {
        w.write_all(b"<html><body>").unwrap();
        repeat(w, b"<div>", 200_000);
        w.write_all(b"deep text").unwrap();
        repeat(w, b"</div>", 200_000);
    }));
    add(write_with(dir, "unclosed-inline.html", |w| {
        w.write_all(b"<html><body>").unwrap();
        repeat(w, b"<b><i>", 50_000);
        w.write_all(STORY.as_bytes()).unwrap();
    }));
    add(write_with(dir, "one-line-100mb.txt", |w| {
        repeat(w, b"word ", 20 * 1024 * 1024);
    }));
    add(write_with(dir, "million-p.html", |w| {
        w.write_all(b"<html><body>").unwrap();
        repeat(w, b"<p>a line", 1_000_000);
    }));
    add(write_with(dir, "random.bin", |w| {
        w.write_all(&random_bytes(5 * 1024 * 1024)).unwrap();
    }));
    add(write_with(dir, "nul.txt", |w| {
        w.write_all(&vec![0u8; 1024 * 1024]).unwrap();
    }));
    add(write_with(dir, "bad-utf8.html", |w| {
        w.write_all(b"<html><head><meta charset=utf-8></head><body><p>caf\xe9 \xff\xfe \xc3\x28 ")
            .unwrap();
        w.write_all(STORY.as_bytes()).unwrap();
    }));
    add(write_with(dir, "lying-charset.html", |w| {
        // Declares windows-1252 but is UTF-8 Arabic.
        w.write_all(b"<html><head><meta charset=windows-1252></head><body><p>")
            .unwrap();
        repeat(
            w,
            "قالت الحكومة إن الخطة ستبدأ في الربيع المقبل. ".as_bytes(),
            20,
        );
        w.write_all(b"</p>").unwrap();
    }));
    add(write_with(dir, "utf16.html", |w| {
        let page = format!("<html><body>{STORY}</body></html>");
        w.write_all(&[0xFF, 0xFE]).unwrap();
        for u in page.encode_utf16() {
            w.write_all(&u.to_le_bytes()).unwrap();
        }
    }));
    add(write_with(dir, "empty.html", |_| {}));
    add(write_with(dir, "only-chrome.html", |w| {
        w.write_all(b"<html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav><div class=share>Share on Facebook</div><footer>Copyright 2024</footer></body></html>").unwrap();
    }));
    add(write_with(dir, "table-soup.html", |w| {
        w.write_all(b"<html><body>").unwrap();
        repeat(w, b"<table><tr><td>cell<td><table><tr><td>x</tr>", 20_000);
    }));
    add(write_with(dir, "attributes.html", |w| {
        w.write_all(b"<html><body><div").unwrap();
        for i in 0..300_000 {
            write!(w, " a{i}=\"v\"").unwrap();
        }
        w.write_all(b">x</div>").unwrap();
        w.write_all(STORY.as_bytes()).unwrap();
    }));
    add(write_with(dir, "big-script.html", |w| {
        w.write_all(b"<html><body><script>").unwrap();
        repeat(w, b"var a = '<p>not text</p>';\n", 8 * 1024 * 1024 / 27);
        w.write_all(b"</script>").unwrap();
        w.write_all(STORY.as_bytes()).unwrap();
    }));
    add(write_with(dir, "bomb.html.gz", |w| {
        // 1 GiB of one byte: 1,024 gzip members of 1 MiB each (all members are read).
        let member = gzip(&vec![b'a'; 1 << 20]);
        repeat(w, &member, 1024);
    }));
    add(write_with(dir, "good.html", |w| {
        write!(w, "<html><head><title>Plan approved</title></head><body><article><h1>Plan approved</h1>{STORY}{STORY}</article></body></html>").unwrap();
    }));
    let odd = std::ffi::OsStr::from_bytes(b"name-\xff\xfe.txt");
    std::fs::write(dir.join(odd), "A short story about a strange file name.\n").unwrap();
    add(dir.join(odd));

    let mut special = Vec::new();
    let fifo = dir.join("fifo.html");
    let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
    special.push("fifo.html".to_string());
    std::os::unix::fs::symlink(dir.join("missing.html"), dir.join("dangling.html")).unwrap();
    special.push("dangling.html".to_string());
    std::fs::create_dir(dir.join("loop")).unwrap();
    std::os::unix::fs::symlink(dir.join("loop"), dir.join("loop/again")).unwrap();
    special.push("again".to_string());
    (files, special)
}

#[test]
fn hostile_folder_is_cleaned_without_loss_or_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    std::fs::create_dir(&input).unwrap();
    let (files, special) = build(&input);

    let started = std::time::Instant::now();
    let (code, stderr, peak_kib) = run_measured(
        &[
            "clean",
            s(&input),
            "-o",
            s(&out),
            "--threads",
            "2",
            "--format",
            "json",
        ],
        tmp.path(),
    );
    assert!(matches!(code, Some(0) | Some(1)), "exit {code:?}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Shown with --nocapture: the figures RELIABILITY.md quotes.
    println!(
        "exit {code:?}, {:.1} s, peak {} MiB\n{stderr}",
        started.elapsed().as_secs_f64(),
        peak_kib / 1024
    );
    assert!(
        peak_kib < 3 * 1024 * 1024,
        "peak memory {} MiB",
        peak_kib / 1024
    );
    no_temp_files(&out);

    let outputs = list_files(&out);
    for f in &files {
        let stem = f.split('.').next().unwrap();
        let has_output = outputs.iter().any(|o| o.starts_with(stem));
        let has_error = stderr
            .lines()
            .any(|l| l.starts_with("error: ") && l.contains(f.as_str()));
        assert!(
            has_output ^ has_error,
            "{f}: output {has_output}, error {has_error}\noutputs {outputs:?}\n{stderr}"
        );
    }
    for f in &special {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(f.as_str()) && l.contains("skipped")),
            "{f} not reported\n{stderr}"
        );
    }
    // The budgets name their cause.
    let line = |f: &str| stderr.lines().find(|l| l.contains(f)).unwrap_or("");
    assert!(line("deep.html").contains("nested"), "{stderr}");
    assert!(line("one-line-100mb.txt").contains("too large"), "{stderr}");
    assert!(line("bomb.html.gz").contains("too large"), "{stderr}");
    assert!(line("million-p.html").contains("DOM nodes"), "{stderr}");
    assert!(line("attributes.html").contains("time budget"), "{stderr}");
    // The one good page is cleaned as it would be alone.
    let good: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("good.json")).unwrap()).unwrap();
    assert_eq!(good["title"], "Plan approved");
    assert!(good["text"]
        .as_str()
        .unwrap()
        .contains("The council approved"));
    // Script text never reaches the body.
    let script: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("big-script.json")).unwrap()).unwrap();
    assert!(!script["text"].as_str().unwrap().contains("not text"));
}
