//! The content finder's flat arena: one node per element and text node in document order,
//! with the flags that the packs' selectors, tags and tokens set in one walk of the DOM.

use super::dom::{Data, Dom, Edge, Selector};
use super::page_type::{Census, Model};
use super::score::text_stats;
use super::tokens::{ActiveHtml, Attrs, TokenMemo};
use crate::cleaner::Limits;
use crate::error::Result;

pub(super) const NONE: u32 = u32::MAX;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(super) enum Tag {
    P,
    Div,
    Heading(u8),
    Li,
    List,
    Blockquote,
    Pre,
    Td,
    Tr,
    Table,
    Caption,
    Article,
    Main,
    Section,
    Header,
    Footer,
    A,
    Br,
    Img,
    /// `<body>` and `<html>`: the top of the content search.
    Body,
    OtherBlock,
    Inline,
}

pub(super) fn tag_of(name: &str) -> Tag {
    match name {
        "p" => Tag::P,
        "div" => Tag::Div,
        "h1" => Tag::Heading(1),
        "h2" => Tag::Heading(2),
        "h3" => Tag::Heading(3),
        "h4" => Tag::Heading(4),
        "h5" => Tag::Heading(5),
        "h6" => Tag::Heading(6),
        "li" | "dd" | "dt" => Tag::Li,
        "ul" | "ol" | "dl" | "menu" => Tag::List,
        "blockquote" => Tag::Blockquote,
        "pre" => Tag::Pre,
        "td" | "th" => Tag::Td,
        "tr" => Tag::Tr,
        "table" | "tbody" | "thead" | "tfoot" => Tag::Table,
        "figcaption" | "caption" => Tag::Caption,
        "article" => Tag::Article,
        "main" => Tag::Main,
        "section" => Tag::Section,
        "header" => Tag::Header,
        "footer" => Tag::Footer,
        "a" => Tag::A,
        "br" | "hr" => Tag::Br,
        "img" => Tag::Img,
        "body" | "html" => Tag::Body,
        "address" | "figure" | "form" | "fieldset" | "details" | "summary" | "nav" | "aside"
        | "center" | "hgroup" | "object" | "video" | "audio" | "iframe" | "noscript" | "option"
        | "select" | "textarea" | "button" | "label" | "legend" | "picture" | "template"
        | "output" | "dialog" => Tag::OtherBlock,
        _ => Tag::Inline,
    }
}

pub(super) fn is_block(t: Tag) -> bool {
    !matches!(t, Tag::Inline | Tag::A | Tag::Br | Tag::Img)
}

pub(super) struct Node {
    pub(super) parent: u32,
    /// End of the subtree (exclusive) in pre-order.
    pub(super) end: u32,
    pub(super) tag: Tag,
    /// Text nodes: byte range in the text buffer.
    pub(super) text: (u32, u32),
    /// Text nodes: visible length (see [`visible_len`]).
    pub(super) vis: u32,
    /// Text nodes: commas (Latin, Arabic, CJK), a sign of prose.
    pub(super) commas: u32,
    pub(super) is_text: bool,
    pub(super) removed: bool,
    pub(super) in_link: bool,
    pub(super) in_article: bool,
    /// A strip token matched (`.share`, `#comments`): removed, unless the first pass leaves too
    /// little content; then only when it holds a small share of the page's text.
    pub(super) tok_strip: bool,
    /// Page types (bits) on which a token marks it as chrome (`strip_tokens_by_type`).
    pub(super) type_strip: u8,
    /// Page types (bits) on which its strip tokens do not hold (`spare_tokens_by_type`).
    pub(super) type_spare: u8,
    /// A container stripped by tag (`<form>`, `<header>` outside the article): removed only
    /// when it holds a small share of the page's text.
    pub(super) box_strip: bool,
    /// Hidden (attribute or inline style): removed unless it holds most of the page's text
    /// (a page streamed by a script-driven framework keeps its content hidden until the
    /// script runs; a hidden copy of the story for search engines holds less).
    pub(super) hide_strip: bool,
    /// `aria-hidden`: removed when it holds a few words at most (an icon's ligature, a
    /// decoration), kept when it holds prose (a collapsed FAQ or feature panel).
    pub(super) aria_strip: bool,
    /// Matched a `keep` selector: never removed by selectors, tokens or ancestors.
    pub(super) keep_root: bool,
    pub(super) weight: i32,
    /// Id of the `class` value (0: none): siblings sharing the top candidate's class join it.
    pub(super) class: u32,
    pub(super) depth: u16,
    pub(super) href: Option<String>,
}

/// Visible characters of a content container that spare a token-marked wrapper around it.
const WRAPPED_CONTENT_MIN: u32 = 500;

/// Share of the page's text from which an element marked by a page type's strip tokens is kept.
const TYPE_STRIP_MAX_SHARE: f32 = 0.6;

/// Visible characters from which an `aria-hidden` element is kept.
const ARIA_HIDDEN_KEPT: u32 = 80;

/// How elements marked by strip tokens are removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TokenStrips {
    /// All of them.
    Strict,
    /// Those holding a small share of the page's text (their class's elements together):
    /// on a forum, "comment", "reply" and "author" mark posts.
    Lenient,
}

pub(super) struct Arena {
    pub(super) nodes: Vec<Node>,
    pub(super) buf: String,
    /// Elements matched by a strip selector, in document order.
    pub(super) selected: Vec<u32>,
    /// The first element matched by the site's body selector.
    pub(super) body: Option<u32>,
    /// Page types (bits) that some element's tokens mark as chrome on.
    pub(super) type_marks: u8,
    /// The page's type (its bit) once decided: elements marked for it are chrome too.
    pub(super) type_bit: u8,
}

pub(super) fn build(
    dom: &Dom,
    active: &ActiveHtml,
    limits: &Limits,
    model: Option<&Model>,
    census: &mut Census,
) -> Result<Arena> {
    let mut nodes: Vec<Node> = Vec::with_capacity(dom.len());
    let mut buf = String::new();
    let mut selected = Vec::new();
    let mut body = None;
    let mut type_marks = 0u8;
    let mut memo = TokenMemo::new(active);
    let mut stack: Vec<u32> = Vec::new();
    let mut created: Vec<bool> = Vec::new();
    for edge in dom.traverse(0) {
        match edge {
            Edge::Open(id) => match dom.data(id) {
                Data::Element(el) => {
                    if stack.len() >= limits.max_depth {
                        created.push(false);
                        continue;
                    }
                    let name = el.name();
                    let attrs = Attrs::of(el);
                    // A `<div role="main">` (Sphinx, many CMS themes) is the page's `<main>`.
                    let tag = match tag_of(name) {
                        Tag::Div if attrs.role == Some("main") => Tag::Main,
                        t => t,
                    };
                    let parent = stack.last().copied().unwrap_or(NONE);
                    let p = (parent != NONE).then(|| &nodes[parent as usize]);
                    let idx = nodes.len() as u32;
                    // Selectors are matched here, in the one walk, rather than by
                    // `dom.select` and a map from DOM ids to arena indices.
                    let el_ref = dom.element(id);
                    let matches = |sels: &[&Selector]| {
                        el_ref.is_some_and(|e| sels.iter().any(|s| s.matches(&e)))
                    };
                    if matches(&active.strip) {
                        selected.push(idx);
                    }
                    if body.is_none() && active.body.is_some_and(|b| matches(&[b])) {
                        body = Some(idx);
                    }
                    let (verdict, class) = memo.element(&attrs);
                    if let Some(m) = model {
                        census.element(m, name, &attrs, class);
                    }
                    let keep_root = matches(&active.keep) || verdict.keep;
                    let mut removed = p.is_some_and(|p| p.removed) && !keep_root;
                    let in_article =
                        p.is_some_and(|p| p.in_article) || matches!(tag, Tag::Article | Tag::Main);
                    let mut weight = 0;
                    let mut tok_strip = false;
                    let mut type_strip = 0;
                    let mut type_spare = 0;
                    let mut box_strip = false;
                    let mut hide_strip = false;
                    let mut aria_strip = false;
                    if !removed && !keep_root {
                        // Containers (a <form> around an ASP.NET page, a <header> holding
                        // the story) are only stripped when they hold little of the text. A
                        // <nav> or <menu> always goes: one holding much of the text is a mega
                        // menu, with a blurb under every link.
                        let container = matches!(
                            name,
                            "form"
                                | "aside"
                                | "dialog"
                                | "header"
                                | "footer"
                                | "section"
                                | "fieldset"
                                | "noscript"
                        );
                        let by_tag = active.strip_tags.contains(&name)
                            || (matches!(tag, Tag::Header | Tag::Footer) && !in_article);
                        // Hidden elements too: a page streamed by a script-driven framework
                        // keeps its whole content in a hidden wrapper until the script runs.
                        // A tab panel out of view is content one click away (the same
                        // example in another language, a product's specifications).
                        let tab_panel = attrs.role == Some("tabpanel");
                        if container && by_tag {
                            box_strip = true;
                        } else if !by_tag && !tab_panel && attrs.hidden() {
                            hide_strip = true;
                        } else if !by_tag && !tab_panel && attrs.aria_hidden {
                            aria_strip = true;
                        } else {
                            removed = by_tag;
                        }
                        // Page wrappers carry layout tokens ("one-sidebar"): never strip them by token.
                        let wrapper = matches!(name, "html" | "body" | "article" | "main");
                        tok_strip = !removed && !wrapper && verdict.strip;
                        if !removed && !wrapper {
                            type_strip = verdict.type_strip;
                            type_spare = verdict.type_spare;
                            type_marks |= type_strip;
                        }
                        weight = verdict.weight;
                    }
                    nodes.push(Node {
                        parent,
                        end: 0,
                        tag,
                        text: (0, 0),
                        vis: 0,
                        commas: 0,
                        is_text: false,
                        removed,
                        in_link: p.is_some_and(|p| p.in_link) || tag == Tag::A,
                        in_article,
                        tok_strip,
                        type_strip,
                        type_spare,
                        box_strip,
                        hide_strip,
                        aria_strip,
                        keep_root,
                        weight,
                        class,
                        depth: stack.len() as u16,
                        href: if tag == Tag::A {
                            attrs.href.map(str::to_string)
                        } else {
                            None
                        },
                    });
                    stack.push(idx);
                    created.push(true);
                }
                Data::Text(t) => {
                    let parent = stack.last().copied().unwrap_or(NONE);
                    let p = (parent != NONE).then(|| &nodes[parent as usize]);
                    let removed = p.is_some_and(|p| p.removed);
                    // Removed text (scripts, styles, hidden blocks) is never read again: it
                    // is neither copied nor measured.
                    let start = buf.len() as u32;
                    let (vis, commas) = if removed {
                        (0, 0)
                    } else {
                        dom.push_text(t, &mut buf);
                        let s = text_stats(&buf[start as usize..]);
                        (s.visible, s.commas)
                    };
                    let idx = nodes.len() as u32;
                    nodes.push(Node {
                        parent,
                        end: idx + 1,
                        tag: Tag::Inline,
                        text: (start, buf.len() as u32),
                        vis,
                        commas,
                        is_text: true,
                        removed,
                        in_link: p.is_some_and(|p| p.in_link),
                        in_article: p.is_some_and(|p| p.in_article),
                        tok_strip: false,
                        type_strip: 0,
                        type_spare: 0,
                        box_strip: false,
                        hide_strip: false,
                        aria_strip: false,
                        keep_root: false,
                        weight: 0,
                        class: 0,
                        depth: stack.len() as u16,
                        href: None,
                    });
                }
                _ => {}
            },
            Edge::Close(id) => {
                if let Data::Element(_) = dom.data(id) {
                    if created.pop() == Some(true) {
                        if let Some(idx) = stack.pop() {
                            nodes[idx as usize].end = nodes.len() as u32;
                        }
                    }
                }
            }
        }
    }
    Ok(Arena {
        nodes,
        buf,
        selected,
        body,
        type_marks,
        type_bit: 0,
    })
}

/// Per element, over its subtree as it is left.
struct Sums {
    /// Visible characters.
    len: Vec<u32>,
    /// Text of the largest content container (a boost token, no strip token).
    boosted: Vec<u32>,
    /// Whether it holds an `<h1>`: the page's headline.
    has_h1: Vec<bool>,
}

impl Sums {
    /// Visible characters of the whole page (at least 1).
    fn total(&self) -> f32 {
        self.len.first().copied().unwrap_or(0).max(1) as f32
    }

    /// Whether element `i` (`nd`) is chrome on pages of type `bit` by its tokens (reviews on a
    /// product page): not when it holds the headline or most of the page's text (the
    /// content's own wrapper, "above-cta").
    fn type_chrome(&self, nd: &Node, i: usize, bit: u8) -> bool {
        nd.type_strip & bit != 0
            && !self.has_h1[i]
            && (self.len[i] as f32) < self.total() * TYPE_STRIP_MAX_SHARE
    }
}

impl Arena {
    /// Visible text, the largest content container and the headline of each subtree.
    fn sums(&self) -> Sums {
        let n = self.nodes.len();
        let mut len = vec![0u32; n];
        let mut boosted = vec![0u32; n];
        let mut has_h1 = vec![false; n];
        for i in (0..n).rev() {
            let nd = &self.nodes[i];
            if nd.removed {
                continue;
            }
            if nd.is_text {
                len[i] = nd.vis;
            }
            if nd.weight > 0 && !nd.tok_strip {
                boosted[i] = boosted[i].max(len[i]);
            }
            if nd.tag == Tag::Heading(1) {
                has_h1[i] = true;
            }
            if nd.parent != NONE {
                let p = nd.parent as usize;
                len[p] += len[i];
                boosted[p] = boosted[p].max(boosted[i]);
                has_h1[p] |= has_h1[i];
            }
        }
        Sums {
            len,
            boosted,
            has_h1,
        }
    }

    /// Removes elements marked by strip tokens and strippable containers. Containers holding a
    /// large share of the page's text are spared (a `<form>` around a whole ASP.NET page), and
    /// so are token-marked elements unless `strict` (a "widget" class on the blog post wrapper
    /// is spared on the lenient pass; a comment section longer than the story is not spared on
    /// the strict one).
    pub(super) fn apply_token_strips(&mut self, mode: TokenStrips) {
        let strict = mode == TokenStrips::Strict;
        let n = self.nodes.len();
        let sums = self.sums();
        let (len, boosted, has_h1) = (&sums.len, &sums.boosted, &sums.has_h1);
        let total = sums.total();
        // On the lenient pass, a token-marked class is judged by all its elements together:
        // a page may cut its story into many "widget" wrappers, each a small share.
        let mut by_class: ahash::AHashMap<u32, u32> = ahash::AHashMap::new();
        if !strict {
            for (i, nd) in self.nodes.iter().enumerate() {
                if nd.tok_strip && nd.class != 0 && !nd.removed {
                    *by_class.entry(nd.class).or_default() += len[i];
                }
            }
        }
        let mut i = 0;
        while i < n {
            let nd = &self.nodes[i];
            let held = if nd.tok_strip && nd.class != 0 {
                by_class.get(&nd.class).copied().unwrap_or(0).max(len[i])
            } else {
                len[i]
            };
            let small = (held as f32) < total * 0.3;
            // A layout token ("widget-span") around the story's own container: the container
            // wins, the wrapper stays (strip tokens inside it still apply). The lenient pass
            // spares large elements already.
            let wraps_content = strict
                && ((boosted[i] >= WRAPPED_CONTENT_MIN && boosted[i] as f32 >= len[i] as f32 * 0.7)
                    // The headline and most of the page's text: the story's wrapper
                    // ("productView gallery-left"), whatever its class says.
                    || (has_h1[i] && len[i] as f32 >= total * 0.5));
            let minor = (len[i] as f32) < total * 0.6;
            let typed = sums.type_chrome(nd, i, self.type_bit);
            let spared = nd.type_spare & self.type_bit != 0;
            if !nd.removed
                && ((nd.tok_strip && (strict || small) && !wraps_content && !spared)
                    || typed
                    || (nd.box_strip && small)
                    || (nd.hide_strip && minor)
                    || (nd.aria_strip && len[i] < ARIA_HIDDEN_KEPT))
            {
                let end = (nd.end as usize).max(i + 1);
                self.remove_subtree(i);
                i = end;
                continue;
            }
            i += 1;
        }
    }

    /// Removes the elements whose tokens mark them as chrome on pages of type `bit` (customer
    /// reviews on a product page), unless they hold the `<h1>` or 60 % of the page's text.
    /// Whether any was removed.
    pub(super) fn apply_type_strips(&mut self, bit: u8) -> bool {
        self.type_bit = bit;
        if self.type_marks & bit == 0 {
            return false;
        }
        let n = self.nodes.len();
        let sums = self.sums();
        let mut any = false;
        let mut i = 0;
        while i < n {
            let nd = &self.nodes[i];
            if !nd.removed && sums.type_chrome(nd, i, bit) {
                let end = (nd.end as usize).max(i + 1);
                self.remove_subtree(i);
                any = true;
                i = end;
                continue;
            }
            i += 1;
        }
        any
    }

    pub(super) fn removed_flags(&self) -> Vec<bool> {
        self.nodes.iter().map(|n| n.removed).collect()
    }

    pub(super) fn restore_removed(&mut self, flags: &[bool]) {
        for (n, &r) in self.nodes.iter_mut().zip(flags) {
            n.removed = r;
        }
    }

    pub(super) fn text(&self, i: usize) -> &str {
        let (a, b) = self.nodes[i].text;
        &self.buf[a as usize..b as usize]
    }

    /// Removes a subtree, except the subtrees of `keep` elements inside it.
    pub(super) fn remove_subtree(&mut self, i: usize) {
        let end = (self.nodes[i].end as usize).max(i + 1);
        let mut j = i;
        while j < end {
            if self.nodes[j].keep_root {
                j = (self.nodes[j].end as usize).max(j + 1);
                continue;
            }
            self.nodes[j].removed = true;
            j += 1;
        }
    }

    /// Plain text of a subtree, skipping removed nodes.
    pub(super) fn subtree_text(&self, i: usize) -> String {
        let end = (self.nodes[i].end as usize).max(i + 1);
        let mut s = String::new();
        for j in i..end {
            let n = &self.nodes[j];
            if n.is_text && !n.removed {
                s.push_str(self.text(j));
                s.push(' ');
            } else if !n.is_text && is_block(n.tag) {
                s.push(' ');
            }
        }
        s
    }
}
