//! A Python oracle process (`tests/oracle/*.py`, botocore inside): one JSON line in, one JSON line
//! out, for as many questions as a test asks.

use crate::workspace;
use serde_json::Value;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdout, Command, Stdio};

pub struct Oracle {
    child: Child,
    reader: BufReader<ChildStdout>,
}

impl Oracle {
    /// Starts `tests/oracle/<script>` with `args`.
    pub fn start(script: &str, args: &[&OsStr]) -> Oracle {
        let mut child = Command::new("python3")
            .arg(workspace().join("tests/oracle").join(script))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 must be installed (scripts/test.sh installs botocore)");
        let stdout = child.stdout.take().expect("stdout");
        Oracle {
            child,
            reader: BufReader::new(stdout),
        }
    }

    /// Sends one question and reads the answer.
    pub fn ask(&mut self, question: &Value) -> Value {
        let stdin = self.child.stdin.as_mut().expect("stdin");
        writeln!(stdin, "{question}").expect("write to the oracle");
        stdin.flush().expect("flush");
        let mut line = String::new();
        self.reader
            .read_line(&mut line)
            .expect("read from the oracle");
        assert!(
            !line.is_empty(),
            "the botocore oracle stopped; is botocore installed? (pip install -r tests/requirements.txt)"
        );
        serde_json::from_str(&line).expect("oracle answer")
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}
