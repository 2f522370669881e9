//! Looking up members of a JSON object by key. Most objects of an OpenAPI document are small (a schema, a
//! parameter, a media type: a handful of members), and for them comparing the keys in order costs less than
//! hashing the key, which the ordered map does with SipHash before it compares keys anyway; several keys are read
//! in one pass over the members. Larger objects are looked up by hash.

use serde_json::{Map, Value};

/// Objects of up to this many members are searched in order.
const SEARCHED_IN_ORDER: usize = 16;

/// The member `key` of `object`.
pub fn get<'m>(object: &'m Map<String, Value>, key: &str) -> Option<&'m Value> {
    if object.len() > SEARCHED_IN_ORDER {
        return object.get(key);
    }
    object.iter().find_map(|(name, value)| (name == key).then_some(value))
}

/// The member `key` of `object`, mutable.
pub fn get_mut<'m>(object: &'m mut Map<String, Value>, key: &str) -> Option<&'m mut Value> {
    if object.len() > SEARCHED_IN_ORDER {
        return object.get_mut(key);
    }
    object.iter_mut().find_map(|(name, value)| (name == key).then_some(value))
}

/// Whether `object` has the member `key`.
pub fn contains(object: &Map<String, Value>, key: &str) -> bool {
    get(object, key).is_some()
}

/// The member `key` of `value`, when it is an object that has it.
pub fn of<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    get(value.as_object()?, key)
}

/// The members `keys` of `object`, in the order of `keys` (`None` for a key it does not have), read in one pass.
pub fn several<'m, const N: usize>(object: &'m Map<String, Value>, keys: [&str; N]) -> [Option<&'m Value>; N] {
    let mut found = [None; N];
    if object.len() > SEARCHED_IN_ORDER {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_large_objects_answer_as_the_map_does() {
        for size in [0, 1, SEARCHED_IN_ORDER, SEARCHED_IN_ORDER + 1, 40] {
            let mut object: Map<String, Value> = (0..size).map(|i| (format!("k{i}"), Value::from(i))).collect();
            for key in (0..size + 2).map(|i| format!("k{i}")).chain(["".to_owned(), "k".to_owned()]) {
                assert_eq!(get(&object, &key), object.get(&key), "{key} of {size}");
                assert_eq!(contains(&object, &key), object.contains_key(&key), "{key} of {size}");
                let expected = object.get(&key).cloned();
                assert_eq!(get_mut(&mut object, &key).map(|value| value.clone()), expected, "{key} of {size}");
                assert_eq!(of(&Value::Object(object.clone()), &key), expected.as_ref(), "{key} of {size}");
                let [missing, found] = several(&object, ["absent", key.as_str()]);
                assert_eq!((missing, found), (None, object.get(&key)), "{key} of {size}");
            }
        }
    }
}
