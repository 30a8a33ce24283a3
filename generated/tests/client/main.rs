//! The client over real HTTP on 127.0.0.1 against a server that checks signatures: success, every
//! modelled error, unknown errors, throttling, 5xx, resets and timeouts with retries, proxies,
//! and validation failures that never send anything.

mod logs;
#[path = "../modelled/mod.rs"]
mod modelled;
mod proxies;
mod retries;
#[path = "../support/mod.rs"]
mod support;
mod tls;

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
use logs::{capture_log, retry_delays};
use std::time::Duration;
use support::{error, respond, signed, Server, ServerIdentity, Step};
use tls::{temp_file, tls_server};

pub(crate) const SUCCESS: &str = r#"{"ContactId": "c-1", "ContactArn": "arn:aws:connect:us-east-1:111122223333:instance/i-1/contact/c-1"}"#;

pub(crate) fn credentials() -> Credentials {
    Credentials::new(
        "AKIDTEST",
        "secret/key+value",
        Some("session-token".into()),
        None,
        "test",
    )
}

/// A hermetic configuration (no process environment or files) aimed at the test server.
pub(crate) fn builder(url: &str) -> ConfigBuilder {
    Config::builder()
        .env(Env::default())
        .region("us-east-1")
        .credentials(credentials())
        .endpoint_url(url)
        .initial_backoff(Duration::from_millis(40))
        .read_timeout(Some(Duration::from_millis(400)))
        .connect_timeout(Some(Duration::from_millis(400)))
}

pub(crate) fn config(url: &str) -> Config {
    builder(url).build().unwrap()
}

pub(crate) fn call(
    client: &Client,
) -> connect_sdk::operations::create_contact::CreateContactFluentBuilder {
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
