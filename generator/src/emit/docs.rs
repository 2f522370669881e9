//! Doc comments: spec prose in, `///` lines out that rustdoc renders as prose and never runs.
//!
//! Spec text is data. Indented lines are dedented (rustdoc would doctest an indented block), fenced
//! blocks become ```` ```text ```` fences, `[`/`]` are escaped (no intra-doc links), `<`/`>` are escaped
//! (no HTML), and bare URLs are wrapped in `<...>` so rustdoc links them instead of warning. A code span
//! closed on its line (Markdown's `` `name` ``, reStructuredText's ``` ``name`` ```) stays a code span, its
//! text as written.
//!
//! The generator lays doc comments out itself, as `///` lines (`doc_comment`, `doc_comment_paragraphs`,
//! `trusted_comment`), wrapped at [`WIDTH`] columns (see [`wrap`]).

use super::wrap::{code_span_end, list_marker_width, wrap};
use std::borrow::Cow;

/// `///` lines at `indent` for a description (nothing when there is none).
pub fn doc_comment(out: &mut String, indent: &str, text: Option<&str>) {
    if let Some(text) = text {
        push_comment_lines(out, indent, &sanitize(text));
    }
}

/// `///` lines at `indent` for several paragraphs, skipping absent ones.
pub fn doc_comment_paragraphs(out: &mut String, indent: &str, paragraphs: &[Option<String>]) {
    let joined: Vec<String> =
        paragraphs.iter().flatten().map(|p| sanitize(p)).filter(|p| !p.trim().is_empty()).collect();
    push_comment_lines(out, indent, &joined.join("\n\n"));
}

/// `///` lines at `indent` for text that is already safe markdown (written by the generator).
pub fn trusted_comment(out: &mut String, indent: &str, text: &str) {
    push_comment_lines(out, indent, text);
}

/// The column doc comment lines are wrapped at, counting their indentation and `/// `.
pub const WIDTH: usize = 100;

/// The narrowest text a doc line is wrapped to, however deep its indentation.
const MIN_TEXT_WIDTH: usize = 60;

fn push_comment_lines(out: &mut String, indent: &str, text: &str) {
    let width = WIDTH.saturating_sub(indent.len() + "/// ".len()).max(MIN_TEXT_WIDTH);
    for line in wrap(text, width).lines() {
        out.push_str(indent);
        out.push_str("///");
        if !line.is_empty() {
            let start = out.len();
            out.push(' ');
            push_shown(out, line);
            let kept = out[start..].trim_end_matches(' ').len();
            out.truncate(start + kept);
        }
        out.push('\n');
    }
}

/// Writes the Unicode bidirectional controls out as `\u{202e}`: rustc refuses them in doc comments
/// (`text_direction_codepoint_in_literal`), since they make source text read differently than it runs.
/// Other control characters (a NUL in an enum value, say) are written out too, so that the generated
/// file stays text.
pub fn show_text_flow_controls(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    push_shown(&mut out, line);
    out
}

/// `show_text_flow_controls`, appending to `out`.
fn push_shown(out: &mut String, line: &str) {
    // The common case, plain ASCII text without control characters, is copied as it is.
    if line.is_ascii() && !line.bytes().any(|b| b.is_ascii_control() && b != b'\t') {
        out.push_str(line);
        return;
    }
    for c in line.chars() {
        if is_shown_escaped(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
}

/// Whether [`show_text_flow_controls`] changes `line`.
pub fn has_text_flow_controls(line: &str) -> bool {
    line.chars().any(is_shown_escaped)
}

/// The characters [`show_text_flow_controls`] spells as escapes: bidi controls and other control characters but
/// the tab.
fn is_shown_escaped(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') || (c.is_control() && c != '\t')
}

/// Turns arbitrary prose into markdown that is safe for rustdoc.
pub fn sanitize(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    let mut list_indent: Option<usize> = None;
    let text: Cow<'_, str> = if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    };
    for raw in text.split('\n') {
        let line: Cow<'_, str> = if raw.chars().any(|c| c.is_control() && c != '\t') {
            Cow::Owned(raw.chars().filter(|c| !c.is_control() || *c == '\t').collect())
        } else {
            Cow::Borrowed(raw)
        };
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            out.push(if in_fence { "```".to_owned() } else { "```text".to_owned() });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.replace("```", "'''"));
            continue;
        }
        let escaped = escape_line(trimmed);
        // A line that continues a list item is indented under the item's text: markdown reads it the same
        // way, and clippy's `doc_lazy_continuation` asks for it.
        if escaped.is_empty() {
            list_indent = None;
        } else if let Some(width) = list_marker_width(&escaped) {
            list_indent = Some(width);
        } else if let Some(width) = list_indent {
            out.push(format!("{:width$}{escaped}", ""));
            continue;
        }
        out.push(escaped);
    }
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    out.join("\n")
}

fn escape_line(line: &str) -> String {
    // Most lines hold nothing to escape and no URL: they are copied as they are.
    let special = |b: u8| matches!(b, b'[' | b']' | b'<' | b'>' | b'&' | b'\\' | b'`' | b'|');
    if !line.bytes().any(special) && !line.starts_with('#') && !line.contains("http://") && !line.contains("https://") {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(url_len) = url_at(rest) {
            let url = &rest[..url_len];
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        if rest.starts_with('`') {
            if let Some(span) = code_span(rest) {
                out.push_str(&span.text);
                rest = &rest[span.consumed..];
                continue;
            }
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' => out.push_str("\\\\"),
            '`' => out.push_str("\\`"),
            '|' => out.push_str("\\|"),
            '#' if out.is_empty() => out.push_str("\\#"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A code span read at the start of `text`: the span as written, or with one backtick on each side when it holds
/// none (reStructuredText's ``` ``name`` ``` becomes `` `name` ``), and the length of text it took.
struct CodeSpan {
    text: String,
    consumed: usize,
}

/// The code span at the start of `text`, when a run of as many backticks closes it on the line and it holds
/// more than spaces.
fn code_span(text: &str) -> Option<CodeSpan> {
    let end = code_span_end(text, 0)?;
    let ticks = text.bytes().take_while(|&b| b == b'`').count();
    let inner = &text[ticks..end - ticks];
    if inner.trim().is_empty() {
        return None;
    }
    let text = if inner.contains('`') { text[..end].to_owned() } else { format!("`{inner}`") };
    Some(CodeSpan { text, consumed: end })
}

/// Length of a bare `http(s)://` URL starting at the beginning of `text`, if there is one.
fn url_at(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text
        .char_indices()
        .find(|(_, c)| {
            c.is_whitespace()
                || matches!(c, '<' | '>' | '"' | '\'' | '`' | '[' | ']' | '(' | ')' | '{' | '}' | '|' | '\\')
        })
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    (url.len() > "https://".len()).then_some(url.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_flow_controls_are_found_where_showing_them_changes_the_line() {
        for line in ["plain", "tab\there", "bell\u{7}", "rtl\u{202e}x", "isolate\u{2068}", "é and 😀", "nul\0", ""] {
            assert_eq!(has_text_flow_controls(line), show_text_flow_controls(line) != line, "{line:?}");
        }
    }

    #[test]
    fn indented_blocks_are_dedented() {
        assert_eq!(sanitize("Lifecycle:\n    1. Created\n    2. Used"), "Lifecycle:\n1. Created\n2. Used");
    }

    #[test]
    fn lines_continuing_a_list_item_are_indented_under_its_text() {
        assert_eq!(
            sanitize("Kinds:\n\n- STANDARD: a key,\nfor one org.\n- RETRIEVER: scoped.\n10. tenth\nitem\n\nAfter."),
            "Kinds:\n\n- STANDARD: a key,\n  for one org.\n- RETRIEVER: scoped.\n10. tenth\n    item\n\nAfter."
        );
        assert_eq!(sanitize("-not a list\nline"), "-not a list\nline");
        assert_eq!(sanitize("*   wide marker,\nwrapped"), "*   wide marker,\n    wrapped");
    }

    #[test]
    fn brackets_and_html_are_escaped() {
        assert_eq!(sanitize("['object.created'] <b>x</b>"), "\\['object.created'\\] &lt;b&gt;x&lt;/b&gt;");
    }

    #[test]
    fn fences_become_text() {
        assert_eq!(sanitize("```rust\nfn main() {}\n```"), "```text\nfn main() {}\n```");
        assert_eq!(sanitize("```\nunclosed"), "```text\nunclosed\n```");
    }

    #[test]
    fn code_spans_stay_code_spans() {
        assert_eq!(sanitize("Set ``dag_id`` or `run_id` <x>"), "Set `dag_id` or `run_id` &lt;x&gt;");
        assert_eq!(sanitize("a `` b`c `` d"), "a `` b`c `` d");
        assert_eq!(sanitize("kept `[x]` and `<b>`"), "kept `[x]` and `<b>`");
        // Unclosed or empty spans are text.
        assert_eq!(sanitize("one ` tick, `` ``"), "one \\` tick, \\`\\` \\`\\`");
    }

    #[test]
    fn urls_are_wrapped() {
        assert_eq!(sanitize("see https://mixpeek.com/terms."), "see <https://mixpeek.com/terms>.");
    }

    #[test]
    fn text_flow_controls_are_written_out() {
        assert_eq!(show_text_flow_controls("a\u{202e}b\u{2066}"), "a\\u{202e}b\\u{2066}");
        assert_eq!(show_text_flow_controls("nul\0\tend"), "nul\\u{0}\tend");
    }

    #[test]
    fn breakout_attempts_stay_text() {
        let text = sanitize("*/ \"] #[doc = x] \0 end");
        assert!(!text.contains('\0'));
        assert!(text.contains("\\]"));
    }
}
