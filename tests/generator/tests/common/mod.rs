//! Checks on generated Rust that need no compiler: it parses, it is plain text without bidirectional
//! controls, it calls nothing that
//! panics, and no two items, variants, fields, methods or parameters share a name (what `syn` cannot
//! see but rustc would refuse). Shared by `hostile_input.rs` and `generator_fuzz.rs`.

use proc_macro2::{TokenStream, TokenTree};
use std::collections::BTreeSet;

/// Every problem found in one generated file; empty when it is sound.
pub fn rust_problems(contents: &str) -> Vec<String> {
    let mut problems = test_code_problems(contents);
    let tokens: TokenStream = contents.parse().unwrap_or_default();
    panicking_tokens(tokens, &mut problems);
    problems
}

/// What is wrong with generated test code (`tests/**`), which may panic: it must parse, hold no control or
/// bidirectional characters, and declare no name twice.
pub fn test_code_problems(contents: &str) -> Vec<String> {
    let file = match syn::parse_file(contents) {
        Ok(file) => file,
        Err(error) => return vec![format!("does not parse: {error}")],
    };
    let mut problems = Vec::new();
    if let Some(c) = contents.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\t')) {
        problems.push(format!("holds the control character {c:?}"));
    }
    // rustc refuses these in comments and string literals (`text_direction_codepoint_in_literal`).
    if let Some(c) = contents.chars().find(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')) {
        problems.push(format!("holds the bidirectional control {c:?}"));
    }
    duplicate_names(&file, &mut problems);
    problems
}

/// Panicking macros and `.unwrap()`/`.expect()`, searched as tokens (inside macro bodies too), so text in
/// string literals and doc comments does not count.
fn panicking_tokens(tokens: TokenStream, found: &mut Vec<String>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (index, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Group(group) => panicking_tokens(group.stream(), found),
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                let next_is_bang = matches!(trees.get(index + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                let after_dot = index > 0 && matches!(&trees[index - 1], TokenTree::Punct(p) if p.as_char() == '.');
                let is_macro = next_is_bang
                    && matches!(
                        name.as_str(),
                        "panic" | "unreachable" | "todo" | "unimplemented" | "assert" | "assert_eq" | "assert_ne"
                    );
                let is_method = after_dot && matches!(name.as_str(), "unwrap" | "expect");
                if is_macro || is_method || name == "unsafe" {
                    found.push(format!("uses `{name}`"));
                }
            }
            _ => {}
        }
    }
}

fn unraw(ident: &syn::Ident) -> String {
    let name = ident.to_string();
    name.strip_prefix("r#").map(str::to_owned).unwrap_or(name)
}

/// Records `name` in `seen`, reporting it when it is there already.
fn claim(seen: &mut BTreeSet<String>, name: String, what: &str, found: &mut Vec<String>) {
    if !seen.insert(name.clone()) {
        found.push(format!("{what} `{name}` is defined twice"));
    }
}

fn duplicate_names(file: &syn::File, found: &mut Vec<String>) {
    let mut types = BTreeSet::new();
    let mut values = BTreeSet::new();
    let mut methods: BTreeSet<String> = BTreeSet::new();
    for item in &file.items {
        match item {
            syn::Item::Struct(s) => {
                claim(&mut types, unraw(&s.ident), "type", found);
                let mut fields = BTreeSet::new();
                for field in s.fields.iter().filter_map(|f| f.ident.as_ref()) {
                    claim(&mut fields, unraw(field), &format!("field of {}", s.ident), found);
                }
            }
            syn::Item::Enum(e) => {
                claim(&mut types, unraw(&e.ident), "type", found);
                let mut variants = BTreeSet::new();
                for variant in &e.variants {
                    claim(&mut variants, unraw(&variant.ident), &format!("variant of {}", e.ident), found);
                }
            }
            syn::Item::Type(t) => claim(&mut types, unraw(&t.ident), "type", found),
            syn::Item::Trait(t) => claim(&mut types, unraw(&t.ident), "type", found),
            syn::Item::Mod(m) => claim(&mut types, unraw(&m.ident), "module", found),
            syn::Item::Fn(f) => {
                claim(&mut values, unraw(&f.sig.ident), "function", found);
                parameters(&f.sig, found);
            }
            syn::Item::Const(c) => claim(&mut values, unraw(&c.ident), "constant", found),
            syn::Item::Static(s) => claim(&mut values, unraw(&s.ident), "static", found),
            syn::Item::Impl(i) => {
                // Methods of inherent impls share one namespace per type, across impl blocks.
                let owner = i.self_ty.as_ref();
                let owner = quote_type(owner);
                for member in &i.items {
                    if let syn::ImplItem::Fn(f) = member {
                        if i.trait_.is_none() {
                            claim(&mut methods, format!("{owner}::{}", unraw(&f.sig.ident)), "method", found);
                        }
                        parameters(&f.sig, found);
                    }
                }
            }
            _ => {}
        }
    }
}

fn quote_type(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(path) => path.path.segments.iter().map(|s| unraw(&s.ident)).collect::<Vec<_>>().join("::"),
        _ => String::from("?"),
    }
}

fn parameters(signature: &syn::Signature, found: &mut Vec<String>) {
    let mut names = BTreeSet::new();
    for input in &signature.inputs {
        if let syn::FnArg::Typed(typed) = input {
            if let syn::Pat::Ident(pattern) = typed.pat.as_ref() {
                claim(&mut names, unraw(&pattern.ident), &format!("parameter of {}", signature.ident), found);
            }
        }
    }
}
