//! Author names: cleaned of byline prefixes, roles, dates, e-mails and the site name, and split
//! when several people signed ("A and B", "A, B & C", "A und B").

use super::lexicon::Lexicon;
use crate::normalize;

/// Where a byline's name part ends: a separator, a date, a bracket.
fn cut(s: &str) -> &str {
    let mut end = s.len();
    for sep in [
        " | ", "|", "•", "·", "\n", " — ", " – ", " - ", "(", "[", " / ", "✓",
    ] {
        if let Some(i) = s.find(sep) {
            if i > 0 {
                end = end.min(i);
            }
        }
    }
    // A number starting a word (a date, a count), not one inside a handle ("paulb203").
    let mut prev = ' ';
    for (i, c) in s.char_indices() {
        if c.is_numeric() && !prev.is_alphanumeric() {
            end = end.min(i);
            break;
        }
        prev = c;
    }
    &s[..end]
}

/// Removes leading byline words ("By", "Written by", "Von", "كتب") and what follows them.
pub fn strip_prefix(s: &str, lang: Option<&str>) -> String {
    let lx = Lexicon::get();
    let mut s = s.trim().to_string();
    for _ in 0..3 {
        let words: Vec<&str> = s.split_whitespace().collect();
        let mut stripped = false;
        for n in (1..=words.len().min(4)).rev() {
            let head = normalize::key(&words[..n].join(" "));
            if !head.is_empty()
                && lx
                    .byline_prefix(&head, lang)
                    .or_else(|| lx.byline_prefix(&head, None))
                    == Some(head.len())
            {
                s = words[n..]
                    .join(" ")
                    .trim_start_matches([':', '：', '-', '–', ' '])
                    .to_string();
                stripped = true;
                break;
            }
        }
        if !stripped {
            break;
        }
    }
    s
}

fn is_role(key: &str) -> bool {
    Lexicon::get().roles.iter().any(|r| r == key)
}

fn is_credential(part: &str) -> bool {
    let p = part.trim_matches('.');
    !p.is_empty()
        && p.chars().count() <= 6
        && !p.contains(' ')
        && p.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// A machine handle rather than a name: an id, a template field, a path.
pub fn is_handle(name: &str) -> bool {
    let digits = name.chars().filter(char::is_ascii_digit).count();
    digits >= 3
        || (!name.contains(' ') && (name.contains('.') || name.contains('/') || name.contains('_')))
        || name.contains('@')
        || name.starts_with("http")
}

/// Cleans a raw byline or author field into names.
pub fn clean(raw: &str, lang: Option<&str>, site: Option<&str>) -> Vec<String> {
    let lx = Lexicon::get();
    let s = normalize::tidy(&super::entities::decode(raw));
    let s = strip_prefix(&s, lang);
    // E-mail addresses and links are not names.
    let s: String = s
        .split_whitespace()
        .filter(|w| !w.contains('@') && !w.starts_with("http"))
        .collect::<Vec<_>>()
        .join(" ");
    let s = cut(&s);
    // Split on commas, semicolons, ampersands and joiner words.
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for w in s.split_whitespace() {
        let k = normalize::key(w);
        if lx.joiners.contains(&k) || w == "&" {
            parts.push(cur.join(" "));
            cur.clear();
            continue;
        }
        let (word, split) = match w.strip_suffix([',', ';']) {
            Some(x) => (x, true),
            None => (w, false),
        };
        cur.push(word);
        if split {
            parts.push(cur.join(" "));
            cur.clear();
        }
    }
    parts.push(cur.join(" "));
    let site_key = site.map(normalize::key);
    let mut out: Vec<String> = Vec::new();
    for p in parts {
        let p = p
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != ')')
            .trim();
        if p.is_empty() || p.contains('@') || p.starts_with("http") {
            continue;
        }
        let k = normalize::key(p);
        if is_role(&k) || k.is_empty() {
            continue;
        }
        if is_credential(p) {
            if let Some(last) = out.last_mut() {
                last.push_str(", ");
                last.push_str(p);
            }
            continue;
        }
        if site_key.as_deref() == Some(k.as_str()) && !out.is_empty() {
            continue;
        }
        // A weekday or month name ends the name ("Jane Doe on Friday, May 3"), and so do the
        // lower-case words before it.
        let all: Vec<&str> = p.split_whitespace().collect();
        let mut words: Vec<&str> = Vec::new();
        for w in &all {
            let k = normalize::key(w);
            if (!words.is_empty() || all.len() == 1)
                && (lx.months.contains_key(&k) || lx.weekdays.contains(&k))
            {
                break;
            }
            words.push(w);
        }
        while words
            .last()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase))
            && words.len() < all.len()
        {
            words.pop();
        }
        if words.is_empty()
            || words.len() > 6
            || !p.chars().any(char::is_alphabetic)
            || lx.not_names.contains(&normalize::key(&words.join(" ")))
        {
            continue;
        }
        let name = words.join(" ");
        if !out
            .iter()
            .any(|x| normalize::key(x) == normalize::key(&name))
        {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(x: &[&str]) -> Vec<String> {
        x.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn prefixes_roles_dates_and_mail_go() {
        assert_eq!(clean("By Jane Doe", Some("en"), None), v(&["Jane Doe"]));
        assert_eq!(
            clean("Written by: Jane Doe | March 3, 2024", Some("en"), None),
            v(&["Jane Doe"])
        );
        assert_eq!(
            clean("Von Max Mustermann, Redaktion", Some("de"), None),
            v(&["Max Mustermann"])
        );
        assert_eq!(
            clean("Par Marie Dupont", Some("fr"), None),
            v(&["Marie Dupont"])
        );
        assert_eq!(clean("بقلم: سارة علي", Some("ar"), None), v(&["سارة علي"]));
        assert_eq!(
            clean("Jane Doe, Staff Writer", Some("en"), None),
            v(&["Jane Doe"])
        );
        assert_eq!(
            clean("Jane Doe on Friday, May 3", Some("en"), None),
            v(&["Jane Doe"])
        );
        assert_eq!(clean("paulb203", Some("en"), None), v(&["paulb203"]));
        assert_eq!(
            clean("Podium Staff", Some("en"), None),
            v(&["Podium Staff"])
        );
        assert_eq!(
            clean("Jane Doe jane@example.com", Some("en"), None),
            v(&["Jane Doe"])
        );
        assert_eq!(
            clean("Doris Munoz-Mantilla, MD, FOMA", Some("en"), None),
            v(&["Doris Munoz-Mantilla, MD, FOMA"])
        );
    }

    #[test]
    fn several_authors_are_split() {
        assert_eq!(
            clean("A Smith and B Jones", Some("en"), None),
            v(&["A Smith", "B Jones"])
        );
        assert_eq!(
            clean("Ann Lee, Bo Chen & Cy Park", Some("en"), None),
            v(&["Ann Lee", "Bo Chen", "Cy Park"])
        );
        assert_eq!(
            clean("Anna Schmidt und Jonas Weber", Some("de"), None),
            v(&["Anna Schmidt", "Jonas Weber"])
        );
        assert_eq!(
            clean("Jane Doe, The Daily", Some("en"), Some("The Daily")),
            v(&["Jane Doe"])
        );
    }

    #[test]
    fn handles() {
        assert!(is_handle("page.head.extra.author"));
        assert!(is_handle("262588213843476"));
        assert!(!is_handle("Jane Doe"));
    }
}
