#![no_main]
//! Parse and compile an arbitrary rule file with no built-in packs. Errors are fine, panics
//! are not. When the file compiles, a short fixed text and HTML page are cleaned with it, so
//! the compiled rules also meet the engine.

use dechrome::{Cleaner, Hints, InputKind};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const TEXT: &str = "Breaking News\n\nA title for the story\n\nBy Jane Doe | 12 March 2024\n\nThe body of the story is a long paragraph that readers came for, with enough words to be prose.\n\nعاجل\n\nهذه فقرة طويلة من نص المقال تتحدث عن موضوع مهم وتشرح التفاصيل الكاملة للقارئ بوضوح تام.\n\nRead also\nAnother headline elsewhere\n\nShare on Facebook\n\nLeave a Reply";

const HTML: &str = "<!doctype html><html lang=en><head><title>A title | Site</title><meta property=og:title content='A title'></head><body><nav class=menu><a href=/>Home</a></nav><article class='post entry-content'><h1>A title</h1><p class=byline>By Jane Doe</p><time datetime=2024-03-12>12 March 2024</time><p>The body of the story is a long paragraph that readers came for, with enough words to be prose.</p><div class=share>Share</div></article><aside id=sidebar class=related>Read also</aside><footer>Leave a Reply</footer></body></html>";

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let built = Cleaner::builder()
        .no_builtin()
        .limits(common::limits())
        .rules_text("fuzz.toml", src.into_owned())
        .build();
    if let Ok(cleaner) = built {
        let _ = cleaner.clean_text(TEXT);
        let _ = cleaner.clean_text_with(TEXT, Some("https://www.example.com/news/1"));
        let _ = cleaner.clean_bytes(
            HTML.as_bytes(),
            &Hints {
                url: Some("https://www.example.com/news/1".into()),
                input: InputKind::Html,
                ..Hints::default()
            },
        );
    }
});
