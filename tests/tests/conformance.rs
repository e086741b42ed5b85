//! The part of the conformance run (`cargo xtask conformance`) that fits the test budget: the
//! project's spec and the small corpus specs, in both modes, every operation called through its
//! doc example against Prism; the rows are snapshotted. CI runs the whole corpus with
//! `cargo xtask conformance --check` after the tests. Also: the committed exclusions each name
//! a test of this file, Prism is gone once its handle is dropped, and the project's own mock
//! (for the specs Prism cannot serve) serves a generated crate.

use std::net::TcpStream;
use std::time::{Duration, Instant};

use revox_tests::root;
use xtask::conformance::{self, Request, report, served_spec};
use xtask::mock::Mock;
use xtask::prism::{Mode, Options, Prism};

/// The specs whose crates build and run in a few seconds each.
const SMALL_SPECS: &[&str] = &[
    "revox",
    "cli_gen",
    "param_collision",
    "param_overrides",
    "param_overrides_yaml",
    "keeper",
    "buildomat",
    "propolis_server",
    "together_2024_06",
];

#[test]
fn small_specs_conform_as_recorded() {
    let request = Request {
        specs: SMALL_SPECS.iter().map(|s| (*s).to_owned()).collect(),
        modes: Mode::ALL.to_vec(),
        workspace: root().join("target/test-scratch/conformance"),
        // Shared with `cargo xtask conformance`, so that the dependencies are built once.
        target_dir: root().join("target/conformance/target"),
        root: root(),
        replay: false,
    };
    let report = conformance::run(&request, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
    let exclusions = conformance::exclusions(&root()).unwrap_or_else(|e| panic!("{e}"));
    let mut text = report::table(&report.rows, &exclusions);
    let failures = report::failures(&report.rows, &exclusions);
    if !failures.is_empty() {
        text.push_str("\n## Failures\n");
        text.push_str(&failures);
    }
    insta::assert_snapshot!("conformance_small_specs", text.trim_end());
}

#[test]
fn every_exclusion_names_a_test_of_this_file() {
    let exclusions = conformance::exclusions(&root()).unwrap_or_else(|e| panic!("{e}"));
    let this_file = revox_tests::read(&root().join("tests/tests/conformance.rs"));
    // The run excludes calls of this kind by itself, naming this test.
    assert!(this_file.contains(&format!("fn {}()", conformance::EXAMPLE_TEST)));
    // Each listed call is one the last run recorded as failing: no stale or misspelt entry.
    for exclusion in &conformance::exclusions(&root()).unwrap_or_else(|e| panic!("{e}")) {
        for mode in &exclusion.modes {
            let file = root()
                .join("tests/conformance/results")
                .join(report::file_name(&exclusion.name, *mode));
            let results = revox_tests::read(&file);
            let class = results
                .lines()
                .find_map(|line| line.strip_prefix(&format!("{}\t", exclusion.operation)))
                .and_then(|rest| rest.split('\t').next());
            assert!(
                class.is_some_and(|class| class != "ok"),
                "the exclusion of {} {mode} {} names no failing call of {}",
                exclusion.name,
                exclusion.operation,
                file.display()
            );
        }
    }
    for exclusion in exclusions {
        assert!(
            this_file.contains(&format!("fn {}()", exclusion.test)),
            "the exclusion of {} {} names no test `{}` in tests/tests/conformance.rs",
            exclusion.name,
            exclusion.operation,
            exclusion.test
        );
    }
}

/// The project's mock, which serves the specs Prism cannot (`conformance::OWN_MOCK`), serves
/// the generated `revox` crate from the project's spec in both modes: its calls decode, and a
/// request the spec does not allow gets the problem the conformance run counts as rejected.
#[tokio::test(flavor = "multi_thread")]
async fn the_projects_mock_serves_a_generated_crate() {
    for mode in Mode::ALL {
        let mock =
            Mock::start(&root().join("spec/openapi.yaml"), mode).unwrap_or_else(|e| panic!("{e}"));
        let client = revox::Client::builder()
            .api_key("conformance:key")
            .base_url(&mock.base_url)
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let me = client.users().retrieve_me().await;
        assert!(me.is_ok(), "{mode}: {me:?}");
        let voices = client.voices().list().await;
        assert!(voices.is_ok(), "{mode}: {voices:?}");
        let calls = client
            .call()
            .list(&revox::models::CallListParameters::new(0, 20))
            .await;
        assert!(calls.is_ok(), "{mode}: {calls:?}");
        let address = mock.base_url.trim_start_matches("http://").to_owned();
        let (status, body) = tokio::task::spawn_blocking(move || get(&address, "/users/me"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(status, 401, "{mode}: no API key: {body}");
        assert!(body.contains("errors#UNAUTHORIZED"), "{mode}: {body}");
        mock.stop();
    }
}

/// `GET path` on `address` (`host:port`), asking for JSON: the status and the body.
fn get(address: &str, path: &str) -> (u16, String) {
    get_with(
        address,
        path,
        "Accept: application/json\r\nConnection: close",
    )
}

/// `GET path` on `address` with `headers` (lines without the last line break).
fn get_with(address: &str, path: &str, headers: &str) -> (u16, String) {
    send(address, &format!("GET {path}"), headers, "")
}

/// `POST path` of a JSON `body` on `address`.
fn post_json(address: &str, path: &str, body: &str) -> (u16, String) {
    let headers = format!(
        "Accept: application/json\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close",
        body.len()
    );
    send(address, &format!("POST {path}"), &headers, body)
}

/// One HTTP/1.1 request (`line` is its method and path), read to the end.
fn send(address: &str, line: &str, headers: &str, body: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = TcpStream::connect(address).expect("connects");
    write!(
        stream,
        "{line} HTTP/1.1\r\nHost: {address}\r\n{headers}\r\n\r\n{body}"
    )
    .expect("sends");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("reads");
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, body.to_owned())
}

/// The run excludes a static call by itself when Prism's answer breaks the response schema
/// and the generator finds why at the place Prism names: an example that breaks its schema,
/// or no example at all for a string with a pattern (Prism's made-up value does not match).
/// This shows the two agree, on examples written in each place a mock server takes them
/// from, on a made-up value, and on examples that fit.
#[test]
fn prism_and_the_generator_agree_on_examples_that_break_their_schema() {
    let spec = root().join("tests/fixtures/conformance/examples_breaking_their_schema.yaml");
    let conflicts =
        codegen::example_conflicts(&revox_tests::read(&spec)).unwrap_or_else(|e| panic!("{e:?}"));
    let found: Vec<(&str, &str)> = conflicts
        .iter()
        .map(|c| (c.operation.as_str(), c.example.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("access.get", "#/components/schemas/Access/example"),
            (
                "amount.get",
                "#/paths/~1amount/get/responses/200/content/application~1json/example"
            ),
            ("named.get", "#/components/examples/Unnamed/value"),
        ]
    );
    let options = Options {
        root: root(),
        spec,
        mode: Mode::Static,
        log: root().join("target/test-scratch/prism/examples.log"),
        startup: Duration::from_secs(60),
    };
    let prism = Prism::start(&options).unwrap_or_else(|e| panic!("{e}"));
    let address = prism.base_url.trim_start_matches("http://").to_owned();
    for path in ["/access", "/amount", "/named"] {
        let (status, body) = get(&address, path);
        assert_eq!(status, 500, "{path}: {body}");
        assert!(body.contains("VIOLATIONS"), "{path}: {body}");
        assert!(body.contains("Response body"), "{path}: {body}");
    }
    // A body built from the properties' examples: Prism names the place of the wrong one,
    // where the generator finds it too.
    let (status, body) = get(&address, "/nested");
    assert_eq!(status, 500, "{body}");
    assert!(
        body.contains("Response body property owner.tags must be array"),
        "{body}"
    );
    let text = revox_tests::read(&options.spec);
    for (status, path) in [(None, "owner.tags"), (Some(200), "owner.tags")] {
        let met = codegen::rejected_example_at(&text, "nested.get", status, path)
            .expect("the example is found");
        assert_eq!(
            met.example,
            "#/components/schemas/Owner/properties/tags/example"
        );
        assert_eq!(met.value, "admin, owner");
    }
    assert_eq!(
        codegen::rejected_example_at(&text, "nested.get", None, "owner.name"),
        None,
        "the name's example fits"
    );
    // A string with a pattern and no example anywhere: Prism makes one up that breaks the
    // pattern, and the generator sees that no example gave the value.
    let (status, body) = get(&address, "/patterned");
    assert_eq!(status, 500, "{body}");
    assert!(
        body.contains("Response body property version must match pattern"),
        "{body}"
    );
    assert!(!body.contains("property tag"), "{body}");
    assert!(codegen::made_up_at(&text, "patterned.get", None, "version"));
    assert!(!codegen::made_up_at(&text, "patterned.get", None, "tag"));
    assert!(!codegen::made_up_at(
        &text,
        "nested.get",
        None,
        "owner.name"
    ));
    // Where a decoder fails inside a served example, the value there is the example's.
    let met = codegen::rejected_example_at(&text, "amount.get", Some(200), "total")
        .expect("the example is found");
    assert_eq!(
        met.example,
        "#/paths/~1amount/get/responses/200/content/application~1json/example/total"
    );
    assert_eq!(met.value, "50.00");
    let (status, body) = get(&address, "/fine");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""name":"Ada""#), "{body}");
}

/// The reason of the exclusions of operations whose only responses Prism cannot mock (a
/// WebSocket upgrade (`101`), an untyped `*/*` body, no response at all: any request gets an
/// error from Prism itself, not an answer an SDK could decode), or whose request Prism cannot
/// read (an exploded form-style `oneOf` of objects in the query, a body of a `oneOf` whose
/// variants overlap, which a validator fits against every variant), or route (a path of
/// the same template as another).
#[test]
fn prism_cannot_mock_or_read_these() {
    let options = Options {
        root: root(),
        spec: root().join("tests/fixtures/conformance/prism_limits.yaml"),
        mode: Mode::Static,
        log: root().join("target/test-scratch/prism/limits.log"),
        startup: Duration::from_secs(60),
    };
    let prism = Prism::start(&options).unwrap_or_else(|e| panic!("{e}"));
    let address = prism.base_url.trim_start_matches("http://").to_owned();
    let upgrade = "Accept: */*\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\
                   Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==";
    for headers in [upgrade, "Accept: application/json\r\nConnection: close"] {
        let (status, body) = get_with(&address, "/upgrade", headers);
        assert!(status >= 400, "{status}: {body}");
    }
    // What the SDK asks for (`*/*`, the declared media type) fails to serialise; anything
    // else finds no content.
    let (status, body) = get_with(&address, "/untyped", "Accept: */*\r\nConnection: close");
    assert_eq!(status, 500, "{body}");
    assert!(body.contains("NO_COMPLEX_OBJECT_TEXT"), "{body}");
    for accept in ["application/json", "text/plain", "application/octet-stream"] {
        let headers = format!("Accept: {accept}\r\nConnection: close");
        let (status, body) = get_with(&address, "/untyped", &headers);
        assert!(status >= 400, "{accept}: {status} {body}");
    }
    // The same with an object schema: Prism makes the object, and cannot serialise it.
    let (status, body) = get_with(&address, "/typed-any", "Accept: */*\r\nConnection: close");
    assert_eq!(status, 500, "{body}");
    assert!(body.contains("NO_COMPLEX_OBJECT_TEXT"), "{body}");
    let (status, body) = get_with(
        &address,
        "/typed-any",
        "Accept: application/json\r\nConnection: close",
    );
    assert!(status >= 400, "{status} {body}");
    // Server-sent events described by an object schema (each event, or its data): Prism
    // makes the object up and cannot serialise it as the stream's text.
    let (status, body) = get_with(
        &address,
        "/events",
        "Accept: text/event-stream\r\nConnection: close",
    );
    assert_eq!(status, 500, "{body}");
    assert!(body.contains("NO_COMPLEX_OBJECT_TEXT"), "{body}");
    let (status, body) = get(&address, "/undeclared");
    assert_eq!(status, 500, "{body}");
    assert!(body.contains("NO_RESPONSE_RESPONSE_DEFINED"), "{body}");
    // An object query parameter in the form style, exploded, is its properties as pairs
    // (OpenAPI's style table). Prism reads them back for an object, not for a `oneOf` of
    // objects.
    let (status, body) = get(&address, "/filtered?user_id=u_1");
    assert_eq!(status, 200, "{body}");
    let (status, body) = get(&address, "/chosen?user_id=u_1");
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("required property 'user_id'"), "{body}");
    // An `allOf` member with properties but no `type`: the static body leaves them out.
    let (status, body) = get(&address, "/report");
    assert_eq!(status, 500, "{body}");
    assert!(
        body.contains("Response body must have required property 'id'"),
        "{body}"
    );
    // A `oneOf` whose variants overlap: a body of its discriminated variant fits both.
    let body = r#"{"method":"password","password":"secret","traits":{}}"#;
    let (status, answer) = post_json(&address, "/methods", body);
    assert_eq!(status, 422, "{answer}");
    assert!(
        answer.contains("must match exactly one schema in oneOf"),
        "{answer}"
    );
    // Two paths of one template (which OpenAPI forbids, and the generator warns about): a
    // valid request for the second is checked against the first.
    let (status, body) = get(&address, "/items/42");
    let (uuid_status, uuid_body) = get(&address, "/items/123e4567-e89b-12d3-a456-426614174000");
    assert!(
        status == 422 || uuid_status == 422,
        "one of the two valid requests is checked against the other path: {body} {uuid_body}"
    );
    let spec = revox_tests::read(&options.spec);
    let warnings = codegen::generate(&spec, &codegen::Options::new("limits", "limits"))
        .expect("generates")
        .warnings;
    assert!(
        warnings.iter().any(
            |w| w.pointer == "#/paths/~1items~1{number}" && w.message.contains("same template")
        ),
        "{warnings:#?}"
    );
}

/// The reason of the exclusions of operations whose answer holds a schema that holds itself
/// (through an optional property): Prism's made-up body stops a few levels down with an
/// object that lacks the required properties, in both modes (the fixed seed of the run).
/// Schemas that hold each other through arrays, as keycloak's do, break the static body
/// inside the cycle, and the random one fails to be made.
#[test]
fn prism_cannot_make_up_recursive_bodies() {
    for mode in Mode::ALL {
        let options = Options {
            root: root(),
            spec: root().join("tests/fixtures/conformance/prism_recursion.yaml"),
            mode,
            log: root().join(format!("target/test-scratch/prism/recursion.{mode}.log")),
            startup: Duration::from_secs(60),
        };
        let prism = Prism::start(&options).unwrap_or_else(|e| panic!("{e}"));
        let address = prism.base_url.trim_start_matches("http://").to_owned();
        let (status, body) = get(&address, "/score");
        assert_eq!(status, 500, "{mode}: {body}");
        assert!(
            body.contains("must have required property 'score'"),
            "{mode}: {body}"
        );
    }
    // Resources, scopes and policies that hold each other: the static body of a realm breaks
    // the schema inside the cycle.
    let options = Options {
        root: root(),
        spec: root().join("tests/fixtures/conformance/prism_recursion.yaml"),
        mode: Mode::Static,
        log: root().join("target/test-scratch/prism/recursion.cycle.log"),
        startup: Duration::from_secs(60),
    };
    let prism = Prism::start(&options).unwrap_or_else(|e| panic!("{e}"));
    let address = prism.base_url.trim_start_matches("http://").to_owned();
    let (status, body) = get(&address, "/realm");
    assert_eq!(status, 500, "{body}");
    assert!(body.contains("VIOLATIONS"), "{body}");
    assert!(body.contains("\"resourcesData\""), "{body}");
    drop(prism);
    // keycloak's own client, in the run's dynamic mode: Prism's random body fails to be made.
    let spec = served_spec(
        &root().join("tests/specs/real/keycloak.json"),
        &root().join("target/test-scratch/prism/served"),
    )
    .expect("the served copy is written");
    let options = Options {
        spec,
        mode: Mode::Dynamic,
        log: root().join("target/test-scratch/prism/recursion.keycloak.log"),
        ..options
    };
    let prism = Prism::start(&options).unwrap_or_else(|e| panic!("{e}"));
    let address = prism.base_url.trim_start_matches("http://").to_owned();
    let headers = "Accept: application/json\r\nAuthorization: Bearer key\r\nConnection: close";
    let (status, body) = get_with(&address, "/master/clients/c1", headers);
    assert_eq!(status, 500, "{body}");
    assert!(body.contains("TypeError"), "{body}");
    // keycloak holds that cycle: a resource's scopes, a scope's policies, a policy's
    // resources; a realm reaches it through its clients' authorization settings.
    let schemas = "/components/schemas";
    let items = |schema: &str, property: &str| {
        schema_at(
            "real/keycloak.json",
            &format!("{schemas}/{schema}/properties/{property}/items/$ref"),
        )
    };
    let reference = |name: &str| serde_json::json!(format!("#{schemas}/{name}"));
    assert_eq!(
        items("ResourceRepresentation", "scopes"),
        reference("ScopeRepresentation")
    );
    assert_eq!(
        items("ScopeRepresentation", "policies"),
        reference("PolicyRepresentation")
    );
    assert_eq!(
        items("PolicyRepresentation", "resourcesData"),
        reference("ResourceRepresentation")
    );
    assert_eq!(
        items("RealmRepresentation", "clients"),
        reference("ClientRepresentation")
    );
    assert_eq!(
        schema_at(
            "real/keycloak.json",
            &format!("{schemas}/ClientRepresentation/properties/authorizationSettings/$ref"),
        ),
        reference("ResourceServerRepresentation")
    );
    assert_eq!(
        items("ResourceServerRepresentation", "resources"),
        reference("ResourceRepresentation")
    );
}

/// The schema at `pointer` (a JSON pointer) of the corpus spec `file` (under `tests/specs/`).
fn schema_at(file: &str, pointer: &str) -> serde_json::Value {
    let text = revox_tests::read(&root().join("tests/specs").join(file));
    let document: serde_json::Value = serde_yaml::from_str(&text).expect("parses");
    document
        .pointer(pointer)
        .unwrap_or_else(|| panic!("{file} has nothing at {pointer}"))
        .clone()
}

/// The reason of the exclusions of calls that fail because the spec contradicts itself where
/// no example is involved: a request no value can make valid, or a value the spec lists that
/// its own type rejects (which Prism picks for its answers).
#[test]
fn specs_that_contradict_themselves() {
    // intercom's `from.id` of a new conversation: a UUID, which has 36 characters, of at
    // most 24 characters.
    let id = schema_at(
        "real/intercom.yaml",
        "/components/schemas/create_conversation_request/properties/from/properties/id",
    );
    assert_eq!(id["format"], "uuid");
    assert!(id["maxLength"].as_u64().is_some_and(|max| max < 36), "{id}");
    // together's fine-tune event levels: a string, not nullable, whose first value is null.
    let levels = schema_at(
        "real/together-2024-06.yaml",
        "/components/schemas/FinetuneEventLevels",
    );
    assert_eq!(levels["type"], "string");
    assert_eq!(levels["enum"][0], serde_json::Value::Null);
    assert!(levels.get("nullable").is_none(), "{levels}");
    // onfido's address list: requires `address`, which it does not declare (its property is
    // `addresses`), so a body made from its properties lacks it.
    let list = schema_at("real/onfido.json", "/components/schemas/Addresses_list");
    assert_eq!(list["required"], serde_json::json!(["address"]));
    assert!(list["properties"].get("address").is_none(), "{list}");
    // onfido's reports: every variant of the `oneOf` takes any report `name` (one enum of
    // them all), so a body of one variant can fit several.
    let report = schema_at("real/onfido.json", "/components/schemas/report_shared");
    assert_eq!(
        report["properties"]["name"]["$ref"],
        "#/components/schemas/report_name"
    );
    let names = schema_at("real/onfido.json", "/components/schemas/report_name");
    assert!(
        names["enum"]
            .as_array()
            .is_some_and(|names| names.len() > 1),
        "{names}"
    );
    // together 3.1's event levels: the same string, whose type does not take null.
    let levels = schema_at(
        "real31/together.yaml",
        "/components/schemas/FinetuneEventLevels",
    );
    assert_eq!(levels["type"], "string");
    assert_eq!(levels["enum"][0], serde_json::Value::Null);
    // together 3.1's LoRA settings: integers and a number whose defaults are strings, which
    // Prism's static answers are made of.
    let lora = schema_at("real31/together.yaml", "/components/schemas/RL.LoraConfig");
    for (name, ty) in [
        ("rank", "integer"),
        ("alpha", "integer"),
        ("dropout", "number"),
    ] {
        assert_eq!(lora["properties"][name]["type"], ty, "{lora}");
        assert!(lora["properties"][name]["default"].is_string(), "{lora}");
    }
    // together 3.1's `oneOf`s of objects of which one takes every object (no required
    // property, any other property allowed): no value fits exactly one.
    let takes_every_object = |schema: &serde_json::Value| {
        let schema = match schema["$ref"].as_str() {
            Some(reference) => {
                let pointer = reference.trim_start_matches('#');
                schema_at("real31/together.yaml", pointer)
            }
            None => schema.clone(),
        };
        schema["type"] == "object"
            && schema.get("required").is_none()
            && schema.get("additionalProperties").is_none()
    };
    let results = schema_at(
        "real31/together.yaml",
        "/components/schemas/EvaluationJob/properties/results/oneOf",
    );
    let results = results.as_array().expect("variants");
    assert!(results.len() > 1 && results.iter().all(takes_every_object));
    let arguments = schema_at(
        "real31/together.yaml",
        "/components/schemas/LRScheduler/properties/lr_scheduler_args/oneOf",
    );
    assert!(takes_every_object(&arguments[0]), "{arguments}");
    assert_eq!(arguments.as_array().map(Vec::len), Some(2));
    // together 3.1's `train_on_inputs`: a boolean whose `oneOf` also takes, and whose default
    // is, the string "auto".
    let inputs = schema_at(
        "real31/together.yaml",
        "/components/schemas/TrainingMethodSFT/properties/train_on_inputs",
    );
    assert_eq!(inputs["type"], "boolean");
    assert_eq!(inputs["default"], "auto");
    assert_eq!(inputs["oneOf"][1]["enum"], serde_json::json!(["auto"]));
    // propolis's crucible snapshot answer: a string, not nullable, whose only value is null.
    let answer = schema_at(
        "oxide/propolis-server.json",
        "/paths/~1instance~1disk~1{id}~1snapshot~1{snapshot_id}/post/responses/200/content/application~1json/schema",
    );
    assert_eq!(answer["type"], "string");
    assert_eq!(answer["enum"], serde_json::json!([null]));
    assert!(answer.get("nullable").is_none(), "{answer}");
}

#[test]
fn prism_is_gone_once_dropped() {
    let options = Options {
        root: root(),
        spec: root().join("tests/specs/oxide/cli-gen.json"),
        mode: Mode::Dynamic,
        log: root().join("target/test-scratch/prism/dropped.log"),
        startup: Duration::from_secs(60),
    };
    let prism = Prism::start(&options).unwrap_or_else(|e| panic!("{e}"));
    let address = prism.base_url.trim_start_matches("http://").to_owned();
    assert!(TcpStream::connect(&address).is_ok(), "Prism listens");
    let stopping = Instant::now();
    drop(prism);
    // Closing the guardian's pipe stops Prism at once, long before the fallback kill.
    assert!(
        stopping.elapsed() < Duration::from_secs(4),
        "{:?}",
        stopping.elapsed()
    );
    assert!(
        TcpStream::connect(&address).is_err(),
        "Prism still listens on {address} after the drop"
    );
}

/// Set in the child process of `prism_is_gone_when_its_owner_is_killed`.
const OWNER_ENV: &str = "CONFORMANCE_PRISM_OWNER";

/// In the child: starts Prism, says where, and waits to be killed. A no-op otherwise.
#[test]
fn prism_owner() {
    if std::env::var_os(OWNER_ENV).is_none() {
        return;
    }
    let options = Options {
        root: root(),
        spec: root().join("tests/specs/oxide/cli-gen.json"),
        mode: Mode::Static,
        log: root().join("target/test-scratch/prism/owner.log"),
        startup: Duration::from_secs(60),
    };
    let prism = Prism::start(&options).unwrap_or_else(|e| panic!("{e}"));
    println!("listening {}", prism.base_url);
    std::thread::sleep(Duration::from_secs(120));
}

#[test]
fn prism_is_gone_when_its_owner_is_killed() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let mut owner = Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "prism_owner", "--nocapture", "--test-threads=1"])
        .env(OWNER_ENV, "1")
        .stdout(Stdio::piped())
        .spawn()
        .expect("the owner starts");
    let stdout = owner.stdout.take().expect("stdout");
    let address = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        // libtest writes the test's name on the same line first.
        .find_map(|line| {
            line.split_once("listening http://")
                .map(|(_, address)| address.trim().to_owned())
        })
        .expect("the owner reports Prism's address");
    assert!(TcpStream::connect(&address).is_ok(), "Prism listens");
    // SIGKILL: no destructor runs, only the pipe to the guardian closes.
    owner.kill().expect("kill");
    owner.wait().expect("wait");
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(&address).is_ok() {
        assert!(
            Instant::now() < deadline,
            "Prism still listens on {address} after its owner was killed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
