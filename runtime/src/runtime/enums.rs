//! String enums: one macro declares every generated enum, one line per wire value, and gives it `Display`,
//! `FromStr`, serde impls, validation and union fitting. Unknown values decode into the catch-all variant and re-encode
//! unchanged, so a value the server adds later never breaks decoding.

/// Declares a string enum, one line per listed value (`Variant => "wire",`; a value whose text cannot be
/// its own doc comment gives one: `Variant => "wire" as "doc",`), then `..Catch` names the variant that
/// keeps any other value; and implements the string-enum traits for it.
#[allow(unused_macros)]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($variant:ident => $wire:literal $(as $doc:literal)?,)*
            ..$unknown:ident
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(
                #[doc = $crate::runtime::enums::value_doc!($wire $(, $doc)?)]
                $variant,
            )*
            /// A value this version of the API description does not list, kept as received.
            $unknown(::std::string::String),
        }

        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$unknown(value) => value.as_str(),
                }
            }

            /// Whether the value is one the API description lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::$unknown(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::$unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                deserializer.deserialize_str($crate::runtime::enums::StrVisitor(|value: &str| Self::from(value)))
            }
        }

        impl $crate::runtime::Validate for $name {
            fn validate_into(&self, v: &mut $crate::runtime::Validator) {
                if let Self::$unknown(value) = self {
                    v.violation(::std::format!("{value:?} is not a value the API lists for {}", stringify!($name)));
                }
            }
        }

        impl $crate::runtime::Fit for $name {
            fn fit(value: &$crate::runtime::Buffered<'_>) -> ::std::option::Option<usize> {
                value.is_string().then_some(0)
            }

            fn is_recognised(&self) -> bool {
                self.is_known()
            }
        }
    };
}

/// The doc comment of a listed value: the value as code, or the doc the declaration gives.
#[allow(unused_macros)]
macro_rules! value_doc {
    ($wire:literal) => {
        ::std::concat!("`", $wire, "`")
    };
    ($wire:literal, $doc:literal) => {
        $doc
    };
}

#[allow(unused_imports)]
pub(crate) use {string_enum, value_doc};

/// Decodes a string without allocating for known values.
#[derive(Debug)]
pub struct StrVisitor<T>(pub fn(&str) -> T);

impl<T> serde::de::Visitor<'_> for StrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok((self.0)(value))
    }
}
