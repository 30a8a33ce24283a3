//! The measuring loop both sides share, so that they are timed the same way.

use std::fmt::Debug;
use std::future::Future;

/// Calls timed after the warm-up.
const CALLS: u64 = 20_000;
/// Calls made first, to fill caches and connection state.
const WARM_UP: u64 = 1_000;

/// CPU time this thread has used, in nanoseconds (Linux scheduler statistics).
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next().and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

/// Mean CPU nanoseconds per call of `call`, which must succeed every time.
pub async fn cpu_ns_per_call<F, Fut, T, E>(mut call: F) -> u64
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
    E: Debug,
{
    for _ in 0..WARM_UP {
        call().await.expect("warm-up call");
    }
    let start = cpu_ns();
    for _ in 0..CALLS {
        call().await.expect("call");
    }
    (cpu_ns() - start) / CALLS
}
