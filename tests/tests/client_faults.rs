//! The SDK runtime under faults: retries, timeouts, error mapping, decoding, path and header
//! safety, redirects and secrecy of the key, driven through the generated endpoints against
//! local mock servers.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use revox::models::{
    Assistant, AssistantCreateParams, AssistantUpdateParams, BackgroundSound, FirstSentenceMode,
    LlmModel, VoiceProvider,
};
use revox::reqwest::Method;
use revox::{ApiError, ApiErrorKind, Client, Error, Nullable};
use revox_tests::mock::{header, requests};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk_test_SECRET123";
/// The part of the key that must never show up in any output.
const SECRET: &str = "SECRET123";
/// Where the spec keeps the example body of `GET /assistants/{id}`.
const RETRIEVE_EXAMPLE: &str =
    "/paths/~1assistants~1{id}/get/responses/200/content/application~1json/example";

/// The spec's example of a retrieve response: a body that is a valid `Assistant`.
fn assistant_json() -> Value {
    let spec: Value = serde_yaml::from_str(&revox_tests::project_spec()).expect("the spec parses");
    spec.pointer(RETRIEVE_EXAMPLE)
        .cloned()
        .expect("the spec has an example for the retrieve response")
}

fn assistant() -> Assistant {
    serde_json::from_value(assistant_json()).expect("the spec's example is an Assistant")
}

/// The example with its top-level `field` set to `value`.
fn assistant_with(field: &str, value: Value) -> Value {
    let mut body = assistant_json();
    body[field] = value;
    body
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .build()
        .expect("the client builds")
}

fn api_error(error: Error) -> Box<ApiError> {
    match error {
        Error::Api(error) => error,
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn assert_no_secret(error: &Error) {
    let shown = format!("{error} | {error:?}");
    assert!(!shown.contains(SECRET), "the key leaks: {shown}");
}

/// Answers every request to `/assistants/{id}` with `response`.
async fn serve(server: &MockServer, id: &str, response: ResponseTemplate) {
    Mock::given(path(format!("/assistants/{id}")))
        .respond_with(response)
        .mount(server)
        .await;
}

/// Answers the first request to `/assistants/{id}` with `first` and later ones with the example.
async fn serve_once_then_ok(server: &MockServer, id: &str, first: ResponseTemplate) {
    Mock::given(path(format!("/assistants/{id}")))
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    serve(
        server,
        id,
        ResponseTemplate::new(200).set_body_json(assistant_json()),
    )
    .await;
}

/// The version of the generated crate, which the User-Agent carries.
fn revox_version() -> String {
    let manifest = revox_tests::read(&revox_tests::root().join("generated/Cargo.toml"));
    manifest
        .lines()
        .find_map(|line| line.strip_prefix("version = "))
        .map(|quoted| quoted.trim_matches('"').to_owned())
        .expect("generated/Cargo.toml has a version")
}

// ------------------------------------------------------------------------------------ retries

#[tokio::test]
async fn rate_limited_then_ok_after_retry_after() {
    let server = MockServer::start().await;
    serve_once_then_ok(
        &server,
        "asst_1",
        ResponseTemplate::new(429).insert_header("retry-after", "0"),
    )
    .await;

    let got = client(&server)
        .assistants()
        .retrieve("asst_1")
        .await
        .expect("the retry succeeds");
    assert_eq!(got, assistant());
    assert_eq!(requests(&server).await.len(), 2);
    // That `retry-after: 0` replaces the backoff is checked without a clock, on the delay
    // itself, by the runtime's unit test `server_delays_are_honoured_up_to_a_minute`.
}

#[tokio::test]
async fn retry_after_ms_is_waited_for() {
    let server = MockServer::start().await;
    serve_once_then_ok(
        &server,
        "asst_1",
        ResponseTemplate::new(503).insert_header("retry-after-ms", "600"),
    )
    .await;

    let started = Instant::now();
    client(&server)
        .assistants()
        .retrieve("asst_1")
        .await
        .expect("the retry succeeds");
    // Longer than any first backoff (at most 500 ms), so only the header explains it.
    assert!(started.elapsed() >= Duration::from_millis(600));
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn server_errors_are_retried_twice_then_returned() {
    let server = MockServer::start().await;
    serve(
        &server,
        "asst_1",
        ResponseTemplate::new(500)
            .insert_header("retry-after-ms", "0")
            .set_body_json(json!({"message": "boom"})),
    )
    .await;

    let error = client(&server)
        .assistants()
        .retrieve("asst_1")
        .await
        .expect_err("every attempt fails");
    let error = api_error(error);
    assert_eq!(error.status, 500);
    assert_eq!(error.kind, ApiErrorKind::InternalServer);
    assert_eq!(error.message.as_deref(), Some("boom"));
    // One attempt and the default two retries.
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn every_retryable_status_is_retried() {
    for status in [408, 409, 429, 502, 503, 504] {
        let server = MockServer::start().await;
        serve(
            &server,
            "asst_1",
            ResponseTemplate::new(status).insert_header("retry-after-ms", "0"),
        )
        .await;
        let error = client(&server)
            .assistants()
            .retrieve("asst_1")
            .await
            .expect_err("every attempt fails");
        assert_eq!(error.status(), Some(status));
        assert_eq!(requests(&server).await.len(), 3, "status {status}");
    }
}

#[tokio::test]
async fn other_client_errors_are_not_retried() {
    for status in [400, 401, 403, 404, 422] {
        let server = MockServer::start().await;
        serve(
            &server,
            "asst_1",
            ResponseTemplate::new(status).insert_header("retry-after-ms", "0"),
        )
        .await;
        let error = client(&server)
            .assistants()
            .retrieve("asst_1")
            .await
            .expect_err("the status is an error");
        assert_eq!(error.status(), Some(status));
        assert_eq!(requests(&server).await.len(), 1, "status {status}");
    }
}

#[tokio::test]
async fn should_retry_false_forbids_a_retry() {
    let server = MockServer::start().await;
    serve(
        &server,
        "asst_1",
        ResponseTemplate::new(500)
            .insert_header("x-should-retry", "false")
            .insert_header("retry-after-ms", "0"),
    )
    .await;

    let error = client(&server)
        .assistants()
        .retrieve("asst_1")
        .await
        .expect_err("the 500 is returned");
    assert_eq!(error.status(), Some(500));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn should_retry_true_forces_a_retry() {
    let server = MockServer::start().await;
    serve(
        &server,
        "asst_1",
        ResponseTemplate::new(400)
            .insert_header("x-should-retry", "true")
            .insert_header("retry-after-ms", "0"),
    )
    .await;

    let error = client(&server)
        .assistants()
        .retrieve("asst_1")
        .await
        .expect_err("every attempt fails");
    assert_eq!(error.status(), Some(400));
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn a_retry_sends_the_same_body_and_headers_again() {
    let server = MockServer::start().await;
    Mock::given(path("/assistants"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/assistants"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"assistant": assistant_json()})),
        )
        .mount(&server)
        .await;
    client(&server)
        .assistants()
        .create(&AssistantCreateParams::new("Front desk", "Be brief."))
        .header("x-trace", "t-1")
        .await
        .expect("the retry succeeds");
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    let (first, retry) = (&received[0], &received[1]);
    assert_eq!(first.body, retry.body);
    assert_eq!(
        first.body_json::<Value>().expect("a JSON body"),
        json!({"name": "Front desk", "prompt": "Be brief."})
    );
    for name in ["authorization", "content-type", "x-trace", "user-agent"] {
        assert_eq!(header(first, name), header(retry, name), "{name}");
        assert!(header(retry, name).is_some(), "{name}");
    }
}

#[tokio::test]
async fn max_retries_of_the_request_overrides_the_client() {
    let server = MockServer::start().await;
    serve(
        &server,
        "asst_1",
        ResponseTemplate::new(503).insert_header("retry-after-ms", "0"),
    )
    .await;
    let no_retries = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("the client builds");

    no_retries
        .assistants()
        .retrieve("asst_1")
        .await
        .expect_err("the 503 is returned");
    assert_eq!(requests(&server).await.len(), 1);

    no_retries
        .assistants()
        .retrieve("asst_1")
        .max_retries(4)
        .await
        .expect_err("every attempt fails");
    assert_eq!(requests(&server).await.len(), 1 + 5);

    // And the other way round: a client that retries, a request that does not.
    client(&server)
        .assistants()
        .retrieve("asst_1")
        .max_retries(0)
        .await
        .expect_err("the 503 is returned");
    assert_eq!(requests(&server).await.len(), 1 + 5 + 1);
}

// ------------------------------------------------------------------------------------- errors

#[tokio::test]
async fn error_statuses_map_to_kinds_with_the_message() {
    let cases = [
        (400, ApiErrorKind::BadRequest),
        (401, ApiErrorKind::Authentication),
        (403, ApiErrorKind::PermissionDenied),
        (404, ApiErrorKind::NotFound),
        (409, ApiErrorKind::Conflict),
        (418, ApiErrorKind::Other),
        (422, ApiErrorKind::UnprocessableEntity),
        (429, ApiErrorKind::RateLimit),
        (500, ApiErrorKind::InternalServer),
    ];
    let server = MockServer::start().await;
    for (status, _) in cases {
        serve(
            &server,
            &status.to_string(),
            ResponseTemplate::new(status)
                .insert_header("x-request-id", format!("req_{status}"))
                .set_body_json(json!({"message": format!("failed with {status}")})),
        )
        .await;
    }
    let client = client(&server);

    for (status, kind) in cases {
        let error = client
            .assistants()
            .retrieve(&status.to_string())
            .max_retries(0)
            .await
            .expect_err("the status is an error");
        assert_no_secret(&error);
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.request_id(), Some(format!("req_{status}").as_str()));
        let shown = error.to_string();
        assert_eq!(
            shown,
            format!("{status} {kind}: failed with {status} (request id req_{status})")
        );
        let error = api_error(error);
        assert_eq!(error.kind, kind, "status {status}");
        assert_eq!(error.message, Some(format!("failed with {status}")));
        assert_eq!(
            serde_json::from_str::<Value>(&error.body).expect("the raw body is kept"),
            json!({"message": format!("failed with {status}")})
        );
    }
    assert_eq!(requests(&server).await.len(), cases.len());
}

#[tokio::test]
async fn a_non_json_error_body_is_kept_raw() {
    let server = MockServer::start().await;
    let body = "<html>\n<body>Bad gateway</body>\n</html>";
    Mock::given(path("/assistants"))
        .respond_with(ResponseTemplate::new(502).set_body_string(body))
        .mount(&server)
        .await;

    let error = client(&server)
        .assistants()
        .list()
        .max_retries(0)
        .await
        .expect_err("the 502 is returned");
    // Display stays on one line.
    assert_eq!(
        error.to_string(),
        "502 internal server error: <html> <body>Bad gateway</body> </html>"
    );
    let error = api_error(error);
    assert_eq!(error.kind, ApiErrorKind::InternalServer);
    assert_eq!(error.message, None);
    assert_eq!(error.body, body);
}

#[tokio::test]
async fn slow_responses_time_out_and_are_retried() {
    let server = MockServer::start().await;
    serve(
        &server,
        "asst_1",
        ResponseTemplate::new(200)
            .set_body_json(assistant_json())
            .set_delay(Duration::from_secs(1)),
    )
    .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(150))
        .max_retries(1)
        .build()
        .expect("the client builds");

    let error = client
        .assistants()
        .retrieve("asst_1")
        .await
        .expect_err("every attempt times out");
    assert_no_secret(&error);
    let url = format!("{}/assistants/asst_1", server.uri());
    match &error {
        Error::Timeout {
            method,
            url: failed,
            attempts,
        } => {
            assert_eq!(method, "GET");
            assert_eq!(failed, &url);
            assert_eq!(*attempts, 2);
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(requests(&server).await.len(), 2);
    assert_eq!(
        error.to_string(),
        format!("request timed out: GET {url} (2 attempts)")
    );
}

#[tokio::test]
async fn the_timeout_of_the_request_overrides_the_client() {
    let server = MockServer::start().await;
    serve(
        &server,
        "slow",
        ResponseTemplate::new(200)
            .set_body_json(assistant_json())
            .set_delay(Duration::from_secs(1)),
    )
    .await;
    serve(
        &server,
        "late",
        ResponseTemplate::new(200)
            .set_body_json(assistant_json())
            .set_delay(Duration::from_millis(300)),
    )
    .await;

    // Shorter than the client's default minute.
    let error = client(&server)
        .assistants()
        .retrieve("slow")
        .timeout(Duration::from_millis(100))
        .max_retries(0)
        .await
        .expect_err("the request times out");
    assert!(
        matches!(error, Error::Timeout { attempts: 1, .. }),
        "{error:?}"
    );

    // Longer than a short client timeout.
    let impatient = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(100))
        .max_retries(0)
        .build()
        .expect("the client builds");
    let error = impatient
        .assistants()
        .retrieve("late")
        .await
        .expect_err("the client's timeout applies");
    assert!(
        matches!(error, Error::Timeout { attempts: 1, .. }),
        "{error:?}"
    );
    let got = impatient
        .assistants()
        .retrieve("late")
        .timeout(Duration::from_secs(5))
        .await
        .expect("the request's longer timeout applies");
    assert_eq!(got, assistant());
}

#[tokio::test]
async fn the_timeout_covers_a_body_that_stalls() {
    // The headers arrive at once and the body stalls for longer than the timeout: only a
    // timeout that covers reading the body ends this request in time.
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().expect("a local address");
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let mut buffer = [0u8; 4096];
        let _ = stream.read(&mut buffer);
        let head = "HTTP/1.1 200 OK\r\n\
                    content-type: application/json\r\n\
                    content-length: 100\r\n\r\n";
        // A tenth of the announced body, then silence.
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(br#"{"id": "x","#);
        let _ = stream.flush();
        std::thread::sleep(Duration::from_secs(1));
    });
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://{address}"))
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .expect("the client builds");

    // Without a timeout over the body, the server's close after a second would end the
    // request as a connection or decode error instead.
    let error = client
        .assistants()
        .retrieve("asst_1")
        .await
        .expect_err("the body never completes");
    assert!(
        matches!(error, Error::Timeout { attempts: 1, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_an_excerpt() {
    let server = MockServer::start().await;
    let body = r#"{"id": "asst_1", "name": oops}"#;
    serve(
        &server,
        "asst_1",
        ResponseTemplate::new(200).set_body_string(body),
    )
    .await;

    let error = client(&server)
        .assistants()
        .retrieve("asst_1")
        .await
        .expect_err("the body is not JSON");
    assert_no_secret(&error);
    assert_eq!(error.status(), Some(200));
    let Error::Decode(decode) = error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.status, 200);
    assert_eq!(decode.path, "name");
    assert!(
        decode.message.contains("line 1 column"),
        "{}",
        decode.message
    );
    assert_eq!(decode.excerpt, body);
    // A bad body would come back the same: not retried.
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_named_by_its_path() {
    let server = MockServer::start().await;
    serve(
        &server,
        "asst_1",
        ResponseTemplate::new(200)
            .set_body_json(assistant_with("first_sentence_delay_ms", json!("x"))),
    )
    .await;

    let error = client(&server)
        .assistants()
        .retrieve("asst_1")
        .await
        .expect_err("the delay is not a number");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.path, "first_sentence_delay_ms");
    assert!(
        decode.message.starts_with(r#"invalid type: string "x""#),
        "{}",
        decode.message
    );
    assert!(
        decode.excerpt.contains(r#""first_sentence_delay_ms":"x""#),
        "{}",
        decode.excerpt
    );
    assert!(
        error
            .to_string()
            .starts_with("could not decode the 200 response at `first_sentence_delay_ms`: "),
        "{error}"
    );
}

#[tokio::test]
async fn a_nested_field_in_a_list_is_named_by_its_path() {
    let server = MockServer::start().await;
    let mut broken = assistant_json();
    broken["call_retry_config"]["max_retry_attempts"] = json!(-1);
    Mock::given(path("/assistants"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"assistants": [assistant_json(), broken]})),
        )
        .mount(&server)
        .await;

    let error = client(&server)
        .assistants()
        .list()
        .await
        .expect_err("a retry count is never negative");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(
        decode.path,
        "assistants[1].call_retry_config.max_retry_attempts"
    );
    assert!(
        decode.message.starts_with("invalid value: integer `-1`"),
        "{}",
        decode.message
    );
}

#[tokio::test]
async fn a_missing_field_is_reported_at_its_parent() {
    let server = MockServer::start().await;
    let mut incomplete = assistant_json();
    incomplete
        .as_object_mut()
        .expect("an object")
        .remove("prompt");
    Mock::given(path("/assistants"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"assistants": [incomplete]})))
        .mount(&server)
        .await;

    let error = client(&server)
        .assistants()
        .list()
        .await
        .expect_err("prompt is required");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.path, "assistants[0]");
    assert!(
        decode.message.starts_with("missing field `prompt`"),
        "{}",
        decode.message
    );
}

#[tokio::test]
async fn a_long_body_gets_a_short_excerpt() {
    let server = MockServer::start().await;
    let body = format!(r#"{{"prompt": "{}", "name": ]}}"#, "x".repeat(1000));
    serve(
        &server,
        "asst_1",
        ResponseTemplate::new(200).set_body_string(body),
    )
    .await;

    let error = client(&server)
        .assistants()
        .retrieve("asst_1")
        .await
        .expect_err("the body is not JSON");
    let Error::Decode(decode) = error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.path, "name");
    assert!(decode.excerpt.chars().count() <= revox::DecodeError::EXCERPT_CHARS);
    assert!(
        decode.excerpt.contains(r#""name": ]"#),
        "{}",
        decode.excerpt
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_connection_error() {
    // A port that was free a moment ago and has no listener now.
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.local_addr().expect("a local address").port()
    };
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .max_retries(1)
        .build()
        .expect("the client builds");

    let error = client
        .assistants()
        .retrieve("asst_1")
        .await
        .expect_err("nothing listens");
    assert_no_secret(&error);
    let url = format!("http://127.0.0.1:{port}/assistants/asst_1");
    match &error {
        Error::Connection {
            method,
            url: failed,
            attempts,
            source,
        } => {
            assert_eq!(method, "GET");
            assert_eq!(failed, &url);
            assert_eq!(*attempts, 2);
            assert!(source.is_connect(), "{source:?}");
        }
        other => panic!("expected a connection error, got {other:?}"),
    }
    assert!(std::error::Error::source(&error).is_some());
    assert_eq!(
        error.to_string(),
        format!("connection failed: GET {url} (2 attempts)")
    );
}

// ------------------------------------------------------------------------------------ decoding

#[tokio::test]
async fn unknown_fields_and_enum_values_are_tolerated() {
    let server = MockServer::start().await;
    let mut body = assistant_json();
    body["first_sentence_mode"] = json!("whispered");
    body["background_sound"] = json!("audio/rain.ogg");
    body["voice"]["provider"] = json!("newvoice");
    body["voice"]["pitch"] = json!(2);
    body["llm_model"] = json!({"type": "quantum", "qubits": 3});
    body["added_later"] = json!({"anything": [1, 2]});
    serve(
        &server,
        "asst_1",
        ResponseTemplate::new(200).set_body_json(body),
    )
    .await;

    let got = client(&server)
        .assistants()
        .retrieve("asst_1")
        .await
        .expect("newer responses still decode");
    assert_eq!(
        got.first_sentence_mode,
        FirstSentenceMode::Unknown("whispered".to_owned())
    );
    assert_eq!(
        got.background_sound,
        Some(BackgroundSound::Unknown("audio/rain.ogg".to_owned()))
    );
    assert_eq!(
        got.voice.expect("the voice is set").provider,
        VoiceProvider::Unknown("newvoice".to_owned())
    );
    assert_eq!(
        got.llm_model,
        LlmModel::Unknown(json!({"type": "quantum", "qubits": 3}))
    );
    // The fields it knows are unaffected.
    assert_eq!(got.id, assistant().id);
    assert_eq!(got.prompt, assistant().prompt);
}

#[tokio::test]
async fn empty_bodies_decode_as_unit_or_null() {
    let server = MockServer::start().await;
    Mock::given(path("/assistants/gone"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(path("/assistants/chatty"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .mount(&server)
        .await;
    let client = client(&server);

    // A caller that wants no body gets none, whatever comes back.
    client
        .request::<()>(Method::DELETE, "/assistants/gone".to_owned())
        .await
        .expect("204 decodes as ()");
    client
        .request::<()>(Method::DELETE, "/assistants/chatty".to_owned())
        .await
        .expect("a body is ignored for ()");
    let nothing = client
        .request::<Value>(Method::GET, "/assistants/gone".to_owned())
        .await
        .expect("an empty body reads as null");
    assert_eq!(nothing, Value::Null);
    let deleted = client
        .assistants()
        .delete("chatty")
        .await
        .expect("the delete response decodes");
    assert!(deleted.success);
}

// ------------------------------------------------------------------------------------ requests

#[tokio::test]
async fn path_parameters_are_percent_encoded_exactly() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(assistant_json()))
        .mount(&server)
        .await;
    let client = client(&server);
    let cases = [
        (
            "a/b?c#d%e f/../g",
            "/assistants/a%2Fb%3Fc%23d%25e%20f%2F..%2Fg",
        ),
        ("../admin", "/assistants/..%2Fadmin"),
        ("...", "/assistants/..."),
        ("é+~", "/assistants/%C3%A9%2B~"),
    ];

    for (id, _) in cases {
        client
            .assistants()
            .retrieve(id)
            .await
            .unwrap_or_else(|error| panic!("{id:?}: {error}"));
    }
    let received: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    let expected: Vec<&str> = cases.iter().map(|(_, path)| *path).collect();
    assert_eq!(received, expected);
    assert!(
        requests(&server)
            .await
            .iter()
            .all(|request| request.url.query().is_none())
    );
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);

    // As ids they cannot be encoded away: `%2E` is still a dot segment to URL parsers.
    for id in [".", ".."] {
        let error = client
            .assistants()
            .retrieve(id)
            .await
            .expect_err("a dot segment is refused");
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    }
    // Raw paths that normalization would rewrite, and one that is no path at all.
    for raw in [
        "/assistants/../admin",
        "/assistants/./x",
        "/assistants/%2e%2E",
        "assistants",
    ] {
        let error = client
            .request::<Value>(Method::GET, raw.to_owned())
            .await
            .expect_err("the path is refused");
        assert!(
            matches!(error, Error::InvalidRequest(_)),
            "{raw}: {error:?}"
        );
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn an_empty_path_parameter_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    // `/assistants/` with an empty id would name the collection: `delete("")` must not
    // reach the server at all.
    let deleted = client
        .assistants()
        .delete("")
        .await
        .expect_err("an empty id is refused");
    let Error::InvalidRequest(message) = &deleted else {
        panic!("{deleted:?}")
    };
    assert!(message.contains("`id`"), "{message}");
    let retrieved = client
        .assistants()
        .retrieve("")
        .await
        .expect_err("an empty id is refused");
    assert!(
        matches!(retrieved, Error::InvalidRequest(_)),
        "{retrieved:?}"
    );
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn the_path_of_the_base_url_is_kept() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v1/assistants/asst_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(assistant_json()))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/api/v1/", server.uri()))
        .build()
        .expect("the client builds");

    assert_eq!(client.base_url(), format!("{}/api/v1", server.uri()));
    let got = client
        .assistants()
        .retrieve("asst_1")
        .await
        .expect("the prefixed path is served");
    assert_eq!(got, assistant());
}

#[tokio::test]
async fn standard_default_and_request_headers_are_sent() {
    let server = MockServer::start().await;
    let envelope = json!({"assistant": assistant_json()});
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&envelope))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&envelope))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(assistant_json()))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .default_header("x-team", "blue")
        .default_header("x-trace", "default")
        .build()
        .expect("the client builds");

    let create = AssistantCreateParams::new("Front desk", "Be brief.")
        .with_voicemail_message(Nullable::Null);
    client
        .assistants()
        .create(&create)
        .header("x-trace", "request")
        .await
        .expect("create succeeds");
    let update = AssistantUpdateParams::default().with_transfer_phone_number(Nullable::Null);
    client
        .assistants()
        .update("asst_1", &update)
        .await
        .expect("update succeeds");
    client
        .assistants()
        .retrieve("asst_1")
        .header("Authorization", "Bearer sk_other")
        .await
        .expect("retrieve succeeds");

    let received = requests(&server).await;
    assert_eq!(received.len(), 3);
    let (post, patch, get) = (&received[0], &received[1], &received[2]);
    assert_eq!(post.url.path(), "/assistants");
    assert_eq!(
        header(post, "authorization").as_deref(),
        Some("Bearer sk_test_SECRET123")
    );
    assert_eq!(
        header(post, "user-agent"),
        Some(format!("revox/{}", revox_version()))
    );
    assert_eq!(header(post, "accept").as_deref(), Some("application/json"));
    assert_eq!(
        header(post, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(header(post, "x-team").as_deref(), Some("blue"));
    // The request's own header wins over the client's.
    assert_eq!(header(post, "x-trace").as_deref(), Some("request"));
    // Left-out fields are absent, a cleared one is an explicit null.
    assert_eq!(
        post.body_json::<Value>().expect("a JSON body"),
        json!({"name": "Front desk", "prompt": "Be brief.", "voicemail_message": null})
    );

    assert_eq!(patch.url.path(), "/assistants/asst_1");
    assert_eq!(
        patch.body_json::<Value>().expect("a JSON body"),
        json!({"transfer_phone_number": null})
    );
    assert_eq!(header(patch, "x-trace").as_deref(), Some("default"));

    assert_eq!(header(get, "content-type"), None);
    assert!(get.body.is_empty());
    assert_eq!(header(get, "x-team").as_deref(), Some("blue"));
    assert_eq!(
        header(get, "authorization").as_deref(),
        Some("Bearer sk_other")
    );
}

#[tokio::test]
async fn query_parameters_are_form_encoded() {
    let server = MockServer::start().await;
    Mock::given(path("/assistants"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"assistants": []})))
        .mount(&server)
        .await;

    client(&server)
        .request::<Value>(Method::GET, "/assistants".to_owned())
        .query("q", "a b&c=d/é")
        .query("q", "second")
        .await
        .expect("the request succeeds");
    let received = requests(&server).await;
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].url.query(),
        Some("q=a+b%26c%3Dd%2F%C3%A9&q=second")
    );
}

#[tokio::test]
async fn a_header_with_a_line_break_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    let cases = [
        ("x-note", "a\nb"),
        ("x-note", "a\r\nInjected: yes"),
        ("x-bad\nname", "v"),
        ("bad name", "v"),
        ("x-note", "tabs pass, but \u{7f} does not"),
    ];

    for (name, value) in cases {
        let error = client
            .assistants()
            .retrieve("asst_1")
            .header(name, value)
            .await
            .expect_err("the header is refused");
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        let shown = error.to_string();
        assert!(!shown.contains('\n'), "{shown}");
        assert!(!shown.contains("Injected"), "the value is shown: {shown}");
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn a_body_that_does_not_serialize_is_refused_before_sending() {
    let server = MockServer::start().await;
    // JSON object keys must be strings; byte vectors are not.
    let body: BTreeMap<Vec<u8>, u8> = BTreeMap::from([(vec![1], 1)]);

    let error = client(&server)
        .request::<Value>(Method::POST, "/assistants".to_owned())
        .json_body(&body)
        .await
        .expect_err("the body is refused");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn send_with_response_keeps_status_headers_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(path("/assistants"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("x-request-id", "req_abc")
                .insert_header("x-extra", "1")
                .set_body_json(json!({"assistant": assistant_json()})),
        )
        .mount(&server)
        .await;

    let response = client(&server)
        .assistants()
        .create(&AssistantCreateParams::new("Front desk", "Be brief."))
        .send_with_response()
        .await
        .expect("create succeeds");
    assert_eq!(response.status, 201);
    assert_eq!(response.request_id(), Some("req_abc"));
    assert_eq!(
        response
            .headers
            .get("x-extra")
            .map(|value| value.as_bytes()),
        Some(&b"1"[..])
    );
    assert_eq!(response.into_body().assistant, assistant());
}

#[tokio::test]
async fn requests_can_run_on_other_tasks() {
    let server = MockServer::start().await;
    serve(
        &server,
        "asst_1",
        ResponseTemplate::new(200).set_body_json(assistant_json()),
    )
    .await;
    let client = client(&server);

    // Compiles only if the request future is Send.
    let task = tokio::spawn(async move { client.assistants().retrieve("asst_1").await });
    let got = task
        .await
        .expect("the task completes")
        .expect("retrieve succeeds");
    assert_eq!(got, assistant());
}

// ----------------------------------------------------------------------------------- redirects

#[tokio::test]
async fn redirects_are_followed_within_the_origin() {
    let server = MockServer::start().await;
    serve(
        &server,
        "moved",
        ResponseTemplate::new(307).insert_header("location", "/assistants/here"),
    )
    .await;
    serve(
        &server,
        "here",
        ResponseTemplate::new(200).set_body_json(assistant_json()),
    )
    .await;

    let got = client(&server)
        .assistants()
        .retrieve("moved")
        .await
        .expect("the redirect is followed");
    assert_eq!(got, assistant());
    let received = requests(&server).await;
    let paths: Vec<&str> = received.iter().map(|request| request.url.path()).collect();
    assert_eq!(paths, ["/assistants/moved", "/assistants/here"]);
    assert_eq!(
        header(&received[1], "authorization").as_deref(),
        Some("Bearer sk_test_SECRET123")
    );
}

#[tokio::test]
async fn redirects_to_another_origin_are_not_followed() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    let port = elsewhere.address().port();
    // Another host name, and the same host on another port.
    let targets = [
        ("host", format!("http://localhost:{port}/steal")),
        ("port", format!("http://127.0.0.1:{port}/steal")),
    ];
    for (id, location) in &targets {
        serve(
            &server,
            id,
            ResponseTemplate::new(302).insert_header("location", location.as_str()),
        )
        .await;
    }
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(assistant_json()))
        .mount(&elsewhere)
        .await;
    let client = client(&server);

    for (id, location) in &targets {
        let error = client
            .assistants()
            .retrieve(id)
            .await
            .expect_err("the redirect is returned");
        assert_no_secret(&error);
        let error = api_error(error);
        assert_eq!(error.status, 302);
        assert_eq!(error.kind, ApiErrorKind::Other);
        assert_eq!(
            error
                .headers
                .get("location")
                .map(|value| value.to_str().expect("text")),
            Some(location.as_str())
        );
    }
    assert_eq!(requests(&server).await.len(), targets.len());
    assert!(requests(&elsewhere).await.is_empty());
}

#[tokio::test]
async fn a_custom_http_client_follows_redirects_without_the_key() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    serve(
        &server,
        "away",
        ResponseTemplate::new(302)
            .insert_header("location", format!("{}/landed", elsewhere.uri()).as_str()),
    )
    .await;
    Mock::given(path("/landed"))
        .respond_with(ResponseTemplate::new(200).set_body_json(assistant_json()))
        .mount(&elsewhere)
        .await;
    // Its own redirect policy applies, which follows; reqwest still drops the credentials.
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .http_client(revox::reqwest::Client::new())
        .build()
        .expect("the client builds");

    client
        .assistants()
        .retrieve("away")
        .await
        .expect("the redirect is followed");
    let landed = requests(&elsewhere).await;
    assert_eq!(landed.len(), 1);
    assert_eq!(header(&landed[0], "authorization"), None);
}

// ------------------------------------------------------------------------------- configuration

#[tokio::test]
async fn the_key_is_never_shown() {
    let builder = Client::builder()
        .api_key(KEY)
        .default_header("x-token", "also-SECRET123");
    let shown = format!("{builder:?}");
    assert!(
        shown.contains("[redacted]") && !shown.contains(SECRET),
        "{shown}"
    );

    let client = builder.build().expect("the client builds");
    let shown = format!("{client:?}");
    assert!(
        shown.contains("[redacted]") && !shown.contains(SECRET),
        "{shown}"
    );
    // The rest of the configuration is still there to debug with.
    assert!(shown.contains(revox::DEFAULT_BASE_URL), "{shown}");
    assert!(shown.contains("max_retries: 2"), "{shown}");
    assert!(shown.contains("x-token"), "{shown}");

    let request = client
        .assistants()
        .retrieve("asst_1")
        .header("authorization", "Bearer other-SECRET123");
    let shown = format!("{request:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("/assistants/asst_1"), "{shown}");

    // An error built from a response, with the request's key fresh in the client.
    let server = MockServer::start().await;
    serve(&server, "asst_1", ResponseTemplate::new(401)).await;
    let error = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .build()
        .expect("the client builds")
        .assistants()
        .retrieve("asst_1")
        .await
        .expect_err("the 401 is returned");
    assert_no_secret(&error);
}

#[test]
fn configuration_is_checked() {
    let config_error = |builder: revox::ClientBuilder| match builder.build() {
        Err(error @ Error::Config(_)) => {
            assert_no_secret(&error);
            error.to_string()
        }
        other => panic!("expected a configuration error, got {other:?}"),
    };

    let shown = config_error(Client::builder());
    assert!(shown.contains(revox::API_KEY_ENV), "{shown}");
    config_error(Client::builder().api_key(""));
    config_error(Client::builder().api_key("sk_SECRET123\n"));
    config_error(Client::builder().api_key(KEY).base_url("not a url"));
    config_error(Client::builder().api_key(KEY).base_url("ftp://example.com"));
    config_error(
        Client::builder()
            .api_key(KEY)
            .base_url("https://example.com/?a=1"),
    );
    config_error(
        Client::builder()
            .api_key(KEY)
            .base_url("https://example.com/#top"),
    );
    // Credentials in the URL would show wherever the base URL does (errors, `Debug`).
    let shown = config_error(
        Client::builder()
            .api_key(KEY)
            .base_url("https://user:pa55word@example.com"),
    );
    assert!(!shown.contains("pa55word"), "{shown}");
    let shown = config_error(
        Client::builder()
            .api_key(KEY)
            .default_header("x-a", "b\r\nc"),
    );
    assert!(shown.contains("x-a"), "{shown}");
    config_error(Client::builder().api_key(KEY).default_header("", "b"));

    let client = Client::new(KEY).expect("a key is enough");
    assert_eq!(client.base_url(), revox::DEFAULT_BASE_URL);
    assert!(
        Client::builder()
            .api_key(KEY)
            .http_client(revox::reqwest::Client::new())
            .build()
            .is_ok()
    );
}

#[test]
fn path_segments_are_encoded_by_the_public_helper() {
    // What generated methods use, offered to callers of `Client::request`.
    assert_eq!(revox::encode_path_segment("asst_1"), "asst_1");
    assert_eq!(
        revox::encode_path_segment("a/b?c#d%e f"),
        "a%2Fb%3Fc%23d%25e%20f"
    );
    assert_eq!(revox::encode_path_segment(".."), "%2E%2E");
}
