//! Whole-page text dumps (`fixtures/text/page-dump.txt`, hand-made): the frame around the body
//! goes, each removed line is named by its generic reason, the headline and byline are found.

use std::path::Path;

use dechrome::Cleaner;

fn dump() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/text/page-dump.txt");
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

#[test]
fn the_body_of_a_page_dump_is_kept_and_its_frame_dropped() {
    let cleaner = Cleaner::builder().explain(true).build().unwrap();
    let a = cleaner.clean_text(&dump());
    assert_eq!(
        a.title.as_deref(),
        Some("How the river town rebuilt its bridge")
    );
    assert_eq!(a.authors, vec!["Jane Doe".to_string()]);
    assert!(
        a.text.starts_with("The old bridge over the river"),
        "{}",
        a.text
    );
    assert!(
        a.text.contains("\n\nFunding the work\n\n"),
        "subheading kept"
    );
    assert!(
        a.text.ends_with("for school and for the market."),
        "{}",
        a.text
    );
    for chrome in [
        "Podcasts",
        "Subscribe",
        "Most read",
        "min read",
        "Careers",
        "©",
    ] {
        assert!(!a.text.contains(chrome), "{chrome} leaked: {}", a.text);
    }
    let removed = a.removed.expect("explain on");
    let reason = |text: &str| {
        removed
            .iter()
            .find(|r| r.text == text)
            .map(|r| r.rule.as_str())
    };
    assert_eq!(reason("Podcasts"), Some("text/repeated"));
    assert_eq!(reason("Advertise"), Some("text/menu-run"));
    assert_eq!(
        reason("School roof repairs finished early"),
        Some("text/outside-body")
    );
}

#[test]
fn a_short_extracted_article_is_left_to_the_rules() {
    // Few lines, no run of menu lines: not a page dump; nothing is cut by shape.
    let text = "A title for the story\n\nThe body of the story is a long paragraph that readers came for, with enough words to be prose.\n\nShare\nTweet\n\nAnother paragraph of the story that also has enough words to be read as prose here.";
    let cleaner = Cleaner::builder().explain(true).build().unwrap();
    let a = cleaner.clean_text(text);
    let removed = a.removed.expect("explain on");
    assert!(
        removed.iter().all(|r| !r.rule.starts_with("text/")),
        "{removed:?}"
    );
    assert!(a.text.contains("Another paragraph"));
}

#[test]
fn a_dump_without_prose_keeps_its_cards() {
    // A shop's grid: no line is prose, so nothing is "before the title".
    let mut page = String::from("Home\nShop\nSale\nAbout\nContact\n");
    for i in 0..12 {
        page.push_str(&format!(
            "Walnut Desk Organizer Model {i}\nHandmade from oiled walnut wood\n${i}9.99\n"
        ));
    }
    page.push_str("Terms\nPrivacy\nCareers\nHelp\n");
    let a = Cleaner::builder().build().unwrap().clean_text(&page);
    assert!(
        a.text.contains("Walnut Desk Organizer Model 3"),
        "{}",
        a.text
    );
    // A shell of a few labels is not worth keeping.
    let shell = Cleaner::builder()
        .build()
        .unwrap()
        .clean_text("Home\nShop\nSale\nAbout\nContact\nLoading\nSign in\nCart\nHelp\nTerms");
    assert!(shell.text.split_whitespace().count() < 10, "{}", shell.text);
}
