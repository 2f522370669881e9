//! Rust string literals for text from the document (wire names, templates, media types): printable ASCII without
//! `"` or `\` as it stands, anything else escaped by proc-macro2, so a literal reads the same either way. Escaping
//! one `char` at a time was a tenth of laying out a model with thousands of members.

use proc_macro2::Literal;

/// `text` as a Rust string literal, quotes included.
pub fn string_literal(text: &str) -> String {
    if text.bytes().all(|byte| matches!(byte, b' '..=b'~') && byte != b'"' && byte != b'\\') {
        let mut literal = String::with_capacity(text.len() + 2);
        literal.push('"');
        literal.push_str(text);
        literal.push('"');
        return literal;
    }
    Literal::string(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_read_as_proc_macro2_writes_them() {
        let singles = (0u32..0x250).chain([0x200b, 0x202e, 0xfeff, 0x1f600]).filter_map(char::from_u32);
        let mut texts: Vec<String> = singles.map(String::from).collect();
        texts.extend(
            ["", "a b", "it's", "say \"hi\"", "a\\b", "\u{0}7", "line\nbreak", "tab\there", "~/{x}"].map(String::from),
        );
        // Pairs of interesting characters, where an escape could depend on its neighbour (`\0` before a digit).
        let interesting = ['a', '0', '7', '8', '\0', '"', '\'', '\\', '\n', ' ', '~', '\u{7f}', 'é', '\u{301}'];
        for first in interesting {
            for second in interesting {
                texts.push([first, second].iter().collect());
            }
        }
        for text in texts {
            assert_eq!(string_literal(&text), Literal::string(&text).to_string(), "{text:?}");
        }
    }
}
