//! A small XML tree for parsing responses, and an escaping writer for requests.

use quick_xml::events::Event;
use quick_xml::Reader;

/// One element: its local name, attributes, text and children, in document order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Element {
    /// Local name (prefix removed).
    pub name: String,
    /// Attributes as (qualified name, unescaped value).
    pub attributes: Vec<(String, String)>,
    /// Concatenated text and CDATA directly inside this element.
    pub text: String,
    /// Child elements.
    pub children: Vec<Element>,
}

impl Element {
    /// The first child of this local name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child of this local name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// An attribute's value by qualified or local name.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name || local(k) == name)
            .map(|(_, v)| v.as_str())
    }

    /// Finds a descendant by a path of local names (`["Error", "Code"]`).
    pub fn find(&self, path: &[&str]) -> Option<&Element> {
        path.iter().try_fold(self, |el, name| el.child(name))
    }
}

fn local(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

/// Parses a document into its root element. An empty document is `Ok(None)`.
pub fn parse(bytes: &[u8]) -> Result<Option<Element>, String> {
    let mut reader = Reader::from_reader(bytes);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("malformed XML at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(start) => stack.push(open(&start)?),
            Event::Empty(start) => {
                let el = open(&start)?;
                close(el, &mut stack, &mut root);
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced XML end tag")?;
                close(el, &mut stack, &mut root);
            }
            Event::Text(text) => {
                if let Some(top) = stack.last_mut() {
                    let decoded = text.decode().map_err(|e| e.to_string())?;
                    let unescaped = quick_xml::escape::unescape(&decoded)
                        .map_err(|e| format!("bad XML escape: {e}"))?;
                    top.text.push_str(&unescaped);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    let entity = format!("&{name};");
                    let unescaped = quick_xml::escape::unescape(&entity)
                        .map_err(|e| format!("bad XML escape: {e}"))?;
                    top.text.push_str(&unescaped);
                }
            }
            Event::CData(data) => {
                if let Some(top) = stack.last_mut() {
                    top.text
                        .push_str(&String::from_utf8_lossy(&data.into_inner()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !stack.is_empty() {
        return Err("XML document ended inside an element".into());
    }
    Ok(root)
}

fn open(start: &quick_xml::events::BytesStart<'_>) -> Result<Element, String> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| format!("bad XML attribute: {e}"))?;
        let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| format!("bad XML attribute value: {e}"))?
            .into_owned();
        attributes.push((key, value));
    }
    Ok(Element {
        name,
        attributes,
        ..Element::default()
    })
}

fn close(el: Element, stack: &mut [Element], root: &mut Option<Element>) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None => {
            if root.is_none() {
                *root = Some(el);
            }
        }
    }
}

/// Escapes text for an XML element body or attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#xD;"),
            '\n' => out.push_str("&#xA;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_elements_text_and_attributes() {
        let doc = br#"<?xml version="1.0"?><R xmlns="urn:x"><A a="1">x &amp; y</A><B/><C><![CDATA[<z>]]></C></R>"#;
        let root = parse(doc).unwrap().unwrap();
        assert_eq!(root.name, "R");
        assert_eq!(root.child("A").unwrap().text, "x & y");
        assert_eq!(root.child("A").unwrap().attribute("a"), Some("1"));
        assert!(root.child("B").unwrap().children.is_empty());
        assert_eq!(root.child("C").unwrap().text, "<z>");
        assert_eq!(parse(b"").unwrap(), None);
        assert!(parse(b"<a><b></a>").is_err());
    }
}
