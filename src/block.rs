//! Blocks: the unit that every front end (text, HTML) produces and the rule engine judges.

use serde::Serialize;

use crate::normalize;

/// What a block is in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A subheading inside the body.
    Heading,
    /// A paragraph of prose.
    Paragraph,
    /// An item of a list.
    ListItem,
    /// A block quote.
    Quote,
    /// An image or video caption.
    Caption,
    /// Text of a table row.
    Table,
    /// A code block (`<pre>`), its text verbatim.
    Code,
}

impl BlockKind {
    /// The snake_case name used in JSON output and in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Heading => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::ListItem => "list_item",
            BlockKind::Quote => "quote",
            BlockKind::Caption => "caption",
            BlockKind::Table => "table",
            BlockKind::Code => "code",
        }
    }
}

/// Measurable properties of a block that rules and heuristics use.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Index of the block in the document.
    pub position: usize,
    /// Number of words.
    pub words: usize,
    /// Number of characters.
    pub chars: usize,
    /// Ends like a sentence (`.`, `!`, `…`).
    pub sentence_end: bool,
    /// Ends with any punctuation (including `?`, `:` and commas).
    pub end_punct: bool,
    /// Segments separated by runs of 3+ spaces (tickers glued on one line have many).
    pub segments: usize,
    /// Share of the text that sits inside links (HTML only; 0 for text).
    pub link_density: f32,
    /// Depth in the DOM (HTML only).
    pub depth: u16,
    /// Heading level 1–6 when the HTML said so.
    pub heading_level: Option<u8>,
    /// The HTML block had a link target (for `--format html`).
    pub links: Vec<(String, String)>,
    /// An empty line preceded the block (text input only).
    pub blank_before: bool,
}

/// A block of the document: its emitted text, its kind, its matching key and features.
#[derive(Debug, Clone)]
pub struct Block {
    /// The text as it will be emitted (tidied, original words).
    pub text: String,
    /// The kind the front end guessed; the engine may change it.
    pub kind: BlockKind,
    /// The normalized matching key of `text`.
    pub key: String,
    /// Measured features.
    pub features: Features,
}

impl Block {
    /// Builds a block from tidied text, computing the key and text features.
    pub fn new(text: String, kind: BlockKind, position: usize) -> Self {
        let words = normalize::word_count(&text);
        Self::with_words(text, kind, position, words)
    }

    /// [`Block::new`] when the caller has counted the words already.
    pub(crate) fn with_words(text: String, kind: BlockKind, position: usize, words: usize) -> Self {
        let key = normalize::key(&text);
        Self::with_key(text, kind, position, words, key)
    }

    /// [`Block::with_words`] when the caller has the key too (`key` is [`normalize::key`] of
    /// `text`).
    pub(crate) fn with_key(
        text: String,
        kind: BlockKind,
        position: usize,
        words: usize,
        key: String,
    ) -> Self {
        let features = Features {
            position,
            words,
            chars: text.chars().count(),
            sentence_end: normalize::ends_like_sentence(&text),
            end_punct: normalize::ends_with_punct(&text),
            segments: 1,
            ..Features::default()
        };
        Block {
            text,
            kind,
            key,
            features,
        }
    }

    /// Replaces the text (after a prefix was stripped, say) and refreshes key and features.
    pub fn set_text(&mut self, text: String) {
        let fresh = Block::new(text, self.kind, self.features.position);
        self.text = fresh.text;
        self.key = fresh.key;
        self.features.words = fresh.features.words;
        self.features.chars = fresh.features.chars;
        self.features.sentence_end = fresh.features.sentence_end;
        self.features.end_punct = fresh.features.end_punct;
    }
}
