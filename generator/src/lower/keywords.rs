//! The keywords of a schema object that lowering reads, taken in one pass over its members: a schema has a few
//! members, and lowering one asks for some thirty keywords, so comparing each member's key once costs less than
//! hashing every keyword for a lookup.

use serde_json::{Map, Value};

/// A schema object and the value of each keyword lowering reads (`None` when the schema does not have it).
#[derive(Debug, Clone, Copy)]
pub struct Keywords<'v> {
    pub object: &'v Map<String, Value>,
    pub reference: Option<&'v Value>,
    pub rust_type: Option<&'v Value>,
    pub types: Option<&'v Value>,
    pub format: Option<&'v Value>,
    pub enum_values: Option<&'v Value>,
    pub nullable: Option<&'v Value>,
    pub description: Option<&'v Value>,
    pub examples: Option<&'v Value>,
    pub default: Option<&'v Value>,
    pub read_only: Option<&'v Value>,
    pub write_only: Option<&'v Value>,
    pub deprecated: Option<&'v Value>,
    pub all_of: Option<&'v Value>,
    pub one_of: Option<&'v Value>,
    pub any_of: Option<&'v Value>,
    pub not: Option<&'v Value>,
    pub properties: Option<&'v Value>,
    pub required: Option<&'v Value>,
    pub additional_properties: Option<&'v Value>,
    pub pattern_properties: Option<&'v Value>,
    pub items: Option<&'v Value>,
    pub prefix_items: Option<&'v Value>,
    pub min_length: Option<&'v Value>,
    pub max_length: Option<&'v Value>,
    pub pattern: Option<&'v Value>,
    pub min_items: Option<&'v Value>,
    pub max_items: Option<&'v Value>,
    pub minimum: Option<&'v Value>,
    pub maximum: Option<&'v Value>,
    pub exclusive_minimum: Option<&'v Value>,
    pub exclusive_maximum: Option<&'v Value>,
    pub multiple_of: Option<&'v Value>,
}

impl<'v> Keywords<'v> {
    /// Reads the keywords of `object` (a key appears once in an object, so each slot takes at most one value).
    pub fn of(object: &'v Map<String, Value>) -> Self {
        let mut keywords = Keywords {
            object,
            reference: None,
            rust_type: None,
            types: None,
            format: None,
            enum_values: None,
            nullable: None,
            description: None,
            examples: None,
            default: None,
            read_only: None,
            write_only: None,
            deprecated: None,
            all_of: None,
            one_of: None,
            any_of: None,
            not: None,
            properties: None,
            required: None,
            additional_properties: None,
            pattern_properties: None,
            items: None,
            prefix_items: None,
            min_length: None,
            max_length: None,
            pattern: None,
            min_items: None,
            max_items: None,
            minimum: None,
            maximum: None,
            exclusive_minimum: None,
            exclusive_maximum: None,
            multiple_of: None,
        };
        for (key, value) in object {
            let slot = match key.as_str() {
                "$ref" => &mut keywords.reference,
                super::schema::RUST_TYPE => &mut keywords.rust_type,
                "type" => &mut keywords.types,
                "format" => &mut keywords.format,
                "enum" => &mut keywords.enum_values,
                "nullable" => &mut keywords.nullable,
                "description" => &mut keywords.description,
                "examples" => &mut keywords.examples,
                "default" => &mut keywords.default,
                "readOnly" => &mut keywords.read_only,
                "writeOnly" => &mut keywords.write_only,
                "deprecated" => &mut keywords.deprecated,
                "allOf" => &mut keywords.all_of,
                "oneOf" => &mut keywords.one_of,
                "anyOf" => &mut keywords.any_of,
                "not" => &mut keywords.not,
                "properties" => &mut keywords.properties,
                "required" => &mut keywords.required,
                "additionalProperties" => &mut keywords.additional_properties,
                "patternProperties" => &mut keywords.pattern_properties,
                "items" => &mut keywords.items,
                "prefixItems" => &mut keywords.prefix_items,
                "minLength" => &mut keywords.min_length,
                "maxLength" => &mut keywords.max_length,
                "pattern" => &mut keywords.pattern,
                "minItems" => &mut keywords.min_items,
                "maxItems" => &mut keywords.max_items,
                "minimum" => &mut keywords.minimum,
                "maximum" => &mut keywords.maximum,
                "exclusiveMinimum" => &mut keywords.exclusive_minimum,
                "exclusiveMaximum" => &mut keywords.exclusive_maximum,
                "multipleOf" => &mut keywords.multiple_of,
                _ => continue,
            };
            *slot = Some(value);
        }
        keywords
    }

    /// Whether the schema allows `null` (`nullable: true`, as normalization writes it).
    pub fn is_nullable(&self) -> bool {
        self.nullable == Some(&Value::Bool(true))
    }

    /// The names of `type`, when it is an array (normalization writes every `type` as one).
    pub fn type_names(&self) -> TypeNames<'v> {
        TypeNames::of(self.types)
    }

    /// The `description`, unless it is blank.
    pub fn description(&self) -> Option<String> {
        self.description.and_then(Value::as_str).filter(|d| !d.trim().is_empty()).map(str::to_owned)
    }

    /// The `properties` object.
    pub fn properties(&self) -> Option<&'v Map<String, Value>> {
        self.properties.and_then(Value::as_object)
    }

    /// The `format` string.
    pub fn format(&self) -> Option<&'v str> {
        self.format.and_then(Value::as_str)
    }
}

/// Whether a flag keyword (`readOnly`, `deprecated`…) is there and `true`.
pub fn is_true(flag: Option<&Value>) -> bool {
    flag == Some(&Value::Bool(true))
}

/// The names of a `type` array (none when it is no array), read in place.
#[derive(Debug, Clone, Copy)]
pub struct TypeNames<'v>(&'v [Value]);

impl<'v> TypeNames<'v> {
    pub fn of(types: Option<&'v Value>) -> Self {
        match types {
            Some(Value::Array(names)) => TypeNames(names),
            _ => TypeNames(&[]),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &'v str> + use<'v> {
        self.0.iter().filter_map(Value::as_str)
    }

    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn first(&self) -> Option<&'v str> {
        self.iter().next()
    }
}
