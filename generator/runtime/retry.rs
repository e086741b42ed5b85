//! When a failed attempt is retried, and how long the wait before the next one is (the
//! server's `retry-after`, else an exponential backoff with jitter), and the idempotency keys
//! that let a server tell a retry from a new request.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue};

/// Longest server-requested wait (`retry-after-ms`, `retry-after`) that is honoured.
const MAX_SERVER_DELAY: Duration = Duration::from_secs(60);
/// First backoff delay in seconds, doubled at each retry up to `MAX_BACKOFF_SECS`.
const INITIAL_BACKOFF_SECS: f64 = 0.5;
const MAX_BACKOFF_SECS: f64 = 8.0;

/// Connection failures and timeouts are worth another try; a request reqwest refused to
/// build, or a redirect loop, is not.
pub(crate) fn is_transient(error: &reqwest::Error) -> bool {
    !error.is_builder() && !error.is_redirect()
}

/// Whether an error response is retried: `x-should-retry` decides when present, else the
/// status (408, 409, 429 and 5xx).
pub(crate) fn should_retry(status: u16, headers: &HeaderMap) -> bool {
    match headers.get("x-should-retry").map(HeaderValue::as_bytes) {
        Some(b"true") => true,
        Some(b"false") => false,
        _ => matches!(status, 408 | 409 | 429 | 500..),
    }
}

/// The wait before retry number `retry_index` (from 0): the server's, when it asks for one
/// of at most a minute, else the backoff.
pub(crate) fn retry_delay(headers: &HeaderMap, retry_index: u32, now: SystemTime) -> Duration {
    server_delay(headers, now)
        .filter(|delay| *delay <= MAX_SERVER_DELAY)
        .unwrap_or_else(|| backoff(retry_index))
}

/// The wait asked for by `retry-after-ms` (milliseconds) or, without it, by `retry-after`
/// (seconds or an HTTP date). A negative or unreadable value asks for nothing.
fn server_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
    };
    if let Some(millis) = text("retry-after-ms").and_then(|value| value.parse::<f64>().ok()) {
        return Duration::try_from_secs_f64(millis / 1000.0).ok();
    }
    let value = text("retry-after")?;
    match value.parse::<f64>() {
        Ok(seconds) => Duration::try_from_secs_f64(seconds).ok(),
        Err(_) => httpdate::parse_http_date(value)
            .ok()?
            .duration_since(now)
            .ok(),
    }
}

/// `min(0.5 s * 2^retry_index, 8 s)`, times a random factor in (0.75, 1] so that clients
/// that failed together do not retry together.
pub(crate) fn backoff(retry_index: u32) -> Duration {
    let seconds = (INITIAL_BACKOFF_SECS * 2f64.powf(f64::from(retry_index))).min(MAX_BACKOFF_SECS);
    let jitter = 1.0 - 0.25 * fastrand::f64();
    Duration::from_secs_f64(seconds * jitter)
}

/// A fresh idempotency key, written as a version 4 UUID: 64 bits hashed with the standard
/// library's randomly keyed SipHash (its keys come from the operating system, so they differ
/// between processes) from the process id, a per-process counter and the time, so that no
/// two requests of a process share a key, and 64 bits of `fastrand`.
pub(crate) fn idempotency_key() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let hashed = RandomState::new().hash_one((std::process::id(), count, SystemTime::now()));
    let bits = u128::from(hashed) << 64 | u128::from(fastrand::u64(..));
    // The version (4) and variant (`10`) bits of RFC 9562.
    let bits = (bits & !(0xF << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            if let Ok(value) = HeaderValue::from_str(value) {
                map.insert(*name, value);
            }
        }
        map
    }

    #[test]
    fn idempotency_keys_are_fresh_version_4_uuids() {
        let keys: std::collections::BTreeSet<String> =
            (0..1000).map(|_| idempotency_key()).collect();
        assert_eq!(keys.len(), 1000);
        for key in &keys {
            let groups: Vec<&str> = key.split('-').collect();
            let lengths: Vec<usize> = groups.iter().map(|group| group.len()).collect();
            assert_eq!(lengths, [8, 4, 4, 4, 12], "{key}");
            assert!(groups[2].starts_with('4'), "{key}");
            assert!(groups[3].starts_with(['8', '9', 'a', 'b']), "{key}");
            assert!(
                key.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit()),
                "{key}"
            );
        }
    }

    #[test]
    fn retried_statuses_and_the_override_header() {
        for status in [408, 409, 429, 500, 502, 503, 599] {
            assert!(should_retry(status, &HeaderMap::new()), "{status}");
        }
        for status in [400, 401, 403, 404, 422, 302] {
            assert!(!should_retry(status, &HeaderMap::new()), "{status}");
        }
        assert!(should_retry(400, &headers(&[("x-should-retry", "true")])));
        assert!(!should_retry(503, &headers(&[("x-should-retry", "false")])));
        assert!(should_retry(503, &headers(&[("x-should-retry", "maybe")])));
    }

    #[test]
    fn server_delays_are_honoured_up_to_a_minute() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let delay = |pairs: &[(&'static str, &str)]| retry_delay(&headers(pairs), 0, now);
        assert_eq!(delay(&[("retry-after-ms", "0")]), Duration::ZERO);
        assert_eq!(
            delay(&[("retry-after-ms", "1500.5")]),
            Duration::from_micros(1_500_500)
        );
        assert_eq!(
            delay(&[("retry-after-ms", "250"), ("retry-after", "30")]),
            Duration::from_millis(250)
        );
        assert_eq!(delay(&[("retry-after", "0")]), Duration::ZERO);
        assert_eq!(
            delay(&[("retry-after", "2.5")]),
            Duration::from_millis(2500)
        );
        assert_eq!(delay(&[("retry-after", "60")]), Duration::from_secs(60));
        let in_ten = httpdate::fmt_http_date(now + Duration::from_secs(10));
        assert_eq!(delay(&[("retry-after", &in_ten)]), Duration::from_secs(10));
    }

    #[test]
    fn other_delays_fall_back_to_the_backoff() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let past = httpdate::fmt_http_date(now - Duration::from_secs(10));
        let cases: [&[(&'static str, &str)]; 6] = [
            &[],
            &[("retry-after", "61")],
            &[("retry-after", "-1")],
            &[("retry-after", "soon")],
            &[("retry-after", &past)],
            &[("retry-after-ms", "60001")],
        ];
        for pairs in cases {
            let delay = retry_delay(&headers(pairs), 1, now);
            assert!(
                delay > Duration::from_millis(750) && delay <= Duration::from_secs(1),
                "{pairs:?}: {delay:?}"
            );
        }
    }

    #[test]
    fn backoff_doubles_up_to_eight_seconds_with_jitter() {
        for (retry_index, full) in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (9, 8.0)] {
            for _ in 0..50 {
                let seconds = backoff(retry_index).as_secs_f64();
                assert!(
                    seconds > full * 0.75 - 1e-9 && seconds <= full + 1e-9,
                    "{retry_index}: {seconds}"
                );
            }
        }
        assert!(backoff(u32::MAX) <= Duration::from_secs(8));
    }
}
