//! Writers: JSON, JSON lines, plain text, Markdown and sanitized HTML.

mod json;

use crate::article::Article;
use crate::block::BlockKind;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Pretty JSON, one document per file.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// The body as plain text.
    Text,
    /// Title and body as Markdown.
    Markdown,
    /// The article as clean, sanitized HTML.
    Html,
}

impl Format {
    /// File extension for outputs in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }

    /// Parses a format name.
    pub fn parse(name: &str) -> Option<Format> {
        Some(match name {
            "json" => Format::Json,
            "jsonl" => Format::Jsonl,
            "text" | "txt" => Format::Text,
            "markdown" | "md" => Format::Markdown,
            "html" => Format::Html,
            _ => return None,
        })
    }
}

/// Renders an article; the result always ends with a newline.
pub fn render(article: &Article, format: Format) -> String {
    match format {
        Format::Markdown => markdown(article),
        Format::Html => html(article),
        Format::Json | Format::Jsonl | Format::Text => {
            let mut out = String::new();
            render_into(article, format, &mut out);
            out
        }
    }
}

/// [`render`], appended to `out`: a caller that renders many articles can reuse one buffer.
pub fn render_into(article: &Article, format: Format, out: &mut String) {
    match format {
        Format::Json | Format::Jsonl => {
            out.reserve(json_capacity(article));
            json::write(article, format == Format::Json, out);
            out.push('\n');
        }
        Format::Text => {
            out.push_str(&article.text);
            out.push('\n');
        }
        Format::Markdown => out.push_str(&markdown(article)),
        Format::Html => out.push_str(&html(article)),
    }
}

/// Room for the JSON of `a` without growing the buffer (for most articles): the body twice
/// (as `text` and in `blocks`), a little per block, and the rest.
fn json_capacity(a: &Article) -> usize {
    let removed: usize = a.removed.iter().flatten().map(|r| r.text.len() + 96).sum();
    a.text.len() * 2 + a.blocks.len() * 64 + removed + 2048
}

fn markdown(a: &Article) -> String {
    let mut out = String::new();
    if let Some(t) = &a.title {
        out.push_str("# ");
        out.push_str(t);
        out.push_str("\n\n");
    }
    let mut meta = Vec::new();
    if !a.authors.is_empty() {
        meta.push(a.authors.join(", "));
    }
    if let Some(d) = &a.date {
        meta.push(d.clone());
    }
    if let Some(s) = &a.site_name {
        meta.push(s.clone());
    }
    if !meta.is_empty() {
        out.push_str(&format!("*{}*\n\n", meta.join(" · ")));
    }
    for h in &a.highlights {
        out.push_str(&format!("- **{h}**\n"));
    }
    if !a.highlights.is_empty() {
        out.push('\n');
    }
    for b in &a.blocks {
        match b.kind {
            BlockKind::Heading => {
                let level = b.level.unwrap_or(2).clamp(2, 6) as usize;
                out.push_str(&"#".repeat(level));
                out.push(' ');
                out.push_str(&b.text);
            }
            BlockKind::ListItem => {
                out.push_str("- ");
                out.push_str(&b.text);
            }
            BlockKind::Quote => {
                out.push_str("> ");
                out.push_str(&b.text);
            }
            BlockKind::Caption => {
                out.push('*');
                out.push_str(&b.text);
                out.push('*');
            }
            BlockKind::Code => {
                // A fence longer than any run of backticks in the code.
                let run = b.text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
                let fence = "`".repeat(run.max(2) + 1);
                out.push_str(&format!("{fence}\n{}\n{fence}", b.text));
            }
            _ => out.push_str(&b.text),
        }
        out.push_str("\n\n");
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// Whether a link target is safe to emit: http(s), mailto, or relative; never
/// `javascript:`, `data:`, `vbscript:` or anything with control characters.
pub fn safe_href(href: &str) -> bool {
    let h: String = href
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if h.is_empty() || href.chars().any(|c| c.is_control()) {
        return false;
    }
    match h.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

fn inline_html(text: &str, links: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut rest = text;
    for (lt, href) in links {
        if lt.is_empty() || !safe_href(href) {
            continue;
        }
        if let Some(pos) = rest.find(lt.as_str()) {
            out.push_str(&escape(&rest[..pos]));
            out.push_str(&format!(
                "<a href=\"{}\">{}</a>",
                escape(href.trim()),
                escape(lt)
            ));
            rest = &rest[pos + lt.len()..];
        }
    }
    out.push_str(&escape(rest));
    out
}

fn html(a: &Article) -> String {
    let mut out = String::from("<!doctype html>\n<html");
    if let Some(l) = &a.language {
        out.push_str(&format!(" lang=\"{}\"", escape(l)));
        if l == "ar" {
            out.push_str(" dir=\"rtl\"");
        }
    }
    out.push_str(">\n<head><meta charset=\"utf-8\">");
    if let Some(t) = &a.title {
        out.push_str(&format!("<title>{}</title>", escape(t)));
    }
    out.push_str("</head>\n<body>\n<article>\n");
    if let Some(t) = &a.title {
        out.push_str(&format!("<h1>{}</h1>\n", escape(t)));
    }
    if !a.highlights.is_empty() {
        out.push_str("<ul>\n");
        for h in &a.highlights {
            out.push_str(&format!("<li><strong>{}</strong></li>\n", escape(h)));
        }
        out.push_str("</ul>\n");
    }
    let mut in_list = false;
    for b in &a.blocks {
        if in_list && b.kind != BlockKind::ListItem {
            out.push_str("</ul>\n");
            in_list = false;
        }
        let body = inline_html(&b.text, &b.links);
        match b.kind {
            BlockKind::Heading => {
                let l = b.level.unwrap_or(2).clamp(2, 6);
                out.push_str(&format!("<h{l}>{body}</h{l}>\n"));
            }
            BlockKind::ListItem => {
                if !in_list {
                    out.push_str("<ul>\n");
                    in_list = true;
                }
                out.push_str(&format!("<li>{body}</li>\n"));
            }
            BlockKind::Quote => out.push_str(&format!("<blockquote><p>{body}</p></blockquote>\n")),
            BlockKind::Caption => out.push_str(&format!(
                "<figure><figcaption>{body}</figcaption></figure>\n"
            )),
            BlockKind::Code => {
                out.push_str(&format!("<pre><code>{}</code></pre>\n", escape(&b.text)))
            }
            _ => out.push_str(&format!("<p>{body}</p>\n")),
        }
    }
    if in_list {
        out.push_str("</ul>\n");
    }
    out.push_str("</article>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleBlock;

    #[test]
    fn html_output_is_sanitized() {
        let a = Article {
            title: Some("<script>alert(1)</script>".into()),
            blocks: vec![ArticleBlock {
                kind: BlockKind::Paragraph,
                text: "click me and <img onerror=x> here".into(),
                links: vec![
                    ("click me".into(), "javascript:alert(1)".into()),
                    ("here".into(), "https://example.com/?a=\"b\"".into()),
                ],
                level: None,
                index: None,
            }],
            ..Article::default()
        };
        let h = render(&a, Format::Html);
        assert!(!h.contains("<script"));
        assert!(!h.contains("javascript:"));
        assert!(!h.contains("<img"));
        assert!(h.contains("<a href=\"https://example.com/?a=&quot;b&quot;\">here</a>"));
    }

    #[test]
    fn href_schemes() {
        assert!(safe_href("https://a.b/c"));
        assert!(safe_href("/relative/path"));
        assert!(!safe_href("JaVaScRiPt:alert(1)"));
        assert!(!safe_href(" java\tscript:alert(1)"));
        assert!(!safe_href("data:text/html,x"));
    }
}
