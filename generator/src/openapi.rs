//! Facts of the OpenAPI document format that several stages rely on.

/// The operations a path item can hold, by their keys, in the order the specification lists them.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
