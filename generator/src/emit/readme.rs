//! The generated crate's README, which is also its crate-level documentation: every code
//! block in it is compiled as a doctest of the generated crate.

use super::examples::Examples;
use crate::Options;
use crate::ir::{Api, Auth, BodyKind, Operation, Resource, TypeKind, TypeRef};

/// Most operations shown in the usage example.
const MAX_USAGE_CALLS: usize = 8;

pub(crate) fn readme(api: &Api, options: &Options, header: &str) -> String {
    let examples = Examples::new(api, &options.crate_name);
    let k = &examples.krate;
    let name = &options.crate_name;
    let mut out = format!("<!-- {header} -->\n\n# {name}\n\n");
    if let Some(description) = &api.description {
        // The README is the crate's documentation too, which clippy's doc lints read.
        out.push_str(&super::markdown::unwrapped(description.trim()));
        out.push_str("\n\n");
    }
    out.push_str(&format!(
        "A Rust client for the {} (API version {}), generated from its OpenAPI description. The \
         crate stands alone: copy this folder into your project and depend on it by path.\n\n\
         ```toml\n[dependencies]\n{name} = {{ path = \"vendor/{name}\" }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n```\n",
        api.title, api.version
    ));

    let env_prefix = options.crate_name.to_uppercase().replace('-', "_");
    let (env, base_env) = (
        format!("{env_prefix}_API_KEY"),
        format!("{env_prefix}_BASE_URL"),
    );
    let reads = if api.schemes.len() > 1 {
        "each security scheme's credential from its variable (see Authentication)".to_owned()
    } else {
        format!("the API key from `{env}`")
    };
    out.push_str(&format!(
        "\n## Usage\n\n\
         `Client::from_env()` reads {reads} and, when set, the base URL from \
         `{base_env}` (default: `{base}`). Every endpoint is a method of a resource: \
         `client.<resource>().<method>(...)`, awaited for the decoded response.\n\n",
        base = api.base_url.as_deref().unwrap_or("http://localhost"),
    ));
    let calls: Vec<(&Resource, &Operation)> = api
        .resources
        .iter()
        .flat_map(|r| r.operations.iter().map(move |op| (r, op)))
        .take(MAX_USAGE_CALLS)
        .collect();
    if calls.is_empty() {
        out.push_str("This API declares no operations; its types are in `models`.\n");
    } else {
        let mut code = String::new();
        for (resource, op) in &calls {
            let title = op
                .doc
                .as_deref()
                .and_then(|d| d.lines().next())
                .unwrap_or(&op.name);
            code.push_str(&format!(
                "\n// {title}: `{} {}`\n{}\n",
                op.method,
                op.path,
                examples.pretty_call(resource, op)
            ));
        }
        out.push_str(&wrap(
            k,
            &format!("let client = {k}::Client::from_env()?;\n{code}"),
        ));
    }

    out.push_str(&pagination(api, &examples, k));
    out.push_str(&authentication(api, options, k));

    // The examples below await a decoded body: an operation that answers with events only
    // has its own section.
    let calls: Vec<(&Resource, &Operation)> = calls
        .into_iter()
        .filter(|(_, op)| !super::resources::streams_only(op))
        .collect();
    // Error handling, with the first operation that takes a path parameter (or any).
    let target = calls
        .iter()
        .find(|(_, op)| !op.path_params.is_empty())
        .or(calls.first());
    if let Some((resource, op)) = target {
        let call = examples.call(resource, op);
        let call = call.lines().next().unwrap_or_default();
        let expr = call
            .split_once(" = ")
            .map_or(call, |(_, e)| e)
            .trim_end_matches(';')
            .trim_end_matches('?');
        out.push_str(&format!(
            "\n## Errors\n\n\
             Every method fails with one `Error`: `Api` for an error status (with its `kind` — bad \
             request, authentication, permission denied, not found, conflict, unprocessable, rate \
             limit, server error or other —, the body's `message`, the raw body, the headers and \
             the request id), `Timeout`, `Connection`, `Decode` (with the path of the field that \
             failed and an excerpt of the body), `ResponseTooLarge`, `InvalidRequest`{} and \
             `Config`. None of them, nor the client's `Debug`, ever shows the API key.\n\n",
            if paginated(api).is_some() {
                ", `Pagination` (a list whose next page cannot be followed)"
            } else {
                ""
            }
        ));
        out.push_str(&wrap(
            k,
            &format!(
                "let client = {k}::Client::from_env()?;\n\
                 match {expr} {{\n    Ok(value) => println!(\"{{value:?}}\"),\n    \
                 Err({k}::Error::Api(error)) if error.kind == {k}::ApiErrorKind::NotFound => {{\n        \
                 println!(\"not found; request id {{:?}}\", error.request_id);\n    }}\n    \
                 Err(error) => return Err(error),\n}}\n"
            ),
        ));
        out.push_str(
            "\n## Retries, timeouts and responses\n\n\
             Requests time out after 60 seconds and are retried twice, with exponential backoff \
             (0.5 s doubling up to 8 s, with jitter) or the delay the server asks for in \
             `retry-after-ms` / `retry-after`, on connection errors, timeouts, 408, 409, 429 and \
             5xx responses; a `x-should-retry` response header overrides that choice. Both limits \
             can be set for the client and for one request, and `send_with_response()` returns \
             the status and headers with the body. A response body larger than \
             `ClientBuilder::max_response_bytes` (32 MiB unless set) is refused, not read into \
             memory.\n\n",
        );
        out.push_str(&wrap(
            k,
            &format!(
                "use std::time::Duration;\n\n\
                 let client = {k}::Client::builder()\n    .api_key(\"my api key\")\n    \
                 .timeout(Duration::from_secs(20))\n    .max_retries(3)\n    .build()?;\n\
                 let response = {}\n    .timeout(Duration::from_secs(5))\n    .max_retries(0)\n    \
                 .send_with_response()\n    .await?;\n\
                 println!(\"{{}} {{:?}} {{:?}}\", response.status, response.request_id(), response.body);\n",
                expr.trim_end_matches(".await")
            ),
        ));
    }

    out.push_str(&request_options(api, &examples, &calls));
    out.push_str(&streaming(api, &examples));

    out.push_str(
        "\n## Models\n\n\
         Every schema of the API is a type in `models`. Responses decode leniently: unknown \
         fields are ignored, and enum values this version does not know are kept in an \
         `Unknown` variant instead of failing. Optional request fields that accept `null` are \
         `Nullable`: left out (`Absent`), sent as `null` to clear a value, or set.\n\n\
         The types are `#[non_exhaustive]`, so that the API gaining an optional field or an \
         enum value is an addition to this crate, not a breaking change: build a struct with \
         `new(...)` (its required fields; `default()` when it has none) and a `with_<field>` \
         setter per optional field, as above, read and assign its public fields as usual, and \
         give a `match` on an enum a wildcard arm.\n",
    );
    out
}

/// Server-sent events, shown on the first streaming method, when the API has one.
fn streaming(api: &Api, examples: &Examples) -> String {
    let Some((resource, op, stream)) = api.resources.iter().find_map(|resource| {
        resource
            .operations
            .iter()
            .find_map(|op| Some((resource, op, op.stream.as_ref()?)))
    }) else {
        return String::new();
    };
    let k = &examples.krate;
    let mut out = String::from(
        "\n## Streaming\n\n\
         An endpoint that answers with server-sent events (`text/event-stream`) has a method \
         that returns them as a stream of typed items: the operation's own method when events \
         are its only answer, else a `_stream` twin of its JSON method, which asks for events \
         (and sets the body's `stream` property to `true`, when it has one). Awaiting the \
         request connects, with the client's timeout and retries; `next()` then returns each \
         event's `data:` decoded, until the stream ends or a `data: [DONE]` event ends it. \
         Comments and keep-alives are skipped. The stream has no overall timeout: the request's \
         timeout bounds each wait for more of it, and a stream silent for longer ends with \
         `Error::StreamIdle`. An event that does not decode is an `Error::Decode` item and the \
         stream goes on; a stream that breaks off ends with `Error::StreamInterrupted`. The \
         stream is also a `futures_core::Stream`, and its `last_event_id()` is the last `id:` \
         the server sent, to resume with a `Last-Event-ID` header.",
    );
    let named = api
        .resources
        .iter()
        .flat_map(|resource| &resource.operations)
        .any(|op| op.stream.as_ref().is_some_and(|stream| stream.envelopes));
    if named {
        out.push_str(
            " Where the spec tells events apart by their `event:` name, the items are whole \
             events instead, in an enum with a variant per name (each holding the event's \
             `event`, `data` and `id`); an event of a name this version does not know is its \
             `Unknown` variant.",
        );
    }
    out.push_str("\n\n");
    out.push_str(&wrap(
        k,
        &format!(
            "let client = {k}::Client::from_env()?;\n{}\n",
            examples.pretty_stream_call(resource, op, &stream.name)
        ),
    ));
    out
}

/// Per-request options and idempotency keys, shown on the first operation of the usage
/// example with a JSON object body (which `body_field` adds to), else on its first one.
fn request_options(api: &Api, examples: &Examples, calls: &[(&Resource, &Operation)]) -> String {
    let is_struct = |ty: &TypeRef| match ty {
        TypeRef::Named(id) => matches!(api.types.definition(*id), Some(TypeKind::Struct(_))),
        _ => false,
    };
    let has_object_body = |op: &Operation| {
        op.body
            .as_ref()
            .is_some_and(|body| body.kind == BodyKind::Json && is_struct(&body.ty))
    };
    let Some((resource, op)) = calls
        .iter()
        .find(|(_, op)| has_object_body(op))
        .or(calls.first())
    else {
        return String::new();
    };
    let k = &examples.krate;
    let mut options = vec![
        "    .header(\"x-feature-flag\", \"beta\")".to_owned(),
        "    .query(\"trace\", \"1\")".to_owned(),
    ];
    if has_object_body(op) {
        options.push("    .body_field(\"new_field\", true)".to_owned());
    }
    options.push("    .idempotency_key(\"order-1234\")".to_owned());
    let call = examples.pretty_call(resource, op);
    let call = match call.rsplit_once(".await?;") {
        Some((before, after)) => format!(
            "{}\n{}\n    .await?;{after}",
            before.trim_end(),
            options.join("\n")
        ),
        None => call,
    };
    let mut out = String::from(
        "\n## Per-request options and idempotency keys\n\n\
         Besides the timeout and retries, a request can be given extra headers (`header`, which \
         replaces a client header of the same name), extra query parameters (`query`, after the \
         declared ones) and, for a JSON object body, extra top-level fields (`body_field`): for \
         API features newer than this SDK. An option that cannot be sent (a header name or value \
         HTTP does not allow, a body field on a body that is not a JSON object) fails the \
         request with `InvalidRequest` before anything is sent.\n\n\
         With `ClientBuilder::idempotency_header`, or where the spec declares \
         `x-idempotency-key`, every request that is not a GET, HEAD or OPTIONS carries a fresh \
         random key, the same on each of its retries, so that the server can tell a retry from a \
         new request; `idempotency_key` sends a key of your own instead.\n\n",
    );
    out.push_str(&wrap(
        k,
        &format!(
            "let client = {k}::Client::builder()\n    .api_key(\"my api key\")\n    \
             .idempotency_header(\"Idempotency-Key\")\n    .build()?;\n{call}\n"
        ),
    ));
    out
}

/// The first paginated operation.
fn paginated(api: &Api) -> Option<(&Resource, &Operation, &crate::ir::Pagination)> {
    api.resources.iter().find_map(|r| {
        r.operations
            .iter()
            .find_map(|op| Some((r, op, op.pagination.as_ref()?)))
    })
}

/// How to go through every item of a list, when the API has a paginated operation.
fn pagination(api: &Api, examples: &Examples<'_>, k: &str) -> String {
    let Some((resource, op, pagination)) = paginated(api) else {
        return String::new();
    };
    let mut out = format!(
        "\n### Every item of a list\n\n\
         A list operation whose pages the spec describes has two more methods: `{items}` goes \
         through every item of every page and `{pages}` through the pages, both lazily (a page \
         is fetched when the items before it are used up, with the client's retries and \
         timeouts). Read them with `next().await`, or as a `futures_core::Stream`; \
         `max_items(n)` and `max_pages(n)` stop early, and `collect_all()` gathers the rest \
         into a `Vec`. A next cursor or URL that repeats the last one, or a next-page URL \
         outside the client's base URL, ends the list with `Error::Pagination`.\n\n",
        items = pagination.items_method,
        pages = pagination.pages_method,
    );
    out.push_str(&wrap(
        k,
        &format!(
            "let client = {k}::Client::from_env()?;\n\n// `{} {}`, every item\n{}\n",
            op.method,
            op.path,
            examples.each_loop(resource, op, &pagination.items_method, ("items", "item"))
        ),
    ));
    out
}

/// The credentials of an API with several security schemes: the client holds one per
/// scheme, and each request sends those its operation requires. A single scheme's is the API
/// key, which the usage section already covers.
fn authentication(api: &Api, options: &Options, k: &str) -> String {
    if api.schemes.len() < 2 {
        return String::new();
    }
    let mut out = String::from(
        "\n## Authentication\n\n\
         The API has several security schemes. The client holds one credential for each, given \
         to its builder method or read by `Client::from_env()` from its environment variable, \
         and every request sends those its operation requires: of the alternatives the spec \
         allows, the first the client has every credential of (an operation that allows \
         anonymous calls sends none when it has none). A request whose credentials the client \
         lacks fails with `Error::Config` before anything is sent. `api_key` (and \
         `Client::new`) sets the first scheme's credential.\n\n\
         | scheme | builder method | environment variable | sent as |\n\
         |---|---|---|---|\n",
    );
    for (scheme, env) in api
        .schemes
        .iter()
        .zip(super::security::scheme_envs(api, options))
    {
        let (method, sent) = match &scheme.auth {
            Auth::Bearer => (
                format!("{}(token)", scheme.method),
                "`Authorization: Bearer <token>`".to_owned(),
            ),
            Auth::Basic => (
                format!("{}(user, password)", scheme.method),
                "HTTP basic `Authorization`; the variable holds `user:password`".to_owned(),
            ),
            Auth::Header(name) => (
                format!("{}(key)", scheme.method),
                format!("the `{name}` header"),
            ),
            Auth::Query(name) => (
                format!("{}(key)", scheme.method),
                format!("the `{name}` query parameter"),
            ),
            Auth::Cookie(name) => (
                format!("{}(key)", scheme.method),
                format!("the `{name}` cookie"),
            ),
            Auth::None => (format!("{}(key)", scheme.method), "nothing".to_owned()),
        };
        out.push_str(&format!(
            "| `{}` | `{method}` | `{env}` | {sent} |\n",
            scheme.wire
        ));
    }
    let calls: String = api
        .schemes
        .iter()
        .map(|scheme| match scheme.auth {
            Auth::Basic => format!("\n    .{}(\"user\", \"password\")", scheme.method),
            _ => format!(
                "\n    .{}(\"my-{}-credential\")",
                scheme.method, scheme.wire
            ),
        })
        .collect();
    out.push('\n');
    out.push_str(&wrap(
        k,
        &format!("let client = {k}::Client::builder(){calls}\n    .build()?;\n# let _ = client;\n"),
    ));
    out
}

/// A `no_run` Rust block whose body runs inside an async function returning the crate's
/// `Result`, so that `?` and `.await` work in it.
fn wrap(krate: &str, body: &str) -> String {
    let mut out =
        format!("```rust,no_run\n# async fn example() -> Result<(), {krate}::Error> {{\n");
    out.push_str(body.trim_start_matches('\n'));
    if !body.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("# Ok(())\n# }\n```\n");
    out
}
