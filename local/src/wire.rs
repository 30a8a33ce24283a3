//! What the generated server half of an operation works with (the settings' `serverSupport`
//! names this module): a request as received, the ways reading it can fail, and the query string
//! read into pairs.

use connect_runtime::encoding::percent;
use connect_runtime::json::DeError;
use connect_runtime::primitives::BuildError;
use std::fmt;

/// An HTTP request as a server received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedRequest {
    pub method: String,
    /// The path and query as sent (`/contacts/i/c?x=1`).
    pub uri: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl ReceivedRequest {
    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.uri
            .split_once('?')
            .map_or(self.uri.as_str(), |(path, _)| path)
    }

    /// The query's parameters, percent-decoded, in order (`a` alone reads as `a=`).
    pub fn query(&self) -> Vec<(String, String)> {
        let Some((_, query)) = self.uri.split_once('?') else {
            return Vec::new();
        };
        query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                let decode = |text: &str| percent::decode(&text.replace('+', " "));
                (decode(key), decode(value))
            })
            .collect()
    }

    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        connect_runtime::http::find_header(&self.headers, name)
    }
}

/// Why a request could not be read into the operation's input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestError {
    /// The body, a header, a query parameter or a label does not hold a value of its shape.
    Malformed(DeError),
    /// Required members are missing.
    Missing(BuildError),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::Malformed(error) => write!(f, "{error}"),
            RequestError::Missing(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for RequestError {}

impl From<DeError> for RequestError {
    fn from(error: DeError) -> Self {
        RequestError::Malformed(error)
    }
}

/// A path segment as the router captured it, percent-decoded.
pub fn label(segment: &str) -> String {
    percent::decode(segment)
}
