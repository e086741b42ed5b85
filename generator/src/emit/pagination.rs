//! Emission of the pages and items methods of a paginated operation: each builds the
//! runtime's `Pages` from the request of the operation's own method and a `Rule` whose
//! functions read the page's fields that detection found.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::doc_lines;
use super::examples::Examples;
use super::models::{Names, ident, qualified_type_tokens};
use super::resources::Member;
use crate::ir::{
    CursorSource, FieldPath, Items, NextPage, Operation, Pagination, Presence, Resource, TypeRef,
    Types,
};

/// The `<method>_pages` and `<method>_items` methods of `op`, which take the parameters
/// `params` (declarations) and pass `args` (their names) to the operation's method; none for
/// an operation that is not paginated.
pub(super) fn methods(
    resource: &Resource,
    op: &Operation,
    types: &Types,
    examples: &Examples<'_>,
    params: &[TokenStream],
    args: &[TokenStream],
) -> Vec<Member> {
    let Some(pagination) = &op.pagination else {
        return Vec::new();
    };
    let Some(page_type) = op.response.rust_type() else {
        return Vec::new();
    };
    let Some(item_type) = item_type(types, pagination, &page_type) else {
        return Vec::new();
    };
    let names = Names::Outside(Some(&resource.type_name));
    let page = qualified_type_tokens(types, &page_type, names);
    let item = qualified_type_tokens(types, &item_type, names);
    let method = ident(&op.name);
    let pages_method = ident(&pagination.pages_method);
    let items_method = ident(&pagination.items_method);
    let rule = rule(op, pagination, types, &page, names);
    let items_of = items_of(pagination, types, &page);
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated] #[allow(deprecated)]));
    vec![
        Member {
            doc: doc_lines(&pages_doc(resource, op, pagination, examples)),
            tokens: quote! {
                #deprecated
                pub fn #pages_method(&self, #(#params),*) -> crate::Pages<#page> {
                    crate::Pages::new(self.client, self.#method(#(#args),*), #rule)
                }
            },
        },
        Member {
            doc: doc_lines(&items_doc(resource, op, pagination, examples)),
            tokens: quote! {
                #deprecated
                pub fn #items_method(&self, #(#params),*) -> crate::Items<#page, #item> {
                    crate::Items::new(self.#pages_method(#(#args),*), #items_of)
                }
            },
        },
    ]
}

/// How the pages follow each other, and when they end.
fn how(op: &Operation, pagination: &Pagination) -> String {
    let param = |index: usize| {
        op.parameters
            .as_ref()
            .and_then(|p| p.fields.get(index))
            .map_or("?", |(field, _)| field.wire.as_str())
    };
    match &pagination.next {
        NextPage::Cursor { param: index, .. } => format!(
            "Each next page is asked for with the cursor the last page gives as `{}`.",
            param(*index)
        ),
        NextPage::Offset { param: index } => format!(
            "Each next page is asked for with `{}` set to the number of items seen.",
            param(*index)
        ),
        NextPage::Page {
            param: index,
            first,
        } => format!(
            "Pages are numbered by `{}` from {first}; the parameters may name another page to \
             start from.",
            param(*index)
        ),
        NextPage::LinkHeader => {
            "Each next page is the `rel=\"next\"` URL of the last page's `Link` header.".to_owned()
        }
        NextPage::Url(_) => "Each next page is the URL the last page gives.".to_owned(),
    }
}

/// What the pages and items methods of a resource have in common, said once in the rustdoc
/// of its handle type; `pagination` is the first paginated operation's, whose methods are
/// named as the example.
pub(super) fn resource_doc(pagination: &Pagination) -> String {
    format!(
        "The methods that read every page or every item of a paginated endpoint (such as \
         `{}` and `{}`) fetch the pages lazily, one request per page as they are read, each \
         retried and timed as the client is configured. Read them with `next().await`, or as a \
         `futures_core::Stream`; `max_pages()` limits how many pages are fetched, `max_items()` \
         how many items, and `collect_all()` gathers the items. A next cursor or URL that \
         repeats the last one, or a next-page URL outside the client's base URL, ends the pages \
         with `Error::Pagination`.",
        pagination.pages_method, pagination.items_method
    )
}

fn pages_doc(
    resource: &Resource,
    op: &Operation,
    pagination: &Pagination,
    examples: &Examples<'_>,
) -> String {
    format!(
        "Every page of [`Self::{}`], fetched lazily, one request per page as they are read. \
         {}\n\n{}",
        op.name,
        how(op, pagination),
        examples.doc_block(&examples.each_loop(
            resource,
            op,
            &pagination.pages_method,
            ("pages", "page")
        ))
    )
}

fn items_doc(
    resource: &Resource,
    op: &Operation,
    pagination: &Pagination,
    examples: &Examples<'_>,
) -> String {
    format!(
        "Every item of every page of [`Self::{}`], fetched lazily, a page at a time (see \
         [`Self::{}`]).\n\n{}",
        op.name,
        pagination.pages_method,
        examples.doc_block(&examples.each_loop(
            resource,
            op,
            &pagination.items_method,
            ("items", "item")
        ))
    )
}

/// The type of the items of a page of type `page`.
pub(super) fn item_type(types: &Types, pagination: &Pagination, page: &TypeRef) -> Option<TypeRef> {
    let array = match &pagination.items {
        Items::Body => page,
        Items::Field(path) => &path.last_field(types)?.ty,
    };
    match types.resolved(array) {
        TypeRef::Array(item) => Some((**item).clone()),
        _ => None,
    }
}

/// A borrowed value reached from `page`: a place (`page.meta.next`) while every step is
/// required, else an `Option<&T>`.
enum Reach {
    Place(TokenStream),
    Optional(TokenStream),
}

/// Follows `path` from the expression `root` (a reference or place of the page's type).
fn reach(types: &Types, root: TokenStream, path: &FieldPath) -> Reach {
    let mut at = Reach::Place(root);
    for &step in &path.0 {
        let Some(f) = types.fields(step.0).get(step.1) else {
            continue;
        };
        let name = ident(&f.name);
        at = match (at, f.presence) {
            (Reach::Place(place), Presence::Required) => Reach::Place(quote!(#place.#name)),
            (Reach::Place(place), Presence::RequiredNullable | Presence::Optional) => {
                Reach::Optional(quote!(#place.#name.as_ref()))
            }
            (Reach::Place(place), Presence::OptionalNullable) => {
                Reach::Optional(quote!(#place.#name.as_option()))
            }
            (Reach::Optional(option), Presence::Required) => {
                Reach::Optional(quote!(#option.map(|value| &value.#name)))
            }
            (Reach::Optional(option), Presence::RequiredNullable | Presence::Optional) => {
                Reach::Optional(quote!(#option.and_then(|value| value.#name.as_ref())))
            }
            (Reach::Optional(option), Presence::OptionalNullable) => {
                Reach::Optional(quote!(#option.and_then(|value| value.#name.as_option())))
            }
        };
    }
    at
}

/// An `Option<String>` of the cursor or URL that `path` reaches.
fn text_of(types: &Types, path: &FieldPath, some: &TokenStream) -> TokenStream {
    let is_string = path
        .last_field(types)
        .is_some_and(|f| types.resolved(&f.ty) == &TypeRef::String);
    match (reach(types, quote!(page), path), is_string) {
        (Reach::Place(place), true) => quote!(#some(#place.clone())),
        (Reach::Place(place), false) => quote!(#some(#place.to_string())),
        (Reach::Optional(option), true) => quote!(#option.cloned()),
        (Reach::Optional(option), false) => quote!(#option.map(ToString::to_string)),
    }
}

/// The `Rule` of the pages.
fn rule(
    op: &Operation,
    pagination: &Pagination,
    types: &Types,
    page: &TokenStream,
    names: Names<'_>,
) -> TokenStream {
    let (some, vec) = (names.std("Some"), names.std("Vec"));
    let value_of = |index: usize| -> Option<(String, TokenStream)> {
        let (field, _) = op.parameters.as_ref()?.fields.get(index)?;
        let name = ident(&field.name);
        let value = match field.presence {
            Presence::Required => quote!(#some(&parameters.#name)),
            Presence::RequiredNullable | Presence::Optional => quote!(parameters.#name.as_ref()),
            Presence::OptionalNullable => quote!(parameters.#name.as_option()),
        };
        Some((field.wire.clone(), value))
    };
    let advance = match &pagination.next {
        NextPage::Cursor { param, .. } => {
            value_of(*param).map(|(wire, value)| quote!(crate::Advance::cursor(#wire, #value)))
        }
        NextPage::Offset { param } => {
            value_of(*param).map(|(wire, value)| quote!(crate::Advance::offset(#wire, #value)))
        }
        NextPage::Page { param, first } => value_of(*param).map(|(wire, value)| {
            let first = if *first < 0 {
                let magnitude = Literal::u64_unsuffixed(first.unsigned_abs());
                quote!(-#magnitude)
            } else {
                let first = Literal::i64_unsuffixed(*first);
                quote!(#first)
            };
            quote!(crate::Advance::page(#wire, #value, #first))
        }),
        NextPage::LinkHeader => Some(quote!(crate::Advance::link_header())),
        NextPage::Url(_) => Some(quote!(crate::Advance::url())),
    }
    .unwrap_or_else(|| quote!(crate::Advance::link_header()));

    let count = match &pagination.items {
        Items::Body => quote!(#vec::len),
        Items::Field(path) => match reach(types, quote!(page), path) {
            Reach::Place(place) => quote!(|page: &#page| #place.len()),
            Reach::Optional(option) => {
                quote!(|page: &#page| #option.map_or(0, #vec::len))
            }
        },
    };
    let mut calls = Vec::new();
    match &pagination.next {
        NextPage::Cursor {
            from: CursorSource::Field(path),
            ..
        }
        | NextPage::Url(path) => {
            let text = text_of(types, path, &some);
            calls.push(quote!(.next(|page: &#page| #text)));
        }
        NextPage::Cursor {
            from: CursorSource::LastItem(index),
            ..
        } => {
            if let Items::Field(items) = &pagination.items {
                let last = match reach(types, quote!(page), items) {
                    Reach::Place(place) => quote!(#place.last()),
                    Reach::Optional(option) => quote!(#option.and_then(|items| items.last())),
                };
                let id = item_struct(types, items).and_then(|id| types.fields(id).get(*index));
                if let Some(id) = id {
                    let name = ident(&id.name);
                    let string = types.resolved(&id.ty) == &TypeRef::String;
                    let reach = match id.presence {
                        Presence::Required => None,
                        Presence::RequiredNullable | Presence::Optional => {
                            Some(quote!(item.#name.as_ref()))
                        }
                        Presence::OptionalNullable => Some(quote!(item.#name.as_option())),
                    };
                    let text = match (reach, string) {
                        (None, true) => quote!(#last.map(|item| item.#name.clone())),
                        (None, false) => quote!(#last.map(|item| item.#name.to_string())),
                        (Some(option), true) => quote!(#last.and_then(|item| #option.cloned())),
                        (Some(option), false) => {
                            quote!(#last.and_then(|item| #option.map(ToString::to_string)))
                        }
                    };
                    calls.push(quote!(.next(|page: &#page| #text)));
                }
            }
        }
        NextPage::Offset { .. } | NextPage::Page { .. } | NextPage::LinkHeader => {}
    }
    if let Some(path) = &pagination.has_more {
        let value = match reach(types, quote!(page), path) {
            Reach::Place(place) => quote!(#some(#place)),
            Reach::Optional(option) => quote!(#option.copied()),
        };
        calls.push(quote!(.has_more(|page: &#page| #value)));
    }
    if let Some(path) = &pagination.total {
        let signed = path
            .last_field(types)
            .and_then(|f| match types.resolved(&f.ty) {
                TypeRef::Integer { signed, bits } => Some((*signed, *bits)),
                _ => None,
            });
        let value = match (reach(types, quote!(page), path), signed) {
            (Reach::Place(place), Some((true, _))) => quote!(u64::try_from(#place).ok()),
            (Reach::Place(place), Some((false, 32))) => {
                quote!(#some(u64::from(#place)))
            }
            (Reach::Place(place), _) => quote!(#some(#place)),
            (Reach::Optional(option), Some((true, _))) => {
                quote!(#option.and_then(|total| u64::try_from(*total).ok()))
            }
            (Reach::Optional(option), Some((false, 32))) => {
                quote!(#option.map(|total| u64::from(*total)))
            }
            (Reach::Optional(option), _) => quote!(#option.copied()),
        };
        calls.push(quote!(.total(|page: &#page| #value)));
    }
    if let Some((_, value)) = pagination.size.and_then(value_of) {
        let default = match pagination.default_size {
            Some(size) => {
                let size = Literal::u64_unsuffixed(size);
                quote!(#some(#size))
            }
            None => {
                let none = names.std("None");
                quote!(#none)
            }
        };
        calls.push(quote!(.size(#value, #default)));
    }
    quote!(crate::Rule::new(#advance, #count) #(#calls)*)
}

/// The struct of the items an items path reaches.
fn item_struct(types: &Types, items: &FieldPath) -> Option<crate::ir::TypeId> {
    let array = &items.last_field(types)?.ty;
    match types.resolved(array) {
        TypeRef::Array(item) => match types.resolved(item) {
            TypeRef::Named(id) => Some(*id),
            _ => None,
        },
        _ => None,
    }
}

/// The function that takes the items out of a page.
fn items_of(pagination: &Pagination, types: &Types, page: &TokenStream) -> TokenStream {
    let Items::Field(path) = &pagination.items else {
        return quote!(std::convert::identity);
    };
    // Moves each field out of its parent: a place while every step is required, else an
    // `Option` of the value.
    let mut place = quote!(page);
    let mut optional = false;
    for &step in &path.0 {
        let Some(f) = types.fields(step.0).get(step.1) else {
            continue;
        };
        let name = ident(&f.name);
        let unwrap = match f.presence {
            Presence::Required => quote!(),
            Presence::RequiredNullable | Presence::Optional => quote!(),
            Presence::OptionalNullable => quote!(.into_option()),
        };
        let may_lack = f.presence != Presence::Required;
        place = match (optional, may_lack) {
            (false, _) => quote!(#place.#name #unwrap),
            (true, false) => quote!(#place.map(|value| value.#name)),
            (true, true) => quote!(#place.and_then(|value| value.#name #unwrap)),
        };
        optional |= may_lack;
    }
    if optional {
        quote!(|page: #page| #place.unwrap_or_default())
    } else {
        quote!(|page: #page| #place)
    }
}
