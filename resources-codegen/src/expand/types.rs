//! Rust types for service shapes: scalars map to Rust types, lists and maps to `Vec` and
//! `HashMap`, structures to generated structs in a `types` module. Only the structures
//! actually reached from the resources' attributes, setters and outputs are generated.

use std::collections::HashSet;

use indexmap::IndexMap;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::naming::{ident, type_name, xform_name};
use crate::parse::{ServiceFile, ShapeDef};

/// Records which structure shapes the generated code uses.
#[derive(Debug)]
pub struct Types<'a> {
    service: &'a ServiceFile,
    service_name: &'a str,
    display: &'a str,
    used: IndexMap<String, Use>,
}

/// Which directions a structure travels in: into requests (serialized) and out of
/// responses (deserialized). Only the serde impls a structure needs are derived, which
/// keeps compile time down.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Use {
    /// Written into requests.
    pub input: bool,
    /// Read from responses or resource data.
    pub output: bool,
}

impl Use {
    /// Read from responses.
    pub const OUTPUT: Use = Use {
        input: false,
        output: true,
    };
    /// Written into requests.
    pub const INPUT: Use = Use {
        input: true,
        output: false,
    };

    fn covers(self, other: Use) -> bool {
        (self.input || !other.input) && (self.output || !other.output)
    }

    fn union(self, other: Use) -> Use {
        Use {
            input: self.input || other.input,
            output: self.output || other.output,
        }
    }
}

/// How a value of a shape is converted into a request value by a setter.
#[derive(Debug)]
pub enum SetterKind {
    /// `impl Into<String>`.
    String,
    /// A `Copy` scalar (`i32`, `i64`, `f64`, `bool`) turned into a number or boolean.
    Scalar,
    /// A list: any iterable of items `Into` the item type (the item shape's name).
    List(String),
    /// A timestamp or a blob: anything `Into` its type (`SystemTime`, `&str`, `Bytes`, …).
    Into,
    /// Anything else, through serde.
    Serde,
}

impl<'a> Types<'a> {
    /// An empty registry over a service model (`service_name` as the macro was given it).
    pub fn new(service: &'a ServiceFile, service_name: &'a str, display: &'a str) -> Self {
        Types {
            service,
            service_name,
            display,
            used: IndexMap::new(),
        }
    }

    /// The service model.
    pub fn service(&self) -> &'a ServiceFile {
        self.service
    }

    /// The service name as the macro was given it (`s3`).
    pub fn service_name(&self) -> &'a str {
        self.service_name
    }

    fn shape(&self, name: &str) -> Option<&'a ShapeDef> {
        self.service.shapes.get(name)
    }

    /// True for a streaming blob or an event stream: never part of a JSON value.
    fn is_stream(&self, shape: &str) -> bool {
        self.shape(shape)
            .is_some_and(|s| s.streaming || s.event_stream)
    }

    /// The streaming blob member of an output structure (`Body` of S3 `GetObjectOutput`,
    /// `body` of Glacier `GetJobOutputOutput`) with its Rust field name: the generated
    /// structure carries it as a `ByteStream` field. Event streams are not included.
    pub fn payload_stream(&self, shape: &str) -> Option<(String, proc_macro2::Ident)> {
        let def = self.shape(shape).filter(|s| s.kind == "structure")?;
        let mut seen = HashSet::new();
        for (member, target) in &def.members {
            let field = field_name(member, &mut seen);
            let streaming_blob = target.streaming
                || self
                    .shape(&target.shape)
                    .is_some_and(|s| s.streaming && !s.event_stream);
            if streaming_blob && !target.event_stream {
                return Some((member.clone(), ident(&field)));
            }
        }
        None
    }

    /// True for a structure shape with at least one member that a Value can hold.
    pub fn has_members(&self, shape: &str) -> bool {
        self.shape(shape).is_some_and(|s| {
            s.kind == "structure"
                && s.members
                    .values()
                    .any(|m| !m.streaming && !m.event_stream && !self.is_stream(&m.shape))
        })
    }

    /// True for a shape the client turns into a JSON value in outputs
    /// ([`DECODED_JSON_SHAPES`](crate::DECODED_JSON_SHAPES)). Setters still take these as
    /// text ([`setter_kind`](Self::setter_kind)): requests carry the document as a string.
    pub fn is_decoded_json(&self, shape: &str) -> bool {
        crate::DECODED_JSON_SHAPES
            .iter()
            .any(|&(service, name)| service == self.service_name && name == shape)
    }

    /// How a setter takes a value of this shape.
    pub fn setter_kind(&self, shape: &str) -> SetterKind {
        match self.shape(shape).map(|s| s.kind.as_str()) {
            Some("string") => SetterKind::String,
            Some("integer" | "long" | "float" | "double" | "boolean") => SetterKind::Scalar,
            Some("timestamp" | "blob") => SetterKind::Into,
            Some("list") if !self.is_decoded_json(shape) => match self.shape(shape) {
                Some(ShapeDef {
                    member: Some(item), ..
                }) => SetterKind::List(item.shape.clone()),
                _ => SetterKind::Serde,
            },
            _ => SetterKind::Serde,
        }
    }

    /// The Rust type of a shape, from a module one level below the call site (`prefix` is
    /// the path to the `types` module, e.g. `super::types::`), registering structures.
    pub fn rust_type(&mut self, shape: &str, prefix: &TokenStream, usage: Use) -> TokenStream {
        let Some(def) = self.shape(shape) else {
            return quote!(__rboto::serde_json::Value);
        };
        if self.is_decoded_json(shape) {
            return quote!(__rboto::serde_json::Value);
        }
        match def.kind.as_str() {
            "string" => quote!(::std::string::String),
            "integer" => quote!(i32),
            "long" => quote!(i64),
            "float" | "double" => quote!(f64),
            "boolean" => quote!(bool),
            "timestamp" => quote!(__rboto::typed::DateTime),
            "blob" => quote!(__rboto::typed::Blob),
            "list" => {
                let inner = match &def.member {
                    Some(m) => self.rust_type(&m.shape, prefix, usage),
                    None => quote!(__rboto::serde_json::Value),
                };
                quote!(::std::vec::Vec<#inner>)
            }
            "map" => {
                let inner = match &def.value {
                    Some(m) => self.rust_type(&m.shape, prefix, usage),
                    None => quote!(__rboto::serde_json::Value),
                };
                quote!(::std::collections::HashMap<::std::string::String, #inner>)
            }
            "structure" if def.document || def.event_stream => quote!(__rboto::serde_json::Value),
            "structure" => {
                let before = self.used.get(shape).copied().unwrap_or_default();
                if !before.covers(usage) {
                    self.used.insert(shape.to_owned(), before.union(usage));
                    let members: Vec<String> = def
                        .members
                        .values()
                        .filter(|m| !m.streaming && !m.event_stream && !self.is_stream(&m.shape))
                        .map(|m| m.shape.clone())
                        .collect();
                    for member in members {
                        self.rust_type(&member, prefix, usage);
                    }
                }
                let name = format_ident!("{}", type_name(shape));
                quote!(#prefix #name)
            }
            _ => quote!(__rboto::serde_json::Value),
        }
    }

    /// Number of generated structures.
    pub fn len(&self) -> usize {
        self.used.len()
    }

    /// True when no structure is used.
    pub fn is_empty(&self) -> bool {
        self.used.is_empty()
    }

    /// The `types` module with every used structure.
    pub fn expand(&mut self) -> TokenStream {
        let mut structs = Vec::new();
        let mut done = 0;
        // Registration is transitive already; iterate by index as a guard anyway.
        while done < self.used.len() {
            let (name, usage) = self
                .used
                .get_index(done)
                .map(|(n, u)| (n.clone(), *u))
                .expect("index in range");
            done += 1;
            structs.push(self.structure(&name, usage));
        }
        let doc = format!(
            "Structures of the {} model used by the resources: attribute values, action \
             inputs and outputs. Every field is optional (but an output's streaming payload, \
             an unread `ByteStream`) and unknown response members are ignored. Build an \
             input with `new`, which takes its required members, and chained setters for the \
             rest.",
            self.display
        );
        quote! {
            #[doc = #doc]
            pub mod types {
                #[allow(unused_imports)]
                use super::__rboto;
                #(#structs)*
            }
        }
    }

    fn structure(&mut self, name: &str, usage: Use) -> TokenStream {
        let def = self.shape(name).expect("registered shapes exist");
        let ty = format_ident!("{}", type_name(name));
        let here = TokenStream::new();
        let mut fields = Vec::new();
        let mut debug_fields = Vec::new();
        let mut redact = def.sensitive;
        let mut seen = HashSet::new();
        let mut streams = Vec::new();
        let mut ctor_args = Vec::new();
        let mut ctor_sets = Vec::new();
        let mut setters = Vec::new();
        // An output structure holds its streaming payload as a `ByteStream`; such a value
        // cannot be cloned or compared.
        let payload = if usage.input {
            None
        } else {
            self.payload_stream(name)
        };
        for (member, target) in &def.members {
            let snake = field_name(member, &mut seen);
            if payload.as_ref().is_some_and(|(m, _)| m == member) {
                let field = ident(&snake);
                let doc = format!(
                    "`{member}`, the streaming payload: unread, so a body of any size flows \
                     through without being held in memory. Read it with `next()`, \
                     `collect()`, `into_async_read()` or `write_to_path()`."
                );
                fields.push(quote! {
                    #[doc = #doc]
                    #[serde(skip)]
                    pub #field: __rboto::ByteStream,
                });
                let label = snake.clone();
                debug_fields.push(quote!(.field(#label, &self.#field)));
                continue;
            }
            if target.streaming || target.event_stream || self.is_stream(&target.shape) {
                streams.push(format!("`{member}`"));
                continue;
            }
            let field = ident(&snake);
            let mut rust = self.rust_type(&target.shape, &here, usage);
            let boxed = self.reaches(&target.shape, name);
            let required = def.required.contains(member);
            if usage.input {
                let (param, mut value) = self.input_param(&target.shape, &rust, &field, usage);
                if boxed {
                    value = quote!(::std::boxed::Box::new(#value));
                }
                if required {
                    ctor_args.push(quote!(#field: #param));
                    ctor_sets.push(quote!(#field: ::core::option::Option::Some(#value),));
                } else {
                    let doc = format!("Sets `{member}` ({}).", self.describe(&target.shape));
                    let setter = if snake == "new" {
                        ident("new_")
                    } else {
                        field.clone()
                    };
                    setters.push(quote! {
                        #[doc = #doc]
                        #[inline]
                        pub fn #setter(mut self, #field: #param) -> Self {
                            self.#field = ::core::option::Option::Some(#value);
                            self
                        }
                    });
                }
            }
            if boxed {
                rust = quote!(::std::boxed::Box<#rust>);
            }
            let sensitive = def.sensitive || self.shape(&target.shape).is_some_and(|s| s.sensitive);
            redact |= sensitive;
            let doc = format!(
                "`{member}` ({}{}).",
                self.describe(&target.shape),
                if required { ", required" } else { "" }
            );
            fields.push(quote! {
                #[doc = #doc]
                #[serde(rename = #member, skip_serializing_if = "::core::option::Option::is_none")]
                pub #field: ::core::option::Option<#rust>,
            });
            let label = snake.clone();
            debug_fields.push(if sensitive {
                quote!(.field(#label, &"*** Sensitive Data Redacted ***"))
            } else {
                quote!(.field(#label, &self.#field))
            });
        }
        let mut doc = format!(
            "Shape `{name}` of the {} model{}.",
            self.display,
            if def.required.is_empty() {
                String::new()
            } else {
                format!("; required: {}", def.required.join(", "))
            }
        );
        if !streams.is_empty() {
            doc.push_str(&format!(
                " The streaming member {} travels as a byte stream, not in this value.",
                streams.join(", ")
            ));
        }
        let label = name.to_owned();
        let debug = if redact {
            quote! {
                impl ::core::fmt::Debug for #ty {
                    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.debug_struct(#label) #(#debug_fields)* .finish()
                    }
                }
            }
        } else {
            quote!()
        };
        let derive_debug = if redact {
            quote!()
        } else {
            quote!(::core::fmt::Debug,)
        };
        let derive_serialize = if usage.input {
            quote!(__rboto::serde::Serialize,)
        } else {
            quote!()
        };
        let derive_deserialize = if usage.output {
            quote!(__rboto::serde::Deserialize,)
        } else {
            quote!()
        };
        let (derive_clone, derive_eq) = if payload.is_some() {
            (quote!(), quote!())
        } else {
            (
                quote!(::core::clone::Clone,),
                quote!(, ::core::cmp::PartialEq),
            )
        };
        let constructors = if usage.input {
            let new_doc = if ctor_args.is_empty() {
                format!("An empty `{name}` (it has no required members); set members with the chained setters.")
            } else {
                format!(
                    "A `{name}` with its required members ({}); set the others with the \
                     chained setters.",
                    def.required.join(", ")
                )
            };
            quote! {
                impl #ty {
                    #[doc = #new_doc]
                    #[inline]
                    pub fn new(#(#ctor_args),*) -> Self {
                        Self {
                            #(#ctor_sets)*
                            ..::core::default::Default::default()
                        }
                    }

                    #(#setters)*
                }
            }
        } else {
            quote!()
        };
        quote! {
            #constructors
            #[doc = #doc]
            #[derive(#derive_debug #derive_serialize #derive_deserialize #derive_clone ::core::default::Default #derive_eq)]
            #[serde(default, crate = "__rboto::serde")]
            #[non_exhaustive]
            pub struct #ty {
                #(#fields)*
            }
            #debug
        }
    }

    /// How a constructor or chained setter of an input structure takes a member of `shape`
    /// (Rust type `rust`) as the argument `arg`: the parameter type and the expression that
    /// turns the argument into the field's value. Strings and structures take anything
    /// `Into` them; lists any iterable of items `Into` the item type; maps any iterable of
    /// pairs.
    fn input_param(
        &mut self,
        shape: &str,
        rust: &TokenStream,
        arg: &proc_macro2::Ident,
        usage: Use,
    ) -> (TokenStream, TokenStream) {
        let here = TokenStream::new();
        let def = self.shape(shape).filter(|_| !self.is_decoded_json(shape));
        match def.map(|d| (d.kind.as_str(), d.member.clone(), d.value.clone())) {
            Some(("integer" | "long" | "float" | "double" | "boolean", _, _)) => {
                (rust.clone(), quote!(#arg))
            }
            Some(("list", Some(item), _)) => {
                let item = self.rust_type(&item.shape, &here, usage);
                (
                    quote!(impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<#item>>),
                    quote!(#arg.into_iter().map(::core::convert::Into::into).collect()),
                )
            }
            Some(("map", _, Some(value))) => {
                let value = self.rust_type(&value.shape, &here, usage);
                (
                    quote!(impl ::core::iter::IntoIterator<Item = (impl ::core::convert::Into<::std::string::String>, impl ::core::convert::Into<#value>)>),
                    quote!(#arg.into_iter().map(|(k, v)| (k.into(), v.into())).collect()),
                )
            }
            _ => (
                quote!(impl ::core::convert::Into<#rust>),
                quote!(#arg.into()),
            ),
        }
    }

    /// A short description of a shape for docs (`string`, `list of Tag`).
    pub fn describe(&self, shape: &str) -> String {
        match self.shape(shape) {
            None => "any".into(),
            Some(_) if self.is_decoded_json(shape) => {
                "a JSON document: the client parses the URL-encoded text it receives, and \
                 leaves a string that is not JSON as it is"
                    .into()
            }
            Some(def) => match def.kind.as_str() {
                "list" => format!(
                    "list of {}",
                    def.member
                        .as_ref()
                        .map_or("any".into(), |m| self.describe(&m.shape))
                ),
                "map" => format!(
                    "map to {}",
                    def.value
                        .as_ref()
                        .map_or("any".into(), |m| self.describe(&m.shape))
                ),
                "structure" => format!("`{shape}`"),
                "string" => match &def.enumeration {
                    Some(values) if values.len() <= 8 => format!("string: {}", values.join(" | ")),
                    Some(_) => format!("string, enum `{shape}`"),
                    None => "string".into(),
                },
                other => other.into(),
            },
        }
    }

    /// True when structure `from` contains `to` without a list or map in between (the
    /// field then needs a `Box`).
    fn reaches(&self, from: &str, to: &str) -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = HashSet::new();
        while let Some(shape) = stack.pop() {
            if shape == to {
                return true;
            }
            if !seen.insert(shape.clone()) {
                continue;
            }
            if let Some(def) = self.shape(&shape) {
                if def.kind == "structure" && !def.document {
                    stack.extend(def.members.values().map(|m| m.shape.clone()));
                }
            }
        }
        false
    }
}

/// The Rust field name of `member`: snake case, with a trailing `_` while it collides with
/// a name already in `seen`.
fn field_name(member: &str, seen: &mut HashSet<String>) -> String {
    let mut snake = xform_name(member);
    while !seen.insert(snake.clone()) {
        snake.push('_');
    }
    snake
}
