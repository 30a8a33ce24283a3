//! Reading a ruleset from its JSON document, refusing what the engine does not understand
//! (an unknown function among them) when it is read rather than when a request is made.

use super::ast::{Call, Condition, Expr, Function, Parameter, Rule};
use super::{RuleSet, Value};
use crate::endpoint::EndpointError;
use crate::primitives::{Document, Number};
use std::collections::BTreeMap;

pub(super) fn bad(what: impl Into<String>) -> EndpointError {
    EndpointError::new(format!(
        "the endpoint ruleset is malformed: {}",
        what.into()
    ))
}

pub(super) fn field<'d>(object: &'d BTreeMap<String, Document>, key: &str) -> Option<&'d Document> {
    object.get(key)
}

pub(super) fn as_object<'d>(
    document: &'d Document,
    what: &str,
) -> Result<&'d BTreeMap<String, Document>, EndpointError> {
    match document {
        Document::Object(object) => Ok(object),
        _ => Err(bad(format!("{what} must be an object"))),
    }
}

pub(super) fn as_array<'d>(
    document: Option<&'d Document>,
    what: &str,
) -> Result<&'d [Document], EndpointError> {
    match document {
        Some(Document::Array(items)) => Ok(items),
        None => Ok(&[]),
        _ => Err(bad(format!("{what} must be a list"))),
    }
}

pub(super) fn as_text(document: Option<&Document>, what: &str) -> Result<String, EndpointError> {
    match document {
        Some(Document::String(text)) => Ok(text.clone()),
        _ => Err(bad(format!("{what} must be a string"))),
    }
}

impl RuleSet {
    /// Reads a ruleset from a parsed JSON value.
    pub fn from_document(document: &Document) -> Result<RuleSet, EndpointError> {
        let root = as_object(document, "the ruleset")?;
        let mut parameters = Vec::new();
        if let Some(declared) = field(root, "parameters") {
            for (name, parameter) in as_object(declared, "`parameters`")? {
                let parameter = as_object(parameter, name)?;
                let default =
                    match field(parameter, "default") {
                        None => None,
                        Some(value) => Some(literal_value(value).ok_or_else(|| {
                            bad(format!("the default of {name} is not a literal"))
                        })?),
                    };
                parameters.push(Parameter {
                    name: name.clone(),
                    built_in: field(parameter, "builtIn")
                        .map(|b| as_text(Some(b), "builtIn"))
                        .transpose()?,
                    required: matches!(field(parameter, "required"), Some(Document::Bool(true))),
                    default,
                });
            }
        }
        let rules = as_array(field(root, "rules"), "`rules`")?
            .iter()
            .map(rule)
            .collect::<Result<_, _>>()?;
        Ok(RuleSet { parameters, rules })
    }
}

pub(super) fn literal_value(document: &Document) -> Option<Value> {
    Some(match document {
        Document::String(text) => Value::String(text.clone()),
        Document::Bool(value) => Value::Bool(*value),
        Document::Number(Number::PosInt(n)) => Value::Int(i64::try_from(*n).ok()?),
        Document::Number(Number::NegInt(n)) => Value::Int(*n),
        Document::Array(items) => {
            Value::Array(items.iter().map(literal_value).collect::<Option<_>>()?)
        }
        _ => return None,
    })
}

pub(super) fn rule(document: &Document) -> Result<Rule, EndpointError> {
    let object = as_object(document, "a rule")?;
    let conditions = as_array(field(object, "conditions"), "`conditions`")?
        .iter()
        .map(condition)
        .collect::<Result<Vec<_>, _>>()?;
    let kind = as_text(field(object, "type"), "a rule's `type`")?;
    Ok(match kind.as_str() {
        "endpoint" => {
            let endpoint = as_object(
                field(object, "endpoint")
                    .ok_or_else(|| bad("an endpoint rule has no `endpoint`"))?,
                "`endpoint`",
            )?;
            let url = expr(field(endpoint, "url").ok_or_else(|| bad("an endpoint has no `url`"))?)?;
            let mut headers = Vec::new();
            if let Some(declared) = field(endpoint, "headers") {
                for (name, values) in as_object(declared, "`headers`")? {
                    let values = as_array(Some(values), name)?
                        .iter()
                        .map(expr)
                        .collect::<Result<_, _>>()?;
                    headers.push((name.clone(), values));
                }
            }
            let mut properties = Vec::new();
            if let Some(declared) = field(endpoint, "properties") {
                for (name, value) in as_object(declared, "`properties`")? {
                    properties.push((name.clone(), expr(value)?));
                }
            }
            Rule::Endpoint {
                conditions,
                url,
                headers,
                properties,
            }
        }
        "error" => Rule::Error {
            conditions,
            message: expr(
                field(object, "error").ok_or_else(|| bad("an error rule has no `error`"))?,
            )?,
        },
        "tree" => Rule::Tree {
            conditions,
            rules: as_array(field(object, "rules"), "`rules`")?
                .iter()
                .map(rule)
                .collect::<Result<_, _>>()?,
        },
        other => return Err(bad(format!("unknown rule type `{other}`"))),
    })
}

pub(super) fn condition(document: &Document) -> Result<Condition, EndpointError> {
    let object = as_object(document, "a condition")?;
    Ok(Condition {
        call: call(object)?,
        assign: field(object, "assign")
            .map(|a| as_text(Some(a), "`assign`"))
            .transpose()?,
    })
}

pub(super) fn call(object: &BTreeMap<String, Document>) -> Result<Call, EndpointError> {
    let name = as_text(field(object, "fn"), "`fn`")?;
    let function =
        Function::from_name(&name).ok_or_else(|| bad(format!("unknown function `{name}`")))?;
    let argv = as_array(field(object, "argv"), "`argv`")?
        .iter()
        .map(expr)
        .collect::<Result<_, _>>()?;
    Ok(Call { function, argv })
}

pub(super) fn expr(document: &Document) -> Result<Expr, EndpointError> {
    Ok(match document {
        Document::String(text) => Expr::Template(text.clone()),
        Document::Bool(value) => Expr::Bool(*value),
        Document::Number(Number::PosInt(n)) => {
            Expr::Int(i64::try_from(*n).map_err(|_| bad("a number is too large"))?)
        }
        Document::Number(Number::NegInt(n)) => Expr::Int(*n),
        Document::Array(items) => Expr::Array(items.iter().map(expr).collect::<Result<_, _>>()?),
        Document::Object(object) if object.contains_key("ref") => {
            Expr::Ref(as_text(field(object, "ref"), "`ref`")?)
        }
        Document::Object(object) if object.contains_key("fn") => {
            Expr::Call(Box::new(call(object)?))
        }
        Document::Object(object) => Expr::Object(
            object
                .iter()
                .map(|(key, value)| Ok((key.clone(), expr(value)?)))
                .collect::<Result<_, EndpointError>>()?,
        ),
        Document::Null | Document::Number(Number::Float(_)) => {
            return Err(bad(
                "a value must be a string, boolean, integer, list or object",
            ))
        }
    })
}
