//! Table tests of the report's rules: each kind of change, with the impact Rust's rules give
//! it for the crate as generated, and the verdict and version that follow.

use super::*;

fn field(name: &str, ty: &str, required: bool, nullable: bool) -> FieldApi {
    FieldApi {
        name: name.to_owned(),
        wire: None,
        ty: ty.to_owned(),
        required,
        nullable,
    }
}

fn traits(list: &[&str]) -> Vec<String> {
    list.iter().map(|&s| s.to_owned()).collect()
}

fn variant(name: &str, wire: Option<&str>, payload: Option<&str>) -> VariantApi {
    VariantApi {
        name: name.to_owned(),
        wire: wire.map(str::to_owned),
        payload: payload.map(str::to_owned),
    }
}

/// A small crate: one resource with one operation, a struct with a constructor, an enum of
/// values, a tagged union and one bearer scheme.
fn base() -> PublicApi {
    PublicApi {
        header: "@generated".to_owned(),
        crate_name: "pets".to_owned(),
        version: "0.1.0".to_owned(),
        base_url: "https://api.example.com".to_owned(),
        auth: vec![AuthScheme {
            scheme: "bearerAuth".to_owned(),
            builder: "api_key".to_owned(),
            env: "PETS_API_KEY".to_owned(),
            sent: "bearer".to_owned(),
        }],
        resources: vec![ResourceApi {
            name: "pets".to_owned(),
            handle: "Pets".to_owned(),
            operations: vec![OperationApi {
                name: "retrieve".to_owned(),
                method: "GET".to_owned(),
                path: "/pets/{id}".to_owned(),
                params: vec![ParamApi {
                    name: "id".to_owned(),
                    ty: "&str".to_owned(),
                }],
                returns: "Pet".to_owned(),
                deprecated: false,
                paginated: None,
            }],
        }],
        types: vec![
            TypeApi {
                name: "Pet".to_owned(),
                shape: Shape::Struct(StructApi {
                    traits: traits(&["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"]),
                    exhaustive: false,
                    constructor: Some(vec!["impl Into<String>".to_owned()]),
                    fields: vec![
                        field("name", "String", true, false),
                        field("tag", "Option<String>", false, false),
                        field("owner", "Option<String>", true, true),
                    ],
                }),
            },
            TypeApi {
                name: "Kind".to_owned(),
                shape: Shape::Enum(EnumApi {
                    traits: traits(&["Debug", "Clone", "PartialEq", "Eq", "Hash"]),
                    exhaustive: false,
                    variants: vec![
                        variant("Cat", Some("cat"), None),
                        variant("Unknown", None, Some("String")),
                    ],
                }),
            },
            TypeApi {
                name: "Event".to_owned(),
                shape: Shape::TaggedUnion(EnumApi {
                    traits: traits(&["Debug", "Clone", "PartialEq"]),
                    exhaustive: false,
                    variants: vec![
                        variant("Born", Some("born"), Some("Born")),
                        variant("Unknown", None, Some("serde_json::Value")),
                    ],
                }),
            },
        ],
    }
}

fn pet(api: &mut PublicApi) -> &mut StructApi {
    match &mut api.types[0].shape {
        Shape::Struct(s) => s,
        _ => unreachable!("the base's first type is a struct"),
    }
}

fn kind(api: &mut PublicApi) -> &mut EnumApi {
    match &mut api.types[1].shape {
        Shape::Enum(e) => e,
        _ => unreachable!("the base's second type is an enum"),
    }
}

fn event(api: &mut PublicApi) -> &mut EnumApi {
    match &mut api.types[2].shape {
        Shape::TaggedUnion(e) => e,
        _ => unreachable!("the base's third type is a tagged union"),
    }
}

fn paginated() -> PaginatedApi {
    PaginatedApi {
        pages: "retrieve_pages".to_owned(),
        items: "retrieve_items".to_owned(),
        item: "Pet".to_owned(),
    }
}

fn operation(api: &mut PublicApi) -> &mut OperationApi {
    &mut api.resources[0].operations[0]
}

/// One edit: its name, a change made to the base on both sides first, the edit of the new
/// side, and the impacts of the changes it gives, in the report's order.
type Case = (
    &'static str,
    fn(&mut PublicApi),
    fn(&mut PublicApi),
    &'static [(Impact, Area)],
);

fn same(_: &mut PublicApi) {}

/// `Point(f64, f64, Option<f64>)`, a tuple with nothing after its positions.
fn with_point(api: &mut PublicApi) {
    api.types.push(TypeApi {
        name: "Point".to_owned(),
        shape: Shape::Tuple(TupleApi {
            traits: traits(&["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"]),
            positions: vec!["f64".to_owned(), "f64".to_owned(), "Option<f64>".to_owned()],
            rest: None,
        }),
    });
}

fn point(api: &mut PublicApi) -> &mut TupleApi {
    match api.types.last_mut().map(|t| &mut t.shape) {
        Some(Shape::Tuple(t)) => t,
        _ => unreachable!("`with_point` adds the tuple last"),
    }
}

const CASES: &[Case] = {
    use Area::*;
    use Impact::*;
    &[
        ("nothing", same, |_| {}, &[]),
        (
            "operation added",
            same,
            |api| {
                let mut op = api.resources[0].operations[0].clone();
                op.name = "delete".to_owned();
                op.method = "DELETE".to_owned();
                api.resources[0].operations.push(op);
            },
            &[(Additive, Operation)],
        ),
        (
            "operation removed",
            same,
            |api| api.resources[0].operations.clear(),
            &[(Breaking, Operation)],
        ),
        (
            "operation paginated",
            same,
            |api| operation(api).paginated = Some(paginated()),
            &[(Additive, Operation)],
        ),
        (
            "operation no longer paginated",
            |api| operation(api).paginated = Some(paginated()),
            |api| operation(api).paginated = None,
            &[(Breaking, Operation)],
        ),
        (
            "items of another type",
            |api| operation(api).paginated = Some(paginated()),
            |api| {
                if let Some(p) = &mut operation(api).paginated {
                    p.item = "Owner".to_owned();
                }
            },
            &[(Breaking, Operation)],
        ),
        (
            "resource added",
            same,
            |api| {
                let mut resource = api.resources[0].clone();
                resource.name = "owners".to_owned();
                api.resources.push(resource);
            },
            &[(Additive, Resource)],
        ),
        (
            "resource removed",
            same,
            |api| api.resources.clear(),
            &[(Breaking, Resource)],
        ),
        (
            "argument type changed",
            same,
            |api| operation(api).params[0].ty = "i64".to_owned(),
            &[(Breaking, Operation)],
        ),
        (
            "argument renamed",
            same,
            |api| operation(api).params[0].name = "pet_id".to_owned(),
            &[],
        ),
        (
            "optional body added",
            same,
            |api| {
                operation(api).params.push(ParamApi {
                    name: "body".to_owned(),
                    ty: "Option<&Pet>".to_owned(),
                })
            },
            &[(Breaking, Operation)],
        ),
        (
            "response type changed",
            same,
            |api| operation(api).returns = "()".to_owned(),
            &[(Breaking, Operation)],
        ),
        (
            "path changed",
            same,
            |api| operation(api).path = "/animals/{id}".to_owned(),
            &[(Compatible, Operation)],
        ),
        (
            "method changed",
            same,
            |api| operation(api).method = "POST".to_owned(),
            &[(Compatible, Operation)],
        ),
        (
            "operation deprecated",
            same,
            |api| operation(api).deprecated = true,
            &[(Additive, Operation)],
        ),
        (
            "type added",
            same,
            |api| {
                let mut ty = api.types[1].clone();
                ty.name = "Color".to_owned();
                api.types.push(ty);
            },
            &[(Additive, Type)],
        ),
        (
            "type removed",
            same,
            |api| {
                api.types.remove(1);
            },
            &[(Breaking, Type)],
        ),
        (
            "type renamed",
            same,
            |api| api.types[1].name = "Species".to_owned(),
            &[(Breaking, Type), (Additive, Type)],
        ),
        (
            "struct became an alias",
            same,
            |api| {
                api.types[0].shape = Shape::Alias {
                    target: "String".to_owned(),
                }
            },
            &[(Breaking, Type)],
        ),
        // Generated structs are `#[non_exhaustive]`: other crates build them with `new` and
        // setters, so an optional field is one more setter.
        (
            "optional field added",
            same,
            |api| {
                pet(api)
                    .fields
                    .push(field("age", "Option<u32>", false, false))
            },
            &[(Additive, Field)],
        ),
        // A required one is one more argument of `new`.
        (
            "required field added",
            same,
            |api| {
                pet(api).fields.push(field("age", "u32", true, false));
                pet(api).constructor = Some(vec!["impl Into<String>".to_owned(), "u32".to_owned()]);
            },
            &[(Breaking, Constructor), (Additive, Field)],
        ),
        // Struct literals must name every field of a struct without `#[non_exhaustive]`.
        (
            "optional field added to an exhaustive struct",
            |api| pet(api).exhaustive = true,
            |api| {
                pet(api)
                    .fields
                    .push(field("age", "Option<u32>", false, false));
            },
            &[(Breaking, Field)],
        ),
        (
            "field removed",
            same,
            |api| {
                pet(api).fields.remove(1);
            },
            &[(Breaking, Field)],
        ),
        (
            "field type changed",
            same,
            |api| pet(api).fields[1].ty = "Option<Vec<String>>".to_owned(),
            &[(Breaking, Field)],
        ),
        // `Option<String>` becomes `String`, and `new` takes it.
        (
            "optional field made required",
            same,
            |api| {
                pet(api).fields[1] = field("tag", "String", true, false);
                pet(api).constructor = Some(vec![
                    "impl Into<String>".to_owned(),
                    "impl Into<String>".to_owned(),
                ]);
            },
            &[(Breaking, Field), (Breaking, Constructor)],
        ),
        // `Option<String>` becomes `Nullable<String>`.
        (
            "optional field made nullable",
            same,
            |api| pet(api).fields[1] = field("tag", "Nullable<String>", false, true),
            &[(Breaking, Field)],
        ),
        // `String` becomes `Option<String>`.
        (
            "required field made nullable",
            same,
            |api| pet(api).fields[0] = field("name", "Option<String>", true, true),
            &[(Breaking, Field)],
        ),
        // Required-nullable and optional are both `Option<T>`: only the wire differs.
        (
            "required nullable field made optional",
            same,
            |api| pet(api).fields[2] = field("owner", "Option<String>", false, false),
            &[(Compatible, Field)],
        ),
        (
            "field's wire name changed",
            same,
            |api| pet(api).fields[1].wire = Some("label".to_owned()),
            &[(Compatible, Field)],
        ),
        (
            "constructor removed",
            same,
            |api| pet(api).constructor = None,
            &[(Breaking, Constructor)],
        ),
        (
            "constructor added",
            |api| pet(api).constructor = None,
            |api| {
                pet(api).constructor = Some(vec!["impl Into<String>".to_owned()]);
            },
            &[(Additive, Constructor)],
        ),
        (
            "struct made non-exhaustive",
            |api| pet(api).exhaustive = true,
            |api| pet(api).exhaustive = false,
            &[(Breaking, Type)],
        ),
        (
            "struct made exhaustive",
            same,
            |api| pet(api).exhaustive = true,
            &[(Additive, Type)],
        ),
        (
            "Default lost",
            |api| pet(api).traits.push("Default".to_owned()),
            |api| {
                pet(api).traits.retain(|t| t != "Default");
            },
            &[(Breaking, Type)],
        ),
        (
            "trait gained",
            same,
            |api| pet(api).traits.push("Default".to_owned()),
            &[(Additive, Type)],
        ),
        // Generated enums are `#[non_exhaustive]`: every `match` has a wildcard arm.
        (
            "enum value added",
            same,
            |api| {
                kind(api)
                    .variants
                    .insert(1, variant("Dog", Some("dog"), None))
            },
            &[(Additive, EnumVariant)],
        ),
        // A `match` without a wildcard arm must name every variant of an exhaustive enum,
        // the fallback notwithstanding.
        (
            "enum value added to an exhaustive enum",
            |api| kind(api).exhaustive = true,
            |api| {
                kind(api)
                    .variants
                    .insert(1, variant("Dog", Some("dog"), None));
            },
            &[(Breaking, EnumVariant)],
        ),
        (
            "enum value removed",
            same,
            |api| {
                kind(api).variants.remove(0);
            },
            &[(Breaking, EnumVariant)],
        ),
        (
            "enum value's wire text changed",
            same,
            |api| kind(api).variants[0].wire = Some("CAT".to_owned()),
            &[(Compatible, EnumVariant)],
        ),
        (
            "enum fallback's payload changed",
            same,
            |api| kind(api).variants[1].payload = Some("i64".to_owned()),
            &[(Breaking, EnumVariant)],
        ),
        (
            "union variant added",
            same,
            |api| {
                event(api)
                    .variants
                    .insert(1, variant("Died", Some("died"), Some("Died")))
            },
            &[(Additive, UnionVariant)],
        ),
        (
            "union variant removed",
            same,
            |api| {
                event(api).variants.remove(0);
            },
            &[(Breaking, UnionVariant)],
        ),
        (
            "union variant's payload changed",
            same,
            |api| event(api).variants[0].payload = Some("Box<Born>".to_owned()),
            &[(Breaking, UnionVariant)],
        ),
        (
            "union tag value changed",
            same,
            |api| event(api).variants[0].wire = Some("birth".to_owned()),
            &[(Compatible, UnionVariant)],
        ),
        (
            "untagged union's variants reordered",
            |api| {
                api.types.push(TypeApi {
                    name: "Id".to_owned(),
                    shape: Shape::UntaggedUnion(EnumApi {
                        traits: traits(&["Debug"]),
                        exhaustive: true,
                        variants: vec![
                            variant("I64", None, Some("i64")),
                            variant("String", None, Some("String")),
                            variant("Unknown", None, Some("serde_json::Value")),
                        ],
                    }),
                });
            },
            |api| match &mut api.types[3].shape {
                Shape::UntaggedUnion(u) => u.variants.swap(0, 1),
                _ => unreachable!("the setup's union"),
            },
            &[(Compatible, UnionVariant)],
        ),
        (
            "security scheme added",
            same,
            |api| {
                api.auth.push(AuthScheme {
                    scheme: "apiKey".to_owned(),
                    builder: "api_key_auth".to_owned(),
                    env: "PETS_API_KEY_AUTH_API_KEY".to_owned(),
                    sent: "header X-Api-Key".to_owned(),
                })
            },
            &[(Additive, Auth)],
        ),
        // With a second scheme the first gets a builder method and a variable of its own.
        (
            "second security scheme added",
            same,
            |api| {
                api.auth[0].builder = "bearer_auth".to_owned();
                api.auth[0].env = "PETS_BEARER_AUTH_TOKEN".to_owned();
                api.auth.push(AuthScheme {
                    scheme: "apiKey".to_owned(),
                    builder: "api_key_auth".to_owned(),
                    env: "PETS_API_KEY_AUTH_API_KEY".to_owned(),
                    sent: "header X-Api-Key".to_owned(),
                });
            },
            &[(Breaking, Auth), (Breaking, Auth), (Additive, Auth)],
        ),
        (
            "only security scheme removed",
            same,
            |api| api.auth.clear(),
            &[(Compatible, Auth)],
        ),
        (
            "security scheme with its own method removed",
            |api| {
                api.auth[0].builder = "bearer_auth".to_owned();
            },
            |api| api.auth.clear(),
            &[(Breaking, Auth)],
        ),
        (
            "credential's environment variable changed",
            same,
            |api| api.auth[0].env = "PETS_TOKEN".to_owned(),
            &[(Breaking, Auth)],
        ),
        (
            "credential sent elsewhere",
            same,
            |api| api.auth[0].sent = "header X-Api-Key".to_owned(),
            &[(Compatible, Auth)],
        ),
        ("tuple added", same, with_point, &[(Additive, Type)]),
        ("tuple unchanged", with_point, |_| {}, &[]),
        (
            "tuple position of another type",
            with_point,
            |api| point(api).positions[1] = "String".to_owned(),
            &[(Breaking, Field)],
        ),
        (
            "tuple position made optional",
            with_point,
            |api| point(api).positions[1] = "Option<f64>".to_owned(),
            &[(Breaking, Field)],
        ),
        (
            "tuple position added",
            with_point,
            |api| point(api).positions.push("Option<String>".to_owned()),
            &[(Breaking, Field)],
        ),
        (
            "tuple rest added",
            with_point,
            |api| point(api).rest = Some("Vec<serde_json::Value>".to_owned()),
            &[(Breaking, Field)],
        ),
        (
            "tuple rest removed",
            |api| {
                with_point(api);
                point(api).rest = Some("Vec<String>".to_owned());
            },
            |api| point(api).rest = None,
            &[(Breaking, Field)],
        ),
        (
            "tuple becomes a struct",
            with_point,
            |api| {
                let pet = api.types[0].shape.clone();
                if let Some(last) = api.types.last_mut() {
                    last.shape = pet;
                }
            },
            &[(Breaking, Type)],
        ),
        (
            "base URL changed",
            same,
            |api| api.base_url = "https://v2.example.com".to_owned(),
            &[(Compatible, BaseUrl)],
        ),
    ]
};

#[test]
fn each_kind_of_change_has_the_impact_rusts_rules_give_it() {
    let mut failures = Vec::new();
    for (name, setup, edit, expected) in CASES {
        let mut old = base();
        setup(&mut old);
        let mut new = old.clone();
        edit(&mut new);
        let found: Vec<(Impact, Area)> = compare(&old, &new)
            .changes
            .iter()
            .map(|c| (c.impact, c.area))
            .collect();
        if found != *expected {
            failures.push(format!("{name}: expected {expected:?}, found {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_resource_of_the_client_is_added_and_removed_with_its_feature() {
    let old = base();
    let mut new = base();
    let mut sub = new.resources[0].clone();
    sub.name = "pets.photos".to_owned();
    new.resources.push(sub);
    let mut owners = new.resources[0].clone();
    owners.name = "owners".to_owned();
    new.resources.push(owners);
    let added: Vec<String> = compare(&old, &new)
        .changes
        .iter()
        .map(|c| format!("{}: {}", c.item, c.change))
        .collect();
    assert_eq!(
        added,
        [
            "client.pets().photos(): resource added, with 1 operation(s)",
            "client.owners(): resource added, with 1 operation(s), behind the new default feature `owners`",
        ]
    );
    let removed = compare(&new, &old);
    assert!(
        removed.changes[1]
            .change
            .ends_with("and its feature `owners`")
            && removed.changes[1].impact == Impact::Breaking,
        "{:?}",
        removed.changes
    );
}

#[test]
fn the_verdict_is_the_worst_change() {
    let old = base();
    assert_eq!(compare(&old, &base()).verdict, Verdict::Patch);
    let mut new = base();
    operation(&mut new).path = "/animals/{id}".to_owned();
    assert_eq!(compare(&old, &new).verdict, Verdict::Patch);
    kind(&mut new).exhaustive = true;
    new.types.push(TypeApi {
        name: "Color".to_owned(),
        shape: Shape::Alias {
            target: "String".to_owned(),
        },
    });
    let mut additive = base();
    additive.types.push(new.types[3].clone());
    assert_eq!(compare(&old, &additive).verdict, Verdict::Minor);
    pet(&mut new).fields.pop();
    let report = compare(&old, &new);
    assert_eq!(report.verdict, Verdict::Major);
    // Breaking changes come first.
    assert_eq!(report.changes[0].impact, Impact::Breaking);
    assert!(
        report
            .changes
            .windows(2)
            .all(|w| w[0].impact <= w[1].impact)
    );
}

#[test]
fn the_next_version_follows_cargos_rules_before_and_after_1_0() {
    let cases = [
        ("1.2.3", Verdict::Major, Some("2.0.0")),
        ("1.2.3", Verdict::Minor, Some("1.3.0")),
        ("1.2.3", Verdict::Patch, Some("1.2.4")),
        // Before 1.0 the left-most non-zero component is the breaking one.
        ("0.3.1", Verdict::Major, Some("0.4.0")),
        ("0.3.1", Verdict::Minor, Some("0.3.2")),
        ("0.3.1", Verdict::Patch, Some("0.3.2")),
        ("0.0.4", Verdict::Major, Some("0.0.5")),
        ("0.0.4", Verdict::Minor, Some("0.0.5")),
        ("1.0.0-beta.1", Verdict::Minor, None),
        ("1.0", Verdict::Minor, None),
        ("1.0.0.0", Verdict::Minor, None),
        ("1.+2.0", Verdict::Minor, None),
    ];
    for (version, verdict, next) in cases {
        assert_eq!(
            next_version(version, verdict).as_deref(),
            next,
            "{version} {verdict:?}"
        );
    }
}

#[test]
fn the_manifest_reads_back_as_written() {
    let api = base();
    assert_eq!(PublicApi::from_json(&api.to_json()), Ok(api));
    assert!(PublicApi::from_json("{").is_err());
}

#[test]
fn the_text_and_markdown_name_each_change_and_the_verdict() {
    let old = base();
    let mut new = base();
    pet(&mut new).fields.remove(1);
    new.types.push(TypeApi {
        name: "Color".to_owned(),
        shape: Shape::Alias {
            target: "String".to_owned(),
        },
    });
    let report = compare(&old, &new);
    let text = report.to_text();
    assert!(
        text.contains("breaking   models::Pet::tag: field removed"),
        "{text}"
    );
    assert!(
        text.contains("additive   models::Color: type alias added"),
        "{text}"
    );
    assert!(text.contains("verdict: major"), "{text}");
    assert!(text.contains("pets 0.1.0 -> 0.2.0"), "{text}");
    let markdown = report.to_markdown();
    assert!(
        markdown.contains("| **breaking** | `models::Pet::tag` |"),
        "{markdown}"
    );
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap_or_default();
    assert_eq!(json["verdict"], "major");
    assert_eq!(json["next_version"], "0.2.0");
    assert_eq!(json["changes"][0]["impact"], "breaking");
}

/// `base()` with a second struct `Owner` of the shape `{ name: Kind }`, used by `Pet.owner`,
/// and `Breed`, another enum with `Kind`'s values.
fn with_copies() -> PublicApi {
    let mut api = base();
    pet(&mut api).fields[2].ty = "Option<Owner>".to_owned();
    let breed = TypeApi {
        name: "Breed".to_owned(),
        ..api.types[1].clone()
    };
    api.types.push(breed);
    api.types.push(TypeApi {
        name: "Owner".to_owned(),
        shape: Shape::Struct(StructApi {
            traits: traits(&["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"]),
            exhaustive: false,
            constructor: Some(vec!["Breed".to_owned()]),
            fields: vec![field("breed", "Breed", true, false)],
        }),
    });
    api
}

fn alias(api: &mut PublicApi, name: &str, target: &str) {
    let Some(ty) = api.types.iter_mut().find(|t| t.name == name) else {
        unreachable!("{name} is a type of the test crate")
    };
    ty.shape = Shape::Alias {
        target: target.to_owned(),
    };
}

#[test]
fn a_type_that_becomes_an_alias_of_one_with_its_shape_is_no_change() {
    let old = with_copies();
    // `Breed` is now `Kind` under another name, as a deduplicated copy is.
    let mut new = with_copies();
    alias(&mut new, "Breed", "Kind");
    let report = compare(&old, &new);
    assert_eq!(report.verdict, Verdict::Patch, "{:?}", report.changes);
    // And back: `Breed` is its own enum again, as it was before the alias.
    assert_eq!(compare(&new, &old).verdict, Verdict::Major);
    // The group's original moves to a new type: the old original and the copy are aliases
    // of it, and both still name the one type.
    let mut moved = with_copies();
    moved.types.push(TypeApi {
        name: "Animal".to_owned(),
        ..moved.types[1].clone()
    });
    alias(&mut moved, "Kind", "Animal");
    alias(&mut moved, "Breed", "Animal");
    let report = compare(&new, &moved);
    assert_eq!(report.verdict, Verdict::Minor, "{:?}", report.changes);
    assert_eq!(report.changes.len(), 1, "{:?}", report.changes);
    assert_eq!(report.changes[0].item, "models::Animal");
}

#[test]
fn an_alias_that_names_another_type_is_breaking() {
    let mut old = with_copies();
    alias(&mut old, "Breed", "Kind");
    // `Breed` is its own enum now, with the same values: code that passes a `Breed` where a
    // `Kind` is wanted no longer compiles.
    let new = with_copies();
    let report = compare(&old, &new);
    assert_eq!(report.verdict, Verdict::Major);
    assert_eq!(report.changes[0].item, "models::Breed");
    assert!(
        report.changes[0]
            .change
            .contains("no longer another name for `Kind`"),
        "{:?}",
        report.changes
    );
}

#[test]
fn an_alias_of_a_type_of_another_shape_shows_the_shape_changes() {
    let old = with_copies();
    let mut new = with_copies();
    // `Owner` becomes another name for `Pet`: a struct with other fields.
    alias(&mut new, "Owner", "Pet");
    let report = compare(&old, &new);
    assert_eq!(report.verdict, Verdict::Major);
    assert!(
        report
            .changes
            .iter()
            .any(|c| c.item == "models::Owner::breed" && c.change.contains("removed")),
        "{:?}",
        report.changes
    );
}

#[test]
fn a_tuples_changes_name_the_position_and_the_rest() {
    let mut old = base();
    with_point(&mut old);
    let mut new = old.clone();
    point(&mut new).positions[1] = "String".to_owned();
    point(&mut new).rest = Some("Vec<bool>".to_owned());
    let changes: Vec<(String, String)> = compare(&old, &new)
        .changes
        .into_iter()
        .map(|c| (c.item, c.change))
        .collect();
    assert_eq!(
        changes,
        [
            (
                "models::Point::1".to_owned(),
                "position 1 changed from `f64` to `String`".to_owned()
            ),
            (
                "models::Point::3".to_owned(),
                "rest added: `Vec<bool>`, the items after the positions".to_owned()
            ),
        ]
    );
}
