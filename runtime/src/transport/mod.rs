//! Sending requests: a transport trait that tests and users can implement, and the default one:
//! HTTP/1.1 by hyper over TCP, TLS by rustls, proxies from the environment or the builder,
//! pooled connections, a size limit on response bodies, and connect and read timeouts.

mod connection;
pub mod proxy;
mod tls;

use crate::http::{find_header, HttpResponse};
use crate::url::Url;
use bytes::Bytes;
use connection::{ConnectError, Connection, Key, Pool};
use http_body_util::{BodyExt, Full};
use proxy::{Proxies, Route};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// A request ready to go: absolute URL, signed headers, body. The body is shared, not copied,
/// between the attempts of one call.
#[derive(Clone, PartialEq, Eq)]
pub struct OutgoingRequest {
    pub method: &'static str,
    /// Where it goes, parsed once (by the client, from its endpoint).
    pub url: Url,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

/// Headers whose values `Debug` hides.
const SECRET_HEADERS: &[&str] = &["authorization", "x-amz-security-token"];

impl fmt::Debug for OutgoingRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let secret = SECRET_HEADERS.iter().any(|s| name.eq_ignore_ascii_case(s));
                (
                    name.as_str(),
                    if secret {
                        crate::credentials::REDACTED
                    } else {
                        value.as_str()
                    },
                )
            })
            .collect();
        f.debug_struct("OutgoingRequest")
            .field("method", &self.method)
            .field("url", &format_args!("{}", self.url))
            .field("headers", &headers)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// What went wrong before a response arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportErrorKind {
    /// The connection could not be made (refused, DNS).
    Connect,
    /// The TLS handshake failed, typically because the server's certificate is not trusted.
    /// Retrying cannot help, so it is not retried.
    Tls,
    /// No connection within the connect timeout.
    ConnectTimeout,
    /// Nothing read within the read timeout.
    ReadTimeout,
    /// The attempt did not finish within the attempt timeout.
    AttemptTimeout,
    /// The operation, its retries included, did not finish within the operation timeout.
    OperationTimeout,
    /// The proxy could not be reached or refused the tunnel.
    Proxy,
    /// The connection failed while sending or receiving.
    Io,
    /// The response body is larger than the transport's limit. Not retried.
    ResponseTooLarge,
    /// The request could not be built (a malformed URL or header).
    Request,
}

/// A transport failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportError {
    pub kind: TransportErrorKind,
    pub message: String,
}

impl TransportError {
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TransportError {}

/// The future a transport returns.
pub type SendFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends one request and reads the whole response.
pub trait HttpTransport: fmt::Debug + Send + Sync {
    fn send(&self, request: OutgoingRequest) -> SendFuture<'_>;
}

/// TLS settings of the default transport.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TlsSettings {
    /// PEM file of the certificate authorities to trust, in place of the default roots.
    pub ca_bundle: Option<std::path::PathBuf>,
    /// Accept any server certificate. For testing against local endpoints only.
    pub insecure: bool,
}

/// Timeouts, as botocore and the AWS SDKs mean them. Connect and read are on by default; the
/// attempt and operation timeouts are off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Time allowed to open a connection: TCP, a proxy's tunnel and the TLS handshake.
    pub connect: Option<Duration>,
    /// Time allowed for each read: the response's head, then each piece of its body.
    pub read: Option<Duration>,
    /// Time allowed for one attempt, from sending to having read and parsed the response.
    pub attempt: Option<Duration>,
    /// Time allowed for the whole operation, retries and their delays included.
    pub operation: Option<Duration>,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Some(Duration::from_secs(10)),
            read: Some(Duration::from_secs(60)),
            attempt: None,
            operation: None,
        }
    }
}

/// The default limit on a response body's size.
pub const DEFAULT_MAX_RESPONSE_BODY: u64 = 16 * 1024 * 1024;

/// The default transport: HTTP/1.1 by hyper, TLS by rustls, pooled connections.
pub struct Http1Transport {
    tls: Arc<rustls::ClientConfig>,
    pool: Pool,
    proxies: Arc<Proxies>,
    read_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_body: u64,
}

impl fmt::Debug for Http1Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Http1Transport")
            .field("read_timeout", &self.read_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("proxies", &self.proxies)
            .field("max_body", &self.max_body)
            .finish()
    }
}

crate::macros::message_error!(
    /// Why the HTTP client's TLS could not be set up (an unreadable or empty CA bundle).
    TlsSetupError
);

impl Http1Transport {
    /// Builds the transport, connecting directly (no proxy) and with the default body limit;
    /// fails when the CA bundle cannot be read.
    pub fn new(timeouts: Timeouts, tls: &TlsSettings) -> Result<Self, TlsSetupError> {
        Ok(Http1Transport {
            tls: tls::client_config(tls)?,
            pool: Pool::default(),
            proxies: Arc::new(Proxies::none()),
            read_timeout: timeouts.read,
            connect_timeout: timeouts.connect,
            max_body: DEFAULT_MAX_RESPONSE_BODY,
        })
    }

    /// Sends requests through the proxies these rules choose.
    pub fn with_proxies(mut self, proxies: Arc<Proxies>) -> Self {
        self.proxies = proxies;
        self
    }

    /// Refuses response bodies larger than `bytes`.
    pub fn with_max_response_body(mut self, bytes: u64) -> Self {
        self.max_body = bytes;
        self
    }

    async fn connect(
        &self,
        target: &Url,
        proxy: Option<&Route>,
    ) -> Result<Connection, TransportError> {
        connection::connect(target, proxy, &self.tls, self.connect_timeout)
            .await
            .map_err(|error| {
                let kind = match &error {
                    ConnectError::TimedOut(_) => TransportErrorKind::ConnectTimeout,
                    ConnectError::Tls(io) if tls::is_tls_failure(io) => TransportErrorKind::Tls,
                    ConnectError::ServerName(_) => TransportErrorKind::Request,
                    _ if proxy.is_some() => TransportErrorKind::Proxy,
                    ConnectError::Proxy(_) => TransportErrorKind::Proxy,
                    ConnectError::Tcp(_) | ConnectError::Tls(_) | ConnectError::Http(_) => {
                        TransportErrorKind::Connect
                    }
                };
                let message = match proxy {
                    Some(route) => format!("{}: {error}", route.display()),
                    None => format!("client error (Connect): {error}"),
                };
                TransportError::new(kind, message)
            })
    }

    async fn exchange(&self, request: OutgoingRequest) -> Result<HttpResponse, TransportError> {
        let invalid = |reason: String| TransportError::new(TransportErrorKind::Request, reason);
        let target = &request.url;
        let proxy = self
            .proxies
            .route(target.tls, &target.host, target.port_or_default());
        if let Some(route) = &proxy {
            tracing::debug!(proxy = ?route, "through a proxy");
        }
        let key = Key::new(target, proxy.as_ref());
        let message = build_request(&request, target, proxy.as_ref()).map_err(invalid)?;
        // A pooled connection may have been closed by the server meanwhile. When it fails before
        // any byte of the response arrived, the server cannot have acted on the request, and it
        // goes again on another connection; every other failure is the retry policy's to judge.
        loop {
            let pooled = self.pool.take(&key);
            let reused = pooled.is_some();
            let mut connection = match pooled {
                Some(connection) => connection,
                None => self.connect(target, proxy.as_ref()).await?,
            };
            if connection.sender.ready().await.is_err() {
                if reused {
                    continue;
                }
                return Err(TransportError::new(
                    TransportErrorKind::Io,
                    "connection error: the connection closed before the request was sent",
                ));
            }
            let read_before = connection.bytes_read();
            let sent = self
                .within_read_timeout(connection.sender.send_request(message.clone()))
                .await?;
            let response = match sent {
                Ok(response) => response,
                Err(error) => {
                    let nothing_arrived =
                        error.is_canceled() || connection.bytes_read() == read_before;
                    if reused && nothing_arrived {
                        tracing::debug!(%error, "a pooled connection was closed; sending on a new one");
                        continue;
                    }
                    return Err(io_error(&error));
                }
            };
            let response = self.read_response(response).await?;
            if !connection.sender.is_closed() {
                self.pool.put(&key, connection);
            }
            return Ok(response);
        }
    }

    /// Runs one read of the response within the read timeout.
    async fn within_read_timeout<T>(
        &self,
        read: impl Future<Output = T>,
    ) -> Result<T, TransportError> {
        match self.read_timeout {
            Some(limit) => tokio::time::timeout(limit, read).await.map_err(|_| {
                TransportError::new(
                    TransportErrorKind::ReadTimeout,
                    format!("nothing read within {limit:?}"),
                )
            }),
            None => Ok(read.await),
        }
    }

    /// Reads the whole body, refusing one larger than the limit (by its `Content-Length` before
    /// reading, or as it arrives).
    async fn read_response(
        &self,
        response: http::Response<hyper::body::Incoming>,
    ) -> Result<HttpResponse, TransportError> {
        let (parts, mut body) = response.into_parts();
        let too_large = |size: &str| {
            TransportError::new(
                TransportErrorKind::ResponseTooLarge,
                format!(
                    "the response body ({size} bytes) is larger than the limit of {} bytes",
                    self.max_body
                ),
            )
        };
        let headers: Vec<(String, String)> = parts
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let announced = find_header(&headers, "content-length").and_then(|v| v.parse::<u64>().ok());
        if let Some(length) = announced.filter(|length| *length > self.max_body) {
            return Err(too_large(&length.to_string()));
        }
        let capacity = announced.unwrap_or(0).min(self.max_body).min(1 << 20);
        let mut collected = Vec::with_capacity(capacity as usize);
        while let Some(frame) = self.within_read_timeout(body.frame()).await? {
            let frame = frame.map_err(|error| io_error(&error))?;
            if let Ok(data) = frame.into_data() {
                if (collected.len() + data.len()) as u64 > self.max_body {
                    return Err(too_large("more than the limit's"));
                }
                collected.extend_from_slice(&data);
            }
        }
        Ok(HttpResponse {
            status: parts.status.as_u16(),
            headers,
            body: collected,
        })
    }
}

/// A hyper error as a transport error, with the errors it wraps.
fn io_error(error: &hyper::Error) -> TransportError {
    let mut message = format!("connection error: {error}");
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    TransportError::new(TransportErrorKind::Io, message)
}

/// The request as hyper takes it. The target is in origin form (`/path?query`), or in absolute
/// form for a plain `http` request through a proxy, which then also carries the proxy's
/// credentials. Adds `Host` when missing, and `Content-Length` when missing and the request has
/// a body (or a method that expects one).
fn build_request(
    request: &OutgoingRequest,
    target: &Url,
    proxy: Option<&Route>,
) -> Result<http::Request<Full<Bytes>>, String> {
    let uri = match proxy {
        Some(_) if !target.tls => format!("http://{}{}", target.authority, target.request_target()),
        _ => target.request_target(),
    };
    let mut builder = http::Request::builder()
        .method(request.method)
        .uri(uri.as_str());
    let headers = builder
        .headers_mut()
        .ok_or_else(|| format!("invalid request {} {uri}", request.method))?;
    if find_header(&request.headers, "host").is_none() {
        let value = http::HeaderValue::from_str(&target.authority)
            .map_err(|_| format!("invalid host {:?}", target.authority))?;
        headers.append(http::header::HOST, value);
    }
    for (name, value) in &request.headers {
        let header_name = http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("invalid header name {name:?}"))?;
        let header_value = http::HeaderValue::from_bytes(value.trim().as_bytes())
            .map_err(|_| format!("invalid value for header {name}"))?;
        headers.append(header_name, header_value);
    }
    if let (Some(route), false) = (proxy, target.tls) {
        if let Some(credentials) = &route.authorization {
            let value = http::HeaderValue::from_str(credentials)
                .map_err(|_| "invalid proxy credentials".to_owned())?;
            headers.append(http::header::PROXY_AUTHORIZATION, value);
        }
    }
    let expects_body = matches!(request.method, "POST" | "PUT" | "PATCH");
    if find_header(&request.headers, "content-length").is_none()
        && (!request.body.is_empty() || expects_body)
    {
        headers.append(http::header::CONTENT_LENGTH, request.body.len().into());
    }
    builder
        .body(Full::new(request.body.clone()))
        .map_err(|e| format!("invalid request: {e}"))
}

impl HttpTransport for Http1Transport {
    fn send(&self, request: OutgoingRequest) -> SendFuture<'_> {
        Box::pin(self.exchange(request))
    }
}

#[cfg(test)]
mod tests {
    use super::proxy::Route;
    use super::{build_request, OutgoingRequest};
    use crate::url::Url;

    #[test]
    fn debug_hides_the_signature_and_token() {
        let request = OutgoingRequest {
            method: "PUT",
            url: Url::parse("https://connect.us-east-1.amazonaws.com/contact/create-contact")
                .unwrap(),
            headers: vec![
                (
                    "Authorization".into(),
                    "AWS4-HMAC-SHA256 Credential=AKID/..., Signature=abc".into(),
                ),
                ("X-Amz-Security-Token".into(), "token-value".into()),
                ("Content-Type".into(), "application/json".into()),
            ],
            body: bytes::Bytes::from_static(b"{\"Name\": \"secret name\"}"),
        };
        let debug = format!("{request:?}");
        assert!(
            !debug.contains("Signature=abc")
                && !debug.contains("token-value")
                && !debug.contains("secret name")
        );
        assert!(debug.contains("application/json"));
    }

    #[test]
    fn requests_get_host_and_length_when_missing_and_proxies_the_absolute_form() {
        let target = Url::parse("http://example.test:81/p?q=1").unwrap();
        let request = |method: &'static str, headers: Vec<(&str, &str)>, body: &'static [u8]| {
            OutgoingRequest {
                method,
                url: Url::parse("http://example.test:81/p?q=1").unwrap(),
                headers: headers
                    .into_iter()
                    .map(|(n, v)| (n.to_owned(), v.to_owned()))
                    .collect(),
                body: bytes::Bytes::from_static(body),
            }
        };
        let built =
            build_request(&request("PUT", vec![("X-A", " 1 ")], b"{}"), &target, None).unwrap();
        assert_eq!(built.uri(), "/p?q=1");
        let headers: Vec<(&str, &str)> = built
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str(), v.to_str().unwrap()))
            .collect();
        assert_eq!(
            headers,
            [
                ("host", "example.test:81"),
                ("x-a", "1"),
                ("content-length", "2")
            ]
        );
        let get = build_request(&request("GET", vec![], b""), &target, None).unwrap();
        assert!(get.headers().get("content-length").is_none());
        for bad in [("X-A", "1\r\nX-B: 2"), ("X A", "1"), ("X-A", "a\u{0}b")] {
            assert!(
                build_request(&request("GET", vec![bad], b""), &target, None).is_err(),
                "{bad:?}"
            );
        }
        let route = Route {
            scheme: "http".to_owned(),
            host: "proxy".to_owned(),
            port: 3128,
            authorization: Some("Basic dTpw".to_owned()),
        };
        let proxied = build_request(&request("GET", vec![], b""), &target, Some(&route)).unwrap();
        assert_eq!(proxied.uri(), "http://example.test:81/p?q=1");
        assert_eq!(proxied.headers()["proxy-authorization"], "Basic dTpw");
        let secure = Url::parse("https://example.test/p").unwrap();
        let tunnelled = build_request(&request("GET", vec![], b""), &secure, Some(&route)).unwrap();
        assert_eq!(tunnelled.uri(), "/p");
        assert!(tunnelled.headers().get("proxy-authorization").is_none());
    }
}
