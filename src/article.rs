//! The cleaned article: what every front end and writer agrees on.

use serde::Serialize;

use crate::block::BlockKind;

/// One kept block of the article.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArticleBlock {
    /// heading, paragraph, list_item, quote, caption or table.
    pub kind: BlockKind,
    /// The text, original words.
    pub text: String,
    /// Links inside the block (`text`, `href`), HTML input only; used by `--format html`.
    #[serde(skip)]
    pub links: Vec<(String, String)>,
    /// Heading level when known (HTML), for `--format html`/`markdown`.
    #[serde(skip)]
    pub level: Option<u8>,
}

/// A removed piece of text and the rule that removed it (`--explain`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Removed {
    /// Rule id, e.g. `ar/read-also`, or `builtin/...` for structural heuristics.
    pub rule: String,
    /// The text removed.
    pub text: String,
}

/// A cleaned article with its metadata. Field names are a stable interface.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Article {
    /// The headline.
    pub title: Option<String>,
    /// Authors, in order of appearance.
    pub authors: Vec<String>,
    /// Publication date, ISO 8601 (date only when only a date is known).
    pub date: Option<String>,
    /// Name of the publishing site.
    pub site_name: Option<String>,
    /// Section or category.
    pub category: Option<String>,
    /// ISO 639-1 language code.
    pub language: Option<String>,
    /// Lead bullet points shown before the body.
    pub highlights: Vec<String>,
    /// A subscriber-only notice was found (the body is likely cut).
    pub paywalled: bool,
    /// Canonical URL when known.
    pub url: Option<String>,
    /// Character encoding the input was decoded from (HTML/bytes input).
    pub encoding: Option<String>,
    /// Meta description or summary when the page had one.
    pub description: Option<String>,
    /// The body: blocks joined by a blank line, captions left out (they stay in `blocks`).
    pub text: String,
    /// The body as typed blocks.
    pub blocks: Vec<ArticleBlock>,
    /// What was removed and by which rule (only with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed: Option<Vec<Removed>>,
    /// Number of blocks (or block parts) removed, for run summaries.
    #[serde(skip)]
    pub removed_count: usize,
    /// Version of dechrome that produced this output.
    pub dechrome_version: String,
    /// Hash of the rule set used.
    pub rules_hash: String,
}

impl Article {
    /// Number of words in the body.
    pub fn word_count(&self) -> usize {
        crate::normalize::word_count(&self.text)
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }
}
