//! Acceptance criteria for the five Arabic seeds in `fixtures/seeds/`, through the library
//! (`Cleaner::clean_text`), plus the generic `*.expected.json` checker for every fixture.

use std::path::{Path, PathBuf};

use dechrome::{Article, BlockKind, Cleaner, Hints, InputKind};
use serde_json::Value;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The seed file whose name starts with `prefix` (e.g. `"000_"`).
fn seed_path(prefix: &str) -> PathBuf {
    let dir = fixtures_dir().join("seeds");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with(prefix) && name.ends_with(".txt")
        })
        .collect();
    found.sort();
    assert_eq!(
        found.len(),
        1,
        "exactly one seed {prefix}*.txt expected, found {found:?}"
    );
    found.remove(0)
}

fn seed_text(prefix: &str) -> String {
    let p = seed_path(prefix);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

fn clean_seed(prefix: &str) -> (String, Article) {
    let text = seed_text(prefix);
    let cleaner = Cleaner::new().expect("built-in rules compile");
    let article = cleaner.clean_text(&text);
    (text, article)
}

fn count(article: &Article, kind: BlockKind) -> usize {
    article.blocks.iter().filter(|b| b.kind == kind).count()
}

fn texts_of(article: &Article, kind: BlockKind) -> Vec<String> {
    article
        .blocks
        .iter()
        .filter(|b| b.kind == kind)
        .map(|b| b.text.clone())
        .collect()
}

/// A readable dump of the blocks for assertion messages.
fn dump(article: &Article) -> String {
    let mut s = format!(
        "title={:?} category={:?} site={:?} date={:?} authors={:?} paywalled={} lang={:?}\nhighlights={:?}\n",
        article.title,
        article.category,
        article.site_name,
        article.date,
        article.authors,
        article.paywalled,
        article.language,
        article.highlights
    );
    for (i, b) in article.blocks.iter().enumerate() {
        let head: String = b.text.chars().take(70).collect();
        s.push_str(&format!("  [{i:2}] {:<9} {head}\n", b.kind.as_str()));
    }
    s
}

fn assert_lacks(article: &Article, needles: &[&str]) {
    for n in needles {
        assert!(
            !article.text.contains(n),
            "text still holds {n:?}\n{}",
            dump(article)
        );
    }
}

#[test]
fn seed_000_highlights_and_body() {
    let (input, a) = clean_seed("000_");
    let d = dump(&a);
    assert_eq!(
        a.title.as_deref(),
        Some("وول ستريت جورنال: تحد غير متوقّع.. ”بوتين” يفقد حلفاءه في آسيا الوسطى"),
        "{d}"
    );
    // The three bullet lines of the input, without the bullet character.
    let bullets: Vec<String> = input
        .lines()
        .filter_map(|l| l.trim().strip_prefix('•'))
        .map(|l| l.trim().to_string())
        .collect();
    assert_eq!(bullets.len(), 3, "the seed has three bullet lines");
    assert_eq!(a.highlights, bullets, "{d}");
    for h in &a.highlights {
        assert!(!h.starts_with('•'), "highlight keeps its bullet: {h:?}");
    }
    assert_eq!(count(&a, BlockKind::Paragraph), 7, "{d}");
    assert!(!a.text.contains('•'), "bullet left in text\n{d}");
    assert_eq!(a.language.as_deref(), Some("ar"), "{d}");
}

#[test]
fn seed_001_headings_tail_and_category() {
    let (_, a) = clean_seed("001_");
    let d = dump(&a);
    assert_eq!(
        a.title.as_deref(),
        Some("مقال بفورين بوليسي: كازاخستان تستثمر الحرب في أوكرانيا للابتعاد عن روسيا"),
        "{d}"
    );
    assert_eq!(count(&a, BlockKind::Paragraph), 13, "{d}");
    assert_eq!(
        texts_of(&a, BlockKind::Heading),
        vec!["حليف سام", "زيارة رائدة", "إحباط مكتوم"],
        "{d}"
    );
    assert_lacks(
        &a,
        &[
            "الاخبار العاجلةسياسة",
            "اقرأ ايضاً",
            "منها أول مواجهة جوية مع أميركا",
            "المصدر",
            "مقالات ذات صلة",
            "اترك تعليقاً",
            "لن يتم نشر",
            "زر الذهاب إلى الأعلى",
        ],
    );
    assert_eq!(a.category.as_deref(), Some("سياسة"), "{d}");
    assert_eq!(a.language.as_deref(), Some("ar"), "{d}");
}

#[test]
fn seed_002_ticker_widget_dateline_and_aggregator_tail() {
    let (_, a) = clean_seed("002_");
    let d = dump(&a);
    assert_lacks(
        &a,
        &[
            "السامعي والخطاب التصالحي الوطني",
            "شكرا على الإبلاغ",
            "سيتم حجب هذه الصورة",
            "نشر في مأرب برس",
            "انقر هنا لقراءة الخبر من مصدره",
        ],
    );
    assert_eq!(
        a.title.as_deref(),
        Some("على غير المتوقع.. بوتين يتلقى صدمة من حلفائه في آسيا الوسطى"),
        "{d}"
    );
    assert_eq!(a.site_name.as_deref(), Some("مأرب برس"), "{d}");
    assert_eq!(a.date.as_deref(), Some("2022-07-26"), "{d}");
    assert_eq!(count(&a, BlockKind::Paragraph), 17, "{d}");
    assert_eq!(count(&a, BlockKind::Heading), 4, "{d}");
    assert_eq!(a.language.as_deref(), Some("ar"), "{d}");
}

#[test]
fn seed_003_duplicate_title_markers_paywall() {
    let (input, a) = clean_seed("003_");
    let d = dump(&a);
    let title = "وبينما تبدو منطقة ما بعد الاتحاد السوفييتي في مكان آخر، فإن موسكو تراقب عن كثب";
    assert_eq!(a.title.as_deref(), Some(title), "{d}");
    assert!(
        !a.text.contains(title),
        "the title is repeated in the text\n{d}"
    );
    assert_lacks(&a, &["[ad_1]", "[ad_2]", "لديك 85%"]);
    assert!(
        !a.text.lines().any(|l| l.trim() == "المصدر"),
        "«المصدر» left as a line\n{d}"
    );
    assert!(a.paywalled, "{d}");
    assert_eq!(count(&a, BlockKind::Paragraph), 7, "{d}");
    // The photo caption: absent, or kept as a caption (never as a paragraph).
    let caption_line = input
        .lines()
        .find(|l| l.contains("لصحيفة لوموند"))
        .expect("the seed has a caption line")
        .trim();
    let caption_start: String = caption_line.chars().take(30).collect();
    for b in &a.blocks {
        if b.text.contains(caption_start.as_str()) {
            assert_eq!(
                b.kind,
                BlockKind::Caption,
                "caption kept as {:?}\n{d}",
                b.kind
            );
        }
    }
    assert_eq!(a.language.as_deref(), Some("ar"), "{d}");
}

#[test]
fn seed_004_opinion_byline_read_more_and_subheading() {
    let (_, a) = clean_seed("004_");
    let d = dump(&a);
    assert_eq!(a.category.as_deref(), Some("رأي"), "{d}");
    assert_eq!(
        a.title.as_deref(),
        Some("هل ستشعل اضطرابات كازاخستان التوتر بين روسيا والغرب؟"),
        "{d}"
    );
    assert_eq!(a.authors, vec!["طارق الشامي".to_string()], "{d}");
    assert_eq!(a.site_name.as_deref(), Some("اندبندنت عربية"), "{d}");
    assert_eq!(count(&a, BlockKind::Paragraph), 17, "{d}");
    let headings = texts_of(&a, BlockKind::Heading);
    assert_eq!(headings.len(), 6, "{d}");
    assert!(headings.iter().any(|h| h == "سبب آخر للقلق"), "{d}");
    assert_lacks(
        &a,
        &[
            "اقرأ المزيد",
            "كازاخستان تعتقل قائد الأمن الوطني",
            "مسيرات دامية في كازاخستان",
            "لماذا تقلق أوروبا",
            "أخبار مرتبطة",
            "اترك تعليقاً",
        ],
    );
    let first = a
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph)
        .expect("a first paragraph");
    assert!(
        !first.text.starts_with("كتب"),
        "byline left in the lead\n{d}"
    );
    assert_eq!(a.language.as_deref(), Some("ar"), "{d}");
}

// --- fixtures/expected/**/*.expected.json -----------------------------------------------------

fn collect_expected(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_expected(&p, out);
        } else if p.to_string_lossy().ends_with(".expected.json") {
            out.push(p);
        }
    }
}

/// The input a `fixtures/expected/DIR/NAME.expected.json` describes:
/// `fixtures/DIR/NAME.txt` or `fixtures/DIR/NAME.html`. Expectations live apart from the inputs so
/// that a fixture folder can be cleaned as it is (`dechrome clean fixtures/seeds -o cleaned`).
fn input_for(expected: &Path) -> Option<PathBuf> {
    let name = expected.file_name()?.to_string_lossy().into_owned();
    let stem = name.strip_suffix(".expected.json")?;
    let rel = expected.parent()?.strip_prefix(expected_dir()).ok()?;
    let dir = fixtures_dir().join(rel);
    ["txt", "html"]
        .iter()
        .map(|ext| dir.join(format!("{stem}.{ext}")))
        .find(|p| p.is_file())
}

fn expected_dir() -> PathBuf {
    fixtures_dir().join("expected")
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "category",
    "site_name",
    "date",
    "authors",
    "paywalled",
    "highlights",
    "language",
    "must_contain",
    "must_not_contain",
    "must_occur_once",
    "url",
];

fn strings(v: &Value, what: &str, file: &Path) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("{}: {what} must be an array of strings", file.display()))
        .iter()
        .map(|x| {
            x.as_str()
                .unwrap_or_else(|| panic!("{}: {what} must hold strings", file.display()))
                .to_string()
        })
        .collect()
}

fn check_expected(cleaner: &Cleaner, expected_path: &Path) -> Vec<String> {
    let mut failures = Vec::new();
    let Some(input) = input_for(expected_path) else {
        return vec!["no fixtures/DIR/NAME.txt or .html for it".into()];
    };
    let raw = std::fs::read_to_string(expected_path).expect("readable expected file");
    let want: Value = match serde_json::from_str(&raw) {
        Ok(v) => v,
        Err(e) => return vec![format!("not valid JSON: {e}")],
    };
    let Some(want) = want.as_object() else {
        return vec!["must be a JSON object".into()];
    };
    for k in want.keys() {
        if !KNOWN_KEYS.contains(&k.as_str()) {
            failures.push(format!("unknown key {k:?} (known: {KNOWN_KEYS:?})"));
        }
    }
    let article = if input.extension().is_some_and(|e| e == "html") {
        let bytes = std::fs::read(&input).expect("readable input");
        let hints = Hints {
            input: InputKind::Html,
            url: want.get("url").and_then(Value::as_str).map(str::to_string),
            ..Hints::default()
        };
        match cleaner.clean_bytes(&bytes, &hints) {
            Ok(a) => a,
            Err(e) => return vec![format!("cleaning {} failed: {e}", input.display())],
        }
    } else {
        cleaner.clean_text_with(
            &std::fs::read_to_string(&input).expect("readable UTF-8 input"),
            want.get("url").and_then(Value::as_str),
        )
    };
    let got: Value = serde_json::to_value(&article).expect("article serializes");
    for key in [
        "title",
        "category",
        "site_name",
        "date",
        "authors",
        "paywalled",
        "highlights",
        "language",
    ] {
        if let Some(w) = want.get(key) {
            let g = got.get(key).cloned().unwrap_or(Value::Null);
            if &g != w {
                failures.push(format!("{key}: expected {w}, got {g}"));
            }
        }
    }
    let text = &article.text;
    if let Some(v) = want.get("must_contain") {
        for s in strings(v, "must_contain", expected_path) {
            if !text.contains(&s) {
                failures.push(format!("text lacks {s:?}"));
            }
        }
    }
    if let Some(v) = want.get("must_not_contain") {
        for s in strings(v, "must_not_contain", expected_path) {
            if text.contains(&s) {
                failures.push(format!("text still holds {s:?}"));
            }
        }
    }
    if let Some(v) = want.get("must_occur_once") {
        for s in strings(v, "must_occur_once", expected_path) {
            let n = text.matches(s.as_str()).count();
            if n != 1 {
                failures.push(format!("{s:?} occurs {n} times, expected once"));
            }
        }
    }
    if !failures.is_empty() {
        failures.push(format!("(output)\n{}", dump(&article)));
    }
    failures
}

#[test]
fn every_expected_json_fixture_matches() {
    let mut files = Vec::new();
    collect_expected(&expected_dir(), &mut files);
    // The five seeds at least: a checker that finds nothing must not pass.
    assert!(
        files.len() >= 5,
        "expected at least 5 *.expected.json under fixtures/, found {files:?}"
    );
    let cleaner = Cleaner::new().expect("built-in rules compile");
    let mut report = String::new();
    for f in &files {
        let failures = check_expected(&cleaner, f);
        if !failures.is_empty() {
            report.push_str(&format!("\n{}:\n", f.display()));
            for x in failures {
                report.push_str(&format!("  - {x}\n"));
            }
        }
    }
    assert!(report.is_empty(), "fixture expectations failed:{report}");
}

#[test]
fn every_seed_has_an_expected_json() {
    let dir = fixtures_dir().join("seeds");
    let mut missing = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "txt") {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            if !expected_dir()
                .join("seeds")
                .join(format!("{stem}.expected.json"))
                .is_file()
            {
                missing.push(p);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "seeds without an expected file: {missing:?}"
    );
}
