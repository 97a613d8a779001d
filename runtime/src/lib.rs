//! The runtime under rboto: models, wire protocols, signing, the call pipeline, paginators
//! and waiters.
//!
//! Generated resource code and the low-level [`Client`] both sit on this crate.
//! Requests and responses travel through it as `serde_json::Value` (see [`protocol`] for the
//! conventions); streaming bodies travel as byte streams.
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations, missing_docs, unreachable_pub)]

mod attribute;
pub mod body;
pub mod checksum;
pub mod client;
pub mod config_file;
pub mod credentials;
mod customizations;
pub mod endpoint;
pub mod error;
pub mod hooks;
pub mod jmes;
#[doc(hidden)] // for rboto's extension crates; not part of the API
pub mod joined;
pub mod model;
pub mod paginate;
pub mod protocol;
pub mod region;
pub mod session;
#[cfg(feature = "testing")]
pub mod testing;
pub(crate) mod tls;
pub mod transport;
pub mod validate;
pub mod waiter;

#[cfg(test)]
mod hostile_fuzz;

pub use attribute::AttributeExt;
pub use body::ByteStream;
pub use client::Client;
pub use customizations::db_auth;
pub use error::{Error, ServiceError};
pub use model::{ModelSource, ServiceModel};
pub use session::{
    AddressingStyle, ClientBuilder, Config, Credentials, ProvideCredentials, ProvideToken, Session,
    Token,
};
