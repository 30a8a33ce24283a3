//! A small client for Amazon Connect's CreateContact operation.
//!
//! Everything below is generated at build time from `models/create-contact.smithy.json` by
//! `connect-codegen`; the reviewed copy of that code lives in `generated/snapshot/`.
//!
//! - [`operations::create_contact`]: the input (with its builder), output and error enum;
//! - [`types`]: the shapes the operation uses, among them the recursive
//!   [`types::SegmentAttributeValue`];
//! - [`error`]: the service's error structures;
//! - [`primitives`]: value types and holders of values the model does not know.

include!(concat!(env!("OUT_DIR"), "/lib.rs"));
