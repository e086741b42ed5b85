//! One `GET /assistants/{id}` round trip through the generated client against a loopback
//! server answering the seed JSON, and the same request made with plain `reqwest` and
//! `serde_json` (the limit), one at a time and 64 at once.
//!
//! Both clients decode into `revox::models::Assistant` and send the same headers, so the
//! difference is the runtime's own work (request building, checks, retries bookkeeping, the
//! per-request timeout, decoding through `serde_path_to_error`). Client and server share one
//! single-threaded runtime (see `server.rs` for why): a time is the CPU work of a request at
//! both ends, and the server's part, the same for both clients, is in both.
#![allow(
    clippy::expect_used,
    reason = "bench set-up: a request that fails must stop the run"
)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use revox::models::Assistant;
use revox::reqwest;
use revox::reqwest::header::{ACCEPT, AUTHORIZATION, USER_AGENT};
use revox_benches::retrieve_example;
use revox_benches::server::Server;
use tokio::runtime::Runtime;
use tokio::task::JoinSet;

const CONCURRENCY: usize = 64;

/// The request of the plain-reqwest baseline: what the generated client sends, without it.
async fn plain(http: reqwest::Client, url: Arc<str>) -> Assistant {
    let response = http
        .get(&*url)
        .header(AUTHORIZATION, "Bearer k")
        .header(USER_AGENT, "revox/0.1.0")
        .header(ACCEPT, "application/json")
        .send()
        .await
        .expect("the server answers");
    assert!(response.status().is_success());
    let body = response.bytes().await.expect("the body arrives");
    serde_json::from_slice(&body).expect("the body decodes")
}

async fn generated(client: revox::Client) -> Assistant {
    client
        .assistants()
        .retrieve("id")
        .await
        .expect("the request succeeds")
}

/// Runs `CONCURRENCY` requests made by `request` at once and waits for all.
async fn concurrently<F, Fut>(request: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = Assistant> + Send + 'static,
{
    let mut set = JoinSet::new();
    for _ in 0..CONCURRENCY {
        set.spawn(request());
    }
    while let Some(done) = set.join_next().await {
        black_box(done.expect("the task completes"));
    }
}

fn round_trip(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let body = retrieve_example();
    let server = Server::start(&runtime, body.as_bytes()).expect("the loopback server starts");
    let client = revox::Client::builder()
        .api_key("k")
        .base_url(server.url())
        .build()
        .expect("the client builds");
    let http = reqwest::Client::new();
    let url: Arc<str> = format!("{}/assistants/id", server.url()).into();

    // Both read the same assistant before anything is timed.
    let a = block(&runtime, generated(client.clone()));
    let b = block(&runtime, plain(http.clone(), url.clone()));
    assert_eq!(a, b);

    let mut group = c.benchmark_group("round_trip/sequential");
    group.throughput(Throughput::Elements(1));
    group.bench_function("generated", |b| {
        b.iter(|| block(&runtime, generated(client.clone())))
    });
    group.bench_function("reqwest", |b| {
        b.iter(|| block(&runtime, plain(http.clone(), url.clone())))
    });
    group.finish();

    let mut group = c.benchmark_group(format!("round_trip/concurrent_{CONCURRENCY}"));
    group.throughput(Throughput::Elements(CONCURRENCY as u64));
    group.bench_function("generated", |b| {
        b.iter(|| block(&runtime, concurrently(|| generated(client.clone()))))
    });
    group.bench_function("reqwest", |b| {
        b.iter(|| block(&runtime, concurrently(|| plain(http.clone(), url.clone()))))
    });
    group.finish();
    drop(server);
}

fn block<T>(runtime: &Runtime, future: impl Future<Output = T>) -> T {
    runtime.block_on(future)
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(5))
}

fn main() {
    // What `criterion_group!`/`criterion_main!` expand to, without their undocumented `pub fn`.
    let mut criterion = config().configure_from_args();
    round_trip(&mut criterion);
    criterion.final_summary();
}
