//! Emission of the model types: structs, open enums, tagged and untagged unions, aliases.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::plan::Plan;
use super::text::{Call, Init, Param, Type, Value, Writer, string_literal};
use super::{Piece, doc_attrs, doc_lines, facts};
use crate::ir::{
    ByStatus, Field, OpenEnum, Presence, ResponseKind, Struct, TaggedUnion, Tuple, TypeDef,
    TypeKind, TypeRef, Types, UntaggedUnion,
};
use crate::naming::{self, setter_name};

/// Clippy's `too_many_arguments` threshold: a `new` with more required fields allows the
/// lint, since a `#[non_exhaustive]` struct has no other way to be built.
const MANY_ARGUMENTS: usize = 7;

/// Appended to the rustdoc of every untagged union.
const UNTAGGED_NOTE: &str = "Variants are tried in order, most specific first (structs with more required fields before \
     looser ones, integers before numbers, any JSON last); the first that decodes wins.";

/// The pieces of `models.rs`, made one at a time: its doc, then each type. A struct's
/// definition and constructor, an enum and an alias are written as text, with their cfg
/// (an enum or alias only where each of its lines fits as it is: the printer's layouts of
/// longer ones are not written here); the other types are still built as tokens, which the
/// plan gates when they are parsed.
pub(crate) fn models<'a>(types: &'a Types, plan: &'a Plan) -> impl Iterator<Item = Piece> + 'a {
    let mut doc = Writer::default();
    doc.inner_doc("The request and response types of the API.");
    let optional = types
        .iter()
        .any(|t| matches!(&t.kind, TypeKind::Struct(s) if encodes_optional(s)));
    if optional {
        doc.cfg(&plan.runtime_use_features("object_encode_optional"));
        doc.line("use crate::object_encode_optional::Optional as _;");
    }
    let items = types.iter().map(move |def| {
        let features = || plan.gates.model_features(types, &def.name);
        let text = match &def.kind {
            TypeKind::Struct(s) => {
                let features = features();
                let mut text = structure(def, s, types, &features);
                text.push_str(&constructor(&def.name, s, types, &features));
                if encodes(s) {
                    text.push_str(&encoder(&def.name, s, types, &features));
                }
                Some(text)
            }
            TypeKind::Enum(e) => enum_text(def, e, types, &features()),
            TypeKind::Alias(ty) => alias_text(def, ty, types, &features()),
            _ => None,
        };
        text.map_or_else(|| Piece::Tokens(type_def(def, types)), Piece::Text)
    });
    std::iter::once(Piece::Text(doc.finish())).chain(items)
}

/// The rustdoc of a type that is not a struct: its description and facts, then what its
/// kind adds (see [`type_def`]).
fn type_doc(def: &TypeDef, types: &Types) -> Option<String> {
    let note = match &def.kind {
        TypeKind::Untagged(_) => Some(UNTAGGED_NOTE.to_owned()),
        // A component that is a `$ref`, or an inline schema with the shape of another type
        // (see `lower::dedup`): the reader is sent to the definition.
        TypeKind::Alias(TypeRef::Named(target)) => Some(format!(
            "Another name for [`{0}`](crate::models::{0}).",
            types[*target].name
        )),
        _ => None,
    };
    match (facts::doc(def.doc.as_deref(), &def.facts), note) {
        (Some(doc), Some(note)) => Some(format!("{doc}\n\n{note}")),
        (doc, None) => doc,
        (None, note) => note,
    }
}

/// A writer of lines that must each fit as they are: it remembers whether one did not.
struct Fitting {
    out: Writer,
    fits: bool,
}

impl Fitting {
    /// Starts an item: its rustdoc, then its cfg.
    fn new(doc: Option<&str>, features: &[&str]) -> Self {
        let mut out = Writer::default();
        if let Some(doc) = doc {
            doc_lines(doc).iter().for_each(|line| out.doc(line));
        }
        out.cfg(features);
        Self { out, fits: true }
    }

    /// A line, which must fit; its last `uncounted` columns (a comma the printer writes only
    /// when the line does not break) do not count.
    fn line(&mut self, text: &str, uncounted: usize) {
        self.fits &= self.out.fits(text.len() - uncounted);
        self.out.line(text);
    }

    fn open(&mut self, text: &str) {
        self.line(text, 0);
        self.out.indent();
    }

    fn close(&mut self, text: &str) {
        self.out.close(text);
    }

    /// An impl of a trait with one method, opened and closed here, its body `write`.
    fn impl_block(
        &mut self,
        head: &str,
        self_ty: &str,
        features: &[&str],
        write: impl FnOnce(&mut Self),
    ) {
        self.out.cfg(features);
        self.out.open_impl(head, self_ty);
        write(self);
        self.close("}");
    }

    /// A match arm on a line of its own; its comma is not counted.
    fn arm(&mut self, pattern: &str, body: &str) {
        self.line(&format!("{pattern} => {body},"), 1);
    }

    /// The text, if every line fitted.
    fn finish(self) -> Option<String> {
        self.fits.then(|| self.out.finish())
    }
}

/// An open enum (see [`open_enum`]) as text, or `None` where a line would not fit as it is
/// or a value's doc would not be a line comment.
fn enum_text(def: &TypeDef, e: &OpenEnum, types: &Types, features: &[&str]) -> Option<String> {
    let names = Names::Models(types);
    let (string, from, result) = (
        names.std_path("String"),
        names.std_path("From"),
        names.std_path("Result"),
    );
    let (name, fallback) = (def.name.as_str(), e.fallback.as_str());
    // The variants with their values as the arms write them: a string literal, or an integer
    // (a value that is no `i64` has no variant).
    let variants: Vec<(&str, String, String)> = match e.integer {
        false => {
            if e.variants
                .iter()
                .any(|v| v.wire.chars().any(char::is_control))
            {
                return None;
            }
            e.variants
                .iter()
                .map(|v| {
                    let doc = match v.wire.is_empty() {
                        true => "The empty string.".to_owned(),
                        false => format!("`{}`", v.wire),
                    };
                    (v.name.as_str(), string_literal(&v.wire), doc)
                })
                .collect()
        }
        true => e
            .variants
            .iter()
            .filter_map(|v| {
                let value: i64 = v.wire.parse().ok()?;
                Some((v.name.as_str(), value.to_string(), format!("`{value}`")))
            })
            .collect(),
    };
    let mut out = Fitting::new(type_doc(def, types).as_deref(), features);
    let copy = if e.integer { "Copy, " } else { "" };
    out.line(
        &format!("#[derive(Debug, Clone, {copy}PartialEq, Eq, Hash)]"),
        0,
    );
    out.line("#[non_exhaustive]", 0);
    out.open(&format!("pub enum {name} {{"));
    for (variant, _, doc) in &variants {
        out.line(&format!("/// {doc}"), 0);
        out.line(&format!("{variant},"), 0);
    }
    out.line(
        "/// A value this version of the SDK does not know, kept as received.",
        0,
    );
    let held = if e.integer { "i64" } else { string };
    out.line(&format!("{fallback}({held}),"), 0);
    out.close("}");

    out.out.cfg(features);
    out.open(&format!("impl {name} {{"));
    out.line("/// The value as it is sent on the wire.", 0);
    match e.integer {
        true => out.open("pub fn value(self) -> i64 {"),
        false => out.open("pub fn as_str(&self) -> &str {"),
    }
    out.open("match self {");
    for (variant, value, _) in &variants {
        out.arm(&format!("Self::{variant}"), value);
    }
    match e.integer {
        true => out.arm(&format!("Self::{fallback}(value)"), "value"),
        false => out.arm(&format!("Self::{fallback}(value)"), "value.as_str()"),
    }
    out.close("}");
    out.close("}");
    out.close("}");

    let froms: &[(&str, &str)] = match e.integer {
        true => &[("i64", "value")],
        false => &[("&str", "value"), (string, "value.as_str()")],
    };
    for (i, (source, scrutinee)) in froms.iter().enumerate() {
        out.impl_block(&format!("impl {from}<{source}>"), name, features, |out| {
            out.open(&format!("fn from(value: {source}) -> Self {{"));
            out.open(&format!("match {scrutinee} {{"));
            for (variant, value, _) in &variants {
                out.arm(value, &format!("Self::{variant}"));
            }
            match (e.integer, i) {
                (true, _) => out.arm("other", &format!("Self::{fallback}(other)")),
                (false, 0) => out.arm("other", &format!("Self::{fallback}({string}::from(other))")),
                (false, _) => out.arm("_", &format!("Self::{fallback}(value)")),
            }
            out.close("}");
            out.close("}");
        });
    }
    out.impl_block("impl std::fmt::Display", name, features, |out| {
        out.open("fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {");
        match e.integer {
            true => out.line("std::fmt::Display::fmt(&self.value(), f)", 0),
            false => out.line("f.write_str(self.as_str())", 0),
        }
        out.close("}");
    });
    out.impl_block("impl serde::Serialize", name, features, |out| {
        open_serialize(&mut out.out, result);
        match e.integer {
            true => out.line("serializer.serialize_i64(self.value())", 0),
            false => out.line("serializer.serialize_str(self.as_str())", 0),
        }
        out.close("}");
    });
    out.impl_block("impl<'de> serde::Deserialize<'de>", name, features, |out| {
        let d = Type::plain("D");
        out.out.signature(
            "fn deserialize<D: serde::Deserializer<'de>>",
            &[Param {
                name: "deserializer",
                ty: Some(&d),
            }],
            &format!(" -> {result}<Self, D::Error> {{"),
        );
        match e.integer {
            true => out.line(
                "<i64 as serde::Deserialize>::deserialize(deserializer).map(Self::from)",
                0,
            ),
            false => out.line(
                "deserializer.deserialize_str(crate::open_enum::OpenEnumVisitor::new())",
                0,
            ),
        }
        out.close("}");
    });
    out.finish()
}

/// An alias, `pub type Name = Target;`, as text, or `None` where it would not fit on its line.
fn alias_text(def: &TypeDef, ty: &TypeRef, types: &Types, features: &[&str]) -> Option<String> {
    let mut out = Fitting::new(type_doc(def, types).as_deref(), features);
    let target = type_text(types, ty, Names::Models(types)).inline();
    out.line(&format!("pub type {} = {target};", def.name), 0);
    out.finish()
}

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The prelude items generated code names, with the paths that name them where an item of
/// the file takes the short name.
const PRELUDE: &[(&str, &str)] = &[
    ("Option", "std::option::Option"),
    ("Some", "std::option::Option::Some"),
    ("None", "std::option::Option::None"),
    ("String", "std::string::String"),
    ("Vec", "std::vec::Vec"),
    ("Box", "std::boxed::Box"),
    ("Result", "std::result::Result"),
    ("Ok", "std::result::Result::Ok"),
    ("From", "std::convert::From"),
    ("Into", "std::convert::Into"),
];

/// The names the items of one generated file take, which decide how the file names the
/// prelude's items: `Option` by its short name, unless a schema named `Option` made a model
/// of that name, then `std::option::Option`. Crate roots (`std`, `serde`, `serde_json`,
/// `reqwest`) need no leading `::`: the only items a generated file defines beside functions
/// are types, whose names are `UpperCamelCase` (`naming::type_name`).
#[derive(Clone, Copy)]
pub(crate) enum Names<'a> {
    /// `models.rs`, where every model is in scope by its name.
    Models(&'a Types),
    /// A file that names the models by `crate::models::` paths and defines the given type
    /// itself (a resource's handle type), if any.
    Outside(Option<&'a str>),
}

impl Names<'_> {
    /// Whether an item of the file is named `name`.
    fn taken(self, name: &str) -> bool {
        match self {
            Self::Models(types) => types.by_name(name).is_some(),
            Self::Outside(own) => own == Some(name),
        }
    }

    /// How the file names the prelude item `short` (one of [`PRELUDE`]).
    pub(crate) fn std(self, short: &'static str) -> TokenStream {
        path_tokens(self.std_path(short))
    }

    /// The same as text.
    fn std_path(self, short: &'static str) -> &'static str {
        PRELUDE
            .iter()
            .find(|(name, _)| *name == short)
            .filter(|_| self.taken(short))
            .map_or(short, |(_, path)| path)
    }
}

/// The tokens of a path written as text (`std::option::Option`).
fn path_tokens(path: &str) -> TokenStream {
    let segments = path.split("::").map(ident);
    quote!(#(#segments)::*)
}

/// The Rust spelling of a type expression inside `models.rs`, where the models are in scope.
pub(crate) fn type_tokens(types: &Types, ty: &TypeRef) -> TokenStream {
    spell(types, ty, Names::Models(types))
}

/// The same, for a file whose own items are `names`: model names are qualified with
/// `crate::models::`.
pub(crate) fn qualified_type_tokens(types: &Types, ty: &TypeRef, names: Names<'_>) -> TokenStream {
    spell(types, ty, names)
}

fn spell(types: &Types, ty: &TypeRef, names: Names<'_>) -> TokenStream {
    tokens_of(&type_text(types, ty, names))
}

/// The tokens of a type laid out as text.
fn tokens_of(ty: &Type) -> TokenStream {
    let path = path_tokens(&ty.path);
    if ty.args.is_empty() {
        return path;
    }
    let args = ty.args.iter().map(tokens_of);
    quote!(#path<#(#args),*>)
}

/// The Rust spelling of a type expression, as text laid out by the printer's rules.
fn type_text(types: &Types, ty: &TypeRef, names: Names<'_>) -> Type {
    let inner = |ty: &TypeRef| type_text(types, ty, names);
    match ty {
        TypeRef::Bool => Type::plain("bool"),
        TypeRef::Integer { signed, bits } => {
            Type::plain(format!("{}{bits}", if *signed { "i" } else { "u" }))
        }
        TypeRef::Float { bits } => Type::plain(format!("f{bits}")),
        TypeRef::String => Type::plain(names.std_path("String")),
        TypeRef::Json => Type::plain("serde_json::Value"),
        TypeRef::File => Type::plain("crate::File"),
        TypeRef::Binary => Type::plain("crate::Binary"),
        TypeRef::Array(item) => Type::generic(names.std_path("Vec"), vec![inner(item)]),
        TypeRef::Map(value) => Type::generic(
            "std::collections::BTreeMap",
            vec![Type::plain(names.std_path("String")), inner(value)],
        ),
        TypeRef::Option(item) => Type::generic(names.std_path("Option"), vec![inner(item)]),
        TypeRef::Named(id) => match names {
            Names::Models(_) => Type::plain(types.name(*id)),
            Names::Outside(_) => Type::plain(format!("crate::models::{}", types.name(*id))),
        },
        TypeRef::Boxed(item) => Type::generic(names.std_path("Box"), vec![inner(item)]),
    }
}

/// The (de)serialized struct that `ty` names, if it names one, directly or in a box.
pub(crate) fn serde_struct<'a>(types: &'a Types, ty: &TypeRef) -> Option<&'a Struct> {
    match ty {
        TypeRef::Named(id) => match types.definition(*id) {
            Some(TypeKind::Struct(s)) if s.serde => Some(s),
            _ => None,
        },
        TypeRef::Boxed(inner) => serde_struct(types, inner),
        _ => None,
    }
}

/// Whether a tagged union's variant struct declares the tag property itself (a component
/// that is also used on its own keeps it).
pub(crate) fn carries_tag(variant: &Struct, tag: &str) -> bool {
    variant.fields.iter().any(|f| f.wire == tag)
}

fn type_def(def: &TypeDef, types: &Types) -> TokenStream {
    let docs = doc_attrs(type_doc(def, types).as_deref());
    let name = ident(&def.name);
    let body = match &def.kind {
        // Written as text by `models`, which never asks for a struct here.
        TypeKind::Struct(_) => quote!(),
        TypeKind::Enum(e) => open_enum(&name, e, Names::Models(types)),
        TypeKind::Tagged(u) => tagged(&name, u, types),
        TypeKind::Untagged(u) => untagged(&name, u, types),
        TypeKind::ByStatus(b) => by_status(&name, b, types),
        TypeKind::Tuple(t) => tuple(&name, t, types),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(types, ty);
            quote!(pub type #name = #ty;)
        }
    };
    quote! {
        #docs
        #body
    }
}

fn field_type_text(field: &Field, types: &Types) -> Type {
    let names = Names::Models(types);
    let ty = type_text(types, &field.ty, names);
    match field.presence {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => {
            Type::generic(names.std_path("Option"), vec![ty])
        }
        Presence::OptionalNullable => Type::generic("crate::Nullable", vec![ty]),
    }
}

/// Whether `s` is sent through a written-out `Serialize` on `runtime/object_encode.rs`
/// (see [`encoder`]). A struct that keeps the properties it does not declare derives it,
/// for serde's `flatten`.
pub(crate) fn encodes(s: &Struct) -> bool {
    s.serde && s.additional.is_none()
}

/// Whether the encoder of `s` has a field it leaves out when unset, with
/// `object_encode_optional.rs`.
pub(crate) fn encodes_optional(s: &Struct) -> bool {
    encodes(s) && s.fields.iter().any(|f| sent_only_when_set(f.presence))
}

/// Whether a field of this presence is left out of what its struct sends when it is unset
/// (an `Option` or a `Nullable`).
fn sent_only_when_set(presence: Presence) -> bool {
    matches!(presence, Presence::Optional | Presence::OptionalNullable)
}

/// The definition of a struct, as text: its rustdoc, its cfg (`features`), its derives and
/// its fields, with the attributes that say how each is sent where `Serialize` is derived.
/// `Deserialize` is written out in `decode.rs`; the constructor follows (see
/// [`constructor`]), then the encoder (see [`encoder`]).
fn structure(def: &TypeDef, s: &Struct, types: &Types, features: &[&str]) -> String {
    let names = Names::Models(types);
    let mut out = Writer::default();
    if let Some(doc) = facts::doc(def.doc.as_deref(), &def.facts) {
        doc_lines(&doc).iter().for_each(|line| out.doc(line));
    }
    out.cfg(features);
    let mut derives = vec!["Debug", "Clone", "PartialEq"];
    if derives_default(s) {
        derives.push("Default");
    }
    let derives_serialize = s.serde && !encodes(s);
    if derives_serialize {
        derives.push("serde::Serialize");
    }
    out.line(&format!("#[derive({})]", derives.join(", ")));
    out.line("#[non_exhaustive]");
    if s.fields.is_empty() && s.additional.is_none() {
        out.line(&format!("pub struct {} {{}}", def.name));
        return out.finish();
    }
    out.open(&format!("pub struct {} {{", def.name));
    for field in &s.fields {
        // A parameter's rustdoc is its description alone.
        let doc = match s.serde {
            true => facts::doc(field.doc.as_deref(), &field.facts),
            false => field.doc.clone(),
        };
        if let Some(doc) = doc {
            doc_lines(&doc).iter().for_each(|line| out.doc(line));
        }
        if deprecated_field(s, field) {
            out.line("#[deprecated]");
        }
        if derives_serialize && field.name != field.wire {
            out.attribute(
                "serde",
                &format!("rename = {}", string_literal(&field.wire)),
            );
        }
        let skip = match field.presence {
            _ if !derives_serialize => None,
            Presence::Required | Presence::RequiredNullable => None,
            Presence::Optional => Some(format!("{}::is_none", names.std_path("Option"))),
            Presence::OptionalNullable => Some("crate::Nullable::is_absent".to_owned()),
        };
        if let Some(skip) = skip {
            let inner = format!("skip_serializing_if = {}", string_literal(&skip));
            out.attribute("serde", &inner);
        }
        let ty = field_type_text(field, types);
        out.typed(&format!("pub {}: ", field.name), &ty, ",");
    }
    if let Some((field, ty)) = &s.additional {
        out.doc("Properties beyond the declared ones, by name.");
        out.line("#[serde(flatten)]");
        let ty = type_text(types, &TypeRef::Map(Box::new(ty.clone())), names);
        out.typed(&format!("pub {field}: "), &ty, ",");
    }
    out.close("}");
    out.finish()
}

/// The written-out `Serialize` of a struct (see [`encodes`]), as text gated by `features`:
/// its fields in order, each under its wire name, those that may be unset (an `Option` or a
/// `Nullable`) left out when they are, as serde's derive with `skip_serializing_if` sends
/// them. `runtime/object_encode.rs` counts them and writes them; `optional` is a method of
/// `runtime/object_encode_optional.rs`, imported at the top of `models.rs`.
fn encoder(name: &str, s: &Struct, types: &Types, features: &[&str]) -> String {
    let result = Names::Models(types).std_path("Result");
    let mut out = Writer::default();
    out.cfg(features);
    if s.fields.iter().any(|f| deprecated_field(s, f)) {
        out.line("#[allow(deprecated)]");
    }
    out.open_impl("impl crate::object_encode::Fields", name);
    out.line(&format!(
        "const NAME: &'static str = {};",
        string_literal(name)
    ));
    if s.fields.is_empty() {
        out.line("fn fields<F: crate::object_encode::Sink>(&self, _: &mut F) {}");
    } else {
        out.open("fn fields<F: crate::object_encode::Sink>(&self, sink: &mut F) {");
        for field in &s.fields {
            let callee = match sent_only_when_set(field.presence) {
                true => "sink.optional",
                false => "sink.field",
            };
            let wire = string_literal(&field.wire);
            let value = format!("&self.{}", field.name);
            out.call(&Call {
                callee,
                args: &[&wire, &value],
                tail: ";",
            });
        }
        out.close("}");
    }
    out.close("}");
    out.cfg(features);
    out.open_impl("impl serde::Serialize", name);
    open_serialize(&mut out, result);
    out.line("crate::object_encode::serialize(self, serializer)");
    out.close("}");
    out.close("}");
    out.finish()
}

/// The signature of a written-out `Serialize::serialize`, `result` the path `Result` goes by
/// in `models.rs`, and the block it opens.
fn open_serialize(out: &mut Writer, result: &str) {
    let s = Type::plain("S");
    out.signature(
        "fn serialize<S: serde::Serializer>",
        &[
            Param {
                name: "&self",
                ty: None,
            },
            Param {
                name: "serializer",
                ty: Some(&s),
            },
        ],
        &format!(" -> {result}<S::Ok, S::Error> {{"),
    );
}

/// A tuple struct, a field per position (`Option` from `minItems` on), then a `Vec` of the
/// rest when more items may follow. Its fields are its constructor, so it is not
/// `#[non_exhaustive]`: a position more would change its meaning anyway. `Serialize` is
/// written here, on `runtime/tuple.rs`, and `Deserialize` in `decode.rs`.
fn tuple(name: &Ident, t: &Tuple, types: &Types) -> TokenStream {
    let names = Names::Models(types);
    let option = names.std("Option");
    let result = names.std("Result");
    let fields = t.positions.iter().enumerate().map(|(i, position)| {
        let docs = doc_attrs(facts::doc(position.doc.as_deref(), &position.facts).as_deref());
        let ty = type_tokens(types, &position.ty);
        let ty = if i < t.required {
            ty
        } else {
            quote!(#option<#ty>)
        };
        quote! {
            #docs
            pub #ty,
        }
    });
    let rest = t.rest.as_ref().map(|rest| {
        let ty = type_tokens(types, &TypeRef::Array(Box::new(rest.clone())));
        quote! {
            /// The items after the positions.
            pub #ty,
        }
    });
    let writes = (0..t.positions.len()).map(|i| {
        let index = Literal::usize_unsuffixed(i);
        if i < t.required {
            quote!(items.required(&self.#index)?;)
        } else {
            quote!(items.optional(&self.#index)?;)
        }
    });
    let rest_write = t.rest.as_ref().map(|_| {
        let index = Literal::usize_unsuffixed(t.positions.len());
        quote!(items.rest(&self.#index)?;)
    });
    let name_text = name.to_string();
    let items = if t.positions.is_empty() && t.rest.is_none() {
        quote!(items)
    } else {
        quote!(mut items)
    };
    quote! {
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name(
            #(#fields)*
            #rest
        );

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                let #items = crate::tuple::Writer::new(serializer, #name_text)?;
                #(#writes)*
                #rest_write
                items.end()
            }
        }
    }
}

/// Whether `field` of `s` is `#[deprecated]`: a deprecated property of a model. The fields
/// of an operation's parameters stay as they are (their deprecation is only in the IR).
pub(crate) fn deprecated_field(s: &Struct, field: &Field) -> bool {
    s.serde && field.facts.deprecated
}

/// `#[allow(deprecated)]` for generated code that sets or reads every field of `s` (its
/// constructor, decoder, multipart encoder), when one is deprecated: the warning is for the
/// crate's users, not for the crate itself. (No `reason =`: the crate's minimum Rust
/// predates it.)
pub(crate) fn allow_deprecated(s: &Struct) -> TokenStream {
    if s.fields.iter().any(|f| deprecated_field(s, f)) {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    }
}

/// The required fields a struct's `new` constructor takes, when it has one: every struct with
/// a required field (structs are `#[non_exhaustive]`, so other crates cannot use a literal);
/// one without derives `Default` instead. Optional fields start unset and have setters (see
/// [`setters`]): `Params::new(name, prompt).with_voice(voice)`.
pub(crate) fn constructor_params(s: &Struct) -> Option<Vec<&Field>> {
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| matches!(f.presence, Presence::Required | Presence::RequiredNullable))
        .collect();
    (!required.is_empty()).then_some(required)
}

/// Whether a struct derives `Default`: all its fields may be left out.
pub(crate) fn derives_default(s: &Struct) -> bool {
    s.fields
        .iter()
        .all(|f| matches!(f.presence, Presence::Optional | Presence::OptionalNullable))
}

/// `new(required...)` (see [`constructor_params`]) and the setters, in one `impl`, as text
/// gated by `features`; nothing for a struct with neither.
fn constructor(name: &str, s: &Struct, types: &Types, features: &[&str]) -> String {
    let names = Names::Models(types);
    let required = constructor_params(s);
    let optional: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| matches!(f.presence, Presence::Optional | Presence::OptionalNullable))
        .collect();
    if required.is_none() && optional.is_empty() && s.additional.is_none() {
        return String::new();
    }
    let into_string = || {
        Type::generic(
            format!("impl {}", names.std_path("Into")),
            vec![Type::plain(names.std_path("String"))],
        )
    };
    let mut out = Writer::default();
    out.cfg(features);
    if s.fields.iter().any(|f| deprecated_field(s, f)) {
        out.line("#[allow(deprecated)]");
    }
    out.open(&format!("impl {name} {{"));
    if let Some(required) = required {
        let fields: Vec<&str> = required.iter().map(|f| f.name.as_str()).collect();
        let args = naming::constructor_params(&fields);
        let arg = |field: &Field| -> String {
            let at = required.iter().position(|f| f.name == field.name);
            at.and_then(|i| args.get(i)).unwrap_or(&field.name).clone()
        };
        let types_of: Vec<Type> = required
            .iter()
            .map(|f| match (&f.ty, f.presence) {
                (TypeRef::String, Presence::Required) => into_string(),
                _ => field_type_text(f, types),
            })
            .collect();
        let arg_names: Vec<String> = required.iter().map(|f| arg(f)).collect();
        let params: Vec<Param> = arg_names
            .iter()
            .zip(&types_of)
            .map(|(name, ty)| Param { name, ty: Some(ty) })
            .collect();
        out.doc("Creates a value from its required fields; the optional ones start unset.");
        if required.len() > MANY_ARGUMENTS {
            out.line("#[allow(clippy::too_many_arguments)]");
        }
        out.signature("pub fn new", &params, " -> Self {");
        let values: Vec<(String, String)> = s
            .fields
            .iter()
            .map(|f| match (&f.ty, f.presence) {
                (TypeRef::String, Presence::Required) => (arg(f), ".into()".to_owned()),
                (_, Presence::Required | Presence::RequiredNullable) => (arg(f), String::new()),
                (_, Presence::Optional) => (names.std_path("None").to_owned(), String::new()),
                (_, Presence::OptionalNullable) => {
                    ("crate::Nullable::Absent".to_owned(), String::new())
                }
            })
            .collect();
        let mut inits: Vec<Init> = s
            .fields
            .iter()
            .zip(&values)
            .map(|(f, (value, method))| Init {
                name: &f.name,
                // The argument of the field's own name: the field takes it by that name.
                value: (*value != f.name || !method.is_empty()).then_some((value, method)),
            })
            .collect();
        if let Some((field, _)) = &s.additional {
            inits.push(Init {
                name: field,
                value: Some(("std::collections::BTreeMap::new()", "")),
            });
        }
        out.struct_literal("", "Self", &inits, "");
        out.close("}");
    }
    let some = names.std_path("Some");
    for f in optional {
        let (ty, value) = match (&f.ty, f.presence) {
            (TypeRef::String, Presence::Optional) => {
                (into_string(), Value::Call(some, "value.into()"))
            }
            (ty, Presence::Optional) => (type_text(types, ty, names), Value::Call(some, "value")),
            _ => (field_type_text(f, types), Value::Plain("value")),
        };
        out.doc(&format!("Sets [`{0}`](Self::{0}).", f.name));
        if deprecated_field(s, f) {
            out.line("#[deprecated]");
        }
        setter(&mut out, &f.name, &ty, value);
    }
    if let Some((field, ty)) = &s.additional {
        out.doc(&format!(
            "Sets [`{field}`](Self::{field}), the properties beyond the declared ones."
        ));
        let ty = type_text(types, &TypeRef::Map(Box::new(ty.clone())), names);
        setter(&mut out, field, &ty, Value::Plain("value"));
    }
    out.close("}");
    out.finish()
}

/// `with_<field>(value)`: a builder step that sets the field to `value` (taken as `ty`) and
/// returns the struct. A `String` is taken as `impl Into<String>` (as `new` takes it), a
/// `Nullable<T>` as itself (its three states are the point: `Nullable::Null` on the page says
/// that `null` is sent), anything else as the `T` of its `Option<T>`, so that literals keep
/// their inferred type.
fn setter(out: &mut Writer, field: &str, ty: &Type, value: Value) {
    let params = [
        Param {
            name: "mut self",
            ty: None,
        },
        Param {
            name: "value",
            ty: Some(ty),
        },
    ];
    out.signature(
        &format!("pub fn {}", setter_name(field)),
        &params,
        " -> Self {",
    );
    out.assign("self", field, value);
    out.line("self");
    out.close("}");
}

fn open_enum(name: &Ident, e: &OpenEnum, names: Names<'_>) -> TokenStream {
    if e.integer {
        return integer_enum(name, e, names);
    }
    let (string, from, result) = (names.std("String"), names.std("From"), names.std("Result"));
    let fallback = ident(&e.fallback);
    let variants = e.variants.iter().map(|v| {
        let ident = ident(&v.name);
        let doc = if v.wire.is_empty() {
            " The empty string.".to_owned()
        } else {
            format!(" `{}`", v.wire)
        };
        quote!(#[doc = #doc] #ident,)
    });
    let to_str = e.variants.iter().map(|v| {
        let ident = ident(&v.name);
        let wire = &v.wire;
        quote!(Self::#ident => #wire,)
    });
    let from_str = e.variants.iter().map(|v| {
        let ident = ident(&v.name);
        let wire = &v.wire;
        quote!(#wire => Self::#ident,)
    });
    let from_string = from_str.clone();
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the SDK does not know, kept as received.
            #fallback(#string),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#fallback(value) => value.as_str(),
                }
            }
        }

        impl #from<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#fallback(#string::from(other)),
                }
            }
        }

        impl #from<#string> for #name {
            fn from(value: #string) -> Self {
                match value.as_str() {
                    #(#from_string)*
                    _ => Self::#fallback(value),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                deserializer.deserialize_str(crate::open_enum::OpenEnumVisitor::new())
            }
        }
    }
}

/// An enum of integers: the same openness, with the values as `i64`.
fn integer_enum(name: &Ident, e: &OpenEnum, names: Names<'_>) -> TokenStream {
    let (from, result) = (names.std("From"), names.std("Result"));
    let fallback = ident(&e.fallback);
    let values: Vec<(Ident, proc_macro2::Literal)> = e
        .variants
        .iter()
        .filter_map(|v| {
            Some((
                ident(&v.name),
                proc_macro2::Literal::i64_unsuffixed(v.wire.parse().ok()?),
            ))
        })
        .collect();
    let variants = values.iter().map(|(ident, value)| {
        let doc = format!(" `{value}`");
        quote!(#[doc = #doc] #ident,)
    });
    let to_int = values
        .iter()
        .map(|(ident, value)| quote!(Self::#ident => #value,));
    let from_int = values
        .iter()
        .map(|(ident, value)| quote!(#value => Self::#ident,));
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the SDK does not know, kept as received.
            #fallback(i64),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(#to_int)*
                    Self::#fallback(value) => value,
                }
            }
        }

        impl #from<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_int)*
                    other => Self::#fallback(other),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                <i64 as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

fn tagged(name: &Ident, u: &TaggedUnion, types: &Types) -> TokenStream {
    let tag = &u.tag;
    let fallback = ident(&u.fallback);
    // A variant whose struct has the tag property already is written as the struct alone
    // (serde's untagged), or the tag would be written twice; serde wants such variants last.
    let mut variants: Vec<_> = u
        .variants
        .iter()
        .map(|v| {
            let carries = serde_struct(types, &v.ty).is_some_and(|s| carries_tag(s, tag));
            (v, carries)
        })
        .collect();
    variants.sort_by_key(|(_, carries)| *carries);
    let variants = variants.into_iter().map(|(v, carries)| {
        let ident = ident(&v.name);
        let wire = &v.tag_value;
        let ty = type_tokens(types, &v.ty);
        let docs = match facts::doc(v.doc.as_deref(), &v.facts) {
            Some(doc) => doc_attrs(Some(&doc)),
            None => {
                let doc = format!(" `{tag}: {wire}`");
                quote!(#[doc = #doc])
            }
        };
        let serde = if carries {
            quote!(#[serde(untagged)])
        } else {
            quote!(#[serde(rename = #wire)])
        };
        quote! {
            #docs
            #serde
            #ident(#ty),
        }
    });
    // `Deserialize` is written out in `decode.rs`.
    quote! {
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(tag = #tag)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A variant this version of the SDK does not know, kept as the raw JSON object.
            #[serde(untagged)]
            #fallback(serde_json::Value),
        }
    }
}

/// A response enum with a variant per success status, and the function that decodes a body
/// according to its status.
fn by_status(name: &Ident, b: &ByStatus, types: &Types) -> TokenStream {
    let names = Names::Models(types);
    let (ok, result) = (names.std("Ok"), names.std("Result"));
    let variants = b.variants.iter().map(|v| {
        let docs = doc_attrs(Some(&match (&v.status, &v.doc) {
            (Some(status), Some(doc)) => format!("`{status}`: {doc}"),
            (Some(status), None) => format!("`{status}`"),
            (None, Some(doc)) => format!("Any other 2xx status: {doc}"),
            (None, None) => "Any other 2xx status.".to_owned(),
        }));
        let ident = ident(&v.name);
        match v.kind.rust_type() {
            Some(ty) => {
                let ty = type_tokens(types, &ty);
                quote!(#docs #ident(#ty),)
            }
            None => quote!(#docs #ident,),
        }
    });
    let arms = b.variants.iter().map(|v| {
        let ident = ident(&v.name);
        let pattern = match v.status {
            Some(status) => {
                let status = proc_macro2::Literal::u16_unsuffixed(status);
                quote!(#status)
            }
            None => quote!(_),
        };
        // Each status's body is read as its kind says.
        match &v.kind {
            ResponseKind::Json(ty) => {
                let ty = type_tokens(types, ty);
                quote!(#pattern => crate::decode_json::<#ty>(status, body).map(Self::#ident),)
            }
            ResponseKind::Bytes(_) | ResponseKind::Text(_) | ResponseKind::EventStream(_) => {
                quote!(#pattern => #ok(Self::#ident(crate::Binary(body.to_vec()))),)
            }
            ResponseKind::Empty | ResponseKind::ByStatus(_) => {
                quote!(#pattern => #ok(Self::#ident),)
            }
        }
    });
    let (fallback_variant, fallback_arm) = match &b.fallback {
        Some(fallback) => {
            let fallback = ident(fallback);
            (
                quote! {
                    /// A success status the spec does not list, with its body as it came.
                    #fallback { status: u16, body: crate::Binary },
                },
                quote!(_ => #ok(Self::#fallback { status, body: crate::Binary(body.to_vec()) }),),
            )
        }
        None => (quote!(), quote!()),
    };
    quote! {
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #fallback_variant
        }

        impl #name {
            /// Decodes the body of a 2xx response according to its status, as the endpoint
            /// method does; public for custom transports and tests.
            pub fn decode(status: u16, body: &[u8]) -> #result<Self, crate::Error> {
                match status {
                    #(#arms)*
                    #fallback_arm
                }
            }
        }

        impl crate::FromResponse for #name {
            fn from_response(status: u16, body: &[u8]) -> #result<Self, crate::Error> {
                Self::decode(status, body)
            }
        }
    }
}

fn untagged(name: &Ident, u: &UntaggedUnion, types: &Types) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let ident = ident(&v.name);
        let ty = type_tokens(types, &v.ty);
        quote!(#ident(#ty),)
    });
    let fallback = if u.variants.iter().any(|v| v.ty == TypeRef::Json) {
        quote!()
    } else {
        let fallback = ident(&u.fallback);
        quote! {
            /// JSON that matches none of the variants above, kept as received.
            #fallback(serde_json::Value),
        }
    };
    // `Deserialize` is written out in `decode.rs`.
    quote! {
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #fallback
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{EnumVariant, NameHint, TypeId};

    fn def(name: &str, doc: Option<&str>, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            origin: String::new(),
            hint: NameHint::plain(name),
            doc: doc.map(str::to_owned),
            facts: crate::ir::Facts::default(),
            kind,
        }
    }

    fn open_enum_of(integer: bool, variants: &[(&str, &str)]) -> TypeKind {
        TypeKind::Enum(OpenEnum {
            integer,
            variants: variants
                .iter()
                .map(|(name, wire)| EnumVariant {
                    name: (*name).to_owned(),
                    wire: (*wire).to_owned(),
                })
                .collect(),
            fallback: "Other".to_owned(),
        })
    }

    /// The tokens of the type printed: what the text must be, where there is text.
    fn printed(def: &TypeDef, types: &Types) -> String {
        syn::parse2::<syn::File>(type_def(def, types))
            .map(|file| prettyplease::unparse(&file))
            .unwrap_or_else(|e| format!("does not parse: {e}"))
    }

    /// Types named `name` and, to take the prelude's names, `taken`.
    fn types_with(def: TypeDef, taken: &[&str]) -> Types {
        let mut defs = vec![def];
        for name in taken {
            defs.push(self::def(name, None, TypeKind::Alias(TypeRef::Bool)));
        }
        Types::new(defs)
    }

    #[test]
    fn enums_as_text_read_as_the_printed_tokens_or_are_left_to_them() {
        let (mut text, mut tokens) = (0, 0);
        for taken in [&[][..], &["String", "From", "Result"]] {
            for name_len in [1, 10, 40, 60, 75] {
                for wire_len in [0, 1, 20, 50, 62, 63, 64, 65, 66, 70, 80, 90] {
                    for integer in [false, true] {
                        let name = format!("E{}", "n".repeat(name_len));
                        let wire = match integer {
                            true => "-".to_owned() + &"9".repeat(wire_len.clamp(1, 18)),
                            false => "w'\"\\é".repeat(wire_len / 5) + &"w".repeat(wire_len % 5),
                        };
                        let variant = format!("V{}", "v".repeat(wire_len));
                        let kind = open_enum_of(
                            integer,
                            &[("A", "a"), (&variant, &wire), ("NotANumber", "x")],
                        );
                        let types = types_with(def(&name, Some("An enum."), kind), taken);
                        let (TypeKind::Enum(e), def) = (&types[TypeId(0)].kind, &types[TypeId(0)])
                        else {
                            continue;
                        };
                        match enum_text(def, e, &types, &[]) {
                            Some(written) => {
                                text += 1;
                                assert_eq!(
                                    written,
                                    printed(def, &types),
                                    "{name} {wire:?} {taken:?}"
                                );
                            }
                            None => {
                                // Only long lines are left to the printer.
                                assert!(
                                    name_len > 40 || wire_len > 20,
                                    "{name} {wire:?} {taken:?}"
                                );
                                tokens += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(text > 0 && tokens > 0, "{text} as text, {tokens} as tokens");
    }

    #[test]
    fn a_value_with_a_control_character_is_left_to_the_printer() {
        let types = types_with(def("E", None, open_enum_of(false, &[("A", "a\nb")])), &[]);
        let (TypeKind::Enum(e), def) = (&types[TypeId(0)].kind, &types[TypeId(0)]) else {
            return;
        };
        assert_eq!(enum_text(def, e, &types, &[]), None);
    }

    #[test]
    fn aliases_as_text_read_as_the_printed_tokens_or_are_left_to_them() {
        let (mut text, mut tokens) = (0, 0);
        for name_len in [1, 30, 60, 70, 80] {
            for target in [
                TypeRef::Bool,
                TypeRef::Named(TypeId(1)),
                TypeRef::Array(Box::new(TypeRef::Map(Box::new(TypeRef::Named(TypeId(1)))))),
            ] {
                let name = format!("A{}", "n".repeat(name_len));
                let types = Types::new(vec![
                    def(&name, Some("An alias."), TypeKind::Alias(target)),
                    def(
                        &"T".repeat(name_len / 2 + 1),
                        None,
                        open_enum_of(false, &[]),
                    ),
                ]);
                let (TypeKind::Alias(ty), def) = (&types[TypeId(0)].kind, &types[TypeId(0)]) else {
                    continue;
                };
                match alias_text(def, ty, &types, &[]) {
                    Some(written) => {
                        text += 1;
                        assert_eq!(written, printed(def, &types), "{name}");
                    }
                    None => {
                        assert!(name_len >= 30, "{name}");
                        tokens += 1;
                    }
                }
            }
        }
        assert!(text > 0 && tokens > 0, "{text} as text, {tokens} as tokens");
    }
}
