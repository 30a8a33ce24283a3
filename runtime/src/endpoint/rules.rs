//! Smithy's endpoint rules language (`smithy.rules#endpointRuleSet`, version 1.x): a ruleset read
//! from its JSON form and evaluated for a set of parameters.
//!
//! Every standard function is understood: `isSet`, `not`, `booleanEquals`, `stringEquals`,
//! `getAttr`, `substring`, `uriEncode`, `parseURL`, `isValidHostLabel`, `aws.partition`,
//! `aws.parseArn` and `aws.isVirtualHostableS3Bucket`. A ruleset naming any other function is
//! refused when it is read, not when a request is made.

use super::partition::partition;
use super::EndpointError;
use crate::json::JsonReader;
use crate::primitives::{Document, Number};
use crate::protocol::read_document;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

/// A value that rules compute with.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    String(String),
    Bool(bool),
    Int(i64),
    Array(Vec<Value>),
    Object(BTreeMap<String, Value>),
}

/// An endpoint the rules chose.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedEndpoint {
    pub url: String,
    /// Headers to send to this endpoint, each with its values.
    pub headers: Vec<(String, Vec<String>)>,
    /// Properties such as `authSchemes` (the signing name and region to use).
    pub properties: BTreeMap<String, Value>,
}

impl ResolvedEndpoint {
    /// The SigV4 signing name and region the endpoint's first `sigv4` auth scheme asks for.
    pub fn sigv4_overrides(&self) -> (Option<&str>, Option<&str>) {
        let Some(Value::Array(schemes)) = self.properties.get("authSchemes") else {
            return (None, None);
        };
        for scheme in schemes {
            let Value::Object(scheme) = scheme else {
                continue;
            };
            if scheme.get("name") != Some(&Value::String("sigv4".to_owned())) {
                continue;
            }
            let text = |key: &str| match scheme.get(key) {
                Some(Value::String(text)) => Some(text.as_str()),
                _ => None,
            };
            return (text("signingName"), text("signingRegion"));
        }
        (None, None)
    }
}

/// A parsed ruleset.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleSet {
    parameters: Vec<Parameter>,
    rules: Vec<Rule>,
}

#[derive(Clone, Debug, PartialEq)]
struct Parameter {
    name: String,
    built_in: Option<String>,
    required: bool,
    default: Option<Value>,
}

#[derive(Clone, Debug, PartialEq)]
enum Rule {
    Endpoint {
        conditions: Vec<Condition>,
        url: Expr,
        headers: Vec<(String, Vec<Expr>)>,
        properties: Vec<(String, Expr)>,
    },
    Error {
        conditions: Vec<Condition>,
        message: Expr,
    },
    Tree {
        conditions: Vec<Condition>,
        rules: Vec<Rule>,
    },
}

#[derive(Clone, Debug, PartialEq)]
struct Condition {
    call: Call,
    assign: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
struct Call {
    function: Function,
    argv: Vec<Expr>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Function {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    GetAttr,
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

impl Function {
    /// Every function the evaluator knows, by the name rulesets use.
    pub const NAMES: &'static [&'static str] = &[
        "isSet",
        "not",
        "booleanEquals",
        "stringEquals",
        "getAttr",
        "substring",
        "uriEncode",
        "parseURL",
        "isValidHostLabel",
        "aws.partition",
        "aws.parseArn",
        "aws.isVirtualHostableS3Bucket",
    ];

    fn from_name(name: &str) -> Option<Function> {
        Some(match name {
            "isSet" => Function::IsSet,
            "not" => Function::Not,
            "booleanEquals" => Function::BooleanEquals,
            "stringEquals" => Function::StringEquals,
            "getAttr" => Function::GetAttr,
            "substring" => Function::Substring,
            "uriEncode" => Function::UriEncode,
            "parseURL" => Function::ParseUrl,
            "isValidHostLabel" => Function::IsValidHostLabel,
            "aws.partition" => Function::Partition,
            "aws.parseArn" => Function::ParseArn,
            "aws.isVirtualHostableS3Bucket" => Function::IsVirtualHostableS3Bucket,
            _ => return None,
        })
    }
}

/// The functions a ruleset may call.
pub fn known_functions() -> &'static [&'static str] {
    Function::NAMES
}

#[derive(Clone, Debug, PartialEq)]
enum Expr {
    /// A string with `{Name}` and `{Name#path}` references filled in.
    Template(String),
    Bool(bool),
    Int(i64),
    Array(Vec<Expr>),
    Object(Vec<(String, Expr)>),
    Ref(String),
    Call(Box<Call>),
}

fn bad(what: impl Into<String>) -> EndpointError {
    EndpointError::new(format!(
        "the endpoint ruleset is malformed: {}",
        what.into()
    ))
}

fn field<'d>(object: &'d BTreeMap<String, Document>, key: &str) -> Option<&'d Document> {
    object.get(key)
}

fn as_object<'d>(
    document: &'d Document,
    what: &str,
) -> Result<&'d BTreeMap<String, Document>, EndpointError> {
    match document {
        Document::Object(object) => Ok(object),
        _ => Err(bad(format!("{what} must be an object"))),
    }
}

fn as_array<'d>(
    document: Option<&'d Document>,
    what: &str,
) -> Result<&'d [Document], EndpointError> {
    match document {
        Some(Document::Array(items)) => Ok(items),
        None => Ok(&[]),
        _ => Err(bad(format!("{what} must be a list"))),
    }
}

fn as_text(document: Option<&Document>, what: &str) -> Result<String, EndpointError> {
    match document {
        Some(Document::String(text)) => Ok(text.clone()),
        _ => Err(bad(format!("{what} must be a string"))),
    }
}

impl RuleSet {
    /// Reads a ruleset from its JSON text.
    pub fn parse(text: &str) -> Result<RuleSet, EndpointError> {
        let mut reader = JsonReader::from_text(text).with_max_depth(256);
        let document = read_document(&mut reader).map_err(|e| bad(e.to_string()))?;
        reader.end().map_err(|e| bad(e.to_string()))?;
        RuleSet::from_document(&document)
    }

    /// The ruleset of a service's `text` (a `'static` table of generated code), parsed the first
    /// time this process asks for it and shared after: clients built later reuse it.
    pub fn shared(text: &'static str) -> Result<Arc<RuleSet>, EndpointError> {
        type Parsed = Vec<((usize, usize), Result<Arc<RuleSet>, EndpointError>)>;
        static PARSED: Mutex<Parsed> = Mutex::new(Vec::new());
        let key = (text.as_ptr() as usize, text.len());
        let mut parsed = PARSED.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, rules)) = parsed.iter().find(|(seen, _)| *seen == key) {
            return rules.clone();
        }
        let rules = RuleSet::parse(text).map(Arc::new);
        parsed.push((key, rules.clone()));
        rules
    }

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

    /// The names of the parameters bound to a built-in (`AWS::Region`), with that built-in.
    pub fn built_ins(&self) -> impl Iterator<Item = (&str, &str)> {
        self.parameters
            .iter()
            .filter_map(|p| p.built_in.as_deref().map(|b| (p.name.as_str(), b)))
    }

    /// Evaluates the rules for parameters given by name; parameters left out take their default.
    pub fn resolve(
        &self,
        params: &BTreeMap<String, Value>,
    ) -> Result<ResolvedEndpoint, EndpointError> {
        let mut scope = BTreeMap::new();
        for parameter in &self.parameters {
            let value = params
                .get(&parameter.name)
                .cloned()
                .or_else(|| parameter.default.clone());
            match value {
                Some(value) => {
                    scope.insert(parameter.name.clone(), value);
                }
                None if parameter.required => {
                    return Err(EndpointError::new(format!(
                        "the endpoint parameter {} is required",
                        parameter.name
                    )))
                }
                None => {}
            }
        }
        match evaluate_rules(&self.rules, &mut scope)? {
            Some(endpoint) => Ok(endpoint),
            None => Err(EndpointError::new(
                "no endpoint rule matched the configuration",
            )),
        }
    }
}

fn literal_value(document: &Document) -> Option<Value> {
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

fn rule(document: &Document) -> Result<Rule, EndpointError> {
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

fn condition(document: &Document) -> Result<Condition, EndpointError> {
    let object = as_object(document, "a condition")?;
    Ok(Condition {
        call: call(object)?,
        assign: field(object, "assign")
            .map(|a| as_text(Some(a), "`assign`"))
            .transpose()?,
    })
}

fn call(object: &BTreeMap<String, Document>) -> Result<Call, EndpointError> {
    let name = as_text(field(object, "fn"), "`fn`")?;
    let function =
        Function::from_name(&name).ok_or_else(|| bad(format!("unknown function `{name}`")))?;
    let argv = as_array(field(object, "argv"), "`argv`")?
        .iter()
        .map(expr)
        .collect::<Result<_, _>>()?;
    Ok(Call { function, argv })
}

fn expr(document: &Document) -> Result<Expr, EndpointError> {
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

type Scope = BTreeMap<String, Value>;

fn evaluate_rules(
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

fn conditions_hold(conditions: &[Condition], scope: &mut Scope) -> Result<bool, EndpointError> {
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

fn text_of(value: Option<Value>, what: &str) -> Result<String, EndpointError> {
    match value {
        Some(Value::String(text)) => Ok(text),
        _ => Err(EndpointError::new(format!(
            "{what} did not evaluate to a string"
        ))),
    }
}

fn evaluate(expr: &Expr, scope: &Scope) -> Result<Option<Value>, EndpointError> {
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
fn fill_template(text: &str, scope: &Scope) -> Result<String, EndpointError> {
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

/// `getAttr`: a path of field names and `[index]`es (`a.b[0]`).
fn get_attr(value: &Value, path: &str) -> Option<Value> {
    let mut current = value.clone();
    for segment in path.split('.') {
        let (name, indexes) = match segment.find('[') {
            Some(open) => (&segment[..open], &segment[open..]),
            None => (segment, ""),
        };
        if !name.is_empty() {
            current = match current {
                Value::Object(mut object) => object.remove(name)?,
                _ => return None,
            };
        }
        let mut rest = indexes;
        while let Some(stripped) = rest.strip_prefix('[') {
            let close = stripped.find(']')?;
            let index: usize = stripped[..close].parse().ok()?;
            current = match current {
                Value::Array(mut items) if index < items.len() => items.swap_remove(index),
                _ => return None,
            };
            rest = &stripped[close + 1..];
        }
    }
    Some(current)
}

fn apply(call: &Call, scope: &Scope) -> Result<Option<Value>, EndpointError> {
    let mut args = Vec::with_capacity(call.argv.len());
    for arg in &call.argv {
        args.push(evaluate(arg, scope)?);
    }
    let arity = |n: usize| {
        if args.len() == n {
            Ok(())
        } else {
            Err(bad(format!(
                "{:?} takes {n} arguments, not {}",
                call.function,
                args.len()
            )))
        }
    };
    let text = |index: usize| match args.get(index) {
        Some(Some(Value::String(text))) => Some(text.as_str()),
        _ => None,
    };
    let flag = |index: usize| matches!(args.get(index), Some(Some(Value::Bool(true))));
    Ok(match call.function {
        Function::IsSet => {
            arity(1)?;
            Some(Value::Bool(args[0].is_some()))
        }
        Function::Not => {
            arity(1)?;
            match &args[0] {
                Some(Value::Bool(value)) => Some(Value::Bool(!value)),
                _ => None,
            }
        }
        Function::BooleanEquals => {
            arity(2)?;
            match (&args[0], &args[1]) {
                (Some(Value::Bool(a)), Some(Value::Bool(b))) => Some(Value::Bool(a == b)),
                _ => Some(Value::Bool(false)),
            }
        }
        Function::StringEquals => {
            arity(2)?;
            match (text(0), text(1)) {
                (Some(a), Some(b)) => Some(Value::Bool(a == b)),
                _ => Some(Value::Bool(false)),
            }
        }
        Function::GetAttr => {
            arity(2)?;
            match (&args[0], text(1)) {
                (Some(value), Some(path)) => get_attr(value, path),
                _ => None,
            }
        }
        Function::Substring => {
            arity(4)?;
            let index = |i: usize| match args[i] {
                Some(Value::Int(n)) => usize::try_from(n).ok(),
                _ => None,
            };
            match (text(0), index(1), index(2)) {
                (Some(input), Some(start), Some(stop)) => {
                    substring(input, start, stop, flag(3)).map(Value::String)
                }
                _ => None,
            }
        }
        Function::UriEncode => {
            arity(1)?;
            text(0).map(|t| Value::String(crate::encoding::percent::encode(t)))
        }
        Function::ParseUrl => {
            arity(1)?;
            text(0).and_then(parse_url)
        }
        Function::IsValidHostLabel => {
            arity(2)?;
            Some(Value::Bool(
                text(0).is_some_and(|t| is_valid_host_label(t, flag(1))),
            ))
        }
        Function::Partition => {
            arity(1)?;
            text(0).map(|region| {
                let found = partition(region);
                let entry = |k: &str, v: Value| (k.to_owned(), v);
                Value::Object(BTreeMap::from([
                    entry("name", Value::String(found.name.to_owned())),
                    entry("dnsSuffix", Value::String(found.dns_suffix.to_owned())),
                    entry(
                        "dualStackDnsSuffix",
                        Value::String(found.dual_stack_dns_suffix.to_owned()),
                    ),
                    entry("supportsFIPS", Value::Bool(found.supports_fips)),
                    entry("supportsDualStack", Value::Bool(found.supports_dual_stack)),
                    entry(
                        "implicitGlobalRegion",
                        Value::String(found.implicit_global_region.to_owned()),
                    ),
                ]))
            })
        }
        Function::ParseArn => {
            arity(1)?;
            text(0).and_then(parse_arn)
        }
        Function::IsVirtualHostableS3Bucket => {
            arity(2)?;
            Some(Value::Bool(
                text(0).is_some_and(|t| is_virtual_hostable_bucket(t, flag(1))),
            ))
        }
    })
}

fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<String> {
    if !input.is_ascii() || start >= stop || stop > input.len() {
        return None;
    }
    let (from, to) = if reverse {
        (input.len() - stop, input.len() - start)
    } else {
        (start, stop)
    };
    Some(input[from..to].to_owned())
}

fn is_valid_host_label(text: &str, allow_sub_domains: bool) -> bool {
    let label = |part: &str| {
        !part.is_empty()
            && part.len() <= 63
            && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !part.starts_with('-')
    };
    if allow_sub_domains {
        text.split('.').all(label)
    } else {
        label(text)
    }
}

fn is_virtual_hostable_bucket(text: &str, allow_sub_domains: bool) -> bool {
    let label = |part: &str| {
        (3..=63).contains(&part.len())
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && part
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric())
            && part
                .bytes()
                .last()
                .is_some_and(|b| b.is_ascii_alphanumeric())
    };
    let looks_like_ip = text.split('.').count() == 4
        && text
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if looks_like_ip {
        return false;
    }
    if allow_sub_domains {
        text.split('.').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        }) && label(&text.replace('.', "a"))
    } else {
        label(text)
    }
}

fn parse_url(url: &str) -> Option<Value> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") || rest.contains('?') {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(index) => (&rest[..index], &rest[index..]),
        None => (rest, ""),
    };
    if authority.is_empty() {
        return None;
    }
    let host = if authority.starts_with('[') {
        authority
    } else {
        authority
            .rsplit_once(':')
            .map_or(authority, |(host, _)| host)
    };
    let is_ip = host.starts_with('[')
        || (host.split('.').count() == 4
            && host
                .split('.')
                .all(|p| !p.is_empty() && p.parse::<u8>().is_ok()));
    let normalized = if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    };
    let entry = |k: &str, v: Value| (k.to_owned(), v);
    Some(Value::Object(BTreeMap::from([
        entry("scheme", Value::String(scheme.to_owned())),
        entry("authority", Value::String(authority.to_owned())),
        entry("path", Value::String(path.to_owned())),
        entry("normalizedPath", Value::String(normalized)),
        entry("isIp", Value::Bool(is_ip)),
    ])))
}

fn parse_arn(arn: &str) -> Option<Value> {
    let mut parts = arn.splitn(6, ':');
    let (prefix, partition, service, region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if prefix != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id = resource
        .split([':', '/'])
        .map(|part| Value::String(part.to_owned()))
        .collect();
    let entry = |k: &str, v: Value| (k.to_owned(), v);
    Some(Value::Object(BTreeMap::from([
        entry("partition", Value::String(partition.to_owned())),
        entry("service", Value::String(service.to_owned())),
        entry("region", Value::String(region.to_owned())),
        entry("accountId", Value::String(account.to_owned())),
        entry("resourceId", Value::Array(resource_id)),
    ])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(pairs: &[(&str, Value)]) -> Scope {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    #[test]
    fn templates_fill_references_and_attributes() {
        let partition = apply(
            &Call {
                function: Function::Partition,
                argv: vec![Expr::Template("cn-north-1".to_owned())],
            },
            &Scope::new(),
        )
        .unwrap()
        .unwrap();
        let scope = scope(&[
            ("Region", Value::String("cn-north-1".to_owned())),
            ("P", partition),
        ]);
        assert_eq!(
            fill_template("https://x.{Region}.{P#dnsSuffix}/{{literal}}", &scope).unwrap(),
            "https://x.cn-north-1.amazonaws.com.cn/{literal}"
        );
        assert!(fill_template("{Missing}", &scope).is_err());
    }

    #[test]
    fn standard_functions() {
        assert_eq!(substring("abcdef", 0, 3, false).as_deref(), Some("abc"));
        assert_eq!(substring("abcdef", 0, 3, true).as_deref(), Some("def"));
        assert_eq!(substring("abc", 2, 1, false), None);
        assert!(is_valid_host_label("us-east-1", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label("-a", false));
        let url = parse_url("https://example.com:8443/path").unwrap();
        assert_eq!(
            get_attr(&url, "authority"),
            Some(Value::String("example.com:8443".into()))
        );
        assert_eq!(
            get_attr(&url, "normalizedPath"),
            Some(Value::String("/path/".into()))
        );
        assert_eq!(
            get_attr(&parse_url("http://10.0.0.1").unwrap(), "isIp"),
            Some(Value::Bool(true))
        );
        assert_eq!(parse_url("ftp://x"), None);
        let arn = parse_arn("arn:aws:connect:us-east-1:123:instance/abc").unwrap();
        assert_eq!(
            get_attr(&arn, "resourceId[1]"),
            Some(Value::String("abc".into()))
        );
        assert_eq!(parse_arn("arn:aws"), None);
        assert!(is_virtual_hostable_bucket("my-bucket", false));
        assert!(!is_virtual_hostable_bucket("My_Bucket", false));
        assert!(!is_virtual_hostable_bucket("192.168.0.1", true));
    }

    #[test]
    fn unknown_functions_are_refused_when_read() {
        let error = RuleSet::parse(
            r#"{"version":"1.0","parameters":{},"rules":[{"type":"error","conditions":[{"fn":"aws.magic","argv":[]}],"error":"x"}]}"#,
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("unknown function `aws.magic`"),
            "{error}"
        );
    }
}
