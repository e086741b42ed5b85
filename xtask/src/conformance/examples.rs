//! The operations of a generated crate and the doc example of each: read with `syn` from the
//! endpoint methods in `src/resources/*.rs`, so that every example stays tied to the resource
//! and method it documents.

use std::fs;
use std::io;
use std::path::Path;

/// One endpoint method of a generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// `resource.method`, as the caller writes it: `client.resource().method(...)`.
    pub name: String,
    /// The body of the method's example, `async fn example() -> Result<(), krate::Error> {...}`
    /// with rustdoc's hidden lines shown; `None` when the method's docs have none.
    pub example: Option<String>,
}

/// The signature every endpoint example starts with.
pub const EXAMPLE_FN: &str = "async fn example()";

/// The operations of the crate in `dir`, by resource file then in the file's order. A
/// sub-resource's file is in its parent's directory (`customers/sources.rs`), and its
/// operations are `customers.sources.method`.
pub fn operations(dir: &Path) -> io::Result<Vec<Operation>> {
    let resources = dir.join("src/resources");
    let mut files = Vec::new();
    resource_files(&resources, &mut files)?;
    files.sort();
    let mut found = Vec::new();
    for path in files {
        let text = fs::read_to_string(&path)?;
        let resource = path
            .strip_prefix(&resources)
            .unwrap_or(&path)
            .with_extension("")
            .iter()
            .map(|part| part.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(".");
        found.extend(in_file(&resource, &text).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("cannot parse {}: {e}", path.display()),
            )
        })?);
    }
    Ok(found)
}

/// Adds the resource files in `dir` and its subdirectories (every `.rs` file but `mod.rs`)
/// to `files`.
fn resource_files(dir: &Path, files: &mut Vec<std::path::PathBuf>) -> io::Result<()> {
    let entries = fs::read_dir(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot list {}: {e}", dir.display())))?;
    for path in entries.filter_map(Result::ok).map(|entry| entry.path()) {
        if path.is_dir() {
            resource_files(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("mod.rs") {
            files.push(path);
        }
    }
    Ok(())
}

/// The operations in one resource file: the `pub fn`s of its impl blocks, but for the
/// accessors of its sub-resources.
pub fn in_file(resource: &str, text: &str) -> syn::Result<Vec<Operation>> {
    let file = syn::parse_file(text)?;
    let mut found = Vec::new();
    for item in &file.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        for member in &block.items {
            let syn::ImplItem::Fn(method) = member else {
                continue;
            };
            // The pages and items methods of a list send its operation's request again and
            // again: the operation is called once, by its own method.
            if !matches!(method.vis, syn::Visibility::Public(_))
                || paginates(&method.sig)
                || is_accessor(&method.sig)
            {
                continue;
            }
            let method_name = method.sig.ident.to_string();
            let method_name = method_name.strip_prefix("r#").unwrap_or(&method_name);
            found.push(Operation {
                name: format!("{resource}.{method_name}"),
                example: example(&doc_lines(&method.attrs)),
            });
        }
    }
    Ok(found)
}

/// Whether a method is the accessor of a sub-resource: it returns the handle of the module
/// it is named after, `fn sources(&self) -> sources::CustomersSources<'a>`.
fn is_accessor(sig: &syn::Signature) -> bool {
    let syn::ReturnType::Type(_, ty) = &sig.output else {
        return false;
    };
    let syn::Type::Path(path) = &**ty else {
        return false;
    };
    path.path.segments.len() == 2 && path.path.segments[0].ident == sig.ident
}

/// Whether a method returns the runtime's `Pages` or `Items`.
fn paginates(sig: &syn::Signature) -> bool {
    let syn::ReturnType::Type(_, ty) = &sig.output else {
        return false;
    };
    let syn::Type::Path(path) = &**ty else {
        return false;
    };
    path.path
        .segments
        .last()
        .is_some_and(|last| last.ident == "Pages" || last.ident == "Items")
}

/// The text of the `#[doc = "..."]` attributes, one entry per attribute, without the leading
/// space that `///` leaves.
fn doc_lines(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }),
                ..
            }) => Some(text.value()),
            _ => None,
        })
        .flat_map(|text| {
            text.lines()
                .map(|line| line.strip_prefix(' ').unwrap_or(line).to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The first Rust code block of the docs that defines the example function, with rustdoc's
/// hidden-line markers (`# `) removed.
fn example(docs: &[String]) -> Option<String> {
    // `Some(Some(code))` inside a Rust block, `Some(None)` inside a block in another language.
    let mut block: Option<Option<String>> = None;
    for line in docs {
        let trimmed = line.trim_start();
        match (&mut block, trimmed.strip_prefix("```")) {
            (None, Some(info)) => {
                let rust = info
                    .split(',')
                    .all(|word| matches!(word.trim(), "" | "rust" | "no_run"));
                block = Some(rust.then(String::new));
            }
            (Some(_), Some(_)) => {
                if let Some(code) = block.take().flatten() {
                    if code.contains(EXAMPLE_FN) {
                        return Some(code);
                    }
                }
            }
            (Some(Some(code)), None) => {
                let line = match trimmed {
                    "#" => "",
                    _ => trimmed.strip_prefix("# ").unwrap_or(line),
                };
                code.push_str(line);
                code.push('\n');
            }
            (Some(None) | None, None) => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_are_tied_to_their_methods() -> syn::Result<()> {
        let text = r#"
            pub struct Things<'a> { client: &'a crate::Client }
            impl<'a> Things<'a> {
                pub(crate) fn new(client: &'a crate::Client) -> Self { Self { client } }
                /// List things
                ///
                /// ```text
                /// not rust
                /// ```
                ///
                /// ```no_run
                /// # async fn example() -> ::std::result::Result<(), things::Error> {
                /// let client = things::Client::from_env()?;
                /// client.things().list().await?;
                /// # Ok(())
                /// # }
                /// ```
                pub fn list(&self) {}
                /// No example here.
                pub fn r#type(&self) {}
                /// The pages of `list`: not an operation of its own.
                pub fn list_pages(&self) -> crate::Pages<crate::models::Page> { todo!() }
                pub fn list_items(&self) -> crate::Items<crate::models::Page, crate::models::Thing> { todo!() }
                /// A sub-resource's accessor: its methods are in its own file.
                pub fn parts(&self) -> parts::ThingsParts<'a> { parts::ThingsParts::new(self.client) }
            }
        "#;
        let found = in_file("things", text)?;
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "things.list");
        assert_eq!(
            found[0].example.as_deref(),
            Some(
                "async fn example() -> ::std::result::Result<(), things::Error> {\n\
                 let client = things::Client::from_env()?;\n\
                 client.things().list().await?;\n\
                 Ok(())\n\
                 }\n"
            )
        );
        assert_eq!(found[1].name, "things.type");
        assert_eq!(found[1].example, None);
        Ok(())
    }
}
