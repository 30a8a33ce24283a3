//! A model's own endpoint tests (`smithy.rules#endpointTests`), run against the ruleset the
//! generator passes to the runtime for that model.

use connect_codegen::ir::ShapeKind;
use connect_codegen::{frontend, transform, Format, Settings};
use connect_runtime::endpoint::rules::{RuleSet, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// One test case: parameters by name, and the URL or error expected.
pub struct Case {
    pub documentation: String,
    pub params: BTreeMap<String, Value>,
    pub url: Option<String>,
    pub error: Option<String>,
}

fn value(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Number(n) => Value::Int(n.as_i64().unwrap_or_default()),
        serde_json::Value::Array(items) => Value::Array(items.iter().map(value).collect()),
        serde_json::Value::Object(_) | serde_json::Value::Null => Value::Bool(false),
    }
}

/// The ruleset the generator emits for a Smithy model (selecting `operation`), and the model's
/// endpoint test cases.
pub fn model_rules(path: &Path, operation: &str) -> (String, Vec<Case>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let source = path.display().to_string();
    let model =
        frontend::lower_text(&source, &text, Some(Format::Smithy)).expect("the model lowers");
    let service = model.service.clone().expect("the model has a service");
    let tests = match &model.get(&service).map(|s| &s.kind) {
        Some(ShapeKind::Service(details)) => details.endpoint_tests.clone(),
        _ => None,
    }
    .expect("the model has endpoint tests");
    let settings = Settings {
        operations: vec![operation.to_owned()],
        ..Settings::default()
    };
    let selection = transform::select(model, &settings).expect("the operation is selected");
    let cases = tests["testCases"]
        .as_array()
        .expect("testCases is a list")
        .iter()
        .map(|case| Case {
            documentation: case["documentation"].as_str().unwrap_or("").to_owned(),
            params: case["params"]
                .as_object()
                .map(|params| params.iter().map(|(k, v)| (k.clone(), value(v))).collect())
                .unwrap_or_default(),
            url: case["expect"]["endpoint"]["url"]
                .as_str()
                .map(str::to_owned),
            error: case["expect"]["error"].as_str().map(str::to_owned),
        })
        .collect();
    (selection.endpoint_rules, cases)
}

/// Every case whose outcome differs from its expectation, described.
pub fn failures(rules: &RuleSet, cases: &[Case]) -> Vec<String> {
    let mut problems = Vec::new();
    for case in cases {
        let found = rules.resolve(&case.params);
        let ok = match (&case.url, &case.error, &found) {
            (Some(url), _, Ok(endpoint)) => &endpoint.url == url,
            (_, Some(error), Err(found)) => &found.to_string() == error,
            _ => false,
        };
        if !ok {
            problems.push(format!(
                "{}: expected {:?}/{:?}, got {found:?}",
                case.documentation, case.url, case.error
            ));
        }
    }
    problems
}
