//! Several members of a small JSON object read in one pass over its members: the objects of an OpenAPI document
//! (an operation, a parameter, a response) have few keys, and comparing them costs less than hashing each key
//! looked up.

use serde_json::{Map, Value};

/// Objects with more members than this are read by hashed lookups, one per key.
const SCAN_LIMIT: usize = 16;

/// The values of `keys` in `object`, in the order of `keys` (`None` for a key it does not have).
pub fn members<'v, const N: usize>(object: &'v Map<String, Value>, keys: [&str; N]) -> [Option<&'v Value>; N] {
    let mut found = [None; N];
    if object.len() > SCAN_LIMIT {
        for (slot, key) in found.iter_mut().zip(keys) {
            *slot = object.get(key);
        }
        return found;
    }
    for (name, value) in object {
        if let Some(index) = keys.iter().position(|key| key == name) {
            found[index] = Some(value);
        }
    }
    found
}

/// The value of `key` in `value`, when it is an object that has it.
pub fn member<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    let [found] = members(value.as_object()?, [key]);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_keys_in_small_and_large_objects() {
        let small = json!({"in": "query", "name": "limit"});
        let [name, location, schema] = members(small.as_object().unwrap(), ["name", "in", "schema"]);
        assert_eq!((name, location, schema), (Some(&json!("limit")), Some(&json!("query")), None));
        let large: Map<String, Value> = (0..40).map(|index| (format!("key{index}"), json!(index))).collect();
        assert_eq!(members(&large, ["key39", "key0", "nothing"]), [Some(&json!(39)), Some(&json!(0)), None]);
        assert_eq!(member(&json!({"$ref": "#/a"}), "$ref"), Some(&json!("#/a")));
        assert_eq!(member(&json!(["$ref"]), "$ref"), None);
    }
}
