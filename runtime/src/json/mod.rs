//! JSON as the restJson1 protocol writes and reads it.

mod float;
mod reader;
mod writer;

pub use float::{python_float32_repr, python_float_repr};
pub use reader::{DeError, JsonReader, Location, Token, DEFAULT_MAX_DEPTH};
pub use writer::JsonWriter;
