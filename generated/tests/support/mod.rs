//! A scripted HTTP/1.1 server on 127.0.0.1, plain or behind TLS, that checks every request's
//! SigV4 signature, answers from a script and counts the connections it accepts.

pub mod proxy;

use connect_runtime::credentials::Credentials;
use connect_runtime::encoding::timestamp;
use connect_runtime::sigv4::{Signer, SigningSettings};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::TlsAcceptor;

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Step {
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// Close the connection without answering.
    Reset,
    /// Write these bytes (the start of a response), then close the connection.
    Broken(&'static str),
    /// Wait, then answer.
    Stall(Duration),
}

pub fn respond(status: u16, body: &str) -> Step {
    Step::Respond {
        status,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("x-amzn-RequestId".into(), "req-1234".into()),
        ],
        body: body.to_owned(),
    }
}

pub fn error(status: u16, code: &str, message: &str) -> Step {
    Step::Respond {
        status,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("x-amzn-RequestId".into(), "req-err".into()),
            (
                "X-Amzn-ErrorType".into(),
                format!("{code}:http://internal.amazon.com/coral/"),
            ),
        ],
        body: format!("{{\"Message\": \"{message}\"}}"),
    }
}

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    pub uri: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Whether the SigV4 signature checked out (None for unsigned requests).
    pub signature_ok: Option<bool>,
    pub at: std::time::Instant,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub struct Server {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
    connections: Arc<AtomicUsize>,
}

impl Server {
    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// How many connections the server has accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// Starts a plain HTTP server that plays `script` (the last step repeats) and checks signatures
/// made with `credentials` for `region`.
pub async fn start(script: Vec<Step>, credentials: Credentials, region: &'static str) -> Server {
    listen(script, credentials, region, None).await
}

/// The same server behind TLS, presenting `identity`'s certificate.
pub async fn start_tls(
    script: Vec<Step>,
    credentials: Credentials,
    region: &'static str,
    identity: &ServerIdentity,
) -> Server {
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        connect_runtime::crypto::tls_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![identity.certificate.clone()],
        identity.private_key.clone_key(),
    )
    .unwrap();
    listen(
        script,
        credentials,
        region,
        Some(TlsAcceptor::from(Arc::new(config))),
    )
    .await
}

async fn listen(
    script: Vec<Step>,
    credentials: Credentials,
    region: &'static str,
    tls: Option<TlsAcceptor>,
) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let scheme = if tls.is_some() { "https" } else { "http" };
    let url = format!("{scheme}://{}", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let connections = Arc::new(AtomicUsize::new(0));
    let (log, accepted) = (received.clone(), connections.clone());
    let script = Arc::new(script);
    tokio::spawn(async move {
        let count = Arc::new(Mutex::new(0usize));
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            accepted.fetch_add(1, Ordering::SeqCst);
            let (log, script, count, credentials, tls) = (
                log.clone(),
                script.clone(),
                count.clone(),
                credentials.clone(),
                tls.clone(),
            );
            tokio::spawn(async move {
                match tls {
                    None => serve(stream, log, script, count, credentials, region).await,
                    Some(acceptor) => {
                        // A client that does not trust the certificate ends the handshake.
                        if let Ok(stream) = acceptor.accept(stream).await {
                            serve(stream, log, script, count, credentials, region).await
                        }
                    }
                }
            });
        }
    });
    Server {
        url,
        received,
        connections,
    }
}

/// A certificate authority and a server certificate for 127.0.0.1 that it signed.
pub struct ServerIdentity {
    /// The authority's certificate, PEM-encoded: what a client must trust.
    pub authority_pem: String,
    certificate: CertificateDer<'static>,
    private_key: PrivateKeyDer<'static>,
}

impl ServerIdentity {
    pub fn new() -> Self {
        let mut authority = CertificateParams::new(Vec::new()).unwrap();
        authority.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        authority
            .distinguished_name
            .push(DnType::CommonName, "connect-sdk test authority");
        let authority_key = KeyPair::generate().unwrap();
        let authority = authority.self_signed(&authority_key).unwrap();
        let server_key = KeyPair::generate().unwrap();
        let server = CertificateParams::new(vec!["127.0.0.1".to_owned()])
            .unwrap()
            .signed_by(&server_key, &authority, &authority_key)
            .unwrap();
        ServerIdentity {
            authority_pem: authority.pem(),
            certificate: server.der().clone(),
            private_key: PrivatePkcs8KeyDer::from(server_key.serialize_der()).into(),
        }
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    log: Arc<Mutex<Vec<Received>>>,
    script: Arc<Vec<Step>>,
    count: Arc<Mutex<usize>>,
    credentials: Credentials,
    region: &'static str,
) {
    loop {
        let Some(request) = read_request(&mut stream).await else {
            return;
        };
        let verified = verify(&request, &credentials, region);
        let step = {
            let mut n = count.lock().unwrap();
            let step = script.get(*n).or(script.last()).cloned();
            *n += 1;
            step
        };
        log.lock().unwrap().push(Received {
            signature_ok: verified,
            ..request
        });
        match step {
            None | Some(Step::Reset) => return,
            Some(Step::Broken(start)) => {
                let _ = stream.write_all(start.as_bytes()).await;
                return;
            }
            Some(Step::Stall(duration)) => {
                tokio::time::sleep(duration).await;
                return;
            }
            Some(Step::Respond {
                status,
                headers,
                body,
            }) => {
                let mut text = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\n", body.len());
                for (name, value) in headers {
                    text.push_str(&format!("{name}: {value}\r\n"));
                }
                text.push_str("\r\n");
                text.push_str(&body);
                if stream.write_all(text.as_bytes()).await.is_err() {
                    return;
                }
            }
        }
    }
}

async fn read_request<S: AsyncRead + Unpin>(stream: &mut S) -> Option<Received> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(index) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break index;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let uri = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Received {
        method,
        uri,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        signature_ok: None,
        at: std::time::Instant::now(),
    })
}

/// Recomputes the signature from the headers the request says it signed.
fn verify(request: &Received, credentials: &Credentials, region: &str) -> Option<bool> {
    let authorization = request.header("authorization")?;
    let signed: Vec<String> = authorization
        .split("SignedHeaders=")
        .nth(1)?
        .split(',')
        .next()?
        .split(';')
        .map(str::to_owned)
        .collect();
    let date = request.header("x-amz-date")?;
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &date[0..4],
        &date[4..6],
        &date[6..8],
        &date[9..11],
        &date[11..13],
        &date[13..15]
    );
    let time = timestamp::parse_date_time(&iso)?;
    let mut headers: Vec<(String, String)> = request
        .headers
        .iter()
        .filter(|(k, _)| signed.contains(&k.to_ascii_lowercase()))
        .cloned()
        .collect();
    let signer = Signer::new(region, "connect", SigningSettings::default());
    let signature = signer.sign(
        &request.method,
        &request.uri,
        &mut headers,
        request.body.as_bytes(),
        credentials,
        time,
    );
    Some(signature.authorization == authorization)
}
