//! The generator's one public error type.

use std::fmt;

/// Everything that can go wrong while reading a model or generating code.
///
/// Each variant says where: the file, a JSON pointer into it and, where one is involved, the shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// A file could not be read or written.
    Io { path: String, message: String },
    /// The file is not JSON, or its JSON does not have the form of the model format.
    Syntax {
        file: String,
        /// JSON pointer of the value that could not be read (empty for the document itself).
        pointer: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// The model is well-formed JSON but says something the generator cannot accept.
    Model {
        file: String,
        pointer: String,
        /// The shape (or `shape$member`) concerned.
        shape: String,
        message: String,
    },
    /// A generator setting is wrong (unknown operation, overlay naming a missing shape, ...).
    Settings { origin: String, message: String },
    /// Several problems found by one validation pass, in a stable order.
    Many(Vec<Error>),
    /// A broken invariant inside the generator: a bug, reported with context instead of a panic.
    Internal { context: String },
}

impl Error {
    /// Builds a [`Error::Model`].
    pub fn model(
        file: &str,
        pointer: &str,
        shape: impl fmt::Display,
        message: impl Into<String>,
    ) -> Self {
        Error::Model {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            shape: shape.to_string(),
            message: message.into(),
        }
    }

    /// Builds a [`Error::Internal`].
    pub fn internal(context: impl Into<String>) -> Self {
        Error::Internal {
            context: context.into(),
        }
    }

    /// Folds a list of problems into one error; `Ok` when the list is empty.
    pub fn collect(mut problems: Vec<Error>) -> Result<(), Error> {
        match problems.len() {
            0 => Ok(()),
            1 => Err(problems.remove(0)),
            _ => Err(Error::Many(problems)),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, message } => write!(f, "{path}: {message}"),
            Error::Syntax {
                file,
                pointer,
                line,
                column,
                message,
            } => {
                write!(f, "{file}:{line}:{column}: ")?;
                if !pointer.is_empty() {
                    write!(f, "{pointer}: ")?;
                }
                write!(f, "{message}")
            }
            Error::Model {
                file,
                pointer,
                shape,
                message,
            } => {
                write!(f, "{file}: {pointer}: ")?;
                if !shape.is_empty() {
                    write!(f, "{shape}: ")?;
                }
                f.write_str(message)
            }
            Error::Settings { origin, message } => write!(f, "{origin}: {message}"),
            Error::Many(errors) => {
                write!(f, "{} problems:", errors.len())?;
                for error in errors {
                    write!(f, "\n  {error}")?;
                }
                Ok(())
            }
            Error::Internal { context } => write!(
                f,
                "internal generator error (a bug in connect-codegen, please report it): {context}"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// Escapes one JSON pointer segment (`~` and `/`).
pub fn pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Appends segments to a JSON pointer.
pub fn pointer(base: &str, segments: &[&str]) -> String {
    let mut out = base.to_owned();
    for segment in segments {
        out.push('/');
        out.push_str(&pointer_segment(segment));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        assert_eq!(pointer("", &["shapes", "a/b~c"]), "/shapes/a~1b~0c");
    }

    #[test]
    fn model_errors_name_file_pointer_and_message() {
        let error = Error::model(
            "models/x.json",
            "/shapes/ns#A/members/b",
            "ns#A$b",
            "unknown target ns#C",
        );
        assert_eq!(
            error.to_string(),
            "models/x.json: /shapes/ns#A/members/b: ns#A$b: unknown target ns#C"
        );
    }
}
