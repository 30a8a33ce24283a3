//! Reading the command line as the AWS CLI does: global options anywhere, `--name value` and
//! `--name=value`, the last of a repeated option winning, values that look like options refused
//! (negative numbers excepted), and every word no option takes reported as unknown.

use crate::flags::{self, Globals, Takes};
use crate::model::Command;
use crate::subcommands::Subcommand;
use std::collections::BTreeMap;

/// What the words of the command line say.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The subcommand's name as given (`create-contact`, `help`), if one was given.
    pub command: Option<String>,
    /// The subcommand, when the name is one.
    pub subcommand: Option<Subcommand>,
    /// Words after the subcommand that are not options (`help`, a shell name).
    pub positionals: Vec<String>,
    /// The global options.
    pub globals: Globals,
    /// The command's own options, by option, each with its words.
    pub options: BTreeMap<String, Vec<String>>,
    /// `--generate-cli-skeleton`, with its value (`input` when none was given).
    pub skeleton: Option<String>,
}

impl Parsed {
    /// Whether the input comes (also) from `--cli-input-json` or `--cli-input-yaml`.
    pub fn has_input_document(&self) -> bool {
        self.options.contains_key(flags::CLI_INPUT_JSON.name)
            || self.options.contains_key(flags::CLI_INPUT_YAML.name)
    }

    /// Whether help is asked for (`--help`, or `help` after the subcommand).
    pub fn asks_help(&self) -> bool {
        self.globals.help || self.positionals.iter().any(|p| p == "help")
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

/// Reads the words after the program name. Unknown options are reported together, after
/// everything else was read, as the AWS CLI reports them.
pub fn parse(words: &[String]) -> Result<Parsed, UsageError> {
    let mut parsed = Parsed::default();
    let mut unknown = Vec::new();
    let mut index = 0;
    while index < words.len() {
        let word = &words[index];
        index += 1;
        if !looks_like_option(word) {
            match (&parsed.command, parsed.subcommand) {
                (None, _) => {
                    parsed.subcommand = Subcommand::find(word);
                    parsed.command = Some(word.clone());
                }
                (Some(_), Some(sub)) if !sub.takes_arguments() && word != "help" => {
                    unknown.push(word.clone())
                }
                _ => parsed.positionals.push(word.clone()),
            }
            continue;
        }
        let (option, inline) = match word.split_once('=') {
            Some((option, value)) if option.starts_with("--") => {
                (option.to_owned(), Some(value.to_owned()))
            }
            _ => (word.clone(), None),
        };
        let global = flags::global(&option);
        let takes = match global {
            Some(flag) => Some(flag.takes),
            None => parsed.subcommand.and_then(|sub| sub.option(&option)),
        };
        let Some(takes) = takes else {
            unknown.push(word.clone());
            // The words after an unknown option up to the next option are unknown too.
            while let Some(next) = words.get(index).filter(|w| !looks_like_option(w)) {
                unknown.push(next.clone());
                index += 1;
            }
            continue;
        };
        let next_value = |index: &mut usize| match words.get(*index) {
            Some(next) if !looks_like_option(next) => {
                *index += 1;
                Some(next.clone())
            }
            _ => None,
        };
        let values = match takes {
            Takes::Nothing => {
                if let Some(value) = inline {
                    return Err(UsageError(format!(
                        "argument {option}: ignored explicit argument '{value}'"
                    )));
                }
                Vec::new()
            }
            Takes::Value | Takes::Choice(_) => match inline.or_else(|| next_value(&mut index)) {
                Some(value) => vec![value],
                None => {
                    return Err(UsageError(format!(
                        "argument {option}: expected one argument"
                    )))
                }
            },
            Takes::OptionalChoice(choices) => {
                vec![inline
                    .or_else(|| next_value(&mut index))
                    .unwrap_or_else(|| choices[0].to_owned())]
            }
            Takes::Several => {
                let mut values: Vec<String> = inline.into_iter().collect();
                if values.is_empty() {
                    while let Some(value) = next_value(&mut index) {
                        values.push(value);
                    }
                }
                if values.is_empty() {
                    return Err(UsageError(format!(
                        "argument {option}: expected at least one argument"
                    )));
                }
                values
            }
        };
        // Global options and the skeleton's kind have a closed set; a command's enum values are
        // checked with its other parameters.
        let closed = global.is_some() || option == flags::GENERATE_CLI_SKELETON.name;
        if let (true, Some(valid), Some(value)) = (closed, takes.choices(), values.first()) {
            if !valid.contains(&value.as_str()) {
                return Err(UsageError(format!(
                    "argument {option}: Invalid choice, valid choices are:\n\n{}",
                    valid.join(" | ")
                )));
            }
        }
        match global {
            Some(flag) => parsed.globals.set(flag, values.into_iter().next()),
            None if option == flags::GENERATE_CLI_SKELETON.name => {
                parsed.skeleton = values.into_iter().next()
            }
            None => {
                parsed.options.insert(option, values);
            }
        }
    }
    if !unknown.is_empty() && !parsed.globals.help {
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
        assert_eq!(parsed.globals.region.as_deref(), Some("eu-west-1"));
        assert_eq!(parsed.options["--instance-id"], ["abc"]);
        assert_eq!(parsed.options["--expiry-duration-in-minutes"], ["-5"]);
        assert_eq!(parsed.options["--name"], ["second"]);
        assert!(parsed.globals.debug);
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
