//! Reading an HTTP/1.1 request head off a socket, for the tests that play a server.
#![allow(dead_code)]

use tokio::io::{AsyncRead, AsyncReadExt};

/// Reads until the blank line that ends the request head. Returns the bytes read and where the
/// head ends (any body bytes that arrived with it follow); `None` when the peer closed first.
pub async fn read_head<S: AsyncRead + Unpin>(stream: &mut S) -> Option<(Vec<u8>, usize)> {
    read_head_after(stream, Vec::new()).await
}

/// [`read_head`] for a connection that carries several requests: `already` holds the bytes of
/// the next request that arrived with the previous one, and the head may end inside them.
pub async fn read_head_after<S: AsyncRead + Unpin>(
    stream: &mut S,
    already: Vec<u8>,
) -> Option<(Vec<u8>, usize)> {
    let mut buf = already;
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            return Some((buf, end + 4));
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}
