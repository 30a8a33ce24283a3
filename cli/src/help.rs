//! Help pages and shell completion scripts, written from the generated tables: every subcommand,
//! option, type, enum value and piece of documentation comes from the model.

use crate::commands::{COMMANDS, SHAPES};
use crate::flags::{self, Takes};
use crate::model::{Command, Kind, Member, Shape};
use crate::subcommands;
use std::fmt::Write;

/// `connect help`.
pub fn overview() -> String {
    let mut out = String::from(
        "CONNECT\n\nNAME\n    connect - Amazon Connect from the command line, as the AWS CLI's `aws connect`\n\n\
         SYNOPSIS\n    connect [options] <command> [parameters]\n\nAVAILABLE COMMANDS\n",
    );
    for command in COMMANDS {
        let _ = writeln!(out, "    o {}", command.name);
    }
    for extra in subcommands::EXTRA {
        let _ = writeln!(out, "    o {}", extra.name);
    }
    out.push_str("\nGLOBAL OPTIONS\n");
    out.push_str(&global_options());
    out
}

pub(crate) fn global_options() -> String {
    let mut out = String::new();
    for flag in flags::GLOBALS {
        let _ = write!(out, "    {}", flag.name);
        if flag.takes != Takes::Nothing {
            out.push_str(" <value>");
        }
        if let Some(valid) = flag.takes.choices() {
            let _ = write!(out, "  ({})", valid.join(" | "));
        }
        let _ = writeln!(out, "\n{}", indent(flag.help, 8));
    }
    out
}

pub(crate) fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("{pad}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The type word the AWS CLI shows after an option (`(string)`, `(map)`).
pub(crate) fn type_word(shape: &Shape) -> &'static str {
    match shape.kind {
        Kind::String { .. } => "string",
        Kind::Integer { bits: 64, .. } => "long",
        Kind::Integer { .. } => "integer",
        Kind::Float { .. } => "double",
        Kind::Boolean => "boolean",
        Kind::Blob { .. } => "blob",
        Kind::Timestamp => "timestamp",
        Kind::Document => "document",
        Kind::List { .. } => "list",
        Kind::Map { .. } => "map",
        Kind::Structure { .. } => "structure",
        Kind::Union { .. } => "tagged union structure",
    }
}

/// `connect <command> help`.
pub fn command_page(command: &Command) -> String {
    let input = &SHAPES[command.input];
    let mut out = format!("{}\n\nDESCRIPTION\n", command.name);
    out.push_str(&indent(command.documentation, 4));
    out.push_str("\n\nSYNOPSIS\n    ");
    out.push_str(command.name);
    out.push('\n');
    for member in input.kind.members() {
        if member.required {
            let _ = writeln!(out, "    {} <value>", member.option);
        } else {
            let _ = writeln!(out, "    [{} <value>]", member.option);
        }
    }
    let _ = writeln!(
        out,
        "    [{} <value> | {} <value>]",
        flags::CLI_INPUT_JSON.name,
        flags::CLI_INPUT_YAML.name
    );
    let _ = writeln!(out, "    [{} <value>]", flags::GENERATE_CLI_SKELETON.name);
    out.push_str("\nOPTIONS\n");
    for member in input.kind.members() {
        option_section(member, &mut out);
    }
    for flag in flags::DOCUMENT {
        let _ = writeln!(
            out,
            "    {} (string)\n{}\n",
            flag.name,
            indent(flag.help, 8)
        );
    }
    out.push_str("GLOBAL OPTIONS\n");
    out.push_str(&global_options());
    out.push_str("\nOUTPUT\n");
    let mut tree = String::new();
    for member in SHAPES[command.output].kind.members() {
        member_tree(member, 4, &mut Vec::new(), &mut tree);
    }
    out.push_str(&tree);
    out
}

/// The model's constraints on a shape, as a help line (`min length: 1, max length: 100`).
pub(crate) fn constraints(shape: &Shape) -> Option<String> {
    let mut parts = Vec::new();
    let mut bound = |what: &str, value: Option<String>| {
        if let Some(value) = value {
            parts.push(format!("{what}: {value}"));
        }
    };
    match &shape.kind {
        Kind::String {
            min_length,
            max_length,
            pattern,
            ..
        } => {
            bound("min length", min_length.map(|n| n.to_string()));
            bound("max length", max_length.map(|n| n.to_string()));
            bound("pattern", pattern.map(str::to_owned));
        }
        Kind::Blob {
            min_length,
            max_length,
        }
        | Kind::List {
            min_length,
            max_length,
            ..
        }
        | Kind::Map {
            min_length,
            max_length,
            ..
        } => {
            bound("min length", min_length.map(|n| n.to_string()));
            bound("max length", max_length.map(|n| n.to_string()));
        }
        Kind::Integer { min, max, .. } | Kind::Float { min, max } => {
            bound("min", min.map(|n| n.to_string()));
            bound("max", max.map(|n| n.to_string()));
        }
        _ => {}
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The member's documentation, else its shape's.
pub(crate) fn documentation(member: &Member) -> &'static str {
    if member.documentation.is_empty() {
        SHAPES[member.shape].documentation
    } else {
        member.documentation
    }
}

pub(crate) fn option_section(member: &Member, out: &mut String) {
    let shape = &SHAPES[member.shape];
    let _ = writeln!(
        out,
        "    {} ({}: {})",
        member.option,
        type_word(shape),
        shape.name
    );
    let text = documentation(member);
    if !text.is_empty() {
        out.push_str(&indent(text, 8));
        out.push('\n');
    }
    if let Some(limits) = constraints(shape) {
        let _ = writeln!(out, "\n        Constraints: {limits}");
    }
    if let Kind::String { values, .. } = shape.kind {
        if !values.is_empty() {
            out.push_str("\n        Possible values:\n");
            for value in values {
                let _ = writeln!(out, "        o {value}");
            }
        }
    }
    if matches!(
        shape.kind,
        Kind::Structure { .. } | Kind::Union { .. } | Kind::Map { .. } | Kind::List { .. }
    ) {
        let mut tree = String::new();
        match &shape.kind {
            Kind::Structure { members } | Kind::Union { members } => {
                for inner in members.iter() {
                    member_tree(inner, 8, &mut vec![member.shape], &mut tree);
                }
            }
            Kind::Map { key, value, .. } => {
                let _ = writeln!(tree, "        key -> ({})", type_word(&SHAPES[*key]));
                let _ = writeln!(tree, "        value -> ({})", type_word(&SHAPES[*value]));
                nested(*value, 12, &mut vec![member.shape], &mut tree);
            }
            Kind::List { member: item, .. } => {
                let _ = writeln!(tree, "        ({})", type_word(&SHAPES[*item]));
                nested(*item, 12, &mut vec![member.shape], &mut tree);
            }
            _ => {}
        }
        out.push('\n');
        out.push_str(&tree);
        let skeleton = serde_json::to_string_pretty(&crate::skeleton::skeleton(member.shape))
            .unwrap_or_default();
        out.push_str("\n        JSON Syntax:\n\n");
        out.push_str(&indent(&skeleton, 10));
        out.push('\n');
    }
    out.push('\n');
}

fn nested(index: usize, depth: usize, stack: &mut Vec<usize>, out: &mut String) {
    if stack.contains(&index) {
        let _ = writeln!(out, "{}( ... recursive ... )", " ".repeat(depth));
        return;
    }
    stack.push(index);
    match &SHAPES[index].kind {
        Kind::Structure { members } | Kind::Union { members } => {
            for member in members.iter() {
                member_tree(member, depth, stack, out);
            }
        }
        Kind::Map { value, .. } => nested(*value, depth, stack, out),
        Kind::List { member, .. } => nested(*member, depth, stack, out),
        _ => {}
    }
    stack.pop();
}

fn member_tree(member: &Member, depth: usize, stack: &mut Vec<usize>, out: &mut String) {
    let shape = &SHAPES[member.shape];
    let _ = writeln!(
        out,
        "{}{} -> ({})",
        " ".repeat(depth),
        member.name,
        type_word(shape)
    );
    let text = documentation(member);
    if !text.is_empty() {
        out.push_str(&indent(text, depth + 4));
        out.push('\n');
    }
    if let Some(limits) = constraints(shape) {
        let _ = writeln!(out, "{}Constraints: {limits}", " ".repeat(depth + 4));
    }
    nested(member.shape, depth + 4, stack, out);
}

/// The completion script for a shell, or `None` for a shell this command does not know.
pub fn completion(shell: &str) -> Option<String> {
    let commands: Vec<&str> = COMMANDS
        .iter()
        .map(|c| c.name)
        .chain(subcommands::EXTRA.iter().map(|extra| extra.name))
        .collect();
    let globals: Vec<&str> = flags::GLOBALS.iter().map(|flag| flag.name).collect();
    let mut per_command = Vec::new();
    for command in COMMANDS {
        let mut options: Vec<&str> = SHAPES[command.input]
            .kind
            .members()
            .iter()
            .map(|m| m.option)
            .collect();
        options.extend(flags::DOCUMENT.iter().map(|flag| flag.name));
        let mut values = Vec::new();
        for member in SHAPES[command.input].kind.members() {
            if let Kind::String { values: known, .. } = SHAPES[member.shape].kind {
                if !known.is_empty() {
                    values.push((member.option, known.join(" ")));
                }
            }
        }
        per_command.push((command.name, options.join(" "), values));
    }
    let fixed: Vec<(&str, String)> = flags::GLOBALS
        .iter()
        .chain(flags::DOCUMENT)
        .filter_map(|flag| Some((flag.name, flag.takes.choices()?.join(" "))))
        .collect();
    Some(match shell {
        "bash" => {
            let mut value_cases = String::new();
            for (option, words) in &fixed {
                let _ = writeln!(value_cases, "        {option}) COMPREPLY=($(compgen -W \"{words}\" -- \"$cur\")); return ;;");
            }
            for (_, _, values) in &per_command {
                for (option, words) in values {
                    let _ = writeln!(value_cases, "        {option}) COMPREPLY=($(compgen -W \"{words}\" -- \"$cur\")); return ;;");
                }
            }
            let mut command_cases = String::new();
            for (name, options, _) in &per_command {
                let _ = writeln!(
                    command_cases,
                    "        {name}) opts=\"{options} {}\" ;;",
                    globals.join(" ")
                );
            }
            format!(
                "# bash completion for connect\n_connect() {{\n    local cur prev cmd opts\n    cur=\"${{COMP_WORDS[COMP_CWORD]}}\"\n    prev=\"${{COMP_WORDS[COMP_CWORD-1]}}\"\n    case \"$prev\" in\n{value_cases}    esac\n    cmd=\"\"\n    for word in \"${{COMP_WORDS[@]:1:COMP_CWORD-1}}\"; do\n        case \"$word\" in -*) ;; *) cmd=\"$word\"; break ;; esac\n    done\n    case \"$cmd\" in\n{command_cases}        completion) opts=\"bash zsh fish\" ;;\n        \"\") opts=\"{} {}\" ;;\n        *) opts=\"{}\" ;;\n    esac\n    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n}}\ncomplete -F _connect connect\n",
                commands.join(" "),
                globals.join(" "),
                globals.join(" ")
            )
        }
        "zsh" => {
            let mut value_cases = String::new();
            for (option, words) in &fixed {
                let _ = writeln!(
                    value_cases,
                    "        {option}) compadd -- {words}; return ;;"
                );
            }
            for (_, _, values) in &per_command {
                for (option, words) in values {
                    let _ = writeln!(
                        value_cases,
                        "        {option}) compadd -- {words}; return ;;"
                    );
                }
            }
            let mut command_cases = String::new();
            for (name, options, _) in &per_command {
                let _ = writeln!(
                    command_cases,
                    "        {name}) compadd -- {options} {} ;;",
                    globals.join(" ")
                );
            }
            format!(
                "#compdef connect\n_connect() {{\n    local prev=${{words[CURRENT-1]}}\n    case $prev in\n{value_cases}    esac\n    local cmd=\"\"\n    local word\n    for word in ${{words[2,CURRENT-1]}}; do\n        case $word in -*) ;; *) cmd=$word; break ;; esac\n    done\n    case $cmd in\n{command_cases}        completion) compadd -- bash zsh fish ;;\n        \"\") compadd -- {} {} ;;\n        *) compadd -- {} ;;\n    esac\n}}\ncompdef _connect connect\n",
                commands.join(" "),
                globals.join(" "),
                globals.join(" ")
            )
        }
        "fish" => {
            let mut out = String::from("# fish completion for connect\n");
            let _ = writeln!(
                out,
                "complete -c connect -f -n '__fish_use_subcommand' -a '{}'",
                commands.join(" ")
            );
            let _ = writeln!(
                out,
                "complete -c connect -f -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'"
            );
            for option in &globals {
                let long = option.trim_start_matches("--");
                let words = fixed
                    .iter()
                    .find(|(o, _)| o == option)
                    .map(|(_, w)| format!(" -r -a '{w}'"))
                    .unwrap_or_default();
                let _ = writeln!(out, "complete -c connect -f -l {long}{words}");
            }
            for (name, options, values) in &per_command {
                for option in options.split(' ') {
                    let long = option.trim_start_matches("--");
                    let words = values
                        .iter()
                        .find(|(o, _)| o == &option)
                        .map(|(_, w)| format!(" -r -a '{w}'"))
                        .or_else(|| {
                            fixed
                                .iter()
                                .find(|(o, _)| *o == option)
                                .map(|(_, w)| format!(" -r -a '{w}'"))
                        })
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "complete -c connect -f -n '__fish_seen_subcommand_from {name}' -l {long}{words}"
                    );
                }
            }
            out
        }
        _ => return None,
    })
}
