//! Comparisons as botocore's runner makes them: JSON values with Python's number equality,
//! XML documents as canonical trees, and readable differences for failure messages.

use serde_json::{json, Value};

/// Equality of JSON values where `1` equals `1.0`, as Python's `==` has it.
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// Where two JSON values differ, one line per difference (at most `limit`).
pub fn json_diff(actual: &Value, expected: &Value) -> String {
    let mut lines = Vec::new();
    diff_at("$", actual, expected, &mut lines);
    const LIMIT: usize = 12;
    let extra = lines.len().saturating_sub(LIMIT);
    lines.truncate(LIMIT);
    if extra > 0 {
        lines.push(format!("... and {extra} more difference(s)"));
    }
    lines.join("\n")
}

fn diff_at(path: &str, actual: &Value, expected: &Value, out: &mut Vec<String>) {
    if json_eq(actual, expected) {
        return;
    }
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            for (k, ev) in e {
                let p = format!("{path}.{k}");
                match a.get(k) {
                    Some(av) => diff_at(&p, av, ev, out),
                    None => out.push(format!("{p}: missing, expected {}", short(ev))),
                }
            }
            for (k, av) in a {
                if !e.contains_key(k) {
                    out.push(format!("{path}.{k}: unexpected {}", short(av)));
                }
            }
        }
        (Value::Array(a), Value::Array(e)) if a.len() == e.len() => {
            for (i, (av, ev)) in a.iter().zip(e).enumerate() {
                diff_at(&format!("{path}[{i}]"), av, ev, out);
            }
        }
        _ => out.push(format!(
            "{path}: expected {}, got {}",
            short(expected),
            short(actual)
        )),
    }
}

/// A value shortened for a message.
pub fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 300 {
        format!("{}…", text.chars().take(300).collect::<String>())
    } else {
        text
    }
}

/// A CBOR item as a JSON value that keeps what CBOR distinguishes and forgets only what its
/// encodings may vary in (definite or indefinite lengths, integer and float widths, map
/// order): byte strings become `{"$bytes": hex}`, tags `{"$tag": n, "$value": item}`, special
/// floats and `undefined` the strings `"$NaN"`, `"$Infinity"`, `"$-Infinity"`, `"$undefined"`.
/// Compared with [`json_eq`], an integer equals the float of the same value, as it does in
/// botocore's runner, which decodes both bodies to Python values.
pub fn cbor_tree(bytes: &[u8]) -> Result<Value, String> {
    let mut decoder = minicbor::Decoder::new(bytes);
    let tree = cbor_item(&mut decoder)?;
    if decoder.position() != bytes.len() {
        return Err(format!(
            "{} byte(s) after the CBOR item",
            bytes.len() - decoder.position()
        ));
    }
    Ok(tree)
}

fn cbor_item(d: &mut minicbor::Decoder<'_>) -> Result<Value, String> {
    use minicbor::data::Type;
    let e = |e: minicbor::decode::Error| e.to_string();
    let float = |x: f64| {
        if x.is_nan() {
            Value::from("$NaN")
        } else if x.is_infinite() {
            Value::from(if x > 0.0 { "$Infinity" } else { "$-Infinity" })
        } else {
            serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
        }
    };
    let more = |d: &mut minicbor::Decoder<'_>, len: Option<u64>, i: u64| match len {
        Some(n) => Ok(i < n),
        None if d.datatype().map_err(e)? == Type::Break => {
            d.set_position(d.position() + 1);
            Ok(false)
        }
        None => Ok::<bool, String>(true),
    };
    Ok(match d.datatype().map_err(e)? {
        Type::Bool => Value::Bool(d.bool().map_err(e)?),
        Type::Null => {
            d.null().map_err(e)?;
            Value::Null
        }
        Type::Undefined => {
            d.undefined().map_err(e)?;
            Value::from("$undefined")
        }
        Type::U8 | Type::U16 | Type::U32 | Type::U64 => Value::from(d.u64().map_err(e)?),
        Type::I8 | Type::I16 | Type::I32 | Type::I64 | Type::Int => {
            let n = i128::from(d.int().map_err(e)?);
            i64::try_from(n).map_or_else(|_| float(n as f64), Value::from)
        }
        Type::F16 => {
            // The vectors' requests never hold half floats; a body that does is shown raw.
            let at = d.position();
            let raw = d.input().get(at..at + 3).ok_or("truncated half float")?;
            let shown = Value::from(format!("$f16:{raw:02x?}"));
            d.set_position(at + 3);
            shown
        }
        Type::F32 => float(f64::from(d.f32().map_err(e)?)),
        Type::F64 => float(d.f64().map_err(e)?),
        Type::Bytes | Type::BytesIndef => {
            let mut hex = String::new();
            for chunk in d.bytes_iter().map_err(e)? {
                for b in chunk.map_err(e)? {
                    hex.push_str(&format!("{b:02x}"));
                }
            }
            json!({ "$bytes": hex })
        }
        Type::String | Type::StringIndef => {
            let mut text = String::new();
            for chunk in d.str_iter().map_err(e)? {
                text.push_str(chunk.map_err(e)?);
            }
            Value::String(text)
        }
        Type::Array | Type::ArrayIndef => {
            let len = d.array().map_err(e)?;
            let mut items = Vec::new();
            let mut i = 0;
            while more(d, len, i)? {
                items.push(cbor_item(d)?);
                i += 1;
            }
            Value::Array(items)
        }
        Type::Map | Type::MapIndef => {
            let len = d.map().map_err(e)?;
            let mut map = serde_json::Map::new();
            let mut i = 0;
            while more(d, len, i)? {
                let key = match cbor_item(d)? {
                    Value::String(text) => text,
                    other => format!("$key:{other}"),
                };
                let value = cbor_item(d)?;
                if map.insert(key.clone(), value).is_some() {
                    return Err(format!("map key {key:?} appears twice"));
                }
                i += 1;
            }
            Value::Object(map)
        }
        Type::Tag => {
            let tag = d.tag().map_err(e)?.as_u64();
            json!({ "$tag": tag, "$value": cbor_item(d)? })
        }
        other => return Err(format!("unexpected CBOR item {other}")),
    })
}

/// Bytes shown as text for a message.
pub fn show_bytes(b: &[u8]) -> String {
    let text = String::from_utf8_lossy(b);
    if text.chars().count() > 600 {
        format!("{:?}…", text.chars().take(600).collect::<String>())
    } else {
        format!("{text:?}")
    }
}

/// An XML element reduced to what canonical XML (with stripped text) keeps: qualified
/// names with their namespace URIs, attributes in sorted order, trimmed text, children.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CanonicalElement {
    name: (String, String),
    attributes: Vec<((String, String), String)>,
    text: String,
    children: Vec<CanonicalElement>,
}

impl CanonicalElement {
    /// The same tree with every element's children sorted: for comparing documents whose
    /// sibling order carries no meaning (the entries of a map).
    pub fn unordered(mut self) -> Self {
        self.children = self.children.into_iter().map(Self::unordered).collect();
        self.children.sort();
        self
    }
}

/// Parses a document into its canonical form.
pub fn xml_canonical(bytes: &[u8]) -> Result<CanonicalElement, String> {
    use quick_xml::events::Event;
    use quick_xml::Reader;

    let mut reader = Reader::from_reader(bytes);
    let mut stack: Vec<(CanonicalElement, Vec<(String, String)>)> = Vec::new();
    let mut root = None;
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| e.to_string())?;
        match event {
            Event::Start(ref s) | Event::Empty(ref s) => {
                let empty = matches!(event, Event::Empty(_));
                let mut scope: Vec<(String, String)> = Vec::new();
                let mut raw_attrs = Vec::new();
                for attr in s.attributes() {
                    let attr = attr.map_err(|e| e.to_string())?;
                    let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| e.to_string())?
                        .into_owned();
                    if key == "xmlns" {
                        scope.push((String::new(), value));
                    } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                        scope.push((prefix.to_string(), value));
                    } else {
                        raw_attrs.push((key, value));
                    }
                }
                let lookup = |prefix: &str, for_attr: bool| -> String {
                    if for_attr && prefix.is_empty() {
                        return String::new();
                    }
                    scope
                        .iter()
                        .rev()
                        .chain(stack.iter().rev().flat_map(|(_, s)| s.iter().rev()))
                        .find(|(p, _)| p == prefix)
                        .map(|(_, uri)| uri.clone())
                        .unwrap_or_default()
                };
                let qname = String::from_utf8_lossy(s.name().as_ref()).into_owned();
                let prefix = qname.split_once(':').map(|(p, _)| p).unwrap_or("");
                let name = (qname.clone(), lookup(prefix, false));
                let mut attributes: Vec<_> = raw_attrs
                    .into_iter()
                    .map(|(k, v)| {
                        let prefix = k.split_once(':').map(|(p, _)| p).unwrap_or("");
                        let uri = lookup(prefix, true);
                        ((k, uri), v)
                    })
                    .collect();
                attributes.sort();
                let el = CanonicalElement {
                    name,
                    attributes,
                    text: String::new(),
                    children: Vec::new(),
                };
                if empty {
                    attach(el, &mut stack, &mut root);
                } else {
                    stack.push((el, scope));
                }
            }
            Event::End(_) => {
                let (el, _) = stack.pop().ok_or("unbalanced end tag")?;
                attach(el, &mut stack, &mut root);
            }
            Event::Text(t) => {
                if let Some((top, _)) = stack.last_mut() {
                    let decoded = t.decode().map_err(|e| e.to_string())?;
                    let text = quick_xml::escape::unescape(&decoded).map_err(|e| e.to_string())?;
                    top.text.push_str(&text);
                }
            }
            Event::GeneralRef(r) => {
                if let Some((top, _)) = stack.last_mut() {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    let text = quick_xml::escape::unescape(&format!("&{name};"))
                        .map_err(|e| e.to_string())?
                        .into_owned();
                    top.text.push_str(&text);
                }
            }
            Event::CData(d) => {
                if let Some((top, _)) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&d.into_inner()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !stack.is_empty() {
        return Err("document ended inside an element".into());
    }
    root.ok_or_else(|| "no root element".to_string())
}

fn attach(
    mut el: CanonicalElement,
    stack: &mut [(CanonicalElement, Vec<(String, String)>)],
    root: &mut Option<CanonicalElement>,
) {
    el.text = el.text.trim().to_string();
    match stack.last_mut() {
        Some((parent, _)) => parent.children.push(el),
        None => {
            if root.is_none() {
                *root = Some(el);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_compare_like_python() {
        assert!(json_eq(&json!({"a": [1, 2.0]}), &json!({"a": [1.0, 2]})));
        assert!(!json_eq(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
        assert!(!json_eq(&json!("1"), &json!(1)));
    }

    #[test]
    fn cbor_trees_ignore_lengths_widths_and_order_but_not_types() {
        let indefinite =
            cbor_tree(&[0xbf, 0x61, 0x61, 0x18, 0x2a, 0x61, 0x62, 0xf5, 0xff]).unwrap();
        let definite = cbor_tree(&[
            0xa2, 0x61, 0x62, 0xf5, 0x61, 0x61, 0xfb, 0x40, 0x45, 0, 0, 0, 0, 0, 0,
        ])
        .unwrap();
        assert!(json_eq(&indefinite, &definite));
        let text = cbor_tree(&[0x61, 0x61]).unwrap();
        let bytes = cbor_tree(&[0x41, 0x61]).unwrap();
        assert!(!json_eq(&text, &bytes));
        let tagged = cbor_tree(&[0xc1, 0x01]).unwrap();
        assert!(!json_eq(&tagged, &cbor_tree(&[0x01]).unwrap()));
    }

    #[test]
    fn xml_trees_ignore_formatting_but_not_content() {
        let a = xml_canonical(b"<a xmlns=\"u\">\n  <b x=\"1\" y=\"2\">t</b>\n</a>").unwrap();
        let b = xml_canonical(b"<a xmlns=\"u\"><b y=\"2\" x=\"1\">t</b></a>").unwrap();
        let c = xml_canonical(b"<a xmlns=\"v\"><b y=\"2\" x=\"1\">t</b></a>").unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
