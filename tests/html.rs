//! HTML through `Cleaner::clean_bytes`: chrome removal on small Arabic news pages, character
//! encodings, and JSON-LD metadata.

use dechrome::{Article, BlockKind, Cleaner, Hints, InputKind};

const P1: &str = "ينظر الرئيس الروسي إلى دول آسيا الوسطى على أنها دول حليفة منذ عقود طويلة، لكن الحرب الأخيرة دفعت كازاخستان وجيرانها إلى إعادة التفكير في هذه التحالفات القديمة بهدوء وحذر شديدين.";
const P2: &str = "كان الكرملين يتوقع من كازاخستان أن ترد الجميل بدعم موقفه، خاصة بعد أن أرسل آلاف الجنود للمساعدة في إخماد الاضطرابات العنيفة في بداية العام، لكن ذلك لم يحدث على الإطلاق كما توقع المسؤولون.";
const P3: &str = "وبعد أسابيع من الحرب، سافر وفد من المسؤولين إلى أذربيجان وجورجيا لإجراء محادثات حول إحياء ما يسمى الممر الأوسط، وهو طريق تجاري يمتد من الصين إلى أوروبا عبر آسيا الوسطى ومنطقة القوقاز.";
const TITLE: &str = "بوتين يتلقى صدمة من حلفائه في آسيا الوسطى";

/// Chrome on the pages below: none of it may reach the body.
const CHROME: &[&str] = &[
    "الرئيسية",
    "أخبار العالم",
    "اقتصاد وأعمال",
    "اقرأ أيضاً",
    "روسيا تعلن عن مناورات عسكرية جديدة في البحر",
    "الصين توقع اتفاقية تجارية مع دول المنطقة",
    "شارك الخبر",
    "فيسبوك",
    "واتساب",
    "جميع الحقوق محفوظة",
    "سياسة الخصوصية",
    "تعليقات",
    "هذا تعليق طويل من أحد القراء يقول فيه إن المقال رائع ويستحق القراءة",
    "اترك تعليقاً",
    "لن يتم نشر عنوان بريدك الإلكتروني",
];

/// A page with semantic HTML5 elements.
fn semantic_page() -> String {
    format!(
        r##"<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{TITLE} - موقع الأخبار</title></head>
<body>
<header class="site-header">
  <nav class="main-menu"><ul>
    <li><a href="/">الرئيسية</a></li><li><a href="/world">أخبار العالم</a></li><li><a href="/eco">اقتصاد وأعمال</a></li>
  </ul></nav>
</header>
<main>
<article class="post">
  <h1 class="entry-title">{TITLE}</h1>
  <div class="entry-content">
    <p>{P1}</p>
    <p>{P2}</p>
    <p><strong>اقرأ أيضاً</strong></p>
    <ul>
      <li><a href="/a/1">روسيا تعلن عن مناورات عسكرية جديدة في البحر</a></li>
      <li><a href="/a/2">الصين توقع اتفاقية تجارية مع دول المنطقة</a></li>
    </ul>
    <p>{P3}</p>
  </div>
  <div class="share-buttons"><span>شارك الخبر</span> <a href="#">فيسبوك</a> <a href="#">واتساب</a></div>
</article>
<section id="comments" class="comments-area">
  <h3>تعليقات</h3>
  <ol class="comment-list"><li class="comment"><p>هذا تعليق طويل من أحد القراء يقول فيه إن المقال رائع ويستحق القراءة والمشاركة مع الجميع في كل مكان.</p></li></ol>
  <div id="respond"><h3>اترك تعليقاً</h3><p>لن يتم نشر عنوان بريدك الإلكتروني.</p></div>
</section>
</main>
<footer class="site-footer"><p>جميع الحقوق محفوظة © 2024</p><a href="/privacy">سياسة الخصوصية</a></footer>
</body></html>
"##
    )
}

/// The same content in plain `div`s with only class names to go by.
fn div_page() -> String {
    format!(
        r##"<html><head><meta charset="utf-8"><title>{TITLE}</title></head>
<body>
<div class="header"><div class="menu">
  <a href="/">الرئيسية</a> <a href="/world">أخبار العالم</a> <a href="/eco">اقتصاد وأعمال</a>
</div></div>
<div class="wrapper">
 <div class="post-content">
  <h1>{TITLE}</h1>
  <p>{P1}</p>
  <p>{P2}</p>
  <p>اقرأ أيضاً</p>
  <ul>
    <li><a href="/a/1">روسيا تعلن عن مناورات عسكرية جديدة في البحر</a></li>
    <li><a href="/a/2">الصين توقع اتفاقية تجارية مع دول المنطقة</a></li>
  </ul>
  <p>{P3}</p>
  <div class="social-share"><a href="#">شارك الخبر</a> <a href="#">فيسبوك</a> <a href="#">واتساب</a></div>
 </div>
 <div id="comments">
  <div class="comments-title">تعليقات</div>
  <div class="comment-body"><p>هذا تعليق طويل من أحد القراء يقول فيه إن المقال رائع ويستحق القراءة والمشاركة مع الجميع في كل مكان.</p></div>
  <div class="comment-respond"><p>اترك تعليقاً</p><p>لن يتم نشر عنوان بريدك الإلكتروني.</p></div>
 </div>
</div>
<div class="footer"><p>جميع الحقوق محفوظة © 2024</p><p><a href="/privacy">سياسة الخصوصية</a></p></div>
</body></html>
"##
    )
}

fn html_hints() -> Hints {
    Hints {
        input: InputKind::Html,
        ..Hints::default()
    }
}

fn dump(a: &Article) -> String {
    let mut s = format!(
        "title={:?} encoding={:?} lang={:?}\n",
        a.title, a.encoding, a.language
    );
    for b in &a.blocks {
        s.push_str(&format!("  {:<9} {}\n", b.kind.as_str(), b.text));
    }
    s
}

fn assert_body_is_the_story(a: &Article) {
    let d = dump(a);
    for p in [P1, P2, P3] {
        assert_eq!(
            a.text.matches(p).count(),
            1,
            "paragraph missing or repeated: {p}\n{d}"
        );
        assert!(
            a.blocks
                .iter()
                .any(|b| b.kind == BlockKind::Paragraph && b.text == p),
            "no paragraph block equal to {p}\n{d}"
        );
    }
    for c in CHROME {
        assert!(!a.text.contains(c), "chrome {c:?} left in the body\n{d}");
    }
    let first = a.text.find(P1).unwrap();
    let second = a.text.find(P2).unwrap();
    let third = a.text.find(P3).unwrap();
    assert!(
        first < second && second < third,
        "paragraphs out of order\n{d}"
    );
}

#[test]
fn semantic_page_keeps_the_story_and_drops_chrome() {
    let cleaner = Cleaner::new().unwrap();
    let a = cleaner
        .clean_bytes(semantic_page().as_bytes(), &html_hints())
        .unwrap();
    assert_body_is_the_story(&a);
    assert_eq!(a.title.as_deref(), Some(TITLE), "{}", dump(&a));
    assert_eq!(a.language.as_deref(), Some("ar"));
    assert_eq!(a.encoding.as_deref(), Some("UTF-8"));
}

#[test]
fn div_page_keeps_the_story_and_drops_chrome() {
    let cleaner = Cleaner::new().unwrap();
    let a = cleaner
        .clean_bytes(div_page().as_bytes(), &html_hints())
        .unwrap();
    assert_body_is_the_story(&a);
    assert_eq!(a.title.as_deref(), Some(TITLE), "{}", dump(&a));
}

#[test]
fn auto_input_sniffs_html() {
    let cleaner = Cleaner::new().unwrap();
    let a = cleaner
        .clean_bytes(semantic_page().as_bytes(), &Hints::default())
        .unwrap();
    assert!(
        !a.text.contains("<p>"),
        "HTML was read as text\n{}",
        dump(&a)
    );
    assert_body_is_the_story(&a);
}

// --- encodings -----------------------------------------------------------------------------

/// A page without any charset declaration, Arabic letters only where a legacy charset can
/// hold them.
fn undeclared_page() -> String {
    semantic_page()
        .replace("<meta charset=\"utf-8\">", "")
        .replace("©", "")
}

fn encode(enc: &'static encoding_rs::Encoding, text: &str) -> Vec<u8> {
    let (bytes, used, unmappable) = enc.encode(text);
    assert_eq!(used, enc, "encoding_rs encodes into {}", enc.name());
    assert!(
        !unmappable,
        "the page has characters {} cannot hold",
        enc.name()
    );
    bytes.into_owned()
}

fn clean(bytes: &[u8], hints: &Hints) -> Article {
    Cleaner::new().unwrap().clean_bytes(bytes, hints).unwrap()
}

#[test]
fn windows_1256_without_declaration() {
    let page = undeclared_page();
    assert!(!page.contains("charset"));
    let bytes = encode(encoding_rs::WINDOWS_1256, &page);
    assert!(std::str::from_utf8(&bytes).is_err());
    let a = clean(&bytes, &html_hints());
    assert_eq!(a.encoding.as_deref(), Some("windows-1256"), "{}", dump(&a));
    assert_body_is_the_story(&a);
    assert_eq!(a.title.as_deref(), Some(TITLE));
}

#[test]
fn iso_8859_6_without_declaration() {
    let page = undeclared_page();
    let bytes = encode(encoding_rs::ISO_8859_6, &page);
    // The two charsets disagree on these bytes, so only the right one gives the text back.
    let (as_1256, _, _) = encoding_rs::WINDOWS_1256.decode(&bytes);
    assert_ne!(as_1256, page);
    let a = clean(&bytes, &html_hints());
    assert!(a.encoding.is_some());
    assert_body_is_the_story(&a);
    assert_eq!(a.encoding.as_deref(), Some("ISO-8859-6"), "{}", dump(&a));
}

#[test]
fn utf16le_with_bom() {
    let page = semantic_page().replace("<meta charset=\"utf-8\">", "");
    let mut bytes = vec![0xFF, 0xFE];
    for u in page.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    // Sniffed as HTML through the zero bytes, too.
    for hints in [html_hints(), Hints::default()] {
        let a = clean(&bytes, &hints);
        assert_eq!(a.encoding.as_deref(), Some("UTF-16LE"), "{}", dump(&a));
        assert_body_is_the_story(&a);
    }
}

#[test]
fn meta_says_utf8_but_bytes_are_windows_1256() {
    let page = undeclared_page().replace("<head>", "<head><meta charset=\"utf-8\">");
    assert!(page.contains("charset=\"utf-8\""));
    let bytes = encode(encoding_rs::WINDOWS_1256, &page);
    let a = clean(&bytes, &html_hints());
    assert_eq!(a.encoding.as_deref(), Some("windows-1256"), "{}", dump(&a));
    assert_body_is_the_story(&a);
}

#[test]
fn charset_only_in_hints() {
    let page = undeclared_page();
    for (enc, label) in [
        (encoding_rs::WINDOWS_1256, "windows-1256"),
        (encoding_rs::ISO_8859_6, "iso-8859-6"),
    ] {
        let bytes = encode(enc, &page);
        let a = clean(
            &bytes,
            &Hints {
                charset: Some(label.into()),
                input: InputKind::Html,
                ..Hints::default()
            },
        );
        assert_eq!(a.encoding.as_deref(), Some(enc.name()), "{}", dump(&a));
        assert_body_is_the_story(&a);

        let a = clean(
            &bytes,
            &Hints {
                content_type: Some(format!("text/html; charset={label}")),
                input: InputKind::Html,
                ..Hints::default()
            },
        );
        assert_eq!(a.encoding.as_deref(), Some(enc.name()), "{}", dump(&a));
        assert_body_is_the_story(&a);
    }
}

#[test]
fn transport_charset_beats_a_lying_meta() {
    // The meta claims ISO-8859-6, the transport says windows-1256 (the truth).
    let page = undeclared_page().replace("<head>", "<head><meta charset=\"iso-8859-6\">");
    let bytes = encode(encoding_rs::WINDOWS_1256, &page);
    let a = clean(
        &bytes,
        &Hints {
            charset: Some("windows-1256".into()),
            input: InputKind::Html,
            ..Hints::default()
        },
    );
    assert_eq!(a.encoding.as_deref(), Some("windows-1256"));
    assert_body_is_the_story(&a);
}

// --- metadata ------------------------------------------------------------------------------

const EN_P1: &str = "The city council voted on Tuesday to expand the network of protected bike lanes across the downtown area, a decision that advocates had demanded for years.";
const EN_P2: &str = "Officials said that the work would begin in the spring and that it would take about two years to finish, with the busiest streets done first.";
const EN_P3: &str = "Business owners along the main corridor were divided, with some saying the lanes would bring customers and others worried about deliveries.";

fn jsonld_page() -> String {
    format!(
        r##"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Page title that is not the headline | The Daily Example</title>
<script type="application/ld+json">
{{
  "@context": "https://schema.org",
  "@type": "NewsArticle",
  "headline": "Council approves protected bike lanes downtown",
  "author": [{{"@type": "Person", "name": "Jane Roe"}}, {{"@type": "Person", "name": "John Doe"}}],
  "datePublished": "2023-05-14T09:30:00Z",
  "articleSection": "Local News",
  "publisher": {{"@type": "Organization", "name": "The Daily Example"}}
}}
</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/local">Local</a></nav>
<article>
<p>{EN_P1}</p>
<p>{EN_P2}</p>
<p>{EN_P3}</p>
</article>
<footer>Copyright 2023 The Daily Example. All rights reserved.</footer>
</body></html>
"##
    )
}

#[test]
fn json_ld_metadata() {
    let a = clean(jsonld_page().as_bytes(), &html_hints());
    let d = dump(&a);
    assert_eq!(
        a.title.as_deref(),
        Some("Council approves protected bike lanes downtown"),
        "{d}"
    );
    assert_eq!(
        a.authors,
        vec!["Jane Roe".to_string(), "John Doe".to_string()],
        "{d}"
    );
    assert!(
        a.date
            .as_deref()
            .is_some_and(|x| x.starts_with("2023-05-14")),
        "date {:?}",
        a.date
    );
    assert_eq!(a.site_name.as_deref(), Some("The Daily Example"), "{d}");
    assert_eq!(a.category.as_deref(), Some("Local News"), "{d}");
    assert_eq!(a.language.as_deref(), Some("en"), "{d}");
    for p in [EN_P1, EN_P2, EN_P3] {
        assert!(a.text.contains(p), "missing {p}\n{d}");
    }
    assert!(!a.text.contains("All rights reserved"), "{d}");
}

/// The language a page declares is its language in the output, even one without a pack; the
/// packs follow the text then (English articles on a site that declares `de` everywhere).
#[test]
fn declared_language_without_a_pack() {
    let page = |lang: &str, body: &str| {
        format!(
            r#"<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>T</title></head>
<body><article>{body}</article></body></html>"#
        )
    };
    let en_body = format!(
        "<p>{EN_P1}</p><p>Read more: the best bike routes in the region</p><p>{EN_P2}</p><p>{EN_P3}</p>"
    );
    let a = clean(page("de", &en_body).as_bytes(), &html_hints());
    let d = dump(&a);
    assert_eq!(a.language.as_deref(), Some("de"), "{d}");
    assert!(a.text.contains(EN_P2), "{d}");
    assert!(
        !a.text.contains("best bike routes"),
        "the English pack runs on English text: {d}"
    );

    let es_body = "<p>El ayuntamiento votó el martes para ampliar la red de carriles bici protegidos en todo el centro de la ciudad, una decisión que los vecinos pedían desde hace años.</p>\
        <p>Los responsables dijeron que las obras empezarán en primavera y que durarán unos dos años, con las calles más transitadas en primer lugar.</p>";
    let a = clean(page("es-ES", es_body).as_bytes(), &html_hints());
    assert_eq!(a.language.as_deref(), Some("es"), "{}", dump(&a));
    // `und` and `x-default` declare no language: the text's is detected. `EN_gb` is `en`.
    for tag in ["und", "x-default", "EN_gb"] {
        let a = clean(page(tag, &en_body).as_bytes(), &html_hints());
        assert_eq!(
            a.language.as_deref(),
            Some("en"),
            "lang={tag:?}: {}",
            dump(&a)
        );
    }
}
