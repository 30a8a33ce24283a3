//! HTTP/1.1 on the wire: where a URL points, the bytes of a request, and reading a response
//! (its head, then a body framed by `Content-Length`, chunks, or the end of the connection).

use super::connection::Connection;
use crate::http::{find_header, HttpResponse};
use std::fmt;
use std::io::Write as _;

/// Where a request goes: from the URL, split for connecting and for the request line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Target {
    pub tls: bool,
    /// The host to connect to: a name or an address, without IPv6 brackets.
    pub host: String,
    pub port: u16,
    /// Host and port as the URL writes them, for a `Host` header the request lacks.
    pub authority: String,
    /// Path and query, at least `/`.
    pub path: String,
}

impl Target {
    /// Reads `http://` or `https://` URLs; the reason when the URL is not one.
    pub fn parse(url: &str) -> Result<Target, String> {
        let (tls, rest) = if let Some(rest) = url.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err(format!("unsupported URL (http or https only): {url}"));
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(end);
        let path = path.split('#').next().unwrap_or_default();
        let path = match path.strip_prefix('?') {
            Some(query) => format!("/?{query}"),
            None if path.is_empty() => "/".to_owned(),
            None => path.to_owned(),
        };
        let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
        let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
            let (host, after) = bracketed
                .split_once(']')
                .ok_or_else(|| format!("invalid IPv6 host in URL: {url}"))?;
            (host, after.strip_prefix(':'))
        } else {
            match authority.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            }
        };
        if host.is_empty() {
            return Err(format!("URL has no host: {url}"));
        }
        let port = match port {
            Some(port) => port
                .parse::<u16>()
                .map_err(|_| format!("invalid port in URL: {url}"))?,
            None if tls => 443,
            None => 80,
        };
        if path.bytes().any(|b| b <= b' ' || b == 0x7f) {
            return Err(format!(
                "URL path holds white space or control bytes: {url}"
            ));
        }
        Ok(Target {
            tls,
            host: host.to_owned(),
            port,
            authority: authority.to_owned(),
            path,
        })
    }
}

/// A header name is an HTTP token.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A header value may not break the message: no CR, LF or NUL.
fn valid_value(value: &str) -> bool {
    !value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0))
}

/// The request line, headers and body as one buffer. Adds `Host` when missing, and
/// `Content-Length` when missing and the request has a body (or a method that expects one).
pub(super) fn request_bytes(
    method: &str,
    target: &Target,
    headers: &[(String, String)],
    body: &[u8],
) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(256 + headers.len() * 48 + body.len());
    out.extend_from_slice(method.as_bytes());
    out.push(b' ');
    out.extend_from_slice(target.path.as_bytes());
    out.extend_from_slice(b" HTTP/1.1\r\n");
    if find_header(headers, "host").is_none() {
        out.extend_from_slice(b"Host: ");
        out.extend_from_slice(target.authority.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    for (name, value) in headers {
        if !valid_name(name) {
            return Err(format!("invalid header name {name:?}"));
        }
        if !valid_value(value) {
            return Err(format!("invalid value for header {name}"));
        }
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.trim().as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    let expects_body = matches!(method, "POST" | "PUT" | "PATCH");
    if find_header(headers, "content-length").is_none() && (!body.is_empty() || expects_body) {
        // Writing into a Vec cannot fail.
        let _ = write!(out, "Content-Length: {}\r\n", body.len());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    Ok(out)
}

/// Why a response could not be read.
#[derive(Debug)]
pub(super) enum ReadError {
    /// The connection ended before the first byte of a response.
    ClosedBeforeResponse,
    Io(std::io::Error),
    /// The bytes are not an HTTP/1.1 response.
    Malformed(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::ClosedBeforeResponse => {
                f.write_str("the connection closed before a response arrived")
            }
            ReadError::Io(error) => write!(f, "reading the response failed: {error}"),
            ReadError::Malformed(reason) => write!(f, "invalid HTTP response: {reason}"),
        }
    }
}

impl From<std::io::Error> for ReadError {
    fn from(error: std::io::Error) -> Self {
        ReadError::Io(error)
    }
}

/// Largest response head accepted.
const MAX_HEAD: usize = 64 * 1024;
/// Most headers a response may carry.
const MAX_HEADERS: usize = 128;

/// How the body of a response ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Framing {
    Empty,
    Length(usize),
    Chunked,
    UntilClose,
}

/// A parsed response head.
struct Head {
    status: u16,
    headers: Vec<(String, String)>,
    framing: Framing,
    keep_alive: bool,
}

/// Reads one whole response. `head_request` is true for `HEAD` (no body follows). Also says
/// whether the connection can carry another request.
pub(super) async fn read_response(
    connection: &mut Connection,
    head_request: bool,
) -> Result<(HttpResponse, bool), ReadError> {
    let head = loop {
        let head = read_head(connection, head_request).await?;
        // Interim responses (100 Continue and the like) precede the real one.
        if !(100..200).contains(&head.status) || head.status == 101 {
            break head;
        }
    };
    let (body, complete) = match head.framing {
        Framing::Empty => (Vec::new(), true),
        Framing::Length(length) => (read_exact(connection, length).await?, true),
        Framing::Chunked => (read_chunked(connection).await?, true),
        Framing::UntilClose => (read_to_end(connection).await?, false),
    };
    let reusable = complete && head.keep_alive && connection.pending().is_empty();
    Ok((
        HttpResponse {
            status: head.status,
            headers: head.headers,
            body,
        },
        reusable,
    ))
}

async fn read_head(connection: &mut Connection, head_request: bool) -> Result<Head, ReadError> {
    let mut first_read = true;
    loop {
        let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut response = httparse::Response::new(&mut slots);
        match response.parse(connection.pending()) {
            Ok(httparse::Status::Complete(length)) => {
                let head = head_of(&response, head_request)?;
                connection.consume(length);
                return Ok(head);
            }
            Ok(httparse::Status::Partial) => {}
            Err(error) => return Err(ReadError::Malformed(error.to_string())),
        }
        if connection.pending().len() > MAX_HEAD {
            return Err(ReadError::Malformed(format!(
                "the head is longer than {MAX_HEAD} bytes"
            )));
        }
        let read = connection.fill().await?;
        if read == 0 {
            return Err(if first_read && connection.pending().is_empty() {
                ReadError::ClosedBeforeResponse
            } else {
                ReadError::Malformed("the connection closed inside the head".to_owned())
            });
        }
        first_read = false;
    }
}

/// Whether a comma-separated header value lists `token` (case-insensitive).
fn lists(value: &str, token: &str) -> bool {
    value
        .split(',')
        .any(|item| item.trim().eq_ignore_ascii_case(token))
}

fn head_of(response: &httparse::Response<'_, '_>, head_request: bool) -> Result<Head, ReadError> {
    let status = response.code.unwrap_or_default();
    let http11 = response.version == Some(1);
    let mut headers = Vec::with_capacity(response.headers.len());
    let mut length: Option<usize> = None;
    let mut chunked = false;
    let mut close = !http11;
    for header in response.headers.iter() {
        let name = header.name.to_ascii_lowercase();
        let value = String::from_utf8_lossy(header.value).into_owned();
        match name.as_str() {
            "content-length" => {
                let parsed = value.trim().parse::<usize>().map_err(|_| {
                    ReadError::Malformed(format!("invalid Content-Length {value:?}"))
                })?;
                if length.is_some_and(|earlier| earlier != parsed) {
                    return Err(ReadError::Malformed(
                        "conflicting Content-Length headers".to_owned(),
                    ));
                }
                length = Some(parsed);
            }
            "transfer-encoding" => {
                chunked = value
                    .rsplit(',')
                    .next()
                    .is_some_and(|last| last.trim().eq_ignore_ascii_case("chunked"));
            }
            "connection" if lists(&value, "close") => close = true,
            "connection" if lists(&value, "keep-alive") => close = false,
            _ => {}
        }
        headers.push((name, value));
    }
    let framing = if head_request || status == 204 || status == 304 || (100..200).contains(&status)
    {
        Framing::Empty
    } else if chunked {
        Framing::Chunked
    } else if let Some(length) = length {
        Framing::Length(length)
    } else {
        Framing::UntilClose
    };
    Ok(Head {
        status,
        headers,
        framing,
        keep_alive: !close,
    })
}

async fn read_exact(connection: &mut Connection, length: usize) -> Result<Vec<u8>, ReadError> {
    while connection.pending().len() < length {
        if connection.fill().await? == 0 {
            return Err(ReadError::Malformed(format!(
                "the connection closed after {} of {length} body bytes",
                connection.pending().len()
            )));
        }
    }
    let body = connection.pending()[..length].to_vec();
    connection.consume(length);
    Ok(body)
}

async fn read_to_end(connection: &mut Connection) -> Result<Vec<u8>, ReadError> {
    while connection.fill().await? != 0 {}
    let body = connection.pending().to_vec();
    let length = body.len();
    connection.consume(length);
    Ok(body)
}

/// One line ending in CRLF (without it), from the connection.
async fn read_line(connection: &mut Connection) -> Result<String, ReadError> {
    loop {
        if let Some(end) = connection.pending().windows(2).position(|w| w == b"\r\n") {
            let line = String::from_utf8_lossy(&connection.pending()[..end]).into_owned();
            connection.consume(end + 2);
            return Ok(line);
        }
        if connection.pending().len() > MAX_HEAD {
            return Err(ReadError::Malformed("a chunk line is too long".to_owned()));
        }
        if connection.fill().await? == 0 {
            return Err(ReadError::Malformed(
                "the connection closed inside a chunked body".to_owned(),
            ));
        }
    }
}

async fn read_chunked(connection: &mut Connection) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    loop {
        let line = read_line(connection).await?;
        let size = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size, 16)
            .map_err(|_| ReadError::Malformed(format!("invalid chunk size {size:?}")))?;
        if size == 0 {
            // Trailers, if any, up to the empty line.
            while !read_line(connection).await?.is_empty() {}
            return Ok(body);
        }
        body.extend_from_slice(&read_exact(connection, size).await?);
        if !read_line(connection).await?.is_empty() {
            return Err(ReadError::Malformed(
                "a chunk is longer than its size".to_owned(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_connection_and_request_line() {
        let t = Target::parse("https://connect.us-east-1.amazonaws.com/contact/create-contact")
            .unwrap();
        assert_eq!(
            (t.tls, t.host.as_str(), t.port, t.path.as_str()),
            (
                true,
                "connect.us-east-1.amazonaws.com",
                443,
                "/contact/create-contact"
            )
        );
        let t = Target::parse("http://[::1]:8080?a=1").unwrap();
        assert_eq!(
            (
                t.host.as_str(),
                t.port,
                t.authority.as_str(),
                t.path.as_str()
            ),
            ("::1", 8080, "[::1]:8080", "/?a=1")
        );
        let t = Target::parse("http://127.0.0.1").unwrap();
        assert_eq!((t.port, t.path.as_str()), (80, "/"));
        assert!(Target::parse("ftp://x/").is_err());
        assert!(Target::parse("http://:80/").is_err());
        assert!(Target::parse("http://h:99999/").is_err());
        assert!(Target::parse("http://h/a b").is_err());
    }

    #[test]
    fn requests_get_host_and_length_when_missing() {
        let target = Target::parse("http://example.test:81/p").unwrap();
        let bytes =
            request_bytes("PUT", &target, &[("X-A".to_owned(), "1".to_owned())], b"{}").unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "PUT /p HTTP/1.1\r\nHost: example.test:81\r\nX-A: 1\r\nContent-Length: 2\r\n\r\n{}"
        );
        let bytes = request_bytes("GET", &target, &[], b"").unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "GET /p HTTP/1.1\r\nHost: example.test:81\r\n\r\n"
        );
        let bad = [("X-A".to_owned(), "1\r\nX-B: 2".to_owned())];
        assert!(request_bytes("GET", &target, &bad, b"").is_err());
        let bad = [("X A".to_owned(), "1".to_owned())];
        assert!(request_bytes("GET", &target, &bad, b"").is_err());
    }
}
