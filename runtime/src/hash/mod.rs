//! The digests the runtime needs: SHA-256 and HMAC-SHA256 for SigV4, MD5 for `Content-MD5`.

mod md5;
mod sha256;

pub use md5::md5;
pub use sha256::{sha256, HmacKey, Sha256};
