//! Escaping page text for the report, and the writing direction of a text.

/// Escapes text for an HTML text node or a quoted attribute value: `&`, `<`, `>`, `"` and `'`
/// become character references, and control characters (other than tab and newline) are
/// dropped. Page text passed through it can hold no tag, attribute or entity: `</style>`,
/// `<script>`, `onerror=` and `javascript:` come out as plain words.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A file name made of safe characters only (letters, digits, `-`, `_`, `.`), for report files
/// and the links to them.
pub fn safe_file_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() {
        "page".to_string()
    } else {
        s
    }
}

/// Right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms.
fn is_rtl(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// The `dir` of a text: `rtl` when most of its letters are of a right-to-left script, `ltr`
/// when most are of another script, `auto` when it has no letters.
pub fn dir_of(text: &str) -> &'static str {
    let (mut rtl, mut ltr) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if is_rtl(c) {
            rtl += 1;
        } else {
            ltr += 1;
        }
    }
    match (rtl, ltr) {
        (0, 0) => "auto",
        (r, l) if r >= l => "rtl",
        _ => "ltr",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_page_text_is_inert() {
        let hostile = r#"</style><script>alert(1)</script><img src=x onerror="alert('x')"><a href="javascript:alert(1)">&amp;"#;
        let e = escape(hostile);
        assert!(!e.contains('<') && !e.contains('>') && !e.contains('"') && !e.contains('\''));
        assert_eq!(
            escape("</style>"),
            "&lt;/style&gt;",
            "a closing style tag stays text"
        );
        assert_eq!(escape("a & b"), "a &amp; b");
        assert_eq!(
            escape("&amp;"),
            "&amp;amp;",
            "entities are not passed through"
        );
        assert_eq!(
            escape("x\u{0}y\u{7}z\tw"),
            "xyz\tw",
            "control characters go"
        );
        // `javascript:` is harmless as text: the report never puts page text in a URL.
        assert_eq!(escape("javascript:alert(1)"), "javascript:alert(1)");
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(safe_file_name("a b/../<x>.html"), "a_b_..__x_.html");
        assert_eq!(safe_file_name("..."), "page");
        assert_eq!(safe_file_name("javascript:alert(1)"), "javascript_alert_1_");
    }

    #[test]
    fn direction_follows_the_script() {
        assert_eq!(dir_of("اقرأ ايضاً"), "rtl");
        assert_eq!(dir_of("Read also"), "ltr");
        assert_eq!(dir_of("2024 — 12"), "auto");
        assert_eq!(dir_of("عاجل: CNN تقول"), "rtl");
    }
}
