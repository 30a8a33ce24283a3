//! Misbehaving on request, so clients' retries can be tested: throttling, internal errors, dropped
//! connections (before or after the contact is stored), added latency; and a token-bucket request
//! limit per account, as the real service applies to CreateContact.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How often each fault happens, as a probability from 0 to 1, and the latency added to every
/// request.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Faults {
    pub throttle: f64,
    pub internal: f64,
    pub reset: f64,
    pub reset_after_commit: f64,
    pub latency: Duration,
    /// Draws faults from this seed (the same requests meet the same faults), not the operating
    /// system's generator.
    pub seed: Option<u64>,
}

/// What to do with one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    None,
    Throttle,
    Internal,
    /// Drop the connection without an answer.
    Reset,
    /// Store the contact, then drop the connection without an answer.
    ResetAfterCommit,
}

impl Faults {
    /// Reads `throttle=0.2,internal=0.05,reset=0.05,reset-after-commit=0.05,latency=20ms,seed=7`.
    pub fn parse(text: &str) -> Result<Faults, String> {
        let mut faults = Faults::default();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| format!("a fault is `name=value`, not `{part}`"))?;
            let probability = || -> Result<f64, String> {
                value
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|p| (0.0..=1.0).contains(p))
                    .ok_or_else(|| format!("{key} takes a probability from 0 to 1, not `{value}`"))
            };
            match key.trim() {
                "throttle" => faults.throttle = probability()?,
                "internal" => faults.internal = probability()?,
                "reset" => faults.reset = probability()?,
                "reset-after-commit" => faults.reset_after_commit = probability()?,
                "latency" => faults.latency = duration(value.trim())?,
                "seed" => {
                    faults.seed = Some(value.trim().parse().map_err(|_| {
                        format!("seed takes a whole number, not `{value}`")
                    })?)
                }
                other => {
                    return Err(format!(
                        "unknown fault `{other}` (throttle, internal, reset, reset-after-commit, latency, seed)"
                    ))
                }
            }
        }
        if faults.throttle + faults.internal + faults.reset + faults.reset_after_commit > 1.0 {
            return Err("the fault probabilities add up to more than 1".to_owned());
        }
        Ok(faults)
    }

    /// Whether no fault can happen (latency aside).
    pub fn is_quiet(&self) -> bool {
        self.throttle + self.internal + self.reset + self.reset_after_commit == 0.0
    }

    /// The fault for a request, drawn with `draw` (uniform in [0, 1)).
    pub fn pick(&self, draw: f64) -> Fault {
        let mut edge = self.throttle;
        if draw < edge {
            return Fault::Throttle;
        }
        edge += self.internal;
        if draw < edge {
            return Fault::Internal;
        }
        edge += self.reset;
        if draw < edge {
            return Fault::Reset;
        }
        edge += self.reset_after_commit;
        if draw < edge {
            return Fault::ResetAfterCommit;
        }
        Fault::None
    }
}

/// Where the faults' draws come from, and how many of each fault were drawn.
#[derive(Debug, Default)]
pub struct Draws {
    /// The state of the seeded generator (SplitMix64); `None`: the operating system's.
    seeded: Option<u64>,
    /// Faults drawn so far: throttle, internal, reset, reset after commit.
    counts: [u64; 4],
}

impl Draws {
    /// Draws from `seed` when there is one.
    pub fn new(seed: Option<u64>) -> Draws {
        Draws {
            seeded: seed,
            counts: [0; 4],
        }
    }

    /// The fault for the next request under `faults`, counted.
    pub fn next(&mut self, faults: &Faults) -> Fault {
        let draw = match &mut self.seeded {
            Some(state) => {
                *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
                let mut z = *state;
                z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                z ^= z >> 31;
                (z >> 11) as f64 / (1u64 << 53) as f64
            }
            None => os_draw(),
        };
        let fault = faults.pick(draw);
        let slot = match fault {
            Fault::None => None,
            Fault::Throttle => Some(0),
            Fault::Internal => Some(1),
            Fault::Reset => Some(2),
            Fault::ResetAfterCommit => Some(3),
        };
        if let Some(slot) = slot {
            self.counts[slot] += 1;
        }
        fault
    }

    /// What was drawn, as `GET /_local/faults` reports it.
    pub fn report(&self) -> String {
        let [throttle, internal, reset, after_commit] = self.counts;
        format!(
            "drawn: throttle={throttle} internal={internal} reset={reset} reset-after-commit={after_commit}"
        )
    }
}

/// A uniform number in [0, 1) from the operating system's generator.
fn os_draw() -> f64 {
    let mut bytes = [0u8; 8];
    if connect_runtime::random::fill(&mut bytes).is_err() {
        return 1.0;
    }
    (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
}

fn duration(text: &str) -> Result<Duration, String> {
    let (number, scale) = if let Some(ms) = text.strip_suffix("ms") {
        (ms, 0.001)
    } else if let Some(s) = text.strip_suffix('s') {
        (s, 1.0)
    } else {
        (text, 0.001)
    };
    number
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n >= 0.0 && *n * scale <= 60.0)
        .map(|n| Duration::from_secs_f64(n * scale))
        .ok_or_else(|| format!("latency takes a duration such as 20ms, not `{text}`"))
}

/// A token bucket per account: `rate` tokens a second, holding at most one second's worth.
pub struct RateLimit {
    rate: f64,
    buckets: Mutex<BTreeMap<String, (f64, Instant)>>,
}

impl RateLimit {
    pub fn new(rate: f64) -> RateLimit {
        RateLimit {
            rate,
            buckets: Mutex::new(BTreeMap::new()),
        }
    }

    /// Takes a token for the account; `false` when there is none left.
    pub fn admit(&self, account: &str) -> bool {
        let now = Instant::now();
        let Ok(mut buckets) = self.buckets.lock() else {
            return true;
        };
        let (tokens, last) = buckets
            .entry(account.to_owned())
            .or_insert((self.rate, now));
        *tokens =
            (*tokens + now.duration_since(*last).as_secs_f64() * self.rate).min(self.rate.max(1.0));
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_draws_repeat_and_are_counted() {
        let faults = Faults::parse("throttle=0.25,internal=0.25,reset=0.25,seed=42").unwrap();
        let run = || {
            let mut draws = Draws::new(faults.seed);
            let picked: Vec<Fault> = (0..64).map(|_| draws.next(&faults)).collect();
            (picked, draws.report())
        };
        let (first, report) = run();
        assert_eq!(run().0, first, "the same seed draws the same faults");
        for fault in [Fault::Throttle, Fault::Internal, Fault::Reset, Fault::None] {
            assert!(first.contains(&fault), "{fault:?} never drawn in {first:?}");
        }
        let throttles = first.iter().filter(|f| **f == Fault::Throttle).count();
        assert!(
            report.contains(&format!("throttle={throttles} ")),
            "{report}"
        );
        let mut other = Draws::new(Some(43));
        let second: Vec<Fault> = (0..64).map(|_| other.next(&faults)).collect();
        assert_ne!(second, first, "another seed, other draws");
    }

    #[test]
    fn faults_read_and_pick() {
        let faults = Faults::parse(
            "throttle=0.2, internal=0.05,reset=0.05,reset-after-commit=0.1,latency=20ms",
        )
        .unwrap();
        assert_eq!(faults.latency, Duration::from_millis(20));
        assert_eq!(faults.pick(0.1), Fault::Throttle);
        assert_eq!(faults.pick(0.22), Fault::Internal);
        assert_eq!(faults.pick(0.27), Fault::Reset);
        assert_eq!(faults.pick(0.35), Fault::ResetAfterCommit);
        assert_eq!(faults.pick(0.9), Fault::None);
        assert!(Faults::parse("throttle=2").is_err());
        assert!(Faults::parse("throttle=0.6,internal=0.6").is_err());
        assert!(Faults::parse("bogus=1").is_err());
        assert!(Faults::parse("latency=fast").is_err());
    }

    #[test]
    fn the_bucket_admits_the_rate() {
        let limit = RateLimit::new(5.0);
        let admitted = (0..20).filter(|_| limit.admit("a")).count();
        assert_eq!(admitted, 5, "a full bucket holds one second's worth");
        assert!(limit.admit("b"), "accounts have buckets of their own");
    }
}
