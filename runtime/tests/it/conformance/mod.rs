//! The conformance driver: finds the vector files, runs each case and prints per-file and
//! total counts.
//!
//! botocore's runner checks its serializers and parsers alone, so its ignore list skips the
//! cases about what the client adds around them. We run every input case through the whole
//! client pipeline ([`Client::prepare`](rboto_runtime::Client::prepare)) as well as through
//! the serializer; the cases botocore ignores, and those without params (which its runner
//! skips and a client calls with none), through the client only. Ignored output cases run
//! like any other. What stays skipped is listed in
//! [`FOLLOWING_BOTOCORE`], each with the reason, and each checked against botocore's own
//! request or parse of the case instead of the vector's ([`botocore`]); without the pinned
//! botocore they are skipped in a plain `cargo test` and fail under `scripts/test`.

/// Prints a line past libtest's output capture, so the counts show on passing runs too.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, $($arg)*);
    }};
}

mod botocore;
mod compare;
pub(crate) mod convert;
mod input;
mod output;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use rboto_runtime::model::ServiceDefinition;

/// Protocol files whose cases are not run, with the reason printed for each (none today:
/// every protocol botocore tests is run).
const SKIPPED_FILES: &[(&str, &str)] = &[];

/// Cases where botocore deliberately does something other than the Smithy vector expects,
/// and we do what botocore does: (protocol file, direction, case id, what botocore does
/// and why we follow it). Only cases in botocore's ignore list are looked up here; each is
/// run against what botocore itself sends or parses for it.
const FOLLOWING_BOTOCORE: &[(&str, Direction, &str, &str)] = &[
    (
        "ec2",
        Direction::Input,
        "Ec2QueryHostWithPath",
        "botocore joins the request URI \"/\" to an endpoint with a path as the bare path (/custom), the vector wants /custom/; we build URLs as botocore does so custom endpoints get the requests boto3 users see",
    ),
    (
        "query",
        Direction::Input,
        "QueryHostWithPath",
        "botocore joins the request URI \"/\" to an endpoint with a path as the bare path (/custom), the vector wants /custom/; we build URLs as botocore does so custom endpoints get the requests boto3 users see",
    ),
    (
        "json",
        Direction::Input,
        "AwsJson11HostWithPath",
        "botocore joins the request URI \"/\" to an endpoint with a path as the bare path (/custom), the vector wants /custom/; we build URLs as botocore does so custom endpoints get the requests boto3 users see",
    ),
    (
        "json_1_0",
        Direction::Input,
        "AwsJson10HostWithPath",
        "botocore joins the request URI \"/\" to an endpoint with a path as the bare path (/custom), the vector wants /custom/; we build URLs as botocore does so custom endpoints get the requests boto3 users see",
    ),
    (
        "rest-json",
        Direction::Input,
        "RestJsonHttpChecksumRequired",
        "for httpChecksumRequired operations botocore (since 1.36) sends a CRC32 flexible checksum (x-amz-checksum-crc32), not the Content-MD5 the vector wants; we compute checksums as botocore does",
    ),
    (
        "rest-json",
        Direction::Input,
        "RestJsonHttpPayloadWithUnsetUnion",
        "botocore sends \"{}\" when a rest-json structure or union payload is unset, the vector wants an empty body; services accept both and we serialize as botocore does",
    ),
    (
        "rest-json",
        Direction::Input,
        "MediaTypeHeaderInputBase64",
        "botocore takes a JSON-value header member as a value and sends base64(JSON text), so the string \"true\" goes as base64(\"\\\"true\\\"\"); the vector passes JSON text and wants base64(\"true\"). Our parameters are values, like botocore's",
    ),
    (
        "rest-json",
        Direction::Input,
        "RestJsonNullAndEmptyHeaders",
        "botocore sends no header for an empty list, the vector wants an empty X-C header; an empty header carries no items, so we follow botocore",
    ),
    (
        "rest-xml",
        Direction::Input,
        "BodyWithXmlName",
        "botocore names a rest-xml body member's element after the target shape's locationName when the member has none (<Hello>), and the root after the input shape; the vector uses the member name and the input shape's xmlName. The JSON models are written for botocore's rule, so we keep it",
    ),
    (
        "rest-xml",
        Direction::Input,
        "RestXmlHttpPayloadWithUnion",
        "botocore names a rest-xml payload's root element after the member (its locationName, else its name); the vector names it after the target shape (its xmlName, else the shape name). The JSON models are written for botocore's rule, so we keep it",
    ),
    (
        "rest-xml",
        Direction::Input,
        "HttpPayloadWithXmlName",
        "botocore names a rest-xml payload's root element after the member (its locationName, else its name); the vector names it after the target shape (its xmlName, else the shape name). The JSON models are written for botocore's rule, so we keep it",
    ),
    (
        "rest-xml",
        Direction::Input,
        "HttpPayloadWithXmlNamespace",
        "botocore names a rest-xml payload's root element after the member (its locationName, else its name); the vector names it after the target shape (its xmlName, else the shape name). The JSON models are written for botocore's rule, so we keep it",
    ),
    (
        "rest-xml",
        Direction::Input,
        "HttpPayloadWithXmlNamespaceAndPrefix",
        "botocore names a rest-xml payload's root element after the member (its locationName, else its name); the vector names it after the target shape (its xmlName, else the shape name). The JSON models are written for botocore's rule, so we keep it",
    ),
    (
        "rest-xml",
        Direction::Input,
        "XmlAttributesOnPayload",
        "botocore names a rest-xml payload's root element after the member (its locationName, else its name); the vector names it after the target shape (its xmlName, else the shape name). The JSON models are written for botocore's rule, so we keep it",
    ),
    (
        "rest-xml",
        Direction::Input,
        "NullAndEmptyHeaders",
        "botocore sends no header for an empty list, the vector wants an empty X-C header; an empty header carries no items, so we follow botocore",
    ),
    (
        "ec2",
        Direction::Output,
        "Ec2ComplexError",
        "the error body has <Message>Hi</Message>; botocore reports it as Error.Message, the vector's expected error leaves Message out (read as empty). We keep the service's message, as botocore does",
    ),
    (
        "rest-xml",
        Direction::Output,
        "ComplexError",
        "the error body has <Message>Hi</Message>; botocore reports it as Error.Message, the vector's expected error leaves Message out (read as empty). We keep the service's message, as botocore does",
    ),
    (
        "rest-json",
        Direction::Output,
        "MediaTypeHeaderOutputBase64",
        "botocore decodes a JSON-value header and returns the JSON value (true), the vector wants the JSON text (\"true\"); our outputs are values, like botocore's",
    ),
    (
        "rest-xml",
        Direction::Output,
        "BodyWithXmlName",
        "botocore reads a rest-xml member from the element named by the target shape's locationName when the member has none (<Hello>), the vector's body has <nested>; the JSON models are written for botocore's rule, so we keep it",
    ),
];

/// Protocol files run, in order (file stem).
const PROTOCOLS: &[&str] = &[
    "ec2",
    "query",
    "json",
    "json_1_0",
    "json_1_0-query-compatible",
    "rest-json",
    "rest-xml",
    "smithy-rpc-v2-cbor",
    "smithy-rpc-v2-cbor-query-compatible",
    "smithy-rpc-v2-cbor-non-query-compatible",
];

/// Pass/fail/skip counts.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    /// Of the passed, those checked against botocore's output rather than the vector's.
    pub against_botocore: usize,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.skipped += other.skipped;
        self.against_botocore += other.against_botocore;
    }

    fn line(&self) -> String {
        let against = match self.against_botocore {
            0 => String::new(),
            n => format!(" ({n} against botocore's own output)"),
        };
        format!(
            "{} passed{against}, {} failed, {} skipped",
            self.passed, self.failed, self.skipped
        )
    }
}

/// Whether a case serializes a request or parses a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Input,
    Output,
}

impl Direction {
    fn name(self) -> &'static str {
        match self {
            Direction::Input => "input",
            Direction::Output => "output",
        }
    }
}

/// One suite of a vector file: a model fragment shared by its cases.
pub struct Suite<'a> {
    pub description: &'a str,
    pub metadata: &'a Value,
    pub shapes: &'a Value,
    /// The suite's shapes as JSON text, members in the file's order.
    pub shapes_text: String,
    pub client_endpoint: Option<&'a str>,
}

impl Suite<'_> {
    /// The service definition botocore's runner builds for one case: the suite's metadata
    /// and shapes, with the case's `given` as the only operation. `result_wrapper` sets the
    /// output's `resultWrapper` the way the runner does for query outputs.
    pub fn service_for(
        &self,
        given: &Value,
        result_wrapper: Option<&str>,
    ) -> Result<(ServiceDefinition, String), String> {
        let mut given = given.clone();
        let name = given
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("OperationName")
            .to_string();
        given["name"] = Value::String(name.clone());
        if let (Some(wrapper), Some(output)) = (result_wrapper, given.get_mut("output")) {
            output["resultWrapper"] = Value::String(wrapper.to_string());
        }
        let mut operations = Map::new();
        operations.insert(name.clone(), given);
        // Built as text so the shapes keep their members' order.
        let doc = format!(
            r#"{{"metadata": {}, "operations": {}, "shapes": {}}}"#,
            self.metadata,
            Value::Object(operations),
            self.shapes_text
        );
        let service: ServiceDefinition = serde_json::from_str(&doc)
            .map_err(|e| format!("the suite's model does not load: {e}"))?;
        Ok((service, name))
    }
}

/// The outcome of one case.
pub enum Outcome {
    Pass,
    Fail(String),
}

/// What a whole run counted.
pub struct Report {
    pub failed: usize,
    pub passed: usize,
}

struct Filter {
    only: Vec<(String, Option<String>)>,
    case: Option<String>,
    run_ignored: bool,
}

impl Filter {
    fn from_env() -> Self {
        let only = std::env::var("RBOTO_CONFORMANCE_ONLY")
            .ok()
            .map(|s| {
                s.split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(|t| match t.split_once('/') {
                        Some((p, d)) => (p.to_string(), Some(d.to_string())),
                        None => (t.to_string(), None),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let case = std::env::var("RBOTO_CONFORMANCE_CASE")
            .ok()
            .filter(|s| !s.is_empty());
        let run_ignored = std::env::var_os("RBOTO_CONFORMANCE_RUN_IGNORED").is_some();
        Filter {
            only,
            case,
            run_ignored,
        }
    }

    fn wants_file(&self, protocol: &str, direction: Direction) -> bool {
        self.only.is_empty()
            || self
                .only
                .iter()
                .any(|(p, d)| p == protocol && d.as_deref().is_none_or(|d| d == direction.name()))
    }

    fn wants_case(&self, id: Option<&str>, title: &str) -> bool {
        match &self.case {
            None => true,
            Some(text) => {
                id.is_some_and(|id| id.contains(text.as_str())) || title.contains(text.as_str())
            }
        }
    }
}

/// botocore's `protocol-tests-ignore-list.json`, applied as its runner applies it.
struct IgnoreList(Value);

impl IgnoreList {
    fn ignores(&self, protocol: &str, direction: Direction, suite: &str, id: Option<&str>) -> bool {
        let listed = |section: &Value| {
            let names = |key: &str| -> Vec<&str> {
                section
                    .get(key)
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default()
            };
            names("suites").contains(&suite) || id.is_some_and(|id| names("cases").contains(&id))
        };
        let general = &self.0["general"][direction.name()];
        let specific = &self.0["protocols"][protocol][direction.name()];
        listed(general) || listed(specific)
    }
}

/// The folder of botocore's protocol test vectors (`input/`, `output/`): the one
/// `RBOTO_CONFORMANCE_DIR` names, else `.conformance/protocols`; panics when they are missing.
pub(crate) fn vectors_dir() -> PathBuf {
    let dir = match std::env::var_os("RBOTO_CONFORMANCE_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.join("protocols").is_dir() {
                dir.join("protocols")
            } else {
                dir
            }
        }
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(".conformance")
            .join("protocols"),
    };
    assert!(
        dir.join("input").is_dir() && dir.join("output").is_dir(),
        "botocore's protocol test vectors are missing at {}: run scripts/fetch-conformance \
         (or set RBOTO_CONFORMANCE_DIR to a folder holding them)",
        dir.display()
    );
    dir
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&read_text(path))
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The mark on a case whose params hold a map the file lists unsorted: its entries are
/// compared without regard to order.
pub const UNORDERED_MAPS: &str = "rbotoUnorderedMaps";

/// JSON keeping every object's key order: a structure's member order decides the order of
/// query parameters and XML elements, and a `serde_json::Map` sorts its keys.
#[derive(serde::Deserialize, serde::Serialize)]
#[serde(untagged)]
enum Ordered {
    Object(indexmap::IndexMap<String, Ordered>),
    Array(Vec<Ordered>),
    Scalar(Value),
}

/// The shapes of each suite of a vector file, as JSON text in the file's order; and, for each
/// case, whether its params hold a map written with its keys out of sorted order.
fn suite_shapes(path: &Path) -> Vec<(String, Vec<bool>)> {
    #[derive(serde::Deserialize)]
    struct OrderedSuite {
        #[serde(default)]
        shapes: Option<Ordered>,
        #[serde(default)]
        cases: Vec<OrderedCase>,
    }
    #[derive(serde::Deserialize)]
    struct OrderedCase {
        #[serde(default)]
        params: Option<Ordered>,
        #[serde(default)]
        given: Option<Value>,
    }
    let suites: Vec<OrderedSuite> = serde_json::from_str(&read_text(path))
        .unwrap_or_else(|e| panic!("{} is not a list of suites: {e}", path.display()));
    suites
        .iter()
        .map(|suite| {
            let text = match &suite.shapes {
                Some(shapes) => serde_json::to_string(shapes).expect("JSON text"),
                None => "null".to_string(),
            };
            let shapes: Value = serde_json::from_str(&text).expect("JSON text");
            let unsorted = suite
                .cases
                .iter()
                .map(|case| {
                    let input = case
                        .given
                        .as_ref()
                        .and_then(|g| g["input"]["shape"].as_str());
                    match (&case.params, input) {
                        (Some(params), Some(input)) => unsorted_map(params, input, &shapes),
                        _ => false,
                    }
                })
                .collect();
            (text, unsorted)
        })
        .collect()
}

/// Whether `value`, of shape `shape`, holds a map whose keys the file lists out of sorted
/// order. A `serde_json::Map` iterates its keys sorted (without serde_json's
/// `preserve_order`), so rboto writes such a map's entries in another order than the
/// vector; AWS reads map entries as unordered.
fn unsorted_map(value: &Ordered, shape: &str, shapes: &Value) -> bool {
    let shape = &shapes[shape];
    let target = |reference: &Value| reference["shape"].as_str().unwrap_or("").to_string();
    match (shape["type"].as_str(), value) {
        (Some("structure"), Ordered::Object(members)) => members.iter().any(|(name, v)| {
            let member = target(&shape["members"][name.as_str()]);
            unsorted_map(v, &member, shapes)
        }),
        (Some("list"), Ordered::Array(items)) => {
            let member = target(&shape["member"]);
            items.iter().any(|v| unsorted_map(v, &member, shapes))
        }
        (Some("map"), Ordered::Object(entries)) => {
            let value_shape = target(&shape["value"]);
            !entries.keys().is_sorted()
                || entries
                    .values()
                    .any(|v| unsorted_map(v, &value_shape, shapes))
        }
        _ => false,
    }
}

/// Runs the modern and the legacy vectors and prints their counts.
pub fn run_all() -> Report {
    let dir = vectors_dir();
    let ignore = IgnoreList(read_json(&dir.join("protocol-tests-ignore-list.json")));
    let filter = Filter::from_env();
    let modern = run_tree(&dir, "", &ignore, &filter);
    let legacy = run_tree(&dir.join("legacy"), "legacy ", &ignore, &filter);
    say!("protocol conformance: {}", modern.line());
    say!("legacy protocol conformance: {}", legacy.line());
    let stale = stale_reasons(&dir, &ignore);
    for (protocol, direction, id) in &stale {
        say!(
            "FAIL FOLLOWING_BOTOCORE lists {protocol} {} {id}, which is no case in botocore's \
             ignore list",
            direction.name()
        );
    }
    Report {
        failed: modern.failed + legacy.failed + stale.len(),
        passed: modern.passed + legacy.passed,
    }
}

/// Entries of [`FOLLOWING_BOTOCORE`] that name no ignored case of the modern vectors, so
/// the table cannot keep reasons for cases that have gone or that now run.
fn stale_reasons(dir: &Path, ignore: &IgnoreList) -> Vec<(&'static str, Direction, &'static str)> {
    FOLLOWING_BOTOCORE
        .iter()
        .filter(|(protocol, direction, id, _)| {
            let path = dir.join(direction.name()).join(format!("{protocol}.json"));
            let doc = if path.is_file() {
                read_json(&path)
            } else {
                Value::Null
            };
            let found = doc.as_array().into_iter().flatten().any(|suite| {
                let description = suite["description"].as_str().unwrap_or("");
                suite["cases"].as_array().into_iter().flatten().any(|case| {
                    case["id"].as_str() == Some(id)
                        && ignore.ignores(protocol, *direction, description, Some(id))
                })
            });
            !found
        })
        .map(|(protocol, direction, id, _)| (*protocol, *direction, *id))
        .collect()
}

/// Runs one tree of vectors; `tree` is `""` for the modern vectors or `"legacy "`.
fn run_tree(dir: &Path, tree: &str, ignore: &IgnoreList, filter: &Filter) -> Tally {
    let mut total = Tally::default();
    for direction in [Direction::Input, Direction::Output] {
        for protocol in PROTOCOLS {
            let path = dir.join(direction.name()).join(format!("{protocol}.json"));
            if !path.is_file() || !filter.wants_file(protocol, direction) {
                continue;
            }
            let tally = run_file(&path, tree, protocol, direction, ignore, filter);
            say!(
                "{tree}protocol conformance [{protocol} {}]: {}",
                direction.name(),
                tally.line()
            );
            total.add(tally);
        }
    }
    total
}

fn run_file(
    path: &Path,
    tree: &str,
    protocol: &str,
    direction: Direction,
    ignore: &IgnoreList,
    filter: &Filter,
) -> Tally {
    let mut tally = Tally::default();
    let mut doc = read_json(path);
    let shapes = suite_shapes(path);
    // Marks the cases whose maps rboto cannot see in the file's order (see `unsorted_map`).
    for (suite_doc, (_, unsorted)) in doc.as_array_mut().into_iter().flatten().zip(&shapes) {
        let cases = suite_doc["cases"].as_array_mut().into_iter().flatten();
        for (case, &unsorted) in cases.zip(unsorted) {
            if unsorted {
                case[UNORDERED_MAPS] = Value::Bool(true);
            }
        }
    }
    let suites = doc.as_array().map(Vec::as_slice).unwrap_or_default();
    let file_skip = SKIPPED_FILES
        .iter()
        .find(|(prefix, _)| protocol.starts_with(prefix))
        .map(|(_, reason)| *reason);
    for (suite_doc, (shapes_text, _)) in suites.iter().zip(shapes) {
        let suite = Suite {
            description: suite_doc["description"].as_str().unwrap_or(""),
            metadata: &suite_doc["metadata"],
            shapes: &suite_doc["shapes"],
            shapes_text,
            client_endpoint: suite_doc.get("clientEndpoint").and_then(Value::as_str),
        };
        let cases = suite_doc["cases"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (index, case) in cases.iter().enumerate() {
            let id = case.get("id").and_then(Value::as_str);
            let title = match (id, case.get("description").and_then(Value::as_str)) {
                (Some(id), _) => id.to_string(),
                (None, Some(d)) => format!("{} #{index}: {d}", suite.description),
                (None, None) => format!("{} #{index}", suite.description),
            };
            if !filter.wants_case(id, &format!("{title} {}", suite.description)) {
                continue;
            }
            let where_ = format!("{tree}{protocol} {}", direction.name());
            let skip = |reason: &str| say!("skip {where_} {title}: {reason}");
            if let Some(reason) = file_skip {
                skip(reason);
                tally.skipped += 1;
                continue;
            }
            let ignored = ignore.ignores(protocol, direction, suite.description, id);
            let mut case = Cow::Borrowed(case);
            let mut against_botocore = false;
            if let Some(reason) = following_botocore(protocol, direction, id) {
                if ignored && !filter.run_ignored {
                    let endpoint = suite.client_endpoint.unwrap_or(input::DEFAULT_ENDPOINT);
                    let expectation = match botocore::availability() {
                        botocore::Availability::Ready(python) => {
                            botocore::expectation(&python, &suite, &case, direction, endpoint)
                        }
                        botocore::Availability::Missing(why) if !botocore::required() => {
                            skip(&format!(
                                "{reason}; it is checked against botocore's own output, and {why}"
                            ));
                            tally.skipped += 1;
                            continue;
                        }
                        botocore::Availability::Missing(why) => Err(why),
                    };
                    match expectation {
                        Ok(botocores) => {
                            case = Cow::Owned(botocores);
                            against_botocore = true;
                        }
                        Err(why) => {
                            tally.failed += 1;
                            say!("FAIL {where_} {title}: botocore's output for it: {why}");
                            continue;
                        }
                    }
                }
            }
            let case = case.as_ref();
            let outcome = match direction {
                Direction::Input if ignored || case.get("params").is_none() => {
                    input::run_through_client(&suite, case)
                }
                Direction::Input => input::run(&suite, case),
                Direction::Output => output::run(&suite, case),
            };
            match outcome {
                Outcome::Pass => {
                    tally.passed += 1;
                    tally.against_botocore += usize::from(against_botocore);
                }
                Outcome::Fail(why) => {
                    tally.failed += 1;
                    say!(
                        "FAIL {where_} {title} ({}):\n{}",
                        suite.description,
                        indent(&why)
                    );
                }
            }
        }
    }
    tally
}

/// Why we follow botocore rather than the vector for this case, if we do.
fn following_botocore(
    protocol: &str,
    direction: Direction,
    id: Option<&str>,
) -> Option<&'static str> {
    let id = id?;
    FOLLOWING_BOTOCORE
        .iter()
        .find(|(p, d, case, _)| *p == protocol && *d == direction && *case == id)
        .map(|(_, _, _, reason)| *reason)
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
