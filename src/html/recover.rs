//! Recovery from collapsed content: when the chosen regions hold a small part of the page's
//! prose, the smallest region around them that holds most of it is taken instead.

use super::arena::{Arena, Tag, NONE};
use super::score::Scores;
use super::structured::Structured;
use crate::article::PageType;
use crate::block::{Block, BlockKind};
use crate::engine::PageMeta;
use crate::normalize;

/// Visible characters of a block that make it prose rather than a label or a link.
const PROSE_BLOCK: u32 = 80;

/// The most text a card (a teaser: headline link, a line of summary, a date) holds.
const CARD_TEXT: u32 = 700;
/// The least link text of a card: its headline.
const CARD_LINK: u32 = 20;

/// Prose characters under each node: the own text of paragraph-like blocks long enough and
/// not made of links, outside cards.
pub(super) fn prose(arena: &Arena, scores: &Scores) -> Vec<u32> {
    let n = arena.nodes.len();
    let mut p = vec![0u32; n];
    // Cards repeated under one parent (teasers, "more stories") are not the page's prose: three
    // or more block siblings of one tag and class, each short and holding a headline link (and
    // all inside them); and a classed block, not a paragraph, repeated there.
    let mut groups: ahash::AHashMap<(u32, Tag, u32), u32> = ahash::AHashMap::new();
    for nd in &arena.nodes {
        let block = !matches!(nd.tag, Tag::Inline | Tag::A | Tag::Br | Tag::Img);
        if !nd.is_text && block && nd.parent != NONE {
            *groups.entry((nd.parent, nd.tag, nd.class)).or_default() += 1;
        }
    }
    let repeated = |i: usize| {
        let nd = &arena.nodes[i];
        groups
            .get(&(nd.parent, nd.tag, nd.class))
            .is_some_and(|&c| c >= 3)
    };
    let mut in_card = vec![false; n];
    for i in 0..n {
        let nd = &arena.nodes[i];
        if nd.is_text {
            continue;
        }
        let inherited = nd.parent != NONE && in_card[nd.parent as usize];
        let teaser = scores.text_len[i] <= CARD_TEXT
            && scores.link_len[i] >= CARD_LINK
            && !matches!(nd.tag, Tag::P | Tag::Td)
            && repeated(i);
        in_card[i] = inherited || teaser;
    }
    for i in (0..n).rev() {
        let nd = &arena.nodes[i];
        if nd.removed || nd.is_text {
            continue;
        }
        let own = scores.inline_len[i];
        let paragraph = matches!(
            nd.tag,
            Tag::P
                | Tag::Div
                | Tag::Td
                | Tag::Li
                | Tag::Pre
                | Tag::Blockquote
                | Tag::Section
                | Tag::Article
        );
        let card = in_card[i] || (nd.class != 0 && nd.tag != Tag::P && repeated(i));
        if paragraph && own >= PROSE_BLOCK && !card {
            let links = scores.link_len[i] as f32 / scores.text_len[i].max(1) as f32;
            if links < 0.3 {
                p[i] += own;
            }
        }
        if nd.parent != NONE {
            p[nd.parent as usize] += p[i];
        }
    }
    p
}

/// Below this share of the page's prose, the chosen regions have collapsed.
const FLOOR: f32 = 0.5;
/// The share of the page's prose the widened region must hold.
const SHARE: f32 = 0.6;

/// The roots widened to the smallest common ancestor holding [`SHARE`] of the page's prose,
/// when they hold less than [`FLOOR`] of it; `None` when they are fine as they are.
pub(super) fn widen(arena: &Arena, prose: &[u32], roots: &[usize]) -> Option<Vec<usize>> {
    let total = prose.first().copied().unwrap_or(0);
    if total < 600 || roots.is_empty() {
        return None;
    }
    let chosen: u32 = roots.iter().map(|&r| prose[r]).sum();
    if chosen as f32 >= FLOOR * total as f32 {
        return None;
    }
    // The common ancestor of the roots, then up until it holds enough.
    let mut a = roots[0];
    let within = |a: usize, x: usize| a == x || (a < x && x < arena.nodes[a].end as usize);
    while !roots.iter().all(|&r| within(a, r)) {
        let p = arena.nodes[a].parent;
        if p == NONE {
            break;
        }
        a = p as usize;
    }
    while (prose[a] as f32) < SHARE * total as f32 {
        let p = arena.nodes[a].parent;
        if p == NONE {
            break;
        }
        a = p as usize;
    }
    Some(vec![a])
}

/// A product page showing fewer words than this lacks its description.
const SHORT_PRODUCT_WORDS: usize = 150;

/// Texts that stand in for a body the visible page lacks: a product's structured description
/// when the page does not show it, and, for a page that came out empty, the structured body
/// of an article or forum posting (a thread whose posts a script renders keeps its first
/// post's opening in the description).
pub(super) fn stand_ins(
    blocks: &mut Vec<Block>,
    page_type: PageType,
    structured: &Structured,
    article_body: Option<&str>,
    page: &PageMeta,
) {
    let words: usize = blocks.iter().map(|b| b.features.words).sum();
    if page_type == PageType::Product && words < SHORT_PRODUCT_WORDS {
        if let Some(d) = &structured.product_description {
            let key = normalize::key(d);
            let shown = blocks.iter().any(|b| {
                normalize::key(&b.text).contains(key.get(..key.len().min(60)).unwrap_or(&key))
            });
            if !shown {
                blocks.insert(0, Block::new(d.clone(), BlockKind::Paragraph, 0));
            }
        }
    }
    if words > 0 {
        return;
    }
    let text = match page_type {
        PageType::Forum => structured
            .posting_text
            .clone()
            .or_else(|| page.description.clone()),
        _ => article_body.map(str::to_string),
    };
    if let Some(t) = text {
        blocks.clear();
        for (i, para) in t
            .split("\n\n")
            .map(normalize::tidy)
            .filter(|p| !p.is_empty())
            .enumerate()
        {
            blocks.push(Block::new(para, BlockKind::Paragraph, i));
        }
    }
}
