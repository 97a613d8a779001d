//! `#[derive(Item)]`: a struct's DynamoDB key schema as an impl of
//! `rboto_runtime::dynamodb::Item`.
//!
//! ```text
//! #[derive(Serialize, Deserialize, Item)]
//! #[item(hash_key = "user", range_key = "order", version = "version")]
//! struct Order { user: String, order: u32, version: u64, total: u64 }
//! ```
//!
//! expands to `type Key = (String, u32)` and a `KeySchema` naming the attributes as serde
//! writes them (`rename`, `rename_all` respected). Phases: [`item_derive_attr::parse`]
//! reads the input, [`validate`] checks the roles against the fields (every problem at
//! once, each at its span), [`expand`] writes the impl. The proc-macro crate calls
//! [`derive_item`].
//!
//! [`item_derive_attr::parse`]: crate::item_derive_attr::parse

use proc_macro2::TokenStream;
use quote::quote;
use syn2::Type;

use crate::item_derive_attr::{self, Errors, ItemField, ItemInput, Role};
use crate::item_derive_extra::{expand_description, key_sources, validate_extras, ResolvedExtras};

/// The key schema resolved against the fields.
pub struct Resolved<'a> {
    /// The partition key field.
    pub hash: &'a ItemField,
    /// The sort key field.
    pub range: Option<&'a ItemField>,
    /// The version field.
    pub version: Option<&'a ItemField>,
    /// Indexes, TTL and extensions.
    pub extras: ResolvedExtras<'a>,
}

impl std::fmt::Debug for Resolved<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolved").finish_non_exhaustive()
    }
}

/// Expands `#[derive(Item)]` on `input`; problems become `compile_error!`s at their spans.
pub fn derive_item(input: TokenStream) -> TokenStream {
    let item = match item_derive_attr::parse(input) {
        Ok(item) => item,
        Err(e) => return e.to_compile_error(),
    };
    match validate(&item) {
        Ok(resolved) => expand(&item, &resolved),
        Err(e) => e.to_compile_error(),
    }
}

/// Checks that the key fields exist and play one role each.
pub fn validate(item: &ItemInput) -> Result<Resolved<'_>, syn2::Error> {
    let mut errors = Errors::default();
    let find = |role: &Option<Role>, what: &str, errors: &mut Errors| {
        let role = role.as_ref()?;
        let field = item
            .fields
            .iter()
            .find(|f| item_derive_attr::unraw(&f.ident) == role.field);
        if field.is_none() {
            let known: Vec<String> = item.fields.iter().map(|f| f.ident.to_string()).collect();
            errors.push(syn2::Error::new(
                role.span,
                format!(
                    "{what} names `{}`, which is not a field of `{}` (fields: {})",
                    role.field,
                    item.input.ident,
                    known.join(", ")
                ),
            ));
        }
        field
    };
    let hash = find(&item.hash_key, "hash_key", &mut errors);
    let range = find(&item.range_key, "range_key", &mut errors);
    let version = find(&item.version, "version", &mut errors);
    if item.hash_key.is_none() {
        errors.push(syn2::Error::new(
            item.input.ident.span(),
            format!(
                "`{}` has no hash_key: add #[item(hash_key = \"field\")] to the struct or \
                 #[item(hash_key)] to the partition key field",
                item.input.ident
            ),
        ));
    }
    let roles = [
        ("hash_key", hash, item.hash_key.as_ref()),
        ("range_key", range, item.range_key.as_ref()),
        ("version", version, item.version.as_ref()),
    ];
    for (i, (name, field, role)) in roles.iter().enumerate() {
        for (other, other_field, _) in &roles[..i] {
            if let (Some(a), Some(b), Some(role)) = (field, other_field, role) {
                if a.ident == b.ident {
                    errors.push(syn2::Error::new(
                        role.span,
                        format!("`{}` cannot be both {other} and {name}", a.ident),
                    ));
                }
            }
        }
    }
    let keys: Vec<&ItemField> = [hash, range, version].into_iter().flatten().collect();
    let extras = validate_extras(item, item.range_key.is_some(), &keys, &mut errors);
    errors.finish()?;
    Ok(Resolved {
        hash: hash.expect("hash_key checked above"),
        range,
        version,
        extras,
    })
}

/// The `impl Item` for a validated input.
pub fn expand(item: &ItemInput, resolved: &Resolved<'_>) -> TokenStream {
    let krate = match &item.krate {
        Some(path) => quote!(#path),
        None => quote!(::rboto::runtime),
    };
    let ident = &item.input.ident;
    let (impl_generics, ty_generics, where_clause) = item.input.generics.split_for_impl();
    let hash_ty: &Type = &resolved.hash.ty;
    let keys: Vec<&ItemField> = [Some(resolved.hash), resolved.range]
        .into_iter()
        .flatten()
        .collect();
    let key_ty = match (key_sources(item, &keys), resolved.range) {
        (Some(sources), _) if sources.len() == 1 => {
            let ty = &sources[0].ty;
            quote!(#ty)
        }
        (Some(sources), _) => {
            let types = sources.iter().map(|f| &f.ty);
            quote!((#(#types),*))
        }
        (None, Some(range)) => {
            let range_ty = &range.ty;
            quote!((#hash_ty, #range_ty))
        }
        (None, None) => quote!(#hash_ty),
    };
    let hash_name = &resolved.hash.attribute;
    let mut schema = quote!(#krate::dynamodb::KeySchema::new(#hash_name));
    if let Some(range) = resolved.range {
        let name = &range.attribute;
        schema = quote!(#schema.with_range_key(#name));
    }
    if let Some(version) = resolved.version {
        let name = &version.attribute;
        schema = quote!(#schema.with_version(#name));
    }
    let description = expand_description(&krate, item, &keys, &resolved.extras);
    schema = quote!(#schema.with_description(&#description));
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::dynamodb::Item for #ident #ty_generics #where_clause {
            type Key = #key_ty;
            const SCHEMA: #krate::dynamodb::KeySchema = #schema;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn derive(text: &str) -> String {
        derive_item(text.parse().expect("tokenizes")).to_string()
    }

    fn compact(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn hash_and_range_key_become_a_tuple_key_and_a_schema() {
        let out = compact(&derive(
            r#"#[item(hash_key = "pk", range_key = "sk", version = "version")]
               struct Order { pk: String, sk: u32, version: u64, total: u64 }"#,
        ));
        assert!(out.contains("typeKey=(String,u32);"), "{out}");
        assert!(
            out.contains(
                r#"::rboto::runtime::dynamodb::KeySchema::new("pk").with_range_key("sk").with_version("version")"#
            ),
            "{out}"
        );
        assert!(
            out.contains("impl::rboto::runtime::dynamodb::ItemforOrder"),
            "{out}"
        );
    }

    #[test]
    fn field_attributes_and_serde_renames_name_the_attributes() {
        let out = compact(&derive(
            r#"#[serde(rename_all = "camelCase")]
               struct User {
                   #[item(hash_key)] user_id: String,
                   #[serde(rename = "SK", default)] #[item(range_key)] sort: i64,
                   #[serde(skip_serializing_if = "Option::is_none")] nick_name: Option<String>,
               }"#,
        ));
        assert!(out.contains("typeKey=(String,i64);"), "{out}");
        assert!(
            out.contains(r#"KeySchema::new("userId").with_range_key("SK")"#),
            "{out}"
        );
    }

    #[test]
    fn hash_key_alone_is_the_key_type_and_crate_can_be_overridden() {
        let out = compact(&derive(
            r#"#[item(hash_key = "id", crate = "rboto_runtime")] struct Thing { id: u64 }"#,
        ));
        assert!(out.contains("typeKey=u64;"), "{out}");
        assert!(out.contains("implrboto_runtime::dynamodb::Item"), "{out}");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let out = derive(
            r#"#[item(range_key = "nope", version = "pk", colour = "red")]
               struct Bad { #[item(version)] pk: String }"#,
        );
        assert!(out.contains("unknown item attribute"), "{out}");
        let out = derive(
            r#"#[item(range_key = "nope", version = "pk")]
               struct Bad { pk: String }"#,
        );
        assert!(out.contains("has no hash_key"), "{out}");
        assert!(
            out.contains("range_key names `nope`, which is not a field of `Bad` (fields: pk)"),
            "{out}"
        );
        let out = derive(r#"#[item(hash_key = "pk", version = "pk")] struct Bad { pk: String }"#);
        assert!(
            out.contains("`pk` cannot be both hash_key and version"),
            "{out}"
        );
        let out = derive(r#"#[item(hash_key = "a")] struct Bad { #[item(hash_key)] a: String }"#);
        assert!(out.contains("`hash_key` is declared twice"), "{out}");
    }

    #[test]
    fn only_structs_with_named_fields_are_items() {
        let out = derive(r#"#[item(hash_key = "0")] struct Tuple(String);"#);
        assert!(out.contains("needs a struct with named fields"), "{out}");
        let out = derive(r#"enum E { A }"#);
        assert!(out.contains("needs a struct with named fields"), "{out}");
    }

    #[test]
    fn rename_all_follows_serde() {
        use crate::item_derive_attr::apply_rename_all as r;
        assert_eq!(r(Some("camelCase"), "user_id"), "userId");
        assert_eq!(r(Some("PascalCase"), "user_id"), "UserId");
        assert_eq!(r(Some("SCREAMING_SNAKE_CASE"), "user_id"), "USER_ID");
        assert_eq!(r(Some("kebab-case"), "user_id"), "user-id");
        assert_eq!(r(Some("SCREAMING-KEBAB-CASE"), "user_id"), "USER-ID");
        assert_eq!(r(Some("lowercase"), "user_id"), "user_id");
        assert_eq!(r(Some("UPPERCASE"), "user_id"), "USER_ID");
        assert_eq!(r(None, "user_id"), "user_id");
    }
}
