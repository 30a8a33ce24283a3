//! What the command-line tests share: the workspace's scripted server answering with a canned
//! response, its SigV4 check for the test key, and runners for `connect` and for the AWS CLI v1
//! (from PyPI) in one long-lived Python process.

#![allow(dead_code)]

use connect_test_support::server::{Server, Step};
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

pub const ACCESS_KEY: &str = "AKIDEXAMPLE";
pub const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// A request as the server received it.
pub type Captured = connect_test_support::server::Request;

/// The SigV4 check of a captured request, for the test key.
pub trait Signed {
    /// Whether the request carries a valid SigV4 signature for the test key.
    fn signature_is_valid(&self) -> bool;
}

impl Signed for Captured {
    fn signature_is_valid(&self) -> bool {
        connect_test_support::signature_is_valid(self, ACCESS_KEY, SECRET_KEY)
    }
}

/// The response the server gives next.
#[derive(Clone, Debug)]
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Canned {
    pub fn json(status: u16, body: &str) -> Canned {
        Canned {
            status,
            headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
            body: body.to_owned(),
        }
    }

    /// The server's step for it: the response, then the connection closed.
    fn step(&self) -> Step {
        let mut headers = self.headers.clone();
        headers.push(("Connection".to_owned(), "close".to_owned()));
        Step::Respond {
            status: self.status,
            headers,
            body: self.body.clone(),
        }
    }
}

/// The workspace's scripted server, answering every request with one canned response.
pub struct CaptureServer(Server);

impl CaptureServer {
    pub fn start() -> CaptureServer {
        CaptureServer(Server::start(vec![Canned::json(200, "{}").step()]))
    }

    pub fn url(&self) -> String {
        self.0.url.clone()
    }

    /// Sets the next answers and forgets what was received.
    pub fn prepare(&self, canned: Canned) {
        self.0.prepare(vec![canned.step()]);
    }

    /// The requests received since [`CaptureServer::prepare`].
    pub fn taken(&self) -> Vec<Captured> {
        self.0.taken()
    }
}

/// What a command printed and its exit status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A fresh directory for files the tests write.
pub fn scratch(name: &str) -> PathBuf {
    connect_test_support::scratch(&format!("cli-{name}"))
}

/// The environment both commands run in: test credentials, a region, and an empty home so no
/// profile of the machine's leaks in.
pub fn base_env(home: &Path) -> Vec<(String, String)> {
    vec![
        ("AWS_ACCESS_KEY_ID".to_owned(), ACCESS_KEY.to_owned()),
        ("AWS_SECRET_ACCESS_KEY".to_owned(), SECRET_KEY.to_owned()),
        ("AWS_DEFAULT_REGION".to_owned(), "us-east-1".to_owned()),
        ("HOME".to_owned(), home.display().to_string()),
        (
            "AWS_CONFIG_FILE".to_owned(),
            home.join("config").display().to_string(),
        ),
        (
            "AWS_SHARED_CREDENTIALS_FILE".to_owned(),
            home.join("credentials").display().to_string(),
        ),
        ("AWS_MAX_ATTEMPTS".to_owned(), "1".to_owned()),
        ("PATH".to_owned(), std::env::var("PATH").unwrap_or_default()),
    ]
}

/// Runs `connect` with exactly this environment.
pub fn connect(args: &[String], env: &[(String, String)]) -> Outcome {
    let output = Command::new(env!("CARGO_BIN_EXE_connect"))
        .args(args)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .output()
        .expect("run connect");
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The AWS CLI v1 running in one Python process, one invocation per line.
pub struct AwsCli {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl AwsCli {
    /// Starts the oracle, or `None` when awscli is not installed (`scripts/test.sh` installs it).
    pub fn start() -> Option<AwsCli> {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/aws_cli.py");
        let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
        let probe = Command::new(&python)
            .args(["-c", "import awscli"])
            .output()
            .ok()?;
        if !probe.status.success() {
            return None;
        }
        // UTF-8 mode: files are read as UTF-8 whatever the machine's locale, as on a user's machine.
        let mut child = Command::new(python)
            .arg(script)
            .env("PYTHONUTF8", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .ok()?;
        let stdin = child.stdin.take()?;
        let stdout = BufReader::new(child.stdout.take()?);
        Some(AwsCli {
            child,
            stdin,
            stdout,
        })
    }

    /// Runs `aws connect <args>`.
    pub fn run(&mut self, args: &[String], env: &[(String, String)]) -> Outcome {
        let mut all = vec!["connect".to_owned()];
        all.extend(args.iter().cloned());
        let env: serde_json::Map<String, Value> = env
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        let request = serde_json::json!({ "args": all, "env": env });
        writeln!(self.stdin, "{request}").expect("write to the AWS CLI oracle");
        self.stdin.flush().unwrap();
        let mut line = String::new();
        self.stdout
            .read_line(&mut line)
            .expect("read from the AWS CLI oracle");
        let answer: Value = serde_json::from_str(&line).expect("the oracle answers JSON");
        Outcome {
            code: answer["code"].as_i64().unwrap_or(-1) as i32,
            stdout: answer["stdout"].as_str().unwrap_or_default().to_owned(),
            stderr: answer["stderr"].as_str().unwrap_or_default().to_owned(),
        }
    }
}

impl Drop for AwsCli {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `connect-local` (in memory, in this process) on a free port, with `faults` if given;
/// its URL and the service (for its store and faults).
pub fn start_local(
    faults: Option<&str>,
) -> (String, std::sync::Arc<connect_local::service::Service>) {
    let mut options = connect_local::config::Options {
        data: None,
        ..connect_local::config::parse(&[]).expect("defaults")
    };
    if let Some(spec) = faults {
        options.faults = connect_local::faults::Faults::parse(spec).expect("faults");
    }
    serve_local(options)
}

/// `connect-local` as [`start_local`] starts it, throttling above `rate` requests a second.
pub fn start_local_with_rate(
    rate: f64,
) -> (String, std::sync::Arc<connect_local::service::Service>) {
    serve_local(connect_local::config::Options {
        data: None,
        rate: Some(rate),
        ..connect_local::config::parse(&[]).expect("defaults")
    })
}

fn serve_local(
    options: connect_local::config::Options,
) -> (String, std::sync::Arc<connect_local::service::Service>) {
    let store = connect_local::store::Store::open(None).expect("store");
    let service = connect_local::service::Service::new(options, store);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    let served = service.clone();
    std::thread::spawn(move || {
        let (_keep, stop) = tokio::sync::watch::channel(false);
        runtime.block_on(connect_local::server::run(listener, served, stop));
    });
    (address, service)
}

/// The environment for `connect` against a `connect-local` at `url`: its test keys, its region,
/// and an empty home.
pub fn local_env(url: &str, home: &Path) -> Vec<(String, String)> {
    vec![
        (
            "AWS_ACCESS_KEY_ID".into(),
            connect_local::config::DEFAULT_ACCESS_KEY.into(),
        ),
        (
            "AWS_SECRET_ACCESS_KEY".into(),
            connect_local::config::DEFAULT_SECRET_KEY.into(),
        ),
        ("AWS_DEFAULT_REGION".into(), "us-east-1".into()),
        ("AWS_ENDPOINT_URL_CONNECT".into(), url.into()),
        ("HOME".into(), home.display().to_string()),
        (
            "AWS_CONFIG_FILE".into(),
            home.join("config").display().to_string(),
        ),
        (
            "AWS_SHARED_CREDENTIALS_FILE".into(),
            home.join("credentials").display().to_string(),
        ),
    ]
}
