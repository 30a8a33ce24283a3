//! The client over real HTTP on 127.0.0.1 against a server that checks signatures: success, every
//! modelled error, unknown errors, throttling, 5xx, resets and timeouts with retries, proxies,
//! and validation failures that never send anything.

mod modelled;
mod support;

use connect_runtime::config::{Config, ConfigBuilder};
use connect_runtime::credentials::Credentials;
use connect_runtime::env::Env;
use connect_runtime::error::SdkError;
use connect_runtime::retry::RetryMode;
use connect_runtime::transport::proxy::ProxySettings;
use connect_runtime::transport::TransportErrorKind;
use connect_sdk::client::Client;
use connect_sdk::operations::create_contact::{CreateContactError, CreateContactInput};
use connect_sdk::types::{Channel, ContactInitiationMethod};
use connect_test_support::proxy::Proxy;
use std::time::Duration;
use support::{error, respond, signed, Server, ServerIdentity, Step};

const SUCCESS: &str = r#"{"ContactId": "c-1", "ContactArn": "arn:aws:connect:us-east-1:111122223333:instance/i-1/contact/c-1"}"#;

fn credentials() -> Credentials {
    Credentials::new(
        "AKIDTEST",
        "secret/key+value",
        Some("session-token".into()),
        None,
        "test",
    )
}

/// A hermetic configuration (no process environment or files) aimed at the test server.
fn builder(url: &str) -> ConfigBuilder {
    Config::builder()
        .env(Env::default())
        .region("us-east-1")
        .credentials(credentials())
        .endpoint_url(url)
        .initial_backoff(Duration::from_millis(40))
        .read_timeout(Some(Duration::from_millis(400)))
        .connect_timeout(Some(Duration::from_millis(400)))
}

fn config(url: &str) -> Config {
    builder(url).build().unwrap()
}

fn call(client: &Client) -> connect_sdk::operations::create_contact::CreateContactFluentBuilder {
    client
        .create_contact()
        .instance_id("instance-1")
        .channel(Channel::Task)
        .initiation_method(ContactInitiationMethod::Api)
        .name("A task")
}

#[tokio::test]
async fn a_signed_call_succeeds() {
    let server = Server::start(vec![respond(200, SUCCESS)]);
    let client = Client::new(&config(&server.url));
    let output = call(&client).send().await.unwrap();
    assert_eq!(output.contact_id.as_deref(), Some("c-1"));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "PUT");
    assert_eq!(request.target, "/contact/create-contact");
    assert!(signed(request), "{:?}", request.header("authorization"));
    assert_eq!(
        request.header("x-amz-security-token"),
        Some("session-token")
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("amz-sdk-request"), Some("attempt=1; max=3"));
    assert!(request
        .header("user-agent")
        .unwrap()
        .starts_with("connect-rust-client/"));
    assert!(request.header("amz-sdk-invocation-id").is_some());
    assert!(
        request.text().contains("\"ClientToken\": \""),
        "the token is filled: {}",
        request.text()
    );
}

#[tokio::test]
async fn a_prepared_input_can_be_sent() {
    let server = Server::start(vec![respond(200, SUCCESS)]);
    let client = Client::new(&config(&server.url));
    let input = CreateContactInput::builder()
        .instance_id("prepared")
        .channel("EMAIL")
        .initiation_method("OUTBOUND")
        .client_token("fixed-token")
        .build()
        .unwrap();
    client.create_contact().input(input).send().await.unwrap();
    let body = &server.requests()[0].text();
    assert!(
        body.contains("\"InstanceId\": \"prepared\"")
            && body.contains("\"ClientToken\": \"fixed-token\""),
        "{body}"
    );
}

#[tokio::test]
async fn every_modelled_error_comes_back_typed() {
    for (code, status) in modelled::ERRORS {
        let server = Server::start(vec![error(status, code, "went wrong")]);
        let client = Client::new(&builder(&server.url).max_attempts(1).build().unwrap());
        let failure = call(&client).send().await.unwrap_err();
        let typed = failure
            .service_error()
            .unwrap_or_else(|| panic!("{code}: {failure:?}"));
        assert_eq!(typed.code(), code);
        assert!(!matches!(typed, CreateContactError::Unhandled(_)), "{code}");
        assert_eq!(failure.status(), Some(status));
        assert_eq!(failure.request_id(), Some("req-err"));
        assert_eq!(
            failure.to_string(),
            format!(
                "An error occurred ({code}) when calling the CreateContact operation: went wrong"
            )
        );
    }
}

#[tokio::test]
async fn an_unknown_error_keeps_code_message_status_and_request_id() {
    let server = Server::start(vec![error(418, "TeapotException", "short and stout")]);
    let client = Client::new(&config(&server.url));
    let failure = call(&client).send().await.unwrap_err();
    let Some(CreateContactError::Unhandled(unhandled)) = failure.service_error() else {
        panic!("{failure:?}")
    };
    assert_eq!(unhandled.code(), Some("TeapotException"));
    assert_eq!(unhandled.message(), Some("short and stout"));
    assert_eq!(unhandled.status(), 418);
    assert_eq!(unhandled.request_id(), Some("req-err"));
    assert_eq!(server.requests().len(), 1, "a 4xx is not retried");
}

#[tokio::test]
async fn throttling_then_success_reuses_the_client_token() {
    let (log, _guard) = capture_log();
    let server = Server::start(vec![
        error(429, "ThrottlingException", "slow down"),
        respond(200, SUCCESS),
    ]);
    let client = Client::new(&config(&server.url));
    call(&client).send().await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let token = |body: &str| {
        body.split("\"ClientToken\": \"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(token(&requests[0].text()), token(&requests[1].text()));
    assert_eq!(
        requests[0].header("amz-sdk-invocation-id"),
        requests[1].header("amz-sdk-invocation-id")
    );
    assert_eq!(
        requests[1].header("amz-sdk-request"),
        Some("attempt=2; max=3")
    );
    assert!(requests.iter().all(signed));
    // The policy's backoff (what it chose, not what the clock saw): within the first bound.
    let delays = retry_delays(&log.text());
    assert_eq!(delays.len(), 1, "{delays:?}");
    assert!(delays[0] <= Duration::from_millis(40), "{delays:?}");
}

#[tokio::test]
async fn server_errors_and_resets_are_retried() {
    let server = Server::start(vec![respond(500, "{}"), Step::Reset, respond(200, SUCCESS)]);
    let client = Client::new(&config(&server.url));
    let output = call(&client).send().await.unwrap();
    assert_eq!(output.contact_id.as_deref(), Some("c-1"));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn exhausted_retries_report_the_last_error() {
    let (log, _guard) = capture_log();
    let server = Server::start(vec![error(503, "ServiceUnavailable", "try later")]);
    let client = Client::new(&config(&server.url));
    let failure = call(&client).send().await.unwrap_err();
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        failure.to_string(),
        "An error occurred (ServiceUnavailable) when calling the CreateContact operation (reached max retries: 2): try later"
    );
    // Two backoffs, as the policy chose them: at most 40 ms, then at most 80 ms.
    let delays = retry_delays(&log.text());
    assert_eq!(delays.len(), 2, "{delays:?}");
    assert!(delays[0] <= Duration::from_millis(40), "{delays:?}");
    assert!(delays[1] <= Duration::from_millis(80), "{delays:?}");
}

#[tokio::test]
async fn read_timeouts_are_retried_then_reported() {
    let server = Server::start(vec![Step::Stall(Duration::from_secs(3))]);
    let client = Client::new(&config(&server.url));
    let failure = call(&client).send().await.unwrap_err();
    assert!(
        matches!(failure, SdkError::Dispatch { attempts: 3, .. }),
        "{failure:?}"
    );
    assert!(
        failure
            .to_string()
            .starts_with("Read timeout on endpoint URL: \"http://127.0.0.1:"),
        "{failure}"
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_refused_connection_is_a_dispatch_error() {
    let refusing = connect_test_support::refusing_address();
    let client = Client::new(&config(&refusing.url()));
    let failure = call(&client).send().await.unwrap_err();
    assert!(
        failure
            .to_string()
            .starts_with("Could not connect to the endpoint URL"),
        "{failure}"
    );
}

#[tokio::test]
async fn invalid_input_never_sends_a_request() {
    let server = Server::start(vec![respond(200, SUCCESS)]);
    let client = Client::new(&config(&server.url));
    let failure = client
        .create_contact()
        .instance_id("")
        .channel(Channel::Task)
        .initiation_method(ContactInitiationMethod::Api)
        .name("x".repeat(1025))
        .send()
        .await
        .unwrap_err();
    let SdkError::Validation(validation) = &failure else {
        panic!("{failure:?}")
    };
    assert_eq!(validation.violations.len(), 2);
    assert!(failure
        .to_string()
        .starts_with("Parameter validation failed:\nInvalid length for parameter InstanceId"));
    let missing = client
        .create_contact()
        .channel(Channel::Task)
        .send()
        .await
        .unwrap_err();
    assert!(
        missing.to_string().contains("InstanceId, InitiationMethod"),
        "{missing}"
    );
    assert!(server.requests().is_empty());
    // Switched off, the same input goes out (and the service would judge it).
    client
        .create_contact()
        .instance_id("")
        .channel(Channel::Task)
        .initiation_method(ContactInitiationMethod::Api)
        .validation(false)
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn missing_region_and_credentials_use_the_cli_wording() {
    let no_region = Client::new(
        &Config::builder()
            .env(Env::default())
            .credentials(credentials())
            .build()
            .unwrap(),
    );
    let failure = call(&no_region).send().await.unwrap_err();
    assert_eq!(failure.to_string(), "You must specify a region. You can also configure your region by running \"aws configure\".");
    let no_credentials = Client::new(
        &Config::builder()
            .env(Env::default())
            .region("us-east-1")
            .build()
            .unwrap(),
    );
    let failure = call(&no_credentials).send().await.unwrap_err();
    assert_eq!(
        failure.to_string(),
        "Unable to locate credentials. You can configure credentials by running \"aws configure\"."
    );
}

#[tokio::test]
async fn unsigned_requests_carry_no_authorization() {
    let server = Server::start(vec![respond(200, SUCCESS)]);
    let client = Client::new(
        &Config::builder()
            .env(Env::default())
            .region("us-east-1")
            .unsigned()
            .endpoint_url(&server.url)
            .build()
            .unwrap(),
    );
    call(&client).send().await.unwrap();
    assert_eq!(server.requests()[0].header("authorization"), None);
}

/// Three answers, two of them throttling, to a client in `mode`; the requests the server saw
/// and what the client logged.
async fn throttled_twice(mode: RetryMode) -> (usize, String) {
    let (log, _guard) = capture_log();
    let server = Server::start(vec![
        error(429, "ThrottlingException", "slow"),
        error(429, "ThrottlingException", "slow"),
        respond(200, SUCCESS),
    ]);
    let client = Client::new(
        &builder(&server.url)
            .retry_mode(mode)
            .initial_backoff(Duration::from_millis(10))
            .build()
            .unwrap(),
    );
    call(&client).send().await.unwrap();
    (server.requests().len(), log.text())
}

#[tokio::test]
async fn adaptive_mode_cuts_its_send_rate_on_throttling_and_standard_mode_does_not() {
    let (requests, adaptive) = throttled_twice(RetryMode::Adaptive).await;
    assert_eq!(requests, 3);
    let cuts: Vec<&str> = adaptive
        .lines()
        .filter(|line| line.contains("adaptive send rate cut"))
        .collect();
    assert_eq!(cuts.len(), 2, "one cut per throttling answer:\n{adaptive}");
    assert!(
        cuts.iter().all(|line| line.contains("rate=Some(")),
        "the limiter is on after a throttle:\n{adaptive}"
    );
    let (requests, standard) = throttled_twice(RetryMode::Standard).await;
    assert_eq!(requests, 3);
    assert!(!standard.contains("adaptive send rate"), "{standard}");
}

#[tokio::test]
async fn calls_reuse_one_connection() {
    let server = Server::start(vec![respond(200, SUCCESS)]);
    let client = Client::new(&config(&server.url));
    for _ in 0..3 {
        call(&client).send().await.unwrap();
    }
    assert_eq!(server.requests().len(), 3);
    assert_eq!(server.connections(), 1);
}

/// Writes `text` to a file of its own in the tests' scratch directory.
fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let path = connect_test_support::scratch(&format!("client-{name}")).join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A TLS server presenting `identity` that answers every call with success.
fn tls_server(identity: &ServerIdentity) -> Server {
    Server::start_tls(vec![respond(200, SUCCESS)], identity)
}

#[tokio::test]
async fn tls_trusts_the_ca_bundle_named_by_the_environment() {
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
async fn tls_refuses_an_unknown_authority_at_once_unless_insecure() {
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
async fn an_unusable_ca_bundle_is_named() {
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

/// Collects what a `tracing` subscriber writes.
#[derive(Clone, Default)]
struct LogBuffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn calls_and_attempts_are_traced_without_secrets() {
    let (log, _guard) = capture_log();
    let server = Server::start(vec![
        error(429, "ThrottlingException", "slow down"),
        respond(200, SUCCESS),
    ]);
    let client = Client::new(&config(&server.url));
    call(&client)
        .description("a private description")
        .send()
        .await
        .unwrap();
    let text = log.text();
    let invocation_id = server.requests()[0]
        .header("amz-sdk-invocation-id")
        .unwrap()
        .to_owned();
    for expected in [
        "operation=\"CreateContact\"".to_owned(),
        format!("invocation_id=\"{invocation_id}\""),
        "attempt{number=1 max=3}".to_owned(),
        "attempt{number=2 max=3}".to_owned(),
        "code=\"ThrottlingException\"".to_owned(),
        "status=200".to_owned(),
        "** redacted **".to_owned(),
    ] {
        assert!(text.contains(&expected), "{expected} missing from:\n{text}");
    }
    for secret in [
        "secret/key+value",
        "session-token",
        "Signature=",
        "A task",
        "a private description",
    ] {
        assert!(!text.contains(secret), "{secret} leaked into:\n{text}");
    }
}

/// A subscriber that writes every event into the returned buffer, for the current thread.
fn capture_log() -> (LogBuffer, tracing::subscriber::DefaultGuard) {
    let log = LogBuffer::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    (log, tracing::subscriber::set_default(subscriber))
}

/// The delays the retry policy chose, from its `retrying` debug lines (`delay=31.4ms`).
fn retry_delays(log: &str) -> Vec<Duration> {
    log.lines()
        .filter(|line| line.contains("retrying"))
        .filter_map(|line| {
            let text = line.split("delay=").nth(1)?.split_whitespace().next()?;
            let (number, scale) = if let Some(n) = text.strip_suffix("ms") {
                (n, 1e-3)
            } else if let Some(n) = text.strip_suffix("µs") {
                (n, 1e-6)
            } else if let Some(n) = text.strip_suffix("ns") {
                (n, 1e-9)
            } else {
                (text.strip_suffix('s')?, 1.0)
            };
            Some(Duration::from_secs_f64(number.parse::<f64>().ok()? * scale))
        })
        .collect()
}

impl LogBuffer {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

#[tokio::test]
async fn a_pooled_connection_that_breaks_mid_response_is_retried_by_the_policy() {
    let (log, _guard) = capture_log();
    let server = Server::start(vec![
        respond(200, SUCCESS),
        Step::Broken("HTTP/1.1 200 OK\r\nContent-Le"),
        respond(200, SUCCESS),
    ]);
    let client = Client::new(&config(&server.url));
    call(&client).send().await.unwrap();
    call(&client).send().await.unwrap();
    let attempts: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("amz-sdk-request").unwrap().to_owned())
        .collect();
    assert_eq!(
        attempts,
        ["attempt=1; max=3", "attempt=1; max=3", "attempt=2; max=3"]
    );
    let text = log.text();
    assert!(
        text.contains("no response") && text.contains("retrying"),
        "{text}"
    );
}

#[tokio::test]
async fn attempt_and_operation_timeouts_bound_the_call() {
    let server = Server::start(vec![Step::Stall(Duration::from_secs(5))]);
    let attempt = builder(&server.url)
        .read_timeout(None)
        .attempt_timeout(Duration::from_millis(200))
        .max_attempts(2)
        .build()
        .unwrap();
    let failure = call(&Client::new(&attempt)).send().await.unwrap_err();
    let SdkError::Dispatch {
        error, attempts, ..
    } = &failure
    else {
        panic!("{failure:?}")
    };
    assert_eq!(
        (error.kind, *attempts),
        (TransportErrorKind::AttemptTimeout, 2)
    );
    let operation = builder(&server.url)
        .read_timeout(None)
        .operation_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let failure = call(&Client::new(&operation)).send().await.unwrap_err();
    let SdkError::Dispatch { error, .. } = &failure else {
        panic!("{failure:?}")
    };
    assert_eq!(
        error.kind,
        TransportErrorKind::OperationTimeout,
        "{failure}"
    );
}

#[tokio::test]
async fn http_endpoints_go_through_the_proxy_in_absolute_form() {
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
async fn https_endpoints_go_through_a_connect_tunnel() {
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
async fn no_proxy_and_disabled_proxies_connect_directly() {
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
async fn a_proxy_that_refuses_is_named_without_its_password() {
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
