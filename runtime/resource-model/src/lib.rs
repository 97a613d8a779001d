//! boto3's resource definition format (`resources-1.json`) as typed values, and botocore's
//! `xform_name`: the one reader of that format in rboto.
//!
//! Three programs read resource definitions, and all of them read them through this crate:
//!
//! - the generator (`rboto-resources-codegen`, under the `rboto_resources!` proc macro), at
//!   compile time, to decide which types, methods and builders to emit and what to call them;
//! - the resource runtime (`rboto-resource`), at run time, to fill request parameters, build
//!   resources from responses and walk collections, from the same JSON embedded in the
//!   program;
//! - the atlas (`rboto-atlas`), through the generator's phases, to draw every service.
//!
//! [`definitions`] holds the typed view of the file, with boto3's rules that are about the
//! format itself (which `has` entries the service resource gets, which are references, which
//! fan out); [`naming`] holds `xform_name`, the snake-casing every generated name and every
//! `Debug` output goes through.
//!
//! ```
//! use rboto_resource_model::definitions::ResourcesFile;
//! use rboto_resource_model::naming::xform_name;
//!
//! let file = ResourcesFile::from_json(
//!     r#"{"service": {}, "resources": {"Bucket": {"identifiers": [{"name": "BucketName"}]}}}"#,
//! )?;
//! let constructors = file.service_has();
//! let bucket = &constructors["Bucket"].definition.resource;
//! let inputs: Vec<String> = bucket.inputs().map(|i| xform_name(&i.target)).collect();
//! assert_eq!(inputs, ["bucket_name"]);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! Why a crate of its own, and not static tables emitted by the generator: a proc macro's
//! dependencies are built for the host, so the generator cannot depend on the runtime
//! without compiling the whole runtime a second time; this crate needs only serde,
//! serde_json and indexmap, which both builds have anyway. The runtime keeps reading the
//! embedded JSON, parsed once on first use, because that is what keeps generated code small
//! (decision: generated code calls small non-generic runtime functions) and lets
//! `ServiceResources::new` take definitions a user wrote; resolved tables would be a second
//! representation of the same file to keep in step with this one.
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations, missing_docs, unreachable_pub)]

pub mod definitions;
pub mod naming;
