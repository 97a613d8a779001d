//! `rboto_resources!`: typed resources from a boto3-style resource definition.
//!
//! ```text
//! rboto_resources!(service = "s3", models = "models/s3/2006-03-01");
//! ```
//!
//! reads `<models>/resources-1.json`, `service-2.json` and (when present)
//! `waiters-2.json` and `paginators-1.json`, relative to the calling crate's
//! `CARGO_MANIFEST_DIR`, and expands to the service's resource types (see
//! `rboto_resources_codegen`). A `models` path starting with `./` or `../` is relative to
//! the directory of the file that calls the macro instead, as `include_str!` paths are.
//! Optional arguments: `loaders = ["Bucket"]` (resources whose
//! `load` a hand-written extension supplies), `skip = ["service.actions.CreateTags"]`
//! (actions a hand-written extension replaces) and `model = "path::to::model"` (the
//! `fn() -> ServiceModel` that `ServiceResource::new` uses; `model` by default) and
//! `crate = "path"` (where the facade is, `::rboto` by default: the generated code calls the
//! runtime through `<crate>::__private`, so the calling crate needs only `rboto`).
//!
//! Problems in the definition are compile errors at the `models` argument, all at once, each
//! naming its JSON path. A change to any of the files rebuilds the caller.
//!
//! # What it generates
//!
//! In the calling module (for S3):
//!
//! - `ServiceResource` (`new(&Session)`, `from_client(Client)`) and one struct per resource
//!   (`Bucket`, `Object`, …): identifier accessors (`bucket.name()`), `memberName` aliases,
//!   typed async attribute getters (`object.content_length().await?`), `load()`/`reload()`,
//!   subresource constructors (`bucket.object("key")`), async references, and `meta()`;
//!   `Clone`, `Eq`/`Hash` on the identifiers, `Debug` as `s3.Bucket(name="logs")`.
//! - A module per resource with its builders: actions (`bucket::Delete`, with one setter per
//!   input member the definition does not fill, `send()` and `IntoFuture`), collections
//!   (`bucket::ObjectsCollection`: filter setters, `limit`, `page_size`, `pages()`, `stream()`
//!   and the item type's batch actions), waiters (`bucket::WaitUntilExists`: `delay`,
//!   `max_attempts`) and batch actions (`object_summary::BatchDelete`).
//! - `types`: the service's structures that those signatures use, and only those.
//!
//! The generated code needs only `rboto` as a dependency of the calling crate (with its
//! `resources` feature, on by default; `rboto::rboto_resources!` is this macro), and a
//! `model()` function (or the path given as `model = ".."`) returning the service's
//! `ServiceModel`.
//!
//! # `#[derive(Item)]`
//!
//! Declares a struct's DynamoDB key schema (`rboto::dynamodb::Item`): the partition key,
//! an optional sort key and an optional version attribute for optimistic locking, by
//! field name, on the struct or on the fields; the attribute names follow serde's renames.
//!
//! ```text
//! #[derive(Serialize, Deserialize, Item)]
//! #[item(hash_key = "user", range_key = "order", version = "version")]
//! struct Order { user: String, order: u32, version: u64, total: u64 }
//! // or: struct Order { #[item(hash_key)] user: String, #[item(range_key)] order: u32, .. }
//! ```
//!
//! `Order::Key` is then `(String, u32)` (the partition key's type alone without a sort
//! key), so `table.get::<Order>(("ada".into(), 7))` type-checks and a wrong key does not.
//! The impl names `::rboto::runtime`; `#[item(crate = "rboto_models")]` (any path to a crate with a `dynamodb` module) changes that.
//!
//! Beyond the key, the struct may declare secondary indexes, a TTL attribute and the write
//! extensions, all by field name; they become an `ItemDescription` constant the runtime
//! reads (creating the table, querying an index, stamping writes):
//!
//! ```text
//! #[item(hash_key = "id",
//!        gsi(name = "by_email", hash_key = "email"),               // projection "all"
//!        gsi(name = "by_team", hash_key = "team", range_key = "age", projection = "keys_only"),
//!        lsi(name = "..", range_key = "..", include("field", ..)))] // needs a range_key
//! struct User {
//!     id: String, email: String, team: String, age: u32,
//!     #[item(ttl)] #[serde(with = "rboto::dynamodb::epoch_seconds")] expires: SystemTime,
//!     #[item(counter)] logins: u64,                                // +1 on every update_item
//!     #[item(created_at)] #[serde(with = "rboto::dynamodb::epoch_seconds", default)] created: Option<SystemTime>,
//!     #[item(updated_at)] #[serde(with = "rboto::dynamodb::epoch_seconds", default)] updated: Option<SystemTime>,
//! }
//! ```
//!
//! A key field whose type cannot be a key (`S`, `N` or `B`) is a compile error at its type.
//! For single-table design, `compose(pk = "USER#{id}", sk = "ORDER#{order_id}")` declares key
//! attributes built from fields; `hash_key`/`range_key` may name them, and the key type is
//! then the source fields' types (`(String, u32)` here).
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations, missing_docs, unreachable_pub)]

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};
use rboto_resources_codegen::{generate, Input, Options};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{bracketed, Ident, LitStr, Token};

/// Expands a resource definition into typed resources; see the crate docs.
#[proc_macro]
pub fn rboto_resources(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let args = match syn::parse::<Args>(input) {
        Ok(args) => args,
        Err(e) => return e.to_compile_error().into(),
    };
    let caller_dir = proc_macro::Span::call_site()
        .local_file()
        .and_then(|file| file.parent().map(Path::to_path_buf));
    match expand(&args, caller_dir) {
        Ok(tokens) => tokens.into(),
        Err((span, message)) => syn::Error::new(span, message).to_compile_error().into(),
    }
}

/// Implements `Item` (a DynamoDB key schema) for a struct; see the crate docs.
#[proc_macro_derive(Item, attributes(item))]
pub fn derive_item(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    rboto_resources_codegen::item_derive::derive_item(input.into()).into()
}

/// The macro's arguments.
struct Args {
    service: LitStr,
    models: LitStr,
    loaders: Vec<LitStr>,
    skip: Vec<LitStr>,
    model: Option<LitStr>,
    krate: Option<LitStr>,
}

enum Value {
    Str(LitStr),
    List(Vec<LitStr>),
}

struct Arg {
    key: Ident,
    value: Value,
}

impl Parse for Arg {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        // `crate` is a keyword, so the key is read as any identifier.
        let key = Ident::parse_any(input)?;
        input.parse::<Token![=]>()?;
        let value = if input.peek(syn::token::Bracket) {
            let content;
            bracketed!(content in input);
            let items = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
            Value::List(items.into_iter().collect())
        } else {
            Value::Str(input.parse()?)
        };
        Ok(Arg { key, value })
    }
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let span = input.span();
        let mut service = None;
        let mut models = None;
        let mut loaders = Vec::new();
        let mut skip = Vec::new();
        let mut model = None;
        let mut krate = None;
        for arg in Punctuated::<Arg, Token![,]>::parse_terminated(input)? {
            match (arg.key.to_string().as_str(), arg.value) {
                ("service", Value::Str(s)) => service = Some(s),
                ("models", Value::Str(s)) => models = Some(s),
                ("model", Value::Str(s)) => model = Some(s),
                ("crate", Value::Str(s)) => krate = Some(s),
                ("loaders", Value::List(items)) => loaders = items,
                ("skip", Value::List(items)) => skip = items,
                (key, _) => {
                    return Err(syn::Error::new(
                        arg.key.span(),
                        format!(
                            "unexpected argument `{key}`: expected `service = \"..\"`, \
                             `models = \"..\"`, `loaders = [\"..\"]`, `skip = [\"..\"]`, \
                             `model = \"..\"` or `crate = \"..\"`"
                        ),
                    ))
                }
            }
        }
        Ok(Args {
            service: service.ok_or_else(|| syn::Error::new(span, "missing `service = \"..\"`"))?,
            models: models.ok_or_else(|| syn::Error::new(span, "missing `models = \"..\"`"))?,
            loaders,
            skip,
            model,
            krate,
        })
    }
}

fn read(path: &Path, span: Span) -> Result<String, (Span, String)> {
    std::fs::read_to_string(path)
        .map_err(|e| (span, format!("cannot read {}: {e}", path.display())))
}

fn read_optional(path: &Path, span: Span) -> Result<Option<String>, (Span, String)> {
    if path.exists() {
        read(path, span).map(Some)
    } else {
        Ok(None)
    }
}

/// `path` made absolute against the compiler's working directory, which is what a relative
/// source path (as `Span::local_file` may report) is relative to. The paths the macro emits
/// for `include_str!`/`include_bytes!` must be absolute: a relative one would be resolved a
/// second time, from the directory of the file that invokes the macro.
fn absolute(path: &Path, span: Span) -> Result<PathBuf, (Span, String)> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    std::env::current_dir()
        .map(|cwd| cwd.join(path))
        .map_err(|e| (span, format!("cannot resolve {}: {e}", path.display())))
}

fn expand(args: &Args, caller_dir: Option<PathBuf>) -> Result<TokenStream, (Span, String)> {
    let span = args.models.span();
    let models = args.models.value();
    let root = if models.starts_with("./") || models.starts_with("../") {
        caller_dir.ok_or_else(|| (span, "the calling file's directory is unknown".to_owned()))?
    } else {
        std::env::var("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .map_err(|_| (span, "CARGO_MANIFEST_DIR is not set".to_owned()))?
    };
    let dir = absolute(&root.join(&models), span)?;
    let resources_path = dir.join("resources-1.json");
    let service_path = dir.join("service-2.json");
    let waiters_path = dir.join("waiters-2.json");
    let paginators_path = dir.join("paginators-1.json");
    let resources = read(&resources_path, span)?;
    let service_json = read(&service_path, span)?;
    let waiters = read_optional(&waiters_path, span)?;
    let paginators = read_optional(&paginators_path, span)?;

    let service = args.service.value();
    let input = Input {
        service: &service,
        resources_json: &resources,
        service_json: &service_json,
        waiters_json: waiters.as_deref(),
        paginators_json: paginators.as_deref(),
        options: Options {
            loaders: args.loaders.iter().map(LitStr::value).collect(),
            skip: args.skip.iter().map(LitStr::value).collect(),
            resources_path: Some(resources_path.display().to_string()),
            model_fn: args
                .model
                .as_ref()
                .map_or_else(|| "model".into(), LitStr::value),
            crate_path: match &args.krate {
                Some(path) => path
                    .parse::<syn::Path>()
                    .map_err(|e| (path.span(), format!("`crate` must be a path: {e}")))?
                    .into_token_stream(),
                None => quote!(::rboto),
            },
        },
    };
    let generated = generate(&input).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        (
            span,
            format!(
                "{} problem(s) in the resource definition {}:\n{}",
                errors.len(),
                args.models.value(),
                lines.join("\n")
            ),
        )
    })?;

    let tracked: Vec<String> = [
        Some(&service_path),
        waiters.as_ref().map(|_| &waiters_path),
        paginators.as_ref().map(|_| &paginators_path),
    ]
    .into_iter()
    .flatten()
    .map(|p| p.display().to_string())
    .collect();
    Ok(quote! {
        #(const _: &[u8] = ::core::include_bytes!(#tracked);)*
        #generated
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(models: &str) -> Args {
        Args {
            service: LitStr::new("sqs", Span::call_site()),
            models: LitStr::new(models, Span::call_site()),
            loaders: Vec::new(),
            skip: Vec::new(),
            model: None,
            krate: None,
        }
    }

    /// The generated code reaches the runtime through `<crate>::__private`: `::rboto` unless
    /// the call names another path (`crate = ".."`, a keyword as the key), and a `crate` that
    /// is not a path is an error at its literal.
    #[test]
    fn the_crate_path_defaults_to_the_facade_and_can_be_named() {
        let models = "../../resource-models/models/sqs/2012-11-05";
        let default = expand(&args(models), Some(PathBuf::from("tests")))
            .unwrap_or_else(|(_, message)| panic!("{message}"))
            .to_string();
        assert!(
            default.contains("use :: rboto :: __private as __rboto"),
            "{default}"
        );

        let named: Args = syn::parse_str(&format!(
            r#"service = "sqs", models = "{models}", crate = "crate""#
        ))
        .unwrap();
        let tokens = expand(&named, Some(PathBuf::from("tests")))
            .unwrap_or_else(|(_, message)| panic!("{message}"))
            .to_string();
        assert!(
            tokens.contains("use crate :: __private as __rboto"),
            "{tokens}"
        );
        assert!(!tokens.contains("rboto_runtime"), "{tokens}");

        let bad: Args = syn::parse_str(&format!(
            r#"service = "sqs", models = "{models}", crate = "not a path""#
        ))
        .unwrap();
        let (_, message) = expand(&bad, Some(PathBuf::from("tests"))).err().unwrap();
        assert!(message.contains("`crate` must be a path"), "{message}");
    }

    /// Every string literal of `tokens` that names a JSON file.
    fn json_paths(tokens: &TokenStream) -> Vec<String> {
        let text = tokens.to_string();
        text.split('"')
            .filter(|piece| piece.ends_with(".json"))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn a_relative_calling_file_still_gives_absolute_include_paths() {
        // Cargo hands rustc workspace-relative source paths, so `local_file()` is often
        // relative; the macro runs with rustc's working directory, here the crate root.
        let tokens = expand(
            &args("../../resource-models/models/sqs/2012-11-05"),
            Some(PathBuf::from("tests")),
        )
        .unwrap_or_else(|(_, message)| panic!("{message}"));
        let paths = json_paths(&tokens);
        assert!(
            paths.iter().any(|p| p.ends_with("resources-1.json")),
            "{paths:?}"
        );
        assert!(
            paths.iter().any(|p| p.ends_with("service-2.json")),
            "{paths:?}"
        );
        for path in &paths {
            assert!(
                Path::new(path).is_absolute(),
                "relative include path {path}"
            );
            assert!(Path::new(path).exists(), "{path} does not exist");
        }
    }
}
