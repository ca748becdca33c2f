//! Relative dates ("vor 2 Tagen", "il y a 3 heures", «منذ يومين», "yesterday"), read only when
//! the caller knows when the page was fetched: the reference date (`Hints::fetched`, a WARC
//! record's `WARC-Date`, a JSONL record's `fetched`, `--fetched`).
//!
//! The phrases live in `data/meta.toml` (`ago` templates with `{n}` and `{unit}`, `one`,
//! `units`, `dual`, `yesterday`, `today` of each `[LANG.relative]`), compared on the keyed text. Months and years ago are
//! never read: they do not name a day.

use std::sync::OnceLock;

use serde::Deserialize;

use super::datetext::{tokens, Day, Tok};
use crate::normalize;

/// Longest keyed text read for a relative date: a dateline, not a paragraph.
const MAX_KEY: usize = 120;
/// Longest keyed text that "yesterday" or "today" alone may start.
const MAX_DAY_WORD_KEY: usize = 40;
/// Largest count read ("5000 days ago" is not a dateline).
const MAX_COUNT: u32 = 999;

/// When the page was fetched: a day, and the seconds into it when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    /// The day (as written: UTC for `Z`, else the clock of the given offset).
    pub day: Day,
    /// Seconds since midnight, when the reference carries a time.
    pub secs: Option<u32>,
}

impl Reference {
    /// `YYYY-MM-DD`, optionally followed by `THH:MM[:SS]` and a zone (which is ignored: the
    /// time is read on the clock it is written in). `None` when it is not such a date.
    pub fn parse(s: &str) -> Option<Reference> {
        let s = s.trim();
        let day = Day::of_iso(s)?;
        let rest = s.get(10..).unwrap_or("");
        let secs = rest.strip_prefix(['T', 't', ' ']).and_then(|t| {
            let h: u32 = t.get(0..2)?.parse().ok()?;
            let m: u32 = (t.get(2..3)? == ":")
                .then(|| t.get(3..5)?.parse().ok())
                .flatten()?;
            let sec: u32 = (t.get(5..6) == Some(":"))
                .then(|| t.get(6..8)?.parse().ok())
                .flatten()
                .unwrap_or(0);
            (h < 24 && m < 60 && sec < 61).then_some(h * 3600 + m * 60 + sec.min(59))
        });
        if !rest.is_empty() && secs.is_none() {
            return None;
        }
        Some(Reference { day, secs })
    }
}

#[derive(Deserialize, Default)]
struct RawUnits {
    #[serde(default)]
    minute: Vec<String>,
    #[serde(default)]
    hour: Vec<String>,
    #[serde(default)]
    day: Vec<String>,
    #[serde(default)]
    week: Vec<String>,
}

#[derive(Deserialize, Default)]
struct RawLang {
    #[serde(default)]
    ago: Vec<String>,
    #[serde(default)]
    one: Vec<String>,
    #[serde(default)]
    units: RawUnits,
    #[serde(default)]
    dual: RawUnits,
    #[serde(default)]
    yesterday: Vec<String>,
    #[serde(default)]
    today: Vec<String>,
}

/// One token of a template: a literal word or sign, the count, or the unit.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    Lit(String),
    Count,
    Unit,
}

/// A unit word: its tokens, its length in seconds and the count it implies alone (2 for a
/// dual such as «يومين», else 1).
struct UnitWord {
    toks: Vec<String>,
    secs: i64,
    implied: i64,
}

/// The relative-date phrases of one language, keyed.
struct Lang {
    code: String,
    ago: Vec<Vec<Part>>,
    one: Vec<Vec<String>>,
    units: Vec<UnitWord>,
    yesterday: Vec<Vec<String>>,
    today: Vec<Vec<String>>,
}

/// A token as text: a word, a sign, or `#` for a number.
fn tok_text(t: &Tok<'_>) -> String {
    match t {
        Tok::Word(w) => (*w).to_string(),
        Tok::Punct(c) => c.to_string(),
        Tok::Num(..) => "#".to_string(),
    }
}

fn keyed_toks(s: &str) -> Vec<String> {
    let k = normalize::key(s);
    tokens(&k).iter().map(|(_, t)| tok_text(t)).collect()
}

fn phrases(v: &[String]) -> Vec<Vec<String>> {
    v.iter()
        .map(|s| keyed_toks(s))
        .filter(|t| !t.is_empty())
        .collect()
}

impl Lang {
    fn build(code: String, raw: RawLang) -> Lang {
        let ago = raw
            .ago
            .iter()
            .map(|t| {
                t.split_whitespace()
                    .flat_map(|w| match w {
                        "{n}" => vec![Part::Count],
                        "{unit}" => vec![Part::Unit],
                        _ => keyed_toks(w).into_iter().map(Part::Lit).collect(),
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|p| p.contains(&Part::Unit))
            .collect();
        let mut units = Vec::new();
        for (raw_units, implied) in [(&raw.units, 1), (&raw.dual, 2)] {
            for (words, secs) in [
                (&raw_units.minute, 60),
                (&raw_units.hour, 3600),
                (&raw_units.day, 86_400),
                (&raw_units.week, 7 * 86_400),
            ] {
                units.extend(phrases(words).into_iter().map(|toks| UnitWord {
                    toks,
                    secs,
                    implied,
                }));
            }
        }
        // Longest unit first: "minutes" before "min".
        units.sort_by_key(|u| std::cmp::Reverse(u.toks.len()));
        Lang {
            code,
            ago,
            one: phrases(&raw.one),
            units,
            yesterday: phrases(&raw.yesterday),
            today: phrases(&raw.today),
        }
    }
}

fn langs() -> &'static [Lang] {
    static LANGS: OnceLock<Vec<Lang>> = OnceLock::new();
    LANGS.get_or_init(|| {
        super::lexicon::Lexicon::get()
            .relative
            .iter()
            .filter_map(|(code, v)| {
                let raw = v.clone().try_into::<RawLang>().ok()?;
                Some(Lang::build(code.clone(), raw))
            })
            .filter(|l| !l.ago.is_empty() || !l.yesterday.is_empty())
            .collect()
    })
}

/// Whether the words `want` sit at token `at` of `toks`; the index after them.
fn phrase_at(toks: &[String], at: usize, want: &[String]) -> Option<usize> {
    let end = at + want.len();
    (end <= toks.len() && toks[at..end] == *want).then_some(end)
}

/// The seconds back that the template `tpl` reads at token `at`.
fn ago_at(
    lang: &Lang,
    toks: &[String],
    nums: &[Option<u32>],
    at: usize,
    tpl: &[Part],
) -> Option<i64> {
    let mut i = at;
    let mut count: Option<i64> = None;
    let mut unit: Option<&UnitWord> = None;
    for part in tpl {
        match part {
            Part::Lit(w) => {
                (toks.get(i)? == w).then_some(())?;
                i += 1;
            }
            Part::Count => {
                if let Some(n) = nums.get(i).copied().flatten() {
                    count = Some(i64::from(n));
                    i += 1;
                } else {
                    i = lang.one.iter().find_map(|w| phrase_at(toks, i, w))?;
                    count = Some(1);
                }
            }
            Part::Unit => {
                let u = lang
                    .units
                    .iter()
                    .find(|u| phrase_at(toks, i, &u.toks).is_some())?;
                i += u.toks.len();
                unit = Some(u);
            }
        }
    }
    let u = unit?;
    let n = count.unwrap_or(u.implied);
    (n >= 1 && n <= i64::from(MAX_COUNT)).then_some(n * u.secs)
}

/// The day a relative date in keyed text `key` names, given the reference. Templates of
/// `lang` are tried (every language's when it is unknown); "yesterday" and "today" only at the
/// start of a short text that only a time follows.
pub fn find(key: &str, lang: Option<&str>, reference: &Reference) -> Option<Day> {
    if key.len() > MAX_KEY {
        return None;
    }
    let toks_raw = tokens(key);
    let toks: Vec<String> = toks_raw.iter().map(|(_, t)| tok_text(t)).collect();
    let nums: Vec<Option<u32>> = toks_raw
        .iter()
        .map(|(_, t)| match t {
            Tok::Num(n, _) => Some(*n),
            _ => None,
        })
        .collect();
    let is_word: Vec<bool> = toks_raw
        .iter()
        .map(|(_, t)| matches!(t, Tok::Word(_)))
        .collect();
    // "Yesterday" or "today" opens the text, and only a time or signs follow it.
    let day_word = |phrases: &[Vec<String>]| {
        key.len() <= MAX_DAY_WORD_KEY
            && phrases
                .iter()
                .any(|w| phrase_at(&toks, 0, w).is_some_and(|end| !is_word[end..].contains(&true)))
    };
    let ref_days = reference.day.days();
    for l in langs().iter().filter(|l| lang.is_none_or(|c| c == l.code)) {
        if day_word(&l.yesterday) {
            return Day::from_days(ref_days - 1);
        }
        if day_word(&l.today) {
            return Some(reference.day);
        }
        for at in 0..toks.len() {
            for tpl in &l.ago {
                let Some(back) = ago_at(l, &toks, &nums, at, tpl) else {
                    continue;
                };
                // Without the time of day, hours and minutes ago stay on the reference day
                // unless they add up to whole days.
                let now = ref_days * 86_400 + i64::from(reference.secs.unwrap_or(86_399));
                return Day::from_days((now - back).div_euclid(86_400));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str, lang: Option<&str>, r: &str) -> Option<String> {
        let r = Reference::parse(r).expect("reference");
        find(&normalize::key(s), lang, &r).map(|d| d.iso())
    }

    #[test]
    fn reference_dates_parse() {
        let r = Reference::parse("2026-12-07T02:21:42Z").expect("parses");
        assert_eq!(r.day.iso(), "2026-12-07");
        assert_eq!(r.secs, Some(2 * 3600 + 21 * 60 + 42));
        assert_eq!(Reference::parse("2026-12-07").map(|r| r.secs), Some(None));
        assert_eq!(Reference::parse("2026-12-07T25:00:00Z"), None);
        assert_eq!(Reference::parse("yesterday"), None);
    }

    #[test]
    fn day_arithmetic_round_trips() {
        for iso in ["1970-01-01", "2000-02-29", "2024-03-01", "2026-12-31"] {
            let d = Day::of_iso(iso).expect("day");
            assert_eq!(Day::from_days(d.days()), Some(d), "{iso}");
        }
        assert_eq!(Day::of_iso("1970-01-02").map(|d| d.days()), Some(1));
    }

    #[test]
    fn relative_dates_in_many_languages() {
        let r = "2026-03-02T10:00:00Z";
        assert_eq!(
            at("vor 2 Tagen", Some("de"), r).as_deref(),
            Some("2026-02-28")
        );
        assert_eq!(
            at("Aktualisiert vor einer Stunde", Some("de"), r).as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(
            at("il y a 3 jours", Some("fr"), r).as_deref(),
            Some("2026-02-27")
        );
        assert_eq!(
            at("hace 1 semana", Some("es"), r).as_deref(),
            Some("2026-02-23")
        );
        assert_eq!(
            at("Jane Doe · 12 hours ago", Some("en"), r).as_deref(),
            Some("2026-03-01")
        );
        assert_eq!(
            at("منذ يومين", Some("ar"), r).as_deref(),
            Some("2026-02-28")
        );
        assert_eq!(
            at("منذ ٣ ساعات", Some("ar"), r).as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(
            at("2 дня назад", Some("ru"), r).as_deref(),
            Some("2026-02-28")
        );
        assert_eq!(
            at("Gestern, 14:30", Some("de"), r).as_deref(),
            Some("2026-03-01")
        );
        assert_eq!(at("3 days ago", None, r).as_deref(), Some("2026-02-27"));
    }

    #[test]
    fn what_is_not_a_relative_date() {
        let r = "2026-03-02";
        // Months and years do not name a day; a word of another language is not read.
        assert_eq!(at("3 months ago", Some("en"), r), None);
        assert_eq!(at("hier", Some("de"), r), None);
        assert_eq!(
            at(
                "Yesterday the minister said that the plan would go ahead",
                Some("en"),
                r
            ),
            None
        );
        assert_eq!(at("2 days", Some("en"), r), None);
    }
}
