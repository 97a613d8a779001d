//! A real loopback HTTP proxy for fault injection: each request it receives is answered by
//! the next step of a script (a canned error, a reset connection, a stall, a truncated
//! body, a DynamoDB batch answered in part with the rest handed back as unprocessed) or,
//! when the script is empty, forwarded to the upstream server (moto) byte for byte. It
//! serves one request per connection and records what it saw (bodies included), so tests
//! can count attempts.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the proxy does with one request.
#[derive(Debug, Clone)]
pub enum Step {
    /// Answer with this status, extra headers and body.
    Respond {
        /// The HTTP status code.
        status: u16,
        /// Headers added to the answer, name and value.
        headers: Vec<(String, String)>,
        /// The response body.
        body: String,
    },
    /// Close the connection abruptly (TCP reset) without answering.
    Reset,
    /// Say nothing for this long, then close.
    Stall(Duration),
    /// Forward to upstream, but send only the first half of the response body.
    Truncate,
    /// Forward to upstream.
    Forward,
    /// Forward to upstream at once, but hold its answer back for this long.
    ForwardAfter(Duration),
    /// For DynamoDB BatchWriteItem and BatchGetItem: forward only the first `forward`
    /// write requests or keys (the body rewritten) and answer HTTP 200 with upstream's
    /// output plus the rest as `UnprocessedItems` / `UnprocessedKeys`, as DynamoDB does
    /// when it runs out of capacity. With `forward: 0` nothing reaches upstream. Any other
    /// request is forwarded whole.
    PartialBatch {
        /// How many write requests or keys reach upstream.
        forward: usize,
    },
}

impl Step {
    /// An HTTP 500 with a JSON error body.
    pub fn json_error(status: u16, code: &str) -> Step {
        Step::Respond {
            status,
            headers: vec![("content-type".into(), "application/x-amz-json-1.0".into())],
            body: format!(r#"{{"__type":"{code}","message":"injected {code}"}}"#),
        }
    }

    /// DynamoDB's throttling error.
    pub fn dynamodb_throttling() -> Step {
        Step::Respond {
            status: 400,
            headers: vec![("content-type".into(), "application/x-amz-json-1.0".into())],
            body: r#"{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate of requests exceeds the allowed throughput."}"#.into(),
        }
    }

    /// DynamoDB's "table out of capacity" error, which boto3 and rboto count as throttling.
    pub fn dynamodb_throughput_exceeded() -> Step {
        Step::Respond {
            status: 400,
            headers: vec![("content-type".into(), "application/x-amz-json-1.0".into())],
            body: r#"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"The level of configured provisioned throughput for the table was exceeded."}"#.into(),
        }
    }

    /// An S3 XML error.
    pub fn s3_error(status: u16, code: &str) -> Step {
        Step::Respond {
            status,
            headers: vec![("content-type".into(), "application/xml".into())],
            body: format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code>\
                 <Message>injected {code}</Message><RequestId>R1</RequestId></Error>"
            ),
        }
    }

    /// S3's throttling error.
    pub fn s3_slow_down() -> Step {
        Step::s3_error(503, "SlowDown")
    }
}

/// One request as the proxy received it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The request method.
    pub method: String,
    /// The request target: path and query.
    pub path: String,
    /// The request headers, name and value, in order.
    pub headers: Vec<(String, String)>,
    /// The body's length in bytes.
    pub body_len: usize,
    /// The request body as received.
    pub body: Vec<u8>,
    /// When the request arrived.
    pub at: Instant,
    /// The script step that answered it, as `Debug` prints it.
    pub step: String,
}

impl Seen {
    /// A header's value (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct State {
    script: VecDeque<Step>,
    /// Used once the script is empty.
    fallback: Option<Step>,
    seen: Vec<Seen>,
}

/// A running proxy; stops when dropped.
pub struct FaultProxy {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FaultProxy {
    /// A proxy in front of `upstream` (`http://host:port`).
    pub async fn start(upstream: &str) -> FaultProxy {
        let upstream = upstream
            .trim_end_matches('/')
            .strip_prefix("http://")
            .unwrap_or_else(|| panic!("upstream must be http://host:port, not {upstream}"))
            .to_string();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let state = shared.clone();
                let upstream = upstream.clone();
                tokio::spawn(async move {
                    let _ = serve(socket, &upstream, &state).await;
                });
            }
        });
        FaultProxy { addr, state, task }
    }

    /// The proxy's URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Appends steps to the script.
    pub fn script(&self, steps: impl IntoIterator<Item = Step>) {
        self.state.lock().unwrap().script.extend(steps);
    }

    /// What to do once the script is empty (forward when `None`).
    pub fn fallback(&self, step: Option<Step>) {
        self.state.lock().unwrap().fallback = step;
    }

    /// Requests seen so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    /// How many requests were seen.
    pub fn count(&self) -> usize {
        self.state.lock().unwrap().seen.len()
    }

    /// Forgets the requests seen.
    pub fn clear_seen(&self) {
        self.state.lock().unwrap().seen.clear();
    }

    /// Steps of the script not used yet.
    pub fn remaining(&self) -> usize {
        self.state.lock().unwrap().script.len()
    }
}

async fn serve(mut socket: TcpStream, upstream: &str, state: &Mutex<State>) -> std::io::Result<()> {
    let Some((head, body)) = read_request(&mut socket).await? else {
        return Ok(());
    };
    let text = String::from_utf8_lossy(&head).to_string();
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or_default().to_string();
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let headers: Vec<(String, String)> = lines
        .filter(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let step = {
        let mut state = state.lock().unwrap();
        let step = state
            .script
            .pop_front()
            .or_else(|| state.fallback.clone())
            .unwrap_or(Step::Forward);
        state.seen.push(Seen {
            method: method.clone(),
            path,
            headers: headers.clone(),
            body_len: body.len(),
            body: body.clone(),
            at: Instant::now(),
            step: format!("{step:?}"),
        });
        step
    };
    match step {
        Step::Respond {
            status,
            headers,
            body,
        } => {
            let mut response = format!("HTTP/1.1 {status} Injected\r\n");
            for (k, v) in headers {
                response.push_str(&format!("{k}: {v}\r\n"));
            }
            response.push_str(&format!(
                "content-length: {}\r\nx-amzn-requestid: injected\r\nconnection: close\r\n\r\n{body}",
                body.len()
            ));
            socket.write_all(response.as_bytes()).await?;
            socket.shutdown().await?;
        }
        Step::Reset => reset(socket)?,
        Step::Stall(time) => {
            tokio::time::sleep(time).await;
            drop(socket);
        }
        Step::PartialBatch { forward: keep } => {
            let target = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-target"))
                .map(|(_, v)| v.rsplit('.').next().unwrap_or_default().to_string())
                .unwrap_or_default();
            let response = match partial_batch(&target, &body, keep) {
                Some(split) => answer_partially(upstream, &head, split).await?,
                None => forward(upstream, &head, &body).await?,
            };
            socket.write_all(&response).await?;
            socket.shutdown().await?;
        }
        Step::Forward | Step::Truncate | Step::ForwardAfter(_) => {
            let response = forward(upstream, &head, &body).await?;
            if let Step::ForwardAfter(delay) = step {
                tokio::time::sleep(delay).await;
            }
            if matches!(step, Step::Truncate) {
                let split = find_head_end(&response).map_or(response.len(), |e| e + 4);
                let body_len = response.len() - split;
                socket.write_all(&response[..split + body_len / 2]).await?;
                socket.flush().await?;
                reset(socket)?;
            } else {
                socket.write_all(&response).await?;
                socket.shutdown().await?;
            }
        }
    }
    Ok(())
}

/// Closes with a TCP reset: a zero linger time makes the close abortive. (tokio deprecates
/// `set_linger` because a non-zero linger blocks on drop; zero does not.)
#[allow(deprecated)]
fn reset(socket: TcpStream) -> std::io::Result<()> {
    socket.set_linger(Some(Duration::ZERO))?;
    drop(socket);
    Ok(())
}

/// Sends the request upstream with `connection: close` and returns the whole response.
async fn forward(upstream: &str, head: &[u8], body: &[u8]) -> std::io::Result<Vec<u8>> {
    let text = String::from_utf8_lossy(head);
    let mut rewritten = String::new();
    for (i, line) in text.split("\r\n").enumerate() {
        if line.is_empty() {
            continue;
        }
        let lower = line.to_ascii_lowercase();
        if i > 0 && (lower.starts_with("connection:") || lower.starts_with("transfer-encoding:")) {
            continue;
        }
        if i > 0 && lower.starts_with("content-length:") {
            continue;
        }
        rewritten.push_str(line);
        rewritten.push_str("\r\n");
    }
    rewritten.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    ));
    let mut upstream = TcpStream::connect(upstream).await?;
    upstream.write_all(rewritten.as_bytes()).await?;
    upstream.write_all(body).await?;
    let mut response = Vec::new();
    upstream.read_to_end(&mut response).await?;
    Ok(response)
}

/// A batch request cut in two: the body to forward (`None` when nothing is) and the
/// member of the answer that hands the rest back.
struct BatchSplit {
    forwarded: Option<Vec<u8>>,
    member: &'static str,
    withheld: serde_json::Map<String, serde_json::Value>,
    empty_output: serde_json::Value,
}

/// Splits a BatchWriteItem or BatchGetItem body after its first `keep` write requests or
/// keys (tables in order); `None` for any other operation or an unreadable body.
fn partial_batch(operation: &str, body: &[u8], keep: usize) -> Option<BatchSplit> {
    use serde_json::{json, Map, Value};
    let mut params: Value = serde_json::from_slice(body).ok()?;
    let tables = params.get_mut("RequestItems")?.as_object_mut()?;
    let mut budget = keep;
    let mut kept = Map::new();
    let mut withheld = Map::new();
    match operation {
        "BatchWriteItem" => {
            for (table, requests) in std::mem::take(tables) {
                let mut requests = match requests {
                    Value::Array(list) => list,
                    _ => return None,
                };
                let rest = requests.split_off(budget.min(requests.len()));
                budget -= requests.len();
                if !requests.is_empty() {
                    kept.insert(table.clone(), Value::Array(requests));
                }
                if !rest.is_empty() {
                    withheld.insert(table, Value::Array(rest));
                }
            }
        }
        "BatchGetItem" => {
            for (table, request) in std::mem::take(tables) {
                let mut keys = match request.get("Keys") {
                    Some(Value::Array(list)) => list.clone(),
                    _ => return None,
                };
                let rest = keys.split_off(budget.min(keys.len()));
                budget -= keys.len();
                if !keys.is_empty() {
                    let mut part = request.clone();
                    part["Keys"] = Value::Array(keys);
                    kept.insert(table.clone(), part);
                }
                if !rest.is_empty() {
                    let mut part = request;
                    part["Keys"] = Value::Array(rest);
                    withheld.insert(table, part);
                }
            }
        }
        _ => return None,
    }
    let (member, empty_output) = if operation == "BatchWriteItem" {
        ("UnprocessedItems", json!({ "UnprocessedItems": {} }))
    } else {
        (
            "UnprocessedKeys",
            json!({ "Responses": {}, "UnprocessedKeys": {} }),
        )
    };
    let forwarded = if kept.is_empty() {
        None
    } else {
        params["RequestItems"] = Value::Object(kept);
        Some(serde_json::to_vec(&params).ok()?)
    };
    Some(BatchSplit {
        forwarded,
        member,
        withheld,
        empty_output,
    })
}

/// Forwards the kept part of a split batch (if any) and answers with upstream's output
/// plus the withheld part as unprocessed. An upstream error is passed on as it came.
async fn answer_partially(
    upstream: &str,
    head: &[u8],
    split: BatchSplit,
) -> std::io::Result<Vec<u8>> {
    let mut output = match &split.forwarded {
        None => split.empty_output,
        Some(body) => {
            let response = forward(upstream, head, body).await?;
            let Some(end) = find_head_end(&response) else {
                return Ok(response);
            };
            let head_text = String::from_utf8_lossy(&response[..end]).to_ascii_lowercase();
            if !head_text.starts_with("http/1.1 200") && !head_text.starts_with("http/1.0 200") {
                return Ok(response);
            }
            let mut body = response[end + 4..].to_vec();
            if head_text.contains("transfer-encoding: chunked") {
                body = read_chunked(&mut tokio::io::empty(), body).await?;
            }
            match serde_json::from_slice(&body) {
                Ok(value) => value,
                Err(_) => return Ok(response),
            }
        }
    };
    let unprocessed = output
        .as_object_mut()
        .expect("a batch output is a JSON object")
        .entry(split.member)
        .or_insert_with(|| serde_json::json!({}));
    if !unprocessed.is_object() {
        *unprocessed = serde_json::json!({});
    }
    let unprocessed = unprocessed.as_object_mut().expect("made an object above");
    for (table, part) in split.withheld {
        match unprocessed.get_mut(&table) {
            Some(serde_json::Value::Array(list)) => {
                list.extend(part.as_array().into_iter().flatten().cloned())
            }
            Some(serde_json::Value::Object(existing)) => {
                if let (
                    Some(serde_json::Value::Array(keys)),
                    Some(serde_json::Value::Array(more)),
                ) = (existing.get_mut("Keys"), part.get("Keys"))
                {
                    keys.extend(more.iter().cloned());
                }
            }
            _ => {
                unprocessed.insert(table, part);
            }
        }
    }
    let body = serde_json::to_vec(&output).expect("JSON values serialize");
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.0\r\n\
         content-length: {}\r\nx-amzn-requestid: injected-partial\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
    Ok(response)
}

fn find_head_end(data: &[u8]) -> Option<usize> {
    data.windows(4).position(|w| w == b"\r\n\r\n")
}

/// Reads one request: its head and its body (by `content-length` or chunked), `None` when
/// the client closed the connection first.
async fn read_request(socket: &mut TcpStream) -> std::io::Result<Option<(Vec<u8>, Vec<u8>)>> {
    let mut buf = Vec::new();
    let head_end = loop {
        if let Some(end) = find_head_end(&buf) {
            break end;
        }
        let mut chunk = [0u8; 8192];
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = buf[..head_end].to_vec();
    let mut rest = buf[head_end + 4..].to_vec();
    let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let length = text
        .split("\r\n")
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    let chunked = text
        .split("\r\n")
        .any(|l| l.starts_with("transfer-encoding:") && l.contains("chunked"));
    let body = if chunked {
        read_chunked(socket, rest).await?
    } else {
        let length = length.unwrap_or(0);
        while rest.len() < length {
            let mut chunk = vec![0u8; 65536];
            let n = socket.read(&mut chunk).await?;
            if n == 0 {
                break;
            }
            rest.extend_from_slice(&chunk[..n]);
        }
        rest.truncate(length);
        rest
    };
    Ok(Some((head, body)))
}

async fn read_chunked(
    socket: &mut (impl AsyncRead + Unpin),
    mut buf: Vec<u8>,
) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = loop {
            if let Some(p) = buf.windows(2).position(|w| w == b"\r\n") {
                break p;
            }
            let mut chunk = vec![0u8; 65536];
            let n = socket.read(&mut chunk).await?;
            if n == 0 {
                return Ok(body);
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let size_text = String::from_utf8_lossy(&buf[..line_end]).to_string();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16)
            .unwrap_or(0);
        buf.drain(..line_end + 2);
        if size == 0 {
            return Ok(body);
        }
        while buf.len() < size + 2 {
            let mut chunk = vec![0u8; 65536];
            let n = socket.read(&mut chunk).await?;
            if n == 0 {
                return Ok(body);
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        body.extend_from_slice(&buf[..size]);
        buf.drain(..size + 2);
    }
}
