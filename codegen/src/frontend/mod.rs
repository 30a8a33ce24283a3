//! Front-ends: read a model file in one of the supported formats and lower it into the [`Model`] IR.

pub mod botocore;
pub mod references;
pub mod smithy_ast;
mod smithy_traits;

use crate::error::{pointer_segment, Error};
use crate::ir::Model;
use serde::de::DeserializeOwned;
use std::path::Path;

/// The model formats the generator reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Smithy 2.0 (or 1.0) JSON AST.
    Smithy,
    /// botocore's `service-2.json`.
    Botocore,
}

impl Format {
    /// Parses `smithy` or `botocore`.
    pub fn parse(word: &str) -> Option<Format> {
        match word {
            "smithy" => Some(Format::Smithy),
            "botocore" => Some(Format::Botocore),
            _ => None,
        }
    }

    /// Guesses the format of a document: a Smithy AST has a top-level `smithy` version.
    pub fn sniff(text: &str) -> Format {
        let head: String = text.chars().take(4096).collect();
        if head.contains("\"smithy\"") {
            Format::Smithy
        } else {
            Format::Botocore
        }
    }
}

/// Reads and lowers a model file. `format: None` sniffs the format from the content.
pub fn load(path: &Path, format: Option<Format>) -> Result<Model, Error> {
    let text = std::fs::read_to_string(path).map_err(|error| Error::Io {
        path: path.display().to_string(),
        message: format!("cannot read the model: {error}"),
    })?;
    let name = path.display().to_string();
    lower_text(&name, &text, format)
}

/// Lowers a model held in memory; `source` names it in error messages.
pub fn lower_text(source: &str, text: &str, format: Option<Format>) -> Result<Model, Error> {
    match format.unwrap_or_else(|| Format::sniff(text)) {
        Format::Smithy => smithy_ast::lower(source, text),
        Format::Botocore => botocore::lower(source, text),
    }
}

/// Deserialises `text` into a raw front-end structure, reporting where it failed as a JSON pointer
/// plus line and column.
pub(crate) fn parse_json<T: DeserializeOwned>(source: &str, text: &str) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    // Model documents nest only a few levels, but a hostile one must not overflow the stack.
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut deserializer);
    let value = result.map_err(|error| {
        let pointer = json_pointer(error.path());
        let inner = error.into_inner();
        Error::Syntax {
            file: source.to_owned(),
            pointer,
            line: inner.line(),
            column: inner.column(),
            message: inner
                .to_string()
                .split(" at line ")
                .next()
                .map_or_else(String::new, str::to_owned),
        }
    })?;
    deserializer.end().map_err(|error| Error::Syntax {
        file: source.to_owned(),
        pointer: String::new(),
        line: error.line(),
        column: error.column(),
        message: "unexpected content after the JSON document".to_owned(),
    })?;
    Ok(value)
}

fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push('/');
                out.push_str(&pointer_segment(key));
            }
            // The position inside an unfinished value is not known; the pointer stops at its parent.
            Segment::Unknown => {}
        }
    }
    out
}
