//! Generation speed: every operation of the official Connect model, and CreateContact alone from
//! our model, each stage timed (best of several runs). Run with `cargo bench -p connect-codegen`.

use connect_codegen::{
    emit, frontend, generate_timed, naming, transform, Format, Layout, Settings, StageTimes,
};
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
        "  read {:.1} ms, parse+lower {:.1} ms, transforms {:.1} ms, naming {:.1} ms, planning {:.1} ms, emit+format on one thread per core {:.1} ms",
        ms(m.read),
        ms(m.lower),
        ms(m.stages.transform),
        ms(m.stages.naming),
        ms(m.stages.plan),
        ms(m.stages.emit_and_format)
    );
}

/// The same work on one thread, emission and formatting timed apart (best of the runs): where
/// the time goes.
fn single_thread(path: &Path, format: Format, settings: &Settings) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    let mut best: Option<(Duration, Duration, Duration, Duration)> = None;
    for _ in 0..RUNS {
        let model = frontend::lower_text("model.json", &text, Some(format))
            .unwrap_or_else(|e| panic!("{e}"));
        let start = Instant::now();
        let selection = transform::select(model, settings).unwrap_or_else(|e| panic!("{e}"));
        let symbols = naming::Symbols::build(&selection).unwrap_or_else(|e| panic!("{e}"));
        let front = start.elapsed();
        let ctx = emit::context::Ctx::new(&selection, &symbols, emit::paths::Root::default());
        let modules = emit::modules(&ctx, false).unwrap_or_else(|e| panic!("{e}"));
        let emitted = start.elapsed() - front;
        let mut parse = Duration::ZERO;
        let mut print = Duration::ZERO;
        for module in modules.into_iter().filter(|m| !m.folder) {
            let name = module.file();
            let clock = Instant::now();
            let file: syn::File = syn::parse2(module.tokens).unwrap_or_else(|e| panic!("{e}"));
            parse += clock.elapsed();
            let clock = Instant::now();
            let printed = prettyplease::unparse(&file);
            print += clock.elapsed();
            assert!(!printed.is_empty(), "{name} printed nothing");
        }
        let run = (front, emitted, parse, print);
        if best.is_none_or(|b| run.0 + run.1 + run.2 + run.3 < b.0 + b.1 + b.2 + b.3) {
            best = Some(run);
        }
    }
    if let Some((front, emitted, parse, print)) = best {
        println!(
            "  on one thread: transforms+naming {:.1} ms, emit {:.1} ms, syn parse {:.1} ms, prettyplease {:.1} ms",
            ms(front),
            ms(emitted),
            ms(parse),
            ms(print)
        );
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let whole = Settings {
        tagged_unions: vec!["SegmentAttributeValue".to_owned()],
        ..Settings::default()
    };
    let connect = root.join("upstream/models/connect-2017-08-08.smithy.json");
    show(
        "whole Connect (official Smithy model)",
        &measure(&connect, Format::Smithy, &whole),
        Duration::from_secs(1),
    );
    single_thread(&connect, Format::Smithy, &whole);
    let settings = Settings::load(&root.join("generated/model/create-contact.settings.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    show(
        "CreateContact (generated/model/create-contact.smithy.json)",
        &measure(
            &root.join("generated/model/create-contact.smithy.json"),
            Format::Smithy,
            &settings,
        ),
        Duration::from_millis(50),
    );
}
