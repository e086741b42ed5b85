//! Security lowering: the scheme of the first security requirement (global, else the first
//! operation's) decides how the client sends its API key.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};

use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::Auth;

impl Lowerer<'_> {
    /// How requests carry the API key.
    pub(super) fn auth(&mut self) -> Auth {
        let api = self.api;
        let operations = api.paths.iter().filter_map(|(path, item)| match item {
            ReferenceOr::Item(item) => Some((path, item)),
            ReferenceOr::Reference { .. } => None,
        });
        let operation_requirements = operations.flat_map(|(path, item)| {
            item.iter().filter_map(move |(method, op)| {
                op.security.as_ref().map(|s| {
                    (
                        s,
                        Pointer::root()
                            .join("paths")
                            .join(path)
                            .join(method)
                            .join("security"),
                    )
                })
            })
        });
        let found = api
            .security
            .as_ref()
            .map(|s| (s, Pointer::root().join("security")))
            .into_iter()
            .chain(operation_requirements)
            .find(|(requirements, _)| !requirements.is_empty());
        let Some((requirements, at)) = found else {
            return Auth::None;
        };
        let Some(name) = requirements[0].keys().next() else {
            return Auth::None;
        };
        if requirements.len() > 1 || requirements[0].len() > 1 {
            self.diagnostics.warning(
                &at,
                format!("several security schemes are allowed; the client sends its key the `{name}` way"),
            );
        }
        let at = Pointer::root()
            .join("components")
            .join("securitySchemes")
            .join(name);
        let scheme = api
            .components
            .as_ref()
            .and_then(|c| c.security_schemes.get(name));
        match scheme {
            Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }))
                if scheme.eq_ignore_ascii_case("bearer") =>
            {
                Auth::Bearer
            }
            Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }))
                if scheme.eq_ignore_ascii_case("basic") =>
            {
                Auth::Basic
            }
            Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. })) => {
                self.diagnostics.warning(
                    &at.join("scheme"),
                    format!("the http scheme `{scheme}` is not supported; the key is sent as a bearer token"),
                );
                Auth::Bearer
            }
            Some(ReferenceOr::Item(SecurityScheme::APIKey { location, name, .. })) => {
                match location {
                    APIKeyLocation::Header => Auth::Header(name.clone()),
                    APIKeyLocation::Query => Auth::Query(name.clone()),
                    APIKeyLocation::Cookie => {
                        self.diagnostics
                            .warning(&at, "api keys in cookies are not supported; no key is sent");
                        Auth::None
                    }
                }
            }
            Some(ReferenceOr::Item(
                SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. },
            )) => {
                self.diagnostics.warning(
                    &at,
                    "the client runs no oauth2 or openid connect flow; give it an access token as the API key",
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
            None => {
                self.diagnostics.error(
                    &at,
                    format!("the security requirement names `{name}`, which is not under #/components/securitySchemes"),
                );
                Auth::None
            }
        }
    }
}
