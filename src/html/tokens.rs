//! Class, id, itemprop and role tokens judged by the active packs (strip, keep, boost,
//! penalty), memoised per page, and the attributes the content finder reads.

use ahash::AHashSet as HashSet;

use super::dom::{self, Selector};
use crate::rules::compile::{TokenIndex, TokenKind};

/// What the active token sets say about an element's class/id/itemprop/role tokens.
#[derive(Clone, Copy, Default)]
pub(super) struct Verdict {
    /// A strip token is present.
    pub(super) strip: bool,
    /// A keep token is present.
    pub(super) keep: bool,
    /// +25 per boost token, −25 per penalty token.
    pub(super) weight: i32,
    /// Page types (their bits) on which a token marks chrome.
    pub(super) type_strip: u8,
    /// Page types (their bits) on which a token spares it from the strip tokens.
    pub(super) type_spare: u8,
}

impl Verdict {
    pub(super) fn and(self, other: Verdict) -> Verdict {
        Verdict {
            strip: self.strip || other.strip,
            keep: self.keep || other.keep,
            weight: self.weight + other.weight,
            type_strip: self.type_strip | other.type_strip,
            type_spare: self.type_spare | other.type_spare,
        }
    }
}

/// Token verdicts of one page, memoised by attribute value: pages repeat the same few hundred
/// `class` values thousands of times, and each token costs one automaton scan per active pack.
/// Each distinct `class` value also gets a small id, so that siblings compare classes cheaply.
pub(super) struct TokenMemo<'dom, 'r> {
    pub(super) active: &'r ActiveHtml<'r>,
    /// `class` values: verdict and id.
    pub(super) classes: ahash::AHashMap<&'dom str, (Verdict, u32)>,
    /// Single tokens.
    pub(super) singles: ahash::AHashMap<&'dom str, Verdict>,
}

impl<'dom, 'r> TokenMemo<'dom, 'r> {
    pub(super) fn new(active: &'r ActiveHtml<'r>) -> Self {
        TokenMemo {
            active,
            // A news page has a few hundred distinct values of each.
            classes: ahash::AHashMap::with_capacity(512),
            singles: ahash::AHashMap::with_capacity(1024),
        }
    }

    /// The verdict for one token as written in the page (matched lower-cased).
    pub(super) fn token(&self, raw: &str) -> Verdict {
        let lower: std::borrow::Cow<str> = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(raw.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(raw)
        };
        let on = &self.active.packs_on;
        let (mut strip, mut keep, mut boost, mut penalty, mut layout) =
            (false, false, false, false, false);
        let (mut type_strip, mut type_spare) = (0u8, 0u8);
        self.active.tokens.each_match(&lower, |pack, kind| {
            if on[pack] {
                match kind {
                    TokenKind::Strip => strip = true,
                    TokenKind::Keep => keep = true,
                    TokenKind::Boost => boost = true,
                    TokenKind::Penalty => penalty = true,
                    TokenKind::Layout => layout = true,
                    TokenKind::TypeStrip(bit) => type_strip |= bit,
                    TokenKind::TypeSpare(bit) => type_spare |= bit,
                }
            }
        });
        Verdict {
            strip: strip && !layout,
            keep,
            weight: 25 * i32::from(boost) - 25 * i32::from(penalty && !layout),
            type_strip: if layout { 0 } else { type_strip },
            type_spare,
        }
    }

    /// The verdict for a `class` value (its tokens together) and the value's id (≥ 1; 0 is
    /// "no class").
    pub(super) fn class(&mut self, value: &'dom str) -> (Verdict, u32) {
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
    pub(super) fn single(&mut self, value: &'dom str) -> Verdict {
        if let Some(v) = self.singles.get(value) {
            return *v;
        }
        let v = self.token(value);
        self.singles.insert(value, v);
        v
    }

    /// The verdict for an element's attributes, and its class id.
    pub(super) fn element(&mut self, attrs: &Attrs<'dom>) -> (Verdict, u32) {
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
pub(super) struct ActiveHtml<'a> {
    pub(super) strip: Vec<&'a Selector>,
    pub(super) keep: Vec<&'a Selector>,
    pub(super) strip_tags: HashSet<&'a str>,
    /// Token sets of all packs; `packs_on` says which are active.
    pub(super) tokens: &'a TokenIndex,
    pub(super) packs_on: Vec<bool>,
    pub(super) body: Option<&'a Selector>,
}

/// The attributes the HTML front end reads, found in one pass over the element's attributes.
#[derive(Default)]
pub(super) struct Attrs<'a> {
    pub(super) class: Option<&'a str>,
    pub(super) id: Option<&'a str>,
    pub(super) itemprop: Option<&'a str>,
    pub(super) role: Option<&'a str>,
    pub(super) style: Option<&'a str>,
    pub(super) href: Option<&'a str>,
    pub(super) hidden: bool,
    /// `aria-hidden="true"`: icons and decorations, but also collapsed accordion panels.
    pub(super) aria_hidden: bool,
    /// `property` and `content` (a meta's): read for the page type.
    pub(super) property: Option<&'a str>,
    pub(super) content: Option<&'a str>,
}

impl<'a> Attrs<'a> {
    pub(super) fn of(el: &'a dom::Element) -> Self {
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
                "property" => a.property = Some(value),
                "content" => a.content = Some(value),
                "aria-hidden" => a.aria_hidden = value == "true",
                _ => {}
            }
        }
        a
    }

    /// Hidden by attribute or inline style.
    pub(super) fn hidden(&self) -> bool {
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
