//! The digests the runtime needs. SHA-256 and HMAC-SHA256 for SigV4 come from the crypto
//! library that also runs TLS (`crate::crypto`); MD5 for `Content-MD5` (not a security use) is
//! ours.

mod md5;

use crate::crypto::library::{digest, hmac};

pub use md5::md5;

/// The SHA-256 digest of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    to_array(digest::digest(&digest::SHA256, data).as_ref())
}

/// A SHA-256 digest computed piece by piece.
#[derive(Clone)]
pub struct Sha256(digest::Context);

impl Sha256 {
    pub fn new() -> Self {
        Sha256(digest::Context::new(&digest::SHA256))
    }

    pub fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    pub fn finish(self) -> [u8; 32] {
        to_array(self.0.finish().as_ref())
    }
}

impl Default for Sha256 {
    fn default() -> Self {
        Sha256::new()
    }
}

/// An HMAC-SHA256 key.
#[derive(Clone)]
pub struct HmacKey(hmac::Key);

impl HmacKey {
    pub fn new(key: &[u8]) -> Self {
        HmacKey(hmac::Key::new(hmac::HMAC_SHA256, key))
    }

    /// The MAC of `data` under this key.
    pub fn mac(&self, data: &[u8]) -> [u8; 32] {
        to_array(hmac::sign(&self.0, data).as_ref())
    }

    /// Whether `tag` is the MAC of `data` under this key, compared in constant time.
    pub fn verify(&self, data: &[u8], tag: &[u8]) -> bool {
        hmac::verify(&self.0, data, tag).is_ok()
    }
}

/// A SHA-256 output as an array. Both libraries give exactly 32 bytes for SHA-256 and
/// HMAC-SHA256; a shorter slice would leave zeros rather than panic.
fn to_array(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let n = bytes.len().min(32);
    out[..n].copy_from_slice(&bytes[..n]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::hex;

    #[test]
    fn sha256_vectors() {
        // FIPS 180-2, appendix B.
        assert_eq!(
            hex::lower(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex::lower(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let mut split = Sha256::new();
        split.update(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"[..20].as_ref());
        split.update(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"[20..].as_ref());
        assert_eq!(
            hex::lower(&split.finish()),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
    }

    #[test]
    fn hmac_vectors() {
        // RFC 4231, test cases 2 and 6.
        let key = HmacKey::new(b"Jefe");
        let mac = key.mac(b"what do ya want for nothing?");
        assert_eq!(
            hex::lower(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(key.verify(b"what do ya want for nothing?", &mac));
        let mut wrong = mac;
        wrong[31] ^= 1;
        assert!(!key.verify(b"what do ya want for nothing?", &wrong));
        assert!(!key.verify(b"what do ya want for nothing?", &mac[..31]));
        let long = HmacKey::new(&[0xaa; 131]);
        assert_eq!(
            hex::lower(&long.mac(b"Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }
}
