//! How operations group into resources: an untagged document by its paths (versions skipped,
//! sub-resources nested, methods named by HTTP method and path shape), a tagged one by its
//! tags.

use revox_tests::{file, generate, read, root};
use serde_yaml::Value;

/// The untagged fixture in the style of a payments API.
fn fixture() -> String {
    read(&root().join("tests/fixtures/models/untagged_paths.yaml"))
}

/// Every method of the crate made from `spec`: `resource.method` and the HTTP method and
/// path it sends, in crate order.
fn methods(spec: &str) -> Vec<(String, String)> {
    let output = generate(spec, "untagged_paths");
    output
        .api
        .resources
        .iter()
        .flat_map(|r| {
            r.operations.iter().map(move |op| {
                (
                    format!("{}.{}", r.name, op.name),
                    format!("{} {}", op.method, op.path),
                )
            })
        })
        .collect()
}

#[test]
fn an_untagged_document_groups_by_the_nouns_of_its_paths() {
    let expected = [
        ("customers.list", "GET /v1/customers"),
        ("customers.create", "POST /v1/customers"),
        ("customers.search", "GET /v1/customers/search"),
        ("customers.retrieve", "GET /v1/customers/{customer}"),
        ("customers.update", "POST /v1/customers/{customer}"),
        ("customers.delete", "DELETE /v1/customers/{customer}"),
        (
            "customers.delete_discount",
            "DELETE /v1/customers/{customer}/discount",
        ),
        (
            "customers.sources.list",
            "GET /v1/customers/{customer}/sources",
        ),
        (
            "customers.sources.create",
            "POST /v1/customers/{customer}/sources",
        ),
        (
            "customers.sources.retrieve",
            "GET /v1/customers/{customer}/sources/{id}",
        ),
        (
            "customers.sources.delete",
            "DELETE /v1/customers/{customer}/sources/{id}",
        ),
        (
            "customers.sources.verify",
            "POST /v1/customers/{customer}/sources/{id}/verify",
        ),
        ("invoices.retrieve", "GET /v1/invoices/{invoice}"),
        ("invoices.pay", "POST /v1/invoices/{invoice}/pay"),
        ("invoices.upcoming_lines", "GET /v1/invoices/upcoming/lines"),
        ("balance.retrieve", "GET /v1/balance"),
        ("charges.capture_2", "POST /v1/charges/{charge}/capture"),
        ("charges.capture", "POST /v1/charges/capture"),
        ("charges.refund_charge", "POST /v1/charges/{charge}/refunds"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(name, call)| ((*name).to_owned(), (*call).to_owned()))
        .collect();
    assert_eq!(methods(&fixture()), expected);
}

#[test]
fn a_sub_resource_is_a_module_and_an_accessor_of_its_parent() {
    let output = generate(&fixture(), "untagged_paths");
    let handles: Vec<(&str, &str)> = output
        .api
        .resources
        .iter()
        .map(|r| (r.name.as_str(), r.handle.as_str()))
        .collect();
    assert_eq!(
        handles,
        [
            ("customers", "Customers"),
            ("customers.sources", "CustomersSources"),
            ("invoices", "Invoices"),
            ("balance", "Balance"),
            ("charges", "Charges"),
        ]
    );
    let parent = &file(&output, "src/resources/customers.rs").contents;
    assert!(parent.contains("pub mod sources;"), "{parent}");
    assert!(
        parent.contains("pub fn sources(&self) -> sources::CustomersSources<'a>"),
        "{parent}"
    );
    let child = &file(&output, "src/resources/customers/sources.rs").contents;
    assert!(
        child.contains("client.customers().sources().list(\"customer_123\")"),
        "{child}"
    );
    let top = &file(&output, "src/resources/mod.rs").contents;
    assert!(!top.contains("pub mod sources;"), "{top}");
}

/// The same paths, every operation tagged `payments`: one resource, the tag, whose methods
/// keep their operationIds (or, without one, the method and the path), as before.
#[test]
fn a_tagged_document_keeps_its_tags() -> Result<(), serde_yaml::Error> {
    let mut spec: Value = serde_yaml::from_str(&fixture())?;
    let tag = Value::Sequence(vec![Value::from("payments")]);
    if let Some(paths) = spec.get_mut("paths").and_then(Value::as_mapping_mut) {
        for item in paths.values_mut().filter_map(Value::as_mapping_mut) {
            for (method, operation) in item.iter_mut() {
                if method.as_str() != Some("parameters") {
                    if let Some(operation) = operation.as_mapping_mut() {
                        operation.insert(Value::from("tags"), tag.clone());
                    }
                }
            }
        }
    }
    let names: Vec<String> = methods(&serde_yaml::to_string(&spec)?)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(names.len(), 19);
    assert!(
        names.iter().all(|n| n.starts_with("payments.")),
        "{names:?}"
    );
    for name in [
        "payments.get_customers",
        "payments.post_customers_customer_sources",
        "payments.get_v1_invoices_by_invoice",
        "payments.capture",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    Ok(())
}
