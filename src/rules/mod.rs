//! Declarative rules: the TOML schema, the built-in packs, loading user packs, compiling them
//! into matchers, and running the packs' own `[[test]]` cases.

pub mod compile;
pub mod detect;
pub mod html;
mod keys;
mod rule;
pub mod schema;
pub mod selftest;
mod source;
pub mod tokens;
pub mod words;

use std::path::Path;

pub use compile::{Pack, Rule, RuleSet, Settings, Source};
pub use keys::KeyMatchers;
pub use schema::{MatchMode, RuleKind, Scope, Zone};

use crate::error::{Error, Result};

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The built-in packs (embedded at build time from `rules/`).
pub fn builtin_sources() -> Vec<Source> {
    BUILTIN
        .iter()
        .map(|(name, text)| Source {
            name: format!("builtin:{name}"),
            text: (*text).to_string(),
        })
        .collect()
}

/// Whether `src` is one of the embedded packs, unchanged.
fn is_builtin(src: &Source) -> bool {
    src.name
        .strip_prefix("builtin:")
        .is_some_and(|name| BUILTIN.iter().any(|(n, t)| *n == name && *t == src.text))
}

/// Reads every `*.toml` file under `dir` (recursively, sorted by path).
pub fn dir_sources(dir: &Path) -> Result<Vec<Source>> {
    if !dir.is_dir() {
        return Err(Error::Rule {
            file: dir.display().to_string(),
            line: None,
            column: None,
            message: "not a directory of rule files (*.toml)".into(),
        });
    }
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| Error::Rule {
            file: dir.display().to_string(),
            line: None,
            column: None,
            message: e.to_string(),
        })?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|x| x == "toml") {
            paths.push(entry.into_path());
        }
    }
    let mut out = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).map_err(|e| Error::Rule {
            file: p.display().to_string(),
            line: None,
            column: None,
            message: format!("cannot read: {e}"),
        })?;
        out.push(Source {
            name: p.display().to_string(),
            text,
        });
    }
    Ok(out)
}
