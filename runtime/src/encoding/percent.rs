//! Percent-encoding of URI labels and query strings, as botocore does it: every byte but the
//! unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded; greedy labels also keep `/`.

/// Encodes a label or query component.
pub fn encode(value: &str) -> String {
    encode_keeping(value, b"")
}

/// Encodes a greedy label: `/` separates path segments and stays as it is.
pub fn encode_greedy(value: &str) -> String {
    encode_keeping(value, b"/")
}

fn encode_keeping(value: &str, keep: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~')
            || keep.contains(&byte)
        {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_like_botocore() {
        assert_eq!(super::encode("a b/c~é"), "a%20b%2Fc~%C3%A9");
        assert_eq!(super::encode_greedy("a b/c"), "a%20b/c");
    }
}
