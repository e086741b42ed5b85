//! The generated models against real payloads: the seed page's example decodes and
//! re-encodes unchanged, unknown fields and enum values are tolerated and kept, and request
//! fields tell "leave out" from "clear".

use revox::Nullable;
use revox::models::{
    Assistant, AssistantCreateParams, AssistantUpdateParams, DedicatedInstanceModelName,
    FirstSentenceMode, LlmModel, VoiceProvider,
};
use serde_json::{Value, json};

/// JSON with every integral number written as an integer: `0.0` and `0` are the same JSON
/// number, and an `f64` field re-encodes `0` as `0.0`.
fn numbers_normalized(value: Value) -> Value {
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9.1e15 => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_normalized).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, numbers_normalized(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Asserts that `value` encodes to JSON equal to `expected`.
fn assert_encodes_to<T: serde::Serialize>(value: &T, expected: &Value) {
    let encoded = serde_json::to_value(value).expect("encodes");
    assert_eq!(
        numbers_normalized(encoded),
        numbers_normalized(expected.clone())
    );
}

/// The example of the retrieve response in `spec/openapi.yaml`, which is the seed page's JSON.
fn retrieve_example() -> Value {
    let spec: Value = serde_yaml::from_str(&revox_tests::project_spec()).expect("spec parses");
    spec.pointer("/paths/~1assistants~1{id}/get/responses/200/content/application~1json/example")
        .cloned()
        .expect("the retrieve response has an example")
}

#[test]
fn the_seed_example_decodes_and_reencodes_to_equal_json() {
    let example = retrieve_example();
    let assistant: Assistant = serde_json::from_value(example.clone()).expect("example decodes");
    assert_eq!(assistant.id, "id");
    assert_eq!(assistant.first_sentence_delay_ms, -9_007_199_254_740_991);
    assert_eq!(assistant.first_sentence_mode, FirstSentenceMode::Generated);
    match &assistant.llm_model {
        LlmModel::DedicatedInstance(model) => {
            assert_eq!(model.name, DedicatedInstanceModelName::Gpt41)
        }
        other => panic!("wrong variant: {other:?}"),
    }
    let voice = assistant.voice.as_ref().expect("voice is set");
    assert_eq!(voice.provider, VoiceProvider::Cartesia);
    assert_eq!(assistant.created_at, json!({}));
    assert_encodes_to(&assistant, &example);
}

#[test]
fn the_seed_file_itself_matches_the_spec_example() {
    // A copy of the vendor's reference page (tests/specs/SOURCES.md).
    let seed = revox_tests::root().join("tests/specs/seed/000_ec129209544d60a3.txt");
    let text = revox_tests::read(&seed);
    let start = text.find("{\n").expect("the seed page has a JSON example");
    let mut stream = serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
    let first = stream.next().expect("a JSON value").expect("valid JSON");
    assert_eq!(first, retrieve_example());
}

#[test]
fn unknown_fields_and_enum_values_decode_and_are_kept() {
    let mut payload = retrieve_example();
    payload["a_field_from_a_newer_api"] = json!({"nested": [1, 2, 3]});
    payload["first_sentence_mode"] = json!("whispered");
    payload["voice"]["provider"] = json!("a-new-provider");
    payload["llm_model"] = json!({"type": "self-hosted", "endpoint": "https://llm.example"});
    payload["structured_output_config"][0]["type"] = json!("phone_number");

    let assistant: Assistant = serde_json::from_value(payload.clone()).expect("tolerant decoding");
    assert_eq!(
        assistant.first_sentence_mode,
        FirstSentenceMode::Unknown("whispered".into())
    );
    assert_eq!(assistant.first_sentence_mode.as_str(), "whispered");
    assert_eq!(
        assistant.voice.as_ref().map(|v| v.provider.as_str()),
        Some("a-new-provider")
    );
    assert_eq!(
        assistant.llm_model,
        LlmModel::Unknown(json!({"type": "self-hosted", "endpoint": "https://llm.example"}))
    );

    // Re-encoding keeps every value it understood or kept; only unknown fields are dropped.
    payload
        .as_object_mut()
        .map(|o| o.remove("a_field_from_a_newer_api"));
    assert_encodes_to(&assistant, &payload);
}

#[test]
fn required_nullable_fields_accept_null() {
    let mut payload = retrieve_example();
    for field in [
        "background_sound",
        "calendly",
        "call_retry_config",
        "voice",
        "webhook_url",
        "structured_output_config",
    ] {
        payload[field] = Value::Null;
    }
    let assistant: Assistant = serde_json::from_value(payload.clone()).expect("nulls decode");
    assert!(assistant.voice.is_none() && assistant.calendly.is_none());
    assert_encodes_to(&assistant, &payload);
}

#[test]
fn a_missing_required_field_is_an_error_naming_it() {
    let mut payload = retrieve_example();
    payload.as_object_mut().map(|o| o.remove("prompt"));
    let error = serde_json::from_value::<Assistant>(payload).expect_err("prompt is required");
    assert!(
        error.to_string().contains("missing field `prompt`"),
        "{error}"
    );
}

/// Structs decode through a hand-written loop over the object's keys (`runtime/object.rs`),
/// not serde's derive; these are the derive's rules it keeps.
#[test]
fn struct_decoding_follows_the_rules_of_serde_derive() {
    let text = retrieve_example().to_string();
    // Keys written with escapes name the same property.
    let escaped = text.replacen("\"prompt\"", "\"pro\\u006dpt\"", 1);
    assert_ne!(escaped, text);
    let assistant: Assistant = serde_json::from_str(&escaped).expect("escaped keys decode");
    assert_eq!(
        assistant,
        serde_json::from_str::<Assistant>(&text).expect("decodes")
    );

    // A property given twice is refused.
    let twice = text.replacen('{', "{\"prompt\": \"first\", ", 1);
    let error = serde_json::from_str::<Assistant>(&twice).expect_err("duplicate");
    assert!(
        error.to_string().contains("duplicate field `prompt`"),
        "{error}"
    );

    // A nullable property left out reads as `None`, as with the derive.
    let mut payload = retrieve_example();
    payload.as_object_mut().map(|o| o.remove("voice"));
    let assistant: Assistant = serde_json::from_value(payload).expect("decodes");
    assert_eq!(assistant.voice, None);

    // Anything but an object is an error that names the struct.
    let error = serde_json::from_str::<Assistant>("[1, 2]").expect_err("not an object");
    assert!(
        error.to_string().contains("expected struct Assistant"),
        "{error}"
    );
}

#[test]
fn update_params_tell_absent_from_null_from_a_value() {
    let keep = AssistantUpdateParams::default();
    assert_eq!(serde_json::to_value(&keep).expect("encodes"), json!({}));

    let clear = AssistantUpdateParams::default().with_transfer_phone_number(Nullable::Null);
    assert_eq!(
        serde_json::to_value(&clear).expect("encodes"),
        json!({"transfer_phone_number": null})
    );

    let set = AssistantUpdateParams::default()
        .with_transfer_phone_number(Nullable::Value("+33123456789".into()))
        .with_name("Front desk");
    assert_eq!(
        serde_json::to_value(&set).expect("encodes"),
        json!({"name": "Front desk", "transfer_phone_number": "+33123456789"})
    );

    for (json, expected) in [
        (json!({}), Nullable::Absent),
        (json!({"transfer_phone_number": null}), Nullable::Null),
        (
            json!({"transfer_phone_number": "+1"}),
            Nullable::Value("+1".to_owned()),
        ),
    ] {
        let decoded: AssistantUpdateParams = serde_json::from_value(json).expect("decodes");
        assert_eq!(decoded.transfer_phone_number, expected);
    }
}

/// `value` written as CBOR, which announces a struct's number of fields before them, read
/// back (exactly the bytes written) and seen as JSON.
fn through_cbor<T: serde::Serialize>(value: &T) -> Value {
    let mut bytes = Vec::new();
    ciborium::into_writer(value, &mut bytes).expect("encodes as CBOR");
    let mut rest = bytes.as_slice();
    let read: ciborium::Value = ciborium::from_reader(&mut rest).expect("reads back");
    assert!(rest.is_empty(), "{} bytes after the value", rest.len());
    numbers_normalized(serde_json::to_value(read).expect("CBOR as JSON"))
}

#[test]
fn structs_announce_the_fields_they_send() {
    // A struct whose every field is sent, one that leaves out all of its fields, and ones
    // that leave out some: a count too high or too low would not read back as the JSON.
    let assistant: Assistant = serde_json::from_value(retrieve_example()).expect("decodes");
    let keep = AssistantUpdateParams::default();
    let some = AssistantUpdateParams::default()
        .with_transfer_phone_number(Nullable::Null)
        .with_name("Front desk");
    let create = AssistantCreateParams::new("Front desk", "Answer politely.")
        .with_voicemail_message(Nullable::Value("Call back later.".into()));
    assert_eq!(
        through_cbor(&assistant),
        numbers_normalized(serde_json::to_value(&assistant).expect("encodes"))
    );
    assert_eq!(through_cbor(&keep), json!({}));
    assert_eq!(
        through_cbor(&some),
        json!({"name": "Front desk", "transfer_phone_number": null})
    );
    assert_eq!(
        through_cbor(&create),
        json!({"name": "Front desk", "prompt": "Answer politely.", "voicemail_message": "Call back later."})
    );
}

#[test]
fn create_params_need_only_name_and_prompt() {
    let params = AssistantCreateParams::new("Front desk", "Answer politely.");
    assert_eq!(
        serde_json::to_value(&params).expect("encodes"),
        json!({"name": "Front desk", "prompt": "Answer politely."})
    );
    let params = AssistantCreateParams::new("Front desk", "Answer politely.")
        .with_first_sentence_mode(FirstSentenceMode::Static)
        .with_voicemail_message(Nullable::Null);
    assert_eq!(
        serde_json::to_value(&params).expect("encodes"),
        json!({"name": "Front desk", "prompt": "Answer politely.", "first_sentence_mode": "static", "voicemail_message": null})
    );
}
