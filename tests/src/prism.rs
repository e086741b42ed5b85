//! Prism serving `spec/openapi.yaml` (or another spec) for the client tests: `xtask::prism`
//! (which the conformance run shares), failing the test with the reason when Prism does not
//! come up.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use xtask::prism::{Mode, Options};

/// How long Prism may take to start listening.
const STARTUP: Duration = Duration::from_secs(60);

/// A running Prism; stopped on drop.
pub struct Prism {
    _server: xtask::prism::Prism,
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
}

impl Prism {
    /// Starts Prism on `spec/openapi.yaml`, answering with the spec's examples, and waits
    /// until it accepts connections.
    pub fn start() -> Self {
        Self::serving(&crate::root().join("spec/openapi.yaml"))
    }

    /// Like [`Prism::start`], serving the spec at `spec` instead of the project's.
    pub fn serving(spec: &Path) -> Self {
        // Tests run in parallel: each Prism gets a log of its own.
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        let log = crate::root()
            .join("target/test-scratch/prism")
            .join(format!(
                "{}-{}.log",
                std::process::id(),
                STARTED.fetch_add(1, Ordering::Relaxed)
            ));
        let options = Options {
            root: crate::root(),
            spec: spec.to_path_buf(),
            mode: Mode::Static,
            log,
            startup: STARTUP,
        };
        let server = xtask::prism::Prism::start(&options).unwrap_or_else(|e| panic!("{e}"));
        Self {
            base_url: server.base_url.clone(),
            _server: server,
        }
    }
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    xtask::prism::free_port().unwrap_or_else(|e| panic!("cannot find a free port: {e}"))
}
