//! Where a request goes: an `http://` or `https://` URL split for connecting (scheme, host,
//! port) and for the request line (path and query).

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

impl Target {
    /// `host:port`, with brackets around an IPv6 address: a `CONNECT` request's target.
    pub fn authority_with_port(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
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
        assert_eq!(
            t.authority_with_port(),
            "connect.us-east-1.amazonaws.com:443"
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
        assert_eq!(t.authority_with_port(), "[::1]:8080");
        let t = Target::parse("http://127.0.0.1").unwrap();
        assert_eq!((t.port, t.path.as_str()), (80, "/"));
        assert!(Target::parse("ftp://x/").is_err());
        assert!(Target::parse("http://:80/").is_err());
        assert!(Target::parse("http://h:99999/").is_err());
        assert!(Target::parse("http://h/a b").is_err());
    }
}
