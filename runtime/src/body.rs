//! Finishing a serialized request body before it is signed: compression for operations that
//! accept a compressed body (`requestCompression`), then the `Content-MD5` checksum for operations
//! that require one (`httpChecksumRequired`). Compression comes first, so the checksum covers the
//! bytes that are sent.

use crate::http::{find_header, HttpRequest};

/// The AWS SDKs' default for the smallest body worth compressing, in bytes.
pub const DEFAULT_MIN_COMPRESSION_SIZE: u32 = 10_240;

/// The largest minimum size the AWS SDKs accept, in bytes.
pub const MAX_MIN_COMPRESSION_SIZE: u32 = 10_485_760;

/// When request bodies are compressed (`disable_request_compression` and
/// `request_min_compression_size_bytes` in the configuration).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompressionSettings {
    /// No body is compressed.
    pub disabled: bool,
    /// Bodies shorter than this are sent as they are.
    pub min_size: u32,
}

impl Default for CompressionSettings {
    fn default() -> Self {
        CompressionSettings {
            disabled: false,
            min_size: DEFAULT_MIN_COMPRESSION_SIZE,
        }
    }
}

/// Compresses the body with the first of `encodings` this client supports (`gzip`), unless the
/// settings say not to or the body is smaller than their minimum. The encoding is appended to any
/// `Content-Encoding` the request already has, and `Content-Length` follows the new body.
pub fn compress(request: &mut HttpRequest, encodings: &[&str], settings: &CompressionSettings) {
    let supported = encodings.iter().any(|e| e.eq_ignore_ascii_case("gzip"));
    let small = request.body.len() < settings.min_size as usize;
    if !supported || settings.disabled || small {
        return;
    }
    request.body = gzip(&request.body);
    let encoding = match find_header(&request.headers, "content-encoding") {
        Some(existing) if !existing.trim().is_empty() => format!("{existing}, gzip"),
        _ => "gzip".to_owned(),
    };
    set_header(request, "Content-Encoding", encoding);
    if find_header(&request.headers, "content-length").is_some() {
        let length = request.body.len().to_string();
        set_header(request, "Content-Length", length);
    }
}

/// Adds `Content-MD5` (base64 of the body's MD5 digest) unless the request already has one.
pub fn content_md5(request: &mut HttpRequest) {
    if find_header(&request.headers, "content-md5").is_some() {
        return;
    }
    let value = md5_base64(&request.body);
    request.headers.push(("Content-MD5".to_owned(), value));
}

/// The base64 text of the MD5 digest of `data`, as `Content-MD5` carries it.
pub fn md5_base64(data: &[u8]) -> String {
    crate::encoding::base64::encode(&crate::hash::md5(data))
}

/// Replaces every header of the name (ignoring case) with one of the given value.
fn set_header(request: &mut HttpRequest, name: &str, value: String) {
    request
        .headers
        .retain(|(existing, _)| !existing.eq_ignore_ascii_case(name));
    request.headers.push((name.to_owned(), value));
}

/// A gzip member (RFC 1952) holding `data` deflated at the default level.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    /// Deflate's default trade-off between speed and size.
    const LEVEL: u8 = 6;
    let deflated = miniz_oxide::deflate::compress_to_vec(data, LEVEL);
    let mut out = Vec::with_capacity(deflated.len() + 18);
    // Magic, deflate, no flags, no modification time, no extra flags, unknown operating system.
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
    out.extend_from_slice(&deflated);
    out.extend_from_slice(&crc32(data).to_le_bytes());
    // The input length modulo 2^32, as the format defines it.
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// CRC-32 (IEEE 802.3, reflected), as gzip's trailer uses it.
fn crc32(data: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut index = 0;
        while index < 256 {
            let mut value = index as u32;
            let mut bit = 0;
            while bit < 8 {
                value = if value & 1 == 1 {
                    0xedb8_8320 ^ (value >> 1)
                } else {
                    value >> 1
                };
                bit += 1;
            }
            table[index] = value;
            index += 1;
        }
        table
    };
    !data.iter().fold(!0u32, |crc, &byte| {
        TABLE[((crc ^ u32::from(byte)) & 0xff) as usize] ^ (crc >> 8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: &[u8], headers: &[(&str, &str)]) -> HttpRequest {
        HttpRequest {
            method: "POST",
            uri: "/".to_owned(),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.to_vec(),
            host_prefix: None,
        }
    }

    #[test]
    fn crc32_matches_the_check_value() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn gzip_round_trips_through_inflate() {
        let data: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
        let packed = gzip(&data);
        assert_eq!(&packed[..3], &[0x1f, 0x8b, 8]);
        let trailer = &packed[packed.len() - 8..];
        assert_eq!(trailer[..4], crc32(&data).to_le_bytes());
        assert_eq!(trailer[4..], (data.len() as u32).to_le_bytes());
        let inflated =
            miniz_oxide::inflate::decompress_to_vec(&packed[10..packed.len() - 8]).unwrap();
        assert_eq!(inflated, data);
    }

    #[test]
    fn compression_honours_the_settings_and_appends_the_encoding() {
        let big = vec![b'a'; 20_000];
        let mut sent = request(
            &big,
            &[("Content-Encoding", "custom"), ("Content-Length", "20000")],
        );
        compress(&mut sent, &["gzip"], &CompressionSettings::default());
        assert_eq!(sent.header("content-encoding"), Some("custom, gzip"));
        assert_eq!(
            sent.header("content-length"),
            Some(sent.body.len().to_string().as_str())
        );
        assert!(sent.body.len() < big.len());

        let mut small = request(b"{}", &[]);
        compress(&mut small, &["gzip"], &CompressionSettings::default());
        assert_eq!(small.body, b"{}");
        assert_eq!(small.header("content-encoding"), None);

        let mut off = request(&big, &[]);
        let disabled = CompressionSettings {
            disabled: true,
            ..CompressionSettings::default()
        };
        compress(&mut off, &["gzip"], &disabled);
        assert_eq!(off.body, big);

        let mut unknown = request(&big, &[]);
        compress(&mut unknown, &["br"], &CompressionSettings::default());
        assert_eq!(unknown.body, big);

        let mut zero = request(b"x", &[]);
        let always = CompressionSettings {
            min_size: 0,
            ..CompressionSettings::default()
        };
        compress(&mut zero, &["gzip"], &always);
        assert_eq!(zero.header("content-encoding"), Some("gzip"));
    }

    #[test]
    fn content_md5_is_the_base64_digest_and_kept_when_given() {
        let mut sent = request(b"{\"foo\":\"base64 encoded md5 checksum\"}", &[]);
        content_md5(&mut sent);
        assert_eq!(sent.header("content-md5"), Some("iB0/3YSo7maijL0IGOgA9g=="));
        let mut given = request(b"x", &[("Content-MD5", "given")]);
        content_md5(&mut given);
        assert_eq!(given.header("content-md5"), Some("given"));
    }
}
