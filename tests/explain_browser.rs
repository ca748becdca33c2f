//! The explain report in a real browser: headless Chromium (Debian's `chromium` package,
//! installed by `.ci/run` when missing) opens reports on an Arabic seed, an English HTML page
//! and a hostile page, saves a screenshot of each, and checks from the page's own DOM that the
//! removed lines are there with their rule ids, that Arabic text is laid out right to left,
//! that nothing loads from the network and that no script runs.
//!
//! Without a Chromium that runs, the test fails. Outside CI (`CI` unset), setting
//! `DECHROME_SKIP_BROWSER=1` turns the failure into a printed SKIPPED line instead.
//! `DECHROME_CHROMIUM` names another browser binary; `DECHROME_README_PNG=path` also writes the
//! Arabic report's screenshot there (the README's picture is made that way).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_dechrome");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DECHROME_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs = std::iter::once(PathBuf::from("/usr/bin")).chain(std::env::split_paths(&path));
    for d in dirs {
        for name in ["chromium", "chromium-browser"] {
            let p = d.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// The browser, or `None` when the caller asked to skip outside CI. Panics otherwise.
fn browser() -> Option<PathBuf> {
    let problem = match find_chromium() {
        None => {
            "no Chromium found (install Debian's `chromium` package: .ci/run does it)".to_string()
        }
        Some(p) => match Command::new(&p).arg("--version").output() {
            Ok(o) if o.status.success() => return Some(p),
            Ok(o) => format!(
                "{} --version failed: {}",
                p.display(),
                String::from_utf8_lossy(&o.stderr)
            ),
            Err(e) => format!("{} cannot run: {e}", p.display()),
        },
    };
    if !in_ci() && std::env::var("DECHROME_SKIP_BROWSER").is_ok_and(|v| v == "1") {
        eprintln!("SKIPPED explain browser test: {problem}");
        return None;
    }
    panic!("explain browser test cannot run: {problem}");
}

/// A proxy that only counts: every request the browser makes to the network comes here.
struct Trap {
    port: u16,
    /// The first line of every request.
    first: Arc<Mutex<Vec<String>>>,
}

impl Trap {
    fn start() -> Trap {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let port = listener.local_addr().unwrap().port();
        let first = Arc::new(Mutex::new(Vec::new()));
        let f = first.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut s = stream;
                let _ = s.set_read_timeout(Some(Duration::from_millis(500)));
                let mut buf = [0u8; 512];
                let n = s.read(&mut buf).unwrap_or(0);
                let line = String::from_utf8_lossy(&buf[..n]);
                f.lock()
                    .unwrap()
                    .push(line.lines().next().unwrap_or("").to_string());
                let _ = s.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
            }
        });
        Trap { port, first }
    }
}

struct Browser {
    bin: PathBuf,
    trap: Trap,
    tmp: tempfile::TempDir,
}

impl Browser {
    /// Runs Chromium on `url` with the flags of the test plus `extra`, in a fresh profile.
    fn run(&self, url: &str, extra: &[&str]) -> Output {
        let profile = tempfile::tempdir_in(self.tmp.path()).unwrap();
        let mut cmd = Command::new(&self.bin);
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!(
            "--proxy-server=http://127.0.0.1:{}",
            self.trap.port
        ))
        .arg("--proxy-bypass-list=<-loopback>")
        .args(extra)
        .arg(url)
        .stdin(Stdio::null());
        let out = cmd.output().expect("chromium starts");
        assert!(
            out.status.success(),
            "chromium failed on {url}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

fn file_url(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// Makes a report with the CLI; returns its path and how long the CLI took.
fn report(input: &Path, out: &Path) -> Duration {
    let t = Instant::now();
    // Run from the crate's folder with a relative input: the report shows the path as given.
    let input = input.strip_prefix(ROOT).unwrap_or(input);
    let o = Command::new(BIN)
        .current_dir(ROOT)
        .args(["explain", "--no-site-rules"])
        .arg(input)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    let took = t.elapsed();
    assert!(
        o.status.success(),
        "dechrome explain {}: {}",
        input.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    took
}

/// The probe page: loads the report in an iframe (file pages share an origin under
/// `--allow-file-access-from-files`), reads its DOM and computed styles, and writes them out
/// as JSON for `--dump-dom`.
const PROBE: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<pre id="out">pending</pre><iframe id="f" style="width:1000px;height:800px"></iframe>
<script>
const t0 = performance.now();
const f = document.getElementById('f');
f.onload = () => {
  const d = f.contentDocument, w = f.contentWindow;
  d.body.getBoundingClientRect();
  const ms = performance.now() - t0;
  const r = {ms, title: d.title, scripts: d.getElementsByTagName('script').length, handlers: [],
             external: [], rows: [], meta: {}, topTitle: document.title};
  for (const el of d.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.toLowerCase().startsWith('on')) r.handlers.push(el.tagName + ' ' + a.name);
      if (['src', 'srcset', 'action', 'formaction', 'poster', 'data', 'background'].includes(a.name)) r.external.push(el.tagName + ' ' + a.name);
      if (a.name === 'href' && !/^[A-Za-z0-9._-]+\.html$/.test(a.value)) r.external.push(el.tagName + ' href=' + a.value);
    }
  }
  for (const row of d.querySelectorAll('#blocks .row')) {
    const t = row.querySelector('.txt');
    const s = w.getComputedStyle(t);
    r.rows.push({removed: row.classList.contains('removed'), rule: row.dataset.rule || null,
                 why: row.querySelector('.why').textContent, text: t.textContent,
                 tag: t.tagName, dir: s.direction, deco: s.textDecorationLine});
  }
  for (const tr of d.querySelectorAll('table.meta tr[id]')) {
    const v = tr.querySelector('.value');
    const span = v.querySelector('span');
    r.meta[tr.id.slice(5)] = {value: v.textContent, source: tr.querySelector('.src').textContent,
                              dir: span ? w.getComputedStyle(span).direction : null};
  }
  document.getElementById('out').textContent = JSON.stringify(r);
};
f.src = 'REPORT';
</script></body></html>"#;

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Opens `report` through the probe; returns what it saw.
fn probe(b: &Browser, report: &Path) -> Value {
    let name = report.file_name().unwrap().to_string_lossy();
    let page = report.with_file_name(format!("probe-{name}"));
    std::fs::write(&page, PROBE.replace("REPORT", &name)).unwrap();
    let out = b.run(
        &file_url(&page),
        &["--allow-file-access-from-files", "--dump-dom"],
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let json = dom
        .split("<pre id=\"out\">")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .unwrap_or_else(|| panic!("no probe output in {dom}"));
    serde_json::from_str(&unescape(json))
        .unwrap_or_else(|e| panic!("probe output is not JSON ({e}): {json}"))
}

/// Opens `report` alone (no flags beyond the test's): no script may run or be refused, no
/// console error; saves a screenshot.
fn open_alone(b: &Browser, report: &Path, shot: &Path) {
    let out = b.run(&file_url(report), &["--dump-dom"]);
    let dom = String::from_utf8_lossy(&out.stdout).to_ascii_lowercase();
    assert!(dom.contains("<div id=\"blocks\">"), "report DOM: {dom}");
    assert!(
        !dom.contains("<script"),
        "a script element in the report DOM"
    );
    let log = String::from_utf8_lossy(&out.stderr);
    for bad in ["Refused to", "Uncaught", "CONSOLE"] {
        assert!(
            !log.contains(bad),
            "{}: browser log has {bad:?}:\n{log}",
            report.display()
        );
    }
    b.run(
        &file_url(report),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1100,1300",
            "--force-device-scale-factor=0.6",
            "--hide-scrollbars",
        ],
    );
    assert!(
        std::fs::metadata(shot).is_ok_and(|m| m.len() > 1000),
        "no screenshot at {}",
        shot.display()
    );
}

/// A request Chromium makes by itself (network time, component updater, sign-in), not for a
/// page.
fn is_browser_service(request_line: &str) -> bool {
    let target = request_line.split(' ').nth(1).unwrap_or("");
    let host = target
        .split_once("://")
        .map_or(target, |(_, r)| r)
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    ["google.com", "googleapis.com", "gstatic.com", "gvt1.com"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

fn rows(v: &Value) -> &Vec<Value> {
    v["rows"].as_array().expect("rows")
}

/// Common checks: no script, no handler, no external reference; removed rows struck through
/// with their rule id beside them; kept rows not struck.
fn check_common(v: &Value, what: &str) {
    assert_eq!(v["scripts"], 0, "{what}: script elements");
    assert_eq!(v["handlers"].as_array().unwrap().len(), 0, "{what}: {v}");
    assert_eq!(v["external"].as_array().unwrap().len(), 0, "{what}: {v}");
    assert!(
        v["title"].as_str().unwrap().starts_with("dechrome explain"),
        "{what}: the report's title changed: {}",
        v["title"]
    );
    assert!(!rows(v).is_empty(), "{what}: no rows");
    for r in rows(v) {
        let removed = r["removed"].as_bool().unwrap();
        let deco = r["deco"].as_str().unwrap();
        if removed {
            assert_eq!(r["tag"], "DEL", "{what}: {r}");
            assert!(deco.contains("line-through"), "{what}: not struck: {r}");
            let rule = r["rule"].as_str().unwrap();
            assert!(r["why"].as_str().unwrap().starts_with(rule), "{what}: {r}");
        } else {
            assert!(
                !deco.contains("line-through"),
                "{what}: kept but struck: {r}"
            );
        }
    }
}

fn find<'a>(v: &'a Value, text: &str) -> &'a Value {
    rows(v)
        .iter()
        .find(|r| r["text"].as_str().is_some_and(|t| t.contains(text)))
        .unwrap_or_else(|| panic!("no row with {text:?}"))
}

fn removed_by<'a>(v: &'a Value, text: &str, rule: &str) -> &'a Value {
    let r = find(v, text);
    assert_eq!(r["removed"], true, "{text:?} should be removed: {r}");
    assert_eq!(r["rule"], rule, "{text:?}: {r}");
    r
}

/// A page of about `bytes` bytes: the English fixture's body many times over.
fn big_page(bytes: usize) -> String {
    let unit = "<p>Engineers in three river towns have started raising the banks along the lower valley, after forecasters said the coming spring could be the wettest in twenty years.</p>\n<p>Read also</p><p>Old mill reopens as a museum of the valley</p>\n<ul class=\"share\"><li><a href=\"/a\">Share</a></li><li><a href=\"/b\">Tweet</a></li></ul>\n<p>The work adds half a metre of earth and stone to the levees that protect the market squares and about four hundred homes, officials said on Tuesday.</p>\n";
    let mut s = String::from("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Big page</title></head><body><article><h1>A very long page for timing</h1>\n");
    while s.len() < bytes {
        s.push_str(unit);
    }
    s.push_str("</article></body></html>\n");
    s
}

#[test]
fn explain_reports_render_in_chromium() {
    let Some(bin) = browser() else {
        return;
    };
    let b = Browser {
        bin,
        trap: Trap::start(),
        tmp: tempfile::tempdir().unwrap(),
    };
    let shots = Path::new(ROOT).join("target/explain-browser");
    std::fs::create_dir_all(&shots).unwrap();
    let dir = b.tmp.path();
    let root = Path::new(ROOT);

    // The Arabic seed: text input, line by line.
    let ar = dir.join("seed-001.html");
    report(&root.join("fixtures/seeds/001_b978f59f3525f90d.txt"), &ar);
    let shot = shots.join("seed-001.png");
    open_alone(&b, &ar, &shot);
    if let Some(p) = std::env::var_os("DECHROME_README_PNG") {
        std::fs::copy(&shot, p).unwrap();
    }
    let v = probe(&b, &ar);
    check_common(&v, "arabic seed");
    let label = removed_by(&v, "اقرأ ايضاً", "ar/read-also");
    assert!(label["why"]
        .as_str()
        .unwrap()
        .contains("rules/lang/ar.toml:"));
    let pos = rows(&v).iter().position(|r| r == label).unwrap();
    assert_eq!(
        rows(&v)[pos + 1]["rule"],
        "ar/read-also",
        "the headline under the label"
    );
    assert_eq!(rows(&v)[pos + 1]["removed"], true);
    removed_by(&v, "اترك تعليقاً", "ar/related-tail");
    removed_by(&v, "لن يتم نشر عنوان بريدك الإلكتروني", "ar/related-tail");
    for r in rows(&v) {
        assert_eq!(r["dir"], "rtl", "Arabic line laid out left to right: {r}");
    }
    assert_eq!(v["meta"]["category"]["value"], "سياسة");
    assert!(v["meta"]["category"]["source"]
        .as_str()
        .unwrap()
        .starts_with("ar/category"));
    assert_eq!(v["meta"]["category"]["dir"], "rtl");
    assert_eq!(v["meta"]["language"]["value"], "ar");

    // An English HTML page.
    let en = dir.join("english.html");
    report(&root.join("fixtures/explain/english.html"), &en);
    open_alone(&b, &en, &shots.join("english.png"));
    let v = probe(&b, &en);
    check_common(&v, "english page");
    removed_by(&v, "Read also", "en/read-more");
    removed_by(&v, "Old mill reopens", "en/read-more");
    removed_by(&v, "Leave a Reply", "en/comments-tail");
    let kept = find(&v, "Engineers in three river towns");
    assert_eq!(kept["removed"], false);
    assert_eq!(kept["dir"], "ltr");
    assert_eq!(v["meta"]["category"]["value"], "Environment");
    assert_eq!(v["meta"]["category"]["source"], "meta:article:section");

    // A hostile page: scripts, event handlers, javascript: URLs, `</style>` in its text.
    let hostile = dir.join("hostile.html");
    report(&root.join("fixtures/explain/hostile.html"), &hostile);
    open_alone(&b, &hostile, &shots.join("hostile.png"));
    let v = probe(&b, &hostile);
    check_common(&v, "hostile page");
    assert_ne!(v["topTitle"], "PWNED", "a script of the page ran");
    let quoted = find(&v, "</style><script>document.title='PWNED'</script>");
    assert_eq!(
        quoted["removed"], false,
        "the quoted markup is page text: {quoted}"
    );
    find(&v, "onerror=\"document.title='PWNED'\"");
    find(&v, "javascript:document.title='PWNED'");

    // A 1 MB page: how long the report takes to make and to render (printed, not asserted).
    let page = dir.join("big.html");
    std::fs::write(&page, big_page(1 << 20)).unwrap();
    let big = dir.join("big-report.html");
    let made = report(&page, &big);
    let v = probe(&b, &big);
    check_common(&v, "1 MB page");
    eprintln!(
        "explain on a 1 MB page: {} rows, report {} KB, made in {} ms, loaded and laid out by Chromium in {:.0} ms",
        rows(&v).len(),
        std::fs::metadata(&big).unwrap().len() / 1024,
        made.as_millis(),
        v["ms"].as_f64().unwrap()
    );

    // Chromium's own background calls (clock, updater, accounts) reach the proxy whatever the
    // page; any other request came from a page.
    // The checks can see what they look for: a control page that loads an image and runs a
    // script must show up in the trap and in the browser's log.
    let control = dir.join("control.html");
    std::fs::write(
        &control,
        "<!DOCTYPE html><img src=\"http://control.example/pixel.png\"><script>console.error('control-script-ran')</script>",
    )
    .unwrap();
    let out = b.run(&file_url(&control), &["--dump-dom"]);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        log.contains("CONSOLE") && log.contains("control-script-ran"),
        "the browser log does not show a page's script: {log}"
    );
    assert!(
        b.trap
            .first
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.contains("control.example")),
        "the network trap missed the control page's request"
    );
    let from_pages: Vec<String> = b
        .trap
        .first
        .lock()
        .unwrap()
        .iter()
        .filter(|l| !is_browser_service(l) && !l.contains("control.example"))
        .cloned()
        .collect();
    assert!(
        from_pages.is_empty(),
        "a page went to the network: {from_pages:?}"
    );
}
