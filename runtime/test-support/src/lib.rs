//! Fixtures shared by the test binaries of rboto's crates, so no test includes another crate's
//! test files by path. Not published: only `[dev-dependencies]` name it.
//!
//! - `emulator` (feature `emulator`): sessions and clients aimed at moto or s3s-fs, unique
//!   names, page collection, proof that a rejected call sent nothing.
//! - `guide` (feature `emulator`): the blocks of `docs/from-boto3.md` as functions to run.
//! - [`fault_proxy`]: a loopback HTTP proxy that injects faults between a client and moto.
//! - [`counting_alloc`]: an allocator that counts bytes, for a binary that registers it.
//! - [`http_head`]: reads an HTTP/1.1 request head, for tests that play a server.
//! - [`botocore`]: the pinned botocore's interpreter and version, for tests that compare.
//!
//! A test that needs a peer carries `#[ignore = "needs <peer>: scripts/test runs it"]`; the
//! helpers here panic when the peer's variable is unset, so such a test run without its peer
//! fails instead of passing.
#![warn(missing_docs)]

pub mod botocore;
pub mod counting_alloc;
#[cfg(feature = "emulator")]
pub mod emulator;
pub mod fault_proxy;
#[cfg(feature = "emulator")]
pub mod guide;
pub mod http_head;
