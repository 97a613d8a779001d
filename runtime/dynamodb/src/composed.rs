//! Keys composed from fields, for single-table design: an item type declares
//! `compose(pk = "USER#{customer}", sk = "ORDER#{order_id}")`, and rboto writes `pk` and
//! `sk` from the item's own attributes on every put, builds them from a typed key
//! (`get::<Order>(("ada".into(), 7))` reads `pk = USER#ada`, `sk = ORDER#7`), and parses
//! them back into the source attributes when a read item lacks those
//! ([`ItemDescription::parse_composed`]).

use serde_json::{Map, Value};

use super::description::{ComposedKey, ItemDescription, ScalarType};
use super::item::KeySchema;
use super::AttributeMap;
use rboto_runtime::error::Error;

/// One piece of a template.
enum Piece<'a> {
    Text(&'a str),
    Slot(&'a str),
}

/// A template's pieces: literal text and `{name}` slots.
fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        let Some(close) = rest[open..].find('}') else {
            out.push(Piece::Text(&rest[open..]));
            return out;
        };
        out.push(Piece::Slot(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// The text of a string or number attribute value.
fn scalar_text(value: &Value) -> Option<&str> {
    value
        .get("S")
        .or_else(|| value.get("N"))
        .and_then(Value::as_str)
}

/// `composed`'s value from `values` (attribute values by name).
fn render(composed: &ComposedKey, values: &AttributeMap) -> Result<String, String> {
    let mut out = String::new();
    for piece in pieces(composed.template) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Slot(name) => match values.get(name).map(scalar_text) {
                Some(Some(text)) => out.push_str(text),
                Some(None) => {
                    return Err(format!(
                        "`{}` = \"{}\": `{name}` must be a string or a number",
                        composed.attribute, composed.template
                    ))
                }
                None => {
                    return Err(format!(
                        "`{}` = \"{}\": `{name}` is missing",
                        composed.attribute, composed.template
                    ))
                }
            },
        }
    }
    Ok(out)
}

/// The text of `composed` from `values`, the values of its slots in order (attribute
/// values, strings or numbers). With every slot given, the whole value; with fewer (and
/// `whole` false), the text up to the first slot not given, a prefix every value with those
/// leading slots starts with.
pub(crate) fn render_slots(
    composed: &ComposedKey,
    values: &[Value],
    whole: bool,
) -> Result<String, String> {
    let slots: Vec<&str> = pieces(composed.template)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Slot(name) => Some(name),
            Piece::Text(_) => None,
        })
        .collect();
    let named = || {
        format!(
            "`{}` = \"{}\" has {} slot(s) ({})",
            composed.attribute,
            composed.template,
            slots.len(),
            slots.join(", ")
        )
    };
    if values.len() > slots.len() || (whole && values.len() < slots.len()) {
        return Err(format!("{}; {} value(s) given", named(), values.len()));
    }
    let mut out = String::new();
    let mut given = values.iter();
    for piece in pieces(composed.template) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Slot(name) => match given.next() {
                Some(value) => match scalar_text(value) {
                    Some(text) => out.push_str(text),
                    None => {
                        return Err(format!(
                            "{}: the value for `{name}` must be a string or a number, got {value}",
                            named()
                        ))
                    }
                },
                None => break,
            },
        }
    }
    Ok(out)
}

/// Writes every composed attribute of `schema` into `item` from its own attributes.
pub(crate) fn compose_item(schema: &KeySchema, item: &mut AttributeMap) -> Result<(), Error> {
    let Some(description) = schema.description() else {
        return Ok(());
    };
    let mut problems = Vec::new();
    for composed in description.composed() {
        match render(composed, item) {
            Ok(text) => {
                item.insert(
                    composed.attribute.to_owned(),
                    serde_json::json!({"S": text}),
                );
            }
            Err(problem) => problems.push(format!("item: {problem}")),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::validation(problems))
    }
}

/// The key attributes of a typed key whose table key is composed: `key` is the source
/// attributes' values (a list for several, the value itself for one), in `key_sources`
/// order.
pub(crate) fn key_from_sources(
    schema: &KeySchema,
    description: &ItemDescription,
    key: Value,
) -> Result<AttributeMap, Error> {
    let sources = description.key_sources();
    let values: Vec<Value> = match (sources.len(), key) {
        (1, value) => vec![value],
        (n, Value::Object(mut av)) if av.contains_key("L") => match av.remove("L") {
            Some(Value::Array(items)) if items.len() == n => items,
            _ => {
                return Err(Error::validation(vec![format!(
                    "key: expected the values of ({}), {n} of them",
                    sources.join(", ")
                )]))
            }
        },
        (_, other) => {
            return Err(Error::validation(vec![format!(
                "key: expected the values of ({}), got {other}",
                sources.join(", ")
            )]))
        }
    };
    let given: AttributeMap = sources
        .iter()
        .map(|name| (*name).to_owned())
        .zip(values)
        .collect();
    let mut key = Map::new();
    let mut problems = Vec::new();
    for name in std::iter::once(schema.hash_key()).chain(schema.range_key()) {
        let value = match description.composed().iter().find(|c| c.attribute == name) {
            Some(composed) => match render(composed, &given) {
                Ok(text) => serde_json::json!({"S": text}),
                Err(problem) => {
                    problems.push(format!("key: {problem}"));
                    continue;
                }
            },
            None => match given.get(name) {
                Some(value) => value.clone(),
                None => {
                    problems.push(format!("key: attribute `{name}` is missing"));
                    continue;
                }
            },
        };
        key.insert(name.to_owned(), value);
    }
    if problems.is_empty() {
        Ok(key)
    } else {
        Err(Error::validation(problems))
    }
}

impl ItemDescription {
    /// The source attributes of composed attribute `attribute` parsed out of its stored
    /// `value` (`USER#ada` under `USER#{customer}` gives `customer = "ada"`), typed as the
    /// description types them (`N` for number keys, `S` otherwise); `None` when the value
    /// does not have the template's shape.
    pub fn parse_composed(&self, attribute: &str, value: &str) -> Option<AttributeMap> {
        let composed = self.composed().iter().find(|c| c.attribute == attribute)?;
        let pieces = pieces(composed.template);
        let mut rest = value;
        let mut out = Map::new();
        for (i, piece) in pieces.iter().enumerate() {
            match piece {
                Piece::Text(text) => rest = rest.strip_prefix(text)?,
                Piece::Slot(name) => {
                    let end = match pieces.get(i + 1) {
                        Some(Piece::Text(next)) => rest.find(next)?,
                        Some(Piece::Slot(_)) => return None,
                        None => rest.len(),
                    };
                    let text = &rest[..end];
                    let tag = match self.attribute_type(name) {
                        Some(ScalarType::Number) => "N",
                        _ => "S",
                    };
                    if tag == "N" && text.parse::<super::Number>().is_err() {
                        return None;
                    }
                    out.insert((*name).to_owned(), serde_json::json!({ tag: text }));
                    rest = &rest[end..];
                }
            }
        }
        rest.is_empty().then_some(out)
    }
}

/// Whether `schema` declares composed keys (whose sources a read may parse back).
pub(crate) fn has_composed(schema: &KeySchema) -> bool {
    schema
        .description()
        .is_some_and(|d| !d.composed().is_empty())
}

/// Fills in the source attributes a read item lacks from its composed attributes.
pub(crate) fn fill_sources(schema: &KeySchema, item: &mut AttributeMap) {
    let Some(description) = schema.description() else {
        return;
    };
    for composed in description.composed() {
        let Some(text) = item
            .get(composed.attribute)
            .and_then(|v| v.get("S"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        if let Some(parsed) = description.parse_composed(composed.attribute, text) {
            for (name, value) in parsed {
                item.entry(name).or_insert(value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ORDERS: KeySchema = KeySchema::new("pk").with_range_key("sk").with_description(
        &ItemDescription::new(&[
            ("pk", ScalarType::String),
            ("sk", ScalarType::String),
            ("customer", ScalarType::String),
            ("order_id", ScalarType::Number),
        ])
        .with_composed(
            &[
                ComposedKey {
                    attribute: "pk",
                    template: "USER#{customer}",
                },
                ComposedKey {
                    attribute: "sk",
                    template: "ORDER#{order_id}#{status}",
                },
            ],
            &["customer", "order_id", "status"],
        ),
    );

    fn map(v: Value) -> AttributeMap {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn a_put_writes_the_composed_keys_from_the_item() {
        let mut item =
            map(json!({"customer": {"S": "ada"}, "order_id": {"N": "7"}, "status": {"S": "open"}}));
        compose_item(&ORDERS, &mut item).unwrap();
        assert_eq!(item["pk"], json!({"S": "USER#ada"}));
        assert_eq!(item["sk"], json!({"S": "ORDER#7#open"}));
        let mut missing = map(json!({"customer": {"S": "ada"}}));
        let err = compose_item(&ORDERS, &mut missing).unwrap_err();
        assert!(err.to_string().contains("`order_id` is missing"), "{err}");
    }

    #[test]
    fn a_typed_key_becomes_the_composed_key() {
        let key = key_from_sources(
            &ORDERS,
            ORDERS.description().unwrap(),
            json!({"L": [{"S": "ada"}, {"N": "7"}, {"S": "open"}]}),
        )
        .unwrap();
        assert_eq!(
            Value::Object(key),
            json!({"pk": {"S": "USER#ada"}, "sk": {"S": "ORDER#7#open"}})
        );
    }

    #[test]
    fn composed_values_parse_back_into_typed_sources() {
        let d = ORDERS.description().unwrap();
        assert_eq!(
            d.parse_composed("sk", "ORDER#7#open").map(Value::Object),
            Some(json!({"order_id": {"N": "7"}, "status": {"S": "open"}}))
        );
        assert_eq!(d.parse_composed("sk", "ORDER#x#open"), None, "not a number");
        assert_eq!(d.parse_composed("pk", "ORG#ada"), None, "another entity");
        let mut item = map(json!({"pk": {"S": "USER#ada"}, "sk": {"S": "ORDER#7#open"}}));
        fill_sources(&ORDERS, &mut item);
        assert_eq!(item["customer"], json!({"S": "ada"}));
        assert_eq!(item["order_id"], json!({"N": "7"}));
    }
}
