//! AWS Signature Version 4 for request headers.

use crate::credentials::Credentials;
use crate::encoding::{hex, percent, timestamp};
use crate::hash::{sha256, HmacKey};
use crate::http::find_header;
use crate::primitives::DateTime;
use std::sync::Mutex;

/// Headers never signed: they may change on the way or are added by the transport.
const UNSIGNED_HEADERS: &[&str] = &[
    "authorization",
    "content-length",
    "expect",
    "transfer-encoding",
    "user-agent",
    "x-amzn-trace-id",
];

/// How the path goes into the canonical request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UriEncoding {
    /// Every AWS service but S3: the path as sent (already percent-encoded) is encoded again.
    Double,
    /// The path is decoded and encoded once (the official test vectors' raw paths).
    Single,
}

/// Settings of a signer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigningSettings {
    pub uri_encoding: UriEncoding,
    /// Remove `.` and `..` segments and repeated slashes from the path before signing.
    pub normalize_path: bool,
}

impl Default for SigningSettings {
    fn default() -> Self {
        SigningSettings {
            uri_encoding: UriEncoding::Double,
            normalize_path: true,
        }
    }
}

/// Signs requests for one region and service, caching the derived key for the day.
pub struct Signer {
    region: String,
    service: String,
    settings: SigningSettings,
    key: Mutex<Option<CachedKey>>,
}

/// Leaves out the cached key: it signs for the secret it was derived from.
impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("region", &self.region)
            .field("service", &self.service)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// The signing key of one day and secret.
struct CachedKey {
    date: String,
    secret: String,
    key: HmacKey,
}

/// The parts of a signature, for tests and logs (the signature itself is not secret, the key is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    pub canonical_request: String,
    pub string_to_sign: String,
    pub authorization: String,
}

/// HMAC-SHA256 (RFC 2104).
fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    HmacKey::new(key).mac(data)
}

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
fn signed_order(headers: &[(String, String)]) -> Vec<usize> {
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
fn signed_names(headers: &[(String, String)], order: &[usize]) -> String {
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

impl Signer {
    /// A signer for `service` (the signing name, `connect`) in `region`.
    pub fn new(
        region: impl Into<String>,
        service: impl Into<String>,
        settings: SigningSettings,
    ) -> Self {
        Signer {
            region: region.into(),
            service: service.into(),
            settings,
            key: Mutex::new(None),
        }
    }

    /// Signs the request in place: sets `X-Amz-Date`, `X-Amz-Security-Token` (with temporary
    /// credentials) and `Authorization`, replacing any earlier values. `uri` is the path and
    /// query as sent; `headers` must hold `Host`.
    pub fn sign(
        &self,
        method: &str,
        uri: &str,
        headers: &mut Vec<(String, String)>,
        body: &[u8],
        credentials: &Credentials,
        time: DateTime,
    ) -> Signature {
        let amz_date = amz_date(&time);
        headers.retain(|(name, _)| {
            !name.eq_ignore_ascii_case("x-amz-date")
                && !name.eq_ignore_ascii_case("authorization")
                && !name.eq_ignore_ascii_case("x-amz-security-token")
        });
        headers.push(("X-Amz-Date".to_owned(), amz_date.clone()));
        if let Some(token) = credentials.session_token() {
            headers.push(("X-Amz-Security-Token".to_owned(), token.to_owned()));
        }
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        let order = signed_order(headers);
        let signed_headers = signed_names(headers, &order);
        let canonical_request = canonical_request(
            method,
            path,
            query,
            headers,
            &order,
            &signed_headers,
            body,
            self.settings,
        );

        let date = &amz_date[..8];
        let scope = self.scope(date);
        let string_to_sign = string_to_sign(&amz_date, &scope, &canonical_request);
        let key = self.signing_key(credentials.secret_access_key(), date);
        let access_key_id = credentials.access_key_id();
        let mut authorization =
            String::with_capacity(128 + access_key_id.len() + scope.len() + signed_headers.len());
        authorization.push_str("AWS4-HMAC-SHA256 Credential=");
        authorization.push_str(access_key_id);
        authorization.push('/');
        authorization.push_str(&scope);
        authorization.push_str(", SignedHeaders=");
        authorization.push_str(&signed_headers);
        authorization.push_str(", Signature=");
        hex::push(&mut authorization, &key.mac(string_to_sign.as_bytes()));
        headers.push(("Authorization".to_owned(), authorization.clone()));
        Signature {
            canonical_request,
            string_to_sign,
            authorization,
        }
    }

    /// The credential scope for `date` (`YYYYMMDD`): `date/region/service/aws4_request`.
    fn scope(&self, date: &str) -> String {
        let mut scope = String::with_capacity(64);
        for part in [date, &self.region, &self.service, "aws4_request"] {
            if !scope.is_empty() {
                scope.push('/');
            }
            scope.push_str(part);
        }
        scope
    }

    fn signing_key(&self, secret: &str, date: &str) -> HmacKey {
        if let Ok(cache) = self.key.lock() {
            if let Some(cached) = cache
                .as_ref()
                .filter(|c| c.date == date && c.secret == secret)
            {
                return cached.key.clone();
            }
        }
        let k_date = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
        let k_region = hmac(&k_date, self.region.as_bytes());
        let k_service = hmac(&k_region, self.service.as_bytes());
        let key = HmacKey::new(&hmac(&k_service, b"aws4_request"));
        if let Ok(mut cache) = self.key.lock() {
            *cache = Some(CachedKey {
                date: date.to_owned(),
                secret: secret.to_owned(),
                key: key.clone(),
            });
        }
        key
    }
}

/// The canonical request over the headers `order` picks (see `signed_order`), each header's
/// values trimmed, inner white space folded, and repeated headers joined by commas.
#[allow(clippy::too_many_arguments)]
fn canonical_request<N: AsRef<str>, V: AsRef<str>>(
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

fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    let mut out = String::with_capacity(20 + amz_date.len() + scope.len() + 64);
    out.push_str("AWS4-HMAC-SHA256\n");
    out.push_str(amz_date);
    out.push('\n');
    out.push_str(scope);
    out.push('\n');
    hex::push(&mut out, &sha256(canonical_request.as_bytes()));
    out
}

/// The parts of a received `Authorization` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    pub access_key_id: String,
    /// `YYYYMMDD`.
    pub date: String,
    pub region: String,
    pub service: String,
    /// The signed header names, lower-cased, `;`-separated in the order the header lists them.
    pub signed_headers: String,
    pub signature: String,
}

impl Authorization {
    /// Reads `AWS4-HMAC-SHA256 Credential=.../date/region/service/aws4_request,
    /// SignedHeaders=a;b, Signature=hex`; `None` when it has another form.
    pub fn parse(header: &str) -> Option<Authorization> {
        let rest = header.trim().strip_prefix("AWS4-HMAC-SHA256")?.trim_start();
        let mut credential = None;
        let mut signed = None;
        let mut signature = None;
        for part in rest.split(',') {
            let (key, value) = part.trim().split_once('=')?;
            match key {
                "Credential" => credential = Some(value),
                "SignedHeaders" => signed = Some(value),
                "Signature" => signature = Some(value),
                _ => return None,
            }
        }
        let mut scope = credential?.split('/');
        let (access_key_id, date, region, service, terminator) = (
            scope.next()?,
            scope.next()?,
            scope.next()?,
            scope.next()?,
            scope.next()?,
        );
        if terminator != "aws4_request" || scope.next().is_some() || access_key_id.is_empty() {
            return None;
        }
        Some(Authorization {
            access_key_id: access_key_id.to_owned(),
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            signed_headers: signed?.to_ascii_lowercase(),
            signature: signature?.to_owned(),
        })
    }

    /// The signed header names, in the order the header lists them.
    pub fn signed_header_names(&self) -> impl Iterator<Item = &str> {
        self.signed_headers.split(';')
    }

    /// The signature this request should carry if it was signed with `secret`: computed over the
    /// headers the `Authorization` names, its date (`X-Amz-Date`) and its scope.
    pub fn expected_signature(
        &self,
        method: &str,
        uri: &str,
        headers: &[(String, String)],
        body: &[u8],
        secret: &str,
        settings: SigningSettings,
    ) -> String {
        let signer = Signer::new(self.region.clone(), self.service.clone(), settings);
        self.expected_signature_by(&signer, method, uri, headers, body, secret)
    }

    /// As [`Authorization::expected_signature`], with `signer`'s settings, and its cached
    /// signing key when it signs for this scope's region and service (a verifier that keeps one
    /// signer derives the key once a day per secret, not once per request).
    pub fn expected_signature_by(
        &self,
        signer: &Signer,
        method: &str,
        uri: &str,
        headers: &[(String, String)],
        body: &[u8],
        secret: &str,
    ) -> String {
        let (key, string_to_sign) =
            self.string_to_sign_by(signer, method, uri, headers, body, secret);
        hex::lower(&key.mac(string_to_sign.as_bytes()))
    }

    /// Whether the request carries the signature it should if it was signed with `secret`
    /// (see [`Authorization::expected_signature_by`]), compared in constant time.
    pub fn verify_by(
        &self,
        signer: &Signer,
        method: &str,
        uri: &str,
        headers: &[(String, String)],
        body: &[u8],
        secret: &str,
    ) -> bool {
        let Some(signature) = hex::decode(&self.signature) else {
            return false;
        };
        let (key, string_to_sign) =
            self.string_to_sign_by(signer, method, uri, headers, body, secret);
        key.verify(string_to_sign.as_bytes(), &signature)
    }

    /// The signing key and the string to sign of this request, as signed with `secret`.
    fn string_to_sign_by(
        &self,
        signer: &Signer,
        method: &str,
        uri: &str,
        headers: &[(String, String)],
        body: &[u8],
        secret: &str,
    ) -> (HmacKey, String) {
        if signer.region != self.region || signer.service != self.service {
            let scoped = Signer::new(self.region.clone(), self.service.clone(), signer.settings);
            return self.string_to_sign_by(&scoped, method, uri, headers, body, secret);
        }
        let amz_date = find_header(headers, "x-amz-date").unwrap_or_default();
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        // Each header the Authorization names, in its order (which the signer sorted); a name
        // the request does not carry signs as an empty value.
        let mut named: Vec<(&str, &str)> = Vec::with_capacity(8);
        for name in self.signed_header_names() {
            let before = named.len();
            named.extend(
                headers
                    .iter()
                    .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| (name, v.as_str())),
            );
            if named.len() == before {
                named.push((name, ""));
            }
        }
        let order: Vec<usize> = (0..named.len()).collect();
        let canonical = canonical_request(
            method,
            path,
            query,
            &named,
            &order,
            &self.signed_headers,
            body,
            signer.settings,
        );
        // The signer signs for this scope's region and service (checked above).
        let scope = signer.scope(&self.date);
        let key = signer.signing_key(secret, &self.date);
        (key, string_to_sign(amz_date, &scope, &canonical))
    }
}

/// `20150830T123600Z`.
pub fn amz_date(time: &DateTime) -> String {
    timestamp::format_basic(time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_request_verifies_and_a_tampered_one_does_not() {
        let signer = Signer::new("eu-west-1", "connect", SigningSettings::default());
        let credentials = Credentials::new("AKID", "secret", None, None, "test");
        let mut headers = vec![
            ("Host".to_owned(), "example.test".to_owned()),
            ("Content-Type".to_owned(), "application/json".to_owned()),
        ];
        signer.sign(
            "PUT",
            "/contact/create-contact?a=1",
            &mut headers,
            b"{}",
            &credentials,
            DateTime::from_secs(1_700_000_000),
        );
        let header = headers.iter().find(|(n, _)| n == "Authorization").unwrap();
        let parsed = Authorization::parse(&header.1).unwrap();
        assert_eq!(
            (
                parsed.access_key_id.as_str(),
                parsed.region.as_str(),
                parsed.service.as_str()
            ),
            ("AKID", "eu-west-1", "connect")
        );
        let expected = |body: &[u8], secret: &str| {
            parsed.expected_signature(
                "PUT",
                "/contact/create-contact?a=1",
                &headers,
                body,
                secret,
                SigningSettings::default(),
            )
        };
        assert_eq!(expected(b"{}", "secret"), parsed.signature);
        // A verifier's own signer, its key cached for another secret or made for another region,
        // gives the same answers.
        let by = |verifier: &Signer, secret: &str| {
            parsed.expected_signature_by(
                verifier,
                "PUT",
                "/contact/create-contact?a=1",
                &headers,
                b"{}",
                secret,
            )
        };
        let verifier = Signer::new("eu-west-1", "connect", SigningSettings::default());
        assert_ne!(by(&verifier, "other"), parsed.signature);
        assert_eq!(by(&verifier, "secret"), parsed.signature);
        assert_eq!(by(&verifier, "secret"), parsed.signature);
        let verify = |secret: &str, body: &[u8]| {
            parsed.verify_by(
                &verifier,
                "PUT",
                "/contact/create-contact?a=1",
                &headers,
                body,
                secret,
            )
        };
        assert!(verify("secret", b"{}"));
        assert!(!verify("other", b"{}") && !verify("secret", b"{ }"));
        let mut odd = parsed.clone();
        for signature in ["", "zz", &parsed.signature[..62]] {
            odd.signature = signature.to_owned();
            let checked = odd.verify_by(
                &verifier,
                "PUT",
                "/contact/create-contact?a=1",
                &headers,
                b"{}",
                "secret",
            );
            assert!(!checked, "{signature:?}");
        }
        let elsewhere = Signer::new("us-west-2", "connect", SigningSettings::default());
        assert_eq!(by(&elsewhere, "secret"), parsed.signature);
        assert_ne!(expected(b"{ }", "secret"), parsed.signature);
        assert_ne!(expected(b"{}", "other"), parsed.signature);
        assert_eq!(Authorization::parse("Basic abc"), None);
    }

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

    #[test]
    fn amz_date_format() {
        assert_eq!(
            amz_date(&DateTime::from_secs(1_440_938_160)),
            "20150830T123600Z"
        );
    }

    #[test]
    fn debug_leaves_out_the_derived_key() {
        let signer = Signer::new("us-east-1", "connect", SigningSettings::default());
        let credentials =
            crate::credentials::Credentials::new("AKID", "secret", None, None, "test");
        let mut headers = vec![("Host".to_owned(), "example.com".to_owned())];
        let time = crate::encoding::timestamp::parse_date_time("2026-01-01T00:00:00Z").unwrap();
        signer.sign("GET", "/", &mut headers, b"", &credentials, time);
        let debug = format!("{signer:?}");
        assert!(
            debug.contains("us-east-1") && !debug.contains("key"),
            "{debug}"
        );
    }
}
