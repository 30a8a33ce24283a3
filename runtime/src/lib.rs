//! The runtime under the generated Amazon Connect client.
//!
//! Generated code calls only this crate's named surface; it never re-implements what lives here.

pub mod primitives;
