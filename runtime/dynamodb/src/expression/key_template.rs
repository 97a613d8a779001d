//! [`KeyTemplate`]: a composed key attribute (`compose(pk = "USER#{id}")`) in a Query's key
//! condition, given the source fields' values instead of the composed text.

use serde::Serialize;
use serde_json::Value;

use super::condition::Comparison;
use super::key::{Key, KeyCondition};
use super::placeholders::ValueSlot;
use crate::description::ComposedKey;
use crate::item::{Item, KeySchema};

/// A key attribute an item type composes from its fields
/// (`#[item(compose(pk = "USER#{customer}", sk = "ORDER#{year}#{order_id}"))]`), for a
/// Query's key condition: each comparison takes the values of the template's fields, in
/// order (one value for one field, a tuple for several, `()` for none), and compares the
/// attribute with the text the template makes of them, so `"USER#ada"` is never spelled by
/// hand. Built by [`Key::composed`]; the condition carries the item type's schema, so the
/// query parses composed keys back into their fields.
///
/// ```
/// use rboto_dynamodb::expression::{Expressions, Key};
/// use rboto_dynamodb::{ComposedKey, Item, ItemDescription, KeySchema, ScalarType};
///
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Order { customer: String, year: u16, order_id: u32 }
/// impl Item for Order {
///     type Key = (String, u16, u32);
///     const SCHEMA: KeySchema = KeySchema::new("pk").with_range_key("sk").with_description(
///         &ItemDescription::new(&[("pk", ScalarType::String), ("sk", ScalarType::String)])
///             .with_composed(
///                 &[ComposedKey { attribute: "pk", template: "USER#{customer}" },
///                   ComposedKey { attribute: "sk", template: "ORDER#{year}#{order_id}" }],
///                 &["customer", "year", "order_id"],
///             ),
///     );
/// }
///
/// let key = Key::composed::<Order>("pk").eq("ada")
///     .and(Key::composed::<Order>("sk").begins_with(2026)); // "ORDER#2026#"
/// let built = Expressions::new().key_condition(key).build().unwrap();
/// assert_eq!(built.values[":v0"], serde_json::json!({"S": "USER#ada"}));
/// assert_eq!(built.values[":v1"], serde_json::json!({"S": "ORDER#2026#"}));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct KeyTemplate {
    key: Key,
    schema: KeySchema,
    composed: Option<&'static ComposedKey>,
    attribute: String,
}

impl Key {
    /// The key attribute `attribute` that item type `T` composes from its fields
    /// (`compose(..)` in `#[item(..)]`), to compare with values of those fields. An
    /// attribute `T` does not compose is an error when the condition is built, naming the
    /// ones it does.
    pub fn composed<T: Item>(attribute: &str) -> KeyTemplate {
        let composed = T::SCHEMA
            .description()
            .and_then(|d| d.composed().iter().find(|c| c.attribute == attribute));
        KeyTemplate {
            key: Key::new(attribute),
            schema: T::SCHEMA,
            composed,
            attribute: attribute.to_owned(),
        }
    }
}

impl KeyTemplate {
    /// `attribute = template(values)`: every field of the template given.
    pub fn eq<V: Serialize>(&self, values: V) -> KeyCondition {
        self.compare(Comparison::Eq, &values)
    }

    /// `attribute < template(values)` (DynamoDB compares the composed text as a string:
    /// byte order, so `ORDER#10` sorts before `ORDER#7`).
    pub fn lt<V: Serialize>(&self, values: V) -> KeyCondition {
        self.compare(Comparison::Lt, &values)
    }

    /// `attribute <= template(values)`, in the composed text's byte order.
    pub fn le<V: Serialize>(&self, values: V) -> KeyCondition {
        self.compare(Comparison::Le, &values)
    }

    /// `attribute > template(values)`, in the composed text's byte order.
    pub fn gt<V: Serialize>(&self, values: V) -> KeyCondition {
        self.compare(Comparison::Gt, &values)
    }

    /// `attribute >= template(values)`, in the composed text's byte order.
    pub fn ge<V: Serialize>(&self, values: V) -> KeyCondition {
        self.compare(Comparison::Ge, &values)
    }

    /// `attribute BETWEEN template(low) AND template(high)`, in the composed text's byte
    /// order.
    pub fn between<L: Serialize, H: Serialize>(&self, low: L, high: H) -> KeyCondition {
        let low = self.slot(&low, true);
        let high = self.slot(&high, true);
        self.key.between_slots(low, high).with_schema(self.schema)
    }

    /// `begins_with(attribute, prefix)`, the prefix being the template's text up to the
    /// first field not given: `()` gives the text before the first field (`"ORDER#"`: every
    /// order), the leading fields' values narrow it (`2026` gives `"ORDER#2026#"`).
    pub fn begins_with<V: Serialize>(&self, leading: V) -> KeyCondition {
        let prefix = self.slot(&leading, false);
        self.key.begins_with_slot(prefix).with_schema(self.schema)
    }

    fn compare<V: Serialize>(&self, op: Comparison, values: &V) -> KeyCondition {
        let value = self.slot(values, true);
        self.key.compare(op, value).with_schema(self.schema)
    }

    /// The composed text of `values` as a condition's value, or the problem with it.
    fn slot<V: Serialize>(&self, values: &V, whole: bool) -> ValueSlot {
        ValueSlot::from_result(self.render(values, whole))
    }

    fn render<V: Serialize>(&self, values: &V, whole: bool) -> Result<Value, String> {
        let Some(composed) = self.composed else {
            let declared: Vec<&str> = self
                .schema
                .description()
                .map(|d| d.composed().iter().map(|c| c.attribute).collect())
                .unwrap_or_default();
            return Err(format!(
                "`{}` is not a composed key of the item type (it composes: {})",
                self.attribute,
                if declared.is_empty() {
                    "none".to_owned()
                } else {
                    declared.join(", ")
                }
            ));
        };
        let value = crate::to_attribute_value(values).map_err(|e| e.to_string())?;
        let values = match value {
            Value::Object(mut av) if av.contains_key("L") => match av.remove("L") {
                Some(Value::Array(items)) => items,
                _ => Vec::new(),
            },
            Value::Object(av) if av.contains_key("NULL") => Vec::new(),
            scalar => vec![scalar],
        };
        crate::composed::render_slots(composed, &values, whole)
            .map(|text| serde_json::json!({ "S": text }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::description::{ItemDescription, ScalarType};
    use crate::expression::Expressions;
    use serde_json::json;

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Order {
        customer: String,
        year: u16,
        id: u32,
    }

    impl Item for Order {
        type Key = (String, u16, u32);
        const SCHEMA: KeySchema = KeySchema::new("pk").with_range_key("sk").with_description(
            &ItemDescription::new(&[("pk", ScalarType::String), ("sk", ScalarType::String)])
                .with_composed(
                    &[
                        ComposedKey {
                            attribute: "pk",
                            template: "USER#{customer}",
                        },
                        ComposedKey {
                            attribute: "sk",
                            template: "ORDER#{year}#{id}",
                        },
                    ],
                    &["customer", "year", "id"],
                ),
        );
    }

    fn values(key: KeyCondition) -> Result<Vec<Value>, String> {
        Expressions::new()
            .key_condition(key)
            .build()
            .map(|built| built.values.into_iter().map(|(_, v)| v).collect())
            .map_err(|e| e.to_string())
    }

    fn sk() -> KeyTemplate {
        Key::composed::<Order>("sk")
    }

    #[test]
    fn comparisons_take_the_fields_values_and_compare_the_composed_text() {
        let hash = || Key::composed::<Order>("pk").eq("ada");
        assert_eq!(
            values(hash().and(sk().eq((2026, 7)))).unwrap(),
            [json!({"S": "USER#ada"}), json!({"S": "ORDER#2026#7"})]
        );
        assert_eq!(
            values(hash().and(sk().begins_with(()))).unwrap()[1],
            json!({"S": "ORDER#"})
        );
        assert_eq!(
            values(hash().and(sk().begins_with(2026))).unwrap()[1],
            json!({"S": "ORDER#2026#"})
        );
        assert_eq!(
            values(hash().and(sk().between((2026, 1), (2026, 9)))).unwrap()[1..],
            [json!({"S": "ORDER#2026#1"}), json!({"S": "ORDER#2026#9"})]
        );
        let key = hash().and(sk().ge((2025, 1)));
        assert_eq!(key.key_schema(), Some(Order::SCHEMA));
        assert_eq!(Key::new("pk").eq("x").key_schema(), None);
    }

    #[test]
    fn wrong_values_or_an_attribute_not_composed_are_named_before_sending() {
        let hash = || Key::composed::<Order>("pk").eq("ada");
        let err = values(hash().and(sk().eq(2026))).unwrap_err();
        assert!(
            err.contains("has 2 slot(s) (year, id); 1 value(s) given"),
            "{err}"
        );
        let err = values(hash().and(sk().begins_with((2026, 7, 1)))).unwrap_err();
        assert!(err.contains("3 value(s) given"), "{err}");
        let err = values(Key::composed::<Order>("pk").eq(vec![vec![1]])).unwrap_err();
        assert!(err.contains("must be a string or a number"), "{err}");
        let err = values(Key::composed::<Order>("total").eq(1)).unwrap_err();
        assert!(
            err.contains("`total` is not a composed key of the item type (it composes: pk, sk)"),
            "{err}"
        );
    }
}
