//! Connections of the default transport: opening one (TCP, then TLS for `https`), reading from
//! it through a buffer, and keeping idle ones for the next request to the same place.

use super::wire::Target;
use std::collections::HashMap;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;

/// A TCP stream, with TLS over it or not.
enum Stream {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(stream) => Pin::new(stream).poll_read(cx, buf),
            Stream::Tls(stream) => Pin::new(stream.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(stream) => Pin::new(stream).poll_write(cx, buf),
            Stream::Tls(stream) => Pin::new(stream.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(stream) => Pin::new(stream).poll_flush(cx),
            Stream::Tls(stream) => Pin::new(stream.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(stream) => Pin::new(stream).poll_shutdown(cx),
            Stream::Tls(stream) => Pin::new(stream.as_mut()).poll_shutdown(cx),
        }
    }
}

/// An open connection and the bytes read from it but not yet used.
pub(super) struct Connection {
    stream: Stream,
    buffer: Vec<u8>,
    /// Bytes of `buffer` before this index have been used.
    start: usize,
}

/// How much is read from the socket at a time.
const READ_CHUNK: usize = 16 * 1024;

impl Connection {
    /// Bytes read and not yet used.
    pub fn pending(&self) -> &[u8] {
        &self.buffer[self.start..]
    }

    /// Marks `count` pending bytes as used.
    pub fn consume(&mut self, count: usize) {
        self.start = (self.start + count).min(self.buffer.len());
        if self.start == self.buffer.len() {
            self.buffer.clear();
            self.start = 0;
        }
    }

    /// Reads more bytes; 0 at the end of the stream.
    pub async fn fill(&mut self) -> io::Result<usize> {
        use tokio::io::AsyncReadExt;
        if self.start > 0 {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        self.buffer.reserve(READ_CHUNK);
        self.stream.read_buf(&mut self.buffer).await
    }

    pub async fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes).await?;
        self.stream.flush().await
    }
}

/// Why a connection could not be opened.
#[derive(Debug)]
pub(super) enum ConnectError {
    TimedOut(Duration),
    Tcp(io::Error),
    /// The server name is not a DNS name or an IP address.
    ServerName(String),
    Tls(io::Error),
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConnectError::TimedOut(limit) => write!(f, "connection timed out after {limit:?}"),
            ConnectError::Tcp(error) => write!(f, "tcp connect error: {error}"),
            ConnectError::ServerName(name) => write!(f, "invalid server name {name:?}"),
            ConnectError::Tls(error) => {
                write!(f, "TLS handshake failed: {error}")?;
                if let Some(inner) = error.get_ref() {
                    write!(f, ": {inner}")?;
                }
                Ok(())
            }
        }
    }
}

/// Opens a connection to `target`: TCP within `timeout`, then the TLS handshake for `https`.
pub(super) async fn connect(
    target: &Target,
    tls: &Arc<rustls::ClientConfig>,
    timeout: Option<Duration>,
) -> Result<Connection, ConnectError> {
    let address = (target.host.as_str(), target.port);
    let tcp = match timeout {
        Some(limit) => tokio::time::timeout(limit, TcpStream::connect(address))
            .await
            .map_err(|_| ConnectError::TimedOut(limit))?,
        None => TcpStream::connect(address).await,
    }
    .map_err(ConnectError::Tcp)?;
    // Requests are written whole; there is nothing to gain from delaying small segments.
    tcp.set_nodelay(true).map_err(ConnectError::Tcp)?;
    let stream = if target.tls {
        let name = rustls::pki_types::ServerName::try_from(target.host.clone())
            .map_err(|_| ConnectError::ServerName(target.host.clone()))?;
        let connector = tokio_rustls::TlsConnector::from(tls.clone());
        let stream = connector
            .connect(name, tcp)
            .await
            .map_err(ConnectError::Tls)?;
        Stream::Tls(Box::new(stream))
    } else {
        Stream::Plain(tcp)
    };
    Ok(Connection {
        stream,
        buffer: Vec::new(),
        start: 0,
    })
}

/// Where a connection goes: scheme, host and port.
type Key = (bool, String, u16);

/// How long an idle connection is kept.
const IDLE_TIMEOUT: Duration = Duration::from_secs(90);
/// Idle connections kept per host.
const MAX_IDLE_PER_HOST: usize = 32;

/// Idle connections, by where they go.
#[derive(Default)]
pub(super) struct Pool {
    idle: Mutex<HashMap<Key, Vec<(Connection, Instant)>>>,
}

impl Pool {
    fn key(target: &Target) -> Key {
        (target.tls, target.host.clone(), target.port)
    }

    /// The most recently used idle connection to `target` that has not been idle too long.
    pub fn take(&self, target: &Target) -> Option<Connection> {
        let mut idle = self.idle.lock().ok()?;
        let list = idle.get_mut(&Self::key(target))?;
        while let Some((connection, since)) = list.pop() {
            if since.elapsed() < IDLE_TIMEOUT {
                return Some(connection);
            }
        }
        None
    }

    /// Keeps `connection` for a later request to `target`.
    pub fn put(&self, target: &Target, connection: Connection) {
        let Ok(mut idle) = self.idle.lock() else {
            return;
        };
        let list = idle.entry(Self::key(target)).or_default();
        list.retain(|(_, since)| since.elapsed() < IDLE_TIMEOUT);
        if list.len() < MAX_IDLE_PER_HOST {
            list.push((connection, Instant::now()));
        }
    }
}
