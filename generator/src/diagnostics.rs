//! Problems found in a spec: each one has a severity, a JSON pointer into the document and,
//! where the node can be found in the text, a line and column.

use std::cmp::Ordering;
use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The document cannot be turned into an SDK; nothing is generated.
    Error,
    /// Something was not understood and was replaced by a documented fallback.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Error => "error",
            Self::Warning => "warning",
        })
    }
}

/// One problem, located in the document. Diagnostics sort errors first, then by pointer in
/// document order (see [`compare_pointers`]), then by position and message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// JSON pointer to the offending node, e.g. `#/paths/~1assistants/get`.
    pub pointer: String,
    /// Line and column (both 1-based) in the source text, when known: where the parser
    /// stopped for a syntax error, else where the node of `pointer` (or the nearest node
    /// enclosing it) starts.
    pub position: Option<(usize, usize)>,
    /// A short lowercase message.
    pub message: String,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            pointer: pointer.into(),
            position: None,
            message: message.into(),
        }
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(pointer, message)
        }
    }

    /// The same diagnostic with a line and column attached.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.position = Some((line, column));
        self
    }
}

impl Ord for Diagnostic {
    fn cmp(&self, other: &Self) -> Ordering {
        self.severity
            .cmp(&other.severity)
            .then_with(|| compare_pointers(&self.pointer, &other.pointer))
            .then_with(|| self.position.cmp(&other.position))
            .then_with(|| self.message.cmp(&other.message))
    }
}

impl PartialOrd for Diagnostic {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Orders JSON pointers segment by segment, a parent before its children, and two segments
/// that are both numbers (array indexes) by value: `parameters/2` before `parameters/10`.
pub fn compare_pointers(a: &str, b: &str) -> Ordering {
    let number = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let mut left = a.split('/');
    let mut right = b.split('/');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (number(x), number(y)) {
                    (Some(m), Some(n)) => m.cmp(&n).then_with(|| x.cmp(y)),
                    _ => x.cmp(y),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

impl Diagnostic {
    /// Renders the diagnostic for a person, naming `file` (the spec's path) and the position
    /// in it where known:
    ///
    /// ```text
    /// error: invalid yaml: did not find expected node content
    ///   --> spec/openapi.yaml:3:1
    ///   at #
    /// ```
    pub fn render(&self, file: &str) -> String {
        let position = match self.position {
            Some((line, column)) => format!(":{line}:{column}"),
            None => String::new(),
        };
        format!(
            "{}: {}\n  --> {file}{position}\n  at {}",
            self.severity, self.message, self.pointer
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("spec"))
    }
}

/// Collects diagnostics across phases, so one run reports every problem it can find.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records an error at `pointer`.
    pub fn error(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.push(Diagnostic::error(pointer.to_string(), message));
    }

    /// Records a warning at `pointer`.
    pub fn warning(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.push(Diagnostic::warning(pointer.to_string(), message));
    }

    /// Everything recorded so far, in the order it was.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Whether any error has been recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Everything recorded, errors first, then by location, without duplicates.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }
}

/// A JSON pointer (RFC 6901) into the spec, built one segment at a time.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Self(String::new())
    }

    /// Parses a local `$ref` such as `#/components/schemas/Pet`; `None` for other forms.
    pub fn from_ref(reference: &str) -> Option<Self> {
        let rest = reference.strip_prefix('#')?;
        if !rest.is_empty() && !rest.starts_with('/') {
            return None;
        }
        Some(Self(rest.to_owned()))
    }

    /// This pointer extended by one segment, escaped as RFC 6901 requires.
    pub fn join(&self, segment: impl fmt::Display) -> Self {
        use fmt::Write as _;
        // Lowering joins a pointer for every schema, property and parameter it reads: one
        // allocation each, a second only for a segment that needs escaping.
        let mut out = String::with_capacity(self.0.len() + 24);
        out.push_str(&self.0);
        out.push('/');
        let start = out.len();
        let _ = write!(out, "{segment}");
        if out[start..].contains(['~', '/']) {
            let escaped = out[start..].replace('~', "~0").replace('/', "~1");
            out.truncate(start);
            out.push_str(&escaped);
        }
        Self(out)
    }

    /// The unescaped segments.
    pub fn segments(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_segments_are_escaped() {
        let p = Pointer::root()
            .join("paths")
            .join("/assistants/{id}")
            .join("a~b");
        assert_eq!(p.to_string(), "#/paths/~1assistants~1{id}/a~0b");
        assert_eq!(
            p.segments().collect::<Vec<_>>(),
            ["paths", "/assistants/{id}", "a~b"]
        );
        assert_eq!(
            Pointer::from_ref("#/components/schemas/X"),
            Some(Pointer::root().join("components").join("schemas").join("X"))
        );
        assert_eq!(Pointer::from_ref("other.yaml#/X"), None);
    }

    #[test]
    fn pointers_sort_numbers_by_value() {
        let mut d = Diagnostics::default();
        let at = |i: usize| Pointer::root().join("parameters").join(i);
        for i in [10, 2, 1] {
            d.warning(&at(i), "w");
        }
        d.warning(&Pointer::root().join("parameters"), "w");
        d.warning(&Pointer::root().join("a"), "w");
        let pointers: Vec<String> = d.into_sorted().into_iter().map(|d| d.pointer).collect();
        assert_eq!(
            pointers,
            [
                "#/a",
                "#/parameters",
                "#/parameters/1",
                "#/parameters/2",
                "#/parameters/10"
            ]
        );
        let table = [
            ("#/a/2", "#/a/10", Ordering::Less),
            ("#/a/10", "#/a/x", Ordering::Less),
            ("#/a/01", "#/a/1", Ordering::Less),
            ("#/a", "#/a/0", Ordering::Less),
            ("#/b", "#/a/0", Ordering::Greater),
        ];
        for (a, b, expected) in table {
            assert_eq!(compare_pointers(a, b), expected, "{a} vs {b}");
        }
    }

    #[test]
    fn errors_sort_before_warnings() {
        let mut d = Diagnostics::default();
        d.warning(&Pointer::root().join("a"), "w");
        d.error(&Pointer::root().join("b"), "e");
        let sorted = d.into_sorted();
        assert_eq!(sorted[0].severity, Severity::Error);
        assert_eq!(sorted[1].severity, Severity::Warning);
    }
}
