//! The plan of a generated crate, made from the IR before any file is written: its emitted
//! modules, the hand-written runtime files it needs with their dependencies and re-exports,
//! and its cargo features, each with the cfg it is compiled under. `lib.rs` and
//! `Cargo.toml` are rendered from it, so that a runtime file, a dependency or a re-export
//! is there exactly when some code of the crate (under some feature) uses it.

use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::quote;

use super::features::{Cfg, Gates, add_attribute};
use super::models::{carries_tag, ident, serde_struct};
use super::{base_url, decode, models, security};
use crate::Options;
use crate::ir::{Api, TypeKind};

/// A dependency of the generated crate, as its `Cargo.toml` names it.
pub(crate) struct Dependency {
    /// The crate's name on crates.io.
    name: &'static str,
    version: &'static str,
    /// Whether the crate's default features are kept.
    default_features: bool,
    features: &'static [&'static str],
}

impl Dependency {
    /// A dependency with its default features and no others.
    const fn plain(name: &'static str, version: &'static str) -> Dependency {
        Dependency {
            name,
            version,
            default_features: true,
            features: &[],
        }
    }
}

const BASE64: Dependency = Dependency::plain("base64", "0.22");
const BYTES: Dependency = Dependency::plain("bytes", "1");
const FASTRAND: Dependency = Dependency::plain("fastrand", "2");
const FORM_URLENCODED: Dependency = Dependency::plain("form_urlencoded", "1");
const FUTURES_CORE: Dependency = Dependency::plain("futures-core", "0.3");
const HTTPDATE: Dependency = Dependency::plain("httpdate", "1");
const PERCENT_ENCODING: Dependency = Dependency::plain("percent-encoding", "2");
const REQWEST: Dependency = Dependency {
    name: "reqwest",
    version: "0.12",
    default_features: false,
    features: &["rustls-tls", "http2"],
};
const SERDE: Dependency = Dependency {
    name: "serde",
    version: "1.0.181",
    default_features: true,
    features: &["derive"],
};
const SERDE_JSON: Dependency = Dependency::plain("serde_json", "1");
const SERDE_PATH_TO_ERROR: Dependency = Dependency::plain("serde_path_to_error", "0.1");
const TOKIO: Dependency = Dependency {
    name: "tokio",
    version: "1",
    default_features: true,
    features: &["time"],
};

/// What the emitted modules use themselves: the models derive and name serde's traits and
/// hold `serde_json::Value`s, and `lib.rs` re-exports `reqwest` and `serde_json`.
const EMITTED_DEPENDENCIES: &[&Dependency] = &[&REQWEST, &SERDE, &SERDE_JSON];

/// A hand-written module of the generated crate, copied verbatim from `generator/runtime/`.
pub(crate) struct RuntimeModule {
    /// The module's name, and its file's under `src/`.
    pub(crate) name: &'static str,
    pub(crate) source: &'static str,
    /// The crates its code uses.
    dependencies: &'static [&'static Dependency],
    /// The items `lib.rs` re-exports from it.
    exports: &'static [&'static str],
}

const NULLABLE: RuntimeModule = RuntimeModule {
    name: "nullable",
    source: include_str!("../../runtime/nullable.rs"),
    dependencies: &[&SERDE, &SERDE_JSON],
    exports: &["Nullable"],
};

const CLIENT: RuntimeModule = RuntimeModule {
    name: "client",
    source: include_str!("../../runtime/client.rs"),
    dependencies: &[&BASE64, &REQWEST, &SERDE_JSON],
    exports: &["Auth", "Client", "ClientBuilder"],
};

const REQUEST: RuntimeModule = RuntimeModule {
    name: "request",
    source: include_str!("../../runtime/request.rs"),
    dependencies: &[&BYTES, &REQWEST, &SERDE, &SERDE_JSON, &TOKIO],
    exports: &["PendingRequest", "Sending"],
};

const SEND: RuntimeModule = RuntimeModule {
    name: "send",
    source: include_str!("../../runtime/send.rs"),
    dependencies: &[&REQWEST, &TOKIO],
    exports: &[],
};

const RETRY: RuntimeModule = RuntimeModule {
    name: "retry",
    source: include_str!("../../runtime/retry.rs"),
    dependencies: &[&FASTRAND, &HTTPDATE, &REQWEST],
    exports: &[],
};

const ENCODING: RuntimeModule = RuntimeModule {
    name: "encoding",
    source: include_str!("../../runtime/encoding.rs"),
    dependencies: &[
        &FASTRAND,
        &FORM_URLENCODED,
        &PERCENT_ENCODING,
        &SERDE,
        &SERDE_JSON,
    ],
    exports: &["encode_path_segment", "encode_path_value", "File", "Part"],
};

const RESPONSE: RuntimeModule = RuntimeModule {
    name: "response",
    source: include_str!("../../runtime/response.rs"),
    dependencies: &[&REQWEST, &SERDE, &SERDE_JSON, &SERDE_PATH_TO_ERROR],
    exports: &["decode_json", "Binary", "FromResponse", "Response"],
};

const STREAM: RuntimeModule = RuntimeModule {
    name: "stream",
    source: include_str!("../../runtime/stream.rs"),
    dependencies: &[&FUTURES_CORE, &REQWEST, &SERDE, &SERDE_JSON, &TOKIO],
    exports: &["EventStream", "NamedEvents"],
};

const ERROR: RuntimeModule = RuntimeModule {
    name: "error",
    source: include_str!("../../runtime/error.rs"),
    dependencies: &[&REQWEST, &SERDE_JSON],
    exports: &["ApiError", "ApiErrorKind", "DecodeError", "Error"],
};

const OPEN_ENUM: RuntimeModule = RuntimeModule {
    name: "open_enum",
    source: include_str!("../../runtime/open_enum.rs"),
    dependencies: &[&SERDE],
    exports: &[],
};

const OBJECT: RuntimeModule = RuntimeModule {
    name: "object",
    source: include_str!("../../runtime/object.rs"),
    dependencies: &[&SERDE],
    exports: &[],
};

const TUPLE: RuntimeModule = RuntimeModule {
    name: "tuple",
    source: include_str!("../../runtime/tuple.rs"),
    dependencies: &[&SERDE],
    exports: &[],
};

const TUPLE_REQUIRED: RuntimeModule = RuntimeModule {
    name: "tuple_required",
    source: include_str!("../../runtime/tuple_required.rs"),
    dependencies: &[&SERDE],
    exports: &[],
};

const TUPLE_OPTIONAL: RuntimeModule = RuntimeModule {
    name: "tuple_optional",
    source: include_str!("../../runtime/tuple_optional.rs"),
    dependencies: &[&SERDE],
    exports: &[],
};

const TUPLE_REST: RuntimeModule = RuntimeModule {
    name: "tuple_rest",
    source: include_str!("../../runtime/tuple_rest.rs"),
    dependencies: &[&SERDE],
    exports: &[],
};

const TUPLE_CLOSED: RuntimeModule = RuntimeModule {
    name: "tuple_closed",
    source: include_str!("../../runtime/tuple_closed.rs"),
    dependencies: &[&SERDE],
    exports: &[],
};

const OBJECT_ENCODE: RuntimeModule = RuntimeModule {
    name: "object_encode",
    source: include_str!("../../runtime/object_encode.rs"),
    dependencies: &[&SERDE],
    exports: &[],
};

const OBJECT_ENCODE_OPTIONAL: RuntimeModule = RuntimeModule {
    name: "object_encode_optional",
    source: include_str!("../../runtime/object_encode_optional.rs"),
    dependencies: &[&SERDE],
    exports: &[],
};

const OBJECT_SKIP: RuntimeModule = RuntimeModule {
    name: "object_skip",
    source: include_str!("../../runtime/object_skip.rs"),
    dependencies: &[&SERDE],
    exports: &[],
};

const OBJECT_KEEP: RuntimeModule = RuntimeModule {
    name: "object_keep",
    source: include_str!("../../runtime/object_keep.rs"),
    dependencies: &[&SERDE],
    exports: &[],
};

const OBJECT_READ: RuntimeModule = RuntimeModule {
    name: "object_read",
    source: include_str!("../../runtime/object_read.rs"),
    dependencies: &[&SERDE],
    exports: &[],
};

const TAGGED: RuntimeModule = RuntimeModule {
    name: "tagged",
    source: include_str!("../../runtime/tagged.rs"),
    dependencies: &[&SERDE, &SERDE_JSON],
    exports: &[],
};

const RETAG: RuntimeModule = RuntimeModule {
    name: "retag",
    source: include_str!("../../runtime/retag.rs"),
    dependencies: &[&SERDE, &SERDE_JSON],
    exports: &[],
};

const PAGINATE: RuntimeModule = RuntimeModule {
    name: "paginate",
    source: include_str!("../../runtime/paginate.rs"),
    dependencies: &[&FUTURES_CORE, &REQWEST, &SERDE, &SERDE_JSON],
    exports: &["Advance", "Items", "Pages", "Rule"],
};

const UNTAGGED: RuntimeModule = RuntimeModule {
    name: "untagged",
    source: include_str!("../../runtime/untagged.rs"),
    dependencies: &[&SERDE, &SERDE_JSON],
    exports: &[],
};

/// The HTTP runtime (client to response) and the error and `Nullable` types, which every
/// crate has, in the order `lib.rs` declares them.
const ALWAYS: &[&RuntimeModule] = &[
    &CLIENT, &REQUEST, &SEND, &RETRY, &ENCODING, &RESPONSE, &ERROR, &NULLABLE,
];

/// Whether a model of some kind uses a runtime file.
type UsedBy = fn(&TypeKind) -> bool;

/// A module of `lib.rs`: emitted or copied from the runtime, with the cfg it is compiled
/// under.
struct Module {
    name: &'static str,
    public: bool,
    /// Whether it is emitted, and so printed already: rustfmt leaves it alone, as it does a
    /// gated module, whose `#[cfg]` prettyplease and rustfmt would break differently.
    emitted: bool,
    cfg: Cfg,
}

/// The plan of one crate.
pub(crate) struct Plan {
    /// The features and which of them each model needs.
    pub(crate) gates: Gates,
    /// The modules `lib.rs` declares, in order.
    modules: Vec<Module>,
    /// The runtime files copied into the crate, with their cfgs, in `lib.rs`'s order.
    runtime: Vec<(&'static RuntimeModule, Cfg)>,
}

impl Plan {
    /// The plan of the crate for `api`.
    pub(crate) fn new(api: &Api) -> Plan {
        let gates = Gates::new(api);
        let mut runtime: Vec<(&'static RuntimeModule, Cfg)> =
            ALWAYS.iter().map(|&m| (m, Cfg::Always)).collect();
        let streams = api
            .resources
            .iter()
            .flat_map(|r| &r.operations)
            .any(|op| op.stream.is_some());
        if streams {
            runtime.push((&STREAM, gates.of_resources(api, |op| op.stream.is_some())));
        }
        // `object.rs` has what every struct's decoder uses and `tuple.rs` what every tuple's
        // does; the files after each, what only some do (the emitters of `decode.rs` and, for
        // the encoders, `models.rs` answer which).
        let by_types: [(&'static RuntimeModule, UsedBy); 14] = [
            (&OPEN_ENUM, |k| matches!(k, TypeKind::Enum(_))),
            (&OBJECT, |k| matches!(k, TypeKind::Struct(s) if s.serde)),
            (
                &OBJECT_ENCODE,
                |k| matches!(k, TypeKind::Struct(s) if models::encodes(s)),
            ),
            (
                &OBJECT_ENCODE_OPTIONAL,
                |k| matches!(k, TypeKind::Struct(s) if models::encodes_optional(s)),
            ),
            (
                &OBJECT_SKIP,
                |k| matches!(k, TypeKind::Struct(s) if decode::skips_undeclared(s)),
            ),
            (
                &OBJECT_KEEP,
                |k| matches!(k, TypeKind::Struct(s) if decode::keeps_undeclared(s)),
            ),
            (
                &OBJECT_READ,
                |k| matches!(k, TypeKind::Struct(s) if decode::reads_fields(s)),
            ),
            (&TUPLE, |k| matches!(k, TypeKind::Tuple(_))),
            (
                &TUPLE_REQUIRED,
                |k| matches!(k, TypeKind::Tuple(t) if decode::reads_required_positions(t)),
            ),
            (
                &TUPLE_OPTIONAL,
                |k| matches!(k, TypeKind::Tuple(t) if decode::writes_optional_positions(t)),
            ),
            (
                &TUPLE_REST,
                |k| matches!(k, TypeKind::Tuple(t) if decode::has_rest(t)),
            ),
            (
                &TUPLE_CLOSED,
                |k| matches!(k, TypeKind::Tuple(t) if decode::is_closed(t)),
            ),
            (&TAGGED, |k| matches!(k, TypeKind::Tagged(_))),
            (&UNTAGGED, |k| matches!(k, TypeKind::Untagged(_))),
        ];
        for (module, uses) in by_types {
            if let Some(cfg) = gates.of_types(&api.types, uses) {
                runtime.push((module, cfg));
            }
        }
        let retags = |kind: &TypeKind| match kind {
            TypeKind::Tagged(u) => u
                .variants
                .iter()
                .any(|v| serde_struct(&api.types, &v.ty).is_some_and(|s| carries_tag(s, &u.tag))),
            _ => false,
        };
        if let Some(cfg) = gates.of_types(&api.types, retags) {
            runtime.push((&RETAG, cfg));
        }
        let paginates = api
            .resources
            .iter()
            .flat_map(|r| &r.operations)
            .any(|op| op.pagination.is_some());
        if paginates {
            runtime.push((
                &PAGINATE,
                gates.of_resources(api, |op| op.pagination.is_some()),
            ));
        }
        let emitted = |name, public, cfg| Module {
            name,
            public,
            emitted: true,
            cfg,
        };
        let mut modules = vec![
            emitted("models", true, Cfg::Always),
            emitted("resources", true, Cfg::Always),
        ];
        if decode::needed(&api.types) {
            let cfg = gates
                .of_types(&api.types, |k| match k {
                    TypeKind::Struct(s) => s.serde,
                    TypeKind::Tagged(_) | TypeKind::Untagged(_) | TypeKind::Tuple(_) => true,
                    _ => false,
                })
                .unwrap_or(Cfg::Always);
            modules.push(emitted("decode", false, cfg));
        }
        modules.push(emitted("security", false, Cfg::Always));
        modules.extend(runtime.iter().map(|(m, cfg)| Module {
            name: m.name,
            public: false,
            emitted: false,
            cfg: cfg.clone(),
        }));
        Plan {
            gates,
            modules,
            runtime,
        }
    }

    /// Whether the crate has the emitted module `name` (`decode` is left out of crates
    /// whose models all decode in the runtime).
    pub(crate) fn has_module(&self, name: &str) -> bool {
        self.modules.iter().any(|m| m.emitted && m.name == name)
    }

    /// The cfg of a `use crate::<module>::…` of `decode.rs`: that of the runtime file
    /// `module`, where it is compiled under fewer features than `decode.rs` itself (the
    /// import goes when the file does); `None` for no such file, or the cfg of `decode.rs`.
    fn runtime_use_cfg(&self, module: &str) -> Option<&Cfg> {
        let decode = self
            .modules
            .iter()
            .find(|m| m.emitted && m.name == "decode")
            .map(|m| &m.cfg);
        let (_, cfg) = self.runtime.iter().find(|(m, _)| m.name == module)?;
        (Some(cfg) != decode).then_some(cfg)
    }

    /// The features of a `use crate::<module>::…` of `decode.rs` written as text (see
    /// [`Plan::runtime_use_cfg`]): none when it needs no cfg of its own.
    pub(crate) fn runtime_use_features(&self, module: &str) -> Vec<&str> {
        self.runtime_use_cfg(module)
            .map_or_else(Vec::new, |cfg| self.gates.feature_names(cfg))
    }

    /// Puts on each `use crate::<runtime file>::…` of `decode.rs` printed from tokens the cfg
    /// of [`Plan::runtime_use_cfg`].
    pub(crate) fn gate_runtime_uses(&self, file: &mut syn::File) {
        for item in &mut file.items {
            let syn::Item::Use(import) = &*item else {
                continue;
            };
            let syn::UseTree::Path(root) = &import.tree else {
                continue;
            };
            let syn::UseTree::Path(module) = &*root.tree else {
                continue;
            };
            if root.ident != "crate" {
                continue;
            }
            if let Some(cfg) = self.runtime_use_cfg(&module.ident.to_string()) {
                add_attribute(item, self.gates.attribute(cfg));
            }
        }
    }

    /// The runtime files to copy into the crate.
    pub(crate) fn runtime(&self) -> impl Iterator<Item = &'static RuntimeModule> + '_ {
        self.runtime.iter().map(|(module, _)| *module)
    }

    /// The dependencies of the crate, by name, each with the cfg of the code that uses it.
    fn dependencies(&self) -> Vec<(&'static Dependency, Cfg)> {
        let mut out: Vec<(&'static Dependency, Cfg)> = Vec::new();
        let users = EMITTED_DEPENDENCIES
            .iter()
            .map(|&d| (d, &Cfg::Always))
            .chain(
                self.runtime
                    .iter()
                    .flat_map(|(m, cfg)| m.dependencies.iter().map(move |&d| (d, cfg))),
            );
        for (dependency, cfg) in users {
            match out.iter_mut().find(|(d, _)| d.name == dependency.name) {
                Some((_, have)) => *have = have.union(cfg),
                None => out.push((dependency, cfg.clone())),
            }
        }
        out.sort_by_key(|(d, _)| d.name);
        out
    }

    /// `lib.rs`: the crate's docs, its modules and re-exports, and the constants the
    /// runtime reads.
    pub(crate) fn lib_rs(&self, api: &Api, options: &Options) -> TokenStream {
        let modules = self.modules.iter().map(|m| {
            let name = ident(m.name);
            let cfg = self.gates.attribute(&m.cfg);
            let skip = (m.emitted || m.cfg != Cfg::Always).then(|| quote!(#[rustfmt::skip]));
            let visibility = m.public.then(|| quote!(pub));
            quote! {
                #cfg
                #skip
                #visibility mod #name;
            }
        });
        let reexports = self
            .runtime
            .iter()
            .filter(|(m, _)| !m.exports.is_empty())
            .map(|(m, cfg)| {
                let module = ident(m.name);
                let skip = (*cfg != Cfg::Always).then(|| quote!(#[rustfmt::skip]));
                let cfg = self.gates.attribute(cfg);
                let items = m.exports.iter().map(|name| ident(name));
                quote! {
                    #cfg
                    #skip
                    pub use #module::{#(#items),*};
                }
            });
        let title = format!(
            " Rust SDK for the {} (API version {}).",
            api.title, api.version
        );
        let env_prefix = options.crate_name.to_uppercase().replace('-', "_");
        let base_url_env = format!("{env_prefix}_BASE_URL");
        let auth = api.schemes.first().map_or_else(
            || quote!(Auth::None),
            |scheme| security::auth_tokens(&scheme.auth),
        );
        let api_key_env = security::scheme_envs(api, options)
            .into_iter()
            .next()
            .unwrap_or_else(|| format!("{env_prefix}_API_KEY"));
        let base_url = base_url(api);
        quote! {
            #![doc = #title]
            #![doc = ""]
            #![doc = include_str!("../README.md")]
            #![forbid(unsafe_code)]

            #(#modules)*

            use security::{SCHEMES, SECURITY};

            #(#reexports)*
            /// The HTTP client library the SDK is built on, for `Client::request` and custom clients.
            pub use reqwest;
            /// The JSON library of the models' raw JSON values (`serde_json::Value`), so that a
            /// program can make them with `serde_json::json!` without a dependency of its own.
            pub use serde_json;

            /// The server requests go to unless the client is given another base URL.
            pub const DEFAULT_BASE_URL: &str = #base_url;

            /// How requests carry the API key, from the spec's (first) security scheme.
            pub const AUTH: Auth = #auth;

            /// The environment variable `Client::from_env` reads the API key from.
            pub const API_KEY_ENV: &str = #api_key_env;

            /// The environment variable that, when set, overrides the base URL in `Client::from_env`.
            pub const BASE_URL_ENV: &str = #base_url_env;

        }
    }

    /// `Cargo.toml`: the package, the dependencies (optional when only some features use
    /// them), and the features, all on by default.
    pub(crate) fn cargo_toml(&self, api: &Api, options: &Options, header: &str) -> String {
        let description = format!(
            "Rust SDK for the {}, generated from its OpenAPI description.",
            api.title
        );
        let mut out = format!(
            "# {header}\n[package]\nname = \"{name}\"\nversion = \"{version}\"\nedition = \"2021\"\n\
             rust-version = \"1.80\"\ndescription = {description:?}\npublish = false\n\n[dependencies]\n",
            name = options.crate_name,
            version = options.crate_version,
        );
        let dependencies = self.dependencies();
        for (dependency, cfg) in &dependencies {
            out.push_str(&dependency_line(dependency, *cfg != Cfg::Always));
        }
        let features = self.gates.features();
        if features.is_empty() {
            return out;
        }
        let names: Vec<String> = features.iter().map(|f| format!("{:?}", f.name)).collect();
        out.push_str("\n[features]\n");
        out.push_str(&toml_array("default", &names));
        for (index, feature) in features.iter().enumerate() {
            let enables: Vec<String> = dependencies
                .iter()
                .filter(|(_, cfg)| matches!(cfg, Cfg::Any(set) if set.contains(&index)))
                .map(|(d, _)| format!("\"dep:{}\"", d.name))
                .collect();
            out.push_str(&toml_array(&feature.name, &enables));
        }
        out
    }

    /// The README's section on the features: which resources each enables, and how to
    /// depend on some of them only.
    pub(crate) fn readme_features(&self, krate: &str) -> String {
        let features = self.gates.features();
        let Some(first) = features.first() else {
            return String::new();
        };
        let mut out = format!(
            "\n## Features\n\n\
             Each resource the client reaches is a cargo feature (its sub-resources come with \
             it), and all of them are on by default. A program that turns the others off \
             compiles the methods of the resources it keeps and the models they use, and no \
             others:\n\n\
             ```toml\n[dependencies]\n{krate} = {{ path = \"vendor/{krate}\", default-features = false, features = [\"{}\"] }}\n```\n\n\
             A model is there when a feature whose resources use it is on; the models no \
             resource uses (schemas of no operation, webhook payloads) always are.\n\n\
             | Feature | Resources |\n|---|---|\n",
            first.name
        );
        for feature in features {
            let resources: Vec<String> =
                feature.resources.iter().map(|r| format!("`{r}`")).collect();
            let _ = writeln!(out, "| `{}` | {} |", feature.name, resources.join(", "));
        }
        out
    }
}

/// The `Cargo.toml` line of a dependency.
fn dependency_line(dependency: &Dependency, optional: bool) -> String {
    let Dependency {
        name,
        version,
        default_features,
        features,
    } = dependency;
    if *default_features && features.is_empty() && !optional {
        return format!("{name} = \"{version}\"\n");
    }
    let mut table = format!("{name} = {{ version = \"{version}\"");
    if !default_features {
        table.push_str(", default-features = false");
    }
    if !features.is_empty() {
        let quoted: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
        let _ = write!(table, ", features = [{}]", quoted.join(", "));
    }
    if optional {
        table.push_str(", optional = true");
    }
    table.push_str(" }\n");
    table
}

/// `key = [items]`, on one line when it is short, else one item per line.
fn toml_array(key: &str, items: &[String]) -> String {
    let line = format!("{key} = [{}]\n", items.join(", "));
    if line.len() <= 100 {
        return line;
    }
    let mut out = format!("{key} = [\n");
    for item in items {
        let _ = writeln!(out, "    {item},");
    }
    out.push_str("]\n");
    out
}

#[cfg(test)]
mod tests {
    use crate::{GeneratedFile, Options};

    /// A spec with one operation, which answers the schema `Bag`; `schemas` are its
    /// components, one a line, `Bag` first.
    fn spec(schemas: &[&str]) -> String {
        let schemas: Vec<String> = schemas.iter().map(|s| format!("    {s}")).collect();
        format!(
            r##"
openapi: 3.0.3
info: {{title: Shop, version: "1"}}
paths:
  /bag:
    get:
      operationId: bag.get
      responses:
        "200": {{description: ok, content: {{application/json: {{schema: {{$ref: "#/components/schemas/Bag"}}}}}}}}
components:
  schemas:
{}
"##,
            schemas.join("\n")
        )
    }

    /// The files of the crate for `spec`.
    fn files(spec: &str) -> Vec<GeneratedFile> {
        let output = crate::generate(spec, &Options::new("shop", "shop.yaml"));
        assert!(output.is_ok(), "{:?}", output.as_ref().err());
        output.map(|o| o.files).unwrap_or_default()
    }

    /// The runtime files the crate has of the decoders' pieces, each checked against the
    /// module `lib.rs` declares for it.
    fn object_files(files: &[GeneratedFile]) -> Vec<&str> {
        let lib = files
            .iter()
            .find(|f| f.path == "src/lib.rs")
            .map_or("", |f| f.contents.as_str());
        let names = ["object", "object_skip", "object_keep", "object_read"];
        names
            .into_iter()
            .filter(|name| {
                let copied = files.iter().any(|f| f.path == format!("src/{name}.rs"));
                let declared = lib.contains(&format!("mod {name};"));
                assert_eq!(copied, declared, "{name}.rs copied but not declared, or so");
                copied
            })
            .collect()
    }

    #[test]
    fn a_struct_with_declared_optional_properties_skips_others_and_checks_none() {
        let files = files(&spec(&[
            "Bag: {type: object, properties: {name: {type: string}}}",
        ]));
        assert_eq!(
            object_files(&files),
            ["object", "object_skip", "object_read"]
        );
    }

    #[test]
    fn a_required_property_is_checked_in_its_decoder() {
        let files = files(&spec(&[
            "Bag: {type: object, required: [name], properties: {name: {type: string}}}",
        ]));
        assert_eq!(
            object_files(&files),
            ["object", "object_skip", "object_read"]
        );
        let decode = files.iter().find(|f| f.path == "src/decode.rs");
        assert!(decode.is_some_and(|f| f.contents.contains(
            "let Some(name) = name else {\n            return Err(serde::de::Error::missing_field(\"name\"));\n        };"
        )));
    }

    #[test]
    fn a_required_property_of_any_value_is_not_checked() {
        let files = files(&spec(&[
            "Bag: {type: object, required: [data], properties: {data: {}}}",
        ]));
        let decode = files.iter().find(|f| f.path == "src/decode.rs");
        assert!(decode.is_some_and(|f| !f.contents.contains("missing_field")));
        assert!(decode.is_some_and(|f| f.contents.contains("data: data.unwrap_or_default()")));
    }

    #[test]
    fn structs_that_all_keep_undeclared_properties_have_no_field_seed() {
        let files = files(&spec(&[
            "Bag: {type: object, properties: {name: {type: string}}, additionalProperties: {type: integer}}",
        ]));
        assert_eq!(
            object_files(&files),
            ["object", "object_keep", "object_read"]
        );
        let decode = files.iter().find(|f| f.path == "src/decode.rs");
        assert!(decode.is_some_and(|f| {
            f.contents
                .contains("object_keep::{KeepValue as _, PropertySeed}")
        }));
    }

    #[test]
    fn a_struct_without_declared_properties_reads_none() {
        // The tag is the variant's only property, and the union reads it.
        let files = files(&spec(&[
            "Bag: {oneOf: [{$ref: \"#/components/schemas/Ping\"}], discriminator: {propertyName: type}}",
            "Ping: {type: object, properties: {type: {type: string, enum: [ping]}}}",
        ]));
        assert_eq!(object_files(&files), ["object", "object_skip"]);
    }

    #[test]
    fn a_runtime_file_some_features_use_is_imported_under_their_cfg() {
        // Only `Pet`, of the resource `pets`, keeps the properties it does not declare.
        let files = files(
            r##"
openapi: 3.0.3
info: {title: Shop, version: "1"}
paths:
  /pets:
    get:
      operationId: pets.list
      tags: [pets]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
  /stores:
    get:
      operationId: stores.list
      tags: [stores]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Store"}}}}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}}, additionalProperties: {type: integer}}
    Store: {type: object, properties: {name: {type: string}}}
"##,
        );
        let text = |path: &str| {
            files
                .iter()
                .find(|f| f.path == path)
                .map_or(String::new(), |f| f.contents.clone())
        };
        let gated = "#[cfg(feature = \"pets\")]\n";
        assert!(text("src/lib.rs").contains(&format!("{gated}#[rustfmt::skip]\nmod object_keep;")));
        let decode = text("src/decode.rs");
        assert!(decode.contains(&format!(
            "{gated}use crate::object_keep::{{KeepValue as _, PropertySeed}};"
        )));
        // Both resources' structs read declared properties: that import is not gated.
        assert!(decode.contains(
            "use crate::object_keep::{KeepValue as _, PropertySeed};\nuse crate::object_read::ReadInto as _;\n"
        ));
    }

    #[test]
    fn the_optional_encoder_comes_with_a_field_left_out_when_unset() {
        let copied = |files: &[GeneratedFile], name: &str| {
            files.iter().any(|f| f.path == format!("src/{name}.rs"))
        };
        let required = files(&spec(&[
            "Bag: {type: object, required: [name], properties: {name: {type: string}}}",
        ]));
        assert!(copied(&required, "object_encode"));
        assert!(!copied(&required, "object_encode_optional"));
        let optional = files(&spec(&[
            "Bag: {type: object, properties: {name: {type: string}}}",
        ]));
        assert!(copied(&optional, "object_encode_optional"));
        let models = optional.iter().find(|f| f.path == "src/models.rs");
        assert!(models.is_some_and(|f| {
            f.contents
                .contains("use crate::object_encode_optional::Optional as _;")
        }));
        // A struct that keeps undeclared properties derives `Serialize`, for `flatten`.
        let keeps = files(&spec(&[
            "Bag: {type: object, properties: {name: {type: string}}, additionalProperties: {type: integer}}",
        ]));
        assert!(!copied(&keeps, "object_encode"));
        assert!(!copied(&keeps, "object_encode_optional"));
    }

    #[test]
    fn a_crate_without_structs_has_no_object_runtime() {
        let files = files(&spec(&["Bag: {type: string}"]));
        assert!(object_files(&files).is_empty());
    }
}
