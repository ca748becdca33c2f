//! One html5ever parse under the document's budgets.
//!
//! html5ever has no budget of its own, and some inputs make its work grow faster than their
//! size: every start tag scans the stack of open elements (so 200,000 nested `<div>`s cost
//! 200,000² steps), and every attribute is checked against the tag's earlier ones. The page is
//! therefore fed in slices, and between slices the node count, the depth of the newest node
//! and the time budget are checked: a hostile page stops early with a typed error instead of
//! hanging the worker.

use html5ever::tendril::TendrilSink;
use scraper::Html;
use std::time::Instant;

use crate::cleaner::Limits;
use crate::error::{Error, Result};

/// Bytes handed to html5ever between two budget checks.
const SLICE: usize = 16 * 1024;

/// Nesting that html5ever may build, as a multiple of [`Limits::max_depth`]. Elements deeper
/// than `max_depth` are flattened later; past this factor the page is refused, because the
/// parser's own cost per tag grows with depth.
pub const PARSE_DEPTH_FACTOR: usize = 4;

/// Parses `html` into a DOM, checking `limits` (nodes, depth, time since `started`) as it goes.
pub fn parse(html: &str, limits: &Limits, started: Instant) -> Result<Html> {
    let mut parser = html5ever::parse_document(Html::new_document(), Default::default());
    let max_depth = limits.max_depth.saturating_mul(PARSE_DEPTH_FACTOR).max(1);
    let mut rest = html;
    while !rest.is_empty() {
        let mut cut = rest.len().min(SLICE);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (slice, tail) = rest.split_at(cut);
        rest = tail;
        parser.process(slice.into());
        check(&parser.tokenizer.sink.sink, limits, max_depth)?;
        limits.check_time(started)?;
    }
    let dom = parser.finish();
    check(&dom, limits, max_depth)?;
    Ok(dom)
}

/// Node count, then the depth of the newest node (the deepest one while nesting grows).
fn check(dom: &Html, limits: &Limits, max_depth: usize) -> Result<()> {
    let mut nodes = dom.tree.nodes();
    if nodes.len() > limits.max_nodes {
        return Err(Error::DomLimit(format!(
            "more than {} DOM nodes (raise it with --max-nodes)",
            limits.max_nodes
        )));
    }
    if let Some(last) = nodes.next_back() {
        if last.ancestors().take(max_depth + 1).count() > max_depth {
            return Err(Error::DomLimit(format!(
                "elements nested more than {max_depth} deep (raise --max-depth; \
                 parsing stops at {PARSE_DEPTH_FACTOR} × --max-depth)"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits::default()
    }

    #[test]
    fn same_tree_as_one_shot_parse() {
        let page = format!(
            "<html><head><title>t</title></head><body>{}<p>é — ع</p></body></html>",
            "<div class=a>word </div>".repeat(2000)
        );
        let a = parse(&page, &limits(), Instant::now()).unwrap();
        let b = Html::parse_document(&page);
        assert_eq!(a.html(), b.html());
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let page = format!("<body>{}x", "<div>".repeat(200_000));
        let t = Instant::now();
        let err = parse(&page, &limits(), Instant::now()).unwrap_err();
        assert!(matches!(err, Error::DomLimit(_)), "{err}");
        assert!(t.elapsed().as_secs() < 10);
    }

    #[test]
    fn node_budget_stops_the_parse() {
        let page = "<p>a".repeat(50_000);
        let small = Limits {
            max_nodes: 10_000,
            ..limits()
        };
        let err = parse(&page, &small, Instant::now()).unwrap_err();
        assert!(matches!(err, Error::DomLimit(_)), "{err}");
    }

    #[test]
    fn time_budget_is_checked_inside_the_parse() {
        let page = "<p>words and more words</p>".repeat(5_000);
        let tight = Limits {
            timeout_ms: 1,
            ..limits()
        };
        let started = Instant::now() - std::time::Duration::from_millis(50);
        let err = parse(&page, &tight, started).unwrap_err();
        assert!(matches!(err, Error::Timeout { .. }), "{err}");
    }
}
