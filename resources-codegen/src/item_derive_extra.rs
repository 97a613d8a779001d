//! What `#[derive(Item)]` reads beyond the primary key: secondary indexes
//! (`#[item(gsi(name = "by_email", hash_key = "email"), lsi(name = "by_total", range_key =
//! "total"))]`), the TTL attribute and the write extensions (`ttl`, `counter`, `created_at`,
//! `updated_at`, on the struct as `ttl = "field"` or on a field as `#[item(ttl)]`). Parsed
//! here, checked against the fields (every problem at its span), and written out as an
//! `ItemDescription` constant: data the runtime reads, no code per type.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn2::spanned::Spanned;
use syn2::{LitStr, Type};

use crate::item_derive_attr::{unraw, Errors, ItemField, ItemInput, Role};

/// Global or local.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKindDecl {
    /// `gsi(..)`.
    Global,
    /// `lsi(..)`.
    Local,
}

/// What an index holds, as declared.
pub enum ProjectionDecl {
    /// `projection = "all"` (the default).
    All,
    /// `projection = "keys_only"`.
    KeysOnly,
    /// `include("field", ..)`: the keys and these fields.
    Include(Vec<Role>),
}

impl std::fmt::Debug for ProjectionDecl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ProjectionDecl::All => "All",
            ProjectionDecl::KeysOnly => "KeysOnly",
            ProjectionDecl::Include(_) => "Include",
        })
    }
}

/// One `gsi(..)` or `lsi(..)`.
pub struct IndexDecl {
    /// Global or local.
    pub kind: IndexKindDecl,
    /// `name = ".."`.
    pub name: Option<LitStr>,
    /// `hash_key = "field"` (global indexes).
    pub hash_key: Option<Role>,
    /// `range_key = "field"`.
    pub range_key: Option<Role>,
    /// What the index holds.
    pub projection: ProjectionDecl,
    /// Where it was declared.
    pub span: Span,
}

impl std::fmt::Debug for IndexDecl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexDecl").finish_non_exhaustive()
    }
}

/// Parses the inside of `gsi(..)` or `lsi(..)`.
pub fn parse_index(
    meta: &syn2::meta::ParseNestedMeta<'_>,
    kind: IndexKindDecl,
) -> syn2::Result<IndexDecl> {
    let mut index = IndexDecl {
        kind,
        name: None,
        hash_key: None,
        range_key: None,
        projection: ProjectionDecl::All,
        span: meta.path.span(),
    };
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("name") {
            index.name = Some(inner.value()?.parse()?);
        } else if inner.path.is_ident("hash_key") && kind == IndexKindDecl::Global {
            let field: LitStr = inner.value()?.parse()?;
            index.hash_key = Some(Role {
                field: field.value(),
                span: field.span(),
            });
        } else if inner.path.is_ident("range_key") {
            let field: LitStr = inner.value()?.parse()?;
            index.range_key = Some(Role {
                field: field.value(),
                span: field.span(),
            });
        } else if inner.path.is_ident("projection") {
            let value: LitStr = inner.value()?.parse()?;
            index.projection = match value.value().as_str() {
                "all" => ProjectionDecl::All,
                "keys_only" => ProjectionDecl::KeysOnly,
                _ => {
                    return Err(syn2::Error::new(
                        value.span(),
                        "projection is \"all\" or \"keys_only\"; for some fields use \
                         include(\"field\", ..)",
                    ))
                }
            };
        } else if inner.path.is_ident("include") {
            let content;
            syn2::parenthesized!(content in inner.input);
            let fields = syn2::punctuated::Punctuated::<LitStr, syn2::Token![,]>::parse_terminated(
                &content,
            )?;
            index.projection = ProjectionDecl::Include(
                fields
                    .iter()
                    .map(|f| Role {
                        field: f.value(),
                        span: f.span(),
                    })
                    .collect(),
            );
        } else {
            let expected = match kind {
                IndexKindDecl::Global => {
                    "`name`, `hash_key`, `range_key`, `projection` or `include`"
                }
                IndexKindDecl::Local => {
                    "`name`, `range_key`, `projection` or `include` (a local index shares the \
                     table's hash key)"
                }
            };
            return Err(inner.error(format!("unknown index attribute: expected {expected}")));
        }
        Ok(())
    })?;
    Ok(index)
}

/// The `{name}` slots of a composed template, or why it is malformed.
fn template_slots(template: &str) -> Result<Vec<&str>, String> {
    let mut slots = Vec::new();
    let mut rest = template;
    loop {
        let (open, close) = (rest.find('{'), rest.find('}'));
        let Some(open) = open else {
            if close.is_some() {
                return Err("a `}` closes nothing".to_owned());
            }
            break;
        };
        if close.is_some_and(|close| close < open) {
            return Err("a `}` closes nothing".to_owned());
        }
        if open == 0 && !slots.is_empty() {
            return Err("two slots need text between them to be parsed back".to_owned());
        }
        let Some(close) = rest[open..].find('}') else {
            return Err("a `{` is never closed".to_owned());
        };
        let name = &rest[open + 1..open + close];
        if name.is_empty() || name.contains('{') {
            return Err("a slot is `{field}`".to_owned());
        }
        slots.push(name);
        rest = &rest[open + close + 1..];
    }
    Ok(slots)
}

/// The fields composed attribute `field`'s template names, in order, checked.
pub fn template_fields<'a>(
    item: &'a ItemInput,
    field: &ItemField,
    errors: &mut Errors,
) -> Vec<&'a ItemField> {
    let Some((template, span)) = &field.composed else {
        return Vec::new();
    };
    let slots = match template_slots(template) {
        Ok(slots) => slots,
        Err(why) => {
            errors.push(syn2::Error::new(
                *span,
                format!("compose `{}` = \"{template}\": {why}", field.ident),
            ));
            return Vec::new();
        }
    };
    let mut found = Vec::new();
    for slot in slots {
        let source = item
            .fields
            .iter()
            .find(|f| f.composed.is_none() && unraw(&f.ident) == slot);
        match source {
            Some(source) => found.push(source),
            None => {
                let known: Vec<String> = item
                    .fields
                    .iter()
                    .filter(|f| f.composed.is_none())
                    .map(|f| f.ident.to_string())
                    .collect();
                errors.push(syn2::Error::new(
                    *span,
                    format!(
                        "compose `{}` names `{slot}`, which is not a field of `{}` (fields: {})",
                        field.ident,
                        item.input.ident,
                        known.join(", ")
                    ),
                ));
            }
        }
    }
    found
}

/// Checks every composed attribute: its template, and that its name is no field's.
fn validate_composed(item: &ItemInput, errors: &mut Errors) {
    for field in item.fields.iter().filter(|f| f.composed.is_some()) {
        template_fields(item, field, errors);
        let clash = item
            .fields
            .iter()
            .any(|f| f.composed.is_none() && f.attribute == field.attribute);
        if clash {
            errors.push(syn2::Error::new(
                field.ident.span(),
                format!(
                    "compose `{}`: a field is already stored as `{}`",
                    field.ident, field.attribute
                ),
            ));
        }
    }
}

/// The fields a typed key holds when the table key is composed: the slots of a composed
/// hash or range key, or the key field itself; `None` when neither key is composed.
pub fn key_sources<'a>(item: &'a ItemInput, keys: &[&'a ItemField]) -> Option<Vec<&'a ItemField>> {
    if keys.iter().all(|k| k.composed.is_none()) {
        return None;
    }
    let mut ignored = Errors::default();
    let mut sources = Vec::new();
    for key in keys {
        if key.composed.is_some() {
            sources.extend(template_fields(item, key, &mut ignored));
        } else {
            sources.push(*key);
        }
    }
    Some(sources)
}

/// `.with_composed(..)` for the composed attributes, with templates in attribute names.
fn expand_composed(
    krate: &TokenStream,
    item: &ItemInput,
    keys: &[&ItemField],
) -> Option<TokenStream> {
    let composed: Vec<&ItemField> = item
        .fields
        .iter()
        .filter(|f| f.composed.is_some())
        .collect();
    if composed.is_empty() {
        return None;
    }
    let mut ignored = Errors::default();
    let entries = composed.iter().map(|field| {
        let (template, _) = field.composed.as_ref().expect("filtered");
        let mut rendered = template.clone();
        for source in template_fields(item, field, &mut ignored) {
            rendered = rendered.replace(
                &format!("{{{}}}", unraw(&source.ident)),
                &format!("{{{}}}", source.attribute),
            );
        }
        let attribute = &field.attribute;
        quote!(#krate::dynamodb::ComposedKey { attribute: #attribute, template: #rendered })
    });
    let sources = key_sources(item, keys)
        .unwrap_or_default()
        .into_iter()
        .map(|f| f.attribute.clone());
    Some(quote!(.with_composed(&[#(#entries),*], &[#(#sources),*])))
}

/// The extras resolved against the fields.
pub struct ResolvedExtras<'a> {
    indexes: Vec<ResolvedIndex<'a>>,
    ttl: Option<&'a ItemField>,
    counter: Option<&'a ItemField>,
    created_at: Option<&'a ItemField>,
    updated_at: Option<&'a ItemField>,
}

impl std::fmt::Debug for ResolvedExtras<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResolvedExtras").finish_non_exhaustive()
    }
}

struct ResolvedIndex<'a> {
    kind: IndexKindDecl,
    name: String,
    hash: Option<&'a ItemField>,
    range: Option<&'a ItemField>,
    projection: Option<Vec<&'a ItemField>>,
    keys_only: bool,
}

/// Finds the field a role names, or records why not.
fn field_named<'a>(
    item: &'a ItemInput,
    role: &Role,
    what: &str,
    errors: &mut Errors,
) -> Option<&'a ItemField> {
    let found = item.fields.iter().find(|f| unraw(&f.ident) == role.field);
    if found.is_none() {
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
    found
}

/// Checks the indexes, TTL and extension fields; `keys` are the fields that already have a
/// role (hash key, range key, version), which the extensions may not take.
pub fn validate_extras<'a>(
    item: &'a ItemInput,
    table_has_range: bool,
    keys: &[&'a ItemField],
    errors: &mut Errors,
) -> ResolvedExtras<'a> {
    validate_composed(item, errors);
    let mut indexes = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for index in &item.indexes {
        let (label, key_needed) = match index.kind {
            IndexKindDecl::Global => ("gsi", "hash_key"),
            IndexKindDecl::Local => ("lsi", "range_key"),
        };
        let Some(name) = &index.name else {
            errors.push(syn2::Error::new(
                index.span,
                format!("{label}(..) needs a name = \"..\""),
            ));
            continue;
        };
        if seen.contains(&name.value()) {
            errors.push(syn2::Error::new(
                name.span(),
                format!("index `{}` is declared twice", name.value()),
            ));
        }
        seen.push(name.value());
        let needed = match index.kind {
            IndexKindDecl::Global => &index.hash_key,
            IndexKindDecl::Local => &index.range_key,
        };
        if needed.is_none() {
            errors.push(syn2::Error::new(
                index.span,
                format!("{label} `{}` needs {key_needed} = \"field\"", name.value()),
            ));
        }
        if index.kind == IndexKindDecl::Local && !table_has_range {
            errors.push(syn2::Error::new(
                index.span,
                format!(
                    "lsi `{}`: a local index needs a table with a range_key",
                    name.value()
                ),
            ));
        }
        let what = format!("{label} `{}`", name.value());
        let hash = index
            .hash_key
            .as_ref()
            .and_then(|r| field_named(item, r, &what, errors));
        let range = index
            .range_key
            .as_ref()
            .and_then(|r| field_named(item, r, &what, errors));
        let (projection, keys_only) = match &index.projection {
            ProjectionDecl::All => (None, false),
            ProjectionDecl::KeysOnly => (None, true),
            ProjectionDecl::Include(fields) => (
                Some(
                    fields
                        .iter()
                        .filter_map(|r| field_named(item, r, &what, errors))
                        .collect(),
                ),
                false,
            ),
        };
        indexes.push(ResolvedIndex {
            kind: index.kind,
            name: name.value(),
            hash,
            range,
            projection,
            keys_only,
        });
    }
    for field in &item.fields {
        if matches!(
            base_name(&field.ty).as_deref(),
            Some("HashSet" | "BTreeSet")
        ) && !field.serde_with
        {
            errors.push(syn2::Error::new(
                field.ty.span(),
                format!(
                    "`{}` is a set, which serde writes as a list (L); store it as a DynamoDB set \
                     with #[serde(with = \"rboto::dynamodb::as_set\")], or use StringSet, \
                     NumberSet or BinarySet",
                    field.ident
                ),
            ));
        }
    }
    let mut taken: Vec<&ItemField> = keys.to_vec();
    let mut extension =
        |role: &Option<Role>, what: &str, check: fn(&ItemField) -> bool, need: &str| {
            let field = role
                .as_ref()
                .and_then(|r| field_named(item, r, what, errors))?;
            let span = role
                .as_ref()
                .map(|r| r.span)
                .unwrap_or_else(Span::call_site);
            if taken.iter().any(|t| t.ident == field.ident) {
                errors.push(syn2::Error::new(
                    span,
                    format!(
                        "`{}` already has a role; {what} needs a field of its own",
                        field.ident
                    ),
                ));
            }
            if !check(field) {
                errors.push(syn2::Error::new(
                    field.ty.span(),
                    format!("{what} field `{}`: {need}", field.ident),
                ));
            }
            taken.push(field);
            Some(field)
        };
    const TIME: &str = "store it as epoch seconds (a number): a `SystemTime` or \
                        `time::OffsetDateTime` (or an `Option` of one) with \
                        #[serde(with = \"rboto::dynamodb::epoch_seconds\")], or an integer";
    let ttl = extension(&item.ttl, "ttl", is_epoch_seconds, TIME);
    let counter = extension(
        &item.counter,
        "counter",
        |f| is_integer(&f.ty),
        "a counter is an integer (or an `Option` of one)",
    );
    let created_at = extension(&item.created_at, "created_at", is_epoch_seconds, TIME);
    let updated_at = extension(&item.updated_at, "updated_at", is_epoch_seconds, TIME);
    ResolvedExtras {
        indexes,
        ttl,
        counter,
        created_at,
        updated_at,
    }
}

/// The last path segment of a type, looking through `Option<..>`.
fn base_name(ty: &Type) -> Option<String> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident == "Option" {
        if let syn2::PathArguments::AngleBracketed(args) = &last.arguments {
            if let Some(syn2::GenericArgument::Type(inner)) = args.args.first() {
                return base_name(inner);
            }
        }
    }
    Some(last.ident.to_string())
}

fn is_integer(ty: &Type) -> bool {
    matches!(
        base_name(ty).as_deref(),
        Some("u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64")
            | Some("i128" | "isize")
    )
}

/// An integer, or any type serialized with `#[serde(with = ..)]` (the runtime checks that
/// the value written is a number).
fn is_epoch_seconds(field: &ItemField) -> bool {
    field.serde_with || is_integer(&field.ty)
}

/// `ItemDescription` for the resolved input: key attribute types (read from the fields'
/// types through `KeyAttribute`, so a field that cannot be a key fails at the field),
/// indexes and extensions.
pub fn expand_description(
    krate: &TokenStream,
    item: &ItemInput,
    keys: &[&ItemField],
    extras: &ResolvedExtras<'_>,
) -> TokenStream {
    let mut typed: Vec<&ItemField> = Vec::new();
    let index_keys = extras
        .indexes
        .iter()
        .flat_map(|i| i.hash.into_iter().chain(i.range));
    let sources = key_sources(item, keys).unwrap_or_default();
    for field in keys.iter().copied().chain(index_keys).chain(sources) {
        if !typed.iter().any(|t| t.ident == field.ident) {
            typed.push(field);
        }
    }
    let attributes = typed.iter().map(|field| {
        let name = &field.attribute;
        let ty = &field.ty;
        quote_spanned!(ty.span()=> (#name, <#ty as #krate::dynamodb::KeyAttribute>::TYPE))
    });
    let mut description = quote!(#krate::dynamodb::ItemDescription::new(&[#(#attributes),*]));
    if !extras.indexes.is_empty() {
        let indexes = extras.indexes.iter().map(|index| {
            let name = &index.name;
            let kind = match index.kind {
                IndexKindDecl::Global => quote!(Global),
                IndexKindDecl::Local => quote!(Local),
            };
            let hash = match index.hash {
                Some(field) => field.attribute.clone(),
                None => keys[0].attribute.clone(),
            };
            let range = match index.range {
                Some(field) => {
                    let name = &field.attribute;
                    quote!(::core::option::Option::Some(#name))
                }
                None => quote!(::core::option::Option::None),
            };
            let projection = match (&index.projection, index.keys_only) {
                (Some(fields), _) => {
                    let names = fields.iter().map(|f| &f.attribute);
                    quote!(Include(&[#(#names),*]))
                }
                (None, true) => quote!(KeysOnly),
                (None, false) => quote!(All),
            };
            quote!(#krate::dynamodb::SecondaryIndex {
                name: #name,
                kind: #krate::dynamodb::IndexKind::#kind,
                hash_key: #hash,
                range_key: #range,
                projection: #krate::dynamodb::IndexProjection::#projection,
            })
        });
        description = quote!(#description.with_indexes(&[#(#indexes),*]));
    }
    if let Some(composed) = expand_composed(krate, item, keys) {
        description = quote!(#description #composed);
    }
    for (field, method) in [
        (extras.ttl, quote!(with_ttl)),
        (extras.counter, quote!(with_counter)),
        (extras.created_at, quote!(with_created_at)),
        (extras.updated_at, quote!(with_updated_at)),
    ] {
        if let Some(field) = field {
            let name = &field.attribute;
            description = quote!(#description.#method(#name));
        }
    }
    description
}

#[cfg(test)]
mod tests {
    use crate::item_derive::derive_item;

    fn derive(text: &str) -> String {
        let out = derive_item(text.parse().expect("tokenizes")).to_string();
        out.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn indexes_and_extensions_become_a_description() {
        let out = derive(
            r#"#[item(hash_key = "pk", range_key = "sk",
                      gsi(name = "by_email", hash_key = "email", projection = "keys_only"),
                      lsi(name = "by_total", range_key = "total", include("email")),
                      counter = "visits")]
               struct User {
                   pk: String, sk: u32, email: Option<String>, total: u64, visits: u64,
                   #[item(ttl)] #[serde(with = "epoch_seconds")] expires: SystemTime,
                   #[item(updated_at)] #[serde(with = "epoch_seconds")] changed: SystemTime,
               }"#,
        );
        assert!(
            out.contains(r#"ItemDescription::new(&[("pk",<Stringas::rboto::runtime::dynamodb::KeyAttribute>::TYPE),("sk",<u32as"#),
            "{out}"
        );
        assert!(out.contains(r#"("email",<Option<String>as"#), "{out}");
        assert!(out.contains(r#"name:"by_email",kind:::rboto::runtime::dynamodb::IndexKind::Global,hash_key:"email",range_key:::core::option::Option::None,projection:::rboto::runtime::dynamodb::IndexProjection::KeysOnly"#), "{out}");
        assert!(out.contains(r#"name:"by_total",kind:::rboto::runtime::dynamodb::IndexKind::Local,hash_key:"pk",range_key:::core::option::Option::Some("total"),projection:::rboto::runtime::dynamodb::IndexProjection::Include(&["email"])"#), "{out}");
        assert!(
            out.contains(
                r#".with_ttl("expires").with_counter("visits").with_updated_at("changed")"#
            ),
            "{out}"
        );
    }

    #[test]
    fn composed_keys_take_their_sources_as_the_key() {
        let out = derive(
            r#"#[item(hash_key = "pk", range_key = "sk",
                      compose(pk = "USER#{customer}", sk = "ORDER#{order_id}", gsi1pk = "STATUS#{status}"),
                      gsi(name = "gsi1", hash_key = "gsi1pk"))]
               #[serde(rename_all = "camelCase")]
               struct Order { customer: String, order_id: u32, status: String }"#,
        );
        assert!(out.contains("typeKey=(String,u32);"), "{out}");
        assert!(
            out.contains(r#"KeySchema::new("pk").with_range_key("sk")"#),
            "{out}"
        );
        assert!(
            out.contains(r#"ComposedKey{attribute:"sk",template:"ORDER#{orderId}"}"#),
            "{out}"
        );
        assert!(out.contains(r#"],&["customer","orderId"])"#), "{out}");
        assert!(
            out.contains(r#"("gsi1pk",<::std::string::Stringas"#),
            "{out}"
        );
        let out = derive(
            r#"#[item(hash_key = "pk", compose(pk = "USER#{id}"))] struct User { id: u64 }"#,
        );
        assert!(out.contains("typeKey=u64;"), "{out}");
    }

    #[test]
    fn composed_key_mistakes_name_the_template() {
        let out = derive(
            r#"#[item(hash_key = "pk", range_key = "sk", compose(pk = "USER#{idd}", sk = "{a}{b}", name = "X#{a}"))]
               struct Bad { id: String, a: String, b: String, name: String }"#,
        );
        for expected in [
            "compose`pk`names`idd`,whichisnotafieldof`Bad`",
            "compose`sk`=\\\"{a}{b}\\\":twoslotsneedtextbetweenthem",
            "compose`name`:afieldisalreadystoredas`name`",
        ] {
            assert!(out.contains(expected), "{expected} in {out}");
        }
    }

    #[test]
    fn index_and_extension_mistakes_are_reported_together() {
        let out = derive(
            r#"#[item(hash_key = "pk",
                      gsi(name = "by_mail", hash_key = "mail"),
                      gsi(hash_key = "pk"),
                      lsi(name = "local", range_key = "n"),
                      ttl = "pk", counter = "name")]
               struct Bad { pk: String, n: u64, name: String, #[item(created_at)] at: SystemTime,
                            tags: HashSet<String>, #[serde(with = "as_set")] ok: BTreeSet<String> }"#,
        );
        for expected in [
            "gsi`by_mail`names`mail`,whichisnotafieldof`Bad`",
            "gsi(..)needsaname=",
            "lsi`local`:alocalindexneedsatablewitharange_key",
            "`pk`alreadyhasarole;ttlneedsafieldofitsown",
            "counterfield`name`:acounterisaninteger",
            "created_atfield`at`:storeitasepochseconds",
            "`tags`isaset,whichserdewritesasalist(L)",
        ] {
            assert!(!out.contains("`ok`isaset"), "{out}");
            assert!(out.contains(expected), "{expected} in {out}");
        }
    }
}
