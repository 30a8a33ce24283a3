//! `connect create-contact` against `connect-local` (run in this process): the contact is signed,
//! checked, stored, and the service's errors come back in the AWS CLI's words and exit status.

mod support;

use connect_local::config::DEFAULT_INSTANCE;
use support::{connect, local_env, scratch, start_local};

#[test]
fn connect_creates_contacts_in_the_local_service() {
    let (url, service) = start_local(None);
    let home = scratch("local-home");
    let env = local_env(&url, &home);
    let args = |extra: &[&str]| -> Vec<String> {
        let mut all = vec![
            "create-contact",
            "--instance-id",
            DEFAULT_INSTANCE,
            "--initiation-method",
            "API",
        ];
        all.extend_from_slice(extra);
        all.iter().map(|w| (*w).to_owned()).collect()
    };
    let created = connect(
        &args(&[
            "--channel",
            "TASK",
            "--initiate-as",
            "COMPLETED",
            "--name",
            "From connect",
            "--query",
            "ContactId",
            "--output",
            "text",
        ]),
        &env,
    );
    assert_eq!(created.code, 0, "{}", created.stderr);
    let id = created.stdout.trim();
    let stored = service
        .store
        .get(DEFAULT_INSTANCE, id)
        .unwrap()
        .expect("stored");
    assert_eq!(stored.name.as_deref(), Some("From connect"));
    assert_eq!(stored.initiate_as.as_deref(), Some("COMPLETED"));

    let refused = connect(&args(&["--channel", "VOICE"]), &env);
    assert_eq!(refused.code, 254, "{}", refused.stderr);
    assert!(
        refused.stderr.contains(
            "An error occurred (InvalidRequestException) when calling the CreateContact operation"
        ),
        "{}",
        refused.stderr
    );
    let mut wrong_key = env.clone();
    wrong_key.retain(|(k, _)| k != "AWS_SECRET_ACCESS_KEY");
    wrong_key.push(("AWS_SECRET_ACCESS_KEY".into(), "not-the-secret".into()));
    let unsigned = connect(&args(&["--channel", "TASK"]), &wrong_key);
    assert_eq!(unsigned.code, 254, "{}", unsigned.stderr);
    assert!(
        unsigned.stderr.contains("InvalidSignatureException"),
        "{}",
        unsigned.stderr
    );
    assert_eq!(service.store.count(DEFAULT_INSTANCE).unwrap(), 1);
}

use connect_test_support::proxy;

#[test]
fn connect_goes_through_the_proxy_the_environment_names() {
    let (url, _service) = start_local(None);
    let home = scratch("proxy-home");
    let proxy = proxy::Proxy::start(Some("Basic dXNlcjpwYXNzd29yZA=="));
    let args: Vec<String> = [
        "create-contact",
        "--instance-id",
        DEFAULT_INSTANCE,
        "--channel",
        "TASK",
        "--initiation-method",
        "API",
        "--query",
        "ContactId",
        "--output",
        "text",
        "--debug",
    ]
    .iter()
    .map(|w| (*w).to_owned())
    .collect();
    let mut env = local_env(&url, &home);
    let with_credentials = proxy.url.replace("http://", "http://user:password@");
    env.push(("HTTP_PROXY".into(), with_credentials));
    let through = connect(&args, &env);
    assert_eq!(through.code, 0, "{}", through.stderr);
    assert!(!through.stdout.trim().is_empty());
    let host = url.trim_start_matches("http://");
    let asked = proxy.asked();
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert_eq!(
        asked[0].line,
        format!("PUT http://{host}/contact/create-contact HTTP/1.1")
    );
    // --debug names the proxy, never its password.
    assert!(through.stderr.contains(&proxy.url), "{}", through.stderr);
    assert!(
        !through.stderr.contains("password") && !through.stderr.contains("dXNlcjpwYXNzd29yZA"),
        "{}",
        through.stderr
    );
    env.push(("NO_PROXY".into(), "127.0.0.1".into()));
    let direct = connect(&args, &env);
    assert_eq!(direct.code, 0, "{}", direct.stderr);
    assert_eq!(proxy.asked().len(), 1, "NO_PROXY bypasses the proxy");
}

#[test]
fn describe_contact_reads_back_what_create_contact_stored_in_every_format() {
    let (url, _service) = start_local(None);
    let home = scratch("describe-home");
    let env = local_env(&url, &home);
    let words = |list: &[&str]| -> Vec<String> { list.iter().map(|w| (*w).to_owned()).collect() };
    let created = connect(
        &words(&[
            "create-contact",
            "--instance-id",
            DEFAULT_INSTANCE,
            "--channel",
            "TASK",
            "--initiation-method",
            "API",
            "--name",
            "Read me back",
            "--query",
            "ContactId",
            "--output",
            "text",
        ]),
        &env,
    );
    assert_eq!(created.code, 0, "{}", created.stderr);
    let id = created.stdout.trim().to_owned();
    let describe = |extra: &[&str]| {
        let mut all = words(&[
            "describe-contact",
            "--instance-id",
            DEFAULT_INSTANCE,
            "--contact-id",
            &id,
        ]);
        all.extend(words(extra));
        let run = connect(&all, &env);
        assert_eq!(run.code, 0, "{extra:?}: {}", run.stderr);
        run.stdout
    };

    let json: serde_json::Value =
        serde_json::from_str(&describe(&["--output", "json"])).expect("JSON output");
    assert_eq!(json["Contact"]["Id"], id.as_str());
    assert_eq!(json["Contact"]["Name"], "Read me back");
    assert_eq!(json["Contact"]["Channel"], "TASK");
    assert_eq!(json["Contact"]["InitiationMethod"], "API");

    let text = describe(&[
        "--query",
        "[Contact.Id, Contact.Name, Contact.Channel]",
        "--output",
        "text",
    ]);
    assert_eq!(text, format!("{id}\tRead me back\tTASK\n"));

    let table = describe(&["--output", "table"]);
    assert!(table.contains("DescribeContact"), "{table}");
    assert!(
        table
            .lines()
            .any(|line| line.contains("Name") && line.contains("Read me back")),
        "{table}"
    );

    let yaml = describe(&["--output", "yaml"]);
    assert!(yaml.starts_with("Contact:\n"), "{yaml}");
    assert!(yaml.contains(&format!("  Id: {id}\n")), "{yaml}");
    assert!(yaml.contains("  Name: Read me back\n"), "{yaml}");

    let missing = connect(
        &words(&[
            "describe-contact",
            "--instance-id",
            DEFAULT_INSTANCE,
            "--contact-id",
            "00000000-0000-0000-0000-00000000dead",
        ]),
        &env,
    );
    assert_eq!(missing.code, 254, "{}", missing.stderr);
    assert!(
        missing.stderr.contains(
            "An error occurred (ResourceNotFoundException) when calling the DescribeContact operation"
        ),
        "{}",
        missing.stderr
    );
}
