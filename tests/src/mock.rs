//! What the tests that run the client against a local wiremock server read back.

use wiremock::{MockServer, Request};

/// Every request `server` received, in order.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// The value of the header `name` of `request`, which must be text when present.
pub fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().expect("a text header").to_owned())
}
