//! Unions: choosing the variant of an `anyOf`/`oneOf` for a JSON value, and the helpers tagged unions use.
//!
//! The rule: a variant is a candidate when the value has its JSON kind, decodes into it, and (for an
//! object variant) shares at least one member name with it, or the value is `{}`. An enum or union
//! variant is a candidate only when it recognised the value (not its catch-all). Among candidates the
//! one with the fewest members it does not declare wins; ties go to the variant listed first. No
//! candidate: the value is kept as raw JSON in the catch-all variant.
//!
//! An untagged union reads its value once into a [`Buffered`] (cheaper than a `serde_json::Value`, and
//! decoding from it gives the same results), fits and decodes the variants from it, and turns it into a
//! `Value` only for the catch-all.

use crate::runtime::Buffered;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// How well a JSON value fits a type, before trying to decode it.
pub trait Fit {
    /// `None` when the value cannot be this type; otherwise a penalty (lower fits better).
    fn fit(value: &Buffered<'_>) -> Option<usize>;

    /// Whether the decoded value was recognised (not a catch-all).
    fn is_recognised(&self) -> bool {
        true
    }

    /// Whether the schema of this type accepts `value` although the type cannot hold it exactly. A float
    /// (`type: number`) accepts every number but holds an integer beyond its precision only rounded, so a union
    /// keeps such an integer (`2^53 + 1`, `u64::MAX`) in its catch-all, and this lets the catch-all be sent.
    fn accepts_unheld(value: &Value) -> bool {
        let _ = value;
        false
    }
}

/// Whether an untagged union's catch-all holds a value that one of its variants' schemas accepts (see
/// [`Fit::accepts_unheld`]): one for each variant.
pub fn accepted_unheld(value: &Value, variants: &[fn(&Value) -> bool]) -> bool {
    variants.iter().any(|accepts| accepts(value))
}

/// The best variant found so far for one value.
#[derive(Debug)]
pub struct Best<'a, 'de, U> {
    value: &'a Buffered<'de>,
    best: Option<(usize, U)>,
}

impl<'a, 'de, U> Best<'a, 'de, U> {
    pub fn new(value: &'a Buffered<'de>) -> Self {
        Best { value, best: None }
    }

    /// Tries one variant; keeps it when it fits strictly better than the best so far.
    pub fn offer<T: DeserializeOwned + Fit>(&mut self, wrap: impl FnOnce(T) -> U) {
        let Some(penalty) = T::fit(self.value) else { return };
        if self.best.as_ref().is_some_and(|(best, _)| *best <= penalty) {
            return;
        }
        if let Ok(decoded) = T::deserialize(self.value) {
            if decoded.is_recognised() {
                self.best = Some((penalty, wrap(decoded)));
            }
        }
    }

    /// The chosen variant, if any fitted.
    pub fn finish(self) -> Option<U> {
        self.best.map(|(_, variant)| variant)
    }
}

/// The penalty of an object against a struct's member names: `None` when the value is not an object or
/// shares no member with a struct that declares some.
pub fn object_fit(value: &Buffered<'_>, fields: &[&str], open: bool) -> Option<usize> {
    let object = value.as_object()?;
    let unknown = object.iter().filter(|(key, _)| !fields.contains(&key.as_ref())).count();
    let known = object.len() - unknown;
    if known == 0 && !object.is_empty() && !fields.is_empty() && !open {
        return None;
    }
    Some(unknown)
}

/// A penalty larger than any object's: untyped variants fit anything, last.
pub const ANY_PENALTY: usize = usize::MAX / 2;

macro_rules! fit_by_kind {
    ($($t:ty => $check:expr),* $(,)?) => {
        $(impl Fit for $t {
            fn fit(value: &Buffered<'_>) -> Option<usize> {
                $check(value).then_some(0)
            }
        })*
    };
}

macro_rules! float_fit {
    ($($t:ty => $check:expr),* $(,)?) => {
        $(impl Fit for $t {
            fn fit(value: &Buffered<'_>) -> Option<usize> {
                $check(value).then_some(0)
            }

            fn accepts_unheld(value: &Value) -> bool {
                value.is_number()
            }
        })*
    };
}

float_fit!(f32 => Buffered::is_exact_f32, f64 => Buffered::is_exact_f64);

fit_by_kind!(
    String => Buffered::is_string,
    bool => Buffered::is_boolean,
    i32 => Buffered::is_i64,
    i64 => Buffered::is_i64,
    u32 => Buffered::is_u64,
    u64 => Buffered::is_u64,
    () => Buffered::is_null,
    chrono::NaiveDate => Buffered::is_string,
    chrono::DateTime<chrono::Utc> => Buffered::is_string,
);

impl Fit for Value {
    fn fit(_: &Buffered<'_>) -> Option<usize> {
        Some(ANY_PENALTY)
    }
}

impl<T> Fit for Vec<T> {
    fn fit(value: &Buffered<'_>) -> Option<usize> {
        value.is_array().then_some(0)
    }
}

impl<T> Fit for std::collections::BTreeMap<String, T> {
    fn fit(value: &Buffered<'_>) -> Option<usize> {
        value.is_object().then_some(0)
    }
}

impl<T: Fit> Fit for Option<T> {
    fn fit(value: &Buffered<'_>) -> Option<usize> {
        if value.is_null() { Some(0) } else { T::fit(value) }
    }

    fn is_recognised(&self) -> bool {
        self.as_ref().is_none_or(T::is_recognised)
    }

    fn accepts_unheld(value: &Value) -> bool {
        T::accepts_unheld(value)
    }
}

impl<T: Fit> Fit for Box<T> {
    fn fit(value: &Buffered<'_>) -> Option<usize> {
        T::fit(value)
    }

    fn is_recognised(&self) -> bool {
        (**self).is_recognised()
    }

    fn accepts_unheld(value: &Value) -> bool {
        T::accepts_unheld(value)
    }
}

/// The empty string and nothing else: APIs such as Stripe's accept `""` to unset a field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmptyString;

impl serde::Serialize for EmptyString {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str("")
    }
}

impl<'de> serde::Deserialize<'de> for EmptyString {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        if text.is_empty() {
            Ok(EmptyString)
        } else {
            Err(serde::de::Error::invalid_value(serde::de::Unexpected::Str(&text), &"an empty string"))
        }
    }
}

impl Fit for EmptyString {
    fn fit(value: &Buffered<'_>) -> Option<usize> {
        (value.as_str() == Some("")).then_some(0)
    }
}

impl crate::runtime::Validate for EmptyString {}

/// Decodes the variant a tagged union's tag named, reporting failures through the outer deserializer.
pub fn decode_variant<T: DeserializeOwned, E: serde::de::Error>(value: &Value, tag: &str) -> Result<T, E> {
    T::deserialize(value).map_err(|error| E::custom(format_args!("variant {tag:?}: {error}")))
}

/// Serializes a tagged union's variant, adding the tag member when the variant does not carry it.
pub fn serialize_tagged<S, T>(serializer: S, property: &str, tag: &str, variant: &T) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    T: serde::Serialize,
{
    let mut value = serde_json::to_value(variant).map_err(serde::ser::Error::custom)?;
    if let Value::Object(object) = &mut value {
        if !object.contains_key(property) {
            object.insert(property.to_owned(), Value::String(tag.to_owned()));
        }
    }
    serde::Serialize::serialize(&value, serializer)
}

/// Reads a tagged union's tag.
pub fn tag_of<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property).and_then(Value::as_str)
}

/// Declares an untagged union, one line per variant (`Variant(Type),`), then `..Other` names the catch-all
/// variant that keeps JSON matching none of them (as `serde_json::Value`); and implements `Deserialize` (by
/// the variant-selection rule above), `Validate` and `Fit` for it. `Serialize` is derived (untagged). The
/// catch-all fails validation unless a variant's schema accepts what it holds ([`Fit::accepts_unheld`]: a
/// number no float variant holds exactly).
#[allow(unused_macros)]
macro_rules! untagged_union {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($variant:ident($ty:ty),)*
            ..$other:ident
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum $name {
            $($variant($ty),)*
            /// JSON that matched none of the listed shapes, kept as received.
            $other(::serde_json::Value),
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <$crate::runtime::Buffered<'de> as ::serde::Deserialize>::deserialize(deserializer)?;
                let mut best = $crate::runtime::Best::new(&value);
                $(best.offer(Self::$variant);)*
                let chosen = best.finish();
                ::std::result::Result::Ok(chosen.unwrap_or_else(|| Self::$other(value.into_value())))
            }
        }

        impl $crate::runtime::Validate for $name {
            fn validate_into(&self, v: &mut $crate::runtime::Validator) {
                match self {
                    $(Self::$variant(value) => $crate::runtime::Validate::validate_into(value, v),)*
                    Self::$other(other) => {
                        let variants: &[fn(&::serde_json::Value) -> bool] =
                            &[$(<$ty as $crate::runtime::Fit>::accepts_unheld,)*];
                        if !$crate::runtime::union::accepted_unheld(other, variants) {
                            v.violation("matches none of the shapes the API lists");
                        }
                    }
                }
            }
        }

        impl $crate::runtime::Fit for $name {
            fn fit(_: &$crate::runtime::Buffered<'_>) -> ::std::option::Option<usize> {
                ::std::option::Option::Some(0)
            }

            fn is_recognised(&self) -> bool {
                !matches!(self, Self::$other(_))
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use untagged_union;

/// Declares a union tagged by the member `$property` (`pub enum Name by "type" { ... }`), one line per variant
/// (`Variant(Type) => ["tag", ...],`, after its doc), then `..Other` names the catch-all variant that keeps an
/// object with an unlisted tag (as `serde_json::Value`); and implements `Serialize`, `Deserialize`, `Validate`
/// and `Fit` for it.
#[allow(unused_macros)]
macro_rules! tagged_union {
    (
        $(#[$meta:meta])*
        pub enum $name:ident by $property:literal {
            // Variants separated by commas, not each ended by one: see `object!` for why.
            $(
                $(#[$variant_meta:meta])*
                $variant:ident($ty:ty) => [$first:literal $(, $tag:literal)*]
            ),*,
            ..$other:ident
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name {
            $(
                $(#[$variant_meta])*
                $variant($ty),
            )*
            /// An object whose tag this version of the API description does not list, kept as received.
            $other(::serde_json::Value),
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => $crate::runtime::serialize_tagged(serializer, $property, $first, value),)*
                    Self::$other(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                match $crate::runtime::tag_of(&value, $property) {
                    $(::std::option::Option::Some($first $(| $tag)*) => $crate::runtime::decode_variant(&value, $first).map(Self::$variant),)*
                    _ => ::std::result::Result::Ok(Self::$other(value)),
                }
            }
        }

        impl $crate::runtime::Validate for $name {
            fn validate_into(&self, v: &mut $crate::runtime::Validator) {
                match self {
                    $(Self::$variant(value) => $crate::runtime::Validate::validate_into(value, v),)*
                    Self::$other(_) => v.violation("has a tag the API does not list"),
                }
            }
        }

        impl $crate::runtime::Fit for $name {
            fn fit(value: &$crate::runtime::Buffered<'_>) -> ::std::option::Option<usize> {
                value.is_object().then_some(0)
            }

            fn is_recognised(&self) -> bool {
                !matches!(self, Self::$other(_))
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use tagged_union;
