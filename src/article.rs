//! The cleaned article: what every front end and writer agrees on.

use std::collections::BTreeMap;

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
    /// Place of the block among the page's blocks, in document order (only with `--explain`):
    /// removals carry the same numbering, so kept and removed text can be interleaved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}

/// A removed piece of text and the rule that removed it (`--explain`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Removed {
    /// Rule id, e.g. `ar/read-also`, or `builtin/...` for structural heuristics.
    pub rule: String,
    /// The text removed.
    pub text: String,
    /// Place of the block in document order (see [`ArticleBlock::index`]). A removal made by the
    /// HTML front end before the blocks were numbered carries the index of the block after it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// The rule file that holds the rule (`rules/lang/ar.toml`, or a user file's path); none for
    /// `builtin/...` heuristics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Line of the rule in [`Removed::file`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl Removed {
    /// A removal by `rule` of `text`, at block `index` when known; file and line are filled in
    /// later from the rule set.
    pub fn new(rule: impl Into<String>, text: String, index: Option<usize>) -> Self {
        Removed {
            rule: rule.into(),
            text,
            index,
            file: None,
            line: None,
        }
    }
}

/// A content region the HTML front end chose (`--explain`): its blocks are
/// `first..end` in [`ArticleBlock::index`] numbering.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Region {
    /// The element, as `<tag>`.
    pub element: String,
    /// Index of its first block.
    pub first: usize,
    /// Index after its last block.
    pub end: usize,
}

/// What kind of page the content came from; it chooses the extraction policy, and a crawler can
/// drop what it does not want (listings, say).
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum PageType {
    /// A news story, blog post or essay: one body of prose.
    #[default]
    Article,
    /// A discussion or Q&A thread: the first post and the replies.
    Forum,
    /// One product: its description and specifications.
    Product,
    /// A category or shop page: product cards.
    Collection,
    /// An index of headlines or posts (a front page, an archive, search results).
    Listing,
    /// Technical documentation: prose with code blocks.
    Documentation,
    /// A service or landing page: hero, feature sections, FAQ, pricing.
    Service,
}

impl PageType {
    /// Every page type, in a fixed order.
    pub const ALL: [PageType; 7] = [
        PageType::Article,
        PageType::Forum,
        PageType::Product,
        PageType::Collection,
        PageType::Listing,
        PageType::Documentation,
        PageType::Service,
    ];

    /// One bit per type, in the order of [`PageType::ALL`] (for sets of types).
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// The name used in outputs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            PageType::Article => "article",
            PageType::Forum => "forum",
            PageType::Product => "product",
            PageType::Collection => "collection",
            PageType::Listing => "listing",
            PageType::Documentation => "documentation",
            PageType::Service => "service",
        }
    }

    /// The page type of that name (`documentation` also answers to `docs`).
    pub fn from_name(name: &str) -> Option<PageType> {
        let name = name.trim().to_ascii_lowercase();
        if name == "docs" {
            return Some(PageType::Documentation);
        }
        PageType::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// Why a page got its type (`--explain`): each type's score, the features that weighed most for
/// the winner, and every feature's value.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct PageTypeWhy {
    /// Score of each page type (the highest wins).
    pub scores: BTreeMap<String, f64>,
    /// The winner's largest contributions, as `feature +weight×value`.
    pub reasons: Vec<String>,
    /// Every feature's value.
    pub features: BTreeMap<String, f64>,
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
    /// Kind of page: article, forum, product, collection, listing, documentation or service.
    pub page_type: PageType,
    /// Why the page got its type (only with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_type_why: Option<PageTypeWhy>,
    /// The body: blocks joined by a blank line, captions left out (they stay in `blocks`).
    pub text: String,
    /// The body as typed blocks.
    pub blocks: Vec<ArticleBlock>,
    /// What was removed and by which rule (only with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed: Option<Vec<Removed>>,
    /// The content regions the HTML front end chose (only with `--explain`, HTML input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<Region>>,
    /// Where each metadata value came from, by field (`title`, `date`, `authors`…): `json-ld`,
    /// `meta:article:published_time`, `time`, `url`, a byline rule id… (only with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources: Option<BTreeMap<String, String>>,
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
