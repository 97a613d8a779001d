//! S3's `GetBucketLocation` answers with a bare `<LocationConstraint>` root element, which no
//! output shape can describe; as botocore does, its text becomes the output's
//! `LocationConstraint` (empty for `us-east-1`, as S3 sends it).

use serde_json::Value;

use crate::protocol::xml;

/// Sets `LocationConstraint` from the document's root element.
pub(super) fn read_location(body: &[u8], output: &mut Value) {
    let Ok(Some(root)) = xml::parse(body) else {
        return;
    };
    if let Value::Object(map) = output {
        map.insert(
            "LocationConstraint".into(),
            Value::String(root.text.trim().to_string()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_root_text_is_the_location() {
        let mut output = json!({});
        read_location(
            br#"<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>"#,
            &mut output,
        );
        assert_eq!(output["LocationConstraint"], "eu-west-1");
        let mut empty = json!({});
        read_location(br#"<LocationConstraint/>"#, &mut empty);
        assert_eq!(empty["LocationConstraint"], "");
    }
}
