//! The service's types, JSON, validation and server half, generated at build time from
//! `models/create-contact.smithy.json` with `models/connect-local.settings.json`.

include!(concat!(env!("OUT_DIR"), "/lib.rs"));
