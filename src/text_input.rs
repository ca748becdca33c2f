//! Plain-text front end: text that an earlier scraper extracted, one block per line.

use crate::block::{Block, BlockKind};
use crate::normalize;

/// Splits text into line blocks. Empty lines separate nothing but are recorded as
/// `blank_before`; a line glued from many headlines keeps its segment count.
pub fn blocks(text: &str) -> Vec<Block> {
    blocks_and_words(text).0
}

/// [`blocks`], and per block the words that [`crate::text::lines::words`] counts.
pub fn blocks_and_words(text: &str) -> (Vec<Block>, Vec<usize>) {
    // Room for the lines of a page (blank ones too) without growing; a longer text grows.
    const RESERVE_MAX: usize = 4096;
    let lines = (memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1).min(RESERVE_MAX);
    let mut out = Vec::with_capacity(lines);
    let mut words = Vec::with_capacity(lines);
    let mut blank = false;
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
        // A newline is ASCII: both ends are on character boundaries.
        let raw = text.get(start..end).unwrap_or_default();
        start = end + 1;
        let core = raw.trim_matches(|c| matches!(c, '\t'..='\r' | ' '));
        if let Some(line) = tidy_line(core) {
            // The line is tidy already: no run of spaces, so one segment.
            words.push(line.lettered);
            let key = if line.ascii {
                normalize::key_of_plain_ascii(core)
            } else {
                normalize::key_of_tidy(core)
            };
            let text = core.to_string();
            let mut b = Block::with_key(text, BlockKind::Paragraph, out.len(), line.words, key);
            b.features.blank_before = blank;
            blank = false;
            out.push(b);
            continue;
        }
        let tidy = normalize::tidy(raw);
        if tidy.is_empty() {
            blank = true;
            continue;
        }
        let (all, lettered) = word_counts(&tidy);
        words.push(lettered);
        let mut b = Block::with_words(tidy, BlockKind::Paragraph, out.len(), all);
        // Without a run of three spaces (or a tab, or other spaces) a line is one segment.
        let plain = plain_line(raw);
        b.features.segments = if plain {
            1
        } else {
            normalize::segment_count(raw)
        };
        b.features.blank_before = blank;
        blank = false;
        out.push(b);
    }
    (out, words)
}

/// The words of a line that [`normalize::tidy`] leaves as it is.
struct TidyLine {
    /// Every word ([`normalize::word_count`]).
    words: usize,
    /// The words with a letter or a digit ([`crate::text::lines::words`]).
    lettered: usize,
    /// The line is ASCII.
    ascii: bool,
}

/// Byte classes of ASCII for [`tidy_line`].
const PUNCT: u8 = 0;
const ALNUM: u8 = 1;
const SPACE: u8 = 2;
const CONTROL: u8 = 3;

static ASCII_CLASS: [u8; 128] = {
    let mut t = [CONTROL; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b.is_ascii_alphanumeric() {
            ALNUM
        } else if b.is_ascii_graphic() {
            PUNCT
        } else if b == b' ' {
            SPACE
        } else {
            CONTROL
        };
        i += 1;
    }
    t
};

/// The words of `core`, a line without ASCII whitespace at either end, when
/// [`normalize::tidy`] returns it unchanged and it holds no run of spaces: no control, no
/// invisible character, no space but single ASCII spaces. `None` for any other line.
fn tidy_line(core: &str) -> Option<TidyLine> {
    let bytes = core.as_bytes();
    if bytes.is_empty() {
        return None;
    }
    if core.is_ascii() {
        return tidy_ascii_line(bytes);
    }
    let (mut spaces, mut lettered) = (0, 0);
    let (mut alnum, mut after_space, mut ascii) = (false, false, true);
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if b < 0x80 {
            at += 1;
            match ASCII_CLASS[usize::from(b)] {
                ALNUM => {
                    alnum = true;
                    after_space = false;
                }
                PUNCT => after_space = false,
                SPACE if !after_space => {
                    spaces += 1;
                    lettered += usize::from(alnum);
                    alnum = false;
                    after_space = true;
                }
                _ => return None,
            }
            continue;
        }
        ascii = false;
        let c = core[at..].chars().next()?;
        at += c.len_utf8();
        if c.is_whitespace()
            || c.is_control()
            || normalize::is_invisible(c)
            || normalize::is_odd_space(c)
        {
            return None;
        }
        alnum |= c.is_alphanumeric();
        after_space = false;
    }
    Some(TidyLine {
        words: spaces + 1,
        lettered: lettered + usize::from(alnum),
        ascii,
    })
}

/// [`tidy_line`] of an ASCII line: checks and counts that run over many bytes at a time, then
/// one light pass for the words with a letter or a digit.
fn tidy_ascii_line(bytes: &[u8]) -> Option<TidyLine> {
    let odd = bytes
        .iter()
        .fold(false, |odd, &b| odd | !(b' '..=b'~').contains(&b));
    let doubled = bytes
        .iter()
        .zip(&bytes[1..])
        .fold(false, |d, (&a, &b)| d | ((a == b' ') & (b == b' ')));
    if odd || doubled {
        return None;
    }
    let spaces = bytes.iter().filter(|&&b| b == b' ').count();
    // Word by word: up to its first letter or digit, then on to the next space.
    let mut lettered = 0;
    let mut at = 0;
    while at < bytes.len() {
        let mut alnum = false;
        while let Some(&b) = bytes.get(at) {
            if b == b' ' {
                break;
            }
            at += 1;
            if ASCII_CLASS[usize::from(b)] == ALNUM {
                alnum = true;
                break;
            }
        }
        if alnum {
            while bytes.get(at).is_some_and(|&b| b != b' ') {
                at += 1;
            }
        }
        lettered += usize::from(alnum);
        at += 1;
    }
    Some(TidyLine {
        words: spaces + 1,
        lettered,
        ascii: true,
    })
}

/// ASCII without a tab and without a run of three spaces.
fn plain_line(raw: &str) -> bool {
    let mut spaces = 0;
    for &b in raw.as_bytes() {
        if b == b' ' {
            spaces += 1;
            if spaces == 3 {
                return false;
            }
        } else {
            if !b.is_ascii() || b == b'\t' {
                return false;
            }
            spaces = 0;
        }
    }
    true
}

/// The words of a line two ways, in one pass: [`normalize::word_count`] (every run between
/// spaces) and [`crate::text::lines::words`] (the runs with a letter or a digit).
fn word_counts(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut all, mut lettered) = (0, 0);
    let (mut in_word, mut alnum) = (false, false);
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        let (space, letter) = if b.is_ascii() {
            at += 1;
            (matches!(b, b'\t'..=b'\r' | b' '), b.is_ascii_alphanumeric())
        } else {
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            at += c.len_utf8();
            (c.is_whitespace(), c.is_alphanumeric())
        };
        if space {
            all += usize::from(in_word);
            lettered += usize::from(alnum);
            in_word = false;
            alnum = false;
        } else {
            in_word = true;
            alnum |= letter;
        }
    }
    (all + usize::from(in_word), lettered + usize::from(alnum))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_lines_are_told_apart() {
        assert!(tidy_line("a b, c.").is_some() && tidy_line("caf\u{e9} \u{2014} x").is_some());
        for t in [
            "",
            "a  b",
            "a\tb",
            "a\u{a0}b",
            "x\u{200b}y",
            "x\u{2028}y",
            "x\u{85}y",
            "x\x7fy",
        ] {
            assert!(tidy_line(t).is_none(), "{t:?}");
        }
    }

    #[test]
    fn lines_become_blocks_with_features() {
        let b = blocks(
            "\u{feff}Title here\n\nFirst   para.\nA\u{a0}\u{a0}\u{a0}B\u{a0}\u{a0}\u{a0}C\n",
        );
        assert_eq!(b.len(), 3);
        assert_eq!(b[0].text, "Title here");
        assert!(b[1].features.blank_before);
        assert_eq!(b[1].text, "First para.");
        assert_eq!(b[2].features.segments, 3);
    }

    #[test]
    fn one_pass_counts_like_the_two_counters() {
        for t in [
            "",
            "  ",
            "one two  three",
            "- bullet \u{2022} item 3",
            "a\u{a0}b\u{3000}c\u{2028}d \u{85}e",
            "caf\u{e9} \u{2014} \u{645}\u{631}\u{62d}\u{628}\u{627} !!",
            "\tx\x0by\x0cz\r",
        ] {
            let want = (normalize::word_count(t), crate::text::lines::words(t));
            assert_eq!(word_counts(t), want, "{t:?}");
        }
        assert!(plain_line("a  b") && !plain_line("a   b") && !plain_line("a\tb"));
        for t in [
            "one two  three",
            "- bullet \u{2022} item 3",
            "caf\u{e9} \u{2014} \u{645}\u{631}\u{62d}\u{628}\u{627} !!",
            "a\u{a0}b",
            "x\u{200b}y",
            "x\u{2028}y",
            "x\u{85}y",
            "x\x7fy",
            "a, b; c.",
            "- x -- y . (z) 1",
            "(a) - 'b' $ 1",
        ] {
            // A line refused goes the general way, which is always right.
            if let Some(l) = tidy_line(t) {
                assert_eq!(normalize::tidy(t), t, "{t:?}");
                assert_eq!((l.words, l.lettered), word_counts(t), "{t:?}");
                assert_eq!(l.ascii, t.is_ascii());
            }
        }
        assert!(!plain_line("caf\u{e9}"));
    }
}
