//! Arbitrary-precision numbers, kept as their exact decimal text.

use std::fmt;

/// An integer of any size (`bigInteger`), kept as its decimal text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BigInteger(String);

/// A decimal of any size and precision (`bigDecimal`), kept as its text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BigDecimal(String);

impl BigInteger {
    /// Accepts an optional `-` followed by one or more ASCII digits.
    pub fn parse(text: &str) -> Option<Self> {
        let digits = text.strip_prefix('-').unwrap_or(text);
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| BigInteger(text.to_owned()))
    }

    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl BigDecimal {
    /// Accepts a JSON number: optional `-`, digits, optional fraction, optional exponent.
    pub fn parse(text: &str) -> Option<Self> {
        is_json_number(text).then(|| BigDecimal(text.to_owned()))
    }

    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_json_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    if !digits(&mut i) {
        return false;
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == bytes.len()
}

impl fmt::Display for BigInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for BigDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_numbers() {
        assert!(BigInteger::parse("-123456789012345678901234567890").is_some());
        assert!(BigInteger::parse("1.5").is_none());
        assert!(BigInteger::parse("-").is_none());
        assert!(BigDecimal::parse("-1.25e+300").is_some());
        assert!(BigDecimal::parse("1.").is_none());
        assert!(BigDecimal::parse("NaN").is_none());
    }
}
