//! Page type: article, forum, product, collection, listing, documentation or service, decided
//! by a linear model over features of the page — structured-data and OpenGraph types, URL
//! shapes, tag counts, class tokens, repeated structures. The token and URL lists and the
//! weights live in `data/page_types.toml`; `bench/fit_page_type.py` fits the weights.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use serde::Deserialize;

use super::arena::{Arena, Tag, NONE};
use super::score::Scores;
use super::structured::Structured;
use super::tokens::Attrs;
use crate::article::{PageType, PageTypeWhy};

/// Tags counted for the model, by name.
const COUNTED: [&str; 14] = [
    "pre", "code", "article", "form", "input", "h1", "h2", "h3", "time", "img", "table", "button",
    "select", "dl",
];

/// Names of the features, in the order of [`Features::values`].
pub(super) const FEATURES: &[&str] = &[
    "bias",
    "ld_article",
    "ld_forum",
    "ld_product",
    "ld_collection",
    "ld_listing",
    "ld_documentation",
    "ld_service",
    "og_article",
    "og_product",
    "og_website",
    "url_article",
    "url_forum",
    "url_product",
    "url_collection",
    "url_listing",
    "url_documentation",
    "url_service",
    "url_root",
    "url_depth",
    "url_date",
    "url_id",
    "url_slug",
    "tok_article",
    "tok_forum",
    "tok_product",
    "tok_collection",
    "tok_listing",
    "tok_documentation",
    "tok_service",
    "pre",
    "code",
    "article_el",
    "form",
    "input",
    "h1",
    "h2",
    "h3",
    "time",
    "img",
    "table",
    "button",
    "select",
    "dl",
    "prices",
    "repeat_max",
    "repeat_share",
    "link_density",
    "p_share",
    "text_len",
    "top_share",
    "paragraphs",
];

/// Index of the first `ld_` feature; the seven follow in [`PageType::ALL`]'s order, and so do
/// the `url_` and `tok_` features from their own first index.
const LD0: usize = 1;
const URL0: usize = 11;
const TOK0: usize = 23;
const TAG0: usize = 30;

#[derive(Deserialize)]
struct ModelFile {
    /// Another type must beat `article` by this much: a misread article loses more than a
    /// misread listing.
    article_margin: f32,
    structured: BTreeMap<String, Vec<String>>,
    url: BTreeMap<String, Vec<String>>,
    tokens: BTreeMap<String, Vec<String>>,
    currency: Vec<String>,
    weights: BTreeMap<String, BTreeMap<String, f32>>,
}

/// The compiled model.
pub(super) struct Model {
    /// JSON-LD `@type` (lower case) → page type index.
    structured: ahash::AHashMap<String, usize>,
    url: AhoCorasick,
    url_type: Vec<usize>,
    tokens: AhoCorasick,
    token_type: Vec<usize>,
    currency: Vec<String>,
    /// Per page type, one weight per feature.
    weights: Vec<Vec<f32>>,
    article_margin: f32,
}

const MODEL_TEXT: &str = include_str!("../../data/page_types.toml");

/// The embedded model, compiled on first use.
pub(super) static MODEL: LazyLock<Option<Model>> = LazyLock::new(|| Model::parse(MODEL_TEXT).ok());

fn type_index(name: &str) -> Result<usize, String> {
    PageType::from_name(name)
        .and_then(|t| PageType::ALL.iter().position(|&x| x == t))
        .ok_or_else(|| format!("unknown page type {name:?}"))
}

impl Model {
    /// Parses and compiles a model file.
    pub(super) fn parse(text: &str) -> Result<Model, String> {
        let f: ModelFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut structured = ahash::AHashMap::new();
        for (t, names) in &f.structured {
            let ti = type_index(t)?;
            for n in names {
                structured.insert(n.to_ascii_lowercase(), ti);
            }
        }
        let lists =
            |m: &BTreeMap<String, Vec<String>>| -> Result<(AhoCorasick, Vec<usize>), String> {
                let mut pats = Vec::new();
                let mut types = Vec::new();
                for (t, ps) in m {
                    let ti = type_index(t)?;
                    for p in ps {
                        pats.push(p.to_ascii_lowercase());
                        types.push(ti);
                    }
                }
                let ac = AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::Standard)
                    .build(&pats)
                    .map_err(|e| e.to_string())?;
                Ok((ac, types))
            };
        let (url, url_type) = lists(&f.url)?;
        let (tokens, token_type) = lists(&f.tokens)?;
        let mut weights = vec![vec![0f32; FEATURES.len()]; PageType::ALL.len()];
        for (t, ws) in &f.weights {
            let ti = type_index(t)?;
            for (name, &w) in ws {
                let fi = FEATURES
                    .iter()
                    .position(|f| f == name)
                    .ok_or_else(|| format!("unknown feature {name:?}"))?;
                weights[ti][fi] = w;
            }
        }
        Ok(Model {
            structured,
            url,
            url_type,
            tokens,
            token_type,
            currency: f.currency,
            weights,
            article_margin: f.article_margin,
        })
    }

    /// Page types (bit mask, [`PageType::ALL`] order) whose class tokens a `class` value holds.
    pub(super) fn class_mask(&self, class: &str) -> u8 {
        let lower = class.to_ascii_lowercase();
        let mut mask = 0u8;
        for m in self.tokens.find_overlapping_iter(&lower) {
            mask |= 1 << self.token_type[m.pattern().as_usize()];
        }
        mask
    }
}

/// What the arena walk counts for the model.
#[derive(Default)]
pub(super) struct Census {
    tags: [u32; COUNTED.len()],
    /// Elements whose class holds a token of each page type.
    tok: [u32; 7],
    /// Per class id (from 1), the page-type token mask.
    class_mask: Vec<u8>,
    og_type: Option<String>,
}

impl Census {
    /// Counts one element.
    pub(super) fn element(&mut self, model: &Model, name: &str, attrs: &Attrs, class_id: u32) {
        if let Some(i) = COUNTED.iter().position(|&t| t == name) {
            self.tags[i] += 1;
        }
        if name == "meta" && attrs.property == Some("og:type") {
            if let Some(t) = attrs.content {
                self.og_type = Some(t.trim().to_ascii_lowercase());
            }
        }
        if class_id == 0 {
            return;
        }
        let ci = class_id as usize - 1;
        if ci >= self.class_mask.len() {
            let mask = attrs.class.map_or(0, |c| model.class_mask(c));
            self.class_mask.resize(ci + 1, 0);
            self.class_mask[ci] = mask;
        }
        let mask = self.class_mask[ci];
        for (t, n) in self.tok.iter_mut().enumerate() {
            *n += u32::from(mask >> t & 1);
        }
    }
}

fn ln1(x: u32) -> f32 {
    (1.0 + x as f32).ln()
}

/// The features of a page.
pub(super) fn features(
    model: &Model,
    structured: &Structured,
    census: &Census,
    arena: &Arena,
    scores: &Scores,
    prose: &[u32],
    url: Option<&str>,
) -> Vec<f32> {
    let mut x = vec![0f32; FEATURES.len()];
    x[0] = 1.0;
    for t in &structured.types {
        if let Some(&ti) = model.structured.get(t.as_str()) {
            x[LD0 + ti] = 1.0;
        }
    }
    if let Some(og) = &census.og_type {
        let i = if og.starts_with("article") || og.starts_with("blog") {
            8
        } else if og.starts_with("product") || og.starts_with("og:product") {
            9
        } else {
            10
        };
        x[i] = 1.0;
    }
    if let Some(url) = url {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let path = rest.find('/').map_or("/", |i| &rest[i..]);
        let path = path
            .split(['?', '#'])
            .next()
            .unwrap_or("/")
            .to_ascii_lowercase();
        for m in model.url.find_overlapping_iter(&path) {
            x[URL0 + model.url_type[m.pattern().as_usize()]] = 1.0;
        }
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        x[18] = f32::from(u8::from(segs.is_empty()));
        x[19] = segs.len().min(6) as f32 / 6.0;
        x[20] = f32::from(u8::from(segs.windows(2).any(|w| {
            w[0].len() == 4
                && w[0].bytes().all(|b| b.is_ascii_digit())
                && w[0].starts_with(['1', '2'])
                && w[1].len() <= 2
                && w[1].bytes().all(|b| b.is_ascii_digit())
        })));
        x[21] = f32::from(u8::from(
            segs.iter()
                .any(|s| s.bytes().filter(u8::is_ascii_digit).count() >= 5),
        ));
        x[22] = f32::from(u8::from(
            segs.last().is_some_and(|s| s.matches('-').count() >= 4),
        ));
    }
    for t in 0..7 {
        x[TOK0 + t] = ln1(census.tok[t]);
    }
    for (i, &n) in census.tags.iter().enumerate() {
        x[TAG0 + i] = ln1(n);
    }
    // Short texts holding a price, groups of same-class siblings, text shares.
    let n = arena.nodes.len();
    let mut prices = 0u32;
    let mut p_text = 0u32;
    let mut groups: ahash::AHashMap<(u32, u32), (u32, u32)> = ahash::AHashMap::new();
    for i in 0..n {
        let nd = &arena.nodes[i];
        if nd.removed {
            continue;
        }
        if nd.is_text {
            if nd.vis <= 40 {
                let t = arena.text(i);
                if t.bytes().any(|b| b.is_ascii_digit())
                    && model.currency.iter().any(|c| t.contains(c.as_str()))
                {
                    prices += 1;
                }
            }
            continue;
        }
        if nd.tag == Tag::P {
            p_text += scores.text_len[i];
        }
        if nd.class != 0 && nd.parent != NONE && scores.text_len[i] > 0 {
            let g = groups.entry((nd.parent, nd.class)).or_default();
            g.0 += 1;
            g.1 += scores.text_len[i];
        }
    }
    let total = scores.text_len.first().copied().unwrap_or(0).max(1);
    let (mut rmax, mut rtext) = (0u32, 0u32);
    for &(count, text) in groups.values() {
        rmax = rmax.max(count);
        if count >= 4 {
            rtext = rtext.max(text);
        }
    }
    let links = scores.link_len.first().copied().unwrap_or(0);
    x[44] = ln1(prices);
    x[45] = ln1(rmax);
    x[46] = (rtext as f32 / total as f32).min(1.0);
    x[47] = (links as f32 / total as f32).min(1.0);
    x[48] = (p_text as f32 / total as f32).min(1.0);
    x[49] = (total as f32).ln() / 10.0;
    // One dominant stretch of prose is an article's mark; a listing's text is spread over cards.
    let top = (0..n)
        .filter(|&i| scores.scored[i])
        .max_by(|&a, &b| scores.score[a].total_cmp(&scores.score[b]));
    let all_prose = prose.first().copied().unwrap_or(0).max(1);
    x[50] = top
        .map_or(0.0, |t| prose[t] as f32 / all_prose as f32)
        .min(1.0);
    let long = (0..n)
        .filter(|&i| {
            let nd = &arena.nodes[i];
            !nd.is_text && !nd.removed && nd.tag == Tag::P && scores.inline_len[i] >= 200
        })
        .count();
    x[51] = ln1(long as u32);
    x
}

/// Three decimals, as an `f64`: the JSON and the Python dict then hold the same number.
fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

/// The page type the model gives the features, with the explanation when asked.
pub(super) fn classify(model: &Model, x: &[f32], explain: bool) -> (PageType, Option<PageTypeWhy>) {
    let scores: Vec<f32> = model
        .weights
        .iter()
        .map(|w| w.iter().zip(x).map(|(a, b)| a * b).sum())
        .collect();
    let mut best = (0..scores.len())
        .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
        .unwrap_or(0);
    if scores[best] - scores[0] < model.article_margin {
        best = 0;
    }
    let t = PageType::ALL[best];
    if !explain {
        return (t, None);
    }
    let mut contrib: Vec<(f32, &str)> = FEATURES
        .iter()
        .enumerate()
        .map(|(i, &name)| (model.weights[best][i] * x[i], name))
        .filter(|(c, _)| c.abs() > 0.05)
        .collect();
    contrib.sort_by(|a, b| b.0.total_cmp(&a.0));
    let why = PageTypeWhy {
        scores: PageType::ALL
            .iter()
            .zip(&scores)
            .map(|(t, &s)| (t.name().to_string(), round3(s)))
            .collect(),
        reasons: contrib
            .iter()
            .take(6)
            .map(|(c, name)| format!("{name} {c:+.2}"))
            .collect(),
        features: FEATURES
            .iter()
            .zip(x)
            .map(|(n, &v)| (n.to_string(), round3(v)))
            .collect(),
    };
    (t, Some(why))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_model_compiles() {
        let m = Model::parse(MODEL_TEXT).unwrap();
        assert_eq!(m.weights.len(), 7);
        assert!(MODEL.is_some());
        assert_eq!(FEATURES[LD0 + 6], "ld_service");
        assert_eq!(FEATURES[URL0 + 6], "url_service");
        assert_eq!(FEATURES[TOK0 + 6], "tok_service");
        assert_eq!(FEATURES[TAG0], "pre");
        assert_eq!(FEATURES[TAG0 + COUNTED.len()], "prices");
        assert_eq!(FEATURES[49], "text_len");
    }

    #[test]
    fn unknown_features_and_types_are_errors() {
        let base = "article_margin = 0.0\ncurrency = []\n[structured]\n[url]\n[tokens]\n";
        assert!(Model::parse(&format!("{base}[weights.article]\nnope = 1.0\n")).is_err());
        assert!(Model::parse(&format!("{base}[weights.blog]\nbias = 1.0\n")).is_err());
        assert!(Model::parse(&format!("{base}[weights.forum]\nbias = 1.0\n")).is_ok());
    }
}
