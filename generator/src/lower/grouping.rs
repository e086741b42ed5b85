//! Where an operation without a tag goes, and what its method is called, from its path.
//!
//! - Leading segments that only version or mark the API (`v1`, `v2beta1`, `2024-01-01`,
//!   `api`, `rest`) are skipped while a literal segment follows them: `/v1/customers` is in
//!   `customers`.
//! - The first literal segment left names the resource. A later literal segment that some
//!   path of the document continues with a parameter (a collection: `sources` of
//!   `/customers/{customer}/sources/{id}`) starts a sub-resource, named by it and the literal
//!   segments since the previous resource: `client.customers().sources()`.
//! - The rest of the path (its tail) and the HTTP method name the method, unless the
//!   operationId is written by hand (see [`is_mechanical`]): then it keeps its name, without
//!   the leading resource names the call already shows.
//!
//! | the path after the resource | `GET` | `POST` | `PUT`, `PATCH` | `DELETE` |
//! |---|---|---|---|---|
//! | nothing, the resource a collection | `list` | `create` | `update` | `delete` |
//! | nothing, not a collection | `retrieve` | `create` | `update` | `delete` |
//! | `{id}` | `retrieve` | `update` | `update` | `delete` |
//! | words (`{id}/cancel`, `search`) | `cancel`; `retrieve_cancel` beside other methods | `cancel`; `update_cancel` beside a `GET` | as `POST` | `delete_cancel` |
//! | words, then `{id}` (`lines/{id}`) | `retrieve_lines` | `update_lines` | `update_lines` | `delete_lines` |
//!
//! Another HTTP method is its own word (`head`, `head_cancel`). What is a collection depends
//! on the other paths of the document: a path added under an action (`/{id}/cancel/{x}`) makes
//! it a sub-resource, which renames the action's method.

use std::collections::HashSet;

use openapiv3::{OpenAPI, PathItem};

use crate::naming;

/// One segment of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Segment<'p> {
    /// Text, `customers`.
    Literal(&'p str),
    /// A parameter, `{customer}`, by its name.
    Param(&'p str),
}

/// The segments of `path`, without a `#fragment` some specs add to tell operations apart.
fn segments(path: &str) -> Vec<Segment<'_>> {
    let path = path.split('#').next().unwrap_or(path);
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(
            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => Segment::Param(name),
                None => Segment::Literal(s),
            },
        )
        .collect()
}

/// A segment that versions or marks the API rather than naming a resource: `api`, `rest`,
/// `v1`, `v2beta1`, `V3`, a date `2024-01-01`.
fn is_prefix(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    if lower == "api" || lower == "rest" {
        return true;
    }
    if let Some(version) = lower.strip_prefix('v') {
        let digits = version.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &version[digits..];
        let qualifier = rest.trim_end_matches(|c: char| c.is_ascii_digit());
        return digits > 0 && ["", "alpha", "beta"].contains(&qualifier);
    }
    let parts: Vec<&str> = lower.split('-').collect();
    parts.len() == 3
        && parts
            .iter()
            .zip([4, 2, 2])
            .all(|(part, len)| part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
}

/// The segments after the leading prefixes ([`is_prefix`]) that a literal segment follows.
fn meaningful<'s, 'p>(segments: &'s [Segment<'p>]) -> &'s [Segment<'p>] {
    let mut start = 0;
    while let Some(Segment::Literal(text)) = segments.get(start) {
        let named_later = segments[start + 1..]
            .iter()
            .any(|s| matches!(s, Segment::Literal(_)));
        if !is_prefix(text) || !named_later {
            break;
        }
        start += 1;
    }
    &segments[start..]
}

/// The key of a path prefix: literal segments as written, parameters as `{}`.
fn key(segments: &[Segment<'_>]) -> String {
    let parts: Vec<&str> = segments
        .iter()
        .map(|s| match s {
            Segment::Literal(text) => *text,
            Segment::Param(_) => "{}",
        })
        .collect();
    parts.join("/")
}

/// The collections of a document: the prefixes of its paths (after [`meaningful`]) that end
/// in a literal segment some path continues with a parameter.
#[derive(Debug, Default)]
pub(super) struct Collections(HashSet<String>);

impl Collections {
    /// The collections of the paths of `api`.
    pub(super) fn new(api: &OpenAPI) -> Self {
        let mut found = HashSet::new();
        for path in api.paths.paths.keys() {
            let all = segments(path);
            let segments = meaningful(&all);
            for (i, pair) in segments.windows(2).enumerate() {
                if let [Segment::Literal(_), Segment::Param(_)] = pair {
                    found.insert(key(&segments[..=i]));
                }
            }
        }
        Self(found)
    }

    /// Whether `prefix` is a collection.
    fn contains(&self, prefix: &[Segment<'_>]) -> bool {
        self.0.contains(&key(prefix))
    }
}

/// The resource (its name, then the names of the sub-resources it is nested in, outermost
/// first) and the method name of an operation without a tag, by the rules of this module's
/// documentation. `item` is the operation's path item.
pub(super) fn place(
    path: &str,
    method: &str,
    operation_id: Option<&str>,
    item: &PathItem,
    collections: &Collections,
) -> (Vec<String>, String) {
    let all = segments(path);
    let (chain, tail) = split(meaningful(&all), collections);
    let name = match operation_id {
        Some(id) if !is_mechanical(id, method, &all) => without_resources(&chain, id),
        _ => {
            let methods: Vec<&str> = item.iter().map(|(m, _)| m).collect();
            shape_name(method, tail.tail, tail.collection, &methods)
        }
    };
    (chain, name)
}

/// What follows the last resource of a path.
#[derive(Debug, Clone, Copy)]
struct Tail<'s, 'p> {
    /// The segments after it.
    tail: &'s [Segment<'p>],
    /// Whether the path up to it is a collection.
    collection: bool,
}

/// The resource names of `segments` and the tail left for the method.
fn split<'s, 'p>(
    segments: &'s [Segment<'p>],
    collections: &Collections,
) -> (Vec<String>, Tail<'s, 'p>) {
    let Some(first) = segments
        .iter()
        .position(|s| matches!(s, Segment::Literal(_)))
    else {
        let tail = Tail {
            tail: segments,
            collection: false,
        };
        return (vec!["default".to_owned()], tail);
    };
    let mut chain = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    let mut end = first;
    for (i, segment) in segments.iter().enumerate().skip(first) {
        let Segment::Literal(text) = segment else {
            continue;
        };
        words.push(text);
        if i == first || collections.contains(&segments[..=i]) {
            chain.push(words.join("_"));
            words.clear();
            end = i;
        }
    }
    let tail = Tail {
        tail: &segments[end + 1..],
        collection: collections.contains(&segments[..=end]),
    };
    (chain, tail)
}

/// The method name of `method` on a resource's `tail`, which is a `collection` or not; the
/// path has the operations `methods` (lowercase).
fn shape_name(method: &str, tail: &[Segment<'_>], collection: bool, methods: &[&str]) -> String {
    let method = method.to_ascii_lowercase();
    let words: Vec<String> = tail
        .iter()
        .filter_map(|s| match s {
            Segment::Literal(text) => Some(naming::field_name(text)),
            Segment::Param(_) => None,
        })
        .collect();
    let words = words.join("_");
    let item = matches!(tail.last(), Some(Segment::Param(_)));
    let verb = match (method.as_str(), words.is_empty(), item) {
        ("get", true, false) if collection => "list",
        ("get", true, _) => "retrieve",
        ("post", true, false) => "create",
        ("post" | "put" | "patch", true, _) => "update",
        ("delete", _, _) => "delete",
        ("get", false, true) => "retrieve",
        ("post" | "put" | "patch", false, true) => "update",
        ("get", false, false) if methods.len() > 1 => "retrieve",
        ("post" | "put" | "patch", false, false) if methods.contains(&"get") => "update",
        ("get" | "post" | "put" | "patch", false, false) => return words,
        (other, _, _) => other,
    };
    if words.is_empty() {
        verb.to_owned()
    } else {
        format!("{verb}_{words}")
    }
}

/// Whether an operationId only spells out the HTTP method and the path, as generated
/// documents' are (`PostCustomersCustomerSources`, `get_v1_things_by_id`): its words are the
/// method's, then those of the path's segments in order, where a parameter (written with or
/// without a leading `by`) and a prefix ([`is_prefix`]) may be left out.
fn is_mechanical(id: &str, method: &str, segments: &[Segment<'_>]) -> bool {
    let id = naming::field_name(id);
    let id = id.trim_end_matches('_');
    let mut words: Vec<&str> = id.split('_').filter(|w| !w.is_empty()).collect();
    if words.first() != Some(&method.to_ascii_lowercase().as_str()) {
        return false;
    }
    words.remove(0);
    spells(&words, segments)
}

/// Whether `words` spell `segments` as [`is_mechanical`] says: which prefixes of `words`
/// the segments so far can spell, one segment after the other (in time linear in both).
fn spells(words: &[&str], segments: &[Segment<'_>]) -> bool {
    let mut spelled = vec![false; words.len() + 1];
    spelled[0] = true;
    for segment in segments {
        let (text, param) = match segment {
            Segment::Literal(text) => (*text, false),
            Segment::Param(name) => (*name, true),
        };
        let own = naming::field_name(text);
        let own: Vec<&str> = own.trim_end_matches('_').split('_').collect();
        let mut next = if param || is_prefix(text) {
            spelled.clone()
        } else {
            vec![false; spelled.len()]
        };
        for start in (0..spelled.len()).filter(|&j| spelled[j]) {
            let by = (param && words.get(start) == Some(&"by")).then_some(start + 1);
            for from in std::iter::once(start).chain(by) {
                let end = from + own.len();
                if words.get(from..end) == Some(&own[..]) {
                    next[end] = true;
                }
            }
        }
        spelled = next;
    }
    spelled[words.len()]
}

/// A hand-written method name without the leading resource names the call already shows,
/// each in the plural or the singular: `task_output_download` on `tasks.outputs` is
/// `download`. Names that would be left empty keep the prefix.
pub(super) fn without_resources(chain: &[String], method: &str) -> String {
    let mut method = naming::field_name(method);
    for resource in chain {
        let resource = naming::field_name(resource);
        let singular = resource.strip_suffix('s').unwrap_or(&resource);
        let stripped = [resource.as_str(), singular].iter().find_map(|prefix| {
            method
                .strip_prefix(prefix)?
                .strip_prefix('_')
                .filter(|rest| !rest.is_empty())
                .map(naming::field_name)
        });
        match stripped {
            Some(rest) => method = rest,
            None => break,
        }
    }
    method
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_versions_dates_and_api_markers() {
        for prefix in [
            "v1",
            "V2",
            "v1beta",
            "v2alpha3",
            "api",
            "REST",
            "2024-01-01",
        ] {
            assert!(is_prefix(prefix), "{prefix}");
        }
        for word in [
            "v",
            "vendors",
            "v1x",
            "apis",
            "2024",
            "2024-1-01",
            "customers",
        ] {
            assert!(!is_prefix(word), "{word}");
        }
    }

    #[test]
    fn prefixes_are_skipped_while_a_literal_segment_follows() {
        let table = [
            ("/v1/customers", "customers"),
            ("/api/v2/customers/{id}", "customers/{}"),
            ("/v1", "v1"),
            ("/v1/{id}", "v1/{}"),
            ("/customers/v1", "customers/v1"),
        ];
        for (path, expected) in table {
            assert_eq!(key(meaningful(&segments(path))), expected, "{path}");
        }
    }

    #[test]
    fn mechanical_ids_spell_the_method_and_the_path() {
        let table = [
            ("PostCustomers", "post", "/v1/customers", true),
            (
                "GetCustomersCustomer",
                "get",
                "/v1/customers/{customer}",
                true,
            ),
            (
                "PostCustomersCustomerSources",
                "post",
                "/v1/customers/{customer}/sources",
                true,
            ),
            ("get_v1_things_by_id", "get", "/v1/things/{id}", true),
            ("getThings", "get", "/v1/things/{id}", true),
            (
                "DeleteInvoiceItemsInvoiceitem",
                "delete",
                "/v1/invoiceitems/{invoiceitem}",
                false,
            ),
            ("chat-completions", "post", "/chat/completions", false),
            ("task_get", "get", "/v1/task/{Task}", false),
            ("get_thing_or_things", "get", "/v1/things", false),
            ("PostCustomers", "get", "/v1/customers", false),
            ("GetCustomersSearch", "get", "/v1/customers", false),
        ];
        for (id, method, path, expected) in table {
            assert_eq!(
                is_mechanical(id, method, &segments(path)),
                expected,
                "{method} {path} {id}"
            );
        }
    }

    #[test]
    fn hand_written_names_drop_the_resources_they_are_called_on() {
        let chain = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        let table = [
            (
                chain(&["tasks", "outputs"]),
                "task_output_download",
                "download",
            ),
            (chain(&["tasks", "outputs"]), "task_outputs_get", "get"),
            (chain(&["tasks"]), "task_events_get", "events_get"),
            (chain(&["worker", "task"]), "worker_task_append", "append"),
            (chain(&["whoami"]), "whoami", "whoami"),
            (
                chain(&["instance", "disk"]),
                "instance_snapshot",
                "snapshot",
            ),
        ];
        for (chain, method, expected) in table {
            assert_eq!(
                without_resources(&chain, method),
                expected,
                "{chain:?} {method}"
            );
        }
    }
}
