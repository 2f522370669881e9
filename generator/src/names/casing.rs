//! Casing: a name's words spelled `UpperCamel` or `snake_case`. Names the naming pass spells are ASCII (see
//! `ascii_words`), which this module splits and spells itself in one pass; any other name goes to heck, whose
//! word boundaries the ASCII spelling keeps (the tests compare the two).

use heck::{ToSnakeCase, ToUpperCamelCase};

/// `name` in `UpperCamel` case: each word capitalized (`XMLHttpRequest` → `XmlHttpRequest`).
pub(super) fn upper_camel(name: &str) -> String {
    if !name.is_ascii() {
        return name.to_upper_camel_case();
    }
    let mut spelled = String::with_capacity(name.len());
    each_ascii_word(name, |word| {
        let start = spelled.len();
        spelled.push_str(word);
        spelled[start..].make_ascii_lowercase();
        spelled[start..=start].make_ascii_uppercase();
    });
    spelled
}

/// `name` in `snake_case`: its words lowercase, joined by `_` (`XMLHttpRequest` → `xml_http_request`).
pub(super) fn snake(name: &str) -> String {
    if !name.is_ascii() {
        return name.to_snake_case();
    }
    let mut spelled = String::with_capacity(name.len() + name.len() / 4);
    each_ascii_word(name, |word| {
        if !spelled.is_empty() {
            spelled.push('_');
        }
        let start = spelled.len();
        spelled.push_str(word);
        spelled[start..].make_ascii_lowercase();
    });
    spelled
}

/// Calls `each` with every word of an ASCII name, in order, none empty. Words are runs of letters and digits;
/// a run is also split after a lowercase letter followed by an uppercase one (`fooBar` → `foo`, `Bar`) and
/// before an uppercase letter that follows another uppercase one and precedes a lowercase one (`XMLHttp` →
/// `XML`, `Http`). A digit takes the case of the latest letter of its word, so `a1B` splits before the `B`
/// while `A1B` and `1B` do not.
fn each_ascii_word(name: &str, mut each: impl FnMut(&str)) {
    let bytes = name.as_bytes();
    // Where the word being read starts, and whether its latest letter is uppercase, if it has one.
    let mut start = 0;
    let mut latest_upper: Option<bool> = None;
    for (index, &current) in bytes.iter().enumerate() {
        if !current.is_ascii_alphanumeric() {
            if start < index {
                each(&name[start..index]);
            }
            start = index + 1;
            latest_upper = None;
            continue;
        }
        // A separator or the end is neither case: it splits nothing here.
        let next = bytes.get(index + 1).copied().unwrap_or(b' ');
        if current.is_ascii_uppercase() {
            if latest_upper == Some(true) && next.is_ascii_lowercase() {
                each(&name[start..index]);
                start = index;
            }
            latest_upper = Some(true);
        } else if current.is_ascii_lowercase() {
            latest_upper = Some(false);
        }
        if latest_upper == Some(false) && next.is_ascii_uppercase() {
            each(&name[start..=index]);
            start = index + 1;
            latest_upper = None;
        }
    }
    if start < bytes.len() {
        each(&name[start..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both spellings of `name` against heck's.
    fn assert_same_as_heck(name: &str) {
        assert_eq!(upper_camel(name), name.to_upper_camel_case(), "upper camel of {name:?}");
        assert_eq!(snake(name), name.to_snake_case(), "snake case of {name:?}");
    }

    #[test]
    fn spells_words_as_heck_does() {
        for name in ["XMLHttpRequest", "fooBar", "a1B", "A1B", "1B", "A1Bc", "ABc", "io.k8s.v1", "self_", "", "__"] {
            assert_same_as_heck(name);
        }
        assert_eq!(upper_camel("XMLHttpRequest"), "XmlHttpRequest");
        assert_eq!(snake("XMLHttpRequest"), "xml_http_request");
    }

    #[test]
    fn every_short_name_is_spelled_as_heck_spells_it() {
        const ALPHABET: &[u8] = b"aB1 _-Z";
        let mut names = vec![String::new()];
        for _ in 0..6 {
            names = names
                .iter()
                .flat_map(|name| ALPHABET.iter().map(move |&byte| format!("{name}{}", char::from(byte))))
                .collect();
            names.iter().for_each(|name| assert_same_as_heck(name));
        }
    }

    #[test]
    fn long_pseudo_random_names_are_spelled_as_heck_spells_them() {
        const ALPHABET: &[u8] = b"aAbBzZ019 _-.$";
        // A fixed linear congruential sequence: the same names every run.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        for _ in 0..5000 {
            let length = 7 + next() % 40;
            let name: String = (0..length).map(|_| char::from(ALPHABET[next() % ALPHABET.len()])).collect();
            assert_same_as_heck(&name);
        }
    }
}
