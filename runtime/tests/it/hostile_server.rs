//! A loopback HTTP peer that answers every request with one canned response, for the tests
//! that play a hostile endpoint. The body is generated as it is written (a prefix, then a
//! byte repeated), so a huge body costs the test process no memory of its own.
#![allow(dead_code)]

use std::time::Duration;

use rboto_runtime::session::{Config, Credentials, Session};
use rboto_runtime::Client;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

use rboto_test_support::http_head;
use rboto_test_support::models::model_at;

/// One canned answer.
#[derive(Clone)]
pub struct Answer {
    /// The status line's code.
    pub status: u16,
    /// Extra header lines (`name: value`), without the length.
    pub headers: Vec<String>,
    /// The body's first bytes.
    pub prefix: Vec<u8>,
    /// How many times `filler` follows the prefix.
    pub filler_len: u64,
    /// The byte repeated after the prefix.
    pub filler: u8,
    /// A pause before each chunk of the body (a slow-dripping peer).
    pub drip: Option<Duration>,
    /// Send no `content-length` and close the connection at the end instead.
    pub close_delimited: bool,
}

impl Answer {
    /// A 200 with this whole body and content type.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Answer {
            status: 200,
            headers: vec![format!("content-type: {content_type}")],
            prefix: body.into(),
            filler_len: 0,
            filler: b'x',
            drip: None,
            close_delimited: false,
        }
    }

    /// The same answer with `len` bytes of `byte` after its body.
    pub fn then_repeat(mut self, byte: u8, len: u64) -> Self {
        self.filler = byte;
        self.filler_len = len;
        self
    }

    fn len(&self) -> u64 {
        self.prefix.len() as u64 + self.filler_len
    }
}

/// Reads a request's head off `socket` (its body, if any, is left unread).
pub async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<(Vec<u8>, usize)> {
    http_head::read_head(socket).await
}

/// Serves `answer` to every connection on a fresh loopback port; returns the URL.
pub async fn serve(answer: Answer) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let answer = answer.clone();
            tokio::spawn(async move {
                if http_head::read_head(&mut socket).await.is_none() {
                    return;
                }
                let _ = write_answer(&mut socket, &answer).await;
            });
        }
    });
    url
}

async fn write_answer(socket: &mut tokio::net::TcpStream, answer: &Answer) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} Hostile\r\n", answer.status);
    for line in &answer.headers {
        head.push_str(line);
        head.push_str("\r\n");
    }
    if answer.close_delimited {
        head.push_str("connection: close\r\n\r\n");
    } else {
        head.push_str(&format!("content-length: {}\r\n\r\n", answer.len()));
    }
    socket.write_all(head.as_bytes()).await?;
    let chunk_size = if answer.drip.is_some() { 1 } else { 64 * 1024 };
    let mut pending: Vec<u8> = answer.prefix.clone();
    let mut filler_left = answer.filler_len;
    let filler = vec![answer.filler; 64 * 1024];
    loop {
        if pending.is_empty() {
            if filler_left == 0 {
                break;
            }
            let n = filler_left.min(filler.len() as u64) as usize;
            pending.extend_from_slice(&filler[..n]);
            filler_left -= n as u64;
        }
        let n = chunk_size.min(pending.len());
        if let Some(pause) = answer.drip {
            tokio::time::sleep(pause).await;
        }
        socket.write_all(&pending[..n]).await?;
        pending.drain(..n);
    }
    socket.flush().await?;
    if answer.close_delimited {
        socket.shutdown().await?;
    }
    Ok(())
}

/// A client of `service`'s model at `version`, pointed at `url`, with one attempt per call.
pub fn client(service: &str, version: &str, url: &str, config: Config) -> Client {
    Session::builder()
        .credentials(Credentials::new("AKIDTEST", "SECRETTEST", None))
        .region("us-east-1")
        .endpoint_url(url)
        .build()
        .client_with_config(model_at(service, version), config)
        .unwrap()
}

/// The config every hostile-peer test starts from: no retries, short timeouts.
pub fn config() -> rboto_runtime::session::ConfigBuilder {
    Config::builder()
        .max_attempts(1)
        .read_timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(5))
}
