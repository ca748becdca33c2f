//! Plain-text dumps of whole pages: generic line classification before the rules run.
//!
//! A scraper's text of a whole page holds the menus, cookie notices, footers and lists of
//! other articles around the body. [`lines`] measures each line, [`body`] finds the densest
//! stretches of prose and drops the frame. It runs only when the text looks like such a dump
//! (many lines, runs of short ones); text already extracted goes to the rules untouched.

pub mod body;
pub(crate) mod bytes;
pub mod lines;
pub mod stopwords;

use std::sync::OnceLock;

use crate::article::Removed;
use crate::block::Block;
use crate::rules::schema::Scope;
use crate::rules::RuleSet;
use crate::text_input::Lines;

use body::Reason;
use lines::Shapes;
use stopwords::{Masks, Stop};

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
    /// `text/outside-body`, `text/isolated-short`), when asked for (`--explain`).
    pub removed: Vec<Removed>,
    /// The lines dropped without a record in `removed`: counted only.
    pub dropped: usize,
    /// The headline before the body, when the page's first line names it.
    pub title: Option<String>,
    /// The language detected on the whole dump (None when forced or not a dump).
    pub language: Option<String>,
}

/// Keeps the body of a whole-page dump and drops its frame.
/// `lang` is the language whose pack's stop words measure prose (None: detected here).
/// `explain`: record each dropped line in [`Framed::removed`].
pub fn frame(rules: &RuleSet, lines: &Lines<'_>, lang: Option<&str>, explain: bool) -> Framed {
    let all = || (0..lines.len()).map(|i| lines.block(i)).collect();
    let words: Vec<usize> = lines.lines().iter().map(|l| l.lettered).collect();
    if !lines::looks_like_dump(&words) {
        return Framed {
            blocks: all(),
            ..Framed::default()
        };
    }
    // The stop words of every line that detection or density reads, looked up once.
    let index = &rules.languages;
    let masks = Masks::read(index, lines, lang.is_none());
    let detected = match lang {
        Some(_) => None,
        None => index.detect_masked(
            lines.lines().iter().map(|l| (lines.text(l), lines.key(l))),
            masks.prefix(),
        ),
    };
    let stop = lang.or(detected.as_deref()).and_then(|l| {
        rules.packs.iter().enumerate().find(|(_, p)| {
            p.scope == Scope::Language
                && !p.stopwords.is_empty()
                && p.languages.iter().any(|x| x == l)
        })
    });
    let stop = match stop {
        None => Stop::Short,
        Some((i, p)) => match index.bit_of_pack(i) {
            Some(bit) => Stop::Masked(&p.stop_table, &masks, bit),
            None => Stop::Table(&p.stop_table),
        },
    };
    let info = lines::measure_with(lines, &stop, shapes());
    let fate = body::judge(&info);
    let kept = fate.iter().filter(|f| f.kept()).count();
    let mut framed = Framed {
        blocks: Vec::with_capacity(kept),
        language: detected,
        ..Framed::default()
    };
    for (i, (l, f)) in lines.lines().iter().zip(fate).enumerate() {
        if f == Reason::Title && framed.title.is_none() {
            framed.title = Some(lines.text(l).to_string());
        }
        if f.kept() {
            framed.blocks.push(lines.block(i));
            continue;
        }
        if explain {
            // Its index is the kept block it comes before (`--explain`).
            let text = lines.text(l).to_string();
            let at = Some(framed.blocks.len());
            framed.removed.push(Removed::new(f.rule_id(), text, at));
        } else {
            framed.dropped += 1;
        }
    }
    framed
}
