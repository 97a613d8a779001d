//! The runtime under rboto: models, wire protocols, signing, the call pipeline, paginators
//! and waiters.
//!
//! Generated resource code and the low-level [`Client`](client::Client) both sit on this crate.
//! Requests and responses travel through it as `serde_json::Value` (see [`protocol`] for the
//! conventions); streaming bodies travel as byte streams.
#![warn(missing_docs)]

pub mod error;
pub mod jmes;
pub mod model;
pub mod paginate;
pub mod protocol;
pub mod validate;
pub mod waiter;

pub use error::{Error, ServiceError};
