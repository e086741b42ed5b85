//! YAML text to a JSON tree in one pass: `serde_yaml`'s deserializer drives visitors that build
//! `serde_json::Value`s, with merge keys (`<<`) applied there. Reading a `serde_yaml::Value`,
//! merging it and copying it into a JSON tree held the document three times over; this reading
//! gives the same tree and the same diagnostics without the two trees in between. A large
//! document is read in two halves on two threads where that gives the same tree
//! ([`read_halves`]).
//!
//! What the three steps did, and this reading keeps:
//! - keys become strings (YAML reads `200:` as a number, `true:` as a boolean, `~:` as null),
//!   but are compared as YAML compares them: `200` and `"200"` are two keys, so not a
//!   duplicate, and the later one's value is kept under the one JSON key;
//! - tags are dropped, integers beyond 64 bits become the nearest float;
//! - merge keys behave as `serde_yaml::Value::apply_merge` applies them: the mapping's own
//!   keys win, a sequence of mappings merges in order, the merged entries come after the
//!   mapping's own, the `<<` entry's place is taken by the last one (serde_yaml removes it
//!   with `swap_remove`), and a mapping merged into another is not merged itself (its own
//!   `<<` is copied across as a key);
//! - a syntax error (a duplicate key among them) stops the reading at once, with its position;
//!   a merge that cannot be applied, then a value JSON has no form for, is reported only once
//!   the whole text has parsed: the first that `apply_merge`, then the walk from YAML to JSON,
//!   would have met.

use std::marker::PhantomData;

use indexmap::IndexMap;
use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use serde_yaml::Value as Yaml;

use crate::diagnostics::{Diagnostic, Pointer};

/// Parses YAML `text` into a JSON tree, or says what stops it.
pub(super) fn read(text: &str) -> Result<Value, Diagnostic> {
    match read_halves(text) {
        Some(value) => Ok(value),
        None => read_whole(text),
    }
}

/// Below this size a document is read by one thread: a second one would not pay for itself.
const HALVES_FROM_BYTES: usize = 256 << 10;

/// A large document whose root is a block mapping, read as two documents on two threads: the
/// root's entries before the top-level key nearest the middle of the text, and the rest.
///
/// This gives the tree one reading would, or `None` and the text is read whole: either half
/// failing, or holding any problem, or the halves sharing a key falls back, so the whole
/// reading says what is wrong with the diagnostics it always gave. What one reading shares
/// across the cut makes a half fail: an alias to an anchor of the other half is unknown,
/// and a scalar or flow collection open across the cut does not end. What would read
/// differently in halves is never cut: a root with a merge key, a directive or a second
/// document.
fn read_halves(text: &str) -> Option<Value> {
    if text.len() < HALVES_FROM_BYTES {
        return None;
    }
    let cut = cut(text)?;
    let (first, second) = text.split_at(cut);
    let (first, second) = std::thread::scope(|scope| {
        let second = std::thread::Builder::new()
            .stack_size(super::READER_STACK_BYTES)
            .spawn_scoped(scope, || serde_yaml::from_str::<Node>(second))
            .ok()?;
        let first = serde_yaml::from_str::<Node>(first);
        // A panic in the reader is a bug: pass it on as it is.
        let second = second
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Some((first, second))
    })?;
    let (Ok(first), Ok(second)) = (first, second) else {
        return None;
    };
    let (
        Node {
            value: Value::Object(mut object),
            problems: None,
        },
        Node {
            value: Value::Object(rest),
            problems: None,
        },
    ) = (first, second)
    else {
        return None;
    };
    for (key, value) in rest {
        if object.insert(key, value).is_some() {
            return None;
        }
    }
    Some(Value::Object(object))
}

/// Where to cut `text` in two for [`read_halves`]: the start of the top-level key line
/// nearest its middle, after the first line. `None` when the root does not look like a block
/// mapping read the same in halves.
fn cut(text: &str) -> Option<usize> {
    let middle = text.len() / 2;
    let mut best: Option<usize> = None;
    let mut first_content = true;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let line = line.strip_prefix('\u{feff}').unwrap_or(line);
        let Some(&lead) = line.as_bytes().first() else {
            continue;
        };
        // Indented lines belong to an entry; blank lines and comments to none.
        if matches!(lead, b' ' | b'\t' | b'\n' | b'\r' | b'#') {
            continue;
        }
        if first_content && line.trim_end() == "---" {
            continue;
        }
        // A directive, a document marker after the first, a merge into the root: not cut.
        if lead == b'%'
            || line.starts_with("---")
            || line.starts_with("...")
            || line.starts_with("<<")
        {
            return None;
        }
        let is_key = !matches!(lead, b'-' | b'?' | b':') && key_line(line);
        if first_content {
            if !is_key {
                return None;
            }
            first_content = false;
            continue;
        }
        if is_key && best.is_none_or(|b| middle.abs_diff(start) < middle.abs_diff(b)) {
            best = Some(start);
        }
    }
    best
}

/// Whether `line`, which starts at column 0, is a plain `key:` entry.
fn key_line(line: &str) -> bool {
    let line = line.trim_end();
    line.find(": ")
        .map(|at| &line[..at])
        .or_else(|| line.strip_suffix(':'))
        .is_some_and(|key| {
            !key.is_empty() && !key.contains(['"', '\'', '&', '*', '!', '#', '[', '{'])
        })
}

/// [`read`] in one pass over the whole text.
fn read_whole(text: &str) -> Result<Value, Diagnostic> {
    let node = serde_yaml::from_str::<Node>(text).map_err(|e| {
        let diagnostic = Diagnostic::error(
            "#",
            format!(
                "invalid yaml: {}",
                super::explain(&super::strip_position(&e.to_string()))
            ),
        );
        match e.location() {
            Some(at) => diagnostic.at(at.line(), at.column()),
            None => diagnostic,
        }
    })?;
    let Some(problems) = node.problems else {
        return Ok(node.value);
    };
    if let Some(merge) = problems.merge {
        return Err(Diagnostic::error(
            "#",
            format!("invalid yaml merge key: {}", merge.message()),
        ));
    }
    match problems.convert {
        Some((path, message)) => {
            let at = path.iter().rev().fold(Pointer::root(), |at, s| at.join(s));
            Err(Diagnostic::error(at.to_string(), message))
        }
        None => Ok(node.value),
    }
}

/// A YAML node read as JSON, with what is wrong inside it.
struct Node {
    value: Value,
    problems: Option<Box<Problems>>,
}

/// What the old reading found only after parsing. A node carries its problems up to its
/// parent, so that a node a merge drops (a key the mapping has of its own) takes its problems
/// with it, as the old reading never saw it; almost every node has none, hence the box.
#[derive(Default)]
struct Problems {
    /// The merge that cannot be applied which `apply_merge` meets first: it goes from the
    /// root down, a node before its children, the last child first.
    merge: Option<MergeError>,
    /// The first value, in the order of the document after merging, that has no JSON form: the
    /// path to it from this node (innermost segment first) and what is wrong with it.
    convert: Option<(Vec<String>, String)>,
}

impl Node {
    fn new(value: Value) -> Self {
        Node {
            value,
            problems: None,
        }
    }

    /// A float: JSON has no infinities and no NaN. (The value stands in for the number until
    /// the problem is reported.)
    fn float(f: f64) -> Self {
        match serde_json::Number::from_f64(f) {
            Some(n) => Node::new(Value::Number(n)),
            None => Node {
                value: Value::Null,
                problems: Some(Box::new(Problems {
                    merge: None,
                    convert: Some((
                        Vec::new(),
                        format!(
                            "the number {} has no json form",
                            serde_yaml::Number::from(f)
                        ),
                    )),
                })),
            },
        }
    }
}

/// The problems of a node, gathered from its children in their final order.
#[derive(Default)]
struct Gathered(Option<Box<Problems>>);

impl Gathered {
    /// The next child, reached by `segment`: its merge problem replaces any before it (the
    /// last child is walked first), its conversion problem counts only if it is the first.
    fn child(&mut self, segment: impl FnOnce() -> String, problems: Option<Box<Problems>>) {
        let Some(child) = problems else { return };
        let own = self.0.get_or_insert_with(Box::default);
        if child.merge.is_some() {
            own.merge = child.merge;
        }
        if own.convert.is_none() {
            if let Some((mut path, message)) = child.convert {
                path.push(segment());
                own.convert = Some((path, message));
            }
        }
    }

    /// A key with no JSON form: the problem is the mapping's, before its entry's value.
    fn key(&mut self) {
        let own = self.0.get_or_insert_with(Box::default);
        if own.convert.is_none() {
            own.convert = Some((
                Vec::new(),
                "a mapping key must be a string, a number or a boolean".to_owned(),
            ));
        }
    }

    /// The node's own merge fails: `apply_merge` stops there before reaching any child.
    fn merge(&mut self, error: MergeError) {
        self.0.get_or_insert_with(Box::default).merge = Some(error);
    }
}

/// A merge key's value that cannot be merged, as `serde_yaml::Value::apply_merge` refuses it.
/// (A tagged value is the fourth case there; tags are dropped before merging, as they were.)
#[derive(Clone, Copy, Debug, PartialEq)]
enum MergeError {
    /// The value is a scalar.
    Scalar,
    /// An element of the sequence is a scalar.
    ScalarElement,
    /// An element of the sequence is a sequence.
    SequenceElement,
}

impl MergeError {
    /// serde_yaml's words for it, so that the diagnostic reads as it always has: asked of
    /// `apply_merge` on a one-entry mapping with the same fault.
    fn message(self) -> String {
        let source = match self {
            MergeError::Scalar => Yaml::Null,
            MergeError::ScalarElement => Yaml::Sequence(vec![Yaml::Null]),
            MergeError::SequenceElement => Yaml::Sequence(vec![Yaml::Sequence(Vec::new())]),
        };
        let mut mapping = serde_yaml::Mapping::new();
        mapping.insert(merge_key(), source);
        Yaml::Mapping(mapping)
            .apply_merge()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }
}

fn merge_key() -> Yaml {
    Yaml::String("<<".to_owned())
}

fn is_merge_key(key: &Yaml) -> bool {
    matches!(key, Yaml::String(s) if s == "<<")
}

/// The entries of a mapping with YAML's keys, in order, as `serde_yaml::Mapping` holds them.
type Keyed = IndexMap<Yaml, (Value, Option<Box<Problems>>)>;

/// The entries of a mapping being read. Nearly every mapping of a spec has only string keys
/// and no merge key: its entries go straight into the JSON object. The first key of another
/// kind, or a merge key, moves them into `keyed`, where they are merged and given their JSON
/// keys when the mapping ends.
#[derive(Default)]
struct Entries {
    object: Map<String, Value>,
    /// The problems of the entries in `object`, by key, in order.
    problems: Vec<(String, Box<Problems>)>,
    /// Every entry, once a key has come that `object` cannot take as it is.
    keyed: Option<Keyed>,
    /// The value of the merge key, to be merged when the mapping ends.
    merge: Option<Source>,
}

impl Entries {
    /// Reads the entries of a mapping; `<<` is a merge key unless `merges` is false (the
    /// mapping is itself merged into another, which `apply_merge` never merges on its own).
    fn read<'de, A: MapAccess<'de>>(mut map: A, merges: bool) -> Result<Self, A::Error> {
        let mut entries = Entries::default();
        while let Some(YamlKey(key)) = map.next_key()? {
            match key {
                Yaml::String(key) if entries.keyed.is_none() && !(merges && key == "<<") => {
                    match entries.object.entry(key) {
                        serde_json::map::Entry::Occupied(slot) => {
                            return Err(duplicate(&Yaml::String(slot.key().clone())));
                        }
                        serde_json::map::Entry::Vacant(slot) => {
                            let node: Node = map.next_value()?;
                            if let Some(problems) = node.problems {
                                entries.problems.push((slot.key().clone(), problems));
                            }
                            slot.insert(node.value);
                        }
                    }
                }
                key => {
                    if entries.keyed().contains_key(&key) {
                        return Err(duplicate(&key));
                    }
                    let entry = if merges && is_merge_key(&key) {
                        entries.merge = Some(map.next_value()?);
                        // A stand-in that keeps the merge key's place, for its removal.
                        (Value::Null, None)
                    } else {
                        let node: Node = map.next_value()?;
                        (node.value, node.problems)
                    };
                    entries.keyed().insert(key, entry);
                }
            }
        }
        Ok(entries)
    }

    /// The entries with YAML's keys, moved there on first use.
    fn keyed(&mut self) -> &mut Keyed {
        let (object, problems) = (&mut self.object, &mut self.problems);
        self.keyed.get_or_insert_with(|| {
            let mut keyed: Keyed = std::mem::take(object)
                .into_iter()
                .map(|(key, value)| (Yaml::String(key), (value, None)))
                .collect();
            for (key, found) in problems.drain(..) {
                if let Some((_, slot)) = keyed.get_mut(&Yaml::String(key)) {
                    *slot = Some(found);
                }
            }
            keyed
        })
    }

    /// The entries of a mapping that is merged into another, unmerged.
    fn into_keyed(mut self) -> Keyed {
        self.keyed();
        self.keyed.unwrap_or_default()
    }

    /// The mapping as a JSON object, its merge key applied.
    fn finish(self) -> Node {
        let mut gathered = Gathered::default();
        let Some(mut keyed) = self.keyed else {
            for (key, problems) in self.problems {
                gathered.child(|| key, Some(problems));
            }
            return Node {
                value: Value::Object(self.object),
                problems: gathered.0,
            };
        };
        let mut failed = None;
        if let Some(source) = self.merge {
            keyed.swap_remove(&merge_key());
            failed = source.merge_into(&mut keyed).err();
        }
        let mut object = Map::with_capacity(keyed.len());
        for (key, (value, problems)) in keyed {
            let key = match key {
                Yaml::String(s) => s,
                Yaml::Number(n) => n.to_string(),
                Yaml::Bool(b) => b.to_string(),
                Yaml::Null => "null".to_owned(),
                Yaml::Sequence(_) | Yaml::Mapping(_) | Yaml::Tagged(_) => {
                    gathered.key();
                    gathered.child(String::new, problems);
                    continue;
                }
            };
            gathered.child(|| key.clone(), problems);
            // A key that reads as one already there (`200` after `"200"`) replaces its value
            // and keeps its place, as inserting into the JSON object in YAML's order did.
            object.insert(key, value);
        }
        if let Some(error) = failed {
            gathered.merge(error);
        }
        Node {
            value: Value::Object(object),
            problems: gathered.0,
        }
    }
}

/// The value of a merge key.
enum Source {
    Mapping(Keyed),
    Sequence(Vec<Element>),
    Scalar,
}

/// An element of a merge key's sequence. Anything but a mapping is only read through (its
/// syntax still counts), as the merge fails on it anyway.
enum Element {
    Mapping(Keyed),
    Sequence,
    Scalar,
}

impl Source {
    /// Adds the merged entries to `into` after its own, which win.
    fn merge_into(self, into: &mut Keyed) -> Result<(), MergeError> {
        let absorb = |into: &mut Keyed, entries: Keyed| {
            for (key, entry) in entries {
                into.entry(key).or_insert(entry);
            }
        };
        match self {
            Source::Mapping(entries) => absorb(into, entries),
            Source::Sequence(elements) => {
                for element in elements {
                    match element {
                        Element::Mapping(entries) => absorb(into, entries),
                        Element::Sequence => return Err(MergeError::SequenceElement),
                        Element::Scalar => return Err(MergeError::ScalarElement),
                    }
                }
            }
            Source::Scalar => return Err(MergeError::Scalar),
        }
        Ok(())
    }
}

/// A mapping key read as YAML, so that keys compare as YAML compares them. A key that is a
/// sequence or a mapping is read whole, so that a repeated one is found a duplicate as before;
/// it has no JSON form, which is reported once the document has parsed.
struct YamlKey(Yaml);

/// The duplicate-key error, in the words the old reading used.
fn duplicate<E: de::Error>(key: &Yaml) -> E {
    let which = match key {
        Yaml::Null => "with null key".to_owned(),
        Yaml::Bool(b) => format!("with key `{b}`"),
        Yaml::Number(n) => format!("with key {n}"),
        Yaml::String(s) => format!("with key {s:?}"),
        _ => "in YAML map".to_owned(),
    };
    E::custom(format!("duplicate entry {which}"))
}

/// What the events of one node are read into: a JSON node, a merge key's value, or an element
/// of one. One visitor reads them all, so scalars are read the same way everywhere.
trait Shape<'de>: Deserialize<'de> {
    fn scalar(node: Node) -> Self;
    fn sequence<A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error>;
    fn mapping<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

impl<'de> Shape<'de> for Node {
    fn scalar(node: Node) -> Self {
        node
    }

    fn sequence<A: SeqAccess<'de>>(mut seq: A) -> Result<Self, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        let mut gathered = Gathered::default();
        while let Some(node) = seq.next_element::<Node>()? {
            let index = items.len();
            gathered.child(|| index.to_string(), node.problems);
            items.push(node.value);
        }
        Ok(Node {
            value: Value::Array(items),
            problems: gathered.0,
        })
    }

    fn mapping<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        Entries::read(map, true).map(Entries::finish)
    }
}

impl<'de> Shape<'de> for Source {
    fn scalar(_: Node) -> Self {
        Source::Scalar
    }

    fn sequence<A: SeqAccess<'de>>(mut seq: A) -> Result<Self, A::Error> {
        let mut elements = Vec::new();
        while let Some(element) = seq.next_element()? {
            elements.push(element);
        }
        Ok(Source::Sequence(elements))
    }

    fn mapping<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        Entries::read(map, false).map(|entries| Source::Mapping(entries.into_keyed()))
    }
}

impl<'de> Shape<'de> for Element {
    fn scalar(_: Node) -> Self {
        Element::Scalar
    }

    fn sequence<A: SeqAccess<'de>>(mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<Node>()?.is_some() {}
        Ok(Element::Sequence)
    }

    fn mapping<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        Entries::read(map, false).map(|entries| Element::Mapping(entries.into_keyed()))
    }
}

macro_rules! deserialize_as_shape {
    ($($shape:ty),*) => {$(
        impl<'de> Deserialize<'de> for $shape {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(Reader::<$shape>(PhantomData))
            }
        }
    )*};
}

deserialize_as_shape!(Node, Source, Element);

/// The visitor of every [`Shape`].
struct Reader<S>(PhantomData<S>);

impl<'de, S: Shape<'de>> Visitor<'de> for Reader<S> {
    type Value = S;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<S, E> {
        Ok(S::scalar(Node::new(Value::Bool(b))))
    }

    fn visit_i64<E>(self, i: i64) -> Result<S, E> {
        Ok(S::scalar(Node::new(Value::from(i))))
    }

    fn visit_u64<E>(self, u: u64) -> Result<S, E> {
        Ok(S::scalar(Node::new(Value::from(u))))
    }

    /// An integer beyond 64 bits becomes the nearest float, as JSON parsers read it: real
    /// specs write `minimum: -9223372036854776000` (an `i64` bound rounded by a float printer).
    fn visit_i128<E>(self, i: i128) -> Result<S, E> {
        Ok(S::scalar(match (i64::try_from(i), u64::try_from(i)) {
            (Ok(i), _) => Node::new(Value::from(i)),
            (_, Ok(u)) => Node::new(Value::from(u)),
            _ => Node::float(i as f64),
        }))
    }

    fn visit_u128<E>(self, u: u128) -> Result<S, E> {
        Ok(S::scalar(match u64::try_from(u) {
            Ok(u) => Node::new(Value::from(u)),
            Err(_) => Node::float(u as f64),
        }))
    }

    fn visit_f64<E>(self, f: f64) -> Result<S, E> {
        Ok(S::scalar(Node::float(f)))
    }

    fn visit_str<E>(self, s: &str) -> Result<S, E> {
        Ok(S::scalar(Node::new(Value::String(s.to_owned()))))
    }

    fn visit_string<E>(self, s: String) -> Result<S, E> {
        Ok(S::scalar(Node::new(Value::String(s))))
    }

    fn visit_unit<E>(self) -> Result<S, E> {
        Ok(S::scalar(Node::new(Value::Null)))
    }

    fn visit_none<E>(self) -> Result<S, E> {
        Ok(S::scalar(Node::new(Value::Null)))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<S, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<S, A::Error> {
        S::sequence(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<S, A::Error> {
        S::mapping(map)
    }

    /// A tagged node (`!tag value`): the tag is dropped, as JSON has none.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<S, A::Error> {
        use serde::de::VariantAccess;
        let (_, contents) = data.variant::<String>()?;
        contents.newtype_variant::<S>()
    }
}

impl<'de> Deserialize<'de> for YamlKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(YamlKeyVisitor).map(YamlKey)
    }
}

/// Reads a key as a `serde_yaml::Value`, an integer beyond 64 bits as the nearest float.
struct YamlKeyVisitor;

impl<'de> Visitor<'de> for YamlKeyVisitor {
    type Value = Yaml;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Yaml, E> {
        Ok(Yaml::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Yaml, E> {
        Ok(Yaml::Number(i.into()))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Yaml, E> {
        Ok(Yaml::Number(u.into()))
    }

    fn visit_i128<E>(self, i: i128) -> Result<Yaml, E> {
        Ok(Yaml::Number(match (i64::try_from(i), u64::try_from(i)) {
            (Ok(i), _) => i.into(),
            (_, Ok(u)) => u.into(),
            _ => (i as f64).into(),
        }))
    }

    fn visit_u128<E>(self, u: u128) -> Result<Yaml, E> {
        Ok(Yaml::Number(match u64::try_from(u) {
            Ok(u) => u.into(),
            Err(_) => (u as f64).into(),
        }))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Yaml, E> {
        Ok(Yaml::Number(f.into()))
    }

    fn visit_str<E>(self, s: &str) -> Result<Yaml, E> {
        Ok(Yaml::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Yaml, E> {
        Ok(Yaml::String(s))
    }

    fn visit_unit<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }

    fn visit_none<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Yaml, A::Error> {
        let mut items = Vec::new();
        while let Some(YamlKey(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Yaml::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Yaml, A::Error> {
        let mut mapping = serde_yaml::Mapping::new();
        while let Some(YamlKey(key)) = map.next_key()? {
            if mapping.contains_key(&key) {
                return Err(duplicate(&key));
            }
            let YamlKey(value) = map.next_value()?;
            mapping.insert(key, value);
        }
        Ok(Yaml::Mapping(mapping))
    }

    /// A tagged key: the tag is dropped, as for values.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Yaml, A::Error> {
        use serde::de::VariantAccess;
        let (_, contents) = data.variant::<String>()?;
        contents.newtype_variant::<YamlKey>().map(|key| key.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as compact JSON, so that the order of keys counts.
    fn json(text: &str) -> Result<String, Diagnostic> {
        read(text).map(|value| value.to_string())
    }

    fn error(text: &str) -> Diagnostic {
        match read(text) {
            Ok(value) => Diagnostic::error("#", format!("no error, read {value}")),
            Err(diagnostic) => diagnostic,
        }
    }

    /// The reading this one replaced, kept as the oracle: the whole `serde_yaml::Value` (read
    /// by the visitor the keys use, which the old reading used for every node), merged by
    /// serde_yaml, then copied into a JSON tree.
    fn three_trees(text: &str) -> Result<String, Diagnostic> {
        let mut yaml = serde_yaml::from_str::<YamlKey>(text)
            .map(|key| key.0)
            .map_err(|e| {
                let diagnostic = Diagnostic::error(
                    "#",
                    format!(
                        "invalid yaml: {}",
                        super::super::explain(&super::super::strip_position(&e.to_string()))
                    ),
                );
                match e.location() {
                    Some(at) => diagnostic.at(at.line(), at.column()),
                    None => diagnostic,
                }
            })?;
        yaml.apply_merge()
            .map_err(|e| Diagnostic::error("#", format!("invalid yaml merge key: {e}")))?;
        yaml_to_json(yaml, &Pointer::root()).map(|value| value.to_string())
    }

    fn yaml_to_json(value: Yaml, at: &Pointer) -> Result<Value, Diagnostic> {
        Ok(match value {
            Yaml::Null => Value::Null,
            Yaml::Bool(b) => Value::Bool(b),
            Yaml::Number(n) => {
                if let Some(i) = n.as_i64() {
                    Value::from(i)
                } else if let Some(u) = n.as_u64() {
                    Value::from(u)
                } else {
                    let f = n.as_f64().unwrap_or(f64::NAN);
                    serde_json::Number::from_f64(f)
                        .map(Value::Number)
                        .ok_or_else(|| {
                            Diagnostic::error(
                                at.to_string(),
                                format!("the number {n} has no json form"),
                            )
                        })?
                }
            }
            Yaml::String(s) => Value::String(s),
            Yaml::Sequence(items) => Value::Array(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| yaml_to_json(item, &at.join(i)))
                    .collect::<Result<_, _>>()?,
            ),
            Yaml::Mapping(map) => {
                let mut object = Map::with_capacity(map.len());
                for (key, item) in map {
                    let key = match key {
                        Yaml::String(s) => s,
                        Yaml::Number(n) => n.to_string(),
                        Yaml::Bool(b) => b.to_string(),
                        Yaml::Null => "null".to_owned(),
                        _ => {
                            return Err(Diagnostic::error(
                                at.to_string(),
                                "a mapping key must be a string, a number or a boolean",
                            ));
                        }
                    };
                    let item = yaml_to_json(item, &at.join(&key))?;
                    object.insert(key, item);
                }
                Value::Object(object)
            }
            Yaml::Tagged(tagged) => yaml_to_json(tagged.value, at)?,
        })
    }

    /// Every text the tests below read, and more: each must read exactly as the three trees
    /// read it, tree (key order included) or diagnostic (text and position).
    const CASES: &[&str] = &[
        "a: 1\nb: [x, {c: true}]\n",
        "base: &b {a: 1, b: 2}\nx: {<<: *b, b: 3, c: 4}\n",
        "x: {<<: [{a: 1}, {a: 2, b: 2}], c: 3}\n",
        "x: {c: 3, <<: [{a: 1}, {a: 2, b: 2}]}\n",
        "x: {<<: {<<: {a: 1}, b: 2}}\n",
        "x: {<<: {a: 1}, 200: z, true: y}\n",
        "x: {200: a, <<: {'200': b}}\n",
        "x: {'<<': {a: 1}}\n",
        "x: !tag {<<: !other {a: 1}}\n",
        "x: {<<: ~}\n",
        "x: {<<: 1}\n",
        "x: {<<: [{a: 1}, 1]}\n",
        "x: {<<: [[]]}\n",
        "x: {<<: [[{a: 1}]]}\n",
        "a: {<<: 1}\nb: {<<: [1]}\n",
        "a: {<<: [1]}\nb: {<<: 1}\n",
        "a: {<<: 1, b: {<<: [[]]}}\n",
        "a: [{<<: 1}, {<<: [1]}]\n",
        "x: {a: 1, <<: {a: {<<: 5}}}\n",
        "x: {a: 1, <<: {a: .nan}}\n",
        "x: {<<: {a: .nan}}\n",
        "a: .nan\nb: {<<: 1}\n",
        "a: {<<: 1}\nb: [\n",
        "a: 1\na: 2\n",
        "200: 1\n200: 2\n",
        "x: {<<: {a: 1}, <<: {b: 2}}\n",
        "x: {<<: {a: 1, a: 2}}\n",
        "200: a\n'200': b\n",
        "'200': a\n200: b\n",
        "200: a\ntrue: b\n~: c\n1.5: d\n0x10: e\n",
        "18446744073709551616: a\n-9223372036854775809: b\n",
        "min: -9223372036854776000\nmax: 18446744073709551616\n",
        "? [a]\n: 1\n",
        "x:\n  ok: 1\n  ? {b: c}\n  : .nan\n",
        "? [a]\n: 1\n? [a]\n: 2\n",
        "x: [1, .nan]\ny: .inf\n",
        "x: [1, -.inf]\n",
        "'a/b': {'c~': .inf}\n",
        "x: !foo {a: 1}\ny: !!str 5\n",
        "- a\n- {<<: {b: 1}, c: 2}\n",
        "plain\n",
        "a: 1\n---\nb: 2\n",
    ];

    #[test]
    fn reads_as_the_three_trees_did() {
        for text in CASES {
            assert_eq!(json(text), three_trees(text), "{text:?}");
        }
    }

    #[test]
    fn a_merged_mapping_keeps_its_own_keys_and_comes_first() {
        // serde_yaml removes `<<` by swapping the last entry into its place, then appends.
        assert_eq!(
            json("base: &b {a: 1, b: 2}\nx: {<<: *b, b: 3, c: 4}\n"),
            Ok(r#"{"base":{"a":1,"b":2},"x":{"c":4,"b":3,"a":1}}"#.to_owned())
        );
        assert_eq!(
            json("x: {c: 3, <<: {a: 1}}\n"),
            Ok(r#"{"x":{"c":3,"a":1}}"#.to_owned())
        );
    }

    #[test]
    fn a_sequence_of_mappings_merges_in_order() {
        assert_eq!(
            json("x: {<<: [{a: 1}, {a: 2, b: 2}], c: 3}\n"),
            Ok(r#"{"x":{"c":3,"a":1,"b":2}}"#.to_owned())
        );
    }

    #[test]
    fn a_merged_mapping_is_not_merged_itself() {
        // `apply_merge` copies the inner `<<` across and does not look at the mapping again.
        assert_eq!(
            json("x: {<<: {<<: {a: 1}, b: 2}}\n"),
            Ok(r#"{"x":{"<<":{"a":1},"b":2}}"#.to_owned())
        );
    }

    #[test]
    fn tags_are_dropped_around_merges() {
        assert_eq!(
            json("x: !tag {<<: !other {a: 1}, b: !!str 5}\n"),
            Ok(r#"{"x":{"b":"5","a":1}}"#.to_owned())
        );
    }

    #[test]
    fn values_that_cannot_be_merged_are_errors() {
        for (text, what) in [
            (
                "x: {<<: 1}\n",
                "expected a mapping or list of mappings for merging, but found scalar",
            ),
            (
                "x: {<<: ~}\n",
                "expected a mapping or list of mappings for merging, but found scalar",
            ),
            (
                "x: {<<: [{a: 1}, 1]}\n",
                "expected a mapping for merging, but found scalar",
            ),
            (
                "x: {<<: [[]]}\n",
                "expected a mapping for merging, but found sequence",
            ),
        ] {
            let e = error(text);
            assert_eq!(e.pointer, "#", "{text:?}");
            assert_eq!(e.position, None, "{text:?}");
            assert_eq!(
                e.message,
                format!("invalid yaml merge key: {what}"),
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_merge_error_reported_is_the_one_apply_merge_meets_first() {
        // It walks the last child first, and a mapping before what is inside it.
        assert!(
            error("a: {<<: 1}\nb: {<<: [1]}\n")
                .message
                .ends_with("found scalar")
        );
        assert!(
            error("a: {<<: 1}\nb: {<<: [1]}\n")
                .message
                .contains("a mapping for merging")
        );
        assert!(
            error("a: {<<: [1]}\nb: {<<: 1}\n")
                .message
                .contains("list of mappings")
        );
        assert!(
            error("a: {<<: 1, b: {<<: [[]]}}\n")
                .message
                .contains("list of mappings")
        );
        // A merge error wins over a number with no JSON form, a syntax error over both.
        assert!(
            error("a: .nan\nb: {<<: 1}\n")
                .message
                .starts_with("invalid yaml merge key")
        );
        let e = error("a: {<<: 1}\nb: [\n");
        assert!(e.message.starts_with("invalid yaml: "), "{}", e.message);
        assert!(e.position.is_some());
    }

    #[test]
    fn what_a_merge_drops_is_never_looked_at() {
        assert_eq!(
            json("x: {a: 1, <<: {a: {<<: 5}}}\n"),
            Ok(r#"{"x":{"a":1}}"#.to_owned())
        );
        assert_eq!(
            json("x: {a: 1, <<: {a: .nan}}\n"),
            Ok(r#"{"x":{"a":1}}"#.to_owned())
        );
        let e = error("x: {<<: {a: .nan}}\n");
        assert_eq!(
            (e.pointer.as_str(), e.message.as_str()),
            ("#/x/a", "the number .nan has no json form")
        );
    }

    #[test]
    fn numeric_boolean_and_null_keys_become_strings() {
        assert_eq!(
            json("200: a\ntrue: b\n~: c\n1.5: d\n0x10: e\n"),
            Ok(r#"{"200":"a","true":"b","null":"c","1.5":"d","16":"e"}"#.to_owned())
        );
        // Two keys to YAML, one to JSON: the later value, in the first one's place.
        assert_eq!(
            json("200: a\nz: 0\n'200': b\n"),
            Ok(r#"{"200":"b","z":0}"#.to_owned())
        );
        assert_eq!(
            json("x: {200: a, <<: {'200': b}}\n"),
            Ok(r#"{"x":{"200":"b"}}"#.to_owned())
        );
    }

    #[test]
    fn integers_beyond_64_bits_become_the_nearest_float() {
        let tree = read("min: -9223372036854776000\nmax: 18446744073709551616\n");
        let tree = tree.unwrap_or_else(|e| Value::String(e.message));
        assert_eq!(tree["min"].as_f64(), Some(-9223372036854775808.0));
        assert_eq!(tree["max"].as_f64(), Some(18446744073709551616.0));
        assert!(tree["max"].as_u64().is_none());
        let keys = json("18446744073709551616: a\n").unwrap_or_else(|e| e.message);
        assert_eq!(keys, r#"{"1.8446744073709552e19":"a"}"#);
    }

    #[test]
    fn duplicate_keys_are_syntax_errors_with_a_position() {
        // serde_yaml names the path to the mapping and points at where the mapping starts.
        for (text, message, at) in [
            ("a: 1\na: 2\n", r#"duplicate entry with key "a""#, (1, 1)),
            ("200: 1\n200: 2\n", "duplicate entry with key 200", (1, 1)),
            (
                "x: {<<: {a: 1}, <<: {b: 2}}\n",
                r#"x: duplicate entry with key "<<""#,
                (1, 4),
            ),
            (
                "x: {<<: {a: 1, a: 2}}\n",
                r#"x.<<: duplicate entry with key "a""#,
                (1, 9),
            ),
            (
                "? [a]\n: 1\n? [a]\n: 2\n",
                "duplicate entry in YAML map",
                (1, 1),
            ),
        ] {
            let e = error(text);
            assert_eq!(e.message, format!("invalid yaml: {message}"), "{text:?}");
            assert_eq!(e.position, Some(at), "{text:?}");
        }
    }

    #[test]
    fn values_with_no_json_form_are_errors_at_their_pointer() {
        for (text, pointer, message) in [
            (
                "x: [1, .nan]\ny: .inf\n",
                "#/x/1",
                "the number .nan has no json form",
            ),
            (
                "'a/b': {'c~': -.inf}\n",
                "#/a~1b/c~0",
                "the number -.inf has no json form",
            ),
            (
                "x:\n  ok: 1\n  ? {b: c}\n  : .nan\n",
                "#/x",
                "a mapping key must be a string, a number or a boolean",
            ),
        ] {
            let e = error(text);
            assert_eq!(
                (e.pointer.as_str(), e.message.as_str(), e.position),
                (pointer, message, None),
                "{text:?}"
            );
        }
    }

    /// A document large enough to be read in halves: `head`, `paths` and `components` of
    /// 3,000 entries each, then `tail`.
    fn large(head: &str, tail: &str) -> String {
        let entries: String = (0..3000)
            .map(|i| format!("  e{i}: {{type: string, description: 'entry {i}'}}\n"))
            .collect();
        format!("{head}paths:\n{entries}components:\n{entries}{tail}")
    }

    #[test]
    fn a_large_document_is_cut_at_the_top_level_key_nearest_its_middle() {
        let text = large("openapi: 3.0.3\n", "");
        assert!(text.len() > HALVES_FROM_BYTES);
        let components = text.find("\ncomponents:").map(|at| at + 1);
        assert_eq!(cut(&text), components);
        let whole = read_whole(&text).ok();
        assert!(whole.is_some());
        assert_eq!(read_halves(&text), whole);
        // A document marker before the root is no reason not to cut.
        assert!(cut(&format!("---\n{text}")).is_some());
    }

    #[test]
    fn what_halves_would_read_differently_is_read_whole() {
        for (head, tail) in [
            // An alias to an anchor of the other half.
            ("base: &base {a: 1}\n", "copy: *base\n"),
            // A key in both halves: a syntax error of the whole.
            ("openapi: 3.0.3\n", "openapi: 3.1.0\n"),
            // YAML keys that are two keys in YAML and one in JSON.
            ("200: a\n", "'200': b\n"),
            // A problem found after parsing, in either half.
            ("n: .nan\n", ""),
            ("", "m: {<<: 1}\n"),
        ] {
            let text = large(head, tail);
            assert!(cut(&text).is_some(), "{head:?} {tail:?}");
            assert_eq!(read_halves(&text), None, "{head:?} {tail:?}");
            assert_eq!(read(&text), read_whole(&text), "{head:?} {tail:?}");
        }
        // A scalar open across the cut: the first half does not end.
        let entries: String = (0..30000).map(|i| format!("k{i}: v\n")).collect();
        let text = format!("a: 1\nb: \"{entries}\"\n");
        assert!(text.len() > HALVES_FROM_BYTES && cut(&text).is_some());
        assert_eq!(read_halves(&text), None);
        assert_eq!(read(&text), read_whole(&text));
        // What is never cut: a merge into the root, a directive, a second document.
        for text in [
            large("", "<<: {z: 1}\n"),
            large("%YAML 1.2\n---\n", ""),
            large("", "---\nsecond: document\n"),
            large("", "...\n"),
        ] {
            assert_eq!(cut(&text), None);
            assert_eq!(read(&text), read_whole(&text));
        }
        // A root that is not a block mapping.
        assert_eq!(cut(&format!("- item\n{}", large("", ""))), None);
        assert_eq!(cut(&format!("{{a: 1,\n{}}}", large("", ""))), None);
    }
}
