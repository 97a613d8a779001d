//! The atlas against the real models: what a page and a diagram must say.

use std::path::Path;

use crate::{graph, load, markdown, SERVICES};

fn service(name: &str) -> load::Service {
    let generated = SERVICES
        .iter()
        .find(|g| g.service == name)
        .expect("a service of the atlas");
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../resource-models");
    load::Service::load(&models, generated).expect("the models load")
}

#[test]
fn every_resource_gets_a_section() {
    for generated in SERVICES {
        let loaded = service(generated.service);
        let page = markdown::page(&loaded);
        for resource in &loaded.resolved.resources {
            let heading = format!("\n## {}\n", resource.type_name);
            assert!(
                page.contains(&heading),
                "{}: no {heading:?}",
                generated.service
            );
        }
    }
}

#[test]
fn s3_page_names_operations_types_and_waiters() {
    let page = markdown::page(&service("s3"));
    for row in [
        "| `name()` | `Name` | `&str` |",
        "| `objects()` | `ListObjects` | [`ObjectSummary`](#objectsummary) |",
        "| `wait_until_exists()` | `BucketExists` |",
        "| `delete()` | `DeleteObjects` |",
        "| `object(key)` | [`Object`](#object) |",
        "| `content_length()` | `ContentLength` | `i64` |",
        "| `last_modified()` | `LastModified` | `DateTime` |",
    ] {
        assert!(page.contains(row), "s3.md lacks {row:?}");
    }
}

#[test]
fn ec2_page_lists_the_hand_written_tag_actions_instead_of_the_skipped_one() {
    let page = markdown::page(&service("ec2"));
    assert!(page.contains("| `create_tags()` (hand-written) | `CreateTags` |"));
    assert!(page.contains("| `delete_tags()` (hand-written) | `DeleteTags` | `()` |"));
    assert!(page.contains("| `state()` | `State` | `types::InstanceState` |"));
    let service_section = &page
        [page.find("\n## ServiceResource\n").unwrap()..page.find("\n## ClassicAddress\n").unwrap()];
    assert_eq!(service_section.matches("`create_tags()`").count(), 1);
}

#[test]
fn diagram_draws_collections_references_and_subresources() {
    let dot = graph::dot(&service("s3"));
    assert!(dot.starts_with("digraph \"s3\" {"));
    assert!(dot.contains("\"Bucket\" -> \"ObjectSummary\" [label=\"objects()\", style=bold"));
    assert!(dot.contains("\"Object\" -> \"Bucket\" [label=\"bucket()\", style=solid]"));
    assert!(
        dot.contains("\"ServiceResource\" -> \"Bucket\" [label=\"create_bucket()\", style=dotted]")
    );
    let iam = graph::dot(&service("iam"));
    assert!(
        iam.contains("style=dashed"),
        "IAM has references from loaded data"
    );
}

#[test]
fn index_counts_and_links_every_service() {
    let summaries: Vec<_> = SERVICES
        .iter()
        .map(|g| markdown::Summary::of(&service(g.service)))
        .collect();
    let index = markdown::index(&summaries);
    for generated in SERVICES {
        let link = format!("({}.md)", generated.service);
        assert!(index.contains(&link), "index lacks {link}");
    }
    assert!(index.contains("| `rboto::sqs` | 2012-11-05 | 2 |"));
}

#[test]
fn dynamodb_table_shows_the_typed_verbs_in_place_of_the_skipped_actions() {
    let page = markdown::page(&service("dynamodb"));
    assert!(page.contains("| `query()` (hand-written) | `Query` |"));
    assert!(
        !page.contains("| `query()` | `Query` |"),
        "the generated Query is skipped"
    );
    assert!(
        page.contains("| `put_item()` | `PutItem` |"),
        "boto3's untyped put_item stays"
    );
}
