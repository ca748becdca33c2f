//! Region selection: which subtrees of the arena hold the main content.

use ahash::AHashSet as HashSet;

use super::arena::{Arena, Tag, TokenStrips, NONE};
use super::score::{visible_len, Scores};
use crate::article::PageType;
use crate::normalize;

/// How a page type's content is looked for.
#[derive(Clone, Copy, Debug)]
pub(super) struct Policy {
    /// Take the page's main area (sections, cards, posts), not the best-scoring node.
    pub(super) main_area: bool,
    /// Which elements marked by strip tokens are removed.
    pub(super) tokens: TokenStrips,
    /// Links are the content (a listing's headlines, a shop's cards): keep link-dense blocks.
    pub(super) links_are_content: bool,
    /// The content is one document cut into sections (a manual's page): the chosen sections
    /// widen to the `<article>` or `<main>` around them.
    pub(super) whole_document: bool,
}

impl Policy {
    /// The policy of a page type.
    pub(super) fn of(t: PageType) -> Policy {
        let (main_area, tokens, links_are_content) = match t {
            PageType::Article => (false, TokenStrips::Strict, false),
            PageType::Documentation => (false, TokenStrips::Strict, true),
            PageType::Forum | PageType::Service => (true, TokenStrips::Lenient, false),
            PageType::Product => (true, TokenStrips::Strict, false),
            PageType::Collection | PageType::Listing => (true, TokenStrips::Strict, true),
        };
        Policy {
            main_area,
            tokens,
            links_are_content,
            whole_document: t == PageType::Documentation,
        }
    }
}

/// The words of a matching key.
pub(super) fn key_words(key: &str) -> impl Iterator<Item = &str> {
    key.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

pub(super) fn word_keys(text: &str) -> Vec<String> {
    key_words(&normalize::key(text))
        .map(str::to_string)
        .collect()
}

/// Word counts of text nodes against the structured-data body: `(in the body, all)`, computed
/// once per text node and summed over each candidate's subtree.
pub(super) struct BodyOverlap<'a> {
    pub(super) body: HashSet<&'a str>,
    pub(super) body_len: usize,
    pub(super) per_node: Vec<Option<(u32, u32)>>,
}

impl<'a> BodyOverlap<'a> {
    pub(super) fn new(body_words: &'a [String], nodes: usize) -> Self {
        BodyOverlap {
            body: body_words.iter().map(String::as_str).collect(),
            body_len: body_words.len(),
            per_node: vec![None; nodes],
        }
    }

    /// F1 of word overlap between the text under `c` and the body.
    pub(super) fn f1(&mut self, arena: &Arena, c: usize) -> f32 {
        let end = (arena.nodes[c].end as usize).max(c + 1);
        let (mut inside, mut all) = (0u32, 0u32);
        for j in c..end {
            let n = &arena.nodes[j];
            if !n.is_text || n.removed {
                continue;
            }
            let (i, a) = *self.per_node[j].get_or_insert_with(|| {
                let key = normalize::key(arena.text(j));
                let (mut i, mut a) = (0u32, 0u32);
                for w in key_words(&key) {
                    a += 1;
                    i += u32::from(self.body.contains(w));
                }
                (i, a)
            });
            inside += i;
            all += a;
        }
        if all == 0 || self.body_len == 0 {
            return 0.0;
        }
        let p = inside as f32 / all as f32;
        let r = (inside as f32 / self.body_len as f32).min(1.0);
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Chooses the roots of the main content.
pub(super) fn choose_roots(
    arena: &Arena,
    scores: &Scores,
    article_body: Option<&str>,
) -> Vec<usize> {
    let n = arena.nodes.len();
    let mut order: Vec<usize> = (0..n)
        .filter(|&i| scores.score[i] > 0.0 && !arena.nodes[i].removed)
        .collect();
    order.sort_by(|&a, &b| {
        scores.score[b]
            .partial_cmp(&scores.score[a])
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let Some(&top) = order.first() else {
        // No candidate: fall back to the body (index of the first element).
        return (0..n)
            .find(|&i| !arena.nodes[i].is_text)
            .into_iter()
            .collect();
    };
    if let Some(body) = article_body {
        let bw = word_keys(body);
        let mut overlap = BodyOverlap::new(&bw, n);
        let mut cands: Vec<usize> = order.iter().take(12).copied().collect();
        let mut a = arena.nodes[top].parent;
        for _ in 0..3 {
            if a == NONE {
                break;
            }
            cands.push(a as usize);
            a = arena.nodes[a as usize].parent;
        }
        // Word-overlap F1 cannot reach the bar when the sizes differ too much: skip those.
        let body_len = visible_len(body) as f32;
        cands.retain(|&c| {
            let l = scores.text_len[c] as f32;
            2.0 * l.min(body_len) / (l + body_len).max(1.0) >= 0.6
        });
        let best = cands
            .iter()
            .map(|&c| (c, overlap.f1(arena, c)))
            .max_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal));
        if let Some((c, f)) = best {
            if f >= 0.6 {
                return vec![c];
            }
        }
    }
    let candidate = top;
    let top = promote(arena, scores, &order, top);
    // Siblings of the top candidate that look like content join it. A sibling is judged by
    // its best candidate inside (a section wrapping paragraphs scores little itself).
    let top_score = scores.score[candidate].max(scores.score[top]);
    let threshold = (top_score * 0.2).max(10.0);
    let parent = arena.nodes[top].parent;
    if parent == NONE {
        return vec![top];
    }
    let mut roots = Vec::new();
    let p = parent as usize;
    let mut j = p + 1;
    let end = arena.nodes[p].end as usize;
    while j < end {
        let nd = &arena.nodes[j];
        let next = (nd.end as usize).max(j + 1);
        if j == top {
            roots.push(j);
        } else if !nd.removed && !nd.is_text {
            let ld = if scores.text_len[j] > 0 {
                scores.link_len[j] as f32 / scores.text_len[j] as f32
            } else {
                1.0
            };
            let same_class = nd.class != 0 && nd.class == arena.nodes[top].class;
            let bonus = if nd.weight > 0 || same_class {
                top_score * 0.2
            } else {
                0.0
            };
            let best_inside = if ld < 0.25 {
                (j..next)
                    .filter(|&k| !matches!(arena.nodes[k].tag, Tag::List | Tag::Li))
                    .map(|k| scores.score[k])
                    .fold(0.0f32, f32::max)
            } else {
                scores.score[j]
            };
            let ok = best_inside + bonus >= threshold
                || (nd.tag == Tag::P && scores.inline_len[j] > 80 && ld < 0.25)
                || (nd.tag == Tag::P && scores.inline_len[j] > 0 && ld == 0.0 && {
                    let t = arena.subtree_text(j);
                    normalize::ends_like_sentence(t.trim())
                });
            if ok {
                roots.push(j);
            }
        }
        j = next;
    }
    add_cousins(arena, scores, top, &mut roots);
    roots
}

/// Link density above which an `<article>`/`<main>` is not taken for a manual's whole page.
const DOCUMENT_MAX_LINK_DENSITY: f32 = 0.35;
/// Most the `<article>`/`<main>` may hold, in times the text of the sections chosen.
const DOCUMENT_MAX_GROWTH: f32 = 1.5;

/// The `<article>` or `<main>` nearest around all of `roots`, when its text is not mostly links
/// and at most half as long again as theirs (a manual's page cut in `<section>`s whose best ones alone were
/// chosen); else `roots`.
pub(super) fn whole_document(arena: &Arena, scores: &Scores, roots: Vec<usize>) -> Vec<usize> {
    let Some(&first) = roots.first() else {
        return roots;
    };
    let mut a = first;
    loop {
        let nd = &arena.nodes[a];
        if matches!(nd.tag, Tag::Article | Tag::Main) && !nd.removed {
            let inside = roots.iter().all(|&r| r == a || contains(arena, a, r));
            let text = scores.text_len[a].max(1) as f32;
            let dense = scores.link_len[a] as f32 / text > DOCUMENT_MAX_LINK_DENSITY;
            // Sections left out, not a page of other things (a type's list of implementations).
            let chosen: u32 = roots.iter().map(|&r| scores.text_len[r]).sum();
            let close = text <= DOCUMENT_MAX_GROWTH * chosen as f32;
            return if inside && !dense && close {
                vec![a]
            } else {
                roots
            };
        }
        if nd.parent == NONE || nd.tag == Tag::Body {
            return roots;
        }
        a = nd.parent as usize;
    }
}

/// An article cut into chunks, each in its own wrapper (`div.grid > div.body` repeated), has its
/// other chunks as cousins of the top candidate, not siblings: blocks under the grandparent
/// with the top's tag and class join, in document order.
pub(super) fn add_cousins(arena: &Arena, scores: &Scores, top: usize, roots: &mut Vec<usize>) {
    let t = &arena.nodes[top];
    if t.class == 0 || t.parent == NONE {
        return;
    }
    let gp = arena.nodes[t.parent as usize].parent;
    if gp == NONE || arena.nodes[gp as usize].tag == Tag::Body {
        return;
    }
    let gp = gp as usize;
    let inside_root = |j: usize, roots: &[usize]| {
        roots
            .iter()
            .any(|&r| r == j || contains(arena, r, j) || contains(arena, j, r))
    };
    let mut j = gp + 1;
    let end = arena.nodes[gp].end as usize;
    let mut found = Vec::new();
    while j < end {
        let nd = &arena.nodes[j];
        let next = (nd.end as usize).max(j + 1);
        if !nd.is_text && !nd.removed && nd.class == t.class && nd.tag == t.tag {
            let len = scores.text_len[j];
            let ld = scores.link_len[j] as f32 / len.max(1) as f32;
            if len > 0 && ld < 0.25 && !inside_root(j, roots) {
                found.push(j);
            }
            j = next;
            continue;
        }
        j += 1;
    }
    if !found.is_empty() {
        roots.extend(found);
        roots.sort_unstable();
    }
}

/// Whether `a` is a proper ancestor of `x` (pre-order ranges).
pub(super) fn contains(arena: &Arena, a: usize, x: usize) -> bool {
    a < x && x < arena.nodes[a].end as usize
}

/// Readability's moves from the top candidate to a better container: the ancestor shared by
/// several near-top candidates (an article split in blocks around images), a parent scoring
/// higher, and a parent whose only element child is the candidate.
pub(super) fn promote(arena: &Arena, scores: &Scores, order: &[usize], mut top: usize) -> usize {
    let up = |i: usize| -> Option<usize> {
        let p = arena.nodes[i].parent;
        (p != NONE && arena.nodes[p as usize].tag != Tag::Body).then_some(p as usize)
    };
    let near: Vec<usize> = order
        .iter()
        .skip(1)
        .take(4)
        .copied()
        .filter(|&c| scores.score[c] >= 0.75 * scores.score[top])
        .collect();
    if near.len() >= 3 {
        let mut a = up(top);
        while let Some(ai) = a {
            if near.iter().filter(|&&c| contains(arena, ai, c)).count() >= 3 {
                top = ai;
                break;
            }
            a = up(ai);
        }
    }
    let mut last = scores.score[top];
    let floor = last / 3.0;
    let mut a = up(top);
    while let Some(ai) = a {
        if scores.scored[ai] {
            let s = scores.score[ai];
            if s < floor {
                break;
            }
            if s > last {
                top = ai;
                break;
            }
            last = s;
        }
        a = up(ai);
    }
    while let Some(ai) = up(top) {
        let only_child = (ai + 1..arena.nodes[ai].end as usize)
            .filter(|&j| arena.nodes[j].parent as usize == ai && !arena.nodes[j].removed)
            .all(|j| j == top || (arena.nodes[j].is_text && arena.text(j).trim().is_empty()));
        if !only_child {
            break;
        }
        top = ai;
    }
    top
}

/// The page's main area for pages whose content is spread over many sections, cards or posts:
/// the `<main>` element when it holds much of the text, else the whole page (what the strips
/// left of it).
pub(super) fn main_area(arena: &Arena, scores: &Scores) -> Vec<usize> {
    let total = scores.text_len.first().copied().unwrap_or(0);
    let main = (0..arena.nodes.len()).find(|&i| {
        let nd = &arena.nodes[i];
        !nd.is_text && !nd.removed && nd.tag == Tag::Main
    });
    match main {
        Some(m) if scores.text_len[m] as f32 >= 0.4 * total as f32 => vec![m],
        _ => vec![0],
    }
}
