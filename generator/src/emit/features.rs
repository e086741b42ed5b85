//! The crate's cargo features: one per resource the client reaches itself (its
//! sub-resources come with it), all on by default. A program that turns the others off
//! compiles the methods of its resources and the models they reach, and no others.
//!
//! [`Gates`] is the reachability pass over the IR: which features each model type needs.
//! The emitters know nothing of features; [`Gates::gate_models`] and
//! [`Gates::gate_resources`] put the `#[cfg]` attributes on the parsed files afterwards.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;
use syn::punctuated::Punctuated;

use crate::ir::{Api, Operation, Resource, ResponseKind, TypeId, TypeKind, Types};

/// The features an item is compiled under: always, or when any of some features is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cfg {
    /// Compiled whichever features are on.
    Always,
    /// Compiled when one of these features (indexes into [`Gates::features`]) is on; never
    /// empty, and all of them only as the one feature of a crate's only resource.
    Any(BTreeSet<usize>),
}

impl Cfg {
    /// The cfg of what both `self` and `other` need: compiled when either is.
    pub(crate) fn union(&self, other: &Cfg) -> Cfg {
        match (self, other) {
            (Cfg::Any(a), Cfg::Any(b)) => Cfg::Any(a | b),
            _ => Cfg::Always,
        }
    }
}

/// The cargo features of a crate and which of them each model type needs.
pub(crate) struct Gates {
    /// One per top-level resource, in the order of `Api::resources`.
    features: Vec<Feature>,
    /// By `TypeId`: the cfg of each model type.
    types: Vec<Cfg>,
}

/// A cargo feature: a top-level resource and its sub-resources.
pub(crate) struct Feature {
    /// The feature's name in `Cargo.toml`.
    pub(crate) name: String,
    /// The accessor on `Client` of the resource it enables.
    pub(crate) resource: String,
    /// Every resource it enables, as `resource.sub` paths, outermost first.
    pub(crate) resources: Vec<String>,
}

impl Gates {
    /// The features of `api` and the reachability of its types from each of them.
    ///
    /// A type that no resource reaches (a schema no operation uses, a webhook payload) is
    /// always compiled, and so is everything it reaches; a type that every resource
    /// reaches needs no cfg either.
    pub(crate) fn new(api: &Api) -> Gates {
        let tops: Vec<&Resource> = api
            .resources
            .iter()
            .filter(|r| r.parents.is_empty())
            .collect();
        let features: Vec<Feature> = tops
            .iter()
            .map(|top| Feature {
                name: feature_name(&top.name),
                resource: top.name.clone(),
                resources: subtree(api, top).map(|r| r.path(".")).collect(),
            })
            .collect();
        let mut reached: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); api.types.len()];
        for (index, top) in tops.iter().enumerate() {
            let mut roots = Vec::new();
            for op in subtree(api, top).flat_map(|r| &r.operations) {
                operation_types(op, &mut roots);
            }
            for id in api.types.reachable(roots) {
                reached[id.0].insert(index);
            }
        }
        let unreached = (0..api.types.len())
            .map(TypeId)
            .filter(|id| reached[id.0].is_empty());
        let always = api.types.reachable(unreached.collect());
        let types = reached
            .into_iter()
            .enumerate()
            .map(|(id, features)| {
                if always.contains(&TypeId(id)) || features.len() == tops.len() {
                    Cfg::Always
                } else {
                    Cfg::Any(features)
                }
            })
            .collect();
        Gates { features, types }
    }

    /// The features, in the order of the resources.
    pub(crate) fn features(&self) -> &[Feature] {
        &self.features
    }

    /// The cfg of the model type `id`.
    pub(crate) fn of_type(&self, id: TypeId) -> &Cfg {
        self.types.get(id.0).unwrap_or(&Cfg::Always)
    }

    /// The cfg of the top-level resource at index `index` of [`Gates::features`]: its
    /// feature (even when it is the only one).
    pub(crate) fn of_feature(&self, index: usize) -> Cfg {
        Cfg::Any(BTreeSet::from([index]))
    }

    /// The cfg of what the top-level resources for which `uses` holds need: compiled when
    /// one of them is, always when all of them use it.
    pub(crate) fn of_resources(&self, api: &Api, uses: impl Fn(&Operation) -> bool) -> Cfg {
        let users: BTreeSet<usize> = api
            .resources
            .iter()
            .filter(|r| r.parents.is_empty())
            .enumerate()
            .filter(|(_, top)| subtree(api, top).flat_map(|r| &r.operations).any(&uses))
            .map(|(index, _)| index)
            .collect();
        self.normalized(users)
    }

    /// The union of the cfgs of the types for which `uses` holds; `None` when there are no
    /// such types.
    pub(crate) fn of_types(&self, types: &Types, uses: impl Fn(&TypeKind) -> bool) -> Option<Cfg> {
        types
            .iter()
            .enumerate()
            .filter(|(_, def)| uses(&def.kind))
            .map(|(id, _)| self.of_type(TypeId(id)).clone())
            .reduce(|a, b| a.union(&b))
    }

    /// `Cfg::Any(features)`, or `Cfg::Always` when that is all of them.
    fn normalized(&self, features: BTreeSet<usize>) -> Cfg {
        if features.len() == self.features.len() {
            Cfg::Always
        } else {
            Cfg::Any(features)
        }
    }

    /// The attribute of `cfg`: nothing for `Cfg::Always`, `#[cfg(feature = "a")]` for one
    /// feature, `#[cfg(any(feature = "a", ...))]` for several.
    pub(crate) fn attribute(&self, cfg: &Cfg) -> TokenStream {
        let Cfg::Any(features) = cfg else {
            return quote!();
        };
        let names = features.iter().map(|&i| self.features[i].name.as_str());
        if features.len() == 1 {
            quote!(#[cfg(#(feature = #names)*)])
        } else {
            quote!(#[cfg(any(#(feature = #names),*))])
        }
    }

    /// The names of the features `cfg` is compiled under, for an item written as text
    /// (see [`super::text::Writer::cfg`]): none for `Cfg::Always`.
    pub(crate) fn feature_names(&self, cfg: &Cfg) -> Vec<&str> {
        match cfg {
            Cfg::Always => Vec::new(),
            Cfg::Any(features) => features
                .iter()
                .filter_map(|&i| self.features.get(i))
                .map(|f| f.name.as_str())
                .collect(),
        }
    }

    /// The features of the items that belong to the model named `name`, written as text
    /// ([`Gates::gate_models`] puts the same cfg on those printed from tokens): none for a
    /// name of no model.
    pub(crate) fn model_features(&self, types: &Types, name: &str) -> Vec<&str> {
        types
            .by_name(name)
            .map_or_else(Vec::new, |id| self.feature_names(self.of_type(id)))
    }

    /// Puts the cfg of each model type on the items of `models.rs` or (`decoders`)
    /// `decode.rs` that belong to it: its definition, the impls for it and, in `decode.rs`,
    /// the enum of its fields (`<Type>Field`) or variants (`<Type>Variant`). Items of no
    /// model are left alone.
    pub(crate) fn gate_models(&self, types: &Types, file: &mut syn::File, decoders: bool) {
        for item in &mut file.items {
            let name = match item {
                syn::Item::Enum(e) if decoders => {
                    super::decode::enum_owner(&e.ident.to_string()).map(str::to_owned)
                }
                _ => item_type(item),
            };
            let Some(id) = name.and_then(|name| types.by_name(&name)) else {
                continue;
            };
            add_attribute(item, self.attribute(self.of_type(id)));
        }
    }

    /// Puts the features on `resources/mod.rs`: each top-level resource's module and its
    /// accessor on `Client` get its feature, and the list of JSON models is split by cfg (the
    /// ungated part is kept, even empty, so that the runtime's macro stays in use).
    pub(crate) fn gate_resources(&self, types: &Types, file: &mut syn::File) {
        let feature_of = |name: &str| {
            let index = self.features.iter().position(|f| f.resource == name)?;
            Some(self.attribute(&self.of_feature(index)))
        };
        let mut items = Vec::with_capacity(file.items.len());
        for mut item in std::mem::take(&mut file.items) {
            match &mut item {
                syn::Item::Mod(module) => {
                    if let Some(attribute) = feature_of(&module.ident.to_string()) {
                        add_attribute(&mut item, attribute);
                    }
                }
                syn::Item::Impl(block) => {
                    for member in &mut block.items {
                        if let syn::ImplItem::Fn(method) = member {
                            if let Some(attribute) = feature_of(&method.sig.ident.to_string()) {
                                insert_after_docs(&mut method.attrs, attributes(attribute));
                            }
                        }
                    }
                }
                syn::Item::Macro(invocation) if ends_with(&invocation.mac.path, "json_models") => {
                    if let Some(split) = self.split_json_models(types, invocation) {
                        items.extend(split);
                        continue;
                    }
                }
                _ => {}
            }
            items.push(item);
        }
        file.items = items;
    }

    /// The `json_models!` invocation `invocation`, one per cfg of the models it lists, the
    /// ungated one first; `None` when its arguments are not a list of names.
    fn split_json_models(
        &self,
        types: &Types,
        invocation: &syn::ItemMacro,
    ) -> Option<Vec<syn::Item>> {
        let names = invocation
            .mac
            .parse_body_with(Punctuated::<syn::Ident, syn::Token![,]>::parse_terminated)
            .ok()?;
        let mut groups: Vec<(Cfg, Vec<syn::Ident>)> = vec![(Cfg::Always, Vec::new())];
        for name in names {
            let cfg = types
                .by_name(&name.to_string())
                .map_or(Cfg::Always, |id| self.of_type(id).clone());
            match groups.iter_mut().find(|(c, _)| *c == cfg) {
                Some((_, group)) => group.push(name),
                None => groups.push((cfg, vec![name])),
            }
        }
        let path = &invocation.mac.path;
        let attrs = &invocation.attrs;
        groups
            .into_iter()
            .map(|(cfg, names)| {
                let attribute = self.attribute(&cfg);
                syn::parse2(quote! {
                    #(#attrs)*
                    #attribute
                    #path!(#(#names),*);
                })
                .ok()
            })
            .collect()
    }
}

/// Whether the last segment of `path` is `name` (`crate::response::json_models` ends with
/// `json_models`).
fn ends_with(path: &syn::Path, name: &str) -> bool {
    path.segments.last().is_some_and(|s| s.ident == name)
}

/// The feature name of a top-level resource: its accessor's name, but for `default`, the
/// name cargo keeps for the default set, which becomes `default_`.
pub(crate) fn feature_name(resource: &str) -> String {
    if resource == "default" {
        "default_".to_owned()
    } else {
        resource.to_owned()
    }
}

/// `top` and the resources nested in it, in the order of `Api::resources`.
fn subtree<'a>(api: &'a Api, top: &'a Resource) -> impl Iterator<Item = &'a Resource> {
    api.resources.iter().filter(move |r| {
        std::ptr::eq(*r, top) || r.parents.first() == Some(&top.name) && top.parents.is_empty()
    })
}

/// Pushes the ids of the types an operation names: its parameters, path parameters, body,
/// response and events.
fn operation_types(op: &Operation, out: &mut Vec<TypeId>) {
    for param in &op.path_params {
        param.ty.push_ids(out);
    }
    if let Some(parameters) = &op.parameters {
        out.push(parameters.type_id);
        for (field, _) in &parameters.fields {
            field.ty.push_ids(out);
        }
    }
    if let Some(body) = &op.body {
        body.ty.push_ids(out);
    }
    response_ids(&op.response, out);
    if let Some(stream) = &op.stream {
        stream.item.push_ids(out);
    }
}

/// Pushes the ids a response kind names.
fn response_ids(kind: &ResponseKind, out: &mut Vec<TypeId>) {
    match kind {
        ResponseKind::Json(ty) => ty.push_ids(out),
        ResponseKind::ByStatus(id) => out.push(*id),
        ResponseKind::Empty
        | ResponseKind::Bytes(_)
        | ResponseKind::Text(_)
        | ResponseKind::EventStream(_) => {}
    }
}

/// The name of the model an item of `models.rs` or `decode.rs` belongs to: the type it
/// defines, or the one an impl is for (`crate::models::Pet` belongs to `Pet`).
fn item_type(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        syn::Item::Type(t) => Some(t.ident.to_string()),
        syn::Item::Impl(block) => match &*block.self_ty {
            syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// The attributes in `tokens` (made by [`Gates::attribute`]).
fn attributes(tokens: TokenStream) -> Vec<syn::Attribute> {
    if tokens.is_empty() {
        return Vec::new();
    }
    syn::parse::Parser::parse2(syn::Attribute::parse_outer, tokens).unwrap_or_default()
}

/// Adds the attributes in `tokens` to `item`, after its docs.
pub(crate) fn add_attribute(item: &mut syn::Item, tokens: TokenStream) {
    let new = attributes(tokens);
    if new.is_empty() {
        return;
    }
    let attrs = match item {
        syn::Item::Struct(s) => &mut s.attrs,
        syn::Item::Enum(e) => &mut e.attrs,
        syn::Item::Type(t) => &mut t.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Mod(m) => &mut m.attrs,
        syn::Item::Macro(m) => &mut m.attrs,
        syn::Item::Use(u) => &mut u.attrs,
        _ => return,
    };
    insert_after_docs(attrs, new);
}

/// Inserts `new` into `attrs` after the leading doc attributes, where a reader looks for it.
fn insert_after_docs(attrs: &mut Vec<syn::Attribute>, new: Vec<syn::Attribute>) {
    let at = attrs
        .iter()
        .position(|a| !a.path().is_ident("doc"))
        .unwrap_or(attrs.len());
    attrs.splice(at..at, new);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three resources: `pets` and `owners` (whose owner holds a pet) share `Pet`, `stores`
    /// has `Store` alone; `Lonely`, used by no operation, holds a `Tag`, as `Pet` does.
    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Shop, version: "1"}
paths:
  /pets:
    get:
      operationId: pets.list
      tags: [pets]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
  /owners:
    get:
      operationId: owners.list
      tags: [owners]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Owner"}}}}
  /stores:
    get:
      operationId: stores.list
      tags: [stores]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Store"}}}}
components:
  schemas:
    Pet:
      type: object
      properties: {tag: {$ref: "#/components/schemas/Tag"}}
    Owner:
      type: object
      properties: {pet: {$ref: "#/components/schemas/Pet"}}
    Store:
      type: object
      properties: {name: {type: string}}
    Tag:
      type: object
      properties: {name: {type: string}}
    Lonely:
      type: object
      properties: {tag: {$ref: "#/components/schemas/Tag"}}
"##;

    /// The features of the type named `name`, by name; empty for an ungated one, `None` for
    /// no such type.
    fn features_of(gates: &Gates, api: &Api, name: &str) -> Option<Vec<String>> {
        let id = api.types.by_name(name)?;
        Some(match gates.of_type(id) {
            Cfg::Always => Vec::new(),
            Cfg::Any(set) => set
                .iter()
                .map(|&i| gates.features[i].name.clone())
                .collect(),
        })
    }

    /// The IR of [`SPEC`] and its gates.
    fn gates() -> Option<(Api, Gates)> {
        let api = crate::lower(SPEC);
        assert!(api.is_ok(), "{:?}", api.as_ref().err());
        let api = api.ok()?;
        let gates = Gates::new(&api);
        Some((api, gates))
    }

    #[test]
    fn a_type_is_gated_by_the_resources_that_reach_it() {
        let Some((api, gates)) = gates() else { return };
        let names: Vec<&str> = gates.features().iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["pets", "owners", "stores"]);
        let of = |name| features_of(&gates, &api, name);
        assert_eq!(
            of("Pet"),
            Some(vec!["pets".to_owned(), "owners".to_owned()])
        );
        assert_eq!(of("Owner"), Some(vec!["owners".to_owned()]));
        assert_eq!(of("Store"), Some(vec!["stores".to_owned()]));
        // Reached by a type no resource reaches: always there, as that type is.
        assert_eq!(of("Tag"), Some(Vec::new()));
        assert_eq!(of("Lonely"), Some(Vec::new()));
    }

    #[test]
    fn a_cfg_of_one_feature_names_it_and_of_several_any_of_them() {
        let Some((_, gates)) = gates() else { return };
        let one = gates.attribute(&gates.of_feature(2)).to_string();
        assert_eq!(one, r#"# [cfg (feature = "stores")]"#);
        let two = gates
            .attribute(&Cfg::Any(BTreeSet::from([0, 1])))
            .to_string();
        assert_eq!(
            two,
            r#"# [cfg (any (feature = "pets" , feature = "owners"))]"#
        );
        assert!(gates.attribute(&Cfg::Always).is_empty());
    }

    #[test]
    fn the_feature_of_a_resource_named_default_is_renamed() {
        assert_eq!(feature_name("default"), "default_");
        assert_eq!(feature_name("pets"), "pets");
    }
}
