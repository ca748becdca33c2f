//! Rule selectors over the [`Dom`]: scraper's CSS syntax, matched by the `selectors` crate
//! through the same answers scraper's own element type gives.

use html5ever::{namespace_url, ns};
use selectors::attr::{AttrSelectorOperation, CaseSensitivity, NamespaceConstraint};
use selectors::matching::{self, ElementSelectorFlags};
use selectors::parser::{ParseRelative, SelectorList};
use selectors::OpaqueElement;

use scraper::selector::{CssLocalName, CssString, NonTSPseudoClass, PseudoElement, Simple};

use super::{Data, ElementRef, NONE};

/// A compiled CSS selector list (scraper's syntax: no pseudo-classes beyond the structural ones).
#[derive(Debug)]
pub struct Selector {
    list: SelectorList<Simple>,
}

impl Selector {
    /// Parses a selector list; the error is cssparser's, printable with `{:?}`.
    pub fn parse(css: &str) -> Result<Self, String> {
        let mut input = cssparser::ParserInput::new(css);
        let mut parser = cssparser::Parser::new(&mut input);
        SelectorList::parse(&scraper::selector::Parser, &mut parser, ParseRelative::No)
            .map(|list| Selector { list })
            .map_err(|e| format!("{:?}", e.kind))
    }

    /// Whether `element` matches (as scraper's `Selector::matches`).
    pub fn matches(&self, element: &ElementRef) -> bool {
        let mut cache = selectors::NthIndexCache::default();
        let mut context = matching::MatchingContext::new(
            matching::MatchingMode::Normal,
            None,
            &mut cache,
            matching::QuirksMode::NoQuirks,
            matching::NeedsSelectorFlags::No,
            matching::IgnoreNthChildForInvalidation::No,
        );
        self.list
            .0
            .iter()
            .any(|s| matching::matches_selector(s, 0, None, element, &mut context))
    }
}

/// The same answers as scraper's `ElementRef`, so that rule selectors behave alike.
impl selectors::Element for ElementRef<'_> {
    type Impl = Simple;

    fn opaque(&self) -> OpaqueElement {
        OpaqueElement::new(self.node())
    }

    fn parent_element(&self) -> Option<Self> {
        let p = self.node().parent;
        (p != NONE).then(|| self.dom.element(p)).flatten()
    }

    fn parent_node_is_shadow_root(&self) -> bool {
        false
    }

    fn containing_shadow_host(&self) -> Option<Self> {
        None
    }

    fn is_pseudo_element(&self) -> bool {
        false
    }

    fn is_part(&self, _name: &CssLocalName) -> bool {
        false
    }

    fn is_same_type(&self, other: &Self) -> bool {
        self.value().name == other.value().name
    }

    fn imported_part(&self, _: &CssLocalName) -> Option<CssLocalName> {
        None
    }

    fn prev_sibling_element(&self) -> Option<Self> {
        self.element_at(self.node().prev, |n| n.prev)
    }

    fn next_sibling_element(&self) -> Option<Self> {
        self.element_at(self.node().next, |n| n.next)
    }

    fn first_element_child(&self) -> Option<Self> {
        self.element_at(self.node().first, |n| n.next)
    }

    fn is_html_element_in_html_document(&self) -> bool {
        self.value().name.ns == ns!(html)
    }

    fn has_local_name(&self, name: &CssLocalName) -> bool {
        self.value().name.local == name.0
    }

    fn has_namespace(&self, namespace: &html5ever::Namespace) -> bool {
        &self.value().name.ns == namespace
    }

    fn attr_matches(
        &self,
        ns: &NamespaceConstraint<&html5ever::Namespace>,
        local_name: &CssLocalName,
        operation: &AttrSelectorOperation<&CssString>,
    ) -> bool {
        self.value().attrs.iter().any(|a| {
            !matches!(*ns, NamespaceConstraint::Specific(url) if *url != a.name.ns)
                && local_name.0 == a.name.local
                && operation.eval_str(&a.value)
        })
    }

    fn match_non_ts_pseudo_class(
        &self,
        _pc: &NonTSPseudoClass,
        _context: &mut matching::MatchingContext<'_, Simple>,
    ) -> bool {
        false
    }

    fn match_pseudo_element(
        &self,
        _pe: &PseudoElement,
        _context: &mut matching::MatchingContext<Simple>,
    ) -> bool {
        false
    }

    fn is_link(&self) -> bool {
        self.value().name() == "link"
    }

    fn is_html_slot_element(&self) -> bool {
        true
    }

    fn has_id(&self, id: &CssLocalName, case_sensitivity: CaseSensitivity) -> bool {
        self.value()
            .attr("id")
            .is_some_and(|v| case_sensitivity.eq(id.0.as_bytes(), v.as_bytes()))
    }

    fn has_class(&self, name: &CssLocalName, case_sensitivity: CaseSensitivity) -> bool {
        self.value().attr("class").is_some_and(|c| {
            c.split_whitespace()
                .any(|x| case_sensitivity.eq(x.as_bytes(), name.0.as_bytes()))
        })
    }

    fn is_empty(&self) -> bool {
        let mut c = self.node().first;
        while c != NONE {
            let n = &self.dom.nodes[c as usize];
            if matches!(n.data, Data::Element(_) | Data::Text(_)) {
                return false;
            }
            c = n.next;
        }
        true
    }

    fn is_root(&self) -> bool {
        let p = self.node().parent;
        p != NONE && matches!(self.dom.nodes[p as usize].data, Data::Document)
    }

    fn apply_selector_flags(&self, _flags: ElementSelectorFlags) {}
}
