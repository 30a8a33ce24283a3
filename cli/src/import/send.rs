//! Sending the records: a few at a time, at the pace the service accepts, each retried with its
//! own client token until it is answered for good.
//!
//! The pace is a client-side rate limiter ([`Pace`]): throttling answers lower the rate, successes
//! raise it back, so throttles are absorbed rather than reported. `--max-rate` caps it. Transient failures (5xx, connection resets, timeouts) are
//! retried with backoff; because every attempt of a record carries the same client token, a
//! retry after a reset that came after the service committed finds the same contact.

use super::journal::{Outcome, Status};
use crate::model::{CallFailure, Command};
use connect_runtime::client::Handle;
use connect_runtime::retry::{self, Failure, RetryConfig, RetryMode};
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// Throttling answers one record may get before it is reported as failed.
const MAX_THROTTLED: u32 = 100;
/// Transient failures one record may get before it is reported as failed.
const MAX_TRANSIENT: u32 = 15;

/// Backoff between transient failures of one record.
fn backoff_config() -> RetryConfig {
    RetryConfig {
        mode: RetryMode::Standard,
        max_attempts: MAX_TRANSIENT + 1,
        initial_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_secs(5),
    }
}

/// One record to send.
#[derive(Clone, Debug)]
pub struct Job {
    pub number: usize,
    pub line: usize,
    /// The checked CreateContact input, client token included.
    pub value: Value,
    /// The ContactId an earlier run of the same import got for this record, if any.
    pub earlier: Option<String>,
}

/// Each throttling answer multiplies the rate by one minus this.
const CUT: f64 = 0.05;
/// Without throttling the rate grows by this factor's exponential per second (about 1.5 a second).
const GROWTH: f64 = 0.4;
/// The rate never goes below this many requests a second.
const MIN_RATE: f64 = 1.0;
/// The window the sending rate is measured over.
const MEASURE: Duration = Duration::from_secs(1);

/// The pace of sending: unlimited until the service first throttles; from then on a rate that
/// every throttling answer cuts by 5% (`CUT`) and that grows steadily in time (`GROWTH`), never
/// above twice the rate actually measured. `--max-rate` caps it.
///
/// Above a service's limit the throttled share of answers settles near `GROWTH / CUT` divided by
/// the limit (about 4% at 200 requests a second), while a service that throttles a fixed share of
/// requests at random (as fault injection does) settles the rate near `GROWTH / CUT` divided by
/// that share instead of driving it to nothing.
pub struct Pace {
    cap: Option<f64>,
    rate: Cell<Option<f64>>,
    /// When the rate last grew.
    grown: Cell<Instant>,
    /// When the next request may go.
    next: Cell<Option<Instant>>,
    /// Send times within the last [`MEASURE`].
    sent: RefCell<VecDeque<Instant>>,
}

impl Pace {
    pub fn new(cap: Option<f64>) -> Pace {
        Pace {
            cap,
            rate: Cell::new(None),
            grown: Cell::new(Instant::now()),
            next: Cell::new(None),
            sent: RefCell::new(VecDeque::new()),
        }
    }

    /// The rate requests went at over the last [`MEASURE`].
    fn measured(&self, now: Instant) -> f64 {
        let mut sent = self.sent.borrow_mut();
        while sent
            .front()
            .is_some_and(|t| now.duration_since(*t) > MEASURE)
        {
            sent.pop_front();
        }
        sent.len() as f64 / MEASURE.as_secs_f64()
    }

    /// Grows the adaptive rate for the time since it last grew.
    fn grow(&self, now: Instant) {
        let elapsed = now.duration_since(self.grown.get()).as_secs_f64();
        self.grown.set(now);
        if let Some(rate) = self.rate.get() {
            let ceiling = (2.0 * self.measured(now)).max(MIN_RATE).max(rate);
            self.rate
                .set(Some((rate * (GROWTH * elapsed).exp()).min(ceiling)));
        }
    }

    /// The limit now: the adaptive rate and the cap, whichever is lower.
    pub fn rate(&self) -> Option<f64> {
        match (self.rate.get(), self.cap) {
            (Some(rate), Some(cap)) => Some(rate.min(cap)),
            (rate, cap) => rate.or(cap),
        }
    }

    /// Waits until one more request may go.
    async fn admit(&self) {
        let now = Instant::now();
        self.grow(now);
        let wait = match self.rate() {
            Some(rate) => {
                let slot = self.next.get().map_or(now, |next| next.max(now));
                self.next
                    .set(Some(slot + Duration::from_secs_f64(1.0 / rate)));
                slot - now
            }
            None => Duration::ZERO,
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        self.sent.borrow_mut().push_back(Instant::now());
    }

    /// A throttling answer.
    fn throttled(&self) {
        let now = Instant::now();
        self.grow(now);
        let base = self.rate.get().unwrap_or_else(|| self.measured(now));
        self.rate.set(Some((base * (1.0 - CUT)).max(MIN_RATE)));
    }
}

/// Counts shared by the senders.
#[derive(Debug, Default)]
pub struct Tally {
    pub attempts: Cell<u64>,
    pub throttles: Cell<u64>,
    pub transient: Cell<u64>,
    /// A configuration problem (no credentials, no region) stops every sender.
    pub fatal: RefCell<Option<String>>,
}

fn bump(counter: &Cell<u64>) {
    counter.set(counter.get() + 1);
}

/// Sends one record until it is answered for good.
async fn send_one(
    command: &Command,
    handle: &Handle,
    pace: &Pace,
    tally: &Tally,
    job: &Job,
) -> Outcome {
    let finish = |status, contact, error| Outcome {
        number: job.number,
        line: job.line,
        status,
        contact,
        error,
    };
    let failed = |code: &str, message: String| {
        finish(Status::Failed, None, Some((code.to_owned(), message)))
    };
    let (mut throttled, mut transient) = (0, 0);
    loop {
        pace.admit().await;
        bump(&tally.attempts);
        let failure = match (command.run)(handle, &job.value).await {
            Ok(body) => {
                return match contact_of(&body) {
                    Some((id, arn)) => {
                        let status = if job.earlier.as_deref() == Some(id.as_str()) {
                            Status::Present
                        } else {
                            Status::Created
                        };
                        finish(status, Some((id, arn)), None)
                    }
                    None => failed(
                        "InvalidResponse",
                        "the response has no ContactId and ContactArn".to_owned(),
                    ),
                };
            }
            Err(failure) => failure,
        };
        let (code, message, kind) = match failure {
            CallFailure::Service {
                code,
                message,
                retry,
            } => (code, message, retry),
            CallFailure::Unanswered { message, retry } => {
                ("RequestFailed".to_owned(), message, retry)
            }
            CallFailure::Other(message) => {
                ("InvalidResponse".to_owned(), message, Failure::Permanent)
            }
            CallFailure::Input(message) => return failed("InvalidInput", message),
            CallFailure::Configuration(message) => {
                tally.fatal.borrow_mut().get_or_insert(message.clone());
                return failed("Configuration", message);
            }
        };
        match kind {
            Failure::Throttling => {
                pace.throttled();
                bump(&tally.throttles);
                throttled += 1;
                if throttled > MAX_THROTTLED {
                    return failed(&code, message);
                }
            }
            Failure::Transient | Failure::Io | Failure::Timeout => {
                bump(&tally.transient);
                transient += 1;
                if transient > MAX_TRANSIENT {
                    return failed(&code, message);
                }
                let wait = retry::backoff(&backoff_config(), transient, retry::jitter());
                tokio::time::sleep(wait).await;
            }
            Failure::Permanent => {
                return failed(&code, message);
            }
        }
    }
}

/// ContactId and ContactArn of a CreateContact response body.
fn contact_of(body: &[u8]) -> Option<(String, String)> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let text = |key: &str| value.get(key)?.as_str().map(str::to_owned);
    Some((text("ContactId")?, text("ContactArn")?))
}

/// What the senders share.
pub struct Senders {
    pub command: &'static Command,
    pub handle: Rc<Handle>,
    pub pace: Rc<Pace>,
    pub tally: Rc<Tally>,
    /// Set to stop taking new records (Ctrl-C, or a configuration problem).
    pub stop: Rc<Cell<bool>>,
}

/// Sends every job with `concurrency` senders and hands each outcome to `event` as it comes
/// (`Some`), and `None` at least every 200 ms between them, for progress. Must run inside a
/// `LocalSet`. Returns how many jobs were not sent (after a stop).
pub async fn send_all(
    senders: &Senders,
    jobs: Vec<Job>,
    concurrency: usize,
    mut event: impl FnMut(Option<Outcome>) -> Result<(), String>,
) -> Result<usize, String> {
    let queue = Rc::new(RefCell::new(VecDeque::from(jobs)));
    let (done, mut outcomes) = tokio::sync::mpsc::unbounded_channel();
    for _ in 0..concurrency {
        let (queue, done) = (queue.clone(), done.clone());
        let (command, handle) = (senders.command, senders.handle.clone());
        let (pace, tally, stop) = (
            senders.pace.clone(),
            senders.tally.clone(),
            senders.stop.clone(),
        );
        tokio::task::spawn_local(async move {
            loop {
                if stop.get() || tally.fatal.borrow().is_some() {
                    return;
                }
                let Some(job) = queue.borrow_mut().pop_front() else {
                    return;
                };
                let outcome = send_one(command, &handle, &pace, &tally, &job).await;
                if done.send(outcome).is_err() {
                    return;
                }
            }
        });
    }
    drop(done);
    loop {
        match tokio::time::timeout(Duration::from_millis(200), outcomes.recv()).await {
            Ok(Some(outcome)) => event(Some(outcome))?,
            Ok(None) => break,
            Err(_) => event(None)?,
        }
    }
    let left = queue.borrow().len();
    Ok(left)
}
