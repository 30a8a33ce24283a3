//! The `connect` command on its own: skeletons, help and completions written from the model,
//! YAML input, configuration failures, `--debug` without secrets, and thousands of random
//! command lines that never make it panic.

mod support;

use connect_test_support::Rng;
use serde_json::{json, Value};
use support::{base_env, connect, scratch, Canned, CaptureServer, Signed};

fn run(args: &[&str], env: &[(String, String)]) -> support::Outcome {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    connect(&args, env)
}

fn env() -> Vec<(String, String)> {
    base_env(&scratch("command-home"))
}

#[test]
fn skeletons_list_members_in_model_order_with_the_first_enum_value() {
    let out = run(&["create-contact", "--generate-cli-skeleton"], &env());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let skeleton: Value = serde_json::from_str(&out.stdout).unwrap();
    let keys: Vec<&String> = skeleton.as_object().unwrap().keys().collect();
    assert_eq!(keys[0], "InstanceId");
    assert_eq!(keys.last().unwrap().as_str(), "PreviousContactId");
    assert_eq!(skeleton["Channel"], json!("VOICE"));
    assert_eq!(skeleton["InitiationMethod"], json!("INBOUND"));
    assert_eq!(skeleton["ExpiryDurationInMinutes"], json!(0));
    assert_eq!(
        skeleton["SegmentAttributes"]["KeyName"]["ValueMap"]["KeyName"],
        json!({}),
        "recursion is cut to {{}}"
    );
    let yaml = run(
        &["create-contact", "--generate-cli-skeleton", "yaml-input"],
        &env(),
    );
    assert!(
        yaml.stdout.starts_with("InstanceId: ''\n"),
        "{}",
        yaml.stdout
    );

    // `output` needs the required options, checks them, and sends nothing.
    let missing = run(
        &["create-contact", "--generate-cli-skeleton", "output"],
        &env(),
    );
    assert_eq!(missing.code, 252);
    let output = run(
        &[
            "create-contact",
            "--generate-cli-skeleton",
            "output",
            "--instance-id",
            "i",
            "--channel",
            "TASK",
            "--initiation-method",
            "API",
        ],
        &env(),
    );
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_eq!(
        serde_json::from_str::<Value>(&output.stdout).unwrap(),
        json!({"ContactId": "ContactId", "ContactArn": "ContactArn"})
    );
}

#[test]
fn help_comes_from_the_model() {
    let page = run(&["create-contact", "help"], &env());
    assert_eq!(page.code, 0);
    for expected in [
        "--instance-id (string: InstanceId)",
        "--segment-attributes (map: SegmentAttributes)",
        "Possible values:",
        "o COMPLETED",
        "( ... recursive ... )",
        "Constraints: min length: 1, max length: 100",
        "ContactArn -> (string)",
    ] {
        assert!(
            page.stdout.contains(expected),
            "missing {expected:?}:\n{}",
            page.stdout
        );
    }
    assert_eq!(
        run(&["create-contact", "--help"], &env()).stdout,
        page.stdout
    );
    let overview = run(&["help"], &env());
    assert!(overview.stdout.contains("o create-contact"));
    assert!(overview.stdout.contains("--endpoint-url <value>"));
    let version = run(&["--version"], &env());
    assert!(
        version.stdout.starts_with("connect-cli/"),
        "{}",
        version.stdout
    );
}

#[test]
fn completions_know_commands_options_and_enum_values() {
    for shell in ["bash", "zsh", "fish"] {
        let script = run(&["completion", shell], &env());
        assert_eq!(script.code, 0, "{shell}: {}", script.stderr);
        for expected in [
            "create-contact",
            "instance-id",
            "segment-attributes",
            "EMAIL",
            "AGENT_REPLY",
            "yaml-stream",
        ] {
            assert!(script.stdout.contains(expected), "{shell} lacks {expected}");
        }
    }
    let bash = run(&["completion", "bash"], &env()).stdout;
    let checked = std::process::Command::new("bash")
        .args(["-n", "-c", &bash])
        .status()
        .expect("bash");
    assert!(checked.success(), "the bash script parses");
    assert_eq!(run(&["completion", "tcsh"], &env()).code, 252);
}

#[test]
fn yaml_input_and_yaml_output() {
    let server = CaptureServer::start();
    server.prepare(Canned::json(
        200,
        r#"{"ContactId":"c","ContactArn":"a: b"}"#,
    ));
    let out = run(
        &[
            "create-contact",
            "--cli-input-yaml",
            "InstanceId: i\nChannel: TASK\nInitiationMethod: API\nAttributes:\n  k: v\n",
            "--output",
            "yaml",
            "--endpoint-url",
            &server.url(),
        ],
        &env(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "ContactId: c\nContactArn: 'a: b'\n");
    let sent = server.taken();
    let body: Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(body["Attributes"], json!({"k": "v"}));
    assert!(sent[0].signature_is_valid());
}

#[test]
fn configuration_problems_exit_with_253() {
    let mut no_region = env();
    no_region.retain(|(k, _)| k != "AWS_DEFAULT_REGION");
    let args = [
        "create-contact",
        "--instance-id",
        "i",
        "--channel",
        "TASK",
        "--initiation-method",
        "API",
    ];
    let out = run(&args, &no_region);
    assert_eq!(out.code, 253, "{}", out.stderr);
    assert!(
        out.stderr.contains("You must specify a region"),
        "{}",
        out.stderr
    );
    let mut profile = args.to_vec();
    profile.extend(["--profile", "nobody"]);
    let out = run(&profile, &env());
    assert_eq!(out.code, 253);
    assert!(out
        .stderr
        .contains("The config profile (nobody) could not be found"));
    let mut no_credentials = env();
    no_credentials.retain(|(k, _)| !k.starts_with("AWS_ACCESS") && !k.starts_with("AWS_SECRET"));
    let out = run(&args, &no_credentials);
    assert_eq!(out.code, 253, "{}", out.stderr);
    assert!(
        out.stderr.contains("Unable to locate credentials"),
        "{}",
        out.stderr
    );
}

#[test]
fn debug_logs_the_call_without_secrets() {
    let server = CaptureServer::start();
    server.prepare(Canned::json(200, r#"{"ContactId":"c","ContactArn":"a"}"#));
    let mut env = env();
    env.push((
        "AWS_SESSION_TOKEN".to_owned(),
        "SESSIONTOKENVALUE".to_owned(),
    ));
    let out = run(
        &[
            "create-contact",
            "--instance-id",
            "i",
            "--channel",
            "TASK",
            "--initiation-method",
            "API",
            "--name",
            "SECRETNAMEVALUE",
            "--description",
            "SECRETDESCRIPTIONVALUE",
            "--debug",
            "--endpoint-url",
            &server.url(),
        ],
        &env,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let signature = server.taken()[0]
        .header("authorization")
        .and_then(|a| a.rsplit("Signature=").next().map(str::to_owned))
        .unwrap();
    for secret in [
        support::SECRET_KEY,
        "SESSIONTOKENVALUE",
        "SECRETNAMEVALUE",
        "SECRETDESCRIPTIONVALUE",
        signature.as_str(),
    ] {
        assert!(
            !out.stderr.contains(secret),
            "--debug printed {secret:?}:\n{}",
            out.stderr
        );
    }
    for expected in ["configuration", "sending", "response", "status=200"] {
        assert!(
            out.stderr.contains(expected),
            "--debug lacks {expected:?}:\n{}",
            out.stderr
        );
    }
}

/// Random text biased towards the characters the parsers care about.
fn noise(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "a",
        "=",
        ",",
        "{",
        "}",
        "[",
        "]",
        "'",
        "\"",
        "\\",
        " ",
        "k",
        "1",
        "-",
        "--",
        "@",
        "file://",
        "fileb://",
        ":",
        "é",
        "\u{1F600}",
        "\n",
        "true",
        "null",
        "{\"a\":",
        "ValueMap=",
        "ValueString=",
    ];
    let len = rng.below(12);
    (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect()
}

#[test]
fn random_command_lines_never_panic() {
    let server = CaptureServer::start();
    server.prepare(Canned::json(200, r#"{"ContactId":"c","ContactArn":"a"}"#));
    let options = [
        "--instance-id",
        "--client-token",
        "--related-contact-id",
        "--attributes",
        "--references",
        "--channel",
        "--initiation-method",
        "--expiry-duration-in-minutes",
        "--user-info",
        "--initiate-as",
        "--name",
        "--description",
        "--segment-attributes",
        "--previous-contact-id",
        "--cli-input-json",
        "--cli-input-yaml",
        "--generate-cli-skeleton",
        "--output",
        "--query",
        "--region",
        "--bogus",
        "help",
        "create-contact",
        "completion",
    ];
    let mut rng = Rng::seeded(0x0ddb_a11c_0ffe_e000);
    let mut codes = std::collections::BTreeMap::new();
    // In process for speed: the configuration comes from these options, not the environment.
    let base = [
        "--endpoint-url".to_owned(),
        server.url(),
        "--region".to_owned(),
        "us-east-1".to_owned(),
        "--no-sign-request".to_owned(),
    ];
    for _ in 0..3000 {
        let mut args = vec!["create-contact".to_owned()];
        for _ in 0..rng.below(8) {
            args.push(options[rng.below(options.len())].to_owned());
            if rng.below(3) > 0 {
                args.push(noise(&mut rng));
            }
        }
        if rng.below(2) == 0 {
            args.extend(base.iter().cloned());
        }
        let outcome = std::panic::catch_unwind(|| connect_cli::run(&args));
        let code = match outcome {
            Ok(Ok(_)) => 0,
            Ok(Err(exit)) => exit.code,
            Err(_) => panic!("connect panicked on {args:?}"),
        };
        assert!(
            [0u8, 252, 253, 254, 255].contains(&code),
            "exit status {code} for {args:?}"
        );
        *codes.entry(code).or_insert(0) += 1;
    }
    for _ in 0..3000 {
        let text = noise(&mut rng);
        let files = |_: &str| None;
        let parsed = std::panic::catch_unwind(|| connect_cli::shorthand::parse(&text, &files));
        assert!(parsed.is_ok(), "the shorthand parser panicked on {text:?}");
    }
    println!("random command lines by exit status: {codes:?}");
    assert!(
        codes.len() >= 2,
        "the random lines reach more than one outcome: {codes:?}"
    );
}

#[test]
fn no_verify_ssl_warns_as_the_aws_cli_does() {
    let args = [
        "create-contact",
        "--instance-id",
        "i",
        "--channel",
        "TASK",
        "--initiation-method",
        "API",
        "--cli-connect-timeout",
        "1",
    ];
    let warning = "InsecureRequestWarning: Unverified HTTPS request is being made to host '127.0.0.1'. Adding certificate verification is strongly advised.";
    // Nothing answers there: the calls fail, after the warning or without it.
    let refusing = connect_test_support::refusing_address();
    let (https, http) = (refusing.https_url(), refusing.url());
    let mut unverified: Vec<&str> = args.to_vec();
    unverified.extend(["--endpoint-url", &https, "--no-verify-ssl"]);
    let out = run(&unverified, &env());
    assert!(out.stderr.contains(warning), "{}", out.stderr);
    // Verified, or not https: no warning.
    let mut verified: Vec<&str> = args.to_vec();
    verified.extend(["--endpoint-url", &https]);
    assert!(!run(&verified, &env())
        .stderr
        .contains("InsecureRequestWarning"));
    let mut plain: Vec<&str> = args.to_vec();
    plain.extend(["--endpoint-url", &http, "--no-verify-ssl"]);
    assert!(!run(&plain, &env())
        .stderr
        .contains("InsecureRequestWarning"));
}
