//! The emulator helpers of `rboto-test-support`, the resource coverage recorder, which stays
//! in this binary because it writes under this crate's `CARGO_TARGET_TMPDIR`, and the client and
//! error check the chains of the services beyond the ten share.

pub use rboto_test_support::emulator::*;

pub mod coverage;
pub mod services;
