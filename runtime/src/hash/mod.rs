//! The digests the runtime needs: SHA-256 and HMAC-SHA256 for SigV4, MD5 for `Content-MD5`.

mod md5;
mod sha256;

pub use md5::md5;
pub use sha256::{sha256, HmacKey, Sha256};

/// The last one or two 64-byte blocks of an MD5 or SHA-256 message whose unhashed end is `rest`
/// (shorter than a block): `rest`, a 0x80 byte, zeros, and the message's length in bits as
/// `length` (the eight bytes in the digest's byte order) closing the last block. The blocks are
/// the first `end` bytes of the array.
fn final_blocks(rest: &[u8], length: [u8; 8]) -> ([u8; 128], usize) {
    let mut tail = [0u8; 128];
    tail[..rest.len()].copy_from_slice(rest);
    tail[rest.len()] = 0x80;
    let end = if rest.len() < 56 { 64 } else { 128 };
    tail[end - 8..end].copy_from_slice(&length);
    (tail, end)
}
