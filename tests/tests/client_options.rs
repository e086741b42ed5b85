//! Per-request options and idempotency keys, driven through the generated endpoints against a
//! local mock server: extra headers, query parameters and JSON body fields, the keys of
//! requests that are not safe to repeat (the same on each retry, fresh for each request), and
//! the errors of options that cannot be sent, before anything is sent.

use std::collections::BTreeMap;

use revox::models::AssistantCreateParams;
use revox::reqwest::Method;
use revox::{Client, ClientBuilder, Error};
use revox_tests::mock::{header, requests};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What every request is answered with: an empty object decodes into none of the models'
/// required fields, so the tests send `Value` requests or look at what was sent only.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

/// A server that answers the first request with 503 (to be retried at once) and every later
/// one with an empty object.
async fn failing_once(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).insert_header("retry-after-ms", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder().api_key("k").base_url(server.uri())
}

fn client(server: &MockServer) -> Client {
    builder(server).build().expect("the client builds")
}

/// A client that sends idempotency keys in `Idempotency-Key`.
fn keyed(server: &MockServer) -> Client {
    builder(server)
        .idempotency_header("Idempotency-Key")
        .build()
        .expect("the client builds")
}

fn params() -> AssistantCreateParams {
    AssistantCreateParams::new("Front desk", "Be brief.")
}

/// A `POST /assistants` whose answer is not decoded.
fn create(client: &Client) -> revox::PendingRequest<Value> {
    client
        .request::<Value>(Method::POST, "/assistants".to_owned())
        .json_body(&params())
}

fn invalid_request(result: Result<Value, Error>) -> String {
    match result {
        Err(Error::InvalidRequest(problem)) => problem,
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

/// Whether `key` is written like a UUID of version 4.
fn is_uuid_v4(key: &str) -> bool {
    let groups: Vec<&str> = key.split('-').collect();
    groups.iter().map(|group| group.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && key.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit())
        && groups[2].starts_with('4')
}

// ----------------------------------------------------------------------------- idempotency

#[tokio::test]
async fn a_retried_post_sends_the_same_key_on_each_attempt() {
    for status in [500, 503] {
        let server = failing_once(status).await;
        keyed(&server)
            .assistants()
            .create(&params())
            .send_with_response()
            .await
            .ok();
        let received = requests(&server).await;
        assert_eq!(received.len(), 2, "{status}: one retry");
        let first = header(&received[0], "idempotency-key").expect("a key");
        assert!(is_uuid_v4(&first), "{first}");
        assert_eq!(header(&received[1], "idempotency-key"), Some(first));
    }
}

#[tokio::test]
async fn each_request_gets_a_fresh_key() {
    let server = server().await;
    let client = keyed(&server);
    create(&client).await.expect("sent");
    create(&client).await.expect("sent");
    client
        .request::<Value>(Method::DELETE, "/assistants/a".to_owned())
        .await
        .expect("sent");
    let keys: Vec<Option<String>> = requests(&server)
        .await
        .iter()
        .map(|request| header(request, "idempotency-key"))
        .collect();
    assert!(keys.iter().all(Option::is_some), "{keys:?}");
    assert_ne!(keys[0], keys[1]);
    assert_ne!(keys[1], keys[2]);
}

#[tokio::test]
async fn requests_safe_to_repeat_send_no_key() {
    let server = server().await;
    let client = keyed(&server);
    for method in [Method::GET, Method::HEAD, Method::OPTIONS] {
        client
            .request::<()>(method, "/assistants".to_owned())
            .await
            .expect("sent");
    }
    for request in requests(&server).await {
        assert_eq!(
            header(&request, "idempotency-key"),
            None,
            "{}",
            request.method
        );
    }
}

#[tokio::test]
async fn without_a_header_name_no_key_is_sent() {
    let server = server().await;
    create(&client(&server)).await.expect("sent");
    assert_eq!(header(&requests(&server).await[0], "idempotency-key"), None);
}

#[tokio::test]
async fn a_request_can_send_its_own_key() {
    let server = failing_once(503).await;
    // In the client's header, on each attempt.
    create(&keyed(&server))
        .idempotency_key("order-42")
        .await
        .expect("the retry succeeds");
    // In `Idempotency-Key` when the client names none, whatever the method.
    let client = client(&server);
    create(&client)
        .idempotency_key("order-43")
        .await
        .expect("sent");
    client
        .request::<Value>(Method::GET, "/assistants".to_owned())
        .idempotency_key("read-1")
        .await
        .expect("sent");
    let keys: Vec<Option<String>> = requests(&server)
        .await
        .iter()
        .map(|request| header(request, "idempotency-key"))
        .collect();
    let expected = ["order-42", "order-42", "order-43", "read-1"].map(|key| Some(key.to_owned()));
    assert_eq!(keys, expected);
}

#[tokio::test]
async fn an_own_header_replaces_the_key() {
    let server = server().await;
    create(&keyed(&server))
        .header("idempotency-key", "mine")
        .await
        .expect("sent");
    assert_eq!(
        header(&requests(&server).await[0], "idempotency-key").as_deref(),
        Some("mine")
    );
}

#[tokio::test]
async fn invalid_keys_and_header_names_are_refused() {
    let server = server().await;
    let problem = invalid_request(create(&keyed(&server)).idempotency_key("a\r\nb").await);
    assert!(problem.contains("idempotency-key"), "{problem}");
    assert!(requests(&server).await.is_empty(), "nothing is sent");
    match builder(&server).idempotency_header("bad name").build() {
        Err(Error::Config(problem)) => assert!(problem.contains("bad name"), "{problem}"),
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

// -------------------------------------------------------------------------- extra headers

#[tokio::test]
async fn extra_headers_are_sent_and_replace_the_clients() {
    let server = server().await;
    let client = builder(&server)
        .default_header("x-team", "default")
        .build()
        .expect("the client builds");
    create(&client)
        .header("x-team", "growth")
        .header("x-beta", "calls-v2")
        .await
        .expect("sent");
    let request = &requests(&server).await[0];
    assert_eq!(header(request, "x-team").as_deref(), Some("growth"));
    assert_eq!(header(request, "x-beta").as_deref(), Some("calls-v2"));
}

#[tokio::test]
async fn invalid_extra_headers_are_refused_before_sending() {
    let server = server().await;
    let client = client(&server);
    for (name, value, named) in [
        ("bad name", "s3cr3t", "\"bad name\""),
        ("x-ok", "line\r\nbreak", "x-ok"),
        ("x-ok", "bell\u{7}", "x-ok"),
    ] {
        let problem = invalid_request(create(&client).header(name, value).await);
        assert!(problem.contains(named), "{problem}");
        assert!(
            !problem.contains(value),
            "the value is not shown: {problem}"
        );
    }
    assert!(requests(&server).await.is_empty(), "nothing is sent");
}

// ---------------------------------------------------------------------- extra query pairs

#[tokio::test]
async fn extra_query_parameters_follow_the_declared_ones() {
    let server = server().await;
    client(&server)
        .call()
        .list(&revox::models::CallListParameters::new(1, 10))
        .query("beta", "a b&c")
        .send_with_response()
        .await
        .ok();
    let request = &requests(&server).await[0];
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(pairs.last(), Some(&("beta".to_owned(), "a b&c".to_owned())));
    assert!(
        request
            .url
            .query()
            .is_some_and(|q| q.ends_with("beta=a+b%26c"))
    );
    assert!(pairs.iter().any(|(name, _)| name == "page"), "{pairs:?}");
}

// ---------------------------------------------------------------------- extra body fields

#[tokio::test]
async fn body_fields_are_added_to_the_json_body() {
    let server = server().await;
    create(&client(&server))
        .body_field("beta_mode", true)
        .body_field("tags", ["a", "b"])
        .body_field("beta_mode", "strict")
        .await
        .expect("sent");
    let request = &requests(&server).await[0];
    assert_eq!(
        request.body_json::<Value>().expect("a JSON body"),
        json!({"name": "Front desk", "prompt": "Be brief.", "tags": ["a", "b"], "beta_mode": "strict"})
    );
    // The body's own text is kept as it is: its fields first, in their order.
    let text = String::from_utf8(request.body.clone()).expect("text");
    assert!(
        text.starts_with(r#"{"name":"Front desk","prompt":"Be brief.""#),
        "{text}"
    );
    assert_eq!(
        header(request, "content-type").as_deref(),
        Some("application/json")
    );
}

#[tokio::test]
async fn body_fields_make_the_body_of_a_request_without_one() {
    let server = server().await;
    client(&server)
        .request::<Value>(Method::POST, "/assistants/a/refresh".to_owned())
        .body_field("force", true)
        .await
        .expect("sent");
    let request = &requests(&server).await[0];
    assert_eq!(
        request.body_json::<Value>().ok(),
        Some(json!({"force": true}))
    );
    assert_eq!(
        header(request, "content-type").as_deref(),
        Some("application/json")
    );
}

#[tokio::test]
async fn body_fields_need_a_json_object_body_without_them() {
    let server = server().await;
    let client = client(&server);
    let post = || client.request::<Value>(Method::POST, "/x".to_owned());
    let cases = [
        post().json_body(&[1, 2]).body_field("a", 1),
        post().bytes_body("text/plain", "hi").body_field("a", 1),
        post().form_body(&json!({"a": 1})).body_field("b", 1),
        create(&client).body_field("name", "twice"),
        post().body_field("a", BTreeMap::from([((1, 2), 3)])),
    ];
    let mut problems = Vec::new();
    for request in cases {
        problems.push(invalid_request(request.await));
    }
    assert!(problems[0].contains("JSON object"), "{problems:?}");
    assert!(problems[1].contains("JSON body"), "{problems:?}");
    assert!(problems[2].contains("JSON body"), "{problems:?}");
    assert!(problems[3].contains("`name` already"), "{problems:?}");
    assert!(problems[4].contains("does not serialize"), "{problems:?}");
    assert!(requests(&server).await.is_empty(), "nothing is sent");
}
