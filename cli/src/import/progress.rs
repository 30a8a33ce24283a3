//! Progress while importing (a bar on a terminal, a log line every few seconds otherwise) and the
//! final summary.

use super::journal::{Outcome, Status};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::{BTreeMap, VecDeque};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// How often a log line is written when standard error is not a terminal.
const LOG_EVERY: Duration = Duration::from_secs(5);
/// The window the current rate is measured over.
const RATE_WINDOW: Duration = Duration::from_secs(5);

/// Counts of an import, updated as answers come.
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    /// Records to send in this run.
    total: usize,
    done: usize,
    pub created: usize,
    pub present: usize,
    pub failed: BTreeMap<String, usize>,
    recent: VecDeque<Instant>,
    /// Answers per whole second since the start, for the peak rate.
    per_second: BTreeMap<u64, usize>,
    last_log: Instant,
    /// Throttling answers so far (kept by the senders).
    pub throttles: u64,
}

impl Progress {
    /// `terminal`: draw a bar on standard error rather than log lines.
    pub fn new(total: usize, terminal: bool) -> Progress {
        let bar = terminal.then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} ETA {eta}")
            {
                bar.set_style(style);
            }
            bar
        });
        let now = Instant::now();
        Progress {
            bar,
            started: now,
            total,
            done: 0,
            created: 0,
            present: 0,
            failed: BTreeMap::new(),
            recent: VecDeque::new(),
            per_second: BTreeMap::new(),
            last_log: now,
            throttles: 0,
        }
    }

    /// Counts one answer.
    pub fn add(&mut self, outcome: &Outcome) {
        let now = Instant::now();
        self.done += 1;
        match outcome.status {
            Status::Created => self.created += 1,
            Status::Present => self.present += 1,
            Status::Failed | Status::Invalid => {
                let code = outcome
                    .error
                    .as_ref()
                    .map_or("Unknown", |(code, _)| code.as_str());
                *self.failed.entry(code.to_owned()).or_default() += 1;
            }
        }
        self.recent.push_back(now);
        *self
            .per_second
            .entry(now.duration_since(self.started).as_secs())
            .or_default() += 1;
    }

    fn failures(&self) -> usize {
        self.failed.values().sum()
    }

    /// Answers a second over the last few seconds.
    fn current_rate(&mut self) -> f64 {
        let now = Instant::now();
        while self
            .recent
            .front()
            .is_some_and(|t| now.duration_since(*t) > RATE_WINDOW)
        {
            self.recent.pop_front();
        }
        let span = now
            .duration_since(self.started)
            .min(RATE_WINDOW)
            .as_secs_f64();
        if span <= 0.0 {
            0.0
        } else {
            self.recent.len() as f64 / span
        }
    }

    /// Redraws the bar, or writes a log line when one is due.
    pub fn tick(&mut self) {
        let rate = self.current_rate();
        let status = format!(
            "{rate:.0}/s, {} throttled, {} failed",
            self.throttles,
            self.failures()
        );
        if let Some(bar) = &self.bar {
            bar.set_position(self.done as u64);
            bar.set_message(status);
        } else if self.last_log.elapsed() >= LOG_EVERY {
            self.last_log = Instant::now();
            let left = self.total.saturating_sub(self.done);
            let eta = if rate > 0.0 {
                format!("{:.0} s", left as f64 / rate)
            } else {
                "unknown".to_owned()
            };
            eprintln!(
                "import-contacts: {}/{} done, {status}, ETA {eta}",
                self.done, self.total
            );
        }
    }

    /// Removes the bar.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    /// Seconds since the start.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Mean and peak answers a second.
    pub fn rates(&self) -> (f64, usize) {
        let seconds = self.elapsed().as_secs_f64();
        let mean = if seconds > 0.0 {
            self.done as f64 / seconds
        } else {
            0.0
        };
        // The last second is usually partial; it does not count towards the peak.
        let last = self.elapsed().as_secs();
        let peak = self
            .per_second
            .iter()
            .filter(|(second, _)| **second < last || self.per_second.len() == 1)
            .map(|(_, count)| *count)
            .max()
            .unwrap_or(0);
        (mean, peak)
    }
}

/// What the summary says besides the counts.
pub struct SummaryFacts<'a> {
    pub input: &'a str,
    pub results: &'a str,
    pub records: usize,
    /// Line numbers of records that could not be read or checked.
    pub invalid_lines: &'a [usize],
    /// Records skipped because an earlier run answered them (`--resume`).
    pub skipped: usize,
    /// Records not sent because the import was stopped.
    pub not_sent: usize,
    pub retried: u64,
}

/// The final summary.
pub fn summary(progress: &Progress, facts: &SummaryFacts<'_>) -> String {
    let (mean, peak) = progress.rates();
    let mut out = format!(
        "import-contacts: {} records from {} in {:.1} s\n",
        facts.records,
        facts.input,
        progress.elapsed().as_secs_f64()
    );
    let _ = writeln!(out, "  created: {}", progress.created);
    let _ = writeln!(out, "  already present: {}", progress.present);
    let failed: Vec<String> = progress
        .failed
        .iter()
        .map(|(code, count)| format!("{code} {count}"))
        .collect();
    let _ = writeln!(
        out,
        "  failed: {}{}",
        progress.failures(),
        if failed.is_empty() {
            String::new()
        } else {
            format!(" ({})", failed.join(", "))
        }
    );
    if !facts.invalid_lines.is_empty() {
        let shown: Vec<String> = facts
            .invalid_lines
            .iter()
            .take(20)
            .map(ToString::to_string)
            .collect();
        let more = facts.invalid_lines.len().saturating_sub(20);
        let _ = writeln!(
            out,
            "  invalid, not sent: {} (lines {}{})",
            facts.invalid_lines.len(),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
    }
    if facts.skipped > 0 {
        let _ = writeln!(out, "  skipped, answered before: {}", facts.skipped);
    }
    if facts.not_sent > 0 {
        let _ = writeln!(out, "  not sent (stopped): {}", facts.not_sent);
    }
    let _ = writeln!(
        out,
        "  throttling answers absorbed: {}, transient failures retried: {}",
        progress.throttles, facts.retried
    );
    let _ = writeln!(
        out,
        "  rate: mean {mean:.1} records/s, peak {peak} records/s"
    );
    let _ = writeln!(out, "  results: {}", facts.results);
    out
}
