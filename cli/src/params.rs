//! From the strings of the command line to one JSON value of the operation's input: values read
//! from files (`file://`, `fileb://`), structured options in JSON or shorthand, scalars typed by
//! the shape tree, and `--cli-input-json`/`--cli-input-yaml` documents under the flags.

use crate::commands::SHAPES;
use crate::model::{Kind, Member, Shape};
use crate::shorthand;
use connect_runtime::encoding::base64;
use serde_json::{Map, Value};
use std::path::PathBuf;

/// A parameter that cannot be read, with the AWS CLI's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError(pub String);

/// A value read from a file: text (`file://`) or bytes (`fileb://`).
pub enum FileValue {
    Text(String),
    Bytes(Vec<u8>),
}

/// Expands `~` and `$VAR`/`${VAR}` in a path, as the AWS CLI does for `file://`.
pub fn expand_path(path: &str) -> PathBuf {
    let mut out = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        let braced = chars.peek() == Some(&'{');
        if braced {
            chars.next();
        }
        let mut name = String::new();
        while let Some(&next) = chars.peek() {
            if next.is_ascii_alphanumeric() || next == '_' {
                name.push(next);
                chars.next();
            } else {
                break;
            }
        }
        if braced && chars.peek() == Some(&'}') {
            chars.next();
        }
        match std::env::var(&name) {
            Ok(value) if !name.is_empty() => out.push_str(&value),
            _ if braced => out.push_str(&format!("${{{name}}}")),
            _ => {
                out.push('$');
                out.push_str(&name);
            }
        }
    }
    if let Some(rest) = out.strip_prefix('~') {
        if rest.is_empty() || rest.starts_with('/') {
            if let Ok(home) = std::env::var("HOME") {
                return PathBuf::from(format!("{home}{rest}"));
            }
        }
    }
    PathBuf::from(out)
}

/// The file a `file://` or `fileb://` value names, read; `None` for any other value.
pub fn read_param_file(value: &str) -> Option<Result<FileValue, String>> {
    let (path, binary) = if let Some(path) = value.strip_prefix("fileb://") {
        (path, true)
    } else if let Some(path) = value.strip_prefix("file://") {
        (path, false)
    } else {
        return None;
    };
    let full = expand_path(path);
    let fail = |reason: String| format!("Unable to load paramfile {value}: {reason}");
    Some(match std::fs::read(&full) {
        Err(error) => Err(fail(format!(
            "[Errno {}] {}: '{}'",
            error.raw_os_error().unwrap_or(0),
            describe(&error),
            full.display()
        ))),
        Ok(bytes) if binary => Ok(FileValue::Bytes(bytes)),
        Ok(bytes) => String::from_utf8(bytes)
            .map(FileValue::Text)
            .map_err(|_| fail("the file is not valid UTF-8 text".to_owned())),
    })
}

fn describe(error: &std::io::Error) -> &'static str {
    match error.kind() {
        std::io::ErrorKind::NotFound => "No such file or directory",
        std::io::ErrorKind::PermissionDenied => "Permission denied",
        std::io::ErrorKind::IsADirectory => "Is a directory",
        _ => "Input/output error",
    }
}

/// A text value from a file for shorthand's `key@=file://...`.
fn shorthand_file(text: &str) -> Option<Result<String, String>> {
    read_param_file(text).map(|read| match read? {
        FileValue::Text(text) => Ok(text),
        FileValue::Bytes(bytes) => String::from_utf8(bytes).map_err(|_| {
            format!("Unable to load paramfile {text}: the file is not valid UTF-8 text")
        }),
    })
}

/// The JSON value of one option given as `raws` on the command line (one string, or for a list of
/// scalars one string per item).
pub fn option_value(member: &Member, raws: &[String]) -> Result<Value, ParamError> {
    let shape = &SHAPES[member.shape];
    let wrap = |message: String| {
        // A number that does not read is reported bare, as the AWS CLI reports Python's error.
        if message.starts_with(NOT_AN_INTEGER) || message.starts_with(NOT_A_FLOAT) {
            ParamError(message)
        } else {
            ParamError(format!(
                "Error parsing parameter '{}': {message}",
                member.option
            ))
        }
    };
    if let Some(item) = scalar_list_item(shape) {
        let items = raws
            .iter()
            .map(|raw| one_value(item, raw).map_err(wrap))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Value::Array(items));
    }
    let raw = raws.last().map(String::as_str).unwrap_or_default();
    one_value(shape, raw).map_err(wrap)
}

/// The item shape of a list of scalars, whose items are given as separate words.
pub fn scalar_list_item(shape: &Shape) -> Option<&'static Shape> {
    match shape.kind {
        Kind::List { member, .. } => {
            let item = &SHAPES[member];
            let scalar = !matches!(
                item.kind,
                Kind::Structure { .. } | Kind::Union { .. } | Kind::Map { .. } | Kind::List { .. }
            );
            scalar.then_some(item)
        }
        _ => None,
    }
}

/// One command-line string, or the file it names, as a value of the shape.
fn one_value(shape: &Shape, raw: &str) -> Result<Value, String> {
    let text = match read_param_file(raw) {
        None => raw.to_owned(),
        Some(read) => match read? {
            FileValue::Text(text) => text,
            FileValue::Bytes(bytes) if matches!(shape.kind, Kind::Blob { .. }) => {
                return Ok(Value::String(base64::encode(&bytes)))
            }
            FileValue::Bytes(bytes) => {
                String::from_utf8(bytes).map_err(|_| format!("{raw} is not valid UTF-8 text"))?
            }
        },
    };
    typed(shape, &text)
}

/// Python's words for text that is not a whole number, and not a number.
const NOT_AN_INTEGER: &str = "invalid literal for int() with base 10";
const NOT_A_FLOAT: &str = "could not convert string to float";

/// A command-line string read as a value of the shape.
fn typed(shape: &Shape, text: &str) -> Result<Value, String> {
    match &shape.kind {
        Kind::Structure { .. } | Kind::Union { .. } | Kind::Map { .. } | Kind::List { .. } => {
            let trimmed = text.trim_start();
            if trimmed.starts_with('{') || trimmed.starts_with('[') {
                serde_json::from_str::<Value>(text).map_err(|error| {
                    format!(
                        "Invalid JSON: {}\nJSON received: {text}",
                        json_error(&error)
                    )
                })
            } else {
                let mut value = shorthand::parse(text, &shorthand_file).map_err(|error| error.0)?;
                coerce(shape, &mut value)?;
                Ok(value)
            }
        }
        Kind::Integer { .. } => python_int(text)
            .map(Value::from)
            .ok_or_else(|| format!("{NOT_AN_INTEGER}: '{text}'")),
        Kind::Float { .. } => python_float(text)
            .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number))
            .ok_or_else(|| format!("{NOT_A_FLOAT}: '{text}'")),
        Kind::Boolean => match text.to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Ok(Value::String(text.to_owned())),
        },
        Kind::Blob { .. } | Kind::String { .. } | Kind::Timestamp => {
            Ok(Value::String(text.to_owned()))
        }
        Kind::Document => serde_json::from_str::<Value>(text).map_err(|error| {
            format!(
                "Invalid JSON: {}\nJSON received: {text}",
                json_error(&error)
            )
        }),
    }
}

/// A JSON parse error in the words Python's `json` module uses, near enough.
fn json_error(error: &serde_json::Error) -> String {
    format!("{error}")
}

/// Python's `int()` on a string: surrounding white space, a sign, digits with single underscores.
pub fn python_int(text: &str) -> Option<i64> {
    let trimmed = text.trim();
    let (negative, digits) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    let value: i128 = clean.parse().ok()?;
    i64::try_from(if negative { -value } else { value }).ok()
}

fn python_float(text: &str) -> Option<f64> {
    let trimmed = text.trim();
    match trimmed.to_ascii_lowercase().as_str() {
        "nan" | "+nan" | "-nan" | "inf" | "+inf" | "-inf" | "infinity" | "-infinity" => None,
        _ => trimmed.replace('_', "").parse::<f64>().ok(),
    }
}

/// Types shorthand's strings by the shape tree, as the AWS CLI does after parsing shorthand:
/// numbers and booleans from their text, a single value where a list is expected as a one-item
/// list. A document member cannot be written in shorthand.
fn coerce(shape: &Shape, value: &mut Value) -> Result<(), String> {
    match (&shape.kind, value) {
        (Kind::Structure { members } | Kind::Union { members }, Value::Object(object)) => {
            for member in members.iter() {
                if let Some(item) = object.get_mut(member.name) {
                    let target = &SHAPES[member.shape];
                    if matches!(target.kind, Kind::Document) {
                        return Err(format!(
                            "Shorthand syntax does not support document types. Use JSON input for top-level argument to specify nested parameter: {}",
                            member.name
                        ));
                    }
                    coerce(target, item)?;
                }
            }
            Ok(())
        }
        (Kind::List { member, .. }, value) => {
            if !value.is_array() {
                let single = std::mem::take(value);
                *value = Value::Array(vec![single]);
            }
            if let Value::Array(items) = value {
                for item in items {
                    coerce(&SHAPES[*member], item)?;
                }
            }
            Ok(())
        }
        (Kind::Map { value: values, .. }, Value::Object(object)) => {
            for item in object.values_mut() {
                coerce(&SHAPES[*values], item)?;
            }
            Ok(())
        }
        (Kind::Integer { .. }, value @ Value::String(_)) => {
            let text = value.as_str().unwrap_or_default().to_owned();
            *value = Value::from(
                python_int(&text).ok_or_else(|| format!("{NOT_AN_INTEGER}: '{text}'"))?,
            );
            Ok(())
        }
        (Kind::Float { .. }, value @ Value::String(_)) => {
            let text = value.as_str().unwrap_or_default().to_owned();
            let number = python_float(&text)
                .and_then(serde_json::Number::from_f64)
                .ok_or_else(|| format!("{NOT_A_FLOAT}: '{text}'"))?;
            *value = Value::Number(number);
            Ok(())
        }
        (Kind::Boolean, value @ Value::String(_)) => {
            match value.as_str().map(str::to_ascii_lowercase).as_deref() {
                Some("true") => *value = Value::Bool(true),
                Some("false") => *value = Value::Bool(false),
                _ => {}
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The input document of `--cli-input-json` or `--cli-input-yaml` (inline or `file://`).
pub fn input_document(
    option: &str,
    raw: &str,
    yaml: bool,
) -> Result<Map<String, Value>, ParamError> {
    // The AWS CLI names these two without their dashes (`'cli-input-json'`).
    let name = option.trim_start_matches('-');
    let wrap = |message: String| ParamError(format!("Error parsing parameter '{name}': {message}"));
    let text = match read_param_file(raw) {
        None => raw.to_owned(),
        Some(Err(message)) => return Err(wrap(message)),
        Some(Ok(FileValue::Text(text))) => text,
        Some(Ok(FileValue::Bytes(bytes))) => {
            String::from_utf8(bytes).map_err(|_| wrap(format!("{raw} is not valid UTF-8 text")))?
        }
    };
    let value: Value = if yaml {
        crate::yaml::parse(&text).map_err(|error| wrap(format!("Invalid YAML: {error}")))?
    } else {
        serde_json::from_str(&text).map_err(|error| {
            wrap(format!(
                "Invalid JSON: {}\nJSON received: {text}",
                json_error(&error)
            ))
        })?
    };
    match value {
        Value::Object(object) => Ok(object),
        Value::Null => Ok(Map::new()),
        _ => Err(ParamError(format!(
            "Invalid type for parameter {option}: the document must be a {} object",
            if yaml { "YAML" } else { "JSON" }
        ))),
    }
}

/// With `--cli-binary-format raw-in-base64-out`, blob values are the bytes of their text: encode
/// them as base64, the form the rest of the command reads blobs in.
pub fn raw_blobs_to_base64(shape: &Shape, value: &mut Value) {
    match (&shape.kind, value) {
        (Kind::Blob { .. }, value @ Value::String(_)) => {
            let text = value.as_str().unwrap_or_default().to_owned();
            *value = Value::String(base64::encode(text.as_bytes()));
        }
        (Kind::Structure { members } | Kind::Union { members }, Value::Object(object)) => {
            for member in members.iter() {
                if let Some(item) = object.get_mut(member.name) {
                    raw_blobs_to_base64(&SHAPES[member.shape], item);
                }
            }
        }
        (Kind::List { member, .. }, Value::Array(items)) => {
            for item in items {
                raw_blobs_to_base64(&SHAPES[*member], item);
            }
        }
        (Kind::Map { value: values, .. }, Value::Object(object)) => {
            for item in object.values_mut() {
                raw_blobs_to_base64(&SHAPES[*values], item);
            }
        }
        _ => {}
    }
}
