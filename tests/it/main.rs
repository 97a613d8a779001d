//! The root crate's integration tests, one binary: each file here is a module. A new test file
//! becomes a `mod` line below (alphabetical); it gets its own binary under `tests/` only when it
//! needs its own process (a global allocator, subscriber or logger, environment variables).
//! Shared helpers come from `rboto-test-support` (`common` re-exports its emulator helpers).
//!
//! A test that needs a peer says so: `#[ignore = "needs moto: scripts/test runs it"]` (or
//! `needs s3s-fs`), so a plain `cargo test` lists it as ignored with the reason, and
//! `scripts/test` runs it with `--include-ignored`; run without its peer, it fails.

#[macro_use]
extern crate rboto_test_support;

mod common;

mod cloudformation;
mod cloudwatch;
mod credentials_sts;
mod custom_resources;
mod dynamodb;
mod dynamodb_batch;
mod dynamodb_document;
mod dynamodb_expressions;
mod dynamodb_orm;
mod dynamodb_table;
mod dynamodb_transactions;
mod ec2;
mod faults;
mod glacier;
mod iam;
mod models_every_service;
mod resources_bodies;
mod resources_cloudformation;
mod resources_cloudwatch;
mod resources_constructors;
mod resources_copy_source;
mod resources_dynamodb;
mod resources_ec2;
mod resources_glacier;
mod resources_iam;
mod resources_or_default;
mod resources_s3;
mod resources_smoke;
mod resources_sns;
mod resources_sqs;
mod s3;
mod s3_presigned_post;
mod s3_transfer_dir;
mod s3_transfer_download;
mod s3_transfer_upload;
mod services_json;
mod services_query;
mod services_rest_json;
mod services_rest_xml;
mod session_load;
mod sns;
mod sqs;
mod sts;
mod testing_replay;
mod testing_stubber;
