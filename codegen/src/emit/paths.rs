//! Every path generated code names outside the item it is in, decided in one place: the
//! runtime's items (the registry [`rt`]), the generated crate's own modules (below the [`Root`]
//! the emission context holds), and the support the server half is written against. Paths are
//! right when they are emitted; nothing rewrites them afterwards.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Makes an identifier from a name produced by [`crate::naming`] (`r#` prefixes allowed).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The runtime crate generated code calls.
pub const RUNTIME: &str = "connect_runtime";

/// An item of the runtime crate, by its path below the crate root.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuntimeItem(&'static [&'static str]);

impl RuntimeItem {
    /// `::connect_runtime::module::Item`.
    pub fn path(self) -> TokenStream {
        let root = ident(RUNTIME);
        let segments = self.0.iter().map(|segment| ident(segment));
        quote! { ::#root #( :: #segments )* }
    }

    /// A variant or associated item of the item (`::connect_runtime::json::Location::Header`).
    pub fn variant(self, name: &str) -> TokenStream {
        let path = self.path();
        let name = ident(name);
        quote! { #path :: #name }
    }
}

/// Every runtime item generated code may name, by what it is.
pub mod rt {
    use super::RuntimeItem as Item;

    // Request bodies: compression and checksums.
    pub const COMPRESSION_SETTINGS: Item = Item(&["body", "CompressionSettings"]);
    pub const COMPRESS: Item = Item(&["body", "compress"]);
    pub const CONTENT_MD5: Item = Item(&["body", "content_md5"]);
    // The client and its configuration.
    pub const HANDLE: Item = Item(&["client", "Handle"]);
    pub const OPERATION_SPEC: Item = Item(&["client", "OperationSpec"]);
    pub const SERVICE_INFO: Item = Item(&["service", "ServiceInfo"]);
    pub const CONFIG: Item = Item(&["config", "Config"]);
    // Encodings.
    pub const BASE64_DECODE: Item = Item(&["encoding", "base64", "decode"]);
    pub const BASE64_ENCODE: Item = Item(&["encoding", "base64", "encode"]);
    pub const PERCENT_ENCODE: Item = Item(&["encoding", "percent", "encode"]);
    pub const PERCENT_ENCODE_GREEDY: Item = Item(&["encoding", "percent", "encode_greedy"]);
    // Errors of a call.
    pub const CONSTRUCTION_ERROR: Item = Item(&["error", "ConstructionError"]);
    pub const SDK_ERROR: Item = Item(&["error", "SdkError"]);
    pub const SERVICE_ERROR_METADATA: Item = Item(&["error", "ServiceErrorMetadata"]);
    pub const FAILURE: Item = Item(&["retry", "Failure"]);
    // HTTP messages and headers.
    pub const HTTP_REQUEST: Item = Item(&["http", "HttpRequest"]);
    pub const HTTP_RESPONSE: Item = Item(&["http", "HttpResponse"]);
    pub const FIND_HEADER: Item = Item(&["http", "find_header"]);
    pub const PREFIXED_HEADERS: Item = Item(&["http", "prefixed_headers"]);
    pub const QUOTE_HEADER_LIST_ITEM: Item = Item(&["http", "quote_header_list_item"]);
    pub const SPLIT_HEADER_LIST: Item = Item(&["http", "split_header_list"]);
    pub const NEW_IDEMPOTENCY_TOKEN: Item = Item(&["idempotency", "new_token"]);
    // JSON.
    pub const DE_ERROR: Item = Item(&["json", "DeError"]);
    pub const JSON_READER: Item = Item(&["json", "JsonReader"]);
    pub const JSON_WRITER: Item = Item(&["json", "JsonWriter"]);
    pub const LOCATION: Item = Item(&["json", "Location"]);
    pub const PYTHON_FLOAT32_REPR: Item = Item(&["json", "python_float32_repr"]);
    pub const PYTHON_FLOAT_REPR: Item = Item(&["json", "python_float_repr"]);
    // Value types.
    pub const BIG_DECIMAL: Item = Item(&["primitives", "BigDecimal"]);
    pub const BIG_INTEGER: Item = Item(&["primitives", "BigInteger"]);
    pub const BUILD_ERROR: Item = Item(&["primitives", "BuildError"]);
    pub const DATE_TIME: Item = Item(&["primitives", "DateTime"]);
    pub const DOCUMENT: Item = Item(&["primitives", "Document"]);
    pub const FAULT: Item = Item(&["primitives", "Fault"]);
    // restJson1.
    pub const SERIALIZE_ERROR: Item = Item(&["protocol", "SerializeError"]);
    pub const TIMESTAMP_FORMAT: Item = Item(&["protocol", "TimestampFormat"]);
    pub const ERROR_METADATA: Item = Item(&["protocol", "error_metadata"]);
    pub const JSON_DOCUMENT: Item = Item(&["protocol", "json_document"]);
    pub const PARSE_TIMESTAMP: Item = Item(&["protocol", "parse_timestamp"]);
    pub const READ_BLOB: Item = Item(&["protocol", "read_blob"]);
    pub const READ_DOCUMENT: Item = Item(&["protocol", "read_document"]);
    pub const READ_TIMESTAMP: Item = Item(&["protocol", "read_timestamp"]);
    pub const TIMESTAMP_TEXT: Item = Item(&["protocol", "timestamp_text"]);
    pub const WRITE_DOCUMENT: Item = Item(&["protocol", "write_document"]);
    pub const WRITE_TIMESTAMP: Item = Item(&["protocol", "write_timestamp"]);
    // Validation.
    pub const VALIDATION_PATH: Item = Item(&["validation", "Path"]);
    pub const REGEX: Item = Item(&["validation", "Regex"]);
    pub const RULE: Item = Item(&["validation", "Rule"]);
    pub const VALIDATION_ERROR: Item = Item(&["validation", "ValidationError"]);
    pub const VALIDATOR: Item = Item(&["validation", "Validator"]);
    pub const COMPILE_PATTERN: Item = Item(&["validation", "compile_pattern"]);
}

/// An item of the module the server half is written against (the settings' `serverSupport`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SupportItem(&'static str);

/// Every item the server half names in its support module.
pub mod support {
    use super::SupportItem as Item;

    /// An HTTP request as the server received it.
    pub const RECEIVED_REQUEST: Item = Item("ReceivedRequest");
    /// Why a request could not be read into an operation's input.
    pub const REQUEST_ERROR: Item = Item("RequestError");
    /// A path segment as the router captured it, decoded.
    pub const LABEL: Item = Item("label");
}

impl SupportItem {
    /// The item below `support` (`crate::wire::ReceivedRequest`).
    pub fn path(self, support: &Root) -> TokenStream {
        support.join(&[self.0])
    }
}

/// Where the generated crate's own modules (`types`, `operations`, `json`, ...) are, as seen from
/// the code that names them: `crate` for a crate of its own, `crate::a::b` for code embedded in a
/// module of a larger crate, `::connect_sdk` for a command built on the client crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root {
    /// Leading segment: `crate`, or an external crate's name (then written `::name`).
    krate: String,
    external: bool,
    modules: Vec<String>,
}

impl Default for Root {
    fn default() -> Root {
        Root::local(&[])
    }
}

impl Root {
    /// The current crate, at the module path `modules` (none: the crate root).
    pub fn local(modules: &[&str]) -> Root {
        Root {
            krate: "crate".to_owned(),
            external: false,
            modules: modules.iter().map(|m| (*m).to_owned()).collect(),
        }
    }

    /// Another crate, by the name code uses for it (`connect_sdk`).
    pub fn external(krate: &str) -> Root {
        Root {
            krate: krate.to_owned(),
            external: true,
            modules: Vec::new(),
        }
    }

    /// A module path as settings spell it: `crate::a::b` (this crate) or `name::a` / `::name::a`
    /// (another crate); `None` unless every segment is an identifier.
    pub fn parse(text: &str) -> Option<Root> {
        let external = text.starts_with("::");
        let mut segments = text.trim_start_matches("::").split("::");
        let krate = segments.next()?;
        let modules: Vec<String> = segments.map(str::to_owned).collect();
        let valid = |s: &str| syn::parse_str::<proc_macro2::Ident>(s).is_ok() || s == "crate";
        if !valid(krate) || !modules.iter().all(|m| valid(m) && m != "crate") {
            return None;
        }
        Some(Root {
            krate: krate.to_owned(),
            external: external || krate != "crate",
            modules,
        })
    }

    /// The root as a path (`crate::generated`, `::connect_sdk`).
    pub fn path(&self) -> TokenStream {
        let krate = ident(&self.krate);
        let modules = self.modules.iter().map(|m| ident(m));
        let lead = if self.external {
            quote! { :: }
        } else {
            TokenStream::new()
        };
        quote! { #lead #krate #( :: #modules )* }
    }

    /// A path below the root: `join(&["types"])` gives `crate::types`.
    pub fn join(&self, segments: &[&str]) -> TokenStream {
        let root = self.path();
        let segments = segments.iter().map(|s| ident(s));
        quote! { #root #( :: #segments )* }
    }
}
