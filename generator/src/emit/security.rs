//! Emission of `security.rs`: the spec's security schemes and default requirement, which the
//! runtime's client reads, and a `ClientBuilder` method per scheme when there are several.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc_attrs;
use super::models::ident;
use crate::Options;
use crate::ir::{Api, Auth, Security};

/// `security.rs`.
pub(crate) fn security_rs(api: &Api, options: &Options) -> TokenStream {
    let envs = scheme_envs(api, options);
    let schemes = api.schemes.iter().zip(&envs).map(|(scheme, env)| {
        let wire = &scheme.wire;
        let auth = auth_tokens(&scheme.auth);
        quote!(Scheme { name: #wire, auth: #auth, env: #env })
    });
    let security = requirement_tokens(api, &api.security);
    let builder_methods = scheme_methods(api, &envs);
    let imports = if api.schemes.is_empty() {
        quote!(
            use crate::client::Scheme;
        )
    } else {
        quote!(
            use crate::client::{Auth, Scheme};
        )
    };
    quote! {
        //! The security schemes of the API: how each credential is sent, and which requests
        //! send it.

        #imports

        /// The spec's security schemes; the API key is the first one's credential.
        pub(crate) const SCHEMES: &[Scheme] = &[#(#schemes),*];

        /// The credentials requests send unless their operation requires others: the first
        /// alternative whose every scheme the client has a credential for.
        pub(crate) const SECURITY: &[&[&str]] = #security;

        #builder_methods
    }
}

/// An `Auth` value of the runtime.
pub(crate) fn auth_tokens(auth: &Auth) -> TokenStream {
    match auth {
        Auth::Bearer => quote!(Auth::Bearer),
        Auth::Basic => quote!(Auth::Basic),
        Auth::Header(name) => quote!(Auth::Header(#name)),
        Auth::Query(name) => quote!(Auth::Query(#name)),
        Auth::Cookie(name) => quote!(Auth::Cookie(#name)),
        Auth::None => quote!(Auth::None),
    }
}

/// The environment variable each scheme's credential is read from: the API key's for a
/// single scheme, one per scheme when there are several.
pub(crate) fn scheme_envs(api: &Api, options: &Options) -> Vec<String> {
    let prefix = options.crate_name.to_uppercase().replace('-', "_");
    match api.schemes.as_slice() {
        [_] => vec![format!("{prefix}_API_KEY")],
        schemes => schemes
            .iter()
            .map(|s| format!("{prefix}_{}", s.env))
            .collect(),
    }
}

/// A requirement as the runtime takes it: alternatives of scheme names.
pub(crate) fn requirement_tokens(api: &Api, security: &Security) -> TokenStream {
    let alternatives = security.iter().map(|alternative| {
        let names = alternative
            .iter()
            .filter_map(|&i| api.schemes.get(i))
            .map(|s| &s.wire);
        quote!(&[#(#names),*])
    });
    quote!(&[#(#alternatives),*])
}

/// One `ClientBuilder` method per scheme when the spec has several (a single scheme's
/// credential is the API key): HTTP basic takes the user and the password apart.
fn scheme_methods(api: &Api, envs: &[String]) -> TokenStream {
    if api.schemes.len() < 2 {
        return quote!();
    }
    let methods = api.schemes.iter().zip(envs).map(|(scheme, env)| {
        let method = ident(&scheme.method);
        let wire = &scheme.wire;
        let sent = match &scheme.auth {
            Auth::Bearer => "as `Authorization: Bearer <token>`".to_owned(),
            Auth::Basic => "as HTTP basic `Authorization`".to_owned(),
            Auth::Header(name) => format!("in the `{name}` header"),
            Auth::Query(name) => format!("in the `{name}` query parameter"),
            Auth::Cookie(name) => format!("in the `{name}` cookie"),
            Auth::None => "nowhere".to_owned(),
        };
        let doc = format!(
            "The credential of the `{wire}` security scheme, sent {sent}\n\
             by the operations that require it;\n\
             `Client::from_env` reads it from `{env}`."
        );
        let doc = doc_attrs(Some(&doc));
        if scheme.auth == Auth::Basic {
            quote! {
                #doc
                pub fn #method(self, user: impl std::fmt::Display, password: impl std::fmt::Display) -> Self {
                    self.credential(#wire, format!("{user}:{password}"))
                }
            }
        } else {
            quote! {
                #doc
                pub fn #method(self, credential: impl Into<String>) -> Self {
                    self.credential(#wire, credential)
                }
            }
        }
    });
    quote! {
        impl crate::ClientBuilder {
            #(#methods)*
        }
    }
}
