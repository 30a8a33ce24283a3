//! The traits the generator understands, in one typed record per shape or member.

/// Traits of a shape or member. Both front-ends fill the same fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Traits {
    /// Model documentation, still in the model's HTML.
    pub documentation: Option<String>,
    pub required: bool,
    /// The `default` trait's value (JSON), if any.
    pub default: Option<serde_json::Value>,
    pub length: Option<LengthBounds>,
    pub range: Option<RangeBounds>,
    pub pattern: Option<String>,
    pub sensitive: bool,
    pub idempotency_token: bool,
    /// Name of the member in JSON documents when it differs from the member name.
    pub json_name: Option<String>,
    pub timestamp_format: Option<TimestampFormat>,
    /// Where an operation input or output member travels in the HTTP message.
    pub http: Option<HttpBinding>,
    /// On error structures: who is at fault.
    pub error: Option<Fault>,
    /// On error structures: the HTTP status code.
    pub http_error: Option<u16>,
    /// A streaming blob or event stream.
    pub streaming: bool,
    /// Lists and maps whose entries may be null.
    pub sparse: bool,
    pub unique_items: bool,
    /// Media type of a string or blob (`application/json` makes a header carry base64 JSON).
    pub media_type: Option<String>,
    pub deprecated: bool,
    /// A member bound into the host prefix of the `endpoint` trait.
    pub host_label: bool,
    /// On error structures: whether a retry may succeed, and whether the error means throttling.
    pub retryable: Option<Retryable>,
    /// On operations: the request must carry a `Content-MD5` header (`httpChecksumRequired`).
    pub checksum_required: bool,
    /// On operations: content encodings the service accepts for a compressed request body, in
    /// order of preference (`requestCompression`); empty when the body is never compressed.
    pub request_compression: Vec<String>,
    /// Traits the model uses that the generator cannot honour. Generation fails if a shape of the
    /// selected closure carries one; elsewhere in the model they are harmless.
    pub unsupported: Vec<String>,
}

/// The constraints in force at one place: `length`, `range` and `pattern`, each set or not.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Constraints<'a> {
    pub length: Option<LengthBounds>,
    pub range: Option<RangeBounds>,
    pub pattern: Option<&'a str>,
}

impl Constraints<'_> {
    /// Whether no constraint is set (bounds that bound nothing count as unset).
    pub fn is_empty(&self) -> bool {
        self.length.is_none() && self.range.is_none() && self.pattern.is_none()
    }
}

impl Traits {
    /// This shape's or member's own constraints, without its target's.
    pub fn constraints(&self) -> Constraints<'_> {
        Constraints {
            length: self.length.filter(|b| b.min.is_some() || b.max.is_some()),
            range: self.range.filter(|b| b.min.is_some() || b.max.is_some()),
            pattern: self.pattern.as_deref(),
        }
    }
}

/// The `retryable` trait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retryable {
    pub throttling: bool,
}

/// The `length` trait (or botocore `min`/`max` on strings, blobs, lists and maps).
/// A minimum of zero says nothing and is stored as `None`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LengthBounds {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

/// The `range` trait (or botocore `min`/`max` on numbers).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RangeBounds {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// Wire format of a timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimestampFormat {
    /// RFC 3339 (`date-time`, botocore `iso8601`).
    DateTime,
    /// RFC 7231 (`http-date`, botocore `rfc822`).
    HttpDate,
    /// Seconds since the epoch, with fractions (`epoch-seconds`, botocore `unixTimestamp`).
    EpochSeconds,
}

impl TimestampFormat {
    /// Parses the Smithy or botocore spelling.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "date-time" | "iso8601" => TimestampFormat::DateTime,
            "http-date" | "rfc822" => TimestampFormat::HttpDate,
            "epoch-seconds" | "unixTimestamp" => TimestampFormat::EpochSeconds,
            _ => return None,
        })
    }
}

/// HTTP binding of a member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HttpBinding {
    /// `{Label}` in the URI.
    Label,
    /// One query parameter of the given name.
    Query(String),
    /// All remaining query parameters, from a map.
    QueryParams,
    /// One header of the given name.
    Header(String),
    /// Every header that starts with the given prefix, from a map.
    PrefixHeaders(String),
    /// The whole body.
    Payload,
    /// The status code of a response.
    ResponseCode,
}

/// The `error` trait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    Client,
    Server,
}

/// The `http` trait of an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpTrait {
    pub method: String,
    /// The URI pattern, possibly with a query string part (`/path/{Label}?fixed=1`).
    pub uri: String,
    /// Status code of a successful response.
    pub code: u16,
}

/// The wire protocol of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    RestJson1,
    AwsJson1_0,
    AwsJson1_1,
    RestXml,
    AwsQuery,
    Ec2Query,
}

impl Protocol {
    /// The name of the protocol as Smithy spells its trait.
    pub fn word(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "restJson1",
            Protocol::AwsJson1_0 => "awsJson1_0",
            Protocol::AwsJson1_1 => "awsJson1_1",
            Protocol::RestXml => "restXml",
            Protocol::AwsQuery => "awsQuery",
            Protocol::Ec2Query => "ec2Query",
        }
    }
}
