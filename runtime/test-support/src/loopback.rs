//! A recording HTTP/1.1 peer on 127.0.0.1, for tests that check what a client puts on the
//! wire and how it takes a scripted answer: it keeps every request it receives and answers
//! each with what a closure makes of it.
//!
//! Connections are kept alive (several requests each, as a pooling client sends them) until
//! the client closes them or an answer carries `connection: close`. Request bodies are read by
//! their `content-length`.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::http_head;

/// One request as the peer received it.
#[derive(Debug, Clone)]
pub struct Request {
    /// Its place among every request the peer received, over all connections, from 0.
    pub index: usize,
    /// The request line and the header lines as they arrived, without the blank line.
    pub head: String,
    /// The method of the request line (`GET`).
    pub method: String,
    /// The target of the request line: the path and query as sent (`/b/k?uploads`).
    pub target: String,
    /// The header fields in the order they arrived: names lower-cased, values trimmed.
    pub headers: Vec<(String, String)>,
    /// The body, `content-length` bytes of it.
    pub body: Vec<u8>,
}

impl Request {
    /// The value of the first header field called `name` (in any case), if one came.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, value)| value.as_str())
    }

    /// The request line (`POST / HTTP/1.1`).
    pub fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }
}

/// What the peer answers a request with. The peer writes `content-length` itself, from the
/// body.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header fields written as given, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// An answer with `status` and `body` and no header fields but `content-length`.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// The answer with the header field `name: value` added after those it has.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    fn closes(&self) -> bool {
        self.headers.iter().any(|(name, value)| {
            name.eq_ignore_ascii_case("connection") && value.eq_ignore_ascii_case("close")
        })
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {} Scripted\r\n", self.status);
        for (name, value) in &self.headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str(&format!("content-length: {}\r\n\r\n", self.body.len()));
        let mut out = out.into_bytes();
        out.extend_from_slice(&self.body);
        out
    }
}

type Answer = dyn Fn(&Request) -> Response + Send + Sync;

/// A listening peer and what it has received so far. It serves until the test's runtime
/// ends.
#[derive(Clone)]
pub struct RecordingPeer {
    url: String,
    received: Arc<Mutex<Vec<Request>>>,
}

impl RecordingPeer {
    /// Listens on a free port of 127.0.0.1 and answers each request with `answer(&request)`,
    /// after recording it. A panic in `answer` drops that connection, so the client sees a
    /// failure.
    pub async fn start(answer: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port to listen on");
        let url = format!(
            "http://{}",
            listener.local_addr().expect("the bound address")
        );
        let received = Arc::new(Mutex::new(Vec::new()));
        let answer: Arc<Answer> = Arc::new(answer);
        let log = received.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(serve(socket, answer.clone(), log.clone()));
            }
        });
        RecordingPeer { url, received }
    }

    /// The peer's address as an endpoint URL: `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every request received so far, in the order they arrived.
    pub fn requests(&self) -> Vec<Request> {
        self.received.lock().unwrap().clone()
    }

    /// The request received `index`th (from 0); panics saying how many came when fewer did.
    pub fn request(&self, index: usize) -> Request {
        let received = self.received.lock().unwrap();
        received
            .get(index)
            .cloned()
            .unwrap_or_else(|| panic!("no request #{index}: the peer received {}", received.len()))
    }

    /// How many requests have been received.
    pub fn count(&self) -> usize {
        self.received.lock().unwrap().len()
    }
}

/// Reads, records and answers the requests of one connection until it closes.
async fn serve(mut socket: TcpStream, answer: Arc<Answer>, log: Arc<Mutex<Vec<Request>>>) {
    let mut next = Vec::new();
    while let Some((mut buf, head_end)) = http_head::read_head_after(&mut socket, next).await {
        let head = String::from_utf8_lossy(&buf[..head_end - 4]).into_owned();
        let mut lines = head.split("\r\n");
        let mut request_line = lines.next().unwrap_or_default().split(' ');
        let method = request_line.next().unwrap_or_default().to_string();
        let target = request_line.next().unwrap_or_default().to_string();
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
            .collect();
        let length: usize = headers
            .iter()
            .find(|(name, _)| name == "content-length")
            .map_or(0, |(_, value)| {
                value
                    .parse()
                    .unwrap_or_else(|_| panic!("content-length {value:?} is not a number"))
            });
        while buf.len() < head_end + length {
            let mut chunk = [0u8; 8192];
            match socket.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        next = buf.split_off(head_end + length);
        let mut request = Request {
            index: 0,
            head,
            method,
            target,
            headers,
            body: buf.split_off(head_end),
        };
        {
            let mut log = log.lock().unwrap();
            request.index = log.len();
            log.push(request.clone());
        }
        let response = answer(&request);
        if socket.write_all(&response.to_bytes()).await.is_err() {
            return;
        }
        if response.closes() {
            let _ = socket.shutdown().await;
            return;
        }
    }
}
