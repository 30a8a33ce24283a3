//! The canonical request of SigV4 and the string to sign: the path normalized and encoded, the
//! query sorted, the signed headers in order with their values folded, the payload's hash.

use super::SigningSettings;
use super::UriEncoding;
use crate::encoding::{hex, percent};
use crate::hash::sha256;

/// Headers never signed: they may change on the way or are added by the transport.
const UNSIGNED_HEADERS: &[&str] = &[
    "authorization",
    "content-length",
    "expect",
    "transfer-encoding",
    "user-agent",
    "x-amzn-trace-id",
];

/// Removes `.` and `..` segments and empty segments, keeping a trailing slash.
fn normalize(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let trailing = path.ends_with('/') && !segments.is_empty();
    let mut out = format!("/{}", segments.join("/"));
    if trailing {
        out.push('/');
    }
    out
}

/// Whether `normalize` would leave `path` as it is: it starts with `/` and has no empty, `.` or
/// `..` segment (but may end with `/`).
fn is_normal(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    if rest.is_empty() {
        return true;
    }
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    rest.split('/')
        .all(|segment| !matches!(segment, "" | "." | ".."))
}

fn push_canonical_path(out: &mut String, path: &str, settings: SigningSettings) {
    let path = if path.is_empty() { "/" } else { path };
    let normalized;
    let path = if settings.normalize_path && !is_normal(path) {
        normalized = normalize(path);
        normalized.as_str()
    } else {
        path
    };
    match settings.uri_encoding {
        UriEncoding::Double => percent::push_encoded(out, path, b"/"),
        UriEncoding::Single => percent::push_encoded(out, &percent::decode(path), b"/"),
    }
}

#[cfg(test)]
fn canonical_path(path: &str, settings: SigningSettings) -> String {
    let mut out = String::new();
    push_canonical_path(&mut out, path, settings);
    out
}

fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (
                percent::encode(&percent::decode(key)),
                percent::encode(&percent::decode(value)),
            )
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Appends a header value trimmed, with each run of inner white space folded to one space.
fn push_canonical_value(out: &mut String, value: &str) {
    // Most values are printable ASCII with single inner spaces: nothing to fold.
    let bytes = value.as_bytes();
    let mut previous_space = true;
    let folded = bytes.iter().all(|&byte| {
        let space = byte == b' ';
        let fine = byte.is_ascii_graphic() || (space && !previous_space);
        previous_space = space;
        fine
    }) && !previous_space;
    if folded {
        out.push_str(value);
        return;
    }
    for (index, word) in value.split_whitespace().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// Compares header names as their lower-case forms compare.
fn cmp_lowercase(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    for (x, y) in a.iter().zip(b) {
        let order = x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase());
        if order.is_ne() {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

/// The headers a signature covers: indexes into `headers`, ordered by lower-case name (headers
/// of one name keep their order), leaving out the ones never signed.
pub(super) fn signed_order(headers: &[(String, String)]) -> Vec<usize> {
    // Sorted by the first eight lower-case bytes of the name as a number (names are tokens, so
    // the zero padding orders a shorter name first), the whole names deciding ties.
    let prefix = |name: &str| {
        let mut bytes = [0u8; 8];
        for (slot, byte) in bytes.iter_mut().zip(name.bytes()) {
            *slot = byte.to_ascii_lowercase();
        }
        u64::from_be_bytes(bytes)
    };
    let mut keyed: Vec<(u64, usize)> = Vec::with_capacity(headers.len());
    keyed.extend(
        headers
            .iter()
            .enumerate()
            .filter(|(_, (name, _))| {
                !UNSIGNED_HEADERS
                    .iter()
                    .any(|unsigned| name.eq_ignore_ascii_case(unsigned))
            })
            .map(|(index, (name, _))| (prefix(name), index)),
    );
    keyed.sort_by(|&(pa, a), &(pb, b)| {
        pa.cmp(&pb)
            .then_with(|| cmp_lowercase(&headers[a].0, &headers[b].0))
    });
    keyed.into_iter().map(|(_, index)| index).collect()
}

/// Appends `name` in lower case.
fn push_lowercase(out: &mut String, name: &str) {
    let start = out.len();
    out.push_str(name);
    out[start..].make_ascii_lowercase();
}

/// `a;b;c`: the distinct lower-case names of `order`.
pub(super) fn signed_names(headers: &[(String, String)], order: &[usize]) -> String {
    let mut out = String::with_capacity(order.len() * 16);
    let mut previous: Option<&str> = None;
    for &index in order {
        let name = headers[index].0.as_str();
        if previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
            continue;
        }
        if previous.is_some() {
            out.push(';');
        }
        push_lowercase(&mut out, name);
        previous = Some(name);
    }
    out
}

/// The canonical request over the headers `order` picks (in signing order), each header's
/// values trimmed, inner white space folded, and repeated headers joined by commas: `headers` are
/// (name, value) pairs, `signed_headers` the `a;b;c` list of their lower-case names.
#[allow(clippy::too_many_arguments)]
pub fn canonical_request<N: AsRef<str>, V: AsRef<str>>(
    method: &str,
    path: &str,
    query: &str,
    headers: &[(N, V)],
    order: &[usize],
    signed_headers: &str,
    body: &[u8],
    settings: SigningSettings,
) -> String {
    let values: usize = order
        .iter()
        .map(|&i| headers[i].0.as_ref().len() + headers[i].1.as_ref().len() + 2)
        .sum();
    let mut out = String::with_capacity(
        method.len() + path.len() * 2 + query.len() * 2 + values + signed_headers.len() + 72,
    );
    out.push_str(method);
    out.push('\n');
    push_canonical_path(&mut out, path, settings);
    out.push('\n');
    if !query.is_empty() {
        out.push_str(&canonical_query(query));
    }
    out.push('\n');
    let mut previous: Option<&str> = None;
    for &index in order {
        let (name, value) = (headers[index].0.as_ref(), headers[index].1.as_ref());
        if previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
            out.push(',');
        } else {
            if previous.is_some() {
                out.push('\n');
            }
            push_lowercase(&mut out, name);
            out.push(':');
            previous = Some(name);
        }
        push_canonical_value(&mut out, value);
    }
    if previous.is_some() {
        out.push('\n');
    }
    out.push('\n');
    out.push_str(signed_headers);
    out.push('\n');
    hex::push(&mut out, &sha256(body));
    out
}

/// `AWS4-HMAC-SHA256`, the request time, the credential scope and the canonical request's hash.
pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    let mut out = String::with_capacity(20 + amz_date.len() + scope.len() + 64);
    out.push_str("AWS4-HMAC-SHA256\n");
    out.push_str(amz_date);
    out.push('\n');
    out.push_str(scope);
    out.push('\n');
    hex::push(&mut out, &sha256(canonical_request.as_bytes()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize_and_encode() {
        let single = SigningSettings {
            uri_encoding: UriEncoding::Single,
            normalize_path: true,
        };
        assert_eq!(canonical_path("/example1/example2/../..", single), "/");
        assert_eq!(canonical_path("//example//", single), "/example/");
        assert_eq!(
            canonical_path("/example space/", single),
            "/example%20space/"
        );
        assert_eq!(
            canonical_path("/a%20b", SigningSettings::default()),
            "/a%2520b"
        );
        assert_eq!(
            canonical_query("b=2&a=1&%E1%88%B4=x&c"),
            "%E1%88%B4=x&a=1&b=2&c="
        );
    }

    #[test]
    fn header_values_fold_white_space_as_the_specification_says() {
        for value in [
            "plain",
            "a b c",
            "a  b",
            " a",
            "a ",
            "",
            " ",
            "a\tb",
            "a \n b",
            "caf\u{e9} x",
            "a\u{a0}b",
            "attempt=1; max=3",
        ] {
            let mut out = String::new();
            push_canonical_value(&mut out, value);
            let expected = value.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(out, expected, "{value:?}");
        }
    }

    #[test]
    fn normal_paths_are_recognised() {
        for path in [
            "/", "//", "/a", "/a/", "/a//b", "/./a", "/a/..", "/a/.", "a", "/a/b/", "/a/b//",
            "/..", "/.a/", "/a.b/c",
        ] {
            assert_eq!(is_normal(path), normalize(path) == path, "{path:?}");
        }
    }
}
