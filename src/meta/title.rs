//! The title: the page's own headline (`<h1>`) when the structured titles (JSON-LD headline,
//! OpenGraph, Twitter, `<title>`) agree with it, else the structured title most of them share,
//! with the site name stripped before or after it.

use crate::normalize;

const SEPARATORS: [&str; 10] = [
    " | ", " - ", " – ", " — ", " :: ", " » ", " « ", " · ", " // ", " • ",
];

/// Titles this long (bytes of their key) may have been cut to a plugin's limit.
const TRUNCATED_MIN: usize = 60;

/// The longest label of a host name (`onehealthohio` in `www.onehealthohio.org`).
fn host_label(host: Option<&str>) -> String {
    host.and_then(|h| {
        h.split('.')
            .filter(|l| l.len() >= 4)
            .max_by_key(|l| l.len())
            .map(str::to_string)
    })
    .unwrap_or_default()
}

fn squash(s: &str) -> String {
    normalize::key(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A title without the site's name after it (or `before` it too), when it has one. The site is known by
/// name or by the page's host (`onehealthohio.org` names "ONE Health Ohio").
fn strip_site(t: &str, site: Option<&str>, host: Option<&str>, before: bool) -> Option<String> {
    let site_key = site.map(normalize::key).filter(|s| !s.is_empty());
    let host_label = host_label(host);
    let is_site = |x: &str| {
        let k = normalize::key(x);
        let sq = squash(x);
        site_key
            .as_deref()
            .is_some_and(|s| k == s || (k.len() >= 3 && (s.contains(k.as_str()) || k.contains(s))))
            || (sq.len() >= 4
                && !host_label.is_empty()
                && (host_label.contains(&sq) || sq.contains(&host_label)))
    };
    for sep in SEPARATORS {
        if let Some((a, b)) = t.rsplit_once(sep) {
            if is_site(b) {
                return Some(a.trim().to_string());
            }
        }
        if let Some((a, b)) = t.split_once(sep).filter(|_| before) {
            if is_site(a) {
                return Some(b.trim().to_string());
            }
        }
    }
    None
}

/// Strips a site-name suffix or prefix from a `<title>`, in either order: the site's name
/// ([`strip_site`]), else a few words after a separator.
pub fn clean_title(title: &str, site: Option<&str>, host: Option<&str>) -> String {
    let t = normalize::tidy(&super::entities::decode(title));
    if let Some(t) = strip_site(&t, site, host, true) {
        return t;
    }
    for sep in SEPARATORS {
        if let Some((a, b)) = t.rsplit_once(sep) {
            let (wa, wb) = (normalize::word_count(a), normalize::word_count(b));
            // A pipe rarely sits inside a headline: what follows a short one is the site.
            if wb <= 4 && (wa >= 3 || (sep == " | " && wa >= 1)) {
                return a.trim().to_string();
            }
        }
    }
    t
}

/// A headline without the section number a manual puts before it ("3.1 Git Branching",
/// "2.4.1. Install"): the number and the rest, when the number has a dot inside it.
fn section_number(h: &str) -> Option<(&str, &str)> {
    let (num, rest) = h.split_once(' ')?;
    let num = num.strip_suffix('.').unwrap_or(num);
    let parts: Vec<&str> = num.split('.').collect();
    let numbered = parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
    let rest = rest.trim_start();
    (numbered && rest.starts_with(char::is_alphabetic)).then_some((num, rest))
}

fn words(s: &str) -> Vec<String> {
    normalize::key(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether two titles name the same thing: equal keys, one inside the other, or most words
/// shared.
pub fn agree(a: &str, b: &str) -> bool {
    let (ka, kb) = (normalize::key(a), normalize::key(b));
    if ka.is_empty() || kb.is_empty() {
        return false;
    }
    if ka == kb {
        return true;
    }
    let (short, long) = if ka.len() < kb.len() {
        (&ka, &kb)
    } else {
        (&kb, &ka)
    };
    if short.len() * 2 >= long.len() && long.contains(short.as_str()) {
        return true;
    }
    let (wa, wb) = (words(a), words(b));
    let shared = wa.iter().filter(|w| wb.contains(w)).count();
    let most = wa.len().max(wb.len());
    most > 0 && shared * 10 >= most * 7
}

/// Title candidates of one page.
#[derive(Debug, Default)]
pub struct Candidates<'a> {
    /// JSON-LD headline.
    pub ld: Option<&'a str>,
    /// `og:title`.
    pub og: Option<&'a str>,
    /// `twitter:title`.
    pub twitter: Option<&'a str>,
    /// `<title>`.
    pub tag: Option<&'a str>,
    /// `<h1>` texts, in order.
    pub h1: &'a [String],
    /// Site name.
    pub site: Option<&'a str>,
    /// The page's host.
    pub host: Option<&'a str>,
}

/// The chosen title and where it came from.
pub fn choose(c: &Candidates) -> Option<(String, &'static str)> {
    let structured: Vec<(String, &'static str)> = [
        (c.ld, "json-ld"),
        (c.og, "meta:og:title"),
        (c.twitter, "meta:twitter:title"),
        (c.tag, "title"),
    ]
    .into_iter()
    .filter_map(|(t, src)| {
        let t = clean_title(t?, c.site, c.host);
        (!t.is_empty()).then_some((t, src))
    })
    .collect();
    let site_key = c.site.map(normalize::key);
    // Headlines without trailing marks ("Quickstart ¶"), each once (pages repeat theirs for
    // small screens).
    let host_label = host_label(c.host);
    let mut h1s: Vec<String> = Vec::new();
    for h in c.h1 {
        let h = h
            .trim_end_matches(|ch: char| !ch.is_alphanumeric() && !"?!.)]\"'’”".contains(ch))
            .trim()
            .to_string();
        let n = normalize::word_count(&h);
        let k = normalize::key(&h);
        // A short headline naming the site (by its host) is the site's banner.
        let sq = squash(&h);
        let names_host = n <= 3
            && sq.len() >= 4
            && host_label.len() >= 4
            && (sq.contains(&host_label) || host_label.contains(&sq));
        if (1..=40).contains(&n)
            && !names_host
            && site_key.as_deref() != Some(k.as_str())
            && !h1s.iter().any(|x| normalize::key(x) == k)
        {
            h1s.push(h);
        }
    }
    let h1s: Vec<&String> = h1s.iter().collect();
    let raws: Vec<String> = [c.ld, c.og, c.twitter, c.tag]
        .into_iter()
        .flatten()
        .map(|t| normalize::key(&super::entities::decode(t)))
        .collect();
    // A headline that is one part of a structured title ("Portage" in "Portage - Gentoo wiki").
    let is_part = |h: &str| {
        let k = normalize::key(h);
        raws.iter().any(|r| {
            SEPARATORS
                .iter()
                .chain(&[": "])
                .any(|sep| r.split(sep.trim_end()).any(|p| p.trim() == k) && r.contains(sep.trim()))
        })
    };
    // An <h1> that the structured titles agree with.
    let mut best: Option<(usize, &String)> = None;
    for h in &h1s {
        let votes =
            structured.iter().filter(|(t, _)| agree(h, t)).count() + usize::from(is_part(h));
        if votes > 0 && best.is_none_or(|(b, _)| votes > b) {
            best = Some((votes, h));
        }
    }
    let h1_clean = |h: &str| {
        let h = normalize::tidy(h);
        // A brand may open a headline ("Hifiman Sundara"); only a trailing site name goes.
        let h = strip_site(&h, c.site, c.host, false).unwrap_or(h);
        // Unless the number belongs to the title ("1.5 Million Users" in its og:title too).
        let h = match section_number(&h) {
            Some((num, rest)) if !raws.iter().any(|r| r.contains(num)) => rest.to_string(),
            _ => h,
        };
        match h.rsplit_once(" | ") {
            Some((a, b)) if normalize::word_count(b) <= 4 => a.trim().to_string(),
            _ => h,
        }
    };
    if let Some((_, h)) = best {
        // Question marks inside a headline that its structured twin writes without any are
        // characters lost to a wrong encoding ("Beginner? Guide"): the twin is intact.
        let inner_marks = |t: &str| {
            t.trim_end()
                .trim_end_matches('?')
                .contains(['?', '\u{FFFD}'])
        };
        if inner_marks(h) {
            if let Some(twin) = structured
                .iter()
                .find(|(t, _)| agree(h, t) && !t.contains(['?', '\u{FFFD}']))
            {
                return Some(twin.clone());
            }
        }
        return Some((h1_clean(h), "h1"));
    }
    // A short headline that the structured titles, agreeing with each other, all contradict
    // is a section label or a banner: theirs.
    let voted = |i: usize| {
        structured
            .iter()
            .filter(|(u, _)| agree(&structured[i].0, u))
            .count()
    };
    let short = h1s.len() == 1 && normalize::word_count(h1s[0]) <= 5;
    if let Some(i) = (0..structured.len()).find(|&i| short && voted(i) >= 2) {
        return Some(structured[i].clone());
    }
    // One headline on the page: the page's own title.
    if h1s.len() == 1 {
        return Some((h1_clean(h1s[0]), "h1"));
    }
    // The structured title the others agree with most; ties go to the first.
    let mut best: Option<(usize, usize)> = None;
    for (i, (t, _)) in structured.iter().enumerate() {
        let votes = structured.iter().filter(|(u, _)| agree(t, u)).count();
        if best.is_none_or(|(b, _)| votes > b) {
            best = Some((votes, i));
        }
    }
    // A headline cut short (JSON-LD plugins truncate theirs) gives way to the whole one.
    let whole = |i: usize| {
        let k = normalize::key(&structured[i].0);
        structured
            .iter()
            .filter(|(u, _)| {
                let ku = normalize::key(u);
                // Cut inside a sentence: long, and the whole one goes on with a word.
                k.len() >= TRUNCATED_MIN
                    && ku.starts_with(k.as_str())
                    && ku[k.len()..]
                        .strip_prefix(' ')
                        .and_then(|r| r.chars().next())
                        .is_some_and(char::is_alphanumeric)
            })
            .max_by_key(|(u, _)| u.len())
            .cloned()
            .unwrap_or_else(|| structured[i].clone())
    };
    best.map(|(_, i)| whole(i))
        .or_else(|| h1s.first().map(|h| (normalize::tidy(h), "h1")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_name_is_stripped_in_both_orders() {
        assert_eq!(
            clean_title("Big news today - The Daily", Some("The Daily"), None),
            "Big news today"
        );
        assert_eq!(
            clean_title("The Daily | Big news today", Some("The Daily"), None),
            "Big news today"
        );
        assert_eq!(
            clean_title("Big news today | Site", None, None),
            "Big news today"
        );
        assert_eq!(
            clean_title(
                "Dental Care - ONE Health Ohio",
                None,
                Some("onehealthohio.org")
            ),
            "Dental Care"
        );
        assert_eq!(clean_title("A &#8211; B", None, None), "A – B");
    }

    #[test]
    fn agreement_decides() {
        let h1 = vec!["Ten ways to cook rice".to_string()];
        let c = Candidates {
            og: Some("Ten Ways To Cook Rice | Food Site"),
            tag: Some("Cook rice: ten ways - Food Site"),
            h1: &h1,
            site: Some("Food Site"),
            ..Default::default()
        };
        assert_eq!(choose(&c).unwrap().0, "Ten ways to cook rice");
        // Two h1s (logo and headline): the one the metadata agrees with.
        let h1 = vec!["Food Site".to_string(), "Rice, cooked ten ways".to_string()];
        let c = Candidates {
            ld: Some("Rice, cooked ten ways"),
            og: Some("Rice cooked ten ways"),
            h1: &h1,
            site: Some("Food Site"),
            ..Default::default()
        };
        assert_eq!(choose(&c), Some(("Rice, cooked ten ways".into(), "h1")));
        // No h1: the structured titles vote.
        let c = Candidates {
            ld: Some("Budget passes"),
            og: Some("Budget passes - Times"),
            tag: Some("Home - Times"),
            site: Some("Times"),
            ..Default::default()
        };
        assert_eq!(choose(&c), Some(("Budget passes".into(), "json-ld")));
    }

    #[test]
    fn damaged_headlines_give_way() {
        // A JSON-LD headline cut at a plugin's limit: the whole og:title.
        let long =
            "Struggling With How To Arrange Your Living Room? We Help Four Readers Find Solutions";
        let cut = &long[..long.rfind(" Find").unwrap()];
        let c = Candidates {
            ld: Some(cut),
            og: Some(long),
            ..Default::default()
        };
        assert_eq!(choose(&c).unwrap().0, long);
        // Question marks for characters lost to a wrong encoding.
        let h1 = vec!["The Basics Of Planning? Beginner? Guide".to_string()];
        let c = Candidates {
            og: Some("The Basics Of Planning: Beginner's Guide"),
            h1: &h1,
            ..Default::default()
        };
        assert_eq!(
            choose(&c).unwrap().0,
            "The Basics Of Planning: Beginner's Guide"
        );
        // A real question keeps its headline.
        let h1 = vec!["Is it worth it? A review".to_string()];
        let c = Candidates {
            og: Some("Is it worth it? A review"),
            h1: &h1,
            ..Default::default()
        };
        assert_eq!(choose(&c), Some(("Is it worth it? A review".into(), "h1")));
    }

    #[test]
    fn headline_loses_its_site_and_section_number() {
        let h1 = vec!["3.1 Git Branching - Branches in a Nutshell".to_string()];
        let c = Candidates {
            tag: Some("Git - Branches in a Nutshell"),
            h1: &h1,
            ..Default::default()
        };
        assert_eq!(
            choose(&c).unwrap().0,
            "Git Branching - Branches in a Nutshell"
        );
        // A number the structured title shares is the title's own.
        let h1 = vec!["1.5 Million Users Join".to_string()];
        let c = Candidates {
            og: Some("1.5 Million Users Join"),
            h1: &h1,
            ..Default::default()
        };
        assert_eq!(choose(&c).unwrap().0, "1.5 Million Users Join");
        // A trailing site name goes, a leading brand stays.
        let h1 = vec!["Best Exhibitions 2025 – Artlyst".to_string()];
        let c = Candidates {
            og: Some("Best Exhibitions 2025 – Artlyst"),
            h1: &h1,
            host: Some("www.artlyst.com"),
            ..Default::default()
        };
        assert_eq!(choose(&c).unwrap().0, "Best Exhibitions 2025");
        let h1 = vec!["Hifiman Sundara - 2020 Edition".to_string()];
        let c = Candidates {
            og: Some("Hifiman Sundara - 2020 Edition"),
            h1: &h1,
            host: Some("hifiman.com"),
            ..Default::default()
        };
        assert_eq!(choose(&c).unwrap().0, "Hifiman Sundara - 2020 Edition");
    }
}
