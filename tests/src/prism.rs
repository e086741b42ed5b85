//! Runs the Prism mock server (pinned in `tests/prism/package.json`) on a free loopback port,
//! serving `spec/openapi.yaml` (or another spec) in the mode that rejects requests violating
//! the spec, and stops it when dropped.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long Prism may take to start listening.
const STARTUP: Duration = Duration::from_secs(60);

/// A running Prism; killed on drop.
pub struct Prism {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
}

impl Prism {
    /// Starts Prism and waits until it accepts connections. Fails the test, saying why, when
    /// Prism is not installed or does not come up.
    pub fn start() -> Self {
        Self::serving(&crate::root().join("spec/openapi.yaml"))
    }

    /// Like [`Prism::start`], serving the spec at `spec` instead of the project's.
    pub fn serving(spec: &Path) -> Self {
        let binary = crate::root().join("tests/prism/node_modules/.bin/prism");
        assert!(
            binary.exists(),
            "Prism is not installed at {}: run `npm ci --prefix tests/prism` (the README's test command does)",
            binary.display()
        );
        let port = free_port();
        let log_path = crate::scratch(&format!("prism-{port}")).join("prism.log");
        let log = std::fs::File::create(&log_path)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", log_path.display()));
        let mut child = Command::new(&binary)
            .args([
                "mock",
                "--errors",
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
            ])
            .arg(spec)
            .env("SCARF_NO_ANALYTICS", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start Prism ({}): {e}", binary.display()));
        let started = Instant::now();
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Self {
                    child,
                    base_url: format!("http://127.0.0.1:{port}"),
                };
            }
            if let Ok(Some(status)) = child.try_wait() {
                let stderr = std::fs::read_to_string(&log_path).unwrap_or_default();
                panic!("Prism exited with {status} before listening:\n{stderr}");
            }
            if started.elapsed() > STARTUP {
                let _ = child.kill();
                panic!("Prism did not listen on port {port} within {STARTUP:?}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .unwrap_or_else(|e| panic!("cannot find a free port: {e}"))
}
