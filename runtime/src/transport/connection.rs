//! Connections of the default transport: opening one (TCP, a `CONNECT` tunnel through a proxy
//! for `https`, then TLS), handing it to hyper's HTTP/1.1 client, and keeping idle ones for the
//! next request to the same place.

use super::proxy::Route;
use crate::url::Url;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use std::collections::HashMap;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// A byte stream of any kind: TCP, TLS over TCP, a tunnel through a proxy, TLS in a tunnel.
trait Stream: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Stream for T {}

type BoxStream = Box<dyn Stream>;

/// A stream that counts the bytes read from it, so that the transport can tell whether any byte
/// of a response arrived before a connection failed.
struct Counted {
    inner: BoxStream,
    read: Arc<AtomicU64>,
}

impl AsyncRead for Counted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        let added = buf.filled().len() - before;
        self.read.fetch_add(added as u64, Ordering::Relaxed);
        polled
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// An HTTP/1.1 connection: hyper's request sender (its connection task runs on the runtime),
/// and how many bytes have been read from it so far.
pub(super) struct Connection {
    pub sender: SendRequest<Full<Bytes>>,
    read: Arc<AtomicU64>,
}

impl Connection {
    /// Bytes read from the connection since it opened.
    pub fn bytes_read(&self) -> u64 {
        self.read.load(Ordering::Relaxed)
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
    /// The proxy did not open the tunnel.
    Proxy(String),
    Http(hyper::Error),
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
            ConnectError::Proxy(reason) => write!(f, "proxy error: {reason}"),
            ConnectError::Http(error) => write!(f, "HTTP handshake failed: {error}"),
        }
    }
}

/// Opens a connection to `target`, through `proxy` when there is one: TCP, the proxy's own TLS
/// for an `https` proxy, a `CONNECT` tunnel for an `https` target, the target's TLS, then the
/// HTTP/1.1 handshake. All of it within `timeout`.
pub(super) async fn connect(
    target: &Url,
    proxy: Option<&Route>,
    tls: &Arc<rustls::ClientConfig>,
    timeout: Option<Duration>,
) -> Result<Connection, ConnectError> {
    let opening = open(target, proxy, tls);
    let stream = match timeout {
        Some(limit) => tokio::time::timeout(limit, opening)
            .await
            .map_err(|_| ConnectError::TimedOut(limit))??,
        None => opening.await?,
    };
    http1_handshake(stream).await
}

/// Hands `stream` to hyper's HTTP/1.1 client and runs its connection task on the runtime. The
/// requests to the target and the proxy's `CONNECT` share this one path, so that hyper's client
/// is compiled once.
async fn http1_handshake(stream: BoxStream) -> Result<Connection, ConnectError> {
    let read = Arc::new(AtomicU64::new(0));
    let counted = Counted {
        inner: stream,
        read: read.clone(),
    };
    let (sender, connection) = http1::Builder::new()
        .handshake(TokioIo::new(counted))
        .await
        .map_err(ConnectError::Http)?;
    tokio::spawn(async move {
        if let Err(error) = connection.with_upgrades().await {
            tracing::trace!(%error, "connection ended");
        }
    });
    Ok(Connection { sender, read })
}

async fn open(
    target: &Url,
    proxy: Option<&Route>,
    tls: &Arc<rustls::ClientConfig>,
) -> Result<BoxStream, ConnectError> {
    let Some(proxy) = proxy else {
        let tcp = tcp(&target.host, target.port_or_default()).await?;
        return if target.tls {
            handshake(tls, &target.host, tcp).await
        } else {
            Ok(tcp)
        };
    };
    let mut stream = tcp(&proxy.host, proxy.port).await?;
    if proxy.scheme == "https" {
        stream = handshake(tls, &proxy.host, stream).await?;
    }
    if !target.tls {
        // Plain requests go to the proxy in absolute form on this connection.
        return Ok(stream);
    }
    let tunnel = tunnel(stream, target, proxy).await?;
    handshake(tls, &target.host, tunnel).await
}

async fn tcp(host: &str, port: u16) -> Result<BoxStream, ConnectError> {
    let tcp = TcpStream::connect((host, port))
        .await
        .map_err(ConnectError::Tcp)?;
    // Requests are written whole; there is nothing to gain from delaying small segments.
    tcp.set_nodelay(true).map_err(ConnectError::Tcp)?;
    Ok(Box::new(tcp))
}

async fn handshake(
    tls: &Arc<rustls::ClientConfig>,
    host: &str,
    stream: BoxStream,
) -> Result<BoxStream, ConnectError> {
    let name = rustls::pki_types::ServerName::try_from(host.to_owned())
        .map_err(|_| ConnectError::ServerName(host.to_owned()))?;
    let connector = tokio_rustls::TlsConnector::from(tls.clone());
    let stream = connector
        .connect(name, stream)
        .await
        .map_err(ConnectError::Tls)?;
    Ok(Box::new(stream))
}

/// Asks the proxy on `stream` for a tunnel to `target` (`CONNECT host:port`), through hyper's
/// client, and returns the tunnel.
async fn tunnel(stream: BoxStream, target: &Url, proxy: &Route) -> Result<BoxStream, ConnectError> {
    let Connection { mut sender, .. } = http1_handshake(stream).await?;
    let authority = target.host_and_port();
    let mut request = http::Request::builder()
        .method(http::Method::CONNECT)
        .uri(authority.as_str())
        .header(http::header::HOST, authority.as_str());
    if let Some(credentials) = &proxy.authorization {
        request = request.header(http::header::PROXY_AUTHORIZATION, credentials.as_str());
    }
    let request = request
        .body(Full::new(Bytes::new()))
        .map_err(|e| ConnectError::Proxy(format!("cannot ask for a tunnel: {e}")))?;
    let response = sender
        .send_request(request)
        .await
        .map_err(ConnectError::Http)?;
    let status = response.status();
    if !status.is_success() {
        // The refusal's body is read only for the log, and only a little of it.
        let body = response
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        let shown = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
        tracing::debug!(%status, body = %shown, "the proxy refused the tunnel");
        return Err(ConnectError::Proxy(format!(
            "{} refused to open a tunnel to {authority}: {status}",
            proxy.display()
        )));
    }
    let upgraded = hyper::upgrade::on(response)
        .await
        .map_err(ConnectError::Http)?;
    Ok(Box::new(TokioIo::new(upgraded)))
}

/// Where a connection goes: scheme, host and port, and the proxy it goes through.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct Key {
    tls: bool,
    host: String,
    port: u16,
    /// The proxy's address and the credentials the connection was opened with.
    proxy: Option<(String, String, u16, Option<String>)>,
}

impl Key {
    pub fn new(target: &Url, proxy: Option<&Route>) -> Key {
        Key {
            tls: target.tls,
            host: target.host.clone(),
            port: target.port_or_default(),
            proxy: proxy.map(|p| {
                (
                    p.scheme.clone(),
                    p.host.clone(),
                    p.port,
                    p.authorization.clone(),
                )
            }),
        }
    }
}

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
    /// The most recently used idle connection to `key` that has not been idle too long and is
    /// still open.
    pub fn take(&self, key: &Key) -> Option<Connection> {
        let mut idle = self.idle.lock().ok()?;
        let list = idle.get_mut(key)?;
        while let Some((connection, since)) = list.pop() {
            if since.elapsed() < IDLE_TIMEOUT && connection.sender.is_ready() {
                return Some(connection);
            }
        }
        None
    }

    /// Keeps `connection` for a later request to `key`.
    pub fn put(&self, key: &Key, connection: Connection) {
        let Ok(mut idle) = self.idle.lock() else {
            return;
        };
        let list = idle.entry(key.clone()).or_default();
        list.retain(|(c, since)| since.elapsed() < IDLE_TIMEOUT && !c.sender.is_closed());
        if list.len() < MAX_IDLE_PER_HOST {
            list.push((connection, Instant::now()));
        }
    }
}
