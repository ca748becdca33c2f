//! A line's key read eight bytes at a time, in one machine word: most lines are too short for
//! the vector loops that the compiler makes of a byte-by-byte check, and too many to check byte
//! by byte. Whether it holds a digit.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_checks_agree_with_byte_checks() {
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        let alphabet: &[u8] = b"a0 9/|:\x7f\xc2\xbb\xe2\x80\xba/Z";
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
        }
    }
}
