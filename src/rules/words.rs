//! Sets of short words (the language packs' stop words) looked up many times a page: each
//! word of up to 16 bytes is packed into two machine words, hashed with one multiplication
//! and compared without reading the string again. Also the words of a matching key, read
//! without an iterator's state between words.

use ahash::AHashMap;

/// Words up to this many bytes sit in the table; longer ones in a plain map.
const PACKED: usize = 16;

/// A map from words to a bit mask (0: not in the set).
#[derive(Debug, Clone, Default)]
pub struct WordTable {
    /// Open addressing, a power of two slots, at most half of them used.
    slots: Vec<Slot>,
    /// Words longer than [`PACKED`] bytes (or empty).
    other: AHashMap<Box<[u8]>, u64>,
    /// The longest word, in bytes: a longer one is not looked up.
    longest: usize,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    packed: (u64, u64),
    /// Length of the word in bytes; 0 for a free slot.
    len: usize,
    value: u64,
}

/// The bytes of `w` (1 to [`PACKED`] bytes) in two machine words: its first and last eight
/// bytes, four, or its first, middle and last byte. With the length, the pair tells words
/// apart.
#[inline(always)]
fn pack(w: &[u8]) -> (u64, u64) {
    let n = w.len();
    let word = |s: &[u8]| u64::from_le_bytes(s.try_into().unwrap_or([0; 8]));
    let half = |s: &[u8]| u64::from(u32::from_le_bytes(s.try_into().unwrap_or([0; 4])));
    if n >= 8 {
        (word(&w[..8]), word(&w[n - 8..]))
    } else if n >= 4 {
        (half(&w[..4]) | (half(&w[n - 4..]) << 32), 0)
    } else if n > 0 {
        let (a, b, c) = (w[0], w[n / 2], w[n - 1]);
        (u64::from(a) | (u64::from(b) << 8) | (u64::from(c) << 16), 0)
    } else {
        (0, 0)
    }
}

#[inline(always)]
fn hash((a, b): (u64, u64), len: usize) -> usize {
    let h = (a ^ b.rotate_left(29) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 32) as usize
}

impl WordTable {
    /// The table of `words`, each with its mask; a word given twice gets both masks.
    pub fn new<'a>(words: impl IntoIterator<Item = (&'a str, u64)>) -> Self {
        let words: Vec<(&str, u64)> = words.into_iter().collect();
        let size = (words.len() * 2).next_power_of_two().max(8);
        let mut t = WordTable {
            slots: vec![Slot::default(); size],
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
        let mask = self.slots.len() - 1;
        let mut i = hash(packed, w.len()) & mask;
        loop {
            let s = &mut self.slots[i];
            if s.len == 0 {
                *s = Slot {
                    packed,
                    len: w.len(),
                    value,
                };
                return;
            }
            if s.len == w.len() && s.packed == packed {
                s.value |= value;
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
        let packed = pack(w);
        let mask = self.slots.len() - 1;
        let mut i = hash(packed, w.len()) & mask;
        // At most half of the slots are used: a free one ends the probe.
        loop {
            let s = &self.slots[i];
            if s.len == 0 {
                return 0;
            }
            if s.len == w.len() && s.packed == packed {
                return s.value;
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
    /// order, until it returns false: [`each_key_word`] with the look-up in the same loop.
    #[inline]
    pub(crate) fn each_mask(&self, key: &str, mut f: impl FnMut(u64) -> bool) {
        each_key_word(key, |w| f(self.get_bytes(w)));
    }
}

/// Calls `f` with the bytes of each word of `key` ([`super::detect::key_words`]) until it
/// returns false; an ASCII key is read byte by byte in one loop. (One call of `f`, so that
/// it is inlined.)
#[inline(always)]
pub(crate) fn each_key_word<'a>(key: &'a str, mut f: impl FnMut(&'a [u8]) -> bool) {
    let bytes = key.as_bytes();
    // The other key's words, when it is not ASCII.
    let mut other = (!key.is_ascii()).then(|| super::detect::key_words(key));
    let mut at = 0;
    loop {
        let word = match &mut other {
            None => next_ascii_word(bytes, &mut at),
            Some(words) => words.next().map(str::as_bytes),
        };
        match word {
            Some(w) if f(w) => {}
            _ => return,
        }
    }
}

/// The next word of an ASCII key from `at` on, which moves past it.
#[inline(always)]
fn next_ascii_word<'a>(bytes: &'a [u8], at: &mut usize) -> Option<&'a [u8]> {
    let in_word = |b: u8| super::detect::ASCII_WORD[usize::from(b)];
    let mut i = *at;
    // The separators before the word, then the word.
    while i < bytes.len() && !in_word(bytes[i]) {
        i += 1;
    }
    let start = i;
    while i < bytes.len() && in_word(bytes[i]) {
        i += 1;
    }
    *at = i;
    bytes.get(start..i).filter(|w| !w.is_empty())
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
    fn key_words_read_alike() {
        for key in [
            "",
            "  ",
            "the cat's 3 mats, - and (x) y",
            "don't stop-me now!",
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
