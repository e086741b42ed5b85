//! Security lowering: the schemes that security requirements name become the client's
//! credentials, one per scheme, and each requirement (the document's, or an operation's own)
//! becomes the alternatives of schemes whose credentials a request sends.

use openapiv3::{
    APIKeyLocation, OpenAPI, Operation, Parameter, PathItem, ReferenceOr, SecurityRequirement,
    SecurityScheme as Spec,
};

use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::{Auth, Security, SecurityScheme};
use crate::naming::{self, Scope};
use crate::refs;

/// `ClientBuilder` methods of the runtime, which a scheme's method must not take.
const BUILDER_METHODS: &[&str] = &[
    "api_key",
    "auth",
    "base_url",
    "build",
    "credential",
    "default_header",
    "http_client",
    "max_response_bytes",
    "max_retries",
    "timeout",
];

impl Lowerer<'_> {
    /// The schemes requirements name, in the order they are first named (the document's
    /// requirement, then each operation's), and the document's requirement.
    pub(super) fn security(&mut self) -> (Vec<SecurityScheme>, Security) {
        let api = self.api;
        let global = api
            .security
            .as_ref()
            .map(|s| (s, Pointer::root().join("security")));
        let operations = api.paths.iter().filter_map(|(path, item)| match item {
            ReferenceOr::Item(item) => Some((path, item)),
            ReferenceOr::Reference { .. } => None,
        });
        let own = operations.flat_map(|(path, item)| {
            item.iter().filter_map(move |(method, op)| {
                let at = Pointer::root()
                    .join("paths")
                    .join(path)
                    .join(method)
                    .join("security");
                op.security.as_ref().map(|s| (s, at))
            })
        });
        let mut schemes = Vec::new();
        let mut methods = Scope::with_reserved(BUILDER_METHODS);
        let mut envs = Scope::default();
        for (requirements, at) in global.into_iter().chain(own) {
            for (i, requirement) in requirements.iter().enumerate() {
                for name in requirement.keys() {
                    if self.scheme_ids.contains(name) {
                        continue;
                    }
                    let Some(auth) = self.scheme(name, &at.join(i).join(name)) else {
                        continue;
                    };
                    let suffix = match auth {
                        Auth::Basic => "CREDENTIALS",
                        Auth::Bearer => "TOKEN",
                        _ => "API_KEY",
                    };
                    self.scheme_ids.push(name.clone());
                    schemes.push(SecurityScheme {
                        wire: name.clone(),
                        method: naming::field_name(name),
                        env: naming::scheme_env(name, suffix),
                        auth,
                    });
                }
            }
        }
        // OpenAPI has an `Authorization` header parameter ignored, for a security scheme says
        // how the header is sent. A document with no scheme at all that declares one still
        // needs the header: it becomes the client's one credential, sent as written, by the
        // operations that declare it.
        if schemes.is_empty()
            && api.paths.iter().any(|(_, item)| match item {
                ReferenceOr::Item(item) => item
                    .iter()
                    .any(|(_, op)| declares_authorization(api, item, op)),
                ReferenceOr::Reference { .. } => false,
            })
        {
            self.authorization_scheme = Some(self.scheme_ids.len());
            self.scheme_ids.push("Authorization".to_owned());
            schemes.push(SecurityScheme {
                wire: "Authorization".to_owned(),
                method: "authorization".to_owned(),
                env: naming::scheme_env("authorization", "API_KEY"),
                auth: Auth::Header("Authorization".to_owned()),
            });
        }
        // Settled at once, so that a scheme's names do not depend on where it is first required.
        let claims = schemes
            .iter()
            .map(|s| (s.method.clone(), naming::exact_first(&s.method, &s.wire)))
            .collect();
        for (scheme, name) in schemes.iter_mut().zip(naming::settle(&mut methods, claims)) {
            scheme.method = name;
        }
        let claims = schemes
            .iter()
            .map(|s| (s.env.clone(), s.wire.clone()))
            .collect();
        for (scheme, name) in schemes.iter_mut().zip(naming::settle(&mut envs, claims)) {
            scheme.env = name;
        }
        let security = api
            .security
            .as_ref()
            .map_or_else(Vec::new, |s| self.requirement(s));
        (schemes, security)
    }

    /// A requirement as alternatives of scheme indexes; an alternative naming a scheme that
    /// is not defined (a warning already given) is left out, so a requirement made only of
    /// those sends no credential.
    pub(super) fn requirement(&self, requirements: &[SecurityRequirement]) -> Security {
        requirements
            .iter()
            .filter_map(|requirement| {
                requirement
                    .keys()
                    .map(|name| self.scheme_ids.iter().position(|id| id == name))
                    .collect::<Option<Vec<usize>>>()
            })
            .collect()
    }

    /// How the credential of the scheme `name` is sent; `None` for a scheme that is not
    /// defined (a warning).
    fn scheme(&mut self, name: &str, named_at: &Pointer) -> Option<Auth> {
        let api = self.api;
        let at = Pointer::root()
            .join("components")
            .join("securitySchemes")
            .join(name);
        let scheme = api
            .components
            .as_ref()
            .and_then(|c| c.security_schemes.get(name));
        let auth = match scheme {
            Some(ReferenceOr::Item(Spec::HTTP { scheme, .. }))
                if scheme.eq_ignore_ascii_case("bearer") =>
            {
                Auth::Bearer
            }
            Some(ReferenceOr::Item(Spec::HTTP { scheme, .. }))
                if scheme.eq_ignore_ascii_case("basic") =>
            {
                Auth::Basic
            }
            Some(ReferenceOr::Item(Spec::HTTP { scheme, .. })) => {
                self.diagnostics.warning(
                    &at.join("scheme"),
                    format!("the http scheme `{scheme}` is not supported; the key is sent as a bearer token"),
                );
                Auth::Bearer
            }
            Some(ReferenceOr::Item(Spec::APIKey { location, name, .. })) => match location {
                APIKeyLocation::Header => Auth::Header(name.clone()),
                APIKeyLocation::Query => Auth::Query(name.clone()),
                APIKeyLocation::Cookie => Auth::Cookie(name.clone()),
            },
            Some(ReferenceOr::Item(Spec::OAuth2 { .. } | Spec::OpenIDConnect { .. })) => {
                self.diagnostics.warning(
                    &at,
                    "the client runs no oauth2 or openid connect flow; give it an access token, which it sends as a bearer token",
                );
                Auth::Bearer
            }
            Some(ReferenceOr::Reference { .. }) => {
                self.diagnostics.warning(
                    &at,
                    "a `$ref` security scheme is not supported; the key is sent as a bearer token",
                );
                Auth::Bearer
            }
            // A real spec's slip: the SDK is still useful, with the alternatives it can meet.
            None => {
                self.diagnostics.warning(
                    named_at,
                    format!("the security requirement names `{name}`, which is not under #/components/securitySchemes; the alternatives naming it are left out"),
                );
                return None;
            }
        };
        Some(auth)
    }
}

/// Whether `op` (or its path item) declares an `Authorization` header parameter, inline or
/// through a local `$ref` (a dangling one is reported where parameters are lowered).
pub(super) fn declares_authorization(api: &OpenAPI, item: &PathItem, op: &Operation) -> bool {
    item.parameters
        .iter()
        .chain(&op.parameters)
        .filter_map(|parameter| refs::item(api, parameter))
        .any(|parameter| {
            matches!(parameter, Parameter::Header { .. })
                && parameter
                    .parameter_data_ref()
                    .name
                    .eq_ignore_ascii_case("authorization")
        })
}
