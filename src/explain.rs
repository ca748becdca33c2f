//! `--explain` bookkeeping shared by every front end: where each removal's rule is written,
//! and where each metadata value came from.

use crate::article::{Article, Removed};
use crate::rules::RuleSet;

/// Fills in the rule file and line of each removal whose rule is in the set.
pub fn locate(rules: &RuleSet, removed: &mut [Removed]) {
    for r in removed {
        let origin = rules
            .by_id
            .get(&r.rule)
            .and_then(|&i| rules.rules[i].origin.as_ref());
        if let Some((file, line)) = origin {
            r.file = Some(file.clone());
            r.line = Some(*line);
        }
    }
}

/// Rules whose removals sit before the block their index names (the HTML front end's, made
/// before blocks were numbered), rather than on it.
pub const BEFORE_BLOCK: [&str; 3] = [
    "builtin/link-dense",
    "builtin/outside-content",
    "builtin/html-strip",
];

/// Puts removals in document order: by block index, those before a block ahead of those on it;
/// otherwise in the order they were made.
pub fn order(removed: &mut [Removed]) {
    removed.sort_by_key(|r| {
        (
            r.index.unwrap_or(usize::MAX),
            !BEFORE_BLOCK.contains(&r.rule.as_str()),
        )
    });
}

/// The metadata fields whose source is recorded.
const FIELDS: [&str; 8] = [
    "title",
    "authors",
    "date",
    "site_name",
    "category",
    "language",
    "description",
    "url",
];

/// Completes [`Article::sources`]: the language's source (forced, declared by the page, or
/// detected), and no source for a field that ended up empty (a date that did not parse, say).
pub fn finish_sources(article: &mut Article, forced_lang: bool, declared_lang: bool) {
    let set = [
        article.title.is_some(),
        !article.authors.is_empty(),
        article.date.is_some(),
        article.site_name.is_some(),
        article.category.is_some(),
        article.language.is_some(),
        article.description.is_some(),
        article.url.is_some(),
    ];
    let Some(s) = article.sources.as_mut() else {
        return;
    };
    if forced_lang {
        s.insert("language".into(), "option:--lang".into());
    } else if !declared_lang {
        s.insert("language".into(), "detected".into());
    }
    s.retain(|k, _| FIELDS.iter().position(|f| f == k).is_none_or(|i| set[i]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fields_lose_their_source() {
        let mut a = Article {
            title: Some("T".into()),
            sources: Some(
                [("title", "h1"), ("date", "time"), ("canonical", "link")]
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            ),
            ..Article::default()
        };
        finish_sources(&mut a, false, false);
        let s = a.sources.unwrap();
        assert_eq!(s.get("title").map(String::as_str), Some("h1"));
        assert!(!s.contains_key("date"));
        assert!(s.contains_key("canonical"));
        // No language was reported, so no source either.
        assert!(!s.contains_key("language"));
    }

    #[test]
    fn forced_language_says_so() {
        let mut a = Article {
            language: Some("ar".into()),
            sources: Some(Default::default()),
            ..Article::default()
        };
        finish_sources(&mut a, true, true);
        assert_eq!(
            a.sources.unwrap().get("language").map(String::as_str),
            Some("option:--lang")
        );
    }
}
