//! The emulator helpers of `rboto-test-support`, and the resource coverage recorder, which stays
//! in this binary because it writes under this crate's `CARGO_TARGET_TMPDIR`.

pub use rboto_test_support::emulator::*;

pub mod coverage;
