//! Reading the command line as the AWS CLI does: global options anywhere, `--name value` and
//! `--name=value`, the last of a repeated option winning, values that look like options refused
//! (negative numbers excepted), and every word no option takes reported as unknown.

use crate::model::Command;
use crate::params::scalar_list_item;
use std::collections::BTreeMap;

/// Options that take a value and apply to every command.
pub const GLOBAL_VALUES: &[&str] = &[
    "--endpoint-url",
    "--region",
    "--profile",
    "--output",
    "--query",
    "--cli-read-timeout",
    "--cli-connect-timeout",
    "--ca-bundle",
    "--color",
    "--cli-binary-format",
];

/// Options that are switches and apply to every command.
pub const GLOBAL_FLAGS: &[&str] = &[
    "--debug",
    "--no-sign-request",
    "--no-verify-ssl",
    "--no-paginate",
    "--no-cli-pager",
    "--cli-auto-prompt",
    "--no-cli-auto-prompt",
    "--version",
    "--help",
];

/// The choices of global options that have a fixed set.
pub fn choices(option: &str) -> Option<&'static [&'static str]> {
    match option {
        "--output" => Some(&["json", "text", "table", "yaml", "yaml-stream"]),
        "--color" => Some(&["on", "off", "auto"]),
        "--cli-binary-format" => Some(&["base64", "raw-in-base64-out"]),
        _ => None,
    }
}

/// What the words of the command line say.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The subcommand (`create-contact`, `help`, `completion`), if one was given.
    pub command: Option<String>,
    /// Words after the subcommand that are not options (`help`, a shell name).
    pub positionals: Vec<String>,
    /// Global options with values, by option.
    pub globals: BTreeMap<String, String>,
    /// Global switches that were given.
    pub flags: Vec<String>,
    /// The command's own options, by option, each with its words.
    pub options: BTreeMap<String, Vec<String>>,
    /// `--generate-cli-skeleton`, with its value (`input` when none was given).
    pub skeleton: Option<String>,
}

impl Parsed {
    /// Whether the input comes (also) from `--cli-input-json` or `--cli-input-yaml`.
    pub fn has_input_document(&self) -> bool {
        self.options.contains_key("--cli-input-json")
            || self.options.contains_key("--cli-input-yaml")
    }

    /// The options of the command's required members that the line does not give.
    pub fn missing_required(&self, command: &Command) -> Vec<&'static str> {
        crate::commands::SHAPES[command.input]
            .kind
            .members()
            .iter()
            .filter(|m| m.required && !self.options.contains_key(m.option))
            .map(|m| m.option)
            .collect()
    }
}

/// A command line that cannot be read (the AWS CLI's exit status 252).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

fn looks_like_negative_number(word: &str) -> bool {
    let rest = match word.strip_prefix('-') {
        Some(rest) => rest,
        None => return false,
    };
    !rest.is_empty()
        && rest.bytes().filter(|b| *b == b'.').count() <= 1
        && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && rest.bytes().any(|b| b.is_ascii_digit())
}

fn looks_like_option(word: &str) -> bool {
    word.starts_with('-') && word.len() > 1 && !looks_like_negative_number(word)
}

/// Whether an option of the command takes several words (a list of scalars).
fn takes_several(command: Option<&Command>, option: &str) -> bool {
    let Some(command) = command else { return false };
    crate::commands::SHAPES[command.input]
        .kind
        .members()
        .iter()
        .find(|m| m.option == option)
        .is_some_and(|m| scalar_list_item(&crate::commands::SHAPES[m.shape]).is_some())
}

/// Whether the command has this option. `import` is `import-contacts`, whose options are its own.
fn is_command_option(command: Option<&Command>, import: bool, option: &str) -> bool {
    if import {
        return crate::import::options::takes_value(option).is_some();
    }
    matches!(
        option,
        "--cli-input-json" | "--cli-input-yaml" | "--generate-cli-skeleton"
    ) || command.is_some_and(|command| {
        crate::commands::SHAPES[command.input]
            .kind
            .members()
            .iter()
            .any(|m| m.option == option)
    })
}

/// Reads the words after the program name. Unknown options are reported together, after
/// everything else was read, as the AWS CLI reports them.
pub fn parse(words: &[String]) -> Result<Parsed, UsageError> {
    let mut parsed = Parsed::default();
    let mut unknown = Vec::new();
    let mut command: Option<&'static Command> = None;
    let mut import = false;
    let mut index = 0;
    while index < words.len() {
        let word = &words[index];
        index += 1;
        if !looks_like_option(word) {
            if parsed.command.is_none() {
                command = crate::commands::find(word);
                import = word == crate::import::COMMAND;
                parsed.command = Some(word.clone());
            } else if (command.is_some() || import) && word != "help" {
                unknown.push(word.clone());
            } else {
                parsed.positionals.push(word.clone());
            }
            continue;
        }
        let (option, inline) = match word.split_once('=') {
            Some((option, value)) if option.starts_with("--") => {
                (option.to_owned(), Some(value.to_owned()))
            }
            _ => (word.clone(), None),
        };
        let take_value = |index: &mut usize| -> Result<String, UsageError> {
            if let Some(value) = &inline {
                return Ok(value.clone());
            }
            match words.get(*index) {
                Some(next) if !looks_like_option(next) => {
                    *index += 1;
                    Ok(next.clone())
                }
                _ => Err(UsageError(format!(
                    "argument {option}: expected one argument"
                ))),
            }
        };
        if GLOBAL_FLAGS.contains(&option.as_str()) {
            if inline.is_some() {
                return Err(UsageError(format!(
                    "argument {option}: ignored explicit argument '{}'",
                    inline.unwrap_or_default()
                )));
            }
            parsed.flags.push(option);
        } else if GLOBAL_VALUES.contains(&option.as_str()) {
            let value = take_value(&mut index)?;
            if let Some(valid) = choices(&option) {
                if !valid.contains(&value.as_str()) {
                    return Err(UsageError(format!(
                        "argument {option}: Invalid choice, valid choices are:\n\n{}",
                        valid.join(" | ")
                    )));
                }
            }
            parsed.globals.insert(option, value);
        } else if option == "--generate-cli-skeleton" && command.is_some() {
            let value = match &inline {
                Some(value) => value.clone(),
                None => match words.get(index) {
                    Some(next) if !looks_like_option(next) => {
                        index += 1;
                        next.clone()
                    }
                    _ => "input".to_owned(),
                },
            };
            if !["input", "output", "yaml-input"].contains(&value.as_str()) {
                return Err(UsageError(
                    "argument --generate-cli-skeleton: Invalid choice, valid choices are:\n\ninput | output | yaml-input"
                        .to_owned(),
                ));
            }
            parsed.skeleton = Some(value);
        } else if import && crate::import::options::takes_value(&option) == Some(false) {
            if let Some(value) = inline {
                return Err(UsageError(format!(
                    "argument {option}: ignored explicit argument '{value}'"
                )));
            }
            parsed.options.insert(option, Vec::new());
        } else if is_command_option(command, import, &option) {
            if takes_several(command, &option) && inline.is_none() {
                let mut values = Vec::new();
                while let Some(next) = words.get(index).filter(|w| !looks_like_option(w)) {
                    values.push(next.clone());
                    index += 1;
                }
                if values.is_empty() {
                    return Err(UsageError(format!(
                        "argument {option}: expected at least one argument"
                    )));
                }
                parsed.options.insert(option, values);
            } else {
                let value = take_value(&mut index)?;
                parsed.options.insert(option, vec![value]);
            }
        } else {
            unknown.push(word.clone());
            // The words after an unknown option up to the next option are unknown too.
            while let Some(next) = words.get(index).filter(|w| !looks_like_option(w)) {
                unknown.push(next.clone());
                index += 1;
            }
        }
    }
    if !unknown.is_empty() && !parsed.flags.iter().any(|f| f == "--help") {
        return Err(UsageError(format!(
            "Unknown options: {}",
            unknown.join(", ")
        )));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &[&str]) -> Vec<String> {
        text.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn options_values_and_globals_anywhere() {
        let parsed = parse(&words(&[
            "--region",
            "eu-west-1",
            "create-contact",
            "--instance-id=abc",
            "--expiry-duration-in-minutes",
            "-5",
            "--debug",
            "--name",
            "first",
            "--name",
            "second",
        ]))
        .unwrap();
        assert_eq!(parsed.command.as_deref(), Some("create-contact"));
        assert_eq!(parsed.globals["--region"], "eu-west-1");
        assert_eq!(parsed.options["--instance-id"], ["abc"]);
        assert_eq!(parsed.options["--expiry-duration-in-minutes"], ["-5"]);
        assert_eq!(parsed.options["--name"], ["second"]);
        assert_eq!(parsed.flags, ["--debug"]);
    }

    #[test]
    fn bad_command_lines_are_refused_in_the_aws_clis_words() {
        let error = |w: &[&str]| parse(&words(w)).unwrap_err().0;
        assert_eq!(
            error(&["create-contact", "--foo", "1", "--name", "x", "bar"]),
            "Unknown options: --foo, 1, bar"
        );
        assert_eq!(
            error(&["create-contact", "--name"]),
            "argument --name: expected one argument"
        );
        assert_eq!(
            error(&["create-contact", "--name", "--channel", "TASK"]),
            "argument --name: expected one argument"
        );
        assert!(error(&["--output", "xml"]).contains("Invalid choice"));
        assert_eq!(
            parse(&words(&["create-contact", "--generate-cli-skeleton"]))
                .unwrap()
                .skeleton
                .as_deref(),
            Some("input")
        );
    }
}
