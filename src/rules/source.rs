//! Rule files as read: one [`Source`] per file, parsed with the file, line and column of any
//! error, and each rule's own line recorded for `--explain`.

use super::schema::PackFile;
use crate::error::{Error, Result};

/// One source rule file, already read.
#[derive(Debug, Clone)]
pub struct Source {
    /// Display name (path or `builtin:rules/...`).
    pub name: String,
    /// The TOML text.
    pub text: String,
}

pub(super) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Finds the line of `id = "<id>"` in a rule file, for error messages.
fn locate_rule(text: &str, id: &str) -> Option<(usize, usize)> {
    for pat in [format!("id = \"{id}\""), format!("id=\"{id}\"")] {
        if let Some(off) = text.find(&pat) {
            return Some(line_col(text, off));
        }
    }
    None
}

pub(super) fn rule_error(src: &Source, rule_id: &str, message: String) -> Error {
    let (line, column) =
        locate_rule(&src.text, rule_id).map_or((None, None), |(l, c)| (Some(l), Some(c)));
    Error::Rule {
        file: src.name.clone(),
        line,
        column,
        message: format!("rule `{rule_id}`: {message}"),
    }
}

/// The `id` of every `[[rule]]` with its position in the file.
#[derive(serde::Deserialize)]
struct RuleSpans {
    #[serde(default, rename = "rule")]
    rules: Vec<IdSpan>,
}

#[derive(serde::Deserialize)]
struct IdSpan {
    id: toml::Spanned<String>,
}

/// The file name shown with a rule: the path inside the crate for embedded packs.
fn display_name(name: &str) -> &str {
    name.strip_prefix("builtin:").unwrap_or(name)
}

/// Parses one rule file, reporting file, line and column on error. Each rule records the file
/// and line it is written at ([`RuleDef::origin`]).
pub fn parse(src: &Source) -> Result<PackFile> {
    let mut file = parse_only(src)?;
    // The embedded packs write `id = "..."` on a line of its own in each `[[rule]]` (a test
    // checks that this finds what the TOML spans do): read so, without a second parse.
    let fast = super::is_builtin(src)
        .then(|| id_lines(&src.text))
        .flatten()
        .filter(|ids| {
            ids.len() == file.rules.len() && ids.iter().zip(&file.rules).all(|(i, d)| i.0 == d.id)
        });
    let lines: Vec<(String, usize)> = match fast {
        Some(ids) => ids,
        None => match toml::from_str::<RuleSpans>(&src.text) {
            Ok(spans) => spans
                .rules
                .into_iter()
                .map(|r| {
                    let line = line_col(&src.text, r.id.span().start).0;
                    (r.id.into_inner(), line)
                })
                .collect(),
            Err(_) => Vec::new(),
        },
    };
    for (def, (id, line)) in file.rules.iter_mut().zip(lines) {
        if id == def.id {
            def.origin = Some((display_name(&src.name).to_string(), line));
        }
    }
    Ok(file)
}

/// The id and line of each `[[rule]]`'s `id = "..."` line, in order, when every rule has one
/// before any other table starts; `None` otherwise.
fn id_lines(text: &str) -> Option<Vec<(String, usize)>> {
    let mut out = Vec::new();
    // Inside a `[[rule]]` table whose id is not found yet.
    let mut want = false;
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            if want {
                return None;
            }
            want = t == "[[rule]]";
            continue;
        }
        if want {
            let Some(v) = t.strip_prefix("id") else {
                continue;
            };
            let v = v.trim_start().strip_prefix('=')?.trim();
            let id = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .filter(|v| !v.contains(['"', '\\']))?;
            out.push((id.to_string(), n + 1));
            want = false;
        }
    }
    (!want).then_some(out)
}

fn parse_only(src: &Source) -> Result<PackFile> {
    toml::from_str::<PackFile>(&src.text).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|s| line_col(&src.text, s.start))
            .map_or((None, None), |(l, c)| (Some(l), Some(c)));
        Error::Rule {
            file: src.name.clone(),
            line,
            column,
            message: e.message().trim().to_string(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The id lines read from the embedded packs are those the TOML spans give.
    #[test]
    fn id_lines_match_the_toml_spans() {
        for src in crate::rules::builtin_sources() {
            let spans: RuleSpans = toml::from_str(&src.text).expect("embedded pack parses");
            let want: Vec<(String, usize)> = spans
                .rules
                .into_iter()
                .map(|r| {
                    let line = line_col(&src.text, r.id.span().start).0;
                    (r.id.into_inner(), line)
                })
                .collect();
            assert_eq!(id_lines(&src.text), Some(want), "{}", src.name);
        }
    }
}
