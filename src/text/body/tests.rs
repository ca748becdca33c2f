use super::*;

fn line(words: usize, end: bool) -> LineInfo {
    LineInfo {
        words,
        end_punct: end,
        dense: words >= PROSE_WORDS,
        ..LineInfo::default()
    }
}

/// `n` cards: a name of three words, then its price.
fn cards(n: usize) -> Vec<LineInfo> {
    let mut name = line(3, false);
    name.card_title = true;
    let mut price = line(1, false);
    price.card = true;
    [name, price].repeat(n)
}

#[test]
fn the_densest_stretch_wins_and_the_menu_goes() {
    let mut info = vec![line(1, false); 8];
    info.push(line(8, false)); // the title
    info.extend(vec![line(40, true); 5]);
    info.push(line(3, false)); // a subheading
    info.extend(vec![line(30, true); 3]);
    info.extend(vec![line(2, false); 10]);
    let fate = judge(&info);
    assert!(fate[..8].iter().all(|&f| f == Reason::MenuRun));
    assert!(fate[8..18].iter().all(|&f| f == Reason::Body), "{fate:?}");
    assert!(fate[18..].iter().all(|&f| f == Reason::MenuRun));
}

#[test]
fn a_second_rich_stretch_is_kept_a_poor_one_not() {
    let mut info = vec![line(40, true); 4];
    info.extend(vec![line(2, false); 6]);
    info.extend(vec![line(35, true); 3]);
    info.extend(vec![line(2, false); 30]);
    info.push(line(12, true));
    let fate = judge(&info);
    assert_eq!(fate[10], Reason::Body);
    assert_eq!(fate[info.len() - 1], Reason::OutsideBody);
}

#[test]
fn a_run_of_headlines_is_not_prose() {
    // Paragraphs, then an archive of twelve-word headlines full of function words.
    let mut info = vec![line(40, true); 3];
    info.extend(vec![line(12, false); HEADLINE_RUN]);
    let fate = judge(&info);
    assert!(fate[..3].iter().all(|&f| f == Reason::Body), "{fate:?}");
    assert!(
        fate[3..].iter().all(|&f| f == Reason::OutsideBody),
        "{fate:?}"
    );
    // Fewer of them are a list inside the text.
    info.truncate(3 + HEADLINE_RUN - 1);
    info.push(line(40, true));
    assert!(judge(&info).iter().all(|&f| f == Reason::Body));
}

#[test]
fn bullets_and_repeated_labels_cost_a_grid_nothing() {
    let mut label = line(1, true);
    label.repeated = true;
    assert_eq!(score(&label, false), 0.0);
    let mut entry = line(1, false);
    entry.repeated = true;
    assert_eq!(score(&entry, false), -MENU_COST);
    assert_eq!(score(&line(0, false), false), 0.0);
    assert_eq!(score(&line(1, false), false), -MENU_COST);
}

#[test]
fn a_heading_also_in_the_contents_stays_once() {
    let mut info = vec![line(1, false); 6];
    // The table of contents names the heading; the body prints it before its section.
    let mut toc = line(3, false);
    toc.repeated = true;
    toc.count = 2;
    toc.first = true;
    info.push(toc);
    info.extend(vec![line(40, true); 4]);
    let mut heading = toc;
    heading.first = false;
    info.push(heading);
    info.extend(vec![line(30, true); 3]);
    let fate = judge(&info);
    assert_ne!(fate[6], Reason::Body);
    assert_eq!(fate[11], Reason::Body, "{fate:?}");
    // Printed three times, it is navigation.
    info[6].count = 3;
    info[11].count = 3;
    assert_eq!(judge(&info)[11], Reason::Repeated);
}

#[test]
fn card_titles_survive_on_a_page_of_cards() {
    let mut info = vec![line(1, false); 6];
    info.extend(cards(12));
    info.extend(vec![line(1, false); 6]);
    let fate = judge(&info);
    assert!(fate[6..29].iter().all(|&f| f == Reason::Body), "{fate:?}");
    assert!(fate[..6].iter().all(|&f| f != Reason::Body));
    // Without their prices, the names are a menu.
    for l in &mut info {
        l.card_title = false;
    }
    assert_ne!(judge(&info)[6], Reason::Body);
}

#[test]
fn the_lead_under_a_far_headline_is_kept() {
    let mut info = vec![line(1, false); 4];
    let mut head = line(5, false);
    head.in_top_line = true;
    info.push(head);
    info.extend(vec![line(1, false); 3]);
    info.push(line(25, true)); // the description
    info.extend(vec![line(1, false); 20]);
    info.extend(vec![line(60, true); 8]); // reviews, richer
    let fate = judge(&info);
    assert_eq!(fate[4], Reason::Title);
    assert_eq!(fate[8], Reason::Body, "{fate:?}");
    // A paragraph too short to be a lead is left out.
    info[8] = line(12, true);
    assert_ne!(judge(&info)[8], Reason::Body);
}

#[test]
fn what_follows_the_footer_is_not_body() {
    let mut info = vec![line(1, false); 4];
    info.extend(vec![line(40, true); 3]); // the body
    info.extend(vec![line(1, false); 20]);
    let mut copyright = line(6, false);
    copyright.copyright = true;
    info.push(copyright);
    info.extend(vec![line(60, true); 10]); // a policy in a hidden modal, richer
    let fate = judge(&info);
    assert!(fate[4..7].iter().all(|&f| f == Reason::Body), "{fate:?}");
    assert!(fate[28..].iter().all(|&f| f == Reason::OutsideBody));
    // Early in the page, the sign is no footer's.
    let mut early = info.clone();
    early[27].copyright = false;
    early[2].copyright = true;
    assert_eq!(judge(&early)[30], Reason::Body);
    // With nothing before it, the text after it is the body.
    let mut alone = vec![line(1, false); 27];
    alone.push(copyright);
    alone.extend(vec![line(60, true); 10]);
    assert_eq!(judge(&alone)[30], Reason::Body);
}

#[test]
fn a_credit_between_paragraphs_is_no_footer() {
    // A long menu, then an article whose picture credit falls in the last part of the page.
    let mut info = vec![line(1, false); 60];
    info.extend(vec![line(20, true); 2]);
    let mut credit = line(5, false);
    credit.copyright = true;
    info.push(credit);
    info.extend(vec![line(40, true); 8]);
    info.extend(vec![line(1, false); 4]);
    let fate = judge(&info);
    assert!(fate[60..71].iter().all(|&f| f == Reason::Body), "{fate:?}");
    // Followed by less prose than before it, the same line ends the page as a footer's.
    let mut footer = vec![line(1, false); 40];
    footer.extend(vec![line(40, true); 8]);
    footer.extend(vec![line(1, false); 20]);
    footer.extend(vec![line(20, true); 2]);
    footer.push(credit);
    footer.extend(vec![line(20, true); 2]);
    let fate = judge(&footer);
    assert!(fate[40..48].iter().all(|&f| f == Reason::Body), "{fate:?}");
    assert!(
        fate[71..].iter().all(|&f| f == Reason::OutsideBody),
        "{fate:?}"
    );
}

#[test]
fn a_run_of_banners_does_not_make_a_page_of_cards_a_page_of_prose() {
    // Shipping banners for each country (long lines, no end punctuation), then a grid.
    let mut info = vec![line(22, false); 12];
    info.extend(vec![line(1, false); 6]);
    info.extend(cards(8));
    info.extend(vec![line(1, false); 6]);
    let fate = judge(&info);
    assert!(fate[18..33].iter().all(|&f| f == Reason::Body), "{fate:?}");
}

#[test]
fn a_page_of_cards_keeps_its_smaller_grids() {
    let mut info = vec![line(1, false); 6];
    info.extend(cards(20));
    info.extend(vec![line(1, false); 2]);
    info.extend(cards(4)); // a second grid, a fifth of the first
    info.extend(vec![line(1, false); 6]);
    let fate = judge(&info);
    assert_eq!(fate[6], Reason::Body, "{fate:?}");
    assert_eq!(fate[48], Reason::Body, "{fate:?}");
    assert!(fate[..6].iter().all(|&f| f != Reason::Body));
}

#[test]
fn posts_before_the_main_stretch_join_it_through_their_frame() {
    // A thread: each post is its text and a row of two frame lines ("Reply", "Quote")
    // that the page prints once per post. The later posts are long, the first two short.
    let mut reply = line(1, false);
    reply.repeated = true;
    reply.items = 6;
    reply.group = 0;
    let mut quote = reply;
    quote.words = 2;
    quote.group = 1;
    let mut info = vec![line(1, false); 6];
    for words in [6, 6, 60, 60, 60, 60] {
        info.push(line(words, true));
        info.extend([reply, quote]);
    }
    let fate = judge(&info);
    // The first post, with its frame at full cost, stays outside.
    info[8].group = 2;
    info[9].group = 3;
    assert_ne!(judge(&info)[6], Reason::Body);
    assert_eq!(fate[6], Reason::Body, "{fate:?}");
    assert_eq!(fate[9], Reason::Body);
    assert_eq!(fate[7], Reason::Repeated);
    assert!(fate[..6].iter().all(|&f| f != Reason::Body));
}

#[test]
fn nothing_positive_keeps_nothing() {
    assert!(stretches(&[-1.0, -3.0], KEEP_SHARE).is_empty());
    assert!(stretches(&[], KEEP_SHARE).is_empty());
}

#[test]
fn what_lies_between_two_stretches_is_body_but_its_menu_entries() {
    let mut links = line(25, false);
    links.dense = false;
    let mut info = vec![line(40, true); 4];
    for _ in 0..10 {
        // A row of links, a card's caption, a menu entry: costlier together than the second
        // stretch is worth, so that no stretch spans them.
        info.extend([links, line(6, false), line(2, false)]);
    }
    let gap = 4..info.len();
    // A footer's copyright line among them is the frame's.
    info[5].copyright = true;
    info.extend(vec![line(30, true); 3]);
    let fate = judge(&info);
    assert!(fate[info.len() - 3..].iter().all(|&f| f == Reason::Body));
    for i in gap {
        let want = if (info[i].words == 6 && !info[i].copyright) || i == info.len() - 4 {
            // The captions, and the last entry as the heading of the second stretch.
            Reason::Body
        } else {
            Reason::OutsideBody
        };
        assert_eq!(fate[i], want, "line {i}: {fate:?}");
    }
}
