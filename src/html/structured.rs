//! What the page's JSON-LD says beyond the head's metadata: its types (for the page type) and
//! the texts that stand in for a body the visible page lacks (a product's description, a
//! forum post's text, an article's `articleBody`).

use serde_json::Value;

/// Types and texts from the page's JSON-LD.
#[derive(Debug, Default)]
pub(super) struct Structured {
    /// Every `@type`, lower case (nested objects and `@graph` included).
    pub(super) types: Vec<String>,
    /// The `description` of a `Product`.
    pub(super) product_description: Option<String>,
    /// The `text` or `articleBody` of a forum posting or question.
    pub(super) posting_text: Option<String>,
}

fn types_of(o: &serde_json::Map<String, Value>) -> Vec<String> {
    match o.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_ascii_lowercase)
            .collect(),
        _ => Vec::new(),
    }
}

fn text_field(o: &serde_json::Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| {
        let t = crate::normalize::tidy(o.get(*k)?.as_str()?);
        (!t.is_empty()).then_some(t)
    })
}

impl Structured {
    fn walk(&mut self, v: &Value, depth: usize) {
        if depth > 8 || self.types.len() > 64 {
            return;
        }
        match v {
            Value::Object(o) => {
                let types = types_of(o);
                if self.product_description.is_none() && types.iter().any(|t| t == "product") {
                    self.product_description = text_field(o, &["description"]);
                }
                let posting = types.iter().any(|t| {
                    matches!(t.as_str(), "discussionforumposting" | "question" | "qapage")
                });
                if self.posting_text.is_none() && posting {
                    self.posting_text = text_field(o, &["text", "articleBody"]);
                }
                self.types.extend(types);
                for (k, x) in o {
                    if matches!(
                        k.as_str(),
                        "@graph" | "mainEntity" | "mainEntityOfPage" | "itemListElement"
                    ) {
                        self.walk(x, depth + 1);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| self.walk(x, depth + 1)),
            _ => {}
        }
    }
}

/// Reads the values of the page's JSON-LD scripts (parsed by [`crate::meta::jsonld::parse_lenient`]).
pub(super) fn read(values: &[Value]) -> Structured {
    let mut s = Structured::default();
    for v in values {
        s.walk(v, 0);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_texts_from_nested_json_ld() {
        let page = r#"<html><head><script type="application/ld+json">
{"@context":"https://schema.org","@graph":[{"@type":["WebPage"]},
 {"@type":"Product","name":"Lamp","description":"A brass lamp with a linen shade."}]}
</script><script type="application/ld+json">{"@type":"DiscussionForumPosting",
 "text":"How do I wire a lamp?"}</script><script type="application/ld+json">{oops</script>
</head><body></body></html>"#;
        let limits = crate::cleaner::Limits::default();
        let dom = super::super::parse::parse(page, &limits, std::time::Instant::now()).unwrap();
        let info = super::super::meta::head_info(&dom, None, None);
        let s = read(&info.ld);
        assert_eq!(s.types, ["webpage", "product", "discussionforumposting"]);
        assert_eq!(
            s.product_description.as_deref(),
            Some("A brass lamp with a linen shade.")
        );
        assert_eq!(s.posting_text.as_deref(), Some("How do I wire a lamp?"));
    }
}
