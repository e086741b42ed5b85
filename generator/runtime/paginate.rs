//! Hand-written pagination runtime of the SDK, copied by the generator into crates whose spec
//! has a paginated list operation: lazy streams of pages and of items, each page sent through
//! the client's one request loop (so retries and timeouts apply to every page).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use reqwest::header::HeaderMap;
use reqwest::Url;

use crate::client::Client;
use crate::error::Error;
use crate::request::PendingRequest;
use crate::response::{FromResponse, Response};

/// How the request for the next page is made from the last page, and where the list starts.
///
/// The generated `_pages` and `_items` methods choose it from the spec; build one yourself,
/// with [`Rule`] and [`Pages::new`], for a list endpoint the SDK does not paginate.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Advance {
    /// The query parameter `param` is set to the cursor [`Rule::next`] reads from the page.
    Cursor {
        /// The cursor parameter.
        param: &'static str,
        /// The cursor of the last request, if it had one.
        last: Option<String>,
    },
    /// The query parameter `param` is the number of items skipped so far.
    Offset {
        /// The offset parameter.
        param: &'static str,
        /// The offset of the last request.
        at: u64,
    },
    /// The query parameter `param` is the page number, one more for each page.
    Page {
        /// The page parameter.
        param: &'static str,
        /// The number of the last page requested.
        at: i64,
    },
    /// The URL of the `Link` header's `rel="next"` entry.
    LinkHeader {
        /// The URL of the last request, when it came from a `Link` header.
        last: Option<String>,
    },
    /// The URL that [`Rule::next`] reads from the page.
    Url {
        /// The URL of the last request, when it came from a page.
        last: Option<String>,
    },
}

impl Advance {
    /// A cursor parameter, whose first value is `start` (a string or an integer), if any.
    pub fn cursor<V: serde::Serialize + ?Sized>(param: &'static str, start: Option<&V>) -> Self {
        Self::Cursor {
            param,
            last: start.and_then(text),
        }
    }

    /// An offset parameter, from `start` (an integer or a string of one; else 0).
    pub fn offset<V: serde::Serialize + ?Sized>(param: &'static str, start: Option<&V>) -> Self {
        let at = start
            .and_then(integer)
            .and_then(|n| u64::try_from(n).ok())
            .unwrap_or(0);
        Self::Offset { param, at }
    }

    /// A page number parameter, from `start`, else from `first`: the first page, which the
    /// first request then asks for explicitly.
    pub fn page<V: serde::Serialize + ?Sized>(
        param: &'static str,
        start: Option<&V>,
        first: i64,
    ) -> Self {
        Self::Page {
            param,
            at: start.and_then(integer).unwrap_or(first),
        }
    }

    /// The `Link` response header.
    pub fn link_header() -> Self {
        Self::LinkHeader { last: None }
    }

    /// A next-page URL in the body, read by [`Rule::next`].
    pub fn url() -> Self {
        Self::Url { last: None }
    }
}

/// What a paginator reads from each page of type `T`: how many items it holds, the next
/// cursor or URL, whether more follow, the total, and the page size asked for.
pub struct Rule<T> {
    advance: Advance,
    count: fn(&T) -> usize,
    next: fn(&T) -> Option<String>,
    has_more: fn(&T) -> Option<bool>,
    total: fn(&T) -> Option<u64>,
    size: Option<u64>,
}

impl<T> Rule<T> {
    /// A rule that advances as `advance` says, `count` giving the number of items of a page.
    /// An empty page ends the list (except one with a next cursor or URL).
    pub fn new(advance: Advance, count: fn(&T) -> usize) -> Self {
        Self {
            advance,
            count,
            next: |_| None,
            has_more: |_| None,
            total: |_| None,
            size: None,
        }
    }

    /// The next cursor (for [`Advance::Cursor`]) or URL (for [`Advance::Url`]) of a page;
    /// none, or an empty one, ends the list.
    pub fn next(mut self, next: fn(&T) -> Option<String>) -> Self {
        self.next = next;
        self
    }

    /// Whether more pages follow a page: `Some(false)` ends the list.
    pub fn has_more(mut self, has_more: fn(&T) -> Option<bool>) -> Self {
        self.has_more = has_more;
        self
    }

    /// The number of items of the whole list: the list ends once that many are seen.
    pub fn total(mut self, total: fn(&T) -> Option<u64>) -> Self {
        self.total = total;
        self
    }

    /// The page size asked for (`value`, else the server's `default`): a page holding fewer
    /// items is the last one, unless [`Rule::has_more`] says otherwise.
    pub fn size<V: serde::Serialize + ?Sized>(
        mut self,
        value: Option<&V>,
        default: Option<u64>,
    ) -> Self {
        self.size = value
            .and_then(integer)
            .and_then(|n| u64::try_from(n).ok())
            .or(default);
        self
    }
}

impl<T> fmt::Debug for Rule<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("advance", &self.advance)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

/// The text of a cursor value: a string as it is, a number as JSON writes it.
fn text<V: serde::Serialize + ?Sized>(value: &V) -> Option<String> {
    match serde_json::to_value(value).ok()? {
        serde_json::Value::String(text) => Some(text),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// An integer parameter's value: a number, or a string of one (an offset or page size the
/// spec types as a string, sent as the same digits).
fn integer<V: serde::Serialize + ?Sized>(value: &V) -> Option<i64> {
    match serde_json::to_value(value).ok()? {
        serde_json::Value::Number(number) => number.as_i64(),
        serde_json::Value::String(text) => text.parse().ok(),
        _ => None,
    }
}

/// A page being sent, with its headers.
type Sent<T> = Pin<Box<dyn Future<Output = Result<Response<T>, Error>> + Send>>;

/// The pages of a list, fetched one at a time as they are asked for: from the generated
/// `<method>_pages` methods. Read them with [`Pages::next`] (no other dependency needed), or
/// as a `futures_core::Stream`. An error ends the pages after it is returned.
#[must_use = "pages are fetched only when asked for"]
pub struct Pages<T> {
    client: Client,
    rule: Rule<T>,
    /// The next request to send; `None` once the list has ended.
    request: Option<PendingRequest<T>>,
    /// The request of the page being sent, kept to make the next one from.
    sent: Option<PendingRequest<T>>,
    sending: Option<Sent<T>>,
    /// Returned after the page that caused it, ending the pages.
    failed: Option<Error>,
    pages: u64,
    max_pages: Option<u64>,
    items: u64,
}

// Only the boxed future is ever pinned; nothing points into a paginator.
impl<T> Unpin for Pages<T> {}

impl<T> fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("rule", &self.rule)
            .field("pages", &self.pages)
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}

impl<T: FromResponse + Send + 'static> Pages<T> {
    /// The pages that start with `first` (the request of the first page) and follow each
    /// other by `rule`; `client` is the one `first` was made with, whose base URL a next-page
    /// URL must be under.
    pub fn new(client: &Client, first: PendingRequest<T>, rule: Rule<T>) -> Self {
        let first = match &rule.advance {
            Advance::Page { param, at } => first.set_query_value(param, at),
            _ => first,
        };
        Self {
            client: client.clone(),
            rule,
            request: Some(first),
            sent: None,
            sending: None,
            failed: None,
            pages: 0,
            max_pages: None,
            items: 0,
        }
    }

    /// Fetches at most `max_pages` pages.
    pub fn max_pages(mut self, max_pages: u64) -> Self {
        self.max_pages = Some(max_pages);
        self
    }

    /// The next page, fetched now; `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| self.poll_page(cx))
            .await
            .map(|page| page.map(Response::into_body))
    }

    /// Every remaining page, or the first error.
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut pages = Vec::new();
        while let Some(page) = self.next().await {
            pages.push(page?);
        }
        Ok(pages)
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Response<T>, Error>>> {
        loop {
            if let Some(sending) = &mut self.sending {
                let Poll::Ready(result) = sending.as_mut().poll(cx) else {
                    return Poll::Pending;
                };
                self.sending = None;
                return Poll::Ready(Some(match result {
                    Ok(page) => {
                        self.pages += 1;
                        self.advance(&page);
                        Ok(page)
                    }
                    Err(error) => {
                        self.request = None;
                        Err(error)
                    }
                }));
            }
            if let Some(error) = self.failed.take() {
                return Poll::Ready(Some(Err(error)));
            }
            if self.max_pages.is_some_and(|max| self.pages >= max) {
                return Poll::Ready(None);
            }
            let Some(request) = self.request.take() else {
                return Poll::Ready(None);
            };
            self.sent = Some(request.clone());
            self.sending = Some(Box::pin(request.send_with_response()));
        }
    }

    /// Makes the request of the page after `page`, or ends the list.
    fn advance(&mut self, page: &Response<T>) {
        let Some(sent) = self.sent.take() else {
            return;
        };
        let body = &page.body;
        let count = u64::try_from((self.rule.count)(body)).unwrap_or(u64::MAX);
        self.items = self.items.saturating_add(count);
        // The items seen: for offsets, the offset reached (the list may start further on).
        let seen = match &self.rule.advance {
            Advance::Offset { at, .. } => at.saturating_add(count),
            _ => self.items,
        };
        if (self.rule.has_more)(body) == Some(false)
            || (self.rule.total)(body).is_some_and(|total| seen >= total)
        {
            return;
        }
        // Without `has_more`, a page shorter than the size asked for is the last.
        let short =
            (self.rule.has_more)(body).is_none() && self.rule.size.is_some_and(|size| count < size);
        match &mut self.rule.advance {
            Advance::Cursor { param, last } => {
                let Some(cursor) = (self.rule.next)(body).filter(|c| !c.is_empty()) else {
                    return;
                };
                if last.as_deref() == Some(cursor.as_str()) {
                    self.failed = Some(Error::Pagination(format!(
                        "the page's next cursor {cursor:?} is the one that requested it; \
                         following it would repeat the page forever"
                    )));
                    return;
                }
                self.request = Some(sent.set_query(param, &cursor));
                *last = Some(cursor);
            }
            Advance::Offset { param, at } => {
                if count == 0 || short {
                    return;
                }
                *at = at.saturating_add(count);
                self.request = Some(sent.set_query_value(param, at));
            }
            Advance::Page { param, at } => {
                if count == 0 || short {
                    return;
                }
                *at = at.saturating_add(1);
                self.request = Some(sent.set_query_value(param, at));
            }
            Advance::LinkHeader { last } => {
                let Some(url) = next_link(&page.headers) else {
                    return;
                };
                match follow(&self.client, sent, &url, last) {
                    Ok(request) => self.request = Some(request),
                    Err(error) => self.failed = Some(error),
                }
            }
            Advance::Url { last } => {
                let Some(url) = (self.rule.next)(body).filter(|u| !u.is_empty()) else {
                    return;
                };
                match follow(&self.client, sent, &url, last) {
                    Ok(request) => self.request = Some(request),
                    Err(error) => self.failed = Some(error),
                }
            }
        }
    }
}

impl<T: FromResponse + Send + 'static> futures_core::Stream for Pages<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut()
            .poll_page(cx)
            .map(|page| page.map(|page| page.map(Response::into_body)))
    }
}

/// The request for the next-page URL `url` (absolute, or relative to the page's), made
/// from the last request `sent`: refused when it is on another origin than the client's
/// base URL (the credentials must not leave the API) or outside the base URL's path, or
/// when it repeats the URL of the last page.
fn follow<T>(
    client: &Client,
    sent: PendingRequest<T>,
    url: &str,
    last: &mut Option<String>,
) -> Result<PendingRequest<T>, Error> {
    let refused = |why: String| Error::Pagination(format!("the next page's URL {url:?} {why}"));
    let base = Url::parse(client.base_url())
        .map_err(|error| refused(format!("cannot be resolved: {error}")))?;
    // A relative URL is relative to the page's own (its query is not needed for that).
    let page = Url::parse(&format!("{}{}", client.base_url(), sent.path()))
        .map_err(|error| refused(format!("cannot be resolved: {error}")))?;
    let next = page
        .join(url)
        .map_err(|error| refused(format!("is no valid URL: {error}")))?;
    if next.origin() != base.origin() {
        return Err(refused(format!(
            "is on another origin than the client's base URL {}; it is not followed, so that \
             the credentials stay with the API",
            client.base_url()
        )));
    }
    let path = next
        .path()
        .strip_prefix(base.path().trim_end_matches('/'))
        .filter(|path| path.starts_with('/'))
        .ok_or_else(|| {
            refused(format!(
                "is outside the client's base URL {}",
                client.base_url()
            ))
        })?
        .to_owned();
    if last.as_deref() == Some(next.as_str()) {
        return Err(refused(
            "is the one of the page itself; following it would repeat the page forever".to_owned(),
        ));
    }
    let query = next.query_pairs().into_owned().collect();
    *last = Some(next.into());
    Ok(sent.with_path_and_query(path, query))
}

/// The target of the `rel="next"` entry of the `Link` headers (RFC 8288).
fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .find_map(|link| {
            let (target, params) = link.trim().strip_prefix('<')?.split_once('>')?;
            params
                .split(';')
                .filter_map(|param| param.trim().split_once('='))
                .any(|(name, value)| {
                    name.trim().eq_ignore_ascii_case("rel")
                        && value
                            .trim()
                            .trim_matches('"')
                            .split_ascii_whitespace()
                            .any(|rel| rel.eq_ignore_ascii_case("next"))
                })
                .then(|| target.to_owned())
        })
}

/// The items of a list, across its pages, fetched a page at a time as they are asked for:
/// from the generated `<method>_items` methods. Read them with [`Items::next`], or as a
/// `futures_core::Stream`. An error ends the items after it is returned.
#[must_use = "items are fetched only when asked for"]
pub struct Items<T, I> {
    pages: Pages<T>,
    items_of: fn(T) -> Vec<I>,
    buffer: std::vec::IntoIter<I>,
    given: u64,
    max_items: Option<u64>,
}

// Only the boxed future of the pages is ever pinned; nothing points into a paginator.
impl<T, I> Unpin for Items<T, I> {}

impl<T, I> fmt::Debug for Items<T, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("given", &self.given)
            .field("max_items", &self.max_items)
            .finish_non_exhaustive()
    }
}

impl<T: FromResponse + Send + 'static, I> Items<T, I> {
    /// The items of `pages`, taken out of each page by `items_of`.
    pub fn new(pages: Pages<T>, items_of: fn(T) -> Vec<I>) -> Self {
        Self {
            pages,
            items_of,
            buffer: Vec::new().into_iter(),
            given: 0,
            max_items: None,
        }
    }

    /// Gives at most `max_items` items (and fetches no page beyond the one that holds the
    /// last of them).
    pub fn max_items(mut self, max_items: u64) -> Self {
        self.max_items = Some(max_items);
        self
    }

    /// Fetches at most `max_pages` pages.
    pub fn max_pages(mut self, max_pages: u64) -> Self {
        self.pages = self.pages.max_pages(max_pages);
        self
    }

    /// The next item, fetching the next page when the last one is used up; `None` after
    /// the last item (or after an error).
    pub async fn next(&mut self) -> Option<Result<I, Error>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// Every remaining item, or the first error.
    pub async fn collect_all(mut self) -> Result<Vec<I>, Error> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<I, Error>>> {
        loop {
            if self.max_items.is_some_and(|max| self.given >= max) {
                return Poll::Ready(None);
            }
            if let Some(item) = self.buffer.next() {
                self.given += 1;
                return Poll::Ready(Some(Ok(item)));
            }
            match self.pages.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(page))) => {
                    self.buffer = (self.items_of)(page.body).into_iter();
                }
            }
        }
    }
}

impl<T: FromResponse + Send + 'static, I> futures_core::Stream for Items<T, I> {
    type Item = Result<I, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(value: &str) -> Option<String> {
        let mut headers = HeaderMap::new();
        headers.insert(
            reqwest::header::LINK,
            reqwest::header::HeaderValue::from_str(value).ok()?,
        );
        next_link(&headers)
    }

    #[test]
    fn the_next_link_is_found_among_others() {
        assert_eq!(
            link(r#"<https://a.test/x?page=1>; rel="prev", <https://a.test/x?page=3>; rel="next""#),
            Some("https://a.test/x?page=3".to_owned())
        );
        assert_eq!(
            link("<https://a.test/x?page=3>; rel=next"),
            Some("https://a.test/x?page=3".to_owned())
        );
        assert_eq!(link(r#"<https://a.test/x?page=1>; rel="prev""#), None);
        assert_eq!(
            link(r#"</x?page=2>; title="n"; rel="last next""#),
            Some("/x?page=2".to_owned())
        );
    }

    #[test]
    fn parameter_values_become_cursors_and_numbers() {
        assert_eq!(text("abc"), Some("abc".to_owned()));
        assert_eq!(text(&7_i32), Some("7".to_owned()));
        assert_eq!(integer(&7_u32), Some(7));
        assert_eq!(
            Advance::page::<i64>("page", None, 1),
            Advance::Page {
                param: "page",
                at: 1
            }
        );
    }
}
