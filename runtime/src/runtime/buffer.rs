//! `Buffered`: a JSON value held while an untagged union picks its variant.
//!
//! It has the shape of `serde_json::Value` and decodes exactly as the `Value` the same input would give:
//! the same visitor calls, the same numbers (non-negative integers, negative integers, finite floats), and
//! an object holds each member once, at the place it first appeared, with its last value, as
//! `serde_json::Map` does. What differs is the cost: strings borrow from the input when the deserializer
//! lends them, and an object is a vector, so buffering a union's value allocates little, and a variant
//! decoded from it copies each string once.
//!
//! With serde_json's `arbitrary_precision` feature (the generated crate's `exact-numbers` feature turns it
//! on) a number no `u64`, `i64` or `f64` holds exactly reaches the visitor as serde_json's private one-member
//! map; it is buffered as [`Buffered::Exact`] and offered on as serde_json's `Value` offers it, so a
//! free-form member or a catch-all keeps its every digit. Without the feature serde_json has rounded such a
//! number to an `f64` before any visitor sees it.

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde_json::{Error, Map, Number, Value};
use std::borrow::Cow;
use std::fmt;

/// One buffered JSON value: see the module documentation.
#[derive(Debug, Clone, PartialEq)]
pub enum Buffered<'de> {
    Null,
    Bool(bool),
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// A finite float.
    Float(f64),
    /// A number only `arbitrary_precision` keeps: an integer beyond `u64`/`i64`, or a decimal with more
    /// digits than the nearest `f64` spells.
    Exact(Number),
    String(Cow<'de, str>),
    Array(Vec<Buffered<'de>>),
    /// Each member once, in the order of first appearance, with its last value.
    Object(Vec<(Cow<'de, str>, Buffered<'de>)>),
}

impl<'de> Buffered<'de> {
    pub fn is_null(&self) -> bool {
        matches!(self, Buffered::Null)
    }

    pub fn is_boolean(&self) -> bool {
        matches!(self, Buffered::Bool(_))
    }

    /// Whether the value is an integer that fits `i64` (as `Value::is_i64`).
    pub fn is_i64(&self) -> bool {
        match self {
            Buffered::PosInt(n) => i64::try_from(*n).is_ok(),
            Buffered::NegInt(_) => true,
            _ => false,
        }
    }

    /// Whether the value is a non-negative integer (as `Value::is_u64`).
    pub fn is_u64(&self) -> bool {
        matches!(self, Buffered::PosInt(_))
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Buffered::PosInt(_) | Buffered::NegInt(_) | Buffered::Float(_) | Buffered::Exact(_))
    }

    /// Whether the value is a number an `f64` holds exactly: any float, or an integer within its 53 bits of
    /// precision (`2^53 + 1` and `u64::MAX` are not: a union offers them to no float variant, so its catch-all
    /// keeps them exactly).
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    pub fn is_exact_f64(&self) -> bool {
        match self {
            Buffered::Float(_) => true,
            Buffered::PosInt(n) => (*n as f64) < 18_446_744_073_709_551_616.0 && (*n as f64) as u64 == *n,
            Buffered::NegInt(n) => (*n as f64) as i64 == *n,
            _ => false,
        }
    }

    /// Whether the value is a number an `f32` (`format: float`) holds as well as the format can: any float, or
    /// an integer within its 24 bits of precision.
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    pub fn is_exact_f32(&self) -> bool {
        match self {
            Buffered::Float(_) => true,
            Buffered::PosInt(n) => (*n as f32) < 18_446_744_073_709_551_616.0 && (*n as f32) as u64 == *n,
            Buffered::NegInt(n) => (*n as f32) as i64 == *n,
            _ => false,
        }
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Buffered::String(_))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Buffered::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Buffered::Array(_))
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Buffered::Object(_))
    }

    /// An object's members.
    pub fn as_object(&self) -> Option<&[(Cow<'de, str>, Buffered<'de>)]> {
        match self {
            Buffered::Object(members) => Some(members),
            _ => None,
        }
    }

    /// A member of an object.
    pub fn get(&self, name: &str) -> Option<&Buffered<'de>> {
        self.as_object()?.iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }

    /// The `serde_json::Value` the same input decodes into.
    pub fn into_value(self) -> Value {
        match self {
            Buffered::Null => Value::Null,
            Buffered::Bool(b) => Value::Bool(b),
            Buffered::PosInt(n) => Value::Number(n.into()),
            Buffered::NegInt(n) => Value::Number(n.into()),
            Buffered::Float(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
            Buffered::Exact(number) => Value::Number(number),
            Buffered::String(text) => Value::String(text.into_owned()),
            Buffered::Array(items) => Value::Array(items.into_iter().map(Buffered::into_value).collect()),
            Buffered::Object(members) => {
                let mut map = Map::new();
                for (key, value) in members {
                    map.insert(key.into_owned(), value.into_value());
                }
                Value::Object(map)
            }
        }
    }

    fn from_number(number: &Number) -> Self {
        if let Some(n) = number.as_u64() {
            Buffered::PosInt(n)
        } else if let Some(n) = number.as_i64() {
            Buffered::NegInt(n)
        } else {
            number.as_f64().map_or(Buffered::Null, Buffered::Float)
        }
    }

    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Buffered::Null => Unexpected::Unit,
            Buffered::Bool(b) => Unexpected::Bool(*b),
            Buffered::PosInt(n) => Unexpected::Unsigned(*n),
            Buffered::NegInt(n) => Unexpected::Signed(*n),
            Buffered::Float(f) => Unexpected::Float(*f),
            Buffered::Exact(_) => Unexpected::Other("number"),
            Buffered::String(text) => Unexpected::Str(text),
            Buffered::Array(_) => Unexpected::Seq,
            Buffered::Object(_) => Unexpected::Map,
        }
    }

    #[cold]
    fn invalid_type(&self, expected: &dyn de::Expected) -> Error {
        de::Error::invalid_type(self.unexpected(), expected)
    }
}

/// Objects with at most this many members are checked for repeated names pairwise; larger ones by sorting.
const PAIRWISE_LIMIT: usize = 16;

/// Keeps each name once, at its first place, with its last value (what `serde_json::Map::insert` does when a
/// member repeats).
fn merge_repeated_members(members: &mut Vec<(Cow<'_, str>, Buffered<'_>)>) {
    let repeated = if members.len() <= PAIRWISE_LIMIT {
        members.iter().enumerate().any(|(i, (key, _))| members[..i].iter().any(|(earlier, _)| earlier == key))
    } else {
        let mut names: Vec<&str> = members.iter().map(|(key, _)| key.as_ref()).collect();
        names.sort_unstable();
        names.windows(2).any(|pair| pair[0] == pair[1])
    };
    if !repeated {
        return;
    }
    let mut places = std::collections::BTreeMap::new();
    let mut merged: Vec<(Cow<'_, str>, Buffered<'_>)> = Vec::with_capacity(members.len());
    for (key, value) in members.drain(..) {
        match places.get(key.as_ref()) {
            Some(&place) => merged[place] = (key, value),
            None => {
                places.insert(key.to_string(), merged.len());
                merged.push((key, value));
            }
        }
    }
    *members = merged;
}

impl<'de> de::Deserialize<'de> for Buffered<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BufferVisitor)
    }
}

/// Builds a `Buffered` from the calls `serde_json::Value`'s visitor accepts, with the same results.
struct BufferVisitor;

impl<'de> Visitor<'de> for BufferVisitor {
    type Value = Buffered<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Buffered::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
        Ok(match u64::try_from(value) {
            Ok(n) => Buffered::PosInt(n),
            Err(_) => Buffered::NegInt(value),
        })
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Self::Value, E> {
        let number = Number::from_i128(value).ok_or_else(|| E::custom("JSON number out of range"))?;
        Ok(Buffered::from_number(&number))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Buffered::PosInt(value))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Self::Value, E> {
        let number = Number::from_u128(value).ok_or_else(|| E::custom("JSON number out of range"))?;
        Ok(Buffered::from_number(&number))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Self::Value, E> {
        Ok(if value.is_finite() { Buffered::Float(value) } else { Buffered::Null })
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Buffered::String(Cow::Owned(value.to_owned())))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Buffered::String(Cow::Borrowed(value)))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(Buffered::String(Cow::Owned(value)))
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Buffered::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        de::Deserialize::deserialize(deserializer)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Buffered::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Buffered::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // As `Value`'s visitor: the first name is read as `str`, the others as `String`.
        let mut members = Vec::with_capacity(8);
        if let Some(key) = map.next_key_seed(KeySeed { first: true })? {
            if key == EXACT_NUMBER_TOKEN {
                let text: String = map.next_value()?;
                return exact_number(&text).map_err(de::Error::custom);
            }
            members.push((key, map.next_value()?));
            while let Some(key) = map.next_key_seed(KeySeed { first: false })? {
                members.push((key, map.next_value()?));
            }
        }
        merge_repeated_members(&mut members);
        Ok(Buffered::Object(members))
    }
}

/// The name of the one member of the map that stands for a number under serde_json's `arbitrary_precision`
/// (serde_json's `Value` recognises it by the same name).
const EXACT_NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// A number read from its text: as `u64`, `i64` or `f64` when one of them holds it (the `f64` when it spells
/// the same decimal), otherwise [`Buffered::Exact`].
fn exact_number(text: &str) -> Result<Buffered<'static>, Error> {
    let number: Number = text.parse()?;
    if let Some(n) = number.as_u64() {
        return Ok(Buffered::PosInt(n));
    }
    if let Some(n) = number.as_i64() {
        return Ok(Buffered::NegInt(n));
    }
    match number.as_f64() {
        Some(float) if float.is_finite() && same_decimal(text, &format!("{float:e}")) => Ok(Buffered::Float(float)),
        _ => Ok(Buffered::Exact(number)),
    }
}

/// Whether two JSON number spellings stand for the same decimal (`1.50`, `15e-1` and `1.5e0` do).
fn same_decimal(left: &str, right: &str) -> bool {
    canonical_decimal(left) == canonical_decimal(right)
}

/// A number's sign, significant digits and the exponent of its last digit: `-0.0150` is `(true, "15", -4)`.
/// Zero is `(false, "", 0)` whatever its sign.
fn canonical_decimal(text: &str) -> Option<(bool, String, i64)> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], unsigned[at + 1..].parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: String = whole.chars().chain(fraction.chars()).collect();
    let mut exponent = exponent.checked_sub(i64::try_from(fraction.len()).ok()?)?;
    let significant = digits.trim_start_matches('0');
    let trimmed = significant.trim_end_matches('0');
    exponent = exponent.checked_add(i64::try_from(significant.len() - trimmed.len()).ok()?)?;
    if trimmed.is_empty() {
        return Some((false, String::new(), 0));
    }
    Some((negative, trimmed.to_owned(), exponent))
}

/// Reads a member name, borrowed when the deserializer lends it.
struct KeySeed {
    first: bool,
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        if self.first {
            deserializer.deserialize_str(KeyVisitor { bytes: false })
        } else {
            deserializer.deserialize_string(KeyVisitor { bytes: true })
        }
    }
}

/// `bytes`: also accept UTF-8 bytes, as `String` does (the first name, like `Value`'s, must be a string).
struct KeyVisitor {
    bytes: bool,
}

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.bytes { "a string" } else { "a string key" })
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Self::Value, E> {
        if !self.bytes {
            return Err(E::invalid_type(Unexpected::Bytes(value), &self));
        }
        match std::str::from_utf8(value) {
            Ok(text) => Ok(Cow::Owned(text.to_owned())),
            Err(_) => Err(E::invalid_value(Unexpected::Bytes(value), &self)),
        }
    }
}

/// Offers a string to a visitor: borrowed for as long as the input when it was lent.
fn visit_text<'de, V: Visitor<'de>>(text: &Cow<'de, str>, visitor: V) -> Result<V::Value, Error> {
    match text {
        Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
        Cow::Owned(text) => visitor.visit_str(text),
    }
}

fn visit_array<'de, V: Visitor<'de>>(items: &[Buffered<'de>], visitor: V) -> Result<V::Value, Error> {
    let mut access = Items(items.iter());
    let decoded = visitor.visit_seq(&mut access)?;
    if access.0.len() == 0 {
        Ok(decoded)
    } else {
        Err(de::Error::invalid_length(items.len(), &"fewer elements in array"))
    }
}

fn visit_object<'de, V: Visitor<'de>>(
    members: &[(Cow<'de, str>, Buffered<'de>)],
    visitor: V,
) -> Result<V::Value, Error> {
    let mut access = Members { members: members.iter(), value: None };
    let decoded = visitor.visit_map(&mut access)?;
    if access.members.len() == 0 {
        Ok(decoded)
    } else {
        Err(de::Error::invalid_length(members.len(), &"fewer elements in map"))
    }
}

macro_rules! deserialize_number {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self {
                Buffered::PosInt(_) | Buffered::NegInt(_) | Buffered::Float(_) => self.deserialize_any(visitor),
                Buffered::Exact(number) => number.$method(visitor),
                _ => Err(self.invalid_type(&visitor)),
            }
        })*
    };
}

/// Decodes as `&serde_json::Value` does, method by method.
impl<'de> Deserializer<'de> for &Buffered<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Buffered::Null => visitor.visit_unit(),
            Buffered::Bool(b) => visitor.visit_bool(*b),
            Buffered::PosInt(n) => visitor.visit_u64(*n),
            Buffered::NegInt(n) => visitor.visit_i64(*n),
            Buffered::Float(f) => visitor.visit_f64(*f),
            Buffered::Exact(number) => number.deserialize_any(visitor),
            Buffered::String(text) => visit_text(text, visitor),
            Buffered::Array(items) => visit_array(items, visitor),
            Buffered::Object(members) => visit_object(members, visitor),
        }
    }

    deserialize_number!(
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    );

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Buffered::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Buffered::Object(members) => match members.as_slice() {
                [(variant, value)] => visitor.visit_enum(Variant { variant, value: Some(value) }),
                _ => Err(de::Error::invalid_value(Unexpected::Map, &"map with a single key")),
            },
            Buffered::String(variant) => visitor.visit_enum(Variant { variant, value: None }),
            other => Err(de::Error::invalid_type(other.unexpected(), &"string or map")),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Buffered::Bool(b) => visitor.visit_bool(*b),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Buffered::String(text) => visit_text(text, visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Buffered::String(text) => visit_text(text, visitor),
            Buffered::Array(items) => visit_array(items, visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Buffered::Null => visitor.visit_unit(),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Buffered::Array(items) => visit_array(items, visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Buffered::Object(members) => visit_object(members, visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Buffered::Array(items) => visit_array(items, visitor),
            Buffered::Object(members) => visit_object(members, visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// The items of a buffered array.
struct Items<'a, 'de>(std::slice::Iter<'a, Buffered<'de>>);

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The members of a buffered object.
struct Members<'a, 'de> {
    members: std::slice::Iter<'a, (Cow<'de, str>, Buffered<'de>)>,
    value: Option<&'a Buffered<'de>>,
}

impl<'de> MapAccess<'de> for Members<'_, 'de> {
    type Error = Error;

    fn next_key_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        match self.members.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(Key(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(de::Error::custom("value is missing")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

/// A member name, decoded as `serde_json` decodes the names of a `Value`'s members: as a string, or as a
/// number or boolean spelled in it.
struct Key<'a, 'de>(&'a Cow<'de, str>);

macro_rules! deserialize_numeric_key {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let text: &str = self.0;
            let not_numeric = || de::Error::custom("invalid value: expected key to be a number in quotes");
            if !matches!(text.as_bytes().first(), Some(b'0'..=b'9' | b'-')) {
                return Err(not_numeric());
            }
            let mut number = serde_json::Deserializer::from_reader(text.as_bytes());
            let decoded = number.$method(visitor)?;
            // Nothing may follow the number, not even white space.
            if number.end().is_err() || text.ends_with([' ', '\t', '\n', '\r']) {
                return Err(not_numeric());
            }
            Ok(decoded)
        })*
    };
}

impl<'de> Deserializer<'de> for Key<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visit_text(self.0, visitor)
    }

    deserialize_numeric_key!(
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    );

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_ref() {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            other => Err(de::Error::invalid_type(Unexpected::Str(other), &visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let text: &str = self.0;
        IntoDeserializer::<Error>::into_deserializer(text).deserialize_enum(name, variants, visitor)
    }

    serde::forward_to_deserialize_any! {
        char str string bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// An enum read from a buffered value: a string names a unit variant, an object of one member any variant.
struct Variant<'a, 'de> {
    variant: &'a Cow<'de, str>,
    value: Option<&'a Buffered<'de>>,
}

impl<'a, 'de> de::EnumAccess<'de> for Variant<'a, 'de> {
    type Error = Error;
    type Variant = VariantValue<'a, 'de>;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self::Variant), Error> {
        let name: &str = self.variant;
        let variant = seed.deserialize(IntoDeserializer::<Error>::into_deserializer(name))?;
        Ok((variant, VariantValue(self.value)))
    }
}

/// The value of an enum variant read from a buffered value.
struct VariantValue<'a, 'de>(Option<&'a Buffered<'de>>);

impl<'de> de::VariantAccess<'de> for VariantValue<'_, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.0 {
            Some(value) => de::Deserialize::deserialize(value),
            None => Ok(()),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        match self.0 {
            Some(value) => seed.deserialize(value),
            None => Err(de::Error::invalid_type(Unexpected::UnitVariant, &"newtype variant")),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(Buffered::Array(items)) if items.is_empty() => visitor.visit_unit(),
            Some(Buffered::Array(items)) => visit_array(items, visitor),
            Some(other) => Err(de::Error::invalid_type(other.unexpected(), &"tuple variant")),
            None => Err(de::Error::invalid_type(Unexpected::UnitVariant, &"tuple variant")),
        }
    }

    fn struct_variant<V: Visitor<'de>>(self, _fields: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(Buffered::Object(members)) => visit_object(members, visitor),
            Some(other) => Err(de::Error::invalid_type(other.unexpected(), &"struct variant")),
            None => Err(de::Error::invalid_type(Unexpected::UnitVariant, &"struct variant")),
        }
    }
}
