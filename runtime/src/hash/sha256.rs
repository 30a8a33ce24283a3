//! SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104). Blocks are compressed with the x86-64 SHA
//! extensions or the Armv8 SHA-2 instructions where the processor has them, and with the portable
//! rounds otherwise.

/// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// The initial hash value: the fractional parts of the square roots of the first 8 primes.
const INITIAL: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

const BLOCK: usize = 64;

/// The SHA-256 digest of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(data);
    hash.finish()
}

/// A SHA-256 digest computed piece by piece.
#[derive(Clone)]
pub struct Sha256 {
    state: [u32; 8],
    /// Bytes not yet compressed (fewer than a block).
    pending: [u8; BLOCK],
    pending_len: usize,
    /// Bytes taken in so far.
    total: u64,
}

impl Sha256 {
    pub fn new() -> Self {
        Sha256 {
            state: INITIAL,
            pending: [0; BLOCK],
            pending_len: 0,
            total: 0,
        }
    }

    pub fn update(&mut self, mut data: &[u8]) {
        self.total = self.total.wrapping_add(data.len() as u64);
        if self.pending_len > 0 {
            let take = data.len().min(BLOCK - self.pending_len);
            self.pending[self.pending_len..self.pending_len + take].copy_from_slice(&data[..take]);
            self.pending_len += take;
            data = &data[take..];
            if self.pending_len < BLOCK {
                return;
            }
            compress(&mut self.state, &self.pending);
            self.pending_len = 0;
        }
        let whole = data.len() - data.len() % BLOCK;
        if whole > 0 {
            compress(&mut self.state, &data[..whole]);
        }
        let rest = &data[whole..];
        self.pending[..rest.len()].copy_from_slice(rest);
        self.pending_len = rest.len();
    }

    pub fn finish(mut self) -> [u8; 32] {
        // SHA-256 writes the length big-endian.
        let bits = self.total.wrapping_mul(8);
        let (tail, end) =
            super::final_blocks(&self.pending[..self.pending_len], bits.to_be_bytes());
        compress(&mut self.state, &tail[..end]);
        let mut out = [0u8; 32];
        for (chunk, word) in out.chunks_exact_mut(4).zip(self.state) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        out
    }
}

impl Default for Sha256 {
    fn default() -> Self {
        Sha256::new()
    }
}

/// Compresses whole blocks (`blocks.len()` is a multiple of 64) into `state`.
fn compress(state: &mut [u32; 8], blocks: &[u8]) {
    debug_assert_eq!(blocks.len() % BLOCK, 0);
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("sha")
            && std::is_x86_feature_detected!("sse4.1")
            && std::is_x86_feature_detected!("ssse3")
        {
            // SAFETY: the processor has the extensions `shani::compress` is compiled for.
            unsafe { shani::compress(state, blocks) };
            return;
        }
    }
    #[cfg(target_arch = "aarch64")]
    {
        if std::arch::is_aarch64_feature_detected!("sha2") {
            // SAFETY: the processor has the extension `armv8::compress` is compiled for.
            unsafe { armv8::compress(state, blocks) };
            return;
        }
    }
    compress_portable(state, blocks);
}

fn compress_portable(state: &mut [u32; 8], blocks: &[u8]) {
    for block in blocks.chunks_exact(BLOCK) {
        let mut w = [0u32; 64];
        for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
            *word = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        }
        for t in 16..64 {
            let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
            let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16]
                .wrapping_add(s0)
                .wrapping_add(w[t - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
        for t in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let choice = (e & f) ^ (!e & g);
            let t1 = h
                .wrapping_add(s1)
                .wrapping_add(choice)
                .wrapping_add(K[t])
                .wrapping_add(w[t]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let majority = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(majority);
            h = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (word, add) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *word = word.wrapping_add(add);
        }
    }
}

/// Invokes `$group!(n)` for the sixteen four-round groups of a block, so that each group's
/// indices are constants.
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
macro_rules! sixteen_groups {
    ($group:ident) => {
        $group!(0);
        $group!(1);
        $group!(2);
        $group!(3);
        $group!(4);
        $group!(5);
        $group!(6);
        $group!(7);
        $group!(8);
        $group!(9);
        $group!(10);
        $group!(11);
        $group!(12);
        $group!(13);
        $group!(14);
        $group!(15);
    };
}

/// Compression with the SHA extensions: the state is kept as the two halves the round
/// instruction works on (A, B, E, F and C, D, G, H), and each instruction does two rounds.
#[cfg(target_arch = "x86_64")]
mod shani {
    use super::{BLOCK, K};
    use std::arch::x86_64::*;

    // The last groups' message updates sit in branches whose constant conditions are false.
    #[allow(unused_assignments)]
    #[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
    pub(super) unsafe fn compress(state: &mut [u32; 8], blocks: &[u8]) {
        // Big-endian words from the message bytes.
        let swap = _mm_set_epi64x(0x0c0d0e0f_08090a0b, 0x04050607_00010203);
        let dcba = _mm_loadu_si128(state.as_ptr().cast());
        let hgfe = _mm_loadu_si128(state.as_ptr().add(4).cast());
        let cdab = _mm_shuffle_epi32(dcba, 0xb1);
        let efgh = _mm_shuffle_epi32(hgfe, 0x1b);
        let mut abef = _mm_alignr_epi8(cdab, efgh, 8);
        let mut cdgh = _mm_blend_epi16(efgh, cdab, 0xf0);
        for block in blocks.chunks_exact(BLOCK) {
            let (abef_before, cdgh_before) = (abef, cdgh);
            let mut w = [_mm_setzero_si128(); 4];
            // Four rounds per group, written out so that every index is a constant and the
            // message words stay in registers.
            macro_rules! group {
                ($group:literal) => {
                    if $group < 4 {
                        let bytes = _mm_loadu_si128(block.as_ptr().add(16 * $group).cast());
                        w[$group % 4] = _mm_shuffle_epi8(bytes, swap);
                    }
                    let current = w[$group % 4];
                    let keyed =
                        _mm_add_epi32(current, _mm_loadu_si128(K.as_ptr().add(4 * $group).cast()));
                    cdgh = _mm_sha256rnds2_epu32(cdgh, abef, keyed);
                    if $group >= 3 && $group < 15 {
                        // The next four words: W[t-16] + s0 (prepared below) + W[t-7] + s1.
                        let seventh = _mm_alignr_epi8(current, w[($group + 3) % 4], 4);
                        let partial = _mm_add_epi32(w[($group + 1) % 4], seventh);
                        w[($group + 1) % 4] = _mm_sha256msg2_epu32(partial, current);
                    }
                    abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(keyed, 0x0e));
                    if $group >= 1 && $group < 13 {
                        w[($group + 3) % 4] = _mm_sha256msg1_epu32(w[($group + 3) % 4], current);
                    }
                };
            }
            sixteen_groups!(group);
            abef = _mm_add_epi32(abef, abef_before);
            cdgh = _mm_add_epi32(cdgh, cdgh_before);
        }
        let feba = _mm_shuffle_epi32(abef, 0x1b);
        let dchg = _mm_shuffle_epi32(cdgh, 0xb1);
        let dcba = _mm_blend_epi16(feba, dchg, 0xf0);
        let hgfe = _mm_alignr_epi8(dchg, feba, 8);
        _mm_storeu_si128(state.as_mut_ptr().cast(), dcba);
        _mm_storeu_si128(state.as_mut_ptr().add(4).cast(), hgfe);
    }
}

/// Compression with the Armv8 SHA-2 instructions: the state is kept as A..D and E..H, and each
/// pair of instructions does four rounds.
#[cfg(target_arch = "aarch64")]
mod armv8 {
    use super::{BLOCK, K};
    use std::arch::aarch64::*;

    // The last groups' message updates sit in branches whose constant conditions are false.
    #[allow(unused_assignments)]
    #[target_feature(enable = "neon,sha2")]
    pub(super) unsafe fn compress(state: &mut [u32; 8], blocks: &[u8]) {
        let mut abcd = vld1q_u32(state.as_ptr());
        let mut efgh = vld1q_u32(state.as_ptr().add(4));
        for block in blocks.chunks_exact(BLOCK) {
            let (abcd_before, efgh_before) = (abcd, efgh);
            let word =
                |at: usize| vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(block.as_ptr().add(at))));
            let mut w = [word(0), word(16), word(32), word(48)];
            // Four rounds per group, written out so that every index is a constant.
            macro_rules! group {
                ($group:literal) => {
                    let keyed = vaddq_u32(w[$group % 4], vld1q_u32(K.as_ptr().add(4 * $group)));
                    if $group < 12 {
                        // W[t-16] + s0 of the words sixteen rounds on.
                        w[$group % 4] = vsha256su0q_u32(w[$group % 4], w[($group + 1) % 4]);
                    }
                    let abcd_now = abcd;
                    abcd = vsha256hq_u32(abcd, efgh, keyed);
                    efgh = vsha256h2q_u32(efgh, abcd_now, keyed);
                    if $group < 12 {
                        // ... + W[t-7] + s1.
                        w[$group % 4] = vsha256su1q_u32(
                            w[$group % 4],
                            w[($group + 2) % 4],
                            w[($group + 3) % 4],
                        );
                    }
                };
            }
            sixteen_groups!(group);
            abcd = vaddq_u32(abcd, abcd_before);
            efgh = vaddq_u32(efgh, efgh_before);
        }
        vst1q_u32(state.as_mut_ptr(), abcd);
        vst1q_u32(state.as_mut_ptr().add(4), efgh);
    }
}

/// An HMAC-SHA256 key with its padded blocks already hashed, so that each message costs only
/// the hashing of the message itself.
#[derive(Clone)]
pub struct HmacKey {
    inner: Sha256,
    outer: Sha256,
}

impl HmacKey {
    pub fn new(key: &[u8]) -> Self {
        let mut block = [0u8; BLOCK];
        if key.len() > BLOCK {
            block[..32].copy_from_slice(&sha256(key));
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let keyed = |pad: u8| {
            let mut hash = Sha256::new();
            hash.update(&block.map(|b| b ^ pad));
            hash
        };
        HmacKey {
            inner: keyed(0x36),
            outer: keyed(0x5c),
        }
    }

    /// The MAC of `data` under this key.
    pub fn mac(&self, data: &[u8]) -> [u8; 32] {
        let mut inner = self.inner.clone();
        inner.update(data);
        let mut outer = self.outer.clone();
        outer.update(&inner.finish());
        outer.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::hex;

    #[test]
    fn sha256_matches_fips_180_examples() {
        assert_eq!(
            hex::lower(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let mut pieces = Sha256::new();
        pieces.update(b"abcdbcdecdefdefgefghfghighijhijkijkl");
        pieces.update(b"jklmklmnlmnomnopnopq");
        assert_eq!(
            hex::lower(&pieces.finish()),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            hex::lower(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn both_compressions_and_any_split_agree_with_ring() {
        let data: Vec<u8> = (0..700u32).map(|i| (i * 131 + i / 7) as u8).collect();
        for length in 0..data.len() {
            let message = &data[..length];
            let expected = ring::digest::digest(&ring::digest::SHA256, message);
            assert_eq!(&sha256(message)[..], expected.as_ref(), "{length} bytes");
            let split = length * 7 / 13;
            let mut pieces = Sha256::new();
            pieces.update(&message[..split]);
            pieces.update(&message[split..]);
            assert_eq!(&pieces.finish()[..], expected.as_ref(), "{length} split");
            let whole = length - length % BLOCK;
            let mut portable = INITIAL;
            compress_portable(&mut portable, &message[..whole]);
            let mut chosen = INITIAL;
            compress(&mut chosen, &message[..whole]);
            assert_eq!(portable, chosen, "{length} bytes, compressions");
        }
    }

    #[test]
    fn hmac_matches_rfc4231_cases_2_and_6() {
        let key = HmacKey::new(b"Jefe");
        assert_eq!(
            hex::lower(&key.mac(b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // A key longer than the block is hashed first.
        let long = HmacKey::new(&[0xaa; 131]);
        assert_eq!(
            hex::lower(&long.mac(b"Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }
}
