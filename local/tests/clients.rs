//! Real clients against `connect-local`: our generated client (typed error variants), boto3 and the
//! AWS CLI v1 (from PyPI) create contacts, read them back with DescribeContact, and meet every rule
//! and error the service enforces.

mod support;

use connect_local::generated::client::Client;
use connect_local::generated::operations::create_contact::CreateContactError;
use connect_local::generated::operations::describe_contact::DescribeContactError;
use connect_local::generated::types::{
    Channel, ContactInitiationMethod, InitiateAs, Reference, ReferenceType, SegmentAttributeValue,
    UserInfo,
};
use connect_runtime::config::Config;
use connect_runtime::credentials::Credentials;
use connect_runtime::env::Env;
use connect_runtime::error::SdkError;
use connect_runtime::primitives::DateTime;
use connect_runtime::sigv4::{Signer, SigningSettings};
use std::collections::BTreeMap;
use std::process::Command;
use support::{Local, ACCESS_KEY, INSTANCE, SECRET_KEY};

fn client(local: &Local) -> Client {
    let config = Config::builder()
        .env(Env::from_pairs([]))
        .region("us-east-1")
        .endpoint_url(local.url.clone())
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "test"))
        .max_attempts(1)
        .build()
        .expect("configuration");
    Client::new(&config)
}

fn task(
    client: &Client,
) -> connect_local::generated::operations::create_contact::CreateContactFluentBuilder {
    client
        .create_contact()
        .instance_id(INSTANCE)
        .channel(Channel::Task)
        .initiation_method(ContactInitiationMethod::Api)
}

/// The error code of a failed create.
fn code(result: Result<impl std::fmt::Debug, SdkError<CreateContactError>>) -> String {
    match result {
        Err(SdkError::Service(service)) => match &service.error {
            CreateContactError::InvalidRequestException(_) => "InvalidRequestException".to_owned(),
            CreateContactError::InvalidParameterException(_) => {
                "InvalidParameterException".to_owned()
            }
            CreateContactError::ResourceNotFoundException(_) => {
                "ResourceNotFoundException".to_owned()
            }
            CreateContactError::IdempotencyException(_) => "IdempotencyException".to_owned(),
            CreateContactError::ThrottlingException(_) => "ThrottlingException".to_owned(),
            other => format!("other: {other:?}"),
        },
        other => format!("not a service error: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn our_client_creates_reads_back_and_meets_every_rule() {
    let local = Local::start("ours", &[]);
    let client = client(&local);
    let created = task(&client)
        .name("Follow up")
        .initiate_as(InitiateAs::Completed)
        .segment_attributes(
            "connect:ContactExpiry",
            SegmentAttributeValue::ValueMap(BTreeMap::from([(
                "ExpiryDuration".to_owned(),
                SegmentAttributeValue::ValueInteger(135),
            )])),
        )
        .send()
        .await
        .expect("created");
    let id = created.contact_id.clone().unwrap();
    assert!(created
        .contact_arn
        .unwrap()
        .ends_with(&format!("instance/{INSTANCE}/contact/{id}")));
    let described = client
        .describe_contact()
        .instance_id(INSTANCE)
        .contact_id(&id)
        .send()
        .await
        .expect("described");
    let contact = described.contact.unwrap();
    assert_eq!(contact.id.as_deref(), Some(id.as_str()));
    assert_eq!(contact.name.as_deref(), Some("Follow up"));
    assert_eq!(contact.channel, Some(Channel::Task));
    assert!(contact
        .segment_attributes
        .unwrap()
        .contains_key("connect:ContactExpiry"));

    let missing = client
        .describe_contact()
        .instance_id(INSTANCE)
        .contact_id("no-such-contact")
        .send()
        .await;
    assert!(matches!(
        missing,
        Err(SdkError::Service(ref s)) if matches!(s.error, DescribeContactError::ResourceNotFoundException(_))
    ));

    let big = "x".repeat(33_000);
    let cases: Vec<(&str, _, &str)> = vec![
        (
            "CHAT channel",
            task(&client).channel(Channel::Chat),
            "InvalidRequestException",
        ),
        (
            "VOICE with API",
            task(&client).channel(Channel::Voice),
            "InvalidRequestException",
        ),
        (
            "EMAIL OUTBOUND without UserInfo",
            task(&client)
                .channel(Channel::Email)
                .initiation_method(ContactInitiationMethod::Outbound),
            "InvalidRequestException",
        ),
        (
            "COMPLETED on EMAIL",
            task(&client)
                .channel(Channel::Email)
                .initiation_method(ContactInitiationMethod::Flow)
                .initiate_as(InitiateAs::Completed),
            "InvalidRequestException",
        ),
        (
            "PreviousContactId on TASK",
            task(&client).previous_contact_id(id.clone()),
            "InvalidRequestException",
        ),
        (
            "attribute key",
            task(&client).attributes("a b", "v"),
            "InvalidParameterException",
        ),
        (
            "attributes size",
            task(&client).attributes("k", big.clone()),
            "InvalidParameterException",
        ),
        (
            "references size",
            task(&client).references(
                "k",
                Reference::builder()
                    .value("y".repeat(5_000))
                    .r#type(ReferenceType::String)
                    .build()
                    .unwrap(),
            ),
            "InvalidParameterException",
        ),
        (
            "segment key",
            task(&client).segment_attributes("a.b", SegmentAttributeValue::ValueString("v".into())),
            "InvalidParameterException",
        ),
        (
            "ValueList under a user key",
            task(&client).segment_attributes("mine", SegmentAttributeValue::ValueList(vec![])),
            "InvalidParameterException",
        ),
        (
            "malformed expiry",
            task(&client).segment_attributes(
                "connect:ContactExpiry",
                SegmentAttributeValue::ValueInteger(5),
            ),
            "InvalidParameterException",
        ),
        (
            "unknown instance",
            task(&client).instance_id("nope"),
            "ResourceNotFoundException",
        ),
        (
            "unknown related contact",
            task(&client).related_contact_id("nope"),
            "ResourceNotFoundException",
        ),
        (
            "model constraint checked by the service",
            task(&client).instance_id("i".repeat(200)),
            "InvalidParameterException",
        ),
    ];
    for (name, call, expected) in cases {
        // The service's own checks are under test: the client's are switched off.
        assert_eq!(
            code(call.validation(false).send().await),
            expected,
            "{name}"
        );
    }

    let first = task(&client)
        .client_token("token-1")
        .name("a")
        .send()
        .await
        .unwrap();
    let again = task(&client)
        .client_token("token-1")
        .name("a")
        .send()
        .await
        .unwrap();
    assert_eq!(
        first.contact_id, again.contact_id,
        "a replay returns the first contact"
    );
    assert_eq!(
        code(task(&client).client_token("token-1").name("b").send().await),
        "IdempotencyException"
    );
    let email = task(&client)
        .channel(Channel::Email)
        .initiation_method(ContactInitiationMethod::AgentReply)
        .user_info(UserInfo::builder().user_id("agent-1").build())
        .send()
        .await;
    assert!(email.is_ok(), "{email:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_above_the_rate() {
    let local = Local::start("rate", &["--rate", "5"]);
    let client = client(&local);
    let mut codes = Vec::new();
    for _ in 0..20 {
        codes.push(code(task(&client).send().await.map(|_| ())));
    }
    let throttled = codes.iter().filter(|c| *c == "ThrottlingException").count();
    assert!(throttled >= 10, "{codes:?}");
}

fn python_available(module: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn boto3_meets_every_rule() {
    assert!(
        python_available("boto3"),
        "boto3 is not installed: run scripts/test.sh"
    );
    let local = Local::start("boto3", &[]);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/boto3_cases.py");
    let output = Command::new("python3")
        .arg(script)
        .arg(&local.url)
        .arg(INSTANCE)
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .output()
        .expect("run boto3");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: serde_json::Value = serde_json::from_str(&stdout).expect("JSON results");
    let mut problems = Vec::new();
    for case in results.as_array().unwrap() {
        let expected = case["expected"].as_str().unwrap();
        let got = case["code"].as_str().unwrap_or("ok");
        if expected != got {
            problems.push(format!(
                "{}: expected {expected}, got {got} ({})",
                case["name"], case["message"]
            ));
        }
        let message = case["message"].as_str().unwrap_or("");
        for wanted in case["contains"].as_array().into_iter().flatten() {
            let wanted = wanted.as_str().unwrap_or("");
            if !message.contains(wanted) {
                problems.push(format!(
                    "{}: the message does not say {wanted:?}: {message}",
                    case["name"]
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(results.as_array().unwrap().len() >= 22);
}

#[test]
fn the_aws_cli_creates_and_describes() {
    assert!(
        python_available("awscli"),
        "awscli is not installed: run scripts/test.sh"
    );
    let local = Local::start("aws-cli", &[]);
    let aws = |args: &[&str]| {
        let output = Command::new("python3")
            .args(["-m", "awscli", "connect"])
            .args(args)
            .args(["--endpoint-url", &local.url, "--output", "json"])
            .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", "/nonexistent")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
            .output()
            .expect("run the AWS CLI");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, stdout, stderr) = aws(&[
        "create-contact",
        "--instance-id",
        INSTANCE,
        "--channel",
        "TASK",
        "--initiation-method",
        "API",
        "--name",
        "From the CLI",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let created: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let id = created["ContactId"].as_str().unwrap();
    let (code, stdout, stderr) = aws(&[
        "describe-contact",
        "--instance-id",
        INSTANCE,
        "--contact-id",
        id,
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let described: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(described["Contact"]["Name"], "From the CLI");
    let (code, _, stderr) = aws(&[
        "create-contact",
        "--instance-id",
        INSTANCE,
        "--channel",
        "VOICE",
        "--initiation-method",
        "API",
    ]);
    assert_ne!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "An error occurred (InvalidRequestException) when calling the CreateContact operation"
        ),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_with_the_same_token_survive_resets_after_commit() {
    let local = Local::start(
        "faults",
        &["--faults", "reset-after-commit=0.3,internal=0.1,seed=7"],
    );
    let config = Config::builder()
        .env(Env::from_pairs([]))
        .region("us-east-1")
        .endpoint_url(local.url.clone())
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "test"))
        .max_attempts(12)
        .initial_backoff(std::time::Duration::from_millis(5))
        .build()
        .unwrap();
    let client = Client::new(&config);
    let mut ids = std::collections::BTreeSet::new();
    for index in 0..20 {
        let created = task(&client)
            .client_token(format!("reset-{index}"))
            .send()
            .await
            .expect("retries get through");
        ids.insert(created.contact_id.unwrap());
    }
    assert_eq!(
        ids.len(),
        20,
        "one contact per token, however often the answer was lost"
    );
    // The faults fired (the seed makes the draws the same on every run).
    let drawn = signed_admin(&local, "GET", "").body;
    let count = |fault: &str| -> u64 {
        drawn
            .split(&format!(" {fault}="))
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no count of {fault} in {drawn}"))
    };
    assert!(count("reset-after-commit") >= 3, "{drawn}");
    assert!(count("internal") >= 1, "{drawn}");
    // The faults can be changed while the service runs, by a signed request only.
    let unsigned = support::exchange(
        &local.address(),
        format!("POST /_local/faults HTTP/1.1\r\nHost: {}\r\nContent-Length: 12\r\nConnection: close\r\n\r\nthrottle=1.0", local.address()).as_bytes(),
    )
    .unwrap();
    assert_eq!(unsigned.status, 403, "{}", unsigned.body);
    assert!(
        unsigned.body.contains("Missing Authentication Token"),
        "{}",
        unsigned.body
    );
    let admin = signed_admin(&local, "POST", "throttle=1.0");
    assert_eq!(admin.status, 200, "{}", admin.body);
    let throttled = task(&client).send().await;
    assert!(
        matches!(throttled, Err(SdkError::Service(ref s)) if matches!(s.error, CreateContactError::ThrottlingException(_))),
        "{throttled:?}"
    );
}

/// `method /_local/faults` with `body`, signed with the test key.
fn signed_admin(local: &Local, method: &str, body: &str) -> support::Raw {
    let mut headers = vec![("Host".to_owned(), local.address())];
    Signer::new("us-east-1", "connect", SigningSettings::default()).sign(
        method,
        "/_local/faults",
        &mut headers,
        body.as_bytes(),
        &Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "test"),
        DateTime::from(std::time::SystemTime::now()),
    );
    let mut signed = format!("{method} /_local/faults HTTP/1.1\r\n");
    for (name, value) in &headers {
        signed.push_str(&format!("{name}: {value}\r\n"));
    }
    signed.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    support::exchange(&local.address(), signed.as_bytes()).expect("an answer")
}

#[test]
fn sigterm_stops_the_service_cleanly() {
    let mut local = Local::start("stop", &[]);
    let pid = local.child.id().to_string();
    let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(sent.success());
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = local.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(15),
            "still running"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
}
