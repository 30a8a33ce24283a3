//! Checks used by the generated conformance cases: compare a serialized request with botocore's
//! expectation, and a parsed output with the expected value.

use connect_runtime::body::md5_base64;
use connect_runtime::http::HttpRequest;

/// What botocore's test case expects of a request.
pub struct Expected<'a> {
    pub method: &'a str,
    pub uri: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub require_headers: &'a [&'a str],
    pub forbid_headers: &'a [&'a str],
    pub body: Option<&'a str>,
    pub endpoint: Option<&'a str>,
    pub host: Option<&'a str>,
    /// The idempotency token botocore's test pins; ours is random and is compared by form.
    pub token: Option<&'a str>,
}

fn split_uri(uri: &str) -> (&str, Vec<String>) {
    match uri.split_once('?') {
        Some((path, query)) => {
            let mut pairs: Vec<String> = query.split('&').filter(|p| !p.is_empty()).map(str::to_owned).collect();
            pairs.sort();
            (path, pairs)
        }
        None => (uri, Vec::new()),
    }
}

fn is_uuid_v4(text: &str) -> bool {
    text.len() == 36 && text.as_bytes()[14] == b'4' && text.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
}

/// Replaces our random idempotency token by the one botocore's expectation pins.
fn pin_token(text: &str, token: Option<&str>) -> String {
    let Some(token) = token else { return text.to_owned() };
    let mut out = text.to_owned();
    let mut start = 0;
    while start + 36 <= out.len() {
        let candidate = &out[start..start + 36];
        if out.is_char_boundary(start) && out.is_char_boundary(start + 36) && is_uuid_v4(candidate) && candidate != token {
            out.replace_range(start..start + 36, token);
        }
        start += 1;
    }
    out
}

/// A `Content-MD5` digest covers the body's exact bytes, which this suite compares as JSON: the
/// suite's value is the digest of its compact rendering of the body. Ours must be the digest of
/// the body we send, and the suite's the digest of its rendering of the same JSON.
fn is_digest_of_same_json(
    name: &str,
    actual: &str,
    value: &str,
    request: &HttpRequest,
    expected: &Expected<'_>,
) -> bool {
    if !name.eq_ignore_ascii_case("content-md5") {
        return false;
    }
    let Some(Ok(json)) = expected.body.map(serde_json::from_str::<serde_json::Value>) else {
        return false;
    };
    let compact = json.to_string();
    actual == md5_base64(&request.body) && value == md5_base64(compact.as_bytes())
}

pub fn check_request(request: &HttpRequest, expected: &Expected<'_>) -> Result<(), String> {
    let mut problems = Vec::new();
    if request.method != expected.method {
        problems.push(format!("method {} != {}", request.method, expected.method));
    }
    // The request's URI is relative to the endpoint, whose own path (if any) comes first.
    let endpoint_path = expected
        .endpoint
        .map(|e| e.trim_start_matches("https://").trim_start_matches("http://"))
        .and_then(|e| e.find('/').map(|i| e[i..].trim_end_matches('/').to_owned()))
        .unwrap_or_default();
    let uri = pin_token(&format!("{endpoint_path}{}", request.uri), expected.token);
    let (path, query) = split_uri(&uri);
    let (expected_path, expected_query) = split_uri(expected.uri);
    if path != expected_path || query != expected_query {
        problems.push(format!("uri {uri} != {}", expected.uri));
    }
    for (name, value) in expected.headers {
        match request.header(name) {
            Some(actual) if pin_token(actual, expected.token) == *value => {}
            Some(actual) if is_digest_of_same_json(name, actual, value, request, expected) => {}
            Some(actual) => problems.push(format!("header {name}: {actual:?} != {value:?}")),
            None => problems.push(format!("header {name} missing")),
        }
    }
    for name in expected.require_headers {
        if request.header(name).is_none() {
            problems.push(format!("required header {name} missing"));
        }
    }
    for name in expected.forbid_headers {
        if request.header(name).is_some() {
            problems.push(format!("forbidden header {name} present"));
        }
    }
    if let Some(body) = expected.body {
        let actual = pin_token(&String::from_utf8_lossy(&request.body), expected.token);
        let same = match (serde_json::from_str::<serde_json::Value>(body), serde_json::from_str::<serde_json::Value>(&actual)) {
            (Ok(a), Ok(b)) => a == b,
            _ => actual == body,
        };
        if !same {
            problems.push(format!("body {actual:?} != {body:?}"));
        }
    }
    if let (Some(endpoint), Some(host)) = (expected.endpoint, expected.host) {
        let base = endpoint.trim_start_matches("https://").trim_start_matches("http://");
        let actual = format!("{}{}", request.host_prefix.as_deref().unwrap_or(""), base);
        let actual_host = actual.split('/').next().unwrap_or_default().to_owned();
        let expected_host = host.split('/').next().unwrap_or_default();
        if actual_host != expected_host {
            problems.push(format!("host {actual_host} != {expected_host}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Equal, or equal in `Debug` form (which treats NaN as equal to NaN).
pub fn check_value<T: PartialEq + std::fmt::Debug>(actual: &T, expected: &T) -> Result<(), String> {
    if actual == expected || format!("{actual:?}") == format!("{expected:?}") {
        Ok(())
    } else {
        Err(format!("got {actual:?}, expected {expected:?}"))
    }
}
