//! The service on the wire: every way a signature can be wrong, hostile requests, and contacts
//! that survive the process being killed at any moment.

mod support;

use support::{create_body, exchange, now, request, untouched, Local, Signing, Tamper, INSTANCE};

const PATH: &str = "/contact/create-contact";

#[test]
fn signatures_are_checked() {
    let local = Local::start("signatures", &[]);
    let address = local.address();
    let body = create_body("sig-1");
    let send = |signing: Signing<'_>, tamper: Tamper<'_>| {
        exchange(
            &address,
            &request(&address, "PUT", PATH, &body, signing, tamper),
        )
        .expect("an answer")
    };
    let valid = Signing::valid;
    let ok = send(valid(), &untouched);
    assert_eq!(ok.status, 200, "{}", ok.body);
    let cases: Vec<(&str, support::Raw, &str, &str)> = vec![
        (
            "unsigned",
            send(Signing::none(), &untouched),
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        ),
        (
            "wrong secret",
            send(
                Signing {
                    secret: Some("wrong"),
                    ..valid()
                },
                &untouched,
            ),
            "InvalidSignatureException",
            "does not match",
        ),
        (
            "tampered body",
            send(valid(), &|_, b| *b = b.replace("\"n\"", "\"m\"")),
            "InvalidSignatureException",
            "does not match",
        ),
        (
            "tampered header",
            send(valid(), &|h, _| {
                for (name, value) in h.iter_mut() {
                    if name == "X-Test" {
                        *value = "changed".to_owned();
                    }
                }
            }),
            "InvalidSignatureException",
            "does not match",
        ),
        (
            "stale date",
            send(
                Signing {
                    time: now() - 600,
                    ..valid()
                },
                &untouched,
            ),
            "InvalidSignatureException",
            "Signature expired",
        ),
        (
            "wrong region",
            send(
                Signing {
                    region: "eu-west-1",
                    ..valid()
                },
                &untouched,
            ),
            "InvalidSignatureException",
            "region",
        ),
        (
            "wrong service",
            send(
                Signing {
                    service: "s3",
                    ..valid()
                },
                &untouched,
            ),
            "InvalidSignatureException",
            "service",
        ),
        (
            "unknown key",
            send(valid(), &|h, _| {
                for (name, value) in h.iter_mut() {
                    if name == "Authorization" {
                        *value = value.replace("AKIDLOCALCONNECT", "AKIDUNKNOWN");
                    }
                }
            }),
            "UnrecognizedClientException",
            "security token",
        ),
    ];
    for (name, answer, code, words) in cases {
        assert_eq!(answer.status, 403, "{name}: {}", answer.body);
        assert_eq!(answer.header("x-amzn-errortype"), Some(code), "{name}");
        assert!(answer.body.contains(words), "{name}: {}", answer.body);
    }
    let off = Local::start("no-auth", &["--no-auth"]);
    let address = off.address();
    let unsigned = exchange(
        &address,
        &request(&address, "PUT", PATH, &body, Signing::none(), &untouched),
    )
    .unwrap();
    assert_eq!(
        unsigned.status, 200,
        "--no-auth accepts unsigned requests: {}",
        unsigned.body
    );
}

#[test]
fn hostile_requests_are_refused_and_the_service_keeps_answering() {
    let local = Local::start("hostile", &["--no-auth"]);
    let address = local.address();
    let post = |path: &str, body: &[u8]| {
        let mut bytes = format!(
            "PUT {path} HTTP/1.1\r\nHost: {address}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        bytes.extend_from_slice(body);
        exchange(&address, &bytes)
    };
    // Slow clients hold connections open without finishing their headers.
    let slow: Vec<std::net::TcpStream> = (0..20)
        .map(|_| {
            let mut stream = std::net::TcpStream::connect(&address).unwrap();
            std::io::Write::write_all(
                &mut stream,
                b"PUT /contact/create-contact HTTP/1.1\r\nHost: x\r\n",
            )
            .unwrap();
            stream
        })
        .collect();
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_object = format!(
        r#"{{"InstanceId": "{INSTANCE}", "Channel": "TASK", "InitiationMethod": "API", "Attributes": {deep}}}"#
    );
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "deep JSON",
            deep_object.into_bytes(),
            400,
            "SerializationException",
        ),
        (
            "truncated JSON",
            br#"{"InstanceId": "abc", "Chan"#.to_vec(),
            400,
            "SerializationException",
        ),
        (
            "not UTF-8",
            b"{\"InstanceId\": \"\xff\xfe\"}".to_vec(),
            400,
            "SerializationException",
        ),
        (
            "wrong type",
            br#"{"InstanceId": 5, "Channel": "TASK", "InitiationMethod": "API"}"#.to_vec(),
            400,
            "SerializationException",
        ),
        (
            "huge body",
            vec![b' '; 2 * 1024 * 1024],
            413,
            "RequestEntityTooLargeException",
        ),
        (
            "missing members",
            b"{}".to_vec(),
            400,
            "InvalidParameterException",
        ),
    ];
    for (name, body, status, code) in cases {
        let answer = post(PATH, &body).unwrap_or_else(|| panic!("{name}: no answer"));
        assert_eq!(answer.status, status, "{name}: {}", answer.body);
        assert_eq!(answer.header("x-amzn-errortype"), Some(code), "{name}");
    }
    let unknown = post("/no/such/operation", b"{}").unwrap();
    assert_eq!(unknown.status, 404);
    assert_eq!(
        unknown.header("x-amzn-errortype"),
        Some("UnknownOperationException")
    );
    // Random bytes: whatever comes back, the service stays up.
    let mut rng = connect_test_support::Rng::seeded(0x1234_5678_9abc_def0);
    for _ in 0..50 {
        let length = rng.below(512);
        let bytes: Vec<u8> = (0..length).map(|_| rng.next_u64() as u8).collect();
        // Either no answer (the connection closed) or a client error: never a success, never a
        // server error.
        if let Some(answer) = exchange(&address, &bytes) {
            assert!(
                (400..500).contains(&answer.status),
                "{} for {} random bytes: {}",
                answer.status,
                bytes.len(),
                answer.body
            );
        }
    }
    let fine = post(PATH, create_body("after-the-storm").as_bytes()).expect("still answering");
    assert_eq!(fine.status, 200, "{}", fine.body);
    drop(slow);
}

#[test]
fn answered_contacts_survive_kill_9() {
    let data = support::scratch("durability").join("contacts.db");
    let mut local = Local::start_with(data.clone(), &["--no-auth"]);
    let address = local.address();
    let answered = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let writer = {
        let answered = answered.clone();
        let address = address.clone();
        std::thread::spawn(move || {
            for index in 0.. {
                let token = format!("durable-{index}");
                let bytes = request(
                    &address,
                    "PUT",
                    PATH,
                    &create_body(&token),
                    Signing::none(),
                    &untouched,
                );
                match exchange(&address, &bytes) {
                    Some(answer) if answer.status == 200 => {
                        let id = serde_json::from_str::<serde_json::Value>(&answer.body).unwrap()
                            ["ContactId"]
                            .as_str()
                            .unwrap()
                            .to_owned();
                        answered.lock().unwrap().push((token, id));
                    }
                    _ => break,
                }
            }
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(1500));
    local.kill();
    writer.join().unwrap();
    let answered = answered.lock().unwrap().clone();
    assert!(
        answered.len() > 20,
        "only {} creates answered before the kill",
        answered.len()
    );
    let restarted = Local::start_with(data, &["--no-auth"]);
    let address = restarted.address();
    for (token, id) in &answered {
        let path = format!("/contacts/{INSTANCE}/{id}");
        let described = exchange(
            &address,
            &request(&address, "GET", &path, "", Signing::none(), &untouched),
        )
        .unwrap();
        assert_eq!(
            described.status, 200,
            "{id} was answered but is gone: {}",
            described.body
        );
        let replay = exchange(
            &address,
            &request(
                &address,
                "PUT",
                PATH,
                &create_body(token),
                Signing::none(),
                &untouched,
            ),
        )
        .unwrap();
        let again =
            serde_json::from_str::<serde_json::Value>(&replay.body).unwrap()["ContactId"].clone();
        assert_eq!(
            again.as_str(),
            Some(id.as_str()),
            "{token} is stored exactly once"
        );
    }
    println!(
        "durability: {} answered contacts all present after kill -9",
        answered.len()
    );
}

#[test]
fn connections_beyond_the_limit_wait_until_one_closes() {
    use std::io::{Read, Write};
    let local = Local::start("limit", &["--max-connections", "1"]);
    let address = local.address();
    // The first connection holds the only slot.
    let holder = std::net::TcpStream::connect(&address).unwrap();
    let request =
        format!("GET /_local/faults HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    let mut waiting = std::net::TcpStream::connect(&address).unwrap();
    waiting.write_all(request.as_bytes()).unwrap();
    waiting
        .set_read_timeout(Some(std::time::Duration::from_millis(500)))
        .unwrap();
    let mut byte = [0u8; 1];
    let early = waiting.read(&mut byte);
    assert!(
        matches!(&early, Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut)),
        "answered while the only slot was taken: {early:?}"
    );
    drop(holder);
    waiting
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let mut answer = String::new();
    waiting.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
}
