//! Endpoint resolution driven by the model: every `smithy.rules#endpointTests` case of the official
//! Connect model, run against the ruleset exactly as the generator passes it to the runtime, and
//! against the ruleset compiled into `connect-sdk` from our own model.

use connect_codegen::transform::endpoints;
use connect_runtime::endpoint::rules::{known_functions, RuleSet, Value};
use connect_tests::endpoints::{failures, model_rules};
use connect_tests::upstream;
use std::collections::BTreeMap;

fn official() -> (String, Vec<connect_tests::endpoints::Case>) {
    model_rules(
        &upstream().join("models/connect-2017-08-08.smithy.json"),
        "CreateContact",
    )
}

#[test]
fn the_official_models_endpoint_tests_pass_through_the_generated_ruleset() {
    let (rules, cases) = official();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let rules = RuleSet::parse(&rules).expect("the emitted ruleset reads");
    let problems = failures(&rules, &cases);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    println!("endpoint tests: {}/{} passed", cases.len(), cases.len());
}

#[test]
fn the_clients_own_ruleset_passes_the_official_endpoint_tests() {
    let (_, cases) = official();
    let rules = RuleSet::parse(connect_sdk::client::SERVICE.endpoint_rules).unwrap();
    let problems = failures(&rules, &cases);
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
