//! Reading `#[derive(Item)]`'s input: the struct's named fields with the attribute names
//! serde gives them (`rename`, `rename_all`), and the key schema from `#[item(...)]`,
//! on the struct (`#[item(hash_key = "pk")]`) or on fields (`#[item(hash_key)]`), with the
//! indexes and extension roles of [`item_derive_extra`](crate::item_derive_extra).

use proc_macro2::{Span, TokenStream};
use syn2::spanned::Spanned;
use syn2::{Data, DeriveInput, Fields, Ident, LitStr, Type};

use crate::item_derive_extra::{parse_index, IndexDecl, IndexKindDecl};

/// One named field of the struct.
pub struct ItemField {
    /// The Rust field name.
    pub ident: Ident,
    /// The field's type.
    pub ty: Type,
    /// The attribute name serde writes for it.
    pub attribute: String,
    /// Whether serde writes it through a function of its own (`#[serde(with = ..)]`).
    pub serde_with: bool,
    /// For a key attribute composed from fields (`compose(pk = "USER#{id}")`), not a field
    /// of the struct: its template and where it was written.
    pub composed: Option<(String, Span)>,
}

impl std::fmt::Debug for ItemField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ItemField").finish_non_exhaustive()
    }
}

/// A key-schema role named by `#[item(...)]`, with where it was named.
pub struct Role {
    /// The Rust field name.
    pub field: String,
    /// Where the name was written, for errors.
    pub span: Span,
}

impl std::fmt::Debug for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Role").finish_non_exhaustive()
    }
}

/// What the struct declares.
pub struct ItemInput {
    /// The struct.
    pub input: DeriveInput,
    /// Its named fields, in order.
    pub fields: Vec<ItemField>,
    /// The partition (hash) key field.
    pub hash_key: Option<Role>,
    /// The sort (range) key field.
    pub range_key: Option<Role>,
    /// The optimistic-locking version field.
    pub version: Option<Role>,
    /// Secondary indexes (`gsi(..)`, `lsi(..)`).
    pub indexes: Vec<IndexDecl>,
    /// Key attributes composed from fields (`compose(pk = "USER#{id}")`).
    pub composed: Vec<(Ident, LitStr)>,
    /// The time-to-live field.
    pub ttl: Option<Role>,
    /// The atomic counter field.
    pub counter: Option<Role>,
    /// The creation timestamp field.
    pub created_at: Option<Role>,
    /// The update timestamp field.
    pub updated_at: Option<Role>,
    /// Path of the runtime crate (`::rboto::runtime` unless `#[item(crate = "..")]`).
    pub krate: Option<syn2::Path>,
}

impl std::fmt::Debug for ItemInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ItemInput").finish_non_exhaustive()
    }
}

/// Parses the derive input, collecting every problem.
pub fn parse(tokens: TokenStream) -> Result<ItemInput, syn2::Error> {
    let input: DeriveInput = syn2::parse2(tokens)?;
    let mut errors = Errors::default();
    let rename_all = serde_rename_all(&input.attrs, &mut errors);
    let named = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => Some(named.named.iter().cloned().collect::<Vec<_>>()),
            _ => None,
        },
        _ => None,
    };
    let Some(named) = named else {
        return Err(syn2::Error::new(
            input.ident.span(),
            "#[derive(Item)] needs a struct with named fields: an item is a map of attributes",
        ));
    };
    let mut item = ItemInput {
        fields: Vec::new(),
        hash_key: None,
        range_key: None,
        version: None,
        indexes: Vec::new(),
        composed: Vec::new(),
        ttl: None,
        counter: None,
        created_at: None,
        updated_at: None,
        krate: None,
        input: input.clone(),
    };
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("item")) {
        let parsed = attr.parse_nested_meta(|meta| {
            let role = if meta.path.is_ident("hash_key") {
                &mut item.hash_key
            } else if meta.path.is_ident("range_key") {
                &mut item.range_key
            } else if meta.path.is_ident("version") {
                &mut item.version
            } else if let Some(role) = extension_role(&mut item, &meta.path) {
                role
            } else if meta.path.is_ident("gsi") || meta.path.is_ident("lsi") {
                let kind = if meta.path.is_ident("gsi") {
                    IndexKindDecl::Global
                } else {
                    IndexKindDecl::Local
                };
                item.indexes.push(parse_index(&meta, kind)?);
                return Ok(());
            } else if meta.path.is_ident("compose") {
                meta.parse_nested_meta(|inner| {
                    let Some(name) = inner.path.get_ident() else {
                        return Err(inner.error("compose(..) takes `attribute = \"template\"`"));
                    };
                    let template: LitStr = inner.value()?.parse()?;
                    item.composed.push((name.clone(), template));
                    Ok(())
                })?;
                return Ok(());
            } else if meta.path.is_ident("crate") {
                let path: LitStr = meta.value()?.parse()?;
                item.krate = Some(path.parse()?);
                return Ok(());
            } else {
                return Err(meta.error(
                    "unknown item attribute: expected `hash_key`, `range_key`, `version`, \
                     `gsi(..)`, `lsi(..)`, `compose(..)`, `ttl`, `counter`, `created_at`, \
                     `updated_at` or `crate`",
                ));
            };
            let name: LitStr = meta.value()?.parse()?;
            set_role(role, name.value(), name.span(), &meta.path, &mut errors);
            Ok(())
        });
        errors.push_result(parsed);
    }
    for field in &named {
        let ident = field.ident.clone().expect("named field");
        let rust_name = unraw(&ident);
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("item")) {
            let parsed = attr.parse_nested_meta(|meta| {
                let role = if meta.path.is_ident("hash_key") {
                    &mut item.hash_key
                } else if meta.path.is_ident("range_key") {
                    &mut item.range_key
                } else if meta.path.is_ident("version") {
                    &mut item.version
                } else if let Some(role) = extension_role(&mut item, &meta.path) {
                    role
                } else {
                    return Err(meta.error(
                        "unknown item field attribute: expected `hash_key`, `range_key`, \
                         `version`, `ttl`, `counter`, `created_at` or `updated_at`",
                    ));
                };
                set_role(
                    role,
                    rust_name.clone(),
                    meta.path.span(),
                    &meta.path,
                    &mut errors,
                );
                Ok(())
            });
            errors.push_result(parsed);
        }
        let attribute = serde_rename(&field.attrs, &mut errors)
            .unwrap_or_else(|| apply_rename_all(rename_all.as_deref(), &rust_name));
        let serde_with = serde_string(&field.attrs, "with", &mut errors).is_some()
            || serde_string(&field.attrs, "serialize_with", &mut errors).is_some();
        item.fields.push(ItemField {
            ident,
            ty: field.ty.clone(),
            attribute,
            serde_with,
            composed: None,
        });
    }
    for (name, template) in &item.composed {
        item.fields.push(ItemField {
            ident: name.clone(),
            ty: syn2::parse_quote!(::std::string::String),
            attribute: unraw(name),
            serde_with: false,
            composed: Some((template.value(), template.span())),
        });
    }
    errors.finish()?;
    Ok(item)
}

/// The slot of an extension role (`ttl`, `counter`, `created_at`, `updated_at`) that
/// `path` names.
fn extension_role<'a>(item: &'a mut ItemInput, path: &syn2::Path) -> Option<&'a mut Option<Role>> {
    let name = path.get_ident()?.to_string();
    match name.as_str() {
        "ttl" => Some(&mut item.ttl),
        "counter" => Some(&mut item.counter),
        "created_at" => Some(&mut item.created_at),
        "updated_at" => Some(&mut item.updated_at),
        _ => None,
    }
}

fn set_role(
    role: &mut Option<Role>,
    field: String,
    span: Span,
    path: &syn2::Path,
    errors: &mut Errors,
) {
    if role.is_some() {
        let name = path
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        errors.push(syn2::Error::new(
            span,
            format!("`{name}` is declared twice"),
        ));
    } else {
        *role = Some(Role { field, span });
    }
}

/// A field name as serde sees it: without a raw identifier's `r#`.
pub fn unraw(ident: &Ident) -> String {
    let name = ident.to_string();
    name.strip_prefix("r#").map(str::to_owned).unwrap_or(name)
}

/// The container's `#[serde(rename_all = "..")]` (or its `serialize = ".."` form).
fn serde_rename_all(attrs: &[syn2::Attribute], errors: &mut Errors) -> Option<String> {
    serde_string(attrs, "rename_all", errors)
}

/// A field's `#[serde(rename = "..")]` (or its `serialize = ".."` form).
fn serde_rename(attrs: &[syn2::Attribute], errors: &mut Errors) -> Option<String> {
    serde_string(attrs, "rename", errors)
}

/// The serialize-side string of the serde argument `name`, skipping every other argument.
fn serde_string(attrs: &[syn2::Attribute], name: &str, errors: &mut Errors) -> Option<String> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident(name) {
                if meta.input.peek(syn2::Token![=]) {
                    let value: LitStr = meta.value()?.parse()?;
                    found = Some(value.value());
                } else {
                    meta.parse_nested_meta(|inner| {
                        if inner.path.is_ident("serialize") {
                            let value: LitStr = inner.value()?.parse()?;
                            found = Some(value.value());
                        } else {
                            skip_value(&inner)?;
                        }
                        Ok(())
                    })?;
                }
            } else {
                skip_value(&meta)?;
            }
            Ok(())
        });
        errors.push_result(parsed);
    }
    found
}

/// Consumes an argument's value (`= lit`, or `(...)`) that this derive does not read.
fn skip_value(meta: &syn2::meta::ParseNestedMeta<'_>) -> syn2::Result<()> {
    if meta.input.peek(syn2::Token![=]) {
        let value = meta.value()?;
        value.parse::<syn2::Lit>()?;
    } else if meta.input.peek(syn2::token::Paren) {
        let content;
        syn2::parenthesized!(content in meta.input);
        content.parse::<TokenStream>()?;
    }
    Ok(())
}

/// serde's `rename_all` rules, applied to a snake_case field name.
pub fn apply_rename_all(rule: Option<&str>, field: &str) -> String {
    let pascal = || {
        field
            .split('_')
            .map(|word| {
                let mut chars = word.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                    None => String::new(),
                }
            })
            .collect::<String>()
    };
    match rule {
        Some("lowercase") => field.to_lowercase(),
        Some("UPPERCASE") => field.to_uppercase(),
        Some("PascalCase") => pascal(),
        Some("camelCase") => {
            let pascal = pascal();
            let mut chars = pascal.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => pascal,
            }
        }
        Some("SCREAMING_SNAKE_CASE") => field.to_uppercase(),
        Some("kebab-case") => field.replace('_', "-"),
        Some("SCREAMING-KEBAB-CASE") => field.to_uppercase().replace('_', "-"),
        _ => field.to_owned(),
    }
}

/// Problems collected across the whole input, reported together.
#[derive(Default, Debug)]
pub struct Errors {
    first: Option<syn2::Error>,
}

impl Errors {
    /// Adds a problem.
    pub fn push(&mut self, error: syn2::Error) {
        match &mut self.first {
            Some(first) => first.combine(error),
            None => self.first = Some(error),
        }
    }

    /// Adds the problem of a failed parse, if it failed.
    pub fn push_result(&mut self, result: syn2::Result<()>) {
        if let Err(e) = result {
            self.push(e);
        }
    }

    /// Every problem as one error, or `Ok` when there were none.
    pub fn finish(self) -> syn2::Result<()> {
        match self.first {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}
