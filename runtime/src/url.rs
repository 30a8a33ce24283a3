//! `http://` and `https://` URLs, parsed by one function for every reader: the client's endpoint
//! (parsed once, when the client is built), the transport's request line and connection, and the
//! endpoint rules' `parseURL`.

use std::fmt;

/// An `http://` or `https://` URL, split into what its readers need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    /// `https`, else `http`.
    pub tls: bool,
    /// Host and port as the URL writes them (`host`, `host:8443`, `[::1]:80`), without any user
    /// information.
    pub authority: String,
    /// The host: a name or an address, without IPv6 brackets.
    pub host: String,
    /// The port, when the URL gives one.
    pub port: Option<u16>,
    /// The path as written (empty when there is none), without query or fragment.
    pub path: String,
    /// The query, without its `?`, when there is one.
    pub query: Option<String>,
}

/// Why a text is not an `http://` or `https://` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlError(pub String);

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UrlError {}

/// The URL as text: scheme, authority, path and query.
impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}://{}{}",
            self.scheme(),
            self.authority,
            self.request_target()
        )
    }
}

impl Url {
    /// Reads an `http://` or `https://` URL; a fragment is dropped.
    pub fn parse(text: &str) -> Result<Url, UrlError> {
        let bad = |why: &str| UrlError(format!("{why}: {text}"));
        let (tls, rest) = if let Some(rest) = text.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = text.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err(bad("unsupported URL (http or https only)"));
        };
        let rest = rest.split('#').next().unwrap_or_default();
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, after) = rest.split_at(end);
        let (path, query) = match after.split_once('?') {
            Some((path, query)) => (path, Some(query.to_owned())),
            None => (after, None),
        };
        let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
        let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
            let (host, after) = bracketed
                .split_once(']')
                .ok_or_else(|| bad("invalid IPv6 host in URL"))?;
            match after {
                "" => (host, None),
                _ => (
                    host,
                    Some(
                        after
                            .strip_prefix(':')
                            .ok_or_else(|| bad("invalid port in URL"))?,
                    ),
                ),
            }
        } else {
            match authority.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            }
        };
        if host.is_empty() {
            return Err(bad("URL has no host"));
        }
        let port = port
            .map(|port| port.parse::<u16>().map_err(|_| bad("invalid port in URL")))
            .transpose()?;
        let target = format!("{path}{}", query.as_deref().unwrap_or_default());
        if target.bytes().any(|b| b <= b' ' || b == 0x7f) {
            return Err(bad("URL path holds white space or control bytes"));
        }
        Ok(Url {
            tls,
            authority: authority.to_owned(),
            host: host.to_owned(),
            port,
            path: path.to_owned(),
            query,
        })
    }

    /// `https` or `http`.
    pub fn scheme(&self) -> &'static str {
        if self.tls {
            "https"
        } else {
            "http"
        }
    }

    /// The port, or the scheme's (443, 80).
    pub fn port_or_default(&self) -> u16 {
        self.port.unwrap_or(if self.tls { 443 } else { 80 })
    }

    /// The authority as a `Host` header gives it: the scheme's default port left out, as every AWS
    /// SDK does.
    pub fn host_header(&self) -> String {
        match self.port {
            Some(port) if port == (if self.tls { 443 } else { 80 }) => {
                if self.host.contains(':') {
                    format!("[{}]", self.host)
                } else {
                    self.host.clone()
                }
            }
            _ => self.authority.clone(),
        }
    }

    /// Path and query for a request line: at least `/`.
    pub fn request_target(&self) -> String {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        match &self.query {
            Some(query) => format!("{path}?{query}"),
            None => path.to_owned(),
        }
    }

    /// `host:port`, with brackets around an IPv6 address: a `CONNECT` request's target.
    pub fn host_and_port(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port_or_default())
        } else {
            format!("{}:{}", self.host, self.port_or_default())
        }
    }

    /// Whether the host is an IP address (IPv4 dotted, or IPv6).
    pub fn is_ip(&self) -> bool {
        self.host.contains(':') || self.host.parse::<std::net::Ipv4Addr>().is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_for_every_reader() {
        let u =
            Url::parse("https://connect.us-east-1.amazonaws.com/contact/create-contact").unwrap();
        assert_eq!(
            (
                u.tls,
                u.host.as_str(),
                u.port_or_default(),
                u.request_target().as_str()
            ),
            (
                true,
                "connect.us-east-1.amazonaws.com",
                443,
                "/contact/create-contact"
            )
        );
        assert_eq!(u.host_and_port(), "connect.us-east-1.amazonaws.com:443");
        let u = Url::parse("http://[::1]:8080?a=1#frag").unwrap();
        assert_eq!(
            (
                u.host.as_str(),
                u.port,
                u.authority.as_str(),
                u.request_target().as_str()
            ),
            ("::1", Some(8080), "[::1]:8080", "/?a=1")
        );
        assert_eq!((u.path.as_str(), u.query.as_deref()), ("", Some("a=1")));
        assert_eq!(u.host_and_port(), "[::1]:8080");
        assert!(u.is_ip());
        let u = Url::parse("http://127.0.0.1").unwrap();
        assert_eq!(
            (u.port_or_default(), u.request_target().as_str()),
            (80, "/")
        );
        assert!(u.is_ip());
        assert_eq!(Url::parse("https://h:443/p/").unwrap().host_header(), "h");
        assert_eq!(
            Url::parse("http://u:p@h:8080").unwrap().host_header(),
            "h:8080"
        );
        assert_eq!(
            Url::parse("https://[::1]:443").unwrap().host_header(),
            "[::1]"
        );
        for bad in [
            "ftp://x/",
            "http://:80/",
            "http://h:99999/",
            "http://h/a b",
            "http://[::1/",
            "http://[::1]x/",
        ] {
            assert!(Url::parse(bad).is_err(), "{bad}");
        }
    }
}
