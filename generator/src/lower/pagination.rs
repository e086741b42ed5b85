//! Detection of paginated list operations: which request parameter and which parts of the
//! response say how the next page is asked for, from the names and types the spec uses (no
//! configuration), or as an operation's `x-pagination` extension states it.
//!
//! Detection runs on the finished IR (after naming and boxing), so that the field paths it
//! records are those the emitted code reads; what the IR does not keep (the extension, the
//! declared response headers) is gathered while the operations are lowered ([`Hints`]).

use openapiv3::{OpenAPI, Operation as SpecOperation, StatusCode};

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::{
    Api, CursorSource, FieldPath, Items, NextPage, Operation, Pagination, ParamLocation,
    Parameters, ResponseKind, TypeId, TypeKind, TypeRef, Types,
};
use crate::refs;

/// Request parameters that carry a cursor.
const CURSOR_PARAMS: &[&str] = &[
    "starting_after",
    "after",
    "cursor",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
];
/// Response fields that carry the next page's cursor.
const CURSOR_FIELDS: &[&str] = &[
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "next_page",
];
/// Response fields that carry the next page's URL. A bare `next` in an operation with a
/// cursor parameter is its cursor unless its format says it is a URL.
const URL_FIELDS: &[&str] = &[
    "next",
    "next_page_url",
    "nextPageUrl",
    "next_url",
    "nextUrl",
];
/// Response objects whose `next` field is the next page's URL.
const URL_PARENTS: &[&str] = &["links", "paging", "pagination"];
/// Boolean response fields that are `false` on the last page.
const HAS_MORE_FIELDS: &[&str] = &["has_more", "hasMore"];
/// Integer response fields that count the items of the whole list.
const TOTAL_FIELDS: &[&str] = &["total", "total_count", "totalCount"];
/// Offset parameters, each with the page size parameter it goes with.
const OFFSET_PARAMS: &[(&str, &str)] = &[("offset", "limit"), ("start", "count"), ("first", "max")];
/// Page number parameters.
const PAGE_PARAMS: &[&str] = &["page"];
/// Page size parameters of a page number parameter.
const PAGE_SIZE_PARAMS: &[&str] = &["per_page", "page_size", "pageSize", "perPage", "limit"];

/// What lowering keeps of an operation for detection: where it is, its `x-pagination`
/// extension and whether its response declares a `Link` header.
#[derive(Debug, Clone)]
pub(super) struct Hints {
    /// The index of the operation's resource in [`Api::resources`].
    pub(super) resource: usize,
    /// The index of the operation in its resource.
    pub(super) operation: usize,
    /// The operation's pointer.
    pub(super) at: Pointer,
    /// The `x-pagination` value, if any.
    pub(super) extension: Option<serde_json::Value>,
    /// Whether a success response declares a `Link` header.
    pub(super) link_header: bool,
}

impl Hints {
    /// The hints of `operation`, the `operation`-th of resource `resource`.
    pub(super) fn new(
        api: &OpenAPI,
        spec: &SpecOperation,
        at: Pointer,
        resource: usize,
        operation: usize,
    ) -> Self {
        let link_header = spec.responses.responses.iter().any(|(status, response)| {
            let success = match status {
                StatusCode::Code(code) => (200..300).contains(code),
                StatusCode::Range(range) => *range == 2,
            };
            let response = refs::item(api, response);
            success
                && response
                    .is_some_and(|r| r.headers.keys().any(|h| h.eq_ignore_ascii_case("link")))
        });
        Self {
            resource,
            operation,
            at,
            extension: spec.extensions.get("x-pagination").cloned(),
            link_header,
        }
    }
}

/// Sets the pagination of every operation of `api` whose spec shows one.
pub(super) fn detect(api: &mut Api, hints: &[Hints], diagnostics: &mut Diagnostics) {
    for hint in hints {
        let Some(op) = api
            .resources
            .get(hint.resource)
            .and_then(|r| r.operations.get(hint.operation))
        else {
            continue;
        };
        let rules = match &hint.extension {
            None => Rules::default(),
            Some(value) => match Rules::from_extension(value) {
                Ok(Some(rules)) => rules,
                Ok(None) => continue,
                Err(problem) => {
                    diagnostics.warning(
                        &hint.at.join("x-pagination"),
                        format!("{problem}; the operation is not paginated"),
                    );
                    continue;
                }
            },
        };
        let found = pagination(op, &api.types, &rules, hint.link_header);
        if found.is_none() && rules.style.is_some() {
            diagnostics.warning(
                &hint.at.join("x-pagination"),
                "the parameters and response fields it names are not all in the operation; \
                 the operation is not paginated",
            );
        }
        api.resources[hint.resource].operations[hint.operation].pagination = found;
    }
}

/// The pattern an `x-pagination` extension names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Cursor,
    Offset,
    Page,
    Link,
    Url,
}

/// What detection looks for: the names of the built-in lists, or those an `x-pagination`
/// extension gives.
#[derive(Debug, Clone, Default, PartialEq)]
struct Rules {
    /// Only this pattern, when the extension names one.
    style: Option<Style>,
    param: Option<String>,
    size: Option<String>,
    items: Option<String>,
    next: Option<String>,
    last_item: Option<String>,
    has_more: Option<String>,
    total: Option<String>,
    first: Option<i64>,
}

impl Rules {
    /// The rules an `x-pagination` value states: `false` switches pagination off (`None`),
    /// an object names the pattern and the fields.
    fn from_extension(value: &serde_json::Value) -> Result<Option<Self>, String> {
        let object = match value {
            serde_json::Value::Bool(false) => return Ok(None),
            serde_json::Value::Object(object) => object,
            _ => return Err("`x-pagination` must be `false` or an object".to_owned()),
        };
        let mut rules = Self::default();
        for (key, value) in object {
            let text = || {
                value
                    .as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("`{key}` of `x-pagination` must be a string"))
            };
            match key.as_str() {
                "style" => {
                    rules.style = Some(match value.as_str() {
                        Some("cursor") => Style::Cursor,
                        Some("offset") => Style::Offset,
                        Some("page") => Style::Page,
                        Some("link") => Style::Link,
                        Some("url") => Style::Url,
                        _ => {
                            return Err(
                                "`style` of `x-pagination` must be `cursor`, `offset`, `page`, \
                                 `link` or `url`"
                                    .to_owned(),
                            );
                        }
                    });
                }
                "param" => rules.param = Some(text()?),
                "size" => rules.size = Some(text()?),
                "items" => rules.items = Some(text()?),
                "next" => rules.next = Some(text()?),
                "last_item" => rules.last_item = Some(text()?),
                "has_more" => rules.has_more = Some(text()?),
                "total" => rules.total = Some(text()?),
                "first" => {
                    rules.first = Some(value.as_i64().ok_or_else(|| {
                        "`first` of `x-pagination` must be an integer".to_owned()
                    })?);
                }
                other => return Err(format!("`x-pagination` has an unknown key `{other}`")),
            }
        }
        if rules.style.is_none() {
            return Err("`x-pagination` must name its `style`".to_owned());
        }
        Ok(Some(rules))
    }

    fn allows(&self, style: Style) -> bool {
        self.style.is_none_or(|s| s == style)
    }
}

/// The pagination of `op`, if its request and response follow one of the patterns.
fn pagination(
    op: &Operation,
    types: &Types,
    rules: &Rules,
    link_header: bool,
) -> Option<Pagination> {
    if op.method != "GET" {
        return None;
    }
    let ResponseKind::Json(body) = &op.response else {
        return None;
    };
    let parameters = op.parameters.as_ref();
    let page = struct_of(types, body);
    let items = match page {
        Some(page) => match &rules.items {
            Some(path) => field_path(types, page, path).filter(|path| {
                path.last_field(types)
                    .is_some_and(|f| array_item(types, &f.ty).is_some())
            })?,
            None => items_array(types, page, &op.path)?,
        },
        None if array_item(types, body).is_some() => {
            if rules.items.is_some() {
                return None;
            }
            FieldPath(Vec::new())
        }
        None => return None,
    };
    let find = |given: &Option<String>, names: &[&str], want: Scalar| -> Option<FieldPath> {
        let page = page?;
        match given {
            Some(path) => field_path(types, page, path).filter(|path| {
                path.last_field(types)
                    .is_some_and(|f| want.fits(types, &f.ty))
            }),
            None => find_field(types, page, names, want),
        }
    };
    let has_more = find(&rules.has_more, HAS_MORE_FIELDS, Scalar::Bool);
    let total = find(&rules.total, TOTAL_FIELDS, Scalar::Integer);
    let param = |given: &Option<String>, names: &[&str], want: Scalar| {
        let parameters = parameters?;
        match given {
            Some(name) => query_param(types, parameters, &[name.as_str()], want),
            None => query_param(types, parameters, names, want),
        }
    };
    let items_of = |path: FieldPath| {
        if path.0.is_empty() {
            Items::Body
        } else {
            Items::Field(path)
        }
    };
    let make = |next: NextPage, size: Option<usize>| {
        let default_size = size.and_then(|i| {
            parameters?.fields[i]
                .0
                .facts
                .default
                .as_ref()
                .and_then(serde_json::Value::as_u64)
        });
        Some(Pagination {
            next,
            items: items_of(items.clone()),
            has_more: has_more.clone(),
            total: total.clone(),
            size,
            default_size,
            pages_method: String::new(),
            items_method: String::new(),
        })
    };

    // A cursor: from a field of the page, else from the last item's `id` with `has_more`.
    if rules.allows(Style::Cursor) {
        if let Some(cursor) = param(&rules.param, CURSOR_PARAMS, Scalar::Text) {
            let mut next = find(&rules.next, CURSOR_FIELDS, Scalar::Text);
            if next.is_none() && rules.next.is_none() && rules.last_item.is_none() {
                // A bare `next` is the cursor, unless its format says it is a URL; else a
                // `next` object may hold the parameter's next value under its own name.
                next = page
                    .and_then(|page| find_field(types, page, &["next"], Scalar::Text))
                    .filter(|path| !is_url(types, path))
                    .or_else(|| {
                        let wire = &parameters?.fields[cursor].0.wire;
                        page.and_then(|page| next_by_name(types, page, wire))
                    });
            }
            if let Some(next) = next {
                return make(
                    NextPage::Cursor {
                        param: cursor,
                        from: CursorSource::Field(next),
                    },
                    None,
                );
            }
            if has_more.is_some() && page.is_some() && rules.next.is_none() {
                let id = rules.last_item.as_deref().unwrap_or("id");
                let item = items
                    .last_field(types)
                    .and_then(|f| array_item(types, &f.ty))
                    .and_then(|item| struct_of(types, item))
                    .and_then(|item| field_index(types, item, id, Scalar::Text));
                if let Some(item) = item {
                    return make(
                        NextPage::Cursor {
                            param: cursor,
                            from: CursorSource::LastItem(item),
                        },
                        None,
                    );
                }
            }
        }
        if rules.style == Some(Style::Cursor) {
            return None;
        }
    }
    // A next-page URL in the body.
    if rules.allows(Style::Url) && page.is_some() {
        let has_cursor = param(&None, CURSOR_PARAMS, Scalar::Text).is_some();
        let url = match &rules.next {
            Some(_) if rules.style == Some(Style::Url) => find(&rules.next, &[], Scalar::Text),
            Some(_) => None,
            None => page.and_then(|page| {
                find_field(types, page, URL_FIELDS, Scalar::Text)
                    .filter(|path| !has_cursor || is_url(types, path))
                    .or_else(|| nested_next(types, page))
            }),
        };
        if let Some(url) = url {
            return make(NextPage::Url(url), None);
        }
        if rules.style == Some(Style::Url) {
            return None;
        }
    }
    // The `Link` header, when the response declares it (or the extension says so).
    if (link_header && rules.style.is_none()) || rules.style == Some(Style::Link) {
        return make(NextPage::LinkHeader, None);
    }
    // An offset and a page size.
    if rules.allows(Style::Offset) {
        let pair = match (&rules.param, &rules.size) {
            (Some(offset), size) => {
                param(&Some(offset.clone()), &[], Scalar::Count).map(|offset| {
                    (
                        offset,
                        size.as_ref()
                            .and_then(|s| param(&Some(s.clone()), &[], Scalar::Count)),
                    )
                })
            }
            (None, _) => OFFSET_PARAMS.iter().find_map(|(offset, size)| {
                let offset = param(&None, &[offset], Scalar::Count)?;
                let size = param(&None, &[size], Scalar::Count)?;
                Some((offset, Some(size)))
            }),
        };
        if let Some((offset, size)) = pair {
            return make(NextPage::Offset { param: offset }, size);
        }
        if rules.style == Some(Style::Offset) {
            return None;
        }
    }
    // A page number, with a page size when there is one (else the server's fixed size and
    // an empty page end the list), from the first page the spec implies.
    if rules.allows(Style::Page) {
        let page_param = param(&rules.param, PAGE_PARAMS, Scalar::Integer)?;
        let size = match &rules.size {
            Some(name) => Some(param(&Some(name.clone()), &[], Scalar::Integer)?),
            None => param(&None, PAGE_SIZE_PARAMS, Scalar::Integer),
        };
        let facts = &parameters?.fields[page_param].0.facts;
        let first = rules.first.or_else(|| {
            facts
                .default
                .as_ref()
                .and_then(serde_json::Value::as_i64)
                .or(match facts.constraints.minimum {
                    Some(crate::ir::Number::Integer(n)) => Some(n),
                    _ => None,
                })
                // An example of 0 or 1 shows the first page (`page=1`); other examples
                // show some page, which says nothing of the first.
                .or_else(|| {
                    facts
                        .example
                        .as_ref()
                        .and_then(serde_json::Value::as_i64)
                        .filter(|n| matches!(n, 0 | 1))
                })
        })?;
        return make(
            NextPage::Page {
                param: page_param,
                first,
            },
            size,
        );
    }
    None
}

/// The kinds of value a pagination field or parameter may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scalar {
    /// A string or an integer, sent back as text.
    Text,
    Integer,
    /// An offset or a page size: an integer, or a string that holds one (Keycloak types its
    /// `first` and `max` as strings). A query string has no types, so the runtime writes the
    /// number the same way for both, and reads a string start as a decimal number (one that
    /// is not counts as 0, what a server that ignores it starts from; one that rejects it
    /// fails the first page, and no next page is asked for). A string with a format of its
    /// own (`date-time`) or a pattern is some other value, not a count.
    Count,
    Bool,
}

impl Scalar {
    fn fits(self, types: &Types, ty: &TypeRef) -> bool {
        match types.resolved(ty) {
            TypeRef::String => self == Self::Text,
            TypeRef::Integer { .. } => matches!(self, Self::Text | Self::Integer | Self::Count),
            TypeRef::Bool => self == Self::Bool,
            _ => false,
        }
    }

    /// Whether a parameter or field with these facts and type fits: [`Scalar::fits`], and for
    /// a count a string with no format but an integer's and no pattern.
    fn fits_field(self, types: &Types, field: &crate::ir::Field) -> bool {
        if self != Self::Count || types.resolved(&field.ty) != &TypeRef::String {
            return self.fits(types, &field.ty);
        }
        let facts = &field.facts;
        facts.constraints.pattern.is_none()
            && facts
                .format
                .as_deref()
                .is_none_or(|format| matches!(format, "int32" | "int64" | "integer"))
    }
}

/// The struct `ty` names, through aliases.
fn struct_of(types: &Types, ty: &TypeRef) -> Option<TypeId> {
    match types.resolved(ty) {
        TypeRef::Named(id) if matches!(types.kind(*id), Some(TypeKind::Struct(_))) => Some(*id),
        _ => None,
    }
}

/// The item type of an array type.
fn array_item<'a>(types: &'a Types, ty: &'a TypeRef) -> Option<&'a TypeRef> {
    match types.resolved(ty) {
        TypeRef::Array(item) => Some(item),
        _ => None,
    }
}

/// The index of the field `wire` of struct `id`, if its type fits `want`.
fn field_index(types: &Types, id: TypeId, wire: &str, want: Scalar) -> Option<usize> {
    types
        .fields(id)
        .iter()
        .position(|f| f.wire == wire && want.fits(types, &f.ty))
}

/// The path of a dotted wire name (`links.next`) from struct `page`.
fn field_path(types: &Types, page: TypeId, dotted: &str) -> Option<FieldPath> {
    let mut path = Vec::new();
    let mut at = page;
    let mut steps = dotted.split('.').peekable();
    while let Some(step) = steps.next() {
        let index = types.fields(at).iter().position(|f| f.wire == step)?;
        path.push((at, index));
        if steps.peek().is_some() {
            at = struct_of(types, &types.fields(at)[index].ty)?;
        }
    }
    Some(FieldPath(path))
}

/// Most fields a page found by its one array field may have: a list envelope holds the
/// items and a few facts about the list; an object with many fields and one array (a
/// resource with its tags) is no page, whatever its parameters.
const MAX_ENVELOPE_FIELDS: usize = 8;

/// The items of struct `page`, a list envelope: its one array field, or, of several (the
/// items beside a list of warnings), the one named after the path's last word
/// (`Contacts` of `GET /Contacts`).
fn items_array(types: &Types, page: TypeId, path: &str) -> Option<FieldPath> {
    if types.fields(page).len() > MAX_ENVELOPE_FIELDS {
        return None;
    }
    let arrays: Vec<(usize, &str)> = types
        .fields(page)
        .iter()
        .enumerate()
        .filter(|(_, f)| array_item(types, &f.ty).is_some())
        .map(|(i, f)| (i, f.wire.as_str()))
        .collect();
    let index = match arrays[..] {
        [(index, _)] => index,
        _ => {
            let noun = path
                .rsplit('/')
                .find(|segment| !segment.is_empty() && !segment.starts_with('{'))
                .map(word)?;
            let mut named = arrays.iter().filter(|(_, wire)| word(wire) == noun);
            match (named.next(), named.next()) {
                (Some((index, _)), None) => *index,
                _ => return None,
            }
        }
    };
    Some(FieldPath(vec![(page, index)]))
}

/// A name as a word to compare: lowercase, without separators (`bank_transactions` and
/// `BankTransactions` are one word).
fn word(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The first of `names` that is a field of `page` of the right kind, else of a struct field
/// of `page` (`meta.next_cursor`, `response_metadata.next_cursor`).
fn find_field(types: &Types, page: TypeId, names: &[&str], want: Scalar) -> Option<FieldPath> {
    let own = names
        .iter()
        .find_map(|name| field_index(types, page, name, want))
        .map(|index| FieldPath(vec![(page, index)]));
    own.or_else(|| {
        types.fields(page).iter().enumerate().find_map(|(i, f)| {
            let inner = struct_of(types, &f.ty)?;
            let index = names
                .iter()
                .find_map(|name| field_index(types, inner, name, want))?;
            Some(FieldPath(vec![(page, i), (inner, index)]))
        })
    })
}

/// The field named `wire` (the cursor parameter's own name) of a `next` object of the page
/// or of one of its struct fields: `next.starting_after`, `pages.next.starting_after`.
fn next_by_name(types: &Types, page: TypeId, wire: &str) -> Option<FieldPath> {
    let in_next = |holder: TypeId| {
        let index = types.fields(holder).iter().position(|f| f.wire == "next")?;
        let next = struct_of(types, &types.fields(holder)[index].ty)?;
        let field = field_index(types, next, wire, Scalar::Text)?;
        Some(vec![(holder, index), (next, field)])
    };
    let own = in_next(page);
    own.or_else(|| {
        types.fields(page).iter().enumerate().find_map(|(i, f)| {
            let inner = struct_of(types, &f.ty)?;
            let mut path = vec![(page, i)];
            path.extend(in_next(inner)?);
            Some(path)
        })
    })
    .map(FieldPath)
}

/// `links.next`, `paging.next` or `pagination.next`, a string.
fn nested_next(types: &Types, page: TypeId) -> Option<FieldPath> {
    URL_PARENTS.iter().find_map(|parent| {
        let index = types.fields(page).iter().position(|f| f.wire == *parent)?;
        let inner = struct_of(types, &types.fields(page)[index].ty)?;
        let next = types
            .fields(inner)
            .iter()
            .position(|f| f.wire == "next" && types.resolved(&f.ty) == &TypeRef::String)?;
        Some(FieldPath(vec![(page, index), (inner, next)]))
    })
}

/// Whether the field a path ends at is a string of a URL format (or named so).
fn is_url(types: &Types, path: &FieldPath) -> bool {
    path.last_field(types).is_some_and(|f| {
        types.resolved(&f.ty) == &TypeRef::String
            && (matches!(
                f.facts.format.as_deref(),
                Some("uri" | "url" | "uri-reference")
            ) || f.wire.to_ascii_lowercase().ends_with("url"))
    })
}

/// The first of `names` that is a query parameter of the right kind.
fn query_param(
    types: &Types,
    parameters: &Parameters,
    names: &[&str],
    want: Scalar,
) -> Option<usize> {
    names.iter().find_map(|name| {
        parameters.fields.iter().position(|(field, location)| {
            matches!(location, ParamLocation::Query(_))
                && field.wire == *name
                && want.fits_field(types, field)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::ir::{CursorSource, Items, NextPage, Pagination};

    /// The pagination of the one operation of a spec whose `GET /things` has these query
    /// parameters (YAML flow mappings) and this response schema, with more operation keys.
    fn detected(params: &[&str], schema: &str, extra: &str) -> Option<Pagination> {
        let (api, _) = lowered(params, schema, extra)?;
        api.resources
            .first()?
            .operations
            .first()?
            .pagination
            .clone()
    }

    /// The IR and warning messages of the spec, which must generate.
    fn lowered(
        params: &[&str],
        schema: &str,
        extra: &str,
    ) -> Option<(crate::ir::Api, Vec<String>)> {
        let params: String = params
            .iter()
            .map(|p| format!("        - {{in: query, {p}}}\n"))
            .collect();
        let params = if params.is_empty() {
            String::new()
        } else {
            format!("      parameters:\n{params}")
        };
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: things.list\n{extra}{params}      responses:\n        '200':\n          description: ok\n{schema}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      required: [id]\n      properties:\n        id: {{type: string}}\n"
        );
        let output = crate::generate(&spec, &crate::Options::new("t", "t.yaml"));
        assert!(output.is_ok(), "{:?}", output.as_ref().err());
        let warnings = output
            .ok()?
            .warnings
            .iter()
            .map(|w| w.message.clone())
            .collect();
        Some((crate::lower(&spec).ok()?, warnings))
    }

    /// A JSON response schema of an object with these properties (YAML flow mappings).
    fn page(properties: &[&str]) -> String {
        let properties: String = properties
            .iter()
            .map(|p| format!("                  {p}\n"))
            .collect();
        format!(
            "          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n{properties}"
        )
    }

    const ITEMS: &str = "data: {type: array, items: {$ref: '#/components/schemas/Thing'}}";

    #[test]
    fn a_cursor_parameter_with_a_next_cursor_field() -> Result<(), &'static str> {
        let p = detected(
            &["name: cursor, schema: {type: string}"],
            &page(&[ITEMS, "next_cursor: {type: string}"]),
            "",
        )
        .ok_or("not paginated")?;
        assert!(matches!(
            p.next,
            NextPage::Cursor {
                param: 0,
                from: CursorSource::Field(_)
            }
        ));
        assert!(matches!(p.items, Items::Field(_)));
        assert_eq!(p.pages_method, "list_pages");
        assert_eq!(p.items_method, "list_items");
        // One level down, as Slack's `response_metadata.next_cursor`.
        let p = detected(
            &["name: page_token, schema: {type: string}"],
            &page(&[
                ITEMS,
                "meta: {type: object, properties: {nextPageToken: {type: string}}}",
            ]),
            "",
        );
        assert!(matches!(
            p.map(|p| p.next),
            Some(NextPage::Cursor {
                from: CursorSource::Field(path),
                ..
            }) if path.0.len() == 2
        ));
        Ok(())
    }

    #[test]
    fn the_last_items_id_with_has_more() -> Result<(), &'static str> {
        let p = detected(
            &["name: starting_after, schema: {type: string}"],
            &page(&[ITEMS, "has_more: {type: boolean}"]),
            "",
        )
        .ok_or("not paginated")?;
        assert_eq!(
            p.next,
            NextPage::Cursor {
                param: 0,
                from: CursorSource::LastItem(0)
            }
        );
        assert!(p.has_more.is_some());
        // Without `has_more`, nothing says when to stop.
        assert_eq!(
            detected(
                &["name: starting_after, schema: {type: string}"],
                &page(&[ITEMS]),
                ""
            ),
            None
        );
        Ok(())
    }

    #[test]
    fn a_next_url_in_the_body() -> Result<(), &'static str> {
        for field in [
            "next: {type: string}",
            "next_page_url: {type: string}",
            "links: {type: object, properties: {next: {type: string}}}",
            "paging: {type: object, properties: {next: {type: string}}}",
        ] {
            let p = detected(&[], &page(&[ITEMS, field]), "");
            assert!(
                matches!(p.as_ref().map(|p| &p.next), Some(NextPage::Url(_))),
                "{field}: {p:?}"
            );
        }
        // Beside a cursor parameter, a bare `next` is the cursor, unless it is a URL.
        let cursor = ["name: cursor, schema: {type: string}"];
        let p = detected(&cursor, &page(&[ITEMS, "next: {type: string}"]), "");
        assert!(matches!(p.map(|p| p.next), Some(NextPage::Cursor { .. })));
        let p = detected(
            &cursor,
            &page(&[ITEMS, "next: {type: string, format: uri}"]),
            "",
        );
        assert!(matches!(p.map(|p| p.next), Some(NextPage::Url(_))));
        Ok(())
    }

    #[test]
    fn a_declared_link_header_with_a_bare_array() -> Result<(), &'static str> {
        let array = "          headers:\n            Link: {schema: {type: string}}\n          content:\n            application/json:\n              schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}";
        let p = detected(&["name: per_page, schema: {type: integer}"], array, "")
            .ok_or("not paginated")?;
        assert_eq!((p.next, p.items), (NextPage::LinkHeader, Items::Body));
        // Without the header, a bare array has no next page.
        let bare = array.replace(
            "          headers:\n            Link: {schema: {type: string}}\n",
            "",
        );
        assert_eq!(
            detected(&["name: per_page, schema: {type: integer}"], &bare, ""),
            None
        );
        Ok(())
    }

    #[test]
    fn an_offset_and_a_limit_or_a_start_and_a_count() -> Result<(), &'static str> {
        let p = detected(
            &[
                "name: offset, schema: {type: integer}",
                "name: limit, schema: {type: integer, default: 25}",
            ],
            &page(&[ITEMS, "total: {type: integer}"]),
            "",
        )
        .ok_or("not paginated")?;
        assert_eq!(p.next, NextPage::Offset { param: 0 });
        assert_eq!((p.size, p.default_size), (Some(1), Some(25)));
        assert!(p.total.is_some());
        let p = detected(
            &[
                "name: start, schema: {type: integer}",
                "name: count, schema: {type: integer}",
            ],
            &page(&[ITEMS]),
            "",
        )
        .ok_or("not paginated")?;
        assert_eq!((p.next, p.size), (NextPage::Offset { param: 0 }, Some(1)));
        // An offset alone says nothing of the page size: not a pattern.
        assert_eq!(
            detected(
                &["name: offset, schema: {type: integer}"],
                &page(&[ITEMS]),
                ""
            ),
            None
        );
        Ok(())
    }

    #[test]
    fn an_offset_and_a_size_typed_as_strings() -> Result<(), &'static str> {
        // Keycloak's `first` and `max`, over a bare array.
        let array = "          content:\n            application/json:\n              schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}";
        let p = detected(
            &[
                "name: first, schema: {type: string}",
                "name: max, schema: {type: string}",
            ],
            array,
            "",
        )
        .ok_or("not paginated")?;
        assert_eq!((p.next, p.size), (NextPage::Offset { param: 0 }, Some(1)));
        assert_eq!(p.items, Items::Body);
        let p = detected(
            &[
                "name: offset, schema: {type: string, format: int64}",
                "name: limit, schema: {type: integer}",
            ],
            &page(&[ITEMS]),
            "",
        )
        .ok_or("not paginated")?;
        assert_eq!((p.next, p.size), (NextPage::Offset { param: 0 }, Some(1)));
        // A string of another format, or with a pattern, is no count.
        for start in [
            "name: start, schema: {type: string, format: date-time}",
            "name: start, schema: {type: string, pattern: '^[a-z]+$'}",
        ] {
            let params = [start, "name: count, schema: {type: integer}"];
            assert_eq!(detected(&params, &page(&[ITEMS]), ""), None, "{start}");
        }
        let params = [
            "name: start, schema: {type: integer}",
            "name: count, schema: {type: string, format: uuid}",
        ];
        assert_eq!(detected(&params, &page(&[ITEMS]), ""), None);
        Ok(())
    }

    #[test]
    fn a_page_number_from_the_first_page_the_spec_gives() -> Result<(), &'static str> {
        let size = "name: per_page, schema: {type: integer}";
        let first = |schema: &str| {
            let page_param = format!("name: page, schema: {schema}");
            detected(&[&page_param, size], &page(&[ITEMS]), "").map(|p| p.next)
        };
        assert_eq!(
            first("{type: integer, minimum: 1}"),
            Some(NextPage::Page { param: 0, first: 1 })
        );
        assert_eq!(
            first("{type: integer, minimum: 0, default: 0}"),
            Some(NextPage::Page { param: 0, first: 0 })
        );
        // The default, the page the server assumes, wins over the minimum.
        assert_eq!(
            first("{type: integer, minimum: 0, default: 1}"),
            Some(NextPage::Page { param: 0, first: 1 })
        );
        // Neither: the first page is not guessed.
        assert_eq!(first("{type: integer}"), None);
        // An example of the first page shows it; an example of another page does not.
        let example = |value: &str| {
            let page_param = format!("name: page, example: {value}, schema: {{type: integer}}");
            detected(&[&page_param, size], &page(&[ITEMS]), "").map(|p| p.next)
        };
        assert_eq!(example("1"), Some(NextPage::Page { param: 0, first: 1 }));
        assert_eq!(example("3"), None);
        // Without a page size parameter, the server's size: an empty page ends the list.
        let unsized_pages = detected(
            &["name: page, schema: {type: integer, minimum: 1}"],
            &page(&[ITEMS]),
            "",
        )
        .ok_or("a page number alone paginates")?;
        assert_eq!(unsized_pages.next, NextPage::Page { param: 0, first: 1 });
        assert_eq!(unsized_pages.size, None);
        Ok(())
    }

    #[test]
    fn a_first_and_a_max_are_an_offset_and_a_limit() -> Result<(), &'static str> {
        let found = detected(
            &[
                "name: first, schema: {type: integer}",
                "name: max, schema: {type: integer}",
            ],
            "          content:\n            application/json:\n              schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}",
            "",
        )
        .ok_or("first and max paginate")?;
        assert_eq!(found.next, NextPage::Offset { param: 0 });
        assert_eq!((found.items, found.size), (Items::Body, Some(1)));
        Ok(())
    }

    #[test]
    fn a_next_object_holding_the_cursor_parameter_by_name() -> Result<(), &'static str> {
        let pages = "pages: {type: object, properties: {next: {type: object, properties: \
                     {per_page: {type: integer}, starting_after: {type: string}}}}}";
        let found = detected(
            &["name: starting_after, schema: {type: string}"],
            &page(&[ITEMS, pages]),
            "",
        )
        .ok_or("pages.next.starting_after is the cursor")?;
        let NextPage::Cursor {
            param: 0,
            from: CursorSource::Field(path),
        } = found.next
        else {
            return Err("a cursor from a field");
        };
        assert_eq!(path.0.len(), 3);
        Ok(())
    }

    #[test]
    fn a_page_without_one_items_array_is_no_list() -> Result<(), &'static str> {
        let params = [
            "name: page, schema: {type: integer, minimum: 1}",
            "name: per_page, schema: {type: integer}",
        ];
        assert_eq!(
            detected(&params, &page(&["title: {type: string}"]), ""),
            None
        );
        // Two arrays: which one holds the items is not known.
        assert_eq!(
            detected(
                &params,
                &page(&[ITEMS, "tags: {type: array, items: {type: string}}"]),
                ""
            ),
            None
        );
        // An object with many fields and one array is a resource, not a page.
        let many: Vec<String> = (0..9).map(|i| format!("f{i}: {{type: string}}")).collect();
        let mut fields: Vec<&str> = many.iter().map(String::as_str).collect();
        fields.push(ITEMS);
        assert_eq!(detected(&params, &page(&fields), ""), None);
        Ok(())
    }

    #[test]
    fn a_3_1_document_keeps_its_extension() -> Result<(), &'static str> {
        let spec = |extension: &str| {
            format!(
                "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: things.list\n{extension}      parameters:\n        - {{in: query, name: cursor, schema: {{type: string}}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  data: {{type: array, items: {{type: string}}}}\n                  next_cursor: {{type: [string, 'null']}}\n"
            )
        };
        let paginated = |text: &str| {
            crate::lower(text).ok().and_then(|api| {
                api.resources
                    .first()?
                    .operations
                    .first()?
                    .pagination
                    .clone()
            })
        };
        assert!(paginated(&spec("")).is_some());
        assert_eq!(paginated(&spec("      x-pagination: false\n")), None);
        Ok(())
    }

    #[test]
    fn the_extension_switches_detection_off_or_names_the_fields() -> Result<(), &'static str> {
        let cursor = ["name: cursor, schema: {type: string}"];
        let schema = page(&[ITEMS, "next_cursor: {type: string}"]);
        assert_eq!(
            detected(&cursor, &schema, "      x-pagination: false\n"),
            None
        );

        let p = detected(
            &["name: token, schema: {type: string}"],
            &page(&[
                ITEMS,
                "tags: {type: array, items: {type: string}}",
                "continuation: {type: string}",
            ]),
            "      x-pagination: {style: cursor, param: token, next: continuation, items: data}\n",
        )
        .ok_or("not paginated")?;
        assert!(matches!(p.next, NextPage::Cursor { param: 0, .. }));

        let (api, warnings) = lowered(
            &cursor,
            &schema,
            "      x-pagination: {style: cursor, param: missing}\n",
        )
        .ok_or("does not lower")?;
        assert_eq!(api.resources[0].operations[0].pagination, None);
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("not all in the operation")),
            "{warnings:?}"
        );
        let (_, warnings) = lowered(&cursor, &schema, "      x-pagination: {stlye: cursor}\n")
            .ok_or("does not lower")?;
        assert!(
            warnings.iter().any(|w| w.contains("unknown key `stlye`")),
            "{warnings:?}"
        );
        Ok(())
    }
}
