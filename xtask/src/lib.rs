//! Project automation behind `cargo xtask`. The binary only parses arguments and exits; the
//! work is here so that tests can run it too.

pub mod assemble;
pub mod codegen;
pub mod conformance;
pub mod mock;
pub mod prism;
pub mod semver_audit;
