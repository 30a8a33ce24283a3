//! The tables the generator fills for each operation (`crate::commands`): subcommands, their
//! options, and the shape tree every value is checked against and printed from.

use connect_runtime::client::Handle;
use connect_runtime::error::{ConstructionError, SdkError, ServiceErrorMetadata};
use connect_runtime::retry::Failure;
use std::future::Future;
use std::pin::Pin;

/// One subcommand: an operation of the service.
pub struct Command {
    /// The subcommand (`create-contact`).
    pub name: &'static str,
    /// The operation (`CreateContact`), also the title of table output.
    pub operation: &'static str,
    pub documentation: &'static str,
    /// Index of the input structure in `SHAPES`; its members are the options.
    pub input: usize,
    /// Index of the output structure in `SHAPES`.
    pub output: usize,
    /// Sends a checked input and returns the response body.
    pub run: for<'a> fn(&'a Handle, &'a serde_json::Value) -> Call<'a>,
}

/// A call in flight.
pub type Call<'a> = Pin<Box<dyn Future<Output = Result<Vec<u8>, CallFailure>> + 'a>>;

/// One shape of the tree.
pub struct Shape {
    /// The shape's name in the model.
    pub name: &'static str,
    pub documentation: &'static str,
    pub kind: Kind,
}

/// A member of a structure or union.
pub struct Member {
    /// The member's name, the key of its value.
    pub name: &'static str,
    /// The option that sets it, for members of an input (`--instance-id`).
    pub option: &'static str,
    /// Index of the member's shape.
    pub shape: usize,
    pub required: bool,
    pub documentation: &'static str,
}

/// What a shape holds, with the constraints the model gives it.
pub enum Kind {
    /// A string; `values` are an enum's known values (empty for free text).
    String {
        values: &'static [&'static str],
        min_length: Option<u64>,
        max_length: Option<u64>,
        pattern: Option<&'static str>,
    },
    /// A whole number of `bits` bits (0: unbounded).
    Integer {
        bits: u8,
        min: Option<f64>,
        max: Option<f64>,
    },
    Float {
        min: Option<f64>,
        max: Option<f64>,
    },
    Boolean,
    Blob {
        min_length: Option<u64>,
        max_length: Option<u64>,
    },
    Timestamp,
    Document,
    List {
        member: usize,
        min_length: Option<u64>,
        max_length: Option<u64>,
    },
    Map {
        key: usize,
        value: usize,
        min_length: Option<u64>,
        max_length: Option<u64>,
    },
    Structure {
        members: &'static [Member],
    },
    /// Exactly one member is set.
    Union {
        members: &'static [Member],
    },
}

impl Kind {
    /// The members of a structure or union.
    pub fn members(&self) -> &'static [Member] {
        match self {
            Kind::Structure { members } | Kind::Union { members } => members,
            _ => &[],
        }
    }
}

/// Why a call produced no output.
#[derive(Debug)]
pub enum CallFailure {
    /// The checked value did not make a typed input (a bug in the checks).
    Input(String),
    /// Configuration: no region, no credentials, no endpoint.
    Configuration(String),
    /// The service answered with an error; `retry` says whether another attempt may succeed.
    Service {
        code: String,
        message: String,
        retry: Failure,
    },
    /// No response arrived (connection failure, timeout); `retry` as for `Service`.
    Unanswered { message: String, retry: Failure },
    /// Anything else: unreadable responses, TLS failures.
    Other(String),
}

impl CallFailure {
    /// Sorts a client error by what the command reports for it.
    pub fn from_sdk<E: ServiceErrorMetadata>(error: SdkError<E>) -> CallFailure {
        let text = error.to_string();
        match error {
            SdkError::Service(service) => CallFailure::Service {
                code: service.error.code().to_owned(),
                retry: Failure::classify(
                    Some(service.error.code()),
                    service.status,
                    service.error.modelled_retry(),
                ),
                message: text,
            },
            SdkError::Construction { error, .. } => match error {
                ConstructionError::Input(_) | ConstructionError::Serialize(_) => {
                    CallFailure::Input(text)
                }
                ConstructionError::Tls(_) => CallFailure::Other(text),
                ConstructionError::NoRegion
                | ConstructionError::NoCredentials
                | ConstructionError::Credentials(_)
                | ConstructionError::Endpoint(_) => CallFailure::Configuration(text),
            },
            SdkError::Validation(_) => CallFailure::Input(text),
            SdkError::Dispatch { error, .. } => CallFailure::Unanswered {
                retry: Failure::from_transport(error.kind),
                message: text,
            },
            SdkError::ResponseParse { .. } => CallFailure::Other(text),
        }
    }
}
