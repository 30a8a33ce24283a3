//! AWS Signature Version 4 for request headers: [`Signer`] signs, [`canonical`] builds the
//! canonical request and the string to sign. A verifier (the local service's) recomputes a
//! received signature from the same parts: [`canonical::canonical_request`],
//! [`Signer::scope`] and [`Signer::signing_key`].

pub mod canonical;

use crate::credentials::Credentials;
use crate::encoding::{hex, timestamp};
use crate::hash::HmacKey;
use crate::primitives::DateTime;
use canonical::{canonical_request, signed_names, signed_order, string_to_sign};
use std::sync::Mutex;

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

    /// The region it signs for.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The service (signing name) it signs for.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// Its settings.
    pub fn settings(&self) -> SigningSettings {
        self.settings
    }

    /// The credential scope for `date` (`YYYYMMDD`): `date/region/service/aws4_request`.
    pub fn scope(&self, date: &str) -> String {
        let mut scope = String::with_capacity(64);
        for part in [date, &self.region, &self.service, "aws4_request"] {
            if !scope.is_empty() {
                scope.push('/');
            }
            scope.push_str(part);
        }
        scope
    }

    /// The signing key of `secret` on `date` (`YYYYMMDD`) for this region and service, kept for
    /// the next call with the same secret and date.
    pub fn signing_key(&self, secret: &str, date: &str) -> HmacKey {
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

/// `20150830T123600Z`.
pub fn amz_date(time: &DateTime) -> String {
    timestamp::format_basic(time)
}

#[cfg(test)]
mod tests {
    use super::*;

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
