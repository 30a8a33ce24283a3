//! The runtime under the generated Amazon Connect client.
//!
//! Generated code calls only this crate's named surface; it never re-implements what lives here.

pub mod body;
pub mod client;
pub mod config;
pub mod credentials;
pub mod crypto;
pub mod encoding;
pub mod endpoint;
pub mod error;
pub mod hash;
pub mod http;
pub mod idempotency;
pub mod json;
mod macros;
pub mod primitives;
pub mod protocol;
pub mod random;
pub mod retry;
pub mod server;
pub mod sigv4;
pub mod transport;
pub mod validation;
