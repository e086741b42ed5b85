//! Inputs shared by the benches: the specs to generate from, the JSON payloads and request
//! bodies, the hand-written baseline types and the loopback HTTP server.
//!
//! Everything here stops loudly on a broken input: a bench that measured the wrong thing
//! would be worse than one that does not run.
#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "bench set-up: a missing or broken input must stop the run, not be measured"
)]

pub mod handwritten;
pub mod server;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// The workspace root (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("benches/ has a parent folder")
        .to_path_buf()
}

/// An OpenAPI document to generate from.
pub struct Spec {
    /// Short name used in bench ids: `openapi.yaml`, `nexus.json`.
    pub name: &'static str,
    /// The crate name the generator is given.
    pub crate_name: &'static str,
    /// Whether the text is JSON (else YAML), which decides how it is parsed.
    pub json: bool,
    /// The document.
    pub text: String,
}

/// The project's spec, and Oxide's nexus.json (the size benchmark) from the test corpus.
pub fn specs() -> Vec<Spec> {
    let mut specs = vec![Spec {
        name: "openapi.yaml",
        crate_name: "revox",
        json: false,
        text: read(&workspace_root().join("spec/openapi.yaml")),
    }];
    specs.push(Spec {
        name: "nexus.json",
        crate_name: "nexus",
        json: true,
        text: read(&nexus_path()),
    });
    specs
}

/// The scale benchmarks: LaunchDarkly's spec (the largest of the corpus, 2.8 MB of YAML) and
/// the 4 MB-class spec assembled from it and Intercom's (`tests/specs/assembled/`).
pub fn scale_specs() -> Vec<Spec> {
    let root = workspace_root();
    vec![
        Spec {
            name: "launchdarkly.yaml",
            crate_name: "launchdarkly",
            json: false,
            text: read(&root.join("tests/specs/real/launchdarkly.yaml")),
        },
        Spec {
            name: "launchdarkly-intercom.yaml",
            crate_name: "launchdarkly_intercom",
            json: false,
            text: read(&root.join("tests/specs/assembled/launchdarkly-intercom.yaml")),
        },
    ]
}

/// Where nexus.json lives: the test corpus (`tests/specs/SOURCES.md`).
pub fn nexus_path() -> PathBuf {
    workspace_root().join("tests/specs/oxide/nexus.json")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The example of `GET /assistants/{id}`'s 200 response in spec/openapi.yaml (the seed
/// JSON), as compact JSON text.
pub fn retrieve_example() -> String {
    serde_json::to_string(&retrieve_example_value()).expect("a JSON value prints")
}

/// [`retrieve_example`] as a JSON tree.
pub fn retrieve_example_value() -> Value {
    let spec: serde_yaml::Value =
        serde_yaml::from_str(&read(&workspace_root().join("spec/openapi.yaml")))
            .expect("spec/openapi.yaml is YAML");
    let responses = &spec["paths"]["/assistants/{id}"]["get"]["responses"];
    // `'200'` and `200` are different YAML keys; the spec may use either.
    let ok = match responses.get("200") {
        Some(ok) => ok,
        None => &responses[200],
    };
    let example = &ok["content"]["application/json"]["example"];
    assert!(
        example.is_mapping(),
        "spec/openapi.yaml has no example for GET /assistants/{{id}} 200"
    );
    serde_json::to_value(example).expect("the example is JSON")
}

/// `{"assistants": [...]}` with `count` copies of the retrieve example, each with its own
/// `id` and `name`, as compact JSON text.
pub fn assistant_list(count: usize) -> String {
    let example = retrieve_example_value();
    let assistants: Vec<Value> = (0..count)
        .map(|i| {
            let mut assistant = example.clone();
            assistant["id"] = json!(format!("asst_{i:06}"));
            assistant["name"] = json!(format!("Assistant number {i}"));
            assistant
        })
        .collect();
    serde_json::to_string(&json!({ "assistants": assistants })).expect("a JSON value prints")
}

/// A create request with most fields set (nested objects, a tagged union, lists, a `null`),
/// built with the generated types: constructors and setters for the nested values (the types
/// are `#[non_exhaustive]`), assignments of public fields for the rest.
pub fn create_params() -> revox::models::AssistantCreateParams {
    use revox::Nullable;
    use revox::models::{
        AssistantCreateParams, BackgroundSound, CallRetryConfig, CallingWindow,
        DedicatedInstanceModel, DedicatedInstanceModelName, FaqItemInput, FirstSentenceMode,
        LlmModel, StructuredOutputField, StructuredOutputFieldType, Voice, VoiceProvider,
    };
    let mut params = AssistantCreateParams::new(
        "Front desk",
        "You answer calls for a dental practice. Be brief and kind; book appointments when asked.",
    );
    params.background_sound = Nullable::Value(BackgroundSound::AudioOfficeOgg);
    params.call_retry_config = Some(
        CallRetryConfig::new(vec![CallingWindow::new("09:00", "18:00", 7200)], 3)
            .with_timezone(Nullable::Value("Europe/Paris".into())),
    );
    params.first_sentence = Some("Hello, this is the front desk. How can I help?".into());
    params.first_sentence_delay_ms = Some(400);
    params.first_sentence_mode = Some(FirstSentenceMode::Static);
    params.ivr_navigation_enabled = Some(false);
    params.llm_model = Some(LlmModel::DedicatedInstance(DedicatedInstanceModel::new(
        DedicatedInstanceModelName::Gpt41,
    )));
    params.max_call_duration_secs = Some(600.0);
    params.structured_output_config = Some(vec![
        StructuredOutputField::new("email", true, StructuredOutputFieldType::String)
            .with_description("The caller's email address"),
    ]);
    params.faq_items = Some(vec![FaqItemInput::new(
        "Monday to Friday, 9 to 6.",
        "When are you open?",
    )]);
    params.transfer_phone_number = Nullable::Value("+33123456789".into());
    params.voice = Some(Voice::new("voice_1", VoiceProvider::Cartesia).with_speed(1.0));
    params.voicemail_message = Nullable::Null;
    params.webhook_url = Some("https://example.com/hooks/calls".into());
    params
}

/// Parses a spec with the generator's own first phase (`codegen::parse`).
pub fn parse_like_load(spec: &Spec) -> codegen::Document {
    codegen::parse(&spec.text).unwrap_or_else(|d| panic!("the spec does not parse: {d:?}"))
}

/// Parses a spec straight into `openapiv3::OpenAPI`, without the intermediate tree: what the
/// parse phase would cost if the tree were built only to locate errors.
pub fn parse_direct(spec: &Spec) -> openapiv3::OpenAPI {
    if spec.json {
        serde_json::from_str(&spec.text).expect("the spec is OpenAPI 3.0 JSON")
    } else {
        serde_yaml::from_str(&spec.text).expect("the spec is OpenAPI 3.0 YAML")
    }
}

/// The Rust files of a generated crate that the generator formats with `prettyplease`: every
/// `.rs` file except the runtime modules, which are copied verbatim.
pub fn formatted_files(output: &codegen::Output) -> Vec<&str> {
    output
        .files
        .iter()
        .filter(|file| {
            let header = file.contents.lines().next().unwrap_or_default();
            file.path.ends_with(".rs") && !header.contains("copied verbatim")
        })
        .map(|file| file.contents.as_str())
        .collect()
}
