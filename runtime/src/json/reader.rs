//! A pull reader for JSON from untrusted peers: nesting is bounded, numbers are range-checked,
//! and nothing it reads can make it panic or overflow the stack.

use std::borrow::Cow;
use std::fmt;

/// How deep objects and arrays may nest before reading stops with an error.
pub const DEFAULT_MAX_DEPTH: usize = 128;

/// A JSON document that could not be read, or did not have the expected form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeError {
    message: String,
    location: Location,
}

/// Where in a response a [`DeError`] was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A byte offset into the body (or the JSON document being read).
    Body(usize),
    /// The header of this name.
    Header(String),
    /// The query parameter of this name.
    Query(String),
    /// The URI label of this name.
    Label(String),
}

impl DeError {
    /// An error at a byte offset of the document.
    pub fn new(message: impl Into<String>, offset: usize) -> Self {
        DeError {
            message: message.into(),
            location: Location::Body(offset),
        }
    }

    /// An error at the given place of a message.
    pub fn at(location: Location, message: impl Into<String>) -> Self {
        DeError {
            message: message.into(),
            location,
        }
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The byte offset into the document, for an error in the body.
    pub fn offset(&self) -> Option<usize> {
        match self.location {
            Location::Body(offset) => Some(offset),
            _ => None,
        }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Location::Body(offset) => write!(f, "{} (at byte {offset} of the body)", self.message),
            Location::Header(name) => write!(f, "{} (in the header {name})", self.message),
            Location::Query(name) => write!(f, "{} (in the query parameter {name})", self.message),
            Location::Label(name) => write!(f, "{} (in the URI label {name})", self.message),
        }
    }
}

impl std::error::Error for DeError {}

/// The kind of the next value, as [`JsonReader::peek`] reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

/// An open object or array.
#[derive(Clone, Copy, Debug)]
struct Frame {
    object: bool,
    /// Whether its next item is the first.
    first: bool,
}

/// Reads one JSON document value by value.
#[derive(Debug)]
pub struct JsonReader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// One entry per open object or array.
    stack: Vec<Frame>,
    max_depth: usize,
}

impl<'a> JsonReader<'a> {
    /// A reader over `bytes`, which must be UTF-8.
    pub fn new(bytes: &'a [u8]) -> Result<Self, DeError> {
        let text = std::str::from_utf8(bytes).map_err(|error| {
            DeError::new("the document is not valid UTF-8", error.valid_up_to())
        })?;
        Ok(JsonReader::from_text(text))
    }

    /// A reader over text.
    pub fn from_text(text: &'a str) -> Self {
        JsonReader {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            stack: Vec::new(),
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }

    /// Changes the nesting limit.
    pub fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// The current byte offset.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// An error at the current position.
    pub fn error(&self, message: impl Into<String>) -> DeError {
        DeError::new(message, self.pos)
    }

    fn skip_whitespace(&mut self) {
        while let Some(&byte) = self.bytes.get(self.pos) {
            if matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn next_byte(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes.get(self.pos).copied()
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), DeError> {
        match self.next_byte() {
            Some(found) if found == byte => {
                self.pos += 1;
                Ok(())
            }
            Some(_) => Err(self.error(format!("expected {what}"))),
            None => Err(self.error(format!("the document ends where {what} was expected"))),
        }
    }

    /// The kind of the next value, without consuming it.
    pub fn peek(&mut self) -> Result<Token, DeError> {
        match self.next_byte() {
            Some(b'{') => Ok(Token::Object),
            Some(b'[') => Ok(Token::Array),
            Some(b'"') => Ok(Token::String),
            Some(b'-' | b'0'..=b'9') => Ok(Token::Number),
            Some(b't' | b'f') => Ok(Token::Bool),
            Some(b'n') => Ok(Token::Null),
            Some(_) => Err(self.error("expected a JSON value")),
            None => Err(self.error("the document ends where a value was expected")),
        }
    }

    /// Consumes a `null` if one comes next and says whether it did.
    pub fn take_null(&mut self) -> Result<bool, DeError> {
        if self.peek()? == Token::Null {
            self.literal("null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), DeError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn open(&mut self, byte: u8, what: &str) -> Result<(), DeError> {
        if self.stack.len() >= self.max_depth {
            return Err(self.error(format!(
                "the document nests deeper than {} levels",
                self.max_depth
            )));
        }
        self.expect(byte, what)?;
        self.stack.push(Frame {
            object: byte == b'{',
            first: true,
        });
        Ok(())
    }

    /// Enters an object.
    pub fn begin_object(&mut self) -> Result<(), DeError> {
        self.open(b'{', "an object")
    }

    /// Enters an array.
    pub fn begin_array(&mut self) -> Result<(), DeError> {
        self.open(b'[', "an array")
    }

    /// The next key of the current object, or `None` after its closing brace.
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>, DeError> {
        if !self.next_item(b'}')? {
            return Ok(None);
        }
        if self.next_byte() != Some(b'"') {
            return Err(self.error("expected an object key"));
        }
        let key = self.string_body()?;
        self.expect(b':', "`:` after an object key")?;
        Ok(Some(key))
    }

    /// Whether the current array has another element (after its closing bracket: `false`).
    pub fn next_element(&mut self) -> Result<bool, DeError> {
        self.next_item(b']')
    }

    fn next_item(&mut self, close: u8) -> Result<bool, DeError> {
        let Some(first) = self.stack.last().map(|frame| frame.first) else {
            return Err(self.error("not inside an object or array"));
        };
        match self.next_byte() {
            Some(byte) if byte == close => {
                self.pos += 1;
                self.stack.pop();
                return Ok(false);
            }
            None => return Err(self.error("the document ends inside an object or array")),
            _ => {}
        }
        if !first {
            self.expect(b',', "`,` between items")?;
            if self.next_byte() == Some(close) {
                return Err(self.error("a trailing comma is not JSON"));
            }
        }
        if let Some(frame) = self.stack.last_mut() {
            frame.first = false;
        }
        Ok(true)
    }

    /// Reads a string value.
    pub fn string(&mut self) -> Result<Cow<'a, str>, DeError> {
        if self.next_byte() != Some(b'"') {
            return Err(self.error("expected a string"));
        }
        self.string_body()
    }

    fn string_body(&mut self) -> Result<Cow<'a, str>, DeError> {
        self.pos += 1;
        let start = self.pos;
        loop {
            match self.bytes.get(self.pos) {
                None => return Err(self.error("the document ends inside a string")),
                Some(b'"') => {
                    let text = &self.text[start..self.pos];
                    self.pos += 1;
                    return Ok(Cow::Borrowed(text));
                }
                Some(b'\\') => break,
                Some(&byte) if byte < 0x20 => {
                    return Err(self.error("a control character inside a string"))
                }
                Some(_) => self.pos += 1,
            }
        }
        let mut owned = String::from(&self.text[start..self.pos]);
        loop {
            match self.bytes.get(self.pos) {
                None => return Err(self.error("the document ends inside a string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(owned));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escape = self.bytes.get(self.pos).copied();
                    self.pos += 1;
                    match escape {
                        Some(b'"') => owned.push('"'),
                        Some(b'\\') => owned.push('\\'),
                        Some(b'/') => owned.push('/'),
                        Some(b'b') => owned.push('\u{8}'),
                        Some(b'f') => owned.push('\u{c}'),
                        Some(b'n') => owned.push('\n'),
                        Some(b'r') => owned.push('\r'),
                        Some(b't') => owned.push('\t'),
                        Some(b'u') => owned.push(self.unicode_escape()?),
                        _ => {
                            return Err(DeError::new("an invalid escape in a string", self.pos - 1))
                        }
                    }
                }
                Some(&byte) if byte < 0x20 => {
                    return Err(self.error("a control character inside a string"))
                }
                Some(_) => {
                    let run_start = self.pos;
                    while let Some(&byte) = self.bytes.get(self.pos) {
                        if byte == b'"' || byte == b'\\' || byte < 0x20 {
                            break;
                        }
                        self.pos += 1;
                    }
                    owned.push_str(&self.text[run_start..self.pos]);
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u16, DeError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("a truncated \\u escape"))?;
        // Four hex digits exactly: `from_str_radix` alone would also take a sign (`\u+0e9`).
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(self.error("an invalid \\u escape"));
        }
        let unit =
            u16::from_str_radix(digits, 16).map_err(|_| self.error("an invalid \\u escape"))?;
        self.pos += 4;
        Ok(unit)
    }

    fn unicode_escape(&mut self) -> Result<char, DeError> {
        let unit = self.hex4()?;
        if (0xd800..0xdc00).contains(&unit) {
            if !self.bytes[self.pos..].starts_with(b"\\u") {
                return Err(self.error("a lone surrogate in a \\u escape"));
            }
            self.pos += 2;
            let low = self.hex4()?;
            if !(0xdc00..0xe000).contains(&low) {
                return Err(self.error("a lone surrogate in a \\u escape"));
            }
            let code = 0x10000 + ((u32::from(unit) - 0xd800) << 10) + (u32::from(low) - 0xdc00);
            return char::from_u32(code).ok_or_else(|| self.error("an invalid \\u escape"));
        }
        char::from_u32(u32::from(unit))
            .ok_or_else(|| self.error("a lone surrogate in a \\u escape"))
    }

    /// Reads a number and returns its text, checked against the JSON grammar.
    pub fn number_text(&mut self) -> Result<&'a str, DeError> {
        if self.peek()? != Token::Number {
            return Err(self.error("expected a number"));
        }
        let start = self.pos;
        let bytes = self.bytes;
        let mut i = start;
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        let digits = |i: &mut usize| {
            let begin = *i;
            while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i - begin
        };
        let integer_digits = digits(&mut i);
        if integer_digits == 0 || (integer_digits > 1 && bytes[i - integer_digits] == b'0') {
            return Err(DeError::new("an invalid number", start));
        }
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            if digits(&mut i) == 0 {
                return Err(DeError::new("an invalid number", start));
            }
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                return Err(DeError::new("an invalid number", start));
            }
        }
        self.pos = i;
        Ok(&self.text[start..i])
    }

    /// Reads an integer that must fit `T` (no fraction, no exponent).
    pub fn integer<T: std::str::FromStr>(&mut self) -> Result<T, DeError> {
        let start = self.next_offset();
        let text = self.number_text()?;
        text.parse::<T>().map_err(|_| {
            DeError::new(
                format!("`{}` is not an integer in range", clip(text)),
                start,
            )
        })
    }

    /// Reads a float: a number, or one of the strings `NaN`, `Infinity`, `-Infinity`. A literal too
    /// large to represent is an error.
    pub fn float(&mut self) -> Result<f64, DeError> {
        let start = self.next_offset();
        if self.peek()? == Token::String {
            return match self.string()?.as_ref() {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                _ => Err(DeError::new("expected a number", start)),
            };
        }
        let text = self.number_text()?;
        match text.parse::<f64>() {
            Ok(value) if value.is_finite() => Ok(value),
            _ => Err(DeError::new(
                format!("`{}` is out of range for a float", clip(text)),
                start,
            )),
        }
    }

    /// Reads `true` or `false`.
    pub fn boolean(&mut self) -> Result<bool, DeError> {
        match self.next_byte() {
            Some(b't') => self.literal("true").map(|()| true),
            Some(b'f') => self.literal("false").map(|()| false),
            _ => Err(self.error("expected true or false")),
        }
    }

    fn next_offset(&mut self) -> usize {
        self.skip_whitespace();
        self.pos
    }

    /// Skips the next value, whatever it is, without recursion, and returns its JSON text.
    pub fn skip(&mut self) -> Result<&'a str, DeError> {
        let start = self.next_offset();
        let depth = self.stack.len();
        loop {
            match self.peek()? {
                Token::Object => {
                    self.begin_object()?;
                }
                Token::Array => {
                    self.begin_array()?;
                }
                Token::String => {
                    self.string()?;
                }
                Token::Number => {
                    self.number_text()?;
                }
                Token::Bool => {
                    self.boolean()?;
                }
                Token::Null => {
                    self.literal("null")?;
                }
            }
            // Close every container that ends here, then continue with the next item, if any.
            loop {
                if self.stack.len() == depth {
                    return Ok(&self.text[start..self.pos]);
                }
                let in_object = self.stack.last().is_some_and(|frame| frame.object);
                if in_object {
                    if self.next_key()?.is_some() {
                        break;
                    }
                } else if self.next_element()? {
                    break;
                }
            }
        }
    }

    /// Checks that nothing but whitespace follows the document.
    pub fn end(&mut self) -> Result<(), DeError> {
        match self.next_byte() {
            None => Ok(()),
            Some(_) => Err(self.error("unexpected content after the JSON document")),
        }
    }
}

fn clip(text: &str) -> &str {
    match text.char_indices().nth(40) {
        Some((index, _)) => &text[..index],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_objects_arrays_and_escapes() {
        let mut r =
            JsonReader::new(br#" {"a": [1, -2], "b\n": "x\u00e9\ud83d\ude00", "c": null} "#)
                .unwrap();
        r.begin_object().unwrap();
        assert_eq!(r.next_key().unwrap().as_deref(), Some("a"));
        r.begin_array().unwrap();
        assert!(r.next_element().unwrap());
        assert_eq!(r.integer::<i32>().unwrap(), 1);
        assert!(r.next_element().unwrap());
        assert_eq!(r.integer::<i32>().unwrap(), -2);
        assert!(!r.next_element().unwrap());
        assert_eq!(r.next_key().unwrap().as_deref(), Some("b\n"));
        assert_eq!(r.string().unwrap(), "xé😀");
        assert_eq!(r.next_key().unwrap().as_deref(), Some("c"));
        assert!(r.take_null().unwrap());
        assert_eq!(r.next_key().unwrap(), None);
        r.end().unwrap();
    }

    #[test]
    fn a_unicode_escape_takes_four_hex_digits_and_nothing_else() {
        for bad in [
            r#""\u+0e9""#,
            r#""\u-0e9""#,
            r#""\u 0e9""#,
            r#""\u0e9""#,
            r#""\u0eé9""#,
        ] {
            let mut r = JsonReader::from_text(bad);
            assert!(r.string().is_err(), "{bad}");
        }
        assert_eq!(JsonReader::from_text(r#""\u00E9""#).string().unwrap(), "é");
    }

    #[test]
    fn skip_returns_raw_text_of_nested_values() {
        let mut r = JsonReader::from_text(r#"{"x": {"a": [1, {"b": "]}"}], "c": {}}, "y": 2}"#);
        r.begin_object().unwrap();
        r.next_key().unwrap();
        assert_eq!(r.skip().unwrap(), r#"{"a": [1, {"b": "]}"}], "c": {}}"#);
        assert_eq!(r.next_key().unwrap().as_deref(), Some("y"));
        assert_eq!(r.skip().unwrap(), "2");
        assert_eq!(r.next_key().unwrap(), None);
    }

    #[test]
    fn hostile_documents_are_errors() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        let mut r = JsonReader::from_text(&deep);
        assert!(r.skip().unwrap_err().message().contains("deeper"));
        for bad in [
            "{\"a\": 1,}",
            "[1 2]",
            "{\"a\" 1}",
            "\"abc",
            "01",
            "1.",
            "-",
            "tru",
            "\"\\ud800\"",
            "{\"a\":",
        ] {
            let mut r = JsonReader::from_text(bad);
            assert!(r.skip().and_then(|_| r.end()).is_err(), "{bad} should fail");
        }
        let mut r = JsonReader::from_text("99999999999999999999");
        assert!(r.integer::<i64>().is_err());
        let mut r = JsonReader::from_text("1e400");
        assert!(r.float().is_err());
        let mut r = JsonReader::from_text("1.5");
        assert!(r.integer::<i32>().is_err());
        assert!(JsonReader::new(&[b'"', 0xff, b'"']).is_err());
    }
}
