//! Structs: one macro declares a generated struct and gives it its serde impls, each member read and written
//! by its kind (`required`, `nullable`, `optional`, `present`), and its
//! `Validate` impl and constructor from the same declaration. One `visit_map` matches member names as they
//! come, which is a fraction of the code `derive(Deserialize)` expands to, and keeps `null` apart from an
//! absent member without a wrapper type per member.
//!
//! Decoding is liberal: members the struct does not declare are skipped (or kept in its `..` map), and a
//! member sent twice keeps its last value.

use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap};
use std::borrow::Cow;
use std::fmt;

/// Declares a struct whose members carry their wire names, kinds and checks, and implements `PartialEq`,
/// `Serialize`, `Deserialize` and `Validate` for it. After the struct, `..name: Map;` (or `..name: Map => check(valid);`)
/// adds a last member that collects the members the struct does not declare. After the struct,
/// `pub fn new(name: Type, ...);` declares the constructor that takes the members
/// without a starting value (kinds `required` and `nullable`), and `impl Default;` a `Default` for a struct
/// without such members but with a tag (`tag(Kind::Slack)`: a one-valued member that starts set); every other
/// member starts absent. Last, `fit(member, ...);` makes the struct a union variant (`runtime::Fit`), recognised
/// only when the members listed (enums another variant also declares) hold a value they list. A schema
/// default is what the server assumes for an absent member: it is documented, never written by this macro, so
/// a request carries only the members the caller set.
///
/// A member's checks follow its kind, after a space: `check(valid)` validates what the member holds,
/// `check(min_length(1))` checks `Rules` (any chain of its builder methods), `check(valid.min_items(1))` does both.
///
/// The pattern lists the members comma-separated, and no function the macro writes has control flow per member
/// (a `?` or an early return each): reading a member into its slot and writing one are one call each, with
/// the error kept by the callee (`Writer`) or returned as the value of the `match` on the member's name, and
/// only a missing `required` member returns early. So the cost of a struct in `cargo check` time and memory
/// grows with its member count, not with its square.
///
/// Generic parameters are named `__S`, `__A`, `__D`: member types are written at the call site, and a
/// generated type named `A` must not be taken for a parameter (the naming pass never makes `__` names).
#[allow(unused_macros)]
macro_rules! object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            // Members are separated by commas (`$(...),*`), not each ended by one (`$(...,)*`), and `check`
            // follows the kind without a comma: either way round, rustc's macro matcher kept two readings of every
            // member alive and took time and memory growing with the square of the member count.
            $(
                $(#[$field_meta:meta])*
                pub $field:ident: $ty:ty => $wire:literal $kind:ident $(($tag:expr))? $(check($($rule:tt)*))?
            ),*
            $(,)?
        }
        // After the struct, not after its last member: an optional entry that may follow the members' optional
        // trailing comma kept another reading of every member alive, the same square cost.
        $(..$extra:ident: $extra_ty:ty $(=> check($($extra_rule:tt)*))?;)?
        $(pub fn new($($parameter:ident: $parameter_ty:ty),* $(,)?);)?
        $(impl $default:ident;)?
        $(fit $recognised:tt;)?
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$field_meta])*
                pub $field: $ty,
            )*
            $(
                /// Members not declared above, kept as sent.
                pub $extra: $extra_ty,
            )?
            #[doc(hidden)]
            pub __non_exhaustive: $crate::runtime::object::NonExhaustive,
        }

        // `PartialEq` as one statement per member: the derived `a == a && b == b && ...` nests one level per
        // member, and rustc's stack overflowed on it for a few thousand members.
        #[allow(deprecated)]
        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                $(if self.$field != other.$field {
                    return false;
                })*
                $(if self.$extra != other.$extra {
                    return false;
                })?
                true
            }
        }

        #[allow(deprecated)]
        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                let map = ::serde::Serializer::serialize_map(serializer, ::std::option::Option::None)?;
                let mut writer = $crate::runtime::object::Writer::new(map);
                $($crate::runtime::object::$kind::put(&mut writer, $wire, &self.$field);)*
                $($crate::runtime::object::put_extra(&mut writer, &self.$extra);)?
                writer.end()
            }
        }

        // Reading in three functions, each small for rustc's type and borrow checkers: the members read so far are a
        // struct of options of their own (`__Members`, a name the naming pass never gives, in a block of its own);
        // `read` reads a member into its slot by its wire name; `finish` checks that the required members came and
        // builds the struct.
        #[allow(deprecated)]
        const _: () = {
            struct __Members {
                $($field: ::std::option::Option<$ty>,)*
            }

            impl __Members {
                /// Reads the member `key` names, or returns `false` when the struct does not declare it.
                #[allow(unused_variables)]
                fn read<'de, __A: ::serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut __A) -> ::std::result::Result<bool, __A::Error> {
                    match key {
                        $($wire => $crate::runtime::object::$kind::read(&mut self.$field, map),)*
                        _ => ::std::result::Result::Ok(false),
                    }
                }

                /// The struct, or the error that names a required member that did not come.
                fn finish<__E: ::serde::de::Error>(self $(, $extra: $extra_ty)?) -> ::std::result::Result<$name, __E> {
                    let __Members { $($field,)* } = self;
                    // Only a `required` member can be missing: it alone is rebound (`let ... else return`), and the
                    // struct literal is infallible. An early return inside the literal, or one `let` per member,
                    // would leave a different set of values to drop at every return, which made compile time and
                    // memory grow with the square of the member count.
                    $($crate::runtime::object::$kind::bind!($field, $wire, __E);)*
                    ::std::result::Result::Ok($name {
                        $($field: $crate::runtime::object::$kind::finish($field),)*
                        $($extra,)?
                        __non_exhaustive: $crate::runtime::object::NonExhaustive::default(),
                    })
                }
            }

            impl $crate::runtime::object::Object for $name {
                const EXPECTING: &'static str = ::std::concat!("an object (", ::std::stringify!($name), ")");

                #[allow(unused_mut, unused_variables)]
                fn read_members<'de, __A: ::serde::de::MapAccess<'de>>(mut map: __A) -> ::std::result::Result<Self, __A::Error> {
                    let mut members = __Members { $($field: ::std::option::Option::None,)* };
                    let mut undeclared = $crate::runtime::object::Skip;
                    $(
                        let mut $extra: $extra_ty = ::std::default::Default::default();
                        let mut undeclared = &mut $extra;
                    )?
                    while let ::std::option::Option::Some(key) =
                        ::serde::de::MapAccess::next_key::<$crate::runtime::object::Key<'de>>(&mut map)?
                    {
                        if !members.read(key.as_str(), &mut map)? {
                            $crate::runtime::object::Undeclared::take(&mut undeclared, key.as_str(), &mut map)?;
                        }
                    }
                    members.finish($($extra)?)
                }
            }
        };

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                $crate::runtime::object::deserialize(deserializer)
            }
        }

        #[allow(deprecated)]
        impl $crate::runtime::Validate for $name {
            #[allow(unused_variables)]
            fn validate_into(&self, v: &mut $crate::runtime::Validator) {
                $($($crate::runtime::object::check!(v, $wire, &self.$field, $($rule)*);)?)*
                $($($crate::runtime::object::check!(v, "", &self.$extra, $($extra_rule)*);)?)?
            }
        }

        $crate::runtime::object!(
            @constructor $name [$($field $kind $(($tag))?,)* $(..$extra)?]
            $(pub fn new($($parameter: $parameter_ty),*);)? $(impl $default;)?
        );
        $crate::runtime::object!(@fit $name [$($wire),*] [$($extra)?] $($recognised)?);
    };
    (@open) => {
        false
    };
    (@open $extra:ident) => {
        true
    };
    (@fit $name:ident [$($wire:literal),*] [$($extra:ident)?]) => {};
    (@fit $name:ident [$($wire:literal),*] [$($extra:ident)?] ($($recognised:ident),*)) => {
        impl $crate::runtime::Fit for $name {
            fn fit(value: &$crate::runtime::Buffered<'_>) -> ::std::option::Option<usize> {
                // Open (it keeps undeclared members in its map) when it has an `..extra` map.
                $crate::runtime::object_fit(value, &[$($wire),*], $crate::runtime::object!(@open $($extra)?))
            }

            #[allow(deprecated)]
            fn is_recognised(&self) -> bool {
                true $(&& $crate::runtime::Fit::is_recognised(&self.$recognised))*
            }
        }
    };
    (@constructor $name:ident [$($field:ident $kind:ident $(($tag:expr))?,)* $(..$extra:ident)?]) => {};
    (
        @constructor $name:ident [$($field:ident $kind:ident $(($tag:expr))?,)* $(..$extra:ident)?]
        pub fn new($($parameter:ident: $parameter_ty:ty),* $(,)?);
    ) => {
        #[allow(deprecated)]
        impl $name {
            /// A value with the required fields given, its tag set and every other field absent.
            pub fn new($($parameter: $parameter_ty),*) -> Self {
                Self {
                    $($field: $crate::runtime::object::$kind::start!($field $(, $tag)?),)*
                    $($extra: ::std::default::Default::default(),)?
                    __non_exhaustive: $crate::runtime::object::NonExhaustive::default(),
                }
            }
        }
    };
    (
        @constructor $name:ident [$($field:ident $kind:ident $(($tag:expr))?,)* $(..$extra:ident)?]
        impl Default;
    ) => {
        #[allow(deprecated)]
        impl ::std::default::Default for $name {
            /// A value with its tag set and every other field absent.
            fn default() -> Self {
                Self {
                    $($field: $crate::runtime::object::$kind::start!($field $(, $tag)?),)*
                    $($extra: ::std::default::Default::default(),)?
                    __non_exhaustive: $crate::runtime::object::NonExhaustive::default(),
                }
            }
        }
    };
}

/// One member's checks in `Validate::validate_into` (see `object!`).
#[allow(unused_macros)]
macro_rules! check {
    ($v:ident, $wire:expr, $value:expr, valid) => {
        $v.field($wire, $value)
    };
    ($v:ident, $wire:expr, $value:expr, valid . $($rule:tt)+) => {{
        $v.field($wire, $value);
        $v.rules($wire, $value, &$crate::runtime::Rules::NONE.$($rule)+)
    }};
    ($v:ident, $wire:expr, $value:expr, $($rule:tt)+) => {
        $v.rules($wire, $value, &$crate::runtime::Rules::NONE.$($rule)+)
    };
}

/// The starting value of a member the constructor takes: the argument of the same name.
#[allow(unused_macros)]
macro_rules! start_given {
    ($field:ident) => {
        $field
    };
}

/// The starting value of an optional member: absent.
#[allow(unused_macros)]
macro_rules! start_absent {
    ($field:ident) => {
        ::std::option::Option::None
    };
}

/// The starting value of a tag member: its one value.
#[allow(unused_macros)]
macro_rules! start_tag {
    ($field:ident, $tag:expr) => {
        ::std::option::Option::Some($tag)
    };
}

/// Rebinds a required member's local from `Option<T>` to `T`, returning the error that names it when it is
/// missing.
#[allow(unused_macros)]
macro_rules! bind_required {
    ($field:ident, $wire:literal, $error:ty) => {
        let ::std::option::Option::Some($field) = $field else {
            return ::std::result::Result::Err(<$error as ::serde::de::Error>::missing_field($wire));
        };
    };
}

/// A member that cannot be missing keeps its local as it is.
#[allow(unused_macros)]
macro_rules! bind_nothing {
    ($field:ident, $wire:literal, $error:ty) => {};
}

#[allow(unused_imports)]
pub(crate) use object;
#[allow(unused_imports)]
pub(crate) use {bind_nothing, bind_required, check, start_absent, start_given, start_tag};

/// The hidden last member of every generated struct: a struct literal outside the crate must end with a base
/// (`..Default::default()`, `..Webhook::new(name)`), so a member the API adds later is a minor change, and
/// functional record update, which `#[non_exhaustive]` would forbid, keeps working. Not API: never name it.
#[doc(hidden)]
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct NonExhaustive(());

impl fmt::Debug for NonExhaustive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("..")
    }
}

/// A struct `object!` declares: how it reads its members from a map.
pub trait Object: Sized {
    /// What the decoder expected when it finds no object, for error messages.
    const EXPECTING: &'static str;

    /// Reads the struct from the members of a JSON object.
    fn read_members<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decodes a struct `object!` declares from a JSON object.
pub fn deserialize<'de, D: Deserializer<'de>, T: Object>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

struct ObjectVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read_members(map)
    }
}

/// A member name, borrowed from the input when it can be.
#[derive(Debug)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(value)))
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value)))
    }
}

/// What becomes of the members a struct does not declare: skipped, or kept in its map of them.
pub trait Undeclared<'de> {
    /// Takes the value of the member `key`.
    fn take<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
}

/// Skips undeclared members.
#[derive(Debug)]
pub struct Skip;

impl<'de> Undeclared<'de> for Skip {
    fn take<A: MapAccess<'de>>(&mut self, _key: &str, map: &mut A) -> Result<(), A::Error> {
        map.next_value::<serde::de::IgnoredAny>().map(drop)
    }
}

impl<'de, T: Deserialize<'de>> Undeclared<'de> for &mut std::collections::BTreeMap<String, T> {
    fn take<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        let value = map.next_value()?;
        self.insert(key.to_owned(), value);
        Ok(())
    }
}

/// A map being written that keeps its first error, so that writing a member is one statement (no `?` and early
/// return per member, which made the type checker's and borrow checker's work grow faster than the member count).
/// After an error nothing more is written, and `end` returns it.
pub struct Writer<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Writer<M> {
    /// Writes into `map`.
    pub fn new(map: M) -> Self {
        Writer { map, error: None }
    }

    /// Writes one member, unless an earlier one failed.
    pub fn entry<K: Serialize + ?Sized, T: Serialize + ?Sized>(&mut self, key: &K, value: &T) {
        if self.error.is_none() {
            if let Err(error) = self.map.serialize_entry(key, value) {
                self.error = Some(error);
            }
        }
    }

    /// Ends the map, or returns the first error.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}

impl<M: SerializeMap> fmt::Debug for Writer<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Writer").field("failed", &self.error.is_some()).finish_non_exhaustive()
    }
}

/// Writes the members of a struct's map of undeclared members.
pub fn put_extra<M: SerializeMap, T: Serialize>(writer: &mut Writer<M>, extra: &std::collections::BTreeMap<String, T>) {
    for (key, value) in extra {
        writer.entry(key, value);
    }
}

/// Reads a member's value as its field type into its slot; `true`: the member is declared.
pub fn read_value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
) -> Result<bool, A::Error> {
    *slot = Some(map.next_value()?);
    Ok(true)
}

/// Writes a member, whatever its value.
pub fn put_always<M: SerializeMap, T: Serialize + ?Sized>(writer: &mut Writer<M>, wire: &'static str, value: &T) {
    writer.entry(wire, value);
}

/// Writes a member unless it is absent (`None`).
pub fn put_present<M: SerializeMap, T: Serialize>(writer: &mut Writer<M>, wire: &'static str, value: &Option<T>) {
    if let Some(value) = value {
        writer.entry(wire, value);
    }
}

/// A member that must be present (it may still be `null` when its type holds `null`).
pub mod required {
    #[allow(unused_imports)]
    pub(crate) use super::start_given as start;

    pub use super::{put_always as put, read_value as read};

    #[allow(unused_imports)]
    pub(crate) use super::bind_required as bind;

    /// The member's value, once `bind!` has made it one.
    pub fn finish<T>(value: T) -> T {
        value
    }
}

/// A required member that may be `null`, as `Option<T>`: `null` or absent read as `None`, which is sent as `null`.
pub mod nullable {
    #[allow(unused_imports)]
    pub(crate) use super::start_given as start;

    pub use super::{put_always as put, read_value as read};

    #[allow(unused_imports)]
    pub(crate) use super::bind_nothing as bind;

    /// The member's value; absent reads as `None`.
    pub fn finish<T>(value: Option<Option<T>>) -> Option<T> {
        value.flatten()
    }
}

/// An optional member, as `Option<T>`: `null` or absent read as `None`, which is not sent.
pub mod optional {
    #[allow(unused_imports)]
    pub(crate) use super::bind_nothing as bind;
    pub use super::nullable::finish;
    #[allow(unused_imports)]
    pub(crate) use super::start_absent as start;
    pub use super::{put_present as put, read_value as read};
}

/// An optional member whose type has one value, which is also its default: the tag that tells a union's variants
/// apart (`type: {const: slack, default: slack}`), as `Option<T>`. It reads and writes like an optional member
/// (absent stays absent), but a value the constructor or `Default` makes starts with the tag set, so a request
/// built by the caller names its variant: it could not name another.
pub mod tag {
    #[allow(unused_imports)]
    pub(crate) use super::bind_nothing as bind;
    pub use super::nullable::finish;
    #[allow(unused_imports)]
    pub(crate) use super::start_tag as start;
    pub use super::{put_present as put, read_value as read};
}

/// An optional member whose type holds `null` (a nullable member, or any JSON value), as `Option<T>`: present
/// is `Some`, even when `null`, so `null` stays apart from absent; `None` is not sent.
pub mod present {
    use super::*;

    #[allow(unused_imports)]
    pub(crate) use super::start_absent as start;

    #[allow(unused_imports)]
    pub(crate) use super::bind_nothing as bind;
    pub use super::nullable::finish;
    pub use super::put_present as put;

    /// Reads the member's value as `Some`, `null` included, into its slot; `true`: the member is declared.
    pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        slot: &mut Option<Option<T>>,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        *slot = Some(Some(map.next_value()?));
        Ok(true)
    }
}
