//! The `[html]` part of a pack compiled: selectors, token sets (also by page type) and the
//! title, author, date and body selectors.

use std::collections::HashSet;

use super::schema::HtmlDef;
use super::source::{line_col, Source};
use super::tokens::TokenSet;
use crate::error::{Error, Result};
use crate::html::dom::Selector;

/// HTML part of a pack, compiled.
#[derive(Debug, Default)]
pub struct HtmlRules {
    /// Complex selectors of elements to remove.
    pub strip: Vec<Selector>,
    /// Bare tag names to remove (`script`, `nav`): checked without a selector pass.
    pub strip_tags: HashSet<String>,
    /// id/class tokens to remove.
    pub strip_tokens: TokenSet,
    /// Tokens that raise a content candidate's score.
    pub boost_tokens: TokenSet,
    /// Tokens that lower a content candidate's score.
    pub penalty_tokens: TokenSet,
    /// Tokens that name a page layout: their strip and penalty matches do not count.
    pub layout_tokens: TokenSet,
    /// Tokens of chrome on one page type: (the type's bit, the set).
    pub type_strip_tokens: Vec<(u8, TokenSet)>,
    /// Tokens that do not strip on one page type: (the type's bit, the set).
    pub type_spare_tokens: Vec<(u8, TokenSet)>,
    /// Complex selectors of elements never removed.
    pub keep: Vec<Selector>,
    /// `.class` / `#id` keep selectors as tokens.
    pub keep_tokens: TokenSet,
    /// Title selector and attribute.
    pub title: Option<(Selector, Option<String>)>,
    /// Author selector and attribute.
    pub author: Option<(Selector, Option<String>)>,
    /// Date selector and attribute.
    pub date: Option<(Selector, Option<String>)>,
    /// Body selector.
    pub body: Option<Selector>,
}

pub(super) fn compile_selector(src: &Source, what: &str, css: &str) -> Result<Selector> {
    Selector::parse(css).map_err(|e| Error::Rule {
        file: src.name.clone(),
        line: src.text.find(css).map(|off| line_col(&src.text, off).0),
        column: None,
        message: format!("{what}: bad CSS selector {css:?}: {e}"),
    })
}

/// The type of a selector that is a single compound starting with one (`link[href*="/wp-"]`,
/// `meta.x`), lower-case; `None` for anything else (combinators, lists, namespaces, escapes).
pub(super) fn subject_tag(css: &str) -> Option<String> {
    let css = css.trim();
    let name_len = css
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
        .count();
    if name_len == 0 || !css.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    // The rest must hold no combinator or list outside brackets and quotes.
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for c in css[name_len..].chars() {
        match (quote, c) {
            (_, '\\') => return None,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '(') => depth += 1,
            (None, ']' | ')') => depth -= 1,
            (None, '|') => return None,
            (None, c)
                if depth == 0 && (c.is_whitespace() || matches!(c, ',' | '>' | '+' | '~')) =>
            {
                return None
            }
            _ => {}
        }
    }
    Some(css[..name_len].to_ascii_lowercase())
}

fn selector_attr(src: &Source, what: &str, spec: &str) -> Result<(Selector, Option<String>)> {
    let (css, attr) = match spec.rsplit_once('@') {
        Some((css, attr)) if !attr.contains([' ', ']', '[']) => (css, Some(attr.to_string())),
        _ => (spec, None),
    };
    Ok((compile_selector(src, what, css)?, attr))
}

/// Token sets by page type name: (the type's bit, the set); an unknown name is an error.
fn by_type(
    src: &Source,
    field: &str,
    specs: &std::collections::BTreeMap<String, Vec<String>>,
) -> Result<Vec<(u8, TokenSet)>> {
    specs
        .iter()
        .map(|(name, tokens)| {
            let t = crate::article::PageType::from_name(name).ok_or_else(|| {
                let names: Vec<&str> = crate::article::PageType::ALL
                    .iter()
                    .map(|t| t.name())
                    .collect();
                Error::Rule {
                    file: src.name.clone(),
                    line: None,
                    column: None,
                    message: format!(
                        "html.{field}: unknown page type `{name}` (one of {})",
                        names.join(", ")
                    ),
                }
            })?;
            Ok((t.bit(), TokenSet::from_specs(tokens)))
        })
        .collect()
}

pub(super) fn compile_html(src: &Source, def: &HtmlDef) -> Result<HtmlRules> {
    let mut h = HtmlRules::default();
    // Bare tags, `.class` and `#id` selectors become set lookups done during the one DOM
    // walk; only complex selectors cost a selector pass.
    let simple_token = |css: &str| -> Option<String> {
        let rest = css.strip_prefix('.').or_else(|| css.strip_prefix('#'))?;
        (!rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .then(|| rest.to_ascii_lowercase())
    };
    let mut strip_tokens = def.strip_tokens.clone();
    for css in &def.strip {
        let sel = compile_selector(src, "html.strip", css)?;
        if css.chars().all(|c| c.is_ascii_alphanumeric()) {
            h.strip_tags.insert(css.to_ascii_lowercase());
        } else if let Some(t) = simple_token(css) {
            strip_tokens.push(t);
        } else {
            h.strip.push(sel);
        }
    }
    let mut keep_tokens = Vec::new();
    for css in &def.keep {
        let sel = compile_selector(src, "html.keep", css)?;
        match simple_token(css) {
            Some(t) => keep_tokens.push(t),
            None => h.keep.push(sel),
        }
    }
    h.keep_tokens = TokenSet::from_specs(&keep_tokens);
    h.strip_tokens = TokenSet::from_specs(&strip_tokens);
    h.boost_tokens = TokenSet::from_specs(&def.boost_tokens);
    h.penalty_tokens = TokenSet::from_specs(&def.penalty_tokens);
    h.layout_tokens = TokenSet::from_specs(&def.layout_tokens);
    h.type_strip_tokens = by_type(src, "strip_tokens_by_type", &def.strip_tokens_by_type)?;
    h.type_spare_tokens = by_type(src, "spare_tokens_by_type", &def.spare_tokens_by_type)?;
    if let Some(s) = &def.title {
        h.title = Some(selector_attr(src, "html.title", s)?);
    }
    if let Some(s) = &def.author {
        h.author = Some(selector_attr(src, "html.author", s)?);
    }
    if let Some(s) = &def.date {
        h.date = Some(selector_attr(src, "html.date", s)?);
    }
    if let Some(s) = &def.body {
        h.body = Some(compile_selector(src, "html.body", s)?);
    }
    Ok(h)
}

/// A rule file merged into another with the same pack id: rules with the same id replace,
/// others are added.
#[cfg(test)]
mod tests {
    #[test]
    fn subject_tag_only_for_one_compound_with_a_type() {
        use super::subject_tag;
        assert_eq!(
            subject_tag(r#"meta[name="generator"][content^="WordPress"]"#).as_deref(),
            Some("meta")
        );
        assert_eq!(
            subject_tag(r#"link[href*="/wp content/"]"#).as_deref(),
            Some("link")
        );
        assert_eq!(subject_tag("DIV.a:not(.b c)").as_deref(), Some("div"));
        assert_eq!(subject_tag("div p"), None);
        assert_eq!(subject_tag("div > p"), None);
        assert_eq!(subject_tag("meta, link"), None);
        assert_eq!(subject_tag(".entry"), None);
        assert_eq!(subject_tag("svg|rect"), None);
        assert_eq!(subject_tag(r"a\:b"), None);
    }
}
