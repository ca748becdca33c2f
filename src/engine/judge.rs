//! The judgement of a document's blocks, one by one and in order: the page head (title,
//! dateline, byline), the body and its tail, lists and tickers, metadata lines.

use super::Activation;
use crate::article::{Article, PageType, Removed};
use crate::block::{Block, BlockKind};
use crate::dates::{self, MonthNames};
use crate::normalize;
use crate::rules::schema::{MetaAction, RuleKind, Zone};
use crate::rules::RuleSet;

/// Words of prose before a tail rule's hit below which the hit may be misplaced.
const TAIL_LEAD_WORDS: usize = 60;
/// Words of prose after such a hit that make it misplaced: the story comes after it.
const TAIL_STORY_WORDS: usize = 150;
/// A page without prose keeps its lines when they hold at least this many words.
const CARDS_MIN_WORDS: usize = 50;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Fate {
    Keep,
    Gone,
}

pub(super) struct Run<'a> {
    pub(super) rules: &'a RuleSet,
    pub(super) act: &'a Activation,
    /// The phrase and pattern matchers of the active packs.
    pub(super) keys: crate::rules::KeyMatchers<'a>,
    pub(super) blocks: Vec<Block>,
    pub(super) hits: Vec<Vec<usize>>,
    pub(super) keep: Vec<bool>,
    pub(super) fate: Vec<Fate>,
    pub(super) removed: Vec<Removed>,
    pub(super) removed_count: usize,
    pub(super) explain: bool,
    pub(super) months: MonthNames,
    pub(super) article: Article,
    /// The active metadata rules, in rule order.
    pub(super) meta_rules: Vec<usize>,
}

impl Run<'_> {
    pub(super) fn remove(&mut self, i: usize, rule: &str) {
        if self.fate[i] == Fate::Gone {
            return;
        }
        self.fate[i] = Fate::Gone;
        self.removed_count += 1;
        if self.explain {
            let text = self.blocks[i].text.clone();
            self.removed.push(Removed::new(rule, text, Some(i)));
        }
    }

    /// Records where a metadata field's value came from (`--explain`).
    pub(super) fn note(&mut self, field: &str, source: &str) {
        if let Some(s) = self.article.sources.as_mut() {
            s.insert(field.to_string(), source.to_string());
        }
    }

    fn rule_id(&self, r: usize) -> String {
        self.rules.rules[r].id.clone()
    }

    fn is_prose(&self, i: usize) -> bool {
        let s = &self.rules.settings;
        let f = &self.blocks[i].features;
        f.words >= s.prose_min_words || (f.sentence_end && f.words >= s.prose_sentence_min_words)
    }

    pub(super) fn refresh_hits(&mut self, i: usize) {
        let b = &self.blocks[i];
        self.hits[i] = self
            .rules
            .hits_with(&self.keys, &b.key, b.features.words, &self.act.rules);
        self.keep[i] = self.hits[i]
            .iter()
            .any(|&r| self.rules.rules[r].kind == RuleKind::Keep);
    }

    /// The first hit of `kind` whose zone allows `zone` and whose kinds allow the block.
    fn hit(&self, i: usize, kind: RuleKind, zone: Zone) -> Option<usize> {
        self.hits[i].iter().copied().find(|&r| {
            let rule = &self.rules.rules[r];
            rule.kind == kind
                && zone_ok(rule.zone, zone)
                && (rule.kinds.is_empty()
                    || rule.kinds.iter().any(|k| k == self.blocks[i].kind.as_str()))
        })
    }

    fn next_alive(&self, from: usize) -> Option<usize> {
        (from..self.blocks.len()).find(|&j| self.fate[j] == Fate::Keep)
    }

    /// Words of the blocks still kept from `i` on that no rule removing lines names: what
    /// stays of the page after the rules (cleaning the output again counts the same).
    fn unnamed_words_from(&self, i: usize) -> usize {
        (i..self.blocks.len())
            .filter(|&j| {
                self.fate[j] != Fate::Gone
                    && !self.hits[j].iter().any(|&r| {
                        matches!(
                            self.rules.rules[r].kind,
                            RuleKind::Line | RuleKind::Head | RuleKind::Tail | RuleKind::Paywall
                        )
                    })
            })
            .map(|j| self.blocks[j].features.words)
            .sum()
    }

    fn prose_follows(&self, i: usize) -> bool {
        let mut seen = 0;
        let mut j = i + 1;
        while j < self.blocks.len() && seen < self.rules.settings.title_lookahead {
            if self.fate[j] == Fate::Keep {
                if self.is_prose(j) {
                    return true;
                }
                seen += 1;
            }
            j += 1;
        }
        false
    }

    pub(super) fn set_date(&mut self, raw: &str) {
        if self.article.date.is_none() {
            self.article.date = dates::parse(raw, &self.months);
        }
    }

    /// Runs `meta` rules over block `i` in `zone`; returns true when the block was removed.
    fn apply_meta(&mut self, i: usize, zone: Zone) -> bool {
        let rules = self.rules;
        for k in 0..self.meta_rules.len() {
            let rule = &rules.rules[self.meta_rules[k]];
            if !zone_ok(rule.zone, zone) {
                continue;
            }
            if rule
                .max_words
                .is_some_and(|m| self.blocks[i].features.words > m)
            {
                continue;
            }
            for re in rule.extract.iter().filter_map(|e| e.regex()) {
                // Most blocks do not match: test before copying the text for the captures.
                if !re.is_match(&self.blocks[i].text) {
                    continue;
                }
                let text = self.blocks[i].text.clone();
                let Some(c) = re.captures(&text) else {
                    continue;
                };
                let field = |name: &str| {
                    c.name(name)
                        .map(|m| m.as_str().trim().to_string())
                        .filter(|s| !s.is_empty())
                };
                if let Some(a) = field("author") {
                    if self.article.authors.is_empty() {
                        self.article.authors.push(a);
                        self.note("authors", &rule.id);
                    }
                }
                if let Some(s) = field("site_name") {
                    if self.article.site_name.is_none() {
                        self.note("site_name", &rule.id);
                    }
                    self.article.site_name.get_or_insert(s);
                }
                if let Some(cat) = field("category") {
                    if self.article.category.is_none() {
                        self.note("category", &rule.id);
                    }
                    self.article.category.get_or_insert(cat);
                }
                if let Some(d) = field("date") {
                    if self.article.date.is_none() {
                        self.set_date(&d);
                        if self.article.date.is_some() {
                            self.note("date", &rule.id);
                        }
                    }
                }
                let whole = c.get(0).expect("group 0 always matches");
                match rule.action {
                    MetaAction::Keep => {}
                    MetaAction::Drop => {
                        self.remove(i, &rule.id);
                        return true;
                    }
                    MetaAction::Strip => {
                        let mut rest = String::new();
                        rest.push_str(&text[..whole.start()]);
                        rest.push_str(&text[whole.end()..]);
                        let rest = normalize::tidy(&rest);
                        if self.explain {
                            let cut = whole.as_str().trim().to_string();
                            self.removed.push(Removed::new(&rule.id, cut, Some(i)));
                        }
                        if rest.is_empty() {
                            self.fate[i] = Fate::Gone;
                            return true;
                        }
                        self.blocks[i].set_text(rest);
                        self.refresh_hits(i);
                    }
                }
                break;
            }
        }
        false
    }

    /// Category labels before the title; returns true when the block was one.
    fn apply_category(&mut self, i: usize) -> bool {
        let key = self.blocks[i].key.clone();
        for (r, rule) in self.rules.rules.iter().enumerate() {
            if rule.kind != RuleKind::Category || !self.act.rules[r] {
                continue;
            }
            let found = if rule.vocabulary.contains_key(&key) {
                Some(self.blocks[i].text.clone())
            } else {
                rule.prefixes.iter().find_map(|p| {
                    let rest = key.strip_prefix(p.as_str())?.trim();
                    rule.vocabulary.get(rest).cloned()
                })
            };
            if let Some(cat) = found {
                if self.article.category.is_none() {
                    self.note("category", &rule.id);
                }
                self.article.category.get_or_insert(cat);
                let id = rule.id.clone();
                self.remove(i, &id);
                return true;
            }
        }
        false
    }

    fn is_ticker(&self, i: usize) -> Option<usize> {
        let segs = self.blocks[i].features.segments;
        self.rules.rules.iter().enumerate().find_map(|(r, rule)| {
            (rule.kind == RuleKind::Head
                && self.act.rules[r]
                && rule.ticker_min_segments.is_some_and(|m| segs >= m))
            .then_some(r)
        })
    }

    /// Head zone: returns the index of the title block (if found) and where the body starts.
    pub(super) fn head(&mut self, known_title: Option<&str>) -> (Option<usize>, usize) {
        let n = self.blocks.len();
        let title_key = known_title.map(normalize::key);
        // Without prose after it, nothing is "before the title": a page of cards or links
        // keeps its lines for the body rules, when they say something (a shell of a few
        // labels says nothing).
        let last_prose = (0..n)
            .rev()
            .find(|&j| self.fate[j] != Fate::Gone && self.is_prose(j));
        let mut cards = true;
        for i in 0..n {
            if self.fate[i] == Fate::Gone {
                continue;
            }
            if let Some(tk) = &title_key {
                if &self.blocks[i].key == tk {
                    return (Some(i), i + 1);
                }
            }
            if self.keep[i] {
                return (None, i);
            }
            if let Some(r) = self.is_ticker(i) {
                let id = self.rule_id(r);
                self.remove(i, &id);
                continue;
            }
            if let Some(r) = self
                .hit(i, RuleKind::Head, Zone::Head)
                .or_else(|| self.hit(i, RuleKind::Line, Zone::Head))
            {
                let id = self.rule_id(r);
                self.remove(i, &id);
                continue;
            }
            if self.apply_category(i) || self.apply_meta(i, Zone::Head) {
                continue;
            }
            if self.is_prose(i) {
                return (None, i);
            }
            let words = self.blocks[i].features.words;
            if known_title.is_none()
                && words <= self.rules.settings.title_max_words
                && self.prose_follows(i)
            {
                return (Some(i), i + 1);
            }
            if known_title.is_some() {
                // HTML: the title is known; the body starts at the first block that is not
                // head chrome.
                return (None, i);
            }
            if cards && last_prose.is_none_or(|p| p < i) {
                if self.unnamed_words_from(i) >= CARDS_MIN_WORDS {
                    return (None, i);
                }
                // Fewer words from here on can only shrink: one count per page.
                cards = false;
            }
            self.remove(i, "builtin/before-title");
        }
        (None, n)
    }

    pub(super) fn body(&mut self, start: usize, title_key: Option<&str>) {
        let n = self.blocks.len();
        let lead_blocks = self.rules.settings.lead_blocks;
        let mut body_kept = 0usize;
        // Words of prose kept so far, and of prose from each block to the end.
        let mut body_words = 0usize;
        let mut prose_after = vec![0usize; n + 1];
        for j in (start..n).rev() {
            let w = if self.is_prose(j) {
                self.blocks[j].features.words
            } else {
                0
            };
            prose_after[j] = prose_after[j + 1] + w;
        }
        // The lead is the first `lead_blocks` blocks that survive: chrome removed between the
        // title and a byline does not push the byline out of the lead, and cleaning a clean
        // text again finds the same lead.
        let mut survivors = 0usize;
        let mut last: Option<usize> = None;
        let mut i = start;
        while i < n {
            if let Some(p) = last.take() {
                if self.fate[p] != Fate::Gone {
                    survivors += 1;
                }
            }
            if self.fate[i] == Fate::Gone {
                i += 1;
                continue;
            }
            last = Some(i);
            let zone = if survivors < lead_blocks {
                Zone::Lead
            } else {
                Zone::Body
            };
            if self.keep[i] {
                if self.is_prose(i) {
                    body_kept += 1;
                }
                i += 1;
                continue;
            }
            if title_key.is_some_and(|t| t == self.blocks[i].key) {
                self.remove(i, "builtin/repeated-title");
                i += 1;
                continue;
            }
            // A tail rule cuts an article's comments and rails; on a forum thread the replies
            // are the content, and on a listing the cards after a "more" label.
            let tail = (!matches!(self.article.page_type, PageType::Forum | PageType::Listing))
                .then(|| self.hit(i, RuleKind::Tail, zone))
                .flatten();
            // A "tail" before all of the story (a page that renders its footer first) is a
            // line, not the end of the content.
            let misplaced = body_words < TAIL_LEAD_WORDS && prose_after[i + 1] >= TAIL_STORY_WORDS;
            if let Some(r) = tail.filter(|_| misplaced) {
                let id = self.rule_id(r);
                self.remove(i, &id);
                i += 1;
                continue;
            }
            if let Some(r) = tail {
                if body_kept >= self.rules.rules[r].min_body_blocks {
                    let id = self.rule_id(r);
                    for j in i..n {
                        self.remove(j, &id);
                    }
                    break;
                }
            }
            if let Some(r) = self.hit(i, RuleKind::Paywall, zone) {
                self.article.paywalled = true;
                let id = self.rule_id(r);
                let end = if self.rules.rules[r].tail { n } else { i + 1 };
                for j in i..end {
                    self.remove(j, &id);
                }
                i = end;
                continue;
            }
            if let Some((text, r)) = self
                .rules
                .strip_markers(&self.blocks[i].text, &self.act.rules)
            {
                let id = self.rule_id(r);
                if text.is_empty() {
                    self.remove(i, &id);
                    i += 1;
                    continue;
                }
                if self.explain {
                    let text = self.blocks[i].text.clone();
                    self.removed.push(Removed::new(id, text, Some(i)));
                }
                self.blocks[i].set_text(text);
                self.refresh_hits(i);
            }
            if body_kept == 0 {
                if let Some(r) = self.hit(i, RuleKind::Highlight, zone) {
                    let text = strip_bullet(&self.blocks[i].text);
                    if !text.is_empty() {
                        self.article.highlights.push(text);
                    }
                    let id = self.rule_id(r);
                    self.remove(i, &id);
                    i += 1;
                    continue;
                }
            }
            if self.apply_meta(i, zone) {
                i += 1;
                continue;
            }
            if let Some(r) = self.hit(i, RuleKind::LabelList, zone) {
                let id = self.rule_id(r);
                self.remove(i, &id);
                i = self.consume_list(i, r);
                continue;
            }
            if let Some(r) = self.hit(i, RuleKind::Line, zone) {
                let id = self.rule_id(r);
                self.remove(i, &id);
                i += 1;
                continue;
            }
            if self.hit(i, RuleKind::Caption, zone).is_some() {
                self.blocks[i].kind = BlockKind::Caption;
            } else if self.is_prose(i) {
                body_kept += 1;
                body_words += self.blocks[i].features.words;
            }
            i += 1;
        }
    }

    /// Drops the headline lines after a label; returns where the scan continues.
    fn consume_list(&mut self, label: usize, r: usize) -> usize {
        let rule = &self.rules.rules[r];
        let (item_max, sub_max, max_items) = (
            rule.item_max_words,
            rule.subheading_max_words,
            rule.max_items,
        );
        let id = rule.id.clone();
        let mut items = 0;
        let mut j = label + 1;
        while j < self.blocks.len() && items < max_items {
            if self.fate[j] == Fate::Gone {
                j += 1;
                continue;
            }
            if self.keep[j] || self.is_prose(j) || self.blocks[j].features.words > item_max {
                break;
            }
            // Another label starts a new list: let the main loop handle it.
            if self.hits[j].iter().any(|&x| {
                matches!(
                    self.rules.rules[x].kind,
                    RuleKind::LabelList | RuleKind::Tail
                )
            }) {
                break;
            }
            if items > 0 && self.blocks[j].features.words <= sub_max {
                if let Some(next) = self.next_alive(j + 1) {
                    if self.is_prose(next) {
                        break;
                    }
                }
            }
            self.remove(j, &id);
            items += 1;
            j += 1;
        }
        j
    }

    /// Final kinds: short unpunctuated lines between paragraphs are headings.
    pub(super) fn classify(&mut self) {
        let max = self.rules.settings.heading_max_words;
        let alive: Vec<usize> = (0..self.blocks.len())
            .filter(|&i| self.fate[i] == Fate::Keep)
            .collect();
        for (pos, &i) in alive.iter().enumerate() {
            let b = &self.blocks[i];
            if b.kind != BlockKind::Paragraph || b.features.heading_level.is_some() {
                continue;
            }
            let short = b.features.words <= max && !b.features.end_punct;
            let next_prose = alive
                .get(pos + 1)
                .is_some_and(|&n| self.blocks[n].kind == BlockKind::Paragraph && self.is_prose(n));
            let prev_ok = pos > 0;
            if short && next_prose && prev_ok {
                self.blocks[i].kind = BlockKind::Heading;
            }
        }
    }
}

fn zone_ok(rule: Zone, at: Zone) -> bool {
    match rule {
        Zone::Any => true,
        Zone::Head => at == Zone::Head,
        Zone::Lead => at == Zone::Lead,
        Zone::Body => at == Zone::Lead || at == Zone::Body,
    }
}

/// The highlight without its bullet: whatever precedes the first letter or digit.
fn strip_bullet(text: &str) -> String {
    text.trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim()
        .to_string()
}
