//! Endpoint resolution driven by the model: every `smithy.rules#endpointTests` case of the official
//! Connect model, run against the ruleset exactly as the generator passes it to the runtime, and
//! against the ruleset compiled into `connect-sdk` from our own model.

use connect_codegen::ir::ShapeKind;
use connect_codegen::transform::{self, endpoints};
use connect_codegen::{frontend, Format, Settings};
use connect_runtime::endpoint::rules::{known_functions, RuleSet, Value};
use connect_tests::shared;
use std::collections::BTreeMap;

/// One test case: parameters by name, and the URL or error expected.
struct Case {
    documentation: String,
    params: BTreeMap<String, Value>,
    url: Option<String>,
    error: Option<String>,
}

fn value(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Number(n) => Value::Int(n.as_i64().expect("integer parameter")),
        other => panic!("unexpected parameter value {other}"),
    }
}

/// The official model's ruleset as the generator emits it, and its test cases.
fn official() -> (String, Vec<Case>) {
    let path = shared().join("models/connect-2017-08-08.smithy.json");
    let text = std::fs::read_to_string(&path).expect("the official model");
    let model = frontend::lower_text("connect.smithy.json", &text, Some(Format::Smithy)).unwrap();
    let service = model.service.clone().expect("a service");
    let ShapeKind::Service(details) = &model.get(&service).unwrap().kind else {
        panic!("not a service")
    };
    let tests = details.endpoint_tests.clone().expect("endpoint tests");
    let settings = Settings {
        operations: vec!["CreateContact".to_owned()],
        ..Settings::default()
    };
    let selection = transform::select(model, &settings).expect("selection");
    let cases = tests["testCases"]
        .as_array()
        .expect("testCases")
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

fn run(rules: &RuleSet, cases: &[Case]) -> Vec<String> {
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

#[test]
fn the_official_models_endpoint_tests_pass_through_the_generated_ruleset() {
    let (rules, cases) = official();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let rules = RuleSet::parse(&rules).expect("the emitted ruleset reads");
    let problems = run(&rules, &cases);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    println!("endpoint tests: {}/{} passed", cases.len(), cases.len());
}

#[test]
fn the_clients_own_ruleset_passes_the_official_endpoint_tests() {
    let (_, cases) = official();
    let rules = RuleSet::parse(connect_sdk::client::SERVICE.endpoint_rules).unwrap();
    let problems = run(&rules, &cases);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_generator_and_the_runtime_know_the_same_functions() {
    assert_eq!(endpoints::KNOWN_FUNCTIONS, known_functions());
}

#[test]
fn models_without_rules_get_the_standard_ones() {
    let rules = RuleSet::parse(&endpoints::standard(Some("connect")).to_string()).unwrap();
    let params = |pairs: &[(&str, Value)]| -> BTreeMap<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    };
    let region = |r: &str| ("Region", Value::String(r.to_owned()));
    let url = |pairs: &[(&str, Value)]| rules.resolve(&params(pairs)).map(|e| e.url);
    assert_eq!(
        url(&[region("eu-west-1")]).unwrap(),
        "https://connect.eu-west-1.amazonaws.com"
    );
    assert_eq!(
        url(&[region("cn-north-1"), ("UseDualStack", Value::Bool(true))]).unwrap(),
        "https://connect.cn-north-1.api.amazonwebservices.com.cn"
    );
    assert_eq!(
        url(&[region("us-iso-east-1"), ("UseDualStack", Value::Bool(true))])
            .unwrap_err()
            .to_string(),
        "DualStack is enabled but this partition does not support DualStack"
    );
    assert_eq!(
        url(&[]).unwrap_err().to_string(),
        "Invalid Configuration: Missing Region"
    );
}
