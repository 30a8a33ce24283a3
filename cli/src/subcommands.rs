//! The subcommand table: one entry per operation of the generated tables, then `import-contacts`,
//! `help` and `completion`; each says which options it reads and what they take.

use crate::commands::{self, SHAPES};
use crate::flags::{self, Takes};
use crate::model::Command;
use crate::params::scalar_list_item;

/// A subcommand.
#[derive(Clone, Copy)]
pub enum Subcommand {
    /// An operation of the model (`create-contact`).
    Operation(&'static Command),
    /// `import-contacts`: CreateContact for every record of a file.
    Import,
    /// `help`: the overview.
    Help,
    /// `completion bash|zsh|fish`: a completion script.
    Completion,
}

/// A subcommand that is not an operation, with what the overview says of it.
pub struct Extra {
    pub name: &'static str,
    pub summary: &'static str,
    pub subcommand: Subcommand,
}

/// The subcommands besides the operations, in the order the overview lists them.
pub const EXTRA: &[Extra] = &[
    Extra {
        name: crate::import::COMMAND,
        summary: "Creates a contact for every record of a JSON Lines or CSV file, exactly once (`connect import-contacts help`).",
        subcommand: Subcommand::Import,
    },
    Extra {
        name: "help",
        summary: "Shows this page, or a command's page (`connect <command> help`).",
        subcommand: Subcommand::Help,
    },
    Extra {
        name: "completion",
        summary: "Prints a completion script: `connect completion bash|zsh|fish`.",
        subcommand: Subcommand::Completion,
    },
];

/// Every subcommand's name: the operations', then the others'.
pub fn names() -> impl Iterator<Item = &'static str> {
    commands::COMMANDS
        .iter()
        .map(|command| command.name)
        .chain(EXTRA.iter().map(|extra| extra.name))
}

impl std::fmt::Debug for Subcommand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subcommand::Operation(command) => write!(f, "Operation({})", command.name),
            Subcommand::Import => f.write_str("Import"),
            Subcommand::Help => f.write_str("Help"),
            Subcommand::Completion => f.write_str("Completion"),
        }
    }
}

impl Subcommand {
    /// The subcommand called `name`.
    pub fn find(name: &str) -> Option<Subcommand> {
        if let Some(command) = commands::find(name) {
            return Some(Subcommand::Operation(command));
        }
        EXTRA
            .iter()
            .find(|extra| extra.name == name)
            .map(|extra| extra.subcommand)
    }

    /// What `option` takes, when the subcommand reads it: an operation its members' options (a
    /// list of scalars takes several words) and the input document options; `import-contacts`
    /// its own.
    pub fn option(self, option: &str) -> Option<Takes> {
        match self {
            Subcommand::Operation(command) => {
                if let Some(flag) = flags::DOCUMENT.iter().find(|flag| flag.name == option) {
                    return Some(flag.takes);
                }
                let member = SHAPES[command.input]
                    .kind
                    .members()
                    .iter()
                    .find(|m| m.option == option)?;
                Some(if scalar_list_item(&SHAPES[member.shape]).is_some() {
                    Takes::Several
                } else {
                    Takes::Value
                })
            }
            Subcommand::Import => crate::import::options::takes(option),
            Subcommand::Help | Subcommand::Completion => None,
        }
    }

    /// Whether words that are not options are its arguments (`completion bash`); other
    /// subcommands take only `help`.
    pub fn takes_arguments(self) -> bool {
        matches!(self, Subcommand::Help | Subcommand::Completion)
    }
}
