//! Checking the input value against the shape tree before anything is sent, the way botocore's
//! parameter validator does: types, required members, unknown members, minimum lengths and
//! values; every problem reported at once under `Parameter validation failed:`, in botocore's
//! words and paths. A union (or a structure the model overlay makes one) must have exactly one
//! member set. Enum values the model does not list pass, as they do in botocore.

use crate::commands::SHAPES;
use crate::model::{Kind, Member, Shape};
use crate::values::{python, python_type};
use serde_json::Value;

/// Every problem found, in botocore's order; empty when the value is fine.
pub fn check(value: &Value, shape: &Shape) -> Vec<String> {
    let mut problems = Vec::new();
    visit(value, shape, "", &mut problems);
    problems
}

/// How botocore names a place: `input` for the top, without the leading dot below it.
fn display(name: &str) -> &str {
    if name.is_empty() {
        "input"
    } else {
        name.strip_prefix('.').unwrap_or(name)
    }
}

fn invalid_type(problems: &mut Vec<String>, name: &str, value: &Value, valid: &[&str]) {
    problems.push(format!(
        "Invalid type for parameter {}, value: {}, type: {}, valid types: {}",
        display(name),
        python(value),
        python_type(value),
        valid.join(", ")
    ));
}

fn min_length(problems: &mut Vec<String>, name: &str, length: usize, min: Option<u64>) {
    if let Some(min) = min {
        if (length as u64) < min {
            problems.push(format!(
                "Invalid length for parameter {}, value: {length}, valid min length: {min}",
                display(name)
            ));
        }
    }
}

/// A bound as Python prints the model's number (`1`, `0.5`).
fn bound(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        connect_runtime::json::python_float_repr(value)
    }
}

fn visit(value: &Value, shape: &Shape, name: &str, problems: &mut Vec<String>) {
    match &shape.kind {
        Kind::Structure { members } => structure(value, members, false, name, problems),
        Kind::Union { members } => structure(value, members, true, name, problems),
        Kind::String {
            min_length: min, ..
        } => match value {
            Value::String(text) => min_length(problems, name, text.chars().count(), *min),
            other => invalid_type(problems, name, other, &["<class 'str'>"]),
        },
        Kind::Integer { min, .. } => match value {
            Value::Number(n) if n.is_i64() || n.is_u64() => {
                if let (Some(min), Some(v)) = (min, n.as_f64()) {
                    if v < *min {
                        problems.push(format!(
                            "Invalid value for parameter {}, value: {n}, valid min value: {}",
                            display(name),
                            bound(*min)
                        ));
                    }
                }
            }
            // Python's bool is an int.
            Value::Bool(_) => {}
            other => invalid_type(problems, name, other, &["<class 'int'>"]),
        },
        Kind::Float { min, .. } => match value {
            Value::Number(n) => {
                if let (Some(min), Some(v)) = (min, n.as_f64()) {
                    if v < *min {
                        problems.push(format!(
                            "Invalid value for parameter {}, value: {}, valid min value: {}",
                            display(name),
                            python(value),
                            bound(*min)
                        ));
                    }
                }
            }
            Value::Bool(_) => {}
            other => invalid_type(
                problems,
                name,
                other,
                &[
                    "<class 'float'>",
                    "<class 'decimal.Decimal'>",
                    "<class 'int'>",
                ],
            ),
        },
        Kind::Boolean => {
            if !value.is_boolean() {
                invalid_type(problems, name, value, &["<class 'bool'>"]);
            }
        }
        Kind::Blob { .. } => {
            if !value.is_string() {
                invalid_type(
                    problems,
                    name,
                    value,
                    &["<class 'bytes'>", "<class 'bytearray'>", "file-like object"],
                );
            }
        }
        Kind::Timestamp => {
            let parses = match value {
                Value::String(text) => {
                    crate::values::timestamp(value, name).is_ok()
                        || text.trim().parse::<f64>().is_ok()
                }
                Value::Number(_) => true,
                _ => false,
            };
            if !parses {
                invalid_type(
                    problems,
                    name,
                    value,
                    &["<class 'datetime.datetime'>", "timestamp-string"],
                );
            }
        }
        Kind::Document => {}
        Kind::List {
            member,
            min_length: min,
            ..
        } => match value {
            Value::Array(items) => {
                min_length(problems, name, items.len(), *min);
                for (index, item) in items.iter().enumerate() {
                    visit(
                        item,
                        &SHAPES[*member],
                        &format!("{name}[{index}]"),
                        problems,
                    );
                }
            }
            other => invalid_type(
                problems,
                name,
                other,
                &["<class 'list'>", "<class 'tuple'>"],
            ),
        },
        Kind::Map {
            key, value: values, ..
        } => match value {
            Value::Object(entries) => {
                for (entry, item) in entries {
                    let key_value = Value::String(entry.clone());
                    visit(
                        &key_value,
                        &SHAPES[*key],
                        &format!("{name} (key: {entry})"),
                        problems,
                    );
                    visit(item, &SHAPES[*values], &format!("{name}.{entry}"), problems);
                }
            }
            other => invalid_type(problems, name, other, &["<class 'dict'>"]),
        },
    }
}

fn structure(
    value: &Value,
    members: &[Member],
    union: bool,
    name: &str,
    problems: &mut Vec<String>,
) {
    let Value::Object(object) = value else {
        invalid_type(problems, name, value, &["<class 'dict'>"]);
        return;
    };
    if union && object.len() != 1 {
        let keys: Vec<&str> = members.iter().map(|m| m.name).collect();
        problems.push(format!(
            "Invalid number of parameters set for tagged union structure {}. Can only set one of the following keys: {}.",
            display(name),
            keys.join(", ")
        ));
    }
    for member in members.iter().filter(|m| m.required) {
        if !object.contains_key(member.name) {
            problems.push(format!(
                "Missing required parameter in {}: \"{}\"",
                display(name),
                member.name
            ));
        }
    }
    let mut known = Vec::new();
    for (key, item) in object {
        match members.iter().find(|m| m.name == key) {
            Some(member) => known.push((member, item)),
            None => {
                let valid: Vec<&str> = members.iter().map(|m| m.name).collect();
                problems.push(format!(
                    "Unknown parameter in {}: \"{key}\", must be one of: {}",
                    display(name),
                    valid.join(", ")
                ));
            }
        }
    }
    for (member, item) in known {
        visit(
            item,
            &SHAPES[member.shape],
            &format!("{name}.{}", member.name),
            problems,
        );
    }
}
