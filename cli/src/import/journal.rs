//! The results file, which is also the progress kept for `--resume`, and the state file beside it.
//!
//! The results file is JSON Lines, appended as answers come and synced to disk every
//! [`SYNC_EVERY`]; a process killed mid-line leaves at most one partial last line, which reading
//! ignores and reopening cuts off, so the file is consistent after a crash at any moment. The state
//! file names the input (a digest of its bytes, the instance and the defaults) and is replaced
//! atomically (written aside, synced, renamed), so `--resume` never continues another import.

use connect_runtime::hash::Sha256;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often appended results are synced to disk.
pub const SYNC_EVERY: Duration = Duration::from_millis(200);

/// How one record ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The service created the contact.
    Created,
    /// The service already had it: the earlier run's contact came back.
    Present,
    /// The service refused it (or kept failing).
    Failed,
    /// It was never sent: it cannot be read or fails its checks.
    Invalid,
}

impl Status {
    pub fn word(self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Present => "present",
            Status::Failed => "failed",
            Status::Invalid => "invalid",
        }
    }

    fn parse(word: &str) -> Option<Status> {
        Some(match word {
            "created" => Status::Created,
            "present" => Status::Present,
            "failed" => Status::Failed,
            "invalid" => Status::Invalid,
            _ => return None,
        })
    }
}

/// One line of the results file.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub number: usize,
    pub line: usize,
    pub status: Status,
    /// ContactId and ContactArn, when the contact exists.
    pub contact: Option<(String, String)>,
    /// Error code and message, when it failed.
    pub error: Option<(String, String)>,
}

impl Outcome {
    fn to_json(&self) -> Value {
        let mut line = json!({
            "record": self.number,
            "line": self.line,
            "status": self.status.word(),
        });
        if let (Some((id, arn)), Value::Object(map)) = (&self.contact, &mut line) {
            map.insert("ContactId".into(), json!(id));
            map.insert("ContactArn".into(), json!(arn));
        }
        if let (Some((code, message)), Value::Object(map)) = (&self.error, &mut line) {
            map.insert("code".into(), json!(code));
            map.insert("message".into(), json!(message));
        }
        line
    }

    fn from_json(value: &Value) -> Option<Outcome> {
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        let number = value.get("record")?.as_u64()? as usize;
        let line = value.get("line")?.as_u64()? as usize;
        let status = Status::parse(value.get("status")?.as_str()?)?;
        let contact = text("ContactId").zip(text("ContactArn"));
        let error = text("code").zip(text("message"));
        Some(Outcome {
            number,
            line,
            status,
            contact,
            error,
        })
    }
}

/// What an import is of: the state file's contents.
#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    pub input: String,
    pub instance_id: String,
    /// SHA-256 of the input's bytes, the instance and the defaults.
    pub fingerprint: String,
    pub records: usize,
}

impl Identity {
    pub fn new(
        input: &str,
        bytes: &[u8],
        instance_id: &str,
        defaults: &[(&str, String)],
        records: usize,
    ) -> Identity {
        let mut hash = Sha256::new();
        hash.update(bytes);
        hash.update(b"\n");
        hash.update(instance_id.as_bytes());
        for (name, value) in defaults {
            hash.update(format!("\n{name}={value}").as_bytes());
        }
        Identity {
            input: input.to_owned(),
            instance_id: instance_id.to_owned(),
            fingerprint: connect_runtime::encoding::hex::lower(&hash.finish()),
            records,
        }
    }

    fn to_json(&self) -> Value {
        json!({
            "input": self.input,
            "instanceId": self.instance_id,
            "fingerprint": self.fingerprint,
            "records": self.records,
        })
    }

    fn from_json(value: &Value) -> Option<Identity> {
        Some(Identity {
            input: value.get("input")?.as_str()?.to_owned(),
            instance_id: value.get("instanceId")?.as_str()?.to_owned(),
            fingerprint: value.get("fingerprint")?.as_str()?.to_owned(),
            records: value.get("records")?.as_u64()? as usize,
        })
    }
}

/// The state file of a results file.
pub fn state_path(results: &Path) -> PathBuf {
    let mut name = results.as_os_str().to_owned();
    name.push(".state");
    PathBuf::from(name)
}

/// The results file, open for appending.
pub struct Journal {
    path: PathBuf,
    out: BufWriter<File>,
    synced: Instant,
}

/// What the earlier run left: its outcomes by record number.
pub type Earlier = BTreeMap<usize, Outcome>;

fn io(path: &Path, what: &str, error: std::io::Error) -> String {
    format!("{}: cannot {what}: {error}", path.display())
}

impl Journal {
    /// Opens the results file of an import. With `resume`, the state file must describe this
    /// same import; the outcomes already recorded are returned and new ones appended. Without it,
    /// the earlier outcomes of the same import (if any) are returned, to recognise contacts that
    /// were already present, and the results file starts afresh.
    pub fn open(
        results: &Path,
        identity: &Identity,
        resume: bool,
    ) -> Result<(Journal, Earlier), String> {
        let state = state_path(results);
        let recorded = match std::fs::read_to_string(&state) {
            Ok(text) => serde_json::from_str::<Value>(&text)
                .ok()
                .as_ref()
                .and_then(Identity::from_json),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => return Err(io(&state, "read the import's state", error)),
        };
        let same = recorded.as_ref().is_some_and(|r| {
            r.fingerprint == identity.fingerprint && r.instance_id == identity.instance_id
        });
        if resume && !same {
            let option = super::options::RESUME.name;
            return Err(match recorded {
                None => format!(
                    "{option}: there is no state of an earlier import at {}; run without {option}",
                    state.display()
                ),
                Some(_) => format!(
                    "{option}: {} belongs to another import (another input, instance or defaults); run without {option} to start again",
                    state.display()
                ),
            });
        }
        let earlier = if same {
            read_outcomes(results)?
        } else {
            Earlier::new()
        };
        write_atomically(&state, &identity.to_json().to_string())?;
        let file = if resume {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(results)
                .map_err(|e| io(results, "open the results", e))?;
            let complete = complete_length(results)?;
            file.set_len(complete)
                .map_err(|e| io(results, "cut a partial last line", e))?;
            let mut file = file;
            std::io::Seek::seek(&mut file, std::io::SeekFrom::End(0))
                .map_err(|e| io(results, "append to the results", e))?;
            file
        } else {
            File::create(results).map_err(|e| io(results, "create the results", e))?
        };
        Ok((
            Journal {
                path: results.to_owned(),
                out: BufWriter::new(file),
                synced: Instant::now(),
            },
            earlier,
        ))
    }

    /// Appends one outcome; syncs when the last sync is [`SYNC_EVERY`] old.
    pub fn record(&mut self, outcome: &Outcome) -> Result<(), String> {
        let line = outcome.to_json().to_string();
        writeln!(self.out, "{line}").map_err(|e| io(&self.path, "write the results", e))?;
        if self.synced.elapsed() >= SYNC_EVERY {
            self.sync()?;
        }
        Ok(())
    }

    /// Writes out and syncs everything appended.
    pub fn sync(&mut self) -> Result<(), String> {
        self.out
            .flush()
            .map_err(|e| io(&self.path, "write the results", e))?;
        self.out
            .get_ref()
            .sync_data()
            .map_err(|e| io(&self.path, "sync the results", e))?;
        self.synced = Instant::now();
        Ok(())
    }
}

/// The length of the results file up to its last complete line.
fn complete_length(path: &Path) -> Result<u64, String> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(error) => return Err(io(path, "read the results", error)),
    };
    Ok(bytes
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |at| at as u64 + 1))
}

/// The outcomes of a results file's complete lines (a partial or unreadable line is skipped).
pub fn read_outcomes(path: &Path) -> Result<Earlier, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Earlier::new()),
        Err(error) => return Err(io(path, "read the results", error)),
    };
    let complete = text.rfind('\n').map_or("", |at| &text[..at]);
    Ok(complete
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|value| Outcome::from_json(&value))
        .map(|outcome| (outcome.number, outcome))
        .collect())
}

/// Replaces `path` with `text` so that a crash leaves the old or the new contents, never a mix.
fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let mut aside = path.as_os_str().to_owned();
    aside.push(".tmp");
    let aside = PathBuf::from(aside);
    let mut file = File::create(&aside).map_err(|e| io(&aside, "write the import's state", e))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| io(&aside, "write the import's state", e))?;
    std::fs::rename(&aside, path).map_err(|e| io(path, "replace the import's state", e))?;
    let directory = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(directory) = File::open(directory) {
        let _ = directory.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(number: usize) -> Outcome {
        Outcome {
            number,
            line: number + 1,
            status: Status::Created,
            contact: Some((format!("id-{number}"), format!("arn-{number}"))),
            error: None,
        }
    }

    #[test]
    fn a_partial_last_line_is_ignored_and_cut_on_resume() {
        let dir = std::env::temp_dir().join(format!("import-journal-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let results = dir.join("r.jsonl");
        let identity = Identity::new("in", b"data", "i", &[], 3);
        let (mut journal, earlier) = Journal::open(&results, &identity, false).unwrap();
        assert!(earlier.is_empty());
        journal.record(&outcome(1)).unwrap();
        journal.record(&outcome(2)).unwrap();
        journal.sync().unwrap();
        drop(journal);
        let mut file = OpenOptions::new().append(true).open(&results).unwrap();
        file.write_all(b"{\"record\":3,\"li").unwrap();
        drop(file);
        let (mut journal, earlier) = Journal::open(&results, &identity, true).unwrap();
        assert_eq!(earlier.keys().copied().collect::<Vec<_>>(), [1, 2]);
        journal.record(&outcome(3)).unwrap();
        journal.sync().unwrap();
        let again = read_outcomes(&results).unwrap();
        assert_eq!(again.len(), 3);
        assert_eq!(again[&3], outcome(3));
        let other = Identity::new("in", b"other data", "i", &[], 3);
        let refused = Journal::open(&results, &other, true).err().unwrap();
        assert!(refused.contains("another import"), "{refused}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
