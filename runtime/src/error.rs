//! What a call can fail with: the service's typed error, or a failure on the client's side.

use crate::config::credentials::{CredentialsError, NO_CREDENTIALS};
use crate::config::NO_REGION;
use crate::endpoint::EndpointError;
use crate::json::DeError;
use crate::primitives::BuildError;
use crate::protocol::SerializeError;
use crate::retry::Failure;
use crate::transport::{TlsSetupError, TransportError, TransportErrorKind};
use crate::validation::ValidationError;
use std::fmt;

/// What the client needs to know about an operation's error type.
pub trait ServiceErrorMetadata: fmt::Debug {
    /// The error code (`ThrottlingException`).
    fn code(&self) -> &str;
    /// The message, if the service sent one.
    fn message(&self) -> Option<&str>;
    /// What the model says about retrying this error: `Throttling` or `Transient` for errors it
    /// marks retryable, `None` for the rest.
    fn modelled_retry(&self) -> Option<Failure>;
}

/// The service answered with an error.
#[derive(Debug)]
pub struct ServiceError<E> {
    pub error: E,
    pub operation: &'static str,
    pub status: u16,
    pub request_id: Option<String>,
    /// Retries made before giving up (0 when the first answer was final).
    pub retries: u32,
    /// The message as the AWS CLI reports it, read from the response as botocore reads it
    /// ([`crate::protocol::error_metadata`]): what `Display` prints, whatever member of the
    /// modelled error holds a message.
    pub message: String,
}

/// Why a request could not be made. Nothing was sent.
#[derive(Clone, Debug)]
pub enum ConstructionError {
    /// No region is configured, and no custom endpoint either.
    NoRegion,
    /// No credentials were found.
    NoCredentials,
    /// The credentials provider failed.
    Credentials(CredentialsError),
    /// No endpoint could be resolved from the configuration.
    Endpoint(EndpointError),
    /// The HTTP client could not be set up.
    Tls(TlsSetupError),
    /// The input lacks a required member.
    Input(BuildError),
    /// The input cannot be put into a request (an empty URI label, an unknown union member).
    Serialize(SerializeError),
}

impl fmt::Display for ConstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstructionError::NoRegion => f.write_str(NO_REGION),
            ConstructionError::NoCredentials => f.write_str(NO_CREDENTIALS),
            ConstructionError::Credentials(error) => write!(f, "{error}"),
            ConstructionError::Endpoint(error) => write!(f, "{error}"),
            ConstructionError::Tls(error) => write!(f, "{error}"),
            ConstructionError::Input(error) => write!(f, "{error}"),
            ConstructionError::Serialize(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for ConstructionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConstructionError::NoRegion | ConstructionError::NoCredentials => None,
            ConstructionError::Credentials(error) => Some(error),
            ConstructionError::Endpoint(error) => Some(error),
            ConstructionError::Tls(error) => Some(error),
            ConstructionError::Input(error) => Some(error),
            ConstructionError::Serialize(error) => Some(error),
        }
    }
}

/// A call that did not produce the operation's output.
#[derive(Debug)]
pub enum SdkError<E> {
    /// The input breaks the model's constraints; nothing was sent.
    Validation(ValidationError),
    /// The request could not be made: missing region or credentials, a bad endpoint, an input
    /// that cannot be serialized. Nothing was sent.
    Construction {
        operation: &'static str,
        error: ConstructionError,
    },
    /// No response arrived (connection failure, timeout), after every retry.
    Dispatch {
        operation: &'static str,
        url: String,
        error: TransportError,
        attempts: u32,
    },
    /// A response arrived but could not be read.
    ResponseParse {
        operation: &'static str,
        status: u16,
        request_id: Option<String>,
        error: DeError,
    },
    /// The service answered with an error.
    Service(ServiceError<E>),
}

impl<E> SdkError<E> {
    /// The service's typed error, if the service answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(service) => Some(&service.error),
            _ => None,
        }
    }

    /// The request id of the response, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            SdkError::Service(service) => service.request_id.as_deref(),
            SdkError::ResponseParse { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            SdkError::Service(service) => Some(service.status),
            SdkError::ResponseParse { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl<E: ServiceErrorMetadata> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Validation(error) => write!(f, "{error}"),
            SdkError::Construction { error, .. } => write!(f, "{error}"),
            SdkError::Dispatch { url, error, .. } => match error.kind {
                TransportErrorKind::ConnectTimeout => {
                    write!(f, "Connect timeout on endpoint URL: \"{url}\"")
                }
                TransportErrorKind::ReadTimeout => {
                    write!(f, "Read timeout on endpoint URL: \"{url}\"")
                }
                TransportErrorKind::Tls => {
                    write!(f, "SSL validation failed for {url} {}", error.message)
                }
                TransportErrorKind::Connect => {
                    write!(f, "Could not connect to the endpoint URL: \"{url}\"")
                }
                TransportErrorKind::AttemptTimeout | TransportErrorKind::OperationTimeout => {
                    write!(f, "Timeout on endpoint URL: \"{url}\": {}", error.message)
                }
                TransportErrorKind::Proxy => {
                    write!(f, "Failed to connect to proxy URL: {}", error.message)
                }
                TransportErrorKind::ResponseTooLarge => {
                    write!(
                        f,
                        "The response from endpoint URL \"{url}\" was refused: {}",
                        error.message
                    )
                }
                TransportErrorKind::Io | TransportErrorKind::Request => {
                    write!(f, "Connection was closed before we received a valid response from endpoint URL: \"{url}\".")
                }
            },
            SdkError::ResponseParse {
                operation,
                status,
                error,
                ..
            } => {
                write!(
                    f,
                    "Unable to parse the {operation} response (HTTP {status}): {error}"
                )
            }
            SdkError::Service(service) => {
                write!(
                    f,
                    "An error occurred ({}) when calling the {} operation",
                    service.error.code(),
                    service.operation
                )?;
                if service.retries > 0 {
                    write!(f, " (reached max retries: {})", service.retries)?;
                }
                write!(f, ": {}", service.message)
            }
        }
    }
}

impl<E: ServiceErrorMetadata + std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Validation(error) => Some(error),
            SdkError::Dispatch { error, .. } => Some(error),
            SdkError::ResponseParse { error, .. } => Some(error),
            SdkError::Service(service) => Some(&service.error),
            SdkError::Construction { error, .. } => Some(error),
        }
    }
}
