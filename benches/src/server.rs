//! A minimal HTTP/1.1 server on the loopback interface for the round-trip benches: it answers
//! every request with one fixed JSON body and keeps connections alive, so that each client
//! measured against it pays the same, small, server cost.
//!
//! It runs on its own thread with its own single-threaded runtime, listens on 127.0.0.1 only,
//! stops when dropped, and stops by itself after [`MAX_LIFETIME`] whatever happens.

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// The longest a server runs, so that a bench that hangs cannot leave it serving.
pub const MAX_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// A running loopback server; dropping it stops it.
pub struct Server {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts a server that answers `200 OK` with `body` as `application/json` to every
    /// request.
    pub fn start(body: &[u8]) -> std::io::Result<Server> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let mut response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        response.extend_from_slice(body);
        let response: Arc<[u8]> = response.into();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (stop, stopped) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("loopback-server".to_owned())
            .spawn(move || runtime.block_on(serve(listener, response, stopped)))?;
        Ok(Server {
            address,
            stop: Some(stop),
            thread: Some(thread),
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
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Accepts connections until told to stop or [`MAX_LIFETIME`] has passed. Returning drops
/// the runtime, which ends every connection task.
async fn serve(
    listener: std::net::TcpListener,
    response: Arc<[u8]>,
    mut stopped: oneshot::Receiver<()>,
) {
    let Ok(listener) = TcpListener::from_std(listener) else {
        return;
    };
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
