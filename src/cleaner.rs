//! [`Cleaner`]: rules compiled once, shared across threads, one pipeline from bytes to
//! [`Article`]: decode → front end (text or HTML) → blocks → rule engine → article.

use std::path::PathBuf;
use std::time::Instant;

use crate::article::Article;
use crate::engine::{self, Document, EngineOptions, PageMeta};
use crate::error::{Error, Result};
use crate::html;
use crate::rules::{self, RuleSet};
use crate::{text, text_input};

/// Budgets that keep one document from taking the machine.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest input accepted, in bytes (after decompression).
    pub max_bytes: u64,
    /// Most DOM nodes an HTML page may have.
    pub max_nodes: usize,
    /// Deepest DOM nesting looked into; deeper content is flattened into its ancestor.
    pub max_depth: usize,
    /// Time budget per document, in milliseconds (0: none).
    pub timeout_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 * 1024 * 1024,
            max_nodes: 2_000_000,
            max_depth: 256,
            timeout_ms: 30_000,
        }
    }
}

impl Limits {
    /// `Err(Timeout)` once more than `timeout_ms` have passed since `started`.
    pub fn check_time(&self, started: Instant) -> Result<()> {
        if self.timeout_ms > 0 && started.elapsed().as_millis() as u64 > self.timeout_ms {
            return Err(Error::Timeout {
                budget_ms: self.timeout_ms,
            });
        }
        Ok(())
    }
}

/// How the input should be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputKind {
    /// Sniff: HTML when it looks like markup, text otherwise.
    #[default]
    Auto,
    /// Always HTML.
    Html,
    /// Always plain text.
    Text,
}

/// What the caller knows about a document besides its bytes.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// URL of the page (decides site packs; a TLD hints the encoding).
    pub url: Option<String>,
    /// Charset from the transport (HTTP header, `--charset`).
    pub charset: Option<String>,
    /// Content type from the transport (`text/html; charset=...`).
    pub content_type: Option<String>,
    /// Text, HTML or sniff.
    pub input: InputKind,
    /// When the page was fetched (ISO 8601 day or date-time, e.g. a WARC record's `WARC-Date`):
    /// the reference that relative dates on the page ("2 days ago") are read against.
    pub fetched: Option<String>,
}

/// Options fixed when the cleaner is built.
#[derive(Debug, Clone)]
pub struct CleanerOptions {
    /// Use site packs (default true).
    pub site_rules: bool,
    /// Force a language instead of detecting it.
    pub lang: Option<String>,
    /// Record what was removed and why.
    pub explain: bool,
    /// Budgets.
    pub limits: Limits,
}

impl Default for CleanerOptions {
    fn default() -> Self {
        CleanerOptions {
            site_rules: true,
            lang: None,
            explain: false,
            limits: Limits::default(),
        }
    }
}

/// Builds a [`Cleaner`]: built-in packs plus user rule directories.
#[derive(Debug, Clone, Default)]
pub struct CleanerBuilder {
    dirs: Vec<PathBuf>,
    sources: Vec<rules::Source>,
    no_builtin: bool,
    options: CleanerOptions,
}

impl CleanerBuilder {
    /// Adds a directory of rule files (`*.toml`, recursive). A rule with the id of a
    /// built-in rule replaces it.
    pub fn rules_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dirs.push(dir.into());
        self
    }

    /// Adds one rule file given as text.
    pub fn rules_text(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.sources.push(rules::Source {
            name: name.into(),
            text: text.into(),
        });
        self
    }

    /// Leaves the built-in packs out.
    pub fn no_builtin(mut self) -> Self {
        self.no_builtin = true;
        self
    }

    /// Turns site packs on or off (language and platform packs stay).
    pub fn site_rules(mut self, on: bool) -> Self {
        self.options.site_rules = on;
        self
    }

    /// Forces a language (ISO 639-1) instead of detecting it; `None` detects.
    pub fn language(mut self, lang: Option<String>) -> Self {
        self.options.lang = lang;
        self
    }

    /// Records removals in [`Article::removed`].
    pub fn explain(mut self, on: bool) -> Self {
        self.options.explain = on;
        self
    }

    /// Sets the budgets.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.options.limits = limits;
        self
    }

    /// Parses and compiles every pack. Errors name the file, line and column.
    pub fn build(self) -> Result<Cleaner> {
        let mut sources = if self.no_builtin {
            Vec::new()
        } else {
            rules::builtin_sources()
        };
        for d in &self.dirs {
            sources.extend(rules::dir_sources(d)?);
        }
        sources.extend(self.sources);
        Ok(Cleaner {
            rules: RuleSet::compile(sources)?,
            options: self.options,
        })
    }
}

/// Cleans documents. Build it once; it is `Send + Sync`, so share it across threads.
///
/// ```
/// let cleaner = dechrome::Cleaner::new().unwrap();
/// let page = "عاجل\n\nعنوان المقال هنا\n\nهذه فقرة طويلة من نص المقال تتحدث عن موضوع مهم وتشرح التفاصيل الكاملة للقارئ بوضوح تام ودقة كبيرة.\n\nاقرأ أيضاً\nعنوان خبر آخر\n\nفقرة ثانية من نص المقال تكمل الحديث عن الموضوع وتضيف معلومات جديدة مفيدة للقارئ الكريم في هذا السياق.";
/// let article = cleaner.clean_text(page);
/// assert_eq!(article.title.as_deref(), Some("عنوان المقال هنا"));
/// assert_eq!(article.blocks.len(), 2);
/// assert!(!article.text.contains("اقرأ أيضاً"));
/// ```
#[derive(Debug)]
pub struct Cleaner {
    rules: RuleSet,
    options: CleanerOptions,
}

impl Cleaner {
    /// A cleaner with the built-in packs and default options.
    pub fn new() -> Result<Cleaner> {
        Cleaner::builder().build()
    }

    /// Starts a builder.
    pub fn builder() -> CleanerBuilder {
        CleanerBuilder::default()
    }

    /// The compiled rules.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The options the cleaner was built with.
    pub fn options(&self) -> &CleanerOptions {
        &self.options
    }

    fn engine_options(&self) -> EngineOptions {
        EngineOptions {
            site_rules: self.options.site_rules,
            lang: self.options.lang.clone(),
            explain: self.options.explain,
        }
    }

    fn finish(&self, mut article: Article) -> Article {
        article.dechrome_version = env!("CARGO_PKG_VERSION").to_string();
        article.rules_hash = self.rules.hash.clone();
        article
    }

    /// Cleans plain text that still holds site chrome.
    pub fn clean_text(&self, text: &str) -> Article {
        self.clean_text_with(text, None)
    }

    /// Cleans plain text, with the page URL when known (site packs).
    pub fn clean_text_with(&self, text: &str, url: Option<&str>) -> Article {
        self.finish(engine::run(
            &self.rules,
            self.text_document(text, url),
            &self.engine_options(),
        ))
    }

    /// Cleans an HTML page that is already decoded to a string.
    pub fn clean_html(&self, html: &str, url: Option<&str>) -> Result<Article> {
        let started = Instant::now();
        let hints = Hints {
            url: url.map(str::to_string),
            ..Hints::default()
        };
        let doc = html::document(
            &self.rules,
            html,
            &hints,
            self.options.site_rules,
            self.options.explain,
            &self.options.limits,
            started,
        )?;
        self.check_time(started)?;
        Ok(self.finish(engine::run(&self.rules, doc, &self.engine_options())))
    }

    /// Cleans raw bytes: decodes them (BOM, transport charset, meta prescan, detection),
    /// decides text or HTML, and runs the pipeline.
    pub fn clean_bytes(&self, bytes: &[u8], hints: &Hints) -> Result<Article> {
        let limit = self.options.limits.max_bytes;
        if bytes.len() as u64 > limit {
            return Err(Error::TooLarge {
                size: bytes.len() as u64,
                limit,
            });
        }
        let started = Instant::now();
        let is_html = match hints.input {
            InputKind::Html => true,
            InputKind::Text => false,
            InputKind::Auto => html::decode::looks_like_html(bytes),
        };
        let transport = hints.charset.clone().or_else(|| {
            hints
                .content_type
                .as_deref()
                .and_then(html::decode::charset_from_content_type)
        });
        let decoded =
            html::decode::decode(bytes, transport.as_deref(), hints.url.as_deref(), is_html);
        let mut article = if is_html {
            let doc = html::document(
                &self.rules,
                &decoded.text,
                hints,
                self.options.site_rules,
                self.options.explain,
                &self.options.limits,
                started,
            )?;
            self.check_time(started)?;
            engine::run(&self.rules, doc, &self.engine_options())
        } else {
            let doc = self.text_document(&decoded.text, hints.url.as_deref());
            engine::run(&self.rules, doc, &self.engine_options())
        };
        self.check_time(started)?;
        article.encoding = Some(decoded.encoding.to_string());
        Ok(self.finish(article))
    }

    /// The text front end's document: one block per line; for a whole-page dump, the frame
    /// around the body is dropped first ([`crate::text`]).
    fn text_document(&self, text: &str, url: Option<&str>) -> Document {
        let lines = text_input::Lines::read(text);
        let framed = text::frame(
            &self.rules,
            &lines,
            self.options.lang.as_deref(),
            self.options.explain,
        );
        Document {
            blocks: framed.blocks,
            removed: framed.removed,
            dropped: framed.dropped,
            meta: PageMeta {
                title: framed.title,
                url: url.map(str::to_string),
                detected_language: framed.language,
                ..PageMeta::default()
            },
            ..Document::default()
        }
    }

    fn check_time(&self, started: Instant) -> Result<()> {
        self.options.limits.check_time(started)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaner_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Cleaner>();
    }
}
