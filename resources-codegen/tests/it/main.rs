//! The integration tests of `resources-codegen`, one binary: each file here is a module. A new
//! test file becomes a `mod` line below (alphabetical); it gets its own binary under `tests/`
//! only when it needs its own process (a global allocator, subscriber or logger, environment
//! variables).

mod decoded_json;
mod phases;
mod real_models;
