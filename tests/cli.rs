//! End-to-end tests of the `dechrome` binary.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::*;
use std::process::{Command, Output, Stdio};

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds")
}

/// The seed inputs (`fixtures/seeds/*.txt`), sorted.
fn seed_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(seeds_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    assert_eq!(v.len(), 5, "five seeds expected in fixtures/seeds");
    v
}

/// A directory holding copies of the seed texts (so that the run cannot touch the
/// repository).
fn seed_input_dir(root: &Path) -> PathBuf {
    let dir = root.join("seeds");
    std::fs::create_dir_all(&dir).unwrap();
    for s in seed_files() {
        std::fs::copy(&s, dir.join(s.file_name().unwrap())).unwrap();
    }
    dir
}

const FIELDS: &[&str] = &[
    "title",
    "authors",
    "date",
    "site_name",
    "category",
    "language",
    "highlights",
    "paywalled",
    "text",
    "blocks",
    "dechrome_version",
    "rules_hash",
];

#[test]
fn clean_seed_directory_to_json_is_complete_and_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let input = seed_input_dir(tmp.path());
    let out2 = tmp.path().join("out2");
    let o = run(&[
        "clean",
        s(&input),
        "-o",
        s(&out2),
        "--format",
        "json",
        "--threads",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains("5 files"),
        "summary should count 5 files: {err}"
    );

    let expected: Vec<String> = seed_files()
        .iter()
        .map(|p| format!("{}.json", p.file_stem().unwrap().to_string_lossy()))
        .collect();
    assert_eq!(list_files(&out2), expected);
    for name in &expected {
        let raw = std::fs::read_to_string(out2.join(name)).unwrap();
        let v: Value =
            serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{name}: invalid JSON: {e}"));
        let obj = v
            .as_object()
            .unwrap_or_else(|| panic!("{name}: not an object"));
        for f in FIELDS {
            assert!(obj.contains_key(*f), "{name}: field {f} missing");
        }
        assert!(v["title"].is_string(), "{name}: no title");
        assert!(
            v["blocks"].as_array().is_some_and(|b| !b.is_empty()),
            "{name}: no blocks"
        );
        assert_eq!(v["language"], "ar", "{name}");
        assert_eq!(v["dechrome_version"], env!("CARGO_PKG_VERSION"), "{name}");
        assert!(
            v["rules_hash"].as_str().is_some_and(|h| !h.is_empty()),
            "{name}: empty rules_hash"
        );
    }

    // Same inputs, one thread: byte-identical outputs.
    let out1 = tmp.path().join("out1");
    let o = run(&[
        "clean",
        s(&input),
        "-o",
        s(&out1),
        "--format",
        "json",
        "--threads",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert_eq!(list_files(&out1), expected);
    for name in &expected {
        let a = std::fs::read(out1.join(name)).unwrap();
        let b = std::fs::read(out2.join(name)).unwrap();
        assert!(a == b, "{name} differs between --threads 1 and --threads 2");
    }
    no_temp_files(&out1);
    no_temp_files(&out2);
}

const GOOD_SMALL: &str = "عنوان قصير\n\nفقرة قصيرة جدا هنا.\n";

#[test]
fn unreadable_file_fails_alone() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let tmp = tempfile::tempdir().unwrap();
    let mode =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("good.txt"), GOOD_SMALL).unwrap();
    let bad = input.join("bad.txt");
    std::fs::write(&bad, GOOD_SMALL).unwrap();
    mode(&bad, 0o000);
    let out = tmp.path().join("out");
    let mut cmd = Command::new(BIN);
    cmd.args(["clean", s(&input), "-o", s(&out), "--threads", "2"]);
    if std::fs::read(&bad).is_ok() {
        // Root reads whatever the mode: run dechrome as `nobody` instead, with the rest of
        // the tree open to it.
        mode(tmp.path(), 0o755);
        mode(&input, 0o755);
        mode(&input.join("good.txt"), 0o644);
        std::fs::create_dir(&out).unwrap();
        mode(&out, 0o777);
        cmd.uid(65534).gid(65534);
    }
    let o = match cmd.stdin(Stdio::null()).output() {
        Ok(o) => o,
        Err(e) => {
            eprintln!(
                "skipped: cannot run dechrome without read access to {}: {e}",
                bad.display()
            );
            return;
        }
    };
    mode(&bad, 0o644);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(stderr(&o).contains("bad.txt"), "{}", describe(&o));
    assert!(out.join("good.json").is_file(), "good output missing");
    assert!(
        !out.join("bad.json").exists(),
        "an output for the unreadable file"
    );
    no_temp_files(&out);
}

#[test]
fn oversized_file_fails_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    assert!(GOOD_SMALL.len() <= 100);
    std::fs::write(input.join("good.txt"), GOOD_SMALL).unwrap();
    let big = std::fs::read_to_string(&seed_files()[0]).unwrap();
    assert!(big.len() > 100);
    std::fs::write(input.join("big.txt"), &big).unwrap();
    let out = tmp.path().join("out");
    let o = run(&[
        "clean",
        s(&input),
        "-o",
        s(&out),
        "--max-bytes",
        "100",
        "--threads",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(err.contains("big.txt"), "stderr should name big.txt: {err}");
    assert!(out.join("good.json").is_file(), "good output missing");
    assert!(
        !out.join("big.json").exists(),
        "an output for the oversized file"
    );
    no_temp_files(&out);
}

#[test]
fn resume_skips_done_files_and_keeps_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let input = seed_input_dir(tmp.path());
    let out = tmp.path().join("out");
    let args = [
        "clean",
        s(&input),
        "-o",
        s(&out),
        "--resume",
        "--threads",
        "2",
    ];
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(stderr(&o).contains("5 cleaned"), "{}", describe(&o));
    let files = list_files(&out);
    assert_eq!(files.len(), 5);
    let before: Vec<(Vec<u8>, std::time::SystemTime)> = files
        .iter()
        .map(|f| {
            let p = out.join(f);
            (
                std::fs::read(&p).unwrap(),
                std::fs::metadata(&p).unwrap().modified().unwrap(),
            )
        })
        .collect();
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains("5 skipped"),
        "second run should skip all 5: {err}"
    );
    assert!(
        err.contains("0 cleaned"),
        "second run should clean nothing: {err}"
    );
    assert_eq!(list_files(&out), files);
    for (f, (bytes, mtime)) in files.iter().zip(before) {
        let p = out.join(f);
        assert_eq!(std::fs::read(&p).unwrap(), bytes, "{f} changed");
        assert_eq!(
            std::fs::metadata(&p).unwrap().modified().unwrap(),
            mtime,
            "{f} rewritten"
        );
    }
}

const SCRIPTED_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Scripted page</title>
<script>window.evil = 1;</script></head>
<body>
<article>
<h1>A page with scripts inside the story</h1>
<p>The first paragraph of the story is long enough to be prose, with many words to read for everyone here.</p>
<script>document.write("<p>injected</p>");</script>
<p>The second paragraph quotes a tag literally: &lt;script&gt;alert(1)&lt;/script&gt; and goes on with more words.</p>
<p>The third paragraph links <a href="javascript:alert(2)">somewhere odd</a> and ends the story with plenty of words.</p>
</article>
</body></html>
"#;

#[test]
fn text_markdown_and_html_formats() {
    let tmp = tempfile::tempdir().unwrap();
    let input = seed_input_dir(tmp.path());
    std::fs::write(input.join("scripted.html"), SCRIPTED_PAGE).unwrap();
    let mut stems: Vec<String> = seed_files()
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.push("scripted".into());
    stems.sort();
    for (format, ext) in [("text", "txt"), ("markdown", "md"), ("html", "html")] {
        let out = tmp.path().join(format!("out-{format}"));
        let o = run(&["clean", s(&input), "-o", s(&out), "--format", format]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", describe(&o));
        let want: Vec<String> = stems.iter().map(|st| format!("{st}.{ext}")).collect();
        assert_eq!(list_files(&out), want, "{format}");
        for f in &want {
            let body = std::fs::read_to_string(out.join(f)).unwrap();
            assert!(!body.trim().is_empty(), "{format}: {f} is empty");
            if format == "html" {
                let lower = body.to_ascii_lowercase();
                assert!(!lower.contains("<script"), "{f} holds a script:\n{body}");
                assert!(
                    !lower.contains("javascript:"),
                    "{f} holds a javascript: URL:\n{body}"
                );
            }
        }
        let scripted = std::fs::read_to_string(out.join(format!("scripted.{ext}"))).unwrap();
        assert!(
            scripted.contains("The first paragraph of the story"),
            "{format}: {scripted}"
        );
        assert!(!scripted.contains("window.evil"), "{format}: {scripted}");
        assert!(!scripted.contains("injected"), "{format}: {scripted}");
    }
    // Markdown: the title as a level-1 heading.
    let md = std::fs::read_to_string(
        tmp.path()
            .join("out-markdown")
            .join(format!("{}.md", stems[0])),
    )
    .unwrap();
    assert!(md.starts_with("# "), "markdown starts with the title: {md}");
}

#[test]
fn stdin_to_stdout_json() {
    let seed = std::fs::read(&seed_files()[1]).unwrap();
    let o = run_with_stdin(&["clean", "-"], seed.clone());
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", describe(&o)));
    assert_eq!(
        v["title"],
        "مقال بفورين بوليسي: كازاخستان تستثمر الحرب في أوكرانيا للابتعاد عن روسيا"
    );
    assert!(v["text"].as_str().is_some_and(|t| t.contains("حليف سام")));
}

#[test]
fn fetched_reads_relative_dates_and_refuses_a_bad_date() {
    let p = "The harbour authority said on Monday that the new container terminal would open next year, after a delay of almost two years caused by the storms.";
    let page = format!(
        "<html lang=\"es\"><body><article><h1>El puerto abrirá más tarde</h1><span class=\"fecha\">hace 3 horas</span><p>{p}</p><p>{p}</p></article></body></html>"
    );
    let o = run_with_stdin(
        &["clean", "-", "--fetched", "2025-05-01T01:30:00Z"],
        page.clone(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["date"], "2025-04-30", "{}", describe(&o));
    let o = run_with_stdin(&["clean", "-", "--fetched", "last week"], page);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("YYYY-MM-DD"),
        "{}",
        describe(&o)
    );
}

const BROKEN_RULES: &str = "[pack]\nid = \"broken\"\nscope = \"global\"\n\n[[rule]\nid = \"x\"\n";

#[test]
fn rules_check_and_test() {
    let o = run(&["rules", "check"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));

    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("oops.toml"), BROKEN_RULES).unwrap();
    let o = run(&["rules", "check", s(tmp.path())]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(stderr(&o).contains("oops.toml"), "{}", describe(&o));

    let o = run(&["rules", "test"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!out.contains("FAILED"), "{out}");
}

const EXTRA_PACK: &str = r#"[pack]
id = "test-extra"
scope = "global"

[[rule]]
id = "test-line"
kind = "line"
phrases = ["سطر تجريبي للحذف"]
"#;

const EXTRA_INPUT: &str = "عنوان الخبر الرئيسي هنا

هذه فقرة أولى طويلة من نص المقال تتحدث عن موضوع مهم وتشرح التفاصيل الكاملة للقارئ بوضوح تام ودقة كبيرة في السياق.

سطر تجريبي للحذف

فقرة ثانية طويلة من نص المقال تكمل الحديث عن الموضوع وتضيف معلومات جديدة مفيدة للقارئ الكريم في هذا السياق المهم.
";

#[test]
fn extra_rules_dir_removes_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = tmp.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::write(rules.join("extra.toml"), EXTRA_PACK).unwrap();
    let page = tmp.path().join("page.txt");
    std::fs::write(&page, EXTRA_INPUT).unwrap();

    let text_of = |o: &Output| -> String {
        let v: Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", describe(o)));
        v["text"].as_str().unwrap_or_default().to_string()
    };
    let plain = run(&["clean", s(&page)]);
    assert_eq!(plain.status.code(), Some(0), "{}", describe(&plain));
    assert!(
        text_of(&plain).contains("سطر تجريبي للحذف"),
        "without the pack the line stays (else this test proves nothing)"
    );
    let o = run(&["clean", s(&page), "--rules", s(&rules)]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let text = text_of(&o);
    assert!(!text.contains("سطر تجريبي للحذف"), "{text}");
    assert!(
        text.contains("هذه فقرة أولى") && text.contains("فقرة ثانية"),
        "{text}"
    );
}

#[test]
fn bad_usage_exits_2() {
    let o = run(&["clean"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    let seed = seed_files()[0].clone();
    let o = run(&["clean", s(&seed), "--lang", "xx"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(stderr(&o).contains("xx"), "{}", describe(&o));
    let o = run(&["no-such-command"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
}

#[test]
fn inputs_sharing_a_stem_do_not_overwrite_each_other() {
    // `page.txt` and `page.html` both map to `page.json` when the extension is replaced:
    // either both articles end up in OUT, or the run fails and says so. Losing one silently
    // is the bug.
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let text_p = "The text file paragraph is long enough to count as prose for the cleaner, with many words in it for sure.";
    let html_p = "The HTML file paragraph is long enough to count as prose for the cleaner, with many words in it for sure.";
    std::fs::write(input.join("page.txt"), format!("Title A\n\n{text_p}\n")).unwrap();
    std::fs::write(
        input.join("page.html"),
        format!("<html><body><article><h1>Title B</h1><p>{html_p}</p></article></body></html>"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = run(&["clean", s(&input), "-o", s(&out), "--format", "text"]);
    let mut all = String::new();
    for f in list_files(&out) {
        all.push_str(&std::fs::read_to_string(out.join(f)).unwrap());
    }
    let both_kept = all.contains(text_p) && all.contains(html_p);
    let reported = o.status.code() != Some(0) && stderr(&o).contains("page.");
    assert!(
        both_kept || reported,
        "one of page.txt / page.html was silently lost; OUT holds {:?}\n{}",
        list_files(&out),
        describe(&o)
    );
}

#[test]
fn builtin_pack_with_a_huge_regex_exits_2_naming_the_rule() {
    let tmp = tempfile::tempdir().unwrap();
    let en =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/lang/en.toml"))
            .unwrap();
    let old = "patterns = ['^[0-9]+ comments?$']";
    assert!(
        en.contains(old),
        "rules/lang/en.toml changed: update this test"
    );
    let huge = en.replace(old, r"patterns = ['(?:\w{50}){200}[a-z]{1000}']");
    std::fs::write(tmp.path().join("en.toml"), huge).unwrap();
    let o = run_with_stdin(&["clean", "-", "--rules", s(tmp.path())], "Some text.\n");
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains("en.toml") && err.contains("comment-count"),
        "{err}"
    );
    assert!(o.stdout.is_empty(), "no output on a rule error");
}

#[test]
fn output_folder_inside_the_input_folder_is_not_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let input = seed_input_dir(tmp.path());
    let out = input.join("cleaned");
    for _ in 0..2 {
        let o = run(&["clean", s(&input), "-o", s(&out), "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    }
    let files = list_files(&out);
    assert_eq!(
        files.len(),
        5,
        "outputs were cleaned again as inputs: {files:?}"
    );
    assert!(files
        .iter()
        .all(|f| f.ends_with(".json") && !f.contains("cleaned")));
}

/// A write that fails half-way (here: a file-size limit, as a full disk would) reports the
/// file, leaves no temporary file, and the other files are still written.
#[test]
fn failing_writes_report_the_file_and_leave_nothing_half_written() {
    use std::os::unix::process::CommandExt;
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let para = "A paragraph of the story that is long enough to be prose, with words. ";
    std::fs::write(input.join("small.txt"), format!("Small story\n\n{para}\n")).unwrap();
    std::fs::write(
        input.join("big.txt"),
        format!("Big story\n\n{}\n", para.repeat(400)),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let mut cmd = std::process::Command::new(BIN);
    cmd.args(["clean", s(&input), "-o", s(&out), "--threads", "1"]);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit {
                rlim_cur: 8 * 1024,
                rlim_max: 8 * 1024,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &lim);
            Ok(())
        });
    }
    let o = cmd.stdin(Stdio::null()).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(stderr(&o).contains("big.txt"), "{}", describe(&o));
    no_temp_files(&out);
    assert_eq!(list_files(&out), vec!["small.json".to_string()]);
}

#[test]
fn sigkilled_run_resumed_matches_an_uninterrupted_run() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let seeds: Vec<String> = seed_files()
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    for i in 0..600 {
        let dir = input.join(format!("d{}", i % 7));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(format!("page{i:03}.txt")),
            format!("{}\n\nPage number {i} ends here.\n", seeds[i % seeds.len()]),
        )
        .unwrap();
    }
    let whole = tmp.path().join("whole");
    let o = run(&["clean", s(&input), "-o", s(&whole), "--threads", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));

    let killed = tmp.path().join("killed");
    let mut child = Command::new(BIN)
        .args(["clean", s(&input), "-o", s(&killed), "--threads", "2"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t0 = std::time::Instant::now();
    while !(killed.is_dir() && list_files(&killed).len() >= 20) && t0.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    // A temporary file as a kill during a write leaves it.
    std::fs::create_dir_all(killed.join("d0")).unwrap();
    std::fs::write(killed.join("d0/.dechrome-tmp-left"), b"partial").unwrap();
    let o = run(&[
        "clean",
        s(&input),
        "-o",
        s(&killed),
        "--threads",
        "2",
        "--resume",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    no_temp_files(&killed);
    let files = list_files(&whole);
    assert_eq!(files.len(), 600);
    assert_eq!(files, list_files(&killed));
    for f in &files {
        assert_eq!(
            std::fs::read(whole.join(f)).unwrap(),
            std::fs::read(killed.join(f)).unwrap(),
            "{f} differs after kill + resume"
        );
    }
}
