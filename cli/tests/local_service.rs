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
