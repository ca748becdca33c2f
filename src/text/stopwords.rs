//! The stop words of a dump's lines: each word of the page's first lines gets the mask of the
//! language packs that list it ([`LangIndex::push_masks`]), which language detection counts.
//! Whether a prose line is dense counts the words whose mask holds the page's language; a line
//! past those first ones is looked up in the language's table only until the answer is known.

use crate::rules::detect::{LangIndex, MAX_WORDS};
use crate::rules::words::{each_key_word, WordTable};
use crate::text_input::Lines;

/// The masks of the words of some lines of a page.
#[derive(Debug, Default)]
pub struct Masks {
    /// The masks, line after line.
    masks: Vec<u64>,
    /// Per line read, where its masks are in `masks` (the lines after them were not read).
    spans: Vec<(u32, u32)>,
}

impl Masks {
    /// The masks of the lines that detection reads: the page's first lines, up to
    /// [`MAX_WORDS`] words (none unless `detect`).
    pub fn read(index: &LangIndex, lines: &Lines<'_>, detect: bool) -> Self {
        let mut m = Masks::default();
        if !detect {
            return m;
        }
        m.masks.reserve(MAX_WORDS + 64);
        for l in lines.lines() {
            if m.masks.len() >= MAX_WORDS {
                break;
            }
            let from = m.masks.len();
            let key = lines.key(l);
            index.push_masks_of(key, lines.key_is_ascii(l), &mut m.masks);
            let span = u32::try_from(from)
                .ok()
                .zip(u32::try_from(m.masks.len()).ok());
            let Some(span) = span else {
                break;
            };
            m.spans.push(span);
        }
        m
    }

    /// The masks of the page's first words, in order: all of the page's, or at least the
    /// first [`MAX_WORDS`] (what [`LangIndex::detect_masked`] reads).
    pub fn prefix(&self) -> &[u64] {
        &self.masks
    }

    /// The masks of line `i`'s words, when it was read.
    fn line(&self, i: usize) -> Option<&[u64]> {
        let &(from, to) = self.spans.get(i)?;
        self.masks.get(from as usize..to as usize)
    }
}

/// How the function words of a line are told.
pub enum Stop<'a> {
    /// No language: the short words.
    Short,
    /// The stop words of the page's language.
    Table(&'a WordTable),
    /// The same, where the lines' masks hold them as `bit` (the table for the lines not read).
    Masked(&'a WordTable, &'a Masks, u64),
}

impl Stop<'_> {
    /// Whether there are stop words (not [`Stop::Short`]).
    pub fn has_language(&self) -> bool {
        !matches!(self, Stop::Short)
    }

    /// Whether at least the share `threshold` (above 0) of the words of line `i` of `lines`
    /// are function words. Words are looked up only until the answer is known.
    pub fn dense(&self, lines: &Lines<'_>, i: usize, threshold: f32) -> bool {
        let Some(l) = lines.lines().get(i) else {
            return false;
        };
        let key = lines.key(l);
        let table = match self {
            Stop::Masked(_, masks, bit) if masks.line(i).is_some() => {
                let m = masks.line(i).unwrap_or_default();
                let hits = m.iter().filter(|&&m| m & bit != 0).count();
                return share_reaches(hits, m.len(), threshold);
            }
            Stop::Masked(s, ..) | Stop::Table(s) => Some(s),
            Stop::Short => None,
        };
        let mut tally = Tally::new(key_word_count(key), threshold);
        if tally.open() {
            match table {
                Some(s) => s.each_mask_of(key, lines.key_is_ascii(l), |m| tally.add(m != 0)),
                // Characters: the bytes that do not continue one.
                None => each_key_word(key, |w| {
                    tally.add(w.iter().filter(|&&b| (b as i8) >= -0x40).count() <= 3)
                }),
            }
        }
        tally.reached()
    }
}

/// `hits / n >= threshold`, as the share is computed (0 without words).
fn share_reaches(hits: usize, n: usize, threshold: f32) -> bool {
    n > 0 && hits as f32 / n as f32 >= threshold
}

/// The hits among the `n` words of a line, counted until they reach the share or too few
/// words are left for it.
struct Tally {
    /// The fewest hits that reach the share (more than `n`: none do).
    need: usize,
    hits: usize,
    /// Words not counted yet.
    left: usize,
}

impl Tally {
    fn new(n: usize, threshold: f32) -> Self {
        // The share grows with the hits: the first count that reaches it, found from its
        // estimate.
        let mut need = ((threshold * n as f32).ceil() as usize).min(n + 1);
        while need > 0 && share_reaches(need - 1, n, threshold) {
            need -= 1;
        }
        while need <= n && !share_reaches(need, n, threshold) {
            need += 1;
        }
        Tally {
            need,
            hits: 0,
            left: n,
        }
    }

    /// Whether the answer is still open.
    fn open(&self) -> bool {
        self.hits < self.need && self.hits + self.left >= self.need
    }

    /// Counts one word; whether the answer is still open.
    fn add(&mut self, hit: bool) -> bool {
        self.hits += usize::from(hit);
        self.left = self.left.saturating_sub(1);
        self.open()
    }

    /// Whether the hits reach the share.
    fn reached(&self) -> bool {
        self.hits >= self.need
    }
}

/// The number of words of `key` ([`each_key_word`]); an ASCII key is counted by its word
/// starts, many bytes at a time.
fn key_word_count(key: &str) -> usize {
    if !key.is_ascii() {
        let mut n = 0;
        each_key_word(key, |_| {
            n += 1;
            true
        });
        return n;
    }
    // `ASCII_WORD` computed: letters, digits and the apostrophe.
    let in_word =
        |b: u8| ((b | 0x20).wrapping_sub(b'a') < 26) | (b.wrapping_sub(b'0') < 10) | (b == b'\'');
    let bytes = key.as_bytes();
    let first = bytes.first().is_some_and(|&b| in_word(b));
    let (before, after) = (bytes, bytes.get(1..).unwrap_or_default());
    let starts: usize = before
        .chunks(255)
        .zip(after.chunks(255))
        .map(|(p, c)| {
            let n = p
                .iter()
                .zip(c)
                .fold(0u8, |n, (&p, &c)| n + u8::from(in_word(c) & !in_word(p)));
            usize::from(n)
        })
        .sum();
    starts + usize::from(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_like_they_are_read() {
        for key in [
            "",
            "  ",
            "a",
            "the cat's 3 mats, - and (x) y",
            "don't stop-me now!",
            "'quoted' words`",
            "caf\u{e9} au lait",
            "@[`{/:",
            "AZaz09",
        ] {
            let mut n = 0;
            each_key_word(key, |_| {
                n += 1;
                true
            });
            assert_eq!(key_word_count(key), n, "{key:?}");
        }
        let all: String = (0u8..128).map(char::from).collect();
        let mut n = 0;
        each_key_word(&all, |_| {
            n += 1;
            true
        });
        assert_eq!(key_word_count(&all), n);
    }

    #[test]
    fn density_stops_where_the_share_is_decided() {
        let table = WordTable::new([("the", 1), ("a", 1)]);
        let stop = Stop::Table(&table);
        let text = "The cat sat on a mat, and then went home for tea.\n-\nTHE A";
        let lines = Lines::read(text);
        for t in [0.05f32, 0.1, 0.15, 0.2, 0.5, 1.0] {
            let n = key_word_count(lines.key(&lines.lines()[0]));
            assert_eq!(stop.dense(&lines, 0, t), 2.0 / n as f32 >= t, "{t}");
            assert!(!stop.dense(&lines, 1, t) && stop.dense(&lines, 2, t));
        }
        assert!(!stop.dense(&lines, 9, 0.1));
    }
}
