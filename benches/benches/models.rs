//! Decoding responses into, and encoding requests from, the generated models, against the
//! hand-written serde types of the same shape (the practical limit) and `serde_json::Value`.
//!
//! `generated/client_path` decodes the way the client's runtime does it, through
//! `serde_path_to_error` (which records where a failure happened), to show what that costs.
#![allow(
    clippy::expect_used,
    reason = "bench set-up: an input that does not decode must stop the run"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use serde::de::DeserializeOwned;
use serde_json::Value;

use revox::models::{Assistant, AssistantListResponse};
use revox_benches::{assistant_list, create_params, handwritten, retrieve_example};

/// Decodes through `serde_path_to_error`, as the runtime's `decode` did when these numbers
/// were taken (it now does so only for a body that fails to decode).
fn decode_like_client<T: DeserializeOwned>(body: &[u8]) -> T {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).expect("decodes");
    deserializer.end().expect("nothing after the value");
    value
}

/// One decode group: the generated type `G`, the hand-written `H`, and `Value`.
fn decode_group<G: DeserializeOwned, H: DeserializeOwned>(
    c: &mut Criterion,
    name: &str,
    json: &str,
) {
    // Both typed readers must accept the payload before either is timed.
    let _: G = serde_json::from_str(json).expect("the generated type decodes it");
    let _: H = serde_json::from_str(json).expect("the hand-written type decodes it");

    let mut group = c.benchmark_group(format!("decode/{name}"));
    group.throughput(Throughput::Bytes(json.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_str::<G>(black_box(json)).expect("decodes"))
    });
    group.bench_function("generated/client_path", |b| {
        b.iter(|| decode_like_client::<G>(black_box(json.as_bytes())))
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| serde_json::from_str::<H>(black_box(json)).expect("decodes"))
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_str::<Value>(black_box(json)).expect("decodes"))
    });
    group.finish();
}

fn decoding(c: &mut Criterion) {
    let one = retrieve_example();
    check_same_reading(&one);
    decode_group::<Assistant, handwritten::Assistant>(c, "retrieve", &one);
    let list = assistant_list(1000);
    decode_group::<AssistantListResponse, handwritten::AssistantListResponse>(
        c,
        "list_1000",
        &list,
    );
}

/// The generated and the hand-written type read the seed JSON the same: both re-encode to
/// the same JSON.
fn check_same_reading(json: &str) {
    let generated: Assistant = serde_json::from_str(json).expect("decodes");
    let handwritten: handwritten::Assistant = serde_json::from_str(json).expect("decodes");
    assert_eq!(
        serde_json::to_value(&generated).expect("encodes"),
        serde_json::to_value(&handwritten).expect("encodes"),
        "the hand-written type does not have the generated type's shape"
    );
}

fn encoding(c: &mut Criterion) {
    let generated = create_params();
    let handwritten = handwritten::create_params();
    let value = serde_json::to_value(&generated).expect("encodes");
    assert_eq!(
        value,
        serde_json::to_value(&handwritten).expect("encodes"),
        "the two create requests differ"
    );
    let size = serde_json::to_vec(&generated).expect("encodes").len();

    let mut group = c.benchmark_group("encode/create");
    group.throughput(Throughput::Bytes(size as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::to_vec(black_box(&generated)).expect("encodes"))
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| serde_json::to_vec(black_box(&handwritten)).expect("encodes"))
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::to_vec(black_box(&value)).expect("encodes"))
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

fn main() {
    // What `criterion_group!`/`criterion_main!` expand to, without their undocumented `pub fn`.
    let mut criterion = config().configure_from_args();
    decoding(&mut criterion);
    encoding(&mut criterion);
    criterion.final_summary();
}
