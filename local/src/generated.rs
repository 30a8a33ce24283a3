//! The service's types, JSON, validation and server half, generated at build time from
//! `generated/model/create-contact.smithy.json` with `local/connect-local.settings.json`.

include!(concat!(env!("OUT_DIR"), "/lib.rs"));
