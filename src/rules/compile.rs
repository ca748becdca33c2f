//! Packs compiled once into compact matchers: the phrase keys and key patterns of every rule
//! (matched per language group, see [`super::keys`]), one literal automaton for markers, the
//! class and id tokens, the HTML selectors.

use crate::html::dom::Selector;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::RegexSetBuilder;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

pub use super::html::HtmlRules;
use super::html::{compile_html, compile_selector, subject_tag};
pub use super::keys::LONG_BLOCK_WORDS;
use super::keys::{KeyIndex, KeyMatchers, KeySource};
use super::rule::{compile_regex, compile_rule};
pub use super::rule::{Extract, Rule};
use super::schema::{MatchMode, PackFile, RuleKind, Scope, TestDef};
use super::source::rule_error;
pub use super::source::{parse, Source};
pub use super::tokens::{TokenIndex, TokenKind, TokenSet};
use crate::error::{Error, Result};
use crate::normalize;

/// Compiled size limit of one regex (bytes of program); bigger patterns are rejected.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Most phrases or patterns one rule may hold.
pub const MAX_RULE_ENTRIES: usize = 5_000;

/// Thresholds of the generic heuristics, from the `[settings]` tables.
#[derive(Debug, Clone)]
pub struct Settings {
    /// See [`super::schema::SettingsDef`].
    pub heading_max_words: usize,
    /// See [`super::schema::SettingsDef`].
    pub title_max_words: usize,
    /// See [`super::schema::SettingsDef`].
    pub title_lookahead: usize,
    /// See [`super::schema::SettingsDef`].
    pub prose_min_words: usize,
    /// See [`super::schema::SettingsDef`].
    pub prose_sentence_min_words: usize,
    /// See [`super::schema::SettingsDef`].
    pub lead_blocks: usize,
    /// See [`super::schema::SettingsDef`].
    pub max_link_density: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            heading_max_words: 12,
            title_max_words: 40,
            title_lookahead: 8,
            prose_min_words: 20,
            prose_sentence_min_words: 8,
            lead_blocks: 3,
            max_link_density: 0.5,
        }
    }
}

/// A pack ready to run.
#[derive(Debug)]
pub struct Pack {
    /// Pack id.
    pub id: String,
    /// Scope (and so precedence).
    pub scope: Scope,
    /// Where it came from (file path or `builtin:...`).
    pub source: String,
    /// Language packs: languages served.
    pub languages: Vec<String>,
    /// Site packs: hosts.
    pub hosts: Vec<String>,
    /// Platform detection selectors.
    pub detect_selectors: Vec<Selector>,
    /// Per detection selector: the element name its subject must have, when the selector is
    /// one compound starting with a type (`meta[name=generator]`): only those elements are
    /// tried.
    pub detect_tags: Vec<Option<String>>,
    /// Platform detection phrase keys.
    pub detect_phrases: ahash::AHashSet<String>,
    /// Rule ids switched off in lower packs.
    pub disable: Vec<String>,
    /// Stop words (keys) for language detection.
    pub stopwords: ahash::AHashSet<String>,
    /// The same stop words as a table for many lookups (the prose density of text lines).
    pub stop_table: super::words::WordTable,
    /// Script of the language (`arabic`, `cyrillic`, `latin`).
    pub script: Option<String>,
    /// Letters distinctive of the language within its script.
    pub letters: Vec<char>,
    /// Month names as keys, index 0 = January.
    pub months: Vec<Vec<String>>,
    /// HTML rules.
    pub html: HtmlRules,
    /// Self-tests.
    pub tests: Vec<TestDef>,
}

/// Every pack and rule of a cleaner, compiled.
#[derive(Debug)]
pub struct RuleSet {
    /// Packs in load order.
    pub packs: Vec<Pack>,
    /// Rules of all packs.
    pub rules: Vec<Rule>,
    /// Heuristic thresholds.
    pub settings: Settings,
    /// Phrases and patterns of every rule, matched per set of packs in use.
    keys: KeyIndex,
    markers: Option<AhoCorasick>,
    marker_rules: Vec<usize>,
    /// The HTML token sets of all packs.
    pub tokens: TokenIndex,
    /// Stop words and letters of the language packs, for detection.
    pub languages: super::detect::LangIndex,
    /// Full rule id → index.
    pub by_id: HashMap<String, usize>,
    /// Short hash of every pack's source text: recorded in outputs.
    pub hash: String,
}

/// An error of the compiled rule set as a whole (an automaton or a pattern set too big).
pub(super) fn whole_set_error(message: String) -> Error {
    Error::Rule {
        file: "rules".into(),
        line: None,
        column: None,
        message,
    }
}

fn merge(base: &mut (Source, PackFile), over: (Source, PackFile)) {
    let (src, file) = over;
    for r in file.rules {
        match base.1.rules.iter_mut().find(|b| b.id == r.id) {
            Some(slot) => *slot = r,
            None => base.1.rules.push(r),
        }
    }
    base.1.tests.extend(file.tests);
    if file.html.is_some() {
        base.1.html = file.html;
    }
    if file.language.is_some() {
        base.1.language = file.language;
    }
    if file.settings.is_some() {
        base.1.settings = file.settings;
    }
    base.1.pack.disable.extend(file.pack.disable);
    base.0.name = format!("{} + {}", base.0.name, src.name);
    base.0.text.push('\n');
    base.0.text.push_str(&src.text);
}

impl RuleSet {
    /// Parses and compiles rule sources. Later sources with a pack id already seen merge into
    /// that pack (same rule id overrides).
    pub fn compile(sources: Vec<Source>) -> Result<RuleSet> {
        Self::compile_with(sources, false)
    }

    /// [`RuleSet::compile`]; `check_builtin` also runs the per-pattern checks on the embedded
    /// packs, which are otherwise skipped at start-up (the test suite runs them).
    fn compile_with(sources: Vec<Source>, check_builtin: bool) -> Result<RuleSet> {
        let mut hasher = Sha256::new();
        let mut files: Vec<(Source, PackFile)> = Vec::new();
        // Per pack: whether every file merged into it is an embedded pack, unchanged.
        let mut builtin: Vec<bool> = Vec::new();
        for src in sources {
            hasher.update(src.name.rsplit('/').next().unwrap_or("").as_bytes());
            hasher.update(src.text.as_bytes());
            let file = parse(&src)?;
            let embedded = !check_builtin && super::is_builtin(&src);
            match files.iter().position(|(_, f)| f.pack.id == file.pack.id) {
                Some(i) => {
                    builtin[i] &= embedded;
                    merge(&mut files[i], (src, file));
                }
                None => {
                    files.push((src, file));
                    builtin.push(embedded);
                }
            }
        }
        let hash: String = hasher
            .finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();

        let mut settings = Settings::default();
        let mut packs = Vec::new();
        let mut rules = Vec::new();
        let mut by_id = HashMap::new();
        let mut phrase_keys: Vec<String> = Vec::new();
        let mut phrase_index: HashMap<String, usize> = HashMap::new();
        let mut phrase_targets: Vec<Vec<(usize, MatchMode)>> = Vec::new();
        let mut pattern_src = Vec::new();
        let mut pattern_rules = Vec::new();
        let mut marker_src = Vec::new();
        let mut marker_rules = Vec::new();

        // User packs (and the embedded ones under `check_builtin`) get every check now,
        // among them that the key matchers of all packs compile.
        let all_builtin = builtin.iter().all(|&b| b);
        for (pack_idx, ((src, file), builtin)) in files.into_iter().zip(builtin).enumerate() {
            let header = &file.pack;
            if header.id.is_empty() || header.id.contains('/') {
                return Err(Error::Rule {
                    file: src.name.clone(),
                    line: None,
                    column: None,
                    message: format!("pack id {:?} must be non-empty and without '/'", header.id),
                });
            }
            if let Some(s) = &file.settings {
                let d = &mut settings;
                d.heading_max_words = s.heading_max_words.unwrap_or(d.heading_max_words);
                d.title_max_words = s.title_max_words.unwrap_or(d.title_max_words);
                d.title_lookahead = s.title_lookahead.unwrap_or(d.title_lookahead);
                d.prose_min_words = s.prose_min_words.unwrap_or(d.prose_min_words);
                d.prose_sentence_min_words = s
                    .prose_sentence_min_words
                    .unwrap_or(d.prose_sentence_min_words);
                d.lead_blocks = s.lead_blocks.unwrap_or(d.lead_blocks);
                d.max_link_density = s.max_link_density.unwrap_or(d.max_link_density);
            }
            let mut seen = HashSet::new();
            for def in &file.rules {
                if !seen.insert(def.id.clone()) {
                    return Err(rule_error(
                        &src,
                        &def.id,
                        "duplicate rule id in this pack".into(),
                    ));
                }
                let rule_idx = rules.len();
                let rule = compile_rule(&src, header.id.as_str(), pack_idx, def, builtin)?;
                for p in &def.phrases {
                    if def.kind == RuleKind::Marker {
                        marker_src.push(normalize::tidy(p));
                        marker_rules.push(rule_idx);
                        continue;
                    }
                    let k = normalize::key(p);
                    if k.is_empty() {
                        return Err(rule_error(
                            &src,
                            &def.id,
                            format!("phrase {p:?} is empty once normalized"),
                        ));
                    }
                    let slot = *phrase_index.entry(k.clone()).or_insert_with(|| {
                        phrase_keys.push(k);
                        phrase_targets.push(Vec::new());
                        phrase_targets.len() - 1
                    });
                    phrase_targets[slot].push((rule_idx, def.mode));
                }
                for p in &def.patterns {
                    // Rule files from users are checked pattern by pattern, so that an error
                    // names its rule; the embedded packs pass these checks in the tests, and
                    // skipping them halves the start-up time.
                    if !builtin {
                        compile_regex(&src, &def.id, p)?;
                        // Key patterns run in one RegexSet: check each against the same
                        // limit there, so that a pattern too big for the set is named.
                        RegexSetBuilder::new([p])
                            .size_limit(REGEX_SIZE_LIMIT)
                            .dfa_size_limit(REGEX_SIZE_LIMIT * 2)
                            .build()
                            .map_err(|e| {
                                rule_error(&src, &def.id, format!("pattern too big once compiled ({e}); split it or use `phrases`"))
                            })?;
                    }
                    pattern_src.push(p.clone());
                    pattern_rules.push(rule_idx);
                }
                by_id.insert(rule.id.clone(), rule_idx);
                rules.push(rule);
            }
            let lang = file.language.clone().unwrap_or_default();
            let detect = header.detect.clone().unwrap_or_default();
            let mut detect_selectors = Vec::new();
            let detect_tags = detect
                .selectors
                .iter()
                .map(|css| subject_tag(css))
                .collect();
            for css in &detect.selectors {
                detect_selectors.push(compile_selector(&src, "pack.detect.selectors", css)?);
            }
            if let Some(script) = lang.script.as_deref() {
                if !super::detect::SCRIPTS.contains(&script) {
                    return Err(Error::Rule {
                        file: src.name.clone(),
                        line: None,
                        column: None,
                        message: format!(
                            "language.script {script:?} is not one of {}",
                            super::detect::SCRIPTS.join(", ")
                        ),
                    });
                }
            }
            if !lang.months.is_empty() && lang.months.len() != 12 {
                return Err(Error::Rule {
                    file: src.name.clone(),
                    line: None,
                    column: None,
                    message: format!(
                        "language.months must hold 12 lists, found {}",
                        lang.months.len()
                    ),
                });
            }
            let html = match &file.html {
                Some(h) => compile_html(&src, h)?,
                None => HtmlRules::default(),
            };
            let stopwords: ahash::AHashSet<String> =
                lang.stopwords.iter().map(|w| normalize::key(w)).collect();
            packs.push(Pack {
                id: header.id.clone(),
                scope: header.scope,
                languages: header.languages.clone(),
                hosts: header
                    .hosts
                    .iter()
                    .map(|h| h.to_ascii_lowercase())
                    .collect(),
                detect_selectors,
                detect_tags,
                detect_phrases: detect.phrases.iter().map(|p| normalize::key(p)).collect(),
                disable: header.disable.clone(),
                stop_table: super::words::WordTable::new(
                    stopwords.iter().map(|w: &String| (w.as_str(), 1)),
                ),
                stopwords,
                script: lang.script.clone(),
                letters: lang
                    .letters
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect(),
                months: lang
                    .months
                    .iter()
                    .map(|m| m.iter().map(|n| normalize::key(n)).collect())
                    .collect(),
                html,
                tests: file.tests.clone(),
                source: src.name.clone(),
            });
        }

        let markers = if marker_src.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&marker_src)
                    .map_err(|e| whole_set_error(format!("marker automaton: {e}")))?,
            )
        };
        // Key matcher groups: 0 for the packs that are not language packs, one per language pack.
        let mut group_of = Vec::with_capacity(packs.len());
        let mut groups = 1;
        for p in &packs {
            if p.scope == Scope::Language {
                group_of.push(groups);
                groups += 1;
            } else {
                group_of.push(0);
            }
        }
        let source = KeySource {
            long: rules
                .iter()
                .map(|r| r.max_words.is_none_or(|m| m > LONG_BLOCK_WORDS))
                .collect(),
            rule_group: rules.iter().map(|r| group_of[r.pack]).collect(),
            phrase_keys,
            phrase_targets,
            pattern_src,
            pattern_rules,
        };
        let keys = KeyIndex::new(source, groups, !all_builtin)?;
        Ok(RuleSet {
            tokens: TokenIndex::build(&packs),
            languages: super::detect::LangIndex::build(&packs),
            packs,
            rules,
            settings,
            keys,
            markers,
            marker_rules,
            by_id,
            hash,
        })
    }

    /// Rules whose phrases or patterns match `key`, in rule order, restricted to `active`
    /// rules, with the `max_words` guard applied.
    pub fn hits(&self, key: &str, words: usize, active: &[bool]) -> Vec<usize> {
        self.hits_with(&self.key_matchers(active), key, words, active)
    }

    /// The matchers for the rules flagged in `active`, for [`RuleSet::hits_with`]: each
    /// pack's are built the first time a page uses it.
    pub fn key_matchers(&self, active: &[bool]) -> KeyMatchers<'_> {
        self.keys.for_active(active)
    }

    /// [`RuleSet::hits`] with the matchers of [`RuleSet::key_matchers`] for the same `active`.
    pub fn hits_with(
        &self,
        matchers: &KeyMatchers<'_>,
        key: &str,
        words: usize,
        active: &[bool],
    ) -> Vec<usize> {
        let mut out = Vec::new();
        if key.is_empty() {
            return out;
        }
        matchers.hits(key, words, &mut out);
        out.retain(|&r| active[r] && self.rules[r].max_words.is_none_or(|m| words <= m));
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Removes every marker of an active rule from `text`: the text left (tidied) and the
    /// first rule that fired, or None when none fired.
    pub fn strip_markers(&self, text: &str, active: &[bool]) -> Option<(String, usize)> {
        let ac = self.markers.as_ref()?;
        let mut first = None;
        let mut out = String::new();
        let mut last = 0;
        for m in ac.find_iter(text) {
            let rule = self.marker_rules[m.pattern().as_usize()];
            if !active[rule] {
                continue;
            }
            out.push_str(&text[last..m.start()]);
            last = m.end();
            first.get_or_insert(rule);
        }
        let rule = first?;
        out.push_str(&text[last..]);
        Some((normalize::tidy(&out), rule))
    }
}

#[cfg(test)]
mod tests {
    use super::RuleSet;

    /// Start-up skips the per-pattern checks for the embedded packs: they must pass them.
    #[test]
    fn embedded_packs_pass_the_per_pattern_checks() {
        let sources = crate::rules::builtin_sources();
        assert!(sources.iter().all(crate::rules::is_builtin));
        RuleSet::compile_with(sources, true).expect("embedded packs pass every check");
    }

    /// A user file merged into an embedded pack makes the pack checked again.
    #[test]
    fn a_file_merged_into_an_embedded_pack_is_checked() {
        let mut sources = crate::rules::builtin_sources();
        sources.push(crate::rules::Source {
            name: "user/ar.toml".into(),
            text: r#"
[pack]
id = "ar"
scope = "language"
languages = ["ar"]

[[rule]]
id = "huge-pattern"
kind = "line"
patterns = ['(?:\w{50}){200}[a-z]{1000}']
"#
            .into(),
        });
        let err = RuleSet::compile(sources).unwrap_err().to_string();
        assert!(err.contains("huge-pattern"), "{err}");
    }

    /// Phrases that must start the key are searched anchored, the others over the whole key:
    /// each mode still finds what it names, a phrase shared by two modes included.
    #[test]
    fn phrases_match_as_their_mode_says() {
        let rules = RuleSet::compile(vec![crate::rules::Source {
            name: "user/modes.toml".into(),
            text: r#"
[pack]
id = "modes"
scope = "global"

[[rule]]
id = "eq"
kind = "line"
phrases = ["read more", "more"]

[[rule]]
id = "start"
kind = "line"
match = "starts-with"
phrases = ["read", "read more from"]

[[rule]]
id = "inside"
kind = "line"
match = "contains"
phrases = ["more", "from the"]
"#
            .into(),
        }])
        .expect("pack compiles");
        let active = vec![true; rules.rules.len()];
        let ids = |key: &str| -> Vec<String> {
            let mut ids: Vec<String> = rules
                .hits(key, key.split(' ').count(), &active)
                .into_iter()
                .map(|r| rules.rules[r].id.trim_start_matches("modes/").to_string())
                .collect();
            ids.sort();
            ids
        };
        assert_eq!(ids("read more"), ["eq", "inside", "start"]);
        assert_eq!(ids("more"), ["eq", "inside"]);
        assert_eq!(ids("read more from the desk"), ["inside", "start"]);
        assert_eq!(ids("reader more"), ["inside"]);
        assert_eq!(ids("a read more"), ["inside"]);
        assert_eq!(ids("readmore fromthe"), Vec::<String>::new());
        assert_eq!(ids("notes from the field"), ["inside"]);
    }
}
