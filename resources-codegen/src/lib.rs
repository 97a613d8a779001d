//! The generator behind `rboto_resources!`: boto3-style resource definitions
//! (`resources-1.json`) plus the service model in, a `proc_macro2::TokenStream` of typed
//! Rust resources out.
//!
//! It runs in four phases, one file each: [`parse`] (serde views of the JSON; the
//! resource definitions through `rboto-resource-model`, the reader the runtime shares),
//! [`model`] (resolved resources with boto3's names), [`validate`] (every reference
//! checked, all problems collected with their JSON path) and [`expand`] (tokens). The
//! generated code is a thin typed facade over the resource runtime (`rboto-resource`), which does the
//! work at run time from the same `resources-1.json`, embedded, read by the same reader.
//!
//! ```
//! let input = rboto_resources_codegen::Input {
//!     service: "demo",
//!     resources_json: r#"{"service": {"has": {}}, "resources": {}}"#,
//!     service_json: r#"{"metadata": {"serviceId": "Demo"}, "operations": {}, "shapes": {}}"#,
//!     waiters_json: None,
//!     paginators_json: None,
//!     options: Default::default(),
//! };
//! let tokens = rboto_resources_codegen::generate(&input).unwrap();
//! assert!(tokens.to_string().contains("ServiceResource"));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations, missing_docs, unreachable_pub)]

pub mod expand;
pub mod item_derive;
pub mod item_derive_attr;
pub mod item_derive_extra;
pub mod model;
pub mod naming;
pub mod parse;
pub mod validate;

use std::fmt;

/// Shapes whose string values the client (`rboto_runtime::client`) parses into JSON values
/// in its outputs, as `(service, shape)`: IAM's URL-encoded policy documents. The generated
/// code types them as `serde_json::Value` (a JSON object, or the original string when it
/// did not parse). A copy of `rboto_runtime::client::DECODED_JSON_SHAPES`, which this crate
/// cannot depend on; `tests/it/decoded_json.rs` checks that the two agree.
pub const DECODED_JSON_SHAPES: &[(&str, &str)] = &[("iam", "policyDocumentType")];

/// Input members that name the source of a copy, as `(service, member)`: S3's `CopySource`.
/// Their setters take `impl rboto_s3_transfer::IntoCopySource` (a typed `CopySource` or a
/// `"bucket/key"` string), as boto3 takes a dict or a string there.
pub const COPY_SOURCE_MEMBERS: &[(&str, &str)] = &[("s3", "CopySource")];

use proc_macro2::TokenStream;

/// One problem in a definition, located by its JSON path
/// (`resources.Bucket.actions.Delete.request.operation`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Where: a dotted JSON path, or a file name for parse errors.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl Error {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for Error {}

/// How the generated code gets what the generator cannot know.
#[derive(Debug, Clone)]
pub struct Options {
    /// Resources whose `load()` a hand-written extension supplies (S3 `Bucket`,
    /// `ObjectSummary`): they get `load()`/`reload()` although the JSON has no `load`.
    pub loaders: Vec<String>,
    /// JSON paths of actions a hand-written extension replaces
    /// (`service.actions.CreateTags` for EC2): they are not generated.
    pub skip: Vec<String>,
    /// Absolute path of `resources-1.json`, embedded with `include_str!` (which also
    /// rebuilds on change); `None` embeds the text as a literal.
    pub resources_path: Option<String>,
    /// Expression path of a `fn() -> rboto_runtime::ServiceModel` in scope at the call
    /// site, used by `ServiceResource::new`.
    pub model_fn: String,
    /// Path of the crate whose `__private` module the generated code calls through
    /// (`::rboto`, the facade, unless the caller names another: `crate` inside
    /// `rboto-models`).
    pub crate_path: TokenStream,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            loaders: Vec::new(),
            skip: Vec::new(),
            resources_path: None,
            model_fn: "model".into(),
            crate_path: quote::quote!(::rboto),
        }
    }
}

/// Everything the generator reads.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    /// Service name as in `rboto::<service>` and `Debug` output (`s3`).
    pub service: &'a str,
    /// `resources-1.json`.
    pub resources_json: &'a str,
    /// `service-2.json`.
    pub service_json: &'a str,
    /// `waiters-2.json`, if the service has waiters.
    pub waiters_json: Option<&'a str>,
    /// `paginators-1.json`, if the service has paginators.
    pub paginators_json: Option<&'a str>,
    /// Call-site specifics.
    pub options: Options,
}

/// Runs all four phases; on failure returns every problem found.
pub fn generate(input: &Input<'_>) -> Result<TokenStream, Vec<Error>> {
    let resources: parse::ResourcesFile =
        parse::parse("resources-1.json", input.resources_json).map_err(|e| vec![e])?;
    let service: parse::ServiceFile =
        parse::parse("service-2.json", input.service_json).map_err(|e| vec![e])?;
    let waiters: parse::WaitersFile = match input.waiters_json {
        Some(text) => parse::parse("waiters-2.json", text).map_err(|e| vec![e])?,
        None => Default::default(),
    };
    let paginators: parse::PaginatorsFile = match input.paginators_json {
        Some(text) => parse::parse("paginators-1.json", text).map_err(|e| vec![e])?,
        None => Default::default(),
    };
    let mut errors = validate::validate(&resources, &service, &waiters);
    let model = match model::build(&resources, &service, &input.options) {
        Ok(model) => Some(model),
        Err(more) => {
            errors.extend(more);
            None
        }
    };
    match model {
        Some(model) if errors.is_empty() => {
            Ok(expand::expand(input, &model, &service, &paginators))
        }
        _ => Err(errors),
    }
}
