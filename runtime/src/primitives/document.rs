//! Untyped JSON-like values (`document` shapes).

use std::collections::BTreeMap;

/// A document: any JSON value, with numbers kept without loss where they are integers.
#[derive(Clone, Debug, PartialEq)]
pub enum Document {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Document>),
    Object(BTreeMap<String, Document>),
}

/// A number inside a [`Document`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// Any other number.
    Float(f64),
}

impl From<&str> for Document {
    fn from(value: &str) -> Self {
        Document::String(value.to_owned())
    }
}

impl From<bool> for Document {
    fn from(value: bool) -> Self {
        Document::Bool(value)
    }
}

impl From<i64> for Document {
    fn from(value: i64) -> Self {
        Document::Number(match u64::try_from(value) {
            Ok(positive) => Number::PosInt(positive),
            Err(_) => Number::NegInt(value),
        })
    }
}

impl From<f64> for Document {
    fn from(value: f64) -> Self {
        Document::Number(Number::Float(value))
    }
}
