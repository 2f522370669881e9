//! Parse: spec text (JSON or YAML) in, a `serde_json::Value` document out, or an error with line:column.
//!
//! JSON is read with serde_json (YAML parsers reject JSON's surrogate-pair escapes). YAML is read with
//! serde_yaml (YAML 1.2 core schema, so an unquoted `y` stays a string) and converted, turning non-string
//! mapping keys such as Asana's integer response codes into strings.

use crate::error::{Error, Location};
use serde_json::Value;

/// Inputs larger than this are refused before parsing.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Parses a document, choosing JSON when the first meaningful character is `{` and YAML otherwise.
pub fn parse_document(file: &str, text: &str) -> Result<Value, Error> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(Error::new(
            Location::File { file: file.to_owned() },
            format!("document is {} bytes, more than the limit of {MAX_INPUT_BYTES}", text.len()),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::new(Location::File { file: file.to_owned() }, "document is empty"));
    }
    if text.trim_start().starts_with('{') { parse_json(file, text) } else { parse_yaml(file, text) }
}

fn parse_json(file: &str, text: &str) -> Result<Value, Error> {
    match read_json(file, text) {
        // serde_json refuses a number beyond `f64` (`1e400`); such numbers are read as strings of their digits,
        // as serde_yaml reads them, and whatever takes a number there reports them. Quoting adds no line, so a
        // later error keeps its line (its column moves by two for each number quoted before it on that line).
        Err(error) if error.message.contains("number out of range") => match quote_huge_numbers(text) {
            Some(quoted) => read_json(file, &quoted),
            None => Err(error),
        },
        result => result,
    }
}

fn read_json(file: &str, text: &str) -> Result<Value, Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde::de::DeserializeSeed::deserialize(UniqueKeys, &mut deserializer);
    value.and_then(|value| deserializer.end().map(|()| value)).map_err(|error| {
        let message = error.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
        Error::new(
            Location::Text { file: file.to_owned(), line: error.line(), column: error.column() },
            format!("invalid JSON: {message}"),
        )
    })
}

/// The JSON text with every number beyond the range of `f64` quoted, or `None` when it has none.
fn quote_huge_numbers(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let (mut copied, mut at, mut quoted) = (0, 0, false);
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                at += 1;
                while at < bytes.len() && bytes[at] != b'"' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
                at += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = at;
                at += 1;
                while at < bytes.len() && matches!(bytes[at], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') {
                    at += 1;
                }
                let token = &text[start..at];
                if token.parse::<f64>().is_ok_and(f64::is_infinite) {
                    out.push_str(&text[copied..start]);
                    out.push('"');
                    out.push_str(token);
                    out.push('"');
                    copied = at;
                    quoted = true;
                }
            }
            _ => at += 1,
        }
    }
    out.push_str(&text[copied..]);
    quoted.then_some(out)
}

/// Reads a JSON value like `serde_json::Value` does, but refuses an object that repeats a key (which
/// serde_json would resolve silently by keeping the last), as the YAML parser does.
struct UniqueKeys;

impl<'de> serde::de::DeserializeSeed<'de> for UniqueKeys {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for UniqueKeys {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(UniqueKeys)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(serde::de::Error::custom(format_args!("duplicate key {key:?} in an object")));
            }
            let value = map.next_value_seed(UniqueKeys)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

fn parse_yaml(file: &str, text: &str) -> Result<Value, Error> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde::de::DeserializeSeed::deserialize(YamlValue, deserializer).map_err(|error| {
        let location = match error.location() {
            Some(at) => Location::Text { file: file.to_owned(), line: at.line(), column: at.column() },
            None => Location::File { file: file.to_owned() },
        };
        let message = error.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
        Error::new(location, format!("invalid YAML: {message}"))
    })
}

/// The YAML merge key: `<<: *base` or `<<: [*a, *b]` merges mappings into the one that holds it.
const MERGE_KEY: &str = "<<";

/// Reads a YAML value straight into a `serde_json::Value`, as serde_yaml's own `Value` would read it except:
/// - integers beyond `i64` and `u64` (serde_yaml hands them over as 128-bit integers, which its `Value` refuses)
///   become the nearest `f64`, as serde_json reads them in JSON; `.inf`, `-.inf` and `.nan`, which JSON cannot
///   hold, stay strings in their YAML spelling, as do floats beyond `f64` (serde_yaml reads `1e400` as a string);
/// - merge keys are resolved as YAML 1.1 says (see [`YamlValue::visit_map`]);
/// - non-string mapping keys become strings, and a tag is dropped for the value it tags.
///
/// Aliases are replayed by serde_yaml, which bounds their expansion (alias bombs are refused), and merging
/// only moves values already read, so it adds no work an alias could multiply.
struct YamlValue;

impl<'de> serde::de::DeserializeSeed<'de> for YamlValue {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for YamlValue {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_i128<E>(self, n: i128) -> Result<Value, E> {
        Ok(float_value(n as f64))
    }

    fn visit_u128<E>(self, n: u128) -> Result<Value, E> {
        Ok(float_value(n as f64))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(float_value(n))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(YamlValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    /// A mapping, its merge key resolved: the members of the merged mappings take the place of the `<<` key,
    /// a member written in the mapping itself wins over a merged one wherever it is written, and among merged
    /// mappings (`<<: [*a, *b]`) the earlier wins. A merged mapping's own merge keys were resolved when it was
    /// read. A key written twice is refused, the merge key included.
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        let mut merged: Option<(usize, Vec<serde_json::Map<String, Value>>)> = None;
        while let Some(key) = map.next_key_seed(YamlKey)? {
            if object.contains_key(&key) || (key == MERGE_KEY && merged.is_some()) {
                return Err(serde::de::Error::custom(format_args!("duplicate entry with key {key:?}")));
            }
            let value = map.next_value_seed(YamlValue)?;
            if key != MERGE_KEY {
                object.insert(key, value);
                continue;
            }
            let sources = match value {
                Value::Object(source) => vec![source],
                Value::Array(items) => items
                    .into_iter()
                    .map(|item| match item {
                        Value::Object(source) => Ok(source),
                        _ => Err(serde::de::Error::custom("a merge key (`<<`) list holds only mappings")),
                    })
                    .collect::<Result<_, A::Error>>()?,
                _ => return Err(serde::de::Error::custom("a merge key (`<<`) takes a mapping or a list of mappings")),
            };
            merged = Some((object.len(), sources));
        }
        let Some((at, sources)) = merged else { return Ok(Value::Object(object)) };
        let mut members = serde_json::Map::new();
        for source in sources {
            for (key, value) in source {
                if !object.contains_key(&key) && !members.contains_key(&key) {
                    members.insert(key, value);
                }
            }
        }
        let mut out = serde_json::Map::with_capacity(object.len() + members.len());
        let mut explicit = object.into_iter();
        out.extend(explicit.by_ref().take(at));
        out.extend(members);
        out.extend(explicit);
        Ok(Value::Object(out))
    }

    /// A tagged value (`!custom x`): the tag is dropped.
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use serde::de::VariantAccess;
        let (_tag, variant): (serde::de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant_seed(YamlValue)
    }
}

/// A float as JSON holds it, or its YAML spelling when JSON cannot hold it.
fn float_value(n: f64) -> Value {
    match serde_json::Number::from_f64(n) {
        Some(number) => Value::Number(number),
        None if n.is_nan() => Value::String(".nan".to_owned()),
        None if n > 0.0 => Value::String(".inf".to_owned()),
        None => Value::String("-.inf".to_owned()),
    }
}

/// A mapping key as a string: scalars by their text (`200`, `true`, `null`), collections as JSON text.
struct YamlKey;

impl<'de> serde::de::DeserializeSeed<'de> for YamlKey {
    type Value = String;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for YamlKey {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a YAML mapping key")
    }

    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }

    fn visit_bool<E>(self, b: bool) -> Result<String, E> {
        Ok(b.to_string())
    }

    fn visit_i64<E>(self, n: i64) -> Result<String, E> {
        Ok(n.to_string())
    }

    fn visit_u64<E>(self, n: u64) -> Result<String, E> {
        Ok(n.to_string())
    }

    fn visit_i128<E>(self, n: i128) -> Result<String, E> {
        Ok(n.to_string())
    }

    fn visit_u128<E>(self, n: u128) -> Result<String, E> {
        Ok(n.to_string())
    }

    fn visit_f64<E>(self, n: f64) -> Result<String, E> {
        Ok(match float_value(n) {
            Value::String(text) => text,
            number => number.to_string(),
        })
    }

    fn visit_str<E>(self, s: &str) -> Result<String, E> {
        Ok(s.to_owned())
    }

    fn visit_string<E>(self, s: String) -> Result<String, E> {
        Ok(s)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        let value = YamlValue.visit_seq(seq)?;
        Ok(value.to_string())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        let value = YamlValue.visit_map(map)?;
        Ok(value.to_string())
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
        use serde::de::VariantAccess;
        let (_tag, variant): (serde::de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant_seed(YamlKey)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let error = parse_document("spec.json", "{\n  \"a\": [1,\n}").unwrap_err();
        assert!(matches!(error.location, Location::Text { line: 3, .. }), "{error}");
    }

    #[test]
    fn json_duplicate_keys_are_refused_with_line_and_column() {
        let error = parse_document("spec.json", "{\"a\": 1,\n \"a\": 2}").unwrap_err();
        assert!(matches!(error.location, Location::Text { line: 2, .. }), "{error}");
        assert!(error.message.contains("duplicate key \"a\""), "{error}");
    }

    #[test]
    fn yaml_integer_keys_become_strings() {
        let value = parse_document("spec.yaml", "responses:\n  200:\n    description: ok\n").unwrap();
        assert_eq!(value["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn yaml_one_one_booleans_stay_strings() {
        let value = parse_document("spec.yaml", "enum: [y, n, yes]\n").unwrap();
        assert_eq!(value["enum"][0], "y");
    }

    #[test]
    fn json_surrogate_pairs_parse() {
        let value = parse_document("spec.json", r#"{"a": "\ud83d\ude00"}"#).unwrap();
        assert_eq!(value["a"], "\u{1f600}");
    }

    #[test]
    fn yaml_syntax_error_is_located() {
        let error = parse_document("spec.yaml", "a: [1, 2\nb: c\n").unwrap_err();
        assert!(matches!(error.location, Location::Text { .. }), "{error}");
    }

    #[test]
    fn numbers_beyond_the_machine_types_are_read() {
        let value =
            parse_document("spec.yaml", "a: -9223372036854776000\nb: 18446744073709551616\nc: 1e400\nd: .inf\n")
                .unwrap();
        assert_eq!(value["a"].as_f64(), Some(-9223372036854775808.0));
        assert_eq!(value["b"].as_f64(), Some(18446744073709551616.0));
        assert_eq!(value["c"], "1e400");
        assert_eq!(value["d"], ".inf");
        let value = parse_document("spec.json", r#"{"a": 1e400, "b": [-1E+999, "1e400 \" 1e400"], "c": 1.5}"#).unwrap();
        assert_eq!(value, serde_json::json!({"a": "1e400", "b": ["-1E+999", "1e400 \" 1e400"], "c": 1.5}));
        let keys = parse_document("spec.yaml", "99999999999999999999999: a\n1.5: b\n").unwrap();
        assert_eq!(keys, serde_json::json!({"99999999999999999999999": "a", "1.5": "b"}));
    }

    #[test]
    fn merge_keys_are_resolved() {
        let text = "base: &base {a: 1, b: 2}\nother: &other {b: 3, c: 4}\n\
                    one: {<<: *base, b: 9}\nlist: {x: 0, <<: [*base, *other], a: 8}\n\
                    nested: {<<: {<<: *other, d: 5}}\n";
        let value = parse_document("spec.yaml", text).unwrap();
        assert_eq!(value["one"], serde_json::json!({"a": 1, "b": 9}));
        let list = value["list"].as_object().unwrap();
        assert_eq!(list.keys().collect::<Vec<_>>(), ["x", "b", "c", "a"]);
        assert_eq!(value["list"], serde_json::json!({"x": 0, "b": 2, "c": 4, "a": 8}));
        assert_eq!(value["nested"], serde_json::json!({"b": 3, "c": 4, "d": 5}));
        let error = parse_document("spec.yaml", "a: {<<: 5}\n").unwrap_err();
        assert!(error.message.contains("merge key"), "{error}");
        let error = parse_document("spec.yaml", "a: &a {x: 1}\nb: {<<: *a, <<: *a}\n").unwrap_err();
        assert!(error.message.contains("duplicate entry"), "{error}");
    }

    #[test]
    fn empty_document_is_refused() {
        assert!(parse_document("spec.yaml", "  \n").is_err());
    }
}
