//! Every endpoint called through the generated client against Prism serving `spec/`, which
//! rejects requests that violate the spec: each call must be accepted and its response decode.

use std::collections::BTreeMap;

use revox::models::{
    AssistantCreateParams, AssistantUpdateParams, BackgroundSound, CallAttemptResult,
    CallAttemptStatus, CallCreateParams, CallDirection, CallListParameters, FirstSentenceMode,
    InlineAssistantParams, LlmModel, TranscriptEntryToolArguments, TranscriptRole,
    UserUpdateParams, Voice, VoiceLanguage, VoicePreviewParams, VoiceProvider,
    VoicesRetrieveParameters,
};
use revox::{ApiErrorKind, Client, Error, Nullable};
use revox_tests::prism::Prism;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_assistant_endpoint_round_trips_through_prism() {
    let prism = Prism::start();
    let client = Client::builder()
        .api_key("sk_test_123")
        .base_url(&prism.base_url)
        .build()
        .expect("client builds");

    let create = AssistantCreateParams::new("Front desk", "Answer calls politely.")
        .with_first_sentence_mode(FirstSentenceMode::Static)
        .with_first_sentence("Hello, this is the front desk.")
        .with_voice(Voice::new("voice_1", VoiceProvider::Cartesia).with_speed(1.0))
        .with_transfer_phone_number(Nullable::Value("+33123456789".into()))
        .with_voicemail_message(Nullable::Null);
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

    // `null` clears a nullable field, an enum's as well as a string's.
    let clear = AssistantUpdateParams::default()
        .with_transfer_phone_number(Nullable::Null)
        .with_background_sound(Nullable::Null);
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
    assert!(deleted.success);

    assert_eq!(
        created.assistant.background_sound,
        Some(BackgroundSound::AudioOfficeOgg)
    );
    assert_eq!(listed.body.assistants.len(), 1);
    assert_eq!(listed.body.assistants[0].name, "Front desk");

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_call_endpoint_round_trips_through_prism() {
    let prism = Prism::start();
    let client = Client::builder()
        .api_key("sk_test_123")
        .base_url(&prism.base_url)
        .build()
        .expect("client builds");

    // A call with an assistant given inline rather than stored.
    let order = CallCreateParams::new("+14155550123")
        .with_assistant(
            InlineAssistantParams::new("Confirm tomorrow's appointment.")
                .with_first_sentence("Hello, this is the front desk.")
                .with_voicemail_message(Nullable::Null),
        )
        .with_metadata(BTreeMap::from([("customer_id".into(), "cus_42".into())]))
        .with_scheduled_at("2025-05-11T17:00:00Z");
    let placed = client
        .call()
        .create(&order)
        .await
        .expect("create is accepted and decodes")
        .call;
    assert_eq!(placed.id, "call_5d1a7e");
    assert_eq!(placed.direction, CallDirection::Outbound);
    assert!(placed.call_attempts.is_empty());
    assert_eq!(placed.last_call_attempt, None);
    assert_eq!(placed.first_sentence_delay_ms, 400.0);
    assert_eq!(
        placed.call_retry_config.map(|c| c.max_retry_attempts),
        Some(3)
    );
    assert_eq!(placed.scheduled_at, "2025-05-11T17:00:00.000Z");
    assert_eq!(
        placed.metadata.as_ref().and_then(|m| m.get("customer_id")),
        Some(&"cus_42".to_owned())
    );

    let call = client
        .call()
        .retrieve(&placed.id)
        .await
        .expect("retrieve decodes")
        .call;
    assert!(call.is_completed);
    assert_eq!(call.call_attempts.len(), 2);
    assert!(matches!(call.llm_model, LlmModel::DedicatedInstance(_)));
    assert_eq!(call.next_call_at, revox::serde_json::Value::Null);
    let last = call.last_call_attempt.clone().expect("a last attempt");
    assert_eq!(
        call.call_attempts[0], last,
        "the most recent attempt comes first"
    );
    assert_eq!(last.result, Some(CallAttemptResult::Human));
    assert_eq!(last.status, CallAttemptStatus::Completed);
    let transcript = last.transcript.into_option().expect("a transcript");
    assert_eq!(transcript[0].role, TranscriptRole::Assistant);
    let tool = &transcript[2];
    assert_eq!(tool.tool_name.as_deref(), Some("book_appointment"));
    assert!(matches!(
        &tool.tool_arguments,
        Some(TranscriptEntryToolArguments::Map(arguments)) if arguments["date"] == "2025-05-14"
    ));

    let page = client
        .call()
        .list(&CallListParameters::new(0, 20))
        .await
        .expect("list decodes")
        .calls;
    assert_eq!(page.len(), 2);
    let voicemail = &page[1];
    assert_eq!(voicemail.result, Some(CallAttemptResult::Voicemail));
    assert_eq!(voicemail.recording_url, None);
    assert_eq!(voicemail.transcript, Nullable::Null);
    assert_eq!(voicemail.structured_output, Nullable::Null);

    // Prism answers every page with the example's two attempts: shorter than `page_size`, the
    // first page is the last; as long as it, the pages never end, but `max_pages` does.
    let every = client
        .call()
        .list_items(&CallListParameters::new(0, 20))
        .collect_all()
        .await
        .expect("every page decodes");
    assert_eq!(every, page);
    let pages = client
        .call()
        .list_pages(&CallListParameters::new(0, 2))
        .max_pages(3)
        .collect_all()
        .await
        .expect("every page decodes");
    assert_eq!(pages.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_voice_and_user_endpoint_round_trips_through_prism() {
    let prism = Prism::start();
    let client = Client::builder()
        .api_key("sk_test_123")
        .base_url(&prism.base_url)
        .build()
        .expect("client builds");

    let voices = client.voices().list().await.expect("list decodes").voices;
    assert_eq!(voices.len(), 3);
    assert_eq!(voices[1].provider, VoiceProvider::Elevenlabs);
    assert_eq!(voices[2].language, VoiceLanguage::Fr);

    let voice = client
        .voices()
        .retrieve(
            &voices[0].id,
            &VoicesRetrieveParameters::new(voices[0].provider.clone()),
        )
        .await
        .expect("retrieve decodes")
        .voice;
    assert_eq!(voice.id, voices[0].id);
    assert_eq!(voice.name, "Sarah");
    assert!(voice.description.is_some());

    // The preview is audio: the bytes come back as they are, whatever their media type
    // (Prism, which has no audio to give, answers with a placeholder text).
    let preview = client
        .voices()
        .preview(
            &VoicePreviewParams::new(VoiceProvider::Cartesia, voice.id.clone())
                .with_text("Hello there."),
        )
        .send_with_response()
        .await
        .expect("preview is accepted");
    assert_eq!(preview.status, 200);
    assert!(!preview.body.as_bytes().is_empty());
    assert!(preview.headers.contains_key("content-type"));

    let me = client
        .users()
        .retrieve_me()
        .await
        .expect("retrieve_me decodes")
        .user;
    assert_eq!(me.email, "jane.doe@example.com");
    assert_eq!(me.first_name.as_deref(), Some("Jane"));
    assert_eq!(me.last_name, None);
    let updated = client
        .users()
        .update_me(&UserUpdateParams::default().with_has_completed_onboarding(true))
        .await
        .expect("update_me is accepted and decodes")
        .user;
    assert!(updated.has_completed_onboarding);
    assert_eq!(updated.id, me.id);
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
        "signed in as",
        "voice(s) available",
        "created assistant",
        "retrieved assistant",
        "updated assistant",
        "assistant(s)",
        "placed call call_5d1a7e",
        "read call call_5d1a7e back: last attempt",
        "call attempt(s)",
        "deleted:",
        "typed error",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in:\n{stdout}");
    }
}
