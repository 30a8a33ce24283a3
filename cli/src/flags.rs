//! Every option the command reads besides a command's own members, each defined once: its name,
//! what it takes, its help and (for a fixed set) its choices. Reading the command line (`args`),
//! the help pages, shell completion and the prompt all read these definitions; the global options
//! land in the typed [`Globals`].

/// What an option takes after its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Takes {
    /// Nothing: a switch.
    Nothing,
    /// One value, any text.
    Value,
    /// One or more values (a member that is a list of scalars).
    Several,
    /// One value among these.
    Choice(&'static [&'static str]),
    /// One of these, or the first when the option stands alone.
    OptionalChoice(&'static [&'static str]),
}

impl Takes {
    /// The closed set of values, if there is one.
    pub fn choices(self) -> Option<&'static [&'static str]> {
        match self {
            Takes::Choice(values) | Takes::OptionalChoice(values) => Some(values),
            _ => None,
        }
    }
}

/// One option.
#[derive(Debug)]
pub struct Flag {
    pub name: &'static str,
    pub takes: Takes,
    pub help: &'static str,
    /// Where a global option's value goes; `None` for a command's own options.
    global: Option<Global>,
}

impl Flag {
    const fn global(name: &'static str, takes: Takes, global: Global, help: &'static str) -> Flag {
        Flag {
            name,
            takes,
            help,
            global: Some(global),
        }
    }

    pub(crate) const fn command(name: &'static str, takes: Takes, help: &'static str) -> Flag {
        Flag {
            name,
            takes,
            help,
            global: None,
        }
    }
}

/// The global options, one variant each: [`Globals::set`] maps them onto typed fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Global {
    EndpointUrl,
    Region,
    Profile,
    Output,
    Query,
    ReadTimeout,
    ConnectTimeout,
    CaBundle,
    Color,
    BinaryFormat,
    Debug,
    NoSignRequest,
    NoVerifySsl,
    NoPaginate,
    NoPager,
    AutoPrompt,
    NoAutoPrompt,
    Version,
    Help,
}

pub const ENDPOINT_URL: Flag = Flag::global(
    "--endpoint-url",
    Takes::Value,
    Global::EndpointUrl,
    "Sends the request to this URL instead of the service's endpoint.",
);
pub const REGION: Flag = Flag::global(
    "--region",
    Takes::Value,
    Global::Region,
    "The region to use; overrides the configuration and the environment.",
);
pub const PROFILE: Flag = Flag::global(
    "--profile",
    Takes::Value,
    Global::Profile,
    "A named profile of the shared configuration and credentials files.",
);
pub const OUTPUT: Flag = Flag::global(
    "--output",
    Takes::Choice(&["json", "text", "table", "yaml", "yaml-stream"]),
    Global::Output,
    "The format of the response.",
);
pub const QUERY: Flag = Flag::global(
    "--query",
    Takes::Value,
    Global::Query,
    "A JMESPath expression that selects what is printed of the response.",
);
pub const CLI_READ_TIMEOUT: Flag = Flag::global(
    "--cli-read-timeout",
    Takes::Value,
    Global::ReadTimeout,
    "Seconds to wait for each read of the response (0: no limit). Default: 60.",
);
pub const CLI_CONNECT_TIMEOUT: Flag = Flag::global(
    "--cli-connect-timeout",
    Takes::Value,
    Global::ConnectTimeout,
    "Seconds to wait for the connection (0: no limit). Default: 60.",
);
pub const CA_BUNDLE: Flag = Flag::global(
    "--ca-bundle",
    Takes::Value,
    Global::CaBundle,
    "A PEM file of the certificate authorities to trust instead of the default ones.",
);
pub const COLOR: Flag = Flag::global(
    "--color",
    Takes::Choice(&["on", "off", "auto"]),
    Global::Color,
    "Colour in table output. Default: auto (on a terminal).",
);
pub const CLI_BINARY_FORMAT: Flag = Flag::global(
    "--cli-binary-format",
    Takes::Choice(&["base64", "raw-in-base64-out"]),
    Global::BinaryFormat,
    "How blob parameters are given: base64 text, or raw text the command encodes.",
);
pub const DEBUG: Flag = Flag::global(
    "--debug",
    Takes::Nothing,
    Global::Debug,
    "Logs the configuration, the request and the response on standard error.",
);
pub const NO_SIGN_REQUEST: Flag = Flag::global(
    "--no-sign-request",
    Takes::Nothing,
    Global::NoSignRequest,
    "Sends the request unsigned; no credentials are looked for.",
);
pub const NO_VERIFY_SSL: Flag = Flag::global(
    "--no-verify-ssl",
    Takes::Nothing,
    Global::NoVerifySsl,
    "Does not check the server's TLS certificate.",
);
pub const NO_PAGINATE: Flag = Flag::global(
    "--no-paginate",
    Takes::Nothing,
    Global::NoPaginate,
    "Accepted for the AWS CLI's sake; the operations here are not paginated.",
);
pub const NO_CLI_PAGER: Flag = Flag::global(
    "--no-cli-pager",
    Takes::Nothing,
    Global::NoPager,
    "Accepted for the AWS CLI's sake; output is never paged.",
);
pub const CLI_AUTO_PROMPT: Flag = Flag::global(
    "--cli-auto-prompt",
    Takes::Nothing,
    Global::AutoPrompt,
    "Edits the command line on the terminal, with completion from the model, before running it.",
);
pub const NO_CLI_AUTO_PROMPT: Flag = Flag::global(
    "--no-cli-auto-prompt",
    Takes::Nothing,
    Global::NoAutoPrompt,
    "Never prompts, whatever the configuration says.",
);
pub const VERSION: Flag = Flag::global(
    "--version",
    Takes::Nothing,
    Global::Version,
    "Prints the version and exits.",
);
pub const HELP: Flag = Flag::global(
    "--help",
    Takes::Nothing,
    Global::Help,
    "Prints help (as `help` does).",
);

/// The global options, in the order help lists them.
pub const GLOBALS: &[&Flag] = &[
    &ENDPOINT_URL,
    &REGION,
    &PROFILE,
    &OUTPUT,
    &QUERY,
    &CLI_READ_TIMEOUT,
    &CLI_CONNECT_TIMEOUT,
    &CA_BUNDLE,
    &COLOR,
    &CLI_BINARY_FORMAT,
    &DEBUG,
    &NO_SIGN_REQUEST,
    &NO_VERIFY_SSL,
    &NO_PAGINATE,
    &NO_CLI_PAGER,
    &CLI_AUTO_PROMPT,
    &NO_CLI_AUTO_PROMPT,
    &VERSION,
    &HELP,
];

pub const CLI_INPUT_JSON: Flag = Flag::command(
    "--cli-input-json",
    Takes::Value,
    "The input as JSON text, or `file://` / `fileb://` a file of it; options given too win.",
);
pub const CLI_INPUT_YAML: Flag = Flag::command(
    "--cli-input-yaml",
    Takes::Value,
    "The input as YAML text, or `file://` a file of it; options given too win.",
);
pub const GENERATE_CLI_SKELETON: Flag = Flag::command(
    "--generate-cli-skeleton",
    Takes::OptionalChoice(&["input", "output", "yaml-input"]),
    "Prints a template of the input (JSON or YAML) or of the output, and sends nothing.",
);

/// The options every operation's command has besides its members.
pub const DOCUMENT: &[&Flag] = &[&CLI_INPUT_JSON, &CLI_INPUT_YAML, &GENERATE_CLI_SKELETON];

/// The global option called `name`.
pub fn global(name: &str) -> Option<&'static Flag> {
    GLOBALS.iter().copied().find(|flag| flag.name == name)
}

/// The global options as the command line gave them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Globals {
    pub endpoint_url: Option<String>,
    pub region: Option<String>,
    pub profile: Option<String>,
    pub output: Option<String>,
    pub query: Option<String>,
    pub read_timeout: Option<String>,
    pub connect_timeout: Option<String>,
    pub ca_bundle: Option<String>,
    pub color: Option<String>,
    pub binary_format: Option<String>,
    pub debug: bool,
    pub no_sign_request: bool,
    pub no_verify_ssl: bool,
    pub no_paginate: bool,
    pub no_pager: bool,
    pub auto_prompt: bool,
    pub no_auto_prompt: bool,
    pub version: bool,
    pub help: bool,
}

/// Where one global option's value lives in [`Globals`].
enum Slot<T, B> {
    Text(T),
    Switch(B),
}

impl Globals {
    /// The field of `global`: the one mapping from options to fields.
    fn slot(&mut self, global: Global) -> Slot<&mut Option<String>, &mut bool> {
        match global {
            Global::EndpointUrl => Slot::Text(&mut self.endpoint_url),
            Global::Region => Slot::Text(&mut self.region),
            Global::Profile => Slot::Text(&mut self.profile),
            Global::Output => Slot::Text(&mut self.output),
            Global::Query => Slot::Text(&mut self.query),
            Global::ReadTimeout => Slot::Text(&mut self.read_timeout),
            Global::ConnectTimeout => Slot::Text(&mut self.connect_timeout),
            Global::CaBundle => Slot::Text(&mut self.ca_bundle),
            Global::Color => Slot::Text(&mut self.color),
            Global::BinaryFormat => Slot::Text(&mut self.binary_format),
            Global::Debug => Slot::Switch(&mut self.debug),
            Global::NoSignRequest => Slot::Switch(&mut self.no_sign_request),
            Global::NoVerifySsl => Slot::Switch(&mut self.no_verify_ssl),
            Global::NoPaginate => Slot::Switch(&mut self.no_paginate),
            Global::NoPager => Slot::Switch(&mut self.no_pager),
            Global::AutoPrompt => Slot::Switch(&mut self.auto_prompt),
            Global::NoAutoPrompt => Slot::Switch(&mut self.no_auto_prompt),
            Global::Version => Slot::Switch(&mut self.version),
            Global::Help => Slot::Switch(&mut self.help),
        }
    }

    /// Records a global option: its value, or `None` for a switch. The last of a repeated option
    /// wins.
    pub fn set(&mut self, flag: &Flag, value: Option<String>) {
        let Some(global) = flag.global else { return };
        match self.slot(global) {
            Slot::Text(text) => *text = value,
            Slot::Switch(switch) => *switch = true,
        }
    }

    /// The value a global option was given, or `""` for a switch that was; `None` when the line
    /// does not give it.
    pub fn get(&self, flag: &Flag) -> Option<String> {
        let global = flag.global?;
        match self.clone().slot(global) {
            Slot::Text(text) => text.take(),
            Slot::Switch(switch) => switch.then(String::new),
        }
    }

    /// The global options as words of a command line (`--region eu-west-2 --debug`).
    pub fn words(&self) -> Vec<String> {
        let mut words = Vec::new();
        for flag in GLOBALS {
            match (self.get(flag), flag.takes) {
                (Some(_), Takes::Nothing) => words.push(flag.name.to_owned()),
                (Some(value), _) => words.extend([flag.name.to_owned(), value]),
                (None, _) => {}
            }
        }
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_global_option_has_a_field_of_its_own() {
        for (index, flag) in GLOBALS.iter().enumerate() {
            let mut globals = Globals::default();
            let value = (flag.takes != Takes::Nothing).then(|| format!("value-{index}"));
            globals.set(flag, value.clone());
            let expected = value.as_deref().or(Some(""));
            assert_eq!(globals.get(flag).as_deref(), expected, "{}", flag.name);
            for other in GLOBALS.iter().filter(|other| other.name != flag.name) {
                assert_eq!(
                    globals.get(other),
                    None,
                    "{} also set {}",
                    flag.name,
                    other.name
                );
            }
        }
    }

    #[test]
    fn names_are_unique_and_help_is_written() {
        let all: Vec<&Flag> = GLOBALS.iter().chain(DOCUMENT).copied().collect();
        for (index, flag) in all.iter().enumerate() {
            assert!(
                flag.name.starts_with("--") && !flag.help.is_empty(),
                "{}",
                flag.name
            );
            assert!(
                all[index + 1..].iter().all(|other| other.name != flag.name),
                "{} twice",
                flag.name
            );
        }
    }
}
