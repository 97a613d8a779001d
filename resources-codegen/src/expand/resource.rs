//! Tokens for one resource: its struct, accessors, attributes, actions, relations,
//! collections and waiters, and the builder types in its module.
//!
//! Every generated function is `#[inline]`. That is about compile time, not speed: an inline
//! function is compiled in the crate that calls it, when it calls it, so a program pays
//! machine code only for the methods it uses (with the serde code for their output types)
//! rather than for every method of every resource of every service it enables.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{SetterKind, Types, Use};
use crate::model::{Action, Collection, Resource, ServiceModel, Waiter};
use crate::naming::{ident, type_name, xform_name};
use crate::parse::{PaginatorsFile, ParamDef, RequestDef, ResponseResourceDef};
use crate::validate::top_member;
use crate::Options;

/// What every resource expansion needs to know.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// Service name (`s3`).
    pub service_name: &'a str,
    /// Service name in docs (`S3`).
    pub display: &'a str,
    /// All resolved resources.
    pub model: &'a ServiceModel,
    /// Paginators, to tell which collections paginate.
    pub paginators: &'a PaginatorsFile,
    /// Call-site options.
    pub options: &'a Options,
}

impl Ctx<'_> {
    fn resource(&self, name: &str) -> &Resource {
        self.model
            .resources
            .iter()
            .find(|r| r.name == name)
            .expect("validated resource type")
    }

    fn resource_type(&self, name: &str) -> TokenStream {
        let ty = format_ident!("{}", self.resource(name).type_name);
        quote!(#ty)
    }
}

fn core_path() -> TokenStream {
    quote!(__rboto::ResourceCore)
}

fn error_path() -> TokenStream {
    quote!(__rboto::Error)
}

fn map_type() -> TokenStream {
    quote!(__rboto::serde_json::Map<::std::string::String, __rboto::serde_json::Value>)
}

/// Tokens for one resource.
pub(super) fn expand_resource(ctx: &Ctx<'_>, r: &Resource, types: &mut Types<'_>) -> TokenStream {
    let ty = format_ident!("{}", r.type_name);
    let module = ident(&r.module);
    let core = core_path();
    let err = error_path();
    let mut methods = Vec::new();
    let mut builders = Vec::new();

    for (i, id) in r.identifiers.iter().enumerate() {
        let doc = format!("Identifier `{}`; answers without a request.", id.name);
        methods.push(identifier_accessor(&id.method, i, id.integer, &doc));
    }
    for alias in &r.aliases {
        let id = &r.identifiers[alias.identifier];
        let doc = format!(
            "Member `{}` of the resource's shape: the same value as identifier `{}` \
             (`self.{}()`), so it answers without a request.",
            alias.member, id.name, id.method
        );
        methods.push(identifier_accessor(
            &alias.method,
            alias.identifier,
            id.integer,
            &doc,
        ));
    }
    if r.loadable {
        methods.push(load_methods(ctx, r));
    }
    let load_note = load_note(ctx, r);
    for attr in &r.attributes {
        let method = ident(&attr.method);
        let rust = types.rust_type(&attr.shape, &quote!(types::), Use::OUTPUT);
        let member = &attr.member;
        let doc = format!(
            "Attribute `{member}` ({}) of shape `{}`. {load_note}",
            types.describe(&attr.shape),
            r.shape.as_deref().unwrap_or_default()
        );
        // boto3's response key (`ContentLength`), found by rustdoc's search.
        let alias = (*member != attr.method).then(|| quote!(#[doc(alias = #member)]));
        methods.push(quote! {
            #[doc = #doc]
            #alias
            #[inline]
            pub async fn #method(&self) -> ::core::result::Result<::core::option::Option<#rust>, #err> {
                __rboto::typed::from_value(
                    self.core.attribute(#member).await?.unwrap_or_default(),
                )
            }
        });
    }
    for action in &r.actions {
        let (method, builder) = action_builder(ctx, r, action, types);
        methods.push(method);
        builders.push(builder);
    }
    for sub in &r.subresources {
        methods.push(subresource(
            ctx,
            r,
            &sub.name,
            &sub.method,
            &sub.def.resource,
        ));
    }
    for reference in &r.references {
        methods.push(reference_method(
            ctx,
            r,
            &reference.name,
            &reference.method,
            &reference.def.resource,
        ));
    }
    for collection in &r.collections {
        let (method, builder) = collection_builder(ctx, r, collection, types);
        methods.push(method);
        builders.push(builder);
    }
    for waiter in &r.waiters {
        let (method, builder) = waiter_builder(ctx, r, waiter);
        methods.push(method);
        builders.push(builder);
    }
    for batch in &r.batch_actions {
        builders.push(batch_builder(ctx, r, batch, types));
    }

    let type_label = if r.is_service() {
        "ServiceResource"
    } else {
        r.name.as_str()
    };
    let debug_head = format!("{}.{}(", ctx.service_name, type_label);
    let debug_parts = r.identifiers.iter().enumerate().map(|(i, id)| {
        let label = format!("{}{}=", if i == 0 { "" } else { ", " }, id.method);
        quote! { f.write_str(#label)?; ::core::fmt::Display::fmt(self.core.identifier(#i), f)?; }
    });
    let struct_doc = struct_doc(ctx, r);
    let meta_doc = "The runtime core: the client (`meta().service().client()`), the \
                    identifiers and the cached data (`meta().data()`).";
    let constructors = if r.is_service() {
        service_constructors(ctx)
    } else {
        quote!()
    };
    let module_doc = format!(
        "Builders for `{}`: actions, collections, waiters and batch actions.",
        r.type_name
    );
    let hash_label = type_label.to_owned();

    quote! {
        #[doc = #struct_doc]
        #[derive(::core::clone::Clone)]
        pub struct #ty {
            core: #core,
        }

        impl #ty {
            #constructors
            #(#methods)*

            #[doc = #meta_doc]
            #[inline]
            pub fn meta(&self) -> &#core {
                &self.core
            }
        }

        impl ::core::convert::From<#core> for #ty {
            #[inline]
            fn from(core: #core) -> Self {
                #ty { core }
            }
        }

        impl ::core::cmp::PartialEq for #ty {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                self.core.identifiers() == other.core.identifiers()
            }
        }

        impl ::core::cmp::Eq for #ty {}

        impl ::core::hash::Hash for #ty {
            #[inline]
            fn hash<H: ::core::hash::Hasher>(&self, state: &mut H) {
                ::core::hash::Hash::hash(#hash_label, state);
                for identifier in self.core.identifiers() {
                    ::core::hash::Hash::hash(&identifier.to_string(), state);
                }
            }
        }

        impl ::core::fmt::Debug for #ty {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(#debug_head)?;
                #(#debug_parts)*
                f.write_str(")")
            }
        }

        #[doc = #module_doc]
        pub mod #module {
            #[allow(unused_imports)]
            use super::__rboto;
            #(#builders)*
        }
    }
}

fn identifier_accessor(method: &str, index: usize, integer: bool, doc: &str) -> TokenStream {
    let method = ident(method);
    if integer {
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn #method(&self) -> i64 {
                self.core.identifier(#index).as_i64().unwrap_or_default()
            }
        }
    } else {
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn #method(&self) -> &str {
                self.core.identifier(#index).as_str().unwrap_or_default()
            }
        }
    }
}

fn service_constructors(ctx: &Ctx<'_>) -> TokenStream {
    let model_fn: TokenStream = ctx
        .options
        .model_fn
        .parse()
        .unwrap_or_else(|_| quote!(model));
    let core = core_path();
    let err = error_path();
    let new_doc = format!(
        "The {} service resource: makes a client for the embedded {} model from the \
         session (credentials, region, endpoint) and reads the resource definition.",
        ctx.display, ctx.display
    );
    let from_doc = "The service resource over an existing client (for instance one made \
                    with a custom `Config`).";
    quote! {
        #[doc = #new_doc]
        #[doc(alias = "resource")]
        #[inline]
        pub fn new(session: &__rboto::Session) -> ::core::result::Result<Self, #err> {
            Self::from_client(session.client(#model_fn())?)
        }

        #[doc = #from_doc]
        #[inline]
        pub fn from_client(client: __rboto::Client) -> ::core::result::Result<Self, #err> {
            let service = __rboto::ServiceResources::new(client, __RBOTO_RESOURCES_JSON)?;
            ::core::result::Result::Ok(ServiceResource {
                core: #core::new(&service, "", ::std::vec::Vec::new()),
            })
        }
    }
}

fn struct_doc(ctx: &Ctx<'_>, r: &Resource) -> String {
    let svc = ctx.display;
    if r.is_service() {
        return format!(
            "The {svc} service resource (boto3 `{}.ServiceResource`): the entry point to \
             every {svc} resource, its collections and its service-level actions.",
            ctx.service_name
        );
    }
    let ids: Vec<String> = r
        .identifiers
        .iter()
        .map(|i| format!("`{}`", i.method))
        .collect();
    let mut doc = format!(
        "A {svc} `{}` (boto3 `{}.{}`), identified by {}.",
        r.name,
        ctx.service_name,
        r.name,
        if ids.is_empty() {
            "nothing (a singleton)".into()
        } else {
            ids.join(", ")
        }
    );
    if let Some(shape) = &r.shape {
        doc.push_str(&format!(
            "\n\nIts attributes are the members of shape `{shape}`. "
        ));
        doc.push_str(&load_note(ctx, r));
    }
    doc.push_str(
        "\n\nClone is cheap (shared state); equality and hashing use the identifiers only.",
    );
    doc
}

fn load_note(ctx: &Ctx<'_>, r: &Resource) -> String {
    match (&r.load, r.loadable) {
        (Some((op, path)), _) => format!(
            "The first read calls {} {op} (path `{path}`) once; later reads use the cached data.",
            ctx.display
        ),
        (None, true) => "The first read loads the data once with the load a service extension \
                         supplies; later reads use the cached data."
            .into(),
        (None, false) => "There is no load: the data comes with the resource when a collection \
                          or an action produced it; otherwise reading fails with a clear error."
            .into(),
    }
}

fn load_methods(ctx: &Ctx<'_>, r: &Resource) -> TokenStream {
    let err = error_path();
    let what = match &r.load {
        Some((op, path)) => {
            let def = describe_params(r, &r.load_params);
            format!(
                "Calls {} {op}{def} and keeps `{path}` of the response as this resource's data.",
                ctx.display
            )
        }
        None => "Runs the load a service extension supplies and keeps the result as this \
                 resource's data."
            .into(),
    };
    let load_doc =
        format!("{what} Concurrent callers share one request; does nothing if data is cached.");
    let reload_doc = format!("{what} Always makes the request.");
    quote! {
        #[doc = #load_doc]
        #[inline]
        pub async fn load(&self) -> ::core::result::Result<(), #err> {
            self.core.load().await
        }

        #[doc = #reload_doc]
        #[inline]
        pub async fn reload(&self) -> ::core::result::Result<(), #err> {
            self.core.reload().await
        }
    }
}

/// "Bucket = self.name(), VersioningConfiguration.Status = \"Enabled\"".
fn describe_params(r: &Resource, params: &[ParamDef]) -> String {
    let parts: Vec<String> = params
        .iter()
        .map(|p| {
            let from = match p.source.as_str() {
                "identifier" => {
                    let name = p.name.as_deref().unwrap_or_default();
                    let method = r
                        .identifiers
                        .iter()
                        .find(|i| i.name == name)
                        .map_or_else(|| xform_name(name), |i| i.method.clone());
                    format!("self.{method}()")
                }
                "data" => format!(
                    "`{}` of the loaded data",
                    p.path.as_deref().unwrap_or_default()
                ),
                "input" => "your argument".into(),
                _ => p
                    .value
                    .as_ref()
                    .map_or_else(|| "a literal".into(), |v| v.to_string()),
            };
            format!("`{}` = {from}", p.target)
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" with {}", parts.join(", "))
    }
}

/// Input members the builder offers setters for: the operation's input members minus
/// those the definition fills whole (`Bucket`, `InstanceIds[]`) and minus `skip`.
fn setter_members(
    types: &Types<'_>,
    request: &RequestDef,
    skip_nested: bool,
    skip: &[String],
) -> Vec<(String, String)> {
    let service = types.service();
    let Some(input) = service
        .operations
        .get(&request.operation)
        .and_then(|op| op.input.as_ref())
        .and_then(|i| service.shapes.get(&i.shape))
    else {
        return Vec::new();
    };
    let filled: HashSet<&str> = request
        .params
        .iter()
        .filter(|p| {
            let top = top_member(&p.target);
            let rest = &p.target[top.len()..];
            skip_nested || rest.is_empty() || matches!(rest, "[0]" | "[]" | "[*]")
        })
        .map(|p| top_member(&p.target))
        .collect();
    input
        .members
        .iter()
        .filter(|(m, _)| !filled.contains(m.as_str()) && !skip.contains(m))
        .map(|(m, target)| (m.clone(), target.shape.clone()))
        .collect()
}

/// One setter per member, writing into `self.input` (action builders) or filtering a
/// collection.
fn setters(
    types: &mut Types<'_>,
    members: &[(String, String)],
    reserved: &[&str],
    into_collection: bool,
    operation: &str,
) -> Vec<TokenStream> {
    let mut seen: HashSet<String> = reserved.iter().map(|s| s.to_string()).collect();
    members
        .iter()
        .map(|(member, shape)| {
            let mut name = xform_name(member);
            while !seen.insert(name.clone()) {
                name.push_str("_param");
            }
            let method = ident(&name);
            let copy_source = crate::COPY_SOURCE_MEMBERS
                .iter()
                .any(|&(service, m)| service == types.service_name() && m == member);
            let (param, value) = match types.setter_kind(shape) {
                _ if copy_source => (
                    quote!(impl __rboto::IntoCopySource),
                    quote!(__rboto::IntoCopySource::into_copy_source_param(value)),
                ),
                SetterKind::String => (
                    quote!(impl ::core::convert::Into<::std::string::String>),
                    quote!(__rboto::serde_json::Value::String(value.into())),
                ),
                SetterKind::Scalar => {
                    let rust = types.rust_type(shape, &quote!(super::types::), Use::INPUT);
                    (rust, quote!(__rboto::serde_json::Value::from(value)))
                }
                SetterKind::Into => {
                    let rust = types.rust_type(shape, &quote!(super::types::), Use::INPUT);
                    (
                        quote!(impl ::core::convert::Into<#rust>),
                        quote!(__rboto::typed::to_value(
                            &::core::convert::Into::<#rust>::into(value)
                        )),
                    )
                }
                SetterKind::List(item) => {
                    let item = types.rust_type(&item, &quote!(super::types::), Use::INPUT);
                    (
                        quote!(impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<#item>>),
                        quote!(__rboto::typed::to_value(
                            &value.into_iter().map(::core::convert::Into::into).collect::<::std::vec::Vec<#item>>()
                        )),
                    )
                }
                SetterKind::Serde => {
                    let rust = types.rust_type(shape, &quote!(super::types::), Use::INPUT);
                    (rust, quote!(__rboto::typed::to_value(&value)))
                }
            };
            let doc = if copy_source {
                format!(
                    "Sets `{member}` of the {operation} request: a \
                     `rboto::s3::transfer::CopySource` (boto3's `{{'Bucket', 'Key', \
                     'VersionId'}}` dict) or a `\"bucket/key[?versionId=id]\"` string."
                )
            } else {
                format!(
                    "Sets `{member}` ({}) of the {operation} request.",
                    types.describe(shape)
                )
            };
            if into_collection {
                let doc = format!(
                    "Filters by `{member}` ({}) of the {operation} request; lists append to \
                     earlier filters.",
                    types.describe(shape)
                );
                quote! {
                    #[doc = #doc]
                    #[inline]
                    pub fn #method(self, value: #param) -> Self {
                        Self { core: self.core.filter(super::__rboto_one(#member, #value)) }
                    }
                }
            } else {
                quote! {
                    #[doc = #doc]
                    #[inline]
                    pub fn #method(mut self, value: #param) -> Self {
                        self.input.insert(#member.into(), #value);
                        self
                    }
                }
            }
        })
        .collect()
}

fn into_future(ty: &proc_macro2::Ident, output: &TokenStream) -> TokenStream {
    let err = error_path();
    quote! {
        impl ::core::future::IntoFuture for #ty {
            type Output = ::core::result::Result<#output, #err>;
            type IntoFuture = ::core::pin::Pin<::std::boxed::Box<dyn ::core::future::Future<Output = Self::Output> + Send>>;
            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }
    }
}

/// The Rust output of an action, the body of its `send` (which calls the action and
/// converts its output) and a description of what it returns.
fn action_output(
    ctx: &Ctx<'_>,
    name: &str,
    action: &Action,
    types: &mut Types<'_>,
) -> (TokenStream, TokenStream, String) {
    let output = types
        .service()
        .operations
        .get(&action.def.request.operation)
        .and_then(|op| op.output.as_ref())
        .map(|o| o.shape.clone());
    let payload = output
        .as_deref()
        .and_then(|shape| types.payload_stream(shape));
    if let (Some(shape), Some((member, field)), None, None) =
        (output, payload, &action.def.resource, &action.def.path)
    {
        let rust = types.rust_type(&shape, &quote!(super::types::), Use::OUTPUT);
        let send = quote! {
            let (out, body) = self.core.action_streaming(#name, self.input).await?;
            let mut output: #rust = __rboto::typed::from_value(out)?;
            output.#field = body;
            ::core::result::Result::Ok(output)
        };
        let returns = format!(
            "the response as `types::{}`, its `{member}` an unread byte stream in `.{field}`",
            type_name(&shape)
        );
        return (rust, send, returns);
    }
    let (rust, convert, returns) = buffered_output(ctx, action, types);
    let send = quote! {
        let out = self.core.action(#name, self.input).await?;
        #convert
    };
    (rust, send, returns)
}

/// The Rust output of an action without a streaming output and the expression converting
/// `out` (an `ActionOutput`).
fn buffered_output(
    ctx: &Ctx<'_>,
    action: &Action,
    types: &mut Types<'_>,
) -> (TokenStream, TokenStream, String) {
    if let Some(res) = &action.def.resource {
        let item = ctx.resource_type(&res.type_name);
        if res.is_plural() {
            return (
                quote!(::std::vec::Vec<super::#item>),
                quote!(::core::result::Result::Ok(out.into_many().into_iter().map(super::#item::from).collect())),
                format!("the `{}` resources the response names", res.type_name),
            );
        }
        return (
            quote!(super::#item),
            quote!(::core::result::Result::Ok(super::#item::from(out.into_one()?))),
            format!("the `{}` resource the response names", res.type_name),
        );
    }
    let output = types
        .service()
        .operations
        .get(&action.def.request.operation)
        .and_then(|op| op.output.as_ref())
        .map(|o| o.shape.clone());
    match output {
        _ if action.def.path.is_some() => (
            quote!(__rboto::serde_json::Value),
            quote!(::core::result::Result::Ok(out.into_raw())),
            "the part of the response at the action's path".into(),
        ),
        Some(shape) if types.has_members(&shape) => {
            let rust = types.rust_type(&shape, &quote!(super::types::), Use::OUTPUT);
            (
                rust,
                quote!(__rboto::typed::from_value(out.into_raw())),
                format!("the response as `types::{}`", type_name(&shape)),
            )
        }
        _ => (
            quote!(()),
            quote! { let _ = out; ::core::result::Result::Ok(()) },
            "nothing (the response is empty)".into(),
        ),
    }
}

fn action_builder(
    ctx: &Ctx<'_>,
    r: &Resource,
    action: &Action,
    types: &mut Types<'_>,
) -> (TokenStream, TokenStream) {
    let module = ident(&r.module);
    let builder = format_ident!("{}", type_name(&action.name));
    let method = ident(&action.method);
    let op = &action.def.request.operation;
    let name = &action.name;
    let params = describe_params(r, &action.def.request.params);
    let err = error_path();
    let core = core_path();
    let map = map_type();
    let (output, send_body, returns) = action_output(ctx, name, action, types);
    let members = setter_members(types, &action.def.request, false, &[]);
    let setters = setters(types, &members, &["send", "into_future"], false, op);
    let clears = if r.loadable {
        " Clears the cached data, so the next attribute read loads again."
    } else {
        ""
    };
    let method_doc = format!(
        "Calls {} {op}{params} (action `{name}`). Set more input on the builder, then \
         `.send().await` (or just `.await`); returns {returns}.{clears}",
        ctx.display
    );
    let builder_doc = format!(
        "Builder for the `{name}` action ({} {op}{params}).",
        ctx.display
    );
    let send_doc = format!("Sends {op}; returns {returns}.");
    let method_tokens = quote! {
        #[doc = #method_doc]
        #[doc(alias = #op)]
        #[inline]
        pub fn #method(&self) -> #module::#builder {
            #module::#builder { core: self.core.clone(), input: __rboto::serde_json::Map::new() }
        }
    };
    let into_future = into_future(&builder, &output);
    let builder_tokens = quote! {
        #[doc = #builder_doc]
        #[must_use = "an action does nothing until sent"]
        #[derive(::core::clone::Clone)]
        pub struct #builder {
            pub(super) core: #core,
            pub(super) input: #map,
        }

        impl #builder {
            #(#setters)*

            #[doc = #send_doc]
            #[inline]
            pub async fn send(self) -> ::core::result::Result<#output, #err> {
                #send_body
            }
        }

        #into_future
    };
    (method_tokens, builder_tokens)
}

fn batch_builder(
    ctx: &Ctx<'_>,
    r: &Resource,
    batch: &Action,
    types: &mut Types<'_>,
) -> TokenStream {
    let builder = format_ident!("Batch{}", type_name(&batch.name));
    let op = &batch.def.request.operation;
    let name = &batch.name;
    let params = describe_params(r, &batch.def.request.params);
    let err = error_path();
    let map = map_type();
    let output_shape = types
        .service()
        .operations
        .get(op)
        .and_then(|o| o.output.as_ref())
        .map(|o| o.shape.clone())
        .filter(|s| types.has_members(s));
    let (output, convert) = match &output_shape {
        Some(shape) => {
            let rust = types.rust_type(shape, &quote!(super::types::), Use::OUTPUT);
            (
                quote!(::std::vec::Vec<#rust>),
                quote!(responses
                    .into_iter()
                    .map(__rboto::typed::from_value)
                    .collect()),
            )
        }
        // The operation answers nothing (CloudWatch's DeleteAlarms): how many requests were
        // sent, one per page, as a typed output's list length says for S3's DeleteObjects.
        None => (
            quote!(usize),
            quote!(::core::result::Result::Ok(responses.len())),
        ),
    };
    let members = setter_members(types, &batch.def.request, true, &[]);
    let setters = setters(types, &members, &["send", "into_future"], false, op);
    let doc = format!(
        "Batch action `{name}` on a collection of `{}`: one {} {op} per page of the \
         collection{params} (per item of the page), honouring its filters, limit and page \
         size; stops at the first empty page.",
        r.name, ctx.display
    );
    let send_doc = match &output_shape {
        Some(_) => format!("Sends one {op} per page; returns the responses in page order."),
        None => {
            format!("Sends one {op} per page; returns how many were sent ({op} answers nothing).")
        }
    };
    let into_future = into_future(&builder, &output);
    quote! {
        #[doc = #doc]
        #[must_use = "a batch action does nothing until sent"]
        #[derive(::core::clone::Clone)]
        pub struct #builder {
            pub(super) core: __rboto::CollectionCore,
            pub(super) input: #map,
        }

        impl #builder {
            #(#setters)*

            #[doc = #send_doc]
            #[inline]
            pub async fn send(self) -> ::core::result::Result<#output, #err> {
                let responses = self.core.batch_action(#name, self.input).await?;
                #convert
            }
        }

        #into_future
    }
}

fn subresource(
    ctx: &Ctx<'_>,
    r: &Resource,
    name: &str,
    method: &str,
    def: &ResponseResourceDef,
) -> TokenStream {
    let target = ctx.resource(&def.type_name);
    let ty = ctx.resource_type(&def.type_name);
    let method = ident(method);
    let mut seen = HashSet::new();
    let mut args = Vec::new();
    let mut values = Vec::new();
    let mut arg_names = Vec::new();
    for input in def.inputs() {
        let mut snake = xform_name(&input.target);
        while !seen.insert(snake.clone()) {
            snake.push('_');
        }
        let arg = ident(&snake);
        let integer = target
            .identifiers
            .iter()
            .any(|i| i.name == input.target && i.integer);
        if integer {
            args.push(quote!(#arg: i64));
            values.push(quote!(__rboto::serde_json::Value::from(#arg)));
        } else {
            args.push(quote!(#arg: impl ::core::convert::Into<::std::string::String>));
            values.push(quote!(__rboto::serde_json::Value::String(#arg.into())));
        }
        arg_names.push(format!("`{snake}`"));
    }
    let from_self: Vec<ParamDef> = def
        .identifiers
        .iter()
        .filter(|i| i.source != "input")
        .cloned()
        .collect();
    let given = if arg_names.is_empty() {
        String::new()
    } else {
        format!(" with the {} you give", arg_names.join(", "))
    };
    let filled = if from_self.is_empty() {
        String::new()
    } else {
        format!(
            " ({})",
            describe_params(r, &from_self).trim_start_matches(" with ")
        )
    };
    let doc = format!("The `{}`{given}{filled}; makes no request.", def.type_name);
    quote! {
        #[doc = #doc]
        #[inline]
        pub fn #method(&self, #(#args),*) -> #ty {
            #ty::from(self.core.subresource(#name, ::std::vec![#(#values),*]))
        }
    }
}

fn reference_method(
    ctx: &Ctx<'_>,
    r: &Resource,
    name: &str,
    method: &str,
    def: &ResponseResourceDef,
) -> TokenStream {
    let ty = ctx.resource_type(&def.type_name);
    let method = ident(method);
    let err = error_path();
    let sources = describe_params(r, &def.identifiers);
    if def.is_plural() {
        let doc = format!(
            "Reference `{name}`: the `{}` resources{sources}. Loads this resource first if \
             its data is not cached; empty when the data names none.",
            def.type_name
        );
        quote! {
            #[doc = #doc]
            #[inline]
            pub async fn #method(&self) -> ::core::result::Result<::std::vec::Vec<#ty>, #err> {
                ::core::result::Result::Ok(self.core.reference(#name).await?.into_iter().map(#ty::from).collect())
            }
        }
    } else {
        let doc = format!(
            "Reference `{name}`: the `{}`{sources}. Loads this resource first if its data is \
             not cached; `None` when the data does not name one.",
            def.type_name
        );
        quote! {
            #[doc = #doc]
            #[inline]
            pub async fn #method(&self) -> ::core::result::Result<::core::option::Option<#ty>, #err> {
                ::core::result::Result::Ok(self.core.reference(#name).await?.into_iter().next().map(#ty::from))
            }
        }
    }
}

fn collection_builder(
    ctx: &Ctx<'_>,
    r: &Resource,
    collection: &Collection,
    types: &mut Types<'_>,
) -> (TokenStream, TokenStream) {
    let module = ident(&r.module);
    let builder = format_ident!("{}Collection", type_name(&collection.name));
    let method = ident(&collection.method);
    let name = &collection.name;
    let op = &collection.def.request.operation;
    let item_name = &collection.def.resource.type_name;
    let item_resource = ctx.resource(item_name);
    let item = ctx.resource_type(item_name);
    let item_module = ident(&item_resource.module);
    let paginator = ctx.paginators.pagination.get(op);
    let driven = paginator.map(|p| p.driven_members()).unwrap_or_default();
    let params = describe_params(r, &collection.def.request.params);
    let err = error_path();
    let pages_note = if paginator.is_some() {
        format!("{op} is paginated: pages follow its tokens and `page_size` sets the page size.")
    } else {
        format!("{op} does not paginate: one request, `page_size` is ignored.")
    };
    let mut reserved = vec![
        "all",
        "filter",
        "limit",
        "page_size",
        "pages",
        "stream",
        "meta",
    ];
    let batch_methods: Vec<TokenStream> = item_resource
        .batch_actions
        .iter()
        .map(|b| {
            let m = ident(&b.method);
            let bty = format_ident!("Batch{}", type_name(&b.name));
            let doc = format!(
                "Batch action `{}`: one {} {} per page of this collection.",
                b.name, ctx.display, b.def.request.operation
            );
            quote! {
                #[doc = #doc]
                #[inline]
                pub fn #m(&self) -> super::#item_module::#bty {
                    super::#item_module::#bty { core: self.core.clone(), input: __rboto::serde_json::Map::new() }
                }
            }
        })
        .collect();
    let batch_names: Vec<String> = item_resource
        .batch_actions
        .iter()
        .map(|b| b.method.clone())
        .collect();
    reserved.extend(batch_names.iter().map(String::as_str));
    let members = setter_members(types, &collection.def.request, false, &driven);
    let setters = setters(types, &members, &reserved, true, op);
    let method_doc = format!(
        "Calls {} {op}{params} for the `{name}` collection of `{item_name}`. Lazy: nothing is sent until \
         `pages()` or `stream()` is polled; items come hydrated with their data. {pages_note}",
        ctx.display
    );
    let builder_doc = format!(
        "The `{name}` collection of `{item_name}` ({} {op}{params}). Immutable: every \
         method returns a new collection.",
        ctx.display
    );
    let method_tokens = quote! {
        #[doc = #method_doc]
        #[doc(alias = #op)]
        #[inline]
        pub fn #method(&self) -> #module::#builder {
            #module::#builder { core: self.core.collection(#name) }
        }
    };
    let builder_tokens = quote! {
        #[doc = #builder_doc]
        #[must_use = "a collection does nothing until streamed"]
        #[derive(::core::clone::Clone)]
        pub struct #builder {
            pub(super) core: __rboto::CollectionCore,
        }

        impl #builder {
            /// Every item (boto3 `all()`): the collection as it is; read it with `stream()`
            /// or `pages()`.
            #[inline]
            pub fn all(self) -> Self {
                self
            }

            /// Starts filtering (boto3 `filter(...)`): chain the filter setters.
            #[inline]
            pub fn filter(self) -> Self {
                self
            }

            /// Stops after `n` items in total.
            #[inline]
            pub fn limit(self, n: usize) -> Self {
                Self { core: self.core.limit(n) }
            }

            /// Asks for `n` items per page.
            #[inline]
            pub fn page_size(self, n: usize) -> Self {
                Self { core: self.core.page_size(n) }
            }

            /// The items, page by page (boto3 `pages()`).
            #[doc(alias = "paginate")]
            #[inline]
            pub fn pages(&self) -> __rboto::futures::stream::BoxStream<'static, ::core::result::Result<::std::vec::Vec<super::#item>, #err>> {
                __rboto::futures::StreamExt::boxed(__rboto::futures::StreamExt::map(self.core.pages(), |page| {
                    page.map(|items| items.into_iter().map(super::#item::from).collect())
                }))
            }

            /// The items one by one, across pages: what iterating a boto3 collection
            /// (`for item in collection.all()`) does. A `Stream`, not an `Iterator`: read it
            /// with `futures::TryStreamExt` (`while let Some(item) = stream.try_next().await?`).
            #[doc(alias = "__iter__")]
            #[doc(alias = "iter")]
            #[doc(alias = "iterator")]
            #[doc(alias = "for")]
            #[inline]
            pub fn stream(&self) -> __rboto::futures::stream::BoxStream<'static, ::core::result::Result<super::#item, #err>> {
                __rboto::futures::StreamExt::boxed(__rboto::futures::StreamExt::map(self.core.items(), |item| {
                    item.map(super::#item::from)
                }))
            }

            /// The runtime core of the collection.
            #[inline]
            pub fn meta(&self) -> &__rboto::CollectionCore {
                &self.core
            }

            #(#setters)*
            #(#batch_methods)*
        }

        /// Not an iterator: the bound is never met, so `for item in collection` fails with
        /// a message saying to call `.stream()` (boto3's `.all()`).
        impl<'a> ::core::iter::Iterator for #builder
        where
            __rboto::NotAnIterator<#builder>: __rboto::UseStreamToIterate<'a, #builder>,
        {
            type Item = ::core::convert::Infallible;

            #[inline]
            fn next(&mut self) -> ::core::option::Option<Self::Item> {
                ::core::option::Option::None
            }
        }
    };
    (method_tokens, builder_tokens)
}

fn waiter_builder(ctx: &Ctx<'_>, r: &Resource, waiter: &Waiter) -> (TokenStream, TokenStream) {
    let module = ident(&r.module);
    let builder = format_ident!("WaitUntil{}", type_name(&waiter.name));
    let method = ident(&waiter.method);
    let name = &waiter.name;
    let waiter_name = &waiter.def.waiter_name;
    let params = describe_params(r, &waiter.def.params);
    let err = error_path();
    let core = core_path();
    let method_doc = format!(
        "Waits until `{name}`: polls the {} waiter {waiter_name}{params}. Set `delay` or \
         `max_attempts` on the builder, then `.await`. Refreshes cached data afterwards if \
         it was loaded.",
        ctx.display
    );
    let builder_doc = format!("Builder for waiter {waiter_name}{params}.");
    let method_tokens = quote! {
        #[doc = #method_doc]
        #[inline]
        pub fn #method(&self) -> #module::#builder {
            #module::#builder { core: self.core.clone(), delay: ::core::option::Option::None, max_attempts: ::core::option::Option::None }
        }
    };
    let into_future = into_future(&builder, &quote!(()));
    let builder_tokens = quote! {
        #[doc = #builder_doc]
        #[must_use = "a waiter does nothing until awaited"]
        #[derive(::core::clone::Clone)]
        pub struct #builder {
            pub(super) core: #core,
            pub(super) delay: ::core::option::Option<::core::time::Duration>,
            pub(super) max_attempts: ::core::option::Option<u32>,
        }

        impl #builder {
            /// Time between attempts (the waiter's own delay otherwise).
            #[inline]
            pub fn delay(mut self, delay: ::core::time::Duration) -> Self {
                self.delay = ::core::option::Option::Some(delay);
                self
            }

            /// Attempts before giving up (the waiter's own count otherwise).
            #[inline]
            pub fn max_attempts(mut self, attempts: u32) -> Self {
                self.max_attempts = ::core::option::Option::Some(attempts);
                self
            }

            /// Polls until the waiter succeeds, fails, or runs out of attempts.
            #[inline]
            pub async fn send(self) -> ::core::result::Result<(), #err> {
                self.core.wait(#name, __rboto::serde_json::Map::new(), self.delay, self.max_attempts).await
            }
        }

        #into_future
    };
    (method_tokens, builder_tokens)
}
