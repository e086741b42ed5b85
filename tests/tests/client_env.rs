//! `Client::from_env`, the one part of the SDK that reads the environment. It is alone in this
//! binary because changing the environment would race with any test running beside it.

use revox::{API_KEY_ENV, BASE_URL_ENV, Client, DEFAULT_BASE_URL, Error};

const KEY: &str = "sk_test_SECRET123";

/// Sets (`Some`) or removes (`None`) an environment variable.
fn set(name: &str, value: Option<&str>) {
    // SAFETY: this binary holds a single test and starts no thread or runtime of its own (the
    // code under test is synchronous), so nothing else in the process reads or writes the
    // environment while this runs: the harness's main thread only waits for the test to end.
    unsafe {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
}

#[test]
fn from_env_reads_the_key_and_the_base_url() {
    set(API_KEY_ENV, None);
    set(BASE_URL_ENV, None);
    let error = Client::from_env().expect_err("no key is set");
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(error.to_string().contains(API_KEY_ENV), "{error}");

    // An empty key is no key.
    set(API_KEY_ENV, Some(""));
    let error = Client::from_env().expect_err("the key is empty");
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(error.to_string().contains(API_KEY_ENV), "{error}");

    set(API_KEY_ENV, Some(KEY));
    let client = Client::from_env().expect("the key is read");
    assert_eq!(client.base_url(), DEFAULT_BASE_URL);
    assert!(!format!("{client:?}").contains("SECRET123"));

    // An empty base URL falls back to the default; a set one replaces it.
    set(BASE_URL_ENV, Some(""));
    let client = Client::from_env().expect("the key is read");
    assert_eq!(client.base_url(), DEFAULT_BASE_URL);
    set(BASE_URL_ENV, Some("http://localhost:9999/v2/"));
    let client = Client::from_env().expect("the key is read");
    assert_eq!(client.base_url(), "http://localhost:9999/v2");

    // A bad base URL from the environment is reported, not ignored.
    set(BASE_URL_ENV, Some("not a url"));
    let error = Client::from_env().expect_err("the base URL is invalid");
    assert!(matches!(error, Error::Config(_)), "{error:?}");

    // `Client::new` reads neither variable.
    let client = Client::new("sk_test_other").expect("a key is enough");
    assert_eq!(client.base_url(), DEFAULT_BASE_URL);

    set(API_KEY_ENV, None);
    set(BASE_URL_ENV, None);
}
