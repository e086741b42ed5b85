//! Where a JSON pointer's node is in the spec's text (JSON or YAML), so that diagnostics found
//! after parsing, on the tree, still show a line and column.
//!
//! The parsers keep no positions in the tree they give, so a small scanner of its own reads
//! the text again: block YAML line by line (mapping keys by their indentation, `- ` items by
//! their dash), flow collections and JSON token by token. It names a mapping entry by its key
//! and a sequence item by its first character. It reads untrusted text: it never panics, uses
//! explicit stacks instead of recursion, and a pointer it cannot follow to the end gets the
//! position of the deepest enclosing node it found.

use std::borrow::Cow;
use std::collections::HashMap;

/// The line and column (both 1-based, columns in characters) of the node at each of
/// `pointers` (`#/paths/~1pets/get`), or of its nearest enclosing node that the scanner found;
/// `None` when not even the document's root is there.
pub(crate) fn locate_all(text: &str, pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
    let mut wanted = Wanted::default();
    let ends: Vec<Vec<usize>> = pointers.iter().map(|p| wanted.insert(p)).collect();
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        path: vec![Some(ROOT)],
        wanted,
        index: String::new(),
    };
    scanner.block();
    // The deepest node found wins.
    let offsets: Vec<Option<usize>> = ends
        .iter()
        .map(|nodes| {
            nodes
                .iter()
                .rev()
                .find_map(|&node| scanner.wanted.offsets[node])
        })
        .collect();
    let lines = positions(text, offsets.iter().flatten().copied().collect());
    offsets
        .into_iter()
        .map(|offset| offset.and_then(|offset| lines.get(&offset).copied()))
        .collect()
}

/// The root node of [`Wanted`], `#`.
const ROOT: usize = 0;

/// Every prefix of every wanted pointer, as a tree of their segments (unescaped), with the
/// offset where each node was first seen. Only a node whose parent is wanted is looked up,
/// so the parts of the text no pointer leads into cost no lookup at all.
struct Wanted<'p> {
    children: Vec<HashMap<Cow<'p, str>, usize>>,
    offsets: Vec<Option<usize>>,
}

impl Default for Wanted<'_> {
    fn default() -> Self {
        Self {
            children: vec![HashMap::new()],
            offsets: vec![None],
        }
    }
}

impl<'p> Wanted<'p> {
    /// Adds `pointer` and its prefixes; returns their nodes, shortest first. A pointer that
    /// is not `#` or under it, or a segment with an escape other than `~0` and `~1`, names
    /// nothing the scanner can reach: its nodes stop there.
    fn insert(&mut self, pointer: &'p str) -> Vec<usize> {
        let Some(rest) = pointer.strip_prefix('#') else {
            return Vec::new();
        };
        let mut nodes = vec![ROOT];
        if rest.is_empty() {
            return nodes;
        }
        let Some(rest) = rest.strip_prefix('/') else {
            return Vec::new();
        };
        let mut node = ROOT;
        for segment in rest.split('/') {
            let Some(segment) = unescape(segment) else {
                break;
            };
            node = match self.children[node].get(segment.as_ref()) {
                Some(&child) => child,
                None => {
                    let child = self.offsets.len();
                    self.children.push(HashMap::new());
                    self.offsets.push(None);
                    self.children[node].insert(segment, child);
                    child
                }
            };
            nodes.push(node);
        }
        nodes
    }

    fn child(&self, node: usize, segment: &str) -> Option<usize> {
        self.children[node].get(segment).copied()
    }
}

/// A pointer's segment as the key it names (`~1` is `/`, `~0` is `~`); `None` for another
/// escape.
fn unescape(segment: &str) -> Option<Cow<'_, str>> {
    if !segment.contains('~') {
        return Some(Cow::Borrowed(segment));
    }
    let mut out = String::with_capacity(segment.len());
    let mut chars = segment.chars();
    while let Some(c) = chars.next() {
        match c {
            '~' => match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            },
            c => out.push(c),
        }
    }
    Some(Cow::Owned(out))
}

/// [`locate_all`] for one pointer.
#[cfg(test)]
pub(crate) fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    locate_all(text, &[pointer]).pop().flatten()
}

/// The line and column of each of `offsets` in `text`, found in one pass over the text up
/// to the last of them.
fn positions(text: &str, mut offsets: Vec<usize>) -> HashMap<usize, (usize, usize)> {
    offsets.sort_unstable();
    offsets.dedup();
    let bytes = text.as_bytes();
    let (mut line, mut start, mut counted) = (1, 0, 0);
    let mut found = HashMap::with_capacity(offsets.len());
    for offset in offsets {
        let chunk = &bytes[counted..offset.min(bytes.len())];
        line += memchr::memchr_iter(b'\n', chunk).count();
        if let Some(last) = memchr::memrchr(b'\n', chunk) {
            start = counted + last + 1;
        }
        counted += chunk.len();
        // Offsets are taken at ASCII characters or right after them, so on boundaries; the
        // byte count is a fallback that cannot panic.
        let column = text
            .get(start..offset)
            .map_or(offset.saturating_sub(start), |s| {
                // A byte order mark is not shown by editors, so it takes no column.
                s.chars().filter(|&c| c != '\u{feff}').count()
            });
        found.insert(offset, (line, column + 1));
    }
    found
}

/// One level of the block structure: a mapping key or a sequence item, by its column.
struct Block {
    indent: usize,
    /// The index, for a sequence item.
    item: Option<usize>,
    /// Length of the path before this level's segment.
    path_len: usize,
    /// Whether its value is still to come, on a later line.
    open: bool,
}

/// One open flow collection.
enum Flow {
    Mapping,
    Sequence(usize),
}

/// What the flow scanner expects next.
enum Want {
    Value,
    KeyOrEnd,
    Colon,
    ItemOrEnd,
    Separator,
}

/// Where a mapping key's text is.
#[derive(Clone, Copy)]
enum Key {
    /// Quoted, `close` just past the closing quote.
    Quoted {
        start: usize,
        close: usize,
        quote: u8,
    },
    /// Plain, to be trimmed by `trim`.
    Plain {
        start: usize,
        end: usize,
        trim: fn(&str) -> &str,
    },
}

struct Scanner<'t, 'p> {
    text: &'t str,
    bytes: &'t [u8],
    /// The node of [`Wanted`] of each segment of the path being read, from the root; `None`
    /// once the path has left every wanted pointer.
    path: Vec<Option<usize>>,
    wanted: Wanted<'p>,
    /// A buffer for the text of a sequence index.
    index: String,
}

impl<'t> Scanner<'t, '_> {
    /// The node at the current path starts at `offset`.
    fn node(&mut self, offset: usize) {
        if let Some(Some(node)) = self.path.last() {
            self.wanted.offsets[*node].get_or_insert(offset);
        }
    }

    /// Goes down into the entry of a mapping key, whose text is read only if its path may
    /// be wanted.
    fn push_key(&mut self, key: Key) {
        let node = match self.path.last() {
            Some(Some(parent)) => {
                let text = match key {
                    Key::Quoted {
                        start,
                        close,
                        quote,
                    } => decode_quoted(&self.bytes[start..close], quote),
                    Key::Plain { start, end, trim } => {
                        trimmed(self.text, self.bytes, start, end, trim)
                    }
                };
                self.wanted.child(*parent, &text)
            }
            _ => None,
        };
        self.path.push(node);
    }

    /// Goes down into a sequence item.
    fn push_index(&mut self, index: usize) {
        let node = match self.path.last() {
            Some(Some(parent)) => {
                use std::fmt::Write as _;
                self.index.clear();
                // Writing to a `String` cannot fail.
                let _ = write!(self.index, "{index}");
                self.wanted.child(*parent, &self.index)
            }
            _ => None,
        };
        self.path.push(node);
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.bytes.get(at).copied()
    }

    fn line_end(&self, from: usize) -> usize {
        memchr::memchr(b'\n', &self.bytes[from.min(self.bytes.len())..])
            .map_or(self.bytes.len(), |n| from + n)
    }

    /// The start of the line after the one holding `at`.
    fn next_line(&self, at: usize) -> usize {
        (self.line_end(at) + 1).min(self.bytes.len())
    }

    fn skip_spaces(&self, mut at: usize, end: usize) -> usize {
        while at < end && matches!(self.byte(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        at
    }

    /// Whether `at` ends a line's content: its end, a carriage return or a comment.
    fn content_ends(&self, at: usize, end: usize) -> bool {
        at >= end || matches!(self.byte(at), Some(b'\r' | b'#'))
    }

    // ------------------------------------------------------------------------- block YAML

    /// Reads the document line by line.
    fn block(&mut self) {
        let mut blocks: Vec<Block> = Vec::new();
        let mut at = usize::from(self.bytes.starts_with("\u{feff}".as_bytes())) * 3;
        let mut root_seen = false;
        while at < self.bytes.len() {
            let end = self.line_end(at);
            let start = self.skip_spaces(at, end);
            let line = &self.bytes[at..end];
            if self.content_ends(start, end) || line.starts_with(b"%") {
                at = end + 1;
                continue;
            }
            if line.starts_with(b"---") || line.starts_with(b"...") {
                if root_seen {
                    // Only the first document of a stream is read.
                    return;
                }
                at = end + 1;
                continue;
            }
            if !root_seen {
                root_seen = true;
                self.node(start);
            }
            at = self.block_content(&mut blocks, at, start, end);
        }
    }

    /// Reads the content of one line from `start` (the line begins at `line`); returns where
    /// to go on, past any value that spans lines.
    fn block_content(
        &mut self,
        blocks: &mut Vec<Block>,
        line: usize,
        mut start: usize,
        end: usize,
    ) -> usize {
        loop {
            let indent = start - line;
            // A sequence item, maybe with content on the same line: `- a`, `- k: v`, `- - x`.
            if self.byte(start) == Some(b'-')
                && matches!(
                    self.byte(start + 1),
                    None | Some(b' ' | b'\t' | b'\r' | b'\n')
                )
            {
                self.close_blocks(blocks, |b| b.indent > indent);
                // The next item of the same sequence replaces the previous one.
                let index = match blocks.last() {
                    Some(Block {
                        indent: previous,
                        item: Some(index),
                        ..
                    }) if *previous == indent => {
                        let next = index + 1;
                        // Only the item: a key at the same column owns the sequence.
                        self.close_blocks(blocks, |b| b.indent == indent && b.item.is_some());
                        next
                    }
                    _ => 0,
                };
                let rest = self.skip_spaces(start + 1, end);
                let open = self.content_ends(rest, end);
                blocks.push(Block {
                    indent,
                    item: Some(index),
                    path_len: self.path.len(),
                    open,
                });
                self.push_index(index);
                self.node(start);
                if open {
                    return end + 1;
                }
                start = rest;
                continue;
            }
            if let Some((key, after)) = self.block_key(start, end) {
                self.close_blocks(blocks, |b| b.indent >= indent);
                blocks.push(Block {
                    indent,
                    item: None,
                    path_len: self.path.len(),
                    open: self.content_ends(after, end),
                });
                self.push_key(key);
                self.node(start);
                return self.value(after, end, indent);
            }
            // Neither key nor item: the value of a key or item that ended its line (the root
            // too, when it is a flow collection), or else the continuation of a multi-line
            // scalar, which holds no nodes.
            return match blocks.last_mut() {
                None => self.value(start, end, 0),
                Some(block) if block.open => {
                    block.open = false;
                    let owner = block.indent;
                    self.value(start, end, owner)
                }
                Some(_) => end + 1,
            };
        }
    }

    /// Closes the innermost levels while `close` says so, trimming the path to match.
    fn close_blocks(&mut self, blocks: &mut Vec<Block>, close: impl Fn(&Block) -> bool) {
        while let Some(block) = blocks.last().filter(|block| close(block)) {
            self.path.truncate(block.path_len);
            blocks.pop();
        }
    }

    /// A `key:` at `start`: the key's text and where its value starts.
    fn block_key(&self, start: usize, end: usize) -> Option<(Key, usize)> {
        let (key, after_key) = match self.byte(start)? {
            quote @ (b'"' | b'\'') => {
                let close = self.quoted_end(start, end)?;
                (
                    Key::Quoted {
                        start,
                        close,
                        quote,
                    },
                    self.skip_spaces(close, end),
                )
            }
            b'{' | b'[' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'?' | b'%' | b'@' | b'`' => {
                return None;
            }
            _ => {
                let mut at = start;
                loop {
                    match self.byte(at) {
                        _ if at >= end => return None,
                        Some(b':')
                            if matches!(
                                self.byte(at + 1),
                                None | Some(b' ' | b'\t' | b'\r' | b'\n')
                            ) =>
                        {
                            break;
                        }
                        Some(b'#')
                            if matches!(self.byte(at.wrapping_sub(1)), Some(b' ' | b'\t')) =>
                        {
                            return None;
                        }
                        _ => at += 1,
                    }
                }
                (
                    Key::Plain {
                        start,
                        end: at,
                        trim: str::trim_end,
                    },
                    at,
                )
            }
        };
        (self.byte(after_key) == Some(b':')).then(|| (key, self.skip_spaces(after_key + 1, end)))
    }

    /// Reads the value that starts at `start` on a line ending at `end`, in a block whose key
    /// or dash is at column `owner`; returns where the next line to read starts.
    fn value(&mut self, mut start: usize, end: usize, owner: usize) -> usize {
        // Anchors and tags come before the value they name.
        while matches!(self.byte(start), Some(b'&' | b'!')) && start < end {
            while start < end && !matches!(self.byte(start), Some(b' ' | b'\t')) {
                start += 1;
            }
            start = self.skip_spaces(start, end);
        }
        if self.content_ends(start, end) {
            return end + 1;
        }
        match self.byte(start) {
            Some(b'{' | b'[') => {
                let depth = self.path.len();
                let close = self.flow(start);
                self.path.truncate(depth);
                self.next_line(close.saturating_sub(1).max(start))
            }
            Some(b'"' | b'\'') => {
                let close = self
                    .quoted_end(start, self.bytes.len())
                    .unwrap_or(self.bytes.len());
                self.next_line(close.saturating_sub(1).max(start))
            }
            Some(b'|' | b'>') => self.skip_block_scalar(end + 1, owner),
            _ => end + 1,
        }
    }

    /// Skips the lines of a block scalar: blank ones and those indented deeper than `owner`.
    fn skip_block_scalar(&self, mut at: usize, owner: usize) -> usize {
        while at < self.bytes.len() {
            let end = self.line_end(at);
            let start = self.skip_spaces(at, end);
            let blank = start >= end || self.byte(start) == Some(b'\r');
            if !blank && start - at <= owner {
                break;
            }
            at = end + 1;
        }
        at
    }

    /// The offset just past the closing quote of the quoted scalar at `start`, looking no
    /// further than `end`; `None` when it does not close.
    fn quoted_end(&self, start: usize, end: usize) -> Option<usize> {
        let quote = self.byte(start)?;
        let mut at = start + 1;
        while at < end {
            match self.byte(at)? {
                b'\\' if quote == b'"' => at += 2,
                b'\'' if quote == b'\'' && self.byte(at + 1) == Some(b'\'') => at += 2,
                b if b == quote => return Some(at + 1),
                _ => at += 1,
            }
        }
        None
    }

    // ------------------------------------------------------------------ flow YAML and JSON

    /// Reads the flow collection (or JSON document) opening at `start`; returns the offset
    /// past its end, or the end of the text when it does not close. The path is left deeper
    /// than it was when the text is malformed; the caller trims it.
    fn flow(&mut self, start: usize) -> usize {
        let mut open: Vec<(Flow, usize)> = Vec::new();
        let mut want = Want::Value;
        let mut at = start;
        loop {
            at = self.skip_flow_space(at);
            let Some(c) = self.byte(at) else {
                return at;
            };
            match want {
                Want::Value => match c {
                    b'{' => {
                        open.push((Flow::Mapping, self.path.len()));
                        at += 1;
                        want = Want::KeyOrEnd;
                    }
                    b'[' => {
                        open.push((Flow::Sequence(0), self.path.len()));
                        at += 1;
                        want = Want::ItemOrEnd;
                    }
                    b'&' | b'!' => at = self.skip_token(at),
                    b'"' | b'\'' => {
                        at = self
                            .quoted_end(at, self.bytes.len())
                            .unwrap_or(self.bytes.len());
                        want = Want::Separator;
                    }
                    _ => {
                        at = self.skip_flow_scalar(at);
                        want = Want::Separator;
                    }
                },
                Want::KeyOrEnd => match c {
                    b'}' => want = Want::Separator,
                    b',' => at += 1,
                    _ => {
                        let (key, after) = self.flow_key(at);
                        if let Some((_, depth)) = open.last() {
                            self.path.truncate(*depth);
                        }
                        self.push_key(key);
                        self.node(at);
                        // `after` is past the key: the scan always moves on.
                        at = after.max(at + 1);
                        want = Want::Colon;
                    }
                },
                Want::Colon => {
                    if c == b':' {
                        at += 1;
                        want = Want::Value;
                    } else {
                        // A key without a value, `{a, b}`.
                        want = Want::Separator;
                    }
                }
                Want::ItemOrEnd => {
                    if c == b']' {
                        want = Want::Separator;
                    } else {
                        if let Some((Flow::Sequence(index), depth)) = open.last() {
                            let (index, depth) = (*index, *depth);
                            self.path.truncate(depth);
                            self.push_index(index);
                        }
                        self.node(at);
                        want = Want::Value;
                    }
                }
                Want::Separator => {
                    let Some((flow, depth)) = open.last_mut() else {
                        return at;
                    };
                    match (flow, c) {
                        (Flow::Mapping, b',') => want = Want::KeyOrEnd,
                        (Flow::Sequence(index), b',') => {
                            *index += 1;
                            want = Want::ItemOrEnd;
                        }
                        (Flow::Mapping, b'}') | (Flow::Sequence(_), b']') => {
                            let depth = *depth;
                            self.path.truncate(depth);
                            open.pop();
                            if open.is_empty() {
                                return at + 1;
                            }
                        }
                        // Malformed: stop reading.
                        _ => return at,
                    }
                    at += 1;
                }
            }
        }
    }

    /// Skips whitespace, line breaks and comments between flow tokens.
    fn skip_flow_space(&self, mut at: usize) -> usize {
        loop {
            match self.byte(at) {
                Some(b' ' | b'\t' | b'\r' | b'\n') => at += 1,
                Some(b'#') => at = self.line_end(at),
                _ => return at,
            }
        }
    }

    /// Skips an anchor or tag token.
    fn skip_token(&self, mut at: usize) -> usize {
        at += 1;
        while let Some(b) = self.byte(at) {
            if matches!(
                b,
                b' ' | b'\t' | b'\r' | b'\n' | b',' | b'{' | b'}' | b'[' | b']'
            ) {
                break;
            }
            at += 1;
        }
        at
    }

    /// Skips a plain scalar inside a flow collection (or a JSON number or literal).
    fn skip_flow_scalar(&self, mut at: usize) -> usize {
        while let Some(b) = self.byte(at) {
            if matches!(b, b',' | b'}' | b']') {
                break;
            }
            at += 1;
        }
        at
    }

    /// A key inside a flow mapping: its text and the offset past it.
    fn flow_key(&self, start: usize) -> (Key, usize) {
        match self.byte(start) {
            Some(quote @ (b'"' | b'\'')) => {
                let close = self
                    .quoted_end(start, self.bytes.len())
                    .unwrap_or(self.bytes.len());
                (
                    Key::Quoted {
                        start,
                        close,
                        quote,
                    },
                    close,
                )
            }
            _ => {
                let mut at = start;
                while let Some(b) = self.byte(at) {
                    let ends_key = b == b':'
                        && matches!(
                            self.byte(at + 1),
                            None | Some(b' ' | b'\t' | b'\r' | b'\n' | b',' | b'}' | b']')
                        );
                    if ends_key || matches!(b, b',' | b'}' | b']') {
                        break;
                    }
                    at += 1;
                }
                (
                    Key::Plain {
                        start,
                        end: at,
                        trim: str::trim,
                    },
                    at,
                )
            }
        }
    }
}

/// The text of a quoted scalar given with its quotes (the closing one may be missing):
/// JSON and YAML escapes in double quotes, a doubled quote in single quotes.
fn decode_quoted(raw: &[u8], quote: u8) -> Cow<'_, str> {
    let inner = raw.get(1..).unwrap_or_default();
    let inner = inner.strip_suffix(&[quote]).unwrap_or(inner);
    let text = String::from_utf8_lossy(inner);
    if quote == b'\'' {
        return match text.contains("''") {
            true => Cow::Owned(text.replace("''", "'")),
            false => text,
        };
    }
    if !text.contains('\\') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let high = hex(&mut chars, 4);
                let code = match high {
                    Some(h @ 0xD800..=0xDBFF) => {
                        // A surrogate pair written as two escapes.
                        let mut rest = chars.clone();
                        match (rest.next(), rest.next(), hex(&mut rest, 4)) {
                            (Some('\\'), Some('u'), Some(l @ 0xDC00..=0xDFFF)) => {
                                chars = rest;
                                Some(0x10000 + ((h - 0xD800) << 10) + (l - 0xDC00))
                            }
                            _ => None,
                        }
                    }
                    other => other,
                };
                out.push(code.and_then(char::from_u32).unwrap_or('\u{fffd}'));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    Cow::Owned(out)
}

/// The text of `bytes[start..end]` (a part of `text`), trimmed by `trim`.
fn trimmed<'t>(
    text: &'t str,
    bytes: &'t [u8],
    start: usize,
    end: usize,
    trim: fn(&str) -> &str,
) -> Cow<'t, str> {
    if let Some(text) = text.get(start..end) {
        return Cow::Borrowed(trim(text));
    }
    match String::from_utf8_lossy(&bytes[start..end]) {
        Cow::Borrowed(text) => Cow::Borrowed(trim(text)),
        Cow::Owned(text) => Cow::Owned(trim(&text).to_owned()),
    }
}

/// Reads `digits` hexadecimal digits.
fn hex(chars: &mut std::str::Chars<'_>, digits: usize) -> Option<u32> {
    let mut value = 0u32;
    for _ in 0..digits {
        value = value * 16 + chars.next()?.to_digit(16)?;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "\
# A comment before the root.
openapi: 3.0.3
info: {title: \"T\", version: '1'}
paths:
  /pets/{id}:
    get:
      description: |
        Looks like a key: but is text.
        - and not an item
      parameters:
        - name: id
          in: path
        - $ref: '#/components/parameters/Limit'
      tags:
      - pets
      - animals
  \"/quoted\":
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                é: {type: array, items: [{a: 1}, {b: 2}]}
components:
  schemas:
    Pet:
      $ref: '#/components/schemas/Animal'
    Multi: {
      type: object,
      properties: {x: {type: string}}
    }
";

    #[test]
    fn yaml_nodes_are_found_by_key_and_dash() {
        let table = [
            ("#", (2, 1)),
            ("#/openapi", (2, 1)),
            ("#/info", (3, 1)),
            ("#/info/title", (3, 8)),
            ("#/info/version", (3, 20)),
            ("#/paths/~1pets~1{id}", (5, 3)),
            ("#/paths/~1pets~1{id}/get/description", (7, 7)),
            ("#/paths/~1pets~1{id}/get/parameters", (10, 7)),
            ("#/paths/~1pets~1{id}/get/parameters/0", (11, 9)),
            ("#/paths/~1pets~1{id}/get/parameters/0/in", (12, 11)),
            ("#/paths/~1pets~1{id}/get/parameters/1/$ref", (13, 11)),
            ("#/paths/~1pets~1{id}/get/tags/0", (15, 7)),
            ("#/paths/~1pets~1{id}/get/tags/1", (16, 7)),
            ("#/paths/~1quoted/post", (18, 5)),
            (
                "#/paths/~1quoted/post/requestBody/content/application~1json/schema/properties/é",
                (25, 17),
            ),
            (
                "#/paths/~1quoted/post/requestBody/content/application~1json/schema/properties/é/items/1/b",
                (25, 51),
            ),
            ("#/components/schemas/Pet/$ref", (29, 7)),
            ("#/components/schemas/Multi/properties/x/type", (32, 24)),
        ];
        for (pointer, expected) in table {
            assert_eq!(locate(YAML, pointer), Some(expected), "{pointer}");
        }
    }

    #[test]
    fn a_pointer_that_goes_further_than_the_text_gets_its_nearest_enclosing_node() {
        let table = [
            // Not in the text at all: lowering's pointers into merged or implied nodes.
            ("#/paths/~1pets~1{id}/get/responses/200", (6, 5)),
            ("#/components/schemas/Missing", (27, 3)),
            ("#/nothing/here", (2, 1)),
            // Text inside a block scalar is no node.
            (
                "#/paths/~1pets~1{id}/get/description/Looks like a key",
                (7, 7),
            ),
            ("#/paths/~1pets~1{id}/get/tags/2", (14, 7)),
        ];
        for (pointer, expected) in table {
            assert_eq!(locate(YAML, pointer), Some(expected), "{pointer}");
        }
    }

    const JSON: &str = r#"{
  "openapi": "3.0.3",
  "paths": {
    "\/pets": {"get": {"responses": {"200": {"description": "ok, \"quoted\" {not: a key}"}}}},
    "/x\u00e9": {
      "parameters": [
        {"name": "a"},
        {"name": "b", "schema": {"enum": [1, 2.5e3, true, null, "s"]}}
      ]
    }
  },
  "x-end": [[], {}, [[1]]]
}"#;

    #[test]
    fn json_nodes_are_found_by_key_and_item() {
        let table = [
            ("#", (1, 1)),
            ("#/openapi", (2, 3)),
            ("#/paths/~1pets/get/responses/200/description", (4, 46)),
            ("#/paths/~1xé", (5, 5)),
            ("#/paths/~1xé/parameters/0", (7, 9)),
            ("#/paths/~1xé/parameters/1/name", (8, 10)),
            ("#/paths/~1xé/parameters/1/schema/enum/4", (8, 65)),
            ("#/x-end/2/0/0", (12, 23)),
            // Further than the text: the nearest enclosing node.
            ("#/paths/~1pets/get/responses/404", (4, 24)),
            ("#/x-end/1/a", (12, 17)),
        ];
        for (pointer, expected) in table {
            assert_eq!(locate(JSON, pointer), Some(expected), "{pointer}");
        }
    }

    #[test]
    fn line_endings_bom_and_several_pointers_at_once() {
        let text = "\u{feff}a:\r\n  b: 1\r\n  c:\r\n    - x\r\n";
        assert_eq!(
            locate_all(text, &["#/a/b", "#/a/c/0", "#/a", "#"]),
            [Some((2, 3)), Some((4, 5)), Some((1, 1)), Some((1, 1))]
        );
        assert_eq!(locate("", "#"), None);
        assert_eq!(locate("# only a comment\n", "#/a"), None);
    }

    #[test]
    fn escapes_are_read_as_keys_and_a_pointer_outside_the_document_names_nothing() {
        let text = "a~b:\n  c/d: 1\n  \"e~1f\": 2\n'g''h': 3\n";
        let found = locate_all(
            text,
            &[
                "#/a~0b/c~1d",
                "#/a~0b/e~01f",
                "#/g'h",
                // `~2` is no escape: the nearest node before it stands in.
                "#/a~0b/c~2d",
                "#/a~0b~",
                "#/a~1b",
                "a~0b",
                "#a",
                "",
                "#/",
            ],
        );
        assert_eq!(
            found,
            [
                Some((2, 3)),
                Some((3, 3)),
                Some((4, 1)),
                Some((1, 1)),
                Some((1, 1)),
                Some((1, 1)),
                None,
                None,
                None,
                Some((1, 1)),
            ]
        );
    }

    #[test]
    fn a_pointer_is_found_where_it_is_whatever_else_is_looked_for() {
        let pointers = [
            "#/paths/~1pets/get/tags/2",
            "#/paths/~1pets~1{id}",
            "#/paths/~1pets/get/responses",
            "#/nothing/here",
        ];
        for text in [YAML, JSON] {
            let together = locate_all(text, &pointers);
            let apart: Vec<_> = pointers.iter().map(|p| locate(text, p)).collect();
            assert_eq!(together, apart);
        }
    }

    #[test]
    fn any_text_is_read_without_a_panic() {
        // Every prefix of both samples (so every way of being cut short), and some oddities.
        let mut texts: Vec<String> = Vec::new();
        for sample in [YAML, JSON] {
            texts.extend(sample.char_indices().map(|(at, _)| sample[..at].to_owned()));
        }
        texts.extend(
            [
                "{",
                "[",
                "}",
                "]",
                "\"",
                "'",
                "- ",
                "-",
                ":",
                ": :",
                "{a: [}",
                "[{]",
                "a: \"x\\",
                "a: 'x''",
                "- - - -",
                "a:\n\t- b",
                "---\n---",
                "?\n: x",
                "{\"a\\u12\": 1}",
                "{\"\\ud800\": 1}",
                "key: |\n",
                "a: &x [*x]",
                "\u{feff}",
                "é: é",
                "\r\r\n",
            ]
            .map(str::to_owned),
        );
        for text in &texts {
            let found = locate_all(text, &["#", "#/a", "#/a/0", "#/paths/~1x/get", "#/0/0"]);
            assert_eq!(found.len(), 5);
        }
    }
}
