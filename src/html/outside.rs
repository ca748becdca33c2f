//! `--explain` for HTML: the page text the content finder left out, in document order, and
//! the regions it chose.

use super::arena::{is_block, Arena, Tag};
use crate::article::{Region, Removed};
use crate::normalize;

/// Rule id of text outside every chosen region.
pub(crate) const OUTSIDE: &str = "builtin/outside-content";
/// Rule id of text removed by an HTML strip selector, class/id token or container tag.
pub(crate) const STRIPPED: &str = "builtin/html-strip";

struct Pending<'a> {
    text: String,
    stripped: bool,
    at: usize,
    out: &'a mut Vec<Removed>,
}

impl Pending<'_> {
    fn flush(&mut self) {
        let text = normalize::tidy(&self.text);
        self.text.clear();
        if !text.is_empty() {
            let rule = if self.stripped { STRIPPED } else { OUTSIDE };
            self.out.push(Removed::new(rule, text, Some(self.at)));
        }
    }
}

/// Records, as removals, the text outside the chosen regions (`spans`: root node, first block,
/// end block, in emission order); each carries the index of the block that follows it. Text
/// that a strip selector or token removed is told apart. Returns the regions.
pub(super) fn record(
    arena: &Arena,
    spans: &[(usize, usize, usize)],
    total: usize,
    removed: &mut Vec<Removed>,
) -> Vec<Region> {
    let mut by_node: Vec<(usize, usize, usize)> = spans.to_vec();
    by_node.sort_unstable();
    let mut next = 0;
    let mut p = Pending {
        text: String::new(),
        stripped: false,
        at: by_node.first().map_or(total, |s| s.1),
        out: removed,
    };
    let nodes = &arena.nodes;
    let mut i = 0;
    while i < nodes.len() {
        if next < by_node.len() && by_node[next].0 == i {
            p.flush();
            i = (nodes[i].end as usize).max(i + 1);
            next += 1;
            // Skip roots nested in the one just passed.
            while next < by_node.len() && by_node[next].0 < i {
                next += 1;
            }
            p.at = by_node.get(next).map_or(total, |s| s.1);
            continue;
        }
        let nd = &nodes[i];
        if nd.is_text {
            let t = arena.text(i);
            if t.trim().is_empty() {
                p.text.push(' ');
            } else {
                if nd.removed != p.stripped {
                    p.flush();
                    p.stripped = nd.removed;
                }
                p.text.push_str(t);
            }
        } else if is_block(nd.tag) || nd.tag == Tag::Br {
            p.flush();
        }
        i += 1;
    }
    p.flush();
    spans
        .iter()
        .map(|&(node, first, end)| Region {
            element: match nodes[node].tag {
                Tag::Heading(l) => format!("<h{l}>"),
                Tag::OtherBlock => "element".to_string(),
                t => format!("<{}>", format!("{t:?}").to_ascii_lowercase()),
            },
            first,
            end,
        })
        .collect()
}
