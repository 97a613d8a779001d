//! Integration tests of `rboto-resource-model`, one module per file.

mod botocore_names;
