//! `--cli-auto-prompt`: the command line edited interactively before it runs, as AWS CLI v2
//! offers it, built from the generated tables. Option names complete as they are typed (Tab), an
//! enum option offers its values, the option at the cursor shows its type, constraints, whether it
//! is required and its documentation beside the line, and Enter checks the line (unknown options,
//! missing required ones, shorthand and JSON values) before it runs. The line that runs is printed
//! on standard error, so it can be reused.
//!
//! Turned on by `--cli-auto-prompt`, or by `AWS_CLI_AUTO_PROMPT` / the profile's
//! `cli_auto_prompt` set to `on` (always) or `on-partial` (only when the command line given is
//! incomplete); `--no-cli-auto-prompt` turns it off. It needs a terminal.

use crate::args;
use crate::commands::{self, SHAPES};
use crate::flags::{self, Takes, CLI_AUTO_PROMPT, NO_CLI_AUTO_PROMPT};
use crate::model::{Command, Kind, Member};
use crate::subcommands::{self, Subcommand};
use crate::{help, params, Exit};
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::{Hint, Hinter};
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{CompletionType, Config, Context, Editor, Helper};
use std::borrow::Cow;
use std::io::IsTerminal;

/// What the setting (`on`, `on-partial`) asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Prompt whatever the command line holds.
    On,
    /// Prompt only when the command line cannot run as it is.
    Partial,
}

impl Mode {
    /// Reads the setting's value; `off` and anything else mean no prompt.
    pub fn parse(value: &str) -> Option<Mode> {
        match value.trim() {
            "on" => Some(Mode::On),
            "on-partial" => Some(Mode::Partial),
            _ => None,
        }
    }
}

/// Whether the command line asks for the prompt: the flags first, then `setting` (the
/// environment variable or the profile's value, when there is one).
pub fn requested(words: &[String], setting: Option<&str>) -> Option<Mode> {
    if words.iter().any(|word| word == NO_CLI_AUTO_PROMPT.name) {
        return None;
    }
    if words.iter().any(|word| word == CLI_AUTO_PROMPT.name) {
        return Some(Mode::On);
    }
    setting.and_then(Mode::parse)
}

/// Whether the command line cannot run as it is: it does not parse, names no command, or leaves
/// out a required option without an input document.
pub fn incomplete(words: &[String]) -> bool {
    args::parse(words).map_or(true, |parsed| runnable(&parsed).is_err())
}

/// Whether the parsed line can run as far as its words go: it names a command, and an operation
/// without an input document has its required options. The operation whose values are still to
/// be checked, if any (none for help, skeletons and the other subcommands).
fn runnable(parsed: &args::Parsed) -> Result<Option<&'static Command>, String> {
    let Some(name) = parsed.command.as_deref() else {
        return Err("connect: error: name a command (Tab lists them)".to_owned());
    };
    let command = match parsed.subcommand {
        Some(Subcommand::Operation(command)) => command,
        Some(_) => return Ok(None),
        None => return Err(format!("connect: error: unknown command `{name}`")),
    };
    if parsed.asks_help() || parsed.skeleton.is_some() {
        return Ok(None);
    }
    let missing = parsed.missing_required(command);
    if !parsed.has_input_document() && !missing.is_empty() {
        return Err(format!(
            "connect: error: the following arguments are required: {}",
            missing.join(", ")
        ));
    }
    Ok(Some(command))
}

/// Edits the command line on the terminal; the words of the line accepted. Refused when standard
/// input or output is not a terminal.
pub fn edit(words: &[String]) -> Result<Vec<String>, Exit> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Exit::usage(format!(
            "connect: error: {} needs a terminal (standard input and output are not both \
             terminals); run the command without it, or with {}",
            CLI_AUTO_PROMPT.name, NO_CLI_AUTO_PROMPT.name
        )));
    }
    let initial = words
        .iter()
        .filter(|word| *word != CLI_AUTO_PROMPT.name)
        .map(|word| quote(word))
        .collect::<Vec<_>>()
        .join(" ");
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .build();
    let mut editor: Editor<LineHelper, rustyline::history::DefaultHistory> =
        Editor::with_config(config).map_err(|error| terminal_error(&error))?;
    editor.set_helper(Some(LineHelper));
    let line = match editor.readline_with_initial("connect> ", (&format!("{initial} "), "")) {
        Ok(line) => line,
        Err(
            rustyline::error::ReadlineError::Interrupted | rustyline::error::ReadlineError::Eof,
        ) => {
            return Err(Exit {
                code: 130,
                message: String::new(),
            })
        }
        Err(error) => return Err(terminal_error(&error)),
    };
    let words = split(&line).map_err(Exit::usage)?;
    eprintln!(
        "connect {}",
        words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ")
    );
    Ok(words)
}

fn terminal_error(error: &rustyline::error::ReadlineError) -> Exit {
    Exit {
        code: 255,
        message: format!("connect: the prompt cannot use the terminal: {error}"),
    }
}

/// A word as a POSIX shell reads it back: bare when it is safe, else in single quotes.
pub fn quote(word: &str) -> Cow<'_, str> {
    let safe = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c));
    if safe {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(format!("'{}'", word.replace('\'', "'\\''")))
    }
}

/// The words of a line, split as a POSIX shell splits them (quotes and backslashes, no
/// expansion).
pub fn split(line: &str) -> Result<Vec<String>, String> {
    shlex::split(line).ok_or_else(|| {
        "connect: error: the command line has an unterminated quote or a trailing backslash"
            .to_owned()
    })
}

/// Completion, hints and the check on Enter, from the generated tables.
struct LineHelper;

impl Helper for LineHelper {}

impl Highlighter for LineHelper {
    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        // Dimmed, as a hint is not part of the line.
        Cow::Owned(format!("\x1b[2m{hint}\x1b[0m"))
    }
}

/// The text shown beside the line; never inserted.
pub struct OptionHint(String);

impl Hint for OptionHint {
    fn display(&self) -> &str {
        &self.0
    }

    fn completion(&self) -> Option<&str> {
        None
    }
}

/// Where the word under the cursor starts, and the words before it (split loosely: a line being
/// typed may hold an open quote).
fn context(line: &str, pos: usize) -> (usize, Vec<String>) {
    let before = &line[..pos];
    let start = before.rfind(char::is_whitespace).map_or(0, |at| at + 1);
    let earlier = split(&before[..start]).unwrap_or_else(|_| {
        before[..start]
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    });
    (start, earlier)
}

/// The subcommand among the words, if one is named.
fn command_of(words: &[String]) -> Option<&'static Command> {
    let mut skip_value = false;
    for word in words {
        if skip_value {
            skip_value = false;
            continue;
        }
        if flags::global(word).is_some_and(|flag| flag.takes != Takes::Nothing) {
            skip_value = true;
            continue;
        }
        if word.starts_with("--") {
            continue;
        }
        return commands::find(word);
    }
    None
}

/// The command's member set by `option`, if any.
fn member_of(command: &Command, option: &str) -> Option<&'static Member> {
    SHAPES[command.input]
        .kind
        .members()
        .iter()
        .find(|member| member.option == option)
}

/// An option's values, when it has a closed set: an enum member's, or a global option's.
fn values_of(command: Option<&Command>, option: &str) -> Option<&'static [&'static str]> {
    if let Some(values) = flags::global(option).and_then(|flag| flag.takes.choices()) {
        return Some(values);
    }
    let member = member_of(command?, option)?;
    let shape = params::scalar_list_item(&SHAPES[member.shape]).unwrap_or(&SHAPES[member.shape]);
    match shape.kind {
        Kind::String { values, .. } if !values.is_empty() => Some(values),
        _ => None,
    }
}

impl Completer for LineHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let (start, earlier) = context(line, pos);
        let word = &line[start..pos];
        let command = command_of(&earlier);
        let mut candidates = Vec::new();
        if let Some(previous) = earlier.last().filter(|p| p.starts_with("--")) {
            if let Some(values) = values_of(command, previous) {
                for value in values.iter().filter(|v| v.starts_with(word)) {
                    candidates.push(Pair {
                        display: (*value).to_owned(),
                        replacement: format!("{value} "),
                    });
                }
                return Ok((start, candidates));
            }
        }
        if word.starts_with('-') {
            let mut options: Vec<(&str, String)> = Vec::new();
            if let Some(command) = command {
                for member in SHAPES[command.input].kind.members() {
                    options.push((member.option, summary(member)));
                }
                for flag in flags::DOCUMENT {
                    options.push((flag.name, String::new()));
                }
            }
            for flag in flags::GLOBALS {
                options.push((flag.name, String::new()));
            }
            for (option, about) in options {
                let used = earlier.iter().any(|w| w == option);
                if option.starts_with(word) && !used {
                    candidates.push(Pair {
                        display: if about.is_empty() {
                            option.to_owned()
                        } else {
                            format!("{option}  ({about})")
                        },
                        replacement: format!("{option} "),
                    });
                }
            }
        } else if command.is_none() {
            for name in subcommands::names().filter(|name| name.starts_with(word)) {
                candidates.push(Pair {
                    display: name.to_owned(),
                    replacement: format!("{name} "),
                });
            }
        }
        Ok((start, candidates))
    }
}

/// `string, required` or `map`: the type word and whether the option must be given.
fn summary(member: &Member) -> String {
    let shape = &SHAPES[member.shape];
    let mut text = help::type_word(shape).to_owned();
    if member.required {
        text.push_str(", required");
    }
    text
}

impl Hinter for LineHelper {
    type Hint = OptionHint;

    fn hint(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> Option<OptionHint> {
        if pos < line.len() {
            return None;
        }
        let (start, earlier) = context(line, pos);
        let word = &line[start..pos];
        let command = command_of(&earlier)?;
        // The option being typed, or the one whose value comes next.
        let option = if word.starts_with("--") {
            word
        } else {
            earlier.last().filter(|p| p.starts_with("--"))?.as_str()
        };
        let member = member_of(command, option)?;
        let shape = &SHAPES[member.shape];
        let mut parts = vec![summary(member)];
        if let Some(values) = values_of(Some(command), option) {
            parts.push(format!("one of {}", values.join("|")));
        }
        if let Some(constraints) = help::constraints(shape) {
            parts.push(constraints);
        }
        let documentation = first_sentence(help::documentation(member));
        Some(OptionHint(format!(
            "   <- {}: {}",
            parts.join("; "),
            documentation
        )))
    }
}

/// The first sentence of a documentation text, on one line.
fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(end) => flat[..=end].to_owned(),
        None => flat,
    }
}

impl Validator for LineHelper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        Ok(match check(ctx.input()) {
            Ok(()) => ValidationResult::Valid(None),
            Err(message) => ValidationResult::Invalid(Some(format!("\n{message}"))),
        })
    }
}

/// What stops the line from running, checked without sending anything: how it splits and
/// parses, the command, the required options, and every value given on the line (files named by
/// `file://` are read when the command runs).
pub fn check(line: &str) -> Result<(), String> {
    let words = split(line)?;
    let parsed = args::parse(&words).map_err(|error| format!("connect: error: {}", error.0))?;
    let Some(command) = runnable(&parsed)? else {
        return Ok(());
    };
    for member in SHAPES[command.input].kind.members() {
        let Some(raws) = parsed.options.get(member.option) else {
            continue;
        };
        if raws
            .iter()
            .any(|raw| raw.starts_with("file://") || raw.starts_with("fileb://"))
        {
            continue;
        }
        params::option_value(member, raws).map_err(|error| error.0)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        split(line).expect("words")
    }

    #[test]
    fn the_flags_win_over_the_setting() {
        assert_eq!(
            requested(&words("create-contact --cli-auto-prompt"), None),
            Some(Mode::On)
        );
        assert_eq!(
            requested(
                &words("create-contact --cli-auto-prompt --no-cli-auto-prompt"),
                Some("on")
            ),
            None
        );
        assert_eq!(
            requested(&words("create-contact"), Some("on-partial")),
            Some(Mode::Partial)
        );
        assert_eq!(requested(&words("create-contact"), Some("off")), None);
        assert_eq!(requested(&words("create-contact"), None), None);
    }

    #[test]
    fn partial_prompts_only_for_lines_that_cannot_run() {
        assert!(incomplete(&words("")));
        assert!(incomplete(&words("create-contact --channel TASK")));
        assert!(incomplete(&words("create-contact --instance-id")));
        assert!(!incomplete(&words(
            "create-contact --instance-id i --channel TASK --initiation-method API"
        )));
        assert!(!incomplete(&words("create-contact --cli-input-json {}")));
        assert!(!incomplete(&words("help")));
        assert!(!incomplete(&words(
            "create-contact --generate-cli-skeleton"
        )));
        assert!(!incomplete(&words("create-contact help")));
    }

    #[test]
    fn completion_offers_options_then_enum_values() {
        let history = rustyline::history::DefaultHistory::new();
        let ctx = Context::new(&history);
        let line = "create-contact --chan";
        let (start, found) = LineHelper.complete(line, line.len(), &ctx).unwrap();
        assert_eq!(start, "create-contact ".len());
        let replacements: Vec<&str> = found.iter().map(|p| p.replacement.as_str()).collect();
        assert_eq!(replacements, ["--channel "]);
        assert!(
            found[0].display.contains("string, required"),
            "{}",
            found[0].display
        );

        let line = "create-contact --channel T";
        let (_, found) = LineHelper.complete(line, line.len(), &ctx).unwrap();
        let values: Vec<&str> = found.iter().map(|p| p.display.as_str()).collect();
        assert_eq!(values, ["TASK"]);

        let line = "create-contact --output ";
        let (_, found) = LineHelper.complete(line, line.len(), &ctx).unwrap();
        assert!(found.iter().any(|p| p.display == "yaml"));

        let line = "des";
        let (_, found) = LineHelper.complete(line, line.len(), &ctx).unwrap();
        assert_eq!(found[0].replacement, "describe-contact ");
    }

    #[test]
    fn the_hint_describes_the_option_at_the_cursor() {
        let history = rustyline::history::DefaultHistory::new();
        let ctx = Context::new(&history);
        let line = "create-contact --channel ";
        let hint = LineHelper.hint(line, line.len(), &ctx).expect("a hint");
        assert!(
            hint.display().contains("string, required"),
            "{}",
            hint.display()
        );
        assert!(hint.display().contains("TASK"), "{}", hint.display());
        let line = "create-contact --name";
        let hint = LineHelper.hint(line, line.len(), &ctx).expect("a hint");
        assert!(hint.display().contains("max length"), "{}", hint.display());
        assert!(LineHelper.hint("create-contact", 14, &ctx).is_none());
    }

    #[test]
    fn the_check_refuses_what_would_not_run() {
        let required = "create-contact --instance-id i --channel TASK --initiation-method API";
        assert_eq!(check(required), Ok(()));
        let bad = format!("{required} --references 'x={{Value=1'");
        let message = check(&bad).expect_err("bad shorthand");
        assert!(message.contains("--references"), "{message}");
        let missing = check("create-contact --channel TASK").expect_err("missing");
        assert!(missing.contains("--instance-id"), "{missing}");
        assert!(check("create-contact --bogus 1").is_err());
        assert!(check("create-contact 'open").is_err());
    }

    #[test]
    fn words_are_quoted_so_a_shell_reads_them_back() {
        assert_eq!(quote("--name"), "--name");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), "'it'\\''s'");
        assert_eq!(quote(""), "''");
        let line = ["x={Value=1}", "it's"]
            .map(|w| quote(w).into_owned())
            .join(" ");
        assert_eq!(split(&line).unwrap(), ["x={Value=1}", "it's"]);
    }
}
