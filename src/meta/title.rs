//! The title: the page's own headline (`<h1>`) when the structured titles (JSON-LD headline,
//! OpenGraph, Twitter, `<title>`) agree with it, else the structured title most of them share,
//! with the site name stripped before or after it.

use crate::normalize;

const SEPARATORS: [&str; 10] = [
    " | ", " - ", " – ", " — ", " :: ", " » ", " « ", " · ", " // ", " • ",
];

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

/// Strips a site-name suffix or prefix from a `<title>`, in either order. The site is known by
/// name or by the page's host (`onehealthohio.org` names "ONE Health Ohio").
pub fn clean_title(title: &str, site: Option<&str>, host: Option<&str>) -> String {
    let t = normalize::tidy(&super::entities::decode(title));
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
                return a.trim().to_string();
            }
        }
        if let Some((a, b)) = t.split_once(sep) {
            if is_site(a) {
                return b.trim().to_string();
            }
        }
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
        match h.rsplit_once(" | ") {
            Some((a, b)) if normalize::word_count(b) <= 4 => a.trim().to_string(),
            _ => h,
        }
    };
    if let Some((_, h)) = best {
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
    best.map(|(_, i)| structured[i].clone())
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
}
