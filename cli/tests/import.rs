//! `connect import-contacts` against `connect-local` (in this process, in memory): thousands of
//! records through injected faults, a `kill -9` and `--resume`, a second full run, CSV, bad
//! records, dry runs, standard input and Ctrl-C. What the store holds is the judge.

mod support;

use connect_local::config::DEFAULT_INSTANCE;
use connect_local::faults::Faults;
use connect_local::service::Service;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use support::{connect, local_env, scratch, start_local, Outcome};

/// 30% of requests fail: throttled, internal errors, connections reset before and after the
/// contact is committed.
const FAULTS: &str = "throttle=0.03,internal=0.12,reset=0.1,reset-after-commit=0.05,seed=11";
const RECORDS: usize = 10_000;

fn import_args(input: &Path, extra: &[&str]) -> Vec<String> {
    let mut args = vec![
        "import-contacts".to_owned(),
        "--instance-id".to_owned(),
        DEFAULT_INSTANCE.to_owned(),
        "--input".to_owned(),
        input.display().to_string(),
        "--concurrency".to_owned(),
        "32".to_owned(),
    ];
    args.extend(extra.iter().map(|w| (*w).to_owned()));
    args
}

/// Starts `connect` with `args` in `env`; its stdin is `stdin`, its output piped.
fn spawn(args: &[String], env: &[(String, String)], stdin: Stdio) -> Child {
    Command::new(env!("CARGO_BIN_EXE_connect"))
        .args(args)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start connect")
}

fn write_jsonl(path: &Path, count: usize) {
    let mut text = String::new();
    for i in 0..count {
        let record = json!({
            "Name": format!("Imported {i}"),
            "Description": "Migrated from the old system",
            "Attributes": {"batch": "b1", "row": i.to_string()},
        });
        text.push_str(&record.to_string());
        text.push('\n');
    }
    std::fs::write(path, text).expect("write input");
}

fn results(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .expect("results")
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

/// Every record has one line in the results, with a contact the store has; the store has exactly
/// the contacts of the results.
fn assert_each_stored_once(service: &Service, results: &[Value], count: usize) {
    let numbers: BTreeSet<u64> = results
        .iter()
        .filter_map(|r| r["record"].as_u64())
        .collect();
    assert_eq!(numbers.len(), count, "one result per record");
    let ids: BTreeSet<&str> = results
        .iter()
        .map(|r| {
            r["ContactId"]
                .as_str()
                .unwrap_or_else(|| panic!("no contact: {r}"))
        })
        .collect();
    assert_eq!(ids.len(), count, "no contact twice");
    assert_eq!(
        service.store.count(DEFAULT_INSTANCE).unwrap(),
        count as u64,
        "the store holds exactly the records"
    );
    for id in ids.iter().step_by(97) {
        assert!(
            service.store.get(DEFAULT_INSTANCE, id).unwrap().is_some(),
            "{id} is stored"
        );
    }
}

fn assert_success(outcome: &Outcome) {
    assert_eq!(outcome.code, 0, "{}\n{}", outcome.stdout, outcome.stderr);
}

#[test]
fn ten_thousand_records_through_faults_a_kill_and_a_resume_are_stored_once() {
    let (url, service) = start_local(Some(FAULTS));
    let dir = scratch("import-jsonl");
    let input = dir.join("contacts.jsonl");
    let results_path = dir.join("contacts.jsonl.results.jsonl");
    write_jsonl(&input, RECORDS);
    let env = local_env(&url, &dir);
    let args = import_args(&input, &["--channel", "TASK", "--initiation-method", "API"]);

    let mut child = spawn(&args, &env, Stdio::null());
    // Killed somewhere in the first part of the run: once the store holds a number of contacts
    // the seed picks (CONNECT_TEST_SEED picks another), however fast the machine is.
    let mut rng = connect_test_support::Rng::seeded(0x1e5_0c0d);
    let seed = rng.seed();
    let kill_at = 200 + rng.below(3_000) as u64;
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while service.store.count(DEFAULT_INSTANCE).unwrap() < kill_at {
        assert!(
            std::time::Instant::now() < deadline,
            "seed {seed}: the import stored fewer than {kill_at} contacts in 120 s"
        );
        assert!(
            child.try_wait().expect("wait").is_none(),
            "seed {seed}: the import ended before it was killed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let before = service.store.count(DEFAULT_INSTANCE).unwrap();
    assert!(
        before >= kill_at && before < RECORDS as u64,
        "seed {seed}: killed midway: {before}"
    );

    let resumed = connect(&[args.clone(), vec!["--resume".to_owned()]].concat(), &env);
    assert_success(&resumed);
    assert!(
        resumed.stdout.contains("skipped, answered before:"),
        "{}",
        resumed.stdout
    );
    let after_resume = results(&results_path);
    assert_each_stored_once(&service, &after_resume, RECORDS);

    // The whole file again: nothing new, every record already present.
    service.set_faults(Faults::default());
    let again = connect(&args, &env);
    assert_success(&again);
    assert!(again.stdout.contains("  created: 0\n"), "{}", again.stdout);
    assert!(
        again
            .stdout
            .contains(&format!("  already present: {RECORDS}\n")),
        "{}",
        again.stdout
    );
    assert_eq!(
        service.store.count(DEFAULT_INSTANCE).unwrap(),
        RECORDS as u64
    );
    let rerun = results(&results_path);
    assert!(rerun.iter().all(|r| r["status"] == "present"));
    let first: BTreeSet<&str> = after_resume
        .iter()
        .filter_map(|r| r["ContactId"].as_str())
        .collect();
    let second: BTreeSet<&str> = rerun
        .iter()
        .filter_map(|r| r["ContactId"].as_str())
        .collect();
    assert_eq!(first, second, "the same contacts came back");
}

#[test]
fn ten_thousand_csv_records_through_faults_are_stored_once() {
    let (url, service) = start_local(Some(FAULTS));
    let dir = scratch("import-csv");
    let input = dir.join("contacts.csv");
    let mut text = "Name,Channel,InitiationMethod,InitiateAs,Attributes.team,References.ticket.Value,References.ticket.Type\n".to_owned();
    for i in 0..RECORDS {
        text.push_str(&format!(
            "\"Case {i}, \"\"migrated\"\"\",TASK,API,COMPLETED,blue,https://tickets.example.com/{i},URL\n"
        ));
    }
    std::fs::write(&input, text).unwrap();
    let outcome = connect(&import_args(&input, &[]), &local_env(&url, &dir));
    assert_success(&outcome);
    assert!(
        outcome.stdout.contains(&format!("  created: {RECORDS}\n")),
        "{}",
        outcome.stdout
    );
    let results = results(&dir.join("contacts.csv.results.jsonl"));
    assert_each_stored_once(&service, &results, RECORDS);
    let one = results[0]["ContactId"].as_str().unwrap();
    let stored = service.store.get(DEFAULT_INSTANCE, one).unwrap().unwrap();
    assert!(stored
        .name
        .as_deref()
        .unwrap_or("")
        .ends_with(", \"migrated\""));
    assert_eq!(stored.initiate_as.as_deref(), Some("COMPLETED"));
}

#[test]
fn bad_records_are_reported_by_line_and_the_rest_imported() {
    let (url, service) = start_local(None);
    let dir = scratch("import-bad");
    let input = dir.join("mixed.jsonl");
    std::fs::write(
        &input,
        [
            r#"{"Name": "good one"}"#,
            "",
            r#"{"Name": "bad channel", "Channel": "PIGEON"}"#,
            r#"{not json"#,
            r#"["an", "array"]"#,
            r#"{"Name": "wrong type", "ExpiryDurationInMinutes": "soon"}"#,
            r#"{"Name": "other instance", "InstanceId": "not-this-one"}"#,
            r#"{"Name": "good two", "ClientToken": "my-own-token"}"#,
        ]
        .join("\n"),
    )
    .unwrap();
    let outcome = connect(
        &import_args(&input, &["--channel", "TASK", "--initiation-method", "API"]),
        &local_env(&url, &dir),
    );
    assert_eq!(outcome.code, 252, "{}\n{}", outcome.stdout, outcome.stderr);
    for line in [4, 5, 6, 7] {
        assert!(
            outcome
                .stderr
                .contains(&format!("mixed.jsonl: line {line}: ")),
            "line {line}:\n{}",
            outcome.stderr
        );
    }
    // Enum values are the service's to check (as with create-contact): it refuses PIGEON.
    assert!(
        outcome.stdout.contains("  created: 2\n"),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome.stdout.contains("  failed: 1 ("),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome
            .stdout
            .contains("invalid, not sent: 4 (lines 4, 5, 6, 7)"),
        "{}",
        outcome.stdout
    );
    assert_eq!(service.store.count(DEFAULT_INSTANCE).unwrap(), 2);
    let results = results(&dir.join("mixed.jsonl.results.jsonl"));
    let invalid: Vec<u64> = results
        .iter()
        .filter(|r| r["status"] == "invalid")
        .filter_map(|r| r["line"].as_u64())
        .collect();
    assert_eq!(invalid, [4, 5, 6, 7]);
    let refused = results
        .iter()
        .find(|r| r["status"] == "failed")
        .expect("PIGEON refused");
    assert_eq!(refused["line"], 3);
}

#[test]
fn a_dry_run_checks_everything_and_sends_nothing() {
    let (url, service) = start_local(None);
    let dir = scratch("import-dry");
    let input = dir.join("ok.jsonl");
    write_jsonl(&input, 50);
    let outcome = connect(
        &import_args(
            &input,
            &[
                "--channel",
                "TASK",
                "--initiation-method",
                "API",
                "--dry-run",
            ],
        ),
        &local_env(&url, &dir),
    );
    assert_success(&outcome);
    assert!(
        outcome
            .stdout
            .contains("50 valid, 0 invalid; nothing was sent"),
        "{}",
        outcome.stdout
    );
    assert_eq!(service.store.count(DEFAULT_INSTANCE).unwrap(), 0);
    assert!(!dir.join("ok.jsonl.results.jsonl").exists());
}

#[test]
fn standard_input_and_failures_at_the_service() {
    let (url, service) = start_local(None);
    let dir = scratch("import-stdin");
    // EMAIL contacts need more than a name: the service refuses them (InvalidRequestException).
    let text = "{\"Name\": \"fine\", \"Channel\": \"TASK\"}\n{\"Name\": \"refused\", \"Channel\": \"EMAIL\"}\n";
    let results_path = dir.join("out.jsonl");
    let args = import_args(
        Path::new("-"),
        &[
            "--initiation-method",
            "API",
            "--results",
            &results_path.display().to_string(),
        ],
    );
    let mut child = spawn(&args, &local_env(&url, &dir), Stdio::piped());
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), text.as_bytes()).unwrap();
    drop(child.stdin.take());
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(254), "{stdout}");
    assert!(stdout.contains("  created: 1\n"), "{stdout}");
    assert!(
        stdout.contains("failed: 1 (InvalidRequestException 1)"),
        "{stdout}"
    );
    assert_eq!(service.store.count(DEFAULT_INSTANCE).unwrap(), 1);
    let failed: Vec<Value> = results(&results_path)
        .into_iter()
        .filter(|r| r["status"] == "failed")
        .collect();
    assert_eq!(failed[0]["record"], 2);
    assert_eq!(failed[0]["code"], "InvalidRequestException");
}

#[test]
fn ctrl_c_stops_cleanly_and_says_how_to_resume() {
    let (url, service) = start_local(None);
    let dir = scratch("import-interrupt");
    let input = dir.join("many.jsonl");
    write_jsonl(&input, 3_000);
    let env = local_env(&url, &dir);
    let args = import_args(
        &input,
        &[
            "--channel",
            "TASK",
            "--initiation-method",
            "API",
            "--max-rate",
            "500",
        ],
    );
    let child = spawn(&args, &env, Stdio::null());
    std::thread::sleep(Duration::from_millis(1_500));
    let signalled = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(signalled.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("--resume"), "{stderr}");
    let stored = service.store.count(DEFAULT_INSTANCE).unwrap();
    let answered = results(&dir.join("many.jsonl.results.jsonl")).len() as u64;
    assert_eq!(
        stored, answered,
        "every request in flight finished and was recorded"
    );
    let resumed = connect(&[args, vec!["--resume".to_owned()]].concat(), &env);
    assert_success(&resumed);
    assert_eq!(service.store.count(DEFAULT_INSTANCE).unwrap(), 3_000);
}

#[test]
fn resuming_another_import_or_nothing_is_refused() {
    let (url, _service) = start_local(None);
    let dir = scratch("import-refused");
    let input = dir.join("a.jsonl");
    write_jsonl(&input, 3);
    let env = local_env(&url, &dir);
    let args = import_args(&input, &["--channel", "TASK", "--initiation-method", "API"]);
    let nothing = connect(&[args.clone(), vec!["--resume".to_owned()]].concat(), &env);
    assert_eq!(nothing.code, 252, "{}", nothing.stderr);
    assert!(
        nothing.stderr.contains("no state of an earlier import"),
        "{}",
        nothing.stderr
    );
    assert_success(&connect(&args, &env));
    write_jsonl(&input, 4);
    let other = connect(&[args, vec!["--resume".to_owned()]].concat(), &env);
    assert_eq!(other.code, 252, "{}", other.stderr);
    assert!(
        other.stderr.contains("belongs to another import"),
        "{}",
        other.stderr
    );
}
