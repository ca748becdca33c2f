//! The rule engine: judges a document's blocks with the active packs and produces the
//! [`Article`]. Every front end (text, HTML) feeds it the same [`Document`]. This module
//! decides which packs and rules are active for the page; `judge` walks the blocks.

mod judge;

use std::collections::BTreeMap;

use crate::article::{Article, ArticleBlock, PageType, PageTypeWhy, Region, Removed};
use crate::block::{Block, BlockKind};
use crate::dates::MonthNames;
use crate::normalize;
use crate::rules::schema::{RuleKind, Scope};
use crate::rules::RuleSet;
use judge::{Fate, Run};

/// Metadata a front end found before the rules ran (HTML head, JSON-LD, record headers).
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    /// Headline.
    pub title: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Date as found (normalized later).
    pub date: Option<String>,
    /// Site name.
    pub site_name: Option<String>,
    /// Section.
    pub category: Option<String>,
    /// Language code (from `<html lang>`, say).
    pub language: Option<String>,
    /// Canonical or given URL.
    pub url: Option<String>,
    /// Encoding the bytes were decoded from.
    pub encoding: Option<String>,
    /// Meta description.
    pub description: Option<String>,
    /// Where each value came from, by field (`title`, `date`…), for `--explain`.
    pub sources: BTreeMap<String, String>,
    /// The language a front end already detected from the same text (a text dump's frame
    /// finder): used instead of detecting it again when nothing is forced or declared.
    pub detected_language: Option<String>,
}

/// What the engine judges.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Blocks in reading order.
    pub blocks: Vec<Block>,
    /// Metadata known before the rules ran.
    pub meta: PageMeta,
    /// Indices of platform packs the front end detected (HTML selectors).
    pub platforms: Vec<usize>,
    /// Removals already made by the front end (`--explain`).
    pub removed: Vec<Removed>,
    /// Removals the front end made without recording them in `removed` (the text front end
    /// records none without `--explain`): counted only.
    pub dropped: usize,
    /// The kind of page the front end recognised.
    pub page_type: PageType,
    /// The content regions the front end chose (`--explain`, HTML).
    pub regions: Vec<Region>,
    /// Text the front end left out, outside the regions (`--explain`, HTML; not counted).
    pub outside: Vec<Removed>,
    /// Why (`--explain`).
    pub page_type_why: Option<PageTypeWhy>,
}

/// Per-call choices.
#[derive(Debug, Clone, Default)]
pub struct EngineOptions {
    /// Use site packs.
    pub site_rules: bool,
    /// Force a language (None: detect).
    pub lang: Option<String>,
    /// Record removals.
    pub explain: bool,
}

/// Which packs and rules are on for one document.
#[derive(Debug, Clone)]
pub struct Activation {
    /// Per pack.
    pub packs: Vec<bool>,
    /// Per rule.
    pub rules: Vec<bool>,
    /// The language whose packs run: forced, else declared by the page when a pack serves it,
    /// else detected.
    pub language: Option<String>,
    /// The language reported in the output: forced, else declared by the page (even one that
    /// no pack serves), else [`Activation::language`].
    pub page_language: Option<String>,
}

/// The host part of a URL, lower-cased, without `www.`.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// Detects the language of the blocks from script and the language packs' stop words and
/// letters (see [`crate::rules::detect`]).
pub fn detect_language(rules: &RuleSet, blocks: &[Block]) -> Option<String> {
    rules.languages.detect(blocks)
}

/// The primary subtag of a declared language (`en-US` → `en`), when it is a language: two or
/// three letters, and not `und`, `mul` or `zxx`.
fn declared_language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let letters =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    (letters && !matches!(primary.as_str(), "und" | "mul" | "zxx")).then_some(primary)
}

/// Decides which packs and rules are active for a document.
pub fn activate(rules: &RuleSet, doc: &Document, opts: &EngineOptions) -> Activation {
    // A declared language with a pack picks the pack, unless the text is clearly in another
    // language: English articles on a site that declares `de` everywhere need the English pack.
    // One without a pack (a Swedish page) is still the page's language in the output, but the
    // packs follow detection.
    let declared = doc.meta.language.as_deref().and_then(declared_language);
    let served = |l: &String| rules.packs.iter().any(|p| p.languages.contains(l));
    let language = opts
        .lang
        .clone()
        .or_else(|| match declared.clone().filter(served) {
            Some(d) => Some(rules.languages.overrule(&doc.blocks, &d).unwrap_or(d)),
            None => doc
                .meta
                .detected_language
                .clone()
                .or_else(|| detect_language(rules, &doc.blocks)),
        });
    let page_language = opts.lang.clone().or(declared).or_else(|| language.clone());
    let host = doc.meta.url.as_deref().and_then(host_of);
    let mut packs = vec![false; rules.packs.len()];
    for (i, p) in rules.packs.iter().enumerate() {
        packs[i] = match p.scope {
            Scope::Global => true,
            Scope::Language => language
                .as_deref()
                .is_some_and(|l| p.languages.iter().any(|x| x == l)),
            Scope::Platform => {
                doc.platforms.contains(&i)
                    || (!p.detect_phrases.is_empty() && {
                        // A block longer than every phrase cannot be one: not hashed.
                        let longest = p.detect_phrases.iter().map(String::len).max();
                        doc.blocks.iter().any(|b| {
                            Some(b.key.len()) <= longest && p.detect_phrases.contains(&b.key)
                        })
                    })
            }
            Scope::Site => {
                opts.site_rules
                    && host.as_deref().is_some_and(|h| {
                        p.hosts
                            .iter()
                            .any(|x| h == x || h.ends_with(&format!(".{x}")))
                    })
            }
        };
    }
    let mut active: Vec<bool> = rules.rules.iter().map(|r| packs[r.pack]).collect();
    for (i, p) in rules.packs.iter().enumerate() {
        if !packs[i] {
            continue;
        }
        for id in &p.disable {
            if let Some(&r) = rules.by_id.get(id) {
                if rules.packs[rules.rules[r].pack].scope < p.scope {
                    active[r] = false;
                }
            }
        }
    }
    Activation {
        packs,
        rules: active,
        language,
        page_language,
    }
}

/// Runs the rules over `doc` and builds the article.
pub fn run(rules: &RuleSet, doc: Document, opts: &EngineOptions) -> Article {
    let act = activate(rules, &doc, opts);
    let months: MonthNames = {
        let mut m: MonthNames = vec![Vec::new(); 12];
        for (i, p) in rules.packs.iter().enumerate() {
            if act.packs[i] || p.scope == Scope::Language {
                for (mi, names) in p.months.iter().enumerate() {
                    m[mi].extend(names.iter().cloned());
                }
            }
        }
        m
    };
    let Document {
        blocks,
        meta,
        removed,
        dropped,
        page_type,
        regions,
        outside,
        page_type_why,
        ..
    } = doc;
    let n = blocks.len();
    let mut run = Run {
        rules,
        keys: rules.key_matchers(&act.rules),
        act: &act,
        hits: vec![Vec::new(); n],
        keep: vec![false; n],
        fate: vec![Fate::Keep; n],
        blocks,
        removed_count: removed.len() + dropped,
        removed,
        explain: opts.explain,
        months,
        meta_rules: (0..rules.rules.len())
            .filter(|&r| rules.rules[r].kind == RuleKind::Meta && act.rules[r])
            .collect(),
        article: Article {
            authors: meta.authors.clone(),
            site_name: meta.site_name.clone(),
            category: meta.category.clone(),
            url: meta.url.clone(),
            encoding: meta.encoding.clone(),
            description: meta.description.clone(),
            page_type,
            sources: opts.explain.then(|| meta.sources.clone()),
            regions: opts.explain.then_some(regions),
            page_type_why,
            ..Article::default()
        },
    };
    if let Some(d) = &meta.date {
        run.set_date(d);
    }
    for i in 0..n {
        run.refresh_hits(i);
    }
    let known_title = meta
        .title
        .as_deref()
        .map(normalize::tidy)
        .filter(|t| !t.is_empty());
    let (title_idx, body_start) = run.head(known_title.as_deref());
    let title = match (&known_title, title_idx) {
        (Some(t), Some(i)) => {
            run.remove(i, "builtin/title");
            Some(t.clone())
        }
        (Some(t), None) => Some(t.clone()),
        (None, Some(i)) => {
            run.fate[i] = Fate::Gone;
            if run.explain {
                let text = run.blocks[i].text.clone();
                run.removed
                    .push(Removed::new("builtin/title", text, Some(i)));
                run.note("title", "title-line");
            }
            Some(run.blocks[i].text.clone())
        }
        (None, None) => None,
    };
    let title_key = title.as_deref().map(normalize::key);
    run.body(body_start, title_key.as_deref());
    run.classify();

    let mut article = std::mem::take(&mut run.article);
    article.title = title;
    article.language = act.page_language.clone();
    for (i, b) in run.blocks.iter_mut().enumerate() {
        if run.fate[i] == Fate::Keep && !b.text.is_empty() {
            article.blocks.push(ArticleBlock {
                kind: b.kind,
                text: std::mem::take(&mut b.text),
                links: std::mem::take(&mut b.features.links),
                level: b.features.heading_level,
                index: opts.explain.then_some(i),
            });
        }
    }
    // Captions describe pictures, not the story: they stay in `blocks`, not in `text`.
    article.text = article
        .blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Caption)
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    article.removed_count = run.removed_count;
    if opts.explain {
        let mut removed = std::mem::take(&mut run.removed);
        removed.extend(outside);
        crate::explain::locate(rules, &mut removed);
        crate::explain::order(&mut removed);
        article.removed = Some(removed);
        let declared = meta.language.as_deref().and_then(declared_language);
        crate::explain::finish_sources(&mut article, opts.lang.is_some(), declared.is_some());
    }
    article
}
