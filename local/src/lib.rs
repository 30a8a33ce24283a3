//! `connect-local`: a local Amazon Connect service for testing clients. It serves CreateContact and
//! DescribeContact over the real wire protocol (its server half generated from the model), checks
//! SigV4 signatures, enforces the service's documented rules, keeps contacts in SQLite, and
//! misbehaves on request.
//!
//! ```
//! use connect_local::{config, server, service::Service, store::Store};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // The service in memory on a free loopback port, as `connect-local --memory --listen
//! // 127.0.0.1:0` runs it.
//! let options = config::parse(&["--memory".to_owned()])?;
//! let service = Service::new(options, Store::open(None)?);
//! let runtime = tokio::runtime::Runtime::new()?;
//! runtime.block_on(async {
//!     let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//!     println!("serving at http://{}", listener.local_addr()?);
//!     let (stop, stopped) = tokio::sync::watch::channel(false);
//!     let serving = tokio::spawn(server::run(listener, service, stopped));
//!     stop.send(true)?;
//!     serving.await?;
//!     Ok(())
//! })
//! # }
//! ```

pub mod auth;
pub mod config;
pub mod faults;
pub mod generated;
pub mod rules;
pub mod server;
pub mod service;
pub mod signature;
pub mod store;
pub mod wire;
