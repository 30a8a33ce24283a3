//! TLS: the CA bundle of the environment trusted, an unknown authority refused at once unless
//! insecure, an unusable bundle named.

use super::*;

/// Writes `text` to a file of its own in the tests' scratch directory.
pub(crate) fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let path = connect_test_support::scratch(&format!("client-{name}")).join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A TLS server presenting `identity` that answers every call with success.
pub(crate) fn tls_server(identity: &ServerIdentity) -> Server {
    Server::start_tls(vec![respond(200, SUCCESS)], identity)
}

#[tokio::test]
pub(crate) async fn tls_trusts_the_ca_bundle_named_by_the_environment() {
    let identity = ServerIdentity::new();
    let server = tls_server(&identity);
    let bundle = temp_file("trusted-ca.pem", &identity.authority_pem);
    let config = builder(&server.url)
        .env(Env::from_pairs([(
            "AWS_CA_BUNDLE",
            bundle.to_str().unwrap(),
        )]))
        .build()
        .unwrap();
    let client = Client::new(&config);
    for _ in 0..2 {
        call(&client).send().await.unwrap();
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(signed));
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
pub(crate) async fn tls_refuses_an_unknown_authority_at_once_unless_insecure() {
    let identity = ServerIdentity::new();
    let server = tls_server(&identity);
    let client = Client::new(&config(&server.url));
    let failure = call(&client).send().await.unwrap_err();
    let SdkError::Dispatch { attempts, .. } = &failure else {
        panic!("{failure:?}")
    };
    assert_eq!(
        *attempts, 1,
        "a certificate failure is not retried: {failure:?}"
    );
    let text = failure.to_string();
    assert!(
        text.starts_with(&format!("SSL validation failed for {}", server.url))
            && text.contains("UnknownIssuer"),
        "{text}"
    );
    assert!(server.requests().is_empty());

    let insecure = Client::new(&builder(&server.url).insecure(true).build().unwrap());
    call(&insecure).send().await.unwrap();
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
pub(crate) async fn an_unusable_ca_bundle_is_named() {
    let missing = connect_test_support::scratch("client-no-bundle").join("no-such-bundle.pem");
    let not_pem = temp_file("not-a-bundle.pem", "this is not a certificate\n");
    let refusing = connect_test_support::refusing_address();
    for (path, wording) in [
        (missing, "cannot read the CA bundle"),
        (not_pem, "holds no certificates"),
    ] {
        let client = Client::new(
            &builder(&refusing.https_url())
                .ca_bundle(&path)
                .build()
                .unwrap(),
        );
        let failure = call(&client).send().await.unwrap_err();
        assert!(
            matches!(failure, SdkError::Construction { .. }),
            "{failure:?}"
        );
        let text = failure.to_string();
        assert!(
            text.contains(wording) && text.contains(&path.display().to_string()),
            "{text}"
        );
    }
}
