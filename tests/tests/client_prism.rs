//! Every endpoint called through the generated client against Prism serving `spec/`, which
//! rejects requests that violate the spec: each call must be accepted and its response decode.

use revox::models::{
    AssistantCreateParams, AssistantUpdateParams, FirstSentenceMode, LlmModel, Voice, VoiceProvider,
};
use revox::{ApiErrorKind, Client, Error, Nullable};
use revox_tests::prism::Prism;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_round_trips_through_prism() {
    let prism = Prism::start();
    let client = Client::builder()
        .api_key("sk_test_123")
        .base_url(&prism.base_url)
        .build()
        .expect("client builds");

    let create = AssistantCreateParams {
        first_sentence_mode: Some(FirstSentenceMode::Static),
        first_sentence: Some("Hello, this is the front desk.".into()),
        voice: Some(Voice {
            id: "voice_1".into(),
            provider: VoiceProvider::Cartesia,
            speed: Some(1.0),
        }),
        transfer_phone_number: Nullable::Value("+33123456789".into()),
        voicemail_message: Nullable::Null,
        ..AssistantCreateParams::new("Front desk", "Answer calls politely.")
    };
    let created = client
        .assistants()
        .create(&create)
        .await
        .expect("create is accepted and decodes");
    assert!(!created.assistant.id.is_empty());

    let assistant = client
        .assistants()
        .retrieve("asst_123")
        .await
        .expect("retrieve decodes");
    assert_eq!(assistant.id, "id", "Prism answers with the spec's example");
    assert!(matches!(
        assistant.llm_model,
        LlmModel::DedicatedInstance(_)
    ));

    let clear = AssistantUpdateParams {
        transfer_phone_number: Nullable::Null,
        ..Default::default()
    };
    client
        .assistants()
        .update("asst_123", &clear)
        .await
        .expect("update with a cleared field is accepted");

    let listed = client
        .assistants()
        .list()
        .send_with_response()
        .await
        .expect("list decodes");
    assert_eq!(listed.status, 200);
    assert!(listed.headers.contains_key("content-type"));

    let deleted = client
        .assistants()
        .delete("asst_123")
        .await
        .expect("delete decodes");
    let _ = deleted.success;

    // Prism answers with the documented 404 when asked to; the client types it.
    let error = client
        .assistants()
        .retrieve("asst_missing")
        .header("Prefer", "code=404")
        .max_retries(0)
        .await
        .expect_err("a 404 is an error");
    match error {
        Error::Api(api) => {
            assert_eq!(api.status, 404);
            assert_eq!(api.kind, ApiErrorKind::NotFound);
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[test]
fn the_quickstart_example_runs_against_prism() {
    let prism = Prism::start();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_quickstart"))
        .env("REVOX_API_KEY", "sk_test_123")
        .env("REVOX_BASE_URL", &prism.base_url)
        .output()
        .expect("the quickstart runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "quickstart failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for line in [
        "created assistant",
        "retrieved assistant",
        "updated assistant",
        "assistant(s)",
        "deleted:",
        "typed error",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in:\n{stdout}");
    }
}
