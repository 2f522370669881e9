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
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|error| {
        let location = match error.location() {
            Some(at) => Location::Text { file: file.to_owned(), line: at.line(), column: at.column() },
            None => Location::File { file: file.to_owned() },
        };
        let message = error.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
        Error::new(location, format!("invalid YAML: {message}"))
    })?;
    Ok(yaml_to_json(yaml))
}

fn yaml_to_json(yaml: serde_yaml::Value) -> Value {
    match yaml {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => yaml_number(&n),
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        serde_yaml::Value::Mapping(map) => {
            let mut object = serde_json::Map::with_capacity(map.len());
            for (key, value) in map {
                object.insert(yaml_key(key), yaml_to_json(value));
            }
            Value::Object(object)
        }
        serde_yaml::Value::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn yaml_number(n: &serde_yaml::Number) -> Value {
    if let Some(i) = n.as_i64() {
        Value::from(i)
    } else if let Some(u) = n.as_u64() {
        Value::from(u)
    } else {
        let f = n.as_f64().unwrap_or(f64::NAN);
        serde_json::Number::from_f64(f).map(Value::Number).unwrap_or_else(|| Value::String(n.to_string()))
    }
}

fn yaml_key(key: serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s,
        serde_yaml::Value::Null => "null".to_owned(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Tagged(tagged) => yaml_key(tagged.value),
        other => serde_json::to_string(&yaml_to_json(other)).unwrap_or_default(),
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
    fn empty_document_is_refused() {
        assert!(parse_document("spec.yaml", "  \n").is_err());
    }
}
