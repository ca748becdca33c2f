//! Text normalization: the *matching key* that rules compare against, and the conservative
//! *tidy* form that is emitted.
//!
//! The key folds spelling variants so that one phrase in a rule file matches all the ways a
//! site writes it (`إقرأ ايضا`, `اقرأ أيضاً`, `اقرأ أيضًا:` all give `اقرا ايضا`); it is never
//! emitted. The tidy form only removes invisible controls and tidies whitespace.

mod key;

pub use key::key;
pub(crate) use key::{
    push_cased_key_of_plain_ascii, push_key, push_key_of_plain_ascii, push_key_of_tidy,
};

/// Bidi controls and zero-width characters that carry no text.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{FEFF}' | '\u{2060}'
        | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{00AD}')
}

/// Spaces other than the ASCII space that should read as one.
pub(crate) fn is_odd_space(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\t'
                | '\u{000B}'
                | '\u{000C}'
                | '\r'
    )
}

/// `c.is_alphanumeric()`, looked up in a bit table for the code points below U+2100 (Latin,
/// Greek, Cyrillic, Hebrew, Arabic, general punctuation), which Unicode's tables answer
/// slowly.
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    const BELOW: usize = 0x2100;
    static TABLE: std::sync::OnceLock<[u64; BELOW / 64]> = std::sync::OnceLock::new();
    let cp = c as usize;
    if cp >= BELOW {
        return c.is_alphanumeric();
    }
    let table = TABLE.get_or_init(|| {
        let mut t = [0u64; BELOW / 64];
        for (cp, c) in (0..BELOW as u32).filter_map(|cp| Some((cp as usize, char::from_u32(cp)?))) {
            t[cp / 64] |= u64::from(c.is_alphanumeric()) << (cp % 64);
        }
        t
    });
    table[cp / 64] >> (cp % 64) & 1 != 0
}

/// Maps Arabic-Indic and Extended Arabic-Indic digits to ASCII.
pub fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + '0' as u32),
        '\u{06F0}'..='\u{06F9}' => char::from_u32(c as u32 - 0x06F0 + '0' as u32),
        _ => None,
    }
}

/// Where the run of ASCII bytes starting at `at` ends.
pub(crate) fn ascii_end(bytes: &[u8], at: usize) -> usize {
    let rest = bytes.get(at..).unwrap_or_default();
    // Eight bytes at a time while all are ASCII, then byte by byte.
    let words = rest
        .chunks_exact(8)
        .take_while(|c| c.iter().fold(0, |acc, b| acc | b) < 0x80)
        .count();
    let tail = rest.get(words * 8..).unwrap_or_default();
    let run = words * 8
        + tail
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(tail.len());
    at + run
}

/// The emitted form of a line: invisible controls removed, odd spaces made plain, runs of
/// spaces collapsed, ends trimmed. Words are never changed.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_graphic() {
            // A run of visible ASCII characters, kept as is.
            // A single space between two visible characters is kept as is too.
            let mut j = i + 1;
            while j < bytes.len() {
                if bytes[j].is_ascii_graphic() {
                    j += 1;
                } else if bytes[j] == b' ' && bytes.get(j + 1).is_some_and(u8::is_ascii_graphic) {
                    j += 2;
                } else {
                    break;
                }
            }
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push_str(&text[i..j]);
            i = j;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if c.is_ascii() {
            // ASCII spaces and controls.
            if matches!(c, '\t'..='\r' | ' ') {
                space = true;
            }
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        if is_odd_space(c) || c == ' ' || c == '\n' {
            space = true;
            continue;
        }
        if c.is_control() {
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Number of whitespace-separated words.
pub fn word_count(text: &str) -> usize {
    if text.is_ascii() {
        // ASCII whitespace as `char::is_whitespace` reads it (odd spaces are among it).
        let (mut n, mut in_word) = (0, false);
        for &b in text.as_bytes() {
            let space = matches!(b, b'\t'..=b'\r' | b' ');
            n += usize::from(!space && !in_word);
            in_word = !space;
        }
        return n;
    }
    text.split(|c: char| c.is_whitespace() || is_odd_space(c))
        .filter(|w| !w.is_empty())
        .count()
}

/// The last character of the text before closing quotes, brackets and spaces; `None` for a
/// text that ends with an ASCII letter or digit (most lines), which nothing precedes.
fn last_mark(text: &str) -> Option<char> {
    if text
        .as_bytes()
        .last()
        .is_some_and(u8::is_ascii_alphanumeric)
    {
        return None;
    }
    let t = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '”' | '»' | '\'' | ')' | '’' | ']' | '*')
    });
    t.chars().last()
}

/// Whether the text ends like a sentence (period, exclamation, ellipsis), ignoring closing
/// quotes and brackets.
pub fn ends_like_sentence(text: &str) -> bool {
    matches!(last_mark(text), Some('.' | '!' | '…' | '。' | '।'))
}

/// Whether the text ends with any end punctuation (sentence end, question, colon, comma).
pub fn ends_with_punct(text: &str) -> bool {
    matches!(
        last_mark(text),
        Some('.' | '!' | '…' | '?' | '؟' | ':' | '،' | ',' | ';' | '؛' | '。')
    )
}

/// Number of segments of a line split on runs of three or more spaces (plain or NBSP): a
/// news ticker glued into one line has many.
pub fn segment_count(text: &str) -> usize {
    let mut segments = 0;
    let mut run = 0;
    let mut in_segment = false;
    for c in text.trim().chars() {
        if c == ' ' || is_odd_space(c) {
            run += 1;
            if run >= 3 {
                in_segment = false;
            }
        } else {
            run = 0;
            if !in_segment && !is_invisible(c) {
                segments += 1;
                in_segment = true;
            }
        }
    }
    segments
}

/// Whether a character is an Arabic-script letter.
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}' | '\u{0750}'..='\u{077F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_keeps_words_and_drops_controls() {
        assert_eq!(tidy("  اقرأ\u{00A0}\u{00A0}أيضاً\u{200F} "), "اقرأ أيضاً");
        assert_eq!(tidy("فضّلت"), "فضّلت", "harakat stay in the output");
    }

    #[test]
    fn alphanumeric_table_agrees_with_unicode() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn ascii_runs_end_at_the_first_other_byte() {
        let text = "0123456789abcdef\u{e9}xyz";
        for at in 0..=16 {
            assert_eq!(ascii_end(text.as_bytes(), at), 16, "{at}");
        }
        assert_eq!(ascii_end(b"plain", 2), 5);
        assert_eq!(ascii_end(b"", 0), 0);
    }

    #[test]
    fn segments_count_ticker_parts() {
        assert_eq!(segment_count("one\u{a0}\u{a0}\u{a0}two   three"), 3);
        assert_eq!(segment_count("a normal line of text"), 1);
    }

    #[test]
    fn sentence_end_detection() {
        assert!(ends_like_sentence("انتهى الأمر."));
        assert!(ends_like_sentence("he said \"so.\""));
        assert!(!ends_like_sentence("سبب آخر للقلق"));
        assert!(!ends_like_sentence("لماذا تقلق أوروبا؟"));
        assert!(ends_with_punct("لماذا تقلق أوروبا؟"));
    }
}
