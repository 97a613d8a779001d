//! [`ItemDescription`]: what an item type declares beyond its primary key — the DynamoDB
//! type of each key attribute, its secondary indexes, its TTL attribute and the attributes
//! the write extensions maintain (counter, created and updated timestamps). `#[derive(Item)]`
//! writes one as a constant; the table calls read it (create a table, query an index,
//! enable TTL, stamp a write) without any code generated per type.

use std::time::SystemTime;

use super::Number;

/// The DynamoDB type of a key attribute (`AttributeType` in `AttributeDefinitions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ScalarType {
    /// `S`: a string.
    String,
    /// `N`: a number.
    Number,
    /// `B`: binary.
    Binary,
}

impl ScalarType {
    /// The type's letter in DynamoDB's API: `S`, `N` or `B`.
    pub fn as_str(self) -> &'static str {
        match self {
            ScalarType::String => "S",
            ScalarType::Number => "N",
            ScalarType::Binary => "B",
        }
    }
}

/// A Rust type that can be a key attribute, with the DynamoDB type it is stored as. The
/// derive reads it for every key field (table and index keys), so a field that cannot be a
/// key (a `bool`, a list) is a compile error at the field.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a DynamoDB key attribute",
    label = "a key attribute is a string, a number or binary",
    note = "key attributes are `S` (String, &str), `N` (integers, floats, `Number`) or `B` (`Vec<u8>`, `bytes::Bytes`)",
    note = "a type of your own that serializes as one of these (an enum of unit variants is stored as `S`) says so: `impl KeyAttribute for {Self} {{ const TYPE: ScalarType = ScalarType::String; }}`"
)]
pub trait KeyAttribute {
    /// What the attribute is stored as.
    const TYPE: ScalarType;
}

macro_rules! key_attribute {
    ($kind:ident: $($ty:ty),*) => {
        $(impl KeyAttribute for $ty { const TYPE: ScalarType = ScalarType::$kind; })*
    };
}

key_attribute!(String: String, str, char, Box<str>, std::borrow::Cow<'_, str>);
key_attribute!(Number: u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64, Number);
key_attribute!(Binary: Vec<u8>, [u8], bytes::Bytes);

impl<T: KeyAttribute + ?Sized> KeyAttribute for &T {
    const TYPE: ScalarType = T::TYPE;
}

/// An index key may be absent (a sparse index): `Option<T>` is stored as `T`.
impl<T: KeyAttribute> KeyAttribute for Option<T> {
    const TYPE: ScalarType = T::TYPE;
}

/// Which kind of secondary index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IndexKind {
    /// A global secondary index: its own partition key (and optional sort key).
    Global,
    /// A local secondary index: the table's partition key with another sort key.
    Local,
}

/// Which attributes an index holds (`Projection.ProjectionType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IndexProjection {
    /// Every attribute (`ALL`): the item type reads from the index whole.
    All,
    /// The table's and the index's keys (`KEYS_ONLY`).
    KeysOnly,
    /// The keys and these attributes (`INCLUDE`).
    Include(&'static [&'static str]),
}

/// One secondary index as an item type declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SecondaryIndex {
    /// The index name.
    pub name: &'static str,
    /// Global or local.
    pub kind: IndexKind,
    /// The index's partition key attribute (the table's, for a local index).
    pub hash_key: &'static str,
    /// The index's sort key attribute.
    pub range_key: Option<&'static str>,
    /// What the index holds.
    pub projection: IndexProjection,
}

/// A key attribute composed from other attributes (single-table design): `attribute` is
/// stored as `template` with each `{name}` replaced by attribute `name`'s value, such as
/// `pk` = `USER#{customer}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ComposedKey {
    /// The composed attribute.
    pub attribute: &'static str,
    /// Literal text with `{attribute}` placeholders.
    pub template: &'static str,
}

/// What an item type declares beyond its primary key; see the module docs. Built in a
/// constant with the `with_*` methods, as `#[derive(Item)]` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ItemDescription {
    attributes: &'static [(&'static str, ScalarType)],
    indexes: &'static [SecondaryIndex],
    ttl: Option<&'static str>,
    counter: Option<&'static str>,
    created_at: Option<&'static str>,
    updated_at: Option<&'static str>,
    composed: &'static [ComposedKey],
    key_sources: &'static [&'static str],
}

impl ItemDescription {
    /// A description whose key attributes (table and index keys) have these types.
    pub const fn new(attributes: &'static [(&'static str, ScalarType)]) -> Self {
        ItemDescription {
            attributes,
            indexes: &[],
            ttl: None,
            counter: None,
            created_at: None,
            updated_at: None,
            composed: &[],
            key_sources: &[],
        }
    }

    /// The same, with these composed attributes; when the table key is composed,
    /// `key_sources` names the attributes a typed key holds, in order (`T::Key`'s elements).
    pub const fn with_composed(
        mut self,
        composed: &'static [ComposedKey],
        key_sources: &'static [&'static str],
    ) -> Self {
        self.composed = composed;
        self.key_sources = key_sources;
        self
    }

    /// The composed attributes.
    pub fn composed(&self) -> &'static [ComposedKey] {
        self.composed
    }

    /// The attributes a typed key holds when the table key is composed (else empty).
    pub fn key_sources(&self) -> &'static [&'static str] {
        self.key_sources
    }

    /// The same, with these secondary indexes.
    pub const fn with_indexes(mut self, indexes: &'static [SecondaryIndex]) -> Self {
        self.indexes = indexes;
        self
    }

    /// The same, with `attribute` holding the item's expiry time (epoch seconds, `N`).
    pub const fn with_ttl(mut self, attribute: &'static str) -> Self {
        self.ttl = Some(attribute);
        self
    }

    /// The same, with `attribute` an atomic counter: every `update_item` adds 1.
    pub const fn with_counter(mut self, attribute: &'static str) -> Self {
        self.counter = Some(attribute);
        self
    }

    /// The same, with `attribute` set to the time of the item's first write.
    pub const fn with_created_at(mut self, attribute: &'static str) -> Self {
        self.created_at = Some(attribute);
        self
    }

    /// The same, with `attribute` set to the time of every write.
    pub const fn with_updated_at(mut self, attribute: &'static str) -> Self {
        self.updated_at = Some(attribute);
        self
    }

    /// The key attributes (table and index keys) with their types.
    pub fn attributes(&self) -> &'static [(&'static str, ScalarType)] {
        self.attributes
    }

    /// The secondary indexes.
    pub fn indexes(&self) -> &'static [SecondaryIndex] {
        self.indexes
    }

    /// The index called `name`.
    pub fn index(&self, name: &str) -> Option<&'static SecondaryIndex> {
        self.indexes.iter().find(|index| index.name == name)
    }

    /// The TTL attribute.
    pub fn ttl(&self) -> Option<&'static str> {
        self.ttl
    }

    /// The atomic counter attribute.
    pub fn counter(&self) -> Option<&'static str> {
        self.counter
    }

    /// The creation timestamp attribute.
    pub fn created_at(&self) -> Option<&'static str> {
        self.created_at
    }

    /// The update timestamp attribute.
    pub fn updated_at(&self) -> Option<&'static str> {
        self.updated_at
    }

    /// The type of key attribute `name`.
    pub fn attribute_type(&self, name: &str) -> Option<ScalarType> {
        self.attributes
            .iter()
            .find(|(attribute, _)| *attribute == name)
            .map(|(_, kind)| *kind)
    }
}

/// A type stored as whole seconds since the Unix epoch (`N`), as DynamoDB's TTL reads it;
/// see [`epoch_seconds`](super::epoch_seconds).
pub trait EpochTime: Sized {
    /// Seconds since the epoch (negative before it); the sub-second part is dropped.
    fn to_epoch_seconds(&self) -> i64;
    /// The time `seconds` after the epoch, or `None` when the type cannot hold it.
    fn from_epoch_seconds(seconds: i64) -> Option<Self>;
}

impl EpochTime for SystemTime {
    fn to_epoch_seconds(&self) -> i64 {
        match self.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            Err(before) => {
                let d = before.duration();
                let whole = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
                // -1.5 s is second -2: seconds count down to the earlier whole second.
                -whole - i64::from(d.subsec_nanos() > 0)
            }
        }
    }

    fn from_epoch_seconds(seconds: i64) -> Option<Self> {
        let magnitude = std::time::Duration::from_secs(seconds.unsigned_abs());
        if seconds >= 0 {
            SystemTime::UNIX_EPOCH.checked_add(magnitude)
        } else {
            SystemTime::UNIX_EPOCH.checked_sub(magnitude)
        }
    }
}

impl EpochTime for time::OffsetDateTime {
    fn to_epoch_seconds(&self) -> i64 {
        self.unix_timestamp()
    }

    fn from_epoch_seconds(seconds: i64) -> Option<Self> {
        time::OffsetDateTime::from_unix_timestamp(seconds).ok()
    }
}
