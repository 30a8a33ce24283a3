//! Text encodings of the wire: base64, percent-encoding and timestamp formats.

pub mod base64;
pub mod percent;
pub mod timestamp;
