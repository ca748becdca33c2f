//! HTML front end: decode, parse once with html5ever, compute the removed nodes (rules and
//! generic chrome), choose the main content by scoring, and emit blocks with DOM features
//! into the same rule engine as text.

pub mod decode;
pub mod dom;
pub mod meta;
pub mod parse;

use ahash::AHashSet as HashSet;
use dom::{Data, Dom, Edge, Selector};
use std::time::Instant;

use crate::article::Removed;
use crate::block::{Block, BlockKind};
use crate::cleaner::Limits;
use crate::engine::{host_of, Document};
use crate::error::Result;
use crate::normalize;
use crate::rules::compile::{TokenIndex, TokenKind};
use crate::rules::{RuleSet, Scope};

const NONE: u32 = u32::MAX;

/// Content shorter than this (visible characters) after the strict pass is looked for again
/// with token strips relaxed (Readability's `charThreshold`).
const MIN_CONTENT_CHARS: u32 = 500;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
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

fn tag_of(name: &str) -> Tag {
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

fn is_block(t: Tag) -> bool {
    !matches!(t, Tag::Inline | Tag::A | Tag::Br | Tag::Img)
}

struct Node {
    parent: u32,
    /// End of the subtree (exclusive) in pre-order.
    end: u32,
    tag: Tag,
    /// Text nodes: byte range in the text buffer.
    text: (u32, u32),
    /// Text nodes: visible length (see [`visible_len`]).
    vis: u32,
    /// Text nodes: commas (Latin, Arabic, CJK), a sign of prose.
    commas: u32,
    is_text: bool,
    removed: bool,
    in_link: bool,
    in_article: bool,
    /// A strip token matched (`.share`, `#comments`): removed, unless the first pass leaves too
    /// little content; then only when it holds a small share of the page's text.
    tok_strip: bool,
    /// A container stripped by tag (`<form>`, `<header>` outside the article): removed only
    /// when it holds a small share of the page's text.
    box_strip: bool,
    /// Matched a `keep` selector: never removed by selectors, tokens or ancestors.
    keep_root: bool,
    weight: i32,
    /// Id of the `class` value (0: none): siblings sharing the top candidate's class join it.
    class: u32,
    depth: u16,
    href: Option<String>,
}

struct Arena {
    nodes: Vec<Node>,
    buf: String,
    /// Elements matched by a strip selector, in document order.
    selected: Vec<u32>,
    /// The first element matched by the site's body selector.
    body: Option<u32>,
}

/// What the active token sets say about an element's class/id/itemprop/role tokens.
#[derive(Clone, Copy, Default)]
struct Verdict {
    /// A strip token is present.
    strip: bool,
    /// A keep token is present.
    keep: bool,
    /// +25 per boost token, −25 per penalty token.
    weight: i32,
}

impl Verdict {
    fn and(self, other: Verdict) -> Verdict {
        Verdict {
            strip: self.strip || other.strip,
            keep: self.keep || other.keep,
            weight: self.weight + other.weight,
        }
    }
}

/// Token verdicts of one page, memoised by attribute value: pages repeat the same few hundred
/// `class` values thousands of times, and each token costs one automaton scan per active pack.
/// Each distinct `class` value also gets a small id, so that siblings compare classes cheaply.
struct TokenMemo<'dom, 'r> {
    active: &'r ActiveHtml<'r>,
    /// `class` values: verdict and id.
    classes: ahash::AHashMap<&'dom str, (Verdict, u32)>,
    /// Single tokens.
    singles: ahash::AHashMap<&'dom str, Verdict>,
}

impl<'dom, 'r> TokenMemo<'dom, 'r> {
    fn new(active: &'r ActiveHtml<'r>) -> Self {
        TokenMemo {
            active,
            // A news page has a few hundred distinct values of each.
            classes: ahash::AHashMap::with_capacity(512),
            singles: ahash::AHashMap::with_capacity(1024),
        }
    }

    /// The verdict for one token as written in the page (matched lower-cased).
    fn token(&self, raw: &str) -> Verdict {
        let lower: std::borrow::Cow<str> = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(raw.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(raw)
        };
        let on = &self.active.packs_on;
        let (mut strip, mut keep, mut boost, mut penalty) = (false, false, false, false);
        self.active.tokens.each_match(&lower, |pack, kind| {
            if on[pack] {
                match kind {
                    TokenKind::Strip => strip = true,
                    TokenKind::Keep => keep = true,
                    TokenKind::Boost => boost = true,
                    TokenKind::Penalty => penalty = true,
                }
            }
        });
        Verdict {
            strip,
            keep,
            weight: 25 * i32::from(boost) - 25 * i32::from(penalty),
        }
    }

    /// The verdict for a `class` value (its tokens together) and the value's id (≥ 1; 0 is
    /// "no class").
    fn class(&mut self, value: &'dom str) -> (Verdict, u32) {
        let value = value.trim_ascii();
        if value.is_empty() {
            return (Verdict::default(), 0);
        }
        if let Some(v) = self.classes.get(value) {
            return *v;
        }
        let verdict = value
            .split_ascii_whitespace()
            .map(|t| self.single(t))
            .fold(Verdict::default(), Verdict::and);
        let id = self.classes.len() as u32 + 1;
        self.classes.insert(value, (verdict, id));
        (verdict, id)
    }

    /// The verdict for one token, memoised: a class token, or an `id`, `itemprop` or `role`
    /// value taken whole.
    fn single(&mut self, value: &'dom str) -> Verdict {
        if let Some(v) = self.singles.get(value) {
            return *v;
        }
        let v = self.token(value);
        self.singles.insert(value, v);
        v
    }

    /// The verdict for an element's attributes, and its class id.
    fn element(&mut self, attrs: &Attrs<'dom>) -> (Verdict, u32) {
        let (mut v, class) = attrs
            .class
            .map_or((Verdict::default(), 0), |c| self.class(c));
        for t in [attrs.id, attrs.itemprop, attrs.role].into_iter().flatten() {
            v = v.and(self.single(t));
        }
        (v, class)
    }
}

/// HTML rules of the active packs merged.
struct ActiveHtml<'a> {
    strip: Vec<&'a Selector>,
    keep: Vec<&'a Selector>,
    strip_tags: HashSet<&'a str>,
    /// Token sets of all packs; `packs_on` says which are active.
    tokens: &'a TokenIndex,
    packs_on: Vec<bool>,
    body: Option<&'a Selector>,
}

/// The attributes the HTML front end reads, found in one pass over the element's attributes.
#[derive(Default)]
struct Attrs<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    itemprop: Option<&'a str>,
    role: Option<&'a str>,
    style: Option<&'a str>,
    href: Option<&'a str>,
    hidden: bool,
}

impl<'a> Attrs<'a> {
    fn of(el: &'a dom::Element) -> Self {
        let mut a = Attrs::default();
        for (name, value) in el.attrs() {
            match name {
                "class" => a.class = Some(value),
                "id" => a.id = Some(value),
                "itemprop" => a.itemprop = Some(value),
                "role" => a.role = Some(value),
                "style" => a.style = Some(value),
                "href" => a.href = Some(value),
                "hidden" => a.hidden = true,
                "aria-hidden" => a.hidden |= value == "true",
                _ => {}
            }
        }
        a
    }

    /// Hidden by attribute or inline style.
    fn hidden(&self) -> bool {
        if self.hidden {
            return true;
        }
        if let Some(style) = self.style {
            let s: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if s.contains("display:none") || s.contains("visibility:hidden") {
                return true;
            }
        }
        false
    }
}

fn build(dom: &Dom, active: &ActiveHtml, limits: &Limits) -> Result<Arena> {
    let mut nodes: Vec<Node> = Vec::with_capacity(dom.len());
    let mut buf = String::new();
    let mut selected = Vec::new();
    let mut body = None;
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
                    let tag = tag_of(name);
                    let attrs = Attrs::of(el);
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
                    let keep_root = matches(&active.keep) || verdict.keep;
                    let mut removed = p.is_some_and(|p| p.removed) && !keep_root;
                    let in_article =
                        p.is_some_and(|p| p.in_article) || matches!(tag, Tag::Article | Tag::Main);
                    let mut weight = 0;
                    let mut tok_strip = false;
                    let mut box_strip = false;
                    if !removed && !keep_root {
                        // Containers (a <form> around an ASP.NET page, a <header> holding
                        // the story) are only stripped when they hold little of the text.
                        let container = matches!(
                            name,
                            "form"
                                | "nav"
                                | "aside"
                                | "menu"
                                | "dialog"
                                | "header"
                                | "footer"
                                | "section"
                                | "fieldset"
                        );
                        let by_tag = active.strip_tags.contains(&name)
                            || (matches!(tag, Tag::Header | Tag::Footer) && !in_article);
                        if container && by_tag {
                            box_strip = true;
                        } else {
                            removed = by_tag || attrs.hidden();
                        }
                        // Page wrappers carry layout tokens ("one-sidebar"): never strip them by token.
                        let wrapper = matches!(name, "html" | "body" | "article" | "main");
                        tok_strip = !removed && !wrapper && verdict.strip;
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
                        box_strip,
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
                        box_strip: false,
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
    })
}

impl Arena {
    /// Removes elements marked by strip tokens and strippable containers. Containers holding a
    /// large share of the page's text are spared (a `<form>` around a whole ASP.NET page), and
    /// so are token-marked elements unless `strict` (a "widget" class on the blog post wrapper
    /// is spared on the lenient pass; a comment section longer than the story is not spared on
    /// the strict one).
    fn apply_token_strips(&mut self, strict: bool) {
        let n = self.nodes.len();
        let mut len = vec![0u32; n];
        for i in (0..n).rev() {
            let nd = &self.nodes[i];
            if nd.removed {
                continue;
            }
            if nd.is_text {
                len[i] = nd.vis;
            }
            if nd.parent != NONE {
                len[nd.parent as usize] += len[i];
            }
        }
        let total = len.first().copied().unwrap_or(0).max(1) as f32;
        let mut i = 0;
        while i < n {
            let nd = &self.nodes[i];
            let small = (len[i] as f32) < total * 0.3;
            if !nd.removed && ((nd.tok_strip && (strict || small)) || (nd.box_strip && small)) {
                let end = (nd.end as usize).max(i + 1);
                self.remove_subtree(i);
                i = end;
                continue;
            }
            i += 1;
        }
    }

    fn removed_flags(&self) -> Vec<bool> {
        self.nodes.iter().map(|n| n.removed).collect()
    }

    fn restore_removed(&mut self, flags: &[bool]) {
        for (n, &r) in self.nodes.iter_mut().zip(flags) {
            n.removed = r;
        }
    }

    fn text(&self, i: usize) -> &str {
        let (a, b) = self.nodes[i].text;
        &self.buf[a as usize..b as usize]
    }

    /// Removes a subtree, except the subtrees of `keep` elements inside it.
    fn remove_subtree(&mut self, i: usize) {
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
    fn subtree_text(&self, i: usize) -> String {
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

/// Visible length of a text: its non-space characters plus one per word (the space after it).
fn visible_len(t: &str) -> usize {
    text_stats(t).visible as usize
}

/// What one pass over a text measures.
#[derive(Debug, PartialEq, Eq)]
struct TextStats {
    /// See [`visible_len`].
    visible: u32,
    /// Commas (Latin, Arabic, CJK).
    commas: u32,
    /// Whitespace-separated words, as [`normalize::word_count`] counts them.
    words: u32,
}

/// Visible length, commas and words, in one pass over the text.
fn text_stats(t: &str) -> TextStats {
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

struct Scores {
    /// Nodes that received a score (candidates).
    scored: Vec<bool>,
    text_len: Vec<u32>,
    link_len: Vec<u32>,
    score: Vec<f32>,
    inline_len: Vec<u32>,
}

fn score(arena: &Arena) -> Scores {
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

/// The words of a matching key.
fn key_words(key: &str) -> impl Iterator<Item = &str> {
    key.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

fn word_keys(text: &str) -> Vec<String> {
    key_words(&normalize::key(text))
        .map(str::to_string)
        .collect()
}

/// Word counts of text nodes against the structured-data body: `(in the body, all)`, computed
/// once per text node and summed over each candidate's subtree.
struct BodyOverlap<'a> {
    body: HashSet<&'a str>,
    body_len: usize,
    per_node: Vec<Option<(u32, u32)>>,
}

impl<'a> BodyOverlap<'a> {
    fn new(body_words: &'a [String], nodes: usize) -> Self {
        BodyOverlap {
            body: body_words.iter().map(String::as_str).collect(),
            body_len: body_words.len(),
            per_node: vec![None; nodes],
        }
    }

    /// F1 of word overlap between the text under `c` and the body.
    fn f1(&mut self, arena: &Arena, c: usize) -> f32 {
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
fn choose_roots(arena: &Arena, scores: &Scores, article_body: Option<&str>) -> Vec<usize> {
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

/// An article cut into chunks, each in its own wrapper (`div.grid > div.body` repeated), has its
/// other chunks as cousins of the top candidate, not siblings: blocks under the grandparent
/// with the top's tag and class join, in document order.
fn add_cousins(arena: &Arena, scores: &Scores, top: usize, roots: &mut Vec<usize>) {
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
fn contains(arena: &Arena, a: usize, x: usize) -> bool {
    a < x && x < arena.nodes[a].end as usize
}

/// Readability's moves from the top candidate to a better container: the ancestor shared by
/// several near-top candidates (an article split in blocks around images), a parent scoring
/// higher, and a parent whose only element child is the candidate.
fn promote(arena: &Arena, scores: &Scores, order: &[usize], mut top: usize) -> usize {
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

struct Emitter<'a> {
    arena: &'a Arena,
    blocks: Vec<Block>,
    removed: Vec<Removed>,
    cur: String,
    cur_links: Vec<(String, String)>,
    link_chars: usize,
    max_link_density: f32,
    explain: bool,
}

impl Emitter<'_> {
    fn flush(&mut self, kind: BlockKind, level: Option<u8>, depth: u16) {
        if self.cur.trim().is_empty() {
            self.cur.clear();
            self.cur_links.clear();
            self.link_chars = 0;
            return;
        }
        let text = normalize::tidy(&self.cur);
        self.cur.clear();
        let stats = text_stats(&text);
        let total = stats.visible.max(1);
        let ld = (self.link_chars as f32 / total as f32).min(1.0);
        self.link_chars = 0;
        let links = std::mem::take(&mut self.cur_links);
        let words = stats.words as usize;
        // Headings may hold a link; a heading that is nothing but a link is a teaser's title.
        let dense = if kind == BlockKind::Heading {
            ld >= 0.95
        } else {
            ld > self.max_link_density && !(words > 40 && ld < 0.8)
        };
        if dense {
            if self.explain {
                self.removed.push(Removed {
                    rule: "builtin/link-dense".into(),
                    text,
                });
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

    fn emit(&mut self, root: usize) {
        let end = (self.arena.nodes[root].end as usize).max(root + 1);
        // Stack of open block elements: (end index, kind, level, depth).
        let mut open: Vec<(usize, BlockKind, Option<u8>, u16)> = Vec::new();
        let (k, l) = self.kind_of(root);
        open.push((end, k, l, self.arena.nodes[root].depth));
        let mut i = root;
        while i < end {
            while let Some(&(e, k, l, d)) = open.last() {
                if i >= e {
                    self.flush(k, l, d);
                    open.pop();
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
                self.flush(k, l, d);
            } else if is_block(nd.tag) {
                let &(_, k, l, d) = open.last().expect("root is open");
                self.flush(k, l, d);
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

fn select_text(dom: &Dom, spec: &(Selector, Option<String>)) -> Option<String> {
    let e = dom.select_first(&spec.0)?;
    let v = match &spec.1 {
        Some(attr) => e.value().attr(attr)?.to_string(),
        None => e.text(),
    };
    let v = normalize::tidy(&v);
    (!v.is_empty()).then_some(v)
}

/// Whether one of a platform pack's detection selectors matches the page. A selector whose
/// subject has a known type is only tried on elements of that type.
fn detects(dom: &Dom, pack: &crate::rules::Pack) -> bool {
    pack.detect_selectors
        .iter()
        .zip(&pack.detect_tags)
        .any(|(sel, tag)| {
            dom.elements().any(|e| {
                tag.as_ref()
                    .is_none_or(|t| e.value().name().eq_ignore_ascii_case(t))
                    && sel.matches(&e)
            })
        })
}

/// Turns an HTML page into a [`Document`] for the engine.
pub fn document(
    rules: &RuleSet,
    html: &str,
    url: Option<&str>,
    site_rules: bool,
    explain: bool,
    limits: &Limits,
    started: Instant,
) -> Result<Document> {
    let check_time = || limits.check_time(started);
    let dom = parse::parse(html, limits, started)?;
    let info = meta::head_info(&dom);
    let mut page = info.meta;
    if page.url.is_none() {
        page.url = url.map(str::to_string);
    }
    let host = url
        .and_then(host_of)
        .or_else(|| page.url.as_deref().and_then(host_of));

    // Packs whose HTML part applies: global, language, detected platforms, matching sites.
    let mut platforms = Vec::new();
    let mut on = vec![false; rules.packs.len()];
    for (i, p) in rules.packs.iter().enumerate() {
        on[i] = match p.scope {
            Scope::Global | Scope::Language => true,
            Scope::Platform => {
                let hit = detects(&dom, p);
                if hit {
                    platforms.push(i);
                }
                hit
            }
            Scope::Site => {
                site_rules
                    && host.as_deref().is_some_and(|h| {
                        p.hosts
                            .iter()
                            .any(|x| h == x || h.ends_with(&format!(".{x}")))
                    })
            }
        };
    }
    let mut active = ActiveHtml {
        strip: Vec::new(),
        keep: Vec::new(),
        strip_tags: HashSet::new(),
        tokens: &rules.tokens,
        packs_on: on,
        body: None,
    };
    // Walk packs from low to high precedence so that site selectors win.
    let mut order: Vec<usize> = (0..rules.packs.len())
        .filter(|&i| active.packs_on[i])
        .collect();
    order.sort_by_key(|&i| rules.packs[i].scope);
    for &i in &order {
        let h = &rules.packs[i].html;
        active.strip.extend(h.strip.iter());
        active.keep.extend(h.keep.iter());
        active
            .strip_tags
            .extend(h.strip_tags.iter().map(String::as_str));
        if h.body.is_some() {
            active.body = h.body.as_ref();
        }
        if let Some(t) = &h.title {
            if let Some(v) = select_text(&dom, t) {
                page.title = Some(v);
            }
        }
        if let Some(a) = &h.author {
            if let Some(v) = select_text(&dom, a) {
                page.authors = vec![v];
            }
        }
        if let Some(d) = &h.date {
            if let Some(v) = select_text(&dom, d) {
                page.date = Some(v);
            }
        }
    }

    let mut arena = build(&dom, &active, limits)?;
    for i in std::mem::take(&mut arena.selected) {
        if !arena.nodes[i as usize].keep_root {
            arena.remove_subtree(i as usize);
        }
    }
    let selected = arena.removed_flags();
    arena.apply_token_strips(true);
    check_time()?;

    let roots = match arena.body {
        Some(i) => vec![i as usize],
        None => {
            let scores = score(&arena);
            let roots = choose_roots(&arena, &scores, info.article_body.as_deref());
            let found: u32 = roots.iter().map(|&r| scores.text_len[r]).sum();
            if found >= MIN_CONTENT_CHARS {
                roots
            } else {
                // Too little left: a strip token probably sat on the story's wrapper. Retry
                // with token strips spared where they hold much of the page's text.
                arena.restore_removed(&selected);
                arena.apply_token_strips(false);
                let scores = score(&arena);
                choose_roots(&arena, &scores, info.article_body.as_deref())
            }
        }
    };
    check_time()?;
    let mut em = Emitter {
        arena: &arena,
        blocks: Vec::new(),
        removed: Vec::new(),
        cur: String::new(),
        cur_links: Vec::new(),
        link_chars: 0,
        max_link_density: rules.settings.max_link_density,
        explain,
    };
    for r in roots {
        em.emit(r);
    }
    let Emitter {
        blocks, removed, ..
    } = em;
    Ok(Document {
        blocks,
        meta: page,
        platforms,
        removed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_stats_counts_like_its_definition() {
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
