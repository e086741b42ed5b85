//! Generation, end to end and by phase, for spec/openapi.yaml and nexus.json; and by stage for
//! the large specs (`scale/`: launchdarkly.yaml and the assembled 4 MB-class spec).
//!
//! The phases are not public API, so they are measured from outside: `total` is
//! `codegen::generate`; `parse` repeats what `load.rs` does (text to a JSON tree to
//! `openapiv3::OpenAPI`); `format` does what emit does with the token streams it builds for
//! the generated Rust files: `syn::parse2` into a `syn::File`, then `prettyplease::unparse`
//! (the streams are made from the generated files, outside the timed part). The rest
//! (checking, lowering, building the token streams, locating warnings in the text) is the
//! remainder: `total - parse - format`.
#![allow(
    clippy::expect_used,
    reason = "bench set-up: a spec that fails to generate must stop the run"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, SamplingMode, Throughput};
use quote::ToTokens;
use revox_benches::{formatted_files, parse_direct, parse_like_load, scale_specs, specs};

fn generation(c: &mut Criterion) {
    for spec in specs() {
        let options = codegen::Options::new(spec.crate_name, spec.name);
        let output = codegen::generate(&spec.text, &options).expect("the spec generates");
        let files = formatted_files(&output);
        let parsed: Vec<syn::File> = files
            .iter()
            .map(|text| syn::parse_file(text).expect("generated code parses"))
            .collect();

        let mut group = c.benchmark_group(format!("generate/{}", spec.name));
        // Whole milliseconds per iteration: equal iteration counts per sample are enough.
        group.sampling_mode(SamplingMode::Flat);
        group.bench_function("total", |b| {
            b.iter(|| codegen::generate(black_box(&spec.text), &options))
        });
        group.bench_function("parse", |b| b.iter(|| parse_like_load(black_box(&spec))));
        group.bench_function("format", |b| {
            b.iter_batched(
                || token_streams(&parsed),
                |streams| {
                    for tokens in streams {
                        let file: syn::File = syn::parse2(tokens).expect("parses");
                        black_box(prettyplease::unparse(&file));
                    }
                },
                BatchSize::PerIteration,
            )
        });
        // The parts of the two measured phases, to tell where their time goes.
        group.bench_function("parse/direct_to_openapi", |b| {
            b.iter(|| parse_direct(black_box(&spec)))
        });
        group.bench_function("format/syn_parse2", |b| {
            b.iter_batched(
                || token_streams(&parsed),
                |streams| {
                    for tokens in streams {
                        black_box(syn::parse2::<syn::File>(tokens).expect("parses"));
                    }
                },
                BatchSize::PerIteration,
            )
        });
        group.bench_function("format/prettyplease_unparse", |b| {
            b.iter(|| {
                for file in &parsed {
                    black_box(prettyplease::unparse(black_box(file)));
                }
            })
        });
        group.finish();
    }
}

/// The large specs, by stage: `parse` is `codegen::parse` (text to `Document`), `lower` is
/// `codegen::lower` (parse, check and lower to the IR), `total` is `codegen::generate` (all of
/// it, emission and formatting included): `lower - parse` is checking and lowering, `total -
/// lower` emission. Around a second an iteration, so ten samples in flat mode.
fn scale(c: &mut Criterion) {
    for spec in scale_specs() {
        let options = codegen::Options::new(spec.crate_name, spec.name);
        let mut group = c.benchmark_group(format!("scale/{}", spec.name));
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(10);
        group.throughput(Throughput::Bytes(spec.text.len() as u64));
        group.bench_function("parse", |b| b.iter(|| parse_like_load(black_box(&spec))));
        group.bench_function("lower", |b| {
            b.iter(|| codegen::lower(black_box(&spec.text)).expect("the spec lowers"))
        });
        group.bench_function("total", |b| {
            b.iter(|| codegen::generate(black_box(&spec.text), &options).expect("it generates"))
        });
        group.finish();
    }
}

/// Fresh token streams of the generated files, as emit has them before printing: built
/// outside the timed part, and consumed by it as emit consumes its own.
fn token_streams(files: &[syn::File]) -> Vec<proc_macro2::TokenStream> {
    files.iter().map(ToTokens::to_token_stream).collect()
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
}

fn main() {
    // What `criterion_group!`/`criterion_main!` expand to, without their undocumented `pub fn`.
    let mut criterion = config().configure_from_args();
    generation(&mut criterion);
    scale(&mut criterion);
    criterion.final_summary();
}
