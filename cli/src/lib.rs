//! `connect`: Amazon Connect from the command line, behaving as the AWS CLI v2's `aws connect`.
//! The subcommands, their options and their help come from the model through the generator.
//!
//! ```
//! // What `connect create-contact --generate-cli-skeleton` prints.
//! let words = ["create-contact", "--generate-cli-skeleton"].map(String::from);
//! let skeleton = connect_cli::run(&words).expect("a skeleton");
//! assert!(skeleton.contains("\"InstanceId\": \"\""));
//! ```
//!
//! Exit status: 0 success; 252 a command line, parameter or validation problem; 253 a
//! configuration problem; 254 an error returned by the service; 255 anything else.

pub mod args;
pub mod check;
pub mod commands;
pub mod flags;
pub mod help;
pub mod import;
pub mod model;
pub mod output;
pub mod params;
pub mod prompt;
pub mod query;
pub mod response;
pub mod shorthand;
pub mod skeleton;
pub mod subcommands;
pub mod values;
pub mod yaml;

use args::{Parsed, UsageError};
use connect_runtime::client::Handle;
use connect_runtime::config::Config;
use model::{CallFailure, Command};
use output::Format;
use serde_json::{Map, Value};
use std::time::Duration;
use subcommands::Subcommand;

/// How the command ends when it does not succeed.
#[derive(Debug)]
pub struct Exit {
    /// The exit status.
    pub code: u8,
    /// What to print on standard error.
    pub message: String,
}

impl Exit {
    pub(crate) fn usage(message: impl Into<String>) -> Exit {
        Exit {
            code: 252,
            message: message.into(),
        }
    }

    pub(crate) fn configuration(message: impl Into<String>) -> Exit {
        Exit {
            code: 253,
            message: message.into(),
        }
    }
}

impl From<UsageError> for Exit {
    fn from(error: UsageError) -> Exit {
        Exit::usage(format!(
            "usage: connect [options] <command> [parameters]\nTo see help text, you can run:\n\n  connect help\n  connect <command> help\n\nconnect: error: {}",
            error.0
        ))
    }
}

/// Runs the command line (the words after the program's name); the text to print on success.
/// With `--cli-auto-prompt` (or the setting), the line is edited on the terminal first.
pub fn run(words: &[String]) -> Result<String, Exit> {
    match prompt::requested(words, auto_prompt_setting(words).as_deref()) {
        Some(prompt::Mode::On) => run_words(&prompt::edit(words)?),
        Some(prompt::Mode::Partial) if prompt::incomplete(words) => {
            run_words(&prompt::edit(words)?)
        }
        _ => run_words(words),
    }
}

/// `AWS_CLI_AUTO_PROMPT`, else the profile's `cli_auto_prompt`; looked for only when neither
/// flag decides, in the environment and the shared files alone. A configuration that cannot be
/// read leaves the prompt off (running the command reports the problem).
fn auto_prompt_setting(words: &[String]) -> Option<String> {
    if words
        .iter()
        .any(|word| word == flags::CLI_AUTO_PROMPT.name || word == flags::NO_CLI_AUTO_PROMPT.name)
    {
        return None;
    }
    let parsed = args::parse(words).unwrap_or_default();
    config_builder(&parsed)
        .ok()?
        .setting("AWS_CLI_AUTO_PROMPT", "cli_auto_prompt")
        .ok()
        .flatten()
}

fn run_words(words: &[String]) -> Result<String, Exit> {
    let parsed = args::parse(words)?;
    if parsed.globals.version {
        return Ok(format!(
            "connect-cli/{} Rust {}/{}\n",
            env!("CARGO_PKG_VERSION"),
            std::env::consts::OS,
            std::env::consts::ARCH
        ));
    }
    let asks_help = parsed.asks_help();
    if parsed.command.is_none() {
        if asks_help {
            return Ok(help::overview());
        }
        return Err(UsageError("the following arguments are required: command".to_owned()).into());
    }
    let command = match parsed.subcommand {
        Some(Subcommand::Operation(command)) => command,
        Some(Subcommand::Help) => return Ok(help::overview()),
        Some(Subcommand::Completion) => {
            let shell = parsed.positionals.first().map(String::as_str).unwrap_or("");
            return help::completion(shell).ok_or_else(|| {
                Exit::usage(format!(
                    "connect: error: completion takes one of bash, zsh, fish, not `{shell}`"
                ))
            });
        }
        Some(Subcommand::Import) if asks_help => return Ok(import::options::help_page()),
        Some(Subcommand::Import) => return import::run(&parsed),
        None => {
            let valid: Vec<&str> = subcommands::names().collect();
            return Err(Exit::from(UsageError(format!(
                "argument operation: Invalid choice, valid choices are:\n\n{}",
                valid.join(" | ")
            ))));
        }
    };
    if asks_help {
        return Ok(help::command_page(command));
    }
    operation(command, &parsed)
}

/// Reads the input, checks it, and sends it (or prints a skeleton).
fn operation(command: &Command, parsed: &Parsed) -> Result<String, Exit> {
    if let Some(kind) = parsed.skeleton.as_deref() {
        if kind != "output" {
            let skeleton = skeleton::skeleton(command.input);
            let format = if kind == "yaml-input" {
                Format::Yaml
            } else {
                Format::Json
            };
            return Ok(output::render(&skeleton, format, command.operation));
        }
    }
    let value = checked_input(command, parsed)?;
    if parsed.skeleton.as_deref() == Some("output") {
        let skeleton = skeleton::output_skeleton(command.output);
        return finish(command, parsed, &config(parsed)?, skeleton);
    }
    let config = config(parsed)?;
    let body = send(command, &config, &value, parsed)?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(String::new());
    }
    let response: Value = serde_json::from_slice(&body).map_err(|error| Exit {
        code: 255,
        message: format!(
            "Unable to parse the {} response: {error}",
            command.operation
        ),
    })?;
    finish(
        command,
        parsed,
        &config,
        response::modelled(response, command.output),
    )
}

/// The operation's input from the command line: the options and any `--cli-input-json` or
/// `--cli-input-yaml` document, converted and checked as the AWS CLI does before it sends.
pub fn checked_input(command: &Command, parsed: &Parsed) -> Result<Value, Exit> {
    let input_shape = &commands::SHAPES[command.input];
    let document =
        match (
            parsed.options.get(flags::CLI_INPUT_JSON.name),
            parsed.options.get(flags::CLI_INPUT_YAML.name),
        ) {
            (Some(_), Some(_)) => return Err(Exit::usage(
                "connect: error: only one of --cli-input-json and --cli-input-yaml may be given",
            )),
            (Some(raw), None) => Some(params::input_document(
                flags::CLI_INPUT_JSON.name,
                &raw[0],
                false,
            )),
            (None, Some(raw)) => Some(params::input_document(
                flags::CLI_INPUT_YAML.name,
                &raw[0],
                true,
            )),
            (None, None) => None,
        }
        .transpose()
        .map_err(|e| Exit::usage(e.0))?;
    let members = input_shape.kind.members();
    if document.is_none() {
        let missing = parsed.missing_required(command);
        if !missing.is_empty() {
            return Err(UsageError(format!(
                "the following arguments are required: {}",
                missing.join(", ")
            ))
            .into());
        }
    }
    // The flags in model order, then the document's members the flags do not set.
    let mut value = Map::new();
    for member in members.iter() {
        if let Some(raws) = parsed.options.get(member.option) {
            let item = params::option_value(member, raws).map_err(|e| Exit::usage(e.0))?;
            value.insert(member.name.to_owned(), item);
        }
    }
    if let Some(document) = document {
        let mut merged = Map::new();
        for (key, item) in document {
            let item = value.remove(&key).unwrap_or(item);
            merged.insert(key, item);
        }
        merged.extend(value);
        value = merged;
    }
    let mut value = Value::Object(value);
    if parsed.globals.binary_format.as_deref() == Some("raw-in-base64-out") {
        params::raw_blobs_to_base64(input_shape, &mut value);
    }
    if let Some(expression) = &parsed.globals.query {
        query::compile(expression).map_err(Exit::usage)?;
    }
    let problems = check::check(&value, input_shape);
    if !problems.is_empty() {
        return Err(Exit::usage(format!(
            "\nParameter validation failed:\n{}",
            problems.join("\n")
        )));
    }
    Ok(value)
}

/// Applies `--query` and prints in the chosen format.
fn finish(
    command: &Command,
    parsed: &Parsed,
    config: &Config,
    response: Value,
) -> Result<String, Exit> {
    let format_name = parsed
        .globals
        .output
        .as_deref()
        .or_else(|| config.setting("AWS_DEFAULT_OUTPUT", "output"))
        .unwrap_or("json");
    let format = Format::parse(format_name)
        .ok_or_else(|| Exit::configuration(format!("Unknown output type: {format_name}")))?;
    let result = match &parsed.globals.query {
        Some(expression) => query::search(expression, &response).map_err(Exit::usage)?,
        None => response,
    };
    // What the AWS CLI prints for nothing: JSON leaves out an empty object; a `--query` that
    // selects nothing is `None` in text and nothing in a table.
    if format == Format::Json && result.as_object().is_some_and(Map::is_empty) {
        return Ok(String::new());
    }
    if result.is_null() && parsed.globals.query.is_some() {
        match format {
            Format::Text => return Ok("None\n".to_owned()),
            Format::Json => {}
            _ => return Ok(String::new()),
        }
    }
    let colors = match parsed.globals.color.as_deref() {
        Some("on") => true,
        Some("off") => false,
        _ => std::io::IsTerminal::is_terminal(&std::io::stdout()),
    };
    Ok(output::render_colored(
        &result,
        format,
        command.operation,
        output::Colors(colors),
    ))
}

/// The configuration from the global options, the environment and the shared files.
fn config(parsed: &Parsed) -> Result<Config, Exit> {
    config_builder(parsed)?
        .build()
        .map_err(|e| Exit::configuration(e.to_string()))
}

/// With `--no-verify-ssl`, the warning the AWS CLI prints (urllib3's) before talking to an
/// `https` endpoint whose certificate will not be checked.
pub(crate) fn warn_if_unverified(parsed: &Parsed, config: &Config) {
    if !parsed.globals.no_verify_ssl {
        return;
    }
    let Ok(url) = config.endpoint_url(&connect_sdk::client::SERVICE) else {
        return;
    };
    if let Some(rest) = url.strip_prefix("https://") {
        let authority = rest.split(['/', '?']).next().unwrap_or_default();
        let host = match authority.strip_prefix('[') {
            Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
            None => authority.split(':').next().unwrap_or_default(),
        };
        eprintln!("connect: InsecureRequestWarning: Unverified HTTPS request is being made to host '{host}'. Adding certificate verification is strongly advised. See: https://urllib3.readthedocs.io/en/latest/advanced-usage.html#tls-warnings");
    }
}

/// The configuration builder from the global options (the environment and the shared files are
/// read when it is built).
fn config_builder(parsed: &Parsed) -> Result<connect_runtime::config::ConfigBuilder, Exit> {
    let mut builder = Config::builder().app_name("connect-cli");
    let globals = &parsed.globals;
    if let Some(region) = &globals.region {
        builder = builder.region(region.clone());
    }
    if let Some(profile) = &globals.profile {
        builder = builder.profile(profile.clone());
    }
    if let Some(url) = &globals.endpoint_url {
        builder = builder.endpoint_url(url.clone());
    }
    if let Some(bundle) = &globals.ca_bundle {
        builder = builder.ca_bundle(bundle.clone());
    }
    let seconds = |flag: &flags::Flag| -> Result<Option<Option<Duration>>, Exit> {
        let name = flag.name;
        match globals.get(flag) {
            None => Ok(None),
            Some(text) => {
                let secs: f64 = text.trim().parse().map_err(|_| {
                    Exit::usage(format!(
                        "connect: error: argument {name}: invalid int value: '{text}'"
                    ))
                })?;
                if !secs.is_finite() || secs < 0.0 {
                    return Err(Exit::usage(format!(
                        "connect: error: argument {name}: must be 0 or more seconds, not '{text}'"
                    )));
                }
                Ok(Some((secs > 0.0).then(|| Duration::from_secs_f64(secs))))
            }
        }
    };
    if let Some(timeout) = seconds(&flags::CLI_READ_TIMEOUT)? {
        builder = builder.read_timeout(timeout);
    }
    if let Some(timeout) = seconds(&flags::CLI_CONNECT_TIMEOUT)? {
        builder = builder.connect_timeout(timeout);
    }
    if globals.no_sign_request {
        builder = builder.unsigned();
    }
    if globals.no_verify_ssl {
        builder = builder.insecure(true);
    }
    Ok(builder)
}

/// Sends the checked input; the response body.
fn send(
    command: &Command,
    config: &Config,
    value: &Value,
    parsed: &Parsed,
) -> Result<Vec<u8>, Exit> {
    let debug = parsed.globals.debug;
    if debug {
        let _ = tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_max_level(tracing::Level::TRACE)
            .with_target(false)
            .try_init();
        tracing::debug!(
            region = ?config.region(),
            endpoint = ?config.endpoint_url(&connect_sdk::client::SERVICE).ok(),
            retry = ?config.retry(),
            timeouts = ?config.timeouts(),
            credentials = credentials_source(config),
            "configuration"
        );
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Exit {
            code: 255,
            message: format!("cannot start the runtime: {e}"),
        })?;
    warn_if_unverified(parsed, config);
    let handle = Handle::new(config, connect_sdk::client::SERVICE);
    let started = std::time::Instant::now();
    let result = runtime.block_on((command.run)(&handle, value));
    if debug {
        tracing::debug!(elapsed = ?started.elapsed(), "call finished");
    }
    result.map_err(|failure| match failure {
        CallFailure::Input(message) => Exit::usage(message),
        CallFailure::Configuration(message) => Exit::configuration(message),
        CallFailure::Service { message, .. } => Exit {
            code: 254,
            message: format!("\n{message}"),
        },
        CallFailure::Unanswered { message, .. } | CallFailure::Other(message) => Exit {
            code: 255,
            message: format!("\n{message}"),
        },
    })
}

/// Where the credentials come from, for `--debug` (never the keys themselves).
fn credentials_source(config: &Config) -> &'static str {
    match config.credentials() {
        connect_runtime::config::CredentialsSetting::Unsigned => "none (unsigned requests)",
        connect_runtime::config::CredentialsSetting::Missing => "none found",
        connect_runtime::config::CredentialsSetting::Provider(provider) => provider
            .cached()
            .map(|c| c.source())
            .unwrap_or("a credentials provider"),
    }
}
