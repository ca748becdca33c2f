//! Streaming inputs: `dechrome jsonl`, WARC files, gzip inputs and gzip bombs.

use std::io::Write;

use base64::Engine as _;
use serde_json::{json, Value};

mod common;
use common::*;
use std::process::{Command, Stdio};

// --- jsonl ---------------------------------------------------------------------------------

fn ar_paragraph(i: usize) -> String {
    format!("هذه فقرة السجل رقم {i} وهي طويلة بما يكفي لتكون نصا حقيقيا من نص المقال، تتحدث عن موضوع مهم وتشرح التفاصيل الكاملة للقارئ بوضوح تام.")
}

fn en_paragraph(i: usize) -> String {
    format!("This is the paragraph of record number {i} and it is long enough to be prose, with many words that tell the reader what the story is about in detail.")
}

fn html_page(i: usize) -> String {
    format!(
        "<html><head><title>عنوان السجل {i}</title></head><body><nav><a href=\"/\">الرئيسية</a></nav><article><h1>عنوان السجل {i}</h1><p>{}</p><p>{}</p></article><footer>جميع الحقوق محفوظة</footer></body></html>",
        ar_paragraph(i),
        ar_paragraph(i + 1_000_000)
    )
}

/// What line `i` of the input is, and what its output must be.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Line {
    Empty,
    Html,
    Text,
    HtmlB64,
    Invalid,
    NoBody,
    NotObject,
}

fn line_kind(i: usize) -> Line {
    match i % 7 {
        0 => Line::Empty,
        1 => Line::Html,
        2 => Line::Text,
        3 => Line::HtmlB64,
        4 => Line::Invalid,
        5 => Line::NoBody,
        _ => Line::NotObject,
    }
}

fn input_line(i: usize) -> String {
    match line_kind(i) {
        Line::Empty => String::new(),
        Line::Html => json!({"id": i, "url": format!("https://news.example/{i}"), "html": html_page(i)}).to_string(),
        Line::Text => json!({"id": i, "text": format!("Headline of record {i}\n\n{}\n\n{}", en_paragraph(i), en_paragraph(i + 1_000_000))}).to_string(),
        Line::HtmlB64 => {
            let page = html_page(i);
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&page);
            assert!(!unmappable);
            let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
            json!({"id": i, "html_b64": b64, "charset": "windows-1256"}).to_string()
        }
        Line::Invalid => format!("{{\"id\": {i}, \"html\": \"<p>cut short"),
        Line::NoBody => json!({"id": i}).to_string(),
        Line::NotObject => format!("[{i}, \"not a record\"]"),
    }
}

#[test]
fn jsonl_ten_thousand_mixed_lines() {
    const N: usize = 10_000;
    let mut input = String::new();
    for i in 0..N {
        input.push_str(&input_line(i));
        input.push('\n');
    }
    let o = run_with_stdin(&["jsonl", "--threads", "2"], input.into_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let stdout = String::from_utf8(o.stdout.clone()).expect("UTF-8 output");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), N, "one output line per input line");
    for (i, l) in lines.iter().enumerate() {
        let v: Value =
            serde_json::from_str(l).unwrap_or_else(|e| panic!("line {i} is not JSON ({e}): {l}"));
        let status = v["status"]
            .as_str()
            .unwrap_or_else(|| panic!("line {i} has no status: {l}"));
        let kind = line_kind(i);
        match kind {
            Line::Html | Line::Text | Line::HtmlB64 | Line::NoBody => {
                assert_eq!(v["id"], json!(i), "line {i} ({kind:?}): wrong id: {l}");
            }
            Line::Empty | Line::Invalid | Line::NotObject => {
                assert!(
                    v["id"].is_null(),
                    "line {i} ({kind:?}): id should be null: {l}"
                );
            }
        }
        match kind {
            Line::Html | Line::HtmlB64 => {
                assert_eq!(status, "ok", "line {i} ({kind:?}): {l}");
                let text = v["text"].as_str().unwrap_or_default();
                assert!(
                    text.contains(&ar_paragraph(i)),
                    "line {i} ({kind:?}): paragraph of this record missing: {l}"
                );
                assert!(!text.contains("جميع الحقوق"), "line {i}: footer kept: {l}");
                assert_eq!(v["title"], format!("عنوان السجل {i}"), "line {i}: {l}");
            }
            Line::Text => {
                assert_eq!(status, "ok", "line {i}: {l}");
                let text = v["text"].as_str().unwrap_or_default();
                assert!(text.contains(&en_paragraph(i)), "line {i}: {l}");
            }
            _ => {
                assert_eq!(status, "error", "line {i} ({kind:?}): {l}");
                assert!(v["error"].is_string(), "line {i}: no error message: {l}");
            }
        }
    }
}

#[test]
fn jsonl_fetched_field_dates_relative_bylines() {
    let page = format!(
        "<html lang=\"de\"><head><title>Hafen</title></head><body><article><h1>Der Hafen wird später fertig</h1><div class=\"byline\">vor 2 Tagen</div><p>{}</p><p>{}</p></article></body></html>",
        en_paragraph(1),
        en_paragraph(2)
    );
    let input = format!(
        "{}\n{}\n",
        json!({"id": 1, "html": page, "fetched": "2026-03-02T10:00:00Z"}),
        json!({"id": 2, "html": page})
    );
    let o = run_with_stdin(&["jsonl"], input.into_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let stdout = String::from_utf8(o.stdout.clone()).expect("UTF-8 output");
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(lines[0]["date"], "2026-02-28", "{stdout}");
    // Without a fetch date, "vor 2 Tagen" names no day.
    assert!(lines[1]["date"].is_null(), "{stdout}");
}

// --- WARC ----------------------------------------------------------------------------------

fn warc_record(
    kind: &str,
    uri: Option<&str>,
    content_type: &str,
    block: &[u8],
    n: usize,
) -> Vec<u8> {
    let mut head = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012}>\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
    );
    if let Some(u) = uri {
        head.push_str(&format!("WARC-Target-URI: {u}\r\n"));
    }
    head.push_str(&format!(
        "Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    ));
    let mut r = head.into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http_response(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

const WARC_AR_P: &str = "ينظر الرئيس الروسي إلى دول آسيا الوسطى على أنها دول حليفة منذ عقود طويلة، لكن الحرب الأخيرة دفعت كازاخستان وجيرانها إلى إعادة التفكير في هذه التحالفات القديمة بهدوء وحذر.";
const WARC_AR_P2: &str = "كان الكرملين يتوقع من كازاخستان أن ترد الجميل بدعم موقفه، خاصة بعد أن أرسل آلاف الجنود للمساعدة في إخماد الاضطرابات العنيفة في بداية العام، لكن ذلك لم يحدث كما توقع المسؤولون.";
const WARC_EN_P: &str = "The harbour authority said on Monday that the new container terminal would open next year, after a delay of almost two years caused by the storms.";

#[test]
fn warc_gz_multi_member_yields_one_line_per_html_response() {
    let tmp = tempfile::tempdir().unwrap();
    let en_url = "https://en.example.com/story";
    let ar_url = "https://ar.example.com/news/1";
    let en_page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Harbour terminal delayed</title></head><body><article><h1>Harbour terminal delayed</h1><div class=\"meta\">3 days ago</div><p>{WARC_EN_P}</p><p>{WARC_EN_P}</p></article></body></html>"
    );
    let ar_page = format!(
        "<html lang=\"ar\"><head><title>خبر</title></head><body><article><h1>بوتين يتلقى صدمة من حلفائه</h1><p>{WARC_AR_P}</p><p>{WARC_AR_P2}</p></article></body></html>"
    );
    assert!(!ar_page.contains("charset"));
    let (ar_bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&ar_page);
    assert!(!unmappable);
    let jpeg: Vec<u8> = [0xFF, 0xD8, 0xFF, 0xE0]
        .into_iter()
        .chain((0..2000u32).map(|i| (i * 7 % 256) as u8))
        .chain([0xFF, 0xD9])
        .collect();
    let records = [
        warc_record(
            "warcinfo",
            None,
            "application/warc-fields",
            b"software: dechrome-tests\r\nformat: WARC File Format 1.0\r\n",
            1,
        ),
        warc_record(
            "request",
            Some(en_url),
            "application/http; msgtype=request",
            b"GET /story HTTP/1.1\r\nHost: en.example.com\r\n\r\n",
            2,
        ),
        warc_record(
            "response",
            Some("https://en.example.com/logo.jpg"),
            "application/http; msgtype=response",
            &http_response("image/jpeg", &jpeg),
            3,
        ),
        warc_record(
            "response",
            Some(en_url),
            "application/http; msgtype=response",
            &http_response("text/html; charset=utf-8", en_page.as_bytes()),
            4,
        ),
        warc_record(
            "response",
            Some(ar_url),
            "application/http; msgtype=response",
            &http_response("text/html; charset=windows-1256", &ar_bytes),
            5,
        ),
    ];
    let mut file = Vec::new();
    for r in &records {
        file.extend(gzip(r)); // one gzip member per record
    }
    let path = tmp.path().join("crawl.warc.gz");
    std::fs::write(&path, &file).unwrap();

    let o = Command::new(BIN)
        .args(["clean", s(&path)])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let stdout = String::from_utf8(o.stdout.clone()).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", describe(&o));
    let en: Value = serde_json::from_str(lines[0]).unwrap();
    let ar: Value = serde_json::from_str(lines[1]).unwrap();
    assert_eq!(en["url"], en_url, "{}", lines[0]);
    assert_eq!(ar["url"], ar_url, "{}", lines[1]);
    assert_eq!(en["status"], "ok", "{}", lines[0]);
    assert_eq!(ar["status"], "ok", "{}", lines[1]);
    assert!(
        en["text"].as_str().unwrap_or_default().contains(WARC_EN_P),
        "{}",
        lines[0]
    );
    let ar_text = ar["text"].as_str().unwrap_or_default();
    assert!(ar_text.contains(WARC_AR_P), "{}", lines[1]);
    assert!(ar_text.contains(WARC_AR_P2), "{}", lines[1]);
    // "3 days ago" is read against the record's WARC-Date (2024-01-01T00:00:00Z).
    assert_eq!(en["date"], "2023-12-29", "{}", lines[0]);
    assert_eq!(ar["encoding"], "windows-1256", "{}", lines[1]);
    assert_eq!(ar["language"], "ar", "{}", lines[1]);
}

// --- gzip inputs ---------------------------------------------------------------------------

#[test]
fn html_gz_in_directory_is_read_transparently() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let page = format!(
        "<html><head><meta charset=\"utf-8\"><title>t</title></head><body><article><h1>بوتين يتلقى صدمة من حلفائه</h1><p>{WARC_AR_P}</p><p>{WARC_AR_P2}</p></article></body></html>"
    );
    std::fs::write(input.join("page.html.gz"), gzip(page.as_bytes())).unwrap();
    let out = tmp.path().join("out");
    let o = Command::new(BIN)
        .args(["clean", s(&input), "-o", s(&out)])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let json = std::fs::read_to_string(out.join("page.json"))
        .unwrap_or_else(|e| panic!("no out/page.json ({e}): {}", describe(&o)));
    let v: Value = serde_json::from_str(&json).unwrap();
    let text = v["text"].as_str().unwrap_or_default();
    assert!(text.contains(WARC_AR_P), "{json}");
    assert!(text.contains(WARC_AR_P2), "{json}");
    assert!(!text.contains("<p>"), "{json}");
}

#[test]
fn gzip_bomb_is_refused_without_using_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("bomb.html.gz");
    // 200 MB of zeros: 200 gzip members of 1 MB each (all members are read), built once
    // and repeated, so that making it stays fast.
    let member = gzip(&vec![0u8; 1 << 20]);
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        for _ in 0..200 {
            f.write_all(&member).unwrap();
        }
        f.flush().unwrap();
    }
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(
        size < 1_000_000,
        "the compressed bomb ({size} bytes) must fit the limit itself"
    );

    let (code, stderr, peak_kib) =
        run_measured(&["clean", s(&path), "--max-bytes", "1000000"], tmp.path());
    assert_eq!(code, Some(1), "stderr: {stderr}");
    assert!(
        stderr.contains("bomb.html.gz"),
        "stderr should name the file: {stderr}"
    );
    assert!(
        stderr.contains("too large"),
        "stderr should say too large: {stderr}"
    );
    assert!(
        peak_kib < 100 * 1024,
        "dechrome peaked at {} MiB on a 1 MB limit: it inflated the bomb",
        peak_kib / 1024
    );
}

#[test]
fn jsonl_line_over_the_cap_is_skipped_not_held() {
    let good = |id: u32| {
        json!({"id": id, "text": "A headline\n\nA paragraph of the story, long enough to be prose, ends here."})
            .to_string()
    };
    let huge = format!("{{\"id\": 2, \"text\": \"{}\"}}", "x".repeat(5000));
    let input = format!("{}\n{huge}\n{}\n", good(1), good(3));
    let o = run_with_stdin(&["jsonl", "--max-bytes", "1000", "--window", "2"], input);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let lines: Vec<Value> = String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{}", describe(&o));
    assert_eq!(lines[0]["id"], 1);
    assert_eq!(lines[1]["status"], "too_large");
    assert_eq!(lines[2]["id"], 3);
    assert_eq!(lines[2]["status"], "ok");
}
