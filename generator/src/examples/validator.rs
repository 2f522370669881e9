//! A small JSON Schema validator for the normalized dialect: an instance and its schema in, the reasons it
//! fails out (bounded by depth and a step budget).

use super::*;

/// One reason an instance fails its schema, at a JSON pointer inside the example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Failure {
    pub(super) path: String,
    pub(super) reason: String,
}

/// Collects failures up to a capacity; a full sink tells the validator to stop early.
pub(super) struct Sink {
    pub(super) failures: Vec<Failure>,
    pub(super) capacity: usize,
}

impl Sink {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Sink { failures: Vec::new(), capacity }
    }

    pub(super) fn push(&mut self, path: &Path<'_>, reason: String) {
        if self.failures.len() < self.capacity {
            self.failures.push(Failure { path: path.render(), reason });
        }
    }

    pub(super) fn is_full(&self) -> bool {
        self.failures.len() >= self.capacity
    }

    pub(super) fn is_empty(&self) -> bool {
        self.failures.is_empty()
    }
}

/// The place inside an example being validated, rendered as a JSON pointer only when a failure needs it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    pub(super) fn render(&self) -> String {
        let mut tokens = Vec::new();
        let mut current = self;
        loop {
            match current {
                Path::Root => break,
                Path::Key(parent, key) => {
                    tokens.push((*key).to_owned());
                    current = parent;
                }
                Path::Index(parent, index) => {
                    tokens.push(index.to_string());
                    current = parent;
                }
            }
        }
        if tokens.is_empty() {
            return "(root)".to_owned();
        }
        tokens.iter().rev().fold(String::new(), |out, token| pointer::push(&out, token))
    }
}

/// A JSON Schema validator for the normalized dialect, with a regex cache shared by all examples of one document.
pub(super) struct Validator<'d> {
    pub(super) root: &'d Value,
    pub(super) regexes: BTreeMap<String, Option<Regex>>,
    /// The `$ref` targets being applied, each with the instance it is applied to, to cut cycles short.
    pub(super) active: Vec<(*const Value, *const Value)>,
    /// Property names declared by the parts of an enclosing `allOf`, for the object they are applied to.
    pub(super) merged: Vec<(*const Map<String, Value>, Vec<&'d str>)>,
    pub(super) steps: usize,
    pub(super) exhausted: bool,
}

impl<'d> Validator<'d> {
    pub(super) fn new(root: &'d Value) -> Self {
        Validator { root, regexes: BTreeMap::new(), active: Vec::new(), merged: Vec::new(), steps: 0, exhausted: false }
    }

    /// The first few reasons `instance` fails `schema`, or none when it passes or the check ran out of budget.
    pub(super) fn reasons(&mut self, schema: &'d Value, instance: &Value) -> Vec<Failure> {
        self.steps = 0;
        self.exhausted = false;
        self.active.clear();
        self.merged.clear();
        let mut sink = Sink::with_capacity(MAX_REASONS + 1);
        self.validate(schema, instance, &Path::Root, 0, &mut sink);
        if self.exhausted { Vec::new() } else { sink.failures }
    }

    /// Whether `instance` passes `schema`, stopping at the first failure.
    pub(super) fn passes(&mut self, schema: &'d Value, instance: &Value, path: &Path<'_>, depth: usize) -> bool {
        let mut sink = Sink::with_capacity(1);
        self.validate(schema, instance, path, depth, &mut sink);
        sink.is_empty()
    }

    pub(super) fn validate(
        &mut self,
        schema: &'d Value,
        instance: &Value,
        path: &Path<'_>,
        depth: usize,
        sink: &mut Sink,
    ) {
        self.steps += 1;
        if self.steps > STEP_BUDGET {
            self.exhausted = true;
        }
        if self.exhausted || depth > MAX_DEPTH || sink.is_full() {
            return;
        }
        let object = match schema {
            Value::Bool(false) => {
                sink.push(path, "no value is allowed here".to_owned());
                return;
            }
            Value::Object(object) => object,
            _ => return,
        };
        if instance.is_null() && object.get("nullable") == Some(&Value::Bool(true)) {
            return;
        }
        if let Some(Value::String(reference)) = object.get("$ref") {
            self.reference(reference, instance, path, depth, sink);
        }
        if !type_and_enum(object, instance, path, sink) {
            return;
        }
        match instance {
            Value::String(text) => self.string(object, text, path, sink),
            Value::Number(number) => number_keywords(object, number, path, sink),
            Value::Array(items) => self.array(object, items, path, depth, sink),
            Value::Object(members) => self.object(object, members, path, depth, sink),
            Value::Null | Value::Bool(_) => {}
        }
        self.combinators(object, instance, path, depth, sink);
    }

    pub(super) fn reference(
        &mut self,
        reference: &str,
        instance: &Value,
        path: &Path<'_>,
        depth: usize,
        sink: &mut Sink,
    ) {
        let Some(target) = pointer::resolve(self.root, reference) else { return };
        let key = (std::ptr::from_ref(target), std::ptr::from_ref(instance));
        if self.active.contains(&key) {
            return;
        }
        self.active.push(key);
        self.validate(target, instance, path, depth + 1, sink);
        self.active.pop();
    }

    pub(super) fn string(&mut self, object: &Map<String, Value>, text: &str, path: &Path<'_>, sink: &mut Sink) {
        let has_length = object.contains_key("minLength") || object.contains_key("maxLength");
        let length = if has_length { text.chars().count() } else { 0 };
        if let Some(minimum) = object.get("minLength").and_then(as_count) {
            if length < minimum {
                sink.push(path, format!("{} is shorter than {minimum} characters", describe_str(text)));
            }
        }
        if let Some(maximum) = object.get("maxLength").and_then(as_count) {
            if length > maximum {
                sink.push(path, format!("{} is longer than {maximum} characters", describe_str(text)));
            }
        }
        if let Some(Value::String(pattern)) = object.get("pattern") {
            if self.is_match(pattern, text) == Some(false) {
                sink.push(
                    path,
                    format!("{} does not match pattern \"{}\"", describe_str(text), shorten(pattern.clone())),
                );
            }
        }
        match object.get("format").and_then(Value::as_str) {
            Some("date-time") if !is_date_time(text) => {
                sink.push(path, format!("{} is not a valid RFC 3339 date-time", describe_str(text)));
            }
            Some("date") if !is_date(text) => {
                sink.push(path, format!("{} is not a valid RFC 3339 full-date", describe_str(text)));
            }
            _ => {}
        }
    }

    pub(super) fn array(
        &mut self,
        object: &'d Map<String, Value>,
        items: &[Value],
        path: &Path<'_>,
        depth: usize,
        sink: &mut Sink,
    ) {
        if let Some(minimum) = object.get("minItems").and_then(as_count) {
            if items.len() < minimum {
                sink.push(path, format!("has {} items, fewer than the minimum {minimum}", items.len()));
            }
        }
        if let Some(maximum) = object.get("maxItems").and_then(as_count) {
            if items.len() > maximum {
                sink.push(path, format!("has {} items, more than the maximum {maximum}", items.len()));
            }
        }
        // Uniqueness is compared pairwise, so very long arrays are not checked.
        if object.get("uniqueItems") == Some(&Value::Bool(true)) && items.len() <= MAX_UNIQUE_ITEMS {
            if let Some((first, second)) = first_duplicate(items) {
                sink.push(path, format!("items {first} and {second} are equal but the items must be unique"));
            }
        }
        let prefix = match object.get("prefixItems") {
            Some(Value::Array(prefix)) => prefix.as_slice(),
            _ => &[],
        };
        for (index, (item, schema)) in items.iter().zip(prefix).enumerate() {
            self.validate(schema, item, &Path::Index(path, index), depth + 1, sink);
        }
        let rest = match object.get("items") {
            Some(schema) => Some(schema),
            None if !prefix.is_empty() => object.get("additionalItems"),
            None => None,
        };
        if let Some(schema) = rest {
            for (index, item) in items.iter().enumerate().skip(prefix.len()) {
                if sink.is_full() {
                    return;
                }
                self.validate(schema, item, &Path::Index(path, index), depth + 1, sink);
            }
        }
        if let Some(schema) = object.get("contains") {
            if !items
                .iter()
                .enumerate()
                .any(|(index, item)| self.passes(schema, item, &Path::Index(path, index), depth + 1))
            {
                sink.push(path, "no item matches the `contains` schema".to_owned());
            }
        }
    }

    pub(super) fn object(
        &mut self,
        object: &'d Map<String, Value>,
        members: &Map<String, Value>,
        path: &Path<'_>,
        depth: usize,
        sink: &mut Sink,
    ) {
        if let Some(minimum) = object.get("minProperties").and_then(as_count) {
            if members.len() < minimum {
                sink.push(path, format!("has {} properties, fewer than the minimum {minimum}", members.len()));
            }
        }
        if let Some(maximum) = object.get("maxProperties").and_then(as_count) {
            if members.len() > maximum {
                sink.push(path, format!("has {} properties, more than the maximum {maximum}", members.len()));
            }
        }
        let properties = object.get("properties").and_then(Value::as_object);
        if let Some(Value::Array(required)) = object.get("required") {
            for name in required.iter().filter_map(Value::as_str) {
                if members.contains_key(name) {
                    continue;
                }
                let schema = properties.and_then(|p| p.get(name));
                if schema.is_some_and(|s| self.is_read_or_write_only(s)) {
                    continue;
                }
                sink.push(path, format!("missing required property {}", describe_str(name)));
            }
        }
        let patterns = object.get("patternProperties").and_then(Value::as_object);
        let additional = object.get("additionalProperties");
        for (name, value) in members {
            if sink.is_full() {
                return;
            }
            let member_path = Path::Key(path, name);
            let mut covered = false;
            if let Some(schema) = properties.and_then(|p| p.get(name)) {
                covered = true;
                self.validate(schema, value, &member_path, depth + 1, sink);
            }
            for (pattern, schema) in patterns.into_iter().flatten() {
                match self.is_match(pattern, name) {
                    Some(true) => {
                        covered = true;
                        self.validate(schema, value, &member_path, depth + 1, sink);
                    }
                    Some(false) => {}
                    // A pattern the regex engine cannot read might match: never call the property additional.
                    None => covered = true,
                }
            }
            if !covered && additional.is_some() {
                let here = std::ptr::from_ref(members);
                covered = self.merged.iter().any(|(at, names)| *at == here && names.contains(&name.as_str()));
            }
            match additional {
                Some(Value::Bool(false)) if !covered => {
                    sink.push(path, format!("unexpected property {}", describe_str(name)));
                }
                Some(schema @ Value::Object(_)) if !covered => {
                    self.validate(schema, value, &member_path, depth + 1, sink);
                }
                _ => {}
            }
        }
        if let Some(schema) = object.get("propertyNames") {
            for name in members.keys() {
                let key = Value::String(name.clone());
                if !self.passes(schema, &key, path, depth + 1) {
                    sink.push(path, format!("property name {} is not allowed by `propertyNames`", describe_str(name)));
                }
            }
        }
    }

    pub(super) fn combinators(
        &mut self,
        object: &'d Map<String, Value>,
        instance: &Value,
        path: &Path<'_>,
        depth: usize,
        sink: &mut Sink,
    ) {
        if let Some(Value::Array(parts)) = object.get("allOf") {
            // Generators merge `allOf` parts into one type, so a property one part declares is not additional
            // to another part that forbids additional properties.
            let merged = match instance {
                Value::Object(members) if parts.len() > 1 => {
                    let mut names = Vec::new();
                    for part in parts {
                        self.declared_names(part, &mut names, 0);
                    }
                    self.merged.push((std::ptr::from_ref(members), names));
                    true
                }
                _ => false,
            };
            for part in parts {
                self.validate(part, instance, path, depth + 1, sink);
            }
            if merged {
                self.merged.pop();
            }
        }
        if let Some(Value::Array(branches)) = object.get("anyOf") {
            if !branches.is_empty() && !branches.iter().any(|branch| self.passes(branch, instance, path, depth + 1)) {
                sink.push(path, "matches none of the anyOf branches".to_owned());
            }
        }
        if let Some(Value::Array(branches)) = object.get("oneOf") {
            self.one_of(object, branches, instance, path, depth, sink);
        }
        if let Some(schema) = object.get("not") {
            if self.passes(schema, instance, path, depth + 1) && !self.exhausted {
                sink.push(path, "matches the schema under `not`".to_owned());
            }
        }
    }

    pub(super) fn one_of(
        &mut self,
        object: &'d Map<String, Value>,
        branches: &'d [Value],
        instance: &Value,
        path: &Path<'_>,
        depth: usize,
        sink: &mut Sink,
    ) {
        if branches.is_empty() {
            return;
        }
        let discriminator = object.get("discriminator");
        if let Some(branch) = discriminator.and_then(|d| self.discriminated_branch(d, branches, instance)) {
            self.validate(branch, instance, path, depth + 1, sink);
            return;
        }
        let mut matched = Vec::new();
        for (index, branch) in branches.iter().enumerate() {
            if self.passes(branch, instance, path, depth + 1) {
                matched.push(index);
                if matched.len() > 1 {
                    break;
                }
            }
        }
        if matched.is_empty() {
            sink.push(path, "matches none of the oneOf branches".to_owned());
        } else if matched.len() > 1 && discriminator.is_none() {
            let listed: Vec<String> = matched.iter().map(usize::to_string).collect();
            sink.push(path, format!("matches oneOf branches {} but must match exactly one", listed.join(" and ")));
        }
    }

    /// The branch a discriminator selects: by its `mapping`, else by the tags lowering gives the branches
    /// (`discriminator::branch_tags`: the values a branch lists for the property, else its schema name).
    pub(super) fn discriminated_branch(
        &self,
        discriminator: &'d Value,
        branches: &'d [Value],
        instance: &Value,
    ) -> Option<&'d Value> {
        let property = discriminator.get("propertyName")?.as_str()?;
        let tag = instance.get(property)?.as_str()?;
        if let Some(target) = discriminator.get("mapping").and_then(|m| m.get(tag)).and_then(Value::as_str) {
            let reference =
                if target.starts_with('#') { target.to_owned() } else { pointer::push("#/components/schemas", target) };
            return branches
                .iter()
                .find(|b| b.get("$ref").and_then(Value::as_str) == Some(reference.as_str()))
                .or_else(|| pointer::resolve(self.root, &reference));
        }
        match crate::discriminator::branch_tags(self.root, discriminator.as_object()?, branches) {
            Some(tags) => branches.iter().zip(tags).find(|(_, tags)| tags.iter().any(|t| t == tag)).map(|(b, _)| b),
            None => branches.iter().find(|branch| {
                branch
                    .get("$ref")
                    .and_then(Value::as_str)
                    .is_some_and(|r| pointer::unescape(pointer::last_token(r)) == tag)
            }),
        }
    }

    /// Whether a property schema, or the schema its `$ref` names, is `readOnly` or `writeOnly`.
    pub(super) fn is_read_or_write_only(&self, schema: &Value) -> bool {
        let flagged =
            |s: &Value| s.get("readOnly") == Some(&Value::Bool(true)) || s.get("writeOnly") == Some(&Value::Bool(true));
        if flagged(schema) {
            return true;
        }
        let target = schema.get("$ref").and_then(Value::as_str).and_then(|r| pointer::resolve(self.root, r));
        target.is_some_and(flagged)
    }

    /// Collects the property names `schema` declares, through `$ref` and the combinators.
    pub(super) fn declared_names(&self, schema: &'d Value, names: &mut Vec<&'d str>, depth: usize) {
        if depth > 16 {
            return;
        }
        if let Some(target) = schema.get("$ref").and_then(Value::as_str).and_then(|r| pointer::resolve(self.root, r)) {
            self.declared_names(target, names, depth + 1);
        }
        if let Some(Value::Object(properties)) = schema.get("properties") {
            names.extend(properties.keys().map(String::as_str));
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(parts)) = schema.get(key) {
                for part in parts {
                    self.declared_names(part, names, depth + 1);
                }
            }
        }
    }

    /// Follows `$ref` from `schema` to the schema that has content, or returns the last one found.
    pub(super) fn resolve_refs(&self, schema: &'d Value) -> &'d Value {
        let mut current = schema;
        for _ in 0..16 {
            match current.get("$ref").and_then(Value::as_str).and_then(|r| pointer::resolve(self.root, r)) {
                Some(target) if current.get("type").is_none() => current = target,
                _ => break,
            }
        }
        current
    }

    /// Whether `text` matches `pattern` (a search, not anchored), or `None` when the regex engine cannot read it.
    pub(super) fn is_match(&mut self, pattern: &str, text: &str) -> Option<bool> {
        if !self.regexes.contains_key(pattern) {
            self.regexes.insert(pattern.to_owned(), Regex::new(pattern).ok());
        }
        self.regexes.get(pattern)?.as_ref().map(|regex| regex.is_match(text))
    }
}
