//! Generation speed: every operation of the official Connect model, and CreateContact alone from
//! our model, each stage timed (best of several runs). Run with `cargo bench -p connect-codegen`.

use connect_codegen::{frontend, generate_timed, Format, Layout, Settings, StageTimes};
use std::path::Path;
use std::time::{Duration, Instant};

const RUNS: usize = 5;

struct Measured {
    read: Duration,
    lower: Duration,
    stages: StageTimes,
    total: Duration,
    files: usize,
    bytes: usize,
}

fn measure(path: &Path, format: Format, settings: &Settings) -> Measured {
    let mut best: Option<Measured> = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let read = start.elapsed();
        let model = frontend::lower_text("model.json", &text, Some(format))
            .unwrap_or_else(|e| panic!("{e}"));
        let lower = start.elapsed() - read;
        let (files, stages) = generate_timed(model, settings, Layout::Crate, "model.json")
            .unwrap_or_else(|e| panic!("{e}"));
        let total = start.elapsed();
        let run = Measured {
            read,
            lower,
            stages,
            total,
            files: files.len(),
            bytes: files.iter().map(|f| f.contents.len()).sum(),
        };
        if best.as_ref().is_none_or(|b| run.total < b.total) {
            best = Some(run);
        }
    }
    best.expect("at least one run")
}

fn show(name: &str, m: &Measured, target: Duration) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name}: {:.1} ms total (target under {:.0} ms; {:.2} of it), {} files, {:.1} MB",
        ms(m.total),
        ms(target),
        m.total.as_secs_f64() / target.as_secs_f64(),
        m.files,
        m.bytes as f64 / 1e6
    );
    println!(
        "  read {:.1} ms, parse+lower {:.1} ms, transforms {:.1} ms, naming {:.1} ms, emit {:.1} ms, format {:.1} ms",
        ms(m.read),
        ms(m.lower),
        ms(m.stages.transform),
        ms(m.stages.naming),
        ms(m.stages.emit),
        ms(m.stages.format)
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let whole = Settings {
        tagged_unions: vec!["SegmentAttributeValue".to_owned()],
        ..Settings::default()
    };
    let connect = root.join("../shared/models/connect-2017-08-08.smithy.json");
    show(
        "whole Connect (official Smithy model)",
        &measure(&connect, Format::Smithy, &whole),
        Duration::from_secs(1),
    );
    let settings = Settings::load(&root.join("models/create-contact.settings.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    show(
        "CreateContact (models/create-contact.smithy.json)",
        &measure(
            &root.join("models/create-contact.smithy.json"),
            Format::Smithy,
            &settings,
        ),
        Duration::from_millis(50),
    );
}
