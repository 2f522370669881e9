//! Path templates and how they read: text and `{name}` groups in turn, ending with the text after the last group.
//! A group is a `{` whose next brace is a `}`; any other brace is text. The generator decides by this reading
//! which groups are parameters (checked in `main.rs`) and the runtime fills the same groups (checked by
//! `tests/client/tests/client_runtime.rs`, which includes this file): if the two read a template differently, a
//! parameter is sent as its `{name}`.

/// Each template with its reading: text, name, text, name, …, text.
pub const PATH_TEMPLATES: &[(&str, &[&str])] = &[
    ("/", &["/"]),
    ("/pets/{id}", &["/pets/", "id", ""]),
    ("/{type}/{self}", &["/", "type", "/", "self", ""]),
    ("/{}", &["/", "", ""]),
    ("/{ }", &["/", " ", ""]),
    ("/x{", &["/x{"]),
    ("/a}b{", &["/a}b{"]),
    ("/a/{id}/b/{id}", &["/a/", "id", "/b/", "id", ""]),
    ("/😀/{😀}", &["/😀/", "😀", ""]),
    ("/a{b/{id}", &["/a{b/", "id", ""]),
    ("/{a{b}", &["/{a", "b", ""]),
    ("/{a}{b}/{{c}}", &["/", "a", "", "b", "/{", "c", "}"]),
    ("/}{a}{", &["/}", "a", "{"]),
    ("/{x/{id}/y}", &["/{x/", "id", "/y}"]),
    ("/a/{id}.{format}", &["/a/", "id", ".", "format", ""]),
];
