//! The practical limit for decoding and encoding: the same shapes as the generated models,
//! written by hand with plain serde derives and closed enums (an unknown enum value or union
//! variant is an error here, where the generated types keep it).
#![allow(
    missing_docs,
    reason = "the fields are those of the generated models, documented there"
)]

use serde::{Deserialize, Serialize};

/// Same fields, order and optionality as `revox::models::Assistant`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assistant {
    pub id: String,
    pub background_sound: Option<BackgroundSound>,
    pub calendly: Option<Calendly>,
    pub call_retry_config: Option<CallRetryConfig>,
    pub created_at: serde_json::Value,
    pub end_of_call_sentence: Option<String>,
    pub first_sentence: Option<String>,
    pub first_sentence_delay_ms: i64,
    pub first_sentence_mode: FirstSentenceMode,
    pub ivr_navigation_enabled: bool,
    pub llm_model: LlmModel,
    pub max_call_duration_secs: f64,
    pub name: String,
    pub organization_id: String,
    pub prompt: String,
    pub structured_output_config: Option<Vec<StructuredOutputField>>,
    pub transfer_phone_number: Option<String>,
    pub updated_at: serde_json::Value,
    pub voice: Option<Voice>,
    pub voicemail_message: Option<String>,
    pub webhook_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faq_items: Option<Vec<FaqItem>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_faq_count: Option<f64>,
}

/// Same shape as `revox::models::AssistantListResponse`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssistantListResponse {
    pub assistants: Vec<Assistant>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BackgroundSound {
    #[serde(rename = "audio/office.ogg")]
    AudioOfficeOgg,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calendly {
    pub connection_id: String,
    pub event_type_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallRetryConfig {
    pub calling_windows: Vec<CallingWindow>,
    pub max_retry_attempts: u64,
    /// Optional and nullable: absent and `null` both read as `None`, as a hand-written client
    /// would do it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallingWindow {
    pub calling_window_start_time: String,
    pub calling_window_end_time: String,
    pub retry_delay_seconds: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FirstSentenceMode {
    Generated,
    Static,
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum LlmModel {
    #[serde(rename = "dedicated-instance")]
    DedicatedInstance(DedicatedInstanceModel),
    #[serde(rename = "openrouter")]
    Openrouter(OpenRouterModel),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DedicatedInstanceModel {
    pub name: DedicatedInstanceModelName,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DedicatedInstanceModelName {
    #[serde(rename = "gpt-4.1")]
    Gpt41,
    #[serde(rename = "ministral-3-8b-instruct")]
    Ministral38bInstruct,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenRouterModel {
    pub openrouter_model_id: String,
    pub openrouter_provider: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StructuredOutputField {
    pub name: String,
    pub required: bool,
    #[serde(rename = "type")]
    pub type_: StructuredOutputFieldType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enum_options: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StructuredOutputFieldType {
    String,
    Number,
    Boolean,
    Enum,
    Date,
    Datetime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Voice {
    pub id: String,
    pub provider: VoiceProvider,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VoiceProvider {
    Cartesia,
    Elevenlabs,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaqItem {
    pub answer: String,
    pub question: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs_human_answer: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<FaqItemSource>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaqItemSource {
    Human,
    Ai,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaqItemInput {
    pub answer: String,
    pub question: String,
}

/// Same shape as `revox::models::AssistantCreateParams`; a field that may be left out or
/// sent as `null` is `Option<Option<T>>`, the usual hand-written encoding of three states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssistantCreateParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background_sound: Option<Option<BackgroundSound>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendly: Option<Option<Calendly>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_retry_config: Option<CallRetryConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_of_call_sentence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faq_items: Option<Vec<FaqItemInput>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_sentence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_sentence_delay_ms: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_sentence_mode: Option<FirstSentenceMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ivr_navigation_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub llm_model: Option<LlmModel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_call_duration_secs: Option<f64>,
    pub name: String,
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structured_output_config: Option<Vec<StructuredOutputField>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_phone_number: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice: Option<Voice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voicemail_message: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
}

/// The request of [`crate::create_params`], field for field.
pub fn create_params() -> AssistantCreateParams {
    AssistantCreateParams {
        background_sound: Some(Some(BackgroundSound::AudioOfficeOgg)),
        calendly: None,
        call_retry_config: Some(CallRetryConfig {
            calling_windows: vec![CallingWindow {
                calling_window_start_time: "09:00".into(),
                calling_window_end_time: "18:00".into(),
                retry_delay_seconds: 7200,
            }],
            max_retry_attempts: 3,
            timezone: Some("Europe/Paris".into()),
        }),
        end_of_call_sentence: None,
        faq_items: Some(vec![FaqItemInput {
            answer: "Monday to Friday, 9 to 6.".into(),
            question: "When are you open?".into(),
        }]),
        first_sentence: Some("Hello, this is the front desk. How can I help?".into()),
        first_sentence_delay_ms: Some(400),
        first_sentence_mode: Some(FirstSentenceMode::Static),
        ivr_navigation_enabled: Some(false),
        llm_model: Some(LlmModel::DedicatedInstance(DedicatedInstanceModel {
            name: DedicatedInstanceModelName::Gpt41,
        })),
        max_call_duration_secs: Some(600.0),
        name: "Front desk".into(),
        prompt: "You answer calls for a dental practice. Be brief and kind; book appointments when asked.".into(),
        structured_output_config: Some(vec![StructuredOutputField {
            name: "email".into(),
            required: true,
            type_: StructuredOutputFieldType::String,
            description: Some("The caller's email address".into()),
            enum_options: None,
        }]),
        transfer_phone_number: Some(Some("+33123456789".into())),
        voice: Some(Voice {
            id: "voice_1".into(),
            provider: VoiceProvider::Cartesia,
            speed: Some(1.0),
        }),
        voicemail_message: Some(None),
        webhook_url: Some("https://example.com/hooks/calls".into()),
    }
}
