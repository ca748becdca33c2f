//! Page types and their extraction policies on small hand-made pages: a forum thread keeps
//! every post, a listing its headlines, a product page its structured description; content
//! hidden by a streaming framework or server-rendered in `<noscript>` is found.

use dechrome::{Article, Cleaner, Hints, PageType};

fn clean(html: &str, url: &str) -> Article {
    let cleaner = Cleaner::builder()
        .site_rules(false)
        .explain(true)
        .build()
        .unwrap();
    let hints = Hints {
        url: Some(url.to_string()),
        ..Default::default()
    };
    cleaner.clean_bytes(html.as_bytes(), &hints).unwrap()
}

const MENU: &str = r#"<header class="site-header"><nav><ul><li><a href="/">Home</a></li>
<li><a href="/latest">Latest</a></li><li><a href="/categories">Categories</a></li></ul></nav></header>"#;
const FOOTER: &str = r#"<footer class="site-footer"><p>© 2024 Example Community. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/terms">Terms of service</a></footer>"#;

const POSTS: [&str; 4] = [
    "I have been trying to set up my first telescope for a week now and I cannot get the finder scope aligned with the main tube, whatever I do.",
    "Start in daylight: point the main tube at a distant chimney, centre it at low power, then turn the finder's screws until it shows the same chimney.",
    "Thanks, that worked on the first try. I also found that the red dot finder needed a fresh battery, which explains the faint dot at night.",
    "Glad it helped. Once it is aligned, check it again after transport, because the finder bracket tends to shift a little in the car.",
];

fn forum_page(wrap: impl Fn(String) -> String) -> String {
    let mut posts = String::new();
    for (i, p) in POSTS.iter().enumerate() {
        posts.push_str(&format!(
            r#"<div class="topic-post comment reply" id="post_{i}"><div class="post-author"><a href="/u/user{i}">user{i}</a></div>
<div class="post-body cooked"><p>{p}</p></div><div class="post-actions"><button>Like</button> <button>Reply</button></div>
<div class="post-links"><p>Add a comment</p></div></div>
"#
        ));
    }
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><title>Aligning a finder scope - Beginners - Example Community</title>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"DiscussionForumPosting","headline":"Aligning a finder scope","text":"{first}"}}</script>
</head><body>{MENU}{main}{FOOTER}</body></html>"#,
        first = POSTS[0],
        main = wrap(format!(
            r#"<div id="main-outlet"><h1>Aligning a finder scope</h1><div class="topic-posts">{posts}</div></div>"#
        )),
    )
}

#[test]
fn a_forum_thread_keeps_every_post() {
    let a = clean(
        &forum_page(|m| m),
        "https://community.example.org/t/aligning-a-finder-scope/1555",
    );
    assert_eq!(a.page_type, PageType::Forum, "{:?}", a.page_type_why);
    for p in POSTS {
        assert!(
            a.text.contains(p),
            "post missing: {p}\n--- got:\n{}",
            a.text
        );
    }
    assert!(!a.text.contains("All rights reserved"), "{}", a.text);
    let why = a.page_type_why.expect("explain says why");
    assert!(!why.reasons.is_empty());
    assert!(why.scores["forum"] > why.scores["article"]);
}

#[test]
fn posts_rendered_inside_noscript_are_found() {
    let a = clean(
        &forum_page(|m| format!("<noscript>{m}</noscript><div id=\"app\"></div>")),
        "https://community.example.org/t/aligning-a-finder-scope/1555",
    );
    for p in POSTS {
        assert!(
            a.text.contains(p),
            "post missing: {p}\n--- got:\n{}",
            a.text
        );
    }
}

#[test]
fn a_streamed_page_keeps_its_hidden_content() {
    let a = clean(
        &forum_page(|m| format!("<div hidden id=\"S:0\">{m}</div>")),
        "https://community.example.org/t/aligning-a-finder-scope/1555",
    );
    for p in POSTS {
        assert!(
            a.text.contains(p),
            "post missing: {p}\n--- got:\n{}",
            a.text
        );
    }
}

#[test]
fn a_small_hidden_box_is_still_removed() {
    let a = clean(
        &forum_page(|m| {
            format!("{m}<div style=\"display: none\"><p>Sign in to reply to this topic and get notified.</p></div>")
        }),
        "https://community.example.org/t/aligning-a-finder-scope/1555",
    );
    assert!(!a.text.contains("Sign in to reply"), "{}", a.text);
}

#[test]
fn a_listing_keeps_its_headlines() {
    let heads: Vec<String> = (1..=12)
        .map(|i| format!("City council approves budget item number {i} after long debate"))
        .collect();
    let mut cards = String::new();
    for (i, h) in heads.iter().enumerate() {
        cards.push_str(&format!(
            r#"<div class="card teaser"><h3 class="card-title"><a href="/news/2024/05/story-{i}">{h}</a></h3>
<div class="card-meta"><time datetime="2024-05-0{d}">May {d}, 2024</time></div></div>
"#,
            d = i % 9 + 1
        ));
    }
    let page = format!(
        r#"<!DOCTYPE html><html lang="en"><head><title>Latest news - Example Times</title>
<meta property="og:type" content="website"></head><body>{MENU}<main><h1>Latest news</h1>
<div class="card-list">{cards}</div><nav class="pagination"><a href="/page/2">Next page</a></nav></main>{FOOTER}</body></html>"#
    );
    let a = clean(&page, "https://news.example.com/latest/");
    assert_eq!(a.page_type, PageType::Listing, "{:?}", a.page_type_why);
    for h in &heads {
        assert!(
            a.text.contains(h.as_str()),
            "headline missing: {h}\n{}",
            a.text
        );
    }
}

#[test]
fn a_product_page_falls_back_to_its_structured_description() {
    let desc = "A solid oak desk with a hand-oiled top, steel legs and a cable tray, built to last for decades of daily work.";
    let page = format!(
        r#"<!DOCTYPE html><html lang="en"><head><title>Oak desk | Example Furniture</title>
<meta property="og:type" content="product">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"Product","name":"Oak desk","description":"{desc}",
"offers":{{"@type":"Offer","price":"499.00","priceCurrency":"USD"}}}}</script></head>
<body>{MENU}<main><div class="product-detail"><h1 class="product-title">Oak desk</h1>
<div class="product-price">$499.00</div><button class="add-to-cart">Add to cart</button>
<div id="product-description"></div></div></main>{FOOTER}</body></html>"#
    );
    let a = clean(&page, "https://shop.example.com/products/oak-desk");
    assert_eq!(a.page_type, PageType::Product, "{:?}", a.page_type_why);
    assert!(a.text.contains(desc), "{}", a.text);
}

#[test]
fn page_type_names_round_trip() {
    for t in PageType::ALL {
        assert_eq!(PageType::from_name(t.name()), Some(t));
    }
    assert_eq!(PageType::from_name("docs"), Some(PageType::Documentation));
    assert_eq!(PageType::from_name("blog"), None);
    let json = serde_json::to_string(&PageType::Documentation).unwrap();
    assert_eq!(json, "\"documentation\"");
}

#[test]
fn code_blocks_are_kept_verbatim() {
    let code = "fn main() {\n    let x = 1;\n    println!(\"{x}\");\n}";
    let html_code = code.replace('<', "&lt;").replace('"', "&quot;");
    let lines: String = html_code
        .lines()
        .map(|l| format!("<span class=\"line\">{l}</span>\n"))
        .collect();
    let page = format!(
        r#"<!DOCTYPE html><html lang="en"><head><title>Variables - The Guide</title></head><body>{MENU}
<main><article class="docs-content"><h1>Variables</h1>
<p>A variable binds a value to a name. Bindings are immutable unless they are declared with the mut keyword, which the compiler checks for you.</p>
<pre><code>{lines}</code></pre>
<p>The macro formats the value with its Display implementation, and the program prints it followed by a new line on the standard output.</p>
</article></main>{FOOTER}</body></html>"#
    );
    let a = clean(&page, "https://docs.example.org/guide/variables.html");
    let block = a
        .blocks
        .iter()
        .find(|b| b.kind == dechrome::BlockKind::Code)
        .expect("a code block");
    assert_eq!(block.text, code);
    assert!(a.text.contains(code), "{}", a.text);
    let md = dechrome::output::render(&a, dechrome::output::Format::Markdown);
    assert!(md.contains(&format!("```\n{code}\n```")), "{md}");
}

const STORY: [&str; 3] = [
    "The council approved the new river crossing on Tuesday after two years of hearings, and work on the foundations should begin in the spring.",
    "Engineers said the bridge would carry cyclists and buses only, a choice that drew both praise from residents and criticism from delivery firms.",
    "The budget of the project was raised twice during the hearings, and the final figure includes a reserve for the delays that floods may cause.",
];

fn story_page(body: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><title>Council approves river crossing</title></head><body>{MENU}
<h1>Council approves river crossing</h1>{body}
<div class="disclaimer"><p>This blog is provided for general information only, and nothing on it is advice of any kind to anyone at all.
By reading it you agree that no relationship is created with you, and that no duty of care is assumed by the authors or the publisher.
The views expressed are those of the authors at the time of writing and may change without notice as events develop.
Past results are no guide to future ones, and readers should seek the counsel of a qualified professional before acting on anything.</p></div>
<div class="notice"><p>This blog is provided for general information only, and nothing on it is advice of any kind to anyone at all.
By reading it you agree that no relationship is created with you, and that no duty of care is assumed by the authors or the publisher.
The views expressed are those of the authors at the time of writing and may change without notice as events develop.
Past results are no guide to future ones, and readers should seek the counsel of a qualified professional before acting on anything.</p></div>
{FOOTER}</body></html>"#
    )
}

#[test]
fn a_layout_widget_around_the_story_is_not_stripped() {
    // Site builders wrap every block in "widget" layout cells; the story's own container inside
    // one wins over the wrapper's strip token.
    let paras: String = STORY
        .iter()
        .chain(STORY.iter())
        .map(|p| format!("<p>{p}</p>"))
        .collect();
    let html = story_page(&format!(
        r#"<div class="span12 widget-span widget-type-cell"><div class="blog-post"><div class="entry-content">{paras}</div></div></div>
<div class="widget-span sidebar-widget"><p><a href="/a">Other story one</a></p><p><a href="/b">Other story two</a></p></div>"#
    ));
    let a = clean(
        &html,
        "https://news.example/2024/05/council-approves-river-crossing",
    );
    for p in STORY {
        assert!(a.text.contains(p), "lost: {p}\n{}", a.text);
    }
    assert!(!a.text.contains("Other story one"), "{}", a.text);
}

#[test]
fn hidden_tab_panels_are_content() {
    let html = story_page(&format!(
        r#"<article><p>{}</p><div role="tablist"><button role="tab">Python</button><button role="tab">Node.js</button></div>
<div role="tabpanel"><p>{}</p></div><div role="tabpanel" hidden style="display:none"><p>{}</p></div></article>
<div hidden><p>Sign in to your account to keep reading this and every other story on the site, with no limits.</p></div>"#,
        STORY[0], STORY[1], STORY[2]
    ));
    let a = clean(
        &html,
        "https://news.example/2024/05/council-approves-river-crossing",
    );
    for p in STORY {
        assert!(a.text.contains(p), "lost: {p}\n{}", a.text);
    }
    assert!(!a.text.contains("Sign in to your account"), "{}", a.text);
}

#[test]
fn a_footer_rendered_before_the_story_does_not_end_it() {
    // Some pages render their footer (copyright line included) above the story in the markup;
    // a tail rule hit there is a line, not the end of the content.
    let paras: String = STORY
        .iter()
        .chain(STORY.iter())
        .map(|p| format!("<p>{p}</p>"))
        .collect();
    let html = format!(
        r#"<!DOCTYPE html><html lang="en"><head><title>Council approves river crossing</title></head><body>
<div><p>© 2024 Example News. All rights reserved.</p><p><a href="/about">About us</a></p></div>
<article><h1>Council approves river crossing</h1>{paras}</article></body></html>"#
    );
    let a = clean(
        &html,
        "https://news.example/2024/05/council-approves-river-crossing",
    );
    for p in STORY {
        assert!(a.text.contains(p), "lost: {p}\n{}", a.text);
    }
}
