//! The default transport against scripted HTTP/1.1 servers on loopback: body framing, interim
//! responses, connection reuse, a pooled connection the server closed, a connection that broke
//! mid-response (not sent again), stalled and oversized bodies, and broken responses.

use connect_runtime::http::HttpResponse;
use connect_runtime::transport::{
    Http1Transport, HttpTransport, OutgoingRequest, Timeouts, TlsSettings, TransportError,
    TransportErrorKind,
};
use connect_runtime::url::Url;
use connect_test_support::server::{Server, Step};
use std::time::Duration;

/// The workspace's scripted server answering each request it reads with the next of `answers`
/// (raw bytes), on whichever connection it arrives, and closing a connection without an answer
/// once they are used up; `close_after` closes a connection after that many answers.
fn serve(answers: Vec<&'static str>, close_after: usize) -> Server {
    let mut script: Vec<Step> = answers.into_iter().map(Step::Raw).collect();
    script.push(Step::Reset);
    Server::closing_after(script, close_after)
}

fn request(url: &str, headers: Vec<(String, String)>) -> OutgoingRequest {
    OutgoingRequest {
        method: "PUT",
        url: Url::parse(&format!("{url}/contact/create-contact")).unwrap(),
        headers,
        body: bytes::Bytes::from_static(b"{}"),
    }
}

fn transport() -> Http1Transport {
    Http1Transport::new(
        Timeouts {
            connect: Some(Duration::from_secs(5)),
            read: Some(Duration::from_secs(5)),
            ..Timeouts::default()
        },
        &TlsSettings::default(),
    )
    .unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Sends `count` requests one after another (each after the server is done with the one before)
/// to a server answering with `answers`; their outcomes and the connections opened.
fn exchange(
    answers: Vec<&'static str>,
    close_after: usize,
    count: usize,
) -> (Vec<Result<HttpResponse, TransportError>>, usize) {
    exchange_with(transport(), answers, close_after, count)
}

fn exchange_with(
    transport: Http1Transport,
    answers: Vec<&'static str>,
    close_after: usize,
    count: usize,
) -> (Vec<Result<HttpResponse, TransportError>>, usize) {
    let server = serve(answers, close_after);
    let outcomes = runtime().block_on(async {
        let mut outcomes = Vec::new();
        for _ in 0..count {
            outcomes.push(transport.send(request(&server.url, Vec::new())).await);
            // Every connection the server is done with is closed before the next request, so
            // that the transport meets a closed pooled connection the same way on every run.
            server.wait_until_settled();
        }
        outcomes
    });
    (outcomes, server.connections())
}

#[test]
fn chunked_bodies_are_joined_and_the_connection_is_reused() {
    let (outcomes, connections) = exchange(
        vec![
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Amzn-RequestId: r1\r\n\r\n\
             5;ext=1\r\n{\"a\":\r\n3\r\n 1}\r\n0\r\nTrailer: x\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
        ],
        usize::MAX,
        2,
    );
    let first = outcomes[0].as_ref().unwrap();
    assert_eq!(first.body, b"{\"a\": 1}");
    assert_eq!(first.header("x-amzn-requestid"), Some("r1"));
    assert_eq!(outcomes[1].as_ref().unwrap().body, b"{}");
    assert_eq!(connections, 1);
}

#[test]
fn interim_responses_are_skipped_and_unframed_bodies_end_with_the_connection() {
    let (outcomes, connections) = exchange(
        vec![
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil close",
            "HTTP/1.1 204 No Content\r\n\r\n",
        ],
        1,
        2,
    );
    let first = outcomes[0].as_ref().unwrap();
    assert_eq!(
        (first.status, first.body.as_slice()),
        (200, &b"until close"[..])
    );
    let second = outcomes[1].as_ref().unwrap();
    assert_eq!((second.status, second.body.len()), (204, 0));
    assert_eq!(connections, 2);
}

#[test]
fn a_pooled_connection_the_server_closed_is_replaced_without_an_error() {
    // Each connection answers once and is then closed by the server, though the response said
    // nothing about closing: the second request meets a dead pooled connection.
    let (outcomes, connections) = exchange(
        vec![
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na",
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb",
        ],
        1,
        2,
    );
    let bodies: Vec<&[u8]> = outcomes
        .iter()
        .map(|outcome| outcome.as_ref().unwrap().body.as_slice())
        .collect();
    assert_eq!(bodies, [&b"a"[..], &b"b"[..]]);
    assert_eq!(connections, 2);
}

#[test]
fn broken_responses_and_requests_are_typed_errors() {
    let (outcomes, _) = exchange(
        vec![
            "HTTP/1.1 200 OK\r\nContent-Length: nine\r\n\r\n",
            "not http at all\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
        ],
        1,
        3,
    );
    for (outcome, expected) in outcomes.iter().zip([
        "invalid content-length",
        "invalid HTTP version",
        "end of file before message length reached",
    ]) {
        let error = outcome.as_ref().unwrap_err();
        assert_eq!(error.kind, TransportErrorKind::Io, "{error}");
        assert!(error.message.contains(expected), "{error}");
    }
    let transport = transport();
    runtime().block_on(async {
        let smuggled = vec![("X-A".to_owned(), "1\r\nX-B: 2".to_owned())];
        let error = transport
            .send(request("http://127.0.0.1:9", smuggled))
            .await
            .unwrap_err();
        assert_eq!(error.kind, TransportErrorKind::Request, "{error}");
        let error = transport
            .send(request("http://127.0.0.1:1", Vec::new()))
            .await
            .unwrap_err();
        assert_eq!(error.kind, TransportErrorKind::Connect, "{error}");
    });
}

#[test]
fn a_reused_connection_that_breaks_mid_response_is_not_sent_again() {
    // The second answer starts and then the connection closes: the server may have acted, so the
    // transport reports the failure (for the retry policy to judge) instead of sending again.
    let (outcomes, connections) = exchange(
        vec![
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na",
            "HTTP/1.1 200 OK\r\nContent-Le",
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nc",
        ],
        2,
        2,
    );
    assert_eq!(outcomes[0].as_ref().unwrap().body, b"a");
    let error = outcomes[1].as_ref().unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::Io, "{error}");
    assert_eq!(
        connections, 1,
        "the request was sent again on a new connection"
    );
}

#[test]
fn a_body_that_stops_arriving_times_out() {
    let transport = Http1Transport::new(
        Timeouts {
            read: Some(Duration::from_millis(300)),
            ..Timeouts::default()
        },
        &TlsSettings::default(),
    )
    .unwrap();
    let (outcomes, _) = exchange_with(
        transport,
        vec!["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nfirst"],
        usize::MAX,
        1,
    );
    let error = outcomes[0].as_ref().unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::ReadTimeout, "{error}");
}

#[test]
fn bodies_over_the_limit_are_refused() {
    let (outcomes, _) = exchange_with(
        transport().with_max_response_body(16),
        vec![
            "HTTP/1.1 200 OK\r\nContent-Length: 1000000000000\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n1\r\nx\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 16\r\n\r\n0123456789abcdef",
        ],
        1,
        3,
    );
    for outcome in &outcomes[..2] {
        let error = outcome.as_ref().unwrap_err();
        assert_eq!(error.kind, TransportErrorKind::ResponseTooLarge, "{error}");
        assert!(error.message.contains("limit of 16 bytes"), "{error}");
    }
    assert!(outcomes[0]
        .as_ref()
        .unwrap_err()
        .message
        .contains("1000000000000"));
    assert_eq!(outcomes[2].as_ref().unwrap().body, b"0123456789abcdef");
}
