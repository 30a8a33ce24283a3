//! Sending requests: a transport trait that tests and users can implement, and the default one on
//! hyper with rustls, connection reuse and connect and read timeouts.

use crate::http::HttpResponse;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::rt::TokioExecutor;
use std::fmt;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

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
    /// PEM file of extra certificate authorities to trust.
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

/// The default transport: HTTP/1.1 over hyper, TLS by rustls, pooled connections.
pub struct HyperTransport {
    client: HyperClient<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>,
    read_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("read_timeout", &self.read_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .finish()
    }
}

crate::macros::message_error!(
    /// Why the HTTP client's TLS could not be set up (an unreadable or empty CA bundle).
    TlsSetupError
);

impl HyperTransport {
    /// Builds the transport; fails when the CA bundle cannot be read.
    pub fn new(timeouts: Timeouts, tls: &TlsSettings) -> Result<Self, TlsSetupError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| TlsSetupError::new(format!("TLS setup failed: {e}")))?;
        let config = if tls.insecure {
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider)))
                .with_no_client_auth()
        } else {
            let mut roots = rustls::RootCertStore::empty();
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            if let Some(path) = &tls.ca_bundle {
                add_bundle(&mut roots, path)?;
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        };
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(timeouts.connect);
        http.set_nodelay(true);
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(config)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = HyperClient::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(90))
            .build(connector);
        Ok(HyperTransport {
            client,
            read_timeout: timeouts.read,
            connect_timeout: timeouts.connect,
        })
    }

    async fn exchange(&self, request: OutgoingRequest) -> Result<HttpResponse, TransportError> {
        let mut builder = hyper::Request::builder()
            .method(request.method)
            .uri(&request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let request = builder
            .body(Full::new(request.body))
            .map_err(|e| TransportError::new(TransportErrorKind::Request, e.to_string()))?;
        let response = self.client.request(request).await.map_err(|error| {
            let text = error_chain(&error);
            if is_tls_failure(&error) {
                TransportError::new(TransportErrorKind::Tls, text)
            } else if error.is_connect() {
                let kind = if text.contains("timed out") {
                    TransportErrorKind::ConnectTimeout
                } else {
                    TransportErrorKind::Connect
                };
                TransportError::new(kind, text)
            } else {
                TransportError::new(TransportErrorKind::Io, text)
            }
        })?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| TransportError::new(TransportErrorKind::Io, error_chain(&e)))?
            .to_bytes()
            .to_vec();
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

/// Whether a rustls error is somewhere in the chain. An `io::Error` does not list the error it
/// wraps among its sources, so what it wraps is looked into as well.
fn is_tls_failure(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(error) = current {
        if error.is::<rustls::Error>() {
            return true;
        }
        let wrapped = error
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref);
        if let Some(inner) = wrapped {
            if is_tls_failure(inner) {
                return true;
            }
        }
        current = error.source();
    }
    false
}

impl HttpTransport for HyperTransport {
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

fn add_bundle(roots: &mut rustls::RootCertStore, path: &Path) -> Result<(), TlsSetupError> {
    let text = std::fs::read(path).map_err(|e| {
        TlsSetupError::new(format!("cannot read the CA bundle {}: {e}", path.display()))
    })?;
    let mut reader = std::io::BufReader::new(text.as_slice());
    let mut added = 0;
    for certificate in rustls_pemfile::certs(&mut reader) {
        let certificate = certificate.map_err(|e| {
            TlsSetupError::new(format!(
                "the CA bundle {} is not valid PEM: {e}",
                path.display()
            ))
        })?;
        roots.add(certificate).map_err(|e| {
            TlsSetupError::new(format!(
                "the CA bundle {} holds an unusable certificate: {e}",
                path.display()
            ))
        })?;
        added += 1;
    }
    if added == 0 {
        return Err(TlsSetupError::new(format!(
            "the CA bundle {} holds no certificates",
            path.display()
        )));
    }
    Ok(())
}

/// Accepts every server certificate (`--no-verify-ssl`). Signatures are still checked with the
/// provider's algorithms, so the handshake itself stays well-formed.
#[derive(Debug)]
struct AcceptAnyCertificate(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
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
