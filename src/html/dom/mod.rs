//! The parsed page: html5ever's tree builder writes straight into a flat arena of nodes (no
//! attribute map per element, one allocation per node), and rule selectors match against it.
//!
//! The tree has the same shape as scraper's for the same input (a `<template>` holds its
//! contents under a fragment node; adjacent text is merged), and [`Dom::nodes_in_order`] lists
//! nodes in the same creation order, so that everything that reads "the first such element"
//! finds the same one.

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{namespace_url, ns, Attribute, ExpandedName, QualName};
use std::borrow::Cow;

mod select;

pub use select::Selector;

const NONE: u32 = u32::MAX;

/// What a node is.
pub enum Data {
    /// The document root.
    Document,
    /// `<!DOCTYPE>`, a comment or a processing instruction: never read.
    Other,
    /// The contents of a `<template>`.
    Fragment,
    /// An element.
    Element(Element),
    /// Text, merged with adjacent text.
    Text(Text),
}

/// A text node. Adjacent text is one node, kept as the pieces html5ever handed over: the
/// first here, the others in the [`Dom`]'s piece list. The pieces are mostly slices of the
/// input, shared rather than copied, and are joined only by whoever reads them; most are never
/// read (script and style text, half of a news page's bytes, arrives in one piece per line).
/// Read it with [`Dom::text_pieces`] or [`Dom::push_text`].
pub struct Text {
    head: StrTendril,
    /// First and last of the further pieces in [`Dom::pieces`], or `NONE`.
    more: u32,
    last: u32,
}

/// A further piece of a text node.
struct Piece {
    text: StrTendril,
    next: u32,
}

/// An element's name and attributes, in source order.
pub struct Element {
    /// Qualified name.
    pub name: QualName,
    /// Attributes, unique by name (html5ever keeps the first of duplicates).
    pub attrs: Vec<Attribute>,
}

impl Element {
    /// Local name (`div`).
    pub fn name(&self) -> &str {
        &self.name.local
    }

    /// Value of the attribute `name` (local name), if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| &*a.name.local == name)
            .map(|a| &*a.value)
    }

    /// `(local name, value)` of each attribute.
    pub fn attrs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.attrs.iter().map(|a| (&*a.name.local, &*a.value))
    }
}

struct Node {
    parent: u32,
    first: u32,
    last: u32,
    prev: u32,
    next: u32,
    data: Data,
}

/// A parsed page.
pub struct Dom {
    nodes: Vec<Node>,
    pieces: Vec<Piece>,
}

impl Default for Dom {
    fn default() -> Self {
        Dom::with_capacity(0)
    }
}

impl std::fmt::Debug for Dom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Dom({} nodes)", self.nodes.len())
    }
}

/// One step of a pre-order walk: entering or leaving a node.
#[derive(Clone, Copy)]
pub enum Edge {
    /// Before the node's children.
    Open(u32),
    /// After them.
    Close(u32),
}

impl Dom {
    /// An empty document, with room for `nodes` nodes and as many further text pieces.
    pub fn with_capacity(nodes: usize) -> Self {
        let pieces = Vec::with_capacity(nodes);
        let mut nodes = Vec::with_capacity(1 + nodes);
        nodes.push(Node {
            parent: NONE,
            first: NONE,
            last: NONE,
            prev: NONE,
            next: NONE,
            data: Data::Document,
        });
        Dom { nodes, pieces }
    }

    /// The pieces of a text node of this document, in order; joined, they are its text.
    pub fn text_pieces<'a>(&'a self, t: &'a Text) -> impl Iterator<Item = &'a str> {
        let mut at = t.more;
        std::iter::once(&*t.head).chain(std::iter::from_fn(move || {
            let p = self.pieces.get(at as usize)?;
            at = p.next;
            Some(&*p.text)
        }))
    }

    /// Appends the text of a text node of this document to `out`.
    pub fn push_text(&self, t: &Text, out: &mut String) {
        for p in self.text_pieces(t) {
            out.push_str(p);
        }
    }

    /// The text of a text node of this document, joined.
    pub fn joined<'a>(&'a self, t: &'a Text) -> Cow<'a, str> {
        if t.more == NONE {
            Cow::Borrowed(&t.head)
        } else {
            let mut s = String::new();
            self.push_text(t, &mut s);
            Cow::Owned(s)
        }
    }

    /// Number of nodes (the document root included).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether only the document root is there.
    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    /// What node `id` is.
    pub fn data(&self, id: u32) -> &Data {
        &self.nodes[id as usize].data
    }

    /// Number of ancestors of the node created last, counted up to `cap`.
    pub fn depth_of_newest(&self, cap: usize) -> usize {
        let mut depth = 0;
        let mut p = self
            .nodes
            .len()
            .checked_sub(1)
            .map_or(NONE, |i| self.nodes[i].parent);
        while p != NONE && depth < cap {
            depth += 1;
            p = self.nodes[p as usize].parent;
        }
        depth
    }

    /// Every node in creation order, detached ones included (scraper's `tree.nodes()`).
    pub fn nodes_in_order(&self) -> impl Iterator<Item = u32> {
        0..self.nodes.len() as u32
    }

    /// Elements in creation order.
    pub fn elements(&self) -> impl Iterator<Item = ElementRef<'_>> + '_ {
        self.nodes_in_order().filter_map(|id| self.element(id))
    }

    /// Node `id` as an element, when it is one.
    pub fn element(&self, id: u32) -> Option<ElementRef<'_>> {
        matches!(self.nodes[id as usize].data, Data::Element(_))
            .then_some(ElementRef { dom: self, id })
    }

    /// Pre-order walk of the subtree of `root` (the whole page for 0), without recursion.
    pub fn traverse(&self, root: u32) -> Traverse<'_> {
        Traverse {
            dom: self,
            root,
            next: Some(Edge::Open(root)),
        }
    }

    /// The first element matching `sel`, in creation order.
    pub fn select_first(&self, sel: &Selector) -> Option<ElementRef<'_>> {
        self.elements().find(|e| sel.matches(e))
    }

    fn new_node(&mut self, data: Data) -> u32 {
        self.nodes.push(Node {
            parent: NONE,
            first: NONE,
            last: NONE,
            prev: NONE,
            next: NONE,
            data,
        });
        (self.nodes.len() - 1) as u32
    }

    fn new_text(&mut self, head: StrTendril) -> u32 {
        self.new_node(Data::Text(Text {
            head,
            more: NONE,
            last: NONE,
        }))
    }

    fn detach(&mut self, id: u32) {
        let (p, prev, next) = {
            let n = &self.nodes[id as usize];
            (n.parent, n.prev, n.next)
        };
        if p == NONE {
            return;
        }
        if prev != NONE {
            self.nodes[prev as usize].next = next;
        } else {
            self.nodes[p as usize].first = next;
        }
        if next != NONE {
            self.nodes[next as usize].prev = prev;
        } else {
            self.nodes[p as usize].last = prev;
        }
        let n = &mut self.nodes[id as usize];
        n.parent = NONE;
        n.prev = NONE;
        n.next = NONE;
    }

    fn append_id(&mut self, parent: u32, id: u32) {
        self.detach(id);
        let last = self.nodes[parent as usize].last;
        {
            let n = &mut self.nodes[id as usize];
            n.parent = parent;
            n.prev = last;
        }
        if last != NONE {
            self.nodes[last as usize].next = id;
        } else {
            self.nodes[parent as usize].first = id;
        }
        self.nodes[parent as usize].last = id;
    }

    fn insert_before(&mut self, sibling: u32, id: u32) {
        self.detach(id);
        let (p, prev) = {
            let s = &self.nodes[sibling as usize];
            (s.parent, s.prev)
        };
        {
            let n = &mut self.nodes[id as usize];
            n.parent = p;
            n.prev = prev;
            n.next = sibling;
        }
        self.nodes[sibling as usize].prev = id;
        if prev != NONE {
            self.nodes[prev as usize].next = id;
        } else {
            self.nodes[p as usize].first = id;
        }
    }

    /// Appends `text` to node `id` if that is a text node; otherwise hands it back.
    fn merge_text(&mut self, id: u32, text: StrTendril) -> Option<StrTendril> {
        if id == NONE {
            return Some(text);
        }
        let Data::Text(t) = &mut self.nodes[id as usize].data else {
            return Some(text);
        };
        let at = self.pieces.len() as u32;
        if t.more == NONE {
            t.more = at;
        } else {
            self.pieces[t.last as usize].next = at;
        }
        t.last = at;
        self.pieces.push(Piece { text, next: NONE });
        None
    }
}

/// Pre-order walk; see [`Dom::traverse`].
pub struct Traverse<'a> {
    dom: &'a Dom,
    root: u32,
    next: Option<Edge>,
}

impl Iterator for Traverse<'_> {
    type Item = Edge;

    fn next(&mut self) -> Option<Edge> {
        let edge = self.next?;
        let nodes = &self.dom.nodes;
        self.next = match edge {
            Edge::Open(id) => {
                let first = nodes[id as usize].first;
                Some(if first != NONE {
                    Edge::Open(first)
                } else {
                    Edge::Close(id)
                })
            }
            Edge::Close(id) if id == self.root => None,
            Edge::Close(id) => {
                let n = &nodes[id as usize];
                if n.next != NONE {
                    Some(Edge::Open(n.next))
                } else if n.parent != NONE {
                    Some(Edge::Close(n.parent))
                } else {
                    None
                }
            }
        };
        Some(edge)
    }
}

impl TreeSink for Dom {
    type Output = Self;
    type Handle = u32;

    fn finish(self) -> Self {
        self
    }

    fn parse_error(&mut self, _msg: Cow<'static, str>) {}

    fn set_quirks_mode(&mut self, _mode: QuirksMode) {}

    fn get_document(&mut self) -> u32 {
        0
    }

    fn same_node(&self, x: &u32, y: &u32) -> bool {
        x == y
    }

    fn elem_name<'a>(&'a self, target: &'a u32) -> ExpandedName<'a> {
        match &self.nodes[*target as usize].data {
            Data::Element(e) => e.name.expanded(),
            // The tree builder only asks for the names of elements.
            _ => unreachable!("elem_name of a non-element"),
        }
    }

    fn create_element(&mut self, name: QualName, attrs: Vec<Attribute>, _f: ElementFlags) -> u32 {
        let template = name.ns == ns!(html) && &*name.local == "template";
        let id = self.new_node(Data::Element(Element { name, attrs }));
        if template {
            let contents = self.new_node(Data::Fragment);
            self.append_id(id, contents);
        }
        id
    }

    fn create_comment(&mut self, _text: StrTendril) -> u32 {
        self.new_node(Data::Other)
    }

    fn create_pi(&mut self, _target: StrTendril, _data: StrTendril) -> u32 {
        self.new_node(Data::Other)
    }

    fn append_doctype_to_document(&mut self, _n: StrTendril, _p: StrTendril, _s: StrTendril) {
        let id = self.new_node(Data::Other);
        self.append_id(0, id);
    }

    fn append(&mut self, parent: &u32, child: NodeOrText<u32>) {
        match child {
            NodeOrText::AppendNode(id) => self.append_id(*parent, id),
            NodeOrText::AppendText(text) => {
                let last = self.nodes[*parent as usize].last;
                if let Some(text) = self.merge_text(last, text) {
                    let id = self.new_text(text);
                    self.append_id(*parent, id);
                }
            }
        }
    }

    fn append_before_sibling(&mut self, sibling: &u32, child: NodeOrText<u32>) {
        if let NodeOrText::AppendNode(id) = child {
            self.detach(id);
        }
        if self.nodes[*sibling as usize].parent == NONE {
            return;
        }
        match child {
            NodeOrText::AppendNode(id) => self.insert_before(*sibling, id),
            NodeOrText::AppendText(text) => {
                let prev = self.nodes[*sibling as usize].prev;
                if let Some(text) = self.merge_text(prev, text) {
                    let id = self.new_text(text);
                    self.insert_before(*sibling, id);
                }
            }
        }
    }

    fn append_based_on_parent_node(&mut self, element: &u32, prev: &u32, child: NodeOrText<u32>) {
        if self.nodes[*element as usize].parent != NONE {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev, child);
        }
    }

    fn remove_from_parent(&mut self, target: &u32) {
        self.detach(*target);
    }

    fn reparent_children(&mut self, node: &u32, new_parent: &u32) {
        let mut c = self.nodes[*node as usize].first;
        while c != NONE {
            let next = self.nodes[c as usize].next;
            self.append_id(*new_parent, c);
            c = next;
        }
    }

    fn add_attrs_if_missing(&mut self, target: &u32, attrs: Vec<Attribute>) {
        if let Data::Element(e) = &mut self.nodes[*target as usize].data {
            for a in attrs {
                if !e.attrs.iter().any(|x| x.name == a.name) {
                    e.attrs.push(a);
                }
            }
        }
    }

    fn get_template_contents(&mut self, target: &u32) -> u32 {
        self.nodes[*target as usize].first
    }

    fn mark_script_already_started(&mut self, _node: &u32) {}
}

/// An element of a [`Dom`].
#[derive(Clone, Copy)]
pub struct ElementRef<'a> {
    dom: &'a Dom,
    id: u32,
}

impl std::fmt::Debug for ElementRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{}> #{}", self.value().name(), self.id)
    }
}

impl<'a> ElementRef<'a> {
    /// The node's index.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// The element's name and attributes.
    pub fn value(&self) -> &'a Element {
        match &self.dom.nodes[self.id as usize].data {
            Data::Element(e) => e,
            _ => unreachable!("ElementRef on a non-element"),
        }
    }

    /// The text of the subtree, in document order.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for edge in self.dom.traverse(self.id) {
            if let Edge::Open(id) = edge {
                if let Data::Text(t) = &self.dom.nodes[id as usize].data {
                    self.dom.push_text(t, &mut s);
                }
            }
        }
        s
    }

    fn node(&self) -> &'a Node {
        &self.dom.nodes[self.id as usize]
    }

    fn element_at(&self, mut id: u32, step: impl Fn(&Node) -> u32) -> Option<Self> {
        while id != NONE {
            if let Some(e) = self.dom.element(id) {
                return Some(e);
            }
            id = step(&self.dom.nodes[id as usize]);
        }
        None
    }
}
