//! Dates written in text, in any of the lexicon's languages and any digit set: `13. Januar 2020`,
//! `7 de junio de 2020`, `June 7th, 2020`, `2020年6月7日`, `07.06.2020`, `6/7/2020`, `2020-06-07`.
//! Input is keyed text ([`crate::normalize::key`]: lower case, ASCII digits).

use super::lexicon::{DateLabel, Lexicon};

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    /// Year.
    pub y: u16,
    /// Month 1..=12.
    pub m: u8,
    /// Day 1..=31.
    pub d: u8,
}

impl Day {
    /// A valid calendar day, or `None`.
    pub fn new(y: u32, m: u32, d: u32) -> Option<Day> {
        crate::dates::valid(y, m, d).then_some(Day {
            y: y as u16,
            m: m as u8,
            d: d as u8,
        })
    }

    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }

    /// The day an ISO string starts with.
    pub fn of_iso(s: &str) -> Option<Day> {
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Day::new(
            s.get(0..4)?.parse().ok()?,
            s.get(5..7)?.parse().ok()?,
            s.get(8..10)?.parse().ok()?,
        )
    }

    /// Today, by the system clock (UTC).
    pub fn today() -> Day {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Day::from_days((secs / 86_400) as i64).unwrap_or(Day {
            y: 2100,
            m: 1,
            d: 1,
        })
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days(&self) -> i64 {
        let (m, d) = (i64::from(self.m), i64::from(self.d));
        let y = i64::from(self.y) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `days` after 1970-01-01 (`civil_from_days`), when it is a valid day.
    pub fn from_days(days: i64) -> Option<Day> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Day::new(
            u32::try_from(y).ok()?,
            u32::try_from(m).ok()?,
            u32::try_from(d).ok()?,
        )
    }

    /// Not before 1995 and not after tomorrow.
    pub fn plausible(&self) -> bool {
        if self.y < 1995 {
            return false;
        }
        let t = Day::today();
        let tomorrow = Day::new(t.y as u32, t.m as u32, t.d as u32 + 1)
            .or_else(|| Day::new(t.y as u32, t.m as u32 + 1, 1))
            .unwrap_or(Day {
                y: t.y + 1,
                m: 1,
                d: 1,
            });
        *self <= tomorrow
    }
}

/// A date found in text.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Byte offset in the keyed text.
    pub at: usize,
    /// The day.
    pub day: Day,
    /// The label just before it, if any.
    pub label: Option<DateLabel>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Tok<'a> {
    Num(u32, usize),
    Word(&'a str),
    Punct(char),
}

pub(super) fn tokens(s: &str) -> Vec<(usize, Tok<'_>)> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = it.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = j + 1;
                it.next();
            }
            let digits = end - i;
            if digits <= 4 {
                out.push((i, Tok::Num(s[i..end].parse().unwrap_or(0), digits)));
            } else {
                out.push((i, Tok::Punct('#')));
            }
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            let cjk = is_cjk(c);
            while let Some(&(j, d)) = it.peek() {
                if !d.is_alphabetic() || is_cjk(d) || cjk {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            out.push((i, Tok::Word(&s[i..end])));
        } else if !c.is_whitespace() {
            out.push((i, Tok::Punct(c)));
        }
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}')
}

struct Scan<'a, 'b> {
    toks: &'b [(usize, Tok<'a>)],
    lx: &'static Lexicon,
}

impl Scan<'_, '_> {
    fn num(&self, i: usize) -> Option<(u32, usize)> {
        match self.toks.get(i)?.1 {
            Tok::Num(v, d) => Some((v, d)),
            _ => None,
        }
    }

    /// A month name starting at `i`: (month, next index).
    fn month(&self, i: usize) -> Option<(u8, usize)> {
        let (m, mut j) = self.month_plain(i)?;
        // A trailing dot ("Jan.") and a second name after a slash ("آب/اغسطس").
        if matches!(self.toks.get(j), Some((_, Tok::Punct('.')))) {
            j += 1;
        }
        if matches!(self.toks.get(j), Some((_, Tok::Punct('/')))) {
            if let Some((m2, j2)) = self.month_plain(j + 1) {
                if m2 == m {
                    j = j2;
                }
            }
        }
        Some((m, j))
    }

    /// The longest month name starting at `i`, alone: (month, next index).
    fn month_plain(&self, i: usize) -> Option<(u8, usize)> {
        let mut name = String::new();
        let mut best = None;
        for k in 0..self.lx.month_words.max(1) {
            let Some((_, Tok::Word(w))) = self.toks.get(i + k) else {
                break;
            };
            if k > 0 {
                name.push(' ');
            }
            name.push_str(w);
            if let Some(&m) = self.lx.months.get(&name) {
                best = Some((m, i + k + 1));
            }
        }
        best
    }

    /// Skips separators and filler words.
    fn skip(&self, mut i: usize, fillers: bool) -> usize {
        loop {
            match self.toks.get(i) {
                Some((_, Tok::Punct(',' | '.' | '/' | '-' | '،'))) => i += 1,
                Some((_, Tok::Word(w))) if fillers && self.lx.fillers.iter().any(|f| f == w) => {
                    i += 1
                }
                _ => return i,
            }
        }
    }

    fn ordinal(&self, i: usize) -> usize {
        match self.toks.get(i) {
            Some((_, Tok::Word(w))) if self.lx.ordinals.iter().any(|o| o == w) => i + 1,
            _ => i,
        }
    }

    fn unit(&self, i: usize, which: usize) -> bool {
        matches!(self.toks.get(i), Some((_, Tok::Word(w))) if self.lx.cjk[which].iter().any(|u| u == w))
    }

    fn sep(&self, i: usize) -> Option<char> {
        match self.toks.get(i)?.1 {
            Tok::Punct(c @ ('-' | '/' | '.' | '\\')) => Some(c),
            _ => None,
        }
    }

    /// A date starting at token `i`: (day, tokens used).
    fn at(&self, i: usize, mdy: bool) -> Option<(Day, usize)> {
        if let Some((a, ad)) = self.num(i) {
            // Y-M-D, numeric.
            if ad == 4 {
                if let (Some(s1), Some((b, bd)), Some(s2), Some((c, cd))) = (
                    self.sep(i + 1),
                    self.num(i + 2),
                    self.sep(i + 3),
                    self.num(i + 4),
                ) {
                    if s1 == s2 && bd <= 2 && cd <= 2 {
                        return Day::new(a, b, c).map(|d| (d, 5));
                    }
                }
                // CJK: 2020年6月7日.
                if self.unit(i + 1, 0) {
                    let (b, _) = self.num(i + 2)?;
                    let (c, _) = self.num(i + 4)?;
                    if self.unit(i + 3, 1) && self.unit(i + 5, 2) {
                        return Day::new(a, b, c).map(|d| (d, 6));
                    }
                }
                return None;
            }
            if ad > 2 {
                return None;
            }
            // D.M.Y or M/D/Y, numeric.
            if let (Some(s1), Some((b, bd)), Some(s2), Some((c, 4))) = (
                self.sep(i + 1),
                self.num(i + 2),
                self.sep(i + 3),
                self.num(i + 4),
            ) {
                if s1 == s2 && bd <= 2 {
                    let month_first = mdy && s1 == '/';
                    let d = if a > 12 || (!month_first && b <= 12) {
                        Day::new(c, b, a)
                    } else {
                        Day::new(c, a, b).or_else(|| Day::new(c, b, a))
                    };
                    return d.map(|d| (d, 5));
                }
            }
            // D MONTH Y.
            let j = self.skip(self.ordinal(i + 1), true);
            let (m, j) = self.month(j)?;
            let j = self.skip(j, true);
            let (y, 4) = self.num(j)? else {
                return None;
            };
            return Day::new(y, m as u32, a).map(|d| (d, j + 1 - i));
        }
        // MONTH D, Y.
        let (m, j) = self.month(i)?;
        let j = self.skip(j, false);
        let (d, dd) = self.num(j)?;
        if dd > 2 {
            return None;
        }
        let k = self.skip(self.ordinal(j + 1), false);
        let (y, 4) = self.num(k)? else {
            return None;
        };
        Day::new(y, m as u32, d).map(|day| (day, k + 1 - i))
    }
}

/// Every date in `key` (keyed text), in order, with the label before each.
pub fn scan(key: &str, lang: Option<&str>) -> Vec<Found> {
    // Every form read here holds a year: a run of exactly four digits. Most text has none.
    if !has_year_run(key) {
        return Vec::new();
    }
    let lx = Lexicon::get();
    let toks = tokens(key);
    let s = Scan { toks: &toks, lx };
    let mdy = lx.month_first(lang) || lang.is_none();
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // A date does not start in the middle of a longer run of numbers ("1.2.3.2020").
        if let Some((day, used)) = s.at(i, mdy) {
            let at = toks[i].0;
            out.push(Found {
                at,
                day,
                label: lx.label_before(&key[..at]),
            });
            i += used;
        } else {
            i += 1;
        }
    }
    out
}

/// Whether `key` holds a run of exactly four ASCII digits (a [`Tok::Num`] of four digits).
fn has_year_run(key: &str) -> bool {
    let mut run = 0;
    for &b in key.as_bytes() {
        if b.is_ascii_digit() {
            run += 1;
        } else {
            if run == 4 {
                return true;
            }
            run = 0;
        }
    }
    run == 4
}

/// The first date of a structured value (meta `content`, JSON-LD, `datetime`): ISO 8601 kept
/// with its time and zone; other forms read as text.
pub fn structured(raw: &str, lang: Option<&str>) -> Option<(String, Day)> {
    let raw = raw.trim();
    if let Some(day) = Day::of_iso(raw) {
        let iso = crate::dates::parse(raw, &Vec::new()).unwrap_or_else(|| day.iso());
        return Some((iso, day));
    }
    let key = crate::normalize::key(raw);
    // A compact 20200607 or a Unix time stamp are left out: too easy to misread.
    let f = scan(&key, lang).into_iter().next()?;
    Some((f.day.iso(), f.day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::key;

    fn first(s: &str, lang: Option<&str>) -> Option<String> {
        scan(&key(s), lang).first().map(|f| f.day.iso())
    }

    #[test]
    fn month_names_in_many_languages() {
        let cases = [
            ("13. Januar 2020", "de", "2020-01-13"),
            ("le 7 juin 2020", "fr", "2020-06-07"),
            ("1er août 2019", "fr", "2019-08-01"),
            ("7 de junio de 2020", "es", "2020-06-07"),
            ("12 de março de 2021", "pt", "2021-03-12"),
            ("3 maggio 2018", "it", "2018-05-03"),
            ("5 maart 2022", "nl", "2022-03-05"),
            ("14 stycznia 2023", "pl", "2023-01-14"),
            ("9 декабря 2021 года", "ru", "2021-12-09"),
            ("15 Şubat 2024", "tr", "2024-02-15"),
            ("٢٨ آب/اغسطس ٢٠١٣", "ar", "2013-08-28"),
            ("15 يناير/كانون الثاني 2018", "ar", "2018-01-15"),
            ("۱۲ ژانویه ۲۰۲۰", "fa", "2020-01-12"),
            ("June 7th, 2020", "en", "2020-06-07"),
            ("Updated Dec. 18, 2025 at 10:00", "en", "2025-12-18"),
            ("2020年6月7日", "zh", "2020-06-07"),
            ("2024년 3월 5일", "ko", "2024-03-05"),
        ];
        for (text, lang, want) in cases {
            assert_eq!(first(text, Some(lang)).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn numeric_orders_by_locale_and_plausibility() {
        assert_eq!(
            first("07.06.2020", Some("de")).as_deref(),
            Some("2020-06-07")
        );
        assert_eq!(first("6/7/2020", Some("en")).as_deref(), Some("2020-06-07"));
        assert_eq!(first("6/7/2020", Some("fr")).as_deref(), Some("2020-07-06"));
        assert_eq!(
            first("25/12/2020", Some("en")).as_deref(),
            Some("2020-12-25")
        );
        assert_eq!(first("2020-06-07", None).as_deref(), Some("2020-06-07"));
        assert_eq!(
            first("٢٦-٠٧-٢٠٢٢", Some("ar")).as_deref(),
            Some("2022-07-26")
        );
        assert_eq!(first("31.02.2020", Some("de")), None);
        assert_eq!(first("version 1.2.3", None), None);
        assert_eq!(first("May I help you in 2020", Some("en")), None);
    }

    #[test]
    fn labels_and_plausibility() {
        let f = scan(
            &key("Published: 3 May 2021 · Updated: 4 May 2021"),
            Some("en"),
        );
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].label, Some(DateLabel::Published));
        assert_eq!(f[1].label, Some(DateLabel::Updated));
        assert!(!Day::new(1990, 1, 1).unwrap().plausible());
        assert!(!Day::new(2999, 1, 1).unwrap().plausible());
        assert!(Day::new(2020, 1, 1).unwrap().plausible());
        assert_eq!(
            structured("2022-07-26T10:20:30.123+03:00", None).map(|x| x.0),
            Some("2022-07-26T10:20:30+03:00".into())
        );
        assert_eq!(
            structured("Dec 18, 2025", None).map(|x| x.0),
            Some("2025-12-18".into())
        );
    }
}
