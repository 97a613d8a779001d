//! The Rust blocks of `docs/from-boto3.md` as functions a test can run against moto.
//!
//! `build.rs` reads the guide and writes each block, rustdoc's hidden lines included, as a module
//! whose `demo` function is the block; `guide_blocks!` expands to those
//! modules and `guide_blocks()`, the table of every block. The test runs the text the guide
//! shows, so the two cannot drift apart. A block that starts with a `// Compile-only: why` line
//! is listed with that reason and not run.

use std::future::Future;
use std::pin::Pin;

/// What running one block gives: its error as text, since blocks return `rboto::Error` or
/// `Box<dyn Error>`.
pub type GuideFuture = Pin<Box<dyn Future<Output = Result<(), String>>>>;

/// A block's function, given the session aimed at moto (blocks that build their own ignore it).
pub type GuideRun = Box<dyn Fn(rboto::Session) -> GuideFuture>;

/// One Rust block of the guide.
pub struct GuideBlock {
    /// The line of the guide where the block opens.
    pub line: usize,
    /// The idiom numbers the block shows (its `// N` markers).
    pub idioms: &'static [u32],
    /// Why the block is only compiled, from its `// Compile-only:` line.
    pub compile_only: Option<&'static str>,
    /// The block's function, absent for a compile-only block.
    pub run: Option<GuideRun>,
}

include!(concat!(env!("OUT_DIR"), "/guide_macro.rs"));
