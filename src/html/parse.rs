//! One html5ever parse under the document's budgets.
//!
//! html5ever has no budget of its own, and some inputs make its work grow faster than their
//! size: every start tag scans the stack of open elements (so 200,000 nested `<div>`s cost
//! 200,000² steps), and every attribute is checked against the tag's earlier ones. The page is
//! therefore fed in slices, and between slices the node count, the depth of the newest node
//! and the time budget are checked: a hostile page stops early with a typed error instead of
//! hanging the worker.

use html5ever::tendril::TendrilSink;
use std::time::Instant;

use super::dom::Dom;

use crate::cleaner::Limits;
use crate::error::{Error, Result};

/// Bytes handed to html5ever between two budget checks.
const SLICE: usize = 16 * 1024;

/// Nesting that html5ever may build, as a multiple of [`Limits::max_depth`]. Elements deeper
/// than `max_depth` are flattened later; past this factor the page is refused, because the
/// parser's own cost per tag grows with depth.
pub const PARSE_DEPTH_FACTOR: usize = 4;

/// Parses `html` into a DOM, checking `limits` (nodes, depth, time since `started`) as it goes.
pub fn parse(html: &str, limits: &Limits, started: Instant) -> Result<Dom> {
    // News pages have about one node per 100 bytes: room for that many, within the budget.
    let room = (html.len() / 128).min(limits.max_nodes);
    let mut parser = html5ever::parse_document(Dom::with_capacity(room), options());
    let max_depth = limits.max_depth.saturating_mul(PARSE_DEPTH_FACTOR).max(1);
    let mut rest = html;
    while !rest.is_empty() {
        let mut cut = rest.len().min(SLICE);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        // html5ever drops a U+FEFF at the start of every chunk it is fed, not only of the
        // stream: a slice must not start with one.
        while rest[cut..].starts_with('\u{feff}') {
            cut += '\u{feff}'.len_utf8();
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

/// The tree builder's options: scripting off, so that a `<noscript>` holds elements, not raw
/// text. Some servers render the whole content there (a forum's posts for clients without
/// JavaScript); the arena strips a `<noscript>` only when it holds a small share of the text.
pub fn options() -> html5ever::ParseOpts {
    html5ever::ParseOpts {
        tree_builder: html5ever::tree_builder::TreeBuilderOpts {
            scripting_enabled: false,
            ..Default::default()
        },
        ..Default::default()
    }
}

/// Node count, then the depth of the newest node (the deepest one while nesting grows).
fn check(dom: &Dom, limits: &Limits, max_depth: usize) -> Result<()> {
    if dom.len() > limits.max_nodes {
        return Err(Error::DomLimit(format!(
            "more than {} DOM nodes (raise it with --max-nodes)",
            limits.max_nodes
        )));
    }
    if dom.depth_of_newest(max_depth + 1) > max_depth {
        return Err(Error::DomLimit(format!(
            "elements nested more than {max_depth} deep (raise --max-depth; \
             parsing stops at {PARSE_DEPTH_FACTOR} × --max-depth)"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits::default()
    }

    /// The tree as a list of steps: elements with their attributes, text, other nodes.
    fn outline(dom: &Dom) -> Vec<String> {
        use super::super::dom::{Data, Edge};
        dom.traverse(0)
            .map(|edge| match edge {
                Edge::Open(id) => match dom.data(id) {
                    Data::Element(e) => {
                        let mut attrs: Vec<String> =
                            e.attrs().map(|(k, v)| format!("{k}={v}")).collect();
                        attrs.sort();
                        format!("<{} {}>", e.name(), attrs.join(" "))
                    }
                    Data::Text(t) => format!("text {:?}", dom.joined(t)),
                    Data::Fragment => "fragment".into(),
                    Data::Document => "document".into(),
                    Data::Other => "other".into(),
                },
                Edge::Close(_) => "close".into(),
            })
            .collect()
    }

    /// scraper's tree in the same outline.
    fn scraper_outline(html: &scraper::Html) -> Vec<String> {
        use scraper::node::Node;
        html.tree
            .root()
            .traverse()
            .map(|edge| match edge {
                ego_tree::iter::Edge::Open(n) => match n.value() {
                    Node::Element(e) => {
                        let mut attrs: Vec<String> =
                            e.attrs().map(|(k, v)| format!("{k}={v}")).collect();
                        attrs.sort();
                        format!("<{} {}>", e.name(), attrs.join(" "))
                    }
                    Node::Text(t) => format!("text {:?}", &**t),
                    Node::Fragment => "fragment".into(),
                    Node::Document => "document".into(),
                    _ => "other".into(),
                },
                ego_tree::iter::Edge::Close(_) => "close".into(),
            })
            .collect()
    }

    /// Sliced parsing into the arena builds the tree scraper builds in one shot, on pages that
    /// exercise foster parenting, the adoption agency, templates, tables and bad nesting.
    #[test]
    fn same_tree_as_scraper() {
        let pages = [
            format!(
                "<html><head><title>t</title></head><body>{}<p>é — ع</p></body></html>",
                "<div class=a>word </div>".repeat(2000)
            ),
            "<table><tr><td>a</td>text<b>bold<p>para</b>more</p></table><i>x<u>y</i>z</u>".into(),
            "<template><p>inside</p></template><select><option>a<option>b</select><!-- c -->"
                .into(),
            "<p>one<p>two<div><a href=x>l<a href=y>m</a></div><form><form><input></form>".into(),
            "<!DOCTYPE html><svg><foreignObject><p>x</p></foreignObject></svg><math><mi>y</mi></math>"
                .into(),
            "<html lang=ar><body a=1><body b=2><p>dup attrs</p><script>var s='</p>';</script>"
                .into(),
            // A U+FEFF in the text where a slice boundary falls is text, not a BOM.
            format!("<p>{}\u{feff}x</p>", "a".repeat(super::SLICE - 3)),
        ];
        // The HTML fixtures too, and every `.html` file of `$DECHROME_TREE_PAGES` when set
        // (`bench/out/pages`: the 181 benchmark pages).
        let mut files = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let extra = std::env::var_os("DECHROME_TREE_PAGES").map(std::path::PathBuf::from);
        for dir in [root.join("html"), root.join("sites")]
            .into_iter()
            .chain(extra)
        {
            for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                if e.path().extension().is_some_and(|x| x == "html") {
                    files.push(e.path());
                }
            }
        }
        assert!(files.len() >= 2, "fixtures found: {files:?}");
        let pages = pages.into_iter().chain(
            files
                .iter()
                .map(|f| String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned()),
        );
        for page in pages {
            let page = &page;
            let a = parse(page, &limits(), Instant::now()).unwrap();
            let b = html5ever::parse_document(scraper::Html::new_document(), options())
                .one(page.as_str());
            let (a, b) = (outline(&a), scraper_outline(&b));
            let at = a
                .iter()
                .zip(&b)
                .position(|(x, y)| x != y)
                .unwrap_or(a.len().min(b.len()));
            assert!(
                a.len() == b.len() && at == a.len(),
                "{}: first difference at step {at}: {:?} vs {:?} (lengths {} and {})",
                page.chars().take(80).collect::<String>(),
                a.get(at),
                b.get(at),
                a.len(),
                b.len()
            );
        }
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
