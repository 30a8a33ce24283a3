//! TLS for the default transport: rustls on the runtime's crypto provider, and the trust roots:
//! Mozilla's (webpki-roots), or only the certificates of a CA bundle when one is given, as
//! botocore uses a `ca_bundle`/`AWS_CA_BUNDLE`/`--ca-bundle` in place of its default bundle.

use super::{TlsSettings, TlsSetupError};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use std::path::Path;
use std::sync::Arc;

/// The client configuration every connection of a transport shares.
pub(super) fn client_config(tls: &TlsSettings) -> Result<Arc<rustls::ClientConfig>, TlsSetupError> {
    let provider = Arc::new(crate::crypto::tls_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetupError::new(format!("TLS setup failed: {e}")))?;
    let mut config = if tls.insecure {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider)))
            .with_no_client_auth()
    } else {
        builder
            .with_root_certificates(roots(tls)?)
            .with_no_client_auth()
    };
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Whether a rustls error is somewhere in the chain. An `io::Error` does not list the error it
/// wraps among its sources, so what it wraps is looked into as well.
pub(super) fn is_tls_failure(error: &(dyn std::error::Error + 'static)) -> bool {
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

/// The certificate authorities a transport trusts: the CA bundle's alone when there is one, else
/// Mozilla's.
fn roots(tls: &TlsSettings) -> Result<rustls::RootCertStore, TlsSetupError> {
    let mut roots = rustls::RootCertStore::empty();
    match &tls.ca_bundle {
        Some(path) => add_bundle(&mut roots, path)?,
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    Ok(roots)
}

fn add_bundle(roots: &mut rustls::RootCertStore, path: &Path) -> Result<(), TlsSetupError> {
    let text = std::fs::read(path).map_err(|e| {
        TlsSetupError::new(format!("cannot read the CA bundle {}: {e}", path.display()))
    })?;
    let mut added = 0;
    for certificate in CertificateDer::pem_slice_iter(&text) {
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
    use super::*;

    /// A self-signed certificate (CN=connect-runtime test), PEM-encoded.
    const ONE_CERTIFICATE: &str = "-----BEGIN CERTIFICATE-----
MIIBlTCCATugAwIBAgIUOXFx0Hx4YGArwY1UEnvhydO22pYwCgYIKoZIzj0EAwIw
HzEdMBsGA1UEAwwUY29ubmVjdC1ydW50aW1lIHRlc3QwIBcNMjYxMjA2MDQxOTM3
WhgPMjEyNjExMTIwNDE5MzdaMB8xHTAbBgNVBAMMFGNvbm5lY3QtcnVudGltZSB0
ZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEzFD5s6POfHAGJwlZRLuwjrg4
9knBW5oAZqMN3I7UcrKt4Q2uvYSJDmz6ckc4u2tLZ9K2rN98qj7fiG4IWM7r0aNT
MFEwHQYDVR0OBBYEFN3JbMVYPtr/gg6R5DzLoddCkPOyMB8GA1UdIwQYMBaAFN3J
bMVYPtr/gg6R5DzLoddCkPOyMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwID
SAAwRQIhAM6pO2UdQPKZdmwWX973dHrBiLQbaGP209UMgQ8DBaNVAiBiTGBTZWXv
JzGcTEQv+b+mlGnsjHh2MU9diMTmU95ieg==
-----END CERTIFICATE-----
";

    #[test]
    fn a_ca_bundle_replaces_the_default_roots() {
        let defaults = roots(&TlsSettings::default()).unwrap();
        assert_eq!(defaults.len(), webpki_roots::TLS_SERVER_ROOTS.len());
        let path =
            std::env::temp_dir().join(format!("connect-runtime-bundle-{}.pem", std::process::id()));
        std::fs::write(&path, ONE_CERTIFICATE).unwrap();
        let settings = TlsSettings {
            ca_bundle: Some(path.clone()),
            insecure: false,
        };
        let outcome = roots(&settings);
        let _ = std::fs::remove_file(&path);
        assert_eq!(outcome.unwrap().len(), 1);
    }
}
