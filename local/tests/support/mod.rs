//! Starting `connect-local` for a test, and signing raw requests to it.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub const INSTANCE: &str = "00000000-0000-4000-8000-000000000001";
pub const ACCESS_KEY: &str = "AKIDLOCALCONNECT";
pub const SECRET_KEY: &str = "local-connect-test-secret";

/// A running `connect-local`, killed when dropped.
pub struct Local {
    pub child: Child,
    pub url: String,
    pub data: PathBuf,
}

/// A fresh directory for a test's files.
pub fn scratch(name: &str) -> PathBuf {
    connect_test_support::scratch(&format!("local-{name}"))
}

impl Local {
    /// Starts the service on a free port with its store in `data`, plus `args`.
    pub fn start_with(data: PathBuf, args: &[&str]) -> Local {
        let mut child = Command::new(env!("CARGO_BIN_EXE_connect-local"))
            .args(["--listen", "127.0.0.1:0", "--data"])
            .arg(&data)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start connect-local");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("connect-local prints its address");
        let url = line
            .trim()
            .rsplit(' ')
            .next()
            .expect("an address")
            .to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "{line}");
        Local { child, url, data }
    }

    pub fn start(name: &str, args: &[&str]) -> Local {
        Local::start_with(scratch(name).join("contacts.db"), args)
    }

    pub fn address(&self) -> String {
        self.url.trim_start_matches("http://").to_owned()
    }

    /// Kills the process at once (SIGKILL).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Local {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A response as a raw client reads it.
#[derive(Debug)]
pub struct Raw {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Raw {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends raw bytes and reads the whole answer (the server closes after `Connection: close`);
/// `None` when the connection ends without a status line.
pub fn exchange(address: &str, bytes: &[u8]) -> Option<Raw> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).ok()?;
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .ok()?;
    stream.write_all(bytes).ok()?;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let mut lines = head.lines();
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Some(Raw {
        status,
        headers,
        body: body.to_owned(),
    })
}

/// How a test request is signed: with `secret` (none: unsigned) for `region` and `service` at
/// `time` (seconds since the epoch).
#[derive(Clone, Copy)]
pub struct Signing<'a> {
    pub secret: Option<&'a str>,
    pub region: &'a str,
    pub service: &'a str,
    pub time: i64,
}

impl Signing<'static> {
    /// Signed now with the test key, for the default region and `connect`.
    pub fn valid() -> Self {
        Signing {
            secret: Some(SECRET_KEY),
            region: "us-east-1",
            service: "connect",
            time: now(),
        }
    }

    /// Not signed at all.
    pub fn none() -> Self {
        Signing {
            secret: None,
            ..Signing::valid()
        }
    }
}

/// Changes a signed request's headers and body before it is sent.
pub type Tamper<'a> = &'a dyn Fn(&mut Vec<(String, String)>, &mut String);

/// Leaves a request as it was signed.
pub fn untouched(_: &mut Vec<(String, String)>, _: &mut String) {}

/// A request's bytes, signed as `signing` says, then changed by `tamper`.
pub fn request(
    address: &str,
    method: &str,
    path: &str,
    body: &str,
    signing: Signing<'_>,
    tamper: Tamper<'_>,
) -> Vec<u8> {
    use connect_runtime::credentials::Credentials;
    use connect_runtime::primitives::DateTime;
    use connect_runtime::sigv4::{Signer, SigningSettings};
    let mut headers = vec![
        ("Host".to_owned(), address.to_owned()),
        ("Content-Type".to_owned(), "application/json".to_owned()),
        ("X-Test".to_owned(), "original".to_owned()),
    ];
    if let Some(secret) = signing.secret {
        let signer = Signer::new(signing.region, signing.service, SigningSettings::default());
        let credentials = Credentials::new(ACCESS_KEY, secret, None, None, "test");
        signer.sign(
            method,
            path,
            &mut headers,
            body.as_bytes(),
            &credentials,
            DateTime::from_secs(signing.time),
        );
    }
    let mut body = body.to_owned();
    tamper(&mut headers, &mut body);
    let mut text = format!("{method} {path} HTTP/1.1\r\n");
    for (name, value) in &headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    text.into_bytes()
}

/// Seconds since the epoch now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A CreateContact body for the default instance.
pub fn create_body(token: &str) -> String {
    format!(
        r#"{{"InstanceId": "{INSTANCE}", "ClientToken": "{token}", "Channel": "TASK", "InitiationMethod": "API", "Name": "n"}}"#
    )
}
