//! A small XML tree for parsing responses, and an escaping writer for requests.
//!
//! The tree borrows element names and text from the document wherever it can (UTF-8 text with
//! no entity references, as responses nearly always are), so reading a listing of a thousand
//! objects does not allocate a string per element.

use std::borrow::Cow;

use quick_xml::events::Event;
use quick_xml::Reader;

/// One element: its local name, attributes, text and children, in document order; borrowed
/// from the document it was parsed from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Element<'a> {
    /// Local name (prefix removed).
    pub name: Cow<'a, str>,
    /// Attributes as (qualified name, unescaped value).
    pub attributes: Vec<(String, String)>,
    /// Concatenated text and CDATA directly inside this element.
    pub text: Cow<'a, str>,
    /// Child elements.
    pub children: Vec<Element<'a>>,
}

impl<'a> Element<'a> {
    /// The first child of this local name.
    pub fn child(&self, name: &str) -> Option<&Element<'a>> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child of this local name.
    pub fn children_named<'s>(
        &'s self,
        name: &'s str,
    ) -> impl Iterator<Item = &'s Element<'a>> + 's {
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
    pub fn find(&self, path: &[&str]) -> Option<&Element<'a>> {
        path.iter().try_fold(self, |el, name| el.child(name))
    }
}

fn local(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

/// How deeply elements may nest in a response. AWS's deepest responses nest a few dozen
/// levels; the limit keeps a peer from driving the walks over the tree (reading it by shape,
/// comparing, dropping it) arbitrarily deep into the stack. serde_json refuses JSON nested
/// deeper than the same 128.
pub const MAX_DEPTH: usize = 128;

/// Parses a document into its root element. A document of nothing but whitespace (or an
/// XML declaration and comments) is `Ok(None)`; one with text outside its root element (a
/// body that is not XML at all), a second root, or elements nested deeper than
/// [`MAX_DEPTH`] is an error.
pub fn parse(bytes: &[u8]) -> Result<Option<Element<'_>>, String> {
    let mut reader = Reader::from_reader(bytes);
    let mut stack: Vec<Element<'_>> = Vec::new();
    let mut root = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("malformed XML at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(start) => {
                let el = open(bytes, &start)?;
                before_element(&el, &stack, &root)?;
                if stack.len() >= MAX_DEPTH {
                    return Err(format!(
                        "XML nested deeper than {MAX_DEPTH} elements (at byte {})",
                        reader.buffer_position()
                    ));
                }
                stack.push(el);
            }
            Event::Empty(start) => {
                let el = open(bytes, &start)?;
                before_element(&el, &stack, &root)?;
                close(el, &mut stack, &mut root);
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced XML end tag")?;
                close(el, &mut stack, &mut root);
            }
            Event::Text(text) => match stack.last_mut() {
                Some(top) => {
                    let unescaped = match text.decode().map_err(|e| e.to_string())? {
                        Cow::Borrowed(raw) => unescape(raw)?,
                        Cow::Owned(raw) => Cow::Owned(unescape(&raw)?.into_owned()),
                    };
                    append(&mut top.text, unescaped);
                }
                None => outside_root(&text, reader.buffer_position())?,
            },
            Event::GeneralRef(r) => match stack.last_mut() {
                Some(top) => {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    let entity = format!("&{name};");
                    append(&mut top.text, Cow::Owned(unescape(&entity)?.into_owned()));
                }
                None => outside_root(&r, reader.buffer_position())?,
            },
            Event::CData(data) => match stack.last_mut() {
                Some(top) => {
                    let text = match data.into_inner() {
                        Cow::Borrowed(raw) => String::from_utf8_lossy(raw),
                        Cow::Owned(raw) => Cow::Owned(String::from_utf8_lossy(&raw).into_owned()),
                    };
                    append(&mut top.text, text);
                }
                None => outside_root(&data, reader.buffer_position())?,
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err("XML document ended inside an element".into());
    }
    Ok(root)
}

/// Refuses an element that would be a second root, after the first has closed.
fn before_element(
    el: &Element<'_>,
    stack: &[Element<'_>],
    root: &Option<Element<'_>>,
) -> Result<(), String> {
    match (stack.is_empty(), root) {
        (true, Some(first)) => Err(format!(
            "XML has a second root element <{}> after <{}>",
            el.name, first.name
        )),
        _ => Ok(()),
    }
}

/// Refuses anything but whitespace outside the root element: such a body is not XML.
fn outside_root(raw: &[u8], position: u64) -> Result<(), String> {
    let content = raw
        .strip_prefix("\u{feff}".as_bytes())
        .unwrap_or(raw)
        .iter()
        .any(|b| !b.is_ascii_whitespace());
    if !content {
        return Ok(());
    }
    let start = &raw[..raw.len().min(40)];
    Err(format!(
        "not XML: text outside any element before byte {position}: {:?}",
        String::from_utf8_lossy(start)
    ))
}

fn unescape(text: &str) -> Result<Cow<'_, str>, String> {
    quick_xml::escape::unescape(text).map_err(|e| format!("bad XML escape: {e}"))
}

/// Adds a piece of an element's text: the piece itself when it is the first.
fn append<'a>(text: &mut Cow<'a, str>, piece: Cow<'a, str>) {
    if text.is_empty() {
        *text = piece;
    } else {
        text.to_mut().push_str(&piece);
    }
}

fn open<'a>(
    document: &'a [u8],
    start: &quick_xml::events::BytesStart<'_>,
) -> Result<Element<'a>, String> {
    let local_name = start.local_name();
    let name = match within(document, local_name.as_ref()) {
        Some(borrowed) => match std::str::from_utf8(borrowed) {
            Ok(name) => Cow::Borrowed(name),
            Err(_) => String::from_utf8_lossy(borrowed),
        },
        None => Cow::Owned(String::from_utf8_lossy(local_name.as_ref()).into_owned()),
    };
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

/// `part` as a slice of `document` with the document's lifetime, when it lies inside it (as
/// every name the slice reader hands out does).
fn within<'a>(document: &'a [u8], part: &[u8]) -> Option<&'a [u8]> {
    let offset = (part.as_ptr() as usize).checked_sub(document.as_ptr() as usize)?;
    document.get(offset..offset.checked_add(part.len())?)
}

fn close<'a>(el: Element<'a>, stack: &mut [Element<'a>], root: &mut Option<Element<'a>>) {
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

    #[test]
    fn a_body_that_is_not_xml_is_refused() {
        for body in [
            &b"hello, this is not xml at all"[..],
            b"xxxxxxxxxxxxxxxx",
            b"<a/>trailing",
            b"<a/><b/>",
            b"&amp;",
            b"<![CDATA[x]]>",
        ] {
            let err = parse(body).unwrap_err();
            assert!(
                err.contains("not XML") || err.contains("second root"),
                "{err}"
            );
        }
        assert_eq!(parse(b" \r\n\t").unwrap(), None);
        assert_eq!(parse(b"<?xml version=\"1.0\"?>\n<!-- c -->").unwrap(), None);
        assert_eq!(
            parse("\u{feff}<a/>\n".as_bytes()).unwrap().unwrap().name,
            "a"
        );
    }

    #[test]
    fn nesting_is_limited_so_no_walk_over_the_tree_can_exhaust_the_stack() {
        let nested = |depth: usize| {
            let mut doc = "<a>".repeat(depth);
            doc.push_str(&"</a>".repeat(depth));
            doc
        };
        let deepest = nested(MAX_DEPTH);
        let deepest = parse(deepest.as_bytes()).unwrap().unwrap();
        assert_eq!(deepest.clone(), deepest);
        let err = parse(nested(MAX_DEPTH + 1).as_bytes()).unwrap_err();
        assert!(err.contains("nested deeper than 128"), "{err}");
        let err = parse(nested(200_000).as_bytes()).unwrap_err();
        assert!(err.contains("nested deeper"), "{err}");
    }
}
