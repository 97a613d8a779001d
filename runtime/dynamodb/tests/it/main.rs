//! The integration tests of `rboto-dynamodb`, one binary: each file here is a module. A new
//! test file becomes a `mod` line below (alphabetical). A test that needs moto says so with
//! `#[ignore = "needs moto: scripts/test runs it"]`; `scripts/test` runs it with
//! `--include-ignored`.

mod dynamodb_batch_extensions_moto;
mod dynamodb_codec;
mod dynamodb_codec_moto;
