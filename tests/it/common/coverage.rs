//! The resource coverage recorder: which load, action, collection, waiter and batch action of
//! which resource a test exercised, proven by the request it sent.
//!
//! A global tracing subscriber collects the client's `sending` events into a list local to the
//! test's thread (each `#[tokio::test]` runs its runtime on its own thread). A [`Coverage`] mark
//! looks up the operation the definition says the item calls, consumes one such sent request
//! (all of them for a collection, counting its pages) and appends a JSON line to
//! `<target>/tmp/resource-coverage/<service>.jsonl`; a mark whose operation was never sent fails
//! the test. Items moto cannot serve are recorded with the error moto gave, by [`Coverage::moto_fails`].
//! `cargo run --example resource_coverage` turns the lines into `docs/resource-coverage.md`.

use std::cell::RefCell;
use std::io::Write;
use std::sync::Once;

use rboto::runtime::resource::{CollectionCore, ResourceCore};
use serde_json::{json, Value};

/// The directory the test binaries write their lines to.
pub fn coverage_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("resource-coverage")
}

thread_local! {
    static SENT: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Records what one test exercised of one service.
pub struct Coverage {
    service: &'static str,
}

impl Coverage {
    /// Starts recording the requests sent from this test's thread.
    pub fn new(service: &'static str) -> Self {
        static GLOBAL: Once = Once::new();
        GLOBAL.call_once(|| {
            tracing::subscriber::set_global_default(Sending)
                .expect("no other global subscriber in this test binary");
        });
        SENT.with(|s| *s.borrow_mut() = Some(Vec::new()));
        Coverage { service }
    }

    /// `resource`'s load was exercised (explicit `load()`/`reload()` or a first attribute read).
    pub fn load(&self, resource: &ResourceCore) {
        let operation = match &resource.definition().load {
            Some(load) => load.request.operation.clone(),
            None => match (self.service, resource.type_name()) {
                ("s3", "Bucket") => "ListBuckets".to_owned(),
                ("s3", "ObjectSummary") => "HeadObject".to_owned(),
                (_, other) => panic!("{other} has no load"),
            },
        };
        self.consume_one(&operation, resource, "load", "load");
    }

    /// Action `name` of `resource` was sent.
    pub fn action(&self, resource: &ResourceCore, name: &str) {
        let def = resource
            .definition()
            .actions
            .get(name)
            .unwrap_or_else(|| panic!("{} has no action {name}", type_name(resource)));
        let operation = def.request.operation.clone();
        self.consume_one(&operation, resource, "action", name);
    }

    /// Waiter `name` of `resource` ran to success.
    pub fn waiter(&self, resource: &ResourceCore, name: &str) {
        let def = resource
            .definition()
            .waiters
            .get(name)
            .unwrap_or_else(|| panic!("{} has no waiter {name}", type_name(resource)));
        let operation = resource
            .service()
            .client()
            .model()
            .waiter(&def.waiter_name)
            .unwrap_or_else(|| panic!("no botocore waiter {}", def.waiter_name))
            .operation
            .clone();
        self.consume_one(&operation, resource, "waiter", name);
    }

    /// Collection `collection` was iterated and yielded `pages` pages, one request each (the
    /// runtime yields every page it receives). Consumes that many sent requests of the
    /// collection's operation (at least one: an empty listing still asks once) and returns
    /// `pages`.
    pub fn collection(&self, collection: &CollectionCore, pages: usize) -> usize {
        let operation = collection.operation();
        let wanted = pages.max(1);
        let sent = take(operation, wanted);
        assert_eq!(
            sent,
            wanted,
            "collection {}.{} yielded {pages} pages but {sent} {operation} requests were seen",
            type_name(collection.parent()),
            collection.name()
        );
        self.write(json!({
            "service": self.service,
            "resource": type_name(collection.parent()),
            "kind": "collection",
            "name": collection.name(),
            "operation": operation,
            "pages": pages,
        }));
        pages
    }

    /// moto answered the collection's operation in one page although a page size was asked
    /// for: recorded as the reason the collection was not seen across two pages. Fails if the
    /// iteration took more than one request (then assert the pages instead).
    pub fn moto_one_page(&self, collection: &CollectionCore, requests: usize) {
        assert_eq!(
            requests,
            1,
            "{} paginated after all; assert two pages instead",
            collection.operation()
        );
        self.write(json!({
            "service": self.service,
            "resource": type_name(collection.parent()),
            "kind": "collection",
            "name": collection.name(),
            "note": format!(
                "moto ignores the page size of {} and answers in one page",
                collection.operation()
            ),
        }));
    }

    /// Why `collection` was seen in one page only (checked against moto by hand).
    pub fn note(&self, collection: &CollectionCore, note: &str) {
        self.write(json!({
            "service": self.service,
            "resource": type_name(collection.parent()),
            "kind": "collection",
            "name": collection.name(),
            "note": note,
        }));
    }

    /// After iterating `collection` at `page_size` and finding `items` items in `requests`
    /// requests: when the items needed more than one page but came in one, moto ignored the
    /// page size, and that is recorded as the reason ([`Coverage::moto_one_page`]).
    pub fn paged(
        &self,
        collection: &CollectionCore,
        page_size: usize,
        items: usize,
        requests: usize,
    ) {
        if items > page_size && requests == 1 {
            self.moto_one_page(collection, requests);
        } else if items > page_size {
            assert!(
                requests >= 2,
                "{} items at {page_size} a page in one request",
                items
            );
        }
    }

    /// Batch action `name` ran on `collection` (whose items carry the batch action).
    pub fn batch_action(&self, collection: &CollectionCore, name: &str) {
        let item = collection.item_type();
        let def = collection
            .parent()
            .service()
            .definition(item)
            .expect("the item type is defined")
            .batch_actions
            .get(name)
            .unwrap_or_else(|| panic!("{item} has no batch action {name}"));
        let operation = def.request.operation.clone();
        assert!(
            take(&operation, 1) == 1,
            "batch action {item}.{name} sent no {operation}"
        );
        self.write(json!({
            "service": self.service,
            "resource": item,
            "kind": "batch_action",
            "name": name,
            "operation": operation,
        }));
    }

    /// A resource of this type was constructed (no request needed).
    pub fn constructed(&self, resource: &ResourceCore) {
        self.write(json!({
            "service": self.service,
            "resource": type_name(resource),
            "kind": "resource",
            "name": "constructed",
        }));
    }

    /// The item was tried and moto answered with an error: recorded as not exercised, with
    /// moto's error as the reason. Panics if the call succeeded (then it should be a mark).
    pub fn moto_fails<T: std::fmt::Debug>(
        &self,
        resource: &str,
        kind: &str,
        name: &str,
        result: Result<T, rboto::Error>,
    ) {
        let err = match result {
            Ok(out) => panic!("{resource}.{name} succeeded on moto: {out:?}; mark it instead"),
            Err(err) => err,
        };
        let reason = match err.service_error() {
            Some(e) if e.status == 500 => format!(
                "moto does not implement {} (it answers HTTP 500)",
                e.operation
            ),
            Some(e) if e.message.as_deref().unwrap_or_default().starts_with('<') => format!(
                "moto has no handler for {} (it answers HTTP {} with an HTML error page)",
                e.operation, e.status
            ),
            Some(e) => format!(
                "moto answers HTTP {} {}: {}",
                e.status,
                e.code,
                first_line(e.message.as_deref().unwrap_or_default())
            ),
            None => format!("fails on moto: {}", first_line(&err.to_string())),
        };
        self.skip(resource, kind, name, &reason);
    }

    /// The item was not exercised, for `reason` (checked against moto by hand).
    pub fn skip(&self, resource: &str, kind: &str, name: &str, reason: &str) {
        self.write(json!({
            "service": self.service,
            "resource": resource,
            "kind": kind,
            "name": name,
            "skipped": reason,
        }));
    }

    fn consume_one(&self, operation: &str, resource: &ResourceCore, kind: &str, name: &str) {
        assert!(
            take(operation, 1) == 1,
            "{kind} {}.{name}: no {operation} request was sent since the last mark",
            type_name(resource)
        );
        self.write(json!({
            "service": self.service,
            "resource": type_name(resource),
            "kind": kind,
            "name": name,
            "operation": operation,
        }));
    }

    fn write(&self, line: Value) {
        let dir = coverage_dir();
        std::fs::create_dir_all(&dir).expect("create the coverage directory");
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join(format!("{}.jsonl", self.service)))
            .expect("open the coverage file");
        let mut text = line.to_string();
        text.push('\n');
        file.write_all(text.as_bytes())
            .expect("append to the coverage file");
    }
}

fn first_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(160)
        .collect()
}

/// The definition's name of a resource type, `ServiceResource` for the service.
fn type_name(resource: &ResourceCore) -> &'static str {
    match resource.type_name() {
        "" => "ServiceResource",
        other => other,
    }
}

/// Removes up to `max` sent requests of `operation` from this thread's list; returns how many.
fn take(operation: &str, max: usize) -> usize {
    SENT.with(|s| {
        let mut s = s.borrow_mut();
        let sent = s
            .as_mut()
            .expect("Coverage::new was not called on this thread");
        let mut taken = 0;
        sent.retain(|op| {
            if taken < max && op == operation {
                taken += 1;
                false
            } else {
                true
            }
        });
        taken
    })
}

/// Adds every `sending` event to the list of the thread it happened on.
struct Sending;

#[derive(Default)]
struct Fields {
    message: String,
    operation: String,
}

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "message" => self.message = format!("{value:?}"),
            "operation" => self.operation = format!("{value:?}"),
            _ => {}
        }
    }
}

impl tracing::Subscriber for Sending {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        if fields.message != "sending" {
            return;
        }
        SENT.with(|s| {
            if let Some(sent) = s.borrow_mut().as_mut() {
                sent.push(fields.operation);
            }
        });
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}
