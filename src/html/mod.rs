//! HTML front end: decode, parse once with html5ever, compute the removed nodes (rules and
//! generic chrome), choose the main content by scoring, and emit blocks with DOM features
//! into the same rule engine as text.

//!
//! Stages, each a module: [`parse`] (html5ever into [`dom`]) → [`arena`] (flags from the packs'
//! selectors, tags and [`tokens`]) → [`score`] → [`regions`] → [`emit`] → engine.

mod arena;
pub mod decode;
pub mod dom;
mod emit;
pub mod meta;
mod outside;
mod page_type;
pub mod parse;
mod recover;
mod regions;
mod score;
mod structured;
mod tokens;

use ahash::AHashSet as HashSet;
use dom::{Dom, Selector};
use std::time::Instant;

use crate::cleaner::Limits;
use crate::engine::{host_of, Document};
use crate::error::Result;
use crate::normalize;
use crate::rules::{RuleSet, Scope};
use arena::{build, TokenStrips};
use emit::Emitter;
use regions::choose_roots;
use score::score;
use tokens::ActiveHtml;

/// Content shorter than this (visible characters) after the strict pass is looked for again
/// with token strips relaxed (Readability's `charThreshold`).
const MIN_CONTENT_CHARS: u32 = 500;

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

/// The content regions under the page type's policy, and the prose per node of the arena as
/// it is left (see [`recover::prose`]).
fn find_regions(
    arena: &mut arena::Arena,
    selected: &[bool],
    (scores, prose): (score::Scores, Vec<u32>),
    policy: regions::Policy,
    body: Option<&str>,
) -> (Vec<usize>, Vec<u32>) {
    if policy.tokens != TokenStrips::Strict {
        // Posts, replies and sections carry the tokens that mark chrome on an article page
        // ("comment", "reply", "author"): strip by token only where little text is held.
        arena.restore_removed(selected);
        arena.apply_token_strips(policy.tokens);
        let scores = score(arena);
        let prose = recover::prose(arena, &scores);
        let roots = if policy.main_area {
            regions::main_area(arena, &scores)
        } else {
            choose_roots(arena, &scores, body)
        };
        return (roots, prose);
    }
    if policy.main_area {
        return (regions::main_area(arena, &scores), prose);
    }
    let roots = choose_roots(arena, &scores, body);
    let found: u32 = roots.iter().map(|&r| scores.text_len[r]).sum();
    if found >= MIN_CONTENT_CHARS {
        if policy.whole_document {
            return (regions::whole_document(arena, &scores, roots), prose);
        }
        return (roots, prose);
    }
    // Too little left: a strip token probably sat on the story's wrapper. Retry with token
    // strips spared where they hold much of the page's text.
    arena.restore_removed(selected);
    arena.apply_token_strips(TokenStrips::Lenient);
    let scores = score(arena);
    let prose = recover::prose(arena, &scores);
    (choose_roots(arena, &scores, body), prose)
}

/// Turns an HTML page into a [`Document`] for the engine.
pub fn document(
    rules: &RuleSet,
    html: &str,
    hints: &crate::cleaner::Hints,
    site_rules: bool,
    explain: bool,
    limits: &Limits,
    started: Instant,
) -> Result<Document> {
    let check_time = || limits.check_time(started);
    let dom = parse::parse(html, limits, started)?;
    let url = hints.url.as_deref();
    let info = meta::head_info(&dom, url, hints.fetched.as_deref());
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
                let source = format!("selector:{}", rules.packs[i].id);
                page.sources.insert("title".into(), source);
            }
        }
        if let Some(a) = &h.author {
            if let Some(v) = select_text(&dom, a) {
                page.authors = vec![v];
                let source = format!("selector:{}", rules.packs[i].id);
                page.sources.insert("authors".into(), source);
            }
        }
        if let Some(d) = &h.date {
            if let Some(v) = select_text(&dom, d) {
                page.date = Some(v);
                let source = format!("selector:{}", rules.packs[i].id);
                page.sources.insert("date".into(), source);
            }
        }
    }

    let model = page_type::MODEL.as_ref();
    let mut census = page_type::Census::default();
    let mut arena = build(&dom, &active, limits, model, &mut census)?;
    for i in std::mem::take(&mut arena.selected) {
        if !arena.nodes[i as usize].keep_root {
            arena.remove_subtree(i as usize);
        }
    }
    let selected = arena.removed_flags();
    arena.apply_token_strips(TokenStrips::Strict);
    check_time()?;

    let scores = score(&arena);
    let prose = recover::prose(&arena, &scores);
    let structured = structured::read(&info.ld);
    let (page_type, page_type_why) = match model {
        Some(m) => {
            let u = page.url.as_deref().or(url);
            let x = page_type::features(m, &structured, &census, &arena, &scores, &prose, u);
            page_type::classify(m, &x, explain)
        }
        None => Default::default(),
    };
    let policy = regions::Policy::of(page_type);
    // Chrome of this page type only (customer reviews on a product page).
    let (scores, prose) = if arena.apply_type_strips(page_type.bit()) {
        let scores = score(&arena);
        let prose = recover::prose(&arena, &scores);
        (scores, prose)
    } else {
        (scores, prose)
    };
    let roots = match arena.body {
        Some(i) => vec![i as usize],
        None => {
            let (roots, prose) = find_regions(
                &mut arena,
                &selected,
                (scores, prose),
                policy,
                info.article_body.as_deref(),
            );
            recover::widen(&arena, &prose, &roots).unwrap_or(roots)
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
        max_link_density: if policy.links_are_content {
            1.0
        } else {
            rules.settings.max_link_density
        },
        links_are_content: policy.links_are_content,
        explain,
    };
    let mut spans = Vec::new();
    for r in roots {
        let first = em.blocks.len();
        em.emit(r);
        spans.push((r, first, em.blocks.len()));
    }
    let Emitter {
        mut blocks,
        removed,
        ..
    } = em;
    let mut left_out = Vec::new();
    let regions = if explain {
        outside::record(&arena, &spans, blocks.len(), &mut left_out)
    } else {
        Vec::new()
    };
    recover::stand_ins(
        &mut blocks,
        page_type,
        &structured,
        info.article_body.as_deref(),
        &page,
    );
    Ok(Document {
        blocks,
        meta: page,
        platforms,
        removed,
        dropped: 0,
        page_type,
        page_type_why,
        regions,
        outside: left_out,
    })
}
