//! The AWS CLI's shorthand syntax: `k1=v1,k2=v2`, values that are comma lists (`k=a,b`),
//! `[...]` lists and `{...}` objects nested to any depth, single and double quotes that protect
//! commas, `\,` escapes, and `k@=file://path` to read one value from a file.
//!
//! The parser knows nothing of the model: it yields strings, lists and objects, which
//! [`crate::params`] then types by the shape tree. Errors show the input with a caret under the
//! place, in the AWS CLI's words.

use serde_json::{Map, Value};

/// A shorthand value that cannot be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShorthandError(pub String);

/// Reads a value file for `k@=file://...`; `None` when the text is not a file reference.
pub type Files<'a> = &'a dyn Fn(&str) -> Option<Result<String, String>>;

/// Parses `text` as shorthand into an object.
pub fn parse(text: &str, files: Files<'_>) -> Result<Value, ShorthandError> {
    let mut parser = Parser {
        chars: text.chars().collect(),
        index: 0,
        files,
        resolve_file: false,
        depth: 0,
    };
    parser.parameter().map(Value::Object)
}

struct Parser<'a> {
    chars: Vec<char>,
    index: usize,
    files: Files<'a>,
    /// The current key was written `key@=`: its value names a file to read.
    resolve_file: bool,
    /// Lists and objects open at the current position.
    depth: usize,
}

/// How deeply `[...]` and `{...}` may nest, as deep as JSON input may.
const MAX_DEPTH: usize = 128;

/// Characters a key may hold.
fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_.#/:".contains(c)
}

/// Characters an unquoted value may start with: anything but white space, quotes, `,`, `=`,
/// `[` and `{`.
fn is_start_char(c: char) -> bool {
    !(c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '=' | '[' | '{')) && c != '\u{0}'
}

/// Characters the first value of a key may continue with: anything but quotes, `,`, `]`, `}`.
fn is_first_follow_char(c: char) -> bool {
    !matches!(c, '"' | '\'' | ',' | ']' | '}')
}

/// Characters a further value of a comma list may continue with: anything but quotes, `,`, `=`.
fn is_second_follow_char(c: char) -> bool {
    !matches!(c, '"' | '\'' | ',' | '=')
}

impl Parser<'_> {
    fn at_eof(&self) -> bool {
        self.index >= self.chars.len()
    }

    fn current(&self) -> Option<char> {
        self.chars.get(self.index).copied()
    }

    fn skip_whitespace(&mut self) {
        while self.current().is_some_and(char::is_whitespace) {
            self.index += 1;
        }
    }

    fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// The input with a caret under character `index`, as the AWS CLI shows it.
    fn location(&self, index: usize) -> String {
        let text = self.text();
        let chars: Vec<char> = text.chars().collect();
        let index = index.min(chars.len());
        let before: String = chars[..index].iter().collect();
        let after: String = chars[index..].iter().collect();
        let spaces = match before.rfind('\n') {
            Some(newline) => before[newline + 1..].chars().count(),
            None => index,
        };
        let (consumed, remaining) = match after.find('\n') {
            Some(newline) => (
                format!("{before}{}", &after[..newline]),
                after[newline..].to_owned(),
            ),
            None => (text.clone(), String::new()),
        };
        format!("{consumed}\n{}^{remaining}", " ".repeat(spaces))
    }

    /// Opens a list or an object, refusing one nested deeper than [`MAX_DEPTH`].
    fn open(&mut self, bracket: char) -> Result<(), ShorthandError> {
        self.expect(bracket, true)?;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ShorthandError(format!(
                "Lists and structures are nested more than {MAX_DEPTH} deep for input:\n{}",
                self.location(self.index)
            )));
        }
        Ok(())
    }

    fn syntax_error(&self, expected: &str) -> ShorthandError {
        let actual = self
            .current()
            .map_or_else(|| "EOF".to_owned(), |c| c.to_string());
        ShorthandError(format!(
            "Expected: '{expected}', received: '{actual}' for input:\n{}",
            self.location(self.index)
        ))
    }

    fn expect(&mut self, wanted: char, skip_whitespace: bool) -> Result<(), ShorthandError> {
        if skip_whitespace {
            self.skip_whitespace();
        }
        if self.current() != Some(wanted) {
            return Err(self.syntax_error(&wanted.to_string()));
        }
        self.index += 1;
        if skip_whitespace {
            self.skip_whitespace();
        }
        Ok(())
    }

    fn parameter(&mut self) -> Result<Map<String, Value>, ShorthandError> {
        let mut object = Map::new();
        let (key, value) = self.keyval()?;
        object.insert(key, value);
        let mut last = self.index;
        while !self.at_eof() {
            self.expect(',', true)?;
            let (key, value) = self.keyval()?;
            if object.contains_key(&key) {
                return Err(ShorthandError(format!(
                    "Second instance of key \"{key}\" encountered for input:\n{}\nThis is often because there is a preceding \",\" instead of a space.",
                    self.location(last + 1)
                )));
            }
            object.insert(key, value);
            last = self.index;
        }
        Ok(object)
    }

    fn key(&mut self) -> String {
        let start = self.index;
        while self.current().is_some_and(is_key_char) {
            self.index += 1;
        }
        self.chars[start..self.index].iter().collect()
    }

    /// `key=` or `key@=`.
    fn key_and_equals(&mut self) -> Result<String, ShorthandError> {
        let key = self.key();
        self.skip_whitespace();
        self.resolve_file = false;
        if self.current() == Some('@') {
            self.index += 1;
            self.skip_whitespace();
            self.resolve_file = true;
        }
        self.expect('=', true)?;
        Ok(key)
    }

    fn keyval(&mut self) -> Result<(String, Value), ShorthandError> {
        let key = self.key_and_equals()?;
        let value = self.values()?;
        Ok((key, value))
    }

    fn values(&mut self) -> Result<Value, ShorthandError> {
        match self.current() {
            None => Ok(Value::String(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    /// One value, or a comma list of values where what follows a comma is not `key=`.
    fn csv_value(&mut self) -> Result<Value, ShorthandError> {
        let first = self.first_value()?;
        self.skip_whitespace();
        if self.current() != Some(',') {
            return Ok(first);
        }
        self.expect(',', true)?;
        let mut list = vec![first.clone()];
        loop {
            match self.next_csv_item() {
                Ok((value, last)) => {
                    list.push(value);
                    if last {
                        break;
                    }
                }
                Err(error) => {
                    if self.at_eof() {
                        return Err(error);
                    }
                    // What follows the comma is the next `key=`: give the comma back.
                    self.backtrack_to_comma();
                    break;
                }
            }
        }
        if list.len() == 1 {
            return Ok(first);
        }
        Ok(Value::Array(list))
    }

    /// A further value of a comma list and whether it ends the input.
    fn next_csv_item(&mut self) -> Result<(Value, bool), ShorthandError> {
        let value = self.second_value()?;
        self.skip_whitespace();
        if self.at_eof() {
            return Ok((value, true));
        }
        self.expect(',', true)?;
        Ok((value, false))
    }

    fn backtrack_to_comma(&mut self) {
        while self.index > 0 && self.chars.get(self.index) != Some(&',') {
            self.index -= 1;
        }
    }

    fn first_value(&mut self) -> Result<Value, ShorthandError> {
        match self.current() {
            Some('\'') => self.quoted('\''),
            Some('"') => self.quoted('"'),
            _ => {
                let text = self.unquoted(is_first_follow_char, false)?;
                self.resolved(text)
            }
        }
    }

    fn second_value(&mut self) -> Result<Value, ShorthandError> {
        match self.current() {
            Some('\'') => self.quoted('\''),
            Some('"') => self.quoted('"'),
            _ => {
                let text = self.unquoted(is_second_follow_char, true)?;
                self.resolved(text)
            }
        }
    }

    /// An unquoted value: a start character then follow characters, `\,` standing for a comma;
    /// trailing white space dropped. With `required`, an empty value is a syntax error.
    fn unquoted(
        &mut self,
        follows: fn(char) -> bool,
        required: bool,
    ) -> Result<String, ShorthandError> {
        let start = self.index;
        let mut out = String::new();
        let mut first = true;
        while let Some(c) = self.current() {
            if c == '\\' && self.chars.get(self.index + 1) == Some(&',') {
                out.push(',');
                self.index += 2;
            } else if (first && is_start_char(c)) || (!first && follows(c)) {
                out.push(c);
                self.index += 1;
            } else {
                break;
            }
            first = false;
        }
        if required && self.index == start {
            return Err(self.syntax_error("<second>"));
        }
        Ok(out.trim_end().to_owned())
    }

    /// A quoted value; inside, `\<quote>` and `\\` are unescaped.
    fn quoted(&mut self, quote: char) -> Result<Value, ShorthandError> {
        let start = self.index;
        let name = if quote == '\'' {
            "singled quoted"
        } else {
            "double quoted"
        };
        let mut end = start + 1;
        loop {
            match self.chars.get(end) {
                None => {
                    self.index = start;
                    return Err(self.syntax_error(&format!("<{name}>")));
                }
                Some('\\') if self.chars.get(end + 1) == Some(&quote) => end += 2,
                Some(c) if *c == quote => break,
                Some(_) => end += 1,
            }
        }
        let raw: String = self.chars[start + 1..end].iter().collect();
        self.index = end + 1;
        let text = raw
            .replace(&format!("\\{quote}"), &quote.to_string())
            .replace("\\\\", "\\");
        self.resolved(text)
    }

    /// The value, or for `key@=` the contents of the file it names.
    fn resolved(&self, text: String) -> Result<Value, ShorthandError> {
        if self.resolve_file {
            if let Some(read) = (self.files)(&text) {
                return read.map(Value::String).map_err(ShorthandError);
            }
        }
        Ok(Value::String(text))
    }

    fn explicit_list(&mut self) -> Result<Value, ShorthandError> {
        self.open('[')?;
        let mut items = Vec::new();
        while self.current() != Some(']') {
            if self.at_eof() {
                return Err(self.syntax_error("]"));
            }
            items.push(self.explicit_value()?);
            self.skip_whitespace();
            if self.current() != Some(']') {
                self.expect(',', false)?;
                self.skip_whitespace();
            }
        }
        self.expect(']', false)?;
        self.depth -= 1;
        Ok(Value::Array(items))
    }

    fn explicit_value(&mut self) -> Result<Value, ShorthandError> {
        match self.current() {
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            _ => self.first_value(),
        }
    }

    fn hash_literal(&mut self) -> Result<Value, ShorthandError> {
        self.open('{')?;
        let mut object = Map::new();
        while self.current() != Some('}') {
            if self.at_eof() {
                return Err(self.syntax_error("}"));
            }
            let key = self.key_and_equals()?;
            let value = self.explicit_value()?;
            self.skip_whitespace();
            if self.current() != Some('}') {
                self.expect(',', false)?;
                self.skip_whitespace();
            }
            object.insert(key, value);
        }
        self.expect('}', false)?;
        self.depth -= 1;
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn no_files(_: &str) -> Option<Result<String, String>> {
        None
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = |n: usize| format!("a={}x{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(&deep(MAX_DEPTH), &no_files).is_ok());
        let error = parse(&deep(100_000), &no_files).unwrap_err();
        assert!(
            error
                .0
                .starts_with("Lists and structures are nested more than 128 deep"),
            "{}",
            error.0
        );
        let objects = format!("a={}b=1{}", "{b=".repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH));
        assert!(parse(&objects, &no_files).is_ok());
        let objects = format!(
            "a={}b=1{}",
            "{b=".repeat(MAX_DEPTH + 1),
            "}".repeat(MAX_DEPTH + 1)
        );
        assert!(parse(&objects, &no_files).is_err());
    }

    fn ok(text: &str) -> Value {
        parse(text, &no_files).unwrap_or_else(|e| panic!("{text}: {}", e.0))
    }

    fn error(text: &str) -> String {
        parse(text, &no_files).unwrap_err().0
    }

    #[test]
    fn key_value_pairs_and_comma_lists() {
        assert_eq!(ok("k1=v1,k2=v2"), json!({"k1": "v1", "k2": "v2"}));
        assert_eq!(ok("a=b,c"), json!({"a": ["b", "c"]}));
        assert_eq!(ok("a=b,c,d=e"), json!({"a": ["b", "c"], "d": "e"}));
        assert_eq!(ok("k1 = v1 , k2 = v2 "), json!({"k1": "v1", "k2": "v2"}));
        assert_eq!(ok("a=x=y"), json!({"a": "x=y"}));
        assert_eq!(ok("a="), json!({"a": ""}));
        assert_eq!(ok("a=,b=c"), json!({"a": "", "b": "c"}));
    }

    #[test]
    fn escapes_and_quotes_protect_commas() {
        assert_eq!(ok(r"a=b\,c"), json!({"a": "b,c"}));
        assert_eq!(ok("a='b,c',d=\"e,f\""), json!({"a": "b,c", "d": "e,f"}));
        assert_eq!(
            ok(r"a='it\'s',b='back\\slash'"),
            json!({"a": "it's", "b": "back\\slash"})
        );
        assert_eq!(ok(r#"a="say \"hi\"""#), json!({"a": "say \"hi\""}));
    }

    #[test]
    fn nested_objects_and_lists() {
        assert_eq!(
            ok("connect:ContactExpiry={ValueMap={ExpiryDuration={ValueInteger=135}}}"),
            json!({"connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": "135"}}}})
        );
        assert_eq!(
            ok("k={Value=https://x/a?b=c,Type=URL}"),
            json!({"k": {"Value": "https://x/a?b=c", "Type": "URL"}})
        );
        assert_eq!(
            ok("a=[1,2,[3]],b={}"),
            json!({"a": ["1", "2", ["3"]], "b": {}})
        );
        assert_eq!(ok("a=[]"), json!({"a": []}));
        assert_eq!(
            ok("k.with-odd_chars#/:x=1"),
            json!({"k.with-odd_chars#/:x": "1"})
        );
    }

    #[test]
    fn values_from_files() {
        let files = |text: &str| {
            text.strip_prefix("file://")
                .map(|path| Ok(format!("contents of {path}")))
        };
        assert_eq!(
            parse("a@=file://x.txt,b=file://y", &files).unwrap(),
            json!({"a": "contents of x.txt", "b": "file://y"})
        );
        let failing = |_: &str| Some(Err("Unable to load paramfile file://nope".to_owned()));
        assert!(parse("a@=file://nope", &failing)
            .unwrap_err()
            .0
            .contains("nope"));
    }

    #[test]
    fn errors_show_the_input_and_a_caret() {
        assert_eq!(
            error("a=b,a=c"),
            "Second instance of key \"a\" encountered for input:\na=b,a=c\n    ^\nThis is often because there is a preceding \",\" instead of a space."
        );
        assert_eq!(
            error("abc"),
            "Expected: '=', received: 'EOF' for input:\nabc\n   ^"
        );
        assert_eq!(ok("a=b c"), json!({"a": "b c"}));
        assert_eq!(
            error("a=b,c d=e"),
            "Expected: '=', received: 'd' for input:\na=b,c d=e\n      ^"
        );
        assert!(error("a={b=c").contains("Expected: ',', received: 'EOF'"));
        assert!(error("a='open").contains("singled quoted"));
        // As the AWS CLI's parser, no white space before the first key.
        assert!(error(" k=v").starts_with("Expected: '=', received: 'k'"));
    }
}
