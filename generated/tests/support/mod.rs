//! The client's tests run against the workspace's scripted server (`connect-test-support`),
//! checking each request's signature with the test credentials.

pub use connect_test_support::server::tls::Identity as ServerIdentity;
pub use connect_test_support::server::{error, respond, Request, Server, Step};

/// The access key of the tests' credentials.
pub const ACCESS_KEY: &str = "AKIDTEST";
/// Their secret.
pub const SECRET: &str = "secret/key+value";

/// Whether the request carries a valid signature of the tests' credentials.
pub fn signed(request: &Request) -> bool {
    connect_test_support::signature_is_valid(request, ACCESS_KEY, SECRET)
}
