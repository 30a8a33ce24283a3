//! Proxies: absolute form for `http`, a `CONNECT` tunnel for `https`, `NO_PROXY` and disabled
//! proxies, a refusing proxy named without its password.

use super::*;

#[tokio::test]
pub(crate) async fn http_endpoints_go_through_the_proxy_in_absolute_form() {
    let (log, _guard) = capture_log();
    let server = Server::start(vec![respond(200, SUCCESS)]);
    let proxy = Proxy::start(Some("Basic dXNlcjpzM2NyZXQ="));
    let with_credentials = proxy.url.replace("http://", "http://user:s3cret@");
    let config = builder(&server.url)
        .env(Env::from_pairs([("HTTP_PROXY", with_credentials.as_str())]))
        .build()
        .unwrap();
    let client = Client::new(&config);
    call(&client).send().await.unwrap();
    call(&client).send().await.unwrap();
    let asked = proxy.asked();
    let host = server.url.trim_start_matches("http://");
    assert_eq!(asked.len(), 2, "{asked:?}");
    for request in &asked {
        assert_eq!(
            request.line,
            format!("PUT http://{host}/contact/create-contact HTTP/1.1")
        );
        assert_eq!(
            request.authorization.as_deref(),
            Some("Basic dXNlcjpzM2NyZXQ=")
        );
    }
    // One connection to the proxy, reused: the proxy opened one to the server.
    assert_eq!(server.connections(), 1);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(signed));
    assert!(requests
        .iter()
        .all(|r| r.header("proxy-authorization").is_none()));
    let text = log.text();
    assert!(text.contains(&proxy.url), "the proxy is named: {text}");
    assert!(
        !text.contains("s3cret") && !text.contains("dXNlcjpzM2NyZXQ="),
        "{text}"
    );
}

#[tokio::test]
pub(crate) async fn https_endpoints_go_through_a_connect_tunnel() {
    let identity = ServerIdentity::new();
    let server = tls_server(&identity);
    let bundle = temp_file("proxied-ca.pem", &identity.authority_pem);
    let proxy = Proxy::start(Some("Basic dTpw"));
    let config = builder(&server.url)
        .env(Env::from_pairs([
            ("AWS_CA_BUNDLE", bundle.to_str().unwrap()),
            (
                "https_proxy",
                proxy.url.replace("http://", "http://u:p@").as_str(),
            ),
        ]))
        .build()
        .unwrap();
    let client = Client::new(&config);
    call(&client).send().await.unwrap();
    call(&client).send().await.unwrap();
    let host = server.url.trim_start_matches("https://");
    assert_eq!(
        proxy.asked(),
        [connect_test_support::proxy::Asked {
            line: format!("CONNECT {host} HTTP/1.1"),
            authorization: Some("Basic dTpw".to_owned()),
        }]
    );
    assert_eq!(server.requests().len(), 2);
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
pub(crate) async fn no_proxy_and_disabled_proxies_connect_directly() {
    let server = Server::start(vec![respond(200, SUCCESS)]);
    let proxy = Proxy::start(None);
    let port = server.url.rsplit(':').next().unwrap().to_owned();
    for no_proxy in [
        "127.0.0.1",
        "127.0.0.0/8",
        "*",
        &format!("127.0.0.1:{port}"),
    ] {
        let config = builder(&server.url)
            .env(Env::from_pairs([
                ("HTTP_PROXY", proxy.url.as_str()),
                ("NO_PROXY", no_proxy),
            ]))
            .build()
            .unwrap();
        call(&Client::new(&config)).send().await.unwrap();
    }
    let disabled = builder(&server.url)
        .env(Env::from_pairs([("HTTP_PROXY", proxy.url.as_str())]))
        .proxy(ProxySettings::Disabled)
        .build()
        .unwrap();
    call(&Client::new(&disabled)).send().await.unwrap();
    assert!(proxy.asked().is_empty(), "{:?}", proxy.asked());
    assert_eq!(server.requests().len(), 5);
    // Another port on the same host does not match a NO_PROXY entry with a port.
    let elsewhere = builder(&server.url)
        .env(Env::from_pairs([
            ("HTTP_PROXY", proxy.url.as_str()),
            ("NO_PROXY", "127.0.0.1:1"),
        ]))
        .build()
        .unwrap();
    call(&Client::new(&elsewhere)).send().await.unwrap();
    assert_eq!(proxy.asked().len(), 1);
}

#[tokio::test]
pub(crate) async fn a_proxy_that_refuses_is_named_without_its_password() {
    let identity = ServerIdentity::new();
    let server = tls_server(&identity);
    let proxy = Proxy::start(Some("Basic right"));
    let config = builder(&server.url)
        .env(Env::from_pairs([(
            "HTTPS_PROXY",
            proxy
                .url
                .replace("http://", "http://u:wrong-password@")
                .as_str(),
        )]))
        .max_attempts(1)
        .build()
        .unwrap();
    let failure = call(&Client::new(&config)).send().await.unwrap_err();
    let SdkError::Dispatch { error, .. } = &failure else {
        panic!("{failure:?}")
    };
    assert_eq!(error.kind, TransportErrorKind::Proxy, "{failure}");
    let text = failure.to_string();
    assert!(
        text.starts_with("Failed to connect to proxy URL:")
            && text.contains(&proxy.url)
            && text.contains("407"),
        "{text}"
    );
    assert!(!text.contains("wrong-password"), "{text}");
    assert!(server.requests().is_empty());
}
