//! Where a JSON pointer's node is in the spec's text (JSON or YAML), so that diagnostics found
//! after parsing, on the tree, still show a line and column.
//!
//! The parsers keep no positions in the tree they give, so a small scanner of its own reads
//! the text again: block YAML line by line (mapping keys by their indentation, `- ` items by
//! their dash), flow collections and JSON token by token. It names a mapping entry by its key
//! and a sequence item by its first character. It reads untrusted text: it never panics, uses
//! explicit stacks instead of recursion, and a pointer it cannot follow to the end gets the
//! position of the deepest enclosing node it found.

use std::collections::HashMap;

/// The line and column (both 1-based, columns in characters) of the node at each of
/// `pointers` (`#/paths/~1pets/get`), or of its nearest enclosing node that the scanner found;
/// `None` when not even the document's root is there.
pub(crate) fn locate_all(text: &str, pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
    let mut wanted: HashMap<&str, Option<usize>> = HashMap::new();
    for pointer in pointers {
        for prefix in prefixes(pointer) {
            wanted.insert(prefix, None);
        }
    }
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        path: String::from("#"),
        wanted,
    };
    scanner.block();
    let lines = LineIndex::new(text);
    pointers
        .iter()
        .map(|pointer| {
            // The longest prefix found wins; prefixes come shortest first.
            prefixes(pointer)
                .filter_map(|prefix| scanner.wanted.get(prefix).copied().flatten())
                .last()
                .map(|offset| lines.position(offset))
        })
        .collect()
}

/// [`locate_all`] for one pointer.
#[cfg(test)]
pub(crate) fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    locate_all(text, &[pointer]).pop().flatten()
}

/// `#`, `#/a`, `#/a/b` for `#/a/b`: segments are escaped, so `/` only ever separates them.
fn prefixes(pointer: &str) -> impl Iterator<Item = &str> {
    pointer
        .match_indices('/')
        .map(|(at, _)| &pointer[..at])
        .chain(std::iter::once(pointer))
}

/// Turns byte offsets into lines and columns.
struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Self { text, starts }
    }

    fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts[line - 1];
        // Offsets are taken at ASCII characters or right after them, so on boundaries; the
        // byte count is a fallback that cannot panic.
        let column = self
            .text
            .get(start..offset)
            .map_or(offset.saturating_sub(start), |s| {
                // A byte order mark is not shown by editors, so it takes no column.
                s.chars().filter(|&c| c != '\u{feff}').count()
            });
        (line, column + 1)
    }
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

struct Scanner<'t, 'p> {
    bytes: &'t [u8],
    /// The pointer of the node being read, escaped like the wanted ones.
    path: String,
    /// Every prefix of every wanted pointer, with the offset where its node was first seen.
    wanted: HashMap<&'p str, Option<usize>>,
}

impl Scanner<'_, '_> {
    /// The node at the current path starts at `offset`.
    fn node(&mut self, offset: usize) {
        if let Some(slot) = self.wanted.get_mut(self.path.as_str()) {
            slot.get_or_insert(offset);
        }
    }

    fn push(&mut self, segment: &str) {
        self.path.push('/');
        self.path
            .push_str(&segment.replace('~', "~0").replace('/', "~1"));
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.bytes.get(at).copied()
    }

    fn line_end(&self, from: usize) -> usize {
        self.bytes[from.min(self.bytes.len())..]
            .iter()
            .position(|&b| b == b'\n')
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
                self.push(&index.to_string());
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
                self.push(&key);
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
    fn block_key(&self, start: usize, end: usize) -> Option<(String, usize)> {
        let (key, after_key) = match self.byte(start)? {
            quote @ (b'"' | b'\'') => {
                let close = self.quoted_end(start, end)?;
                (
                    decode_quoted(&self.bytes[start..close], quote),
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
                let text = String::from_utf8_lossy(&self.bytes[start..at]);
                (text.trim_end().to_owned(), at)
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
                        self.push(&key);
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
                            self.push(&index.to_string());
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
    fn flow_key(&self, start: usize) -> (String, usize) {
        match self.byte(start) {
            Some(quote @ (b'"' | b'\'')) => {
                let close = self
                    .quoted_end(start, self.bytes.len())
                    .unwrap_or(self.bytes.len());
                (decode_quoted(&self.bytes[start..close], quote), close)
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
                let text = String::from_utf8_lossy(&self.bytes[start..at]);
                (text.trim().to_owned(), at)
            }
        }
    }
}

/// The text of a quoted scalar given with its quotes (the closing one may be missing):
/// JSON and YAML escapes in double quotes, a doubled quote in single quotes.
fn decode_quoted(raw: &[u8], quote: u8) -> String {
    let inner = raw.get(1..).unwrap_or_default();
    let inner = inner.strip_suffix(&[quote]).unwrap_or(inner);
    let text = String::from_utf8_lossy(inner);
    if quote == b'\'' {
        return text.replace("''", "'");
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
    out
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
