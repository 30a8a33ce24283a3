//! Checking each request's SigV4 signature with the runtime's signer: the key must be known, the
//! scope must name the service's region and `connect`, the date must be within five minutes, and
//! the signature must match.

use crate::signature::Authorization;
use crate::wire::ReceivedRequest;
use connect_runtime::encoding::timestamp;
use connect_runtime::sigv4::{Signer, SigningSettings};
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How far the request's time may be from the server's.
pub const SKEW: Duration = Duration::from_secs(5 * 60);

/// Why a request is refused: the error code and message, all answered with 403.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
}

fn refuse(code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal {
        code,
        message: message.into(),
    }
}

/// Checks signatures for one region against a set of access keys, keeping the derived signing
/// key between requests.
pub struct Verifier {
    keys: BTreeMap<String, String>,
    region: String,
    signer: Signer,
}

impl Verifier {
    /// A verifier for requests to `connect` in `region`, signed with one of `keys` (access key
    /// id to secret).
    pub fn new(keys: BTreeMap<String, String>, region: &str) -> Verifier {
        Verifier {
            keys,
            region: region.to_owned(),
            signer: Signer::new(region, "connect", SigningSettings::default()),
        }
    }

    /// Verifies the request; the access key id that signed it.
    pub fn verify(&self, request: &ReceivedRequest, now: SystemTime) -> Result<String, Refusal> {
        let Some(header) = request.header("authorization") else {
            return Err(refuse(
                "MissingAuthenticationTokenException",
                "Missing Authentication Token",
            ));
        };
        let Some(authorization) = Authorization::parse(header) else {
            return Err(refuse(
                "IncompleteSignatureException",
                "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters of an AWS4-HMAC-SHA256 signature.",
            ));
        };
        let Some(secret) = self.keys.get(&authorization.access_key_id) else {
            return Err(refuse(
                "UnrecognizedClientException",
                "The security token included in the request is invalid.",
            ));
        };
        if authorization.service != "connect" {
            return Err(refuse(
                "InvalidSignatureException",
                format!(
                    "Credential should be scoped to correct service: 'connect', not '{}'.",
                    authorization.service
                ),
            ));
        }
        if authorization.region != self.region {
            return Err(refuse(
                "InvalidSignatureException",
                format!(
                    "Credential should be scoped to a valid region, not '{}'; this service answers for '{}'.",
                    authorization.region, self.region
                ),
            ));
        }
        let amz_date = request.header("x-amz-date").unwrap_or_default();
        let Some(signed_at) = parse_amz_date(amz_date) else {
            return Err(refuse(
                "IncompleteSignatureException",
                "The request must carry an X-Amz-Date header such as 20240101T120000Z.",
            ));
        };
        let day = amz_date.get(..8).unwrap_or_default();
        if authorization.date != day {
            return Err(refuse(
                "InvalidSignatureException",
                format!(
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{day}', from '{amz_date}'.",
                    authorization.date
                ),
            ));
        }
        let now_secs = now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
        if now_secs.abs_diff(signed_at) > SKEW.as_secs() {
            let to_text = |secs: u64| {
                timestamp::format_basic(&connect_runtime::primitives::DateTime::from_secs(
                    secs as i64,
                ))
            };
            return Err(refuse(
                "InvalidSignatureException",
                format!(
                    "Signature expired: {amz_date} is now earlier than {} ({} - 5 min.)",
                    to_text(now_secs.saturating_sub(SKEW.as_secs())),
                    to_text(now_secs)
                ),
            ));
        }
        let signed = authorization.signed_header_names().any(|h| h == "host");
        if !signed {
            return Err(refuse(
                "InvalidSignatureException",
                "The Host header must be signed.",
            ));
        }
        let matches = authorization.verify_by(
            &self.signer,
            &request.method,
            &request.uri,
            &request.headers,
            &request.body,
            secret,
        );
        if !matches {
            return Err(refuse(
                "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
            ));
        }
        Ok(authorization.access_key_id)
    }
}

/// Seconds since the epoch of `20240101T120000Z`.
fn parse_amz_date(text: &str) -> Option<u64> {
    u64::try_from(timestamp::parse_basic(text)?.secs()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use connect_runtime::credentials::Credentials;
    use connect_runtime::primitives::DateTime;

    fn signed(secret: &str, region: &str, service: &str, at: i64) -> ReceivedRequest {
        let mut headers = vec![("host".to_owned(), "127.0.0.1:8421".to_owned())];
        let signer = Signer::new(region, service, SigningSettings::default());
        let credentials = Credentials::new("AKID", secret, None, None, "test");
        signer.sign(
            "PUT",
            "/contact/create-contact",
            &mut headers,
            b"{}",
            &credentials,
            DateTime::from_secs(at),
        );
        ReceivedRequest {
            method: "PUT".to_owned(),
            uri: "/contact/create-contact".to_owned(),
            headers,
            body: b"{}".to_vec(),
        }
    }

    #[test]
    fn signatures_are_checked_in_every_part() {
        let keys = BTreeMap::from([("AKID".to_owned(), "secret".to_owned())]);
        let verifier = Verifier::new(keys, "us-east-1");
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let check = |request: &ReceivedRequest| verifier.verify(request, now).map_err(|r| r.code);
        assert_eq!(
            check(&signed("secret", "us-east-1", "connect", 1_700_000_000)),
            Ok("AKID".to_owned())
        );
        assert_eq!(
            check(&signed("wrong", "us-east-1", "connect", 1_700_000_000)),
            Err("InvalidSignatureException")
        );
        assert_eq!(
            check(&signed("secret", "eu-west-1", "connect", 1_700_000_000)),
            Err("InvalidSignatureException")
        );
        assert_eq!(
            check(&signed("secret", "us-east-1", "s3", 1_700_000_000)),
            Err("InvalidSignatureException")
        );
        let stale = verifier
            .verify(
                &signed("secret", "us-east-1", "connect", 1_700_000_000 - 600),
                now,
            )
            .unwrap_err();
        assert!(
            stale.message.starts_with("Signature expired"),
            "{}",
            stale.message
        );
        let mut tampered = signed("secret", "us-east-1", "connect", 1_700_000_000);
        tampered.body = b"{ }".to_vec();
        assert_eq!(check(&tampered), Err("InvalidSignatureException"));
        let mut unsigned = signed("secret", "us-east-1", "connect", 1_700_000_000);
        unsigned.headers.retain(|(n, _)| n != "Authorization");
        assert_eq!(check(&unsigned), Err("MissingAuthenticationTokenException"));
        // The key derived for the first request is kept; a second good request still passes.
        assert_eq!(
            check(&signed(
                "secret",
                "us-east-1",
                "connect",
                1_700_000_000 + 60
            )),
            Ok("AKID".to_owned())
        );
        let other_keys = BTreeMap::from([("OTHER".to_owned(), "secret".to_owned())]);
        assert_eq!(
            Verifier::new(other_keys, "us-east-1")
                .verify(
                    &signed("secret", "us-east-1", "connect", 1_700_000_000),
                    now
                )
                .map_err(|r| r.code),
            Err("UnrecognizedClientException")
        );
    }

    #[test]
    fn a_scope_date_that_is_empty_or_another_day_is_refused() {
        let keys = BTreeMap::from([("AKID".to_owned(), "secret".to_owned())]);
        let verifier = Verifier::new(keys, "us-east-1");
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let good = signed("secret", "us-east-1", "connect", 1_700_000_000);
        for date in ["", "20231113", "2023111"] {
            let mut request = good.clone();
            for (name, value) in &mut request.headers {
                if name == "Authorization" {
                    let at = value.find("/us-east-1").unwrap();
                    let start = value[..at].rfind('/').unwrap() + 1;
                    value.replace_range(start..at, date);
                }
            }
            let refusal = verifier.verify(&request, now).unwrap_err();
            assert_eq!(refusal.code, "InvalidSignatureException", "{date:?}");
            assert!(
                refusal
                    .message
                    .starts_with("Date in Credential scope does not match"),
                "{date:?}: {}",
                refusal.message
            );
        }
    }
}
