//! `connect-local`: a local Amazon Connect service for testing clients. It serves CreateContact and
//! DescribeContact over the real wire protocol (its server half generated from the model), checks
//! SigV4 signatures, enforces the service's documented rules, keeps contacts in SQLite, and
//! misbehaves on request.

pub mod auth;
pub mod config;
pub mod faults;
pub mod generated;
pub mod rules;
pub mod server;
pub mod service;
pub mod store;
