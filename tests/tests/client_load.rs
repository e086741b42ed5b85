//! The generated client under load and against servers that misbehave at the transport
//! level: a thousand concurrent requests over a few pooled connections, a connection dropped
//! mid-body, bodies larger than the client's limit, and the two phases of a request (sending
//! is timed and retried, a streamed body is read with neither). The server is hand-written
//! on a loopback `TcpListener`, so that what the client cannot see (accepted connections,
//! bytes written) is counted. One assertion depends on timing, with a body three times as
//! late as the timeout; elsewhere a timeout only turns a hang into a failure.

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use revox::reqwest::Method;
use revox::{Binary, Client, Error};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::net::tcp::OwnedWriteHalf;
use tokio::sync::{Semaphore, mpsc};

const KEY: &str = "sk_test_SECRET123";
/// The part of the key that must never show up in any output.
const SECRET: &str = "SECRET123";
/// Longer than any of these tests takes; reaching it means the client hung.
const HANG: Duration = Duration::from_secs(60);

/// How the test server answers one request.
#[derive(Clone)]
enum Reply {
    /// A complete response with this status and body, on a connection kept open.
    Full(u16, Vec<u8>),
    /// A head announcing `announced` body bytes, then only `sent`, then the connection closes.
    Cut { announced: usize, sent: Vec<u8> },
    /// A head announcing `announced` body bytes, then nothing until the client hangs up.
    Announce(u64),
    /// A head, then after `delay` the body, on a connection kept open.
    Slow(Duration, Vec<u8>),
    /// A chunked body of `chunks` chunks of `size` bytes, or fewer if the client hangs up
    /// first; the number of body bytes written goes to `written`.
    Chunked {
        size: usize,
        chunks: usize,
        written: mpsc::UnboundedSender<usize>,
    },
}

/// A loopback HTTP/1.1 server with keep-alive that counts what the client does.
struct Server {
    address: SocketAddr,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
}

impl Server {
    /// Serves every request with `reply(path)` until the test's runtime ends.
    async fn start(reply: impl Fn(&str) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free loopback port");
        let address = listener.local_addr().expect("a local address");
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let reply = Arc::new(reply);
        let (accepted, served) = (connections.clone(), requests.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                accepted.fetch_add(1, Ordering::SeqCst);
                let (reply, served) = (reply.clone(), served.clone());
                tokio::spawn(async move {
                    let (read, write) = stream.into_split();
                    serve_connection(BufReader::new(read), write, &*reply, &served).await;
                });
            }
        });
        Self {
            address,
            connections,
            requests,
        }
    }

    fn client(&self) -> revox::ClientBuilder {
        Client::builder()
            .api_key(KEY)
            .base_url(format!("http://{}", self.address))
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Reads requests from one connection and answers each, until either side closes it.
async fn serve_connection(
    mut reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    mut writer: OwnedWriteHalf,
    reply: &(dyn Fn(&str) -> Reply + Send + Sync),
    served: &AtomicUsize,
) {
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).await.unwrap_or(0) == 0 {
                return;
            }
            if header.trim().is_empty() {
                break;
            }
            if let Some(value) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        served.fetch_add(1, Ordering::SeqCst);
        let head = |status: u16, framing: &str| {
            format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n{framing}\r\n\r\n")
        };
        match reply(&path) {
            Reply::Full(status, body) => {
                let head = head(status, &format!("content-length: {}", body.len()));
                if writer.write_all(head.as_bytes()).await.is_err()
                    || writer.write_all(&body).await.is_err()
                {
                    return;
                }
            }
            Reply::Cut { announced, sent } => {
                let head = head(200, &format!("content-length: {announced}"));
                let _ = writer.write_all(head.as_bytes()).await;
                let _ = writer.write_all(&sent).await;
                let _ = writer.flush().await;
                return;
            }
            Reply::Slow(delay, body) => {
                let head = head(200, &format!("content-length: {}", body.len()));
                if writer.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let _ = writer.flush().await;
                tokio::time::sleep(delay).await;
                if writer.write_all(&body).await.is_err() {
                    return;
                }
            }
            Reply::Announce(announced) => {
                let head = head(200, &format!("content-length: {announced}"));
                let _ = writer.write_all(head.as_bytes()).await;
                // Whatever comes next, the body never does; wait for the client to leave.
                let mut rest = Vec::new();
                let _ = reader.read_to_end(&mut rest).await;
                return;
            }
            Reply::Chunked {
                size,
                chunks,
                written,
            } => {
                let head = head(200, "transfer-encoding: chunked");
                let mut total = 0;
                if writer.write_all(head.as_bytes()).await.is_ok() {
                    // A JSON string, so that a client that read it all could decode it.
                    let mut chunk = format!("{size:x}\r\n").into_bytes();
                    chunk.extend(std::iter::repeat_n(b'x', size));
                    chunk.extend_from_slice(b"\r\n");
                    for _ in 0..chunks {
                        if writer.write_all(&chunk).await.is_err() {
                            break;
                        }
                        total += size;
                    }
                    let _ = writer.write_all(b"0\r\n\r\n").await;
                }
                let _ = written.send(total);
                return;
            }
        }
    }
}

/// Awaits `future`, failing the test if it never ends.
async fn finishes<F: IntoFuture>(future: F) -> F::Output {
    tokio::time::timeout(HANG, future)
        .await
        .expect("the client hung")
}

fn assert_no_secret(error: &Error) {
    let shown = format!("{error} | {error:?}");
    assert!(!shown.contains(SECRET), "the key leaks: {shown}");
}

/// The spec's example of an assistant, with `id` set to `id`.
fn assistant_body(example: &Value, id: &str) -> Vec<u8> {
    let mut body = example.clone();
    body["id"] = json!(id);
    serde_json::to_vec(&body).expect("JSON")
}

fn example_assistant() -> Value {
    let spec: Value = serde_yaml::from_str(&revox_tests::project_spec()).expect("the spec parses");
    spec.pointer("/paths/~1assistants~1{id}/get/responses/200/content/application~1json/example")
        .cloned()
        .expect("the spec has an example for the retrieve response")
}

// ----------------------------------------------------------------------------------- load

/// Requests in flight at once. HTTP/1.1 carries one request per connection at a time, so
/// with all thousand in flight together the pool would have to open hundreds of connections;
/// what is measured is that, with this many in flight, the pool opens no more than it must,
/// however many requests pass.
const IN_FLIGHT: usize = 32;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_requests_share_a_few_pooled_connections() {
    let example = example_assistant();
    let server = Server::start(move |path| {
        let id = path.rsplit('/').next().unwrap_or_default();
        Reply::Full(200, assistant_body(&example, id))
    })
    .await;
    let client = server.client().build().expect("the client builds");
    let gate = Arc::new(Semaphore::new(IN_FLIGHT));

    // One task per request, all started at once, all through clones of one client.
    let tasks: Vec<_> = (0..1_000)
        .map(|i| {
            let (client, gate) = (client.clone(), gate.clone());
            tokio::spawn(async move {
                let _permit = gate.acquire().await.expect("the gate stays open");
                let id = format!("asst_{i}");
                let got = client.assistants().retrieve(&id).await;
                (id, got)
            })
        })
        .collect();
    let mut answered = 0;
    for task in tasks {
        let (id, got) = finishes(task).await.expect("the task completes");
        let got = got.unwrap_or_else(|error| panic!("{id}: {error}"));
        assert_eq!(got.id, id, "the answer belongs to the request");
        answered += 1;
    }

    assert_eq!(answered, 1_000);
    assert_eq!(server.requests(), 1_000);
    let connections = server.connections();
    println!("1000 requests, {IN_FLIGHT} in flight: {connections} connections");
    // Connections are reused: a few more than the requests in flight, at most, since a new
    // connection may be opened while another one is on its way back to the pool.
    assert!(
        (1..=2 * IN_FLIGHT).contains(&connections),
        "{connections} connections for 1000 requests"
    );
}

// --------------------------------------------------------------------------------- faults

#[tokio::test]
async fn a_connection_dropped_mid_body_is_a_connection_error_after_its_retries() {
    let server = Server::start(|_| Reply::Cut {
        announced: 1_000,
        sent: br#"{"id": "asst_1", "na"#.to_vec(),
    })
    .await;
    let client = server
        .client()
        .max_retries(1)
        .build()
        .expect("the client builds");

    let error = finishes(client.assistants().retrieve("asst_1"))
        .await
        .expect_err("the body never completes");
    assert_no_secret(&error);
    match &error {
        Error::Connection {
            attempts, source, ..
        } => {
            assert_eq!(*attempts, 2);
            assert!(source.is_body() || source.is_decode(), "{source:?}");
        }
        other => panic!("expected a connection error, got {other:?}"),
    }
    // The retry came on a new connection: the first one was gone.
    assert_eq!(server.requests(), 2);
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn a_body_announced_beyond_the_limit_is_refused_unread() {
    // A terabyte is announced and never sent: reading it would hang, not fail.
    let server = Server::start(|_| Reply::Announce(1 << 40)).await;
    let client = server.client().build().expect("the client builds");

    let error = finishes(client.assistants().retrieve("asst_1"))
        .await
        .expect_err("the body is too large");
    assert_no_secret(&error);
    let url = format!("http://{}/assistants/asst_1", server.address);
    match &error {
        Error::ResponseTooLarge {
            method,
            url: refused,
            status,
            limit,
        } => {
            assert_eq!(method, "GET");
            assert_eq!(refused, &url);
            assert_eq!(*status, 200);
            assert_eq!(*limit, 32 * 1024 * 1024, "the default limit is 32 MiB");
        }
        other => panic!("expected a response that is too large, got {other:?}"),
    }
    assert_eq!(error.status(), Some(200));
    assert_eq!(
        error.to_string(),
        format!(
            "response too large: GET {url} answered 200 with a body of more than 33554432 bytes"
        )
    );
    assert_eq!(server.requests(), 1, "a body too large is not retried");
}

#[tokio::test]
async fn a_body_without_a_length_is_dropped_once_it_passes_the_limit() {
    const CHUNK: usize = 64 * 1024;
    const CHUNKS: usize = 1024;
    const LIMIT: u64 = 1024 * 1024;
    let (written, mut reports) = mpsc::unbounded_channel();
    let server = Server::start(move |_| Reply::Chunked {
        size: CHUNK,
        chunks: CHUNKS,
        written: written.clone(),
    })
    .await;
    let client = server
        .client()
        .max_response_bytes(LIMIT)
        .build()
        .expect("the client builds");

    let error = finishes(
        client
            .request::<Value>(Method::GET, "/stream".to_owned())
            .send(),
    )
    .await
    .expect_err("the body is too large");
    assert_no_secret(&error);
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge {
                status: 200,
                limit: LIMIT,
                ..
            }
        ),
        "{error:?}"
    );
    // The client hung up early: the server could not write the 64 MiB it had, only what the
    // limit and the socket buffers took.
    let sent = finishes(reports.recv()).await.expect("the server reports");
    println!(
        "{sent} of {} bytes written before the client hung up",
        CHUNK * CHUNKS
    );
    assert!(sent < CHUNK * CHUNKS / 2, "{sent} bytes were sent");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_read_and_one_byte_more_is_not() {
    const LIMIT: usize = 1_000;
    // A JSON string of `n` bytes, quotes included.
    let body = |n: usize| format!("\"{}\"", "x".repeat(n - 2)).into_bytes();
    let server = Server::start(move |path| match path {
        "/exact" => Reply::Full(200, body(LIMIT)),
        "/over" => Reply::Full(200, body(LIMIT + 1)),
        _ => Reply::Full(500, body(LIMIT + 1)),
    })
    .await;
    let client = server
        .client()
        .max_response_bytes(LIMIT as u64)
        .build()
        .expect("the client builds");

    let got = finishes(
        client
            .request::<Value>(Method::GET, "/exact".to_owned())
            .send(),
    )
    .await
    .expect("a body of exactly the limit is read");
    assert_eq!(got.as_str().map(str::len), Some(LIMIT - 2));
    let error = finishes(
        client
            .request::<Value>(Method::GET, "/over".to_owned())
            .send(),
    )
    .await
    .expect_err("one byte more is refused");
    assert_no_secret(&error);
    assert!(
        matches!(error, Error::ResponseTooLarge { status: 200, .. }),
        "{error:?}"
    );
    // Error responses are held to the limit too, and not retried for it.
    let error = finishes(
        client
            .request::<Value>(Method::GET, "/error".to_owned())
            .send(),
    )
    .await
    .expect_err("the error body is refused");
    assert_no_secret(&error);
    assert!(
        matches!(error, Error::ResponseTooLarge { status: 500, .. }),
        "{error:?}"
    );
    assert_eq!(server.requests(), 3);
}

// ---------------------------------------------------------------------- sending and reading

// A request is sent, up to the response headers, under the timeout and the retries; the body
// of a streamed request (`streamed()`, what event streams use) is read after that, with
// neither. A body read whole is read within its attempt (the faults above retry it).

#[tokio::test]
async fn a_streamed_body_cut_off_is_not_retried() {
    let server = Server::start(|_| Reply::Cut {
        announced: 1_000,
        sent: b"data: 1\n\n".to_vec(),
    })
    .await;
    let client = server
        .client()
        .max_retries(2)
        .build()
        .expect("the client builds");

    let error = finishes(
        client
            .request::<Binary>(Method::GET, "/events".to_owned())
            .streamed(),
    )
    .await
    .expect_err("the body never completes");
    assert_no_secret(&error);
    assert!(
        matches!(error, Error::Connection { attempts: 1, .. }),
        "{error:?}"
    );
    assert_eq!(server.requests(), 1, "reading the body is never retried");
}

#[tokio::test]
async fn a_streamed_request_is_retried_while_sending() {
    let answered = AtomicUsize::new(0);
    let server = Server::start(move |_| match answered.fetch_add(1, Ordering::SeqCst) {
        0 => Reply::Full(503, b"{}".to_vec()),
        _ => Reply::Full(200, b"data: 1\n\n".to_vec()),
    })
    .await;
    let client = server
        .client()
        .max_retries(1)
        .build()
        .expect("the client builds");

    let body = finishes(
        client
            .request::<Binary>(Method::GET, "/events".to_owned())
            .streamed(),
    )
    .await
    .expect("the second attempt succeeds");
    assert_eq!(body, Binary(b"data: 1\n\n".to_vec()));
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_streamed_body_may_outlast_the_timeout_and_a_whole_one_may_not() {
    let server =
        Server::start(|_| Reply::Slow(Duration::from_millis(600), b"\"late\"".to_vec())).await;
    let client = server
        .client()
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .expect("the client builds");

    let body = finishes(
        client
            .request::<Binary>(Method::GET, "/events".to_owned())
            .streamed(),
    )
    .await
    .expect("the timeout ends with the headers");
    assert_eq!(body, Binary(b"\"late\"".to_vec()));
    let error = finishes(client.request::<Value>(Method::GET, "/late".to_owned()))
        .await
        .expect_err("a body read whole is timed");
    assert!(
        matches!(error, Error::Timeout { attempts: 1, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_streamed_body_past_the_limit_is_a_typed_error() {
    const LIMIT: u64 = 1024 * 1024;
    let (written, _reports) = mpsc::unbounded_channel();
    let server = Server::start(move |path| match path {
        "/announced" => Reply::Full(200, vec![b' '; 2 * LIMIT as usize]),
        _ => Reply::Chunked {
            size: 64 * 1024,
            chunks: 64,
            written: written.clone(),
        },
    })
    .await;
    let client = server
        .client()
        .max_response_bytes(LIMIT)
        .build()
        .expect("the client builds");

    for path in ["/announced", "/chunked"] {
        let error = finishes(
            client
                .request::<Binary>(Method::GET, path.to_owned())
                .streamed(),
        )
        .await
        .expect_err("the body is too large");
        assert_no_secret(&error);
        assert!(
            matches!(
                error,
                Error::ResponseTooLarge {
                    status: 200,
                    limit: LIMIT,
                    ..
                }
            ),
            "{path}: {error:?}"
        );
    }
    assert_eq!(server.requests(), 2, "a body too large is not retried");
}

// ------------------------------------------------------------------------------- security

#[test]
fn tls_is_rustls_and_openssl_is_nowhere() {
    // The generated crate asks reqwest for rustls alone, and nothing in the lock file, which
    // covers the generated crate with everything else, links OpenSSL.
    let manifest = revox_tests::read(&revox_tests::root().join("generated/Cargo.toml"));
    let reqwest = manifest
        .lines()
        .find(|line| line.starts_with("reqwest "))
        .expect("the generated crate depends on reqwest");
    assert!(
        reqwest.contains("default-features = false") && reqwest.contains("\"rustls-tls\""),
        "{reqwest}"
    );
    let lock = revox_tests::read(&revox_tests::root().join("Cargo.lock"));
    let packages: Vec<&str> = lock
        .lines()
        .filter_map(|line| line.strip_prefix("name = "))
        .map(|name| name.trim_matches('"'))
        .collect();
    assert!(packages.contains(&"rustls"), "rustls is missing");
    for native in ["openssl", "openssl-sys", "native-tls"] {
        assert!(!packages.contains(&native), "{native} is in Cargo.lock");
    }
}

#[test]
fn the_runtime_logs_nothing() {
    // No print or log call in the runtime and no logging crate among the generated crate's
    // dependencies: the key cannot reach a log through the SDK's own code.
    let runtime = revox_tests::root().join("generator/runtime");
    for entry in std::fs::read_dir(&runtime).expect("the runtime folder") {
        let path = entry.expect("an entry").path();
        let text = revox_tests::read(&path);
        for call in [
            "print!(",
            "println!(",
            "eprint",
            "dbg!(",
            "log::",
            "tracing::",
            "info!(",
            "debug!(",
            "trace!(",
            "warn!(",
        ] {
            assert!(!text.contains(call), "{} calls `{call}`", path.display());
        }
    }
    let manifest = revox_tests::read(&revox_tests::root().join("generated/Cargo.toml"));
    let dependencies = manifest
        .split("[dependencies]")
        .nth(1)
        .expect("the generated crate has dependencies");
    for crate_name in ["log", "tracing", "env_logger"] {
        assert!(
            !dependencies
                .lines()
                .any(|line| line.starts_with(&format!("{crate_name} "))),
            "the generated crate depends on {crate_name}"
        );
    }
}
