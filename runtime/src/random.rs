//! Random bytes from the operating system's secure generator (through `getrandom`), drawn afresh
//! for every use: idempotency tokens, invocation ids and retry jitter.

/// Fills `out` with bytes from the system generator; `Err` when the generator is unavailable.
pub fn fill(out: &mut [u8]) -> Result<(), getrandom::Error> {
    getrandom::fill(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_differ() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..1000 {
            let mut draw = [0u8; 16];
            fill(&mut draw).unwrap();
            assert!(seen.insert(draw), "a 16-byte draw repeated");
        }
    }
}
