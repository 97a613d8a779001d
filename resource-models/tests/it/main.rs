//! The integration tests of `resource-models`, one binary: each file here is a module. A new
//! test file becomes a `mod` line below (alphabetical); it gets its own binary under `tests/`
//! only when it needs its own process (a global allocator, subscriber or logger, environment
//! variables).

mod generated_surface;
