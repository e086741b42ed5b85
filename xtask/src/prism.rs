//! Runs the Prism mock server (pinned in `tests/prism/package.json`) on a free loopback port,
//! serving one OpenAPI document in the mode that rejects requests violating it, and stops it on
//! every path: when dropped, and when this process dies without dropping it.
//!
//! Prism is started through a small Node guardian that holds the read end of a pipe from this
//! process: whatever ends this process (a panic, Ctrl-C, `kill -9`), the pipe closes, and the
//! guardian kills Prism and exits. So no run leaves a node process behind.

use std::fmt;
use std::fs::File;
use std::io;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Where `npm ci --prefix tests/prism` puts Prism's command-line entry point.
const CLI: &str = "tests/prism/node_modules/@stoplight/prism-cli/dist/index.js";

/// The guardian: runs Prism (`argv[1]` with the remaining arguments) as its child, kills it as
/// soon as its standard input closes or it is told to stop, and exits when Prism has.
const GUARDIAN: &str = r"
const { spawn } = require('child_process');
const [cli, ...args] = process.argv.slice(1);
const prism = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
let stopping = false;
const stop = () => { stopping = true; prism.kill('SIGKILL'); };
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);
// Exits once Prism is gone, so that a stopped guardian means a closed port.
prism.on('exit', (code) => process.exit(stopping ? 0 : code === null ? 1 : code));
";

/// How long a stopped guardian may take to exit before it is killed outright.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// The two ways Prism answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    /// Responses are the spec's examples (or, without one, a value built from the schema).
    Static,
    /// Responses are random values valid against the schema (`-d`), from a fixed seed.
    Dynamic,
}

impl Mode {
    /// Both modes, static first.
    pub const ALL: [Mode; 2] = [Mode::Static, Mode::Dynamic];

    /// `static` or `dynamic`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Static => "static",
            Self::Dynamic => "dynamic",
        }
    }

    /// The mode called `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|mode| mode.name() == name)
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The seed of Prism's random generator in dynamic mode. Prism reseeds for every response, so
/// each operation gets the same body on every run, whatever ran before it.
pub const SEED: &str = "revox";

/// What to serve and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// The workspace root, where `tests/prism` is.
    pub root: PathBuf,
    /// The OpenAPI document.
    pub spec: PathBuf,
    /// Static or dynamic responses.
    pub mode: Mode,
    /// Prism's standard error goes here.
    pub log: PathBuf,
    /// How long Prism may take to load the document and listen.
    pub startup: Duration,
}

/// Why Prism did not come up.
#[derive(Debug)]
pub enum StartError {
    /// `tests/prism/node_modules` has no Prism.
    NotInstalled(PathBuf),
    /// Node could not be started, or the log not created.
    Io(io::Error),
    /// Prism exited before listening (it could not load the document, most often); the end of
    /// its log says why.
    Exited {
        /// Its exit status.
        status: ExitStatus,
        /// The last lines of its standard error.
        log_tail: String,
    },
    /// Prism was still not listening when the startup time ran out.
    TimedOut(Duration),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotInstalled(path) => write!(
                f,
                "Prism is not installed at {}: run `npm ci --prefix tests/prism --ignore-scripts --no-audit --no-fund`",
                path.display()
            ),
            Self::Io(e) => write!(f, "cannot start Prism: {e}"),
            Self::Exited { status, log_tail } => {
                write!(f, "Prism exited with {status} before listening")?;
                if !log_tail.is_empty() {
                    write!(f, ":\n{log_tail}")?;
                }
                Ok(())
            }
            Self::TimedOut(limit) => {
                write!(f, "Prism did not listen within {} s", limit.as_secs())
            }
        }
    }
}

impl std::error::Error for StartError {}

/// A running Prism; stopped when dropped.
#[derive(Debug)]
pub struct Prism {
    guardian: Child,
    /// Closing it tells the guardian to stop Prism.
    lifeline: Option<ChildStdin>,
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    /// How long Prism took from its start until it accepted a connection.
    pub load_time: Duration,
}

impl Prism {
    /// Starts Prism on a free port and waits until it accepts connections.
    pub fn start(options: &Options) -> Result<Self, StartError> {
        let cli = options.root.join(CLI);
        if !cli.exists() {
            return Err(StartError::NotInstalled(cli));
        }
        let port = free_port().map_err(StartError::Io)?;
        if let Some(parent) = options.log.parent() {
            std::fs::create_dir_all(parent).map_err(StartError::Io)?;
        }
        let log = File::create(&options.log).map_err(StartError::Io)?;
        let mut command = Command::new("node");
        command
            .arg("-e")
            .arg(GUARDIAN)
            .arg(&cli)
            .args(["mock", "--errors", "--host", "127.0.0.1", "--port"])
            .arg(port.to_string());
        if options.mode == Mode::Dynamic {
            command.args(["--dynamic", "--seed", SEED]);
        }
        command
            .arg(&options.spec)
            .env("SCARF_NO_ANALYTICS", "true")
            // Node's default heap (about 2 GiB) runs out while Prism answers the dynamic calls
            // of a large spec (xero-accounting's), at a point that varies from run to run.
            .env("NODE_OPTIONS", "--max-old-space-size=6144")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::from(log));
        let started = Instant::now();
        let mut guardian = command.spawn().map_err(StartError::Io)?;
        let lifeline = guardian.stdin.take();
        let mut prism = Self {
            guardian,
            lifeline,
            base_url: format!("http://127.0.0.1:{port}"),
            load_time: Duration::ZERO,
        };
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                prism.load_time = started.elapsed();
                return Ok(prism);
            }
            if let Ok(Some(status)) = prism.guardian.try_wait() {
                return Err(StartError::Exited {
                    status,
                    log_tail: log_tail(&options.log),
                });
            }
            if started.elapsed() > options.startup {
                return Err(StartError::TimedOut(options.startup));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Whether Prism still runs (it can die while serving: out of memory, say).
    pub fn is_running(&mut self) -> bool {
        matches!(self.guardian.try_wait(), Ok(None))
    }

    /// Stops Prism and waits for it to be gone.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        // Closing the pipe makes the guardian kill Prism and exit.
        drop(self.lifeline.take());
        let deadline = Instant::now() + STOP_GRACE;
        while Instant::now() < deadline {
            match self.guardian.try_wait() {
                Ok(Some(_)) | Err(_) => return,
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        let _ = self.guardian.kill();
        let _ = self.guardian.wait();
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// The last lines of Prism's log, which say why it stopped.
fn log_tail(path: &Path) -> String {
    const LINES: usize = 12;
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(LINES)..].join("\n")
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> io::Result<u16> {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
}
