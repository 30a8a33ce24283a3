//! What the client logs: calls and attempts as spans, no secrets; and reading the log back.

use super::*;

/// Collects what a `tracing` subscriber writes.
#[derive(Clone, Default)]
pub(crate) struct LogBuffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

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
pub(crate) async fn calls_and_attempts_are_traced_without_secrets() {
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
pub(crate) fn capture_log() -> (LogBuffer, tracing::subscriber::DefaultGuard) {
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
pub(crate) fn retry_delays(log: &str) -> Vec<Duration> {
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
    pub(crate) fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}
