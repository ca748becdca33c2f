//! A line read eight bytes at a time, in one machine word: most lines are too short for the
//! vector loops that the compiler makes of a byte-by-byte check, and too many to check byte by
//! byte. Whether a key holds a digit; an ASCII line's spaces and the checks of its tidiness.

/// The high bit of every byte of a machine word.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// The seven low bits of every byte.
const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// `b` in every byte of a machine word.
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// The eight bytes of `chunk` (eight bytes long) as a machine word, the first one lowest.
#[inline(always)]
fn word(chunk: &[u8]) -> u64 {
    u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]))
}

/// Calls `f` with the machine words of `bytes` (eight bytes long or more), each byte once:
/// eight bytes at a time, then the last bytes shifted down from the last eight (zero above
/// them), until `f` returns true. Whether it did.
#[inline(always)]
fn any_word(bytes: &[u8], mut f: impl FnMut(u64) -> bool) -> bool {
    let chunks = bytes.chunks_exact(8);
    let rest = chunks.remainder().len();
    for c in chunks {
        if f(word(c)) {
            return true;
        }
    }
    if rest == 0 {
        return false;
    }
    let last = bytes.get(bytes.len() - 8..).map_or(0, word);
    f(last >> (8 * (8 - rest)))
}

/// The high bit of each byte of `x` that is an ASCII digit.
#[inline(always)]
fn digits(x: u64) -> u64 {
    // On the low seven bits the sums carry into no other byte; a byte with the high bit set
    // is not ASCII.
    let y = x & LOW;
    let at_least_0 = y.wrapping_add(splat(0x80 - b'0'));
    let above_9 = y.wrapping_add(splat(0x7f - b'9'));
    at_least_0 & !above_9 & !x & HIGH
}

/// Whether `bytes` hold an ASCII digit.
pub fn has_digit(bytes: &[u8]) -> bool {
    if bytes.len() < 8 {
        return bytes.iter().any(u8::is_ascii_digit);
    }
    any_word(bytes, |x| digits(x) != 0)
}

/// The high bit of each byte of `x` (ASCII) that is at least `n` (1 to 0x80).
#[inline(always)]
fn at_least(x: u64, n: u8) -> u64 {
    x.wrapping_add(splat(0x80 - n)) & HIGH
}

/// The high bit of each byte of `x` (ASCII) equal to `b` (ASCII).
#[inline(always)]
fn equal(x: u64, b: u8) -> u64 {
    !((x ^ splat(b)).wrapping_add(LOW)) & HIGH
}

/// What one pass over the bytes of an ASCII line tells ([`ascii_line`]).
pub(crate) struct AsciiLine {
    /// Its spaces.
    pub spaces: usize,
    /// A word starts with a byte that is not a letter nor a digit: the first byte, or one
    /// after a space.
    pub punct_start: bool,
    /// It holds a backtick.
    pub backtick: bool,
}

/// The spaces of an ASCII line, and whether a word of it starts with punctuation, read eight
/// bytes at a time; `None` when it holds a control byte (or DEL), or two spaces in a row.
#[inline]
pub(crate) fn ascii_line(bytes: &[u8]) -> Option<AsciiLine> {
    let (mut spaces, mut odd, mut doubled, mut punct) = (0u64, 0u64, 0u64, 0u64);
    let mut tick = 0u64;
    // The high bit of the first byte when the byte before it is a space: the line's start
    // counts as one for the punctuation only.
    let mut carry = 0u64;
    let mut first = 0x80u64;
    let mut scan = |x: u64| {
        let space = equal(x, b' ');
        // Each space's high bit moved down to the low bit, summed in the top byte.
        spaces += ((space >> 7).wrapping_mul(splat(1))) >> 56;
        odd |= (!at_least(x, b' ') & HIGH) | equal(x, 0x7f);
        tick |= equal(x, b'`');
        let before = (space << 8) | carry;
        doubled |= space & before;
        let lower = x | splat(0x20);
        let letter = at_least(lower, b'a') & !at_least(lower, b'z' + 1);
        let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
        punct |= !(space | letter | digit) & HIGH & (before | first);
        carry = space >> 56;
        first = 0;
    };
    let chunks = bytes.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        scan(word(c));
    }
    if !rest.is_empty() {
        // Letters after the last bytes: no space, no control, no punctuation.
        let mut pad = [b'a'; 8];
        if let Some(head) = pad.get_mut(..rest.len()) {
            head.copy_from_slice(rest);
        }
        scan(u64::from_le_bytes(pad));
    }
    (odd == 0 && doubled == 0).then_some(AsciiLine {
        spaces: spaces as usize,
        punct_start: punct != 0,
        backtick: tick != 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_checks_agree_with_byte_checks() {
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        let alphabet: &[u8] = b"a0 9/|:\x7f\xc2\xbb\xe2\x80\xba/Z";
        texts.push(b"a  b".to_vec());
        texts.push(b"-a b c d e f g h i j".to_vec());
        texts.push(b"abcdefg -x".to_vec());
        texts.push(b"abcdefgh -x".to_vec());
        texts.push(b"abcdefg  x".to_vec());
        texts.push(b"ab\tc".to_vec());
        texts.push(b"it`s".to_vec());
        for n in 1..40usize {
            for start in 0..alphabet.len() {
                let t: Vec<u8> = (0..n)
                    .map(|i| alphabet[(start + i * 7 + i / 3) % alphabet.len()])
                    .collect();
                texts.push(t);
            }
        }
        for b in 0u8..=255 {
            texts.push(vec![b; 9]);
            texts.push([b"abcdefgh".as_slice(), &[b]].concat());
        }
        for t in &texts {
            assert_eq!(has_digit(t), t.iter().any(u8::is_ascii_digit), "{t:?}");
            if !t.is_ascii() {
                continue;
            }
            let odd = t.iter().any(|b| !(b' '..=b'~').contains(b));
            let doubled = t.windows(2).any(|w| w == b"  ");
            let got = ascii_line(t);
            assert_eq!(got.is_none(), odd || doubled, "{t:?}");
            if let Some(l) = got {
                let punct = |b: &u8| *b != b' ' && !b.is_ascii_alphanumeric();
                let starts = t.first().is_some_and(punct)
                    || t.windows(2).any(|w| w[0] == b' ' && punct(&w[1]));
                assert_eq!(l.spaces, t.iter().filter(|&&b| b == b' ').count(), "{t:?}");
                assert_eq!(l.punct_start, starts, "{t:?}");
                assert_eq!(l.backtick, t.contains(&b'`'), "{t:?}");
            }
        }
    }
}
