//! `connect create-contact` against `connect-local` (run in this process): the contact is signed,
//! checked, stored, and the service's errors come back in the AWS CLI's words and exit status.

mod support;

use connect_local::config::{Options, DEFAULT_ACCESS_KEY, DEFAULT_INSTANCE, DEFAULT_SECRET_KEY};
use connect_local::service::Service;
use connect_local::store::Store;
use std::sync::Arc;
use support::{connect, scratch};

/// Starts the service on a free port; its address and the service (for its store).
fn start() -> (String, Arc<Service>) {
    let options = Options {
        data: None,
        ..connect_local::config::parse(&[]).expect("defaults")
    };
    let service = Service::new(options, Store::open(None).expect("store"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let served = service.clone();
    std::thread::spawn(move || {
        let (_keep, stop) = tokio::sync::watch::channel(false);
        runtime.block_on(connect_local::server::run(listener, served, stop));
    });
    (address, service)
}

#[test]
fn connect_creates_contacts_in_the_local_service() {
    let (url, service) = start();
    let home = scratch("local-home");
    let env: Vec<(String, String)> = vec![
        ("AWS_ACCESS_KEY_ID".into(), DEFAULT_ACCESS_KEY.into()),
        ("AWS_SECRET_ACCESS_KEY".into(), DEFAULT_SECRET_KEY.into()),
        ("AWS_DEFAULT_REGION".into(), "us-east-1".into()),
        ("AWS_ENDPOINT_URL_CONNECT".into(), url),
        ("HOME".into(), home.display().to_string()),
        (
            "AWS_CONFIG_FILE".into(),
            home.join("config").display().to_string(),
        ),
        (
            "AWS_SHARED_CREDENTIALS_FILE".into(),
            home.join("credentials").display().to_string(),
        ),
    ];
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
