//! Comparing the two commands' outcomes field by field, and judging a case.

use super::*;
use serde_json::json;

/// Lines of stderr that carry the message (usage banners and blank lines left out), each without
/// the program's `aws: error: ` or `connect: error: ` lead.
pub(crate) fn key_lines(stderr: &str) -> Vec<String> {
    const KEYS: &[&str] = &[
        "Parameter validation failed",
        "Invalid type for parameter",
        "Invalid length for parameter",
        "Invalid value for parameter",
        "Missing required parameter",
        "Unknown parameter",
        "Invalid number of parameters",
        "An error occurred",
        "Error parsing parameter",
        "Could not connect",
        "the following arguments are required",
        "argument ",
        "Unknown options",
        "Expected:",
        "Second instance",
        "invalid literal",
        "Bad value for --query",
    ];
    stderr
        .lines()
        .map(|line| {
            line.trim_start_matches("aws: error: ")
                .trim_start_matches("connect: error: ")
                .trim()
                .to_owned()
        })
        .filter(|line| KEYS.iter().any(|key| line.starts_with(key)))
        .map(|line| {
            // How the two describe a query or JSON syntax error in detail is their parsers' own.
            if line.starts_with("Bad value for --query") {
                "Bad value for --query".to_owned()
            } else if let Some(at) = line.find("Invalid JSON:") {
                line[..at + "Invalid JSON:".len()].to_owned()
            } else {
                line
            }
        })
        .collect()
}

/// The AWS CLI v1's exit status as v2 reports the same failure.
pub(crate) fn v2_code(v1: &Outcome) -> i32 {
    let usage = [
        "Parameter validation failed",
        "Error parsing parameter",
        "Unknown options",
        "invalid literal for int()",
        "Expected:",
        "Second instance of key",
        "the following arguments are required",
        "Bad value for --query",
    ];
    match v1.code {
        0 => 0,
        2 => 252,
        255 if usage.iter().any(|u| v1.stderr.contains(u)) => 252,
        255 if v1.stderr.contains("An error occurred (") => 254,
        other => other,
    }
}

/// The body as JSON, with a generated idempotency token replaced by a marker.
pub(crate) fn normalized_body(body: &[u8]) -> Value {
    let mut value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    if let Some(token) = value.get_mut("ClientToken") {
        if token
            .as_str()
            .is_some_and(|t| t.len() == 36 && t.chars().filter(|c| *c == '-').count() == 4)
        {
            *token = json!("<generated>");
        }
    }
    value
}

pub(crate) fn compare(
    ours: &Outcome,
    theirs: &Outcome,
    our_requests: &[support::Captured],
    their_requests: &[support::Captured],
) -> Vec<(Field, String)> {
    let mut problems = Vec::new();
    if our_requests.len() != their_requests.len() {
        problems.push((
            Field::Requests,
            format!(
                "requests sent: ours {}, AWS CLI {}",
                our_requests.len(),
                their_requests.len()
            ),
        ));
    }
    for (mine, other) in our_requests.iter().zip(their_requests) {
        if mine.method != other.method || mine.target != other.target {
            problems.push((
                Field::Requests,
                format!(
                    "request line: ours {} {}, AWS CLI {} {}",
                    mine.method, mine.target, other.method, other.target
                ),
            ));
        }
        let (a, b) = (normalized_body(&mine.body), normalized_body(&other.body));
        if a != b {
            problems.push((Field::Requests, format!("body: ours {a}, AWS CLI {b}")));
        }
        if !mine.signature_is_valid() {
            problems.push((Field::Requests, "our signature does not verify".to_owned()));
        }
        if !other.signature_is_valid() {
            problems.push((
                Field::Requests,
                "the AWS CLI's signature does not verify".to_owned(),
            ));
        }
    }
    for (who, requests) in [("our", our_requests), ("the AWS CLI's", their_requests)] {
        let tokens: Vec<Value> = requests
            .iter()
            .map(|r| {
                serde_json::from_slice::<Value>(&r.body).unwrap_or(Value::Null)["ClientToken"]
                    .clone()
            })
            .collect();
        if tokens.windows(2).any(|pair| pair[0] != pair[1]) {
            problems.push((
                Field::Requests,
                format!("{who} attempts carry different client tokens: {tokens:?}"),
            ));
        }
    }
    if ours.stdout != theirs.stdout {
        problems.push((
            Field::Stdout,
            format!(
                "stdout: ours {:?}, AWS CLI {:?}",
                ours.stdout, theirs.stdout
            ),
        ));
    }
    let (mine, other) = (key_lines(&ours.stderr), key_lines(&theirs.stderr));
    if mine != other {
        problems.push((
            Field::Stderr,
            format!("stderr: ours {mine:?}, AWS CLI {other:?}"),
        ));
    }
    if ours.code != v2_code(theirs) {
        problems.push((
            Field::ExitStatus,
            format!(
                "exit status: ours {}, AWS CLI {} (v2: {})",
                ours.code,
                theirs.code,
                v2_code(theirs)
            ),
        ));
    }
    problems
}

/// How a case came out: agreement (`None`), a deliberate difference as it should be (its line
/// for the report), or a failure. A deliberate case fails when a field it does not name differs,
/// when a field it names no longer differs, or when our side does not do what it should.
pub(crate) fn judge(
    case: &Case,
    problems: &[(Field, String)],
    ours: &Outcome,
    our_requests: &[support::Captured],
) -> Result<Option<String>, String> {
    let text = |list: &[&(Field, String)]| {
        list.iter()
            .map(|(_, p)| p.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    };
    let Some(deliberate) = &case.deliberate else {
        let all: Vec<&(Field, String)> = problems.iter().collect();
        return if all.is_empty() {
            Ok(None)
        } else {
            Err(text(&all))
        };
    };
    let unexpected: Vec<&(Field, String)> = problems
        .iter()
        .filter(|(field, _)| !deliberate.fields.contains(field))
        .collect();
    if !unexpected.is_empty() {
        return Err(format!(
            "beyond the deliberate difference: {}",
            text(&unexpected)
        ));
    }
    let agreeing: Vec<&Field> = deliberate
        .fields
        .iter()
        .filter(|field| !problems.iter().any(|(f, _)| f == *field))
        .collect();
    if !agreeing.is_empty() {
        return Err(format!(
            "listed as differing in {agreeing:?}, which now agree: update the case"
        ));
    }
    if let Some(check) = deliberate.ours {
        check(ours, our_requests)?;
    }
    Ok(Some(format!(
        "{} ({:?}): {}",
        case.name, deliberate.fields, deliberate.reason
    )))
}
