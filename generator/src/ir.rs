//! The checked, spec-independent description of an SDK that emission works from. Collections
//! keep the spec's order, so the same spec always gives the same output.

/// Everything the SDK is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The first server URL, the SDK's default base URL.
    pub base_url: Option<String>,
    /// The security schemes that operations require, in the order the requirements name
    /// them first (the document's, then each operation's): the first is the one `Client::new`'s
    /// key is for.
    pub schemes: Vec<SecurityScheme>,
    /// The document's security requirement, which operations without their own inherit.
    pub security: Security,
    /// Named types, components first (in spec order), each inline type after its parent; a
    /// type's [`TypeId`] is its index here.
    pub types: Types,
    /// Endpoint groups, in the order their first operation appears in the spec (a resource
    /// that holds sub-resources only, before the first of them).
    pub resources: Vec<Resource>,
}

/// A group of operations reached as `client.<name>()`, or, nested in another resource, as
/// `client.<parent>().<name>()`.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// `snake_case` accessor and module name, on the client or on the parent's handle.
    pub name: String,
    /// The names of the resources it is nested in, outermost first: empty for a resource the
    /// client reaches itself.
    pub parents: Vec<String>,
    /// `UpperCamelCase` handle type, which shares the namespace of the models (assigned by
    /// the naming pass).
    pub type_name: String,
    /// Rustdoc text (the tag's description, when the group is a tag).
    pub doc: Option<String>,
    /// In spec order.
    pub operations: Vec<Operation>,
}

impl Resource {
    /// The names from the client down to this resource, joined by `separator`: with `.`
    /// the resource as `resource.method` names its methods, with `().` the accessor calls
    /// after `client.`, with `/` its file under `src/resources/`.
    pub fn path(&self, separator: &str) -> String {
        let mut names: Vec<&str> = self.parents.iter().map(String::as_str).collect();
        names.push(&self.name);
        names.join(separator)
    }

    /// Whether `other` is nested right in this resource.
    pub fn is_parent_of(&self, other: &Resource) -> bool {
        other.parents.len() == self.parents.len() + 1
            && other.parents.last() == Some(&self.name)
            && other.parents[..self.parents.len()] == self.parents[..]
    }
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `snake_case` method name.
    pub name: String,
    /// Upper-case HTTP method, e.g. `GET`.
    pub method: String,
    /// The path template as written in the spec, e.g. `/assistants/{id}`, without a
    /// `#fragment` some specs add to tell operations on one path apart.
    pub path: String,
    /// The path split into literal text and parameters, in order.
    pub path_parts: Vec<PathPart>,
    /// Rustdoc text: summary and description.
    pub doc: Option<String>,
    /// Path parameters, in the order they appear in the path.
    pub path_params: Vec<Param>,
    /// Query and header parameters, gathered in one struct of the models.
    pub parameters: Option<Parameters>,
    /// The JSON request body, if any.
    pub body: Option<Body>,
    /// How the body of a successful response is read, and what it becomes.
    pub response: ResponseKind,
    /// The `Accept` header the request sends instead of the client's JSON one: the media
    /// type of a response that is not JSON, else, for a response without a body, the one
    /// value an (ignored) `Accept` parameter allows.
    pub accept: Option<String>,
    /// Marked `deprecated` in the spec.
    pub deprecated: bool,
    /// The credentials the operation needs: its own requirement, else the document's.
    pub security: Security,
    /// Non-2xx statuses that are this operation's typed outcome rather than errors, when
    /// it declares no 2xx response.
    pub outcome: Outcome,
    /// Whether its requests carry an idempotency key, from `x-idempotency-key`.
    pub idempotency: Idempotency,
    /// How the pages of a list operation follow each other, when the spec shows it.
    pub pagination: Option<Pagination>,
    /// The method that reads its answer as a stream of events, when it answers with
    /// `text/event-stream`.
    pub stream: Option<EventStream>,
}

/// A method returning the events of a `text/event-stream` answer, each event's `data:`
/// decoded into `item`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventStream {
    /// `snake_case` method name: the operation's own when events are its only answer, else
    /// that of a twin of its JSON method (`<name>_stream`).
    pub name: String,
    /// The media type asked for.
    pub media: String,
    /// What each event decodes into: its data, or with `envelopes`, the whole event.
    pub item: TypeRef,
    /// Whether the items are whole events (`{event, data, id}`), a union told apart by the
    /// event's name, rather than their data alone.
    pub envelopes: bool,
    /// The boolean property of the JSON body set to `true` to ask for events.
    pub stream_flag: Option<String>,
}

/// Whether the requests of an operation carry an idempotency key (`x-idempotency-key` of
/// the operation, else of the document). Requests that are safe to repeat (GET, HEAD,
/// OPTIONS) never carry one, and the spec's choice is left to the client for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Idempotency {
    /// The spec says nothing: the client's setting decides.
    Unset,
    /// A fresh key in this header, the same on each retry.
    Header(String),
    /// Switched off for this operation (`x-idempotency-key: false`).
    Off,
}

/// How a list operation's pages follow each other: found in the spec by `lower::pagination`
/// (or stated by its `x-pagination` extension), followed by the runtime's paginator.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// How the request for the next page is made.
    pub next: NextPage,
    /// Where the items of a page are.
    pub items: Items,
    /// A boolean field of the page that is `false` on the last one.
    pub has_more: Option<FieldPath>,
    /// An integer field of the page: the number of items of the whole list.
    pub total: Option<FieldPath>,
    /// The parameter (an index into [`Parameters::fields`]) that sets how many items a page
    /// holds, so that a shorter page is known to be the last.
    pub size: Option<usize>,
    /// The page size the server assumes when the request sets none (the size parameter's
    /// `default`).
    pub default_size: Option<u64>,
    /// `snake_case` name of the method that returns the pages (assigned by the naming pass).
    pub pages_method: String,
    /// `snake_case` name of the method that returns the items (assigned by the naming pass).
    pub items_method: String,
}

/// How the request for the next page is made from the last page.
#[derive(Debug, Clone, PartialEq)]
pub enum NextPage {
    /// The query parameter `param` (an index into [`Parameters::fields`]) is set to a cursor
    /// taken from the page.
    Cursor {
        /// The cursor parameter.
        param: usize,
        /// Where the cursor comes from.
        from: CursorSource,
    },
    /// The query parameter `param` is the number of items to skip: the count seen so far.
    Offset {
        /// The offset parameter.
        param: usize,
    },
    /// The query parameter `param` is the page number, from `first`.
    Page {
        /// The page parameter.
        param: usize,
        /// The number of the first page: the parameter's `default`, else its `minimum`.
        first: i64,
    },
    /// The URL of the `Link` response header's `rel="next"` entry.
    LinkHeader,
    /// A URL in this field of the page.
    Url(FieldPath),
}

/// Where a cursor comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum CursorSource {
    /// A field of the page (its absence, null or empty text ends the list).
    Field(FieldPath),
    /// This field (an index into the item struct's fields) of the page's last item, the
    /// page's `has_more` saying whether there is a next one.
    LastItem(usize),
}

/// Where the items of a page are.
#[derive(Debug, Clone, PartialEq)]
pub enum Items {
    /// The response body is the array of items.
    Body,
    /// This array field of the page.
    Field(FieldPath),
}

/// A field reached from the response's struct through fields of structs: each step is a
/// struct type and the index of one of its fields, so that the path names no Rust name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath(pub Vec<(TypeId, usize)>);

impl FieldPath {
    /// The field the path ends at.
    pub fn last_field<'a>(&self, types: &'a Types) -> Option<&'a Field> {
        let &(id, index) = self.0.last()?;
        types.fields(id).get(index)
    }
}

/// How the body of a response is read and what it becomes: the media type decides, and
/// the emitted code reads each kind its own way (the type alone no longer says how).
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseKind {
    /// No body the spec describes: `()`, the body ignored.
    Empty,
    /// JSON (`application/json` or a `+json` type), decoded into this type.
    Json(TypeRef),
    /// Raw bytes of this media type, kept as `Binary`.
    Bytes(String),
    /// Text of this `text/*` media type, kept as `Binary` (whose `text()` reads it).
    Text(String),
    /// A `text/event-stream` of this media type: its body is read once the headers are in,
    /// outside the timeout and the retries, and kept as `Binary` until events are decoded.
    EventStream(String),
    /// Bodies that differ by status: this [`TypeKind::ByStatus`] enum, whose variants have
    /// a kind each (never this one).
    ByStatus(TypeId),
}

impl ResponseKind {
    /// The Rust type the body becomes; `None` for `()`.
    pub fn rust_type(&self) -> Option<TypeRef> {
        match self {
            Self::Empty => None,
            Self::Json(ty) => Some(ty.clone()),
            Self::Bytes(_) | Self::Text(_) | Self::EventStream(_) => Some(TypeRef::Binary),
            Self::ByStatus(id) => Some(TypeRef::Named(*id)),
        }
    }

    /// The media type to ask for, when the body is not JSON.
    pub fn media_type(&self) -> Option<&str> {
        match self {
            Self::Bytes(media) | Self::Text(media) | Self::EventStream(media) => Some(media),
            Self::Empty | Self::Json(_) | Self::ByStatus(_) => None,
        }
    }

    /// Calls `f` on every type id the kind names.
    pub fn for_each_id(&mut self, f: &mut impl FnMut(&mut TypeId)) {
        match self {
            Self::Json(ty) => ty.for_each_id(f),
            Self::ByStatus(id) => f(id),
            Self::Empty | Self::Bytes(_) | Self::Text(_) | Self::EventStream(_) => {}
        }
    }
}

/// Which responses an operation decodes as its typed result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx statuses; everything else is an error.
    Success,
    /// 2xx and these statuses, or ranges (`3` for `3XX`): the spec declares only redirects.
    Statuses(Vec<StatusMatch>),
    /// Every status below 500: the spec declares only a `default` response.
    Default,
}

/// A declared status or range of statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// One status.
    Code(u16),
    /// Every status of this hundred (`3` for `3XX`).
    Range(u16),
}

/// A security scheme of `#/components/securitySchemes` that some operation requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its name in the spec.
    pub wire: String,
    /// `snake_case` name of its credential's `ClientBuilder` method.
    pub method: String,
    /// The environment variable its credential is read from, after the crate's prefix and
    /// `_`, when the spec has several schemes (`BEARER_AUTH_TOKEN`).
    pub env: String,
    /// How its credential is sent.
    pub auth: Auth,
}

/// A security requirement: alternatives, each naming the schemes (indexes into
/// [`Api::schemes`]) whose credentials are sent together. No alternative at all
/// (`security: []`) sends nothing; an empty alternative (`{}`) allows anonymous requests.
pub type Security = Vec<Vec<usize>>;

/// The query and header parameters of an operation: a struct (defined among the models)
/// whose fields are sent one by one.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameters {
    /// The struct, among the models.
    pub type_id: TypeId,
    /// Each field of the struct, with where it is sent.
    pub fields: Vec<(Field, ParamLocation)>,
    /// A value for the doc examples: an object of the required parameters by wire name, each
    /// a value its schema accepts.
    pub example: serde_json::Value,
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the query string, in this style.
    Query(QueryStyle),
    /// As a header, arrays comma-separated.
    Header,
    /// As a `name=value` pair of the `Cookie` header.
    Cookie,
}

/// How a query parameter's arrays and objects are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`, `explode: true` (the default): an array as repeated pairs, an object as one
    /// pair per property.
    Form,
    /// One pair whose value joins the items with this separator: `,` for `form` with
    /// `explode: false`, `" "` for `spaceDelimited`, `|` for `pipeDelimited`.
    Joined(&'static str),
    /// `deepObject`: an object as `name[property]` pairs.
    DeepObject,
}

/// The media type a request body is sent as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json` (or a `+json` type).
    Json,
    /// `application/x-www-form-urlencoded`, from the properties of a struct.
    Form,
    /// `multipart/form-data`, one part per property of a struct, files as `File`.
    Multipart,
    /// Raw bytes of this media type.
    Binary(String),
    /// Text of this media type.
    Text(String),
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text sent as is.
    Literal(String),
    /// The path parameter with this Rust name, percent-encoded.
    Param(String),
}

/// A parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust identifier.
    pub name: String,
    /// Name in the spec.
    pub wire: String,
    /// The value's type.
    pub ty: TypeRef,
    /// Rustdoc text: the description.
    pub doc: Option<String>,
    /// What the spec says of the parameter and its schema besides the type.
    pub facts: Facts,
    /// A value its schema accepts, for the doc examples.
    pub example: serde_json::Value,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// How the body is encoded.
    pub kind: BodyKind,
    /// Whether the spec requires it; an optional body is an `Option` argument.
    pub required: bool,
    /// The body's type (for `Binary` and `Text` bodies, a byte or string slice instead).
    pub ty: TypeRef,
    /// Rustdoc text.
    pub doc: Option<String>,
    /// A value its schema accepts, for the doc examples (for raw bytes, a string of them);
    /// `None` for a body without a schema or example.
    pub example: Option<serde_json::Value>,
}

/// How a security scheme's credential is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// HTTP `bearer` (and OAuth 2 / OpenID Connect access tokens).
    Bearer,
    /// HTTP `basic`, the key being `user:password`.
    Basic,
    /// An API key in this header.
    Header(String),
    /// An API key in this query parameter.
    Query(String),
    /// An API key in this cookie.
    Cookie(String),
    /// No security requirement.
    None,
}

/// The identity of a named type: its index in [`Api::types`]. Types refer to each other by
/// id, never by name, so that lowering needs no name and naming can come last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// The named types of an API, by id, with the index of their Rust names (filled by the
/// naming pass).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Types {
    defs: Vec<TypeDef>,
    by_name: std::collections::BTreeMap<String, TypeId>,
}

impl Types {
    /// `roots` and every type they reach, through fields, variants and aliases.
    pub fn reachable(&self, mut roots: Vec<TypeId>) -> std::collections::BTreeSet<TypeId> {
        let mut seen = std::collections::BTreeSet::new();
        while let Some(id) = roots.pop() {
            if seen.insert(id) {
                if let Some(kind) = self.kind(id) {
                    kind.push_ids(&mut roots);
                }
            }
        }
        seen
    }

    /// The types `defs`, the id of each being its index; names are indexed by
    /// [`Types::index_names`].
    pub fn new(defs: Vec<TypeDef>) -> Self {
        Self {
            defs,
            by_name: std::collections::BTreeMap::new(),
        }
    }

    /// Rebuilds the name index, once names are assigned.
    pub fn index_names(&mut self) {
        self.by_name = self
            .defs
            .iter()
            .enumerate()
            .map(|(i, def)| (def.name.clone(), TypeId(i)))
            .collect();
    }

    /// The type of id `id`, if there is one.
    pub fn get(&self, id: TypeId) -> Option<&TypeDef> {
        self.defs.get(id.0)
    }

    /// The type whose Rust name is `name`.
    pub fn by_name(&self, name: &str) -> Option<TypeId> {
        self.by_name.get(name).copied()
    }

    /// The Rust name of `id` (empty for an id that names no type).
    pub fn name(&self, id: TypeId) -> &str {
        self.get(id).map_or("", |def| def.name.as_str())
    }

    /// The kind of `id`, if it names a type.
    pub fn kind(&self, id: TypeId) -> Option<&TypeKind> {
        self.get(id).map(|def| &def.kind)
    }

    /// The kind of `id`, or of the type it is another name for (`pub type A = B;`, as a
    /// component that is a `$ref` or a deduplicated copy is).
    pub fn definition(&self, mut id: TypeId) -> Option<&TypeKind> {
        for _ in 0..8 {
            match self.kind(id)? {
                TypeKind::Alias(TypeRef::Named(target)) => id = *target,
                kind => return Some(kind),
            }
        }
        self.kind(id)
    }

    /// Every type, in id order.
    pub fn iter(&self) -> std::slice::Iter<'_, TypeDef> {
        self.defs.iter()
    }

    /// Every type, in id order, to be changed in place (their ids stay).
    pub fn as_mut_slice(&mut self) -> &mut [TypeDef] {
        &mut self.defs
    }

    /// Every type, in id order.
    pub fn as_slice(&self) -> &[TypeDef] {
        &self.defs
    }

    /// How many types there are.
    pub fn len(&self) -> usize {
        self.defs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// `ty` through aliases and boxes (a few levels, which is all real specs use).
    pub fn resolved<'a>(&'a self, mut ty: &'a TypeRef) -> &'a TypeRef {
        for _ in 0..8 {
            ty = match ty {
                TypeRef::Boxed(inner) => inner,
                TypeRef::Named(id) => match self.kind(*id) {
                    Some(TypeKind::Alias(target)) => target,
                    _ => return ty,
                },
                _ => return ty,
            };
        }
        ty
    }

    /// The fields of struct `id` (none for another kind).
    pub fn fields(&self, id: TypeId) -> &[Field] {
        match self.definition(id) {
            Some(TypeKind::Struct(s)) => &s.fields,
            _ => &[],
        }
    }
}

impl std::ops::Index<TypeId> for Types {
    type Output = TypeDef;

    fn index(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }
}

/// What a type's name is made from, before collisions are settled: `text` after the final
/// name of `base`, if any (an inline schema is named after its location: the struct `Order`
/// and its property `lines` give `Order` + `Lines`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameHint {
    /// The type or resource whose final name the name starts with.
    pub base: HintBase,
    /// The rest, converted to `UpperCamelCase` with the base's name.
    pub text: String,
}

impl NameHint {
    /// A hint with no base: `text` is the whole name.
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            base: HintBase::None,
            text: text.into(),
        }
    }

    /// A hint starting with the final name of `id`.
    pub fn after(id: TypeId, text: impl Into<String>) -> Self {
        Self {
            base: HintBase::Type(id),
            text: text.into(),
        }
    }

    /// The same hint with `more` appended.
    pub fn with(&self, more: &str) -> Self {
        Self {
            base: self.base,
            text: format!("{}{more}", self.text),
        }
    }
}

/// The start of a [`NameHint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HintBase {
    /// The name of a component schema: `text` is the schema's own name.
    Component,
    /// Nothing: `text` is the whole name.
    None,
    /// The final name of this type.
    Type(TypeId),
    /// The handle type name of this resource (an index into [`Api::resources`]).
    Resource(usize),
}

/// A named type of the generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust identifier, assigned by the naming pass once the whole API is lowered.
    pub name: String,
    /// The JSON pointer of the schema (or operation part) it was made from.
    pub origin: String,
    /// What its name is made from.
    pub hint: NameHint,
    /// Rustdoc text, possibly several paragraphs: the description (or title).
    pub doc: Option<String>,
    /// What the schema says of its values besides their shape.
    pub facts: Facts,
    /// What the type is.
    pub kind: TypeKind,
}

/// The shapes a named type can take.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum that also accepts values it does not know.
    Enum(OpenEnum),
    /// A `oneOf` tagged by a property, with a fallback for unknown tags.
    Tagged(TaggedUnion),
    /// A `oneOf`/`anyOf` without a discriminator: the first variant that decodes wins.
    Untagged(UntaggedUnion),
    /// Another name for a type expression (`pub type X = ...`).
    Alias(TypeRef),
    /// A response whose body depends on its success status.
    ByStatus(ByStatus),
    /// A JSON array of typed positions (`prefixItems`): a tuple struct.
    Tuple(Tuple),
}

impl TypeKind {
    /// Pushes the id of every type the definition names: fields, the map of additional
    /// properties, variants, an alias's target, the JSON bodies of a response by status.
    pub fn push_ids(&self, out: &mut Vec<TypeId>) {
        match self {
            Self::Struct(s) => {
                s.fields.iter().for_each(|field| field.ty.push_ids(out));
                if let Some((_, ty)) = &s.additional {
                    ty.push_ids(out);
                }
            }
            Self::Enum(_) => {}
            Self::Tagged(u) => u.variants.iter().for_each(|v| v.ty.push_ids(out)),
            Self::Untagged(u) => u.variants.iter().for_each(|v| v.ty.push_ids(out)),
            Self::Alias(ty) => ty.push_ids(out),
            Self::Tuple(t) => t.types().for_each(|ty| ty.push_ids(out)),
            Self::ByStatus(b) => {
                for variant in &b.variants {
                    if let ResponseKind::Json(ty) = &variant.kind {
                        ty.push_ids(out);
                    }
                }
            }
        }
    }

    /// Calls `f` on every type expression the kind holds (fields, the map of additional
    /// properties, variants, an alias's target).
    pub fn for_each_ref(&mut self, f: &mut impl FnMut(&mut TypeRef)) {
        match self {
            Self::Struct(s) => {
                s.fields.iter_mut().for_each(|field| f(&mut field.ty));
                if let Some((_, ty)) = &mut s.additional {
                    f(ty);
                }
            }
            Self::Enum(_) => {}
            Self::Tagged(u) => u.variants.iter_mut().for_each(|v| f(&mut v.ty)),
            Self::Untagged(u) => u.variants.iter_mut().for_each(|v| f(&mut v.ty)),
            Self::Alias(ty) => f(ty),
            Self::Tuple(t) => {
                t.positions.iter_mut().for_each(|p| f(&mut p.ty));
                if let Some(ty) = &mut t.rest {
                    f(ty);
                }
            }
            Self::ByStatus(b) => {
                for variant in &mut b.variants {
                    if let ResponseKind::Json(ty) = &mut variant.kind {
                        f(ty);
                    }
                }
            }
        }
    }
}

/// The success responses of an operation whose bodies differ by status.
#[derive(Debug, Clone, PartialEq)]
pub struct ByStatus {
    /// One per documented success status, in status order.
    pub variants: Vec<StatusVariant>,
    /// Name of the variant for a 2xx status the spec does not list; `None` when a `2XX`
    /// range catches them all.
    pub fallback: Option<String>,
}

/// One documented success status.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    /// Rust identifier.
    pub name: String,
    /// The status, or `None` for the `2XX` range.
    pub status: Option<u16>,
    /// How the body is read and what it becomes (never [`ResponseKind::ByStatus`]).
    pub kind: ResponseKind,
    /// Rustdoc text (the response's description).
    pub doc: Option<String>,
}

/// An object with known properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// In spec order.
    pub fields: Vec<Field>,
    /// Properties beyond the declared ones (`additionalProperties` with a schema), kept in
    /// a flattened map: the field's Rust name and the values' type.
    pub additional: Option<(String, TypeRef)>,
    /// Whether the struct is ever (de)serialized as a whole; the parameters of an operation
    /// are sent field by field and derive no serde traits, which saves compile time.
    pub serde: bool,
}

/// A JSON array whose items have a type each by position (`prefixItems`), emitted as a
/// tuple struct: one field per position, then a `Vec` of the rest when more may follow.
#[derive(Debug, Clone, PartialEq)]
pub struct Tuple {
    /// In order: the first `required` always present (`T`), the others `Option<T>`, absent
    /// from the array when `None`.
    pub positions: Vec<Position>,
    /// How many positions every value has (`minItems`).
    pub required: usize,
    /// The type of the items after the positions, when more may follow (`items` a schema,
    /// or absent, which is any JSON); `None` when the array ends there (`items: false`).
    pub rest: Option<TypeRef>,
}

impl Tuple {
    /// The type of each position, then of the rest.
    pub fn types(&self) -> impl Iterator<Item = &TypeRef> {
        self.positions
            .iter()
            .map(|p| &p.ty)
            .chain(self.rest.as_ref())
    }
}

/// One position of a [`Tuple`].
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    /// Rustdoc text: the position's description (or title).
    pub doc: Option<String>,
    /// What the position's schema says besides the type.
    pub facts: Facts,
    /// Type of the value, before presence wraps it.
    pub ty: TypeRef,
}

/// How a property may appear on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never null: `T`.
    Required,
    /// Always present, may be null: `Option<T>`, serialized as `null`.
    RequiredNullable,
    /// May be absent, never null: `Option<T>`, skipped when `None`.
    Optional,
    /// May be absent or null: the three-state `Nullable<T>`, skipped when absent.
    OptionalNullable,
}

/// One property of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust identifier.
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// Rustdoc text: the property's description (or title).
    pub doc: Option<String>,
    /// What the property's schema (or, for a parameter, the parameter) says besides the type.
    pub facts: Facts,
    /// Type of the value, before presence wraps it.
    pub ty: TypeRef,
    /// Required and nullable, or not, as the crate treats it: a required property that
    /// [`Access`] keeps off one side the struct is used on is optional (see
    /// `lower::access`).
    pub presence: Presence,
}

/// What a schema says about its values beyond their type, kept as data until emission turns
/// it into prose or attributes, so that emitters can act on it and two APIs can be compared.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// A string's `format` (`date-time`, `uuid`, ...); an integer's or a number's is in its
    /// Rust type (`i32`, `f32`).
    pub format: Option<String>,
    /// Bounds, lengths, the pattern and item counts.
    pub constraints: Constraints,
    /// The value the server assumes when none is sent.
    pub default: Option<serde_json::Value>,
    /// The schema's own `example`.
    pub example: Option<serde_json::Value>,
    /// Marked `deprecated`.
    pub deprecated: bool,
    /// Which direction the value travels in.
    pub access: Access,
}

/// The validation keywords of a schema, each as written (`None` or `false` when absent).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minimum`.
    pub minimum: Option<Number>,
    /// `exclusiveMinimum`: the minimum itself is not allowed.
    pub exclusive_minimum: bool,
    /// `maximum`.
    pub maximum: Option<Number>,
    /// `exclusiveMaximum`: the maximum itself is not allowed.
    pub exclusive_maximum: bool,
    /// `multipleOf`.
    pub multiple_of: Option<Number>,
    /// `minLength`, in characters.
    pub min_length: Option<usize>,
    /// `maxLength`, in characters.
    pub max_length: Option<usize>,
    /// `pattern`, an ECMA 262 regular expression.
    pub pattern: Option<String>,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
}

/// A numeric keyword's value: an integer schema's are integers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// Of an `integer` schema.
    Integer(i64),
    /// Of a `number` schema.
    Float(f64),
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Integer(n) => n.fmt(f),
            Self::Float(n) => n.fmt(f),
        }
    }
}

/// `readOnly` and `writeOnly`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Access {
    /// Sent both ways (neither keyword, or both, which contradict each other).
    #[default]
    ReadWrite,
    /// `readOnly`: set by the server, which ignores it in requests.
    ReadOnly,
    /// `writeOnly`: sent in requests, never returned.
    WriteOnly,
}

/// A string or integer enum that keeps values it does not know.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenEnum {
    /// Whether the values are integers (`i64`) rather than strings.
    pub integer: bool,
    /// Known values, in spec order.
    pub variants: Vec<EnumVariant>,
    /// Name of the variant that holds an unknown value.
    pub fallback: String,
}

/// One known value of an enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// Rust identifier.
    pub name: String,
    /// The value on the wire (for an integer enum, its decimal text).
    pub wire: String,
}

/// A union told apart by the value of one property.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedUnion {
    /// The discriminator property's wire name.
    pub tag: String,
    /// One per known tag value.
    pub variants: Vec<TaggedVariant>,
    /// Name of the variant that keeps the raw JSON of an unknown tag.
    pub fallback: String,
    /// Whether an object whose known tag does not fit its variant is kept in the fallback
    /// too, rather than being an error: for a union without a discriminator whose variants
    /// are told apart by a property each fixes to its own value.
    pub lenient: bool,
}

/// A variant of a tagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedVariant {
    /// Rust identifier.
    pub name: String,
    /// The discriminator value that selects it.
    pub tag_value: String,
    /// The struct holding the other properties.
    pub ty: TypeRef,
    /// Rustdoc text: an inline variant's description.
    pub doc: Option<String>,
    /// What an inline variant's schema says besides its shape.
    pub facts: Facts,
}

/// A union without a discriminator.
#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedUnion {
    /// Tried in this order.
    pub variants: Vec<UntaggedVariant>,
    /// Name of the variant that keeps JSON matching none of them (set by the naming pass).
    pub fallback: String,
}

/// A variant of an untagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedVariant {
    /// Rust identifier, made from the name of its type by the naming pass.
    pub name: String,
    /// The variant's type.
    pub ty: TypeRef,
}

/// A type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// `bool`.
    Bool,
    /// A signed or unsigned integer of 32 or 64 bits.
    Integer {
        /// Whether negative values are allowed.
        signed: bool,
        /// 32 or 64.
        bits: u8,
    },
    /// `f32` or `f64`.
    Float {
        /// 32 or 64.
        bits: u8,
    },
    /// `String`.
    String,
    /// Any JSON value.
    Json,
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// A map from string keys, ordered by key.
    Map(Box<TypeRef>),
    /// `Option<T>`, for array items and map values that may be null.
    Option(Box<TypeRef>),
    /// A type defined in the crate.
    Named(TypeId),
    /// `Box<T>`: the indirection a recursive type needs to have a size.
    Boxed(Box<TypeRef>),
    /// A file to upload (a `format: binary` property of a multipart body).
    File,
    /// `Binary`, the Rust type of a body kept as raw bytes: what a response of kind
    /// [`ResponseKind::Bytes`], [`ResponseKind::Text`] or [`ResponseKind::EventStream`]
    /// becomes.
    Binary,
}

impl TypeRef {
    /// Pushes the id of every type the expression names.
    pub fn push_ids(&self, out: &mut Vec<TypeId>) {
        match self {
            Self::Named(id) => out.push(*id),
            Self::Array(inner) | Self::Map(inner) | Self::Option(inner) | Self::Boxed(inner) => {
                inner.push_ids(out);
            }
            Self::Bool
            | Self::Integer { .. }
            | Self::Float { .. }
            | Self::String
            | Self::Json
            | Self::File
            | Self::Binary => {}
        }
    }

    /// Calls `f` on every type id the expression names.
    pub fn for_each_id(&mut self, f: &mut impl FnMut(&mut TypeId)) {
        match self {
            Self::Named(id) => f(id),
            Self::Array(inner) | Self::Map(inner) | Self::Option(inner) | Self::Boxed(inner) => {
                inner.for_each_id(f);
            }
            Self::Bool
            | Self::Integer { .. }
            | Self::Float { .. }
            | Self::String
            | Self::Json
            | Self::File
            | Self::Binary => {}
        }
    }
}
