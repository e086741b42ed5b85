//! Emission of the endpoint code: one module per resource with a handle type whose methods
//! build requests for the hand-written client, and the `Client` accessors of the resources.

use proc_macro2::TokenStream;
use quote::quote;

use super::examples::Examples;
use super::models::{Names, allow_deprecated, ident, qualified_type_tokens, serde_struct};
use super::text::Writer;
use super::{doc_lines, line_attrs};
use crate::ir::{
    Api, BodyKind, EventStream, Idempotency, Operation, Outcome, ParamLocation, PathPart, Presence,
    QueryStyle, Resource, ResponseKind, StatusMatch, TypeId, TypeKind, TypeRef, Types,
};

/// `resources/mod.rs`: the modules, the accessors on `Client`, and the models that decode
/// as JSON responses.
pub(crate) fn resources_mod(api: &Api) -> TokenStream {
    let resources: Vec<&Resource> = api
        .resources
        .iter()
        .filter(|r| r.parents.is_empty())
        .collect();
    let modules = resources.iter().map(|r| {
        let name = ident(&r.name);
        quote!(pub mod #name;)
    });
    let accessors = resources
        .iter()
        .map(|r| accessor(r, quote!('_), quote!(self)));
    let decoders = json_models(api)
        .into_iter()
        .map(|id| ident(api.types.name(id)));
    quote! {
        //! The endpoints of the API, grouped by resource: `client.<resource>().<method>(...)`.

        #(#modules)*

        impl crate::Client {
            #(#accessors)*
        }

        // The models decode as JSON responses (an empty list, for a crate without any,
        // keeps the runtime's macro in use).
        crate::response::json_models!(#(#decoders),*);
    }
}

/// The method that returns the handle of `resource`, with the lifetime `lifetime`, made from
/// the client `client`.
fn accessor(resource: &Resource, lifetime: TokenStream, client: TokenStream) -> TokenStream {
    let docs = line_attrs(accessor_doc(resource));
    let method = accessor_fn(resource, lifetime, client);
    quote! {
        #docs
        #method
    }
}

/// The rustdoc lines of the accessor of `resource`.
fn accessor_doc(resource: &Resource) -> Vec<String> {
    let path = resource.path(".");
    match resource.doc.as_deref().map(str::trim) {
        // Text of several lines may open with a block (a list, a quote), which only a
        // line of its own starts: it gets a paragraph of its own.
        Some(text) if text.contains('\n') => {
            doc_lines(&format!("The `{path}` endpoints.\n\n{text}"))
        }
        Some(text) => doc_lines(&format!("The `{path}` endpoints: {text}")),
        None => vec![format!("The `{path}` endpoints.")],
    }
}

/// The accessor of `resource` without its rustdoc (see [`accessor`]).
fn accessor_fn(resource: &Resource, lifetime: TokenStream, client: TokenStream) -> TokenStream {
    let name = ident(&resource.name);
    let type_name = ident(&resource.type_name);
    quote! {
        pub fn #name(&self) -> #name::#type_name<#lifetime> {
            #name::#type_name::new(#client)
        }
    }
}

/// The models that decode from JSON, in id order: each is a JSON response to
/// `Client::request` as well as to the methods that return it. The runtime decodes the
/// other JSON types itself, an enum by status decodes its own variants, an alias is its
/// target, and the parameters of an operation are never decoded.
fn json_models(api: &Api) -> Vec<TypeId> {
    (0..api.types.len())
        .map(TypeId)
        .filter(|&id| match api.types.kind(id) {
            Some(TypeKind::Struct(s)) => s.serde,
            Some(
                TypeKind::Enum(_)
                | TypeKind::Tagged(_)
                | TypeKind::Untagged(_)
                | TypeKind::Tuple(_),
            ) => true,
            Some(TypeKind::Alias(_) | TypeKind::ByStatus(_)) | None => false,
        })
        .collect()
}

/// A method of a resource's handle type: its rustdoc, by line, and the rest of it as tokens.
pub(crate) struct Member {
    pub(crate) doc: Vec<String>,
    pub(crate) tokens: TokenStream,
}

/// `resources/<name>.rs` (a sub-resource's under its parent's directory): the handle type,
/// one method per operation, and the modules and accessors of its sub-resources.
///
/// Written as text but for the methods' signatures and bodies, which are printed from
/// tokens together, in a block of their own, and cut back into methods; their rustdoc,
/// most of the file, is written around them.
pub(crate) fn resource(
    resource: &Resource,
    api: &Api,
    examples: &Examples<'_>,
) -> syn::Result<String> {
    let children: Vec<&Resource> = api
        .resources
        .iter()
        .filter(|r| resource.is_parent_of(r))
        .collect();
    // An operation that answers with events only has its streaming method alone.
    let mut members: Vec<Member> = Vec::new();
    for op in &resource.operations {
        if !streams_only(op) {
            members.extend(operation(resource, op, api, examples, None));
        }
        if let Some(stream) = &op.stream {
            members.extend(operation(resource, op, api, examples, Some(stream)));
        }
    }
    members.extend(children.iter().map(|child| Member {
        doc: accessor_doc(child),
        tokens: accessor_fn(child, quote!('a), quote!(self.client)),
    }));
    let printed = print_members(&members)?;

    let type_name = &resource.type_name;
    let mut out = Writer::default();
    out.inner_doc(&format!("The `{}` endpoints.", resource.path(".")));
    for child in &children {
        out.line(&format!("pub mod {};", child.name));
    }
    doc_lines(&handle_doc(resource))
        .iter()
        .for_each(|line| out.doc(line));
    out.line("#[derive(Debug, Clone, Copy)]");
    out.open(&format!("pub struct {type_name}<'a> {{"));
    out.line("client: &'a crate::Client,");
    out.close("}");
    out.open(&format!("impl<'a> {type_name}<'a> {{"));
    out.open("pub(crate) fn new(client: &'a crate::Client) -> Self {");
    out.line("Self { client }");
    out.close("}");
    let mut text = out.finish();
    for (member, printed) in members.iter().zip(printed) {
        let mut doc = Writer::default();
        doc.indent();
        member.doc.iter().for_each(|line| doc.doc(line));
        text.push_str(&doc.finish());
        text.push_str(&printed);
    }
    text.push_str("}\n");
    Ok(text)
}

/// The text of each of `members` as the printer writes it inside an impl block (without its
/// rustdoc): all of them are printed as one block, whose lines are cut where each method's
/// closing `}` at the first indentation level ends it.
fn print_members(members: &[Member]) -> syn::Result<Vec<String>> {
    let tokens = members.iter().map(|member| &member.tokens);
    let file = syn::parse2::<syn::File>(quote!(impl Members { #(#tokens)* }))?;
    let printed = prettyplease::unparse(&file);
    let mut lines = printed.lines();
    lines.next();
    let mut texts = Vec::with_capacity(members.len());
    let mut current = String::new();
    for line in lines {
        if line == "}" {
            break;
        }
        current.push_str(line);
        current.push('\n');
        if line == "    }" {
            texts.push(std::mem::take(&mut current));
        }
    }
    if texts.len() != members.len() || !current.is_empty() {
        return Err(syn::Error::new(
            proc_macro2::Span::call_site(),
            format!(
                "{} methods printed as {} blocks",
                members.len(),
                texts.len()
            ),
        ));
    }
    Ok(texts)
}

/// The method of `op`, or its streaming method.
fn operation(
    resource: &Resource,
    op: &Operation,
    api: &Api,
    examples: &Examples<'_>,
    stream: Option<&EventStream>,
) -> Vec<Member> {
    let types = &api.types;
    let names = Names::Outside(Some(&resource.type_name));
    let (some, none) = (names.std("Some"), names.std("None"));
    let name = ident(stream.map_or(&op.name, |stream| &stream.name));
    let method = ident(&op.method);
    let doc = doc_lines(&method_doc(resource, op, examples, stream));
    let deprecated = if op.deprecated {
        quote!(#[deprecated])
    } else {
        quote!()
    };
    // A multipart body is encoded field by field.
    let allow = match &op.body {
        Some(body) if body.kind == BodyKind::Multipart => {
            serde_struct(types, &body.ty).map_or_else(TokenStream::new, allow_deprecated)
        }
        _ => quote!(),
    };

    let mut params = Vec::new();
    let mut args = Vec::new();
    for param in &op.path_params {
        let name = ident(&param.name);
        args.push(quote!(#name));
        let ty = match &param.ty {
            TypeRef::String => quote!(&str),
            scalar @ (TypeRef::Bool | TypeRef::Integer { .. } | TypeRef::Float { .. }) => {
                qualified_type_tokens(types, scalar, names)
            }
            other => {
                let ty = qualified_type_tokens(types, other, names);
                quote!(&#ty)
            }
        };
        params.push(quote!(#name: #ty));
    }
    let mut sends = Vec::new();
    if let Some(parameters) = &op.parameters {
        let type_name = ident(types.name(parameters.type_id));
        params.push(quote!(parameters: &crate::models::#type_name));
        args.push(quote!(parameters));
        for (field, location) in &parameters.fields {
            let name = ident(&field.name);
            let wire = &field.wire;
            // The call that adds `value`, and the arguments after it.
            let (add, extra) = match location {
                ParamLocation::Query(QueryStyle::Form) => (quote!(query_value), quote!()),
                ParamLocation::Query(QueryStyle::Joined(separator)) => {
                    (quote!(query_joined), quote!(, #separator))
                }
                ParamLocation::Query(QueryStyle::DeepObject) => (quote!(query_deep), quote!()),
                ParamLocation::Header => (quote!(header_value), quote!()),
                ParamLocation::Cookie => (quote!(cookie_value), quote!()),
            };
            // Each is an expression of the request so far, `request`.
            sends.push(match field.presence {
                Presence::Required | Presence::RequiredNullable => {
                    quote!(request.#add(#wire, &parameters.#name #extra))
                }
                Presence::Optional | Presence::OptionalNullable => quote! {
                    match &parameters.#name {
                        #some(value) => request.#add(#wire, value #extra),
                        #none => request,
                    }
                },
            });
        }
    }
    let mut setup = Vec::new();
    // The method's body argument and the call that attaches it, `body` standing for the
    // argument's value.
    let body = op.body.as_ref().map(|body| {
        let (ty, attach) = match &body.kind {
            BodyKind::Binary(media) => (quote!(&[u8]), quote!(bytes_body(#media, body))),
            BodyKind::Text(media) => (quote!(&str), quote!(bytes_body(#media, body))),
            kind => {
                let ty = qualified_type_tokens(types, &body.ty, names);
                let attach = match kind {
                    BodyKind::Form => quote!(form_body(body)),
                    BodyKind::Multipart => {
                        setup.push(multipart_parts(&body.ty, types, names));
                        quote!(multipart_body(parts))
                    }
                    _ => match stream.and_then(|stream| stream.stream_flag.as_deref()) {
                        Some(flag) => quote!(json_body_streaming(body, #flag)),
                        None => quote!(json_body(body)),
                    },
                };
                (quote!(&#ty), attach)
            }
        };
        args.push(quote!(body));
        if body.required {
            params.push(quote!(body: #ty));
            quote!(.#attach)
        } else {
            let option = names.std("Option");
            params.push(quote!(body: #option<#ty>));
            sends.insert(
                0,
                quote! {
                    match body {
                        #some(body) => request.#attach,
                        #none => request,
                    }
                },
            );
            quote!()
        }
    });
    let accept = stream
        .map(|stream| &stream.media)
        .or(op.accept.as_ref())
        .map(|media| quote!(.header("accept", #media)));
    // Requests send the document's credentials unless told otherwise.
    let security = (op.security != api.security).then(|| {
        let security = super::security::requirement_tokens(api, &op.security);
        quote!(.security(#security))
    });
    let outcome = match &op.outcome {
        Outcome::Success => None,
        Outcome::Statuses(statuses) => {
            let ranges = statuses.iter().map(|status| match *status {
                StatusMatch::Code(code) => {
                    let code = proc_macro2::Literal::u16_unsuffixed(code);
                    quote!(#code..=#code)
                }
                StatusMatch::Range(hundreds) => {
                    let low = proc_macro2::Literal::u16_unsuffixed(hundreds * 100);
                    let high = proc_macro2::Literal::u16_unsuffixed(hundreds * 100 + 99);
                    quote!(#low..=#high)
                }
            });
            Some(quote!(.outcome(&[#(#ranges),*])))
        }
        Outcome::Default => Some(quote!(.outcome(&[100..=499]))),
    };

    // Each parameter is encoded into a local of the same name, which the path template then
    // names inline: `let id = encode(id); format!("/assistants/{id}")`.
    let mut template = String::new();
    let mut encode = Vec::new();
    let mut checks = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathPart::Param(param) => {
                template.push_str(&format!("{{{param}}}"));
                let name = ident(param);
                let is_string = op
                    .path_params
                    .iter()
                    .any(|p| &p.name == param && p.ty == TypeRef::String);
                encode.push(if is_string {
                    quote!(let #name = crate::encode_path_segment(#name);)
                } else {
                    quote!(let #name = crate::encode_path_value(&#name);)
                });
                let wire = op
                    .path_params
                    .iter()
                    .find(|p| &p.name == param)
                    .map_or(param.as_str(), |p| p.wire.as_str());
                checks.push(quote!(.path_param(#wire, &#name)));
            }
        }
    }
    let path = if encode.is_empty() {
        let string = names.std("String");
        quote!(#string::from(#template))
    } else {
        quote!(format!(#template))
    };
    // The response type, from the method's signature, says how the body decodes (its
    // `FromResponse`); a stream is read outside the timeout.
    let response = match stream {
        Some(stream) => {
            let item = qualified_type_tokens(types, &stream.item, names);
            match stream.envelopes {
                true => quote!(crate::NamedEvents<#item>),
                false => quote!(crate::EventStream<#item>),
            }
        }
        None => op
            .response
            .rust_type()
            .map_or_else(|| quote!(()), |ty| qualified_type_tokens(types, &ty, names)),
    };
    // The bytes of a stream that has no streaming method are read outside the timeout.
    let streamed = (stream.is_none() && matches!(op.response, ResponseKind::EventStream(_)))
        .then(|| quote!(.streamed()));
    let idempotency = match &op.idempotency {
        Idempotency::Unset => None,
        Idempotency::Header(name) => Some(quote!(.idempotency_header(Some(#name)))),
        Idempotency::Off => Some(quote!(.idempotency_header(None))),
    };
    let start = quote!(self.client.request(reqwest::Method::#method, #path));
    let build = quote!(#start #(#checks)*#security #outcome #idempotency #accept #streamed #body);
    let request = match sends.split_last() {
        None => build,
        Some((last, rest)) => quote! {
            let request = #build;
            #(let request = #rest;)*
            #last
        },
    };
    let method = Member {
        doc,
        tokens: quote! {
            #deprecated
            #allow
            pub fn #name(&self, #(#params),*) -> crate::PendingRequest<#response> {
                #(#encode)*
                #(#setup)*
                #request
            }
        },
    };
    let mut members = vec![method];
    members.extend(super::pagination::methods(
        resource, op, types, examples, &params, &args,
    ));
    members
}

/// Whether an operation answers with events only, and so has its streaming method alone.
pub(crate) fn streams_only(op: &Operation) -> bool {
    op.stream.is_some() && matches!(op.response, ResponseKind::EventStream(_))
}

/// The statements that build `parts`, the multipart parts of the fields of the body struct:
/// files as file parts, everything else as text, an array one part per item; absent optional
/// fields are left out.
fn multipart_parts(ty: &TypeRef, types: &Types, names: Names<'_>) -> TokenStream {
    let vec = names.std("Vec");
    let fields = match ty {
        TypeRef::Named(id) => match types.definition(*id) {
            Some(TypeKind::Struct(s)) => Some(&s.fields),
            _ => None,
        },
        _ => None,
    };
    let Some(fields) = fields else {
        return quote!(let parts = vec![crate::Part::text("body", body)];);
    };
    // The leading required fields of one part each start the vector (clippy's
    // `vec_init_then_push`); the rest are added in spec order.
    let leading = fields
        .iter()
        .take_while(|f| {
            matches!(f.presence, Presence::Required | Presence::RequiredNullable)
                && !many_parts(&f.ty, types)
        })
        .count();
    let first = fields[..leading].iter().map(|field| {
        let name = ident(&field.name);
        let wire = &field.wire;
        match &field.ty {
            TypeRef::File => quote!(crate::Part::file(#wire, &body.#name)),
            _ => quote!(crate::Part::text(#wire, &body.#name)),
        }
    });
    let pushes = fields[leading..].iter().map(|field| {
        let name = ident(&field.name);
        let wire = &field.wire;
        let add = |value: TokenStream| match &field.ty {
            TypeRef::File => quote!(parts.push(crate::Part::file(#wire, #value));),
            TypeRef::Array(item) if **item == TypeRef::File => quote! {
                parts.extend(#value.iter().map(|file| crate::Part::file(#wire, file)));
            },
            ty if many_parts(ty, types) => quote!(parts.extend(crate::Part::texts(#wire, #value));),
            _ => quote!(parts.push(crate::Part::text(#wire, #value));),
        };
        match field.presence {
            Presence::Required | Presence::RequiredNullable => add(quote!(&body.#name)),
            Presence::Optional => {
                let add = add(quote!(value));
                let some = names.std("Some");
                quote!(if let #some(value) = &body.#name { #add })
            }
            Presence::OptionalNullable => {
                let add = add(quote!(value));
                quote!(if let crate::Nullable::Value(value) = &body.#name { #add })
            }
        }
    });
    // An array rather than `vec![]`, whose tokens the printer leaves unformatted.
    if leading == fields.len() {
        return quote!(let parts = #vec::from([#(#first),*]););
    }
    let start = if leading == 0 {
        quote!(#vec::new())
    } else {
        quote!(#vec::from([#(#first),*]))
    };
    quote! {
        let mut parts = #start;
        #(#pushes)*
    }
}

/// Whether a field of this type may be an array, sent as one part per item: an array, raw
/// JSON, or a union or alias that may hold one (the runtime's `Part::texts` looks at the
/// value).
fn many_parts(ty: &TypeRef, types: &Types) -> bool {
    match types.resolved(ty) {
        TypeRef::Array(_) | TypeRef::Json => true,
        TypeRef::Option(inner) => many_parts(inner, types),
        TypeRef::Named(id) => matches!(types.kind(*id), Some(TypeKind::Untagged(_))),
        _ => false,
    }
}

/// The rustdoc of a resource's handle type: how to get one, and what its methods have in
/// common, said once here rather than on every method.
fn handle_doc(resource: &Resource) -> String {
    let mut doc = format!(
        "The `{}` endpoints; get one with `client.{}()`.\n\n\
         Each method returns a [`PendingRequest`](crate::PendingRequest): await it for the \
         decoded body, or call `send_with_response()` for the status and headers too; \
         `timeout()` and `max_retries()` override the client's settings for that request.",
        resource.path("."),
        resource.path("().")
    );
    if let Some(pagination) = resource
        .operations
        .iter()
        .find_map(|op| op.pagination.as_ref())
    {
        doc.push_str("\n\n");
        doc.push_str(&super::pagination::resource_doc(pagination));
    }
    doc
}

/// Summary and description from the spec, the HTTP route, how a streaming method streams,
/// and an example that compiles; what every method has in common is said on the handle type
/// ([`handle_doc`]).
fn method_doc(
    resource: &Resource,
    op: &Operation,
    examples: &Examples<'_>,
    stream: Option<&EventStream>,
) -> String {
    let mut doc = String::new();
    if let Some(text) = &op.doc {
        doc.push_str(text);
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("`{} {}`\n\n", op.method, op.path));
    let call = match stream {
        None => examples.pretty_call(resource, op),
        Some(stream) => {
            doc.push_str(&format!(
                "Streams the answer as server-sent events (`Accept: {}`){}. Await the returned \
                 request to connect, then read the events with `next()`; the timeout also \
                 bounds each wait for more of the stream.\n\n",
                stream.media,
                match &stream.stream_flag {
                    Some(flag) => format!(", with the body's `{flag}` set to `true`"),
                    None => String::new(),
                }
            ));
            examples.pretty_stream_call(resource, op, &stream.name)
        }
    };
    doc.push_str(&examples.doc_block(&call));
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(tokens: TokenStream) -> Member {
        Member {
            doc: Vec::new(),
            tokens,
        }
    }

    #[test]
    fn methods_printed_together_are_cut_back_into_methods() {
        let members = [
            member(quote! {
                #[deprecated]
                pub fn a(&self, id: &str) -> crate::PendingRequest<()> {
                    let id = crate::encode_path_segment(id);
                    match id { _ => {} }
                    self.client.request(reqwest::Method::GET, format!("/a/{id}"))
                }
            }),
            member(quote! {
                pub fn b(&self) -> u8 { 1 }
            }),
        ];
        let printed = print_members(&members);
        assert_eq!(
            printed.ok(),
            Some(vec![
                "    #[deprecated]\n    pub fn a(&self, id: &str) -> crate::PendingRequest<()> {\n        let id = crate::encode_path_segment(id);\n        match id {\n            _ => {}\n        }\n        self.client.request(reqwest::Method::GET, format!(\"/a/{id}\"))\n    }\n".to_owned(),
                "    pub fn b(&self) -> u8 {\n        1\n    }\n".to_owned(),
            ])
        );
    }

    #[test]
    fn a_method_that_prints_on_one_line_is_an_error_not_a_wrong_cut() {
        let members = [
            member(quote!(
                pub fn a(&self) {}
            )),
            member(quote!(
                pub fn b(&self) -> u8 {
                    1
                }
            )),
        ];
        assert!(print_members(&members).is_err());
    }
}
