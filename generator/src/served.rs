//! What a mock server answers with, for telling the SDK's failures apart from the spec's:
//! the operations whose served example breaks the response's schema, and, where a body was
//! wrong at some place, the example of the spec that put the value there or the fact that no
//! example did (the mock made the value up). The conformance run uses these.

use openapiv3::{MediaType, OpenAPI, ReferenceOr};

use crate::diagnostics::{Diagnostics, Pointer};
use crate::refs;

/// An operation whose mock response is the spec's own example, which the response's schema
/// rejects: a spec that contradicts itself (warned about when generating).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleConflict {
    /// `resource.method`, the names of the generated crate.
    pub operation: String,
    /// The JSON pointer of the example that breaks its schema.
    pub example: String,
}

/// The operations of `spec` whose success response's example (the one a mock server such as
/// Prism answers with) breaks the response's schema. For the conformance run, which tells
/// the SDK's failures apart from the spec's.
pub fn example_conflicts(spec: &str) -> Result<Vec<ExampleConflict>, Vec<crate::Diagnostic>> {
    let mut diagnostics = Diagnostics::default();
    let Some(loaded) = crate::load::load_located(spec, &mut diagnostics) else {
        return Err(crate::located(spec, diagnostics));
    };
    let api = crate::lower(spec)?;
    let conflicts = crate::lower::example::response_example_conflicts(&loaded.api, &loaded.graph);
    let mut found = Vec::new();
    for resource in &api.resources {
        for operation in &resource.operations {
            let conflict = conflicts.iter().find(|c| {
                c.method.eq_ignore_ascii_case(&operation.method)
                    && c.path.split('#').next() == Some(operation.path.as_str())
            });
            if let Some(conflict) = conflict {
                found.push(ExampleConflict {
                    operation: format!("{}.{}", resource.path("."), operation.name),
                    example: loaded.origins.original(&conflict.example.to_string()),
                });
            }
        }
    }
    Ok(found)
}

/// A response example of the spec that breaks its own schema, met by a decoder: the JSON
/// pointer of the example and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectedExample {
    /// Where the example is written.
    pub example: String,
    /// The example.
    pub value: serde_json::Value,
}

/// For a response of `operation` (`resource.method`) with `status` (`None`: its first 2xx
/// response) whose body is wrong at `path` (as `Error::Decode` writes it,
/// `items[0].owner.name`, or as Prism does, `items.0.owner.name`; empty for the body itself),
/// the example written on the schema at that place when that schema rejects it: a mock
/// server builds its bodies from such examples, so what failed there is the spec's own
/// mistake. For the conformance run.
pub fn rejected_example_at(
    spec: &str,
    operation: &str,
    status: Option<u16>,
    path: &str,
) -> Option<RejectedExample> {
    let steps = decode_path(path)?;
    let loaded = crate::load::load_located(spec, &mut Diagnostics::default())?;
    let (document, graph) = (&loaded.api, &loaded.graph);
    let (content, at) = response_content(spec, document, operation, status)?;
    let (pointer, value) =
        crate::lower::example::rejected_example_below(document, graph, content, &at, &steps)?;
    Some(RejectedExample {
        example: loaded.origins.original(&pointer.to_string()),
        value: value.clone(),
    })
}

/// Whether the body of that response (as for [`rejected_example_at`]) holds, at `path`, a
/// value no example gave: every schema there is a string with a `pattern`, and neither the
/// response's example nor one on a schema along the way reaches that place, so a mock server
/// made the value up (Prism's do not match the pattern).
pub fn made_up_at(spec: &str, operation: &str, status: Option<u16>, path: &str) -> bool {
    let found = || {
        let steps = decode_path(path)?;
        let loaded = crate::load::load_located(spec, &mut Diagnostics::default())?;
        let (content, at) = response_content(spec, &loaded.api, operation, status)?;
        Some(crate::lower::example::patterned_without_example(
            &loaded.api,
            &loaded.graph,
            content,
            &at,
            &steps,
        ))
    };
    found().unwrap_or(false)
}

/// The JSON media type of the response of `operation` with `status` (`None`: its first
/// 2xx), with a schema, and the media type's pointer.
fn response_content<'a>(
    spec: &str,
    document: &'a OpenAPI,
    operation: &str,
    status: Option<u16>,
) -> Option<(&'a MediaType, Pointer)> {
    let api = crate::lower(spec).ok()?;
    let (resource, method) = operation.rsplit_once('.')?;
    let op = api
        .resources
        .iter()
        .filter(|r| r.path(".") == resource)
        .flat_map(|r| &r.operations)
        .find(|o| o.name == method)?;
    let (key, item) = document.paths.iter().find_map(|(key, item)| match item {
        ReferenceOr::Item(item) if key.split('#').next() == Some(op.path.as_str()) => {
            Some((key, item))
        }
        _ => None,
    })?;
    let method = op.method.to_ascii_lowercase();
    let (_, spec_op) = item.iter().find(|(m, _)| *m == method)?;
    let responses = &spec_op.responses.responses;
    let (status_key, response) = match status {
        Some(status) => responses
            .iter()
            .find(|(code, _)| code.to_string() == status.to_string())
            .or_else(|| {
                responses
                    .iter()
                    .find(|(code, _)| code.to_string() == format!("{}XX", status / 100))
            })?,
        None => responses
            .iter()
            .find(|(code, _)| code.to_string().starts_with('2'))?,
    };
    let (response, at) = match response {
        ReferenceOr::Item(response) => {
            let at = Pointer::root().join("paths").join(key).join(&method);
            (response, at.join("responses").join(status_key))
        }
        ReferenceOr::Reference { reference } => {
            let target = refs::resolve::<openapiv3::Response>(document, reference).ok()?;
            (target.item, target.pointer())
        }
    };
    let (media, content) = response.content.iter().find(|(media, _)| {
        let media = media.split(';').next().unwrap_or("").trim();
        media == "application/json" || media.ends_with("+json")
    })?;
    content.schema.as_ref()?;
    Some((content, at.join("content").join(media)))
}

/// `items[0].owner` (or `items.0.owner`) as steps; `None` for text of another form.
fn decode_path(path: &str) -> Option<Vec<crate::lower::example::Step>> {
    use crate::lower::example::Step;
    let mut steps = Vec::new();
    for part in path.split('.').filter(|part| !part.is_empty()) {
        if let Ok(index) = part.parse() {
            steps.push(Step::Index(index));
            continue;
        }
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            steps.push(Step::Key(key.to_owned()));
        }
        while !rest.is_empty() {
            let (index, after) = rest.split_once(']')?;
            steps.push(Step::Index(index.parse().ok()?));
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    Some(steps)
}
