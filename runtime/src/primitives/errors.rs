//! Errors reported while building values, parsing enum values, and for unmodelled service errors.

use std::fmt;

/// Who is at fault for a service error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fault {
    /// The request was wrong.
    Client,
    /// The service failed.
    Server,
}

/// A builder was asked to build while required members were unset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    shape: &'static str,
    missing: Vec<&'static str>,
}

impl BuildError {
    /// `missing` lists the unset required members by their model names.
    pub fn missing(shape: &'static str, missing: Vec<&'static str>) -> Self {
        BuildError { shape, missing }
    }

    /// The structure that could not be built.
    pub fn shape(&self) -> &'static str {
        self.shape
    }

    /// The required members that were not set, by model name.
    pub fn missing_members(&self) -> &[&'static str] {
        &self.missing
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = if self.missing.len() == 1 {
            "member"
        } else {
            "members"
        };
        write!(
            f,
            "cannot build {}: missing required {noun} {}",
            self.shape,
            self.missing.join(", ")
        )
    }
}

impl std::error::Error for BuildError {}

/// A strict enum parse met a value the model does not list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownEnumValue {
    enum_name: &'static str,
    value: String,
}

impl UnknownEnumValue {
    /// Records the enum and the value that was refused.
    pub fn new(enum_name: &'static str, value: &str) -> Self {
        UnknownEnumValue {
            enum_name,
            value: value.to_owned(),
        }
    }

    /// The value that was refused.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for UnknownEnumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a known {} value",
            self.value, self.enum_name
        )
    }
}

impl std::error::Error for UnknownEnumValue {}

/// A service error the model does not list for the operation. Nothing of what arrived is lost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnhandledError {
    code: Option<String>,
    message: Option<String>,
    status: u16,
    request_id: Option<String>,
}

impl UnhandledError {
    /// Records an error response.
    pub fn new(
        code: Option<String>,
        message: Option<String>,
        status: u16,
        request_id: Option<String>,
    ) -> Self {
        UnhandledError {
            code,
            message,
            status,
            request_id,
        }
    }

    /// The error code, if the response carried one.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The error message, if the response carried one.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The HTTP status code of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id (`x-amzn-RequestId`), if the response carried one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (HTTP {})",
            self.code.as_deref().unwrap_or("Unknown"),
            self.status
        )?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnhandledError {}
