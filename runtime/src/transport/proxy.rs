//! Which proxy, if any, a request goes through: `HTTPS_PROXY`/`https_proxy`,
//! `HTTP_PROXY`/`http_proxy` (also `ALL_PROXY`), and `NO_PROXY`/`no_proxy` as the AWS CLI reads
//! them, or settings given on the builder. The matching itself is hyper-util's matcher (host
//! names, domain suffixes, IP addresses, CIDR ranges); entries that name a port
//! (`example.com:8443`) are matched here, only for requests to that port, and so is `*`, which
//! hyper-util applies to host names but not to IP addresses, while Python's requests library
//! (and so the AWS CLI) bypasses the proxy for every host.

use hyper_util::client::proxy::matcher::Matcher;
use std::collections::BTreeMap;
use std::fmt;

use crate::env::Env;

/// How the proxy is chosen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ProxySettings {
    /// From the environment variables (the default).
    #[default]
    FromEnvironment,
    /// No proxy, whatever the environment says.
    Disabled,
    /// These proxies and exceptions, the environment ignored. Each proxy is a URL
    /// (`http://user:password@proxy.example:3128`); `no_proxy` is a `NO_PROXY` list.
    Explicit {
        http: Option<String>,
        https: Option<String>,
        no_proxy: Option<String>,
    },
}

/// A proxy for one request: where to connect, and the `Proxy-Authorization` value when the
/// proxy's URL carries a user and password.
#[derive(Clone, PartialEq, Eq)]
pub struct Route {
    /// `http` or `https`: how to talk to the proxy itself.
    pub scheme: String,
    pub host: String,
    pub port: u16,
    pub authorization: Option<String>,
}

impl Route {
    /// The proxy as a URL without its credentials, for logs.
    pub fn display(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        format!("{}://{host}:{}", self.scheme, self.port)
    }
}

impl fmt::Debug for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())?;
        if self.authorization.is_some() {
            f.write_str(" (with credentials)")?;
        }
        Ok(())
    }
}

/// The resolved proxy rules of a transport.
#[derive(Default)]
pub struct Proxies {
    matcher: Option<Matcher>,
    /// `NO_PROXY` entries that name a port: hosts by port, each as a matcher that proxies
    /// everything except them.
    by_port: BTreeMap<u16, Matcher>,
    /// `NO_PROXY` holds `*`: nothing goes through the proxy.
    bypass_all: bool,
    /// What the rules were made from, for `Debug` (no credentials).
    description: String,
}

impl fmt::Debug for Proxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.description)
    }
}

impl Proxies {
    /// No proxy for any request.
    pub fn none() -> Proxies {
        Proxies {
            description: "no proxy".to_owned(),
            ..Proxies::default()
        }
    }

    /// The rules `settings` describe, reading `env` for [`ProxySettings::FromEnvironment`].
    pub fn new(settings: &ProxySettings, env: &Env) -> Proxies {
        let (http, https, all, no) = match settings {
            ProxySettings::Disabled => return Proxies::none(),
            ProxySettings::Explicit {
                http,
                https,
                no_proxy,
            } => (http.clone(), https.clone(), None, no_proxy.clone()),
            ProxySettings::FromEnvironment => {
                // Lower case first, as Python's urllib reads them. `HTTP_PROXY` is left alone
                // in a CGI program, where a client can set it through a `Proxy:` header.
                let read = |lower: &str, upper: &str| {
                    env.get(lower)
                        .or_else(|| {
                            let cgi = upper == "HTTP_PROXY" && env.get("REQUEST_METHOD").is_some();
                            (!cgi).then(|| env.get(upper)).flatten()
                        })
                        .map(str::to_owned)
                };
                (
                    read("http_proxy", "HTTP_PROXY"),
                    read("https_proxy", "HTTPS_PROXY"),
                    read("all_proxy", "ALL_PROXY"),
                    read("no_proxy", "NO_PROXY"),
                )
            }
        };
        if http.is_none() && https.is_none() && all.is_none() {
            return Proxies::none();
        }
        let (plain, ported) = split_ports(no.as_deref().unwrap_or_default());
        let bypass_all = plain.iter().any(|entry| entry == "*");
        let build = |no: &str| {
            let mut builder = Matcher::builder().no(no);
            if let Some(all) = &all {
                builder = builder.all(all.clone());
            }
            if let Some(http) = &http {
                builder = builder.http(http.clone());
            }
            if let Some(https) = &https {
                builder = builder.https(https.clone());
            }
            builder.build()
        };
        let by_port = ported
            .iter()
            .map(|(port, hosts)| (*port, build(&hosts.join(","))))
            .collect();
        let redact = |url: &Option<String>| url.as_deref().map(redacted);
        Proxies {
            matcher: Some(build(&plain.join(","))),
            by_port,
            bypass_all,
            description: format!(
                "http: {:?}, https: {:?}, all: {:?}, no_proxy: {:?}",
                redact(&http),
                redact(&https),
                redact(&all),
                no
            ),
        }
    }

    /// The proxy for a request to `scheme://host:port`, or `None` to connect directly.
    pub fn route(&self, tls: bool, host: &str, port: u16) -> Option<Route> {
        let matcher = self.matcher.as_ref().filter(|_| !self.bypass_all)?;
        let authority = if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        let scheme = if tls { "https" } else { "http" };
        let uri: http::Uri = format!("{scheme}://{authority}/").parse().ok()?;
        if let Some(ported) = self.by_port.get(&port) {
            ported.intercept(&uri)?;
        }
        let intercept = matcher.intercept(&uri)?;
        let proxy = intercept.uri();
        let proxy_scheme = proxy.scheme_str().unwrap_or("http").to_owned();
        let proxy_host = proxy.host()?.trim_start_matches('[').trim_end_matches(']');
        let proxy_port = proxy
            .port_u16()
            .unwrap_or(if proxy_scheme == "https" { 443 } else { 80 });
        let authorization = intercept
            .basic_auth()
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        Some(Route {
            scheme: proxy_scheme,
            host: proxy_host.to_owned(),
            port: proxy_port,
            authorization,
        })
    }
}

/// Splits a `NO_PROXY` list into entries without a port and, by port, the hosts of entries that
/// name one (`host:port`, `[v6]:port`).
fn split_ports(list: &str) -> (Vec<String>, BTreeMap<u16, Vec<String>>) {
    let mut plain = Vec::new();
    let mut ported: BTreeMap<u16, Vec<String>> = BTreeMap::new();
    for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let split = match entry.strip_prefix('[') {
            Some(bracketed) => bracketed
                .split_once("]:")
                .map(|(host, port)| (host.to_owned(), port)),
            // More than one colon without brackets is an IPv6 address, not a port.
            None if entry.matches(':').count() == 1 => entry
                .split_once(':')
                .map(|(host, port)| (host.to_owned(), port)),
            None => None,
        };
        match split.and_then(|(host, port)| Some((host, port.parse::<u16>().ok()?))) {
            Some((host, port)) => ported.entry(port).or_default().push(host),
            None => plain.push(entry.to_owned()),
        }
    }
    (plain, ported)
}

/// A proxy URL with its password replaced, for logs.
fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(vars: &[(&str, &str)]) -> Proxies {
        Proxies::new(
            &ProxySettings::FromEnvironment,
            &Env::from_pairs(vars.iter().copied()),
        )
    }

    fn via(p: &Proxies, tls: bool, host: &str, port: u16) -> Option<String> {
        p.route(tls, host, port).map(|r| r.display())
    }

    #[test]
    fn environment_rules_pick_the_proxy() {
        let p = proxies(&[
            ("HTTPS_PROXY", "http://user:p%40ss@secure-proxy:3128"),
            ("http_proxy", "http://plain-proxy:8080"),
            (
                "NO_PROXY",
                "internal.example, .corp, 10.0.0.0/8, 192.168.1.7, ::1, local.test:8443, [fe80::1]:9000",
            ),
        ]);
        let secure = p
            .route(true, "connect.us-east-1.amazonaws.com", 443)
            .unwrap();
        assert_eq!(secure.display(), "http://secure-proxy:3128");
        // user:p@ss in base64.
        assert_eq!(secure.authorization.as_deref(), Some("Basic dXNlcjpwQHNz"));
        assert!(!format!("{secure:?}").contains("dXNlcjpwQHNz"));
        assert_eq!(
            via(&p, false, "example.com", 80).as_deref(),
            Some("http://plain-proxy:8080")
        );
        for (host, port) in [
            ("internal.example", 443),
            ("a.internal.example", 443),
            ("x.corp", 443),
            ("10.2.3.4", 443),
            ("192.168.1.7", 443),
            ("::1", 443),
            ("local.test", 8443),
            ("fe80::1", 9000),
        ] {
            assert_eq!(via(&p, true, host, port), None, "{host}:{port}");
        }
        for (host, port) in [
            ("notinternal.example", 443),
            ("10.example", 443),
            ("11.0.0.1", 443),
            ("local.test", 443),
            ("fe80::1", 9001),
        ] {
            assert!(via(&p, true, host, port).is_some(), "{host}:{port}");
        }
        assert!(!format!("{p:?}").contains("p%40ss"), "{p:?}");
    }

    #[test]
    fn star_disabled_and_explicit_settings() {
        let all = proxies(&[("HTTPS_PROXY", "http://proxy:3128"), ("no_proxy", "*")]);
        assert_eq!(via(&all, true, "anything.example", 443), None);
        assert_eq!(via(&all, true, "127.0.0.1", 443), None);
        assert_eq!(via(&all, true, "::1", 443), None);
        let none = proxies(&[]);
        assert_eq!(via(&none, true, "anything.example", 443), None);
        let disabled = Proxies::new(
            &ProxySettings::Disabled,
            &Env::from_pairs([("HTTPS_PROXY", "http://proxy:3128")]),
        );
        assert_eq!(via(&disabled, true, "a.example", 443), None);
        let explicit = Proxies::new(
            &ProxySettings::Explicit {
                http: None,
                https: Some("https://proxy.example".to_owned()),
                no_proxy: Some("skip.example".to_owned()),
            },
            &Env::from_pairs([("HTTPS_PROXY", "http://ignored:1")]),
        );
        assert_eq!(
            via(&explicit, true, "a.example", 443).as_deref(),
            Some("https://proxy.example:443")
        );
        assert_eq!(via(&explicit, true, "skip.example", 443), None);
        assert_eq!(via(&explicit, false, "a.example", 80), None);
        // Lower case wins over upper case; HTTP_PROXY is ignored in a CGI program.
        let lower = proxies(&[
            ("HTTPS_PROXY", "http://upper:1"),
            ("https_proxy", "http://lower:2"),
        ]);
        assert_eq!(
            via(&lower, true, "a.example", 443).as_deref(),
            Some("http://lower:2")
        );
        let cgi = proxies(&[("HTTP_PROXY", "http://evil:1"), ("REQUEST_METHOD", "GET")]);
        assert_eq!(via(&cgi, false, "a.example", 80), None);
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redacted("http://u:secret@h:1"), "http://u:***@h:1");
        assert_eq!(redacted("http://h:1"), "http://h:1");
    }
}
