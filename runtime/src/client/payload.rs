//! Finding an operation's streaming payload member, in its input or its output.

use crate::model::{ServiceDefinition, Shape, ShapeRef, ShapeType};

/// A streaming blob payload: the member's name and its shape.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StreamingPayload<'a> {
    /// Member name (`Body`).
    pub member: &'a str,
    /// The blob shape (which may say `requiresLength`).
    pub shape: &'a Shape,
}

/// The streaming blob payload of a structure, if it has one.
pub(crate) fn streaming_payload<'a>(
    service: &'a ServiceDefinition,
    structure: Option<&'a ShapeRef>,
) -> Option<StreamingPayload<'a>> {
    let structure = service.shape(&structure?.shape)?;
    let member = structure.payload.as_deref()?;
    let member_ref = structure.members.get(member)?;
    let shape = service.shape_of(member_ref)?;
    let streaming = shape.streaming || member_ref.streaming;
    (shape.kind == ShapeType::Blob && streaming).then_some(StreamingPayload { member, shape })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_streaming_blob_payloads_only() {
        let service: ServiceDefinition = serde_json::from_value(json!({
            "metadata": {"protocol": "rest-xml"},
            "shapes": {
                "PutInput": {"type": "structure", "payload": "Body",
                             "members": {"Body": {"shape": "Stream"}, "Key": {"shape": "S"}}},
                "ConfigInput": {"type": "structure", "payload": "Config",
                                "members": {"Config": {"shape": "Cfg"}}},
                "Stream": {"type": "blob", "streaming": true, "requiresLength": true},
                "Cfg": {"type": "structure", "members": {}},
                "S": {"type": "string"}
            }
        }))
        .unwrap();
        let put = ShapeRef {
            shape: "PutInput".into(),
            ..Default::default()
        };
        let found = streaming_payload(&service, Some(&put)).unwrap();
        assert_eq!(found.member, "Body");
        assert!(found.shape.requires_length);
        let config = ShapeRef {
            shape: "ConfigInput".into(),
            ..Default::default()
        };
        assert!(streaming_payload(&service, Some(&config)).is_none());
        assert!(streaming_payload(&service, None).is_none());
    }
}
