//! Located errors and warnings: every problem names where in the input it comes from.

use std::fmt;

/// Where in the input a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A position in the source text (1-based line and column), known for syntax errors.
    Text { file: String, line: usize, column: usize },
    /// A JSON pointer into the parsed document (RFC 6901, with the `#` prefix).
    Pointer { file: String, pointer: String },
    /// The whole file.
    File { file: String },
}

impl Location {
    /// A location naming a JSON pointer inside `file`.
    pub fn pointer(file: &str, pointer: &str) -> Self {
        Location::Pointer { file: file.to_owned(), pointer: pointer.to_owned() }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Text { file, line, column } => write!(f, "{file}:{line}:{column}"),
            Location::Pointer { file, pointer } => write!(f, "{file}#{}", pointer.trim_start_matches('#')),
            Location::File { file } => write!(f, "{file}"),
        }
    }
}

/// A problem that stops generation.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{location}: {message}")]
pub struct Error {
    pub location: Location,
    pub message: String,
}

impl Error {
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Error { location, message: message.into() }
    }
}

/// Every error found before generation stopped, reported together.
#[derive(Debug, Clone, thiserror::Error)]
pub struct Errors(pub Vec<Error>);

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {error}")?;
        }
        Ok(())
    }
}

impl From<Error> for Errors {
    fn from(error: Error) -> Self {
        Errors(vec![error])
    }
}

/// What kind of thing a warning reports, so tools can count them by cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    /// The document breaks the OpenAPI rules but its intent is clear.
    ImperfectDocument,
    /// A construct the generator does not model; the value became `serde_json::Value`.
    Untyped,
    /// An example in the document does not validate against its own schema.
    InvalidExample,
    /// Two names collided and one was changed to break the tie.
    Renamed,
    /// A constraint the generated code cannot check (for example an unsupported regex).
    ConstraintDropped,
    /// A security scheme the client supports only in part or not at all, or a requirement naming a scheme the
    /// document does not declare.
    Security,
    /// A response media type the client offers only as text or bytes (XML, YAML, Protocol Buffers…), or cannot
    /// read as it arrives (a stream that is not JSON Lines).
    MediaType,
    /// A generation setting that has no effect (a selector that selects no operation).
    Settings,
    /// A note, not a problem: an operation that pages, and how (or one whose several ways to the next page need
    /// `x-pagination` to choose).
    Pagination,
}

impl WarningKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::ImperfectDocument => "imperfect-document",
            WarningKind::Untyped => "untyped",
            WarningKind::InvalidExample => "invalid-example",
            WarningKind::Renamed => "renamed",
            WarningKind::ConstraintDropped => "constraint-dropped",
            WarningKind::Security => "security",
            WarningKind::MediaType => "media-type",
            WarningKind::Settings => "settings",
            WarningKind::Pagination => "pagination",
        }
    }
}

/// A problem that generation worked around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub kind: WarningKind,
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: [{}] {}", self.location, self.kind.as_str(), self.message)
    }
}

/// Collects warnings in the order they are found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    file: String,
    warnings: Vec<Warning>,
}

impl Diagnostics {
    pub fn new(file: &str) -> Self {
        Diagnostics { file: file.to_owned(), warnings: Vec::new() }
    }

    pub fn warn(&mut self, kind: WarningKind, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Warning { kind, location: Location::pointer(&self.file, pointer), message: message.into() });
    }

    /// A warning about another file than the document (the generation settings).
    pub fn warn_at(&mut self, kind: WarningKind, location: Location, message: impl Into<String>) {
        self.warnings.push(Warning { kind, location, message: message.into() });
    }

    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::new(Location::pointer(&self.file, pointer), message)
    }

    /// Takes the warnings of a pass that ran apart (on another thread), after the ones already here.
    pub fn append(&mut self, other: Diagnostics) {
        self.warnings.extend(other.warnings);
    }

    pub fn into_warnings(self) -> Vec<Warning> {
        self.warnings
    }
}
