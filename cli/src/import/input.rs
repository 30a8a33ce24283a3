//! Reading the records: JSON Lines or CSV into CreateContact input values, each with the line it
//! starts on. CSV columns are resolved against the input shape of the tables once, from the
//! header; cells are typed by the shape they fill.

use super::options::InputFormat;
use crate::commands::SHAPES;
use crate::model::{Kind, Member, Shape};
use serde_json::{Map, Number, Value};

/// One record of the input.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Position among the input's records, from 1 (blank lines do not count).
    pub number: usize,
    /// The line the record starts on, from 1.
    pub line: usize,
    pub value: Map<String, Value>,
}

/// A record that cannot be read or fails its checks.
#[derive(Clone, Debug, PartialEq)]
pub struct BadRecord {
    pub number: usize,
    pub line: usize,
    pub message: String,
}

/// What the input holds: the records read, and those that could not be.
#[derive(Debug, Default)]
pub struct Records {
    pub good: Vec<Record>,
    pub bad: Vec<BadRecord>,
}

/// Reads every record of `text`. A CSV header that names no member is an error for the whole
/// input (`Err`, naming the column); anything wrong with one record is that record's problem.
pub fn read(text: &str, format: InputFormat, input: &Shape) -> Result<Records, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match format {
        InputFormat::JsonLines => Ok(json_lines(text)),
        InputFormat::Csv => csv(text, input),
    }
}

fn json_lines(text: &str) -> Records {
    let mut records = Records::default();
    let mut number = 0;
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        number += 1;
        let line_number = index + 1;
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(value)) => records.good.push(Record {
                number,
                line: line_number,
                value,
            }),
            Ok(other) => records.bad.push(BadRecord {
                number,
                line: line_number,
                message: format!("expected a JSON object, found {}", kind_word(&other)),
            }),
            Err(error) => records.bad.push(BadRecord {
                number,
                line: line_number,
                message: format!("invalid JSON: {error}"),
            }),
        }
    }
    records
}

fn kind_word(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Where a CSV column's cells go.
#[derive(Clone)]
enum Column {
    /// A member of the input.
    Member(&'static Member),
    /// `Attributes.<key>`: an entry of a map member whose values are scalars.
    Entry(&'static Member, String),
    /// `References.<key>.Value`: a member of a structure held by a map member.
    EntryField(&'static Member, String, &'static Member),
}

impl Column {
    fn parse(header: &str, input: &Shape) -> Result<Column, String> {
        let members = input.kind.members();
        let find = |members: &'static [Member], name: &str| members.iter().find(|m| m.name == name);
        let mut parts = header.splitn(2, '.');
        let name = parts.next().unwrap_or_default().trim();
        let member = find(members, name)
            .ok_or_else(|| format!("column `{header}`: the input has no member {name}"))?;
        let Some(rest) = parts.next() else {
            return Ok(Column::Member(member));
        };
        let Kind::Map { value, .. } = SHAPES[member.shape].kind else {
            return Err(format!(
                "column `{header}`: {name} is not a map, so it takes no key after a dot (give it as JSON in a `{name}` column)"
            ));
        };
        let value_shape = &SHAPES[value];
        match &value_shape.kind {
            Kind::Structure { members } => {
                let (key, field) = rest.rsplit_once('.').ok_or_else(|| {
                    format!("column `{header}`: {name} holds structures; name a member after the key (`{name}.<key>.<member>`)")
                })?;
                let field = find(members, field).ok_or_else(|| {
                    format!("column `{header}`: {} has no member {field}", value_shape.name)
                })?;
                Ok(Column::EntryField(member, key.to_owned(), field))
            }
            kind if is_scalar(kind) => Ok(Column::Entry(member, rest.to_owned())),
            _ => Err(format!(
                "column `{header}`: the values of {name} cannot be written in one cell; give {name} as JSON in a `{name}` column"
            )),
        }
    }
}

fn is_scalar(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::String { .. }
            | Kind::Integer { .. }
            | Kind::Float { .. }
            | Kind::Boolean
            | Kind::Timestamp
    )
}

/// The JSON value of one cell for a shape: scalars by their type, everything else as JSON text.
fn cell_value(shape: &Shape, text: &str) -> Result<Value, String> {
    match &shape.kind {
        Kind::String { .. } | Kind::Timestamp | Kind::Blob { .. } => {
            Ok(Value::String(text.to_owned()))
        }
        Kind::Integer { .. } => text
            .trim()
            .parse::<i64>()
            .map(|n| Value::Number(n.into()))
            .map_err(|_| format!("`{text}` is not a whole number")),
        Kind::Float { .. } => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("`{text}` is not a number")),
        Kind::Boolean => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("`{text}` is not true or false")),
        },
        _ => serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}")),
    }
}

fn csv(text: &str, input: &Shape) -> Result<Records, String> {
    let mut rows = CsvRows::new(text);
    let header = match rows.next() {
        Some(Ok((_, header))) => header,
        Some(Err((line, message))) => return Err(format!("line {line}: {message}")),
        None => return Ok(Records::default()),
    };
    let columns = header
        .iter()
        .map(|name| Column::parse(name, input))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|message| format!("line 1: {message}"))?;
    let mut records = Records::default();
    let mut number = 0;
    for row in rows {
        let (line, cells) = match row {
            Ok(row) => row,
            Err((line, message)) => {
                number += 1;
                records.bad.push(BadRecord {
                    number,
                    line,
                    message,
                });
                break;
            }
        };
        if cells.len() == 1 && cells[0].is_empty() {
            continue;
        }
        number += 1;
        if cells.len() != columns.len() {
            records.bad.push(BadRecord {
                number,
                line,
                message: format!(
                    "{} fields where the header has {}",
                    cells.len(),
                    columns.len()
                ),
            });
            continue;
        }
        match csv_record(&columns, &header, &cells) {
            Ok(value) => records.good.push(Record {
                number,
                line,
                value,
            }),
            Err(message) => records.bad.push(BadRecord {
                number,
                line,
                message,
            }),
        }
    }
    Ok(records)
}

fn csv_record(
    columns: &[Column],
    header: &[String],
    cells: &[String],
) -> Result<Map<String, Value>, String> {
    let mut value = Map::new();
    // Map members built from `Member.key` columns, added once every cell is read.
    let mut maps: Vec<(&'static str, Map<String, Value>)> = Vec::new();
    fn map_of<'m>(
        maps: &'m mut Vec<(&'static str, Map<String, Value>)>,
        name: &'static str,
    ) -> &'m mut Map<String, Value> {
        let index = match maps.iter().position(|(n, _)| *n == name) {
            Some(index) => index,
            None => {
                maps.push((name, Map::new()));
                maps.len() - 1
            }
        };
        &mut maps[index].1
    }
    for ((column, name), cell) in columns.iter().zip(header).zip(cells) {
        if cell.is_empty() {
            continue;
        }
        let problem = |message: String| format!("column `{name}`: {message}");
        match column {
            Column::Member(member) => {
                let item = cell_value(&SHAPES[member.shape], cell).map_err(problem)?;
                value.insert(member.name.to_owned(), item);
            }
            Column::Entry(member, key) => {
                let Kind::Map { value: shape, .. } = SHAPES[member.shape].kind else {
                    continue;
                };
                let item = cell_value(&SHAPES[shape], cell).map_err(problem)?;
                map_of(&mut maps, member.name).insert(key.clone(), item);
            }
            Column::EntryField(member, key, field) => {
                let item = cell_value(&SHAPES[field.shape], cell).map_err(problem)?;
                let entry = map_of(&mut maps, member.name)
                    .entry(key.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(entry) = entry {
                    entry.insert(field.name.to_owned(), item);
                }
            }
        }
    }
    for (name, map) in maps {
        if value.contains_key(name) {
            return Err(format!(
                "{name} is given both whole (a `{name}` column) and by key (`{name}.` columns)"
            ));
        }
        value.insert(name.to_owned(), Value::Object(map));
    }
    Ok(value)
}

/// CSV rows (RFC 4180: quoted fields with doubled quotes, line breaks inside quotes, CRLF or LF),
/// each with the line it starts on. An unterminated quote is an error at its row's line.
struct CsvRows<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: usize,
    done: bool,
}

impl<'a> CsvRows<'a> {
    fn new(text: &'a str) -> Self {
        CsvRows {
            chars: text.chars().peekable(),
            line: 1,
            done: false,
        }
    }
}

impl Iterator for CsvRows<'_> {
    type Item = Result<(usize, Vec<String>), (usize, String)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.chars.peek().is_none() {
            return None;
        }
        let start = self.line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut at_field_start = true;
        loop {
            let Some(c) = self.chars.next() else {
                if quoted {
                    self.done = true;
                    return Some(Err((start, "a quoted field is not closed".to_owned())));
                }
                fields.push(field);
                return Some(Ok((start, fields)));
            };
            if quoted {
                match c {
                    '"' if self.chars.peek() == Some(&'"') => {
                        self.chars.next();
                        field.push('"');
                    }
                    '"' => quoted = false,
                    '\n' => {
                        self.line += 1;
                        field.push('\n');
                    }
                    other => field.push(other),
                }
                continue;
            }
            match c {
                '"' if at_field_start => {
                    quoted = true;
                    at_field_start = false;
                }
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    at_field_start = true;
                }
                '\r' if self.chars.peek() == Some(&'\n') => {}
                '\n' => {
                    self.line += 1;
                    fields.push(field);
                    return Some(Ok((start, fields)));
                }
                other => {
                    field.push(other);
                    at_field_start = false;
                }
            }
        }
    }
}

/// The input shape of the operation records become.
pub fn input_shape() -> Result<&'static Shape, String> {
    Ok(&SHAPES[super::options::operation()?.input])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(usize, Vec<String>)> {
        CsvRows::new(text).map(|r| r.unwrap()).collect()
    }

    #[test]
    fn csv_rows_follow_rfc_4180() {
        let got = rows("a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\nlast,\n");
        assert_eq!(got[0], (1, vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(
            got[1],
            (2, vec!["x, \"y\"".to_owned(), "two\nlines".to_owned()])
        );
        assert_eq!(got[2], (4, vec!["last".to_owned(), String::new()]));
        let open: Vec<_> = CsvRows::new("a\n\"never closed\n").collect();
        assert_eq!(open[1], Err((2, "a quoted field is not closed".to_owned())));
    }

    #[test]
    fn csv_columns_fill_members_maps_and_map_structures() {
        let input = input_shape().unwrap();
        let text = "Name,Channel,ExpiryDurationInMinutes,Attributes.team,References.doc.Value,References.doc.Type\nn1,TASK,60,blue,https://x,URL\n";
        let records = read(text, InputFormat::Csv, input).unwrap();
        assert!(records.bad.is_empty(), "{:?}", records.bad);
        let value = Value::Object(records.good[0].value.clone());
        assert_eq!(value["Name"], "n1");
        assert_eq!(value["ExpiryDurationInMinutes"], 60);
        assert_eq!(value["Attributes"]["team"], "blue");
        assert_eq!(value["References"]["doc"]["Type"], "URL");
        let bad = read("Nope\nx\n", InputFormat::Csv, input).unwrap_err();
        assert!(bad.contains("column `Nope`"), "{bad}");
        let typed = read("ExpiryDurationInMinutes\nsoon\n", InputFormat::Csv, input).unwrap();
        assert_eq!(typed.bad[0].line, 2);
        assert!(typed.bad[0].message.contains("not a whole number"));
    }

    #[test]
    fn json_lines_keep_numbers_and_lines() {
        let records = json_lines("{\"Name\":\"a\"}\n\n[1]\n{oops\n{\"Name\":\"b\"}\n");
        assert_eq!(records.good.len(), 2);
        assert_eq!((records.good[1].number, records.good[1].line), (4, 5));
        assert_eq!((records.bad[0].number, records.bad[0].line), (2, 3));
        assert_eq!(records.bad[1].line, 4);
    }
}
