//! IR: an arena of types and a list of operations, children referred to by id. Names are hints here;
//! the naming pass decides every identifier.

use serde_json::Value;

/// Alias hops followed before giving up (alias cycles are broken by `cycles`, this only bounds the work).
const MAX_ALIAS_HOPS: usize = 64;

/// Index of a type in [`Ir::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub u32);

/// How the naming pass should name a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameHint {
    /// A component schema key: claimed before any suggested name.
    Required(String),
    /// Parts to join for an inline type (parent type name first, then field or role).
    Suggested(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerKind {
    I32,
    I64,
    U32,
    U64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    F32,
    F64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringKind {
    Plain,
    DateTime,
    Date,
    Uuid,
    /// Only `""` (Stripe's "unset" marker, `enum: [""]`): one runtime type instead of one enum per use.
    Empty,
}

/// Constraints checked before sending (JSON Schema validation keywords).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rules {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: Option<f64>,
    pub exclusive_maximum: Option<f64>,
    pub multiple_of: Option<f64>,
}

impl Rules {
    pub fn is_empty(&self) -> bool {
        self == &Rules::default()
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub wire_name: String,
    pub ty: TypeId,
    pub required: bool,
    /// The schema allows `null` for this field.
    pub nullable: bool,
    pub default: Option<Value>,
    pub docs: Option<String>,
    pub rules: Rules,
    pub deprecated: bool,
    pub pointer: String,
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` given as `true` or a schema: unknown members are kept in a map of this type.
    pub additional: Option<TypeId>,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub wire: String,
}

#[derive(Debug, Clone)]
pub struct StringEnum {
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub ty: TypeId,
    /// A name for the variant when its type is anonymous or primitive.
    pub hint: String,
}

#[derive(Debug, Clone)]
pub struct Union {
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone)]
pub struct TaggedVariant {
    pub tags: Vec<String>,
    pub ty: TypeId,
    pub hint: String,
}

#[derive(Debug, Clone)]
pub struct Tagged {
    pub property: String,
    pub variants: Vec<TaggedVariant>,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    /// Any JSON value (`serde_json::Value`).
    Any,
    /// A type with no values other than `null` (`()` on the wire as null).
    Null,
    Bool,
    Integer(IntegerKind),
    Number(NumberKind),
    String(StringKind),
    Array(TypeId),
    /// An object with string keys and values of one type.
    Map(TypeId),
    /// `T` or `null`.
    Nullable(TypeId),
    /// A named reference to another type (a component schema that is another schema's twin, or a ref'd primitive).
    Alias(TypeId),
    Struct(Struct),
    Enum(StringEnum),
    Union(Union),
    Tagged(Tagged),
    /// A Rust type of the user's, by path (`x-rust-type`, or a generation setting that replaced a schema): printed
    /// as written, never generated, assumed to implement what the generated code asks of it.
    External(String),
    /// Filled in later (a component whose lowering is in progress or pending).
    Pending,
}

#[derive(Debug, Clone)]
pub struct Type {
    pub kind: TypeKind,
    /// Present for types that become a named Rust item.
    pub name: Option<NameHint>,
    pub docs: Option<String>,
    pub pointer: String,
    pub examples: Vec<Value>,
}

impl Type {
    /// Whether this type becomes its own Rust item (struct, enum or type alias).
    pub fn is_named(&self) -> bool {
        self.name.is_some()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    Form,
    DeepObject,
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub wire_name: String,
    pub location: ParamLocation,
    pub ty: TypeId,
    pub required: bool,
    pub style: QueryStyle,
    /// The constraints of the parameter's schema, checked before the request is sent.
    pub rules: Rules,
    pub docs: Option<String>,
    pub pointer: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    Json,
    Form,
    Multipart,
    Bytes,
    Text,
}

#[derive(Debug, Clone)]
pub struct BodyOption {
    pub media_type: String,
    pub encoding: BodyEncoding,
    pub ty: TypeId,
    /// Where the schema is in the document, after following the body's `$ref`: its examples are checked there.
    pub schema_source: String,
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub required: bool,
    pub options: Vec<BodyOption>,
    pub docs: Option<String>,
}

/// How a response body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseEncoding {
    Json,
    /// One JSON value per line, read as a stream (`application/x-ndjson`, `application/jsonl`, a JSON type with a
    /// `stream` parameter); the type is the item's.
    JsonLines,
    /// Server-sent events (`text/event-stream`), read as a stream; the type is the events' data, decoded from
    /// JSON (`None`: the data is kept as text).
    EventStream,
    Text,
    Bytes,
    Empty,
}

/// A media type a response declares besides the one its method decodes, which a caller may ask for.
#[derive(Debug, Clone)]
pub struct MediaAlternative {
    /// As the document writes it.
    pub media_type: String,
    pub encoding: ResponseEncoding,
    /// The type of a JSON or JSON Lines alternative (per item), when the generator has one: the decoded media
    /// type's schema, a named schema or an array of one; `None` otherwise.
    pub ty: Option<TypeId>,
}

/// Which statuses a declared response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    Exact(u16),
    /// `2XX` and friends: the hundreds digit.
    Range(u16),
    Default,
}

impl StatusMatch {
    pub fn is_success(self) -> bool {
        match self {
            StatusMatch::Exact(code) => (200..300).contains(&code),
            StatusMatch::Range(class) => class == 2,
            StatusMatch::Default => false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: StatusMatch,
    pub encoding: ResponseEncoding,
    pub ty: Option<TypeId>,
    pub docs: Option<String>,
    /// Where the schema is in the document, after following the response's `$ref` (empty without content).
    pub schema_source: String,
    /// The media type the method decodes, as the document writes it (`None` without content).
    pub media_type: Option<String>,
    /// The response's other media types, in document order.
    pub alternatives: Vec<MediaAlternative>,
}

/// Splits off the first `{name}` group of an operation's path template: the text before it, the name, and the
/// text after it. A group is a `{` whose next brace is a `}`; any other brace is text.
///
/// The runtime reads templates by the same rule when it fills in path parameters (`split_path_group` in
/// `runtime/request.rs`), so the groups the generator sees are exactly the ones sent requests fill.
pub fn split_path_group(template: &str) -> Option<(&str, &str, &str)> {
    let mut from = 0;
    loop {
        let open = from + template[from..].find('{')?;
        let close = open + 1 + template[open + 1..].find(['{', '}'])?;
        if template[close..].starts_with('}') {
            return Some((&template[..open], &template[open + 1..close], &template[close + 1..]));
        }
        from = close;
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub operation_id: Option<String>,
    pub method: String,
    pub path: String,
    pub summary: Option<String>,
    pub docs: Option<String>,
    /// The operation's `tags`, in document order.
    pub tags: Vec<String>,
    pub deprecated: bool,
    pub parameters: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    pub pointer: String,
    /// The operation's own `security`; `None` when it states none and the document's applies.
    pub security: Option<Requirement>,
    /// How the operation pages, when it does (`lower/pagination.rs`).
    pub pagination: Option<Pagination>,
}

/// How a list operation asks for its next page, and where a page keeps its items.
#[derive(Debug, Clone)]
pub struct Pagination {
    pub next: NextPage,
    /// The members from the page to its items; empty when the page is the array.
    pub items: Vec<Member>,
    /// The type of one item.
    pub item: TypeId,
    /// Declared by the operation's `x-pagination`, not recognised.
    pub declared: bool,
}

/// One step down a member path: member `index` of the struct `owner`, which the Rust member wraps in `options`
/// `Option`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub owner: TypeId,
    pub index: usize,
    pub options: u8,
}

/// Where a request carries a cursor or an offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagePlace {
    /// The query parameter of this wire name.
    Query(String),
    /// The member of this wire name of the JSON request body.
    Body(String),
}

/// How the next page is asked for.
#[derive(Debug, Clone)]
pub enum NextPage {
    /// The page names the next cursor at `token`, sent in `place`.
    Cursor { place: PagePlace, token: Vec<Member> },
    /// The next offset, the last one plus the items received, is sent in `place`.
    Offset { place: PagePlace },
    /// The next page number, the last one plus one, is sent in `place`; `first` is the number of the page a
    /// request that sets none gets.
    Page { place: PagePlace, first: u64 },
    /// The page names the next page's URL at `token`.
    Url { token: Vec<Member> },
    /// The `Link` response header names the next page's URL.
    Link,
}

/// A server the document declares: a URL template whose `{name}` groups are its variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
    pub variables: Vec<ServerVariable>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVariable {
    pub name: String,
    pub default: String,
    /// The values it may take (its `enum`); any value when empty.
    pub values: Vec<String>,
}

impl Server {
    /// The URL with every variable at its default (the template's groups all name a variable: lowering checks).
    pub fn default_url(&self) -> String {
        let mut url = String::new();
        let mut rest = self.url.as_str();
        while let Some((before, name, after)) = split_server_group(rest) {
            url.push_str(before);
            match self.variables.iter().find(|variable| variable.name == name) {
                Some(variable) => url.push_str(&variable.default),
                None => {
                    url.push('{');
                    url.push_str(name);
                    url.push('}');
                }
            }
            rest = after;
        }
        url.push_str(rest);
        url
    }
}

/// Splits off the first `{name}` group of a server URL template: the text before it, the name, and the text after
/// it. A group runs from a `{` to the next `}`, the rule the runtime's `Server::url_with` fills them by.
pub fn split_server_group(template: &str) -> Option<(&str, &str, &str)> {
    let open = template.find('{')?;
    let close = open + template[open..].find('}')?;
    Some((&template[..open], &template[open + 1..close], &template[close + 1..]))
}

/// Where an API key travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

/// What a security scheme asks the client to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// An API key in the header, query parameter or cookie `name`.
    ApiKey { location: ApiKeyLocation, name: String },
    /// HTTP basic: a user and a password.
    Basic,
    /// HTTP bearer: a token.
    Bearer,
    /// OAuth 2: an access token sent as a bearer token. `token_url` is the client credentials flow's and
    /// `password_url` the resource owner password flow's, when the document declares that flow (as it writes
    /// them: the runtime resolves a relative one against the base URL), and `scopes` every scope a requirement
    /// asks of the scheme.
    OAuth2 { token_url: Option<String>, password_url: Option<String>, scopes: Vec<String> },
    /// OpenID Connect: an access token sent as a bearer token.
    OpenIdConnect,
}

/// One entry of `components.securitySchemes` the client can send.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// The key under `components.securitySchemes`.
    pub key: String,
    pub kind: SchemeKind,
    pub docs: Option<String>,
    pub pointer: String,
}

/// A security requirement: alternatives, each the ids of the schemes that must all be sent together. An empty
/// list requires nothing; an empty alternative allows anonymous access.
pub type Requirement = Vec<Vec<usize>>;

/// A component schema that is structurally the same as another and is emitted as a type alias of it.
#[derive(Debug, Clone)]
pub struct Twin {
    /// The twin's own type: an alias of `target` named by its component key, which `$ref`s to it use.
    pub id: TypeId,
    /// The representative's type.
    pub target: TypeId,
}

#[derive(Debug, Clone, Default)]
pub struct Ir {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The document's top-level servers with a usable URL, in its order.
    pub servers: Vec<Server>,
    pub types: Vec<Type>,
    pub operations: Vec<Operation>,
    pub twins: Vec<Twin>,
    /// `components.securitySchemes` the client can send, in document order: a scheme's id is its index.
    pub security_schemes: Vec<SecurityScheme>,
    /// The document's `security`: what operations that state none require.
    pub security: Requirement,
}

impl Ir {
    pub fn add(&mut self, ty: Type) -> TypeId {
        let id = TypeId(u32::try_from(self.types.len()).unwrap_or(u32::MAX));
        self.types.push(ty);
        id
    }

    pub fn get(&self, id: TypeId) -> &Type {
        &self.types[id.0 as usize]
    }

    pub fn get_mut(&mut self, id: TypeId) -> &mut Type {
        &mut self.types[id.0 as usize]
    }

    pub fn ids(&self) -> impl Iterator<Item = TypeId> + '_ {
        (0..self.types.len()).map(|i| TypeId(i as u32))
    }

    /// The type behind aliases and `Option`s.
    pub fn resolve(&self, mut id: TypeId) -> TypeId {
        for _ in 0..MAX_ALIAS_HOPS {
            match &self.get(id).kind {
                TypeKind::Alias(target) | TypeKind::Nullable(target) => id = *target,
                _ => break,
            }
        }
        id
    }

    /// The first type behind aliases that is not an alias.
    fn unaliased(&self, mut id: TypeId) -> &TypeKind {
        for _ in 0..MAX_ALIAS_HOPS {
            match &self.get(id).kind {
                TypeKind::Alias(target) => id = *target,
                kind => return kind,
            }
        }
        &self.get(id).kind
    }

    /// Whether the type is an `Option` behind its aliases.
    pub fn is_option(&self, id: TypeId) -> bool {
        matches!(self.unaliased(id), TypeKind::Nullable(_))
    }

    /// Whether the type is any JSON value (`serde_json::Value`) behind its aliases.
    pub fn is_any(&self, id: TypeId) -> bool {
        matches!(self.unaliased(id), TypeKind::Any | TypeKind::Pending)
    }
}
