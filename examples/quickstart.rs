//! Quickstart: set up an assistant with one of the available voices, place a call with it and
//! read the call back, with the generated `revox` crate. Reads `REVOX_API_KEY` and, when set,
//! `REVOX_BASE_URL`; run it against the mock server as `examples/README.md` shows.

use std::process::ExitCode;

use revox::models::{
    AssistantCreateParams, AssistantUpdateParams, CallCreateParams, CallListParameters,
    FirstSentenceMode, Voice,
};
use revox::{ApiErrorKind, Client, Error, Nullable};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Error> {
    let client = Client::from_env()?;
    println!("talking to {}", client.base_url());

    let me = client.users().retrieve_me().await?.user;
    println!(
        "signed in as {} (organization {})",
        me.email, me.organization_id
    );

    let voices = client.voices().list().await?.voices;
    println!("{} voice(s) available", voices.len());
    // Models are built with `new(required fields)` and a setter per optional field.
    let mut params =
        AssistantCreateParams::new("Front desk", "Answer calls politely and take messages.")
            .with_first_sentence_mode(FirstSentenceMode::Static)
            .with_first_sentence("Hello, you are through to the front desk.")
            .with_transfer_phone_number(Nullable::Value("+33123456789".into()));
    if let Some(v) = voices.first() {
        params = params.with_voice(Voice::new(v.id.clone(), v.provider.clone()));
    }
    let created = client.assistants().create(&params).await?.assistant;
    println!("created assistant {} ({})", created.id, created.name);

    let assistant = client.assistants().retrieve(&created.id).await?;
    println!(
        "retrieved assistant {}: first sentence mode {}",
        assistant.id, assistant.first_sentence_mode
    );

    // Clear the transfer number; every field left out keeps its value.
    let changes = AssistantUpdateParams::default().with_transfer_phone_number(Nullable::Null);
    let updated = client
        .assistants()
        .update(&assistant.id, &changes)
        .await?
        .assistant;
    println!("updated assistant {}", updated.id);

    let all = client.assistants().list().await?.assistants;
    println!("the organization has {} assistant(s)", all.len());

    // Place a call with the assistant, then read it back.
    let order = CallCreateParams::new("+14155550123").with_assistant_id(created.id.clone());
    let call = client.call().create(&order).await?.call;
    println!(
        "placed call {} to {} ({} attempt(s) so far)",
        call.id,
        call.to_phone_number,
        call.call_attempts.len()
    );
    let call = client.call().retrieve(&call.id).await?.call;
    match &call.last_call_attempt {
        Some(attempt) => println!(
            "read call {} back: last attempt {} is {}",
            call.id, attempt.id, attempt.status
        ),
        None => println!("read call {} back: not dialled yet", call.id),
    }
    let first_page = CallListParameters::new(0, 20);
    let attempts = client.call().list(&first_page).await?.calls;
    println!("first page: {} call attempt(s)", attempts.len());

    let deleted = client.assistants().delete(&assistant.id).await?;
    println!("deleted: {}", deleted.success);

    match client
        .assistants()
        .retrieve("asst_does_not_exist")
        .header("Prefer", "code=404")
        .await
    {
        Err(Error::Api(error)) if error.kind == ApiErrorKind::NotFound => {
            println!("a missing assistant is a typed error: {error}");
            Ok(())
        }
        Err(error) => Err(error),
        Ok(found) => {
            println!("unexpectedly found {}", found.id);
            Ok(())
        }
    }
}
