//! `--output yaml` and `yaml-stream`: block style, two-space indent, every string that YAML
//! would read as something else quoted.

use serde_json::Value;

/// YAML as the AWS CLI v2 writes it (block style, two-space indent).
pub(super) fn document(value: &Value) -> String {
    let mut out = String::new();
    yaml(value, 0, &mut out);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn yaml(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if map.is_empty() => out.push_str("{}\n"),
        Value::Array(items) if items.is_empty() => out.push_str("[]\n"),
        Value::Object(map) => {
            for (key, item) in map {
                out.push_str(&pad);
                out.push_str(&yaml_scalar(&Value::String(key.clone())));
                out.push(':');
                match item {
                    Value::Object(m) if !m.is_empty() => {
                        out.push('\n');
                        yaml(item, indent + 2, out);
                    }
                    Value::Array(a) if !a.is_empty() => {
                        out.push('\n');
                        yaml(item, indent, out);
                    }
                    _ => {
                        out.push(' ');
                        yaml(item, indent + 2, out);
                    }
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push_str(&pad);
                out.push_str("- ");
                match item {
                    Value::Object(m) if !m.is_empty() => {
                        let mut nested = String::new();
                        yaml(item, indent + 2, &mut nested);
                        out.push_str(nested.trim_start());
                    }
                    Value::Array(a) if !a.is_empty() => {
                        let mut nested = String::new();
                        yaml(item, indent + 2, &mut nested);
                        out.push_str(nested.trim_start());
                    }
                    _ => yaml(item, indent + 2, out),
                }
            }
        }
        scalar => {
            out.push_str(&yaml_scalar(scalar));
            out.push('\n');
        }
    }
}

fn yaml_scalar(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) if n.is_f64() => {
            connect_runtime::json::python_float_repr(n.as_f64().unwrap_or_default())
        }
        Value::Number(n) => n.to_string(),
        Value::String(text) => crate::yaml::string(text),
        _ => String::new(),
    }
}
