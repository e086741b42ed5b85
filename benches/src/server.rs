//! A minimal HTTP/1.1 server on the loopback interface for the round-trip benches: it answers
//! every request with one fixed JSON body and keeps connections alive, so that each client
//! measured against it pays the same, small, server cost.
//!
//! It runs as a task on the bench's own single-threaded runtime, beside the client: a request
//! then costs CPU work only, with no wake-up of another thread in between (on this project's
//! virtual machines such a wake-up takes tens of microseconds when the machine is idle, more
//! than the client's work, and varies with the load of the other core). It listens on
//! 127.0.0.1 only, stops when dropped, and stops by itself after [`MAX_LIFETIME`] whatever
//! happens.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;
use tokio::sync::oneshot;

/// The longest a server runs, so that a bench that hangs cannot leave it serving.
pub const MAX_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// A running loopback server; dropping it stops it.
pub struct Server {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
}

impl Server {
    /// Starts a server on `runtime` that answers `200 OK` with `body` as `application/json`
    /// to every request. It serves while the runtime runs (inside `block_on` for a
    /// single-threaded one).
    pub fn start(runtime: &Runtime, body: &[u8]) -> std::io::Result<Server> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let listener = {
            let _context = runtime.enter();
            TcpListener::from_std(listener)?
        };
        let mut response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        response.extend_from_slice(body);
        let (stop, stopped) = oneshot::channel();
        runtime.spawn(serve(listener, response.into(), stopped));
        Ok(Server {
            address,
            stop: Some(stop),
        })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            // The server may have stopped already (lifetime reached); nothing to tell then.
            let _ = stop.send(());
        }
    }
}

/// Accepts connections until told to stop or [`MAX_LIFETIME`] has passed. Connections end
/// when their client closes them or the runtime is dropped.
async fn serve(listener: TcpListener, response: Arc<[u8]>, mut stopped: oneshot::Receiver<()>) {
    let deadline = tokio::time::sleep(MAX_LIFETIME);
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            _ = &mut stopped => return,
            () = &mut deadline => return,
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(connection(stream, Arc::clone(&response)));
                }
            }
        }
    }
}

/// Answers each complete request on one connection until the client closes it.
async fn connection(mut stream: TcpStream, response: Arc<[u8]>) {
    let mut received = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        while let Some(end) = request_end(&received) {
            received.drain(..end);
            if stream.write_all(&response).await.is_err() {
                return;
            }
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => received.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The length of the first complete request in `buffer`: its head and, when it declares
/// one, its `content-length` body.
fn request_end(buffer: &[u8]) -> Option<usize> {
    let head = buffer.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let body = std::str::from_utf8(&buffer[..head])
        .ok()
        .and_then(|text| {
            text.split("\r\n").find_map(|line| {
                let (name, value) = line.split_once(':')?;
                if name.trim().eq_ignore_ascii_case("content-length") {
                    value.trim().parse::<usize>().ok()
                } else {
                    None
                }
            })
        })
        .unwrap_or(0);
    (buffer.len() >= head + body).then_some(head + body)
}
