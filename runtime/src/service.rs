//! The service a client calls, as its model describes it: a leaf the client and the
//! configuration both read.

/// Facts about the service that the client needs, from the service's model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceInfo {
    /// The SigV4 signing name.
    pub signing_name: &'static str,
    /// The SDK id, as it appears in the User-Agent.
    pub sdk_id: &'static str,
    pub api_version: &'static str,
    /// The service's part of `AWS_ENDPOINT_URL_<SERVICE>` (`CONNECT`).
    pub env_name: &'static str,
    /// The service's key in a profile's `services` section (`connect`).
    pub config_key: &'static str,
    /// The service's endpoint ruleset, as JSON.
    pub endpoint_rules: &'static str,
}
