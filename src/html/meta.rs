//! Page metadata from the HTML head and structured data: JSON-LD, OpenGraph, Twitter,
//! `meta` names, `<time>`, `<title>`, `<html lang>`, canonical link.

use super::dom::{Dom, ElementRef};

use crate::engine::PageMeta;

/// Metadata plus the hints the extractor uses.
#[derive(Debug, Default)]
pub struct HeadInfo {
    /// Fields for the article.
    pub meta: PageMeta,
    /// JSON-LD `articleBody`, a hint for choosing the main content.
    pub article_body: Option<String>,
    /// The `<h1>` text, when there is exactly one meaningful one.
    pub h1: Option<String>,
    /// The values of the page's JSON-LD scripts, parsed once for the metadata and the page type.
    pub ld: Vec<serde_json::Value>,
}

/// Elements of interest, gathered in one walk over the DOM.
#[derive(Default)]
struct Found<'a> {
    ld: Vec<ElementRef<'a>>,
    meta: Vec<ElementRef<'a>>,
    title: Option<ElementRef<'a>>,
    html: Option<ElementRef<'a>>,
    canonical: Option<ElementRef<'a>>,
    time: Option<ElementRef<'a>>,
    itemprop_date: Option<ElementRef<'a>>,
}

fn find(dom: &Dom) -> Found<'_> {
    let mut f = Found::default();
    for e in dom.elements() {
        let el = e.value();
        match el.name() {
            "script"
                if el
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                f.ld.push(e)
            }
            "meta" => f.meta.push(e),
            "title" if f.title.is_none() => f.title = Some(e),
            "html" if f.html.is_none() => f.html = Some(e),
            "link"
                if f.canonical.is_none()
                    && el
                        .attr("rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                f.canonical = Some(e)
            }
            "time" if f.time.is_none() && el.attr("datetime").is_some() => f.time = Some(e),
            _ => {}
        }
        // `attrs()` rather than `attr()`: a lookup by name interns the name first, which on
        // every element of the page costs more than walking its few attributes.
        if f.itemprop_date.is_none()
            && el
                .attrs()
                .any(|(n, v)| n == "itemprop" && v == "datePublished")
        {
            f.itemprop_date = Some(e);
        }
    }
    f
}

/// Reads the metadata of a parsed page; `url` is the page's address when known from outside,
/// `fetched` when it was fetched (the reference for relative dates).
pub fn head_info(dom: &Dom, url: Option<&str>, fetched: Option<&str>) -> HeadInfo {
    let found = find(dom);
    let mut info = HeadInfo::default();
    let values: Vec<serde_json::Value> = found
        .ld
        .iter()
        .flat_map(|e| crate::meta::jsonld::parse_lenient(&e.text()))
        .collect();
    let ld = crate::meta::jsonld::read(&values);
    info.ld = values;
    let mut metas = Vec::new();
    for e in &found.meta {
        let el = e.value();
        let Some(content) = el
            .attr("content")
            .map(|c| crate::normalize::tidy(&crate::meta::entities::decode(c)))
            .filter(|c| !c.is_empty())
        else {
            continue;
        };
        for k in ["property", "name", "itemprop"] {
            if let Some(key) = el.attr(k) {
                metas.push((key.trim().to_ascii_lowercase(), content.clone()));
            }
        }
    }
    // The first of `keys` the page has, with its source (`meta:NAME`).
    let first = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            metas
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| (v.clone(), format!("meta:{k}")))
        })
    };
    let mut sources: Vec<(String, String)> = Vec::new();
    let mut pick = |field: &str, ld: Option<String>, keys: &[&str]| {
        let (v, src) = match ld {
            Some(v) => (v, "json-ld".to_string()),
            None => first(keys)?,
        };
        sources.push((field.to_string(), src));
        Some(v)
    };
    let m = &mut info.meta;
    m.site_name = pick("site_name", None, &["og:site_name", "application-name"])
        .or_else(|| pick("site_name", ld.publisher.clone(), &[]));
    m.description = pick(
        "description",
        ld.description.clone(),
        &["og:description", "description", "twitter:description"],
    );
    m.category = pick(
        "category",
        ld.section.clone(),
        &["article:section", "section", "parsely-section"],
    );
    m.language = pick("language", ld.language.clone(), &["og:locale"]);
    m.url = first(&["og:url"]).map(|(v, _)| v);
    if let Some(html) = found.html {
        if let Some(lang) = html
            .value()
            .attr("lang")
            .or_else(|| html.value().attr("xml:lang"))
        {
            let l = lang.trim().to_string();
            if !l.is_empty() {
                m.language = Some(l);
                sources.push(("language".to_string(), "html-lang".to_string()));
            }
        }
    }
    if let Some(c) = found.canonical.and_then(|e| e.value().attr("href")) {
        if c.starts_with("http") {
            m.url = Some(c.to_string());
        }
    }
    if let Some(l) = &m.language {
        m.language = Some(l.split(['-', '_']).next().unwrap_or(l).to_ascii_lowercase());
    }
    let attr_date = |e: ElementRef| {
        e.value()
            .attr("datetime")
            .or_else(|| e.value().attr("content"))
            .map(str::to_string)
    };
    let ev = crate::meta::Evidence {
        metas,
        title_tag: found.title.map(|t| crate::normalize::tidy(&t.text())),
        itemprop_date: found.itemprop_date.and_then(attr_date),
        first_time: found.time.and_then(attr_date),
        site: m.site_name.clone(),
        lang: m.language.clone(),
        url: url.map(str::to_string).or_else(|| m.url.clone()),
        fetched: fetched.and_then(crate::meta::relative::Reference::parse),
        ld,
    };
    let d = crate::meta::decide(&ev, dom);
    m.title = d.title;
    m.authors = d.authors;
    m.date = d.date;
    m.sources = sources.into_iter().chain(d.sources).collect();
    info.h1 = d.h1;
    info.article_body = ev.ld.body;
    info
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_and_meta() {
        let page = r#"<html lang="ar-EG"><head><title>عنوان الخبر - موقع الأخبار</title>
<meta property="og:site_name" content="موقع الأخبار">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"عنوان الخبر","author":[{"@type":"Person","name":"سارة علي"}],"datePublished":"2024-07-24T10:00:00+03:00","articleSection":["سياسة"]}]}</script>
<link rel="canonical" href="https://example.com/a/1"></head><body><h1>عنوان الخبر</h1></body></html>"#;
        let dom = super::super::parse::parse(
            page,
            &crate::cleaner::Limits::default(),
            std::time::Instant::now(),
        )
        .unwrap();
        let h = head_info(&dom, None, None);
        assert_eq!(h.meta.title.as_deref(), Some("عنوان الخبر"));
        assert_eq!(h.meta.authors, vec!["سارة علي".to_string()]);
        assert_eq!(h.meta.date.as_deref(), Some("2024-07-24T10:00:00+03:00"));
        assert_eq!(h.meta.category.as_deref(), Some("سياسة"));
        assert_eq!(h.meta.site_name.as_deref(), Some("موقع الأخبار"));
        assert_eq!(h.meta.language.as_deref(), Some("ar"));
        assert_eq!(h.meta.url.as_deref(), Some("https://example.com/a/1"));
    }
}
