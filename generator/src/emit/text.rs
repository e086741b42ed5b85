//! Rust code written as text, line by line, for the files (or the parts of files) that are
//! fixed templates: building them as tokens, parsing the tokens back and printing the syntax
//! tree was most of the generator's time. The text is the one `prettyplease` prints for the
//! same code, so that a file reads the same whichever way it was made: the few layouts that
//! depend on the line's width are decided here as the printer decides them for the forms
//! the templates use, and no others (each layout says which form it takes, and when).
//!
//! The printer's line is [`WIDTH`] columns; a form fits when its text, from the line's
//! indentation on, is at most that long. What counts varies: a comma the printer writes
//! only when the line does not break (after a match arm, after the last field of a struct
//! literal) is not counted, so such a line may be one column longer.

use std::fmt::Write as _;

/// Columns of a line, as `prettyplease` counts them.
pub(crate) const WIDTH: usize = 89;

/// Most columns of a struct literal on one line, from its path to its `}`: the printer
/// breaks longer ones even where they would fit.
const STRUCT_LITERAL_WIDTH: usize = 35;

/// Columns of one level of indentation.
const INDENT: usize = 4;

/// A Rust file (or piece of one) being written: its text and the indentation of the next
/// line.
#[derive(Default)]
pub(crate) struct Writer {
    out: String,
    indent: usize,
}

/// A call `callee(arg, ...)` followed by `tail` (`?`, `;`): on one line when it fits, else
/// with one argument per line, each with a comma, and `)` and the tail on a line of their
/// own. The callee is not broken: a path, or a method of a short receiver (`map.read_into`:
/// the printer does not break after a name no longer than the indentation it would save).
#[derive(Clone, Copy)]
pub(crate) struct Call<'a> {
    pub(crate) callee: &'a str,
    pub(crate) args: &'a [&'a str],
    pub(crate) tail: &'a str,
}

impl Call<'_> {
    /// The call on one line.
    fn inline(&self) -> String {
        format!("{}({}){}", self.callee, self.args.join(", "), self.tail)
    }

    /// Columns of the call on one line.
    fn width(&self) -> usize {
        let commas = 2 * self.args.len().saturating_sub(1);
        self.callee.len()
            + 2
            + self.args.iter().map(|a| a.len()).sum::<usize>()
            + commas
            + self.tail.len()
    }
}

impl Writer {
    /// The text written.
    pub(crate) fn finish(self) -> String {
        self.out
    }

    /// Whether `columns` of text fit on a line at the current indentation.
    pub(crate) fn fits(&self, columns: usize) -> bool {
        self.indent + columns <= WIDTH
    }

    /// One line at the current indentation.
    pub(crate) fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push(' ');
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A line that opens a block (`impl X {`): the lines after it are indented once more.
    pub(crate) fn open(&mut self, text: &str) {
        self.line(text);
        self.indent += INDENT;
    }

    /// Indents the lines after a line written with [`Writer::call`] that opens a block.
    pub(crate) fn indent(&mut self) {
        self.indent += INDENT;
    }

    /// A line that closes a block (`}`), indented as the line that opened it.
    pub(crate) fn close(&mut self, text: &str) {
        self.indent = self.indent.saturating_sub(INDENT);
        self.line(text);
    }

    /// A doc comment line, as the printer writes `#[doc = " text"]`: `/// text`, and `///`
    /// alone for an empty line.
    pub(crate) fn doc(&mut self, text: &str) {
        if text.is_empty() {
            self.line("///");
        } else {
            self.line(&format!("/// {text}"));
        }
    }

    /// An inner doc comment line, as the printer writes `#![doc = " text"]`: `//! text`, and
    /// `//!` alone for an empty line.
    pub(crate) fn inner_doc(&mut self, text: &str) {
        if text.is_empty() {
            self.line("//!");
        } else {
            self.line(&format!("//! {text}"));
        }
    }

    /// The `#[cfg]` of an item compiled when any of `features` is on; nothing for none.
    ///
    /// One feature is `#[cfg(feature = "a")]`, several `#[cfg(any(feature = "a", ...))]`.
    /// When that is too long, the predicate goes on a line of its own, and when that is too
    /// long as well, each feature does (the printer writes no comma after the last one).
    pub(crate) fn cfg(&mut self, features: &[&str]) {
        let names: Vec<String> = features
            .iter()
            .map(|name| format!("feature = {}", string_literal(name)))
            .collect();
        let predicate = match names.as_slice() {
            [] => return,
            [one] => one.clone(),
            several => format!("any({})", several.join(", ")),
        };
        if self.fits(predicate.len() + "#[cfg()]".len()) {
            self.line(&format!("#[cfg({predicate})]"));
            return;
        }
        self.open("#[cfg(");
        if self.fits(predicate.len()) || names.len() == 1 {
            self.line(&predicate);
        } else {
            self.open("any(");
            for (i, name) in names.iter().enumerate() {
                if i + 1 < names.len() {
                    self.line(&format!("{name},"));
                } else {
                    self.line(name);
                }
            }
            self.close(")");
        }
        self.close(")]");
    }

    /// The header of an impl, `impl Trait for Type {`, and the block it opens. When it is
    /// too long, `for Type {` goes on the next line, not indented.
    pub(crate) fn open_impl(&mut self, head: &str, self_ty: &str) {
        let line = format!("{head} for {self_ty} {{");
        if self.fits(line.len()) {
            self.open(&line);
        } else {
            self.line(head);
            self.open(&format!("for {self_ty} {{"));
        }
    }

    /// A call (see [`Call`]) on a line of its own.
    pub(crate) fn call(&mut self, call: &Call) {
        if self.fits(call.width()) {
            self.line(&call.inline());
        } else {
            self.open(&format!("{}(", call.callee));
            for arg in call.args {
                self.line(&format!("{arg},"));
            }
            self.close(&format!("){}", call.tail));
        }
    }

    /// A call whose one argument is a call, `callee(inner(...))tail`: on one line when it
    /// fits, else the inner call on a line of its own (the comma after it not counted), laid
    /// out as any call.
    pub(crate) fn call_of_call(&mut self, callee: &str, inner: &Call, tail: &str) {
        let width = callee.len() + 2 + inner.width() + tail.len();
        if self.fits(width) {
            self.line(&format!("{callee}({}){tail}", inner.inline()));
            return;
        }
        self.open(&format!("{callee}("));
        if self.fits(inner.width()) {
            self.line(&format!("{},", inner.inline()));
        } else {
            self.open(&format!("{}(", inner.callee));
            for arg in inner.args {
                self.line(&format!("{arg},"));
            }
            self.close(&format!("){},", inner.tail));
        }
        self.close(&format!("){tail}"));
    }

    /// `let Some(local) = local else {`, which takes the value out of an `Option` local (or
    /// runs the block, which leaves the function), and the block it opens: the statement is
    /// closed by `};`.
    ///
    /// On one line when it fits (the `{` not counted). Else, while `let Some(local) = ` fits,
    /// `else {` goes on the next line; when even that is too long, the pattern breaks as a
    /// call does, and `) = local else {` follows it, with `else {` on a line of its own when
    /// that line is too long in turn.
    pub(crate) fn open_let_some_else(&mut self, local: &str) {
        let head = format!("let Some({local}) = {local}");
        if self.fits(head.len() + " else ".len()) {
            self.open(&format!("{head} else {{"));
            return;
        }
        let rest = if self.fits(format!("let Some({local}) = ").len()) {
            self.line(&head);
            None
        } else {
            self.open("let Some(");
            self.line(&format!("{local},"));
            self.indent = self.indent.saturating_sub(INDENT);
            Some(format!(") = {local}"))
        };
        match rest {
            Some(rest) if self.fits(rest.len() + " else ".len()) => {
                self.open(&format!("{rest} else {{"));
            }
            Some(rest) => {
                self.line(&rest);
                self.open("else {");
            }
            None => self.open("else {"),
        }
    }

    /// A match arm `pattern => body,` whose pattern is a call of one argument
    /// (`Some(Field::Name)`) and whose body is a call (see [`Call`]).
    ///
    /// A pattern too long for its line with ` => ` breaks first, as a call does, and the
    /// arm goes on after its `)`. Then, when the arm is too long for its line (the comma
    /// after it is not counted), the body goes in a block of its own, `pattern => {`, where
    /// it is laid out as any call.
    pub(crate) fn arm(&mut self, pattern: &Call, body: &Call) {
        if self.fits(pattern.width() + " => ".len()) {
            self.arm_body(&pattern.inline(), body);
        } else {
            self.open(&format!("{}(", pattern.callee));
            for arg in pattern.args {
                self.line(&format!("{arg},"));
            }
            self.indent = self.indent.saturating_sub(INDENT);
            self.arm_body(")", body);
        }
    }

    /// A match arm whose pattern is a literal (`"name"`), which never breaks; laid out as
    /// [`Writer::arm`].
    pub(crate) fn literal_arm(&mut self, pattern: &str, body: &Call) {
        self.arm_body(pattern, body);
    }

    /// The rest of an arm after the text `head` of its pattern.
    fn arm_body(&mut self, head: &str, body: &Call) {
        if self.fits(head.len() + " => ".len() + body.width()) {
            self.line(&format!("{head} => {},", body.inline()));
        } else {
            self.open(&format!("{head} => {{"));
            self.call(body);
            self.close("}");
        }
    }

    /// A struct literal `before path { field, ... }after` (`Ok(Self { .. })`) as the last
    /// expression of a block: on one line when it fits and `path { field, ... }` is at most
    /// [`STRUCT_LITERAL_WIDTH`] columns, else one field per line, each laid out as [`Init`]
    /// says.
    pub(crate) fn struct_literal(
        &mut self,
        before: &str,
        path: &str,
        fields: &[Init],
        after: &str,
    ) {
        let open = format!("{before}{path}");
        if fields.is_empty() {
            self.line(&format!("{open} {{}}{after}"));
            return;
        }
        let inline: Vec<String> = fields.iter().map(Init::inline).collect();
        let literal = format!("{path} {{ {} }}", inline.join(", "));
        let line = format!("{before}{literal}{after}");
        if literal.len() <= STRUCT_LITERAL_WIDTH && self.fits(line.len()) {
            self.line(&line);
            return;
        }
        self.open(&format!("{open} {{"));
        for (i, field) in fields.iter().enumerate() {
            self.init(field, i + 1 == fields.len());
        }
        self.close(&format!("}}{after}"));
    }

    /// A field of a struct literal on a line of its own, with its comma (`last`: the field
    /// the literal ends with, whose comma is not counted). When `name: receiver.method` is
    /// too long, `.method` goes on the next line, indented once more; a value without a
    /// method (`None`, a path) never breaks.
    fn init(&mut self, field: &Init, last: bool) {
        let Some((receiver, method)) = field.value else {
            self.line(&format!("{},", field.name));
            return;
        };
        let counted = usize::from(!last);
        if method.is_empty()
            || self.fits(field.name.len() + 2 + receiver.len() + method.len() + counted)
        {
            self.line(&format!("{}: {receiver}{method},", field.name));
        } else {
            self.line(&format!("{}: {receiver}", field.name));
            self.indent += INDENT;
            self.line(&format!("{method},"));
            self.indent -= INDENT;
        }
    }
}

/// A type as the printer lays it out: a path (`Option`, `std::collections::BTreeMap`) and
/// the arguments between its `<` and `>`, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Type {
    pub(crate) path: String,
    pub(crate) args: Vec<Type>,
}

impl Type {
    /// A type without arguments.
    pub(crate) fn plain(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            args: Vec::new(),
        }
    }

    /// `path<args>`.
    pub(crate) fn generic(path: impl Into<String>, args: Vec<Type>) -> Self {
        Self {
            path: path.into(),
            args,
        }
    }

    /// The type on one line.
    pub(crate) fn inline(&self) -> String {
        let mut out = String::with_capacity(self.width());
        self.write_inline(&mut out);
        out
    }

    fn write_inline(&self, out: &mut String) {
        out.push_str(&self.path);
        if let Some((first, rest)) = self.args.split_first() {
            out.push('<');
            first.write_inline(out);
            for arg in rest {
                out.push_str(", ");
                arg.write_inline(out);
            }
            out.push('>');
        }
    }

    /// Columns of the type on one line.
    fn width(&self) -> usize {
        let args: usize = self.args.iter().map(Type::width).sum();
        let around = match self.args.len() {
            0 => 0,
            n => 2 + 2 * (n - 1),
        };
        self.path.len() + args + around
    }
}

impl Writer {
    /// `prefix`, the type `ty` and `suffix` on a line (`pub name: Option<Vec<Item>>,`), when
    /// that fits; else the type's arguments go on lines of their own after its `<`, each laid
    /// out the same way with its comma, and its `>` and `suffix` on a line after them. The
    /// comma the printer adds after the last argument of a broken list is not counted.
    pub(crate) fn typed(&mut self, prefix: &str, ty: &Type, suffix: &str) {
        self.typed_counting(prefix, ty, suffix, true);
    }

    fn typed_counting(&mut self, prefix: &str, ty: &Type, suffix: &str, counted: bool) {
        let counted_suffix = if counted { suffix.len() } else { 0 };
        if ty.args.is_empty() || self.fits(prefix.len() + ty.width() + counted_suffix) {
            self.line(&format!("{prefix}{}{suffix}", ty.inline()));
            return;
        }
        self.open(&format!("{prefix}{}<", ty.path));
        for (i, arg) in ty.args.iter().enumerate() {
            self.typed_counting("", arg, ",", i + 1 < ty.args.len());
        }
        self.close(&format!(">{suffix}"));
    }

    /// A function's signature `head(params)tail` (`pub fn new(a: A) -> Self {`), and the
    /// block it opens: on one line when it fits, else each parameter on a line of its own
    /// with its comma (the last one's not counted), its type laid out as [`Writer::typed`]
    /// lays out a field's, and `)tail` on a line after them.
    pub(crate) fn signature(&mut self, head: &str, params: &[Param], tail: &str) {
        let inline: Vec<String> = params.iter().map(Param::inline).collect();
        let line = format!("{head}({}){tail}", inline.join(", "));
        if self.fits(line.len()) {
            self.open(&line);
            return;
        }
        self.open(&format!("{head}("));
        for (i, param) in params.iter().enumerate() {
            match param.ty {
                Some(ty) => {
                    let prefix = format!("{}: ", param.name);
                    self.typed_counting(&prefix, ty, ",", i + 1 < params.len());
                }
                None => self.line(&format!("{},", param.name)),
            }
        }
        self.close(&format!("){tail}"));
        self.indent += INDENT;
    }

    /// The statement `receiver.field = value;`, where `value` is a plain expression or a
    /// call `callee(arg)` (`Some(value.into())`): on one line when it fits, else the call's
    /// argument on a line of its own. When `receiver.field = ` alone is too long, the
    /// receiver keeps its line and the rest goes on the next, indented once more, where a
    /// call's argument stays at that indentation.
    pub(crate) fn assign(&mut self, receiver: &str, field: &str, value: Value) {
        let head = format!("{receiver}.{field} = ");
        if !self.fits(head.len()) {
            self.line(receiver);
            self.indent += INDENT;
            match value {
                Value::Plain(value) => self.line(&format!(".{field} = {value};")),
                Value::Call(callee, arg) => {
                    self.line(&format!(".{field} = {callee}("));
                    self.line(&format!("{arg},"));
                }
            }
            self.indent -= INDENT;
            if let Value::Call(..) = value {
                self.line(");");
            }
            return;
        }
        match value {
            Value::Plain(value) => self.line(&format!("{head}{value};")),
            Value::Call(callee, arg) => self.call(&Call {
                callee: &format!("{head}{callee}"),
                args: &[arg],
                tail: ";",
            }),
        }
    }

    /// An attribute `#[name(inner)]` on a line of its own, or, when that does not fit,
    /// with `inner` on a line between `#[name(` and `)]`.
    pub(crate) fn attribute(&mut self, name: &str, inner: &str) {
        let line = format!("#[{name}({inner})]");
        if self.fits(line.len()) {
            self.line(&line);
        } else {
            self.open(&format!("#[{name}("));
            self.line(inner);
            self.close(")]");
        }
    }
}

/// A parameter of a function: `name: ty`, or `name` alone (`mut self`).
pub(crate) struct Param<'a> {
    pub(crate) name: &'a str,
    pub(crate) ty: Option<&'a Type>,
}

impl Param<'_> {
    fn inline(&self) -> String {
        match self.ty {
            Some(ty) => format!("{}: {}", self.name, ty.inline()),
            None => self.name.to_owned(),
        }
    }
}

/// The value of an assignment (see [`Writer::assign`]): a plain expression, or a call of
/// one argument, `callee(arg)`.
#[derive(Clone, Copy)]
pub(crate) enum Value<'a> {
    Plain(&'a str),
    Call(&'a str, &'a str),
}

/// A field of a struct literal: `name` alone (the local of that name), or
/// `name: receiver.method(...)`, with `method` the text from the dot on (empty for a value
/// that is no method call).
pub(crate) struct Init<'a> {
    pub(crate) name: &'a str,
    pub(crate) value: Option<(&'a str, &'a str)>,
}

impl Init<'_> {
    /// The field on one line, without its comma.
    fn inline(&self) -> String {
        match self.value {
            None => self.name.to_owned(),
            Some((receiver, method)) => format!("{}: {receiver}{method}", self.name),
        }
    }
}

/// `value` as a Rust string literal, escaped as `proc_macro2` escapes one (and so as the
/// printer writes it): by `char::escape_debug`, but for `'`, left alone, and a NUL, which is
/// `\0`, or `\x00` before an octal digit.
pub(crate) fn string_literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\0' if chars.peek().is_some_and(|next| ('0'..='7').contains(next)) => {
                out.push_str("\\x00");
            }
            '\0' => out.push_str("\\0"),
            '\'' => out.push('\''),
            c => {
                let _ = write!(out, "{}", c.escape_debug());
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use quote::{format_ident, quote};

    use super::*;

    /// What the writer wrote after `setup`, as the lines of `write` inside blocks opened by
    /// `blocks` (each an opening line; each closed by `}`).
    fn written(blocks: &[&str], write: impl FnOnce(&mut Writer)) -> String {
        let mut out = Writer::default();
        for block in blocks {
            out.open(block);
        }
        write(&mut out);
        for _ in blocks {
            out.close("}");
        }
        out.finish()
    }

    /// `tokens` as `prettyplease` prints them: what the writer must match.
    fn printed(tokens: TokenStream) -> String {
        let file = syn::parse2::<syn::File>(tokens);
        assert!(file.is_ok(), "{:?}", file.as_ref().err());
        file.map(|file| prettyplease::unparse(&file))
            .unwrap_or_default()
    }

    /// A name of `len` characters, a valid identifier.
    fn name(len: usize) -> String {
        "n".repeat(len)
    }

    #[test]
    fn a_cfg_stays_on_its_line_while_it_fits() {
        let text = written(&[], |out| out.cfg(&["pets", "owners"]));
        assert_eq!(
            text,
            "#[cfg(any(feature = \"pets\", feature = \"owners\"))]\n"
        );
        let text = written(&[], |out| out.cfg(&["pets"]));
        assert_eq!(text, "#[cfg(feature = \"pets\")]\n");
        assert_eq!(written(&[], |out| out.cfg(&[])), "");
    }

    #[test]
    fn a_long_cfg_puts_its_predicate_then_each_feature_on_a_line() {
        let a = "a".repeat(27);
        let b = "b".repeat(27);
        let text = written(&[], |out| out.cfg(&[&a, &b]));
        assert_eq!(
            text,
            format!("#[cfg(\n    any(feature = \"{a}\", feature = \"{b}\")\n)]\n")
        );
        let c = "c".repeat(27);
        let text = written(&[], |out| out.cfg(&[&a, &b, &c]));
        assert_eq!(
            text,
            format!(
                "#[cfg(\n    any(\n        feature = \"{a}\",\n        feature = \"{b}\",\n        feature = \"{c}\"\n    )\n)]\n"
            )
        );
    }

    #[test]
    fn cfgs_are_laid_out_as_the_printer_lays_them_out() {
        for count in 1..=4 {
            for len in (1..=90).step_by(3) {
                let names: Vec<String> = (0..count)
                    .map(|i| format!("{}{i}", "f".repeat(len)))
                    .collect();
                let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                let predicate = if count == 1 {
                    quote!(#(feature = #refs)*)
                } else {
                    quote!(any(#(feature = #refs),*))
                };
                let expected = printed(quote!(
                    #[cfg(#predicate)]
                    struct A;
                ));
                let text = written(&[], |out| {
                    out.cfg(&refs);
                    out.line("struct A;");
                });
                assert_eq!(text, expected, "{count} features of {len}");
            }
        }
    }

    /// The type `shape` with names of `len` characters: `O<M<S, N>>`-like nestings, as
    /// `Option<BTreeMap<String, Vec<Name>>>`, with what each is as tokens.
    fn nested(shape: usize, len: usize) -> (Type, TokenStream) {
        let leaf = name(len);
        let ident = format_ident!("{leaf}");
        let plain = (Type::plain(&leaf), quote!(#ident));
        let wrap = |path: &str, args: Vec<(Type, TokenStream)>| {
            let segments = path.split("::").map(|s| format_ident!("{s}"));
            let tokens = args.iter().map(|(_, t)| t);
            let tokens = quote!(#(#segments)::*<#(#tokens),*>);
            (
                Type::generic(path, args.into_iter().map(|(t, _)| t).collect()),
                tokens,
            )
        };
        match shape {
            0 => plain,
            1 => wrap("Option", vec![plain]),
            2 => wrap("Option", vec![wrap("Vec", vec![plain])]),
            3 => wrap(
                "std::collections::BTreeMap",
                vec![(Type::plain("String"), quote!(String)), plain],
            ),
            _ => wrap(
                "crate::Nullable",
                vec![wrap(
                    "std::collections::BTreeMap",
                    vec![plain.clone(), wrap("Vec", vec![plain])],
                )],
            ),
        }
    }

    #[test]
    fn field_types_are_laid_out_as_the_printer_lays_them_out() {
        for shape in 0..5 {
            for field in [1, 20, 40, 70, 90] {
                for len in 1..=90 {
                    let (ty, tokens) = nested(shape, len);
                    let field = format_ident!("{}", name(field));
                    let expected = printed(quote!(struct A { pub #field: #tokens, }));
                    let text = written(&["struct A {"], |out| {
                        out.typed(&format!("pub {field}: "), &ty, ",");
                    });
                    assert_eq!(text, expected, "shape {shape}, field {field}, name {len}");
                }
            }
        }
    }

    #[test]
    fn attributes_are_laid_out_as_the_printer_lays_them_out() {
        for len in 1..=100 {
            let wire = "w".repeat(len);
            let expected = printed(quote!(
                struct A {
                    #[serde(rename = #wire)]
                    a: i64,
                }
            ));
            let text = written(&["struct A {"], |out| {
                out.attribute("serde", &format!("rename = {}", string_literal(&wire)));
                out.line("a: i64,");
            });
            assert_eq!(text, expected, "{len}");
        }
    }

    #[test]
    fn signatures_are_laid_out_as_the_printer_lays_them_out() {
        for shape in [0, 2, 4] {
            for len in 1..=90 {
                for count in 1..=3 {
                    let (ty, tokens) = nested(shape, len);
                    let names: Vec<String> = (0..count).map(|i| format!("a{i}")).collect();
                    let idents = names.iter().map(|n| format_ident!("{n}"));
                    let tys = std::iter::repeat_n(&tokens, count);
                    let expected = printed(quote! {
                        impl A {
                            pub fn new(#(#idents: #tys),*) -> Self {
                                x
                            }
                        }
                    });
                    let params: Vec<Param> = names
                        .iter()
                        .map(|name| Param {
                            name,
                            ty: Some(&ty),
                        })
                        .collect();
                    let text = written(&["impl A {"], |out| {
                        out.signature("pub fn new", &params, " -> Self {");
                        out.line("x");
                        out.close("}");
                    });
                    assert_eq!(text, expected, "shape {shape}, name {len}, {count} params");
                }
            }
        }
    }

    #[test]
    fn assignments_are_laid_out_as_the_printer_lays_them_out() {
        for len in 1..=100 {
            let field = name(len);
            let ident = format_ident!("{field}");
            let cases = [
                (quote!(self.#ident = value;), Value::Plain("value")),
                (
                    quote!(self.#ident = Some(value);),
                    Value::Call("Some", "value"),
                ),
                (
                    quote!(self.#ident = Some(value.into());),
                    Value::Call("Some", "value.into()"),
                ),
            ];
            for (statement, value) in cases {
                let expected = printed(quote!(fn f() { #statement }));
                let text = written(&["fn f() {"], |out| out.assign("self", &field, value));
                assert_eq!(text, expected, "{len}: {statement}");
            }
        }
    }

    #[test]
    fn a_long_impl_header_puts_its_type_on_the_next_line() {
        let text = written(&[], |out| {
            out.open_impl("impl A", "B");
            out.close("}");
        });
        assert_eq!(text, "impl A for B {\n}\n");
        let long = name(80);
        let text = written(&[], |out| {
            out.open_impl("impl A", &long);
            out.close("}");
        });
        assert_eq!(text, format!("impl A\nfor {long} {{\n}}\n"));
    }

    #[test]
    fn impl_headers_are_laid_out_as_the_printer_lays_them_out() {
        for len in 1..=70 {
            let model = format_ident!("{}", name(len));
            let expected = printed(quote! {
                impl<'de> serde::Deserialize<'de> for crate::models::#model {
                    const A: u8 = 0;
                }
            });
            let text = written(&[], |out| {
                out.open_impl(
                    "impl<'de> serde::Deserialize<'de>",
                    &format!("crate::models::{model}"),
                );
                out.line("const A: u8 = 0;");
                out.close("}");
            });
            assert_eq!(text, expected, "a model name of {len}");
        }
    }

    #[test]
    fn a_long_arm_takes_a_block_then_breaks_its_body_then_its_pattern() {
        let read = |target: &str, wire: &str, out: &mut Writer, key: &str| {
            let target = format!("&mut {target}");
            out.arm(
                &Call {
                    callee: "Some",
                    args: &[key],
                    tail: "",
                },
                &Call {
                    callee: "map.read_into",
                    args: &[&target, wire],
                    tail: "?",
                },
            );
        };
        let text = written(&[], |out| read("a", "\"a\"", out, "F::A"));
        assert_eq!(text, "Some(F::A) => map.read_into(&mut a, \"a\")?,\n");
        let long = name(50);
        let text = written(&[], |out| read(&long, "\"a\"", out, "F::A"));
        assert_eq!(
            text,
            format!("Some(F::A) => {{\n    map.read_into(&mut {long}, \"a\")?\n}}\n")
        );
        let text = written(&[], |out| read(&long, &format!("\"{long}\""), out, "F::A"));
        assert_eq!(
            text,
            format!(
                "Some(F::A) => {{\n    map.read_into(\n        &mut {long},\n        \"{long}\",\n    )?\n}}\n"
            )
        );
        let key = format!("F::{}", name(84));
        let text = written(&[], |out| read("a", "\"a\"", out, &key));
        assert_eq!(
            text,
            format!("Some(\n    {key},\n) => map.read_into(&mut a, \"a\")?,\n")
        );
    }

    #[test]
    fn arms_are_laid_out_as_the_printer_lays_them_out() {
        for key_len in (1..=80).step_by(3) {
            for local_len in (1..=50).step_by(7) {
                let variant = format_ident!("{}", name(key_len));
                let local = format_ident!("{}", name(local_len));
                let wire = name(local_len / 2 + key_len / 3);
                let expected = printed(quote! {
                    impl X {
                        fn f() {
                            while g() {
                                match key {
                                    Some(F::#variant) => map.read_into(&mut #local, #wire)?,
                                }
                            }
                        }
                    }
                });
                let blocks = ["impl X {", "fn f() {", "while g() {", "match key {"];
                let text = written(&blocks, |out| {
                    let key = format!("F::{variant}");
                    let target = format!("&mut {local}");
                    let wire = string_literal(&wire);
                    out.arm(
                        &Call {
                            callee: "Some",
                            args: &[&key],
                            tail: "",
                        },
                        &Call {
                            callee: "map.read_into",
                            args: &[&target, &wire],
                            tail: "?",
                        },
                    );
                });
                assert_eq!(text, expected, "a key of {key_len}, a local of {local_len}");
            }
        }
    }

    #[test]
    fn let_elses_are_laid_out_as_the_printer_lays_them_out() {
        for len in 1..=110 {
            let local = format_ident!("{}", name(len));
            let expected = printed(quote! {
                impl X {
                    fn f() {
                        let Some(#local) = #local else {
                            return Err(e);
                        };
                    }
                }
            });
            let text = written(&["impl X {", "fn f() {"], |out| {
                out.open_let_some_else(&local.to_string());
                out.line("return Err(e);");
                out.close("};");
            });
            assert_eq!(text, expected, "a local of {len}");
        }
    }

    #[test]
    fn returned_errors_are_laid_out_as_the_printer_lays_them_out() {
        for len in 1..=90 {
            let wire = name(len);
            let expected = printed(quote! {
                impl X {
                    fn f() {
                        let Some(a) = a else {
                            return Err(serde::de::Error::missing_field(#wire));
                        };
                    }
                }
            });
            let text = written(&["impl X {", "fn f() {"], |out| {
                out.open_let_some_else("a");
                let wire = string_literal(&wire);
                let missing = Call {
                    callee: "serde::de::Error::missing_field",
                    args: &[&wire],
                    tail: "",
                };
                out.call_of_call("return Err", &missing, ";");
                out.close("};");
            });
            assert_eq!(text, expected, "a wire name of {len}");
        }
    }

    #[test]
    fn literal_arms_are_laid_out_as_the_printer_lays_them_out() {
        for wire_len in (1..=80).step_by(3) {
            for key_len in (1..=80).step_by(5) {
                let wire = name(wire_len);
                let variant = format_ident!("{}", name(key_len));
                let expected = printed(quote! {
                    impl X {
                        fn f() {
                            match key {
                                #wire => Some(F::#variant),
                            }
                        }
                    }
                });
                let text = written(&["impl X {", "fn f() {", "match key {"], |out| {
                    let key = format!("F::{variant}");
                    let some = Call {
                        callee: "Some",
                        args: &[&key],
                        tail: "",
                    };
                    out.literal_arm(&string_literal(&wire), &some);
                });
                assert_eq!(
                    text, expected,
                    "a wire name of {wire_len}, a key of {key_len}"
                );
            }
        }
    }

    #[test]
    fn a_struct_literal_is_on_one_line_only_when_short() {
        let fields = [Init {
            name: "a",
            value: Some(("a", ".b()")),
        }];
        let text = written(&[], |out| out.struct_literal("Ok(", "Self", &fields, ")"));
        assert_eq!(text, "Ok(Self { a: a.b() })\n");
        let fields = [
            Init {
                name: "abcdef",
                value: Some(("abcdef", ".unwrap_or_default()")),
            },
            Init {
                name: "rest",
                value: None,
            },
        ];
        let text = written(&[], |out| out.struct_literal("Ok(", "Self", &fields, ")"));
        assert_eq!(
            text,
            "Ok(Self {\n    abcdef: abcdef.unwrap_or_default(),\n    rest,\n})\n"
        );
        assert_eq!(
            written(&[], |out| out.struct_literal("Ok(", "Self", &[], ")")),
            "Ok(Self {})\n"
        );
    }

    #[test]
    fn struct_literals_are_laid_out_as_the_printer_lays_them_out() {
        for len in 1..=40 {
            for shorthand in [false, true] {
                let field = format_ident!("{}", name(len));
                let other = format_ident!("o{}", name(len / 2));
                let wire = name(len);
                let rest = shorthand.then(|| quote!(rest,));
                let expected = printed(quote! {
                    impl X {
                        fn f() {
                            Ok(Self { #field: #field.required(#wire)?, #other: #other.unwrap_or_default(), #rest })
                        }
                    }
                });
                let text = written(&["impl X {", "fn f() {"], |out| {
                    let (field, other) = (field.to_string(), other.to_string());
                    let required = format!(".required({})?", string_literal(&wire));
                    let mut fields = vec![
                        Init {
                            name: &field,
                            value: Some((&field, &required)),
                        },
                        Init {
                            name: &other,
                            value: Some((&other, ".unwrap_or_default()")),
                        },
                    ];
                    if shorthand {
                        fields.push(Init {
                            name: "rest",
                            value: None,
                        });
                    }
                    out.struct_literal("Ok(", "Self", &fields, ")");
                });
                assert_eq!(text, expected, "a field of {len}, shorthand {shorthand}");
            }
        }
    }

    #[test]
    fn block_headers_and_nested_calls_are_laid_out_as_the_printer_lays_them_out() {
        for len in (1..=90).step_by(2) {
            let model = format_ident!("{}", name(len));
            let expected = printed(quote! {
                impl X {
                    fn f() {
                        if let Some(value) = <crate::models::#model as crate::untagged::Untagged>::matching(value) {
                            return Some(Self::#model(Box::new(value)));
                        }
                    }
                }
            });
            let text = written(&["impl X {", "fn f() {"], |out| {
                let matching = format!(
                    "if let Some(value) = <crate::models::{model} as crate::untagged::Untagged>::matching"
                );
                out.call(&Call {
                    callee: &matching,
                    args: &["value"],
                    tail: " {",
                });
                out.indent();
                let variant = format!("Self::{model}");
                let inner = Call {
                    callee: &variant,
                    args: &["Box::new(value)"],
                    tail: "",
                };
                out.call_of_call("return Some", &inner, ";");
                out.close("}");
            });
            assert_eq!(text, expected, "a model name of {len}");
        }
    }

    #[test]
    fn tuple_reads_are_laid_out_as_the_printer_lays_them_out() {
        for count in 0..=6 {
            let reads: Vec<TokenStream> = (0..count).map(|_| quote!(items.required()?)).collect();
            let expected = printed(quote! {
                impl X {
                    fn f() {
                        Ok(Self(#(#reads,)* items.rest()?));
                        let value = Self(#(#reads,)*);
                    }
                }
            });
            let text = written(&["impl X {", "fn f() {"], |out| {
                let mut args = vec!["items.required()?"; count];
                args.push("items.rest()?");
                let value = Call {
                    callee: "Self",
                    args: &args,
                    tail: "",
                };
                out.call_of_call("Ok", &value, ";");
                args.pop();
                out.call(&Call {
                    callee: "let value = Self",
                    args: &args,
                    tail: ";",
                });
            });
            assert_eq!(text, expected, "{count} positions");
        }
    }

    #[test]
    fn string_literals_are_escaped_as_proc_macro2_escapes_them() {
        for value in [
            "plain",
            "quo\"te",
            "back\\slash",
            "it's",
            "new\nline",
            "nul\0",
            "nul\u{0}7",
            "é",
            "\u{7f}",
        ] {
            let expected = proc_macro2::Literal::string(value).to_string();
            assert_eq!(string_literal(value), expected, "{value:?}");
        }
    }
}
