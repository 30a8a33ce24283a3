//! `--output yaml` reads back as what was printed: hostile and random strings, as values, keys
//! and list items, parsed back by PyYAML (YAML 1.1) and ruamel.yaml (YAML 1.2), both pinned in
//! `tests/requirements.txt`.

mod support;

use connect_cli::output::{render, Format};
use connect_test_support::Rng;
use serde_json::{json, Map, Value};
use std::io::Write;
use std::process::{Command, Stdio};

/// Strings each YAML version reads as something else when written plain.
const HOSTILE: &[&str] = &[
    "x:",
    "0x10",
    ".inf",
    "-.Inf",
    ".nan",
    "2024-01-01",
    "2001-12-14 21:59:43.10 -5",
    "1:20",
    "190:20:30.15",
    "null",
    "Null",
    "~",
    "",
    " ",
    "yes",
    "No",
    "ON",
    "off",
    "y",
    "N",
    "true",
    "FALSE",
    "0o17",
    "017",
    "0b1010",
    "+12",
    "-0",
    "1e3",
    "1E+3",
    "6.8523015e+5",
    "1_000",
    "685_230.15",
    ".5",
    "1.",
    "<<",
    "=",
    "- a",
    "-",
    "? a",
    "?",
    ":",
    "a: b",
    "a #b",
    "#a",
    "a\tb",
    "a\nb",
    "\r",
    "\u{85}",
    "\u{2028}",
    "\u{feff}x",
    "\u{7f}",
    "\u{0}",
    "\"",
    "'",
    "''",
    "\\",
    "[a]",
    "{a: b}",
    "a,b",
    "*a",
    "&a",
    "!a",
    "!!str",
    "|",
    ">",
    "%YAML",
    "@a",
    "`a",
    "---",
    "...",
    "--- a",
    "... a",
    "a ",
    " a",
    "é",
    "日本語",
    "🙂",
    "a\u{a0}b",
    "0x",
    "0b",
    "1:2:3",
    "_",
    "+_",
    "._",
    "0_7",
    "-_",
];

/// Characters random strings are drawn from: YAML syntax, digits and signs, letters, white
/// space and control characters, and characters beyond ASCII.
const ALPHABET: &[char] = &[
    'a', 'Z', 'e', 'E', 'x', 'o', 'b', 'n', 'y', 'T', '0', '1', '5', '9', '-', '+', '.', '_', ':',
    '#', '?', '!', '&', '*', '|', '>', '\'', '"', '%', '@', '`', ',', '[', ']', '{', '}', '<', '=',
    '~', ' ', '\t', '\n', '\r', '\\', '/', '\u{85}', '\u{a0}', '\u{2028}', '\u{feff}', 'é', '日',
    '🙂', '\u{1}', '\u{7f}',
];

fn random_strings(seed: u64, count: usize) -> Vec<String> {
    let mut rng = Rng::seeded(seed);
    (0..count)
        .map(|_| {
            let length = rng.below(8);
            (0..length)
                .map(|_| ALPHABET[rng.below(ALPHABET.len())])
                .collect()
        })
        .collect()
}

/// What PyYAML and ruamel.yaml read from `document`, as JSON text each.
fn read_back(document: &str) -> (Value, Value) {
    let script = r#"
import json, sys, yaml
from ruamel.yaml import YAML
text = sys.stdin.read()
loaded_1_1 = yaml.safe_load(text)
loaded_1_2 = YAML(typ="safe", pure=True).load(text)
print(json.dumps([loaded_1_1, loaded_1_2], default=repr))
"#;
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let mut child = Command::new(python)
        .args(["-c", script])
        .env("PYTHONUTF8", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run python3 (scripts/test.sh installs PyYAML and ruamel.yaml)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(document.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "PyYAML or ruamel.yaml could not read the document: {}\n{document}",
        String::from_utf8_lossy(&output.stderr)
    );
    let both: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    (both[0].clone(), both[1].clone())
}

/// Every string as a list item, as a mapping value and as a mapping key, in one document.
fn document_of(strings: &[String]) -> Value {
    let mut values = Map::new();
    let mut keys = Map::new();
    for (index, text) in strings.iter().enumerate() {
        values.insert(format!("v{index}"), Value::String(text.clone()));
        keys.insert(text.clone(), json!(index));
    }
    json!({"Items": strings, "Values": values, "Keys": keys})
}

fn check(strings: &[String], seed: Option<u64>) {
    let value = document_of(strings);
    for format in [Format::Yaml, Format::YamlStream] {
        let printed = render(&value, format, "CreateContact");
        let expected = match format {
            Format::YamlStream => Value::Array(vec![value.clone()]),
            _ => value.clone(),
        };
        let (yaml_1_1, yaml_1_2) = read_back(&printed);
        for (reader, read) in [("PyYAML", yaml_1_1), ("ruamel.yaml", yaml_1_2)] {
            if read != expected {
                let items = read.pointer("/Items").or(read.pointer("/0/Items"));
                let differing: Vec<String> = strings
                    .iter()
                    .enumerate()
                    .filter(|(i, s)| items.and_then(|v| v.get(*i)) != Some(&json!(s)))
                    .map(|(_, s)| format!("{s:?}"))
                    .collect();
                panic!(
                    "{reader} read back another value (seed {seed:?}); differing items: {}",
                    differing.join(", ")
                );
            }
        }
    }
}

#[test]
fn hostile_strings_read_back_unchanged() {
    let strings: Vec<String> = HOSTILE.iter().map(|s| s.to_string()).collect();
    check(&strings, None);
}

#[test]
fn random_strings_read_back_unchanged() {
    let seed = std::env::var("YAML_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_1a3f_2c4b_9d01);
    let mut strings = random_strings(seed, 3000);
    strings.sort();
    strings.dedup();
    check(&strings, Some(seed));
}

#[test]
fn numbers_and_literals_keep_their_types() {
    let value = json!({"a": 1, "b": 1.5, "c": true, "d": null, "e": [], "f": {}, "g": "1"});
    let (yaml_1_1, yaml_1_2) = read_back(&render(&value, Format::Yaml, "T"));
    assert_eq!(yaml_1_1, value);
    assert_eq!(yaml_1_2, value);
}
