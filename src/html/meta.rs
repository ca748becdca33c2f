//! Page metadata from the HTML head and structured data: JSON-LD, OpenGraph, Twitter,
//! `meta` names, `<time>`, `<title>`, `<html lang>`, canonical link.

use super::dom::{Dom, ElementRef};
use serde_json::Value;

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
    h1: Vec<ElementRef<'a>>,
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
            "h1" if f.h1.len() < 4 => f.h1.push(e),
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

fn text_of(e: ElementRef) -> String {
    crate::normalize::tidy(&e.text())
}

fn str_or_name(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Object(o) => o.get("name").map(str_or_name).unwrap_or_default(),
        Value::Array(a) => a.iter().flat_map(str_or_name).collect(),
        _ => Vec::new(),
    }
}

fn first_str(v: Option<&Value>) -> Option<String> {
    let v = v?;
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => return a.iter().find_map(|x| first_str(Some(x))),
        Value::Object(o) => return first_str(o.get("name")),
        _ => return None,
    };
    let s = crate::normalize::tidy(&s);
    (!s.is_empty()).then_some(s)
}

const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "report",
    "socialmediaposting",
    "liveblogposting",
    "posting",
];

fn is_article(o: &serde_json::Map<String, Value>) -> bool {
    let types = match o.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_ascii_lowercase))
            .collect(),
        _ => return false,
    };
    types.iter().any(|t| ARTICLE_TYPES.contains(&t.as_str()))
}

fn collect_objects<'a>(
    v: &'a Value,
    out: &mut Vec<&'a serde_json::Map<String, Value>>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| collect_objects(x, out, depth + 1)),
        Value::Object(o) => {
            out.push(o);
            if let Some(g) = o.get("@graph") {
                collect_objects(g, out, depth + 1);
            }
            if let Some(m) = o.get("mainEntity") {
                collect_objects(m, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Strips a site-name suffix or prefix from a `<title>`.
pub fn clean_title(title: &str, site: Option<&str>) -> String {
    let t = crate::normalize::tidy(title);
    for sep in [
        " | ", " - ", " – ", " — ", " :: ", " » ", " « ", " · ", " // ",
    ] {
        if let Some((a, b)) = t.rsplit_once(sep) {
            let site_match = |x: &str| {
                site.is_some_and(|s| crate::normalize::key(x) == crate::normalize::key(s))
            };
            if site_match(b)
                || (crate::normalize::word_count(b) <= 4 && crate::normalize::word_count(a) >= 3)
            {
                return a.trim().to_string();
            }
            if site_match(a) {
                return b.trim().to_string();
            }
        }
    }
    t
}

/// Reads the metadata of a parsed page.
pub fn head_info(dom: &Dom) -> HeadInfo {
    let found = find(dom);
    let mut info = HeadInfo::default();
    let m = &mut info.meta;

    // JSON-LD first: it is the most specific.
    for script in found.ld {
        let raw = script.text();
        let Ok(v) = serde_json::from_str::<Value>(raw.trim()) else {
            continue;
        };
        let mut objs = Vec::new();
        collect_objects(&v, &mut objs, 0);
        for o in objs {
            if !is_article(o) {
                continue;
            }
            if m.title.is_none() {
                m.title = first_str(o.get("headline")).or_else(|| first_str(o.get("name")));
            }
            if m.authors.is_empty() {
                if let Some(a) = o.get("author") {
                    m.authors = str_or_name(a)
                        .into_iter()
                        .map(|x| crate::normalize::tidy(&x))
                        .filter(|x| !x.is_empty() && !x.starts_with("http"))
                        .collect();
                }
            }
            if m.date.is_none() {
                m.date =
                    first_str(o.get("datePublished")).or_else(|| first_str(o.get("dateCreated")));
            }
            if m.site_name.is_none() {
                m.site_name = o.get("publisher").and_then(|p| first_str(Some(p)));
            }
            if m.category.is_none() {
                m.category = first_str(o.get("articleSection"));
            }
            if m.description.is_none() {
                m.description = first_str(o.get("description"));
            }
            if m.language.is_none() {
                m.language = first_str(o.get("inLanguage"));
            }
            if info.article_body.is_none() {
                info.article_body = o
                    .get("articleBody")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .filter(|b| b.len() > 200);
            }
        }
    }

    let mut title_tag = None;
    let mut og_title = None;
    let mut tw_title = None;
    let mut date_metas = Vec::new();
    for e in found.meta {
        let el = e.value();
        let key = el
            .attr("property")
            .or_else(|| el.attr("name"))
            .or_else(|| el.attr("itemprop"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let Some(content) = el
            .attr("content")
            .map(crate::normalize::tidy)
            .filter(|c| !c.is_empty())
        else {
            continue;
        };
        match key.as_str() {
            "og:title" => og_title = og_title.or(Some(content)),
            "twitter:title" => tw_title = tw_title.or(Some(content)),
            "og:site_name" | "application-name" if m.site_name.is_none() => {
                m.site_name = Some(content)
            }
            "og:description" | "description" | "twitter:description" if m.description.is_none() => {
                m.description = Some(content)
            }
            "og:url" if m.url.is_none() => m.url = Some(content),
            "article:section" | "section" | "parsely-section" if m.category.is_none() => {
                m.category = Some(content)
            }
            "author" | "article:author" | "byl" | "parsely-author" | "dc.creator"
            | "sailthru.author"
                if m.authors.is_empty() && !content.starts_with("http") =>
            {
                let c = content
                    .strip_prefix("By ")
                    .or_else(|| content.strip_prefix("by "))
                    .unwrap_or(&content);
                m.authors = vec![c.to_string()];
            }
            "article:published_time"
            | "og:published_time"
            | "datepublished"
            | "date"
            | "pubdate"
            | "publishdate"
            | "publish-date"
            | "publish_date"
            | "dc.date"
            | "dc.date.issued"
            | "dcterms.created"
            | "dcterms.date"
            | "sailthru.date"
            | "parsely-pub-date"
            | "article.published"
            | "published_time"
            | "article:published"
            | "release_date" => date_metas.push(content),
            "og:locale" if m.language.is_none() => m.language = Some(content),
            _ => {}
        }
    }
    if m.date.is_none() {
        m.date = date_metas.into_iter().next();
    }
    if m.date.is_none() {
        m.date = found
            .itemprop_date
            .and_then(|e| {
                e.value()
                    .attr("datetime")
                    .or_else(|| e.value().attr("content"))
                    .map(str::to_string)
            })
            .or_else(|| {
                found
                    .time
                    .and_then(|e| e.value().attr("datetime").map(str::to_string))
            });
    }
    if let Some(t) = found.title {
        title_tag = Some(text_of(t));
    }
    let h1s: Vec<String> = found
        .h1
        .iter()
        .map(|e| text_of(*e))
        .filter(|t| crate::normalize::word_count(t) >= 2)
        .take(3)
        .collect();
    if h1s.len() == 1 {
        info.h1 = h1s.into_iter().next();
    }
    if m.title.is_none() {
        let site = m.site_name.clone();
        m.title = og_title
            .or(tw_title)
            .map(|t| clean_title(&t, site.as_deref()))
            .or_else(|| info.h1.clone())
            .or_else(|| title_tag.map(|t| clean_title(&t, site.as_deref())))
            .filter(|t| !t.is_empty());
    }
    if let Some(html) = found.html {
        if let Some(lang) = html
            .value()
            .attr("lang")
            .or_else(|| html.value().attr("xml:lang"))
        {
            let l = lang.trim().to_string();
            if !l.is_empty() {
                m.language = Some(l);
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
        let h = head_info(&dom);
        assert_eq!(h.meta.title.as_deref(), Some("عنوان الخبر"));
        assert_eq!(h.meta.authors, vec!["سارة علي".to_string()]);
        assert_eq!(h.meta.date.as_deref(), Some("2024-07-24T10:00:00+03:00"));
        assert_eq!(h.meta.category.as_deref(), Some("سياسة"));
        assert_eq!(h.meta.site_name.as_deref(), Some("موقع الأخبار"));
        assert_eq!(h.meta.language.as_deref(), Some("ar"));
        assert_eq!(h.meta.url.as_deref(), Some("https://example.com/a/1"));
    }

    #[test]
    fn title_suffix_is_removed() {
        assert_eq!(
            clean_title("Big news today - The Daily", Some("The Daily")),
            "Big news today"
        );
        assert_eq!(clean_title("Big news today | Site", None), "Big news today");
    }
}
