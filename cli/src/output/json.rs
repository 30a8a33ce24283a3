//! `--output json`: Python's `json.dumps(indent=4, ensure_ascii=False)`, in response order.

use serde_json::Value;

/// JSON as Python's `json.dumps(indent=4, ensure_ascii=False)` writes it.
pub fn json(value: &Value, depth: usize, out: &mut String) {
    let pad = |depth: usize| "    ".repeat(depth);
    match value {
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) => {
            out.push_str("{\n");
            for (index, (key, item)) in map.iter().enumerate() {
                if index > 0 {
                    out.push_str(",\n");
                }
                out.push_str(&pad(depth + 1));
                out.push_str(&serde_json::to_string(key).unwrap_or_default());
                out.push_str(": ");
                json(item, depth + 1, out);
            }
            out.push('\n');
            out.push_str(&pad(depth));
            out.push('}');
        }
        Value::Array(items) => {
            out.push_str("[\n");
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(",\n");
                }
                out.push_str(&pad(depth + 1));
                json(item, depth + 1, out);
            }
            out.push('\n');
            out.push_str(&pad(depth));
            out.push(']');
        }
        Value::Number(n) if n.is_f64() => out.push_str(&connect_runtime::json::python_float_repr(
            n.as_f64().unwrap_or_default(),
        )),
        scalar => out.push_str(&scalar.to_string()),
    }
}
