//! How the runtime sends the API key under each security scheme, cookies, and the request
//! and response encodings besides JSON (form, multipart, raw bytes, the voice preview's
//! audio), checked byte by byte at a local mock server.

use revox::reqwest::Method;
use revox::{Auth, Binary, Client, Error, File, Part};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "sk_test_SECRET123";

async fn server_answering(body: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/things"))
        .respond_with(body)
        .mount(&server)
        .await;
    server
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

fn client(server: &MockServer, auth: Auth) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .auth(auth)
        .max_retries(0)
        .build()
        .expect("builds")
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[tokio::test]
async fn the_spec_scheme_is_bearer_and_every_other_scheme_can_be_chosen() {
    assert_eq!(
        revox::AUTH,
        Auth::Bearer,
        "spec/openapi.yaml declares a bearer scheme"
    );
    let cases = [
        (
            Auth::Bearer,
            KEY,
            Some(("authorization", format!("Bearer {KEY}"))),
        ),
        // base64("user:sk_test_SECRET123")
        (
            Auth::Basic,
            "user:sk_test_SECRET123",
            Some((
                "authorization",
                "Basic dXNlcjpza190ZXN0X1NFQ1JFVDEyMw==".to_owned(),
            )),
        ),
        (
            Auth::Header("x-api-key"),
            KEY,
            Some(("x-api-key", KEY.to_owned())),
        ),
        (
            Auth::Cookie("session"),
            KEY,
            Some(("cookie", format!("session={KEY}"))),
        ),
        (Auth::None, KEY, None),
    ];
    for (auth, key, expected) in cases {
        let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({}))).await;
        Client::builder()
            .api_key(key)
            .base_url(server.uri())
            .auth(auth)
            .max_retries(0)
            .build()
            .expect("builds")
            .request::<Value>(Method::POST, "/things".into())
            .await
            .expect("answered");
        let request = only_request(&server).await;
        match expected {
            Some((name, value)) => assert_eq!(
                header(&request, name).as_deref(),
                Some(value.as_str()),
                "{auth:?}"
            ),
            None => assert!(
                header(&request, "authorization").is_none() && header(&request, "cookie").is_none(),
                "{auth:?} sends no key"
            ),
        }
        assert!(
            !request.url.query().unwrap_or("").contains("SECRET"),
            "{auth:?} keeps the key out of the URL"
        );
    }
}

#[test]
fn a_basic_key_must_be_a_user_and_a_password() {
    let error = Client::builder()
        .api_key(KEY)
        .auth(Auth::Basic)
        .build()
        .expect_err("a key without `:` is no user and password");
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(error.to_string().contains("user:password"), "{error}");
    assert!(!error.to_string().contains("SECRET"), "{error}");
    // A cookie cannot carry a `;`, which would start another cookie.
    let error = Client::builder()
        .api_key("a;b")
        .auth(Auth::Cookie("session"))
        .build()
        .expect_err("a cookie key with `;`");
    assert!(matches!(error, Error::Config(_)), "{error:?}");
}

#[tokio::test]
async fn a_key_in_the_query_is_sent_but_never_shown() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let client = client(&server, Auth::Query("api_key"));
    client
        .request::<Value>(Method::POST, "/things".into())
        .await
        .expect("answered");
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("api_key=sk_test_SECRET123"));
    assert!(header(&request, "authorization").is_none());

    // A request that fails shows its URL, without the key.
    let refused = Client::builder()
        .api_key(KEY)
        .auth(Auth::Query("api_key"))
        .base_url(format!(
            "http://127.0.0.1:{}",
            revox_tests::prism::free_port()
        ))
        .max_retries(0)
        .build()
        .expect("builds");
    let error = refused
        .request::<Value>(Method::POST, "/things".into())
        .await
        .expect_err("refused");
    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("SECRET"), "{shown}");
    }
}

#[tokio::test]
async fn no_key_is_needed_only_when_the_scheme_is_none() {
    assert!(matches!(Client::builder().build(), Err(Error::Config(_))));
    Client::builder()
        .auth(Auth::None)
        .build()
        .expect("no key needed");
}

#[tokio::test]
async fn form_bodies_are_urlencoded() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let form = json!({"user": "ada lovelace", "scopes": ["read", "write&admin"], "age": 36, "nothing": null});
    client(&server, Auth::Bearer)
        .request::<()>(Method::POST, "/things".into())
        .form_body(&form)
        .await
        .expect("sent");
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "user=ada+lovelace&scopes=read&scopes=write%26admin&age=36"
    );
}

/// The boundary of a request's multipart body, from its `Content-Type`.
fn multipart_boundary(request: &Request) -> String {
    let content_type = header(request, "content-type").expect("a content type");
    content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart with a boundary")
        .to_owned()
}

#[tokio::test]
async fn multipart_bodies_carry_text_and_files() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let file = File::new(
        "report \"final\".pdf",
        "application/pdf",
        b"%PDF-1.7 bytes".to_vec(),
    );
    let parts = vec![
        Part::text("title", "Q3"),
        Part::text("pages", &12),
        Part::file("file", &file),
    ];
    client(&server, Auth::Bearer)
        .request::<()>(Method::POST, "/things".into())
        .multipart_body(parts)
        .await
        .expect("sent");
    let request = only_request(&server).await;
    let boundary = multipart_boundary(&request);
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nQ3\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"pages\"\r\n\r\n12\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"report %22final%22.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n%PDF-1.7 bytes\r\n--{boundary}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&request.body), expected);
}

#[tokio::test]
async fn multipart_arrays_of_primitives_are_one_field_per_item() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let mut parts = Part::texts("granularity", &["word", "segment"]);
    parts.extend(Part::texts("pages", &[1, 2]));
    parts.extend(Part::texts("none", &Vec::<String>::new()));
    parts.extend(Part::texts("title", "Q3"));
    parts.extend(Part::texts("meta", &[json!({"a": 1})]));
    client(&server, Auth::Bearer)
        .request::<()>(Method::POST, "/things".into())
        .multipart_body(parts)
        .await
        .expect("sent");
    let request = only_request(&server).await;
    let boundary = multipart_boundary(&request);
    let field = |name: &str, value: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
    };
    let expected = [
        field("granularity", "word"),
        field("granularity", "segment"),
        field("pages", "1"),
        field("pages", "2"),
        field("title", "Q3"),
        // Items that are not primitives stay one JSON field.
        field("meta", r#"[{"a":1}]"#),
        format!("--{boundary}--\r\n"),
    ]
    .concat();
    assert_eq!(String::from_utf8_lossy(&request.body), expected);
}

#[tokio::test]
async fn raw_bodies_and_binary_responses_are_bytes() {
    let pdf: Vec<u8> = vec![0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0xfe];
    let server =
        server_answering(ResponseTemplate::new(200).set_body_raw(pdf.clone(), "application/pdf"))
            .await;
    let response = client(&server, Auth::Bearer)
        .request::<Binary>(Method::POST, "/things".into())
        .bytes_body("application/octet-stream", vec![1u8, 2, 3])
        .header("accept", "application/pdf")
        .await
        .expect("bytes are kept, not decoded as JSON");
    assert_eq!(response, Binary(pdf));
    let request = only_request(&server).await;
    assert_eq!(request.body, [1, 2, 3]);
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(
        header(&request, "accept").as_deref(),
        Some("application/pdf")
    );

    let text = Binary(b"id,name\n1,Ada\n".to_vec());
    assert_eq!(text.text().expect("utf-8"), "id,name\n1,Ada\n");
}

#[tokio::test]
async fn the_voice_preview_asks_for_any_media_type_and_keeps_the_audio() {
    let audio: Vec<u8> = vec![0x49, 0x44, 0x33, 0x04, 0x00, 0xff, 0xfb];
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/voices/preview"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(audio.clone(), "audio/mpeg"))
        .mount(&server)
        .await;
    let params = revox::models::VoicePreviewParams::new(
        revox::models::VoiceProvider::Elevenlabs,
        "21m00Tcm4TlvDq8ikWAM",
    );
    let response = client(&server, Auth::Bearer)
        .voices()
        .preview(&params)
        .send_with_response()
        .await
        .expect("the audio is kept, not decoded as JSON");
    assert_eq!(response.body, Binary(audio));
    assert_eq!(
        response.headers.get("content-type").map(|v| v.as_bytes()),
        Some(&b"audio/mpeg"[..])
    );
    let request = only_request(&server).await;
    let accept: Vec<_> = request.headers.get_all("accept").iter().collect();
    assert_eq!(
        accept,
        ["*/*"],
        "one Accept header, replacing the JSON default"
    );
    let body: Value = serde_json::from_slice(&request.body).expect("a JSON body");
    assert_eq!(
        body,
        json!({"provider": "elevenlabs", "voiceId": "21m00Tcm4TlvDq8ikWAM"}),
        "`voiceId` is camelCase on the wire and `text` is left out"
    );
}

#[tokio::test]
async fn an_invalid_content_type_is_refused_before_sending() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let error = client(&server, Auth::Bearer)
        .request::<()>(Method::POST, "/things".into())
        .bytes_body("text/plain\r\nx-evil: 1", b"x".to_vec())
        .await
        .expect_err("refused");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(
        server
            .received_requests()
            .await
            .expect("recording")
            .is_empty()
    );
}

#[tokio::test]
async fn cookies_go_in_one_header_and_unsafe_ones_are_refused() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    client(&server, Auth::Bearer)
        .request::<()>(Method::POST, "/things".into())
        .cookie_value("session", "abc123")
        .cookie_value("page", &2)
        .await
        .expect("sent");
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "cookie").as_deref(),
        Some("session=abc123; page=2")
    );

    for (name, value) in [
        ("session", "a; admin=1"),
        ("a=b", "c"),
        ("session", "line\nbreak"),
    ] {
        let error = client(&server, Auth::Bearer)
            .request::<()>(Method::POST, "/things".into())
            .cookie_value(name, value)
            .await
            .expect_err("refused");
        assert!(
            matches!(error, Error::InvalidRequest(_)),
            "{name}={value:?}: {error:?}"
        );
    }
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        1,
        "refused requests are not sent"
    );
}

#[tokio::test]
async fn a_cloned_request_with_one_query_parameter_replaced_sends_the_new_value() {
    use revox::models::CallListParameters;
    use wiremock::matchers::query_param;

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/call"))
        .and(query_param("page_size", "20"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "calls": []
        })))
        .mount(&server)
        .await;
    let client = client(&server, Auth::Bearer);
    let first = client.call().list(&CallListParameters::new(0, 20));
    // What a paginator does: the same request again, for the next page.
    let next = first.clone().set_query_value("page", &1);
    first.await.expect("the first page decodes");
    next.await.expect("the next page decodes");

    let requests = server.received_requests().await.expect("recording is on");
    let queries: Vec<Option<&str>> = requests.iter().map(|r| r.url.query()).collect();
    assert_eq!(
        queries,
        [Some("page=0&page_size=20"), Some("page=1&page_size=20")]
    );
    assert_eq!(
        header(&requests[1], "authorization").as_deref(),
        Some(format!("Bearer {KEY}").as_str())
    );
}
