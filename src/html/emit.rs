//! The emitter: the chosen regions of the arena turned into typed [`Block`]s.

use super::arena::{is_block, Arena, Tag, NONE};
use super::score::text_stats;
use crate::article::Removed;
use crate::block::{Block, BlockKind};
use crate::normalize;

pub(super) struct Emitter<'a> {
    pub(super) arena: &'a Arena,
    pub(super) blocks: Vec<Block>,
    pub(super) removed: Vec<Removed>,
    pub(super) cur: String,
    pub(super) cur_links: Vec<(String, String)>,
    pub(super) link_chars: usize,
    pub(super) max_link_density: f32,
    /// A heading made of a link is kept (a listing's headlines), not dropped as a teaser.
    pub(super) links_are_content: bool,
    pub(super) explain: bool,
}

impl Emitter<'_> {
    pub(super) fn flush(&mut self, kind: BlockKind, level: Option<u8>, depth: u16) {
        if self.cur.trim().is_empty() {
            self.cur.clear();
            self.cur_links.clear();
            self.link_chars = 0;
            return;
        }
        // Code keeps its lines and indentation; other text is tidied.
        let text = if kind == BlockKind::Code {
            self.cur.trim_matches(['\n', '\r']).trim_end().to_string()
        } else {
            normalize::tidy(&self.cur)
        };
        self.cur.clear();
        let stats = text_stats(&text);
        let total = stats.visible.max(1);
        let ld = (self.link_chars as f32 / total as f32).min(1.0);
        self.link_chars = 0;
        let links = std::mem::take(&mut self.cur_links);
        let words = stats.words as usize;
        // Headings may hold a link; a heading that is nothing but a link is a teaser's title.
        let dense = if kind == BlockKind::Code {
            false
        } else if kind == BlockKind::Heading {
            ld >= 0.95 && !self.links_are_content
        } else {
            ld > self.max_link_density && !(words > 40 && ld < 0.8) && !self.links_are_content
        };
        if dense {
            if self.explain {
                let at = Some(self.blocks.len());
                self.removed
                    .push(Removed::new("builtin/link-dense", text, at));
            }
            return;
        }
        let mut b = Block::with_words(text, kind, self.blocks.len(), words);
        b.features.link_density = ld;
        b.features.depth = depth;
        b.features.heading_level = level;
        b.features.links = links;
        self.blocks.push(b);
    }

    /// Ends a line inside a code block.
    fn code_line_break(&mut self) {
        if !self.cur.is_empty() && !self.cur.ends_with('\n') {
            self.cur.push('\n');
        }
    }

    fn kind_of(&self, i: usize) -> (BlockKind, Option<u8>) {
        // The nearest block ancestor decides; quotes and captions win over paragraphs inside.
        let mut a = i as u32;
        let mut first: Option<(BlockKind, Option<u8>)> = None;
        while a != NONE {
            let nd = &self.arena.nodes[a as usize];
            let k = match nd.tag {
                Tag::Heading(l) => Some((BlockKind::Heading, Some(l))),
                Tag::Li => Some((BlockKind::ListItem, None)),
                Tag::Blockquote => return (BlockKind::Quote, None),
                Tag::Caption => return (BlockKind::Caption, None),
                Tag::Pre => return (BlockKind::Code, None),
                Tag::Td => Some((BlockKind::Table, None)),
                t if is_block(t) => Some((BlockKind::Paragraph, None)),
                _ => None,
            };
            if first.is_none() {
                first = k;
            }
            a = nd.parent;
            if nd.depth < 2 {
                break;
            }
        }
        first.unwrap_or((BlockKind::Paragraph, None))
    }

    pub(super) fn emit(&mut self, root: usize) {
        let end = (self.arena.nodes[root].end as usize).max(root + 1);
        // Stack of open block elements: (end index, kind, level, depth).
        let mut open: Vec<(usize, BlockKind, Option<u8>, u16)> = Vec::new();
        let (k, l) = self.kind_of(root);
        open.push((end, k, l, self.arena.nodes[root].depth));
        let mut i = root;
        while i < end {
            while let Some(&(e, k, l, d)) = open.last() {
                if i >= e {
                    open.pop();
                    // A line of code (a `<div>` or `<span>` per line) ends a line, not the block.
                    if k == BlockKind::Code && open.last().is_some_and(|o| o.1 == k) {
                        self.code_line_break();
                    } else {
                        self.flush(k, l, d);
                    }
                } else {
                    break;
                }
            }
            let nd = &self.arena.nodes[i];
            if nd.removed {
                // Removed nodes are skipped one by one: a `keep` selector may have restored
                // a descendant.
                i += 1;
                continue;
            }
            if nd.is_text {
                let t = self.arena.text(i);
                if nd.in_link {
                    self.link_chars += nd.vis as usize;
                }
                self.cur.push_str(t);
            } else if nd.tag == Tag::Br {
                let &(_, k, l, d) = open.last().expect("root is open");
                if k == BlockKind::Code {
                    self.cur.push('\n');
                } else {
                    self.flush(k, l, d);
                }
            } else if is_block(nd.tag) {
                let &(_, k, l, d) = open.last().expect("root is open");
                if k == BlockKind::Code {
                    self.code_line_break();
                } else {
                    self.flush(k, l, d);
                }
                let (k, l) = self.kind_of(i);
                open.push(((nd.end as usize).max(i + 1), k, l, nd.depth));
            } else if nd.tag == Tag::A {
                if let Some(h) = &nd.href {
                    let t = normalize::tidy(&self.arena.subtree_text(i));
                    if !t.is_empty() {
                        self.cur_links.push((t, h.clone()));
                    }
                }
            }
            i += 1;
        }
        while let Some((_, k, l, d)) = open.pop() {
            self.flush(k, l, d);
        }
    }
}
