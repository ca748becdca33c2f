use super::*;

fn measured(text: &str, shapes: &Shapes) -> Vec<LineInfo> {
    measure_with(&Lines::read(text), &Stop::Short, shapes)
}

fn counts(text: &str) -> Vec<usize> {
    text.lines().map(words).collect()
}

#[test]
fn features_of_menu_and_prose_lines() {
    let b = "Home\nAbout Us Today Here\nThe cat sat on the mat and it was happy with the day.\nHome\nNews | Sport | Weather\n5 min read";
    let shapes = Shapes::from_source("^[0-9]+ min read$\n(bad");
    let info = measured(b, &shapes);
    assert!(info[0].repeated && info[0].is_short());
    assert!(info[1].title_case);
    assert!(info[2].dense && info[2].end_punct && !info[2].repeated);
    assert!(info[4].separated);
    assert!(info[5].card && !info[2].card);
    assert!(info[0].first && !info[3].first);
    let t = measured("One two three four five six seven eight nine...", &shapes);
    assert!(t[0].teaser);
}

#[test]
fn a_name_before_its_price_is_a_card_title() {
    let text = "Shop\nSale\nBamboo Desk Board\n$99+\nNew\nWalking Pad\nRegular price: $349.00\nAbout us\nContact";
    let info = measured(text, &Shapes::builtin());
    assert!(info[3].card && info[6].card, "{info:?}");
    assert!(info[2].card_title && info[4].card_title && info[5].card_title);
    assert!(!info[0].card_title && !info[7].card_title && !info[8].card_title);
    assert!(!info[3].card_title);
}

#[test]
fn prices_with_a_currency_code_are_card_lines() {
    let text = "Sale Price USD 55.25 USD 55.25\nUSD 74.65 Original Price USD 74.65 (26% off)\nEUR 12\nUsed 3 times";
    let info = measured(text, &Shapes::builtin());
    assert!(info[0].card && info[1].card && info[2].card, "{info:?}");
    assert!(!info[3].card);
}

#[test]
fn every_builtin_shape_holds_a_digit() {
    let src = include_str!("../../../rules/text/shapes.txt");
    for p in src.lines().map(str::trim) {
        if !p.is_empty() && !p.starts_with('#') {
            assert!(p.contains("[0-9]"), "{p}");
        }
    }
}

#[test]
fn a_line_printed_twice_in_a_row_is_one_item() {
    let b = "Home\nBamboo Desk Board\nBamboo Desk Board\n$99\nNews\nHome\nSport";
    let info = measured(b, &Shapes::builtin());
    assert!(!info[1].repeated && info[1].first && info[1].count == 2);
    assert!(info[2].repeated && !info[2].first);
    assert!(info[0].repeated && info[5].repeated);
}

#[test]
fn a_card_printed_again_right_after_itself_is_one_item() {
    let b = "Coffee Tin\nCoffee Tin\nCoffee Tin\nRegular price $19.99\nTea Box\n$19.99\nCoffee Tin";
    let info = measured(b, &Shapes::builtin());
    // Three copies in a row are one item; the title reaches its price past its echoes.
    assert!(info[0].first && info[0].card_title && !info[0].echo);
    assert!(info[1].echo && info[2].echo && info[1].repeated);
    // A copy farther down is a second item: every copy is then a repeat.
    assert!(info[0].repeated && info[6].repeated && !info[6].echo);
    assert!(info[3].card && info[5].card && !info[5].repeated);
}

#[test]
fn a_sentence_printed_twice_is_content() {
    let b = "Soft wool keeps your feet warm.\nShop\nMenu\nSoft wool keeps your feet warm.\nShop";
    let info = measured(b, &Shapes::builtin());
    assert!(info[0].repeated && info[0].repeats_content());
    assert!(info[1].repeated && !info[1].repeats_content());
}

#[test]
fn a_long_line_with_the_copyright_sign_is_a_legal_notice() {
    let footer = "© 2026 Example Holdings.";
    let notice = "Copyright © 2026 Example Holdings. This material is for general information only and is not intended to replace the advice of a qualified advisor in any way.";
    let prose = "The committee met on Tuesday and agreed that the new rules would apply from the first day of next month.";
    let info = measured(&[footer, notice, prose].join("\n"), &Shapes::builtin());
    assert!(info[0].copyright && !info[0].legal);
    assert!(info[1].legal && !info[1].copyright);
    assert!(!info[2].legal && !info[2].copyright);
}

#[test]
fn words_glued_together_are_a_menu() {
    let menu = "- Any -Culture & SocietyDigital educationDigital historyEnergyEnvironmentHealth Quantum algorithmsComputer architectureArtificial intelligenceRobotics Data science";
    assert!(glued(menu, words(menu)));
    assert!(glued(&menu.replace("Any", "Àny"), words(menu)));
    assert_eq!(ascii_joins(b"aB 1Ab ab1 aa1 A1b x9Y 9Yz a"), 5);
    let prose =
        "They sell on LinkedIn, TikTok and PayPal, and iPhone users pay with their own card.";
    assert!(!glued(prose, words(prose)));
    let info = measured(menu, &Shapes::builtin());
    assert!(info[0].glued);
}

#[test]
fn ascii_paths_agree_with_the_general_ones() {
    let texts = [
        "Home Page",
        "Home page",
        "The 3 Best",
        "- News | Sport / x",
        "a/b/c",
        "x | y",
        "'Quoted' Title ...",
        "One",
        "",
    ];
    for t in texts {
        assert_eq!(title_case(t, true), title_case(t, false), "{t:?}");
        assert_eq!(separated(t, true), separated(t, false), "{t:?}");
    }
    for (t, want) in [
        ("Home \u{bb} News \u{bb} Sport", true),
        ("x \u{203a} y \u{2022} z", true),
        ("\u{b7} caf\u{e9} \u{b7} x", false),
        ("\u{ab}Caf\u{e9}\u{bb} / x", true),
        ("a \u{2014} b \u{2013} c", false),
    ] {
        assert_eq!(separated(t, false), want, "{t:?}");
    }
    let long = "ab ".repeat(100);
    for hay in ["news sport weather", "", "a", long.as_str()] {
        for needle in [
            "sport",
            "news sport",
            "weather",
            "",
            "a",
            "b a",
            "x",
            "ab ab a",
        ] {
            let want = memchr::memmem::find(hay.as_bytes(), needle.as_bytes()).is_some();
            assert_eq!(occurs_in(hay.as_bytes(), needle.as_bytes()), want);
            assert_eq!(TopLine::new(hay).holds(needle.as_bytes()), want);
        }
    }
}

#[test]
fn gate_needs_many_lines_and_a_menu_run() {
    let prose = "A long enough line of prose that goes on and on for a while.";
    assert!(!looks_like_dump(&counts(&vec![prose; 50].join("\n"))));
    let mut page = vec!["Home", "News", "Sport", "Weather", "Contact"];
    page.extend(vec![prose; 45]);
    assert!(looks_like_dump(&counts(&page.join("\n"))));
}

#[test]
fn prose_with_two_consent_terms_is_a_dialog_not_body() {
    let text = "We and our partners use cookies to store and access personal data on your device, such as browsing data.\n\
        Les cookies nous aident, et vos données personnelles restent chez nous dans tous les cas, promis.\n\
        The court ruled that the cookies sold at the fair had to carry a label about their sugar.\n\
        Cookies and consent\n\
        The cookiesconsent of the day was a cookie-free zone, and nobody had ever seen one like it.";
    let info = measured(text, &Shapes::builtin());
    // Two different terms (accents dropped: `donnees personnelles`) in a line of prose.
    assert!(info[0].legal && info[1].legal, "{info:?}");
    // One term alone; a short line; terms that are not whole words.
    assert!(
        !info[2].legal && !info[3].legal && !info[4].legal,
        "{info:?}"
    );
    // Without the consent list, no line is legal.
    assert!(!measured(text, &Shapes::from_source(""))
        .iter()
        .any(|l| l.legal));
}
