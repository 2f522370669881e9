//! The pages method of an operation that pages: the first call handed to `runtime::Pages` with how to ask for the
//! next page, and the closures that find a page's items and its next cursor or URL.

use super::{OperationEmitter, code_text, line};
use crate::emit::docs::trusted_comment;
use crate::emit::literal::string_literal;
use crate::emit::types::Std;
use crate::ir::*;

impl OperationEmitter<'_> {
    /// The method that streams the pages of an operation that pages: the operation's first call handed to
    /// `runtime::Pages` with how to ask for the next page and two non-capturing functions, where a page keeps its
    /// items and where it names the next cursor or URL.
    pub(super) fn pages_method(
        &self,
        methods: &mut String,
        pagination: &Pagination,
        pages: &str,
        arguments: &[String],
        page_type: &str,
    ) {
        let op = self.operation;
        let place = |place: &PagePlace| match place {
            PagePlace::Query(name) => {
                (format!("Query({})", string_literal(name)), format!("query parameter `{}`", code_text(name)))
            }
            PagePlace::Body(name) => {
                (format!("Body({})", string_literal(name)), format!("body member `{}`", code_text(name)))
            }
        };
        let (next, how, token) = match &pagination.next {
            NextPage::Cursor { place: at, token } => {
                let (rust, text) = place(at);
                let how = format!("the cursor `{}` of each page into the {text}", self.member_text(token));
                (format!("Cursor(crate::runtime::Place::{rust})"), how, Some(token))
            }
            NextPage::Offset { place: at } => {
                let (rust, text) = place(at);
                (
                    format!("Offset(crate::runtime::Place::{rust})"),
                    format!("the {text}, advanced by the items received"),
                    None,
                )
            }
            NextPage::Page { place: at, first } => {
                let (rust, text) = place(at);
                (
                    format!("Page(crate::runtime::Place::{rust}, {first})"),
                    format!("the page number in the {text}, one more each page, from {first}"),
                    None,
                )
            }
            NextPage::Url { token } => (
                "Url".to_owned(),
                format!("the next page's URL, `{}` of each page", self.member_text(token)),
                Some(token),
            ),
            NextPage::Link => ("Link".to_owned(), "the `Link` header's `rel=\"next\"` URL".to_owned(), None),
        };
        let items = self.access(&pagination.items, "as_mut", "&mut ", "page");
        let token = match token {
            Some(token) => self.token_access(token),
            None => format!("|_| {}", self.printer.std(Std::None)),
        };
        let forwarded: Vec<&str> = arguments.iter().skip(1).filter_map(|argument| argument.split(':').next()).collect();
        let source = if pagination.declared { "declared by `x-pagination`" } else { "recognised by the generator" };
        let method = self.names.method.trim_start_matches("r#");
        methods.push('\n');
        trusted_comment(
            methods,
            "    ",
            &format!(
                "Every page of [`Client::{method}`](crate::runtime::Client::{method}), a stream that follows {how} \
                 ({source}).\n\n`.items()` streams the items one by one, `.limit(n)` caps them; an error ends the \
                 stream (see [`Pages`](crate::runtime::Pages))."
            ),
        );
        if op.deprecated {
            methods.push_str("    #[deprecated]\n");
            methods.push_str("    #[allow(deprecated)]\n");
        }
        line(
            methods,
            4,
            &format!(
                "pub fn {pages}({}) -> crate::runtime::Pages<'_, {page_type}, {}, {}> {{",
                arguments.join(", "),
                self.ty(pagination.item),
                self.names.error_type
            ),
        );
        line(
            methods,
            8,
            &format!(
                "crate::runtime::Pages::new(self.{}({}), crate::runtime::Next::{next}, {items}, {token})",
                self.names.method,
                forwarded.join(", ")
            ),
        );
        line(methods, 4, "}");
    }

    /// The member path as the document names it, for docs.
    pub(super) fn member_text(&self, steps: &[Member]) -> String {
        let names: Vec<String> = steps
            .iter()
            .map(|step| match &self.printer.ir.get(step.owner).kind {
                TypeKind::Struct(s) => code_text(&s.fields[step.index].wire_name),
                _ => String::new(),
            })
            .collect();
        names.join(".")
    }

    /// The place at the end of `steps` from `root` (`page.pagination.next_cursor`), each `Option` on the way
    /// opened with `inner` (which ends in `?`) and the last one with `last`; and whether it ends in an `Option`.
    pub(super) fn member_place(&self, steps: &[Member], root: &str, inner: &str, last: &str) -> (String, bool) {
        let mut place = root.to_owned();
        let mut wrapped = false;
        for (position, step) in steps.iter().enumerate() {
            place.push('.');
            place.push_str(self.printer.names.field(step.owner, step.index));
            let is_last = position + 1 == steps.len();
            for layer in 0..step.options {
                if is_last && layer + 1 == step.options {
                    place.push_str(last);
                    wrapped = true;
                } else {
                    place.push_str(inner);
                }
            }
        }
        (place, wrapped)
    }

    /// A closure from `page` to `Option<&mut T>` (or `&T` with `as_ref`) of the member at the end of `steps`,
    /// each `Option` on the way opened with `?`.
    pub(super) fn access(&self, steps: &[Member], open: &str, borrow: &str, root: &str) -> String {
        let (place, wrapped) = self.member_place(steps, root, &format!(".{open}()?"), &format!(".{open}()"));
        if wrapped {
            format!("|{root}| {place}")
        } else if steps.is_empty() {
            format!("|{root}| {}({root})", self.some())
        } else {
            format!("|{root}| {}({borrow}{place})", self.some())
        }
    }

    /// A closure from `page` to the `Option<&str>` at the end of `steps`.
    pub(super) fn token_access(&self, steps: &[Member]) -> String {
        let (place, wrapped) = self.member_place(steps, "page", ".as_ref()?", ".as_deref()");
        if wrapped { format!("|page| {place}") } else { format!("|page| {}({place}.as_str())", self.some()) }
    }
}
