//! Expand phase: tokens for the service resource, every resource, their builders and the
//! shape types they use.
//!
//! Layout at the call site: one struct per resource (`Bucket`, `ServiceResource`), one
//! module per resource with its builders (`bucket::Delete`, `bucket::ObjectsCollection`,
//! `bucket::WaitUntilExists`, `object::BatchDelete`) and a `types` module with the shape
//! structures. Every call goes through the resource runtime, by name, reached as
//! `<crate>::__private` (`::rboto::__private` unless the caller names another crate path).

mod resource;
pub mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::ServiceModel;
use crate::parse::{PaginatorsFile, ServiceFile};
use crate::Input;

pub use resource::Ctx;

/// Tokens for a whole service.
pub fn expand(
    input: &Input<'_>,
    model: &ServiceModel,
    service: &ServiceFile,
    paginators: &PaginatorsFile,
) -> TokenStream {
    let display = service
        .metadata
        .service_id
        .clone()
        .or_else(|| service.metadata.service_abbreviation.clone())
        .unwrap_or_else(|| input.service.to_owned());
    let mut types = types::Types::new(service, input.service, &display);
    let ctx = Ctx {
        service_name: input.service,
        display: &display,
        model,
        paginators,
        options: &input.options,
    };
    let resources: Vec<TokenStream> = model
        .resources
        .iter()
        .map(|r| resource::expand_resource(&ctx, r, &mut types))
        .collect();
    let types_module = types.expand();
    let json = match &input.options.resources_path {
        Some(path) => quote!(::core::include_str!(#path)),
        None => {
            let text = input.resources_json;
            quote!(#text)
        }
    };
    let krate = &input.options.crate_path;
    quote! {
        /// What the generated code calls: the runtime crates and the libraries it names.
        #[allow(unused_imports)]
        use #krate::__private as __rboto;

        /// boto3's resource definition for this service, read by the runtime.
        const __RBOTO_RESOURCES_JSON: &str = #json;

        /// A request map with one member, for collection filters.
        #[allow(dead_code)]
        fn __rboto_one(
            key: &str,
            value: __rboto::serde_json::Value,
        ) -> __rboto::serde_json::Map<::std::string::String, __rboto::serde_json::Value> {
            let mut map = __rboto::serde_json::Map::new();
            map.insert(key.into(), value);
            map
        }

        #(#resources)*
        #types_module
    }
}
