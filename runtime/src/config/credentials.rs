//! Where credentials come from: given in code, the environment, a profile's keys, or a profile's
//! `credential_process`.

use super::profile::Profile;
use crate::credentials::Credentials;
use crate::encoding::timestamp;
use crate::env::Env;
use crate::json::{DeError, JsonReader};
use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// The AWS CLI's words when no credentials are found.
pub const NO_CREDENTIALS: &str =
    "Unable to locate credentials. You can configure credentials by running \"aws configure\".";

crate::macros::message_error!(
    /// Credentials could not be obtained.
    CredentialsError
);

/// A source of credentials. `cached` is the fast path taken on every call; `refresh` may block
/// (it can run a process) and is called off the async executor.
pub trait ProvideCredentials: fmt::Debug + Send + Sync {
    /// Credentials that are still good, if any are at hand.
    fn cached(&self) -> Option<Credentials>;
    /// Fetches fresh credentials.
    fn refresh(&self) -> Result<Credentials, CredentialsError>;
}

/// Fixed credentials.
#[derive(Debug)]
pub struct StaticCredentials(pub Credentials);

impl ProvideCredentials for StaticCredentials {
    fn cached(&self) -> Option<Credentials> {
        Some(self.0.clone())
    }

    fn refresh(&self) -> Result<Credentials, CredentialsError> {
        Ok(self.0.clone())
    }
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
pub fn from_env(env: &Env) -> Result<Option<Credentials>, CredentialsError> {
    match (
        env.get("AWS_ACCESS_KEY_ID"),
        env.get("AWS_SECRET_ACCESS_KEY"),
    ) {
        (Some(id), Some(secret)) => Ok(Some(Credentials::new(
            id,
            secret,
            env.get("AWS_SESSION_TOKEN").map(str::to_owned),
            None,
            "environment",
        ))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(CredentialsError::new(
            "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
        )),
        (None, Some(_)) => Err(CredentialsError::new(
            "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
        )),
    }
}

/// A profile's `aws_access_key_id` and `aws_secret_access_key` (with `aws_session_token`).
pub fn from_profile(
    name: &str,
    profile: &Profile,
) -> Result<Option<Credentials>, CredentialsError> {
    match (profile.get("aws_access_key_id"), profile.get("aws_secret_access_key")) {
        (Some(id), Some(secret)) => Ok(Some(Credentials::new(
            id,
            secret,
            profile.get("aws_session_token").map(str::to_owned),
            None,
            "shared-credentials-file",
        ))),
        (None, None) => Ok(None),
        _ => Err(CredentialsError::new(format!(
            "Partial credentials found in profile {name}: both aws_access_key_id and aws_secret_access_key are needed"
        ))),
    }
}

/// Runs a profile's `credential_process` and keeps its answer until shortly before it expires.
#[derive(Debug)]
pub struct ProcessCredentials {
    command: String,
    cache: Mutex<Option<Credentials>>,
}

/// How long before expiry credentials are fetched again.
const REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);

impl ProcessCredentials {
    pub fn new(command: impl Into<String>) -> Self {
        ProcessCredentials {
            command: command.into(),
            cache: Mutex::new(None),
        }
    }
}

impl ProvideCredentials for ProcessCredentials {
    fn cached(&self) -> Option<Credentials> {
        let cache = self.cache.lock().ok()?;
        cache
            .as_ref()
            .filter(|c| !c.expires_within(SystemTime::now(), REFRESH_MARGIN))
            .cloned()
    }

    fn refresh(&self) -> Result<Credentials, CredentialsError> {
        let credentials = run_process(&self.command)?;
        if let Ok(mut cache) = self.cache.lock() {
            *cache = Some(credentials.clone());
        }
        Ok(credentials)
    }
}

/// Splits a command line as a POSIX shell would (quotes and backslashes), without running a shell.
pub fn split_command(command: &str) -> Result<Vec<String>, CredentialsError> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => current.push(c),
                        None => {
                            return Err(CredentialsError::new(
                                "credential_process has an unclosed quote",
                            ))
                        }
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => current.push(c),
                            Some(c) => {
                                current.push('\\');
                                current.push(c);
                            }
                            None => {
                                return Err(CredentialsError::new(
                                    "credential_process ends inside a quote",
                                ))
                            }
                        },
                        Some(c) => current.push(c),
                        None => {
                            return Err(CredentialsError::new(
                                "credential_process has an unclosed quote",
                            ))
                        }
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                current.push(c);
            }
        }
    }
    if in_word {
        words.push(current);
    }
    Ok(words)
}

fn run_process(command: &str) -> Result<Credentials, CredentialsError> {
    let words = split_command(command)?;
    let (program, args) = words
        .split_first()
        .ok_or_else(|| CredentialsError::new("credential_process is empty"))?;
    let output = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|error| {
            CredentialsError::new(format!(
                "Error when retrieving credentials from custom-process: {error}"
            ))
        })?;
    if !output.status.success() {
        return Err(CredentialsError::new(format!(
            "Error when retrieving credentials from custom-process: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    parse_process_output(&output.stdout)
}

/// Parses `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}`.
pub fn parse_process_output(bytes: &[u8]) -> Result<Credentials, CredentialsError> {
    let invalid = |detail: &str| {
        CredentialsError::new(format!(
            "Error when retrieving credentials from custom-process: {detail}"
        ))
    };
    let fields = read_process_fields(bytes).map_err(|e| invalid(&e.to_string()))?;
    if fields.version != Some(1) {
        return Err(invalid("unsupported version (only Version 1 is known)"));
    }
    let expiration = match fields.expiration {
        Some(text) => Some(
            timestamp::parse_date_time(&text)
                .map(|t| SystemTime::UNIX_EPOCH + Duration::from_secs(t.secs().max(0) as u64))
                .ok_or_else(|| invalid(&format!("Expiration `{text}` is not an ISO 8601 time")))?,
        ),
        None => None,
    };
    match (fields.id, fields.secret) {
        (Some(id), Some(secret)) => Ok(Credentials::new(
            id,
            secret,
            fields.token,
            expiration,
            "custom-process",
        )),
        _ => Err(invalid("AccessKeyId and SecretAccessKey are required")),
    }
}

/// The members of a credential process's answer that are read; `null` counts as absent.
#[derive(Default)]
struct ProcessFields {
    version: Option<i64>,
    id: Option<String>,
    secret: Option<String>,
    token: Option<String>,
    expiration: Option<String>,
}

fn read_process_fields(bytes: &[u8]) -> Result<ProcessFields, DeError> {
    let mut reader = JsonReader::new(bytes)?;
    reader.begin_object()?;
    let mut fields = ProcessFields::default();
    while let Some(key) = reader.next_key()? {
        let slot = match key.as_ref() {
            "Version" => {
                fields.version = Some(reader.integer()?);
                continue;
            }
            "AccessKeyId" => &mut fields.id,
            "SecretAccessKey" => &mut fields.secret,
            "SessionToken" => &mut fields.token,
            "Expiration" => &mut fields.expiration,
            _ => {
                reader.skip()?;
                continue;
            }
        };
        if !reader.take_null()? {
            *slot = Some(reader.string()?.into_owned());
        }
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_split_like_a_shell() {
        assert_eq!(
            split_command(r#"/bin/tool --name "a b" 'c d' e\ f"#).unwrap(),
            ["/bin/tool", "--name", "a b", "c d", "e f"]
        );
        assert!(split_command("'open").is_err());
    }

    #[test]
    fn process_output_is_read() {
        let credentials = parse_process_output(
            br#"{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "S", "SessionToken": "T", "Expiration": "2030-01-01T00:00:00Z", "Extra": [1]}"#,
        )
        .unwrap();
        assert_eq!(credentials.access_key_id(), "AKID");
        assert_eq!(credentials.session_token(), Some("T"));
        assert!(credentials.expiration().is_some());
        assert!(parse_process_output(
            br#"{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "S"}"#
        )
        .is_err());
        assert!(parse_process_output(b"not json").is_err());
    }

    #[test]
    fn a_non_ascii_expiration_is_an_error_not_a_panic() {
        let error = parse_process_output(
            "{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\", \"Expiration\": \"2030-01-01T00:00:0\u{e9}Z\"}"
                .as_bytes(),
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("is not an ISO 8601 time"),
            "{error}"
        );
    }
}
