//! Server-sent event streams ([`EventStream`]): the answer of an endpoint that responds with
//! `text/event-stream`, read event by event and decoded into typed items.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::request::{PendingRequest, Reading, RequestParts};
use crate::send::Body;

/// The events of a `text/event-stream` response, each decoded into `E`; get one by awaiting
/// the request of a streaming method, then read it with [`EventStream::next`] (or as a
/// `futures_core::Stream`).
///
/// Connecting is one request like any other: timed, retried and refused with an
/// [`Error`] as usual. The stream that follows has no overall timeout, so that a healthy
/// stream may last as long as it keeps sending; instead, the request's timeout bounds each
/// wait for more bytes (comments and keep-alives count), and a stream silent for longer ends
/// with [`Error::StreamIdle`].
///
/// The `data:` lines of an event are joined with line breaks and decoded as JSON (data that
/// does not decode so is taken as a JSON string of its text, for items that are text);
/// comments and events without data are skipped, and a `data: [DONE]` event ends the stream.
/// Where the spec tells events apart by name ([`NamedEvents`]), each item is the whole event
/// instead: its `event` name (`message` when it has none), its `data` and its `id`.
/// Lines end with LF or CRLF (a lone CR, which the format also allows, ends none). An event
/// that does not decode is an [`Error::Decode`] item, and the stream goes on with the next
/// event. A stream that breaks off (its connection fails, or it ends in the middle of an
/// event) ends with [`Error::StreamInterrupted`]; an event larger than
/// [`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes) with
/// [`Error::ResponseTooLarge`]. Nothing comes after an error that ends the stream.
#[must_use = "a stream does nothing unless it is read"]
pub struct EventStream<E> {
    /// The reader, when no read is under way.
    reader: Option<Reader>,
    /// The read under way, which owns the reader until it is done.
    reading: Option<NextEvent>,
    /// The `id` of the last event read, for resuming with a `Last-Event-ID` header.
    last_event_id: Option<String>,
    item: PhantomData<fn() -> E>,
}

/// The response type of a method whose events the spec tells apart by their `event` name:
/// awaiting its request connects, and gives an [`EventStream`] whose items are whole events
/// (`E` is a union with a variant per name, each holding the event's `event`, `data` and
/// `id`; an event of a name the spec does not list is its `Unknown` variant).
pub struct NamedEvents<E>(PhantomData<fn() -> E>);

/// A read of the next event, handing the reader back with it.
type NextEvent = Pin<Box<dyn Future<Output = (Reader, Option<Result<Event, Error>>)> + Send>>;

/// One event as the server sent it.
struct Event {
    /// The `data:` lines, joined with `\n`.
    data: String,
    /// Its `event:` name, if it has one.
    name: Option<String>,
    /// The last `id:` the stream has sent, this event's or an earlier one's.
    id: Option<String>,
}

/// What reads a stream: the bytes not yet split into lines and the event being gathered.
struct Reader {
    /// `None` once the body has been read to its end.
    response: Option<reqwest::Response>,
    /// Bytes received and not yet read as lines.
    buffer: Vec<u8>,
    /// The `data:` lines of the event so far, each followed by `\n`.
    data: String,
    /// The `event:` name of the event so far.
    name: Option<String>,
    /// The last `id:` received; it stays until another replaces it.
    last_id: Option<String>,
    /// Whether items are whole events rather than their data.
    envelopes: bool,
    /// Whether a line of the event being gathered was read (a field or a comment).
    started: bool,
    /// Whether the next line is the first of the stream (which may start with a BOM).
    first_line: bool,
    /// The longest wait for more bytes.
    idle: Duration,
    /// The longest event, in bytes.
    limit: u64,
    status: u16,
    method: String,
    url: String,
    /// Whether the stream has ended: nothing more is read.
    ended: bool,
}

impl<E> EventStream<E> {
    fn new(reader: Reader) -> Self {
        Self {
            reader: Some(reader),
            reading: None,
            last_event_id: None,
            item: PhantomData,
        }
    }

    /// The `id` of the last event read (the server's `id:` field, which stays until the
    /// server sends another), to send as the `Last-Event-ID` header when connecting again
    /// to resume after it; `None` when the server sent none.
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_event_id.as_deref()
    }
}

impl<E: DeserializeOwned> EventStream<E> {
    /// The next event, decoded; `None` at the end of the stream (after a `[DONE]` event, the
    /// end of the body, or an error that ends it).
    pub async fn next(&mut self) -> Option<Result<E, Error>> {
        std::future::poll_fn(|cx| self.poll_event(cx)).await
    }

    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<E, Error>>> {
        if self.reading.is_none() {
            let Some(reader) = self.reader.take() else {
                return Poll::Ready(None);
            };
            self.reading = Some(Box::pin(reader.next_event()));
        }
        let Some(reading) = self.reading.as_mut() else {
            return Poll::Ready(None);
        };
        let (reader, event) = match reading.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(done) => done,
        };
        self.reading = None;
        let (status, envelopes) = (reader.status, reader.envelopes);
        self.reader = Some(reader);
        Poll::Ready(event.map(|event| {
            event.and_then(|event| {
                if event.id.is_some() {
                    self.last_event_id.clone_from(&event.id);
                }
                match envelopes {
                    true => decode_envelope(status, event),
                    false => decode(status, &event.data),
                }
            })
        }))
    }
}

/// The data of an event decoded into `E`: as JSON, else (for items that are text) as a JSON
/// string of its text; the error is JSON's.
fn decode<E: DeserializeOwned>(status: u16, data: &str) -> Result<E, Error> {
    crate::decode_json(status, data.as_bytes()).or_else(|error| {
        serde_json::from_value(serde_json::Value::String(data.to_owned())).map_err(|_| error)
    })
}

/// A whole event decoded into `E`, from the object `{"event", "data", "id"}`: its name
/// (`message`, the format's default, when it has none), its data as JSON (or, when that is
/// not JSON, as a string of its text) and its `id` when there is one.
fn decode_envelope<E: DeserializeOwned>(status: u16, event: Event) -> Result<E, Error> {
    let data = serde_json::from_str(&event.data).unwrap_or(serde_json::Value::String(event.data));
    let mut envelope = serde_json::Map::new();
    let name = event.name.unwrap_or_else(|| "message".to_owned());
    envelope.insert("event".to_owned(), serde_json::Value::String(name));
    envelope.insert("data".to_owned(), data);
    if let Some(id) = event.id {
        envelope.insert("id".to_owned(), serde_json::Value::String(id));
    }
    let text = serde_json::Value::Object(envelope).to_string();
    crate::decode_json(status, text.as_bytes())
}

impl<E: DeserializeOwned> futures_core::Stream for EventStream<E> {
    type Item = Result<E, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_event(cx)
    }
}

impl<E> fmt::Debug for EventStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}

impl Reader {
    async fn next_event(mut self) -> (Self, Option<Result<Event, Error>>) {
        let event = self.advance().await;
        if matches!(event, None | Some(Err(_))) {
            self.ended = true;
        }
        (self, event)
    }

    /// Reads until an event, the end, or an error that ends the stream.
    async fn advance(&mut self) -> Option<Result<Event, Error>> {
        while !self.ended {
            while let Some(end) = self.buffer.iter().position(|&byte| byte == b'\n') {
                let line: Vec<u8> = self.buffer.drain(..=end).collect();
                let line = String::from_utf8_lossy(&line[..end]);
                let line = line.strip_suffix('\r').unwrap_or(&line);
                let line = match std::mem::replace(&mut self.first_line, false) {
                    true => line.strip_prefix('\u{feff}').unwrap_or(line),
                    false => line,
                };
                if let Some(event) = self.line(line) {
                    if event.data == "[DONE]" {
                        return None;
                    }
                    return Some(Ok(event));
                }
            }
            let gathered = (self.buffer.len() + self.data.len()) as u64;
            if gathered > self.limit {
                return Some(Err(Error::ResponseTooLarge {
                    method: self.method.clone(),
                    url: self.url.clone(),
                    status: self.status,
                    limit: self.limit,
                }));
            }
            let Some(response) = self.response.as_mut() else {
                return self.end();
            };
            match tokio::time::timeout(self.idle, response.chunk()).await {
                Ok(Ok(Some(chunk))) => self.buffer.extend_from_slice(&chunk),
                Ok(Ok(None)) => self.response = None,
                Ok(Err(error)) => return Some(Err(self.interrupted(Some(error.without_url())))),
                Err(_) => {
                    return Some(Err(Error::StreamIdle {
                        method: self.method.clone(),
                        url: self.url.clone(),
                        idle: self.idle,
                    }))
                }
            }
        }
        None
    }

    /// The end of the body: the end of the stream between events, else a stream cut off.
    fn end(&mut self) -> Option<Result<Event, Error>> {
        if self.buffer.is_empty() && !self.started {
            None
        } else {
            Some(Err(self.interrupted(None)))
        }
    }

    fn interrupted(&self, source: Option<reqwest::Error>) -> Error {
        Error::StreamInterrupted {
            method: self.method.clone(),
            url: self.url.clone(),
            source,
        }
    }

    /// Reads one line (without its line break); a blank line ends an event, which is
    /// returned when it has data.
    fn line(&mut self, line: &str) -> Option<Event> {
        if line.is_empty() {
            self.started = false;
            let mut data = std::mem::take(&mut self.data);
            let name = self.name.take();
            if data.is_empty() {
                return None;
            }
            data.pop();
            return Some(Event {
                data,
                name,
                id: self.last_id.clone(),
            });
        }
        self.started = true;
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "event" => self.name = Some(value.to_owned()),
            // An id with a NUL is ignored, as the format says.
            "id" if !value.contains('\0') => self.last_id = Some(value.to_owned()),
            // `retry` is for clients that reconnect by themselves, which this one does not.
            _ => {}
        }
        None
    }
}

impl<T> PendingRequest<T> {
    /// Sets the JSON body with its boolean property `flag` set to `true`: the property of
    /// the APIs that answer with events only when a request asks for them (`"stream": true`).
    pub fn json_body_streaming<B: serde::Serialize + ?Sized>(self, body: &B, flag: &str) -> Self {
        match serde_json::to_value(body) {
            Ok(serde_json::Value::Object(mut properties)) => {
                properties.insert(flag.to_owned(), serde_json::Value::Bool(true));
                self.json_body(&properties)
            }
            Ok(other) => self.json_body(&other),
            // Serialized again, to fail the same way when sent.
            Err(_) => self.json_body(body),
        }
    }
}

/// Connecting: the request is sent (timed and retried as usual) until its response headers
/// are in; the events are read from the stream then.
impl<E: DeserializeOwned + 'static> IntoFuture for PendingRequest<EventStream<E>> {
    type Output = Result<EventStream<E>, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(connect(self.parts, false))
    }
}

/// Connecting, as for [`EventStream`]; the items are whole events.
impl<E: DeserializeOwned + 'static> IntoFuture for PendingRequest<NamedEvents<E>> {
    type Output = Result<EventStream<E>, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(connect(self.parts, true))
    }
}

/// Sends the request until its response headers are in, and returns the stream that reads
/// the events; `envelopes` says whether its items are whole events.
async fn connect<E>(mut parts: RequestParts, envelopes: bool) -> Result<EventStream<E>, Error> {
    parts.reading = Reading::Streamed;
    let prepared = parts.prepare()?;
    // What the reader needs of the request, taken now: the answer takes the request along
    // only with a body left unread.
    let idle = prepared.timeout;
    let limit = prepared.parts.client.inner.max_response_bytes;
    let method = prepared.parts.method.to_string();
    let url = prepared.shown_url();
    let (status, _, body) = prepared.send().await?;
    let (response, buffer) = match body {
        Body::Unread(unread) => (Some(unread.response), Vec::new()),
        Body::Read(body) => (None, body),
    };
    Ok(EventStream::new(Reader {
        response,
        buffer,
        data: String::new(),
        name: None,
        last_id: None,
        envelopes,
        started: false,
        first_line: true,
        idle,
        limit,
        status,
        method,
        url,
        ended: false,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(body: &str, envelopes: bool) -> Reader {
        Reader {
            response: None,
            buffer: body.as_bytes().to_vec(),
            data: String::new(),
            name: None,
            last_id: None,
            envelopes,
            started: false,
            first_line: true,
            idle: Duration::from_secs(1),
            limit: 1 << 20,
            status: 200,
            method: "GET".to_owned(),
            url: "http://localhost/".to_owned(),
            ended: false,
        }
    }

    struct Noop;

    impl std::task::Wake for Noop {
        fn wake(self: std::sync::Arc<Self>) {}
    }

    /// The items of a stream of `body`, read without a runtime (with the whole body at hand,
    /// no read waits), each with the stream's last event id after it.
    fn read(body: &str, envelopes: bool) -> Vec<(Result<String, String>, Option<String>)> {
        let mut stream = EventStream::<serde_json::Value>::new(reader(body, envelopes));
        let waker = std::task::Waker::from(std::sync::Arc::new(Noop));
        let mut cx = Context::from_waker(&waker);
        let mut seen = Vec::new();
        while let Poll::Ready(Some(event)) = stream.poll_event(&mut cx) {
            let item = event.map(|v| v.to_string()).map_err(|e| e.to_string());
            seen.push((item, stream.last_event_id().map(str::to_owned)));
        }
        seen
    }

    /// The items of a stream of `body`, each the data of an event.
    fn events(body: &str) -> Vec<Result<String, String>> {
        read(body, false)
            .into_iter()
            .map(|(item, _)| item)
            .collect()
    }

    #[test]
    fn framing() {
        let body =
            "\u{feff}: comment\r\n\r\ndata: 1\n\nevent: x\nid: 7\ndata:{\"a\":\ndata: 2}\n\n\
                    data\n\nretry: 5\n\ndata: text\n\ndata: [DONE]\n\ndata: 3\n\n";
        let seen = events(body);
        assert_eq!(
            seen,
            vec![
                Ok("1".to_owned()),
                Ok("{\"a\":2}".to_owned()),
                // Empty data reads as JSON's `null`.
                Ok("null".to_owned()),
                Ok("\"text\"".to_owned()),
            ]
        );
    }

    #[test]
    fn an_event_cut_off_is_an_error_that_ends_the_stream() {
        let seen = events("data: 1\n\ndata: 2\n");
        assert_eq!(seen.len(), 2);
        assert!(seen[1].as_ref().is_err_and(|e| e.contains("interrupted")));
        assert_eq!(events("data: 1\n\n"), vec![Ok("1".to_owned())]);
    }

    #[test]
    fn named_events_are_whole_events_whose_id_stays_until_replaced() {
        let body = "event: delta\nid: 7\ndata: {\"a\":1}\n\ndata: plain\n\n\
                    id: 8\u{0}\nevent: done\nid: 9\ndata: 2\n\n";
        let seen = read(body, true);
        let id = |id: &str| Some(id.to_owned());
        assert_eq!(
            seen,
            vec![
                (
                    Ok(r#"{"data":{"a":1},"event":"delta","id":"7"}"#.to_owned()),
                    id("7")
                ),
                // No name is the format's `message`; the id is still the last one sent.
                (
                    Ok(r#"{"data":"plain","event":"message","id":"7"}"#.to_owned()),
                    id("7")
                ),
                // An id with a NUL in it is ignored.
                (
                    Ok(r#"{"data":2,"event":"done","id":"9"}"#.to_owned()),
                    id("9")
                ),
            ]
        );
        // Without envelopes, the items are the data, and the ids are kept all the same.
        let seen = read(body, false);
        assert_eq!(seen[0], (Ok(r#"{"a":1}"#.to_owned()), id("7")));
        assert_eq!(seen[2], (Ok("2".to_owned()), id("9")));
    }
}
