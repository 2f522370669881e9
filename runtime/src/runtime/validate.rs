//! Validation: the constraints of the API description (lengths, patterns, bounds, item counts, known
//! enum values, recognised union shapes), checked before a value is sent, or after decoding when
//! strict decoding is on. Decoding itself never checks them.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

/// One broken constraint, with the path of the value that broke it (`channels[0].configs.url`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() { write!(f, "{}", self.message) } else { write!(f, "{}: {}", self.path, self.message) }
    }
}

/// Every constraint a value broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// The broken constraints, in the order they were found.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid value: ")?;
        for (index, violation) in self.violations.iter().enumerate() {
            if index > 0 {
                write!(f, "; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Walks a value, tracking the path, and collects violations.
#[derive(Debug, Default)]
pub struct Validator {
    path: Vec<String>,
    violations: Vec<Violation>,
}

impl Validator {
    /// Validates a member of an object.
    pub fn field<T: Validate + ?Sized>(&mut self, name: &str, value: &T) {
        self.path.push(name.to_owned());
        value.validate_into(self);
        self.path.pop();
    }

    /// Checks the constraints of a member of an object.
    pub fn rules<T: Check + ?Sized>(&mut self, name: &str, value: &T, rules: &Rules) {
        self.path.push(name.to_owned());
        value.check(rules, self);
        self.path.pop();
    }

    /// Records a violation at the current path.
    pub fn violation(&mut self, message: impl Into<String>) {
        let mut path = String::new();
        for part in &self.path {
            if part.starts_with('[') || path.is_empty() {
                path.push_str(part);
            } else {
                path.push('.');
                path.push_str(part);
            }
        }
        self.violations.push(Violation { path, message: message.into() });
    }

    fn item<T: Validate + ?Sized>(&mut self, index: usize, value: &T) {
        self.path.push(format!("[{index}]"));
        value.validate_into(self);
        self.path.pop();
    }

    /// Every violation recorded, as an error, or `Ok` when there is none.
    pub fn finish(self) -> Result<(), ValidationError> {
        if self.violations.is_empty() { Ok(()) } else { Err(ValidationError { violations: self.violations }) }
    }
}

/// A value that can be checked against the API description's constraints.
pub trait Validate {
    /// Records every violation inside this value; values without constraints have none.
    fn validate_into(&self, v: &mut Validator) {
        let _ = v;
    }

    /// Checks the whole value.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut validator = Validator::default();
        self.validate_into(&mut validator);
        validator.finish()
    }
}

macro_rules! always_valid {
    ($($t:ty),*) => {
        $(impl Validate for $t {})*
    };
}

always_valid!(
    (),
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    str,
    String,
    serde_json::Value,
    chrono::NaiveDate,
    chrono::DateTime<chrono::Utc>
);

impl<T: Validate> Validate for [T] {
    fn validate_into(&self, v: &mut Validator) {
        for (index, item) in self.iter().enumerate() {
            v.item(index, item);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_into(&self, v: &mut Validator) {
        self.as_slice().validate_into(v);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_into(&self, v: &mut Validator) {
        if let Some(value) = self {
            value.validate_into(v);
        }
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_into(&self, v: &mut Validator) {
        (**self).validate_into(v);
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate_into(&self, v: &mut Validator) {
        (**self).validate_into(v);
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_into(&self, v: &mut Validator) {
        for (key, value) in self {
            v.field(key, value);
        }
    }
}

/// The JSON Schema validation keywords of one value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<&'static str>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: Option<f64>,
    pub exclusive_maximum: Option<f64>,
    pub multiple_of: Option<f64>,
}

impl Rules {
    /// No constraints; the base for struct-update syntax.
    pub const NONE: Rules = Rules {
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
}

/// A value that the validation keywords apply to directly.
pub trait Check {
    fn check(&self, rules: &Rules, v: &mut Validator);
}

impl Check for String {
    fn check(&self, rules: &Rules, v: &mut Validator) {
        self.as_str().check(rules, v);
    }
}

impl Check for str {
    fn check(&self, rules: &Rules, v: &mut Validator) {
        let length = self.chars().count();
        if let Some(min) = rules.min_length {
            if length < min {
                v.violation(format!("must be at least {min} characters long, is {length}"));
            }
        }
        if let Some(max) = rules.max_length {
            if length > max {
                v.violation(format!("must be at most {max} characters long, is {length}"));
            }
        }
        if let Some(pattern) = rules.pattern {
            if !matches_pattern(pattern, self) {
                v.violation(format!("must match the pattern {pattern:?}"));
            }
        }
    }
}

fn matches_pattern(pattern: &'static str, text: &str) -> bool {
    static CACHE: OnceLock<Mutex<BTreeMap<&'static str, Option<regex_lite::Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(BTreeMap::new()));
    let mut cache = match cache.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    };
    let regex = cache.entry(pattern).or_insert_with(|| regex_lite::Regex::new(pattern).ok());
    // The generator only emits patterns that compile; one that does not is not enforced.
    regex.as_ref().is_none_or(|regex| regex.is_match(text))
}

macro_rules! check_number {
    ($($t:ty),*) => {
        $(impl Check for $t {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn check(&self, rules: &Rules, v: &mut Validator) {
                check_bounds(*self as f64, rules, v);
            }
        })*
    };
}

check_number!(i32, i64, u32, u64, f32, f64);

fn check_bounds(value: f64, rules: &Rules, v: &mut Validator) {
    if let Some(min) = rules.minimum {
        if value < min {
            v.violation(format!("must be at least {min}, is {value}"));
        }
    }
    if let Some(max) = rules.maximum {
        if value > max {
            v.violation(format!("must be at most {max}, is {value}"));
        }
    }
    if let Some(min) = rules.exclusive_minimum {
        if value <= min {
            v.violation(format!("must be greater than {min}, is {value}"));
        }
    }
    if let Some(max) = rules.exclusive_maximum {
        if value >= max {
            v.violation(format!("must be less than {max}, is {value}"));
        }
    }
    if let Some(step) = rules.multiple_of {
        let quotient = value / step;
        if (quotient - quotient.round()).abs() > 1e-9 {
            v.violation(format!("must be a multiple of {step}, is {value}"));
        }
    }
}

impl<T> Check for Vec<T> {
    fn check(&self, rules: &Rules, v: &mut Validator) {
        self.as_slice().check(rules, v);
    }
}

impl<T> Check for [T] {
    fn check(&self, rules: &Rules, v: &mut Validator) {
        let count = self.len();
        if let Some(min) = rules.min_items {
            if count < min {
                v.violation(format!("must have at least {min} items, has {count}"));
            }
        }
        if let Some(max) = rules.max_items {
            if count > max {
                v.violation(format!("must have at most {max} items, has {count}"));
            }
        }
    }
}

impl<T: Check> Check for Option<T> {
    fn check(&self, rules: &Rules, v: &mut Validator) {
        if let Some(value) = self {
            value.check(rules, v);
        }
    }
}

impl<T: Check + ?Sized> Check for &T {
    fn check(&self, rules: &Rules, v: &mut Validator) {
        (**self).check(rules, v);
    }
}

impl<T: Check + ?Sized> Check for Box<T> {
    fn check(&self, rules: &Rules, v: &mut Validator) {
        (**self).check(rules, v);
    }
}

/// Decodes JSON and then validates it: strict decoding for callers who want it.
pub fn from_str_strict<T>(json: &str) -> Result<T, StrictDecodeError>
where
    T: serde::de::DeserializeOwned + Validate,
{
    let value: T = serde_json::from_str(json).map_err(StrictDecodeError::Json)?;
    value.validate().map_err(StrictDecodeError::Invalid)?;
    Ok(value)
}

/// Why strict decoding refused a document.
#[derive(Debug)]
pub enum StrictDecodeError {
    /// The text is not JSON of the expected shape.
    Json(serde_json::Error),
    /// The JSON has the expected shape but breaks a constraint.
    Invalid(ValidationError),
}

impl fmt::Display for StrictDecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StrictDecodeError::Json(error) => write!(f, "could not decode: {error}"),
            StrictDecodeError::Invalid(error) => write!(f, "decoded, but strict decoding refused it: {error}"),
        }
    }
}

impl std::error::Error for StrictDecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StrictDecodeError::Json(error) => Some(error),
            StrictDecodeError::Invalid(error) => Some(error),
        }
    }
}

impl Rules {
    pub const fn min_length(mut self, n: usize) -> Self {
        self.min_length = Some(n);
        self
    }

    pub const fn max_length(mut self, n: usize) -> Self {
        self.max_length = Some(n);
        self
    }

    pub const fn pattern(mut self, pattern: &'static str) -> Self {
        self.pattern = Some(pattern);
        self
    }

    pub const fn min_items(mut self, n: usize) -> Self {
        self.min_items = Some(n);
        self
    }

    pub const fn max_items(mut self, n: usize) -> Self {
        self.max_items = Some(n);
        self
    }

    pub const fn minimum(mut self, bound: f64) -> Self {
        self.minimum = Some(bound);
        self
    }

    pub const fn maximum(mut self, bound: f64) -> Self {
        self.maximum = Some(bound);
        self
    }

    pub const fn exclusive_minimum(mut self, bound: f64) -> Self {
        self.exclusive_minimum = Some(bound);
        self
    }

    pub const fn exclusive_maximum(mut self, bound: f64) -> Self {
        self.exclusive_maximum = Some(bound);
        self
    }

    pub const fn multiple_of(mut self, step: f64) -> Self {
        self.multiple_of = Some(step);
        self
    }
}
