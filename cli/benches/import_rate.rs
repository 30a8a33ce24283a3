//! How fast `connect import-contacts` goes against `connect-local` (both on this machine): with the
//! service limited to 200 requests a second, the sustained rate, the share of throttled answers
//! once converged and how long converging took; without a limit, records a second. Run with
//! `cargo bench -p connect-cli --bench import_rate`.

#[path = "../tests/support/mod.rs"]
mod support;

use connect_local::config::DEFAULT_INSTANCE;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{local_env, scratch, start_local};

const LIMIT: f64 = 200.0;

fn write_records(path: &Path, count: usize) {
    let text: String = (0..count)
        .map(|i| format!("{{\"Name\": \"Bench {i}\"}}\n"))
        .collect();
    std::fs::write(path, text).expect("write input");
}

/// Runs an import of `input`; the stored count sampled every 250 ms, and the import's stderr.
fn import(
    url: &str,
    dir: &Path,
    input: &Path,
    count: impl Fn() -> u64,
) -> (Vec<(f64, u64)>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_connect"))
        .args([
            "import-contacts",
            "--instance-id",
            DEFAULT_INSTANCE,
            "--input",
            &input.display().to_string(),
            "--channel",
            "TASK",
            "--initiation-method",
            "API",
            "--concurrency",
            "16",
        ])
        .env_clear()
        .envs(local_env(url, dir))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the import");
    let started = Instant::now();
    let mut samples = Vec::new();
    while child.try_wait().ok().flatten().is_none() {
        samples.push((started.elapsed().as_secs_f64(), count()));
        std::thread::sleep(Duration::from_millis(250));
    }
    samples.push((started.elapsed().as_secs_f64(), count()));
    let output = child.wait_with_output().expect("import output");
    (
        samples,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The import's periodic lines: (done, throttled).
fn log_points(stderr: &str) -> Vec<(u64, u64)> {
    stderr
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("import-contacts: ")?;
            let done = rest.split('/').next()?.parse().ok()?;
            let throttled = rest.split(", ").find(|p| p.ends_with(" throttled"))?;
            Some((done, throttled.trim_end_matches(" throttled").parse().ok()?))
        })
        .collect()
}

fn main() {
    // Limited: the service throttles above 200 requests a second.
    let dir = scratch("bench-import-limited");
    let input = dir.join("records.jsonl");
    let records = 6_000;
    write_records(&input, records);
    let _ = std::fs::remove_file(dir.join("records.jsonl.results.jsonl"));
    let (limited_url, limited) = support::start_local_with_rate(LIMIT);
    let (samples, stderr) = import(&limited_url, &dir, &input, || {
        limited.store.count(DEFAULT_INSTANCE).unwrap_or(0)
    });
    // Per-second rates from the samples.
    let mut per_second = Vec::new();
    for pair in samples.windows(5).step_by(4) {
        let (t0, c0) = pair[0];
        let (t1, c1) = pair[pair.len() - 1];
        if t1 > t0 {
            per_second.push((t0, (c1 - c0) as f64 / (t1 - t0)));
        }
    }
    let total_time = samples.last().map_or(0.0, |s| s.0);
    // Converged: from this window on, every full window is within 80-110% of the limit.
    let full: Vec<(f64, f64)> = per_second
        .iter()
        .copied()
        .filter(|(t, _)| *t + 1.0 < total_time)
        .collect();
    let converged = (0..full.len())
        .find(|&i| {
            full[i..]
                .iter()
                .all(|(_, rate)| (0.8 * LIMIT..=1.1 * LIMIT).contains(rate))
        })
        .map(|i| full[i].0);
    let steady: Vec<f64> = per_second
        .iter()
        .filter(|(t, _)| converged.is_some_and(|c| *t >= c) && *t + 1.0 < total_time)
        .map(|(_, r)| *r)
        .collect();
    let sustained = if steady.is_empty() {
        0.0
    } else {
        steady.iter().sum::<f64>() / steady.len() as f64
    };
    let points = log_points(&stderr);
    let after = points.iter().skip(1).copied().collect::<Vec<_>>();
    let throttle_share = match (after.first(), after.last()) {
        (Some(first), Some(last)) if last.0 > first.0 => {
            let throttled = (last.1 - first.1) as f64;
            throttled / ((last.0 - first.0) as f64 + throttled)
        }
        _ => f64::NAN,
    };
    println!(
        "limited to {LIMIT:.0}/s: sustained {sustained:.0} records/s ({:.0}% of the limit), converged after {:.1} s, {:.1}% of answers throttled after the first 5 s, {records} records in {total_time:.1} s",
        100.0 * sustained / LIMIT,
        converged.unwrap_or(f64::NAN),
        100.0 * throttle_share
    );

    // Unlimited.
    let (url, service) = start_local(None);
    let dir = scratch("bench-import-unlimited");
    let input = dir.join("records.jsonl");
    let records = 10_000;
    write_records(&input, records);
    let _ = std::fs::remove_file(dir.join("records.jsonl.results.jsonl"));
    let started = Instant::now();
    let (_, _) = import(&url, &dir, &input, || {
        service.store.count(DEFAULT_INSTANCE).unwrap_or(0)
    });
    let seconds = started.elapsed().as_secs_f64();
    let stored = service.store.count(DEFAULT_INSTANCE).unwrap_or(0);
    println!(
        "no limit: {records} records in {seconds:.1} s, {:.0} records/s (client and service on this machine), {stored} stored",
        records as f64 / seconds
    );
}
