//! Projections derived from a type: [`Projection::of`] reads the attribute names a
//! `Deserialize` struct asks serde for (with `rename`/`rename_all` applied, skipped fields
//! left out), so the type that receives the items also names what to read. No derive is
//! needed; [`Query::project`] and [`Scan::project`] use it.

use serde::de::{self, DeserializeOwned, Visitor};

use super::expression::{Path, Projection};
use super::query::{Query, Scan};
use rboto_runtime::error::Error;

impl Projection {
    /// The attributes `T`'s fields are read from. `T` must be a struct with named fields and
    /// no `#[serde(flatten)]` (a flattened map reads attributes it cannot name).
    ///
    /// ```
    /// use rboto_dynamodb::{Expressions, Projection};
    ///
    /// #[derive(serde::Deserialize)]
    /// #[serde(rename_all = "camelCase")]
    /// struct Summary { order_id: u32, total_cents: u64 }
    ///
    /// let built = Expressions::new().projection(Projection::of::<Summary>()?).build()?;
    /// assert_eq!(built.projection_expression.as_deref(), Some("#n0, #n1"));
    /// assert_eq!(built.names["#n1"], "totalCents");
    /// # Ok::<(), rboto_runtime::Error>(())
    /// ```
    pub fn of<T: DeserializeOwned>() -> Result<Projection, Error> {
        let names = field_names(std::any::type_name::<T>(), |probe| {
            T::deserialize(probe).map(drop)
        })?;
        Ok(Projection::new(names.iter().map(|name| Path::name(*name))))
    }
}

impl<T: DeserializeOwned + Send + 'static> Query<T> {
    /// Reads only the attributes `P` has fields for (a `ProjectionExpression` from
    /// [`Projection::of`]), and decodes the items as `P`.
    pub fn project<P: DeserializeOwned + Send + 'static>(self) -> Query<P> {
        match Projection::of::<P>() {
            Ok(projection) => self.projection(projection).retype(),
            Err(e) => self.retype().refuse(e.to_string()),
        }
    }

    /// Decodes the items as `P` instead, reading the same attributes: a keys-only index's
    /// items into a key type, or any item into a [`Document`](super::Document).
    pub fn decode_as<P: DeserializeOwned + Send + 'static>(self) -> Query<P> {
        self.retype()
    }
}

impl<T: DeserializeOwned + Send + 'static> Scan<T> {
    /// Reads only the attributes `P` has fields for, and decodes the items as `P`; see
    /// [`Query::project`].
    pub fn project<P: DeserializeOwned + Send + 'static>(self) -> Scan<P> {
        match Projection::of::<P>() {
            Ok(projection) => self.projection(projection).retype(),
            Err(e) => self.retype().refuse(e.to_string()),
        }
    }
}

/// Why the probe stopped: it found the names, or the type is not a plain struct.
#[derive(Debug)]
enum Probed {
    Fields(&'static [&'static str]),
    NotAStruct(String),
}

impl std::fmt::Display for Probed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Probed::Fields(_) => f.write_str("fields found"),
            Probed::NotAStruct(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for Probed {}

impl de::Error for Probed {
    fn custom<M: std::fmt::Display>(msg: M) -> Self {
        Probed::NotAStruct(msg.to_string())
    }
}

/// A deserializer that answers nothing and records the field names a struct asks for.
struct FieldProbe;

impl<'de> de::Deserializer<'de> for FieldProbe {
    type Error = Probed;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Probed> {
        Err(Probed::NotAStruct(
            "it is not a struct with named fields (a map, a `#[serde(flatten)]` field or an \
             enum reads attributes it cannot name)"
                .to_owned(),
        ))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Probed> {
        Err(Probed::Fields(fields))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// The field names `probe` (a type's `deserialize`) asks for.
fn field_names(
    type_name: &str,
    probe: impl FnOnce(FieldProbe) -> Result<(), Probed>,
) -> Result<&'static [&'static str], Error> {
    let why = match probe(FieldProbe) {
        Err(Probed::Fields(fields)) if !fields.is_empty() => return Ok(fields),
        Err(Probed::Fields(_)) => "it has no fields".to_owned(),
        Err(Probed::NotAStruct(why)) => why,
        Ok(()) => "it reads without asking for attributes".to_owned(),
    };
    Err(Error::validation(vec![format!(
        "projection of `{type_name}`: {why}; name the attributes with Projection::new([..])"
    )]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Expressions;
    use std::collections::BTreeMap;

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Summary {
        #[serde(rename = "order")]
        order_id: u32,
        total: u64,
        #[serde(skip)]
        local: u8,
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Loose {
        id: String,
        #[serde(flatten)]
        rest: BTreeMap<String, String>,
    }

    #[test]
    fn a_struct_projects_its_serde_names_without_skipped_fields() {
        let built = Expressions::new()
            .projection(Projection::of::<Summary>().unwrap())
            .build()
            .unwrap();
        assert_eq!(built.projection_expression.as_deref(), Some("#n0, #n1"));
        assert_eq!(built.names["#n0"], "order");
        assert_eq!(built.names["#n1"], "total");
    }

    #[test]
    fn a_type_whose_attributes_cannot_be_named_is_refused_naming_it() {
        let err = Projection::of::<Loose>().unwrap_err();
        assert!(err.is_validation());
        assert!(err.to_string().contains("Loose"), "{err}");
        assert!(err.to_string().contains("flatten"), "{err}");
        let err = Projection::of::<u32>().unwrap_err();
        assert!(err.to_string().contains("not a struct"), "{err}");
    }
}
