//! The stack alone: posts a small JSON body, with an HMAC-SHA256 of it in a header, to
//! `https://HOST/contact/create-contact` and prints the length of the answer.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use std::error::Error;
use std::sync::Arc;

#[cfg(not(feature = "ring"))]
use aws_lc_rs::{digest, hmac};
#[cfg(feature = "ring")]
use ring::{digest, hmac};

/// HMAC-SHA256, keyed by `key`, of the SHA-256 of `data`: the two primitives SigV4 uses.
fn tag(key: &[u8], data: &[u8]) -> Vec<u8> {
    let key = hmac::Key::new(hmac::HMAC_SHA256, key);
    let hashed = digest::digest(&digest::SHA256, data);
    hmac::sign(&key, hashed.as_ref()).as_ref().to_vec()
}

async fn call(host: String) -> Result<usize, Box<dyn Error>> {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect((host.as_str(), 443)).await?;
    let name = rustls::pki_types::ServerName::try_from(host.clone())?;
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(tls)).await?;
    tokio::spawn(connection);
    let body = format!("{{\"Name\":\"{host}\"}}");
    let signature: String = tag(b"key", body.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let request = http::Request::post("/contact/create-contact")
        .header(http::header::HOST, host.as_str())
        .header(http::header::AUTHORIZATION, signature)
        .body(Full::new(Bytes::from(body)))?;
    let response = sender.send_request(request).await?;
    Ok(response.into_body().collect().await?.to_bytes().len())
}

fn main() -> Result<(), Box<dyn Error>> {
    let host = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "connect.us-east-1.amazonaws.com".into());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    println!("{}", runtime.block_on(call(host))?);
    Ok(())
}
