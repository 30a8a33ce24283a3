//! Text encodings of the wire: base64, hex, percent-encoding and timestamp formats.

pub mod base64;
pub mod hex;
pub mod percent;
pub mod timestamp;
