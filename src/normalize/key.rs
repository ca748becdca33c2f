//! The matching key: text folded so that one phrase of a rule file matches every way a site
//! writes it (case, accents, Arabic letter variants and marks, digits, curly quotes and dashes,
//! spaces), with the punctuation that sites add or drop trimmed from both ends.

use unicode_normalization::UnicodeNormalization;

use super::{ascii_digit, ascii_end, is_invisible, is_odd_space};

/// Arabic presentation forms (ligatures and contextual shapes), which NFKC maps to base letters.
fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

/// Harakat, dagger alef, Quranic marks and tatweel: dropped from the key.
fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}')
}

/// One character of the key, or `None` when the character is dropped.
fn fold_char(c: char, out: &mut String) {
    if is_invisible(c) || is_arabic_mark(c) || c == '\u{200C}' || c == '\u{200D}' {
        return;
    }
    if is_odd_space(c) || c.is_whitespace() {
        out.push(' ');
        return;
    }
    if let Some(d) = ascii_digit(c) {
        out.push(d);
        return;
    }
    let mapped = match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' => 'ي',
        'ک' => 'ك',
        // Turkish dotted capital and dotless small i: one key for «İlgili», «ILGILI», «ılgılı».
        'İ' | 'ı' => 'i',
        'ة' => 'ه',
        '٬' | '،' => ',',
        '٫' => '.',
        '٪' => '%',
        '؛' => ';',
        '؟' => '?',
        '’' | '‘' | '`' | '´' => '\'',
        '“' | '”' | '«' | '»' | '„' => '"',
        '–' | '—' | '‒' | '―' => '-',
        _ => c,
    };
    if mapped.is_ascii() {
        // Punctuation or a letter folded to ASCII above: its own lower case, no accent.
        out.push(mapped.to_ascii_lowercase());
        return;
    }
    for lower in mapped.to_lowercase() {
        if ('\u{00C0}'..='\u{024F}').contains(&lower) {
            // Latin letters with accents: keep the base letter (é → e, À → a).
            out.extend(
                lower
                    .nfd()
                    .filter(|d| !('\u{0300}'..='\u{036F}').contains(d)),
            );
        } else {
            out.push(lower);
        }
    }
}

/// Characters trimmed from both ends of a key: punctuation that sites add or drop at will.
fn is_trim_punct(c: char) -> bool {
    matches!(
        c,
        ' ' | ':'
            | '：'
            | '.'
            | ','
            | '…'
            | '"'
            | '›'
            | '‹'
            | '-'
            | '!'
            | '*'
            | '|'
            | '>'
            | '<'
            | ';'
            | '·'
            | '/'
            | '\\'
            | '('
            | ')'
            | '='
            | '_'
            | '~'
            | '#'
    )
}

/// The matching key of `text`: see the module docs. Both rule phrases and document text go
/// through this function, so they are always compared in the same space.
pub fn key(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    push_key(text, &mut folded);
    folded
}

/// Appends [`key`] of `text` to `out` (a buffer that holds the keys of many lines).
pub(crate) fn push_key(text: &str, out: &mut String) {
    let from = out.len();
    // Runs of spaces become one as the key is built (a filter over the folded characters in
    // order); a space at either end goes with the trimmed punctuation.
    let mut prev_space = true;
    let mut scratch = String::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii() {
            // A run of ASCII characters, folded byte by byte.
            for &b in &bytes[at..] {
                if !b.is_ascii() {
                    break;
                }
                let f = ASCII_FOLD[usize::from(b)];
                let space = f == b' ';
                if !(space && prev_space) {
                    out.push(char::from(f));
                }
                prev_space = space;
                at += 1;
            }
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        push_fold(fold_of(c, &mut scratch), &mut prev_space, out);
    }
    trim_key(out, from);
}

/// Pushes the folded characters `fold` of one character, a space only after a non-space.
#[inline]
fn push_fold(fold: &str, prev_space: &mut bool, out: &mut String) {
    for f in fold.chars() {
        let space = f == ' ';
        if !(space && *prev_space) {
            out.push(f);
        }
        *prev_space = space;
    }
}

/// Trims the punctuation of [`is_trim_punct`] from both ends of the key that starts at `from`.
fn trim_key(out: &mut String, from: usize) {
    let end = from + out[from..].trim_end_matches(is_trim_punct).len();
    out.truncate(end);
    let start = out[from..].len() - out[from..].trim_start_matches(is_trim_punct).len();
    out.drain(from..from + start);
}

/// [`push_key`] of a text of visible ASCII characters with single spaces between them (a tidy
/// ASCII line): there is no run of spaces to collapse, so each byte folds on its own, and the
/// ends are trimmed before folding (folding turns no byte into trimmed punctuation or back).
pub(crate) fn push_key_of_plain_ascii(text: &str, out: &mut String) {
    debug_assert!(text.bytes().all(|b| (b' '..=b'~').contains(&b)) && !text.contains("  "));
    push_folded_ascii(trim_plain_ascii(text), out);
}

/// `text` (ASCII) without the punctuation trimmed from the ends of a key.
fn trim_plain_ascii(text: &str) -> &str {
    let bytes = text.as_bytes();
    let trim = |b: &u8| is_trim_punct(char::from(*b));
    let start = bytes.iter().position(|b| !trim(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !trim(b))
        .map_or(start, |e| e + 1);
    // Trimmed ASCII punctuation: `start` and `end` are on character boundaries.
    text.get(start..end).unwrap_or_default()
}

/// [`push_key_of_plain_ascii`] of a text without a backtick, but for the case of its letters:
/// they are left as they are, for the caller to lower with the rest of its buffer of keys
/// (every other key, and every fold of a character, is in lower case already).
pub(crate) fn push_cased_key_of_plain_ascii(text: &str, out: &mut String) {
    debug_assert!(!text.contains('`'));
    out.push_str(trim_plain_ascii(text));
}

/// Appends the fold of a run of visible ASCII characters and single spaces ([`fold_ascii`] of
/// each byte): lower case, and the backtick as an apostrophe.
#[inline]
fn push_folded_ascii(run: &str, out: &mut String) {
    // Looked for many bytes at a time: a run is short, as a rule, for memchr's set-up.
    if run.bytes().fold(false, |tick, b| tick | (b == b'`')) {
        out.extend(run.chars().map(fold_ascii));
        return;
    }
    let from = out.len();
    out.push_str(run);
    out[from..].make_ascii_lowercase();
}

/// [`push_key`] of a line that [`super::tidy`] leaves as it is and that holds no two spaces
/// in a row: the runs of ASCII between other characters fold many bytes at a time (within a
/// run no space follows another; only its first byte may follow a space that a character
/// before gave).
pub(crate) fn push_key_of_tidy(text: &str, out: &mut String) {
    let from = out.len();
    let bytes = text.as_bytes();
    let mut prev_space = true;
    let mut scratch = String::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii() {
            let end = ascii_end(bytes, at);
            let mut run = text.get(at..end).unwrap_or_default();
            at = end;
            debug_assert!(!run.bytes().any(|b| matches!(b, b'\t'..=b'\r')));
            if prev_space {
                run = run.strip_prefix(' ').unwrap_or(run);
            }
            let Some(&last) = run.as_bytes().last() else {
                continue;
            };
            push_folded_ascii(run, out);
            prev_space = last == b' ';
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        push_fold(fold_of(c, &mut scratch), &mut prev_space, out);
    }
    trim_key(out, from);
}

/// The fold of a non-ASCII character in the key: from [`folds`] or [`punctuation_folds`]
/// when a table has it, else computed into `scratch` (presentation forms through NFKC).
fn fold_of(c: char, scratch: &mut String) -> &str {
    let cp = c as usize;
    let table = if cp < FOLD_TABLE {
        folds().get(cp.wrapping_sub(0x80))
    } else {
        punctuation_folds().get(cp.wrapping_sub(PUNCTUATION.start))
    };
    if let Some(f) = table {
        return f;
    }
    scratch.clear();
    if is_presentation_form(c) {
        for d in c.nfkc() {
            fold_char(d, scratch);
        }
    } else {
        fold_char(c, scratch);
    }
    scratch.as_str()
}

/// The code points below this one (Latin, Greek, Cyrillic, Hebrew, Arabic) have their fold
/// looked up in [`folds`].
const FOLD_TABLE: usize = 0x800;

/// General Punctuation (curly quotes, dashes, odd spaces, invisible controls): common in
/// text of every script, their folds are looked up in [`punctuation_folds`].
const PUNCTUATION: std::ops::Range<usize> = 0x2000..0x2070;

/// [`fold_char`] of every code point from U+0080 below [`FOLD_TABLE`], computed once: the
/// Unicode case and decomposition tables are read once per code point rather than once per
/// character of every page.
fn folds() -> &'static [Box<str>] {
    static FOLDS: std::sync::OnceLock<Vec<Box<str>>> = std::sync::OnceLock::new();
    FOLDS.get_or_init(|| fold_table(0x80..FOLD_TABLE))
}

/// [`fold_char`] of every code point of [`PUNCTUATION`], computed once.
fn punctuation_folds() -> &'static [Box<str>] {
    static FOLDS: std::sync::OnceLock<Vec<Box<str>>> = std::sync::OnceLock::new();
    FOLDS.get_or_init(|| fold_table(PUNCTUATION))
}

fn fold_table(range: std::ops::Range<usize>) -> Vec<Box<str>> {
    range
        .map(|cp| {
            let mut s = String::new();
            if let Some(c) = u32::try_from(cp).ok().and_then(char::from_u32) {
                fold_char(c, &mut s);
            }
            s.into_boxed_str()
        })
        .collect()
}

/// [`fold_ascii`] of every ASCII byte.
static ASCII_FOLD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = fold_ascii(i as u8 as char) as u8;
        i += 1;
    }
    t
};

/// [`fold_char`] for an ASCII character, which always folds to one character.
const fn fold_ascii(c: char) -> char {
    match c {
        '\t'..='\r' | ' ' => ' ',
        '`' => '\'',
        _ => c.to_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn ascii_fast_path_folds_like_the_general_one() {
        for b in 0u8..128 {
            let c = b as char;
            let mut general = String::new();
            fold_char(c, &mut general);
            assert_eq!(general, fold_ascii(c).to_string(), "{b:#x}");
        }
    }

    use super::*;

    #[test]
    fn folds_have_no_upper_case_nor_backtick() {
        let mut scratch = String::new();
        for c in (0x80..0x11_0000).filter_map(char::from_u32) {
            let f = fold_of(c, &mut scratch);
            assert!(
                !f.bytes().any(|b| b.is_ascii_uppercase() || b == b'`'),
                "{c:?}"
            );
        }
        for b in 0u8..128 {
            let f = ASCII_FOLD[usize::from(b)];
            assert!(!f.is_ascii_uppercase() && f != b'`', "{b:#x}");
        }
    }

    /// `push` after a key already in the buffer, which it must leave alone.
    fn pushed(push: fn(&str, &mut String), t: &str) -> String {
        let mut out = String::from("Prior key ");
        push(t, &mut out);
        assert!(out.starts_with("Prior key "), "{t:?}");
        out.split_off("Prior key ".len())
    }

    #[test]
    fn fast_keys_fold_like_the_general_one() {
        let all: String = (b' '..=b'~').map(char::from).collect();
        let mut folded = String::new();
        push_folded_ascii(&all, &mut folded);
        assert!((b' '..=b'~')
            .zip(folded.bytes())
            .all(|(b, f)| f == ASCII_FOLD[usize::from(b)]));
        let ascii = [
            "",
            "x",
            "...",
            "Read Also:",
            "(Photo: `AP`) -- End!",
            "#1 / | <b>B</b> ~ _x_",
        ];
        for t in ascii {
            assert_eq!(pushed(push_key_of_plain_ascii, t), key(t), "{t:?}");
        }
        let tidy = [
            "« Quoted » – Dash — `Tick´ ‘Single’ …",
            "ينظر الرئيس، الروسي فلاديمير بوتين ٨٥٪",
            "a \u{64B} b \u{64B}",
            "x \u{FDFA} y \u{FDFA} \u{FDFA}x",
            "É Ça Ü ß İ ı Σ Москва: 中文 (x) ø",
            ":: Trimmed both ends ..",
        ];
        for t in ascii.into_iter().chain(tidy) {
            assert_eq!(pushed(push_key_of_tidy, t), key(t), "{t:?}");
            assert_eq!(pushed(push_key, t), key(t), "{t:?}");
        }
    }

    /// `key` as first written: fold everything, then collapse spaces, then trim.
    fn key_reference(text: &str) -> String {
        let mut folded = String::new();
        for c in text.chars() {
            if is_presentation_form(c) {
                for d in c.nfkc() {
                    fold_char(d, &mut folded);
                }
            } else {
                fold_char(c, &mut folded);
            }
        }
        let mut prev_space = true;
        folded.retain(|c| {
            let space = c == ' ';
            let keep = !(space && prev_space);
            prev_space = space;
            keep
        });
        folded.trim_matches(is_trim_punct).to_string()
    }

    #[test]
    fn key_folds_like_the_reference() {
        for t in [
            "",
            "   ",
            " Read  Also: ",
            "...À LIRE\u{00A0}\u{00A0}AUSSI :: ",
            "اقرأ\u{200F} \u{200B} أيضاً ..",
            "\u{FDFA} \u{FDFA}x",
            "x \u{FEFB}  \u{FDFB} y",
            "ينظر الرئيس، الروسي\u{00A0}فلاديمير  بوتين ٨٥٪",
            "\t tabs\r\nand\u{3000}ideographic\u{2003}spaces\u{0085}",
            "«quoted» – dash — `tick´ ‘single’",
        ] {
            assert_eq!(key(t), key_reference(t), "{t:?}");
        }
    }

    #[test]
    fn read_also_variants_share_one_key() {
        let want = "اقرا ايضا";
        for v in [
            "إقرأ ايضا",
            "اقرأ أيضاً",
            "اقرأ أيضًا:",
            "أقرأ أيضـا:",
            "\u{200F}اقرأ أيضا \u{200F}",
            "اقرأ\u{00A0}أيضاً ..",
        ] {
            assert_eq!(key(v), want, "variant {v:?}");
        }
    }

    #[test]
    fn key_folds_digits_teh_marbuta_and_case() {
        assert_eq!(key("لديك ٨٥٪ من هذه المقالة"), "لديك 85% من هذه المقاله");
        assert_eq!(key("۲۰۲۲"), "2022");
        assert_eq!(key("À LIRE AUSSI :"), "a lire aussi");
        assert_eq!(key("Read Also »"), "read also");
    }

    #[test]
    fn key_folds_turkish_i() {
        assert_eq!(key("İLGİLİ HABERLER"), "ilgili haberler");
        assert_eq!(key("ILGILI haberler"), "ilgili haberler");
        assert_eq!(key("Sıradaki haber"), "siradaki haber");
    }

    #[test]
    fn key_maps_presentation_forms() {
        // U+FEFB is the lam-alef ligature.
        assert_eq!(key("\u{FEFB}"), "لا");
    }
}
