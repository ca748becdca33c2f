//! The report as one self-contained HTML file: inline CSS, no script, no external reference
//! (a Content-Security-Policy forbids any), every page text escaped, each block's `dir` set
//! from its script.

use std::fmt::Write;

use super::{dir_of, escape, rows, rule_class, summary, Fate, IndexEntry, Page, CLASSES};
use crate::rules::RuleSet;

/// Colours by rule kind: (class, text colour, background).
const COLOURS: [(&str, &str, &str); 14] = [
    ("line", "#b3261e", "#fdecea"),
    ("label-list", "#8a3ffc", "#f3ecff"),
    ("tail", "#a2191f", "#ffe0e0"),
    ("head", "#b35900", "#fff1e0"),
    ("marker", "#6f4e00", "#fff8d6"),
    ("paywall", "#7a0045", "#ffe6f3"),
    ("meta", "#005d5d", "#e0f5f5"),
    ("category", "#00539a", "#e5f0ff"),
    ("highlight", "#3d5a00", "#eef7dc"),
    ("title", "#0043ce", "#e8efff"),
    ("dense", "#6b4f3a", "#f3ede8"),
    ("heuristic", "#525252", "#efefef"),
    ("strip", "#7d5c00", "#fbf3dc"),
    ("outside", "#6f6f6f", "#f6f6f6"),
];

const CSS: &str = "
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em 1.5em;color:#161616;background:#fff}
h1{font-size:1.3em;margin:.2em 0}h2{font-size:1.1em;margin:1.2em 0 .4em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.3em 0}td,th{border:1px solid #ddd;padding:.2em .6em;text-align:start;vertical-align:top}
th{background:#f4f4f4}.muted{color:#6f6f6f}.src{font:12px ui-monospace,monospace;color:#525252}
.row{display:flex;gap:.8em;align-items:baseline;padding:.25em .5em;margin:.15em 0;border-inline-start:4px solid transparent;content-visibility:auto;contain-intrinsic-size:auto 1.8em}
.idx{font:11px ui-monospace,monospace;color:#8d8d8d;min-width:3em;flex:none}
.txt{flex:1;white-space:pre-wrap;overflow-wrap:anywhere}
.why{flex:none;max-width:40%;font:12px ui-monospace,monospace;direction:ltr;text-align:left}
.kept .txt{color:#161616}.kept .why{color:#8d8d8d}
.removed del{text-decoration:line-through;text-decoration-thickness:1.5px}
.region{border:2px solid #0f62fe;border-radius:6px;padding:.3em .5em;margin:.6em 0}
.region>.label{font:12px ui-monospace,monospace;color:#0f62fe;direction:ltr}
.top{display:flex;flex-wrap:wrap;gap:0 2em;align-items:flex-start}.top>div{flex:1 1 0;min-width:360px}
.legend span{display:inline-block;margin:.15em .3em;padding:0 .4em;border-radius:3px;font-size:12px}
";

fn css() -> String {
    let mut s = CSS.to_string();
    for (class, fg, bg) in COLOURS {
        let _ = writeln!(
            s,
            ".k-{class}{{background:{bg};border-inline-start-color:{fg}}}.k-{class} .txt,.k-{class} .why{{color:{fg}}}"
        );
    }
    s
}

fn head(out: &mut String, title: &str) {
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<meta name=\"referrer\" content=\"no-referrer\">\
<title>{}</title><style>{}</style></head><body>",
        escape(title),
        css()
    );
}

/// Text cell: escaped, with its own direction.
fn text_cell(v: &str) -> String {
    format!("<span dir=\"{}\">{}</span>", dir_of(v), escape(v))
}

/// The report on one page.
pub fn render(page: &Page, rules: &RuleSet) -> String {
    let a = page.article;
    let mut out = String::with_capacity(4096 + a.text.len() * 3);
    head(&mut out, &format!("dechrome explain: {}", page.name));
    let _ = writeln!(
        out,
        "<h1>dechrome explain: <span dir=\"auto\">{}</span></h1>\n<p class=\"muted\">{} input · dechrome {} · rules hash <code>{}</code></p>",
        escape(page.name),
        if page.text_input { "text (one block per line)" } else { "HTML" },
        escape(&a.dechrome_version),
        escape(&a.rules_hash),
    );
    out.push_str("<div class=\"top\"><div>");
    metadata(&mut out, page, rules);
    out.push_str("</div><div>");
    summary_table(&mut out, page, rules);
    out.push_str("</div></div>\n");
    legend(&mut out);
    blocks(&mut out, page, rules);
    out.push_str("</body></html>\n");
    out
}

fn metadata(out: &mut String, page: &Page, rules: &RuleSet) {
    let a = page.article;
    let none = String::new();
    let sources = a.sources.as_ref();
    let src = |f: &str| sources.and_then(|s| s.get(f)).unwrap_or(&none);
    let authors = a.authors.join("; ");
    let fields: [(&str, &str, Option<&str>); 9] = [
        ("title", "title", a.title.as_deref()),
        (
            "authors",
            "authors",
            (!authors.is_empty()).then_some(authors.as_str()),
        ),
        ("date", "date", a.date.as_deref()),
        ("site", "site_name", a.site_name.as_deref()),
        ("category", "category", a.category.as_deref()),
        ("language", "language", a.language.as_deref()),
        ("page_type", "page_type", Some(a.page_type.name())),
        ("url", "url", a.url.as_deref()),
        ("encoding", "encoding", a.encoding.as_deref()),
    ];
    out.push_str("<h2>Metadata</h2>\n<table class=\"meta\"><tr><th>field</th><th>value</th><th>source</th></tr>\n");
    for (label, key, value) in fields {
        let source = match key {
            "page_type" => "content finder".to_string(),
            "encoding" => "decoder".to_string(),
            _ => {
                let s = src(key);
                // A rule id: say where the rule is written.
                let origin = rules
                    .by_id
                    .get(s)
                    .and_then(|&i| rules.rules[i].origin.as_ref());
                match origin {
                    Some((f, l)) => format!("{s} ({f}:{l})"),
                    None => s.clone(),
                }
            }
        };
        let _ = writeln!(
            out,
            "<tr id=\"meta-{key}\"><th>{label}</th><td class=\"value\">{}</td><td class=\"src\">{}</td></tr>",
            value.map_or_else(|| "<span class=\"muted\">none</span>".to_string(), text_cell),
            escape(if value.is_some() { &source } else { "" }),
        );
    }
    out.push_str("</table>\n");
}

fn summary_table(out: &mut String, page: &Page, rules: &RuleSet) {
    let s = summary(page.article);
    let _ = writeln!(
        out,
        "<h2>Summary</h2>\n<p id=\"counts\">{} blocks kept, {} removed.</p>\n<table class=\"summary\"><tr><th>rule</th><th>kind</th><th>where</th><th>removed</th></tr>",
        s.kept, s.removed
    );
    let mut by: Vec<_> = s.by_rule.iter().collect();
    by.sort_by(|x, y| y.1 .0.cmp(&x.1 .0).then(x.0.cmp(y.0)));
    for (rule, (n, at)) in by {
        let class = rule_class(rule, rules);
        let _ = writeln!(
            out,
            "<tr class=\"k-{class}\"><td class=\"why\">{}</td><td>{class}</td><td class=\"src\">{}</td><td>{n}</td></tr>",
            escape(rule),
            at.as_ref().map_or(String::new(), |(f, l)| escape(&format!("{f}:{l}"))),
        );
    }
    out.push_str("</table>\n");
    if let Some(regions) = page.article.regions.as_deref().filter(|r| !r.is_empty()) {
        out.push_str("<p>Content regions chosen: ");
        for (i, r) in regions.iter().enumerate() {
            let _ = write!(
                out,
                "{}<code>{}</code> (blocks {}–{})",
                if i > 0 { ", " } else { "" },
                escape(&r.element),
                r.first,
                r.end.saturating_sub(1)
            );
        }
        out.push_str("</p>\n");
    }
}

fn legend(out: &mut String) {
    out.push_str("<p class=\"legend\">Kept blocks are plain; removed ones are struck through, coloured by kind: ");
    for (class, what) in CLASSES {
        let _ = write!(
            out,
            "<span class=\"k-{class}\" title=\"{}\">{class}</span>",
            escape(what)
        );
    }
    out.push_str("</p>\n");
}

fn blocks(out: &mut String, page: &Page, rules: &RuleSet) {
    let regions = page.article.regions.as_deref().unwrap_or(&[]);
    let _ = writeln!(
        out,
        "<h2>{} in document order</h2>\n<div id=\"blocks\">",
        if page.text_input { "Lines" } else { "Blocks" }
    );
    let mut open: Option<usize> = None;
    for row in rows(page.article) {
        if row.region != open {
            if open.is_some() {
                out.push_str("</section>\n");
            }
            if let Some(r) = row.region {
                let reg = &regions[r];
                let _ = writeln!(
                    out,
                    "<section class=\"region\"><div class=\"label\">content region {}: {}</div>",
                    r + 1,
                    escape(&reg.element)
                );
            }
            open = row.region;
        }
        let idx = row.index.map_or(String::new(), |i| format!("#{i}"));
        let dir = dir_of(row.text);
        match row.fate {
            Fate::Kept(kind) => {
                let _ = writeln!(
                    out,
                    "<div class=\"row kept\"><span class=\"idx\">{idx}</span><span class=\"txt\" dir=\"{dir}\">{}</span><span class=\"why\">{}</span></div>",
                    escape(row.text),
                    kind.as_str()
                );
            }
            Fate::Removed { rule, at } => {
                let class = rule_class(rule, rules);
                let place = at.map_or(String::new(), |(f, l)| format!(" · {f}:{l}"));
                let _ = writeln!(
                    out,
                    "<div class=\"row removed k-{class}\" data-rule=\"{rule}\"><span class=\"idx\">{idx}</span><del class=\"txt\" dir=\"{dir}\">{}</del><span class=\"why\">{}</span></div>",
                    escape(row.text),
                    escape(&format!("{rule}{place}")),
                    rule = escape(rule),
                );
            }
        }
    }
    if open.is_some() {
        out.push_str("</section>\n");
    }
    out.push_str("</div>\n");
}

/// The index page of a directory report: a line per page.
pub fn render_index(entries: &[IndexEntry], rules_hash: &str) -> String {
    let mut out = String::new();
    head(&mut out, "dechrome explain: index");
    let _ = writeln!(
        out,
        "<h1>dechrome explain</h1>\n<p class=\"muted\">{} pages · rules hash <code>{}</code></p>\n<table class=\"index\"><tr><th>page</th><th>title</th><th>page type</th><th>kept</th><th>removed</th></tr>",
        entries.len(),
        escape(rules_hash)
    );
    for e in entries {
        match &e.error {
            None => {
                let _ = writeln!(
                    out,
                    "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&super::safe_file_name(&e.report)),
                    escape(&e.name),
                    e.title.as_deref().map_or(String::new(), text_cell),
                    e.page_type,
                    e.kept,
                    e.removed
                );
            }
            Some(err) => {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td colspan=\"4\" class=\"muted\">error: {}</td></tr>",
                    escape(&e.name),
                    escape(err)
                );
            }
        }
    }
    out.push_str("</table>\n</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cleaner;

    #[test]
    fn hostile_text_cannot_leave_its_text_node() {
        let c = Cleaner::builder().explain(true).build().unwrap();
        let page = "<html><head><title>T</title></head><body><article><h1>A hostile page for the report</h1>\
<p>This paragraph &lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt; talks about onerror=alert(2) and javascript:alert(3) at length, with enough words to count as prose for the cleaner.</p>\
<p>Another paragraph of prose that goes on long enough to be the body of the article, with words and more words.</p>\
<script>alert(4)</script><img src=x onerror=\"alert(5)\"><a href=\"javascript:alert(6)\">click</a></article></body></html>";
        let a = c.clean_html(page, None).unwrap();
        let html = render(
            &Page {
                name: "<script>alert(7)</script>.html",
                article: &a,
                text_input: false,
            },
            c.rules(),
        );
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "{html}");
        assert!(!lower.contains("</style>&"));
        assert_eq!(
            lower.matches("</style>").count(),
            1,
            "only the report's own"
        );
        // No tag of the report carries an event handler, whatever the page's text says.
        for tag in lower.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or("");
            let handler = tag.match_indices(" on").any(|(i, _)| {
                let name: String = tag[i + 3..]
                    .chars()
                    .take_while(char::is_ascii_alphabetic)
                    .collect();
                tag[i + 3 + name.len()..].starts_with('=')
            });
            assert!(!handler, "event handler in <{tag}>");
        }
        assert!(!lower.contains("href=\"javascript"));
        assert!(lower.contains("&lt;/style&gt;&lt;script&gt;"));
        assert!(!lower.contains("http://") && !lower.contains("https://"));
    }

    #[test]
    fn index_links_only_to_safe_names() {
        let e = IndexEntry {
            name: "<b>x</b>".into(),
            report: "javascript:alert(1)".into(),
            title: Some("\"quoted\" <i>".into()),
            page_type: "article",
            kept: 1,
            removed: 2,
            error: None,
        };
        let html = render_index(&[e], "abc");
        assert!(html.contains("href=\"javascript_alert_1_\""));
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"));
        assert!(html.contains("&quot;quoted&quot; &lt;i&gt;"));
    }
}
