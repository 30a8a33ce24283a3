//! `connect create-contact` against `aws connect create-contact` (AWS CLI v1 from PyPI): both run
//! the same invocations against a capture server on 127.0.0.1, and for each we compare whether a
//! request was sent, its method, path and JSON body, whether its signature is valid, what was
//! printed on stdout, the key lines of stderr, and the exit status (v1's mapped to v2's).
//!
//! Every difference is a failure unless the case is listed with the reason it is deliberate.

mod cases;
mod compare;
mod random;
#[path = "../support/mod.rs"]
mod support;

use cases::edge_cases;
use compare::{compare, judge};
use connect_test_support::Rng;
use random::random_case;
use serde_json::Value;
use std::path::Path;
use support::{base_env, connect, scratch, AwsCli, Canned, CaptureServer, Outcome, Signed};

pub(crate) const CHANNELS: &[&str] = connect_sdk::types::Channel::VALUES;
pub(crate) const METHODS: &[&str] = connect_sdk::types::ContactInitiationMethod::VALUES;
pub(crate) const REFERENCE_TYPES: &[&str] =
    &["URL", "ATTACHMENT", "NUMBER", "STRING", "DATE", "EMAIL"];
pub(crate) const SUCCESS: &str = r#"{"ContactId":"c-0001","ContactArn":"arn:aws:connect:us-east-1:111122223333:instance/i/contact/c-0001"}"#;

/// One invocation of both commands.
pub(crate) struct Case {
    pub(crate) name: String,
    pub(crate) args: Vec<String>,
    pub(crate) response: Canned,
    /// Attempts per call (1 unless the case exercises retries).
    pub(crate) attempts: u32,
    /// Where and why the two commands differ here on purpose, for a case where they do.
    pub(crate) deliberate: Option<Deliberate>,
}

/// What the commands' outcomes are compared on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    /// The requests sent (count, line, body, signature, client tokens).
    Requests,
    Stdout,
    Stderr,
    ExitStatus,
}

/// A check of our side alone: our outcome and the requests we sent.
pub(crate) type OurSide = fn(&Outcome, &[support::Captured]) -> Result<(), String>;

/// A deliberate difference: the fields that differ (everything else is compared as for any
/// case, and each field named must really differ), why, and a check of our side alone.
pub(crate) struct Deliberate {
    pub(crate) fields: &'static [Field],
    pub(crate) reason: &'static str,
    /// What our command must do instead (for a case where the whole outcome differs).
    pub(crate) ours: Option<OurSide>,
}

pub(crate) fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| (*w).to_owned()).collect()
}

pub(crate) fn required() -> Vec<String> {
    words(&[
        "create-contact",
        "--instance-id",
        "inst-1",
        "--channel",
        "TASK",
        "--initiation-method",
        "API",
    ])
}

pub(crate) fn case(name: &str, extra: &[&str]) -> Case {
    let mut args = required();
    args.extend(words(extra));
    Case {
        name: name.to_owned(),
        args,
        response: Canned::json(200, SUCCESS),
        attempts: 1,
        deliberate: None,
    }
}

fn set(env: &mut Vec<(String, String)>, name: &str, value: &str) {
    env.retain(|(n, _)| n != name);
    env.push((name.to_owned(), value.to_owned()));
}

#[test]
fn create_contact_matches_the_aws_cli() {
    let Some(mut aws) = AwsCli::start() else {
        panic!(
            "awscli is not installed: run scripts/test.sh, which installs tests/requirements.txt"
        );
    };
    let server = CaptureServer::start();
    let files = scratch("differential");
    let home = scratch("differential-home");
    let mut env = base_env(&home);
    let mut cases = edge_cases(&files);
    let mut rng = Rng::seeded(0x5eed_cafe_f00d_1234);
    for index in 0..200 {
        cases.push(random_case(&mut rng, index, &files));
    }
    // A refused connection: a port bound (so no one else takes it) but not listening.
    let refusing = connect_test_support::refusing_address();

    let mut agree = 0;
    let mut deliberate = Vec::new();
    let mut failures = Vec::new();
    let total = cases.len() + 1;
    for case in &cases {
        let mut args = case.args.clone();
        args.extend(["--endpoint-url".to_owned(), server.url()]);
        set(&mut env, "AWS_MAX_ATTEMPTS", &case.attempts.to_string());
        server.prepare(case.response.clone());
        let theirs = aws.run(&args, &env);
        let their_requests = server.taken();
        server.prepare(case.response.clone());
        let ours = connect(&args, &env);
        let our_requests = server.taken();
        let problems = compare(&ours, &theirs, &our_requests, &their_requests);
        match judge(case, &problems, &ours, &our_requests) {
            Ok(None) => agree += 1,
            Ok(Some(line)) => deliberate.push(line),
            Err(why) => failures.push(format!("{} ({:?}):\n  {why}", case.name, case.args)),
        }
    }
    set(&mut env, "AWS_MAX_ATTEMPTS", "1");
    let mut refused = required();
    refused.extend(["--endpoint-url".to_owned(), refusing.url()]);
    let theirs = aws.run(&refused, &env);
    let ours = connect(&refused, &env);
    let problems = compare(&ours, &theirs, &[], &[]);
    match judge(&case("refused", &[]), &problems, &ours, &[]) {
        Ok(_) => agree += 1,
        Err(why) => failures.push(format!("connection refused:\n  {why}")),
    }
    env.clear();
    println!(
        "AWS CLI differential: {agree}/{total} agree, {} deliberate differences",
        deliberate.len()
    );
    for line in &deliberate {
        println!("  deliberate: {line}");
    }
    assert!(
        failures.is_empty(),
        "{} of {total} invocations differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Where a Python package's Connect model is, its version, and the model (decompressed).
fn oracle_model(import: &str) -> (String, Value) {
    let script = format!(
        r#"
import gzip, json, os, sys
{import}
data = os.path.join(os.path.dirname(botocore.__file__), "data", "connect", "2017-08-08")
path = os.path.join(data, "service-2.json")
raw = open(path, "rb").read() if os.path.exists(path) else gzip.open(path + ".gz").read()
sys.stdout.write(json.dumps({{"version": botocore.__version__, "model": json.loads(raw)}}))
"#
    );
    let output = std::process::Command::new("python3")
        .args(["-c", &script])
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    (
        answer["version"].as_str().unwrap_or("?").to_owned(),
        answer["model"].clone(),
    )
}

/// The values of a botocore model's enum shape.
fn enum_values(model: &Value, shape: &str) -> Vec<String> {
    model["shapes"][shape]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{shape} is not an enum"))
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

#[test]
fn the_oracles_say_which_connect_model_they_carry_and_the_cases_use_what_both_know() {
    // botocore and boto3 from PyPI carry the model the curated model is updated from.
    let (botocore, theirs) = oracle_model("import botocore");
    let pinned: Value = serde_json::from_slice(
        &std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../upstream/models/connect-2017-08-08.botocore.json"),
        )
        .expect("the pinned copy"),
    )
    .expect("JSON");
    assert!(
        theirs == pinned,
        "botocore {botocore} carries another Connect model than upstream/models/ pins"
    );
    // The AWS CLI v1 carries its own copy of botocore, with its own (older) Connect model.
    let (cli_botocore, cli_model) = oracle_model("import awscli\nimport botocore");
    println!("botocore {botocore}: the pinned Connect model; the AWS CLI's botocore {cli_botocore}: its own");
    let ours = &pinned["shapes"]["CreateContactRequest"]["members"];
    let cli_members = &cli_model["shapes"]["CreateContactRequest"]["members"];
    // Every option the differential passes is one the AWS CLI's model knows.
    for case in edge_cases(&scratch("oracle-models"))
        .iter()
        .filter(|case| case.args.first().map(String::as_str) == Some("create-contact"))
    {
        for option in case.args.iter().filter(|a| a.starts_with("--")) {
            let known_to_cli = cli_members
                .as_object()
                .unwrap()
                .keys()
                .any(|member| connect_codegen::naming::option_name(member) == *option);
            let known_to_us = ours
                .as_object()
                .unwrap()
                .keys()
                .any(|member| connect_codegen::naming::option_name(member) == *option);
            assert!(
                known_to_cli == known_to_us || is_global_or_document(option),
                "{}: {option} is known to one model only",
                case.name
            );
        }
    }
    // And every enum value the random cases draw from.
    for (shape, values) in [
        ("Channel", CHANNELS),
        ("ContactInitiationMethod", METHODS),
        ("ReferenceType", REFERENCE_TYPES),
    ] {
        let known = enum_values(&cli_model, shape);
        for value in values {
            assert!(
                known.iter().any(|k| k == value),
                "{shape} {value} is unknown to the AWS CLI's model (botocore {cli_botocore})"
            );
        }
    }
}

/// Options that are not members of the input.
fn is_global_or_document(option: &str) -> bool {
    connect_cli::flags::global(option).is_some()
        || connect_cli::flags::DOCUMENT
            .iter()
            .any(|flag| flag.name == option)
}
