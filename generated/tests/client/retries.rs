//! Retries: the client token kept, 5xx and resets retried, the policy's backoffs, read,
//! attempt and operation timeouts, adaptive mode's send rate, a pooled connection that breaks.

use super::*;

#[tokio::test]
pub(crate) async fn throttling_then_success_reuses_the_client_token() {
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
pub(crate) async fn server_errors_and_resets_are_retried() {
    let server = Server::start(vec![respond(500, "{}"), Step::Reset, respond(200, SUCCESS)]);
    let client = Client::new(&config(&server.url));
    let output = call(&client).send().await.unwrap();
    assert_eq!(output.contact_id.as_deref(), Some("c-1"));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
pub(crate) async fn exhausted_retries_report_the_last_error() {
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
pub(crate) async fn read_timeouts_are_retried_then_reported() {
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

/// Three answers, two of them throttling, to a client in `mode`; the requests the server saw
/// and what the client logged.
pub(crate) async fn throttled_twice(mode: RetryMode) -> (usize, String) {
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
pub(crate) async fn adaptive_mode_cuts_its_send_rate_on_throttling_and_standard_mode_does_not() {
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
pub(crate) async fn a_pooled_connection_that_breaks_mid_response_is_retried_by_the_policy() {
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
pub(crate) async fn attempt_and_operation_timeouts_bound_the_call() {
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
