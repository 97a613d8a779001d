//! A batch write request as the JSON text it travels as. Typed puts are written straight
//! from serde (no attribute-value tree is built, checked, serialized and dropped for each
//! item); requests given as attribute maps are checked against the model's `WriteRequest`
//! shape, as BatchWriteItem's parameters would be, and written by the model. Text goes back
//! to attribute maps only for the requests handed back to the caller.

use serde::Serialize;
use serde_json::Value;

use super::batch_put_extensions::{self, has_put_extensions};
use super::batch_writer::WriteRequest;
use super::item::KeySchema;
use super::ser_text::write_item;
use super::write_error;
use rboto_runtime::client::Client;
use rboto_runtime::error::Error;
use rboto_runtime::model::ShapeRef;

/// What the text of a put starts with; the item follows, then `}}`.
const PUT_OPEN: &[u8] = b"{\"PutRequest\":{\"Item\":";

/// What the text of a delete starts with; the key follows, then `}}`.
const DELETE_OPEN: &[u8] = b"{\"DeleteRequest\":{\"Key\":";

/// One write request in wire form: `{"PutRequest":{"Item":{...}}}` or
/// `{"DeleteRequest":{"Key":{...}}}`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RequestText(Vec<u8>);

impl RequestText {
    /// A put of `item`, written straight from serde, with the lower bound of the item's
    /// stored size that the batch checks use.
    pub(super) fn put<T: Serialize + ?Sized>(item: &T) -> Result<(RequestText, usize), Error> {
        Self::put_with(item, None)
    }

    /// [`put`](Self::put), with the put extensions of `schema` applied (composed keys,
    /// counter, timestamps) when it declares any.
    pub(super) fn put_with<T: Serialize + ?Sized>(
        item: &T,
        schema: Option<&KeySchema>,
    ) -> Result<(RequestText, usize), Error> {
        let mut out = Vec::with_capacity(256);
        out.extend_from_slice(PUT_OPEN);
        let written = write_item(item, out).map_err(write_error)?;
        let mut text = written.text;
        let mut size = written.size;
        if let Some(schema) = schema.filter(|s| has_put_extensions(s)) {
            batch_put_extensions::apply(schema, &mut text, PUT_OPEN.len(), &mut size)?;
        }
        text.extend_from_slice(b"}}");
        Ok((RequestText(text), size))
    }

    /// A request in wire form, written by the model. A request the caller built is first
    /// checked against the model's `WriteRequest` shape, as BatchWriteItem's parameters
    /// would be (unless the client's parameter validation is off), its problems named under
    /// `check_as`; one DynamoDB handed back unprocessed (`check_as` `None`) is written as it
    /// came.
    pub(super) fn from_wire(
        client: &Client,
        wire: &Value,
        check_as: Option<&str>,
    ) -> Result<RequestText, Error> {
        let service = client.model().definition();
        let shape = write_request_shape();
        if let Some(name) = check_as.filter(|_| client.config().parameter_validation) {
            rboto_runtime::validate::validate_value(service, &shape, wire, name)?;
        }
        rboto_runtime::protocol::json_text(service, &shape, wire).map(RequestText)
    }

    /// The text, to be placed in a BatchWriteItem body.
    pub(super) fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The item of a put or the key of a delete, as JSON text.
    pub(super) fn attributes(&self) -> &[u8] {
        let open = if self.0.starts_with(PUT_OPEN) {
            PUT_OPEN.len()
        } else if self.0.starts_with(DELETE_OPEN) {
            DELETE_OPEN.len()
        } else {
            return &[];
        };
        self.0
            .get(open..self.0.len().saturating_sub(2))
            .unwrap_or_default()
    }

    /// The request in attribute-map form, for handing it back to the caller.
    pub(super) fn to_request(&self) -> Option<WriteRequest> {
        request_of(&self.0)
    }
}

/// The request whose wire text is `text`.
pub(super) fn request_of(text: &[u8]) -> Option<WriteRequest> {
    serde_json::from_slice::<Value>(text)
        .ok()
        .and_then(WriteRequest::from_wire_owned)
}

/// The model's shape for one write request of a batch.
fn write_request_shape() -> ShapeRef {
    ShapeRef::named("WriteRequest")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        pk: &'static str,
        n: u8,
    }

    #[test]
    fn a_typed_put_is_wire_text_that_reads_back_as_its_request() {
        let (text, size) = RequestText::put(&Row { pk: "a", n: 7 }).unwrap();
        assert_eq!(
            text.as_bytes(),
            br#"{"PutRequest":{"Item":{"pk":{"S":"a"},"n":{"N":"7"}}}}"#
        );
        assert_eq!(text.attributes(), br#"{"pk":{"S":"a"},"n":{"N":"7"}}"#);
        assert_eq!(size, "pk".len() + 1 + "n".len());
        let back = text.to_request().unwrap();
        assert!(back.is_put());
        assert_eq!(back.attributes()["n"], serde_json::json!({"N": "7"}));
    }

    #[test]
    fn a_value_that_is_not_an_item_is_refused() {
        assert!(RequestText::put(&"text").is_err());
        assert_eq!(request_of(b"{\"Other\":{}}"), None);
        assert_eq!(RequestText(b"junk".to_vec()).attributes(), b"");
    }
}
