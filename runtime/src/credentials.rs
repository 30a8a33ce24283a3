//! AWS credentials, kept out of `Debug` output and logs.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// What `Debug` output shows in place of a secret.
pub const REDACTED: &str = "** redacted **";

/// An access key pair, with a session token for temporary credentials. Cloning shares them.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials(Arc<Parts>);

#[derive(PartialEq, Eq)]
struct Parts {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiration: Option<SystemTime>,
    /// Where they came from (`environment`, `shared-credentials-file`, ...), for diagnostics.
    source: &'static str,
}

impl Credentials {
    /// Credentials from their parts.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
        expiration: Option<SystemTime>,
        source: &'static str,
    ) -> Self {
        Credentials(Arc::new(Parts {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: session_token.filter(|token| !token.is_empty()),
            expiration,
            source,
        }))
    }

    pub fn access_key_id(&self) -> &str {
        &self.0.access_key_id
    }

    pub fn secret_access_key(&self) -> &str {
        &self.0.secret_access_key
    }

    pub fn session_token(&self) -> Option<&str> {
        self.0.session_token.as_deref()
    }

    pub fn expiration(&self) -> Option<SystemTime> {
        self.0.expiration
    }

    /// Where the credentials were found.
    pub fn source(&self) -> &'static str {
        self.0.source
    }

    /// Whether they expire within `margin` of `now` (or have expired).
    pub fn expires_within(&self, now: SystemTime, margin: std::time::Duration) -> bool {
        self.0
            .expiration
            .is_some_and(|expiration| expiration <= now + margin)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.0.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field(
                "session_token",
                &self.0.session_token.as_ref().map(|_| REDACTED),
            )
            .field("expiration", &self.0.expiration)
            .field("source", &self.0.source)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::Credentials;

    #[test]
    fn debug_hides_secrets() {
        let credentials = Credentials::new(
            "AKID",
            "very-secret",
            Some("token-value".into()),
            None,
            "test",
        );
        let debug = format!("{credentials:?}");
        assert!(debug.contains("AKID"));
        assert!(!debug.contains("very-secret"));
        assert!(!debug.contains("token-value"));
    }
}
