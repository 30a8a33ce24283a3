//! `connect import-contacts`: creates a contact for every record of a file, exactly once, at the
//! pace the service accepts, resumable after any interruption.
//!
//! The stages, one module each: [`options`] reads the command line; [`input`] reads the records;
//! this module completes and checks each (instance, defaults, a client token derived from the
//! instance, the record's position and its content, the command's own checks); [`journal`] keeps
//! the results and the state for `--resume`; [`send`] sends; [`progress`] reports.

pub mod input;
pub mod journal;
pub mod options;
pub mod progress;
pub mod send;

use crate::args::Parsed;
use crate::model::Shape;
use crate::Exit;
use connect_runtime::hash::Sha256;
use input::{BadRecord, Record};
use journal::{Identity, Journal, Outcome, Status};
use options::{ImportOptions, INSTANCE_MEMBER, TOKEN_MEMBER};
use send::{Job, Pace, Senders, Tally};
use serde_json::{Map, Value};
use std::cell::Cell;
use std::io::{IsTerminal, Read};
use std::rc::Rc;

/// The subcommand.
pub const COMMAND: &str = "import-contacts";

/// What the command does, for help pages.
pub const SUMMARY: &str =
    "Creates a contact for every record of a JSON Lines or CSV file, exactly once: each record \
keeps a client token of its own across runs, so running the file again, or resuming after an \
interruption, never creates a contact twice. Requests go a few at a time at the pace the service \
accepts. Every record is read and checked before the first request.";

/// Exit status after Ctrl-C.
const INTERRUPTED: u8 = 130;

/// Runs the command; the summary on success.
pub fn run(parsed: &Parsed) -> Result<String, Exit> {
    let options = options::read(parsed).map_err(|m| Exit::from(crate::args::UsageError(m)))?;
    let input_shape = input::input_shape().map_err(internal)?;
    let text = read_input(&options.input)?;
    let records = input::read(&text, options.format, input_shape)
        .map_err(|message| Exit::usage(format!("{}: {message}", options.input)))?;
    let total = records.good.len() + records.bad.len();
    let mut invalid = records.bad;
    let mut jobs = Vec::new();
    for record in records.good {
        match prepare(record, &options, input_shape) {
            Ok(job) => jobs.push(job),
            Err(bad) => invalid.push(bad),
        }
    }
    invalid.sort_by_key(|bad| bad.number);
    for bad in &invalid {
        eprintln!("{}: line {}: {}", options.input, bad.line, bad.message);
    }
    if options.dry_run {
        return dry_run(&options, total, &jobs, &invalid);
    }
    let identity = Identity::new(
        &options.input,
        text.as_bytes(),
        &options.instance_id,
        &options.defaults,
        total,
    );
    let (mut journal, earlier) =
        Journal::open(&options.results, &identity, options.resume).map_err(Exit::usage)?;
    for bad in &invalid {
        if !(options.resume && earlier.contains_key(&bad.number)) {
            journal
                .record(&Outcome {
                    number: bad.number,
                    line: bad.line,
                    status: Status::Invalid,
                    contact: None,
                    error: Some(("InvalidRecord".to_owned(), bad.message.clone())),
                })
                .map_err(failure)?;
        }
    }
    let mut skipped = 0;
    let jobs: Vec<Job> = jobs
        .into_iter()
        .filter_map(|mut job| {
            let before = earlier.get(&job.number);
            if options.resume && before.is_some() {
                skipped += 1;
                return None;
            }
            job.earlier = before.and_then(|o| o.contact.as_ref().map(|(id, _)| id.clone()));
            Some(job)
        })
        .collect();
    let config = crate::config_builder(parsed)?
        .max_attempts(1)
        .build()
        .map_err(|e| Exit::configuration(e.to_string()))?;
    crate::warn_if_unverified(parsed, &config);
    let senders = Senders {
        command: options::operation().map_err(internal)?,
        handle: Rc::new(connect_runtime::client::Handle::new(
            &config,
            connect_sdk::client::SERVICE,
        )),
        pace: Rc::new(Pace::new(options.max_rate)),
        tally: Rc::new(Tally::default()),
        stop: Rc::new(Cell::new(false)),
    };
    let mut progress = progress::Progress::new(jobs.len(), std::io::stderr().is_terminal());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| internal(format!("cannot start the runtime: {e}")))?;
    let local = tokio::task::LocalSet::new();
    let stop = senders.stop.clone();
    let tally = senders.tally.clone();
    let sent = local.block_on(&runtime, async {
        tokio::task::spawn_local(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("\nimport-contacts: stopping after the requests in flight (Ctrl-C again stops at once)");
                stop.set(true);
                if tokio::signal::ctrl_c().await.is_ok() {
                    std::process::exit(i32::from(INTERRUPTED));
                }
            }
        });
        let (progress, journal) = (&mut progress, &mut journal);
        let event = |outcome: Option<Outcome>| {
            if let Some(outcome) = &outcome {
                progress.add(outcome);
                journal.record(outcome)?;
            }
            progress.throttles = tally.throttles.get();
            progress.tick();
            Ok(())
        };
        send::send_all(&senders, jobs, options.concurrency, event).await
    });
    progress.throttles = senders.tally.throttles.get();
    progress.finish();
    journal.sync().map_err(failure)?;
    let not_sent = sent.map_err(failure)?;
    let invalid_lines: Vec<usize> = invalid.iter().map(|bad| bad.line).collect();
    let results = options.results.display().to_string();
    let summary = progress::summary(
        &progress,
        &progress::SummaryFacts {
            input: &options.input,
            results: &results,
            records: total,
            invalid_lines: &invalid_lines,
            skipped,
            not_sent,
            retried: senders.tally.transient.get(),
        },
    );
    if let Some(message) = senders.tally.fatal.borrow().as_ref() {
        print!("{summary}");
        return Err(Exit::configuration(message.clone()));
    }
    if senders.stop.get() {
        print!("{summary}");
        return Err(Exit {
            code: INTERRUPTED,
            message: format!(
                "import-contacts: stopped; {not_sent} records not sent. Resume with the same command and --resume:\n  connect {} --resume",
                resume_words(parsed)
            ),
        });
    }
    if !invalid.is_empty() {
        print!("{summary}");
        return Err(Exit::usage(format!(
            "import-contacts: {} records are invalid and were not sent (see the lines above)",
            invalid.len()
        )));
    }
    let failed: usize = progress.failed.values().sum();
    if failed > 0 {
        print!("{summary}");
        return Err(Exit {
            code: 254,
            message: format!("import-contacts: {failed} records failed; see {results}"),
        });
    }
    Ok(summary)
}

fn internal(message: String) -> Exit {
    Exit { code: 255, message }
}

fn failure(message: String) -> Exit {
    Exit {
        code: 255,
        message: format!("import-contacts: {message}"),
    }
}

/// The command line again, for the resume hint.
fn resume_words(parsed: &Parsed) -> String {
    let mut words = vec![COMMAND.to_owned()];
    for (option, values) in &parsed.options {
        if option == options::RESUME.name {
            continue;
        }
        words.push(option.clone());
        words.extend(values.iter().map(|v| shell_word(v)));
    }
    words.extend(parsed.globals.words().iter().map(|word| shell_word(word)));
    words.join(" ")
}

fn shell_word(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c))
    {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// The input's text: a file, or standard input for `-`.
fn read_input(input: &str) -> Result<String, Exit> {
    let mut bytes = Vec::new();
    let read = if input == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(input).map(|b| bytes = b)
    };
    read.map_err(|e| Exit::usage(format!("import-contacts: cannot read {input}: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        Exit::usage(format!(
            "import-contacts: {input} is not UTF-8 text (at byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Completes a record (instance, defaults, client token) and checks it as `create-contact`
/// checks its input.
fn prepare(record: Record, options: &ImportOptions, input_shape: &Shape) -> Result<Job, BadRecord> {
    let bad = |message: String| BadRecord {
        number: record.number,
        line: record.line,
        message,
    };
    let mut value: Map<String, Value> = record.value.clone();
    match value.get(INSTANCE_MEMBER) {
        Some(Value::String(id)) if *id != options.instance_id => {
            return Err(bad(format!(
                "{INSTANCE_MEMBER} {id} differs from the instance given on the command line ({})",
                options.instance_id
            )))
        }
        _ => {
            value.insert(
                INSTANCE_MEMBER.to_owned(),
                Value::String(options.instance_id.clone()),
            );
        }
    }
    for (name, default) in &options.defaults {
        if !value.contains_key(*name) {
            value.insert((*name).to_owned(), Value::String(default.clone()));
        }
    }
    if !value.contains_key(TOKEN_MEMBER) {
        let token = client_token(&options.instance_id, record.number, &value);
        value.insert(TOKEN_MEMBER.to_owned(), Value::String(token));
    }
    let value = Value::Object(value);
    let problems = crate::check::check(&value, input_shape);
    if !problems.is_empty() {
        return Err(bad(problems.join("; ")));
    }
    Ok(Job {
        number: record.number,
        line: record.line,
        value,
        earlier: None,
    })
}

/// The client token of a record that has none: a digest of the instance, the record's position
/// and its completed content, written like a UUID. The same record of the same file gets the same
/// token on every run.
pub fn client_token(instance_id: &str, number: usize, value: &Map<String, Value>) -> String {
    let mut hash = Sha256::new();
    hash.update(instance_id.as_bytes());
    hash.update(format!("\n{number}\n").as_bytes());
    hash.update(Value::Object(value.clone()).to_string().as_bytes());
    let hex = connect_runtime::encoding::hex::lower(&hash.finish()[..16]);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn dry_run(
    options: &ImportOptions,
    total: usize,
    jobs: &[Job],
    invalid: &[BadRecord],
) -> Result<String, Exit> {
    let report = format!(
        "import-contacts (dry run): {total} records in {}: {} valid, {} invalid; nothing was sent\n",
        options.input,
        jobs.len(),
        invalid.len()
    );
    if invalid.is_empty() {
        Ok(report)
    } else {
        print!("{report}");
        Err(Exit::usage(format!(
            "import-contacts: {} records are invalid (see the lines above)",
            invalid.len()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_depend_on_instance_position_and_content_only() {
        let mut record = Map::new();
        record.insert("Name".into(), Value::String("a".into()));
        let token = client_token("i", 1, &record);
        assert_eq!(token.len(), 36);
        assert_eq!(token, client_token("i", 1, &record));
        assert_ne!(token, client_token("i", 2, &record));
        assert_ne!(token, client_token("j", 1, &record));
        record.insert("Name".into(), Value::String("b".into()));
        assert_ne!(token, client_token("i", 1, &record));
    }
}
