//! `--query`: a JMESPath expression applied to the response. Objects in the result keep the order
//! the AWS CLI prints them in: a multi-select hash's keys in the expression's order, the
//! response's keys in the response's order.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// How many operators and brackets an expression may hold. The JMESPath crate parses, prints and
/// evaluates its syntax tree recursively, so the tree's depth (which these bound) must stay
/// within what a thread's stack holds.
const MAX_OPERATORS: usize = 256;

/// The expression, compiled, or the AWS CLI's message for one that does not parse.
pub fn compile(expression: &str) -> Result<jmespath::Expression<'static>, String> {
    if operators(expression) > MAX_OPERATORS {
        return Err(format!(
            "Bad value for --query {expression}: more than {MAX_OPERATORS} operators and brackets"
        ));
    }
    jmespath::compile(expression)
        .map_err(|error| format!("Bad value for --query {expression}: {error}"))
}

/// Operators and opening brackets outside quoted identifiers, literals and raw strings.
fn operators(expression: &str) -> usize {
    let mut count = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in expression.chars() {
        match quote {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(open) if c == open => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None if matches!(c, '.' | '[' | '(' | '{' | '!' | '|' | '&' | '<' | '>' | '=') => {
                count += 1
            }
            None => {}
        }
    }
    count
}

/// The expression's result on the response.
pub fn search(expression: &str, response: &Value) -> Result<Value, String> {
    let compiled = compile(expression)?;
    let result = compiled
        .search(response)
        .map_err(|error| format!("Bad value for --query {expression}: {error}"))?;
    let value = serde_json::to_value(&*result).map_err(|error| error.to_string())?;
    let mut ranks = BTreeMap::new();
    hash_keys(&format!("{:?}", compiled.as_ast()), &mut ranks);
    response_keys(response, &mut ranks);
    Ok(ordered(value, &ranks))
}

/// The keys of the expression's multi-select hashes, in the order the expression writes them.
fn hash_keys(ast: &str, ranks: &mut BTreeMap<String, usize>) {
    const MARK: &str = "KeyValuePair { key: ";
    let mut rest = ast;
    while let Some(found) = rest.find(MARK) {
        rest = &rest[found + MARK.len()..];
        let Some(quoted) = rest.strip_prefix('"') else {
            continue;
        };
        let mut key = String::new();
        let mut chars = quoted.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(next) = chars.next() {
                        key.push(next);
                    }
                }
                '"' => break,
                c => key.push(c),
            }
        }
        let next = ranks.len();
        ranks.entry(key).or_insert(next);
    }
}

/// The response's keys, each at its first appearance.
fn response_keys(value: &Value, ranks: &mut BTreeMap<String, usize>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                let next = ranks.len();
                ranks.entry(key.clone()).or_insert(next);
                response_keys(item, ranks);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| response_keys(item, ranks)),
        _ => {}
    }
}

fn ordered(value: Value, ranks: &BTreeMap<String, usize>) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|(a, _), (b, _)| {
                let rank = |k: &String| ranks.get(k).copied().unwrap_or(usize::MAX);
                rank(a).cmp(&rank(b)).then_with(|| a.cmp(b))
            });
            let mut out = Map::new();
            for (key, item) in entries {
                out.insert(key, ordered(item, ranks));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(|v| ordered(v, ranks)).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn results_keep_the_order_the_aws_cli_prints() {
        let response = json!({"ContactId": "c", "ContactArn": "a"});
        let whole = search("@", &response).unwrap();
        assert_eq!(
            whole.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["ContactId", "ContactArn"]
        );
        let hash = search("{z: ContactId, a: ContactArn}", &response).unwrap();
        assert_eq!(
            hash.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["z", "a"]
        );
        assert_eq!(search("ContactId", &response).unwrap(), json!("c"));
        assert!(search("[", &response).is_err());
    }

    #[test]
    fn deeply_nested_expressions_are_refused_before_parsing() {
        assert!(compile("a.b[0].c").is_ok());
        assert!(compile(&format!("{}a{}", "(".repeat(256), ")".repeat(256))).is_ok());
        for deep in [
            format!("{}a{}", "(".repeat(100_000), ")".repeat(100_000)),
            "a.".repeat(10_000) + "a",
            "!".repeat(10_000) + "a",
            "[".repeat(10_000),
        ] {
            let error = compile(&deep).err().unwrap_or_default();
            assert!(
                error.ends_with("more than 256 operators and brackets"),
                "{}",
                &error[error.len().saturating_sub(80)..]
            );
        }
        // Quoted text does not count.
        assert!(compile(&format!("\"{}\"", ".".repeat(1000))).is_ok());
    }
}
