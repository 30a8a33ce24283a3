//! Smithy's endpoint rules language (`smithy.rules#endpointRuleSet`, version 1.x): a ruleset read
//! from its JSON form (`parser.rs`) into rules (`ast.rs`) and evaluated for a set of parameters
//! (`evaluator.rs`, with the standard `functions.rs`).
//!
//! Every standard function is understood: `isSet`, `not`, `booleanEquals`, `stringEquals`,
//! `getAttr`, `substring`, `uriEncode`, `parseURL`, `isValidHostLabel`, `aws.partition`,
//! `aws.parseArn` and `aws.isVirtualHostableS3Bucket`. A ruleset naming any other function is
//! refused when it is read, not when a request is made.

mod ast;
mod evaluator;
mod functions;
mod parser;

pub use ast::known_functions;

use super::EndpointError;
use crate::json::JsonReader;
use crate::protocol::read_document;
use ast::{Parameter, Rule};
use evaluator::evaluate_rules;
use parser::bad;
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

#[cfg(test)]
mod tests {
    use super::ast::{Call, Expr, Function};
    use super::evaluator::{fill_template, Scope};
    use super::functions::*;
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
