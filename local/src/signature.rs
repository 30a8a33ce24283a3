//! Reading a received SigV4 `Authorization` header and recomputing the signature it should
//! carry, from the runtime's canonical request and signing key: the verification half of SigV4,
//! which only a service needs.

use connect_runtime::encoding::hex;
use connect_runtime::hash::HmacKey;
use connect_runtime::http::find_header;
use connect_runtime::sigv4::canonical::{canonical_request, string_to_sign};
use connect_runtime::sigv4::{Signer, SigningSettings};

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
        if signer.region() != self.region || signer.service() != self.service {
            let scoped = Signer::new(self.region.clone(), self.service.clone(), signer.settings());
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
            signer.settings(),
        );
        // The signer signs for this scope's region and service (checked above).
        let scope = signer.scope(&self.date);
        let key = signer.signing_key(secret, &self.date);
        (key, string_to_sign(amz_date, &scope, &canonical))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use connect_runtime::credentials::Credentials;
    use connect_runtime::primitives::DateTime;

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
}
