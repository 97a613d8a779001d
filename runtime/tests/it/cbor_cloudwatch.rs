//! The Smithy RPC v2 CBOR protocol on the real CloudWatch model, which lists it first among
//! `smithy-rpc-v2-cbor`, `json` and `query`. botocore picks JSON for it (its order of
//! preference puts `json` before CBOR), so a client does too unless asked for CBOR with
//! `ClientBuilder::protocol`. No peer speaks CBOR for CloudWatch (moto serves JSON and
//! query only), so these tests check the requests a client prepares and the values it reads
//! from responses as the protocol defines them; botocore's vectors check the wire itself.

use http::{HeaderMap, HeaderValue};
use minicbor::data::Tag;
use minicbor::Encoder;
use serde_json::json;

use rboto_runtime::model::ServiceModel;
use rboto_runtime::protocol::{self, HttpResponse, Protocol};
use rboto_runtime::{Client, Session};
use rboto_test_support::models::model_at;

fn cloudwatch() -> ServiceModel {
    model_at("cloudwatch", "2010-08-01")
}

fn client(protocol: Option<Protocol>) -> Result<Client, rboto_runtime::Error> {
    let session = Session::builder().region("us-east-1").build();
    let mut builder = session.client_builder(cloudwatch());
    if let Some(protocol) = protocol {
        builder = builder.protocol(protocol);
    }
    builder.build()
}

#[test]
fn cloudwatch_speaks_json_as_botocore_does_and_cbor_when_asked() {
    assert_eq!(client(None).unwrap().protocol(), Protocol::Json);
    let cbor = client(Some(Protocol::RpcV2Cbor)).unwrap();
    assert_eq!(cbor.protocol(), Protocol::RpcV2Cbor);
    assert_eq!(
        client(Some(Protocol::Query)).unwrap().protocol(),
        Protocol::Query
    );
    let refused = client(Some(Protocol::RestXml)).unwrap_err();
    assert!(refused.is_model(), "{refused}");
    let text = refused.to_string();
    assert!(
        text.contains("rest-xml") && text.contains("smithy-rpc-v2-cbor, json, query"),
        "{text}"
    );
}

#[test]
fn put_metric_data_prepares_a_cbor_request() {
    let cw = client(Some(Protocol::RpcV2Cbor)).unwrap();
    let request = cw
        .prepare(
            "PutMetricData",
            json!({
                "Namespace": "rboto/e2e",
                "MetricData": [{
                    "MetricName": "Latency",
                    "Timestamp": "2014-04-29T18:30:38.5Z",
                    "Value": 1.5,
                    "Dimensions": [{"Name": "Service", "Value": "api"}],
                    "StorageResolution": 60
                }]
            }),
        )
        .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.url(),
        "https://monitoring.us-east-1.amazonaws.com/service/GraniteServiceVersion20100801/operation/PutMetricData"
    );
    let headers = request.headers();
    assert_eq!(headers["smithy-protocol"], "rpc-v2-cbor");
    assert_eq!(headers["content-type"], "application/cbor");
    assert_eq!(headers["accept"], "application/cbor");
    assert_eq!(headers["x-amzn-query-mode"], "true");
    assert!(headers.get("x-amz-target").is_none());

    // Structure members are written in the model's order, whatever order the map keeps.
    let mut expected = Encoder::new(Vec::new());
    expected
        .map(2)
        .unwrap()
        .str("Namespace")
        .unwrap()
        .str("rboto/e2e")
        .unwrap()
        .str("MetricData")
        .unwrap()
        .array(1)
        .unwrap()
        .map(5)
        .unwrap()
        .str("MetricName")
        .unwrap()
        .str("Latency")
        .unwrap()
        .str("Dimensions")
        .unwrap()
        .array(1)
        .unwrap()
        .map(2)
        .unwrap()
        .str("Name")
        .unwrap()
        .str("Service")
        .unwrap()
        .str("Value")
        .unwrap()
        .str("api")
        .unwrap()
        .str("Timestamp")
        .unwrap()
        .tag(Tag::new(1))
        .unwrap()
        .f64(1398796238.5)
        .unwrap()
        .str("Value")
        .unwrap()
        .f64(1.5)
        .unwrap()
        .str("StorageResolution")
        .unwrap()
        .u8(60)
        .unwrap();
    assert_eq!(request.body().as_ref(), expected.writer().as_slice());
}

#[test]
fn bad_parameters_are_refused_before_anything_is_written() {
    let cw = client(Some(Protocol::RpcV2Cbor)).unwrap();
    let err = cw
        .prepare(
            "PutMetricData",
            json!({"Namespace": "n", "MetricData": [{"MetricName": "m", "Value": "high"}]}),
        )
        .unwrap_err();
    assert!(err.is_validation(), "{err}");
    assert!(err.to_string().contains("MetricData[0].Value"), "{err}");
}

fn response<'a>(status: u16, headers: &'a HeaderMap, body: &'a [u8]) -> HttpResponse<'a> {
    HttpResponse {
        status,
        headers,
        body,
    }
}

#[test]
fn describe_alarms_reads_a_cbor_response() {
    let model = cloudwatch();
    let op = model.operation("DescribeAlarms").unwrap();
    let mut body = Encoder::new(Vec::new());
    body.begin_map()
        .unwrap()
        .str("MetricAlarms")
        .unwrap()
        .begin_array()
        .unwrap()
        .map(4)
        .unwrap()
        .str("AlarmName")
        .unwrap()
        .str("high-latency")
        .unwrap()
        .str("Threshold")
        .unwrap()
        .f32(1.5)
        .unwrap()
        .str("EvaluationPeriods")
        .unwrap()
        .u8(2)
        .unwrap()
        .str("StateUpdatedTimestamp")
        .unwrap()
        .tag(Tag::new(1))
        .unwrap()
        .u32(1398796238)
        .unwrap()
        .end()
        .unwrap()
        .str("NextToken")
        .unwrap()
        .null()
        .unwrap()
        .end()
        .unwrap();
    let headers = HeaderMap::new();
    let parsed = protocol::parse_output(
        Protocol::RpcV2Cbor,
        model.definition(),
        op,
        &response(200, &headers, body.writer()),
    )
    .unwrap();
    assert_eq!(
        parsed,
        json!({"MetricAlarms": [{
            "AlarmName": "high-latency",
            "Threshold": 1.5,
            "EvaluationPeriods": 2,
            "StateUpdatedTimestamp": "2014-04-29T18:30:38Z"
        }]})
    );

    let truncated = &body.writer()[..body.writer().len() - 3];
    let err = protocol::parse_output(
        Protocol::RpcV2Cbor,
        model.definition(),
        op,
        &response(200, &headers, truncated),
    )
    .unwrap_err();
    assert!(err.is_response(), "{err}");
}

#[test]
fn errors_name_their_type_and_modeled_shape() {
    let model = cloudwatch();
    let op = model.operation("GetDashboard").unwrap();
    let mut body = Encoder::new(Vec::new());
    body.map(2)
        .unwrap()
        .str("__type")
        .unwrap()
        .str("com.amazonaws.cloudwatch#ResourceNotFound")
        .unwrap()
        .str("message")
        .unwrap()
        .str("no such dashboard")
        .unwrap();
    let mut headers = HeaderMap::new();
    headers.insert("x-amzn-requestid", HeaderValue::from_static("rid-1"));
    let err = protocol::parse_error(
        Protocol::RpcV2Cbor,
        model.definition(),
        op,
        &response(404, &headers, body.writer()),
    );
    assert_eq!(err.code, "ResourceNotFound");
    assert_eq!(err.message.as_deref(), Some("no such dashboard"));
    assert_eq!(err.request_id.as_deref(), Some("rid-1"));
    assert_eq!(err.shape.as_deref(), Some("DashboardNotFoundError"));
    assert_eq!(err.data, json!({"message": "no such dashboard"}));

    headers.insert(
        "x-amzn-query-error",
        HeaderValue::from_static("ResourceNotFound;Sender"),
    );
    let err = protocol::parse_error(
        Protocol::RpcV2Cbor,
        model.definition(),
        op,
        &response(404, &headers, body.writer()),
    );
    assert_eq!(err.error_type.as_deref(), Some("Sender"));

    let bare = protocol::parse_error(
        Protocol::RpcV2Cbor,
        model.definition(),
        op,
        &response(503, &HeaderMap::new(), b""),
    );
    assert_eq!(
        (bare.code.as_str(), bare.message.as_deref()),
        ("503", Some("Service Unavailable"))
    );
}
