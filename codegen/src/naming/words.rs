//! Words and cases: how a model name splits into words, and the Rust, command-line and
//! configuration spellings made from them (types, fields, variants, options, subcommands).

use super::Name;

/// Rust keywords (strict and reserved, all editions) that can be written as raw identifiers.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const NOT_RAW: &[&str] = &["self", "super", "crate", "Self", "_"];

/// Member names that would collide with the generated builder API (the structures' builders and
/// the client's fluent builders).
const BUILDER_API: &[&str] = &[
    "build",
    "builder",
    "default",
    "new",
    "send",
    "input",
    "validation",
];

/// The subcommand of an operation, as the AWS CLI names it (`CreateContact` is `create-contact`).
pub fn command_name(operation: &str) -> String {
    kebab_case(operation)
}

/// The command-line option of a member (`InstanceId` is `--instance-id`).
pub fn option_name(member: &str) -> String {
    format!("--{}", kebab_case(member))
}

fn kebab_case(text: &str) -> String {
    words(text)
        .iter()
        .map(|word| word.to_lowercase())
        .collect::<Vec<_>>()
        .join("-")
}

/// The service's part of the `AWS_ENDPOINT_URL_<SERVICE>` variable: its SDK id in upper case,
/// spaces as underscores (`API Gateway` is `API_GATEWAY`).
pub fn service_env_name(sdk_id: &str) -> String {
    sdk_id.replace(' ', "_").to_ascii_uppercase()
}

/// The service's key in a profile's `services` section: its SDK id in lower case, spaces as
/// underscores (`API Gateway` is `api_gateway`).
pub fn service_config_key(sdk_id: &str) -> String {
    sdk_id.replace(' ', "_").to_ascii_lowercase()
}

/// UpperCamelCase, made a valid identifier (`Self` gets a trailing `_`, a leading digit a `V`).
pub fn upper_camel_ident(text: &str) -> String {
    let camel = upper_camel_case(text);
    let camel = if camel.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{camel}")
    } else {
        camel
    };
    if NOT_RAW.contains(&camel.as_str()) {
        format!("{camel}_")
    } else {
        camel
    }
}

/// The variant name for an enum value or union member (one rule for both front-ends).
pub fn variant_name(value: &str) -> String {
    upper_camel_ident(value)
}

/// The words of a model name, as a reader splits them: at every change from lower case or digit to
/// upper case, before the last capital of a run of capitals followed by lower case (`HTTPServer` is
/// `HTTP` `Server`), and at every character that is not an ASCII letter or digit. A run of capitals keeps
/// a plural `s` (`ARNs`) and a version letter with its digits (`IPv4`).
pub fn words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        // Rust identifiers are made of these words: only ASCII letters and digits make words.
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            index += 1;
            continue;
        }
        let previous = index.checked_sub(1).map(|i| chars[i]);
        let next = chars.get(index + 1).copied();
        if c.is_uppercase() && !current.is_empty() {
            let after_lower = previous.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit());
            let ends_capital_run = previous.is_some_and(char::is_uppercase)
                && next.is_some_and(char::is_lowercase)
                && !capital_run_suffix(&chars, index + 1);
            if after_lower || ends_capital_run {
                words.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
        index += 1;
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Whether the lower-case letters at `start` belong to the run of capitals before them: a plural
/// `s` ending the word (`ARNs`), or one letter followed by a digit (`IPv4`).
fn capital_run_suffix(chars: &[char], start: usize) -> bool {
    let lower_end = (start..chars.len())
        .find(|&i| !chars[i].is_lowercase())
        .unwrap_or(chars.len());
    let lower: String = chars[start..lower_end].iter().collect();
    let following = chars.get(lower_end).copied();
    let word_ends = following.is_none_or(|c| c.is_uppercase() || !c.is_alphanumeric());
    (lower == "s" && word_ends)
        || (lower.chars().count() == 1 && following.is_some_and(|c| c.is_ascii_digit()))
}

/// UpperCamelCase of a model name, split into [`words`] (`IPv4Address` is `Ipv4Address`).
pub fn upper_camel_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in words(text) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(&chars.as_str().to_lowercase());
        }
    }
    out
}

/// snake_case of a model name, split into [`words`].
pub fn snake_case(text: &str) -> String {
    words(text)
        .iter()
        .map(|word| word.to_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// A snake_case identifier, with `r#` for keywords and a trailing `_` where `r#` is not allowed.
pub fn snake_ident(text: &str) -> Name {
    let snake = snake_case(text);
    let snake = if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{snake}")
    } else {
        snake
    };
    if NOT_RAW.contains(&snake.as_str()) {
        Name {
            ident: format!("{snake}_"),
            renamed: Some(format!("renamed from `{snake}`, which Rust reserves")),
        }
    } else if KEYWORDS.contains(&snake.as_str()) {
        Name {
            ident: format!("r#{snake}"),
            renamed: None,
        }
    } else {
        Name {
            ident: snake,
            renamed: None,
        }
    }
}

/// A field name for a member: [`snake_ident`], plus a `_value` suffix for names of the builder API.
pub fn member_field(member: &str) -> Name {
    let name = snake_ident(member);
    if BUILDER_API.contains(&name.ident.as_str()) {
        Name {
            renamed: Some(format!(
                "renamed from `{}`, which the generated builder uses itself",
                name.ident
            )),
            ident: format!("{}_value", name.ident),
        }
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_table() {
        let table = [
            // model name, type name, field name
            ("type", "Type", "r#type"),
            ("Self", "Self_", "self_"),
            ("Unknown", "Unknown", "unknown"),
            ("ARN", "Arn", "arn"),
            ("IPv4", "Ipv4", "ipv4"),
            ("IPv4Address", "Ipv4Address", "ipv4_address"),
            ("HTTPServer", "HttpServer", "http_server"),
            ("ResourceARNs", "ResourceArns", "resource_arns"),
            ("ARNsList", "ArnsList", "arns_list"),
            ("contactId", "ContactId", "contact_id"),
            ("Base64Data", "Base64Data", "base64_data"),
            ("S3Uri", "S3Uri", "s3_uri"),
            ("MaxResults", "MaxResults", "max_results"),
            ("a-b", "AB", "a_b"),
            ("build", "Build", "build_value"),
            ("Validation", "Validation", "validation_value"),
            ("Send", "Send", "send_value"),
            ("1.0", "V10", "_1_0"),
            ("crate", "Crate", "crate_"),
            ("match", "Match", "r#match"),
        ];
        for (model, ty, field) in table {
            assert_eq!(upper_camel_ident(model), ty, "type name of {model}");
            assert_eq!(member_field(model).ident, field, "field name of {model}");
        }
    }

    #[test]
    fn renames_are_explained() {
        assert!(member_field("default").renamed.is_some());
        assert!(member_field("type").renamed.is_none());
        assert!(snake_ident("self").renamed.is_some());
    }
}
