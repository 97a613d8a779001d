//! The round-trip contract against moto: an item read through any type rboto accepts and
//! written back is stored identically, or the read fails naming the attribute.
//!
//! 10,000 random items covering every attribute type (numbers at the edges of 38 digits
//! and of DynamoDB's range, empty and nested lists and maps, every set type, binary) are
//! written, read back through `Document` (a typed scan), `serde_json::Value` and a struct
//! with a flattened map, written back through the typed batch writer, and the raw
//! attribute values scanned again with the low-level client and compared with what was
//! first stored. `serde_json::Value` cannot hold sets, binary or numbers wider than
//! `i64`/`u64`/`f64`: reading an item holding one must fail naming such an attribute.
//!
//! Needs moto's server in `RBOTO_TEST_ENDPOINT` (started by `scripts/test`); fails without.
//! `RBOTO_ROUND_TRIP_ITEMS` sets the number of items (10,000 by default).
//!
//! Its own test binary: it keeps moto busy for about a minute, and the timing tests of the
//! shared `it` binary (retries, stalls, rate limiting) must not meet a peer that busy.

use rboto_test_support::emulator as common;

use std::collections::BTreeMap;
use std::time::Instant;

use futures::TryStreamExt;
use rboto::dynamodb::{from_item, from_item_json, AttributeMap, Document, Number, Table};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// A small deterministic generator (xorshift64*), so a failure can be replayed by seed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Decimal digits, the first not zero: `count` of them, or 1 to `count` when `vary`.
    fn digits(&mut self, count: usize, vary: bool) -> String {
        let count = if vary {
            1 + self.below(count as u64) as usize
        } else {
            count
        };
        let mut text = String::with_capacity(count);
        text.push(char::from(b'1' + self.below(9) as u8));
        for _ in 1..count {
            text.push(char::from(b'0' + self.below(10) as u8));
        }
        text
    }

    /// Number text as DynamoDB stores it, from small integers to 38 significant digits at
    /// both ends of the range (1E-130 to 9.99…E+125).
    fn number(&mut self) -> String {
        let sign = if self.chance(40) { "-" } else { "" };
        match self.below(8) {
            0 => self
                .pick(&["0", "1", "-1", "0.1", "-0.5", "100"])
                .to_string(),
            1 => self
                .pick(&[
                    "-9223372036854775808",
                    "9223372036854775807",
                    "18446744073709551615",
                    "18446744073709551616",
                    "-12345678901234567890",
                    "99999999999999999999999999999999999999",
                    "-99999999999999999999999999999999999999",
                    "1E-130",
                    "-1E-130",
                    "9.9999999999999999999999999999999999999E+125",
                    "-9.9999999999999999999999999999999999999E+125",
                    "0.12345678901234567890123456789012345678",
                ])
                .to_string(),
            2 => format!("{sign}{}", self.below(1_000_000)),
            3 => format!("{sign}{}", self.digits(38, true)),
            4 => {
                let whole = self.digits(19, true);
                let fraction = self.digits(18, true);
                format!("{sign}{whole}.{fraction}")
            }
            5 => {
                let mantissa = self.digits(38, false);
                let exponent = self.below(256) as i64 - 130;
                format!("{sign}{}.{}E{exponent}", &mantissa[..1], &mantissa[1..])
            }
            6 => {
                let mantissa = self.digits(38, true);
                let exponent = self.pick(&[-130i64, -129, -100, 0, 100, 120, 125]);
                format!("{sign}{}.{}E{exponent}", &mantissa[..1], &mantissa[1..]).replace(".E", "E")
            }
            _ => format!("{sign}{}", self.next() as f64 / 1e5),
        }
    }

    fn text(&mut self) -> String {
        let pieces = [
            "", "a", "Ada", "é", "日本", "tab\t", "quote\"", "\\", "🦀", " ", "0",
        ];
        (0..self.below(4)).map(|_| *self.pick(&pieces)).collect()
    }

    fn bytes(&mut self) -> Vec<u8> {
        (0..self.below(6)).map(|_| self.next() as u8).collect()
    }

    fn base64(&mut self, nonempty: bool) -> String {
        let mut bytes = self.bytes();
        if nonempty && bytes.is_empty() {
            bytes.push(self.next() as u8);
        }
        base64(&bytes)
    }

    /// A random attribute value; `depth` bounds the nesting of lists and maps.
    fn attribute(&mut self, depth: u32) -> Value {
        let kinds = if depth == 0 { 8 } else { 10 };
        match self.below(kinds) {
            0 => json!({"S": self.text()}),
            1 => json!({"N": self.number()}),
            2 => json!({"B": self.base64(false)}),
            3 => json!({"BOOL": self.chance(50)}),
            4 => json!({"NULL": true}),
            5 => {
                let mut set: Vec<String> = (0..1 + self.below(4)).map(|_| self.text()).collect();
                set.sort();
                set.dedup();
                json!({"SS": set})
            }
            6 => {
                let mut set: BTreeMap<Number, String> = BTreeMap::new();
                for _ in 0..1 + self.below(4) {
                    let text = self.number();
                    set.insert(text.parse().expect("generated number"), text);
                }
                json!({"NS": set.into_values().collect::<Vec<_>>()})
            }
            7 => {
                let mut set: Vec<String> =
                    (0..1 + self.below(4)).map(|_| self.base64(true)).collect();
                set.sort();
                set.dedup();
                json!({"BS": set})
            }
            8 => {
                json!({"L": (0..self.below(4)).map(|_| self.attribute(depth - 1)).collect::<Vec<_>>()})
            }
            _ => {
                let map: Map<String, Value> = (0..self.below(4))
                    .map(|_| {
                        let name = self.pick(&["k", "x.y", "é", "0", "a b"]).to_string();
                        (name + &self.below(9).to_string(), self.attribute(depth - 1))
                    })
                    .collect();
                json!({"M": map})
            }
        }
    }

    fn item(&mut self, index: usize) -> AttributeMap {
        let mut item = Map::new();
        item.insert("pk".into(), json!({"S": format!("item#{index:05}")}));
        for attribute in 0..self.below(6) {
            item.insert(format!("a{attribute}"), self.attribute(3));
        }
        item
    }
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The attribute value as DynamoDB compares it: numbers by value, sets without order.
fn canonical(value: &Value) -> Value {
    let number = |v: &Value| {
        v.as_str()
            .and_then(|text| text.parse::<Number>().ok())
            .map_or_else(|| v.clone(), |n| Value::String(n.to_string()))
    };
    let Some((tag, payload)) = value.as_object().and_then(|m| m.iter().next()) else {
        return value.clone();
    };
    let payload = match (tag.as_str(), payload) {
        ("N", n) => number(n),
        ("NS" | "SS" | "BS", Value::Array(items)) => {
            let mut set: Vec<Value> = if tag == "NS" {
                items.iter().map(number).collect()
            } else {
                items.clone()
            };
            set.sort_by_key(|v| v.to_string());
            Value::Array(set)
        }
        ("L", Value::Array(items)) => items.iter().map(canonical).collect(),
        ("M", Value::Object(map)) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), canonical(v))).collect())
        }
        (_, other) => other.clone(),
    };
    json!({ tag: payload })
}

/// Whether `serde_json::Value` has no exact form for this value or something inside it.
fn json_cannot_hold(value: &Value) -> bool {
    let (tag, payload) = value.as_object().and_then(|m| m.iter().next()).unwrap();
    match (tag.as_str(), payload) {
        ("B" | "SS" | "NS" | "BS", _) => true,
        ("N", n) => {
            let number: Number = n.as_str().unwrap().parse().unwrap();
            number.to_i64().is_err() && number.to_u64().is_err() && number.to_f64().is_err()
        }
        ("L", Value::Array(items)) => items.iter().any(json_cannot_hold),
        ("M", Value::Object(map)) => map.values().any(json_cannot_hold),
        _ => false,
    }
}

/// A struct with a flattened map, the usual "known fields plus the rest" shape.
#[derive(Serialize, Deserialize)]
struct Flattened {
    pk: String,
    #[serde(flatten)]
    rest: Map<String, Value>,
}

/// Every item of the table in its raw wire form, by `pk`.
async fn raw_items(table: &str) -> BTreeMap<String, AttributeMap> {
    let ddb = common::client("dynamodb");
    let mut items = BTreeMap::new();
    for page in common::pages(&ddb, "Scan", json!({"TableName": table})).await {
        for item in page["Items"].as_array().cloned().unwrap_or_default() {
            let Value::Object(item) = item else {
                panic!("an item that is not a map: {item}")
            };
            let pk = item["pk"]["S"].as_str().unwrap().to_owned();
            assert!(items.insert(pk.clone(), item).is_none(), "{pk} twice");
        }
    }
    items
}

/// Items of `now` that differ from `stored` (compared as DynamoDB compares values), by pk.
fn changed(
    stored: &BTreeMap<String, AttributeMap>,
    now: &BTreeMap<String, AttributeMap>,
) -> Vec<String> {
    let canonical_item = |item: &AttributeMap| canonical(&json!({"M": item}));
    stored
        .iter()
        .filter(|(pk, item)| {
            now.get(*pk)
                .is_none_or(|back| canonical_item(back) != canonical_item(item))
        })
        .map(|(pk, _)| pk.clone())
        .collect()
}

/// Writes `items` back through the typed batch writer.
async fn write_back<T: Serialize>(table: &Table, items: &[T]) {
    let mut writer = table.batch_writer();
    for item in items {
        writer.put_value(item).await.expect("typed put");
    }
    writer.close().await.expect("batch written");
}

/// Reads every stored item into `T` through both readers (the wire tree and the text),
/// which must agree; returns the items read and checks each refusal names an attribute
/// `T` cannot hold.
fn read_loosely<T: DeserializeOwned + Serialize>(
    what: &str,
    stored: &BTreeMap<String, AttributeMap>,
) -> (Vec<T>, usize) {
    let mut read = Vec::new();
    let mut refused = 0;
    for (pk, item) in stored {
        let text = serde_json::to_vec(item).unwrap();
        let from_tree = from_item::<T>(item);
        let from_text = from_item_json::<T>(&text);
        let must_refuse: Vec<&String> = item
            .iter()
            .filter(|(_, v)| json_cannot_hold(v))
            .map(|(k, _)| k)
            .collect();
        match (from_tree, from_text) {
            (Ok(tree), Ok(fast)) => {
                assert!(
                    must_refuse.is_empty(),
                    "{what}: {pk} read, though {must_refuse:?} has no exact form"
                );
                assert_eq!(
                    serde_json::to_value(&tree).unwrap(),
                    serde_json::to_value(&fast).unwrap(),
                    "{what}: {pk}: the two readers disagree"
                );
                read.push(tree);
            }
            (Err(tree), Err(fast)) => {
                let message = tree.to_string();
                assert_eq!(message, fast.to_string(), "{what}: {pk}");
                assert!(
                    must_refuse
                        .iter()
                        .any(|name| message.contains(&format!(": {name}"))),
                    "{what}: {pk} refused without naming one of {must_refuse:?}: {message}"
                );
                refused += 1;
            }
            (tree, fast) => panic!(
                "{what}: {pk}: the readers disagree: {:?} / {:?}",
                tree.err().map(|e| e.to_string()),
                fast.err().map(|e| e.to_string())
            ),
        }
    }
    (read, refused)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto: scripts/test runs it"]
async fn every_item_read_and_written_back_is_stored_unchanged() {
    let count: usize = std::env::var("RBOTO_ROUND_TRIP_ITEMS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let started = Instant::now();
    let name = common::unique("round-trip");
    let ddb = common::client("dynamodb");
    common::ok(
        "CreateTable",
        ddb.call(
            "CreateTable",
            json!({
                "TableName": name,
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                "BillingMode": "PAY_PER_REQUEST"
            }),
        )
        .await,
    );
    let table = rboto::dynamodb::ServiceResource::new(&common::session())
        .expect("resource")
        .table(&name);

    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let mut writer = table.batch_writer();
    for index in 0..count {
        writer.put_item(random.item(index)).await.expect("put");
    }
    writer.close().await.expect("batch written");
    let stored = raw_items(&name).await;
    assert_eq!(stored.len(), count);

    // Document: a typed scan (the page text read straight into the type), written back.
    let documents: Vec<Document> = table
        .scan::<Document>()
        .stream()
        .try_collect()
        .await
        .expect("every item reads as a Document");
    assert_eq!(documents.len(), count);
    write_back(&table, &documents).await;
    let mut total_changed = changed(&stored, &raw_items(&name).await);
    assert!(
        total_changed.is_empty(),
        "Document changed {total_changed:?}"
    );
    let mut reads = documents.len();

    // serde_json::Value and a flattened map: refused where they cannot hold a value.
    let (values, refused_values) = read_loosely::<Value>("serde_json::Value", &stored);
    write_back(&table, &values).await;
    total_changed.extend(changed(&stored, &raw_items(&name).await));
    let (flattened, refused_flattened) = read_loosely::<Flattened>("flattened map", &stored);
    write_back(&table, &flattened).await;
    total_changed.extend(changed(&stored, &raw_items(&name).await));
    reads += values.len() + flattened.len();
    assert!(
        !values.is_empty() && refused_values > 0 && refused_flattened > 0,
        "the items exercise both outcomes"
    );

    println!(
        "round trip: {count} items, {} changed ({reads} reads written back: {} Document, {} \
         serde_json::Value, {} flattened; refused with the attribute named: {refused_values} \
         Value, {refused_flattened} flattened) in {:.1?}",
        total_changed.len(),
        documents.len(),
        values.len(),
        flattened.len(),
        started.elapsed()
    );
    assert!(total_changed.is_empty(), "changed: {total_changed:?}");
}
