//! The stop words of a dump's lines, looked up once: each word of a line's key gets the mask of
//! the language packs that list it ([`LangIndex::push_masks`]). Language detection counts the
//! first words' masks, and the density of a prose line counts the words whose mask holds the
//! page's language.

use crate::rules::detect::{LangIndex, MAX_WORDS};
use crate::rules::words::{each_key_word, WordTable};
use crate::text_input::Lines;

use super::lines::PROSE_WORDS;

/// The masks of the words of some lines of a page.
#[derive(Debug, Default)]
pub struct Masks {
    /// The masks, line after line.
    masks: Vec<u64>,
    /// Per line, where its masks are in `masks` (`None`: the line was not read).
    spans: Vec<Option<(u32, u32)>>,
    /// The masks of the page's first words: of every line up to [`MAX_WORDS`] words.
    prefix: usize,
}

impl Masks {
    /// The masks of the lines that detection reads (the first [`MAX_WORDS`] words, when
    /// `detect`) and of the prose lines (the lines whose density is measured).
    pub fn read(index: &LangIndex, lines: &Lines<'_>, detect: bool) -> Self {
        let all = lines.lines();
        let mut m = Masks {
            masks: Vec::with_capacity(MAX_WORDS),
            spans: Vec::with_capacity(all.len()),
            prefix: 0,
        };
        let mut in_prefix = detect;
        for l in all {
            if !(in_prefix || l.lettered >= PROSE_WORDS) {
                m.spans.push(None);
                continue;
            }
            let from = m.masks.len();
            index.push_masks(lines.key(l), &mut m.masks);
            let to = m.masks.len();
            if in_prefix {
                m.prefix = to;
                in_prefix = to < MAX_WORDS;
            }
            let span = u32::try_from(from).ok().zip(u32::try_from(to).ok());
            m.spans.push(span);
        }
        m
    }

    /// The masks of the page's first words, in order: all of the page's, or at least the
    /// first [`MAX_WORDS`] (what [`LangIndex::detect_masked`] reads).
    pub fn prefix(&self) -> &[u64] {
        self.masks.get(..self.prefix).unwrap_or_default()
    }

    /// The masks of line `i`'s words, when it was read.
    fn line(&self, i: usize) -> Option<&[u64]> {
        let (from, to) = (*self.spans.get(i)?)?;
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

    /// The share of the words of line `i` (matching key `key`) that are function words.
    pub fn density(&self, i: usize, key: &str) -> f32 {
        let mut n = 0usize;
        let mut hits = 0usize;
        let mut count = |hit: bool| {
            n += 1;
            hits += usize::from(hit);
            true
        };
        match self {
            Stop::Masked(s, masks, bit) => match masks.line(i) {
                Some(m) => m.iter().for_each(|&m| {
                    count(m & bit != 0);
                }),
                None => s.each_mask(key, |m| count(m != 0)),
            },
            Stop::Table(s) => s.each_mask(key, |m| count(m != 0)),
            // Characters: the bytes that do not continue one.
            Stop::Short => each_key_word(key, |w| {
                count(w.iter().filter(|&&b| (b as i8) >= -0x40).count() <= 3)
            }),
        }
        if n == 0 {
            0.0
        } else {
            hits as f32 / n as f32
        }
    }
}
