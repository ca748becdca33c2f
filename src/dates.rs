//! Date normalization to ISO 8601: ISO forms, numeric day-month-year forms, and month names
//! from the language packs (any digit set: the text is keyed first).

use crate::normalize;

/// Month names (keys) per month, index 0 = January, gathered from the active language packs.
pub type MonthNames = Vec<Vec<String>>;

/// Whether `y-m-d` is a calendar day (years 1000 to 2999).
pub(crate) fn valid(y: u32, m: u32, d: u32) -> bool {
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1000..=2999).contains(&y) {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    d <= days[(m - 1) as usize]
}

fn ymd(y: u32, m: u32, d: u32) -> Option<String> {
    valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// An ISO 8601 date or datetime at the start of `s` (`2022-07-26`, `2022-07-26T10:00:00+03:00`).
fn iso(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 10 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: u32 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    let date = ymd(y, m, d)?;
    let rest = &s[10..];
    if let Some(t) = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' ')) {
        let tb = t.as_bytes();
        if tb.len() >= 5 && tb[2] == b':' && tb[..2].iter().all(u8::is_ascii_digit) {
            let end = t
                .find(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | '.' | '+' | '-' | 'Z')))
                .unwrap_or(t.len());
            let time = &t[..end];
            // Drop fractional seconds for a stable, common form.
            let time = match time.find('.') {
                Some(dot) => {
                    let zone_at = time[dot..].find(['+', '-', 'Z']).map(|z| dot + z);
                    match zone_at {
                        Some(z) => format!("{}{}", &time[..dot], &time[z..]),
                        None => time[..dot].to_string(),
                    }
                }
                None => time.to_string(),
            };
            return Some(format!("{date}T{time}"));
        }
    }
    Some(date)
}

fn numbers(s: &str) -> Vec<(usize, u32, usize)> {
    // (start, value, digits)
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if c.is_ascii_digit() {
            start.get_or_insert(i);
        } else if let Some(st) = start.take() {
            if let Ok(v) = s[st..i].parse::<u32>() {
                out.push((st, v, i - st));
            }
        }
    }
    out
}

/// Parses the first date found in `text`. Returns ISO 8601 or `None`.
pub fn parse(text: &str, months: &MonthNames) -> Option<String> {
    let raw = text.trim();
    if let Some(d) = iso(raw) {
        return Some(d);
    }
    let k = normalize::key(raw);
    if let Some(d) = iso(&k) {
        return Some(d);
    }
    // Numeric forms: d-m-y, y-m-d with -, /, ., \ and optional spaces.
    let nums = numbers(&k);
    for w in nums.windows(3) {
        let (a, b, c) = (w[0], w[1], w[2]);
        let between_ok = |x: (usize, u32, usize), y: (usize, u32, usize)| {
            let gap = &k[x.0 + x.2..y.0];
            let g = gap.trim();
            gap.len() <= 4 && matches!(g, "-" | "/" | "." | "\\")
        };
        if !between_ok(a, b) || !between_ok(b, c) {
            continue;
        }
        if a.2 == 4 {
            if let Some(d) = ymd(a.1, b.1, c.1) {
                return Some(d);
            }
        } else if c.2 == 4 {
            if let Some(d) = ymd(c.1, b.1, a.1).or_else(|| ymd(c.1, a.1, b.1)) {
                return Some(d);
            }
        }
    }
    // Month names: "26 يوليو 2022", "July 26, 2022", "26 juillet 2022", "28 آب/اغسطس 2013".
    let mut best: Option<(usize, usize, u32)> = None; // (start, end, month)
    for (mi, names) in months.iter().enumerate() {
        for name in names {
            if name.is_empty() {
                continue;
            }
            let mut from = 0;
            while let Some(pos) = k[from..].find(name.as_str()) {
                let st = from + pos;
                let en = st + name.len();
                let before_ok = k[..st]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphabetic());
                let after_ok = k[en..].chars().next().is_none_or(|c| !c.is_alphabetic());
                if before_ok && after_ok {
                    let better = match best {
                        None => true,
                        Some((bs, be, _)) => st < bs || (st == bs && en > be),
                    };
                    if better {
                        best = Some((st, en, mi as u32 + 1));
                    }
                    break;
                }
                from = en;
            }
        }
    }
    let (st, en, month) = best?;
    let before: Vec<_> = nums
        .iter()
        .filter(|n| n.0 + n.2 <= st && st - (n.0 + n.2) <= 3)
        .collect();
    let after: Vec<_> = nums.iter().filter(|n| n.0 >= en).collect();
    // Skip a second month name joined with '/' ("آب/اغسطس") before looking for the year.
    let day_before = before.last().filter(|n| n.2 <= 2).map(|n| n.1);
    match day_before {
        Some(d) => {
            let y = after.iter().find(|n| n.2 == 4 && n.0 - en <= 48)?;
            ymd(y.1, month, d)
        }
        None => {
            let d = after.first().filter(|n| n.2 <= 2 && n.0 - en <= 3)?;
            let y = after
                .iter()
                .find(|n| n.2 == 4 && n.0 > d.0 && n.0 - d.0 <= 8)?;
            ymd(y.1, month, d.1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months() -> MonthNames {
        let ar = [
            "يناير|كانون الثاني",
            "فبراير|شباط",
            "مارس|آذار",
            "أبريل|نيسان",
            "مايو|أيار",
            "يونيو|حزيران",
            "يوليو|تموز",
            "أغسطس|اغسطس|آب",
            "سبتمبر|أيلول",
            "أكتوبر|تشرين الأول",
            "نوفمبر|تشرين الثاني",
            "ديسمبر|كانون الأول",
        ];
        let en = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ];
        ar.iter()
            .zip(en)
            .map(|(a, e)| {
                let mut v: Vec<String> = a.split('|').map(normalize::key).collect();
                v.push(e.to_string());
                v
            })
            .collect()
    }

    #[test]
    fn numeric_and_iso_forms() {
        let m = months();
        assert_eq!(parse("26 - 07 - 2022", &m).as_deref(), Some("2022-07-26"));
        assert_eq!(parse("٢٦-٠٧-٢٠٢٢", &m).as_deref(), Some("2022-07-26"));
        assert_eq!(parse("2019/02/09", &m).as_deref(), Some("2019-02-09"));
        assert_eq!(parse("16.10.2015", &m).as_deref(), Some("2015-10-16"));
        assert_eq!(
            parse("2022-07-26T10:20:30.123+03:00", &m).as_deref(),
            Some("2022-07-26T10:20:30+03:00")
        );
        assert_eq!(parse("nothing here", &m), None);
        assert_eq!(parse("31-02-2022", &m), None, "no 31 February");
    }

    #[test]
    fn month_names() {
        let m = months();
        assert_eq!(
            parse("الأربعاء، 28 آب/اغسطس 2013، آخر تحديث", &m).as_deref(),
            Some("2013-08-28")
        );
        assert_eq!(
            parse("15 يناير/كانون الثاني 2018", &m).as_deref(),
            Some("2018-01-15")
        );
        assert_eq!(parse("July 26, 2022", &m).as_deref(), Some("2022-07-26"));
        assert_eq!(parse("٧ / يوليو / ٢٠٢٤", &m).as_deref(), Some("2024-07-07"));
    }
}
