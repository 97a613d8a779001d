//! Fixtures shared by the test binaries of rboto's crates, so no test includes another crate's
//! test files by path. Not published: only `[dev-dependencies]` name it.
//!
//! - `emulator` (feature `emulator`): sessions and clients aimed at moto or s3s-fs, unique
//!   names, page collection, proof that a rejected call sent nothing.
//! - `guide` (feature `emulator`): the blocks of `docs/from-boto3.md` as functions to run.
//! - [`fault_proxy`]: a loopback HTTP proxy that injects faults between a client and moto.
//! - [`counting_alloc`]: an allocator that counts bytes, for a binary that registers it.
//! - [`http_head`]: reads an HTTP/1.1 request head, for tests that play a server.
//! - [`loopback`]: a loopback HTTP/1.1 peer that records requests and answers from a closure.
//! - `models` (feature `models`): real services' models from the model data crates.
//! - [`sigv4_check`]: SigV4 signatures computed apart from the signer, to check one against.
//! - [`botocore`]: the pinned botocore's interpreter and version, for tests that compare.
//! - [`moto`]: the moto server's URL, for tests that need it.
//! - [`captured_log`]: a writer whose text a test reads back (a wire log).
//!
//! A test that needs a peer carries `#[ignore = "needs <peer>: scripts/test runs it"]`; the
//! helpers here panic when the peer's variable is unset, so such a test run without its peer
//! fails instead of passing.
#![warn(missing_docs)]

pub mod botocore;
pub mod captured_log;
pub mod counting_alloc;
#[cfg(feature = "emulator")]
pub mod emulator;
pub mod fault_proxy;
#[cfg(feature = "emulator")]
pub mod guide;
pub mod http_head;
pub mod loopback;
#[cfg(feature = "models")]
pub mod models;
pub mod moto;
pub mod sigv4_check;
