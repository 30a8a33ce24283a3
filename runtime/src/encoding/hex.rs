//! Lower-case hexadecimal, as signatures, hashes and UUIDs are written.

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Two lower-case hex digits per byte.
pub fn lower(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    push(&mut out, bytes);
    out
}

/// Appends two lower-case hex digits per byte to `out`.
pub fn push(out: &mut String, bytes: &[u8]) {
    let mut buffer = [0u8; 64];
    for chunk in bytes.chunks(buffer.len() / 2) {
        for (pair, byte) in buffer.chunks_exact_mut(2).zip(chunk) {
            pair[0] = DIGITS[usize::from(byte >> 4)];
            pair[1] = DIGITS[usize::from(byte & 15)];
        }
        let digits = &buffer[..chunk.len() * 2];
        // Only ASCII digits were written, so the text is always valid.
        out.push_str(std::str::from_utf8(digits).unwrap_or_default());
    }
}
