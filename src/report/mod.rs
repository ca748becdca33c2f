//! The explain report: a page's blocks in document order, kept and removed, with the rule that
//! removed each one and where the rule is written, the content regions, the metadata with its
//! sources, and a summary. [`html`] writes it as one self-contained HTML file.
//!
//! The report reads only an [`Article`] made with `explain` on: its blocks and removals carry
//! block indices, its removals their rule's file and line, and `sources` says where each
//! metadata value came from.

mod escape;
pub mod html;

use std::collections::BTreeMap;

use crate::article::Article;
use crate::block::BlockKind;
use crate::explain::BEFORE_BLOCK;
use crate::rules::{RuleKind, RuleSet};

pub use escape::{dir_of, escape, safe_file_name};
pub use html::{render, render_index};

/// One page to report on.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    /// The name shown (the input's path).
    pub name: &'a str,
    /// The article, made with `explain` on.
    pub article: &'a Article,
    /// The input was plain text (one block per line) rather than HTML.
    pub text_input: bool,
}

/// Whether a row was kept or removed, and by what.
#[derive(Debug, Clone, PartialEq)]
pub enum Fate<'a> {
    /// Kept in the article, as a block of this kind.
    Kept(BlockKind),
    /// Removed.
    Removed {
        /// Rule id (`ar/read-also`, `builtin/link-dense`…).
        rule: &'a str,
        /// Rule file and line, for pack rules.
        at: Option<(&'a str, usize)>,
    },
}

/// One row of the report: a block (or a piece of one) in document order.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    /// Block index, when known.
    pub index: Option<usize>,
    /// The text.
    pub text: &'a str,
    /// Kept or removed.
    pub fate: Fate<'a>,
    /// Index into the article's regions of the region the row lies in (HTML).
    pub region: Option<usize>,
}

/// The article's kept blocks and removals merged in document order. Removals that sit before a
/// block (the HTML front end's) or on it (a stripped prefix) come ahead of the kept block.
pub fn rows(article: &Article) -> Vec<Row<'_>> {
    let removed = article.removed.as_deref().unwrap_or(&[]);
    let regions = article.regions.as_deref().unwrap_or(&[]);
    let region_of = |index: Option<usize>, before: bool| {
        let i = index?;
        regions
            .iter()
            .position(|r| i >= r.first && i < r.end && !(before && i == r.first))
    };
    let mut out = Vec::with_capacity(article.blocks.len() + removed.len());
    let mut r = removed.iter().peekable();
    for b in &article.blocks {
        let at = b.index.unwrap_or(usize::MAX);
        while let Some(x) = r.next_if(|x| x.index.unwrap_or(usize::MAX) <= at) {
            out.push(removed_row(x, &region_of));
        }
        out.push(Row {
            index: b.index,
            text: &b.text,
            fate: Fate::Kept(b.kind),
            region: region_of(b.index, false),
        });
    }
    out.extend(r.map(|x| removed_row(x, &region_of)));
    out
}

fn removed_row<'a>(
    x: &'a crate::article::Removed,
    region_of: &impl Fn(Option<usize>, bool) -> Option<usize>,
) -> Row<'a> {
    let before = BEFORE_BLOCK.contains(&x.rule.as_str());
    let outside = before && x.rule != "builtin/link-dense";
    Row {
        index: x.index,
        text: &x.text,
        fate: Fate::Removed {
            rule: &x.rule,
            at: x.file.as_deref().zip(x.line),
        },
        region: if outside {
            None
        } else {
            region_of(x.index, before)
        },
    }
}

/// The kind of a removal's rule, for colouring: the pack rule's kind (`line`, `label-list`,
/// `tail`…) or the heuristic's family (`title`, `outside`, `strip`, `dense`, `heuristic`).
pub fn rule_class(rule: &str, rules: &RuleSet) -> &'static str {
    match rule {
        "builtin/title" => return "title",
        "builtin/outside-content" => return "outside",
        "builtin/html-strip" => return "strip",
        "builtin/link-dense" => return "dense",
        _ => {}
    }
    let Some(&i) = rules.by_id.get(rule) else {
        return "heuristic";
    };
    match rules.rules[i].kind {
        RuleKind::Line => "line",
        RuleKind::LabelList => "label-list",
        RuleKind::Tail => "tail",
        RuleKind::Head => "head",
        RuleKind::Marker => "marker",
        RuleKind::Paywall => "paywall",
        RuleKind::Meta => "meta",
        RuleKind::Category => "category",
        RuleKind::Highlight => "highlight",
        RuleKind::Caption | RuleKind::Keep => "heuristic",
    }
}

/// What a rule or heuristic family means, for the report's legend.
pub const CLASSES: [(&str, &str); 14] = [
    ("line", "line rule: the block is chrome"),
    (
        "label-list",
        "label-list rule: a label and the headlines after it",
    ),
    ("tail", "tail rule: everything from here on"),
    ("head", "head rule: chrome before the title"),
    ("marker", "marker rule: a literal marker"),
    ("paywall", "paywall notice"),
    (
        "meta",
        "meta rule: byline or dateline, read into the metadata",
    ),
    ("category", "category label, read into the metadata"),
    ("highlight", "highlight, moved to the highlights"),
    ("title", "the title, moved to the metadata"),
    ("dense", "heuristic: mostly link text"),
    ("heuristic", "heuristic (before the title, repeated title…)"),
    ("strip", "HTML strip selector, class/id token or container"),
    ("outside", "outside the content regions the scorer chose"),
];

/// Counts for the summary and the index page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Blocks kept.
    pub kept: usize,
    /// Removals (blocks or pieces of blocks).
    pub removed: usize,
    /// Removals per rule id, with the rule's file and line when known.
    pub by_rule: BTreeMap<String, (usize, Option<(String, usize)>)>,
}

/// Counts kept blocks and removals by rule.
pub fn summary(article: &Article) -> Summary {
    let mut s = Summary {
        kept: article.blocks.len(),
        ..Summary::default()
    };
    for r in article.removed.as_deref().unwrap_or(&[]) {
        s.removed += 1;
        let e = s
            .by_rule
            .entry(r.rule.clone())
            .or_insert_with(|| (0, r.file.clone().zip(r.line)));
        e.0 += 1;
    }
    s
}

/// One line of the index page of a directory report.
#[derive(Debug, Clone)]
pub struct IndexEntry {
    /// The input's path, as shown.
    pub name: String,
    /// The report's file name, relative to the index (made of safe characters).
    pub report: String,
    /// The page's title.
    pub title: Option<String>,
    /// The page type's name.
    pub page_type: &'static str,
    /// Blocks kept.
    pub kept: usize,
    /// Removals.
    pub removed: usize,
    /// Why the page has no report (it could not be read or cleaned).
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cleaner;

    fn explained(text: &str) -> Article {
        let c = Cleaner::builder().explain(true).build().unwrap();
        c.clean_text(text)
    }

    const PAGE: &str = "Breaking News\n\nA title for the story\n\nThe body of the story is a long paragraph that readers came for, with enough words to be prose.\n\nRead also\nAnother headline elsewhere\n\nThe second paragraph of the story goes on with more words so that it counts as prose too.\n\nLeave a Reply";

    #[test]
    fn rows_follow_document_order() {
        let a = explained(PAGE);
        let rows = rows(&a);
        let idx: Vec<usize> = rows.iter().map(|r| r.index.unwrap()).collect();
        let mut sorted = idx.clone();
        sorted.sort_unstable();
        assert_eq!(idx, sorted, "rows in document order");
        assert_eq!(rows.len(), 7, "every line is a row: {rows:?}");
        assert!(rows.iter().any(|r| r.text == "Another headline elsewhere"
            && matches!(&r.fate, Fate::Removed { rule, at: Some((file, line)) }
                if rule.starts_with("en/") && file.ends_with(".toml") && *line > 0)));
        assert!(matches!(
            rows[1].fate,
            Fate::Removed {
                rule: "builtin/title",
                ..
            }
        ));
    }

    #[test]
    fn summary_counts_by_rule() {
        let a = explained(PAGE);
        let s = summary(&a);
        assert_eq!(s.kept, 2);
        assert_eq!(s.removed, 5);
        assert_eq!(s.by_rule.values().map(|v| v.0).sum::<usize>(), 5);
    }

    #[test]
    fn every_rule_kind_has_a_legend_line() {
        let c = Cleaner::new().unwrap();
        for r in &c.rules().rules {
            let class = rule_class(&r.id, c.rules());
            assert!(CLASSES.iter().any(|(k, _)| *k == class), "{class}");
        }
    }
}
