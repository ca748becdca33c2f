//! Text measures and Readability-style candidate scores over the arena.

use super::arena::{is_block, Arena, Tag, NONE};

/// Visible length of a text: its non-space characters plus one per word (the space after it).
pub(super) fn visible_len(t: &str) -> usize {
    text_stats(t).visible as usize
}

/// What one pass over a text measures.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct TextStats {
    /// See [`visible_len`].
    pub(super) visible: u32,
    /// Commas (Latin, Arabic, CJK).
    pub(super) commas: u32,
    /// Whitespace-separated words, as [`normalize::word_count`] counts them.
    pub(super) words: u32,
}

/// Visible length, commas and words, in one pass over the text.
pub(super) fn text_stats(t: &str) -> TextStats {
    let mut len = 0u32;
    let mut commas = 0u32;
    let mut words = 0u32;
    let mut in_word = false;
    let bytes = t.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII, most of the bytes of most pages, without decoding.
        let (space, comma, width) = if b < 0x80 {
            (matches!(b, b'\t'..=b'\r' | b' '), b == b',', 1)
        } else {
            let c = t[i..].chars().next().unwrap_or(' ');
            (
                c.is_whitespace(),
                matches!(c, '،' | '，' | '、'),
                c.len_utf8(),
            )
        };
        i += width;
        if space {
            in_word = false;
            continue;
        }
        if !in_word {
            in_word = true;
            words += 1;
        }
        len += 1;
        commas += u32::from(comma);
    }
    TextStats {
        visible: len + words,
        commas,
        words,
    }
}

pub(super) struct Scores {
    /// Nodes that received a score (candidates).
    pub(super) scored: Vec<bool>,
    pub(super) text_len: Vec<u32>,
    pub(super) link_len: Vec<u32>,
    pub(super) score: Vec<f32>,
    pub(super) inline_len: Vec<u32>,
}

pub(super) fn score(arena: &Arena) -> Scores {
    let n = arena.nodes.len();
    let mut text_len = vec![0u32; n];
    let mut link_len = vec![0u32; n];
    let mut inline_len = vec![0u32; n];
    let mut commas = vec![0u32; n];
    // Owner: nearest block ancestor of each text node.
    let mut owner = vec![NONE; n];
    for i in 0..n {
        let nd = &arena.nodes[i];
        let p = nd.parent;
        owner[i] = if p == NONE {
            NONE
        } else if is_block(arena.nodes[p as usize].tag) {
            p
        } else {
            owner[p as usize]
        };
        if nd.is_text && !nd.removed {
            let len = nd.vis;
            text_len[i] = len;
            if nd.in_link {
                link_len[i] = len;
            }
            if owner[i] != NONE {
                inline_len[owner[i] as usize] += len;
                commas[owner[i] as usize] += nd.commas;
            }
        }
    }
    for i in (1..n).rev() {
        let p = arena.nodes[i].parent;
        if p != NONE && !arena.nodes[i].removed {
            text_len[p as usize] += text_len[i];
            link_len[p as usize] += link_len[i];
        }
    }
    // Containers with block children: their own text runs are paragraphs of theirs. Without
    // block children a container is itself a paragraph (Readability turns it into a <p>).
    let mut has_block_child = vec![false; n];
    for nd in &arena.nodes {
        if !nd.is_text && !nd.removed && is_block(nd.tag) && nd.parent != NONE {
            has_block_child[nd.parent as usize] = true;
        }
    }
    let mut score = vec![0f32; n];
    let mut init = vec![false; n];
    let base = |t: Tag| -> f32 {
        match t {
            Tag::Div | Tag::Article | Tag::Main | Tag::Section => 5.0,
            Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
            Tag::List | Tag::Li => -3.0,
            Tag::Heading(_) => -5.0,
            _ => 0.0,
        }
    };
    for i in 0..n {
        let nd = &arena.nodes[i];
        if nd.is_text
            || nd.removed
            || !matches!(
                nd.tag,
                Tag::P
                    | Tag::Pre
                    | Tag::Td
                    | Tag::Div
                    | Tag::Blockquote
                    | Tag::Section
                    | Tag::Article
                    | Tag::Li
            )
        {
            continue;
        }
        let len = inline_len[i];
        if len < 25 {
            continue;
        }
        let s = 1.0 + commas[i] as f32 + (len as f32 / 100.0).floor().min(3.0);
        // Text straight inside a container with block children counts as paragraphs of that
        // container (Readability wraps such runs in <p>), so the container itself is level 0.
        let mut a = if has_block_child[i]
            && matches!(
                nd.tag,
                Tag::Div | Tag::Section | Tag::Article | Tag::Td | Tag::Blockquote
            ) {
            i as u32
        } else {
            nd.parent
        };
        let mut level = 0;
        while a != NONE && level < 4 {
            let ai = a as usize;
            if !init[ai] {
                init[ai] = true;
                score[ai] += base(arena.nodes[ai].tag) + arena.nodes[ai].weight as f32;
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[ai] += s / div;
            a = arena.nodes[ai].parent;
            level += 1;
        }
    }
    for i in 0..n {
        if init[i] {
            let ld = if text_len[i] > 0 {
                link_len[i] as f32 / text_len[i] as f32
            } else {
                0.0
            };
            score[i] *= 1.0 - ld;
        }
    }
    Scores {
        scored: init,
        text_len,
        link_len,
        score,
        inline_len,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize;

    #[test]
    pub(super) fn text_stats_counts_like_its_definition() {
        for t in [
            "",
            "  one two\tthree\n",
            "ينظر الرئيس، الروسي\u{00A0}فلاديمير  بوتين",
            "a,b， c、d",
            "\u{2003}x\u{3000}y\u{0085}z",
            "é\u{200B}ü",
            "ascii only, with\ttabs  and\r\nbreaks ",
            " ",
        ] {
            let visible: usize = t.split_whitespace().map(|w| w.chars().count() + 1).sum();
            let commas = t
                .chars()
                .filter(|c| matches!(c, ',' | '،' | '，' | '、'))
                .count();
            let want = TextStats {
                visible: visible as u32,
                commas: commas as u32,
                words: normalize::word_count(t) as u32,
            };
            assert_eq!(text_stats(t), want, "{t:?}");
        }
    }
}
