//! What the reader sees around the headline: the date and the byline printed near the `<h1>`,
//! and author-marked elements (`itemprop=author`, `rel=author`, byline classes) anywhere.
//! One walk over the DOM records the text nodes with their context; text is read only where
//! it is needed.

use super::authors;
use super::datetext::{self, Day};
use super::lexicon::{DateLabel, Lexicon};
use super::relative;
use crate::html::dom::{Data, Dom, Edge};
use crate::normalize;

const AUTHOR: u8 = 1;
const NOT_NAME: u8 = 2;
const H1: u8 = 4;

/// Text nodes before the headline that are looked at.
const BEFORE: usize = 12;
/// Text nodes after the headline that are looked at, and their most characters.
const AFTER: usize = 45;
const AFTER_CHARS: usize = 1500;

struct Seg {
    node: u32,
    flags: u8,
    /// `datetime` of a `<time>` element (the segment is the element, not text).
    time: bool,
}

/// The page's visible text, as context-tagged text nodes.
pub struct Visible<'a> {
    dom: &'a Dom,
    segs: Vec<Seg>,
    /// `<h1>` elements: (element id, index of the first segment inside it).
    pub h1: Vec<(u32, usize)>,
}

/// Class, id, itemprop and rel words that mark an author, then words that mark something
/// else about the author (a picture, a bio, a job title).
const AUTHOR_HINTS: [&str; 6] = [
    "author", "byline", "writer", "username", "poster", "creator",
];
const OTHER_HINTS: [&str; 17] = [
    "avatar", "image", "img", "photo", "bio", "desc", "about", "social", "share", "follow", "more",
    "title", "job", "role", "position", "count", "comment",
];

fn hint_matcher() -> &'static aho_corasick::AhoCorasick {
    static AC: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    AC.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(AUTHOR_HINTS.iter().chain(OTHER_HINTS.iter()))
            .expect("fixed patterns build")
    })
}

/// The hint flags of an element's class, id, itemprop and rel values; `memo` keeps those of
/// each value seen (pages repeat a few hundred values thousands of times).
fn hints<'d>(el: &'d crate::html::dom::Element, memo: &mut ahash::AHashMap<&'d str, u8>) -> u8 {
    let mut f = 0;
    for (n, v) in el.attrs() {
        if !matches!(n, "class" | "id" | "itemprop" | "rel") || v.len() > 200 {
            continue;
        }
        f |= *memo.entry(v).or_insert_with(|| {
            let mut f = 0;
            for m in hint_matcher().find_iter(v) {
                f |= if m.pattern().as_usize() < AUTHOR_HINTS.len() {
                    AUTHOR
                } else {
                    NOT_NAME
                };
            }
            f
        });
    }
    f
}

/// Whether `p` holds more than white space. Most text nodes of a page are the line breaks and
/// indentation between tags: ASCII white space is skipped byte by byte before any decoding.
fn has_text(p: &str) -> bool {
    match p
        .bytes()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c))
    {
        None => false,
        Some(i) => !p[i..].trim_start().is_empty(),
    }
}

impl<'a> Visible<'a> {
    /// Walks the page once.
    pub fn new(dom: &'a Dom) -> Visible<'a> {
        let mut segs = Vec::new();
        let mut h1 = Vec::new();
        // (element id, flags, skipped)
        let mut stack: Vec<(u32, u8, bool)> = Vec::new();
        let mut memo = ahash::AHashMap::with_capacity(512);
        for edge in dom.traverse(0) {
            match edge {
                Edge::Open(id) => match dom.data(id) {
                    Data::Element(el) => {
                        let (pf, pskip) = stack.last().map_or((0, false), |s| (s.1, s.2));
                        let name = el.name();
                        let skip = pskip
                            || matches!(
                                name,
                                "script"
                                    | "style"
                                    | "noscript"
                                    | "template"
                                    | "svg"
                                    | "head"
                                    | "nav"
                                    | "select"
                                    | "option"
                                    | "textarea"
                                    | "button"
                                    | "form"
                            );
                        let own = hints(el, &mut memo);
                        // An element marked as the author overrides a wrapper marked otherwise.
                        let mut f = if own & (AUTHOR | NOT_NAME) == AUTHOR {
                            (pf & !NOT_NAME) | own
                        } else {
                            pf | own
                        };
                        if name == "h1" {
                            f |= H1;
                            if !skip && h1.len() < 4 {
                                h1.push((id, segs.len()));
                            }
                        }
                        if !skip && name == "time" && el.attr("datetime").is_some() {
                            segs.push(Seg {
                                node: id,
                                flags: f,
                                time: true,
                            });
                        }
                        stack.push((id, f, skip));
                    }
                    Data::Text(t)
                        if stack.last().is_some_and(|s| !s.2)
                            && dom.text_pieces(t).any(has_text) =>
                    {
                        segs.push(Seg {
                            node: id,
                            flags: stack.last().map_or(0, |s| s.1),
                            time: false,
                        });
                    }
                    _ => {}
                },
                Edge::Close(id) => {
                    if matches!(dom.data(id), Data::Element(_)) {
                        stack.pop();
                    }
                }
            }
        }
        Visible { dom, segs, h1 }
    }

    fn text(&self, i: usize) -> String {
        let s = &self.segs[i];
        match self.dom.data(s.node) {
            Data::Text(t) => normalize::tidy(&self.dom.joined(t)),
            Data::Element(el) if s.time => el.attr("datetime").unwrap_or("").to_string(),
            _ => String::new(),
        }
    }

    /// The `<h1>` texts, in order.
    pub fn h1_texts(&self) -> Vec<String> {
        self.h1
            .iter()
            .map(|(id, _)| {
                // Line breaks and blocks inside a headline separate words.
                let mut s = String::new();
                // Text of icons, buttons and scripts inside the headline is left out.
                let mut hidden: Option<u32> = None;
                for edge in self.dom.traverse(*id) {
                    if let Edge::Close(n) = edge {
                        if hidden == Some(n) {
                            hidden = None;
                        }
                    }
                    if let Edge::Open(n) = edge {
                        if hidden.is_some() {
                            continue;
                        }
                        match self.dom.data(n) {
                            Data::Element(el)
                                if matches!(
                                    el.name(),
                                    "svg" | "button" | "script" | "style" | "noscript" | "template"
                                ) =>
                            {
                                hidden = Some(n)
                            }
                            Data::Text(t) => self.dom.push_text(t, &mut s),
                            Data::Element(el)
                                if matches!(el.name(), "br" | "div" | "p" | "li" | "small") =>
                            {
                                s.push(' ')
                            }
                            _ => {}
                        }
                    }
                }
                normalize::tidy(&s)
            })
            .collect()
    }

    /// The first date labelled as published or updated anywhere in the page ("Last updated:
    /// November 13, 2025" at the foot of a page), published first.
    pub fn labelled_anywhere(&self, lang: Option<&str>) -> Option<String> {
        let lx = Lexicon::get();
        let mut updated = None;
        for (i, s) in self.segs.iter().enumerate().take(6000) {
            if s.time {
                continue;
            }
            let Data::Text(t) = self.dom.data(s.node) else {
                continue;
            };
            let raw = self.dom.joined(t);
            // Only text with a year in it (any digit set) is read.
            if raw.len() > 300 || !has_year(&raw) {
                continue;
            }
            let key = normalize::key(&raw);
            for f in datetext::scan(&key, lang) {
                if !f.day.plausible() {
                    continue;
                }
                let label = f.label.or_else(|| {
                    (f.at == 0 && i > 0)
                        .then(|| lx.label_before(&normalize::key(&self.text(i - 1))))
                        .flatten()
                });
                match label {
                    Some(DateLabel::Published) => return Some(f.day.iso()),
                    Some(DateLabel::Updated) if updated.is_none() => updated = Some(f.day.iso()),
                    _ => {}
                }
            }
        }
        updated
    }

    /// Segment indices around the headline starting at segment `h`: after it, then before it
    /// (nearest first).
    fn window(&self, h: usize) -> (Vec<usize>, Vec<usize>) {
        let mut after = Vec::new();
        let mut chars = 0;
        for i in h..self.segs.len().min(h + AFTER) {
            after.push(i);
            if !self.segs[i].time {
                chars += self.text(i).len();
            }
            if chars > AFTER_CHARS {
                break;
            }
        }
        let before = (h.saturating_sub(BEFORE)..h).rev().collect();
        (after, before)
    }

    /// The date printed near the headline at segment `h`: (ISO day or `<time>` value, source).
    /// A date labelled as the publication date wins; else the nearest after the headline, else
    /// the nearest before it.
    pub fn date_near(&self, h: usize, lang: Option<&str>) -> Option<(String, &'static str)> {
        let (after, before) = self.window(h);
        let mut best: Option<(u8, String, &'static str)> = None;
        for (rank_base, idx) in [(0u8, &after), (2u8, &before)] {
            // The text before, keyed only when a date at the start of a text needs its label.
            let mut prev = String::new();
            for &i in idx {
                let s = &self.segs[i];
                let raw = self.text(i);
                let found: Vec<(Day, Option<DateLabel>, String, &'static str)> = if s.time {
                    datetext::structured(&raw, lang)
                        .map(|(iso, d)| vec![(d, None, iso, "time")])
                        .unwrap_or_default()
                } else {
                    let mut f = if few_digits(&raw) {
                        Vec::new()
                    } else {
                        datetext::scan(&normalize::key(&raw), lang)
                    };
                    if f.first().is_some_and(|x| x.label.is_none() && x.at == 0) {
                        f[0].label = Lexicon::get().label_before(&normalize::key(&prev));
                    }
                    prev = raw;
                    f.into_iter()
                        .map(|x| (x.day, x.label, x.day.iso(), "text"))
                        .collect()
                };
                for (day, label, iso, src) in found {
                    if !day.plausible() {
                        continue;
                    }
                    let rank = match label {
                        Some(DateLabel::Published) => 0,
                        _ => rank_base + 1,
                    };
                    if best.as_ref().is_none_or(|b| rank < b.0) {
                        best = Some((rank, iso, src));
                    }
                }
            }
        }
        best.map(|(_, iso, src)| (iso, src))
    }

    /// A relative date ("vor 2 Tagen") printed near the headline at segment `h`, read against
    /// the fetch date: the nearest after the headline, else before it.
    pub fn relative_near(
        &self,
        h: usize,
        lang: Option<&str>,
        reference: &relative::Reference,
    ) -> Option<Day> {
        let (after, before) = self.window(h);
        after
            .iter()
            .chain(before.iter())
            .filter(|&&i| !self.segs[i].time)
            .find_map(|&i| relative::find(&normalize::key(&self.text(i)), lang, reference))
    }

    /// The byline printed near the headline at segment `h`: (names, rule).
    pub fn byline_near(&self, h: usize, lang: Option<&str>) -> Option<(Vec<String>, &'static str)> {
        let (after, before) = self.window(h);
        let lx = Lexicon::get();
        for (is_after, idx) in [(true, &after), (false, &before)] {
            for (n, &i) in idx.iter().enumerate() {
                let s = &self.segs[i];
                if s.time || s.flags & H1 != 0 {
                    continue;
                }
                let raw = self.text(i);
                let key = normalize::key(&raw);
                let prefix = lx.byline_prefix(&key, lang).or_else(|| {
                    lang.is_none()
                        .then(|| lx.byline_prefix(&key, None))
                        .flatten()
                });
                if let Some(p) = prefix {
                    let rest = key[p..].trim_matches(|c: char| !c.is_alphanumeric());
                    if rest.is_empty() {
                        // A label alone ("By", "Written by"): the name is the next text.
                        if let Some(&j) = idx.get(n + 1).filter(|_| is_after) {
                            let names = authors::clean(&self.text(j), lang, None);
                            if names_ok(&names, false) {
                                return Some((names, "byline:label"));
                            }
                        }
                        continue;
                    }
                    let names = authors::clean(&raw, lang, None);
                    if normalize::word_count(&raw) <= 12 && names_ok(&names, true) {
                        return Some((names, "byline:prefix"));
                    }
                }
                if s.flags & AUTHOR != 0 && s.flags & NOT_NAME == 0 {
                    let names = authors::clean(&raw, lang, None);
                    if normalize::word_count(&raw) <= 10 && names_ok(&names, false) {
                        return Some((names, "byline:class"));
                    }
                }
            }
        }
        None
    }

    /// The first author-marked element's names anywhere on the page, else the first byline
    /// written out ("Written by NAME").
    pub fn byline_anywhere(&self, lang: Option<&str>) -> Option<Vec<String>> {
        let lx = Lexicon::get();
        let mut marked = 0;
        let mut written = None;
        for (i, s) in self.segs.iter().enumerate().take(8000) {
            if s.time || s.flags & H1 != 0 {
                continue;
            }
            let Data::Text(t) = self.dom.data(s.node) else {
                continue;
            };
            let raw = self.dom.joined(t);
            if raw.len() > 120 {
                continue;
            }
            if s.flags & AUTHOR != 0 && s.flags & NOT_NAME == 0 && marked < 20 {
                marked += 1;
                let names = authors::clean(&raw, lang, None);
                if normalize::word_count(&raw) <= 8 && names_ok(&names, false) {
                    return Some(names);
                }
            }
            if written.is_none()
                && normalize::word_count(&raw) <= 8
                && raw
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| lx.byline_first.contains(&normalize::key(w)))
            {
                let key = normalize::key(&raw);
                if let Some(p) = lx.byline_prefix(&key, lang) {
                    let _ = i;
                    if key[p..].chars().any(char::is_alphabetic) {
                        let names = authors::clean(&raw, lang, None);
                        if names_ok(&names, true) {
                            written = Some(names);
                        }
                    }
                }
            }
        }
        written
    }
}

/// Whether `s` holds fewer than four of the digits that keys write in ASCII: then its key
/// holds no year, and no date ([`datetext::scan`]).
fn few_digits(s: &str) -> bool {
    s.chars()
        .filter(|&c| normalize::ascii_digit(c).is_some())
        .nth(3)
        .is_none()
}

/// Whether `s` holds a run of four digits (in any digit set).
fn has_year(s: &str) -> bool {
    let mut run = 0;
    for c in s.chars() {
        if c.is_numeric() {
            run += 1;
            if run == 4 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Names that look like people's names: a few words, capitalised where the script has case.
/// Not `strict`: a user name ("paulb203", "hayley.p") from an element marked as the author
/// passes too.
pub fn names_ok(names: &[String], strict: bool) -> bool {
    if !strict
        && names.len() == 1
        && !names[0].contains(' ')
        && (2..=24).contains(&names[0].chars().count())
        && names[0].chars().any(char::is_alphabetic)
        && !names[0].contains(['/', '@', ':'])
        && names[0].chars().filter(char::is_ascii_digit).count() <= 8
    {
        return true;
    }
    !names.is_empty()
        && names.iter().all(|n| {
            let words: Vec<&str> = n
                .split(", ")
                .next()
                .unwrap_or(n)
                .split_whitespace()
                .collect();
            let cased: Vec<&&str> = words
                .iter()
                .filter(|w| {
                    w.chars()
                        .next()
                        .is_some_and(|c| c.is_lowercase() || c.is_uppercase())
                })
                .collect();
            let upper = cased
                .iter()
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .count();
            (1..=5).contains(&words.len())
                && !authors::is_handle(n)
                && (cased.is_empty() || upper * 2 > cased.len())
                && !(words.len() == 1 && cased.len() == 1 && upper == 0)
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn has_text_is_not_trim_is_empty() {
        for p in [
            "",
            " \n\t  ",
            "\u{a0}",
            " \u{2003}\n",
            "x",
            "\n  word ",
            " \u{a0}é",
            "\r\n\u{3000}",
        ] {
            assert_eq!(super::has_text(p), !p.trim().is_empty(), "{p:?}");
        }
    }
}
