//! Printing a response as the AWS CLI prints it: `json` (four-space indent, in response order),
//! `text` (keys sorted, tab separated), `table` (the operation's name as the title), and `yaml`
//! and `yaml-stream`; with `--query` (JMESPath) applied first.

mod east_asian_width;
mod json;
mod table;
mod text;
mod yaml;

pub use json::json;

use serde_json::{Map, Value};

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Text,
    Table,
    Yaml,
    YamlStream,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        Some(match text {
            "json" => Format::Json,
            "text" => Format::Text,
            "table" => Format::Table,
            "yaml" => Format::Yaml,
            "yaml-stream" => Format::YamlStream,
            _ => return None,
        })
    }
}

/// ANSI styles for table output (`--color`), as the AWS CLI colours tables on a terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colors(pub bool);

impl Colors {
    fn paint(self, style: &str, text: &str) -> String {
        if self.0 && !text.is_empty() {
            format!("\x1b[{style}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn title(self, text: &str) -> String {
        self.paint("1", text)
    }

    fn header(self, text: &str) -> String {
        self.paint("1", text)
    }

    fn cell(self, text: &str) -> String {
        self.paint("1;34", text)
    }

    fn indentation(self, text: &str) -> String {
        self.paint("2;33", text)
    }
}

/// The response (or the query's result) in the format; empty for nothing to print.
pub fn render(value: &Value, format: Format, title: &str) -> String {
    render_colored(value, format, title, Colors(false))
}

/// As [`render`], tables coloured when `colors` says so.
pub fn render_colored(value: &Value, format: Format, title: &str, colors: Colors) -> String {
    match format {
        Format::Json => {
            let mut out = String::new();
            json(value, 0, &mut out);
            out.push('\n');
            out
        }
        Format::Text => {
            let mut out = String::new();
            text::text(value, None, None, &mut out);
            out
        }
        Format::Table => table::table(value, title, colors),
        Format::Yaml => yaml::document(value),
        Format::YamlStream => yaml::document(&Value::Array(vec![value.clone()])),
    }
}

pub(super) fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

pub(super) fn sorted_keys(map: &Map<String, Value>) -> Vec<&String> {
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    keys
}
#[cfg(test)]
mod tests {
    use super::table::width;
    use super::*;

    #[test]
    fn widths_count_wide_fullwidth_and_ambiguous_characters_twice() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("caf\u{e9}"), 5); // é is Ambiguous
        assert_eq!(width("\u{4e2d}\u{6587}"), 4); // 中文
        assert_eq!(width("\u{1f600}"), 2); // 😀
        assert_eq!(width("\u{ff21}"), 2); // fullwidth A
        assert_eq!(width("e\u{301}"), 3); // a combining accent is Ambiguous
        assert_eq!(width("\u{e000}"), 2); // private use is Ambiguous
        assert_eq!(width("\u{a0}"), 1);
    }
    use serde_json::json;

    #[test]
    fn json_is_indented_by_four_in_order() {
        let value = json!({"b": 1, "a": {"x": [1, 2], "y": {}}, "c": "é"});
        assert_eq!(
            render(&value, Format::Json, "T"),
            "{\n    \"b\": 1,\n    \"a\": {\n        \"x\": [\n            1,\n            2\n        ],\n        \"y\": {}\n    },\n    \"c\": \"é\"\n}\n"
        );
    }

    #[test]
    fn text_sorts_keys_and_separates_with_tabs() {
        let value = json!({"ContactId": "c-1", "ContactArn": "arn:x"});
        assert_eq!(render(&value, Format::Text, "T"), "arn:x\tc-1\n");
        let nested = json!({"A": [{"k": 1, "j": true}, {"k": 2}], "B": "x"});
        assert_eq!(
            render(&nested, Format::Text, "T"),
            "x\nA\tTrue\t1\nA\t\t2\n"
        );
    }

    #[test]
    fn colored_tables_keep_their_layout() {
        let value = json!({"ContactId": "c-1"});
        let plain = render(&value, Format::Table, "T");
        let colored = render_colored(&value, Format::Table, "T", Colors(true));
        assert!(colored.contains("\x1b[1;34mc-1\x1b[0m"), "{colored}");
        let stripped = colored
            .replace("\x1b[1;34m", "")
            .replace("\x1b[1m", "")
            .replace("\x1b[0m", "");
        assert_eq!(stripped, plain);
    }

    #[test]
    fn tables_match_the_aws_cli() {
        let value = json!({"ContactId": "c-1", "ContactArn": "arn:aws:connect:us-east-1:1:instance/i/contact/c-1"});
        assert_eq!(
            render(&value, Format::Table, "CreateContact"),
            "---------------------------------------------------------------------\n\
|                           CreateContact                           |\n\
+------------------------------------------------------+------------+\n\
|                      ContactArn                      | ContactId  |\n\
+------------------------------------------------------+------------+\n\
|  arn:aws:connect:us-east-1:1:instance/i/contact/c-1  |  c-1       |\n\
+------------------------------------------------------+------------+\n"
        );
    }
}
