//! The spec edits of the audit: each a named, small, typed change of the parsed base spec
//! (`tests/fixtures/semver_audit/base.yaml`), one kind of API change each.

use serde_yaml::{Mapping, Value};

/// One step of an edit, on the mapping or list at `path` (keys from the document's root).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// Adds `key` with the YAML `value` to the mapping at `path`; the key must be new.
    Insert {
        /// The mapping's keys from the root.
        path: &'static [&'static str],
        /// The new key.
        key: &'static str,
        /// Its value, as YAML.
        value: &'static str,
    },
    /// Sets the existing `key` of the mapping at `path` to the YAML `value`.
    Replace {
        /// The mapping's keys from the root.
        path: &'static [&'static str],
        /// The key, which must be there.
        key: &'static str,
        /// Its new value, as YAML.
        value: &'static str,
    },
    /// Takes the existing `key` out of the mapping at `path`.
    Remove {
        /// The mapping's keys from the root.
        path: &'static [&'static str],
        /// The key, which must be there.
        key: &'static str,
    },
    /// Appends the YAML `value` to the list at `path`; it must not be in the list yet.
    Push {
        /// The list's keys from the root.
        path: &'static [&'static str],
        /// The new item, as YAML.
        value: &'static str,
    },
}

/// A named edit of the base spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit {
    /// Its name, kebab-case, for the table and `--edit NAME`.
    pub name: &'static str,
    /// What it changes, in words.
    pub description: &'static str,
    /// Its steps, in order.
    pub mutations: &'static [Mutation],
    /// Its witness: items of Rust (an empty `main` is added) that use the base crate `shelter`
    /// as a user would, where the edit changes it. It must compile against the crate of the
    /// base spec; against the edited crate it must fail to compile when the report calls the
    /// edit breaking (it is the program that breaks), and compile otherwise (it is what code
    /// may rely on, such as a wildcard arm of a `match` or building a struct with `new` and
    /// setters).
    pub witness: &'static str,
    /// When the change report and cargo-semver-checks are known to differ on it: why, and who
    /// is right. The audit then expects exactly that difference (the report breaking,
    /// cargo-semver-checks not, the witness showing the break) and fails if they agree, so
    /// that a stale entry is seen.
    pub known_gap: Option<&'static str>,
}

impl Edit {
    /// Applies the edit to `spec`, or says which step does not fit it.
    pub fn apply(&self, spec: &mut Value) -> Result<(), String> {
        self.mutations
            .iter()
            .try_for_each(|m| m.apply(spec))
            .map_err(|e| format!("edit `{}`: {e}", self.name))
    }
}

impl Mutation {
    /// Applies the step to `spec`.
    fn apply(&self, spec: &mut Value) -> Result<(), String> {
        match *self {
            Self::Insert { path, key, value } => {
                let mapping = mapping_at(spec, path)?;
                if mapping.contains_key(key) {
                    return Err(format!("`{}` has `{key}` already", path.join("/")));
                }
                mapping.insert(key.into(), parse(value)?);
            }
            Self::Replace { path, key, value } => {
                let slot = mapping_at(spec, path)?
                    .get_mut(key)
                    .ok_or_else(|| format!("`{}` has no `{key}`", path.join("/")))?;
                *slot = parse(value)?;
            }
            Self::Remove { path, key } => {
                mapping_at(spec, path)?
                    .remove(key)
                    .ok_or_else(|| format!("`{}` has no `{key}`", path.join("/")))?;
            }
            Self::Push { path, value } => {
                let item = parse(value)?;
                let list = node_at(spec, path)?
                    .as_sequence_mut()
                    .ok_or_else(|| format!("`{}` is not a list", path.join("/")))?;
                if list.contains(&item) {
                    return Err(format!("`{}` has `{value}` already", path.join("/")));
                }
                list.push(item);
            }
        }
        Ok(())
    }
}

/// The node at `path` under `spec`.
fn node_at<'a>(spec: &'a mut Value, path: &[&str]) -> Result<&'a mut Value, String> {
    path.iter()
        .enumerate()
        .try_fold(spec, |node, (depth, key)| {
            node.get_mut(*key)
                .ok_or_else(|| format!("`{}` has no `{key}`", path[..depth].join("/")))
        })
}

/// The mapping at `path` under `spec`.
fn mapping_at<'a>(spec: &'a mut Value, path: &[&str]) -> Result<&'a mut Mapping, String> {
    node_at(spec, path)?
        .as_mapping_mut()
        .ok_or_else(|| format!("`{}` is not a mapping", path.join("/")))
}

/// An edit's YAML value.
fn parse(value: &str) -> Result<Value, String> {
    serde_yaml::from_str(value).map_err(|e| format!("`{value}` is not YAML: {e}"))
}

/// The keys of a schema of the base spec.
macro_rules! schema {
    ($($key:literal),*) => {
        &["components", "schemas", $($key),*]
    };
}

/// Every edit, in the order of the table.
pub const EDITS: &[Edit] = &[
    Edit {
        name: "request-optional-field-added",
        description: "an optional property `color` added to the request body `PetCreateParams`",
        mutations: &[Mutation::Insert {
            path: schema!("PetCreateParams", "properties"),
            key: "color",
            value: "{type: string}",
        }],
        witness: r#"use shelter::models::{Kind, PetCreateParams};

fn build() -> PetCreateParams {
    PetCreateParams::new("Rex").with_nickname("R").with_kind(Kind::Cat)
}

fn read(params: &PetCreateParams) -> (&str, Option<&str>) {
    let PetCreateParams { name, nickname, .. } = params;
    (name, nickname.as_deref())
}"#,
        known_gap: None,
    },
    Edit {
        name: "request-required-field-added",
        description: "a required property `color` added to the request body `PetCreateParams`",
        mutations: &[
            Mutation::Insert {
                path: schema!("PetCreateParams", "properties"),
                key: "color",
                value: "{type: string}",
            },
            Mutation::Push {
                path: schema!("PetCreateParams", "required"),
                value: "color",
            },
        ],
        witness: r#"use shelter::models::PetCreateParams;

fn build() -> PetCreateParams {
    PetCreateParams::new("Rex")
}"#,
        known_gap: None,
    },
    Edit {
        name: "request-field-removed",
        description: "the optional property `nickname` of `PetCreateParams` removed",
        mutations: &[Mutation::Remove {
            path: schema!("PetCreateParams", "properties"),
            key: "nickname",
        }],
        witness: r#"use shelter::models::PetCreateParams;

fn build() -> PetCreateParams {
    PetCreateParams::new("Rex").with_nickname("R")
}"#,
        known_gap: None,
    },
    Edit {
        name: "field-made-required",
        description: "the optional property `nickname` of `PetCreateParams` made required",
        mutations: &[Mutation::Push {
            path: schema!("PetCreateParams", "required"),
            value: "nickname",
        }],
        witness: r#"use shelter::models::PetCreateParams;

fn build() -> PetCreateParams {
    PetCreateParams::new("Rex")
}"#,
        known_gap: None,
    },
    Edit {
        name: "enum-value-added",
        description: "the value `bird` added to the enum `Kind`",
        mutations: &[Mutation::Push {
            path: schema!("Kind", "enum"),
            value: "bird",
        }],
        witness: r#"use shelter::models::Kind;

fn noise(kind: &Kind) -> &'static str {
    match kind {
        Kind::Cat => "meow",
        Kind::Dog => "woof",
        _ => "...",
    }
}"#,
        known_gap: None,
    },
    Edit {
        name: "operation-added",
        description: "the operation `pets.adopt` (`POST /pets/{id}/adopt`) added",
        mutations: &[Mutation::Insert {
            path: &["paths"],
            key: "/pets/{id}/adopt",
            value: "post:
  operationId: pets.adopt
  parameters:
    - {name: id, in: path, required: true, schema: {type: string}}
  responses:
    '200':
      description: The adopted pet.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Pet'}",
        }],
        witness: r#"use shelter::models::{Pet, PetCreateParams};

async fn round_trip(client: &shelter::Client) -> Result<Pet, shelter::Error> {
    let pet = client.pets().create(&PetCreateParams::new("Rex")).await?;
    client.pets().delete(&pet.id).await?;
    client.pets().retrieve(&pet.id).await
}"#,
        known_gap: None,
    },
    Edit {
        name: "operation-removed",
        description: "the operation `pets.delete` (`DELETE /pets/{id}`) removed",
        mutations: &[Mutation::Remove {
            path: &["paths", "/pets/{id}"],
            key: "delete",
        }],
        witness: r#"async fn remove(client: &shelter::Client) -> Result<(), shelter::Error> {
    client.pets().delete("pet_1").await
}"#,
        known_gap: None,
    },
    Edit {
        name: "field-type-changed",
        description: "the property `weight` of the response type `Pet` made an integer (was a string)",
        mutations: &[Mutation::Replace {
            path: schema!("Pet", "properties"),
            key: "weight",
            value: "{type: integer, format: int64}",
        }],
        witness: r#"use shelter::models::Pet;

fn weight(pet: Pet) -> Option<String> {
    let w: Option<String> = pet.weight;
    w
}"#,
        known_gap: Some(
            "`Pet::weight` goes from `Option<String>` to `Option<i64>`, so \
             `let w: Option<String> = pet.weight` and `.with_weight(\"4 kg\")` stop compiling: \
             breaking, as the report says. cargo-semver-checks 0.51 has no lint that compares \
             types: its lints on fields check that a field is still there, those on methods \
             the number of parameters and of generics.",
        ),
    },
    Edit {
        name: "field-made-nullable",
        description: "the required property `name` of `PetCreateParams` made nullable",
        mutations: &[Mutation::Insert {
            path: schema!("PetCreateParams", "properties", "name"),
            key: "nullable",
            value: "true",
        }],
        witness: r#"use shelter::models::PetCreateParams;

fn build() -> PetCreateParams {
    PetCreateParams::new("Rex")
}"#,
        known_gap: Some(
            "`PetCreateParams::name` goes from `String` to `Option<String>` and \
             `new(impl Into<String>)` becomes `new(Option<String>)`, so \
             `PetCreateParams::new(\"Rex\")` stops compiling: breaking, as the report says. \
             cargo-semver-checks 0.51 counts `new`'s parameters (one before and after) but \
             compares neither their types nor the field's.",
        ),
    },
    Edit {
        name: "default-lost",
        description: "the only property `kind` of `PetFilter`, which was `Default`, made required",
        mutations: &[Mutation::Insert {
            path: schema!("PetFilter"),
            key: "required",
            value: "[kind]",
        }],
        witness: r#"use shelter::models::PetFilter;

fn any() -> PetFilter {
    PetFilter::default()
}"#,
        known_gap: None,
    },
    Edit {
        name: "response-optional-field-added",
        description: "an optional property `color` added to the response type `Pet`",
        mutations: &[Mutation::Insert {
            path: schema!("Pet", "properties"),
            key: "color",
            value: "{type: string}",
        }],
        witness: r#"use shelter::models::Pet;

fn build() -> Pet {
    Pet::new("pet_1", "Rex").with_weight("4 kg")
}

fn read(pet: &Pet) -> (&str, Option<&str>) {
    let Pet { id, weight, .. } = pet;
    (id, weight.as_deref())
}"#,
        known_gap: None,
    },
    Edit {
        name: "response-required-field-added",
        description: "a required property `color` added to the response type `Pet`",
        mutations: &[
            Mutation::Insert {
                path: schema!("Pet", "properties"),
                key: "color",
                value: "{type: string}",
            },
            Mutation::Push {
                path: schema!("Pet", "required"),
                value: "color",
            },
        ],
        witness: r#"use shelter::models::Pet;

fn build() -> Pet {
    Pet::new("pet_1", "Rex")
}"#,
        known_gap: None,
    },
    Edit {
        name: "union-variant-added",
        description: "the variant `Foster` (`type: foster`) added to the tagged union `Home`",
        mutations: &[
            Mutation::Insert {
                path: schema!(),
                key: "Foster",
                value: "type: object
required: [type, until]
properties:
  type: {type: string, enum: [foster]}
  until: {type: string}",
            },
            Mutation::Push {
                path: schema!("Home", "oneOf"),
                value: "{$ref: '#/components/schemas/Foster'}",
            },
        ],
        witness: r#"use shelter::models::{Home, Shelter};

fn build() -> Home {
    Home::Shelter(Shelter::new("Oslo"))
}

fn place(home: &Home) -> &str {
    match home {
        Home::Shelter(shelter) => &shelter.city,
        Home::Family(family) => &family.name,
        _ => "elsewhere",
    }
}"#,
        known_gap: None,
    },
];
