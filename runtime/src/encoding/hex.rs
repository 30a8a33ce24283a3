//! Lower-case hexadecimal, as signatures, hashes and UUIDs are written, and reading it back.

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

/// The bytes of hex text (either case); `None` when its length is odd or it holds another
/// character.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let bytes = text.as_bytes();
    if bytes.len() % 2 != 0 {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&lower(&bytes)), Some(bytes));
        assert_eq!(decode("ABcd"), Some(vec![0xab, 0xcd]));
        for bad in ["a", "0g", "é0", "+1", " 1"] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }
}
