//! Every input the fuzzers kept (`fuzz/corpus/<target>/`), run through its target again, so the
//! suite keeps what fuzzing found: each crash became an input here, and none may panic again.

use connect_fuzz_harness::TARGETS;
use std::path::Path;

#[test]
fn every_corpus_input_runs_without_a_panic() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    let mut ran = 0;
    // REPLAY_TARGET=name replays one corpus; REPLAY_TRACE prints each input before it runs.
    let only = std::env::var("REPLAY_TARGET").ok();
    for (name, target) in TARGETS {
        if only.as_deref().is_some_and(|only| only != *name) {
            continue;
        }
        let folder = corpus.join(name);
        let mut inputs: Vec<_> = std::fs::read_dir(&folder)
            .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        inputs.sort();
        assert!(!inputs.is_empty(), "{} holds no input", folder.display());
        for input in inputs {
            if std::env::var_os("REPLAY_TRACE").is_some() {
                eprintln!("{}", input.display());
            }
            let data = std::fs::read(&input).unwrap();
            let outcome = std::panic::catch_unwind(|| target(&data));
            assert!(outcome.is_ok(), "{} panicked", input.display());
            ran += 1;
        }
    }
    println!("{ran} corpus inputs replayed");
}
