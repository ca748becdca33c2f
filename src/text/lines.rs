//! Line features of a plain-text dump: length, words, end punctuation, stop-word density in
//! the detected language, separators, Title-Case, repeats inside the page, and the shapes of
//! cards (read times, counts, prices) that the data file `rules/text/shapes.txt` describes.

use aho_corasick::{AhoCorasick, MatchKind};
use regex::RegexSet;
use std::collections::HashMap;

use crate::text_input::Lines;

use super::stopwords::Stop;

/// Lines of this many words or fewer are "short" (menu items, labels, headings).
pub const SHORT_WORDS: usize = 3;
/// Lines of this many words or more are measured as prose candidates.
pub const PROSE_WORDS: usize = 10;
/// A repeated line this short is navigation printed twice, not a refrain of the text.
pub const REPEAT_MAX_WORDS: usize = 8;

/// What the body finder needs to know about one line.
#[derive(Debug, Clone, Copy, Default)]
pub struct LineInfo {
    /// Words in the line.
    pub words: usize,
    /// Ends with punctuation (sentence end, question, colon, comma).
    pub end_punct: bool,
    /// Ends like a sentence (`.`, `!`, `…`).
    pub sentence_end: bool,
    /// Function words are as common as in running prose.
    pub dense: bool,
    /// The same line (matching key) occurs more than once in the page.
    pub repeated: bool,
    /// Every word starts with a capital letter or a digit (a menu entry, a card title).
    pub title_case: bool,
    /// Two or more separators (`|`, `»`, `·`, `/`, `›`): breadcrumbs, footer link rows.
    pub separated: bool,
    /// Looks like a card's metadata line (a read time, a count, a price).
    pub card: bool,
    /// A card's title: a line of a few words that a card's metadata line (a price, a count,
    /// a date) follows at most [`CARD_TITLE_REACH`] lines later.
    pub card_title: bool,
    /// An excerpt cut short with an ellipsis: a teaser of another page.
    pub teaser: bool,
    /// A copy of the line at most [`ADJACENT_COPY`] lines before: the same item printed again.
    pub echo: bool,
    /// The first occurrence of its text in the page.
    pub first: bool,
    /// A copyright line (the sign, at most [`COPYRIGHT_MAX_WORDS`] words): a footer's.
    pub copyright: bool,
    /// A longer line with the copyright sign (a footer's legal notice) or prose with consent
    /// terms (a cookie dialog, a privacy notice): not prose of the page.
    pub legal: bool,
    /// Lines of the page with the same text, this one included.
    pub count: u32,
    /// Separate items among those lines: copies right after each other count once.
    pub items: u32,
    /// The index of the first line with the same text: lines of one group share it.
    pub group: usize,
    /// Words glued together without a space (`Shop allNew inSale`): a dumper's rendering of
    /// a menu or of a select box's options.
    pub glued: bool,
    /// A later line that the page's first line contains: the headline, when a dumper
    /// printed the document title (`Headline | Site`) at the top.
    pub in_top_line: bool,
}

impl LineInfo {
    /// A short line: few words, no end punctuation.
    pub fn is_short(&self) -> bool {
        self.words <= SHORT_WORDS && !self.end_punct
    }

    /// A line the page prints more than once that reads as content, not navigation: a long
    /// line, or a sentence of more than a few words (a feature's blurb printed for the desktop
    /// and the mobile layout). Its first copy is judged like any line; later copies are copies.
    pub fn repeats_content(&self) -> bool {
        self.words > REPEAT_MAX_WORDS || (self.sentence_end && self.words > SHORT_WORDS)
    }
}

/// Card and menu shapes, one regex a line over the matching key, from the rules data file.
pub struct Shapes {
    set: Option<RegexSet>,
    /// The consent and privacy terms of `rules/text/consent.txt`.
    consent: Option<AhoCorasick>,
}

/// The entries of a data file: its non-empty lines that are not `#` comments.
fn entries(src: &str) -> impl Iterator<Item = &str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Shapes {
    /// Compiles the embedded shape list and consent terms; a bad pattern is skipped, never a
    /// panic.
    pub fn builtin() -> Self {
        Self::from_source(include_str!("../../rules/text/shapes.txt"))
            .with_consent(include_str!("../../rules/text/consent.txt"))
    }

    /// Compiles one pattern per non-empty, non-`#` line.
    pub fn from_source(src: &str) -> Self {
        let pats: Vec<&str> = entries(src).collect();
        // Each pattern is compiled on its own only when the set of them all fails.
        let set = RegexSet::new(&pats).ok().or_else(|| {
            let good = pats.iter().filter(|p| regex::Regex::new(p).is_ok());
            RegexSet::new(good).ok()
        });
        Shapes { set, consent: None }
    }

    /// The same shapes with the consent terms of `src`, one a line.
    pub fn with_consent(mut self, src: &str) -> Self {
        self.consent = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(entries(src))
            .ok();
        self
    }

    /// Per line of `lines`, whether its key holds [`CONSENT_TERMS`] different consent terms as
    /// whole words: the text of a cookie dialog or of a privacy notice. The page's keys are
    /// searched in one pass.
    fn consent_lines(&self, lines: &Lines<'_>) -> Vec<bool> {
        let all = lines.lines();
        let mut out = vec![false; all.len()];
        let Some(ac) = &self.consent else {
            return out;
        };
        let b = lines.keys().as_bytes();
        let (mut at, mut seen, mut n) = (0, [usize::MAX; CONSENT_TERMS], 0);
        for m in ac.find_iter(lines.keys()) {
            // The line whose key holds the match's start.
            while all
                .get(at)
                .is_some_and(|l| lines.key_range(l).end <= m.start())
            {
                (at, n) = (at + 1, 0);
            }
            let Some(r) = all.get(at).map(|l| lines.key_range(l)) else {
                break;
            };
            let word = |i: usize| !(r.contains(&i) && b[i].is_ascii_alphanumeric());
            let whole = m.start() >= r.start
                && m.end() <= r.end
                && m.start().checked_sub(1).is_none_or(word)
                && word(m.end());
            let id = m.pattern().as_usize();
            if whole && n < CONSENT_TERMS && !seen[..n].contains(&id) {
                seen[n] = id;
                n += 1;
                out[at] |= n == CONSENT_TERMS;
            }
        }
        out
    }

    /// Every shape holds a digit (see the data file): a key without one is not looked up.
    fn matches(&self, key: &str) -> bool {
        self.set
            .as_ref()
            .is_some_and(|s| super::bytes::has_digit(key.as_bytes()) && s.is_match(key))
    }
}

/// Share of a line's words that must be function words for it to read as prose: with the
/// language pack's stop words, and, without a pack, with words of at most three letters.
const STOP_DENSITY: f32 = 0.10;
const SHORT_WORD_DENSITY: f32 = 0.20;

/// `text.contains(c)`, with a scan for the first byte of `c` before the substring search that
/// `str::contains` sets up for a character outside ASCII.
fn has_char(text: &str, c: char) -> bool {
    let mut utf8 = [0u8; 4];
    let first = c.encode_utf8(&mut utf8).as_bytes()[0];
    text.as_bytes().contains(&first) && text.contains(c)
}

fn title_case(text: &str, ascii: bool) -> bool {
    let mut words = 0;
    if ascii {
        let space = |b: &u8| matches!(b, b'\t'..=b'\r' | b' ');
        for w in text.as_bytes().split(space) {
            let Some(b) = w.iter().find(|b| b.is_ascii_alphanumeric()) else {
                continue;
            };
            if !(b.is_ascii_uppercase() || b.is_ascii_digit()) {
                return false;
            }
            words += 1;
        }
        return words >= 2;
    }
    for w in text.split_whitespace() {
        let Some(c) = w.chars().find(|c| c.is_alphanumeric()) else {
            continue;
        };
        if !(c.is_uppercase() || c.is_numeric()) {
            return false;
        }
        words += 1;
    }
    words >= 2
}

/// A line of prose with this many different consent terms is a cookie dialog's or a privacy
/// notice's.
pub const CONSENT_TERMS: usize = 2;

/// The copyright sign of a footer's line.
pub const COPYRIGHT_SIGN: char = '©';
/// A line with the sign and more words than this is prose that cites it.
pub const COPYRIGHT_MAX_WORDS: usize = 25;

/// A copy at most this many lines after the previous one is the same item printed again.
pub const ADJACENT_COPY: usize = 2;

/// How far after a card title its metadata line may stand.
pub const CARD_TITLE_REACH: usize = 2;

/// A headline longer than this is not looked for in the page's first line.
const TITLE_MAX_WORDS: usize = 30;

/// Excerpts shorter than this are not teasers (a line of dialogue can trail off).
const TEASER_MIN_WORDS: usize = 8;

fn cut_short(text: &str) -> bool {
    let t = text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ']' | ')'));
    t.ends_with("...") || t.ends_with('…')
}

/// Two separators or more after the first letter or digit (`|`, `/`, and outside ASCII `»`,
/// `·`, `›`, `•`): breadcrumbs, footer link rows. `ascii`: the text is ASCII.
fn separated(text: &str, ascii: bool) -> bool {
    if ascii {
        let bytes = text.as_bytes();
        let start = bytes
            .iter()
            .position(u8::is_ascii_alphanumeric)
            .unwrap_or(bytes.len());
        let body = bytes.get(start..).unwrap_or_default();
        // Counted over the whole line (short, as a rule), many bytes at a time.
        let n = body
            .iter()
            .fold(0u32, |n, &b| n + u32::from((b == b'|') | (b == b'/')));
        return n >= 2;
    }
    let body = text
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .as_bytes();
    // Byte by byte: `»` and `·` are C2 BB and C2 B7, `›` and `•` E2 80 BA and E2 80 A2 (a
    // C2 or E2 byte always starts a character).
    let mut n = 0;
    for (i, &b) in body.iter().enumerate() {
        let sep = match b {
            b'|' | b'/' => true,
            0xC2 => matches!(body.get(i + 1), Some(0xBB | 0xB7)),
            0xE2 => body.get(i + 1) == Some(&0x80) && matches!(body.get(i + 2), Some(0xBA | 0xA2)),
            _ => false,
        };
        n += usize::from(sep);
        if n == 2 {
            return true;
        }
    }
    false
}

/// The page's first line (its key), searched for the keys of later lines: the byte pairs it
/// holds rule most lines out before a search.
struct TopLine<'a> {
    key: &'a [u8],
    /// One bit per pair of bytes that follow each other in `key`.
    pairs: Vec<u64>,
}

impl<'a> TopLine<'a> {
    fn new(key: &'a str) -> Self {
        let key = key.as_bytes();
        let mut pairs = vec![0u64; 1 << 10];
        for w in key.windows(2) {
            let p = usize::from(w[0]) << 8 | usize::from(w[1]);
            if let Some(x) = pairs.get_mut(p >> 6) {
                *x |= 1 << (p & 63);
            }
        }
        TopLine { key, pairs }
    }

    /// Whether `needle` occurs in the first line.
    fn holds(&self, needle: &[u8]) -> bool {
        if let [a, b, ..] = needle {
            let p = usize::from(*a) << 8 | usize::from(*b);
            if self
                .pairs
                .get(p >> 6)
                .is_none_or(|x| x & (1 << (p & 63)) == 0)
            {
                return false;
            }
        }
        occurs_in(self.key, needle)
    }
}

/// Whether `needle` occurs in `hay`: a line's key in the page's first line, both short as a
/// rule (a long first line is searched with memchr's substring search).
fn occurs_in(hay: &[u8], needle: &[u8]) -> bool {
    const SHORT: usize = 256;
    if hay.len() > SHORT {
        return memchr::memmem::find(hay, needle).is_some();
    }
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    memchr::memchr_iter(first, hay).any(|i| hay.get(i + 1..i + needle.len()) == Some(rest))
}

/// At least this share of a line's words are glued to the next (`allNew`, `team2007`)...
const GLUED_SHARE: f32 = 0.3;
/// ...and at least this many.
const GLUED_MIN: usize = 4;

/// Whether many of the line's words are glued together: a lower-case letter right before an
/// upper-case one, two lower-case letters before a digit, or a digit before a capitalised word.
fn glued(text: &str, words: usize) -> bool {
    // Each join is a capital or a digit after a lower-case letter, or a capital after a
    // digit: a line with too few such pairs (counted many bytes at a time) is not read join
    // by join.
    let bytes = text.as_bytes();
    let (before, after) = (bytes, bytes.get(1..).unwrap_or_default());
    let most: usize = before
        .chunks(255)
        .zip(after.chunks(255))
        .map(|(p, c)| {
            let n = p.iter().zip(c).fold(0u8, |n, (&p, &c)| {
                let (upper, digit) = (c.wrapping_sub(b'A') < 26, c.wrapping_sub(b'0') < 10);
                let (lower_before, digit_before) =
                    (p.wrapping_sub(b'a') < 26, p.wrapping_sub(b'0') < 10);
                n + u8::from((lower_before & (upper | digit)) | (digit_before & upper))
            });
            usize::from(n)
        })
        .sum();
    if most < GLUED_MIN || (most as f32) < GLUED_SHARE * words as f32 {
        return false;
    }
    let joins = ascii_joins(bytes);
    joins >= GLUED_MIN && joins as f32 >= GLUED_SHARE * words as f32
}

/// The joins of [`glued`] between ASCII letters and digits (a glued menu in another script
/// is not seen), byte by byte: most bytes are neither a capital nor a digit.
fn ascii_joins(b: &[u8]) -> usize {
    let mut joins = 0;
    for i in 1..b.len() {
        let c = b[i];
        if !(c.is_ascii_uppercase() || c.is_ascii_digit()) {
            continue;
        }
        let p = b[i - 1];
        let join = if p.is_ascii_lowercase() {
            c.is_ascii_uppercase() || (i >= 2 && b[i - 2].is_ascii_lowercase())
        } else {
            p.is_ascii_digit()
                && c.is_ascii_uppercase()
                && b.get(i + 1).is_some_and(u8::is_ascii_lowercase)
        };
        joins += usize::from(join);
    }
    joins
}

/// Words of a line; bullets and dashes that a dumper puts before list items are not words.
pub fn words(text: &str) -> usize {
    if !text.is_ascii() {
        return text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
    }
    let (mut n, mut alnum) = (0, false);
    for &b in text.as_bytes() {
        if matches!(b, b'\t'..=b'\r' | b' ') {
            n += usize::from(alnum);
            alnum = false;
        } else {
            alnum |= b.is_ascii_alphanumeric();
        }
    }
    n + usize::from(alnum)
}

/// Measures every line, the function words told by `stop` (the stop words of the page's
/// language, or short words).
pub fn measure_with(lines: &Lines<'_>, stop: &Stop<'_>, shapes: &Shapes) -> Vec<LineInfo> {
    let all = lines.lines();
    // Per line, the index of the first line with the same key; per first line, its count
    // and its items: copies at most ADJACENT_COPY lines after the previous one are the same
    // item printed again (a card's image text and its link), not a second item.
    let mut firsts: HashMap<&str, usize, rustc_hash::FxBuildHasher> =
        HashMap::with_capacity_and_hasher(all.len(), rustc_hash::FxBuildHasher);
    let mut first_of = Vec::with_capacity(all.len());
    let mut counts = vec![0u32; all.len()];
    let mut items = vec![0u32; all.len()];
    let mut last = vec![0usize; all.len()];
    let mut echo = vec![false; all.len()];
    for (i, l) in all.iter().enumerate() {
        let f = *firsts.entry(lines.key(l)).or_insert(i);
        counts[f] += 1;
        if i == f || i - last[f] > ADJACENT_COPY {
            items[f] += 1;
        } else {
            echo[i] = true;
        }
        last[f] = i;
        first_of.push(f);
    }
    let threshold = if stop.has_language() {
        STOP_DENSITY
    } else {
        SHORT_WORD_DENSITY
    };
    let top = TopLine::new(all.first().map_or("", |l| lines.key(l)));
    let consent = shapes.consent_lines(lines);
    let mut info: Vec<LineInfo> = all
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let (text, key) = (lines.text(l), lines.key(l));
            let words = l.lettered;
            let mid = words > SHORT_WORDS && words < PROSE_WORDS;
            // The sign is not ASCII.
            let sign = !l.ascii && has_char(text, COPYRIGHT_SIGN);
            LineInfo {
                words,
                end_punct: l.end_punct,
                sentence_end: l.sentence_end,
                dense: words >= PROSE_WORDS && stop.dense(lines, i, threshold),
                // A line printed again right after itself (a card's image text and link, a
                // heading and its anchor) is one item: its first copy is not a repeat.
                repeated: items[first_of[i]] > 1 || echo[i],
                echo: echo[i],
                title_case: mid && !l.end_punct && title_case(text, l.ascii),
                separated: words < PROSE_WORDS * 2 && separated(text, l.ascii),
                card: words < PROSE_WORDS && shapes.matches(key),
                teaser: words >= TEASER_MIN_WORDS && cut_short(text),
                first: first_of[i] == i,
                copyright: words <= COPYRIGHT_MAX_WORDS && sign,
                legal: (words > COPYRIGHT_MAX_WORDS && sign)
                    || (words >= PROSE_WORDS && consent[i]),
                glued: words >= PROSE_WORDS && glued(text, words),
                count: counts[first_of[i]],
                items: items[first_of[i]],
                group: first_of[i],
                in_top_line: i > 0
                    && (2..=TITLE_MAX_WORDS).contains(&words)
                    && key.len() <= top.key.len()
                    && top.holds(key.as_bytes()),
                ..LineInfo::default()
            }
        })
        .collect();
    mark_card_titles(&mut info);
    info
}

/// A line of a few words without end punctuation or separators, with a card's metadata
/// line right after it, is the title of that card.
fn mark_card_titles(info: &mut [LineInfo]) {
    for i in 0..info.len() {
        let l = &info[i];
        if l.card || l.end_punct || l.separated || l.words == 0 || l.words >= PROSE_WORDS {
            continue;
        }
        // Lines printed again right after themselves (the title's own copies) take no room.
        info[i].card_title = info[i + 1..]
            .iter()
            .filter(|n| !n.echo)
            .take(CARD_TITLE_REACH)
            .any(|n| n.card);
    }
}

/// Whether the text looks like a whole-page dump (many lines, with runs of short lines: menus)
/// rather than an article already extracted with a few chrome lines left in it. `words`
/// holds each line's [`words`].
pub fn looks_like_dump(words: &[usize]) -> bool {
    const MIN_LINES: usize = 40;
    const MIN_SHORT_RUN: usize = 5;
    if words.len() < MIN_LINES {
        return false;
    }
    let mut run = 0;
    for &w in words {
        if w <= SHORT_WORDS + 1 {
            run += 1;
            if run >= MIN_SHORT_RUN {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

#[cfg(test)]
mod tests;
