//! Sending requests: a transport trait that tests and users can implement, and the default one:
//! HTTP/1.1 over TCP, TLS by rustls, connection reuse, and connect and read timeouts.

mod connection;
mod tls;
mod wire;

use crate::http::HttpResponse;
use bytes::Bytes;
use connection::{ConnectError, Connection, Pool};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use wire::{ReadError, Target};

/// A request ready to go: absolute URL, signed headers, body. The body is shared, not copied,
/// between the attempts of one call.
#[derive(Clone, PartialEq, Eq)]
pub struct OutgoingRequest {
    pub method: &'static str,
    pub url: String,
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
            .field("url", &self.url)
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
    /// No complete response within the read timeout.
    ReadTimeout,
    /// The connection failed while sending or receiving.
    Io,
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

/// Timeouts of the default transport. Both are on by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Time allowed to open a connection.
    pub connect: Option<Duration>,
    /// Time allowed from sending the request to having read the whole response.
    pub read: Option<Duration>,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Some(Duration::from_secs(10)),
            read: Some(Duration::from_secs(60)),
        }
    }
}

/// The default transport: HTTP/1.1, TLS by rustls, pooled connections.
pub struct Http1Transport {
    tls: Arc<rustls::ClientConfig>,
    pool: Pool,
    read_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
}

impl fmt::Debug for Http1Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Http1Transport")
            .field("read_timeout", &self.read_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .finish()
    }
}

crate::macros::message_error!(
    /// Why the HTTP client's TLS could not be set up (an unreadable or empty CA bundle).
    TlsSetupError
);

impl Http1Transport {
    /// Builds the transport; fails when the CA bundle cannot be read.
    pub fn new(timeouts: Timeouts, tls: &TlsSettings) -> Result<Self, TlsSetupError> {
        Ok(Http1Transport {
            tls: tls::client_config(tls)?,
            pool: Pool::default(),
            read_timeout: timeouts.read,
            connect_timeout: timeouts.connect,
        })
    }

    async fn connect(&self, target: &Target) -> Result<Connection, TransportError> {
        connection::connect(target, &self.tls, self.connect_timeout)
            .await
            .map_err(|error| {
                let kind = match &error {
                    ConnectError::TimedOut(_) => TransportErrorKind::ConnectTimeout,
                    ConnectError::Tls(io) if tls::is_tls_failure(io) => TransportErrorKind::Tls,
                    ConnectError::ServerName(_) => TransportErrorKind::Request,
                    ConnectError::Tcp(_) | ConnectError::Tls(_) => TransportErrorKind::Connect,
                };
                TransportError::new(kind, format!("client error (Connect): {error}"))
            })
    }

    async fn exchange(&self, request: OutgoingRequest) -> Result<HttpResponse, TransportError> {
        let invalid = |reason: String| TransportError::new(TransportErrorKind::Request, reason);
        let target = Target::parse(&request.url).map_err(invalid)?;
        let bytes = wire::request_bytes(request.method, &target, &request.headers, &request.body)
            .map_err(invalid)?;
        let head_request = request.method == "HEAD";
        // A pooled connection may have been closed by the server meanwhile: when sending or
        // reading on it fails, the request goes once more, on a new connection.
        let mut pooled = self.pool.take(&target);
        loop {
            let reused = pooled.is_some();
            let mut connection = match pooled.take() {
                Some(connection) => connection,
                None => self.connect(&target).await?,
            };
            let outcome = match connection.send(&bytes).await {
                Ok(()) => wire::read_response(&mut connection, head_request).await,
                Err(error) => Err(ReadError::Io(error)),
            };
            match outcome {
                Ok((response, reusable)) => {
                    if reusable {
                        self.pool.put(&target, connection);
                    }
                    return Ok(response);
                }
                Err(ReadError::ClosedBeforeResponse | ReadError::Io(_)) if reused => continue,
                Err(error) => {
                    return Err(TransportError::new(
                        TransportErrorKind::Io,
                        format!("connection error: {error}"),
                    ))
                }
            }
        }
    }
}

impl HttpTransport for Http1Transport {
    fn send(&self, request: OutgoingRequest) -> SendFuture<'_> {
        Box::pin(async move {
            match self.read_timeout {
                Some(limit) => tokio::time::timeout(limit, self.exchange(request))
                    .await
                    .map_err(|_| {
                        TransportError::new(
                            TransportErrorKind::ReadTimeout,
                            format!("no response within {limit:?}"),
                        )
                    })?,
                None => self.exchange(request).await,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::OutgoingRequest;

    #[test]
    fn debug_hides_the_signature_and_token() {
        let request = OutgoingRequest {
            method: "PUT",
            url: "https://connect.us-east-1.amazonaws.com/contact/create-contact".into(),
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
}
