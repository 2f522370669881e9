//! JSON pointers (RFC 6901): building them while walking a document, and resolving local `$ref`s.

use serde_json::Value;

/// Appends one reference token to a pointer, escaping `~` and `/`.
pub fn push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    append_token(&mut out, token);
    out
}

/// Appends `/` and `token`, escaping `~` and `/`.
fn append_token(out: &mut String, token: &str) {
    out.push('/');
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            _ => out.push(c),
        }
    }
}

/// A JSON pointer a walk lengthens as it descends and shortens as it returns: one buffer for the whole walk
/// instead of a new string per step, since most pointers of a walk are never shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    text: String,
}

/// The length of a [`Cursor`] before a step down, which [`Cursor::leave`] returns it to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use = "a step down is left by passing its mark to `Cursor::leave`"]
pub struct Mark(usize);

impl Cursor {
    /// A cursor at `pointer` (such as `#` or `#/components/schemas/Pet`).
    pub fn new(pointer: &str) -> Self {
        Cursor { text: pointer.to_owned() }
    }

    /// Where the walk is.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Steps down to the member `token` (escaped as a reference token).
    pub fn enter(&mut self, token: &str) -> Mark {
        let mark = Mark(self.text.len());
        append_token(&mut self.text, token);
        mark
    }

    /// Steps down to the item `index`.
    pub fn enter_index(&mut self, index: usize) -> Mark {
        let mark = Mark(self.text.len());
        self.text.push('/');
        // `write!` into a `String` cannot fail.
        let _ = std::fmt::Write::write_fmt(&mut self.text, format_args!("{index}"));
        mark
    }

    /// Returns to where the walk was before the step that gave `mark`.
    pub fn leave(&mut self, mark: Mark) {
        self.text.truncate(mark.0);
    }

    /// The pointer where the walk was before the step that gave `mark` (a prefix of this one).
    pub fn before(&self, mark: Mark) -> &str {
        &self.text[..mark.0]
    }
}

/// Resolves a local reference such as `#/components/schemas/Pet` against the document root.
pub fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let fragment = reference.strip_prefix('#')?;
    if fragment.contains(['%', '~']) {
        return root.pointer(&percent_decode(fragment));
    }
    // Without escapes, the tokens are walked in place: `Value::pointer` copies each one to unescape it.
    if fragment.is_empty() {
        return Some(root);
    }
    fragment.strip_prefix('/')?.split('/').try_fold(root, |target, token| match target {
        Value::Object(members) => members.get(token),
        Value::Array(items) => array_index(token).and_then(|index| items.get(index)),
        _ => None,
    })
}

/// `$ref` hops followed in a row before a chain is taken as broken (a cycle, or hostile input).
pub const MAX_REF_HOPS: usize = 32;

/// `start` and each value its `$ref` chain leads to, in order, ending where a `$ref` does not resolve or after
/// [`MAX_REF_HOPS`] hops.
pub fn ref_chain<'a>(root: &'a Value, start: &'a Value) -> impl Iterator<Item = &'a Value> {
    std::iter::successors(Some(start), move |current| {
        current.get("$ref").and_then(Value::as_str).and_then(|reference| resolve(root, reference))
    })
    .take(MAX_REF_HOPS + 1)
}

/// The value a `$ref` chain from `start` ends at (`start` itself without a `$ref`); `None` when the chain
/// breaks or is too long.
pub fn follow_refs<'a>(root: &'a Value, start: &'a Value) -> Option<&'a Value> {
    ref_chain(root, start).find(|value| value.get("$ref").is_none())
}

/// An array index as `Value::pointer` reads one: digits, no sign, no leading zero.
fn array_index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

/// Decodes `%XX` escapes, which may appear in URI-fragment references.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'%' {
            let hex = text.get(index + 1..index + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(decoded) = hex {
                out.push(decoded);
                index += 3;
                continue;
            }
        }
        out.push(byte);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The last reference token of a pointer, unescaped (`#/components/schemas/a~1b` → `a/b`).
pub fn last_token(pointer: &str) -> &str {
    pointer.rsplit('/').next().unwrap_or(pointer)
}

/// Unescapes one reference token.
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_escapes_slash_and_tilde() {
        assert_eq!(push("#/paths", "/a/{b}~"), "#/paths/~1a~1{b}~0");
    }

    #[test]
    fn resolve_agrees_with_value_pointer() {
        let doc = serde_json::json!({"a": [{"b": 1}, 2], "": {"": 3}, "0": {"01": 4}});
        for fragment in
            ["", "/", "//", "/a", "/a/0/b", "/a/1", "/a/01", "/a/+1", "/a/2", "/0/01", "/a/", "x", "/a/0/b/c"]
        {
            assert_eq!(resolve(&doc, &format!("#{fragment}")), doc.pointer(fragment), "{fragment:?}");
        }
    }

    #[test]
    fn resolve_handles_escapes_and_percent() {
        let doc = serde_json::json!({"paths": {"/a b": {"x": 1}}});
        assert_eq!(resolve(&doc, "#/paths/~1a%20b/x"), Some(&serde_json::json!(1)));
        assert_eq!(resolve(&doc, "#/missing"), None);
        assert_eq!(resolve(&doc, "other.yaml#/a"), None);
    }

    #[test]
    fn truncated_percent_escape_is_kept() {
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("a%"), "a%");
    }

    #[test]
    fn ref_chains_end_at_the_named_value_or_break() {
        let root = serde_json::json!({"a": {"$ref": "#/b"}, "b": {"$ref": "#/c"}, "c": {"type": "string"},
            "loop": {"$ref": "#/loop"}, "dangling": {"$ref": "#/nowhere"}});
        assert_eq!(follow_refs(&root, &root["a"]), Some(&root["c"]));
        assert_eq!(ref_chain(&root, &root["a"]).count(), 3);
        assert_eq!(follow_refs(&root, &root["loop"]), None);
        assert_eq!(ref_chain(&root, &root["loop"]).count(), MAX_REF_HOPS + 1);
        assert_eq!(follow_refs(&root, &root["dangling"]), None);
    }
}
