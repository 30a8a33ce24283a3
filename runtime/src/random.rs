//! Random bytes from the operating system's secure generator, fetched in blocks.
//!
//! Every call needs a few dozen random bytes (its idempotency token, its invocation id, retry
//! jitter). Asking the kernel for each of them costs a system call apiece; instead each thread
//! keeps a block of kernel bytes and hands out each byte once. A block is never shared: not
//! between threads, and not between a parent and a child process after `fork` (a child drops
//! the blocks it inherited).

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Once;

/// Bytes fetched per system call.
const BLOCK: usize = 4096;

struct Pool {
    bytes: [u8; BLOCK],
    /// Bytes at and after this index have not been handed out.
    next: usize,
    /// The `FORKS` count when the bytes were fetched.
    forks: u64,
}

thread_local! {
    static POOL: RefCell<Pool> = const {
        RefCell::new(Pool { bytes: [0; BLOCK], next: BLOCK, forks: u64::MAX })
    };
}

/// How many times this process's ancestry forked since it started using the pool: a child
/// process sees a count its parent's blocks were not fetched under.
static FORKS: AtomicU64 = AtomicU64::new(0);

/// Registers the fork handler once per process.
fn watch_forks() {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        #[cfg(unix)]
        {
            extern "C" fn in_child() {
                FORKS.fetch_add(1, Ordering::SeqCst);
            }
            // SAFETY: the handler only increments an atomic, which is async-signal-safe.
            let registered = unsafe { libc::pthread_atfork(None, None, Some(in_child)) };
            if registered != 0 {
                // Without the handler, no block may outlive a draw: mark the counter as
                // unusable so that every draw fetches afresh.
                FORKS.store(u64::MAX, Ordering::SeqCst);
            }
        }
    });
}

/// Fills `out` with bytes from the system generator. `Err` when the generator is unavailable;
/// no byte is ever handed out twice.
pub fn fill(out: &mut [u8]) -> Result<(), getrandom::Error> {
    if out.len() > BLOCK {
        return getrandom::fill(out);
    }
    POOL.with(|pool| {
        watch_forks();
        let mut pool = pool.borrow_mut();
        let forks = FORKS.load(Ordering::SeqCst);
        if forks == u64::MAX {
            return getrandom::fill(out);
        }
        if pool.forks != forks || BLOCK - pool.next < out.len() {
            getrandom::fill(&mut pool.bytes)?;
            pool.next = 0;
            pool.forks = forks;
        }
        let start = pool.next;
        out.copy_from_slice(&pool.bytes[start..start + out.len()]);
        // Handed-out bytes are wiped, so the block never holds a value already used.
        pool.bytes[start..start + out.len()].fill(0);
        pool.next += out.len();
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_differ_and_span_blocks() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..(3 * BLOCK / 16) {
            let mut draw = [0u8; 16];
            fill(&mut draw).unwrap();
            assert!(seen.insert(draw), "a 16-byte draw repeated");
        }
        let mut large = [0u8; BLOCK + 1];
        fill(&mut large).unwrap();
        assert!(large.iter().any(|&b| b != 0));
    }

    #[cfg(unix)]
    #[test]
    fn a_forked_child_draws_bytes_its_parent_does_not() {
        let mut warm = [0u8; 16];
        fill(&mut warm).unwrap();
        let mut pipe = [0i32; 2];
        // SAFETY: plain POSIX calls; the child only draws, writes to the pipe and exits.
        unsafe {
            assert_eq!(libc::pipe(pipe.as_mut_ptr()), 0);
            let pid = libc::fork();
            assert!(pid >= 0);
            if pid == 0 {
                let mut draw = [0u8; 16];
                let ok = fill(&mut draw).is_ok();
                let written = libc::write(pipe[1], draw.as_ptr().cast(), draw.len());
                libc::_exit(if ok && written == 16 { 0 } else { 1 });
            }
            let mut child = [0u8; 16];
            assert_eq!(libc::read(pipe[0], child.as_mut_ptr().cast(), 16), 16);
            let mut status = 0;
            libc::waitpid(pid, &mut status, 0);
            assert_eq!(status, 0);
            let mut parent = [0u8; 16];
            fill(&mut parent).unwrap();
            assert_ne!(child, parent, "parent and child drew the same bytes");
            libc::close(pipe[0]);
            libc::close(pipe[1]);
        }
    }
}
