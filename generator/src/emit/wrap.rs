//! Wrapping doc comment Markdown at a width: long prose lines in, lines of at most the width out (unless one
//! word is longer), rendered by rustdoc exactly as before.
//!
//! Only paragraph and list-item lines are wrapped. Fenced code blocks, indented code blocks, tables,
//! headings, block quotes and link reference definitions are left as they are. A line is broken only at a
//! space outside code spans and links, never where the next line would start a block of its own (a list
//! marker, a heading, a setext underline, a fence), and the lines a list item's text wraps onto are indented
//! under that text. The same text always wraps the same way.

/// `text` with every paragraph or list item that has a line longer than `width` refilled into lines of at most
/// `width` characters. Paragraphs whose lines all fit are kept as they are.
pub fn wrap(text: &str, width: usize) -> String {
    if text.lines().all(|line| line.chars().count() <= width) {
        return text.to_owned();
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / width.max(1) * 8);
    let mut fence: Option<&str> = None;
    // The indentation that continues the list item being read, while inside one.
    let mut list_indent: Option<usize> = None;
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        index += 1;
        if !out.is_empty() {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        let leading = line.len() - trimmed.len();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if let Some(marker) = ["```", "~~~"].into_iter().find(|marker| trimmed.starts_with(marker)) {
            fence = Some(marker);
            out.push_str(line);
            continue;
        }
        if trimmed.is_empty() {
            list_indent = None;
            out.push_str(line);
            continue;
        }
        let continuation = match list_marker_width(trimmed) {
            Some(marker) if leading < 4 || list_indent.is_some_and(|indent| leading >= indent) => {
                list_indent = Some(leading + marker);
                leading + marker
            }
            _ if list_indent.is_some_and(|indent| leading >= indent) => leading,
            _ if leading >= 4 || is_block_line(trimmed) => {
                out.push_str(line);
                continue;
            }
            _ => leading,
        };
        // The paragraph (or the list item's paragraph) goes on over the lines that continue it.
        let mut end = index;
        while end < lines.len() && continues(lines[end], continuation) {
            end += 1;
        }
        let paragraph = &lines[index - 1..end];
        if paragraph.iter().all(|line| line.chars().count() <= width) {
            out.push_str(&paragraph.join("\n"));
        } else {
            let words: Vec<&str> = paragraph.iter().flat_map(|line| words(line.trim_start())).collect();
            fill(&mut out, &line[..leading], &words, continuation, width);
        }
        index = end;
    }
    out
}

/// Whether `line` continues the paragraph before it, whose later lines are indented by `indent`: it is text, not
/// a blank line, a list item or another block.
fn continues(line: &str, indent: usize) -> bool {
    let trimmed = line.trim_start();
    let leading = line.len() - trimmed.len();
    !trimmed.is_empty()
        && list_marker_width(trimmed).is_none()
        && !is_block_line(trimmed)
        && !trimmed.starts_with("```")
        && !trimmed.starts_with("~~~")
        && (leading < 4 || leading <= indent)
}

/// Appends `words` (a paragraph's, the first line indented by `first_indent`) as lines of at most `width`
/// characters, the later ones indented by `indent` spaces.
fn fill(out: &mut String, first_indent: &str, words: &[&str], indent: usize, width: usize) {
    out.push_str(first_indent);
    let mut column = first_indent.len();
    let mut line_start = true;
    for word in words {
        let length = word.chars().count();
        if !line_start && column + 1 + length > width && !starts_block(word) {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            column = indent;
            line_start = true;
        }
        if !line_start {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += length;
        line_start = false;
    }
}

/// The words of a line: runs of text between spaces, where a code span or a link (`[text](target)`) is one
/// word whatever spaces it holds.
fn words(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut start = None;
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b' ' => {
                if let Some(from) = start.take() {
                    words.push(&text[from..index]);
                }
                index += 1;
                continue;
            }
            _ if start.is_none() => start = Some(index),
            _ => {}
        }
        index = match bytes[index] {
            b'\\' => index + 2,
            b'`' => code_span_end(text, index).unwrap_or_else(|| backtick_run_end(bytes, index)),
            b'[' => link_end(text, index).unwrap_or(index + 1),
            _ => index + 1,
        }
        .min(bytes.len());
    }
    if let Some(from) = start {
        words.push(&text[from..]);
    }
    words
}

fn backtick_run_end(bytes: &[u8], from: usize) -> usize {
    from + bytes[from..].iter().take_while(|&&b| b == b'`').count()
}

/// Where the code span opening at `from` (a run of backticks) ends: just after a run of as many backticks.
pub fn code_span_end(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let open_end = backtick_run_end(bytes, from);
    let length = open_end - from;
    let mut index = open_end;
    while index < bytes.len() {
        if bytes[index] == b'`' {
            let end = backtick_run_end(bytes, index);
            if end - index == length {
                return Some(end);
            }
            index = end;
        } else {
            index += 1;
        }
    }
    None
}

/// Where the inline link opening at `from` (`[text](target)`, brackets balanced, escapes skipped) ends.
fn link_end(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut index = from;
    let close = loop {
        match bytes.get(index)? {
            b'\\' => index += 2,
            b'`' => index = code_span_end(text, index).unwrap_or_else(|| backtick_run_end(bytes, index)),
            b'[' => {
                depth += 1;
                index += 1;
            }
            b']' => {
                depth -= 1;
                index += 1;
                if depth == 0 {
                    break index;
                }
            }
            _ => index += 1,
        }
    };
    if bytes.get(close) != Some(&b'(') {
        return None;
    }
    let target_end = close + text[close..].find(')')? + 1;
    Some(target_end)
}

/// Where the text of a Markdown list item starts (`- `, `* `, `+ `, `1. `, `1) `, and the spaces after the
/// marker, one when there are five or more), or `None` when `line` is not a list item.
pub fn list_marker_width(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let marker = match bytes.first() {
        Some(b'-' | b'*' | b'+') => 1,
        _ => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let numbered = (1..=9).contains(&digits) && matches!(bytes.get(digits), Some(b'.' | b')'));
            if !numbered {
                return None;
            }
            digits + 1
        }
    };
    let spaces = bytes[marker..].iter().take_while(|&&b| b == b' ').count();
    match spaces {
        0 => None,
        1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// Whether a line (without its indentation) is a block that is not wrapped: a heading, a table row, a block
/// quote, an HTML block (not an autolink) or a link reference definition.
fn is_block_line(trimmed: &str) -> bool {
    trimmed.starts_with('#')
        || trimmed.starts_with('|')
        || trimmed.starts_with('>')
        || (trimmed.starts_with('<') && !trimmed.starts_with("<http"))
        || (trimmed.starts_with('[') && trimmed.contains("]:"))
}

/// Whether a word at the start of a line would make that line a block of its own rather than the paragraph's
/// next line: a list marker, a heading, a setext underline or thematic break, a fence, a block quote or a table.
fn starts_block(word: &str) -> bool {
    let bytes = word.as_bytes();
    let all = |b: u8| !bytes.is_empty() && bytes.iter().all(|&c| c == b);
    matches!(word, "-" | "*" | "+")
        || all(b'=')
        || all(b'-')
        || all(b'*')
        || all(b'_')
        || word.starts_with('#')
        || word.starts_with('>')
        || word.starts_with('|')
        || word.starts_with("```")
        || word.starts_with("~~~")
        || {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            (1..=9).contains(&digits) && digits + 1 == bytes.len() && matches!(bytes[digits], b'.' | b')')
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, width: usize, expected: &str) {
        assert_eq!(wrap(text, width), expected);
    }

    #[test]
    fn long_paragraph_lines_are_filled() {
        check("one two three four five six", 10, "one two\nthree four\nfive six");
        check("short\n\nlines stay", 10, "short\n\nlines stay");
    }

    #[test]
    fn a_paragraph_with_a_long_line_is_refilled_whole() {
        check("one two three four five\nsix\n\nseven\neight", 10, "one two\nthree four\nfive six\n\nseven\neight");
        check("fits\nfits too", 10, "fits\nfits too");
    }

    #[test]
    fn list_items_wrap_under_their_text() {
        check(
            "- alpha beta gamma delta\n10. one two three four",
            12,
            "- alpha beta\n  gamma\n  delta\n10. one two\n    three\n    four",
        );
        check("- item\n  continued line here", 12, "- item\n  continued\n  line here");
    }

    #[test]
    fn code_blocks_tables_headings_and_definitions_are_kept() {
        let fenced = "```text\na very long line inside a fence stays whole\n```";
        check(fenced, 10, fenced);
        let table = "| a long table cell | another long cell |\n| --- | --- |";
        check(table, 10, table);
        check("# A heading that is long", 10, "# A heading that is long");
        check("[label]: https://example.com/a/long/target", 10, "[label]: https://example.com/a/long/target");
        check("    indented code that is long", 10, "    indented code that is long");
    }

    #[test]
    fn code_spans_and_links_are_never_broken() {
        check("see `a b c d` and [`X y`](crate::X) now", 8, "see\n`a b c d`\nand\n[`X y`](crate::X)\nnow");
        check("an \\` escaped tick", 8, "an \\`\nescaped\ntick");
    }

    #[test]
    fn a_paragraph_starting_with_a_link_is_wrapped() {
        check("<https://example.com> is the home page", 12, "<https://example.com>\nis the home\npage");
        check("<div> is html", 5, "<div> is html");
    }

    #[test]
    fn no_line_starts_a_block() {
        // Breaking before `-`, `1.` or `#` would make a list item or a heading of the next line.
        check("range a - b and 1. c", 7, "range a -\nb and 1.\nc");
        check("sum is ==== total # x", 6, "sum is ====\ntotal #\nx");
    }
}
