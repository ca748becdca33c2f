//! Runs the `[[test]]` cases that rule files carry.

use crate::article::Article;
use crate::cleaner::{Cleaner, Hints, InputKind};
use crate::rules::schema::TestDef;

/// The outcome of one `[[test]]` case.
#[derive(Debug, Clone)]
pub struct TestOutcome {
    /// `pack/test name`.
    pub name: String,
    /// Where the test lives.
    pub source: String,
    /// Failures; empty when the case passed.
    pub failures: Vec<String>,
}

fn value_str(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn check_expect(article: &Article, key: &str, want: &toml::Value) -> Option<String> {
    let got: serde_json::Value = match key {
        "title" => article.title.clone().into(),
        "category" => article.category.clone().into(),
        "site_name" => article.site_name.clone().into(),
        "date" => article.date.clone().into(),
        "language" => article.language.clone().into(),
        "authors" => article.authors.clone().into(),
        "highlights" => article.highlights.clone().into(),
        "paywalled" => article.paywalled.into(),
        "blocks" => article.blocks.len().into(),
        "headings" => article
            .blocks
            .iter()
            .filter(|b| b.kind == crate::block::BlockKind::Heading)
            .count()
            .into(),
        other => return Some(format!("unknown expect key {other:?}")),
    };
    let want_json: serde_json::Value = match want {
        toml::Value::String(s) => s.clone().into(),
        toml::Value::Boolean(b) => (*b).into(),
        toml::Value::Integer(i) => (*i).into(),
        toml::Value::Array(a) => a.iter().map(value_str).collect::<Vec<_>>().into(),
        other => value_str(other).into(),
    };
    (got != want_json).then(|| format!("expected {key} = {want_json}, got {got}"))
}

/// Runs one case with `cleaner`.
pub fn run_case(cleaner: &Cleaner, t: &TestDef) -> Vec<String> {
    let mut failures = Vec::new();
    let article = match (&t.input, &t.html) {
        (Some(text), None) => cleaner.clean_text_with(text, t.url.as_deref()),
        (None, Some(html)) => {
            let hints = Hints {
                url: t.url.clone(),
                input: InputKind::Html,
                ..Hints::default()
            };
            match cleaner.clean_bytes(html.as_bytes(), &hints) {
                Ok(a) => a,
                Err(e) => return vec![format!("error: {e}")],
            }
        }
        _ => return vec!["a test needs exactly one of `input` or `html`".into()],
    };
    let text = &article.text;
    for s in &t.must_contain {
        if !text.contains(s.as_str()) {
            failures.push(format!("text lacks {s:?}"));
        }
    }
    for s in &t.must_not_contain {
        if text.contains(s.as_str()) {
            failures.push(format!("text still holds {s:?}"));
        }
    }
    for s in &t.must_occur_once {
        let n = text.matches(s.as_str()).count();
        if n != 1 {
            failures.push(format!("{s:?} occurs {n} times, expected once"));
        }
    }
    for (k, v) in &t.expect {
        if let Some(f) = check_expect(&article, k, v) {
            failures.push(f);
        }
    }
    failures
}

/// Runs every pack's cases. Cases with a `lang` get a cleaner forced to that language.
pub fn run_all(
    cleaner: &Cleaner,
    build_with_lang: &dyn Fn(&str) -> Option<Cleaner>,
) -> Vec<TestOutcome> {
    let mut out = Vec::new();
    for pack in &cleaner.rules().packs {
        for t in &pack.tests {
            let forced;
            let c = match t.lang.as_deref() {
                Some(l) => match build_with_lang(l) {
                    Some(c) => {
                        forced = c;
                        &forced
                    }
                    None => cleaner,
                },
                None => cleaner,
            };
            out.push(TestOutcome {
                name: format!("{}/{}", pack.id, t.name),
                source: pack.source.clone(),
                failures: run_case(c, t),
            });
        }
    }
    out
}
