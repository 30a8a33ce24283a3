//! The official SigV4 test vectors (`upstream/sigv4-testsuite`): canonical request, string to
//! sign and Authorization header for every applicable case.

use connect_runtime::credentials::Credentials;
use connect_runtime::primitives::DateTime;
use connect_runtime::sigv4::{Signer, SigningSettings, UriEncoding};
use std::path::{Path, PathBuf};

/// Cases that do not apply, and why.
const NOT_APPLICABLE: &[(&str, &str)] = &[(
    "post-sts-header-after",
    "adds the session token after signing; AWS services this client calls expect it signed",
)];

const SESSION_TOKEN: &str = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";

struct Request {
    method: String,
    uri: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn parse(text: &str) -> Request {
    let (head, body) = match text.split_once("\n\n") {
        Some((head, body)) => (head, body.as_bytes().to_vec()),
        None => (text, Vec::new()),
    };
    let mut lines = head.lines();
    let request_line = lines.next().expect("request line");
    let (method, rest) = request_line.split_once(' ').expect("method");
    let uri = rest.strip_suffix(" HTTP/1.1").expect("HTTP/1.1").to_owned();
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with(' ') || line.starts_with('\t') {
            if let Some(last) = headers.last_mut() {
                last.1.push('\n');
                last.1.push_str(line);
            }
            continue;
        }
        let (name, value) = line.split_once(':').expect("header");
        headers.push((name.to_owned(), value.to_owned()));
    }
    Request {
        method: method.to_owned(),
        uri,
        headers,
        body,
    }
}

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read suite")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.join(format!("{name}.req")).exists() {
                out.push(path.clone());
            }
            cases(&path, out);
        }
    }
}

#[test]
fn official_vectors() {
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("../upstream/sigv4-testsuite");
    let mut dirs = Vec::new();
    cases(&suite, &mut dirs);
    assert!(
        dirs.len() >= 30,
        "found only {} cases in {}",
        dirs.len(),
        suite.display()
    );
    let signer = Signer::new(
        "us-east-1",
        "service",
        SigningSettings {
            uri_encoding: UriEncoding::Single,
            normalize_path: true,
        },
    );
    let time = DateTime::from_secs(1_440_938_160);
    let (mut passed, mut skipped) = (0, 0);
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if let Some((_, reason)) = NOT_APPLICABLE.iter().find(|(case, _)| *case == name) {
            println!("not applicable: {name}: {reason}");
            skipped += 1;
            continue;
        }
        let read = |ext: &str| {
            std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).expect("vector file")
        };
        let mut request = parse(&read("req"));
        let token = match request
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("x-amz-security-token"))
        {
            Some((_, value)) => Some(value.clone()),
            None if name.contains("session-token") => Some(SESSION_TOKEN.to_owned()),
            None => None,
        };
        let credentials = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            token,
            None,
            "test",
        );
        let signature = signer.sign(
            &request.method,
            &request.uri,
            &mut request.headers,
            &request.body,
            &credentials,
            time,
        );
        assert_eq!(
            signature.canonical_request,
            read("creq"),
            "{name}: canonical request"
        );
        assert_eq!(
            signature.string_to_sign,
            read("sts"),
            "{name}: string to sign"
        );
        assert_eq!(
            signature.authorization,
            read("authz"),
            "{name}: authorization"
        );
        passed += 1;
    }
    println!("SigV4 test vectors: {passed} passed, {skipped} not applicable");
}
