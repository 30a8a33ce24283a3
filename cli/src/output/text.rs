//! `--output text`: a dict's scalars on one line (keys sorted, tab separated), then its lists and
//! dicts, each line led by the upper-cased key it came from.

use super::{is_scalar, sorted_keys};
use crate::values::python;
use serde_json::Value;

/// The text format: a line of a dict's scalars (keys sorted), then its lists and dicts, each
/// line led by the upper-cased key it came from.
pub(super) fn text(
    value: &Value,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
    out: &mut String,
) {
    match value {
        Value::Object(map) => {
            let mut scalars = Vec::new();
            let mut others = Vec::new();
            match scalar_keys {
                None => {
                    for key in sorted_keys(map) {
                        let item = &map[key.as_str()];
                        if is_scalar(item) {
                            scalars.push(python(item));
                        } else {
                            others.push((key.clone(), item));
                        }
                    }
                }
                Some(keys) => {
                    for key in keys {
                        scalars.push(map.get(key).map(python).unwrap_or_default());
                    }
                    for key in sorted_keys(map) {
                        if !keys.contains(key) {
                            others.push((key.clone(), &map[key.as_str()]));
                        }
                    }
                }
            }
            if !scalars.is_empty() {
                if let Some(identifier) = identifier {
                    scalars.insert(0, identifier.to_uppercase());
                }
                out.push_str(&scalars.join("\t"));
                out.push('\n');
            }
            for (key, item) in others {
                text(item, Some(&key), None, out);
            }
        }
        Value::Array(items) => {
            if items.is_empty() {
                return;
            }
            if items.iter().any(Value::is_object) {
                let mut keys: Vec<String> = items
                    .iter()
                    .filter_map(Value::as_object)
                    .flat_map(|m| {
                        m.iter()
                            .filter(|(_, v)| is_scalar(v))
                            .map(|(k, _)| k.clone())
                    })
                    .collect();
                keys.sort();
                keys.dedup();
                for item in items {
                    text(item, identifier, Some(&keys), out);
                }
            } else if items.iter().any(Value::is_array) {
                let scalars: Vec<&Value> = items.iter().filter(|v| is_scalar(v)).collect();
                if !scalars.is_empty() {
                    scalar_list(&scalars, identifier, out);
                }
                for item in items.iter().filter(|v| !is_scalar(v)) {
                    text(item, identifier, None, out);
                }
            } else {
                let all: Vec<&Value> = items.iter().collect();
                scalar_list(&all, identifier, out);
            }
        }
        scalar => {
            out.push_str(&python(scalar));
            out.push('\n');
        }
    }
}

fn scalar_list(items: &[&Value], identifier: Option<&str>, out: &mut String) {
    match identifier {
        Some(identifier) => {
            for item in items {
                out.push_str(&format!(
                    "{}\t{}\n",
                    identifier.to_uppercase(),
                    python(item)
                ));
            }
        }
        None => {
            let line: Vec<String> = items.iter().map(|v| python(v)).collect();
            out.push_str(&line.join("\t"));
            out.push('\n');
        }
    }
}
