//! Plain-text dumps of whole pages: generic line classification before the rules run.
//!
//! A scraper's text of a whole page holds the menus, cookie notices, footers and lists of
//! other articles around the body. [`lines`] measures each line, [`body`] finds the densest
//! stretches of prose and drops the frame. It runs only when the text looks like such a dump
//! (many lines, runs of short ones); text already extracted goes to the rules untouched.

pub mod body;
pub mod lines;

use std::sync::OnceLock;

use crate::article::Removed;
use crate::block::Block;
use crate::rules::schema::Scope;
use crate::rules::RuleSet;

use body::Reason;
use lines::Shapes;

fn shapes() -> &'static Shapes {
    static SHAPES: OnceLock<Shapes> = OnceLock::new();
    SHAPES.get_or_init(Shapes::builtin)
}

/// What the text front end found in a dump.
#[derive(Debug, Default)]
pub struct Framed {
    /// The lines kept for the rules.
    pub blocks: Vec<Block>,
    /// The lines dropped, each with its generic reason (`text/menu-run`, `text/repeated`,
    /// `text/outside-body`, `text/isolated-short`).
    pub removed: Vec<Removed>,
    /// The headline before the body, when the page's first line names it.
    pub title: Option<String>,
    /// The language detected on the whole dump (None when forced or not a dump).
    pub language: Option<String>,
}

/// Keeps the body of a whole-page dump and drops its frame.
/// `lang` is the language whose pack's stop words measure prose (None: detected here).
pub fn frame(rules: &RuleSet, blocks: Vec<Block>, lang: Option<&str>) -> Framed {
    let words: Vec<usize> = blocks.iter().map(|b| lines::words(&b.text)).collect();
    frame_counted(rules, blocks, &words, lang)
}

/// [`frame`] when `words` already holds each block's [`lines::words`].
pub fn frame_counted(
    rules: &RuleSet,
    blocks: Vec<Block>,
    words: &[usize],
    lang: Option<&str>,
) -> Framed {
    if !lines::looks_like_dump(words) {
        return Framed {
            blocks,
            ..Framed::default()
        };
    }
    let detected = match lang {
        Some(_) => None,
        None => crate::engine::detect_language(rules, &blocks),
    };
    let stop = lang.or(detected.as_deref()).and_then(|l| {
        rules
            .packs
            .iter()
            .find(|p| {
                p.scope == Scope::Language
                    && !p.stopwords.is_empty()
                    && p.languages.iter().any(|x| x == l)
            })
            .map(|p| &p.stopwords)
    });
    let info = lines::measure(&blocks, words, stop, shapes());
    let fate = body::judge(&info);
    let mut kept = Vec::with_capacity(blocks.len());
    let mut removed = Vec::new();
    let mut title = None;
    for (b, f) in blocks.into_iter().zip(fate) {
        if f == Reason::Title {
            title.get_or_insert_with(|| b.text.clone());
        }
        if matches!(f, Reason::Body | Reason::Title) {
            kept.push(b);
        } else {
            // Its index is the kept block it comes before (`--explain`).
            removed.push(Removed::new(f.rule_id(), b.text, Some(kept.len())));
        }
    }
    Framed {
        blocks: kept,
        removed,
        title,
        language: detected,
    }
}
