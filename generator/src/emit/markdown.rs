//! Description text made into rustdoc that clippy's doc lints accept, rendering as the spec's
//! Markdown did: tabs become spaces, the lines a list item or block quote takes in lazily
//! get the indentation or `>` marker that says so explicitly, and long lines of plain
//! paragraphs are wrapped.

/// Columns between tab stops, as CommonMark counts them.
const TAB_STOP: usize = 4;

/// The width paragraph text is wrapped at: with the `    /// ` of a field or method in
/// front, a line ends by column 100.
const WIDTH: usize = 92;

/// `text` with tabs expanded, lazy continuation lines made explicit and the lines of plain
/// paragraphs wrapped at [`WIDTH`]. Lines inside fenced code blocks only have their tabs
/// expanded; code, tables, lists, quotes and HTML keep their lines.
pub(crate) fn rustdoc(text: &str) -> String {
    render(text, true)
}

/// The same without wrapping, for the README, whose own paragraphs are a line each.
pub(crate) fn unwrapped(text: &str) -> String {
    render(text, false)
}

fn render(text: &str, wrap_lines: bool) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut state = State::default();
    for line in text.lines() {
        let line = expand_tabs(line);
        let shown = state.line(&line).unwrap_or(line);
        if wrap_lines
            && state.in_plain_paragraph()
            && shown.chars().count() > WIDTH
            && wrappable(&shown)
        {
            out.extend(wrap(&shown));
        } else {
            out.push(shown);
        }
    }
    out.join("\n")
}

/// Whether a paragraph line may be wrapped: not a table row (`|`), not HTML, not indented,
/// and without runs of spaces (which a code span keeps).
fn wrappable(line: &str) -> bool {
    !line.contains('|') && !line.contains("  ") && !line.starts_with([' ', '<'])
}

/// `line` split at spaces into lines of at most [`WIDTH`] columns (a longer word keeps a line
/// of its own), never before a word that would start a block of its own at the start of a
/// line (a list marker, `#`, `>`, a fence, a setext underline).
fn wrap(line: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        let fits = current.chars().count() + 1 + word.chars().count() <= WIDTH;
        if current.is_empty() || fits || starts_block(word) {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        } else {
            lines.push(std::mem::replace(&mut current, word.to_owned()));
        }
    }
    lines.push(current);
    lines
}

/// Whether a line starting with `word` would open a block rather than go on with the
/// paragraph.
fn starts_block(word: &str) -> bool {
    list_marker(&format!("{word} ")).is_some()
        || is_heading(word)
        || fence_marker(word).is_some()
        || word.starts_with(['>', '|', '<'])
        || word.chars().all(|c| c == '=')
        || word.chars().all(|c| c == '-')
        || is_thematic_break(word)
}

/// Where the previous lines left the Markdown parser, as far as continuation lines care.
#[derive(Default)]
struct State {
    /// The marker (three or more backticks or tildes) of the open fenced code block.
    fence: Option<String>,
    /// The content column of each open list item, innermost last.
    items: Vec<usize>,
    /// The column of the `>` of the open block quote, and where its content left the parser:
    /// a quote holds Markdown of its own, lists and lazy lines included.
    quote: Option<(usize, Box<State>)>,
    /// Whether the previous line was paragraph text, which a following text line continues.
    paragraph: bool,
}

impl State {
    /// Whether the line just taken in is text of a paragraph outside any list, quote or code.
    fn in_plain_paragraph(&self) -> bool {
        self.paragraph && self.fence.is_none() && self.items.is_empty() && self.quote.is_none()
    }

    /// Takes in one line (tabs already expanded); `Some` with the line to write instead when
    /// it is a lazy continuation line.
    fn line(&mut self, line: &str) -> Option<String> {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(fence) = &self.fence {
            if trimmed.starts_with(fence.as_str()) && trimmed[fence.len()..].trim().is_empty() {
                self.fence = None;
            }
            return None;
        }
        if trimmed.is_empty() {
            self.paragraph = false;
            self.quote = None;
            return None;
        }
        let container = self.items.last().copied().unwrap_or(0);
        // Four columns past the container's content, a line after a blank one is code.
        if !self.paragraph && indent >= container + TAB_STOP {
            return None;
        }
        if indent < container + TAB_STOP {
            if let Some(fence) = fence_marker(trimmed) {
                self.close_items(indent);
                self.fence = Some(fence);
                self.quote = None;
                self.paragraph = false;
                return None;
            }
            if let Some(width) = list_marker(trimmed) {
                self.close_items(indent);
                self.items.push(indent + width);
                self.quote = None;
                self.paragraph = trimmed.len() > width;
                return None;
            }
            if let Some(quoted) = trimmed.strip_prefix('>') {
                if self
                    .quote
                    .as_ref()
                    .is_none_or(|(column, _)| *column != indent)
                {
                    self.close_items(indent);
                    self.quote = Some((indent, Box::default()));
                }
                let quoted = quoted.strip_prefix(' ').unwrap_or(quoted);
                let (_, inner) = self.quote.as_mut()?;
                let shown = inner.line(quoted);
                self.paragraph = inner.paragraph;
                return shown.map(|content| format!("{}> {content}", " ".repeat(indent)));
            }
            if is_heading(trimmed) || is_thematic_break(trimmed) {
                self.close_items(indent);
                self.quote = None;
                self.paragraph = false;
                return None;
            }
        }
        if !self.paragraph {
            // A new paragraph, inside the items it is indented into.
            self.close_items(indent);
            self.quote = None;
            self.paragraph = true;
            return None;
        }
        if let Some((column, inner)) = &mut self.quote {
            let content = inner.line(trimmed).unwrap_or_else(|| trimmed.to_owned());
            return Some(format!("{}> {content}", " ".repeat(*column)));
        }
        match self.items.last() {
            Some(&column) if indent < column => Some(format!("{}{trimmed}", " ".repeat(column))),
            _ => None,
        }
    }

    /// Closes the list items whose content starts right of `indent`.
    fn close_items(&mut self, indent: usize) {
        while self.items.last().is_some_and(|&column| column > indent) {
            self.items.pop();
        }
    }
}

/// Tabs replaced by the spaces up to the next tab stop.
fn expand_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + TAB_STOP);
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let width = TAB_STOP - column % TAB_STOP;
            out.extend(std::iter::repeat_n(' ', width));
            column += width;
        } else {
            out.push(c);
            column += 1;
        }
    }
    out
}

/// The width of a list marker and the spaces after it (`- `, `12. `, `3) `) at the start of
/// `text`, where the item's content starts; `None` when `text` does not start a list item.
fn list_marker(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match text.as_bytes().get(digits) {
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    let rest = &text[marker..];
    if rest.is_empty() {
        return Some(marker + 1);
    }
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    match spaces {
        0 => None,
        // Five spaces or more: the content is indented code, and starts one column in.
        1..=4 if spaces < rest.len() => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// The fence of a line that opens a fenced code block: three or more backticks or tildes.
fn fence_marker(text: &str) -> Option<String> {
    let first = text.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let length = text.chars().take_while(|&c| c == first).count();
    (length >= 3).then(|| first.to_string().repeat(length))
}

/// `# Title` to `###### Title`.
fn is_heading(text: &str) -> bool {
    let hashes = text.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && text[hashes..].chars().next().is_none_or(|c| c == ' ')
}

/// `---`, `***`, `___`, spaces allowed between.
fn is_thematic_break(text: &str) -> bool {
    let Some(first) = text.chars().next().filter(|c| matches!(c, '-' | '*' | '_')) else {
        return false;
    };
    text.chars().all(|c| c == first || c == ' ')
        && text.chars().filter(|&c| c == first).count() >= 3
}

#[cfg(test)]
mod tests {
    use super::rustdoc;

    #[test]
    fn tabs_become_spaces_to_the_next_stop() {
        assert_eq!(rustdoc("\tcode\n a\tb"), "    code\n a  b");
    }

    #[test]
    fn lazy_list_lines_are_indented_to_the_item() {
        let text = " - ONE: the first\nwraps here\n - TWO: second\n\nAfter the list.";
        assert_eq!(
            rustdoc(text),
            " - ONE: the first\n   wraps here\n - TWO: second\n\nAfter the list."
        );
        assert_eq!(
            rustdoc("1. first\nmore\n   - nested\nlazy"),
            "1. first\n   more\n   - nested\n     lazy"
        );
    }

    #[test]
    fn lazy_quote_lines_get_their_marker() {
        assert_eq!(
            rustdoc("Said:\n> quoted\nstill quoted\n\nnot quoted"),
            "Said:\n> quoted\n> still quoted\n\nnot quoted"
        );
        // A list in a quote, continued lazily inside the quote and out of it.
        assert_eq!(
            rustdoc("> - item\n> more\nlazy\n> # Title\ntext\nmore text"),
            "> - item\n>   more\n>   lazy\n> # Title\ntext\nmore text"
        );
    }

    #[test]
    fn long_paragraph_lines_are_wrapped_at_spaces() {
        let long = "word ".repeat(30);
        let wrapped = rustdoc(long.trim_end());
        assert!(wrapped.lines().count() > 1);
        assert!(wrapped.lines().all(|line| line.len() <= super::WIDTH));
        assert_eq!(wrapped.replace('\n', " "), long.trim_end());
    }

    #[test]
    fn a_wrapped_line_never_starts_a_block() {
        // Each break would put a marker (`-`, `1.`, `#`, `>`) first on a line.
        let text = format!("{} - 1. # > end", "x".repeat(88));
        let wrapped = rustdoc(&text);
        for line in wrapped.lines().skip(1) {
            assert!(
                !super::starts_block(line.split(' ').next().unwrap_or("")),
                "{wrapped}"
            );
        }
        assert_eq!(wrapped.replace('\n', " "), text);
    }

    #[test]
    fn code_tables_lists_and_quotes_keep_their_long_lines() {
        let long = "word ".repeat(30);
        let long = long.trim_end();
        for text in [
            format!("```\n{long}\n```"),
            format!("    {long}"),
            format!("| {long} |"),
            format!("- {long}"),
            format!("1. {long}"),
            format!("> {long}"),
            format!("<p>{long}</p>"),
        ] {
            assert_eq!(rustdoc(&text), text);
        }
    }

    #[test]
    fn other_markdown_is_left_alone() {
        let text = "Text\n- item\n\n  more of the item\n\n```text\n- x\ny\n```\n# Heading\nplain\n---\n\n    code\n- a\n- b";
        assert_eq!(rustdoc(text), text);
    }
}
