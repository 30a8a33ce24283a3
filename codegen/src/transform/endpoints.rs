//! The service's endpoint ruleset, checked before anything is emitted: the model's own
//! (`smithy.rules#endpointRuleSet`), or for a model without one (botocore keeps its rules in a file
//! of their own) the AWS SDKs' standard rules for the service's endpoint prefix.
//!
//! The runtime evaluates the ruleset; here it is only read far enough to refuse what the runtime
//! cannot do: a function it does not know, or a parameter that only an operation could set.

use crate::error::{pointer, Error};
use crate::ir::{Model, ShapeKind};
use serde_json::{json, Value};

/// The functions the runtime's evaluator implements (`connect_runtime::endpoint::rules`); a test
/// keeps the two lists equal.
pub const KNOWN_FUNCTIONS: &[&str] = &[
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

/// The built-in parameters the runtime binds.
pub const KNOWN_BUILT_INS: &[&str] = &[
    "AWS::Region",
    "AWS::UseFIPS",
    "AWS::UseDualStack",
    "SDK::Endpoint",
];

/// The ruleset the generated client resolves endpoints with, as compact JSON.
pub fn ruleset(model: &Model) -> Result<String, Error> {
    let Some(service_shape) = model.service.as_ref().and_then(|id| model.get(id)) else {
        return Ok(standard(None).to_string());
    };
    let ShapeKind::Service(service) = &service_shape.kind else {
        return Err(Error::internal(format!(
            "{} is not a service",
            service_shape.id
        )));
    };
    let Some(rules) = &service.endpoint_rules else {
        let prefix = service
            .endpoint_prefix
            .as_deref()
            .or(service.signing_name.as_deref());
        return Ok(standard(prefix).to_string());
    };
    let at = pointer(
        &service_shape.pointer,
        &["traits", "smithy.rules#endpointRuleSet"],
    );
    let mut problems = Vec::new();
    check_parameters(rules, &mut problems);
    check_functions(rules, &mut problems);
    if !problems.is_empty() {
        return Err(model.error(
            &at,
            &service_shape.id,
            format!("the endpoint ruleset {}", problems.join("; ")),
        ));
    }
    Ok(rules.to_string())
}

fn check_parameters(rules: &Value, problems: &mut Vec<String>) {
    let Some(parameters) = rules.get("parameters").and_then(Value::as_object) else {
        problems.push("has no `parameters` object".to_owned());
        return;
    };
    for (name, parameter) in parameters {
        let built_in = parameter.get("builtIn").and_then(Value::as_str);
        match built_in {
            Some(built_in) if !KNOWN_BUILT_INS.contains(&built_in) => problems.push(format!(
                "binds {name} to the built-in {built_in}, which this client does not provide"
            )),
            None if parameter.get("default").is_none()
                && parameter.get("required").and_then(Value::as_bool) == Some(true) =>
            {
                problems.push(format!(
                    "requires {name}, which only an operation could set (context parameters are not supported)"
                ))
            }
            _ => {}
        }
    }
}

fn check_functions(value: &Value, problems: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            if let Some(name) = object.get("fn").and_then(Value::as_str) {
                if !KNOWN_FUNCTIONS.contains(&name) {
                    let problem = format!("calls `{name}`, which the runtime does not implement");
                    if !problems.contains(&problem) {
                        problems.push(problem);
                    }
                }
            }
            object.values().for_each(|v| check_functions(v, problems));
        }
        Value::Array(items) => items.iter().for_each(|v| check_functions(v, problems)),
        _ => {}
    }
}

/// The AWS SDKs' standard rules: a custom endpoint as it is (refused with FIPS or dual-stack),
/// else `https://{prefix}[-fips].{Region}.{dnsSuffix or dualStackDnsSuffix}` of the region's
/// partition. Without an endpoint prefix, only a custom endpoint works.
pub fn standard(prefix: Option<&str>) -> Value {
    let flag = |name: &str| json!({"fn": "booleanEquals", "argv": [{"ref": name}, true]});
    let supports = |what: &str| json!({"fn": "booleanEquals", "argv": [true, {"fn": "getAttr", "argv": [{"ref": "PartitionResult"}, what]}]});
    let endpoint = |url: String| json!({"type": "endpoint", "conditions": [], "endpoint": {"url": url, "properties": {}, "headers": {}}});
    let error = |message: &str| json!({"type": "error", "conditions": [], "error": message});
    let custom = json!({
        "type": "tree",
        "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
        "rules": [
            {"type": "error", "conditions": [flag("UseFIPS")],
             "error": "Invalid Configuration: FIPS and custom endpoint are not supported"},
            {"type": "error", "conditions": [flag("UseDualStack")],
             "error": "Invalid Configuration: Dualstack and custom endpoint are not supported"},
            {"type": "endpoint", "conditions": [],
             "endpoint": {"url": {"ref": "Endpoint"}, "properties": {}, "headers": {}}}
        ]
    });
    let mut rules = vec![custom];
    if let Some(prefix) = prefix {
        let host = |fips: &str, suffix: &str| {
            format!("https://{prefix}{fips}.{{Region}}.{{PartitionResult#{suffix}}}")
        };
        rules.push(json!({
            "type": "tree",
            "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}],
            "rules": [{
                "type": "tree",
                "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "PartitionResult"}],
                "rules": [
                    {"type": "tree", "conditions": [flag("UseFIPS"), flag("UseDualStack")], "rules": [
                        {"type": "tree", "conditions": [supports("supportsFIPS"), supports("supportsDualStack")],
                         "rules": [endpoint(host("-fips", "dualStackDnsSuffix"))]},
                        error("FIPS and DualStack are enabled, but this partition does not support one or both")
                    ]},
                    {"type": "tree", "conditions": [flag("UseFIPS")], "rules": [
                        {"type": "tree", "conditions": [supports("supportsFIPS")],
                         "rules": [endpoint(host("-fips", "dnsSuffix"))]},
                        error("FIPS is enabled but this partition does not support FIPS")
                    ]},
                    {"type": "tree", "conditions": [flag("UseDualStack")], "rules": [
                        {"type": "tree", "conditions": [supports("supportsDualStack")],
                         "rules": [endpoint(host("", "dualStackDnsSuffix"))]},
                        error("DualStack is enabled but this partition does not support DualStack")
                    ]},
                    endpoint(host("", "dnsSuffix"))
                ]
            }]
        }));
    }
    rules.push(error("Invalid Configuration: Missing Region"));
    let parameter = |built_in: &str, kind: &str, text: &str| {
        let mut value =
            json!({"builtIn": built_in, "required": false, "documentation": text, "type": kind});
        if kind == "Boolean" {
            value["required"] = json!(true);
            value["default"] = json!(false);
        }
        value
    };
    json!({
        "version": "1.0",
        "parameters": {
            "Region": parameter("AWS::Region", "String", "The region requests are sent to."),
            "UseDualStack": parameter("AWS::UseDualStack", "Boolean", "Send to the dual-stack (IPv4 and IPv6) endpoint."),
            "UseFIPS": parameter("AWS::UseFIPS", "Boolean", "Send to the FIPS 140-validated endpoint."),
            "Endpoint": parameter("SDK::Endpoint", "String", "A custom endpoint that replaces the resolved one.")
        },
        "rules": rules
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_functions_and_operation_parameters_are_refused() {
        let mut rules = standard(Some("svc"));
        rules["rules"][0]["conditions"][0]["fn"] = json!("aws.magic");
        rules["parameters"]["Bucket"] = json!({"type": "String", "required": true});
        let mut problems = Vec::new();
        check_parameters(&rules, &mut problems);
        check_functions(&rules, &mut problems);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("Bucket"));
        assert!(problems[1].contains("aws.magic"));
    }

    #[test]
    fn the_standard_rules_pass_their_own_checks() {
        let mut problems = Vec::new();
        let rules = standard(Some("svc"));
        check_parameters(&rules, &mut problems);
        check_functions(&rules, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
    }
}
