//! Endpoint discovery against moto: Timestream Write requires it, DynamoDB offers it.
//!
//! moto's `DescribeEndpoints` names AWS hosts (`ingest.timestream.us-east-1.amazonaws.com`),
//! so the clients here send through [`ToPeer`], a transport that records the host each
//! request was addressed to and carries it to moto (or to a fault proxy in front of moto),
//! which answers it. The clients use FIPS endpoints, whose hosts their rules give
//! (`ingest.timestream-fips…`) and moto's discovery does not, so the recorded hosts tell a
//! discovered endpoint from a resolved one.

use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use rboto_runtime::model::ServiceModel;
use rboto_runtime::session::{Config, Credentials, EndpointDiscoveryMode, Session};
use rboto_runtime::transport::{
    default_transport, HttpRequest, HttpResponse, Transport, TransportError,
};
use rboto_runtime::Client;
use rboto_test_support::fault_proxy::{FaultProxy, Step};
use rboto_test_support::models::model_at;
use rboto_test_support::moto::endpoint;
use serde_json::{json, Value};

const TIMESTREAM_RULES_HOST: &str = "ingest.timestream-fips.us-east-1.amazonaws.com";
const TIMESTREAM_DISCOVERED_HOST: &str = "ingest.timestream.us-east-1.amazonaws.com";

fn timestream_write() -> ServiceModel {
    model_at("timestream-write", "2018-11-01")
}

fn dynamodb() -> ServiceModel {
    model_at("dynamodb", "2012-08-10")
}

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    )
}

/// One request as the client addressed it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Addressed {
    host: String,
    /// The operation, from `X-Amz-Target` (`Timestream_20181101.ListDatabases` →
    /// `ListDatabases`).
    operation: String,
    api_version: Option<String>,
}

/// Records where each request was addressed, then sends it to `peer` instead.
#[derive(Debug, Clone)]
struct ToPeer {
    peer: url::Url,
    seen: Arc<Mutex<Vec<Addressed>>>,
    inner: Arc<dyn Transport>,
}

impl ToPeer {
    fn new(peer: &str) -> Self {
        ToPeer {
            peer: url::Url::parse(peer).unwrap(),
            seen: Arc::default(),
            inner: default_transport(&Config::default()).unwrap(),
        }
    }

    fn seen(&self) -> Vec<Addressed> {
        self.seen.lock().unwrap().clone()
    }

    fn operations(&self) -> Vec<String> {
        self.seen().into_iter().map(|a| a.operation).collect()
    }

    fn discoveries(&self) -> usize {
        self.operations()
            .iter()
            .filter(|op| *op == "DescribeEndpoints")
            .count()
    }
}

impl Transport for ToPeer {
    fn send(
        &self,
        mut request: HttpRequest,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let header = |name: &str| {
            request
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let target = header("x-amz-target").unwrap_or_default();
        self.seen.lock().unwrap().push(Addressed {
            host: request.uri().host().unwrap_or_default().to_string(),
            operation: target.rsplit('.').next().unwrap_or_default().to_string(),
            api_version: header("x-amz-api-version"),
        });
        let path = request
            .uri()
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_string();
        let to = format!("{}{path}", self.peer.as_str().trim_end_matches('/'));
        *request.uri_mut() = to.parse().unwrap();
        request.headers_mut().remove(http::header::HOST);
        self.inner.send(request)
    }
}

fn client(model: ServiceModel, transport: &ToPeer, mode: Option<EndpointDiscoveryMode>) -> Client {
    let mut config = Config::builder().use_fips_endpoint(true);
    if let Some(mode) = mode {
        config = config.endpoint_discovery_enabled(mode);
    }
    Session::builder()
        .credentials(Credentials::new("testing", "testing", None))
        .region("us-east-1")
        .config(config.build())
        .transport(transport.clone())
        .build()
        .client(model)
        .unwrap()
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn timestream_write_chain_runs_on_the_endpoint_discovered_once() {
    let peer = ToPeer::new(&endpoint());
    let timestream = client(timestream_write(), &peer, None);
    let database = unique("rboto_db_");

    let created = timestream
        .call("CreateDatabase", json!({ "DatabaseName": database }))
        .await
        .unwrap();
    assert_eq!(created["Database"]["DatabaseName"], json!(database));
    let listed = timestream.call("ListDatabases", json!({})).await.unwrap();
    let names: Vec<&str> = listed["Databases"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["DatabaseName"].as_str())
        .collect();
    assert!(names.contains(&database.as_str()), "{names:?}");
    let described = timestream
        .call("DescribeDatabase", json!({ "DatabaseName": database }))
        .await
        .unwrap();
    assert_eq!(described["Database"]["TableCount"], json!(0));
    let missing = timestream
        .call(
            "DescribeDatabase",
            json!({ "DatabaseName": unique("gone_") }),
        )
        .await
        .unwrap_err();
    assert_eq!(
        missing.code(),
        Some("ResourceNotFoundException"),
        "{missing}"
    );
    timestream
        .call("DeleteDatabase", json!({ "DatabaseName": database }))
        .await
        .unwrap();

    let seen = peer.seen();
    assert_eq!(
        peer.operations(),
        [
            "DescribeEndpoints",
            "CreateDatabase",
            "ListDatabases",
            "DescribeDatabase",
            "DescribeDatabase",
            "DeleteDatabase"
        ]
    );
    assert_eq!(
        seen[0].host, TIMESTREAM_RULES_HOST,
        "discovery goes where the rules say"
    );
    assert_eq!(seen[0].api_version.as_deref(), Some("2018-11-01"));
    for call in &seen[1..] {
        assert_eq!(call.host, TIMESTREAM_DISCOVERED_HOST, "{call:?}");
        assert_eq!(call.api_version, None, "{call:?}");
    }
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn concurrent_calls_share_one_discovery() {
    let peer = ToPeer::new(&endpoint());
    let timestream = client(timestream_write(), &peer, None);
    let calls = (0..8).map(|_| timestream.call("ListDatabases", json!({})));
    for listed in futures::future::join_all(calls).await {
        assert!(listed.unwrap()["Databases"].is_array());
    }
    let spawned: Vec<_> = (0..4)
        .map(|_| {
            let timestream = timestream.clone();
            tokio::spawn(async move { timestream.call("ListDatabases", json!({})).await })
        })
        .collect();
    for call in spawned {
        call.await.unwrap().unwrap();
    }
    assert_eq!(peer.discoveries(), 1, "{:?}", peer.operations());
    assert_eq!(peer.seen().len(), 13);

    let fresh = client(timestream_write(), &peer, None);
    fresh.call("ListDatabases", json!({})).await.unwrap();
    assert_eq!(peer.discoveries(), 2, "each client keeps its own cache");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn an_endpoint_refused_as_invalid_is_discovered_again_and_the_call_retried() {
    let proxy = FaultProxy::start(&endpoint()).await;
    let peer = ToPeer::new(&proxy.url());
    let timestream = client(timestream_write(), &peer, None);
    let misdirected = Step::Respond {
        status: 421,
        headers: Vec::new(),
        body: String::new(),
    };
    proxy.script([
        Step::Forward,
        Step::json_error(400, "InvalidEndpointException"),
        Step::Forward,
        misdirected,
        Step::Forward,
    ]);
    let listed = timestream.call("ListDatabases", json!({})).await.unwrap();
    assert!(listed["Databases"].is_array());
    assert_eq!(
        peer.operations(),
        [
            "DescribeEndpoints",
            "ListDatabases",
            "DescribeEndpoints",
            "ListDatabases",
            "DescribeEndpoints",
            "ListDatabases"
        ]
    );
    assert_eq!(listed["ResponseMetadata"]["RetryAttempts"], json!(2));
    assert_eq!(proxy.remaining(), 0);

    let invalid = || Step::json_error(400, "InvalidEndpointException");
    proxy.script([
        invalid(),
        Step::Forward,
        invalid(),
        Step::Forward,
        invalid(),
    ]);
    let err = timestream
        .call("ListDatabases", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidEndpointException"), "{err}");
    assert_eq!(err.attempts(), 3, "rediscovery is bounded by max_attempts");

    // An optional discovery that fails after its endpoint was refused: the retry goes to
    // the endpoint the rules give, not to the refused one.
    let peer = ToPeer::new(&proxy.url());
    let ddb = client(dynamodb(), &peer, Some(EndpointDiscoveryMode::Enabled));
    proxy.script([Step::Forward, invalid()]);
    proxy.script([Step::Reset, Step::Reset, Step::Reset, Step::Reset]);
    ddb.call("ListTables", json!({})).await.unwrap();
    let calls: Vec<(String, String)> = peer
        .seen()
        .into_iter()
        .filter(|a| a.operation == "ListTables")
        .map(|a| (a.operation, a.host))
        .collect();
    assert_eq!(
        calls,
        [
            (
                "ListTables".into(),
                "dynamodb.us-east-1.amazonaws.com".into()
            ),
            (
                "ListTables".into(),
                "dynamodb-fips.us-east-1.amazonaws.com".into()
            ),
        ]
    );
    assert_eq!(peer.discoveries(), 5);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_discovery_that_cannot_connect_falls_back_when_optional_and_fails_when_required() {
    let proxy = FaultProxy::start(&endpoint()).await;
    let peer = ToPeer::new(&proxy.url());
    let ddb = client(dynamodb(), &peer, Some(EndpointDiscoveryMode::Enabled));
    // DynamoDB makes four attempts, so all of its discovery's fail.
    proxy.script([Step::Reset, Step::Reset, Step::Reset, Step::Reset]);
    ddb.call("ListTables", json!({})).await.unwrap();
    ddb.call("ListTables", json!({})).await.unwrap();
    let seen = peer.seen();
    assert_eq!(
        peer.operations(),
        [
            "DescribeEndpoints",
            "DescribeEndpoints",
            "DescribeEndpoints",
            "DescribeEndpoints",
            "ListTables",
            "ListTables"
        ],
        "no second discovery within a minute of a failed one"
    );
    assert!(seen[4..]
        .iter()
        .all(|a| a.host == "dynamodb-fips.us-east-1.amazonaws.com"));

    let peer = ToPeer::new(&proxy.url());
    let timestream = client(timestream_write(), &peer, None);
    proxy.script([Step::Reset, Step::Reset, Step::Reset]);
    let err = timestream
        .call("ListDatabases", json!({}))
        .await
        .unwrap_err();
    assert!(err.is_endpoint(), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("endpoint discovery for timestream-write ListDatabases found no endpoint"),
        "{text}"
    );
    assert_eq!(peer.discoveries(), 3);
    assert_eq!(peer.seen().len(), 3, "the operation itself was not sent");
    timestream.call("ListDatabases", json!({})).await.unwrap();
    assert_eq!(
        peer.operations()[3..],
        ["DescribeEndpoints", "ListDatabases"],
        "a required discovery is tried again at once"
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_required_discovery_that_is_disabled_fails_before_sending() {
    let peer = ToPeer::new(&endpoint());
    let timestream = client(
        timestream_write(),
        &peer,
        Some(EndpointDiscoveryMode::Disabled),
    );
    let err = timestream
        .call(
            "CreateDatabase",
            json!({ "DatabaseName": unique("never_") }),
        )
        .await
        .unwrap_err();
    assert!(err.is_endpoint(), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("timestream-write CreateDatabase requires endpoint discovery"),
        "{text}"
    );
    assert!(
        peer.seen().is_empty(),
        "nothing was sent: {:?}",
        peer.seen()
    );

    let ddb = client(dynamodb(), &peer, Some(EndpointDiscoveryMode::Disabled));
    ddb.call("ListTables", json!({})).await.unwrap();
    assert_eq!(
        peer.operations(),
        ["ListTables"],
        "optional discovery is not required"
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn dynamodb_discovers_only_when_enabled() {
    let peer = ToPeer::new(&endpoint());
    let auto = client(dynamodb(), &peer, None);
    auto.call("ListTables", json!({})).await.unwrap();
    let seen = peer.seen();
    assert_eq!(peer.operations(), ["ListTables"]);
    assert_eq!(seen[0].host, "dynamodb-fips.us-east-1.amazonaws.com");

    let peer = ToPeer::new(&endpoint());
    let enabled = client(dynamodb(), &peer, Some(EndpointDiscoveryMode::Enabled));
    enabled.call("ListTables", json!({})).await.unwrap();
    enabled.call("ListTables", json!({})).await.unwrap();
    let hosts: Vec<(String, String)> = peer
        .seen()
        .into_iter()
        .map(|a| (a.operation, a.host))
        .collect();
    let pair = |op: &str, host: &str| (op.to_string(), host.to_string());
    assert_eq!(
        hosts,
        [
            pair("DescribeEndpoints", "dynamodb-fips.us-east-1.amazonaws.com"),
            pair("ListTables", "dynamodb.us-east-1.amazonaws.com"),
            pair("ListTables", "dynamodb.us-east-1.amazonaws.com"),
        ]
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn an_explicit_endpoint_url_turns_discovery_off() {
    let peer = ToPeer::new(&endpoint());
    let session = Session::builder()
        .credentials(Credentials::new("testing", "testing", None))
        .region("us-east-1")
        .config(
            Config::builder()
                .endpoint_discovery_enabled(EndpointDiscoveryMode::Enabled)
                .build(),
        )
        .transport(peer.clone())
        .build();
    let timestream = session
        .client_builder(timestream_write())
        .endpoint_url("http://timestream.localhost:4566")
        .build()
        .unwrap();
    let database = unique("rboto_db_");
    timestream
        .call("CreateDatabase", json!({ "DatabaseName": database }))
        .await
        .unwrap();
    let described: Value = timestream
        .call("DescribeDatabase", json!({ "DatabaseName": database }))
        .await
        .unwrap();
    assert_eq!(described["Database"]["DatabaseName"], json!(database));
    let seen = peer.seen();
    assert_eq!(peer.operations(), ["CreateDatabase", "DescribeDatabase"]);
    assert!(
        seen.iter().all(|a| a.host == "timestream.localhost"),
        "{seen:?}"
    );
}
