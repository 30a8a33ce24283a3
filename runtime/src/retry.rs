//! Retries: AWS "standard" mode (exponential backoff with jitter, a retry quota) and "adaptive"
//! mode (standard plus a client-side rate limiter that slows down on throttling).

use crate::transport::TransportErrorKind;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Error codes that mean "slow down".
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes of transient failures.
pub const TRANSIENT_CODES: &[&str] =
    &["RequestTimeout", "RequestTimeoutException", "InternalError"];

/// Status codes of transient failures.
pub const TRANSIENT_STATUS: &[u16] = &[500, 502, 503, 504];

/// Which retry behaviour to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryMode {
    /// Exponential backoff with jitter and a retry quota.
    Standard,
    /// Standard, plus client-side rate limiting that backs off on throttling.
    Adaptive,
}

impl RetryMode {
    /// Parses `standard`, `adaptive` or `legacy` (treated as standard).
    pub fn parse(text: &str) -> Option<RetryMode> {
        match text.trim().to_ascii_lowercase().as_str() {
            "standard" | "legacy" => Some(RetryMode::Standard),
            "adaptive" => Some(RetryMode::Adaptive),
            _ => None,
        }
    }
}

/// Retry settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    pub mode: RetryMode,
    /// Attempts per call, the first included (1 disables retries).
    pub max_attempts: u32,
    /// The backoff before retry `n` is drawn from `[0, initial_backoff * 2^(n-1)]`.
    pub initial_backoff: Duration,
    /// No backoff is longer than this.
    pub max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            mode: RetryMode::Standard,
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }
}

/// How an attempt failed, for retry decisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Throttled by the service.
    Throttling,
    /// A transient service error (5xx, request timeout codes).
    Transient,
    /// A connection or I/O error before a response arrived.
    Io,
    /// No response within the timeout.
    Timeout,
    /// Anything else: not worth retrying.
    Permanent,
}

impl Failure {
    /// Classifies a service error by what the model says of it, its code and its status.
    pub fn classify(code: Option<&str>, status: u16, modelled: Option<Failure>) -> Failure {
        if modelled == Some(Failure::Throttling)
            || code.is_some_and(|c| THROTTLING_CODES.contains(&c))
        {
            Failure::Throttling
        } else if modelled.is_some()
            || code.is_some_and(|c| TRANSIENT_CODES.contains(&c))
            || TRANSIENT_STATUS.contains(&status)
        {
            Failure::Transient
        } else {
            Failure::Permanent
        }
    }

    /// Classifies a failure to get any response.
    pub fn from_transport(kind: TransportErrorKind) -> Failure {
        match kind {
            TransportErrorKind::ReadTimeout
            | TransportErrorKind::ConnectTimeout
            | TransportErrorKind::AttemptTimeout => Failure::Timeout,
            TransportErrorKind::Connect | TransportErrorKind::Io | TransportErrorKind::Proxy => {
                Failure::Io
            }
            // A malformed request, an untrusted certificate or an oversized answer stays that
            // way; the operation's time is spent.
            TransportErrorKind::Request
            | TransportErrorKind::Tls
            | TransportErrorKind::ResponseTooLarge
            | TransportErrorKind::OperationTimeout => Failure::Permanent,
        }
    }

    fn is_retryable(self) -> bool {
        !matches!(self, Failure::Permanent)
    }
}

/// The retry quota shared by all calls of a client (AWS standard mode's token bucket).
#[derive(Debug)]
pub struct RetryQuota {
    tokens: Mutex<u32>,
}

const QUOTA: u32 = 500;
const RETRY_COST: u32 = 5;
const TIMEOUT_COST: u32 = 10;
const SUCCESS_REFUND: u32 = 1;

impl Default for RetryQuota {
    fn default() -> Self {
        RetryQuota {
            tokens: Mutex::new(QUOTA),
        }
    }
}

impl RetryQuota {
    /// Takes the cost of a retry after `failure`; `None` when the quota is spent.
    pub fn acquire(&self, failure: Failure) -> Option<u32> {
        let cost = if matches!(failure, Failure::Timeout) {
            TIMEOUT_COST
        } else {
            RETRY_COST
        };
        let mut tokens = self.tokens.lock().ok()?;
        if *tokens < cost {
            return None;
        }
        *tokens -= cost;
        Some(cost)
    }

    /// Gives back what a successful call's retries took, or a little for a first-try success.
    pub fn release(&self, taken: u32) {
        if let Ok(mut tokens) = self.tokens.lock() {
            let refund = if taken == 0 { SUCCESS_REFUND } else { taken };
            *tokens = (*tokens + refund).min(QUOTA);
        }
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        self.tokens.lock().map(|t| *t).unwrap_or(0)
    }
}

/// The backoff before retry number `retry` (1 for the first retry), given a draw in `[0, 1)`.
pub fn backoff(config: &RetryConfig, retry: u32, draw: f64) -> Duration {
    let exponent = retry.saturating_sub(1).min(30);
    let ceiling = config.initial_backoff.as_secs_f64() * f64::from(1u32 << exponent);
    Duration::from_secs_f64((draw.clamp(0.0, 1.0) * ceiling).min(config.max_backoff.as_secs_f64()))
}

/// A uniform draw in `[0, 1)` from the operating system's generator.
pub fn jitter() -> f64 {
    let mut bytes = [0u8; 8];
    if crate::random::fill(&mut bytes).is_err() {
        return 0.5;
    }
    (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
}

/// Adaptive mode's client-side rate limiter: a token bucket whose rate follows CUBIC, cut on
/// throttling and grown back on success.
#[derive(Debug)]
pub struct RateLimiter {
    state: Mutex<LimiterState>,
    start: Instant,
}

#[derive(Debug)]
struct LimiterState {
    enabled: bool,
    fill_rate: f64,
    max_capacity: f64,
    capacity: f64,
    last_refill: Option<f64>,
    measured_rate: f64,
    last_rate_bucket: f64,
    request_count: u64,
    last_max_rate: f64,
    last_throttle: f64,
    time_window: f64,
}

const MIN_FILL_RATE: f64 = 0.5;
const MIN_CAPACITY: f64 = 1.0;
const SMOOTH: f64 = 0.8;
const BETA: f64 = 0.7;
const SCALE: f64 = 0.4;

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter {
            state: Mutex::new(LimiterState {
                enabled: false,
                fill_rate: 0.0,
                max_capacity: 0.0,
                capacity: 0.0,
                last_refill: None,
                measured_rate: 0.0,
                last_rate_bucket: 0.0,
                request_count: 0,
                last_max_rate: 0.0,
                last_throttle: 0.0,
                time_window: 0.0,
            }),
            start: Instant::now(),
        }
    }
}

impl RateLimiter {
    fn now(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// How long to wait before sending (zero until the first throttle switches the limiter on).
    pub fn delay_before_send(&self) -> Duration {
        let now = self.now();
        let Ok(mut state) = self.state.lock() else {
            return Duration::ZERO;
        };
        state.delay_at(now)
    }

    /// Records a response: throttled or not.
    pub fn on_response(&self, throttled: bool) {
        self.on_response_at(throttled, self.now());
    }

    /// The current sending rate limit in requests per second, when the limiter is on.
    pub fn rate(&self) -> Option<f64> {
        let state = self.state.lock().ok()?;
        state.enabled.then_some(state.fill_rate)
    }

    /// Records a response at an explicit time (seconds), for tests of the algorithm.
    pub fn on_response_at(&self, throttled: bool, now: f64) {
        if let Ok(mut state) = self.state.lock() {
            state.update_at(throttled, now);
        }
    }
}

impl LimiterState {
    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_refill {
            self.capacity = (self.capacity + (now - last) * self.fill_rate).min(self.max_capacity);
        }
        self.last_refill = Some(now);
    }

    fn delay_at(&mut self, now: f64) -> Duration {
        if !self.enabled {
            return Duration::ZERO;
        }
        self.refill(now);
        if self.capacity >= 1.0 {
            self.capacity -= 1.0;
            return Duration::ZERO;
        }
        let wait = (1.0 - self.capacity) / self.fill_rate.max(MIN_FILL_RATE);
        self.capacity -= 1.0;
        Duration::from_secs_f64(wait.max(0.0))
    }

    fn update_measured_rate(&mut self, now: f64) {
        let bucket = (now * 2.0).floor() / 2.0;
        self.request_count += 1;
        if bucket > self.last_rate_bucket {
            let current = self.request_count as f64 / (bucket - self.last_rate_bucket);
            self.measured_rate = current * SMOOTH + self.measured_rate * (1.0 - SMOOTH);
            self.request_count = 0;
            self.last_rate_bucket = bucket;
        }
    }

    fn update_at(&mut self, throttled: bool, now: f64) {
        self.update_measured_rate(now);
        let new_rate = if throttled {
            let rate_to_use = if self.enabled {
                self.measured_rate.min(self.fill_rate)
            } else {
                self.measured_rate
            };
            self.last_max_rate = rate_to_use;
            self.time_window = (self.last_max_rate * (1.0 - BETA) / SCALE).cbrt();
            self.last_throttle = now;
            self.enabled = true;
            rate_to_use * BETA
        } else {
            SCALE * (now - self.last_throttle - self.time_window).powi(3) + self.last_max_rate
        };
        let rate = new_rate.min(2.0 * self.measured_rate);
        self.refill(now);
        self.fill_rate = rate.max(MIN_FILL_RATE);
        self.max_capacity = rate.max(MIN_CAPACITY);
        self.capacity = self.capacity.min(self.max_capacity);
    }
}

/// One call's retry bookkeeping.
#[derive(Debug)]
pub struct Attempts<'a> {
    config: &'a RetryConfig,
    quota: &'a RetryQuota,
    /// Attempts made so far.
    pub made: u32,
    taken: u32,
}

impl<'a> Attempts<'a> {
    pub fn new(config: &'a RetryConfig, quota: &'a RetryQuota) -> Self {
        Attempts {
            config,
            quota,
            made: 0,
            taken: 0,
        }
    }

    /// After a failed attempt: the backoff before the next one, or `None` to give up (not
    /// retryable, attempts used up, or the quota spent).
    pub fn retry_after(&mut self, failure: Failure) -> Option<Duration> {
        if !failure.is_retryable() || self.made >= self.config.max_attempts {
            return None;
        }
        self.taken += self.quota.acquire(failure)?;
        Some(backoff(self.config, self.made, jitter()))
    }

    /// After a successful attempt.
    pub fn succeeded(&self) {
        self.quota.release(self.taken);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let config = RetryConfig::default();
        assert_eq!(backoff(&config, 1, 1.0), Duration::from_secs(1));
        assert_eq!(backoff(&config, 3, 1.0), Duration::from_secs(4));
        assert_eq!(backoff(&config, 10, 1.0), Duration::from_secs(20));
        assert_eq!(backoff(&config, 2, 0.0), Duration::ZERO);
        let draws: Vec<f64> = (0..100).map(|_| jitter()).collect();
        assert!(draws.iter().all(|d| (0.0..1.0).contains(d)));
    }

    #[test]
    fn quota_runs_out_and_refills() {
        let quota = RetryQuota::default();
        let mut spent = 0;
        while quota.acquire(Failure::Transient).is_some() {
            spent += 1;
        }
        assert_eq!(spent, 100);
        quota.release(5);
        assert_eq!(quota.available(), 5);
        assert!(
            quota.acquire(Failure::Timeout).is_none(),
            "a timeout costs 10"
        );
    }

    #[test]
    fn classification() {
        assert_eq!(
            Failure::classify(Some("ThrottlingException"), 429, None),
            Failure::Throttling
        );
        assert_eq!(Failure::classify(None, 503, None), Failure::Transient);
        assert_eq!(
            Failure::classify(Some("ResourceNotFoundException"), 404, None),
            Failure::Permanent
        );
        assert_eq!(
            Failure::classify(Some("Anything"), 400, Some(Failure::Throttling)),
            Failure::Throttling
        );
    }

    #[test]
    fn adaptive_rate_drops_on_throttling_and_recovers() {
        let limiter = RateLimiter::default();
        assert_eq!(limiter.rate(), None, "off until the first throttle");
        for i in 0..40 {
            limiter.on_response_at(false, f64::from(i) * 0.05);
        }
        limiter.on_response_at(true, 2.0);
        let after_throttle = limiter.rate().expect("on after a throttle");
        for i in 0..200 {
            limiter.on_response_at(false, 2.0 + f64::from(i) * 0.05);
        }
        let recovered = limiter.rate().unwrap();
        assert!(
            recovered > after_throttle,
            "{recovered} should exceed {after_throttle}"
        );
        limiter.on_response_at(true, 12.5);
        assert!(limiter.rate().unwrap() < recovered);
    }
}
