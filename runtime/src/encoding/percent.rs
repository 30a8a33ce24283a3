//! Percent-encoding of URI labels and query strings, as botocore does it: every byte but the
//! unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded; greedy labels also keep `/`. And
//! the way back, for signing paths and queries that arrive encoded.

/// Encodes a label or query component.
pub fn encode(value: &str) -> String {
    encode_keeping(value, b"")
}

/// Encodes a greedy label: `/` separates path segments and stays as it is.
pub fn encode_greedy(value: &str) -> String {
    encode_keeping(value, b"/")
}

fn encode_keeping(value: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(value.len());
    push_encoded(&mut out, value, keep);
    out
}

/// Appends `value` to `out` encoded, keeping the unreserved characters and the bytes of `keep`.
pub fn push_encoded(out: &mut String, value: &str, keep: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
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
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits stays as it is, and bytes that do
/// not form UTF-8 become U+FFFD.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .filter(|digits| digits.iter().all(u8::is_ascii_hexdigit))
            .and_then(|digits| std::str::from_utf8(digits).ok())
            .and_then(|digits| u8::from_str_radix(digits, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_like_botocore() {
        assert_eq!(super::encode("a b/c~é"), "a%20b%2Fc~%C3%A9");
        assert_eq!(super::encode_greedy("a b/c"), "a%20b/c");
        assert_eq!(super::decode("a%20b%2fc%C3%A9%zz%+1%4"), "a b/cé%zz%+1%4");
    }
}
