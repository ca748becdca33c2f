//! Sets of short words (the language packs' stop words) looked up many times a page: each
//! word of up to 16 bytes is packed into two machine words, hashed with one multiplication
//! and compared without reading the string again. Also the words of a matching key, read
//! without an iterator's state between words.

use ahash::AHashMap;

use crate::normalize;

/// Words up to this many bytes sit in the table; longer ones in a plain map.
const PACKED: usize = 16;

/// A map from words to a bit mask (0: not in the set).
#[derive(Debug, Clone, Default)]
pub struct WordTable {
    /// Open addressing, a power of two slots, at most half of them used: per slot, its tag
    /// ([`tag`]: the word's length and three bits of its hash; 0 for a free slot). A probe
    /// reads these bytes, and a slot's word only when its tag is the one looked for.
    tags: Vec<u8>,
    /// Per slot, its word ([`pack`]).
    words: Vec<(u64, u64)>,
    /// Per slot, its mask.
    values: Vec<u64>,
    /// Words longer than [`PACKED`] bytes (or empty).
    other: AHashMap<Box<[u8]>, u64>,
    /// The longest word, in bytes: a longer one is not looked up.
    longest: usize,
}

/// The bytes of `w` (1 to [`PACKED`] bytes) in two machine words: up to eight bytes in the
/// first (the others zero), else its first and last eight bytes. With the length, the pair
/// tells words apart.
#[inline(always)]
fn pack(w: &[u8]) -> (u64, u64) {
    let n = w.len();
    let word = |s: &[u8]| u64::from_le_bytes(s.try_into().unwrap_or([0; 8]));
    if n > 8 {
        (word(&w[..8]), word(&w[n - 8..]))
    } else {
        let mut b = [0u8; 8];
        b[..n].copy_from_slice(w);
        (u64::from_le_bytes(b), 0)
    }
}

/// The hash of a packed word of `len` bytes: the high half picks the slot, the top three
/// bits go into its [`tag`].
#[inline(always)]
fn hash((a, b): (u64, u64), len: usize) -> u64 {
    (a ^ b.rotate_left(29) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The tag of a word of `len` bytes (1 to [`PACKED`]) with hash `h`: never 0.
#[inline(always)]
fn tag(h: u64, len: usize) -> u8 {
    len as u8 | ((h >> 61) as u8) << 5
}

impl WordTable {
    /// The table of `words`, each with its mask; a word given twice gets both masks.
    pub fn new<'a>(words: impl IntoIterator<Item = (&'a str, u64)>) -> Self {
        let words: Vec<(&str, u64)> = words.into_iter().collect();
        let size = (words.len() * 2).next_power_of_two().max(8);
        let mut t = WordTable {
            tags: vec![0; size],
            words: vec![(0, 0); size],
            values: vec![0; size],
            ..WordTable::default()
        };
        for (w, value) in words {
            t.insert(w.as_bytes(), value);
        }
        t
    }

    fn insert(&mut self, w: &[u8], value: u64) {
        self.longest = self.longest.max(w.len());
        if w.is_empty() || w.len() > PACKED {
            *self.other.entry(w.into()).or_default() |= value;
            return;
        }
        let packed = pack(w);
        let h = hash(packed, w.len());
        let t = tag(h, w.len());
        let mask = self.tags.len() - 1;
        let mut i = (h >> 32) as usize & mask;
        loop {
            if self.tags[i] == 0 {
                self.tags[i] = t;
                self.words[i] = packed;
                self.values[i] = value;
                return;
            }
            if self.tags[i] == t && self.words[i] == packed {
                self.values[i] |= value;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// The longest word, in bytes.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// The mask of `w`; 0 when it is not in the table.
    #[inline(always)]
    pub fn get(&self, w: &str) -> u64 {
        self.get_bytes(w.as_bytes())
    }

    /// [`WordTable::get`] of the UTF-8 bytes of a word.
    #[inline(always)]
    pub fn get_bytes(&self, w: &[u8]) -> u64 {
        if w.len() > self.longest {
            return 0;
        }
        if w.is_empty() || w.len() > PACKED {
            return self.other.get(w).copied().unwrap_or(0);
        }
        self.get_packed(pack(w), w.len())
    }

    /// The mask of the word of `len` bytes (1 to [`PACKED`]) packed as `packed`.
    #[inline(always)]
    fn get_packed(&self, packed: (u64, u64), len: usize) -> u64 {
        let h = hash(packed, len);
        let t = tag(h, len);
        let mask = self.tags.len() - 1;
        let mut i = (h >> 32) as usize & mask;
        // At most half of the slots are used: a free one ends the probe.
        loop {
            let Some(&at) = self.tags.get(i) else {
                return 0;
            };
            if at == 0 {
                return 0;
            }
            if at == t && self.words.get(i) == Some(&packed) {
                return self.values.get(i).copied().unwrap_or(0);
            }
            i = (i + 1) & mask;
        }
    }

    /// Whether `w` is in the table.
    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        self.get(w) != 0
    }

    /// Calls `f` with the mask of each word of `key` (0 for a word not in the table), in
    /// order, until it returns false: [`each_key_word`] with the look-up in the same loop
    /// (the words of an ASCII key come packed from the reader).
    #[inline]
    pub(crate) fn each_mask(&self, key: &str, f: impl FnMut(u64) -> bool) {
        self.each_mask_of(key, key.is_ascii(), f);
    }

    /// [`WordTable::each_mask`] of a key whose caller knows whether it is ASCII (`ascii`).
    #[inline]
    pub(crate) fn each_mask_of(&self, key: &str, ascii: bool, mut f: impl FnMut(u64) -> bool) {
        debug_assert_eq!(ascii, key.is_ascii());
        let bytes = key.as_bytes();
        if !ascii {
            let mut at = 0;
            while let Some(w) = next_word(key, &mut at) {
                if !f(self.get_bytes(bytes.get(w).unwrap_or_default())) {
                    return;
                }
            }
            return;
        }
        let mut at = 0;
        while let Some(w) = next_ascii_word(bytes, &mut at) {
            let m = if w.len > self.longest {
                0
            } else if w.len > PACKED {
                let word = bytes.get(w.start..w.start + w.len).unwrap_or_default();
                self.other.get(word).copied().unwrap_or(0)
            } else {
                self.get_packed(w.packed, w.len)
            };
            if !f(m) {
                return;
            }
        }
    }
}

/// Calls `f` with the bytes of each word of `key` ([`super::detect::key_words`]) until it
/// returns false; read eight bytes at a time, a character outside ASCII on its own. (One call
/// of `f`, so that it is inlined.)
#[inline(always)]
pub(crate) fn each_key_word<'a>(key: &'a str, mut f: impl FnMut(&'a [u8]) -> bool) {
    let bytes = key.as_bytes();
    if key.is_ascii() {
        let mut at = 0;
        while let Some(w) = next_ascii_word(bytes, &mut at) {
            if !f(bytes.get(w.start..w.start + w.len).unwrap_or_default()) {
                return;
            }
        }
        return;
    }
    let mut at = 0;
    while let Some(w) = next_word(key, &mut at) {
        if !f(bytes.get(w).unwrap_or_default()) {
            return;
        }
    }
}

/// A word of an ASCII key.
struct AsciiWord {
    start: usize,
    /// Its length in bytes (1 or more).
    len: usize,
    /// [`pack`] of its bytes, when it has at most [`PACKED`] of them.
    packed: (u64, u64),
}

impl AsciiWord {
    /// The word of `len` bytes (1 to 7) at `start`, whose bytes are the low end of `chunk`.
    #[inline(always)]
    fn short(start: usize, len: usize, chunk: u64) -> Self {
        let keep = u64::MAX >> (64 - 8 * len);
        AsciiWord {
            start,
            len,
            packed: (chunk & keep, 0),
        }
    }
}

/// Eight bytes of `bytes` from `at` on, little end first; zeros past the end.
#[inline(always)]
fn load(bytes: &[u8], at: usize) -> u64 {
    let word = |s: &[u8]| u64::from_le_bytes(s.try_into().unwrap_or([0; 8]));
    if let Some(s) = bytes.get(at..at + 8) {
        return word(s);
    }
    let n = bytes.len();
    if at >= n {
        return 0;
    }
    match n.checked_sub(8) {
        // The last eight bytes, moved down to start at `at` (1 to 7 bytes past the end).
        Some(last) => word(&bytes[last..]) >> (8 * (at + 8 - n)),
        None => bytes[at..]
            .iter()
            .rev()
            .fold(0, |acc, &b| (acc << 8) | u64::from(b)),
    }
}

const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
const HIGH: u64 = 0x8080_8080_8080_8080;
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `x` (ASCII bytes: high bits clear) at or above `lo`.
#[inline(always)]
fn at_least(x: u64, lo: u8) -> u64 {
    (x + ONES * u64::from(0x80 - lo)) & HIGH
}

/// The high bit of each byte of `x` (ASCII bytes) that is in a word: a letter, a digit, an
/// apostrophe ([`super::detect::ASCII_WORD`]). A zero byte is not.
#[inline(always)]
fn word_bytes(x: u64) -> u64 {
    let lower = x | (ONES * 0x20);
    let letter = at_least(lower, b'a') & !at_least(lower, b'z' + 1);
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
    // A byte equal to the apostrophe: its xor is 0, the only one whose 0x7F plus is below 0x80.
    let quote = !((x ^ (ONES * u64::from(b'\''))) + LOW7) & HIGH;
    letter | digit | quote
}

/// The next word of an ASCII key from `at` on, which moves past it: the separators before
/// it, then its bytes, are found eight at a time.
#[inline(always)]
fn next_ascii_word(bytes: &[u8], at: &mut usize) -> Option<AsciiWord> {
    let mut i = *at;
    let (start, chunk, in_word) = loop {
        if i >= bytes.len() {
            *at = i;
            return None;
        }
        let chunk = load(bytes, i);
        let w = word_bytes(chunk);
        if w != 0 {
            break (i, chunk, w);
        }
        i += 8;
    };
    // The word's first byte, and the bytes of the chunk from it on: when one of them is a
    // separator, the word is before it.
    let skip = in_word.trailing_zeros() / 8;
    let start = start + skip as usize;
    let ends = (!in_word & HIGH) >> (8 * skip);
    if ends != 0 {
        let len = (ends.trailing_zeros() / 8) as usize;
        *at = start + len;
        return Some(AsciiWord::short(start, len, chunk >> (8 * skip)));
    }
    let first = load(bytes, start);
    let ends = !word_bytes(first) & HIGH;
    if ends != 0 {
        // At most eight bytes: the word is what comes before the first separator.
        let len = (ends.trailing_zeros() / 8) as usize;
        *at = start + len;
        return Some(AsciiWord::short(start, len, first));
    }
    let mut end = start + 8;
    loop {
        let ends = !word_bytes(load(bytes, end)) & HIGH;
        if ends != 0 {
            end += (ends.trailing_zeros() / 8) as usize;
            break;
        }
        end += 8;
    }
    let end = end.min(bytes.len());
    *at = end;
    let len = end - start;
    let packed = if len <= 8 {
        (first, 0)
    } else if len <= PACKED {
        (first, load(bytes, end - 8))
    } else {
        (0, 0)
    };
    Some(AsciiWord { start, len, packed })
}

/// Whether the character of `key` at byte `at` (a character boundary, outside ASCII) is in
/// a word; its length in bytes.
#[inline]
fn wide_char(key: &str, at: usize) -> (bool, usize) {
    match key.get(at..).and_then(|rest| rest.chars().next()) {
        Some(c) => (normalize::is_alphanumeric(c), c.len_utf8()),
        None => (false, 1),
    }
}

/// The next word of any key from `at` (a character boundary) on, which moves past it: its
/// byte range. Runs of ASCII are read eight bytes at a time ([`next_ascii_word`]); a character
/// outside ASCII is decoded and is in a word when it is a letter or a digit
/// ([`super::detect::key_words`]).
#[inline(always)]
fn next_word(key: &str, at: &mut usize) -> Option<std::ops::Range<usize>> {
    let bytes = key.as_bytes();
    let mut i = *at;
    // The first byte of each chunk that starts a word or a character outside ASCII.
    let start = loop {
        if i >= bytes.len() {
            *at = i;
            return None;
        }
        let chunk = load(bytes, i);
        let wide = chunk & HIGH;
        let stops = word_bytes(chunk & LOW7) | wide;
        if stops == 0 {
            i += 8;
            continue;
        }
        let p = i + (stops.trailing_zeros() / 8) as usize;
        if bytes.get(p).is_some_and(|&b| b < 0x80) {
            break p;
        }
        let (in_word, len) = wide_char(key, p);
        if in_word {
            break p;
        }
        i = p + len;
    };
    // The first byte of each chunk that is not in the word, or starts a wide character.
    let mut j = start;
    let end = loop {
        let chunk = load(bytes, j);
        let wide = chunk & HIGH;
        let stops = (!word_bytes(chunk & LOW7) & HIGH) | wide;
        if stops == 0 {
            j += 8;
            continue;
        }
        let p = j + (stops.trailing_zeros() / 8) as usize;
        if bytes.get(p).is_some_and(|&b| b >= 0x80) {
            let (in_word, len) = wide_char(key, p);
            if in_word {
                j = p + len;
                continue;
            }
        }
        break p.min(bytes.len());
    };
    *at = end;
    Some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_finds_its_words_only() {
        let words = [
            "a",
            "of",
            "the",
            "and",
            "that",
            "which",
            "would",
            "между",
            "потому",
            "پیش",
            "nevertheless",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "x'y",
        ];
        let t = WordTable::new(words.iter().enumerate().map(|(i, w)| (*w, 1u64 << i)));
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.get(w), 1 << i, "{w}");
        }
        for w in [
            "",
            "b",
            "af",
            "of ",
            "th",
            "thee",
            "tha",
            "whichh",
            "abcdefghijklmnoq",
            "abcdefghijklmnopr",
            "nevertheles",
            "bnd",
            "x'z",
        ] {
            assert!(!t.contains(w), "{w}");
        }
        let twice = WordTable::new([("in", 1), ("in", 4)]);
        assert_eq!(twice.get("in"), 5);
        assert_eq!(twice.longest(), 2);
    }

    #[test]
    fn masks_of_a_key_are_its_words_masks() {
        let words = [
            "a",
            "it's",
            "seven77",
            "eightchr",
            "ninechars",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "x",
            "Big",
        ];
        let t = WordTable::new(words.iter().enumerate().map(|(i, w)| (*w, 1u64 << i)));
        for key in [
            "",
            " ",
            "a",
            "x",
            "a it's seven77 eightchr ninechars abcdefghijklmnop abcdefghijklmnopq",
            "--eightchr--ninechars!!abcdefghijklmnop..abcdefghijklmnopq,x",
            "eightchrs ninechar abcdefghijklmno abcdefghijklmnopqr seven7 Big big",
            "'a' it'sx (x) [a] {x} `a` @a a@ 9x x9 \u{7f}a",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ninechars",
            "caf\u{e9} a x ninechars",
            "\u{e9}t\u{e9} ninechars\u{e9} it's \u{2014}a\u{2014} eightchr",
        ] {
            let mut got = Vec::new();
            t.each_mask(key, |m| {
                got.push(m);
                true
            });
            let want: Vec<u64> = super::super::detect::key_words(key)
                .map(|w| t.get(w))
                .collect();
            assert_eq!(got, want, "{key:?}");
            let by_hand: Vec<u64> = super::super::detect::key_words(key)
                .map(|w| {
                    let i = words.iter().position(|x| *x == w);
                    i.map_or(0, |i| 1 << i)
                })
                .collect();
            assert_eq!(got, by_hand, "{key:?}");
        }
    }

    #[test]
    fn key_words_read_alike() {
        for key in [
            "",
            "  ",
            "the cat's 3 mats, - and (x) y",
            "don't stop-me now!",
            "eightchr ninechars abcdefghijklmnopqrstuvwxyz0123456789 x",
            "--abcdefgh--abcdefghi--abcdefghijklmnop--abcdefghijklmnopq",
            "Upper CASE words",
            "na\u{ef}ve caf\u{e9}s \u{e9}t\u{e9} x\u{2014}y \u{a0}z\u{a0}",
            "\u{65e5}\u{672c}\u{8a9e} text \u{645}\u{631}\u{62d}\u{628}\u{627}-abcdefghijk\u{e9}lmnopqrs",
            "\u{e9}",
            "x\u{301}y 1\u{b2} \u{2019}tis q\u{2019}s",
            "abcdefg\u{e9} abcdefgh\u{e9}ij \u{e9}abcdefghijklmnopq",
            "'quoted' words",
            "caf\u{e9} au lait",
            "مرحبا بالعالم",
        ] {
            let mut got = Vec::new();
            each_key_word(key, |w| {
                got.push(w);
                true
            });
            let want: Vec<&[u8]> = super::super::detect::key_words(key)
                .map(str::as_bytes)
                .collect();
            assert_eq!(got, want, "{key:?}");
        }
    }
}
