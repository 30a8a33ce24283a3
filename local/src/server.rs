//! The HTTP/1.1 server: one task per connection, at most `--max-connections` of them (further
//! clients wait to be accepted), request bodies limited to 1 MiB, slow or idle clients timed out,
//! one log line per request (never a secret or a contact's name), and a graceful stop that lets
//! requests in flight finish.

use crate::service::{Answer, Service};
use crate::wire::ReceivedRequest;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// The largest request body the service reads.
pub const MAX_BODY: usize = 1024 * 1024;
/// How long a client may take to send a request's headers (also the idle time allowed between
/// requests on one connection).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send a request's body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a stop waits for requests in flight.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// The connection is dropped without an answer (an injected reset).
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}

impl std::error::Error for Dropped {}

fn plain(status: u16, code: &str, message: &str) -> Response<Full<Bytes>> {
    let body = format!(
        "{{\"message\": {}}}",
        serde_json::Value::String(message.to_owned())
    );
    Response::builder()
        .status(status)
        .header("Content-Type", "application/json")
        .header("X-Amzn-ErrorType", code)
        .body(Full::new(Bytes::from(body)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

async fn answer(
    service: Arc<Service>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let mut received = ReceivedRequest {
        method: parts.method.as_str().to_owned(),
        uri: parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned()),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| {
                let value = match std::str::from_utf8(value.as_bytes()) {
                    Ok(text) => text.to_owned(),
                    Err(_) => String::from_utf8_lossy(value.as_bytes()).into_owned(),
                };
                (name.as_str().to_owned(), value)
            })
            .collect(),
        body: Vec::new(),
    };
    let log = |received: &ReceivedRequest, status: u16, operation: &str| {
        tracing::info!(
            method = %received.method,
            path = received.path(),
            operation,
            status,
            micros = started.elapsed().as_micros() as u64,
            "request"
        );
    };
    received.body =
        match tokio::time::timeout(BODY_TIMEOUT, Limited::new(body, MAX_BODY).collect()).await {
            Ok(Ok(collected)) => Vec::from(collected.to_bytes()),
            Ok(Err(error)) if error.is::<http_body_util::LengthLimitError>() => {
                log(&received, 413, "-");
                return Ok(plain(
                    413,
                    "RequestEntityTooLargeException",
                    "The request body is larger than 1 MiB.",
                ));
            }
            Ok(Err(_)) => {
                log(&received, 400, "-");
                return Ok(plain(
                    400,
                    "SerializationException",
                    "The request body could not be read.",
                ));
            }
            Err(_) => {
                log(&received, 408, "-");
                return Ok(plain(
                    408,
                    "RequestTimeoutException",
                    "The request body took too long to arrive.",
                ));
            }
        };
    let (answered, operation) = service.handle(&received).await;
    match answered {
        Answer::Drop => {
            log(&received, 0, operation);
            Err(Dropped)
        }
        Answer::Respond(response) => {
            log(&received, response.status, operation);
            let mut builder = Response::builder().status(response.status);
            for (name, value) in &response.headers {
                builder = builder.header(name.as_str(), value.as_str());
            }
            Ok(builder
                .body(Full::new(Bytes::from(response.body)))
                .unwrap_or_else(|_| {
                    plain(
                        500,
                        "InternalServiceException",
                        "the response could not be built",
                    )
                }))
        }
    }
}

/// Serves connections from `listener` until `stop` turns true, then lets requests in flight
/// finish (for at most [`DRAIN_TIMEOUT`]).
pub async fn run(listener: TcpListener, service: Arc<Service>, mut stop: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    let slots = Arc::new(tokio::sync::Semaphore::new(service.options.max_connections));
    loop {
        // A connection is accepted only when a slot is free; until then it waits in the backlog.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            _ = stop.changed() => break,
        };
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.changed() => break,
        };
        let Ok((stream, _)) = accepted else {
            // Out of descriptors or a connection reset before it was accepted: keep serving.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = service.clone();
        let mut stop = stop.clone();
        connections.spawn(async move {
            let _slot = slot;
            let io = TokioIo::new(stream);
            let handler = service_fn(move |request| answer(service.clone(), request));
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(io, handler);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stop.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
        // Forget connections that are done, so the set does not grow.
        while connections.try_join_next().is_some() {}
    }
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
}
