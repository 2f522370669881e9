//! Members whose type is about to change. An optional member with a schema default (`paused`, `is_paused`,
//! `active`, `enabled`...) is a plain `T` in the generated structs today (`default` and `default_with(...)`
//! kinds of `object!`, always sent); the generator fix makes it `Option<T>` (sent only when `Some`).
//!
//! Every place the driver sets or reads such a member goes through [`Set::set`] or [`Get::get`], which
//! compile against both shapes, so `grep -n '\.set(\|\.get()' src/` finds them all. Once the fix has landed
//! they can become plain `Some(v)` assignments and reads, and this module can go.

/// Gives a member its value, whether it is `T` or `Option<T>`.
pub trait Set<T> {
    fn set(&mut self, value: T);
}

impl<T> Set<T> for T {
    fn set(&mut self, value: T) {
        *self = value;
    }
}

impl<T> Set<T> for Option<T> {
    fn set(&mut self, value: T) {
        *self = Some(value);
    }
}

/// Reads a member that is `T` or `Option<T>` as an `Option<T>`.
pub trait Get<T> {
    fn get(&self) -> Option<T>;
}

impl Get<bool> for bool {
    fn get(&self) -> Option<bool> {
        Some(*self)
    }
}

impl Get<bool> for Option<bool> {
    fn get(&self) -> Option<bool> {
        *self
    }
}

impl Get<i64> for i64 {
    fn get(&self) -> Option<i64> {
        Some(*self)
    }
}

impl Get<i64> for Option<i64> {
    fn get(&self) -> Option<i64> {
        *self
    }
}
