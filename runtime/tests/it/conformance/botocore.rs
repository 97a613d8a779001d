//! The cases where rboto follows botocore rather than the Smithy vector
//! ([`super::FOLLOWING_BOTOCORE`]) are checked against botocore itself: the pinned botocore
//! (the one in the virtualenv `scripts/emulator` makes, or under `RBOTO_TEST_PYTHON`) builds a
//! client from the case's model and sends the case's parameters, or parses the case's
//! response, and what it produced replaces the vector's expectation. rboto must then match
//! botocore exactly as it would match the vector, through the same comparisons.
//!
//! A request is caught in botocore's `before-send` event, after every handler botocore runs
//! (checksums, idempotency tokens, endpoint joining) and before anything is sent; parameter
//! validation is off, as in botocore's own protocol test runner, since some cases send what a
//! model would refuse (a null header). Bodies are
//! compared by meaning (JSON as JSON, XML as XML), but a checksum header covers the exact
//! bytes, and botocore's JSON has spaces after its separators where rboto's has none; so a
//! checksum header's expected value is botocore's own digest (the algorithm it chose, through
//! its own code) of the body rboto sends, when that body means the same as botocore's.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Map, Value};

use super::{Direction, Suite};

/// Reads one job on stdin (the suite, the case, the direction, the endpoint and the botocore
/// version wanted) and prints botocore's request or parsed response as JSON.
const BOTOCORE_CASE: &str = r#"
import base64, datetime, json, os, sys, tempfile, uuid
import botocore, botocore.session
from botocore import httpchecksum, utils
from botocore.config import Config
from botocore.model import NoShapeFoundError, ServiceModel
from botocore.parsers import create_parser

job = json.load(sys.stdin)
if botocore.__version__ != job["version"]:
    sys.exit(f"botocore {botocore.__version__} is not the pinned {job['version']}")
suite, case = job["suite"], job["case"]
name = case["given"].get("name", "OperationName")
given = dict(case["given"], name=name)
metadata = dict(suite["metadata"])

def plain(value):
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return base64.b64encode(bytes(value)).decode()
    if isinstance(value, datetime.datetime):
        seconds = value.timestamp()
        return int(seconds) if seconds == int(seconds) else seconds
    raise TypeError(f"cannot show {type(value)}")

if job["direction"] == "output":
    response = case["response"]
    protocol = metadata["protocol"]
    is_error = "error" in case or "errorCode" in case
    output = given.get("output", {}).get("shape")
    if (protocol == "query" and not is_error and output
            and suite["shapes"][output].get("members")):
        given["output"] = dict(given["output"], resultWrapper=f"{name}Result")
    model = ServiceModel({"metadata": metadata, "operations": {name: given},
                          "shapes": suite["shapes"]})
    operation = model.operation_model(name)
    body = response.get("body", "")
    body = base64.b64decode(body) if protocol == "smithy-rpc-v2-cbor" else body.encode()
    if not body and protocol == "query":
        body = b"<xml/>"
    wire = {"status_code": response.get("status_code", 200),
            "headers": response.get("headers", {}), "body": body}
    parser = create_parser(protocol)
    parsed = parser.parse(wire, operation.output_shape)
    if is_error:
        try:
            error_shape = model.shape_for(parsed["Error"]["Code"])
        except NoShapeFoundError:
            error_shape = None
        if error_shape is not None:
            parsed.update(parser.parse(wire, error_shape))
    parsed.pop("ResponseMetadata", None)
    print(json.dumps(parsed, default=plain))
    sys.exit(0)

uuid.uuid4 = lambda: uuid.UUID("00000000-0000-4000-8000-000000000000")
metadata.setdefault("apiVersion", "2020-01-01")
metadata.setdefault("endpointPrefix", "conformance")
metadata.setdefault("signatureVersion", "v4")
metadata.setdefault("serviceId", "Conformance")
root = tempfile.mkdtemp()
folder = os.path.join(root, "conformance", metadata["apiVersion"])
os.makedirs(folder)
with open(os.path.join(folder, "service-2.json"), "w") as f:
    json.dump({"version": "2.0", "metadata": metadata, "operations": {name: given},
               "shapes": suite["shapes"]}, f)
rules = {"version": "1.0",
         "parameters": {"Endpoint": {"builtIn": "SDK::Endpoint", "required": False,
                                     "type": "String"}},
         "rules": [{"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
                    "endpoint": {"url": {"ref": "Endpoint"}}, "type": "endpoint"},
                   {"conditions": [], "error": "no endpoint", "type": "error"}]}
with open(os.path.join(folder, "endpoint-rule-set-1.json"), "w") as f:
    json.dump(rules, f)
session = botocore.session.get_session()
session.get_component("data_loader").search_paths.insert(0, root)
client = session.create_client("conformance", region_name="us-east-1",
                               endpoint_url=job["endpoint"], aws_access_key_id="AKID",
                               aws_secret_access_key="SECRET",
                               config=Config(retries={"max_attempts": 0},
                                             parameter_validation=False))

class Caught(Exception):
    pass

def catch(request, **kwargs):
    body = request.body
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, str):
        body = body.encode()
    headers = {}
    for key, value in request.headers.items():
        headers[key] = value.decode() if isinstance(value, bytes) else value
    theirs = base64.b64decode(job.get("their_body") or "")
    if theirs != (body or b"") and same_meaning(theirs, body or b""):
        for key in list(headers):
            lower = key.lower()
            if lower == "content-md5":
                headers[key] = utils.calculate_md5(theirs)
            elif lower.startswith("x-amz-checksum-"):
                algorithm = lower[len("x-amz-checksum-"):]
                checksum = httpchecksum._CHECKSUM_CLS[algorithm]()
                checksum.update(theirs)
                headers[key] = checksum.b64digest()
    raise Caught({"method": request.method, "url": request.url, "headers": headers,
                  "body": plain(body or b"")})

def same_meaning(a, b):
    try:
        return json.loads(a or b"null") == json.loads(b or b"null")
    except ValueError:
        return False

client.meta.events.register("before-send", catch)
try:
    client._make_api_call(name, case.get("params", {}))
except Caught as caught:
    print(json.dumps(caught.args[0]))
else:
    sys.exit("botocore sent nothing")
"#;

/// Headers that differ between any two requests (time, signature, identity of the attempt,
/// the user agent) or that the transport writes: not part of what a case pins.
const UNPINNED_HEADERS: &[&str] = &[
    "authorization",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
    "user-agent",
    "x-amz-user-agent",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "content-length",
    "expect",
];

/// Whether botocore can be asked, or why not.
pub enum Availability {
    Ready(PathBuf),
    Missing(String),
}

/// The interpreter holding the pinned botocore: `RBOTO_TEST_PYTHON`, else the virtualenv
/// `scripts/emulator` makes.
pub fn availability() -> Availability {
    match rboto_test_support::botocore::find_python() {
        Ok(python) => Availability::Ready(python),
        Err(why) => Availability::Missing(why),
    }
}

/// Whether a missing botocore fails the run: `scripts/test` starts moto and sets
/// `RBOTO_TEST_ENDPOINT`, and there every peer must be present.
pub fn required() -> bool {
    std::env::var("RBOTO_TEST_ENDPOINT").is_ok_and(|url| !url.is_empty())
}

/// The case with its expectation replaced by what botocore produced for it.
pub fn expectation(
    python: &Path,
    suite: &Suite<'_>,
    case: &Value,
    direction: Direction,
    endpoint: &str,
) -> Result<Value, String> {
    let their_body = match direction {
        Direction::Input => {
            rboto_runtime::protocol::blob::encode(&super::input::body_through_client(suite, case)?)
        }
        Direction::Output => String::new(),
    };
    let job = json!({
        "their_body": their_body,
        "version": rboto_test_support::botocore::pinned_version(),
        "direction": direction.name(),
        "endpoint": endpoint,
        "suite": { "metadata": suite.metadata, "shapes": suite.shapes },
        "case": case,
    });
    let produced = run_python(python, &job)?;
    let mut case = case.clone();
    match direction {
        Direction::Input => {
            let protocol = suite.metadata["protocol"].as_str().unwrap_or("");
            case["serialized"] = serialized(&produced, &case["serialized"], endpoint, protocol)?;
        }
        Direction::Output => {
            let Value::Object(mut parsed) = produced else {
                return Err(format!("botocore parsed no structure: {produced}"));
            };
            match parsed.remove("Error") {
                Some(error) if case.get("error").is_some() || case.get("errorCode").is_some() => {
                    case["errorCode"] = error["Code"].clone();
                    case["errorMessage"] = error["Message"].clone();
                    case["error"] = Value::Object(parsed);
                }
                Some(error) => return Err(format!("botocore parsed an error: {error}")),
                None => case["result"] = Value::Object(parsed),
            }
        }
    }
    Ok(case)
}

fn run_python(python: &Path, job: &Value) -> Result<Value, String> {
    let mut child = Command::new(python)
        .arg("-c")
        .arg(BOTOCORE_CASE)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(job.to_string().as_bytes())
        .map_err(|e| format!("cannot hand the case to botocore: {e}"))?;
    let output = child
        .wait_with_output()
        .map_err(|e| format!("botocore did not finish: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "botocore failed on the case: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| {
        format!(
            "botocore printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// botocore's request in the vectors' `serialized` form: method, URI, body, the headers it
/// pins, and every header the vector wanted that botocore left out as forbidden.
fn serialized(
    request: &Value,
    vector: &Value,
    endpoint: &str,
    protocol: &str,
) -> Result<Value, String> {
    let url = request["url"].as_str().unwrap_or_default();
    let url = url::Url::parse(url).map_err(|e| format!("botocore's URL {url:?}: {e}"))?;
    let uri = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    };
    let mut headers = Map::new();
    for (name, value) in request["headers"].as_object().into_iter().flatten() {
        if !UNPINNED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            headers.insert(name.clone(), value.clone());
        }
    }
    let sent = |name: &str| headers.keys().any(|h| h.eq_ignore_ascii_case(name));
    let mut forbid: Vec<Value> = vector["forbidHeaders"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for name in vector["headers"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
    {
        if !sent(name) {
            forbid.push(Value::String(name.clone()));
        }
    }
    let require: Vec<Value> = vector["requireHeaders"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|name| name.as_str().is_some_and(&sent))
        .cloned()
        .collect();
    let mut out = json!({
        "method": request["method"],
        "uri": uri,
        "headers": headers,
        "forbidHeaders": forbid,
        "requireHeaders": require,
    });
    let body = request["body"].as_str().unwrap_or_default();
    // An empty body is pinned too, except in awsJson, whose comparison reads bodies as JSON.
    if !body.is_empty() || protocol != "json" {
        out["body"] = Value::String(body.to_string());
    }
    if vector.get("host").is_some() {
        out["host"] = Value::String(super::input::host_as_pinned(&url, endpoint));
    }
    Ok(out)
}
