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
    let dir =
        std::env::temp_dir().join(format!("connect-local-tests-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
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
