//! The on-disk form of a rule pack (TOML, parsed with serde, unknown fields rejected).
//!
//! See the README section "Writing rules" for a guided tour; every field is documented here.

use serde::Deserialize;
use std::collections::BTreeMap;

/// A whole rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    /// Who the pack is for.
    pub pack: PackHeader,
    /// Language data (language packs): stop words for detection, month names for dates.
    #[serde(default)]
    pub language: Option<LanguageDef>,
    /// Thresholds of the generic heuristics (normally only in the `global` pack).
    #[serde(default)]
    pub settings: Option<SettingsDef>,
    /// The rules, applied to blocks of text whatever front end produced them.
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleDef>,
    /// HTML-only rules: selectors and class/id tokens.
    #[serde(default)]
    pub html: Option<HtmlDef>,
    /// Self-tests run by `dechrome rules test` and `cargo test`.
    #[serde(default, rename = "test")]
    pub tests: Vec<TestDef>,
}

/// Scope of a pack; decides when it is active and its precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Always active; lowest precedence.
    Global,
    /// Active when the document is in one of `languages`.
    Language,
    /// Active when `detect` finds the platform (e.g. WordPress).
    Platform,
    /// Active when the document's host is in `hosts`; highest precedence.
    Site,
}

/// The `[pack]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackHeader {
    /// Pack id: rule ids are `<pack id>/<rule id>`.
    pub id: String,
    /// global, language, platform or site.
    pub scope: Scope,
    /// Free text for humans.
    #[serde(default)]
    pub description: String,
    /// Language packs: ISO 639-1 codes served.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Site packs: host names (a subdomain of a listed host matches too).
    #[serde(default)]
    pub hosts: Vec<String>,
    /// Platform packs: how to recognise the platform.
    #[serde(default)]
    pub detect: Option<DetectDef>,
    /// Full ids of rules from lower-precedence packs to switch off while this pack is active.
    #[serde(default)]
    pub disable: Vec<String>,
}

/// How a platform pack recognises its pages.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectDef {
    /// CSS selectors; one match in an HTML page switches the pack on.
    #[serde(default)]
    pub selectors: Vec<String>,
    /// Phrases; a text line whose key equals one switches the pack on (text input).
    #[serde(default)]
    pub phrases: Vec<String>,
}

/// The `[language]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageDef {
    /// Frequent function words, used to detect the language of Latin-script text.
    #[serde(default)]
    pub stopwords: Vec<String>,
    /// `arabic`, `cyrillic` or `latin`: the script this language is written in.
    #[serde(default)]
    pub script: Option<String>,
    /// Letters that set the language apart within its script (`ąęł` for Polish, `ٹڈے` for
    /// Urdu): each one in a page's text counts towards the language in detection.
    #[serde(default)]
    pub letters: String,
    /// Twelve lists of month names (January first); each list holds all spellings.
    #[serde(default)]
    pub months: Vec<Vec<String>>,
}

/// The `[settings]` table: thresholds of the generic heuristics.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsDef {
    /// A line of at most this many words, with no end punctuation, between paragraphs is a heading.
    pub heading_max_words: Option<usize>,
    /// The title has at most this many words.
    pub title_max_words: Option<usize>,
    /// How many blocks after a title candidate may pass before prose must appear.
    pub title_lookahead: Option<usize>,
    /// A block with at least this many words is prose.
    pub prose_min_words: Option<usize>,
    /// A block that ends like a sentence and has at least this many words is prose.
    pub prose_sentence_min_words: Option<usize>,
    /// `lead`-zone rules look at this many blocks after the title.
    pub lead_blocks: Option<usize>,
    /// HTML: blocks whose link density is above this are navigation.
    pub max_link_density: Option<f32>,
}

/// How `phrases` are compared with a block's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchMode {
    /// The whole key equals the phrase.
    #[default]
    Equals,
    /// The key starts with the phrase (followed by a word boundary).
    StartsWith,
    /// The key contains the phrase as whole words.
    Contains,
}

/// What a rule does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// Drop the matching block.
    Line,
    /// Drop a label and the run of headline lines after it.
    LabelList,
    /// From the matching block on, everything is chrome (once the body has started).
    Tail,
    /// Drop matching blocks before the title (tickers, breaking-news labels, widgets).
    Head,
    /// Remove a literal marker (e.g. `[ad_1]`) wherever it occurs; drop the block if empty.
    Marker,
    /// A subscriber-only notice: drop it and set `paywalled`.
    Paywall,
    /// Extract metadata with named groups; then drop, strip or keep the text.
    Meta,
    /// A category label before the title (also glued after a `prefixes` label).
    Category,
    /// A bullet-prefixed line before the body becomes a highlight.
    Highlight,
    /// The block is an image caption.
    Caption,
    /// Never remove a matching block: beats every removal.
    Keep,
}

/// Where in the document a rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Zone {
    /// Anywhere.
    #[default]
    Any,
    /// Before the title.
    Head,
    /// The first `lead_blocks` blocks after the title.
    Lead,
    /// After the title.
    Body,
}

/// What a `meta` rule does with the text it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetaAction {
    /// Remove the block.
    #[default]
    Drop,
    /// Remove the matched prefix; the rest of the block stays.
    Strip,
    /// Leave the text as it is.
    Keep,
}

/// One `[[rule]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Stable id, unique within the pack.
    pub id: String,
    /// Where the rule is written: file and line (set at load, not read from the file).
    #[serde(skip)]
    pub origin: Option<(String, usize)>,
    /// What the rule does.
    pub kind: RuleKind,
    /// Free text for humans.
    #[serde(default)]
    pub description: String,
    /// Phrases compared with the block key (normalized, see README).
    #[serde(default)]
    pub phrases: Vec<String>,
    /// How phrases are compared.
    #[serde(default, rename = "match")]
    pub mode: MatchMode,
    /// Regular expressions over the block key.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Only blocks of at most this many words match (guards prose that mentions a phrase).
    pub max_words: Option<usize>,
    /// Where the rule applies.
    #[serde(default)]
    pub zone: Zone,
    /// label-list: a line of more words than this ends the list.
    pub item_max_words: Option<usize>,
    /// label-list: a line of at most this many words directly followed by prose is kept
    /// as a subheading (not the first item).
    pub subheading_max_words: Option<usize>,
    /// label-list: at most this many items are dropped after the label.
    pub max_items: Option<usize>,
    /// tail: the rule fires only after this many body blocks were kept.
    pub min_body_blocks: Option<usize>,
    /// head: a line split by runs of spaces into at least this many segments is a ticker.
    pub ticker_min_segments: Option<usize>,
    /// meta: regexes with named groups (`author`, `site_name`, `date`, `category`) over the
    /// emitted text of the block.
    #[serde(default)]
    pub extract: Vec<String>,
    /// meta: what to do with the matched text.
    #[serde(default)]
    pub action: MetaAction,
    /// category: the category names.
    #[serde(default)]
    pub vocabulary: Vec<String>,
    /// category: labels that may be glued before a category name (`الاخبار العاجلةسياسة`).
    #[serde(default)]
    pub prefixes: Vec<String>,
    /// paywall: everything after the notice is chrome too.
    #[serde(default)]
    pub tail: bool,
    /// Only for blocks of these kinds (HTML front end), e.g. `["heading"]`.
    #[serde(default)]
    pub kinds: Vec<String>,
}

/// The `[html]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HtmlDef {
    /// CSS selectors of elements to remove.
    #[serde(default)]
    pub strip: Vec<String>,
    /// id/class tokens (or token prefixes ending in `*`) whose elements are removed.
    #[serde(default)]
    pub strip_tokens: Vec<String>,
    /// CSS selectors of elements never removed (beats `strip`).
    #[serde(default)]
    pub keep: Vec<String>,
    /// id/class tokens (or prefixes ending in `*`) that make an element more likely to be
    /// the main content.
    #[serde(default)]
    pub boost_tokens: Vec<String>,
    /// id/class tokens (or prefixes ending in `*`) that make an element less likely to be
    /// the main content (without removing it).
    #[serde(default)]
    pub penalty_tokens: Vec<String>,
    /// id/class tokens (or patterns with `*`) that name a page layout ("SidebarLayout",
    /// "has-sidebar"): a class token matching one is never taken for chrome by the strip or
    /// penalty tokens it also matches.
    #[serde(default)]
    pub layout_tokens: Vec<String>,
    /// Strip tokens that hold on one page type only, by its name: customer reviews are chrome
    /// on a product page (`product = ["*reviews*"]`), not on a review article.
    #[serde(default)]
    pub strip_tokens_by_type: std::collections::BTreeMap<String, Vec<String>>,
    /// Tokens that do not strip on one page type, by its name: a carousel of feature slides is
    /// a landing page's content (`service = ["carousel*"]`), a photo carousel on a story is not.
    #[serde(default)]
    pub spare_tokens_by_type: std::collections::BTreeMap<String, Vec<String>>,
    /// Title selector, optionally `selector@attr`.
    pub title: Option<String>,
    /// Author selector, optionally `selector@attr`.
    pub author: Option<String>,
    /// Date selector, optionally `selector@attr`.
    pub date: Option<String>,
    /// Selector of the article body.
    pub body: Option<String>,
}

/// One `[[test]]` case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestDef {
    /// Name shown in reports.
    pub name: String,
    /// Plain-text input.
    pub input: Option<String>,
    /// HTML input.
    pub html: Option<String>,
    /// URL of the input (decides site packs).
    pub url: Option<String>,
    /// Force a language.
    pub lang: Option<String>,
    /// Substrings the cleaned text must contain.
    #[serde(default)]
    pub must_contain: Vec<String>,
    /// Substrings the cleaned text must not contain.
    #[serde(default)]
    pub must_not_contain: Vec<String>,
    /// Substrings that must occur exactly once in the cleaned text.
    #[serde(default)]
    pub must_occur_once: Vec<String>,
    /// Expected metadata values (`title`, `category`, `site_name`, `date`, `authors`,
    /// `paywalled`, `language`, `highlights`).
    #[serde(default)]
    pub expect: BTreeMap<String, toml::Value>,
}
