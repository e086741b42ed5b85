//! Quickstart: create, read, update, list and delete an assistant with the generated `revox`
//! crate. Reads `REVOX_API_KEY` and, when set, `REVOX_BASE_URL`; run it against the mock
//! server as `examples/README.md` shows.

use std::process::ExitCode;

use revox::models::{AssistantCreateParams, AssistantUpdateParams, FirstSentenceMode};
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

    let params = AssistantCreateParams {
        first_sentence_mode: Some(FirstSentenceMode::Static),
        first_sentence: Some("Hello, you are through to the front desk.".into()),
        transfer_phone_number: Nullable::Value("+33123456789".into()),
        ..AssistantCreateParams::new("Front desk", "Answer calls politely and take messages.")
    };
    let created = client.assistants().create(&params).await?.assistant;
    println!("created assistant {} ({})", created.id, created.name);

    let assistant = client.assistants().retrieve(&created.id).await?;
    println!(
        "retrieved assistant {}: first sentence mode {}",
        assistant.id, assistant.first_sentence_mode
    );

    // Clear the transfer number; every field left out keeps its value.
    let changes = AssistantUpdateParams {
        transfer_phone_number: Nullable::Null,
        ..Default::default()
    };
    let updated = client
        .assistants()
        .update(&assistant.id, &changes)
        .await?
        .assistant;
    println!("updated assistant {}", updated.id);

    let all = client.assistants().list().await?.assistants;
    println!("the organization has {} assistant(s)", all.len());

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
