//! Pagination: a lowered operation (and its raw `x-pagination` and response headers) in, how it pages out.
//!
//! An operation pages when its successes are one JSON type, the page, that holds an array of items (the page
//! itself, or one array member), and one way to ask for the next page is known:
//!
//! - declared, by the operation's `x-pagination` extension (the README documents it; an overlay can add it):
//!   `style` (`cursor`, `offset`, `next-url`, `link-header`), `parameter` and `in` (`query`, the default, or
//!   `body`) for a cursor or offset, `next` (a dotted member path to the next cursor or URL) and `items` (a
//!   dotted member path to the items; recognised when left out); `x-pagination: false` turns recognition off;
//! - recognised, when exactly one of these shapes is present: a cursor query parameter (`cursor`, `page_token`,
//!   `next_token`, `continuation_token`, `continue`) with a string member naming the next one in the body (at
//!   the top or one member down: `next_cursor`, `next_page_token`, `next_token`, `continuation_token`,
//!   `continue`); `offset` and `limit` query parameters, or members of the JSON request body; a string member
//!   naming the next page's URL (`next`, `next_url`, `next_link`, `next_page`, `@odata.nextLink`); a declared
//!   `Link` response header; and, only when none of those is present, a page number: integer query parameters
//!   `page` (or `page_number`) and a page size (`per_page`, `page_size`, `size`, `limit`), the first page being
//!   the `page` parameter's `minimum`, else 1.
//!
//! Every operation that pages is reported (`pagination` notes, with how), and so is one with several shapes and
//! no extension to choose, which does not page.

use super::Lowerer;
use crate::error::WarningKind;
use crate::ir::*;
use crate::pointer;
use serde_json::{Map, Value};

const CURSOR_PARAMETERS: &[&str] = &["cursor", "pagetoken", "nexttoken", "continuationtoken", "continue"];
const CURSOR_MEMBERS: &[&str] = &["nextcursor", "nextpagetoken", "nexttoken", "continuationtoken", "continue"];
const URL_MEMBERS: &[&str] = &["next", "nexturl", "nextlink", "nextpage", "odatanextlink"];
const PAGE_PARAMETERS: &[&str] = &["page", "pagenumber"];
const PAGE_SIZE_PARAMETERS: &[&str] = &["perpage", "pagesize", "size", "limit"];
const ITEM_MEMBERS: &[&str] = &["results", "items", "data", "records", "entries", "values", "events", "elements"];
const MAX_REF_HOPS: usize = 32;

/// Longer than any name in the lists above: a name longer than this, loosely, is in none of them.
const MAX_LOOSE_NAME: usize = 24;

/// Whether a name, compared loosely (lower case, only ASCII letters and digits: without `_`, `-`, `.` and `@`),
/// is one of `names` (written loosely already).
fn loosely_in(name: &str, names: &[&str]) -> bool {
    let mut loose = [0u8; MAX_LOOSE_NAME];
    let mut len = 0;
    for byte in name.bytes().filter(u8::is_ascii_alphanumeric) {
        let Some(slot) = loose.get_mut(len) else { return false };
        *slot = byte.to_ascii_lowercase();
        len += 1;
    }
    names.iter().any(|wanted| wanted.as_bytes() == &loose[..len])
}

impl Lowerer<'_> {
    /// How `lowered` pages, if it does; `raw` is the operation object it was lowered from, `declared` its
    /// `x-pagination`.
    pub(super) fn pagination(
        &mut self,
        lowered: &Operation,
        raw: &Map<String, Value>,
        declared: Option<&Value>,
    ) -> Option<Pagination> {
        let at = &lowered.pointer;
        if declared == Some(&Value::Bool(false)) {
            return None;
        }
        let page = self.page_type(lowered);
        if let Some(declared) = declared {
            let at = format!("{at}/x-pagination");
            let Some(page) = page else {
                self.note(&at, "`x-pagination` is ignored: the operation's successes are not one JSON type");
                return None;
            };
            return match self.declared(lowered, page, declared) {
                Ok(pagination) => {
                    let how = self.describe(lowered, &pagination);
                    self.note(&at, format!("pages by {how} (declared by `x-pagination`)"));
                    Some(pagination)
                }
                Err(why) => {
                    self.note(&at, format!("`x-pagination` is ignored: {why}"));
                    None
                }
            };
        }
        let page = page?;
        let mut shapes = Vec::new();
        if let Some(cursor) = self.cursor_shape(lowered, page) {
            shapes.push(cursor);
        }
        if let Some(offset) = self.offset_shape(lowered) {
            shapes.push(offset);
        }
        if let Some(token) = self.find_string(page, URL_MEMBERS) {
            shapes.push(NextPage::Url { token });
        }
        if self.declares_link(raw) {
            shapes.push(NextPage::Link);
        }
        // A page number is the fallback: an API that also links the next page (GitHub's `Link` header, whose URL
        // carries `page`) or names a cursor pages by that.
        if shapes.is_empty() {
            shapes.extend(self.page_shape(lowered));
        }
        if shapes.is_empty() {
            return None;
        }
        let (items, item) = self.items(page)?;
        if shapes.len() > 1 {
            let found: Vec<String> = shapes.iter().map(|next| self.describe_next(lowered, next)).collect();
            self.note(
                at,
                format!(
                    "does not page: several ways to the next page ({}); `x-pagination` can choose one",
                    found.join("; ")
                ),
            );
            return None;
        }
        let next = shapes.remove(0);
        let pagination = Pagination { next, items, item, declared: false };
        let how = self.describe(lowered, &pagination);
        self.note(at, format!("pages by {how} (recognised)"));
        Some(pagination)
    }

    fn note(&mut self, at: &str, message: impl Into<String>) {
        self.diagnostics.warn(WarningKind::Pagination, at, message);
    }

    /// The one JSON type of the operation's declared 2xx responses.
    fn page_type(&self, operation: &Operation) -> Option<TypeId> {
        let successes: Vec<&Response> = operation.responses.iter().filter(|r| r.status.is_success()).collect();
        let first = successes.first()?.ty?;
        successes.iter().all(|r| r.encoding == ResponseEncoding::Json && r.ty == Some(first)).then_some(first)
    }

    /// The members of a struct type, behind aliases and `Option`s.
    fn fields_of(&self, ty: TypeId) -> Option<(TypeId, &[Field])> {
        let id = self.ir.resolve(ty);
        match &self.ir.get(id).kind {
            TypeKind::Struct(s) => Some((id, &s.fields)),
            _ => None,
        }
    }

    /// A step to member `index` of struct `owner`.
    fn step(&self, owner: TypeId, index: usize, field: &Field) -> Member {
        let declared = match (field.required, field.nullable) {
            (true, false) => 0,
            (true, true) | (false, false) => 1,
            (false, true) => 2,
        };
        Member { owner, index, options: declared + u8::from(self.ir.is_option(field.ty)) }
    }

    fn is_string(&self, ty: TypeId) -> bool {
        matches!(self.ir.get(self.ir.resolve(ty)).kind, TypeKind::String(StringKind::Plain | StringKind::Uuid))
    }

    /// The one string member (at the top of `page` or one member down) whose loose name is in `names`.
    fn find_string(&self, page: TypeId, names: &[&str]) -> Option<Vec<Member>> {
        let (owner, fields) = self.fields_of(page)?;
        let mut found = Vec::new();
        for (index, field) in fields.iter().enumerate() {
            if loosely_in(&field.wire_name, names) && self.is_string(field.ty) {
                found.push(vec![self.step(owner, index, field)]);
            }
            if let Some((inner, inner_fields)) = self.fields_of(field.ty) {
                for (inner_index, inner_field) in inner_fields.iter().enumerate() {
                    if loosely_in(&inner_field.wire_name, names) && self.is_string(inner_field.ty) {
                        found.push(vec![self.step(owner, index, field), self.step(inner, inner_index, inner_field)]);
                    }
                }
            }
        }
        (found.len() == 1).then(|| found.remove(0))
    }

    /// The items of `page`: the page itself when it is an array, else its one array member (or the one with a
    /// usual name among several).
    fn items(&self, page: TypeId) -> Option<(Vec<Member>, TypeId)> {
        if let TypeKind::Array(item) = self.ir.get(self.ir.resolve(page)).kind {
            return (!self.ir.is_option(page)).then_some((Vec::new(), item));
        }
        let (owner, fields) = self.fields_of(page)?;
        let arrays: Vec<(usize, &Field, TypeId)> = fields
            .iter()
            .enumerate()
            .filter_map(|(index, field)| match self.ir.get(self.ir.resolve(field.ty)).kind {
                TypeKind::Array(item) => Some((index, field, item)),
                _ => None,
            })
            .collect();
        let chosen = match arrays.as_slice() {
            [one] => Some(one),
            several => {
                let usual: Vec<_> = several.iter().filter(|(_, f, _)| loosely_in(&f.wire_name, ITEM_MEMBERS)).collect();
                (usual.len() == 1).then(|| usual[0])
            }
        }?;
        Some((vec![self.step(owner, chosen.0, chosen.1)], chosen.2))
    }

    /// A dotted member path from `page`, and where it ends.
    fn member_path(&self, page: TypeId, path: &str) -> Result<(Vec<Member>, TypeId), String> {
        let mut steps = Vec::new();
        let mut current = page;
        for segment in path.split('.') {
            let (owner, fields) =
                self.fields_of(current).ok_or_else(|| format!("`{path}`: no member `{segment}` in a non-object"))?;
            let (index, field) = fields
                .iter()
                .enumerate()
                .find(|(_, field)| field.wire_name == segment)
                .ok_or_else(|| format!("`{path}`: the page declares no member `{segment}` there"))?;
            steps.push(self.step(owner, index, field));
            current = field.ty;
        }
        Ok((steps, current))
    }

    fn cursor_shape(&self, operation: &Operation, page: TypeId) -> Option<NextPage> {
        let parameters: Vec<&Parameter> = operation
            .parameters
            .iter()
            .filter(|p| p.location == ParamLocation::Query && !p.required)
            .filter(|p| loosely_in(&p.wire_name, CURSOR_PARAMETERS))
            .collect();
        let [parameter] = parameters.as_slice() else { return None };
        let token = self.find_string(page, CURSOR_MEMBERS)?;
        Some(NextPage::Cursor { place: PagePlace::Query(parameter.wire_name.clone()), token })
    }

    fn offset_shape(&self, operation: &Operation) -> Option<NextPage> {
        let query = |name: &str| {
            operation
                .parameters
                .iter()
                .any(|p| p.location == ParamLocation::Query && !p.required && p.wire_name == name)
        };
        if query("offset") && query("limit") {
            return Some(NextPage::Offset { place: PagePlace::Query("offset".to_owned()) });
        }
        let body = operation.body.as_ref()?.options.iter().find(|option| option.encoding == BodyEncoding::Json)?;
        let (_, fields) = self.fields_of(body.ty)?;
        let member = |name: &str| fields.iter().any(|f| f.wire_name == name && !f.required);
        (member("offset") && member("limit")).then(|| NextPage::Offset { place: PagePlace::Body("offset".to_owned()) })
    }

    /// Optional integer query parameters for a page number and a page size; the first page is the number
    /// parameter's `minimum` (0 or 1, the two numberings APIs use), else 1.
    fn page_shape(&self, operation: &Operation) -> Option<NextPage> {
        let integer = |p: &&Parameter| {
            p.location == ParamLocation::Query
                && !p.required
                && matches!(self.ir.get(self.ir.resolve(p.ty)).kind, TypeKind::Integer(_))
        };
        let numbers: Vec<&Parameter> =
            operation.parameters.iter().filter(integer).filter(|p| loosely_in(&p.wire_name, PAGE_PARAMETERS)).collect();
        let [number] = numbers.as_slice() else { return None };
        operation.parameters.iter().filter(integer).any(|p| loosely_in(&p.wire_name, PAGE_SIZE_PARAMETERS)).then(|| {
            NextPage::Page {
                place: PagePlace::Query(number.wire_name.clone()),
                first: first_page(number.rules.minimum),
            }
        })
    }

    /// Whether a success response declares a `Link` header.
    fn declares_link(&self, raw: &Map<String, Value>) -> bool {
        let Some(responses) = raw.get("responses").and_then(Value::as_object) else { return false };
        responses.iter().filter(|(status, _)| status.starts_with('2')).any(|(_, response)| {
            let response = self.quiet_deref(response);
            response
                .and_then(|r| r.get("headers"))
                .and_then(Value::as_object)
                .is_some_and(|headers| headers.keys().any(|name| name.eq_ignore_ascii_case("link")))
        })
    }

    /// Follows `$ref`s without reporting (lowering the responses reported any that break).
    fn quiet_deref<'v>(&'v self, mut value: &'v Value) -> Option<&'v Value> {
        for _ in 0..MAX_REF_HOPS {
            match value.get("$ref").and_then(Value::as_str) {
                Some(target) => value = pointer::resolve(self.document, target)?,
                None => return Some(value),
            }
        }
        None
    }

    /// The `x-pagination` extension read against the operation.
    fn declared(&self, operation: &Operation, page: TypeId, declared: &Value) -> Result<Pagination, String> {
        let object = declared.as_object().ok_or("it is not an object (or `false`)")?;
        for key in object.keys() {
            if !["style", "parameter", "in", "next", "items", "first"].contains(&key.as_str()) {
                return Err(format!("unknown key `{key}`"));
            }
        }
        let text = |key: &str| object.get(key).and_then(Value::as_str);
        let place = || -> Result<PagePlace, String> {
            let name = text("parameter").ok_or("`parameter` is missing")?.to_owned();
            match text("in").unwrap_or("query") {
                "query" => {
                    let declared = operation
                        .parameters
                        .iter()
                        .any(|p| p.location == ParamLocation::Query && p.wire_name == name && !p.required);
                    if !declared {
                        return Err(format!("the operation declares no optional query parameter `{name}`"));
                    }
                    Ok(PagePlace::Query(name))
                }
                "body" => {
                    let json = operation
                        .body
                        .as_ref()
                        .and_then(|b| b.options.iter().find(|o| o.encoding == BodyEncoding::Json));
                    let has = json
                        .and_then(|o| self.fields_of(o.ty))
                        .is_some_and(|(_, f)| f.iter().any(|f| f.wire_name == name));
                    if !has {
                        return Err(format!("the JSON request body declares no member `{name}`"));
                    }
                    Ok(PagePlace::Body(name))
                }
                other => Err(format!("`in: {other}` is neither `query` nor `body`")),
            }
        };
        let token = || -> Result<Vec<Member>, String> {
            let path = text("next").ok_or("`next` is missing")?;
            let (steps, end) = self.member_path(page, path)?;
            if !self.is_string(end) {
                return Err(format!("`{path}` is not a string"));
            }
            Ok(steps)
        };
        let next = match text("style").ok_or("`style` is missing")? {
            "cursor" => NextPage::Cursor { place: place()?, token: token()? },
            "offset" => NextPage::Offset { place: place()? },
            "page" => {
                let first = match object.get("first") {
                    None => 1,
                    Some(first) => first.as_u64().ok_or("`first` is not a whole number of 0 or more")?,
                };
                NextPage::Page { place: place()?, first }
            }
            "next-url" => NextPage::Url { token: token()? },
            "link-header" => NextPage::Link,
            other => {
                return Err(format!("`style: {other}` is not `cursor`, `offset`, `page`, `next-url` or `link-header`"));
            }
        };
        let (items, item) = match text("items") {
            Some(path) => {
                let (steps, end) = self.member_path(page, path)?;
                match self.ir.get(self.ir.resolve(end)).kind {
                    TypeKind::Array(item) => (steps, item),
                    _ => return Err(format!("`{path}` is not an array")),
                }
            }
            None => self.items(page).ok_or("`items` is missing and the page has no one array member")?,
        };
        Ok(Pagination { next, items, item, declared: true })
    }

    /// How the pages are followed, for the notes.
    fn describe(&self, operation: &Operation, pagination: &Pagination) -> String {
        let items = if pagination.items.is_empty() { "the body".to_owned() } else { self.path_text(&pagination.items) };
        format!("{}, items in {items}", self.describe_next(operation, &pagination.next))
    }

    fn describe_next(&self, _operation: &Operation, next: &NextPage) -> String {
        let place = |place: &PagePlace| match place {
            PagePlace::Query(name) => format!("query parameter `{name}`"),
            PagePlace::Body(name) => format!("body member `{name}`"),
        };
        match next {
            NextPage::Cursor { place: at, token } => format!("cursor: {} into {}", self.path_text(token), place(at)),
            NextPage::Offset { place: at } => format!("offset: {} plus the items received", place(at)),
            NextPage::Page { place: at, first } => format!("page number: {} plus one, from {first}", place(at)),
            NextPage::Url { token } => format!("next-page URL in {}", self.path_text(token)),
            NextPage::Link => "`Link: <…>; rel=\"next\"` header".to_owned(),
        }
    }

    fn path_text(&self, steps: &[Member]) -> String {
        let names: Vec<&str> = steps
            .iter()
            .map(|step| match &self.ir.get(step.owner).kind {
                TypeKind::Struct(s) => s.fields[step.index].wire_name.as_str(),
                _ => "?",
            })
            .collect();
        format!("`{}`", names.join("."))
    }
}

/// The number of the first page, from the page parameter's `minimum`: 0 when it allows 0, else 1.
fn first_page(minimum: Option<f64>) -> u64 {
    match minimum {
        Some(minimum) if minimum <= 0.0 => 0,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_loosely() {
        assert!(loosely_in("next_page_token", CURSOR_MEMBERS));
        assert!(loosely_in("@odata.nextLink", URL_MEMBERS));
        assert!(loosely_in("Per-Page", PAGE_SIZE_PARAMETERS));
        assert!(!loosely_in("next_page_token_of_the_previous_request", CURSOR_MEMBERS));
        assert!(!loosely_in("pagé", PAGE_PARAMETERS));
    }

    #[test]
    fn every_listed_name_fits_the_loose_buffer() {
        let lists =
            [CURSOR_PARAMETERS, CURSOR_MEMBERS, URL_MEMBERS, PAGE_PARAMETERS, PAGE_SIZE_PARAMETERS, ITEM_MEMBERS];
        assert!(lists.iter().flat_map(|list| list.iter()).all(|name| name.len() <= MAX_LOOSE_NAME));
    }
}
