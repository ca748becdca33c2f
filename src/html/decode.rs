//! Bytes to text, in the WHATWG order: BOM → transport charset → `<meta>` prescan →
//! detection (chardetng, with the URL's TLD as a hint) → decode with encoding_rs.

use encoding_rs::{Encoding, UTF_8};
use std::borrow::Cow;

/// Decoded text and the encoding it came from.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text: the input itself when it is UTF-8 already.
    pub text: Cow<'a, str>,
    /// WHATWG name of the encoding used.
    pub encoding: &'static str,
}

/// The charset parameter of a `Content-Type` value.
pub fn charset_from_content_type(ct: &str) -> Option<String> {
    let lower = ct.to_ascii_lowercase();
    let at = lower.find("charset=")?;
    let v = lower[at + 8..]
        .trim_start_matches(['"', '\''])
        .split([';', '"', '\'', ' '])
        .next()?
        .to_string();
    (!v.is_empty()).then_some(v)
}

/// The charset declared by a `<meta>` tag in the first 4 KiB: the first `<meta` (any case)
/// with `charset` within 512 bytes before its `>`, then `=`, an optional quote and a label.
pub fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let label = meta_charset_label(head)?;
    let enc = Encoding::for_label(label)?;
    // A meta can't declare UTF-16: the bytes it sits in are ASCII-compatible (WHATWG).
    Some(
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            UTF_8
        } else {
            enc
        },
    )
}

/// The label of the first `<meta ... charset = "label"` in `head`.
fn meta_charset_label(head: &[u8]) -> Option<&[u8]> {
    let mut at = 0;
    while let Some(i) = find_ignore_case(&head[at..], b"<meta") {
        let start = at + i + 5;
        // `charset` may start at most 512 bytes into the tag, before its `>`.
        let mut j = start;
        while j <= start + 512 && j < head.len() {
            if head[j] == b'>' {
                break;
            }
            if head[j..].len() >= 7 && head[j..j + 7].eq_ignore_ascii_case(b"charset") {
                if let Some(label) = label_after(&head[j + 7..]) {
                    return Some(label);
                }
            }
            j += 1;
        }
        at = start;
    }
    None
}

/// After `charset`: spaces, `=`, spaces, an optional quote, spaces, then 1 to 40 label bytes.
fn label_after(rest: &[u8]) -> Option<&[u8]> {
    let skip = |s: &[u8], i: usize| {
        i + s[i..]
            .iter()
            .take_while(|b| matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' '))
            .count()
    };
    let mut i = skip(rest, 0);
    if rest.get(i) != Some(&b'=') {
        return None;
    }
    i = skip(rest, i + 1);
    if matches!(rest.get(i), Some(b'"' | b'\'')) {
        i += 1;
    }
    i = skip(rest, i);
    let n = rest[i..]
        .iter()
        .take(40)
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b':' | b'.'))
        .count();
    (n > 0).then(|| &rest[i..i + n])
}

fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The URL's top-level domain as chardetng takes it: ASCII lower-case letters, digits and
/// hyphens only (an internationalised TLD in Unicode form gives no hint; chardetng would panic).
fn tld_of(url: &str) -> Option<String> {
    let host = crate::engine::host_of(url)?;
    let tld = host.rsplit('.').next()?.to_ascii_lowercase();
    let ok = !tld.is_empty()
        && tld
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    ok.then_some(tld)
}

fn detect(bytes: &[u8], url: Option<&str>) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let tld = url.and_then(tld_of);
    det.guess(tld.as_deref().map(str::as_bytes), true)
}

fn has_non_ascii(bytes: &[u8]) -> bool {
    bytes.iter().any(|b| *b >= 0x80)
}

/// Whether the bytes look like HTML rather than plain text.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if has(b"<!doctype html") || has(b"<html") || has(b"<head") || has(b"<body") {
        return true;
    }
    // UTF-16 pages: look through the zero bytes.
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        let narrow: Vec<u8> = lower.iter().copied().filter(|b| *b != 0).collect();
        return narrow.windows(5).any(|w| w == b"<html" || w == b"<!doc");
    }
    match start {
        Some(i) if head[i] == b'<' => {
            has(b"<p") || has(b"<div") || has(b"<article") || has(b"<meta") || has(b"<title")
        }
        _ => false,
    }
}

/// Decodes `bytes`. `transport` is a charset label from outside the document (HTTP header,
/// `--charset`); `url` gives detection a TLD hint; `html` enables the `<meta>` prescan.
pub fn decode<'a>(
    bytes: &'a [u8],
    transport: Option<&str>,
    url: Option<&str>,
    html: bool,
) -> Decoded<'a> {
    // The bytes as UTF-8 when they validate: checked at most once, and reused as the text.
    let utf8 = std::cell::OnceCell::new();
    let as_utf8 = || *utf8.get_or_init(|| std::str::from_utf8(bytes).ok());
    let (enc, skip) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        (enc, bom_len)
    } else if let Some(enc) = transport.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
        (enc, 0)
    } else {
        let declared = if html { prescan(bytes) } else { None };
        let enc = match declared {
            // A declaration that the bytes contradict is ignored: UTF-8 that does not
            // validate, or a legacy charset over bytes that are valid multi-byte UTF-8.
            Some(d) if d == UTF_8 => {
                if as_utf8().is_some() {
                    UTF_8
                } else {
                    detect(bytes, url)
                }
            }
            Some(d) => {
                if has_non_ascii(bytes) && as_utf8().is_some() {
                    UTF_8
                } else {
                    d
                }
            }
            None => {
                if as_utf8().is_some() {
                    UTF_8
                } else {
                    detect(bytes, url)
                }
            }
        };
        (enc, 0)
    };
    let text = match utf8.get() {
        Some(Some(text)) if enc == UTF_8 && skip == 0 => Cow::Borrowed(*text),
        _ => enc.decode_without_bom_handling(&bytes[skip..]).0,
    };
    Decoded {
        text,
        encoding: enc.name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARABIC: &str = "<html><head><title>خبر</title></head><body><p>ينظر الرئيس الروسي فلاديمير بوتين إلى دول آسيا الوسطى على أنها دول حليفة، لكن غزو روسيا لأوكرانيا غير ذلك كثيرا في الأشهر الأخيرة.</p></body></html>";

    #[test]
    fn windows_1256_without_declaration() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(ARABIC);
        let d = decode(&bytes, None, None, true);
        assert_eq!(d.encoding, "windows-1256");
        assert_eq!(d.text, ARABIC);
    }

    #[test]
    fn iso_8859_6_without_declaration() {
        let (bytes, _, _) = encoding_rs::ISO_8859_6.encode(ARABIC);
        let d = decode(&bytes, None, None, true);
        assert_eq!(d.text, ARABIC, "decoded as {}", d.encoding);
    }

    #[test]
    fn transport_charset_wins_over_detection() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(ARABIC);
        let d = decode(&bytes, Some("windows-1256"), None, true);
        assert_eq!(d.encoding, "windows-1256");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in ARABIC.encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert!(looks_like_html(&bytes));
        let d = decode(&bytes, None, None, true);
        assert_eq!(d.encoding, "UTF-16LE");
        assert_eq!(d.text, ARABIC);
    }

    #[test]
    fn lying_meta_is_overruled() {
        let page = ARABIC.replace("<head>", "<head><meta charset=\"iso-8859-1\">");
        let d = decode(page.as_bytes(), None, None, true);
        assert_eq!(d.encoding, "UTF-8");
        let lying = ARABIC.replace("<head>", "<head><meta charset=\"utf-8\">");
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&lying);
        let d = decode(&bytes, None, None, true);
        assert_eq!(d.encoding, "windows-1256");
    }

    /// The scan finds the label that the regex of the WHATWG-ish prescan finds.
    #[test]
    fn meta_scan_agrees_with_the_regex() {
        let re = regex::bytes::Regex::new(
            r#"(?i-u)<meta[^>]{0,512}?charset\s*=\s*["']?\s*([a-z0-9_\-:.]{1,40})"#,
        )
        .unwrap();
        let parts: [&[u8]; 14] = [
            b"<meta",
            b"<META",
            b" charset",
            b"CharSet",
            b" = ",
            b"=",
            b"\"",
            b"'",
            b"utf-8",
            b"windows-1256",
            b">",
            b" content=\"text/html; ",
            b"x",
            b"  ",
        ];
        // Every sequence of up to 5 parts (14^5 pages), and a few long ones.
        let mut pages: Vec<Vec<u8>> = Vec::new();
        let mut idx = [0usize; 5];
        for n in 1..=5usize {
            idx.iter_mut().for_each(|x| *x = 0);
            loop {
                pages.push(
                    idx[..n]
                        .iter()
                        .flat_map(|&k| parts[k].iter().copied())
                        .collect(),
                );
                let mut k = 0;
                while k < n {
                    idx[k] += 1;
                    if idx[k] < parts.len() {
                        break;
                    }
                    idx[k] = 0;
                    k += 1;
                }
                if k == n {
                    break;
                }
            }
        }
        pages.push(format!("<meta {} charset=utf-8>", "a".repeat(509)).into_bytes());
        pages.push(format!("<meta {} charset=utf-8>", "a".repeat(520)).into_bytes());
        pages.push(format!("<meta charset={}>", "a".repeat(60)).into_bytes());
        for p in &pages {
            let want = re.captures(p).map(|c| c.get(1).unwrap().as_bytes());
            assert_eq!(
                meta_charset_label(p),
                want,
                "{}",
                String::from_utf8_lossy(p)
            );
        }
    }

    #[test]
    fn meta_prescan_and_content_type() {
        assert_eq!(
            prescan(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">"
            ),
            Some(encoding_rs::WINDOWS_1256)
        );
        assert_eq!(
            charset_from_content_type("text/html; charset=\"ISO-8859-6\"").as_deref(),
            Some("iso-8859-6")
        );
    }
}
