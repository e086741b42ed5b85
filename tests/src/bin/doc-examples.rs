//! Prints, as one Rust file, the doc examples of the crate generated from a spec (see
//! `revox_tests::doc_examples`): a program that calls every endpoint once, which
//! `benches/measure.sh` compiles to time what the callers of a generated crate compile.
//!
//!     cargo run -p revox-tests --bin doc-examples -- SPEC CRATE_NAME > tests/calls.rs

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [spec, name] = args.as_slice() else {
        eprintln!("usage: doc-examples SPEC CRATE_NAME");
        return ExitCode::FAILURE;
    };
    let text = match std::fs::read_to_string(spec) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: cannot read {spec}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let output = revox_tests::generate(&text, name);
    print!("{}", revox_tests::doc_examples(&output, name));
    ExitCode::SUCCESS
}
