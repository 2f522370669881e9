//! Identifiers: the Rust spelling of a name the document gives (a type, a member, a variant), keywords and
//! casing. The other naming modules claim these spellings; this one only spells.

use super::casing::{snake, upper_camel};
use super::*;
use std::borrow::Cow;

/// Whether `name` is a keyword that can be written as a raw identifier (`r#type`). A `match`, which compares
/// by length first and then a few bytes at a time, instead of a search through a list.
fn is_raw_keyword(name: &str) -> bool {
    matches!(
        name,
        "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

/// Whether `name` is a keyword that cannot be a raw identifier.
fn is_hard_keyword(name: &str) -> bool {
    matches!(name, "Self" | "_" | "crate" | "self" | "super")
}

/// Words for values made only of punctuation (`*` → `Star`, `>=` → `GtEq`).
pub(super) fn symbol_words(raw: &str) -> String {
    raw.chars()
        .map(|c| match c {
            '*' => "star ",
            '+' => "plus ",
            '-' => "minus ",
            '<' => "lt ",
            '>' => "gt ",
            '=' => "eq ",
            '!' => "not ",
            '.' => "dot ",
            '/' => "slash ",
            '@' => "at ",
            '#' => "hash ",
            '$' => "dollar ",
            '%' => "percent ",
            '&' => "and ",
            '|' => "or ",
            '~' => "tilde ",
            '?' => "question ",
            ':' => "colon ",
            ',' => "comma ",
            '_' => "underscore ",
            ' ' => "space ",
            _ => "symbol ",
        })
        .collect()
}

/// The words of a name: its ASCII letters and digits, any other character separating them, or, when it has no
/// ASCII letter or digit, the words of its symbols. Empty only when `raw` is. An ASCII name with a letter or
/// digit is its own words: casing splits at every other character anyway.
pub(super) fn ascii_words(raw: &str) -> Cow<'_, str> {
    let has_alnum = raw.bytes().any(|byte| byte.is_ascii_alphanumeric());
    if !has_alnum && !raw.is_empty() {
        return Cow::Owned(symbol_words(raw));
    }
    if raw.is_ascii() {
        return Cow::Borrowed(raw);
    }
    // Keep ASCII letters and digits; every other ASCII character separates words, and the rest are dropped.
    Cow::Owned(raw.chars().filter(char::is_ascii).map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect())
}

/// An `UpperCamel` type name: the key's words (see [`variant_ident`]), `Type` for the empty key, `T` before a
/// leading digit, `SelfType` for `Self`, shortened to [`MAX_TYPE_NAME`].
pub fn type_ident(raw: &str) -> String {
    let mut name = upper_camel(&ascii_words(raw));
    if name.is_empty() {
        name = "Type".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("T{name}");
    }
    if name == "Self" {
        name = "SelfType".to_owned();
    }
    shorten(name)
}

/// The longest type name (or operation type stem) the naming pass hands out, before a numeric suffix.
/// rustdoc writes a file per type (`struct.Name.html`), and names from deeply nested inline schemas
/// would otherwise pass the 255-byte file-name limit of common file systems.
pub const MAX_TYPE_NAME: usize = 100;

pub(super) fn shorten(mut name: String) -> String {
    let mut end = MAX_TYPE_NAME.min(name.len());
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name.truncate(end);
    name
}

/// An `UpperCamel` enum variant name: the value's words (`object.created` → `ObjectCreated`; a value without
/// ASCII letters or digits by the words of its symbols, `*` → `Star`, so no name is empty), `Empty` for the empty
/// value, `V` before a leading digit, and `SelfValue` for `Self`.
pub fn variant_ident(raw: &str) -> String {
    if raw.is_empty() {
        return "Empty".to_owned();
    }
    let mut name = upper_camel(&ascii_words(raw));
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("V{name}");
    }
    if name == "Self" {
        name = "SelfValue".to_owned();
    }
    name
}

/// The name of an untagged union's variant. A branch named only by its JSON type (`string`, `integer`) is named
/// by what sets it apart from the type's other values, when something does: its format (`DateTime`, `Date`,
/// `Uuid`) or, for a constant, the constant's value.
pub(super) fn union_variant_ident(ir: &Ir, variant: &Variant) -> String {
    const JSON_TYPES: &[&str] = &["string", "integer", "number", "boolean", "Array", "Object"];
    if !JSON_TYPES.contains(&variant.hint.as_str()) {
        return variant_ident(&variant.hint);
    }
    match &ir.get(variant.ty).kind {
        TypeKind::String(StringKind::DateTime) => "DateTime".to_owned(),
        TypeKind::String(StringKind::Date) => "Date".to_owned(),
        TypeKind::String(StringKind::Uuid) => "Uuid".to_owned(),
        TypeKind::Enum(e) if e.values.len() == 1 => variant_ident(&e.values[0].wire),
        _ => variant_ident(&variant.hint),
    }
}

/// A `snake_case` field, parameter or method name: the name's words (see [`variant_ident`]), `value` for the
/// empty name, `n` before a leading digit, raw where it is a keyword (`r#type`) and with `_` after one that
/// cannot be (`self_`).
pub fn field_ident(raw: &str) -> String {
    let mut name = snake(&ascii_words(raw));
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("n{name}");
    }
    if is_hard_keyword(&name) {
        name.push('_');
    } else if is_raw_keyword(&name) {
        name = format!("r#{name}");
    }
    name
}
