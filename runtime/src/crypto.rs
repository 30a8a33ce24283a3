//! The one crypto library the runtime uses, for TLS and for SigV4's digests alike: aws-lc-rs by
//! default (TLS then prefers the post-quantum X25519MLKEM768 key exchange), ring with the `ring`
//! feature and without the default `aws-lc-rs` one. When both features are on, aws-lc-rs is used.

#[cfg(not(any(feature = "aws-lc-rs", feature = "ring")))]
compile_error!("connect-runtime needs a crypto provider: enable the `aws-lc-rs` (default) or the `ring` feature");

#[cfg(feature = "aws-lc-rs")]
pub(crate) use aws_lc_rs as library;
#[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
pub(crate) use ring as library;

/// rustls's provider on the same library, with rustls's default cipher suites and key exchange
/// groups.
pub fn tls_provider() -> rustls::crypto::CryptoProvider {
    #[cfg(feature = "aws-lc-rs")]
    {
        rustls::crypto::aws_lc_rs::default_provider()
    }
    #[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
    {
        ring_provider()
    }
}

/// rustls deprecates its ring provider because ring has no post-quantum key exchange; the `ring`
/// feature is how a user chooses it knowingly, so the warning is not repeated in their build.
#[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
#[allow(deprecated)]
fn ring_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

#[cfg(test)]
mod tests {
    #[test]
    fn tls_prefers_post_quantum_key_exchange_on_aws_lc_rs() {
        let provider = super::tls_provider();
        let groups: Vec<_> = provider.kx_groups.iter().map(|g| g.name()).collect();
        if cfg!(feature = "aws-lc-rs") {
            assert_eq!(groups.first(), Some(&rustls::NamedGroup::X25519MLKEM768));
        } else {
            assert!(!groups.contains(&rustls::NamedGroup::X25519MLKEM768));
            assert!(groups.contains(&rustls::NamedGroup::X25519), "{groups:?}");
        }
    }
}
