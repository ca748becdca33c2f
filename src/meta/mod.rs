//! Publication date, authors and title from every kind of evidence a page carries, ordered by
//! how reliable it is, with where each value came from.
//!
//! - [`jsonld`]: structured data; [`visible`]: the date and byline printed near the headline;
//! - [`datetext`]: dates written in text in many languages; [`authors`]: name cleaning;
//! - [`title`]: the headline by agreement; [`lexicon`]: the word lists (`data/meta.toml`).

pub mod authors;
pub mod datetext;
pub mod entities;
pub mod jsonld;
pub mod lexicon;
pub mod relative;
pub mod title;
pub mod visible;

use datetext::Day;
use jsonld::LdInfo;
use visible::Visible;

/// Meta tag names that carry the publication date, most specific first.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
    "citation_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "prism.publicationdate",
    "article.published",
    "article.created",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "pubdate",
    "date",
    "release_date",
];

/// Meta tag names that carry a modification date.
const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
];

/// Meta tag names that carry authors.
const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "byl",
    "twitter:creator:name",
];

/// What the head of the page offers, gathered by the HTML reader.
#[derive(Debug, Default)]
pub struct Evidence {
    /// JSON-LD, read.
    pub ld: LdInfo,
    /// `(name or property, lower case; content)` of every `<meta>` with content.
    pub metas: Vec<(String, String)>,
    /// `<title>` text.
    pub title_tag: Option<String>,
    /// `datetime`/`content` of the first `itemprop=datePublished` element.
    pub itemprop_date: Option<String>,
    /// The first `<time datetime>` of the page.
    pub first_time: Option<String>,
    /// Site name (`og:site_name`, JSON-LD publisher).
    pub site: Option<String>,
    /// Page language (ISO 639-1) when declared.
    pub lang: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// When the page was fetched, if known.
    pub fetched: Option<relative::Reference>,
}

/// The decided fields and their sources.
#[derive(Debug, Default)]
pub struct Decided {
    /// Title.
    pub title: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// ISO 8601 date.
    pub date: Option<String>,
    /// The `<h1>` text when there is exactly one meaningful one.
    pub h1: Option<String>,
    /// Field → source.
    pub sources: Vec<(String, String)>,
}

impl Evidence {
    fn meta<'k>(&self, keys: &[&'k str]) -> Option<(&'k str, &str)> {
        keys.iter().find_map(|k| {
            self.metas
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| (*k, v.as_str()))
        })
    }
}

/// A date in the path of `url`: `/2020/06/07/`, `/2020-06-07`, `/20200607/`.
pub fn url_date(url: &str) -> Option<Day> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let path = path.split(['?', '#']).next()?;
    let parts: Vec<&str> = path.split('/').skip(1).collect();
    let num = |s: &str, n: usize| {
        (s.len() <= n && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    for (i, p) in parts.iter().enumerate() {
        if p.len() == 4 {
            if let (Some(y), Some(m), Some(d)) = (
                num(p, 4),
                parts.get(i + 1).and_then(|x| num(x, 2)),
                parts.get(i + 2).and_then(|x| num(x, 2)),
            ) {
                if let Some(day) = Day::new(y, m, d) {
                    return Some(day);
                }
            }
        }
        if let Some(day) = Day::of_iso(p) {
            return Some(day);
        }
        if p.len() == 8 {
            if let Some(v) = num(p, 8) {
                if let Some(day) = Day::new(v / 10_000, v / 100 % 100, v % 100) {
                    return Some(day);
                }
            }
        }
    }
    None
}

fn plausible(raw: &str, lang: Option<&str>) -> Option<(String, Day)> {
    datetext::structured(raw, lang).filter(|(_, d)| d.plausible())
}

/// Decides title, authors and date.
pub fn decide(ev: &Evidence, dom: &crate::html::dom::Dom) -> Decided {
    let lang = ev.lang.as_deref();
    let vis = Visible::new(dom);
    let h1s = vis.h1_texts();
    let mut out = Decided::default();
    let mut sources: Vec<(String, String)> = Vec::new();
    let mut src = |field: &str, s: &str| sources.push((field.to_string(), s.to_string()));

    // Title.
    let og = ev.meta(&["og:title"]).map(|x| x.1);
    let tw = ev.meta(&["twitter:title"]).map(|x| x.1);
    let host = ev.url.as_deref().and_then(crate::engine::host_of);
    let cands = title::Candidates {
        ld: ev.ld.headline.as_deref(),
        og,
        twitter: tw,
        tag: ev.title_tag.as_deref(),
        h1: &h1s,
        site: ev.site.as_deref(),
        host: host.as_deref(),
    };
    let mut title_h1 = None;
    if let Some((t, s)) = title::choose(&cands) {
        if s == "h1" {
            title_h1 = h1s.iter().position(|h| crate::normalize::tidy(h) == t);
        }
        src("title", s);
        out.title = Some(t);
    }
    let meaningful: Vec<&String> = h1s
        .iter()
        .filter(|t| crate::normalize::word_count(t) >= 2)
        .take(3)
        .collect();
    if meaningful.len() == 1 {
        out.h1 = Some(meaningful[0].clone());
    }
    // The headline the visible date and byline are looked for around.
    let head_seg = title_h1
        .or_else(|| {
            out.title
                .as_ref()
                .and_then(|t| h1s.iter().position(|h| title::agree(h, t)))
        })
        .or_else(|| (!h1s.is_empty()).then_some(0))
        .and_then(|i| vis.h1.get(i).map(|x| x.1));

    // Date.
    let published = ev
        .ld
        .published
        .as_deref()
        .and_then(|d| plausible(d, lang).map(|x| (x, "json-ld".to_string())))
        .or_else(|| {
            ev.meta(PUBLISHED_KEYS)
                .and_then(|(k, v)| plausible(v, lang).map(|x| (x, format!("meta:{k}"))))
        })
        .or_else(|| {
            ev.itemprop_date
                .as_deref()
                .and_then(|d| plausible(d, lang).map(|x| (x, "itemprop".to_string())))
        })
        .or_else(|| {
            // Any other tag named for publication ("w-published-date", "published").
            ev.metas.iter().find_map(|(k, v)| {
                (k.contains("publish")
                    && !k.contains("publisher")
                    && !k.contains("modif")
                    && !k.contains("updat"))
                .then(|| plausible(v, lang).map(|x| (x, format!("meta:{k}"))))
                .flatten()
            })
        });
    let modified = ev
        .ld
        .modified
        .as_deref()
        .and_then(|d| plausible(d, lang))
        .or_else(|| ev.meta(MODIFIED_KEYS).and_then(|(_, v)| plausible(v, lang)));
    let shown = head_seg.and_then(|h| vis.date_near(h, lang));
    // The page shows its update date, and the structured data tells the publication date
    // apart: the publication date.
    let shown = shown.filter(|(iso, _)| {
        let day = Day::of_iso(iso);
        !(modified.as_ref().is_some_and(|m| Some(m.1) == day)
            && published.as_ref().is_some_and(|p| Some(p.0 .1) != day))
    });
    let date: Option<(String, String)> = if let Some((iso, s)) = shown {
        // The day printed on the page, with the time and zone of a structured date of that
        // day when there is one.
        let day = Day::of_iso(&iso);
        let richer = [published.as_ref().map(|x| &x.0), modified.as_ref()]
            .into_iter()
            .flatten()
            .find(|(full, d)| Some(*d) == day && full.len() > iso.len())
            .map(|(full, _)| full.clone());
        Some((richer.unwrap_or(iso), s.to_string()))
    } else if let Some(((iso, _), s)) = published {
        Some((iso, s))
    } else if let Some((iso, _)) = ev.first_time.as_deref().and_then(|t| plausible(t, lang)) {
        Some((iso, "time".into()))
    } else if let Some(d) = ev.url.as_deref().and_then(url_date).filter(Day::plausible) {
        Some((d.iso(), "url".into()))
    } else if let Some(d) = ev
        .fetched
        .as_ref()
        .zip(head_seg)
        .and_then(|(r, h)| vis.relative_near(h, lang, r))
        .filter(Day::plausible)
    {
        Some((d.iso(), "relative".into()))
    } else if let Some(d) = vis.labelled_anywhere(lang) {
        Some((d, "text".into()))
    } else {
        modified.map(|(iso, _)| (iso, "modified".into()))
    };
    if let Some((d, s)) = date {
        src("date", &s);
        out.date = Some(d);
    }

    // Authors.
    let site = ev.site.as_deref().or(ev.ld.publisher.as_deref());
    let site_key = site.map(crate::normalize::key);
    let is_org = |n: &str| {
        let k = crate::normalize::key(n);
        site_key
            .as_deref()
            .is_some_and(|s| !s.is_empty() && (k == s || k.contains(s) || s.contains(&k)))
    };
    let clean_all = |names: &[String]| -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for n in names {
            for c in authors::clean(n, lang, site) {
                if !v.contains(&c) {
                    v.push(c);
                }
            }
        }
        v
    };
    let mut ld_persons = clean_all(&ev.ld.persons);
    if ld_persons.iter().all(|n| is_org(n)) {
        ld_persons.clear();
    }
    let meta_authors: Option<(Vec<String>, String)> = AUTHOR_KEYS
        .iter()
        .find_map(|k| {
            let mut names: Vec<String> = Vec::new();
            for (_, v) in ev.metas.iter().filter(|(n, _)| n == k) {
                if v.starts_with("http") || v.starts_with('@') {
                    continue;
                }
                // "Last, First" in citation tags.
                let v = match v.split_once(", ") {
                    Some((last, first))
                        if k.starts_with("citation")
                            && !last.contains(' ')
                            && !first.contains(',') =>
                    {
                        format!("{first} {last}")
                    }
                    _ => v.clone(),
                };
                for n in authors::clean(&v, lang, site) {
                    if !names.contains(&n) {
                        names.push(n);
                    }
                }
            }
            (!names.is_empty() && names.iter().all(|n| !authors::is_handle(n)))
                .then(|| (names, format!("meta:{k}")))
        })
        .or_else(|| {
            // Twitter's label/data pairs: "Written by" / "NAME".
            let lx = lexicon::Lexicon::get();
            (1..=4).find_map(|i| {
                let (_, label) = ev.meta(&[format!("twitter:label{i}").as_str()])?;
                let lk = crate::normalize::key(label);
                if lx
                    .byline_prefix(&lk, lang)
                    .or_else(|| lx.byline_prefix(&lk, None))
                    != Some(lk.len())
                {
                    return None;
                }
                let (_, data) = ev.meta(&[format!("twitter:data{i}").as_str()])?;
                let names = authors::clean(data, lang, site);
                (!names.is_empty()).then(|| (names, "meta:twitter:data".to_string()))
            })
        });
    let meta_person = meta_authors
        .as_ref()
        .filter(|(n, _)| !n.iter().any(|x| is_org(x)));
    let chosen: Option<(Vec<String>, String)> = if !ld_persons.is_empty() {
        Some((ld_persons, "json-ld".into()))
    } else if let Some(m) = meta_person {
        Some(m.clone())
    } else if let Some((n, r)) = head_seg.and_then(|h| vis.byline_near(h, lang)) {
        Some((n, r.to_string()))
    } else if let Some(n) = vis.byline_anywhere(lang) {
        Some((n, "byline:class".into()))
    } else if !ev.ld.orgs.is_empty() {
        Some((clean_all(&ev.ld.orgs), "json-ld".into()))
    } else {
        meta_authors
    };
    if let Some((names, s)) = chosen.filter(|(n, _)| !n.is_empty()) {
        src("authors", &s);
        out.authors = names;
    }
    out.sources = sources;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_url_paths() {
        assert_eq!(
            url_date("https://x.com/2020/06/07/story").map(|d| d.iso()),
            Some("2020-06-07".into())
        );
        assert_eq!(
            url_date("https://x.com/news/20200607/a").map(|d| d.iso()),
            Some("2020-06-07".into())
        );
        assert_eq!(
            url_date("https://x.com/a/2020-06-07-story").map(|d| d.iso()),
            Some("2020-06-07".into())
        );
        assert_eq!(url_date("https://x.com/2020/06/story"), None);
        assert_eq!(url_date("https://x.com/item/12345678"), None);
    }
}
