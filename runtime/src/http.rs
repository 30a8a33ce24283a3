//! HTTP messages as the protocol layer produces and consumes them, independent of any transport.

/// A serialized request: what a transport sends, before signing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: &'static str,
    /// Path and query string, percent-encoded (`/contact/create-contact`).
    pub uri: String,
    /// Headers in the order they were set.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Prefix to put before the endpoint's host name (the `endpoint` trait), if any.
    pub host_prefix: Option<String>,
}

impl HttpRequest {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// A received response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The request id the service assigned (`x-amzn-RequestId`, or `x-amz-request-id`).
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-amzn-requestid")
            .or_else(|| self.header("x-amz-request-id"))
    }
}

/// Looks a header up by name, ignoring ASCII case.
pub fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// Every header whose name starts with `prefix` (compared without regard to case), keyed by the
/// rest of its name; `None` when there is none.
pub fn prefixed_headers(
    headers: &[(String, String)],
    prefix: &str,
) -> Option<std::collections::BTreeMap<String, String>> {
    let entries: std::collections::BTreeMap<String, String> = headers
        .iter()
        .filter(|(name, _)| {
            name.len() >= prefix.len()
                && name.is_char_boundary(prefix.len())
                && name[..prefix.len()].eq_ignore_ascii_case(prefix)
        })
        .map(|(name, value)| (name[prefix.len()..].to_owned(), value.clone()))
        .collect();
    (!entries.is_empty()).then_some(entries)
}

/// Splits a header that carries a list (`a, "b,c", d`) into its items, honouring quotes.
pub fn split_header_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if quoted => {
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            ',' if !quoted => items.push(std::mem::take(&mut current).trim().to_owned()),
            _ => current.push(c),
        }
    }
    items.push(current.trim().to_owned());
    items
}

/// Quotes a string for a header list when it holds a comma or a double quote, as botocore does.
pub fn quote_header_list_item(value: &str) -> String {
    if value.contains('"') || value.contains(',') {
        format!("\"{}\"", value.replace('"', "\\\""))
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lists_split_on_unquoted_commas() {
        assert_eq!(
            split_header_list("a, \"b,c\", \"d\\\"e\""),
            ["a", "b,c", "d\"e"]
        );
        assert_eq!(quote_header_list_item("b,c"), "\"b,c\"");
    }
}
