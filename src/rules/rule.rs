//! One rule compiled from its definition: its fields checked and resolved, its `extract`
//! regexes compiled now (user files) or on first use (the embedded packs).

use regex::{Regex, RegexBuilder};
use std::collections::HashMap;

use super::compile::{MAX_RULE_ENTRIES, REGEX_SIZE_LIMIT};
use super::schema::{MetaAction, RuleDef, RuleKind, Zone};
use super::source::{rule_error, Source};
use crate::error::Result;
use crate::normalize;

/// A rule ready to run.
#[derive(Debug)]
pub struct Rule {
    /// Full id, `pack/rule`.
    pub id: String,
    /// Index of its pack in [`super::RuleSet::packs`].
    pub pack: usize,
    /// What it does.
    pub kind: RuleKind,
    /// See [`RuleDef::max_words`].
    pub max_words: Option<usize>,
    /// See [`RuleDef::zone`].
    pub zone: Zone,
    /// See [`RuleDef::item_max_words`].
    pub item_max_words: usize,
    /// See [`RuleDef::subheading_max_words`].
    pub subheading_max_words: usize,
    /// See [`RuleDef::max_items`].
    pub max_items: usize,
    /// See [`RuleDef::min_body_blocks`].
    pub min_body_blocks: usize,
    /// See [`RuleDef::ticker_min_segments`].
    pub ticker_min_segments: Option<usize>,
    /// `extract` regexes.
    pub extract: Vec<Extract>,
    /// See [`RuleDef::action`].
    pub action: MetaAction,
    /// category: key → name as written in the rule file.
    pub vocabulary: HashMap<String, String>,
    /// category: prefix keys.
    pub prefixes: Vec<String>,
    /// See [`RuleDef::tail`].
    pub tail: bool,
    /// Block kinds the rule is limited to (empty: all).
    pub kinds: Vec<String>,
    /// The file and line the rule is written at, when known.
    pub origin: Option<(String, usize)>,
}

/// An `extract` regex. Those of user files are compiled at load, so that an error names its
/// rule; those of the embedded packs (checked by the test suite) on first use, since the big
/// Unicode ones cost most of the start-up and a page only runs its language's.
#[derive(Debug)]
pub struct Extract {
    pattern: String,
    compiled: std::sync::OnceLock<Option<Regex>>,
}

impl Extract {
    fn eager(src: &Source, rule_id: &str, pattern: &str) -> Result<Self> {
        let re = compile_regex(src, rule_id, pattern)?;
        Ok(Extract {
            pattern: pattern.to_string(),
            compiled: std::sync::OnceLock::from(Some(re)),
        })
    }

    fn lazy(pattern: &str) -> Self {
        Extract {
            pattern: pattern.to_string(),
            compiled: std::sync::OnceLock::new(),
        }
    }

    /// The compiled regex (`None` only for an embedded pattern that fails to compile, which
    /// the test suite rules out).
    pub fn regex(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| regex_builder(&self.pattern).build().ok())
            .as_ref()
    }
}

fn regex_builder(pattern: &str) -> RegexBuilder {
    let mut b = RegexBuilder::new(pattern);
    b.size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT * 2);
    b
}

pub(super) fn compile_regex(src: &Source, rule_id: &str, pattern: &str) -> Result<Regex> {
    regex_builder(pattern).build().map_err(|e| {
        let msg = match e {
            regex::Error::CompiledTooBig(limit) => format!(
                "pattern compiles to more than {limit} bytes; split it or use `phrases` instead"
            ),
            other => format!("bad pattern {pattern:?}: {other}"),
        };
        rule_error(src, rule_id, msg)
    })
}

pub(super) fn compile_rule(
    src: &Source,
    pack_id: &str,
    pack: usize,
    def: &RuleDef,
    builtin: bool,
) -> Result<Rule> {
    if def.id.is_empty() || def.id.contains(char::is_whitespace) {
        return Err(rule_error(
            src,
            &def.id,
            "rule id must be non-empty, without spaces".into(),
        ));
    }
    let entries = def.phrases.len() + def.patterns.len() + def.extract.len() + def.vocabulary.len();
    if entries > MAX_RULE_ENTRIES {
        return Err(rule_error(
            src,
            &def.id,
            format!("{entries} entries; a rule may hold at most {MAX_RULE_ENTRIES}"),
        ));
    }
    let mut extract = Vec::new();
    for p in &def.extract {
        extract.push(if builtin {
            Extract::lazy(p)
        } else {
            Extract::eager(src, &def.id, p)?
        });
    }
    let has_matchers = !def.phrases.is_empty() || !def.patterns.is_empty();
    let needs = match def.kind {
        RuleKind::Meta => !def.extract.is_empty(),
        RuleKind::Category => !def.vocabulary.is_empty(),
        RuleKind::Head => has_matchers || def.ticker_min_segments.is_some(),
        _ => has_matchers,
    };
    if !needs {
        return Err(rule_error(
            src,
            &def.id,
            "the rule matches nothing: give it phrases, patterns (or extract / vocabulary / ticker_min_segments for its kind)".into(),
        ));
    }
    for k in &def.kinds {
        if ![
            "heading",
            "paragraph",
            "list_item",
            "quote",
            "caption",
            "table",
        ]
        .contains(&k.as_str())
        {
            return Err(rule_error(
                src,
                &def.id,
                format!("unknown block kind {k:?}"),
            ));
        }
    }
    Ok(Rule {
        id: format!("{pack_id}/{}", def.id),
        pack,
        kind: def.kind,
        max_words: def.max_words,
        zone: def.zone,
        item_max_words: def.item_max_words.unwrap_or(30),
        subheading_max_words: def.subheading_max_words.unwrap_or(6),
        max_items: def.max_items.unwrap_or(12),
        min_body_blocks: def.min_body_blocks.unwrap_or(1),
        ticker_min_segments: def.ticker_min_segments,
        extract,
        action: def.action,
        vocabulary: def
            .vocabulary
            .iter()
            .map(|v| (normalize::key(v), v.clone()))
            .collect(),
        prefixes: def.prefixes.iter().map(|p| normalize::key(p)).collect(),
        tail: def.tail,
        kinds: def.kinds.clone(),
        origin: def.origin.clone(),
    })
}
