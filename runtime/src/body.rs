//! [`ByteStream`]: request and response bodies that are streamed, not held in memory.
//!
//! An upload body comes from bytes, from a file (read in chunks while it is sent), or from any
//! stream of byte chunks whose total length is known. A download body is the HTTP response read
//! chunk by chunk as the caller asks for it.

use std::fmt;
use std::io::SeekFrom;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures::stream::{BoxStream, Stream, StreamExt, TryStreamExt};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

use crate::error::{BoxError, Error};

/// Size of the chunks read from a file or reader.
const CHUNK_SIZE: usize = 64 * 1024;

/// A body of bytes that may be streamed: an upload's payload or a download's content.
///
/// Build one from [`Bytes`], `Vec<u8>`, `String` or `&'static str` (via `From`), from a file
/// with [`ByteStream::from_path`], or from any stream or reader with a known length. Read one
/// with [`next`](ByteStream::next) (it is also a [`Stream`]), [`collect`](ByteStream::collect),
/// [`into_async_read`](ByteStream::into_async_read) or [`write_to_path`](ByteStream::write_to_path).
pub struct ByteStream {
    inner: Inner,
    length: Option<u64>,
}

enum Inner {
    Bytes(Option<Bytes>),
    File { path: PathBuf, offset: u64 },
    Stream(BoxStream<'static, Result<Bytes, Error>>),
}

impl ByteStream {
    /// A body holding these bytes.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        ByteStream {
            length: Some(bytes.len() as u64),
            inner: Inner::Bytes(Some(bytes)),
        }
    }

    /// An empty body.
    pub fn empty() -> Self {
        Self::from_bytes(Bytes::new())
    }

    /// A body that streams a whole file. The file's length is read now; its content is read
    /// in chunks while the request is sent, and again if the request is retried.
    pub async fn from_path(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let meta = tokio::fs::metadata(path)
            .await
            .map_err(|e| io_error("cannot read", path, e))?;
        if !meta.is_file() {
            return Err(Error::io(format!("{} is not a file", path.display())));
        }
        Ok(ByteStream {
            inner: Inner::File {
                path: path.to_path_buf(),
                offset: 0,
            },
            length: Some(meta.len()),
        })
    }

    /// A body that streams `length` bytes of a file from `offset` (one part of a multipart
    /// upload, say). Fails if the file is shorter than `offset + length`.
    pub async fn from_path_range(
        path: impl AsRef<Path>,
        offset: u64,
        length: u64,
    ) -> Result<Self, Error> {
        let path = path.as_ref();
        let meta = tokio::fs::metadata(path)
            .await
            .map_err(|e| io_error("cannot read", path, e))?;
        let end = offset.checked_add(length);
        if end.is_none_or(|end| end > meta.len()) {
            return Err(Error::io(format!(
                "{} has {} bytes, fewer than offset {offset} + length {length}",
                path.display(),
                meta.len()
            )));
        }
        Ok(ByteStream {
            inner: Inner::File {
                path: path.to_path_buf(),
                offset,
            },
            length: Some(length),
        })
    }

    /// A body read from a stream of chunks whose total length is known in advance (as
    /// uploads of S3 objects and parts require). The stream is consumed once, so a request
    /// carrying it is never retried.
    pub fn from_stream<S, E>(stream: S, length: u64) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        ByteStream {
            inner: Inner::Stream(
                stream
                    .map_err(|e| {
                        let e: BoxError = e.into();
                        Error::io(format!("body stream failed: {e}")).with_source(e)
                    })
                    .boxed(),
            ),
            length: Some(length),
        }
    }

    /// A body read from an async reader, `length` bytes long. Like
    /// [`from_stream`](ByteStream::from_stream), it cannot be replayed.
    pub fn from_reader<R>(reader: R, length: u64) -> Self
    where
        R: AsyncRead + Send + 'static,
    {
        let reader = Box::pin(reader.take(length));
        let stream = tokio_util::io::ReaderStream::with_capacity(reader, CHUNK_SIZE);
        Self::from_stream(stream, length)
    }

    /// A body from internal frames whose total length may be unknown (a checked download).
    pub(crate) fn from_response_frames(
        frames: BoxStream<'static, Result<Bytes, Error>>,
        length: Option<u64>,
    ) -> Self {
        ByteStream {
            inner: Inner::Stream(frames),
            length,
        }
    }

    /// A body from internal frames (an encoding of another body) of known total length.
    pub(crate) fn from_frames(
        frames: BoxStream<'static, Result<Bytes, Error>>,
        length: u64,
    ) -> Self {
        ByteStream {
            inner: Inner::Stream(frames),
            length: Some(length),
        }
    }

    /// The body's length in bytes, when known.
    pub fn content_length(&self) -> Option<u64> {
        self.length
    }

    /// The bytes, when the body is held in memory and has not been read.
    pub(crate) fn as_bytes(&self) -> Option<&Bytes> {
        match &self.inner {
            Inner::Bytes(b) => b.as_ref(),
            _ => None,
        }
    }

    /// A fresh copy of the body for another attempt, when the body can be read again
    /// (bytes and files can; streams and readers cannot).
    pub(crate) fn try_clone(&self) -> Option<ByteStream> {
        let inner = match &self.inner {
            Inner::Bytes(Some(b)) => Inner::Bytes(Some(b.clone())),
            Inner::File { path, offset } => Inner::File {
                path: path.clone(),
                offset: *offset,
            },
            Inner::Bytes(None) | Inner::Stream(_) => return None,
        };
        Some(ByteStream {
            inner,
            length: self.length,
        })
    }

    /// The next chunk, `None` at the end.
    pub async fn next(&mut self) -> Option<Result<Bytes, Error>> {
        StreamExt::next(self).await
    }

    /// Reads the whole body into memory.
    pub async fn collect(mut self) -> Result<Bytes, Error> {
        if let Inner::Bytes(b) = &mut self.inner {
            return Ok(b.take().unwrap_or_default());
        }
        let capacity = self.length.map_or(0, |n| n.min(64 * 1024 * 1024) as usize);
        let mut buf = BytesMut::with_capacity(capacity);
        while let Some(chunk) = StreamExt::next(&mut self).await {
            buf.extend_from_slice(&chunk?);
        }
        Ok(buf.freeze())
    }

    /// Reads the whole body into memory, as [`collect`](ByteStream::collect) does, but fails
    /// with a response error once it would hold more than `limit` bytes: at once when the
    /// announced length is larger, else as soon as the bytes read pass the limit. What was
    /// read is dropped then, so a peer cannot make the reader hold more than `limit` bytes
    /// (and one chunk).
    pub async fn collect_limited(mut self, limit: u64) -> Result<Bytes, Error> {
        let too_large = |what: String| {
            Error::response(format!(
                "the response body is larger than the limit of {limit} bytes ({what}); \
                 raise Config::max_response_body_bytes to read it"
            ))
        };
        if let Some(length) = self.length.filter(|length| *length > limit) {
            return Err(too_large(format!("{length} bytes announced")));
        }
        if let Inner::Bytes(b) = &mut self.inner {
            return Ok(b.take().unwrap_or_default());
        }
        let limit_usize = usize::try_from(limit).unwrap_or(usize::MAX);
        let mut buf: Vec<u8> = Vec::with_capacity(
            self.length
                .map_or(0, |n| n.min(64 * 1024 * 1024) as usize)
                .min(limit_usize),
        );
        while let Some(chunk) = StreamExt::next(&mut self).await {
            let chunk = chunk?;
            let needed = buf.len().saturating_add(chunk.len());
            if needed > limit_usize {
                return Err(too_large(format!("more than {limit} bytes sent")));
            }
            if needed > buf.capacity() {
                // Doubling, but never past the limit: the buffer stays within it.
                let target = needed
                    .max(buf.capacity().saturating_mul(2))
                    .min(limit_usize);
                buf.reserve_exact(target - buf.len());
            }
            buf.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(buf))
    }

    /// The body as a tokio [`AsyncRead`], for `tokio::io::copy` and friends.
    pub fn into_async_read(self) -> impl AsyncRead + Send + Unpin + 'static {
        tokio_util::io::StreamReader::new(self.map_err(std::io::Error::other))
    }

    /// Writes the body to a file (created or truncated), chunk by chunk; returns the number
    /// of bytes written.
    pub async fn write_to_path(mut self, path: impl AsRef<Path>) -> Result<u64, Error> {
        let path = path.as_ref();
        let mut file = tokio::fs::File::create(path)
            .await
            .map_err(|e| io_error("cannot create", path, e))?;
        let mut written = 0u64;
        while let Some(chunk) = StreamExt::next(&mut self).await {
            let chunk = chunk?;
            file.write_all(&chunk)
                .await
                .map_err(|e| io_error("cannot write", path, e))?;
            written += chunk.len() as u64;
        }
        file.flush()
            .await
            .map_err(|e| io_error("cannot write", path, e))?;
        Ok(written)
    }
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::io(format!("{what} {}: {e}", path.display())).with_source(e)
}

fn file_stream(
    path: PathBuf,
    offset: u64,
    length: u64,
) -> BoxStream<'static, Result<Bytes, Error>> {
    let open = async move {
        let mut file = tokio::fs::File::open(&path)
            .await
            .map_err(|e| io_error("cannot open", &path, e))?;
        if offset > 0 {
            file.seek(SeekFrom::Start(offset))
                .await
                .map_err(|e| io_error("cannot seek in", &path, e))?;
        }
        let chunks = tokio_util::io::ReaderStream::with_capacity(file.take(length), CHUNK_SIZE)
            .map_err(move |e| io_error("cannot read", &path, e));
        Ok::<_, Error>(chunks)
    };
    futures::stream::once(open).try_flatten().boxed()
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            match &mut this.inner {
                Inner::Bytes(b) => return Poll::Ready(b.take().filter(|b| !b.is_empty()).map(Ok)),
                Inner::Stream(s) => return s.as_mut().poll_next(cx),
                Inner::File { path, offset } => {
                    let stream = file_stream(
                        std::mem::take(path),
                        *offset,
                        this.length.unwrap_or(u64::MAX),
                    );
                    this.inner = Inner::Stream(stream);
                }
            }
        }
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.inner {
            Inner::Bytes(_) => "bytes",
            Inner::File { .. } => "file",
            Inner::Stream(_) => "stream",
        };
        f.debug_struct("ByteStream")
            .field("source", &source)
            .field("length", &self.length)
            .finish()
    }
}

impl Default for ByteStream {
    fn default() -> Self {
        Self::empty()
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        Self::from_bytes(text)
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        Self::from_bytes(Bytes::from_static(text.as_bytes()))
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        Self::from_bytes(Bytes::from_static(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn bytes_collect_and_clone() {
        let body = ByteStream::from(b"hello".to_vec());
        assert_eq!(body.content_length(), Some(5));
        let copy = body.try_clone().expect("bytes replay");
        assert_eq!(&body.collect().await.unwrap()[..], b"hello");
        assert_eq!(&copy.collect().await.unwrap()[..], b"hello");
    }

    #[tokio::test]
    async fn file_streams_in_chunks_and_replays() {
        let dir = std::env::temp_dir().join(format!("rboto-body-{}", uuid::Uuid::new_v4()));
        tokio::fs::create_dir_all(&dir).await.unwrap();
        let path = dir.join("data.bin");
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        tokio::fs::write(&path, &data).await.unwrap();

        let mut body = ByteStream::from_path(&path).await.unwrap();
        assert_eq!(body.content_length(), Some(200_000));
        let copy = body.try_clone().expect("files replay");
        let mut chunks = 0;
        let mut read = Vec::new();
        while let Some(chunk) = body.next().await {
            let chunk = chunk.unwrap();
            assert!(chunk.len() <= CHUNK_SIZE);
            read.extend_from_slice(&chunk);
            chunks += 1;
        }
        assert!(chunks > 1, "a 200 kB file is read in several chunks");
        assert_eq!(read, data);
        assert_eq!(copy.collect().await.unwrap(), data);

        let part = ByteStream::from_path_range(&path, 1000, 5000)
            .await
            .unwrap();
        assert_eq!(part.content_length(), Some(5000));
        assert_eq!(part.collect().await.unwrap(), data[1000..6000]);
        assert!(ByteStream::from_path_range(&path, 199_999, 2)
            .await
            .is_err());
        assert!(ByteStream::from_path(dir.join("missing"))
            .await
            .unwrap_err()
            .is_io());
        tokio::fs::remove_dir_all(&dir).await.unwrap();
    }

    #[tokio::test]
    async fn streams_are_not_replayable_and_surface_errors() {
        let ok = futures::stream::iter(vec![
            Ok::<_, std::io::Error>(Bytes::from_static(b"ab")),
            Ok(Bytes::from_static(b"cd")),
        ]);
        let body = ByteStream::from_stream(ok, 4);
        assert!(body.try_clone().is_none());
        let mut text = String::new();
        body.into_async_read()
            .read_to_string(&mut text)
            .await
            .unwrap();
        assert_eq!(text, "abcd");

        let failing = futures::stream::iter(vec![
            Ok(Bytes::from_static(b"ab")),
            Err(std::io::Error::other("disk gone")),
        ]);
        let err = ByteStream::from_stream(failing, 4)
            .collect()
            .await
            .unwrap_err();
        assert!(err.is_io());
        assert!(err.to_string().contains("disk gone"));
    }

    #[tokio::test]
    async fn reader_is_limited_to_its_length() {
        let body = ByteStream::from_reader(&b"0123456789"[..], 4);
        assert_eq!(&body.collect().await.unwrap()[..], b"0123");
    }
}
