//! JSON-LD: lenient parsing (comments, CDATA, control characters, trailing commas, several
//! objects in one script), `@graph` and nested objects, `@id` references, and the fields the
//! metadata needs from the page's main item.

use std::collections::HashMap;

use serde_json::{Map, Value};

type Obj = Map<String, Value>;

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
    "discussionforumposting",
    "qapage",
    "question",
    "review",
    "howto",
    "recipe",
    "videoobject",
    "podcastepisode",
    "creativework",
];

const PAGE_TYPES: &[&str] = &[
    "webpage",
    "itempage",
    "aboutpage",
    "faqpage",
    "collectionpage",
    "profilepage",
    "medicalwebpage",
];

const PERSON: &str = "person";

/// What JSON-LD says about the page.
#[derive(Debug, Default)]
pub struct LdInfo {
    /// `headline` (or `name`) of the main item.
    pub headline: Option<String>,
    /// `datePublished` (or `dateCreated`, `uploadDate`) of the main item.
    pub published: Option<String>,
    /// `dateModified`.
    pub modified: Option<String>,
    /// Author names that are people.
    pub persons: Vec<String>,
    /// Author names that are organisations (or of unknown type equal to the publisher).
    pub orgs: Vec<String>,
    /// Publisher name.
    pub publisher: Option<String>,
    /// `articleSection`, `description`, `inLanguage`.
    pub section: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Language.
    pub language: Option<String>,
    /// `articleBody`, when long.
    pub body: Option<String>,
    /// Whether the item was an article type (rather than a web page).
    pub from_article: bool,
}

/// Parses a script's text, forgiving the usual mistakes; returns every top-level value.
pub fn parse_lenient(raw: &str) -> Vec<Value> {
    let mut s = raw.trim();
    for p in ["<!--", "//<![CDATA[", "<![CDATA["] {
        s = s.strip_prefix(p).unwrap_or(s).trim_start();
    }
    for p in ["-->", "//]]>", "]]>"] {
        s = s.strip_suffix(p).unwrap_or(s).trim_end();
    }
    if let Some(v) = stream(s) {
        return v;
    }
    // Raw control characters inside strings, trailing commas.
    let mut fixed = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().map(|c| if c < ' ' { ' ' } else { c }).collect();
    let mut in_str = false;
    let mut esc = false;
    for (i, &c) in chars.iter().enumerate() {
        if in_str {
            fixed.push(c);
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        if c == '"' {
            in_str = true;
        } else if c == ',' {
            let next = chars[i + 1..].iter().find(|x| !x.is_whitespace());
            if matches!(next, Some('}' | ']') | None) {
                continue;
            }
        }
        fixed.push(c);
    }
    stream(&fixed).unwrap_or_default()
}

fn stream(s: &str) -> Option<Vec<Value>> {
    let mut out = Vec::new();
    for v in serde_json::Deserializer::from_str(s).into_iter::<Value>() {
        match v {
            Ok(v) => out.push(v),
            Err(_) if out.is_empty() => return None,
            Err(_) => break,
        }
    }
    Some(out)
}

fn types(o: &Obj) -> Vec<String> {
    match o.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_ascii_lowercase))
            .collect(),
        _ => Vec::new(),
    }
}

fn walk<'a>(v: &'a Value, out: &mut Vec<&'a Obj>, depth: usize) {
    if depth > 10 || out.len() > 2000 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| walk(x, out, depth + 1)),
        Value::Object(o) => {
            out.push(o);
            for (k, x) in o {
                if k != "author" && k != "publisher" && (x.is_object() || x.is_array()) {
                    walk(x, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

fn text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => return a.iter().find_map(text),
        Value::Object(o) => return o.get("name").and_then(text),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let s = crate::normalize::tidy(&super::entities::decode(&s));
    (!s.is_empty()).then_some(s)
}

/// Names of `v` (a string, a Person, an Organization, an `@id` reference, or a list), each
/// with whether it is a person.
fn names(v: &Value, ids: &HashMap<&str, &Obj>, out: &mut Vec<(String, bool)>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::String(s) => {
            if let Some(n) = text(&Value::String(s.clone())) {
                out.push((n, true));
            }
        }
        Value::Array(a) => a.iter().for_each(|x| names(x, ids, out, depth + 1)),
        Value::Object(o) => {
            let o = match (o.get("name"), o.get("@id").and_then(Value::as_str)) {
                (None, Some(id)) => match ids.get(id) {
                    Some(r) => *r,
                    None => return,
                },
                _ => o,
            };
            let t = types(o);
            let person = t.is_empty() || t.iter().any(|x| x == PERSON);
            if let Some(n) = o.get("name").and_then(text) {
                out.push((n, person));
            }
        }
        _ => {}
    }
}

/// Reads the values of every JSON-LD script of the page (see [`parse_lenient`]).
pub fn read(values: &[Value]) -> LdInfo {
    let mut objs = Vec::new();
    for v in values {
        walk(v, &mut objs, 0);
    }
    let ids: HashMap<&str, &Obj> = objs
        .iter()
        .filter(|o| o.contains_key("name"))
        .filter_map(|o| Some((o.get("@id")?.as_str()?, *o)))
        .collect();
    let mut info = LdInfo::default();
    let rank = |o: &Obj| {
        let t = types(o);
        if t.iter().any(|x| ARTICLE_TYPES.contains(&x.as_str())) {
            2
        } else if t.iter().any(|x| PAGE_TYPES.contains(&x.as_str())) {
            1
        } else {
            0
        }
    };
    let mut items: Vec<&Obj> = objs.iter().copied().filter(|o| rank(o) > 0).collect();
    items.sort_by_key(|o| std::cmp::Reverse(rank(o)));
    for o in items {
        let article = rank(o) == 2;
        if info.headline.is_none() && article {
            info.headline = o.get("headline").and_then(text).or_else(|| {
                types(o)
                    .iter()
                    .any(|t| t.contains("article") || t == "blogposting")
                    .then(|| o.get("name").and_then(text))
                    .flatten()
            });
        }
        if info.published.is_none() {
            info.published = ["datePublished", "dateCreated", "uploadDate"]
                .iter()
                .find_map(|k| o.get(*k).and_then(text));
            info.from_article |= info.published.is_some() && article;
        }
        if info.modified.is_none() {
            info.modified = o.get("dateModified").and_then(text);
        }
        if info.persons.is_empty() && info.orgs.is_empty() {
            if let Some(a) = o.get("author").or_else(|| o.get("creator")) {
                let mut found = Vec::new();
                names(a, &ids, &mut found, 0);
                for (n, person) in found {
                    if n.starts_with("http") {
                        continue;
                    }
                    if person {
                        info.persons.push(n);
                    } else {
                        info.orgs.push(n);
                    }
                }
            }
        }
        if info.publisher.is_none() {
            if let Some(p) = o.get("publisher") {
                let mut found = Vec::new();
                names(p, &ids, &mut found, 0);
                info.publisher = found.into_iter().next().map(|x| x.0);
            }
        }
        if article {
            info.section = info
                .section
                .take()
                .or_else(|| o.get("articleSection").and_then(text));
            info.description = info
                .description
                .take()
                .or_else(|| o.get("description").and_then(text));
            info.language = info
                .language
                .take()
                .or_else(|| o.get("inLanguage").and_then(text));
            if info.body.is_none() {
                info.body = o
                    .get("articleBody")
                    .and_then(Value::as_str)
                    .filter(|b| b.len() > 200)
                    .map(str::to_string);
            }
        }
    }
    // A "person" named like the publisher is the organisation.
    if let Some(p) = &info.publisher {
        let pk = crate::normalize::key(p);
        let (orgs, persons): (Vec<_>, Vec<_>) = std::mem::take(&mut info.persons)
            .into_iter()
            .partition(|n| crate::normalize::key(n) == pk);
        info.persons = persons;
        info.orgs.extend(orgs);
    }
    info
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_references_and_sloppy_json() {
        let yoast = r#"<!--{"@context":"https://schema.org","@graph":[
 {"@type":"Article","headline":"Big &amp; news","datePublished":"2024-01-02T03:04:05+00:00",
  "dateModified":"2024-02-01","author":{"@id":"https://x/#/person/1"},
  "publisher":{"@id":"https://x/#org"},},
 {"@type":"Person","@id":"https://x/#/person/1","name":"Jane
 Doe"},
 {"@type":"Organization","@id":"https://x/#org","name":"X News"}]}-->"#;
        let info = read(&parse_lenient(yoast));
        assert_eq!(info.headline.as_deref(), Some("Big & news"));
        assert_eq!(info.published.as_deref(), Some("2024-01-02T03:04:05+00:00"));
        assert_eq!(info.modified.as_deref(), Some("2024-02-01"));
        assert_eq!(info.persons, vec!["Jane Doe".to_string()]);
        assert_eq!(info.publisher.as_deref(), Some("X News"));
    }

    #[test]
    fn people_before_organisations() {
        let s = r#"[{"@type":"NewsArticle","author":[{"@type":"Organization","name":"Desk"},
            {"@type":"Person","name":"A B"}],"datePublished":"2020-01-01"}]"#;
        let info = read(&parse_lenient(s));
        assert_eq!(info.persons, vec!["A B".to_string()]);
        assert_eq!(info.orgs, vec!["Desk".to_string()]);
    }
}
