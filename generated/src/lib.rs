//! A small client for Amazon Connect's CreateContact and DescribeContact operations.
//!
//! ```no_run
//! use connect_runtime::config::Config;
//! use connect_sdk::client::Client;
//! use connect_sdk::types::{Channel, ContactInitiationMethod};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // Region, credentials, endpoint and retries: where the AWS CLI finds them.
//! let client = Client::new(&Config::load()?);
//! let instance_id = "12345678-1234-1234-1234-123456789012";
//! let created = client
//!     .create_contact()
//!     .instance_id(instance_id)
//!     .channel(Channel::Task)
//!     .initiation_method(ContactInitiationMethod::Api)
//!     .name("Follow up")
//!     .send()
//!     .await?;
//! let contact_id = created.contact_id.unwrap_or_default();
//! let described = client
//!     .describe_contact()
//!     .instance_id(instance_id)
//!     .contact_id(contact_id)
//!     .send()
//!     .await?;
//! println!("{:?}", described.contact.and_then(|contact| contact.name));
//! # Ok(()) }
//! ```
//!
//! Everything below is generated at build time from the model this crate carries
//! (`model/create-contact.smithy.json`, with the operations and overlay of
//! `model/create-contact.settings.json`) by `connect-codegen`; the reviewed copy of that code lives
//! in the project's `generated/snapshot/`.
//!
//! - [`operations::create_contact`], [`operations::describe_contact`]: the input (with its
//!   builder), output and error enum of each operation;
//! - [`types`]: the shapes the operation uses, among them the recursive
//!   [`types::SegmentAttributeValue`];
//! - [`error`]: the service's error structures;
//! - [`primitives`]: value types and holders of values the model does not know.
//!
//! The JSON readers and writers of every shape are the crate's own (`json`, not public): the
//! operations' request writers and response readers call them.

include!(concat!(env!("OUT_DIR"), "/lib.rs"));

#[cfg(test)]
mod json_tests;
