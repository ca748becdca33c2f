//! Id/class tokens of the packs: each pack's sets (`strip`, `keep`, `boost`, `penalty`,
//! `layout`, and strips for one page type), and one index over all of them that a page's tokens
//! are matched against.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::{HashMap, HashSet};

use super::compile::Pack;

/// Where a token pattern must sit in a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    /// `share*`
    Prefix,
    /// `*-share`
    Suffix,
    /// `*comment*`
    Anywhere,
}

/// A set of id/class tokens: exact ones, prefixes (`share*`), suffixes (`*-share`) and
/// substrings (`*comment*`). Pages are matched through the [`TokenIndex`] of all packs' sets.
#[derive(Debug, Default, Clone)]
pub struct TokenSet {
    /// Exact tokens, lower-case.
    pub exact: HashSet<String>,
    /// Patterns and where they must sit.
    patterns: Vec<(String, Anchor)>,
}

impl TokenSet {
    /// Builds a set from specs: `tok`, `prefix*`, `*suffix`, `*substring*`.
    pub fn from_specs(specs: &[String]) -> Self {
        let mut t = TokenSet::default();
        for s in specs {
            let s = s.to_ascii_lowercase();
            let (body, anchor) = match (s.strip_prefix('*'), s.strip_suffix('*')) {
                (Some(_), Some(_)) if s.len() > 2 => (&s[1..s.len() - 1], Some(Anchor::Anywhere)),
                (None, Some(p)) => (p, Some(Anchor::Prefix)),
                (Some(x), None) => (x, Some(Anchor::Suffix)),
                _ => (s.as_str(), None),
            };
            match anchor {
                Some(a) if !body.is_empty() => t.patterns.push((body.to_string(), a)),
                _ => {
                    t.exact.insert(s.clone());
                }
            }
        }
        t
    }

    /// Whether `token` (lower-case) is in the set (one set alone; see [`TokenIndex`]).
    pub fn contains(&self, token: &str) -> bool {
        self.exact.contains(token)
            || self.patterns.iter().any(|(p, a)| match a {
                Anchor::Prefix => token.starts_with(p.as_str()),
                Anchor::Suffix => token.ends_with(p.as_str()),
                Anchor::Anywhere => token.contains(p.as_str()),
            })
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.patterns.is_empty()
    }
}

/// Which of a pack's token sets an entry of the [`TokenIndex`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TokenKind {
    /// `html.strip` tokens: the element is chrome.
    Strip,
    /// `html.keep` tokens: the element is never removed.
    Keep,
    /// `html.boost`: raises a content candidate's score.
    Boost,
    /// `html.penalty`: lowers it.
    Penalty,
    /// `html.layout_tokens`: a layout name; the token's strip and penalty matches do not count.
    Layout,
    /// `html.strip_tokens_by_type`: chrome on pages of one type (its bit in
    /// [`crate::PageType::bit`]), such as customer reviews on a product page.
    TypeStrip(u8),
    /// `html.spare_tokens_by_type`: not chrome on pages of one type, whatever the strip tokens
    /// say (a carousel of feature slides on a landing page).
    TypeSpare(u8),
}

/// The sets of one pack in the order the index and its checks walk them.
pub(super) fn sets_of(h: &super::compile::HtmlRules) -> Vec<(&TokenSet, TokenKind)> {
    let mut v = vec![
        (&h.strip_tokens, TokenKind::Strip),
        (&h.keep_tokens, TokenKind::Keep),
        (&h.boost_tokens, TokenKind::Boost),
        (&h.penalty_tokens, TokenKind::Penalty),
        (&h.layout_tokens, TokenKind::Layout),
    ];
    v.extend(
        h.type_strip_tokens
            .iter()
            .map(|(bit, set)| (set, TokenKind::TypeStrip(*bit))),
    );
    v.extend(
        h.type_spare_tokens
            .iter()
            .map(|(bit, set)| (set, TokenKind::TypeSpare(*bit))),
    );
    v
}

/// The id/class token sets of every pack in one index: one hash probe and one automaton scan
/// per token, whatever the number of packs; the caller keeps the entries of its active packs.
#[derive(Debug, Default)]
pub struct TokenIndex {
    exact: ahash::AHashMap<String, Vec<(u32, TokenKind)>>,
    /// Per automaton pattern: where it must sit, and its pack and set.
    targets: Vec<Vec<(Anchor, u32, TokenKind)>>,
    automaton: Option<AhoCorasick>,
}

impl TokenIndex {
    pub(super) fn build(packs: &[Pack]) -> Self {
        let mut idx = TokenIndex::default();
        let mut bodies: Vec<String> = Vec::new();
        let mut slot_of: HashMap<String, usize> = HashMap::new();
        for (p, pack) in packs.iter().enumerate() {
            let h = &pack.html;
            for (set, kind) in sets_of(h) {
                for t in &set.exact {
                    idx.exact
                        .entry(t.clone())
                        .or_default()
                        .push((p as u32, kind));
                }
                for (body, anchor) in &set.patterns {
                    let slot = *slot_of.entry(body.clone()).or_insert_with(|| {
                        bodies.push(body.clone());
                        idx.targets.push(Vec::new());
                        bodies.len() - 1
                    });
                    idx.targets[slot].push((*anchor, p as u32, kind));
                }
            }
        }
        if !bodies.is_empty() {
            idx.automaton = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&bodies)
                .ok();
        }
        idx
    }

    /// Calls `f(pack, set)` for every pack set that holds `token` (lower-case).
    pub fn each_match(&self, token: &str, mut f: impl FnMut(usize, TokenKind)) {
        if let Some(hits) = self.exact.get(token) {
            for &(p, k) in hits {
                f(p as usize, k);
            }
        }
        let Some(ac) = &self.automaton else {
            return;
        };
        for m in ac.find_overlapping_iter(token) {
            for &(anchor, p, k) in &self.targets[m.pattern().as_usize()] {
                let ok = match anchor {
                    Anchor::Prefix => m.start() == 0,
                    Anchor::Suffix => m.end() == token.len(),
                    Anchor::Anywhere => true,
                };
                if ok {
                    f(p as usize, k);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    #[test]
    fn token_patterns_are_anchored_as_written() {
        let specs: Vec<String> = ["ad", "share*", "*-gallery", "*comment*"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let t = TokenSet::from_specs(&specs);
        assert!(t.contains("ad"));
        assert!(!t.contains("ads"));
        assert!(t.contains("share-row"));
        assert!(!t.contains("reshare"));
        assert!(t.contains("asset-gallery"));
        assert!(!t.contains("asset-gallery-wrap"));
        assert!(t.contains("post-comments-area"));
    }

    /// The index over all packs answers as each pack's set does alone.
    #[test]
    fn token_index_agrees_with_each_set() {
        let rules = RuleSet::compile(crate::rules::builtin_sources()).expect("embedded packs");
        let probes = [
            "share",
            "share-row",
            "reshare",
            "post-share",
            "comments",
            "comment-form",
            "related-posts",
            "entry-content",
            "ad",
            "ads",
            "advert",
            "widget",
            "sidebar",
            "article-body",
            "post",
            "nav",
            "menu-item",
            "footer",
            "x",
            "",
        ];
        let mut matched = 0;
        for token in probes {
            let mut from_index = Vec::new();
            rules
                .tokens
                .each_match(token, |p, k| from_index.push((p, k)));
            from_index.sort();
            from_index.dedup();
            let mut from_sets = Vec::new();
            for (p, pack) in rules.packs.iter().enumerate() {
                let h = &pack.html;
                for (set, kind) in sets_of(h) {
                    if set.contains(token) {
                        from_sets.push((p, kind));
                    }
                }
            }
            from_sets.sort();
            assert_eq!(from_index, from_sets, "{token:?}");
            matched += usize::from(!from_sets.is_empty());
        }
        assert!(
            matched >= 5,
            "the probes should hit the packs' tokens: {matched}"
        );
    }

    #[test]
    fn type_strips_name_a_known_page_type() {
        let pack = |ty: &str| {
            crate::rules::Source {
            name: "user/typed.toml".into(),
            text: format!(
                "[pack]\nid = \"typed\"\nscope = \"global\"\n\n[html.strip_tokens_by_type]\n{ty} = [\"*reviews*\"]\n"
            ),
        }
        };
        let rules = RuleSet::compile(vec![pack("product")]).expect("compiles");
        let mut kinds = Vec::new();
        rules
            .tokens
            .each_match("product-reviews", |_, k| kinds.push(k));
        let bit = crate::article::PageType::Product.bit();
        assert_eq!(kinds, vec![TokenKind::TypeStrip(bit)]);
        let err = RuleSet::compile(vec![pack("gadget")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown page type `gadget`"), "{err}");
    }
}
