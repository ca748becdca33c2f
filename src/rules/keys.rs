//! Phrase and pattern matchers over block keys, compiled when a page first needs them.
//!
//! A page's text rules come from the global, platform and site packs and from one language
//! pack. The matchers are therefore one group per language pack and one for all the other
//! packs, each built the first time a page uses it and kept for the next pages: a run over
//! English pages never compiles the phrases and patterns of the other languages. Rules of the
//! packs a page does not use never fire anyway (the caller keeps the hits of its active rules
//! only), so a page's hits are those that matchers over every pack would give.

use aho_corasick::automaton::OverlappingState;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, MatchKind, StartKind};
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;
use regex_automata::{Input, PatternSet};
use std::sync::OnceLock;

use super::compile::{whole_set_error, REGEX_SIZE_LIMIT};
use super::schema::MatchMode;
use crate::error::Result;

/// Whether a pattern starts with `^` and has no top-level `|`: its search ends within a few
/// bytes of the start. (Only speed depends on this: both sets are always run.)
fn is_start_anchored(pattern: &str) -> bool {
    let Some(body) = pattern.strip_prefix('^') else {
        return false;
    };
    let (mut depth, mut in_class, mut escaped) = (0i32, false, false);
    for c in body.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => depth -= 1,
            '|' if !in_class && depth == 0 => return false,
            _ => {}
        }
    }
    true
}

/// Blocks longer than this many words are matched against the rules that allow them only
/// (no `max_words`, or a larger one).
pub const LONG_BLOCK_WORDS: usize = 40;

/// The phrases of a group of rules that match in one way: one Aho-Corasick automaton and,
/// per phrase, its rules and how each matches.
#[derive(Debug)]
struct PhraseSet {
    ac: AhoCorasick,
    targets: Vec<Vec<(usize, MatchMode)>>,
}

impl PhraseSet {
    /// The phrases of `keys` whose `targets` pass `keep`; `None` when there are none. An
    /// anchored set only finds matches that start at the start of the key.
    fn build(
        keys: &[String],
        targets: &[Vec<(usize, MatchMode)>],
        keep: impl Fn(usize, MatchMode) -> bool,
        anchored: bool,
    ) -> Result<Option<Self>> {
        let mut kept_keys = Vec::new();
        let mut kept = Vec::new();
        for (k, t) in keys.iter().zip(targets) {
            let t: Vec<_> = t.iter().copied().filter(|&(r, m)| keep(r, m)).collect();
            if !t.is_empty() {
                kept_keys.push(k.as_str());
                kept.push(t);
            }
        }
        if kept_keys.is_empty() {
            return Ok(None);
        }
        let start = if anchored {
            StartKind::Anchored
        } else {
            StartKind::Unanchored
        };
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .start_kind(start)
            .build(&kept_keys)
            .map_err(|e| whole_set_error(format!("phrase automaton: {e}")))?;
        Ok(Some(PhraseSet { ac, targets: kept }))
    }

    /// Pushes the rules of the phrases found in `key` that match it as their rules ask.
    fn hits(&self, key: &str, anchored: bool, out: &mut Vec<usize>) {
        let input = aho_corasick::Input::new(key).anchored(if anchored {
            Anchored::Yes
        } else {
            Anchored::No
        });
        // The iterator refuses anchored searches; the search it repeats does not. The set
        // was built for the kind of search asked, so the search cannot fail.
        let mut state = OverlappingState::start();
        while self
            .ac
            .try_find_overlapping(input.clone(), &mut state)
            .is_ok()
        {
            let Some(m) = state.get_match() else {
                break;
            };
            for &(rule, mode) in &self.targets[m.pattern().as_usize()] {
                let ok = match mode {
                    MatchMode::Equals => m.start() == 0 && m.end() == key.len(),
                    MatchMode::StartsWith => m.start() == 0 && boundary_after(key, m.end()),
                    MatchMode::Contains => {
                        boundary_before(key, m.start()) && boundary_after(key, m.end())
                    }
                };
                if ok {
                    out.push(rule);
                }
            }
        }
    }
}

/// The phrases (two Aho-Corasick automata: the phrases that must start the key, searched
/// anchored, and those that may stand anywhere) and patterns (two sets: start-anchored and the
/// rest) of a group of rules, matched against a block's key.
#[derive(Debug)]
pub(super) struct KeyMatcher {
    /// Phrases of `equals` and `starts-with` rules: a search that ends where the key leaves
    /// every phrase, a few bytes in, rather than at the end of the key.
    start_phrases: Option<PhraseSet>,
    /// Phrases of `contains` rules, which scan the whole key.
    inner_phrases: Option<PhraseSet>,
    /// Patterns anchored at the start (`^…`): their search ends within a few bytes.
    anchored: Option<Regex>,
    /// The other patterns, which scan the whole key.
    floating: Option<Regex>,
    /// Per pattern of each set: its rule.
    anchored_rules: Vec<usize>,
    floating_rules: Vec<usize>,
}

impl KeyMatcher {
    /// The matcher of the rules for which `keep(rule)` holds.
    fn build(src: &KeySource, keep: impl Fn(usize) -> bool) -> Result<Self> {
        let (phrase_keys, phrase_targets) = (&src.phrase_keys, &src.phrase_targets);
        let (pattern_src, pattern_rules) = (&src.pattern_src, &src.pattern_rules);
        let at_start = |m: MatchMode| m != MatchMode::Contains;
        let start_phrases = PhraseSet::build(
            phrase_keys,
            phrase_targets,
            |r, m| keep(r) && at_start(m),
            true,
        )?;
        let inner_phrases = PhraseSet::build(
            phrase_keys,
            phrase_targets,
            |r, m| keep(r) && !at_start(m),
            false,
        )?;
        let kept: Vec<(&String, usize)> = pattern_src
            .iter()
            .zip(pattern_rules)
            .filter(|&(_, &r)| keep(r))
            .map(|(p, &r)| (p, r))
            .collect();
        let set = |src: Vec<&String>| -> Result<Option<Regex>> {
            if src.is_empty() {
                return Ok(None);
            }
            pattern_set(&src)
                .map(Some)
                .map_err(|e| whole_set_error(format!("the key patterns together are too big: {e}")))
        };
        let (anchored, floating): (Vec<_>, Vec<_>) =
            kept.into_iter().partition(|(p, _)| is_start_anchored(p));
        let (a_src, anchored_rules): (Vec<&String>, Vec<usize>) = anchored.into_iter().unzip();
        let (f_src, floating_rules): (Vec<&String>, Vec<usize>) = floating.into_iter().unzip();
        Ok(KeyMatcher {
            start_phrases,
            inner_phrases,
            anchored: set(a_src)?,
            floating: set(f_src)?,
            anchored_rules,
            floating_rules,
        })
    }

    /// A matcher that finds nothing.
    fn empty() -> Self {
        KeyMatcher {
            start_phrases: None,
            inner_phrases: None,
            anchored: None,
            floating: None,
            anchored_rules: Vec::new(),
            floating_rules: Vec::new(),
        }
    }

    /// Pushes the rules whose phrases or patterns match `key` (unordered, maybe repeated).
    pub(super) fn hits(&self, key: &str, out: &mut Vec<usize>) {
        if let Some(p) = &self.start_phrases {
            p.hits(key, true, out);
        }
        if let Some(p) = &self.inner_phrases {
            p.hits(key, false, out);
        }
        for (set, rules) in [
            (&self.anchored, &self.anchored_rules),
            (&self.floating, &self.floating_rules),
        ] {
            // Most keys match no pattern: a search that stops at the first match (and runs
            // the lazy DFA's fast loop) rules them out before the overlapping search that
            // tells which patterns match.
            if let Some(set) = set.as_ref().filter(|s| s.is_match(key)) {
                let mut which = PatternSet::new(set.pattern_len());
                set.which_overlapping_matches(&Input::new(key), &mut which);
                out.extend(which.iter().map(|p| rules[p.as_usize()]));
            }
        }
    }
}

/// Patterns compiled together to tell which of them match, as `regex::RegexSet` does, but
/// without the literal prefilter: a set of a language's patterns yields thousands of literal
/// prefixes, whose automaton cost more to build than it saved on the short keys of blocks.
fn pattern_set(src: &[&String]) -> std::result::Result<Regex, String> {
    let config = meta::Config::new()
        .match_kind(regex_automata::MatchKind::All)
        .utf8_empty(true)
        .which_captures(WhichCaptures::None)
        .auto_prefilter(false)
        .nfa_size_limit(Some(REGEX_SIZE_LIMIT * 8))
        .hybrid_cache_capacity(REGEX_SIZE_LIMIT * 8);
    meta::Builder::new()
        .configure(config)
        .syntax(syntax::Config::new().utf8(true))
        .build_many(src)
        .map_err(|e| e.to_string())
}

fn boundary_after(key: &str, end: usize) -> bool {
    key[end..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric())
}

fn boundary_before(key: &str, start: usize) -> bool {
    key[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// The phrase keys and key patterns of every rule, as compiled from the packs.
#[derive(Debug, Default)]
pub(super) struct KeySource {
    /// Distinct phrase keys, and per key its rules and how each matches.
    pub(super) phrase_keys: Vec<String>,
    pub(super) phrase_targets: Vec<Vec<(usize, MatchMode)>>,
    /// Key patterns, and per pattern its rule.
    pub(super) pattern_src: Vec<String>,
    pub(super) pattern_rules: Vec<usize>,
    /// Per rule: its group (see [`KeyIndex`]).
    pub(super) rule_group: Vec<usize>,
    /// Per rule: whether it can fire on a block of more than [`LONG_BLOCK_WORDS`] words.
    pub(super) long: Vec<bool>,
}

/// The matchers of one group of rules.
#[derive(Debug)]
struct Matchers {
    /// Phrases and patterns of the group's rules.
    keys: KeyMatcher,
    /// Those of the rules that can fire on a block of more than [`LONG_BLOCK_WORDS`] words:
    /// long paragraphs, most of a page's text, are scanned by a much smaller matcher.
    long_keys: KeyMatcher,
}

impl Matchers {
    /// The matchers of group `group` and, for a language group, of group 0 too.
    fn build(src: &KeySource, group: usize) -> Result<Matchers> {
        let in_group = |r: usize| matches!(src.rule_group[r], 0) || src.rule_group[r] == group;
        Ok(Matchers {
            keys: KeyMatcher::build(src, in_group)?,
            long_keys: KeyMatcher::build(src, |r| in_group(r) && src.long[r])?,
        })
    }

    fn hits(&self, key: &str, words: usize, out: &mut Vec<usize>) {
        let m = if words > LONG_BLOCK_WORDS {
            &self.long_keys
        } else {
            &self.keys
        };
        m.hits(key, out);
    }
}

/// The matchers of every group of rules, each built on first use. Group 0 holds the rules of
/// the packs that are not language packs (a few); group `1 + i` those of the `i`-th language
/// pack, and its matchers hold group 0's too, so that a block is scanned once.
#[derive(Debug)]
pub(super) struct KeyIndex {
    src: KeySource,
    groups: Vec<OnceLock<Matchers>>,
}

impl KeyIndex {
    /// `groups`: how many groups `src.rule_group` refers to. `check`: build every group now,
    /// so that a set of patterns too big to compile is reported when the packs are loaded.
    pub(super) fn new(src: KeySource, groups: usize, check: bool) -> Result<KeyIndex> {
        let index = KeyIndex {
            groups: (0..groups.max(1)).map(|_| OnceLock::new()).collect(),
            src,
        };
        if check {
            for (g, cell) in index.groups.iter().enumerate() {
                let _ = cell.set(Matchers::build(&index.src, g)?);
            }
        }
        Ok(index)
    }

    /// The matchers for the rules flagged in `active` (by rule index).
    pub(super) fn for_active(&self, active: &[bool]) -> KeyMatchers<'_> {
        let mut used = vec![false; self.groups.len()];
        for (&on, &g) in active.iter().zip(&self.src.rule_group) {
            used[g] |= on;
        }
        if used[1..].contains(&true) {
            // A language group's matchers cover group 0.
            used[0] = false;
        }
        let parts = used
            .iter()
            .zip(&self.groups)
            .enumerate()
            .filter(|(_, (&u, _))| u)
            .map(|(g, (_, cell))| {
                cell.get_or_init(|| {
                    // Cannot fail: user packs are checked when loaded, the embedded ones by
                    // the tests.
                    Matchers::build(&self.src, g).unwrap_or_else(|_| {
                        debug_assert!(false, "key matchers failed to build");
                        Matchers {
                            keys: KeyMatcher::empty(),
                            long_keys: KeyMatcher::empty(),
                        }
                    })
                })
            })
            .collect();
        KeyMatchers { parts }
    }
}

/// The matchers of the groups of rules a page uses.
pub struct KeyMatchers<'a> {
    parts: Vec<&'a Matchers>,
}

impl KeyMatchers<'_> {
    /// Pushes the rules whose phrases or patterns match `key`, a block of `words` words
    /// (unordered, maybe repeated; rules with a `max_words` below `words` may be among them).
    pub(super) fn hits(&self, key: &str, words: usize, out: &mut Vec<usize>) {
        for m in &self.parts {
            m.hits(key, words, out);
        }
    }
}
