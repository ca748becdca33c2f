//! The body finder: scores each line (prose gains, short and menu-shaped lines cost) and keeps
//! the densest stretch of prose plus every other stretch nearly as rich (a forum's posts, a
//! listing's cards), what lies between them but menu entries, the headings just before each
//! stretch, and nothing of the frame.

use super::lines::{LineInfo, PROSE_WORDS, REPEAT_MAX_WORDS, SHORT_WORDS};

/// Cost of a line that is navigation: short, repeated, separated or Title-Case.
const MENU_COST: f32 = 4.0;
/// Cost of a mid-length line without end punctuation (a card title, a label).
const MID_COST: f32 = 1.5;
/// Weight per word of a long line without end punctuation and with few function words (a row
/// of links, a list of tags, a headline): slightly negative.
const WEAK_PROSE: f32 = -0.2;
/// Weight per word of a long sentence with few function words (legal lines, spec sentences).
const SPARSE_SENTENCE: f32 = 0.5;
/// Weight per word of a mid-length line that ends like a sentence.
const SHORT_SENTENCE: f32 = 0.5;
/// Weight per word of a card title on a page with little prose.
const CARD_WEIGHT: f32 = 1.5;
/// A page whose best stretch of prose scores under this is read as cards.
const CARD_PAGE: f32 = 150.0;
/// A stretch is body when it scores at least this share of the best one.
const KEEP_SHARE: f32 = 0.3;
/// The same on a page of cards, whose content is spread over several grids and lists.
const CARD_KEEP_SHARE: f32 = 0.15;
/// Headings, bylines and datelines kept before a stretch.
const LEAD_LINES: usize = 3;
/// How far before the main stretch its headline is looked for.
const TITLE_LOOKBACK: usize = 8;
/// The footer's copyright line is looked for from this many tenths of the page on.
const FOOTER_FROM_TENTHS: usize = 7;
/// How many lines under a headline far above the main stretch its lead is looked for in.
const HEAD_WINDOW: usize = 30;
/// The least score of that lead (a paragraph of some twenty words).
const HEAD_MIN: f32 = 20.0;
/// A line printed as this many separate items or more can frame records (posts, cards)...
const FRAME_ITEMS: u32 = 3;
/// ...when the main stretch holds this many of its copies or more.
const FRAME_IN: usize = 2;
/// A run of this many short lines inside the body is a menu (a link list).
pub const MENU_RUN: usize = 4;
/// A run of this many long lines without end punctuation is a list of headlines (an archive,
/// a rail of other stories), not paragraphs...
const HEADLINE_RUN: usize = 4;
/// ...when none of them is longer than this: a headline or a link's text.
const HEADLINE_MAX_WORDS: usize = 30;

/// The score of one line: positive for prose, negative for the frame's shapes.
pub fn score(l: &LineInfo, cards: bool) -> f32 {
    if l.words == 0 {
        // A lone bullet or symbol (an image-only list item): no evidence either way.
        return 0.0;
    }
    if cards && l.card_title && (l.first || !l.repeated) {
        // A product's name before its price: a card, however few its words. The first copy
        // of a name the page prints in two grids holds its stretch together too, though the
        // repeat rule drops it afterwards.
        return l.words.max(2) as f32 * CARD_WEIGHT;
    }
    if l.card {
        // Cards' metadata lines repeat by nature (the same price, "2 min read").
        return 0.0;
    }
    if l.repeated && !(l.first && l.repeats_content()) && l.words <= REPEAT_MAX_WORDS {
        if l.end_punct && !l.sentence_end {
            // A field's label ("Weight:") printed on every record of a grid or a spec table:
            // the repeat rule drops it, but it is no menu entry and costs the records nothing.
            return 0.0;
        }
        return -MENU_COST;
    }
    if l.teaser || (l.repeated && !l.first) {
        return -MENU_COST;
    }
    if l.words >= PROSE_WORDS {
        let w = l.words as f32;
        if l.glued || l.legal {
            // A menu or a select box's options printed as one line; a footer's legal notice.
            return w * WEAK_PROSE;
        }
        return match (l.end_punct, l.dense) {
            (_, true) => w,
            (true, false) => w * SPARSE_SENTENCE,
            (false, false) => w * WEAK_PROSE,
        };
    }
    if cards && l.words > SHORT_WORDS && !l.separated {
        // A page with little prose is a listing or a product: its cards are the content.
        return l.words as f32 * CARD_WEIGHT;
    }
    if l.words <= SHORT_WORDS || l.separated || l.title_case {
        return -MENU_COST;
    }
    if l.end_punct {
        l.words as f32 * SHORT_SENTENCE
    } else {
        -MID_COST
    }
}

/// The best-scoring stretch `[a, b)` inside `lo..hi` (Kadane), with its score.
fn best(scores: &[f32], lo: usize, hi: usize) -> (f32, usize, usize) {
    let (mut best, mut at) = (0.0f32, (lo, lo));
    let (mut cur, mut start) = (0.0f32, lo);
    for (i, &s) in scores.iter().enumerate().take(hi).skip(lo) {
        if cur <= 0.0 {
            cur = 0.0;
            start = i;
        }
        cur += s;
        if cur > best {
            best = cur;
            at = (start, i + 1);
        }
    }
    (best, at.0, at.1)
}

/// The stretches of the body, in reading order; the best one first.
pub fn stretches(scores: &[f32], share: f32) -> Vec<(usize, usize)> {
    let (top, a, b) = best(scores, 0, scores.len());
    if top <= 0.0 {
        return Vec::new();
    }
    let mut out = vec![(a, b)];
    let mut todo = vec![(0, a), (b, scores.len())];
    while let Some((lo, hi)) = todo.pop() {
        if hi <= lo {
            continue;
        }
        let (s, x, y) = best(scores, lo, hi);
        if s > 0.0 && s >= share * top {
            out.push((x, y));
            todo.push((lo, x));
            todo.push((y, hi));
        }
    }
    out[1..].sort_unstable();
    out
}

/// Why a line is not body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Kept.
    Body,
    /// Kept: the headline before the main stretch.
    Title,
    /// A short line the page prints more than once.
    Repeated,
    /// A run of short lines: a menu or a list of links.
    MenuRun,
    /// Outside every stretch of the body.
    OutsideBody,
    /// A short line inside the body with no prose after it.
    Isolated,
}

impl Reason {
    /// A line the body keeps: the body's own, or the headline.
    pub fn kept(self) -> bool {
        matches!(self, Reason::Body | Reason::Title)
    }

    /// The id `--explain` reports.
    pub fn rule_id(self) -> &'static str {
        match self {
            Reason::Body => "text/body",
            Reason::Title => "text/title",
            Reason::Repeated => "text/repeated",
            Reason::MenuRun => "text/menu-run",
            Reason::OutsideBody => "text/outside-body",
            Reason::Isolated => "text/isolated-short",
        }
    }
}

/// Decides the fate of every line. What a dump prints after the footer's copyright line (in
/// the last part of the page) is a drawer, a modal or a policy that the page carries hidden:
/// the body is looked for before it, unless nothing there is body. A copyright line between
/// two paragraphs, followed by prose richer than any before it, credits a picture of the body.
pub fn judge(info: &[LineInfo]) -> Vec<Reason> {
    let n = info.len();
    let from = n * FOOTER_FROM_TENTHS / 10;
    let prose = |j: usize| info.get(j).is_some_and(|l| l.dense);
    let richest = |lines: &[LineInfo]| {
        let scores: Vec<f32> = lines.iter().map(|l| score(l, false)).collect();
        best(&scores, 0, scores.len()).0
    };
    for i in from..n {
        if !info[i].copyright {
            continue;
        }
        let credit = i > 0 && prose(i - 1) && prose(i + 1);
        if credit && richest(&info[i + 1..]) > richest(&info[..i]) {
            continue;
        }
        let mut fate = judge_lines(&info[..i]);
        if fate.iter().any(|f| f.kept()) {
            fate.resize(n, Reason::OutsideBody);
            return fate;
        }
        break;
    }
    judge_lines(info)
}

/// [`judge`] over all of `info`.
fn judge_lines(info: &[LineInfo]) -> Vec<Reason> {
    let n = info.len();
    let mut scores: Vec<f32> = info.iter().map(|l| score(l, false)).collect();
    headlines(info, &mut scores);
    let mut share = KEEP_SHARE;
    if best(&scores, 0, n).0 < CARD_PAGE {
        scores = info.iter().map(|l| score(l, true)).collect();
        headlines(info, &mut scores);
        share = CARD_KEEP_SHARE;
    }
    frames(info, &mut scores);
    let mut fate = vec![Reason::OutsideBody; n];
    let mut found = stretches(&scores, share);
    if let Some(lead) = headline_lead(info, &scores, &found) {
        found.push(lead);
    }
    let Some((a, b)) = hull(&found) else {
        return fate;
    };
    // The body runs from its first stretch to its last: what lies between them is body too
    // (a grid, a hero, a figure between two parts of the text), except the lines shaped like
    // a menu entry or a row of links, and a footer's copyright or legal lines.
    for (i, f) in fate.iter_mut().enumerate().take(b).skip(a) {
        let l = &info[i];
        let between = scores[i] > -MENU_COST && !l.copyright && !l.legal;
        if between || found.iter().any(|&(x, y)| x <= i && i < y) {
            *f = Reason::Body;
        }
    }
    title(info, &mut fate, a);
    // The heading (and byline, dateline) that precede each stretch.
    for &(a, _) in &found {
        let mut j = a;
        let mut lead = 0;
        while j > 0 && lead < LEAD_LINES {
            let l = &info[j - 1];
            if l.repeated || l.words < 2 || l.separated || fate[j - 1] != Reason::OutsideBody {
                break;
            }
            fate[j - 1] = Reason::Body;
            j -= 1;
            lead += 1;
        }
    }
    // Runs of short lines, in the body or not, are menus; repeated short lines are navigation.
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j < n && info[j].is_short() && !info[j].card && !info[j].card_title {
            j += 1;
        }
        if j - i >= MENU_RUN {
            fate[i..j].fill(Reason::MenuRun);
        }
        i = j.max(i + 1);
    }
    isolated(info, &mut fate);
    repeated(info, &mut fate);
    fate
}

/// The span of the body: from the start of its first stretch to the end of its last.
fn hull(found: &[(usize, usize)]) -> Option<(usize, usize)> {
    let a = found.iter().map(|&(a, _)| a).min()?;
    let b = found.iter().map(|&(_, b)| b).max()?;
    Some((a, b))
}

/// The headline of the body starting at line `a`, when the page's first line names it: the
/// lines from it on are kept when it stands just before the body, the headline alone when
/// farther up (the lines between are the frame).
fn title(info: &[LineInfo], fate: &mut [Reason], a: usize) {
    let from = a.saturating_sub(TITLE_LOOKBACK);
    if let Some(t) = (from..a).rev().find(|&j| info[j].in_top_line) {
        fate[t..a].fill(Reason::Body);
        fate[t] = Reason::Title;
    } else if let Some(t) = (0..from)
        .rev()
        .find(|&j| info[j].in_top_line && info[j].words > 1)
    {
        fate[t] = Reason::Title;
    }
}

/// Runs of [`HEADLINE_RUN`] long lines or more that end without punctuation are lists of
/// headlines or links, however many function words they hold: each weighs like a row of links.
fn headlines(info: &[LineInfo], scores: &mut [f32]) {
    let headline =
        |l: &LineInfo| (PROSE_WORDS..=HEADLINE_MAX_WORDS).contains(&l.words) && !l.end_punct;
    let mut i = 0;
    while i < info.len() {
        let run = info[i..].iter().take_while(|l| headline(l)).count();
        if run >= HEADLINE_RUN {
            for (l, s) in info[i..i + run].iter().zip(&mut scores[i..i + run]) {
                *s = s.min(l.words as f32 * WEAK_PROSE);
            }
        }
        i += run.max(1);
    }
}

/// Lines that frame each record of the main stretch (a post's "reply" and "quote" rows, a
/// card's button) cost nothing anywhere on the page, so that the same records before and
/// after it join the stretch: a line the page prints as [`FRAME_ITEMS`] separate items or
/// more, [`FRAME_IN`] times or more inside the main stretch. The repeat rule still drops
/// the frame lines themselves.
fn frames(info: &[LineInfo], scores: &mut [f32]) {
    let (_, a, b) = best(scores, 0, scores.len());
    let mut inside = vec![0usize; info.len()];
    let mut any = false;
    for l in &info[a..b] {
        if l.repeated && l.items >= FRAME_ITEMS && l.words <= REPEAT_MAX_WORDS {
            if let Some(c) = inside.get_mut(l.group) {
                *c += 1;
                any |= *c >= FRAME_IN;
            }
        }
    }
    if !any {
        return;
    }
    for (l, s) in info.iter().zip(scores.iter_mut()) {
        if inside.get(l.group).is_some_and(|&c| c >= FRAME_IN) {
            *s = s.max(0.0);
        }
    }
}

/// The prose right under the page's headline, when the headline stands far above the main
/// stretch (a product's description, a service's pitch, with the reviews, the specifications
/// or the policies richer below): the best stretch in the [`HEAD_WINDOW`] lines after the
/// headline that scores at least [`HEAD_MIN`].
fn headline_lead(
    info: &[LineInfo],
    scores: &[f32],
    found: &[(usize, usize)],
) -> Option<(usize, usize)> {
    let &(a, _) = found.first()?;
    let from = a.saturating_sub(TITLE_LOOKBACK);
    if (from..a).any(|j| info[j].in_top_line) {
        return None;
    }
    let t = (0..from)
        .rev()
        .find(|&j| info[j].in_top_line && info[j].words > 1)?;
    if found.iter().any(|&(x, y)| x <= t && t < y) {
        return None;
    }
    let hi = found
        .iter()
        .map(|&(x, _)| x)
        .filter(|&x| x > t)
        .fold((t + 1 + HEAD_WINDOW).min(scores.len()), usize::min);
    let (s, x, y) = best(scores, t + 1, hi);
    (s >= HEAD_MIN).then_some((x, y))
}

/// Repeated short lines are navigation printed twice, and a later copy of a long line or of a
/// sentence is a copy; cards' metadata lines (prices, counts) repeat without being either. A heading the page also prints once before, in a table of contents, stays where it
/// stands in the body with prose right after it.
fn repeated(info: &[LineInfo], fate: &mut [Reason]) {
    for i in 0..info.len() {
        let l = &info[i];
        let item = l.card || (l.first && l.repeats_content());
        if !l.repeated || fate[i] == Reason::Title || item {
            continue;
        }
        let heading = fate[i] == Reason::Body
            && l.count == 2
            && !l.first
            && l.words >= 2
            && l.words <= REPEAT_MAX_WORDS
            && info.get(i + 1).is_some_and(is_prose)
            && fate[i + 1] == Reason::Body
            && !info[i + 1].repeated;
        if !heading {
            fate[i] = Reason::Repeated;
        }
    }
}

/// Prose for the context rule: a long line, or a sentence of a few words.
fn is_prose(l: &LineInfo) -> bool {
    l.words >= PROSE_WORDS || (l.end_punct && l.words > SHORT_WORDS)
}

/// The jusText idea: a short line of the body is a heading when prose follows it; a short
/// line with no prose after it (a button, a count, a label among labels) is chrome.
fn isolated(info: &[LineInfo], fate: &mut [Reason]) {
    let alive: Vec<usize> = (0..info.len())
        .filter(|&i| fate[i] == Reason::Body)
        .collect();
    // Bylines and datelines before the first paragraph stay for the rules to read.
    let lead_end = alive.iter().position(|&i| is_prose(&info[i])).unwrap_or(0);
    for (k, &i) in alive.iter().enumerate().skip(lead_end) {
        let l = &info[i];
        if !l.is_short() || l.card || l.card_title {
            continue;
        }
        let next_prose = alive
            .get(k + 1)
            .is_some_and(|&j| j == i + 1 && is_prose(&info[j]));
        if !next_prose {
            fate[i] = Reason::Isolated;
        }
    }
}

#[cfg(test)]
mod tests;
