//! The measuring loop both sides share, so that they are timed the same way.

use std::fmt::Debug;
use std::future::Future;

/// Calls per timed round, after the warm-up.
const CALLS: u64 = 10_000;
/// Timed rounds; the quickest counts, so that a neighbour's burst on the machine does not.
const ROUNDS: u32 = 5;
/// Calls made first, to fill caches and connection state.
const WARM_UP: u64 = 1_000;

/// CPU time this thread has used, in nanoseconds (the kernel's per-thread clock, exact to the
/// nanosecond rather than to the scheduler tick).
fn cpu_ns() -> u64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for the call to fill.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "the thread CPU clock is unavailable");
    now.tv_sec as u64 * 1_000_000_000 + now.tv_nsec as u64
}

/// Mean CPU nanoseconds per call of `call` in its quickest round; every call must succeed.
pub async fn cpu_ns_per_call<F, Fut, T, E>(mut call: F) -> u64
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
    E: Debug,
{
    for _ in 0..WARM_UP {
        call().await.expect("warm-up call");
    }
    let mut best = u64::MAX;
    for _ in 0..ROUNDS {
        let start = cpu_ns();
        for _ in 0..CALLS {
            call().await.expect("call");
        }
        best = best.min((cpu_ns() - start) / CALLS);
    }
    best
}
