//! Evaluating the rules for a scope of parameter values: conditions in order (each may bind a
//! name), the first rule that holds decides, templates filled from the scope.

use super::ast::{Condition, Expr, Rule};
use super::functions::{apply, get_attr};
use super::parser::bad;
use super::{ResolvedEndpoint, Value};
use crate::endpoint::EndpointError;
use std::collections::BTreeMap;

pub(super) type Scope = BTreeMap<String, Value>;

pub(super) fn evaluate_rules(
    rules: &[Rule],
    scope: &mut Scope,
) -> Result<Option<ResolvedEndpoint>, EndpointError> {
    for rule in rules {
        let (conditions, outcome) = match rule {
            Rule::Endpoint { conditions, .. }
            | Rule::Error { conditions, .. }
            | Rule::Tree { conditions, .. } => (conditions, rule),
        };
        let mut local = scope.clone();
        if !conditions_hold(conditions, &mut local)? {
            continue;
        }
        match outcome {
            Rule::Endpoint {
                url,
                headers,
                properties,
                ..
            } => {
                let url = text_of(evaluate(url, &local)?, "an endpoint URL")?;
                let mut resolved_headers = Vec::new();
                for (name, values) in headers {
                    let values = values
                        .iter()
                        .map(|v| text_of(evaluate(v, &local)?, "a header value"))
                        .collect::<Result<_, _>>()?;
                    resolved_headers.push((name.clone(), values));
                }
                let mut resolved_properties = BTreeMap::new();
                for (name, value) in properties {
                    if let Some(value) = evaluate(value, &local)? {
                        resolved_properties.insert(name.clone(), value);
                    }
                }
                return Ok(Some(ResolvedEndpoint {
                    url,
                    headers: resolved_headers,
                    properties: resolved_properties,
                }));
            }
            Rule::Error { message, .. } => {
                return Err(EndpointError::new(text_of(
                    evaluate(message, &local)?,
                    "an error message",
                )?))
            }
            Rule::Tree { rules, .. } => {
                // A tree whose conditions hold is final: if none of its rules match, nothing does.
                return match evaluate_rules(rules, &mut local)? {
                    Some(endpoint) => Ok(Some(endpoint)),
                    None => Err(EndpointError::new(
                        "no endpoint rule matched the configuration",
                    )),
                };
            }
        }
    }
    Ok(None)
}

pub(super) fn conditions_hold(
    conditions: &[Condition],
    scope: &mut Scope,
) -> Result<bool, EndpointError> {
    for condition in conditions {
        let value = apply(&condition.call, scope)?;
        match value {
            None | Some(Value::Bool(false)) => return Ok(false),
            Some(value) => {
                if let Some(name) = &condition.assign {
                    scope.insert(name.clone(), value);
                }
            }
        }
    }
    Ok(true)
}

pub(super) fn text_of(value: Option<Value>, what: &str) -> Result<String, EndpointError> {
    match value {
        Some(Value::String(text)) => Ok(text),
        _ => Err(EndpointError::new(format!(
            "{what} did not evaluate to a string"
        ))),
    }
}

pub(super) fn evaluate(expr: &Expr, scope: &Scope) -> Result<Option<Value>, EndpointError> {
    Ok(match expr {
        Expr::Template(text) => Some(Value::String(fill_template(text, scope)?)),
        Expr::Bool(value) => Some(Value::Bool(*value)),
        Expr::Int(value) => Some(Value::Int(*value)),
        Expr::Array(items) => Some(Value::Array(
            items
                .iter()
                .filter_map(|item| evaluate(item, scope).transpose())
                .collect::<Result<_, _>>()?,
        )),
        Expr::Object(entries) => {
            let mut object = BTreeMap::new();
            for (key, value) in entries {
                if let Some(value) = evaluate(value, scope)? {
                    object.insert(key.clone(), value);
                }
            }
            Some(Value::Object(object))
        }
        Expr::Ref(name) => scope.get(name).cloned(),
        Expr::Call(call) => apply(call, scope)?,
    })
}

/// Fills `{Name}` and `{Name#path}` from the scope; `{{` and `}}` stand for braces.
pub(super) fn fill_template(text: &str, scope: &Scope) -> Result<String, EndpointError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(index) = rest.find(['{', '}']) {
        out.push_str(&rest[..index]);
        let after = &rest[index..];
        if after.starts_with("{{") || after.starts_with("}}") {
            out.push_str(&after[..1]);
            rest = &after[2..];
            continue;
        }
        if after.starts_with('}') {
            return Err(bad(format!("unbalanced `}}` in `{text}`")));
        }
        let close = after
            .find('}')
            .ok_or_else(|| bad(format!("unclosed `{{` in `{text}`")))?;
        let reference = &after[1..close];
        let (name, path) = match reference.split_once('#') {
            Some((name, path)) => (name, Some(path)),
            None => (reference, None),
        };
        let value = scope.get(name);
        let value = match path {
            Some(path) => value.and_then(|v| get_attr(v, path)),
            None => value.cloned(),
        };
        match value {
            Some(Value::String(text)) => out.push_str(&text),
            Some(Value::Int(n)) => out.push_str(&n.to_string()),
            Some(Value::Bool(b)) => out.push_str(if b { "true" } else { "false" }),
            _ => {
                return Err(EndpointError::new(format!(
                    "the endpoint template `{text}` refers to {reference}, which is not set"
                )))
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}
