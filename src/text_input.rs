//! Plain-text front end: text that an earlier scraper extracted, one block per line.
//!
//! The lines are read once into [`Lines`]: each line's text (a slice of the input, or of one
//! buffer of the lines that tidying changed), its matching key (in one buffer for the page) and
//! its counts. Blocks are made for the lines that go on to the rules only.

use std::ops::Range;

use crate::block::{Block, BlockKind, Features};
use crate::normalize;

/// Splits text into line blocks. Empty lines separate nothing but are recorded as
/// `blank_before`; a line glued from many headlines keeps its segment count.
pub fn blocks(text: &str) -> Vec<Block> {
    let lines = Lines::read(text);
    (0..lines.len()).map(|i| lines.block(i)).collect()
}

/// What the front end counted on one line.
#[derive(Debug, Clone)]
pub struct Line {
    /// Where the text is: in the input, or in [`Lines`]' buffer of tidied lines.
    text: Range<usize>,
    tidied: bool,
    /// Where the matching key is in [`Lines`]' buffer of keys.
    key: Range<usize>,
    /// Every word ([`normalize::word_count`]).
    pub words: usize,
    /// The words with a letter or a digit ([`crate::text::lines::words`]).
    pub lettered: usize,
    /// Segments separated by runs of three or more spaces.
    pub segments: usize,
    /// An empty line precedes it.
    pub blank_before: bool,
    /// The text is ASCII.
    pub ascii: bool,
    /// Ends like a sentence ([`normalize::ends_like_sentence`]).
    pub sentence_end: bool,
    /// Ends with punctuation ([`normalize::ends_with_punct`]).
    pub end_punct: bool,
}

/// The non-empty lines of a text, tidied, with their keys and counts.
#[derive(Debug)]
pub struct Lines<'a> {
    src: &'a str,
    /// The text of each line that [`normalize::tidy`] changed, one after the other.
    tidied: String,
    /// The key of each line, one after the other.
    keys: String,
    lines: Vec<Line>,
}

impl<'a> Lines<'a> {
    /// Reads the lines of `text`. Empty lines are left out, noted as the next line's
    /// `blank_before`.
    pub fn read(text: &'a str) -> Self {
        // Room for the lines of a page (blank ones too) without growing; a longer text grows.
        const RESERVE_MAX: usize = 4096;
        let count = (memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1).min(RESERVE_MAX);
        let mut r = Reader {
            keys: String::with_capacity(text.len()),
            tidied: String::new(),
            lines: Vec::with_capacity(count),
        };
        let mut blank = false;
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
            // A newline is ASCII: both ends are on character boundaries.
            let raw = text.get(start..end).unwrap_or_default();
            let at = start;
            start = end + 1;
            let pushed = r.push_tidy(raw, at, blank) || r.push_tidied(raw, blank);
            blank = !pushed;
        }
        // The keys of tidy ASCII lines were pushed in their case: every other key and fold is
        // in lower case already.
        let mut keys = r.keys;
        keys.make_ascii_lowercase();
        Lines {
            src: text,
            tidied: r.tidied,
            keys,
            lines: r.lines,
        }
    }

    /// How many lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether the text had no line with something on it.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The counts of each line.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// The text of line `l` (one of [`Lines::lines`]).
    pub fn text(&self, l: &Line) -> &str {
        let buf = if l.tidied { &self.tidied } else { self.src };
        buf.get(l.text.clone()).unwrap_or_default()
    }

    /// The matching key of line `l` (one of [`Lines::lines`]).
    pub fn key(&self, l: &Line) -> &str {
        self.keys.get(l.key.clone()).unwrap_or_default()
    }

    /// The matching keys of all lines, one after the other: [`Lines::key_range`] tells where
    /// each line's is.
    pub fn keys(&self) -> &str {
        &self.keys
    }

    /// Where the matching key of line `l` is in [`Lines::keys`].
    pub fn key_range(&self, l: &Line) -> Range<usize> {
        l.key.clone()
    }

    /// Whether the matching key of line `l` is ASCII: that of an ASCII line is; that of
    /// another line is looked at.
    pub fn key_is_ascii(&self, l: &Line) -> bool {
        l.ascii || self.key(l).is_ascii()
    }

    /// The block of line `i`.
    pub fn block(&self, i: usize) -> Block {
        let Some(l) = self.lines.get(i) else {
            return Block::new(String::new(), BlockKind::Paragraph, i);
        };
        let text = self.text(l);
        // The line's counts are the block's features.
        let features = Features {
            position: i,
            words: l.words,
            chars: if l.ascii {
                text.len()
            } else {
                text.chars().count()
            },
            sentence_end: l.sentence_end,
            end_punct: l.end_punct,
            segments: l.segments,
            blank_before: l.blank_before,
            ..Features::default()
        };
        Block {
            text: text.to_string(),
            kind: BlockKind::Paragraph,
            key: self.key(l).to_string(),
            features,
        }
    }
}

/// [`Lines`] as they are read.
struct Reader {
    keys: String,
    tidied: String,
    lines: Vec<Line>,
}

impl Reader {
    /// Pushes `raw`, the line at byte `at` of the input, when it is tidy once trimmed (see
    /// [`tidy_line`]); returns false, pushing nothing, for any other line.
    fn push_tidy(&mut self, raw: &str, at: usize, blank: bool) -> bool {
        let is_space = |c| matches!(c, '\t'..='\r' | ' ');
        let lead = raw.len() - raw.trim_start_matches(is_space).len();
        let core = raw
            .get(lead..)
            .unwrap_or_default()
            .trim_end_matches(is_space);
        let Some(line) = tidy_line(core) else {
            return false;
        };
        let from = self.keys.len();
        if line.ascii && !line.backtick {
            // Lowered with the whole buffer once read.
            normalize::push_cased_key_of_plain_ascii(core, &mut self.keys);
        } else if line.ascii {
            normalize::push_key_of_plain_ascii(core, &mut self.keys);
        } else {
            normalize::push_key_of_tidy(core, &mut self.keys);
        }
        let text = at + lead..at + lead + core.len();
        self.lines.push(Line {
            text,
            tidied: false,
            key: from..self.keys.len(),
            // The line is tidy already: no run of spaces, so one segment.
            words: line.words,
            lettered: line.lettered,
            segments: 1,
            blank_before: blank,
            ascii: line.ascii,
            sentence_end: normalize::ends_like_sentence(core),
            end_punct: normalize::ends_with_punct(core),
        });
        true
    }

    /// Pushes the tidied form of `raw` (which [`Reader::push_tidy`] refused); returns false,
    /// pushing nothing, when nothing is left of it.
    fn push_tidied(&mut self, raw: &str, blank: bool) -> bool {
        if raw.bytes().all(|b| matches!(b, b'\t'..=b'\r' | b' ')) {
            return false;
        }
        let tidy = normalize::tidy(raw);
        if tidy.is_empty() {
            return false;
        }
        let (words, lettered) = word_counts(&tidy);
        let key = self.keys.len();
        normalize::push_key(&tidy, &mut self.keys);
        let text = self.tidied.len();
        self.tidied.push_str(&tidy);
        // Without a run of three spaces (or a tab, or other spaces) a line is one segment.
        let segments = if plain_line(raw) {
            1
        } else {
            normalize::segment_count(raw)
        };
        self.lines.push(Line {
            text: text..self.tidied.len(),
            tidied: true,
            key: key..self.keys.len(),
            words,
            lettered,
            segments,
            blank_before: blank,
            ascii: tidy.is_ascii(),
            sentence_end: normalize::ends_like_sentence(&tidy),
            end_punct: normalize::ends_with_punct(&tidy),
        });
        true
    }
}

/// The words of a line that [`normalize::tidy`] leaves as it is.
struct TidyLine {
    /// Every word ([`normalize::word_count`]).
    words: usize,
    /// The words with a letter or a digit ([`crate::text::lines::words`]).
    lettered: usize,
    /// The line is ASCII.
    ascii: bool,
    /// It holds a backtick (known of an ASCII line only: false for the others).
    backtick: bool,
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
    let (mut alnum, mut ascii) = (false, true);
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] < 0x80 {
            // A run of ASCII, checked and counted as a line of its own would be (the character
            // before it, if any, is not a space): visible bytes and single spaces; each space
            // ends a word, with a letter or a digit or not.
            let end = normalize::ascii_end(bytes, at);
            let run = bytes.get(at..end).unwrap_or_default();
            at = end;
            let line = crate::text::bytes::ascii_line(run)?;
            spaces += line.spaces;
            if !line.punct_start {
                // Each word of the run starts with a letter or a digit: the first one, unless
                // the run starts with a space (which ends the word before it), and the last
                // one, unless it ends with a space.
                let starts_word = run.first().is_some_and(|&b| b != b' ');
                if line.spaces > 0 {
                    lettered += usize::from(alnum || starts_word) + line.spaces - 1;
                    alnum = run.last().is_some_and(|&b| b != b' ');
                } else {
                    alnum |= starts_word;
                }
                continue;
            }
            for &b in run {
                let space = b == b' ';
                lettered += usize::from(space & alnum);
                alnum = (alnum | (ASCII_CLASS[usize::from(b)] == ALNUM)) & !space;
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
        alnum |= normalize::is_alphanumeric(c);
    }
    Some(TidyLine {
        words: spaces + 1,
        lettered: lettered + usize::from(alnum),
        ascii,
        backtick: false,
    })
}

/// [`tidy_line`] of an ASCII line: checks and counts that run over many bytes at a time, then
/// one light pass for the words with a letter or a digit.
fn tidy_ascii_line(bytes: &[u8]) -> Option<TidyLine> {
    let line = crate::text::bytes::ascii_line(bytes)?;
    // A word that starts with a letter or a digit has one: when no word starts otherwise,
    // every word counts.
    let lettered = if line.punct_start {
        lettered_words(bytes)
    } else {
        line.spaces + 1
    };
    Some(TidyLine {
        words: line.spaces + 1,
        lettered,
        ascii: true,
        backtick: line.backtick,
    })
}

/// The words of a tidy ASCII line with a letter or a digit, word by word: up to its first
/// letter or digit, then on to the next space.
fn lettered_words(bytes: &[u8]) -> usize {
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
    lettered
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
            (c.is_whitespace(), normalize::is_alphanumeric(c))
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
    fn every_line_has_its_text_key_and_counts() {
        let text = "  Home \n\n\nA  line\u{a0}with odd  spaces.\ncaf\u{e9} \u{2014} \u{ab}X\u{bb}\n\t\nLast one!";
        let lines = Lines::read(text);
        let texts: Vec<&str> = lines.lines().iter().map(|l| lines.text(l)).collect();
        let want = [
            "Home",
            "A line with odd spaces.",
            "caf\u{e9} \u{2014} \u{ab}X\u{bb}",
            "Last one!",
        ];
        assert_eq!(texts, want);
        for (i, l) in lines.lines().iter().enumerate() {
            let t = lines.text(l);
            assert_eq!(lines.key(l), normalize::key(t), "{t:?}");
            assert_eq!((l.words, l.lettered), word_counts(t), "{t:?}");
            assert_eq!(l.ascii, t.is_ascii());
            assert_eq!(l.sentence_end, normalize::ends_like_sentence(t));
            assert_eq!(l.end_punct, normalize::ends_with_punct(t));
            let b = lines.block(i);
            assert_eq!((b.text.as_str(), b.key.as_str()), (t, lines.key(l)));
            assert_eq!(b.features.position, i);
            let fresh = Block::new(t.to_string(), BlockKind::Paragraph, i);
            assert_eq!(b.features.chars, fresh.features.chars);
            assert_eq!(b.features.sentence_end, fresh.features.sentence_end);
            assert_eq!(b.features.end_punct, fresh.features.end_punct);
        }
        let blank: Vec<bool> = lines.lines().iter().map(|l| l.blank_before).collect();
        assert_eq!(blank, [false, true, false, true]);
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
            "a - b",
            "- a",
            "-a b",
            "a b c",
            "a -",
            "x y (z)",
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
