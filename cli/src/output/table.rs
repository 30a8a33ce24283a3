//! `--output table`: the AWS CLI's boxed tables, the operation's name as the title, widths
//! measured as its tables measure them, coloured on request.

use super::east_asian_width;
use super::{is_scalar, Colors};
use crate::values::python;
use serde_json::{Map, Value};

/// The width the AWS CLI assumes when the output is not a terminal.
const TABLE_WIDTH: usize = 80;

/// Display width as the AWS CLI's tables measure it: two columns for every character whose East
/// Asian Width is Wide, Fullwidth or Ambiguous (accented Latin letters among them), one for any
/// other.
pub(super) fn width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    let code = c as u32;
    east_asian_width::WIDE
        .binary_search_by(|&(start, end)| {
            if end < code {
                std::cmp::Ordering::Less
            } else if start > code {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

#[derive(Default, Clone)]
struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent: usize,
    max_widths: Vec<usize>,
}

impl Section {
    fn update_widths(&mut self, row: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|t| width(t)).collect();
        } else {
            for (index, cell) in row.iter().enumerate() {
                if let Some(slot) = self.max_widths.get_mut(index) {
                    *slot = (*slot).max(width(cell));
                }
            }
        }
    }

    fn add_headers(&mut self, headers: Vec<String>) {
        self.update_widths(&headers);
        self.headers = headers;
    }

    fn add_row(&mut self, row: Vec<String>) {
        self.update_widths(&row);
        self.rows.push(row);
    }

    fn column_widths(&self, padding: usize, max_width: Option<usize>) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + padding).collect();
        let Some(max_width) = max_width else {
            return unscaled;
        };
        let total: usize = unscaled.iter().sum();
        if total == 0 {
            return unscaled;
        }
        let factor = max_width as f64 / total as f64;
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|w| python_round(factor * *w as f64))
            .collect();
        let mut off_by: i64 = scaled.iter().sum::<i64>() - max_width as i64;
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 {
                (0..scaled.len()).rev().collect()
            } else {
                (0..scaled.len()).collect()
            };
            for index in order {
                if off_by > 0 {
                    scaled[index] -= 1;
                    off_by -= 1;
                } else {
                    scaled[index] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }

    fn total_width(&self) -> usize {
        let columns: usize = self.column_widths(0, None).iter().map(|w| w + 4).sum();
        (width(&self.title) + 2 + 2 * self.indent).max(columns + 2 + 2 * self.indent)
    }
}

/// Python 3's `round()`: halves to even.
fn python_round(value: f64) -> i64 {
    let floor = value.floor();
    let diff = value - floor;
    if (diff - 0.5).abs() < 1e-12 {
        if (floor as i64) % 2 == 0 {
            floor as i64
        } else {
            floor as i64 + 1
        }
    } else {
        value.round() as i64
    }
}

struct Table {
    sections: Vec<Section>,
}

impl Table {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    fn new_section(&mut self, title: &str, indent: usize) {
        self.sections.push(Section {
            title: title.to_owned(),
            indent,
            ..Section::default()
        });
    }

    fn build(&mut self, title: Option<&str>, value: &Value, indent: usize) -> bool {
        let empty = match value {
            Value::Null => true,
            Value::Bool(b) => !b,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            Value::Number(n) => n.as_f64() == Some(0.0),
        };
        if empty {
            return false;
        }
        if let Some(title) = title {
            self.new_section(title, indent);
        }
        match value {
            Value::Array(items) => {
                if items[0].is_object() {
                    self.add_list(items, indent, title);
                } else {
                    for item in items {
                        match item {
                            Value::Array(inner) if inner.iter().all(is_scalar) => {
                                self.current().add_row(inner.iter().map(python).collect())
                            }
                            other if is_scalar(other) => {
                                self.current().add_row(vec![python(other)])
                            }
                            other => {
                                self.build(None, other, 0);
                            }
                        }
                    }
                }
            }
            Value::Object(map) => self.add_dict(map, indent),
            _ => {}
        }
        true
    }

    fn group(map: &Map<String, Value>) -> (Vec<String>, Vec<String>) {
        let mut headers = Vec::new();
        let mut more = Vec::new();
        for (key, item) in map {
            if is_scalar(item) {
                headers.push(key.clone());
            } else {
                more.push(key.clone());
            }
        }
        headers.sort();
        more.sort();
        (headers, more)
    }

    fn add_dict(&mut self, map: &Map<String, Value>, indent: usize) {
        let (headers, more) = Table::group(map);
        if headers.len() == 1 {
            let value = python(&map[headers[0].as_str()]);
            self.current().add_row(vec![headers[0].clone(), value]);
        } else if !headers.is_empty() {
            let row = headers.iter().map(|h| python(&map[h.as_str()])).collect();
            self.current().add_headers(headers);
            self.current().add_row(row);
        }
        for key in more {
            self.build(Some(&key), &map[key.as_str()], indent + 1);
        }
    }

    fn add_list(&mut self, items: &[Value], indent: usize, title: Option<&str>) {
        let mut headers = Vec::new();
        let mut more = Vec::new();
        for item in items.iter().filter_map(Value::as_object) {
            let (h, m) = Table::group(item);
            headers.extend(h);
            more.extend(m);
        }
        headers.sort();
        headers.dedup();
        more.sort();
        more.dedup();
        self.current().add_headers(headers.clone());
        let mut first = true;
        for item in items {
            let Some(element) = item.as_object() else {
                continue;
            };
            if !first && !more.is_empty() {
                self.new_section(title.unwrap_or_default(), indent);
                self.current().add_headers(headers.clone());
            }
            first = false;
            let row = headers
                .iter()
                .map(|h| element.get(h).map(python).unwrap_or_default())
                .collect();
            self.current().add_row(row);
            for key in &more {
                if let Some(inner) = element.get(key) {
                    self.build(Some(key), inner, indent + 1);
                }
            }
        }
    }

    fn max_width(&self) -> usize {
        self.sections
            .iter()
            .map(Section::total_width)
            .max()
            .unwrap_or(0)
    }

    fn render(mut self, colors: Colors) -> String {
        let mut max_width = self.max_width();
        if max_width > TABLE_WIDTH {
            for section in &mut self.sections {
                if section.rows.len() == 1 && !section.headers.is_empty() {
                    let mut vertical = Section {
                        title: section.title.clone(),
                        indent: section.indent,
                        ..Section::default()
                    };
                    for (header, cell) in section.headers.iter().zip(&section.rows[0]) {
                        vertical.add_row(vec![header.clone(), cell.clone()]);
                    }
                    *section = vertical;
                }
            }
            max_width = self.max_width();
        }
        let mut out = format!("{}\n", "-".repeat(max_width));
        for section in &self.sections {
            let bar = colors.indentation(&"|".repeat(section.indent));
            let inner = max_width - section.indent * 2;
            let mut line = |text: String| {
                out.push_str(&bar);
                out.push_str(&text);
                out.push_str(&bar);
                out.push('\n');
            };
            if !section.title.is_empty() {
                line(center(&section.title, inner, colors));
                if section.headers.is_empty() && section.rows.is_empty() {
                    line(format!("+{}+", "-".repeat(inner - 2)));
                }
            }
            let widths = section.column_widths(4, Some(inner));
            let rule = || {
                let mut parts = String::new();
                for (index, w) in widths.iter().enumerate() {
                    if index == 0 {
                        parts.push_str(&format!("+{}+", "-".repeat(w.saturating_sub(2))));
                    } else {
                        parts.push_str(&format!("{}+", "-".repeat(w.saturating_sub(1))));
                    }
                }
                parts
            };
            if !section.headers.is_empty() {
                line(rule());
                let mut text = String::new();
                for (index, (w, header)) in widths.iter().zip(&section.headers).enumerate() {
                    text.push_str(&center_cell(header, *w, index == 0, |t| colors.header(t)));
                }
                line(text);
            }
            if !section.rows.is_empty() && !widths.is_empty() {
                line(rule());
                for row in &section.rows {
                    let mut text = String::new();
                    for (index, (w, cell)) in widths.iter().zip(row).enumerate() {
                        text.push_str(&left_cell(cell, *w, index == 0, colors));
                    }
                    line(text);
                }
                line(rule());
            }
        }
        out
    }
}

/// `|` + the title centred + `|`, `length` wide.
fn center(text: &str, length: usize, colors: Colors) -> String {
    center_cell(text, length, true, |t| colors.title(t))
}

/// A cell with `text` centred; widths count the text before it is styled.
fn center_cell(text: &str, length: usize, first: bool, style: impl Fn(&str) -> String) -> String {
    let left = if first { "|" } else { "" };
    let start = (length / 2).saturating_sub(width(text) / 2 + 1);
    let so_far = left.len() + start + width(text);
    let right = length.saturating_sub(1 + so_far);
    format!(
        "{left}{}{}{}|",
        " ".repeat(start),
        style(text),
        " ".repeat(right)
    )
}

fn left_cell(text: &str, length: usize, first: bool, colors: Colors) -> String {
    let left = if first { "|" } else { "" };
    let needed = width(text) + 2 + left.len() + 1;
    let padding = if length >= needed { 2 } else { 0 };
    let so_far = left.len() + padding + width(text);
    let right = length.saturating_sub(so_far + 1);
    format!(
        "{left}{}{}{}|",
        " ".repeat(padding),
        colors.cell(text),
        " ".repeat(right)
    )
}

pub(super) fn table(value: &Value, title: &str, colors: Colors) -> String {
    let mut table = Table {
        sections: Vec::new(),
    };
    if table.build(Some(title), value, 0) {
        table.render(colors)
    } else {
        String::new()
    }
}
