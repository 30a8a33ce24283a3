//! Random valid invocations, each value passed one of the ways the command takes it.

use super::*;
use serde_json::{json, Map};
use std::path::Path;

/// Random names for the generated inputs.
pub(crate) trait RandomWords {
    fn id(&mut self) -> String;
    fn key(&mut self) -> String;
    fn text(&mut self) -> String;
}

impl RandomWords for Rng {
    fn id(&mut self) -> String {
        let chars = b"abcdefghijklmnopqrstuvwxyz0123456789-";
        let len = 1 + self.below(20);
        let mut out: String = (0..len)
            .map(|_| chars[self.below(chars.len())] as char)
            .collect();
        if out.starts_with('-') {
            out.replace_range(0..1, "a");
        }
        out
    }

    fn key(&mut self) -> String {
        let chars = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
        let len = 1 + self.below(12);
        (0..len)
            .map(|_| chars[self.below(chars.len())] as char)
            .collect()
    }

    /// Text of every kind: ASCII, accents, CJK, emoji, quotes, commas, equals, brackets.
    fn text(&mut self) -> String {
        let pieces = [
            "hello",
            "Wörld",
            "日本語",
            "☕",
            "\u{1F680}",
            " ",
            "a,b",
            "x=y",
            "[1]",
            "{k}",
            "'",
            "\"",
            "tab\there",
            "-",
            "é",
            "100%",
            "#tag",
            "/path",
            "null",
            "true",
            "  padded  ",
        ];
        let count = 1 + self.below(4);
        let text: String = (0..count)
            .map(|_| pieces[self.below(pieces.len())])
            .collect();
        text
    }
}

/// Shorthand for a string value: double-quoted, with `\` and `"` escaped.
pub(crate) fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A value of SegmentAttributeValue with exactly one member, to `depth` levels.
pub(crate) fn segment_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth == 0 { 2 } else { 4 }) {
        0 => json!({ "ValueString": rng.text() }),
        1 => json!({ "ValueInteger": rng.below(1000) as i64 - 100 }),
        2 => {
            let mut map = Map::new();
            for _ in 0..1 + rng.below(2) {
                map.insert(rng.key(), segment_value(rng, depth - 1));
            }
            json!({ "ValueMap": map })
        }
        _ => {
            json!({ "ValueList": (0..1 + rng.below(2)).map(|_| segment_value(rng, depth - 1)).collect::<Vec<_>>() })
        }
    }
}

/// Shorthand of a JSON value the generator makes (objects, strings, integers, lists).
pub(crate) fn shorthand_of(value: &Value) -> String {
    match value {
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{k}={}", shorthand_of(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(shorthand_of).collect::<Vec<_>>().join(",")
        ),
        Value::String(text) => quoted(text),
        other => other.to_string(),
    }
}

/// The top level of a map or structure in shorthand (without the outer braces).
pub(crate) fn top_shorthand(value: &Value) -> String {
    let text = shorthand_of(value);
    text[1..text.len() - 1].to_owned()
}

/// A random valid invocation, passing each value one of the ways the command takes it.
pub(crate) fn random_case(rng: &mut Rng, index: usize, files: &Path) -> Case {
    let mut input = Map::new();
    input.insert("InstanceId".into(), json!(rng.id()));
    if rng.chance(30) {
        input.insert("ClientToken".into(), json!(rng.id()));
    }
    if rng.chance(30) {
        input.insert("RelatedContactId".into(), json!(rng.id()));
    }
    if rng.chance(50) {
        let mut map = Map::new();
        for _ in 0..1 + rng.below(3) {
            map.insert(rng.key(), json!(rng.text()));
        }
        input.insert("Attributes".into(), Value::Object(map));
    }
    if rng.chance(40) {
        let mut map = Map::new();
        for _ in 0..1 + rng.below(2) {
            map.insert(
                rng.key(),
                json!({ "Value": rng.text(), "Type": rng.pick(REFERENCE_TYPES) }),
            );
        }
        input.insert("References".into(), Value::Object(map));
    }
    input.insert("Channel".into(), json!(rng.pick(CHANNELS)));
    input.insert("InitiationMethod".into(), json!(rng.pick(METHODS)));
    if rng.chance(40) {
        input.insert(
            "ExpiryDurationInMinutes".into(),
            json!(rng.below(100_000) as i64 - 50),
        );
    }
    if rng.chance(30) {
        input.insert("UserInfo".into(), json!({ "UserId": rng.id() }));
    }
    if rng.chance(30) {
        input.insert("InitiateAs".into(), json!("COMPLETED"));
    }
    if rng.chance(60) {
        input.insert("Name".into(), json!(rng.text()));
    }
    if rng.chance(40) {
        input.insert("Description".into(), json!(rng.text()));
    }
    if rng.chance(40) {
        let mut map = Map::new();
        for _ in 0..1 + rng.below(2) {
            map.insert(format!("connect:{}", rng.key()), segment_value(rng, 2));
        }
        input.insert("SegmentAttributes".into(), Value::Object(map));
    }
    let mut args = vec!["create-contact".to_owned()];
    let way = rng.below(10);
    if way == 0 {
        args.push("--cli-input-json".into());
        args.push(Value::Object(input.clone()).to_string());
    } else if way == 1 {
        let path = files.join(format!("input-{index}.json"));
        std::fs::write(&path, Value::Object(input.clone()).to_string()).unwrap();
        args.push("--cli-input-json".into());
        args.push(format!("file://{}", path.display()));
    } else {
        for (key, value) in &input {
            let option = match key.as_str() {
                "InstanceId" => "--instance-id",
                "ClientToken" => "--client-token",
                "RelatedContactId" => "--related-contact-id",
                "Attributes" => "--attributes",
                "References" => "--references",
                "Channel" => "--channel",
                "InitiationMethod" => "--initiation-method",
                "ExpiryDurationInMinutes" => "--expiry-duration-in-minutes",
                "UserInfo" => "--user-info",
                "InitiateAs" => "--initiate-as",
                "Name" => "--name",
                "Description" => "--description",
                "SegmentAttributes" => "--segment-attributes",
                _ => "--previous-contact-id",
            };
            match value {
                Value::String(text) if rng.chance(15) && !text.contains('\r') => {
                    let path = files.join(format!("value-{index}-{key}.txt"));
                    std::fs::write(&path, text).unwrap();
                    args.push(option.into());
                    args.push(format!("file://{}", path.display()));
                }
                Value::String(text) if text.starts_with('-') => {
                    args.push(format!("{option}={text}"));
                }
                Value::String(text) => {
                    args.push(option.into());
                    args.push(text.clone());
                }
                Value::Number(n) => {
                    args.push(format!("{option}={n}"));
                }
                structured => {
                    args.push(option.into());
                    if rng.chance(50) {
                        args.push(structured.to_string());
                    } else {
                        args.push(top_shorthand(structured));
                    }
                }
            }
        }
    }
    match rng.below(6) {
        0 => args.extend(words(&["--output", "text"])),
        1 => args.extend(words(&["--output", "table"])),
        2 => args.extend(words(&["--query", "ContactArn"])),
        _ => {}
    }
    Case {
        name: format!("random {index}"),
        args,
        response: Canned::json(200, SUCCESS),
        attempts: 1,
        deliberate: None,
    }
}
