//! The options of `import-contacts`: its own (input, results, pace), and record defaults whose
//! names, values and help come from CreateContact's members in the generated tables.

use crate::args::Parsed;
use crate::commands::{self, SHAPES};
use crate::flags::{Flag, Takes};
use crate::model::{Command, Member};
use std::path::PathBuf;

/// The operation every record becomes.
pub const OPERATION_COMMAND: &str = "create-contact";
/// The member the instance comes from (`--instance-id`).
pub const INSTANCE_MEMBER: &str = "InstanceId";
/// Members a record may leave out and the command line fill in (`--channel TASK`).
pub const DEFAULTED_MEMBERS: &[&str] = &["Channel", "InitiationMethod", "InitiateAs"];
/// The option that gives each record's client token, when a record has none.
pub const TOKEN_MEMBER: &str = "ClientToken";

/// Its own options: the input, the results, the pace and the switches.
pub const INPUT: Flag = Flag::command(
    "--input",
    Takes::Value,
    "The records: a file, or `-` for standard input. JSON Lines (one CreateContact input per line, as --cli-input-json takes it; InstanceId may be left out) or CSV (a header of member names, `Attributes.<key>`, `References.<key>.Value` and `References.<key>.Type` columns; other structured members as JSON text).",
);
pub const INPUT_FORMAT: Flag = Flag::command(
    "--input-format",
    Takes::Choice(&["jsonl", "csv"]),
    "`jsonl` or `csv`. Default: `csv` for a file ending in .csv, else `jsonl`.",
);
pub const RESULTS: Flag = Flag::command(
    "--results",
    Takes::Value,
    "The results file (JSON Lines, one line per record: its number and line, and its ContactId and ContactArn or its error). Default: the input's name with .results.jsonl added (import-contacts.results.jsonl for standard input). The progress kept for --resume sits next to it, with .state added.",
);
pub const CONCURRENCY: Flag = Flag::command(
    "--concurrency",
    Takes::Value,
    "Requests in flight at once (1 to 256). Default: 4.",
);
pub const MAX_RATE: Flag = Flag::command(
    "--max-rate",
    Takes::Value,
    "At most this many requests a second. Without it, the pace follows what the service accepts: throttling answers lower it, successes raise it.",
);
pub const DRY_RUN: Flag = Flag::command(
    "--dry-run",
    Takes::Nothing,
    "Reads and checks every record, reports, and sends nothing.",
);
pub const RESUME: Flag = Flag::command(
    "--resume",
    Takes::Nothing,
    "Skips the records the results file already answers (after an interruption). Without it, every record is sent again: each keeps its client token, so the service answers those it has with the contact it made, reported as already present.",
);

/// Its own options, in the order help lists them (`--input` first: it is required).
pub const OWN: &[&Flag] = &[
    &INPUT,
    &INPUT_FORMAT,
    &RESULTS,
    &CONCURRENCY,
    &MAX_RATE,
    &DRY_RUN,
    &RESUME,
];

/// Default number of requests in flight.
pub const DEFAULT_CONCURRENCY: usize = 4;
const MAX_CONCURRENCY: usize = 256;

/// How records are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    JsonLines,
    Csv,
}

/// What the command line asks of one import.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    pub instance_id: String,
    /// A path, or `-` for standard input.
    pub input: String,
    pub format: InputFormat,
    pub results: PathBuf,
    /// Values for records that lack them: (member name, value).
    pub defaults: Vec<(&'static str, String)>,
    pub concurrency: usize,
    pub max_rate: Option<f64>,
    pub dry_run: bool,
    pub resume: bool,
}

/// The CreateContact command of the tables.
pub fn operation() -> Result<&'static Command, String> {
    commands::find(OPERATION_COMMAND)
        .ok_or_else(|| format!("the command tables have no {OPERATION_COMMAND}"))
}

fn input_member(name: &str) -> Option<&'static Member> {
    let command = operation().ok()?;
    SHAPES[command.input]
        .kind
        .members()
        .iter()
        .find(|m| m.name == name)
}

/// The members whose options `import-contacts` takes: the instance and the defaults.
fn model_members() -> impl Iterator<Item = &'static Member> {
    std::iter::once(INSTANCE_MEMBER)
        .chain(DEFAULTED_MEMBERS.iter().copied())
        .filter_map(input_member)
}

/// What `option` takes when it is one of `import-contacts`' options.
pub fn takes(option: &str) -> Option<Takes> {
    if let Some(flag) = OWN.iter().find(|flag| flag.name == option) {
        return Some(flag.takes);
    }
    model_members()
        .any(|m| m.option == option)
        .then_some(Takes::Value)
}

/// Reads the options; a message in the AWS CLI's words when they are wrong.
pub fn read(parsed: &Parsed) -> Result<ImportOptions, String> {
    let value = |option: &str| {
        parsed
            .options
            .get(option)
            .and_then(|values| values.first())
            .cloned()
    };
    let instance = input_member(INSTANCE_MEMBER)
        .ok_or_else(|| format!("{OPERATION_COMMAND} has no {INSTANCE_MEMBER} member"))?;
    let mut missing = Vec::new();
    if value(instance.option).is_none() {
        missing.push(instance.option);
    }
    if value(INPUT.name).is_none() {
        missing.push(INPUT.name);
    }
    if !missing.is_empty() {
        return Err(format!(
            "the following arguments are required: {}",
            missing.join(", ")
        ));
    }
    let instance_id = value(instance.option).unwrap_or_default();
    let input = value(INPUT.name).unwrap_or_default();
    let format = match value(INPUT_FORMAT.name).as_deref() {
        Some("jsonl") => InputFormat::JsonLines,
        Some("csv") => InputFormat::Csv,
        Some(other) => {
            return Err(format!(
                "argument {}: Invalid choice, valid choices are:\n\njsonl | csv\n(got `{other}`)",
                INPUT_FORMAT.name
            ))
        }
        None if input.to_ascii_lowercase().ends_with(".csv") => InputFormat::Csv,
        None => InputFormat::JsonLines,
    };
    let results = match value(RESULTS.name) {
        Some(path) => PathBuf::from(path),
        None if input == "-" => PathBuf::from("import-contacts.results.jsonl"),
        None => PathBuf::from(format!("{input}.results.jsonl")),
    };
    let concurrency = match value(CONCURRENCY.name) {
        None => DEFAULT_CONCURRENCY,
        Some(text) => text
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_CONCURRENCY).contains(n))
            .ok_or_else(|| {
                format!(
                    "argument {}: must be a whole number from 1 to {MAX_CONCURRENCY}, not '{text}'",
                    CONCURRENCY.name
                )
            })?,
    };
    let max_rate = match value(MAX_RATE.name) {
        None => None,
        Some(text) => Some(
            text.trim()
                .parse::<f64>()
                .ok()
                .filter(|r| r.is_finite() && *r > 0.0)
                .ok_or_else(|| {
                    format!(
                        "argument {}: must be a positive number of requests a second, not '{text}'",
                        MAX_RATE.name
                    )
                })?,
        ),
    };
    let defaults = DEFAULTED_MEMBERS
        .iter()
        .filter_map(|name| input_member(name))
        .filter_map(|member| value(member.option).map(|v| (member.name, v)))
        .collect();
    let switch = |name: &str| parsed.options.contains_key(name);
    Ok(ImportOptions {
        instance_id,
        input,
        format,
        results,
        defaults,
        concurrency,
        max_rate,
        dry_run: switch(DRY_RUN.name),
        resume: switch(RESUME.name),
    })
}

/// The help page of `import-contacts`.
pub fn help_page() -> String {
    let mut out = format!(
        "{}\n\nDESCRIPTION\n{}\n\nSYNOPSIS\n    {}\n",
        super::COMMAND,
        crate::help::indent(super::SUMMARY, 4),
        super::COMMAND
    );
    for member in model_members() {
        if member.name == INSTANCE_MEMBER {
            out.push_str(&format!("    {} <value>\n", member.option));
        } else {
            out.push_str(&format!("    [{} <value>]\n", member.option));
        }
    }
    for flag in OWN {
        let value = if flag.takes == Takes::Nothing {
            ""
        } else {
            " <value>"
        };
        if flag.name == INPUT.name {
            out.push_str(&format!("    {}{value}\n", flag.name));
        } else {
            out.push_str(&format!("    [{}{value}]\n", flag.name));
        }
    }
    out.push_str("\nOPTIONS\n");
    for member in model_members() {
        crate::help::option_section(member, &mut out);
    }
    for flag in OWN {
        out.push_str(&format!(
            "    {}\n{}\n\n",
            flag.name,
            crate::help::indent(flag.help, 8)
        ));
    }
    out.push_str(
        "EXIT STATUS\n    0 every record was created or already present; 254 some failed at the service;\n    252 the command line or some records were invalid (the valid ones are imported);\n    130 interrupted (rerun with --resume).\n\nGLOBAL OPTIONS\n",
    );
    out.push_str(&crate::help::global_options());
    out
}
