//! Criterion benches of the hot paths (issue 4):
//!
//! - `cleaner_build`: compiling the built-in rule packs (`Cleaner::new`);
//! - `normalize_key`: the matching key of one Arabic paragraph;
//! - `clean_text/<seed>`: each plain-text seed in `fixtures/seeds/`;
//! - `clean_bytes/bench-article`: the committed HTML page `fixtures/html/bench-article.html`;
//! - `decode/windows-1256-*`: decoding that page re-encoded as windows-1256, once declared by
//!   `<meta charset>` (prescan) and once undeclared (chardetng detection);
//! - `process_line/*`: one `dechrome jsonl` record (`html`, and `text`), parse to JSON string.
//!
//! ```sh
//! cargo bench --bench hot_paths -- --warm-up-time 1 --measurement-time 3
//! ```

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dechrome::{html, normalize, stream, Cleaner, Hints};

const ARTICLE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/html/bench-article.html"
));
const ARTICLE_URL: &str =
    "https://www.example-news.test/local/2024/05/19/solar-desalination-plant-opens";

/// One paragraph with hamza forms, tanween, shadda, Arabic-Indic digits, guillemets and
/// trailing punctuation, so the key's folding branches run.
const ARABIC_PARAGRAPH: &str = "إقرأ أيضاً: وقال وزير الطاقة والمياه في كلمة خلال حفل الافتتاح إن المحطة «تمثل نقلة نوعية في طريقة تعاملنا مع شحّ المياه»، مضيفاً أن الاعتماد على الألواح الشمسية بدلاً من الوقود التقليدي سيخفض كلفة إنتاج المتر المكعب بنحو الثلث، ويقلل الانبعاثات بما يعادل ٤٢٬٠٠٠ طن سنوياً ..";

fn seeds() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let name = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, text)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no seeds in {}", dir.display());
    out
}

/// The article page as windows-1256 bytes, with or without its charset declaration.
fn windows_1256(declared: bool) -> Vec<u8> {
    let label = if declared {
        r#"<meta charset="windows-1256">"#
    } else {
        ""
    };
    let page = ARTICLE.replacen(r#"<meta charset="utf-8">"#, label, 1);
    let (bytes, enc, _unmappable) = encoding_rs::WINDOWS_1256.encode(&page);
    assert_eq!(enc, encoding_rs::WINDOWS_1256);
    assert!(std::str::from_utf8(&bytes).is_err(), "must not be UTF-8");
    bytes.into_owned()
}

fn bench_build(c: &mut Criterion) {
    c.bench_function("cleaner_build", |b| {
        b.iter(|| Cleaner::new().expect("built-in rules compile"))
    });
}

fn bench_key(c: &mut Criterion) {
    let mut g = c.benchmark_group("normalize_key");
    g.throughput(Throughput::Bytes(ARABIC_PARAGRAPH.len() as u64));
    g.bench_function("arabic_paragraph", |b| {
        b.iter(|| normalize::key(black_box(ARABIC_PARAGRAPH)))
    });
    g.finish();
}

fn bench_clean_text(c: &mut Criterion) {
    let cleaner = Cleaner::new().expect("built-in rules compile");
    let mut g = c.benchmark_group("clean_text");
    for (name, text) in seeds() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| b.iter(|| cleaner.clean_text(black_box(&text))));
    }
    g.finish();
}

fn bench_clean_bytes(c: &mut Criterion) {
    let cleaner = Cleaner::new().expect("built-in rules compile");
    let hints = Hints {
        url: Some(ARTICLE_URL.into()),
        ..Hints::default()
    };
    let article = cleaner
        .clean_bytes(ARTICLE.as_bytes(), &hints)
        .expect("the fixture cleans");
    assert!(article.title.is_some() && !article.text.is_empty());
    let mut g = c.benchmark_group("clean_bytes");
    g.throughput(Throughput::Bytes(ARTICLE.len() as u64));
    g.bench_function("bench-article", |b| {
        b.iter(|| cleaner.clean_bytes(black_box(ARTICLE.as_bytes()), &hints))
    });
    g.finish();
}

fn bench_decode(c: &mut Criterion) {
    let mut g = c.benchmark_group("decode");
    for (name, declared) in [("windows-1256-meta", true), ("windows-1256-sniffed", false)] {
        let bytes = windows_1256(declared);
        let d = html::decode::decode(&bytes, None, Some(ARTICLE_URL), true);
        assert_eq!(d.encoding, "windows-1256", "{name}");
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| html::decode::decode(black_box(&bytes), None, Some(ARTICLE_URL), true))
        });
    }
    g.finish();
}

fn bench_process_line(c: &mut Criterion) {
    let cleaner = Cleaner::new().expect("built-in rules compile");
    let (_, seed) = seeds().swap_remove(0);
    let records = [
        (
            "html",
            serde_json::json!({"id": 1, "url": ARTICLE_URL, "html": ARTICLE}),
        ),
        ("text", serde_json::json!({"id": 2, "text": seed})),
    ];
    let mut g = c.benchmark_group("process_line");
    for (name, rec) in records {
        let line = serde_json::to_string(&rec).expect("serializable");
        let out = stream::process_line(&cleaner, &line);
        assert_eq!(out["status"], "ok", "{name}: {out}");
        g.throughput(Throughput::Bytes(line.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                let v = stream::process_line(&cleaner, black_box(&line));
                serde_json::to_string(&v).expect("serializable")
            })
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_build,
    bench_key,
    bench_clean_text,
    bench_clean_bytes,
    bench_decode,
    bench_process_line
);
criterion_main!(benches);
