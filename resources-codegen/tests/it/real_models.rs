//! Every real resource definition (the nine services boto3 ships) expands without error,
//! and the expansion parses as Rust. Prints the generated size per service (lines after
//! pretty-printing), which the project quotes.

use std::path::Path;

use rboto_resources_codegen::{generate, Input, Options};

const SERVICES: &[(&str, &str)] = &[
    ("cloudformation", "2010-05-15"),
    ("cloudwatch", "2010-08-01"),
    ("dynamodb", "2012-08-10"),
    ("ec2", "2016-11-15"),
    ("glacier", "2012-06-01"),
    ("iam", "2010-05-08"),
    ("s3", "2006-03-01"),
    ("sns", "2010-03-31"),
    ("sqs", "2012-11-05"),
];

fn read(dir: &Path, file: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(file)).ok()
}

/// One service's expansion, parsed.
fn expanded(service: &str, version: &str) -> syn::File {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../resource-models/models")
        .join(service)
        .join(version);
    let resources = read(&dir, "resources-1.json").unwrap();
    let model = read(&dir, "service-2.json").unwrap();
    let waiters = read(&dir, "waiters-2.json");
    let paginators = read(&dir, "paginators-1.json");
    let loaders = if service == "s3" {
        vec!["Bucket".to_owned(), "ObjectSummary".to_owned()]
    } else {
        Vec::new()
    };
    // As the calls in rboto-models pass them.
    let skip = if service == "ec2" {
        vec!["service.actions.CreateTags".to_owned()]
    } else {
        Vec::new()
    };
    let input = Input {
        service,
        resources_json: &resources,
        service_json: &model,
        waiters_json: waiters.as_deref(),
        paginators_json: paginators.as_deref(),
        options: Options {
            loaders,
            skip,
            resources_path: Some(dir.join("resources-1.json").display().to_string()),
            ..Options::default()
        },
    };
    let tokens = generate(&input).unwrap_or_else(|errors| {
        panic!(
            "{service}: {}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    syn::parse2(tokens).unwrap_or_else(|e| panic!("{service}: {e}"))
}

/// Pretty-printed lines of one service's expansion.
fn expanded_lines(service: &str, version: &str) -> (usize, usize) {
    let file = expanded(service, version);
    let mut undocumented = Vec::new();
    check_docs(&file.items, service, &mut undocumented);
    assert!(
        undocumented.is_empty(),
        "undocumented public items: {undocumented:#?}"
    );
    let text = prettyplease::unparse(&file);
    // RBOTO_DUMP_DIR=/tmp/x writes each expansion there, for reading what is generated.
    if let Some(dir) = std::env::var_os("RBOTO_DUMP_DIR") {
        std::fs::write(Path::new(&dir).join(format!("{service}.rs")), &text).unwrap();
    }
    let structs = text.matches("\npub struct ").count() + text.matches("\n    pub struct ").count();
    (text.lines().count(), structs)
}

#[test]
fn all_nine_services_expand_and_parse() {
    let mut total = 0;
    println!("{:<16} {:>8} {:>8}", "service", "lines", "pub structs");
    for (service, version) in SERVICES {
        let (lines, structs) = expanded_lines(service, version);
        assert!(lines > 100, "{service}: only {lines} lines");
        println!("{service:<16} {lines:>8} {structs:>8}");
        total += lines;
    }
    println!("{:<16} {total:>8}", "total");
}

fn has_doc(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("doc"))
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// What `#![warn(missing_docs)]` checks: every public item, field and inherent method.
fn check_docs(items: &[syn::Item], path: &str, out: &mut Vec<String>) {
    for item in items {
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                if !has_doc(&s.attrs) {
                    out.push(format!("{path}::{}", s.ident));
                }
                for field in &s.fields {
                    if is_pub(&field.vis) && !has_doc(&field.attrs) {
                        out.push(format!("{path}::{}.{:?}", s.ident, field.ident));
                    }
                }
            }
            syn::Item::Mod(m) => {
                if is_pub(&m.vis) && !has_doc(&m.attrs) {
                    out.push(format!("{path}::{}", m.ident));
                }
                if let Some((_, inner)) = &m.content {
                    check_docs(inner, &format!("{path}::{}", m.ident), out);
                }
            }
            syn::Item::Impl(i) if i.trait_.is_none() => {
                for impl_item in &i.items {
                    if let syn::ImplItem::Fn(f) = impl_item {
                        if is_pub(&f.vis) && !has_doc(&f.attrs) {
                            out.push(format!("{path}::{}", f.sig.ident));
                        }
                    }
                }
            }
            syn::Item::Fn(f) if is_pub(&f.vis) && !has_doc(&f.attrs) => {
                out.push(format!("{path}::{}", f.sig.ident));
            }
            syn::Item::Const(c) if is_pub(&c.vis) && !has_doc(&c.attrs) => {
                out.push(format!("{path}::{}", c.ident));
            }
            _ => {}
        }
    }
}

/// The signature of method `name` in the inherent `impl` of `type_name`, as text.
fn method_signature(file: &syn::File, type_name: &str, name: &str) -> Option<String> {
    file.items.iter().find_map(|item| match item {
        syn::Item::Impl(imp) if imp.trait_.is_none() => {
            let self_ty = &imp.self_ty;
            if quote::quote!(#self_ty).to_string() != type_name {
                return None;
            }
            imp.items.iter().find_map(|item| match item {
                syn::ImplItem::Fn(f) if f.sig.ident == name => {
                    let sig = &f.sig;
                    Some(quote::quote!(#sig).to_string())
                }
                _ => None,
            })
        }
        _ => None,
    })
}

#[test]
fn ec2_key_pair_is_the_renamed_key_pair_info() {
    let file = expanded("ec2", "2016-11-15");
    let sig = method_signature(&file, "ServiceResource", "key_pair")
        .expect("ServiceResource::key_pair exists");
    assert!(sig.ends_with("-> KeyPairInfo"), "{sig}");
    assert_eq!(
        method_signature(&file, "ServiceResource", "key_pair_subresource"),
        None,
        "boto3 has one KeyPair constructor on the service resource"
    );
    assert_eq!(
        method_signature(&file, "ServiceResource", "key_pair_info"),
        None,
        "the explicit has replaces the implicit one for KeyPairInfo"
    );
}

#[test]
fn iam_policy_documents_are_json_values() {
    let file = expanded("iam", "2010-05-08");
    for (resource, getter) in [
        ("GroupPolicy", "policy_document"),
        ("UserPolicy", "policy_document"),
        ("RolePolicy", "policy_document"),
        ("PolicyVersion", "document"),
        ("Role", "assume_role_policy_document"),
    ] {
        let sig = method_signature(&file, resource, getter)
            .unwrap_or_else(|| panic!("{resource}::{getter} exists"));
        assert!(
            sig.contains("Option < __rboto :: serde_json :: Value >"),
            "{resource}::{getter}: {sig}"
        );
    }
    // Requests still carry the document as text.
    let setter = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "service_resource" => m.content.as_ref(),
            _ => None,
        })
        .and_then(|(_, items)| {
            items.iter().find_map(|item| match item {
                syn::Item::Impl(imp) => imp.items.iter().find_map(|item| match item {
                    syn::ImplItem::Fn(f) if f.sig.ident == "assume_role_policy_document" => {
                        let sig = &f.sig;
                        Some(quote::quote!(#sig).to_string())
                    }
                    _ => None,
                }),
                _ => None,
            })
        })
        .expect("CreateRole has an assume_role_policy_document setter");
    assert!(setter.contains("String"), "{setter}");
}

/// The signatures of every function named `name` in module `module` of an expansion.
fn signatures_in(file: &syn::File, module: &str, name: &str) -> Vec<String> {
    let items = file.items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == module => m.content.as_ref(),
        _ => None,
    });
    let Some((_, items)) = items else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(imp) => Some(imp),
            _ => None,
        })
        .flat_map(|imp| &imp.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(f) if f.sig.ident == name => {
                let sig = &f.sig;
                Some(quote::quote!(#sig).to_string())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn list_timestamp_and_blob_setters_take_what_converts_and_empty_batch_answers_count() {
    let ec2 = expanded("ec2", "2016-11-15");
    let owners = signatures_in(&ec2, "service_resource", "owners");
    assert!(!owners.is_empty(), "images().owners exists");
    for sig in &owners {
        assert!(
            sig.contains("impl :: core :: iter :: IntoIterator < Item = impl :: core :: convert :: Into < :: std :: string :: String >"),
            "{sig}"
        );
    }
    let cloudwatch = expanded("cloudwatch", "2010-08-01");
    let start = signatures_in(&cloudwatch, "metric", "start_time");
    assert!(
        start
            .iter()
            .any(|sig| sig
                .contains("impl :: core :: convert :: Into < __rboto :: typed :: DateTime >")),
        "{start:?}"
    );
    // DeleteAlarms, DisableAlarmActions and EnableAlarmActions answer nothing: the batch
    // actions of `Alarm` collections count the requests they sent.
    let sends = signatures_in(&cloudwatch, "alarm", "send");
    let counted = sends.iter().filter(|sig| sig.contains("usize")).count();
    assert_eq!(counted, 3, "{sends:#?}");
    assert!(
        !sends.iter().any(|sig| sig.contains("serde_json :: Value")),
        "{sends:#?}"
    );
    let s3 = expanded("s3", "2006-03-01");
    let body = signatures_in(&s3, "object", "body");
    assert!(
        body.iter().any(|sig| sig.contains(
            "impl :: core :: convert :: Into < __rboto :: typed :: Blob >"
        )),
        "{body:?}"
    );
}
