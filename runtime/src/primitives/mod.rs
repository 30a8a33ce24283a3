//! Value types for the model's simple shapes, and the errors that construction and parsing report.

mod big_number;
mod date_time;
mod document;
mod errors;

pub use big_number::{BigDecimal, BigInteger};
pub use date_time::DateTime;
pub use document::{Document, Number};
pub use errors::{BuildError, Fault, UnhandledError, UnknownEnumValue};
