//! The metadata word lists (`data/meta.toml`, embedded at build time), keyed for lookup.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::normalize;

const DATA: &str = include_str!("../../data/meta.toml");

#[derive(Deserialize, Default)]
struct RawLang {
    #[serde(default)]
    date_order: Option<String>,
    #[serde(default)]
    months: Vec<Vec<String>>,
    #[serde(default)]
    published: Vec<String>,
    #[serde(default)]
    updated: Vec<String>,
    #[serde(default)]
    byline: Vec<String>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    joiners: Vec<String>,
    #[serde(default)]
    fillers: Vec<String>,
    #[serde(default)]
    ordinals: Vec<String>,
    #[serde(default)]
    weekdays: Vec<String>,
    #[serde(default)]
    not_names: Vec<String>,
}

#[derive(Deserialize, Default)]
struct RawCjk {
    #[serde(default)]
    year: Vec<String>,
    #[serde(default)]
    month: Vec<String>,
    #[serde(default)]
    day: Vec<String>,
}

/// What a label before a date says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateLabel {
    /// "Published", "Veröffentlicht am"...
    Published,
    /// "Updated", "Mis à jour le"...
    Updated,
}

/// The words of every language, keyed with [`normalize::key`].
#[derive(Default)]
pub struct Lexicon {
    /// Month name (one or more words) → month 1..=12, all languages.
    pub months: HashMap<String, u8>,
    /// Most words in a month name.
    pub month_words: usize,
    /// Languages whose numeric dates read month first.
    pub mdy: Vec<String>,
    /// Date labels (keyed phrase → kind), all languages, longest first.
    pub labels: Vec<(String, DateLabel)>,
    /// Byline prefixes per language ("" = every language), longest first.
    pub byline: Vec<(String, String)>,
    /// First words of the byline prefixes, all languages.
    pub byline_first: std::collections::HashSet<String>,
    /// Role words, all languages.
    pub roles: Vec<String>,
    /// Joiners between names, all languages.
    pub joiners: Vec<String>,
    /// Words allowed inside a date ("de", "of").
    pub fillers: Vec<String>,
    /// Ordinal suffixes after a day number.
    pub ordinals: Vec<String>,
    /// Weekday names, all languages.
    pub weekdays: Vec<String>,
    /// Words that are interface labels, never names ("Post", "Joined").
    pub not_names: Vec<String>,
    /// CJK units after the year, month and day numbers.
    pub cjk: [Vec<String>; 3],
    /// Each language's `[LANG.relative]` table as written, read by [`super::relative`].
    pub relative: Vec<(String, toml::Value)>,
}

fn keyed(v: &[String]) -> impl Iterator<Item = String> + '_ {
    v.iter()
        .map(|w| normalize::key(w))
        .filter(|w| !w.is_empty())
}

impl Lexicon {
    fn load() -> Lexicon {
        let mut table: toml::Table = DATA.parse().unwrap_or_default();
        let cjk: RawCjk = table
            .remove("cjk")
            .and_then(|v| v.try_into().ok())
            .unwrap_or_default();
        let mut lx = Lexicon {
            cjk: [
                keyed(&cjk.year).collect(),
                keyed(&cjk.month).collect(),
                keyed(&cjk.day).collect(),
            ],
            ..Lexicon::default()
        };
        for (lang, mut v) in table {
            if let Some(rel) = v.as_table_mut().and_then(|t| t.remove("relative")) {
                lx.relative.push((lang.clone(), rel));
            }
            let Ok(raw) = v.try_into::<RawLang>() else {
                continue;
            };
            if raw.date_order.as_deref() == Some("mdy") {
                lx.mdy.push(lang.clone());
            }
            for (i, names) in raw.months.iter().take(12).enumerate() {
                for name in keyed(names) {
                    lx.month_words = lx.month_words.max(name.split(' ').count());
                    lx.months.entry(name).or_insert(i as u8 + 1);
                }
            }
            lx.labels
                .extend(keyed(&raw.published).map(|w| (w, DateLabel::Published)));
            lx.labels
                .extend(keyed(&raw.updated).map(|w| (w, DateLabel::Updated)));
            lx.byline
                .extend(keyed(&raw.byline).map(|w| (lang.clone(), w)));
            lx.roles.extend(keyed(&raw.roles));
            lx.joiners.extend(keyed(&raw.joiners));
            lx.fillers.extend(keyed(&raw.fillers));
            lx.ordinals.extend(keyed(&raw.ordinals));
            lx.weekdays.extend(keyed(&raw.weekdays));
            lx.not_names.extend(keyed(&raw.not_names));
        }
        lx.byline_first = lx
            .byline
            .iter()
            .filter_map(|(_, w)| w.split(' ').next().map(str::to_string))
            .collect();
        lx.labels.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        lx.byline.sort_by_key(|(_, w)| std::cmp::Reverse(w.len()));
        for v in [
            &mut lx.roles,
            &mut lx.joiners,
            &mut lx.fillers,
            &mut lx.ordinals,
        ] {
            v.sort();
            v.dedup();
        }
        lx
    }

    /// The shared lexicon.
    pub fn get() -> &'static Lexicon {
        static LX: OnceLock<Lexicon> = OnceLock::new();
        LX.get_or_init(Lexicon::load)
    }

    /// Whether numeric dates of `lang` read month first (`m/d/Y`).
    pub fn month_first(&self, lang: Option<&str>) -> bool {
        lang.is_some_and(|l| self.mdy.iter().any(|m| m == l))
    }

    /// The byline prefix `key` starts with (a whole word or phrase), for `lang` or any language
    /// when `lang` is unknown. Returns the prefix's length in bytes of `key`.
    pub fn byline_prefix(&self, key: &str, lang: Option<&str>) -> Option<usize> {
        self.byline
            .iter()
            .filter(|(l, _)| lang.is_none_or(|x| x == l))
            .find(|(_, w)| {
                key.starts_with(w.as_str())
                    && key[w.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
            })
            .map(|(_, w)| w.len())
    }

    /// The label `before` ends with, if any (whole words).
    pub fn label_before(&self, before: &str) -> Option<DateLabel> {
        let b = before.trim_end_matches(|c: char| !c.is_alphanumeric());
        self.labels
            .iter()
            .find(|(w, _)| {
                b.ends_with(w.as_str())
                    && b[..b.len() - w.len()]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !c.is_alphanumeric())
            })
            .map(|(_, k)| *k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_loads_every_language() {
        let lx = Lexicon::get();
        assert_eq!(lx.months.get("januar"), Some(&1));
        assert_eq!(lx.months.get("stycznia"), Some(&1));
        assert_eq!(lx.months.get("декабря"), Some(&12));
        assert_eq!(lx.months.get(&normalize::key("كانون الأول")), Some(&12));
        assert_eq!(lx.months.get("aout"), Some(&8), "accents are folded");
        assert!(lx.month_words >= 2);
        assert!(lx.month_first(Some("en")) && !lx.month_first(Some("de")));
        assert_eq!(lx.byline_prefix("by jane doe", Some("en")), Some(2));
        assert_eq!(lx.byline_prefix("bye bye", Some("en")), None);
        assert_eq!(lx.label_before("last updated: "), Some(DateLabel::Updated));
        assert_eq!(
            lx.label_before("veroffentlicht am"),
            Some(DateLabel::Published)
        );
        assert!(lx.roles.iter().any(|r| r == "redaktion"));
    }
}
