//! The values of the doc examples make valid requests: every operation of the project spec and
//! of the `examples` fixture is sent, with the example values lowering gives it (the values
//! the doc examples are written from), through the generated client's runtime to Prism, which
//! answers 422 to a request that violates the spec. What a request is made of (query styles,
//! headers, cookies, bodies) is the runtime's, as in the generated methods.

use std::path::Path;

use codegen::ir::{Api, BodyKind, Operation, ParamLocation, PathPart, QueryStyle};
use revox::{Client, Error, PendingRequest};
use revox_tests::prism::Prism;
use revox_tests::{read, root};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_project_spec_examples_are_accepted_by_prism() {
    every_example_is_accepted(&root().join("spec/openapi.yaml")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_examples_fixture_examples_are_accepted_by_prism() {
    every_example_is_accepted(&root().join("tests/fixtures/models/examples.yaml")).await;
}

/// The corpus, for a measure rather than a gate: `cargo test --test examples_prism -- --ignored
/// --nocapture` prints, per spec, how many example requests Prism rejects
/// (`EXAMPLES_PRISM_ONLY=nexus` picks the specs whose path contains the text).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "minutes long; the conformance run checks the corpus"]
async fn corpus_examples_against_prism() {
    let mut specs: Vec<_> = ["oxide", "real", "real31"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root().join("tests/specs").join(dir)).expect("corpus"))
        .map(|entry| entry.expect("entry").path())
        .collect();
    specs.sort();
    let only = std::env::var("EXAMPLES_PRISM_ONLY").unwrap_or_default();
    for spec in specs {
        if !spec.to_string_lossy().contains(&only) {
            continue;
        }
        if codegen::lower(&read(&spec)).is_err() {
            println!("{}: does not lower", spec.display());
            continue;
        }
        let (sent, rejected) = send_examples(&spec).await;
        println!(
            "{}: {sent} sent, {} rejected",
            spec.display(),
            rejected.len()
        );
        for line in rejected.iter().take(5) {
            println!("    {}", line.chars().take(400).collect::<String>());
        }
    }
}

async fn every_example_is_accepted(spec: &Path) {
    let (sent, rejected) = send_examples(spec).await;
    assert!(sent > 0, "no operation sent for {}", spec.display());
    assert!(
        rejected.is_empty(),
        "Prism rejects example requests of {}:\n{}",
        spec.display(),
        rejected.join("\n")
    );
}

/// Sends every operation of `spec` with its example values to Prism: how many were sent, and
/// what Prism said of each it rejected.
async fn send_examples(spec: &Path) -> (usize, Vec<String>) {
    let api: Api = match codegen::lower(&read(spec)) {
        Ok(api) => api,
        Err(diagnostics) => panic!("{} does not lower: {diagnostics:?}", spec.display()),
    };
    let prism = Prism::serving(spec);
    let client = Client::builder()
        .api_key("sk_test_123")
        .base_url(&prism.base_url)
        .max_retries(0)
        .build()
        .expect("client builds");
    let mut rejected = Vec::new();
    let mut sent = 0;
    for op in api.resources.iter().flat_map(|r| &r.operations) {
        let Some(request) = request(&client, op) else {
            continue;
        };
        sent += 1;
        match request.await {
            // A body that does not decode as JSON (an empty one) was still accepted.
            Ok(_) | Err(Error::Decode(_)) => {}
            Err(Error::Api(error)) if error.status == 422 || error.status == 400 => {
                rejected.push(format!("{} {}: {}", op.method, op.path, error.body));
            }
            Err(Error::Api(_)) => {}
            Err(error) => rejected.push(format!("{} {}: {error}", op.method, op.path)),
        }
    }
    if let Some(control) = control(&api) {
        // The control: Prism does reject a request that leaves out what the spec requires,
        // so an accepted example means something.
        let path: String = control
            .path_parts
            .iter()
            .map(|part| match part {
                PathPart::Literal(text) => text.clone(),
                PathPart::Param(_) => "x".to_owned(),
            })
            .collect();
        let method = revox::reqwest::Method::from_bytes(control.method.as_bytes()).expect("method");
        let empty = client
            .request::<Value>(method, path)
            .json_body(&serde_json::json!({}))
            .await;
        if !matches!(&empty, Err(Error::Api(error)) if error.status == 422 || error.status == 400) {
            rejected.push(format!(
                "control: Prism accepts an empty body for {} {}: {empty:?}",
                control.method, control.path
            ));
        }
    } else {
        rejected.push("control: no operation with a required json body".to_owned());
    }
    (sent, rejected)
}

/// An operation whose JSON body must have a property, if there is one.
fn control(api: &Api) -> Option<&Operation> {
    api.resources.iter().flat_map(|r| &r.operations).find(|op| {
        op.body.as_ref().is_some_and(|b| {
            b.required
                && b.kind == BodyKind::Json
                && b.example
                    .as_ref()
                    .and_then(Value::as_object)
                    .is_some_and(|o| !o.is_empty())
        })
    })
}

/// The request of `op` with its example values; `None` for a multipart body, which this test
/// does not build.
fn request(client: &Client, op: &Operation) -> Option<PendingRequest<Value>> {
    let mut path = String::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => path.push_str(text),
            PathPart::Param(name) => {
                let param = op.path_params.iter().find(|p| &p.name == name)?;
                path.push_str(&revox::encode_path_segment(&text(&param.example)));
            }
        }
    }
    let method = revox::reqwest::Method::from_bytes(op.method.as_bytes()).ok()?;
    let mut request = client.request::<Value>(method, path);
    if let Some(parameters) = &op.parameters {
        for (field, location) in &parameters.fields {
            let Some(value) = parameters.example.get(&field.wire) else {
                continue;
            };
            let wire = field.wire.as_str();
            request = match location {
                ParamLocation::Query(QueryStyle::Form) => request.query_value(wire, value),
                ParamLocation::Query(QueryStyle::Joined(separator)) => {
                    request.query_joined(wire, value, separator)
                }
                ParamLocation::Query(QueryStyle::DeepObject) => request.query_deep(wire, value),
                ParamLocation::Header => request.header_value(wire, value),
                ParamLocation::Cookie => request.cookie_value(wire, value),
            };
        }
    }
    if let Some(body) = &op.body {
        let example = body.example.clone().unwrap_or(Value::Null);
        request = match &body.kind {
            BodyKind::Json => request.json_body(&example),
            BodyKind::Form => request.form_body(&example),
            BodyKind::Text(media) => request.bytes_body(media, text(&example)),
            BodyKind::Binary(media) => match &body.example {
                Some(Value::String(bytes)) => request.bytes_body(media, bytes.as_bytes().to_vec()),
                _ => request.bytes_body(media, b"...".to_vec()),
            },
            BodyKind::Multipart => return None,
        };
    }
    Some(request)
}

/// A scalar as the text a path segment or text body carries.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
