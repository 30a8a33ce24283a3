//! Reading the command's JSON values as typed values, for the generated converters; and writing
//! values as Python prints them, for messages in botocore's words.

use connect_runtime::encoding::base64;
use connect_runtime::primitives::{BigDecimal, BigInteger, DateTime, Document};
use connect_runtime::protocol::{parse_timestamp, TimestampFormat};
use serde_json::Value;

/// The path of a member below `at` (`UserInfo.UserId`; just the member at the top).
pub fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    }
}

/// A value of the wrong form, named by its path.
pub fn expected(at: &str, what: &str) -> String {
    format!(
        "{} must be {what}",
        if at.is_empty() { "the input" } else { at }
    )
}

/// A list, each element read by `element` (given the element and its path).
pub fn list<T>(
    value: &Value,
    at: &str,
    element: impl Fn(&Value, &str) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    let items = value.as_array().ok_or_else(|| expected(at, "a list"))?;
    items
        .iter()
        .enumerate()
        .map(|(index, item)| element(item, &format!("{at}[{index}]")))
        .collect()
}

/// A map from an object: each key made by `key`, each value read by `element` (given the value
/// and its path).
pub fn map<K: Ord, T>(
    value: &Value,
    at: &str,
    key: impl Fn(&str) -> K,
    element: impl Fn(&Value, &str) -> Result<T, String>,
) -> Result<std::collections::BTreeMap<K, T>, String> {
    let entries = value.as_object().ok_or_else(|| expected(at, "an object"))?;
    entries
        .iter()
        .map(|(name, item)| Ok((key(name), element(item, &join(at, name))?)))
        .collect()
}

pub fn string(value: &Value, at: &str) -> Result<String, String> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| expected(at, "a string"))
}

pub fn boolean(value: &Value, at: &str) -> Result<bool, String> {
    value.as_bool().ok_or_else(|| expected(at, "a boolean"))
}

pub fn integer<T: TryFrom<i64>>(value: &Value, at: &str) -> Result<T, String> {
    value
        .as_i64()
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| expected(at, "a whole number in range"))
}

pub fn float(value: &Value, at: &str) -> Result<f64, String> {
    value.as_f64().ok_or_else(|| expected(at, "a number"))
}

pub fn big_integer(value: &Value, at: &str) -> Result<BigInteger, String> {
    BigInteger::parse(&value.to_string()).ok_or_else(|| expected(at, "a whole number"))
}

pub fn big_decimal(value: &Value, at: &str) -> Result<BigDecimal, String> {
    BigDecimal::parse(&value.to_string()).ok_or_else(|| expected(at, "a number"))
}

/// A blob: base64 text (as `--cli-binary-format base64` takes it; `fileb://` contents arrive
/// encoded the same way).
pub fn blob(value: &Value, at: &str) -> Result<Vec<u8>, String> {
    value
        .as_str()
        .and_then(base64::decode)
        .ok_or_else(|| expected(at, "base64 text"))
}

/// A timestamp: seconds since the epoch, or RFC 3339 text.
pub fn timestamp(value: &Value, at: &str) -> Result<DateTime, String> {
    match value {
        Value::Number(n) => n
            .as_f64()
            .and_then(|secs| parse_timestamp(&secs.to_string(), TimestampFormat::EpochSeconds)),
        Value::String(text) => parse_timestamp(text, TimestampFormat::DateTime)
            .or_else(|| parse_timestamp(text, TimestampFormat::EpochSeconds)),
        _ => None,
    }
    .ok_or_else(|| expected(at, "a timestamp"))
}

pub fn document(value: &Value, at: &str) -> Result<Document, String> {
    Ok(match value {
        Value::Null => Document::Null,
        Value::Bool(b) => Document::Bool(*b),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Document::from(i),
            (None, Some(f)) => Document::from(f),
            (None, None) => return Err(expected(at, "a number in range")),
        },
        Value::String(s) => Document::String(s.clone()),
        Value::Array(items) => Document::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| document(item, &format!("{at}[{i}]")))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(entries) => Document::Object(
            entries
                .iter()
                .map(|(k, v)| Ok((k.clone(), document(v, &join(at, k))?)))
                .collect::<Result<_, String>>()?,
        ),
    })
}

/// The value as Python's `str()` prints it (`{'a': 1}`, `True`, `None`), as botocore's messages
/// show values.
pub fn python(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => python_repr(other),
    }
}

/// The value as Python's `repr()` prints it.
pub fn python_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (None, Some(u), _) => u.to_string(),
            (None, None, Some(f)) => connect_runtime::json::python_float_repr(f),
            _ => n.to_string(),
        },
        Value::String(text) => python_string(text),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(python_repr).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{}: {}", python_string(k), python_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A string as Python's `repr()` quotes it.
fn python_string(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's name of the value's type, as botocore's messages show it (`<class 'int'>`).
pub fn python_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Number(n) if n.is_f64() => "<class 'float'>",
        Value::Number(_) => "<class 'int'>",
        Value::String(_) => "<class 'str'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'dict'>",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_print_as_python_prints_them() {
        assert_eq!(python(&json!("abc")), "abc");
        assert_eq!(
            python(&json!({"a": 1, "b": [true, null, "x'y"]})),
            "{'a': 1, 'b': [True, None, \"x'y\"]}"
        );
        assert_eq!(python(&json!(1.5)), "1.5");
        assert_eq!(python_type(&json!(1)), "<class 'int'>");
        assert_eq!(python_type(&json!({})), "<class 'dict'>");
    }
}
