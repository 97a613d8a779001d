//! Fuzzing every parser a peer or a local file feeds: arbitrary bytes, and mutations of real
//! responses recorded from moto (`runtime/tests/fixtures/hostile/`), through the response
//! parsers of every protocol (outputs, errors, event streams) and the readers of local inputs
//! (config and credentials files, `credential_process` output, endpoint rule sets, models).
//! Each input must end in a value or an error: a panic is counted, and any fails the test.
//! The inputs come from a fixed seed, so a failure reproduces.
#![cfg(test)]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use http::{HeaderMap, HeaderName, HeaderValue};
use proptest::prelude::Rng;
use proptest::test_runner::{RngAlgorithm, TestRng};
use serde_json::Value;

use crate::config_file::{ini, SharedConfig};
use crate::credentials::process::credentials_from_output;
use crate::endpoint::{EndpointParams, EndpointResolver};
use crate::model::ServiceModel;
use crate::protocol::{self, eventstream, xml, HttpResponse, Protocol};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");
const MODELS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../resource-models/models");

/// Bytes that open or close structure in one format or another, spliced into inputs.
const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"/>",
    b"<a>",
    b"</a>",
    b"<![CDATA[",
    b"]]>",
    b"&",
    b"&amp;",
    b"&#x0;",
    b"&#1114112;",
    b"<?xml?>",
    b"<!DOCTYPE x [<!ENTITY e \"x\">]>",
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b",",
    b"null",
    b"1e999",
    b"-0",
    b"18446744073709551616",
    b"\\u0000",
    b"\\ud800",
    b"\xff",
    b"\xc3",
    b"\0",
    b"\r\n",
    b"[",
    b"=",
    b"\n  ",
    b"#",
    b";",
];

struct Fuzz {
    rng: TestRng,
    inputs: u64,
    panics: Vec<String>,
    /// Inputs and time spent, by parser.
    by_parser: std::collections::BTreeMap<&'static str, (u64, std::time::Duration)>,
}

impl Fuzz {
    fn new() -> Self {
        Fuzz {
            rng: TestRng::deterministic_rng(RngAlgorithm::XorShift),
            inputs: 0,
            panics: Vec::new(),
            by_parser: Default::default(),
        }
    }

    fn below(&mut self, n: usize) -> usize {
        (self.rng.next_u64() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    /// Runs one input through `parse`, counting it, and a panic if it panics.
    fn run(&mut self, parser: &'static str, input: &[u8], parse: impl FnOnce(&[u8])) {
        self.inputs += 1;
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| parse(input)));
        let stats = self.by_parser.entry(parser).or_default();
        stats.0 += 1;
        stats.1 += started.elapsed();
        if outcome.is_err() {
            let shown: String = String::from_utf8_lossy(input).chars().take(300).collect();
            self.panics.push(format!("{parser}: {shown:?}"));
        }
    }

    fn random_bytes(&mut self, max: usize) -> Vec<u8> {
        let len = self.below(max + 1);
        let mut out = vec![0; len];
        self.rng.fill_bytes(&mut out);
        out
    }

    /// `seed` with one to four random edits: flipped bits, replaced, inserted or deleted
    /// bytes, a structural token spliced in, a duplicated or truncated run.
    fn mutate(&mut self, seed: &[u8]) -> Vec<u8> {
        let mut out = seed.to_vec();
        for _ in 0..1 + self.below(4) {
            let at = self.below(out.len() + 1);
            match self.below(7) {
                0 if at < out.len() => out[at] ^= 1 << self.below(8),
                1 if at < out.len() => out[at] = self.rng.next_u32() as u8,
                2 => {
                    let bytes = self.random_bytes(8);
                    out.splice(at..at, bytes);
                }
                3 => {
                    let end = (at + 1 + self.below(32)).min(out.len());
                    out.drain(at.min(end)..end);
                }
                4 => {
                    let token = TOKENS[self.below(TOKENS.len())];
                    out.splice(at..at, token.iter().copied());
                }
                5 => {
                    let end = (at + 1 + self.below(64)).min(out.len());
                    let run = out[at.min(end)..end].to_vec();
                    out.splice(at..at, run);
                }
                _ => out.truncate(at),
            }
        }
        out
    }

    /// A JSON document with one node replaced by a value of another kind.
    fn mutate_value(&mut self, seed: &Value) -> Value {
        let mut doc = seed.clone();
        let replacement = match self.below(8) {
            0 => Value::Null,
            1 => Value::Bool(self.chance(2)),
            2 => Value::from(self.rng.next_u64() as i64),
            3 => Value::from(-1.5e300),
            4 => Value::String(String::from_utf8_lossy(&self.random_bytes(8)).into_owned()),
            5 => Value::Array(Vec::new()),
            6 => Value::Object(serde_json::Map::new()),
            _ => Value::String(String::new()),
        };
        let mut node = &mut doc;
        loop {
            let children = match node {
                Value::Object(map) => map.len(),
                Value::Array(items) => items.len(),
                _ => 0,
            };
            if children == 0 || self.chance(4) {
                break;
            }
            let pick = self.below(children);
            node = match node {
                Value::Object(map) => map.values_mut().nth(pick).expect("in range"),
                Value::Array(items) => &mut items[pick],
                _ => unreachable!("a node with children is an object or array"),
            };
        }
        *node = replacement;
        doc
    }

    /// Header values a response might carry, some well-formed, some not.
    fn headers(&mut self) -> HeaderMap {
        const NAMES: &[&str] = &[
            "x-amz-request-id",
            "x-amzn-requestid",
            "x-amzn-errortype",
            "x-amzn-query-error",
            "content-type",
            "content-length",
            "x-amz-bucket-region",
            "last-modified",
            "x-amz-meta-a",
            "x-amz-expiration",
            "x-amz-tagging-count",
            "x-amz-server-side-encryption-bucket-key-enabled",
            "etag",
            "x-amz-version-id",
        ];
        let mut headers = HeaderMap::new();
        for _ in 0..self.below(4) {
            let name = HeaderName::from_static(NAMES[self.below(NAMES.len())]);
            let raw = match self.below(3) {
                0 => self.random_bytes(12),
                1 => self.mutate(b"Code:Message;Sender"),
                _ => self.mutate(b"Wed, 21 Oct 2015 07:28:00 GMT"),
            };
            if let Ok(value) = HeaderValue::from_bytes(&raw) {
                headers.append(name, value);
            }
        }
        headers
    }
}

/// A recorded response and the call it answered.
struct Recorded {
    file: &'static str,
    model: usize,
    operation: &'static str,
}

const RECORDED: &[Recorded] = &[
    Recorded {
        file: "s3-list-objects-v2.xml",
        model: 0,
        operation: "ListObjectsV2",
    },
    Recorded {
        file: "s3-error-no-such-tag-set.xml",
        model: 0,
        operation: "GetBucketTagging",
    },
    Recorded {
        file: "sts-get-caller-identity.xml",
        model: 1,
        operation: "GetCallerIdentity",
    },
    Recorded {
        file: "iam-error-no-such-entity.xml",
        model: 2,
        operation: "GetUser",
    },
    Recorded {
        file: "ec2-describe-instances.xml",
        model: 3,
        operation: "DescribeInstances",
    },
    Recorded {
        file: "ec2-describe-vpcs.xml",
        model: 3,
        operation: "DescribeVpcs",
    },
    Recorded {
        file: "ec2-error-invalid-instance-id.xml",
        model: 3,
        operation: "DescribeInstances",
    },
    Recorded {
        file: "dynamodb-describe-table.json",
        model: 4,
        operation: "DescribeTable",
    },
    Recorded {
        file: "dynamodb-scan.json",
        model: 4,
        operation: "Scan",
    },
    Recorded {
        file: "dynamodb-error-resource-not-found.json",
        model: 4,
        operation: "GetItem",
    },
    Recorded {
        file: "sqs-receive-message.json",
        model: 5,
        operation: "ReceiveMessage",
    },
    Recorded {
        file: "glacier-list-vaults.json",
        model: 6,
        operation: "ListVaults",
    },
    Recorded {
        file: "glacier-error-resource-not-found.json",
        model: 6,
        operation: "DescribeVault",
    },
];

const SERVICES: &[(&str, &str)] = &[
    ("s3", "2006-03-01"),
    ("sts", "2011-06-15"),
    ("iam", "2010-05-08"),
    ("ec2", "2016-11-15"),
    ("dynamodb", "2012-08-10"),
    ("sqs", "2012-11-05"),
    ("glacier", "2012-06-01"),
];

/// A small model of every shape kind, recursive included, for the model reader.
const SMALL_MODEL: &str = r#"{
  "version": "2.0",
  "metadata": {"protocol": "rest-xml", "protocols": ["rest-xml"], "apiVersion": "2020-01-01",
               "endpointPrefix": "fuzz", "serviceId": "Fuzz", "signatureVersion": "v4"},
  "operations": {
    "Get": {"name": "Get", "http": {"method": "GET", "requestUri": "/{Id}?x=1"},
            "input": {"shape": "In"}, "output": {"shape": "Out"}, "errors": [{"shape": "Oops"}]}
  },
  "shapes": {
    "In": {"type": "structure", "required": ["Id"], "members": {
      "Id": {"shape": "Str", "location": "uri", "locationName": "Id"},
      "H": {"shape": "Str", "location": "header", "locationName": "x-h"}}},
    "Out": {"type": "structure", "members": {
      "Tree": {"shape": "Tree"},
      "Items": {"shape": "List", "flattened": true},
      "Tags": {"shape": "Map"},
      "When": {"shape": "Time", "location": "header", "locationName": "x-when"},
      "Code": {"shape": "Int", "location": "statusCode"}}},
    "Tree": {"type": "structure", "members": {"Child": {"shape": "Tree"}, "Name": {"shape": "Str"}}},
    "List": {"type": "list", "member": {"shape": "Str", "locationName": "item"}},
    "Map": {"type": "map", "key": {"shape": "Str"}, "value": {"shape": "Int"}},
    "Str": {"type": "string"},
    "Int": {"type": "integer"},
    "Time": {"type": "timestamp"},
    "Oops": {"type": "structure", "members": {"Message": {"shape": "Str"}},
             "exception": true, "error": {"code": "Oops", "httpStatusCode": 400}}
  }
}"#;

/// An event stream message with these header and payload bytes and correct checksums, so a
/// mutation reaches the header and payload readers rather than stopping at a checksum.
fn frame(headers: &[u8], payload: &[u8]) -> Vec<u8> {
    let total = (12 + headers.len() + payload.len() + 4) as u32;
    let mut out = Vec::with_capacity(total as usize);
    out.extend(total.to_be_bytes());
    out.extend((headers.len() as u32).to_be_bytes());
    out.extend(crc32fast::hash(&out).to_be_bytes());
    out.extend(headers);
    out.extend(payload);
    out.extend(crc32fast::hash(&out).to_be_bytes());
    out
}

/// Event headers as the wire writes them: name length, name, type 7 (string), length, value.
fn string_headers(pairs: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, value) in pairs {
        out.push(name.len() as u8);
        out.extend(name.as_bytes());
        out.push(7);
        out.extend((value.len() as u16).to_be_bytes());
        out.extend(value.as_bytes());
    }
    out
}

fn response<'a>(status: u16, headers: &'a HeaderMap, body: &'a [u8]) -> HttpResponse<'a> {
    HttpResponse {
        status,
        headers,
        body,
    }
}

#[test]
fn fuzz_every_parser_with_arbitrary_and_mutated_input() {
    let started = Instant::now();
    let rounds: usize = std::env::var("RBOTO_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8_000);
    let models: Vec<ServiceModel> = SERVICES
        .iter()
        .map(|(name, version)| {
            ServiceModel::from_dir(name, format!("{MODELS}/{name}/{version}")).unwrap()
        })
        .collect();
    let protocols: Vec<Protocol> = models
        .iter()
        .map(|m| Protocol::resolve(m.metadata()).unwrap())
        .collect();
    let recorded: Vec<(Vec<u8>, &Recorded)> = RECORDED
        .iter()
        .map(|r| (std::fs::read(format!("{FIXTURES}/{}", r.file)).unwrap(), r))
        .collect();
    let config_text = std::fs::read(format!("{FIXTURES}/config.ini")).unwrap();
    let credentials_text = std::fs::read(format!("{FIXTURES}/credentials.ini")).unwrap();
    let process_output = std::fs::read(format!("{FIXTURES}/credential-process.json")).unwrap();
    let rule_set_text = std::fs::read(format!(
        "{MODELS}/glacier/2012-06-01/endpoint-rule-set-1.json"
    ))
    .unwrap();
    let rule_set: Value = serde_json::from_slice(&rule_set_text).unwrap();
    let small_model: Value = serde_json::from_str(SMALL_MODEL).unwrap();
    let select_event = frame(
        &string_headers(&[
            (":message-type", "event"),
            (":event-type", "Records"),
            (":content-type", "application/octet-stream"),
        ]),
        b"a,b\n1,2\n",
    );
    let stats_event = frame(
        &string_headers(&[(":message-type", "event"), (":event-type", "Stats")]),
        b"<Stats><BytesScanned>10</BytesScanned></Stats>",
    );
    let error_event = frame(
        &string_headers(&[
            (":message-type", "error"),
            (":error-code", "Boom"),
            (":error-message", "it broke"),
        ]),
        b"",
    );

    let mut fuzz = Fuzz::new();
    let s3 = models[0].definition();
    let select = s3.operation("SelectObjectContent").unwrap();
    let process_document: Value = serde_json::from_slice(&process_output).unwrap();
    let events = [select_event.as_slice(), &stats_event, &error_event].concat();
    let reply_seed: &[u8] = b"<Out><Tree><Child><Name>a</Name></Child></Tree><item>x</item>\
        <Tags><entry><key>k</key><value>1</value></entry></Tags></Out>";
    for round in 0..rounds {
        // Responses of every protocol: a recorded one mutated, or arbitrary bytes, read as the
        // operation's output and as an error by its own protocol (and, every fourth round, by
        // another's); then the XML and JSON readers alone on more mutations of it.
        let (seed, call) = &recorded[round % recorded.len()];
        let body = match fuzz.below(4) {
            0 => fuzz.random_bytes(96),
            _ => fuzz.mutate(seed),
        };
        let headers = fuzz.headers();
        let mut readers = vec![call.model];
        if round % 4 == 0 {
            readers.push(fuzz.below(models.len()));
        }
        for model in readers {
            let definition = models[model].definition();
            let Some(operation) = definition
                .operation(call.operation)
                .or_else(|| definition.operations.values().nth(round % 7))
            else {
                continue;
            };
            let protocol = protocols[model];
            fuzz.run("response", &body, |body| {
                let _ = protocol::parse_output(
                    protocol,
                    definition,
                    operation,
                    &response(200, &headers, body),
                );
                let _ = protocol::parse_error(
                    protocol,
                    definition,
                    operation,
                    &response(400 + 100 * (round % 2) as u16, &headers, body),
                );
            });
        }
        for i in 0..6 {
            let (seed, _) = &recorded[(round + i) % recorded.len()];
            let body = fuzz.mutate(seed);
            fuzz.run("xml", &body, |body| {
                let _ = xml::parse(body);
            });
            let body = fuzz.mutate(seed);
            fuzz.run("json", &body, |body| {
                let _ = serde_json::from_slice::<Value>(body);
            });
        }

        // Event streams: raw bytes, and valid frames around mutated headers and payloads,
        // decoded alone and (every fourth round) as S3 SelectObjectContent's output.
        for attempt in 0..8 {
            let stream = match fuzz.below(4) {
                0 => fuzz.mutate(&events),
                1 => fuzz.random_bytes(64),
                2 => {
                    let headers = fuzz.mutate(&select_event[12..select_event.len() - 12]);
                    let split = fuzz.below(headers.len() + 1);
                    [
                        frame(&headers[..split], &headers[split..]),
                        stats_event.clone(),
                    ]
                    .concat()
                }
                _ => frame(
                    &string_headers(&[(":message-type", "event"), (":event-type", "Stats")]),
                    &fuzz.mutate(b"<Stats><BytesScanned>10</BytesScanned></Stats>"),
                ),
            };
            let whole = attempt == 0 && round % 4 == 0;
            fuzz.run("eventstream", &stream, |stream| {
                let _ = eventstream::decode(stream);
                if whole {
                    let _ = protocol::parse_output(
                        Protocol::RestXml,
                        s3,
                        select,
                        &response(200, &HeaderMap::new(), stream),
                    );
                }
            });
        }

        // Local inputs: the shared config files (read whole every eighth round), and
        // credential_process output.
        {
            let text = if fuzz.chance(2) {
                fuzz.mutate(&config_text)
            } else {
                fuzz.mutate(&credentials_text)
            };
            fuzz.run("ini", &text, |text| {
                let _ = ini::parse(&String::from_utf8_lossy(text));
            });
        }
        if round % 8 == 0 {
            let config = fuzz.mutate(&config_text);
            let credentials = fuzz.mutate(&credentials_text);
            fuzz.run("config files", &config, |config| {
                let config = String::from_utf8_lossy(config);
                let credentials = String::from_utf8_lossy(&credentials);
                if let Ok(shared) = SharedConfig::from_texts(Some(&config), Some(&credentials)) {
                    for name in shared
                        .profile_names()
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                    {
                        if let Some(profile) = shared.profile(&name) {
                            let _ = profile.get("region");
                            let _ = profile.nested_get("s3", "addressing_style");
                        }
                    }
                    let _ = shared.services("local");
                    let _ = shared.sso_session("corp");
                }
            });
        }
        for _ in 0..4 {
            let output = match fuzz.below(3) {
                0 => serde_json::to_vec(&fuzz.mutate_value(&process_document)).unwrap(),
                _ => fuzz.mutate(&process_output),
            };
            fuzz.run("credential_process output", &output, |output| {
                let _ = credentials_from_output(output, "fuzz", Some("123456789012"));
            });
        }

        // Rule sets and models are larger: a mutation of each every sixteenth round.
        if round % 16 == 0 {
            let rules = match fuzz.below(2) {
                0 => serde_json::to_vec(&fuzz.mutate_value(&rule_set)).unwrap(),
                _ => fuzz.mutate(&rule_set_text),
            };
            let use_fips = fuzz.chance(2);
            fuzz.run("endpoint rule set", &rules, |rules| {
                if let Ok(resolver) = EndpointResolver::from_text(&String::from_utf8_lossy(rules)) {
                    let params = EndpointParams::new()
                        .with("Region", "us-east-1")
                        .with("UseFIPS", use_fips);
                    let _ = resolver.resolve(&params);
                }
            });
            let model = match fuzz.below(2) {
                0 => serde_json::to_vec(&fuzz.mutate_value(&small_model)).unwrap(),
                _ => fuzz.mutate(SMALL_MODEL.as_bytes()),
            };
            let reply = fuzz.mutate(reply_seed);
            fuzz.run("model", &model, |model| {
                let text = String::from_utf8_lossy(model);
                let Ok(model) = ServiceModel::from_texts("fuzz", &text, None, None, None) else {
                    return;
                };
                let definition = model.definition();
                let Ok(protocol) = Protocol::resolve(model.metadata()) else {
                    return;
                };
                for operation in definition.operations.values() {
                    let params = serde_json::json!({"Id": "a/b", "H": "h"});
                    let _ = protocol::serialize(protocol, definition, operation, &params);
                    let _ = protocol::parse_output(
                        protocol,
                        definition,
                        operation,
                        &response(200, &HeaderMap::new(), &reply),
                    );
                    let _ = protocol::parse_error(
                        protocol,
                        definition,
                        operation,
                        &response(400, &HeaderMap::new(), b"<Error><Code>Oops</Code></Error>"),
                    );
                }
            });
        }
    }
    let elapsed = started.elapsed();
    for (parser, (count, time)) in &fuzz.by_parser {
        println!("  {parser}: {count} inputs, {:.1} s", time.as_secs_f64());
    }
    println!(
        "fuzz: {} inputs, {} panics ({:.1} s)",
        fuzz.inputs,
        fuzz.panics.len(),
        elapsed.as_secs_f64()
    );
    assert!(
        fuzz.panics.is_empty(),
        "{} inputs panicked, the first: {:#?}",
        fuzz.panics.len(),
        &fuzz.panics[..fuzz.panics.len().min(5)]
    );
}
