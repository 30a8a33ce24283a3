//! YAML both ways. Reading (`--cli-input-yaml`) is yaml-rust2's parser, a maintained YAML 1.2
//! parser; what is ours is only the step from its events to JSON values, so that aliases are
//! expanded within a budget and every problem is named with its line and column. Writing
//! (`--output yaml`) chooses, for each string, a style that YAML 1.1 and 1.2 readers both read
//! back as the same string: plain where nothing could take it for another type or for syntax,
//! single-quoted otherwise, double-quoted with escapes where it holds characters that only
//! escapes can carry.

use regex_lite::Regex;
use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use std::sync::OnceLock;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};
use yaml_rust2::Yaml;

/// How many values a document may hold once its aliases are expanded.
const MAX_NODES: usize = 1_000_000;
/// How deeply sequences and mappings may nest, as deep as JSON input may.
const MAX_DEPTH: usize = 128;

/// Reads a YAML document into JSON values. An empty stream is `null`; a stream of more than one
/// document, a key that is not a scalar, a key given twice, a number JSON cannot hold and an
/// unknown alias are errors, each with where it stands.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut builder = Builder::default();
    Parser::new_from_str(text)
        .load(&mut builder, true)
        .map_err(|error| error.to_string())?;
    if let Some(error) = builder.error {
        return Err(error);
    }
    Ok(builder.document.unwrap_or(Value::Null))
}

/// A collection being read.
enum Open {
    Sequence(Vec<Value>, usize),
    /// The entries so far, the key waiting for its value, and the anchor.
    Mapping(Map<String, Value>, Option<String>, usize),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    anchors: HashMap<usize, Value>,
    document: Option<Value>,
    documents: usize,
    nodes: usize,
    error: Option<String>,
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        if let Err(message) = self.take(event) {
            self.error = Some(format!(
                "{message} at line {} column {}",
                mark.line(),
                mark.col() + 1
            ));
        }
    }
}

impl Builder {
    fn take(&mut self, event: Event) -> Result<(), String> {
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err("expected a single document in the stream".to_owned());
                }
                Ok(())
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => Ok(()),
            Event::Alias(id) => {
                let value = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| "found an alias to an unknown anchor".to_owned())?;
                self.count(size(&value))?;
                // Anchored values are within the limit, so `depth` recurses at most that far.
                if self.stack.len() + depth(&value) > MAX_DEPTH {
                    return Err(too_deep());
                }
                self.place(value, None)
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1)?;
                let value = scalar(&text, style, tag.as_ref())?;
                let key_text = (style == TScalarStyle::Plain).then_some(text);
                self.remember(anchor, &value);
                self.place(value, key_text)
            }
            Event::SequenceStart(anchor, _) => {
                self.count(1)?;
                if self.stack.len() >= MAX_DEPTH {
                    return Err(too_deep());
                }
                self.stack.push(Open::Sequence(Vec::new(), anchor));
                Ok(())
            }
            Event::MappingStart(anchor, _) => {
                self.count(1)?;
                if self.stack.len() >= MAX_DEPTH {
                    return Err(too_deep());
                }
                self.stack.push(Open::Mapping(Map::new(), None, anchor));
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor) = match self.stack.pop() {
                    Some(Open::Sequence(items, anchor)) => (Value::Array(items), anchor),
                    Some(Open::Mapping(entries, _, anchor)) => (Value::Object(entries), anchor),
                    None => return Err("found the end of a collection that was not open".into()),
                };
                self.remember(anchor, &value);
                self.place(value, None)
            }
        }
    }

    fn count(&mut self, nodes: usize) -> Result<(), String> {
        self.nodes = self.nodes.saturating_add(nodes);
        if self.nodes > MAX_NODES {
            return Err(format!(
                "the document holds more than {MAX_NODES} values once its aliases are expanded"
            ));
        }
        Ok(())
    }

    fn remember(&mut self, anchor: usize, value: &Value) {
        if anchor > 0 {
            self.anchors.insert(anchor, value.clone());
        }
    }

    /// Puts a finished value where it belongs: in the open sequence, as the open mapping's key
    /// or value, or as the document. `key_text` is a plain scalar's text, which a key keeps as
    /// written (`1: x` has the key `1`).
    fn place(&mut self, value: Value, key_text: Option<String>) -> Result<(), String> {
        match self.stack.last_mut() {
            None => {
                self.document = Some(value);
                Ok(())
            }
            Some(Open::Sequence(items, _)) => {
                items.push(value);
                Ok(())
            }
            Some(Open::Mapping(entries, pending, _)) => match pending.take() {
                Some(key) => {
                    if entries.contains_key(&key) {
                        return Err(format!("found the key {key:?} twice in one mapping"));
                    }
                    entries.insert(key, value);
                    Ok(())
                }
                None => {
                    let key = match (value, key_text) {
                        (Value::String(text), _) => text,
                        (Value::Array(_) | Value::Object(_), _) => {
                            return Err("a mapping key must be a scalar".to_owned())
                        }
                        (_, Some(text)) => text,
                        (other, None) => other.to_string(),
                    };
                    *pending = Some(key);
                    Ok(())
                }
            },
        }
    }
}

/// A scalar's value: quoted and block scalars and `!!str` are strings; plain ones resolve as
/// YAML 1.2's core schema says (null, booleans, integers, floats, else a string).
fn scalar(text: &str, style: TScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    let standard = tag
        .filter(|tag| tag.handle == "tag:yaml.org,2002:")
        .map(|tag| tag.suffix.as_str());
    let resolved = match (style, standard) {
        (_, Some("str")) => return Ok(Value::String(text.to_owned())),
        (TScalarStyle::Plain, None | Some("int" | "float" | "bool" | "null")) => {
            Yaml::from_str(text)
        }
        _ => return Ok(Value::String(text.to_owned())),
    };
    Ok(match resolved {
        Yaml::Null => Value::Null,
        Yaml::Boolean(flag) => Value::Bool(flag),
        Yaml::Integer(number) => Value::Number(number.into()),
        Yaml::Real(number) => number
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("the number {text} cannot be held in JSON"))?,
        _ => Value::String(text.to_owned()),
    })
}

fn too_deep() -> String {
    format!("sequences and mappings are nested more than {MAX_DEPTH} deep")
}

/// How deeply `value` nests: 0 for a scalar.
fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(entries) => 1 + entries.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// How many values `value` holds, itself included.
fn size(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(size).sum::<usize>(),
        Value::Object(entries) => 1 + entries.values().map(size).sum::<usize>(),
        _ => 1,
    }
}

/// A string as a YAML scalar that reads back as the same string in YAML 1.1 and 1.2.
pub fn string(text: &str) -> String {
    if text.chars().any(needs_escape) {
        double_quoted(text)
    } else if plain_is_safe(text) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "''"))
    }
}

/// Characters only a double-quoted scalar can carry: control characters (tab and line breaks
/// among them), YAML 1.1's Unicode line breaks, the byte order mark and non-characters.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `text` can be written plain: not empty, no space at either end, not starting with an
/// indicator or a document marker, no `: ` or ` #` inside, no `:` at the end, and not a value
/// that either YAML version resolves to another type.
fn plain_is_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !first.is_whitespace()
        && !text.ends_with(char::is_whitespace)
        && !text.ends_with(':')
        && !text.contains(": ")
        && !text.contains(":\t")
        && !text.contains(" #")
        && !text.starts_with("...")
        && !implicitly_typed().is_none_or(|pattern| pattern.is_match(text))
}

/// Plain scalars that YAML 1.1 (PyYAML's resolver, with the specification's `y`/`n`) or YAML
/// 1.2's core and JSON schemas read as null, a boolean, a number, a date or time, a merge key or
/// a value key.
fn implicitly_typed() -> Option<&'static Regex> {
    static PATTERN: OnceLock<Option<Regex>> = OnceLock::new();
    PATTERN.get_or_init(|| {
        let patterns = [
            // null
            r"~|null|Null|NULL",
            // booleans
            r"y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
            // integers: binary, octal (1.1 and 1.2), decimal, hexadecimal, sexagesimal
            // (underscores alone count: ruamel.yaml reads `_` as an integer)
            r"[-+]?0b[0-1_]+|[-+]?0o[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+",
            // floats, with and without a fraction or an exponent
            r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
            // dates and times
            r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?",
            // merge and value keys
            r"<<|=",
        ];
        let joined = patterns.map(|p| format!("(?:{p})")).join("|");
        // The patterns are fixed, so they always compile; were they not to, every string
        // would be quoted, which still reads back unchanged.
        Regex::new(&format!("^(?:{joined})$")).ok()
    })
    .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_that_read_as_something_else_are_quoted() {
        for text in [
            "x:",
            "0x10",
            ".inf",
            "-.inf",
            ".NaN",
            "2024-01-01",
            "1:20",
            "null",
            "~",
            "yes",
            "No",
            "on",
            "y",
            "1e3",
            "1_000",
            "0o17",
            "017",
            "0b101",
            "+1",
            "-1",
            "1.",
            ".5",
            "2001-12-14t21:59:43.10-05:00",
            "<<",
            "=",
            " x",
            "x ",
            "- x",
            "? x",
            "#x",
            "a #b",
            "a: b",
            "...",
            "---",
            "",
            "'",
            "\"",
            "@x",
            "`x",
            "%x",
            "!x",
            "&x",
            "*x",
            "|",
            ">",
        ] {
            assert_ne!(string(text), text, "{text:?} was left plain");
        }
        for text in [
            "arn:aws:connect:us-east-1:1:instance/i/contact/c-1",
            "12345678-1234-1234-1234-123456789012",
            "Follow up",
            "café",
            "a-b",
            "x#y",
            "1a",
        ] {
            assert_eq!(string(text), text, "{text:?} was quoted");
        }
        assert_eq!(string("it's"), "it's");
        assert_eq!(string("'a'"), "'''a'''");
        assert_eq!(string("a\tb\n\u{85}"), "\"a\\tb\\n\\u0085\"");
    }

    #[test]
    fn documents_read_as_json() {
        assert_eq!(
            parse("Name: x\nCount: 3\nRate: 1.5\nOn: true\nNone: null\nList: [a, 'b']\nQuoted: '3'\n1: one\n").unwrap(),
            json!({"Name": "x", "Count": 3, "Rate": 1.5, "On": true, "None": null, "List": ["a", "b"], "Quoted": "3", "1": "one"})
        );
        assert_eq!(parse("").unwrap(), Value::Null);
        assert_eq!(
            parse("a: &x [1, 2]\nb: *x\n").unwrap(),
            json!({"a": [1, 2], "b": [1, 2]})
        );
    }

    #[test]
    fn bad_documents_are_named_with_their_place() {
        for (text, expected) in [
            (
                "a: 1\na: 2\n",
                "found the key \"a\" twice in one mapping at line 2",
            ),
            ("? [1]\n: x\n", "a mapping key must be a scalar"),
            ("a: .inf\n", "the number .inf cannot be held in JSON"),
            ("a: 1\n---\nb: 2\n", "expected a single document"),
            ("a: [1\n", "line"),
        ] {
            let error = parse(text).unwrap_err();
            assert!(error.contains(expected), "{text:?}: {error}");
        }
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..9 {
            let previous = (b'a' + level - 1) as char;
            let name = (b'a' + level) as char;
            bomb.push_str(&format!("{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"));
        }
        let error = parse(&bomb).unwrap_err();
        assert!(error.contains("more than 1000000 values"), "{error}");
        let nested = |n: usize| format!("{}x{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(&nested(MAX_DEPTH)).is_ok());
        let error = parse(&nested(MAX_DEPTH + 1)).unwrap_err();
        assert!(error.contains("nested more than 128 deep"), "{error}");
        // Deeper still, the parser's own limit speaks first.
        assert!(parse(&nested(100_000)).is_err());
        // Aliases cannot carry nesting past the limit either.
        let through_alias = format!(
            "a: &a {}x{}\nb: {}*a{}\n",
            "[".repeat(100),
            "]".repeat(100),
            "[".repeat(100),
            "]".repeat(100)
        );
        let error = parse(&through_alias).unwrap_err();
        assert!(error.contains("nested more than 128 deep"), "{error}");
    }
}
